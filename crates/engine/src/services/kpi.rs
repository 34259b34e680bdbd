//! KPI measurements and scorecards: recording and importing values (checked against the
//! KPI's unit, idempotent per KPI, scope, source and instant), a KPI's series, scorecards per
//! team or system and period with their RAG states, threshold overrides, and the KPIs the
//! board computes from its own records. Periods are board-local (the review calendar's zone).

mod computed;
mod import;
mod scorecard;
#[cfg(test)]
mod tests;

use super::review::calendar::BoardCalendar;
use super::{Services, db_error};
use archboard_db::Connection;
use archboard_db::kpi::{self as store, ScorecardSettings};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::{CatalogItem, CatalogKind, Kpi, KpiTarget, RiskTier, TargetBasis};
use archboard_types::kpi::{
    ComputedKpi, KpiDetail, KpiDetailQuery, KpiImportReport, KpiImportRequest, KpiRecordRequest, KpiSeries,
    KpiSeriesQuery, Measurement, Period, SOURCE_MANUAL, Scope, ScopeKind, Scorecard, ScorecardKpisSet,
    ScorecardOverrideRequest, ScorecardQuery, ScorecardRow, ThresholdOverride, check_value,
};
use archboard_types::system::Empty;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

pub(crate) use computed::COMPUTED;

/// The longest note on a measurement and override reason accepted.
const NOTE_MAX_CHARS: usize = 2_000;
/// Periods a scorecard's sparklines and heat map look back over (this one included).
const TREND_PERIODS: usize = 6;
const HEATMAP_PERIODS: usize = 4;

