//! The interview rules' unit tests: the rubric copy, sheet checks, the sealing rule for every
//! role, the debrief's arithmetic and retention dates.

use super::*;
use crate::catalog::{Exercise, WeightSource};
use crate::people::{Permission, Role as BoardRole};

// ---------------------------------------------------------------------------------------------
// Fixtures

fn dimension(key: &str, name: &str, weight: f64) -> RubricDimension {
    RubricDimension {
        key: key.into(),
        name: name.into(),
        weight,
        well_below_bar: format!("{name}: well below"),
        below_bar: format!("{name}: below"),
        meets_bar: format!("{name}: meets"),
        exceeds_bar: format!("{name}: exceeds"),
    }
}

fn exercise(name: &str, minutes_min: u32, minutes_max: u32) -> Exercise {
    Exercise {
        name: name.into(),
        minutes_min,
        minutes_max,
        prompt: format!("Prompt for {name}"),
        evaluate: vec![format!("{name}: first thing"), format!("{name}: second thing")],
    }
}

/// A role with three dimensions weighted 50/30/20, two red flags and two exercises.
fn role() -> Role {
    Role {
        key: "role.ml-engineer".into(),
        name: "ML Engineer".into(),
        summary: "Builds and runs ML systems.".into(),
        version: 7,
        purpose: "Ship models that stay up.".into(),
        responsibilities: vec!["Own the pipeline".into()],
        kpis: vec!["kpi.uptime".into()],
        weights: WeightSource::Seed,
        dimensions: vec![
            dimension("design", "System design", 50.0),
            dimension("ops", "Operations", 30.0),
            dimension("comm", "Communication", 20.0),
        ],
        anchor_note: None,
        assess: vec!["Design".into()],
        strong_signals: vec!["Talks about failure modes".into()],
        weak_signals: vec!["Only talks about accuracy".into()],
        red_flags: vec!["Blames the data team".into(), "Ships without monitoring".into()],
        exercises: vec![
            exercise("MLOps pipeline design", 45, 60),
            exercise("Take-home: Feature store review!", 30, 40),
        ],
    }
}

fn rubric() -> Rubric {
    Rubric::from_role(&role())
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| k.to_string()).collect()
}

fn rated(dimension: &str, rating: u8, evidence: &str) -> DimensionScore {
    DimensionScore {
        dimension: dimension.into(),
        rating: Some(rating),
        not_assessed: false,
        evidence: evidence.into(),
    }
}

fn not_assessed(dimension: &str) -> DimensionScore {
    DimensionScore { dimension: dimension.into(), rating: None, not_assessed: true, evidence: String::new() }
}

fn tick(key: &str, evidence: &str) -> RedFlagTick {
    RedFlagTick { key: key.into(), evidence: evidence.into() }
}

fn sheet(
    scores: Vec<DimensionScore>,
    red_flags: Vec<RedFlagTick>,
    recommendation: Option<Recommendation>,
) -> ScoreSheet {
    ScoreSheet { scores, red_flags, recommendation, takeaways: String::new(), private_notes: String::new() }
}

/// A sheet that passes the submission check for a panel focused on design and ops.
fn complete_sheet() -> ScoreSheet {
    sheet(vec![rated("design", 3, ""), rated("ops", 2, "")], vec![], Some(Recommendation::Yes))
}

fn field_of(result: Result<(), SheetProblem>) -> String {
    result.expect_err("the sheet should be refused").field
}

fn summary(
    id: InterviewId,
    interviewer: &str,
    focus: &[&str],
    exercises: &[&str],
    minutes: u32,
) -> InterviewSummary {
    InterviewSummary {
        id,
        candidate_id: 1,
        interviewer: interviewer.into(),
        interviewer_id: id * 10,
        at: None,
        minutes,
        focus: keys(focus),
        exercises: keys(exercises),
        state: ScoreState::NotStarted,
        submitted_at: None,
        hours_to_submit: None,
    }
}

fn submitted(id: InterviewId, interviewer: &str, sheet: ScoreSheet) -> SubmittedSheet {
    SubmittedSheet { interviewer: interviewer.into(), interview_id: id, sheet }
}

fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "expected {expected}, got {actual}");
}

fn assert_close_opt(actual: Option<f64>, expected: f64) {
    assert_close(actual.expect("a value"), expected);
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The rubric copy

#[test]
fn the_rubric_copies_the_role_with_its_version_and_keys_red_flags_in_order() {
    let role = role();
    let rubric = Rubric::from_role(&role);
    assert_eq!(rubric.role_key, "role.ml-engineer");
    assert_eq!(rubric.role_name, "ML Engineer");
    assert_eq!(rubric.role_version, 7);
    assert_eq!(rubric.dimensions, role.dimensions);
    assert_eq!(rubric.strong_signals, vec!["Talks about failure modes".to_string()]);
    assert_eq!(rubric.weak_signals, vec!["Only talks about accuracy".to_string()]);
    assert_eq!(
        rubric.red_flags,
        vec![
            RedFlag { key: "rf1".into(), text: "Blames the data team".into() },
            RedFlag { key: "rf2".into(), text: "Ships without monitoring".into() },
        ]
    );
    assert_eq!(rubric.red_flag("rf2").unwrap().text, "Ships without monitoring");
    assert!(rubric.red_flag("rf3").is_none());
}

#[test]
fn exercises_are_keyed_by_the_slug_of_their_name_with_everything_else_copied() {
    let rubric = rubric();
    let keys: Vec<&str> = rubric.exercises.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["mlops-pipeline-design", "take-home-feature-store-review"]);
    let first = rubric.exercise("mlops-pipeline-design").expect("found by its slug");
    assert_eq!(first.name, "MLOps pipeline design");
    assert_eq!((first.minutes_min, first.minutes_max), (45, 60));
    assert_eq!(first.prompt, "Prompt for MLOps pipeline design");
    assert_eq!(first.evaluate.len(), 2);
    let second = rubric.exercise("take-home-feature-store-review").unwrap();
    assert_eq!((second.minutes_min, second.minutes_max), (30, 40));
    assert!(rubric.exercise("MLOps pipeline design").is_none(), "found by key, not by name");
}

