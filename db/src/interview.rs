//! Candidates, their attachments and interviews (with the scorecard as JSON), the retention
//! policy and the erasure log. The engine owns the sealing rule and what a sheet must hold;
//! this module stores and reads rows.

use crate::{DbError, DbResult};
use archboard_types::interview::{
    Addendum, AttachmentSummary, DecisionRecord, ErasureEntry, RetentionPolicy, Rubric, ScoreSheet, Stage,
    StageEvent,
};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

fn corrupt(column: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, format!("{column}: {e}").into())
}

fn json<T: serde::de::DeserializeOwned>(row: &Row<'_>, index: usize, column: &str) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| corrupt(column, e))
}

fn optional_json<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
    column: &str,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| corrupt(column, e))).transpose()
}

fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text).map(|t| t.with_timezone(&Utc)).map_err(|e| corrupt("time", e))
}

fn optional_time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    text.map(|_| time(row, index)).transpose()
}

fn to_json<T: serde::Serialize>(value: &T) -> DbResult<String> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(format!("cannot encode: {e}")))
}

/// A candidate row with their process.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCandidate {
    pub id: i64,
    pub subject_id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub source: String,
    pub notes: String,
    pub role_key: String,
    pub rubric: Rubric,
    pub stage: Stage,
    pub stages: Vec<StageEvent>,
    pub decision: Option<DecisionRecord>,
    pub decided_at: Option<DateTime<Utc>>,
    pub legal_hold: bool,
    pub consent: bool,
    pub anonymised_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const CANDIDATE_COLUMNS: &str = "id, subject_id, name, email, phone, source, notes, role_key, rubric, stage, stages, \
     decision, decided_at, legal_hold, consent, anonymised_at, created_at";

fn candidate_row(row: &Row<'_>) -> rusqlite::Result<StoredCandidate> {
    let stage: String = row.get(9)?;
    Ok(StoredCandidate {
        id: row.get(0)?,
        subject_id: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        phone: row.get(4)?,
        source: row.get(5)?,
        notes: row.get(6)?,
        role_key: row.get(7)?,
        rubric: json(row, 8, "candidate.rubric")?,
        stage: stage.parse().map_err(|e: String| corrupt("candidate.stage", e))?,
        stages: json(row, 10, "candidate.stages")?,
        decision: optional_json(row, 11, "candidate.decision")?,
        decided_at: optional_time(row, 12)?,
        legal_hold: row.get(13)?,
        consent: row.get(14)?,
        anonymised_at: optional_time(row, 15)?,
        created_at: time(row, 16)?,
    })
}

/// Inserts a candidate; `id` is ignored and the new one returned.
pub fn insert_candidate(conn: &Connection, c: &StoredCandidate) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO candidate (subject_id, name, email, phone, source, notes, role_key, rubric, stage, stages,
                                decision, decided_at, legal_hold, consent, anonymised_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            c.subject_id,
            c.name,
            c.email,
            c.phone,
            c.source,
            c.notes,
            c.role_key,
            to_json(&c.rubric)?,
            c.stage.as_str(),
            to_json(&c.stages)?,
            c.decision.as_ref().map(to_json).transpose()?,
            c.decided_at.map(|t| t.to_rfc3339()),
            c.legal_hold,
            c.consent,
            c.anonymised_at.map(|t| t.to_rfc3339()),
            c.created_at.to_rfc3339(),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes every column of an existing candidate but the id, the rubric and the creation time.
pub fn update_candidate(conn: &Connection, c: &StoredCandidate) -> DbResult<()> {
    conn.execute(
        "UPDATE candidate SET name = ?2, email = ?3, phone = ?4, source = ?5, notes = ?6, stage = ?7, stages = ?8,
                decision = ?9, decided_at = ?10, legal_hold = ?11, consent = ?12, anonymised_at = ?13
         WHERE id = ?1",
        params![
            c.id,
            c.name,
            c.email,
            c.phone,
            c.source,
            c.notes,
            c.stage.as_str(),
            to_json(&c.stages)?,
            c.decision.as_ref().map(to_json).transpose()?,
            c.decided_at.map(|t| t.to_rfc3339()),
            c.legal_hold,
            c.consent,
            c.anonymised_at.map(|t| t.to_rfc3339()),
        ],
    )?;
    Ok(())
}

pub fn candidate(conn: &Connection, id: i64) -> DbResult<Option<StoredCandidate>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {CANDIDATE_COLUMNS} FROM candidate WHERE id = ?1"))?
        .query_row([id], candidate_row)
        .optional()?)
}

