//! Something to read when it fails: every front calls `init` once at start. Warnings and
//! internal errors (with their cause) go to the log file in the data directory; `verbose` also
//! writes them, and the dispatch spans, to stderr. `ARCHBOARD_LOG` takes a filter such as
//! `archboard_engine=debug`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

static LOG_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Starts logging for this process and returns the log file in use, if it could be opened
/// (a read-only home is not a reason to refuse to start). Later calls change nothing.
pub fn init(verbose: bool) -> Option<PathBuf> {
    LOG_FILE.get_or_init(|| start(&crate::paths::log_path(), verbose)).clone()
}

/// The log file this process writes, for About boxes and `archboard info`.
pub fn log_file() -> Option<PathBuf> {
    LOG_FILE.get().cloned().flatten()
}

fn start(path: &Path, verbose: bool) -> Option<PathBuf> {
    let file = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            let mut options = std::fs::OpenOptions::new();
            options.create(true).append(true);
            // The log names users and boards: readable by its owner only.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let file = options.open(path)?;
            // A log made before this rule, or by another tool, is made private too.
            #[cfg(unix)]
            std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            Ok(file)
        })
        .ok();
    let filter =
        |default: &str| EnvFilter::try_from_env("ARCHBOARD_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let file_layer = file.as_ref().and_then(|f| f.try_clone().ok()).map(|f| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(Mutex::new(f))
            .with_filter(filter("warn,archboard_engine=info"))
    });
    let stderr_layer = verbose
        .then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(filter("info")));
    // A subscriber set earlier (a test harness) wins; logging is then theirs.
    let _ = tracing_subscriber::registry().with(file_layer).with(stderr_layer).try_init();
    file.map(|_| path.to_owned())
}
