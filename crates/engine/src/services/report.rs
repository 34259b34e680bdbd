//! Quarterly maturity reports: a build is a job (progress per team, cancel between teams) that
//! reads the quarter's snapshot — frozen at close, or live and marked provisional — and the
//! three quarters before it, notes late changes, and stores the report model. Downloads render
//! the stored model again, so a report is the same bytes every time it is fetched.

use super::maturity::snapshot::Progress;
use super::{Services, db_error};
use crate::jobs::Job;
use archboard_db::maturity as store;
use archboard_report::{Report, ReportInput};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::job::{JobKind, JobRef, JobState, JobSummary};
use archboard_types::kpi::Period;
use archboard_types::maturity::{QualityIssue, QualityNote, QuarterSnapshot, late_changes, require_quarter};
use archboard_types::report::{
    COMMENTARY_MAX_CHARS, ReportFileRequest, ReportFiles, ReportProgress, ReportRef, ReportRequest,
    ReportSummary,
};
use archboard_types::system::Empty;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Quarters before the reported one that trends and deltas look back over.
const HISTORY_QUARTERS: usize = 3;

impl Services {
    /// Checks a request and names the teams it covers, in report order.
    fn report_scope(&mut self, request: &ReportRequest) -> Result<(Period, Vec<String>), ApiError> {
        let period = require_quarter(request.period).map_err(|e| ApiError::validation("period", e))?;
        if request.commentary.chars().count() > COMMENTARY_MAX_CHARS {
            return Err(ApiError::validation(
                "commentary",
                format!("The commentary is longer than {COMMENTARY_MAX_CHARS} characters."),
            ));
        }
        let board = self.team_names()?;
        if board.is_empty() {
            return Err(ApiError::validation(
                "teams",
                "The board has no teams to report on: add a team first.",
            ));
        }
        let mut teams = Vec::new();
        for wanted in &request.teams {
            let wanted = wanted.trim();
            let Some(found) = board.iter().find(|t| t.eq_ignore_ascii_case(wanted)) else {
                return Err(ApiError::validation(
                    "teams",
                    format!("There is no team `{wanted}` on this board; teams: {}.", board.join(", ")),
                ));
            };
            if !teams.contains(found) {
                teams.push(found.clone());
            }
        }
        Ok((period, if teams.is_empty() { board } else { teams }))
    }

