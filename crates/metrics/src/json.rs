//! JSON endpoint sources: fetch a URL and pick points out of the answer with RFC 6901 JSON
//! pointers, for metrics that live in some service's status or statistics API.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::QueryError;
use crate::http::{Endpoint, RetryPolicy, Transport, with_retry};
use crate::prometheus::{kind, unix_seconds};
use crate::series::Point;

/// Where the points are in a JSON answer. Pointers follow RFC 6901 (`""` is the whole
/// document, `/a/0/b` walks keys and indexes, `~1` is `/` and `~0` is `~`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonSelect {
    /// The value: a number or a numeric string.
    pub value_pointer: String,
    /// The time: Unix seconds, Unix milliseconds (numbers above 1e11) or RFC 3339. `None`, a
    /// missing value or `null` all mean "now" (the caller's `fallback_time`).
    pub time_pointer: Option<String>,
    /// An array of samples; the other pointers are then applied to each element.
    pub array_pointer: Option<String>,
}

/// Numbers above this are milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds 1973,
/// so real timestamps of either kind fall on the right side.
const MILLISECONDS_ABOVE: f64 = 1e11;

/// The points `select` picks out of `body`: one per array element when `array_pointer` is set,
/// otherwise one from the whole document. Errors name the pointer and, within an array, the
/// element's index; a non-finite value is an error too (there is no count to report it in).
pub fn parse_json_points(
    body: &[u8],
    select: &JsonSelect,
    fallback_time: DateTime<Utc>,
) -> Result<Vec<Point>, QueryError> {
    for pointer in [Some(&select.value_pointer), select.time_pointer.as_ref(), select.array_pointer.as_ref()]
        .into_iter()
        .flatten()
    {
        check_pointer(pointer)?;
    }
    let root: Value = serde_json::from_slice(body)
        .map_err(|error| QueryError::Parse(format!("the answer is not JSON: {error}")))?;
    match &select.array_pointer {
        None => Ok(vec![point(&root, select, fallback_time, "in the answer")?]),
        Some(array_pointer) => {
            let found = root.pointer(array_pointer).ok_or_else(|| {
                QueryError::Parse(format!(
                    "the array pointer {array_pointer:?} matches nothing in the answer"
                ))
            })?;
            let elements = found.as_array().ok_or_else(|| {
                QueryError::Parse(format!(
                    "the array pointer {array_pointer:?} points at a {}, not an array",
                    kind(found)
                ))
            })?;
            elements
                .iter()
                .enumerate()
                .map(|(index, element)| point(element, select, fallback_time, &format!("in element {index}")))
                .collect()
        }
    }
}

/// RFC 6901: empty, or `/`-separated tokens where `~` only starts `~0` or `~1`. Checked up front
/// because serde_json answers "nothing here" for a malformed pointer, which would hide a typo.
fn check_pointer(pointer: &str) -> Result<(), QueryError> {
    let bad = |why: &str| QueryError::Parse(format!("{pointer:?} is not a JSON pointer: {why}"));
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(bad("it must be empty or start with /"));
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(bad("~ must be followed by 0 or 1"));
        }
    }
    Ok(())
}

fn point(
    document: &Value,
    select: &JsonSelect,
    fallback_time: DateTime<Utc>,
    place: &str,
) -> Result<Point, QueryError> {
    let pointer = &select.value_pointer;
    let found = document
        .pointer(pointer)
        .ok_or_else(|| QueryError::Parse(format!("the value pointer {pointer:?} matches nothing {place}")))?;
    let value = match found {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        QueryError::Parse(format!(
            "the value pointer {pointer:?} {place} points at {}, not a number",
            shown(found)
        ))
    })?;
    if !value.is_finite() {
        return Err(QueryError::Parse(format!(
            "the value pointer {pointer:?} {place} points at {value}, not a finite number"
        )));
    }
    let at = match &select.time_pointer {
        None => fallback_time,
        Some(pointer) => match document.pointer(pointer) {
            None | Some(Value::Null) => fallback_time,
            Some(found) => time(found).ok_or_else(|| {
                QueryError::Parse(format!(
                    "the time pointer {pointer:?} {place} points at {}, which is neither Unix seconds, Unix milliseconds nor an RFC 3339 time",
                    shown(found)
                ))
            })?,
        },
    };
    Ok(Point { at, value })
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    let number =
        |n: f64| if n.abs() > MILLISECONDS_ABOVE { unix_seconds(n / 1000.0) } else { unix_seconds(n) };
    match value {
        Value::Number(n) => number(n.as_f64()?),
        Value::String(text) => {
            let text = text.trim();
            match DateTime::parse_from_rfc3339(text) {
                Ok(at) => Some(at.with_timezone(&Utc)),
                // Some APIs quote their epoch numbers.
                Err(_) => number(text.parse::<f64>().ok().filter(|n| n.is_finite())?),
            }
        }
        _ => None,
    }
}

