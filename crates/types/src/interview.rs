//! Interview panels: candidates applying for a catalog role (its rubric copied in), panels of
//! interviews with focus dimensions and exercises, scorecards on the 1–4 scale that stay sealed
//! until their reader has submitted their own, the debrief, calibration across processes, and
//! candidate data as personal data (retention, anonymise, delete, subject access export).
//!
//! The pure rules every front shares live here: the rubric copy with its keys, what a
//! scorecard must hold to be submitted, who may read which scorecard, the debrief's arithmetic,
//! the panel planner's warnings and the retention dates.

pub mod agreement;

use crate::catalog::{Role, RubricDimension};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

wire_enum! {
    /// Where a candidate's process stands.
    Stage {
        Applied => "applied", "Applied";
        Screening => "screening", "Screening";
        Interviewing => "interviewing", "Interviewing";
        Debrief => "debrief", "Debrief";
        Decided => "decided", "Decided";
    }
}

wire_enum! {
    /// The final decision on a process.
    FinalDecision {
        Hire => "hire", "Hire";
        NoHire => "no-hire", "No hire";
        Withdrawn => "withdrawn", "Withdrawn";
    }
}

wire_enum! {
    /// An interviewer's overall recommendation.
    Recommendation {
        StrongNo => "strong-no", "Strong no";
        No => "no", "No";
        Yes => "yes", "Yes";
        StrongYes => "strong-yes", "Strong yes";
        NoDecision => "no-decision", "No decision";
    }
}

impl Recommendation {
    /// Which way the recommendation leans: `Some(true)` for a hire, `Some(false)` against,
    /// `None` for no decision.
    pub fn leans_hire(self) -> Option<bool> {
        match self {
            Recommendation::StrongNo | Recommendation::No => Some(false),
            Recommendation::Yes | Recommendation::StrongYes => Some(true),
            Recommendation::NoDecision => None,
        }
    }
}

wire_enum! {
    /// How far an interview's scorecard has got.
    ScoreState {
        NotStarted => "not-started", "Not started";
        Draft => "draft", "Draft";
        Submitted => "submitted", "Submitted";
    }
}

wire_enum! {
    /// What the retention policy does to a candidate whose time is up.
    RetentionAction {
        Anonymise => "anonymise", "Anonymise";
        Delete => "delete", "Delete";
    }
}

wire_enum! {
    /// Why a candidate's data was erased.
    ErasureReason {
        Retention => "retention", "Retention period ended";
        Request => "request", "On request";
    }
}

pub type CandidateId = i64;
pub type InterviewId = i64;

/// The lowest and highest rating on the interview scale.
pub const RATING_MIN: u8 = 1;
pub const RATING_MAX: u8 = 4;
/// A spread (highest − lowest rating) of this much or more on a dimension is a disagreement
/// the debrief flags.
pub const DISAGREEMENT_SPREAD: u8 = 2;
/// Calibration shows an alpha only when at least this many candidates were rated on the
/// dimension by two or more interviewers.
pub const MIN_CALIBRATION_UNITS: usize = 10;

/// What a rating means, for the form's buttons and the kit.
pub fn rating_label(rating: u8) -> &'static str {
    match rating {
        1 => "1 · well below the bar",
        2 => "2 · below the bar",
        3 => "3 · meets the bar",
        4 => "4 · exceeds the bar",
        _ => "not a rating",
    }
}

// ---------------------------------------------------------------------------------------------
// The rubric as copied into a process

/// A red flag of the rubric, with the key scorecards tick it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlag {
    pub key: String,
    pub text: String,
}

/// An exercise of the rubric, with the key a panel plans it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricExercise {
    pub key: String,
    pub name: String,
    pub minutes_min: u32,
    pub minutes_max: u32,
    pub prompt: String,
    pub evaluate: Vec<String>,
}

/// The role's rubric as it was when the process started: a later edit of the catalog role
/// does not change a running process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub role_key: String,
    pub role_name: String,
    pub role_version: u32,
    pub dimensions: Vec<RubricDimension>,
    pub strong_signals: Vec<String>,
    pub weak_signals: Vec<String>,
    pub red_flags: Vec<RedFlag>,
    pub exercises: Vec<RubricExercise>,
}

/// Lower-case words joined by hyphens: the key of an exercise named `name`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

