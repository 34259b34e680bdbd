//! Tables `adr_collection` and `adr_collection_system`: the ADR collections of a board.

use crate::adr::parse_time;
use crate::people::changed_by_sql;
use crate::{DbError, DbResult};
use archboard_types::adr_collection::AdrCollection;
use archboard_types::adr_folder::DateOrder;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A collection's stored columns, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionRow {
    pub name: String,
    pub team_id: Option<i64>,
    pub folder: Option<String>,
    pub date_order: DateOrder,
    pub is_default: bool,
}

fn select_sql(condition: &str) -> String {
    format!(
        "SELECT c.id, c.name, t.name, c.folder, c.date_order, c.is_default, c.created_at, c.updated_at,
                c.synced_at,
                (SELECT count(*) FROM adr a WHERE a.collection_id = c.id),
                (SELECT count(*) FROM adr a WHERE a.collection_id = c.id AND a.missing_since IS NOT NULL),
                {}
         FROM adr_collection c LEFT JOIN team t ON t.id = c.team_id
         {condition}
         ORDER BY c.name COLLATE NOCASE",
        changed_by_sql("collection", "c.id")
    )
}

fn read(
    conn: &Connection,
    condition: &str,
    value: Option<&dyn rusqlite::ToSql>,
) -> DbResult<Vec<(i64, AdrCollection)>> {
    let sql = select_sql(condition);
    let mut statement = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> = value.into_iter().collect();
    let rows = statement.query_map(params.as_slice(), |r| {
        Ok((
            (
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ),
            (r.get::<_, String>(4)?, r.get::<_, bool>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?),
            (
                r.get::<_, Option<String>>(8)?,
                r.get::<_, u32>(9)?,
                r.get::<_, u32>(10)?,
                r.get::<_, Option<String>>(11)?,
            ),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            (id, name, team, folder),
            (order, is_default, created, updated),
            (synced, decisions, missing, changed_by),
        ) = row?;
        let systems = systems(conn, id)?;
        out.push((
            id,
            AdrCollection {
                name,
                team,
                systems,
                folder,
                date_order: order
                    .parse()
                    .map_err(|e: String| DbError::Corrupt(format!("adr_collection.date_order: {e}")))?,
                is_default,
                decisions,
                missing,
                synced_at: synced.as_deref().map(parse_time).transpose()?,
                created_at: parse_time(&created)?,
                updated_at: parse_time(&updated)?,
                changed_by,
            },
        ));
    }
    Ok(out)
}

/// Every collection, by name, with its id.
pub fn list(conn: &Connection) -> DbResult<Vec<(i64, AdrCollection)>> {
    read(conn, "", None)
}

/// The collection named `name` (case-insensitive), with its id.
pub fn by_name(conn: &Connection, name: &str) -> DbResult<Option<(i64, AdrCollection)>> {
    Ok(read(conn, "WHERE c.name = ?1 COLLATE NOCASE", Some(&name.trim()))?.pop())
}

pub fn by_id(conn: &Connection, id: i64) -> DbResult<Option<(i64, AdrCollection)>> {
    Ok(read(conn, "WHERE c.id = ?1", Some(&id))?.pop())
}

/// The default collection's id (decisions made in Archboard go there).
pub fn default_id(conn: &Connection) -> DbResult<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM adr_collection WHERE is_default = 1", [], |r| r.get(0)).optional()?)
}

/// A collection's name by id (for references).
pub fn name_of(conn: &Connection, id: i64) -> DbResult<String> {
    conn.prepare_cached("SELECT name FROM adr_collection WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| DbError::Corrupt(format!("a decision names collection {id}, which does not exist")))
}

pub fn insert(conn: &Connection, row: &CollectionRow, now: DateTime<Utc>) -> DbResult<i64> {
    if row.is_default {
        conn.execute("UPDATE adr_collection SET is_default = 0 WHERE is_default = 1", [])?;
    }
    conn.execute(
        "INSERT INTO adr_collection (name, team_id, folder, date_order, is_default, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![row.name, row.team_id, row.folder, row.date_order.as_str(), row.is_default, now.to_rfc3339()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, row: &CollectionRow, now: DateTime<Utc>) -> DbResult<()> {
    if row.is_default {
        conn.execute("UPDATE adr_collection SET is_default = 0 WHERE is_default = 1 AND id <> ?1", [id])?;
    }
    conn.execute(
        "UPDATE adr_collection SET name = ?2, team_id = ?3, folder = ?4, date_order = ?5,
                is_default = max(is_default, ?6), updated_at = ?7
         WHERE id = ?1",
        params![
            id,
            row.name,
            row.team_id,
            row.folder,
            row.date_order.as_str(),
            row.is_default,
            now.to_rfc3339()
        ],
    )?;
    Ok(())
}

/// Remembers the folder a collection was last imported from and when.
pub fn set_synced(conn: &Connection, id: i64, folder: Option<&str>, at: DateTime<Utc>) -> DbResult<()> {
    conn.execute(
        "UPDATE adr_collection SET folder = coalesce(?2, folder), synced_at = ?3 WHERE id = ?1",
        params![id, folder, at.to_rfc3339()],
    )?;
    Ok(())
}

pub fn systems(conn: &Connection, id: i64) -> DbResult<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT system_key FROM adr_collection_system WHERE collection_id = ?1 ORDER BY system_key",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

pub fn set_systems(conn: &Connection, id: i64, keys: &[String]) -> DbResult<()> {
    conn.execute("DELETE FROM adr_collection_system WHERE collection_id = ?1", [id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO adr_collection_system (collection_id, system_key) VALUES (?1, ?2)",
    )?;
    for key in keys {
        insert.execute(params![id, key])?;
    }
    Ok(())
}
