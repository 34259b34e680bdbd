//! Readiness and architecture reviews as the contract shows them: a review of one system from
//! checklist templates, its items and their answers, sign-offs, decisions, the SLA clock,
//! milestones and the improvement backlog — plus the pure rules every front shares (which
//! transitions exist, what an answer needs, ML Test Score arithmetic, business days).

use crate::adr::AdrId;
use crate::catalog::{GapRisk, LensChoice, LensRisk, RiskTier};
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A review's number on its board (1, 2, …).
pub type ReviewId = u32;

/// How many business days a review may take from "in review" to its decision unless the
/// board says otherwise (the role blueprints' turnaround target).
pub const DEFAULT_SLA_BUSINESS_DAYS: u32 = 10;
/// How old bound evidence may be before the item falls back to unanswered.
pub const DEFAULT_FRESHNESS_DAYS: u32 = 90;
/// The longest evidence, note or rationale text accepted.
pub const REVIEW_TEXT_MAX_CHARS: usize = 20_000;

wire_enum! {
    /// What a review examines; each kind has default templates, sign-offs and an SLA.
    ReviewKind {
        Architecture => "architecture", "Architecture review";
        ProductionReadiness => "production-readiness", "Production readiness review";
        MlSecurity => "ml-security", "ML security review";
        MlTestScore => "ml-test-score", "ML Test Score review";
        Custom => "custom", "Custom review";
    }
}

impl ReviewKind {
    /// The catalog templates a new review of this kind starts from when none are named.
    pub fn default_templates(self) -> &'static [&'static str] {
        match self {
            ReviewKind::Architecture => &["checklist.architecture-review"],
            ReviewKind::ProductionReadiness => &["checklist.production-readiness"],
            ReviewKind::MlSecurity => &["checklist.ml-security"],
            ReviewKind::MlTestScore => &["checklist.ml-test-score"],
            ReviewKind::Custom => &[],
        }
    }

    /// The sign-offs a review of this kind asks for unless it is given others.
    pub fn default_signoffs(self) -> &'static [&'static str] {
        match self {
            ReviewKind::Architecture => &["chair", "architecture"],
            ReviewKind::ProductionReadiness => &["chair", "sre"],
            ReviewKind::MlSecurity => &["chair", "security"],
            ReviewKind::MlTestScore => &["chair", "ml-engineering"],
            ReviewKind::Custom => &["chair"],
        }
    }
}

wire_enum! {
    /// Where a review is in its lifecycle.
    ReviewState {
        Draft => "draft", "Draft";
        InReview => "in-review", "In review";
        WaitingOnTeam => "waiting-on-team", "Waiting on the team";
        Decided => "decided", "Decided";
        Closed => "closed", "Closed";
    }
}

impl ReviewState {
    /// The states a person may move a review to from this one by a transition. Deciding
    /// (in review → decided) has its own operation, because it records a decision.
    pub fn allowed_next(self) -> &'static [ReviewState] {
        match self {
            ReviewState::Draft => &[ReviewState::InReview],
            ReviewState::InReview => &[ReviewState::WaitingOnTeam, ReviewState::Draft],
            ReviewState::WaitingOnTeam => &[ReviewState::InReview],
            // Reopening a decided or closed review: a new decision will be recorded.
            ReviewState::Decided => &[ReviewState::Closed, ReviewState::InReview],
            ReviewState::Closed => &[ReviewState::InReview],
        }
    }

    /// Whether items may still be answered (a closed review is a record).
    pub fn is_open_for_answers(self) -> bool {
        !matches!(self, ReviewState::Closed)
    }
}

wire_enum! {
    /// The chair's decision.
    DecisionOutcome {
        Approve => "approve", "Approved";
        ApproveWithConditions => "approve-with-conditions", "Approved with conditions";
        Reject => "reject", "Rejected";
    }
}

wire_enum! {
    /// An item's answer.
    ItemStatus {
        Unanswered => "unanswered", "Unanswered";
        Pass => "pass", "Pass";
        Partial => "partial", "Partly met";
        Fail => "fail", "Fail";
        NotApplicable => "not-applicable", "Not applicable";
        Exempt => "exempt", "Exempt";
    }
}

impl ItemStatus {
    /// The statuses keys 1–5 set in the working view, in order.
    pub const KEYED: [ItemStatus; 5] = [
        ItemStatus::Pass,
        ItemStatus::Partial,
        ItemStatus::Fail,
        ItemStatus::NotApplicable,
        ItemStatus::Unanswered,
    ];

    /// Failed or partly met: a gap that needs closing.
    pub fn is_gap(self) -> bool {
        matches!(self, ItemStatus::Fail | ItemStatus::Partial)
    }
}

wire_enum! {
    /// Why an item does not apply (the Well-Architected Tool's reasons).
    NotApplicableReason {
        OutOfScope => "out-of-scope", "Out of scope";
        BusinessPriorities => "business-priorities", "Business priorities";
        ArchitectureConstraints => "architecture-constraints", "Architecture constraints";
        Other => "other", "Other";
    }
}

wire_enum! {
    /// An item's risk as the summary counts it.
    RiskLevel {
        High => "high", "High risk";
        Medium => "medium", "Medium risk";
        None => "none", "No risk";
        NotApplicable => "not-applicable", "Not applicable";
        Unanswered => "unanswered", "Unanswered";
    }
}

impl From<GapRisk> for RiskLevel {
    fn from(risk: GapRisk) -> Self {
        match risk {
            GapRisk::High => RiskLevel::High,
            GapRisk::Medium => RiskLevel::Medium,
        }
    }
}

