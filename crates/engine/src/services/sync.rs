//! Metric syncs as jobs: every binding of the sources asked for (and the KPIs computed from
//! the board) queried now — or backfilled over a range, chunked under Prometheus's points
//! limit — and written chunk by chunk, each chunk in one transaction. Writes are idempotent
//! per (KPI, scope, source, instant), so a sync killed half-way leaves whole chunks and the
//! next one completes without duplicates. The scheduler starts syncs of sources that have an
//! interval while the desktop app or `serve` runs.

use super::kpi::{check_scope, local_midnight};
use super::review::calendar::BoardCalendar;
use super::sources::{endpoint, json_select, source_row, sync_error};
use super::{Actor, Services, db_error, write_board};
use crate::jobs::{Job, Jobs};
use archboard_db::Db;
use archboard_db::kpi::{self as store, StoredSource, Upsert};
use archboard_metrics::{PrometheusClient, RetryPolicy, align_down, plan_chunks};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::job::{JobKind, JobRef, JobState, JobSummary};
use archboard_types::kpi::{
    Binding, BindingOutcome, Measurement, SOURCE_COMPUTED, SourceKind, SyncError, SyncProgress, SyncRequest,
    SyncStatus, fill_query,
};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The longest backfill accepted in one sync.
const MAX_BACKFILL_DAYS: i64 = 3 * 366;

/// One binding's work, everything read from the board up front.
struct PlannedBinding {
    binding: Binding,
    source: StoredSource,
    /// The query with `${team}` / `${system}` filled.
    query: String,
}

#[derive(Default)]
struct Live {
    bindings_done: u32,
    points_written: u64,
    outcomes: Vec<BindingOutcome>,
    stage: String,
    state: Option<JobState>,
    message: Option<String>,
    finished_at: Option<DateTime<Utc>>,
}

/// A sync as a job of the process-wide registry.
pub struct SyncJob {
    id: String,
    title: String,
    board: PathBuf,
    started_at: DateTime<Utc>,
    bindings_total: u32,
    cancelled: AtomicBool,
    live: Mutex<Live>,
}

impl SyncJob {
    fn lock(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn progress(&self) -> SyncProgress {
        let live = self.lock();
        SyncProgress {
            job: self.summary_of(&live),
            bindings_total: self.bindings_total,
            bindings_done: live.bindings_done,
            points_written: live.points_written,
            outcomes: live.outcomes.clone(),
        }
    }

    fn summary_of(&self, live: &Live) -> JobSummary {
        let state = live.state.unwrap_or(JobState::Running);
        JobSummary {
            id: self.id.clone(),
            kind: JobKind::MetricsSync,
            title: self.title.clone(),
            state,
            started_at: self.started_at,
            finished_at: live.finished_at,
            fraction: Some(if self.bindings_total == 0 || state == JobState::Completed {
                1.0
            } else {
                f64::from(live.bindings_done) / f64::from(self.bindings_total)
            }),
            stage: if live.stage.is_empty() {
                format!(
                    "{} of {} bindings, {} points written",
                    live.bindings_done, self.bindings_total, live.points_written
                )
            } else {
                live.stage.clone()
            },
            message: live.message.clone(),
            subject: None,
            board: self.board.display().to_string(),
        }
    }
}

impl Job for SyncJob {
    fn summary(&self) -> JobSummary {
        self.summary_of(&self.lock())
    }

    fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What one sync covers: now, or a backfill over `[from, to)`.
#[derive(Clone, Copy)]
enum Span {
    Now,
    Backfill(DateTime<Utc>, DateTime<Utc>),
}

impl Services {
    pub fn sync_start(&mut self, request: SyncRequest) -> Result<JobSummary, ApiError> {
        let now = self.now();
        let conn = self.db.conn();
        let zone = BoardCalendar::read(conn)?.time_zone;
        let span = match (request.from, request.to) {
            (None, None) => Span::Now,
            (Some(from), to) => {
                let to = to
                    .unwrap_or_else(|| BoardCalendar::read(conn).map(|c| c.local_date(now)).unwrap_or(from));
                if to < from {
                    return Err(ApiError::validation(
                        "to",
                        format!("The backfill ends ({to}) before it starts ({from})."),
                    ));
                }
                if (to - from).num_days() > MAX_BACKFILL_DAYS {
                    return Err(ApiError::validation(
                        "from",
                        format!("Backfill at most {MAX_BACKFILL_DAYS} days at a time."),
                    ));
                }
                let end = (local_midnight(zone, to.succ_opt().unwrap_or(to)) - chrono::Duration::seconds(1))
                    .min(now);
                Span::Backfill(local_midnight(zone, from), end)
            }
            (None, Some(_)) => {
                return Err(ApiError::validation("from", "A backfill needs its first day as well."));
            }
        };
        let include_computed = request.source.as_deref().is_none_or(|s| s == SOURCE_COMPUTED);
        let only_source = request.source.clone().filter(|s| s != SOURCE_COMPUTED);
        if let Some(name) = &only_source {
            source_row(conn, name)?;
        }
        let plan = plan(conn, only_source.as_deref())?;
        let computed = if include_computed { self.computed_measurements()? } else { vec![] };
        let title = match (&request.source, span) {
            (Some(name), Span::Now) => format!("Sync {name}"),
            (None, Span::Now) => "Sync every source".to_string(),
            (name, Span::Backfill(from, to)) => format!(
                "Backfill {} from {} to {}",
                name.as_deref().unwrap_or("every source"),
                from.date_naive(),
                to.date_naive()
            ),
        };
        let actor = self.actor()?;
        Ok(start_job(&self.jobs, self.db.path(), actor, title, plan, computed, span, now))
    }

    pub fn sync_progress(&mut self, request: JobRef) -> Result<SyncProgress, ApiError> {
        let job = self.jobs.get(&request.id).ok_or_else(|| {
            ApiError::not_found(format!("There is no job `{}` in this Archboard process.", request.id))
        })?;
        job.as_any()
            .downcast_ref::<SyncJob>()
            .map(SyncJob::progress)
            .ok_or_else(|| ApiError::validation("id", format!("Job `{}` is not a metrics sync.", request.id)))
    }
}

/// The bindings to sync (of one source, or of every source), with their queries filled.
fn plan(conn: &archboard_db::Connection, only: Option<&str>) -> Result<Vec<PlannedBinding>, ApiError> {
    let sources = store::list_sources(conn).map_err(db_error)?;
    let mut planned = Vec::new();
    for binding in store::list_bindings(conn).map_err(db_error)? {
        if only.is_some_and(|name| binding.source != name) {
            continue;
        }
        let Some(source) = sources.iter().find(|s| s.config.name == binding.source) else { continue };
        let (team, system) = match check_scope(conn, &binding.scope) {
            Ok(facts) => (facts.team, facts.system),
            // A team or system removed since: its query runs unfilled and says so in the error.
            Err(_) => (None, None),
        };
        let query = fill_query(&binding.query, team.as_deref(), system.as_deref());
        planned.push(PlannedBinding { binding, source: source.clone(), query });
    }
    Ok(planned)
}

#[allow(clippy::too_many_arguments)]
fn start_job(
    jobs: &Jobs,
    board: &Path,
    actor: Actor,
    title: String,
    plan: Vec<PlannedBinding>,
    computed: Vec<Measurement>,
    span: Span,
    now: DateTime<Utc>,
) -> JobSummary {
    let id = crate::jobs::new_job_id("sync", now);
    let job = Arc::new(SyncJob {
        id,
        title,
        board: board.to_path_buf(),
        started_at: now,
        bindings_total: plan.len() as u32 + u32::from(!computed.is_empty()),
        cancelled: AtomicBool::new(false),
        live: Mutex::new(Live::default()),
    });
    jobs.add(job.clone());
    let summary = job.summary();
    let board = board.to_path_buf();
    std::thread::spawn(move || {
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&job, &board, &actor, plan, computed, span, now)
        }));
        let mut live = job.lock();
        if ran.is_err() {
            tracing::error!(job = %job.id, "the sync thread panicked");
            live.state = Some(JobState::Failed);
            live.message = Some("The sync stopped on an internal error; the log says why.".into());
        }
        live.finished_at = Some(Utc::now());
    });
    summary
}

