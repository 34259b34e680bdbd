//! The report model: everything the quarterly maturity report prints, computed once from the
//! quarter snapshots by [`build`] — every number, every sentence, every table cell and every
//! chart's SVG. The renderers read only a [`Report`] (the engine stores it as JSON and renders
//! downloads from it later), so nothing here may depend on the time of the build except
//! `generated_at` and the one line that shows it.

use std::collections::BTreeSet;

use archboard_charts::compact_number;
use archboard_charts::maturity::{
    attainment_svg, level_distribution_svg, level_heatmap_svg, level_trend_svg, radar_svg,
};
use archboard_types::kpi::{Change, KpiState, Period};
use archboard_types::maturity::{
    Commitment, KpiDelta, KpiSnapshot, LateChange, LevelDelta, MAX_LEVEL, QualityIssue, QualityNote,
    QuarterSnapshot, RiskEntry, RiskReason, StateCounts, TeamSnapshot, kpi_deltas, level_deltas,
};
use archboard_types::report::ReportSection;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How many KPI movements the executive summary names, across the whole scope.
pub const MOVEMENTS_MAX: usize = 5;
/// How many risks a team's section lists; the rest are counted, and are on the board.
pub const RISKS_MAX: usize = 10;
/// How many quarters the per-dimension trend spans (this one and up to three before).
pub const TREND_QUARTERS: usize = 4;

/// What a report is built from: the quarter's snapshot (already filtered to the teams in
/// scope, in report order), up to three previous snapshots and the late changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    pub title: String,
    /// The board's name, shown in the header.
    pub board: String,
    /// The quarter.
    pub period: Period,
    /// The sections to render, in order; none means all of them.
    pub sections: Vec<ReportSection>,
    /// Plain text; paragraphs split on blank lines; always escaped.
    pub commentary: String,
    pub current: QuarterSnapshot,
    /// The up-to-three previous quarters, oldest first (fewer, or provisional, are fine).
    pub history: Vec<QuarterSnapshot>,
    pub late_changes: Vec<LateChange>,
    pub generated_at: DateTime<Utc>,
    pub generated_by: String,
}

// ---------------------------------------------------------------------------------------------
// The model

/// The computed report. Typed figures for the engine and the tests, and for the renderers the
/// same figures already put into words, tables and charts (`parts`), so the three formats
/// cannot disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub title: String,
    pub board: String,
    pub period: Period,
    /// The quarter compared against (`history.last()`), if any.
    pub previous_period: Option<Period>,
    /// The quarter the targets are for.
    pub next_period: Period,
    /// The sections rendered, in order.
    pub sections: Vec<ReportSection>,
    /// The quarter is not closed: every figure may still change.
    pub provisional: bool,
    /// "Quarter 2026-Q3, closed on 2026-10-01 by Ada (snapshot 12)." or the provisional warning.
    pub status_line: String,
    /// "3 teams in scope: Payments, Search and Fraud."
    pub scope_line: String,
    pub generated_at: DateTime<Utc>,
    pub generated_by: String,
    /// The only text that shows the build time.
    pub generated_line: String,
    pub summary: Summary,
    /// The commentary's paragraphs, as written (lines inside a paragraph kept).
    pub commentary: Vec<String>,
    pub teams: Vec<TeamSection>,
    pub organisation: Organisation,
    pub data_quality: DataQuality,
    pub appendix: Appendix,
}

impl Report {
    /// A section's heading, as every format prints it.
    pub fn heading(section: ReportSection) -> &'static str {
        section.label()
    }
}

/// A titled part of a section: paragraphs, lists, charts and tables in print order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Block {
    Paragraph(String),
    Bullets(Vec<String>),
    Chart(Chart),
    Table(Table),
}

/// A chart as SVG text with its alternative text. `name` is unique in the report and safe as
/// a file name (Markdown writes `<stem>-charts/<name>.svg`, the PDF `charts/<name>.svg`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub name: String,
    pub alt: String,
    pub svg: String,
    /// A sparkline in a table cell rather than a chart of its own.
    pub inline: bool,
}

/// A table with a header row; `empty` is said instead when there are no rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    /// Per column: right-aligned figures.
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Cell>>,
    pub empty: String,
}

/// One cell: its text (which always carries the meaning: a state's letter and word), the
/// state it is shaded by, and an inline chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    #[serde(default)]
    pub state: Option<KpiState>,
    #[serde(default)]
    pub chart: Option<Chart>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), state: None, chart: None }
    }

    /// "G Green", shaded green: the letter and the word, never the colour alone.
    pub fn state(state: KpiState) -> Cell {
        Cell { text: state_text(state), state: Some(state), chart: None }
    }
}

/// The executive summary: computed sentences, never free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub headlines: Vec<TeamHeadline>,
    pub open_high_risks: u32,
    pub teams_with_open_high_risks: u32,
    /// Over the same teams in the previous quarter; `None` without one.
    pub previous_open_high_risks: Option<u32>,
    pub expired_exemptions: u32,
    /// "Open high risks: 4 across 2 teams (3 last quarter)."
    pub risk_sentence: String,
    /// The KPIs whose state moved most, then by the largest change in percent; at most
    /// [`MOVEMENTS_MAX`] across the scope.
    pub kpi_movements: Vec<KpiMovement>,
    /// Every dimension whose level moved, in team and catalog order.
    pub level_movements: Vec<LevelMovement>,
    /// What changed since last quarter, in sentences.
    pub changes: Vec<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamHeadline {
    pub team: String,
    pub state: KpiState,
    pub counts: StateCounts,
    /// "Payments is amber: 5 of 8 KPIs green, 2 amber, 1 without data."
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiMovement {
    pub team: String,
    pub kpi: String,
    pub name: String,
    pub from_state: KpiState,
    pub to_state: KpiState,
    /// `KpiDelta::state_movement`: positive when better.
    pub movement: i32,
    #[serde(default)]
    pub percent: Option<f64>,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelMovement {
    pub team: String,
    pub dimension: String,
    pub name: String,
    pub from: u8,
    pub to: u8,
    /// "Deployment automation rose from level 1 to 2 at Payments."
    pub sentence: String,
}

/// One team's section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSection {
    pub team: String,
    /// The HTML id and the chart names' stem: ASCII, unique in the report.
    pub anchor: String,
    pub headline: KpiState,
    pub counts: StateCounts,
    pub sentence: String,
    /// "Systems: …", who approved the assessment.
    pub facts: Vec<String>,
    pub kpi_deltas: Vec<KpiDelta>,
    pub level_deltas: Vec<LevelDelta>,
    /// The quarters of the level trend, oldest first, ending with this one.
    pub trend_periods: Vec<Period>,
    /// Per dimension (key, name): its level in each of `trend_periods`.
    pub level_trend: Vec<(String, String, Vec<Option<u8>>)>,
    /// The quarter whose commitments are listed (the previous one when there is one).
    pub commitments_from: Period,
    pub commitments: Vec<CommitmentStatus>,
    pub parts: Vec<Part>,
}

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    Overdue,
    Open,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Done",
            Status::Overdue => "Overdue",
            Status::Open => "Open",
        }
    }
}

/// A commitment with its status as the current snapshot has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentStatus {
    pub commitment: Commitment,
    pub status: Status,
    /// The status came from the current quarter's snapshot (else from the quarter it was due).
    pub found_now: bool,
}

