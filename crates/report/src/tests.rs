//! The report's behaviour on a hand-built board of two teams over three quarters: every
//! expected number below is worked out by hand from the fixture, not read back from the code.

use super::*;
use crate::model::{Block, Report, ReportInput, Status, headline_sentence};
use archboard_types::kpi::{KpiState, Period, PeriodValue};
use archboard_types::maturity::{
    Approval, BenchEvidence, Commitment, DecisionEntry, KpiSnapshot, LateChange, LevelSnapshot, QualityIssue,
    QualityNote, QuarterSnapshot, ReviewEntry, RiskEntry, RiskReason, StateCounts, TeamSnapshot,
};
use archboard_types::report::{ReportFormat, ReportSection};
use archboard_types::review::{DecisionOutcome, ReviewKind, ReviewState};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

const D1: &str = "maturity.deployment-automation";
const D2: &str = "maturity.monitoring";
const D3: &str = "maturity.testing";
const HOSTILE: &str = "<img src=x onerror=alert(1)>";

fn q(quarter: u32) -> Period {
    Period::Quarter { year: 2026, quarter }
}

fn at(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 9, 0, 0).unwrap()
}

fn kpi(key: &str, name: &str, value: Option<f64>, state: KpiState) -> KpiSnapshot {
    KpiSnapshot {
        kpi: key.to_owned(),
        name: name.to_owned(),
        unit_label: "days".to_owned(),
        value,
        value_text: value.map_or("no data".to_owned(), |v| format!("{v} days")),
        target_text: "green ≤ 7, amber ≤ 14".to_owned(),
        state,
        previous: None,
        change: None,
        trend: vec![
            PeriodValue { period: q(1), value: Some(10.0), state: KpiState::Amber },
            PeriodValue { period: q(2), value: Some(9.0), state: KpiState::Amber },
            PeriodValue { period: q(3), value, state },
        ],
        overridden: false,
        override_reason: None,
        sources: vec!["manual".to_owned()],
        latest_at: None,
        definition_version: 1,
    }
}

fn level(dimension: &str, name: &str, level: Option<u8>, target: Option<u8>) -> LevelSnapshot {
    LevelSnapshot {
        dimension: dimension.to_owned(),
        name: name.to_owned(),
        proposed: level.unwrap_or(0),
        level,
        target,
        rationale: String::new(),
        assessor: Some("Grace".to_owned()),
    }
}

fn levels(values: [Option<u8>; 3]) -> Vec<LevelSnapshot> {
    vec![
        level(D1, "Deployment automation", values[0], values[0].map(|l| l + 1)),
        level(D2, "Monitoring", values[1], None),
        level(D3, "Testing", values[2], None),
    ]
}

fn risk(key: &str, review: u32, reason: RiskReason, due: Option<NaiveDate>, age: i64) -> RiskEntry {
    RiskEntry {
        key: key.to_owned(),
        review,
        system: "fraud-scoring".to_owned(),
        title: format!("Risk {key}"),
        reason,
        owner: Some("Ada".to_owned()),
        due,
        age_days: age,
        // Due before the test quarter ended (on 2026-10-01) is overdue, as the engine marks it.
        overdue: due.is_some_and(|d| d < NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()),
    }
}

fn commitment(key: &str, done: bool, overdue: bool) -> Commitment {
    Commitment {
        key: key.to_owned(),
        review: 7,
        system: "fraud-scoring".to_owned(),
        title: format!("Do {key}"),
        owner: Some("Lin".to_owned()),
        due: NaiveDate::from_ymd_opt(2026, 6, 30),
        done,
        overdue,
    }
}

fn team(name: &str) -> TeamSnapshot {
    TeamSnapshot {
        team: name.to_owned(),
        systems: vec!["fraud-scoring".to_owned()],
        kpis: Vec::new(),
        levels: Vec::new(),
        approval: None,
        risks: Vec::new(),
        commitments: Vec::new(),
        reviews: Vec::new(),
        benchmarks: Vec::new(),
        decisions: Vec::new(),
        quality: Vec::new(),
    }
}

