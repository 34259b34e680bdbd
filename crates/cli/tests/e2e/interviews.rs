//! Interview panels through the real binary: a local board's candidate and panel with the
//! planner's warnings and scorecard drafts built over several calls (bad ratings refused with
//! nothing saved); a team server where two interviewers' scorecards stay sealed to each other
//! until each has submitted, through the CLI and the HTTP API alike, while the chair sees all;
//! the subject access export with the private notes, deletion leaving only the erasure log, and
//! a retention run on a fresh board.

use crate::{archboard, archboard_binary, json, ok, refused, usage_error};
use archboard_tests::Server;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const ROLE: &str = "role.lead-ml-architect";

/// The board's one user (whoever opens the file owns it).
fn owner(db: &Path) -> String {
    ok(archboard(db, &["whoami"])).split(" (").next().unwrap().trim().to_owned()
}

/// `archboard --server URL ARGS…` with `token` in ARCHBOARD_TOKEN.
fn remote(server: &Server, token: &str, args: &[&str]) -> Output {
    Command::new(archboard_binary())
        .args(["--server", &server.base])
        .args(args)
        .env("ARCHBOARD_TOKEN", token)
        .env_remove("ARCHBOARD_SERVER")
        .output()
        .expect("archboard runs")
}

/// The token line `archboard user token` prints.
fn issue_token(db: &Path, name: &str) -> String {
    let printed = ok(archboard(db, &["user", "token", name, "--label", "e2e"]));
    printed.lines().find(|l| l.starts_with("abt_")).expect("the token is printed").trim().to_owned()
}

/// The number a command printed alone on standard output (a new candidate's or interview's id).
fn id(output: Output) -> String {
    let text = ok(output);
    let id = text.trim().to_owned();
    assert!(id.parse::<i64>().is_ok(), "not an id: {text}");
    id
}

fn score<'a>(card: &'a Value, dimension: &str) -> Option<&'a Value> {
    card["sheet"]["scores"].as_array()?.iter().find(|s| s["dimension"] == dimension)
}

