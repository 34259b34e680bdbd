//! KPI scorecards fed by live metrics, as the contract shows them: measurements per KPI and
//! scope, periods, scorecards with their RAG states, threshold overrides, data sources
//! (Prometheus, JSON endpoints), bindings of a KPI to a query, syncs, CSV imports, and the pure
//! rules every front shares (`check_value`, `judge`, `change`, periods).

use crate::catalog::{Aggregate, KpiDirection, KpiTarget, KpiUnit, Rag, Range, TargetBasis};
use crate::files::FileContents;
use crate::job::JobSummary;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Scopes and periods

wire_enum! {
    /// What a measurement or scorecard is about.
    ScopeKind {
        Team => "team", "Team";
        System => "system", "System";
    }
}

/// A team (by name) or a system (by key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub kind: ScopeKind,
    pub key: String,
}

impl Scope {
    pub fn team(name: impl Into<String>) -> Scope {
        Scope { kind: ScopeKind::Team, key: name.into() }
    }

    pub fn system(key: impl Into<String>) -> Scope {
        Scope { kind: ScopeKind::System, key: key.into() }
    }

    /// "team Payments", "system fraud-scoring".
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.key)
    }
}

/// A reporting period: a quarter (`2026-Q3`) or a month (`2026-09`). Its days are
/// board-local: the engine turns them into instants with the board's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    Quarter { year: i32, quarter: u32 },
    Month { year: i32, month: u32 },
}

impl Period {
    /// The period holding `day`, of the same kind as `self`.
    pub fn containing(self, day: NaiveDate) -> Period {
        match self {
            Period::Quarter { .. } => {
                Period::Quarter { year: day.year(), quarter: (day.month() - 1) / 3 + 1 }
            }
            Period::Month { .. } => Period::Month { year: day.year(), month: day.month() },
        }
    }

    pub fn quarter_of(day: NaiveDate) -> Period {
        Period::Quarter { year: 0, quarter: 1 }.containing(day)
    }

    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            Period::Month { year, month } => (year, month),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first day after the period (its end, exclusive).
    pub fn end_day(self) -> NaiveDate {
        self.next().first_day()
    }

    pub fn next(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 4 } => Period::Quarter { year: year + 1, quarter: 1 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter + 1 },
            Period::Month { year, month: 12 } => Period::Month { year: year + 1, month: 1 },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
        }
    }

    pub fn previous(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 1 } => Period::Quarter { year: year - 1, quarter: 4 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter - 1 },
            Period::Month { year, month: 1 } => Period::Month { year: year - 1, month: 12 },
            Period::Month { year, month } => Period::Month { year, month: month - 1 },
        }
    }

    /// `count` periods ending with this one, oldest first.
    pub fn trailing(self, count: usize) -> Vec<Period> {
        let mut periods = vec![self];
        while periods.len() < count {
            let oldest = periods[0].previous();
            periods.insert(0, oldest);
        }
        periods
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        day >= self.first_day() && day < self.end_day()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a period: write a quarter as 2026-Q3 or a month as 2026-09");
        let (year, rest) = text.split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(1970..=9999).contains(&year) {
            return Err(bad());
        }
        if let Some(quarter) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let quarter: u32 = quarter.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) {
                return Err(format!("`{text}`: a quarter is Q1 to Q4"));
            }
            return Ok(Period::Quarter { year, quarter });
        }
        let month: u32 = rest.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || rest.len() != 2 {
            return Err(bad());
        }
        Ok(Period::Month { year, month })
    }
}