impl From<LensRisk> for RiskLevel {
    fn from(risk: LensRisk) -> Self {
        match risk {
            LensRisk::High => RiskLevel::High,
            LensRisk::Medium => RiskLevel::Medium,
            LensRisk::None => RiskLevel::None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

/// `review_create`: a review of one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    pub system: String,
    pub kind: ReviewKind,
    /// Checklist template keys; empty takes the kind's defaults.
    #[serde(default)]
    pub templates: Vec<String>,
    /// Empty gives "<kind label>: <system name>".
    #[serde(default)]
    pub title: String,
    /// Required sign-offs; absent takes the kind's defaults.
    #[serde(default)]
    pub signoffs: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRef {
    pub id: ReviewId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewListQuery {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub state: Option<ReviewState>,
}

/// `review_transition`: move a review along its lifecycle (not to decided: see `review_decide`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTransition {
    pub id: ReviewId,
    pub to: ReviewState,
    #[serde(default)]
    pub note: String,
}

/// `review_answer`: the whole answer of one item as it should be. Fields left out keep
/// nothing: the answer replaces the previous one (owner and due included).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemAnswer {
    pub id: ReviewId,
    pub item: String,
    pub status: Option<ItemStatus>,
    /// Evidence or the rationale, as Markdown.
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub not_applicable_reason: Option<NotApplicableReason>,
    /// Lens items: the selected choice ids (the status then follows the lens's rules).
    #[serde(default)]
    pub choices: Vec<String>,
    /// ML Test Score items: 0, 0.5 or 1 (the status follows the score).
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// A risk other than the template's, with the reason.
    #[serde(default)]
    pub risk_override: Option<RiskOverride>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskOverride {
    pub risk: GapRisk,
    pub reason: String,
}

/// `review_bind`: bind an item to a benchmark run judged against a hardware profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemBinding {
    pub id: ReviewId,
    pub item: String,
    /// `None` removes the binding.
    pub bench: Option<BenchBinding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchBinding {
    pub run: String,
    pub profile: String,
    /// Evidence older than this many days no longer counts (default 90).
    #[serde(default)]
    pub freshness_days: Option<u32>,
}

/// `review_exempt`: accept a gap for a while, approved by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemExemption {
    pub id: ReviewId,
    pub item: String,
    pub reason: String,
    pub until: NaiveDate,
}

/// `review_accept_risk`: a decision (ADR) that accepts an item's risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAcceptance {
    pub id: ReviewId,
    pub item: String,
    /// `None` removes the link.
    pub adr: Option<AdrId>,
}

/// `review_signoff`: the caller signs a required sign-off or returns the review for changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOffRequest {
    pub id: ReviewId,
    /// Which sign-off; absent takes the first one still open (the chair's only for a chair).
    #[serde(default)]
    pub role: Option<String>,
    /// Return the review for changes instead of signing (the review waits on the team).
    #[serde(default)]
    pub return_for_changes: bool,
    #[serde(default)]
    pub comment: String,
}

/// `review_signoffs_set`: the sign-offs this review needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOffsChange {
    pub id: ReviewId,
    pub roles: Vec<String>,
}

/// `review_decide`: the chair's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub id: ReviewId,
    pub outcome: DecisionOutcome,
    pub rationale: String,
    #[serde(default)]
    pub conditions: Vec<NewCondition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCondition {
    pub text: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

/// `review_condition_close`: a condition met, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionClose {
    pub id: ReviewId,
    pub condition: u32,
    pub evidence: String,
}

/// `review_milestone`: freeze the review's state under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneRequest {
    pub id: ReviewId,
    pub name: String,
}

/// `review_compare`: two milestones, or a milestone and now (`to` absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    pub id: ReviewId,
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
}

/// `review_upgrade_preview` and `review_upgrade`: move the review's copy of a template to the
/// catalog's current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpgradeRequest {
    pub id: ReviewId,
    pub template: String,
}

wire_enum! {
    /// A review report's file format.
    ReportFormat {
        Markdown => "md", "Markdown";
        Html => "html", "HTML";
    }
}

/// `review_report`: the report of a review as it is now, or of a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub id: ReviewId,
    pub format: ReportFormat,
    #[serde(default)]
    pub milestone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacklogQuery {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub risk: Option<RiskLevel>,
    /// Include items already closed.
    #[serde(default)]
    pub include_closed: bool,
}

wire_enum! {
    BacklogFormat {
        Csv => "csv", "CSV";
        Json => "json", "JSON";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacklogExportRequest {
    #[serde(default)]
    pub query: BacklogQuery,
    pub format: BacklogFormat,
}

/// `review_holidays_import`: a holiday calendar as CSV (`date,name`) or ICS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayImport {
    pub file_name: String,
    pub text: String,
    /// Replace the calendar rather than add to it.
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// The board's review settings: time zone (IANA name), SLA per kind, holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSettings {
    pub time_zone: String,
    pub sla_days: Vec<(ReviewKind, u32)>,
    pub holidays: Vec<Holiday>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettingsChange {
    pub time_zone: String,
    pub sla_days: Vec<(ReviewKind, u32)>,
}

// ---------------------------------------------------------------------------------------------
// Records

/// A template the review was started from, as copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateUse {
    pub key: String,
    pub name: String,
    pub version: u32,
    /// The catalog's version when it is newer than the copy (an upgrade is offered).
    pub newer_version: Option<u32>,
}

/// The evidence a bound item evaluated itself from, and what it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundEvidence {
    pub binding: BenchBinding,
    /// Pass or fail per the profile's SLOs; `None` when the run or profile is gone or the run
    /// has no figure.
    pub verdict: Option<bool>,
    /// "p99 41 ms ≤ 50 ms on hw.nvidia-t4, run 2026-11-20".
    pub explanation: String,
    /// When the run was measured.
    pub measured_on: Option<NaiveDate>,
    /// The evidence is older than the freshness window (the item counts as unanswered).
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub reason: String,
    pub approver: String,
    pub until: NaiveDate,
    pub granted_at: DateTime<Utc>,
    /// Past its expiry: the item counts as failed again and the review is flagged.
    pub expired: bool,
}

