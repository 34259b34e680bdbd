//! KPI measurements, metric sources, bindings and scorecard settings. Measurements are keyed
//! by (KPI, scope, source, instant) so writing one twice updates it; the engine owns what the
//! values mean.

use crate::{DbError, DbResult};
use archboard_types::catalog::Aggregate;
use archboard_types::kpi::{
    Binding, Measurement, Scope, ScopeKind, SourceEdit, SyncStatus, ThresholdOverride,
};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// What writing a measurement did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    New,
    Updated,
    Unchanged,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what}: {e}"))
}

fn scope_kind(text: &str) -> rusqlite::Result<ScopeKind> {
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn read_time(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, e.into()))
}

fn read_optional_time(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(index)?;
    text.map(|_| read_time(row, index)).transpose()
}

fn text(at: &DateTime<Utc>) -> String {
    at.to_rfc3339()
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The value and note already stored for the measurement's key, if any.
pub fn existing(conn: &Connection, m: &Measurement) -> DbResult<Option<(f64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT value, note FROM kpi_measurement
             WHERE kpi_key = ?1 AND scope_kind = ?2 AND scope_key = ?3 AND source = ?4 AND at = ?5",
        )?
        .query_row(params![m.kpi, m.scope.kind.as_str(), m.scope.key, m.source, m.at.timestamp()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?)
}

/// Writes a measurement, updating the one with the same key; an identical one is left alone
/// (so a re-sync reports nothing written).
pub fn upsert(conn: &Connection, m: &Measurement) -> DbResult<Upsert> {
    let before = existing(conn, m)?;
    if let Some((value, note)) = &before
        && *value == m.value
        && *note == m.note
    {
        return Ok(Upsert::Unchanged);
    }
    conn.prepare_cached(
        "INSERT INTO kpi_measurement (kpi_key, scope_kind, scope_key, source, at, value, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(kpi_key, scope_kind, scope_key, source, at)
         DO UPDATE SET value = ?6, note = ?7, recorded_by = ?8, recorded_at = ?9",
    )?
    .execute(params![
        m.kpi,
        m.scope.kind.as_str(),
        m.scope.key,
        m.source,
        m.at.timestamp(),
        m.value,
        m.note,
        m.recorded_by,
        text(&m.recorded_at)
    ])?;
    Ok(if before.is_some() { Upsert::Updated } else { Upsert::New })
}

fn measurement(row: &rusqlite::Row<'_>) -> rusqlite::Result<Measurement> {
    Ok(Measurement {
        kpi: row.get(0)?,
        scope: Scope { kind: scope_kind(&row.get::<_, String>(1)?)?, key: row.get(2)? },
        source: row.get(3)?,
        at: instant(row.get(4)?),
        value: row.get(5)?,
        note: row.get(6)?,
        recorded_by: row.get(7)?,
        recorded_at: read_time(row, 8)?,
    })
}

const MEASUREMENT_COLUMNS: &str =
    "kpi_key, scope_kind, scope_key, source, at, value, note, recorded_by, recorded_at";

/// One KPI's measurements for a scope with `from <= at < to`, oldest first.
pub fn series(conn: &Connection, kpi: &str, scope: &Scope, from: i64, to: i64) -> DbResult<Vec<Measurement>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM kpi_measurement
         WHERE scope_kind = ?1 AND scope_key = ?2 AND kpi_key = ?3 AND at >= ?4 AND at < ?5
         ORDER BY at, source"
    ))?;
    let rows = statement.query_map(params![scope.kind.as_str(), scope.key, kpi, from, to], measurement)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every KPI's measurements for a scope with `from <= at < to`, oldest first per KPI.
pub fn scope_measurements(
    conn: &Connection,
    scope: &Scope,
    from: i64,
    to: i64,
) -> DbResult<Vec<Measurement>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {MEASUREMENT_COLUMNS} FROM kpi_measurement
         WHERE scope_kind = ?1 AND scope_key = ?2 AND at >= ?3 AND at < ?4
         ORDER BY kpi_key, at, source"
    ))?;
    let rows = statement.query_map(params![scope.kind.as_str(), scope.key, from, to], measurement)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The KPIs that have any measurement for the scope.
