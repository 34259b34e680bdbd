//! CSV import of measurements: the header names the columns (`kpi`, `team` or `system`,
//! `time`, `value`, optional `note`, in any order); every row is checked and marked new,
//! updated, unchanged or bad with its line and reason, and only good rows are written.

use super::{check_scope, kpi_item, local_midnight};
use crate::services::db_error;
use archboard_db::Connection;
use archboard_db::kpi as store;
use archboard_types::ApiError;
use archboard_types::kpi::{
    ImportRowStatus, KpiImportReport, KpiImportRow, Measurement, SOURCE_CSV, Scope, check_value,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// The most rows one file may hold.
const MAX_ROWS: usize = 200_000;

/// The report, and the measurements the good new or changed rows make.
pub(super) fn plan(
    conn: &Connection,
    file: &str,
    text: &str,
    zone: Tz,
    now: DateTime<Utc>,
    by: &str,
) -> Result<(KpiImportReport, Vec<Measurement>), ApiError> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::validation("file", format!("{file}: cannot read the header line: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (kpi_col, time_col, value_col) = match (column("kpi"), column("time"), column("value")) {
        (Some(k), Some(t), Some(v)) => (k, t, v),
        _ => {
            return Err(ApiError::validation(
                "file",
                format!(
                    "{file}: the header must name the columns kpi, team or system, time and value (found: {}).",
                    headers.join(", ")
                ),
            ));
        }
    };
    let (team_col, system_col, note_col) = (column("team"), column("system"), column("note"));
    if team_col.is_none() && system_col.is_none() {
        return Err(ApiError::validation(
            "file",
            format!("{file}: the header needs a team or a system column."),
        ));
    }
    let mut rows = Vec::new();
    let mut measurements = Vec::new();
    let mut kpis = HashMap::new();
    let mut scopes: HashMap<Scope, Result<(), String>> = HashMap::new();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u32 + 2;
        if index >= MAX_ROWS {
            return Err(ApiError::validation(
                "file",
                format!("{file}: more than {MAX_ROWS} rows; split the file."),
            ));
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                rows.push(bad(line, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let cell = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("").to_string();
        let parsed = (|| -> Result<Measurement, String> {
            let key = cell(Some(kpi_col));
            if key.is_empty() {
                return Err("the kpi cell is empty".into());
            }
            let kpi = match kpis.get(&key) {
                Some(kpi) => Clone::clone(kpi),
                None => {
                    let found = kpi_item(conn, &key).map_err(|e| e.message)?;
                    kpis.insert(key.clone(), found.clone());
                    found
                }
            };
            let (team, system) = (cell(team_col), cell(system_col));
            let scope = match (team.is_empty(), system.is_empty()) {
                (false, true) => Scope::team(team),
                (true, false) => Scope::system(system),
                (false, false) => return Err("give a team or a system, not both".into()),
                (true, true) => return Err("the team and system cells are both empty".into()),
            };
            scopes
                .entry(scope.clone())
                .or_insert_with(|| check_scope(conn, &scope).map(|_| ()).map_err(|e| e.message))
                .clone()?;
            let at = parse_time(&cell(Some(time_col)), zone)?;
            if at > now + chrono::Duration::days(1) {
                return Err(format!("{at} is in the future"));
            }
            let raw = cell(Some(value_col));
            let value: f64 = raw.parse().map_err(|_| format!("the value `{raw}` is not a number"))?;
            check_value(&kpi.key, kpi.unit, value)?;
            Ok(Measurement {
                kpi: kpi.key,
                scope,
                at,
                value,
                source: SOURCE_CSV.into(),
                note: cell(note_col),
                recorded_by: Some(by.to_string()),
                recorded_at: now,
            })
        })();
        let measurement = match parsed {
            Ok(m) => m,
            Err(reason) => {
                rows.push(bad(line, reason));
                continue;
            }
        };
        let key = (measurement.kpi.clone(), measurement.scope.clone(), measurement.at);
        if !seen.insert(key) {
            rows.push(bad(line, "repeats an earlier row's KPI, scope and time".into()));
            continue;
        }
        let existing = store::existing(conn, &measurement).map_err(db_error)?;
        let (status, reason) = match existing {
            None => (ImportRowStatus::New, None),
            Some((value, note)) if value == measurement.value && note == measurement.note => {
                (ImportRowStatus::Unchanged, None)
            }
            Some((value, _)) => (ImportRowStatus::Updated, Some(format!("replaces {value}"))),
        };
        rows.push(KpiImportRow {
            line,
            status,
            kpi: Some(measurement.kpi.clone()),
            scope: Some(measurement.scope.clone()),
            at: Some(measurement.at),
            value: Some(measurement.value),
            reason,
        });
        if status != ImportRowStatus::Unchanged {
            measurements.push(measurement);
        }
    }
    let count = |wanted| rows.iter().filter(|r: &&KpiImportRow| r.status == wanted).count() as u32;
    let report = KpiImportReport {
        new: count(ImportRowStatus::New),
        updated: count(ImportRowStatus::Updated),
        unchanged: count(ImportRowStatus::Unchanged),
        bad: count(ImportRowStatus::Bad),
        rows,
        applied: false,
    };
    Ok((report, measurements))
}

fn bad(line: u32, reason: String) -> KpiImportRow {
    KpiImportRow {
        line,
        status: ImportRowStatus::Bad,
        kpi: None,
        scope: None,
        at: None,
        value: None,
        reason: Some(reason),
    }
}

/// RFC 3339 with an offset, or a board-local `YYYY-MM-DD[ HH:MM[:SS]]`.
pub(crate) fn parse_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return zone
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| format!("{text} does not exist in {} (the clocks skip it)", zone.name()));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(local_midnight(zone, day));
    }
    Err(format!("the time `{text}` is not a date (2026-09-30), a local time (2026-09-30 14:00) or RFC 3339"))
}