/// The lens rule that fired for an item's selected choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiredRule {
    pub index: usize,
    pub condition: String,
    pub risk: LensRisk,
}

/// One item of a review: what the template asked (copied) and how it was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// Unique in the review: the template item's key (prefixed `template#` on a clash).
    pub key: String,
    pub template: String,
    pub template_version: u32,
    pub section: String,
    pub prompt: String,
    pub guidance: String,
    /// What the template says counts as evidence.
    pub evidence_hint: String,
    pub template_risk: GapRisk,
    pub risk_override: Option<RiskOverride>,
    /// The answer as given.
    pub answered_status: ItemStatus,
    pub evidence: String,
    /// `evidence` rendered to sanitised HTML.
    pub evidence_html: String,
    pub notes: String,
    pub not_applicable_reason: Option<NotApplicableReason>,
    pub choices: Vec<String>,
    /// Lens items: the choices on offer.
    pub lens_choices: Vec<LensChoice>,
    pub score: Option<f64>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub bound: Option<BoundEvidence>,
    pub exemption: Option<Exemption>,
    /// A decision that accepts this item's risk.
    pub accepted_by: Option<AdrId>,
    pub accepted_by_reference: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Since when it has been a gap (the backlog's age).
    pub gap_since: Option<DateTime<Utc>>,
    /// When a gap was fixed by a pass (the backlog lists it as closed).
    pub fixed_at: Option<DateTime<Utc>>,
    /// What counts, after bound evidence, staleness, the lens rules and exemptions.
    pub status: ItemStatus,
    pub risk: RiskLevel,
    /// The same, were no exemption granted.
    pub risk_without_exemptions: RiskLevel,
    pub fired_rule: Option<FiredRule>,
    /// A failed or partly met high-risk item not yet closed by a fix, an accepting decision
    /// or a valid exemption.
    pub open_high_risk: bool,
    /// Why the status is what it is, when not simply answered ("evidence from 2026-01-02 is
    /// older than 90 days").
    pub status_note: Option<String>,
}

impl ReviewItem {
    /// The risk the item carries when it is not met: the override, else the template's.
    pub fn gap_risk(&self) -> GapRisk {
        self.risk_override.as_ref().map(|o| o.risk).unwrap_or(self.template_risk)
    }

    pub fn is_lens(&self) -> bool {
        !self.lens_choices.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub role: String,
    pub signed_by: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub comment: String,
}

/// A review returned for changes: who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnForChanges {
    pub by: String,
    pub at: DateTime<Utc>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDecision {
    pub outcome: DecisionOutcome,
    pub rationale: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    /// The ADR this decision was recorded as.
    #[serde(default)]
    pub adr: Option<AdrId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub id: u32,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closing_evidence: String,
}

/// One lifecycle transition, as the SLA clock reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub at: DateTime<Utc>,
    pub from: Option<ReviewState>,
    pub to: ReviewState,
    pub by: String,
    pub note: String,
}

/// Risk counts, each bucket one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskCounts {
    pub high: u32,
    pub medium: u32,
    pub none: u32,
    pub not_applicable: u32,
    pub unanswered: u32,
}