impl TryFrom<String> for Period {
    type Error = String;
    fn try_from(text: String) -> Result<Period, String> {
        text.parse()
    }
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers as people read them (the UI, the CLI and reports print them the same way)

/// A number as people read it: whole numbers without decimals, others to two places (three
/// significant digits below one), trailing zeros dropped.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{value:.0}");
    }
    let places =
        if value.abs() < 1.0 { (2 - value.abs().log10().floor() as i32).clamp(2, 8) as usize } else { 2 };
    let text = format!("{value:.places$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// A value with its unit label ("12.5 hours", "99.9%"); "—" when there is none.
pub fn format_value(value: Option<f64>, unit_label: &str) -> String {
    let Some(value) = value else { return "—".to_owned() };
    let number = format_number(value);
    match unit_label.trim() {
        "" => number,
        "%" => format!("{number}%"),
        label => format!("{number} {label}"),
    }
}

fn signed(value: f64) -> String {
    let text = format_number(value);
    if value > 0.0 && text != "0" { format!("+{text}") } else { text }
}

/// The absolute change, signed ("+1.5", "-3"); "—" when there is none.
pub fn format_change_absolute(change: Option<&Change>) -> String {
    change.map(|c| signed(c.absolute)).unwrap_or_else(|| "—".to_owned())
}

/// The change in percent of the previous value, signed, to one place ("+12.5%"); "—" when
/// there is none (no previous value, or it was zero).
pub fn format_change_percent(change: Option<&Change>) -> String {
    match change.and_then(|c| c.percent) {
        Some(percent) => {
            let text = format!("{percent:.1}");
            let text = if text == "-0.0" { "0.0".to_owned() } else { text };
            if percent > 0.0 && text != "0.0" { format!("+{text}%") } else { format!("{text}%") }
        }
        None => "—".to_owned(),
    }
}

/// A range as thresholds read ("≥ 90", "≤ 4", "1 – 3", "any").
pub fn format_range(range: &crate::catalog::Range) -> String {
    match (range.min, range.max) {
        (Some(min), Some(max)) => format!("{} – {}", format_number(min), format_number(max)),
        (Some(min), None) => format!("≥ {}", format_number(min)),
        (None, Some(max)) => format!("≤ {}", format_number(max)),
        (None, None) => "any".to_owned(),
    }
}

/// A target's thresholds in words: "green ≥ 90, amber ≥ 80", with the basis when it is a
/// change ("green ≥ 10 (change from the previous period, %)").
pub fn format_target(target: &crate::catalog::KpiTarget) -> String {
    let basis = match target.basis {
        crate::catalog::TargetBasis::Value => "",
        crate::catalog::TargetBasis::ChangeFromPreviousPct => " (change from the previous period, %)",
        crate::catalog::TargetBasis::ChangeFromBaselinePct => " (change from the baseline, %)",
    };
    format!("green {}, amber {}{basis}", format_range(&target.green), format_range(&target.amber))
}

// ---------------------------------------------------------------------------------------------
// Measurements

/// Where a measurement came from: these three words, or the name of a data source.
pub const SOURCE_MANUAL: &str = "manual";
pub const SOURCE_CSV: &str = "csv";
pub const SOURCE_COMPUTED: &str = "computed";
pub const RESERVED_SOURCE_NAMES: [&str; 3] = [SOURCE_MANUAL, SOURCE_CSV, SOURCE_COMPUTED];

/// Whether `value` can be a measurement in `unit`; the error names the KPI and the value.
pub fn check_value(kpi: &str, unit: KpiUnit, value: f64) -> Result<(), String> {
    if !value.is_finite() {
        return Err(format!("{kpi}: {value} is not a number a KPI can hold"));
    }
    let (ok, rule) = match unit {
        KpiUnit::Percent => ((0.0..=100.0).contains(&value), "a percentage between 0 and 100"),
        KpiUnit::Duration => (value >= 0.0, "a duration, so not negative"),
        KpiUnit::Count => (value >= 0.0, "a count, so not negative"),
        KpiUnit::Currency => (value >= 0.0, "a cost, so not negative"),
        KpiUnit::Ratio => (value >= 0.0, "a ratio, so not negative"),
        KpiUnit::Score => (true, "a score"),
    };
    if ok { Ok(()) } else { Err(format!("{kpi}: {value} is not {rule}")) }
}

/// One value of a KPI for a scope at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub kpi: String,
    pub scope: Scope,
    pub at: DateTime<Utc>,
    pub value: f64,
    /// `manual`, `csv`, `computed`, or a data source's name.
    pub source: String,
    #[serde(default)]
    pub note: String,
    /// The person (or the sync) that wrote it.
    #[serde(default)]
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// `kpi_record`: a value typed in by a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiRecordRequest {
    pub kpi: String,
    pub scope: Scope,
    pub value: f64,
    /// Now when missing.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
}

/// `kpi_series`: a KPI's measurements for a scope, optionally between two board-local days
/// (both included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiSeriesQuery {
    pub kpi: String,
    pub scope: Scope,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiSeries {
    pub kpi: String,
    pub name: String,
    pub unit_label: String,
    pub scope: Scope,
    /// Oldest first.
    pub measurements: Vec<Measurement>,
}

