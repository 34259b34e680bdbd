//! Where the database lives by default: the platform's data directory, unless `--db` or
//! `ARCHBOARD_DB` say otherwise.

use std::path::PathBuf;

/// Environment variable that overrides the default database path (the CLI's `--db` wins).
pub const DB_ENV: &str = "ARCHBOARD_DB";

/// `~/.local/share/archboard/archboard.db` on Linux and the equivalents elsewhere.
pub fn default_database_path() -> PathBuf {
    match directories::ProjectDirs::from("org", "Archboard", "archboard") {
        Some(dirs) => dirs.data_dir().join("archboard.db"),
        // No home directory (e.g. a bare service account): fall back to the working directory.
        None => PathBuf::from("archboard.db"),
    }
}

/// The database path for this process: `explicit` (from `--db`), else `ARCHBOARD_DB`, else the
/// platform default.
pub fn resolve_database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DB_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_database_path)
}
