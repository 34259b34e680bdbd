//! Import and export of ADR folders. An import is previewed per file (new / updated /
//! unchanged / failed) and then written in one transaction, leaving out only the files that
//! failed; an export writes untouched imported decisions back byte for byte and renders the
//! rest in the requested flavor.

use super::adr::{clean_names, clean_tags};
use super::{Change, Services, db_error};
use archboard_adr_format::is_decision_file;
use archboard_adr_format::parse::{DeclaredLink, LinkTarget, ParsedAdr, parse_file};
use archboard_adr_format::render::{self, RenderLink, Renderable};
use archboard_db::Connection;
use archboard_db::adr::{self as store, AdrRecord, AdrSource, SUPERSEDES};
use archboard_types::ApiError;
use archboard_types::adr::{LinkKind, display_number};
use archboard_types::adr_folder::{
    AdrFlavor, ExportFile, ExportRequest, ExportResponse, ImportItem, ImportOutcome, ImportReport,
    ImportRequest,
};
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::files::normalise_folder_path;
use chrono::Utc;
use std::collections::{BTreeMap, HashMap};

/// A file that parsed, with the decision number it maps to.
struct Candidate {
    item_index: usize,
    number: u32,
    parsed: ParsedAdr,
    text: String,
    path: String,
}

/// What an import will do, worked out against the board as it is.
struct ImportPlan {
    items: Vec<ImportItem>,
    candidates: Vec<Candidate>,
    typed_links: Vec<(u32, LinkKind, u32)>,
    report: ImportReport,
}

impl Services {
    /// Previews (dry run) or imports an ADR folder. The plan is made inside the transaction
    /// that writes it, so what is reported as new or unchanged is what the board held.
    pub fn adr_import(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError> {
        let request = normalise_paths(request)?;
        if request.dry_run {
            return Ok(plan_import(self.db.conn(), &request)?.into_report());
        }
        self.write(|tx| {
            let plan = plan_import(tx, &request)?;
            write_import(tx, &plan)?;
            Ok(plan.into_report())
        })
    }

    pub fn adr_export(&mut self, request: ExportRequest) -> Result<ExportResponse, ApiError> {
        let conn = self.db.conn();
        let kinds: HashMap<String, LinkKind> =
            store::link_kinds(conn).map_err(db_error)?.into_iter().map(|k| (k.kind.clone(), k)).collect();
        let mut plans = BTreeMap::new();
        for number in store::numbers(conn).map_err(db_error)? {
            let record = store::get(conn, number)
                .map_err(db_error)?
                .ok_or_else(|| ApiError::internal("a decision vanished"))?;
            let source = store::source(conn, number).map_err(db_error)?;
            let source_flavor = source.as_ref().and_then(|s| s.flavor.parse::<AdrFlavor>().ok());
            let flavor = request.flavor.or(source_flavor).unwrap_or(AdrFlavor::Madr4);
            let renderable = renderable(&record, source.as_ref());
            let (path, verbatim) = match &source {
                Some(source) if source_flavor == Some(flavor) => {
                    let untouched = source.snapshot == snapshot(&record);
                    (source.path.clone(), untouched.then(|| source.text.clone()))
                }
                _ => (
                    render::file_name(flavor, &renderable, source.as_ref().and_then(|s| s.slug.as_deref())),
                    None,
                ),
            };
            plans.insert(number, (flavor, path, verbatim, renderable));
        }
        let paths: HashMap<u32, String> =
            plans.iter().map(|(n, (_, path, _, _))| (*n, path.clone())).collect();
        let mut files = Vec::new();
        for (_, (flavor, path, verbatim, mut renderable)) in plans {
            let content = match verbatim {
                Some(text) => text,
                None => {
                    for link in &mut renderable.links {
                        link.file = paths.get(&link.number).cloned().unwrap_or_default();
                        if let Some(kind) = kinds.get(&link.kind) {
                            link.label =
                                if link.outgoing { kind.forward.clone() } else { kind.inverse.clone() };
                        }
                    }
                    render::render(flavor, &renderable)
                }
            };
            files.push(ExportFile::new(path, content.into_bytes()));
        }
        Ok(ExportResponse { files })
    }
}

/// Which part of the uploaded tree is the ADR folder, and what it says about its flavor:
/// adr-tools' `.adr-dir` names the folder; log4brains' `.log4brains.yml` names `adrFolder`.
fn folder_settings(request: &ImportRequest) -> (String, Option<AdrFlavor>) {
    let text_of = |name: &str| {
        request
            .files
            .iter()
            .find(|f| f.path == name)
            .map(|f| String::from_utf8_lossy(f.content.as_slice()).into_owned())
    };
    let normalise = |dir: &str| {
        let dir = dir.trim().trim_start_matches("./").trim_end_matches('/');
        if dir.is_empty() || dir == "." { String::new() } else { format!("{dir}/") }
    };
    if let Some(config) = text_of(".log4brains.yml") {
        let folder = config
            .lines()
            .find_map(|l| l.trim().strip_prefix("adrFolder:"))
            .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_owned())
            .unwrap_or_default();
        return (normalise(&folder), Some(AdrFlavor::Log4brains));
    }
    if let Some(dir) = text_of(".adr-dir") {
        return (normalise(&dir), Some(AdrFlavor::AdrTools));
    }
    (String::new(), None)
}

