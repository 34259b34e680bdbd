//! `archboard candidate|interview|debrief|calibration`: candidates applying for a catalog role,
//! their interview panels and kits, scorecards on the 1–4 scale (built up over several `score`
//! calls and sealed until their reader has submitted their own), the debrief, calibration per
//! role, and candidate data as personal data (subject access export, anonymise, delete,
//! retention runs followed as jobs, the erasure log). Each command is a contract call (`score`
//! reads the draft first, `retention --apply` polls its job), printed as a table or JSON; every
//! rule — sealing above all — is the engine's.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::endpoint::{
    CalibrationGet, CandidateAdd, CandidateAnonymise, CandidateAttachmentAdd, CandidateConsent,
    CandidateDecide, CandidateDelete, CandidateExport, CandidateGet, CandidateLegalHold, CandidateList,
    CandidateStageSet, DebriefGet, ErasureLog, InterviewAddendumAdd, InterviewKitGet, InterviewPlanAdd,
    InterviewRemove, InterviewScoreSave, InterviewScorecardGet, JobCancel, RetentionPlanGet,
    RetentionPolicyGet, RetentionPolicySet, RetentionProgressGet, RetentionStart,
};
use archboard_types::files::FileContents;
use archboard_types::interview::{
    AddendumRequest, AttachmentAdd, Calibration, CalibrationQuery, Candidate, CandidateId,
    CandidateListQuery, CandidateRef, CandidateSummary, ConsentChange, Debrief, DecisionRecord,
    DecisionRequest, DimensionScore, ErasureEntry, ErasureReason, FinalDecision, InterviewId, InterviewKit,
    InterviewPlan, InterviewRef, InterviewScorecard, InterviewSummary, LegalHoldChange, NewCandidate,
    Recommendation, RetentionAction, RetentionItem, RetentionPlan, RetentionPolicy, RetentionProgress,
    RetentionRun, RetentionStatus, ScoreSave, ScoreSheet, ScoreState, Stage, StageChange, check_sheet,
    rating_label,
};
use archboard_types::job::{JobRef, JobState};
use archboard_types::system::Empty;
use chrono::{DateTime, NaiveDateTime, Utc};
use clap::{Args, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often `interview retention --apply` asks how its job is doing.
const POLL_EVERY: Duration = Duration::from_millis(200);

#[derive(Debug, Subcommand)]
pub enum CandidateCommand {
    /// Add a candidate for a catalog role (its rubric is copied in); prints the candidate's id.
    Add {
        /// The candidate's name.
        name: String,
        /// The catalog role applied for, e.g. role.lead-ml-architect (see `catalog list role`).
        #[arg(long = "role", value_name = "ROLE_KEY")]
        role: String,
        #[arg(long, value_name = "E", default_value = "", hide_default_value = true)]
        email: String,
        #[arg(long, value_name = "P", default_value = "", hide_default_value = true)]
        phone: String,
        /// Where the candidate came from (referral, agency, …).
        #[arg(long, value_name = "S", default_value = "", hide_default_value = true)]
        source: String,
        #[arg(long, value_name = "N", default_value = "", hide_default_value = true)]
        notes: String,
        /// Print the whole candidate as JSON instead of the id.
        #[arg(long)]
        json: bool,
    },
    /// List the candidates you may see (the chair: all; an interviewer: those they are on).
    List {
        /// Only candidates for this catalog role.
        #[arg(long = "role", value_name = "ROLE_KEY")]
        role: Option<String>,
        /// applied, screening, interviewing, debrief or decided.
        #[arg(long)]
        stage: Option<Stage>,
        /// Only names or e-mail addresses containing this (any case).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a candidate: details, stages, the panel with each interview's state, the planner's
    /// warnings, the decision and the retention status.
    Show {
        id: CandidateId,
        #[arg(long)]
        json: bool,
    },
    /// Subject access: write everything held about the candidate into DIR
    /// (candidate-ID.json, candidate-ID.html and the attachments under DIR/attachments/).
    ///
    /// The files hold interviewers' private notes too: hand them over securely.
    Export {
        id: CandidateId,
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Anonymise a candidate now: their details, every word written about them and their
    /// attachments go; the ratings stay for calibration under a random subject id.
    Anonymise { id: CandidateId },
    /// Delete a candidate and everything about them now; only the erasure log's entry stays.
    Delete { id: CandidateId },
    /// Record the final decision (a decision against the panel's majority needs its reason).
    Decide {
        id: CandidateId,
        /// hire, no-hire or withdrawn.
        #[arg(long)]
        decision: FinalDecision,
        #[arg(long, value_name = "TEXT")]
        rationale: String,
        /// Why the decision goes against the panel's majority, when it does.
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        against_majority_reason: String,
    },
    /// Move the process to a stage: applied, screening, interviewing or debrief (deciding
    /// moves it to decided).
    Stage { id: CandidateId, stage: Stage },
    /// Put a legal hold on the candidate's data (--on, with --reason) or lift it (--off); held
    /// data is never erased by retention.
    Hold {
        id: CandidateId,
        #[arg(long, conflicts_with = "off", required_unless_present = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        reason: String,
    },
    /// Record whether the candidate consented to be kept for the longer consent period.
    Consent {
        id: CandidateId,
        #[arg(long, conflicts_with = "no", required_unless_present = "no")]
        yes: bool,
        #[arg(long)]
        no: bool,
    },
    /// Attach a file (a CV, a take-home) to the candidate, at most 20 MB.
    Attach { id: CandidateId, file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// Plan an interview on a candidate's panel; prints the interview's id.
    Plan {
        candidate_id: CandidateId,
        /// The interviewer's user name on the board (interviewer, chair or owner role).
        #[arg(long, value_name = "USER")]
        interviewer: String,
        /// The rubric dimensions the interview scores, comma-separated (see `candidate show`).
        #[arg(long, value_name = "DIMENSION_KEY[,…]", value_delimiter = ',', required = true)]
        focus: Vec<String>,
        /// An exercise of the rubric by key (e.g. architecture-case-study); repeat for several.
        #[arg(long = "exercise", value_name = "KEY")]
        exercises: Vec<String>,
        /// When, in UTC: RFC 3339 (2026-09-30T14:00:00Z) or `YYYY-MM-DD HH:MM`, read as UTC.
        #[arg(long, value_name = "TIME", value_parser = parse_utc)]
        at: Option<DateTime<Utc>>,
        /// The minutes planned (default: the exercises' longest durations, or 60).
        #[arg(long, value_name = "N")]
        minutes: Option<u32>,
        /// Print the interview as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Write on your scorecard: each call adds to the draft, --submit hands it in (it then no
    /// longer changes).
    ///
    /// Ratings are 1 (well below the bar), 2 (below), 3 (meets) or 4 (exceeds the bar); a 1 or a
    /// 4 and every red flag need evidence before submitting, as does a recommendation.
    Score(Box<ScoreArgs>),
    /// Show a scorecard as you may see it (sealed until you have submitted your own).
    Show {
        interview_id: InterviewId,
        #[arg(long)]
        json: bool,
    },
    /// The interview kit as printable text: focus dimensions with all four anchors, what to
    /// listen for, red flags, and the exercises with their prompts and timing.
    Kit { interview_id: InterviewId },
    /// Add an addendum to your submitted scorecard (the scorecard itself stays as submitted).
    Addendum {
        interview_id: InterviewId,
        #[arg(long, value_name = "R")]
        reason: String,
        #[arg(long, value_name = "T")]
        text: String,
    },
    /// Remove an interview from its panel (not once its scorecard is submitted).
    Remove { interview_id: InterviewId },
    /// The retention plan (due, due soon, held), or with --apply erase those due now, following
    /// the job (Ctrl-C cancels; the candidates not yet erased are kept).
    Retention {
        #[arg(long)]
        apply: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show the retention policy, or change it when any of its flags is given.
    RetentionPolicy {
        /// Months a candidate is kept after the decision.
        #[arg(long, value_name = "N")]
        months: Option<u32>,
        /// Months a candidate who consented is kept instead.
        #[arg(long, value_name = "N")]
        consent_months: Option<u32>,
        /// What happens when the time is up: anonymise or delete.
        #[arg(long)]
        action: Option<RetentionAction>,
        /// Days before the end that a candidate shows as due soon.
        #[arg(long, value_name = "N")]
        warn_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// The erasure log: every anonymisation and deletion, naming no one.
    Erasures {
        #[arg(long)]
        json: bool,
    },
}

/// `archboard interview score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    interview_id: InterviewId,
    /// A rating: DIMENSION_KEY=1..4 (e.g. communication=3); repeat for several.
    #[arg(long = "rating", value_name = "DIMENSION_KEY=1..4", value_parser = parse_rating)]
    ratings: Vec<(String, u8)>,
    /// A dimension you could not assess (kept apart: it is not a low score); repeat.
    #[arg(long = "not-assessed", value_name = "DIMENSION_KEY")]
    not_assessed: Vec<String>,
    /// Tick a red flag of the rubric by key (rf1, rf2, … see `interview kit`); repeat.
    #[arg(long = "red-flag", value_name = "KEY")]
    red_flags: Vec<String>,
    /// What you saw that raised a red flag: KEY=TEXT (ticks it too); repeat.
    #[arg(long = "red-flag-evidence", value_name = "KEY=TEXT", value_parser = parse_red_flag_evidence)]
    red_flag_evidence: Vec<(String, String)>,
    /// Evidence notes for a dimension: DIMENSION_KEY=TEXT; repeat.
    #[arg(long = "evidence", value_name = "DIMENSION_KEY=TEXT", value_parser = parse_evidence)]
    evidence: Vec<(String, String)>,
    /// strong-no, no, yes, strong-yes or no-decision.
    #[arg(long)]
    recommend: Option<Recommendation>,
    /// Key take-aways for the debrief.
    #[arg(long, value_name = "TEXT")]
    takeaways: Option<String>,
    /// Notes only you and the chair read (and the candidate, in a subject access export).
    #[arg(long, value_name = "TEXT")]
    private_notes: Option<String>,
    /// Submit the scorecard (it must be complete; it no longer changes afterwards).
    #[arg(long)]
    submit: bool,
}

/// `archboard debrief`.
#[derive(Debug, Args)]
pub struct DebriefArgs {
    candidate_id: CandidateId,
    #[arg(long)]
    json: bool,
}

/// `archboard calibration`.
#[derive(Debug, Args)]
pub struct CalibrationArgs {
    /// The catalog role, e.g. role.lead-ml-architect.
    role_key: String,
    /// Only processes started in the last N months.
    #[arg(long, value_name = "N")]
    months: Option<u32>,
    #[arg(long)]
    json: bool,
}

// ---------------------------------------------------------------------------------------------
// Argument parsing

/// RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` (also with a `T`) read as UTC.
fn parse_utc(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(naive.and_utc());
        }
    }
    Err(format!("`{text}` is not a time: write RFC 3339 (2026-09-30T14:00:00Z) or 2026-09-30 14:00 (UTC)"))
}

/// `KEY=VALUE` split at the first `=`, with a non-empty key.
fn key_value<'a>(text: &'a str, shape: &str, example: &str) -> Result<(&'a str, &'a str), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim(), value)),
        Some(_) => Err(format!("`{text}` names no key: write {shape} (e.g. {example})")),
        None => Err(format!("`{text}` has no `=`: write {shape} (e.g. {example})")),
    }
}

