//! Tables `adr`, `adr_tag` and `adr_link`: storing and reading decision records. A decision is
//! named by its board-wide `id`; `(collection_id, number)` and `(collection_id, slug)` are
//! unique inside a collection.

use crate::people::changed_by_sql;
use crate::{DbError, DbResult, from_json_list, to_json_list};
use archboard_types::adr::{
    AdrId, AdrListQuery, AdrSearchHit, AdrSort, AdrStatus, AdrSummary, LinkKind, display_reference,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

/// Link kind stored for "A supersedes B"; the reverse ("B superseded by A") is read from it.
pub const SUPERSEDES: &str = "supersedes";

/// A decision as stored. The engine adds derived fields (rendered HTML) on top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdrRecord {
    /// Given by the store on insert; ignored by [`insert`].
    pub id: AdrId,
    pub collection_id: i64,
    pub number: u32,
    /// The identity inside the collection of a file whose name carries no number.
    pub slug: Option<String>,
    pub title: String,
    pub status: Option<AdrStatus>,
    /// The file's own status wording, when it said something other than the lifecycle word.
    pub status_note: Option<String>,
    pub date: Option<NaiveDate>,
    /// The date as the file wrote it, when not ISO.
    pub date_text: Option<String>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body_markdown: String,
    pub supersedes: Vec<AdrId>,
    pub superseded_by: Vec<AdrId>,
    /// Every link touching this record, from its side.
    pub links: Vec<StoredLink>,
    pub revisit_by: Option<NaiveDate>,
    /// Front-matter lines Archboard does not use, written back as they were.
    pub front_matter_extra: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One link from a record's point of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredLink {
    pub kind: String,
    /// True when the record is the link's source.
    pub outgoing: bool,
    pub other: AdrId,
}

/// The number the next ADR of a collection gets: one more than its largest so far.
pub fn next_number(conn: &Connection, collection_id: i64) -> DbResult<u32> {
    let max: Option<u32> =
        conn.query_row("SELECT max(number) FROM adr WHERE collection_id = ?1", [collection_id], |r| {
            r.get(0)
        })?;
    Ok(max.map_or(1, |n| n + 1))
}

pub fn count(conn: &Connection) -> DbResult<u64> {
    Ok(conn.query_row("SELECT count(*) FROM adr", [], |r| r.get(0))?)
}

/// Inserts a new record with its tags and returns its id. Links are added with [`add_link`].
pub fn insert(conn: &Connection, record: &AdrRecord) -> DbResult<AdrId> {
    conn.execute(
        "INSERT INTO adr (collection_id, number, slug, title, status, status_note, decision_date, date_text,
                          deciders, consulted, informed, body_markdown, created_at, updated_at, revisit_by,
                          front_matter_extra)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            record.collection_id,
            record.number,
            record.slug,
            record.title,
            record.status.map(AdrStatus::as_str),
            record.status_note,
            record.date.map(|d| d.to_string()),
            record.date_text,
            to_json_list(&record.deciders),
            to_json_list(&record.consulted),
            to_json_list(&record.informed),
            record.body_markdown,
            record.created_at.to_rfc3339(),
            record.updated_at.to_rfc3339(),
            record.revisit_by.map(|d| d.to_string()),
            record.front_matter_extra,
        ],
    )?;
    let id = AdrId::try_from(conn.last_insert_rowid())
        .map_err(|_| DbError::Corrupt("decision ids ran past 4 billion".into()))?;
    replace_tags(conn, id, &record.tags)?;
    reindex(conn, id, record)?;
    Ok(id)
}

/// Rewrites the editable content of an existing record (not its status or links).
pub fn update_content(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET title = ?2, decision_date = ?3, date_text = ?4, deciders = ?5, consulted = ?6,
                        informed = ?7, body_markdown = ?8, updated_at = ?9, revisit_by = ?10,
                        front_matter_extra = ?11, slug = ?12
         WHERE id = ?1",
        params![
            record.id,
            record.title,
            record.date.map(|d| d.to_string()),
            record.date_text,
            to_json_list(&record.deciders),
            to_json_list(&record.consulted),
            to_json_list(&record.informed),
            record.body_markdown,
            record.updated_at.to_rfc3339(),
            record.revisit_by.map(|d| d.to_string()),
            record.front_matter_extra,
            record.slug,
        ],
    )?;
    replace_tags(conn, record.id, &record.tags)?;
    reindex(conn, record.id, record)
}

