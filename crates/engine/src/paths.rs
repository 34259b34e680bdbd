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

/// Creates the board's file, when it does not exist yet, readable and writable by its owner
/// only (mode 600), so SQLite's WAL and shared-memory files, which take the database's mode,
/// are private too. Other people on the machine must not read a board's users and history.
pub fn keep_private(path: &std::path::Path) -> Result<(), archboard_types::ApiError> {
    if path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            archboard_types::ApiError::internal(format!("cannot create the folder {}: {e}", parent.display()))
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it in between: it set the mode.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(archboard_types::ApiError::internal(format!("cannot create {}: {e}", path.display()))),
    }
}

/// Sets mode 600 on the board's database and its `-wal` and `-shm` files that exist (boards
/// made before this rule, or copied in, included).
pub fn keep_board_files_private(path: &std::path::Path) -> Result<(), archboard_types::ApiError> {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let file = PathBuf::from(file);
        let Ok(metadata) = std::fs::metadata(&file) else { continue };
        if metadata.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
                archboard_types::ApiError::internal(format!("cannot make {} private: {e}", file.display()))
            })?;
        }
    }
    let _ = path;
    Ok(())
}
