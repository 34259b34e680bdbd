//! Interview panels: candidates with their copied rubric, panels and kits, scorecards under the
//! sealing rule, the debrief and the chair's decision, and calibration per role. Personal-data
//! handling (retention, anonymise, delete, subject access export) is in `interview/privacy.rs`.
//!
//! Every read goes through [`Services::reader`], so the sealing rule holds for the desktop, the
//! HTTP API and the CLI alike; audit entries name records by id and never hold a candidate's
//! name or free text, so an erasure leaves nothing about the person behind in the trail.

mod calibration;
mod privacy;

pub use privacy::RetentionJob;

use super::review::calendar::BoardCalendar;
use super::{Services, db_error};
use archboard_db::Connection;
use archboard_db::interview::{self as store, StoredCandidate, StoredInterview};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::CatalogItem;
use archboard_types::interview::*;
use archboard_types::people::{Permission, roles_grant};
use archboard_types::system::Empty;
use chrono::{DateTime, Utc};

/// What a stored interview shows in lists.
pub(crate) fn summary_of(i: &StoredInterview, now: DateTime<Utc>) -> InterviewSummary {
    let state = match (&i.sheet, i.submitted_at) {
        (_, Some(_)) => ScoreState::Submitted,
        (Some(_), None) => ScoreState::Draft,
        (None, None) => ScoreState::NotStarted,
    };
    let started = i.at.unwrap_or(i.created_at);
    let until = i.submitted_at.unwrap_or(now);
    let hours_to_submit = (until >= started).then(|| (until - started).num_seconds() as f64 / 3600.0);
    InterviewSummary {
        id: i.id,
        candidate_id: i.candidate_id,
        interviewer: i.interviewer.clone(),
        interviewer_id: i.interviewer_id,
        at: i.at,
        minutes: i.minutes,
        focus: i.focus.clone(),
        exercises: i.exercises.clone(),
        state,
        submitted_at: i.submitted_at,
        hours_to_submit,
    }
}

/// The name people see: the candidate's, or a stand-in once it is gone.
pub(crate) fn label_of(c: &StoredCandidate) -> String {
    if c.anonymised_at.is_some() {
        format!("Anonymous {}", &c.subject_id[..c.subject_id.len().min(8)])
    } else {
        c.name.clone()
    }
}

fn not_found(id: CandidateId) -> ApiError {
    ApiError::not_found(format!("There is no candidate {id} on this board."))
}

pub(crate) fn load_candidate(conn: &Connection, id: CandidateId) -> Result<StoredCandidate, ApiError> {
    store::candidate(conn, id).map_err(db_error)?.ok_or_else(|| not_found(id))
}

fn load_interview(conn: &Connection, id: InterviewId) -> Result<StoredInterview, ApiError> {
    store::interview(conn, id)
        .map_err(db_error)?
        .ok_or_else(|| ApiError::not_found(format!("There is no interview {id} on this board.")))
}

fn required(field: &str, what: &str, text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::validation(field, format!("{what} is required.")));
    }
    Ok(text.to_owned())
}

fn sheet_error(problem: SheetProblem) -> ApiError {
    ApiError::validation(&problem.field, problem.message)
}

impl Services {
    /// The caller as the sealing rule sees them on one candidate's panel.
    fn reader(&self, interviews: &[StoredInterview]) -> Result<Reader, ApiError> {
        let caller = self.signed_in()?;
        let own: Vec<&StoredInterview> =
            interviews.iter().filter(|i| i.interviewer_id == caller.user_id).collect();
        Ok(Reader {
            user_id: caller.user_id,
            chair: caller.can(Permission::Chair),
            on_panel: !own.is_empty(),
            submitted_own: !own.is_empty() && own.iter().all(|i| i.submitted_at.is_some()),
        })
    }

