//! Reviews, their copied items with answers, lifecycle events, milestones, the holiday
//! calendar and review settings. Rows hold JSON documents for nested records; the engine owns
//! what they mean.

use crate::{DbError, DbResult};
use archboard_types::catalog::{ChecklistItem, ChecklistScoring, RiskTier};
use archboard_types::review::{
    BenchBinding, Condition, ItemStatus, NotApplicableReason, ReturnForChanges, ReviewDecision, ReviewEvent,
    ReviewId, ReviewKind, ReviewState, RiskOverride, SignOff,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A template as copied into a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopiedTemplate {
    pub key: String,
    pub name: String,
    pub version: u32,
    pub sections: Vec<String>,
    pub scoring: ChecklistScoring,
}

/// The review row with its nested records decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReview {
    pub id: ReviewId,
    pub title: String,
    pub system_key: String,
    pub kind: ReviewKind,
    pub tier: RiskTier,
    pub state: ReviewState,
    pub templates: Vec<CopiedTemplate>,
    pub sections: Vec<String>,
    pub signoffs: Vec<SignOff>,
    pub returns: Vec<ReturnForChanges>,
    pub decisions: Vec<ReviewDecision>,
    pub conditions: Vec<Condition>,
    pub adr_id: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An exemption as stored (expiry is judged when read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredExemption {
    pub reason: String,
    pub approver: String,
    pub until: NaiveDate,
    pub granted_at: DateTime<Utc>,
}

/// An item's answer as stored: what people gave, never what the engine derives from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredAnswer {
    pub status: Option<ItemStatus>,
    pub evidence: String,
    pub notes: String,
    pub not_applicable_reason: Option<NotApplicableReason>,
    pub choices: Vec<String>,
    pub score: Option<f64>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub risk_override: Option<RiskOverride>,
    pub binding: Option<BenchBinding>,
    pub exemption: Option<StoredExemption>,
    pub accepted_by: Option<u32>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// When the item first became a gap (the backlog's age).
    pub gap_since: Option<DateTime<Utc>>,
    /// When a gap was last fixed (re-answered as a pass): the backlog shows it as closed.
    pub fixed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub key: String,
    pub template: String,
    pub template_version: u32,
    pub question: ChecklistItem,
    pub answer: StoredAnswer,
}

fn to_json<T: Serialize>(value: &T) -> DbResult<String> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(format!("cannot encode a review record: {e}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str, what: &str) -> DbResult<T> {
    serde_json::from_str(text).map_err(|e| DbError::Corrupt(format!("{what}: {e}")))
}

fn parse<T: std::str::FromStr<Err = String>>(text: &str) -> DbResult<T> {
    text.parse().map_err(DbError::Corrupt)
}

fn time(text: &str) -> DbResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| DbError::Corrupt(format!("bad time `{text}`: {e}")))
}

/// Inserts a new review with its items; returns its id.
pub fn insert(conn: &Connection, review: &StoredReview, items: &[StoredItem]) -> DbResult<ReviewId> {
    conn.execute(
        "INSERT INTO review (title, system_key, kind, tier, state, templates, sections, signoffs, returns,
                             decisions, conditions, adr_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            review.title,
            review.system_key,
            review.kind.as_str(),
            review.tier.as_str(),
            review.state.as_str(),
            to_json(&review.templates)?,
            to_json(&review.sections)?,
            to_json(&review.signoffs)?,
            to_json(&review.returns)?,
            to_json(&review.decisions)?,
            to_json(&review.conditions)?,
            review.adr_id,
            review.created_at.to_rfc3339(),
            review.updated_at.to_rfc3339(),
        ],
    )?;
    let id = conn.last_insert_rowid() as ReviewId;
    replace_items(conn, id, items)?;
    Ok(id)
}

