//! Benchmark operations: start a run in the background and follow or cancel it, list, show,
//! chart, judge against hardware profiles, compare, export and import result records.
//!
//! A run goes on in its own thread with its own async runtime and is registered as a job in
//! the process-wide registry, so every front (the desktop's command, an HTTP request, the CLI)
//! only starts it and polls, and opening another board leaves it running; the thread stores
//! the record through its own connection to its board's file when the run ends, however it
//! ends.

use super::{Adapter, Services, db_error};
use crate::jobs::Job;
use archboard_charts as charts;
use archboard_db::Db;
use archboard_db::bench as store;
use archboard_loadgen::evaluate::evaluate;
use archboard_loadgen::live::LiveRun;
use archboard_loadgen::record::new_run_id;
use archboard_loadgen::run::{self, planned_phases};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::bench::TargetKind;
use archboard_types::bench::{
    BENCH_RECORD_FORMAT, BenchCharts, BenchCompareRequest, BenchComparison, BenchConfig,
    BenchEvaluateRequest, BenchEvaluation, BenchExport, BenchImportRequest, BenchListQuery, BenchProgress,
    BenchRecord, BenchRef, BenchRunRef, BenchSummary, PhaseResult, RunState,
};
use archboard_types::catalog::{CatalogItem, HardwareProfile};
use archboard_types::job::{JobKind, JobState, JobSummary};
use archboard_types::system::Empty;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A benchmark run as a job of the process-wide registry.
pub struct BenchJob {
    live: Arc<LiveRun>,
    title: String,
    board: PathBuf,
    started_at: DateTime<Utc>,
    finished_at: Mutex<Option<DateTime<Utc>>>,
}

impl Job for BenchJob {
    fn summary(&self) -> JobSummary {
        let progress = self.live.snapshot();
        let state = match progress.state {
            RunState::Running => JobState::Running,
            RunState::Completed => JobState::Completed,
            RunState::Failed => JobState::Failed,
            RunState::Cancelled => JobState::Cancelled,
        };
        let fraction = (progress.phases_planned > 0)
            .then(|| (f64::from(progress.phases_done) / f64::from(progress.phases_planned)).min(1.0));
        JobSummary {
            id: progress.id.clone(),
            kind: JobKind::Benchmark,
            title: self.title.clone(),
            state,
            started_at: self.started_at,
            finished_at: *self.finished_at.lock().unwrap_or_else(|p| p.into_inner()),
            fraction: if state == JobState::Completed { Some(1.0) } else { fraction },
            stage: progress.stage,
            message: progress.message,
            subject: Some(progress.id),
            board: self.board.display().to_string(),
        }
    }

