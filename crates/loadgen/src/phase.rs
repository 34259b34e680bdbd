//! The two ways load is generated. Closed loop: N tasks, each sending its next request when the
//! last one answers, measured in windows until throughput is stable. Open loop: requests fired
//! at their scheduled instants whatever has answered, latency counted from the scheduled instant
//! (so a stalled server shows in the tail instead of silently slowing the client down).

use super::clock::Clock;
use super::live::{LiveRun, PhaseLive, Shard};
use super::onnx::OnnxModel;
use super::schedule::{Arrivals, Schedule};
use super::target::{CallError, HttpTarget, Payload, StreamTiming};
use archboard_types::bench::RunSettings;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What answers requests: an HTTP server, or an ONNX model in this process.
#[expect(clippy::large_enum_variant, reason = "one per run, held in an Arc: its size costs nothing")]
pub enum Executor {
    Http(HttpTarget),
    Onnx(Arc<OnnxModel>),
}

impl Executor {
    pub async fn call(&self, payload: &Payload) -> Result<StreamTiming, CallError> {
        match self {
            Executor::Http(target) => target.call(payload).await,
            Executor::Onnx(model) => model.call(payload).await,
        }
    }
}

/// A phase as measured, before it is summarised into a result.
pub struct PhaseRaw {
    pub label: String,
    pub concurrency: Option<u32>,
    pub target_rate: Option<f64>,
    pub batch: u32,
    pub duration: Duration,
    pub scheduled: u64,
    pub measured: Shard,
    pub windows: Vec<f64>,
    pub stable: Option<bool>,
    pub open_loop: bool,
    /// Cut short by a cancel.
    pub cut_short: bool,
}

/// The TTFT and inter-token SLOs of a streaming phase.
pub type StreamSlo = Option<(Duration, Duration)>;