#[test]
fn copied_dimensions_keep_their_four_anchors() {
    let rubric = rubric();
    let ops = rubric.dimension("ops").expect("ops is a dimension");
    assert_eq!(ops.weight, 30.0);
    assert_eq!(ops.anchor(1), "Operations: well below");
    assert_eq!(ops.anchor(2), "Operations: below");
    assert_eq!(ops.anchor(3), "Operations: meets");
    assert_eq!(ops.anchor(4), "Operations: exceeds");
    assert_eq!(ops.anchor(0), "");
    assert_eq!(ops.anchor(5), "");
    assert!(rubric.dimension("Operations").is_none());
}

#[test]
fn checking_dimension_keys_names_the_unknown_key_and_the_known_ones() {
    let rubric = rubric();
    assert_eq!(rubric.check_dimensions(&keys(&["design", "comm"])), Ok(()));
    assert_eq!(rubric.check_dimensions(&[]), Ok(()));
    let error = rubric.check_dimensions(&keys(&["design", "nope", "also-nope"])).unwrap_err();
    assert!(error.contains("`nope`"), "{error}");
    assert!(!error.contains("also-nope"), "only the first unknown key: {error}");
    assert!(error.contains("ML Engineer"), "{error}");
    assert!(error.contains("design, ops, comm"), "{error}");
}

#[test]
fn checking_exercise_keys_names_the_unknown_key_and_the_known_ones() {
    let rubric = rubric();
    assert_eq!(rubric.check_exercises(&keys(&["take-home-feature-store-review"])), Ok(()));
    let error = rubric.check_exercises(&keys(&["MLOps pipeline design"])).unwrap_err();
    assert!(error.contains("`MLOps pipeline design`"), "{error}");
    assert!(error.contains("exercise"), "{error}");
    assert!(error.contains("mlops-pipeline-design, take-home-feature-store-review"), "{error}");
    // A dimension key is not an exercise.
    assert!(rubric.check_exercises(&keys(&["design"])).is_err());
}

#[test]
fn a_slug_is_lower_case_words_joined_by_hyphens() {
    assert_eq!(slug("MLOps pipeline design"), "mlops-pipeline-design");
    assert_eq!(slug("  Take-home:  Feature store review! "), "take-home-feature-store-review");
    assert_eq!(slug("A/B test 2"), "a-b-test-2");
    assert_eq!(slug("---"), "");
}

// ---------------------------------------------------------------------------------------------
// Sheet checks

#[test]
fn a_draft_may_be_incomplete() {
    let rubric = rubric();
    let focus = keys(&["design", "ops"]);
    assert_eq!(check_sheet(&rubric, &focus, &ScoreSheet::default(), false), Ok(()));
    // A 1 and a 4 without evidence, a red flag without evidence, no recommendation: all fine
    // while drafting.
    let draft = sheet(vec![rated("design", 1, ""), rated("comm", 4, "")], vec![tick("rf1", "")], None);
    assert_eq!(check_sheet(&rubric, &focus, &draft, false), Ok(()));
    // The same sheet cannot be submitted.
    assert!(check_sheet(&rubric, &focus, &draft, true).is_err());
}

#[test]
fn a_rating_outside_one_to_four_is_refused_even_in_a_draft() {
    let rubric = rubric();
    for bad in [0, 5, 255] {
        for submitting in [false, true] {
            let s = sheet(vec![rated("ops", bad, "seen")], vec![], Some(Recommendation::Yes));
            let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
            assert_eq!(problem.field, "rating.ops");
            assert!(problem.message.contains(&format!("not {bad}")), "{}", problem.message);
        }
    }
    for good in [1, 2, 3, 4] {
        let s = sheet(vec![rated("ops", good, "seen")], vec![], None);
        assert_eq!(check_sheet(&rubric, &[], &s, false), Ok(()), "rating {good}");
    }
}

#[test]
fn an_unknown_dimension_is_refused_even_in_a_draft() {
    let rubric = rubric();
    for submitting in [false, true] {
        let s = sheet(vec![rated("design", 3, ""), rated("charm", 3, "")], vec![], Some(Recommendation::Yes));
        let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
        assert_eq!(problem.field, "rating.charm");
        assert!(problem.message.contains("`charm`"), "{}", problem.message);
        assert!(problem.message.contains("design, ops, comm"), "{}", problem.message);
    }
}

#[test]
fn a_rating_marked_not_assessed_as_well_is_refused_even_in_a_draft() {
    let rubric = rubric();
    let both = DimensionScore {
        dimension: "comm".into(),
        rating: Some(2),
        not_assessed: true,
        evidence: String::new(),
    };
    for submitting in [false, true] {
        let s = sheet(vec![both.clone()], vec![], Some(Recommendation::Yes));
        let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
        assert_eq!(problem.field, "rating.comm");
        assert!(problem.message.contains("not assessed"), "{}", problem.message);
    }
    // Not assessed alone is fine.
    let s = sheet(vec![not_assessed("comm")], vec![], Some(Recommendation::Yes));
    assert_eq!(check_sheet(&rubric, &[], &s, true), Ok(()));
}