// ---------------------------------------------------------------------------------------------
// CSV import

/// `kpi_import`: a CSV file with the columns `kpi`, `team` or `system`, `time`, `value` and
/// optionally `note`. A dry run only previews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiImportRequest {
    pub file: FileContents,
    #[serde(default)]
    pub dry_run: bool,
}

wire_enum! {
    /// What importing a row does.
    ImportRowStatus {
        New => "new", "New";
        Updated => "updated", "Updated";
        Unchanged => "unchanged", "Unchanged";
        Bad => "bad", "Bad";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiImportRow {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub status: ImportRowStatus,
    #[serde(default)]
    pub kpi: Option<String>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub value: Option<f64>,
    /// For a bad row, what is wrong; for an update, the value it replaces.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiImportReport {
    pub rows: Vec<KpiImportRow>,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub bad: u32,
    /// Whether the good rows were written (false for a dry run).
    pub applied: bool,
}

// ---------------------------------------------------------------------------------------------
// Judging a period's value

wire_enum! {
    /// A scorecard cell's state. Grey states never count as green.
    KpiState {
        Green => "green", "Green";
        Amber => "amber", "Amber";
        Red => "red", "Red";
        NoData => "no-data", "No data";
        Stale => "stale", "Stale";
        NoBaseline => "no-baseline", "No baseline";
    }
}

impl KpiState {
    pub fn from_rag(rag: Rag) -> KpiState {
        match rag {
            Rag::Green => KpiState::Green,
            Rag::Amber => KpiState::Amber,
            Rag::Red => KpiState::Red,
        }
    }

    /// A one-letter mark so no meaning rests on colour alone (G, A, R, –, S, B).
    pub fn mark(self) -> &'static str {
        match self {
            KpiState::Green => "G",
            KpiState::Amber => "A",
            KpiState::Red => "R",
            KpiState::NoData => "–",
            KpiState::Stale => "S",
            KpiState::NoBaseline => "B",
        }
    }

    pub fn is_grey(self) -> bool {
        matches!(self, KpiState::NoData | KpiState::Stale | KpiState::NoBaseline)
    }
}

/// The change from the previous period's value: absolute and, where the previous value is not
/// zero, in percent of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub absolute: f64,
    #[serde(default)]
    pub percent: Option<f64>,
}

pub fn change(previous: Option<f64>, value: Option<f64>) -> Option<Change> {
    let (previous, value) = (previous?, value?);
    let percent = (previous != 0.0).then(|| (value - previous) / previous.abs() * 100.0);
    Some(Change { absolute: value - previous, percent })
}

/// What a period's value is judged on and the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    pub state: KpiState,
    /// The number compared with the thresholds (the value, or its change in percent).
    #[serde(default)]
    pub compared: Option<f64>,
}

/// Judges a period: no value is "no data", a value whose newest measurement is too old is
/// "stale", a change-based target needs the previous period (or the baseline).
pub fn judge(
    target: Option<&KpiTarget>,
    value: Option<f64>,
    stale: bool,
    previous: Option<f64>,
    baseline: Option<f64>,
) -> Judgement {
    let grey = |state| Judgement { state, compared: None };
    let Some(value) = value else { return grey(KpiState::NoData) };
    if stale {
        return grey(KpiState::Stale);
    }
    let Some(target) = target else { return grey(KpiState::NoBaseline) };
    let compared = match target.basis {
        TargetBasis::Value => Some(value),
        TargetBasis::ChangeFromPreviousPct => change(previous, Some(value)).and_then(|c| c.percent),
        TargetBasis::ChangeFromBaselinePct => change(baseline, Some(value)).and_then(|c| c.percent),
    };
    match compared {
        Some(compared) => {
            Judgement { state: KpiState::from_rag(target.rag(compared)), compared: Some(compared) }
        }
        None => grey(KpiState::NoBaseline),
    }
}

/// How many days without a new measurement make a KPI measured this often stale.
pub fn stale_after_days(frequencies: &[crate::catalog::Frequency]) -> i64 {
    use crate::catalog::Frequency::*;
    frequencies
        .iter()
        .map(|frequency| match frequency {
            Daily => 3,
            Weekly => 14,
            Sprint => 28,
            Monthly => 45,
            Quarterly => 100,
            Semiannual => 190,
            PerRun | PerExperiment | PerIncident => 100,
        })
        .max()
        .unwrap_or(45)
}

