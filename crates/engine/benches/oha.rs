//! `make bench-oha` (`cargo bench -p archboard --bench oha`): Archboard's load generator and
//! `oha` against the same loopback server, at the same concurrency (closed loop) and at the same
//! fixed rate (open loop; oha with `--latency-correction`), and the ratios between them.
//!
//! The server is this same executable started again as a separate process (so neither load
//! generator shares a runtime with it): a KServe v2-shaped endpoint answering a small JSON body.
//! Figures are printed, not asserted.

use archboard_engine::Services;
use archboard_engine::services::Adapter;
use archboard_types::bench::{
    ArrivalProcess, BenchConfig, BenchInput, BenchRecord, BenchRef, BenchRunRef, BenchTarget, RunSettings,
    RunState, Scenario, TargetKind,
};
use axum::Router;
use axum::routing::{get, post};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SERVE_ENV: &str = "ARCHBOARD_OHA_BENCH_SERVE";
const ANSWER: &str = r#"{"model_name":"tiny","outputs":[{"name":"output","shape":[1,4],"datatype":"FP32","data":[0.1,0.2,0.3,0.4]}]}"#;

fn serve(port: u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let app = Router::new()
            .route("/v2/models/tiny", get(|| async { r#"{"name":"tiny","platform":"bench"}"# }))
            .route(
                "/v2/models/tiny/infer",
                post(|| async { ([("content-type", "application/json")], ANSWER) }),
            );
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        axum::serve(listener, app).await.unwrap();
    });
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_server() -> (Server, String) {
    let port = free_port();
    let child = Command::new(std::env::current_exe().unwrap())
        .env(SERVE_ENV, port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the bench server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Server(child), format!("http://127.0.0.1:{port}"))
}

fn bench_config(url: &str, scenario: Scenario, seconds: f64) -> BenchConfig {
    BenchConfig {
        name: "oha comparison".into(),
        target: BenchTarget {
            kind: TargetKind::KserveV2,
            url: url.into(),
            model: "tiny".into(),
            model_version: None,
            body_file: None,
            model_file: None,
            auth: None,
            headers: vec![],
            timeout_ms: 10_000,
        },
        input: BenchInput::default(),
        scenario,
        settings: RunSettings {
            duration_s: seconds,
            warmup_requests: 200,
            window_s: 1.0,
            ..Default::default()
        },
        profile: None,
    }
}

fn archboard_run(services: &mut Services, url: &str, scenario: Scenario, seconds: f64) -> BenchRecord {
    let config = bench_config(url, scenario, seconds);
    let run = services.bench_start(config).unwrap();
    loop {
        let progress = services.bench_progress(BenchRunRef { id: run.id.clone() }).unwrap();
        if progress.state != RunState::Running && progress.record_id.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    services.bench_get(BenchRef { id: run.id }).unwrap()
}

/// oha's figures: requests per second and p50/p99 in milliseconds.
struct OhaFigures {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn oha(url: &str, body: &std::path::Path, args: &[&str]) -> OhaFigures {
    let output = Command::new("oha")
        .args([
            "--no-tui",
            "--output-format",
            "json",
            "-m",
            "POST",
            "-H",
            "content-type: application/json",
            "-D",
        ])
        .arg(body)
        .args(args)
        .arg(format!("{url}/v2/models/tiny/infer"))
        .output()
        .expect("oha is installed: cargo install oha --locked (make bench-oha does it)");
    assert!(output.status.success(), "oha failed: {}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let seconds = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN) * 1000.0;
    OhaFigures {
        rps: json["summary"]["requestsPerSec"].as_f64().unwrap_or(f64::NAN),
        p50_ms: seconds(&json["latencyPercentiles"]["p50"]),
        p99_ms: seconds(&json["latencyPercentiles"]["p99"]),
    }
}

fn main() {
    if let Ok(port) = std::env::var(SERVE_ENV) {
        serve(port.parse().unwrap());
        return;
    }
    let seconds: f64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let concurrency: u32 = std::env::var("BENCH_CONCURRENCY").ok().and_then(|s| s.parse().ok()).unwrap_or(16);
    let rate: f64 = std::env::var("BENCH_RATE").ok().and_then(|s| s.parse().ok()).unwrap_or(2000.0);

    let (_server, url) = start_server();
    let dir = tempfile::tempdir().unwrap();
    let mut services = Services::open(&dir.path().join("bench.db"), Adapter::Cli).unwrap();
    // The very body Archboard sends for this configuration, for oha to send too.
    let body = dir.path().join("body.json");
    let generated =
        archboard_loadgen::target::payload(&bench_config(&url, Scenario::SingleStream, seconds), 1).unwrap();
    std::fs::write(&body, &generated.body).unwrap();
    let duration = format!("{seconds}s");
    let c = concurrency.to_string();

    println!("Loopback server: axum, separate process. {seconds} s per measurement.");
    println!("\nClosed loop at concurrency {concurrency}:");
    let ours =
        archboard_run(&mut services, &url, Scenario::Offline { batch_sizes: vec![1], concurrency }, seconds);
    let ours = &ours.phases[0];
    let theirs = oha(&url, &body, &["-c", &c, "-z", &duration]);
    println!(
        "  archboard  {:>10.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms",
        ours.completed_throughput, ours.latency.p50_ms, ours.latency.p99_ms
    );
    println!(
        "  oha        {:>10.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms",
        theirs.rps, theirs.p50_ms, theirs.p99_ms
    );
    println!(
        "  throughput archboard/oha = {:.3}; p99 archboard/oha = {:.3}",
        ours.completed_throughput / theirs.rps,
        ours.latency.p99_ms / theirs.p99_ms
    );

    println!("\nOpen loop at {rate} req/s (constant arrivals; oha -q with --latency-correction):");
    let ours = archboard_run(
        &mut services,
        &url,
        Scenario::Server { rate_per_s: rate, arrivals: ArrivalProcess::Constant },
        seconds,
    );
    let ours = &ours.phases[0];
    let q = rate.to_string();
    let theirs = oha(&url, &body, &["-c", "256", "-q", &q, "--latency-correction", "-z", &duration]);
    println!(
        "  archboard  {:>10.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms  (service time p99 {:.3} ms, send lag p99 {:.3} ms, saturated: {})",
        ours.completed_throughput,
        ours.latency.p50_ms,
        ours.latency.p99_ms,
        ours.service_time.map_or(0.0, |s| s.p99_ms),
        ours.send_lag.map_or(0.0, |l| l.p99_ms),
        ours.validity.client_saturated
    );
    println!(
        "  oha        {:>10.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms",
        theirs.rps, theirs.p50_ms, theirs.p99_ms
    );
    println!(
        "  throughput archboard/oha = {:.3}; p99 archboard/oha = {:.3}",
        ours.completed_throughput / theirs.rps,
        ours.latency.p99_ms / theirs.p99_ms
    );
}