#[test]
fn a_dimension_scored_twice_is_refused_even_in_a_draft() {
    let rubric = rubric();
    for submitting in [false, true] {
        let s = sheet(
            vec![rated("design", 3, ""), rated("ops", 3, ""), rated("design", 2, "")],
            vec![],
            Some(Recommendation::Yes),
        );
        let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
        assert_eq!(problem.field, "rating.design");
        assert!(problem.message.contains("System design"), "{}", problem.message);
        assert!(problem.message.contains("twice"), "{}", problem.message);
    }
}

#[test]
fn an_unknown_red_flag_is_refused_even_in_a_draft() {
    let rubric = rubric();
    for submitting in [false, true] {
        let s = sheet(vec![], vec![tick("rf1", "seen"), tick("rf3", "seen")], Some(Recommendation::No));
        let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
        assert_eq!(problem.field, "red_flag.rf3");
        assert!(problem.message.contains("`rf3`"), "{}", problem.message);
        assert!(problem.message.contains("rf1, rf2"), "{}", problem.message);
    }
}

#[test]
fn a_red_flag_ticked_twice_is_refused_even_in_a_draft() {
    let rubric = rubric();
    for submitting in [false, true] {
        let s = sheet(vec![], vec![tick("rf2", "once"), tick("rf2", "twice")], Some(Recommendation::No));
        let problem = check_sheet(&rubric, &[], &s, submitting).unwrap_err();
        assert_eq!(problem.field, "red_flag.rf2");
        assert!(problem.message.contains("twice"), "{}", problem.message);
    }
}

#[test]
fn a_complete_sheet_can_be_submitted() {
    let rubric = rubric();
    assert_eq!(check_sheet(&rubric, &keys(&["design", "ops"]), &complete_sheet(), true), Ok(()));
}

#[test]
fn a_focus_dimension_left_unscored_blocks_the_submission() {
    let rubric = rubric();
    let focus = keys(&["design", "ops", "comm"]);
    // comm has no score at all.
    assert_eq!(field_of(check_sheet(&rubric, &focus, &complete_sheet(), true)), "rating.comm");
    // A score entry with neither a rating nor "not assessed" does not count either.
    let mut s = complete_sheet();
    s.scores.push(DimensionScore {
        dimension: "comm".into(),
        rating: None,
        not_assessed: false,
        evidence: "said hi".into(),
    });
    let problem = check_sheet(&rubric, &focus, &s, true).unwrap_err();
    assert_eq!(problem.field, "rating.comm");
    assert!(problem.message.contains("Communication"), "{}", problem.message);
    // A dimension outside the focus need not be scored.
    assert_eq!(check_sheet(&rubric, &keys(&["design"]), &complete_sheet(), true), Ok(()));
}

#[test]
fn not_assessed_satisfies_a_focus_dimension() {
    let rubric = rubric();
    let mut s = complete_sheet();
    s.scores.push(not_assessed("comm"));
    assert_eq!(check_sheet(&rubric, &keys(&["design", "ops", "comm"]), &s, true), Ok(()));
}

#[test]
fn a_one_or_a_four_needs_evidence_to_submit() {
    let rubric = rubric();
    let focus = keys(&["design", "ops"]);
    for extreme in [1, 4] {
        let s =
            sheet(vec![rated("design", 3, ""), rated("ops", extreme, "")], vec![], Some(Recommendation::Yes));
        let problem = check_sheet(&rubric, &focus, &s, true).unwrap_err();
        assert_eq!(problem.field, "evidence.ops");
        assert!(problem.message.contains("Operations"), "{}", problem.message);
        assert!(problem.message.contains(&format!("rated {extreme}")), "{}", problem.message);
        // Whitespace is not evidence.
        let s = sheet(
            vec![rated("design", 3, ""), rated("ops", extreme, " \n\t ")],
            vec![],
            Some(Recommendation::Yes),
        );
        assert_eq!(field_of(check_sheet(&rubric, &focus, &s, true)), "evidence.ops");
        // With evidence it goes through.
        let s = sheet(
            vec![rated("design", 3, ""), rated("ops", extreme, "Paged at 3am, fixed it")],
            vec![],
            Some(Recommendation::Yes),
        );
        assert_eq!(check_sheet(&rubric, &focus, &s, true), Ok(()));
    }
}

#[test]
fn an_extreme_rating_outside_the_focus_needs_evidence_too() {
    let rubric = rubric();
    let mut s = complete_sheet();
    s.scores.push(rated("comm", 4, ""));
    assert_eq!(field_of(check_sheet(&rubric, &keys(&["design", "ops"]), &s, true)), "evidence.comm");
}

#[test]
fn a_two_or_a_three_needs_no_evidence() {
    let rubric = rubric();
    let s = sheet(
        vec![rated("design", 2, ""), rated("ops", 3, ""), rated("comm", 2, "")],
        vec![],
        Some(Recommendation::No),
    );
    assert_eq!(check_sheet(&rubric, &keys(&["design", "ops", "comm"]), &s, true), Ok(()));
}

#[test]
fn a_red_flag_needs_evidence_to_submit() {
    let rubric = rubric();
    let focus = keys(&["design", "ops"]);
    let mut s = complete_sheet();
    s.red_flags = vec![tick("rf1", "Said the data team broke it"), tick("rf2", "  ")];
    let problem = check_sheet(&rubric, &focus, &s, true).unwrap_err();
    assert_eq!(problem.field, "red_flag.rf2");
    assert!(problem.message.contains("rf2"), "{}", problem.message);
    s.red_flags[1].evidence = "No dashboards in the design".into();
    assert_eq!(check_sheet(&rubric, &focus, &s, true), Ok(()));
}

