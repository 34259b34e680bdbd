//! Interview panels through the engine: sealing for two interviewers and the chair, the
//! debrief, decisions against the majority, retention, anonymise, delete and export.

use super::*;
use crate::services::{Caller, test_board};
use archboard_types::people::{NewUser, Role};
use chrono::TimeZone;

const ROLE: &str = "role.lead-ml-architect";

fn add_user(services: &mut Services, name: &str, roles: &[Role]) -> Caller {
    let invitation =
        services.user_add(NewUser { name: name.into(), email: None, roles: roles.to_vec() }).unwrap();
    Caller::of(&invitation.user)
}

struct Panel {
    services: Services,
    _dir: tempfile::TempDir,
    chair: Caller,
    ada: Caller,
    bo: Caller,
    viewer: Caller,
    candidate: CandidateId,
    ada_interview: InterviewId,
    bo_interview: InterviewId,
}

fn panel(name: &str) -> Panel {
    let (dir, mut services) = test_board();
    let chair = services.caller.clone().unwrap();
    let ada = add_user(&mut services, "ada", &[Role::Interviewer]);
    let bo = add_user(&mut services, "bo", &[Role::Interviewer]);
    let viewer = add_user(&mut services, "vic", &[Role::Viewer]);
    let candidate = services
        .candidate_add(NewCandidate {
            name: name.into(),
            role_key: ROLE.into(),
            email: "zed@example.com".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let plan = |services: &mut Services, who: &str, focus: &[&str]| {
        services
            .interview_plan(InterviewPlan {
                candidate_id: candidate,
                interviewer: who.into(),
                focus: focus.iter().map(|s| s.to_string()).collect(),
                exercises: vec!["architecture-case-study".into()],
                at: Some(Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()),
                minutes: Some(90),
            })
            .unwrap()
            .id
    };
    let ada_interview = plan(&mut services, "ada", &["ml-system-architecture", "communication"]);
    let bo_interview = plan(&mut services, "bo", &["ml-system-architecture", "communication"]);
    Panel { services, _dir: dir, chair, ada, bo, viewer, candidate, ada_interview, bo_interview }
}

fn sheet(architecture: u8, communication: u8, recommend: Recommendation, private: &str) -> ScoreSheet {
    let score = |key: &str, rating: u8| DimensionScore {
        dimension: key.into(),
        rating: Some(rating),
        not_assessed: false,
        evidence: format!("saw {key} at {rating}"),
    };
    ScoreSheet {
        scores: vec![score("ml-system-architecture", architecture), score("communication", communication)],
        red_flags: vec![],
        recommendation: Some(recommend),
        takeaways: "clear thinker".into(),
        private_notes: private.into(),
    }
}

impl Panel {
    fn r#as(&mut self, caller: &Caller) -> &mut Services {
        self.services.caller = Some(caller.clone());
        &mut self.services
    }

    fn score(
        &mut self,
        who: &Caller,
        interview: InterviewId,
        sheet: ScoreSheet,
        submit: bool,
    ) -> Result<InterviewScorecard, ApiError> {
        self.r#as(who).interview_score(ScoreSave { interview_id: interview, sheet, submit })
    }
}

#[test]
fn scorecards_stay_sealed_until_the_reader_has_submitted_their_own_and_the_chair_sees_all() {
    let mut p = panel("Zed Quill");
    let cid = p.candidate;
    let (ada, bo, chair, viewer) = (p.ada.clone(), p.bo.clone(), p.chair.clone(), p.viewer.clone());
    let (a, b) = (p.ada_interview, p.bo_interview);
    // Ada saves a draft: nobody else sees it, not even the chair.
    p.score(&ada, a, sheet(4, 3, Recommendation::Yes, "ada private"), false).unwrap();
    let seen = p.r#as(&chair).interview_scorecard(InterviewRef { id: a }).unwrap();
    assert_eq!((seen.visibility, seen.sheet.is_none()), (Visibility::Sealed, true));
    // Ada submits: Bo, who has not, still sees nothing of it, nor the debrief.
    p.score(&ada, a, sheet(4, 3, Recommendation::Yes, "ada private"), true).unwrap();
    let seen = p.r#as(&bo).interview_scorecard(InterviewRef { id: a }).unwrap();
    assert_eq!(seen.visibility, Visibility::Sealed);
    assert!(seen.sheet.is_none() && seen.addenda.is_empty());
    let refused = p.r#as(&bo).debrief(CandidateRef { id: cid }).unwrap_err();
    assert_eq!(refused.code, archboard_types::ErrorCode::Forbidden);
    let through_api = p.r#as(&bo).dispatch("interview_scorecard", serde_json::json!({ "id": a })).unwrap();
    assert!(!through_api.to_string().contains("saw ml-system-architecture"), "{through_api}");
    // The chair sees Ada's submitted card with its private notes.
    let seen = p.r#as(&chair).interview_scorecard(InterviewRef { id: a }).unwrap();
    assert_eq!(seen.visibility, Visibility::Chair);
    assert_eq!(seen.sheet.unwrap().private_notes, "ada private");
    // Bo cannot write on Ada's card; Ada cannot change hers once submitted.
    assert_eq!(
        p.score(&bo, a, ScoreSheet::default(), false).unwrap_err().code,
        archboard_types::ErrorCode::Forbidden
    );
    assert_eq!(
        p.score(&ada, a, ScoreSheet::default(), false).unwrap_err().code,
        archboard_types::ErrorCode::Conflict
    );
    // Bo submits and now reads Ada's ratings, without her private notes.
    p.score(&bo, b, sheet(2, 3, Recommendation::No, "bo private"), true).unwrap();
    let seen = p.r#as(&bo).interview_scorecard(InterviewRef { id: a }).unwrap();
    assert_eq!(seen.visibility, Visibility::Panel);
    let ada_sheet = seen.sheet.unwrap();
    assert_eq!(ada_sheet.rating("ml-system-architecture"), Some(4));
    assert!(ada_sheet.private_notes.is_empty());
    // A viewer is refused candidate data altogether, by the endpoint's permission.
    let refused = p.r#as(&viewer).dispatch("candidate_get", serde_json::json!({ "id": cid })).unwrap_err();
    assert_eq!(refused.code, archboard_types::ErrorCode::Forbidden);
    // Addenda: only after submission, with a reason, by the author.
    let card = p
        .r#as(&ada)
        .interview_addendum(AddendumRequest {
            interview_id: a,
            reason: "typo".into(),
            text: "meant 3 on communication".into(),
        })
        .unwrap();
    assert_eq!(card.addenda.len(), 1);
    assert_eq!(
        card.sheet.unwrap().rating("ml-system-architecture"),
        Some(4),
        "the scorecard itself is unchanged"
    );
}

#[test]
fn the_debrief_flags_a_two_point_spread_and_a_decision_against_the_majority_needs_a_reason() {
    let mut p = panel("Yara Bell");
    let cid = p.candidate;
    let (ada, bo, chair) = (p.ada.clone(), p.bo.clone(), p.chair.clone());
    p.score(&ada, p.ada_interview, sheet(4, 3, Recommendation::No, ""), true).unwrap();
    p.score(&bo, p.bo_interview, sheet(2, 3, Recommendation::StrongNo, ""), true).unwrap();
    let debrief = p.r#as(&chair).debrief(CandidateRef { id: cid }).unwrap();
    let dim = |key: &str| debrief.dimensions.iter().find(|d| d.key == key).unwrap();
    assert_eq!(
        (dim("ml-system-architecture").spread, dim("ml-system-architecture").disagreement),
        (Some(2), true)
    );
    assert_eq!((dim("communication").mean, dim("communication").disagreement), (Some(3.0), false));
    assert!(dim("cloud-platform").gap);
    // Equal weights: Ada (4 + 3) / 2 = 3.5, Bo (2 + 3) / 2 = 2.5, the panel (3 + 3) / 2 = 3.
    let total = |who: &str| debrief.totals.iter().find(|t| t.who == who).unwrap().total.unwrap();
    assert!((total("ada") - 3.5).abs() < 1e-9 && (total("bo") - 2.5).abs() < 1e-9);
    assert!((debrief.panel_total.total.unwrap() - 3.0).abs() < 1e-9);
    assert_eq!(debrief.majority, Some(false));
    assert!(debrief.recommendations_svg.contains("<svg"));
    let refused = p
        .services
        .candidate_decide(DecisionRequest {
            id: cid,
            decision: FinalDecision::Hire,
            rationale: "strong design".into(),
            against_majority_reason: String::new(),
        })
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("against_majority_reason"));
    let decided = p
        .services
        .candidate_decide(DecisionRequest {
            id: cid,
            decision: FinalDecision::Hire,
            rationale: "strong design".into(),
            against_majority_reason: "the panel under-rated the case study".into(),
        })
        .unwrap();
    let record = decided.decision.unwrap();
    assert!(record.against_majority);
    assert_eq!(decided.stage, Stage::Decided);
}

