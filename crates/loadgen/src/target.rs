//! Talking to a target: the request each protocol needs (KServe v2, TorchServe, OpenAI streaming,
//! generic JSON), credentials resolved at run time and never stored, the checks made before a
//! run so a wrong URL or model name fails with a sentence, and one call classified into a
//! success or an error class.

use super::clock::Clock;
use super::credentials::resolve_secret;
use super::fast_http::Connections;
use archboard_types::ApiError;
use archboard_types::bench::{AuthScheme, BenchConfig, BenchTarget, TargetKind};
use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, StatusCode, Url};
use serde_json::{Value, json};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// The bytes sent per request are capped: a benchmark body is a model input, not a file upload.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Why one request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    Connect(String),
    Timeout,
    Status(u16, String),
    BadBody(String),
}

impl CallError {
    pub fn class(&self) -> &'static str {
        match self {
            CallError::Connect(_) => "connect",
            CallError::Timeout => "timeout",
            CallError::Status(..) => "http_status",
            CallError::BadBody(_) => "bad_body",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            CallError::Connect(m) => format!("could not connect: {m}"),
            CallError::Timeout => "no complete answer within the timeout".into(),
            CallError::Status(code, body) => format!("HTTP {code}: {body}"),
            CallError::BadBody(m) => format!("the answer is not what the protocol promises: {m}"),
        }
    }
}

/// What a successful call measured beyond its latency (streaming targets only).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamTiming {
    /// From send to the first token.
    pub first_token: Option<Duration>,
    /// Gaps between successive tokens.
    pub inter_token: Vec<Duration>,
    pub output_tokens: u64,
}

/// What a simulated server answers to one request: the status, then the body's chunks as it
/// sends them (the body ends when the sender is dropped).
pub struct SimulatedAnswer {
    pub status: u16,
    pub body: mpsc::Receiver<bytes::Bytes>,
}

impl SimulatedAnswer {
    /// An answer whose whole body arrives with the status.
    pub fn whole(status: u16, body: impl Into<bytes::Bytes>) -> SimulatedAnswer {
        let (sender, body_receiver) = mpsc::channel(1);
        sender.try_send(body.into()).expect("a new channel has room for one chunk");
        SimulatedAnswer { status, body: body_receiver }
    }
}

/// A server in this process, reached without a socket: the virtual-time tests' stand-in for an
/// inference server. Its answers go through the same status, body and event-stream checks (and
/// the same per-token timing) as answers over HTTP, so only the socket is not under test.
pub trait SimulatedServer: Send + Sync {
    /// Answers one POST of `body`; the future resolves when the status (and, for a plain answer,
    /// the body) is ready, which is when a real server's answer would start to arrive.
    fn post(&self, body: bytes::Bytes) -> Pin<Box<dyn Future<Output = SimulatedAnswer> + Send + '_>>;
}

/// A target ready to be called: the client, the URL and the headers with secrets resolved.
#[derive(Clone)]
pub struct HttpTarget {
    pub kind: TargetKind,
    client: Client,
    url: Url,
    headers: HeaderMap,
    timeout: Duration,
    /// The lean plain-HTTP path for non-streamed requests (absent for https).
    fast: Option<Arc<Connections>>,
    /// Replaces the network when set (the virtual-time tests).
    simulated: Option<Arc<dyn SimulatedServer>>,
    /// Times the tokens of a streamed answer.
    clock: Clock,
}

/// The request body for a batch size; `Bytes` clones share one buffer.
#[derive(Clone)]
pub struct Payload {
    pub body: bytes::Bytes,
    pub batch: u32,
    /// The tensor's shape, for in-process models (whose body is the raw FP32 values).
    pub shape: Vec<usize>,
}

