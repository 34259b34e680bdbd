//! The `archboard` command line: argument parsing with clap and thin commands that make the
//! same contract calls (`Client::call::<Endpoint>`) the desktop and HTTP fronts make, and print
//! their answers as tables or JSON.

mod adr;
mod bench;
mod interview;
mod kpi;
mod maturity;
mod people;
mod review;

use crate::client::Client;
use crate::serve::{self, ServeOptions};
use archboard_engine::paths::resolve_database_path;
use archboard_engine::services::{Adapter, Services};
use archboard_types::ApiError;
use archboard_types::audit::AuditQuery;
use archboard_types::catalog::{
    CatalogExportRequest, CatalogImportOutcome, CatalogKind, CatalogListQuery, CatalogOrigin, CatalogRef,
    CatalogSummary,
};
use archboard_types::endpoint::{
    AppInfo, AuditList, CatalogExportAll, CatalogGet, CatalogImport, CatalogList,
};
use archboard_types::system::Empty;
use clap::{Parser, Subcommand};
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
    Adr(adr::AdrArgs),
    /// ADR collections: one per repository or folder the board governs.
    #[command(subcommand)]
    Collection(adr::CollectionCommand),
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
    /// Readiness and architecture reviews: answers, sign-offs, decisions, backlog, reports.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// AWS Well-Architected custom lenses in and out of the catalog as checklist templates.
    #[command(subcommand)]
    Lens(review::LensCommand),
    /// KPI measurements: record, import CSV, series, bindings to metric sources, computed KPIs.
    #[command(subcommand)]
    Kpi(kpi::KpiCommand),
    /// KPI scorecards per team or system and period: RAG states, change, bands, overrides.
    #[command(subcommand)]
    Scorecard(kpi::ScorecardCommand),
    /// Metric sources (Prometheus, JSON endpoints) that KPI bindings query.
    #[command(subcommand)]
    Source(kpi::SourceCommand),
    /// Sync KPI bindings from their sources now, or backfill days with --from/--to, following
    /// the job (Ctrl-C cancels and keeps what was written).
    Sync(kpi::SyncArgs),
    /// Candidates and their hiring process: details, stages, decision, attachments, and their
    /// data as personal data (subject access export, anonymise, delete, legal hold, consent).
    #[command(subcommand)]
    Candidate(interview::CandidateCommand),
    /// Interview panels: plan, kits, scorecards (sealed until you submit your own), addenda,
    /// and the retention of candidate data.
    #[command(subcommand)]
    Interview(interview::InterviewCommand),
    /// A candidate's debrief: ratings per dimension with disagreements, weighted totals, red
    /// flags and recommendations (once your own scorecard is in, or for the chair).
    Debrief(interview::DebriefArgs),
    /// How a role's interviewers agree: alpha per dimension, each interviewer's leniency.
    Calibration(interview::CalibrationArgs),
    /// Maturity levels per team and quarter: the proposal from evidence, assessments with a
    /// rationale, the chair's approval.
    #[command(subcommand)]
    Maturity(maturity::MaturityCommand),
    /// Close a quarter (freezing every team's figures) or reopen it; list the quarters.
    #[command(subcommand)]
    Quarter(maturity::QuarterCommand),
    /// Quarterly maturity reports: build (a job) as HTML, Markdown or PDF; list; fetch again.
    #[command(subcommand)]
    Report(maturity::ReportCommand),
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
        Command::Adr(args) => adr::run_adr(&mut open_client(&board)?, args, out),
        Command::Collection(command) => adr::run_collection(&mut open_client(&board)?, command, out),
        Command::Catalog(command) => run_catalog(&mut open_client(&board)?, command, out),
        Command::Bench(command) => bench::run_bench(&mut open_client(&board)?, command, out),
        Command::User(command) => people::run_user(&mut open_client(&board)?, command, out),
        Command::Team(command) => people::run_team(&mut open_client(&board)?, command, out),
        Command::System(command) => people::run_system(&mut open_client(&board)?, command, out),
        Command::Review(command) => review::run_review(&mut open_client(&board)?, command, out),
        Command::Lens(command) => review::run_lens(&mut open_client(&board)?, command, out),
        Command::Kpi(command) => kpi::run_kpi(&mut open_client(&board)?, command, out),
        Command::Scorecard(command) => kpi::run_scorecard(&mut open_client(&board)?, command, out),
        Command::Source(command) => kpi::run_source(&mut open_client(&board)?, command, out),
        Command::Sync(args) => kpi::run_sync(&mut open_client(&board)?, args, out),
        Command::Candidate(command) => interview::run_candidate(&mut open_client(&board)?, command, out),
        Command::Interview(command) => interview::run_interview(&mut open_client(&board)?, command, out),
        Command::Debrief(args) => interview::run_debrief(&mut open_client(&board)?, args, out),
        Command::Calibration(args) => interview::run_calibration(&mut open_client(&board)?, args, out),
        Command::Maturity(command) => maturity::run_maturity(&mut open_client(&board)?, command, out),
        Command::Quarter(command) => maturity::run_quarter(&mut open_client(&board)?, command, out),
        Command::Report(command) => maturity::run_report(&mut open_client(&board)?, command, out),
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
            let report = client
                .call::<CatalogImport>(&archboard_types::catalog::CatalogImportRequest { files, dry_run })?;
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

/// A flag that turns true on Ctrl-C, for commands that follow a job (`bench run`, `sync`) and
/// cancel it through the contract rather than dying with it. A small runtime of its own waits
/// for the signal; its thread ends with the process.
fn ctrl_c_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = interrupted.clone();
    std::thread::spawn(move || {
        if let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            runtime.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    flag.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            });
        }
    });
    interrupted
}

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