/// Candidates, newest first, optionally of one role.
pub fn candidates(conn: &Connection, role_key: Option<&str>) -> DbResult<Vec<StoredCandidate>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {CANDIDATE_COLUMNS} FROM candidate WHERE ?1 IS NULL OR role_key = ?1 ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = statement.query_map([role_key], candidate_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes a candidate with their attachments and interviews.
pub fn delete_candidate(conn: &Connection, id: i64) -> DbResult<()> {
    conn.execute("DELETE FROM candidate WHERE id = ?1", [id])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Attachments

pub fn insert_attachment(
    conn: &Connection,
    candidate_id: i64,
    name: &str,
    media_type: &str,
    content: &[u8],
    at: DateTime<Utc>,
) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO candidate_attachment (candidate_id, name, media_type, content, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![candidate_id, name, media_type, content, at.to_rfc3339()],
    )?;
    Ok(conn.last_insert_rowid())
}

fn attachment_summary(row: &Row<'_>) -> rusqlite::Result<AttachmentSummary> {
    Ok(AttachmentSummary {
        id: row.get(0)?,
        name: row.get(1)?,
        media_type: row.get(2)?,
        size: row.get::<_, i64>(3)? as u64,
        added_at: time(row, 4)?,
    })
}

pub fn attachments_of(conn: &Connection, candidate_id: i64) -> DbResult<Vec<AttachmentSummary>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, media_type, length(content), added_at FROM candidate_attachment
         WHERE candidate_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([candidate_id], attachment_summary)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn attachment(
    conn: &Connection,
    candidate_id: i64,
    id: i64,
) -> DbResult<Option<(AttachmentSummary, Vec<u8>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name, media_type, length(content), added_at, content FROM candidate_attachment
             WHERE candidate_id = ?1 AND id = ?2",
        )?
        .query_row([candidate_id, id], |row| Ok((attachment_summary(row)?, row.get(5)?)))
        .optional()?)
}

pub fn delete_attachment(conn: &Connection, candidate_id: i64, id: i64) -> DbResult<bool> {
    Ok(conn.execute(
        "DELETE FROM candidate_attachment WHERE candidate_id = ?1 AND id = ?2",
        [candidate_id, id],
    )? > 0)
}

pub fn delete_attachments_of(conn: &Connection, candidate_id: i64) -> DbResult<usize> {
    Ok(conn.execute("DELETE FROM candidate_attachment WHERE candidate_id = ?1", [candidate_id])?)
}

// ---------------------------------------------------------------------------------------------
// Interviews

/// An interview with its interviewer's name and the scorecard as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInterview {
    pub id: i64,
    pub candidate_id: i64,
    pub interviewer_id: i64,
    pub interviewer: String,
    pub at: Option<DateTime<Utc>>,
    pub minutes: u32,
    pub focus: Vec<String>,
    pub exercises: Vec<String>,
    pub sheet: Option<ScoreSheet>,
    pub updated_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub addenda: Vec<Addendum>,
    pub created_at: DateTime<Utc>,
}

const INTERVIEW_COLUMNS: &str = "i.id, i.candidate_id, i.interviewer_id, u.name, i.at, i.minutes, i.focus, i.exercises, \
     i.sheet, i.updated_at, i.submitted_at, i.addenda, i.created_at";

fn interview_row(row: &Row<'_>) -> rusqlite::Result<StoredInterview> {
    Ok(StoredInterview {
        id: row.get(0)?,
        candidate_id: row.get(1)?,
        interviewer_id: row.get(2)?,
        interviewer: row.get(3)?,
        at: optional_time(row, 4)?,
        minutes: row.get(5)?,
        focus: json(row, 6, "interview.focus")?,
        exercises: json(row, 7, "interview.exercises")?,
        sheet: optional_json(row, 8, "interview.sheet")?,
        updated_at: optional_time(row, 9)?,
        submitted_at: optional_time(row, 10)?,
        addenda: json(row, 11, "interview.addenda")?,
        created_at: time(row, 12)?,
    })
}

