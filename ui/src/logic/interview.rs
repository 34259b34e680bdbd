//! The Interviews pages' pure logic: their URLs and the candidate list's filters in the query
//! string, the scorecard form's edits and keyboard (1–4, `n`), which control an engine error
//! names (`rating.KEY`, `evidence.KEY`, `red_flag.KEY`), the planner, decision, candidate and
//! retention forms (typed text → the contract's requests), the debrief grid's columns, and how
//! figures read. Every rule about interviews stays in archboard-types (`check_sheet`,
//! `panel_warnings`, `against_majority`, `RetentionPolicy::check`); this only asks them.

use crate::logic::kpi::{local_to_utc, parse_count, parse_local_datetime};
use crate::logic::query_string::{build, encode};
use archboard_types::ApiError;
use archboard_types::catalog::RubricDimension;
use archboard_types::interview::{
    Candidate, CandidateEdit, CandidateId, CandidateListQuery, Debrief, DecisionRequest, DimensionScore,
    FinalDecision, InterviewId, InterviewPlan, InterviewSummary, NewCandidate, Recommendation, RedFlagTick,
    RetentionAction, RetentionPolicy, Rubric, ScoreSheet, ScoreState, SheetProblem, Stage, against_majority,
    check_sheet, panel_warnings,
};
use archboard_types::job::JobSummary;
use chrono::{DateTime, NaiveDateTime, Utc};

pub const INTERVIEWS_PATH: &str = "/interviews";
pub const RETENTION_PATH: &str = "/interviews/retention";
pub const CALIBRATION_PATH: &str = "/interviews/calibration";

/// How long the scorecard form waits after the last change before it saves the draft.
pub const DRAFT_SAVE_MS: f64 = 800.0;

pub fn candidate_path(id: CandidateId) -> String {
    format!("{INTERVIEWS_PATH}/{id}")
}

pub fn debrief_path(id: CandidateId) -> String {
    format!("{INTERVIEWS_PATH}/{id}/debrief")
}

pub fn scorecard_path(interview: InterviewId) -> String {
    format!("{INTERVIEWS_PATH}/scorecard/{interview}")
}

pub fn kit_path(interview: InterviewId) -> String {
    format!("{INTERVIEWS_PATH}/kit/{interview}")
}

pub fn calibration_path(role_key: &str) -> String {
    format!("{CALIBRATION_PATH}/{}", encode(role_key))
}

/// The retention page following job `id` (the status bar's link to a running retention job).
pub fn retention_job_path(id: &str) -> String {
    format!("{RETENTION_PATH}{}", build(&[("job", id.to_owned())]))
}

pub fn retention_job_href(job: &JobSummary) -> String {
    retention_job_path(&job.id)
}

/// A candidate's or an interview's number in the URL, or why it is not one.
pub fn parse_id(what: &str, text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("`{text}` is not {what} number."))
}

// ---------------------------------------------------------------------------------------------
// The candidate list's place

/// `/interviews?role=role.ml-lead&stage=interviewing&q=ada`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidateListParams {
    pub role: String,
    pub stage: Option<Stage>,
    pub text: String,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl CandidateListParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = CandidateListParams {
            role: get("role").map(|r| r.trim().to_owned()).unwrap_or_default(),
            text: get("q").unwrap_or_default(),
            ..Default::default()
        };
        if let Some(text) = get("stage").filter(|s| !s.trim().is_empty()) {
            match text.parse::<Stage>() {
                Ok(stage) => params.stage = Some(stage),
                Err(message) => params.problems.push(message),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("role", self.role.clone()),
            ("stage", self.stage.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ("q", self.text.clone()),
        ])
    }

    pub fn filtered(&self) -> bool {
        !self.role.is_empty() || self.stage.is_some() || !self.text.trim().is_empty()
    }

    pub fn list_query(&self) -> CandidateListQuery {
        let text = self.text.trim();
        CandidateListQuery {
            role_key: (!self.role.is_empty()).then(|| self.role.clone()),
            stage: self.stage,
            text: (!text.is_empty()).then(|| text.to_owned()),
        }
    }
}

/// How many of `stages` are at each stage, in the process's order (zeros included).
pub fn stage_counts(stages: impl IntoIterator<Item = Stage>) -> Vec<(Stage, usize)> {
    let stages: Vec<Stage> = stages.into_iter().collect();
    Stage::ALL.iter().map(|s| (*s, stages.iter().filter(|x| *x == s).count())).collect()
}

/// Groups rows by a key, keeping the order in which each key first appears and each group's
/// rows in their order.
pub fn group_by<T, K: PartialEq + Clone>(rows: Vec<T>, key: impl Fn(&T) -> K) -> Vec<(K, Vec<T>)> {
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for row in rows {
        let k = key(&row);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, group)) => group.push(row),
            None => groups.push((k, vec![row])),
        }
    }
    groups
}

// ---------------------------------------------------------------------------------------------
// Errors beside the control they name

/// What an error's `field` is about on the scorecard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetField {
    Rating(String),
    Evidence(String),
    RedFlag(String),
    Recommendation,
    Takeaways,
    PrivateNotes,
    /// A field the form has no control for.
    Other(String),
}