/// The organisation: teams × dimensions, how levels are spread, KPI attainment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub teams: Vec<String>,
    /// The dimensions (key, name), in catalog order.
    pub dimensions: Vec<(String, String)>,
    /// `heatmap[team][dimension]`: the assessed level.
    pub heatmap: Vec<Vec<Option<u8>>>,
    /// How many (team, dimension) pairs sit at level 0, 1, 2, 3, 4.
    pub distribution: [u32; 5],
    /// (Team, dimension) pairs with no level.
    pub not_assessed: u32,
    pub attainment: Vec<TeamAttainment>,
    /// All teams' KPIs together: green over all.
    #[serde(default)]
    pub overall_attainment_pct: Option<f64>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamAttainment {
    pub team: String,
    pub counts: StateCounts,
    #[serde(default)]
    pub pct: Option<f64>,
}

/// What may not mean what it seems, so nobody mistakes a gap for a green.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataQuality {
    /// The engine's notes and the ones read from the snapshots (no data, stale, overridden,
    /// definition changed, not assessed), once each.
    pub notes: Vec<QualityNote>,
    pub failed_sources: Vec<(String, String)>,
    pub late_changes: Vec<LateChange>,
    pub sentence: String,
    pub parts: Vec<Part>,
}

/// What a reference in the appendix points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    Decision,
    Review,
    BenchmarkRun,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Decision => "Decision",
            EvidenceKind::Review => "Review",
            EvidenceKind::BenchmarkRun => "Benchmark run",
        }
    }
}

/// A reference into the board and what it backs in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// `payments/ADR-0007`, `R7`, a benchmark run id.
    pub reference: String,
    pub team: String,
    pub backs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    pub entries: Vec<Evidence>,
    pub parts: Vec<Part>,
}

// ---------------------------------------------------------------------------------------------
// Words and numbers

/// "G Green", "– No data": the mark and the word.
pub fn state_text(state: KpiState) -> String {
    format!("{} {}", state.mark(), state.label())
}

fn state_word(state: KpiState) -> String {
    state.label().to_lowercase()
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A percent change with its sign and one decimal: "+5.6 %", "-45.8 %", "0.0 %".
pub fn signed_pct(percent: f64) -> String {
    let text = format!("{percent:+.1}");
    if text == "+0.0" || text == "-0.0" { "0.0 %".to_owned() } else { format!("{text} %") }
}

/// An absolute change with its sign, as compactly as a scorecard shows values.
fn signed_number(value: f64) -> String {
    let body = compact_number(value.abs());
    if body == "0" {
        "0".to_owned()
    } else if value > 0.0 {
        format!("+{body}")
    } else {
        format!("-{body}")
    }
}

/// A share: "50 %", "62.5 %", "58.3 %".
fn pct_text(pct: Option<f64>) -> String {
    match pct {
        Some(p) => {
            let text = format!("{p:.1}");
            format!("{} %", text.strip_suffix(".0").unwrap_or(&text))
        }
        None => "–".to_owned(),
    }
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "–".to_owned())
}

fn instant_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn or_dash(text: Option<&str>) -> String {
    match text {
        Some(t) if !t.trim().is_empty() => t.to_owned(),
        _ => "–".to_owned(),
    }
}

/// ASCII letters and digits, the rest as single dashes: a file-name-safe stem.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Chart and anchor names, unique in the report whatever the teams and KPIs are called.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Names {
    fn unique(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.0.insert(name.clone()) {
            name = format!("{wanted}-{n}");
            n += 1;
        }
        name
    }
}

/// "Payments is amber: 5 of 8 KPIs green, 2 amber, 1 without data."
pub fn headline_sentence(team: &str, state: KpiState, counts: StateCounts) -> String {
    let total = counts.total();
    if total == 0 {
        return format!("{team} has no KPIs on its scorecard.");
    }
    let mut parts = vec![format!("{} of {} green", counts.green, plural(total, "KPI", "KPIs"))];
    if counts.amber > 0 {
        parts.push(format!("{} amber", counts.amber));
    }
    if counts.red > 0 {
        parts.push(format!("{} red", counts.red));
    }
    if counts.grey > 0 {
        parts.push(format!("{} without data", counts.grey));
    }
    let verdict = if state == KpiState::NoData {
        "has no KPI with usable data".to_owned()
    } else {
        format!("is {}", state_word(state))
    };
    format!("{team} {verdict}: {}.", parts.join(", "))
}

/// "Open high risks: 4 across 2 teams (3 last quarter)."
pub fn risk_sentence(open: u32, teams: u32, previous: Option<u32>) -> String {
    let now = if open == 0 {
        "none".to_owned()
    } else {
        format!("{open} across {}", plural(teams, "team", "teams"))
    };
    let before = match previous {
        Some(p) => format!("{p} last quarter"),
        None => "no previous quarter to compare".to_owned(),
    };
    format!("Open high risks: {now} ({before}).")
}

/// "Deployment automation rose from level 1 to 2 at Payments."
pub fn level_sentence(name: &str, team: &str, from: u8, to: u8) -> String {
    let verb = if to > from { "rose" } else { "fell" };
    format!("{name} {verb} from level {from} to {to} at {team}.")
}

fn kpi_movement_sentence(
    team: &str,
    delta: &KpiDelta,
    from: KpiState,
    from_text: &str,
    to_text: &str,
) -> String {
    let to = delta.to_state;
    let movement = delta.state_movement();
    let verb = if from == to {
        format!("stayed {}", state_word(to))
    } else if from.is_grey() || to.is_grey() {
        format!("went from {} to {}", state_word(from), state_word(to))
    } else if movement > 0 {
        format!("improved from {} to {}", state_word(from), state_word(to))
    } else {
        format!("worsened from {} to {}", state_word(from), state_word(to))
    };
    let percent =
        delta.change.and_then(|c| c.percent).map(|p| format!(" ({})", signed_pct(p))).unwrap_or_default();
    format!("{} at {team} {verb}: {from_text} → {to_text}{percent}.", delta.name)
}

fn value_text(kpi: &KpiSnapshot) -> String {
    if kpi.value.is_none() && kpi.value_text.trim().is_empty() {
        "no value".to_owned()
    } else {
        kpi.value_text.clone()
    }
}

/// The change column: the absolute and relative change, and the state it moved from.
fn change_text(
    kpi: &KpiSnapshot,
    change: Option<Change>,
    from_state: Option<KpiState>,
    compared: bool,
) -> String {
    let mut parts = Vec::new();
    if let Some(change) = change {
        // A change of a percentage is in points: "+5 %" would read as relative.
        let unit = if kpi.unit_label.trim() == "%" {
            " pts".to_owned()
        } else if kpi.unit_label.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", kpi.unit_label.trim())
        };
        let absolute = signed_number(change.absolute);
        let mut text = if absolute == "0" { "no change".to_owned() } else { format!("{absolute}{unit}") };
        if let Some(p) = change.percent.filter(|_| absolute != "0") {
            text.push_str(&format!(" ({})", signed_pct(p)));
        }
        parts.push(text);
    }
    match from_state {
        Some(from) if from != kpi.state => parts.push(format!("was {}", state_word(from))),
        None if compared => parts.push("new on the scorecard".to_owned()),
        _ => {}
    }
    if parts.is_empty() { "–".to_owned() } else { parts.join("; ") }
}

