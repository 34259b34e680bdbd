//! Maturity assessments and quarter snapshots: the level each team stands at per dimension of
//! the catalog's maturity model, proposed from evidence and set by an assessor, and the frozen
//! state of a closed quarter with its deltas and late changes.
//!
//! The rules here are pure so the engine, the report and the UI read one version of them:
//! `check_kpi_for_level` and `propose_level` (a proposal from evidence), `kpi_deltas` and
//! `level_deltas` (quarter over quarter), `late_changes` (what arrived after the close).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::kpi::{Change, KpiState, Period, PeriodValue};
use crate::review::{DecisionOutcome, ReviewKind, ReviewState};

/// The highest level of the maturity model.
pub const MAX_LEVEL: u8 = 4;

/// The longest rationale accepted.
pub const RATIONALE_MAX_CHARS: usize = 5_000;

/// Checks a period is a quarter: assessments, closes and reports are quarterly.
pub fn require_quarter(period: Period) -> Result<Period, String> {
    match period {
        Period::Quarter { .. } => Ok(period),
        Period::Month { .. } => Err(format!(
            "`{period}` is a month; assessments, closes and reports are per quarter (e.g. 2026-Q3)"
        )),
    }
}

/// Reads `KEY=LEVEL` (the CLI's `--dimension`): the key may omit the `maturity.` prefix.
pub fn parse_dimension_level(text: &str) -> Result<(String, u8), String> {
    let (key, level) = text.split_once('=').ok_or_else(|| {
        format!("`{text}`: write a dimension and a level as KEY=LEVEL, e.g. deployment-automation=3")
    })?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("`{text}`: the dimension key is empty"));
    }
    let level: u8 = level
        .trim()
        .parse()
        .map_err(|_| format!("`{text}`: the level must be a whole number from 0 to {MAX_LEVEL}"))?;
    check_level(level).map_err(|e| format!("`{text}`: {e}"))?;
    Ok((full_dimension_key(key), level))
}

/// `deployment-automation` → `maturity.deployment-automation`.
pub fn full_dimension_key(key: &str) -> String {
    if key.starts_with("maturity.") { key.to_owned() } else { format!("maturity.{key}") }
}