/// Turns declared link lines into stored links. Known labels map to their kinds; an unknown
/// pair such as `Clarifies` / `Clarified by` declared on both ends becomes one custom kind.
fn pair_links(declared: &[(u32, DeclaredLink, u32)]) -> Vec<(u32, LinkKind, u32)> {
    let known = |label: &str| -> Option<(&'static str, bool)> {
        match label.to_ascii_lowercase().as_str() {
            "supersedes" | "supercedes" => Some((SUPERSEDES, true)),
            "superseded by" | "superceded by" => Some((SUPERSEDES, false)),
            "amends" => Some(("amends", true)),
            "amended by" => Some(("amends", false)),
            "relates to" => Some(("relates-to", true)),
            _ => None,
        }
    };
    let builtin = |kind: &str| {
        let (forward, inverse) = match kind {
            SUPERSEDES => ("Supersedes", "Superseded by"),
            "amends" => ("Amends", "Amended by"),
            _ => ("Relates to", "Relates to"),
        };
        LinkKind { kind: kind.to_owned(), forward: forward.to_owned(), inverse: inverse.to_owned() }
    };
    let mut out: Vec<(u32, LinkKind, u32)> = Vec::new();
    let mut push = |from: u32, kind: LinkKind, to: u32| {
        if !out.iter().any(|(f, k, t)| *f == from && k.kind == kind.kind && *t == to) {
            out.push((from, kind, to));
        }
    };
    for (from, link, to) in declared {
        if let Some((kind, outgoing)) = known(&link.label) {
            let (a, b) = if outgoing { (*from, *to) } else { (*to, *from) };
            push(a, builtin(kind), b);
            continue;
        }
        let inverse_side = link.label.to_ascii_lowercase().ends_with(" by");
        // The matching line in the other file, if that file declared one.
        let partner = declared.iter().find(|(f, other, t)| {
            *f == *to
                && *t == *from
                && known(&other.label).is_none()
                && other.label.to_ascii_lowercase().ends_with(" by") != inverse_side
        });
        let (forward, inverse, a, b) = match (inverse_side, partner) {
            (false, Some((_, other, _))) => (link.label.clone(), other.label.clone(), *from, *to),
            (true, Some((_, other, _))) => (other.label.clone(), link.label.clone(), *to, *from),
            (_, None) => (link.label.clone(), format!("{} (inverse)", link.label), *from, *to),
        };
        push(a, LinkKind { kind: render::slugify(&forward), forward, inverse }, b);
    }
    out
}