impl HttpTarget {
    /// Checks the configuration and resolves credentials; nothing is sent yet.
    pub fn new(target: &BenchTarget, pool_size: usize) -> Result<HttpTarget, ApiError> {
        let base = parse_url(&target.url)?;
        let model = target.model.trim();
        if matches!(target.kind, TargetKind::KserveV2 | TargetKind::Torchserve | TargetKind::Openai)
            && model.is_empty()
        {
            return Err(ApiError::validation(
                "target.model",
                "Name the model to call (the server's model name).",
            ));
        }
        let url = match target.kind {
            TargetKind::KserveV2 => {
                let mut path = format!("v2/models/{model}");
                if let Some(version) = target.model_version.as_deref().filter(|v| !v.trim().is_empty()) {
                    path.push_str(&format!("/versions/{}", version.trim()));
                }
                join(&base, &format!("{path}/infer"))?
            }
            TargetKind::Torchserve => join(&base, &format!("predictions/{model}"))?,
            TargetKind::Openai => join(&base, "v1/chat/completions")?,
            TargetKind::GenericJson => base.clone(),
            TargetKind::LocalOnnx => {
                return Err(ApiError::internal("a local ONNX target is not an HTTP target"));
            }
        };
        let headers = build_headers(target)?;
        let client = Client::builder()
            .timeout(Duration::from_millis(target.timeout_ms.max(1)))
            .connect_timeout(Duration::from_millis(target.timeout_ms.clamp(1, 10_000)))
            .pool_max_idle_per_host(pool_size.max(1))
            .tcp_nodelay(true)
            // A benchmark measures the server, not a proxy between: the environment's proxy
            // settings are ignored (and reqwest then skips matching every request against them).
            .no_proxy()
            .build()
            .map_err(|e| ApiError::internal(format!("cannot set up the HTTP client: {e}")))?;
        let timeout = Duration::from_millis(target.timeout_ms.max(1));
        let fast = (target.kind != TargetKind::Openai)
            .then(|| Connections::new(&url, &headers, timeout).map(Arc::new))
            .flatten();
        Ok(HttpTarget {
            kind: target.kind,
            client,
            url,
            headers,
            timeout,
            fast,
            simulated: None,
            clock: Clock::Os,
        })
    }

    /// The target as configured, but answered by `server` and timed with `clock` (the
    /// virtual-time tests: `Clock::Tokio` under a paused runtime).
    pub fn simulated(
        target: &BenchTarget,
        server: Arc<dyn SimulatedServer>,
        clock: Clock,
    ) -> Result<HttpTarget, ApiError> {
        let mut http = HttpTarget::new(target, 1)?;
        http.fast = None;
        http.simulated = Some(server);
        http.clock = clock;
        Ok(http)
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Sends one request and reads the whole answer, checking it against the protocol.
    pub async fn call(&self, payload: &Payload) -> Result<StreamTiming, CallError> {
        if let Some(server) = &self.simulated {
            return self.call_simulated(server.as_ref(), payload).await;
        }
        if let Some(fast) = &self.fast {
            let (status, body) = fast.post(payload.body.clone()).await?;
            if !(200..300).contains(&status) {
                return Err(CallError::Status(status, excerpt(&body)));
            }
            check_body(self.kind, &body)?;
            return Ok(StreamTiming::default());
        }
        let sent = self.clock.now();
        let response = self
            .client
            .post(self.url.clone())
            .headers(self.headers.clone())
            .body(payload.body.clone())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if self.kind == TargetKind::Openai && status.is_success() {
            return read_event_stream(Body::Http(response), sent, self.clock).await;
        }
        let body = response.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(CallError::Status(status.as_u16(), excerpt(&body)));
        }
        check_body(self.kind, &body)?;
        Ok(StreamTiming::default())
    }

    /// `call` against a simulated server, with the target's timeout on the run's clock.
    async fn call_simulated(
        &self,
        server: &dyn SimulatedServer,
        payload: &Payload,
    ) -> Result<StreamTiming, CallError> {
        let work = async {
            let sent = self.clock.now();
            let SimulatedAnswer { status, body: mut chunks } = server.post(payload.body.clone()).await;
            let success = (200..300).contains(&status);
            if self.kind == TargetKind::Openai && success {
                return read_event_stream(Body::Simulated(chunks), sent, self.clock).await;
            }
            let mut body = Vec::new();
            while let Some(chunk) = chunks.recv().await {
                body.extend_from_slice(&chunk);
            }
            if !success {
                return Err(CallError::Status(status, excerpt(&body)));
            }
            check_body(self.kind, &body)?;
            Ok(StreamTiming::default())
        };
        tokio::time::timeout(self.timeout, work).await.map_err(|_| CallError::Timeout)?
    }

