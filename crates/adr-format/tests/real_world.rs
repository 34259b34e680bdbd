//! ADR folders as real teams keep them, from `tests/fixtures/adr/real-world/`: every file
//! imports or is skipped with a note, never fails, and what could not be understood is kept.
//!
//! The fixture folders (prose written for these tests, about an ML platform):
//! - `dates/` (collection writes day first): adr-tools and MADR 2 files dated `31/03/2017`,
//!   `2017-3-31`, `March 31, 2017`, `31.03.2017`, the impossible `31/06/2016`, and one with
//!   no date line.
//! - `dates-us/` (month first): `03/31/2017`, `12/01/2018` (1 December) and `July 4, 2018`.
//! - `statuses/`: `ACCEPTED.`, `superseded by [ADR-0004](0004-….md)`, `in progress`,
//!   `Accepted; supersedes ADR-0002`, a shields.io badge, `on hold`, `draft`, and an adr-tools
//!   file with no `## Status` section.
//! - `madr-0000/`: MADR's own `0000-use-markdown-…md` (number 0), `0001`, `0003` (no 2),
//!   `ADR-004-…md` (another width and a prefix) and the unnumbered
//!   `use-feature-flags-for-models.md`.
//! - `front-matter/`: MADR 4 files with site-generator keys (`layout`, `parent`,
//!   `nav_order`), multi-line unknown keys (a block scalar, a list), and front matter that is
//!   not valid YAML (an unquoted `title: ADR 3: …` and an unclosed list).
//! - `templates/`: `README.md` (an index), `adr-template.md` (MADR's placeholders), `index.md`
//!   (a site's section page) and two real decisions.

use archboard_adr_format::is_decision_file;
use archboard_adr_format::parse::{LinkTarget, ParseOptions, ParsedAdr, parse_file, skip_reason};
use archboard_adr_format::render::{Renderable, render};
use archboard_types::adr::AdrStatus;
use archboard_types::adr_folder::{AdrFlavor, DateOrder};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn folder(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr/real-world").join(name)
}

/// One folder read as the import reads it: the decisions by file name, and the skip notes.
struct Imported {
    decisions: BTreeMap<String, ParsedAdr>,
    skipped: BTreeMap<String, String>,
}

impl Imported {
    fn get(&self, name: &str) -> &ParsedAdr {
        self.decisions.get(name).unwrap_or_else(|| panic!("{name} was not imported: {:?}", self.skipped))
    }
}

fn import(name: &str, date_order: DateOrder) -> Imported {
    let options = ParseOptions { date_order, folder_flavor: None };
    let mut imported = Imported { decisions: BTreeMap::new(), skipped: BTreeMap::new() };
    let mut entries: Vec<_> = std::fs::read_dir(folder(name)).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(is_decision_file(&file), "{name}/{file} is not Markdown");
        let bytes = std::fs::read(&path).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        if let Some(note) = skip_reason(&file, text) {
            imported.skipped.insert(file, note);
            continue;
        }
        let parsed = parse_file(&file, &bytes, &options)
            .unwrap_or_else(|e| panic!("{name}/{file} failed to import: {e:?}"));
        assert!(!parsed.title.is_empty(), "{name}/{file} has no title");
        imported.decisions.insert(file, parsed);
    }
    imported
}

/// The decision as the engine would hand it back for writing, straight from what was read.
fn renderable_from(parsed: &ParsedAdr) -> Renderable {
    Renderable {
        number: parsed.number.unwrap_or(0),
        title: parsed.title.clone(),
        status: parsed.status,
        status_note: parsed.status_note.clone(),
        date: parsed.date,
        date_text: parsed.date_text.clone(),
        deciders: parsed.deciders.clone(),
        consulted: parsed.consulted.clone(),
        informed: parsed.informed.clone(),
        tags: parsed.tags.clone(),
        body: parsed.body.clone(),
        links: vec![],
        front_matter_extra: parsed.front_matter_extra.clone(),
    }
}