#[test]
fn a_submission_needs_a_recommendation() {
    let rubric = rubric();
    let focus = keys(&["design", "ops"]);
    let mut s = complete_sheet();
    s.recommendation = None;
    assert_eq!(field_of(check_sheet(&rubric, &focus, &s, true)), "recommendation");
    for r in Recommendation::ALL {
        s.recommendation = Some(*r);
        assert_eq!(check_sheet(&rubric, &focus, &s, true), Ok(()), "{r}");
    }
}

#[test]
fn no_decision_counts_as_a_recommendation() {
    let rubric = rubric();
    let mut s = complete_sheet();
    s.recommendation = Some(Recommendation::NoDecision);
    assert_eq!(check_sheet(&rubric, &keys(&["design", "ops"]), &s, true), Ok(()));
}

#[test]
fn a_sheet_reads_not_assessed_as_no_rating_and_can_drop_its_private_notes() {
    let mut s = sheet(vec![rated("design", 4, "x"), not_assessed("ops")], vec![], None);
    s.private_notes = "only for me".into();
    s.takeaways = "for the panel".into();
    assert_eq!(s.rating("design"), Some(4));
    assert_eq!(s.rating("ops"), None);
    assert!(s.score("ops").is_some());
    assert_eq!(s.rating("comm"), None);
    let public = s.without_private_notes();
    assert_eq!(public.private_notes, "");
    assert_eq!(public.takeaways, "for the panel");
    assert_eq!(public.scores.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// The sealing rule

#[test]
fn only_owners_and_chairs_hold_the_chair_permission() {
    let chairs: Vec<BoardRole> =
        BoardRole::ALL.iter().copied().filter(|r| r.grants(Permission::Chair)).collect();
    assert_eq!(chairs, [BoardRole::Owner, BoardRole::Chair]);
}

/// Where the reader stands relative to the scorecard being read.
#[derive(Debug, Clone, Copy)]
enum Situation {
    Author,
    OnPanelNotSubmitted,
    OnPanelSubmitted,
    NotOnPanel,
}

const AUTHOR: i64 = 1;
const OTHER: i64 = 2;

fn reader(chair: bool, situation: Situation, author_submitted: bool) -> Reader {
    match situation {
        // The author's own scorecard is their only one on the panel.
        Situation::Author => {
            Reader { user_id: AUTHOR, chair, on_panel: true, submitted_own: author_submitted }
        }
        Situation::OnPanelNotSubmitted => {
            Reader { user_id: OTHER, chair, on_panel: true, submitted_own: false }
        }
        Situation::OnPanelSubmitted => Reader { user_id: OTHER, chair, on_panel: true, submitted_own: true },
        Situation::NotOnPanel => Reader { user_id: OTHER, chair, on_panel: false, submitted_own: false },
    }
}

#[test]
fn the_sealing_rule_for_every_board_role_in_every_situation() {
    use Situation::*;
    use Visibility as V;
    // (situation, draft, submitted for a chair, submitted for anyone else,
    //  debrief for a chair, debrief for anyone else while the scorecard is a draft / submitted)
    let table = [
        (Author, V::Author, V::Author, V::Author, (true, true), (false, true)),
        (OnPanelNotSubmitted, V::Sealed, V::Chair, V::Sealed, (true, true), (false, false)),
        (OnPanelSubmitted, V::Sealed, V::Chair, V::Panel, (true, true), (true, true)),
        (NotOnPanel, V::Sealed, V::Chair, V::Sealed, (true, true), (false, false)),
    ];
    for role in BoardRole::ALL.iter().copied() {
        let chair = role.grants(Permission::Chair);
        for (situation, draft, submitted_chair, submitted_other, debrief_chair, debrief_other) in table {
            let expected_submitted = if chair { submitted_chair } else { submitted_other };
            let (debrief_draft, debrief_submitted) = if chair { debrief_chair } else { debrief_other };

            let on_draft = reader(chair, situation, false);
            assert_eq!(visibility(&on_draft, AUTHOR, false), draft, "{role} {situation:?} reading a draft");
            assert_eq!(debrief_open(&on_draft), debrief_draft, "{role} {situation:?} debrief, draft");

            let on_submitted = reader(chair, situation, true);
            assert_eq!(
                visibility(&on_submitted, AUTHOR, true),
                expected_submitted,
                "{role} {situation:?} reading a submitted scorecard"
            );
            assert_eq!(
                debrief_open(&on_submitted),
                debrief_submitted,
                "{role} {situation:?} debrief, submitted"
            );
        }
    }
}

#[test]
fn drafts_are_sealed_to_everyone_but_their_author_chairs_included() {
    for chair in [false, true] {
        for on_panel in [false, true] {
            for submitted_own in [false, true] {
                let r = Reader { user_id: OTHER, chair, on_panel, submitted_own };
                assert_eq!(visibility(&r, AUTHOR, false), Visibility::Sealed, "{r:?}");
                let me = Reader { user_id: AUTHOR, ..r };
                assert_eq!(visibility(&me, AUTHOR, false), Visibility::Author, "{me:?}");
                assert_eq!(visibility(&me, AUTHOR, true), Visibility::Author, "{me:?}");
            }
        }
    }
}

#[test]
fn a_viewer_not_on_the_panel_never_sees_anything() {
    let chair = BoardRole::Viewer.grants(Permission::Chair);
    assert!(!chair);
    // Even with a vacuous "submitted all their own" (they have none).
    for submitted_own in [false, true] {
        let r = Reader { user_id: OTHER, chair, on_panel: false, submitted_own };
        assert_eq!(visibility(&r, AUTHOR, false), Visibility::Sealed);
        assert_eq!(visibility(&r, AUTHOR, true), Visibility::Sealed);
        assert!(!debrief_open(&r));
    }
}

// ---------------------------------------------------------------------------------------------
// The debrief

/// Ana, Ben and Cai on the 50/30/20 rubric:
///
/// | dimension (weight) | Ana          | Ben | Cai | mean        | spread |
/// |--------------------|--------------|-----|-----|-------------|--------|
/// | design (50)        | 2            | 4   | 3   | 9/3 = 3.0   | 2 ⚑    |
/// | ops (30)           | 3            | 4   | —   | 7/2 = 3.5   | 1      |
/// | comm (20)          | not assessed | —   | —   | —  (gap)    | —      |
fn panel() -> Vec<SubmittedSheet> {
    vec![
        submitted(
            11,
            "Ana",
            sheet(
                vec![
                    rated("design", 2, "Could not scale the feature store"),
                    rated("ops", 3, ""),
                    not_assessed("comm"),
                ],
                vec![tick("rf2", "No monitoring in the design")],
                Some(Recommendation::No),
            ),
        ),
        submitted(
            12,
            "Ben",
            sheet(
                vec![rated("ops", 4, "Ran the on-call rota"), rated("design", 4, "Sharded cleanly")],
                vec![tick("rf1", "Blamed the data team twice")],
                Some(Recommendation::StrongYes),
            ),
        ),
        submitted(
            13,
            "Cai",
            sheet(
                vec![rated("design", 3, "")],
                vec![tick("rf2", "Skipped alerting")],
                Some(Recommendation::Yes),
            ),
        ),
    ]
}

#[test]
fn the_debrief_gives_every_dimension_its_ratings_mean_and_spread() {
    let rubric = rubric();
    let (dimensions, ..) = compute_debrief(&rubric, &panel());
    let keys: Vec<&str> = dimensions.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys, ["design", "ops", "comm"], "in the rubric's order");

    let design = &dimensions[0];
    assert_eq!(design.name, "System design");
    assert_eq!(design.weight, 50.0);
    let who: Vec<(&str, Option<u8>)> =
        design.ratings.iter().map(|r| (r.interviewer.as_str(), r.rating)).collect();
    assert_eq!(who, [("Ana", Some(2)), ("Ben", Some(4)), ("Cai", Some(3))]);
    assert_eq!(design.ratings[0].interview_id, 11);
    assert_eq!(design.ratings[0].evidence, "Could not scale the feature store");
    assert_close_opt(design.mean, 3.0);
    assert_eq!(design.spread, Some(2));
    assert!(design.disagreement, "a spread of 2 is a disagreement");
    assert!(!design.gap);

    let ops = &dimensions[1];
    let who: Vec<(&str, Option<u8>)> =
        ops.ratings.iter().map(|r| (r.interviewer.as_str(), r.rating)).collect();
    assert_eq!(who, [("Ana", Some(3)), ("Ben", Some(4))]);
    assert_close_opt(ops.mean, 3.5);
    assert_eq!(ops.spread, Some(1));
    assert!(!ops.disagreement, "a spread of 1 is not");
    assert!(!ops.gap);

    let comm = &dimensions[2];
    assert_eq!(comm.ratings.len(), 1, "the not-assessed mark is listed");
    assert_eq!(comm.ratings[0].interviewer, "Ana");
    assert!(comm.ratings[0].not_assessed);
    assert_eq!(comm.ratings[0].rating, None);
    assert_eq!(comm.mean, None);
    assert_eq!(comm.spread, None);
    assert!(!comm.disagreement);
    assert!(comm.gap, "nobody rated it: not assessed is not a rating");
}

#[test]
fn weighted_totals_renormalise_over_the_dimensions_each_interviewer_rated() {
    let rubric = rubric();
    let (_, totals, panel_total, ..) = compute_debrief(&rubric, &panel());
    let who: Vec<&str> = totals.iter().map(|t| t.who.as_str()).collect();
    assert_eq!(who, ["Ana", "Ben", "Cai"]);
    // Ana: (50·2 + 30·3) / (50 + 30) = 190 / 80 = 2.375; comm not assessed, so 80 % covered.
    assert_close_opt(totals[0].total, 2.375);
    assert_close(totals[0].weight_covered, 80.0);
    // Ben: (50·4 + 30·4) / 80 = 4.0, 80 %.
    assert_close_opt(totals[1].total, 4.0);
    assert_close(totals[1].weight_covered, 80.0);
    // Cai: 50·3 / 50 = 3.0, 50 %.
    assert_close_opt(totals[2].total, 3.0);
    assert_close(totals[2].weight_covered, 50.0);
    // Panel over the dimension means: (50·3.0 + 30·3.5) / 80 = 255 / 80 = 3.1875, 80 %.
    assert_eq!(panel_total.who, "Panel");
    assert_close_opt(panel_total.total, 3.1875);
    assert_close(panel_total.weight_covered, 80.0);
}

#[test]
fn a_scorecard_rating_every_dimension_covers_all_the_weight() {
    let rubric = rubric();
    let sheets = [submitted(
        1,
        "Dee",
        sheet(
            vec![rated("design", 4, "x"), rated("ops", 2, ""), rated("comm", 1, "y")],
            vec![],
            Some(Recommendation::Yes),
        ),
    )];
    let (_, totals, panel_total, ..) = compute_debrief(&rubric, &sheets);
    // (50·4 + 30·2 + 20·1) / 100 = 280 / 100 = 2.8.
    assert_close_opt(totals[0].total, 2.8);
    assert_close(totals[0].weight_covered, 100.0);
    assert_close_opt(panel_total.total, 2.8);
    assert_close(panel_total.weight_covered, 100.0);
}

#[test]
fn a_scorecard_rating_nothing_has_no_total() {
    let rubric = rubric();
    let sheets =
        [submitted(1, "Eve", sheet(vec![not_assessed("design")], vec![], Some(Recommendation::NoDecision)))];
    let (dimensions, totals, panel_total, red_flags, _, majority) = compute_debrief(&rubric, &sheets);
    assert!(dimensions.iter().all(|d| d.gap));
    assert_eq!(totals[0].total, None);
    assert_close(totals[0].weight_covered, 0.0);
    assert_eq!(panel_total.total, None);
    assert_close(panel_total.weight_covered, 0.0);
    assert!(red_flags.is_empty());
    assert_eq!(majority, None);
}

#[test]
fn red_flags_roll_up_with_their_evidence_in_the_rubrics_order() {
    let rubric = rubric();
    let (.., red_flags, _, _) = compute_debrief(&rubric, &panel());
    assert_eq!(
        red_flags,
        vec![
            RedFlagRaised {
                key: "rf1".into(),
                text: "Blames the data team".into(),
                raised_by: vec![("Ben".into(), "Blamed the data team twice".into())],
            },
            RedFlagRaised {
                key: "rf2".into(),
                text: "Ships without monitoring".into(),
                raised_by: vec![
                    ("Ana".into(), "No monitoring in the design".into()),
                    ("Cai".into(), "Skipped alerting".into()),
                ],
            },
        ]
    );
    // A flag nobody raised is left out.
    let without_ben: Vec<SubmittedSheet> = panel().into_iter().filter(|s| s.interviewer != "Ben").collect();
    let (.., red_flags, _, _) = compute_debrief(&rubric, &without_ben);
    let keys: Vec<&str> = red_flags.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["rf2"]);
}