    /// Asks the server what it knows before the run, so a wrong model or an unreachable host is
    /// reported as such. Returns a line about the server for the record.
    pub async fn preflight(&self, target: &BenchTarget) -> Result<Option<String>, ApiError> {
        let base = parse_url(&target.url)?;
        let probe = match target.kind {
            TargetKind::KserveV2 => {
                let mut path = format!("v2/models/{}", target.model.trim());
                if let Some(version) = target.model_version.as_deref().filter(|v| !v.trim().is_empty()) {
                    path.push_str(&format!("/versions/{}", version.trim()));
                }
                Some(join(&base, &path)?)
            }
            TargetKind::Torchserve => Some(join(&base, "ping")?),
            TargetKind::Openai => Some(join(&base, "v1/models")?),
            TargetKind::GenericJson | TargetKind::LocalOnnx => None,
        };
        let Some(probe) = probe else { return Ok(None) };
        let response =
            self.client.get(probe.clone()).headers(self.headers.clone()).send().await.map_err(|e| {
                ApiError::validation(
                    "target.url",
                    format!("Cannot reach {}: {}.", redact_url(&probe), transport_error(e).describe()),
                )
            })?;
        let status = response.status();
        let body = response.bytes().await.unwrap_or_default();
        match (target.kind, status) {
            (TargetKind::KserveV2, StatusCode::NOT_FOUND) => Err(ApiError::validation(
                "target.model",
                format!(
                    "The server at {} has no model called `{}` (HTTP 404 from {}).",
                    redact_url(&base),
                    target.model.trim(),
                    probe.path()
                ),
            )),
            (_, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => Err(ApiError::validation(
                "target.auth",
                format!("The server refused the credentials (HTTP {}).", status.as_u16()),
            )),
            (TargetKind::KserveV2, s) if !s.is_success() => Err(ApiError::validation(
                "target.url",
                format!(
                    "{} answered HTTP {} to a model metadata request: {}",
                    redact_url(&probe),
                    s.as_u16(),
                    excerpt(&body)
                ),
            )),
            (_, s) if s.is_success() => Ok(Some(excerpt(&body))),
            // TorchServe's ping and OpenAI's model list are optional on some servers; the first
            // real request decides.
            _ => Ok(None),
        }
    }
}

fn parse_url(text: &str) -> Result<Url, ApiError> {
    let url = Url::parse(text.trim())
        .map_err(|e| ApiError::validation("target.url", format!("`{}` is not a URL: {e}.", text.trim())))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::validation(
            "target.url",
            format!("The URL must start with http:// or https://, not {}://.", url.scheme()),
        ));
    }
    Ok(url)
}

/// Joins `path` to the base URL, keeping any path prefix the base has (`/serving/` proxies).
fn join(base: &Url, path: &str) -> Result<Url, ApiError> {
    let mut prefixed = base.clone();
    if !prefixed.path().ends_with('/') {
        prefixed.set_path(&format!("{}/", prefixed.path()));
    }
    prefixed
        .join(path)
        .map_err(|e| ApiError::validation("target.url", format!("cannot build the request URL: {e}")))
}

fn build_headers(target: &BenchTarget) -> Result<HeaderMap, ApiError> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (index, header) in target.headers.iter().enumerate() {
        let field = format!("target.headers[{index}]");
        let name = HeaderName::from_bytes(header.name.trim().as_bytes())
            .map_err(|_| ApiError::validation(&field, format!("`{}` is not a header name.", header.name)))?;
        let value = expand_env(&header.value, &field)?;
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            ApiError::validation(
                &field,
                format!("The value of `{}` is not a valid header value.", header.name),
            )
        })?;
        value.set_sensitive(true);
        headers.insert(name, value);
    }
    if let Some(auth) = &target.auth {
        let secret = resolve_secret(&auth.secret)?;
        let value = match auth.scheme {
            AuthScheme::Bearer => format!("Bearer {secret}"),
            AuthScheme::Basic => {
                if !secret.contains(':') {
                    return Err(ApiError::validation(
                        "target.auth",
                        format!("The basic-auth secret `{}` must hold `user:password`.", auth.secret),
                    ));
                }
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(secret.as_bytes()))
            }
        };
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            ApiError::validation("target.auth", "The credential holds characters a header cannot carry.")
        })?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    Ok(headers)
}

/// Replaces `${NAME}` with the environment variable's value.
fn expand_env(value: &str, field: &str) -> Result<String, ApiError> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| ApiError::validation(field, "A `${` in a header value has no closing `}`."))?;
        let name = &after[..end];
        let resolved = std::env::var(name).map_err(|_| {
            ApiError::validation(
                field,
                format!("The environment variable `{name}` named in a header is not set."),
            )
        })?;
        out.push_str(&resolved);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn transport_error(error: reqwest::Error) -> CallError {
    if error.is_timeout() {
        return CallError::Timeout;
    }
    // The innermost cause says what actually happened ("Connection refused").
    let mut cause: &dyn std::error::Error = &error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    CallError::Connect(cause.to_string())
}

