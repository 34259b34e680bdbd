//! Table `audit`: the append-only trail of every change (entity, id, action, actor and user, time,
//! before/after as JSON). Written in the same transaction as the change it describes.

use crate::DbError;
use crate::DbResult;
use crate::adr::parse_time;
use archboard_types::audit::{AuditAction, AuditEntity, AuditEntry, AuditQuery};
use chrono::Utc;
use rusqlite::{Connection, params};

/// Who made a change: the words shown ("NAME via FRONT") and the board user, when there is one.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub label: &'a str,
    pub user_id: Option<i64>,
}

/// Appends one entry, stamped with the current time.
pub fn record(
    conn: &Connection,
    entity: AuditEntity,
    entity_id: &str,
    action: AuditAction,
    author: Author<'_>,
    before: Option<&str>,
    after: Option<&str>,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO audit (entity, entity_id, action, actor, user_id, at, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entity.as_str(),
            entity_id,
            action.as_str(),
            author.label,
            author.user_id,
            Utc::now().to_rfc3339(),
            before,
            after
        ],
    )?;
    Ok(())
}

/// Newest first, filtered by entity and id when given.
pub fn list(conn: &Connection, query: &AuditQuery) -> DbResult<Vec<AuditEntry>> {
    let limit = query.limit.unwrap_or(100).min(10_000);
    let mut statement = conn.prepare_cached(
        "SELECT id, entity, entity_id, action, actor, at, before_json, after_json, user_id FROM audit
         WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)
         ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = statement.query_map(
        params![query.entity.map(AuditEntity::as_str), query.entity_id, limit],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
                row.get::<_, Option<i64>>(8)?,
            ))
        },
    )?;
    let mut entries = Vec::new();
    for row in rows {
        let (id, entity, entity_id, action, actor, at, before, after, user_id) = row?;
        let corrupt =
            |what: &str, text: &str| DbError::Corrupt(format!("audit entry {id} has {what} `{text}`"));
        entries.push(AuditEntry {
            id,
            entity: entity.parse().map_err(|_| corrupt("the entity", &entity))?,
            entity_id,
            action: action.parse().map_err(|_| corrupt("the action", &action))?,
            actor,
            user_id,
            at: parse_time(&at)?,
            before,
            after,
        });
    }
    Ok(entries)
}