impl Rubric {
    /// Copies a catalog role's rubric; red flags are keyed `rf1`, `rf2`, … in the role's order
    /// and exercises by their name's slug, so the CLI can name them.
    pub fn from_role(role: &Role) -> Rubric {
        Rubric {
            role_key: role.key.clone(),
            role_name: role.name.clone(),
            role_version: role.version,
            dimensions: role.dimensions.clone(),
            strong_signals: role.strong_signals.clone(),
            weak_signals: role.weak_signals.clone(),
            red_flags: role
                .red_flags
                .iter()
                .enumerate()
                .map(|(i, text)| RedFlag { key: format!("rf{}", i + 1), text: text.clone() })
                .collect(),
            exercises: role
                .exercises
                .iter()
                .map(|e| RubricExercise {
                    key: slug(&e.name),
                    name: e.name.clone(),
                    minutes_min: e.minutes_min,
                    minutes_max: e.minutes_max,
                    prompt: e.prompt.clone(),
                    evaluate: e.evaluate.clone(),
                })
                .collect(),
        }
    }

    pub fn dimension(&self, key: &str) -> Option<&RubricDimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }

    pub fn exercise(&self, key: &str) -> Option<&RubricExercise> {
        self.exercises.iter().find(|e| e.key == key)
    }

    pub fn red_flag(&self, key: &str) -> Option<&RedFlag> {
        self.red_flags.iter().find(|f| f.key == key)
    }

    fn unknown(&self, what: &str, key: &str, known: Vec<&str>) -> String {
        format!("`{key}` is not a {what} of the {} rubric; it has {}", self.role_name, known.join(", "))
    }

    /// Checks that every key names a dimension of this rubric.
    pub fn check_dimensions(&self, keys: &[String]) -> Result<(), String> {
        for key in keys {
            if self.dimension(key).is_none() {
                return Err(self.unknown(
                    "dimension",
                    key,
                    self.dimensions.iter().map(|d| d.key.as_str()).collect(),
                ));
            }
        }
        Ok(())
    }

    pub fn check_exercises(&self, keys: &[String]) -> Result<(), String> {
        for key in keys {
            if self.exercise(key).is_none() {
                return Err(self.unknown(
                    "exercise",
                    key,
                    self.exercises.iter().map(|e| e.key.as_str()).collect(),
                ));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Candidates and processes

/// A stage the process entered, when and by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageEvent {
    pub stage: Stage,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The chair's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub decision: FinalDecision,
    pub rationale: String,
    pub decided_by: String,
    pub at: DateTime<Utc>,
    /// Which way the panel's submitted recommendations leaned when the decision was made.
    pub panel_majority: Option<bool>,
    /// A hire against a majority of no, or a no hire against a majority of yes.
    pub against_majority: bool,
    #[serde(default)]
    pub against_majority_reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentSummary {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub added_at: DateTime<Utc>,
}

/// When a candidate's data is due to go, and what holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionStatus {
    /// The day the retention period ends (none while the process is open or under a hold).
    pub due_on: Option<NaiveDate>,
    pub legal_hold: bool,
    pub consent_extended: bool,
    /// Within the policy's warning window, or past it.
    pub warning: Option<String>,
}

/// A row of the candidates list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateSummary {
    pub id: CandidateId,
    /// The name, or `Anonymous <id>` once anonymised.
    pub label: String,
    pub anonymised: bool,
    pub role_key: String,
    pub role_name: String,
    pub stage: Stage,
    pub decision: Option<FinalDecision>,
    pub interviews: usize,
    pub submitted: usize,
    pub created_at: DateTime<Utc>,
    pub retention: RetentionStatus,
}

/// A candidate with their process, as the caller may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: CandidateId,
    pub label: String,
    pub anonymised: bool,
    /// The random id that stands for the candidate in calibration and the erasure log.
    pub subject_id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub source: String,
    pub notes: String,
    pub rubric: Rubric,
    pub stage: Stage,
    pub stages: Vec<StageEvent>,
    pub decision: Option<DecisionRecord>,
    pub attachments: Vec<AttachmentSummary>,
    pub interviews: Vec<InterviewSummary>,
    pub warnings: Vec<String>,
    pub retention: RetentionStatus,
    pub created_at: DateTime<Utc>,
    /// Whether the caller may see the debrief now (the chair, or a panel member who has
    /// submitted all their own scorecards).
    pub debrief_open: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewCandidate {
    pub name: String,
    pub role_key: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub notes: String,
}

/// A change to a candidate's own details; fields left `None` stay as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CandidateEdit {
    pub id: CandidateId,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateRef {
    pub id: CandidateId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CandidateListQuery {
    #[serde(default)]
    pub role_key: Option<String>,
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Matches names and e-mail addresses (case-insensitive).
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub id: CandidateId,
    pub stage: Stage,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub id: CandidateId,
    pub decision: FinalDecision,
    pub rationale: String,
    /// Needed when the decision goes against the panel's majority.
    #[serde(default)]
    pub against_majority_reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentAdd {
    pub candidate_id: CandidateId,
    pub name: String,
    #[serde(default)]
    pub media_type: String,
    pub content: crate::files::FileBytes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub candidate_id: CandidateId,
    pub attachment_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub summary: AttachmentSummary,
    pub content: crate::files::FileBytes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalHoldChange {
    pub id: CandidateId,
    pub hold: bool,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentChange {
    pub id: CandidateId,
    /// The candidate agreed to be kept for the policy's consent period (24 months by default).
    pub consent: bool,
}

// ---------------------------------------------------------------------------------------------
// Panels and interviews

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewSummary {
    pub id: InterviewId,
    pub candidate_id: CandidateId,
    pub interviewer: String,
    pub interviewer_id: i64,
    pub at: Option<DateTime<Utc>>,
    pub minutes: u32,
    pub focus: Vec<String>,
    pub exercises: Vec<String>,
    pub state: ScoreState,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Hours from the interview's time to the submission (or to now, while not submitted).
    pub hours_to_submit: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InterviewPlan {
    pub candidate_id: CandidateId,
    /// The interviewer's user name on the board.
    pub interviewer: String,
    pub focus: Vec<String>,
    #[serde(default)]
    pub exercises: Vec<String>,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    /// The time planned; defaults to the exercises' longest durations, or 60 minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewRef {
    pub id: InterviewId,
}

/// The planner's view of a panel: the interviews and what is wrong with the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelCoverage {
    pub dimension: String,
    pub name: String,
    pub weight: f64,
    pub interviewers: Vec<String>,
}

/// Warnings for a panel: weighted dimensions with fewer than two interviewers on them (their
/// agreement cannot be measured) and interviews whose exercises need more time than planned.
pub fn panel_warnings(rubric: &Rubric, interviews: &[InterviewSummary]) -> Vec<String> {
    let mut warnings = Vec::new();
    if interviews.is_empty() {
        return warnings;
    }
    for coverage in panel_coverage(rubric, interviews) {
        if coverage.weight > 0.0 && coverage.interviewers.len() < 2 {
            let who = match coverage.interviewers.as_slice() {
                [] => "nobody covers it".to_owned(),
                [one] => format!("only {one} covers it"),
                _ => unreachable!(),
            };
            warnings.push(format!(
                "{} ({:.0}% of the score): {who}; agreement needs at least two interviewers.",
                coverage.name, coverage.weight
            ));
        }
    }
    for interview in interviews {
        let needed: u32 =
            interview.exercises.iter().filter_map(|key| rubric.exercise(key)).map(|e| e.minutes_min).sum();
        if needed > interview.minutes {
            warnings.push(format!(
                "{}'s interview plans {} minutes but its exercises need at least {needed}.",
                interview.interviewer, interview.minutes
            ));
        }
    }
    warnings
}

/// Who covers each dimension of the rubric, in the rubric's order.
pub fn panel_coverage(rubric: &Rubric, interviews: &[InterviewSummary]) -> Vec<PanelCoverage> {
    rubric
        .dimensions
        .iter()
        .map(|d| {
            let mut interviewers: Vec<String> = Vec::new();
            for i in interviews.iter().filter(|i| i.focus.iter().any(|f| f == &d.key)) {
                if !interviewers.contains(&i.interviewer) {
                    interviewers.push(i.interviewer.clone());
                }
            }
            PanelCoverage { dimension: d.key.clone(), name: d.name.clone(), weight: d.weight, interviewers }
        })
        .collect()
}

/// What an interviewer is given before the interview: the focus dimensions with all four
/// anchors, what to listen for, and the exercises with their prompts and timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewKit {
    pub interview: InterviewSummary,
    pub candidate_label: String,
    pub role_name: String,
    pub role_version: u32,
    pub focus: Vec<RubricDimension>,
    pub strong_signals: Vec<String>,
    pub weak_signals: Vec<String>,
    pub red_flags: Vec<RedFlag>,
    pub exercises: Vec<RubricExercise>,
}

// ---------------------------------------------------------------------------------------------
// Scorecards

/// One dimension's score: a rating, or "not assessed" (kept apart: it is not a low score).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub dimension: String,
    #[serde(default)]
    pub rating: Option<u8>,
    #[serde(default)]
    pub not_assessed: bool,
    #[serde(default)]
    pub evidence: String,
}

/// A red flag ticked, with what was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlagTick {
    pub key: String,
    #[serde(default)]
    pub evidence: String,
}

/// What an interviewer writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ScoreSheet {
    #[serde(default)]
    pub scores: Vec<DimensionScore>,
    #[serde(default)]
    pub red_flags: Vec<RedFlagTick>,
    #[serde(default)]
    pub recommendation: Option<Recommendation>,
    #[serde(default)]
    pub takeaways: String,
    /// Seen only by its author and the chair (and in the candidate's subject access export).
    #[serde(default)]
    pub private_notes: String,
}

impl ScoreSheet {
    pub fn score(&self, dimension: &str) -> Option<&DimensionScore> {
        self.scores.iter().find(|s| s.dimension == dimension)
    }

    pub fn rating(&self, dimension: &str) -> Option<u8> {
        self.score(dimension).and_then(|s| if s.not_assessed { None } else { s.rating })
    }

    /// The dimension's score, added unrated when the sheet has none yet (the form and the CLI
    /// edit a draft one field at a time).
    pub fn score_mut(&mut self, dimension: &str) -> &mut DimensionScore {
        let index = match self.scores.iter().position(|s| s.dimension == dimension) {
            Some(index) => index,
            None => {
                self.scores.push(DimensionScore {
                    dimension: dimension.to_owned(),
                    rating: None,
                    not_assessed: false,
                    evidence: String::new(),
                });
                self.scores.len() - 1
            }
        };
        &mut self.scores[index]
    }

    /// The red flag's tick, added without evidence when it is not ticked yet.
    pub fn tick_mut(&mut self, key: &str) -> &mut RedFlagTick {
        let index = match self.red_flags.iter().position(|t| t.key == key) {
            Some(index) => index,
            None => {
                self.red_flags.push(RedFlagTick { key: key.to_owned(), evidence: String::new() });
                self.red_flags.len() - 1
            }
        };
        &mut self.red_flags[index]
    }

    /// The same sheet without what only the author and the chair may read.
    pub fn without_private_notes(mut self) -> ScoreSheet {
        self.private_notes.clear();
        self
    }
}

/// A problem with a sheet: the message and the field it is about (`rating.KEY`,
/// `evidence.KEY`, `red_flag.KEY`, `recommendation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    pub field: String,
    pub message: String,
}