pub fn check_level(level: u8) -> Result<(), String> {
    if level > MAX_LEVEL {
        return Err(format!("level {level} is outside 0–{MAX_LEVEL}"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Evidence and the proposal

wire_enum! {
    /// What kind of evidence a check reads.
    EvidenceKind {
        Kpi => "kpi", "KPI";
        Review => "review", "Review";
    }
}

/// One check of one level against the board's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionCheck {
    pub kind: EvidenceKind,
    /// The KPI key or the review kind checked.
    pub subject: String,
    /// What the level asks of it, in words ("Model lead time is green").
    pub requirement: String,
    pub met: bool,
    /// Why it is met or not, with the figures ("amber: 12.0 days against green ≤ 7").
    pub reason: String,
    /// Links into the board: review ids (`R7`) or the KPI key.
    pub evidence: Vec<String>,
}

/// One level of a dimension with its catalog criteria and the checks against evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelCheck {
    pub level: u8,
    pub name: String,
    /// The catalog's observable criteria (the assessor judges those the board cannot).
    pub criteria: Vec<String>,
    pub checks: Vec<CriterionCheck>,
}

impl LevelCheck {
    /// Met from evidence: at least one check and all of them met. A level the board holds no
    /// evidence for is never met by proposal: an assessor must judge it.
    pub fn met(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.met)
    }

    pub fn has_evidence(&self) -> bool {
        !self.checks.is_empty()
    }
}

/// The proposed level: the highest level whose every lower level (from 1) is met too. Level 0
/// needs nothing.
pub fn propose_level(levels: &[LevelCheck]) -> u8 {
    let mut proposed = 0;
    for wanted in 1..=MAX_LEVEL {
        match levels.iter().find(|l| l.level == wanted) {
            Some(level) if level.met() => proposed = wanted,
            _ => break,
        }
    }
    proposed
}

/// Why the proposal stops where it does, in one sentence.
pub fn proposal_reason(levels: &[LevelCheck], proposed: u8) -> String {
    let next = proposed + 1;
    if proposed >= MAX_LEVEL {
        return format!("Every level up to {MAX_LEVEL} is met by the evidence.");
    }
    match levels.iter().find(|l| l.level == next) {
        None => format!("The model has no level {next}."),
        Some(level) if !level.has_evidence() => format!(
            "Level {next} ({}) has no evidence on the board to check; an assessor judges it.",
            level.name
        ),
        Some(level) => {
            let missing: Vec<&str> =
                level.checks.iter().filter(|c| !c.met).map(|c| c.requirement.as_str()).collect();
            format!("Level {next} ({}) is not met: {}.", level.name, missing.join("; "))
        }
    }
}

/// How a KPI's state in the quarter (and the one before) counts towards a level. The ladder
/// follows what the levels mean: measured at all (1, repeatable), close to target (2,
/// defined), on target (3, managed), on target two quarters running (4, optimised).
pub fn check_kpi_for_level(
    level: u8,
    kpi: &str,
    kpi_name: &str,
    state: KpiState,
    previous_state: Option<KpiState>,
    figure: &str,
) -> CriterionCheck {
    let (requirement, met) = match level {
        0 | 1 => (format!("{kpi_name} is measured this quarter"), !matches!(state, KpiState::NoData)),
        2 => (format!("{kpi_name} is amber or green"), matches!(state, KpiState::Amber | KpiState::Green)),
        3 => (format!("{kpi_name} is green"), state == KpiState::Green),
        _ => (
            format!("{kpi_name} is green this quarter and the last"),
            state == KpiState::Green && previous_state == Some(KpiState::Green),
        ),
    };
    let mut reason = format!("{}{}", state.label().to_lowercase(), if figure.is_empty() { "" } else { ": " });
    reason.push_str(figure);
    if level >= MAX_LEVEL && state == KpiState::Green && previous_state != Some(KpiState::Green) {
        reason.push_str(&format!(
            "; last quarter {}",
            previous_state.map(|s| s.label().to_lowercase()).unwrap_or_else(|| "not known".into())
        ));
    }
    CriterionCheck {
        kind: EvidenceKind::Kpi,
        subject: kpi.to_owned(),
        requirement,
        met,
        reason,
        evidence: vec![kpi.to_owned()],
    }
}

/// The state of one of a team's systems for a review kind a level asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemReviewState {
    pub system: String,
    /// The newest review of that kind, if any: its id, state, outcome and open high risks.
    pub review: Option<ReviewFacts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewFacts {
    pub id: u32,
    pub state: ReviewState,
    pub outcome: Option<DecisionOutcome>,
    pub open_high_risks: u32,
    #[serde(default)]
    pub ml_test_score: Option<f64>,
}

impl ReviewFacts {
    /// Approved (with or without conditions) and no open high risk left.
    pub fn passes(&self) -> bool {
        matches!(self.outcome, Some(DecisionOutcome::Approve | DecisionOutcome::ApproveWithConditions))
            && self.open_high_risks == 0
    }
}

/// A level that asks for a review kind is met when every one of the team's systems has one
/// approved with no open high risk. A team with no systems cannot meet it.
pub fn check_reviews_for_level(kind: ReviewKind, systems: &[SystemReviewState]) -> CriterionCheck {
    let requirement =
        format!("every system has an approved {} with no open high risk", kind.label().to_lowercase());
    let mut missing = Vec::new();
    let mut evidence = Vec::new();
    for s in systems {
        match &s.review {
            None => missing.push(format!("{} has none", s.system)),
            Some(r) => {
                evidence.push(format!("R{}", r.id));
                let score = r.ml_test_score.map(|v| format!(", ML Test Score {v:.1}")).unwrap_or_default();
                if !r.passes() {
                    let why = match r.outcome {
                        Some(DecisionOutcome::Reject) => "rejected".to_owned(),
                        Some(_) => format!("{} open high risk(s)", r.open_high_risks),
                        None => format!("{} and not decided", r.state.label().to_lowercase()),
                    };
                    missing.push(format!("{} R{}: {why}{score}", s.system, r.id));
                }
            }
        }
    }
    let met = !systems.is_empty() && missing.is_empty();
    let reason = if systems.is_empty() {
        "the team owns no systems".to_owned()
    } else if met {
        format!("all {} system(s) approved", systems.len())
    } else {
        missing.join("; ")
    };
    CriterionCheck {
        kind: EvidenceKind::Review,
        subject: kind.as_str().to_owned(),
        requirement,
        met,
        reason,
        evidence,
    }
}

// ---------------------------------------------------------------------------------------------
// Assessments

/// An assessor's level for one dimension of one team in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub level: u8,
    /// What Archboard proposed when the assessor set the level.
    pub proposed: u8,
    pub rationale: String,
    pub assessor: String,
    pub at: DateTime<Utc>,
    /// The level the team aims for next quarter.
    #[serde(default)]
    pub target: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One dimension for one team and quarter: the evidence, the proposal and the assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionProposal {
    pub dimension: String,
    pub name: String,
    pub proposed: u8,
    /// Why the proposal stops there.
    pub reason: String,
    pub levels: Vec<LevelCheck>,
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// Last quarter's assessed level.
    #[serde(default)]
    pub previous_level: Option<u8>,
}

/// `maturity_propose`, `maturity_assess` and `maturity_approve` answer with this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaturityProposal {
    pub team: String,
    pub period: Period,
    pub dimensions: Vec<DimensionProposal>,
    #[serde(default)]
    pub approval: Option<Approval>,
    /// The quarter is closed: assessments cannot change until an owner reopens it.
    pub closed: bool,
    /// Dimensions not yet assessed (approval needs none left).
    pub unassessed: Vec<String>,
    /// Decisions about the team's systems made in the quarter (context for the assessor).
    pub decisions_this_quarter: u32,
}

