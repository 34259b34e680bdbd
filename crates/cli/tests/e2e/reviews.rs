//! Reviews and lenses through the real binary: a whole production readiness review (answers
//! refused without evidence, the close refused while a high risk is open, an exemption,
//! sign-offs by the board's one user, a decision with a condition recorded as an ADR, the
//! backlog, the report, a milestone compared with now), an ML Test Score, the calendar, and an
//! AWS Well-Architected lens imported, answered by its choices, exported and re-imported.

use crate::{archboard, json, ok, refused, usage_error};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn item<'a>(review: &'a Value, key: &str) -> &'a Value {
    review["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review").join(name)
}

/// A board with team "Payments ML" running the high-tier system `fraud`, and the name of the
/// board's one user (whoever opens the file owns it).
fn board(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("board.db");
    let me = ok(archboard(&db, &["whoami"]));
    let user = me.split(" (").next().unwrap().trim().to_owned();
    ok(archboard(&db, &["team", "add", "Payments ML"]));
    ok(archboard(
        &db,
        &["system", "add", "fraud", "--name", "Fraud scoring", "--team", "Payments ML", "--tier", "high"],
    ));
    (db, user)
}

#[test]
fn a_whole_production_readiness_review_from_draft_to_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, user) = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);

    let created = json(run(&[
        "review",
        "new",
        "--system",
        "fraud",
        "--kind",
        "production-readiness",
        "--template",
        "checklist.production-readiness",
        "--json",
    ]));
    assert_eq!(created["id"], 1);
    assert_eq!(created["state"], "draft");
    assert_eq!(created["title"], "Production readiness review: Fraud scoring");
    assert_eq!(created["templates"][0]["key"], "checklist.production-readiness");
    assert_eq!(created["signoffs"].as_array().unwrap().len(), 2);
    // Every item of the template applies at the high tier.
    assert_eq!(created["items"].as_array().unwrap().len(), 17);
    assert_eq!(item(&created, "runbook")["status"], "unanswered");

    // A pass needs evidence: refused, the field named, nothing stored.
    let message = refused(run(&["review", "answer", "1", "runbook", "--status", "pass"]));
    assert!(message.starts_with("error: `runbook`: A pass needs evidence"), "{message}");
    assert!(message.contains("(field `evidence`)"), "{message}");
    let unchanged = json(run(&["review", "show", "1", "--json"]));
    assert_eq!(item(&unchanged, "runbook")["status"], "unanswered");

    let answered = ok(run(&[
        "review",
        "answer",
        "1",
        "runbook",
        "--status",
        "pass",
        "--evidence",
        "https://wiki.example/fraud/runbook (reviewed 2026-11)",
    ]));
    assert_eq!(answered, "Review 1 `runbook`: pass (risk none)\nOpen high risks: 0\n");
    let failed =
        ok(run(&["review", "answer", "1", "owner-on-call", "--status", "fail", "--notes", "no rota yet"]));
    assert_eq!(failed, "Review 1 `owner-on-call`: fail (risk high) — OPEN HIGH RISK\nOpen high risks: 1\n");

    let started = ok(run(&["review", "start", "1"]));
    assert!(started.starts_with("Review 1 is now in-review.\nSLA: 10 business days from "), "{started}");

    // Closing is refused with everything left to do: the lifecycle and the open high risk.
    let message = refused(run(&["review", "close", "1"]));
    assert!(message.contains("Review 1 cannot be closed"), "{message}");
    assert!(message.contains("closed after its decision"), "{message}");
    assert!(message.contains("1 high risk is still open (owner-on-call)"), "{message}");

    let exempt = ok(run(&[
        "review",
        "exempt",
        "1",
        "owner-on-call",
        "--reason",
        "The rota starts in January",
        "--until",
        "2099-12-31",
    ]));
    assert!(
        exempt.starts_with("Review 1 `owner-on-call`: exempt (risk none) — exempt until 2099-12-31"),
        "{exempt}"
    );
    assert!(exempt.ends_with("Open high risks: 0\n"), "{exempt}");

    // No decision before every sign-off is given.
    let message = refused(run(&["review", "decide", "1", "approve", "--rationale", "Too early"]));
    assert!(message.contains("Review 1 still needs the sign-off of chair, sre."), "{message}");
    // The board's one user may give every sign-off.
    assert_eq!(
        ok(run(&["review", "signoff", "1"])),
        "Review 1: 1 of 2 sign-off(s) given (still open: sre).\n"
    );
    assert_eq!(
        ok(run(&["review", "signoff", "1", "--role", "sre", "--comment", "Dashboards look right"])),
        "Review 1: 2 of 2 sign-off(s) given (all given; the chair may decide).\n"
    );

    let message = refused(run(&["review", "decide", "1", "approve-with-conditions", "--rationale", "Ready"]));
    assert!(message.contains("names at least one condition"), "{message}");
    let decided = ok(run(&[
        "review",
        "decide",
        "1",
        "approve-with-conditions",
        "--rationale",
        "Ready once the on-call rota is staffed.",
        "--condition",
        "Staff the on-call rotation",
        "--condition-owner",
        &user,
        "--condition-due",
        "2099-01-31",
    ]));
    assert!(decided.starts_with("Review 1 is decided: Approved with conditions.\n"), "{decided}");
    assert!(
        decided.contains(&format!("  C1  Staff the on-call rotation (owner {user}, due 2099-01-31)\n")),
        "{decided}"
    );

    assert_eq!(ok(run(&["review", "record-adr", "1"])), "Recorded review 1's decision as ADR-0001.\n");
    let message = refused(run(&["review", "record-adr", "1"]));
    assert!(message.contains("already recorded as ADR-0001"), "{message}");
    let adrs = json(run(&["adr", "list", "--json"]));
    assert_eq!(adrs.as_array().unwrap().len(), 1, "{adrs:#}");
    assert_eq!(adrs[0]["title"], "Production readiness review approved with conditions: Fraud scoring");
    assert_eq!(adrs[0]["status"], "accepted");
    assert!(ok(run(&["adr", "list"])).contains("ADR-0001  accepted"));

    let csv = ok(run(&["review", "backlog", "--csv"]));
    let condition_row = csv.lines().find(|l| l.contains("R1/C1")).unwrap_or_else(|| panic!("{csv}"));
    assert!(condition_row.starts_with("Staff the on-call rotation,"), "{condition_row}");
    assert!(condition_row.contains(&format!(",Medium,{user},2099-01-31,")), "{condition_row}");
    assert!(
        csv.lines().any(|l| l.contains("R1/owner-on-call")),
        "the exempt item stays in the backlog: {csv}"
    );
    let csv_file = dir.path().join("exports/backlog.csv");
    assert_eq!(
        ok(run(&["review", "backlog", "--csv", "-o", csv_file.to_str().unwrap()])),
        format!("Wrote {}\n", csv_file.display())
    );
    assert_eq!(std::fs::read_to_string(&csv_file).unwrap(), csv);
    let table = ok(run(&["review", "backlog", "--owner", &user]));
    assert!(table.contains("R1/C1") && !table.contains("R1/owner-on-call"), "{table}");

    let report = dir.path().join("review-1.md");
    ok(run(&["review", "report", "1", "--format", "md", "-o", report.to_str().unwrap()]));
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(markdown.starts_with("# Review R1: Production readiness review: Fraud scoring"), "{markdown}");
    assert!(markdown.contains("| System | Fraud scoring (`fraud`), team Payments ML |"), "{markdown}");
    assert!(markdown.contains(&format!("| Decision | Approved with conditions by {user} on ")), "{markdown}");
    assert!(markdown.contains("| Recorded as | ADR-0001 |"), "{markdown}");

    assert_eq!(ok(run(&["review", "milestone", "1", "decided"])), "Took milestone `decided` of review 1.\n");
    let nothing = json(run(&["review", "compare", "1", "decided", "now", "--json"]));
    assert_eq!(nothing["changes"], serde_json::json!([]));
    ok(run(&["review", "answer", "1", "slo-defined", "--status", "partial", "--notes", "p99 only"]));
    let compared = ok(run(&["review", "compare", "1", "decided", "now"]));
    assert!(compared.starts_with("Review 1: decided → now\n"), "{compared}");
    assert!(compared.contains("  high               0 → 1    (+1)\n"), "{compared}");
    assert!(compared.contains("Changed: 1; unchanged: 16\n"), "{compared}");
    assert!(compared.contains("  slo-defined  unanswered/unanswered → partial/high\n"), "{compared}");
    // `now` is the default second side.
    assert_eq!(ok(run(&["review", "compare", "1", "decided"])), compared);
    let message = refused(run(&["review", "compare", "1", "before"]));
    assert!(message.contains("Review 1 has no milestone `before`; it has decided."), "{message}");

    // Decided, but the new gap is an open high risk: the engine's own refusal, said once.
    let message = refused(run(&["review", "close", "1"]));
    assert_eq!(message.matches("1 high risk is still open (slo-defined)").count(), 1, "{message}");
    let accepted = ok(run(&["review", "accept-risk", "1", "slo-defined", "--adr", "ADR-0001"]));
    assert!(accepted.contains("risk accepted by ADR-0001"), "{accepted}");
    assert_eq!(
        ok(run(&["review", "close-condition", "1", "C1", "--evidence", "Rota live since 2026-12-01"])),
        "Closed condition C1 of review 1; 0 still open.\n"
    );
    assert_eq!(ok(run(&["review", "close", "1"])), "Review 1 is now closed.\n");
    let message = refused(run(&["review", "answer", "1", "runbook", "--status", "fail"]));
    assert!(message.contains("Review 1 is closed; reopen it to change its items."), "{message}");

    let list = json(run(&["review", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        (&list[0]["state"], &list[0]["outcome"], &list[0]["open_high_risks"]),
        (&"closed".into(), &"approve-with-conditions".into(), &0.into())
    );
    let table = ok(run(&["review", "list", "--team", "Payments ML"]));
    let row = table.lines().nth(1).unwrap();
    assert!(
        row.trim_start().starts_with("1  closed")
            && row.contains("production-readiness")
            && row.contains("met"),
        "{table}"
    );
    assert!(ok(run(&["review", "list", "--state", "draft"])).starts_with("No reviews match."));

    let shown = json(run(&["review", "show", "1", "--json"]));
    assert_eq!(
        (&item(&shown, "runbook")["status"], &item(&shown, "runbook")["risk"]),
        (&"pass".into(), &"none".into())
    );
    assert_eq!(item(&shown, "owner-on-call")["status"], "exempt");
    assert_eq!(item(&shown, "owner-on-call")["risk_without_exemptions"], "high");
    assert_eq!(item(&shown, "slo-defined")["accepted_by_reference"], "ADR-0001");
    assert_eq!(shown["adr_reference"], "ADR-0001");
    assert_eq!(shown["conditions"][0]["closing_evidence"], "Rota live since 2026-12-01");
    let human = ok(run(&["review", "show", "1"]));
    assert!(human.starts_with("# Review 1: Production readiness review: Fraud scoring\n"), "{human}");
    assert!(human.contains("State:      closed\n"), "{human}");
    assert!(
        human.contains(&format!("Sign-offs:  chair signed by {user}, sre signed by {user}\n")),
        "{human}"
    );
    assert!(human.contains("\n## Ownership and operations ("), "{human}");
    assert!(
        human.contains("  runbook                pass            none            Does a runbook cover"),
        "{human}"
    );
}

#[test]
fn review_arguments_and_refusals_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);
    let message = refused(run(&["review", "new", "--system", "nope", "--kind", "architecture"]));
    assert!(message.contains("There is no system `nope` on this board."), "{message}");
    let message = usage_error(run(&["review", "new", "--system", "fraud", "--kind", "readiness"]));
    assert!(message.contains("unknown ReviewKind `readiness`"), "{message}");
    // The kind's templates and sign-offs by default; the id alone on stdout.
    assert_eq!(ok(run(&["review", "new", "--system", "fraud", "--kind", "architecture"])), "1\n");

    let message = usage_error(run(&["review", "answer", "1", "runbook"]));
    assert!(message.contains("--status <STATUS>"), "{message}");
    let message = refused(run(&["review", "answer", "1", "no-such-item", "--status", "fail"]));
    assert!(message.contains("The review has no item `no-such-item`."), "{message}");
    let message = refused(run(&["review", "show", "9"]));
    assert!(message.contains("There is no review 9 on this board."), "{message}");
    let message = refused(run(&["review", "signoff", "1"]));
    assert!(message.contains("Review 1 is draft; sign-offs are given while it is in review."), "{message}");
    let message = refused(run(&["review", "transition", "1", "decided"]));
    assert!(message.contains("it can move to in-review from there, not to decided"), "{message}");
    let message = refused(run(&[
        "review",
        "bind",
        "1",
        "reliability",
        "--bench",
        "no-run",
        "--profile",
        "hw.nvidia-t4",
    ]));
    assert!(message.contains("no-run"), "{message}");
    let message = refused(run(&["review", "accept-risk", "1", "reliability", "--adr", "ADR-0042"]));
    assert!(message.contains("ADR-0042"), "{message}");

    // Returned for changes, the review waits on the team (the SLA clock pauses).
    ok(run(&["review", "start", "1"]));
    let message = refused(run(&["review", "signoff", "1", "--return"]));
    assert!(message.contains("Say what must change"), "{message}");
    assert_eq!(
        ok(run(&["review", "signoff", "1", "--return", "--comment", "Add the data flow diagram"])),
        "Returned review 1 for changes; it is waiting on the team.\n"
    );
    let waiting = json(run(&["review", "show", "1", "--json"]));
    assert_eq!((&waiting["state"], &waiting["sla"]["paused"]), (&"waiting-on-team".into(), &true.into()));
    assert!(ok(run(&["review", "list"])).contains("paused (due "));
    assert_eq!(
        ok(run(&["review", "reopen", "1", "--note", "diagram added"])).lines().next(),
        Some("Review 1 is now in-review.")
    );
    let upgrade = ok(run(&["review", "upgrade", "1", "checklist.architecture-review", "--preview"]));
    assert!(upgrade.contains("is at the catalog's version (v1); there is nothing to upgrade."), "{upgrade}");
    let message = refused(run(&["review", "upgrade", "1", "checklist.production-readiness"]));
    assert!(message.contains("was not started from `checklist.production-readiness`"), "{message}");
}

