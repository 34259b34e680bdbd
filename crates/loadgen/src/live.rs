//! A run's shared state: the cancel flag, what stage it is in, and the current phase's
//! measurements. Each load-generating task records into its own shard (a lock nobody else takes
//! except the progress reader, a few times a second), and the shards are merged for progress
//! snapshots and for the phase's result.

use super::clock::Clock;
use super::histogram::Recorder;
use super::target::{CallError, StreamTiming};
use archboard_types::bench::{BenchProgress, ErrorCounts, RunState};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One task's measurements.
#[derive(Debug, Default, Clone)]
pub struct Shard {
    /// Open loop: from the scheduled instant; closed loop: from send.
    pub latency: Recorder,
    pub service: Recorder,
    pub send_lag: Recorder,
    pub first_token: Recorder,
    pub inter_token: Recorder,
    pub errors: ErrorCounts,
    pub output_tokens: u64,
    /// Sum over requests of output tokens ÷ decode time, and how many requests that covers.
    pub per_request_tokens_per_s: f64,
    pub streamed_requests: u64,
    /// Streamed requests whose TTFT and every inter-token gap met the SLOs.
    pub good: u64,
}

impl Shard {
    pub fn merge(&mut self, other: &Shard) {
        self.latency.merge(&other.latency);
        self.service.merge(&other.service);
        self.send_lag.merge(&other.send_lag);
        self.first_token.merge(&other.first_token);
        self.inter_token.merge(&other.inter_token);
        self.errors.connect += other.errors.connect;
        self.errors.timeout += other.errors.timeout;
        self.errors.bad_body += other.errors.bad_body;
        self.errors.client_overload += other.errors.client_overload;
        for (code, n) in &other.errors.http_status {
            *self.errors.http_status.entry(*code).or_default() += n;
        }
        for (class, example) in &other.errors.examples {
            self.errors.examples.entry(class.clone()).or_insert_with(|| example.clone());
        }
        self.output_tokens += other.output_tokens;
        self.per_request_tokens_per_s += other.per_request_tokens_per_s;
        self.streamed_requests += other.streamed_requests;
        self.good += other.good;
    }

    pub fn record_error(&mut self, error: &CallError) {
        match error {
            CallError::Connect(_) => self.errors.connect += 1,
            CallError::Timeout => self.errors.timeout += 1,
            CallError::Status(code, _) => *self.errors.http_status.entry(*code).or_default() += 1,
            CallError::BadBody(_) => self.errors.bad_body += 1,
        }
        self.errors.examples.entry(error.class().to_owned()).or_insert_with(|| error.describe());
    }

    /// Records a streamed answer against the TTFT and inter-token SLOs.
    pub fn record_stream(
        &mut self,
        timing: &StreamTiming,
        total: Duration,
        slo: Option<(Duration, Duration)>,
    ) {
        if let Some(first) = timing.first_token {
            self.first_token.record(first);
        }
        for gap in &timing.inter_token {
            self.inter_token.record(*gap);
        }
        self.output_tokens += timing.output_tokens;
        self.streamed_requests += 1;
        if let Some(first) = timing.first_token {
            let decode = total.saturating_sub(first).as_secs_f64();
            if decode > 0.0 && timing.output_tokens > 1 {
                self.per_request_tokens_per_s += (timing.output_tokens - 1) as f64 / decode;
            }
        }
        if let Some((ttft_slo, itl_slo)) = slo {
            let ttft_ok = timing.first_token.is_some_and(|t| t <= ttft_slo);
            let itl_ok = timing.inter_token.iter().all(|gap| *gap <= itl_slo);
            if ttft_ok && itl_ok {
                self.good += 1;
            }
        }
    }
}

/// The measurements of the phase under way.
pub struct PhaseLive {
    shards: Vec<Mutex<Shard>>,
    pub completed: AtomicU64,
    pub errors: AtomicU64,
    pub started: Instant,
}

