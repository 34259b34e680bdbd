//! The maturity rules' unit tests: the proposal from evidence and its reason, the KPI and
//! review ladders, assessment and CLI input checks, quarter deltas, late changes and the
//! team headline.

use super::*;

// ---------------------------------------------------------------------------------------------
// Fixtures

const Q3: Period = Period::Quarter { year: 2026, quarter: 3 };

/// A check of the given outcome; its requirement names the subject so a reason can list it.
fn check(subject: &str, met: bool) -> CriterionCheck {
    CriterionCheck {
        kind: EvidenceKind::Kpi,
        subject: subject.into(),
        requirement: format!("{subject} is green"),
        met,
        reason: String::new(),
        evidence: vec![subject.into()],
    }
}

fn level_name(level: u8) -> &'static str {
    match level {
        0 => "Initial",
        1 => "Repeatable",
        2 => "Defined",
        3 => "Managed",
        _ => "Optimised",
    }
}

/// A level with one check per entry of `met`; an empty slice is a level without evidence.
fn level(level: u8, met: &[bool]) -> LevelCheck {
    LevelCheck {
        level,
        name: level_name(level).into(),
        criteria: vec![format!("criterion of level {level}")],
        checks: met.iter().enumerate().map(|(i, &m)| check(&format!("kpi.l{level}-{i}"), m)).collect(),
    }
}

fn request(level: u8, rationale: &str, target: Option<u8>) -> AssessRequest {
    AssessRequest {
        team: "payments".into(),
        period: Q3,
        dimension: "maturity.deployment-automation".into(),
        level,
        rationale: rationale.into(),
        target,
    }
}

fn facts(id: u32, outcome: Option<DecisionOutcome>, open_high_risks: u32) -> ReviewFacts {
    let state = if outcome.is_some() { ReviewState::Decided } else { ReviewState::InReview };
    ReviewFacts { id, state, outcome, open_high_risks, ml_test_score: None }
}

fn system(name: &str, review: Option<ReviewFacts>) -> SystemReviewState {
    SystemReviewState { system: name.into(), review }
}

/// A KPI snapshot whose value reads "<value> days" ("—" without one).
fn kpi(key: &str, value: Option<f64>, state: KpiState) -> KpiSnapshot {
    KpiSnapshot {
        kpi: key.into(),
        name: format!("Name of {key}"),
        unit_label: "days".into(),
        value,
        value_text: value.map(|v| format!("{v} days")).unwrap_or_else(|| "—".into()),
        target_text: "green ≤ 7, amber ≤ 14".into(),
        state,
        previous: None,
        change: None,
        trend: vec![PeriodValue { period: Q3, value, state }],
        overridden: false,
        override_reason: None,
        sources: vec!["prometheus".into()],
        latest_at: None,
        definition_version: 1,
    }
}

fn dim(key: &str, level: Option<u8>) -> LevelSnapshot {
    LevelSnapshot {
        dimension: key.into(),
        name: format!("Name of {key}"),
        proposed: level.unwrap_or(0),
        level,
        target: None,
        rationale: String::new(),
        assessor: None,
    }
}

fn team(name: &str, kpis: Vec<KpiSnapshot>, levels: Vec<LevelSnapshot>) -> TeamSnapshot {
    TeamSnapshot {
        team: name.into(),
        systems: vec![format!("{name}-api")],
        kpis,
        levels,
        approval: None,
        risks: Vec::new(),
        commitments: Vec::new(),
        reviews: Vec::new(),
        benchmarks: Vec::new(),
        decisions: Vec::new(),
        quality: Vec::new(),
    }
}

fn quarter(teams: Vec<TeamSnapshot>) -> QuarterSnapshot {
    QuarterSnapshot {
        period: Q3,
        closed_at: None,
        closed_by: None,
        snapshot_id: Some(1),
        dimensions: vec![("maturity.deploy".into(), "Deployment".into())],
        teams,
        failed_sources: Vec::new(),
    }
}

/// The board of one team "payments" with two KPIs and one assessed dimension.
fn payments() -> TeamSnapshot {
    team(
        "payments",
        vec![kpi("kpi.lead-time", Some(10.0), KpiState::Green), kpi("kpi.mttr", Some(3.0), KpiState::Amber)],
        vec![dim("maturity.deploy", Some(2))],
    )
}

fn counts(green: u32, amber: u32, red: u32, grey: u32) -> StateCounts {
    StateCounts { green, amber, red, grey }
}

