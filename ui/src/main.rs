//! archboard-ui: the Leptos client-side app, compiled to wasm and served by the desktop shell
//! or by `archboard serve`. It reaches the engine only through `backend::call`, wrapped by the
//! query and mutation hooks in `data`.

mod app;
mod backend;
mod components;
mod data;
mod logic;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