// ---------------------------------------------------------------------------------------------
// Scorecards

/// A per-scorecard threshold override, with why and who.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdOverride {
    pub green: Range,
    pub amber: Range,
    pub reason: String,
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// One period of a KPI: its value and state (the sparkline and trend chart points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodValue {
    pub period: Period,
    #[serde(default)]
    pub value: Option<f64>,
    pub state: KpiState,
}

/// A published performance band the value falls in (DORA), shown beside the RAG, never as it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandPlacement {
    pub name: String,
    pub year: u16,
    pub wording: String,
}

/// One KPI on a scorecard for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardRow {
    pub kpi: String,
    pub name: String,
    pub unit: KpiUnit,
    pub unit_label: String,
    pub direction: KpiDirection,
    pub aggregate: Aggregate,
    /// The thresholds in force: the catalog's, or this scorecard's override.
    #[serde(default)]
    pub target: Option<KpiTarget>,
    #[serde(default)]
    pub overridden: Option<ThresholdOverride>,
    #[serde(default)]
    pub value: Option<f64>,
    /// Measurements behind the value.
    pub points: u32,
    pub judgement: Judgement,
    #[serde(default)]
    pub previous: Option<f64>,
    #[serde(default)]
    pub change: Option<Change>,
    #[serde(default)]
    pub latest_at: Option<DateTime<Utc>>,
    /// Sources the period's measurements came from.
    pub sources: Vec<String>,
    /// The last periods, oldest first, ending with this one.
    pub trend: Vec<PeriodValue>,
    pub sparkline_svg: String,
    #[serde(default)]
    pub band: Option<BandPlacement>,
}

/// `scorecard_show`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardQuery {
    pub scope: Scope,
    pub period: Period,
    /// The DORA report year whose bands to show (the newest when missing).
    #[serde(default)]
    pub band_year: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub scope: Scope,
    pub period: Period,
    pub previous_period: Period,
    /// Whether the KPI list was chosen for this scorecard (else the defaults for the scope).
    pub chosen: bool,
    pub rows: Vec<ScorecardRow>,
    pub green: u32,
    pub amber: u32,
    pub red: u32,
    pub grey: u32,
    /// KPIs × the last periods, RAG colours with letters.
    pub heatmap_svg: String,
    pub band_years: Vec<u16>,
    pub band_year: Option<u16>,
}

/// `scorecard_kpis_set`: the KPIs a scorecard shows; empty means the defaults again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardKpisSet {
    pub scope: Scope,
    pub kpis: Vec<String>,
}

/// `scorecard_override`: thresholds for one KPI on one scorecard, or `None` to go back to the
/// catalog's. A reason is required either way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardOverrideRequest {
    pub scope: Scope,
    pub kpi: String,
    #[serde(default)]
    pub green: Option<Range>,
    #[serde(default)]
    pub amber: Option<Range>,
    pub reason: String,
}

/// `kpi_detail`: one KPI of a scorecard with its history, chart and measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiDetailQuery {
    pub kpi: String,
    pub scope: Scope,
    pub period: Period,
    /// How many periods the chart shows (8 when missing).
    #[serde(default)]
    pub periods: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiDetail {
    pub row: ScorecardRow,
    pub definition: String,
    /// How a computed KPI is computed, when it is one.
    #[serde(default)]
    pub computed: Option<String>,
    pub history: Vec<PeriodValue>,
    pub chart_svg: String,
    /// The period's measurements, newest first.
    pub measurements: Vec<Measurement>,
    pub bindings: Vec<Binding>,
    pub bands: Vec<crate::catalog::PerformanceBand>,
}

// ---------------------------------------------------------------------------------------------
// KPIs computed from the board

/// A KPI Archboard computes from its own records, as a source like any other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComputedKpi {
    pub kpi: String,
    pub name: String,
    /// How it is computed, in words.
    pub how: String,
    /// The scopes it is computed for.
    pub scopes: Vec<ScopeKind>,
}

// ---------------------------------------------------------------------------------------------
// Data sources and bindings

wire_enum! {
    SourceKind {
        Prometheus => "prometheus", "Prometheus";
        Json => "json", "JSON endpoint";
    }
}