pub fn insert_interview(conn: &Connection, i: &StoredInterview) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO interview (candidate_id, interviewer_id, at, minutes, focus, exercises, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            i.candidate_id,
            i.interviewer_id,
            i.at.map(|t| t.to_rfc3339()),
            i.minutes,
            to_json(&i.focus)?,
            to_json(&i.exercises)?,
            i.created_at.to_rfc3339(),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn interview(conn: &Connection, id: i64) -> DbResult<Option<StoredInterview>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {INTERVIEW_COLUMNS} FROM interview i JOIN app_user u ON u.id = i.interviewer_id WHERE i.id = ?1"
        ))?
        .query_row([id], interview_row)
        .optional()?)
}

/// A candidate's interviews in the order they are planned (undated last).
pub fn interviews_of(conn: &Connection, candidate_id: i64) -> DbResult<Vec<StoredInterview>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {INTERVIEW_COLUMNS} FROM interview i JOIN app_user u ON u.id = i.interviewer_id
         WHERE i.candidate_id = ?1 ORDER BY i.at IS NULL, i.at, i.id"
    ))?;
    let rows = statement.query_map([candidate_id], interview_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The submitted interviews of every candidate for a role, with the candidate's subject id and
/// when their process started (calibration's input).
pub fn submitted_for_role(
    conn: &Connection,
    role_key: &str,
) -> DbResult<Vec<(String, DateTime<Utc>, StoredInterview)>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {INTERVIEW_COLUMNS}, c.subject_id, c.created_at FROM interview i
         JOIN app_user u ON u.id = i.interviewer_id JOIN candidate c ON c.id = i.candidate_id
         WHERE c.role_key = ?1 AND i.submitted_at IS NOT NULL ORDER BY c.id, i.id"
    ))?;
    let rows =
        statement.query_map([role_key], |row| Ok((row.get(13)?, time(row, 14)?, interview_row(row)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stores a scorecard (and its submission time, once submitted).
pub fn save_sheet(
    conn: &Connection,
    id: i64,
    sheet: &ScoreSheet,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
) -> DbResult<()> {
    conn.execute(
        "UPDATE interview SET sheet = ?2, updated_at = ?3, submitted_at = ?4 WHERE id = ?1",
        params![id, to_json(sheet)?, updated_at.to_rfc3339(), submitted_at.map(|t| t.to_rfc3339())],
    )?;
    Ok(())
}

pub fn set_addenda(conn: &Connection, id: i64, addenda: &[Addendum]) -> DbResult<()> {
    conn.execute("UPDATE interview SET addenda = ?2 WHERE id = ?1", params![id, to_json(&addenda)?])?;
    Ok(())
}

pub fn delete_interview(conn: &Connection, id: i64) -> DbResult<()> {
    conn.execute("DELETE FROM interview WHERE id = ?1", [id])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Retention policy and erasure log

pub fn policy(conn: &Connection) -> DbResult<Option<RetentionPolicy>> {
    let text: Option<String> = conn
        .query_row("SELECT policy FROM interview_setting WHERE id = 1", [], |row| row.get(0))
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| DbError::Corrupt(format!("interview_setting.policy: {e}")))
    })
    .transpose()
}

pub fn set_policy(conn: &Connection, policy: &RetentionPolicy) -> DbResult<()> {
    conn.execute(
        "INSERT INTO interview_setting (id, policy) VALUES (1, ?1) ON CONFLICT(id) DO UPDATE SET policy = ?1",
        [to_json(policy)?],
    )?;
    Ok(())
}

pub fn insert_erasure(conn: &Connection, e: &ErasureEntry) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO erasure_log (at, subject_id, action, reason, by_label, role_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![e.at.to_rfc3339(), e.subject_id, e.action.as_str(), e.reason.as_str(), e.by, e.role_key],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The erasure log, newest first.
pub fn erasures(conn: &Connection) -> DbResult<Vec<ErasureEntry>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, at, subject_id, action, reason, by_label, role_key FROM erasure_log ORDER BY id DESC",
    )?;
    let rows = statement.query_map([], |row| {
        let action: String = row.get(3)?;
        let reason: String = row.get(4)?;
        Ok(ErasureEntry {
            id: row.get(0)?,
            at: time(row, 1)?,
            subject_id: row.get(2)?,
            action: action.parse().map_err(|e: String| corrupt("erasure_log.action", e))?,
            reason: reason.parse().map_err(|e: String| corrupt("erasure_log.reason", e))?,
            by: row.get(5)?,
            role_key: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