/// Reads `rating.KEY`, `evidence.KEY`, `red_flag.KEY`, `recommendation`, … (a dimension key may
/// itself hold dots: only the first one separates).
pub fn sheet_field(field: &str) -> SheetField {
    match field.split_once('.') {
        Some(("rating", key)) if !key.is_empty() => SheetField::Rating(key.to_owned()),
        Some(("evidence", key)) if !key.is_empty() => SheetField::Evidence(key.to_owned()),
        Some(("red_flag", key)) if !key.is_empty() => SheetField::RedFlag(key.to_owned()),
        _ => match field {
            "recommendation" => SheetField::Recommendation,
            "takeaways" => SheetField::Takeaways,
            "private_notes" => SheetField::PrivateNotes,
            other => SheetField::Other(other.to_owned()),
        },
    }
}

/// The id of the control a scorecard error is about, to move the focus there.
pub fn sheet_field_element_id(field: &str) -> Option<String> {
    match sheet_field(field) {
        SheetField::Rating(key) => Some(format!("score-{key}")),
        SheetField::Evidence(key) => Some(format!("evidence-{key}")),
        SheetField::RedFlag(key) => Some(format!("red-flag-{key}")),
        SheetField::Recommendation => Some("recommendation".to_owned()),
        SheetField::Takeaways => Some("takeaways".to_owned()),
        SheetField::PrivateNotes => Some("private-notes".to_owned()),
        SheetField::Other(_) => None,
    }
}

/// A sheet problem found before sending, as the engine would report it.
pub fn problem_error(problem: SheetProblem) -> ApiError {
    ApiError::validation(&problem.field, problem.message)
}

/// The message of an error that no control of the form shows: one without a field, or with a
/// field not in `shown`.
pub fn unplaced_message(error: Option<ApiError>, shown: &[&str]) -> Option<String> {
    error.filter(|e| e.field.as_deref().is_none_or(|f| !shown.contains(&f))).map(|e| e.message)
}

/// Whether a scorecard error has a control on the form to sit beside: the dimension, evidence
/// and red flag keys the form shows, the recommendation, the take-aways and the notes.
pub fn sheet_error_placed(error: &ApiError, dimensions: &[String], red_flags: &[String]) -> bool {
    match error.field.as_deref().map(sheet_field) {
        Some(SheetField::Rating(k) | SheetField::Evidence(k)) => dimensions.contains(&k),
        Some(SheetField::RedFlag(k)) => red_flags.contains(&k),
        Some(SheetField::Recommendation | SheetField::Takeaways | SheetField::PrivateNotes) => true,
        Some(SheetField::Other(_)) | None => false,
    }
}

// ---------------------------------------------------------------------------------------------
// The scorecard form

/// What a key pressed on a dimension row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreKey {
    Rate(u8),
    NotAssessed,
}

/// The key's meaning on a focused dimension row: `1`–`4` rate, `n` marks not assessed. Keys
/// with a modifier, and any key while typing in a text field, mean nothing here.
pub fn score_key(key: &str, modified: bool, typing: bool) -> Option<ScoreKey> {
    if modified || typing {
        return None;
    }
    match key {
        "n" | "N" => Some(ScoreKey::NotAssessed),
        _ => key
            .parse::<u8>()
            .ok()
            .filter(|r| {
                (archboard_types::interview::RATING_MIN..=archboard_types::interview::RATING_MAX).contains(r)
            })
            .map(ScoreKey::Rate),
    }
}

/// The rubric's dimensions as the form lists them: the interview's focus first (in the rubric's
/// order), then the others; each with whether it is a focus.
pub fn ordered_dimensions<'a>(rubric: &'a Rubric, focus: &[String]) -> Vec<(&'a RubricDimension, bool)> {
    let (mut first, rest): (Vec<_>, Vec<_>) =
        rubric.dimensions.iter().map(|d| (d, focus.contains(&d.key))).partition(|(_, f)| *f);
    first.extend(rest);
    first
}

/// One dimension's score on the sheet: the rating, "not assessed", the evidence.
pub fn score_of(sheet: &ScoreSheet, key: &str) -> (Option<u8>, bool, String) {
    sheet
        .score(key)
        .map(|s| (if s.not_assessed { None } else { s.rating }, s.not_assessed, s.evidence.clone()))
        .unwrap_or_default()
}

/// Drops scores that hold nothing (no rating, not "not assessed", no evidence).
fn tidy(sheet: &mut ScoreSheet) {
    sheet.scores.retain(|s| s.rating.is_some() || s.not_assessed || !s.evidence.is_empty());
}

/// Rates a dimension (it is then no longer "not assessed").
pub fn set_rating(sheet: &mut ScoreSheet, key: &str, rating: u8) {
    let score = sheet.score_mut(key);
    score.rating = Some(rating);
    score.not_assessed = false;
}

/// Clicking the rating already chosen takes it back; another rating replaces it.
pub fn toggle_rating(sheet: &mut ScoreSheet, key: &str, rating: u8) {
    if score_of(sheet, key).0 == Some(rating) {
        sheet.score_mut(key).rating = None;
        tidy(sheet);
    } else {
        set_rating(sheet, key, rating);
    }
}

/// Marks a dimension not assessed (its rating goes), or takes the mark back.
pub fn toggle_not_assessed(sheet: &mut ScoreSheet, key: &str) {
    let score = sheet.score_mut(key);
    score.not_assessed = !score.not_assessed;
    if score.not_assessed {
        score.rating = None;
    }
    tidy(sheet);
}

/// Marks a dimension not assessed (the `n` key: it never takes the mark back).
pub fn mark_not_assessed(sheet: &mut ScoreSheet, key: &str) {
    let score = sheet.score_mut(key);
    score.not_assessed = true;
    score.rating = None;
}

