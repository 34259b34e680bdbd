//! archboard-engine: the engine behind every front. `Services` (one method per contract
//! operation over one board), the dispatcher generated from the endpoint table that the
//! desktop, HTTP and CLI adapters call, the process-wide job registry, Markdown rendering and
//! the services per area. Fronts (clap, axum, Tauri) live in their own crates.
#![forbid(unsafe_code)]

mod dispatch;
pub mod folders;
pub mod jobs;
pub mod logging;
pub mod markdown;
pub mod paths;
pub mod services;

pub use services::Services;