// ---------------------------------------------------------------------------------------------
// propose_level

#[test]
fn proposal_climbs_until_the_first_unmet_level() {
    let levels = [level(0, &[]), level(1, &[true]), level(2, &[true, true]), level(3, &[true, false])];
    assert_eq!(propose_level(&levels), 2);
    let levels = [level(1, &[true]), level(2, &[false]), level(3, &[true]), level(4, &[true])];
    assert_eq!(propose_level(&levels), 1);
    let levels = [level(1, &[false]), level(2, &[true])];
    assert_eq!(propose_level(&levels), 0);
}

#[test]
fn a_level_with_no_checks_stops_the_climb() {
    let levels = [level(1, &[true]), level(2, &[]), level(3, &[true]), level(4, &[true])];
    assert_eq!(propose_level(&levels), 1);
    assert!(!level(2, &[]).met());
    assert!(!level(2, &[]).has_evidence());
    assert!(level(2, &[true]).has_evidence());
}

#[test]
fn a_level_missing_from_the_model_stops_the_climb() {
    let levels = [level(1, &[true]), level(3, &[true]), level(4, &[true])];
    assert_eq!(propose_level(&levels), 1);
}

#[test]
fn only_level_zero_proposes_zero() {
    assert_eq!(propose_level(&[level(0, &[])]), 0);
    assert_eq!(propose_level(&[level(0, &[true])]), 0);
    assert_eq!(propose_level(&[]), 0);
}

#[test]
fn every_level_met_proposes_the_maximum() {
    let levels: Vec<LevelCheck> = (0..=MAX_LEVEL).map(|l| level(l, &[true, true])).collect();
    assert_eq!(propose_level(&levels), 4);
    // Level 0 needs nothing: an unmet check on it does not hold the team back.
    let levels =
        [level(0, &[false]), level(1, &[true]), level(2, &[true]), level(3, &[true]), level(4, &[true])];
    assert_eq!(propose_level(&levels), 4);
}

#[test]
fn a_gap_stops_the_climb_below_it() {
    let levels = [level(1, &[true]), level(2, &[false]), level(3, &[true])];
    assert_eq!(propose_level(&levels), 1);
}

#[test]
fn levels_given_out_of_order_are_found_by_number() {
    let levels = [level(4, &[true]), level(2, &[true]), level(1, &[true]), level(3, &[true])];
    assert_eq!(propose_level(&levels), 4);
    let levels = [level(3, &[true]), level(4, &[false]), level(1, &[true]), level(2, &[true])];
    assert_eq!(propose_level(&levels), 3);
    let levels = [level(3, &[true]), level(2, &[false]), level(1, &[true])];
    assert_eq!(propose_level(&levels), 1);
}

// ---------------------------------------------------------------------------------------------
// proposal_reason

#[test]
fn reason_when_every_level_is_met() {
    let levels: Vec<LevelCheck> = (0..=MAX_LEVEL).map(|l| level(l, &[true])).collect();
    let proposed = propose_level(&levels);
    assert_eq!(proposal_reason(&levels, proposed), "Every level up to 4 is met by the evidence.");
}

#[test]
fn reason_when_the_next_level_has_no_evidence() {
    let levels = [level(1, &[true]), level(2, &[]), level(3, &[true])];
    let proposed = propose_level(&levels);
    assert_eq!(proposed, 1);
    assert_eq!(
        proposal_reason(&levels, proposed),
        "Level 2 (Defined) has no evidence on the board to check; an assessor judges it."
    );
}

#[test]
fn reason_when_the_next_level_is_unmet_lists_only_the_unmet_requirements() {
    let levels = [level(1, &[true]), level(2, &[true]), level(3, &[false, true, false])];
    let proposed = propose_level(&levels);
    assert_eq!(proposed, 2);
    assert_eq!(
        proposal_reason(&levels, proposed),
        "Level 3 (Managed) is not met: kpi.l3-0 is green; kpi.l3-2 is green."
    );
}

#[test]
fn reason_when_level_one_is_unmet() {
    let levels = [level(0, &[]), level(1, &[false])];
    assert_eq!(proposal_reason(&levels, 0), "Level 1 (Repeatable) is not met: kpi.l1-0 is green.");
}

#[test]
fn reason_when_the_model_has_no_next_level() {
    let levels = [level(1, &[true]), level(2, &[true])];
    let proposed = propose_level(&levels);
    assert_eq!(proposed, 2);
    assert_eq!(proposal_reason(&levels, proposed), "The model has no level 3.");
}