/// `maturity_propose` and `maturity_approve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityQuery {
    pub team: String,
    pub period: Period,
}

/// `maturity_assess`: accept the proposal (level equal to it) or set another with a rationale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    pub team: String,
    pub period: Period,
    pub dimension: String,
    pub level: u8,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub target: Option<u8>,
}

/// Checks an assessment against the proposal: a level other than the proposed one needs a
/// rationale; a target below the level makes no sense.
pub fn check_assessment(request: &AssessRequest, proposed: u8) -> Result<(), (&'static str, String)> {
    check_level(request.level).map_err(|e| ("level", e))?;
    if let Some(target) = request.target {
        check_level(target).map_err(|e| ("target", e))?;
        if target < request.level {
            return Err((
                "target",
                format!("the target {target} is below the assessed level {}", request.level),
            ));
        }
    }
    if request.rationale.chars().count() > RATIONALE_MAX_CHARS {
        return Err(("rationale", format!("the rationale is longer than {RATIONALE_MAX_CHARS} characters")));
    }
    if request.level != proposed && request.rationale.trim().is_empty() {
        return Err((
            "rationale",
            format!("level {} differs from the proposed {proposed}: say why in a rationale", request.level),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Quarter close and snapshots

/// `quarter_close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarterRef {
    pub period: Period,
}

/// `quarter_reopen`: an owner reopens a closed quarter, saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarterReopen {
    pub period: Period,
    #[serde(default)]
    pub reason: String,
}

/// A quarter as `quarter_list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterStatus {
    pub period: Period,
    pub closed: bool,
    /// The snapshot in force (closed) or the last one (reopened).
    #[serde(default)]
    pub snapshot_id: Option<i64>,
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub closed_by: Option<String>,
    #[serde(default)]
    pub reopened_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub reopened_by: Option<String>,
    #[serde(default)]
    pub reopen_reason: Option<String>,
    pub teams: u32,
    /// Teams whose assessments are approved for the quarter.
    pub approved_teams: u32,
}

/// One KPI of a team's scorecard as frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiSnapshot {
    pub kpi: String,
    pub name: String,
    pub unit_label: String,
    #[serde(default)]
    pub value: Option<f64>,
    /// The value formatted with its unit ("93.0 %").
    pub value_text: String,
    /// The thresholds in force, in words ("green ≥ 90, amber ≥ 80").
    pub target_text: String,
    pub state: KpiState,
    #[serde(default)]
    pub previous: Option<f64>,
    #[serde(default)]
    pub change: Option<Change>,
    /// Oldest first, ending with the quarter.
    pub trend: Vec<PeriodValue>,
    pub overridden: bool,
    #[serde(default)]
    pub override_reason: Option<String>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub latest_at: Option<DateTime<Utc>>,
    /// The catalog definition's version, to notice a definition that changed.
    pub definition_version: u32,
}