pub fn measured_kpis(conn: &Connection, scope: &Scope) -> DbResult<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT kpi_key FROM kpi_measurement WHERE scope_kind = ?1 AND scope_key = ?2 ORDER BY kpi_key",
    )?;
    let rows = statement.query_map(params![scope.kind.as_str(), scope.key], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many measurements a source has written (every scope and KPI).
pub fn count_from_source(conn: &Connection, source: &str) -> DbResult<u64> {
    Ok(conn.query_row("SELECT count(*) FROM kpi_measurement WHERE source = ?1", params![source], |row| {
        row.get::<_, i64>(0)
    })? as u64)
}

/// A team's measurements, bindings and scorecard follow its new name.
pub fn rename_team(conn: &Connection, old: &str, new: &str) -> DbResult<()> {
    for table in ["kpi_measurement", "kpi_binding", "scorecard"] {
        conn.execute(
            &format!("UPDATE {table} SET scope_key = ?2 WHERE scope_kind = 'team' AND scope_key = ?1"),
            params![old, new],
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sources

/// A source row: its configuration as edited, and how its syncs went.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSource {
    pub config: SourceEdit,
    pub status: SyncStatus,
    pub next_run: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

pub fn put_source(conn: &Connection, source: &StoredSource) -> DbResult<()> {
    let config = serde_json::to_string(&source.config).map_err(|e| corrupt("cannot encode a source", e))?;
    let status = serde_json::to_string(&source.status).map_err(|e| corrupt("cannot encode a status", e))?;
    conn.execute(
        "INSERT INTO kpi_source (name, kind, config, status, next_run, updated_at, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(name) DO UPDATE SET kind = ?2, config = ?3, status = ?4, next_run = ?5,
             updated_at = ?6, changed_by = ?7",
        params![
            source.config.name,
            source.config.kind.as_str(),
            config,
            status,
            source.next_run.as_ref().map(text),
            text(&source.updated_at),
            source.changed_by
        ],
    )?;
    Ok(())
}

/// A source row before its JSON is decoded: name, config, status, next run, updated, by.
type SourceColumns = (String, String, String, Option<DateTime<Utc>>, DateTime<Utc>, Option<String>);

fn stored_source(row: &rusqlite::Row<'_>) -> rusqlite::Result<SourceColumns> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, read_optional_time(row, 3)?, read_time(row, 4)?, row.get(5)?))
}

fn decode_source(
    (name, config, status, next_run, updated_at, changed_by): SourceColumns,
) -> DbResult<StoredSource> {
    Ok(StoredSource {
        config: serde_json::from_str(&config)
            .map_err(|e| corrupt(&format!("source `{name}` has an unreadable configuration"), e))?,
        status: serde_json::from_str(&status)
            .map_err(|e| corrupt(&format!("source `{name}` has an unreadable status"), e))?,
        next_run,
        updated_at,
        changed_by,
    })
}

const SOURCE_COLUMNS: &str = "name, config, status, next_run, updated_at, changed_by";

pub fn get_source(conn: &Connection, name: &str) -> DbResult<Option<StoredSource>> {
    let row = conn
        .query_row(
            &format!("SELECT {SOURCE_COLUMNS} FROM kpi_source WHERE name = ?1"),
            params![name],
            stored_source,
        )
        .optional()?;
    row.map(decode_source).transpose()
}

pub fn list_sources(conn: &Connection) -> DbResult<Vec<StoredSource>> {
    let mut statement =
        conn.prepare_cached(&format!("SELECT {SOURCE_COLUMNS} FROM kpi_source ORDER BY name"))?;
    let rows = statement.query_map([], stored_source)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_source).collect()
}

/// Removes a source and (by the foreign key) its bindings; its measurements stay, still
/// naming it, so history is never lost by removing where it came from.
pub fn delete_source(conn: &Connection, name: &str) -> DbResult<bool> {
    Ok(conn.execute("DELETE FROM kpi_source WHERE name = ?1", params![name])? > 0)
}

pub fn set_source_status(
    conn: &Connection,
    name: &str,
    status: &SyncStatus,
    next_run: Option<DateTime<Utc>>,
) -> DbResult<()> {
    let status = serde_json::to_string(status).map_err(|e| corrupt("cannot encode a status", e))?;
    conn.execute(
        "UPDATE kpi_source SET status = ?2, next_run = ?3 WHERE name = ?1",
        params![name, status, next_run.as_ref().map(text)],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bindings

const BINDING_COLUMNS: &str =
    "id, kpi_key, scope_kind, scope_key, source, query, aggregate, step_s, status, updated_at, changed_by";

fn binding(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Binding, String)> {
    let aggregate: Option<String> = row.get(6)?;
    Ok((
        Binding {
            id: row.get(0)?,
            kpi: row.get(1)?,
            scope: Scope { kind: scope_kind(&row.get::<_, String>(2)?)?, key: row.get(3)? },
            source: row.get(4)?,
            query: row.get(5)?,
            aggregate: aggregate.and_then(|a| a.parse::<Aggregate>().ok()),
            step_s: row.get(7)?,
            status: SyncStatus::default(),
            updated_at: read_time(row, 9)?,
            changed_by: row.get(10)?,
        },
        row.get(8)?,
    ))
}

fn decode_binding((mut binding, status): (Binding, String)) -> DbResult<Binding> {
    binding.status = serde_json::from_str(&status)
        .map_err(|e| corrupt(&format!("binding {} has an unreadable status", binding.id), e))?;
    Ok(binding)
}

/// Inserts the binding, or replaces the query of the one for the same KPI, scope and source.
/// Returns its id.
pub fn put_binding(conn: &Connection, b: &Binding) -> DbResult<i64> {
    conn.execute(
        "INSERT INTO kpi_binding (kpi_key, scope_kind, scope_key, source, query, aggregate, step_s, updated_at, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(kpi_key, scope_kind, scope_key, source)
         DO UPDATE SET query = ?5, aggregate = ?6, step_s = ?7, updated_at = ?8, changed_by = ?9, status = '{}'",
        params![
            b.kpi,
            b.scope.kind.as_str(),
            b.scope.key,
            b.source,
            b.query,
            b.aggregate.map(|a| a.as_str()),
            b.step_s,
            text(&b.updated_at),
            b.changed_by
        ],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM kpi_binding WHERE kpi_key = ?1 AND scope_kind = ?2 AND scope_key = ?3 AND source = ?4",
        params![b.kpi, b.scope.kind.as_str(), b.scope.key, b.source],
        |row| row.get(0),
    )?)
}

pub fn get_binding(conn: &Connection, id: i64) -> DbResult<Option<Binding>> {
    let row = conn
        .query_row(&format!("SELECT {BINDING_COLUMNS} FROM kpi_binding WHERE id = ?1"), params![id], binding)
        .optional()?;
    row.map(decode_binding).transpose()
}

/// Every binding, by source, KPI and scope.
pub fn list_bindings(conn: &Connection) -> DbResult<Vec<Binding>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {BINDING_COLUMNS} FROM kpi_binding ORDER BY source, kpi_key, scope_kind, scope_key"
    ))?;
    let rows = statement.query_map([], binding)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(decode_binding).collect()
}

pub fn delete_binding(conn: &Connection, id: i64) -> DbResult<bool> {
    Ok(conn.execute("DELETE FROM kpi_binding WHERE id = ?1", params![id])? > 0)
}

pub fn set_binding_status(conn: &Connection, id: i64, status: &SyncStatus) -> DbResult<()> {
    let status = serde_json::to_string(status).map_err(|e| corrupt("cannot encode a status", e))?;
    conn.execute("UPDATE kpi_binding SET status = ?2 WHERE id = ?1", params![id, status])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Scorecard settings

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScorecardSettings {
    /// The chosen KPIs; `None` means the defaults for the scope.
    pub kpis: Option<Vec<String>>,
    pub overrides: BTreeMap<String, ThresholdOverride>,
}

pub fn scorecard(conn: &Connection, scope: &Scope) -> DbResult<ScorecardSettings> {
    let row: Option<(Option<String>, String)> = conn
        .query_row(
            "SELECT kpis, overrides FROM scorecard WHERE scope_kind = ?1 AND scope_key = ?2",
            params![scope.kind.as_str(), scope.key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((kpis, overrides)) = row else { return Ok(ScorecardSettings::default()) };
    let what = format!("the scorecard of {} is unreadable", scope.describe());
    Ok(ScorecardSettings {
        kpis: kpis.map(|k| serde_json::from_str(&k)).transpose().map_err(|e| corrupt(&what, e))?,
        overrides: serde_json::from_str(&overrides).map_err(|e| corrupt(&what, e))?,
    })
}

pub fn put_scorecard(
    conn: &Connection,
    scope: &Scope,
    settings: &ScorecardSettings,
    at: DateTime<Utc>,
) -> DbResult<()> {
    let kpis = settings
        .kpis
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| corrupt("cannot encode a KPI list", e))?;
    let overrides =
        serde_json::to_string(&settings.overrides).map_err(|e| corrupt("cannot encode overrides", e))?;
    conn.execute(
        "INSERT INTO scorecard (scope_kind, scope_key, kpis, overrides, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(scope_kind, scope_key) DO UPDATE SET kpis = ?3, overrides = ?4, updated_at = ?5",
        params![scope.kind.as_str(), scope.key, kpis, overrides, text(&at)],
    )?;
    Ok(())
}