/// Writes the review row's fields (not its items).
pub fn update(conn: &Connection, review: &StoredReview) -> DbResult<()> {
    conn.execute(
        "UPDATE review SET title = ?2, state = ?3, templates = ?4, sections = ?5, signoffs = ?6, returns = ?7,
                decisions = ?8, conditions = ?9, adr_id = ?10, updated_at = ?11
         WHERE id = ?1",
        params![
            review.id,
            review.title,
            review.state.as_str(),
            to_json(&review.templates)?,
            to_json(&review.sections)?,
            to_json(&review.signoffs)?,
            to_json(&review.returns)?,
            to_json(&review.decisions)?,
            to_json(&review.conditions)?,
            review.adr_id,
            review.updated_at.to_rfc3339(),
        ],
    )?;
    Ok(())
}

/// Replaces every item of a review (start and template upgrades).
pub fn replace_items(conn: &Connection, id: ReviewId, items: &[StoredItem]) -> DbResult<()> {
    conn.execute("DELETE FROM review_item WHERE review_id = ?1", [id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO review_item (review_id, position, key, template, template_version, question, answer, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (position, item) in items.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            item.key,
            item.template,
            item.template_version,
            to_json(&item.question)?,
            to_json(&item.answer)?,
            item.answer.status.unwrap_or(ItemStatus::Unanswered).as_str(),
        ])?;
    }
    Ok(())
}

/// Writes one item's answer.
pub fn set_answer(conn: &Connection, id: ReviewId, key: &str, answer: &StoredAnswer) -> DbResult<()> {
    conn.execute(
        "UPDATE review_item SET answer = ?3, status = ?4 WHERE review_id = ?1 AND key = ?2",
        params![id, key, to_json(answer)?, answer.status.unwrap_or(ItemStatus::Unanswered).as_str()],
    )?;
    Ok(())
}

const REVIEW_COLUMNS: &str = "id, title, system_key, kind, tier, state, templates, sections, signoffs, returns, \
                              decisions, conditions, adr_id, created_at, updated_at";

fn review_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 15]> {
    let mut out: [Option<String>; 15] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = match row.get_ref(i)? {
            rusqlite::types::ValueRef::Null => None,
            rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
            value => Some(value.as_str()?.to_owned()),
        };
    }
    Ok(out)
}

fn decode_review(raw: [Option<String>; 15]) -> DbResult<StoredReview> {
    let text = |i: usize| raw[i].clone().unwrap_or_default();
    let id: ReviewId = text(0).parse().map_err(|_| DbError::Corrupt("review id".into()))?;
    let what = |field: &str| format!("review {id}'s {field}");
    Ok(StoredReview {
        id,
        title: text(1),
        system_key: text(2),
        kind: parse(&text(3))?,
        tier: text(4).parse().map_err(|e: String| DbError::Corrupt(e))?,
        state: parse(&text(5))?,
        templates: from_json(&text(6), &what("templates"))?,
        sections: from_json(&text(7), &what("sections"))?,
        signoffs: from_json(&text(8), &what("sign-offs"))?,
        returns: from_json(&text(9), &what("returns"))?,
        decisions: from_json(&text(10), &what("decisions"))?,
        conditions: from_json(&text(11), &what("conditions"))?,
        adr_id: raw[12].as_deref().and_then(|n| n.parse().ok()),
        created_at: time(&text(13))?,
        updated_at: time(&text(14))?,
    })
}

pub fn get(conn: &Connection, id: ReviewId) -> DbResult<Option<StoredReview>> {
    let raw = conn
        .query_row(&format!("SELECT {REVIEW_COLUMNS} FROM review WHERE id = ?1"), [id], review_from_row)
        .optional()?;
    raw.map(decode_review).transpose()
}

/// Every review, newest first (filters are applied by the engine, which knows teams).
pub fn all(conn: &Connection) -> DbResult<Vec<StoredReview>> {
    let mut statement = conn.prepare(&format!("SELECT {REVIEW_COLUMNS} FROM review ORDER BY id DESC"))?;
    let rows = statement.query_map([], review_from_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_review).collect()
}