/// `communication=3`: the number is read here, whether it is on the scale is the engine's rule.
fn parse_rating(text: &str) -> Result<(String, u8), String> {
    let (key, value) = key_value(text, "DIMENSION_KEY=1..4", "communication=3")?;
    let rating = value
        .trim()
        .parse::<u8>()
        .map_err(|_| format!("`{}` in `{text}` is not a rating: write 1, 2, 3 or 4", value.trim()))?;
    Ok((key.to_owned(), rating))
}

fn parse_evidence(text: &str) -> Result<(String, String), String> {
    let (key, value) = key_value(text, "DIMENSION_KEY=TEXT", "communication=\"explained the trade-offs\"")?;
    Ok((key.to_owned(), value.trim().to_owned()))
}

fn parse_red_flag_evidence(text: &str) -> Result<(String, String), String> {
    let (key, value) = key_value(text, "KEY=TEXT", "rf2=\"never ran an incident\"")?;
    Ok((key.to_owned(), value.trim().to_owned()))
}

/// A guess at a file's media type from its extension (empty: the engine stores it as bytes).
fn media_type(path: &Path) -> &'static str {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "csv" => "text/csv",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "rtf" => "application/rtf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// The scorecard draft

/// Applies the `score` flags onto the draft as it was, so several calls build one scorecard.
fn merge_sheet(mut sheet: ScoreSheet, args: &ScoreArgs) -> Result<ScoreSheet, CliError> {
    for key in &args.not_assessed {
        if let Some((_, rating)) = args.ratings.iter().find(|(k, _)| k == key) {
            return Err(CliError::Api(archboard_types::ApiError::validation(
                &format!("rating.{key}"),
                format!(
                    "--rating {key}={rating} and --not-assessed {key} contradict each other; choose one."
                ),
            )));
        }
    }
    for (key, rating) in &args.ratings {
        let score = sheet.score_mut(key);
        score.rating = Some(*rating);
        score.not_assessed = false;
    }
    for key in &args.not_assessed {
        let score = sheet.score_mut(key);
        score.rating = None;
        score.not_assessed = true;
    }
    for (key, text) in &args.evidence {
        sheet.score_mut(key).evidence = text.clone();
    }
    for key in &args.red_flags {
        sheet.tick_mut(key.trim());
    }
    for (key, text) in &args.red_flag_evidence {
        sheet.tick_mut(key).evidence = text.clone();
    }
    if let Some(recommendation) = args.recommend {
        sheet.recommendation = Some(recommendation);
    }
    if let Some(takeaways) = &args.takeaways {
        sheet.takeaways = takeaways.clone();
    }
    if let Some(notes) = &args.private_notes {
        sheet.private_notes = notes.clone();
    }
    Ok(sheet)
}