// ---------------------------------------------------------------------------------------------
// Building

fn part(title: impl Into<String>, blocks: Vec<Block>) -> Part {
    Part { title: title.into(), blocks }
}

fn table(
    caption: impl Into<String>,
    headers: &[&str],
    numeric: &[usize],
    rows: Vec<Vec<Cell>>,
    empty: &str,
) -> Table {
    Table {
        caption: caption.into(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        numeric: (0..headers.len()).map(|i| numeric.contains(&i)).collect(),
        rows,
        empty: empty.to_owned(),
    }
}

/// The sections to render: the ones asked for in their order, once each; none means all.
fn sections(asked: &[ReportSection]) -> Vec<ReportSection> {
    let mut out = Vec::new();
    for &s in if asked.is_empty() { ReportSection::ALL } else { asked } {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Commentary paragraphs: split on blank lines, each line's trailing space dropped.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !lines.is_empty() {
                out.push(lines.join("\n"));
                lines.clear();
            }
        } else {
            lines.push(line.trim_end());
        }
    }
    out
}

/// The dimensions in force: the catalog's, or (for snapshots without them) the teams' own.
fn dimensions(current: &QuarterSnapshot) -> Vec<(String, String)> {
    if !current.dimensions.is_empty() {
        return current.dimensions.clone();
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for team in &current.teams {
        for level in &team.levels {
            if !out.iter().any(|(key, _)| *key == level.dimension) {
                out.push((level.dimension.clone(), level.name.clone()));
            }
        }
    }
    out
}

/// Builds the report. Pure: the same input gives the same report, byte for byte once rendered.
pub fn build(input: &ReportInput) -> Report {
    let current = &input.current;
    let previous = input.history.last();
    let prev_team = |name: &str| previous.and_then(|p| p.team(name));
    let period = input.period;
    let dims = dimensions(current);
    let mut names = Names::default();
    let team_names: Vec<String> = current.teams.iter().map(|t| t.team.clone()).collect();

    // The trend's quarters: up to three before, then this one.
    let mut trend_snapshots: Vec<&QuarterSnapshot> =
        input.history.iter().rev().take(TREND_QUARTERS - 1).rev().collect();
    trend_snapshots.push(current);
    let trend_periods: Vec<Period> = trend_snapshots.iter().map(|s| s.period).collect();
    let provisional_before: Vec<String> =
        input.history.iter().filter(|s| s.closed_at.is_none()).map(|s| s.period.to_string()).collect();

    let teams: Vec<TeamSection> = current
        .teams
        .iter()
        .map(|team| {
            team_section(TeamContext {
                team,
                previous: prev_team(&team.team),
                previous_period: previous.map(|p| p.period),
                period,
                dims: &dims,
                trend_snapshots: &trend_snapshots,
                trend_periods: &trend_periods,
                names: &mut names,
            })
        })
        .collect();

    let summary = summary(input, &teams, &provisional_before);
    let organisation = organisation(current, &dims, &mut names);
    let data_quality = data_quality(input, &dims);
    let appendix = appendix(current);

    let provisional = current.closed_at.is_none();
    let status_line = match current.closed_at {
        None => format!("The quarter {period} is not closed: every figure in this report is provisional."),
        Some(at) => {
            let by = current.closed_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
            let id = current.snapshot_id.map(|id| format!(" (snapshot {id})")).unwrap_or_default();
            format!("Quarter {period}, closed on {}{by}{id}.", at.format("%Y-%m-%d"))
        }
    };
    let scope_line = match team_names.len() {
        0 => "No teams in scope.".to_owned(),
        n => format!("{} in scope: {}.", plural(n as u32, "team", "teams"), and_list(&team_names)),
    };
    let by = if input.generated_by.trim().is_empty() {
        String::new()
    } else {
        format!(" by {}", input.generated_by)
    };

    Report {
        title: input.title.clone(),
        board: input.board.clone(),
        period,
        previous_period: previous.map(|p| p.period),
        next_period: period.next(),
        sections: sections(&input.sections),
        provisional,
        status_line,
        scope_line,
        generated_at: input.generated_at,
        generated_by: input.generated_by.clone(),
        generated_line: format!("Generated on {}{by}.", instant_text(input.generated_at)),
        summary,
        commentary: paragraphs(&input.commentary),
        teams,
        organisation,
        data_quality,
        appendix,
    }
}

struct TeamContext<'a> {
    team: &'a TeamSnapshot,
    previous: Option<&'a TeamSnapshot>,
    previous_period: Option<Period>,
    period: Period,
    dims: &'a [(String, String)],
    trend_snapshots: &'a [&'a QuarterSnapshot],
    trend_periods: &'a [Period],
    names: &'a mut Names,
}

