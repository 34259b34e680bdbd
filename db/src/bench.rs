//! Table `bench_run`: benchmark result records stored whole as JSON, with a few columns copied
//! out for the runs list.

use crate::{DbError, DbResult};
use archboard_types::bench::{BenchRecord, RunState};
use rusqlite::{Connection, OptionalExtension, params};

fn state_str(state: RunState) -> &'static str {
    match state {
        RunState::Running => "running",
        RunState::Completed => "completed",
        RunState::Cancelled => "cancelled",
        RunState::Failed => "failed",
    }
}

fn parse(id: &str, json: &str) -> DbResult<BenchRecord> {
    serde_json::from_str(json)
        .map_err(|e| DbError::Corrupt(format!("bench_run `{id}` holds an unreadable record: {e}")))
}

/// Inserts or replaces the record with its id.
pub fn put(conn: &Connection, record: &BenchRecord) -> DbResult<()> {
    let json = serde_json::to_string(record)
        .map_err(|e| DbError::Corrupt(format!("cannot encode a record: {e}")))?;
    conn.execute(
        "INSERT INTO bench_run (id, name, created_at, state, target_kind, profile, imported, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(id) DO UPDATE SET name = ?2, created_at = ?3, state = ?4, target_kind = ?5,
             profile = ?6, imported = ?7, record = ?8",
        params![
            record.id,
            record.name,
            record.created_at,
            state_str(record.state),
            record.target.kind.as_str(),
            record.profile,
            record.imported_from.is_some(),
            json
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> DbResult<Option<BenchRecord>> {
    let json: Option<String> = conn
        .query_row("SELECT record FROM bench_run WHERE id = ?1", params![id], |row| row.get(0))
        .optional()?;
    json.map(|json| parse(id, &json)).transpose()
}

/// Newest first.
pub fn list(conn: &Connection, limit: u32) -> DbResult<Vec<BenchRecord>> {
    let mut statement =
        conn.prepare_cached("SELECT id, record FROM bench_run ORDER BY created_at DESC, id LIMIT ?1")?;
    let rows = statement
        .query_map(params![limit], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
    let mut records = Vec::new();
    for row in rows {
        let (id, json) = row?;
        records.push(parse(&id, &json)?);
    }
    Ok(records)
}

/// Whether a row was removed.
pub fn delete(conn: &Connection, id: &str) -> DbResult<bool> {
    Ok(conn.execute("DELETE FROM bench_run WHERE id = ?1", params![id])? > 0)
}