// ---------------------------------------------------------------------------------------------
// check_kpi_for_level

fn kpi_met(level: u8, state: KpiState, previous: Option<KpiState>) -> bool {
    check_kpi_for_level(level, "kpi.lead-time", "Lead time", state, previous, "").met
}

#[test]
fn level_one_is_met_by_any_measured_state_but_not_no_data() {
    for state in [KpiState::Green, KpiState::Amber, KpiState::Red, KpiState::Stale, KpiState::NoBaseline] {
        assert!(kpi_met(1, state, None), "{state:?} should count as measured");
    }
    assert!(!kpi_met(1, KpiState::NoData, Some(KpiState::Green)));
    let c = check_kpi_for_level(1, "kpi.lead-time", "Lead time", KpiState::Red, None, "20 days");
    assert_eq!(c.requirement, "Lead time is measured this quarter");
    assert_eq!(c.reason, "red: 20 days");
    assert_eq!(c.kind, EvidenceKind::Kpi);
    assert_eq!(c.subject, "kpi.lead-time");
    assert_eq!(c.evidence, vec!["kpi.lead-time".to_owned()]);
}

#[test]
fn level_two_asks_for_amber_or_green() {
    assert!(kpi_met(2, KpiState::Green, None));
    assert!(kpi_met(2, KpiState::Amber, None));
    for state in [KpiState::Red, KpiState::NoData, KpiState::Stale, KpiState::NoBaseline] {
        assert!(!kpi_met(2, state, Some(KpiState::Green)), "{state:?} should not meet level 2");
    }
    let c = check_kpi_for_level(2, "kpi.lead-time", "Lead time", KpiState::Amber, None, "12.0 days");
    assert_eq!(c.requirement, "Lead time is amber or green");
    assert_eq!(c.reason, "amber: 12.0 days");
}

#[test]
fn level_three_asks_for_green() {
    assert!(kpi_met(3, KpiState::Green, None));
    for state in [KpiState::Amber, KpiState::Red, KpiState::NoData, KpiState::Stale] {
        assert!(!kpi_met(3, state, Some(KpiState::Green)), "{state:?} should not meet level 3");
    }
    let c = check_kpi_for_level(3, "kpi.lead-time", "Lead time", KpiState::NoData, None, "");
    assert_eq!(c.requirement, "Lead time is green");
    // No figure: no colon after the state.
    assert_eq!(c.reason, "no data");
}

#[test]
fn level_four_asks_for_green_now_and_last_quarter() {
    let c = check_kpi_for_level(
        4,
        "kpi.lead-time",
        "Lead time",
        KpiState::Green,
        Some(KpiState::Green),
        "5 days",
    );
    assert!(c.met);
    assert_eq!(c.requirement, "Lead time is green this quarter and the last");
    assert_eq!(c.reason, "green: 5 days");

    let c = check_kpi_for_level(
        4,
        "kpi.lead-time",
        "Lead time",
        KpiState::Green,
        Some(KpiState::Amber),
        "5 days",
    );
    assert!(!c.met);
    assert!(c.reason.contains("last quarter"), "{}", c.reason);
    assert_eq!(c.reason, "green: 5 days; last quarter amber");

    let c = check_kpi_for_level(4, "kpi.lead-time", "Lead time", KpiState::Green, None, "5 days");
    assert!(!c.met);
    assert_eq!(c.reason, "green: 5 days; last quarter not known");

    // Amber now fails whatever came before, and the reason needs no word on last quarter.
    let c = check_kpi_for_level(
        4,
        "kpi.lead-time",
        "Lead time",
        KpiState::Amber,
        Some(KpiState::Green),
        "9 days",
    );
    assert!(!c.met);
    assert_eq!(c.reason, "amber: 9 days");
}

// ---------------------------------------------------------------------------------------------
// check_reviews_for_level

#[test]
fn a_team_with_no_systems_cannot_meet_a_review_level() {
    let c = check_reviews_for_level(ReviewKind::Architecture, &[]);
    assert!(!c.met);
    assert_eq!(c.reason, "the team owns no systems");
    assert!(c.reason.contains("owns no systems"));
    assert!(c.evidence.is_empty());
    assert_eq!(c.kind, EvidenceKind::Review);
    assert_eq!(c.subject, "architecture");
    assert_eq!(c.requirement, "every system has an approved architecture review with no open high risk");
}

