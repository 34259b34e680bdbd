//! Maturity on a real board file: a level proposed from KPI evidence, assessments with and
//! without a rationale, approval, quarter close freezing levels, a late measurement shown as a
//! late change, reopen by an owner only, and a report built from the snapshot the same way twice.

use crate::services::report::NoProgress;
use crate::services::{Caller, Services, test_board};
use archboard_types::ErrorCode;
use archboard_types::catalog::RiskTier;
use archboard_types::kpi::{KpiRecordRequest, Period, Scope};
use archboard_types::maturity::{AssessRequest, MaturityQuery, QuarterRef, QuarterReopen};
use archboard_types::people::{LifecycleStage, NewUser, Role, SystemEdit, TeamEdit};
use archboard_types::report::{ReportFileRequest, ReportFormat, ReportRequest};
use chrono::{DateTime, Utc};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn q3() -> Period {
    "2026-Q3".parse().unwrap()
}

fn board() -> (tempfile::TempDir, Services) {
    let (dir, mut services) = test_board();
    services.set_fixed_now(Some(at("2026-09-25T12:00:00Z")));
    services.team_create(TeamEdit { name: "Payments ML".into(), ..Default::default() }).unwrap();
    services
        .system_create(SystemEdit {
            key: "fraud-scoring".into(),
            name: "Fraud scoring".into(),
            team: "Payments ML".into(),
            tier: RiskTier::High,
            stage: LifecycleStage::Production,
            ..Default::default()
        })
        .unwrap();
    (dir, services)
}

fn record(services: &mut Services, kpi: &str, when: &str, value: f64) {
    services
        .kpi_record(KpiRecordRequest {
            kpi: kpi.into(),
            scope: Scope::team("Payments ML"),
            value,
            at: Some(at(when)),
            note: String::new(),
        })
        .unwrap();
}

fn assess(dimension: &str, level: u8, rationale: &str) -> AssessRequest {
    AssessRequest {
        team: "Payments ML".into(),
        period: q3(),
        dimension: dimension.into(),
        level,
        rationale: rationale.into(),
        target: None,
    }
}

fn query() -> MaturityQuery {
    MaturityQuery { team: "Payments ML".into(), period: q3() }
}

const REPRODUCIBILITY: &str = "maturity.reproducibility-lineage";

#[test]
fn a_level_is_proposed_from_kpi_evidence_and_stops_where_evidence_does() {
    let (_dir, mut services) = board();
    // Reproducibility green two quarters running, lineage amber (85 against green ≥ 90).
    record(&mut services, "kpi.reproducibility-rate", "2026-05-10T00:00:00Z", 96.0);
    record(&mut services, "kpi.reproducibility-rate", "2026-08-10T00:00:00Z", 97.0);
    record(&mut services, "kpi.lineage-coverage", "2026-08-12T00:00:00Z", 85.0);
    let proposal = services.maturity_propose(query()).unwrap();
    let dim = proposal.dimensions.iter().find(|d| d.dimension == REPRODUCIBILITY).unwrap();
    // L1: the rate is measured. L2: both amber or green. L3: lineage must be green — it is not.
    assert_eq!(dim.proposed, 2, "{dim:#?}");
    let level3 = dim.levels.iter().find(|l| l.level == 3).unwrap();
    let lineage = level3.checks.iter().find(|c| c.subject == "kpi.lineage-coverage").unwrap();
    assert!(!lineage.met);
    assert!(lineage.reason.starts_with("amber: 85"), "{}", lineage.reason);
    assert!(dim.reason.contains("Level 3"), "{}", dim.reason);
    // The ML Test Score review the level asks for is missing, and says which system lacks it.
    let review = level3.checks.iter().find(|c| c.subject == "ml-test-score").unwrap();
    assert!(!review.met && review.reason.contains("fraud-scoring has none"), "{}", review.reason);
    // Nothing measured for cost management: its level 1 has no evidence, so 0 is proposed.
    let cost = proposal.dimensions.iter().find(|d| d.dimension == "maturity.cost-management").unwrap();
    assert_eq!(cost.proposed, 0);
    assert_eq!(proposal.unassessed.len(), proposal.dimensions.len());
    // A month is not a quarter.
    let month = services
        .maturity_propose(MaturityQuery { team: "Payments ML".into(), period: "2026-09".parse().unwrap() })
        .unwrap_err();
    assert_eq!(month.field.as_deref(), Some("period"));
}