fn record_from(candidate: &Candidate, before: Option<&AdrRecord>, now: chrono::DateTime<Utc>) -> AdrRecord {
    let parsed = &candidate.parsed;
    AdrRecord {
        number: candidate.number,
        title: parsed.title.trim().to_owned(),
        status: parsed.status,
        date: parsed.date.or(before.map(|b| b.date)).unwrap_or_else(|| now.date_naive()),
        // The same cleaning as decisions made in the app, so both compare alike.
        deciders: clean_names(parsed.deciders.clone()),
        consulted: clean_names(parsed.consulted.clone()),
        informed: clean_names(parsed.informed.clone()),
        tags: clean_tags(parsed.tags.clone()),
        body_markdown: parsed.body.clone(),
        supersedes: vec![],
        superseded_by: vec![],
        links: vec![],
        revisit_by: before.and_then(|b| b.revisit_by),
        created_at: before.map(|b| b.created_at).unwrap_or(now),
        updated_at: now,
    }
}

fn renderable(record: &AdrRecord, source: Option<&AdrSource>) -> Renderable {
    Renderable {
        number: record.number,
        title: record.title.clone(),
        status: record.status,
        status_note: source.and_then(|s| s.status_note.clone()),
        date: record.date,
        deciders: record.deciders.clone(),
        consulted: record.consulted.clone(),
        informed: record.informed.clone(),
        tags: record.tags.clone(),
        body: record.body_markdown.clone(),
        links: record
            .links
            .iter()
            .map(|l| RenderLink {
                kind: l.kind.clone(),
                label: l.kind.clone(),
                outgoing: l.outgoing,
                number: l.other,
                title: String::new(),
                file: String::new(),
            })
            .collect(),
    }
}

/// The parts of a decision a file carries, as JSON; equal snapshots mean "unchanged".
fn snapshot(record: &AdrRecord) -> String {
    serde_json::json!({
        "title": record.title,
        "status": record.status,
        "date": record.date,
        "deciders": record.deciders,
        "consulted": record.consulted,
        "informed": record.informed,
        "tags": record.tags,
        "body": record.body_markdown,
        "links": record.links,
    })
    .to_string()
}

