//! The `archboard` command line: argument parsing with clap and thin commands that make the
//! same contract calls (`Client::call::<Endpoint>`) the desktop and HTTP fronts make, and print
//! their answers as tables or JSON.

mod bench;
mod people;

use crate::client::Client;
use crate::serve::{self, ServeOptions};
use archboard_engine::paths::resolve_database_path;
use archboard_engine::services::{Adapter, Services};
use archboard_types::ApiError;
use archboard_types::adr::{
    Adr, AdrListQuery, AdrRef, AdrSearchQuery, AdrSort, AdrStatus, AdrSummary, DueForReviewQuery, LinkChange,
    NewAdr, StatusChange, display_number,
};
use archboard_types::adr_folder::{AdrFlavor, ExportRequest, ImportOutcome, ImportReport, ImportRequest};
use archboard_types::audit::AuditQuery;
use archboard_types::catalog::{
    CatalogExportRequest, CatalogImportOutcome, CatalogKind, CatalogListQuery, CatalogOrigin, CatalogRef,
    CatalogSummary,
};
use archboard_types::endpoint::{
    AdrCreate, AdrDueForReview, AdrExport, AdrGet, AdrImport, AdrLinkAdd, AdrLinkRemove, AdrList, AdrSearch,
    AdrSetStatus, AppInfo, AuditList, CatalogExportAll, CatalogGet, CatalogImport, CatalogList,
};
use archboard_types::system::Empty;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "archboard",
    version,
    about = "Architecture decisions, reviews and ML governance, local-first."
)]
pub struct Cli {
    /// The database file (default: the platform data directory; also ARCHBOARD_DB).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Also write the log (dispatch spans, warnings, internal errors) to stderr.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// Run the command against a team server's board (e.g. https://archboard.example:8443)
    /// with your personal API token from ARCHBOARD_TOKEN or --token-file.
    #[arg(long, global = true, value_name = "URL", env = "ARCHBOARD_SERVER")]
    pub server: Option<String>,
    /// A file holding your personal API token (see `archboard user token`).
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Architecture Decision Records.
    #[command(subcommand)]
    Adr(AdrCommand),
    /// The built-in catalog: roles, KPIs, checklists, maturity model, patterns, hardware profiles.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Inference benchmarks: run against a server, judge against hardware profiles, compare, import/export.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Users, roles, invitations and personal API tokens.
    #[command(subcommand)]
    User(people::UserCommand),
    /// Teams: name, lead, members.
    #[command(subcommand)]
    Team(people::TeamCommand),
    /// The ML systems teams run: tier, stage, patterns, links, decisions.
    #[command(subcommand)]
    System(people::SystemCommand),
    /// Who you are on the board and what you may do.
    Whoami,
    /// Serve the UI and the API: on loopback behind a per-start token for you alone, or with
    /// `--team` to named users who sign in.
    Serve {
        /// Serve the board to its users (sign-in with invitations, sessions, API tokens).
        #[arg(long)]
        team: bool,
        /// Address to bind. Anything other than loopback needs --tls-cert/--tls-key (or
        /// --insecure-http, with --team) and exposes your board to the network.
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// PEM certificate chain for HTTPS.
        #[arg(long, value_name = "PATH", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for HTTPS.
        #[arg(long, value_name = "PATH", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Serve plain HTTP on a non-loopback address anyway (passwords and sessions then
        /// cross the network readable by anyone on the path).
        #[arg(long)]
        insecure_http: bool,
        /// The address people use to reach this team server (e.g. https://archboard.example),
        /// for whole invitation links; default: the address it binds.
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// Port to bind; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Folder holding the built UI (index.html and the wasm bundle).
        #[arg(long, value_name = "DIR")]
        ui_dir: Option<PathBuf>,
    },
    /// Copy the database to a file while it stays in use (SQLite online backup).
    Backup { target: PathBuf },
    /// The audit trail, newest first: who changed what and when.
    Audit {
        /// Only changes to this kind of record (e.g. `adr`).
        #[arg(long)]
        entity: Option<archboard_types::audit::AuditEntity>,
        /// Only changes to this record (e.g. an ADR number).
        #[arg(long)]
        id: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show where the database is and what it holds.
    Info {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List catalog items, optionally of one kind (role, kpi, checklist, maturity, pattern, hardware).
    List {
        kind: Option<CatalogKind>,
        /// Only items mentioning these words (in any field), best match first.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one item as the TOML it is edited in (or JSON).
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the whole catalog as TOML files (one per kind) into DIR, to share or re-import.
    Export {
        dir: PathBuf,
        /// One file holding every kind instead of one file per kind.
        #[arg(long)]
        single_file: bool,
    },
    /// Import catalog TOML files from DIR (or one file). Nothing is written unless every file is valid.
    Import {
        dir: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
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
    /// Show one decision.
    Show {
        number: u32,
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
    /// Link two decisions: `archboard adr link 12 amends 7`.
    Link {
        from: u32,
        kind: String,
        to: u32,
        /// Label of a new kind, read from FROM (e.g. "Depends on").
        #[arg(long)]
        forward: Option<String>,
        /// Label of a new kind, read from TO (e.g. "Needed by").
        #[arg(long)]
        inverse: Option<String>,
    },
    /// Import an ADR folder (adr-tools, MADR 2–4, log4brains); re-importing changes nothing.
    Import {
        dir: PathBuf,
        /// Show what would be imported without writing anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write every decision as a Markdown file into DIR.
    Export {
        dir: PathBuf,
        /// One flavor for all files; by default each decision keeps the flavor it came in.
        #[arg(long)]
        flavor: Option<AdrFlavor>,
    },
    /// Remove a link between two decisions.
    Unlink { from: u32, kind: String, to: u32 },
    /// Move a decision to a new status; `superseded` needs `--by` with the successor.
    Status {
        number: u32,
        status: AdrStatus,
        #[arg(long, value_name = "NUMBER")]
        by: Option<u32>,
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

/// Why a command failed: a contract error (shown as its message) or an I/O problem.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The command did part of its work; the output above says what failed.
    #[error("{0}")]
    Partial(String),
}

/// Where the operation commands' board is: the database file on this machine, opened in
/// process, or a team server (`--server URL`) reached over HTTP as the token's user. Every
/// command runs unchanged against either, because each is a call of the contract.
enum Board {
    Local(PathBuf),
    Remote { url: String, token: String },
}

impl Board {
    fn from_cli(
        db: Option<PathBuf>,
        server: Option<String>,
        token_file: Option<PathBuf>,
    ) -> Result<Board, CliError> {
        let Some(url) = server.filter(|s| !s.trim().is_empty()) else {
            return Ok(Board::Local(resolve_database_path(db)));
        };
        let token = match token_file {
            Some(path) => std::fs::read_to_string(&path).map_err(|e| {
                CliError::Io(std::io::Error::new(e.kind(), format!("cannot read the token file {}: {e}", path.display())))
            })?,
            None => std::env::var("ARCHBOARD_TOKEN").map_err(|_| {
                CliError::Api(ApiError::unauthorized(format!(
                    "--server {url} needs your API token: set ARCHBOARD_TOKEN or pass --token-file (an owner issues one with `archboard user token NAME`)."
                )))
            })?,
        };
        Ok(Board::Remote { url: url.trim().trim_end_matches('/').to_owned(), token: token.trim().to_owned() })
    }

    fn local_path(&self) -> Result<&std::path::Path, CliError> {
        match self {
            Board::Local(path) => Ok(path),
            Board::Remote { url, .. } => Err(CliError::Api(ApiError::new(
                archboard_types::ErrorCode::BadRequest,
                format!(
                    "This command works on a database file on this machine, not on the team server {url}."
                ),
            ))),
        }
    }
}

fn open_client(board: &Board) -> Result<Client, CliError> {
    match board {
        Board::Local(path) => Ok(Client::local(Services::open(path, Adapter::Cli)?)),
        Board::Remote { url, token } => Ok(Client::new(crate::client::Remote::new(url, token)?)),
    }
}

/// Runs one parsed command, writing its output to `out`.
///
/// Every command is a contract call through [`Client`] except three that are not operations
/// of a board: opening it (`Services::open`, inside `open_client`), `serve` (which *is* a front:
/// it owns a `Services` and forwards HTTP requests to its dispatcher) and `backup` (an SQLite
/// online backup of the local file to a local path, which no remote board could do for us).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let board = Board::from_cli(cli.db, cli.server, cli.token_file)?;
    match cli.command {
        Command::Adr(command) => run_adr(&mut open_client(&board)?, command, out),
        Command::Catalog(command) => run_catalog(&mut open_client(&board)?, command, out),
        Command::Bench(command) => bench::run_bench(&mut open_client(&board)?, command, out),
        Command::User(command) => people::run_user(&mut open_client(&board)?, command, out),
        Command::Team(command) => people::run_team(&mut open_client(&board)?, command, out),
        Command::System(command) => people::run_system(&mut open_client(&board)?, command, out),
        Command::Whoami => people::run_whoami(&mut open_client(&board)?, out),
        Command::Serve { team, host, tls_cert, tls_key, insecure_http, public_url, port, ui_dir } => {
            // Not a call: `serve` is a front of its own, holding the board it dispatches to.
            let db_path = board.local_path()?.to_owned();
            let tls = tls_cert.zip(tls_key);
            if !host.is_loopback() && tls.is_none() {
                if !(team && insecure_http) {
                    return Err(CliError::Api(ApiError::validation(
                        "host",
                        format!(
                            "Serving on {host} exposes the board to the network: pass --tls-cert and --tls-key for HTTPS{}.",
                            if team {
                                ", or --insecure-http to accept passwords crossing it in the clear"
                            } else {
                                " (with --team for named users)"
                            }
                        ),
                    )));
                }
                eprintln!(
                    "warning: serving plain HTTP on {host}: passwords and session cookies cross the network unencrypted"
                );
            } else if !host.is_loopback() {
                eprintln!("warning: serving on {host}, which is reachable from other machines");
            }
            let pool = serve::open_pool(&db_path, team, serve::pool::default_size())?;
            let public_url = public_url.map(|url| url.trim().trim_end_matches('/').to_owned());
            if let Some(url) = &public_url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                return Err(CliError::Api(ApiError::validation(
                    "public_url",
                    format!("--public-url {url} must start with https:// (or http://)."),
                )));
            }
            let ui_dir = ui_dir.unwrap_or_else(serve::default_ui_dir);
            let options = ServeOptions { host, port, ui_dir, tls, public_url };
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(serve::run(pool, team, options, |url| {
                let _ = writeln!(out, "Archboard is serving {} at {url}", db_path.display());
                if team {
                    let _ = writeln!(
                        out,
                        "Users sign in there; add one with: archboard user add NAME --role viewer"
                    );
                } else {
                    let _ = writeln!(out, "Open that URL in a browser; press Ctrl-C to stop.");
                }
                let _ = out.flush();
            }))?;
            Ok(())
        }
        Command::Backup { target } => {
            // Not an operation: the engine copies its own file (see `run`'s comment).
            let db_path = board.local_path()?.to_owned();
            let services = Services::open(&db_path, Adapter::Cli)?;
            services.backup_to(&target)?;
            writeln!(out, "Backed up {} to {}", db_path.display(), target.display())?;
            Ok(())
        }
        Command::Audit { entity, id, limit, json } => {
            let mut client = open_client(&board)?;
            let entries =
                client.call::<AuditList>(&AuditQuery { entity, entity_id: id, limit: Some(limit) })?;
            if json {
                write_json(out, &entries)?;
            } else {
                for entry in entries {
                    writeln!(
                        out,
                        "{}  {:<13} {} {:<6} {}",
                        entry.at.format("%Y-%m-%d %H:%M:%S"),
                        entry.action,
                        entry.entity,
                        entry.entity_id,
                        entry.actor
                    )?;
                }
            }
            Ok(())
        }
        Command::Info { json } => {
            let info = open_client(&board)?.call::<AppInfo>(&Empty {})?;
            if json {
                write_json(out, &info)?;
            } else {
                writeln!(
                    out,
                    "Archboard {}\nDatabase: {}\nDecisions: {}",
                    info.version, info.database_path, info.adr_count
                )?;
                // Where to look when something failed; a board without a writable data
                // directory still runs, so say plainly that there is no log.
                match &info.log_path {
                    Some(path) => writeln!(out, "Log: {path}")?,
                    None => writeln!(out, "Log: none (the log file could not be opened)")?,
                }
            }
            Ok(())
        }
    }
}

fn run_catalog(client: &mut Client, command: CatalogCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        CatalogCommand::List { kind, search, json } => {
            let items = client.call::<CatalogList>(&CatalogListQuery { kind, search })?;
            if json {
                return Ok(write_json(out, &items)?);
            }
            let width = items.iter().map(|i| i.key.len()).max().unwrap_or(3).max(3);
            writeln!(out, "{:<width$}  {:<9}  {:>3}  {:<22}  NAME", "KEY", "KIND", "VER", "STATE")?;
            for item in &items {
                writeln!(
                    out,
                    "{:<width$}  {:<9}  {:>3}  {:<22}  {}",
                    item.key,
                    item.kind.as_str(),
                    item.version,
                    catalog_state(item),
                    item.name
                )?;
            }
            writeln!(out, "{} item(s)", items.len())?;
        }
        CatalogCommand::Show { key, json } => {
            let entry = client.call::<CatalogGet>(&CatalogRef { key })?;
            if json {
                return Ok(write_json(out, &entry)?);
            }
            writeln!(
                out,
                "# {} — {} ({})",
                entry.summary.key,
                entry.summary.name,
                catalog_state(&entry.summary)
            )?;
            if !entry.referenced_by.is_empty() {
                let keys: Vec<&str> = entry.referenced_by.iter().map(|s| s.key.as_str()).collect();
                writeln!(out, "# Referenced by: {}", keys.join(", "))?;
            }
            write!(out, "{}", entry.toml)?;
        }
        CatalogCommand::Export { dir, single_file } => {
            let export = client.call::<CatalogExportAll>(&CatalogExportRequest { single_file })?;
            crate::files::write_files(&dir, &export.files)?;
            writeln!(
                out,
                "Wrote {} item(s) in {} file(s) to {}",
                export.items,
                export.files.len(),
                dir.display()
            )?;
        }
        CatalogCommand::Import { dir, dry_run, json } => {
            let files = crate::files::read_catalog_folder(&dir)?;
            let report = client.call::<CatalogImport>(&ImportRequest { files, dry_run })?;
            if json {
                write_json(out, &report)?;
            } else {
                for problem in &report.problems {
                    let line = problem.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let key = problem.key.as_ref().map(|k| format!(" [{k}]")).unwrap_or_default();
                    writeln!(out, "error   {}{line}{key}: {}", problem.path, problem.message)?;
                }
                for item in &report.items {
                    let outcome = match item.outcome {
                        CatalogImportOutcome::New => "new",
                        CatalogImportOutcome::Updated => "updated",
                        CatalogImportOutcome::Unchanged => "unchanged",
                    };
                    writeln!(out, "{outcome:<9} {}  {} ({})", item.key, item.name, item.path)?;
                }
                let verb = if report.written { "Imported" } else { "Would import" };
                writeln!(out, "{verb} {} item(s); {} problem(s)", report.items.len(), report.problems.len())?;
            }
            if !report.problems.is_empty() {
                return Err(CliError::Partial(format!(
                    "{} problem(s) found; nothing was imported",
                    report.problems.len()
                )));
            }
        }
    }
    Ok(())
}

/// "built-in", "edited", "edited, v2 available", "imported", "yours".
fn catalog_state(item: &CatalogSummary) -> String {
    let origin = match item.origin {
        CatalogOrigin::Builtin if item.edited => "edited",
        CatalogOrigin::Builtin => "built-in",
        CatalogOrigin::User => "yours",
        CatalogOrigin::Imported => "imported",
    };
    match item.update_available {
        Some(version) => format!("{origin}, v{version} available"),
        None => origin.to_owned(),
    }
}

fn run_adr(client: &mut Client, command: AdrCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
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
                body_markdown,
                tags,
                deciders,
                revisit_by,
                ..Default::default()
            })?;
            if json {
                write_json(out, &adr)?;
            } else {
                writeln!(out, "Created {} {} ({})", display_number(adr.number), adr.title, adr.status)?;
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
            })?;
            if json {
                write_json(out, &list)?;
            } else {
                write_table(out, &list)?;
            }
        }
        AdrCommand::Search { query, limit, json } => {
            let hits = client.call::<AdrSearch>(&AdrSearchQuery { query, limit: Some(limit) })?;
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
                        display_number(hit.number),
                        hit.title,
                        hit.status,
                        unescape(&snippet)
                    )?;
                }
            }
        }
        AdrCommand::Due { as_of, json } => {
            let due = client.call::<AdrDueForReview>(&DueForReviewQuery { as_of })?;
            if json {
                write_json(out, &due)?;
            } else if due.is_empty() {
                writeln!(out, "No decision is due for review.")?;
            } else {
                for adr in due {
                    let when = adr.revisit_by.map(|d| d.to_string()).unwrap_or_default();
                    writeln!(out, "{}  revisit by {when}  {}", display_number(adr.number), adr.title)?;
                }
            }
        }
        AdrCommand::Link { from, kind, to, forward, inverse } => {
            let adr = client.call::<AdrLinkAdd>(&LinkChange { from, kind, to, forward, inverse })?;
            let link = adr.links.iter().find(|l| l.outgoing && l.number == to).map(|l| l.label.clone());
            writeln!(
                out,
                "{} {} {}",
                display_number(from),
                link.unwrap_or_default().to_lowercase(),
                display_number(to)
            )?;
        }
        AdrCommand::Unlink { from, kind, to } => {
            client.call::<AdrLinkRemove>(&LinkChange {
                from,
                kind: kind.clone(),
                to,
                forward: None,
                inverse: None,
            })?;
            writeln!(
                out,
                "Removed the `{kind}` link from {} to {}",
                display_number(from),
                display_number(to)
            )?;
        }
        AdrCommand::Import { dir, dry_run, json } => {
            let files = crate::files::read_adr_folder(&dir)?;
            let report = client.call::<AdrImport>(&ImportRequest { files, dry_run })?;
            if json {
                write_json(out, &report)?;
            } else {
                write_import_report(out, &report)?;
            }
            if report.failed > 0 {
                return Err(CliError::Partial(format!("{} file(s) could not be imported", report.failed)));
            }
        }
        AdrCommand::Export { dir, flavor } => {
            let export = client.call::<AdrExport>(&ExportRequest { flavor })?;
            crate::files::write_files(&dir, &export.files)?;
            writeln!(out, "Wrote {} decision(s) to {}", export.files.len(), dir.display())?;
        }
        AdrCommand::Show { number, json } => {
            let adr = client.call::<AdrGet>(&AdrRef { number })?;
            if json {
                write_json(out, &adr)?;
            } else {
                write_adr(out, &adr)?;
            }
        }
        AdrCommand::Status { number, status, by, json } => {
            let adr = client.call::<AdrSetStatus>(&StatusChange { number, status, superseded_by: by })?;
            if json {
                write_json(out, &adr)?;
            } else {
                writeln!(out, "{} is now {}", display_number(adr.number), adr.status)?;
            }
        }
    }
    Ok(())
}