// ---------------------------------------------------------------------------------------------
// Commands

pub fn run_candidate(
    client: &mut Client,
    command: CandidateCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        CandidateCommand::Add { name, role, email, phone, source, notes, json } => {
            let candidate = client.call::<CandidateAdd>(&NewCandidate {
                name,
                role_key: role,
                email,
                phone,
                source,
                notes,
            })?;
            if json {
                return Ok(write_json(out, &candidate)?);
            }
            // The id alone on standard output, so a script can take it; the rest is for people.
            writeln!(out, "{}", candidate.id)?;
            eprintln!(
                "Added candidate {} “{}” for {} (v{}); plan the panel with: archboard interview plan {} --interviewer USER --focus KEY,…",
                candidate.id,
                candidate.label,
                candidate.rubric.role_name,
                candidate.rubric.role_version,
                candidate.id
            );
        }
        CandidateCommand::List { role, stage, search, json } => {
            let candidates =
                client.call::<CandidateList>(&CandidateListQuery { role_key: role, stage, text: search })?;
            if json {
                return Ok(write_json(out, &candidates)?);
            }
            write_candidates(out, &candidates)?;
        }
        CandidateCommand::Show { id, json } => {
            let candidate = client.call::<CandidateGet>(&CandidateRef { id })?;
            if json {
                return Ok(write_json(out, &candidate)?);
            }
            write_candidate(out, &candidate)?;
        }
        CandidateCommand::Export { id, dir } => {
            let export = client.call::<CandidateExport>(&CandidateRef { id })?;
            let mut files = vec![
                FileContents::new(format!("{}.json", export.stem), export.json),
                FileContents::new(format!("{}.html", export.stem), export.html),
            ];
            for attachment in export.attachments {
                let path = if attachment.path.starts_with("attachments/") {
                    attachment.path
                } else {
                    format!("attachments/{}", attachment.path)
                };
                files.push(FileContents { path, content: attachment.content });
            }
            crate::files::write_files(&dir, &files)?;
            for file in &files {
                writeln!(out, "Wrote {} ({} bytes)", dir.join(&file.path).display(), file.content.len())?;
            }
            writeln!(
                out,
                "Everything the board holds about candidate {}, private notes included: hand it over securely.",
                export.candidate_id
            )?;
        }
        CandidateCommand::Anonymise { id } => {
            let entry = client.call::<CandidateAnonymise>(&CandidateRef { id })?;
            writeln!(
                out,
                "Anonymised candidate {id}; their ratings stay for calibration under the subject id."
            )?;
            write_erasure(out, &entry)?;
        }
        CandidateCommand::Delete { id } => {
            let entry = client.call::<CandidateDelete>(&CandidateRef { id })?;
            writeln!(out, "Deleted candidate {id} and everything about them.")?;
            write_erasure(out, &entry)?;
        }
        CandidateCommand::Decide { id, decision, rationale, against_majority_reason } => {
            let candidate = client.call::<CandidateDecide>(&DecisionRequest {
                id,
                decision,
                rationale,
                against_majority_reason,
            })?;
            match &candidate.decision {
                Some(record) => {
                    writeln!(out, "Candidate {id} ({}): {}", candidate.label, decision_text(record))?
                }
                None => writeln!(out, "Candidate {id} ({}): no decision recorded", candidate.label)?,
            }
        }
        CandidateCommand::Stage { id, stage } => {
            let candidate = client.call::<CandidateStageSet>(&StageChange { id, stage })?;
            writeln!(out, "Candidate {id} ({}) is at {}.", candidate.label, candidate.stage.label())?;
        }
        CandidateCommand::Hold { id, on, off: _, reason } => {
            let candidate = client.call::<CandidateLegalHold>(&LegalHoldChange { id, hold: on, reason })?;
            if candidate.retention.legal_hold {
                writeln!(
                    out,
                    "Candidate {id} ({}) is under a legal hold: retention never erases them.",
                    candidate.label
                )?;
            } else {
                writeln!(out, "Lifted the legal hold on candidate {id} ({}).", candidate.label)?;
                writeln!(out, "Retention: {}", retention_text(&candidate.retention))?;
            }
        }
        CandidateCommand::Consent { id, yes, no: _ } => {
            let candidate = client.call::<CandidateConsent>(&ConsentChange { id, consent: yes })?;
            let what = if yes {
                "consented to the longer retention period"
            } else {
                "has not consented to longer retention"
            };
            writeln!(out, "Candidate {id} ({}) {what}.", candidate.label)?;
            writeln!(out, "Retention: {}", retention_text(&candidate.retention))?;
        }
        CandidateCommand::Attach { id, file } => {
            let upload = crate::files::read_upload(&file)?;
            let size = upload.content.len();
            let candidate = client.call::<CandidateAttachmentAdd>(&AttachmentAdd {
                candidate_id: id,
                name: upload.path,
                media_type: media_type(&file).to_owned(),
                content: upload.content,
            })?;
            let added = candidate.attachments.iter().max_by_key(|a| a.id);
            match added {
                Some(a) => writeln!(
                    out,
                    "Attached {} ({}, {} bytes) to candidate {id} as attachment {}.",
                    a.name, a.media_type, a.size, a.id
                )?,
                None => writeln!(out, "Attached {} ({size} bytes) to candidate {id}.", file.display())?,
            }
        }
    }
    Ok(())
}

