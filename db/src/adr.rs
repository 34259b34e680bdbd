//! Tables `adr`, `adr_tag` and `adr_link`: storing and reading decision records.

use crate::{DbError, DbResult, from_json_list, to_json_list};
use archboard_types::adr::{AdrListQuery, AdrSearchHit, AdrSort, AdrStatus, AdrSummary, LinkKind};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

/// Link kind stored for "A supersedes B"; the reverse ("B superseded by A") is read from it.
pub const SUPERSEDES: &str = "supersedes";

/// A decision as stored. The engine adds derived fields (rendered HTML) on top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdrRecord {
    pub number: u32,
    pub title: String,
    pub status: AdrStatus,
    pub date: NaiveDate,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body_markdown: String,
    pub supersedes: Vec<u32>,
    pub superseded_by: Vec<u32>,
    /// Every link touching this record, from its side.
    pub links: Vec<StoredLink>,
    pub revisit_by: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One link from a record's point of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredLink {
    pub kind: String,
    /// True when the record is the link's source.
    pub outgoing: bool,
    pub other: u32,
}

/// The number the next ADR gets: one more than the largest so far.
pub fn next_number(conn: &Connection) -> DbResult<u32> {
    let max: Option<u32> = conn.query_row("SELECT max(number) FROM adr", [], |r| r.get(0))?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn count(conn: &Connection) -> DbResult<u64> {
    Ok(conn.query_row("SELECT count(*) FROM adr", [], |r| r.get(0))?)
}

/// Inserts a new record with its tags. Links are added with [`add_link`].
pub fn insert(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    conn.execute(
        "INSERT INTO adr (number, title, status, decision_date, deciders, consulted, informed,
                          body_markdown, created_at, updated_at, revisit_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            record.number,
            record.title,
            record.status.as_str(),
            record.date.to_string(),
            to_json_list(&record.deciders),
            to_json_list(&record.consulted),
            to_json_list(&record.informed),
            record.body_markdown,
            record.created_at.to_rfc3339(),
            record.updated_at.to_rfc3339(),
            record.revisit_by.map(|d| d.to_string()),
        ],
    )?;
    replace_tags(conn, record.number, &record.tags)?;
    reindex(conn, record)
}

/// Rewrites the editable content of an existing record (not its status or links).
pub fn update_content(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET title = ?2, decision_date = ?3, deciders = ?4, consulted = ?5, informed = ?6,
                        body_markdown = ?7, updated_at = ?8, revisit_by = ?9
         WHERE number = ?1",
        params![
            record.number,
            record.title,
            record.date.to_string(),
            to_json_list(&record.deciders),
            to_json_list(&record.consulted),
            to_json_list(&record.informed),
            record.body_markdown,
            record.updated_at.to_rfc3339(),
            record.revisit_by.map(|d| d.to_string()),
        ],
    )?;
    replace_tags(conn, record.number, &record.tags)?;
    reindex(conn, record)
}

/// Replaces the record's row in the search index (rowid = ADR number).
fn reindex(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    conn.execute("DELETE FROM adr_fts WHERE rowid = ?1", [record.number])?;
    let people = [&record.deciders, &record.consulted, &record.informed]
        .iter()
        .flat_map(|names| names.iter())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ; ");
    conn.execute(
        "INSERT INTO adr_fts (rowid, title, body, tags, people) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![record.number, record.title, record.body_markdown, record.tags.join(" "), people],
    )?;
    Ok(())
}

/// Where an imported decision came from (see migration 0003).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrSource {
    pub flavor: String,
    pub path: String,
    pub text: String,
    /// The decision as stored right after the import, as JSON; equal to the current state
    /// exactly when nobody has changed the decision since.
    pub snapshot: String,
    pub slug: Option<String>,
    pub status_note: Option<String>,
}