/// How a source authenticates. Secrets are `env:NAME` / `file:NAME` references, read when a
/// sync runs and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SourceAuth {
    #[default]
    None,
    Basic {
        user: String,
        password: String,
    },
    Bearer {
        token: String,
    },
    Headers {
        headers: Vec<HeaderRef>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRef {
    pub name: String,
    /// `env:NAME` or `file:NAME`.
    pub value: String,
}

impl SourceAuth {
    /// The secret references it holds, with the field each belongs to.
    pub fn references(&self) -> Vec<(&'static str, &str)> {
        match self {
            SourceAuth::None => vec![],
            SourceAuth::Basic { password, .. } => vec![("auth.password", password.as_str())],
            SourceAuth::Bearer { token } => vec![("auth.token", token.as_str())],
            SourceAuth::Headers { headers } => {
                headers.iter().map(|h| ("auth.headers", h.value.as_str())).collect()
            }
        }
    }
}

/// Whether `text` is a secret reference rather than a secret.
pub fn is_secret_reference(text: &str) -> bool {
    ["env:", "file:"]
        .iter()
        .any(|prefix| text.strip_prefix(prefix).is_some_and(|name| !name.trim().is_empty()))
}

/// A JSON endpoint's pointers (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonPointers {
    pub value: String,
    #[serde(default)]
    pub time: Option<String>,
    /// Iterate over the array here, applying the other pointers to each element.
    #[serde(default)]
    pub array: Option<String>,
}

/// `source_add` / `source_update`: a source as it should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEdit {
    pub name: String,
    pub kind: SourceKind,
    pub url: String,
    #[serde(default)]
    pub auth: SourceAuth,
    /// A PEM file of the CA that signs the server's certificate.
    #[serde(default)]
    pub ca_file: Option<String>,
    /// Seconds (10 when missing).
    #[serde(default)]
    pub timeout_s: Option<u32>,
    /// For a JSON endpoint.
    #[serde(default)]
    pub json: Option<JsonPointers>,
    /// Sync every this many minutes while the app or `serve` runs; never when missing.
    #[serde(default)]
    pub interval_minutes: Option<u32>,
}

/// A failure as the last sync saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncError {
    pub at: DateTime<Utc>,
    /// Prometheus's `errorType` (`bad_data`, `execution`, …) when it gave one.
    #[serde(default)]
    pub error_type: Option<String>,
    pub message: String,
}

/// How syncing something went lately.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncStatus {
    #[serde(default)]
    pub last_attempt: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_success: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<SyncError>,
    /// Points written by the last sync.
    #[serde(default)]
    pub points_written: u64,
    #[serde(default)]
    pub skipped_non_finite: u64,
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSource {
    pub name: String,
    pub kind: SourceKind,
    pub url: String,
    pub auth: SourceAuth,
    #[serde(default)]
    pub ca_file: Option<String>,
    pub timeout_s: u32,
    #[serde(default)]
    pub json: Option<JsonPointers>,
    #[serde(default)]
    pub interval_minutes: Option<u32>,
    pub status: SyncStatus,
    #[serde(default)]
    pub next_run: Option<DateTime<Utc>>,
    pub bindings: u32,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub changed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub name: String,
}

/// `source_test`: one query against a source (the source's test query when missing), for a
/// scope whose `${team}` / `${system}` fill the query's variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceTestRequest {
    pub name: String,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceTestResult {
    /// The query as sent, variables filled.
    pub query: String,
    pub ok: bool,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    pub series: u32,
    pub warnings: Vec<String>,
    #[serde(default)]
    pub error: Option<SyncError>,
}

/// A KPI for a scope fed by a query on a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Binding {
    pub id: i64,
    pub kpi: String,
    pub scope: Scope,
    pub source: String,
    pub query: String,
    /// Overrides the KPI's own aggregation for this scope.
    #[serde(default)]
    pub aggregate: Option<Aggregate>,
    /// Seconds between backfilled points.
    pub step_s: u32,
    pub status: SyncStatus,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub changed_by: Option<String>,
}