#[test]
fn a_system_without_a_review_is_named() {
    let c = check_reviews_for_level(
        ReviewKind::ProductionReadiness,
        &[system("pay-api", Some(facts(3, Some(DecisionOutcome::Approve), 0))), system("pay-batch", None)],
    );
    assert!(!c.met);
    assert_eq!(c.reason, "pay-batch has none");
    assert_eq!(c.evidence, vec!["R3".to_owned()]);
    assert_eq!(c.subject, "production-readiness");
}

#[test]
fn approved_reviews_without_open_high_risks_meet_the_level() {
    let c = check_reviews_for_level(
        ReviewKind::Architecture,
        &[
            system("pay-api", Some(facts(7, Some(DecisionOutcome::Approve), 0))),
            system("pay-batch", Some(facts(12, Some(DecisionOutcome::ApproveWithConditions), 0))),
        ],
    );
    assert!(c.met);
    assert_eq!(c.reason, "all 2 system(s) approved");
    assert_eq!(c.evidence, vec!["R7".to_owned(), "R12".to_owned()]);
}

#[test]
fn approve_with_conditions_passes() {
    let f = facts(4, Some(DecisionOutcome::ApproveWithConditions), 0);
    assert!(f.passes());
    let c = check_reviews_for_level(ReviewKind::MlSecurity, &[system("model", Some(f))]);
    assert!(c.met);
    assert_eq!(c.reason, "all 1 system(s) approved");
    assert_eq!(c.evidence, vec!["R4".to_owned()]);
}

#[test]
fn approved_with_open_high_risks_does_not_meet_the_level() {
    let f = facts(7, Some(DecisionOutcome::Approve), 2);
    assert!(!f.passes());
    let c = check_reviews_for_level(ReviewKind::Architecture, &[system("pay-api", Some(f))]);
    assert!(!c.met);
    assert_eq!(c.reason, "pay-api R7: 2 open high risk(s)");
    assert_eq!(c.evidence, vec!["R7".to_owned()]);
}

#[test]
fn a_rejected_review_does_not_meet_the_level() {
    let f = facts(9, Some(DecisionOutcome::Reject), 0);
    assert!(!f.passes());
    let c = check_reviews_for_level(ReviewKind::Architecture, &[system("pay-api", Some(f))]);
    assert!(!c.met);
    assert_eq!(c.reason, "pay-api R9: rejected");
    assert_eq!(c.evidence, vec!["R9".to_owned()]);
}

#[test]
fn an_undecided_review_says_its_state_and_the_ml_test_score() {
    let mut f = facts(5, None, 0);
    f.ml_test_score = Some(3.24);
    assert!(!f.passes());
    let c = check_reviews_for_level(ReviewKind::MlTestScore, &[system("ranker", Some(f))]);
    assert!(!c.met);
    assert_eq!(c.reason, "ranker R5: in review and not decided, ML Test Score 3.2");
    assert_eq!(c.evidence, vec!["R5".to_owned()]);
}

#[test]
fn every_failing_system_is_listed() {
    let c = check_reviews_for_level(
        ReviewKind::Architecture,
        &[
            system("a", None),
            system("b", Some(facts(1, Some(DecisionOutcome::Approve), 0))),
            system("c", Some(facts(2, Some(DecisionOutcome::Reject), 1))),
        ],
    );
    assert!(!c.met);
    assert_eq!(c.reason, "a has none; c R2: rejected");
    assert_eq!(c.evidence, vec!["R1".to_owned(), "R2".to_owned()]);
}

// ---------------------------------------------------------------------------------------------
// check_assessment

#[test]
fn a_level_other_than_the_proposal_needs_a_rationale() {
    let err = check_assessment(&request(3, "", None), 2).unwrap_err();
    assert_eq!(err.0, "rationale");
    assert_eq!(err.1, "level 3 differs from the proposed 2: say why in a rationale");
    // Blank is no rationale.
    assert_eq!(check_assessment(&request(1, "  \n ", None), 2).unwrap_err().0, "rationale");
}

#[test]
fn a_level_other_than_the_proposal_with_a_rationale_is_accepted() {
    assert_eq!(check_assessment(&request(3, "Runbooks exist outside the board.", None), 2), Ok(()));
    assert_eq!(check_assessment(&request(0, "Pipeline was switched off.", Some(2)), 4), Ok(()));
}

#[test]
fn accepting_the_proposal_needs_no_rationale() {
    assert_eq!(check_assessment(&request(2, "", None), 2), Ok(()));
    assert_eq!(check_assessment(&request(4, "", Some(4)), 4), Ok(()));
}

