//! Endpoints, authentication and retries: the HTTP plumbing both clients share. One
//! `reqwest::Client` per endpoint (its timeout and optional private CA), auth added to every
//! request, bodies read with a size cap, and transport failures sorted into `QueryError` kinds.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::QueryError;

/// How requests prove who they are. Secrets are already resolved by the caller (read from a
/// credential store or the environment); this crate never looks them up.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    Basic {
        user: String,
        password: String,
    },
    /// Sent as `Authorization: Bearer <token>`.
    Bearer(String),
    /// Arbitrary headers, e.g. `X-Scope-OrgID` or an API-key header.
    Headers(Vec<(String, String)>),
}

// Hand-written so that logging an endpoint never prints a password, token or header value.
impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Basic { user, .. } => {
                f.debug_struct("Basic").field("user", user).field("password", &"<redacted>").finish()
            }
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::Headers(headers) => {
                let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
                f.debug_tuple("Headers").field(&names).finish()
            }
        }
    }
}

/// Where a source is and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// For Prometheus the server root (a path prefix such as `/prometheus` is kept); for a JSON
    /// source the full URL that is fetched.
    pub base_url: String,
    pub auth: Auth,
    /// A private CA (PEM, one or more certificates) trusted in addition to the built-in roots.
    pub ca_pem: Option<Vec<u8>>,
    /// For the whole request: connecting, sending and reading the answer.
    pub timeout: Duration,
}

/// How often and how patiently a retryable failure (network, timeout, 5xx) is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included; 0 is treated as 1.
    pub attempts: u32,
    /// The wait before the second attempt; each further wait doubles.
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 3, first_delay: Duration::from_millis(500) }
    }
}

/// Runs `attempt` until it succeeds, fails with an error that is not retryable, or the policy's
/// attempts are spent; waits with `tokio::time::sleep` (so paused-time tests see the backoff)
/// and returns the last error as it was.
pub(crate) async fn with_retry<T, F, Fut>(policy: &RetryPolicy, mut attempt: F) -> Result<T, QueryError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, QueryError>>,
{
    let attempts = policy.attempts.max(1);
    let mut delay = policy.first_delay;
    let mut made = 1;
    loop {
        match attempt().await {
            Err(error) if error.retryable() && made < attempts => {
                tokio::time::sleep(delay).await;
                delay = delay.saturating_mul(2);
                made += 1;
            }
            outcome => return outcome,
        }
    }
}

/// Answers larger than this are refused rather than buffered: a full 11,000-point chunk of a few
/// thousand series fits, a runaway or hostile server does not exhaust memory.
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// Auth checked and turned into headers once, when the client is built, so a bad header is a
/// configuration error up front rather than on every request.
#[derive(Clone)]
enum PreparedAuth {
    None,
    Basic { user: String, password: String },
    Headers(HeaderMap),
}

/// One endpoint's HTTP client.
#[derive(Clone)]
pub(crate) struct Transport {
    client: reqwest::Client,
    base: reqwest::Url,
    auth: PreparedAuth,
    pub(crate) retry: RetryPolicy,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL without query or user info: either may carry a secret.
        f.debug_struct("Transport")
            .field("base", &describe_url(&self.base))
            .field("retry", &self.retry)
            .finish()
    }
}

impl Transport {
    pub(crate) fn new(endpoint: Endpoint, retry: RetryPolicy) -> Result<Self, QueryError> {
        let base = reqwest::Url::parse(endpoint.base_url.trim()).map_err(|error| {
            QueryError::Config(format!("the URL {:?} is not valid: {error}", endpoint.base_url))
        })?;
        if base.scheme() != "http" && base.scheme() != "https" {
            return Err(QueryError::Config(format!(
                "the URL {} uses {:?}; only http and https are supported",
                describe_url(&base),
                base.scheme()
            )));
        }
        let mut builder = reqwest::Client::builder().timeout(endpoint.timeout);
        if let Some(pem) = &endpoint.ca_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|error| {
                QueryError::Config(format!("the CA PEM could not be read: {}", chain(&error)))
            })?;
            if certificates.is_empty() {
                return Err(QueryError::Config("the CA PEM holds no certificate".to_string()));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let client = builder.build().map_err(|error| {
            QueryError::Config(format!("the HTTP client could not be built: {}", chain(&error)))
        })?;
        let auth = prepare_auth(endpoint.auth)?;
        Ok(Transport { client, base, auth, retry })
    }