/// `binding_add` (the CLI's `kpi bind`): one binding per KPI, scope and source; binding again
/// replaces the query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingEdit {
    pub kpi: String,
    pub scope: Scope,
    pub source: String,
    pub query: String,
    #[serde(default)]
    pub aggregate: Option<Aggregate>,
    /// 3600 when missing.
    #[serde(default)]
    pub step_s: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingRef {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingListQuery {
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub kpi: Option<String>,
    #[serde(default)]
    pub scope: Option<Scope>,
}

/// Fills `${team}` and `${system}` in a query for a scope: a system's team fills `${team}`.
pub fn fill_query(query: &str, team: Option<&str>, system: Option<&str>) -> String {
    let mut filled = query.to_string();
    if let Some(team) = team {
        filled = filled.replace("${team}", team);
    }
    if let Some(system) = system {
        filled = filled.replace("${system}", system);
    }
    filled
}

// ---------------------------------------------------------------------------------------------
// Syncs

/// `sync_start`: sync every source (or one, or `computed`), now or — with `from`/`to` — a
/// backfill over those board-local days.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

/// How one binding's sync went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BindingOutcome {
    #[serde(default)]
    pub binding: Option<i64>,
    pub kpi: String,
    pub scope: Scope,
    pub source: String,
    pub points_written: u64,
    pub points_unchanged: u64,
    pub skipped_non_finite: u64,
    pub warnings: Vec<String>,
    #[serde(default)]
    pub error: Option<SyncError>,
}