/// One dimension's level as frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelSnapshot {
    pub dimension: String,
    pub name: String,
    pub proposed: u8,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub target: Option<u8>,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub assessor: Option<String>,
}

wire_enum! {
    /// Why something is on the risk list.
    RiskReason {
        OpenHighRisk => "open-high-risk", "Open high risk";
        ExpiredExemption => "expired-exemption", "Expired exemption";
    }
}

/// An open high-risk item or an expired exemption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskEntry {
    /// `R7/runbook`.
    pub key: String,
    pub review: u32,
    pub system: String,
    pub title: String,
    pub reason: RiskReason,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Days open, counted to the quarter's end (or the close of a running one).
    pub age_days: i64,
    /// Past its due date on that same day: known from the snapshot, so a report says it the
    /// same way every time it is rendered.
    #[serde(default)]
    pub overdue: bool,
}

/// A backlog item or a decision condition due in the quarter: what the team committed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub key: String,
    pub review: u32,
    pub system: String,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    pub done: bool,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewEntry {
    pub id: u32,
    pub title: String,
    pub system: String,
    pub kind: ReviewKind,
    pub state: ReviewState,
    #[serde(default)]
    pub outcome: Option<DecisionOutcome>,
    pub open_high_risks: u32,
    #[serde(default)]
    pub ml_test_score: Option<f64>,
}