/// Writing a decision back and reading it again keeps every field, and a second write gives
/// the same bytes.
fn assert_round_trips(imported: &Imported, options: ParseOptions) {
    for (file, parsed) in &imported.decisions {
        let text = render(parsed.flavor, &renderable_from(parsed));
        let again = parse_file(file, text.as_bytes(), &options).unwrap();
        assert_eq!(
            (&again.title, again.status, &again.status_note, again.date, &again.date_text),
            (&parsed.title, parsed.status, &parsed.status_note, parsed.date, &parsed.date_text),
            "{file}:\n{text}"
        );
        assert_eq!(again.front_matter_extra, parsed.front_matter_extra, "{file}:\n{text}");
        assert_eq!(again.body, parsed.body, "{file}:\n{text}");
        assert_eq!(render(parsed.flavor, &renderable_from(&again)), text, "{file}");
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn warned(parsed: &ParsedAdr, words: &str) -> bool {
    parsed.warnings.iter().any(|w| w.message.contains(words))
}

#[test]
fn dates_written_day_first() {
    let imported = import("dates", DateOrder::DayFirst);
    assert_eq!(imported.decisions.len(), 6);
    assert!(imported.skipped.is_empty());
    let date = |file: &str| {
        let adr = imported.get(file);
        (adr.date, adr.date_text.as_deref())
    };
    assert_eq!(date("0001-serve-models-with-triton.md"), (ymd(2017, 3, 31), Some("31/03/2017")));
    assert_eq!(date("0002-store-features-in-feast.md"), (ymd(2017, 3, 31), Some("2017-3-31")));
    assert_eq!(date("0003-pin-gpu-driver-versions.md"), (ymd(2017, 3, 31), Some("March 31, 2017")));
    assert_eq!(date("0004-monitor-drift-with-prometheus.md"), (ymd(2017, 3, 31), Some("31.03.2017")));
    assert_eq!(date("0005-shadow-deploy-new-models.md"), (None, Some("31/06/2016")));
    assert_eq!(date("0006-batch-inference-on-spot-gpus.md"), (None, None));

    let impossible = imported.get("0005-shadow-deploy-new-models.md");
    assert_eq!(impossible.warnings.len(), 1, "{:?}", impossible.warnings);
    assert_eq!(impossible.warnings[0].line, Some(3));
    assert_eq!(
        impossible.warnings[0].message,
        "`31/06/2016` is not a date that exists; kept as written, the date is unknown"
    );
    assert_eq!(impossible.status, Some(AdrStatus::Accepted));
    let undated = imported.get("0006-batch-inference-on-spot-gpus.md");
    assert!(warned(undated, "no date in the file"));
    assert_eq!((undated.flavor, undated.status), (AdrFlavor::AdrTools, Some(AdrStatus::Proposed)));
    assert!(undated.body.starts_with("## Context"));
    for file in [
        "0001-serve-models-with-triton.md",
        "0002-store-features-in-feast.md",
        "0003-pin-gpu-driver-versions.md",
    ] {
        assert!(imported.get(file).warnings.is_empty(), "{file}: {:?}", imported.get(file).warnings);
    }
    assert_eq!(imported.get("0002-store-features-in-feast.md").flavor, AdrFlavor::Madr2);
    assert_round_trips(&imported, ParseOptions::default());
}

#[test]
fn dates_written_month_first() {
    let options = ParseOptions { date_order: DateOrder::MonthFirst, folder_flavor: None };
    let imported = import("dates-us", DateOrder::MonthFirst);
    assert_eq!(imported.decisions.len(), 3);
    let date = |file: &str| {
        let adr = imported.get(file);
        assert!(adr.warnings.is_empty(), "{file}: {:?}", adr.warnings);
        (adr.date, adr.date_text.as_deref())
    };
    assert_eq!(date("0001-use-a-shared-gpu-cluster.md"), (ymd(2017, 3, 31), Some("03/31/2017")));
    assert_eq!(date("0002-version-datasets-with-lakefs.md"), (ymd(2018, 12, 1), Some("12/01/2018")));
    assert_eq!(date("0003-export-serving-metrics-to-datadog.md"), (ymd(2018, 7, 4), Some("July 4, 2018")));
    assert_round_trips(&imported, options);

    // The same folder read day first: 03/31/2017 has no 31st month; 12/01/2018 is 12 January.
    let misread = import("dates-us", DateOrder::DayFirst);
    let first = misread.get("0001-use-a-shared-gpu-cluster.md");
    assert_eq!((first.date, first.date_text.as_deref()), (None, Some("03/31/2017")));
    assert!(warned(first, "not a date that exists"));
    let second = misread.get("0002-version-datasets-with-lakefs.md");
    assert_eq!((second.date, second.date_text.as_deref()), (ymd(2018, 1, 12), Some("12/01/2018")));
}

#[test]
fn statuses_beyond_the_five_words() {
    let imported = import("statuses", DateOrder::DayFirst);
    assert_eq!(imported.decisions.len(), 8);
    let status = |file: &str| {
        let adr = imported.get(file);
        (adr.status, adr.status_note.as_deref())
    };
    assert_eq!(
        status("0001-record-ml-platform-decisions.md"),
        (Some(AdrStatus::Accepted), Some("ACCEPTED."))
    );
    assert_eq!(
        status("0002-serve-models-from-flask-containers.md"),
        (Some(AdrStatus::Superseded), Some("superseded by [ADR-0004](0004-serve-models-with-kserve.md)"))
    );
    assert_eq!(
        status("0003-track-experiments-in-mlflow.md"),
        (Some(AdrStatus::Proposed), Some("in progress"))
    );
    assert_eq!(
        status("0004-serve-models-with-kserve.md"),
        (Some(AdrStatus::Accepted), Some("Accepted; supersedes ADR-0002"))
    );
    assert_eq!(
        status("0005-alert-on-feature-drift.md"),
        (Some(AdrStatus::Accepted), Some("![Accepted](https://img.shields.io/badge/ADR-accepted-green)"))
    );
    assert_eq!(status("0006-quantise-models-for-cpu-inference.md"), (None, Some("on hold")));
    assert_eq!(status("0007-share-gpus-with-mig.md"), (Some(AdrStatus::Proposed), Some("draft")));
    assert_eq!(status("0008-log-predictions-to-the-lakehouse.md"), (None, None));

    let links = |file: &str| {
        imported.get(file).links.iter().map(|l| (l.label.clone(), l.target.clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        links("0002-serve-models-from-flask-containers.md"),
        vec![("Superseded by".to_owned(), LinkTarget::Number(4))]
    );
    assert_eq!(
        links("0004-serve-models-with-kserve.md"),
        vec![("Supersedes".to_owned(), LinkTarget::Number(2))]
    );

    let on_hold = imported.get("0006-quantise-models-for-cpu-inference.md");
    assert_eq!(on_hold.warnings.len(), 1);
    assert_eq!(on_hold.warnings[0].line, Some(7));
    assert_eq!(
        on_hold.warnings[0].message,
        "status `on hold` has no clear place in the lifecycle; kept as written"
    );
    let unstated = imported.get("0008-log-predictions-to-the-lakehouse.md");
    assert_eq!(unstated.flavor, AdrFlavor::AdrTools);
    assert!(warned(unstated, "no status in the file"));
    assert!(unstated.body.starts_with("## Context"));
    for file in [
        "0001-record-ml-platform-decisions.md",
        "0004-serve-models-with-kserve.md",
        "0005-alert-on-feature-drift.md",
    ] {
        assert!(imported.get(file).warnings.is_empty(), "{file}: {:?}", imported.get(file).warnings);
    }
    assert_round_trips(&imported, ParseOptions::default());
}

#[test]
fn numbers_from_zero_with_gaps_other_widths_and_none() {
    let imported = import("madr-0000", DateOrder::DayFirst);
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    let identity = |file: &str| {
        let adr = imported.get(file);
        assert_eq!(adr.flavor, AdrFlavor::Madr4, "{file}");
        assert!(adr.warnings.is_empty(), "{file}: {:?}", adr.warnings);
        (adr.number, adr.slug.as_deref())
    };
    assert_eq!(identity("0000-use-markdown-architectural-decision-records.md"), (Some(0), None));
    assert_eq!(identity("0001-choose-a-vector-database.md"), (Some(1), None));
    assert_eq!(identity("0003-cache-embeddings-in-redis.md"), (Some(3), None));
    assert_eq!(identity("ADR-004-evaluate-models-offline-before-release.md"), (Some(4), None));
    assert_eq!(identity("use-feature-flags-for-models.md"), (None, Some("use-feature-flags-for-models")));
    assert_eq!(
        imported.get("0000-use-markdown-architectural-decision-records.md").title,
        "Use Markdown architectural decision records"
    );
    assert_eq!(imported.get("0001-choose-a-vector-database.md").consulted, vec!["Search team"]);
    assert_round_trips(&imported, ParseOptions::default());
}

#[test]
fn front_matter_keys_archboard_does_not_use_are_kept() {
    let imported = import("front-matter", DateOrder::DayFirst);
    assert_eq!(imported.decisions.len(), 3);
    let gateway = imported.get("0001-route-inference-through-a-gateway.md");
    assert_eq!((gateway.flavor, gateway.status), (AdrFlavor::Madr4, Some(AdrStatus::Accepted)));
    assert_eq!(gateway.deciders, vec!["Priya Nair", "Tomás Ruiz"]);
    assert_eq!(gateway.informed, vec!["Product engineering"]);
    assert_eq!(gateway.front_matter_extra.as_deref(), Some("layout: adr\nparent: Decisions\nnav_order: 1"));
    assert!(gateway.warnings.is_empty(), "{:?}", gateway.warnings);

    let lineage = imported.get("0002-keep-training-data-lineage.md");
    assert_eq!(lineage.status, Some(AdrStatus::Proposed));
    assert_eq!(
        lineage.front_matter_extra.as_deref(),
        Some(concat!(
            "parent: Decisions\n",
            "summary: |\n",
            "  Record, for every trained model, which dataset commits\n",
            "  and feature definitions it was built from.\n",
            "\n",
            "  Needed for the audit in Q3.\n",
            "toc:\n",
            "  - context\n",
            "  - decision\n",
            "search_exclude: false"
        ))
    );

    let broken = imported.get("0003-autoscale-gpu-nodes.md");
    assert_eq!(
        (broken.flavor, broken.status, broken.date),
        (AdrFlavor::Madr4, Some(AdrStatus::Accepted), ymd(2025, 3, 10))
    );
    assert_eq!(broken.title, "Autoscale GPU nodes on queue length");
    assert_eq!(
        broken.front_matter_extra.as_deref(),
        Some("title: ADR 3: Autoscale GPU nodes\ndecision-makers: [Amara Okafor\nnav_order: 3")
    );
    assert!(warned(broken, "not valid YAML"), "{:?}", broken.warnings);
    assert!(broken.body.starts_with("## Context and Problem Statement"));

    // Written back as MADR 4, the kept lines follow the known keys, verbatim.
    for parsed in imported.decisions.values() {
        let extra = parsed.front_matter_extra.as_deref().unwrap();
        let text = render(AdrFlavor::Madr4, &renderable_from(parsed));
        let front = text.split("\n---\n").next().unwrap();
        assert!(front.ends_with(extra), "{text}");
        assert!(front.starts_with("---\nstatus: "), "{text}");
    }
    let text = render(AdrFlavor::Madr4, &renderable_from(gateway));
    assert!(text.starts_with(concat!(
        "---\nstatus: \"accepted\"\ndate: 2025-01-13\n",
        "decision-makers: [\"Priya Nair\", \"Tomás Ruiz\"]\ninformed: [\"Product engineering\"]\n",
        "layout: adr\nparent: Decisions\nnav_order: 1\n---\n\n# Route all inference through one gateway\n"
    )));
    assert_round_trips(&imported, ParseOptions::default());
}

#[test]
fn indexes_and_templates_are_skipped_with_a_note() {
    let imported = import("templates", DateOrder::DayFirst);
    let skipped: Vec<(&str, &str)> = imported.skipped.iter().map(|(f, n)| (f.as_str(), n.as_str())).collect();
    assert_eq!(
        skipped,
        vec![
            ("README.md", "README.md: an index of the folder, not a decision; skipped"),
            ("adr-template.md", "adr-template.md: a template, not a decision; skipped"),
            ("index.md", "index.md: an index of the folder, not a decision; skipped"),
        ]
    );
    let numbers: Vec<Option<u32>> = imported.decisions.values().map(|d| d.number).collect();
    assert_eq!(numbers, vec![Some(1), Some(2)]);
    assert!(imported.decisions.values().all(|d| d.warnings.is_empty()));
    // Under another name the template is still recognised by its placeholder title.
    let template = std::fs::read_to_string(folder("templates").join("adr-template.md")).unwrap();
    assert!(skip_reason("0009-new-decision.md", &template).unwrap().contains("placeholder"));
    assert_round_trips(&imported, ParseOptions::default());
}
