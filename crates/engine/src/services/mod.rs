//! `Services`: one method per contract operation, over one open database. Every front end
//! (desktop, HTTP, CLI) calls these and nothing else, so a rule is enforced in one place.

mod adr;
mod adr_folder;
mod bench;
mod catalog;
mod jobs;
mod system;

pub use adr::madr4_template;
pub use bench::BenchJob;
pub use catalog::SyncReport;

use crate::jobs::Jobs;
use archboard_db::{Db, DbError};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
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
    /// The process-wide job registry (benchmark runs go on in their own threads).
    jobs: Jobs,
}

impl Services {
    /// Opens (creating and migrating as needed) the database at `path`. Changes are recorded in
    /// the audit trail as made by `adapter` on behalf of the current OS user.
    pub fn open(path: &Path, adapter: Adapter) -> Result<Services, ApiError> {
        Services::open_with_jobs(path, adapter, Jobs::global())
    }

    /// Opens a board whose jobs go to `jobs` (tests give each board a registry of its own).
    pub fn open_with_jobs(path: &Path, adapter: Adapter, jobs: Jobs) -> Result<Services, ApiError> {
        let db = Db::open(path).map_err(db_error)?;
        let user =
            std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
        let mut services = Services { db, actor: format!("{user} via {}", adapter.as_str()), adapter, jobs };
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

/// An operation's view of the board while it changes it: reads see the state being changed
/// (it derefs to the transaction's connection) and `audit` records the change in the same
/// transaction, made by this caller.
pub(crate) struct Change<'t> {
    tx: &'t archboard_db::Transaction<'t>,
    actor: &'t str,
}

impl std::ops::Deref for Change<'_> {
    type Target = archboard_db::Connection;
    fn deref(&self) -> &archboard_db::Connection {
        self.tx
    }
}

impl Change<'_> {
    /// Records one audit entry with `before` and `after` serialised as JSON documents.
    pub(crate) fn audit<R: serde::Serialize + ?Sized>(
        &self,
        entity: AuditEntity,
        entity_id: &str,
        action: AuditAction,
        before: Option<&R>,
        after: Option<&R>,
    ) -> Result<(), ApiError> {
        let to_json = |record: &R| {
            serde_json::to_string(record)
                .map_err(|e| ApiError::internal(format!("cannot record the change of {entity_id}: {e}")))
        };
        let before = before.map(to_json).transpose()?;
        let after = after.map(to_json).transpose()?;
        self.audit_text(entity, entity_id, action, before.as_deref(), after.as_deref())
    }

    /// Records one audit entry whose before and after are already text.
    pub(crate) fn audit_text(
        &self,
        entity: AuditEntity,
        entity_id: &str,
        action: AuditAction,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<(), ApiError> {
        archboard_db::audit::record(self.tx, entity, entity_id, action, self.actor, before, after)
            .map_err(db_error)
    }
}

impl Services {
    /// The one way an operation changes the board. `work` runs inside one IMMEDIATE
    /// transaction, which holds the board's write lock from its first statement: every check
    /// the operation makes and every "before" it records see exactly the state it changes, even
    /// when the desktop app, the CLI and `serve` share the file. Nothing lands unless `work`
    /// succeeds.
    pub(crate) fn write<T>(
        &mut self,
        work: impl FnOnce(&Change<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        write_board(&mut self.db, &self.actor, work)
    }
}

/// `Services::write` for work that holds a board of its own (a benchmark's thread storing its
/// record through its own connection).
pub(crate) fn write_board<T>(
    db: &mut Db,
    actor: &str,
    work: impl FnOnce(&Change<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    db.write(|tx| work(&Change { tx, actor }).map_err(TxError)).map_err(|TxError(error)| error)
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
