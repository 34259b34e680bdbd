//! Application-level types: the empty request and what the app reports about itself.

use serde::{Deserialize, Serialize};

/// Request body of operations that take no arguments; accepts `{}` or `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// What the running backend reports about itself (shown in the status bar and About box).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    /// Where the database file lives, so users always know where their data is.
    pub database_path: String,
    pub adr_count: u64,
    /// `desktop`, `http` or `cli`: which adapter answered.
    pub adapter: String,
    /// The log file the backend writes warnings and internal errors to, when it has one.
    #[serde(default)]
    pub log_path: Option<String>,
}