/// Checks a sheet against the rubric. A draft may be incomplete but never wrong (a rating out
/// of 1–4, an unknown dimension or red flag, both a rating and "not assessed"); a submission
/// also needs every focus dimension rated or marked not assessed, evidence for every 1 and 4
/// and every red flag, and a recommendation.
pub fn check_sheet(
    rubric: &Rubric,
    focus: &[String],
    sheet: &ScoreSheet,
    submitting: bool,
) -> Result<(), SheetProblem> {
    let problem = |field: String, message: String| Err(SheetProblem { field, message });
    let mut seen = std::collections::BTreeSet::new();
    for score in &sheet.scores {
        let Some(dimension) = rubric.dimension(&score.dimension) else {
            return problem(
                format!("rating.{}", score.dimension),
                rubric.unknown(
                    "dimension",
                    &score.dimension,
                    rubric.dimensions.iter().map(|d| d.key.as_str()).collect(),
                ),
            );
        };
        if !seen.insert(score.dimension.as_str()) {
            return problem(
                format!("rating.{}", score.dimension),
                format!("{} is scored twice.", dimension.name),
            );
        }
        if let Some(rating) = score.rating {
            if !(RATING_MIN..=RATING_MAX).contains(&rating) {
                return problem(
                    format!("rating.{}", score.dimension),
                    format!("{}: a rating is 1 to 4, not {rating}.", dimension.name),
                );
            }
            if score.not_assessed {
                return problem(
                    format!("rating.{}", score.dimension),
                    format!("{} is both rated {rating} and marked not assessed; choose one.", dimension.name),
                );
            }
        }
    }
    let mut flags = std::collections::BTreeSet::new();
    for tick in &sheet.red_flags {
        if rubric.red_flag(&tick.key).is_none() {
            return problem(
                format!("red_flag.{}", tick.key),
                rubric.unknown(
                    "red flag",
                    &tick.key,
                    rubric.red_flags.iter().map(|f| f.key.as_str()).collect(),
                ),
            );
        }
        if !flags.insert(tick.key.as_str()) {
            return problem(
                format!("red_flag.{}", tick.key),
                format!("red flag {} is ticked twice.", tick.key),
            );
        }
    }
    if !submitting {
        return Ok(());
    }
    for key in focus {
        let name = rubric.dimension(key).map(|d| d.name.as_str()).unwrap_or(key);
        match sheet.score(key) {
            Some(s) if s.rating.is_some() || s.not_assessed => {}
            _ => {
                return problem(
                    format!("rating.{key}"),
                    format!(
                        "{name} is a focus of this interview: rate it 1–4 or mark it not assessed before submitting."
                    ),
                );
            }
        }
    }
    for score in &sheet.scores {
        if let Some(rating @ (1 | 4)) = score.rating
            && score.evidence.trim().is_empty()
        {
            let name =
                rubric.dimension(&score.dimension).map(|d| d.name.as_str()).unwrap_or(&score.dimension);
            return problem(
                format!("evidence.{}", score.dimension),
                format!("{name} is rated {rating}: a 1 or a 4 needs evidence notes saying what you saw."),
            );
        }
    }
    for tick in &sheet.red_flags {
        if tick.evidence.trim().is_empty() {
            return problem(
                format!("red_flag.{}", tick.key),
                format!("red flag {} is ticked: say what you saw that raised it.", tick.key),
            );
        }
    }
    if sheet.recommendation.is_none() {
        return problem(
            "recommendation".into(),
            "choose an overall recommendation (strong no, no, yes, strong yes or no decision) before submitting.".into(),
        );
    }
    Ok(())
}