#[test]
fn an_ml_test_score_review_scores_tests_and_names_the_final_score() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);
    let created = json(run(&["review", "new", "--system", "fraud", "--kind", "ml-test-score", "--json"]));
    assert_eq!(created["templates"][0]["key"], "checklist.ml-test-score");
    assert_eq!(created["ml_test_score"]["final_score"], 0.0);

    let message = refused(run(&["review", "answer", "1", "data-schema-expectations", "--score", "0.7"]));
    assert!(message.contains("ML Test Score is 0, 0.5"), "{message}");
    // The score gives the status: 0.5 is partly met, no --status needed.
    let answered = ok(run(&["review", "answer", "1", "data-schema-expectations", "--score", "0.5"]));
    assert!(
        answered.starts_with("Review 1 `data-schema-expectations`: partial (risk medium) — score 0.5"),
        "{answered}"
    );
    let shown = json(run(&["review", "show", "1", "--json"]));
    let item = item(&shown, "data-schema-expectations");
    assert_eq!((&item["status"], &item["score"]), (&"partial".into(), &0.5.into()));
    let score = &shown["ml_test_score"];
    assert_eq!(score["sections"][0]["section"], "data");
    assert_eq!(score["sections"][0]["score"], 0.5);
    // The final score is the weakest section's: model, infrastructure and monitoring score 0.
    assert_eq!(score["final_score"], 0.0);
    assert_eq!(score["weakest"], serde_json::json!(["model", "infrastructure", "monitoring"]));
    assert!(ok(run(&["review", "show", "1"])).contains("ML Test Score: 0 (0: "));
}