    /// The endpoint's URL with `path` appended to its path (`/prom` + `/api/v1/query`).
    pub(crate) fn url_with(&self, path: &str) -> reqwest::Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }

    pub(crate) fn base(&self) -> &reqwest::Url {
        &self.base
    }

    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends one request with the endpoint's auth and reads the whole answer: the HTTP status
    /// and body, whatever the status (the caller decides what a status means).
    pub(crate) async fn send(&self, request: reqwest::RequestBuilder) -> Result<(u16, Vec<u8>), QueryError> {
        let request = match &self.auth {
            PreparedAuth::None => request,
            PreparedAuth::Basic { user, password } => request.basic_auth(user, Some(password)),
            PreparedAuth::Headers(headers) => request.headers(headers.clone()),
        };
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(QueryError::Parse(format!(
                    "the answer is larger than {} MiB and was not read",
                    MAX_BODY_BYTES / (1024 * 1024)
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, body))
    }
}

fn prepare_auth(auth: Auth) -> Result<PreparedAuth, QueryError> {
    let sensitive = |name: &str, value: &str| {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            // The value is a secret: name the header, never echo the value.
            QueryError::Config(format!("the value of header {name:?} is not a valid HTTP header value"))
        })?;
        // Keeps it out of reqwest's and hyper's debug output.
        value.set_sensitive(true);
        Ok::<_, QueryError>(value)
    };
    Ok(match auth {
        Auth::None => PreparedAuth::None,
        Auth::Basic { user, password } => PreparedAuth::Basic { user, password },
        Auth::Bearer(token) => {
            let mut headers = HeaderMap::new();
            headers.insert(
                reqwest::header::AUTHORIZATION,
                sensitive("Authorization", &format!("Bearer {token}"))?,
            );
            PreparedAuth::Headers(headers)
        }
        Auth::Headers(pairs) => {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                let header = HeaderName::from_bytes(name.trim().as_bytes())
                    .map_err(|_| QueryError::Config(format!("{name:?} is not a valid HTTP header name")))?;
                headers.append(header, sensitive(&name, &value)?);
            }
            PreparedAuth::Headers(headers)
        }
    })
}

/// Sorts a reqwest failure into a kind; the message is the whole cause chain (reqwest's own
/// message alone says little, e.g. "error sending request").
fn classify(error: reqwest::Error) -> QueryError {
    let url = error.url().map(describe_url);
    let timeout = error.is_timeout();
    let builder = error.is_builder();
    let cause = chain(&error.without_url());
    let message = match url {
        Some(url) => format!("{url}: {cause}"),
        None => cause,
    };
    if timeout {
        QueryError::Timeout(message)
    } else if builder {
        QueryError::Config(message)
    } else {
        QueryError::Network(message)
    }
}