/// A change after submission: the scorecard itself stays as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Addendum {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    pub text: String,
}

wire_enum! {
    /// How much of a scorecard the caller may read.
    Visibility {
        Author => "author", "Your own scorecard";
        Chair => "chair", "Visible to the chair";
        Panel => "panel", "Visible after your own submission";
        Sealed => "sealed", "Sealed until you submit your own";
    }
}

/// Who is reading, as the sealing rule needs to know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub user_id: i64,
    /// Holds the chair permission (runs panels and sees all submitted scores).
    pub chair: bool,
    /// Has an interview on this candidate's panel.
    pub on_panel: bool,
    /// Has submitted every scorecard of their own on this panel.
    pub submitted_own: bool,
}

/// The sealing rule. A draft is its author's alone. A submitted scorecard is open to the chair
/// (private notes included) and to a panel member who has submitted all their own (without
/// private notes); to everyone else — a panel member still scoring, anyone not on the panel —
/// it stays sealed.
pub fn visibility(reader: &Reader, author_id: i64, submitted: bool) -> Visibility {
    if reader.user_id == author_id {
        Visibility::Author
    } else if !submitted {
        Visibility::Sealed
    } else if reader.chair {
        Visibility::Chair
    } else if reader.on_panel && reader.submitted_own {
        Visibility::Panel
    } else {
        Visibility::Sealed
    }
}