/// Risks in the order that matters: open high risks before expired exemptions, the earliest
/// due first (none last), then the oldest.
fn sorted_risks(risks: &[RiskEntry]) -> Vec<&RiskEntry> {
    let mut out: Vec<&RiskEntry> = risks.iter().collect();
    out.sort_by(|a, b| {
        let reason = |r: &RiskEntry| u8::from(r.reason != RiskReason::OpenHighRisk);
        reason(a)
            .cmp(&reason(b))
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| b.age_days.cmp(&a.age_days))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// The commitments to report: the previous quarter's (what the team committed to for it),
/// else this quarter's; each with its status as the current snapshot has it.
pub fn commitments(previous: Option<&TeamSnapshot>, current: &TeamSnapshot) -> Vec<CommitmentStatus> {
    let source = previous.unwrap_or(current);
    source
        .commitments
        .iter()
        .map(|c| {
            let now = current.commitments.iter().find(|n| n.key == c.key);
            let record = now.unwrap_or(c);
            let status = if record.done {
                Status::Done
            } else if record.overdue {
                Status::Overdue
            } else {
                Status::Open
            };
            CommitmentStatus { commitment: c.clone(), status, found_now: now.is_some() }
        })
        .collect()
}

fn team_section(cx: TeamContext<'_>) -> TeamSection {
    let TeamContext { team, previous, previous_period, period, dims, trend_snapshots, trend_periods, names } =
        cx;
    let counts = team.state_counts();
    let headline = counts.headline();
    let sentence = headline_sentence(&team.team, headline, counts);
    let base = {
        let s = slug(&team.team);
        if s.is_empty() { "team".to_owned() } else { s }
    };
    let anchor = names.unique(format!("team-{base}"));
    let stem = anchor.trim_start_matches("team-").to_owned();
    let deltas = kpi_deltas(previous, team);
    let level_moves = level_deltas(previous, team);

    let mut facts = Vec::new();
    if !team.systems.is_empty() {
        facts.push(format!("Systems: {}.", team.systems.join(", ")));
    }
    facts.push(match &team.approval {
        Some(a) => format!("Assessment approved by {} on {}.", a.by, a.at.format("%Y-%m-%d")),
        None => "Assessment not approved.".to_owned(),
    });

    // The scorecard.
    let rows: Vec<Vec<Cell>> = team
        .kpis
        .iter()
        .zip(&deltas)
        .map(|(k, d)| {
            let change = d.change.or(k.change);
            let target = if k.overridden {
                let why = k.override_reason.as_deref().filter(|r| !r.trim().is_empty());
                format!("{} (overridden{})", k.target_text, why.map(|w| format!(": {w}")).unwrap_or_default())
            } else {
                k.target_text.clone()
            };
            let spark_name = names.unique(format!("spark-{stem}-{}", slug(&k.kpi)));
            let points: Vec<String> = k
                .trend
                .iter()
                .map(|p| match p.value {
                    Some(v) => format!("{} {} ({})", p.period, compact_number(v), state_word(p.state)),
                    None => format!("{} no data", p.period),
                })
                .collect();
            let alt = if points.is_empty() {
                format!("{}: no trend", k.name)
            } else {
                format!("{} by quarter: {}", k.name, points.join(", "))
            };
            let spark =
                Chart { name: spark_name, alt, svg: archboard_charts::sparkline_svg(&k.trend), inline: true };
            vec![
                Cell::text(&k.name),
                Cell::text(value_text(k)),
                Cell::text(target),
                Cell::state(k.state),
                Cell::text(change_text(k, change, d.from_state, previous.is_some())),
                Cell { text: String::new(), state: None, chart: Some(spark) },
            ]
        })
        .collect();
    let compared = match previous_period {
        Some(p) => format!("Change against {p}."),
        None => "No previous quarter to compare with.".to_owned(),
    };
    let scorecard = part(
        "KPI scorecard",
        vec![
            Block::Paragraph(compared),
            Block::Table(table(
                format!("KPI scorecard of {} for {period}", team.team),
                &["KPI", "Value", "Target", "State", "Change", "Trend"],
                &[1],
                rows,
                "No KPIs on the scorecard.",
            )),
        ],
    );

    // Maturity: the radar, the trend and the levels.
    let axes: Vec<&str> = dims.iter().map(|(_, name)| name.as_str()).collect();
    let level_of = |t: Option<&TeamSnapshot>, key: &str| t.and_then(|t| t.level(key)).and_then(|l| l.level);
    let now_levels: Vec<Option<u8>> = dims.iter().map(|(key, _)| level_of(Some(team), key)).collect();
    let before_levels: Vec<Option<u8>> = match previous {
        Some(p) => dims.iter().map(|(key, _)| level_of(Some(p), key)).collect(),
        None => Vec::new(),
    };
    let previous_label =
        previous_period.map(|p| p.to_string()).unwrap_or_else(|| "no previous quarter".into());
    let radar = Chart {
        name: names.unique(format!("radar-{stem}")),
        alt: radar_alt(&team.team, period, previous_period, dims, &now_levels, &before_levels),
        svg: radar_svg(
            &format!("{}: maturity {period}", team.team),
            &axes,
            &now_levels,
            &before_levels,
            &period.to_string(),
            &previous_label,
        ),
        inline: false,
    };
    let level_trend: Vec<(String, String, Vec<Option<u8>>)> = dims
        .iter()
        .map(|(key, name)| {
            let levels = trend_snapshots.iter().map(|s| level_of(s.team(&team.team), key)).collect();
            (key.clone(), name.clone(), levels)
        })
        .collect();
    let period_labels: Vec<String> = trend_periods.iter().map(|p| p.to_string()).collect();
    let label_refs: Vec<&str> = period_labels.iter().map(String::as_str).collect();
    let series: Vec<(&str, Vec<Option<u8>>)> =
        level_trend.iter().map(|(_, name, levels)| (name.as_str(), levels.clone())).collect();
    let trend_alt = {
        let lines: Vec<String> = level_trend
            .iter()
            .map(|(_, name, levels)| {
                let values: Vec<String> =
                    levels.iter().map(|l| l.map_or("–".to_owned(), |v| v.to_string())).collect();
                format!("{name} {}", values.join(", "))
            })
            .collect();
        format!(
            "{}: maturity level per dimension, {} to {period}: {}",
            team.team,
            trend_periods.first().copied().unwrap_or(period),
            lines.join("; ")
        )
    };
    let trend = Chart {
        name: names.unique(format!("trend-{stem}")),
        alt: trend_alt,
        svg: level_trend_svg(&format!("{}: level per dimension by quarter", team.team), &label_refs, &series),
        inline: false,
    };
    let level_rows: Vec<Vec<Cell>> = dims
        .iter()
        .map(|(key, name)| {
            let now = team.level(key);
            let level = now.and_then(|l| l.level);
            let before = level_of(previous, key);
            let change = match (before, level) {
                (Some(b), Some(l)) if l > b => format!("+{}", l - b),
                (Some(b), Some(l)) if l < b => format!("-{}", b - l),
                (Some(_), Some(_)) => "no change".to_owned(),
                (None, Some(_)) if previous.is_some() => "first assessed".to_owned(),
                _ => "–".to_owned(),
            };
            vec![
                Cell::text(name),
                Cell::text(level.map_or("not assessed".to_owned(), |l| l.to_string())),
                Cell::text(if previous.is_some() {
                    before.map_or("not assessed".to_owned(), |l| l.to_string())
                } else {
                    "–".to_owned()
                }),
                Cell::text(change),
                Cell::text(now.map_or("–".to_owned(), |l| l.proposed.to_string())),
                Cell::text(or_dash(now.and_then(|l| l.assessor.as_deref()))),
            ]
        })
        .collect();
    let mut maturity_blocks = vec![Block::Paragraph(match previous_period {
        Some(p) => format!("Levels 0–{MAX_LEVEL} in {period} over {p} (in grey)."),
        None => format!("Levels 0–{MAX_LEVEL} in {period}; no previous quarter to compare with."),
    })];
    maturity_blocks.push(Block::Chart(radar));
    maturity_blocks.push(Block::Paragraph(format!(
        "Level per dimension over {}.",
        if trend_periods.len() == 1 {
            format!("{period} only")
        } else {
            format!("{} quarters, {} to {period}", trend_periods.len(), trend_periods[0])
        }
    )));
    maturity_blocks.push(Block::Chart(trend));
    maturity_blocks.push(Block::Table(table(
        format!("Maturity levels of {} for {period}", team.team),
        &["Dimension", "Level", "Last quarter", "Change", "Proposed", "Assessor"],
        &[1, 2, 4],
        level_rows,
        "No maturity dimensions.",
    )));
    let maturity = part("Maturity", maturity_blocks);

    // Top risks.
    let risks = sorted_risks(&team.risks);
    let open = team.open_high_risks();
    let expired = team.risks.len() as u32 - open;
    let risk_rows: Vec<Vec<Cell>> = risks
        .iter()
        .take(RISKS_MAX)
        .map(|r| {
            vec![
                Cell::text(&r.key),
                Cell::text(r.reason.label()),
                Cell::text(&r.system),
                Cell::text(&r.title),
                Cell::text(or_dash(r.owner.as_deref())),
                Cell::text(if r.overdue {
                    format!("{} (overdue)", date_text(r.due))
                } else {
                    date_text(r.due)
                }),
                Cell::text(plural(r.age_days.max(0) as u32, "day", "days")),
            ]
        })
        .collect();
    let mut risk_blocks = vec![Block::Paragraph(format!(
        "{} and {}.",
        plural(open, "open high risk", "open high risks"),
        plural(expired, "expired exemption", "expired exemptions")
    ))];
    if risks.len() > RISKS_MAX {
        risk_blocks.push(Block::Paragraph(format!(
            "The {RISKS_MAX} most pressing are listed; {} more are on the board.",
            risks.len() - RISKS_MAX
        )));
    }
    risk_blocks.push(Block::Table(table(
        format!("Top risks of {}", team.team),
        &["Item", "Reason", "System", "Title", "Owner", "Due", "Age"],
        &[6],
        risk_rows,
        "No open high risks or expired exemptions.",
    )));
    let risk_part = part("Top risks", risk_blocks);

    // Commitments.
    let commitments_from = if previous.is_some() { previous_period.unwrap_or(period) } else { period };
    let commitments = commitments(previous, team);
    let count = |s: Status| commitments.iter().filter(|c| c.status == s).count() as u32;
    let commitment_rows: Vec<Vec<Cell>> = commitments
        .iter()
        .map(|c| {
            let m = &c.commitment;
            let status = if c.found_now || commitments_from == period {
                c.status.label().to_owned()
            } else {
                format!("{} (at the close of {commitments_from})", c.status.label())
            };
            vec![
                Cell::text(&m.key),
                Cell::text(&m.system),
                Cell::text(&m.title),
                Cell::text(or_dash(m.owner.as_deref())),
                Cell::text(date_text(m.due)),
                Cell::text(status),
            ]
        })
        .collect();
    let mut commitment_blocks = vec![Block::Paragraph(if commitments.is_empty() {
        format!("No backlog items or conditions were due in {commitments_from}.")
    } else {
        format!(
            "{} due in {commitments_from}: {} done, {} overdue, {} open.",
            plural(commitments.len() as u32, "commitment", "commitments"),
            count(Status::Done),
            count(Status::Overdue),
            count(Status::Open)
        )
    })];
    if !commitment_rows.is_empty() {
        commitment_blocks.push(Block::Table(table(
            format!("Commitments of {} due in {commitments_from}", team.team),
            &["Item", "System", "Title", "Owner", "Due", "Status"],
            &[],
            commitment_rows,
            "No commitments.",
        )));
    }
    let commitment_part = part(format!("Commitments due in {commitments_from}"), commitment_blocks);

    // Next quarter's targets.
    let next = period.next();
    let target_rows: Vec<Vec<Cell>> = dims
        .iter()
        .filter_map(|(key, name)| {
            let l = team.level(key)?;
            let target = l.target?;
            let to_go = match l.level {
                Some(now) if target > now => plural(u32::from(target - now), "level", "levels"),
                Some(_) => "reached".to_owned(),
                None => "–".to_owned(),
            };
            Some(vec![
                Cell::text(name),
                Cell::text(l.level.map_or("not assessed".to_owned(), |v| v.to_string())),
                Cell::text(target.to_string()),
                Cell::text(to_go),
            ])
        })
        .collect();
    let target_part = part(
        format!("Targets for {next}"),
        vec![Block::Table(table(
            format!("Maturity targets of {} for {next}", team.team),
            &["Dimension", "Level now", "Target", "To go"],
            &[1, 2],
            target_rows,
            "No targets set for next quarter.",
        ))],
    );

    // Benchmark evidence.
    let bench_rows: Vec<Vec<Cell>> = team
        .benchmarks
        .iter()
        .map(|b| {
            vec![
                Cell::text(&b.run),
                Cell::text(&b.system),
                Cell::text(&b.model),
                Cell::text(&b.profile),
                Cell::text(&b.verdict),
                Cell::text(compact_number(b.sustained_rps)),
                Cell::text(b.p99_ms.map_or("–".to_owned(), |v| format!("{} ms", compact_number(v)))),
                Cell::text(b.cost_per_1k.map_or("–".to_owned(), compact_number)),
                Cell::text(&b.run_at),
            ]
        })
        .collect();
    let bench_part = part(
        "Benchmark evidence",
        vec![
            Block::Paragraph(
                "The latest valid run per system, judged against the system's profile.".to_owned(),
            ),
            Block::Table(table(
                format!("Benchmark evidence of {}", team.team),
                &[
                    "Run",
                    "System",
                    "Model",
                    "Profile",
                    "Verdict",
                    "Sustained req/s",
                    "p99",
                    "Cost per 1k",
                    "Run at",
                ],
                &[5, 6, 7],
                bench_rows,
                "No valid benchmark runs bound in the team's reviews.",
            )),
        ],
    );

    // Decisions.
    let decision_rows: Vec<Vec<Cell>> = team
        .decisions
        .iter()
        .map(|d| {
            vec![
                Cell::text(&d.reference),
                Cell::text(&d.title),
                Cell::text(&d.status),
                Cell::text(date_text(d.date)),
            ]
        })
        .collect();
    let decision_part = part(
        format!("Decisions in {period}"),
        vec![Block::Table(table(
            format!("Decisions of {} in {period}", team.team),
            &["Decision", "Title", "Status", "Date"],
            &[],
            decision_rows,
            "No decisions recorded this quarter.",
        ))],
    );

    TeamSection {
        team: team.team.clone(),
        anchor,
        headline,
        counts,
        sentence,
        facts,
        kpi_deltas: deltas,
        level_deltas: level_moves,
        trend_periods: trend_periods.to_vec(),
        level_trend,
        commitments_from,
        commitments,
        parts: vec![scorecard, maturity, risk_part, commitment_part, target_part, bench_part, decision_part],
    }
}

fn radar_alt(
    team: &str,
    period: Period,
    previous: Option<Period>,
    dims: &[(String, String)],
    now: &[Option<u8>],
    before: &[Option<u8>],
) -> String {
    let levels: Vec<String> = dims
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            let n = now[i].map_or("not assessed".to_owned(), |l| l.to_string());
            match (previous, before.get(i).copied().flatten()) {
                (Some(_), Some(b)) => format!("{name} {n} (was {b})"),
                _ => format!("{name} {n}"),
            }
        })
        .collect();
    let against = previous.map(|p| format!(" against {p}")).unwrap_or_default();
    format!("Maturity radar of {team}, {period}{against}: {}", levels.join(", "))
}