/// The newest valid benchmark run bound in a system's reviews, judged on its profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchEvidence {
    pub run: String,
    pub system: String,
    pub model: String,
    pub profile: String,
    /// "pass", "fail", … as the benchmark judge words it.
    pub verdict: String,
    pub sustained_rps: f64,
    #[serde(default)]
    pub p99_ms: Option<f64>,
    #[serde(default)]
    pub cost_per_1k: Option<f64>,
    pub run_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionEntry {
    pub id: u32,
    /// `payments/ADR-0007`.
    pub reference: String,
    pub title: String,
    pub status: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

wire_enum! {
    /// A reason a figure may not mean what it seems.
    QualityIssue {
        NoData => "no-data", "No data";
        Stale => "stale", "Stale data";
        NoBaseline => "no-baseline", "No baseline";
        ThresholdOverridden => "threshold-overridden", "Threshold overridden";
        SourceFailed => "source-failed", "Source failed";
        DefinitionChanged => "definition-changed", "Definition changed";
        NotAssessed => "not-assessed", "Not assessed";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityNote {
    pub issue: QualityIssue,
    pub team: String,
    /// The KPI key, source name or dimension.
    pub subject: String,
    pub detail: String,
}

/// Everything the report reads about one team in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSnapshot {
    pub team: String,
    pub systems: Vec<String>,
    pub kpis: Vec<KpiSnapshot>,
    pub levels: Vec<LevelSnapshot>,
    #[serde(default)]
    pub approval: Option<Approval>,
    pub risks: Vec<RiskEntry>,
    pub commitments: Vec<Commitment>,
    pub reviews: Vec<ReviewEntry>,
    pub benchmarks: Vec<BenchEvidence>,
    pub decisions: Vec<DecisionEntry>,
    pub quality: Vec<QualityNote>,
}

impl TeamSnapshot {
    pub fn kpi(&self, key: &str) -> Option<&KpiSnapshot> {
        self.kpis.iter().find(|k| k.kpi == key)
    }

    pub fn level(&self, dimension: &str) -> Option<&LevelSnapshot> {
        self.levels.iter().find(|l| l.dimension == dimension)
    }

    /// Green, amber, red and grey KPI counts.
    pub fn state_counts(&self) -> StateCounts {
        let mut counts = StateCounts::default();
        for k in &self.kpis {
            counts.add(k.state);
        }
        counts
    }

    pub fn open_high_risks(&self) -> u32 {
        self.risks.iter().filter(|r| r.reason == RiskReason::OpenHighRisk).count() as u32
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateCounts {
    pub green: u32,
    pub amber: u32,
    pub red: u32,
    pub grey: u32,
}

impl StateCounts {
    pub fn add(&mut self, state: KpiState) {
        match state {
            KpiState::Green => self.green += 1,
            KpiState::Amber => self.amber += 1,
            KpiState::Red => self.red += 1,
            _ => self.grey += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.green + self.amber + self.red + self.grey
    }

    /// The team's headline: red if any KPI is red or more than a quarter amber, amber if any
    /// is amber or more than half have no usable data, else green; grey when nothing is known.
    pub fn headline(&self) -> KpiState {
        let judged = self.green + self.amber + self.red;
        if judged == 0 {
            KpiState::NoData
        } else if self.red > 0 || self.amber * 4 > self.total() {
            KpiState::Red
        } else if self.amber > 0 || self.grey * 2 > self.total() {
            KpiState::Amber
        } else {
            KpiState::Green
        }
    }

    /// Share of KPIs on target, 0–100, over all KPIs (grey counts against: a gap is no green).
    pub fn attainment_pct(&self) -> Option<f64> {
        (self.total() > 0).then(|| self.green as f64 * 100.0 / self.total() as f64)
    }
}

/// A quarter's state for the whole board: frozen at close, or computed live for an open one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterSnapshot {
    pub period: Period,
    /// When and by whom it was frozen; `None` for a live (provisional) computation.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub closed_by: Option<String>,
    #[serde(default)]
    pub snapshot_id: Option<i64>,
    /// The dimensions of the maturity model in force, in catalog order (key, name).
    pub dimensions: Vec<(String, String)>,
    pub teams: Vec<TeamSnapshot>,
    /// Data sources whose last sync failed, with the error.
    pub failed_sources: Vec<(String, String)>,
}

impl QuarterSnapshot {
    pub fn team(&self, name: &str) -> Option<&TeamSnapshot> {
        self.teams.iter().find(|t| t.team == name)
    }
}

// ---------------------------------------------------------------------------------------------
// Deltas and late changes

/// One KPI's movement between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiDelta {
    pub kpi: String,
    pub name: String,
    #[serde(default)]
    pub from: Option<f64>,
    #[serde(default)]
    pub to: Option<f64>,
    #[serde(default)]
    pub change: Option<Change>,
    pub from_state: Option<KpiState>,
    pub to_state: KpiState,
}

impl KpiDelta {
    /// A rank of the state for "improved / worsened": grey below red.
    fn rank(state: Option<KpiState>) -> i32 {
        match state {
            Some(KpiState::Green) => 3,
            Some(KpiState::Amber) => 2,
            Some(KpiState::Red) => 1,
            _ => 0,
        }
    }

    /// Positive when the state got better, negative when worse, 0 when the same.
    pub fn state_movement(&self) -> i32 {
        Self::rank(Some(self.to_state)) - Self::rank(self.from_state)
    }
}

/// Every KPI of `current`, against the same KPI in `previous` (absent there: no from).
pub fn kpi_deltas(previous: Option<&TeamSnapshot>, current: &TeamSnapshot) -> Vec<KpiDelta> {
    current
        .kpis
        .iter()
        .map(|k| {
            let before = previous.and_then(|p| p.kpi(&k.kpi));
            let from = before.and_then(|b| b.value);
            KpiDelta {
                kpi: k.kpi.clone(),
                name: k.name.clone(),
                from,
                to: k.value,
                change: crate::kpi::change(from, k.value),
                from_state: before.map(|b| b.state),
                to_state: k.state,
            }
        })
        .collect()
}

/// One dimension's movement between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDelta {
    pub dimension: String,
    pub name: String,
    pub from: Option<u8>,
    pub to: Option<u8>,
}

impl LevelDelta {
    pub fn steps(&self) -> Option<i32> {
        Some(self.to? as i32 - self.from? as i32)
    }
}

pub fn level_deltas(previous: Option<&TeamSnapshot>, current: &TeamSnapshot) -> Vec<LevelDelta> {
    current
        .levels
        .iter()
        .map(|l| LevelDelta {
            dimension: l.dimension.clone(),
            name: l.name.clone(),
            from: previous.and_then(|p| p.level(&l.dimension)).and_then(|p| p.level),
            to: l.level,
        })
        .collect()
}

/// Something that differs between the frozen snapshot and what the board holds now for the
/// same quarter: shown as a late change, never mixed into the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateChange {
    pub team: String,
    /// The KPI key or the dimension key.
    pub subject: String,
    pub name: String,
    /// The frozen figure and the figure now, in words.
    pub frozen: String,
    pub now: String,
}

fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    }
}

