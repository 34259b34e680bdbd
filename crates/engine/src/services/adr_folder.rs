//! Import, sync and export of ADR folders. An import goes into one collection and is
//! previewed per file (new / updated / unchanged / skipped / failed, with the warnings of what
//! could not be read) and then written in one transaction; a sync also marks the decisions
//! whose file is gone. An export writes untouched imported decisions back byte for byte,
//! renders the rest, and refuses to overwrite a file changed on disk since the last sync.

use super::adr::{clean_names, clean_tags, default_collection, named_collection};
use super::{Change, Services, db_error};
use archboard_adr_format::is_decision_file;
use archboard_adr_format::parse::{
    DeclaredLink, LinkTarget, ParseOptions, ParsedAdr, parse_file, skip_reason,
};
use archboard_adr_format::render::{self, RenderLink, Renderable};
use archboard_db::Connection;
use archboard_db::adr::{self as store, AdrRecord, AdrSource, CollectionEntry, SUPERSEDES};
use archboard_db::adr_collection::{self as collections, CollectionRow};
use archboard_types::ApiError;
use archboard_types::adr::{
    AdrId, LinkKind, TITLE_MAX_CHARS, display_number, display_reference, validate_title,
};
use archboard_types::adr_collection::{DEFAULT_COLLECTION, validate_collection_name};
use archboard_types::adr_folder::{
    AdrFlavor, DateOrder, ExportConflict, ExportFile, ExportRequest, ExportResponse, ImportItem,
    ImportOutcome, ImportReport, ImportRequest,
};
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::files::normalise_folder_path;
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// SHA-256 of some bytes, as lower-case hex: how export and the fronts name a file's version.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Which decision of the collection a file is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Number(u32),
    Slug(String),
}

/// A file that parsed, with the decision it maps to.
struct Candidate {
    item_index: usize,
    number: u32,
    identity: Identity,
    /// The decision it updates, when the collection already has it.
    existing: Option<AdrId>,
    parsed: ParsedAdr,
    text: String,
    path: String,
    /// The file is what Archboard last exported for this decision: only its source is
    /// recorded, nothing is re-read from it.
    resync: bool,
}

/// Where the files go: a collection of the board, or one this import creates.
struct Target {
    id: Option<i64>,
    name: String,
    /// The folder the collection is linked to now.
    folder: Option<String>,
    date_order: DateOrder,
    qualified: bool,
}

/// What an import will do, worked out against the board as it is.
struct ImportPlan {
    target: Target,
    items: Vec<ImportItem>,
    candidates: Vec<Candidate>,
    /// Links as (from, kind, to) where each end is a file of this batch or a stored decision.
    typed_links: Vec<(Identity, LinkKind, Identity)>,
    /// Decisions whose file a sync found gone.
    missing: Vec<AdrId>,
    /// The folder path to remember, when the import named one.
    folder: Option<String>,
    report: ImportReport,
}

impl Services {
    /// Previews (dry run) or imports an ADR folder into one collection. The plan is made inside
    /// the transaction that writes it, so what is reported is what the board held.
    pub fn adr_import(&mut self, request: ImportRequest) -> Result<ImportReport, ApiError> {
        let request = normalise_paths(request)?;
        if request.dry_run {
            return Ok(plan_import(self.db.conn(), &request)?.into_report());
        }
        self.write(|tx| {
            let mut plan = plan_import(tx, &request)?;
            write_import(tx, &mut plan)?;
            Ok(plan.into_report())
        })
    }