pub fn source(conn: &Connection, number: u32) -> DbResult<Option<AdrSource>> {
    let row = conn
        .query_row(
            "SELECT source_flavor, source_path, source_text, source_snapshot, slug, status_note
             FROM adr WHERE number = ?1 AND source_flavor IS NOT NULL",
            [number],
            |r| {
                Ok(AdrSource {
                    flavor: r.get(0)?,
                    path: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    text: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    snapshot: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    slug: r.get(4)?,
                    status_note: r.get(5)?,
                })
            },
        )
        .optional()?;
    Ok(row)
}

pub fn set_source(conn: &Connection, number: u32, source: &AdrSource) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET source_flavor = ?2, source_path = ?3, source_text = ?4, source_snapshot = ?5,
                        slug = ?6, status_note = ?7
         WHERE number = ?1",
        params![
            number,
            source.flavor,
            source.path,
            source.text,
            source.snapshot,
            source.slug,
            source.status_note
        ],
    )?;
    Ok(())
}

/// The decision imported from the log4brains file with this slug, if any.
pub fn number_for_slug(conn: &Connection, slug: &str) -> DbResult<Option<u32>> {
    Ok(conn.query_row("SELECT number FROM adr WHERE slug = ?1", [slug], |r| r.get(0)).optional()?)
}

/// Every decision number, ascending.
pub fn numbers(conn: &Connection) -> DbResult<Vec<u32>> {
    let mut statement = conn.prepare_cached("SELECT number FROM adr ORDER BY number")?;
    let numbers = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(numbers)
}

/// Writes every stored field of an existing record, status included (imports carry the
/// file's status as it is), and refreshes its search entry.
pub fn overwrite(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    update_content(conn, record)?;
    set_status(conn, record.number, record.status, record.updated_at)
}

/// Sentinels marking matches in FTS snippets; the engine escapes the text, then turns them
/// into `<mark>` tags, so untrusted text never becomes markup.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// Runs an FTS5 `MATCH` expression, best first. Title matches weigh most, then tags, people,
/// and the body.
pub fn search(conn: &Connection, fts_query: &str, limit: u32) -> DbResult<Vec<AdrSearchHit>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.number, a.title, a.status,
                snippet(adr_fts, -1, char(2), char(3), '…', 16) AS snippet,
                bm25(adr_fts, 10.0, 1.0, 5.0, 3.0) AS rank
         FROM adr_fts JOIN adr a ON a.number = adr_fts.rowid
         WHERE adr_fts MATCH ?1
         ORDER BY rank, a.number
         LIMIT ?2",
    )?;
    let rows = statement.query_map(params![fts_query, limit], |row| {
        Ok((
            row.get::<_, u32>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, f64>(4)?,
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (number, title, status, snippet, rank) = row?;
        hits.push(AdrSearchHit {
            number,
            title,
            status: parse_status(&status)?,
            snippet_html: snippet,
            rank,
        });
    }
    Ok(hits)
}

/// Every link as (from, kind, to), ordered.
pub fn all_links(conn: &Connection) -> DbResult<Vec<(u32, String, u32)>> {
    let mut statement = conn.prepare_cached(
        "SELECT from_number, kind, to_number FROM adr_link ORDER BY from_number, kind, to_number",
    )?;
    let links =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    Ok(links)
}

/// Removes the link `from --kind--> to`; returns whether it existed.
pub fn remove_link(conn: &Connection, from: u32, kind: &str, to: u32) -> DbResult<bool> {
    let removed = conn.execute(
        "DELETE FROM adr_link WHERE from_number = ?1 AND kind = ?2 AND to_number = ?3",
        params![from, kind, to],
    )?;
    Ok(removed > 0)
}

/// Every link kind with its labels, built-in ones first.
pub fn link_kinds(conn: &Connection) -> DbResult<Vec<LinkKind>> {
    let mut statement =
        conn.prepare_cached("SELECT kind, forward, inverse FROM adr_link_kind ORDER BY rowid")?;
    let kinds = statement
        .query_map([], |r| Ok(LinkKind { kind: r.get(0)?, forward: r.get(1)?, inverse: r.get(2)? }))?
        .collect::<Result<_, _>>()?;
    Ok(kinds)
}

pub fn link_kind(conn: &Connection, kind: &str) -> DbResult<Option<LinkKind>> {
    Ok(conn
        .query_row("SELECT kind, forward, inverse FROM adr_link_kind WHERE kind = ?1", [kind], |r| {
            Ok(LinkKind { kind: r.get(0)?, forward: r.get(1)?, inverse: r.get(2)? })
        })
        .optional()?)
}

pub fn add_link_kind(conn: &Connection, kind: &LinkKind) -> DbResult<()> {
    conn.execute(
        "INSERT INTO adr_link_kind (kind, forward, inverse) VALUES (?1, ?2, ?3)",
        params![kind.kind, kind.forward, kind.inverse],
    )?;
    Ok(())
}

/// Accepted or proposed decisions whose revisit date is on or before `as_of`, oldest first.
pub fn due_for_review(conn: &Connection, as_of: NaiveDate) -> DbResult<Vec<AdrSummary>> {
    let mut due: Vec<AdrSummary> = list(conn, &AdrListQuery::default())?
        .into_iter()
        .filter(|a| matches!(a.status, AdrStatus::Accepted | AdrStatus::Proposed))
        .filter(|a| a.revisit_by.is_some_and(|d| d <= as_of))
        .collect();
    due.sort_by_key(|a| (a.revisit_by, a.number));
    Ok(due)
}

pub fn set_status(conn: &Connection, number: u32, status: AdrStatus, at: DateTime<Utc>) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET status = ?2, updated_at = ?3 WHERE number = ?1",
        params![number, status.as_str(), at.to_rfc3339()],
    )?;
    Ok(())
}

