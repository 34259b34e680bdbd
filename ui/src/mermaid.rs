//! Draws Mermaid diagrams with the mermaid bundle shipped beside the UI (`mermaid.min.js`, from
//! npm at build time), loaded on first use so it costs nothing until a pattern is opened.
//!
//! The diagram text is user-editable, so mermaid runs with `securityLevel: "strict"`, and the
//! SVG it returns is shown as an `<img>` from a data URL: the image keeps its own styles without
//! loosening the page CSP, and nothing inside it can ever run script.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Resolves once the bundle has loaded; shared by every caller so it loads once.
    static LOADED: RefCell<Option<Promise>> = const { RefCell::new(None) };
    static INITIALISED: Cell<bool> = const { Cell::new(false) };
}

fn js_error(value: JsValue) -> String {
    value
        .as_string()
        .or_else(|| Reflect::get(&value, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

fn start_loading() -> Result<Promise, String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let script = document.create_element("script").map_err(js_error)?;
    script.set_attribute("src", "mermaid.min.js").map_err(js_error)?;
    let loaded = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document.body().ok_or("no body")?.append_child(&script).map_err(js_error)?;
    Ok(loaded)
}

/// The mermaid object, loading the bundle and initialising it the first time.
async fn mermaid() -> Result<JsValue, String> {
    let loaded = LOADED.with(|cell| {
        let mut cell = cell.borrow_mut();
        if let Some(promise) = cell.as_ref() {
            return Ok(promise.clone());
        }
        let promise = start_loading()?;
        *cell = Some(promise.clone());
        Ok::<_, String>(promise)
    })?;
    if let Err(error) = JsFuture::from(loaded).await {
        // Let a later attempt retry the load.
        LOADED.with(|cell| cell.borrow_mut().take());
        return Err(format!("the diagram renderer (mermaid.min.js) did not load: {}", js_error(error)));
    }
    let window = web_sys::window().ok_or("no window")?;
    let mermaid = Reflect::get(&window, &"mermaid".into()).map_err(js_error)?;
    if !INITIALISED.with(Cell::get) {
        // Labels as SVG text rather than HTML in foreignObject: an SVG shown as an image lays
        // out foreignObject HTML with other fonts than mermaid measured, clipping the labels.
        let flowchart = Object::new();
        Reflect::set(&flowchart, &"htmlLabels".into(), &JsValue::FALSE).map_err(js_error)?;
        let config = Object::new();
        for (name, value) in [
            ("startOnLoad", JsValue::FALSE),
            ("securityLevel", "strict".into()),
            ("theme", "neutral".into()),
            ("htmlLabels", JsValue::FALSE),
            ("fontFamily", "DejaVu Sans, Verdana, sans-serif".into()),
            ("flowchart", flowchart.into()),
        ] {
            Reflect::set(&config, &name.into(), &value).map_err(js_error)?;
        }
        let initialize: Function =
            Reflect::get(&mermaid, &"initialize".into()).and_then(|f| f.dyn_into()).map_err(js_error)?;
        initialize.call1(&mermaid, &config).map_err(js_error)?;
        INITIALISED.with(|flag| flag.set(true));
    }
    Ok(mermaid)
}
/// Renders `source` to SVG text. `id` must be unique in the page while rendering.
pub async fn render_svg(id: &str, source: &str) -> Result<String, String> {
    let mermaid = mermaid().await?;
    let render: Function =
        Reflect::get(&mermaid, &"render".into()).and_then(|f| f.dyn_into()).map_err(js_error)?;
    let promise: Promise =
        render.call2(&mermaid, &id.into(), &source.into()).and_then(|p| p.dyn_into()).map_err(js_error)?;
    let result =
        JsFuture::from(promise).await.map_err(|e| format!("the diagram has an error: {}", js_error(e)))?;
    Reflect::get(&result, &"svg".into())
        .ok()
        .and_then(|svg| svg.as_string())
        .ok_or_else(|| "mermaid returned no SVG".into())
}

/// The SVG as a data URL for an `<img>`.
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg)))
}
