//! `serve --team`: signing in to a board served to named users. Server-rendered pages for
//! sign-in, invitations and sign-out (no script, so they work before the UI loads and under the
//! strict CSP), the session cookie, the Origin check, and the access layer that turns a session
//! cookie or a personal API token into the request's caller. Every rule (passwords, expiry, rate
//! limits, who may do what) is the engine's; this file only carries its answers to a browser.

use super::{AppState, ClientAddress, Credential, cookie_value, error_response, html_escape};
use archboard_engine::services::{API_TOKEN_PREFIX, SignIn, SignInLimiter};
use archboard_types::{ApiError, ErrorCode};
use axum::extract::{ConnectInfo, FromRequest, Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::Utc;

/// What a team server knows beyond its pool: the sign-in limits and how to set cookies.
pub struct TeamAccess {
    limiter: SignInLimiter,
    /// The server speaks HTTPS: `Secure` cookies, and only `https://` origins are its own.
    https: bool,
}

impl TeamAccess {
    pub fn new(https: bool) -> TeamAccess {
        TeamAccess { limiter: SignInLimiter::default(), https }
    }
}

/// The pages anyone may reach: sign-in, invitations, sign-out and their stylesheet.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signin", get(sign_in_page).post(sign_in_submit))
        .route("/invite/{secret}", get(invitation_page).post(invitation_submit))
        .route("/signout", get(sign_out).post(sign_out))
        .route("/auth.css", get(stylesheet))
}

fn access(state: &AppState) -> &TeamAccess {
    match &state.access {
        super::Access::Team(team) => team,
        super::Access::Token { .. } => unreachable!("team routes are only mounted on team servers"),
    }
}

/// The client's address, for the per-address sign-in limit.
fn client_address(request: &Request) -> String {
    request
        .extensions()
        .get::<ConnectInfo<ClientAddress>>()
        .map(|info| info.0.0.ip().to_string())
        .unwrap_or_default()
}

/// The browser's Origin must be this server's own. Requests with a personal token (scripts,
/// the CLI) carry no Origin. A browser sends `Origin: null` on some same-origin form posts
/// (privacy settings); then its `Sec-Fetch-Site`, which pages cannot forge, must say
/// `same-origin`.
fn same_origin(headers: &HeaderMap, https: bool, cookie_based: bool) -> Result<(), ApiError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let fetch_site = headers.get("sec-fetch-site").and_then(|s| s.to_str().ok());
    let own = format!("{}://{host}", if https { "https" } else { "http" });
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).filter(|o| *o != "null") {
        // Scheme, host and port: a page served over plain HTTP is not this HTTPS server.
        Some(origin) if !host.is_empty() && origin.eq_ignore_ascii_case(&own) => Ok(()),
        Some(origin) => {
            Err(ApiError::forbidden(format!("Requests from {origin} are not accepted by this server.")))
        }
        None if fetch_site == Some("same-origin") => Ok(()),
        None if cookie_based => Err(ApiError::forbidden(
            "A browser request to this server must come from its own pages (Origin or Sec-Fetch-Site).",
        )),
        None => Ok(()),
    }
}