/// Records `from --kind--> to`; adding the same link twice is harmless.
pub fn add_link(conn: &Connection, from: u32, kind: &str, to: u32) -> DbResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO adr_link (from_number, kind, to_number) VALUES (?1, ?2, ?3)",
        params![from, kind, to],
    )?;
    Ok(())
}

fn replace_tags(conn: &Connection, number: u32, tags: &[String]) -> DbResult<()> {
    conn.execute("DELETE FROM adr_tag WHERE adr_number = ?1", [number])?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO adr_tag (adr_number, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![number, tag])?;
    }
    Ok(())
}

/// Reads one whole record, or `None` when no ADR has that number.
pub fn get(conn: &Connection, number: u32) -> DbResult<Option<AdrRecord>> {
    let base = conn
        .query_row(
            "SELECT number, title, status, decision_date, deciders, consulted, informed,
                    body_markdown, created_at, updated_at, revisit_by
             FROM adr WHERE number = ?1",
            [number],
            |row| Ok(RawAdr::from_row(row)),
        )
        .optional()?;
    let Some(raw) = base else { return Ok(None) };
    let raw = raw?;
    let tags = tags_of(conn, number)?;
    let links = links_of(conn, number)?;
    let of_kind = |outgoing: bool| -> Vec<u32> {
        links.iter().filter(|l| l.kind == SUPERSEDES && l.outgoing == outgoing).map(|l| l.other).collect()
    };
    let (supersedes, superseded_by) = (of_kind(true), of_kind(false));
    Ok(Some(AdrRecord {
        number: raw.number,
        title: raw.title,
        status: parse_status(&raw.status)?,
        date: parse_date(&raw.date)?,
        deciders: from_json_list("deciders", &raw.deciders)?,
        consulted: from_json_list("consulted", &raw.consulted)?,
        informed: from_json_list("informed", &raw.informed)?,
        tags,
        body_markdown: raw.body_markdown,
        supersedes,
        superseded_by,
        links,
        revisit_by: raw.revisit_by.as_deref().map(parse_date).transpose()?,
        created_at: parse_time(&raw.created_at)?,
        updated_at: parse_time(&raw.updated_at)?,
    }))
}