    /// Builds a report now (the job's body; the bench calls it directly) and stores it.
    pub fn report_build(
        &mut self,
        request: &ReportRequest,
        progress: &dyn ReportProgressSink,
    ) -> Result<ReportSummary, ApiError> {
        let (period, teams) = self.report_scope(request)?;
        let whole_board = request.teams.is_empty();
        let steps = teams.len() * (2 + HISTORY_QUARTERS) + 1;
        let counter = StepCounter { sink: progress, steps, done: Mutex::new((0, String::new())) };
        counter.stage(format!("Reading {period}"));
        let (mut current, frozen) = self.snapshot_or_live(period, &teams, &counter)?;
        order_teams(&mut current, &teams);
        let late = if frozen {
            counter.stage(format!("Looking for data that arrived after {period} closed"));
            let live = self.live_snapshot(period, &teams, &counter)?;
            late_changes(&current, &live)
        } else {
            counter.skip(teams.len());
            Vec::new()
        };
        let mut history = Vec::new();
        for back in period.trailing(HISTORY_QUARTERS + 1).into_iter().take(HISTORY_QUARTERS) {
            counter.stage(format!("Reading {back}"));
            let (mut snapshot, _) = self.snapshot_or_live(back, &teams, &counter)?;
            order_teams(&mut snapshot, &teams);
            history.push(snapshot);
        }
        note_definition_changes(&mut current, history.last());
        if progress.cancelled() {
            return Err(ApiError::conflict("Cancelled."));
        }
        counter.stage("Drawing the charts and writing the report".into());
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let title = request
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("ML maturity report {period}"));
        let board = self
            .database_path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Archboard".into());
        let snapshot_id = current.snapshot_id;
        let input = ReportInput {
            title: title.clone(),
            board,
            period,
            sections: request.sections_in_order(),
            commentary: request.commentary.trim().to_owned(),
            current,
            history,
            late_changes: late,
            generated_at: now,
            generated_by: by.clone(),
        };
        let report = archboard_report::build(&input);
        let model = serde_json::to_string(&report)
            .map_err(|e| ApiError::internal(format!("cannot store the report: {e}")))?;
        let mut summary = ReportSummary {
            id: 0,
            title,
            period,
            teams: teams.clone(),
            whole_board,
            sections: input.sections.clone(),
            snapshot_id,
            provisional: !frozen,
            built_at: now,
            built_by: by,
            late_changes: input.late_changes.len() as u32,
        };
        summary.id = self.write(|change| {
            let id = store::insert_report(change, &summary, &model).map_err(db_error)?;
            let mut audited = summary.clone();
            audited.id = id;
            change.audit(AuditEntity::Report, &id.to_string(), AuditAction::Build, None, Some(&audited))?;
            Ok(id)
        })?;
        counter.skip(1);
        Ok(summary)
    }

    pub fn report_start(&mut self, request: ReportRequest) -> Result<JobSummary, ApiError> {
        let (period, teams) = self.report_scope(&request)?;
        let now = self.now();
        let job = Arc::new(ReportJob {
            id: crate::jobs::new_job_id("report", now),
            title: format!("Report {period} · {}", scope_words(&teams, request.teams.is_empty())),
            board: self.database_path().display().to_string(),
            started_at: now,
            cancelled: AtomicBool::new(false),
            live: Mutex::new(Live { stage: "Starting".into(), ..Live::default() }),
        });
        self.jobs.add(job.clone());
        let mut worker = self.worker()?;
        let summary = job.summary();
        std::thread::spawn(move || {
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                worker.report_build(&request, &*job)
            }));
            let finished = Utc::now();
            match ran {
                Ok(Ok(report)) => job.finish(JobState::Completed, None, Some(report), finished),
                Ok(Err(_)) if job.cancelled() => job.finish(
                    JobState::Cancelled,
                    Some("Cancelled; nothing was stored.".into()),
                    None,
                    finished,
                ),
                Ok(Err(error)) => job.finish(JobState::Failed, Some(error.message), None, finished),
                Err(_) => {
                    tracing::error!(job = %job.id, "the report thread panicked");
                    job.finish(
                        JobState::Failed,
                        Some("The report stopped on an internal error; the log says why.".into()),
                        None,
                        finished,
                    );
                }
            }
        });
        Ok(summary)
    }

    pub fn report_progress(&mut self, request: JobRef) -> Result<ReportProgress, ApiError> {
        let job = self.jobs.get(&request.id).ok_or_else(|| {
            ApiError::not_found(format!("There is no job `{}` in this process.", request.id))
        })?;
        let report = job.as_any().downcast_ref::<ReportJob>().ok_or_else(|| {
            ApiError::validation("id", format!("Job `{}` is not a report build.", request.id))
        })?;
        let live = report.lock();
        Ok(ReportProgress { job: report.summary_of(&live), report: live.report.clone() })
    }

    pub fn report_list(&mut self, _: Empty) -> Result<Vec<ReportSummary>, ApiError> {
        store::reports(self.db.conn()).map_err(db_error)
    }

    pub fn report_get(&mut self, request: ReportFileRequest) -> Result<ReportFiles, ApiError> {
        let (summary, model) = store::report(self.db.conn(), request.id)
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("There is no report {}.", request.id)))?;
        let report: Report = serde_json::from_str(&model)
            .map_err(|e| ApiError::internal(format!("report {} cannot be read back: {e}", request.id)))?;
        let stem = report_stem(&summary);
        archboard_report::render(&report, request.format, &stem, request.bundle).map_err(|e| {
            ApiError::internal(format!(
                "report {} could not be rendered as {}: {e}",
                request.id,
                request.format.label()
            ))
        })
    }

    pub fn report_delete(&mut self, request: ReportRef) -> Result<Empty, ApiError> {
        let Some((summary, _)) = store::report(self.db.conn(), request.id).map_err(db_error)? else {
            return Err(ApiError::not_found(format!("There is no report {}.", request.id)));
        };
        self.write(|change| {
            store::delete_report(change, request.id).map_err(db_error)?;
            change.audit(
                AuditEntity::Report,
                &request.id.to_string(),
                AuditAction::Delete,
                Some(&summary),
                None,
            )
        })?;
        Ok(Empty {})
    }
}

/// `maturity-2026-Q3` or `maturity-2026-Q3-payments` for one team.
fn report_stem(summary: &ReportSummary) -> String {
    let mut stem = format!("maturity-{}", summary.period);
    if !summary.whole_board && summary.teams.len() == 1 {
        let slug: String = summary.teams[0]
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        stem.push('-');
        stem.push_str(slug.trim_matches('-'));
    }
    stem
}