/// Whether the reader may see the debrief: the chair always, a panel member once all their
/// own scorecards are in.
pub fn debrief_open(reader: &Reader) -> bool {
    reader.chair || (reader.on_panel && reader.submitted_own)
}

/// A scorecard as the caller may see it: `sheet` is `None` when sealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewScorecard {
    pub interview: InterviewSummary,
    pub candidate_label: String,
    pub role_name: String,
    pub visibility: Visibility,
    pub sheet: Option<ScoreSheet>,
    pub addenda: Vec<Addendum>,
    pub updated_at: Option<DateTime<Utc>>,
    /// The caller may still change it (their own, not submitted).
    pub editable: bool,
    /// The rubric's dimensions, red flags and anchors the form shows.
    pub rubric: Rubric,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSave {
    pub interview_id: InterviewId,
    pub sheet: ScoreSheet,
    /// Submit now (the sheet must be complete); a submitted scorecard cannot change again.
    #[serde(default)]
    pub submit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddendumRequest {
    pub interview_id: InterviewId,
    pub reason: String,
    pub text: String,
}

// ---------------------------------------------------------------------------------------------
// Debrief

/// One interviewer's score on a dimension in the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DebriefRating {
    pub interviewer: String,
    pub interview_id: InterviewId,
    pub rating: Option<u8>,
    pub not_assessed: bool,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DebriefDimension {
    pub key: String,
    pub name: String,
    pub weight: f64,
    pub ratings: Vec<DebriefRating>,
    pub mean: Option<f64>,
    /// Highest minus lowest rating.
    pub spread: Option<u8>,
    /// A spread of two points or more.
    pub disagreement: bool,
    /// Nobody rated it.
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightedTotal {
    /// An interviewer's name, or "Panel".
    pub who: String,
    /// On the 1–4 scale: the weighted mean over the dimensions rated.
    pub total: Option<f64>,
    /// The share of the rubric's weight behind the total, in percent.
    pub weight_covered: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlagRaised {
    pub key: String,
    pub text: String,
    /// (interviewer, evidence) for every scorecard that ticked it.
    pub raised_by: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub candidate_id: CandidateId,
    pub candidate_label: String,
    pub role_name: String,
    pub role_version: u32,
    /// Interviewers whose scorecards are in, and those still out (the debrief counts only
    /// submitted scorecards).
    pub submitted: Vec<String>,
    pub pending: Vec<String>,
    pub dimensions: Vec<DebriefDimension>,
    pub totals: Vec<WeightedTotal>,
    pub panel_total: WeightedTotal,
    pub red_flags: Vec<RedFlagRaised>,
    /// Every recommendation with its count (zeros included), strong no first.
    pub recommendations: Vec<(Recommendation, usize)>,
    /// Which way the submitted recommendations lean: more yes than no, or more no than yes.
    pub majority: Option<bool>,
    pub decision: Option<DecisionRecord>,
    /// The recommendations as a bar chart (SVG).
    pub recommendations_svg: String,
    pub grid_takeaways: Vec<(String, String)>,
}

/// A submitted scorecard as the debrief reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmittedSheet {
    pub interviewer: String,
    pub interview_id: InterviewId,
    pub sheet: ScoreSheet,
}

/// The weighted mean of `ratings` (dimension key → rating on 1–4) with the rubric's weights,
/// over the dimensions rated; `None` when none is.
pub fn weighted_total(rubric: &Rubric, rating_of: impl Fn(&str) -> Option<f64>) -> WeightedTotal {
    let mut sum = 0.0;
    let mut weight = 0.0;
    for d in &rubric.dimensions {
        if let Some(r) = rating_of(&d.key) {
            sum += d.weight * r;
            weight += d.weight;
        }
    }
    let all: f64 = rubric.dimensions.iter().map(|d| d.weight).sum();
    WeightedTotal {
        who: String::new(),
        total: (weight > 0.0).then(|| sum / weight),
        weight_covered: if all > 0.0 { weight / all * 100.0 } else { 0.0 },
    }
}

/// The debrief's figures: per dimension, per interviewer's total, the panel's total, the red
/// flags raised, the recommendations counted and which way they lean.
pub type DebriefFigures = (
    Vec<DebriefDimension>,
    Vec<WeightedTotal>,
    WeightedTotal,
    Vec<RedFlagRaised>,
    Vec<(Recommendation, usize)>,
    Option<bool>,
);

/// The debrief's arithmetic over the submitted scorecards: per dimension every rating, the
/// mean, the spread with disagreements flagged, the gaps; weighted totals per interviewer and
/// for the panel (over the dimension means); red flags with their evidence; recommendations.
pub fn compute_debrief(rubric: &Rubric, sheets: &[SubmittedSheet]) -> DebriefFigures {
    let dimensions: Vec<DebriefDimension> = rubric
        .dimensions
        .iter()
        .map(|d| {
            let ratings: Vec<DebriefRating> = sheets
                .iter()
                .filter_map(|s| {
                    s.sheet.score(&d.key).map(|score| DebriefRating {
                        interviewer: s.interviewer.clone(),
                        interview_id: s.interview_id,
                        rating: if score.not_assessed { None } else { score.rating },
                        not_assessed: score.not_assessed,
                        evidence: score.evidence.clone(),
                    })
                })
                .collect();
            let values: Vec<u8> = ratings.iter().filter_map(|r| r.rating).collect();
            let mean = (!values.is_empty())
                .then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64);
            let spread = values.iter().max().zip(values.iter().min()).map(|(max, min)| max - min);
            DebriefDimension {
                key: d.key.clone(),
                name: d.name.clone(),
                weight: d.weight,
                disagreement: spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD),
                gap: values.is_empty(),
                ratings,
                mean,
                spread,
            }
        })
        .collect();
    let totals = sheets
        .iter()
        .map(|s| WeightedTotal {
            who: s.interviewer.clone(),
            ..weighted_total(rubric, |key| s.sheet.rating(key).map(f64::from))
        })
        .collect();
    let means: BTreeMap<&str, f64> =
        dimensions.iter().filter_map(|d| d.mean.map(|m| (d.key.as_str(), m))).collect();
    let panel_total =
        WeightedTotal { who: "Panel".into(), ..weighted_total(rubric, |key| means.get(key).copied()) };
    let red_flags = rubric
        .red_flags
        .iter()
        .filter_map(|flag| {
            let raised_by: Vec<(String, String)> = sheets
                .iter()
                .filter_map(|s| {
                    s.sheet
                        .red_flags
                        .iter()
                        .find(|t| t.key == flag.key)
                        .map(|t| (s.interviewer.clone(), t.evidence.clone()))
                })
                .collect();
            (!raised_by.is_empty()).then(|| RedFlagRaised {
                key: flag.key.clone(),
                text: flag.text.clone(),
                raised_by,
            })
        })
        .collect();
    let recommendations: Vec<(Recommendation, usize)> = Recommendation::ALL
        .iter()
        .map(|r| (*r, sheets.iter().filter(|s| s.sheet.recommendation == Some(*r)).count()))
        .collect();
    (dimensions, totals, panel_total, red_flags, recommendations.clone(), majority(&recommendations))
}