#[test]
fn a_level_beyond_the_model_is_refused() {
    let err = check_assessment(&request(5, "", None), 5).unwrap_err();
    assert_eq!(err, ("level", "level 5 is outside 0–4".to_owned()));
    // The level is checked before the rationale.
    assert_eq!(check_assessment(&request(5, "", None), 2).unwrap_err().0, "level");
}

#[test]
fn a_target_below_the_level_or_beyond_the_model_is_refused() {
    let err = check_assessment(&request(2, "", Some(1)), 2).unwrap_err();
    assert_eq!(err, ("target", "the target 1 is below the assessed level 2".to_owned()));
    let err = check_assessment(&request(2, "", Some(5)), 2).unwrap_err();
    assert_eq!(err, ("target", "level 5 is outside 0–4".to_owned()));
    assert_eq!(check_assessment(&request(2, "", Some(2)), 2), Ok(()));
    assert_eq!(check_assessment(&request(2, "", Some(3)), 2), Ok(()));
}

#[test]
fn an_overlong_rationale_is_refused() {
    let long = "x".repeat(RATIONALE_MAX_CHARS + 1);
    let err = check_assessment(&request(2, &long, None), 2).unwrap_err();
    assert_eq!(err, ("rationale", "the rationale is longer than 5000 characters".to_owned()));
    // The limit counts characters, not bytes: 5,000 two-byte characters fit.
    let at_limit = "é".repeat(RATIONALE_MAX_CHARS);
    assert_eq!(check_assessment(&request(3, &at_limit, None), 2), Ok(()));
}

// ---------------------------------------------------------------------------------------------
// parse_dimension_level, require_quarter, check_level

#[test]
fn dimension_levels_are_read_with_or_without_the_prefix() {
    assert_eq!(
        parse_dimension_level("deployment-automation=3"),
        Ok(("maturity.deployment-automation".to_owned(), 3))
    );
    assert_eq!(parse_dimension_level("maturity.x=0"), Ok(("maturity.x".to_owned(), 0)));
    assert_eq!(parse_dimension_level(" x = 4 "), Ok(("maturity.x".to_owned(), 4)));
    assert_eq!(full_dimension_key("maturity.observability"), "maturity.observability");
    assert_eq!(full_dimension_key("observability"), "maturity.observability");
}

#[test]
fn bad_dimension_levels_are_refused_naming_the_input() {
    let cases = [
        ("x", "`x`: write a dimension and a level as KEY=LEVEL, e.g. deployment-automation=3"),
        ("=3", "`=3`: the dimension key is empty"),
        ("x=9", "`x=9`: level 9 is outside 0–4"),
        ("x=two", "`x=two`: the level must be a whole number from 0 to 4"),
        ("x=-1", "`x=-1`: the level must be a whole number from 0 to 4"),
        ("x=300", "`x=300`: the level must be a whole number from 0 to 4"),
    ];
    for (input, message) in cases {
        let err = parse_dimension_level(input).unwrap_err();
        assert!(err.contains(&format!("`{input}`")), "{input}: {err}");
        assert_eq!(err, message);
    }
}

#[test]
fn a_month_is_refused_where_a_quarter_is_needed() {
    assert_eq!(require_quarter(Q3), Ok(Q3));
    let err = require_quarter(Period::Month { year: 2026, month: 9 }).unwrap_err();
    assert!(err.contains("`2026-09`"), "{err}");
    assert_eq!(err, "`2026-09` is a month; assessments, closes and reports are per quarter (e.g. 2026-Q3)");
}

#[test]
fn levels_run_from_zero_to_four() {
    assert_eq!(check_level(0), Ok(()));
    assert_eq!(check_level(4), Ok(()));
    assert_eq!(check_level(5), Err("level 5 is outside 0–4".to_owned()));
}

// ---------------------------------------------------------------------------------------------
// Deltas

