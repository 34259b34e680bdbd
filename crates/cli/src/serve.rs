//! The HTTP mode (`archboard serve`): the contract's table as `POST /api/<name>` plus the
//! built UI. Two ways in: one person's board on loopback behind a random per-start token, or
//! (`--team`) a board served to named users who sign in ([`team`]). Holds no domain logic: it
//! authenticates, checks the content type and origin, and hands the raw body to the engine's
//! dispatcher, which checks the caller's permission and decodes it into the request type.
//! Requests take turns with a [`pool::Pool`] of connections, so reads do not wait for each other.

pub mod pool;
mod team;
pub mod tls;

use archboard_engine::Services;
use archboard_engine::jobs::Jobs;
use archboard_types::{ApiError, ErrorCode};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::post;
use pool::Pool;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
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
    /// PEM certificate chain and key: serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The address people reach a team server at (behind a name, a proxy or a fixed port), for
    /// whole invitation links; without it, the bound address.
    pub public_url: Option<String>,
}

/// How requests prove who they are.
#[derive(Clone)]
enum Access {
    /// One person: the per-start token as a bearer header or cookie; they act as the OS user.
    Token { token: Arc<str>, https: bool },
    /// A team: sessions from signing in, or personal API tokens.
    Team(Arc<team::TeamAccess>),
}

#[derive(Clone)]
struct AppState {
    pool: Arc<Pool>,
    access: Access,
    cookie_name: Arc<str>,
}

impl AppState {
    /// The cookie is named after the port, so two servers on one host keep their sessions apart.
    fn with_token(pool: Pool, token: &str, port: u16, https: bool) -> AppState {
        AppState {
            pool: Arc::new(pool),
            access: Access::Token { token: token.into(), https },
            cookie_name: format!("archboard_token_{port}").into(),
        }
    }

    fn for_team(pool: Pool, port: u16, https: bool) -> AppState {
        AppState {
            pool: Arc::new(pool),
            access: Access::Team(Arc::new(team::TeamAccess::new(https))),
            cookie_name: format!("archboard_session_{port}").into(),
        }
    }
}

/// A fresh 256-bit token, hex encoded.
pub fn new_token() -> std::io::Result<String> {
    archboard_engine::services::new_secret().map_err(|e| std::io::Error::other(e.message))
}

/// Opens `size` connections to one board: for the person at this machine, or (`team`) for
/// signed-in users only.
pub fn open_pool(path: &std::path::Path, team: bool, size: usize) -> Result<Pool, ApiError> {
    let boards = (0..size.max(1))
        .map(|_| {
            if team {
                Services::open_team(path, Jobs::global())
            } else {
                Services::open(path, archboard_engine::services::Adapter::Http)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Sources with an interval sync while `serve` runs.
    archboard_engine::services::sync::SyncScheduler::start(Jobs::global()).set_board(path);
    Ok(Pool::new(boards))
}

/// Binds, reports the URL (with the token, for one person's board) through `on_ready`, and
/// serves until Ctrl-C or SIGTERM.
pub async fn run(
    pool: Pool,
    team: bool,
    options: ServeOptions,
    on_ready: impl FnOnce(&str),
) -> std::io::Result<()> {
    let tls = match &options.tls {
        Some((cert, key)) => Some(tls::server_config(cert, key)?),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(options.host, options.port)).await?;
    let address = listener.local_addr()?;
    let host = match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://{host}:{}", address.port());
    let (state, url) = if team {
        // `Secure` whenever the server speaks HTTPS. On plain-HTTP loopback it is left off:
        // WebKit (the desktop window) drops Secure cookies from http://127.0.0.1, and loopback
        // traffic never leaves the machine.
        let state = AppState::for_team(pool, address.port(), tls.is_some());
        let recorded = options.public_url.clone().unwrap_or_else(|| base.clone());
        state
            .pool
            .with(|services| services.record_team_server_url(&recorded))
            .map_err(std::io::Error::other)?;
        (state, format!("{base}/"))
    } else {
        let token = new_token()?;
        let url = format!("{base}/?token={token}");
        (AppState::with_token(pool, &token, address.port(), tls.is_some()), url)
    };
    let app = router(state, &options.ui_dir);
    on_ready(&url);
    let shutdown = async {
        stop_requested().await;
        // Running benchmarks end as cancelled and store what they measured before the
        // server stops; their connections (to this very server, sometimes) close with them,
        // so the graceful shutdown that follows is not held open by them.
        let _ = tokio::task::spawn_blocking(|| Jobs::global().cancel_all_and_wait(JOBS_PATIENCE)).await;
    };
    match tls {
        Some(config) => {
            let listener = tls::TlsListener::new(listener, config)?;
            axum::serve(listener, app.into_make_service_with_connect_info::<ClientAddress>())
                .with_graceful_shutdown(shutdown)
                .await
        }
        None => {
            axum::serve(listener, app.into_make_service_with_connect_info::<ClientAddress>())
                .with_graceful_shutdown(shutdown)
                .await
        }
    }
}

/// The peer's address, over plain TCP or TLS alike (the sign-in limit per address reads it).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub SocketAddr);

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, tokio::net::TcpListener>>
    for ClientAddress
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        ClientAddress(*stream.remote_addr())
    }
}

impl axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, tls::TlsListener>>
    for ClientAddress
{
    fn connect_info(stream: axum::serve::IncomingStream<'_, tls::TlsListener>) -> Self {
        ClientAddress(*stream.remote_addr())
    }
}

/// The address asked for, less its `token=` parameter, so a deep link's filters survive the
/// sign-in redirect.
fn without_token(uri: &Uri) -> String {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("token="))
        .collect();
    if rest.is_empty() { uri.path().to_owned() } else { format!("{}?{}", uri.path(), rest.join("&")) }
}

