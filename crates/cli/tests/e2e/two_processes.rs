//! Two `archboard` processes writing to one board at once: each operation's checks and its audit
//! "before" run inside its write transaction, so the second writer sees the first one's change
//! instead of acting on what it read earlier.

use crate::archboard;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn spawn(db: &std::path::Path, args: &[&str]) -> Child {
    Command::new(crate::archboard_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("archboard starts")
}

#[test]
fn two_processes_racing_to_decide_one_adr_cannot_both_win_and_the_audit_before_is_right() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    assert!(archboard(&db, &["adr", "new", "Pick one queue for events"]).status.success());

    // Hold the board's write lock while both writers start, so both are certainly waiting at
    // once. A writer that validated before taking the lock would pass its check on "proposed"
    // and then write anyway; one that checks inside its transaction sees the other's decision.
    let blocker = rusqlite::Connection::open(&db).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let accept = spawn(&db, &["adr", "status", "1", "accepted"]);
    let reject = spawn(&db, &["adr", "status", "1", "rejected"]);
    // Not an assertion on time: the test holds for any wait; the wait only makes it likely
    // that both processes have read the board before the lock goes.
    std::thread::sleep(Duration::from_millis(1500));
    blocker.execute_batch("ROLLBACK").unwrap();
    let outcomes = [accept.wait_with_output().unwrap(), reject.wait_with_output().unwrap()];

    let winners: Vec<usize> = (0..2).filter(|&i| outcomes[i].status.success()).collect();
    assert_eq!(winners.len(), 1, "exactly one decision may land: {outcomes:?}");
    let loser = &outcomes[1 - winners[0]];
    let refusal = String::from_utf8_lossy(&loser.stderr);
    assert!(refusal.contains("cannot go from"), "the other is refused by the lifecycle: {refusal}");

    let audit: serde_json::Value =
        serde_json::from_slice(&archboard(&db, &["audit", "--entity", "adr", "--id", "1", "--json"]).stdout)
            .unwrap();
    let entries = audit.as_array().unwrap();
    let statuses: Vec<&serde_json::Value> = entries.iter().filter(|e| e["action"] == "status").collect();
    assert_eq!(statuses.len(), 1, "one status change recorded: {entries:?}");
    let before: serde_json::Value = serde_json::from_str(statuses[0]["before"].as_str().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(statuses[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(before["status"], "proposed", "the before is what the winner changed");
    let won = if winners[0] == 0 { "accepted" } else { "rejected" };
    assert_eq!(after["status"], won);
}

#[test]
fn two_processes_adding_decisions_at_once_lose_none_and_number_them_uniquely() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    assert!(archboard(&db, &["info"]).status.success());
    let blocker = rusqlite::Connection::open(&db).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let writers: Vec<Child> =
        (0..4).map(|n| spawn(&db, &["adr", "new", &format!("Decision from writer {n}")])).collect();
    std::thread::sleep(Duration::from_millis(1000));
    blocker.execute_batch("ROLLBACK").unwrap();
    for writer in writers {
        let output = writer.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let list: serde_json::Value =
        serde_json::from_slice(&archboard(&db, &["adr", "list", "--json"]).stdout).unwrap();
    let mut numbers: Vec<u64> =
        list.as_array().unwrap().iter().map(|a| a["number"].as_u64().unwrap()).collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3, 4]);
}