fn snapshot(period: Period, teams: Vec<TeamSnapshot>) -> QuarterSnapshot {
    QuarterSnapshot {
        period,
        closed_at: Some(period.end_day().and_hms_opt(8, 0, 0).unwrap().and_utc()),
        closed_by: Some("Owner".to_owned()),
        snapshot_id: Some(i64::from(match period {
            Period::Quarter { quarter, .. } => quarter,
            Period::Month { month, .. } => month,
        })),
        dimensions: vec![
            (D1.to_owned(), "Deployment automation".to_owned()),
            (D2.to_owned(), "Monitoring".to_owned()),
            (D3.to_owned(), "Testing".to_owned()),
        ],
        teams,
        failed_sources: Vec::new(),
    }
}

/// Payments and Search in 2026-Q1 (levels only), 2026-Q2 and 2026-Q3.
fn input() -> ReportInput {
    use KpiState::*;
    // Q1: levels only.
    let mut p1 = team("Payments");
    p1.levels = levels([Some(1), Some(2), Some(2)]);
    let mut s1 = team("Search");
    s1.levels = levels([Some(2), Some(1), None]);

    // Q2.
    let mut p2 = team("Payments");
    p2.kpis = vec![
        kpi("lead-time", "Model lead time", Some(12.0), Amber),
        kpi("availability", "Availability", Some(99.5), Green),
        kpi("drift", "Drift", Some(0.2), Green),
        kpi("coverage", "Coverage", Some(50.0), Red),
        kpi("incidents", "Incidents", Some(5.0), Red),
        kpi("cost", "Cost", Some(100.0), Green),
        kpi("fairness", "Fairness", None, NoData),
        kpi("freshness", "Freshness", Some(1.0), Green),
    ];
    p2.levels = levels([Some(1), Some(3), Some(2)]);
    p2.risks = vec![risk("R7/runbook", 7, RiskReason::OpenHighRisk, None, 30)];
    p2.commitments = vec![
        commitment("R7/backlog-1", false, false),
        commitment("R7/cond-1", false, false),
        commitment("R9/backlog-2", false, false),
    ];
    p2.decisions = vec![DecisionEntry {
        id: 3,
        reference: "payments/ADR-0003".to_owned(),
        title: "Older".to_owned(),
        status: "accepted".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 5, 2),
    }];
    let mut s2 = team("Search");
    s2.kpis = vec![
        kpi("latency", "Latency", Some(250.0), Amber),
        kpi("recall", "Recall", Some(0.9), Green),
        kpi("ctr", "Click-through", Some(3.2), Green),
    ];
    s2.levels = levels([Some(2), Some(2), None]);
    s2.risks = vec![
        risk("R11/pii", 11, RiskReason::OpenHighRisk, None, 10),
        risk("R11/rollback", 11, RiskReason::OpenHighRisk, None, 12),
    ];

    // Q3.
    let mut p3 = team("Payments");
    p3.kpis = vec![
        kpi("lead-time", "Model lead time", Some(6.5), Green),
        kpi("availability", "Availability", Some(99.9), Green),
        kpi("drift", "Drift", Some(0.3), Amber),
        kpi("coverage", "Coverage", Some(70.0), Amber),
        kpi("incidents", "Incidents", Some(2.0), Green),
        kpi("cost", "Cost", Some(100.0), Green),
        kpi("fairness", "Fairness", Some(0.9), Green),
        kpi("freshness", "Freshness", None, NoData),
    ];
    p3.kpis[1].overridden = true;
    p3.kpis[1].override_reason = Some("maintenance window".to_owned());
    p3.kpis[2].definition_version = 2;
    p3.levels = levels([Some(2), Some(3), None]);
    p3.approval = Some(Approval { by: "Grace".to_owned(), at: at(9, 28) });
    p3.risks = vec![
        risk("R9/secrets", 9, RiskReason::ExpiredExemption, NaiveDate::from_ymd_opt(2026, 8, 1), 50),
        risk("R7/runbook", 7, RiskReason::OpenHighRisk, None, 120),
        risk("R7/alerts", 7, RiskReason::OpenHighRisk, NaiveDate::from_ymd_opt(2026, 9, 15), 20),
    ];
    p3.commitments = vec![commitment("R7/backlog-1", true, false), commitment("R7/cond-1", false, true)];
    p3.reviews = vec![ReviewEntry {
        id: 7,
        title: "Fraud scoring launch".to_owned(),
        system: "fraud-scoring".to_owned(),
        kind: ReviewKind::ProductionReadiness,
        state: ReviewState::Decided,
        outcome: Some(DecisionOutcome::ApproveWithConditions),
        open_high_risks: 2,
        ml_test_score: Some(6.5),
    }];
    p3.benchmarks = vec![BenchEvidence {
        run: "run-42".to_owned(),
        system: "fraud-scoring".to_owned(),
        model: "fraud-v3".to_owned(),
        profile: "online-p99".to_owned(),
        verdict: "pass".to_owned(),
        sustained_rps: 1250.0,
        p99_ms: Some(38.5),
        cost_per_1k: Some(0.12),
        run_at: "2026-09-10".to_owned(),
    }];
    p3.decisions = vec![DecisionEntry {
        id: 7,
        reference: "payments/ADR-0007".to_owned(),
        title: "Adopt canary releases".to_owned(),
        status: "accepted".to_owned(),
        date: NaiveDate::from_ymd_opt(2026, 8, 12),
    }];
    p3.quality = vec![
        QualityNote {
            issue: QualityIssue::SourceFailed,
            team: "Payments".to_owned(),
            subject: "prometheus-main".to_owned(),
            detail: "The last sync failed.".to_owned(),
        },
        QualityNote {
            issue: QualityIssue::NoData,
            team: "Payments".to_owned(),
            subject: "freshness".to_owned(),
            detail: "Freshness: nothing measured.".to_owned(),
        },
    ];
    let mut s3 = team("Search");
    s3.kpis = vec![
        kpi("latency", "Latency", Some(300.0), Red),
        kpi("recall", "Recall", Some(0.95), Green),
        kpi("ctr", "Click-through", Some(3.0), Stale),
        kpi("new-kpi", "New KPI", Some(10.0), Green),
    ];
    s3.levels = levels([Some(1), Some(3), Some(4)]);
    s3.risks = vec![
        risk("R11/pii", 11, RiskReason::OpenHighRisk, None, 100),
        risk("R11/rollback", 11, RiskReason::OpenHighRisk, None, 102),
    ];

    let mut current = snapshot(q(3), vec![p3, s3]);
    current.failed_sources = vec![("prometheus-main".to_owned(), "connection refused".to_owned())];
    ReportInput {
        title: "Quarterly maturity report".to_owned(),
        board: "Acme ML board".to_owned(),
        period: q(3),
        sections: ReportSection::ALL.to_vec(),
        commentary: "A good quarter for Payments.\nSearch needs help.\n\nSecond paragraph <b>bold</b>."
            .to_owned(),
        current,
        history: vec![snapshot(q(1), vec![p1, s1]), snapshot(q(2), vec![p2, s2])],
        late_changes: vec![LateChange {
            team: "Search".to_owned(),
            subject: "latency".to_owned(),
            name: "Latency".to_owned(),
            frozen: "300 ms (Red)".to_owned(),
            now: "280 ms (Red)".to_owned(),
        }],
        generated_at: at(10, 2),
        generated_by: "Ada Lovelace".to_owned(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn text_of(files: &ReportFiles, index: usize) -> String {
    files.files[index].content.as_text().expect("UTF-8").to_owned()
}

// ---------------------------------------------------------------------------------------------
// Computations

#[test]
fn headlines_follow_the_state_counts() {
    let report = build(&input());
    let h = &report.summary.headlines;
    assert_eq!(h.len(), 2);
    // Payments: green lead-time, availability, incidents, cost, fairness; amber drift,
    // coverage; freshness without data. 2 amber × 4 = 8 is not more than 8, so amber.
    assert_eq!(h[0].counts, StateCounts { green: 5, amber: 2, red: 0, grey: 1 });
    assert_eq!(h[0].state, KpiState::Amber);
    assert_eq!(h[0].sentence, "Payments is amber: 5 of 8 KPIs green, 2 amber, 1 without data.");
    // Search: recall and new-kpi green, latency red, ctr stale: red because one is red.
    assert_eq!(h[1].counts, StateCounts { green: 2, amber: 0, red: 1, grey: 1 });
    assert_eq!(h[1].state, KpiState::Red);
    assert_eq!(h[1].sentence, "Search is red: 2 of 4 KPIs green, 1 red, 1 without data.");
    assert_eq!(report.teams[0].headline, KpiState::Amber);
    assert_eq!(
        headline_sentence("X", KpiState::NoData, StateCounts::default()),
        "X has no KPIs on its scorecard."
    );
}

#[test]
fn risks_are_counted_against_last_quarter() {
    let report = build(&input());
    let s = &report.summary;
    // Payments 2 open high risks (+1 expired exemption), Search 2; last quarter 1 + 2.
    assert_eq!(s.open_high_risks, 4);
    assert_eq!(s.teams_with_open_high_risks, 2);
    assert_eq!(s.previous_open_high_risks, Some(3));
    assert_eq!(s.expired_exemptions, 1);
    assert_eq!(s.risk_sentence, "Open high risks: 4 across 2 teams (3 last quarter).");
    // The team's list: open high risks first, the earliest due first, then the oldest.
    let table = team_table(&report, 0, "Top risks");
    let keys: Vec<&str> = table.rows.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(keys, ["R7/alerts", "R7/runbook", "R9/secrets"]);
    assert_eq!(table.rows[1][6].text, "120 days");
    assert_eq!(table.rows[0][5].text, "2026-09-15 (overdue)", "due before the quarter ended");
    assert_eq!(table.rows[1][5].text, "–", "no due date, nothing overdue");
}

#[test]
fn kpi_and_level_deltas_compare_with_the_previous_quarter() {
    let report = build(&input());
    let payments = &report.teams[0];
    let lead = &payments.kpi_deltas[0];
    assert_eq!(lead.kpi, "lead-time");
    assert_eq!((lead.from, lead.to), (Some(12.0), Some(6.5)));
    let change = lead.change.expect("a change");
    assert!(close(change.absolute, 6.5 - 12.0));
    assert!(close(change.percent.unwrap(), (6.5 - 12.0) / 12.0 * 100.0));
    assert_eq!(lead.state_movement(), 1);
    // Search's new KPI has no previous state.
    assert_eq!(report.teams[1].kpi_deltas[3].from_state, None);
    let d1 = &payments.level_deltas[0];
    assert_eq!((d1.from, d1.to, d1.steps()), (Some(1), Some(2), Some(1)));
    // Testing: assessed at 2 last quarter, not this one.
    assert_eq!(payments.level_deltas[2].steps(), None);
}

#[test]
fn biggest_movements_rank_state_then_percent() {
    let report = build(&input());
    let moves: Vec<(&str, &str, i32)> =
        report.summary.kpi_movements.iter().map(|m| (m.team.as_str(), m.kpi.as_str(), m.movement)).collect();
    // By hand: |movement| 3 — Search ctr green→stale (−3, |−6.25 %|), Payments fairness no
    // data→green (+3, no percent) and freshness green→no data (−3, no percent), in that order
    // (a percent beats none, ties keep scorecard order); 2 — incidents red→green; then the
    // |1|s by |percent|: drift +50 % beats lead time −45.8 %, coverage +40 %, latency +20 %.
    assert_eq!(
        moves,
        [
            ("Search", "ctr", -3),
            ("Payments", "fairness", 3),
            ("Payments", "freshness", -3),
            ("Payments", "incidents", 2),
            ("Payments", "drift", -1),
        ]
    );
    assert_eq!(report.summary.kpi_movements.len(), model::MOVEMENTS_MAX);
    assert_eq!(
        report.summary.kpi_movements[3].sentence,
        "Incidents at Payments improved from red to green: 5 days → 2 days (-60.0 %)."
    );
    assert_eq!(
        report.summary.kpi_movements[4].sentence,
        "Drift at Payments worsened from green to amber: 0.2 days → 0.3 days (+50.0 %)."
    );
    let levels: Vec<&str> = report.summary.level_movements.iter().map(|m| m.sentence.as_str()).collect();
    assert_eq!(
        levels,
        [
            "Deployment automation rose from level 1 to 2 at Payments.",
            "Deployment automation fell from level 2 to 1 at Search.",
            "Monitoring rose from level 2 to 3 at Search.",
        ]
    );
    // Against Q2: Payments lead time, coverage, incidents, fairness improved; drift,
    // freshness worsened; availability, cost unchanged. Search: latency, ctr worsened, recall
    // unchanged, new-kpi new.
    assert!(report.summary.changes.contains(
        &"KPI states against 2026-Q2: 4 improved, 4 worsened, 3 unchanged, 1 new on a scorecard.".to_owned()
    ));
    // Levels with both quarters: Payments D1 rose, D2 kept; Search D1 fell, D2 rose.
    assert!(report.summary.changes.contains(&"Maturity levels: 2 rose, 1 fell, 1 unchanged.".to_owned()));
}

#[test]
fn organisation_heat_map_distribution_and_attainment() {
    let report = build(&input());
    let o = &report.organisation;
    assert_eq!(o.teams, ["Payments", "Search"]);
    assert_eq!(o.heatmap, vec![vec![Some(2), Some(3), None], vec![Some(1), Some(3), Some(4)]]);
    // Levels 2, 3 (Payments) and 1, 3, 4 (Search): none at 0, one at 1, one at 2, two at 3,
    // one at 4; Payments' testing not assessed.
    assert_eq!(o.distribution, [0, 1, 1, 2, 1]);
    assert_eq!(o.not_assessed, 1);
    assert!(close(o.attainment[0].pct.unwrap(), 5.0 * 100.0 / 8.0));
    assert!(close(o.attainment[1].pct.unwrap(), 2.0 * 100.0 / 4.0));
    assert!(close(o.overall_attainment_pct.unwrap(), 7.0 * 100.0 / 12.0));
}

#[test]
fn trend_radar_targets_and_commitments() {
    let report = build(&input());
    let p = &report.teams[0];
    assert_eq!(p.trend_periods, [q(1), q(2), q(3)]);
    assert_eq!(p.level_trend[0].2, [Some(1), Some(1), Some(2)]);
    assert_eq!(p.level_trend[2].2, [Some(2), Some(2), None]);
    // Last quarter's commitments, their status looked up now: backlog-1 done, cond-1 overdue,
    // backlog-2 gone from this quarter's list and open at Q2's close.
    assert_eq!(p.commitments_from, q(2));
    let statuses: Vec<(&str, Status, bool)> =
        p.commitments.iter().map(|c| (c.commitment.key.as_str(), c.status, c.found_now)).collect();
    assert_eq!(
        statuses,
        [
            ("R7/backlog-1", Status::Done, true),
            ("R7/cond-1", Status::Overdue, true),
            ("R9/backlog-2", Status::Open, false)
        ]
    );
    // Targets: deployment automation aims one above its level (3); the others have none.
    let targets = team_table(&report, 0, "Targets for 2026-Q4");
    assert_eq!(targets.rows.len(), 1);
    assert_eq!(targets.rows[0][2].text, "3");
    assert_eq!(targets.rows[0][3].text, "1 level");
    // The radar shows both quarters, the previous named.
    let radar = team_chart(&report, 0, "radar-");
    assert!(radar.alt.contains("Deployment automation 2 (was 1)"), "{}", radar.alt);
    assert!(radar.svg.contains("2026-Q2"));
}

#[test]
fn data_quality_lists_every_gap_once() {
    let report = build(&input());
    let issues: Vec<(&str, QualityIssue, &str)> =
        report.data_quality.notes.iter().map(|n| (n.team.as_str(), n.issue, n.subject.as_str())).collect();
    assert_eq!(
        issues,
        [
            // The engine's no-data note for freshness stands; none is added beside it.
            ("Payments", QualityIssue::NoData, "freshness"),
            ("Payments", QualityIssue::ThresholdOverridden, "availability"),
            ("Payments", QualityIssue::SourceFailed, "prometheus-main"),
            ("Payments", QualityIssue::DefinitionChanged, "drift"),
            ("Payments", QualityIssue::NotAssessed, D3),
            ("Search", QualityIssue::Stale, "ctr"),
        ]
    );
    assert_eq!(report.data_quality.failed_sources.len(), 1);
    assert_eq!(report.data_quality.late_changes.len(), 1);
    assert!(!report.provisional);
}

#[test]
fn an_open_quarter_is_provisional() {
    let mut input = input();
    input.current.closed_at = None;
    let report = build(&input);
    assert!(report.provisional);
    assert!(report.status_line.contains("provisional"));
    let html = html(&report);
    let quality = &html[html.find("<section id=\"data-quality\">").unwrap()..];
    assert!(quality.contains("The quarter 2026-Q3 is not closed: every figure is provisional"));
}

#[test]
fn no_history_means_nothing_to_compare() {
    let mut input = input();
    input.history.clear();
    let report = build(&input);
    assert_eq!(report.previous_period, None);
    assert!(report.summary.kpi_movements.is_empty());
    assert_eq!(report.summary.previous_open_high_risks, None);
    assert_eq!(
        report.summary.risk_sentence,
        "Open high risks: 4 across 2 teams (no previous quarter to compare)."
    );
    // Commitments fall back to this quarter's own.
    assert_eq!(report.teams[0].commitments_from, q(3));
    assert_eq!(report.teams[0].commitments.len(), 2);
    assert_eq!(report.teams[0].trend_periods, [q(3)]);
    html(&report);
}

fn team_part<'a>(report: &'a Report, team: usize, title: &str) -> &'a [Block] {
    &report.teams[team]
        .parts
        .iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no part {title}"))
        .blocks
}