impl RiskCounts {
    pub fn add(&mut self, risk: RiskLevel) {
        match risk {
            RiskLevel::High => self.high += 1,
            RiskLevel::Medium => self.medium += 1,
            RiskLevel::None => self.none += 1,
            RiskLevel::NotApplicable => self.not_applicable += 1,
            RiskLevel::Unanswered => self.unanswered += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.high + self.medium + self.none + self.not_applicable + self.unanswered
    }

    pub fn get(&self, risk: RiskLevel) -> u32 {
        match risk {
            RiskLevel::High => self.high,
            RiskLevel::Medium => self.medium,
            RiskLevel::None => self.none,
            RiskLevel::NotApplicable => self.not_applicable,
            RiskLevel::Unanswered => self.unanswered,
        }
    }

    /// `self − earlier` per bucket.
    pub fn delta(&self, earlier: &RiskCounts) -> RiskDelta {
        let d = |a: u32, b: u32| a as i64 - b as i64;
        RiskDelta {
            high: d(self.high, earlier.high),
            medium: d(self.medium, earlier.medium),
            none: d(self.none, earlier.none),
            not_applicable: d(self.not_applicable, earlier.not_applicable),
            unanswered: d(self.unanswered, earlier.unanswered),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskDelta {
    pub high: i64,
    pub medium: i64,
    pub none: i64,
    pub not_applicable: i64,
    pub unanswered: i64,
}

/// Risk counts of a section or a review, with exemptions honoured and without them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskSummary {
    /// A section name, or empty for the whole review.
    pub section: String,
    pub counts: RiskCounts,
    pub without_exemptions: RiskCounts,
    pub exempt: u32,
    /// Items with an answer that counts (not unanswered).
    pub answered: u32,
    pub total: u32,
}

/// Counts `items` per section (in first-seen order) and for the whole review.
pub fn summarise_risks(items: &[ReviewItem]) -> (Vec<RiskSummary>, RiskSummary) {
    let mut sections: Vec<RiskSummary> = Vec::new();
    let mut whole = RiskSummary::default();
    for item in items {
        let index = match sections.iter().position(|s| s.section == item.section) {
            Some(index) => index,
            None => {
                sections.push(RiskSummary { section: item.section.clone(), ..RiskSummary::default() });
                sections.len() - 1
            }
        };
        for summary in [&mut sections[index], &mut whole] {
            summary.counts.add(item.risk);
            summary.without_exemptions.add(item.risk_without_exemptions);
            summary.exempt += u32::from(item.status == ItemStatus::Exempt);
            summary.answered += u32::from(item.status != ItemStatus::Unanswered);
            summary.total += 1;
        }
    }
    (sections, whole)
}

// ---------------------------------------------------------------------------------------------
// ML Test Score

/// The published interpretation of a final ML Test Score (Breck et al. 2017), in our words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MlTestScoreBand {
    /// "0", "(0, 1]", …
    pub range: String,
    pub meaning: String,
}

/// The bands: upper bounds (inclusive) and what a final score in them says.
const ML_TEST_SCORE_BANDS: [(f64, &str, &str); 6] = [
    (0.0, "0", "A research project rather than a production system."),
    (1.0, "(0, 1]", "Some tests exist, but serious gaps in reliability are likely."),
    (2.0, "(1, 2]", "A first pass at productionisation; more investment is probably needed."),
    (3.0, "(2, 3]", "Reasonably tested; more of the tests and procedures could be automated."),
    (5.0, "(3, 5]", "Strong automated testing and monitoring, fit for mission-critical systems."),
    (f64::INFINITY, "> 5", "Exceptional automated testing and monitoring."),
];

/// The band a final score falls in.
pub fn ml_test_score_band(score: f64) -> MlTestScoreBand {
    let (_, range, meaning) = ML_TEST_SCORE_BANDS
        .iter()
        .find(|(upper, _, _)| score <= *upper)
        .copied()
        .unwrap_or(ML_TEST_SCORE_BANDS[5]);
    MlTestScoreBand { range: range.into(), meaning: meaning.into() }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MlTestSection {
    pub section: String,
    pub score: f64,
    pub tests: u32,
    pub scored: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MlTestScore {
    pub sections: Vec<MlTestSection>,
    /// The lowest section score.
    pub final_score: f64,
    pub band: MlTestScoreBand,
    /// The section(s) that set the final score.
    pub weakest: Vec<String>,
}

/// Whether `score` is one the rubric allows: 0, 0.5 (by hand, documented) or 1 (automated).
pub fn is_ml_test_score(score: f64) -> bool {
    score == 0.0 || score == 0.5 || score == 1.0
}

/// Section score = sum of its tests' scores (unscored count 0); final = the minimum.
pub fn ml_test_score(sections: &[String], items: &[(&str, Option<f64>)]) -> MlTestScore {
    let mut out: Vec<MlTestSection> = sections
        .iter()
        .map(|s| MlTestSection { section: s.clone(), score: 0.0, tests: 0, scored: 0 })
        .collect();
    for (section, score) in items {
        let Some(entry) = out.iter_mut().find(|s| s.section == *section) else { continue };
        entry.tests += 1;
        if let Some(score) = score {
            entry.score += score;
            entry.scored += 1;
        }
    }
    let final_score = out.iter().map(|s| s.score).fold(f64::INFINITY, f64::min);
    let final_score = if final_score.is_finite() { final_score } else { 0.0 };
    let weakest = out.iter().filter(|s| s.score == final_score).map(|s| s.section.clone()).collect();
    MlTestScore { band: ml_test_score_band(final_score), sections: out, final_score, weakest }
}

// ---------------------------------------------------------------------------------------------
// Answer rules

/// What an answer must hold for its status: a pass needs evidence (or a rationale, or bound
/// evidence); not applicable needs a reason and a note. `Err` names the field and the rule.
pub fn check_answer(
    status: ItemStatus,
    evidence: &str,
    notes: &str,
    reason: Option<NotApplicableReason>,
    has_binding: bool,
) -> Result<(), (&'static str, String)> {
    match status {
        ItemStatus::Pass if evidence.trim().is_empty() && !has_binding => Err((
            "evidence",
            "A pass needs evidence or a written rationale; add a link, a document or why it is met.".into(),
        )),
        ItemStatus::NotApplicable if reason.is_none() => Err((
            "not_applicable_reason",
            "Say why it does not apply: out-of-scope, business-priorities, architecture-constraints or other."
                .into(),
        )),
        ItemStatus::NotApplicable if notes.trim().is_empty() && evidence.trim().is_empty() => Err((
            "notes",
            "Not applicable needs a note explaining the reason.".into(),
        )),
        ItemStatus::Exempt => Err((
            "status",
            "An item becomes exempt when the chair grants an exemption (a reason and an expiry date).".into(),
        )),
        _ => Ok(()),
    }
}

/// The status an ML Test Score item's score gives.
pub fn status_of_score(score: f64) -> ItemStatus {
    if score >= 1.0 {
        ItemStatus::Pass
    } else if score > 0.0 {
        ItemStatus::Partial
    } else {
        ItemStatus::Fail
    }
}

/// Whether a lens item's selected choices decide this status (pass, partly met and fail follow
/// the lens's rules; not applicable and unanswered are set by hand).
pub fn lens_choices_decide(status: ItemStatus) -> bool {
    matches!(status, ItemStatus::Pass | ItemStatus::Partial | ItemStatus::Fail)
}

/// The status a lens item's risk (from its rules) gives.
pub fn status_of_lens_risk(risk: LensRisk) -> ItemStatus {
    match risk {
        LensRisk::None => ItemStatus::Pass,
        LensRisk::Medium => ItemStatus::Partial,
        LensRisk::High => ItemStatus::Fail,
    }
}

/// The inputs the item rule needs beyond the answer: what bound evidence found, today's date.
#[derive(Debug, Clone, Copy)]
pub struct ItemFacts {
    pub today: NaiveDate,
    /// Bound evidence's verdict and whether it is stale: `Some((passes, stale))`.
    pub bound: Option<(Option<bool>, bool)>,
    /// A lens item's risk from its rules, when choices are selected.
    pub lens_risk: Option<LensRisk>,
    pub exemption_until: Option<NaiveDate>,
    /// An accepted decision (ADR) accepts the item's risk.
    pub accepted_by_adr: bool,
    /// The answer holds written evidence or a rationale.
    pub has_evidence: bool,
}

/// What counts for an item: its effective status, its risk with and without exemptions, and
/// whether it is an open high risk. Missing evidence never shows as a pass; a valid exemption
/// holds whatever a binding says; a failure whose evidence went stale is unanswered but still
/// an open high risk (it was never fixed).
pub fn evaluate_item(
    answered: ItemStatus,
    gap_risk: GapRisk,
    facts: ItemFacts,
) -> (ItemStatus, RiskLevel, RiskLevel, bool, Option<String>) {
    let mut note = None;
    let exemption_valid = facts.exemption_until.is_some_and(|until| until >= facts.today);
    let mut stale_failure = false;
    let mut status = match facts.bound {
        _ if answered == ItemStatus::Exempt && exemption_valid => ItemStatus::Exempt,
        _ if answered == ItemStatus::NotApplicable => answered,
        // Bound evidence decides, unless it is stale (then the item is unanswered until renewed).
        Some((verdict, true)) => {
            note = Some("The bound evidence is older than the item's freshness window.".to_owned());
            stale_failure = verdict == Some(false) || answered.is_gap();
            ItemStatus::Unanswered
        }
        Some((Some(true), false)) => ItemStatus::Pass,
        Some((Some(false), false)) => ItemStatus::Fail,
        Some((None, false)) if answered == ItemStatus::Pass => {
            note = Some("The bound evidence has no verdict, so the item does not pass.".to_owned());
            ItemStatus::Unanswered
        }
        None if answered == ItemStatus::Pass && !facts.has_evidence && facts.lens_risk.is_none() => {
            note = Some("A pass without evidence does not count; add the evidence.".to_owned());
            ItemStatus::Unanswered
        }
        _ => answered,
    };
    let lens_risk = facts
        .lens_risk
        .filter(|_| matches!(status, ItemStatus::Pass | ItemStatus::Partial | ItemStatus::Fail));
    if let Some(risk) = lens_risk {
        status = status_of_lens_risk(risk);
    }
    let underlying = if status == ItemStatus::Exempt { ItemStatus::Fail } else { status };
    let risk_of = |status: ItemStatus| match status {
        ItemStatus::Pass => RiskLevel::None,
        ItemStatus::NotApplicable => RiskLevel::NotApplicable,
        ItemStatus::Unanswered => RiskLevel::Unanswered,
        ItemStatus::Fail | ItemStatus::Partial | ItemStatus::Exempt => match lens_risk {
            Some(risk) => RiskLevel::from(risk),
            None => RiskLevel::from(gap_risk),
        },
    };
    let without = risk_of(underlying);
    if answered == ItemStatus::Exempt && !exemption_valid {
        if status == ItemStatus::Exempt {
            status = ItemStatus::Fail;
        }
        if facts.exemption_until.is_some() {
            note = Some("The exemption has expired; the item counts as failed again.".to_owned());
        }
    }
    let risk = if status == ItemStatus::Exempt { RiskLevel::None } else { risk_of(status) };
    let open_high = !facts.accepted_by_adr
        && ((status.is_gap() && risk == RiskLevel::High) || (stale_failure && gap_risk == GapRisk::High));
    (status, risk, without, open_high, note)
}

// ---------------------------------------------------------------------------------------------
// The SLA clock, in business days

/// A day counts when it is a weekday, not a board holiday and not inside a pause.
pub fn is_business_day(day: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// The business days after `start`, in order: weekdays that are not holidays and not inside a
/// pause (each `(from, to)` leaves out the days after `from` up to and including `to`, as the
/// pause's own first day counts toward neither side). Both SLA figures walk this one sequence.
fn business_days_after<'a>(
    start: NaiveDate,
    holidays: &'a BTreeSet<NaiveDate>,
    pauses: &'a [(NaiveDate, NaiveDate)],
) -> impl Iterator<Item = NaiveDate> + 'a {
    start.iter_days().skip(1).filter(move |day| {
        is_business_day(*day, holidays) && !pauses.iter().any(|(from, to)| day > from && day <= to)
    })
}

/// Business days elapsed from `start` to `end`, board-local dates: the start day is excluded,
/// the end day included, weekends, holidays and paused days left out.
pub fn business_days_between(
    start: NaiveDate,
    end: NaiveDate,
    holidays: &BTreeSet<NaiveDate>,
    pauses: &[(NaiveDate, NaiveDate)],
) -> u32 {
    business_days_after(start, holidays, pauses).take_while(|day| *day <= end).count() as u32
}

/// The date on which `days` business days have passed since `start` (start excluded), with
/// the pauses so far (a pause still running extends to `today`).
pub fn business_due_date(
    start: NaiveDate,
    days: u32,
    holidays: &BTreeSet<NaiveDate>,
    pauses: &[(NaiveDate, NaiveDate)],
) -> NaiveDate {
    match days.checked_sub(1) {
        Some(last) => {
            business_days_after(start, holidays, pauses).nth(last as usize).unwrap_or(NaiveDate::MAX)
        }
        None => start,
    }
}

/// Where a review stands against its SLA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaStatus {
    pub business_days: u32,
    /// When the review went into review (absent for a draft).
    pub started_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// Business days used so far (or until the decision).
    pub used: u32,
    /// Negative once breached.
    pub days_left: Option<i64>,
    pub paused: bool,
    pub breached: bool,
    /// Decided within the SLA (absent until decided).
    pub met: Option<bool>,
    pub decided_on: Option<NaiveDate>,
}

/// The SLA computed from the review's transitions, given as board-local dates:
/// `(date, to_state)` in order. The clock starts at the first "in review", pauses while
/// waiting on the team and stops at the decision; a review reopened after its decision starts
/// a fresh clock for the next one.
pub fn sla_status(
    business_days: u32,
    transitions: &[(NaiveDate, ReviewState)],
    today: NaiveDate,
    holidays: &BTreeSet<NaiveDate>,
) -> SlaStatus {
    let mut started: Option<NaiveDate> = None;
    let mut pauses: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut paused_since: Option<NaiveDate> = None;
    let mut decided: Option<NaiveDate> = None;
    for (date, to) in transitions {
        if decided.is_some() && *to != ReviewState::InReview {
            continue;
        }
        match to {
            // Reopened after a decision: the new decision gets a clock of its own.
            ReviewState::InReview if decided.is_some() => {
                started = Some(*date);
                pauses.clear();
                paused_since = None;
                decided = None;
            }
            ReviewState::InReview => {
                if started.is_none() {
                    started = Some(*date);
                }
                if let Some(from) = paused_since.take() {
                    pauses.push((from, *date));
                }
            }
            // Waiting on the team, or taken back to draft: the clock stands still.
            ReviewState::WaitingOnTeam | ReviewState::Draft
                if started.is_some() && paused_since.is_none() =>
            {
                paused_since = Some(*date);
            }
            ReviewState::Decided | ReviewState::Closed if started.is_some() => decided = Some(*date),
            _ => {}
        }
    }
    let Some(start) = started else {
        return SlaStatus {
            business_days,
            started_on: None,
            due_on: None,
            used: 0,
            days_left: None,
            paused: false,
            breached: false,
            met: None,
            decided_on: None,
        };
    };
    let until = decided.unwrap_or(today);
    let paused = decided.is_none() && paused_since.is_some();
    if let Some(from) = paused_since {
        pauses.push((from, until));
    }
    let used = business_days_between(start, until, holidays, &pauses);
    let due = business_due_date(start, business_days, holidays, &pauses);
    let days_left = business_days as i64 - used as i64;
    SlaStatus {
        business_days,
        started_on: Some(start),
        due_on: Some(due),
        used,
        days_left: Some(days_left),
        paused,
        breached: used > business_days,
        met: decided.map(|_| used <= business_days),
        decided_on: decided,
    }
}

// ---------------------------------------------------------------------------------------------
// The review

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: ReviewId,
    pub title: String,
    pub system: String,
    pub system_name: String,
    pub team: String,
    pub tier: RiskTier,
    pub kind: ReviewKind,
    pub state: ReviewState,
    pub templates: Vec<TemplateUse>,
    pub sections: Vec<String>,
    pub items: Vec<ReviewItem>,
    pub section_summaries: Vec<RiskSummary>,
    pub summary: RiskSummary,
    /// The risk summary as an SVG bar chart.
    pub summary_svg: String,
    pub ml_test_score: Option<MlTestScore>,
    pub signoffs: Vec<SignOff>,
    pub returns: Vec<ReturnForChanges>,
    /// Every decision made, oldest first; the last is the current one.
    pub decisions: Vec<ReviewDecision>,
    pub conditions: Vec<Condition>,
    pub adr: Option<AdrId>,
    pub adr_reference: Option<String>,
    pub sla: SlaStatus,
    pub events: Vec<ReviewEvent>,
    pub milestones: Vec<MilestoneSummary>,
    /// Why the review cannot be closed now (empty when it can).
    pub close_blockers: Vec<String>,
    /// Expired exemptions and other things the board should see.
    pub flags: Vec<String>,
    pub open_high_risks: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

impl Review {
    pub fn item(&self, key: &str) -> Option<&ReviewItem> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn current_decision(&self) -> Option<&ReviewDecision> {
        self.decisions.last()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub id: ReviewId,
    pub title: String,
    pub system: String,
    pub system_name: String,
    pub team: String,
    pub tier: RiskTier,
    pub kind: ReviewKind,
    pub state: ReviewState,
    pub outcome: Option<DecisionOutcome>,
    pub items: u32,
    pub answered: u32,
    pub open_high_risks: u32,
    pub sla: SlaStatus,
    pub flagged: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneSummary {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One item's change between two states of a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub key: String,
    pub section: String,
    pub prompt: String,
    /// `None` where the item did not exist on that side.
    pub from_status: Option<ItemStatus>,
    pub to_status: Option<ItemStatus>,
    pub from_risk: Option<RiskLevel>,
    pub to_risk: Option<RiskLevel>,
    pub evidence_changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneComparison {
    pub from: String,
    pub to: String,
    pub from_counts: RiskCounts,
    pub to_counts: RiskCounts,
    pub delta: RiskDelta,
    /// Only the items that changed.
    pub changes: Vec<ItemChange>,
    pub unchanged: u32,
}

/// What upgrading a template would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateUpgrade {
    pub template: String,
    pub from_version: u32,
    pub to_version: u32,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Changed items: their answers are reset (the question is not the one answered).
    pub changed: Vec<String>,
    /// Unchanged items keep their answers.
    pub carried: u32,
}

/// One line of the improvement backlog: a failed or partly met item, or a decision condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacklogItem {
    /// `R7/runbook` for an item, `R7/C2` for a condition.
    pub key: String,
    pub review: ReviewId,
    pub review_title: String,
    pub system: String,
    pub team: String,
    /// The item key, or absent for a condition.
    pub item: Option<String>,
    pub condition: Option<u32>,
    pub title: String,
    pub status: ItemStatus,
    pub risk: RiskLevel,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub opened_on: NaiveDate,
    pub age_days: i64,
    pub overdue: bool,
    pub closed: bool,
}

// ---------------------------------------------------------------------------------------------
// AWS Well-Architected custom lenses

/// `lens_import`: a lens JSON file, imported as a checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensImportRequest {
    pub file_name: String,
    pub json: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LensImportReport {
    pub key: String,
    pub name: String,
    pub version: u32,
    pub sections: u32,
    pub items: u32,
    /// Whether the template is new (else a new version of one imported before, or unchanged).
    pub created: bool,
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn business_days_skip_weekends_holidays_and_pauses_and_exclude_the_start_day() {
        let none = BTreeSet::new();
        // Friday 2026-11-27 → Monday 2026-11-30: Sat and Sun do not count, Monday does.
        assert_eq!(business_days_between(d("2026-11-27"), d("2026-11-30"), &none, &[]), 1);
        // Same day: nothing has elapsed.
        assert_eq!(business_days_between(d("2026-11-30"), d("2026-11-30"), &none, &[]), 0);
        // Two full weeks from a Monday: 10.
        assert_eq!(business_days_between(d("2026-11-30"), d("2026-12-14"), &none, &[]), 10);
        let holidays: BTreeSet<NaiveDate> = [d("2026-12-25")].into();
        assert_eq!(business_days_between(d("2026-12-21"), d("2026-12-28"), &holidays, &[]), 4);
        // Waiting on the team from Tuesday to Thursday: Wednesday and Thursday are paused.
        let pauses = [(d("2026-12-01"), d("2026-12-03"))];
        assert_eq!(business_days_between(d("2026-11-30"), d("2026-12-04"), &none, &pauses), 2);
        // 10 days from Monday 2026-11-30 fall on Monday 2026-12-14; with Christmas off and a
        // week's pause they move on.
        assert_eq!(business_due_date(d("2026-11-30"), 10, &none, &[]), d("2026-12-14"));
        assert_eq!(business_due_date(d("2026-12-18"), 5, &holidays, &[]), d("2026-12-28"));
        assert_eq!(
            business_due_date(d("2026-11-30"), 10, &none, &[(d("2026-12-01"), d("2026-12-08"))]),
            d("2026-12-21")
        );
    }

    #[test]
    fn the_sla_clock_runs_from_in_review_pauses_while_waiting_and_stops_at_the_decision() {
        let none = BTreeSet::new();
        let draft = sla_status(10, &[(d("2026-11-02"), ReviewState::Draft)], d("2026-11-20"), &none);
        assert_eq!(draft.started_on, None);
        assert!(!draft.breached);
        let running = sla_status(
            10,
            &[
                (d("2026-11-02"), ReviewState::InReview),
                (d("2026-11-04"), ReviewState::WaitingOnTeam),
                (d("2026-11-09"), ReviewState::InReview),
            ],
            d("2026-11-13"),
            &none,
        );
        // Used: Tue 3, Wed 4 (pause starts end of the 4th) then Tue 10 … Fri 13 = 2 + 4.
        assert_eq!(running.used, 6);
        assert_eq!(running.days_left, Some(4));
        assert!(!running.paused);
        let waiting = sla_status(
            2,
            &[(d("2026-11-02"), ReviewState::InReview), (d("2026-11-03"), ReviewState::WaitingOnTeam)],
            d("2026-11-30"),
            &none,
        );
        assert!(waiting.paused);
        assert_eq!(waiting.used, 1);
        assert!(!waiting.breached);
        let late = sla_status(
            3,
            &[(d("2026-11-02"), ReviewState::InReview), (d("2026-11-09"), ReviewState::Decided)],
            d("2026-12-30"),
            &none,
        );
        assert_eq!(late.used, 5);
        assert_eq!(late.met, Some(false));
        assert!(late.breached);
        assert_eq!(late.due_on, Some(d("2026-11-05")));
        let reopened = sla_status(
            3,
            &[
                (d("2026-11-02"), ReviewState::InReview),
                (d("2026-11-09"), ReviewState::Decided),
                (d("2026-11-16"), ReviewState::InReview),
            ],
            d("2026-11-17"),
            &none,
        );
        assert_eq!((reopened.started_on, reopened.used, reopened.met), (Some(d("2026-11-16")), 1, None));
    }

    #[test]
    fn ml_test_score_sums_sections_takes_the_minimum_and_names_the_band() {
        let sections: Vec<String> =
            ["data", "model", "infrastructure", "monitoring"].map(String::from).into();
        let items = [
            ("data", Some(1.0)),
            ("data", Some(1.0)),
            ("data", Some(0.5)),
            ("model", Some(1.0)),
            ("model", Some(0.5)),
            ("model", None),
            ("infrastructure", Some(1.0)),
            ("infrastructure", Some(1.0)),
            ("monitoring", Some(1.0)),
            ("monitoring", Some(1.0)),
            ("monitoring", Some(1.0)),
        ];
        let score = ml_test_score(&sections, &items);
        assert_eq!(score.sections.iter().map(|s| s.score).collect::<Vec<_>>(), vec![2.5, 1.5, 2.0, 3.0]);
        assert_eq!(score.final_score, 1.5);
        assert_eq!(score.weakest, vec!["model".to_owned()]);
        assert_eq!(score.band.range, "(1, 2]");
        assert_eq!(ml_test_score_band(0.0).range, "0");
        assert_eq!(ml_test_score_band(0.5).range, "(0, 1]");
        assert_eq!(ml_test_score_band(3.0).range, "(2, 3]");
        assert_eq!(ml_test_score_band(5.0).range, "(3, 5]");
        assert_eq!(ml_test_score_band(5.5).range, "> 5");
        assert!(is_ml_test_score(0.5) && !is_ml_test_score(0.7));
        assert_eq!(status_of_score(0.5), ItemStatus::Partial);
    }

    #[test]
    fn a_pass_needs_evidence_and_not_applicable_a_reason_and_a_note() {
        assert_eq!(check_answer(ItemStatus::Pass, " ", "", None, false).unwrap_err().0, "evidence");
        assert!(check_answer(ItemStatus::Pass, "", "", None, true).is_ok());
        assert!(check_answer(ItemStatus::Pass, "CI run #41", "", None, false).is_ok());
        assert_eq!(
            check_answer(ItemStatus::NotApplicable, "", "", None, false).unwrap_err().0,
            "not_applicable_reason"
        );
        let reason = Some(NotApplicableReason::OutOfScope);
        assert_eq!(check_answer(ItemStatus::NotApplicable, "", "", reason, false).unwrap_err().0, "notes");
        assert!(check_answer(ItemStatus::NotApplicable, "", "batch only", reason, false).is_ok());
        assert!(check_answer(ItemStatus::Fail, "", "", None, false).is_ok());
    }

    fn facts(today: &str) -> ItemFacts {
        ItemFacts {
            today: d(today),
            bound: None,
            lens_risk: None,
            exemption_until: None,
            accepted_by_adr: false,
            has_evidence: true,
        }
    }

    #[test]
    fn exemptions_expire_and_stale_evidence_falls_back_to_unanswered() {
        let exempt = ItemFacts { exemption_until: Some(d("2026-12-31")), ..facts("2026-12-01") };
        let (status, risk, without, open, _) = evaluate_item(ItemStatus::Exempt, GapRisk::High, exempt);
        assert_eq!(
            (status, risk, without, open),
            (ItemStatus::Exempt, RiskLevel::None, RiskLevel::High, false)
        );
        let expired = ItemFacts { exemption_until: Some(d("2026-11-30")), ..facts("2026-12-01") };
        let (status, risk, _, open, note) = evaluate_item(ItemStatus::Exempt, GapRisk::High, expired);
        assert_eq!((status, risk, open), (ItemStatus::Fail, RiskLevel::High, true));
        assert!(note.unwrap().contains("expired"));
        // The last day of an exemption still counts.
        let last_day = ItemFacts { exemption_until: Some(d("2026-12-01")), ..facts("2026-12-01") };
        assert_eq!(evaluate_item(ItemStatus::Exempt, GapRisk::High, last_day).0, ItemStatus::Exempt);

        let fresh_pass = ItemFacts { bound: Some((Some(true), false)), ..facts("2026-12-01") };
        assert_eq!(evaluate_item(ItemStatus::Unanswered, GapRisk::High, fresh_pass).0, ItemStatus::Pass);
        let fresh_fail = ItemFacts { bound: Some((Some(false), false)), ..facts("2026-12-01") };
        assert_eq!(evaluate_item(ItemStatus::Pass, GapRisk::High, fresh_fail).1, RiskLevel::High);
        let stale = ItemFacts { bound: Some((Some(true), true)), ..facts("2026-12-01") };
        let (status, risk, ..) = evaluate_item(ItemStatus::Pass, GapRisk::High, stale);
        assert_eq!((status, risk), (ItemStatus::Unanswered, RiskLevel::Unanswered));
        let accepted = ItemFacts { accepted_by_adr: true, ..facts("2026-12-01") };
        assert!(!evaluate_item(ItemStatus::Fail, GapRisk::High, accepted).3);
        assert!(!evaluate_item(ItemStatus::Partial, GapRisk::Medium, facts("2026-12-01")).3);
    }

    #[test]
    fn a_valid_exemption_holds_over_a_failing_binding_and_stale_failures_stay_open() {
        let bound_fail = ItemFacts {
            bound: Some((Some(false), false)),
            exemption_until: Some(d("2026-12-31")),
            ..facts("2026-12-01")
        };
        assert_eq!(evaluate_item(ItemStatus::Exempt, GapRisk::High, bound_fail).0, ItemStatus::Exempt);
        let expired = ItemFacts { exemption_until: Some(d("2026-11-01")), ..bound_fail };
        let (status, _, _, open, _) = evaluate_item(ItemStatus::Exempt, GapRisk::High, expired);
        assert_eq!((status, open), (ItemStatus::Fail, true));
        let stale_fail = ItemFacts { bound: Some((Some(false), true)), ..facts("2026-12-01") };
        let (status, risk, _, open, _) = evaluate_item(ItemStatus::Unanswered, GapRisk::High, stale_fail);
        assert_eq!((status, risk, open), (ItemStatus::Unanswered, RiskLevel::Unanswered, true));
        let stale_pass = ItemFacts { bound: Some((Some(true), true)), ..facts("2026-12-01") };
        assert!(!evaluate_item(ItemStatus::Unanswered, GapRisk::High, stale_pass).3);
        // A pass whose evidence went (an unbound item, emptied) is no pass.
        let bare = ItemFacts { has_evidence: false, ..facts("2026-12-01") };
        assert_eq!(evaluate_item(ItemStatus::Pass, GapRisk::High, bare).0, ItemStatus::Unanswered);
    }

    #[test]
    fn a_lens_items_risk_comes_from_its_rule() {
        let lens = ItemFacts { lens_risk: Some(LensRisk::Medium), ..facts("2026-12-01") };
        let (status, risk, ..) = evaluate_item(ItemStatus::Fail, GapRisk::High, lens);
        assert_eq!((status, risk), (ItemStatus::Partial, RiskLevel::Medium));
        let none = ItemFacts { lens_risk: Some(LensRisk::None), ..facts("2026-12-01") };
        assert_eq!(evaluate_item(ItemStatus::Fail, GapRisk::High, none).1, RiskLevel::None);
        // Not applicable stays so, whatever the choices.
        assert_eq!(evaluate_item(ItemStatus::NotApplicable, GapRisk::High, none).1, RiskLevel::NotApplicable);
    }

    #[test]
    fn lifecycle_transitions_go_only_where_the_workflow_allows() {
        assert_eq!(ReviewState::Draft.allowed_next(), &[ReviewState::InReview]);
        assert!(!ReviewState::Draft.allowed_next().contains(&ReviewState::Closed));
        assert!(ReviewState::Closed.allowed_next().contains(&ReviewState::InReview));
        assert!(!ReviewState::InReview.allowed_next().contains(&ReviewState::Decided));
    }
}