/// Lists decisions matching `query`, ordered as asked (ties broken by number).
pub fn list(conn: &Connection, query: &AdrListQuery) -> DbResult<Vec<AdrSummary>> {
    let order_column = match query.sort {
        AdrSort::Number => "a.number",
        AdrSort::Title => "a.title COLLATE NOCASE",
        AdrSort::Status => "a.status",
        AdrSort::Date => "a.decision_date",
        AdrSort::Updated => "a.updated_at",
    };
    let direction = if query.descending { "DESC" } else { "ASC" };
    // Only fixed strings from the match above are formatted into the SQL; values are bound.
    let sql = format!(
        "SELECT a.number, a.title, a.status, a.decision_date, a.updated_at,
                (SELECT json_group_array(tag) FROM (SELECT tag FROM adr_tag t WHERE t.adr_number = a.number ORDER BY tag)),
                a.deciders, a.revisit_by,
                (SELECT actor FROM audit u WHERE u.entity = 'adr' AND u.entity_id = CAST(a.number AS TEXT)
                 ORDER BY u.id DESC LIMIT 1)
         FROM adr a
         WHERE (?1 IS NULL OR a.status = ?1)
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM adr_tag t WHERE t.adr_number = a.number AND t.tag = ?2))
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(a.deciders) d WHERE lower(d.value) = lower(?3)))
         ORDER BY {order_column} {direction}, a.number {direction}
         LIMIT ?4"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let status = query.status.map(AdrStatus::as_str);
    let decider = query.decider.as_deref().map(str::trim).filter(|d| !d.is_empty());
    // SQLite reads a negative LIMIT as "no limit".
    let limit = query.limit.map(i64::from).unwrap_or(-1);
    let rows = statement.query_map(params![status, query.tag, decider, limit], |row| {
        Ok((
            (
                row.get::<_, u32>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ),
            (row.get::<_, String>(4)?, row.get::<_, String>(5)?, row.get::<_, String>(6)?),
            (row.get::<_, Option<String>>(7)?, row.get::<_, Option<String>>(8)?),
        ))
    })?;
    let mut summaries = Vec::new();
    for row in rows {
        let ((number, title, status, date), (updated_at, tags, deciders), (revisit_by, changed_by)) = row?;
        summaries.push(AdrSummary {
            number,
            title,
            status: parse_status(&status)?,
            date: parse_date(&date)?,
            tags: from_json_list("tags", &tags)?,
            deciders: from_json_list("deciders", &deciders)?,
            revisit_by: revisit_by.as_deref().map(parse_date).transpose()?,
            updated_at: parse_time(&updated_at)?,
            changed_by,
        });
    }
    Ok(summaries)
}

fn tags_of(conn: &Connection, number: u32) -> DbResult<Vec<String>> {
    let mut statement = conn.prepare_cached("SELECT tag FROM adr_tag WHERE adr_number = ?1 ORDER BY tag")?;
    let tags = statement.query_map([number], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(tags)
}

/// Links where `number` is the source or the target, ordered by kind and the other end.
fn links_of(conn: &Connection, number: u32) -> DbResult<Vec<StoredLink>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, 1, to_number FROM adr_link WHERE from_number = ?1
         UNION ALL
         SELECT kind, 0, from_number FROM adr_link WHERE to_number = ?1
         ORDER BY 1, 2 DESC, 3",
    )?;
    let links = statement
        .query_map([number], |r| {
            Ok(StoredLink { kind: r.get(0)?, outgoing: r.get::<_, i64>(1)? == 1, other: r.get(2)? })
        })?
        .collect::<Result<_, _>>()?;
    Ok(links)
}

/// The titles of the given decisions, for labelling links.
pub fn titles(conn: &Connection, numbers: &[u32]) -> DbResult<std::collections::HashMap<u32, String>> {
    let mut statement = conn.prepare_cached("SELECT title FROM adr WHERE number = ?1")?;
    let mut titles = std::collections::HashMap::new();
    for number in numbers {
        if let Some(title) = statement.query_row([number], |r| r.get::<_, String>(0)).optional()? {
            titles.insert(*number, title);
        }
    }
    Ok(titles)
}

struct RawAdr {
    number: u32,
    title: String,
    status: String,
    date: String,
    deciders: String,
    consulted: String,
    informed: String,
    body_markdown: String,
    created_at: String,
    updated_at: String,
    revisit_by: Option<String>,
}