fn team_table<'a>(report: &'a Report, team: usize, title: &str) -> &'a Table {
    team_part(report, team, title)
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table")
}

fn team_chart<'a>(report: &'a Report, team: usize, prefix: &str) -> &'a Chart {
    report.teams[team]
        .parts
        .iter()
        .flat_map(|p| &p.blocks)
        .find_map(|b| match b {
            Block::Chart(c) if c.name.starts_with(prefix) => Some(c),
            _ => None,
        })
        .expect("a chart")
}

// ---------------------------------------------------------------------------------------------
// Rendering

#[test]
fn html_is_self_contained_accessible_and_escaped() {
    let mut input = input();
    input.current.teams[1].team = HOSTILE.to_owned();
    let report = build(&input);
    let html = html(&report);
    for s in ReportSection::ALL {
        assert!(html.contains(&format!("<h2>{}</h2>", s.label())), "missing {s}");
    }
    for forbidden in ["http://", "https://", "src=\"http", "<script", "@import", "url("] {
        assert!(!html.contains(forbidden), "found {forbidden}");
    }
    assert!(html.contains("<svg"));
    assert!(html.contains("@page"));
    assert!(html.contains("break-before: page"));
    assert!(!html.contains(HOSTILE));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // The commentary is text, its lines kept.
    assert!(html.contains("A good quarter for Payments.<br>\nSearch needs help."));
    assert!(html.contains("Second paragraph &lt;b&gt;bold&lt;/b&gt;."));
    // A state is a word as well as a colour, and tables have headers.
    assert!(html.contains("<td class=\"rag rag-amber\">A Amber</td>"));
    assert!(html.contains("<th scope=\"col\">KPI</th>"));
    // The build time is printed once.
    assert_eq!(html.matches("2026-10-02 09:00").count(), 1);
}

