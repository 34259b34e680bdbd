//! ADR folders through the real binary: every flavor's fixture folder imports, exports back
//! byte for byte, re-imports as unchanged; a changed file updates its decision with an audit
//! entry; files that cannot be read are reported by name, line and reason, templates and
//! READMEs are skipped with a note, and the rest imports.

use crate::archboard;
use archboard_tests::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Output;

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/adr").join(name)
}

/// Every file below `dir`, as (relative path, bytes), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_flavor_round_trips_byte_for_byte_and_reimports_as_unchanged() {
    let cases = [
        ("adr-tools", "doc/adr", 3),
        ("madr2", "", 3),
        ("madr3", "", 2),
        ("madr4", "", 2),
        ("log4brains", "docs/adr", 3),
    ];
    for (flavor, adr_dir, count) in cases {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("board.db");
        let source = fixture(flavor);
        let imported = archboard(&db, &["adr", "import", source.to_str().unwrap()]);
        assert!(imported.status.success(), "{flavor}: {}", text(&imported));
        assert!(
            text(&imported).contains(&format!("Imported into main: {count} new, 0 updated, 0 unchanged")),
            "{flavor}: {}",
            text(&imported)
        );
        assert!(text(&imported).contains(", 0 failed"), "{flavor}: {}", text(&imported));

        let out = dir.path().join("export");
        assert!(archboard(&db, &["adr", "export", out.to_str().unwrap()]).status.success());
        let expected: Vec<_> = files(&source.join(adr_dir))
            .into_iter()
            .filter(|(name, _)| {
                !matches!(name.as_str(), "index.md" | "template.md" | ".adr-dir" | ".log4brains.yml")
            })
            .collect();
        assert_eq!(files(&out), expected, "{flavor}: export differs from the folder imported");

        let again = dir.path().join("export-again");
        assert!(archboard(&db, &["adr", "export", again.to_str().unwrap()]).status.success());
        assert_eq!(files(&again), files(&out), "{flavor}: exporting twice gives other bytes");

        let reimport = archboard(&db, &["adr", "import", source.to_str().unwrap()]);
        assert!(
            text(&reimport).contains(&format!("Imported into main: 0 new, 0 updated, {count} unchanged")),
            "{flavor}: {}",
            text(&reimport)
        );
    }
}

#[test]
fn a_changed_file_updates_its_decision_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let folder = dir.path().join("madr4");
    std::fs::create_dir(&folder).unwrap();
    for (name, bytes) in files(&fixture("madr4")) {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    assert!(archboard(&db, &["adr", "import", folder.to_str().unwrap()]).status.success());
    let path = folder.join("0002-canary-every-model-release.md");
    let changed = std::fs::read_to_string(&path).unwrap().replace("status: proposed", "status: accepted");
    std::fs::write(&path, changed).unwrap();

    let dry = archboard(&db, &["adr", "import", "--dry-run", folder.to_str().unwrap()]);
    assert!(text(&dry).contains("Would import into main: 0 new, 1 updated, 1 unchanged"), "{}", text(&dry));
    assert!(
        text(&archboard(&db, &["adr", "show", "2"])).contains("Status:   proposed"),
        "a dry run writes nothing"
    );

    let real = archboard(&db, &["adr", "import", folder.to_str().unwrap()]);
    assert!(text(&real).contains("updated    ADR-0002"), "{}", text(&real));
    assert!(text(&archboard(&db, &["adr", "show", "2"])).contains("Status:   accepted"));
    let out = dir.path().join("out");
    archboard(&db, &["adr", "export", out.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(out.join("0002-canary-every-model-release.md")).unwrap(),
        std::fs::read(&path).unwrap()
    );

    let history = text(&archboard(&db, &["audit", "--entity", "adr", "--id", "2"]));
    assert!(history.contains("import-update"), "{history}");
}

#[test]
fn broken_files_are_reported_and_the_rest_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    let folder = dir.path().join("bad");
    std::fs::create_dir(&folder).unwrap();
    for (name, bytes) in files(&fixture("bad")) {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let mut huge = b"# 6. Huge\n\nDate: 2024-01-06\n\n## Status\n\nAccepted\n\n## Context\n\n".to_vec();
    huge.resize(6 * 1024 * 1024, b'x');
    std::fs::write(folder.join("0006-huge.md"), huge).unwrap();

    let output = archboard(&db, &["adr", "import", folder.to_str().unwrap()]);
    assert!(!output.status.success(), "a partial import exits non-zero");
    let report = text(&output);
    for expected in [
        "FAILED                           0002-latin1.md",
        "line 7: the file is not UTF-8 text",
        "skipped                          0003-madr-template-left-as-is.md",
        "still the ADR template",
        "new        ADR-0007  adr-tools   0004-second-of-two.md",
        "ADR-0004 is also the number of 0004-first-of-two.md; this file gets a number of its own",
        "0006-huge.md",
        "files over 5 MB are not imported",
        "line 9: the `Amends` link points to a decision that is not in this collection",
        "skipped                          README.md",
        "Imported into main: 4 new, 0 updated, 0 unchanged, 2 skipped, 0 missing, 2 failed",
    ] {
        assert!(report.contains(expected), "missing `{expected}` in:\n{report}");
    }
    let list = text(&archboard(&db, &["adr", "list"]));
    for imported in ["ADR-0001", "ADR-0004", "ADR-0005", "ADR-0007"] {
        assert!(list.contains(imported), "{imported} in {list}");
    }
    assert!(!list.contains("ADR-0002") && !list.contains("ADR-0006"), "{list}");
    let odd_status = text(&archboard(&db, &["adr", "show", "5"]));
    assert!(odd_status.contains("Approved by the board"), "the file's wording is kept: {odd_status}");

    let shown: serde_json::Value = serde_json::from_str(&String::from_utf8_lossy(
        &archboard(&db, &["adr", "show", "1", "--json"]).stdout,
    ))
    .unwrap();
    assert!(
        shown["body_markdown"].as_str().unwrap().contains("onerror=\"alert(1)\""),
        "the source is kept as text"
    );
    assert!(!shown["body_html"].as_str().unwrap().contains("onerror"), "and rendered sanitised");
}