/// A sync job's live state and, once finished, its outcome per binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub job: JobSummary,
    pub bindings_total: u32,
    pub bindings_done: u32,
    pub points_written: u64,
    pub outcomes: Vec<BindingOutcome>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Aggregate, Frequency};

    fn target(basis: TargetBasis, green: Range, amber: Range) -> KpiTarget {
        KpiTarget { basis, green, amber, note: String::new() }
    }

    fn upto(max: f64) -> Range {
        Range { min: None, max: Some(max) }
    }

    fn from(min: f64) -> Range {
        Range { min: Some(min), max: None }
    }

    #[test]
    fn each_aggregation_takes_the_periods_values_its_own_way() {
        let values = [4.0, 1.0, 3.0, 2.0, 10.0];
        assert_eq!(Aggregate::Last.apply(&values), Some(10.0));
        assert_eq!(Aggregate::Mean.apply(&values), Some(4.0));
        assert_eq!(Aggregate::Median.apply(&values), Some(3.0));
        assert_eq!(Aggregate::Median.apply(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
        assert_eq!(Aggregate::Sum.apply(&values), Some(20.0));
        assert_eq!(Aggregate::Count.apply(&values), Some(5.0));
        // Nearest rank: the 95th percentile of 1..=20 is the 19th value, one that was measured.
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(Aggregate::P95.apply(&twenty), Some(19.0));
        assert_eq!(Aggregate::P95.apply(&[7.0]), Some(7.0));
        for method in Aggregate::ALL {
            assert_eq!(method.apply(&[]), None, "{method}");
        }
    }

    #[test]
    fn rag_follows_the_direction_including_the_edges() {
        let lower = target(TargetBasis::Value, upto(10.0), upto(15.0));
        let state = |t: &KpiTarget, v: f64| judge(Some(t), Some(v), false, None, None).state;
        assert_eq!(state(&lower, 10.0), KpiState::Green);
        assert_eq!(state(&lower, 10.01), KpiState::Amber);
        assert_eq!(state(&lower, 15.0), KpiState::Amber);
        assert_eq!(state(&lower, 15.01), KpiState::Red);
        let higher = target(TargetBasis::Value, from(99.9), from(99.5));
        assert_eq!(state(&higher, 99.9), KpiState::Green);
        assert_eq!(state(&higher, 99.89), KpiState::Amber);
        assert_eq!(state(&higher, 99.49), KpiState::Red);
        let band = target(
            TargetBasis::Value,
            Range { min: Some(30.0), max: Some(60.0) },
            Range { min: Some(20.0), max: Some(75.0) },
        );
        assert_eq!(state(&band, 30.0), KpiState::Green);
        assert_eq!(state(&band, 60.0), KpiState::Green);
        assert_eq!(state(&band, 75.0), KpiState::Amber);
        assert_eq!(state(&band, 19.0), KpiState::Red);
        assert_eq!(state(&band, 80.0), KpiState::Red);
    }

    #[test]
    fn no_data_stale_and_a_missing_baseline_are_grey_never_green() {
        let lower = target(TargetBasis::Value, upto(10.0), upto(15.0));
        assert_eq!(judge(Some(&lower), None, false, None, None).state, KpiState::NoData);
        let stale = judge(Some(&lower), Some(1.0), true, None, None);
        assert_eq!(stale.state, KpiState::Stale);
        assert!(stale.state.is_grey());
        let trend = target(TargetBasis::ChangeFromPreviousPct, upto(0.0), upto(20.0));
        assert_eq!(judge(Some(&trend), Some(5.0), false, None, None).state, KpiState::NoBaseline);
        assert_eq!(judge(Some(&trend), Some(5.0), false, Some(0.0), None).state, KpiState::NoBaseline);
        assert!(KpiState::ALL.iter().filter(|s| s.is_grey()).all(|s| *s != KpiState::Green));
    }

    #[test]
    fn trend_targets_are_judged_on_the_change_from_the_previous_period() {
        // "A downward trend quarter over quarter": not rising is green, up to 20% more amber.
        let trend = target(TargetBasis::ChangeFromPreviousPct, upto(0.0), upto(20.0));
        let falling = judge(Some(&trend), Some(8.0), false, Some(10.0), None);
        assert_eq!((falling.state, falling.compared), (KpiState::Green, Some(-20.0)));
        assert_eq!(judge(Some(&trend), Some(11.0), false, Some(10.0), None).state, KpiState::Amber);
        assert_eq!(judge(Some(&trend), Some(13.0), false, Some(10.0), None).state, KpiState::Red);
        let baseline = target(TargetBasis::ChangeFromBaselinePct, upto(-10.0), upto(0.0));
        assert_eq!(judge(Some(&baseline), Some(0.85), false, Some(0.2), Some(1.0)).state, KpiState::Green);
        let c = change(Some(4.0), Some(3.0)).unwrap();
        assert_eq!((c.absolute, c.percent), (-1.0, Some(-25.0)));
        assert_eq!(change(Some(0.0), Some(3.0)).unwrap().percent, None);
        assert_eq!(change(None, Some(3.0)), None);
    }

    #[test]
    fn periods_parse_print_and_step_across_years() {
        let q: Period = "2026-Q3".parse().unwrap();
        assert_eq!(q.first_day(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(q.end_day(), NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!("2026-Q1".parse::<Period>().unwrap().previous().to_string(), "2025-Q4");
        assert_eq!("2026-Q4".parse::<Period>().unwrap().next().to_string(), "2027-Q1");
        let m: Period = "2026-12".parse().unwrap();
        assert_eq!(m.end_day(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(
            q.trailing(3).iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["2026-Q1", "2026-Q2", "2026-Q3"]
        );
        assert!(q.contains(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()));
        assert!(!q.contains(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));
        assert_eq!(Period::quarter_of(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()).to_string(), "2026-Q4");
        for bad in ["2026-Q5", "2026-13", "2026-9", "Q3", "2026", "26-Q1"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert!("2026-Q5".parse::<Period>().unwrap_err().contains("Q1 to Q4"));
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(json, "\"2026-Q3\"");
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), q);
    }

    #[test]
    fn values_are_checked_against_the_unit_with_a_message_naming_kpi_and_value() {
        assert!(check_value("kpi.x", KpiUnit::Percent, 100.0).is_ok());
        let error = check_value("kpi.availability-slo", KpiUnit::Percent, 140.0).unwrap_err();
        assert!(error.contains("kpi.availability-slo") && error.contains("140"), "{error}");
        assert!(check_value("kpi.x", KpiUnit::Duration, -1.0).is_err());
        assert!(check_value("kpi.x", KpiUnit::Count, f64::NAN).is_err());
        assert!(check_value("kpi.x", KpiUnit::Score, -3.0).is_ok());
    }

    #[test]
    fn staleness_follows_the_slowest_frequency_and_queries_fill_their_variables() {
        assert_eq!(stale_after_days(&[Frequency::Daily]), 3);
        assert_eq!(stale_after_days(&[Frequency::Daily, Frequency::Quarterly]), 100);
        assert_eq!(
            fill_query(
                "sum(rate(x{team=\"${team}\",svc=\"${system}\"}[5m]))",
                Some("payments"),
                Some("fraud")
            ),
            "sum(rate(x{team=\"payments\",svc=\"fraud\"}[5m]))"
        );
        assert!(is_secret_reference("env:TOKEN") && is_secret_reference("file:prom"));
        assert!(!is_secret_reference("hunter2") && !is_secret_reference("env:"));
    }
}