#[test]
fn only_the_sections_asked_for_are_rendered() {
    let mut input = input();
    input.sections = vec![ReportSection::Organisation, ReportSection::Summary];
    let report = build(&input);
    assert_eq!(report.sections, [ReportSection::Organisation, ReportSection::Summary]);
    let html = html(&report);
    assert!(html.contains("<h2>Organisation</h2>") && html.contains("<h2>Executive summary</h2>"));
    assert!(html.find("<h2>Organisation</h2>") < html.find("<h2>Executive summary</h2>"));
    for absent in ["Commentary", "Teams", "Data quality", "Evidence appendix"] {
        assert!(!html.contains(&format!("<h2>{absent}</h2>")), "{absent} is there");
    }
    assert!(!html.contains("KPI scorecard"));
    let files = markdown(&report, "r");
    let md = files[0].content.as_text().unwrap();
    assert!(md.contains("## Organisation") && !md.contains("## Teams") && !md.contains("## Data quality"));
    // Only the organisation's charts are written.
    let charts: Vec<&str> = files[1..].iter().map(|f| f.path.as_str()).collect();
    assert_eq!(charts, ["r-charts/heatmap.svg", "r-charts/distribution.svg", "r-charts/attainment.svg"]);
}

#[test]
fn markdown_links_its_chart_files() {
    let report = build(&input());
    let files = render(&report, ReportFormat::Markdown, "maturity-2026-Q3", false).unwrap();
    assert_eq!(files.format, ReportFormat::Markdown);
    assert_eq!(files.files[0].path, "maturity-2026-Q3.md");
    let md = text_of(&files, 0);
    for s in ReportSection::ALL {
        assert!(md.contains(&format!("## {}", s.label())), "missing {s}");
    }
    assert!(files.files.len() > 4);
    for f in &files.files[1..] {
        assert!(f.path.starts_with("maturity-2026-Q3-charts/") && f.path.ends_with(".svg"), "{}", f.path);
        assert!(f.content.as_text().unwrap().contains("<svg"));
        let link = format!("]({})", f.path);
        assert!(md.contains(&link), "no link to {}", f.path);
    }
    assert!(files.files.iter().any(|f| f.path == "maturity-2026-Q3-charts/radar-payments.svg"));
    // Images have alt text; tables have header rows.
    assert!(
        md.contains("![Maturity radar of Payments, 2026-Q3 against 2026-Q2: Deployment automation 2 (was 1)")
    );
    assert!(md.contains("| KPI | Value | Target | State | Change | Trend |"));
    // A stem with a folder links relative to the Markdown file.
    let nested = markdown(&report, "out/report");
    assert!(nested[1].path.starts_with("out/report-charts/"));
    assert!(nested[0].content.as_text().unwrap().contains("](report-charts/"));
}

