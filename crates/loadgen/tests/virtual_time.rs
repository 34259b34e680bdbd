//! The load generator's timing checked exactly: whole runs on tokio's paused clock against
//! simulated servers whose delays are known, so coordinated omission, the max-throughput search
//! and streaming timings are asserted as figures, not ranges. Time only moves when every task
//! waits, so these take no wall time and no machine load can change them. (The real clock and a
//! real socket are covered by the engine's one wall-clock smoke test.)

use archboard_loadgen::clock::Clock;
use archboard_loadgen::histogram::Recorder;
use archboard_loadgen::live::LiveRun;
use archboard_loadgen::run::{planned_phases, run_simulated};
use archboard_loadgen::target::{SimulatedAnswer, SimulatedServer};
use archboard_types::bench::{
    ArrivalProcess, BenchConfig, BenchInput, BenchRecord, BenchTarget, LatencyStats, RunSettings, RunState,
    Scenario, TargetKind,
};
use bytes::Bytes;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MS: Duration = Duration::from_millis(1);
const SECOND: Duration = Duration::from_secs(1);

const KSERVE_ANSWER: &str =
    r#"{"model_name":"tiny","outputs":[{"name":"output","shape":[1,1],"datatype":"FP32","data":[1.0]}]}"#;

type Delay = Box<dyn Fn(u64, Instant) -> Duration + Send + Sync>;

/// A KServe v2 server in virtual time: request `n` (counted from 1, the cold start and warm-up
/// included) arriving at `now` is answered after `delay(n, now)`, all requests concurrently.
struct Kserve {
    served: AtomicU64,
    delay: Delay,
}

impl SimulatedServer for Kserve {
    fn post(&self, _body: Bytes) -> Pin<Box<dyn Future<Output = SimulatedAnswer> + Send + '_>> {
        let n = self.served.fetch_add(1, Ordering::SeqCst) + 1;
        let delay = (self.delay)(n, Clock::Tokio.now());
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            SimulatedAnswer::whole(200, KSERVE_ANSWER)
        })
    }
}

fn kserve(delay: impl Fn(u64, Instant) -> Duration + Send + Sync + 'static) -> Arc<Kserve> {
    Arc::new(Kserve { served: AtomicU64::new(0), delay: Box::new(delay) })
}

/// Answers in 1 ms, except that when request `stalling` arrives the server stands still for
/// exactly a second: that request and every one arriving during the second are answered 1 ms
/// after it ends.
fn stalls_at(stalling: u64) -> Arc<Kserve> {
    let stall_end = Mutex::new(None::<Instant>);
    kserve(move |n, now| {
        let mut end = stall_end.lock().unwrap();
        if n == stalling {
            *end = Some(now + SECOND);
        }
        let resumes = end.map_or(now, |end| end.max(now));
        resumes - now + MS
    })
}

/// An OpenAI-style endpoint streaming `tokens` content events, the first `first` after the
/// request and the rest `gap` apart, then the usage and `[DONE]`.
struct Sse {
    tokens: u32,
    first: Duration,
    gap: Duration,
}

impl SimulatedServer for Sse {
    fn post(&self, _body: Bytes) -> Pin<Box<dyn Future<Output = SimulatedAnswer> + Send + '_>> {
        let (tokens, first, gap) = (self.tokens, self.first, self.gap);
        Box::pin(async move {
            let (sender, body) = tokio::sync::mpsc::channel(4);
            // The head goes out at once; the events follow as they are "generated".
            tokio::spawn(async move {
                tokio::time::sleep(first).await;
                for i in 0..tokens {
                    if i > 0 {
                        tokio::time::sleep(gap).await;
                    }
                    let event =
                        format!("data: {{\"choices\":[{{\"delta\":{{\"content\":\"w{i} \"}}}}]}}\n\n");
                    let _ = sender.send(event.into()).await;
                }
                let end = format!(
                    "data: {{\"choices\":[],\"usage\":{{\"completion_tokens\":{tokens}}}}}\n\ndata: [DONE]\n\n"
                );
                let _ = sender.send(end.into()).await;
            });
            SimulatedAnswer { status: 200, body }
        })
    }
}

fn config(kind: TargetKind, model: &str, scenario: Scenario, seconds: f64) -> BenchConfig {
    BenchConfig {
        name: String::new(),
        target: BenchTarget {
            kind,
            // Parsed and checked like any target's, never connected to.
            url: "http://127.0.0.1:9".into(),
            model: model.into(),
            timeout_ms: 5_000,
            ..BenchTarget::default()
        },
        input: BenchInput::default(),
        scenario,
        settings: RunSettings {
            duration_s: seconds,
            warmup_requests: 5,
            min_duration_s: seconds * 0.9,
            window_s: 0.5,
            ..Default::default()
        },
        profile: None,
    }
}

async fn run(config: &BenchConfig, server: Arc<dyn SimulatedServer>) -> BenchRecord {
    let live = LiveRun::with_clock("run-virtual".into(), planned_phases(&config.scenario), Clock::Tokio);
    let record = run_simulated(config, &live, server).await;
    assert_eq!(record.state, RunState::Completed, "{:?}", record.message);
    record
}