/// How long a stopping server waits for its jobs to store their results.
const JOBS_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Ctrl-C, or SIGTERM from a service manager or a test's process guard.
async fn stop_requested() {
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
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
    let guarded = Router::new()
        // Imports carry whole ADR folders; the default 2 MB body limit is too small for them.
        .route("/api/{name}", post(api).layer(axum::extract::DefaultBodyLimit::max(API_BODY_MAX_BYTES)))
        .merge(static_files);
    let app = match &state.access {
        Access::Token { .. } => guarded.layer(middleware::from_fn_with_state(state.clone(), require_token)),
        Access::Team(_) => team::routes()
            .merge(guarded.layer(middleware::from_fn_with_state(state.clone(), team::require_session))),
    };
    app.layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    ))
    .layer(SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    // Our own address to our own pages only (so browsers send a real Origin with same-origin
    // posts), nothing to anyone else.
    .layer(SetResponseHeaderLayer::overriding(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    ))
    .with_state(state)
}

/// Who a request was let in as, put there by the access layer.
#[derive(Clone)]
enum Credential {
    /// One person's board: the Services' own caller.
    Owner,
    /// A team board: the signed-in (or token-holding) user, read afresh for this request.
    User(archboard_engine::services::Caller),
}

async fn api(
    State(state): State<AppState>,
    UrlPath(name): UrlPath<String>,
    axum::Extension(credential): axum::Extension<Credential>,
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
    // The bytes go to the engine as they came: it decodes them once, into the request type
    // (an empty body counts as `{}`), and answers a malformed one with a 400 naming the
    // operation. No JSON tree is built here, which matters for folder uploads of many MB.
    let pool = state.pool.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        pool.with(|services| match credential {
            Credential::Owner => services.dispatch_json(&name, &body),
            Credential::User(caller) => services.dispatch_json_as(caller, &name, &body),
        })
    })
    .await;
    match outcome {
        Ok(Ok(json)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")],
            json,
        )
            .into_response(),
        Ok(Err(error)) => error_response(error),
        Err(join_error) => error_response(ApiError::internal(format!("the operation failed: {join_error}"))),
    }
}

fn error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(error)).into_response()
}

/// The value of cookie `name`, if the request carries it.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