/// The ordering of the biggest movements: the largest state movement first, then the largest
/// change in percent (none counts as no change); ties keep team and scorecard order.
fn rank_movements(candidates: &mut [KpiMovement]) {
    candidates.sort_by(|a, b| {
        b.movement.abs().cmp(&a.movement.abs()).then_with(|| {
            let pa = a.percent.map_or(0.0, f64::abs);
            let pb = b.percent.map_or(0.0, f64::abs);
            pb.total_cmp(&pa)
        })
    });
}

fn summary(input: &ReportInput, teams: &[TeamSection], provisional_before: &[String]) -> Summary {
    let current = &input.current;
    let previous = input.history.last();
    let headlines: Vec<TeamHeadline> = teams
        .iter()
        .map(|t| TeamHeadline {
            team: t.team.clone(),
            state: t.headline,
            counts: t.counts,
            sentence: t.sentence.clone(),
        })
        .collect();
    let open_high_risks: u32 = current.teams.iter().map(TeamSnapshot::open_high_risks).sum();
    let teams_with = current.teams.iter().filter(|t| t.open_high_risks() > 0).count() as u32;
    let expired: u32 = current
        .teams
        .iter()
        .map(|t| t.risks.iter().filter(|r| r.reason == RiskReason::ExpiredExemption).count() as u32)
        .sum();
    // Last quarter's count over the same teams: a team out of scope now is not compared.
    let previous_open = previous.map(|p| {
        current.teams.iter().filter_map(|t| p.team(&t.team)).map(TeamSnapshot::open_high_risks).sum::<u32>()
    });
    let risk_line = risk_sentence(open_high_risks, teams_with, previous_open);

    let mut candidates = Vec::new();
    let mut level_movements = Vec::new();
    let (mut better, mut worse, mut same, mut new) = (0u32, 0u32, 0u32, 0u32);
    for (t, snapshot) in teams.iter().zip(&current.teams) {
        let before = previous.and_then(|p| p.team(&t.team));
        for (delta, kpi) in t.kpi_deltas.iter().zip(&snapshot.kpis) {
            let Some(from) = delta.from_state else {
                new += 1;
                continue;
            };
            let movement = delta.state_movement();
            match movement.cmp(&0) {
                std::cmp::Ordering::Greater => better += 1,
                std::cmp::Ordering::Less => worse += 1,
                std::cmp::Ordering::Equal => same += 1,
            }
            let percent = delta.change.and_then(|c| c.percent);
            if movement == 0 && percent.is_none_or(|p| p == 0.0) && from == delta.to_state {
                continue;
            }
            let from_text =
                before.and_then(|b| b.kpi(&delta.kpi)).map(value_text).unwrap_or_else(|| "no value".into());
            candidates.push(KpiMovement {
                team: t.team.clone(),
                kpi: delta.kpi.clone(),
                name: delta.name.clone(),
                from_state: from,
                to_state: delta.to_state,
                movement,
                percent,
                sentence: kpi_movement_sentence(&t.team, delta, from, &from_text, &value_text(kpi)),
            });
        }
        for d in &t.level_deltas {
            if let (Some(from), Some(to)) = (d.from, d.to)
                && from != to
            {
                level_movements.push(LevelMovement {
                    team: t.team.clone(),
                    dimension: d.dimension.clone(),
                    name: d.name.clone(),
                    from,
                    to,
                    sentence: level_sentence(&d.name, &t.team, from, to),
                });
            }
        }
    }
    rank_movements(&mut candidates);
    candidates.truncate(MOVEMENTS_MAX);

    let mut changes = Vec::new();
    match previous {
        None => changes.push(
            "No previous quarter to compare with: movements are shown from next quarter on.".to_owned(),
        ),
        Some(p) => {
            changes.push(format!(
                "KPI states against {}: {} improved, {} worsened, {} unchanged{}.",
                p.period,
                better,
                worse,
                same,
                if new > 0 { format!(", {new} new on a scorecard") } else { String::new() }
            ));
            let (mut rose, mut fell, mut kept) = (0u32, 0u32, 0u32);
            for t in teams {
                for d in &t.level_deltas {
                    match d.steps() {
                        Some(s) if s > 0 => rose += 1,
                        Some(s) if s < 0 => fell += 1,
                        Some(_) => kept += 1,
                        None => {}
                    }
                }
            }
            changes.push(format!("Maturity levels: {rose} rose, {fell} fell, {kept} unchanged."));
            let decisions: usize = current.teams.iter().map(|t| t.decisions.len()).sum();
            let before: usize =
                current.teams.iter().filter_map(|t| p.team(&t.team)).map(|t| t.decisions.len()).sum();
            changes.push(format!("Decisions made this quarter: {decisions} ({before} in {}).", p.period));
            if p.closed_at.is_none() {
                changes.push(format!(
                    "{} was not closed: the comparison is with provisional figures.",
                    p.period
                ));
            }
        }
    }
    if !provisional_before.is_empty() && previous.is_some_and(|p| p.closed_at.is_some()) {
        changes.push(format!(
            "Earlier quarters not closed (their levels in the trends are provisional): {}.",
            and_list(provisional_before)
        ));
    }

    let headline_rows: Vec<Vec<Cell>> = teams
        .iter()
        .zip(&current.teams)
        .map(|(t, s)| {
            vec![
                Cell::text(&t.team),
                Cell::state(t.headline),
                Cell::text(t.counts.total().to_string()),
                Cell::text(t.counts.green.to_string()),
                Cell::text(t.counts.amber.to_string()),
                Cell::text(t.counts.red.to_string()),
                Cell::text(t.counts.grey.to_string()),
                Cell::text(s.open_high_risks().to_string()),
            ]
        })
        .collect();
    let mut headline_blocks = Vec::new();
    if current.closed_at.is_none() {
        headline_blocks.push(Block::Paragraph(format!(
            "The quarter {} is not closed: these figures are provisional.",
            current.period
        )));
    }
    headline_blocks.push(Block::Bullets(headlines.iter().map(|h| h.sentence.clone()).collect()));
    headline_blocks.push(Block::Table(table(
        format!("Headline by team, {}", current.period),
        &["Team", "Headline", "KPIs", "Green", "Amber", "Red", "Without data", "Open high risks"],
        &[2, 3, 4, 5, 6, 7],
        headline_rows,
        "No teams in scope.",
    )));
    let mut risk_blocks = vec![Block::Paragraph(risk_line.clone())];
    if expired > 0 {
        risk_blocks.push(Block::Paragraph(format!(
            "Expired exemptions: {} across {}.",
            expired,
            plural(
                current
                    .teams
                    .iter()
                    .filter(|t| t.risks.iter().any(|r| r.reason == RiskReason::ExpiredExemption))
                    .count() as u32,
                "team",
                "teams"
            )
        )));
    }
    let mut movement_blocks = Vec::new();
    if let Some(p) = previous {
        movement_blocks.push(Block::Paragraph(format!(
            "KPIs whose state moved most since {}, then by the largest change (at most {MOVEMENTS_MAX}):",
            p.period
        )));
        movement_blocks.push(Block::Bullets(if candidates.is_empty() {
            vec!["No KPI moved.".to_owned()]
        } else {
            candidates.iter().map(|m| m.sentence.clone()).collect()
        }));
        movement_blocks.push(Block::Paragraph("Maturity levels that moved:".to_owned()));
        movement_blocks.push(Block::Bullets(if level_movements.is_empty() {
            vec!["No maturity level moved.".to_owned()]
        } else {
            level_movements.iter().map(|m| m.sentence.clone()).collect()
        }));
    } else {
        movement_blocks.push(Block::Paragraph("No previous quarter to compare with.".to_owned()));
    }
    let parts = vec![
        part("Headline by team", headline_blocks),
        part("Risks", risk_blocks),
        part("Biggest movements", movement_blocks),
        part("Since last quarter", vec![Block::Bullets(changes.clone())]),
    ];
    Summary {
        headlines,
        open_high_risks,
        teams_with_open_high_risks: teams_with,
        previous_open_high_risks: previous_open,
        expired_exemptions: expired,
        risk_sentence: risk_line,
        kpi_movements: candidates,
        level_movements,
        changes,
        parts,
    }
}