#[test]
fn markdown_escapes_names() {
    let mut input = input();
    input.current.teams[1].team = HOSTILE.to_owned();
    let md = markdown(&build(&input), "r")[0].content.as_text().unwrap().to_owned();
    // Every `<` of the name is escaped, so no HTML tag reaches a Markdown renderer.
    assert!(md.match_indices("<img").all(|(i, _)| md[..i].ends_with('\\')));
    assert!(md.contains("\\<img src=x onerror=alert(1)\\>"));
}

#[test]
fn the_model_round_trips_through_json() {
    let report = build(&input());
    let json = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    // The renderers print the model's words, not its floats (which JSON may round in the last
    // digit), so a stored report renders the same.
    assert_eq!(back.summary, report.summary);
    assert_eq!(html(&back), html(&report));
    assert_eq!(markdown(&back, "m"), markdown(&report, "m"));
}

#[test]
fn builds_are_byte_for_byte_the_same() {
    let a = build(&input());
    let b = build(&input());
    assert_eq!(a, b);
    for format in [ReportFormat::Html, ReportFormat::Markdown, ReportFormat::Pdf] {
        let x = render(&a, format, "m", false).unwrap();
        let y = render(&b, format, "m", false).unwrap();
        assert_eq!(x, y, "{format} differs");
    }
    // A build at another time differs only in the one line that says when.
    let mut later = input();
    later.generated_at = at(11, 5);
    let c = build(&later);
    let (ha, hc) = (html(&a), html(&c));
    let differing: Vec<(&str, &str)> = ha.lines().zip(hc.lines()).filter(|(x, y)| x != y).collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].0.contains("Generated on 2026-10-02 09:00 UTC by Ada Lovelace."));
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let which = std::process::Command::new("which").arg("pdftotext").output().ok()?;
    if !which.status.success() {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("archboard-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{}.pdf", bytes.len()));
    std::fs::write(&path, bytes).ok()?;
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().ok()?;
    let _ = std::fs::remove_file(&path);
    // Lines wrap where the page does: compare words, not layout.
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    out.status.success().then_some(text)
}