    fn cancel(&self) {
        self.live.cancel();
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Records bigger than this are refused on import before parsing.
const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;
/// A comparison shows at most this many runs side by side.
const MAX_COMPARED: usize = 6;

impl Services {
    /// The live run `id` started by this process, on whichever board.
    fn live_run(&self, id: &str) -> Option<Arc<LiveRun>> {
        let job = self.jobs.get(id)?;
        job.as_any().downcast_ref::<BenchJob>().map(|bench| bench.live.clone())
    }

    pub fn bench_start(&mut self, config: BenchConfig) -> Result<BenchRunRef, ApiError> {
        if config.target.kind == TargetKind::LocalOnnx
            && config.target.model_file.is_none()
            && self.adapter == Adapter::Http
        {
            // The HTTP mode never opens, nor even looks for, a path a caller names on the
            // server's disk, so this comes before any check of the configuration.
            return Err(ApiError::validation(
                "target.url",
                "archboard serve does not open model files by path for a browser: upload the model file, or run the benchmark with the desktop app or `archboard bench run`.",
            ));
        }
        run::validate(&config)?;
        if let Some(key) = &config.profile {
            self.hardware_profile(key).map_err(|e| ApiError::validation("profile", e.message))?;
        }
        let id = new_run_id();
        let live = LiveRun::new(id.clone(), planned_phases(&config.scenario));
        let job = Arc::new(BenchJob {
            live: live.clone(),
            title: if config.name.trim().is_empty() {
                format!("Benchmark {id}")
            } else {
                config.name.clone()
            },
            board: self.database_path().to_owned(),
            started_at: Utc::now(),
            finished_at: Mutex::new(None),
        });
        let database = self.database_path().to_owned();
        let actor = self.actor()?;
        let running = job.clone();
        std::thread::Builder::new()
            .name(format!("bench {id}"))
            .spawn(move || run_in_background(config, running, database, actor))
            .map_err(|e| ApiError::internal(format!("cannot start the benchmark thread: {e}")))?;
        // Listed only once its thread exists, so a job that could not start is never shown running.
        self.jobs.add(job);
        Ok(BenchRunRef { id })
    }

    pub fn bench_progress(&mut self, request: BenchRunRef) -> Result<BenchProgress, ApiError> {
        if let Some(live) = self.live_run(&request.id) {
            return Ok(live.snapshot());
        }
        // Started by another process (the CLI, an earlier session): report the stored outcome.
        let record = self.bench_record(&request.id)?;
        Ok(BenchProgress {
            id: record.id.clone(),
            state: record.state,
            stage: "stored".into(),
            phases_done: record.phases.len() as u32,
            phases_planned: planned_phases(&record.scenario),
            elapsed_s: record.phases.iter().map(|p| p.duration_s).sum(),
            completed: record.phases.last().map_or(0, |p| p.completed),
            errors: record.phases.last().map_or(0, |p| p.errors.total()),
            current_rate: 0.0,
            p50_ms: record.phases.last().map_or(0.0, |p| p.latency.p50_ms),
            p95_ms: record.phases.last().map_or(0.0, |p| p.latency.p95_ms),
            p99_ms: record.phases.last().map_or(0.0, |p| p.latency.p99_ms),
            message: record.message.clone(),
            record_id: Some(record.id),
        })
    }

    pub fn bench_cancel(&mut self, request: BenchRunRef) -> Result<BenchProgress, ApiError> {
        let live = self.live_run(&request.id).ok_or_else(|| {
            ApiError::not_found(format!("No run `{}` is going on in this Archboard process.", request.id))
        })?;
        live.cancel();
        Ok(live.snapshot())
    }

    pub fn bench_list(&mut self, query: BenchListQuery) -> Result<Vec<BenchSummary>, ApiError> {
        let records =
            store::list(self.db.conn(), query.limit.unwrap_or(500).min(10_000)).map_err(db_error)?;
        Ok(records.iter().map(summary).collect())
    }

    pub fn bench_get(&mut self, request: BenchRef) -> Result<BenchRecord, ApiError> {
        self.bench_record(&request.id)
    }

    pub fn bench_charts(&mut self, request: BenchRef) -> Result<BenchCharts, ApiError> {
        let record = self.bench_record(&request.id)?;
        let best = best_phase(&record).ok_or_else(|| {
            ApiError::conflict(format!("Run `{}` has no completed requests to chart.", record.id))
        })?;
        let series: Vec<(String, &PhaseResult)> =
            record.phases.iter().filter(|p| p.completed > 0).take(10).map(|p| (p.label.clone(), p)).collect();
        let measured: Vec<PhaseResult> = record.phases.iter().filter(|p| p.completed > 0).cloned().collect();
        Ok(BenchCharts {
            histogram_svg: charts::histogram_svg(best).map_err(ApiError::internal)?,
            cdf_svg: charts::cdf_svg("Latency CDF per phase", &series).map_err(ApiError::internal)?,
            throughput_latency_svg: if measured.len() > 1 {
                Some(charts::throughput_latency_svg(&measured).map_err(ApiError::internal)?)
            } else {
                None
            },
        })
    }

    pub fn bench_evaluate(&mut self, request: BenchEvaluateRequest) -> Result<BenchEvaluation, ApiError> {
        let record = self.bench_record(&request.id)?;
        let profile = self.hardware_profile(&request.profile)?;
        Ok(evaluate(&record, &profile))
    }

    pub fn bench_compare(&mut self, request: BenchCompareRequest) -> Result<BenchComparison, ApiError> {
        if request.ids.is_empty() || request.ids.len() > MAX_COMPARED {
            return Err(ApiError::validation("ids", format!("Compare 1 to {MAX_COMPARED} runs.")));
        }
        let records: Vec<BenchRecord> =
            request.ids.iter().map(|id| self.bench_record(id)).collect::<Result<_, _>>()?;
        let profiles: Vec<HardwareProfile> =
            request.profiles.iter().map(|key| self.hardware_profile(key)).collect::<Result<_, _>>()?;
        let series: Vec<(String, &PhaseResult)> = records
            .iter()
            .filter_map(|r| best_phase(r).map(|p| (format!("{} ({})", r.name, p.label), p)))
            .collect();
        Ok(BenchComparison {
            runs: records.iter().map(summary).collect(),
            evaluations: records.iter().map(|r| profiles.iter().map(|p| evaluate(r, p)).collect()).collect(),
            cdf_svg: charts::cdf_svg("Latency CDF of each run's best phase", &series)
                .map_err(ApiError::internal)?,
        })
    }

    pub fn bench_import(&mut self, request: BenchImportRequest) -> Result<BenchSummary, ApiError> {
        let file = request.file_name.trim();
        if request.json.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::validation(
                "json",
                format!("{file} is larger than 32 MB; a result record is not."),
            ));
        }
        let mut record: BenchRecord = serde_json::from_str(&request.json).map_err(|e| {
            ApiError::validation("json", format!("{file}, line {} column {}: {e}", e.line(), e.column()))
        })?;
        if record.format > BENCH_RECORD_FORMAT {
            return Err(ApiError::validation(
                "json",
                format!(
                    "{file} was written by a newer Archboard (record format {}; this one reads up to {BENCH_RECORD_FORMAT}).",
                    record.format
                ),
            ));
        }
        // The id names files (exports, chart files), so it must not carry a path.
        let usable = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if record.id.is_empty()
            || record.id.len() > 200
            || record.id.starts_with('.')
            || !record.id.chars().all(usable)
        {
            return Err(ApiError::validation(
                "json",
                format!("{file}: the run id `{}` must be letters, digits, `-`, `_` or `.`.", record.id),
            ));
        }
        if record.state == RunState::Running {
            return Err(ApiError::validation(
                "json",
                format!("{file} holds a run that never finished (state `running`)."),
            ));
        }
        for (index, phase) in record.phases.iter().enumerate() {
            // Counts come from a file: one that overflows when summed is refused, not wrapped.
            let counted = phase.histogram.buckets.iter().try_fold(0u64, |sum, (_, n)| sum.checked_add(*n));
            let Some(counted) = counted else {
                return Err(ApiError::validation(
                    "json",
                    format!(
                        "{file}: phase {} (`{}`) has histogram counts that overflow a 64-bit total.",
                        index + 1,
                        phase.label
                    ),
                ));
            };
            if counted != phase.latency.count {
                return Err(ApiError::validation(
                    "json",
                    format!(
                        "{file}: phase {} (`{}`) has {counted} latencies in its histogram but reports {}.",
                        index + 1,
                        phase.label,
                        phase.latency.count
                    ),
                ));
            }
        }
        if self.bench_record(&record.id).is_ok() {
            return Err(ApiError::conflict(format!("Run `{}` is already on this board.", record.id)));
        }
        record.imported_from = Some(file.to_owned());
        self.write(|tx| {
            if store::get(tx, &record.id).map_err(db_error)?.is_some() {
                return Err(ApiError::conflict(format!("Run `{}` is already on this board.", record.id)));
            }
            store::put(tx, &record).map_err(db_error)?;
            tx.audit_text(AuditEntity::Bench, &record.id, AuditAction::Import, None, Some(file))
        })?;
        Ok(summary(&record))
    }