pub fn set_evidence(sheet: &mut ScoreSheet, key: &str, text: String) {
    sheet.score_mut(key).evidence = text;
    tidy(sheet);
}

pub fn red_flag_ticked(sheet: &ScoreSheet, key: &str) -> bool {
    sheet.red_flags.iter().any(|t| t.key == key)
}

/// Ticks a red flag, or unticks it (its evidence goes with it).
pub fn toggle_red_flag(sheet: &mut ScoreSheet, key: &str) {
    if red_flag_ticked(sheet, key) {
        sheet.red_flags.retain(|t| t.key != key);
    } else {
        sheet.red_flags.push(RedFlagTick { key: key.to_owned(), evidence: String::new() });
    }
}

pub fn set_red_flag_evidence(sheet: &mut ScoreSheet, key: &str, text: String) {
    if let Some(tick) = sheet.red_flags.iter_mut().find(|t| t.key == key) {
        tick.evidence = text;
    }
}

pub fn red_flag_evidence(sheet: &ScoreSheet, key: &str) -> String {
    sheet.red_flags.iter().find(|t| t.key == key).map(|t| t.evidence.clone()).unwrap_or_default()
}

/// Whether a submission needs evidence for `rating` on dimension `key`: asked of `check_sheet`
/// with a sheet that is complete but for that evidence, so the rule stays in the contract.
pub fn evidence_required(rubric: &Rubric, key: &str, rating: Option<u8>) -> bool {
    let Some(rating) = rating else { return false };
    let sheet = ScoreSheet {
        scores: vec![DimensionScore {
            dimension: key.to_owned(),
            rating: Some(rating),
            not_assessed: false,
            evidence: String::new(),
        }],
        recommendation: Some(Recommendation::NoDecision),
        ..Default::default()
    };
    matches!(check_sheet(rubric, &[], &sheet, true), Err(p) if p.field == format!("evidence.{key}"))
}

/// Whether a ticked red flag needs evidence to be submitted, asked of `check_sheet` likewise.
pub fn red_flag_evidence_required(rubric: &Rubric, key: &str) -> bool {
    let sheet = ScoreSheet {
        red_flags: vec![RedFlagTick { key: key.to_owned(), evidence: String::new() }],
        recommendation: Some(Recommendation::NoDecision),
        ..Default::default()
    };
    matches!(check_sheet(rubric, &[], &sheet, true), Err(p) if p.field == format!("red_flag.{key}"))
}

/// Where the draft stands, for `#draft-status`.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftStatus {
    /// Nothing changed since the page opened.
    Unchanged,
    /// Changed, waiting for the pause before saving.
    Unsaved,
    Saving,
    Saved(DateTime<Utc>),
    Failed(String),
}

impl DraftStatus {
    /// The words shown; `offset_minutes` is the browser's UTC offset (`getTimezoneOffset`) at
    /// the saved time.
    pub fn label(&self, offset_minutes: i32) -> String {
        match self {
            DraftStatus::Unchanged => "Drafts save as you type.".to_owned(),
            DraftStatus::Unsaved => "Unsaved changes…".to_owned(),
            DraftStatus::Saving => "Saving…".to_owned(),
            DraftStatus::Saved(at) => format!("Saved at {}", local_hhmm(*at, offset_minutes)),
            DraftStatus::Failed(message) => format!("Not saved: {message}"),
        }
    }
}

/// An instant as the browser's wall clock reads it (`09:30`).
pub fn local_hhmm(at: DateTime<Utc>, offset_minutes: i32) -> String {
    (at.naive_utc() - chrono::Duration::minutes(offset_minutes.into())).format("%H:%M").to_string()
}

// ---------------------------------------------------------------------------------------------
// The panel planner

/// The planner form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanForm {
    pub interviewer: String,
    pub focus: Vec<String>,
    pub exercises: Vec<String>,
    /// As the `datetime-local` input holds it.
    pub at: String,
    pub minutes: String,
}

/// Adds `key` to `keys`, or takes it out.
pub fn toggle_key(keys: &mut Vec<String>, key: &str) {
    if let Some(index) = keys.iter().position(|k| k == key) {
        keys.remove(index);
    } else {
        keys.push(key.to_owned());
    }
}

impl PlanForm {
    /// The `interview_plan` request, with the keys checked against the rubric;
    /// `offset` gives the browser's UTC offset for a local time.
    pub fn to_plan(
        &self,
        candidate_id: CandidateId,
        rubric: &Rubric,
        offset: impl Fn(NaiveDateTime) -> i32,
    ) -> Result<InterviewPlan, ApiError> {
        let interviewer = self.interviewer.trim();
        if interviewer.is_empty() {
            return Err(ApiError::validation("interviewer", "Choose who interviews."));
        }
        // In the rubric's order, whatever order they were ticked in.
        let in_order = |keys: &[String], all: Vec<&str>| -> Vec<String> {
            let mut ordered: Vec<String> =
                all.into_iter().filter(|k| keys.iter().any(|x| x == k)).map(str::to_owned).collect();
            let unknown: Vec<String> = keys.iter().filter(|k| !ordered.contains(k)).cloned().collect();
            ordered.extend(unknown);
            ordered
        };
        let focus = in_order(&self.focus, rubric.dimensions.iter().map(|d| d.key.as_str()).collect());
        let exercises = in_order(&self.exercises, rubric.exercises.iter().map(|e| e.key.as_str()).collect());
        rubric.check_dimensions(&focus).map_err(|m| ApiError::validation("focus", m))?;
        rubric.check_exercises(&exercises).map_err(|m| ApiError::validation("exercises", m))?;
        let minutes = parse_count("minutes", &self.minutes)?;
        let at = parse_local_datetime(&self.at)
            .map_err(|message| ApiError::validation("at", message))?
            .map(|local| local_to_utc(local, offset(local)));
        Ok(InterviewPlan { candidate_id, interviewer: interviewer.to_owned(), focus, exercises, at, minutes })
    }
}