#[test]
fn kpi_deltas_against_a_previous_snapshot_missing_a_kpi() {
    let previous = team("payments", vec![kpi("kpi.lead-time", Some(8.0), KpiState::Amber)], vec![]);
    let current = team(
        "payments",
        vec![kpi("kpi.lead-time", Some(10.0), KpiState::Green), kpi("kpi.mttr", Some(5.0), KpiState::Red)],
        vec![],
    );
    let deltas = kpi_deltas(Some(&previous), &current);
    assert_eq!(
        deltas,
        vec![
            KpiDelta {
                kpi: "kpi.lead-time".into(),
                name: "Name of kpi.lead-time".into(),
                from: Some(8.0),
                to: Some(10.0),
                change: Some(Change { absolute: 2.0, percent: Some(25.0) }),
                from_state: Some(KpiState::Amber),
                to_state: KpiState::Green,
            },
            KpiDelta {
                kpi: "kpi.mttr".into(),
                name: "Name of kpi.mttr".into(),
                from: None,
                to: Some(5.0),
                change: None,
                from_state: None,
                to_state: KpiState::Red,
            },
        ]
    );
    assert_eq!(deltas[0].state_movement(), 1);
    assert_eq!(deltas[1].state_movement(), 1);
}

#[test]
fn kpi_deltas_against_a_previous_kpi_without_a_value() {
    let previous = team("payments", vec![kpi("kpi.lead-time", None, KpiState::NoData)], vec![]);
    let current = team("payments", vec![kpi("kpi.lead-time", Some(4.0), KpiState::Green)], vec![]);
    let deltas = kpi_deltas(Some(&previous), &current);
    assert_eq!(deltas.len(), 1);
    assert_eq!(deltas[0].from, None);
    assert_eq!(deltas[0].change, None);
    assert_eq!(deltas[0].from_state, Some(KpiState::NoData));
    assert_eq!(deltas[0].state_movement(), 3);
}

#[test]
fn kpi_deltas_without_a_previous_snapshot() {
    let deltas = kpi_deltas(None, &payments());
    assert_eq!(deltas.len(), 2);
    assert_eq!(deltas[0].kpi, "kpi.lead-time");
    assert_eq!(deltas[1].kpi, "kpi.mttr");
    for d in &deltas {
        assert_eq!(d.from, None);
        assert_eq!(d.change, None);
        assert_eq!(d.from_state, None);
    }
    assert_eq!(deltas[0].to, Some(10.0));
    assert_eq!(deltas[0].to_state, KpiState::Green);
    assert_eq!(deltas[1].to, Some(3.0));
    assert_eq!(deltas[1].to_state, KpiState::Amber);
}

fn movement(from: Option<KpiState>, to: KpiState) -> i32 {
    KpiDelta {
        kpi: "k".into(),
        name: "K".into(),
        from: None,
        to: None,
        change: None,
        from_state: from,
        to_state: to,
    }
    .state_movement()
}

#[test]
fn state_movement_is_positive_when_better_and_negative_when_worse() {
    assert_eq!(movement(Some(KpiState::Red), KpiState::Green), 2);
    assert_eq!(movement(Some(KpiState::Amber), KpiState::Green), 1);
    assert_eq!(movement(Some(KpiState::Green), KpiState::Green), 0);
    assert_eq!(movement(Some(KpiState::Green), KpiState::Amber), -1);
    assert_eq!(movement(Some(KpiState::Green), KpiState::Red), -2);
    // Grey ranks below red.
    assert_eq!(movement(Some(KpiState::Red), KpiState::NoData), -1);
    assert_eq!(movement(Some(KpiState::Stale), KpiState::Red), 1);
    assert_eq!(movement(Some(KpiState::Green), KpiState::NoBaseline), -3);
    assert_eq!(movement(Some(KpiState::NoData), KpiState::Stale), 0);
    assert_eq!(movement(None, KpiState::Amber), 2);
}

#[test]
fn level_deltas_against_a_previous_snapshot_missing_a_dimension() {
    let previous = team("payments", vec![], vec![dim("maturity.a", Some(1)), dim("maturity.c", Some(2))]);
    let current = team(
        "payments",
        vec![],
        vec![dim("maturity.a", Some(2)), dim("maturity.b", Some(3)), dim("maturity.c", None)],
    );
    let deltas = level_deltas(Some(&previous), &current);
    assert_eq!(
        deltas,
        vec![
            LevelDelta {
                dimension: "maturity.a".into(),
                name: "Name of maturity.a".into(),
                from: Some(1),
                to: Some(2)
            },
            LevelDelta {
                dimension: "maturity.b".into(),
                name: "Name of maturity.b".into(),
                from: None,
                to: Some(3)
            },
            LevelDelta {
                dimension: "maturity.c".into(),
                name: "Name of maturity.c".into(),
                from: Some(2),
                to: None
            },
        ]
    );
    assert_eq!(deltas[0].steps(), Some(1));
    assert_eq!(deltas[1].steps(), None);
    assert_eq!(deltas[2].steps(), None);
}

