//! The HTTP mode as a client sees it: the token is required, bad requests get a 4xx with a
//! clear `ApiError`, and the page URL's token becomes a session cookie.

use archboard_tests::Server;
use archboard_types::{ApiError, ErrorCode};
use reqwest::StatusCode;
use serde_json::json;

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn post(server: &Server, name: &str, body: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut request = client()
        .post(format!("{}/api/{name}", server.base))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

fn api_error(text: &str) -> ApiError {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not an ApiError ({e}): {text}"))
}

#[tokio::test]
async fn binds_loopback_and_refuses_requests_without_the_token() {
    let server = Server::start_with(&crate::archboard_binary());
    assert!(server.base.starts_with("http://127.0.0.1:"), "{}", server.base);

    let (status, text) = post(&server, "app_info", "{}", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(&text).code, ErrorCode::Unauthorized);

    let (status, _) = post(&server, "app_info", "{}", Some("0123456789abcdef")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a wrong token is refused too");

    let page = client().get(format!("{}/", server.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED, "the UI is not served without the token");

    let (status, text) = post(&server, "app_info", "{}", Some(&server.token)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let info: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(info["adapter"], "http");
    assert_eq!(info["database_path"], server.db.display().to_string());
}

#[tokio::test]
async fn malformed_requests_get_a_4xx_with_a_readable_api_error() {
    let server = Server::start_with(&crate::archboard_binary());
    let token = Some(server.token.as_str());

    let (status, text) = post(&server, "adr_create", "{\"title\": ", token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = api_error(&text);
    assert_eq!(error.code, ErrorCode::BadRequest);
    // The engine decodes the raw body and names the operation whose request it could not read.
    assert!(
        error.message.contains("`adr_create`") && error.message.contains("not valid"),
        "{}",
        error.message
    );

    let (status, text) = post(&server, "adr_create", r#"{"titel": "typo"}"#, token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(api_error(&text).message.contains("missing field `title`"), "{text}");

    let (status, text) = post(&server, "adr_create", r#"{"title": ""}"#, token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = api_error(&text);
    assert_eq!((error.code, error.field.as_deref()), (ErrorCode::Validation, Some("title")));

    let (status, text) = post(&server, "no_such_thing", "{}", token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(api_error(&text).code, ErrorCode::UnknownEndpoint);

    let (status, text) = post(&server, "adr_get", r#"{"id": 7}"#, token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(api_error(&text).message, "There is no decision with id 7.");

    let form_post = client()
        .post(format!("{}/api/adr_create", server.base))
        .bearer_auth(&server.token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form_post.status(), StatusCode::BAD_REQUEST, "only JSON bodies are accepted");

    // Nothing above wrote anything.
    let (_, text) = post(&server, "adr_list", "{}", token).await;
    assert_eq!(text, "[]");
}

#[tokio::test]
async fn the_printed_url_sets_a_session_cookie_and_the_api_works_with_it() {
    let server = Server::start_with(&crate::archboard_binary());
    let first = client().get(&server.url).send().await.unwrap();
    assert!(first.status().is_redirection(), "{}", first.status());
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_owned();
    assert!(
        !first.headers()["location"].to_str().unwrap().contains("token"),
        "the token leaves the address bar"
    );

    let page = client().get(format!("{}/", server.base)).header("cookie", &pair).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{csp}");

    let created = client()
        .post(format!("{}/api/adr_create", server.base))
        .header("cookie", &pair)
        .json(&json!({"title": "Serve the UI over loopback only", "tags": ["security"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    let adr: serde_json::Value = created.json().await.unwrap();
    assert_eq!((adr["number"].as_u64(), adr["status"].as_str()), (Some(1), Some("proposed")));
}

#[tokio::test]
async fn stopping_the_server_cancels_a_running_benchmark_and_keeps_what_it_measured() {
    let mut server = Server::start_with(&crate::archboard_binary());
    let token = server.token.clone();
    // A generic JSON target: this very server's app_info, with its own token.
    let config = json!({
        "name": "measured until the server stopped",
        "target": {
            "kind": "generic_json",
            "url": format!("{}/api/app_info", server.base),
            "body_file": {"path": "body.json", "content": "e30="},
            "headers": [{"name": "Authorization", "value": format!("Bearer {token}")}],
        },
        "scenario": {"type": "single_stream"},
        "settings": {"duration_s": 120.0, "warmup_requests": 1},
    });
    let (status, text) = post(&server, "bench_start", &config.to_string(), Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()["id"].as_str().unwrap().to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (_, text) = post(&server, "bench_progress", &json!({"id": id}).to_string(), Some(&token)).await;
        let progress: serde_json::Value = serde_json::from_str(&text).unwrap();
        if progress["completed"].as_u64().unwrap_or(0) > 10 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the run measured nothing: {progress}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    assert!(server.stop().success(), "serve exits cleanly on SIGTERM");
    let output = crate::archboard(&server.db, &["bench", "list", "--json"]);
    let runs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["id"], id.as_str());
    assert_eq!(runs[0]["state"], "cancelled");
}