/// Replaces the record's row in the search index (rowid = decision id).
fn reindex(conn: &Connection, id: AdrId, record: &AdrRecord) -> DbResult<()> {
    conn.execute("DELETE FROM adr_fts WHERE rowid = ?1", [id])?;
    let people = [&record.deciders, &record.consulted, &record.informed]
        .iter()
        .flat_map(|names| names.iter())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ; ");
    conn.execute(
        "INSERT INTO adr_fts (rowid, title, body, tags, people) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, record.title, record.body_markdown, record.tags.join(" "), people],
    )?;
    Ok(())
}

/// Where an imported decision came from, so an export can write an untouched file back byte
/// for byte and a re-import can tell unchanged from changed files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrSource {
    pub flavor: String,
    pub path: String,
    pub text: String,
    /// The decision as stored right after the import, as JSON; equal to the current state
    /// exactly when nobody has changed the decision since.
    pub snapshot: String,
    /// What the import could not read in the file.
    pub warnings: Vec<String>,
}

pub fn source(conn: &Connection, id: AdrId) -> DbResult<Option<AdrSource>> {
    let row = conn
        .query_row(
            "SELECT source_flavor, source_path, source_text, source_snapshot, import_warnings
             FROM adr WHERE id = ?1 AND source_flavor IS NOT NULL",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(flavor, path, text, snapshot, warnings)| {
        Ok(AdrSource {
            flavor,
            path: path.unwrap_or_default(),
            text: text.unwrap_or_default(),
            snapshot: snapshot.unwrap_or_default(),
            warnings: from_json_list("adr.import_warnings", &warnings)?,
        })
    })
    .transpose()
}

/// Records the file a decision was just read from; the file is in its folder again.
pub fn set_source(conn: &Connection, id: AdrId, source: &AdrSource) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET source_flavor = ?2, source_path = ?3, source_text = ?4, source_snapshot = ?5,
                        import_warnings = ?6, missing_since = NULL
         WHERE id = ?1",
        params![id, source.flavor, source.path, source.text, source.snapshot, to_json_list(&source.warnings)],
    )?;
    Ok(())
}

/// Marks (or, with `None`, unmarks) a decision whose file a sync found gone.
pub fn set_missing(conn: &Connection, id: AdrId, since: Option<DateTime<Utc>>) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET missing_since = ?2 WHERE id = ?1",
        params![id, since.map(|t| t.to_rfc3339())],
    )?;
    Ok(())
}

/// Sets the file's own status wording (cleared when a person changes the status).
pub fn set_status_note(conn: &Connection, id: AdrId, note: Option<&str>) -> DbResult<()> {
    conn.execute("UPDATE adr SET status_note = ?2 WHERE id = ?1", params![id, note])?;
    Ok(())
}

/// The decision numbered `number` in a collection.
pub fn id_for_number(conn: &Connection, collection_id: i64, number: u32) -> DbResult<Option<AdrId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM adr WHERE collection_id = ?1 AND number = ?2")?
        .query_row(params![collection_id, number], |r| r.get(0))
        .optional()?)
}

/// The decision a numberless file (`use-postgres.md`, log4brains' `20240131-x.md`) maps to.
pub fn id_for_slug(conn: &Connection, collection_id: i64, slug: &str) -> DbResult<Option<AdrId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM adr WHERE collection_id = ?1 AND slug = ?2")?
        .query_row(params![collection_id, slug], |r| r.get(0))
        .optional()?)
}

/// One decision of a collection as an import matches it against a file: its id, number, slug,
/// the file it came from (if any) and whether a sync found that file gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionEntry {
    pub id: AdrId,
    pub number: u32,
    pub slug: Option<String>,
    pub source_path: Option<String>,
    pub source_text: Option<String>,
    pub missing: bool,
}