fn plan_import(conn: &Connection, request: &ImportRequest) -> Result<ImportPlan, ApiError> {
    let (prefix, folder_flavor) = folder_settings(request);
    let mut items: Vec<ImportItem> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut next_number = store::next_number(conn).map_err(db_error)?;
    let mut seen_numbers: HashMap<u32, String> = HashMap::new();
    let mut batch_slugs: HashMap<String, u32> = HashMap::new();

    let mut files: Vec<_> =
        request.files.iter().filter(|f| f.path.starts_with(&prefix) && is_decision_file(&f.path)).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Numbered files first, so new log4brains decisions are numbered after every known one.
    for file in &files {
        if let (Some(n), _) = archboard_adr_format::parse::name_parts(&file.path) {
            next_number = next_number.max(n + 1);
        }
    }
    for file in files {
        let relative = file.path[prefix.len()..].to_owned();
        let mut item = ImportItem {
            path: file.path.clone(),
            outcome: ImportOutcome::Failed,
            flavor: None,
            number: None,
            title: None,
            messages: vec![],
            line: None,
        };
        match parse_file(&relative, file.content.as_slice(), folder_flavor) {
            Err(error) => {
                item.messages.push(error.message);
                item.line = error.line;
            }
            Ok(parsed) => {
                item.flavor = Some(parsed.flavor);
                item.title = Some(parsed.title.clone());
                let number = match (&parsed.number, &parsed.slug) {
                    (Some(n), _) => Some(*n),
                    (None, Some(slug)) => match store::number_for_slug(conn, slug).map_err(db_error)? {
                        Some(n) => Some(n),
                        None => {
                            let n = next_number;
                            next_number += 1;
                            Some(n)
                        }
                    },
                    (None, None) => None,
                };
                match number {
                        None => item.messages.push(
                            "cannot tell which decision this is: name the file NNNN-title.md (or yyyymmdd-slug.md for log4brains)"
                                .into(),
                        ),
                        Some(0) => item.messages.push("ADR numbers start at 1".into()),
                        Some(n) if seen_numbers.contains_key(&n) => {
                            item.messages.push(format!("{} is also the number of {}", display_number(n), seen_numbers[&n]));
                        }
                        Some(n) => match archboard_types::adr::validate_title(&parsed.title) {
                            Err(message) => {
                                item.messages.push(message);
                                item.line = Some(1);
                            }
                            Ok(()) => {
                                seen_numbers.insert(n, file.path.clone());
                                if let Some(slug) = &parsed.slug {
                                    batch_slugs.insert(slug.clone(), n);
                                }
                                item.number = Some(n);
                                let text = String::from_utf8_lossy(file.content.as_slice()).into_owned();
                                candidates.push(Candidate {
                                    item_index: items.len(),
                                    number: n,
                                    parsed,
                                    text,
                                    path: relative.clone(),
                                });
                            }
                        },
                    }
            }
        }
        items.push(item);
    }

    // Decide new / updated / unchanged, and resolve links against the batch and the store.
    let known: std::collections::HashSet<u32> = store::numbers(conn).map_err(db_error)?.into_iter().collect();
    let mut links: Vec<(u32, DeclaredLink, u32)> = Vec::new();
    for candidate in &candidates {
        let existing = store::source(conn, candidate.number).map_err(db_error)?;
        let item = &mut items[candidate.item_index];
        item.outcome = match (known.contains(&candidate.number), existing) {
            (false, _) => ImportOutcome::New,
            (true, Some(source)) if source.text == candidate.text => ImportOutcome::Unchanged,
            (true, _) => ImportOutcome::Updated,
        };
        for link in &candidate.parsed.links {
            let target = match &link.target {
                LinkTarget::Number(n) => Some(*n),
                LinkTarget::Slug(slug) => match batch_slugs.get(slug) {
                    Some(n) => Some(*n),
                    None => store::number_for_slug(conn, slug).map_err(db_error)?,
                },
            };
            match target.filter(|n| seen_numbers.contains_key(n) || known.contains(n)) {
                    // An unchanged file's links are already on the board as it was imported;
                    // writing them again would restore a link removed in Archboard since,
                    // unaudited. Only the files written this time bring their links.
                    Some(n) if n != candidate.number => {
                        if item.outcome != ImportOutcome::Unchanged {
                            links.push((candidate.number, link.clone(), n));
                        }
                    }
                    _ => item.messages.push(format!(
                        "line {}: the `{}` link points to a decision that does not exist here; the link was left out",
                        link.line, link.label
                    )),
                }
        }
    }
    let typed_links = pair_links(&links);

    let mut report = ImportReport { dry_run: request.dry_run, ..Default::default() };
    for item in &items {
        match item.outcome {
            ImportOutcome::New => report.new += 1,
            ImportOutcome::Updated => report.updated += 1,
            ImportOutcome::Unchanged => report.unchanged += 1,
            ImportOutcome::Failed => report.failed += 1,
        }
    }
    Ok(ImportPlan { items, candidates, typed_links, report })
}

impl ImportPlan {
    fn into_report(self) -> ImportReport {
        ImportReport { items: self.items, ..self.report }
    }
}

/// Writes the files that parsed and changed, their links and sources, each with its audit entry.
fn write_import(tx: &Change<'_>, plan: &ImportPlan) -> Result<(), ApiError> {
    let ImportPlan { items, candidates, typed_links, .. } = plan;
    let written: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| matches!(items[c.item_index].outcome, ImportOutcome::New | ImportOutcome::Updated))
        .collect();
    {
        let now = Utc::now();
        let mut befores = HashMap::new();
        for candidate in &written {
            let before = store::get(tx, candidate.number).map_err(db_error)?;
            let record = record_from(candidate, before.as_ref(), now);
            match &before {
                None => store::insert(tx, &record).map_err(db_error)?,
                Some(_) => store::overwrite(tx, &record).map_err(db_error)?,
            }
            befores.insert(candidate.number, before);
        }
        for (from, kind, to) in typed_links {
            if store::link_kind(tx, &kind.kind).map_err(db_error)?.is_none() {
                store::add_link_kind(tx, kind).map_err(db_error)?;
            }
            store::add_link(tx, *from, &kind.kind, *to).map_err(db_error)?;
        }
        for candidate in &written {
            let after = super::adr::record(tx, candidate.number)?;
            let source = AdrSource {
                flavor: candidate.parsed.flavor.as_str().to_owned(),
                path: candidate.path.clone(),
                text: candidate.text.clone(),
                snapshot: snapshot(&after),
                slug: candidate.parsed.slug.clone(),
                status_note: candidate.parsed.status_note.clone(),
            };
            store::set_source(tx, candidate.number, &source).map_err(db_error)?;
            let before = befores.remove(&candidate.number).flatten();
            let action = if before.is_some() { AuditAction::ImportUpdate } else { AuditAction::Import };
            tx.audit(AuditEntity::Adr, &candidate.number.to_string(), action, before.as_ref(), Some(&after))?;
        }
    }
    Ok(())
}

