//! Collections end to end through `Services`: two teams' folders with the same numbers on one
//! board, links that stay inside their collection, typed references, folder sync (edited,
//! added and removed files) and exports that refuse to overwrite a change made on disk.

use crate::services::{Services, sha256_hex, test_board};
use archboard_types::ErrorCode;
use archboard_types::adr::{AdrEdit, AdrListQuery, AdrLookup, AdrRef, NewAdr};
use archboard_types::adr_collection::{CollectionEdit, CollectionUpdate};
use archboard_types::adr_folder::{DiskFile, ExportRequest, ImportFile, ImportOutcome, ImportRequest};

/// A fixture folder of `tests/fixtures/adr`, as the fronts read it.
fn fixture(name: &str) -> Vec<ImportFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr").join(name);
    crate::folders::read_adr_folder(&root).unwrap()
}

fn import(
    services: &mut Services,
    collection: &str,
    files: Vec<ImportFile>,
    sync: bool,
) -> archboard_types::adr_folder::ImportReport {
    services
        .adr_import(ImportRequest { files, collection: Some(collection.into()), sync, ..Default::default() })
        .unwrap()
}

fn titles(services: &mut Services, collection: &str) -> Vec<(u32, String)> {
    let query = AdrListQuery { collection: Some(collection.into()), ..Default::default() };
    services.adr_list(query).unwrap().into_iter().map(|a| (a.number, a.title)).collect()
}

#[test]
fn two_folders_with_the_same_numbers_live_side_by_side_and_reimport_changes_nothing() {
    let (_dir, mut services) = test_board();
    let payments = import(&mut services, "payments", fixture("madr4"), false);
    assert!(payments.collection_created);
    assert_eq!((payments.new, payments.failed), (2, 0), "{payments:?}");
    let search = import(&mut services, "search", fixture("madr3"), false);
    assert_eq!((search.new, search.failed), (2, 0), "{search:?}");

    let payments_titles = titles(&mut services, "payments");
    let search_titles = titles(&mut services, "search");
    assert_eq!(payments_titles.iter().map(|t| t.0).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(search_titles.iter().map(|t| t.0).collect::<Vec<_>>(), vec![1, 2]);
    assert_ne!(payments_titles, search_titles, "nothing was replaced");
    let all = services.adr_list(AdrListQuery::default()).unwrap();
    assert_eq!(all.len(), 4);
    let references: Vec<&str> = all.iter().map(|a| a.reference.as_str()).collect();
    assert!(
        references.contains(&"payments/ADR-0001") && references.contains(&"search/ADR-0001"),
        "{references:?}"
    );

    for (collection, name) in [("payments", "madr4"), ("search", "madr3")] {
        let again = import(&mut services, collection, fixture(name), false);
        assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2), "{collection}: {again:?}");
    }
    assert_eq!(services.adr_list(AdrListQuery::default()).unwrap().len(), 4);
}

#[test]
fn links_in_files_resolve_inside_their_own_collection() {
    let (_dir, mut services) = test_board();
    import(&mut services, "core", fixture("adr-tools"), false);
    import(&mut services, "edge", fixture("adr-tools"), false);
    for collection in ["core", "edge"] {
        let third = services
            .adr_resolve(AdrLookup { text: "3".into(), collection: Some(collection.into()) })
            .unwrap();
        let adr = services.adr_get(AdrRef { id: third.id }).unwrap();
        assert!(!adr.links.is_empty(), "{collection}: {adr:?}");
        for link in &adr.links {
            assert!(link.reference.starts_with(&format!("{collection}/")), "{collection}: {:?}", link);
        }
    }
}

#[test]
fn typed_numbers_resolve_when_unambiguous_and_list_candidates_otherwise() {
    let (_dir, mut services) = test_board();
    import(&mut services, "payments", fixture("madr4"), false);
    let only = services.adr_create(NewAdr { title: "Keep one store".into(), ..Default::default() }).unwrap();
    assert_eq!((only.collection.as_str(), only.reference.as_str()), ("main", "main/ADR-0001"));
    let ambiguous = services.adr_resolve(AdrLookup { text: "1".into(), collection: None }).unwrap_err();
    assert!(
        ambiguous.message.contains("main/ADR-0001") && ambiguous.message.contains("payments/ADR-0001"),
        "{}",
        ambiguous.message
    );
    let two = services.adr_resolve(AdrLookup { text: "ADR-0002".into(), collection: None }).unwrap();
    assert_eq!(two.reference, "payments/ADR-0002", "2 exists only in payments");
    for text in ["payments/1", "payments/ADR-0001", "Payments/adr-1"] {
        let found = services.adr_resolve(AdrLookup { text: text.into(), collection: None }).unwrap();
        assert_eq!(found.reference, "payments/ADR-0001", "{text}");
    }
    let scoped =
        services.adr_resolve(AdrLookup { text: "#1".into(), collection: Some("main".into()) }).unwrap();
    assert_eq!(scoped.id, only.id);
    let unknown =
        services.adr_resolve(AdrLookup { text: "1".into(), collection: Some("ledger".into()) }).unwrap_err();
    assert!(
        unknown.message.contains("no collection `ledger`") && unknown.message.contains("main, payments"),
        "{}",
        unknown.message
    );
}