#[test]
fn assessments_need_a_rationale_to_differ_then_approval_and_close_freeze_them() {
    let (_dir, mut services) = board();
    let owner = services.caller.clone().unwrap();
    record(&mut services, "kpi.reproducibility-rate", "2026-08-10T00:00:00Z", 97.0);
    let proposed = services.maturity_propose(query()).unwrap();
    let dim = proposed.dimensions.iter().find(|d| d.dimension == REPRODUCIBILITY).unwrap().proposed;

    let refused = services.maturity_assess(assess("reproducibility-lineage", dim + 1, "")).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("rationale"));
    let unknown = services.maturity_assess(assess("no-such-dimension", 1, "")).unwrap_err();
    assert!(unknown.message.contains("no-such-dimension") && unknown.message.contains("cost-management"));
    let with_target = AssessRequest {
        target: Some(dim + 2),
        ..assess("reproducibility-lineage", dim + 1, "Retrains match")
    };
    let after = services.maturity_assess(with_target).unwrap();
    let a =
        after.dimensions.iter().find(|d| d.dimension == REPRODUCIBILITY).unwrap().assessment.clone().unwrap();
    assert_eq!((a.level, a.proposed, a.target), (dim + 1, dim, Some(dim + 2)));
    assert_eq!(a.assessor, owner.name);

    // Approval waits for every dimension.
    let early = services.maturity_approve(query()).unwrap_err();
    assert!(early.message.contains("not assessed"), "{}", early.message);
    for d in &after.dimensions {
        if d.assessment.is_none() {
            services.maturity_assess(assess(&d.dimension, d.proposed, "")).unwrap();
        }
    }
    let approved = services.maturity_approve(query()).unwrap();
    assert_eq!(approved.approval.as_ref().map(|a| a.by.as_str()), Some(owner.name.as_str()));
    // Changing a level withdraws the approval.
    let changed = services.maturity_assess(assess("reproducibility-lineage", dim, "")).unwrap();
    assert!(changed.approval.is_none());
    services.maturity_approve(query()).unwrap();

    services.set_fixed_now(Some(at("2026-10-05T09:00:00Z")));
    let closed = services.quarter_close(QuarterRef { period: q3() }).unwrap();
    assert!(closed.closed && closed.snapshot_id.is_some());
    assert_eq!((closed.teams, closed.approved_teams), (1, 1));
    assert_eq!(services.quarter_close(QuarterRef { period: q3() }).unwrap_err().code, ErrorCode::Conflict);
    let frozen = services.maturity_assess(assess("reproducibility-lineage", 1, "late")).unwrap_err();
    assert_eq!(frozen.code, ErrorCode::Conflict);
    assert!(frozen.message.contains("2026-Q3 is closed"));

    // A chair may not reopen; the owner may, with a reason, and it is audited.
    let chair = {
        let invitation = services
            .user_add(NewUser { name: "cleo".into(), email: None, roles: vec![Role::Chair] })
            .unwrap();
        Caller::of(&invitation.user)
    };
    let body = serde_json::to_vec(&QuarterReopen { period: q3(), reason: "fix".into() }).unwrap();
    assert_eq!(
        services.dispatch_json_as(chair, "quarter_reopen", &body).unwrap_err().code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        services
            .quarter_reopen(QuarterReopen { period: q3(), reason: " ".into() })
            .unwrap_err()
            .field
            .as_deref(),
        Some("reason")
    );
    let reopened = services
        .quarter_reopen(QuarterReopen { period: q3(), reason: "Lineage data was wrong".into() })
        .unwrap();
    assert!(!reopened.closed && reopened.reopened_by.as_deref() == Some(owner.name.as_str()));
    services.maturity_assess(assess("reproducibility-lineage", dim, "")).unwrap();
}

#[test]
fn a_late_measurement_is_a_late_change_and_reports_build_the_same_bytes_twice() {
    let (_dir, mut services) = board();
    record(&mut services, "kpi.reproducibility-rate", "2026-08-10T00:00:00Z", 97.0);
    record(&mut services, "kpi.change-failure-rate", "2026-08-11T00:00:00Z", 12.0);
    services.set_fixed_now(Some(at("2026-10-05T09:00:00Z")));
    services.quarter_close(QuarterRef { period: q3() }).unwrap();
    // Data for Q3 arrives after the close.
    record(&mut services, "kpi.change-failure-rate", "2026-09-20T00:00:00Z", 40.0);

    let request = ReportRequest {
        period: q3(),
        teams: vec![],
        sections: vec![],
        commentary: "A steady quarter.".into(),
        title: None,
    };
    let first = services.report_build(&request, &NoProgress).unwrap();
    assert!(!first.provisional && first.snapshot_id.is_some());
    assert!(first.late_changes >= 1, "{first:?}");
    assert_eq!(first.teams, vec!["Payments ML".to_owned()]);
    let second = services.report_build(&request, &NoProgress).unwrap();
    for format in [ReportFormat::Html, ReportFormat::Markdown, ReportFormat::Pdf] {
        let a = services.report_get(ReportFileRequest { id: first.id, format, bundle: false }).unwrap();
        let b = services.report_get(ReportFileRequest { id: second.id, format, bundle: false }).unwrap();
        assert_eq!(a, b, "{format} differs between two builds of the same snapshot");
        let again = services.report_get(ReportFileRequest { id: first.id, format, bundle: false }).unwrap();
        assert_eq!(a, again);
    }
    let html = services
        .report_get(ReportFileRequest { id: first.id, format: ReportFormat::Html, bundle: false })
        .unwrap();
    let text = html.files[0].content.as_text().unwrap();
    assert!(text.contains("Payments ML") && text.contains("A steady quarter."));
    // The frozen figure is reported, the late one is listed apart.
    assert!(text.contains("12"), "the frozen value is in the report");
    assert_eq!(services.report_list(archboard_types::system::Empty {}).unwrap().len(), 2);
    let unknown = services
        .report_build(&ReportRequest { teams: vec!["Nobody".into()], ..request.clone() }, &NoProgress)
        .unwrap_err();
    assert!(unknown.message.contains("Nobody") && unknown.message.contains("Payments ML"));
}