pub fn run_interview(
    client: &mut Client,
    command: InterviewCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        InterviewCommand::Plan { candidate_id, interviewer, focus, exercises, at, minutes, json } => {
            let focus: Vec<String> =
                focus.into_iter().map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect();
            let interview = client.call::<InterviewPlanAdd>(&InterviewPlan {
                candidate_id,
                interviewer,
                focus,
                exercises,
                at,
                minutes,
            })?;
            if json {
                return Ok(write_json(out, &interview)?);
            }
            writeln!(out, "{}", interview.id)?;
            eprintln!(
                "Planned interview {} with {} for candidate {}: {} min on {}{}.",
                interview.id,
                interview.interviewer,
                interview.candidate_id,
                interview.minutes,
                interview.focus.join(", "),
                interview.at.map(|t| format!(" at {}", when(t))).unwrap_or_default()
            );
            // What the planner thinks of the panel now.
            if let Ok(candidate) = client.call::<CandidateGet>(&CandidateRef { id: candidate_id }) {
                for warning in &candidate.warnings {
                    eprintln!("warning: {warning}");
                }
            }
        }
        InterviewCommand::Score(args) => {
            let current = client.call::<InterviewScorecardGet>(&InterviewRef { id: args.interview_id })?;
            let sheet = merge_sheet(current.sheet.clone().unwrap_or_default(), &args)?;
            let card = client.call::<InterviewScoreSave>(&ScoreSave {
                interview_id: args.interview_id,
                sheet,
                submit: args.submit,
            })?;
            write_saved(out, &card)?;
        }
        InterviewCommand::Show { interview_id, json } => {
            let card = client.call::<InterviewScorecardGet>(&InterviewRef { id: interview_id })?;
            if json {
                return Ok(write_json(out, &card)?);
            }
            write_scorecard(out, &card)?;
        }
        InterviewCommand::Kit { interview_id } => {
            let kit = client.call::<InterviewKitGet>(&InterviewRef { id: interview_id })?;
            write_kit(out, &kit)?;
        }
        InterviewCommand::Addendum { interview_id, reason, text } => {
            let card =
                client.call::<InterviewAddendumAdd>(&AddendumRequest { interview_id, reason, text })?;
            writeln!(
                out,
                "Added an addendum to interview {interview_id}; it has {} addend{} and the scorecard stays as submitted.",
                card.addenda.len(),
                if card.addenda.len() == 1 { "um" } else { "a" }
            )?;
        }
        InterviewCommand::Remove { interview_id } => {
            let candidate = client.call::<InterviewRemove>(&InterviewRef { id: interview_id })?;
            writeln!(
                out,
                "Removed interview {interview_id}; candidate {}'s panel has {} interview(s).",
                candidate.id,
                candidate.interviews.len()
            )?;
            for warning in &candidate.warnings {
                writeln!(out, "warning: {warning}")?;
            }
        }
        InterviewCommand::Retention { apply, json } => {
            if !apply {
                let plan = client.call::<RetentionPlanGet>(&Empty {})?;
                if json {
                    return Ok(write_json(out, &plan)?);
                }
                write_plan(out, &plan)?;
                if !plan.due.is_empty() {
                    writeln!(out, "Erase those due with: archboard interview retention --apply")?;
                }
                return Ok(());
            }
            return run_retention(client, json, out);
        }
        InterviewCommand::RetentionPolicy { months, consent_months, action, warn_days, json } => {
            let mut policy = client.call::<RetentionPolicyGet>(&Empty {})?;
            let changing =
                months.is_some() || consent_months.is_some() || action.is_some() || warn_days.is_some();
            if changing {
                if let Some(months) = months {
                    policy.months = months;
                }
                if let Some(consent_months) = consent_months {
                    policy.consent_months = consent_months;
                }
                if let Some(action) = action {
                    policy.action = action;
                }
                if let Some(warn_days) = warn_days {
                    policy.warn_days = warn_days;
                }
                policy = client.call::<RetentionPolicySet>(&policy)?;
            }
            if json {
                return Ok(write_json(out, &policy)?);
            }
            writeln!(
                out,
                "Retention policy{}: {}",
                if changing { " set" } else { "" },
                policy_text(&policy)
            )?;
        }
        InterviewCommand::Erasures { json } => {
            let entries = client.call::<ErasureLog>(&Empty {})?;
            if json {
                return Ok(write_json(out, &entries)?);
            }
            write_erasures(out, &entries)?;
        }
    }
    Ok(())
}

pub fn run_debrief(client: &mut Client, args: DebriefArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let debrief = client.call::<DebriefGet>(&CandidateRef { id: args.candidate_id })?;
    if args.json {
        return Ok(write_json(out, &debrief)?);
    }
    write_debrief(out, &debrief)?;
    Ok(())
}

pub fn run_calibration(
    client: &mut Client,
    args: CalibrationArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let calibration =
        client.call::<CalibrationGet>(&CalibrationQuery { role_key: args.role_key, months: args.months })?;
    if args.json {
        return Ok(write_json(out, &calibration)?);
    }
    write_calibration(out, &calibration, args.months)?;
    Ok(())
}

