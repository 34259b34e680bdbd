//! Candidate data as personal data: the retention plan and its job, anonymising (free text and
//! attachments gone, ratings kept under the random subject id), deleting (every row, then the
//! file compacted so the bytes are gone from it and its write-ahead log), the erasure log that
//! names no one, and the subject access export (JSON and a readable page).

use super::{label_of, load_candidate, summary_of};
use crate::jobs::Job;
use crate::services::{Services, db_error};
use archboard_db::Connection;
use archboard_db::interview::{self as store, StoredCandidate};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::files::FileContents;
use archboard_types::interview::*;
use archboard_types::job::{JobKind, JobRef, JobState, JobSummary};
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A sheet with every word an interviewer wrote about the person removed; ratings, "not
/// assessed", red flags ticked and the recommendation stay for calibration.
fn anonymised_sheet(mut sheet: ScoreSheet) -> ScoreSheet {
    for score in &mut sheet.scores {
        score.evidence.clear();
    }
    for tick in &mut sheet.red_flags {
        tick.evidence.clear();
    }
    sheet.takeaways.clear();
    sheet.private_notes.clear();
    sheet
}

impl Services {
    /// Candidates past their retention period, within the warning window, and held.
    fn plan_retention(&self, conn: &Connection) -> Result<RetentionPlan, ApiError> {
        let policy = Self::policy_in(conn)?;
        let today = self.today(conn)?;
        let mut plan = RetentionPlan {
            policy: policy.clone(),
            today,
            due: Vec::new(),
            soon: Vec::new(),
            held: Vec::new(),
        };
        for c in store::candidates(conn, None).map_err(db_error)? {
            if c.anonymised_at.is_some() && policy.action == RetentionAction::Anonymise {
                continue;
            }
            if c.legal_hold {
                if c.decided_at.is_some() {
                    plan.held.push(label_of(&c));
                }
                continue;
            }
            let status = self.retention_of(conn, &c, &policy)?;
            let due_on = match (status.due_on, c.anonymised_at) {
                (Some(due), _) => due,
                // An anonymised record under a delete policy goes when its period would have ended.
                (None, Some(_)) => match c.decided_at {
                    Some(decided) => policy.due_on(
                        crate::services::review::calendar::BoardCalendar::read(conn)?.local_date(decided),
                        c.consent,
                    ),
                    None => continue,
                },
                (None, None) => continue,
            };
            let item =
                RetentionItem { candidate_id: c.id, label: label_of(&c), due_on, action: policy.action };
            if due_on <= today {
                plan.due.push(item);
            } else if (due_on - today).num_days() <= i64::from(policy.warn_days) {
                plan.soon.push(item);
            }
        }
        Ok(plan)
    }

    pub fn retention_plan(&mut self, _: archboard_types::system::Empty) -> Result<RetentionPlan, ApiError> {
        self.plan_retention(self.db.conn())
    }

    /// Erases one candidate in one transaction, then compacts the board so nothing of what was
    /// erased stays in the file's free pages or its write-ahead log.
    pub(crate) fn erase(
        &mut self,
        id: CandidateId,
        action: RetentionAction,
        reason: ErasureReason,
    ) -> Result<ErasureEntry, ApiError> {
        let c = load_candidate(self.db.conn(), id)?;
        if c.legal_hold {
            return Err(ApiError::conflict(format!(
                "Candidate {id} is under a legal hold; lift the hold before erasing their data."
            )));
        }
        if action == RetentionAction::Anonymise && c.anonymised_at.is_some() {
            return Err(ApiError::conflict(format!("Candidate {id} is already anonymised.")));
        }
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        self.db.set_secure_delete(true).map_err(db_error)?;
        let entry = self.write(|change| {
            match action {
                RetentionAction::Anonymise => anonymise_rows(change, c.clone(), now)?,
                RetentionAction::Delete => store::delete_candidate(change, c.id).map_err(db_error)?,
            }
            let mut entry = ErasureEntry {
                id: 0,
                at: now,
                subject_id: c.subject_id.clone(),
                action,
                reason,
                by: by.clone(),
                role_key: c.role_key.clone(),
            };
            entry.id = store::insert_erasure(change, &entry).map_err(db_error)?;
            let audit_action = match action {
                RetentionAction::Anonymise => AuditAction::Anonymise,
                RetentionAction::Delete => AuditAction::Delete,
            };
            let after = serde_json::json!({ "subject": entry.subject_id, "reason": reason.as_str() });
            change.audit(AuditEntity::Candidate, &c.id.to_string(), audit_action, None, Some(&after))?;
            Ok(entry)
        })?;
        self.db.compact().map_err(db_error)?;
        Ok(entry)
    }

