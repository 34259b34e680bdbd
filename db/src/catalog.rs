//! Tables `catalog_item`, `catalog_fts` and `board_meta`: catalog items stored as JSON with
//! where they came from, the shipped copy beside a user's edit, and the search index.

use crate::{DbError, DbResult};
use archboard_types::catalog::{CatalogItem, CatalogKind, CatalogOrigin, CatalogSummary};
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// An item as stored, with what the update rules need.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub item: CatalogItem,
    pub origin: CatalogOrigin,
    pub edited: bool,
    /// The newest shipped copy (built-in items only).
    pub builtin: Option<CatalogItem>,
    pub builtin_version: Option<u32>,
    /// The shipped version the user's copy is based on.
    pub base_version: Option<u32>,
}

impl StoredItem {
    /// A newer shipped version waiting for an edited item.
    pub fn update_available(&self) -> Option<u32> {
        match (self.edited, self.builtin_version, self.base_version) {
            (true, Some(shipped), Some(base)) if shipped > base => Some(shipped),
            _ => None,
        }
    }

    pub fn summary(&self) -> CatalogSummary {
        CatalogSummary {
            key: self.item.key().to_owned(),
            kind: self.item.kind(),
            name: self.item.name().to_owned(),
            summary: self.item.summary().to_owned(),
            version: self.item.version(),
            origin: self.origin,
            edited: self.edited,
            update_available: self.update_available(),
        }
    }
}

fn origin_str(origin: CatalogOrigin) -> &'static str {
    match origin {
        CatalogOrigin::Builtin => "builtin",
        CatalogOrigin::User => "user",
        CatalogOrigin::Imported => "imported",
    }
}

fn parse_origin(text: &str) -> DbResult<CatalogOrigin> {
    match text {
        "builtin" => Ok(CatalogOrigin::Builtin),
        "user" => Ok(CatalogOrigin::User),
        "imported" => Ok(CatalogOrigin::Imported),
        other => Err(DbError::Corrupt(format!("catalog_item.origin holds `{other}`"))),
    }
}

fn parse_item(column: &str, text: &str) -> DbResult<CatalogItem> {
    serde_json::from_str(text)
        .map_err(|e| DbError::Corrupt(format!("catalog_item.{column} is not a catalog item: {e}")))
}

fn to_json(item: &CatalogItem) -> String {
    serde_json::to_string(item).expect("catalog items always serialise")
}

const COLUMNS: &str = "data, origin, edited, builtin, builtin_version, base_version";

/// The raw columns of `COLUMNS`, before the JSON is parsed.
type RawRow = (String, String, bool, Option<String>, Option<u32>, Option<u32>);

fn read_row(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
}

fn decode(raw: RawRow) -> DbResult<StoredItem> {
    let (data, origin, edited, builtin, builtin_version, base_version) = raw;
    Ok(StoredItem {
        item: parse_item("data", &data)?,
        origin: parse_origin(&origin)?,
        edited,
        builtin: builtin.as_deref().map(|text| parse_item("builtin", text)).transpose()?,
        builtin_version,
        base_version,
    })
}

pub fn get(conn: &Connection, key: &str) -> DbResult<Option<StoredItem>> {
    let raw = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM catalog_item WHERE key = ?1"))?
        .query_row(params![key], read_row)
        .optional()?;
    raw.map(decode).transpose()
}

/// Every item, or every item of one kind, ordered by kind and name.
pub fn all(conn: &Connection, kind: Option<CatalogKind>) -> DbResult<Vec<StoredItem>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM catalog_item WHERE (?1 IS NULL OR kind = ?1) ORDER BY kind, name, key"
    ))?;
    let rows = statement.query_map(params![kind.map(CatalogKind::as_str)], read_row)?;
    rows.map(|raw| decode(raw?)).collect()
}

pub fn count(conn: &Connection) -> DbResult<u32> {
    Ok(conn.query_row("SELECT count(*) FROM catalog_item", [], |r| r.get(0))?)
}

/// Keys of the items matching an FTS5 expression, best first (names weigh more than bodies).
pub fn search(
    conn: &Connection,
    fts_query: &str,
    kind: Option<CatalogKind>,
    limit: u32,
) -> DbResult<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT f.key FROM catalog_fts f JOIN catalog_item c ON c.key = f.key
         WHERE catalog_fts MATCH ?1 AND (?2 IS NULL OR c.kind = ?2)
         ORDER BY bm25(catalog_fts, 0.0, 10.0, 1.0), c.name LIMIT ?3",
    )?;
    let keys = statement
        .query_map(params![fts_query, kind.map(CatalogKind::as_str), limit], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(keys)
}

/// Inserts or replaces an item and its search row.
pub fn put(conn: &Connection, stored: &StoredItem) -> DbResult<()> {
    let now = Utc::now().to_rfc3339();
    let item = &stored.item;
    conn.prepare_cached(
        "INSERT INTO catalog_item (key, kind, name, summary, version, origin, edited, data, builtin,
                                   builtin_version, base_version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, name = excluded.name,
             summary = excluded.summary, version = excluded.version, origin = excluded.origin,
             edited = excluded.edited, data = excluded.data, builtin = excluded.builtin,
             builtin_version = excluded.builtin_version, base_version = excluded.base_version,
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        item.key(),
        item.kind().as_str(),
        item.name(),
        item.summary(),
        item.version(),
        origin_str(stored.origin),
        stored.edited,
        to_json(item),
        stored.builtin.as_ref().map(to_json),
        stored.builtin_version,
        stored.base_version,
        now,
    ])?;
    conn.prepare_cached("DELETE FROM catalog_fts WHERE key = ?1")?.execute(params![item.key()])?;
    conn.prepare_cached("INSERT INTO catalog_fts (key, name, body) VALUES (?1, ?2, ?3)")?
        .execute(params![item.key(), item.name(), search_text(item)])?;
    Ok(())
}

/// Removes an item; returns whether it existed.
pub fn delete(conn: &Connection, key: &str) -> DbResult<bool> {
    conn.prepare_cached("DELETE FROM catalog_fts WHERE key = ?1")?.execute(params![key])?;
    Ok(conn.prepare_cached("DELETE FROM catalog_item WHERE key = ?1")?.execute(params![key])? > 0)
}

/// Every string in the item, one per line: what full-text search looks through.
fn search_text(item: &CatalogItem) -> String {
    fn walk(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(text) => {
                out.push_str(text);
                out.push('\n');
            }
            serde_json::Value::Array(values) => values.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(&serde_json::to_value(item).expect("catalog items always serialise"), &mut out);
    out
}

pub fn meta_get(conn: &Connection, name: &str) -> DbResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM board_meta WHERE name = ?1")?
        .query_row(params![name], |r| r.get(0))
        .optional()?)
}

pub fn meta_set(conn: &Connection, name: &str, value: &str) -> DbResult<()> {
    conn.prepare_cached(
        "INSERT INTO board_meta (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![name, value])?;
    Ok(())
}