impl Services {
    pub fn kpi_record(&mut self, request: KpiRecordRequest) -> Result<Measurement, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let conn = self.db.conn();
        let kpi = kpi_item(conn, &request.kpi)?;
        check_scope(conn, &request.scope)?;
        check_value(&kpi.key, kpi.unit, request.value).map_err(|e| ApiError::validation("value", e))?;
        check_note(&request.note)?;
        let at = request.at.unwrap_or(now);
        if at > now + chrono::Duration::days(1) {
            return Err(ApiError::validation(
                "at",
                format!("{at} is in the future: record what was measured."),
            ));
        }
        let measurement = Measurement {
            kpi: kpi.key.clone(),
            scope: request.scope,
            at: DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at),
            value: request.value,
            source: SOURCE_MANUAL.into(),
            note: request.note.trim().to_string(),
            recorded_by: Some(by),
            recorded_at: now,
        };
        self.write(|tx| {
            store::upsert(tx, &measurement).map_err(db_error)?;
            tx.audit(
                AuditEntity::Measurement,
                &measurement_id(&measurement),
                AuditAction::Record,
                None,
                Some(&measurement),
            )
        })?;
        Ok(measurement)
    }

    pub fn kpi_import(&mut self, request: KpiImportRequest) -> Result<KpiImportReport, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let text = std::str::from_utf8(request.file.content.as_slice())
            .map_err(|_| ApiError::validation("file", format!("{} is not UTF-8 text.", request.file.path)))?
            .to_string();
        let zone = BoardCalendar::read(self.db.conn())?.time_zone;
        let (mut report, measurements) =
            import::plan(self.db.conn(), &request.file.path, &text, zone, now, &by)?;
        if request.dry_run || measurements.is_empty() {
            return Ok(report);
        }
        let file = request.file.path.clone();
        self.write(|tx| {
            for measurement in &measurements {
                store::upsert(tx, measurement).map_err(db_error)?;
            }
            let summary = format!(
                "{} new, {} updated, {} unchanged, {} bad rows from {file}",
                report.new, report.updated, report.unchanged, report.bad
            );
            tx.audit_text(AuditEntity::Measurement, &file, AuditAction::Import, None, Some(&summary))
        })?;
        report.applied = true;
        Ok(report)
    }

    pub fn kpi_series(&mut self, query: KpiSeriesQuery) -> Result<KpiSeries, ApiError> {
        let conn = self.db.conn();
        let kpi = kpi_item(conn, &query.kpi)?;
        check_scope(conn, &query.scope)?;
        let zone = BoardCalendar::read(conn)?.time_zone;
        let from = query.from.map(|d| local_midnight(zone, d).timestamp()).unwrap_or(i64::MIN);
        let to =
            query.to.map(|d| local_midnight(zone, d.succ_opt().unwrap_or(d)).timestamp()).unwrap_or(i64::MAX);
        if from > to {
            return Err(ApiError::validation("from", "`from` is after `to`."));
        }
        let measurements = store::series(conn, &kpi.key, &query.scope, from, to).map_err(db_error)?;
        Ok(KpiSeries {
            kpi: kpi.key,
            name: kpi.name,
            unit_label: kpi.unit_label,
            scope: query.scope,
            measurements,
        })
    }

    pub fn kpi_computed(&mut self, _: Empty) -> Result<Vec<ComputedKpi>, ApiError> {
        Ok(COMPUTED.iter().map(|c| c.describe()).collect())
    }

    pub fn scorecard_show(&mut self, query: ScorecardQuery) -> Result<Scorecard, ApiError> {
        let now = self.now();
        scorecard::show(self.db.conn(), &query, now)
    }

    pub fn kpi_detail(&mut self, query: KpiDetailQuery) -> Result<KpiDetail, ApiError> {
        let now = self.now();
        scorecard::detail(self.db.conn(), &query, now)
    }

    pub fn scorecard_kpis_set(&mut self, request: ScorecardKpisSet) -> Result<Scorecard, ApiError> {
        let now = self.now();
        let conn = self.db.conn();
        check_scope(conn, &request.scope)?;
        let mut kpis = Vec::new();
        for key in &request.kpis {
            let kpi = kpi_item(conn, key)?;
            if !kpis.contains(&kpi.key) {
                kpis.push(kpi.key);
            }
        }
        let scope = request.scope.clone();
        self.write(|tx| {
            let mut settings = store::scorecard(tx, &scope).map_err(db_error)?;
            let before = settings.kpis.clone();
            settings.kpis = (!kpis.is_empty()).then_some(kpis);
            store::put_scorecard(tx, &scope, &settings, now).map_err(db_error)?;
            tx.audit(
                AuditEntity::Scorecard,
                &scope.describe(),
                AuditAction::Update,
                Some(&before),
                Some(&settings.kpis),
            )
        })?;
        let period = Period::quarter_of(BoardCalendar::read(self.db.conn())?.local_date(now));
        scorecard::show(
            self.db.conn(),
            &ScorecardQuery { scope: request.scope, period, band_year: None },
            now,
        )
    }

    pub fn scorecard_override(
        &mut self,
        request: ScorecardOverrideRequest,
    ) -> Result<ScorecardRow, ApiError> {
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let conn = self.db.conn();
        let kpi = kpi_item(conn, &request.kpi)?;
        check_scope(conn, &request.scope)?;
        let reason = request.reason.trim().to_string();
        if reason.is_empty() {
            return Err(ApiError::validation(
                "reason",
                "Say why the thresholds differ (or go back) for this scorecard.",
            ));
        }
        check_note(&reason)?;
        let replacement = match (request.green, request.amber) {
            (None, None) => None,
            (Some(green), Some(amber)) => {
                let target = KpiTarget {
                    basis: kpi.target.as_ref().map(|t| t.basis).unwrap_or(TargetBasis::Value),
                    green,
                    amber,
                    note: reason.clone(),
                };
                check_thresholds(&kpi, &target)?;
                Some(ThresholdOverride { green, amber, reason: reason.clone(), by: Some(by), at: now })
            }
            _ => {
                return Err(ApiError::validation(
                    "amber",
                    "Give both the green and the amber range, or neither.",
                ));
            }
        };
        let scope = request.scope.clone();
        let key = kpi.key.clone();
        self.write(|tx| {
            let mut settings: ScorecardSettings = store::scorecard(tx, &scope).map_err(db_error)?;
            let before = settings.overrides.get(&key).cloned();
            match &replacement {
                Some(o) => settings.overrides.insert(key.clone(), o.clone()),
                None => settings.overrides.remove(&key),
            };
            store::put_scorecard(tx, &scope, &settings, now).map_err(db_error)?;
            let id = format!("{} {key}", scope.describe());
            let after = replacement
                .clone()
                .map(|o| serde_json::json!({"override": o}))
                .unwrap_or_else(|| serde_json::json!({"back_to_catalog": reason}));
            let before = before.map(|o| serde_json::json!({"override": o}));
            tx.audit(
                AuditEntity::Scorecard,
                &id,
                AuditAction::ThresholdOverride,
                before.as_ref(),
                Some(&after),
            )
        })?;
        let period = Period::quarter_of(BoardCalendar::read(self.db.conn())?.local_date(now));
        let card = scorecard::show_kpis(
            self.db.conn(),
            &request.scope,
            period,
            None,
            now,
            Some(std::slice::from_ref(&kpi.key)),
        )?;
        card.rows
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::internal("the overridden KPI is missing from its row"))
    }
}

fn measurement_id(m: &Measurement) -> String {
    format!("{} {} {} {}", m.kpi, m.scope.describe(), m.source, m.at.to_rfc3339())
}

fn check_note(note: &str) -> Result<(), ApiError> {
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(ApiError::validation("note", format!("Keep it under {NOTE_MAX_CHARS} characters.")));
    }
    Ok(())
}