/// What adding `plan` to the panel would change in its warnings (`panel_warnings`): the ones
/// it would add and the ones it would settle.
pub fn planned_warnings(
    rubric: &Rubric,
    interviews: &[InterviewSummary],
    plan: &InterviewPlan,
) -> (Vec<String>, Vec<String>) {
    let now = panel_warnings(rubric, interviews);
    let mut after_plan = interviews.to_vec();
    after_plan.push(InterviewSummary {
        id: 0,
        candidate_id: plan.candidate_id,
        interviewer: plan.interviewer.clone(),
        interviewer_id: 0,
        at: plan.at,
        // Without minutes the engine plans what the exercises take, so there is no shortfall.
        minutes: plan.minutes.unwrap_or(u32::MAX),
        focus: plan.focus.clone(),
        exercises: plan.exercises.clone(),
        state: ScoreState::NotStarted,
        submitted_at: None,
        hours_to_submit: None,
    });
    let after = panel_warnings(rubric, &after_plan);
    let added = after.iter().filter(|w| !now.contains(w)).cloned().collect();
    let settled = now.iter().filter(|w| !after.contains(w)).cloned().collect();
    (added, settled)
}

/// `Exercise name (45–60 min)`.
pub fn exercise_label(name: &str, minutes_min: u32, minutes_max: u32) -> String {
    if minutes_min == minutes_max {
        format!("{name} ({minutes_min} min)")
    } else {
        format!("{name} ({minutes_min}–{minutes_max} min)")
    }
}