fn record_outcome(
    phase: &PhaseLive,
    shard: &mut Shard,
    outcome: &Result<StreamTiming, CallError>,
    latency: Duration,
    stream_slo: StreamSlo,
) {
    match outcome {
        Ok(timing) => {
            shard.latency.record(latency);
            if timing.first_token.is_some() || timing.output_tokens > 0 {
                shard.record_stream(timing, latency, stream_slo);
            }
            phase.completed.fetch_add(1, Ordering::Relaxed);
        }
        Err(error) => {
            shard.record_error(error);
            phase.errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Sleeps `total` in short steps, returning early when the run is cancelled.
async fn sleep_unless_cancelled(live: &LiveRun, total: Duration) {
    let clock = live.clock();
    let until = clock.now() + total;
    while !live.is_cancelled() {
        let left = until.saturating_duration_since(clock.now());
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(left.min(Duration::from_millis(50))).await;
    }
}

/// Whether the last three windows are within ±10% of their mean (perf_analyzer's rule).
pub fn is_stable(windows: &[f64]) -> bool {
    if windows.len() < 3 {
        return false;
    }
    let last = &windows[windows.len() - 3..];
    let mean = last.iter().sum::<f64>() / 3.0;
    mean > 0.0 && last.iter().all(|w| (w - mean).abs() <= 0.10 * mean)
}

/// Closed loop at `concurrency`: runs at least `settings.duration_s`, and on until the last
/// three windows are stable or twice the duration has passed.
pub async fn closed_loop(
    executor: Arc<Executor>,
    payload: Payload,
    concurrency: u32,
    settings: &RunSettings,
    live: &LiveRun,
    label: String,
    stream_slo: StreamSlo,
) -> PhaseRaw {
    let concurrency = concurrency.max(1);
    let clock = live.clock();
    let phase = live.begin_phase(concurrency as usize);
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = JoinSet::new();
    let started = clock.now();
    for index in 0..concurrency as usize {
        let (executor, payload, phase, stop) =
            (executor.clone(), payload.clone(), phase.clone(), stop.clone());
        workers.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let sent = clock.now();
                let outcome = executor.call(&payload).await;
                let latency = clock.since(sent);
                let refused = matches!(outcome, Err(CallError::Connect(_)));
                record_outcome(&phase, &mut phase.shard(index), &outcome, latency, stream_slo);
                if refused {
                    // A refused connection returns at once; pausing keeps an unreachable target
                    // from turning the run into a busy loop of errors.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        });
    }
    let window = Duration::from_secs_f64(settings.window_s.max(0.1));
    let duration = Duration::from_secs_f64(settings.duration_s.max(0.1));
    let mut windows = Vec::new();
    let mut counted = 0;
    let mut window_started = clock.now();
    loop {
        live.set_stage(format!("{label}, window {}", windows.len() + 1));
        sleep_unless_cancelled(live, window).await;
        if live.is_cancelled() {
            break;
        }
        let completed = phase.completed.load(Ordering::Relaxed);
        let now = clock.now();
        windows.push((completed - counted) as f64 / now.duration_since(window_started).as_secs_f64());
        counted = completed;
        window_started = now;
        let elapsed = clock.since(started);
        if elapsed >= duration && (is_stable(&windows) || elapsed >= duration * 2) {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let cut_short = live.is_cancelled();
    if cut_short {
        workers.abort_all();
    }
    while workers.join_next().await.is_some() {}
    let stable = Some(is_stable(&windows));
    PhaseRaw {
        label,
        concurrency: Some(concurrency),
        target_rate: None,
        batch: payload.batch,
        duration: clock.since(started),
        scheduled: phase.completed.load(Ordering::Relaxed) + phase.errors.load(Ordering::Relaxed),
        measured: phase.merged(),
        windows,
        stable,
        open_loop: false,
        cut_short,
    }
}

/// Waits until `at`: sleeps while more than a fifth of a millisecond is left (the kernel's timer
/// slack is about 50 µs), then yields until the instant. tokio's timer ticks in whole
/// milliseconds, which would make every send up to a millisecond late at high rates.
fn wait_until(at: Instant) {
    loop {
        let now = Instant::now();
        if now >= at {
            return;
        }
        let left = at - now;
        if left > Duration::from_micros(200) {
            std::thread::sleep(left - Duration::from_micros(100));
        } else {
            std::thread::yield_now();
        }
    }
}

/// Open loop for `settings.duration_s` at the schedule's rate. On the OS clock the dispatcher owns
/// a thread (the runtime's other threads carry the requests), so a busy runtime never delays a
/// send; on tokio's clock it is a task sleeping on tokio's timer, which a paused test runtime
/// wakes at exactly each due instant.
pub async fn open_loop(
    executor: Arc<Executor>,
    payload: Payload,
    arrivals: Arrivals,
    settings: &RunSettings,
    live: &LiveRun,
    label: String,
) -> Result<PhaseRaw, String> {
    const SHARDS: usize = 64;
    let schedule = Schedule::new(arrivals)?;
    let rate = match arrivals {
        Arrivals::Constant { rate_per_s } | Arrivals::Poisson { rate_per_s, .. } => rate_per_s,
    };
    let phase = live.begin_phase(SHARDS);
    live.set_stage(format!("{label}: sending"));
    let duration = Duration::from_secs_f64(settings.duration_s.max(0.1));
    let in_flight = Arc::new(AtomicU64::new(0));
    let max_in_flight = u64::from(settings.max_in_flight.max(1));
    let runtime = tokio::runtime::Handle::current();
    let clock = live.clock();
    let start = clock.now();
    let due = schedule.take_while(|due| *due < duration).map(|due| start + due);
    // Sends request `index`, due at `at`, unless too many are in flight.
    let send = |index: usize, at: Instant| {
        if in_flight.load(Ordering::Relaxed) >= max_in_flight {
            phase.shard(index).errors.client_overload += 1;
            phase.errors.fetch_add(1, Ordering::Relaxed);
            return;
        }
        in_flight.fetch_add(1, Ordering::Relaxed);
        let (executor, payload, phase, in_flight) =
            (executor.clone(), payload.clone(), phase.clone(), in_flight.clone());
        runtime.spawn(async move {
            let sent = clock.now();
            let outcome = executor.call(&payload).await;
            let done = clock.now();
            let mut shard = phase.shard(index);
            shard.send_lag.record(sent.saturating_duration_since(at));
            if outcome.is_ok() {
                shard.service.record(done - sent);
            }
            // Measured from when the request was due, not when it went out.
            record_outcome(&phase, &mut shard, &outcome, done.saturating_duration_since(at), None);
            drop(shard);
            in_flight.fetch_sub(1, Ordering::Relaxed);
        });
    };
    let mut scheduled = 0u64;
    match clock {
        Clock::Os => tokio::task::block_in_place(|| {
            for at in due {
                if live.is_cancelled() {
                    break;
                }
                wait_until(at);
                send(scheduled as usize, at);
                scheduled += 1;
            }
        }),
        Clock::Tokio => {
            for at in due {
                if live.is_cancelled() {
                    break;
                }
                clock.sleep_until(at).await;
                send(scheduled as usize, at);
                scheduled += 1;
            }
        }
    }
    // Answers still due are waited for (each is bounded by the target's timeout); a cancel stops
    // the wait, and whatever answers later is not part of the phase.
    while in_flight.load(Ordering::Relaxed) > 0 && !live.is_cancelled() {
        live.set_stage(format!("{label}: waiting for {} answers", in_flight.load(Ordering::Relaxed)));
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let cut_short = live.is_cancelled();
    // Throughput is over the scheduled span, or longer when answers came in after it.
    let elapsed = clock.since(start).max(duration.min(Duration::from_secs_f64(scheduled as f64 / rate)));
    Ok(PhaseRaw {
        label,
        concurrency: None,
        target_rate: Some(rate),
        batch: payload.batch,
        duration: elapsed,
        scheduled,
        measured: phase.merged(),
        windows: Vec::new(),
        stable: None,
        open_loop: true,
        cut_short,
    })
}

/// Sends the warm-up requests (by count, then on until the warm-up time has passed); their
/// latencies are discarded. Returns how many were sent.
pub async fn warm_up(executor: &Executor, payload: &Payload, settings: &RunSettings, live: &LiveRun) -> u64 {
    live.set_stage("warming up");
    let clock = live.clock();
    let until = clock.now() + Duration::from_secs_f64(settings.warmup_s.max(0.0));
    let mut sent = 0u64;
    while !live.is_cancelled() && (sent < u64::from(settings.warmup_requests) || clock.now() < until) {
        let _ = executor.call(payload).await;
        sent += 1;
    }
    sent
}

#[cfg(test)]
mod tests {
    use super::is_stable;

    #[test]
    fn stability_needs_three_windows_within_ten_percent() {
        assert!(!is_stable(&[100.0, 100.0]));
        assert!(is_stable(&[10.0, 100.0, 95.0, 105.0]));
        assert!(!is_stable(&[100.0, 80.0, 120.0]));
        assert!(!is_stable(&[0.0, 0.0, 0.0]));
    }
}