/// The first 200 characters of a body, on one line.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 {
        format!("{}…", line.chars().take(200).collect::<String>())
    } else {
        line
    }
}

fn check_body(kind: TargetKind, body: &[u8]) -> Result<(), CallError> {
    match kind {
        TargetKind::KserveV2 => {
            // Checked for shape without building the values: the client must stay cheap.
            #[derive(serde::Deserialize)]
            struct Answer {
                #[expect(dead_code, reason = "only its presence and shape are checked")]
                outputs: Vec<serde::de::IgnoredAny>,
            }
            match serde_json::from_slice::<Answer>(body) {
                Ok(_) => Ok(()),
                Err(e) if e.is_data() => {
                    Err(CallError::BadBody(format!("no `outputs` array in {}", excerpt(body))))
                }
                Err(e) => Err(CallError::BadBody(format!("not JSON ({e}): {}", excerpt(body)))),
            }
        }
        TargetKind::GenericJson => serde_json::from_slice::<serde::de::IgnoredAny>(body)
            .map(|_| ())
            .map_err(|e| CallError::BadBody(format!("not JSON ({e}): {}", excerpt(body)))),
        TargetKind::Torchserve => {
            if body.is_empty() {
                Err(CallError::BadBody("an empty answer".into()))
            } else {
                Ok(())
            }
        }
        TargetKind::Openai | TargetKind::LocalOnnx => Ok(()),
    }
}

/// Where a streamed answer's chunks come from.
enum Body {
    Http(reqwest::Response),
    Simulated(mpsc::Receiver<bytes::Bytes>),
}

impl Body {
    async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, CallError> {
        match self {
            Body::Http(response) => response.chunk().await.map_err(transport_error),
            Body::Simulated(chunks) => Ok(chunks.recv().await),
        }
    }
}

/// Reads an OpenAI-style server-sent event stream, timing each content chunk as a token.
async fn read_event_stream(mut body: Body, sent: Instant, clock: Clock) -> Result<StreamTiming, CallError> {
    let mut timing = StreamTiming::default();
    let mut pending = Vec::<u8>::new();
    let mut last_token: Option<Instant> = None;
    let mut reported_tokens: Option<u64> = None;
    let mut done = false;
    let mut chunks_seen = 0u64;
    while let Some(chunk) = body.chunk().await? {
        let now = clock.now();
        pending.extend_from_slice(&chunk);
        while let Some(newline) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=newline).collect();
            let line = String::from_utf8_lossy(&line);
            let Some(data) = line.trim().strip_prefix("data:") else { continue };
            let data = data.trim();
            if data == "[DONE]" {
                done = true;
                continue;
            }
            let event: Value = serde_json::from_str(data).map_err(|e| {
                CallError::BadBody(format!("an event is not JSON ({e}): {}", excerpt(data.as_bytes())))
            })?;
            chunks_seen += 1;
            if let Some(tokens) = event.pointer("/usage/completion_tokens").and_then(Value::as_u64) {
                reported_tokens = Some(tokens);
            }
            let content = event
                .pointer("/choices/0/delta/content")
                .or_else(|| event.pointer("/choices/0/text"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if content.is_empty() {
                continue;
            }
            timing.output_tokens += 1;
            match last_token {
                None => timing.first_token = Some(now - sent),
                Some(previous) => timing.inter_token.push(now - previous),
            }
            last_token = Some(now);
        }
    }
    if chunks_seen == 0 {
        return Err(CallError::BadBody("the stream held no `data:` events".into()));
    }
    if !done && timing.output_tokens == 0 {
        return Err(CallError::BadBody("the stream ended without tokens or `[DONE]`".into()));
    }
    if let Some(tokens) = reported_tokens {
        timing.output_tokens = tokens.max(timing.output_tokens);
    }
    Ok(timing)
}

