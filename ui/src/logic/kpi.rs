//! The Scorecards pages' pure logic: their URLs and what they keep in the query string (the
//! scope, the period, the band year), the periods the period select offers, how values and
//! changes read, and the manual entry and threshold override forms (typed text → the
//! contract's requests, checked with `check_value` first). Every rule about KPIs stays in
//! archboard-types and the engine; this only shapes what they say.

use crate::logic::query_string::{build, encode};
use archboard_types::ApiError;
use archboard_types::catalog::{KpiUnit, Range};
use archboard_types::job::JobSummary;
use archboard_types::kpi::{
    BandPlacement, ImportRowStatus, KpiRecordRequest, KpiState, Period, Scope, ScopeKind,
    ScorecardOverrideRequest, check_value,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

pub const SCORECARDS_PATH: &str = "/scorecards";
pub const IMPORT_PATH: &str = "/scorecards/import";
pub const SOURCES_PATH: &str = "/sources";

/// Where a scorecard is: its scope, its period and the DORA band year, as the query string
/// keeps them (`?team=Payments&period=2026-Q3&band=2024`, or `?system=fraud-scoring`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScorecardParams {
    pub scope: Option<Scope>,
    /// `None`: the current quarter.
    pub period: Option<Period>,
    pub band_year: Option<u16>,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl ScorecardParams {
    /// Reads the parameters through `get` (the router's query map).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = ScorecardParams::default();
        let team = get("team").map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let system = get("system").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        params.scope = match (team, system) {
            (Some(team), None) => Some(Scope::team(team)),
            (None, Some(system)) => Some(Scope::system(system)),
            (Some(team), Some(system)) => {
                params.problems.push(format!(
                    "a scorecard is for a team or a system, not both (team `{team}`, system `{system}`): showing the team"
                ));
                Some(Scope::team(team))
            }
            (None, None) => None,
        };
        if let Some(text) = get("period").filter(|p| !p.trim().is_empty()) {
            match text.parse::<Period>() {
                Ok(period) => params.period = Some(period),
                Err(message) => params.problems.push(message),
            }
        }
        if let Some(text) = get("band").filter(|b| !b.trim().is_empty()) {
            match text.trim().parse::<u16>() {
                Ok(year) => params.band_year = Some(year),
                Err(_) => params.problems.push(format!("`{text}` is not a year for the performance bands")),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        let mut pairs = scope_pairs(self.scope.as_ref());
        pairs.push(("period", self.period.map(|p| p.to_string()).unwrap_or_default()));
        pairs.push(("band", self.band_year.map(|y| y.to_string()).unwrap_or_default()));
        build(&pairs)
    }

    /// The period shown: the one in the URL, else the quarter holding `today`.
    pub fn period_or(&self, today: NaiveDate) -> Period {
        self.period.unwrap_or_else(|| Period::quarter_of(today))
    }
}

/// `team=…` or `system=…`.
fn scope_pairs(scope: Option<&Scope>) -> Vec<(&'static str, String)> {
    match scope {
        Some(Scope { kind: ScopeKind::Team, key }) => vec![("team", key.clone())],
        Some(Scope { kind: ScopeKind::System, key }) => vec![("system", key.clone())],
        None => vec![],
    }
}

/// A scorecard's address.
pub fn scorecard_path(scope: &Scope, period: Period) -> String {
    format!(
        "{SCORECARDS_PATH}{}",
        ScorecardParams { scope: Some(scope.clone()), period: Some(period), ..Default::default() }.to_query()
    )
}

/// One KPI of a scorecard: `/scorecards/kpi/kpi.lead-time?team=Payments&period=2026-Q3`.
pub fn kpi_path(kpi: &str, scope: &Scope, period: Period) -> String {
    let mut pairs = scope_pairs(Some(scope));
    pairs.push(("period", period.to_string()));
    format!("{SCORECARDS_PATH}/kpi/{}{}", encode(kpi), build(&pairs))
}

/// A data source's page.
pub fn source_path(name: &str) -> String {
    format!("{SOURCES_PATH}/{}", encode(name))
}

/// A data source's page following sync job `job`.
pub fn source_job_path(name: &str, job: &str) -> String {
    format!("{}{}", source_path(name), build(&[("job", job.to_owned())]))
}

/// Where the status bar's link to a metrics sync leads: the source it syncs (when the job
/// names one) or the sources list, following the job either way.
pub fn sync_job_href(job: &JobSummary) -> String {
    match job.subject.as_deref().filter(|s| !s.is_empty()) {
        Some(source) => source_job_path(source, &job.id),
        None => format!("{SOURCES_PATH}{}", build(&[("job", job.id.clone())])),
    }
}

/// The periods the period select offers: the last `quarters` quarters and `months` months up
/// to the one holding `today`, newest first, plus `chosen` when it is outside them.
pub fn period_choices(
    today: NaiveDate,
    chosen: Period,
    quarters: usize,
    months: usize,
) -> (Vec<Period>, Vec<Period>) {
    let this_quarter = Period::quarter_of(today);
    let this_month = Period::Month { year: 2000, month: 1 }.containing(today);
    let mut quarter_list: Vec<Period> = this_quarter.trailing(quarters).into_iter().rev().collect();
    let mut month_list: Vec<Period> = this_month.trailing(months).into_iter().rev().collect();
    let list = match chosen {
        Period::Quarter { .. } => &mut quarter_list,
        Period::Month { .. } => &mut month_list,
    };
    if !list.contains(&chosen) {
        list.push(chosen);
        list.sort_by(|a, b| b.cmp(a));
    }
    (quarter_list, month_list)
}

/// How a period is offered: "2026-Q3", "2026-09 (September)".
pub fn period_label(period: Period) -> String {
    match period {
        Period::Quarter { .. } => period.to_string(),
        Period::Month { .. } => format!("{period} ({})", period.first_day().format("%B")),
    }
}

pub use archboard_types::kpi::{
    format_change_absolute, format_change_percent, format_number, format_range, format_value,
};

/// A band placement as it reads: its name, with the report year unless the name says it
/// ("Elite (2024)", "High (2023)").
pub fn band_label(band: &BandPlacement) -> String {
    let year = band.year.to_string();
    if band.name.contains(&year) { band.name.clone() } else { format!("{} ({year})", band.name) }
}

/// The CSS class of a state's badge (`rag green`, `rag no-data`).
pub fn state_class(state: KpiState) -> String {
    format!("rag {}", state.as_str())
}

/// The CSS class of an import row's status.
pub fn import_row_class(status: ImportRowStatus) -> String {
    format!("outcome-{}", status.as_str())
}

/// Parses a number field: empty is `None`; anything else must be a number (the error names
/// the field).
pub fn parse_number(field: &str, text: &str) -> Result<Option<f64>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| ApiError::validation(field, format!("`{text}` is not a number.")))
}