fn scope_words(teams: &[String], whole_board: bool) -> String {
    if whole_board { "whole board".into() } else { teams.join(", ") }
}

/// Puts a snapshot's teams in the order asked for.
fn order_teams(snapshot: &mut QuarterSnapshot, teams: &[String]) {
    snapshot.teams.sort_by_key(|t| teams.iter().position(|name| *name == t.team).unwrap_or(usize::MAX));
}

/// A KPI whose catalog definition has a different version than last quarter's is noted: its
/// numbers may not compare.
fn note_definition_changes(current: &mut QuarterSnapshot, previous: Option<&QuarterSnapshot>) {
    let Some(previous) = previous else { return };
    for team in &mut current.teams {
        let Some(before) = previous.team(&team.team) else { continue };
        for k in &team.kpis {
            if let Some(old) = before.kpi(&k.kpi)
                && old.definition_version != 0
                && old.definition_version != k.definition_version
            {
                team.quality.push(QualityNote {
                    issue: QualityIssue::DefinitionChanged,
                    team: team.team.clone(),
                    subject: k.kpi.clone(),
                    detail: format!(
                        "{}: definition version {} last quarter, {} now",
                        k.name, old.definition_version, k.definition_version
                    ),
                });
            }
        }
    }
}

/// Where a build reports how far it got; the job is one, a bench or test passes `NoProgress`.
pub trait ReportProgressSink: Send + Sync {
    fn progress(&self, fraction: f64, stage: &str);
    fn cancelled(&self) -> bool;
}

/// Builds without telling anyone (the bench, tests).
pub struct NoProgress;
impl ReportProgressSink for NoProgress {
    fn progress(&self, _: f64, _: &str) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// Turns "a team was read" into a fraction of the whole build.
struct StepCounter<'a> {
    sink: &'a dyn ReportProgressSink,
    steps: usize,
    done: Mutex<(usize, String)>,
}

impl StepCounter<'_> {
    fn stage(&self, stage: String) {
        let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.1 = stage;
        self.sink.progress(done.0 as f64 / self.steps as f64, &done.1);
    }

    fn skip(&self, steps: usize) {
        let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.0 = (done.0 + steps).min(self.steps);
        self.sink.progress(done.0 as f64 / self.steps as f64, &done.1);
    }
}

impl Progress for StepCounter<'_> {
    fn team_done(&self, _: usize, _: usize, team: &str) {
        let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.0 = (done.0 + 1).min(self.steps);
        let stage = format!("{} — {team}", done.1.split(" — ").next().unwrap_or_default());
        done.1 = stage;
        self.sink.progress(done.0 as f64 / self.steps as f64, &done.1);
    }

    fn cancelled(&self) -> bool {
        self.sink.cancelled()
    }
}

#[derive(Default)]
struct Live {
    fraction: f64,
    stage: String,
    state: Option<JobState>,
    message: Option<String>,
    finished_at: Option<DateTime<Utc>>,
    report: Option<ReportSummary>,
}

/// A report build in the job registry.
pub struct ReportJob {
    id: String,
    title: String,
    board: String,
    started_at: DateTime<Utc>,
    cancelled: AtomicBool,
    live: Mutex<Live>,
}

impl ReportJob {
    fn lock(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn finish(
        &self,
        state: JobState,
        message: Option<String>,
        report: Option<ReportSummary>,
        at: DateTime<Utc>,
    ) {
        let mut live = self.lock();
        if state == JobState::Completed {
            live.fraction = 1.0;
            live.stage = "Done".into();
        }
        live.state = Some(state);
        live.message = message;
        live.report = report;
        live.finished_at = Some(at);
    }

    fn summary_of(&self, live: &Live) -> JobSummary {
        JobSummary {
            id: self.id.clone(),
            kind: JobKind::Report,
            title: self.title.clone(),
            state: live.state.unwrap_or(JobState::Running),
            started_at: self.started_at,
            finished_at: live.finished_at,
            fraction: Some(live.fraction),
            stage: live.stage.clone(),
            message: live.message.clone(),
            subject: live.report.as_ref().map(|r| r.id.to_string()),
            board: self.board.clone(),
        }
    }
}

impl ReportProgressSink for ReportJob {
    fn progress(&self, fraction: f64, stage: &str) {
        let mut live = self.lock();
        live.fraction = fraction.clamp(0.0, 1.0);
        live.stage = stage.to_owned();
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

impl Job for ReportJob {
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
