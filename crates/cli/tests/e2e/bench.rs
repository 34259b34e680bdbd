//! `archboard bench` against a real KServe v2 server on loopback: MLServer from PyPI serving a
//! tiny ONNX model through onnxruntime (installed by scripts/bootstrap.sh). Runs a concurrency
//! sweep and an open-loop run, judges them against two hardware profiles, exports a record and
//! imports it into another board, and checks the errors a wrong model and a dead port give.

use crate::archboard;
use archboard_tests::{MlServer, free_port};
use std::process::Output;

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn bench_runs_against_mlserver_are_judged_exported_and_imported() {
    let server = MlServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");

    let sweep = archboard(
        &db,
        &[
            "bench",
            "run",
            "--url",
            &server.url,
            "--model",
            "tiny",
            "--scenario",
            "concurrency-sweep",
            "--concurrency",
            "2",
            "--duration",
            "2",
            "--min-duration",
            "1",
            "--window",
            "0.5",
            "--flops",
            "128",
            "--bytes-moved",
            "352",
            "--model-bytes",
            "457",
            "--profile",
            "hw.x86-small",
            "--judge",
            "hw.x86-small",
            "--judge",
            "hw.jetson-orin-nano",
        ],
    );
    let stderr = String::from_utf8_lossy(&sweep.stderr).to_string();
    let table = ok(sweep);
    // Live progress went to the terminal's error stream while it ran.
    assert!(stderr.contains("concurrency 2, window"), "{stderr}");
    assert!(table.contains("concurrency 1") && table.contains("concurrency 2"), "{table}");
    assert!(table.contains("Against x86 CPU, small"), "{table}");
    assert!(table.contains("Against NVIDIA Jetson Orin Nano"), "{table}");
    assert!(table.contains("roofline floor (estimate)"), "{table}");
    assert!(table.contains("via http"), "{table}");

    let open = ok(archboard(
        &db,
        &[
            "bench",
            "run",
            "--url",
            &server.url,
            "--model",
            "tiny",
            "--scenario",
            "server",
            "--rate",
            "50",
            "--arrivals",
            "constant",
            "--duration",
            "2",
            "--min-duration",
            "1",
            "--json",
        ],
    ));
    let record: serde_json::Value = serde_json::from_str(&open).unwrap();
    let phase = &record["phases"][0];
    assert_eq!(record["state"], "completed");
    assert!((95..=105).contains(&phase["scheduled"].as_u64().unwrap()), "{phase}");
    assert!(phase["send_lag"]["count"].as_u64().unwrap() > 90);
    assert!(phase["latency"]["p50_ms"].as_f64().unwrap() > 0.0);
    assert!(record["target"]["server_info"].as_str().unwrap().contains("tiny"));
    assert!(!record["environment"]["cpu_model"].as_str().unwrap().is_empty());

    let list: serde_json::Value =
        serde_json::from_str(&ok(archboard(&db, &["bench", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let sweep_id =
        list.as_array().unwrap().iter().find(|r| r["scenario"] == "concurrency sweep").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

    let charts = dir.path().join("charts");
    ok(archboard(&db, &["bench", "show", &sweep_id, "--charts", charts.to_str().unwrap()]));
    let cdf = std::fs::read_to_string(charts.join(format!("{sweep_id}-cdf.svg"))).unwrap();
    assert!(cdf.starts_with("<svg") && cdf.contains("concurrency 1"));
    assert!(charts.join(format!("{sweep_id}-throughput-latency.svg")).exists());

    let exported = dir.path().join("run.json");
    ok(archboard(&db, &["bench", "export", &sweep_id, "-o", exported.to_str().unwrap()]));
    let other = dir.path().join("other.db");
    let imported = ok(archboard(&other, &["bench", "import", exported.to_str().unwrap()]));
    assert!(imported.contains(&sweep_id), "{imported}");
    let compared = ok(archboard(&other, &["bench", "compare", &sweep_id, "--profile", "hw.nvidia-t4"]));
    assert!(compared.contains("Against NVIDIA T4"), "{compared}");

    // A wrong model name and a dead port are refused with a sentence and an exit code.
    let wrong = archboard(&db, &["bench", "run", "--url", &server.url, "--model", "nope", "--duration", "1"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("no model called `nope`"));
    let dead = format!("http://127.0.0.1:{}", free_port());
    let unreachable = archboard(&db, &["bench", "run", "--url", &dead, "--model", "tiny", "--duration", "1"]);
    assert!(!unreachable.status.success());
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("Cannot reach"));
    let unknown =
        archboard(&db, &["bench", "run", "--url", &server.url, "--model", "tiny", "--judge", "hw.nope"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("hw.nope"));
}
