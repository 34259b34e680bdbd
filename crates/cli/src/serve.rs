//! The HTTP mode (`archboard serve`): the contract's table as `POST /api/<name>` plus the
//! built UI, on loopback by default, behind a random per-start token. Holds no domain logic:
//! it authenticates, parses JSON and forwards to [`Services::dispatch`].

use archboard_engine::Services;
use archboard_types::{ApiError, ErrorCode};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::post;
use serde_json::Value;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The page CSP for the browser UI: only our own scripts and the wasm module, no inline code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-src 'self'; frame-ancestors 'self'";

/// The largest API request accepted (an ADR folder upload).
pub const API_BODY_MAX_BYTES: usize = 256 * 1024 * 1024;

/// Where `archboard serve` finds the built UI unless `--ui-dir` or `ARCHBOARD_UI_DIR` say otherwise.
pub fn default_ui_dir() -> PathBuf {
    std::env::var_os("ARCHBOARD_UI_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist")))
}

pub struct ServeOptions {
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub ui_dir: PathBuf,
}

#[derive(Clone)]
struct AppState {
    services: Arc<Mutex<Services>>,
    token: Arc<str>,
    cookie_name: Arc<str>,
}

/// A fresh 256-bit token, hex encoded.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| std::io::Error::other(format!("no randomness for the token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Binds, reports the URL (with the token) through `on_ready`, and serves until Ctrl-C.
pub async fn run(
    services: Services,
    options: ServeOptions,
    on_ready: impl FnOnce(&str),
) -> std::io::Result<()> {
    let token = new_token()?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.host, options.port)).await?;
    let address = listener.local_addr()?;
    let state = AppState {
        services: Arc::new(Mutex::new(services)),
        token: token.clone().into(),
        cookie_name: format!("archboard_token_{}", address.port()).into(),
    };
    let app = router(state, &options.ui_dir);
    let host = match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    on_ready(&format!("http://{host}:{}/?token={token}", address.port()));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

fn router(state: AppState, ui_dir: &std::path::Path) -> Router {
    let index = ui_dir.join("index.html");
    let static_files = if index.is_file() {
        Router::new().fallback_service(ServeDir::new(ui_dir).fallback(ServeFile::new(index)))
    } else {
        let message = format!(
            "<!doctype html><title>Archboard</title><p>The Archboard UI has not been built at {}. \
             Run <code>make ui</code>, or pass <code>--ui-dir</code>. The API at /api/ works.</p>",
            html_escape(&ui_dir.display().to_string())
        );
        Router::new().fallback(move || async move { Html(message) })
    };
    Router::new()
        // Imports carry whole ADR folders; the default 2 MB body limit is too small for them.
        .route("/api/{name}", post(api).layer(axum::extract::DefaultBodyLimit::max(API_BODY_MAX_BYTES)))
        .merge(static_files)
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state)
}

async fn api(
    State(state): State<AppState>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        // Requiring JSON also stops cross-site form posts, which cannot set this type.
        return error_response(ApiError::new(
            ErrorCode::BadRequest,
            "Send the request body as JSON with `Content-Type: application/json`.",
        ));
    }
    let request: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(e) => {
                return error_response(ApiError::new(
                    ErrorCode::BadRequest,
                    format!("The request body for `{name}` is not valid JSON: {e}."),
                ));
            }
        }
    };
    let services = state.services.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut services = services.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        services.dispatch(&name, request)
    })
    .await;
    match outcome {
        Ok(Ok(value)) => {
            (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], axum::Json(value)).into_response()
        }
        Ok(Err(error)) => error_response(error),
        Err(join_error) => error_response(ApiError::internal(format!("the operation failed: {join_error}"))),
    }
}

fn error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(error)).into_response()
}

/// Lets a request through when it carries the token as a bearer header or in the session
/// cookie. A page request with `?token=` gets the cookie set and is redirected to the clean URL.
async fn require_token(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| same_secret(t.trim(), &state.token));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == &*state.cookie_name && same_secret(value, &state.token));
    if bearer || cookie {
        return next.run(request).await;
    }
    if query_token(request.uri()).is_some_and(|token| same_secret(&token, &state.token)) {
        let cookie = format!("{}={}; Path=/; HttpOnly; SameSite=Strict", state.cookie_name, state.token);
        let mut response = Redirect::to(request.uri().path()).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    error_response(ApiError::new(
        ErrorCode::Unauthorized,
        "This Archboard server needs its session token: open the URL it printed at start-up.",
    ))
}

fn query_token(uri: &Uri) -> Option<String> {
    uri.query()?.split('&').find_map(|pair| pair.strip_prefix("token=")).map(str::to_owned)
}

/// Compares without an early exit, so response timing does not reveal how much matched.
fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn secret_comparison_requires_exact_match() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
    }

    #[test]
    fn token_is_read_from_the_query() {
        let uri: Uri = "/?x=1&token=abc".parse().unwrap();
        assert_eq!(query_token(&uri).as_deref(), Some("abc"));
        assert_eq!(query_token(&"/".parse().unwrap()), None);
    }
}