    pub fn adr_export(&mut self, request: ExportRequest) -> Result<ExportResponse, ApiError> {
        let conn = self.db.conn();
        let only = named_collection(conn, request.collection.as_deref(), "collection")?;
        let all_collections = collections::list(conn).map_err(db_error)?;
        // Several collections in one export each get a folder of their own, so numbers that
        // repeat across collections never meet in one folder.
        let nested = only.is_none() && all_collections.len() > 1;
        let names: HashMap<i64, String> =
            all_collections.iter().map(|(id, c)| (*id, c.name.clone())).collect();
        let kinds: HashMap<String, LinkKind> =
            store::link_kinds(conn).map_err(db_error)?.into_iter().map(|k| (k.kind.clone(), k)).collect();
        let disk: Option<HashMap<&str, &str>> = match &request.on_disk {
            None => None,
            Some(files) => {
                let mut disk = HashMap::new();
                for (index, file) in files.iter().enumerate() {
                    if file.sha256.len() != 64 || !file.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
                        return Err(ApiError::validation(
                            &format!("on_disk[{index}].sha256"),
                            format!("`{}` is not a SHA-256 (64 hex digits) for {}", file.sha256, file.path),
                        ));
                    }
                    disk.insert(file.path.as_str(), file.sha256.as_str());
                }
                Some(disk)
            }
        };
        // Writing into a linked folder never brings back a file the team deleted there.
        let mut gone: HashSet<AdrId> = HashSet::new();
        if disk.is_some() {
            for (collection_id, _) in all_collections.iter().filter(|(id, _)| only.is_none_or(|o| o == *id)) {
                let entries = store::collection_entries(conn, *collection_id).map_err(db_error)?;
                gone.extend(entries.into_iter().filter(|e| e.missing).map(|e| e.id));
            }
        }
        let qualified = store::qualified_references(conn).map_err(db_error)?;
        let mut files = Vec::new();
        let mut conflicts = Vec::new();
        for id in store::ids(conn, only).map_err(db_error)?.into_iter().filter(|id| !gone.contains(id)) {
            let record = store::get(conn, id)
                .map_err(db_error)?
                .ok_or_else(|| ApiError::internal("a decision vanished"))?;
            let source = store::source(conn, id).map_err(db_error)?;
            let (path, content) =
                export_text(conn, &record, source.as_ref(), request.flavor, request.flavor, &kinds)?;
            let path = if nested {
                format!("{}/{path}", names.get(&record.collection_id).cloned().unwrap_or_default())
            } else {
                path
            };
            if let Some(disk) = &disk {
                let synced = source.as_ref().map(|s| (s.path.as_str(), sha256_hex(s.text.as_bytes())));
                let board_sha = sha256_hex(content.as_bytes());
                let reference = display_reference(&names[&record.collection_id], record.number, qualified);
                match disk.get(path.as_str()) {
                    // The same bytes are there already.
                    Some(disk_sha) if *disk_sha == board_sha => {}
                    // The disk holds what the last sync read: the board's change may go out.
                    Some(disk_sha)
                        if synced.as_ref().is_some_and(|(p, sha)| *p == path && sha == disk_sha) => {}
                    // Only the disk changed since the sync: nothing of the board's to write.
                    Some(_) if synced.as_ref().is_some_and(|(p, sha)| *p == path && *sha == board_sha) => {
                        continue;
                    }
                    Some(disk_sha) => {
                        let changed_by =
                            store::summary(conn, id).map_err(db_error)?.and_then(|s| s.changed_by);
                        let message = match &synced {
                            Some((p, _)) if *p == path => format!(
                                "{path} changed on disk since the last sync (disk version {}) and {reference} changed in Archboard too (board version {}, {} by {}); sync to take the disk version, or move the file away to keep the board's.",
                                short(disk_sha),
                                short(&board_sha),
                                record.updated_at.format("%Y-%m-%d %H:%M UTC"),
                                changed_by.as_deref().unwrap_or("someone"),
                            ),
                            _ => format!(
                                "{path} is on disk (version {}) but is not the file {reference} was synced from (board version {}); sync the folder first so neither is lost.",
                                short(disk_sha),
                                short(&board_sha)
                            ),
                        };
                        conflicts.push(ExportConflict {
                            path: path.clone(),
                            reference,
                            disk_sha256: disk_sha.to_string(),
                            synced_sha256: synced.map(|(_, sha)| sha),
                            board_updated_at: record.updated_at,
                            board_changed_by: changed_by,
                            message,
                        });
                        continue;
                    }
                    // Synced from this folder, gone from it since, and the sync has not run:
                    // writing it would undo the deletion.
                    None if synced.is_some() && !nested => {
                        conflicts.push(ExportConflict {
                            path: path.clone(),
                            message: format!(
                                "{path} ({reference}) was deleted or renamed on disk since the last sync; sync the folder first."
                            ),
                            reference,
                            disk_sha256: String::new(),
                            synced_sha256: synced.map(|(_, sha)| sha),
                            board_updated_at: record.updated_at,
                            board_changed_by: None,
                        });
                        continue;
                    }
                    None => {}
                }
            }
            files.push(ExportFile::new(path, content.into_bytes()));
        }
        let folder = only
            .and_then(|id| all_collections.iter().find(|(c, _)| *c == id))
            .and_then(|(_, c)| c.folder.clone());
        if !conflicts.is_empty() {
            files.clear();
        }
        Ok(ExportResponse { files, conflicts, folder })
    }
}