/// Every file of the board (the database and its write-ahead log) as bytes.
fn board_bytes(services: &Services) -> Vec<u8> {
    let path = services.database_path().to_path_buf();
    let mut bytes = std::fs::read(&path).unwrap();
    let wal = path.with_extension("db-wal");
    if let Ok(more) = std::fs::read(&wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn deleting_a_candidate_leaves_their_name_nowhere_in_the_file_or_its_log() {
    let mut p = panel("Quentin Marlowe-Vasquez");
    let cid = p.candidate;
    let (ada, chair) = (p.ada.clone(), p.chair.clone());
    p.score(
        &ada,
        p.ada_interview,
        sheet(3, 3, Recommendation::Yes, "Quentin Marlowe-Vasquez was late"),
        true,
    )
    .unwrap();
    p.r#as(&chair)
        .candidate_attachment_add(AttachmentAdd {
            candidate_id: cid,
            name: "cv.txt".into(),
            media_type: "text/plain".into(),
            content: archboard_types::files::FileBytes(b"CV of Quentin Marlowe-Vasquez".to_vec()),
        })
        .unwrap();
    assert!(contains(&board_bytes(&p.services), "Marlowe-Vasquez"), "the name is there before");
    let entry = p.services.candidate_delete(CandidateRef { id: cid }).unwrap();
    assert_eq!(entry.action, RetentionAction::Delete);
    assert!(!contains(&board_bytes(&p.services), "Marlowe-Vasquez"), "the name survived the delete");
    assert!(!contains(&board_bytes(&p.services), "zed@example.com"));
    assert_eq!(p.services.erasure_log(Empty {}).unwrap()[0].subject_id, entry.subject_id);
    assert_eq!(
        p.services.candidate_get(CandidateRef { id: cid }).unwrap_err().code,
        archboard_types::ErrorCode::NotFound
    );
}

#[test]
fn anonymising_keeps_the_ratings_under_a_random_id_and_drops_every_word_about_the_person() {
    let mut p = panel("Imogen Thackeray");
    let cid = p.candidate;
    let (ada, bo, chair) = (p.ada.clone(), p.bo.clone(), p.chair.clone());
    p.score(&ada, p.ada_interview, sheet(3, 2, Recommendation::Yes, "Imogen said X"), true).unwrap();
    p.score(&bo, p.bo_interview, sheet(3, 4, Recommendation::Yes, ""), true).unwrap();
    p.r#as(&chair).candidate_anonymise(CandidateRef { id: cid }).unwrap();
    assert!(!contains(&board_bytes(&p.services), "Thackeray"));
    assert!(!contains(&board_bytes(&p.services), "saw communication at 4"), "evidence text is gone");
    let c = p.services.candidate_get(CandidateRef { id: cid }).unwrap();
    assert!(c.anonymised && c.label.starts_with("Anonymous ") && c.name.is_empty());
    let card = p.services.interview_scorecard(InterviewRef { id: p.bo_interview }).unwrap();
    assert_eq!(card.sheet.unwrap().rating("communication"), Some(4));
    let calibration =
        p.services.calibration(CalibrationQuery { role_key: ROLE.into(), months: None }).unwrap();
    assert_eq!(calibration.processes, 1);
    assert_eq!(calibration.dimensions.iter().find(|d| d.key == "communication").unwrap().units, 1);
}

#[test]
fn retention_runs_as_a_job_on_candidates_past_their_period_and_spares_a_legal_hold() {
    let (_dir, mut services) = test_board();
    let decided = Utc.with_ymd_and_hms(2026, 1, 10, 12, 0, 0).unwrap();
    services.set_fixed_now(Some(decided));
    let add = |services: &mut Services, name: &str| {
        let id = services
            .candidate_add(NewCandidate { name: name.into(), role_key: ROLE.into(), ..Default::default() })
            .unwrap()
            .id;
        services
            .candidate_decide(DecisionRequest {
                id,
                decision: FinalDecision::NoHire,
                rationale: "not yet".into(),
                against_majority_reason: String::new(),
            })
            .unwrap();
        id
    };
    let gone = add(&mut services, "Olwen Past");
    let held = add(&mut services, "Hector Held");
    services
        .candidate_legal_hold(LegalHoldChange { id: held, hold: true, reason: "tribunal".into() })
        .unwrap();
    // 6 months after 10 January is 10 July: on 1 July it warns, on 11 July it is due.
    services.set_fixed_now(Some(Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()));
    let plan = services.retention_plan(Empty {}).unwrap();
    assert_eq!((plan.due.len(), plan.soon.len(), plan.held.len()), (0, 1, 1));
    assert!(
        services
            .candidate_get(CandidateRef { id: gone })
            .unwrap()
            .retention
            .warning
            .unwrap()
            .contains("2026-07-10")
    );
    services.set_fixed_now(Some(Utc.with_ymd_and_hms(2026, 7, 11, 12, 0, 0).unwrap()));
    let job = services.retention_start(RetentionRun { dry_run: false }).unwrap();
    let progress = loop {
        let progress =
            services.retention_progress(archboard_types::job::JobRef { id: job.id.clone() }).unwrap();
        if progress.job.state.is_finished() {
            break progress;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(progress.job.state, archboard_types::job::JobState::Completed, "{:?}", progress.job.message);
    assert_eq!(progress.done.len(), 1);
    assert!(services.candidate_get(CandidateRef { id: gone }).unwrap().anonymised);
    assert!(!services.candidate_get(CandidateRef { id: held }).unwrap().anonymised);
    let log = serde_json::to_string(&services.erasure_log(Empty {}).unwrap()).unwrap();
    assert!(!log.contains("Olwen") && log.contains("retention"), "{log}");
    assert!(services.candidate_delete(CandidateRef { id: held }).unwrap_err().message.contains("legal hold"));
}

#[test]
fn the_subject_access_export_holds_private_notes_and_escapes_the_page() {
    let mut p = panel("Rhea <b>Stone</b>");
    let cid = p.candidate;
    let ada = p.ada.clone();
    p.score(&ada, p.ada_interview, sheet(3, 3, Recommendation::Yes, "nervous at first"), true).unwrap();
    let chair = p.chair.clone();
    let export = p.r#as(&chair).candidate_export(CandidateRef { id: cid }).unwrap();
    assert!(export.json.contains("nervous at first") && export.html.contains("nervous at first"));
    assert!(export.html.contains("Rhea &lt;b&gt;Stone&lt;/b&gt;") && !export.html.contains("<b>Stone"));
    let parsed: serde_json::Value = serde_json::from_str(&export.json).unwrap();
    assert_eq!(parsed["candidate"]["email"], "zed@example.com");
}

#[test]
fn the_planner_warns_about_single_covered_dimensions_and_refuses_unknown_keys_and_non_interviewers() {
    let mut p = panel("Uma Plan");
    let cid = p.candidate;
    let c = p.services.candidate_get(CandidateRef { id: cid }).unwrap();
    assert!(
        c.warnings.iter().any(|w| w.starts_with("Cloud and platform engineering") && w.contains("nobody")),
        "{:?}",
        c.warnings
    );
    assert!(!c.warnings.iter().any(|w| w.starts_with("Communication")));
    let plan = |focus: &str, who: &str, exercise: &str| InterviewPlan {
        candidate_id: cid,
        interviewer: who.into(),
        focus: vec![focus.into()],
        exercises: vec![exercise.into()],
        at: None,
        minutes: Some(30),
    };
    let unknown = p.services.interview_plan(plan("nonsense", "ada", "incident-drill")).unwrap_err();
    assert_eq!(unknown.field.as_deref(), Some("focus"));
    let not_interviewer =
        p.services.interview_plan(plan("communication", "vic", "incident-drill")).unwrap_err();
    assert_eq!(not_interviewer.field.as_deref(), Some("interviewer"));
    p.services.interview_plan(plan("communication", "bo", "incident-drill")).unwrap();
    let c = p.services.candidate_get(CandidateRef { id: cid }).unwrap();
    assert!(c.warnings.iter().any(|w| w.contains("30 minutes") && w.contains("45")), "{:?}", c.warnings);
}

#[test]
fn calibration_shows_alpha_once_ten_candidates_have_two_raters() {
    let (_dir, mut services) = test_board();
    let owner = services.caller.clone().unwrap();
    let ada = add_user(&mut services, "ada", &[Role::Interviewer]);
    let bo = add_user(&mut services, "bo", &[Role::Interviewer]);
    for n in 0..10u8 {
        services.caller = Some(owner.clone());
        let id = services
            .candidate_add(NewCandidate {
                name: format!("C{n}"),
                role_key: ROLE.into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let mut ids = Vec::new();
        for who in ["ada", "bo"] {
            let plan = InterviewPlan {
                candidate_id: id,
                interviewer: who.into(),
                focus: vec!["communication".into()],
                ..Default::default()
            };
            ids.push(services.interview_plan(plan).unwrap().id);
        }
        // Ada rates 1..4 cycling; Bo mostly agrees but is one point kinder on every third.
        let a = n % 4 + 1;
        let b = if n % 3 == 0 { (a + 1).min(4) } else { a };
        for (caller, interview, rating) in [(&ada, ids[0], a), (&bo, ids[1], b)] {
            services.caller = Some(caller.clone());
            let mut s = sheet(3, rating, Recommendation::Yes, "");
            s.scores.retain(|s| s.dimension == "communication");
            s.scores[0].evidence = "e".into();
            services.interview_score(ScoreSave { interview_id: interview, sheet: s, submit: true }).unwrap();
        }
    }
    services.caller = Some(owner);
    let calibration = services.calibration(CalibrationQuery { role_key: ROLE.into(), months: None }).unwrap();
    let communication = calibration.dimensions.iter().find(|d| d.key == "communication").unwrap();
    assert_eq!((communication.units, communication.ratings), (10, 20));
    let alpha = communication.alpha.expect("ten units show alpha");
    assert!(alpha > 0.7 && alpha < 1.0, "{alpha}");
    let architecture = calibration.dimensions.iter().find(|d| d.key == "ml-system-architecture").unwrap();
    assert!(architecture.alpha.is_none() && !architecture.note.is_empty());
    let bo_row = calibration.interviewers.iter().find(|i| i.interviewer == "bo").unwrap();
    assert!(bo_row.leniency.unwrap() > 0.0, "Bo is the kinder rater");
}
