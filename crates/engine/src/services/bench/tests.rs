//! Tests of the benchmark operations against a real board file and servers on loopback that show
//! faults a real inference server cannot be made to show on demand: failing and malformed
//! answers, an unreachable target, a cancel mid-run. One wall-clock smoke test runs the real
//! clock and sockets (the open-loop dispatcher over hyper, a token stream over reqwest) and
//! asserts only facts no machine load can change; the exact timings (the coordinated-omission
//! stall, the max-throughput search, per-token timing) are checked in virtual time by
//! `crates/loadgen/tests/virtual_time.rs`. The real KServe v2 server (MLServer) is exercised by
//! the end-to-end tests.

use super::*;
use crate::services::test_board;
use archboard_types::ErrorCode;
use archboard_types::bench::{
    ArrivalProcess, BenchInput, BenchTarget, LatencyStats, RunSettings, Scenario, TargetKind, Verdict,
};
use archboard_types::files::FileContents;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How the fake KServe server answers inference requests.
#[derive(Clone, Copy)]
pub(crate) enum Behaviour {
    Fast,
    /// Every third request answers 500.
    FailEveryThird,
    /// Answers 200 with a body that is not JSON.
    Malformed,
}

struct FakeState {
    behaviour: Behaviour,
    served: AtomicU64,
}

async fn infer(State(state): State<Arc<FakeState>>, UrlPath(model): UrlPath<String>) -> (StatusCode, String) {
    if model != "tiny" {
        return (StatusCode::NOT_FOUND, format!("{{\"error\":\"Model {model} not found\"}}"));
    }
    let n = state.served.fetch_add(1, Ordering::SeqCst) + 1;
    match state.behaviour {
        Behaviour::Fast => {}
        Behaviour::FailEveryThird if n % 3 == 0 => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":\"boom\"}".into());
        }
        Behaviour::FailEveryThird => {}
        Behaviour::Malformed => return (StatusCode::OK, "<html>not json</html>".into()),
    }
    (
        StatusCode::OK,
        r#"{"model_name":"tiny","outputs":[{"name":"output","shape":[1,1],"datatype":"FP32","data":[1.0]}]}"#
            .into(),
    )
}

