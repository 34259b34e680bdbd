//! The Prometheus HTTP API: `PrometheusClient` for instant and range queries and
//! `parse_response`, which reads an answer (or an error object) into a `QueryResult`.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use crate::error::QueryError;
use crate::http::{Endpoint, RetryPolicy, Transport, with_retry};
use crate::series::{Point, QueryResult, ResultType, Series};

/// A Prometheus-compatible server (Prometheus, Thanos, Mimir, VictoriaMetrics …).
#[derive(Debug, Clone)]
pub struct PrometheusClient {
    transport: Transport,
}

impl PrometheusClient {
    /// Checks the endpoint (URL, CA, headers) and builds its HTTP client; nothing is sent yet.
    pub fn new(endpoint: Endpoint, retry: RetryPolicy) -> Result<Self, QueryError> {
        Ok(PrometheusClient { transport: Transport::new(endpoint, retry)? })
    }

    /// `/api/v1/query` at `at` (the server's current time when `None`).
    pub async fn instant(&self, query: &str, at: Option<DateTime<Utc>>) -> Result<QueryResult, QueryError> {
        let mut form = vec![("query", query.to_string())];
        if let Some(at) = at {
            form.push(("time", api_time(at)));
        }
        self.post("/api/v1/query", &form).await
    }

    /// One `/api/v1/query_range` request, exactly as given: callers split long ranges with
    /// [`crate::plan_chunks`] first, since Prometheus refuses more than
    /// [`crate::MAX_POINTS_PER_SERIES`] points per series (and reports a bad step or a reversed
    /// range as `bad_data`).
    pub async fn range(
        &self,
        query: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        step_s: u64,
    ) -> Result<QueryResult, QueryError> {
        let form = vec![
            ("query", query.to_string()),
            ("start", api_time(start)),
            ("end", api_time(end)),
            ("step", step_s.to_string()),
        ];
        self.post("/api/v1/query_range", &form).await
    }

    /// POST with a form body rather than GET: long PromQL expressions would otherwise meet URL
    /// length limits in proxies. Each attempt sends and parses, so a 5xx answer is retried too.
    async fn post(&self, path: &str, form: &[(&str, String)]) -> Result<QueryResult, QueryError> {
        let url = self.transport.url_with(path);
        with_retry(&self.transport.retry, || async {
            let request = self.transport.client().post(url.clone()).form(form);
            let (status, body) = self.transport.send(request).await?;
            parse_response(status, &body)
        })
        .await
    }
}

/// RFC 3339 with milliseconds, which Prometheus accepts for every time parameter; unlike
/// fractional Unix seconds it cannot lose precision or misplace a negative fraction.
fn api_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a Prometheus HTTP API answer. A Prometheus error object becomes
/// [`QueryError::Prometheus`] (whatever the status); any other non-2xx answer
/// [`QueryError::Http`]; a 2xx answer that is not a success object [`QueryError::Parse`], as is
/// a `string` result. NaN, +Inf and -Inf values are skipped and counted; `warnings` and then
/// `infos` are kept.
pub fn parse_response(status: u16, body: &[u8]) -> Result<QueryResult, QueryError> {
    let success = (200..300).contains(&status);
    let root = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(root)) => root,
        Ok(_) if !success => return Err(QueryError::http(status, body)),
        Ok(other) => {
            return Err(QueryError::Parse(format!("the answer is a JSON {}, not an object", kind(&other))));
        }
        Err(_) if !success => return Err(QueryError::http(status, body)),
        Err(error) => return Err(QueryError::Parse(format!("the answer is not JSON: {error}"))),
    };
    match root.get("status").and_then(Value::as_str) {
        Some("error") => {
            let text = |key: &str, missing: &str| {
                root.get(key).and_then(Value::as_str).unwrap_or(missing).to_string()
            };
            Err(QueryError::Prometheus {
                status,
                error_type: text("errorType", "unknown"),
                message: text("error", "(no message given)"),
            })
        }
        _ if !success => Err(QueryError::http(status, body)),
        Some("success") => parse_success(&root),
        Some(other) => {
            Err(QueryError::Parse(format!("the status {other:?} is neither \"success\" nor \"error\"")))
        }
        None => Err(QueryError::Parse("the answer has no \"status\" field".to_string())),
    }
}

