//! ADR collections through the real binary: real-world folders (odd dates, statuses, numbers,
//! front matter, templates) import with warnings and no failures and export byte for byte; two
//! teams' folders with the same numbers share a board; numbers people type resolve or list
//! their candidates; `adr sync` reports edited, added and removed files; `adr export` into the
//! linked folder refuses to overwrite a file changed on disk.

use crate::archboard;
use archboard_tests::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Output;

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", text(&output));
    text(&output)
}

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/adr").join(name)
}

/// Copies a fixture folder into `into`, so a test may change its files.
fn copy(from: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = into.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The JSON an `--json` command printed.
fn json(output: Output) -> serde_json::Value {
    serde_json::from_str(&ok(output)).unwrap()
}

#[test]
fn real_world_folders_import_with_warnings_and_export_untouched_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let root = fixture("real-world");
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    assert!(folders.len() >= 6, "{folders:?}");
    let mut counts = Vec::new();
    for folder in &folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let mut args = vec!["adr", "import", folder.to_str().unwrap(), "--collection", &name, "--json"];
        if name.ends_with("-us") {
            args.extend(["--date-order", "month-first"]);
        }
        let report = json(archboard(&db, &args));
        assert_eq!(report["failed"], 0, "{name}: {report:#}");
        assert!(report["new"].as_u64().unwrap() >= 2, "{name}: {report:#}");
        counts.push(format!(
            "{name}: {} files, {} new, {} skipped, {} with warnings",
            report["items"].as_array().unwrap().len(),
            report["new"],
            report["skipped"],
            report["warned"]
        ));

        let out = dir.path().join("export").join(&name);
        ok(archboard(&db, &["adr", "export", out.to_str().unwrap(), "--collection", &name]));
        let imported: Vec<String> = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["outcome"] == "new")
            .map(|i| i["path"].as_str().unwrap().to_owned())
            .collect();
        for path in imported {
            let exported = std::fs::read(out.join(&path)).unwrap_or_else(|e| panic!("{name}/{path}: {e}"));
            assert_eq!(
                exported,
                std::fs::read(folder.join(&path)).unwrap(),
                "{name}/{path} is not byte for byte"
            );
        }
        let again = json(archboard(&db, &args));
        assert_eq!(
            (again["new"].as_u64(), again["updated"].as_u64()),
            (Some(0), Some(0)),
            "{name}: {again:#}"
        );
    }
    // The figures the note reports.
    eprintln!("{}", counts.join("\n"));
}

#[test]
fn two_teams_folders_with_the_same_numbers_share_one_board() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    ok(archboard(&db, &["adr", "import", fixture("madr4").to_str().unwrap(), "--collection", "payments"]));
    ok(archboard(&db, &["adr", "import", fixture("madr3").to_str().unwrap(), "--collection", "search"]));
    let list = ok(archboard(&db, &["adr", "list"]));
    for reference in ["payments/ADR-0001", "payments/ADR-0002", "search/ADR-0001", "search/ADR-0002"] {
        assert!(list.contains(reference), "{reference} in\n{list}");
    }
    let only = ok(archboard(&db, &["adr", "list", "--collection", "search"]));
    assert!(!only.contains("payments/"), "{only}");

    let ambiguous = archboard(&db, &["adr", "show", "1"]);
    assert!(!ambiguous.status.success());
    let message = text(&ambiguous);
    assert!(message.contains("payments/ADR-0001") && message.contains("search/ADR-0001"), "{message}");
    let scoped = ok(archboard(&db, &["adr", "show", "1", "--collection", "search"]));
    assert!(scoped.starts_with("search/ADR-0001"), "{scoped}");
    let qualified = ok(archboard(&db, &["adr", "show", "payments/ADR-0002"]));
    assert!(qualified.contains("Canary every model release"), "{qualified}");

    let collections = ok(archboard(&db, &["collection", "list"]));
    assert!(collections.contains("main (default)") && collections.contains("payments"), "{collections}");
    for (name, folder) in [("payments", "madr4"), ("search", "madr3")] {
        let again =
            ok(archboard(&db, &["adr", "import", fixture(folder).to_str().unwrap(), "--collection", name]));
        assert!(again.contains("0 new, 0 updated, 2 unchanged"), "{again}");
    }
}