#[test]
fn review_settings_and_holidays_shape_the_sla() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);
    let settings = json(run(&["review", "settings", "--json"]));
    assert_eq!(settings["time_zone"], "UTC");
    let changed = json(run(&[
        "review",
        "settings",
        "--sla",
        "production-readiness=5",
        "--time-zone",
        "Europe/Berlin",
        "--json",
    ]));
    assert_eq!(changed["time_zone"], "Europe/Berlin");
    let sla = changed["sla_days"].as_array().unwrap();
    assert!(sla.contains(&serde_json::json!(["production-readiness", 5])), "{changed:#}");
    assert!(sla.contains(&serde_json::json!(["architecture", 10])), "others keep theirs: {changed:#}");
    let message = refused(run(&["review", "settings", "--time-zone", "Mars/Olympus"]));
    assert!(message.contains("`Mars/Olympus` is not a time zone"), "{message}");
    let message = usage_error(run(&["review", "settings", "--sla", "production-readiness"]));
    assert!(message.contains("is not KIND=DAYS"), "{message}");

    let calendar = dir.path().join("holidays.csv");
    std::fs::write(&calendar, "date,name\n2099-12-25,Christmas Day\n2099-12-26,Boxing Day\n").unwrap();
    assert_eq!(
        ok(run(&["review", "holidays", "import", calendar.to_str().unwrap()])),
        "The board now has 2 holiday(s).\n"
    );
    assert_eq!(
        ok(run(&["review", "holidays", "list"])),
        "2099-12-25  Christmas Day\n2099-12-26  Boxing Day\n"
    );
    let shown = ok(run(&["review", "settings"]));
    assert!(
        shown.contains("Time zone: Europe/Berlin\n") && shown.contains("  production-readiness   5\n"),
        "{shown}"
    );
    assert!(shown.contains("Holidays: 2"), "{shown}");
}