    /// Candidate data is for the chair and the candidate's own panel; anyone else is refused
    /// without being told more than that the candidate exists.
    fn check_may_read(&self, candidate: &StoredCandidate, reader: &Reader) -> Result<(), ApiError> {
        if reader.chair || reader.on_panel {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "Candidate {} is not on a panel you sit on; only their interviewers and the chair see them.",
            candidate.id
        )))
    }

    fn today(&self, conn: &Connection) -> Result<chrono::NaiveDate, ApiError> {
        Ok(BoardCalendar::read(conn)?.local_date(self.now()))
    }

    pub(crate) fn policy_in(conn: &Connection) -> Result<RetentionPolicy, ApiError> {
        Ok(store::policy(conn).map_err(db_error)?.unwrap_or_default())
    }

    fn retention_of(
        &self,
        conn: &Connection,
        c: &StoredCandidate,
        policy: &RetentionPolicy,
    ) -> Result<RetentionStatus, ApiError> {
        let calendar = BoardCalendar::read(conn)?;
        let decided = c.decided_at.map(|t| calendar.local_date(t));
        let mut status = policy.status(decided, c.consent, c.legal_hold, calendar.local_date(self.now()));
        if c.anonymised_at.is_some() {
            status.due_on = None;
            status.warning = None;
        }
        Ok(status)
    }

    fn candidate_view(&self, conn: &Connection, c: StoredCandidate) -> Result<Candidate, ApiError> {
        let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
        let reader = self.reader(&interviews)?;
        self.check_may_read(&c, &reader)?;
        let now = self.now();
        let summaries: Vec<InterviewSummary> = interviews.iter().map(|i| summary_of(i, now)).collect();
        let policy = Self::policy_in(conn)?;
        Ok(Candidate {
            id: c.id,
            label: label_of(&c),
            anonymised: c.anonymised_at.is_some(),
            subject_id: c.subject_id.clone(),
            warnings: panel_warnings(&c.rubric, &summaries),
            retention: self.retention_of(conn, &c, &policy)?,
            attachments: store::attachments_of(conn, c.id).map_err(db_error)?,
            interviews: summaries,
            debrief_open: debrief_open(&reader),
            name: c.name,
            email: c.email,
            phone: c.phone,
            source: c.source,
            notes: c.notes,
            rubric: c.rubric,
            stage: c.stage,
            stages: c.stages,
            decision: c.decision,
            created_at: c.created_at,
        })
    }

    fn candidate_by_id(&self, id: CandidateId) -> Result<Candidate, ApiError> {
        let conn = self.db.conn();
        self.candidate_view(conn, load_candidate(conn, id)?)
    }

    pub fn candidate_add(&mut self, request: NewCandidate) -> Result<Candidate, ApiError> {
        let name = required("name", "The candidate's name", &request.name)?;
        let role =
            match archboard_db::catalog::get(self.db.conn(), request.role_key.trim()).map_err(db_error)? {
                Some(stored) => match stored.item {
                    CatalogItem::Role(role) => role,
                    other => {
                        return Err(ApiError::validation(
                            "role_key",
                            format!("`{}` is a {}, not a role.", request.role_key, other.kind().as_str()),
                        ));
                    }
                },
                None => {
                    return Err(ApiError::validation(
                        "role_key",
                        format!(
                            "There is no role `{}` in the catalog; `catalog list --kind role` lists them.",
                            request.role_key
                        ),
                    ));
                }
            };
        if role.dimensions.is_empty() {
            return Err(ApiError::validation(
                "role_key",
                format!("{} has no rubric dimensions to score.", role.name),
            ));
        }
        let email = request.email.trim().to_owned();
        if !email.is_empty() && !email.contains('@') {
            return Err(ApiError::validation("email", format!("`{email}` is not an e-mail address.")));
        }
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let stored = StoredCandidate {
            id: 0,
            subject_id: super::new_secret()?.chars().take(16).collect(),
            name,
            email,
            phone: request.phone.trim().to_owned(),
            source: request.source.trim().to_owned(),
            notes: request.notes,
            role_key: role.key.clone(),
            rubric: Rubric::from_role(&role),
            stage: Stage::Applied,
            stages: vec![StageEvent { stage: Stage::Applied, at: now, by }],
            decision: None,
            decided_at: None,
            legal_hold: false,
            consent: false,
            anonymised_at: None,
            created_at: now,
        };
        let id = self.write(|change| {
            let id = store::insert_candidate(change, &stored).map_err(db_error)?;
            let after =
                serde_json::json!({ "role": stored.role_key, "role_version": stored.rubric.role_version });
            change.audit(AuditEntity::Candidate, &id.to_string(), AuditAction::Create, None, Some(&after))?;
            Ok(id)
        })?;
        self.candidate_by_id(id)
    }

    pub fn candidate_update(&mut self, request: CandidateEdit) -> Result<Candidate, ApiError> {
        let mut c = load_candidate(self.db.conn(), request.id)?;
        if c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!(
                "Candidate {} has been anonymised; their details are gone.",
                c.id
            )));
        }
        if let Some(name) = &request.name {
            c.name = required("name", "The candidate's name", name)?;
        }
        if let Some(email) = &request.email {
            let email = email.trim();
            if !email.is_empty() && !email.contains('@') {
                return Err(ApiError::validation("email", format!("`{email}` is not an e-mail address.")));
            }
            c.email = email.to_owned();
        }
        if let Some(phone) = &request.phone {
            c.phone = phone.trim().to_owned();
        }
        if let Some(source) = &request.source {
            c.source = source.trim().to_owned();
        }
        if let Some(notes) = &request.notes {
            c.notes = notes.clone();
        }
        self.write(|change| {
            store::update_candidate(change, &c).map_err(db_error)?;
            change.audit::<()>(AuditEntity::Candidate, &c.id.to_string(), AuditAction::Update, None, None)
        })?;
        self.candidate_by_id(request.id)
    }

    pub fn candidate_list(&mut self, query: CandidateListQuery) -> Result<Vec<CandidateSummary>, ApiError> {
        let conn = self.db.conn();
        let caller = self.signed_in()?;
        let chair = caller.can(Permission::Chair);
        let text = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
        let policy = Self::policy_in(conn)?;
        let mut out = Vec::new();
        for c in store::candidates(conn, query.role_key.as_deref()).map_err(db_error)? {
            if query.stage.is_some_and(|s| s != c.stage) {
                continue;
            }
            let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
            if !chair && !interviews.iter().any(|i| i.interviewer_id == caller.user_id) {
                continue;
            }
            if let Some(text) = &text
                && !c.name.to_lowercase().contains(text)
                && !c.email.to_lowercase().contains(text)
            {
                continue;
            }
            out.push(CandidateSummary {
                id: c.id,
                label: label_of(&c),
                anonymised: c.anonymised_at.is_some(),
                role_key: c.role_key.clone(),
                role_name: c.rubric.role_name.clone(),
                stage: c.stage,
                decision: c.decision.as_ref().map(|d| d.decision),
                interviews: interviews.len(),
                submitted: interviews.iter().filter(|i| i.submitted_at.is_some()).count(),
                created_at: c.created_at,
                retention: self.retention_of(conn, &c, &policy)?,
            });
        }
        Ok(out)
    }

    pub fn candidate_get(&mut self, request: CandidateRef) -> Result<Candidate, ApiError> {
        self.candidate_by_id(request.id)
    }

    fn change_stage(c: &mut StoredCandidate, stage: Stage, at: DateTime<Utc>, by: &str) {
        if c.stage != stage {
            c.stage = stage;
            c.stages.push(StageEvent { stage, at, by: by.to_owned() });
        }
    }

    pub fn candidate_stage(&mut self, request: StageChange) -> Result<Candidate, ApiError> {
        let mut c = load_candidate(self.db.conn(), request.id)?;
        if request.stage == Stage::Decided {
            return Err(ApiError::validation(
                "stage",
                "A process reaches Decided by recording the decision.",
            ));
        }
        if c.decision.is_some() {
            return Err(ApiError::conflict(format!(
                "Candidate {} has been decided ({}); the stage no longer moves.",
                c.id,
                c.decision.as_ref().map(|d| d.decision.label()).unwrap_or_default()
            )));
        }
        let before = c.stage;
        let by = self.signed_in()?.name.clone();
        Self::change_stage(&mut c, request.stage, self.now(), &by);
        self.write(|change| {
            store::update_candidate(change, &c).map_err(db_error)?;
            change.audit(
                AuditEntity::Candidate,
                &c.id.to_string(),
                AuditAction::Stage,
                Some(before.as_str()),
                Some(request.stage.as_str()),
            )
        })?;
        self.candidate_by_id(request.id)
    }

    /// The submitted scorecards of a panel, as the debrief and the decision read them.
    fn submitted_sheets(interviews: &[StoredInterview]) -> Vec<SubmittedSheet> {
        interviews
            .iter()
            .filter(|i| i.submitted_at.is_some())
            .filter_map(|i| {
                i.sheet.clone().map(|sheet| SubmittedSheet {
                    interviewer: i.interviewer.clone(),
                    interview_id: i.id,
                    sheet,
                })
            })
            .collect()
    }

    pub fn candidate_decide(&mut self, request: DecisionRequest) -> Result<Candidate, ApiError> {
        let conn = self.db.conn();
        let mut c = load_candidate(conn, request.id)?;
        if c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!("Candidate {} has been anonymised.", c.id)));
        }
        let rationale = required("rationale", "The decision's rationale", &request.rationale)?;
        let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
        let sheets = Self::submitted_sheets(&interviews);
        let (.., recommendations, panel_majority) = compute_debrief(&c.rubric, &sheets);
        let _ = recommendations;
        let against = against_majority(request.decision, panel_majority);
        let reason = request.against_majority_reason.trim().to_owned();
        if against && reason.is_empty() {
            let side = if panel_majority == Some(true) { "hire" } else { "not hire" };
            return Err(ApiError::validation(
                "against_majority_reason",
                format!(
                    "Most of the panel recommended to {side}: a decision of {} against that needs a written reason.",
                    request.decision.label().to_lowercase()
                ),
            ));
        }
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let before = c.decision.as_ref().map(|d| d.decision.as_str());
        c.decision = Some(DecisionRecord {
            decision: request.decision,
            rationale,
            decided_by: by.clone(),
            at: now,
            panel_majority,
            against_majority: against,
            against_majority_reason: if against { reason } else { String::new() },
        });
        c.decided_at = Some(now);
        Self::change_stage(&mut c, Stage::Decided, now, &by);
        self.write(|change| {
            store::update_candidate(change, &c).map_err(db_error)?;
            // The decision word only: the rationale is free text about the person.
            let after =
                serde_json::json!({ "decision": request.decision.as_str(), "against_majority": against });
            change.audit(
                AuditEntity::Candidate,
                &c.id.to_string(),
                AuditAction::Decide,
                before.map(|b| serde_json::json!({ "decision": b })).as_ref(),
                Some(&after),
            )
        })?;
        self.candidate_by_id(request.id)
    }

    pub fn candidate_attachment_add(&mut self, request: AttachmentAdd) -> Result<Candidate, ApiError> {
        const MAX_BYTES: usize = 20 * 1024 * 1024;
        let c = load_candidate(self.db.conn(), request.candidate_id)?;
        if c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!("Candidate {} has been anonymised.", c.id)));
        }
        let name = required("name", "The file's name", &request.name)?;
        if request.content.is_empty() {
            return Err(ApiError::validation("content", format!("{name} is empty.")));
        }
        if request.content.len() > MAX_BYTES {
            return Err(ApiError::validation(
                "content",
                format!(
                    "{name} is {} MB; attachments are at most 20 MB.",
                    request.content.len() / (1024 * 1024)
                ),
            ));
        }
        let media_type = if request.media_type.trim().is_empty() {
            "application/octet-stream".to_owned()
        } else {
            request.media_type.trim().to_owned()
        };
        let now = self.now();
        self.write(|change| {
            let id =
                store::insert_attachment(change, c.id, &name, &media_type, request.content.as_slice(), now)
                    .map_err(db_error)?;
            let after = serde_json::json!({ "attachment": id, "bytes": request.content.len() });
            change.audit(AuditEntity::Candidate, &c.id.to_string(), AuditAction::Update, None, Some(&after))
        })?;
        self.candidate_by_id(c.id)
    }

    pub fn candidate_attachment_get(&mut self, request: AttachmentRef) -> Result<Attachment, ApiError> {
        let conn = self.db.conn();
        let c = load_candidate(conn, request.candidate_id)?;
        let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
        self.check_may_read(&c, &self.reader(&interviews)?)?;
        let (summary, bytes) =
            store::attachment(conn, c.id, request.attachment_id).map_err(db_error)?.ok_or_else(|| {
                ApiError::not_found(format!(
                    "Candidate {} has no attachment {}.",
                    c.id, request.attachment_id
                ))
            })?;
        Ok(Attachment { summary, content: archboard_types::files::FileBytes(bytes) })
    }

    pub fn candidate_attachment_remove(&mut self, request: AttachmentRef) -> Result<Candidate, ApiError> {
        self.db.set_secure_delete(true).map_err(db_error)?;
        self.write(|change| {
            if !store::delete_attachment(change, request.candidate_id, request.attachment_id)
                .map_err(db_error)?
            {
                return Err(ApiError::not_found(format!(
                    "Candidate {} has no attachment {}.",
                    request.candidate_id, request.attachment_id
                )));
            }
            let before = serde_json::json!({ "attachment": request.attachment_id });
            change.audit(
                AuditEntity::Candidate,
                &request.candidate_id.to_string(),
                AuditAction::Update,
                Some(&before),
                None,
            )
        })?;
        self.candidate_by_id(request.candidate_id)
    }

    pub fn candidate_legal_hold(&mut self, request: LegalHoldChange) -> Result<Candidate, ApiError> {
        let mut c = load_candidate(self.db.conn(), request.id)?;
        if request.hold {
            required("reason", "A legal hold's reason", &request.reason)?;
        }
        c.legal_hold = request.hold;
        self.write(|change| {
            store::update_candidate(change, &c).map_err(db_error)?;
            let after = serde_json::json!({ "legal_hold": request.hold, "reason": request.reason.trim() });
            change.audit(
                AuditEntity::Candidate,
                &c.id.to_string(),
                AuditAction::LegalHold,
                None,
                Some(&after),
            )
        })?;
        self.candidate_by_id(request.id)
    }

    pub fn candidate_consent(&mut self, request: ConsentChange) -> Result<Candidate, ApiError> {
        let mut c = load_candidate(self.db.conn(), request.id)?;
        c.consent = request.consent;
        self.write(|change| {
            store::update_candidate(change, &c).map_err(db_error)?;
            let after = serde_json::json!({ "consent": request.consent });
            change.audit(AuditEntity::Candidate, &c.id.to_string(), AuditAction::Consent, None, Some(&after))
        })?;
        self.candidate_by_id(request.id)
    }

    // -----------------------------------------------------------------------------------------
    // Panels

    pub fn interview_plan(&mut self, request: InterviewPlan) -> Result<InterviewSummary, ApiError> {
        let conn = self.db.conn();
        let mut c = load_candidate(conn, request.candidate_id)?;
        if c.decision.is_some() || c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!(
                "Candidate {} has been decided; the panel is closed.",
                c.id
            )));
        }
        let interviewer = archboard_db::people::user_by_name(conn, request.interviewer.trim())
            .map_err(db_error)?
            .ok_or_else(|| {
                ApiError::validation(
                    "interviewer",
                    format!("There is no user called `{}` on this board.", request.interviewer.trim()),
                )
            })?;
        if !interviewer.active || !roles_grant(&interviewer.roles, Permission::Interview) {
            return Err(ApiError::validation(
                "interviewer",
                format!(
                    "{} cannot score interviews: {} is needed.",
                    interviewer.name,
                    Permission::Interview.roles_phrase()
                ),
            ));
        }
        if request.focus.is_empty() {
            return Err(ApiError::validation(
                "focus",
                "Choose at least one focus dimension for the interview.",
            ));
        }
        c.rubric.check_dimensions(&request.focus).map_err(|m| ApiError::validation("focus", m))?;
        c.rubric.check_exercises(&request.exercises).map_err(|m| ApiError::validation("exercises", m))?;
        let minutes = match request.minutes {
            Some(0) => return Err(ApiError::validation("minutes", "An interview needs some minutes.")),
            Some(m) if m > 8 * 60 => {
                return Err(ApiError::validation(
                    "minutes",
                    format!("{m} minutes is more than a working day."),
                ));
            }
            Some(m) => m,
            None => {
                let needed: u32 = request
                    .exercises
                    .iter()
                    .filter_map(|k| c.rubric.exercise(k))
                    .map(|e| e.minutes_max)
                    .sum();
                if needed == 0 { 60 } else { needed }
            }
        };
        let mut focus = request.focus.clone();
        focus.dedup();
        let now = self.now();
        let planned = StoredInterview {
            id: 0,
            candidate_id: c.id,
            interviewer_id: interviewer.id,
            interviewer: interviewer.name.clone(),
            at: request.at,
            minutes,
            focus,
            exercises: request.exercises.clone(),
            sheet: None,
            updated_at: None,
            submitted_at: None,
            addenda: Vec::new(),
            created_at: now,
        };
        let by = self.signed_in()?.name.clone();
        if matches!(c.stage, Stage::Applied | Stage::Screening) {
            Self::change_stage(&mut c, Stage::Interviewing, now, &by);
        }
        let id = self.write(|change| {
            let id = store::insert_interview(change, &planned).map_err(db_error)?;
            store::update_candidate(change, &c).map_err(db_error)?;
            let after = serde_json::json!({
                "candidate": c.id, "interviewer": planned.interviewer, "focus": planned.focus, "exercises": planned.exercises
            });
            change.audit(AuditEntity::Interview, &id.to_string(), AuditAction::Create, None, Some(&after))?;
            Ok(id)
        })?;
        Ok(summary_of(&load_interview(self.db.conn(), id)?, now))
    }

    pub fn interview_remove(&mut self, request: InterviewRef) -> Result<Candidate, ApiError> {
        let interview = load_interview(self.db.conn(), request.id)?;
        if interview.submitted_at.is_some() {
            return Err(ApiError::conflict(format!(
                "{}'s scorecard for interview {} is submitted; a submitted interview stays on the record.",
                interview.interviewer, interview.id
            )));
        }
        self.write(|change| {
            store::delete_interview(change, interview.id).map_err(db_error)?;
            change.audit::<()>(
                AuditEntity::Interview,
                &interview.id.to_string(),
                AuditAction::Delete,
                None,
                None,
            )
        })?;
        self.candidate_by_id(interview.candidate_id)
    }

    /// The interviewer of `interview` or the chair; anyone else is refused.
    fn check_own_or_chair(&self, interview: &StoredInterview) -> Result<(), ApiError> {
        let caller = self.signed_in()?;
        if caller.user_id == interview.interviewer_id || caller.can(Permission::Chair) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "Interview {} is {}'s; only they and the chair open its kit.",
            interview.id, interview.interviewer
        )))
    }

    pub fn interview_kit(&mut self, request: InterviewRef) -> Result<InterviewKit, ApiError> {
        let conn = self.db.conn();
        let interview = load_interview(conn, request.id)?;
        self.check_own_or_chair(&interview)?;
        let c = load_candidate(conn, interview.candidate_id)?;
        let rubric = &c.rubric;
        Ok(InterviewKit {
            interview: summary_of(&interview, self.now()),
            candidate_label: label_of(&c),
            role_name: rubric.role_name.clone(),
            role_version: rubric.role_version,
            focus: interview.focus.iter().filter_map(|k| rubric.dimension(k).cloned()).collect(),
            strong_signals: rubric.strong_signals.clone(),
            weak_signals: rubric.weak_signals.clone(),
            red_flags: rubric.red_flags.clone(),
            exercises: interview.exercises.iter().filter_map(|k| rubric.exercise(k).cloned()).collect(),
        })
    }

    // -----------------------------------------------------------------------------------------
    // Scorecards

    fn scorecard_view(
        &self,
        conn: &Connection,
        interview: &StoredInterview,
    ) -> Result<InterviewScorecard, ApiError> {
        let c = load_candidate(conn, interview.candidate_id)?;
        let panel = store::interviews_of(conn, c.id).map_err(db_error)?;
        let reader = self.reader(&panel)?;
        self.check_may_read(&c, &reader)?;
        let submitted = interview.submitted_at.is_some();
        let seen = visibility(&reader, interview.interviewer_id, submitted);
        let sheet = match seen {
            Visibility::Author | Visibility::Chair => Some(interview.sheet.clone().unwrap_or_default()),
            Visibility::Panel => interview.sheet.clone().map(ScoreSheet::without_private_notes),
            Visibility::Sealed => None,
        };
        Ok(InterviewScorecard {
            interview: summary_of(interview, self.now()),
            candidate_label: label_of(&c),
            role_name: c.rubric.role_name.clone(),
            visibility: seen,
            sheet,
            addenda: if seen == Visibility::Sealed { Vec::new() } else { interview.addenda.clone() },
            updated_at: if seen == Visibility::Sealed { None } else { interview.updated_at },
            editable: seen == Visibility::Author && !submitted,
            rubric: c.rubric,
        })
    }

    pub fn interview_scorecard(&mut self, request: InterviewRef) -> Result<InterviewScorecard, ApiError> {
        let conn = self.db.conn();
        let interview = load_interview(conn, request.id)?;
        self.scorecard_view(conn, &interview)
    }

    pub fn interview_score(&mut self, request: ScoreSave) -> Result<InterviewScorecard, ApiError> {
        let conn = self.db.conn();
        let interview = load_interview(conn, request.interview_id)?;
        let caller = self.signed_in()?;
        if caller.user_id != interview.interviewer_id {
            return Err(ApiError::forbidden(format!(
                "Interview {} is {}'s to score; nobody else writes on their scorecard.",
                interview.id, interview.interviewer
            )));
        }
        if let Some(at) = interview.submitted_at {
            return Err(ApiError::conflict(format!(
                "This scorecard was submitted on {}; it no longer changes. Add an addendum with a reason instead.",
                at.format("%Y-%m-%d %H:%M UTC")
            )));
        }
        let mut c = load_candidate(conn, interview.candidate_id)?;
        if c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!("Candidate {} has been anonymised.", c.id)));
        }
        check_sheet(&c.rubric, &interview.focus, &request.sheet, request.submit).map_err(sheet_error)?;
        let now = self.now();
        let submitted_at = request.submit.then_some(now);
        let panel = store::interviews_of(conn, c.id).map_err(db_error)?;
        let all_in = request.submit && panel.iter().all(|i| i.id == interview.id || i.submitted_at.is_some());
        let by = caller.name.clone();
        if all_in && c.stage == Stage::Interviewing {
            Self::change_stage(&mut c, Stage::Debrief, now, &by);
        }
        self.write(|change| {
            store::save_sheet(change, interview.id, &request.sheet, now, submitted_at).map_err(db_error)?;
            if request.submit {
                store::update_candidate(change, &c).map_err(db_error)?;
                // Drafts saved as someone types are not audited; the submission is, by id only.
                change.audit::<()>(
                    AuditEntity::Interview,
                    &interview.id.to_string(),
                    AuditAction::Submit,
                    None,
                    None,
                )?;
            }
            Ok(())
        })?;
        let conn = self.db.conn();
        self.scorecard_view(conn, &load_interview(conn, interview.id)?)
    }

    pub fn interview_addendum(&mut self, request: AddendumRequest) -> Result<InterviewScorecard, ApiError> {
        let conn = self.db.conn();
        let interview = load_interview(conn, request.interview_id)?;
        let caller = self.signed_in()?;
        if caller.user_id != interview.interviewer_id {
            return Err(ApiError::forbidden(format!(
                "Only {} adds addenda to their scorecard for interview {}.",
                interview.interviewer, interview.id
            )));
        }
        if interview.submitted_at.is_none() {
            return Err(ApiError::conflict(
                "The scorecard is still a draft: change it directly until you submit it.",
            ));
        }
        let reason = required("reason", "An addendum's reason", &request.reason)?;
        let text = required("text", "An addendum's text", &request.text)?;
        let mut addenda = interview.addenda.clone();
        addenda.push(Addendum { at: self.now(), by: caller.name.clone(), reason, text });
        self.write(|change| {
            store::set_addenda(change, interview.id, &addenda).map_err(db_error)?;
            change.audit::<()>(
                AuditEntity::Interview,
                &interview.id.to_string(),
                AuditAction::Addendum,
                None,
                None,
            )
        })?;
        let conn = self.db.conn();
        self.scorecard_view(conn, &load_interview(conn, interview.id)?)
    }

    // -----------------------------------------------------------------------------------------
    // Debrief

    pub fn debrief(&mut self, request: CandidateRef) -> Result<Debrief, ApiError> {
        let conn = self.db.conn();
        let c = load_candidate(conn, request.id)?;
        let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
        let reader = self.reader(&interviews)?;
        self.check_may_read(&c, &reader)?;
        if !debrief_open(&reader) {
            return Err(ApiError::forbidden(
                "The debrief opens for you once you have submitted your own scorecard; until then the panel's scores stay sealed.",
            ));
        }
        let sheets = Self::submitted_sheets(&interviews);
        let (dimensions, totals, panel_total, red_flags, recommendations, majority) =
            compute_debrief(&c.rubric, &sheets);
        let labels: Vec<(&str, usize)> = recommendations.iter().map(|(r, n)| (r.label(), *n)).collect();
        let mut submitted: Vec<String> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for i in &interviews {
            let list = if i.submitted_at.is_some() { &mut submitted } else { &mut pending };
            if !list.contains(&i.interviewer) {
                list.push(i.interviewer.clone());
            }
        }
        Ok(Debrief {
            candidate_id: c.id,
            candidate_label: label_of(&c),
            role_name: c.rubric.role_name.clone(),
            role_version: c.rubric.role_version,
            submitted,
            pending,
            dimensions,
            totals,
            panel_total,
            red_flags,
            recommendations_svg: archboard_charts::interview::recommendations_svg(&labels),
            recommendations,
            majority,
            decision: c.decision.clone(),
            grid_takeaways: sheets
                .iter()
                .map(|s| (s.interviewer.clone(), s.sheet.takeaways.clone()))
                .collect(),
        })
    }

    // -----------------------------------------------------------------------------------------
    // Retention settings

    pub fn retention_policy(&mut self, _: Empty) -> Result<RetentionPolicy, ApiError> {
        Self::policy_in(self.db.conn())
    }

    pub fn retention_policy_set(&mut self, policy: RetentionPolicy) -> Result<RetentionPolicy, ApiError> {
        policy.check().map_err(sheet_error)?;
        self.write(|change| {
            let before = Self::policy_in(change)?;
            store::set_policy(change, &policy).map_err(db_error)?;
            change.audit(
                AuditEntity::InterviewSettings,
                "retention",
                AuditAction::Update,
                Some(&before),
                Some(&policy),
            )
        })?;
        Self::policy_in(self.db.conn())
    }

    pub fn erasure_log(&mut self, _: Empty) -> Result<Vec<ErasureEntry>, ApiError> {
        store::erasures(self.db.conn()).map_err(db_error)
    }
}

#[cfg(test)]
mod tests;
