//! A scorecard made from the store: the KPIs that apply to a scope, each period's value
//! aggregated the KPI's way from every source's measurements, judged against the thresholds
//! in force (the catalog's or this scorecard's override), with the change from the previous
//! period, the same period a year before as the baseline, and the grey states.

use super::{HEATMAP_PERIODS, ScopeFacts, TREND_PERIODS, all_kpis, check_scope, kpi_item, period_bounds};
use crate::services::db_error;
use crate::services::review::calendar::BoardCalendar;
use archboard_db::Connection;
use archboard_db::kpi as store;
use archboard_types::ApiError;
use archboard_types::catalog::{Aggregate, Kpi, KpiTarget};
use archboard_types::kpi::{
    BandPlacement, KpiDetail, KpiDetailQuery, KpiState, Measurement, Period, PeriodValue, Scope, Scorecard,
    ScorecardQuery, ScorecardRow, ThresholdOverride, change, judge, stale_after_days,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// How many detail chart periods are shown when the caller does not say.
const DETAIL_PERIODS: u32 = 8;
const DETAIL_PERIODS_MAX: u32 = 36;

pub(super) fn show(
    conn: &Connection,
    query: &ScorecardQuery,
    now: DateTime<Utc>,
) -> Result<Scorecard, ApiError> {
    show_kpis(conn, &query.scope, query.period, query.band_year, now, None)
}

/// The scorecard, or only the rows of `only`.
pub(super) fn show_kpis(
    conn: &Connection,
    scope: &Scope,
    period: Period,
    band_year: Option<u16>,
    now: DateTime<Utc>,
    only: Option<&[String]>,
) -> Result<Scorecard, ApiError> {
    let facts = check_scope(conn, scope)?;
    let zone = BoardCalendar::read(conn)?.time_zone;
    let settings = store::scorecard(conn, scope).map_err(db_error)?;
    let kpis = scorecard_kpis(conn, scope, &facts, &settings, only)?;
    let band_years = band_years(&kpis);
    let band_year = band_year.or_else(|| band_years.last().copied());
    let reader = Reader::load(conn, scope, zone, period, TREND_PERIODS, now)?;
    let mut rows: Vec<ScorecardRow> = kpis
        .iter()
        .map(|kpi| reader.row(kpi, settings.overrides.get(&kpi.key), band_year, TREND_PERIODS))
        .collect();
    // KPIs with data first (in the catalog's order), so the grid leads with what is measured.
    rows.sort_by_key(|row| row.value.is_none());
    let count = |wanted: KpiState| rows.iter().filter(|r| r.judgement.state == wanted).count() as u32;
    let heat_periods = period.trailing(HEATMAP_PERIODS);
    let heat_rows: Vec<(String, Vec<KpiState>)> = rows
        .iter()
        .map(|row| {
            let states = row.trend.iter().rev().take(HEATMAP_PERIODS).rev().map(|p| p.state).collect();
            (row.name.clone(), states)
        })
        .collect();
    let heatmap_svg = archboard_charts::kpi_heatmap_svg(
        &format!("{} — last {HEATMAP_PERIODS} periods", scope.describe()),
        &heat_periods,
        &heat_rows,
    );
    Ok(Scorecard {
        scope: scope.clone(),
        period,
        previous_period: period.previous(),
        chosen: settings.kpis.is_some(),
        green: count(KpiState::Green),
        amber: count(KpiState::Amber),
        red: count(KpiState::Red),
        grey: rows.iter().filter(|r| r.judgement.state.is_grey()).count() as u32,
        rows,
        heatmap_svg,
        band_years,
        band_year,
    })
}

pub(super) fn detail(
    conn: &Connection,
    query: &KpiDetailQuery,
    now: DateTime<Utc>,
) -> Result<KpiDetail, ApiError> {
    let kpi = kpi_item(conn, &query.kpi)?;
    check_scope(conn, &query.scope)?;
    let zone = BoardCalendar::read(conn)?.time_zone;
    let settings = store::scorecard(conn, &query.scope).map_err(db_error)?;
    let periods = query.periods.unwrap_or(DETAIL_PERIODS).clamp(2, DETAIL_PERIODS_MAX) as usize;
    let reader = Reader::load(conn, &query.scope, zone, query.period, periods, now)?;
    let band_year = band_years(std::slice::from_ref(&kpi)).last().copied();
    let mut row = reader.row(&kpi, settings.overrides.get(&kpi.key), band_year, periods);
    let history = row.trend.clone();
    row.trend = history.iter().rev().take(TREND_PERIODS).rev().cloned().collect();
    let chart_svg = archboard_charts::kpi_trend_svg(
        &format!("{} — {}", kpi.name, query.scope.describe()),
        &kpi.unit_label,
        &history,
        row.target.as_ref(),
    );
    let (start, end) = period_bounds(zone, query.period);
    let mut measurements =
        store::series(conn, &kpi.key, &query.scope, start.timestamp(), end.timestamp()).map_err(db_error)?;
    measurements.reverse();
    let bindings = store::list_bindings(conn)
        .map_err(db_error)?
        .into_iter()
        .filter(|b| b.kpi == kpi.key && b.scope == query.scope)
        .collect();
    Ok(KpiDetail {
        computed: super::COMPUTED.iter().find(|c| c.kpi == kpi.key).map(|c| c.how.to_string()),
        definition: kpi.definition.clone(),
        bands: kpi.bands.clone(),
        row,
        history,
        chart_svg,
        measurements,
        bindings,
    })
}

/// The KPIs a scorecard shows: the chosen list, or those that apply at the scope's tiers plus
/// any with data or a binding for the scope.
fn scorecard_kpis(
    conn: &Connection,
    scope: &Scope,
    facts: &ScopeFacts,
    settings: &store::ScorecardSettings,
    only: Option<&[String]>,
) -> Result<Vec<Kpi>, ApiError> {
    let all = all_kpis(conn)?;
    if let Some(only) = only {
        return Ok(all.into_iter().filter(|k| only.contains(&k.key)).collect());
    }
    if let Some(chosen) = &settings.kpis {
        return Ok(chosen.iter().filter_map(|key| all.iter().find(|k| &k.key == key).cloned()).collect());
    }
    let measured = store::measured_kpis(conn, scope).map_err(db_error)?;
    let bound: Vec<String> = store::list_bindings(conn)
        .map_err(db_error)?
        .into_iter()
        .filter(|b| &b.scope == scope)
        .map(|b| b.kpi)
        .collect();
    Ok(all
        .into_iter()
        .filter(|k| {
            facts.tiers.is_empty()
                || k.tiers.iter().any(|t| facts.tiers.contains(t))
                || measured.contains(&k.key)
                || bound.contains(&k.key)
        })
        .collect())
}

fn band_years(kpis: &[Kpi]) -> Vec<u16> {
    let mut years: Vec<u16> = kpis.iter().flat_map(|k| k.bands.iter().filter_map(|b| b.year)).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// A scope's measurements over the periods a scorecard looks at, grouped by KPI.
struct Reader {
    zone: Tz,
    now: DateTime<Utc>,
    /// Oldest first, ending with the period asked for.
    span: Vec<Period>,
    /// Periods back to the same period a year before.
    year: usize,
    by_kpi: HashMap<String, Vec<Measurement>>,
    aggregates: HashMap<String, Aggregate>,
}

impl Reader {
    fn load(
        conn: &Connection,
        scope: &Scope,
        zone: Tz,
        period: Period,
        trend: usize,
        now: DateTime<Utc>,
    ) -> Result<Reader, ApiError> {
        let year = match period {
            Period::Quarter { .. } => 4,
            Period::Month { .. } => 12,
        };
        // One more than the trend, so its first point has a previous period, and a year more
        // for the baseline.
        let span = period.trailing(trend + year);
        let (from, _) = period_bounds(zone, span[0]);
        let (_, to) = period_bounds(zone, period);
        let mut by_kpi: HashMap<String, Vec<Measurement>> = HashMap::new();
        for m in store::scope_measurements(conn, scope, from.timestamp(), to.timestamp()).map_err(db_error)? {
            by_kpi.entry(m.kpi.clone()).or_default().push(m);
        }
        for list in by_kpi.values_mut() {
            list.sort_by_key(|m| m.at);
        }
        let aggregates = store::list_bindings(conn)
            .map_err(db_error)?
            .into_iter()
            .filter(|b| &b.scope == scope)
            .filter_map(|b| b.aggregate.map(|a| (b.kpi, a)))
            .collect();
        Ok(Reader { zone, now, span, year, by_kpi, aggregates })
    }

    fn row(
        &self,
        kpi: &Kpi,
        overridden: Option<&ThresholdOverride>,
        band_year: Option<u16>,
        trend: usize,
    ) -> ScorecardRow {
        let target: Option<KpiTarget> = match overridden {
            Some(o) => Some(KpiTarget {
                basis: kpi.target.as_ref().map(|t| t.basis).unwrap_or_default(),
                green: o.green,
                amber: o.amber,
                note: o.reason.clone(),
            }),
            None => kpi.target.clone(),
        };
        let aggregate = self.aggregates.get(&kpi.key).copied().unwrap_or(kpi.aggregate);
        let measurements: &[Measurement] = self.by_kpi.get(&kpi.key).map(Vec::as_slice).unwrap_or(&[]);
        let stale_days = stale_after_days(&kpi.frequency);
        let values: Vec<PeriodFacts> =
            self.span.iter().map(|p| self.period_facts(*p, measurements, aggregate, stale_days)).collect();
        let last = self.span.len() - 1;
        let judged = |i: usize| {
            let previous = i.checked_sub(1).and_then(|j| values[j].value);
            let baseline = i.checked_sub(self.year).and_then(|j| values[j].value);
            judge(target.as_ref(), values[i].value, values[i].stale, previous, baseline)
        };
        let trend_points: Vec<PeriodValue> = (self.span.len().saturating_sub(trend)..self.span.len())
            .map(|i| PeriodValue { period: self.span[i], value: values[i].value, state: judged(i).state })
            .collect();
        let now = &values[last];
        let previous = last.checked_sub(1).and_then(|j| values[j].value);
        let band = band_year.and_then(|year| {
            let value = now.value?;
            kpi.bands
                .iter()
                .filter(|b| b.year == Some(year))
                .find(|b| b.range.contains(value))
                .map(|b| BandPlacement { name: b.name.clone(), year, wording: b.wording.clone() })
        });
        let judgement = judged(last);
        ScorecardRow {
            judgement,
            kpi: kpi.key.clone(),
            name: kpi.name.clone(),
            unit: kpi.unit,
            unit_label: kpi.unit_label.clone(),
            direction: kpi.direction,
            aggregate,
            target,
            overridden: overridden.cloned(),
            value: now.value,
            points: now.points,
            previous,
            change: change(previous, now.value),
            latest_at: now.latest_at,
            sources: now.sources.clone(),
            sparkline_svg: archboard_charts::sparkline_svg(&trend_points),
            trend: trend_points,
            band,
        }
    }

    fn period_facts(
        &self,
        period: Period,
        all: &[Measurement],
        aggregate: Aggregate,
        stale_days: i64,
    ) -> PeriodFacts {
        let (start, end) = period_bounds(self.zone, period);
        let inside: Vec<&Measurement> = all.iter().filter(|m| m.at >= start && m.at < end).collect();
        let values: Vec<f64> = inside.iter().map(|m| m.value).collect();
        let latest_at = inside.last().map(|m| m.at);
        let mut sources: Vec<String> = inside.iter().map(|m| m.source.clone()).collect();
        sources.sort();
        sources.dedup();
        // Judged as of the period's end, or now while it runs.
        let as_of = end.min(self.now);
        let stale = latest_at.is_some_and(|at| (as_of - at).num_days() > stale_days);
        PeriodFacts {
            value: aggregate.apply(&values),
            points: values.len() as u32,
            latest_at,
            sources,
            stale,
        }
    }
}

struct PeriodFacts {
    value: Option<f64>,
    points: u32,
    latest_at: Option<DateTime<Utc>>,
    sources: Vec<String>,
    stale: bool,
}