/// A review's items in their order.
pub fn items(conn: &Connection, id: ReviewId) -> DbResult<Vec<StoredItem>> {
    let mut statement = conn.prepare_cached(
        "SELECT key, template, template_version, question, answer FROM review_item
         WHERE review_id = ?1 ORDER BY position",
    )?;
    let rows = statement
        .query_map([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?
        .collect::<Result<Vec<(String, String, u32, String, String)>, _>>()?;
    rows.into_iter()
        .map(|(key, template, template_version, question, answer)| {
            Ok(StoredItem {
                question: from_json(&question, &format!("review {id} item {key}"))?,
                answer: from_json(&answer, &format!("review {id} item {key}'s answer"))?,
                key,
                template,
                template_version,
            })
        })
        .collect()
}

/// Per review: (items, answered) without decoding the items.
pub fn item_counts(conn: &Connection, id: ReviewId) -> DbResult<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE status != 'unanswered') FROM review_item WHERE review_id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

pub fn add_event(conn: &Connection, id: ReviewId, event: &ReviewEvent) -> DbResult<()> {
    conn.execute(
        "INSERT INTO review_event (review_id, at, from_state, to_state, by_label, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, event.at.to_rfc3339(), event.from.map(|s| s.as_str()), event.to.as_str(), event.by, event.note],
    )?;
    Ok(())
}

pub fn events(conn: &Connection, id: ReviewId) -> DbResult<Vec<ReviewEvent>> {
    let mut statement = conn.prepare_cached(
        "SELECT at, from_state, to_state, by_label, note FROM review_event WHERE review_id = ?1 ORDER BY id",
    )?;
    let rows = statement
        .query_map([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })?
        .collect::<Result<Vec<(String, Option<String>, String, String, String)>, _>>()?;
    rows.into_iter()
        .map(|(at, from, to, by, note)| {
            Ok(ReviewEvent {
                at: time(&at)?,
                from: from.as_deref().map(parse).transpose()?,
                to: parse(&to)?,
                by,
                note,
            })
        })
        .collect()
}

/// A milestone as stored: its name, when, by whom, and the frozen review (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMilestone {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub snapshot: String,
}

pub fn add_milestone(conn: &Connection, id: ReviewId, milestone: &StoredMilestone) -> DbResult<bool> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO review_milestone (review_id, name, created_at, created_by, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, milestone.name, milestone.created_at.to_rfc3339(), milestone.created_by, milestone.snapshot],
    )?;
    Ok(added == 1)
}

/// A review's milestones, oldest first, without their snapshots.
pub fn milestones(conn: &Connection, id: ReviewId) -> DbResult<Vec<(String, DateTime<Utc>, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT name, created_at, created_by FROM review_milestone WHERE review_id = ?1 ORDER BY created_at, name",
    )?;
    let rows = statement
        .query_map([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|(name, at, by)| Ok((name, time(&at)?, by))).collect()
}

pub fn milestone_snapshot(conn: &Connection, id: ReviewId, name: &str) -> DbResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT snapshot FROM review_milestone WHERE review_id = ?1 AND name = ?2",
            params![id, name],
            |row| row.get(0),
        )
        .optional()?)
}

pub fn holidays(conn: &Connection) -> DbResult<Vec<(NaiveDate, String)>> {
    let mut statement = conn.prepare_cached("SELECT day, name FROM review_holiday ORDER BY day")?;
    let rows = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(day, name)| {
            let day = day.parse().map_err(|e| DbError::Corrupt(format!("bad holiday `{day}`: {e}")))?;
            Ok((day, name))
        })
        .collect()
}

pub fn put_holidays(conn: &Connection, days: &[(NaiveDate, String)], replace: bool) -> DbResult<()> {
    if replace {
        conn.execute("DELETE FROM review_holiday", [])?;
    }
    let mut insert =
        conn.prepare_cached("INSERT OR REPLACE INTO review_holiday (day, name) VALUES (?1, ?2)")?;
    for (day, name) in days {
        insert.execute(params![day.to_string(), name])?;
    }
    Ok(())
}

pub fn setting(conn: &Connection, name: &str) -> DbResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM review_setting WHERE name = ?1", [name], |row| row.get(0))
        .optional()?)
}

pub fn set_setting(conn: &Connection, name: &str, value: &str) -> DbResult<()> {
    conn.execute(
        "INSERT OR REPLACE INTO review_setting (name, value) VALUES (?1, ?2)",
        params![name, value],
    )?;
    Ok(())
}