async fn metadata(UrlPath(model): UrlPath<String>) -> (StatusCode, String) {
    if model == "tiny" {
        (StatusCode::OK, r#"{"name":"tiny","platform":"fake"}"#.into())
    } else {
        (StatusCode::NOT_FOUND, format!("{{\"error\":\"Model {model} not found\"}}"))
    }
}

/// Starts the fake KServe server on a loopback port in its own runtime; returns its base URL.
pub(crate) fn kserve_server(behaviour: Behaviour) -> String {
    let state = Arc::new(FakeState { behaviour, served: AtomicU64::new(0) });
    let app = Router::new()
        .route("/v2/models/{model}/infer", post(infer))
        .route("/v2/models/{model}", get(metadata))
        .route("/score", post(|| async { r#"{"score":0.9}"# }))
        .with_state(state);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{address}")
}

/// An OpenAI-style endpoint streaming `tokens` chunks: the first after `first`, then one every
/// `gap`, then usage and `[DONE]`. Raw HTTP/1.1 over TCP, one request per connection.
fn sse_server(tokens: u32, first: Duration, gap: Duration) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    // Read the head and a body of Content-Length bytes.
                    loop {
                        let n = socket.read(&mut buffer).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&buffer[..n]);
                        let text = String::from_utf8_lossy(&request).to_string();
                        if let Some(end) = text.find("\r\n\r\n") {
                            let length: usize = text
                                .lines()
                                .find_map(|l| l.to_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(0);
                            if request.len() >= end + 4 + length {
                                break;
                            }
                        }
                    }
                    let head = String::from_utf8_lossy(&request);
                    if head.starts_with("GET /v1/models") {
                        let body = r#"{"data":[{"id":"fake-llm"}]}"#;
                        let _ = socket
                            .write_all(format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes())
                            .await;
                        return;
                    }
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
                        .await;
                    tokio::time::sleep(first).await;
                    for i in 0..tokens {
                        if i > 0 {
                            tokio::time::sleep(gap).await;
                        }
                        let event = format!("data: {{\"choices\":[{{\"delta\":{{\"content\":\"w{i} \"}}}}]}}\n\n");
                        if socket.write_all(event.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    let usage = format!("data: {{\"choices\":[],\"usage\":{{\"completion_tokens\":{tokens}}}}}\n\ndata: [DONE]\n\n");
                    let _ = socket.write_all(usage.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
    });
    format!("http://{address}")
}

pub(crate) fn config(
    kind: TargetKind,
    url: &str,
    model: &str,
    scenario: Scenario,
    seconds: f64,
) -> BenchConfig {
    BenchConfig {
        name: String::new(),
        target: BenchTarget {
            kind,
            url: url.into(),
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

/// Polls until the run has ended and its record is stored.
fn wait(services: &mut Services, run: &BenchRunRef) -> BenchProgress {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let progress = services.bench_progress(run.clone()).unwrap();
        if progress.is_finished() {
            return progress;
        }
        assert!(Instant::now() < deadline, "the run did not end: {progress:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn run_to_end(services: &mut Services, config: BenchConfig) -> BenchRecord {
    let run = services.bench_start(config).unwrap();
    let progress = wait(services, &run);
    services.bench_get(BenchRef { id: progress.record_id.expect("stored") }).unwrap()
}

/// Latencies that are real measurements: positive and in order.
fn assert_ordered(what: &str, stats: &LatencyStats) {
    assert!(
        stats.count > 0 && stats.p50_ms > 0.0 && stats.p50_ms <= stats.p99_ms && stats.p99_ms <= stats.max_ms,
        "{what}: {stats:?}"
    );
}

/// The real path end to end: the real clock, the open-loop dispatcher's own thread and OS sleeps,
/// hyper to a loopback server; then a token stream read through reqwest. Only what no machine
/// load can change is asserted: how many requests the schedule holds, that each is accounted for,
/// and that the latencies are measurements.
#[test]
fn a_real_run_over_loopback_completes_and_counts_its_requests() {
    let (_dir, mut services) = test_board();
    let url = kserve_server(Behaviour::Fast);
    let open = run_to_end(
        &mut services,
        config(
            TargetKind::KserveV2,
            &url,
            "tiny",
            Scenario::Server { rate_per_s: 200.0, arrivals: ArrivalProcess::Constant },
            1.0,
        ),
    );
    assert_eq!(open.state, RunState::Completed, "{:?}", open.message);
    assert!(open.cold_start_ms.unwrap() > 0.0);
    assert_eq!(open.warmup_requests_sent, 6);
    let phase = &open.phases[0];
    // The schedule is fixed in advance: 200 due in the second, each answered or counted failed.
    assert_eq!(phase.scheduled, 200);
    assert_eq!(phase.completed + phase.errors.total(), 200);
    assert!(phase.completed > 0);
    assert_ordered("open-loop latency", &phase.latency);
    assert_ordered("service time", &phase.service_time.unwrap());
    // Every request sent had its send lag measured; only those the client refused had none.
    assert_eq!(phase.send_lag.unwrap().count + phase.errors.client_overload, 200);

    let mut llm = config(
        TargetKind::Openai,
        &sse_server(16, Duration::from_millis(4), Duration::from_millis(1)),
        "fake-llm",
        Scenario::LlmStream { concurrency: 2, ttft_slo_ms: 1000.0, itl_slo_ms: 1000.0 },
        1.0,
    );
    llm.settings.warmup_requests = 1;
    let record = run_to_end(&mut services, llm);
    assert_eq!(record.state, RunState::Completed, "{:?}", record.message);
    let phase = &record.phases[0];
    assert!(phase.completed > 0);
    let stats = phase.llm.as_ref().unwrap();
    // The server's usage line says 16 tokens per answer, and 16 content events came.
    assert_eq!(stats.output_tokens, 16 * phase.completed);
    assert_eq!(stats.inter_token.count, 15 * phase.completed);
    assert_ordered("time to first token", &stats.time_to_first_token);
    assert_ordered("inter-token gap", &stats.inter_token);
    assert_ordered("stream latency", &phase.latency);
}

#[test]
fn faults_end_runs_with_a_clear_outcome_and_keep_what_was_measured() {
    let (_dir, mut services) = test_board();
    // Nothing listens on this port.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let unreachable = run_to_end(
        &mut services,
        config(
            TargetKind::KserveV2,
            &format!("http://127.0.0.1:{closed_port}"),
            "tiny",
            Scenario::SingleStream,
            1.0,
        ),
    );
    assert_eq!(unreachable.state, RunState::Failed);
    assert!(unreachable.message.as_deref().unwrap().contains("Cannot reach"), "{:?}", unreachable.message);

    let url = kserve_server(Behaviour::Fast);
    let wrong_model =
        run_to_end(&mut services, config(TargetKind::KserveV2, &url, "tiny2", Scenario::SingleStream, 1.0));
    assert_eq!(wrong_model.state, RunState::Failed);
    assert!(
        wrong_model.message.as_deref().unwrap().contains("no model called `tiny2`"),
        "{:?}",
        wrong_model.message
    );

    let failing_url = kserve_server(Behaviour::FailEveryThird);
    let mut failing_config = config(TargetKind::KserveV2, &failing_url, "tiny", Scenario::SingleStream, 1.0);
    failing_config.settings.warmup_requests = 0;
    let failing = run_to_end(&mut services, failing_config);
    let phase = &failing.phases[0];
    let fives = phase.errors.http_status.get(&500).copied().unwrap_or(0);
    assert!(
        fives > 0 && (fives as f64 / (phase.completed + fives) as f64 - 1.0 / 3.0).abs() < 0.05,
        "{fives}"
    );
    assert!(!phase.validity.valid);
    assert!(phase.errors.examples["http_status"].contains("HTTP 500"), "{:?}", phase.errors.examples);

    let malformed_url = kserve_server(Behaviour::Malformed);
    let malformed = run_to_end(
        &mut services,
        config(TargetKind::KserveV2, &malformed_url, "tiny", Scenario::SingleStream, 1.0),
    );
    assert_eq!(malformed.state, RunState::Failed);
    assert!(malformed.message.as_deref().unwrap().contains("not JSON"), "{:?}", malformed.message);

    // Every one of those is on the board, marked.
    let list = services.bench_list(BenchListQuery::default()).unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list.iter().filter(|r| r.state == RunState::Failed).count(), 3);
    assert!(list.iter().all(|r| !r.valid));
}

#[test]
fn a_cancelled_run_keeps_its_partial_phase_marked() {
    let (_dir, mut services) = test_board();
    let url = kserve_server(Behaviour::Fast);
    let run = services
        .bench_start(config(
            TargetKind::KserveV2,
            &url,
            "tiny",
            Scenario::ConcurrencySweep { max_concurrency: 4 },
            30.0,
        ))
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let during = services.bench_progress(run.clone()).unwrap();
    assert_eq!(during.state, RunState::Running);
    assert!(during.completed > 0 && during.p50_ms > 0.0, "{during:?}");
    services.bench_cancel(run.clone()).unwrap();
    let progress = wait(&mut services, &run);
    assert_eq!(progress.state, RunState::Cancelled);
    let record = services.bench_get(BenchRef { id: run.id.clone() }).unwrap();
    assert_eq!(record.state, RunState::Cancelled);
    assert_eq!(record.phases.len(), 1, "only the first level ran");
    assert!(record.phases[0].completed > 0);
    assert!(record.phases[0].validity.reasons.iter().any(|r| r.contains("cancelled")));
    assert_eq!(services.bench_delete(BenchRef { id: run.id.clone() }).unwrap(), Empty {});
    assert_eq!(services.bench_get(BenchRef { id: run.id }).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn records_round_trip_through_export_and_import_and_are_judged_against_profiles() {
    let (_dir, mut services) = test_board();
    let url = kserve_server(Behaviour::Fast);
    let mut sweep =
        config(TargetKind::KserveV2, &url, "tiny", Scenario::ConcurrencySweep { max_concurrency: 2 }, 1.0);
    sweep.input.flops = Some(2.0 * 16.0 * 4.0);
    sweep.input.bytes_moved = Some(4.0 * (16.0 * 4.0 + 4.0 + 16.0 + 4.0));
    sweep.input.model_bytes = Some(457.0);
    sweep.profile = Some("hw.x86-small".into());
    let record = run_to_end(&mut services, sweep);
    assert_eq!(record.phases.len(), 2);

    // A generous CPU profile passes; an edge profile with a tight price cap judges the cost.
    let small = services
        .bench_evaluate(BenchEvaluateRequest { id: record.id.clone(), profile: "hw.x86-small".into() })
        .unwrap();
    assert_eq!(small.verdict, Verdict::Pass, "{small:?}");
    let cost = small.cost_per_1k.unwrap();
    let expected = small.price_per_hour / (small.sustained_rps * 3600.0) * 1000.0;
    assert!((cost - expected).abs() < 1e-12);
    let roofline = small.roofline.as_ref().unwrap();
    assert!(roofline.floor_ms > 0.0 && roofline.measured_over_floor > 1.0, "{roofline:?}");
    assert_eq!(small.fits_memory, Some(true));
    let h100 = services
        .bench_evaluate(BenchEvaluateRequest { id: record.id.clone(), profile: "hw.nvidia-h100-sxm".into() })
        .unwrap();
    assert!(h100.notes.iter().any(|n| n.contains("represent `hw.x86-small`")), "{:?}", h100.notes);
    assert_eq!(
        services
            .bench_evaluate(BenchEvaluateRequest { id: record.id.clone(), profile: "kpi.nope".into() })
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );

    let charts = services.bench_charts(BenchRef { id: record.id.clone() }).unwrap();
    assert!(charts.histogram_svg.starts_with("<svg") && charts.histogram_svg.contains("p99"));
    assert!(charts.cdf_svg.contains("concurrency 2"));
    assert!(charts.throughput_latency_svg.unwrap().contains("Throughput against latency"));

    let export = services.bench_export(BenchRef { id: record.id.clone() }).unwrap();
    assert_eq!(export.path, format!("{}.json", record.id));
    let export_json = export.content.as_text().unwrap().to_owned();
    let (_other_dir, mut other) = test_board();
    let imported = other
        .bench_import(BenchImportRequest { file_name: export.path.clone(), json: export_json.clone() })
        .unwrap();
    assert!(imported.imported);
    let back = other.bench_get(BenchRef { id: record.id.clone() }).unwrap();
    assert_eq!(back.phases, record.phases);
    assert_eq!(back.imported_from.as_deref(), Some(export.path.as_str()));
    let again = other
        .bench_import(BenchImportRequest { file_name: "x.json".into(), json: export_json.clone() })
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);

    // A damaged file is refused with where it is damaged, and nothing is written.
    let damaged = export_json.replacen("\"completed\"", "\"completd\"", 1);
    let error = other
        .bench_import(BenchImportRequest { file_name: "damaged.json".into(), json: damaged })
        .unwrap_err();
    assert!(
        error.message.starts_with("damaged.json, line ") && error.message.contains("completd"),
        "{error}"
    );
    let newer =
        export_json.replacen("\"format\": 1", "\"format\": 99", 1).replacen(&record.id, "run-newer", 1);
    let error =
        other.bench_import(BenchImportRequest { file_name: "newer.json".into(), json: newer }).unwrap_err();
    assert!(error.message.contains("newer Archboard"), "{error}");
    let escaping = export_json.replacen(&record.id, "../../escape", 1);
    let error = other
        .bench_import(BenchImportRequest { file_name: "escape.json".into(), json: escaping })
        .unwrap_err();
    assert!(error.message.contains("must be letters"), "{error}");
    assert_eq!(other.bench_list(BenchListQuery::default()).unwrap().len(), 1);

    // Histogram counts that overflow a 64-bit total are refused, not wrapped into agreement.
    let mut overflowing: serde_json::Value = serde_json::from_str(&export_json).unwrap();
    overflowing["id"] = "run-overflow".into();
    overflowing["phases"][0]["histogram"]["buckets"] = serde_json::json!([[100, u64::MAX], [200, 2]]);
    overflowing["phases"][0]["latency"]["count"] = 1.into();
    let error = other
        .bench_import(BenchImportRequest { file_name: "overflow.json".into(), json: overflowing.to_string() })
        .unwrap_err();
    assert!(error.message.contains("overflow"), "{error}");
    assert_eq!(other.bench_list(BenchListQuery::default()).unwrap().len(), 1);

    let comparison = services
        .bench_compare(BenchCompareRequest {
            ids: vec![record.id.clone()],
            profiles: vec!["hw.x86-small".into(), "hw.nvidia-t4".into()],
        })
        .unwrap();
    assert_eq!(comparison.evaluations[0].len(), 2);
    assert!(comparison.cdf_svg.starts_with("<svg"));
}

#[test]
fn bad_configurations_are_refused_before_anything_runs() {
    let (_dir, mut services) = test_board();
    let refuse = |services: &mut Services, config: BenchConfig| services.bench_start(config).unwrap_err();
    let base = config(TargetKind::KserveV2, "http://127.0.0.1:9", "tiny", Scenario::SingleStream, 1.0);
    let mut bad = base.clone();
    bad.target.url = "not a url".into();
    assert_eq!(refuse(&mut services, bad).field.as_deref(), Some("target.url"));
    let mut bad = base.clone();
    bad.scenario = Scenario::Server { rate_per_s: 0.0, arrivals: ArrivalProcess::Poisson };
    assert_eq!(refuse(&mut services, bad).field.as_deref(), Some("scenario.rate_per_s"));
    let mut bad = base.clone();
    bad.scenario = Scenario::LlmStream { concurrency: 1, ttft_slo_ms: 1.0, itl_slo_ms: 1.0 };
    assert_eq!(refuse(&mut services, bad).field.as_deref(), Some("scenario"));
    let mut bad = base.clone();
    bad.profile = Some("hw.nope".into());
    assert_eq!(refuse(&mut services, bad).field.as_deref(), Some("profile"));
    let mut bad = base.clone();
    bad.target.auth = Some(archboard_types::bench::AuthRef {
        scheme: archboard_types::bench::AuthScheme::Bearer,
        secret: "env:ARCHBOARD_TEST_UNSET_TOKEN".into(),
    });
    let error = refuse(&mut services, bad);
    assert_eq!(error.field.as_deref(), Some("target.auth"));
    assert!(error.message.contains("ARCHBOARD_TEST_UNSET_TOKEN"));
    let mut bad = base;
    bad.target.kind = TargetKind::GenericJson;
    assert_eq!(refuse(&mut services, bad).field.as_deref(), Some("target.body_file"));
    assert!(services.bench_list(BenchListQuery::default()).unwrap().is_empty());
}

#[test]
fn a_local_onnx_model_runs_in_process_through_onnx_runtime() {
    let (_dir, mut services) = test_board();
    let model = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/bench/mlserver/tiny.onnx");
    assert!(
        archboard_loadgen::onnx::find_library().is_some(),
        "no ONNX Runtime library: scripts/bootstrap.sh installs the onnxruntime wheel"
    );
    let mut onnx = config(
        TargetKind::LocalOnnx,
        model.to_str().unwrap(),
        "",
        Scenario::Offline { batch_sizes: vec![1, 8], concurrency: 2 },
        1.0,
    );
    onnx.input.name = "x".into(); // not the model's input name: its only input is used instead
    let record = run_to_end(&mut services, onnx);
    assert_eq!(record.state, RunState::Completed, "{:?}", record.message);
    assert!(record.target.runtime.contains("onnxruntime"), "{}", record.target.runtime);
    assert_eq!(record.target.onnx_sha256.as_deref().map(str::len), Some(64));
    assert_eq!(record.phases.len(), 2);
    let (one, eight) = (&record.phases[0], &record.phases[1]);
    assert_eq!((one.batch, eight.batch), (1, 8));
    assert!(one.completed > 100 && eight.completed > 100, "{} {}", one.completed, eight.completed);
    assert!((eight.samples_per_s - eight.completed_throughput * 8.0).abs() < 1e-6);
    assert!(record.cold_start_ms.unwrap() > 0.0);

    // A missing file and an input the model cannot take are refused up front or named.
    let mut missing =
        config(TargetKind::LocalOnnx, "/nonexistent/model.onnx", "", Scenario::SingleStream, 1.0);
    assert_eq!(services.bench_start(missing.clone()).unwrap_err().field.as_deref(), Some("target.url"));
    missing.target.url = model.to_str().unwrap().into();
    missing.input.shape = vec![1, 3];
    let wrong = run_to_end(&mut services, missing);
    assert_eq!(wrong.state, RunState::Failed);
    assert!(wrong.message.as_deref().unwrap().contains("inference failed"), "{:?}", wrong.message);
}

#[test]
fn a_generic_json_target_posts_the_body_file() {
    let (dir, mut services) = test_board();
    let url = kserve_server(Behaviour::Fast);
    let body = dir.path().join("request.json");
    let request = r#"{"features":[1,2,3]}"#;
    std::fs::write(&body, request).unwrap();
    let mut generic =
        config(TargetKind::GenericJson, &format!("{url}/score"), "", Scenario::SingleStream, 1.0);
    generic.target.body_file = Some(FileContents::new("body.json", std::fs::read(&body).unwrap()));
    let record = run_to_end(&mut services, generic);
    assert_eq!(record.state, RunState::Completed, "{:?}", record.message);
    assert_eq!(record.input.payload_bytes, request.len() as u64);
    assert!(record.phases[0].completed > 50);
    // A body file that is not JSON is refused before the run.
    std::fs::write(&body, "features=1,2,3").unwrap();
    let mut bad = config(TargetKind::GenericJson, &format!("{url}/score"), "", Scenario::SingleStream, 1.0);
    bad.target.body_file = Some(FileContents::new("body.txt", std::fs::read(&body).unwrap()));
    let error = services.bench_start(bad).unwrap_err();
    assert!(error.message.contains("is not JSON"), "{error}");
}