/// Every decision of a collection, by number — one query, so planning a sync of thousands of
/// files does not ask the store once per file.
pub fn collection_entries(conn: &Connection, collection_id: i64) -> DbResult<Vec<CollectionEntry>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, number, slug, source_path, source_text, missing_since IS NOT NULL
         FROM adr WHERE collection_id = ?1 ORDER BY number",
    )?;
    let entries = statement
        .query_map([collection_id], |r| {
            Ok(CollectionEntry {
                id: r.get(0)?,
                number: r.get(1)?,
                slug: r.get(2)?,
                source_path: r.get(3)?,
                source_text: r.get(4)?,
                missing: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(entries)
}

/// Every decision id of a collection (all of them when `None`), by collection and number.
pub fn ids(conn: &Connection, collection_id: Option<i64>) -> DbResult<Vec<AdrId>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id FROM adr a JOIN adr_collection c ON c.id = a.collection_id
         WHERE ?1 IS NULL OR a.collection_id = ?1 ORDER BY c.name COLLATE NOCASE, a.number",
    )?;
    let ids = statement.query_map([collection_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Writes every stored field of an existing record, status included (imports carry the
/// file's status as it is), and refreshes its search entry.
pub fn overwrite(conn: &Connection, record: &AdrRecord) -> DbResult<()> {
    update_content(conn, record)?;
    set_status(conn, record.id, record.status, record.updated_at)?;
    set_status_note(conn, record.id, record.status_note.as_deref())
}

/// Whether references need their collection: only when the board has more than one.
pub fn qualified_references(conn: &Connection) -> DbResult<bool> {
    let collections: i64 = conn.query_row("SELECT count(*) FROM adr_collection", [], |r| r.get(0))?;
    Ok(collections > 1)
}

/// Sentinels marking matches in FTS snippets; the engine escapes the text, then turns them
/// into `<mark>` tags, so untrusted text never becomes markup.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// Runs an FTS5 `MATCH` expression, best first. Title matches weigh most, then tags, people,
/// and the body.
pub fn search(
    conn: &Connection,
    fts_query: &str,
    limit: u32,
    collection_id: Option<i64>,
) -> DbResult<Vec<AdrSearchHit>> {
    let qualified = qualified_references(conn)?;
    let mut statement = conn.prepare_cached(
        "SELECT a.id, c.name, a.number, a.title, a.status,
                snippet(adr_fts, -1, char(2), char(3), '…', 16) AS snippet,
                bm25(adr_fts, 10.0, 1.0, 5.0, 3.0) AS rank
         FROM adr_fts JOIN adr a ON a.id = adr_fts.rowid JOIN adr_collection c ON c.id = a.collection_id
         WHERE adr_fts MATCH ?1 AND (?3 IS NULL OR a.collection_id = ?3)
         ORDER BY rank, a.id
         LIMIT ?2",
    )?;
    let rows = statement.query_map(params![fts_query, limit, collection_id], |row| {
        Ok((
            (row.get::<_, AdrId>(0)?, row.get::<_, String>(1)?, row.get::<_, u32>(2)?),
            (row.get::<_, String>(3)?, row.get::<_, Option<String>>(4)?),
            (row.get::<_, String>(5)?, row.get::<_, f64>(6)?),
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let ((id, collection, number), (title, status), (snippet, rank)) = row?;
        hits.push(AdrSearchHit {
            id,
            reference: display_reference(&collection, number, qualified),
            title,
            status: parse_status(status.as_deref())?,
            snippet_html: snippet,
            rank,
        });
    }
    Ok(hits)
}

/// Every link as (from, kind, to), ordered.
pub fn all_links(conn: &Connection) -> DbResult<Vec<(AdrId, String, AdrId)>> {
    let mut statement =
        conn.prepare_cached("SELECT from_id, kind, to_id FROM adr_link ORDER BY from_id, kind, to_id")?;
    let links =
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    Ok(links)
}

/// Removes the link `from --kind--> to`; returns whether it existed.
pub fn remove_link(conn: &Connection, from: AdrId, kind: &str, to: AdrId) -> DbResult<bool> {
    let removed = conn.execute(
        "DELETE FROM adr_link WHERE from_id = ?1 AND kind = ?2 AND to_id = ?3",
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
pub fn due_for_review(
    conn: &Connection,
    as_of: NaiveDate,
    collection: Option<&str>,
) -> DbResult<Vec<AdrSummary>> {
    let query = AdrListQuery { collection: collection.map(str::to_owned), ..Default::default() };
    let mut due: Vec<AdrSummary> = list(conn, &query)?
        .into_iter()
        .filter(|a| matches!(a.status, Some(AdrStatus::Accepted | AdrStatus::Proposed)))
        .filter(|a| a.revisit_by.is_some_and(|d| d <= as_of))
        .collect();
    due.sort_by_key(|a| (a.revisit_by, a.id));
    Ok(due)
}

pub fn set_status(
    conn: &Connection,
    id: AdrId,
    status: Option<AdrStatus>,
    at: DateTime<Utc>,
) -> DbResult<()> {
    conn.execute(
        "UPDATE adr SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.map(AdrStatus::as_str), at.to_rfc3339()],
    )?;
    Ok(())
}

/// Records `from --kind--> to`; adding the same link twice is harmless.
pub fn add_link(conn: &Connection, from: AdrId, kind: &str, to: AdrId) -> DbResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO adr_link (from_id, kind, to_id) VALUES (?1, ?2, ?3)",
        params![from, kind, to],
    )?;
    Ok(())
}

fn replace_tags(conn: &Connection, id: AdrId, tags: &[String]) -> DbResult<()> {
    conn.execute("DELETE FROM adr_tag WHERE adr_id = ?1", [id])?;
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO adr_tag (adr_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

/// Reads one whole record, or `None` when no decision has that id.
pub fn get(conn: &Connection, id: AdrId) -> DbResult<Option<AdrRecord>> {
    let base = conn
        .prepare_cached(
            "SELECT id, title, status, decision_date, deciders, consulted, informed,
                    body_markdown, created_at, updated_at, revisit_by,
                    collection_id, number, slug, status_note, date_text, front_matter_extra
             FROM adr WHERE id = ?1",
        )?
        .query_row([id], |row| Ok(RawAdr::from_row(row)))
        .optional()?;
    let Some(raw) = base else { return Ok(None) };
    let raw = raw?;
    let tags = tags_of(conn, id)?;
    let links = links_of(conn, id)?;
    let of_kind = |outgoing: bool| -> Vec<AdrId> {
        links.iter().filter(|l| l.kind == SUPERSEDES && l.outgoing == outgoing).map(|l| l.other).collect()
    };
    let (supersedes, superseded_by) = (of_kind(true), of_kind(false));
    Ok(Some(AdrRecord {
        id: raw.id,
        collection_id: raw.collection_id,
        number: raw.number,
        slug: raw.slug,
        title: raw.title,
        status: parse_status(raw.status.as_deref())?,
        status_note: raw.status_note,
        date: raw.date.as_deref().map(parse_date).transpose()?,
        date_text: raw.date_text,
        deciders: from_json_list("deciders", &raw.deciders)?,
        consulted: from_json_list("consulted", &raw.consulted)?,
        informed: from_json_list("informed", &raw.informed)?,
        tags,
        body_markdown: raw.body_markdown,
        supersedes,
        superseded_by,
        links,
        revisit_by: raw.revisit_by.as_deref().map(parse_date).transpose()?,
        front_matter_extra: raw.front_matter_extra,
        created_at: parse_time(&raw.created_at)?,
        updated_at: parse_time(&raw.updated_at)?,
    }))
}

/// The list row of one decision.
pub fn summary(conn: &Connection, id: AdrId) -> DbResult<Option<AdrSummary>> {
    Ok(list_where(conn, &AdrListQuery::default(), Some(id))?.pop())
}

/// Lists decisions matching `query`, ordered as asked (ties broken by collection and number).
pub fn list(conn: &Connection, query: &AdrListQuery) -> DbResult<Vec<AdrSummary>> {
    list_where(conn, query, None)
}

fn list_where(conn: &Connection, query: &AdrListQuery, only: Option<AdrId>) -> DbResult<Vec<AdrSummary>> {
    let direction = if query.descending { "DESC" } else { "ASC" };
    // Ties are broken by id (the rowid every index carries), so "the newest 50" reads 50 rows
    // through the index instead of sorting the table; by number, collection by collection.
    let order = match query.sort {
        AdrSort::Number => format!("c.name COLLATE NOCASE {direction}, a.number {direction}"),
        AdrSort::Title => format!("a.title COLLATE NOCASE {direction}, a.id {direction}"),
        AdrSort::Status => format!("a.status {direction}, a.id {direction}"),
        AdrSort::Date => format!("a.decision_date {direction}, a.id {direction}"),
        AdrSort::Updated => format!("a.updated_at {direction}, a.id {direction}"),
    };
    // Only fixed strings from the match above are formatted into the SQL; values are bound.
    let sql = format!(
        "SELECT a.id, c.name, a.number, a.title, a.status, a.status_note, a.decision_date, a.date_text,
                a.updated_at,
                (SELECT json_group_array(tag) FROM (SELECT tag FROM adr_tag t WHERE t.adr_id = a.id ORDER BY tag)),
                a.deciders, a.revisit_by, {changed_by}, a.missing_since IS NOT NULL
         FROM adr a JOIN adr_collection c ON c.id = a.collection_id
         WHERE (?1 IS NULL OR a.status = ?1)
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM adr_tag t WHERE t.adr_id = a.id AND t.tag = ?2))
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(a.deciders) d WHERE lower(d.value) = lower(?3)))
           AND (?5 IS NULL OR c.name = ?5 COLLATE NOCASE)
           AND {one}
         ORDER BY {order}
         LIMIT ?4",
        changed_by = changed_by_sql("adr", "a.id"),
        // One row is read by its key, not found by scanning the table for it.
        one = if only.is_some() { "a.id = ?6" } else { "?6 IS NULL" },
    );
    let qualified = qualified_references(conn)?;
    let mut statement = conn.prepare_cached(&sql)?;
    let status = query.status.map(AdrStatus::as_str);
    let decider = query.decider.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let collection = query.collection.as_deref().map(str::trim).filter(|c| !c.is_empty());
    // SQLite reads a negative LIMIT as "no limit".
    let limit = query.limit.map(i64::from).unwrap_or(-1);
    let rows = statement.query_map(params![status, query.tag, decider, limit, collection, only], |row| {
        Ok((
            (
                row.get::<_, AdrId>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u32>(2)?,
                row.get::<_, String>(3)?,
            ),
            (
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
            ),
            (row.get::<_, String>(8)?, row.get::<_, String>(9)?, row.get::<_, String>(10)?),
            (row.get::<_, Option<String>>(11)?, row.get::<_, Option<String>>(12)?, row.get::<_, bool>(13)?),
        ))
    })?;
    let mut summaries = Vec::new();
    for row in rows {
        let (
            (id, collection, number, title),
            (status, status_note, date, date_text),
            (updated_at, tags, deciders),
            (revisit_by, changed_by, missing),
        ) = row?;
        summaries.push(AdrSummary {
            id,
            reference: display_reference(&collection, number, qualified),
            collection,
            number,
            title,
            status: parse_status(status.as_deref())?,
            status_note,
            date: date.as_deref().map(parse_date).transpose()?,
            date_text,
            tags: from_json_list("tags", &tags)?,
            deciders: from_json_list("deciders", &deciders)?,
            revisit_by: revisit_by.as_deref().map(parse_date).transpose()?,
            updated_at: parse_time(&updated_at)?,
            changed_by,
            missing_from_folder: missing,
        });
    }
    Ok(summaries)
}

/// Decisions numbered `number` in any collection (the candidates for `adr show 7`).
pub fn with_number(conn: &Connection, number: u32) -> DbResult<Vec<AdrId>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id FROM adr a JOIN adr_collection c ON c.id = a.collection_id
         WHERE a.number = ?1 ORDER BY c.name COLLATE NOCASE",
    )?;
    let ids = statement.query_map([number], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Decisions whose slug (file name without `.md`) is `slug`, in any collection.
pub fn with_slug(conn: &Connection, slug: &str) -> DbResult<Vec<AdrId>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id FROM adr a JOIN adr_collection c ON c.id = a.collection_id
         WHERE a.slug = ?1 ORDER BY c.name COLLATE NOCASE",
    )?;
    let ids = statement.query_map([slug], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

fn tags_of(conn: &Connection, id: AdrId) -> DbResult<Vec<String>> {
    let mut statement = conn.prepare_cached("SELECT tag FROM adr_tag WHERE adr_id = ?1 ORDER BY tag")?;
    let tags = statement.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(tags)
}

/// Links where `id` is the source or the target, ordered by kind and the other end.
fn links_of(conn: &Connection, id: AdrId) -> DbResult<Vec<StoredLink>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, 1, to_id FROM adr_link WHERE from_id = ?1
         UNION ALL
         SELECT kind, 0, from_id FROM adr_link WHERE to_id = ?1
         ORDER BY 1, 2 DESC, 3",
    )?;
    let links = statement
        .query_map([id], |r| {
            Ok(StoredLink { kind: r.get(0)?, outgoing: r.get::<_, i64>(1)? == 1, other: r.get(2)? })
        })?
        .collect::<Result<_, _>>()?;
    Ok(links)
}

struct RawAdr {
    id: AdrId,
    title: String,
    status: Option<String>,
    date: Option<String>,
    deciders: String,
    consulted: String,
    informed: String,
    body_markdown: String,
    created_at: String,
    updated_at: String,
    revisit_by: Option<String>,
    collection_id: i64,
    number: u32,
    slug: Option<String>,
    status_note: Option<String>,
    date_text: Option<String>,
    front_matter_extra: Option<String>,
}

impl RawAdr {
    fn from_row(row: &Row<'_>) -> DbResult<RawAdr> {
        Ok(RawAdr {
            id: row.get(0)?,
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
            collection_id: row.get(11)?,
            number: row.get(12)?,
            slug: row.get(13)?,
            status_note: row.get(14)?,
            date_text: row.get(15)?,
            front_matter_extra: row.get(16)?,
        })
    }
}

fn parse_status(text: Option<&str>) -> DbResult<Option<AdrStatus>> {
    text.map(|t| t.parse().map_err(DbError::Corrupt)).transpose()
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

    fn record(collection_id: i64, number: u32, title: &str, status: AdrStatus, tags: &[&str]) -> AdrRecord {
        let now = Utc::now();
        AdrRecord {
            id: 0,
            collection_id,
            number,
            slug: None,
            title: title.into(),
            status: Some(status),
            status_note: None,
            date: NaiveDate::from_ymd_opt(2026, 1, number.max(1)),
            date_text: None,
            deciders: vec!["Ada".into()],
            consulted: vec![],
            informed: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body_markdown: format!("# {title}"),
            supersedes: vec![],
            superseded_by: vec![],
            links: vec![],
            revisit_by: None,
            front_matter_extra: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn db_with_three() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("adr.db")).unwrap();
        db.write(|tx| {
            insert(tx, &record(1, 1, "Use SQLite", AdrStatus::Accepted, &["storage"]))?;
            insert(tx, &record(1, 2, "adopt Leptos", AdrStatus::Proposed, &["ui", "wasm"]))?;
            insert(tx, &record(1, 3, "Replace SQLite", AdrStatus::Proposed, &["storage"]))?;
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
        assert_eq!(next_number(db.conn(), 1).unwrap(), 4);
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
        assert_eq!(by_tag[0].reference, "ADR-0001", "one collection: no collection in references");
    }

    #[test]
    fn numbers_repeat_across_collections_but_not_inside_one() {
        let (_dir, mut db) = db_with_three();
        db.write(|tx| {
            tx.execute(
                "INSERT INTO adr_collection (id, name, created_at, updated_at) VALUES (2, 'payments', '', '')",
                [],
            )?;
            insert(tx, &record(2, 1, "Tokenise card numbers", AdrStatus::Accepted, &[]))?;
            Ok::<_, DbError>(())
        })
        .unwrap();
        assert_eq!(with_number(db.conn(), 1).unwrap().len(), 2);
        let payments =
            list(db.conn(), &AdrListQuery { collection: Some("Payments".into()), ..Default::default() })
                .unwrap();
        assert_eq!(payments.len(), 1);
        assert_eq!(payments[0].reference, "payments/ADR-0001");
        let again = db.write(|tx| insert(tx, &record(2, 1, "Again", AdrStatus::Accepted, &[])));
        assert!(again.is_err(), "(collection, number) is unique");
    }

    #[test]
    fn a_link_to_a_missing_adr_is_refused_by_the_schema() {
        let (_dir, mut db) = db_with_three();
        let result = db.write(|tx| add_link(tx, 2, SUPERSEDES, 42));
        assert!(result.is_err());
    }
}