#[test]
fn a_lens_imports_is_answered_by_its_choices_and_exports_to_a_file_that_reimports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);
    let lens = fixture("serving-lens.json");

    let imported = run(&["lens", "import", lens.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&imported.stderr).into_owned();
    let key = ok(imported);
    assert_eq!(key, "checklist.lens-model-serving-lens\n");
    assert!(
        stderr.contains("warning: `$.owner`: not part of the lens format; kept as is on export"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "Imported “Model serving lens” as a new template, version 1: 2 section(s), 2 question(s)."
        ),
        "{stderr}"
    );
    let key = key.trim();

    let review = json(run(&[
        "review",
        "new",
        "--system",
        "fraud",
        "--kind",
        "custom",
        "--template",
        key,
        "--signoff",
        "chair",
        "--json",
    ]));
    assert_eq!(review["items"].as_array().unwrap().len(), 2);
    let rollback = item(&review, "serving-rollback");
    assert_eq!(rollback["lens_choices"].as_array().unwrap().len(), 3);
    // The status follows the lens's rules: one of two good practices is a medium risk.
    let answered =
        ok(run(&["review", "answer", "1", "serving-rollback", "--choices", "serving_rollback_drilled"]));
    assert!(answered.starts_with("Review 1 `serving-rollback`: partial (risk medium)"), "{answered}");
    let message = refused(run(&["review", "answer", "1", "serving-rollback", "--choices", "bogus"]));
    assert!(message.contains("unknown choice id `bogus`"), "{message}");
    ok(run(&["review", "answer", "1", "serving-logging", "--choices", "serving_logging_yes"]));
    let shown = json(run(&["review", "show", "1", "--json"]));
    let rollback = item(&shown, "serving-rollback");
    assert_eq!((&rollback["status"], &rollback["risk"]), (&"partial".into(), &"medium".into()));
    assert_eq!(rollback["choices"], serde_json::json!(["serving_rollback_drilled"]));
    assert_eq!(rollback["fired_rule"]["index"], 1);
    assert_eq!(rollback["fired_rule"]["risk"], "MEDIUM_RISK");
    let logging = item(&shown, "serving-logging");
    assert_eq!((&logging["status"], &logging["fired_rule"]["risk"]), (&"pass".into(), &"NO_RISK".into()));

    let exported = dir.path().join("out/serving.lens.json");
    assert_eq!(
        ok(run(&["lens", "export", key, "-o", exported.to_str().unwrap()])),
        format!("Wrote {}\n", exported.display())
    );
    let again = json(run(&["lens", "import", exported.to_str().unwrap(), "--json"]));
    assert_eq!(
        (&again["key"], &again["created"], &again["version"]),
        (&key.into(), &false.into(), &1.into()),
        "{again:#}"
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("\"owner\": \"platform-team\""), "unknown keys survive export: {text}");
    assert_eq!(ok(run(&["lens", "export", key])), text, "without -o the lens goes to stdout");

    // A changed question is a new version; the review offers the upgrade and resets only it.
    let edited = dir.path().join("edited.json");
    std::fs::write(
        &edited,
        text.replace("How is a bad model version rolled back?", "How is a bad model rolled back?"),
    )
    .unwrap();
    let v2 = json(run(&["lens", "import", edited.to_str().unwrap(), "--json"]));
    assert_eq!((&v2["created"], &v2["version"]), (&false.into(), &2.into()));
    assert_eq!(json(run(&["review", "show", "1", "--json"]))["templates"][0]["newer_version"], 2);
    let preview = ok(run(&["review", "upgrade", "1", key, "--preview"]));
    assert!(
        preview.contains("from v1 to v2: 0 added, 0 removed, 1 changed (answers reset), 1 kept."),
        "{preview}"
    );
    assert!(preview.contains("  changed: serving-rollback\n"), "{preview}");
    let upgraded = json(run(&["review", "upgrade", "1", key, "--json"]));
    assert_eq!(upgraded["templates"][0]["version"], 2);
    assert_eq!(item(&upgraded, "serving-rollback")["status"], "unanswered");
    assert_eq!(item(&upgraded, "serving-logging")["status"], "pass");

    let message = refused(run(&["lens", "export", "checklist.nope"]));
    assert!(message.contains("There is no checklist `checklist.nope` in the catalog."), "{message}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"schemaVersion\": \"2019-01-01\", \"pillars\": []}").unwrap();
    let message = refused(run(&["lens", "import", broken.to_str().unwrap()]));
    assert!(message.contains("broken.json") && message.contains("2019-01-01"), "{message}");
}
