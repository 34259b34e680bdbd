//! archboard: the engine behind every front. Domain services (one method per contract
//! operation), the name-based dispatcher the desktop and HTTP adapters forward to, Markdown
//! rendering, the HTTP mode (`archboard serve`) and the CLI's command implementations.
#![forbid(unsafe_code)]

pub mod adr_folder;
pub mod bench;
pub mod catalog;
pub mod cli;
mod dispatch;
pub mod files;
pub mod markdown;
pub mod paths;
pub mod serve;
pub mod services;

pub use services::Services;