#[test]
fn sync_reports_edited_added_and_removed_files_and_keeps_the_decision_whose_file_went() {
    let (_dir, mut services) = test_board();
    let mut files = fixture("madr2");
    assert_eq!(import(&mut services, "serving", files.clone(), true).new, 3);

    let edited = files.iter_mut().find(|f| f.path.starts_with("0002-")).unwrap();
    let text = String::from_utf8(edited.content.as_slice().to_vec()).unwrap();
    *edited = ImportFile::new(edited.path.clone(), text.replace("KServe", "KServe (with autoscaling)"));
    files.retain(|f| !f.path.starts_with("0003-"));
    files.push(ImportFile::new(
        "0004-cache-embeddings.md",
        "# Cache embeddings\n\n* Status: accepted\n* Date: 2025-02-01\n\nKeep them in Redis.\n",
    ));

    let preview = services
        .adr_import(ImportRequest {
            files: files.clone(),
            collection: Some("serving".into()),
            sync: true,
            dry_run: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (preview.new, preview.updated, preview.unchanged, preview.missing),
        (1, 1, 1, 1),
        "{preview:?}"
    );
    assert_eq!(titles(&mut services, "serving").len(), 3, "a dry run writes nothing");

    let report = import(&mut services, "serving", files.clone(), true);
    assert_eq!((report.new, report.updated, report.unchanged, report.missing), (1, 1, 1, 1), "{report:?}");
    let gone = report.items.iter().find(|i| i.outcome == ImportOutcome::Missing).unwrap();
    assert_eq!(gone.reference.as_deref(), Some("serving/ADR-0003"));

    let listed =
        services.adr_list(AdrListQuery { collection: Some("serving".into()), ..Default::default() }).unwrap();
    assert_eq!(listed.len(), 4, "the decision whose file went is kept");
    let missing: Vec<u32> = listed.iter().filter(|a| a.missing_from_folder).map(|a| a.number).collect();
    assert_eq!(missing, vec![3]);
    let collection = services
        .collection_get(archboard_types::adr_collection::CollectionRef { name: "serving".into() })
        .unwrap();
    assert_eq!((collection.decisions, collection.missing), (4, 1));

    let again = import(&mut services, "serving", files.clone(), true);
    assert_eq!(
        (again.new, again.updated, again.unchanged, again.missing),
        (0, 0, 3, 0),
        "missing is reported once: {again:?}"
    );
    files.extend(fixture("madr2").into_iter().filter(|f| f.path.starts_with("0003-")));
    let back = import(&mut services, "serving", files, true);
    assert_eq!((back.updated, back.unchanged), (0, 4), "the file came back as it was: {back:?}");
    assert!(services.adr_list(AdrListQuery::default()).unwrap().iter().all(|a| !a.missing_from_folder));
}

#[test]
fn export_into_the_linked_folder_refuses_to_overwrite_a_file_changed_on_disk() {
    let (_dir, mut services) = test_board();
    let files = fixture("madr4");
    import(&mut services, "payments", files.clone(), true);
    let first = services.adr_resolve(AdrLookup { text: "payments/1".into(), collection: None }).unwrap();
    let adr = services.adr_get(AdrRef { id: first.id }).unwrap();
    services
        .adr_update(AdrEdit {
            id: adr.id,
            title: adr.title.clone(),
            body_markdown: format!("{}\nEdited on the board.\n", adr.body_markdown),
            date: adr.date,
            deciders: adr.deciders.clone(),
            consulted: adr.consulted.clone(),
            informed: adr.informed.clone(),
            tags: adr.tags.clone(),
            revisit_by: adr.revisit_by,
        })
        .unwrap();
    let disk = |files: &[ImportFile]| -> Vec<DiskFile> {
        files
            .iter()
            .map(|f| DiskFile { path: f.path.clone(), sha256: sha256_hex(f.content.as_slice()) })
            .collect()
    };
    let request = |on_disk| ExportRequest {
        collection: Some("payments".into()),
        on_disk: Some(on_disk),
        ..Default::default()
    };

    // The disk holds what the last sync read: the board's edit may go out.
    let clean = services.adr_export(request(disk(&files))).unwrap();
    assert!(clean.conflicts.is_empty(), "{:?}", clean.conflicts);
    let written = clean.files.iter().find(|f| f.path == files[0].path).unwrap();
    assert!(String::from_utf8_lossy(written.content.as_slice()).contains("Edited on the board."));
    let untouched = clean.files.iter().find(|f| f.path == files[1].path).unwrap();
    assert_eq!(untouched.content, files[1].content, "an untouched file goes back byte for byte");

    // Someone edits the same file on disk: both versions are named, nothing is written.
    let mut changed = files.clone();
    changed[0] = ImportFile::new(files[0].path.clone(), "---\nstatus: accepted\n---\n\n# Changed on disk\n");
    let refused = services.adr_export(request(disk(&changed))).unwrap();
    assert!(refused.files.is_empty(), "nothing to write while a conflict stands");
    assert_eq!(refused.conflicts.len(), 1);
    let conflict = &refused.conflicts[0];
    assert_eq!(
        (conflict.path.as_str(), conflict.reference.as_str()),
        (files[0].path.as_str(), "payments/ADR-0001")
    );
    assert!(
        conflict.message.contains(&conflict.disk_sha256[..12]) && conflict.message.contains("board version"),
        "{}",
        conflict.message
    );

    // After the edited file is written, a sync recognises Archboard's own file: nothing changes.
    let mut on_disk = files.clone();
    on_disk[0] = ImportFile::new(written.path.clone(), written.content.as_slice().to_vec());
    let resync = import(&mut services, "payments", on_disk.clone(), true);
    assert_eq!((resync.updated, resync.unchanged), (0, 2), "{resync:?}");
    let after = services.adr_export(request(disk(&on_disk))).unwrap();
    assert!(after.conflicts.is_empty());
}

#[test]
fn collections_are_checked_and_the_default_moves_only_on_purpose() {
    let (_dir, mut services) = test_board();
    let bad = services
        .collection_create(CollectionEdit { name: "team/payments".into(), ..Default::default() })
        .unwrap_err();
    assert_eq!((bad.code, bad.field.as_deref()), (ErrorCode::Validation, Some("name")));
    let team = services
        .collection_create(CollectionEdit {
            name: "payments".into(),
            team: Some("Nobody".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(team.field.as_deref(), Some("team"));
    services.collection_create(CollectionEdit { name: "payments".into(), ..Default::default() }).unwrap();
    let twice = services
        .collection_create(CollectionEdit { name: "Payments".into(), ..Default::default() })
        .unwrap_err();
    assert_eq!(twice.code, ErrorCode::Conflict);

    let main_off = services
        .collection_update(CollectionUpdate {
            current: "main".into(),
            edit: CollectionEdit { name: "main".into(), ..Default::default() },
        })
        .unwrap_err();
    assert_eq!(main_off.field.as_deref(), Some("is_default"));
    services
        .collection_update(CollectionUpdate {
            current: "payments".into(),
            edit: CollectionEdit { name: "payments".into(), is_default: true, ..Default::default() },
        })
        .unwrap();
    let created =
        services.adr_create(NewAdr { title: "Tokenise cards".into(), ..Default::default() }).unwrap();
    assert_eq!(created.reference, "payments/ADR-0001", "new decisions go to the default");
    let list = services.collection_list(Default::default()).unwrap();
    assert_eq!(
        list.iter().filter(|c| c.is_default).map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["payments"]
    );
    let renamed = services
        .collection_update(CollectionUpdate {
            current: "payments".into(),
            edit: CollectionEdit { name: "cards".into(), is_default: true, ..Default::default() },
        })
        .unwrap();
    assert_eq!(renamed.name, "cards");
    assert_eq!(services.adr_get(AdrRef { id: created.id }).unwrap().reference, "cards/ADR-0001");
}

fn adr_tools(number: u32, title: &str) -> String {
    format!("# {number}. {title}\n\nDate: 2025-03-01\n\n## Status\n\nAccepted\n\n## Context\n\n{title}.\n")
}

#[test]
fn a_file_keeps_its_decision_and_never_takes_another_ones() {
    let (_dir, mut services) = test_board();
    // A numberless file, a heading-numbered one and a file-named one: numbers are given out
    // after every number the files claim, once each.
    let mut files = vec![
        ImportFile::new("0001-record-decisions.md", adr_tools(1, "Record decisions")),
        ImportFile::new("use-feature-flags.md", "# Use feature flags\n\n* Status: accepted\n"),
        ImportFile::new("zeta.md", adr_tools(2, "Zeta")),
    ];
    let first = import(&mut services, "core", files.clone(), true);
    assert_eq!((first.new, first.failed), (3, 0), "{first:?}");
    let numbers: Vec<u32> = first.items.iter().filter_map(|i| i.number).collect();
    assert_eq!(numbers, vec![1, 3, 2], "the numberless file gets 3, not zeta's 2");

    // The repository's tooling numbers a new file 0003 too: it is a decision of its own.
    files.push(ImportFile::new("0003-cache-features.md", adr_tools(3, "Cache features")));
    let second = import(&mut services, "core", files.clone(), true);
    assert_eq!((second.new, second.updated, second.unchanged), (1, 0, 3), "{second:?}");
    let flags =
        services.adr_resolve(AdrLookup { text: "use-feature-flags".into(), collection: None }).unwrap();
    assert_eq!((flags.number, flags.title.as_str()), (3, "Use feature flags"), "untouched");
    let cache = second.items.iter().find(|i| i.path == "0003-cache-features.md").unwrap();
    assert!(cache.messages.iter().any(|m| m.contains("also the number")), "{cache:?}");

    // A decision made in Archboard is not overwritten by a teammate's file with its number.
    let made = services
        .adr_create(NewAdr {
            title: "Made on the board".into(),
            collection: Some("core".into()),
            ..Default::default()
        })
        .unwrap();
    files.push(ImportFile::new(
        format!("{:04}-teammate.md", made.number),
        adr_tools(made.number, "Teammate's file"),
    ));
    let third = import(&mut services, "core", files.clone(), true);
    assert_eq!(third.new, 1, "{third:?}");
    assert_eq!(services.adr_get(AdrRef { id: made.id }).unwrap().title, "Made on the board");

    // A renamed file keeps its decision; an emptied file is not "gone".
    let renamed = files.iter().position(|f| f.path == "zeta.md").unwrap();
    files[renamed] = ImportFile::new("0002-zeta.md", files[renamed].content.clone());
    let emptied = files.iter().position(|f| f.path.starts_with("0001-")).unwrap();
    files[emptied] = ImportFile::new(files[emptied].path.clone(), "");
    let fourth = import(&mut services, "core", files.clone(), true);
    assert_eq!((fourth.new, fourth.updated, fourth.missing), (0, 0, 0), "{fourth:?}");
    let zeta = services.adr_resolve(AdrLookup { text: "core/2".into(), collection: None }).unwrap();
    assert_eq!(
        services.adr_get(AdrRef { id: zeta.id }).unwrap().source_path.as_deref(),
        Some("0002-zeta.md")
    );

    // A file deleted on disk since the last sync is not written back by an export.
    files.retain(|f| f.path != "0002-zeta.md");
    let disk: Vec<DiskFile> = files
        .iter()
        .map(|f| DiskFile { path: f.path.clone(), sha256: sha256_hex(f.content.as_slice()) })
        .collect();
    let export = services
        .adr_export(ExportRequest {
            collection: Some("core".into()),
            on_disk: Some(disk),
            ..Default::default()
        })
        .unwrap();
    assert!(export.files.is_empty());
    assert!(
        export.conflicts.iter().any(|c| c.path == "0002-zeta.md" && c.message.contains("deleted or renamed")),
        "{:?}",
        export.conflicts
    );
    let short = services
        .adr_export(ExportRequest {
            collection: Some("core".into()),
            on_disk: Some(vec![DiskFile { path: "x.md".into(), sha256: "ab".into() }]),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(short.field.as_deref(), Some("on_disk[0].sha256"));
}

#[test]
fn a_second_repository_does_not_land_in_the_default_collection_unasked() {
    let (_dir, mut services) = test_board();
    let first = ImportRequest {
        files: fixture("madr4"),
        folder: Some("/repos/a/docs/adr".into()),
        ..Default::default()
    };
    assert_eq!(services.adr_import(first).unwrap().new, 2);
    let second = ImportRequest {
        files: fixture("madr3"),
        folder: Some("/repos/b/docs/adr".into()),
        ..Default::default()
    };
    let refused = services.adr_import(second).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("collection"));
    assert!(
        refused.message.contains("/repos/a/docs/adr") && refused.message.contains("--collection"),
        "{}",
        refused.message
    );
    assert_eq!(services.adr_list(AdrListQuery::default()).unwrap().len(), 2, "nothing replaced");
}
