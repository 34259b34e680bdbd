//! `Services`: one method per contract operation, over one open database. Every front end
//! (desktop, HTTP, CLI) calls these and nothing else, so a rule is enforced in one place.

mod adr;
mod adr_folder;
mod bench;
mod catalog;
mod system;

pub use adr::madr4_template;
pub use bench::BenchRuns;
pub use catalog::SyncReport;

use archboard_db::{Db, DbError};
use archboard_types::ApiError;
use std::path::Path;

/// Which front end a `Services` instance answers for; shown in `app_info` and the audit actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    Desktop,
    Http,
    Cli,
}

impl Adapter {
    pub fn as_str(self) -> &'static str {
        match self {
            Adapter::Desktop => "desktop",
            Adapter::Http => "http",
            Adapter::Cli => "cli",
        }
    }
}

/// The engine over one database file.
pub struct Services {
    db: Db,
    actor: String,
    adapter: Adapter,
    /// Benchmark runs started from this process (they go on in their own threads).
    bench_runs: BenchRuns,
}

impl Services {
    /// Opens (creating and migrating as needed) the database at `path`. Changes are recorded in
    /// the audit trail as made by `adapter` on behalf of the current OS user.
    pub fn open(path: &Path, adapter: Adapter) -> Result<Services, ApiError> {
        let db = Db::open(path).map_err(db_error)?;
        let user =
            std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
        let mut services = Services {
            db,
            actor: format!("{user} via {}", adapter.as_str()),
            adapter,
            bench_runs: BenchRuns::default(),
        };
        // On first launch the board must already know the domain (roles, KPIs, checklists, …).
        services.sync_builtin_catalog()?;
        Ok(services)
    }

    pub fn database_path(&self) -> &Path {
        self.db.path()
    }

    pub fn adapter(&self) -> Adapter {
        self.adapter
    }

    /// Copies the database to `target` while it stays usable (SQLite online backup).
    pub fn backup_to(&self, target: &Path) -> Result<(), ApiError> {
        self.db.backup_to(target).map_err(db_error)
    }
}

/// A transaction body's failure: an `ApiError`, or a store error turned into one.
struct TxError(ApiError);

impl From<DbError> for TxError {
    fn from(error: DbError) -> Self {
        TxError(db_error(error))
    }
}

impl Services {
    /// Runs `work` in one transaction whose body may refuse with an `ApiError`; nothing it
    /// wrote lands unless it succeeds.
    pub(crate) fn write<T>(
        &mut self,
        work: impl FnOnce(&archboard_db::Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.db.write(|tx| work(tx).map_err(TxError)).map_err(|TxError(error)| error)
    }
}

/// A fresh board in a temporary folder, for the services' tests; the folder lives as long as
/// the returned guard.
#[cfg(test)]
pub(crate) fn test_board() -> (tempfile::TempDir, Services) {
    let dir = tempfile::tempdir().unwrap();
    let services = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
    (dir, services)
}

/// Store failures reach the user as internal errors whose message says what failed.
pub(crate) fn db_error(error: DbError) -> ApiError {
    ApiError::internal(error.to_string())
}
