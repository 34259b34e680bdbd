//! Maturity assessments and approvals, quarter-close snapshots (frozen JSON) and built reports
//! (their model as JSON). The engine owns what a level needs and when a quarter may change;
//! this module stores and reads rows.

use crate::{DbError, DbResult};
use archboard_types::kpi::Period;
use archboard_types::maturity::{Approval, Assessment, QuarterSnapshot};
use archboard_types::report::{ReportSection, ReportSummary};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

fn corrupt(column: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, format!("{column}: {e}").into())
}

fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text).map(|t| t.with_timezone(&Utc)).map_err(|e| corrupt("time", e))
}

fn optional_time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    text.map(|_| time(row, index)).transpose()
}

fn period(row: &Row<'_>, index: usize) -> rusqlite::Result<Period> {
    let text: String = row.get(index)?;
    text.parse().map_err(|e| corrupt("period", e))
}

fn json<T: serde::de::DeserializeOwned>(row: &Row<'_>, index: usize, column: &str) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| corrupt(column, e))
}

fn to_json<T: serde::Serialize>(value: &T) -> DbResult<String> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(format!("cannot encode: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Assessments

/// The team's assessments for a quarter, by dimension key.
pub fn assessments(conn: &Connection, team: &str, period: Period) -> DbResult<Vec<(String, Assessment)>> {
    let mut statement = conn.prepare_cached(
        "SELECT dimension, level, proposed, target, rationale, assessor, at FROM maturity_assessment
         WHERE team = ?1 AND period = ?2 ORDER BY dimension",
    )?;
    let rows = statement.query_map(params![team, period.to_string()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            Assessment {
                level: row.get(1)?,
                proposed: row.get(2)?,
                target: row.get(3)?,
                rationale: row.get(4)?,
                assessor: row.get(5)?,
                at: time(row, 6)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn save_assessment(
    conn: &Connection,
    team: &str,
    period: Period,
    dimension: &str,
    assessment: &Assessment,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO maturity_assessment (team, period, dimension, level, proposed, target, rationale, assessor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (team, period, dimension) DO UPDATE SET level = excluded.level,
           proposed = excluded.proposed, target = excluded.target, rationale = excluded.rationale,
           assessor = excluded.assessor, at = excluded.at",
        params![
            team,
            period.to_string(),
            dimension,
            assessment.level,
            assessment.proposed,
            assessment.target,
            assessment.rationale,
            assessment.assessor,
            assessment.at.to_rfc3339(),
        ],
    )?;
    Ok(())
}

pub fn approval(conn: &Connection, team: &str, period: Period) -> DbResult<Option<Approval>> {
    Ok(conn
        .query_row(
            "SELECT by, at FROM maturity_approval WHERE team = ?1 AND period = ?2",
            params![team, period.to_string()],
            |row| Ok(Approval { by: row.get(0)?, at: time(row, 1)? }),
        )
        .optional()?)
}

pub fn set_approval(
    conn: &Connection,
    team: &str,
    period: Period,
    approval: Option<&Approval>,
) -> DbResult<()> {
    match approval {
        Some(a) => conn.execute(
            "INSERT INTO maturity_approval (team, period, by, at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (team, period) DO UPDATE SET by = excluded.by, at = excluded.at",
            params![team, period.to_string(), a.by, a.at.to_rfc3339()],
        )?,
        None => conn.execute(
            "DELETE FROM maturity_approval WHERE team = ?1 AND period = ?2",
            params![team, period.to_string()],
        )?,
    };
    Ok(())
}

/// A team's assessments and approvals follow its new name.
pub fn rename_team(conn: &Connection, old: &str, new: &str) -> DbResult<()> {
    for table in ["maturity_assessment", "maturity_approval"] {
        conn.execute(&format!("UPDATE {table} SET team = ?2 WHERE team = ?1"), params![old, new])?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Quarter snapshots

/// A snapshot row without its (large) JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRow {
    pub id: i64,
    pub period: Period,
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
    pub reopened_at: Option<DateTime<Utc>>,
    pub reopened_by: Option<String>,
    pub reopen_reason: Option<String>,
}

fn snapshot_row(row: &Row<'_>) -> rusqlite::Result<SnapshotRow> {
    Ok(SnapshotRow {
        id: row.get(0)?,
        period: period(row, 1)?,
        closed_at: time(row, 2)?,
        closed_by: row.get(3)?,
        reopened_at: optional_time(row, 4)?,
        reopened_by: row.get(5)?,
        reopen_reason: row.get(6)?,
    })
}

const SNAPSHOT_COLUMNS: &str = "id, period, closed_at, closed_by, reopened_at, reopened_by, reopen_reason";

/// Every snapshot row, newest close last.
pub fn snapshot_rows(conn: &Connection) -> DbResult<Vec<SnapshotRow>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {SNAPSHOT_COLUMNS} FROM quarter_snapshot ORDER BY period, id"))?;
    let rows = statement.query_map([], snapshot_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The snapshot in force for a quarter (closed and not reopened), with its content.
pub fn snapshot_in_force(
    conn: &Connection,
    period: Period,
) -> DbResult<Option<(SnapshotRow, QuarterSnapshot)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {SNAPSHOT_COLUMNS}, snapshot FROM quarter_snapshot WHERE period = ?1 AND reopened_at IS NULL"
            ),
            params![period.to_string()],
            |row| Ok((snapshot_row(row)?, json(row, 7, "snapshot")?)),
        )
        .optional()?)
}

pub fn insert_snapshot(
    conn: &Connection,
    snapshot: &QuarterSnapshot,
    at: DateTime<Utc>,
    by: &str,
) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO quarter_snapshot (period, closed_at, closed_by, snapshot) VALUES (?1, ?2, ?3, ?4)",
        params![snapshot.period.to_string(), at.to_rfc3339(), by, to_json(snapshot)?],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Stores the snapshot's own id inside its JSON (known only after the insert).
pub fn set_snapshot_json(conn: &Connection, id: i64, snapshot: &QuarterSnapshot) -> DbResult<()> {
    conn.execute("UPDATE quarter_snapshot SET snapshot = ?2 WHERE id = ?1", params![id, to_json(snapshot)?])?;
    Ok(())
}

pub fn reopen_snapshot(
    conn: &Connection,
    id: i64,
    at: DateTime<Utc>,
    by: &str,
    reason: &str,
) -> DbResult<()> {
    conn.execute(
        "UPDATE quarter_snapshot SET reopened_at = ?2, reopened_by = ?3, reopen_reason = ?4 WHERE id = ?1",
        params![id, at.to_rfc3339(), by, reason],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reports

const REPORT_COLUMNS: &str = "id, title, period, teams, whole_board, sections, snapshot_id, provisional, built_at, built_by, late_changes";

fn report_row(row: &Row<'_>) -> rusqlite::Result<ReportSummary> {
    Ok(ReportSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        period: period(row, 2)?,
        teams: json(row, 3, "teams")?,
        whole_board: row.get(4)?,
        sections: json::<Vec<ReportSection>>(row, 5, "sections")?,
        snapshot_id: row.get(6)?,
        provisional: row.get(7)?,
        built_at: time(row, 8)?,
        built_by: row.get(9)?,
        late_changes: row.get(10)?,
    })
}

/// Stores a built report with its model (JSON the renderers read again for downloads).
pub fn insert_report(conn: &Connection, summary: &ReportSummary, model_json: &str) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO report (title, period, teams, whole_board, sections, snapshot_id, provisional, built_at,
           built_by, late_changes, model) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            summary.title,
            summary.period.to_string(),
            to_json(&summary.teams)?,
            summary.whole_board,
            to_json(&summary.sections)?,
            summary.snapshot_id,
            summary.provisional,
            summary.built_at.to_rfc3339(),
            summary.built_by,
            summary.late_changes,
            model_json,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every report, newest first.
pub fn reports(conn: &Connection) -> DbResult<Vec<ReportSummary>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {REPORT_COLUMNS} FROM report ORDER BY built_at DESC, id DESC"))?;
    let rows = statement.query_map([], report_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One report with its model JSON.
pub fn report(conn: &Connection, id: i64) -> DbResult<Option<(ReportSummary, String)>> {
    Ok(conn
        .query_row(&format!("SELECT {REPORT_COLUMNS}, model FROM report WHERE id = ?1"), params![id], |row| {
            Ok((report_row(row)?, row.get(11)?))
        })
        .optional()?)
}

pub fn delete_report(conn: &Connection, id: i64) -> DbResult<bool> {
    Ok(conn.execute("DELETE FROM report WHERE id = ?1", params![id])? > 0)
}
