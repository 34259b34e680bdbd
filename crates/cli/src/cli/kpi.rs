//! `archboard kpi|scorecard|source|sync`: KPI measurements (typed in, imported from CSV, read
//! back as a series), scorecards per team or system and period with their RAG states and
//! threshold overrides, metric sources (Prometheus, JSON endpoints) with the bindings that feed a
//! KPI from a query, and syncs followed as jobs. Each command is one contract call (a sync polls
//! its job), printed as a table or JSON; every rule about KPIs is the engine's.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::catalog::{Aggregate, Range};
use archboard_types::endpoint::{
    BindingAdd, BindingList, BindingRemove, JobCancel, KpiComputedList, KpiImport, KpiRecord, KpiSeriesGet,
    ReviewSettingsGet, ScorecardKpisChoose, ScorecardOverride, ScorecardShow, SourceAdd, SourceGet,
    SourceList, SourceRemove, SourceTest, SyncProgressGet, SyncStart,
};
use archboard_types::job::{JobRef, JobState};
use archboard_types::kpi::{
    Binding, BindingEdit, BindingListQuery, BindingOutcome, BindingRef, DataSource, HeaderRef,
    ImportRowStatus, JsonPointers, KpiImportReport, KpiImportRequest, KpiRecordRequest, KpiSeriesQuery,
    Period, Scope, Scorecard, ScorecardKpisSet, ScorecardOverrideRequest, ScorecardQuery, ScorecardRow,
    SourceAuth, SourceEdit, SourceKind, SourceRef, SourceTestRequest, SyncError, SyncProgress, SyncRequest,
    SyncStatus,
};
use archboard_types::system::Empty;
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use clap::{Args, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How often `sync` asks how its job is doing.
const POLL_EVERY: Duration = Duration::from_millis(200);

/// `--team NAME` or `--system KEY`, exactly one.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ScopeArgs {
    /// The team (its name, see `team list`).
    #[arg(long)]
    team: Option<String>,
    /// The system (its key, see `system list`).
    #[arg(long)]
    system: Option<String>,
}

impl ScopeArgs {
    fn scope(self) -> Scope {
        match (self.team, self.system) {
            (Some(team), _) => Scope::team(team),
            (None, Some(system)) => Scope::system(system),
            // clap's group makes one of them present.
            (None, None) => Scope::team(String::new()),
        }
    }
}

/// `--team NAME` or `--system KEY`, at most one.
#[derive(Debug, Args)]
#[group(required = false, multiple = false)]
pub struct OptionalScopeArgs {
    /// Fill `${team}` in the query with this team's name.
    #[arg(long)]
    team: Option<String>,
    /// Fill `${system}` (and `${team}`, with its team) in the query for this system.
    #[arg(long)]
    system: Option<String>,
}