fn parse_success(root: &Map<String, Value>) -> Result<QueryResult, QueryError> {
    let data = root
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| QueryError::Parse("the answer has no \"data\" object".to_string()))?;
    let result_type = match data.get("resultType").and_then(Value::as_str) {
        Some("vector") => ResultType::Vector,
        Some("matrix") => ResultType::Matrix,
        Some("scalar") => ResultType::Scalar,
        Some("string") => {
            return Err(QueryError::Parse(
                "Prometheus answered with a string result, which holds no numbers; query a vector, matrix or scalar"
                    .to_string(),
            ));
        }
        Some(other) => return Err(QueryError::Parse(format!("the result type {other:?} is not known"))),
        None => return Err(QueryError::Parse("the answer has no \"resultType\"".to_string())),
    };
    let result = data.get("result").unwrap_or(&Value::Null);
    let mut warnings = strings(root.get("warnings"));
    warnings.extend(strings(root.get("infos")));
    let mut skipped = 0u32;
    let mut series = Vec::new();
    match result_type {
        ResultType::Scalar => {
            if let Some(point) = sample(result, "the scalar", &mut skipped)? {
                series.push(Series { labels: BTreeMap::new(), points: vec![point] });
            }
        }
        ResultType::Vector | ResultType::Matrix => {
            let items = result.as_array().ok_or_else(|| {
                QueryError::Parse(format!("the {} result is not an array", result_type.as_str()))
            })?;
            for (index, item) in items.iter().enumerate() {
                let context = format!("series {index}");
                let item = item
                    .as_object()
                    .ok_or_else(|| QueryError::Parse(format!("{context} is not an object")))?;
                let labels = labels(item.get("metric"), &context)?;
                let mut points = Vec::new();
                if result_type == ResultType::Vector {
                    match item.get("value") {
                        Some(value) => points.extend(sample(value, &context, &mut skipped)?),
                        // Native histograms have no single value to chart.
                        None if item.contains_key("histogram") => {
                            warnings.push(format!("skipped a native histogram sample in {context}"));
                        }
                        None => return Err(QueryError::Parse(format!("{context} has no \"value\""))),
                    }
                } else {
                    match item.get("values").and_then(Value::as_array) {
                        Some(values) => {
                            for value in values {
                                points.extend(sample(value, &context, &mut skipped)?);
                            }
                        }
                        None if item.contains_key("histograms") => {}
                        None => return Err(QueryError::Parse(format!("{context} has no \"values\" array"))),
                    }
                    if item.contains_key("histograms") {
                        warnings.push(format!("skipped native histogram samples in {context}"));
                    }
                }
                // Left out when every value was non-finite, so each series has a point.
                if !points.is_empty() {
                    series.push(Series { labels, points });
                }
            }
        }
        ResultType::String => unreachable!("string results are refused above"),
    }
    Ok(QueryResult { result_type, series, skipped_non_finite: skipped, warnings })
}

/// One `[unix_seconds, "value"]` pair; `None` (and counted) when the value is not finite.
fn sample(pair: &Value, context: &str, skipped: &mut u32) -> Result<Option<Point>, QueryError> {
    let bad = |what: &str| QueryError::Parse(format!("{context}: {what}"));
    let (seconds, value) = match pair.as_array().map(Vec::as_slice) {
        Some([seconds, value]) => (seconds, value),
        _ => return Err(bad("a sample is not a [time, value] pair")),
    };
    let seconds = seconds.as_f64().ok_or_else(|| bad("a sample's time is not a number"))?;
    let at = unix_seconds(seconds).ok_or_else(|| bad(&format!("the time {seconds} is out of range")))?;
    let text = value.as_str().ok_or_else(|| bad("a sample's value is not a string"))?;
    let value = match text {
        // Prometheus' spellings; anything else must parse as a number.
        "NaN" | "+Inf" | "-Inf" | "Inf" => f64::NAN,
        _ => text.parse::<f64>().map_err(|_| bad(&format!("the value {text:?} is not a number")))?,
    };
    if value.is_finite() {
        Ok(Some(Point { at, value }))
    } else {
        *skipped = skipped.saturating_add(1);
        Ok(None)
    }
}

/// Unix seconds (fractions kept to the millisecond, Prometheus' resolution) as a time.
pub(crate) fn unix_seconds(seconds: f64) -> Option<DateTime<Utc>> {
    let millis = (seconds * 1000.0).round();
    // Checked before the cast: `as` would saturate silently.
    if !millis.is_finite() || millis.abs() > i64::MAX as f64 / 2.0 {
        return None;
    }
    DateTime::from_timestamp_millis(millis as i64)
}