fn run(
    job: &SyncJob,
    board: &Path,
    actor: &Actor,
    plan: Vec<PlannedBinding>,
    computed: Vec<Measurement>,
    span: Span,
    now: DateTime<Utc>,
) {
    let finish = |state: JobState, message: String| {
        let mut live = job.lock();
        live.state = Some(state);
        live.message = Some(message);
        live.stage = String::new();
    };
    let mut db = match Db::open(board) {
        Ok(db) => db,
        Err(e) => return finish(JobState::Failed, format!("Cannot open the board: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return finish(JobState::Failed, format!("Cannot start the network runtime: {e}")),
    };
    let mut failures = Vec::new();
    if !computed.is_empty() {
        let outcome = write_computed(&mut db, actor, &computed);
        if let Some(error) = &outcome.error {
            failures.push(format!("computed KPIs: {}", error.message));
        }
        record_outcome(job, outcome);
    }
    let mut sources_seen: Vec<(String, SyncStatus, Option<u32>)> = Vec::new();
    for planned in &plan {
        if job.cancelled.load(Ordering::SeqCst) {
            break;
        }
        job.lock().stage = format!(
            "{} for {} from {}",
            planned.binding.kpi,
            planned.binding.scope.describe(),
            planned.binding.source
        );
        let outcome = runtime.block_on(sync_binding(job, &mut db, actor, planned, span, now));
        let status = SyncStatus {
            last_attempt: Some(now),
            last_success: if outcome.error.is_none() {
                Some(now)
            } else {
                planned.binding.status.last_success
            },
            last_error: outcome.error.clone(),
            points_written: outcome.points_written,
            skipped_non_finite: outcome.skipped_non_finite,
            warnings: outcome.warnings.clone(),
        };
        if let Err(e) = db.write(|tx| store::set_binding_status(tx, planned.binding.id, &status)) {
            tracing::warn!(cause = %e, "a binding's sync status could not be stored");
        }
        let name = planned.source.config.name.clone();
        match sources_seen.iter_mut().find(|(n, ..)| *n == name) {
            Some((_, total, _)) => merge_status(total, &status),
            None => sources_seen.push((name, status.clone(), planned.source.config.interval_minutes)),
        }
        if let Some(error) = &outcome.error {
            failures.push(format!(
                "{} for {}: {}",
                planned.binding.kpi,
                planned.binding.scope.describe(),
                error.message
            ));
        }
        record_outcome(job, outcome);
    }
    for (name, status, interval) in &sources_seen {
        let next_run = interval.map(|m| now + chrono::Duration::minutes(m.into()));
        let summary = format!(
            "{} points written{}",
            status.points_written,
            status.last_error.as_ref().map(|e| format!("; last error: {}", e.message)).unwrap_or_default()
        );
        let stored = write_board(&mut db, actor, |tx| {
            store::set_source_status(tx, name, status, next_run).map_err(db_error)?;
            tx.audit_text(AuditEntity::DataSource, name, AuditAction::MetricsSync, None, Some(&summary))
        });
        if let Err(e) = stored {
            tracing::warn!(source = %name, cause = %e.message, "a source's sync status could not be stored");
        }
    }
    let written = job.lock().points_written;
    if job.cancelled.load(Ordering::SeqCst) {
        finish(JobState::Cancelled, format!("Cancelled after {written} points; what was written is kept."));
    } else if failures.is_empty() {
        finish(JobState::Completed, format!("{written} points written."))
    } else {
        let total = plan.len() + usize::from(!computed.is_empty());
        finish(
            JobState::Failed,
            format!(
                "{} of {total} failed ({written} points written): {}",
                failures.len(),
                failures.join("; ")
            ),
        )
    }
}

fn merge_status(total: &mut SyncStatus, next: &SyncStatus) {
    total.points_written += next.points_written;
    total.skipped_non_finite += next.skipped_non_finite;
    total.warnings.extend(next.warnings.iter().cloned());
    if next.last_error.is_some() {
        total.last_error = next.last_error.clone();
        total.last_success = None;
    }
}

fn record_outcome(job: &SyncJob, outcome: BindingOutcome) {
    let mut live = job.lock();
    live.bindings_done += 1;
    live.outcomes.push(outcome);
}

fn write_computed(db: &mut Db, actor: &Actor, computed: &[Measurement]) -> BindingOutcome {
    let mut outcome = BindingOutcome {
        binding: None,
        kpi: "computed KPIs".into(),
        scope: computed[0].scope.clone(),
        source: SOURCE_COMPUTED.into(),
        points_written: 0,
        points_unchanged: 0,
        skipped_non_finite: 0,
        warnings: vec![],
        error: None,
    };
    match write_board(db, actor, |tx| write_points(tx, computed)) {
        Ok((written, unchanged)) => {
            outcome.points_written = written;
            outcome.points_unchanged = unchanged;
        }
        Err(e) => outcome.error = Some(SyncError { at: Utc::now(), error_type: None, message: e.message }),
    }
    outcome
}

fn write_points(tx: &archboard_db::Connection, points: &[Measurement]) -> Result<(u64, u64), ApiError> {
    let (mut written, mut unchanged) = (0, 0);
    for point in points {
        match store::upsert(tx, point).map_err(db_error)? {
            Upsert::Unchanged => unchanged += 1,
            Upsert::New | Upsert::Updated => written += 1,
        }
    }
    Ok((written, unchanged))
}

async fn sync_binding(
    job: &SyncJob,
    db: &mut Db,
    actor: &Actor,
    planned: &PlannedBinding,
    span: Span,
    now: DateTime<Utc>,
) -> BindingOutcome {
    let b = &planned.binding;
    let mut outcome = BindingOutcome {
        binding: Some(b.id),
        kpi: b.kpi.clone(),
        scope: b.scope.clone(),
        source: b.source.clone(),
        points_written: 0,
        points_unchanged: 0,
        skipped_non_finite: 0,
        warnings: vec![],
        error: None,
    };
    let unit = match archboard_db::catalog::get(db.conn(), &b.kpi) {
        Ok(Some(item)) => match item.item {
            archboard_types::catalog::CatalogItem::Kpi(kpi) => kpi.unit,
            _ => return failed(outcome, format!("`{}` is no longer a KPI", b.kpi), now),
        },
        _ => return failed(outcome, format!("the KPI `{}` is no longer in the catalog", b.kpi), now),
    };
    let measurement = |at: DateTime<Utc>, value: f64| Measurement {
        kpi: b.kpi.clone(),
        scope: b.scope.clone(),
        at,
        value,
        source: b.source.clone(),
        note: String::new(),
        recorded_by: Some(format!("sync of {}", b.source)),
        recorded_at: now,
    };
    let config = &planned.source.config;
    let endpoint = match endpoint(config) {
        Ok(endpoint) => endpoint,
        Err(e) => {
            outcome.error = Some(sync_error(&e, now));
            return outcome;
        }
    };
    match config.kind {
        SourceKind::Prometheus => {
            let client = match PrometheusClient::new(endpoint, RetryPolicy::default()) {
                Ok(client) => client,
                Err(e) => {
                    outcome.error = Some(sync_error(&e, now));
                    return outcome;
                }
            };
            let step = u64::from(b.step_s);
            let chunks: Vec<Option<(DateTime<Utc>, DateTime<Utc>)>> = match span {
                Span::Now => vec![None],
                Span::Backfill(from, to) => plan_chunks(from, to, step).into_iter().map(Some).collect(),
            };
            for chunk in chunks {
                if job.cancelled.load(Ordering::SeqCst) {
                    break;
                }
                let answer = match chunk {
                    None => client.instant(&planned.query, Some(align_down(now, step))).await,
                    Some((start, end)) => client.range(&planned.query, start, end, step).await,
                };
                let result = match answer {
                    Ok(result) => result,
                    Err(e) => {
                        outcome.error = Some(sync_error(&e, now));
                        break;
                    }
                };
                outcome.skipped_non_finite += u64::from(result.skipped_non_finite);
                outcome.warnings.extend(result.warnings.iter().cloned());
                if result.series.len() > 1 {
                    let labels: Vec<String> =
                        result.series.iter().take(2).map(|s| format!("{:?}", s.labels)).collect();
                    let message = format!(
                        "the query returns {} series (e.g. {}); aggregate it to one, e.g. with sum() or avg()",
                        result.series.len(),
                        labels.join(", ")
                    );
                    return failed(outcome, message, now);
                }
                let mut points = Vec::new();
                for point in result.series.iter().flat_map(|s| &s.points) {
                    // An instant query is stored at the step-aligned instant, so syncing twice
                    // within a step updates one point.
                    let at = if chunk.is_none() { align_down(now, step) } else { point.at };
                    if let Err(reason) = archboard_types::kpi::check_value(&b.kpi, unit, point.value) {
                        outcome.warnings.push(format!("skipped at {at}: {reason}"));
                        continue;
                    }
                    points.push(measurement(at, point.value));
                }
                if let Err(e) = store_chunk(job, db, actor, &points, &mut outcome) {
                    return failed(outcome, e.message, now);
                }
            }
        }
        SourceKind::Json => {
            let mut endpoint = endpoint;
            if b.query != "/" {
                endpoint.base_url = format!("{}{}", endpoint.base_url, planned.query);
            }
            let fetched = match archboard_metrics::JsonClient::new(endpoint, RetryPolicy::default()) {
                Ok(client) => client.fetch(&json_select(config), now).await,
                Err(e) => Err(e),
            };
            match fetched {
                Ok(points) => {
                    let points: Vec<Measurement> = points
                        .into_iter()
                        .filter(|p| match span {
                            Span::Now => true,
                            Span::Backfill(from, to) => p.at >= from && p.at < to,
                        })
                        .filter(|p| archboard_types::kpi::check_value(&b.kpi, unit, p.value).is_ok())
                        .map(|p| {
                            measurement(
                                DateTime::from_timestamp(p.at.timestamp(), 0).unwrap_or(p.at),
                                p.value,
                            )
                        })
                        .collect();
                    if let Err(e) = store_chunk(job, db, actor, &points, &mut outcome) {
                        return failed(outcome, e.message, now);
                    }
                }
                Err(e) => outcome.error = Some(sync_error(&e, now)),
            }
        }
    }
    outcome
}

/// Writes one chunk's points in one transaction and counts them.
fn store_chunk(
    job: &SyncJob,
    db: &mut Db,
    actor: &Actor,
    points: &[Measurement],
    outcome: &mut BindingOutcome,
) -> Result<(), ApiError> {
    if points.is_empty() {
        return Ok(());
    }
    let (written, unchanged) = write_board(db, actor, |tx| write_points(tx, points))?;
    outcome.points_written += written;
    outcome.points_unchanged += unchanged;
    job.lock().points_written += written;
    Ok(())
}

fn failed(mut outcome: BindingOutcome, message: String, at: DateTime<Utc>) -> BindingOutcome {
    outcome.error = Some(SyncError { at, error_type: None, message });
    outcome
}

/// Starts, every half minute, a sync of each source of the current board whose interval has
/// come round (one at a time per source), as Archboard itself, while this process runs. The
/// desktop app points it at another board when the person opens one.
#[derive(Clone)]
pub struct SyncScheduler {
    board: Arc<Mutex<Option<PathBuf>>>,
}

impl SyncScheduler {
    pub fn start(jobs: Jobs) -> SyncScheduler {
        let scheduler = SyncScheduler { board: Arc::new(Mutex::new(None)) };
        let board = scheduler.board.clone();
        std::thread::spawn(move || {
            loop {
                let current = board.lock().unwrap_or_else(|p| p.into_inner()).clone();
                if let Some(path) = current
                    && let Err(e) = start_due(&path, &jobs, Utc::now())
                {
                    tracing::warn!(cause = %e.message, "the sync scheduler could not start a sync");
                }
                std::thread::sleep(std::time::Duration::from_secs(30));
            }
        });
        scheduler
    }

    pub fn set_board(&self, path: &Path) {
        *self.board.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.to_path_buf());
    }
}

/// Starts the syncs that are due at `now`; returns how many started.
pub(crate) fn start_due(board: &Path, jobs: &Jobs, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let mut db = Db::open(board).map_err(db_error)?;
    let mut started = 0;
    for source in store::list_sources(db.conn()).map_err(db_error)? {
        let (Some(_), Some(next)) = (source.config.interval_minutes, source.next_run) else { continue };
        let title = format!("Scheduled sync of {}", source.config.name);
        let running =
            jobs.list(false).iter().any(|j| j.title == title && j.board == board.display().to_string());
        if next > now || running {
            continue;
        }
        let plan = plan(db.conn(), Some(&source.config.name))?;
        // Moved on before the sync runs, so a slow sync is not started twice.
        let next_run = source.config.interval_minutes.map(|m| now + chrono::Duration::minutes(m.into()));
        db.write(|tx| store::set_source_status(tx, &source.config.name, &source.status, next_run))
            .map_err(db_error)?;
        start_job(jobs, board, Actor::archboard(), title, plan, vec![], Span::Now, now);
        started += 1;
    }
    Ok(started)
}
