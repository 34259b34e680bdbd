//! The one `Backend` the UI talks through: Tauri `invoke` inside the desktop window, `POST
//! /api/<name>` in a browser. Both carry the same contract types from archboard-types.

use archboard_types::adr_folder::ImportReport;
use archboard_types::files::ExportedFile;
use archboard_types::{ApiError, Endpoint, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Resolved when called, so the same wasm also loads in a browser without Tauri.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "event"], js_name = listen)]
    async fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue>;
}

/// True for the desktop shell's own pages (Tauri injects `window.__TAURI__` and serves them
/// from `tauri://localhost`, or `http://tauri.localhost` on Windows). A team server's pages
/// shown in the desktop window get `__TAURI__` too, but talk to their server over HTTP.
pub fn in_desktop() -> bool {
    web_sys::window()
        .map(|window| {
            let injected = js_sys::Reflect::has(&window, &JsValue::from_str("__TAURI__")).unwrap_or(false);
            let location = window.location();
            let own_page = location.protocol().is_ok_and(|p| p == "tauri:")
                || location.hostname().is_ok_and(|h| h == "tauri.localhost");
            injected && own_page
        })
        .unwrap_or(false)
}

/// Asks the desktop shell to show the team server at `url` in this window.
pub async fn desktop_connect_team_board(url: &str) -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        url: &'a str,
    }
    let args = serde_wasm_bindgen::to_value(&Args { url })
        .map_err(|e| ApiError::internal(format!("cannot encode the request: {e}")))?;
    match tauri_invoke("connect_team_board", args).await {
        Ok(_) => Ok(()),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| "cannot connect".into()))
        })),
    }
}

/// Calls endpoint `E` with `request` on whichever backend hosts this page.
pub async fn call<E: Endpoint>(request: &E::Request) -> Result<E::Response, ApiError> {
    if in_desktop() { call_desktop::<E>(request).await } else { call_http::<E>(request).await }
}

#[derive(Serialize)]
struct InvokeArgs<'a, T> {
    name: &'a str,
    body: &'a T,
}

async fn call_desktop<E: Endpoint>(request: &E::Request) -> Result<E::Response, ApiError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = InvokeArgs { name: E::NAME, body: request }
        .serialize(&serializer)
        .map_err(|e| ApiError::internal(format!("cannot encode the request: {e}")))?;
    match tauri_invoke("api", args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| ApiError::internal(format!("unexpected answer from `{}`: {e}", E::NAME))),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| format!("`{}` failed", E::NAME)))
        })),
    }
}

async fn call_http<E: Endpoint>(request: &E::Request) -> Result<E::Response, ApiError> {
    let unreachable = |e: gloo_net::Error| {
        ApiError::internal(format!("Cannot reach the Archboard server: {e}. Is it still running?"))
    };
    let response = gloo_net::http::Request::post(&format!("/api/{}", E::NAME))
        .json(request)
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    if response.ok() {
        return response
            .json::<E::Response>()
            .await
            .map_err(|e| ApiError::internal(format!("unexpected answer from `{}`: {e}", E::NAME)));
    }
    let status = response.status();
    // A team server says where to sign in; one person's server has no sign-in page.
    let sign_in_page = response.headers().get("x-archboard-sign-in");
    let error = response.json::<ApiError>().await.unwrap_or_else(|_| {
        ApiError::new(
            if status == 401 { ErrorCode::Unauthorized } else { ErrorCode::Internal },
            format!("The server answered {status} {}.", response.status_text()),
        )
    });
    // No session (or it ended) on a team server: its own page signs in again.
    if error.code == ErrorCode::Unauthorized && sign_in_page.is_some() {
        go_to_sign_in();
    }
    Err(error)
}

/// Leaves the app for the server-rendered sign-in page.
pub fn go_to_sign_in() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign("/signin");
    }
}

/// Asks the desktop shell to export the catalog into a folder the user picks in the native
/// dialog (a browser download would not reach the user from the webview). Returns the folder,
/// or `None` when the user cancelled.
pub async fn desktop_export_catalog() -> Result<Option<String>, ApiError> {
    match tauri_invoke("export_catalog_dialog", JsValue::UNDEFINED).await {
        Ok(value) => Ok(value.as_string()),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| "export failed".into()))
        })),
    }
}

/// Asks the desktop shell to save a benchmark run's record where the user picks in the native
/// save dialog. Returns the file's path, or `None` when the user cancelled.
pub async fn desktop_export_bench(id: &str) -> Result<Option<String>, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
    }
    let args = serde_wasm_bindgen::to_value(&Args { id })
        .map_err(|e| ApiError::internal(format!("cannot encode the request: {e}")))?;
    match tauri_invoke("export_bench_dialog", args).await {
        Ok(value) => Ok(value.as_string()),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| "export failed".into()))
        })),
    }
}

/// Asks the desktop shell to save a file an export returned (a review report, the backlog, a
/// lens) where the user picks in the native save dialog; a browser download would not reach
/// the user from the webview. Returns the file's path, or `None` when the user cancelled.
pub async fn desktop_save_file(file: &ExportedFile) -> Result<Option<String>, ApiError> {
    #[derive(Serialize)]
    struct Args<'a> {
        file: &'a ExportedFile,
    }
    let args = Args { file }
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::internal(format!("cannot encode the request: {e}")))?;
    match tauri_invoke("save_file_dialog", args).await {
        Ok(value) => Ok(value.as_string()),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| "saving the file failed".into()))
        })),
    }
}

/// Asks the desktop shell to read the linked folder of `collection` from disk and import it
/// with `sync: true` (a decision whose file is gone is marked missing, never deleted). With
/// `dry_run` nothing is written and the report says what would change.
pub async fn desktop_sync_collection(collection: &str, dry_run: bool) -> Result<ImportReport, ApiError> {
    // Tauri names command arguments in camelCase.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Args<'a> {
        collection: &'a str,
        dry_run: bool,
    }
    let args = Args { collection, dry_run }
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::internal(format!("cannot encode the request: {e}")))?;
    match tauri_invoke("sync_collection", args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| ApiError::internal(format!("unexpected answer from `sync_collection`: {e}"))),
        Err(error) => Err(serde_wasm_bindgen::from_value::<ApiError>(error.clone()).unwrap_or_else(|_| {
            ApiError::internal(error.as_string().unwrap_or_else(|| "the sync failed".into()))
        })),
    }
}

/// The payload of an event the desktop shell emitted (Tauri hands listeners the whole event,
/// `{ event, id, payload }`); `None` when it is missing or not a `T`.
pub fn desktop_event_payload<T: DeserializeOwned>(event: &JsValue) -> Option<T> {
    let payload = js_sys::Reflect::get(event, &JsValue::from_str("payload")).ok()?;
    serde_wasm_bindgen::from_value(payload).ok()
}

/// Runs `handler` whenever the desktop shell emits `event` (menu items). No-op in a browser.
pub fn on_desktop_event(event: &'static str, handler: impl FnMut(JsValue) + 'static) {
    if !in_desktop() {
        return;
    }
    let closure = Closure::<dyn FnMut(JsValue)>::new(handler);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = tauri_listen(event, &closure).await;
        // The listener lives as long as the page, so the closure must too.
        closure.forget();
    });
}