/// Lets a request through when it carries the token as a bearer header or in the session
/// cookie. A page request with `?token=` gets the cookie set and is redirected to the clean URL.
async fn require_token(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Access::Token { token, https } = &state.access else {
        return error_response(ApiError::internal("token access on a team server"));
    };
    let headers = request.headers();
    let by_bearer = bearer(headers).is_some_and(|t| same_secret(&t, token));
    let by_cookie = cookie_value(headers, &state.cookie_name).is_some_and(|t| same_secret(&t, token));
    if by_bearer || by_cookie {
        request.extensions_mut().insert(Credential::Owner);
        return next.run(request).await;
    }
    if query_token(request.uri()).is_some_and(|given| same_secret(&given, token)) {
        let secure = if *https { "; Secure" } else { "" };
        let cookie = format!("{}={}; Path=/; HttpOnly; SameSite=Strict{secure}", state.cookie_name, token);
        let mut response = Redirect::to(&without_token(request.uri())).into_response();
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
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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

    #[test]
    fn the_sign_in_redirect_keeps_the_rest_of_the_address() {
        let uri: Uri = "/decisions?status=accepted&token=abc&tag=ml".parse().unwrap();
        assert_eq!(without_token(&uri), "/decisions?status=accepted&tag=ml");
        assert_eq!(without_token(&"/benchmarks/x?token=abc".parse().unwrap()), "/benchmarks/x");
    }

    /// The router in process, driven with `oneshot`: the same layers and handlers `run` serves,
    /// over a temporary board, without a socket or a child process.
    mod router {
        use super::super::*;
        use archboard_engine::jobs::Jobs;
        use archboard_engine::services::Adapter;
        use archboard_types::adr::{Adr, AdrSummary};
        use axum::body::Body;
        use http_body_util::BodyExt;
        use tower::ServiceExt;

        const TOKEN: &str = "0123456789abcdef0123456789abcdef";
        const PORT: u16 = 4242;
        const INDEX: &str = "<!doctype html><title>Archboard UI</title>";

        /// A fresh board behind the router; with `ui`, a built UI folder holding `index.html`.
        fn app(ui: bool) -> (tempfile::TempDir, Router) {
            let dir = tempfile::tempdir().unwrap();
            let services =
                Services::open_with_jobs(&dir.path().join("board.db"), Adapter::Http, Jobs::default())
                    .unwrap();
            let pool = Pool::new(vec![services]);
            let ui_dir = dir.path().join("ui");
            if ui {
                std::fs::create_dir_all(&ui_dir).unwrap();
                std::fs::write(ui_dir.join("index.html"), INDEX).unwrap();
            }
            let app = router(AppState::with_token(pool, TOKEN, PORT, false), &ui_dir);
            (dir, app)
        }

        struct Answer {
            status: StatusCode,
            headers: HeaderMap,
            body: Vec<u8>,
        }

        impl Answer {
            fn error(&self) -> ApiError {
                serde_json::from_slice(&self.body).unwrap_or_else(|e| {
                    panic!("not an ApiError ({e}): {}", String::from_utf8_lossy(&self.body))
                })
            }

            fn text(&self) -> String {
                String::from_utf8_lossy(&self.body).into_owned()
            }
        }

        async fn send(app: &Router, request: axum::http::Request<Body>) -> Answer {
            let response = app.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
            Answer { status, headers, body }
        }

        /// `POST /api/<name>` as the UI sends it: bearer token, JSON content type.
        fn api(name: &str, body: &str) -> axum::http::Request<Body> {
            axum::http::Request::post(format!("/api/{name}"))
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap()
        }

        #[tokio::test]
        async fn requests_without_the_right_token_are_refused() {
            let (_dir, app) = app(true);
            let bare = axum::http::Request::post("/api/app_info")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let answer = send(&app, bare).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            assert_eq!(answer.error().code, ErrorCode::Unauthorized);

            let wrong = axum::http::Request::post("/api/app_info")
                .header(header::AUTHORIZATION, "Bearer 0123456789abcdef0123456789abcdee")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);

            let page = axum::http::Request::get("/").body(Body::empty()).unwrap();
            assert_eq!(send(&app, page).await.status, StatusCode::UNAUTHORIZED, "no page without it either");
        }

        #[tokio::test]
        async fn only_json_bodies_are_accepted() {
            let (_dir, app) = app(false);
            let form = axum::http::Request::post("/api/adr_create")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("title=x"))
                .unwrap();
            let answer = send(&app, form).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST);
            let error = answer.error();
            assert_eq!(error.code, ErrorCode::BadRequest);
            assert!(error.message.contains("Content-Type: application/json"), "{}", error.message);

            let with_charset = axum::http::Request::post("/api/adr_list")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8")
                .body(Body::from("{}"))
                .unwrap();
            let answer = send(&app, with_charset).await;
            assert_eq!(
                (answer.status, answer.text().as_str()),
                (StatusCode::OK, "[]"),
                "and nothing was written"
            );
        }

        #[tokio::test]
        async fn an_unknown_operation_is_a_404_with_the_api_error() {
            let (_dir, app) = app(false);
            let answer = send(&app, api("no_such_thing", "{}")).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND);
            let error = answer.error();
            assert_eq!(error.code, ErrorCode::UnknownEndpoint);
            assert_eq!(error.message, "There is no operation called `no_such_thing`.");
        }

        #[tokio::test]
        async fn a_good_call_answers_200_with_the_response_as_json() {
            let (_dir, app) = app(false);
            let answer = send(
                &app,
                api("adr_create", r#"{"title": "Serve over loopback only", "tags": ["security"]}"#),
            )
            .await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            assert_eq!(answer.headers[header::CONTENT_TYPE], "application/json");
            assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
            assert_eq!(answer.headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
            let adr: Adr = serde_json::from_slice(&answer.body).unwrap();
            assert_eq!((adr.number, adr.tags.as_slice()), (1, &["security".to_owned()][..]));

            // An empty body counts as `{}` for the operations that need nothing.
            let answer = send(&app, api("adr_list", "")).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            let list: Vec<AdrSummary> = serde_json::from_slice(&answer.body).unwrap();
            assert_eq!(
                list.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
                ["Serve over loopback only"]
            );
        }

        #[tokio::test]
        async fn a_malformed_body_is_a_400_naming_the_operation() {
            let (_dir, app) = app(false);
            for body in [r#"{"title": "#, r#"{"titel": "typo"}"#, "[1, 2]"] {
                let answer = send(&app, api("adr_create", body)).await;
                assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
                let error = answer.error();
                assert_eq!(error.code, ErrorCode::BadRequest, "{body}");
                assert!(error.message.contains("`adr_create`"), "{body}: {}", error.message);
            }
            let answer = send(&app, api("adr_list", "{}")).await;
            assert_eq!(answer.text(), "[]", "nothing was written");
        }

        #[tokio::test]
        async fn a_local_model_named_by_path_is_refused_with_the_engines_message() {
            let (dir, app) = app(false);
            // A file that exists, so the refusal is the HTTP front's rule and not "no such file".
            let model = dir.path().join("model.onnx");
            std::fs::write(&model, b"not really a model").unwrap();
            let config = serde_json::json!({
                "target": {"kind": "local_onnx", "url": model.display().to_string()},
                "scenario": {"type": "single_stream"},
            });
            let answer = send(&app, api("bench_start", &config.to_string())).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text());
            let error = answer.error();
            assert_eq!((error.code, error.field.as_deref()), (ErrorCode::Validation, Some("target.url")));
            assert!(error.message.contains("does not open model files by path"), "{}", error.message);
        }

        #[tokio::test]
        async fn the_printed_url_sets_the_cookie_and_ui_routes_fall_back_to_index_html() {
            let (_dir, app) = app(true);
            let first =
                send(&app, axum::http::Request::get(format!("/?token={TOKEN}")).body(Body::empty()).unwrap())
                    .await;
            assert!(first.status.is_redirection(), "{}", first.status);
            assert_eq!(first.headers[header::LOCATION], "/", "the token leaves the address bar");
            let cookie = first.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
            assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
            let pair = cookie.split(';').next().unwrap().to_owned();
            assert_eq!(pair, format!("archboard_token_{PORT}={TOKEN}"));

            // A deep link the UI routes itself: the server answers the app's page.
            let deep = axum::http::Request::get("/decisions/7")
                .header(header::COOKIE, &pair)
                .body(Body::empty())
                .unwrap();
            let answer = send(&app, deep).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.text(), INDEX);
            assert_eq!(answer.headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);

            // The cookie works for the API as well.
            let info = axum::http::Request::post("/api/app_info")
                .header(header::COOKIE, &pair)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::empty())
                .unwrap();
            let answer = send(&app, info).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            let info: archboard_types::system::AppInfo = serde_json::from_slice(&answer.body).unwrap();
            assert_eq!(info.adapter, "http");
        }

        #[tokio::test]
        async fn without_a_built_ui_pages_say_how_to_build_it() {
            let (_dir, app) = app(false);
            let page = axum::http::Request::get("/decisions/7")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .unwrap();
            let answer = send(&app, page).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert!(answer.text().contains("make ui"), "{}", answer.text());
        }
    }
}