#[test]
fn level_deltas_without_a_previous_snapshot() {
    let deltas = level_deltas(None, &payments());
    assert_eq!(
        deltas,
        vec![LevelDelta {
            dimension: "maturity.deploy".into(),
            name: "Name of maturity.deploy".into(),
            from: None,
            to: Some(2),
        }]
    );
    assert_eq!(deltas[0].steps(), None);
}

#[test]
fn level_steps_count_up_and_down() {
    let delta = |from, to| LevelDelta { dimension: "d".into(), name: "D".into(), from, to };
    assert_eq!(delta(Some(0), Some(4)).steps(), Some(4));
    assert_eq!(delta(Some(3), Some(1)).steps(), Some(-2));
    assert_eq!(delta(Some(2), Some(2)).steps(), Some(0));
    assert_eq!(delta(None, None).steps(), None);
}

// ---------------------------------------------------------------------------------------------
// late_changes

#[test]
fn identical_snapshots_have_no_late_changes() {
    let frozen =
        quarter(vec![payments(), team("search", vec![kpi("kpi.x", None, KpiState::NoData)], vec![])]);
    assert_eq!(late_changes(&frozen, &frozen.clone()), Vec::new());
}

#[test]
fn a_changed_kpi_value_is_one_late_change() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].kpis[0] = kpi("kpi.lead-time", Some(12.0), KpiState::Amber);
    assert_eq!(
        late_changes(&frozen, &now),
        vec![LateChange {
            team: "payments".into(),
            subject: "kpi.lead-time".into(),
            name: "Name of kpi.lead-time".into(),
            frozen: "10 days (Green)".into(),
            now: "12 days (Amber)".into(),
        }]
    );
}

#[test]
fn a_changed_state_alone_is_a_late_change() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].kpis[1].state = KpiState::Red;
    let changes = late_changes(&frozen, &now);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].subject, "kpi.mttr");
    assert_eq!(changes[0].frozen, "3 days (Amber)");
    assert_eq!(changes[0].now, "3 days (Red)");
}

#[test]
fn a_value_that_went_missing_is_a_late_change() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].kpis[0] = kpi("kpi.lead-time", None, KpiState::Green);
    let changes = late_changes(&frozen, &now);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].frozen, "10 days (Green)");
    assert_eq!(changes[0].now, "— (Green)");
}

#[test]
fn a_changed_level_is_one_late_change() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].levels[0].level = Some(3);
    assert_eq!(
        late_changes(&frozen, &now),
        vec![LateChange {
            team: "payments".into(),
            subject: "maturity.deploy".into(),
            name: "Name of maturity.deploy".into(),
            frozen: "level 2".into(),
            now: "level 3".into(),
        }]
    );
    // A level withdrawn after the close reads "not assessed".
    now.teams[0].levels[0].level = None;
    let changes = late_changes(&frozen, &now);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].frozen.as_str(), changes[0].now.as_str()), ("level 2", "not assessed"));
}

#[test]
fn a_dimension_assessed_only_after_the_close_is_a_late_change() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].levels.push(dim("maturity.observability", Some(1)));
    let changes = late_changes(&frozen, &now);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].subject, "maturity.observability");
    assert_eq!((changes[0].frozen.as_str(), changes[0].now.as_str()), ("not assessed", "level 1"));
}

#[test]
fn a_kpi_appearing_with_a_value_was_not_on_the_scorecard() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].kpis.push(kpi("kpi.deploy-frequency", Some(7.0), KpiState::Green));
    // A KPI appearing without a value is no change.
    now.teams[0].kpis.push(kpi("kpi.change-failure", None, KpiState::NoData));
    assert_eq!(
        late_changes(&frozen, &now),
        vec![LateChange {
            team: "payments".into(),
            subject: "kpi.deploy-frequency".into(),
            name: "Name of kpi.deploy-frequency".into(),
            frozen: "not on the scorecard".into(),
            now: "7 days (Green)".into(),
        }]
    );
}

#[test]
fn a_new_team_is_listed() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams.push(team(
        "search",
        vec![kpi("kpi.a", Some(1.0), KpiState::Green), kpi("kpi.b", Some(2.0), KpiState::Red)],
        vec![dim("maturity.deploy", Some(1))],
    ));
    assert_eq!(
        late_changes(&frozen, &now),
        vec![LateChange {
            team: "search".into(),
            subject: String::new(),
            name: "team".into(),
            frozen: "not on the board".into(),
            now: "2 KPIs".into(),
        }]
    );
}