#[test]
fn a_local_board_plans_a_panel_with_warnings_and_refuses_bad_ratings_saving_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let me = owner(&db);
    let run = |args: &[&str]| archboard(&db, args);
    for name in ["ines", "omar"] {
        ok(run(&["user", "add", name, "--role", "interviewer"]));
    }

    let candidate =
        id(run(&["candidate", "add", "Ada Example", "--role", ROLE, "--email", "ada@example.org"]));
    let first = id(run(&[
        "interview",
        "plan",
        &candidate,
        "--interviewer",
        "ines",
        "--focus",
        "ml-system-architecture,communication",
        "--exercise",
        "architecture-case-study",
        "--minutes",
        "60",
        "--at",
        "2026-09-30 14:00",
    ]));
    let second = id(run(&[
        "interview",
        "plan",
        &candidate,
        "--interviewer",
        "omar",
        "--focus",
        "communication",
        "--at",
        "2026-10-01T09:30:00+02:00",
    ]));
    // A focus the rubric does not have is refused naming it, and nothing is planned.
    let message =
        refused(run(&["interview", "plan", &candidate, "--interviewer", "omar", "--focus", "charisma"]));
    assert!(message.contains("`charisma` is not a dimension"), "{message}");
    let message = refused(run(&[
        "interview",
        "plan",
        &candidate,
        "--interviewer",
        "nobody",
        "--focus",
        "communication",
    ]));
    assert!(message.contains("nobody"), "{message}");

    let shown = json(run(&["candidate", "show", &candidate, "--json"]));
    assert_eq!(shown["label"], "Ada Example");
    assert_eq!(shown["stage"], "interviewing");
    let interviews = shown["interviews"].as_array().unwrap();
    let panel: Vec<(String, &str, &str)> = interviews
        .iter()
        .map(|i| (i["id"].to_string(), i["interviewer"].as_str().unwrap(), i["state"].as_str().unwrap()))
        .collect();
    assert_eq!(panel, [(first.clone(), "ines", "not-started"), (second.clone(), "omar", "not-started")]);
    assert_eq!(interviews[0]["at"], "2026-09-30T14:00:00Z", "`YYYY-MM-DD HH:MM` is UTC");
    assert_eq!(interviews[1]["at"], "2026-10-01T07:30:00Z");
    let warnings: Vec<&str> =
        shown["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("ML system architecture") && w.contains("only ines covers it")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("MLOps and lifecycle") && w.contains("nobody covers it")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.starts_with("Communication")),
        "two interviewers cover it: {warnings:?}"
    );
    assert!(
        warnings.contains(&"ines's interview plans 60 minutes but its exercises need at least 90."),
        "{warnings:?}"
    );
    let text = ok(run(&["candidate", "show", &candidate]));
    assert!(text.contains("Planner warnings") && text.contains("only ines covers it"), "{text}");
    assert!(text.contains("not started"), "{text}");
    let list = ok(run(&["candidate", "list", "--role", ROLE, "--stage", "interviewing"]));
    assert!(list.contains("Ada Example") && list.contains("0/2"), "{list}");

    // The owner is on the panel too, to score; someone else's scorecard is not theirs to write.
    let mine = id(run(&[
        "interview",
        "plan",
        &candidate,
        "--interviewer",
        &me,
        "--focus",
        "communication,governance-risk",
    ]));
    let message = refused(run(&["interview", "score", &first, "--rating", "communication=3"]));
    assert!(message.contains("ines's to score"), "{message}");

    let draft = || json(archboard(&db, &["interview", "show", &mine, "--json"]));
    let message = refused(run(&["interview", "score", &mine, "--rating", "foo=9"]));
    assert!(message.contains("`foo` is not a dimension") && message.contains("rating.foo"), "{message}");
    let message = refused(run(&["interview", "score", &mine, "--rating", "communication=9"]));
    assert!(
        message.contains("a rating is 1 to 4, not 9") && message.contains("rating.communication"),
        "{message}"
    );
    let message = usage_error(run(&["interview", "score", &mine, "--rating", "communication"]));
    assert!(message.contains("--rating") && message.contains("communication"), "{message}");
    let message = usage_error(run(&["interview", "score", &mine, "--rating", "communication=three"]));
    assert!(message.contains("--rating") && message.contains("`three`"), "{message}");
    let message = usage_error(run(&["interview", "score", &mine, "--evidence", "communication"]));
    assert!(message.contains("--evidence") && message.contains("communication"), "{message}");
    let card = draft();
    assert_eq!(card["interview"]["state"], "not-started", "nothing was saved: {card}");
    assert_eq!(card["sheet"]["scores"], serde_json::json!([]), "{card}");

    // A draft builds up over several calls; a refused call changes none of it.
    let saved = ok(run(&[
        "interview",
        "score",
        &mine,
        "--rating",
        "communication=4",
        "--evidence",
        "communication=walked the panel through the trade-offs",
    ]));
    assert!(saved.contains("Saved the draft"), "{saved}");
    let message =
        refused(run(&["interview", "score", &mine, "--rating", "governance-risk=2", "--red-flag", "rf99"]));
    assert!(message.contains("rf99"), "{message}");
    let card = draft();
    assert_eq!(card["interview"]["state"], "draft");
    assert!(score(&card, "governance-risk").is_none(), "the refused call saved something: {card}");
    ok(run(&["interview", "score", &mine, "--not-assessed", "governance-risk", "--recommend", "yes"]));
    let card = draft();
    assert_eq!(score(&card, "communication").unwrap()["rating"], 4);
    assert_eq!(score(&card, "communication").unwrap()["evidence"], "walked the panel through the trade-offs");
    assert_eq!(score(&card, "governance-risk").unwrap()["not_assessed"], true);
    assert_eq!(card["sheet"]["recommendation"], "yes");
    let shown = ok(run(&["interview", "show", &mine]));
    assert!(shown.contains("4 · exceeds the bar") && shown.contains("not assessed"), "{shown}");
}

