//! Against a real Prometheus (feature `test-server`): backfilled history comes back exactly
//! through chunked range queries, bad PromQL is a `bad_data` refusal, basic auth is applied, and
//! a server that goes away is a retryable network error.

use std::collections::BTreeMap;
use std::time::Duration;

use archboard_metrics::test_server::{PrometheusServer, openmetrics_gauge};
use archboard_metrics::{
    Auth, Endpoint, PrometheusClient, QueryError, ResultType, RetryPolicy, align_down, plan_chunks,
};
use chrono::{DateTime, Utc};

const HOUR: u64 = 3_600;

fn endpoint(url: &str, auth: Auth) -> Endpoint {
    Endpoint { base_url: url.to_string(), auth, ca_pem: None, timeout: Duration::from_secs(30) }
}

fn client(url: &str, auth: Auth) -> PrometheusClient {
    // Short real-time waits: failures here are expected, not flakes to ride out.
    let retry = RetryPolicy { attempts: 2, first_delay: Duration::from_millis(50) };
    PrometheusClient::new(endpoint(url, auth), retry).expect("a valid endpoint")
}

/// Values with fractions that only survive an exact round trip through text and storage.
fn value(series: u32, index: i64) -> f64 {
    f64::from(series) * 1_000.0 + (index as f64 * 0.37).sin() * 100.0 + index as f64 / 7.0
}

struct History {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    openmetrics: String,
}

/// 90 days of hourly points for two series of `archboard_test_load`, ending a few hours ago
/// on the hour, plus `minute_series` of 8 days at one-minute resolution for a multi-chunk check.
fn history(minute_series: bool) -> History {
    let end = align_down(Utc::now() - chrono::Duration::hours(3), HOUR);
    let start = end - chrono::Duration::days(90);
    let hourly: Vec<i64> = (0..=90 * 24).map(|i| start.timestamp() + i * HOUR as i64).collect();
    let mut openmetrics = String::new();
    for (series, host) in [(1, "a"), (2, "b")] {
        let points: Vec<(i64, f64)> =
            hourly.iter().enumerate().map(|(i, at)| (*at, value(series, i as i64))).collect();
        openmetrics.push_str(&openmetrics_gauge("archboard_test_load", &[("host", host)], &points));
    }
    if minute_series {
        let minute_start = end.timestamp() - 8 * 86_400;
        let points: Vec<(i64, f64)> = (0..=8 * 1_440).map(|i| (minute_start + i * 60, value(3, i))).collect();
        openmetrics.push_str(&openmetrics_gauge("archboard_test_minutely", &[], &points));
    }
    openmetrics.push_str("# EOF\n");
    History { start, end, openmetrics }
}

fn start_server(openmetrics: &str, basic_auth: Option<(&str, &str)>) -> PrometheusServer {
    match PrometheusServer::start(openmetrics, basic_auth) {
        Ok(server) => server,
        Err(error) => panic!("could not start the test Prometheus: {error}"),
    }
}