/// Starts a retention run and follows it to the end, printing each erasure as it is made.
fn run_retention(client: &mut Client, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let started = client.call::<RetentionStart>(&RetentionRun { dry_run: false })?;
    let job = JobRef { id: started.id.clone() };
    let interrupted = super::ctrl_c_flag();
    let mut cancel_sent = false;
    let mut printed = 0;
    let progress: RetentionProgress = loop {
        if interrupted.load(Ordering::SeqCst) && !cancel_sent {
            client.call::<JobCancel>(&job)?;
            cancel_sent = true;
            eprintln!("Cancelling; the candidates not yet erased are kept.");
        }
        let progress = client.call::<RetentionProgressGet>(&job)?;
        if printed == 0
            && progress.done.is_empty()
            && !progress.job.state.is_finished()
            && std::io::stderr().is_terminal()
        {
            eprint!("\r\x1b[2K{}", progress.job.stage);
        }
        for entry in progress.done.iter().skip(printed) {
            if json {
                // Standard output is the JSON at the end; the erasures go by on standard error.
                let mut line = Vec::new();
                write_erasure(&mut line, entry)?;
                eprint!("{}", String::from_utf8_lossy(&line));
            } else {
                write_erasure(out, entry)?;
                out.flush()?;
            }
        }
        printed = printed.max(progress.done.len());
        if progress.job.state.is_finished() {
            break progress;
        }
        std::thread::sleep(POLL_EVERY);
    };
    if json {
        write_json(out, &progress)?;
    } else {
        if progress.plan.due.is_empty() {
            writeln!(out, "Nothing was due: no candidate's retention period has ended.")?;
        }
        writeln!(
            out,
            "{}: {} — {} of {} candidate(s) erased{}",
            progress.job.title,
            progress.job.state.label().to_lowercase(),
            progress.done.len(),
            progress.plan.due.len(),
            progress.job.message.as_deref().map(|m| format!("; {m}")).unwrap_or_default()
        )?;
    }
    match progress.job.state {
        JobState::Completed => Ok(()),
        JobState::Cancelled => Err(CliError::Partial(format!(
            "the retention run was cancelled: {}",
            progress.job.message.unwrap_or_default()
        ))),
        _ => Err(CliError::Partial(format!(
            "the retention run failed: {}",
            progress.job.message.unwrap_or_default()
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Output

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h:.1} h")).unwrap_or_else(|| "-".to_owned())
}

/// Columns padded to their widest cell; the last one is not padded.
fn table(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let columns = headers.len();
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .chain([headers[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[i].saturating_sub(cell.chars().count()) + 2));
            }
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(headers.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

fn state_text(interview: &InterviewSummary) -> String {
    match (interview.state, interview.submitted_at) {
        (ScoreState::Submitted, Some(at)) => format!("submitted {}", at.format("%Y-%m-%d %H:%M")),
        (state, _) => state.label().to_lowercase(),
    }
}

fn retention_text(r: &RetentionStatus) -> String {
    let mut text = if r.legal_hold {
        "under a legal hold: never erased while it lasts".to_owned()
    } else {
        match r.due_on {
            Some(due) => format!("kept until {due}"),
            None => "not due (no decision yet, or already anonymised)".to_owned(),
        }
    };
    if r.consent_extended {
        text.push_str("; consented to longer retention");
    }
    if let Some(warning) = &r.warning {
        text.push_str(&format!(" — {warning}"));
    }
    text
}

fn decision_text(d: &DecisionRecord) -> String {
    let mut text = format!("{} by {} on {}: {}", d.decision.label(), d.decided_by, when(d.at), d.rationale);
    if d.against_majority {
        text.push_str(&format!(
            " (against the panel's majority{})",
            if d.against_majority_reason.is_empty() {
                String::new()
            } else {
                format!(": {}", d.against_majority_reason)
            }
        ));
    }
    text
}

fn write_candidates(out: &mut dyn Write, candidates: &[CandidateSummary]) -> std::io::Result<()> {
    if candidates.is_empty() {
        return writeln!(out, "No candidates. Add one with: archboard candidate add NAME --role ROLE_KEY");
    }
    let rows: Vec<Vec<String>> = candidates
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.label.clone(),
                c.role_key.clone(),
                c.stage.as_str().to_owned(),
                c.decision.map(|d| d.as_str().to_owned()).unwrap_or_else(|| "-".into()),
                format!("{}/{}", c.submitted, c.interviews),
                if c.retention.legal_hold {
                    "legal hold".to_owned()
                } else {
                    let due = c.retention.due_on.map(|d| format!("until {d}")).unwrap_or_else(|| "-".into());
                    if c.retention.warning.is_some() { format!("{due} (due soon)") } else { due }
                },
            ]
        })
        .collect();
    table(out, &["ID", "NAME", "ROLE", "STAGE", "DECISION", "SUBMITTED", "RETENTION"], &rows)?;
    writeln!(out, "{} candidate(s)", candidates.len())
}

fn write_candidate(out: &mut dyn Write, c: &Candidate) -> std::io::Result<()> {
    writeln!(out, "# Candidate {} — {}", c.id, c.label)?;
    writeln!(out, "Role:     {} ({}, v{})", c.rubric.role_name, c.rubric.role_key, c.rubric.role_version)?;
    writeln!(out, "Stage:    {}", c.stage.label())?;
    for (label, value) in [("E-mail:", &c.email), ("Phone:", &c.phone), ("Source:", &c.source)] {
        if !value.is_empty() {
            writeln!(out, "{label:<9} {value}")?;
        }
    }
    writeln!(out, "Added:    {}", when(c.created_at))?;
    writeln!(
        out,
        "Subject:  {} (stands for the candidate in calibration and the erasure log)",
        c.subject_id
    )?;
    if c.anonymised {
        writeln!(out, "Anonymised: their details and every word written about them are gone.")?;
    }
    if !c.notes.is_empty() {
        writeln!(out, "Notes:    {}", c.notes)?;
    }
    writeln!(out, "\nStages")?;
    for s in &c.stages {
        writeln!(out, "  {}  {:<12}  by {}", when(s.at), s.stage.label(), s.by)?;
    }
    writeln!(out, "\nPanel")?;
    if c.interviews.is_empty() {
        writeln!(
            out,
            "  No interviews planned. Plan one with: archboard interview plan {} --interviewer USER --focus KEY",
            c.id
        )?;
    } else {
        let rows: Vec<Vec<String>> = c
            .interviews
            .iter()
            .map(|i| {
                vec![
                    i.id.to_string(),
                    i.interviewer.clone(),
                    i.at.map(when).unwrap_or_else(|| "-".into()),
                    i.minutes.to_string(),
                    state_text(i),
                    hours(i.hours_to_submit),
                    i.focus.join(","),
                    if i.exercises.is_empty() { "-".into() } else { i.exercises.join(",") },
                ]
            })
            .collect();
        let mut text = Vec::new();
        table(
            &mut text,
            &["ID", "INTERVIEWER", "AT", "MIN", "STATE", "HOURS TO SUBMIT", "FOCUS", "EXERCISES"],
            &rows,
        )?;
        for line in String::from_utf8_lossy(&text).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    if !c.warnings.is_empty() {
        writeln!(out, "\nPlanner warnings")?;
        for warning in &c.warnings {
            writeln!(out, "  - {warning}")?;
        }
    }
    if !c.attachments.is_empty() {
        writeln!(out, "\nAttachments")?;
        for a in &c.attachments {
            writeln!(
                out,
                "  {}  {} ({}, {} bytes, added {})",
                a.id,
                a.name,
                a.media_type,
                a.size,
                when(a.added_at)
            )?;
        }
    }
    writeln!(out)?;
    match &c.decision {
        Some(d) => writeln!(out, "Decision:  {}", decision_text(d))?,
        None => writeln!(out, "Decision:  none yet")?,
    }
    writeln!(
        out,
        "Debrief:   {}",
        if c.debrief_open {
            format!("open to you (archboard debrief {})", c.id)
        } else {
            "opens for you once you have submitted your own scorecard".to_owned()
        }
    )?;
    writeln!(out, "Retention: {}", retention_text(&c.retention))
}

/// What `interview score` says after saving.
fn write_saved(out: &mut dyn Write, card: &InterviewScorecard) -> std::io::Result<()> {
    let interview = &card.interview;
    if interview.state == ScoreState::Submitted {
        return writeln!(
            out,
            "Submitted the scorecard for interview {} ({}); it no longer changes — add an addendum with a reason if needed.",
            interview.id, card.candidate_label
        );
    }
    let sheet = card.sheet.clone().unwrap_or_default();
    let done = interview
        .focus
        .iter()
        .filter(|key| sheet.score(key).is_some_and(|s| s.rating.is_some() || s.not_assessed))
        .count();
    writeln!(
        out,
        "Saved the draft of interview {} ({}): {done} of {} focus dimension(s) scored.",
        interview.id,
        card.candidate_label,
        interview.focus.len()
    )?;
    match check_sheet(&card.rubric, &interview.focus, &sheet, true) {
        Ok(()) => writeln!(
            out,
            "It is complete: submit it with: archboard interview score {} --submit",
            interview.id
        ),
        Err(problem) => writeln!(out, "Before submitting: {}", problem.message),
    }
}

fn write_scorecard(out: &mut dyn Write, card: &InterviewScorecard) -> std::io::Result<()> {
    let i = &card.interview;
    writeln!(
        out,
        "# Interview {} — {} with {} ({})",
        i.id, card.candidate_label, i.interviewer, card.role_name
    )?;
    let Some(sheet) = &card.sheet else {
        // Nothing of a sealed scorecard is shown, not even whether it has been started.
        return writeln!(
            out,
            "Sealed: you see this scorecard once you have submitted your own on this panel (the chair: once it is submitted)."
        );
    };
    writeln!(out, "State:  {} — {}", state_text(i), card.visibility.label())?;
    if let Some(at) = card.updated_at {
        writeln!(out, "Saved:  {}", when(at))?;
    }
    writeln!(out, "Focus:  {}", i.focus.join(", "))?;
    writeln!(out, "\nRatings")?;
    let mut any = false;
    for d in &card.rubric.dimensions {
        let score = sheet.score(&d.key);
        let focus = i.focus.contains(&d.key);
        if score.is_none() && !focus {
            continue;
        }
        any = true;
        let rating = match score {
            Some(s) if s.not_assessed => "not assessed".to_owned(),
            Some(DimensionScore { rating: Some(r), .. }) => rating_label(*r).to_owned(),
            _ => "not scored yet".to_owned(),
        };
        writeln!(out, "  {} ({}): {rating}", d.name, d.key)?;
        if let Some(DimensionScore { rating: Some(r), not_assessed: false, .. }) = score {
            let anchor = d.anchor(*r);
            if !anchor.is_empty() {
                writeln!(out, "      anchor: {anchor}")?;
            }
        }
        if let Some(s) = score
            && !s.evidence.is_empty()
        {
            writeln!(out, "      evidence: {}", s.evidence)?;
        }
    }
    if !any {
        writeln!(out, "  none yet")?;
    }
    if sheet.red_flags.is_empty() {
        writeln!(out, "\nRed flags: none ticked")?;
    } else {
        writeln!(out, "\nRed flags")?;
        for tick in &sheet.red_flags {
            let text = card.rubric.red_flag(&tick.key).map(|f| f.text.as_str()).unwrap_or("");
            writeln!(out, "  {} {text}", tick.key)?;
            if !tick.evidence.is_empty() {
                writeln!(out, "      evidence: {}", tick.evidence)?;
            }
        }
    }
    writeln!(out, "\nRecommendation: {}", sheet.recommendation.map(|r| r.label()).unwrap_or("none yet"))?;
    if !sheet.takeaways.is_empty() {
        writeln!(out, "Take-aways:     {}", sheet.takeaways)?;
    }
    if !sheet.private_notes.is_empty() {
        writeln!(out, "Private notes:  {} (only the author and the chair read these)", sheet.private_notes)?;
    }
    if !card.addenda.is_empty() {
        writeln!(out, "\nAddenda")?;
        for a in &card.addenda {
            writeln!(out, "  {} by {} — {}: {}", when(a.at), a.by, a.reason, a.text)?;
        }
    }
    if card.editable {
        writeln!(out, "\nA draft: change it with archboard interview score {} …", i.id)?;
    }
    Ok(())
}

fn write_kit(out: &mut dyn Write, kit: &InterviewKit) -> std::io::Result<()> {
    let i = &kit.interview;
    writeln!(out, "INTERVIEW KIT — interview {}", i.id)?;
    writeln!(out, "Candidate:   {}", kit.candidate_label)?;
    writeln!(out, "Role:        {} (rubric v{})", kit.role_name, kit.role_version)?;
    writeln!(out, "Interviewer: {}", i.interviewer)?;
    writeln!(
        out,
        "When:        {}, {} minutes",
        i.at.map(when).unwrap_or_else(|| "not scheduled".into()),
        i.minutes
    )?;
    writeln!(out, "\nFOCUS DIMENSIONS")?;
    for d in &kit.focus {
        writeln!(out, "\n{} ({}, {:.0}% of the score)", d.name, d.key, d.weight)?;
        for rating in 1..=4u8 {
            let anchor = d.anchor(rating);
            writeln!(out, "  {}: {}", rating_label(rating), if anchor.is_empty() { "-" } else { anchor })?;
        }
    }
    if !kit.strong_signals.is_empty() {
        writeln!(out, "\nLISTEN FOR (strong signals)")?;
        for s in &kit.strong_signals {
            writeln!(out, "  + {s}")?;
        }
    }
    if !kit.weak_signals.is_empty() {
        writeln!(out, "\nWEAK SIGNALS")?;
        for s in &kit.weak_signals {
            writeln!(out, "  - {s}")?;
        }
    }
    if !kit.red_flags.is_empty() {
        writeln!(
            out,
            "\nRED FLAGS (tick with --red-flag KEY, say what you saw with --red-flag-evidence KEY=TEXT)"
        )?;
        for f in &kit.red_flags {
            writeln!(out, "  {:<4} {}", f.key, f.text)?;
        }
    }
    if !kit.exercises.is_empty() {
        writeln!(out, "\nEXERCISES")?;
        for e in &kit.exercises {
            let minutes = if e.minutes_min == e.minutes_max {
                format!("{} min", e.minutes_min)
            } else {
                format!("{}–{} min", e.minutes_min, e.minutes_max)
            };
            writeln!(out, "\n{} ({}, {minutes})", e.name, e.key)?;
            if !e.prompt.is_empty() {
                writeln!(out, "  {}", e.prompt)?;
            }
            for point in &e.evaluate {
                writeln!(out, "  * {point}")?;
            }
        }
    }
    writeln!(
        out,
        "\nSCORING: archboard interview score {} --rating KEY=1..4 --evidence KEY=TEXT … --recommend yes --submit",
        i.id
    )
}

fn action_past(action: RetentionAction) -> &'static str {
    match action {
        RetentionAction::Anonymise => "anonymised",
        RetentionAction::Delete => "deleted",
    }
}

fn write_erasure(out: &mut dyn Write, e: &ErasureEntry) -> std::io::Result<()> {
    writeln!(
        out,
        "Erasure {}: subject {} ({}) {} {} by {} at {}",
        e.id,
        e.subject_id,
        e.role_key,
        action_past(e.action),
        match e.reason {
            ErasureReason::Retention => "at the end of the retention period",
            ErasureReason::Request => "on request",
        },
        e.by,
        when(e.at)
    )
}

fn write_erasures(out: &mut dyn Write, entries: &[ErasureEntry]) -> std::io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "No erasures yet.");
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                when(e.at),
                e.action.as_str().to_owned(),
                e.reason.as_str().to_owned(),
                e.by.clone(),
                e.role_key.clone(),
                e.subject_id.clone(),
            ]
        })
        .collect();
    table(out, &["ID", "AT", "ACTION", "REASON", "BY", "ROLE", "SUBJECT"], &rows)?;
    writeln!(out, "{} erasure(s)", entries.len())
}

