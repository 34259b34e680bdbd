//! `archboard adr …` and `archboard collection …`: decisions, their collections, and the
//! folders they are kept in step with. Decisions are named as people type them (`7`,
//! `payments/ADR-0007`) and resolved by the engine (`adr_resolve`) to the one they name.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_engine::services::sha256_hex;
use archboard_types::adr::{
    Adr, AdrId, AdrListQuery, AdrLookup, AdrRef, AdrSearchQuery, AdrSort, AdrStatus, AdrSummary,
    DueForReviewQuery, LinkChange, NewAdr, StatusChange, date_label, status_label,
};
use archboard_types::adr_collection::{AdrCollection, CollectionEdit, CollectionRef, CollectionUpdate};
use archboard_types::adr_folder::{
    AdrFlavor, DateOrder, DiskFile, ExportRequest, ImportOutcome, ImportReport, ImportRequest,
};
use archboard_types::endpoint::{
    AdrCreate, AdrDueForReview, AdrExport, AdrGet, AdrImport, AdrLinkAdd, AdrLinkRemove, AdrList, AdrResolve,
    AdrSearch, AdrSetStatus, CollectionCreate, CollectionGet, CollectionList, CollectionUpdate as UpdateCall,
};
use archboard_types::system::Empty;
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct AdrArgs {
    /// The collection the command works in (default: the board's only or default collection;
    /// for `show`, `status` and links, where a number is unambiguous, any collection).
    #[arg(long, global = true, value_name = "NAME")]
    pub collection: Option<String>,
    #[command(subcommand)]
    pub command: AdrCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdrCommand {
    /// Create a decision (status proposed) from the MADR 4 template.
    New {
        title: String,
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long = "decider")]
        deciders: Vec<String>,
        /// When to look at the decision again (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        revisit_by: Option<chrono::NaiveDate>,
        /// Read the Markdown body from this file instead of using the template.
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List decisions.
    List {
        #[arg(long)]
        status: Option<AdrStatus>,
        #[arg(long)]
        tag: Option<String>,
        /// Only decisions this person helped decide.
        #[arg(long)]
        decider: Option<String>,
        #[arg(long, value_enum, default_value_t = SortArg::Number)]
        sort: SortArg,
        #[arg(long)]
        desc: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show one decision: `7`, `ADR-0007` or `payments/ADR-0007`.
    Show {
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over titles, bodies, tags and people, best match first.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Decisions whose revisit date has come.
    Due {
        /// Judge as of this date instead of today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Link two decisions: `archboard adr link 12 amends 7` (or `payments/12 amends core/7`).
    Link {
        from: String,
        kind: String,
        to: String,
        /// Label of a new kind, read from FROM (e.g. "Depends on").
        #[arg(long)]
        forward: Option<String>,
        /// Label of a new kind, read from TO (e.g. "Needed by").
        #[arg(long)]
        inverse: Option<String>,
    },
    /// Import an ADR folder (adr-tools, MADR 2–4, log4brains) into a collection (created when
    /// new) and link the collection to the folder; re-importing changes nothing.
    Import {
        dir: PathBuf,
        /// How the files write dates like 03/04/2017 (default: the collection's, day-first).
        #[arg(long, value_enum)]
        date_order: Option<DateOrderArg>,
        /// Show what would be imported without writing anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Re-import every linked folder (or the --collection's): new, changed and removed files
    /// are reported; a decision whose file is gone is marked, never deleted.
    Sync {
        /// Read this folder instead of the linked one (needs --collection). On a team server's
        /// board it is required: a folder stored there may have been set by anyone.
        dir: Option<PathBuf>,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write decisions as Markdown files: into DIR, or with --collection and no DIR back into
    /// the collection's linked folder, refusing to overwrite a file changed there since the
    /// last sync.
    Export {
        dir: Option<PathBuf>,
        /// One flavor for all files; by default each decision keeps the flavor it came in.
        #[arg(long)]
        flavor: Option<AdrFlavor>,
    },
    /// Remove a link between two decisions.
    Unlink { from: String, kind: String, to: String },
    /// Move a decision to a new status; `superseded` needs `--by` with the successor.
    Status {
        decision: String,
        status: AdrStatus,
        #[arg(long, value_name = "DECISION")]
        by: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Number,
    Title,
    Status,
    Date,
    Updated,
}

impl From<SortArg> for AdrSort {
    fn from(sort: SortArg) -> Self {
        match sort {
            SortArg::Number => AdrSort::Number,
            SortArg::Title => AdrSort::Title,
            SortArg::Status => AdrSort::Status,
            SortArg::Date => AdrSort::Date,
            SortArg::Updated => AdrSort::Updated,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    DayFirst,
    MonthFirst,
}

impl From<DateOrderArg> for DateOrder {
    fn from(order: DateOrderArg) -> Self {
        match order {
            DateOrderArg::DayFirst => DateOrder::DayFirst,
            DateOrderArg::MonthFirst => DateOrder::MonthFirst,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CollectionCommand {
    /// List the board's ADR collections.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one collection.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Create a collection.
    Add {
        name: String,
        #[command(flatten)]
        fields: CollectionFields,
    },
    /// Change a collection (rename with --name).
    Edit {
        current: String,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: CollectionFields,
    },
}

#[derive(Debug, Args)]
pub struct CollectionFields {
    /// The owning team.
    #[arg(long)]
    team: Option<String>,
    /// A system the collection's decisions are about (repeat for several).
    #[arg(long = "system")]
    systems: Vec<String>,
    /// The folder it is kept in step with.
    #[arg(long, value_name = "DIR")]
    folder: Option<PathBuf>,
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
    /// Make it the default collection (new decisions go there).
    #[arg(long)]
    default: bool,
    #[arg(long)]
    json: bool,
}

/// The one decision a typed reference names, inside `--collection` when given.
fn resolve(client: &mut Client, text: &str, collection: Option<&str>) -> Result<AdrSummary, CliError> {
    Ok(client.call::<AdrResolve>(&AdrLookup {
        text: text.to_owned(),
        collection: collection.map(str::to_owned),
    })?)
}

pub(super) fn resolve_id(
    client: &mut Client,
    text: &str,
    collection: Option<&str>,
) -> Result<AdrId, CliError> {
    Ok(resolve(client, text, collection)?.id)
}

pub fn run_adr(client: &mut Client, args: AdrArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let collection = args.collection;
    match args.command {
        AdrCommand::New { title, tags, deciders, revisit_by, body_file, json } => {
            let body_markdown = match body_file {
                Some(path) => Some(std::fs::read_to_string(&path).map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("cannot read the body file {}: {e}", path.display()),
                    )
                })?),
                None => None,
            };
            let adr = client.call::<AdrCreate>(&NewAdr {
                title,
                collection,
                body_markdown,
                tags,
                deciders,
                revisit_by,
                ..Default::default()
            })?;
            if json {
                write_json(out, &adr)?;
            } else {
                writeln!(out, "Created {} {} ({})", adr.reference, adr.title, status_of(&adr))?;
            }
        }
        AdrCommand::List { status, tag, decider, sort, desc, json } => {
            let list = client.call::<AdrList>(&AdrListQuery {
                status,
                tag,
                decider,
                sort: sort.into(),
                descending: desc,
                limit: None,
                collection,
            })?;
            if json {
                write_json(out, &list)?;
            } else {
                write_table(out, &list)?;
            }
        }
        AdrCommand::Search { query, limit, json } => {
            let hits = client.call::<AdrSearch>(&AdrSearchQuery { query, limit: Some(limit), collection })?;
            if json {
                write_json(out, &hits)?;
            } else if hits.is_empty() {
                writeln!(out, "No decision matches.")?;
            } else {
                for hit in hits {
                    let snippet = hit.snippet_html.replace("<mark>", "[").replace("</mark>", "]");
                    writeln!(
                        out,
                        "{}  {} ({})\n    {}",
                        hit.reference,
                        hit.title,
                        status_label(hit.status, None),
                        unescape(&snippet)
                    )?;
                }
            }
        }
        AdrCommand::Due { as_of, json } => {
            let due = client.call::<AdrDueForReview>(&DueForReviewQuery { as_of, collection })?;
            if json {
                write_json(out, &due)?;
            } else if due.is_empty() {
                writeln!(out, "No decision is due for review.")?;
            } else {
                for adr in due {
                    let when = adr.revisit_by.map(|d| d.to_string()).unwrap_or_default();
                    writeln!(out, "{}  revisit by {when}  {}", adr.reference, adr.title)?;
                }
            }
        }
        AdrCommand::Link { from, kind, to, forward, inverse } => {
            let from = resolve(client, &from, collection.as_deref())?;
            let to = resolve(client, &to, collection.as_deref())?;
            let adr = client.call::<AdrLinkAdd>(&LinkChange {
                from: from.id,
                kind,
                to: to.id,
                forward,
                inverse,
            })?;
            let link = adr.links.iter().find(|l| l.outgoing && l.id == to.id).map(|l| l.label.clone());
            writeln!(out, "{} {} {}", from.reference, link.unwrap_or_default().to_lowercase(), to.reference)?;
        }
        AdrCommand::Unlink { from, kind, to } => {
            let from = resolve(client, &from, collection.as_deref())?;
            let to = resolve(client, &to, collection.as_deref())?;
            client.call::<AdrLinkRemove>(&LinkChange {
                from: from.id,
                kind: kind.clone(),
                to: to.id,
                forward: None,
                inverse: None,
            })?;
            writeln!(out, "Removed the `{kind}` link from {} to {}", from.reference, to.reference)?;
        }
        AdrCommand::Import { dir, date_order, dry_run, json } => {
            let files = crate::files::read_adr_folder(&dir)?;
            let request = ImportRequest {
                files,
                dry_run,
                collection,
                folder: Some(folder_name(&dir)),
                date_order: date_order.map(Into::into),
                sync: false,
            };
            let report = client.call::<AdrImport>(&request)?;
            if json {
                write_json(out, &report)?;
            } else {
                write_import_report(out, &report)?;
            }
            if report.failed > 0 {
                return Err(CliError::Partial(format!("{} file(s) could not be imported", report.failed)));
            }
        }
        AdrCommand::Sync { dir, dry_run, json } => {
            sync(client, collection.as_deref(), dir, dry_run, json, out)?
        }
        AdrCommand::Export { dir, flavor } => export(client, collection, dir, flavor, out)?,
        AdrCommand::Show { decision, json } => {
            let id = resolve_id(client, &decision, collection.as_deref())?;
            let adr = client.call::<AdrGet>(&AdrRef { id })?;
            if json {
                write_json(out, &adr)?;
            } else {
                write_adr(out, &adr)?;
            }
        }
        AdrCommand::Status { decision, status, by, json } => {
            let id = resolve_id(client, &decision, collection.as_deref())?;
            let superseded_by = by.map(|by| resolve_id(client, &by, collection.as_deref())).transpose()?;
            let adr = client.call::<AdrSetStatus>(&StatusChange { id, status, superseded_by })?;
            if json {
                write_json(out, &adr)?;
            } else {
                writeln!(out, "{} is now {}", adr.reference, status_of(&adr))?;
            }
        }
    }
    Ok(())
}

/// How the folder is remembered: absolute, so `adr sync` finds it from anywhere.
fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned()).to_string_lossy().into_owned()
}

/// Re-imports each linked folder as a whole (files gone are marked missing).
fn sync(
    client: &mut Client,
    only: Option<&str>,
    dir: Option<PathBuf>,
    dry_run: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(dir) = dir {
        let Some(name) = only else {
            return Err(CliError::Partial(
                "name the collection the folder belongs to: archboard adr sync DIR --collection NAME".into(),
            ));
        };
        let files = crate::files::read_adr_folder(&dir)?;
        // On a shared board the folder is this machine's business: it is read, not stored.
        let folder = (!client.is_shared()).then(|| folder_name(&dir));
        let request = ImportRequest {
            files,
            dry_run,
            collection: Some(name.to_owned()),
            folder,
            date_order: None,
            sync: true,
        };
        let report = client.call::<AdrImport>(&request)?;
        if json {
            write_json(out, &report)?;
        } else {
            writeln!(out, "{name} ← {}", dir.display())?;
            write_import_report(out, &report)?;
        }
        return match report.failed {
            0 => Ok(()),
            failed => Err(CliError::Partial(format!("{failed} file(s) could not be imported"))),
        };
    }
    if client.is_shared() {
        return Err(CliError::Partial(
            "on a team server's board, name the folder to read: archboard adr sync DIR --collection NAME"
                .into(),
        ));
    }
    let collections: Vec<AdrCollection> = match only {
        Some(name) => vec![client.call::<CollectionGet>(&CollectionRef { name: name.to_owned() })?],
        None => {
            client.call::<CollectionList>(&Empty {})?.into_iter().filter(|c| c.folder.is_some()).collect()
        }
    };
    if collections.is_empty() {
        writeln!(
            out,
            "No collection is linked to a folder yet; link one with: archboard adr import DIR --collection NAME"
        )?;
        return Ok(());
    }
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for collection in collections {
        let Some(folder) = collection.folder.clone() else {
            problems.push(format!(
                "collection `{}` has no linked folder; import one with: archboard adr import DIR --collection {}",
                collection.name, collection.name
            ));
            continue;
        };
        let files = match crate::files::read_adr_folder(Path::new(&folder)) {
            Ok(files) => files,
            Err(error) => {
                problems.push(format!("collection `{}`: {error}", collection.name));
                continue;
            }
        };
        let request = ImportRequest {
            files,
            dry_run,
            collection: Some(collection.name.clone()),
            folder: Some(folder.clone()),
            date_order: None,
            sync: true,
        };
        let report = client.call::<AdrImport>(&request)?;
        if !json {
            writeln!(out, "{} ← {folder}", collection.name)?;
            write_import_report(out, &report)?;
        }
        reports.push(report);
    }
    if json {
        write_json(out, &reports)?;
    }
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    let failed: u32 = reports.iter().map(|r| r.failed).sum();
    if failed > 0 || !problems.is_empty() {
        return Err(CliError::Partial(format!(
            "{failed} file(s) could not be imported, {} folder(s) could not be read",
            problems.len()
        )));
    }
    Ok(())
}

/// Writes decisions as files; into a collection's linked folder only after checking that no
/// file there changed since the last sync, and recording the files written as synced.
fn export(
    client: &mut Client,
    collection: Option<String>,
    dir: Option<PathBuf>,
    flavor: Option<AdrFlavor>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // Writing into a folder some collection is kept in step with is an export into that
    // collection's linked folder, however the folder was named: the conflict check applies.
    let canonical = |path: &Path| std::fs::canonicalize(path).ok();
    let all = client.call::<CollectionList>(&Empty {})?;
    let linked_to = |dir: &Path| {
        let dir = canonical(dir)?;
        all.iter().find(|c| c.folder.as_deref().and_then(|f| canonical(Path::new(f))).as_ref() == Some(&dir))
    };
    let (collection, target, into_linked) = match (collection, dir) {
        (Some(name), None) => {
            let found = all.iter().find(|c| c.name.eq_ignore_ascii_case(&name));
            match found.and_then(|c| c.folder.clone()) {
                Some(folder) => (Some(name), PathBuf::from(folder), true),
                None => {
                    return Err(CliError::Partial(format!(
                        "collection `{name}` is not linked to a folder; give a folder: archboard adr export DIR --collection {name}"
                    )));
                }
            }
        }
        (name, Some(dir)) => match (name, linked_to(&dir)) {
            (Some(name), Some(linked)) if !linked.name.eq_ignore_ascii_case(&name) => {
                return Err(CliError::Partial(format!(
                    "{} is the linked folder of collection `{}`; export `{name}` somewhere else",
                    dir.display(),
                    linked.name
                )));
            }
            (_, Some(linked)) => (Some(linked.name.clone()), dir, true),
            (name, None) => (name, dir, false),
        },
        (None, None) => {
            return Err(CliError::Partial("give a folder to export into: archboard adr export DIR".into()));
        }
    };
    let on_disk = if into_linked {
        let files = crate::files::read_adr_folder(&target)?;
        Some(
            files
                .iter()
                .map(|f| DiskFile { path: f.path.clone(), sha256: sha256_hex(f.content.as_slice()) })
                .collect(),
        )
    } else {
        None
    };
    let export =
        client.call::<AdrExport>(&ExportRequest { flavor, collection: collection.clone(), on_disk })?;
    if !export.conflicts.is_empty() {
        for conflict in &export.conflicts {
            writeln!(out, "conflict  {}\n          {}", conflict.path, conflict.message)?;
        }
        return Err(CliError::Partial(format!(
            "nothing was written: {} file(s) in {} changed since the last sync",
            export.conflicts.len(),
            target.display()
        )));
    }
    crate::files::write_files(&target, &export.files)?;
    writeln!(out, "Wrote {} decision(s) to {}", export.files.len(), target.display())?;
    if into_linked {
        // Record what is now on disk, so the next sync sees these files as unchanged and the
        // next export as the last synced version.
        let files = crate::files::read_adr_folder(&target)?;
        let folder = folder_name(&target);
        let request =
            ImportRequest { files, collection, folder: Some(folder), sync: true, ..Default::default() };
        let report = client.call::<AdrImport>(&request)?;
        if report.new + report.updated > 0 {
            writeln!(out, "Synced: {} new, {} updated from the folder", report.new, report.updated)?;
        }
    }
    Ok(())
}

pub fn run_collection(
    client: &mut Client,
    command: CollectionCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        CollectionCommand::List { json } => {
            let list = client.call::<CollectionList>(&Empty {})?;
            if json {
                write_json(out, &list)?;
            } else {
                writeln!(out, "{:<20} {:>9} {:>7}  {:<8} FOLDER", "NAME", "DECISIONS", "MISSING", "TEAM")?;
                for c in &list {
                    let name = if c.is_default { format!("{} (default)", c.name) } else { c.name.clone() };
                    writeln!(
                        out,
                        "{name:<20} {:>9} {:>7}  {:<8} {}",
                        c.decisions,
                        c.missing,
                        c.team.as_deref().unwrap_or("-"),
                        c.folder.as_deref().unwrap_or("-")
                    )?;
                }
            }
        }
        CollectionCommand::Show { name, json } => {
            let collection = client.call::<CollectionGet>(&CollectionRef { name })?;
            write_collection(out, &collection, json)?;
        }
        CollectionCommand::Add { name, fields } => {
            let json = fields.json;
            let edit = fields.into_edit(name, None);
            let collection = client.call::<CollectionCreate>(&edit)?;
            write_collection(out, &collection, json)?;
        }
        CollectionCommand::Edit { current, name, fields } => {
            let before = client.call::<CollectionGet>(&CollectionRef { name: current.clone() })?;
            let json = fields.json;
            let edit = fields.into_edit(name.unwrap_or_else(|| before.name.clone()), Some(&before));
            let collection = client.call::<UpdateCall>(&CollectionUpdate { current, edit })?;
            write_collection(out, &collection, json)?;
        }
    }
    Ok(())
}

impl CollectionFields {
    /// The edit these flags ask for; on `edit`, what a flag does not mention stays as it is.
    fn into_edit(self, name: String, before: Option<&AdrCollection>) -> CollectionEdit {
        CollectionEdit {
            name,
            team: self.team.or_else(|| before.and_then(|b| b.team.clone())),
            systems: if self.systems.is_empty() {
                before.map(|b| b.systems.clone()).unwrap_or_default()
            } else {
                self.systems
            },
            folder: self.folder.map(|f| folder_name(&f)).or_else(|| before.and_then(|b| b.folder.clone())),
            date_order: self.date_order.map(Into::into).or(before.map(|b| b.date_order)).unwrap_or_default(),
            is_default: self.default || before.is_some_and(|b| b.is_default),
        }
    }
}

fn write_collection(out: &mut dyn Write, c: &AdrCollection, json: bool) -> std::io::Result<()> {
    if json {
        return write_json(out, c);
    }
    writeln!(out, "{}{}", c.name, if c.is_default { " (default)" } else { "" })?;
    writeln!(out, "Decisions:  {} ({} missing their file)", c.decisions, c.missing)?;
    writeln!(out, "Team:       {}", c.team.as_deref().unwrap_or("-"))?;
    if !c.systems.is_empty() {
        writeln!(out, "Systems:    {}", c.systems.join(", "))?;
    }
    writeln!(out, "Folder:     {}", c.folder.as_deref().unwrap_or("-"))?;
    writeln!(out, "Dates:      {}", c.date_order.label())?;
    if let Some(at) = c.synced_at {
        writeln!(out, "Synced:     {}", at.format("%Y-%m-%d %H:%M UTC"))?;
    }
    Ok(())
}

fn status_of(adr: &Adr) -> String {
    status_label(adr.status, adr.status_note.as_deref())
}

pub(super) fn write_import_report(out: &mut dyn Write, report: &ImportReport) -> std::io::Result<()> {
    if report.collection_created {
        let verb = if report.dry_run { "Would create" } else { "Created" };
        writeln!(out, "{verb} collection `{}`", report.collection)?;
    }
    for item in &report.items {
        let outcome = match item.outcome {
            ImportOutcome::Failed => "FAILED",
            other => other.label(),
        };
        let reference = item.reference.clone().unwrap_or_default();
        let flavor = item.flavor.map(|f| f.as_str()).unwrap_or("");
        writeln!(out, "{outcome:<10} {reference:<9} {flavor:<11} {}", item.path)?;
        for message in &item.messages {
            match item.line.filter(|_| item.outcome == ImportOutcome::Failed) {
                Some(line) => writeln!(out, "           line {line}: {message}")?,
                None => writeln!(out, "           {message}")?,
            }
        }
    }
    let verb = if report.dry_run { "Would import" } else { "Imported" };
    writeln!(
        out,
        "{verb} into {}: {} new, {} updated, {} unchanged, {} skipped, {} missing, {} failed ({} with warnings)",
        report.collection,
        report.new,
        report.updated,
        report.unchanged,
        report.skipped,
        report.missing,
        report.failed,
        report.warned
    )
}

/// Undoes the HTML escaping of search snippets for the terminal.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn write_table(out: &mut dyn Write, list: &[AdrSummary]) -> std::io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "No decisions yet. Create one with: archboard adr new \"Title\"");
    }
    let title_width = list.iter().map(|a| a.title.chars().count()).max().unwrap_or(5).clamp(5, 60);
    let reference_width = list.iter().map(|a| a.reference.chars().count()).max().unwrap_or(9).max(9);
    writeln!(
        out,
        "{:<reference_width$} {:<11} {:<10} {:<title_width$} TAGS",
        "NUMBER", "STATUS", "DATE", "TITLE"
    )?;
    for adr in list {
        let title: String = adr.title.chars().take(title_width).collect();
        let status = adr
            .status
            .map(|s| s.as_str().to_owned())
            .or(adr.status_note.clone())
            .unwrap_or_else(|| "-".into());
        let date = adr.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        let missing = if adr.missing_from_folder { "  (file missing)" } else { "" };
        writeln!(
            out,
            "{:<reference_width$} {:<11} {:<10} {:<title_width$} {}{missing}",
            adr.reference,
            status,
            date,
            title,
            adr.tags.join(", ")
        )?;
    }
    Ok(())
}

fn write_adr(out: &mut dyn Write, adr: &Adr) -> std::io::Result<()> {
    writeln!(out, "{}: {}", adr.reference, adr.title)?;
    writeln!(out, "Status:   {}", status_of(adr))?;
    writeln!(out, "Date:     {}", date_label(adr.date, adr.date_text.as_deref()))?;
    let lists = [
        ("Deciders", &adr.deciders),
        ("Consulted", &adr.consulted),
        ("Informed", &adr.informed),
        ("Tags", &adr.tags),
        ("Systems", &adr.systems),
    ];
    for (label, values) in lists {
        if !values.is_empty() {
            writeln!(out, "{:<9} {}", format!("{label}:"), values.join(", "))?;
        }
    }
    if let Some(date) = adr.revisit_by {
        writeln!(out, "Revisit:  {date}")?;
    }
    if let Some(path) = &adr.source_path {
        let missing = if adr.missing_from_folder { " (gone from the folder)" } else { "" };
        writeln!(out, "File:     {}/{path}{missing}", adr.collection)?;
    }
    for link in &adr.links {
        writeln!(out, "{:<14} {} {}", format!("{}:", link.label), link.reference, link.title)?;
    }
    for warning in &adr.warnings {
        writeln!(out, "Warning:  {warning}")?;
    }
    writeln!(out, "\n{}", adr.body_markdown)
}