/// Paths inside an imported folder, normalised; an absolute path or `..` refuses the whole
/// request with the file named, before anything is read.
pub(super) fn normalise_paths(mut request: ImportRequest) -> Result<ImportRequest, ApiError> {
    for (index, file) in request.files.iter_mut().enumerate() {
        file.path = normalise_folder_path(&file.path)
            .map_err(|message| ApiError::validation(&format!("files[{index}].path"), message))?;
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use crate::services::test_board;
    use archboard_types::adr::{AdrRef, LinkChange};
    use archboard_types::adr_folder::{ImportFile, ImportRequest};

    fn adr_tools_fixture() -> Vec<ImportFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr/adr-tools");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir.join("doc/adr")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push(ImportFile::new(format!("doc/adr/{name}"), std::fs::read(&path).unwrap()));
        }
        files
    }

    #[test]
    fn reimporting_an_unchanged_folder_does_not_restore_a_link_removed_since() {
        let (_dir, mut services) = test_board();
        let files = adr_tools_fixture();
        let first = services.adr_import(ImportRequest { files: files.clone(), dry_run: false }).unwrap();
        assert_eq!(first.new, 3, "{first:?}");
        let clarifies = services.adr_get(AdrRef { number: 3 }).unwrap().links;
        let link = clarifies.iter().find(|l| l.outgoing && l.number == 1).expect("3 clarifies 1").clone();
        services
            .adr_link_remove(LinkChange {
                from: 3,
                kind: link.kind.clone(),
                to: 1,
                forward: None,
                inverse: None,
            })
            .unwrap();
        let audit_before = services.audit_list(Default::default()).unwrap().len();

        let again = services.adr_import(ImportRequest { files, dry_run: false }).unwrap();
        assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3), "{again:?}");
        let links = services.adr_get(AdrRef { number: 3 }).unwrap().links;
        assert!(
            !links.iter().any(|l| l.kind == link.kind && l.number == 1),
            "the removed link stays removed: {links:?}"
        );
        assert_eq!(
            services.audit_list(Default::default()).unwrap().len(),
            audit_before,
            "nothing changed, nothing audited"
        );
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused_with_the_file_named_and_nothing_is_written() {
        let (_dir, mut services) = test_board();
        let good = ImportFile::new(
            "doc/adr/0001-use-sqlite.md",
            "# 1. Use SQLite\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n",
        );
        for bad in ["../outside/0002-x.md", "/etc/0002-x.md", "doc/../../0002-x.md", "C:\\adr\\0002-x.md"] {
            let request =
                ImportRequest { files: vec![good.clone(), ImportFile::new(bad, "# 2. X\n")], dry_run: false };
            let error = services.adr_import(request).unwrap_err();
            assert_eq!(error.field.as_deref(), Some("files[1].path"), "{bad}: {error}");
            assert!(error.message.contains(bad), "{bad}: {}", error.message);
        }
        assert_eq!(services.adr_list(Default::default()).unwrap().len(), 0, "nothing was imported");
        // A path with `.` segments and backslashes is normalised, not refused.
        let tidy = ImportFile::new(".\\doc\\adr\\.\\0001-use-sqlite.md", good.content.clone());
        let report = services.adr_import(ImportRequest { files: vec![tidy], dry_run: false }).unwrap();
        assert_eq!(report.new, 1, "{report:?}");
        assert_eq!(report.items[0].path, "doc/adr/0001-use-sqlite.md");
    }
}