/// A short rendering of a found value for messages (bounded: it may be a big object).
fn shown(value: &Value) -> String {
    match value {
        Value::Array(_) | Value::Object(_) => format!("an {}", kind(value)),
        other => {
            let text = other.to_string();
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(60).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// A JSON endpoint: one GET of the endpoint's URL per fetch.
#[derive(Debug, Clone)]
pub struct JsonClient {
    transport: Transport,
}

impl JsonClient {
    /// Checks the endpoint (URL, CA, headers) and builds its HTTP client; nothing is sent yet.
    pub fn new(endpoint: Endpoint, retry: RetryPolicy) -> Result<Self, QueryError> {
        Ok(JsonClient { transport: Transport::new(endpoint, retry)? })
    }

    /// GETs the URL (retrying network failures, timeouts and 5xx answers) and picks the points;
    /// `now` is the time of points whose time is not given.
    pub async fn fetch(&self, select: &JsonSelect, now: DateTime<Utc>) -> Result<Vec<Point>, QueryError> {
        let url = self.transport.base().clone();
        with_retry(&self.transport.retry, || async {
            let request = self.transport.client().get(url.clone()).header("Accept", "application/json");
            let (status, body) = self.transport.send(request).await?;
            if !(200..300).contains(&status) {
                return Err(QueryError::http(status, &body));
            }
            parse_json_points(&body, select, now)
        })
        .await
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

    fn select(value: &str, time: Option<&str>, array: Option<&str>) -> JsonSelect {
        JsonSelect {
            value_pointer: value.to_string(),
            time_pointer: time.map(str::to_string),
            array_pointer: array.map(str::to_string),
        }
    }

    const NOW: i64 = 1_750_000_000;

    #[test]
    fn one_value_without_an_array() {
        let body = br#"{"stats":{"queue":{"depth":17.5}},"generated":1700000000}"#;
        let points =
            parse_json_points(body, &select("/stats/queue/depth", Some("/generated"), None), at(NOW));
        assert_eq!(points, Ok(vec![Point { at: at(1_700_000_000), value: 17.5 }]));
        let untimed = parse_json_points(body, &select("/stats/queue/depth", None, None), at(NOW));
        assert_eq!(untimed, Ok(vec![Point { at: at(NOW), value: 17.5 }]));
    }

    #[test]
    fn every_element_of_an_array() {
        let body = br#"{"data":{"samples":[
            {"t":1700000000,"v":1},
            {"t":1700000060000,"v":"2.5"},
            {"t":"2023-11-14T22:15:00Z","v":3},
            {"t":null,"v":4},
            {"v":5}]}}"#;
        let points = parse_json_points(body, &select("/v", Some("/t"), Some("/data/samples")), at(NOW))
            .expect("points");
        assert_eq!(
            points,
            vec![
                Point { at: at(1_700_000_000), value: 1.0 },
                // Above 1e11: milliseconds.
                Point { at: at(1_700_000_060), value: 2.5 },
                Point { at: at(1_700_000_100), value: 3.0 },
                Point { at: at(NOW), value: 4.0 },
                Point { at: at(NOW), value: 5.0 },
            ]
        );
    }

    #[test]
    fn fractional_seconds_and_escaped_pointers() {
        let body = br#"[{"a/b":{"m~n":"7"},"when":1700000000.25}]"#;
        let points =
            parse_json_points(body, &select("/a~1b/m~0n", Some("/when"), Some("")), at(NOW)).expect("points");
        assert_eq!(
            points,
            vec![Point { at: at(1_700_000_000) + chrono::Duration::milliseconds(250), value: 7.0 }]
        );
    }

    fn error(body: &[u8], select: &JsonSelect) -> String {
        match parse_json_points(body, select, at(NOW)) {
            Err(QueryError::Parse(message)) => message,
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_pointer_and_the_element() {
        let body = br#"{"items":[{"v":1},{"w":2},{"v":"high"}],"n":3}"#;
        let missing = error(body, &select("/v", None, Some("/items")));
        assert!(missing.contains("\"/v\"") && missing.contains("element 1"), "{missing}");
        let not_number = error(br#"{"items":[{"v":1},{"v":"high"}]}"#, &select("/v", None, Some("/items")));
        assert!(
            not_number.contains("\"/v\"") && not_number.contains("element 1") && not_number.contains("high")
        );
        let no_array = error(body, &select("/v", None, Some("/missing")));
        assert!(no_array.contains("\"/missing\"") && no_array.contains("matches nothing"), "{no_array}");
        let not_array = error(body, &select("/v", None, Some("/n")));
        assert!(not_array.contains("\"/n\"") && not_array.contains("not an array"), "{not_array}");
        let whole = error(body, &select("/nope", None, None));
        assert!(whole.contains("\"/nope\"") && whole.contains("in the answer"), "{whole}");
        let syntax = error(body, &select("items", None, None));
        assert!(syntax.contains("\"items\"") && syntax.contains("not a JSON pointer"), "{syntax}");
        let bad_time = error(br#"{"v":1,"t":"yesterday"}"#, &select("/v", Some("/t"), None));
        assert!(bad_time.contains("\"/t\"") && bad_time.contains("yesterday"), "{bad_time}");
        let infinite = error(br#"{"v":"inf"}"#, &select("/v", None, None));
        assert!(infinite.contains("not a finite number"), "{infinite}");
        assert!(error(b"<html>", &select("/v", None, None)).contains("not JSON"));
    }

    #[tokio::test]
    async fn fetch_gets_the_url_with_auth_and_retries_5xx() {
        let server = ScriptedServer::start(vec![
            Reply::new(500, "text/plain", "oops"),
            Reply::json(200, r#"{"load":[{"v":0.5}]}"#),
        ])
        .await;
        let endpoint = Endpoint {
            base_url: format!("{}/status?format=json", server.url),
            auth: Auth::Bearer("tok".into()),
            ca_pem: None,
            timeout: Duration::from_secs(10),
        };
        let retry = RetryPolicy { attempts: 2, first_delay: Duration::from_millis(5) };
        let client = JsonClient::new(endpoint, retry).expect("endpoint");
        let points = client.fetch(&select("/v", None, Some("/load")), at(NOW)).await;
        assert_eq!(points, Ok(vec![Point { at: at(NOW), value: 0.5 }]));
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert!(requests[1].starts_with("GET /status?format=json HTTP/1.1"), "{}", requests[1]);
        assert!(requests[1].to_ascii_lowercase().contains("authorization: bearer tok"));
    }

    #[tokio::test]
    async fn fetch_does_not_retry_a_404() {
        let server = ScriptedServer::start(vec![Reply::new(404, "text/plain", "no such page")]).await;
        let endpoint = Endpoint {
            base_url: server.url.clone(),
            auth: Auth::None,
            ca_pem: None,
            timeout: Duration::from_secs(10),
        };
        let client =
            JsonClient::new(endpoint, RetryPolicy { attempts: 3, first_delay: Duration::from_millis(5) })
                .expect("endpoint");
        let error = client.fetch(&select("/v", None, None), at(NOW)).await.expect_err("not found");
        assert_eq!(error, QueryError::Http { status: 404, body: "no such page".into() });
        assert_eq!(server.requests().len(), 1);
    }
}