/// Which way the recommendations lean, if either side has more.
pub fn majority(recommendations: &[(Recommendation, usize)]) -> Option<bool> {
    let count = |hire: bool| -> usize {
        recommendations.iter().filter(|(r, _)| r.leans_hire() == Some(hire)).map(|(_, n)| n).sum()
    };
    let (yes, no) = (count(true), count(false));
    match yes.cmp(&no) {
        std::cmp::Ordering::Greater => Some(true),
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether a decision goes against the panel's majority (a withdrawal never does).
pub fn against_majority(decision: FinalDecision, majority: Option<bool>) -> bool {
    matches!((decision, majority), (FinalDecision::Hire, Some(false)) | (FinalDecision::NoHire, Some(true)))
}

// ---------------------------------------------------------------------------------------------
// Calibration

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationQuery {
    pub role_key: String,
    /// Only processes started in the last this many months (all when `None`).
    #[serde(default)]
    pub months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionAgreement {
    pub key: String,
    pub name: String,
    /// Candidates rated on the dimension by two or more interviewers.
    pub units: usize,
    pub ratings: usize,
    /// Shown only with at least [`MIN_CALIBRATION_UNITS`] units.
    pub alpha: Option<f64>,
    pub reliability: Option<agreement::Reliability>,
    /// Why there is no alpha, when there is none.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewerCalibration {
    pub interviewer: String,
    pub scorecards: usize,
    pub ratings: usize,
    /// Mean difference from the other raters on the same candidate and dimension (positive:
    /// more lenient).
    pub leniency: Option<f64>,
    pub mean_absolute_deviation: Option<f64>,
    /// Median hours from the interview to the submission.
    pub median_hours_to_submit: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub role_key: String,
    pub role_name: String,
    pub processes: usize,
    pub scorecards: usize,
    pub dimensions: Vec<DimensionAgreement>,
    pub interviewers: Vec<InterviewerCalibration>,
    /// Alpha per dimension as a bar chart with the 0.667 and 0.8 lines (SVG).
    pub alpha_svg: String,
    /// Leniency per interviewer (SVG).
    pub leniency_svg: String,
}

// ---------------------------------------------------------------------------------------------
// Personal data

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// Months after the final decision that a candidate's data is kept.
    pub months: u32,
    /// Months a candidate who consented is kept instead.
    pub consent_months: u32,
    pub action: RetentionAction,
    /// Days before the end of the period that the candidate is shown as due soon.
    pub warn_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { months: 6, consent_months: 24, action: RetentionAction::Anonymise, warn_days: 14 }
    }
}

/// The presets the settings offer: (months, label).
pub const RETENTION_PRESETS: &[(u32, &str)] = &[
    (6, "6 months after the decision"),
    (7, "7 months after the decision"),
    (24, "24 months, with the candidate's consent"),
];

impl RetentionPolicy {
    pub fn check(&self) -> Result<(), SheetProblem> {
        if self.months == 0 || self.months > 120 {
            return Err(SheetProblem {
                field: "months".into(),
                message: format!("keep candidates 1 to 120 months after the decision, not {}.", self.months),
            });
        }
        if self.consent_months < self.months || self.consent_months > 120 {
            return Err(SheetProblem {
                field: "consent_months".into(),
                message: format!(
                    "the consent period ({} months) must be at least the normal period ({} months) and at most 120.",
                    self.consent_months, self.months
                ),
            });
        }
        if self.warn_days > 365 {
            return Err(SheetProblem {
                field: "warn_days".into(),
                message: "warn at most 365 days ahead.".into(),
            });
        }
        Ok(())
    }

    /// The day a candidate decided on `decided` becomes due for erasure: the period's months
    /// later, in the board's days (the next retention run on or after it erases them).
    pub fn due_on(&self, decided: NaiveDate, consent: bool) -> NaiveDate {
        let months = if consent { self.consent_months } else { self.months };
        decided.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
    }

    /// A candidate's retention status on `today`: open processes and legal holds are never due.
    pub fn status(
        &self,
        decided: Option<NaiveDate>,
        consent: bool,
        legal_hold: bool,
        today: NaiveDate,
    ) -> RetentionStatus {
        let due_on = if legal_hold { None } else { decided.map(|d| self.due_on(d, consent)) };
        let warning = due_on.and_then(|due| {
            let days = (due - today).num_days();
            if days <= 0 {
                Some(format!(
                    "The retention period ended on {due}: the data is {} at the next retention run.",
                    self.action_past()
                ))
            } else if days <= i64::from(self.warn_days) {
                Some(format!("The data will be {} on {due} ({days} days from now).", self.action_past()))
            } else {
                None
            }
        });
        RetentionStatus { due_on, legal_hold, consent_extended: consent, warning }
    }

    fn action_past(&self) -> &'static str {
        match self.action {
            RetentionAction::Anonymise => "anonymised",
            RetentionAction::Delete => "deleted",
        }
    }
}

