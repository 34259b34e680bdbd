//! Where the database and the log live by default: the platform's data directory, unless
//! `--db` / `ARCHBOARD_DB` (or `ARCHBOARD_LOG_FILE` for the log) say otherwise.

use std::path::PathBuf;

/// Environment variable that overrides the default database path (the CLI's `--db` wins).
pub const DB_ENV: &str = "ARCHBOARD_DB";

/// Environment variable that names the log file instead of the default.
pub const LOG_ENV: &str = "ARCHBOARD_LOG_FILE";

/// `file` in the platform's data directory (`~/.local/share/archboard/` on Linux).
fn in_data_dir(file: &str) -> PathBuf {
    match directories::ProjectDirs::from("org", "Archboard", "archboard") {
        Some(dirs) => dirs.data_dir().join(file),
        // No home directory (e.g. a bare service account): fall back to the working directory.
        None => PathBuf::from(file),
    }
}

/// `~/.local/share/archboard/archboard.db` on Linux and the equivalents elsewhere.
pub fn default_database_path() -> PathBuf {
    in_data_dir("archboard.db")
}

/// The log file: `ARCHBOARD_LOG_FILE`, else `archboard.log` in the data directory.
pub fn log_path() -> PathBuf {
    std::env::var_os(LOG_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| in_data_dir("archboard.log"))
}

/// The database path for this process: `explicit` (from `--db`), else `ARCHBOARD_DB`, else the
/// platform default.
pub fn resolve_database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_database_path)
}