/// The statistics of exactly these latencies, each `(value, how many)`.
fn stats_of(latencies: impl IntoIterator<Item = (Duration, u64)>) -> LatencyStats {
    let mut recorder = Recorder::default();
    for (latency, count) in latencies {
        for _ in 0..count {
            recorder.record(latency);
        }
    }
    recorder.stats()
}

/// `got` is `exact` within the recorders' precision (3 significant digits: under 0.1%).
fn assert_hdr(got: f64, exact: f64, what: &str) {
    assert!((got - exact).abs() <= exact * 0.001, "{what}: {got} ms, expected {exact} ms");
}

#[tokio::test(start_paused = true)]
async fn an_open_loop_run_shows_a_stall_that_a_closed_loop_run_hides() {
    // The cold start and 5 warm-ups are requests 1 to 6, so the stall starts at measured request
    // 300 (index 299), due at 299 × 5 ms = 1495 ms into the phase.
    let open = run(
        &config(
            TargetKind::KserveV2,
            "tiny",
            Scenario::Server { rate_per_s: 200.0, arrivals: ArrivalProcess::Constant },
            4.0,
        ),
        stalls_at(306),
    )
    .await;
    assert_eq!(open.cold_start_ms, Some(1.0));
    assert_eq!(open.warmup_requests_sent, 6);
    let phase = &open.phases[0];
    // Due every 5 ms for 4 s, whatever the server does.
    assert_eq!((phase.scheduled, phase.completed), (800, 800));
    assert_eq!(phase.scheduled_throughput, 200.0);
    // The 200 requests due during the stall (1495 to 2490 ms) are all answered at 2496 ms:
    // 1001, 996, …, 6 ms after they were due. The other 600 take 1 ms.
    let stalled = (0..200u32).map(|j| (MS * (1001 - 5 * j), 1));
    let expected = stats_of(std::iter::once((MS, 600)).chain(stalled));
    assert_eq!(phase.latency, expected);
    assert_eq!(phase.latency.p50_ms, 1.0);
    assert_hdr(phase.latency.p90_ms, 601.0, "p90"); // the 720th of 800: the 120th stalled
    assert_hdr(phase.latency.p99_ms, 961.0, "p99"); // the 792nd: the 192nd stalled
    assert_hdr(phase.latency.max_ms, 1001.0, "max");
    // The client sent every request when it was due (the recorder's floor is 1 µs), so the
    // whole delay is the server's: service time and latency are the same figures.
    let lag = phase.send_lag.unwrap();
    assert_eq!((lag.count, lag.max_ms), (800, 0.001));
    assert_eq!(phase.service_time.unwrap(), expected);
    assert!(!phase.validity.client_saturated && phase.validity.valid, "{:?}", phase.validity.reasons);

    let closed =
        run(&config(TargetKind::KserveV2, "tiny", Scenario::SingleStream, 4.0), stalls_at(306)).await;
    let phase = &closed.phases[0];
    // One stream waits out the second once and carries on: 299 answers in the first 299 ms, the
    // stalled one at 1300 ms, then one a millisecond to 4000 ms, when the last three 0.5 s
    // windows are stable and the phase stops.
    assert_eq!(phase.completed, 3000);
    assert_eq!(phase.latency, stats_of([(MS, 2999), (MS * 1001, 1)]));
    assert_eq!(phase.latency.p99_ms, 1.0, "the stall is not in the closed loop's tail");
    assert_hdr(phase.latency.max_ms, 1001.0, "closed-loop max");
    assert_eq!(phase.windows, [598.0, 0.0, 400.0, 1000.0, 1000.0, 1000.0, 1000.0, 1000.0]);
    assert_eq!((phase.duration_s, phase.validity.stable), (4.0, Some(true)));
}

/// The rates a max-throughput search stepped through, and whether each met the SLO.
fn steps(record: &BenchRecord) -> Vec<(f64, bool)> {
    record.phases.iter().map(|p| (p.target_rate.unwrap(), p.meets_slo.unwrap())).collect()
}

fn search(p99_slo_ms: f64, start_rate_per_s: f64, steps: u32) -> BenchConfig {
    let mut config = config(
        TargetKind::KserveV2,
        "tiny",
        Scenario::MaxThroughput { p99_slo_ms, start_rate_per_s, steps },
        1.0,
    );
    config.settings.min_duration_s = 0.5;
    config
}

#[tokio::test(start_paused = true)]
async fn the_max_throughput_search_doubles_while_the_slo_holds() {
    let record = run(&search(5.0, 10.0, 5), kserve(|_, _| MS)).await;
    assert_eq!(steps(&record), [(10.0, true), (20.0, true), (40.0, true), (80.0, true), (160.0, true)]);
    for phase in &record.phases {
        // Poisson arrivals fall between the virtual clock's millisecond ticks, so a request goes
        // out up to a millisecond after it was due; the server's part is exactly 1 ms, and the
        // latency, counted from the due instant, is the two together.
        let (lag, service) = (phase.send_lag.unwrap(), phase.service_time.unwrap());
        assert_eq!((service.p50_ms, service.max_ms), (1.0, 1.0), "{}", phase.label);
        assert!(lag.max_ms > 0.001 && lag.max_ms < 1.0, "{}: {lag:?}", phase.label);
        assert!(phase.latency.max_ms > 1.0 && phase.latency.max_ms < 2.0, "{:?}", phase.latency);
        assert!(!phase.validity.client_saturated);
    }
}

