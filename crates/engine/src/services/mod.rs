//! `Services`: one method per contract operation, over one open database. Every front end
//! (desktop, HTTP, CLI) calls these and nothing else, so a rule is enforced in one place.

mod adr;
mod adr_collection;
mod adr_folder;
mod auth;
mod bench;
mod catalog;
mod interview;
mod jobs;
mod kpi;
mod lens;
mod maturity;
mod people;
mod report;
mod review;
mod sources;
pub mod sync;
mod system;

pub use adr::madr4_template;
pub use adr_folder::sha256_hex;
pub use auth::{API_TOKEN_PREFIX, SignIn, SignInAttempt, SignInLimiter, VerifiedSignIn, new_secret};
pub use bench::BenchJob;
pub use catalog::SyncReport;
pub use interview::RetentionJob;
pub use report::{NoProgress, ReportJob, ReportProgressSink};

use crate::jobs::Jobs;
use archboard_db::{Db, DbError};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::people::{Permission, Role, User, roles_grant};
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

/// Who an operation runs for: a board user, as they were when the request arrived (a team
/// server reads them afresh for every request, so a role change or deactivation applies at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Came in with a personal API token (which may not mint more tokens).
    pub by_token: bool,
}

impl Caller {
    pub fn of(user: &User) -> Caller {
        Caller {
            user_id: user.id,
            name: user.name.clone(),
            roles: user.roles.clone(),
            active: user.active,
            by_token: false,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.active && roles_grant(&self.roles, permission)
    }
}

/// What the audit trail records as the author of a change.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// "NAME via FRONT".
    pub(crate) label: String,
    pub(crate) user_id: Option<i64>,
}

impl Actor {
    /// Archboard itself (the built-in catalog's sync on open, the team server's address).
    pub(crate) fn archboard() -> Actor {
        Actor { label: "Archboard".into(), user_id: None }
    }
}

/// The engine over one database file.
pub struct Services {
    db: Db,
    /// Whom operations run for; `None` on a team server between requests, so nothing runs
    /// without a signed-in caller.
    pub(crate) caller: Option<Caller>,
    adapter: Adapter,
    /// Whether this is a team server's board (sign-in, sessions) rather than one person's.
    team_mode: bool,
    /// The process-wide job registry (benchmark runs go on in their own threads).
    jobs: Jobs,
    /// A fixed "now" for rules that depend on the date (tests and benches set it); `None`
    /// reads the system clock.
    fixed_now: Option<chrono::DateTime<chrono::Utc>>,
}

impl Services {
    /// Opens (creating and migrating as needed) the database at `path` for the person on this
    /// machine: operations run as the OS user, who becomes a user of the board (its owner on a
    /// new board) on first open.
    pub fn open(path: &Path, adapter: Adapter) -> Result<Services, ApiError> {
        Services::open_with_jobs(path, adapter, Jobs::global())
    }

    /// Opens a board whose jobs go to `jobs` (tests give each board a registry of its own).
    pub fn open_with_jobs(path: &Path, adapter: Adapter, jobs: Jobs) -> Result<Services, ApiError> {
        let mut services = Services::open_board(path, adapter, jobs, false)?;
        let caller = services.local_caller(&os_user_name())?;
        services.caller = Some(caller);
        Ok(services)
    }

    /// Opens a team server's board: no operation runs until a request names its caller
    /// ([`Services::dispatch_json_as`]).
    pub fn open_team(path: &Path, jobs: Jobs) -> Result<Services, ApiError> {
        Services::open_board(path, Adapter::Http, jobs, true)
    }

    fn open_board(path: &Path, adapter: Adapter, jobs: Jobs, team_mode: bool) -> Result<Services, ApiError> {
        crate::paths::keep_private(path)?;
        let db = Db::open(path).map_err(db_error)?;
        crate::paths::keep_board_files_private(path)?;
        let mut services = Services { db, caller: None, adapter, team_mode, jobs, fixed_now: None };
        // On first launch the board must already know the domain (roles, KPIs, checklists, …).
        services.sync_builtin_catalog()?;
        Ok(services)
    }

    /// Makes date-dependent rules (exemption expiry, evidence freshness, the SLA clock) see
    /// `now` instead of the system clock.
    pub fn set_fixed_now(&mut self, now: Option<chrono::DateTime<chrono::Utc>>) {
        self.fixed_now = now;
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.fixed_now.unwrap_or_else(chrono::Utc::now)
    }

    /// The user operations run for, if one is set.
    pub fn caller(&self) -> Option<&Caller> {
        self.caller.as_ref()
    }

    /// Whether this board is served to a team (sign-in) rather than used by one person.
    pub fn team_mode(&self) -> bool {
        self.team_mode
    }

    /// The audit author of changes made now, or a refusal when no one is signed in.
    pub(crate) fn actor(&self) -> Result<Actor, ApiError> {
        let caller = self.signed_in()?;
        Ok(Actor {
            label: format!("{} via {}", caller.name, self.adapter.as_str()),
            user_id: Some(caller.user_id),
        })
    }

    pub(crate) fn signed_in(&self) -> Result<&Caller, ApiError> {
        self.caller.as_ref().ok_or_else(|| ApiError::unauthorized("Sign in to use this board."))
    }

    /// The check the dispatcher makes before every operation: the caller's roles must grant
    /// what the endpoint table declares for it.
    pub(crate) fn authorize(&self, operation: &str, permission: Permission) -> Result<(), ApiError> {
        let caller = self.signed_in()?;
        if !caller.active {
            return Err(ApiError::unauthorized(format!(
                "{} has been deactivated on this board; ask an owner to reactivate them.",
                caller.name
            )));
        }
        if roles_grant(&caller.roles, permission) {
            return Ok(());
        }
        let held = if caller.roles.is_empty() {
            "no role".to_owned()
        } else {
            caller.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        };
        Err(ApiError::forbidden(format!(
            "`{operation}` needs {} ({}); {} has {held}.",
            permission.roles_phrase(),
            permission.label().to_lowercase(),
            caller.name
        )))
    }

    /// The same board on a connection of its own, acting for the same caller: what a job's
    /// thread works through while this one goes on answering.
    pub(crate) fn worker(&self) -> Result<Services, ApiError> {
        Ok(Services {
            db: Db::open(self.database_path()).map_err(db_error)?,
            caller: self.caller.clone(),
            adapter: self.adapter,
            team_mode: self.team_mode,
            jobs: self.jobs.clone(),
            fixed_now: self.fixed_now,
        })
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
    actor: &'t Actor,
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
        archboard_db::audit::record(
            self.tx,
            entity,
            entity_id,
            action,
            archboard_db::audit::Author { label: &self.actor.label, user_id: self.actor.user_id },
            before,
            after,
        )
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
        let actor = self.actor()?;
        write_board(&mut self.db, &actor, work)
    }
}

/// `Services::write` for work that holds a board of its own (a benchmark's thread storing its
/// record through its own connection).
pub(crate) fn write_board<T>(
    db: &mut Db,
    actor: &Actor,
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

/// The OS user running this process: who the desktop app and the local CLI act for.
fn os_user_name() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}

/// Store failures reach the user as internal errors whose message says what failed.
pub(crate) fn db_error(error: DbError) -> ApiError {
    ApiError::internal(error.to_string())
}