/// The first 12 hex digits of a SHA-256: enough to tell two versions apart in a message.
fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// The file an export writes for a decision: its original bytes when nobody changed it, else
/// rendered in `requested` (or its own) flavor with its links to decisions of the same
/// collection, each naming that decision's file. Links to other collections live on the board
/// only: no file convention can name them without being read back as a local link.
fn export_text(
    conn: &Connection,
    record: &AdrRecord,
    source: Option<&AdrSource>,
    requested: Option<AdrFlavor>,
    target_flavor: Option<AdrFlavor>,
    kinds: &HashMap<String, LinkKind>,
) -> Result<(String, String), ApiError> {
    let (path, flavor, verbatim) = export_file(record, source, requested);
    if let Some(text) = verbatim {
        return Ok((path, text));
    }
    let mut export = renderable(record);
    let mut links = Vec::with_capacity(export.links.len());
    for mut link in export.links {
        let Some(other) = store::get(conn, link.target_id).map_err(db_error)? else { continue };
        if other.collection_id != record.collection_id {
            continue;
        }
        let other_source = store::source(conn, other.id).map_err(db_error)?;
        link.file = export_file(&other, other_source.as_ref(), target_flavor).0;
        link.number = other.number;
        link.title = other.title.clone();
        if let Some(kind) = kinds.get(&link.kind) {
            link.label = if link.outgoing { kind.forward.clone() } else { kind.inverse.clone() };
        }
        links.push(link);
    }
    export.links = links;
    Ok((path, render::render(flavor, &export.inner())))
}

/// Whether `text` is exactly what Archboard would write for decision `id` as a `flavor` file:
/// a file it exported itself, which holds nothing the board lacks.
fn is_ours(conn: &Connection, id: AdrId, flavor: AdrFlavor, text: &str) -> bool {
    let Ok(Some(record)) = store::get(conn, id) else { return false };
    let Ok(source) = store::source(conn, id) else { return false };
    let Ok(kinds) = store::link_kinds(conn) else { return false };
    let kinds: HashMap<String, LinkKind> = kinds.into_iter().map(|k| (k.kind.clone(), k)).collect();
    export_text(conn, &record, source.as_ref(), Some(flavor), None, &kinds)
        .is_ok_and(|(_, ours)| ours == text)
}