/// Lets a request through as its caller: a personal API token (bearer) or the session cookie.
/// Pages without a session go to the sign-in page; API calls get a 401 the UI acts on.
pub(super) async fn require_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let headers = request.headers().clone();
    let token = super::bearer(&headers).filter(|t| t.starts_with(API_TOKEN_PREFIX));
    let session = cookie_value(&headers, &state.cookie_name);
    if is_api && let Err(error) = same_origin(&headers, access(&state).https, token.is_none()) {
        return error_response(error);
    }
    let pool = state.pool.clone();
    let caller = tokio::task::spawn_blocking(move || {
        pool.with(|services| match (token, session) {
            (Some(token), _) => services.token_caller(&token, Utc::now()),
            (None, Some(session)) => services.session_caller(&session, Utc::now()),
            (None, None) => Err(ApiError::unauthorized("Sign in to use this board.")),
        })
    })
    .await
    .unwrap_or_else(|e| Err(ApiError::internal(format!("the sign-in check failed: {e}"))));
    match caller {
        Ok(caller) => {
            request.extensions_mut().insert(Credential::User(caller));
            next.run(request).await
        }
        Err(error) if is_api => {
            let mut response = error_response(error);
            // Tells the UI where a browser signs in when its session is gone.
            response.headers_mut().insert("x-archboard-sign-in", HeaderValue::from_static("/signin"));
            response
        }
        Err(_) => {
            let next_page = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
            Redirect::to(&format!("/signin?next={}", percent_encode(&next_page))).into_response()
        }
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only paths on this server are followed after sign-in: a single leading `/`, then only
/// characters that cannot turn the address into another site's (no `//`, `\\`, spaces or control
/// characters, which browsers strip or reinterpret).
fn safe_next(next: Option<&str>) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/._~%?=&+-:,".contains(c);
    match next {
        Some(path)
            if path.starts_with('/')
                && !path[1..].starts_with('/')
                && path.chars().all(allowed)
                && !path.contains("//") =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn session_cookie(state: &AppState, signed_in: &SignIn) -> String {
    let max_age = (signed_in.expires_at - Utc::now()).num_seconds().max(0);
    let secure = if access(state).https { "; Secure" } else { "" };
    format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        state.cookie_name, signed_in.secret
    )
}

fn signed_in_response(state: &AppState, signed_in: &SignIn, next: &str) -> Response {
    let mut response = Redirect::to(next).into_response();
    if let Ok(value) = HeaderValue::from_str(&session_cookie(state, signed_in)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// One small page: a heading, an optional message, and a body, styled by `/auth.css`.
fn page(status: StatusCode, title: &str, message: Option<(&str, &str)>, body: &str) -> Response {
    let message = message
        .map(|(kind, text)| format!("<p class=\"message {kind}\" role=\"alert\">{}</p>", html_escape(text)))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} — Archboard</title>\
         <meta name=\"viewport\" content=\"width=device-width\"><link rel=\"stylesheet\" href=\"/auth.css\"></head>\
         <body><main><h1>{title}</h1>{message}{body}</main></body></html>",
        title = html_escape(title)
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn sign_in_form(next: &str, name: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\"next\" value=\"{next}\">\
         <label>Name <input name=\"name\" autocomplete=\"username\" required value=\"{name}\" autofocus></label>\
         <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
         <button type=\"submit\">Sign in</button></form>",
        next = html_escape(next),
        name = html_escape(name)
    )
}

#[derive(serde::Deserialize)]
struct SignInQuery {
    next: Option<String>,
    signed_out: Option<String>,
}

async fn sign_in_page(axum::extract::Query(query): axum::extract::Query<SignInQuery>) -> Response {
    let message = query.signed_out.is_some().then_some(("info", "You have signed out."));
    page(
        StatusCode::OK,
        "Sign in to Archboard",
        message,
        &sign_in_form(&safe_next(query.next.as_deref()), ""),
    )
}

#[derive(serde::Deserialize)]
struct SignInForm {
    name: String,
    password: String,
    next: Option<String>,
}

async fn sign_in_submit(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request);
    if let Err(error) = same_origin(request.headers(), access(&state).https, true) {
        return page(StatusCode::FORBIDDEN, "Sign in to Archboard", Some(("error", &error.message)), "");
    }
    let Ok(Form(form)) = Form::<SignInForm>::from_request(request, &state).await else {
        return page(
            StatusCode::BAD_REQUEST,
            "Sign in to Archboard",
            Some(("error", "Fill in your name and password.")),
            &sign_in_form("/", ""),
        );
    };
    let next = safe_next(form.next.as_deref());
    let pool = state.pool.clone();
    let team = state.clone();
    let (name, password) = (form.name.clone(), form.password);
    let outcome = tokio::task::spawn_blocking(move || {
        // The slow password check runs between two short uses of a connection, so sign-in
        // attempts never hold the connections signed-in requests need.
        let limiter = &access(&team).limiter;
        let attempt = pool.with(|services| services.begin_sign_in(limiter, &name, &address, Utc::now()))?;
        let verified = attempt.verify(limiter, &password)?;
        pool.with(|services| services.finish_sign_in(verified, Utc::now()))
    })
    .await
    .unwrap_or_else(|e| Err(ApiError::internal(format!("sign-in failed: {e}"))));
    match outcome {
        Ok(signed_in) => signed_in_response(&state, &signed_in, &next),
        Err(error) => {
            let status = StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::UNAUTHORIZED);
            page(
                status,
                "Sign in to Archboard",
                Some(("error", &error.message)),
                &sign_in_form(&next, &form.name),
            )
        }
    }
}

fn invitation_form(secret: &str, name: &str) -> String {
    format!(
        "<p>Welcome, {name}. Choose a password of at least {min} characters to finish joining this board.</p>\
         <form method=\"post\" action=\"/invite/{secret}\">\
         <input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"{name}\" readonly hidden>\
         <label>New password <input name=\"password\" type=\"password\" autocomplete=\"new-password\" required autofocus></label>\
         <label>Repeat it <input name=\"repeat\" type=\"password\" autocomplete=\"new-password\" required></label>\
         <button type=\"submit\">Set password and sign in</button></form>",
        name = html_escape(name),
        secret = html_escape(secret),
        min = archboard_types::people::PASSWORD_MIN_CHARS
    )
}

/// A link that no longer works says so, and what to do, with the status that fits.
fn invitation_refused(error: &ApiError) -> Response {
    let status = match error.code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::GONE,
        _ => StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
    };
    page(
        status,
        "This invitation cannot be used",
        Some(("error", &error.message)),
        "<p><a href=\"/signin\">Go to sign-in</a></p>",
    )
}