/// KPI values and states and levels that changed for the quarter after it was frozen (data
/// for the quarter that arrived late); teams and KPIs that appeared later are listed too.
/// Risks are not compared: they move with time, not with the quarter's data.
pub fn late_changes(frozen: &QuarterSnapshot, now: &QuarterSnapshot) -> Vec<LateChange> {
    let mut out = Vec::new();
    for team_now in &now.teams {
        let Some(team_then) = frozen.team(&team_now.team) else {
            out.push(LateChange {
                team: team_now.team.clone(),
                subject: String::new(),
                name: "team".into(),
                frozen: "not on the board".into(),
                now: format!("{} KPIs", team_now.kpis.len()),
            });
            continue;
        };
        for k in &team_now.kpis {
            match team_then.kpi(&k.kpi) {
                Some(then) if same_value(then.value, k.value) && then.state == k.state => {}
                Some(then) => out.push(LateChange {
                    team: team_now.team.clone(),
                    subject: k.kpi.clone(),
                    name: k.name.clone(),
                    frozen: format!("{} ({})", then.value_text, then.state.label()),
                    now: format!("{} ({})", k.value_text, k.state.label()),
                }),
                None if k.value.is_some() => out.push(LateChange {
                    team: team_now.team.clone(),
                    subject: k.kpi.clone(),
                    name: k.name.clone(),
                    frozen: "not on the scorecard".into(),
                    now: format!("{} ({})", k.value_text, k.state.label()),
                }),
                None => {}
            }
        }
        for l in &team_now.levels {
            let then = team_then.level(&l.dimension).and_then(|t| t.level);
            if then != l.level {
                let words = |level: Option<u8>| {
                    level.map(|v| format!("level {v}")).unwrap_or_else(|| "not assessed".into())
                };
                out.push(LateChange {
                    team: team_now.team.clone(),
                    subject: l.dimension.clone(),
                    name: l.name.clone(),
                    frozen: words(then),
                    now: words(l.level),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
