//! archboard-db: the one SQLite file behind Archboard. Opens it with the settings the app
//! relies on (WAL, foreign keys, busy timeout), applies the embedded migrations in one
//! transaction, and offers one module per table. Knows SQL, not business rules.
#![forbid(unsafe_code)]

pub mod adr;
pub mod adr_collection;
pub mod audit;
pub mod bench;
pub mod catalog;
pub mod interview;
pub mod kpi;
pub mod maturity;
mod migrations;
pub mod people;
pub mod review;

pub use migrations::{MIGRATION_FILES, applied_version};
pub use rusqlite::{Connection, Transaction};

use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Errors of the store, each naming what failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database at {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("cannot create the folder {path} for the database: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot create {path}: {source}")]
    CreateFile { path: PathBuf, source: std::io::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] rusqlite_migration::Error),
    #[error(
        "the database at {path} was written by a newer Archboard (schema {found}, this build knows {known}); upgrade Archboard"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

pub type DbResult<T> = Result<T, DbError>;

/// An open, migrated Archboard database.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> DbResult<Db> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| DbError::CreateDir { path: parent.to_owned(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|source| DbError::Open { path: path.to_owned(), source })?;
        configure(&conn).map_err(|source| DbError::Open { path: path.to_owned(), source })?;
        let found = applied_version(&conn)?;
        let known = MIGRATION_FILES.len() as i64;
        if found > known {
            return Err(DbError::TooNew { path: path.to_owned(), found, known });
        }
        migrations::migrations().to_latest(&mut conn)?;
        Ok(Db { conn, path: path.to_owned() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: all of it lands, or none of it does.
    pub fn write<T, E>(&mut self, work: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(DbError::from)?;
        let value = work(&tx)?;
        tx.commit().map_err(DbError::from)?;
        Ok(value)
    }

    /// Rewrites the file without the space deleted rows left (`VACUUM`) and folds the
    /// write-ahead log back into it, truncating the log, so erased bytes are gone from both
    /// files. Runs outside any transaction; other connections reading at the time can keep
    /// the log from being truncated, which is reported as an error.
    pub fn compact(&self) -> DbResult<()> {
        self.conn.execute_batch("VACUUM")?;
        let (busy, _, _): (i64, i64, i64) =
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
        if busy != 0 {
            return Err(DbError::Corrupt(
                "another program has the board open, so its write-ahead log could not be emptied; close it and erase again".into(),
            ));
        }
        Ok(())
    }

    /// Makes this connection overwrite deleted content with zeros (SQLite's `secure_delete`),
    /// for erasures.
    pub fn set_secure_delete(&self, on: bool) -> DbResult<()> {
        self.conn.pragma_update(None, "secure_delete", on)?;
        Ok(())
    }

    /// Copies the live database to `target` with SQLite's online backup, safe while in use.
    pub fn backup_to(&self, target: &Path) -> DbResult<()> {
        // The copy holds what the board does (users, hashes, history): owner-only, as it is.
        #[cfg(unix)]
        if !target.exists() {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(target).map_err(|source| DbError::CreateFile { path: target.to_owned(), source })?;
        }
        let mut dest = Connection::open(target)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dest)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
        Ok(())
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL lets the desktop app, `archboard serve` and the CLI read while one of them writes.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Encodes a list of names as the JSON text stored in list columns.
pub(crate) fn to_json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn from_json_list(column: &str, text: &str) -> DbResult<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|e| DbError::Corrupt(format!("column {column} holds `{text}`, not a JSON list: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_sets_wal_foreign_keys_and_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("nested/board.db")).unwrap();
        let mode: String = db.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = db.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let timeout: i64 = db.conn().pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!(timeout, 5000);
    }

    #[test]
    fn fts5_is_compiled_in() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("a.db")).unwrap();
        db.conn().execute_batch("CREATE VIRTUAL TABLE temp.probe USING fts5(body)").unwrap();
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        drop(Db::open(&path).unwrap());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
        let err = Db::open(&path).err().expect("newer schema must be refused").to_string();
        assert!(err.contains("newer Archboard") && err.contains("999"), "{err}");
    }

    #[test]
    fn backup_copies_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("live.db")).unwrap();
        db.write(|tx| {
            crate::audit::record(
                tx,
                archboard_types::audit::AuditEntity::Adr,
                "1",
                archboard_types::audit::AuditAction::Create,
                crate::audit::Author { label: "tester", user_id: None },
                None,
                Some("{}"),
            )?;
            Ok::<_, DbError>(())
        })
        .unwrap();
        let copy = dir.path().join("copy.db");
        db.backup_to(&copy).unwrap();
        let restored = Db::open(&copy).unwrap();
        let rows: i64 = restored.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 1);
    }
}