impl PhaseLive {
    pub fn new(shards: usize) -> PhaseLive {
        PhaseLive {
            shards: (0..shards.max(1)).map(|_| Mutex::new(Shard::default())).collect(),
            completed: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// The shard for task `index`.
    pub fn shard(&self, index: usize) -> MutexGuard<'_, Shard> {
        lock(&self.shards[index % self.shards.len()])
    }

    pub fn merged(&self) -> Shard {
        let mut all = Shard::default();
        for shard in &self.shards {
            all.merge(&lock(shard));
        }
        all
    }
}

/// A poisoned lock only means another task panicked mid-record; the numbers are still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Status {
    state: RunState,
    stage: String,
    phases_done: u32,
    phases_planned: u32,
    message: Option<String>,
    record_id: Option<String>,
    rate_mark: (Instant, u64),
    rate: f64,
}

/// Everything the fronts see of a run while it goes.
pub struct LiveRun {
    pub id: String,
    clock: Clock,
    cancelled: AtomicBool,
    started: Instant,
    status: Mutex<Status>,
    phase: Mutex<Option<Arc<PhaseLive>>>,
}

impl LiveRun {
    /// A run on the OS clock: every real run.
    pub fn new(id: String, phases_planned: u32) -> Arc<LiveRun> {
        LiveRun::with_clock(id, phases_planned, Clock::Os)
    }

    /// A run measured with `clock` (`Clock::Tokio` under a paused runtime: the virtual-time tests).
    pub fn with_clock(id: String, phases_planned: u32, clock: Clock) -> Arc<LiveRun> {
        let now = clock.now();
        Arc::new(LiveRun {
            id,
            clock,
            cancelled: AtomicBool::new(false),
            started: now,
            status: Mutex::new(Status {
                state: RunState::Running,
                stage: "starting".into(),
                phases_done: 0,
                phases_planned,
                message: None,
                record_id: None,
                rate_mark: (now, 0),
                rate: 0.0,
            }),
            phase: Mutex::new(None),
        })
    }

    /// The clock every phase of this run reads and waits on.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    pub fn set_stage(&self, stage: impl Into<String>) {
        lock(&self.status).stage = stage.into();
    }

    pub fn set_planned(&self, planned: u32) {
        lock(&self.status).phases_planned = planned;
    }

    /// Starts measuring a new phase with `shards` recorders.
    pub fn begin_phase(&self, shards: usize) -> Arc<PhaseLive> {
        let phase = Arc::new(PhaseLive { started: self.clock.now(), ..PhaseLive::new(shards) });
        *lock(&self.phase) = Some(phase.clone());
        let mut status = lock(&self.status);
        status.rate_mark = (self.clock.now(), 0);
        status.rate = 0.0;
        phase
    }

    pub fn end_phase(&self) {
        lock(&self.status).phases_done += 1;
    }

    pub fn finish(&self, state: RunState, message: Option<String>, record_id: Option<String>) {
        let mut status = lock(&self.status);
        status.state = state;
        status.message = message;
        status.record_id = record_id;
        status.stage = match state {
            RunState::Completed => "finished".into(),
            RunState::Cancelled => "cancelled".into(),
            RunState::Failed => "failed".into(),
            RunState::Running => status.stage.clone(),
        };
    }

    pub fn state(&self) -> RunState {
        lock(&self.status).state
    }

    pub fn snapshot(&self) -> BenchProgress {
        let phase = lock(&self.phase).clone();
        let (completed, errors, summary) = match &phase {
            Some(phase) => (
                phase.completed.load(Ordering::Relaxed),
                phase.errors.load(Ordering::Relaxed),
                Some(phase.merged().latency.stats()),
            ),
            None => (0, 0, None),
        };
        let mut status = lock(&self.status);
        let now = self.clock.now();
        let (mark_at, mark_count) = status.rate_mark;
        let since = now.duration_since(mark_at).as_secs_f64();
        if since >= 1.0 || (status.rate == 0.0 && since >= 0.2) {
            status.rate = completed.saturating_sub(mark_count) as f64 / since;
            status.rate_mark = (now, completed);
        }
        BenchProgress {
            id: self.id.clone(),
            state: status.state,
            stage: status.stage.clone(),
            phases_done: status.phases_done,
            phases_planned: status.phases_planned,
            elapsed_s: self.clock.since(self.started).as_secs_f64(),
            completed,
            errors,
            current_rate: status.rate,
            p50_ms: summary.map_or(0.0, |s| s.p50_ms),
            p95_ms: summary.map_or(0.0, |s| s.p95_ms),
            p99_ms: summary.map_or(0.0, |s| s.p99_ms),
            message: status.message.clone(),
            record_id: status.record_id.clone(),
        }
    }
}