    pub fn bench_export(&mut self, request: BenchRef) -> Result<BenchExport, ApiError> {
        let record = self.bench_record(&request.id)?;
        let json = serde_json::to_string_pretty(&record)
            .map_err(|e| ApiError::internal(format!("cannot encode the record: {e}")))?;
        Ok(BenchExport::new(format!("{}.json", record.id), json.into_bytes()))
    }

    pub fn bench_delete(&mut self, request: BenchRef) -> Result<Empty, ApiError> {
        if self.live_run(&request.id).is_some_and(|live| live.state() == RunState::Running) {
            return Err(ApiError::conflict(format!("Run `{}` is still going; cancel it first.", request.id)));
        }
        self.write(|tx| {
            // The deleted record is the audit's "before", so what it held is not lost.
            let record =
                store::get(tx, &request.id).map_err(db_error)?.ok_or_else(|| not_found(&request.id))?;
            store::delete(tx, &request.id).map_err(db_error)?;
            tx.audit(AuditEntity::Bench, &request.id, AuditAction::Delete, Some(&record), None)?;
            Ok(Empty {})
        })
    }

    pub(super) fn bench_record(&self, id: &str) -> Result<BenchRecord, ApiError> {
        store::get(self.db.conn(), id).map_err(db_error)?.ok_or_else(|| not_found(id))
    }