/// The path, flavor and (for an untouched imported decision) the verbatim text of a decision's
/// file; `None` content means "render it".
fn export_file(
    record: &AdrRecord,
    source: Option<&AdrSource>,
    requested: Option<AdrFlavor>,
) -> (String, AdrFlavor, Option<String>) {
    let source_flavor = source.and_then(|s| s.flavor.parse::<AdrFlavor>().ok());
    let flavor = requested.or(source_flavor).unwrap_or(AdrFlavor::Madr4);
    match source {
        Some(source) if source_flavor == Some(flavor) => {
            let untouched = source.snapshot == snapshot(record);
            (source.path.clone(), flavor, untouched.then(|| source.text.clone()))
        }
        _ => (render::file_name(flavor, &renderable(record).inner(), record.slug.as_deref()), flavor, None),
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
    // A setting that leaves the folder (`../other`) is ignored: the folder chosen is the one read.
    let normalise = |dir: &str| match normalise_folder_path(dir.trim()) {
        Ok(dir) if !dir.is_empty() && dir != "." => format!("{}/", dir.trim_end_matches('/')),
        _ => String::new(),
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
fn pair_links(declared: &[(Identity, DeclaredLink, Identity)]) -> Vec<(Identity, LinkKind, Identity)> {
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
    let mut out: Vec<(Identity, LinkKind, Identity)> = Vec::new();
    let mut push = |from: Identity, kind: LinkKind, to: Identity| {
        if !out.iter().any(|(f, k, t)| *f == from && k.kind == kind.kind && *t == to) {
            out.push((from, kind, to));
        }
    };
    for (from, link, to) in declared {
        if let Some((kind, outgoing)) = known(&link.label) {
            let (a, b) = if outgoing { (from.clone(), to.clone()) } else { (to.clone(), from.clone()) };
            push(a, builtin(kind), b);
            continue;
        }
        let inverse_side = link.label.to_ascii_lowercase().ends_with(" by");
        // The matching line in the other file, if that file declared one.
        let partner = declared.iter().find(|(f, other, t)| {
            f == to
                && t == from
                && known(&other.label).is_none()
                && other.label.to_ascii_lowercase().ends_with(" by") != inverse_side
        });
        let (forward, inverse, a, b) = match (inverse_side, partner) {
            (false, Some((_, other, _))) => {
                (link.label.clone(), other.label.clone(), from.clone(), to.clone())
            }
            (true, Some((_, other, _))) => {
                (other.label.clone(), link.label.clone(), to.clone(), from.clone())
            }
            (_, None) => (link.label.clone(), format!("{} (inverse)", link.label), from.clone(), to.clone()),
        };
        push(a, LinkKind { kind: render::slugify(&forward), forward, inverse }, b);
    }
    out
}

/// A record made from a file, over the decision it updates (if any).
fn record_from(
    candidate: &Candidate,
    collection_id: i64,
    before: Option<&AdrRecord>,
    now: chrono::DateTime<Utc>,
) -> AdrRecord {
    let parsed = &candidate.parsed;
    let mut title = parsed.title.trim().to_owned();
    if title.chars().count() > TITLE_MAX_CHARS {
        title = title.chars().take(TITLE_MAX_CHARS).collect();
    }
    AdrRecord {
        id: before.map_or(0, |b| b.id),
        collection_id,
        number: candidate.number,
        slug: match &candidate.identity {
            Identity::Slug(slug) => Some(slug.clone()),
            Identity::Number(_) => None,
        },
        title,
        status: parsed.status,
        status_note: parsed.status_note.clone(),
        // Never today's date in place of the file's: an unknown date stays unknown.
        date: parsed.date,
        date_text: parsed.date_text.clone(),
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
        front_matter_extra: parsed.front_matter_extra.clone(),
        created_at: before.map(|b| b.created_at).unwrap_or(now),
        updated_at: now,
    }
}

/// A decision as a file sees it, with each link's target id kept for naming its file.
struct ExportRenderable {
    inner: Renderable,
    links: Vec<ExportLink>,
}

struct ExportLink {
    target_id: AdrId,
    kind: String,
    label: String,
    outgoing: bool,
    number: u32,
    title: String,
    file: String,
}

impl ExportRenderable {
    fn inner(&self) -> Renderable {
        Renderable {
            links: self
                .links
                .iter()
                .map(|l| RenderLink {
                    kind: l.kind.clone(),
                    label: l.label.clone(),
                    outgoing: l.outgoing,
                    number: l.number,
                    title: l.title.clone(),
                    file: l.file.clone(),
                })
                .collect(),
            ..self.inner.clone()
        }
    }
}

fn renderable(record: &AdrRecord) -> ExportRenderable {
    ExportRenderable {
        inner: Renderable {
            number: record.number,
            title: record.title.clone(),
            status: record.status,
            status_note: record.status_note.clone(),
            date: record.date,
            date_text: record.date_text.clone(),
            deciders: record.deciders.clone(),
            consulted: record.consulted.clone(),
            informed: record.informed.clone(),
            tags: record.tags.clone(),
            body: record.body_markdown.clone(),
            front_matter_extra: record.front_matter_extra.clone(),
            links: vec![],
        },
        links: record
            .links
            .iter()
            .map(|l| ExportLink {
                target_id: l.other,
                kind: l.kind.clone(),
                label: l.kind.clone(),
                outgoing: l.outgoing,
                number: 0,
                title: String::new(),
                file: String::new(),
            })
            .collect(),
    }
}

/// The parts of a decision a person can change, as JSON; equal snapshots mean "unchanged".
/// The file's own wording (status, date) and its unknown front matter are not in it: they change
/// only with the status or date (which clear them) or with an import (which takes a new
/// snapshot), and leaving them out keeps snapshots taken before collections existed valid.
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

/// The collection an import goes into: the one named (created when new), else the default.
fn import_target(conn: &Connection, request: &ImportRequest) -> Result<Target, ApiError> {
    let qualified_now = store::qualified_references(conn).map_err(db_error)?;
    let named = request.collection.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let existing = match named {
        Some(name) => collections::by_name(conn, name).map_err(db_error)?,
        None => collections::by_id(conn, default_collection(conn)?).map_err(db_error)?,
    };
    Ok(match existing {
        Some((id, collection)) => Target {
            id: Some(id),
            name: collection.name,
            folder: collection.folder,
            date_order: request.date_order.unwrap_or(collection.date_order),
            qualified: qualified_now,
        },
        None => {
            let name = named.unwrap_or(DEFAULT_COLLECTION);
            validate_collection_name(name).map_err(|m| ApiError::validation("collection", m))?;
            Target {
                id: None,
                name: name.to_owned(),
                folder: None,
                date_order: request.date_order.unwrap_or_default(),
                qualified: true,
            }
        }
    })
}

fn plan_import(conn: &Connection, request: &ImportRequest) -> Result<ImportPlan, ApiError> {
    let target = import_target(conn, request)?;
    let (prefix, folder_flavor) = folder_settings(request);
    let options = ParseOptions { date_order: target.date_order, folder_flavor };
    let entries: Vec<CollectionEntry> = match target.id {
        Some(id) => store::collection_entries(conn, id).map_err(db_error)?,
        None => Vec::new(),
    };
    // A file is matched to a decision by the path it was last read from first (a file keeps its
    // decision when its number or title changes), then by number (decisions known by number)
    // or slug; each decision is claimed by at most one file.
    let by_path: HashMap<&str, &CollectionEntry> =
        entries.iter().filter_map(|e| e.source_path.as_deref().map(|p| (p, e))).collect();
    let by_number: HashMap<u32, &CollectionEntry> =
        entries.iter().filter(|e| e.slug.is_none()).map(|e| (e.number, e)).collect();
    let by_slug: HashMap<&str, &CollectionEntry> =
        entries.iter().filter_map(|e| e.slug.as_deref().map(|s| (s, e))).collect();

    let mut items: Vec<ImportItem> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut batch: HashMap<Identity, (u32, String)> = HashMap::new();
    let mut files: Vec<_> =
        request.files.iter().filter(|f| f.path.starts_with(&prefix) && is_decision_file(&f.path)).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Every path of the folder, read or not: a file that fails to read is still there.
    let present: HashSet<String> = files.iter().map(|f| f.path[prefix.len()..].to_owned()).collect();
    let reference = |number: u32| display_reference(&target.name, number, target.qualified);

    // First read every file, so the numbers files claim (in names or headings) are known
    // before a numberless file is given one.
    let mut parsed_files = Vec::new();
    for file in files {
        let relative = file.path[prefix.len()..].to_owned();
        let mut item = ImportItem {
            path: file.path.clone(),
            outcome: ImportOutcome::Failed,
            flavor: None,
            number: None,
            reference: None,
            title: None,
            messages: vec![],
            line: None,
        };
        let text = String::from_utf8_lossy(file.content.as_slice()).into_owned();
        if let Some(note) = skip_reason(&relative, &text) {
            item.outcome = ImportOutcome::Skipped;
            item.messages.push(note);
            items.push(item);
            continue;
        }
        match parse_file(&relative, file.content.as_slice(), &options) {
            Err(error) => {
                item.messages.push(error.message);
                item.line = error.line;
                items.push(item);
            }
            Ok(parsed) => {
                // The item keeps its place in the folder's order; the second pass fills it in.
                parsed_files.push((items.len(), relative, text, parsed));
                items.push(item);
            }
        }
    }
    // A numberless file gets the next number after every one the collection and the folder's
    // files claim (in names or headings, read or not), as a team's own tooling would.
    let mut next_number = entries
        .iter()
        .map(|e| e.number)
        .chain(parsed_files.iter().filter_map(|(_, _, _, parsed)| parsed.number))
        .chain(present.iter().filter_map(|path| archboard_adr_format::parse::name_parts(path).0))
        .max()
        .map_or(1, |n| n + 1);
    let mut next_free = move || {
        let n = next_number;
        next_number += 1;
        n
    };
    let mut claimed: HashSet<AdrId> = HashSet::new();
    let mut numbers_used: HashMap<u32, String> = HashMap::new();

    for (item_index, relative, text, parsed) in parsed_files {
        let item = &mut items[item_index];
        item.flavor = Some(parsed.flavor);
        item.title = Some(parsed.title.clone());
        item.messages.extend(parsed.warnings.iter().map(|w| match w.line {
            Some(line) => format!("line {line}: {}", w.message),
            None => w.message.clone(),
        }));
        if let Err(message) = validate_title(&parsed.title) {
            item.messages.push(format!("{message} It was shortened to fit."));
        }
        let stem = relative.rsplit('/').next().unwrap_or(&relative).trim_end_matches(".md").to_owned();
        let mut identity = match parsed.number {
            Some(n) => Identity::Number(n),
            None => Identity::Slug(parsed.slug.clone().unwrap_or_else(|| stem.clone())),
        };
        // The decision this file is: the one last read from this path, else the one with its
        // number or slug — unless that one's own file is still in the folder (then this file is
        // a second file with the same number), or it was made in Archboard and this file is not
        // what Archboard wrote for it.
        let mut existing = by_path.get(relative.as_str()).copied().filter(|e| !claimed.contains(&e.id));
        if existing.is_none() {
            let by_identity = match &identity {
                Identity::Number(n) => by_number.get(n).copied(),
                Identity::Slug(slug) => by_slug.get(slug.as_str()).copied(),
            };
            existing = by_identity.filter(|entry| {
                !claimed.contains(&entry.id)
                    && match &entry.source_path {
                        Some(path) => !present.contains(path.as_str()),
                        None => is_ours(conn, entry.id, parsed.flavor, &text),
                    }
            });
        }
        // A number another decision of the collection has, or another file of this folder
        // took: this file gets a number of its own and is known by its file name.
        if existing.is_none()
            && let Identity::Number(n) = identity
        {
            let holder = numbers_used.get(&n).cloned().or_else(|| {
                entries.iter().find(|e| e.number == n).map(|e| match &e.source_path {
                    Some(path) => format!("{prefix}{path}"),
                    None => format!("{} (made in Archboard)", reference(n)),
                })
            });
            if let Some(holder) = holder {
                item.messages.push(format!(
                    "{} is also the number of {holder}; this file gets a number of its own and is known by its file name",
                    display_number(n)
                ));
                identity = Identity::Slug(stem.clone());
            }
        }
        if existing.is_none()
            && let Identity::Slug(slug) = &identity
            && (batch.contains_key(&identity)
                || by_slug.get(slug.as_str()).is_some_and(|e| claimed.contains(&e.id)))
        {
            item.messages.push(format!("another file is also named `{slug}`; this one was left out"));
            continue;
        }
        if existing.is_none()
            && let Identity::Slug(slug) = &identity
        {
            existing = by_slug.get(slug.as_str()).copied().filter(|e| !claimed.contains(&e.id));
        }
        let number = match (&identity, existing) {
            (_, Some(entry)) => entry.number,
            (Identity::Number(n), None) => *n,
            (Identity::Slug(_), None) => next_free(),
        };
        if let Some(entry) = existing {
            claimed.insert(entry.id);
            // The decision keeps the identity it has (a renamed file keeps its decision).
            identity = match &entry.slug {
                Some(slug) => Identity::Slug(slug.clone()),
                None => Identity::Number(entry.number),
            };
        }
        batch.insert(identity.clone(), (number, item.path.clone()));
        numbers_used.insert(number, item.path.clone());
        item.number = Some(number);
        item.reference = Some(reference(number));
        let mut resync = false;
        item.outcome = match existing {
            None => ImportOutcome::New,
            Some(entry) if entry.source_text.as_deref() == Some(text.as_str()) => {
                // The same bytes as last read: nothing to re-read, even when the file had gone
                // (a branch switch) or moved; only where it is and that it is back are recorded.
                resync = entry.missing || entry.source_path.as_deref() != Some(relative.as_str());
                ImportOutcome::Unchanged
            }
            Some(entry) if is_ours(conn, entry.id, parsed.flavor, &text) => {
                // A file Archboard itself wrote for this decision (an export into the linked
                // folder): the board already holds what it says, so only its source is recorded.
                resync = true;
                ImportOutcome::Unchanged
            }
            Some(_) => ImportOutcome::Updated,
        };
        candidates.push(Candidate {
            item_index,
            number,
            identity,
            existing: existing.map(|e| e.id),
            parsed,
            text,
            path: relative,
            resync,
        });
    }

    // Links resolve within the collection: files of this batch first, then its decisions.
    let mut links: Vec<(Identity, DeclaredLink, Identity)> = Vec::new();
    for candidate in &candidates {
        let item = &mut items[candidate.item_index];
        for link in &candidate.parsed.links {
            let target_identity = match &link.target {
                LinkTarget::Number(n) => Identity::Number(*n),
                LinkTarget::Slug(slug) => Identity::Slug(slug.clone()),
            };
            let known = batch.contains_key(&target_identity)
                || match &target_identity {
                    Identity::Number(n) => by_number.contains_key(n),
                    Identity::Slug(slug) => by_slug.contains_key(slug.as_str()),
                };
            match known {
                // An unchanged file's links are already on the board as it was imported;
                // writing them again would restore a link removed in Archboard since,
                // unaudited. Only the files written this time bring their links.
                true if target_identity != candidate.identity => {
                    if item.outcome != ImportOutcome::Unchanged {
                        links.push((candidate.identity.clone(), link.clone(), target_identity));
                    }
                }
                _ => item.messages.push(format!(
                    "line {}: the `{}` link points to a decision that is not in this collection; the link was left out",
                    link.line, link.label
                )),
            }
        }
    }
    let typed_links = pair_links(&links);

    let mut missing = Vec::new();
    if request.sync {
        let claimed: HashSet<AdrId> = candidates.iter().filter_map(|c| c.existing).collect();
        for entry in &entries {
            let Some(path) = &entry.source_path else { continue };
            if entry.missing || claimed.contains(&entry.id) || present.contains(path.as_str()) {
                continue;
            }
            missing.push(entry.id);
            items.push(ImportItem {
                path: format!("{prefix}{path}"),
                outcome: ImportOutcome::Missing,
                flavor: None,
                number: Some(entry.number),
                reference: Some(reference(entry.number)),
                title: None,
                messages: vec![format!(
                    "the file is gone from the folder; {} stays on the board, marked as missing its file",
                    reference(entry.number)
                )],
                line: None,
            });
        }
    }

    let mut report = ImportReport {
        dry_run: request.dry_run,
        collection: target.name.clone(),
        collection_created: target.id.is_none(),
        ..Default::default()
    };
    for item in &items {
        match item.outcome {
            ImportOutcome::New => report.new += 1,
            ImportOutcome::Updated => report.updated += 1,
            ImportOutcome::Unchanged => report.unchanged += 1,
            ImportOutcome::Failed => report.failed += 1,
            ImportOutcome::Skipped => report.skipped += 1,
            ImportOutcome::Missing => report.missing += 1,
        }
        let imported =
            matches!(item.outcome, ImportOutcome::New | ImportOutcome::Updated | ImportOutcome::Unchanged);
        if imported && !item.messages.is_empty() {
            report.warned += 1;
        }
    }
    let folder = request.folder.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(|folder| {
        // The ADR folder itself is what sync reads and export writes.
        if prefix.is_empty() {
            folder.to_owned()
        } else {
            format!("{}/{}", folder.trim_end_matches(['/', '\\']), prefix.trim_end_matches('/'))
        }
    });
    if request.collection.as_deref().is_none_or(|c| c.trim().is_empty())
        && let (Some(linked), Some(folder)) = (&target.folder, &folder)
        && linked != folder
    {
        // Without a collection named, a second repository would land in the default
        // collection and meet the first one's numbers there.
        return Err(ApiError::validation(
            "collection",
            format!(
                "Collection `{}` is kept in step with {linked}; name a collection for {folder} (the CLI's --collection NAME, a new name creates it).",
                target.name
            ),
        ));
    }
    Ok(ImportPlan { target, items, candidates, typed_links, missing, folder, report })
}

impl ImportPlan {
    fn into_report(self) -> ImportReport {
        ImportReport { items: self.items, ..self.report }
    }
}

/// Writes the files that parsed and changed, their links and sources, each with its audit
/// entry; marks the decisions a sync found without a file; remembers the folder.
fn write_import(tx: &Change<'_>, plan: &mut ImportPlan) -> Result<(), ApiError> {
    let now = Utc::now();
    let collection_id = match plan.target.id {
        Some(id) => id,
        None => {
            let row = CollectionRow {
                name: plan.target.name.clone(),
                team_id: None,
                folder: plan.folder.clone(),
                date_order: plan.target.date_order,
                is_default: false,
            };
            let id = collections::insert(tx, &row, now).map_err(db_error)?;
            let after = super::adr_collection::collection(tx, id)?;
            super::adr_collection::audit(tx, id, AuditAction::Create, None, Some(&after))?;
            plan.target.id = Some(id);
            id
        }
    };
    if plan.target.id.is_some() && (plan.folder.is_some() || !plan.candidates.is_empty()) {
        collections::set_synced(tx, collection_id, plan.folder.as_deref(), now).map_err(db_error)?;
    }
    let ImportPlan { items, candidates, typed_links, missing, .. } = plan;
    let written: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| matches!(items[c.item_index].outcome, ImportOutcome::New | ImportOutcome::Updated))
        .collect();
    let mut ids: HashMap<Identity, AdrId> = HashMap::new();
    let mut befores = HashMap::new();
    for candidate in &written {
        let before = match candidate.existing {
            Some(id) => store::get(tx, id).map_err(db_error)?,
            None => None,
        };
        let record = record_from(candidate, collection_id, before.as_ref(), now);
        let id = match &before {
            None => store::insert(tx, &record).map_err(db_error)?,
            Some(_) => {
                store::overwrite(tx, &record).map_err(db_error)?;
                record.id
            }
        };
        ids.insert(candidate.identity.clone(), id);
        befores.insert(id, before);
    }
    let mut id_of = |identity: &Identity| -> Result<Option<AdrId>, ApiError> {
        if let Some(id) = ids.get(identity) {
            return Ok(Some(*id));
        }
        let found = match identity {
            Identity::Number(n) => store::id_for_number(tx, collection_id, *n).map_err(db_error)?,
            Identity::Slug(slug) => store::id_for_slug(tx, collection_id, slug).map_err(db_error)?,
        };
        if let Some(id) = found {
            ids.insert(identity.clone(), id);
        }
        Ok(found)
    };
    for (from, kind, to) in typed_links.iter() {
        let (Some(from), Some(to)) = (id_of(from)?, id_of(to)?) else { continue };
        if from == to {
            continue;
        }
        if store::link_kind(tx, &kind.kind).map_err(db_error)?.is_none() {
            store::add_link_kind(tx, kind).map_err(db_error)?;
        }
        store::add_link(tx, from, &kind.kind, to).map_err(db_error)?;
    }
    for candidate in candidates.iter() {
        let outcome = items[candidate.item_index].outcome;
        let written_now = matches!(outcome, ImportOutcome::New | ImportOutcome::Updated);
        if !written_now && !candidate.resync {
            continue;
        }
        let Some(id) = (if written_now { id_of(&candidate.identity)? } else { candidate.existing }) else {
            continue;
        };
        let after = super::adr::record(tx, id)?;
        let warnings = if written_now {
            items[candidate.item_index].messages.clone()
        } else {
            store::source(tx, id).map_err(db_error)?.map(|s| s.warnings).unwrap_or_default()
        };
        let source = AdrSource {
            flavor: candidate.parsed.flavor.as_str().to_owned(),
            path: candidate.path.clone(),
            text: candidate.text.clone(),
            snapshot: snapshot(&after),
            warnings,
        };
        store::set_source(tx, id, &source).map_err(db_error)?;
        if written_now {
            let before = befores.remove(&id).flatten();
            let action = if before.is_some() { AuditAction::ImportUpdate } else { AuditAction::Import };
            tx.audit(AuditEntity::Adr, &id.to_string(), action, before.as_ref(), Some(&after))?;
        }
    }
    for id in missing.iter() {
        let before = super::adr::record(tx, *id)?;
        store::set_missing(tx, *id, Some(now)).map_err(db_error)?;
        tx.audit(
            AuditEntity::Adr,
            &id.to_string(),
            AuditAction::MissingFromFolder,
            Some(&before),
            Some(&before),
        )?;
    }
    Ok(())
}

/// Paths inside an imported folder, normalised; an absolute path or `..` refuses the whole
/// request with the file named, before anything is read.
pub(super) fn normalise_paths(mut request: ImportRequest) -> Result<ImportRequest, ApiError> {
    normalise_file_paths(&mut request.files)?;
    Ok(request)
}

/// The same for any upload of files (the catalog's import too).
pub(super) fn normalise_file_paths(
    files: &mut [archboard_types::files::FileContents],
) -> Result<(), ApiError> {
    for (index, file) in files.iter_mut().enumerate() {
        file.path = normalise_folder_path(&file.path)
            .map_err(|message| ApiError::validation(&format!("files[{index}].path"), message))?;
    }
    Ok(())
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
        let first =
            services.adr_import(ImportRequest { files: files.clone(), ..Default::default() }).unwrap();
        assert_eq!(first.new, 3, "{first:?}");
        let clarifies = services.adr_get(AdrRef { id: 3 }).unwrap().links;
        let link = clarifies.iter().find(|l| l.outgoing && l.id == 1).expect("3 clarifies 1").clone();
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

        let again = services.adr_import(ImportRequest { files, ..Default::default() }).unwrap();
        assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 3), "{again:?}");
        let links = services.adr_get(AdrRef { id: 3 }).unwrap().links;
        assert!(
            !links.iter().any(|l| l.kind == link.kind && l.id == 1),
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
            let request = ImportRequest {
                files: vec![good.clone(), ImportFile::new(bad, "# 2. X\n")],
                ..Default::default()
            };
            let error = services.adr_import(request).unwrap_err();
            assert_eq!(error.field.as_deref(), Some("files[1].path"), "{bad}: {error}");
            assert!(error.message.contains(bad), "{bad}: {}", error.message);
        }
        assert_eq!(services.adr_list(Default::default()).unwrap().len(), 0, "nothing was imported");
        // A path with `.` segments and backslashes is normalised, not refused.
        let tidy = ImportFile::new(".\\doc\\adr\\.\\0001-use-sqlite.md", good.content.clone());
        let report = services.adr_import(ImportRequest { files: vec![tidy], ..Default::default() }).unwrap();
        assert_eq!(report.new, 1, "{report:?}");
        assert_eq!(report.items[0].path, "doc/adr/0001-use-sqlite.md");
    }
}