/// Runs `range` over every chunk of the plan and merges each series' points by labels.
async fn backfill(
    client: &PrometheusClient,
    query: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    step: u64,
) -> (usize, BTreeMap<BTreeMap<String, String>, Vec<(i64, f64)>>) {
    let chunks = plan_chunks(start, end, step);
    let mut merged: BTreeMap<_, Vec<(i64, f64)>> = BTreeMap::new();
    for (from, to) in &chunks {
        let result = client.range(query, *from, *to, step).await.expect("a chunk of history");
        assert_eq!(result.result_type, ResultType::Matrix);
        assert_eq!(result.skipped_non_finite, 0);
        for series in result.series {
            merged
                .entry(series.labels)
                .or_default()
                .extend(series.points.iter().map(|p| (p.at.timestamp(), p.value)));
        }
    }
    (chunks.len(), merged)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfilled_history_comes_back_exactly_and_bad_promql_is_refused() {
    let history = history(true);
    let mut server = start_server(&history.openmetrics, None);
    let prometheus = client(&server.url, Auth::None);

    // 90 days hourly: 2,161 points per series, one chunk.
    let (chunks, merged) =
        backfill(&prometheus, "archboard_test_load", history.start, history.end, HOUR).await;
    assert_eq!(chunks, 1);
    assert_eq!(merged.len(), 2);
    for (series, host) in [(1, "a"), (2, "b")] {
        let labels: BTreeMap<String, String> = [("__name__", "archboard_test_load"), ("host", host)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let points = &merged[&labels];
        assert_eq!(points.len(), 2_161, "series {host}");
        for (i, (at, got)) in points.iter().enumerate() {
            assert_eq!(*at, history.start.timestamp() + i as i64 * HOUR as i64, "series {host} point {i}");
            assert_eq!(*got, value(series, i as i64), "series {host} point {i}");
        }
    }

    // Eight days at one minute: 11,521 points, more than one request may hold.
    let minute_start = history.end - chrono::Duration::days(8);
    let (chunks, merged) =
        backfill(&prometheus, "archboard_test_minutely", minute_start, history.end, 60).await;
    assert_eq!(chunks, 2);
    let points = merged.values().next().expect("the minutely series");
    assert_eq!(points.len(), 8 * 1_440 + 1);
    for (i, (at, got)) in points.iter().enumerate() {
        assert_eq!(*at, minute_start.timestamp() + i as i64 * 60, "point {i}");
        assert_eq!(*got, value(3, i as i64), "point {i}");
    }

    // An instant query at the last hour sees both series.
    let instant =
        prometheus.instant("archboard_test_load", Some(history.end)).await.expect("an instant query");
    assert_eq!(instant.result_type, ResultType::Vector);
    assert_eq!(instant.series.len(), 2);
    assert_eq!(instant.series[0].points[0].value, value(1, 90 * 24));
    let scalar =
        prometheus.instant("scalar(sum(archboard_test_load))", Some(history.end)).await.expect("a scalar");
    assert_eq!(scalar.result_type, ResultType::Scalar);

    // Bad PromQL: a refusal, never retried.
    let error = prometheus.range("sum(archboard_test_load", history.start, history.end, HOUR).await;
    let error = error.expect_err("bad PromQL");
    assert!(matches!(error, QueryError::Prometheus { status: 400, .. }), "{error:?}");
    assert_eq!(error.error_type(), Some("bad_data"));
    assert!(!error.retryable());
    assert!(error.to_string().starts_with("Prometheus refused the query (bad_data): "), "{error}");

    // The server goes away mid-backfill: a network error the caller may retry later.
    server.stop();
    let error = prometheus.range("archboard_test_load", history.start, history.end, HOUR).await;
    let error = error.expect_err("the server is gone");
    assert!(matches!(error, QueryError::Network(_)), "{error:?}");
    assert!(error.retryable());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_auth_is_required_and_accepted() {
    let history = history(false);
    let server = start_server(&history.openmetrics, Some(("grafana", "s3cret pass")));

    let anonymous = client(&server.url, Auth::None).instant("archboard_test_load", Some(history.end)).await;
    let anonymous = anonymous.expect_err("no credentials");
    assert!(matches!(anonymous, QueryError::Http { status: 401, .. }), "{anonymous:?}");
    assert!(!anonymous.retryable());

    let wrong = Auth::Basic { user: "grafana".into(), password: "guess".into() };
    let wrong = client(&server.url, wrong).instant("archboard_test_load", Some(history.end)).await;
    assert!(matches!(wrong, Err(QueryError::Http { status: 401, .. })), "{wrong:?}");

    let right = Auth::Basic { user: "grafana".into(), password: "s3cret pass".into() };
    let result = client(&server.url, right).instant("archboard_test_load", Some(history.end)).await;
    let result = result.expect("the right password");
    assert_eq!(result.series.len(), 2);
    assert_eq!(result.series[1].points[0].value, value(2, 90 * 24));
}
