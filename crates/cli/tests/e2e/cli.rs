//! The `archboard` binary against a real SQLite file: the ADR commands, their JSON output, the
//! lifecycle rules and the error messages people see.

use crate::archboard;
use std::process::{Command, Output};

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn adr_commands_create_list_show_and_move_through_the_lifecycle() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");

    let created =
        stdout(&archboard(&db, &["adr", "new", "Use SQLite for the local store", "--tag", "storage"]));
    assert_eq!(created.trim(), "Created ADR-0001 Use SQLite for the local store (proposed)");
    stdout(&archboard(&db, &["adr", "new", "Move to PostgreSQL when teams share a board"]));

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&archboard(&db, &["adr", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["tags"], serde_json::json!(["storage"]));
    let table = stdout(&archboard(&db, &["adr", "list", "--tag", "storage"]));
    assert!(table.contains("ADR-0001") && !table.contains("ADR-0002"), "{table}");

    let refused = archboard(&db, &["adr", "status", "1", "superseded", "--by", "2"]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("ADR-0001 cannot go from proposed to superseded"), "{message}");

    stdout(&archboard(&db, &["adr", "status", "1", "accepted"]));
    let moved = stdout(&archboard(&db, &["adr", "status", "1", "superseded", "--by", "2"]));
    assert_eq!(moved.trim(), "ADR-0001 is now superseded");

    let shown: serde_json::Value =
        serde_json::from_str(&stdout(&archboard(&db, &["adr", "show", "1", "--json"]))).unwrap();
    assert_eq!(shown["superseded_by"], serde_json::json!([2]));
    let successor = stdout(&archboard(&db, &["adr", "show", "2"]));
    assert!(successor.contains("Supersedes:    ADR-0001"), "{successor}");
}

#[test]
fn bad_arguments_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let bad_status = archboard(&db, &["adr", "status", "1", "approved"]);
    assert!(!bad_status.status.success());
    assert!(String::from_utf8_lossy(&bad_status.stderr).contains("unknown status `approved`"));

    let missing = archboard(&db, &["adr", "show", "3"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("There is no decision `3`."));

    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(&not_a_db, "this is not a database, just some text that is long enough").unwrap();
    let refused = archboard(&not_a_db, &["adr", "list"]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("notes.txt") || message.contains("not a database"), "{message}");
}

#[test]
fn the_db_flag_wins_over_the_environment_and_backup_copies_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let from_flag = dir.path().join("flag.db");
    let output = Command::new(crate::archboard_binary())
        .env("ARCHBOARD_DB", &from_env)
        .args(["adr", "new", "Chosen by the environment"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(from_env.is_file());
    stdout(&archboard(&from_flag, &["adr", "new", "Chosen by the flag"]));
    let info = stdout(&archboard(&from_flag, &["info"]));
    assert!(info.contains("flag.db") && info.contains("Decisions: 1"), "{info}");
    assert!(info.lines().any(|line| line.starts_with("Log: ")), "info names the log file: {info}");

    let copy = dir.path().join("copy.db");
    stdout(&archboard(&from_flag, &["backup", copy.to_str().unwrap()]));
    let copied = stdout(&archboard(&copy, &["adr", "list"]));
    assert!(copied.contains("Chosen by the flag"), "{copied}");
}

#[test]
fn search_links_and_reviews_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    stdout(&archboard(
        &db,
        &["adr", "new", "Cache features in Redis", "--tag", "feature-store", "--decider", "Ada"],
    ));
    stdout(&archboard(&db, &["adr", "new", "Expire cached features hourly", "--revisit-by", "2020-02-01"]));

    let found = stdout(&archboard(&db, &["adr", "search", "cache"]));
    assert!(found.contains("ADR-0001  Cache features in Redis (proposed)"), "{found}");
    assert!(found.contains("ADR-0002  Expire cached features hourly"), "prefix match: {found}");
    assert!(found.contains("[Cache]"), "matches are bracketed in the terminal: {found}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&archboard(&db, &["adr", "search", "redis", "--json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);

    assert_eq!(
        stdout(&archboard(&db, &["adr", "link", "2", "amends", "1"])).trim(),
        "ADR-0002 amends ADR-0001"
    );
    let custom = archboard(&db, &["adr", "link", "2", "depends-on", "1"]);
    assert!(String::from_utf8_lossy(&custom.stderr).contains("give its two labels"));
    stdout(&archboard(
        &db,
        &["adr", "link", "2", "depends-on", "1", "--forward", "Depends on", "--inverse", "Needed by"],
    ));
    let shown = stdout(&archboard(&db, &["adr", "show", "1"]));
    assert!(shown.contains("Amended by:    ADR-0002 Expire cached features hourly"), "{shown}");
    assert!(shown.contains("Needed by:     ADR-0002"), "{shown}");

    let due = stdout(&archboard(&db, &["adr", "due"]));
    assert!(due.contains("ADR-0002  revisit by 2020-02-01"), "{due}");
    let by_ada = stdout(&archboard(&db, &["adr", "list", "--decider", "ada"]));
    assert!(by_ada.contains("ADR-0001") && !by_ada.contains("ADR-0002"), "{by_ada}");
    stdout(&archboard(&db, &["adr", "unlink", "2", "amends", "1"]));
    assert!(!stdout(&archboard(&db, &["adr", "show", "1"])).contains("Amended by"));
}