fn policy_text(p: &RetentionPolicy) -> String {
    format!(
        "keep candidates {} months after the decision ({} months with their consent), then {} them; they show as due soon {} days ahead.",
        p.months,
        p.consent_months,
        p.action.as_str(),
        p.warn_days
    )
}

fn write_plan(out: &mut dyn Write, plan: &RetentionPlan) -> std::io::Result<()> {
    writeln!(out, "Retention policy: {}", policy_text(&plan.policy))?;
    writeln!(out, "Today: {}", plan.today)?;
    let items = |out: &mut dyn Write, title: &str, items: &[RetentionItem]| -> std::io::Result<()> {
        if items.is_empty() {
            return writeln!(out, "{title}: none");
        }
        writeln!(out, "{title}:")?;
        for item in items {
            writeln!(
                out,
                "  {:>4}  {}  due {}  → {}",
                item.candidate_id,
                item.label,
                item.due_on,
                item.action.as_str()
            )?;
        }
        Ok(())
    };
    items(out, "Due (erased by the next run)", &plan.due)?;
    items(out, "Due soon", &plan.soon)?;
    if plan.held.is_empty() {
        writeln!(out, "Held: none")
    } else {
        writeln!(out, "Held (legal hold): {}", plan.held.join(", "))
    }
}