    pub fn candidate_anonymise(&mut self, request: CandidateRef) -> Result<ErasureEntry, ApiError> {
        self.erase(request.id, RetentionAction::Anonymise, ErasureReason::Request)
    }

    pub fn candidate_delete(&mut self, request: CandidateRef) -> Result<ErasureEntry, ApiError> {
        self.erase(request.id, RetentionAction::Delete, ErasureReason::Request)
    }

    pub fn retention_start(&mut self, request: RetentionRun) -> Result<JobSummary, ApiError> {
        let plan = self.plan_retention(self.db.conn())?;
        let now = self.now();
        let job = Arc::new(RetentionJob {
            id: crate::jobs::new_job_id("retention", now),
            board: self.database_path().display().to_string(),
            started_at: now,
            cancelled: AtomicBool::new(false),
            live: Mutex::new(Live { plan: plan.clone(), ..Live::default() }),
        });
        self.jobs.add(job.clone());
        if request.dry_run || plan.due.is_empty() {
            job.finish(JobState::Completed, None, Utc::now());
            return Ok(job.summary());
        }
        // The job erases through a connection of its own, as the caller who started it.
        let mut worker = self.worker()?;
        let summary = job.summary();
        std::thread::spawn(move || {
            let ran =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&job, &mut worker, &plan)));
            if ran.is_err() {
                tracing::error!(job = %job.id, "the retention thread panicked");
                job.finish(
                    JobState::Failed,
                    Some("Retention stopped on an internal error; the log says why.".into()),
                    Utc::now(),
                );
            }
        });
        Ok(summary)
    }

    pub fn retention_progress(&mut self, request: JobRef) -> Result<RetentionProgress, ApiError> {
        let job = self.jobs.get(&request.id).ok_or_else(|| {
            ApiError::not_found(format!("There is no job `{}` in this process.", request.id))
        })?;
        let retention = job.as_any().downcast_ref::<RetentionJob>().ok_or_else(|| {
            ApiError::validation("id", format!("Job `{}` is not a retention run.", request.id))
        })?;
        Ok(retention.progress())
    }

    pub fn candidate_export(&mut self, request: CandidateRef) -> Result<SubjectAccessExport, ApiError> {
        let conn = self.db.conn();
        let c = load_candidate(conn, request.id)?;
        let interviews = store::interviews_of(conn, c.id).map_err(db_error)?;
        let mut attachments = Vec::new();
        for summary in store::attachments_of(conn, c.id).map_err(db_error)? {
            if let Some((_, bytes)) = store::attachment(conn, c.id, summary.id).map_err(db_error)? {
                attachments.push(FileContents::new(
                    format!("attachments/{}-{}", summary.id, safe_name(&summary.name)),
                    bytes,
                ));
            }
        }
        let now = self.now();
        let document = serde_json::json!({
            "exported_at": now,
            "board": self.database_path().file_name().map(|n| n.to_string_lossy().into_owned()),
            "candidate": {
                "id": c.id, "subject_id": c.subject_id, "name": c.name, "email": c.email, "phone": c.phone,
                "source": c.source, "notes": c.notes, "role": c.rubric.role_name, "role_key": c.role_key,
                "role_version": c.rubric.role_version, "stage": c.stage, "stages": c.stages, "decision": c.decision,
                "legal_hold": c.legal_hold, "consent_to_longer_retention": c.consent,
                "anonymised_at": c.anonymised_at, "created_at": c.created_at,
            },
            "attachments": store::attachments_of(conn, c.id).map_err(db_error)?,
            "interviews": interviews.iter().map(|i| serde_json::json!({
                "interview": summary_of(i, now),
                "scorecard": i.sheet,
                "addenda": i.addenda,
            })).collect::<Vec<_>>(),
            "rubric": c.rubric,
        });
        let json = serde_json::to_string_pretty(&document)
            .map_err(|e| ApiError::internal(format!("cannot write the export: {e}")))?;
        let html = export_html(&c, &interviews, now);
        self.write(|change| {
            change.audit::<()>(AuditEntity::Candidate, &c.id.to_string(), AuditAction::Export, None, None)
        })?;
        Ok(SubjectAccessExport {
            candidate_id: c.id,
            stem: format!("candidate-{}", c.id),
            json,
            html,
            attachments,
        })
    }
}