#[test]
fn float_noise_is_no_late_change() {
    let frozen = quarter(vec![team(
        "payments",
        vec![
            kpi("kpi.a", Some(10.0), KpiState::Green),
            kpi("kpi.b", Some(0.0), KpiState::Green),
            kpi("kpi.c", Some(1_000_000.0), KpiState::Green),
        ],
        vec![],
    )]);
    let mut now = frozen.clone();
    now.teams[0].kpis[0].value = Some(10.0 + 1e-12);
    now.teams[0].kpis[1].value = Some(1e-12);
    now.teams[0].kpis[2].value = Some(1_000_000.0 + 1e-4);
    assert_eq!(late_changes(&frozen, &now), Vec::new());

    // A real difference is still seen.
    now.teams[0].kpis[0].value = Some(10.001);
    let changes = late_changes(&frozen, &now);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].subject, "kpi.a");
}

#[test]
fn late_changes_come_in_team_order_kpis_before_levels() {
    let frozen = quarter(vec![payments()]);
    let mut now = frozen.clone();
    now.teams[0].levels[0].level = Some(1);
    now.teams[0].kpis[1].value = Some(4.0);
    now.teams.push(team("search", vec![], vec![]));
    let changes = late_changes(&frozen, &now);
    let subjects: Vec<(&str, &str)> = changes.iter().map(|c| (c.team.as_str(), c.name.as_str())).collect();
    assert_eq!(
        subjects,
        vec![("payments", "Name of kpi.mttr"), ("payments", "Name of maturity.deploy"), ("search", "team")]
    );
}

// ---------------------------------------------------------------------------------------------
// StateCounts

#[test]
fn nothing_judged_is_no_data() {
    assert_eq!(StateCounts::default().headline(), KpiState::NoData);
    assert_eq!(counts(0, 0, 0, 3).headline(), KpiState::NoData);
}

#[test]
fn one_red_makes_the_headline_red() {
    assert_eq!(counts(9, 0, 1, 0).headline(), KpiState::Red);
    assert_eq!(counts(0, 0, 1, 5).headline(), KpiState::Red);
}

#[test]
fn amber_share_of_a_quarter_is_amber_and_above_it_red() {
    assert_eq!(counts(3, 1, 0, 0).headline(), KpiState::Amber);
    assert_eq!(counts(6, 2, 0, 0).headline(), KpiState::Amber);
    assert_eq!(counts(2, 1, 0, 0).headline(), KpiState::Red);
    assert_eq!(counts(5, 2, 0, 0).headline(), KpiState::Red);
}

#[test]
fn grey_over_half_is_amber_and_half_is_not() {
    assert_eq!(counts(1, 0, 0, 2).headline(), KpiState::Amber);
    assert_eq!(counts(2, 0, 0, 2).headline(), KpiState::Green);
}

#[test]
fn all_green_is_green() {
    assert_eq!(counts(4, 0, 0, 0).headline(), KpiState::Green);
    assert_eq!(counts(1, 0, 0, 0).headline(), KpiState::Green);
}

#[test]
fn attainment_counts_greens_over_all_kpis() {
    assert_eq!(counts(3, 0, 1, 0).attainment_pct(), Some(75.0));
    assert_eq!(counts(3, 1, 0, 0).attainment_pct(), Some(75.0));
    assert_eq!(counts(1, 0, 0, 1).attainment_pct(), Some(50.0));
    assert_eq!(counts(0, 0, 0, 2).attainment_pct(), Some(0.0));
    assert_eq!(counts(4, 0, 0, 0).attainment_pct(), Some(100.0));
    assert_eq!(StateCounts::default().attainment_pct(), None);
}

#[test]
fn a_team_counts_its_kpis_by_state_with_every_grey_state_as_grey() {
    let t = team(
        "payments",
        vec![
            kpi("a", Some(1.0), KpiState::Green),
            kpi("b", Some(1.0), KpiState::Amber),
            kpi("c", Some(1.0), KpiState::Red),
            kpi("d", None, KpiState::NoData),
            kpi("e", Some(1.0), KpiState::Stale),
            kpi("f", Some(1.0), KpiState::NoBaseline),
        ],
        vec![],
    );
    let c = t.state_counts();
    assert_eq!(c, counts(1, 1, 1, 3));
    assert_eq!(c.total(), 6);
    assert_eq!(c.headline(), KpiState::Red);
}