impl RawAdr {
    fn from_row(row: &Row<'_>) -> DbResult<RawAdr> {
        Ok(RawAdr {
            number: row.get(0)?,
            title: row.get(1)?,
            status: row.get(2)?,
            date: row.get(3)?,
            deciders: row.get(4)?,
            consulted: row.get(5)?,
            informed: row.get(6)?,
            body_markdown: row.get(7)?,
            created_at: row.get(8)?,
            updated_at: row.get(9)?,
            revisit_by: row.get(10)?,
        })
    }
}

fn parse_status(text: &str) -> DbResult<AdrStatus> {
    text.parse().map_err(DbError::Corrupt)
}

fn parse_date(text: &str) -> DbResult<NaiveDate> {
    text.parse().map_err(|e| DbError::Corrupt(format!("decision date `{text}`: {e}")))
}

pub(crate) fn parse_time(text: &str) -> DbResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| DbError::Corrupt(format!("timestamp `{text}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Db;

    fn record(number: u32, title: &str, status: AdrStatus, tags: &[&str]) -> AdrRecord {
        let now = Utc::now();
        AdrRecord {
            number,
            title: title.into(),
            status,
            date: NaiveDate::from_ymd_opt(2026, 1, number).unwrap(),
            deciders: vec!["Ada".into()],
            consulted: vec![],
            informed: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body_markdown: format!("# {title}"),
            supersedes: vec![],
            superseded_by: vec![],
            links: vec![],
            revisit_by: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn db_with_three() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("adr.db")).unwrap();
        db.write(|tx| {
            insert(tx, &record(1, "Use SQLite", AdrStatus::Accepted, &["storage"]))?;
            insert(tx, &record(2, "adopt Leptos", AdrStatus::Proposed, &["ui", "wasm"]))?;
            insert(tx, &record(3, "Replace SQLite", AdrStatus::Proposed, &["storage"]))?;
            add_link(tx, 3, SUPERSEDES, 1)?;
            Ok::<_, DbError>(())
        })
        .unwrap();
        (dir, db)
    }

    #[test]
    fn round_trips_a_record_with_links_both_ways() {
        let (_dir, db) = db_with_three();
        let first = get(db.conn(), 1).unwrap().unwrap();
        assert_eq!(first.superseded_by, vec![3]);
        assert_eq!(first.deciders, vec!["Ada".to_string()]);
        let third = get(db.conn(), 3).unwrap().unwrap();
        assert_eq!(third.supersedes, vec![1]);
        assert!(get(db.conn(), 99).unwrap().is_none());
        assert_eq!(next_number(db.conn()).unwrap(), 4);
    }

    #[test]
    fn lists_filter_by_status_and_tag_and_sort() {
        let (_dir, db) = db_with_three();
        let by_tag =
            list(db.conn(), &AdrListQuery { tag: Some("storage".into()), ..Default::default() }).unwrap();
        assert_eq!(by_tag.iter().map(|a| a.number).collect::<Vec<_>>(), vec![1, 3]);
        let proposed =
            list(db.conn(), &AdrListQuery { status: Some(AdrStatus::Proposed), ..Default::default() })
                .unwrap();
        assert_eq!(proposed.iter().map(|a| a.number).collect::<Vec<_>>(), vec![2, 3]);
        let by_title = list(db.conn(), &AdrListQuery { sort: AdrSort::Title, ..Default::default() }).unwrap();
        assert_eq!(by_title.iter().map(|a| a.number).collect::<Vec<_>>(), vec![2, 3, 1]);
        let newest_first =
            list(db.conn(), &AdrListQuery { sort: AdrSort::Date, descending: true, ..Default::default() })
                .unwrap();
        assert_eq!(newest_first[0].number, 3);
        assert_eq!(by_tag[0].tags, vec!["storage".to_string()]);
    }

    #[test]
    fn a_link_to_a_missing_adr_is_refused_by_the_schema() {
        let (_dir, mut db) = db_with_three();
        let result = db.write(|tx| add_link(tx, 2, SUPERSEDES, 42));
        assert!(result.is_err());
    }
}