fn organisation(current: &QuarterSnapshot, dims: &[(String, String)], names: &mut Names) -> Organisation {
    let teams: Vec<String> = current.teams.iter().map(|t| t.team.clone()).collect();
    let heatmap: Vec<Vec<Option<u8>>> = current
        .teams
        .iter()
        .map(|t| dims.iter().map(|(key, _)| t.level(key).and_then(|l| l.level)).collect())
        .collect();
    let mut distribution = [0u32; 5];
    let mut not_assessed = 0;
    for level in heatmap.iter().flatten() {
        match level {
            Some(l) => distribution[usize::from((*l).min(MAX_LEVEL))] += 1,
            None => not_assessed += 1,
        }
    }
    let attainment: Vec<TeamAttainment> = current
        .teams
        .iter()
        .map(|t| {
            let counts = t.state_counts();
            TeamAttainment { team: t.team.clone(), counts, pct: counts.attainment_pct() }
        })
        .collect();
    let mut all = StateCounts::default();
    for a in &attainment {
        all.green += a.counts.green;
        all.amber += a.counts.amber;
        all.red += a.counts.red;
        all.grey += a.counts.grey;
    }
    let overall = all.attainment_pct();

    let rows: Vec<&str> = teams.iter().map(String::as_str).collect();
    let columns: Vec<&str> = dims.iter().map(|(_, n)| n.as_str()).collect();
    let heat_chart = Chart {
        name: names.unique("heatmap".to_owned()),
        alt: format!(
            "Maturity levels of {} across {}; the table below lists every level.",
            plural(teams.len() as u32, "team", "teams"),
            plural(dims.len() as u32, "dimension", "dimensions")
        ),
        svg: level_heatmap_svg(
            &format!("Maturity by team and dimension, {}", current.period),
            &rows,
            &columns,
            &heatmap,
        ),
        inline: false,
    };
    let mut headers: Vec<&str> = vec!["Team"];
    headers.extend(columns.iter().copied());
    let heat_rows: Vec<Vec<Cell>> = teams
        .iter()
        .zip(&heatmap)
        .map(|(t, levels)| {
            let mut row = vec![Cell::text(t)];
            row.extend(levels.iter().map(|l| Cell::text(l.map_or("–".to_owned(), |v| v.to_string()))));
            row
        })
        .collect();
    let numeric: Vec<usize> = (1..headers.len()).collect();
    let assessed: u32 = distribution.iter().sum();
    let spread: Vec<String> =
        distribution.iter().enumerate().map(|(l, n)| format!("{n} at level {l}")).collect();
    let distribution_line = format!(
        "{}: {}; {} not assessed.",
        plural(assessed, "assessed dimension", "assessed dimensions"),
        spread.join(", "),
        not_assessed
    );
    let dist_chart = Chart {
        name: names.unique("distribution".to_owned()),
        alt: format!("Assessments per maturity level: {}.", spread.join(", ")),
        svg: level_distribution_svg(
            &format!("Assessments per maturity level, {}", current.period),
            &distribution,
        ),
        inline: false,
    };
    let bars: Vec<(&str, u32, u32, u32, u32)> = attainment
        .iter()
        .map(|a| (a.team.as_str(), a.counts.green, a.counts.amber, a.counts.red, a.counts.grey))
        .collect();
    let att_chart = Chart {
        name: names.unique("attainment".to_owned()),
        alt: {
            let per: Vec<String> = attainment
                .iter()
                .map(|a| format!("{} {} of {} green", a.team, a.counts.green, a.counts.total()))
                .collect();
            format!("KPI attainment by team: {}.", per.join(", "))
        },
        svg: attainment_svg(&format!("KPI attainment by team, {}", current.period), &bars),
        inline: false,
    };
    let att_rows: Vec<Vec<Cell>> = attainment
        .iter()
        .map(|a| {
            vec![
                Cell::text(&a.team),
                Cell::text(a.counts.green.to_string()),
                Cell::text(a.counts.amber.to_string()),
                Cell::text(a.counts.red.to_string()),
                Cell::text(a.counts.grey.to_string()),
                Cell::text(pct_text(a.pct)),
            ]
        })
        .collect();
    let overall_line = match overall {
        Some(p) => format!(
            "Across the scope {} of {} are green ({}); a KPI without data counts against.",
            all.green,
            plural(all.total(), "KPI", "KPIs"),
            pct_text(Some(p))
        ),
        None => "No KPIs on any scorecard in scope.".to_owned(),
    };
    let parts = vec![
        part(
            "Maturity by team and dimension",
            vec![
                Block::Chart(heat_chart),
                Block::Table(table(
                    format!("Maturity level by team and dimension, {}", current.period),
                    &headers,
                    &numeric,
                    heat_rows,
                    "No teams in scope.",
                )),
            ],
        ),
        part("Distribution of levels", vec![Block::Paragraph(distribution_line), Block::Chart(dist_chart)]),
        part(
            "KPI attainment",
            vec![
                Block::Paragraph(overall_line),
                Block::Chart(att_chart),
                Block::Table(table(
                    format!("KPI attainment by team, {}", current.period),
                    &["Team", "Green", "Amber", "Red", "Without data", "Attainment"],
                    &[1, 2, 3, 4, 5],
                    att_rows,
                    "No teams in scope.",
                )),
            ],
        ),
    ];
    Organisation {
        teams,
        dimensions: dims.to_vec(),
        heatmap,
        distribution,
        not_assessed,
        attainment,
        overall_attainment_pct: overall,
        parts,
    }
}