/// One candidate in a retention run's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionItem {
    pub candidate_id: CandidateId,
    pub label: String,
    pub due_on: NaiveDate,
    pub action: RetentionAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RetentionPlan {
    pub policy: RetentionPolicy,
    pub today: NaiveDate,
    /// Past their period: purged by the next run.
    pub due: Vec<RetentionItem>,
    /// Within the warning window.
    pub soon: Vec<RetentionItem>,
    /// Kept under a legal hold however long ago they were decided.
    pub held: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RetentionRun {
    /// Only show what would happen.
    #[serde(default)]
    pub dry_run: bool,
}

/// A retention job's progress and outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionProgress {
    pub job: crate::job::JobSummary,
    pub plan: RetentionPlan,
    pub done: Vec<ErasureEntry>,
}

/// An erasure, with nothing about the person: only the random subject id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErasureEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub subject_id: String,
    pub action: RetentionAction,
    pub reason: ErasureReason,
    pub by: String,
    pub role_key: String,
}

/// Everything held about one candidate: the JSON document and a readable page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectAccessExport {
    pub candidate_id: CandidateId,
    /// File name stem, e.g. `candidate-12`.
    pub stem: String,
    pub json: String,
    pub html: String,
    pub attachments: Vec<crate::files::FileContents>,
}

#[cfg(test)]
mod tests;