fn write_debrief(out: &mut dyn Write, d: &Debrief) -> std::io::Result<()> {
    writeln!(
        out,
        "# Debrief — {} (candidate {}), {} v{}",
        d.candidate_label, d.candidate_id, d.role_name, d.role_version
    )?;
    let names = |list: &[String]| if list.is_empty() { "none".to_owned() } else { list.join(", ") };
    writeln!(out, "Scorecards in: {}; pending: {}", names(&d.submitted), names(&d.pending))?;
    if !d.pending.is_empty() {
        writeln!(out, "(the debrief counts submitted scorecards only)")?;
    }
    writeln!(out)?;
    let mut headers: Vec<&str> = vec!["DIMENSION", "WEIGHT"];
    headers.extend(d.submitted.iter().map(String::as_str));
    headers.extend(["MEAN", "SPREAD", ""]);
    let rows: Vec<Vec<String>> = d
        .dimensions
        .iter()
        .map(|dim| {
            let mut row = vec![dim.name.clone(), format!("{:.0}%", dim.weight)];
            for who in &d.submitted {
                let cells: Vec<String> = dim
                    .ratings
                    .iter()
                    .filter(|r| &r.interviewer == who)
                    .map(|r| match r.rating {
                        Some(v) => v.to_string(),
                        None if r.not_assessed => "n/a".to_owned(),
                        None => "-".to_owned(),
                    })
                    .collect();
                row.push(if cells.is_empty() { "-".to_owned() } else { cells.join("/") });
            }
            row.push(dim.mean.map(|m| format!("{m:.2}")).unwrap_or_else(|| "-".into()));
            row.push(dim.spread.map(|s| s.to_string()).unwrap_or_else(|| "-".into()));
            row.push(if dim.disagreement {
                "DISAGREE".to_owned()
            } else if dim.gap {
                "gap: nobody rated it".to_owned()
            } else {
                String::new()
            });
            row
        })
        .collect();
    table(out, &headers, &rows)?;
    let gaps: Vec<&str> = d.dimensions.iter().filter(|x| x.gap).map(|x| x.name.as_str()).collect();
    if !gaps.is_empty() {
        writeln!(out, "Gaps (nobody rated): {}", gaps.join(", "))?;
    }

    let with_evidence: Vec<_> =
        d.dimensions.iter().filter(|x| x.ratings.iter().any(|r| !r.evidence.is_empty())).collect();
    if !with_evidence.is_empty() {
        writeln!(out, "\nEvidence")?;
        for dim in with_evidence {
            writeln!(out, "  {}", dim.name)?;
            for r in dim.ratings.iter().filter(|r| !r.evidence.is_empty()) {
                let rating = match r.rating {
                    Some(v) => v.to_string(),
                    None => "n/a".to_owned(),
                };
                writeln!(out, "    {} ({rating}): {}", r.interviewer, r.evidence)?;
            }
        }
    }

    writeln!(out, "\nWeighted totals (1–4 scale)")?;
    let width = d
        .totals
        .iter()
        .map(|t| t.who.chars().count())
        .chain([d.panel_total.who.chars().count()])
        .max()
        .unwrap_or(5);
    for t in d.totals.iter().chain([&d.panel_total]) {
        writeln!(
            out,
            "  {:<width$}  {}  ({:.0}% of the weight rated)",
            t.who,
            t.total.map(|v| format!("{v:.2}")).unwrap_or_else(|| "   -".into()),
            t.weight_covered
        )?;
    }

    if d.red_flags.is_empty() {
        writeln!(out, "\nRed flags: none raised")?;
    } else {
        writeln!(out, "\nRed flags")?;
        for flag in &d.red_flags {
            writeln!(out, "  {} {}", flag.key, flag.text)?;
            for (who, evidence) in &flag.raised_by {
                writeln!(out, "    raised by {who}: {}", if evidence.is_empty() { "-" } else { evidence })?;
            }
        }
    }

    let counts: Vec<String> =
        d.recommendations.iter().map(|(r, n)| format!("{} {n}", r.label().to_lowercase())).collect();
    writeln!(
        out,
        "\nRecommendations: {} — {}",
        counts.join(" · "),
        match d.majority {
            Some(true) => "the panel leans hire",
            Some(false) => "the panel leans no hire",
            None => "no majority",
        }
    )?;
    let takeaways: Vec<&(String, String)> = d.grid_takeaways.iter().filter(|(_, t)| !t.is_empty()).collect();
    if !takeaways.is_empty() {
        writeln!(out, "\nTake-aways")?;
        for (who, text) in takeaways {
            writeln!(out, "  {who}: {text}")?;
        }
    }
    writeln!(out)?;
    match &d.decision {
        Some(decision) => writeln!(out, "Decision: {}", decision_text(decision)),
        None => writeln!(
            out,
            "Decision: none yet (archboard candidate decide {} --decision hire|no-hire|withdrawn --rationale TEXT)",
            d.candidate_id
        ),
    }
}