#[test]
fn pdf_is_typeset_without_a_browser() {
    let report = build(&input());
    let started = std::time::Instant::now();
    let (bytes, pages) = pdf::pdf_with_pages(&report).unwrap();
    eprintln!("PDF: {} bytes, {pages} pages, typeset in {:.1?}", bytes.len(), started.elapsed());
    assert!(bytes.starts_with(b"%PDF"));
    // The title page with the summary and commentary, one page per team, the organisation,
    // data quality, the appendix: at least six.
    assert!(pages >= 6, "{pages} pages");
    if let Some(text) = pdftotext(&bytes) {
        for s in ReportSection::ALL {
            assert!(text.contains(s.label()), "no {s} in the PDF text");
        }
        assert!(text.contains("Payments") && text.contains("Search"));
        assert!(text.contains("Payments is amber: 5 of 8 KPIs green, 2 amber, 1 without data."));
        // Text inside the SVG charts is typeset too (with the embedded fonts): the radar's
        // title is nowhere else.
        assert!(text.contains("Payments: maturity 2026-Q3"), "{text}");
        assert_eq!(text.matches("2026-10-02 09:00").count(), 1);
    }
}

#[test]
fn pdf_text_cannot_become_markup() {
    let mut input = input();
    let nasty = "Team \"#set page(width: 2cm)\" \\ ]*_ $x$ @ref <lbl> `raw` // no comment";
    input.current.teams[1].team = nasty.to_owned();
    input.title = format!("{HOSTILE} #pagebreak() [x]");
    input.commentary = "#panic(\"boom\")\n\n= Not a heading".to_owned();
    input.sections = vec![ReportSection::Summary, ReportSection::Commentary];
    let bytes = pdf(&build(&input)).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if let Some(text) = pdftotext(&bytes) {
        assert!(text.contains("#panic(\"boom\")") || text.contains("#panic(“boom”)"), "{text}");
        assert!(text.contains("= Not a heading"));
        assert!(text.contains("#set page(width: 2cm)"));
    }
}

#[test]
fn markdown_bundled_is_one_zip_of_the_same_files_and_the_same_bytes_twice() {
    let report = build(&input());
    let loose = render(&report, ReportFormat::Markdown, "maturity-2026-Q3", false).unwrap();
    let bundled = render(&report, ReportFormat::Markdown, "maturity-2026-Q3", true).unwrap();
    assert_eq!(bundled.files.len(), 1);
    assert_eq!(bundled.files[0].path, "maturity-2026-Q3-md.zip");
    let bytes = bundled.files[0].content.as_slice();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip archive");
    // Stored, not compressed: every file's path and bytes are in the archive as they are.
    for file in &loose.files {
        let path = file.path.as_bytes();
        assert!(bytes.windows(path.len()).any(|w| w == path), "{} missing", file.path);
        let body = file.content.as_slice();
        assert!(bytes.windows(body.len()).any(|w| w == body), "{} bytes differ", file.path);
    }
    let again = render(&report, ReportFormat::Markdown, "maturity-2026-Q3", true).unwrap();
    assert_eq!(bundled, again);
}