/// An error and its sources, joined with ": ", repeated messages dropped.
fn chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// Scheme, host, port and path only: user info and query strings can hold credentials.
pub(crate) fn describe_url(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{}://{}:{}{}", url.scheme(), host, port, url.path()),
        None => format!("{}://{}{}", url.scheme(), host, url.path()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::test_http::{Reply, ScriptedServer};

    fn endpoint(url: &str, auth: Auth) -> Endpoint {
        Endpoint { base_url: url.to_string(), auth, ca_pem: None, timeout: Duration::from_secs(10) }
    }

    /// A self-signed certificate (CN=archboard-test), only parsed, never used for TLS.
    const TEST_CA: &str = include_str!("../tests/data/test-ca.pem");

    #[test]
    fn bad_configuration_is_refused_up_front() {
        let error = |endpoint| match Transport::new(endpoint, RetryPolicy::default()) {
            Err(QueryError::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        };
        assert!(error(endpoint("not a url", Auth::None)).contains("not a url"));
        assert!(error(endpoint("ftp://example.com", Auth::None)).contains("only http and https"));
        let bad_header = Auth::Headers(vec![("bad header".into(), "x".into())]);
        assert!(error(endpoint("http://example.com", bad_header)).contains("\"bad header\""));
        let bad_value = Auth::Headers(vec![("X-Key".into(), "line\nbreak".into())]);
        let message = error(endpoint("http://example.com", bad_value));
        assert!(message.contains("X-Key") && !message.contains("line"));
        let mut with_ca = endpoint("https://example.com", Auth::None);
        with_ca.ca_pem = Some(b"garbage".to_vec());
        assert!(error(with_ca.clone()).contains("CA PEM"));
        with_ca.ca_pem = Some(TEST_CA.as_bytes().to_vec());
        assert!(Transport::new(with_ca, RetryPolicy::default()).is_ok());
    }

    #[test]
    fn paths_are_appended_to_the_base_path() {
        let transport = Transport::new(endpoint("http://h:9090/prom/", Auth::None), RetryPolicy::default())
            .expect("valid endpoint");
        assert_eq!(transport.url_with("/api/v1/query").as_str(), "http://h:9090/prom/api/v1/query");
        let root = Transport::new(endpoint("http://h:9090", Auth::None), RetryPolicy::default())
            .expect("valid endpoint");
        assert_eq!(root.url_with("/api/v1/query").as_str(), "http://h:9090/api/v1/query");
    }

    #[test]
    fn debug_output_hides_secrets() {
        let auth = Auth::Basic { user: "ann".into(), password: "hunter2".into() };
        assert!(!format!("{auth:?}").contains("hunter2"));
        assert!(!format!("{:?}", Auth::Bearer("tok-123".into())).contains("tok-123"));
        let headers = Auth::Headers(vec![("X-Key".into(), "secret-value".into())]);
        let text = format!("{headers:?}");
        assert!(text.contains("X-Key") && !text.contains("secret-value"));
    }

    async fn sent_headers(auth: Auth) -> String {
        let server = ScriptedServer::start(vec![Reply::new(200, "text/plain", "ok")]).await;
        let transport =
            Transport::new(endpoint(&server.url, auth), RetryPolicy::default()).expect("endpoint");
        let request = transport.client().get(transport.url_with("/x"));
        let (status, body) = transport.send(request).await.expect("answer");
        assert_eq!((status, body.as_slice()), (200, b"ok".as_slice()));
        server.requests().concat().to_ascii_lowercase()
    }

    #[tokio::test]
    async fn auth_is_sent_with_every_request() {
        // "ann:pw" in base64.
        assert!(
            sent_headers(Auth::Basic { user: "ann".into(), password: "pw".into() })
                .await
                .contains("authorization: basic yw5uonb3")
        );
        assert!(sent_headers(Auth::Bearer("Tok".into())).await.contains("authorization: bearer tok"));
        let custom = Auth::Headers(vec![("X-Scope-OrgID".into(), "team-a".into())]);
        assert!(sent_headers(custom).await.contains("x-scope-orgid: team-a"));
        assert!(!sent_headers(Auth::None).await.contains("authorization"));
    }

    #[tokio::test]
    async fn refused_connections_are_network_errors() {
        // A port that was just free: nothing listens there now.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            listener.local_addr().expect("address").port()
        };
        let transport =
            Transport::new(endpoint(&format!("http://127.0.0.1:{port}"), Auth::None), RetryPolicy::default())
                .expect("endpoint");
        let error =
            transport.send(transport.client().get(transport.url_with("/x"))).await.expect_err("refused");
        assert!(matches!(error, QueryError::Network(_)), "{error:?}");
        assert!(error.retryable());
        assert!(error.to_string().contains(&format!("127.0.0.1:{port}")), "{error}");
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let server = ScriptedServer::start(vec![Reply::Silent]).await;
        let mut silent = endpoint(&server.url, Auth::None);
        silent.timeout = Duration::from_millis(200);
        let transport = Transport::new(silent, RetryPolicy::default()).expect("endpoint");
        let error =
            transport.send(transport.client().get(transport.url_with("/x"))).await.expect_err("timeout");
        assert!(matches!(error, QueryError::Timeout(_)), "{error:?}");
        assert!(error.retryable());
    }

    #[tokio::test(start_paused = true)]
    async fn retries_back_off_exponentially_then_succeed() {
        let calls = Arc::new(AtomicU32::new(0));
        let started = tokio::time::Instant::now();
        let outcome = with_retry(&RetryPolicy::default(), || {
            let calls = Arc::clone(&calls);
            async move {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 => Err(QueryError::Network("reset".into())),
                    1 => Err(QueryError::Timeout("slow".into())),
                    _ => Ok("data"),
                }
            }
        })
        .await;
        assert_eq!(outcome, Ok("data"));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // Virtual time: the waits were exactly 500 ms then 1 s.
        assert_eq!(started.elapsed(), Duration::from_millis(1_500));
    }

    #[tokio::test(start_paused = true)]
    async fn retries_stop_after_the_attempts_and_never_for_refusals() {
        let calls = Arc::new(AtomicU32::new(0));
        let policy = RetryPolicy { attempts: 4, first_delay: Duration::from_secs(1) };
        let started = tokio::time::Instant::now();
        let outcome: Result<(), _> = with_retry(&policy, || {
            let calls = Arc::clone(&calls);
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(QueryError::Http { status: 502, body: "bad gateway".into() })
            }
        })
        .await;
        assert_eq!(outcome, Err(QueryError::Http { status: 502, body: "bad gateway".into() }));
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(started.elapsed(), Duration::from_secs(1 + 2 + 4));

        calls.store(0, Ordering::SeqCst);
        let refused: Result<(), _> = with_retry(&policy, || {
            let calls = Arc::clone(&calls);
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(QueryError::Prometheus {
                    status: 422,
                    error_type: "execution".into(),
                    message: "x".into(),
                })
            }
        })
        .await;
        assert!(refused.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        calls.store(0, Ordering::SeqCst);
        let zero = RetryPolicy { attempts: 0, first_delay: Duration::from_secs(1) };
        let once: Result<(), _> = with_retry(&zero, || {
            let calls = Arc::clone(&calls);
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(QueryError::Network("down".into()))
            }
        })
        .await;
        assert!(once.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