/// Parses a whole-number field (seconds, minutes): empty is `None`.
pub fn parse_count(field: &str, text: &str) -> Result<Option<u32>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| ApiError::validation(field, format!("`{text}` is not a whole number.")))
}

/// What a `datetime-local` input holds (`2026-07-14T09:30`, seconds optional); empty is `None`.
pub fn parse_local_datetime(text: &str) -> Result<Option<NaiveDateTime>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(Some)
        .ok_or_else(|| format!("`{text}` is not a time like 2026-07-14 09:30."))
}

/// A local time as an instant, given the browser's offset for that time in minutes
/// (JavaScript's `getTimezoneOffset`: UTC minus local, so +120 west of Greenwich by two hours).
pub fn local_to_utc(local: NaiveDateTime, offset_minutes: i32) -> DateTime<Utc> {
    (local + chrono::Duration::minutes(offset_minutes.into())).and_utc()
}

/// What a `datetime-local` input shows for an instant, given the offset for it.
pub fn utc_to_local_input(at: DateTime<Utc>, offset_minutes: i32) -> String {
    (at.naive_utc() - chrono::Duration::minutes(offset_minutes.into())).format("%Y-%m-%dT%H:%M").to_string()
}

/// The manual entry form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManualEntry {
    pub value: String,
    /// As the `datetime-local` input holds it.
    pub at: String,
    pub note: String,
}