async fn invitation_page(State(state): State<AppState>, UrlPath(secret): UrlPath<String>) -> Response {
    let pool = state.pool.clone();
    let lookup = secret.clone();
    let user = tokio::task::spawn_blocking(move || {
        pool.with(|services| services.invitation_user(&lookup, Utc::now()))
    })
    .await
    .unwrap_or_else(|e| Err(ApiError::internal(format!("{e}"))));
    match user {
        Ok(user) => {
            page(StatusCode::OK, "Join this Archboard board", None, &invitation_form(&secret, &user.name))
        }
        Err(error) => invitation_refused(&error),
    }
}

#[derive(serde::Deserialize)]
struct InvitationForm {
    password: String,
    repeat: String,
}

async fn invitation_submit(
    State(state): State<AppState>,
    UrlPath(secret): UrlPath<String>,
    request: Request,
) -> Response {
    let address = client_address(&request);
    if let Err(error) = same_origin(request.headers(), access(&state).https, true) {
        return invitation_refused(&error);
    }
    let Ok(Form(form)) = Form::<InvitationForm>::from_request(request, &state).await else {
        return invitation_refused(&ApiError::new(ErrorCode::BadRequest, "Fill in the new password twice."));
    };
    let pool = state.pool.clone();
    let again = secret.clone();
    let outcome: Result<SignIn, (Option<String>, ApiError)> = tokio::task::spawn_blocking(move || {
        pool.with(|services| {
            let user = services.invitation_user(&again, Utc::now()).map_err(|e| (None, e))?;
            if form.password != form.repeat {
                let error =
                    ApiError::validation("repeat", "The two passwords differ; type the same one twice.");
                return Err((Some(user.name), error));
            }
            services
                .accept_invitation(&again, &form.password, &address, Utc::now())
                .map_err(|e| (Some(user.name), e))
        })
    })
    .await
    .unwrap_or_else(|e| Err((None, ApiError::internal(format!("{e}")))));
    match outcome {
        Ok(signed_in) => signed_in_response(&state, &signed_in, "/"),
        // A password that does not qualify: the form again, with the reason.
        Err((Some(name), error)) if error.code == ErrorCode::Validation => page(
            StatusCode::BAD_REQUEST,
            "Join this Archboard board",
            Some(("error", &error.message)),
            &invitation_form(&secret, &name),
        ),
        Err((_, error)) => invitation_refused(&error),
    }
}

/// Ends the session whose cookie came with the request. A request from another site carries no
/// cookie (SameSite=Strict), so it ends nothing and clears nothing.
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(secret) = cookie_value(&headers, &state.cookie_name) else {
        return Redirect::to("/signin").into_response();
    };
    let pool = state.pool.clone();
    let _ = tokio::task::spawn_blocking(move || pool.with(|services| services.sign_out(&secret))).await;
    let mut response = Redirect::to("/signin?signed_out=1").into_response();
    let expired = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", state.cookie_name);
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, "max-age=3600")], AUTH_CSS).into_response()
}

/// The sign-in pages' look, kept apart from the app's stylesheet so they load without it.
const AUTH_CSS: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}\
main{max-width:26rem;margin:12vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}\
h1{font-size:1.3rem;margin-top:0}label{display:block;margin:.8rem 0}input{display:block;width:100%;\
box-sizing:border-box;padding:.5rem;margin-top:.3rem;font:inherit}button{margin-top:1rem;padding:.5rem 1rem;\
font:inherit;background:#2f5bd3;color:#fff;border:0;border-radius:4px;cursor:pointer}\
.message{padding:.6rem;border-radius:4px}.error{background:#fdecea;color:#8a1c12}.info{background:#e8f1fd}\
@media (prefers-color-scheme:dark){body{background:#15181e;color:#e4e7ee}main{background:#1f232b}}";

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_this_servers_origin_is_accepted() {
        let own = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]);
        assert!(same_origin(&own, false, true).is_ok());
        assert!(same_origin(&own, true, true).is_err(), "a plain-HTTP page is not the HTTPS server");
        let tls = headers(&[("host", "board.example"), ("origin", "https://board.example")]);
        assert!(same_origin(&tls, true, true).is_ok());
        let other = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://evil.example")]);
        assert_eq!(same_origin(&other, false, true).unwrap_err().code, ErrorCode::Forbidden);
        let missing = headers(&[("host", "127.0.0.1:8080")]);
        assert!(same_origin(&missing, false, true).is_err(), "a cookie without an Origin is refused");
        assert!(same_origin(&missing, false, false).is_ok(), "a token from a script needs none");
        let null_same_site =
            headers(&[("host", "h:1"), ("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert!(same_origin(&null_same_site, false, true).is_ok(), "Origin: null from our own page");
        let null_cross_site =
            headers(&[("host", "h:1"), ("origin", "null"), ("sec-fetch-site", "cross-site")]);
        assert!(same_origin(&null_cross_site, false, true).is_err());
    }

    #[test]
    fn after_sign_in_only_paths_on_this_server_are_followed() {
        assert_eq!(safe_next(Some("/systems?tier=high")), "/systems?tier=high");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "systems",
            "/\t/evil.example",
            "/\n/x",
            "/a//b",
            "/ /x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(percent_encode("/a b?c=d"), "/a%20b%3Fc%3Dd");
    }
}