/// Builds the request body for each batch size the scenario needs.
pub fn payload(config: &BenchConfig, batch: u32) -> Result<Payload, ApiError> {
    let target = &config.target;
    if target.kind == TargetKind::LocalOnnx {
        return onnx_payload(config, batch);
    }
    if let Some(file) = &target.body_file {
        let name = &file.path;
        if file.content.len() as u64 > MAX_BODY_BYTES {
            return Err(ApiError::validation(
                "target.body_file",
                format!("The body file {name} is {} MB; the limit is 64 MB.", file.content.len() / 1_000_000),
            ));
        }
        let body = file.content.as_slice().to_vec();
        if target.kind == TargetKind::GenericJson && serde_json::from_slice::<Value>(&body).is_err() {
            return Err(ApiError::validation(
                "target.body_file",
                format!("The body file {name} is not JSON."),
            ));
        }
        return Ok(Payload { body: body.into(), batch: 1, shape: Vec::new() });
    }
    let body = match target.kind {
        TargetKind::KserveV2 | TargetKind::Torchserve => {
            let input = &config.input;
            let mut shape = input.shape.clone();
            if shape.is_empty() || shape.contains(&0) {
                return Err(ApiError::validation(
                    "input.shape",
                    "The input shape needs at least one dimension, none of them 0.",
                ));
            }
            shape[0] = u64::from(batch);
            let elements: u64 = shape.iter().product();
            if elements > 16_000_000 {
                return Err(ApiError::validation(
                    "input.shape",
                    format!(
                        "{elements} elements per request is more than the 16 million a generated input allows."
                    ),
                ));
            }
            let data = generated_data(&input.dtype, elements as usize, config.settings.seed)?;
            if target.kind == TargetKind::KserveV2 {
                json!({"inputs": [{"name": input.name, "shape": shape, "datatype": input.dtype.to_uppercase(), "data": data}]})
            } else {
                json!({"data": data, "shape": shape})
            }
        }
        TargetKind::Openai => {
            let words: Vec<&str> = LOREM.split(' ').collect();
            let prompt: Vec<&str> =
                (0..config.input.prompt_tokens as usize).map(|i| words[i % words.len()]).collect();
            json!({
                "model": target.model.trim(),
                "messages": [{"role": "user", "content": prompt.join(" ")}],
                "max_tokens": config.input.max_output_tokens,
                "stream": true,
                "stream_options": {"include_usage": true},
            })
        }
        TargetKind::GenericJson => {
            return Err(ApiError::validation(
                "target.body_file",
                "A generic JSON target needs a request body file.",
            ));
        }
        TargetKind::LocalOnnx => return onnx_payload(config, batch),
    };
    Ok(Payload { body: body.to_string().into_bytes().into(), batch, shape: Vec::new() })
}

/// An in-process model's input: FP32 values generated from the seed, the batch first.
fn onnx_payload(config: &BenchConfig, batch: u32) -> Result<Payload, ApiError> {
    let input = &config.input;
    if !input.dtype.eq_ignore_ascii_case("FP32") {
        return Err(ApiError::validation(
            "input.dtype",
            format!("Local ONNX runs take FP32 inputs; `{}` is not supported yet.", input.dtype),
        ));
    }
    let mut shape: Vec<usize> = input.shape.iter().map(|d| *d as usize).collect();
    if shape.is_empty() || shape.contains(&0) {
        return Err(ApiError::validation(
            "input.shape",
            "The input shape needs at least one dimension, none of them 0.",
        ));
    }
    shape[0] = batch as usize;
    if shape.iter().product::<usize>() > 16_000_000 {
        return Err(ApiError::validation("input.shape", "More than 16 million input values per inference."));
    }
    let body = super::onnx::input_bytes(&shape, config.settings.seed);
    Ok(Payload { body: body.into(), batch, shape })
}

const LOREM: &str =
    "review the design of the serving path and list the risks that matter most for latency cost and safety";

