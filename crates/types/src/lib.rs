//! The Archboard contract: every operation's name, request and response types, and the one
//! serialisable error. Shared by the engine, the desktop shell, the HTTP mode and the wasm UI.
#![forbid(unsafe_code)]

pub mod adr;
pub mod adr_folder;
pub mod audit;
pub mod bench;
pub mod catalog;
pub mod endpoint;
pub mod error;
pub mod files;
pub mod job;
pub mod system;

pub use endpoint::{ENDPOINT_NAMES, Endpoint};
pub use error::{ApiError, ErrorCode};