fn write_calibration(out: &mut dyn Write, c: &Calibration, months: Option<u32>) -> std::io::Result<()> {
    writeln!(
        out,
        "# Calibration — {} ({}): {} process(es), {} scorecard(s){}",
        c.role_name,
        c.role_key,
        c.processes,
        c.scorecards,
        months.map(|m| format!(" in the last {m} month(s)")).unwrap_or_default()
    )?;
    writeln!(out, "\nAgreement per dimension (Krippendorff's alpha, ordinal)")?;
    let rows: Vec<Vec<String>> = c
        .dimensions
        .iter()
        .map(|d| {
            vec![
                d.name.clone(),
                d.units.to_string(),
                d.ratings.to_string(),
                d.alpha.map(|a| format!("{a:.3}")).unwrap_or_else(|| "-".into()),
                match (d.reliability, d.note.is_empty()) {
                    (Some(r), true) => r.label().to_owned(),
                    (Some(r), false) => format!("{} — {}", r.label(), d.note),
                    (None, _) => d.note.clone(),
                },
            ]
        })
        .collect();
    table(out, &["DIMENSION", "UNITS", "RATINGS", "ALPHA", "RELIABILITY"], &rows)?;
    writeln!(out, "\nInterviewers")?;
    if c.interviewers.is_empty() {
        return writeln!(out, "  No submitted scorecards for this role yet.");
    }
    let rows: Vec<Vec<String>> = c
        .interviewers
        .iter()
        .map(|i| {
            vec![
                i.interviewer.clone(),
                i.scorecards.to_string(),
                i.ratings.to_string(),
                i.leniency.map(|l| format!("{l:+.2}")).unwrap_or_else(|| "-".into()),
                i.mean_absolute_deviation.map(|m| format!("{m:.2}")).unwrap_or_else(|| "-".into()),
                hours(i.median_hours_to_submit),
            ]
        })
        .collect();
    table(out, &["INTERVIEWER", "SCORECARDS", "RATINGS", "LENIENCY", "MAD", "MEDIAN TO SUBMIT"], &rows)?;
    writeln!(
        out,
        "Leniency: mean difference from the other raters on the same candidate and dimension (+ is more lenient)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::interview::RedFlagTick;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(subcommand)]
        command: InterviewCommand,
    }

    fn score_args(args: &[&str]) -> ScoreArgs {
        let mut all = vec!["x", "score", "7"];
        all.extend_from_slice(args);
        match Wrapper::try_parse_from(all).unwrap().command {
            InterviewCommand::Score(args) => *args,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ratings_and_texts_read_as_key_value_pairs() {
        assert_eq!(parse_rating("communication=3").unwrap(), ("communication".into(), 3));
        assert_eq!(parse_rating(" communication = 9").unwrap(), ("communication".into(), 9));
        assert!(parse_rating("communication").unwrap_err().contains("has no `=`"));
        assert!(parse_rating("=3").unwrap_err().contains("names no key"));
        assert!(
            parse_rating("communication=x").unwrap_err().contains("`x` in `communication=x` is not a rating")
        );
        assert_eq!(
            parse_evidence("communication=said a=b").unwrap(),
            ("communication".into(), "said a=b".into())
        );
        assert_eq!(parse_red_flag_evidence("rf2=").unwrap(), ("rf2".into(), String::new()));
    }

    #[test]
    fn a_bad_pair_is_a_usage_error_naming_the_flag_and_the_value() {
        let error = Wrapper::try_parse_from(["x", "score", "7", "--rating", "communication"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("--rating") && error.contains("communication"), "{error}");
    }

    #[test]
    fn times_are_rfc_3339_or_utc() {
        assert_eq!(parse_utc("2026-09-30T14:00:00+02:00").unwrap().to_rfc3339(), "2026-09-30T12:00:00+00:00");
        assert_eq!(parse_utc("2026-09-30 14:00").unwrap().to_rfc3339(), "2026-09-30T14:00:00+00:00");
        assert!(parse_utc("tomorrow").unwrap_err().contains("(UTC)"));
    }

    #[test]
    fn flags_merge_onto_the_draft() {
        let first = merge_sheet(
            ScoreSheet::default(),
            &score_args(&[
                "--rating",
                "a=3",
                "--evidence",
                "a=saw it",
                "--red-flag",
                "rf1",
                "--private-notes",
                "p",
            ]),
        )
        .unwrap();
        let second = merge_sheet(
            first,
            &score_args(&[
                "--rating",
                "b=4",
                "--not-assessed",
                "c",
                "--red-flag-evidence",
                "rf1=why",
                "--recommend",
                "yes",
            ]),
        )
        .unwrap();
        assert_eq!(second.rating("a"), Some(3));
        assert_eq!(second.score("a").unwrap().evidence, "saw it");
        assert_eq!(second.rating("b"), Some(4));
        assert!(second.score("c").unwrap().not_assessed);
        assert_eq!(second.red_flags, vec![RedFlagTick { key: "rf1".into(), evidence: "why".into() }]);
        assert_eq!((second.recommendation, second.private_notes.as_str()), (Some(Recommendation::Yes), "p"));
        // Marking a rated dimension not assessed replaces the rating, and the other way round.
        let third = merge_sheet(second, &score_args(&["--not-assessed", "a", "--rating", "c=2"])).unwrap();
        assert_eq!((third.rating("a"), third.score("a").unwrap().not_assessed), (None, true));
        assert_eq!((third.rating("c"), third.score("c").unwrap().not_assessed), (Some(2), false));
        assert!(merge_sheet(third, &score_args(&["--rating", "a=2", "--not-assessed", "a"])).is_err());
    }

    #[test]
    fn tables_pad_every_column_but_the_last() {
        let mut out = Vec::new();
        table(&mut out, &["ID", "NAME"], &[vec!["12".into(), "Ada".into()]]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ID  NAME\n12  Ada\n");
    }
}