#[test]
fn sync_reports_what_changed_in_the_linked_folder_and_export_refuses_to_overwrite_a_disk_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let folder = dir.path().join("serving");
    copy(&fixture("madr2"), &folder);
    ok(archboard(&db, &["adr", "import", folder.to_str().unwrap(), "--collection", "serving"]));

    let second = folder.join("0002-serve-models-behind-kserve.md");
    let edited = std::fs::read_to_string(&second).unwrap().replace("KServe", "KServe with autoscaling");
    std::fs::write(&second, edited).unwrap();
    std::fs::remove_file(folder.join("0003-serve-models-with-triton.md")).unwrap();
    std::fs::write(
        folder.join("0004-cache-embeddings.md"),
        "# Cache embeddings\n\n* Status: accepted\n* Date: 2025-02-01\n\nKeep them in Redis.\n",
    )
    .unwrap();

    let sync = ok(archboard(&db, &["adr", "sync"]));
    assert!(sync.contains("1 new, 1 updated, 1 unchanged, 0 skipped, 1 missing, 0 failed"), "{sync}");
    assert!(sync.contains("missing    serving/ADR-0003"), "{sync}");
    let listed = json(archboard(&db, &["adr", "list", "--collection", "serving", "--json"]));
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 4, "the decision whose file went stays: {listed:#}");
    let missing: Vec<u64> = rows
        .iter()
        .filter(|r| r["missing_from_folder"] == true)
        .map(|r| r["number"].as_u64().unwrap())
        .collect();
    assert_eq!(missing, vec![3]);
    assert!(ok(archboard(&db, &["adr", "show", "2"])).contains("KServe with autoscaling"));
    let quiet = ok(archboard(&db, &["adr", "sync", "--collection", "serving"]));
    assert!(quiet.contains("0 new, 0 updated, 3 unchanged, 0 skipped, 0 missing"), "{quiet}");

    // The board and the disk both change decision 1: the export names the file and writes nothing.
    ok(archboard(&db, &["adr", "status", "1", "deprecated"]));
    let first = folder.join("0001-use-markdown-architectural-decision-records.md");
    let on_disk = std::fs::read_to_string(&first).unwrap() + "\nEdited in the repository.\n";
    std::fs::write(&first, &on_disk).unwrap();
    let refused = archboard(&db, &["adr", "export", "--collection", "serving"]);
    assert!(!refused.status.success());
    let message = text(&refused);
    assert!(message.contains("conflict  0001-use-markdown-architectural-decision-records.md"), "{message}");
    assert!(
        message.contains("changed on disk since the last sync") && message.contains("board version"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&first).unwrap(), on_disk, "nothing was written");

    // Taking the disk version first (sync), then changing the board, lets the export through.
    ok(archboard(&db, &["adr", "sync", "--collection", "serving"]));
    ok(archboard(&db, &["adr", "status", "4", "deprecated"]));
    let exported = ok(archboard(&db, &["adr", "export", "--collection", "serving"]));
    assert!(
        exported.contains("Wrote 3 decision(s)"),
        "the one whose file was deleted is not brought back: {exported}"
    );
    let fourth = std::fs::read_to_string(folder.join("0004-cache-embeddings.md")).unwrap();
    assert!(fourth.contains("Status: deprecated"), "{fourth}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), on_disk, "the synced file went back as it was");
    let after = ok(archboard(&db, &["adr", "sync", "--collection", "serving"]));
    assert!(after.contains("0 new, 0 updated"), "the files Archboard wrote read back unchanged: {after}");
}