fn labels(metric: Option<&Value>, context: &str) -> Result<BTreeMap<String, String>, QueryError> {
    let Some(metric) = metric else { return Ok(BTreeMap::new()) };
    let metric = metric
        .as_object()
        .ok_or_else(|| QueryError::Parse(format!("{context}: \"metric\" is not an object")))?;
    metric
        .iter()
        .map(|(name, value)| match value.as_str() {
            Some(value) => Ok((name.clone(), value.to_string())),
            None => Err(QueryError::Parse(format!("{context}: the label {name:?} is not a string"))),
        })
        .collect()
}

/// An optional array of messages; non-string entries are kept as their JSON text.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::http::Auth;
    use crate::test_http::{Reply, ScriptedServer};

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).expect("test time in range")
    }

    fn parsed(body: &str) -> QueryResult {
        parse_response(200, body.as_bytes()).expect("a valid answer")
    }

    const VECTOR: &str = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"value":[1435781451.781,"1"]},
        {"metric":{"__name__":"up","job":"node","instance":"localhost:9100"},"value":[1435781451.781,"0"]}]}}"#;

    const MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"__name__":"up","job":"prometheus"},"values":[[1435781430.781,"1"],[1435781445.781,"0.5"],[1435781460.781,"1e3"]]},
        {"metric":{"__name__":"up","job":"node"},"values":[[1435781430,"-2.25"]]}]}}"#;

    #[test]
    fn a_vector_answer_keeps_labels_and_values() {
        let result = parsed(VECTOR);
        assert_eq!(result.result_type, ResultType::Vector);
        assert_eq!(result.series.len(), 2);
        assert_eq!(result.series[0].labels["job"], "prometheus");
        assert_eq!(result.series[0].labels["__name__"], "up");
        assert_eq!(
            result.series[0].points,
            vec![Point { at: at(1_435_781_451) + chrono::Duration::milliseconds(781), value: 1.0 }]
        );
        assert_eq!(result.series[1].points[0].value, 0.0);
        assert_eq!(result.skipped_non_finite, 0);
        assert!(result.warnings.is_empty());
    }

    #[test]
    fn a_matrix_answer_keeps_every_point_in_order() {
        let result = parsed(MATRIX);
        assert_eq!(result.result_type, ResultType::Matrix);
        let values: Vec<f64> = result.series[0].points.iter().map(|p| p.value).collect();
        assert_eq!(values, vec![1.0, 0.5, 1000.0]);
        assert!(result.series[0].points.windows(2).all(|w| w[0].at < w[1].at));
        assert_eq!(result.series[1].points, vec![Point { at: at(1_435_781_430), value: -2.25 }]);
    }

    #[test]
    fn a_scalar_is_one_unlabelled_point() {
        let result =
            parsed(r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"42.5"]}}"#);
        assert_eq!(result.result_type, ResultType::Scalar);
        assert_eq!(
            result.series,
            vec![Series {
                labels: BTreeMap::new(),
                points: vec![Point { at: at(1_700_000_000), value: 42.5 }]
            }]
        );
    }

    #[test]
    fn a_string_result_is_refused_by_name() {
        let error =
            parse_response(200, br#"{"status":"success","data":{"resultType":"string","result":[1,"hi"]}}"#)
                .expect_err("strings hold no numbers");
        assert!(matches!(&error, QueryError::Parse(message) if message.contains("string result")), "{error}");
    }

    #[test]
    fn non_finite_values_are_skipped_and_counted() {
        let result = parsed(
            r#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"a":"1"},"values":[[1,"NaN"],[2,"3"],[3,"+Inf"],[4,"-Inf"],[5,"4"]]},
            {"metric":{"a":"2"},"values":[[1,"NaN"]]}]}}"#,
        );
        assert_eq!(result.skipped_non_finite, 4);
        // The all-NaN series is left out; the other keeps its finite points.
        assert_eq!(result.series.len(), 1);
        assert_eq!(
            result.series[0].points,
            vec![Point { at: at(2), value: 3.0 }, Point { at: at(5), value: 4.0 }]
        );
        let vector = parsed(
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"+Inf"]}]}}"#,
        );
        assert_eq!((vector.series.len(), vector.skipped_non_finite), (0, 1));
    }

    #[test]
    fn warnings_and_infos_are_kept() {
        let result = parsed(
            r#"{"status":"success","warnings":["partial response: store down"],"infos":["metric might not be a counter"],
            "data":{"resultType":"vector","result":[]}}"#,
        );
        assert_eq!(result.warnings, vec!["partial response: store down", "metric might not be a counter"]);
        assert!(result.series.is_empty());
    }

    #[test]
    fn a_bad_data_error_is_a_refusal() {
        let body = br#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#;
        let error = parse_response(400, body).expect_err("an error answer");
        assert_eq!(
            error,
            QueryError::Prometheus {
                status: 400,
                error_type: "bad_data".into(),
                message: "1:5: parse error: unexpected end of input".into()
            }
        );
        assert!(!error.retryable());
        assert_eq!(error.error_type(), Some("bad_data"));
        assert!(error.to_string().starts_with("Prometheus refused the query (bad_data): 1:5: parse error"));
        let execution =
            parse_response(422, br#"{"status":"error","errorType":"execution","error":"too many samples"}"#)
                .expect_err("an error answer");
        assert!(!execution.retryable());
        let unavailable =
            parse_response(503, br#"{"status":"error","errorType":"unavailable","error":"busy"}"#)
                .expect_err("an error answer");
        assert!(unavailable.retryable());
    }

    #[test]
    fn an_html_503_is_a_retryable_http_error() {
        let body = b"<html><body><h1>503 Service Unavailable</h1></body></html>";
        let error = parse_response(503, body).expect_err("a proxy page");
        assert!(
            matches!(&error, QueryError::Http { status: 503, body } if body.contains("Service Unavailable"))
        );
        assert!(error.retryable());
        let not_found = parse_response(404, b"404 page not found").expect_err("not found");
        assert!(!not_found.retryable());
        assert_eq!(not_found.to_string(), "the metrics source answered HTTP 404: 404 page not found");
    }

    #[test]
    fn garbage_is_a_parse_error() {
        for body in [&b"not json at all"[..], b"[1,2]", br#"{"status":"success"}"#, br#"{"data":{}}"#] {
            let error = parse_response(200, body).expect_err("garbage");
            assert!(matches!(error, QueryError::Parse(_)), "{error:?}");
            assert!(!error.retryable());
        }
        let bad_value = parse_response(
            200,
            br#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}"#,
        )
        .expect_err("not a number");
        assert!(bad_value.to_string().contains("\"abc\""), "{bad_value}");
    }

    fn client(url: &str, retry: RetryPolicy) -> PrometheusClient {
        let endpoint = Endpoint {
            base_url: url.to_string(),
            auth: Auth::None,
            ca_pem: None,
            timeout: Duration::from_secs(10),
        };
        PrometheusClient::new(endpoint, retry).expect("a valid endpoint")
    }

    /// Real time, kept short: the backoff itself is checked under paused time in `http`.
    fn quick_retries() -> RetryPolicy {
        RetryPolicy { attempts: 3, first_delay: Duration::from_millis(5) }
    }

    #[tokio::test]
    async fn two_503s_then_success_takes_three_requests() {
        let server = ScriptedServer::start(vec![
            Reply::new(503, "text/html", "<html>busy</html>"),
            Reply::new(503, "text/html", "<html>busy</html>"),
            Reply::json(200, VECTOR),
        ])
        .await;
        let result = client(&server.url, quick_retries()).instant("up", Some(at(1_435_781_451))).await;
        let result = result.expect("the third attempt succeeds");
        assert_eq!(result.series.len(), 2);
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert!(requests[0].starts_with("POST /api/v1/query HTTP/1.1"), "{}", requests[0]);
        assert!(requests[0].contains("query=up"));
        assert!(requests[0].contains("time=2015-07-01T20%3A10%3A51.000Z"), "{}", requests[0]);
    }

    #[tokio::test]
    async fn a_400_is_sent_exactly_once() {
        let server = ScriptedServer::start(vec![Reply::json(
            400,
            r#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#,
        )])
        .await;
        let error = client(&server.url, quick_retries())
            .range("sum(", at(0), at(3_600), 60)
            .await
            .expect_err("a refused query");
        assert_eq!(error.error_type(), Some("bad_data"));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        assert!(requests[0].starts_with("POST /api/v1/query_range HTTP/1.1"));
        assert!(requests[0].contains("start=1970-01-01T00%3A00%3A00.000Z"));
        assert!(requests[0].contains("end=1970-01-01T01%3A00%3A00.000Z"));
        assert!(requests[0].contains("step=60"));
    }

    #[tokio::test]
    async fn retries_give_up_with_the_last_error() {
        let server = ScriptedServer::start(vec![Reply::new(502, "text/plain", "bad gateway")]).await;
        let error = client(&server.url, quick_retries()).instant("up", None).await.expect_err("always 502");
        assert_eq!(error, QueryError::Http { status: 502, body: "bad gateway".into() });
        assert_eq!(server.requests().len(), 3);
        assert!(!server.requests()[0].contains("time="));
    }
}
