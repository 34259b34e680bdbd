//! Draws Mermaid diagrams with the mermaid bundle shipped beside the UI (from npm at build time).
//!
//! Mermaid runs in an off-screen frame (`mermaid-frame.html`, created on first use), so it gets
//! its own realm: its own globals and prototypes. The desktop shell freezes the app's
//! prototypes (Tauri's `freezePrototype`), which mermaid's bundle cannot load under, and
//! prototype pollution inside the parser of user-editable diagram text cannot reach the app's
//! objects. The frame is sandboxed to scripts plus its own origin; an opaque origin would not
//! match the CSP's `'self'` and could not load the bundle. It answers with SVG text, shown here
//! as an `<img>` from a data URL: the image keeps its own styles without loosening the page CSP,
//! and nothing in it runs.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[derive(Default)]
struct Renderer {
    frame: Option<web_sys::HtmlIFrameElement>,
    /// Resolves when the frame says it is ready.
    ready: Option<Promise>,
    ready_resolve: Option<Function>,
    /// Requests waiting for an answer: id → (resolve, reject).
    pending: HashMap<String, (Function, Function)>,
    next_id: u64,
}

thread_local! {
    static RENDERER: RefCell<Renderer> = RefCell::new(Renderer::default());
}

fn js_error(value: JsValue) -> String {
    value
        .as_string()
        .or_else(|| Reflect::get(&value, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

/// Answers from the frame: `{ready}` once, then `{id, svg}` or `{id, error}` per request.
fn on_message(event: web_sys::MessageEvent) {
    RENDERER.with(|cell| {
        let mut renderer = cell.borrow_mut();
        let from_frame = renderer
            .frame
            .as_ref()
            .and_then(|frame| frame.content_window())
            .zip(event.source())
            .is_some_and(|(frame, source)| JsValue::from(frame) == JsValue::from(source));
        if !from_frame {
            return;
        }
        let data = event.data();
        if Reflect::get(&data, &"ready".into()).ok().is_some_and(|v| v.is_truthy()) {
            if let Some(resolve) = renderer.ready_resolve.take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
            return;
        }
        let Some(id) = Reflect::get(&data, &"id".into()).ok().and_then(|v| v.as_string()) else { return };
        let Some((resolve, reject)) = renderer.pending.remove(&id) else { return };
        let svg = Reflect::get(&data, &"svg".into()).ok().filter(|v| v.is_string());
        match svg {
            Some(svg) => drop(resolve.call1(&JsValue::NULL, &svg)),
            None => {
                let error =
                    Reflect::get(&data, &"error".into()).unwrap_or_else(|_| "no SVG came back".into());
                drop(reject.call1(&JsValue::NULL, &error));
            }
        }
    });
}

/// Creates the frame and the message listener the first time; returns the readiness promise.
fn ensure_frame() -> Result<Promise, String> {
    RENDERER.with(|cell| {
        let mut renderer = cell.borrow_mut();
        if let Some(ready) = &renderer.ready {
            return Ok(ready.clone());
        }
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
        window
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .map_err(js_error)?;
        listener.forget(); // lives as long as the page
        let mut slots = None;
        let ready = Promise::new(&mut |resolve, reject| slots = Some((resolve, reject)));
        let (resolve, reject) = slots.expect("Promise::new calls its executor at once");
        let frame: web_sys::HtmlIFrameElement =
            document.create_element("iframe").map_err(js_error)?.dyn_into().map_err(|_| "not an iframe")?;
        // Scripts in the frame's own origin; no forms, popups, top navigation or downloads.
        frame.set_attribute("sandbox", "allow-scripts allow-same-origin").map_err(js_error)?;
        frame.set_attribute("class", "mermaid-frame").map_err(js_error)?;
        frame.set_attribute("aria-hidden", "true").map_err(js_error)?;
        frame.set_attribute("tabindex", "-1").map_err(js_error)?;
        // The frame's scripts run before its `load` event, so a frame that still has not said
        // it is ready a moment after loading lacks the bundle: settle the promise with that
        // instead of waiting for ever. The grace period lets an already-queued "ready" message
        // arrive first; rejecting after the resolve is a no-op.
        let not_started = Closure::once_into_js(move || {
            let give_up = Closure::once_into_js(move || {
                let _ = reject.call1(
                    &JsValue::NULL,
                    &"the diagram renderer did not start (mermaid.min.js is missing or was blocked)".into(),
                );
            });
            if let Some(window) = web_sys::window() {
                let _ = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), 2_000);
            }
        });
        frame.add_event_listener_with_callback("load", not_started.unchecked_ref()).map_err(js_error)?;
        // Absolute: under /patterns/KEY a relative name would resolve to a route, not the file.
        frame.set_src("/mermaid-frame.html");
        document.body().ok_or("no body")?.append_child(&frame).map_err(js_error)?;
        renderer.frame = Some(frame);
        renderer.ready = Some(ready.clone());
        renderer.ready_resolve = Some(resolve);
        Ok(ready)
    })
}

/// Renders `source` to SVG text.
pub async fn render_svg(source: &str) -> Result<String, String> {
    let ready = ensure_frame()?;
    JsFuture::from(ready).await.map_err(js_error)?;
    let answer = RENDERER.with(|cell| {
        let mut renderer = cell.borrow_mut();
        renderer.next_id += 1;
        let id = format!("r{}", renderer.next_id);
        let mut slots = None;
        let answer = Promise::new(&mut |resolve, reject| slots = Some((resolve, reject)));
        let (resolve, reject) = slots.expect("Promise::new calls its executor at once");
        renderer.pending.insert(id.clone(), (resolve, reject));
        let message = Object::new();
        Reflect::set(&message, &"id".into(), &id.into()).map_err(js_error)?;
        Reflect::set(&message, &"source".into(), &source.into()).map_err(js_error)?;
        let target =
            renderer.frame.as_ref().and_then(|f| f.content_window()).ok_or("the diagram frame is gone")?;
        // Only the diagram text travels; the frame is ours, from our own origin.
        target.post_message(&message, "*").map_err(js_error)?;
        Ok::<_, String>(answer)
    })?;
    let svg =
        JsFuture::from(answer).await.map_err(|e| format!("the diagram has an error: {}", js_error(e)))?;
    svg.as_string().ok_or_else(|| "mermaid returned no SVG".into())
}

/// The SVG as a data URL for an `<img>`.
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg)))
}