#[test]
fn recommendations_are_counted_with_zeros_strong_no_first() {
    let rubric = rubric();
    let (.., recommendations, majority) = compute_debrief(&rubric, &panel());
    use Recommendation::*;
    assert_eq!(recommendations, vec![(StrongNo, 0), (No, 1), (Yes, 1), (StrongYes, 1), (NoDecision, 0)]);
    assert_eq!(majority, Some(true), "two yes against one no");
}

#[test]
fn no_decision_is_left_out_of_the_majority() {
    let rubric = rubric();
    let with = |recs: &[Recommendation]| -> Option<bool> {
        let sheets: Vec<SubmittedSheet> = recs
            .iter()
            .enumerate()
            .map(|(i, r)| submitted(i as i64, &format!("I{i}"), sheet(vec![], vec![], Some(*r))))
            .collect();
        compute_debrief(&rubric, &sheets).5
    };
    use Recommendation::*;
    assert_eq!(with(&[No, Yes, NoDecision, NoDecision, NoDecision]), None, "a tie, however many abstain");
    assert_eq!(with(&[StrongNo, NoDecision, NoDecision]), Some(false));
    assert_eq!(with(&[StrongYes, No, StrongNo]), Some(false));
    assert_eq!(with(&[NoDecision]), None);
    assert_eq!(with(&[]), None);
}

