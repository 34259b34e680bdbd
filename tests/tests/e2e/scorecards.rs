//! KPI scorecards in headless Chromium against `archboard serve` and a real Prometheus: add the
//! source, bind a KPI to a query with a live preview, backfill, see the grid's RAG and the
//! trend chart, record a value by hand (a bad one refused inline), and import a CSV whose bad
//! row is shown with its line and reason.

use crate::common::{self, ProcessGuard, Server, archboard_on as archboard, click, wait_for_text};
use archboard_metrics::test_server::{PrometheusServer, openmetrics_gauge};
use fantoccini::Locator;
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn a_prometheus_source_feeds_a_scorecard_and_values_come_by_hand_and_by_csv() {
    // Thirty days of hourly change failure rates ending now, 4–7%: green against 10%.
    let now = chrono::Utc::now().timestamp() / 3600 * 3600;
    let points: Vec<(i64, f64)> =
        (0..=30 * 24).map(|h| (now - (30 * 24 - h) * 3600, 4.0 + (h % 4) as f64)).collect();
    let history =
        openmetrics_gauge("deploy_failure_percent", &[("service", "fraud-scoring")], &points) + "# EOF\n";
    let prometheus =
        PrometheusServer::start(&history, None).expect("Prometheus from Debian (make setup installs it)");

    let server = Server::start();
    archboard(&server.db, &["team", "add", "Payments ML"]);
    archboard(
        &server.db,
        &[
            "system",
            "add",
            "fraud-scoring",
            "--name",
            "Fraud scoring",
            "--team",
            "Payments ML",
            "--tier",
            "high",
        ],
    );

    let port = common::free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    let _driver = ProcessGuard::new("chromedriver", driver);
    common::wait_for_port(port, "chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let client = common::chromium_session(port, profile.path(), None).await;
    let client = &client;
    client.goto(&server.url).await.unwrap();

    // The source, added from the Data sources page.
    client.goto(&format!("{}/sources", server.base)).await.unwrap();
    click(client, "#source-add").await;
    common::choose_option(client, "#source-kind", "prometheus").await;
    common::type_keys(client, "#source-name", "prom").await;
    common::type_keys(client, "#source-url", &prometheus.url).await;
    click(client, "#source-save").await;
    wait_for_text(client, "[data-testid=source-facts]", &prometheus.url).await;
    click(client, "#source-test").await;
    wait_for_text(client, "[data-testid=source-test-result]", "1 series").await;

    // A binding, its query previewed live before it is saved.
    click(client, "#binding-add").await;
    common::choose_option(client, "#binding-kpi", "kpi.change-failure-rate").await;
    common::choose_option(client, "#binding-scope-kind", "system").await;
    common::choose_option(client, "#binding-scope", "fraud-scoring").await;
    common::type_keys(client, "#binding-query", "deploy_failure_percent{service=\"${system}\"}").await;
    click(client, "#binding-preview").await;
    wait_for_text(client, "[data-testid=test-value]", "").await;
    let previewed =
        client.find(Locator::Css("[data-testid=source-test-result]")).await.unwrap().text().await.unwrap();
    assert!(previewed.contains("fraud-scoring"), "the preview shows the query filled: {previewed}");
    click(client, "#binding-save").await;
    common::wait_for_count(client, "[data-testid=binding-row]", 1).await;

    // Backfill the last thirty days: a job with live progress, then its outcome.
    let today = chrono::Utc::now().date_naive();
    common::set_field(client, "#backfill-from", &(today - chrono::Duration::days(30)).to_string(), "input")
        .await;
    common::set_field(client, "#backfill-to", &today.to_string(), "input").await;
    click(client, "#backfill-start").await;
    wait_for_text(client, "[data-testid=sync-state]", "Completed").await;
    wait_for_text(client, "[data-testid=sync-outcome]", "kpi.change-failure-rate").await;

    // The scorecard: the KPI green with its letter, a sparkline, the heat map.
    let period = archboard_types::kpi::Period::quarter_of(today);
    client.goto(&format!("{}/scorecards?system=fraud-scoring&period={period}", server.base)).await.unwrap();
    let row = "[data-testid=scorecard-row][data-kpi='kpi.change-failure-rate']";
    common::wait_for_attr(client, row, "data-state", "green").await;
    wait_for_text(client, row, "Green").await;
    assert!(client.find(Locator::Css("[data-testid=scorecard-heatmap]")).await.is_ok());
    assert!(common::loaded_image_width(client, &format!("{row} img")).await > 0, "the sparkline renders");

    // The KPI page: the trend chart, then a value by hand — 140% refused inline, 30% taken.
    client
        .goto(&format!(
            "{}/scorecards/kpi/kpi.change-failure-rate?system=fraud-scoring&period={period}",
            server.base
        ))
        .await
        .unwrap();
    assert!(common::loaded_image_width(client, "[data-testid=kpi-chart]").await > 300);
    common::type_keys(client, "#kpi-entry-value", "140").await;
    wait_for_text(client, "#kpi-entry-value-error", "140").await;
    common::type_keys(client, "#kpi-entry-value", "30").await;
    common::type_keys(client, "#kpi-entry-note", "counted by hand after the outage").await;
    click(client, "#kpi-entry-save").await;
    wait_for_text(client, "[data-testid=kpi-measurements]", "counted by hand after the outage").await;
    wait_for_text(client, "[data-testid=kpi-measurements]", "manual").await;

    // A CSV with one bad row: previewed with its line and reason, then the good rows imported.
    let scratch = tempfile::tempdir().unwrap();
    let csv = scratch.path().join("september.csv");
    std::fs::write(
        &csv,
        format!(
            "kpi,system,time,value,note\nkpi.availability-slo,fraud-scoring,{today},99.95,\nkpi.availability-slo,fraud-scoring,{today} 06:00,140,typo\n"
        ),
    )
    .unwrap();
    client.goto(&format!("{}/scorecards/import", server.base)).await.unwrap();
    let file = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#kpi-import-file"))
        .await
        .unwrap();
    file.send_keys(&csv.display().to_string()).await.unwrap();
    wait_for_text(client, "[data-testid=kpi-import-rows]", "140").await;
    let preview =
        client.find(Locator::Css("[data-testid=kpi-import-rows]")).await.unwrap().text().await.unwrap();
    assert!(
        preview.contains('3') && preview.to_lowercase().contains("bad"),
        "line 3 is marked bad: {preview}"
    );
    click(client, "#kpi-import-apply").await;
    wait_for_text(client, "[data-testid=kpi-import-summary]", "1").await;
    let series = archboard(
        &server.db,
        &["kpi", "series", "kpi.availability-slo", "--system", "fraud-scoring", "--json"],
    );
    let series: serde_json::Value = serde_json::from_str(&series).unwrap();
    let values: Vec<f64> =
        series["measurements"].as_array().unwrap().iter().map(|m| m["value"].as_f64().unwrap()).collect();
    assert_eq!(values, [99.95], "only the good row was written");
}