/// A xorshift stream fixed by `seed`: generated inputs are the same on every run with that seed
/// (and their values do not matter, only their count and type).
pub(crate) fn seeded_values(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Deterministic input values for `dtype`, from the run's seed.
fn generated_data(dtype: &str, elements: usize, seed: u64) -> Result<Value, ApiError> {
    let mut next = seeded_values(seed);
    let values: Vec<Value> = match dtype.to_uppercase().as_str() {
        "FP32" | "FP16" | "FP64" | "BF16" => {
            (0..elements).map(|_| json!(((next() % 2000) as f64 / 1000.0) - 1.0)).collect()
        }
        "INT64" | "INT32" | "INT16" | "INT8" => (0..elements).map(|_| json!((next() % 100) as i64)).collect(),
        "UINT8" | "UINT16" | "UINT32" | "UINT64" => (0..elements).map(|_| json!(next() % 200)).collect(),
        "BOOL" => (0..elements).map(|_| json!(next().is_multiple_of(2))).collect(),
        "BYTES" => (0..elements).map(|i| json!(format!("sample {i}"))).collect(),
        other => {
            return Err(ApiError::validation(
                "input.dtype",
                format!(
                    "`{other}` is not a KServe v2 datatype (FP32, FP16, INT64, INT32, UINT8, BOOL, BYTES, …)."
                ),
            ));
        }
    };
    Ok(Value::Array(values))
}

/// The URL as recorded: no user info, and the values of query parameters that look like
/// secrets replaced.
pub fn redact_url(url: &Url) -> String {
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    if clean.query().is_some() {
        let pairs: Vec<(String, String)> = clean
            .query_pairs()
            .map(|(k, v)| {
                let lower = k.to_lowercase();
                let secret = ["key", "token", "secret", "sig", "password", "auth", "code"]
                    .iter()
                    .any(|s| lower.contains(s));
                (k.into_owned(), if secret { "REDACTED".to_owned() } else { v.into_owned() })
            })
            .collect();
        clean.query_pairs_mut().clear().extend_pairs(pairs);
    }
    clean.to_string()
}

/// `redact_url` for text that may not parse: then whatever precedes an `@` (user info) and
/// follows a `?` (the query) is dropped.
pub fn redact_text_url(text: &str) -> String {
    // "user:pass@host" parses as a URL with the scheme "user"; only web URLs are trusted as parsed.
    match Url::parse(text.trim()).ok().filter(|url| matches!(url.scheme(), "http" | "https")) {
        Some(url) => redact_url(&url),
        None => {
            let host_and_path = text.trim().rsplit('@').next().unwrap_or("");
            host_and_path.split('?').next().unwrap_or("").to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_secrets_when_recorded() {
        let url = Url::parse("https://alice:hunter2@infer.example/v2?api_key=abc123&model=x").unwrap();
        let recorded = redact_url(&url);
        assert!(
            !recorded.contains("hunter2") && !recorded.contains("alice") && !recorded.contains("abc123"),
            "{recorded}"
        );
        assert!(recorded.contains("model=x") && recorded.contains("api_key=REDACTED"), "{recorded}");
        // Text that is not a URL keeps neither user info nor query.
        assert_eq!(redact_text_url("alice:hunter2@infer?token=abc"), "infer");
    }

    #[test]
    fn request_urls_follow_each_protocol_and_keep_a_path_prefix() {
        let target = |kind, url: &str| BenchTarget {
            kind,
            url: url.into(),
            model: "tiny".into(),
            model_version: None,
            body_file: None,
            model_file: None,
            auth: None,
            headers: vec![],
            timeout_ms: 1000,
        };
        let kserve =
            HttpTarget::new(&target(TargetKind::KserveV2, "http://127.0.0.1:8080/serving"), 1).unwrap();
        assert_eq!(kserve.url().as_str(), "http://127.0.0.1:8080/serving/v2/models/tiny/infer");
        let torch = HttpTarget::new(&target(TargetKind::Torchserve, "http://127.0.0.1:8080"), 1).unwrap();
        assert_eq!(torch.url().as_str(), "http://127.0.0.1:8080/predictions/tiny");
        let error = HttpTarget::new(&target(TargetKind::KserveV2, "ftp://x"), 1).err().unwrap();
        assert_eq!(error.field.as_deref(), Some("target.url"));
        let mut nameless = target(TargetKind::Openai, "http://127.0.0.1:1");
        nameless.model = " ".into();
        assert_eq!(HttpTarget::new(&nameless, 1).err().unwrap().field.as_deref(), Some("target.model"));
    }

    #[test]
    fn kserve_bodies_carry_the_batch_and_a_wrong_dtype_is_named() {
        let mut config = BenchConfig {
            name: String::new(),
            target: BenchTarget {
                kind: TargetKind::KserveV2,
                url: "http://127.0.0.1:1".into(),
                model: "m".into(),
                model_version: None,
                body_file: None,
                model_file: None,
                auth: None,
                headers: vec![],
                timeout_ms: 1000,
            },
            input: Default::default(),
            scenario: archboard_types::bench::Scenario::SingleStream,
            settings: Default::default(),
            profile: None,
        };
        let body: Value = serde_json::from_slice(&payload(&config, 4).unwrap().body).unwrap();
        assert_eq!(body["inputs"][0]["shape"], json!([4, 16]));
        assert_eq!(body["inputs"][0]["data"].as_array().unwrap().len(), 64);
        config.input.dtype = "FLOAT".into();
        assert_eq!(payload(&config, 1).err().unwrap().field.as_deref(), Some("input.dtype"));
    }
}