impl ManualEntry {
    /// The value checked as the engine will check it (`check_value`), so the error shows
    /// beside the field before anything is sent.
    pub fn checked_value(&self, kpi: &str, unit: KpiUnit) -> Result<f64, ApiError> {
        let value = parse_number("value", &self.value)?
            .ok_or_else(|| ApiError::validation("value", "Give the value measured."))?;
        check_value(kpi, unit, value).map_err(|message| ApiError::validation("value", message))?;
        Ok(value)
    }

    /// The `kpi_record` request; `offset` gives the browser's UTC offset for a local time (see
    /// `local_to_utc`). An empty time is now.
    pub fn to_request(
        &self,
        kpi: &str,
        unit: KpiUnit,
        scope: &Scope,
        offset: impl Fn(NaiveDateTime) -> i32,
    ) -> Result<KpiRecordRequest, ApiError> {
        let value = self.checked_value(kpi, unit)?;
        let at = parse_local_datetime(&self.at)
            .map_err(|message| ApiError::validation("at", message))?
            .map(|local| local_to_utc(local, offset(local)));
        Ok(KpiRecordRequest {
            kpi: kpi.to_owned(),
            scope: scope.clone(),
            value,
            at,
            note: self.note.trim().to_owned(),
        })
    }
}

/// The threshold override form as typed: four bounds and the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideForm {
    pub green_min: String,
    pub green_max: String,
    pub amber_min: String,
    pub amber_max: String,
    pub reason: String,
}

impl OverrideForm {
    /// The form filled with ranges in force.
    pub fn from_ranges(green: &Range, amber: &Range) -> Self {
        let text = |v: Option<f64>| v.map(format_number_exact).unwrap_or_default();
        OverrideForm {
            green_min: text(green.min),
            green_max: text(green.max),
            amber_min: text(amber.min),
            amber_max: text(amber.max),
            reason: String::new(),
        }
    }

    /// The `scorecard_override` request: both ranges as typed, or — every bound empty — back to
    /// the catalog's thresholds. Whether the ranges make sense is the engine's to say.
    pub fn to_request(&self, scope: &Scope, kpi: &str) -> Result<ScorecardOverrideRequest, ApiError> {
        let green = Range {
            min: parse_number("green", &self.green_min)?,
            max: parse_number("green", &self.green_max)?,
        };
        let amber = Range {
            min: parse_number("amber", &self.amber_min)?,
            max: parse_number("amber", &self.amber_max)?,
        };
        let empty = |r: &Range| r.min.is_none() && r.max.is_none();
        let (green, amber) =
            if empty(&green) && empty(&amber) { (None, None) } else { (Some(green), Some(amber)) };
        Ok(ScorecardOverrideRequest {
            scope: scope.clone(),
            kpi: kpi.to_owned(),
            green,
            amber,
            reason: self.reason.trim().to_owned(),
        })
    }

    /// The request that goes back to the catalog's thresholds, with the reason typed.
    pub fn back_to_catalog(&self, scope: &Scope, kpi: &str) -> ScorecardOverrideRequest {
        ScorecardOverrideRequest {
            scope: scope.clone(),
            kpi: kpi.to_owned(),
            green: None,
            amber: None,
            reason: self.reason.trim().to_owned(),
        }
    }
}

/// A number as a form field holds it: every digit kept (no rounding), so saving unchanged
/// bounds changes nothing.
fn format_number_exact(value: f64) -> String {
    if value == value.trunc() && value.abs() < 1e15 { format!("{value:.0}") } else { value.to_string() }
}