    pub(super) fn hardware_profile(&self, key: &str) -> Result<HardwareProfile, ApiError> {
        match archboard_db::catalog::get(self.db.conn(), key).map_err(db_error)? {
            Some(stored) => match stored.item {
                CatalogItem::Hardware(profile) => Ok(profile),
                _ => Err(ApiError::validation("profile", format!("`{key}` is not a hardware profile."))),
            },
            None => Err(ApiError::not_found(format!("There is no hardware profile `{key}` in the catalog."))),
        }
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("There is no benchmark run `{id}` on this board."))
}

/// The phase that represents a run: the highest throughput among valid phases, else among all
/// phases that completed anything.
pub(crate) fn best_phase(record: &BenchRecord) -> Option<&PhaseResult> {
    let by_throughput = |a: &&PhaseResult, b: &&PhaseResult| a.samples_per_s.total_cmp(&b.samples_per_s);
    let measured = || record.phases.iter().filter(|p| p.completed > 0);
    measured().filter(|p| p.validity.valid).max_by(by_throughput).or_else(|| measured().max_by(by_throughput))
}

fn summary(record: &BenchRecord) -> BenchSummary {
    let best = best_phase(record);
    BenchSummary {
        id: record.id.clone(),
        name: record.name.clone(),
        created_at: record.created_at.clone(),
        state: record.state,
        target_kind: record.target.kind,
        target_url: record.target.url.clone(),
        model: record.target.model.clone(),
        scenario: record.scenario.name().to_owned(),
        profile: record.profile.clone(),
        phases: record.phases.len() as u32,
        best_throughput: best.map_or(0.0, |p| p.samples_per_s),
        p99_ms: best.map_or(0.0, |p| p.latency.p99_ms),
        valid: record.state == RunState::Completed
            && !record.phases.is_empty()
            && record.phases.iter().all(|p| p.validity.valid),
        imported: record.imported_from.is_some(),
    }
}

/// The body of a run's thread: measure, store, report the end — also when the measurement
/// panics, so no job is left showing "running" for ever.
fn run_in_background(config: BenchConfig, job: Arc<BenchJob>, database: PathBuf, actor: super::Actor) {
    let live = job.live.clone();
    let measured = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        measure_and_store(&config, &live, &database, &actor)
    }));
    if let Err(panic) = measured {
        let cause = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(run = %live.id, %cause, "the benchmark thread panicked");
        live.finish(
            RunState::Failed,
            Some("The run stopped on an internal error; the log says why.".into()),
            None,
        );
    }
    *job.finished_at.lock().unwrap_or_else(|p| p.into_inner()) = Some(Utc::now());
}

fn measure_and_store(config: &BenchConfig, live: &Arc<LiveRun>, database: &Path, actor: &super::Actor) {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            live.finish(RunState::Failed, Some(format!("Cannot start the load generator: {e}.")), None);
            return;
        }
    };
    let record = runtime.block_on(run::run(config, live));
    // Requests still in flight are dropped with the runtime; none count after the record is made.
    runtime.shutdown_background();
    match store_record(database, actor, &record) {
        Ok(()) => live.finish(record.state, record.message.clone(), Some(record.id.clone())),
        Err(e) => {
            tracing::error!(run = %record.id, cause = %e, "a finished run could not be stored");
            live.finish(
                RunState::Failed,
                Some(format!("The run finished but could not be stored: {e}")),
                None,
            )
        }
    }
}

fn store_record(database: &Path, actor: &super::Actor, record: &BenchRecord) -> Result<(), ApiError> {
    let mut db = Db::open(database).map_err(db_error)?;
    let action = match record.state {
        RunState::Completed => AuditAction::Run,
        RunState::Cancelled => AuditAction::RunCancelled,
        RunState::Failed | RunState::Running => AuditAction::RunFailed,
    };
    super::write_board(&mut db, actor, |tx| {
        store::put(tx, record).map_err(db_error)?;
        tx.audit_text(AuditEntity::Bench, &record.id, action, None, Some(&record.name))
    })
}

#[cfg(test)]
pub(super) mod tests;