fn anonymise_rows(conn: &Connection, mut c: StoredCandidate, now: DateTime<Utc>) -> Result<(), ApiError> {
    for interview in store::interviews_of(conn, c.id).map_err(db_error)? {
        if let Some(sheet) = interview.sheet.clone() {
            let updated = interview.updated_at.unwrap_or(now);
            store::save_sheet(conn, interview.id, &anonymised_sheet(sheet), updated, interview.submitted_at)
                .map_err(db_error)?;
        }
        store::set_addenda(conn, interview.id, &[]).map_err(db_error)?;
    }
    store::delete_attachments_of(conn, c.id).map_err(db_error)?;
    c.name = String::new();
    c.email = String::new();
    c.phone = String::new();
    c.source = String::new();
    c.notes = String::new();
    if let Some(decision) = &mut c.decision {
        decision.rationale.clear();
        decision.against_majority_reason.clear();
    }
    c.anonymised_at = Some(now);
    store::update_candidate(conn, &c).map_err(db_error)?;
    Ok(())
}

fn safe_name(name: &str) -> String {
    name.chars().map(|ch| if ch.is_alphanumeric() || ".-_".contains(ch) { ch } else { '_' }).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A readable page of everything held: details, stages, decision, and every scorecard with
/// evidence, take-aways and private notes.
fn export_html(
    c: &StoredCandidate,
    interviews: &[archboard_db::interview::StoredInterview],
    now: DateTime<Utc>,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let label = escape(&label_of(c));
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>What Archboard holds about {label}</title>\
         <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse;margin:.5rem 0 1rem}}td,th{{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}}\
         .private{{background:#fff6d6}}</style></head><body>\
         <h1>What Archboard holds about {label}</h1><p>Exported {}. This page and the JSON file beside it hold every record \
         this board keeps about the candidate, including interviewers' private notes.</p><h2>Details</h2><table>",
        now.format("%Y-%m-%d %H:%M UTC")
    );
    let rows = [
        ("Name", c.name.as_str()),
        ("E-mail", c.email.as_str()),
        ("Phone", c.phone.as_str()),
        ("Source", c.source.as_str()),
        ("Notes", c.notes.as_str()),
        ("Role applied for", c.rubric.role_name.as_str()),
        ("Stage", c.stage.label()),
    ];
    for (name, value) in rows {
        let _ = write!(out, "<tr><th>{name}</th><td>{}</td></tr>", escape(value));
    }
    let _ = write!(
        out,
        "<tr><th>Legal hold</th><td>{}</td></tr><tr><th>Consented to longer retention</th><td>{}</td></tr></table><h2>Stages</h2><ul>",
        if c.legal_hold { "yes" } else { "no" },
        if c.consent { "yes" } else { "no" }
    );
    for s in &c.stages {
        let _ =
            write!(out, "<li>{} — {} by {}</li>", s.at.format("%Y-%m-%d"), s.stage.label(), escape(&s.by));
    }
    out.push_str("</ul><h2>Decision</h2>");
    match &c.decision {
        Some(d) => {
            let _ = write!(
                out,
                "<p>{} on {} by {}: {}</p>",
                d.decision.label(),
                d.at.format("%Y-%m-%d"),
                escape(&d.decided_by),
                escape(&d.rationale)
            );
        }
        None => out.push_str("<p>No decision yet.</p>"),
    }
    out.push_str("<h2>Interviews and scorecards</h2>");
    for i in interviews {
        let _ = write!(
            out,
            "<h3>Interview {} with {}{}</h3>",
            i.id,
            escape(&i.interviewer),
            i.at.map(|t| format!(" on {}", t.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default()
        );
        let Some(sheet) = &i.sheet else {
            out.push_str("<p>No scorecard written.</p>");
            continue;
        };
        out.push_str("<table><tr><th>Dimension</th><th>Rating</th><th>Evidence</th></tr>");
        for s in &sheet.scores {
            let name = c.rubric.dimension(&s.dimension).map(|d| d.name.as_str()).unwrap_or(&s.dimension);
            let rating = if s.not_assessed {
                "not assessed".to_owned()
            } else {
                s.rating.map(|r| r.to_string()).unwrap_or_default()
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{rating}</td><td>{}</td></tr>",
                escape(name),
                escape(&s.evidence)
            );
        }
        out.push_str("</table>");
        for tick in &sheet.red_flags {
            let text = c.rubric.red_flag(&tick.key).map(|f| f.text.as_str()).unwrap_or(&tick.key);
            let _ = write!(out, "<p>Red flag: {} — {}</p>", escape(text), escape(&tick.evidence));
        }
        let _ = write!(
            out,
            "<p>Recommendation: {}</p><p>Key take-aways: {}</p><p class=\"private\">Private notes: {}</p><p>{}</p>",
            sheet.recommendation.map(|r| r.label()).unwrap_or("none"),
            escape(&sheet.takeaways),
            escape(&sheet.private_notes),
            match i.submitted_at {
                Some(at) => format!("Submitted {}", at.format("%Y-%m-%d %H:%M UTC")),
                None => "Draft".into(),
            }
        );
        for a in &i.addenda {
            let _ = write!(
                out,
                "<p>Addendum {} by {} ({}): {}</p>",
                a.at.format("%Y-%m-%d"),
                escape(&a.by),
                escape(&a.reason),
                escape(&a.text)
            );
        }
    }
    out.push_str("</body></html>\n");
    out
}

#[derive(Default)]
struct Live {
    plan: RetentionPlan,
    done: Vec<ErasureEntry>,
    state: Option<JobState>,
    message: Option<String>,
    finished_at: Option<DateTime<Utc>>,
}

/// A retention run in the job registry: the candidates due, erased one transaction each.
pub struct RetentionJob {
    id: String,
    board: String,
    started_at: DateTime<Utc>,
    cancelled: AtomicBool,
    live: Mutex<Live>,
}

impl RetentionJob {
    fn lock(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn finish(&self, state: JobState, message: Option<String>, at: DateTime<Utc>) {
        let mut live = self.lock();
        live.state = Some(state);
        live.message = message;
        live.finished_at = Some(at);
    }

    fn record(&self, entry: ErasureEntry) {
        self.lock().done.push(entry);
    }

    fn progress(&self) -> RetentionProgress {
        let live = self.lock();
        RetentionProgress { job: self.summary_of(&live), plan: live.plan.clone(), done: live.done.clone() }
    }

    fn summary_of(&self, live: &Live) -> JobSummary {
        let total = live.plan.due.len();
        let state = live.state.unwrap_or(JobState::Running);
        JobSummary {
            id: self.id.clone(),
            kind: JobKind::Retention,
            title: "Candidate data retention".into(),
            state,
            started_at: self.started_at,
            finished_at: live.finished_at,
            fraction: Some(if total == 0 { 1.0 } else { live.done.len() as f64 / total as f64 }),
            stage: format!("{} of {} candidates erased", live.done.len(), total),
            message: live.message.clone(),
            subject: None,
            board: self.board.clone(),
        }
    }
}

impl Job for RetentionJob {
    fn summary(&self) -> JobSummary {
        self.summary_of(&self.lock())
    }

    fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn run(job: &RetentionJob, worker: &mut Services, plan: &RetentionPlan) {
    for item in &plan.due {
        if job.cancelled.load(Ordering::SeqCst) {
            job.finish(
                JobState::Cancelled,
                Some("Cancelled; the candidates not yet erased are kept.".into()),
                Utc::now(),
            );
            return;
        }
        match worker.erase(item.candidate_id, item.action, ErasureReason::Retention) {
            Ok(entry) => job.record(entry),
            Err(error) => {
                job.finish(
                    JobState::Failed,
                    Some(format!("Candidate {} could not be erased: {}", item.candidate_id, error.message)),
                    Utc::now(),
                );
                return;
            }
        }
    }
    job.finish(JobState::Completed, None, Utc::now());
}