/// Every quality note of the teams, plus what the snapshots show themselves and no note says
/// yet: KPIs with no data, stale data or no baseline, thresholds overridden, definitions that
/// changed since last quarter, dimensions not assessed. Ordered by team, then issue.
pub fn quality_notes(input: &ReportInput, dims: &[(String, String)]) -> Vec<QualityNote> {
    let previous = input.history.last();
    let mut out: Vec<(usize, QualityNote)> = Vec::new();
    for (index, team) in input.current.teams.iter().enumerate() {
        let mut notes: Vec<QualityNote> = team.quality.clone();
        let mut add = |issue: QualityIssue, subject: &str, detail: String| {
            if !notes.iter().any(|n| n.issue == issue && n.subject == subject) {
                notes.push(QualityNote {
                    issue,
                    team: team.team.clone(),
                    subject: subject.to_owned(),
                    detail,
                });
            }
        };
        let before = previous.and_then(|p| p.team(&team.team));
        for k in &team.kpis {
            match k.state {
                KpiState::NoData => {
                    add(QualityIssue::NoData, &k.kpi, format!("{}: no value in {}.", k.name, input.period))
                }
                KpiState::Stale => add(
                    QualityIssue::Stale,
                    &k.kpi,
                    match k.latest_at {
                        Some(at) => {
                            format!("{}: the newest measurement is from {}.", k.name, at.format("%Y-%m-%d"))
                        }
                        None => format!("{}: the newest measurement is too old.", k.name),
                    },
                ),
                KpiState::NoBaseline => add(
                    QualityIssue::NoBaseline,
                    &k.kpi,
                    format!("{}: no previous value or baseline to judge the change against.", k.name),
                ),
                _ => {}
            }
            if k.overridden {
                let why = k
                    .override_reason
                    .as_deref()
                    .filter(|r| !r.trim().is_empty())
                    .unwrap_or("no reason given");
                add(
                    QualityIssue::ThresholdOverridden,
                    &k.kpi,
                    format!("{}: {} ({why}).", k.name, k.target_text),
                );
            }
            if let Some(then) = before.and_then(|b| b.kpi(&k.kpi))
                && then.definition_version != k.definition_version
            {
                add(
                    QualityIssue::DefinitionChanged,
                    &k.kpi,
                    format!(
                        "{}: definition version {} in {}, {} now; compare with care.",
                        k.name,
                        then.definition_version,
                        previous.map(|p| p.period.to_string()).unwrap_or_default(),
                        k.definition_version
                    ),
                );
            }
        }
        for (key, name) in dims {
            if team.level(key).and_then(|l| l.level).is_none() {
                add(QualityIssue::NotAssessed, key, format!("{name}: not assessed in {}.", input.period));
            }
        }
        out.extend(notes.into_iter().map(|n| (index, n)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.issue.cmp(&b.1.issue)));
    out.into_iter().map(|(_, n)| n).collect()
}

fn data_quality(input: &ReportInput, dims: &[(String, String)]) -> DataQuality {
    let notes = quality_notes(input, dims);
    let failed = input.current.failed_sources.clone();
    let late = input.late_changes.clone();
    let subject_name = |n: &QualityNote| -> String {
        let team = input.current.team(&n.team);
        team.and_then(|t| t.kpi(&n.subject))
            .map(|k| k.name.clone())
            .or_else(|| dims.iter().find(|(key, _)| *key == n.subject).map(|(_, name)| name.clone()))
            .unwrap_or_else(|| n.subject.clone())
    };
    let mut by_issue: Vec<String> = Vec::new();
    for issue in QualityIssue::ALL {
        let n = notes.iter().filter(|note| note.issue == *issue).count();
        if n > 0 {
            by_issue.push(format!("{n} {}", issue.label().to_lowercase()));
        }
    }
    let sentence = format!(
        "{}{}; {}; {}.",
        plural(notes.len() as u32, "note", "notes"),
        if by_issue.is_empty() { String::new() } else { format!(" ({})", by_issue.join(", ")) },
        plural(failed.len() as u32, "source failed", "sources failed"),
        plural(late.len() as u32, "late change", "late changes")
    );
    let mut intro = vec![Block::Paragraph(
        "A gap is not a green: these are the figures that may not mean what they seem.".to_owned(),
    )];
    if input.current.closed_at.is_none() {
        intro.push(Block::Paragraph(format!(
            "The quarter {} is not closed: every figure is provisional and may still change.",
            input.period
        )));
    }
    intro.push(Block::Paragraph(sentence.clone()));
    let note_rows: Vec<Vec<Cell>> = notes
        .iter()
        .map(|n| {
            vec![
                Cell::text(&n.team),
                Cell::text(n.issue.label()),
                Cell::text(subject_name(n)),
                Cell::text(&n.detail),
            ]
        })
        .collect();
    let failed_rows: Vec<Vec<Cell>> =
        failed.iter().map(|(source, error)| vec![Cell::text(source), Cell::text(error)]).collect();
    let late_rows: Vec<Vec<Cell>> = late
        .iter()
        .map(|c| vec![Cell::text(&c.team), Cell::text(&c.name), Cell::text(&c.frozen), Cell::text(&c.now)])
        .collect();
    let parts = vec![
        part(
            "Notes",
            {
                let mut blocks = intro;
                blocks.push(Block::Table(table(
                    "Data quality notes",
                    &["Team", "Issue", "Subject", "Detail"],
                    &[],
                    note_rows,
                    "No data quality notes.",
                )));
                blocks
            },
        ),
        part(
            "Failed sources",
            vec![Block::Table(table(
                "Data sources whose last sync failed",
                &["Source", "Error"],
                &[],
                failed_rows,
                "No source failed at its last sync.",
            ))],
        ),
        part(
            "Late changes",
            vec![
                Block::Paragraph(
                    "Data for the quarter that arrived after it was closed: shown here, not mixed into the figures."
                        .to_owned(),
                ),
                Block::Table(table(
                    "Late changes",
                    &["Team", "Subject", "Frozen", "Now"],
                    &[],
                    late_rows,
                    "No late changes.",
                )),
            ],
        ),
    ];
    DataQuality { notes, failed_sources: failed, late_changes: late, sentence, parts }
}

/// Every reference into the board that the report rests on: decisions, reviews (including
/// those behind risks and commitments) and benchmark runs, with what each backs.
pub fn evidence(current: &QuarterSnapshot) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let mut note = |kind: EvidenceKind, reference: String, team: &str, backs: String| match out
        .iter_mut()
        .find(|e| e.kind == kind && e.reference == reference && e.team == team)
    {
        Some(e) => {
            if !e.backs.contains(&backs) {
                e.backs.push(backs);
            }
        }
        None => out.push(Evidence { kind, reference, team: team.to_owned(), backs: vec![backs] }),
    };
    for team in &current.teams {
        let t = team.team.as_str();
        for d in &team.decisions {
            let date = d.date.map(|d| format!(", {}", d.format("%Y-%m-%d"))).unwrap_or_default();
            note(
                EvidenceKind::Decision,
                d.reference.clone(),
                t,
                format!("Decision: {} ({}{date})", d.title, d.status),
            );
        }
        let mut reviews: Vec<(u32, String)> = Vec::new();
        for r in &team.reviews {
            let outcome = r.outcome.map(|o| format!(", {}", o.label().to_lowercase())).unwrap_or_default();
            let risks = if r.open_high_risks > 0 {
                format!(", {}", plural(r.open_high_risks, "open high risk", "open high risks"))
            } else {
                String::new()
            };
            let score = r.ml_test_score.map(|s| format!(", ML Test Score {s:.1}")).unwrap_or_default();
            reviews.push((
                r.id,
                format!(
                    "{} of {}: {} ({}{outcome}{risks}{score})",
                    r.kind.label(),
                    r.system,
                    r.title,
                    r.state.label().to_lowercase()
                ),
            ));
        }
        for r in sorted_risks(&team.risks) {
            reviews.push((r.review, format!("{} {}: {}", r.reason.label(), r.key, r.title)));
        }
        for c in &team.commitments {
            reviews.push((c.review, format!("Commitment {}: {}", c.key, c.title)));
        }
        // Reviews by number, what each backs in the order met.
        reviews.sort_by_key(|(id, _)| *id);
        for (id, backs) in reviews {
            note(EvidenceKind::Review, format!("R{id}"), t, backs);
        }
        for b in &team.benchmarks {
            note(
                EvidenceKind::BenchmarkRun,
                b.run.clone(),
                t,
                format!("Benchmark evidence for {}: {} on {}, {}", b.system, b.model, b.profile, b.verdict),
            );
        }
    }
    // Decisions, then reviews, then runs; within each, team order as met.
    out.sort_by_key(|e| e.kind);
    out
}

fn appendix(current: &QuarterSnapshot) -> Appendix {
    let entries = evidence(current);
    let rows: Vec<Vec<Cell>> = entries
        .iter()
        .map(|e| {
            vec![
                Cell::text(&e.reference),
                Cell::text(e.kind.label()),
                Cell::text(&e.team),
                Cell::text(e.backs.join("; ")),
            ]
        })
        .collect();
    let parts = vec![part(
        "References",
        vec![
            Block::Paragraph(
                "Every decision, review and benchmark run this report rests on, by its reference on the board.".to_owned(),
            ),
            Block::Table(table(
                "Evidence",
                &["Reference", "Kind", "Team", "What it backs"],
                &[],
                rows,
                "No references.",
            )),
        ],
    )];
    Appendix { entries, parts }
}
