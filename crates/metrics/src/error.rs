//! `QueryError`: every way a query to a metric source can fail, with whether a retry may help.

/// Why a query to a metric source failed. The variants separate what a retry can fix (the
/// network, a timeout, a server-side failure) from what it cannot (a refused query, an answer
/// that is not understood, a bad configuration), so callers and the retry loop agree.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    /// The connection could not be made or broke: refused, reset, DNS, TLS handshake.
    #[error("could not reach the metrics source: {0}")]
    Network(String),
    /// The source did not answer within the endpoint's timeout.
    #[error("the metrics source did not answer in time: {0}")]
    Timeout(String),
    /// An HTTP error whose body is not a Prometheus error object (a proxy's page, a 503 …).
    #[error("the metrics source answered HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// Prometheus' own error object: `{"status":"error","errorType":"bad_data","error":"…"}`.
    #[error("Prometheus refused the query ({error_type}): {message}")]
    Prometheus { status: u16, error_type: String, message: String },
    /// The answer arrived but is not what the source's API promises.
    #[error("the metrics source's answer was not understood: {0}")]
    Parse(String),
    /// The endpoint cannot be used as configured: bad URL, bad CA PEM, bad header.
    #[error("the metrics endpoint is misconfigured: {0}")]
    Config(String),
}

impl QueryError {
    /// Whether the same request may succeed later: network trouble, timeouts and server-side
    /// (5xx) failures. A refused query (4xx, including Prometheus' 400 `bad_data` and 422
    /// `execution`) would be refused again, so it is never retried.
    pub fn retryable(&self) -> bool {
        match self {
            QueryError::Network(_) | QueryError::Timeout(_) => true,
            QueryError::Http { status, .. } => *status >= 500,
            QueryError::Prometheus { status, .. } => *status >= 500,
            QueryError::Parse(_) | QueryError::Config(_) => false,
        }
    }

    /// Prometheus' `errorType` (`bad_data`, `execution`, `timeout` …) when Prometheus itself
    /// refused or failed the query; `None` for every other failure.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            QueryError::Prometheus { error_type, .. } => Some(error_type),
            _ => None,
        }
    }

    /// The error for an HTTP status and body that carry no API answer; the body is cut short so
    /// that a proxy's whole HTML page does not become the message.
    pub(crate) fn http(status: u16, body: &[u8]) -> QueryError {
        QueryError::Http { status, body: excerpt(body) }
    }
}

/// At most this many characters of a body are kept in an error message.
const BODY_EXCERPT_CHARS: usize = 500;

/// A readable, bounded excerpt of an untrusted body (lossy UTF-8, trimmed, cut on a character
/// boundary).
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(BODY_EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_follows_the_status() {
        assert!(QueryError::Network("reset".into()).retryable());
        assert!(QueryError::Timeout("10 s".into()).retryable());
        assert!(QueryError::Http { status: 503, body: String::new() }.retryable());
        assert!(!QueryError::Http { status: 404, body: String::new() }.retryable());
        let refused = |status| QueryError::Prometheus {
            status,
            error_type: "bad_data".into(),
            message: "parse error".into(),
        };
        assert!(!refused(400).retryable());
        assert!(!refused(422).retryable());
        assert!(refused(503).retryable());
        assert!(!QueryError::Parse("x".into()).retryable());
        assert!(!QueryError::Config("x".into()).retryable());
    }

    #[test]
    fn messages_name_what_failed() {
        let error = QueryError::Prometheus {
            status: 400,
            error_type: "bad_data".into(),
            message: "1:5: parse error: unexpected end of input".into(),
        };
        assert_eq!(
            error.to_string(),
            "Prometheus refused the query (bad_data): 1:5: parse error: unexpected end of input"
        );
        assert_eq!(error.error_type(), Some("bad_data"));
        assert_eq!(QueryError::Network("x".into()).error_type(), None);
    }

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let body = "é".repeat(2 * BODY_EXCERPT_CHARS);
        let cut = excerpt(body.as_bytes());
        assert_eq!(cut.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(b"  short \n"), "short");
    }
}