impl OptionalScopeArgs {
    fn scope(self) -> Option<Scope> {
        match (self.team, self.system) {
            (Some(team), _) => Some(Scope::team(team)),
            (None, Some(system)) => Some(Scope::system(system)),
            (None, None) => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum KpiCommand {
    /// Record one value of a KPI for a team or system (checked against the KPI's unit).
    Record {
        /// The KPI's key, with or without `kpi.` (e.g. change-failure-rate).
        kpi: String,
        #[command(flatten)]
        scope: ScopeArgs,
        /// The measured value, in the KPI's unit.
        #[arg(long, allow_hyphen_values = true)]
        value: f64,
        /// When it was measured: RFC 3339, or board-local `YYYY-MM-DD[ HH:MM]` (default: now).
        #[arg(long, value_name = "TIME", value_parser = parse_at)]
        at: Option<At>,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Import measurements from a CSV file (columns kpi, team or system, time, value, note).
    ///
    /// Every row is reported as new, updated, unchanged or bad; bad rows are skipped and the
    /// good ones written (nothing with --dry-run).
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// A KPI's measurements for a team or system, oldest first.
    Series {
        kpi: String,
        #[command(flatten)]
        scope: ScopeArgs,
        /// The first board-local day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// The last board-local day, included (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Feed a KPI for a team or system from a query on a data source (binding again replaces it).
    ///
    /// `${team}` and `${system}` in the query are filled for the scope when it runs.
    Bind {
        kpi: String,
        #[command(flatten)]
        scope: ScopeArgs,
        /// The data source's name (see `source list`).
        #[arg(long)]
        source: String,
        /// PromQL, or for a JSON endpoint the path after its URL.
        #[arg(long, allow_hyphen_values = true)]
        query: String,
        /// How a period's points become its value here: last, mean, median, p95, sum or count
        /// (default: the KPI's own).
        #[arg(long)]
        aggregate: Option<Aggregate>,
        /// Seconds between backfilled points (default 3600).
        #[arg(long, value_name = "SECONDS")]
        step: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// The board's bindings with how their last sync went.
    Bindings {
        /// Only the bindings of this source.
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a binding (its measurements stay).
    Unbind {
        /// The binding's id (see `kpi bindings`).
        id: i64,
    },
    /// The KPIs Archboard computes from its own records, and how.
    Computed {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScorecardCommand {
    /// A team's or system's scorecard for a period: value, RAG state, change, band per KPI.
    Show {
        #[command(flatten)]
        scope: ScopeArgs,
        /// A quarter (2026-Q3) or a month (2026-09).
        #[arg(long)]
        period: Period,
        /// The DORA report year whose bands to show (default: the newest).
        #[arg(long, value_name = "YEAR")]
        band_year: Option<u16>,
        #[arg(long)]
        json: bool,
    },
    /// Choose the KPIs a scorecard shows; none means the defaults for the scope again.
    Choose {
        #[command(flatten)]
        scope: ScopeArgs,
        /// KPI keys, with or without `kpi.`.
        kpis: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Give one KPI other thresholds on this scorecard (with why), or --reset to the catalog's.
    ///
    /// Ranges are MIN..MAX with either end open: `..14`, `90..`, `30..60`.
    Override {
        #[command(flatten)]
        scope: ScopeArgs,
        kpi: String,
        #[arg(long, value_name = "MIN..MAX", value_parser = parse_range, allow_hyphen_values = true,
              required_unless_present = "reset", conflicts_with = "reset", requires = "amber")]
        green: Option<Range>,
        #[arg(long, value_name = "MIN..MAX", value_parser = parse_range, allow_hyphen_values = true,
              required_unless_present = "reset", conflicts_with = "reset", requires = "green")]
        amber: Option<Range>,
        /// Go back to the catalog's thresholds.
        #[arg(long)]
        reset: bool,
        /// Why the thresholds differ here (or go back); kept with the override and in the audit.
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a data source.
    #[command(subcommand)]
    Add(SourceAddCommand),
    /// The board's data sources with how their last sync went.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Run one query on a source now and show what came back; writes nothing.
    Test {
        name: String,
        /// PromQL (default: `vector(time())`), or for a JSON endpoint the path after its URL.
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
        #[command(flatten)]
        scope: OptionalScopeArgs,
        #[arg(long)]
        json: bool,
    },
    /// Remove a source and its bindings (their measurements stay).
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum SourceAddCommand {
    /// A Prometheus server (or anything answering its HTTP API).
    Prometheus {
        name: String,
        #[command(flatten)]
        options: SourceOptions,
    },
    /// A JSON endpoint, read through JSON pointers (RFC 6901).
    Json {
        name: String,
        /// Where the value is, e.g. /data/value.
        #[arg(long, value_name = "POINTER")]
        value_pointer: String,
        /// Where its time is (default: when it is read).
        #[arg(long, value_name = "POINTER")]
        time_pointer: Option<String>,
        /// An array to read each element of (the other pointers then apply to each).
        #[arg(long, value_name = "POINTER")]
        array_pointer: Option<String>,
        #[command(flatten)]
        options: SourceOptions,
    },
}

/// What every source has: its address, how it authenticates (secrets as references only), its
/// CA, timeout and schedule.
#[derive(Debug, Args)]
pub struct SourceOptions {
    /// The server's base URL, e.g. http://prometheus.internal:9090.
    #[arg(long)]
    url: String,
    /// Basic authentication as USER:env:VAR or USER:file:NAME (split at the first `:`).
    #[arg(long, value_name = "USER:REF", value_parser = parse_basic_auth, conflicts_with_all = ["bearer", "headers"])]
    basic_auth: Option<(String, String)>,
    /// A bearer token as env:VAR or file:NAME.
    #[arg(long, value_name = "REF", conflicts_with = "headers")]
    bearer: Option<String>,
    /// A header as NAME:env:VAR or NAME:file:NAME; repeat for several.
    #[arg(long = "header", value_name = "NAME:REF", value_parser = parse_header)]
    headers: Vec<HeaderRef>,
    /// A PEM file of the CA that signs the server's certificate.
    #[arg(long, value_name = "FILE")]
    ca: Option<PathBuf>,
    /// Seconds a query may take (default 10).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u32>,
    /// Sync every this many minutes while the desktop app or `serve` runs.
    #[arg(long, value_name = "MINUTES")]
    every: Option<u32>,
    #[arg(long)]
    json: bool,
}

/// `archboard sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this source's bindings (`computed` for the KPIs Archboard computes).
    #[arg(long)]
    source: Option<String>,
    /// Backfill from this board-local day (YYYY-MM-DD) instead of syncing now.
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// The last day of the backfill, included (default: today).
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<NaiveDate>,
    /// Print the finished job's progress and outcomes as JSON.
    #[arg(long)]
    json: bool,
}

/// A `--at` as typed: an instant, or a board-local time the board's zone turns into one.
#[derive(Debug, Clone, Copy)]
pub enum At {
    Instant(DateTime<Utc>),
    Local(NaiveDateTime),
}

fn parse_at(text: &str) -> Result<At, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(At::Instant(at.with_timezone(&Utc)));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(At::Local(local));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(At::Local(day.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    Err(format!(
        "`{text}` is not a time: write RFC 3339 (2026-09-30T14:00:00Z) or a board-local 2026-09-30 14:00"
    ))
}

/// `..14`, `90..`, `30..60` (either end open).
fn parse_range(text: &str) -> Result<Range, String> {
    let bad = || format!("`{text}` is not a range: write MIN..MAX, ..MAX or MIN.. (e.g. 30..60)");
    let (min, max) = text.trim().split_once("..").ok_or_else(bad)?;
    let end = |part: &str| -> Result<Option<f64>, String> {
        let part = part.trim();
        if part.is_empty() {
            return Ok(None);
        }
        part.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or_else(bad)
    };
    Ok(Range { min: end(min)?, max: end(max)? })
}

/// `USER:env:VAR` → (user, reference), split at the first `:`.
fn parse_basic_auth(text: &str) -> Result<(String, String), String> {
    text.split_once(':')
        .map(|(user, reference)| (user.trim().to_owned(), reference.trim().to_owned()))
        .ok_or_else(|| format!("`{text}` is not USER:env:VAR (or USER:file:NAME)"))
}

/// `NAME:env:VAR` → a header whose value is read from the reference.
fn parse_header(text: &str) -> Result<HeaderRef, String> {
    match text.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok(HeaderRef { name: name.trim().to_owned(), value: value.trim().to_owned() })
        }
        _ => Err(format!("`{text}` is not NAME:env:VAR (or NAME:file:NAME)")),
    }
}

/// A `--at` as an instant: a local time is read in the board's time zone (the review
/// calendar's), as the CSV import reads its times.
fn resolve_at(client: &mut Client, at: At) -> Result<DateTime<Utc>, CliError> {
    let local = match at {
        At::Instant(at) => return Ok(at),
        At::Local(local) => local,
    };
    let zone_name = client.call::<ReviewSettingsGet>(&Empty {})?.time_zone;
    let zone: chrono_tz::Tz = zone_name.parse().map_err(|_| {
        CliError::Partial(format!("the board's time zone `{zone_name}` is not one this CLI knows"))
    })?;
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| CliError::Partial(format!("{local} does not exist in {zone_name}")))
}

pub fn run_kpi(client: &mut Client, command: KpiCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        KpiCommand::Record { kpi, scope, value, at, note, json } => {
            let at = at.map(|at| resolve_at(client, at)).transpose()?;
            let measurement =
                client.call::<KpiRecord>(&KpiRecordRequest { kpi, scope: scope.scope(), value, at, note })?;
            if json {
                return Ok(write_json(out, &measurement)?);
            }
            writeln!(
                out,
                "Recorded {} = {} for {} at {}.",
                measurement.kpi,
                figure(measurement.value),
                measurement.scope.describe(),
                instant(measurement.at)
            )?;
        }
        KpiCommand::Import { file, dry_run, json } => {
            let file = crate::files::read_upload(&file)?;
            let report = client.call::<KpiImport>(&KpiImportRequest { file, dry_run })?;
            if json {
                return Ok(write_json(out, &report)?);
            }
            write_import(out, &report, dry_run)?;
        }
        KpiCommand::Series { kpi, scope, from, to, json } => {
            let series =
                client.call::<KpiSeriesGet>(&KpiSeriesQuery { kpi, scope: scope.scope(), from, to })?;
            if json {
                return Ok(write_json(out, &series)?);
            }
            writeln!(
                out,
                "{} ({}) for {}: {} measurement(s)",
                series.name,
                series.unit_label,
                series.scope.describe(),
                series.measurements.len()
            )?;
            if series.measurements.is_empty() {
                return Ok(());
            }
            let source_width = series.measurements.iter().map(|m| m.source.len()).max().unwrap_or(6).max(6);
            writeln!(out, "{:<20}  {:>12}  {:<source_width$}  NOTE", "AT", "VALUE", "SOURCE")?;
            for m in &series.measurements {
                writeln!(
                    out,
                    "{:<20}  {:>12}  {:<source_width$}  {}",
                    instant(m.at),
                    figure(m.value),
                    m.source,
                    m.note
                )?;
            }
        }
        KpiCommand::Bind { kpi, scope, source, query, aggregate, step, json } => {
            let binding = client.call::<BindingAdd>(&BindingEdit {
                kpi,
                scope: scope.scope(),
                source,
                query,
                aggregate,
                step_s: step,
            })?;
            if json {
                return Ok(write_json(out, &binding)?);
            }
            writeln!(
                out,
                "Binding {}: {} for {} from `{}`, every {} s{}: {}",
                binding.id,
                binding.kpi,
                binding.scope.describe(),
                binding.source,
                binding.step_s,
                binding.aggregate.map(|a| format!(", {}", a.label())).unwrap_or_default(),
                binding.query
            )?;
            writeln!(out, "Fill it with: archboard sync --source {} --from YYYY-MM-DD", binding.source)?;
        }
        KpiCommand::Bindings { source, json } => {
            let bindings = client.call::<BindingList>(&BindingListQuery { source, ..Default::default() })?;
            if json {
                return Ok(write_json(out, &bindings)?);
            }
            write_bindings(out, &bindings)?;
        }
        KpiCommand::Unbind { id } => {
            client.call::<BindingRemove>(&BindingRef { id })?;
            writeln!(out, "Removed binding {id}; its measurements stay.")?;
        }
        KpiCommand::Computed { json } => {
            let computed = client.call::<KpiComputedList>(&Empty {})?;
            if json {
                return Ok(write_json(out, &computed)?);
            }
            for kpi in &computed {
                let scopes: Vec<&str> = kpi.scopes.iter().map(|s| s.as_str()).collect();
                writeln!(out, "{}  {} (per {})", kpi.kpi, kpi.name, scopes.join(", "))?;
                writeln!(out, "    {}", kpi.how)?;
            }
            writeln!(
                out,
                "{} computed KPI(s); `archboard sync --source computed` writes them.",
                computed.len()
            )?;
        }
    }
    Ok(())
}

pub fn run_scorecard(
    client: &mut Client,
    command: ScorecardCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        ScorecardCommand::Show { scope, period, band_year, json } => {
            let card =
                client.call::<ScorecardShow>(&ScorecardQuery { scope: scope.scope(), period, band_year })?;
            if json {
                return Ok(write_json(out, &card)?);
            }
            write_scorecard(out, &card)?;
        }
        ScorecardCommand::Choose { scope, kpis, json } => {
            let defaults = kpis.is_empty();
            let card =
                client.call::<ScorecardKpisChoose>(&ScorecardKpisSet { scope: scope.scope(), kpis })?;
            if json {
                return Ok(write_json(out, &card)?);
            }
            let keys: Vec<&str> = card.rows.iter().map(|r| r.kpi.as_str()).collect();
            let how = if defaults { "the defaults for it again" } else { "the KPIs chosen" };
            writeln!(
                out,
                "The scorecard of {} shows {how}: {} KPI(s): {}",
                card.scope.describe(),
                keys.len(),
                keys.join(", ")
            )?;
        }
        ScorecardCommand::Override { scope, kpi, green, amber, reset: _, reason, json } => {
            // clap lets --green through only with --amber, and neither with --reset.
            let scope = scope.scope();
            let row = client.call::<ScorecardOverride>(&ScorecardOverrideRequest {
                scope: scope.clone(),
                kpi,
                green,
                amber,
                reason,
            })?;
            if json {
                return Ok(write_json(out, &row)?);
            }
            let thresholds = match &row.target {
                Some(t) => format!("green {}, amber {}", range_text(&t.green), range_text(&t.amber)),
                None => "no thresholds".to_owned(),
            };
            let whose = match &row.overridden {
                Some(o) => {
                    format!("this scorecard's, set by {}: {}", o.by.as_deref().unwrap_or("someone"), o.reason)
                }
                None => "the catalog's".to_owned(),
            };
            writeln!(out, "{} on the scorecard of {}: {thresholds} ({whose}).", row.name, scope.describe())?;
            match row.trend.last() {
                Some(current) => writeln!(out, "In {}: {}", current.period, state_text(&row))?,
                None => writeln!(out, "Now: {}", state_text(&row))?,
            }
        }
    }
    Ok(())
}

pub fn run_source(client: &mut Client, command: SourceCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        SourceCommand::Add(add) => {
            let (edit, json) = source_edit(client, add)?;
            let source = client.call::<SourceAdd>(&edit)?;
            if json {
                return Ok(write_json(out, &source)?);
            }
            writeln!(
                out,
                "Added {} source `{}` at {} ({}).",
                source.kind.label(),
                source.name,
                source.url,
                auth_text(&source.auth)
            )?;
            writeln!(out, "Try it with: archboard source test {}", source.name)?;
        }
        SourceCommand::List { json } => {
            let sources = client.call::<SourceList>(&Empty {})?;
            if json {
                return Ok(write_json(out, &sources)?);
            }
            write_sources(out, &sources)?;
        }
        SourceCommand::Test { name, query, scope, json } => {
            let result = client.call::<SourceTest>(&SourceTestRequest {
                name: name.clone(),
                query,
                scope: scope.scope(),
            })?;
            if json {
                write_json(out, &result)?;
            } else {
                writeln!(out, "Query: {}", result.query)?;
                if result.ok {
                    match (result.value, result.at) {
                        (Some(value), Some(at)) => {
                            writeln!(out, "Value: {} at {}", figure(value), instant(at))?
                        }
                        (Some(value), None) => writeln!(out, "Value: {}", figure(value))?,
                        _ => writeln!(out, "Value: none (the query returned no data)")?,
                    }
                    writeln!(out, "Series: {}", result.series)?;
                    if result.series > 1 {
                        writeln!(
                            out,
                            "note: a binding needs one series; aggregate it, e.g. with sum() or avg()"
                        )?;
                    }
                }
                for warning in &result.warnings {
                    writeln!(out, "warning: {warning}")?;
                }
            }
            if let Some(error) = &result.error {
                return Err(CliError::Partial(format!("`{name}` failed the test: {}", error_text(error))));
            }
            if !result.ok {
                return Err(CliError::Partial(format!("`{name}` failed the test")));
            }
        }
        SourceCommand::Remove { name } => {
            let before = client.call::<SourceGet>(&SourceRef { name: name.clone() })?;
            client.call::<SourceRemove>(&SourceRef { name })?;
            writeln!(
                out,
                "Removed source `{}` and its {} binding(s); their measurements stay.",
                before.name, before.bindings
            )?;
        }
    }
    Ok(())
}

/// The `source_add` request a `source add …` command describes, and whether it wants JSON.
fn source_edit(client: &Client, add: SourceAddCommand) -> Result<(SourceEdit, bool), CliError> {
    let (name, kind, json_pointers, options) = match add {
        SourceAddCommand::Prometheus { name, options } => (name, SourceKind::Prometheus, None, options),
        SourceAddCommand::Json { name, value_pointer, time_pointer, array_pointer, options } => (
            name,
            SourceKind::Json,
            Some(JsonPointers { value: value_pointer, time: time_pointer, array: array_pointer }),
            options,
        ),
    };
    let auth = match (options.basic_auth, options.bearer) {
        (Some((user, password)), _) => SourceAuth::Basic { user, password },
        (None, Some(token)) => SourceAuth::Bearer { token },
        (None, None) if !options.headers.is_empty() => SourceAuth::Headers { headers: options.headers },
        (None, None) => SourceAuth::None,
    };
    // The engine reads the CA file when a query runs: on this machine's board, name it so that
    // it is found from wherever the app or `serve` runs; a team server's path is its own.
    let ca_file = match options.ca {
        Some(path) if !client.is_shared() => Some(std::path::absolute(&path).unwrap_or(path)),
        other => other,
    };
    let edit = SourceEdit {
        name,
        kind,
        url: options.url,
        auth,
        ca_file: ca_file.map(|p| p.display().to_string()),
        timeout_s: options.timeout,
        json: json_pointers,
        interval_minutes: options.every,
    };
    Ok((edit, options.json))
}

pub fn run_sync(client: &mut Client, args: SyncArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let started =
        client.call::<SyncStart>(&SyncRequest { source: args.source, from: args.from, to: args.to })?;
    let progress = follow(client, &JobRef { id: started.id.clone() })?;
    if args.json {
        write_json(out, &progress)?;
    } else {
        write_sync(out, &progress)?;
    }
    match progress.job.state {
        JobState::Completed => Ok(()),
        JobState::Cancelled => Err(CliError::Partial(format!(
            "the sync was cancelled: {}",
            progress.job.message.unwrap_or_default()
        ))),
        _ => Err(CliError::Partial(format!("the sync failed: {}", progress.job.message.unwrap_or_default()))),
    }
}

/// Polls the sync through the contract (as the status bar does), drawing progress on standard
/// error; Ctrl-C asks for a cancel with `job_cancel`, and the loop goes on polling until the
/// job has stopped and kept what it wrote.
fn follow(client: &mut Client, job: &JobRef) -> Result<SyncProgress, CliError> {
    let interrupted = super::ctrl_c_flag();
    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut cancel_sent = false;
    let mut last_line = String::new();
    loop {
        if interrupted.load(Ordering::SeqCst) && !cancel_sent {
            client.call::<JobCancel>(job)?;
            cancel_sent = true;
            eprintln!("\nCancelling; what was written so far is kept.");
        }
        let progress = client.call::<SyncProgressGet>(job)?;
        let finished = progress.job.state.is_finished();
        let line = format!(
            "[{:>6.1}s] {}/{} bindings, {} points written{}",
            started.elapsed().as_secs_f64(),
            progress.bindings_done,
            progress.bindings_total,
            progress.points_written,
            // Between bindings the stage is the counts again.
            if finished || progress.job.stage.is_empty() || progress.job.stage.ends_with("points written") {
                String::new()
            } else {
                format!(" — {}", progress.job.stage)
            }
        );
        if terminal {
            eprint!("\r\x1b[2K{line}");
        } else {
            // Without a terminal, a line whenever something moved (not the clock alone).
            let moved = line.split_once("] ").map(|(_, rest)| rest.to_owned()).unwrap_or_default();
            if moved != last_line || finished {
                eprintln!("{line}");
                last_line = moved;
            }
        }
        if finished {
            if terminal {
                eprintln!();
            }
            return Ok(progress);
        }
        std::thread::sleep(POLL_EVERY);
    }
}

/// A figure as people write it: no trailing zeros, small values in scientific notation.
fn figure(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    if value.abs() < 0.001 {
        return format!("{value:.3e}");
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `12 days`, `12% of releases`.
fn with_unit(value: f64, unit_label: &str) -> String {
    if unit_label.starts_with('%') {
        format!("{}{unit_label}", figure(value))
    } else {
        format!("{} {unit_label}", figure(value))
    }
}

fn signed(value: f64) -> String {
    if value > 0.0 { format!("+{}", figure(value)) } else { figure(value) }
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn range_text(range: &Range) -> String {
    let end = |v: Option<f64>| v.map(figure).unwrap_or_default();
    format!("{}..{}", end(range.min), end(range.max))
}

fn error_text(error: &SyncError) -> String {
    match &error.error_type {
        Some(kind) => format!("{kind}: {}", error.message),
        None => error.message.clone(),
    }
}

/// "A Amber", "– No data", with `*` when the thresholds are this scorecard's own.
fn state_text(row: &ScorecardRow) -> String {
    let state = row.judgement.state;
    format!("{} {}{}", state.mark(), state.label(), if row.overridden.is_some() { " *" } else { "" })
}

fn auth_text(auth: &SourceAuth) -> String {
    match auth {
        SourceAuth::None => "no authentication".to_owned(),
        SourceAuth::Basic { user, password } => format!("basic auth as {user}, password from {password}"),
        SourceAuth::Bearer { token } => format!("bearer token from {token}"),
        SourceAuth::Headers { headers } => {
            let names: Vec<String> = headers.iter().map(|h| format!("{} from {}", h.name, h.value)).collect();
            format!("headers {}", names.join(", "))
        }
    }
}

/// "ok at 2026-…", "never", "error (bad_data): …".
fn status_text(status: &SyncStatus) -> String {
    match (&status.last_error, status.last_success) {
        (Some(error), _) => format!("error {}", error_text(error)),
        (None, Some(at)) => format!("ok {} ({} points)", instant(at), status.points_written),
        (None, None) => "never synced".to_owned(),
    }
}

fn write_import(out: &mut dyn Write, report: &KpiImportReport, dry_run: bool) -> std::io::Result<()> {
    for row in &report.rows {
        let mut line = format!("line {:>4}  {:<9}", row.line, row.status.as_str());
        if let (Some(kpi), Some(scope), Some(at), Some(value)) = (&row.kpi, &row.scope, row.at, row.value) {
            line.push_str(&format!("  {kpi}  {}  {}  {}", scope.describe(), instant(at), figure(value)));
        }
        if let Some(reason) = &row.reason {
            if row.status == ImportRowStatus::Bad {
                line.push_str(&format!("  {reason}"));
            } else {
                line.push_str(&format!("  ({reason})"));
            }
        }
        writeln!(out, "{line}")?;
    }
    writeln!(
        out,
        "{} new, {} updated, {} unchanged, {} bad",
        report.new, report.updated, report.unchanged, report.bad
    )?;
    match report.bad {
        0 => {}
        1 => writeln!(out, "1 bad row was skipped.")?,
        n => writeln!(out, "{n} bad rows were skipped.")?,
    }
    if dry_run {
        writeln!(out, "Dry run: nothing was written.")
    } else if report.applied {
        writeln!(out, "Written: {} new, {} updated.", report.new, report.updated)
    } else {
        writeln!(out, "Nothing was written: no row is new or changed.")
    }
}

fn write_bindings(out: &mut dyn Write, bindings: &[Binding]) -> std::io::Result<()> {
    if bindings.is_empty() {
        return writeln!(
            out,
            "No bindings. Add one with: archboard kpi bind KPI --system KEY --source NAME --query QUERY"
        );
    }
    let kpi_width = bindings.iter().map(|b| b.kpi.len()).max().unwrap_or(3).max(3);
    let scope_width = bindings.iter().map(|b| b.scope.describe().len()).max().unwrap_or(5).max(5);
    let source_width = bindings.iter().map(|b| b.source.len()).max().unwrap_or(6).max(6);
    writeln!(
        out,
        "{:>4}  {:<kpi_width$}  {:<scope_width$}  {:<source_width$}  {:>6}  {:<6}  QUERY",
        "ID", "KPI", "SCOPE", "SOURCE", "STEP s", "AGG"
    )?;
    for b in bindings {
        writeln!(
            out,
            "{:>4}  {:<kpi_width$}  {:<scope_width$}  {:<source_width$}  {:>6}  {:<6}  {}",
            b.id,
            b.kpi,
            b.scope.describe(),
            b.source,
            b.step_s,
            b.aggregate.map(|a| a.as_str()).unwrap_or("-"),
            b.query
        )?;
        writeln!(out, "{:>4}  last sync: {}", "", status_text(&b.status))?;
    }
    Ok(())
}

fn write_sources(out: &mut dyn Write, sources: &[DataSource]) -> std::io::Result<()> {
    if sources.is_empty() {
        return writeln!(
            out,
            "No data sources. Add one with: archboard source add prometheus NAME --url URL"
        );
    }
    let name_width = sources.iter().map(|s| s.name.len()).max().unwrap_or(4).max(4);
    let url_width = sources.iter().map(|s| s.url.len()).max().unwrap_or(3).max(3);
    writeln!(
        out,
        "{:<name_width$}  {:<10}  {:<url_width$}  {:>8}  {:<9}  LAST SYNC",
        "NAME", "KIND", "URL", "BINDINGS", "EVERY"
    )?;
    for s in sources {
        writeln!(
            out,
            "{:<name_width$}  {:<10}  {:<url_width$}  {:>8}  {:<9}  {}",
            s.name,
            s.kind.as_str(),
            s.url,
            s.bindings,
            s.interval_minutes.map(|m| format!("{m} min")).unwrap_or_else(|| "-".to_owned()),
            status_text(&s.status)
        )?;
        writeln!(out, "{:<name_width$}  {}", "", auth_text(&s.auth))?;
    }
    Ok(())
}

fn write_scorecard(out: &mut dyn Write, card: &Scorecard) -> std::io::Result<()> {
    writeln!(
        out,
        "Scorecard of {} for {} (change from {}; {})",
        card.scope.describe(),
        card.period,
        card.previous_period,
        if card.chosen { "KPIs chosen for it" } else { "the default KPIs" }
    )?;
    let cells: Vec<[String; 7]> = card
        .rows
        .iter()
        .map(|row| {
            let value = row.value.map(|v| with_unit(v, &row.unit_label)).unwrap_or_else(|| "-".into());
            let change = match row.change {
                Some(c) => match c.percent {
                    Some(percent) => format!("{} ({percent:+.1}%)", signed(c.absolute)),
                    None => signed(c.absolute),
                },
                None => "-".into(),
            };
            let previous = row.previous.map(figure).unwrap_or_else(|| "-".into());
            let band = row.band.as_ref().map(|b| format!("{} ({})", b.name, b.year)).unwrap_or_default();
            let key = row.kpi.strip_prefix("kpi.").unwrap_or(&row.kpi).to_owned();
            [row.name.clone(), value, state_text(row), change, previous, band, key]
        })
        .collect();
    let headers = ["KPI", "VALUE", "STATE", "CHANGE", "PREVIOUS", "BAND", "KEY"];
    let show_band = card.rows.iter().any(|r| r.band.is_some());
    let width =
        |i: usize| cells.iter().map(|c| c[i].chars().count()).chain([headers[i].len()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: [&str; 7]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 5 && !show_band {
                continue;
            }
            if i == cells.len() - 1 {
                text.push_str(cell);
            } else {
                let pad = widths[i].saturating_sub(cell.chars().count());
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text
    };
    writeln!(out, "{}", line(headers))?;
    for c in &cells {
        writeln!(out, "{}", line([&c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6]]))?;
    }
    writeln!(
        out,
        "{} green, {} amber, {} red, {} grey (no data, stale or no baseline)",
        card.green, card.amber, card.red, card.grey
    )?;
    if card.rows.iter().any(|r| r.overridden.is_some()) {
        writeln!(out, "* thresholds overridden on this scorecard")?;
    }
    Ok(())
}

fn write_sync(out: &mut dyn Write, progress: &SyncProgress) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} — {}",
        progress.job.title,
        progress.job.state.label().to_lowercase(),
        progress.job.message.as_deref().unwrap_or("")
    )?;
    if progress.outcomes.is_empty() {
        if progress.bindings_total == 0 {
            writeln!(out, "There was nothing to sync: no bindings. Add one with: archboard kpi bind …")?;
        }
        return Ok(());
    }
    let kpi_width = progress.outcomes.iter().map(|o| o.kpi.len()).max().unwrap_or(3).max(3);
    let scope_width = progress.outcomes.iter().map(|o| o.scope.describe().len()).max().unwrap_or(5).max(5);
    let source_width = progress.outcomes.iter().map(|o| o.source.len()).max().unwrap_or(6).max(6);
    writeln!(
        out,
        "{:<kpi_width$}  {:<scope_width$}  {:<source_width$}  {:>8}  {:>9}  {:>11}  RESULT",
        "KPI", "SCOPE", "SOURCE", "WRITTEN", "UNCHANGED", "SKIPPED NaN"
    )?;
    for outcome in &progress.outcomes {
        write_outcome(out, outcome, kpi_width, scope_width, source_width)?;
    }
    Ok(())
}

fn write_outcome(
    out: &mut dyn Write,
    o: &BindingOutcome,
    kpi_width: usize,
    scope_width: usize,
    source_width: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<kpi_width$}  {:<scope_width$}  {:<source_width$}  {:>8}  {:>9}  {:>11}  {}",
        o.kpi,
        o.scope.describe(),
        o.source,
        o.points_written,
        o.points_unchanged,
        o.skipped_non_finite,
        if o.error.is_some() { "FAILED" } else { "ok" }
    )?;
    for warning in &o.warnings {
        writeln!(out, "  warning: {warning}")?;
    }
    if let Some(error) = &o.error {
        writeln!(out, "  error: {}", error_text(error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_with_either_end_open() {
        assert_eq!(parse_range("..14").unwrap(), Range { min: None, max: Some(14.0) });
        assert_eq!(parse_range("90..").unwrap(), Range { min: Some(90.0), max: None });
        assert_eq!(parse_range("30..60").unwrap(), Range { min: Some(30.0), max: Some(60.0) });
        assert_eq!(parse_range("-5..2.5").unwrap(), Range { min: Some(-5.0), max: Some(2.5) });
        assert!(parse_range("30-60").unwrap_err().contains("not a range"));
        assert!(parse_range("a..3").is_err());
        assert_eq!(range_text(&Range { min: Some(99.5), max: None }), "99.5..");
    }

    #[test]
    fn credentials_split_at_the_first_colon() {
        assert_eq!(parse_basic_auth("admin:env:PROM_PW").unwrap(), ("admin".into(), "env:PROM_PW".into()));
        assert_eq!(parse_basic_auth("admin:hunter2").unwrap(), ("admin".into(), "hunter2".into()));
        assert!(parse_basic_auth("admin").is_err());
        let header = parse_header("X-Scope-OrgID:file:org").unwrap();
        assert_eq!((header.name.as_str(), header.value.as_str()), ("X-Scope-OrgID", "file:org"));
        assert!(parse_header(":env:X").is_err());
    }

    #[test]
    fn times_are_instants_or_board_local() {
        assert!(
            matches!(parse_at("2026-09-30T14:00:00+02:00").unwrap(), At::Instant(t) if t.to_rfc3339() == "2026-09-30T12:00:00+00:00")
        );
        assert!(
            matches!(parse_at("2026-09-30 14:00").unwrap(), At::Local(t) if t.to_string() == "2026-09-30 14:00:00")
        );
        assert!(
            matches!(parse_at("2026-09-30").unwrap(), At::Local(t) if t.to_string() == "2026-09-30 00:00:00")
        );
        assert!(parse_at("yesterday").is_err());
    }

    #[test]
    fn figures_lose_trailing_zeros() {
        assert_eq!(figure(12.0), "12");
        assert_eq!(figure(99.95), "99.95");
        assert_eq!(figure(-4.5), "-4.5");
        assert_eq!(figure(1.0 / 3.0), "0.333");
        assert_eq!(signed(4.0), "+4");
        assert_eq!(with_unit(12.0, "% of releases"), "12% of releases");
        assert_eq!(with_unit(3.5, "days"), "3.5 days");
    }
}