/// An override must read the right way round for the KPI's direction: the green range inside
/// the amber one, so a value is never green yet outside amber.
fn check_thresholds(kpi: &Kpi, target: &KpiTarget) -> Result<(), ApiError> {
    for (field, range) in [("green", &target.green), ("amber", &target.amber)] {
        if let (Some(min), Some(max)) = (range.min, range.max)
            && min > max
        {
            return Err(ApiError::validation(
                field,
                format!("{}: the {field} range runs from {min} down to {max}.", kpi.key),
            ));
        }
        for bound in [range.min, range.max].into_iter().flatten() {
            if target.basis == TargetBasis::Value {
                check_value(&kpi.key, kpi.unit, bound).map_err(|e| ApiError::validation(field, e))?;
            }
        }
    }
    if !target.green.within(&target.amber) {
        return Err(ApiError::validation(
            "green",
            format!("{}: the green range must lie inside the amber one.", kpi.key),
        ));
    }
    Ok(())
}

/// The catalog KPI with this key; the error suggests near keys.
/// The scorecard rows of only `kpis` for a scope and period (maturity evidence, snapshots).
pub(crate) fn scorecard_rows(
    conn: &Connection,
    scope: &Scope,
    period: Period,
    now: DateTime<Utc>,
    kpis: &[String],
) -> Result<Vec<ScorecardRow>, ApiError> {
    Ok(scorecard::show_kpis(conn, scope, period, None, now, Some(kpis))?.rows)
}

pub(crate) fn kpi_item(conn: &Connection, key: &str) -> Result<Kpi, ApiError> {
    let key = key.trim();
    let full = if key.starts_with("kpi.") { key.to_string() } else { format!("kpi.{key}") };
    match archboard_db::catalog::get(conn, &full).map_err(db_error)?.map(|s| s.item) {
        Some(CatalogItem::Kpi(kpi)) => Ok(kpi),
        Some(other) => {
            Err(ApiError::validation("kpi", format!("`{full}` is a {}, not a KPI.", other.kind().as_str())))
        }
        None => {
            let near: Vec<String> = all_kpis(conn)?
                .into_iter()
                .map(|k| k.key)
                .filter(|k| k.contains(key.trim_start_matches("kpi.")))
                .take(5)
                .collect();
            let hint =
                if near.is_empty() { String::new() } else { format!(" Did you mean {}?", near.join(", ")) };
            Err(ApiError::validation("kpi", format!("There is no KPI `{full}` in the catalog.{hint}")))
        }
    }
}

pub(crate) fn all_kpis(conn: &Connection) -> Result<Vec<Kpi>, ApiError> {
    Ok(archboard_db::catalog::all(conn, Some(CatalogKind::Kpi))
        .map_err(db_error)?
        .into_iter()
        .filter_map(|s| match s.item {
            CatalogItem::Kpi(kpi) => Some(kpi),
            _ => None,
        })
        .collect())
}

/// What a scope is: its team's name (a system's owning team), its system's key, and the tiers
/// it runs at (a team: its systems' tiers).
pub(crate) struct ScopeFacts {
    pub(crate) team: Option<String>,
    pub(crate) system: Option<String>,
    pub(crate) tiers: Vec<RiskTier>,
    pub(crate) systems: Vec<String>,
}

pub(crate) fn check_scope(conn: &Connection, scope: &Scope) -> Result<ScopeFacts, ApiError> {
    use archboard_db::people;
    match scope.kind {
        ScopeKind::Team => {
            let id = people::team_id(conn, &scope.key).map_err(db_error)?.ok_or_else(|| {
                ApiError::validation("team", format!("There is no team `{}` on this board.", scope.key))
            })?;
            let team = people::team(conn, id)
                .map_err(db_error)?
                .ok_or_else(|| ApiError::internal("a team vanished"))?;
            let mut tiers = Vec::new();
            for key in &team.systems {
                if let Some(system) = people::system(conn, key).map_err(db_error)?
                    && !tiers.contains(&system.tier)
                {
                    tiers.push(system.tier);
                }
            }
            Ok(ScopeFacts { team: Some(team.name), system: None, tiers, systems: team.systems })
        }
        ScopeKind::System => {
            let system = people::system(conn, &scope.key).map_err(db_error)?.ok_or_else(|| {
                ApiError::validation("system", format!("There is no system `{}` on this board.", scope.key))
            })?;
            Ok(ScopeFacts {
                team: Some(system.team),
                system: Some(system.key.clone()),
                tiers: vec![system.tier],
                systems: vec![system.key],
            })
        }
    }
}

/// Midnight at the start of `day` in `zone`, as an instant (the earlier one where clocks go
/// back, the first instant after the gap where they go forward).
pub(crate) fn local_midnight(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match zone.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = midnight + chrono::Duration::hours(1);
            zone.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
        }
    }
}

/// A period's instants: `[start, end)`.
pub(crate) fn period_bounds(zone: Tz, period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    (local_midnight(zone, period.first_day()), local_midnight(zone, period.end_day()))
}