/// "3 of 5 bindings · 120 points written".
pub fn sync_progress_line(done: u32, total: u32, points: u64) -> String {
    let bindings = if total == 1 { "binding" } else { "bindings" };
    let points_word = if points == 1 { "point" } else { "points" };
    format!("{done} of {total} {bindings} · {points} {points_word} written")
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::kpi::Change;
    use std::collections::HashMap;

    fn params(pairs: &[(&str, &str)]) -> ScorecardParams {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ScorecardParams::parse(|key| map.get(key).cloned())
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_scope_and_period_come_from_the_query() {
        let p = params(&[("team", "Payments"), ("period", "2026-Q3")]);
        assert_eq!(p.scope, Some(Scope::team("Payments")));
        assert_eq!(p.period, Some(Period::Quarter { year: 2026, quarter: 3 }));
        assert!(p.problems.is_empty());
        let p = params(&[("system", "fraud-scoring"), ("period", "2026-09"), ("band", "2024")]);
        assert_eq!(p.scope, Some(Scope::system("fraud-scoring")));
        assert_eq!(p.period, Some(Period::Month { year: 2026, month: 9 }));
        assert_eq!(p.band_year, Some(2024));
        assert_eq!(params(&[]).scope, None);
        assert_eq!(params(&[("team", "  ")]).scope, None);
    }

    #[test]
    fn nonsense_in_the_query_is_said() {
        let p = params(&[("team", "A"), ("system", "b"), ("period", "2026-Q5"), ("band", "soon")]);
        assert_eq!(p.scope, Some(Scope::team("A")));
        assert_eq!(p.period, None);
        assert_eq!(p.problems.len(), 3, "{:?}", p.problems);
        assert!(p.problems[1].contains("Q1 to Q4"));
    }

    #[test]
    fn the_query_round_trips() {
        let p = ScorecardParams {
            scope: Some(Scope::team("Platform ML")),
            period: Some(Period::Quarter { year: 2026, quarter: 3 }),
            band_year: Some(2024),
            problems: vec![],
        };
        assert_eq!(p.to_query(), "?team=Platform%20ML&period=2026-Q3&band=2024");
        assert_eq!(params(&[("team", "Platform ML"), ("period", "2026-Q3"), ("band", "2024")]), p);
        assert_eq!(ScorecardParams::default().to_query(), "");
    }

    #[test]
    fn the_default_period_is_the_current_quarter() {
        assert_eq!(params(&[]).period_or(day("2026-08-14")), Period::Quarter { year: 2026, quarter: 3 });
        assert_eq!(
            params(&[("period", "2025-01")]).period_or(day("2026-08-14")),
            Period::Month { year: 2025, month: 1 }
        );
    }

    #[test]
    fn paths_carry_scope_and_period() {
        let q3 = Period::Quarter { year: 2026, quarter: 3 };
        assert_eq!(
            scorecard_path(&Scope::system("fraud-scoring"), q3),
            "/scorecards?system=fraud-scoring&period=2026-Q3"
        );
        assert_eq!(
            kpi_path("kpi.lead-time", &Scope::team("Payments"), q3),
            "/scorecards/kpi/kpi.lead-time?team=Payments&period=2026-Q3"
        );
        assert_eq!(source_path("prom main"), "/sources/prom%20main");
        assert_eq!(source_job_path("prom", "sync-1"), "/sources/prom?job=sync-1");
    }

    #[test]
    fn sync_jobs_link_to_their_source_or_the_list() {
        let mut job = JobSummary {
            id: "sync-7".into(),
            kind: archboard_types::job::JobKind::MetricsSync,
            title: "Sync prom".into(),
            state: archboard_types::job::JobState::Running,
            started_at: DateTime::from_timestamp(0, 0).unwrap(),
            finished_at: None,
            fraction: None,
            stage: String::new(),
            message: None,
            subject: None,
            board: String::new(),
        };
        assert_eq!(sync_job_href(&job), "/sources?job=sync-7");
        job.subject = Some("prom".into());
        assert_eq!(sync_job_href(&job), "/sources/prom?job=sync-7");
    }

    #[test]
    fn period_choices_end_with_today_and_keep_the_chosen_one() {
        let today = day("2026-08-14");
        let q3 = Period::Quarter { year: 2026, quarter: 3 };
        let (quarters, months) = period_choices(today, q3, 4, 3);
        assert_eq!(
            quarters.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4"]
        );
        assert_eq!(
            months.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["2026-08", "2026-07", "2026-06"]
        );
        let old = Period::Quarter { year: 2020, quarter: 1 };
        let (quarters, _) = period_choices(today, old, 2, 1);
        assert_eq!(quarters.last(), Some(&old));
        let month = Period::Month { year: 2027, month: 1 };
        let (_, months) = period_choices(today, month, 1, 2);
        assert_eq!(months.first(), Some(&month));
        assert_eq!(period_label(Period::Month { year: 2026, month: 9 }), "2026-09 (September)");
    }

    #[test]
    fn values_read_with_their_units() {
        assert_eq!(format_value(Some(12.5), "hours"), "12.5 hours");
        assert_eq!(format_value(Some(99.94), "%"), "99.94%");
        assert_eq!(format_value(Some(3.0), "deploys per day"), "3 deploys per day");
        assert_eq!(format_value(Some(1.23456), ""), "1.23");
        assert_eq!(format_value(None, "hours"), "—");
        assert_eq!(format_number(0.001234), "0.00123");
        assert_eq!(format_number(-0.0001), "-0.0001");
        assert_eq!(format_number(2.50), "2.5");
        assert_eq!(format_number(-4.0), "-4");
    }

    #[test]
    fn changes_read_signed() {
        let up = Change { absolute: 1.5, percent: Some(12.345) };
        assert_eq!(format_change_absolute(Some(&up)), "+1.5");
        assert_eq!(format_change_percent(Some(&up)), "+12.3%");
        let down = Change { absolute: -3.0, percent: None };
        assert_eq!(format_change_absolute(Some(&down)), "-3");
        assert_eq!(format_change_percent(Some(&down)), "—");
        let flat = Change { absolute: 0.0, percent: Some(0.0) };
        assert_eq!(format_change_absolute(Some(&flat)), "0");
        assert_eq!(format_change_percent(Some(&flat)), "0.0%");
        assert_eq!(format_change_absolute(None), "—");
    }

    #[test]
    fn ranges_read_as_bounds() {
        assert_eq!(format_range(&Range { min: Some(90.0), max: None }), "≥ 90");
        assert_eq!(format_range(&Range { min: None, max: Some(4.5) }), "≤ 4.5");
        assert_eq!(format_range(&Range { min: Some(1.0), max: Some(3.0) }), "1 – 3");
        assert_eq!(format_range(&Range::default()), "any");
        assert_eq!(state_class(KpiState::NoData), "rag no-data");
        let band = |name: &str| BandPlacement { name: name.into(), year: 2024, wording: String::new() };
        assert_eq!(band_label(&band("Elite (2024)")), "Elite (2024)");
        assert_eq!(band_label(&band("Elite")), "Elite (2024)");
        assert_eq!(import_row_class(ImportRowStatus::Bad), "outcome-bad");
    }

    #[test]
    fn a_manual_value_is_checked_before_sending() {
        let scope = Scope::team("Payments");
        let entry = ManualEntry { value: "120".into(), at: String::new(), note: " ok ".into() };
        let error = entry.to_request("kpi.availability", KpiUnit::Percent, &scope, |_| 0).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("value"));
        assert!(error.message.contains("between 0 and 100"), "{}", error.message);
        let entry = ManualEntry { value: "abc".into(), ..Default::default() };
        assert_eq!(entry.checked_value("k", KpiUnit::Score).unwrap_err().field.as_deref(), Some("value"));
        let entry = ManualEntry { value: "".into(), ..Default::default() };
        assert!(entry.checked_value("k", KpiUnit::Score).is_err());
        let entry = ManualEntry { value: "99,5".into(), at: String::new(), note: " ok ".into() };
        let request = entry.to_request("kpi.availability", KpiUnit::Percent, &scope, |_| 0).unwrap();
        assert_eq!(request.value, 99.5);
        assert_eq!(request.at, None);
        assert_eq!(request.note, "ok");
    }

    #[test]
    fn a_local_time_becomes_an_instant() {
        let entry = ManualEntry { value: "3".into(), at: "2026-07-14T09:30".into(), note: String::new() };
        // Two hours east of Greenwich: JavaScript says -120.
        let request = entry.to_request("k", KpiUnit::Count, &Scope::team("A"), |_| -120).unwrap();
        assert_eq!(request.at.unwrap().to_rfc3339(), "2026-07-14T07:30:00+00:00");
        let bad = ManualEntry { value: "3".into(), at: "tomorrow".into(), note: String::new() };
        assert_eq!(
            bad.to_request("k", KpiUnit::Count, &Scope::team("A"), |_| 0).unwrap_err().field.as_deref(),
            Some("at")
        );
        let at = "2026-07-14T07:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(utc_to_local_input(at, -120), "2026-07-14T09:30");
        assert!(parse_local_datetime("14/07/2026").is_err());
        assert!(parse_local_datetime("2026-07-14T09:30:15").unwrap().is_some());
    }

    #[test]
    fn an_override_sends_both_ranges_or_neither() {
        let scope = Scope::team("A");
        let form = OverrideForm {
            green_min: "".into(),
            green_max: "24".into(),
            amber_min: "".into(),
            amber_max: "72".into(),
            reason: " legacy system ".into(),
        };
        let request = form.to_request(&scope, "kpi.lead-time").unwrap();
        assert_eq!(request.green, Some(Range { min: None, max: Some(24.0) }));
        assert_eq!(request.amber, Some(Range { min: None, max: Some(72.0) }));
        assert_eq!(request.reason, "legacy system");
        let empty = OverrideForm { reason: "back".into(), ..Default::default() };
        let request = empty.to_request(&scope, "kpi.lead-time").unwrap();
        assert_eq!((request.green, request.amber), (None, None));
        let bad = OverrideForm { amber_max: "lots".into(), ..Default::default() };
        assert_eq!(bad.to_request(&scope, "k").unwrap_err().field.as_deref(), Some("amber"));
        let back = form.back_to_catalog(&scope, "k");
        assert_eq!((back.green, back.amber, back.reason.as_str()), (None, None, "legacy system"));
        let filled = OverrideForm::from_ranges(
            &Range { min: Some(0.1), max: None },
            &Range { min: None, max: Some(3.0) },
        );
        assert_eq!(
            (filled.green_min.as_str(), filled.amber_max.as_str(), filled.green_max.as_str()),
            ("0.1", "3", "")
        );
    }

    #[test]
    fn numbers_parse_or_name_their_field() {
        assert_eq!(parse_number("x", " "), Ok(None));
        assert_eq!(parse_number("x", "1.5"), Ok(Some(1.5)));
        assert_eq!(parse_number("x", "NaN").unwrap_err().field.as_deref(), Some("x"));
        assert_eq!(parse_count("step_s", "3600"), Ok(Some(3600)));
        assert_eq!(parse_count("step_s", "-1").unwrap_err().field.as_deref(), Some("step_s"));
        assert_eq!(sync_progress_line(1, 1, 1), "1 of 1 binding · 1 point written");
        assert_eq!(sync_progress_line(2, 5, 120), "2 of 5 bindings · 120 points written");
    }
}