#[test]
fn the_majority_is_the_side_with_more_recommendations() {
    use Recommendation::*;
    assert_eq!(majority(&[(StrongNo, 0), (No, 1), (Yes, 1), (StrongYes, 1), (NoDecision, 5)]), Some(true));
    assert_eq!(majority(&[(StrongNo, 2), (No, 0), (Yes, 1), (StrongYes, 0), (NoDecision, 0)]), Some(false));
    assert_eq!(majority(&[(StrongNo, 1), (No, 1), (Yes, 0), (StrongYes, 2), (NoDecision, 3)]), None);
    assert_eq!(majority(&[(NoDecision, 4)]), None);
    assert_eq!(majority(&[]), None);
    assert_eq!(StrongNo.leans_hire(), Some(false));
    assert_eq!(No.leans_hire(), Some(false));
    assert_eq!(Yes.leans_hire(), Some(true));
    assert_eq!(StrongYes.leans_hire(), Some(true));
    assert_eq!(NoDecision.leans_hire(), None);
}

#[test]
fn a_decision_against_the_majority_is_a_hire_against_no_or_a_no_hire_against_yes() {
    use FinalDecision::*;
    assert!(against_majority(Hire, Some(false)));
    assert!(!against_majority(Hire, Some(true)));
    assert!(!against_majority(Hire, None));
    assert!(against_majority(NoHire, Some(true)));
    assert!(!against_majority(NoHire, Some(false)));
    assert!(!against_majority(NoHire, None));
    for majority in [Some(true), Some(false), None] {
        assert!(!against_majority(Withdrawn, majority), "a withdrawal never goes against {majority:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The panel planner

#[test]
fn an_empty_panel_has_no_warnings() {
    assert!(panel_warnings(&rubric(), &[]).is_empty());
}

#[test]
fn a_weighted_dimension_with_fewer_than_two_interviewers_is_warned() {
    let rubric = rubric();
    let interviews =
        [summary(1, "Ana", &["design", "ops"], &[], 60), summary(2, "Ben", &["design"], &[], 60)];
    let warnings = panel_warnings(&rubric, &interviews);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        !warnings.iter().any(|w| w.contains("System design")),
        "two interviewers are enough: {warnings:#?}"
    );
    assert!(warnings[0].contains("Operations"), "{}", warnings[0]);
    assert!(warnings[0].contains("30%"), "{}", warnings[0]);
    assert!(warnings[0].contains("only Ana covers it"), "{}", warnings[0]);
    assert!(warnings[1].contains("Communication"), "{}", warnings[1]);
    assert!(warnings[1].contains("20%"), "{}", warnings[1]);
    assert!(warnings[1].contains("nobody covers it"), "{}", warnings[1]);
}

#[test]
fn a_panel_covering_every_dimension_twice_is_not_warned() {
    let rubric = rubric();
    let interviews = [
        summary(1, "Ana", &["design", "ops", "comm"], &[], 60),
        summary(2, "Ben", &["comm", "ops", "design"], &[], 60),
    ];
    assert_eq!(panel_warnings(&rubric, &interviews), Vec::<String>::new());
}

#[test]
fn one_interviewer_with_two_interviews_still_counts_once() {
    let rubric = rubric();
    let interviews = [
        summary(1, "Ana", &["design", "ops", "comm"], &[], 60),
        summary(2, "Ana", &["design"], &[], 60),
        summary(3, "Ben", &["ops", "comm"], &[], 60),
    ];
    let warnings = panel_warnings(&rubric, &interviews);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("System design") && warnings[0].contains("only Ana covers it"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_dimension_without_weight_needs_no_interviewers() {
    let mut rubric = rubric();
    rubric.dimensions.push(dimension("trivia", "Trivia", 0.0));
    let interviews = [
        summary(1, "Ana", &["design", "ops", "comm"], &[], 60),
        summary(2, "Ben", &["design", "ops", "comm"], &[], 60),
    ];
    assert!(panel_warnings(&rubric, &interviews).is_empty());
}

#[test]
fn exercises_needing_more_than_the_interviews_minutes_are_warned() {
    let rubric = rubric();
    let both = ["mlops-pipeline-design", "take-home-feature-store-review"];
    let all = ["design", "ops", "comm"];
    let interviews = [
        // 45 + 30 = 75 minimum minutes in 60.
        summary(1, "Ana", &all, &both, 60),
        // Exactly enough.
        summary(2, "Ben", &all, &both, 75),
        // 45 in 45, and an unknown exercise adds nothing.
        summary(3, "Cai", &all, &["mlops-pipeline-design", "no-such-exercise"], 45),
        // 30 in 29.
        summary(4, "Dee", &all, &["take-home-feature-store-review"], 29),
    ];
    let warnings = panel_warnings(&rubric, &interviews);
    assert_eq!(
        warnings,
        vec![
            "Ana's interview plans 60 minutes but its exercises need at least 75.".to_string(),
            "Dee's interview plans 29 minutes but its exercises need at least 30.".to_string(),
        ]
    );
}

#[test]
fn coverage_lists_who_covers_each_dimension_in_the_rubrics_order() {
    let rubric = rubric();
    let interviews =
        [summary(1, "Ana", &["ops", "design"], &[], 60), summary(2, "Ben", &["design"], &[], 60)];
    let coverage = panel_coverage(&rubric, &interviews);
    let rows: Vec<(&str, f64, Vec<&str>)> = coverage
        .iter()
        .map(|c| (c.dimension.as_str(), c.weight, c.interviewers.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        rows,
        vec![("design", 50.0, vec!["Ana", "Ben"]), ("ops", 30.0, vec!["Ana"]), ("comm", 20.0, vec![])]
    );
    assert_eq!(coverage[0].name, "System design");
}

#[test]
fn coverage_names_each_interviewer_once_however_many_interviews_they_have() {
    let rubric = rubric();
    let interviews = [
        summary(1, "Ana", &["design"], &[], 60),
        summary(2, "Ben", &["design"], &[], 60),
        summary(3, "Ana", &["design"], &[], 60),
    ];
    let coverage = panel_coverage(&rubric, &interviews);
    assert_eq!(coverage[0].interviewers, vec!["Ana".to_string(), "Ben".to_string()]);
}

// ---------------------------------------------------------------------------------------------
// Retention

#[test]
fn the_retention_period_ends_months_later_clamped_to_the_end_of_the_month() {
    let policy = RetentionPolicy::default();
    assert_eq!(policy.due_on(day(2026, 8, 31), false), day(2027, 2, 28));
    assert_eq!(policy.due_on(day(2027, 8, 31), false), day(2028, 2, 29), "a leap year");
    assert_eq!(policy.due_on(day(2026, 3, 15), false), day(2026, 9, 15));
    // With consent, 24 months.
    assert_eq!(policy.due_on(day(2026, 8, 31), true), day(2028, 8, 31));
    assert_eq!(policy.due_on(day(2026, 2, 28), true), day(2028, 2, 28));
    let custom = RetentionPolicy { months: 7, consent_months: 13, ..RetentionPolicy::default() };
    assert_eq!(custom.due_on(day(2026, 7, 31), false), day(2027, 2, 28));
    assert_eq!(custom.due_on(day(2026, 7, 31), true), day(2027, 8, 31));
}

#[test]
fn an_open_process_has_no_due_date() {
    let policy = RetentionPolicy::default();
    for consent in [false, true] {
        let status = policy.status(None, consent, false, day(2030, 1, 1));
        assert_eq!(
            status,
            RetentionStatus { due_on: None, legal_hold: false, consent_extended: consent, warning: None }
        );
    }
}

#[test]
fn a_legal_hold_keeps_a_candidate_however_long_ago_they_were_decided() {
    let policy = RetentionPolicy::default();
    let status = policy.status(Some(day(2020, 1, 1)), false, true, day(2030, 1, 1));
    assert_eq!(
        status,
        RetentionStatus { due_on: None, legal_hold: true, consent_extended: false, warning: None }
    );
}

#[test]
fn a_candidate_far_from_their_due_date_has_no_warning() {
    let policy = RetentionPolicy::default();
    // Due 2027-02-28; 15 days before is outside the 14-day window.
    let status = policy.status(Some(day(2026, 8, 31)), false, false, day(2027, 2, 13));
    assert_eq!(status.due_on, Some(day(2027, 2, 28)));
    assert!(!status.legal_hold);
    assert!(!status.consent_extended);
    assert_eq!(status.warning, None);
}

#[test]
fn a_candidate_within_the_warning_window_is_warned_with_the_days_left() {
    let policy = RetentionPolicy::default();
    let decided = Some(day(2026, 8, 31));
    let status = policy.status(decided, false, false, day(2027, 2, 14));
    let warning = status.warning.expect("14 days left is within the window");
    assert!(warning.contains("14 days from now"), "{warning}");
    assert!(warning.contains("2027-02-28"), "{warning}");
    assert!(warning.contains("anonymised"), "{warning}");

    let status = policy.status(decided, false, false, day(2027, 2, 27));
    assert!(status.warning.unwrap().contains("1 days from now"));

    let delete = RetentionPolicy { action: RetentionAction::Delete, ..RetentionPolicy::default() };
    let warning = delete.status(decided, false, false, day(2027, 2, 20)).warning.unwrap();
    assert!(warning.contains("deleted") && warning.contains("8 days from now"), "{warning}");
}

#[test]
fn a_candidate_past_their_period_is_warned_that_it_is_due() {
    let policy = RetentionPolicy::default();
    let decided = Some(day(2026, 8, 31));
    for today in [day(2027, 2, 28), day(2027, 3, 1), day(2029, 1, 1)] {
        let warning = policy.status(decided, false, false, today).warning.expect("due");
        assert!(warning.contains("ended on 2027-02-28"), "{today}: {warning}");
        assert!(warning.contains("next retention run"), "{today}: {warning}");
        assert!(!warning.contains("days from now"), "{today}: {warning}");
    }
}

#[test]
fn consent_moves_the_due_date_to_the_consent_period() {
    let policy = RetentionPolicy::default();
    let status = policy.status(Some(day(2026, 8, 31)), true, false, day(2027, 3, 1));
    assert_eq!(status.due_on, Some(day(2028, 8, 31)));
    assert!(status.consent_extended);
    assert_eq!(status.warning, None, "not due under consent");
}

#[test]
fn the_retention_policy_refuses_bad_periods_naming_the_field() {
    let ok = RetentionPolicy::default();
    assert_eq!(ok.check(), Ok(()));
    let field = |policy: RetentionPolicy| policy.check().expect_err("refused").field;
    assert_eq!(field(RetentionPolicy { months: 0, ..ok.clone() }), "months");
    assert_eq!(field(RetentionPolicy { months: 121, consent_months: 121, ..ok.clone() }), "months");
    assert_eq!(field(RetentionPolicy { months: 12, consent_months: 11, ..ok.clone() }), "consent_months");
    assert_eq!(field(RetentionPolicy { consent_months: 121, ..ok.clone() }), "consent_months");
    assert_eq!(field(RetentionPolicy { warn_days: 366, ..ok.clone() }), "warn_days");
    // The edges are allowed.
    assert_eq!(RetentionPolicy { months: 12, consent_months: 12, ..ok.clone() }.check(), Ok(()));
    assert_eq!(
        RetentionPolicy { months: 120, consent_months: 120, warn_days: 365, ..ok.clone() }.check(),
        Ok(())
    );
    assert_eq!(RetentionPolicy { months: 1, warn_days: 0, ..ok.clone() }.check(), Ok(()));
    let problem = RetentionPolicy { months: 12, consent_months: 6, ..ok }.check().unwrap_err();
    assert!(
        problem.message.contains("6 months") && problem.message.contains("12 months"),
        "{}",
        problem.message
    );
}

// ---------------------------------------------------------------------------------------------
// Wire words

#[test]
fn recommendations_round_trip_as_kebab_words() {
    let words: Vec<&str> = Recommendation::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(words, ["strong-no", "no", "yes", "strong-yes", "no-decision"]);
    for r in Recommendation::ALL.iter().copied() {
        assert_eq!(r.as_str().parse::<Recommendation>(), Ok(r));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, format!("\"{}\"", r.as_str()));
        assert_eq!(serde_json::from_str::<Recommendation>(&json).unwrap(), r);
    }
    assert_eq!(serde_json::to_string(&Recommendation::StrongNo).unwrap(), "\"strong-no\"");
    assert_eq!(" strong-yes ".parse::<Recommendation>(), Ok(Recommendation::StrongYes));
    let error = "StrongNo".parse::<Recommendation>().unwrap_err();
    assert!(error.contains("strong-no, no, yes, strong-yes, no-decision"), "{error}");
    assert!(serde_json::from_str::<Recommendation>("\"strong_no\"").is_err());
}

#[test]
fn stages_round_trip_as_words() {
    let words: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(words, ["applied", "screening", "interviewing", "debrief", "decided"]);
    for s in Stage::ALL.iter().copied() {
        assert_eq!(s.as_str().parse::<Stage>(), Ok(s));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.as_str()));
        assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), s);
    }
    assert!("Decided".parse::<Stage>().is_err());
    assert_eq!(serde_json::to_string(&FinalDecision::NoHire).unwrap(), "\"no-hire\"");
    assert_eq!("not-started".parse::<ScoreState>(), Ok(ScoreState::NotStarted));
}

#[test]
fn ratings_have_labels_on_the_one_to_four_scale() {
    assert_eq!(rating_label(1), "1 · well below the bar");
    assert_eq!(rating_label(3), "3 · meets the bar");
    assert_eq!(rating_label(4), "4 · exceeds the bar");
    assert_eq!(rating_label(0), "not a rating");
    assert_eq!(rating_label(5), "not a rating");
}