#[test]
fn scorecards_stay_sealed_on_a_team_server_until_the_reader_has_submitted_their_own() {
    const EVIDENCE: &str = "ines-saw-a-rollback-plan-7f3a";
    const PRIVATE: &str = "ines-private-hunch-91c2";
    const TAKEAWAY: &str = "ines-takeaway-44d0";
    const FLAG_EVIDENCE: &str = "ines-flag-evidence-5b1e";
    let secrets = [EVIDENCE, PRIVATE, TAKEAWAY, FLAG_EVIDENCE];

    let server = Server::start_team(&archboard_binary(), &[]);
    // The owner (chair) works with the local CLI on the server's file, as an admin at its machine.
    let chair = |args: &[&str]| archboard(&server.db, args);
    for name in ["ines", "omar", "uma"] {
        ok(chair(&["user", "add", name, "--role", "interviewer"]));
    }
    let (a, b, outsider) =
        (issue_token(&server.db, "ines"), issue_token(&server.db, "omar"), issue_token(&server.db, "uma"));
    let candidate = id(chair(&["candidate", "add", "Grace Example", "--role", ROLE]));
    let focus = "ml-system-architecture,communication";
    let a_interview =
        id(chair(&["interview", "plan", &candidate, "--interviewer", "ines", "--focus", focus]));
    let b_interview =
        id(chair(&["interview", "plan", &candidate, "--interviewer", "omar", "--focus", focus]));

    // A writes a draft in two calls, the second adding to the first, then submits.
    ok(remote(
        &server,
        &a,
        &[
            "interview",
            "score",
            &a_interview,
            "--rating",
            "ml-system-architecture=4",
            "--evidence",
            &format!("ml-system-architecture={EVIDENCE}"),
            "--private-notes",
            PRIVATE,
        ],
    ));
    ok(remote(
        &server,
        &a,
        &[
            "interview",
            "score",
            &a_interview,
            "--rating",
            "communication=3",
            "--red-flag",
            "rf2",
            "--red-flag-evidence",
            &format!("rf2={FLAG_EVIDENCE}"),
            "--takeaways",
            TAKEAWAY,
            "--recommend",
            "yes",
        ],
    ));
    // A draft is its author's alone, the chair's too.
    let seen = json(chair(&["interview", "show", &a_interview, "--json"]));
    assert_eq!((seen["visibility"].as_str(), seen["sheet"].is_null()), (Some("sealed"), true), "{seen}");
    let submitted = ok(remote(&server, &a, &["interview", "score", &a_interview, "--submit"]));
    assert!(submitted.contains("Submitted"), "{submitted}");
    let own = json(remote(&server, &a, &["interview", "show", &a_interview, "--json"]));
    assert_eq!(own["visibility"], "author");
    assert_eq!(score(&own, "ml-system-architecture").unwrap()["rating"], 4);
    assert_eq!(own["sheet"]["private_notes"], PRIVATE);

    // B has not submitted: nothing of A's scorecard reaches them, by any command.
    let leaks = |text: &str, what: &str| {
        for secret in secrets {
            assert!(!text.contains(secret), "{what} shows {secret} to omar: {text}");
        }
        assert!(!text.contains("\"rating\""), "{what} shows a rating to omar: {text}");
    };
    let shown = ok(remote(&server, &b, &["interview", "show", &a_interview, "--json"]));
    leaks(&shown, "interview show");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!((shown["visibility"].as_str(), shown["sheet"].is_null()), (Some("sealed"), true));
    let human = ok(remote(&server, &b, &["interview", "show", &a_interview]));
    assert!(human.contains("Sealed"), "{human}");
    leaks(&human, "interview show");
    let output = remote(&server, &b, &["debrief", &candidate, "--json"]);
    let message = refused(output);
    assert!(message.contains(&server.base) && message.contains("submitted your own scorecard"), "{message}");
    leaks(&message, "debrief");
    let shown = ok(remote(&server, &b, &["candidate", "show", &candidate, "--json"]));
    leaks(&shown, "candidate show");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["debrief_open"], false);
    assert_eq!(shown["interviews"][0]["state"], "submitted", "the state is no secret");
    // Someone not on the panel does not see the candidate at all.
    let message = refused(remote(&server, &outsider, &["candidate", "show", &candidate]));
    assert!(message.contains("not on a panel you sit on"), "{message}");

    // The HTTP API answers B the same.
    let http = reqwest::blocking::Client::new();
    let post = |name: &str, token: &str, body: String| {
        let answer = http
            .post(format!("{}/api/{name}", server.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .unwrap();
        (answer.status(), answer.text().unwrap())
    };
    let (status, body) = post("interview_scorecard", &b, format!("{{\"id\": {a_interview}}}"));
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    leaks(&body, "POST /api/interview_scorecard");
    let card: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((card["visibility"].as_str(), card["sheet"].is_null()), (Some("sealed"), true));
    let (status, body) = post("debrief", &b, format!("{{\"id\": {candidate}}}"));
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN, "{body}");
    leaks(&body, "POST /api/debrief");

    // The chair sees A's submitted scorecard whole, private notes included.
    let seen = json(chair(&["interview", "show", &a_interview, "--json"]));
    assert_eq!(seen["visibility"], "chair");
    assert_eq!(score(&seen, "ml-system-architecture").unwrap()["rating"], 4);
    assert_eq!(score(&seen, "ml-system-architecture").unwrap()["evidence"], EVIDENCE);
    assert_eq!(seen["sheet"]["private_notes"], PRIVATE);
    let text = ok(chair(&["interview", "show", &a_interview]));
    assert!(text.contains(PRIVATE) && text.contains("4 · exceeds the bar"), "{text}");
    let debrief = json(chair(&["debrief", &candidate, "--json"]));
    assert_eq!(debrief["submitted"], serde_json::json!(["ines"]));
    assert_eq!(debrief["pending"], serde_json::json!(["omar"]));

    // B submits (a 2 needs no evidence); now A's ratings and evidence are open to B, the
    // private notes still not.
    ok(remote(
        &server,
        &b,
        &[
            "interview",
            "score",
            &b_interview,
            "--rating",
            "ml-system-architecture=2",
            "--rating",
            "communication=3",
            "--recommend",
            "no",
            "--submit",
        ],
    ));
    let shown = ok(remote(&server, &b, &["interview", "show", &a_interview, "--json"]));
    assert!(!shown.contains(PRIVATE), "omar sees ines's private notes: {shown}");
    let shown: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["visibility"], "panel");
    assert_eq!(score(&shown, "ml-system-architecture").unwrap()["rating"], 4);
    assert_eq!(score(&shown, "ml-system-architecture").unwrap()["evidence"], EVIDENCE);
    assert_eq!(shown["sheet"]["takeaways"], TAKEAWAY);
    assert_eq!(shown["sheet"]["private_notes"], "");
    let (status, body) = post("interview_scorecard", &b, format!("{{\"id\": {a_interview}}}"));
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    assert!(body.contains(EVIDENCE) && !body.contains(PRIVATE), "{body}");

    let debrief_text = ok(remote(&server, &b, &["debrief", &candidate, "--json"]));
    assert!(debrief_text.contains(EVIDENCE) && debrief_text.contains(FLAG_EVIDENCE), "{debrief_text}");
    assert!(!debrief_text.contains(PRIVATE), "the debrief shows private notes: {debrief_text}");
    let debrief: Value = serde_json::from_str(&debrief_text).unwrap();
    let architecture = debrief["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "ml-system-architecture")
        .unwrap();
    assert_eq!(
        (architecture["spread"].as_u64(), architecture["disagreement"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(debrief["pending"], serde_json::json!([]));
    let text = ok(remote(&server, &b, &["debrief", &candidate]));
    let line = text.lines().find(|l| l.starts_with("ML system architecture")).unwrap();
    assert!(line.contains("DISAGREE") && line.contains("3.00"), "{line}");
    assert!(!text.lines().find(|l| l.starts_with("Communication")).unwrap().contains("DISAGREE"), "{text}");
    assert!(text.contains(&format!("raised by ines: {FLAG_EVIDENCE}")), "{text}");
    assert!(text.contains("yes 1") && text.contains("no 1"), "{text}");

    // The chair decides; a decision with no panel majority needs no extra reason.
    let decided =
        ok(chair(&["candidate", "decide", &candidate, "--decision", "hire", "--rationale", "Strong design"]));
    assert!(decided.contains("Hire"), "{decided}");
    let debrief = json(remote(&server, &b, &["debrief", &candidate, "--json"]));
    assert_eq!(debrief["decision"]["decision"], "hire");
}

#[test]
fn a_subject_access_export_holds_the_private_notes_and_delete_leaves_only_the_erasure() {
    const PRIVATE: &str = "private-note-only-for-the-chair-3e9d";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let me = owner(&db);
    let run = |args: &[&str]| archboard(&db, args);
    let candidate =
        id(run(&["candidate", "add", "Linus Example", "--role", ROLE, "--phone", "+44 20 7946 0000"]));
    let interview =
        id(run(&["interview", "plan", &candidate, "--interviewer", &me, "--focus", "communication"]));
    ok(run(&[
        "interview",
        "score",
        &interview,
        "--rating",
        "communication=3",
        "--private-notes",
        PRIVATE,
        "--recommend",
        "yes",
        "--submit",
    ]));
    let cv = dir.path().join("cv.txt");
    std::fs::write(&cv, "Curriculum vitae of Linus Example\n").unwrap();
    let attached = ok(run(&["candidate", "attach", &candidate, cv.to_str().unwrap()]));
    assert!(attached.contains("cv.txt") && attached.contains("text/plain"), "{attached}");
    let subject =
        json(run(&["candidate", "show", &candidate, "--json"]))["subject_id"].as_str().unwrap().to_owned();

    let out = dir.path().join("export");
    let printed = ok(run(&["candidate", "export", &candidate, "-o", out.to_str().unwrap()]));
    let json_path = out.join(format!("candidate-{candidate}.json"));
    let html_path = out.join(format!("candidate-{candidate}.html"));
    for path in [&json_path, &html_path] {
        assert!(printed.contains(&path.display().to_string()), "{printed}");
    }
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(document["candidate"]["name"], "Linus Example");
    assert!(document.to_string().contains(PRIVATE), "{document}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains(PRIVATE) && html.contains("Linus Example"), "{html}");
    let attachments: Vec<_> =
        std::fs::read_dir(out.join("attachments")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    assert_eq!(std::fs::read_to_string(&attachments[0]).unwrap(), "Curriculum vitae of Linus Example\n");
    assert!(printed.contains(&attachments[0].display().to_string()), "{printed}");

    // Deleting asks nothing, prints the erasure, and leaves no candidate behind.
    let erased = ok(run(&["candidate", "delete", &candidate]));
    assert!(
        erased.contains("Erasure") && erased.contains(&subject) && erased.contains("deleted"),
        "{erased}"
    );
    let message = refused(run(&["candidate", "show", &candidate]));
    assert!(message.contains(&format!("There is no candidate {candidate}")), "{message}");
    let message = refused(run(&["interview", "show", &interview]));
    assert!(message.contains("no interview"), "{message}");
    let log = ok(run(&["interview", "erasures", "--json"]));
    assert!(!log.contains("Linus"), "the erasure log names the person: {log}");
    let log: Value = serde_json::from_str(&log).unwrap();
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(
        (entries[0]["subject_id"].as_str(), entries[0]["action"].as_str(), entries[0]["reason"].as_str()),
        (Some(subject.as_str()), Some("delete"), Some("request"))
    );

    // A fresh board: nothing is due, and a run erases nothing and completes.
    let fresh = dir.path().join("fresh.db");
    let plan = json(archboard(&fresh, &["interview", "retention", "--json"]));
    assert_eq!(plan["policy"]["months"], 6);
    assert_eq!(plan["policy"]["action"], "anonymise");
    for list in ["due", "soon", "held"] {
        assert_eq!(plan[list], serde_json::json!([]), "{plan}");
    }
    let run_result = json(archboard(&fresh, &["interview", "retention", "--apply", "--json"]));
    assert_eq!(run_result["job"]["state"], "completed", "{run_result}");
    assert_eq!(run_result["done"], serde_json::json!([]));
    let text = ok(archboard(&fresh, &["interview", "retention"]));
    assert!(text.contains("Due (erased by the next run): none"), "{text}");
    let policy = json(archboard(&fresh, &["interview", "retention-policy", "--months", "7", "--json"]));
    assert_eq!((policy["months"].as_u64(), policy["consent_months"].as_u64()), (Some(7), Some(24)));
    let message = refused(archboard(&fresh, &["interview", "retention-policy", "--months", "0"]));
    assert!(message.contains("months"), "{message}");
    assert_eq!(ok(archboard(&fresh, &["interview", "erasures"])).trim(), "No erasures yet.");
}