/// Cancels once the build has reported `after` steps.
struct CancelAfter {
    after: usize,
    seen: std::sync::atomic::AtomicUsize,
}

impl crate::services::ReportProgressSink for CancelAfter {
    fn progress(&self, _: f64, _: &str) {
        self.seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    fn cancelled(&self) -> bool {
        self.seen.load(std::sync::atomic::Ordering::SeqCst) >= self.after
    }
}

#[test]
fn a_report_build_runs_as_a_job_and_a_cancelled_one_stores_nothing() {
    let (_dir, mut services) = board();
    services.team_create(TeamEdit { name: "Search".into(), ..Default::default() }).unwrap();
    record(&mut services, "kpi.reproducibility-rate", "2026-08-10T00:00:00Z", 97.0);
    let request = ReportRequest {
        period: q3(),
        teams: vec![],
        sections: vec![],
        commentary: String::new(),
        title: None,
    };

    // Cancelled after the first team was read: an error, and no report kept.
    let sink = CancelAfter { after: 2, seen: Default::default() };
    let cancelled = services.report_build(&request, &sink).unwrap_err();
    assert!(cancelled.message.contains("Cancelled"), "{}", cancelled.message);
    assert!(services.report_list(archboard_types::system::Empty {}).unwrap().is_empty());

    // As a job: followed to the end, the report it built named in the progress.
    let job = services.report_start(request).unwrap();
    assert_eq!(job.kind, archboard_types::job::JobKind::Report);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let progress = loop {
        let progress = services.report_progress(archboard_types::job::JobRef { id: job.id.clone() }).unwrap();
        if progress.job.state.is_finished() {
            break progress;
        }
        assert!(std::time::Instant::now() < deadline, "the build never finished");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(progress.job.state, archboard_types::job::JobState::Completed, "{:?}", progress.job.message);
    let report = progress.report.expect("the built report");
    assert_eq!(progress.job.subject, Some(report.id.to_string()));
    assert_eq!(report.teams, vec!["Payments ML".to_owned(), "Search".to_owned()]);
    assert!(report.provisional, "Q3 is not closed: its figures are provisional");
    assert_eq!(services.report_list(archboard_types::system::Empty {}).unwrap().len(), 1);
}

#[test]
fn an_open_high_risk_is_frozen_with_its_age_and_overdue_as_of_the_quarters_end() {
    use archboard_types::review::{ItemAnswer, ItemStatus, NewReview, ReviewKind};
    let (_dir, mut services) = board();
    let me = services.caller.clone().unwrap().name;
    services.set_fixed_now(Some(at("2026-09-01T10:00:00Z")));
    let review = services
        .review_create(NewReview {
            system: "fraud-scoring".into(),
            kind: ReviewKind::ProductionReadiness,
            templates: vec![],
            title: String::new(),
            signoffs: None,
        })
        .unwrap();
    for (item, due) in [("owner-on-call", "2026-09-15"), ("runbook", "2026-10-15")] {
        services
            .review_answer(ItemAnswer {
                id: review.id,
                item: item.into(),
                status: Some(ItemStatus::Fail),
                owner: Some(me.clone()),
                due: Some(due.parse().unwrap()),
                ..Default::default()
            })
            .unwrap();
    }
    // Closed on 5 October: ages and "overdue" count to the quarter's end, 1 October.
    services.set_fixed_now(Some(at("2026-10-05T09:00:00Z")));
    services.quarter_close(QuarterRef { period: q3() }).unwrap();
    let (frozen, _) = services.snapshot_or_live(q3(), &[], &super::snapshot::Quiet).unwrap();
    let risks = &frozen.team("Payments ML").unwrap().risks;
    let on_call = risks.iter().find(|r| r.key.ends_with("/owner-on-call")).expect("open high risk");
    assert_eq!((on_call.age_days, on_call.overdue, on_call.owner.as_deref()), (29, true, Some(me.as_str())));
    let runbook = risks.iter().find(|r| r.key.ends_with("/runbook"));
    if let Some(runbook) = runbook {
        assert!(!runbook.overdue, "due after the quarter ended");
    }
    // The report prints the flag beside the date.
    let request = ReportRequest {
        period: q3(),
        teams: vec![],
        sections: vec![],
        commentary: String::new(),
        title: None,
    };
    let built = services.report_build(&request, &NoProgress).unwrap();
    let md = services
        .report_get(ReportFileRequest { id: built.id, format: ReportFormat::Markdown, bundle: false })
        .unwrap();
    assert!(md.files[0].content.as_text().unwrap().contains("2026-09-15 (overdue)"));
}
