//! archboard-ui: the Leptos client-side app, compiled to wasm and served by the desktop shell
//! or by `archboard serve`. It reaches the engine only through `backend::call`.

mod adr_graph;
mod adr_import;
mod app;
mod backend;
mod benchmarks;
mod catalog;
mod decisions;
mod mermaid;
mod widgets;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