#[tokio::test(start_paused = true)]
async fn the_max_throughput_search_halves_while_the_slo_fails() {
    // Every answer takes 20 ms, so a 10 ms p99 fails at any rate.
    let record = run(&search(10.0, 40.0, 3), kserve(|_, _| 20 * MS)).await;
    assert_eq!(steps(&record), [(40.0, false), (20.0, false), (10.0, false)]);
    for phase in &record.phases {
        assert_hdr(phase.service_time.unwrap().p50_ms, 20.0, "service p50");
        assert_hdr(phase.service_time.unwrap().max_ms, 20.0, "service max");
        assert!(phase.latency.p50_ms >= 20.0 && phase.latency.max_ms < 21.0 * 1.001, "{:?}", phase.latency);
    }
}

#[tokio::test(start_paused = true)]
async fn the_max_throughput_search_bisects_between_a_pass_and_a_fail() {
    // Answers take 1 ms until 3 s into the run and 20 ms from then on. A step ends when its
    // last answer is back: the cold start and warm-up take 6 ms, and this seed's steps at 5, 10
    // and 20/s 0.444, 1 and 1 s, so they pass; the step at 40/s runs from 2.45 to 3.455 s and
    // fails on its slow part. From then on the search halves the gap between the best pass (20/s) and
    // the lowest fail.
    let slows = Clock::Tokio.now() + 3 * SECOND;
    let record =
        run(&search(10.0, 5.0, 7), kserve(move |_, now| if now < slows { MS } else { 20 * MS })).await;
    assert_eq!(
        steps(&record),
        [(5.0, true), (10.0, true), (20.0, true), (40.0, false), (30.0, false), (25.0, false), (22.5, false)]
    );
    let straddling = &record.phases[3].latency;
    assert!(straddling.p50_ms < 2.0 && straddling.max_ms >= 20.0, "{straddling:?}");
    let durations: Vec<f64> = record.phases[..4].iter().map(|p| p.duration_s).collect();
    assert_eq!(durations, [0.444, 1.0, 1.0, 1.005]);
}

#[tokio::test(start_paused = true)]
async fn a_token_stream_is_timed_per_token() {
    let stream = || Arc::new(Sse { tokens: 16, first: 40 * MS, gap: 10 * MS });
    let llm = |ttft_slo_ms: f64, itl_slo_ms: f64| {
        let mut c = config(
            TargetKind::Openai,
            "fake-llm",
            Scenario::LlmStream { concurrency: 2, ttft_slo_ms, itl_slo_ms },
            2.0,
        );
        c.settings.warmup_requests = 1;
        c
    };
    // SLOs exactly at the stream's timings: met, since an SLO is a bound a request may reach.
    let record = run(&llm(40.0, 10.0), stream()).await;
    // A request is 40 ms to the first token and 15 gaps of 10 ms: 190 ms.
    assert_eq!(record.cold_start_ms, Some(190.0));
    let phase = &record.phases[0];
    let n = phase.completed;
    // Two streams finishing together every 190 ms fill 0.5 s windows with 4 or 6 answers, which
    // never settle, so the phase runs its full 2 × 2 s: 21 rounds, and the 22nd then in flight.
    assert_eq!(n, 44);
    assert_eq!(phase.latency, stats_of([(190 * MS, n)]));
    let llm_stats = phase.llm.as_ref().unwrap();
    assert_eq!(llm_stats.time_to_first_token, stats_of([(40 * MS, n)]));
    assert_eq!(llm_stats.inter_token, stats_of([(10 * MS, 15 * n)]));
    assert_hdr(llm_stats.time_to_first_token.p99_ms, 40.0, "ttft p99");
    assert_hdr(llm_stats.inter_token.max_ms, 10.0, "inter-token max");
    assert_eq!(llm_stats.output_tokens, 16 * n);
    // 15 tokens in the 150 ms after the first.
    assert!(
        (llm_stats.tokens_per_s_per_request - 100.0).abs() < 1e-9,
        "{}",
        llm_stats.tokens_per_s_per_request
    );
    assert_eq!(llm_stats.goodput_fraction, 1.0);
    assert!((llm_stats.goodput_rps - phase.completed_throughput).abs() < 1e-9);

    // A microsecond under either timing and no request is good.
    for (ttft, itl) in [(39.999, 10.0), (40.0, 9.999)] {
        let record = run(&llm(ttft, itl), stream()).await;
        let llm_stats = record.phases[0].llm.as_ref().unwrap();
        assert_eq!((llm_stats.goodput_fraction, llm_stats.goodput_rps), (0.0, 0.0), "SLO {ttft}/{itl} ms");
    }
}