/// Names for keys, from the rubric (a key it does not know shows as itself).
pub fn dimension_names(rubric: &Rubric, keys: &[String]) -> String {
    keys.iter()
        .map(|k| rubric.dimension(k).map(|d| d.name.clone()).unwrap_or_else(|| k.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn exercise_names(rubric: &Rubric, keys: &[String]) -> String {
    keys.iter()
        .map(|k| rubric.exercise(k).map(|e| e.name.clone()).unwrap_or_else(|| k.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// The candidate's details and the decision

/// The add-candidate form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidateForm {
    pub name: String,
    pub role_key: String,
    pub email: String,
    pub phone: String,
    pub source: String,
    pub notes: String,
}

impl CandidateForm {
    pub fn from_candidate(c: &Candidate) -> Self {
        CandidateForm {
            name: c.name.clone(),
            role_key: c.rubric.role_key.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            source: c.source.clone(),
            notes: c.notes.clone(),
        }
    }

    pub fn to_new(&self) -> Result<NewCandidate, ApiError> {
        if self.name.trim().is_empty() {
            return Err(ApiError::validation("name", "Give the candidate's name."));
        }
        if self.role_key.trim().is_empty() {
            return Err(ApiError::validation("role_key", "Choose the role they apply for."));
        }
        Ok(NewCandidate {
            name: self.name.trim().to_owned(),
            role_key: self.role_key.trim().to_owned(),
            email: self.email.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            source: self.source.trim().to_owned(),
            notes: self.notes.trim().to_owned(),
        })
    }

    /// The `candidate_update` request carrying only what changed from `before`; `None` when
    /// nothing did.
    pub fn to_edit(&self, id: CandidateId, before: &CandidateForm) -> Option<CandidateEdit> {
        let changed = |now: &str, was: &str| (now.trim() != was.trim()).then(|| now.trim().to_owned());
        let edit = CandidateEdit {
            id,
            name: changed(&self.name, &before.name),
            email: changed(&self.email, &before.email),
            phone: changed(&self.phone, &before.phone),
            source: changed(&self.source, &before.source),
            notes: changed(&self.notes, &before.notes),
        };
        let any = edit.name.is_some()
            || edit.email.is_some()
            || edit.phone.is_some()
            || edit.source.is_some()
            || edit.notes.is_some();
        any.then_some(edit)
    }
}

/// The decision form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionForm {
    pub decision: Option<FinalDecision>,
    pub rationale: String,
    pub against_reason: String,
}

impl DecisionForm {
    /// Whether the chosen decision goes against the panel's `majority` (`against_majority`).
    pub fn against(&self, majority: Option<bool>) -> bool {
        self.decision.is_some_and(|d| against_majority(d, majority))
    }

    pub fn to_request(&self, id: CandidateId, majority: Option<bool>) -> Result<DecisionRequest, ApiError> {
        let Some(decision) = self.decision else {
            return Err(ApiError::validation("decision", "Choose hire, no hire or withdrawn."));
        };
        if self.against(majority) && self.against_reason.trim().is_empty() {
            return Err(ApiError::validation(
                "against_majority_reason",
                "This decision goes against the panel's majority: say why.",
            ));
        }
        Ok(DecisionRequest {
            id,
            decision,
            rationale: self.rationale.trim().to_owned(),
            against_majority_reason: self.against_reason.trim().to_owned(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Retention settings

/// The retention settings as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionForm {
    pub months: String,
    pub consent_months: String,
    pub action: RetentionAction,
    pub warn_days: String,
}

impl RetentionForm {
    pub fn from_policy(policy: &RetentionPolicy) -> Self {
        RetentionForm {
            months: policy.months.to_string(),
            consent_months: policy.consent_months.to_string(),
            action: policy.action,
            warn_days: policy.warn_days.to_string(),
        }
    }

    /// The policy, checked with `RetentionPolicy::check` before it is sent.
    pub fn to_policy(&self) -> Result<RetentionPolicy, ApiError> {
        let required = |field: &str, text: &str| -> Result<u32, ApiError> {
            parse_count(field, text)?.ok_or_else(|| ApiError::validation(field, "Give a whole number."))
        };
        let policy = RetentionPolicy {
            months: required("months", &self.months)?,
            consent_months: required("consent_months", &self.consent_months)?,
            action: self.action,
            warn_days: required("warn_days", &self.warn_days)?,
        };
        policy.check().map_err(problem_error)?;
        Ok(policy)
    }
}

// ---------------------------------------------------------------------------------------------
// The debrief

/// A column of the debrief grid: one submitted interview (an interviewer with two interviews
/// on the panel has two columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebriefColumn {
    pub interviewer: String,
    pub interview_id: Option<InterviewId>,
}

/// The grid's columns: every interview rated on some dimension, in the order the debrief lists
/// the submitted interviewers, then any submitted interviewer who rated nothing.
pub fn debrief_columns(debrief: &Debrief) -> Vec<DebriefColumn> {
    let mut columns: Vec<DebriefColumn> = Vec::new();
    for dimension in &debrief.dimensions {
        for rating in &dimension.ratings {
            if !columns.iter().any(|c| c.interview_id == Some(rating.interview_id)) {
                columns.push(DebriefColumn {
                    interviewer: rating.interviewer.clone(),
                    interview_id: Some(rating.interview_id),
                });
            }
        }
    }
    let rank = |name: &str| debrief.submitted.iter().position(|s| s == name).unwrap_or(usize::MAX);
    columns.sort_by_key(|c| (rank(&c.interviewer), c.interview_id));
    for name in &debrief.submitted {
        if !columns.iter().any(|c| &c.interviewer == name) {
            columns.push(DebriefColumn { interviewer: name.clone(), interview_id: None });
        }
    }
    columns
}

/// A debrief cell: the rating, `n/a` when marked not assessed, `—` when not scored.
pub fn debrief_cell(rating: Option<u8>, not_assessed: bool, scored: bool) -> String {
    match (scored, not_assessed, rating) {
        (false, _, _) => "—".to_owned(),
        (true, true, _) => "n/a".to_owned(),
        (true, false, Some(r)) => r.to_string(),
        (true, false, None) => "—".to_owned(),
    }
}

/// Which way the recommendations lean, in words.
pub fn majority_label(majority: Option<bool>) -> &'static str {
    match majority {
        Some(true) => "The panel leans towards hiring.",
        Some(false) => "The panel leans against hiring.",
        None => "The panel is evenly split or has no recommendations yet.",
    }
}

// ---------------------------------------------------------------------------------------------
// How figures read

/// A mean or total on the 1–4 scale: `2.67`, or `—`.
pub fn format_score(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".to_owned())
}

/// A signed figure with `decimals` places: `+0.25`, `-0.10`, `0.00`.
pub fn format_signed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    let text = format!("{:.decimals$}", value.abs());
    if text.chars().all(|c| c == '0' || c == '.') {
        text
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        format!("-{text}")
    }
}

/// Hours to submit: `5.5 h`, or `—`.
pub fn format_hours(hours: Option<f64>) -> String {
    hours.map(|h| format!("{h:.1} h")).unwrap_or_else(|| "—".to_owned())
}

/// A file size: `512 B`, `12.3 KB`, `4.0 MB`.
pub fn format_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

/// A dimension's weight: `25%`.
pub fn format_weight(weight: f64) -> String {
    format!("{weight:.0}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::interview::{
        DebriefDimension, DebriefRating, RedFlag, RubricExercise, WeightedTotal,
    };

    fn dimension(key: &str, weight: f64) -> RubricDimension {
        RubricDimension {
            key: key.into(),
            name: key.to_uppercase(),
            weight,
            well_below_bar: format!("{key} 1"),
            below_bar: format!("{key} 2"),
            meets_bar: format!("{key} 3"),
            exceeds_bar: format!("{key} 4"),
        }
    }

    fn rubric() -> Rubric {
        Rubric {
            role_key: "role.ml-lead".into(),
            role_name: "ML lead".into(),
            role_version: 1,
            dimensions: vec![dimension("design", 50.0), dimension("ops", 30.0), dimension("people", 20.0)],
            strong_signals: vec![],
            weak_signals: vec![],
            red_flags: vec![RedFlag { key: "rf1".into(), text: "Blames others".into() }],
            exercises: vec![RubricExercise {
                key: "system-design".into(),
                name: "System design".into(),
                minutes_min: 45,
                minutes_max: 60,
                prompt: "Design it".into(),
                evaluate: vec![],
            }],
        }
    }

    fn interview(id: i64, who: &str, focus: &[&str], minutes: u32) -> InterviewSummary {
        InterviewSummary {
            id,
            candidate_id: 1,
            interviewer: who.into(),
            interviewer_id: id,
            at: None,
            minutes,
            focus: focus.iter().map(|s| s.to_string()).collect(),
            exercises: vec![],
            state: ScoreState::NotStarted,
            submitted_at: None,
            hours_to_submit: None,
        }
    }

    #[test]
    fn paths_and_ids() {
        assert_eq!(candidate_path(7), "/interviews/7");
        assert_eq!(debrief_path(7), "/interviews/7/debrief");
        assert_eq!(scorecard_path(3), "/interviews/scorecard/3");
        assert_eq!(kit_path(3), "/interviews/kit/3");
        assert_eq!(calibration_path("role.ml lead"), "/interviews/calibration/role.ml%20lead");
        assert_eq!(retention_job_path("ret-1"), "/interviews/retention?job=ret-1");
        assert_eq!(parse_id("a candidate", " 12 "), Ok(12));
        assert!(parse_id("a candidate", "x").unwrap_err().contains("`x`"));
        assert!(parse_id("a candidate", "0").is_err());
    }

    #[test]
    fn list_filters_round_trip_through_the_query_string() {
        let get = |key: &str| match key {
            "role" => Some("role.ml-lead".to_owned()),
            "stage" => Some("interviewing".to_owned()),
            "q" => Some(" ada ".to_owned()),
            _ => None,
        };
        let params = CandidateListParams::parse(get);
        assert_eq!(params.stage, Some(Stage::Interviewing));
        assert!(params.filtered());
        assert_eq!(params.to_query(), "?role=role.ml-lead&stage=interviewing&q=%20ada%20");
        let query = params.list_query();
        assert_eq!(query.text.as_deref(), Some("ada"));
        assert_eq!(query.role_key.as_deref(), Some("role.ml-lead"));
        let bad = CandidateListParams::parse(|k| (k == "stage").then(|| "hired".to_owned()));
        assert_eq!(bad.stage, None);
        assert_eq!(bad.problems.len(), 1);
        assert!(!CandidateListParams::default().filtered());
        assert_eq!(CandidateListParams::default().to_query(), "");
    }

    #[test]
    fn stages_are_counted_and_rows_grouped_in_order() {
        let counts = stage_counts([Stage::Applied, Stage::Debrief, Stage::Applied]);
        assert_eq!(counts.len(), Stage::ALL.len());
        assert_eq!(counts[0], (Stage::Applied, 2));
        assert!(counts.contains(&(Stage::Debrief, 1)));
        assert!(counts.contains(&(Stage::Decided, 0)));
        let groups = group_by(vec![("b", 1), ("a", 2), ("b", 3)], |r| r.0);
        assert_eq!(groups, vec![("b", vec![("b", 1), ("b", 3)]), ("a", vec![("a", 2)])]);
    }

    #[test]
    fn error_fields_name_their_control() {
        assert_eq!(sheet_field("rating.design"), SheetField::Rating("design".into()));
        assert_eq!(sheet_field("evidence.a.b"), SheetField::Evidence("a.b".into()));
        assert_eq!(sheet_field("red_flag.rf2"), SheetField::RedFlag("rf2".into()));
        assert_eq!(sheet_field("recommendation"), SheetField::Recommendation);
        assert_eq!(sheet_field("private_notes"), SheetField::PrivateNotes);
        assert_eq!(sheet_field("rating."), SheetField::Other("rating.".into()));
        assert_eq!(sheet_field("interview_id"), SheetField::Other("interview_id".into()));
        assert_eq!(sheet_field_element_id("rating.design").as_deref(), Some("score-design"));
        assert_eq!(sheet_field_element_id("evidence.design").as_deref(), Some("evidence-design"));
        assert_eq!(sheet_field_element_id("red_flag.rf1").as_deref(), Some("red-flag-rf1"));
        assert_eq!(sheet_field_element_id("recommendation").as_deref(), Some("recommendation"));
        assert_eq!(sheet_field_element_id("interview_id"), None);
        let dims = vec!["design".to_owned()];
        let flags = vec!["rf1".to_owned()];
        assert!(sheet_error_placed(&ApiError::validation("evidence.design", "x"), &dims, &flags));
        assert!(!sheet_error_placed(&ApiError::validation("rating.unknown", "x"), &dims, &flags));
        assert!(!sheet_error_placed(&ApiError::conflict("submitted"), &dims, &flags));
        assert_eq!(unplaced_message(Some(ApiError::validation("name", "n")), &["name"]), None);
        assert_eq!(unplaced_message(Some(ApiError::validation("x", "m")), &["name"]).as_deref(), Some("m"));
        assert_eq!(unplaced_message(Some(ApiError::conflict("c")), &["name"]).as_deref(), Some("c"));
    }

    #[test]
    fn keys_rate_and_mark_not_assessed_but_not_while_typing() {
        assert_eq!(score_key("1", false, false), Some(ScoreKey::Rate(1)));
        assert_eq!(score_key("4", false, false), Some(ScoreKey::Rate(4)));
        assert_eq!(score_key("5", false, false), None);
        assert_eq!(score_key("0", false, false), None);
        assert_eq!(score_key("n", false, false), Some(ScoreKey::NotAssessed));
        assert_eq!(score_key("2", false, true), None, "typing in a textarea");
        assert_eq!(score_key("2", true, false), None, "with Ctrl or Alt");
        assert_eq!(score_key("Enter", false, false), None);
    }

    #[test]
    fn focus_dimensions_come_first_in_rubric_order() {
        let r = rubric();
        let order: Vec<(String, bool)> = ordered_dimensions(&r, &["people".into(), "ops".into()])
            .into_iter()
            .map(|(d, f)| (d.key.clone(), f))
            .collect();
        assert_eq!(order, vec![("ops".into(), true), ("people".into(), true), ("design".into(), false)]);
    }

    #[test]
    fn ratings_and_not_assessed_exclude_each_other() {
        let mut sheet = ScoreSheet::default();
        set_rating(&mut sheet, "design", 3);
        assert_eq!(score_of(&sheet, "design"), (Some(3), false, String::new()));
        toggle_not_assessed(&mut sheet, "design");
        assert_eq!(score_of(&sheet, "design"), (None, true, String::new()));
        toggle_rating(&mut sheet, "design", 2);
        assert_eq!(score_of(&sheet, "design"), (Some(2), false, String::new()));
        toggle_rating(&mut sheet, "design", 2);
        assert!(sheet.scores.is_empty(), "an empty score is dropped");
        set_evidence(&mut sheet, "ops", "Ran the on-call".into());
        mark_not_assessed(&mut sheet, "ops");
        mark_not_assessed(&mut sheet, "ops");
        assert_eq!(score_of(&sheet, "ops"), (None, true, "Ran the on-call".into()));
        assert!(check_sheet(&rubric(), &[], &sheet, false).is_ok());
    }

    #[test]
    fn red_flags_tick_with_their_evidence() {
        let mut sheet = ScoreSheet::default();
        toggle_red_flag(&mut sheet, "rf1");
        set_red_flag_evidence(&mut sheet, "rf1", "Said the team was at fault".into());
        assert!(red_flag_ticked(&sheet, "rf1"));
        assert_eq!(red_flag_evidence(&sheet, "rf1"), "Said the team was at fault");
        toggle_red_flag(&mut sheet, "rf1");
        assert!(!red_flag_ticked(&sheet, "rf1"));
        assert_eq!(red_flag_evidence(&sheet, "rf1"), "");
    }

    #[test]
    fn evidence_is_required_where_the_contract_says() {
        let r = rubric();
        assert!(evidence_required(&r, "design", Some(1)));
        assert!(!evidence_required(&r, "design", Some(2)));
        assert!(!evidence_required(&r, "design", Some(3)));
        assert!(evidence_required(&r, "design", Some(4)));
        assert!(!evidence_required(&r, "design", None));
        assert!(red_flag_evidence_required(&r, "rf1"));
    }

    #[test]
    fn draft_status_reads_in_local_time() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-07-14T07:30:00Z").unwrap().to_utc();
        assert_eq!(DraftStatus::Saved(at).label(-120), "Saved at 09:30");
        assert_eq!(DraftStatus::Saved(at).label(0), "Saved at 07:30");
        assert_eq!(DraftStatus::Failed("offline".into()).label(0), "Not saved: offline");
    }

    #[test]
    fn the_plan_is_checked_against_the_rubric() {
        let r = rubric();
        let form = PlanForm {
            interviewer: " grace ".into(),
            focus: vec!["ops".into(), "design".into()],
            exercises: vec!["system-design".into()],
            at: "2026-07-14T09:30".into(),
            minutes: "50".into(),
        };
        let plan = form.to_plan(4, &r, |_| -120).unwrap();
        assert_eq!(plan.interviewer, "grace");
        assert_eq!(plan.focus, vec!["design".to_owned(), "ops".to_owned()], "in the rubric's order");
        assert_eq!(plan.minutes, Some(50));
        assert_eq!(plan.at.unwrap().to_rfc3339(), "2026-07-14T07:30:00+00:00");
        let unknown =
            PlanForm { focus: vec!["nope".into()], ..form.clone() }.to_plan(4, &r, |_| 0).unwrap_err();
        assert_eq!(unknown.field.as_deref(), Some("focus"));
        let nobody = PlanForm { interviewer: " ".into(), ..form.clone() }.to_plan(4, &r, |_| 0).unwrap_err();
        assert_eq!(nobody.field.as_deref(), Some("interviewer"));
        let minutes = PlanForm { minutes: "an hour".into(), ..form }.to_plan(4, &r, |_| 0).unwrap_err();
        assert_eq!(minutes.field.as_deref(), Some("minutes"));
        let mut keys = vec!["a".to_owned()];
        toggle_key(&mut keys, "b");
        toggle_key(&mut keys, "a");
        assert_eq!(keys, vec!["b".to_owned()]);
    }

    #[test]
    fn a_planned_interview_shows_what_it_adds_and_settles() {
        let r = rubric();
        let panel = vec![interview(1, "ada", &["design", "ops", "people"], 60)];
        let plan = InterviewPlan {
            candidate_id: 1,
            interviewer: "grace".into(),
            focus: vec!["design".into()],
            exercises: vec!["system-design".into()],
            at: None,
            minutes: Some(30),
        };
        let (added, settled) = planned_warnings(&r, &panel, &plan);
        assert!(settled.iter().any(|w| w.starts_with("DESIGN")), "{settled:?}");
        assert!(added.iter().any(|w| w.contains("grace's interview plans 30 minutes")), "{added:?}");
        let (added, _) = planned_warnings(&r, &panel, &InterviewPlan { minutes: None, ..plan });
        assert!(added.is_empty(), "{added:?}");
        assert_eq!(exercise_label("Design", 45, 60), "Design (45–60 min)");
        assert_eq!(exercise_label("Chat", 30, 30), "Chat (30 min)");
        assert_eq!(dimension_names(&r, &["ops".into(), "x".into()]), "OPS, x");
    }

    #[test]
    fn candidate_edits_carry_only_what_changed() {
        let before = CandidateForm {
            name: "Ada".into(),
            role_key: "role.x".into(),
            email: "a@x".into(),
            ..Default::default()
        };
        assert_eq!(before.to_edit(3, &before), None);
        let after = CandidateForm { email: " ada@x ".into(), ..before.clone() };
        let edit = after.to_edit(3, &before).unwrap();
        assert_eq!(edit.email.as_deref(), Some("ada@x"));
        assert_eq!(edit.name, None);
        assert_eq!(CandidateForm::default().to_new().unwrap_err().field.as_deref(), Some("name"));
        let no_role = CandidateForm { name: "Ada".into(), ..Default::default() };
        assert_eq!(no_role.to_new().unwrap_err().field.as_deref(), Some("role_key"));
        assert_eq!(before.to_new().unwrap().role_key, "role.x");
    }

    #[test]
    fn a_decision_against_the_majority_needs_a_reason() {
        let form = DecisionForm {
            decision: Some(FinalDecision::Hire),
            rationale: " strong ".into(),
            against_reason: String::new(),
        };
        assert!(form.against(Some(false)));
        assert_eq!(
            form.to_request(1, Some(false)).unwrap_err().field.as_deref(),
            Some("against_majority_reason")
        );
        let request = form.to_request(1, Some(true)).unwrap();
        assert_eq!(request.rationale, "strong");
        let withdrawn = DecisionForm { decision: Some(FinalDecision::Withdrawn), ..form };
        assert!(!withdrawn.against(Some(true)));
        assert_eq!(
            DecisionForm::default().to_request(1, None).unwrap_err().field.as_deref(),
            Some("decision")
        );
    }

    #[test]
    fn retention_settings_are_checked_by_the_policy() {
        let form = RetentionForm::from_policy(&RetentionPolicy::default());
        assert_eq!(form.to_policy().unwrap(), RetentionPolicy::default());
        let short_consent = RetentionForm { consent_months: "3".into(), ..form.clone() };
        assert_eq!(short_consent.to_policy().unwrap_err().field.as_deref(), Some("consent_months"));
        let empty = RetentionForm { months: " ".into(), ..form.clone() };
        assert_eq!(empty.to_policy().unwrap_err().field.as_deref(), Some("months"));
        let words = RetentionForm { warn_days: "two weeks".into(), ..form };
        assert_eq!(words.to_policy().unwrap_err().field.as_deref(), Some("warn_days"));
    }

    fn rating(who: &str, id: i64, r: Option<u8>) -> DebriefRating {
        DebriefRating {
            interviewer: who.into(),
            interview_id: id,
            rating: r,
            not_assessed: r.is_none(),
            evidence: String::new(),
        }
    }

    #[test]
    fn debrief_columns_follow_the_submitted_order() {
        let total = WeightedTotal { who: "Panel".into(), total: None, weight_covered: 0.0 };
        let debrief = Debrief {
            candidate_id: 1,
            candidate_label: "Ada".into(),
            role_name: "ML lead".into(),
            role_version: 1,
            submitted: vec!["ada".into(), "grace".into(), "linus".into()],
            pending: vec![],
            dimensions: vec![
                DebriefDimension {
                    key: "design".into(),
                    name: "Design".into(),
                    weight: 50.0,
                    ratings: vec![rating("grace", 5, Some(3)), rating("ada", 2, Some(1))],
                    mean: Some(2.0),
                    spread: Some(2),
                    disagreement: true,
                    gap: false,
                },
                DebriefDimension {
                    key: "ops".into(),
                    name: "Ops".into(),
                    weight: 50.0,
                    ratings: vec![rating("ada", 3, None)],
                    mean: None,
                    spread: None,
                    disagreement: false,
                    gap: true,
                },
            ],
            totals: vec![],
            panel_total: total,
            red_flags: vec![],
            recommendations: vec![],
            majority: None,
            decision: None,
            recommendations_svg: String::new(),
            grid_takeaways: vec![],
        };
        let columns = debrief_columns(&debrief);
        let ids: Vec<(String, Option<i64>)> =
            columns.into_iter().map(|c| (c.interviewer, c.interview_id)).collect();
        assert_eq!(
            ids,
            vec![
                ("ada".into(), Some(2)),
                ("ada".into(), Some(3)),
                ("grace".into(), Some(5)),
                ("linus".into(), None)
            ]
        );
        assert_eq!(debrief_cell(Some(3), false, true), "3");
        assert_eq!(debrief_cell(None, true, true), "n/a");
        assert_eq!(debrief_cell(None, false, false), "—");
    }

    #[test]
    fn figures_read_with_their_signs_and_units() {
        assert_eq!(format_score(Some(2.666)), "2.67");
        assert_eq!(format_score(None), "—");
        assert_eq!(format_signed(0.25, 2), "+0.25");
        assert_eq!(format_signed(-0.1, 2), "-0.10");
        assert_eq!(format_signed(0.0, 2), "0.00");
        assert_eq!(format_signed(-0.001, 2), "0.00");
        assert_eq!(format_hours(Some(5.54)), "5.5 h");
        assert_eq!(format_hours(None), "—");
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(12_595), "12.3 KB");
        assert_eq!(format_weight(25.0), "25%");
    }
}