fn write_import_report(out: &mut dyn Write, report: &ImportReport) -> std::io::Result<()> {
    for item in &report.items {
        let outcome = match item.outcome {
            ImportOutcome::New => "new",
            ImportOutcome::Updated => "updated",
            ImportOutcome::Unchanged => "unchanged",
            ImportOutcome::Failed => "FAILED",
        };
        let number = item.number.map(display_number).unwrap_or_default();
        let flavor = item.flavor.map(|f| f.as_str()).unwrap_or("");
        writeln!(out, "{outcome:<10} {number:<9} {flavor:<11} {}", item.path)?;
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
        "{verb}: {} new, {} updated, {} unchanged, {} failed",
        report.new, report.updated, report.unchanged, report.failed
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

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn write_table(out: &mut dyn Write, list: &[AdrSummary]) -> std::io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "No decisions yet. Create one with: archboard adr new \"Title\"");
    }
    let title_width = list.iter().map(|a| a.title.chars().count()).max().unwrap_or(5).clamp(5, 60);
    writeln!(out, "{:<9} {:<11} {:<10} {:<title_width$} TAGS", "NUMBER", "STATUS", "DATE", "TITLE")?;
    for adr in list {
        let title: String = adr.title.chars().take(title_width).collect();
        writeln!(
            out,
            "{:<9} {:<11} {:<10} {:<title_width$} {}",
            display_number(adr.number),
            adr.status.as_str(),
            adr.date,
            title,
            adr.tags.join(", ")
        )?;
    }
    Ok(())
}

fn write_adr(out: &mut dyn Write, adr: &Adr) -> std::io::Result<()> {
    writeln!(out, "{}: {}", display_number(adr.number), adr.title)?;
    writeln!(out, "Status:   {}", adr.status)?;
    writeln!(out, "Date:     {}", adr.date)?;
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
    for link in &adr.links {
        writeln!(out, "{:<14} {} {}", format!("{}:", link.label), display_number(link.number), link.title)?;
    }
    writeln!(out, "\n{}", adr.body_markdown)
}
