//! `archboard review …` and `archboard lens …`: readiness and architecture reviews (answers,
//! bindings, exemptions, sign-offs, decisions, milestones, the backlog, reports, the board's
//! review calendar) and AWS Well-Architected custom lenses as checklist templates. Each command
//! is one contract call (a few make a read first to say more), printed as a table or JSON; every
//! rule about reviews is the engine's.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::catalog::{CatalogRef, GapRisk};
use archboard_types::endpoint::{
    LensExport, LensImport, ReviewAcceptRisk, ReviewAnswer, ReviewBacklog, ReviewBacklogExport, ReviewBind,
    ReviewCompare, ReviewConditionClose, ReviewCreate, ReviewDecide, ReviewExempt, ReviewGet,
    ReviewHolidaysImport, ReviewList, ReviewMilestoneAdd, ReviewRecordAdr, ReviewReport, ReviewSettingsGet,
    ReviewSettingsUpdate, ReviewSignOff, ReviewSignOffsSet, ReviewTransitionTo, ReviewUpgrade,
    ReviewUpgradePreview,
};
use archboard_types::review::{
    BacklogExportRequest, BacklogFormat, BacklogItem, BacklogQuery, BenchBinding, CompareRequest,
    ConditionClose, DecisionOutcome, DecisionRequest, HolidayImport, ItemAnswer, ItemBinding, ItemExemption,
    ItemStatus, LensImportRequest, MilestoneComparison, MilestoneRequest, NewCondition, NewReview,
    NotApplicableReason, ReportFormat, ReportRequest, Review, ReviewId, ReviewItem, ReviewKind,
    ReviewListQuery, ReviewRef, ReviewSettings, ReviewSettingsChange, ReviewState, ReviewTransition,
    RiskAcceptance, RiskCounts, RiskLevel, RiskOverride, SignOffRequest, SignOffsChange, SlaStatus,
    TemplateUpgrade, UpgradeRequest,
};
use archboard_types::system::Empty;
use archboard_types::{ApiError, ErrorCode};
use chrono::NaiveDate;
use clap::{ArgGroup, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Start a review of a system (a draft); prints its id.
    ///
    /// The items are the templates' items for the system's risk tier.
    New {
        /// The system reviewed (its key, see `system list`).
        #[arg(long)]
        system: String,
        /// architecture, production-readiness, ml-security, ml-test-score or custom.
        #[arg(long)]
        kind: ReviewKind,
        /// A checklist template (e.g. checklist.production-readiness); repeat for several.
        /// Default: the kind's templates.
        #[arg(long = "template", value_name = "KEY")]
        templates: Vec<String>,
        /// Default: "<kind>: <system name>".
        #[arg(long, default_value = "", hide_default_value = true)]
        title: String,
        /// A sign-off the review needs (e.g. chair, sre); repeat for several. Default: the
        /// kind's sign-offs.
        #[arg(long = "signoff", value_name = "ROLE")]
        signoffs: Vec<String>,
        /// Print the whole review as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// List reviews with their SLA, open high risks and flags.
    List {
        #[arg(long)]
        system: Option<String>,
        /// Only reviews of systems of this team.
        #[arg(long)]
        team: Option<String>,
        /// draft, in-review, waiting-on-team, decided or closed.
        #[arg(long)]
        state: Option<ReviewState>,
        #[arg(long)]
        json: bool,
    },
    /// Show one review: header, SLA, sign-offs, decision, risk summary and every item.
    Show {
        /// The review's number (see `review list`).
        id: ReviewId,
        /// The review exactly as the engine builds it.
        #[arg(long)]
        json: bool,
    },
    /// Answer one item.
    ///
    /// The answer replaces the previous one as a whole (owner and due included). A pass needs
    /// --evidence; not-applicable needs --reason and --notes. With --choices (a lens question)
    /// or --score (an ML Test Score test) the status follows from them and --status may be
    /// left out.
    Answer {
        /// The review's number (see `review list`).
        id: ReviewId,
        /// The item's key (see `review show`).
        item: String,
        /// pass, partial, fail, not-applicable or unanswered.
        #[arg(long, required_unless_present_any = ["choices", "score"])]
        status: Option<ItemStatus>,
        /// Evidence or the rationale, as Markdown (a link, a document, why it is met).
        #[arg(long, default_value = "", hide_default_value = true, conflicts_with = "evidence_file")]
        evidence: String,
        /// Read the evidence (Markdown) from this file.
        #[arg(long, value_name = "FILE")]
        evidence_file: Option<PathBuf>,
        #[arg(long, default_value = "", hide_default_value = true)]
        notes: String,
        /// Why the item does not apply: out-of-scope, business-priorities,
        /// architecture-constraints or other.
        #[arg(long)]
        reason: Option<NotApplicableReason>,
        /// A lens question's selected choice ids, comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "ID,ID")]
        choices: Vec<String>,
        /// An ML Test Score: 0, 0.5 (done by hand, documented) or 1 (automated).
        #[arg(long)]
        score: Option<f64>,
        /// Who closes the gap (a user of the board).
        #[arg(long)]
        owner: Option<String>,
        /// When the gap is to be closed (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        due: Option<NaiveDate>,
        /// A risk other than the template's, with --risk-reason.
        #[arg(long, value_enum, requires = "risk_reason")]
        risk: Option<RiskArg>,
        #[arg(long, requires = "risk", value_name = "TEXT")]
        risk_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a draft into review (the SLA clock starts).
    Start {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Move a review to another state.
    ///
    /// STATE is in-review, waiting-on-team, draft or closed; deciding is `review decide`.
    Transition {
        /// The review's number (see `review list`).
        id: ReviewId,
        state: ReviewState,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Close a decided review (refused while a high risk is open).
    Close {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Put a review back in review.
    ///
    /// From decided or closed its sign-offs are asked for again and a new decision is made;
    /// from waiting on the team the SLA clock runs on.
    Reopen {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a review as waiting on the team (the SLA clock pauses).
    Wait {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Bind an item to a benchmark run judged against a hardware profile.
    ///
    /// The run's verdict then answers the item; --clear removes the binding.
    Bind {
        /// The review's number (see `review list`).
        id: ReviewId,
        item: String,
        /// The benchmark run's id (see `bench list`).
        #[arg(long, value_name = "RUN_ID", required_unless_present = "clear", requires = "profile")]
        bench: Option<String>,
        /// The hardware profile judged against (e.g. hw.nvidia-t4).
        #[arg(long, value_name = "KEY", requires = "bench")]
        profile: Option<String>,
        /// Evidence older than this many days no longer counts (default 90).
        #[arg(long, value_name = "N", requires = "bench")]
        freshness_days: Option<u32>,
        #[arg(long, conflicts_with_all = ["bench", "profile", "freshness_days"])]
        clear: bool,
        #[arg(long)]
        json: bool,
    },
    /// Exempt a failed or partly met item until a date, approved by you.
    Exempt {
        /// The review's number (see `review list`).
        id: ReviewId,
        item: String,
        #[arg(long)]
        reason: String,
        /// The last day the exemption holds (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Link a decision (ADR) that accepts an item's risk (--clear removes the link).
    AcceptRisk {
        /// The review's number (see `review list`).
        id: ReviewId,
        item: String,
        /// The decision: `7`, `ADR-0007` or `payments/ADR-0007`.
        #[arg(long, value_name = "REF", required_unless_present = "clear")]
        adr: Option<String>,
        #[arg(long, conflicts_with = "adr")]
        clear: bool,
        #[arg(long)]
        json: bool,
    },
    /// Give a sign-off, or return the review for changes.
    ///
    /// Without --role it is the first one still open that you may give. --return with
    /// --comment returns the review for changes instead (it then waits on the team).
    Signoff {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long)]
        role: Option<String>,
        #[arg(long, default_value = "", hide_default_value = true)]
        comment: String,
        /// Return the review for changes instead of signing (it then waits on the team).
        #[arg(long = "return", conflicts_with = "role")]
        return_for_changes: bool,
        #[arg(long)]
        json: bool,
    },
    /// Replace the sign-offs a review needs (those already given are kept).
    SetSignoffs {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(required = true, value_name = "ROLE")]
        roles: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// The chair's decision: approve, approve-with-conditions or reject.
    ///
    /// Name each condition with --condition TEXT (repeat for several); --condition-owner and
    /// --condition-due apply to every condition given (an owner must be a user of the board).
    Decide {
        /// The review's number (see `review list`).
        id: ReviewId,
        outcome: DecisionOutcome,
        #[arg(long)]
        rationale: String,
        #[arg(long = "condition", value_name = "TEXT")]
        conditions: Vec<String>,
        /// The owner (a user) of every --condition.
        #[arg(long, value_name = "USER", requires = "conditions")]
        condition_owner: Option<String>,
        /// The due date (YYYY-MM-DD) of every --condition.
        #[arg(long, value_name = "DATE", requires = "conditions")]
        condition_due: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record the current decision as an ADR (linked to the system); prints its reference.
    RecordAdr {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(long)]
        json: bool,
    },
    /// Close a decision condition (`1` or `C1`) with the evidence that it is met.
    CloseCondition {
        /// The review's number (see `review list`).
        id: ReviewId,
        #[arg(value_parser = parse_condition, value_name = "N")]
        condition: u32,
        #[arg(long)]
        evidence: String,
        #[arg(long)]
        json: bool,
    },
    /// Freeze the review as it is now under a name, to compare or report on later.
    Milestone {
        /// The review's number (see `review list`).
        id: ReviewId,
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// What changed between two milestones, or a milestone and `now` (the default).
    Compare {
        /// The review's number (see `review list`).
        id: ReviewId,
        from: String,
        #[arg(default_value = "now")]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Move the review's copy of a template to the catalog's current version.
    ///
    /// Answers of unchanged items are kept, changed items start unanswered, and a milestone is
    /// taken first. --preview only says what would change.
    Upgrade {
        /// The review's number (see `review list`).
        id: ReviewId,
        template: String,
        #[arg(long)]
        preview: bool,
        #[arg(long)]
        json: bool,
    },
    /// The improvement backlog across reviews: gaps, exemptions and open conditions.
    ///
    /// A table by default; --csv (Jira's import columns) or --json (GitHub's issue fields)
    /// give the export, to standard output or to -o FILE.
    #[command(group(ArgGroup::new("format").args(["csv", "json"])))]
    Backlog {
        #[arg(long)]
        csv: bool,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        system: Option<String>,
        #[arg(long)]
        team: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// Only lines of this risk: high, medium, none.
        #[arg(long)]
        risk: Option<RiskLevel>,
        /// Include what is already closed (fixed items, met conditions).
        #[arg(long)]
        all: bool,
        /// Write the export to this file (needs --csv or --json).
        #[arg(short = 'o', long = "output", value_name = "FILE", requires = "format")]
        output: Option<PathBuf>,
    },
    /// The review's report as Markdown or self-contained HTML, of now or of a milestone.
    Report {
        /// The review's number (see `review list`).
        id: ReviewId,
        /// md or html.
        #[arg(long)]
        format: ReportFormat,
        /// Write the report here (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        milestone: Option<String>,
    },
    /// Show or change the board's review settings.
    ///
    /// The time zone in which days end, and each kind's SLA in business days.
    Settings {
        /// An IANA time zone (e.g. Europe/Berlin or UTC).
        #[arg(long, value_name = "TZ")]
        time_zone: Option<String>,
        /// KIND=DAYS, e.g. production-readiness=5; repeat for several kinds.
        #[arg(long = "sla", value_parser = parse_sla, value_name = "KIND=DAYS")]
        sla: Vec<(ReviewKind, u32)>,
        #[arg(long)]
        json: bool,
    },
    /// The board's holiday calendar (days the SLA clock does not count).
    #[command(subcommand)]
    Holidays(HolidaysCommand),
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCommand {
    /// Add the holidays of a CSV (`date,name`) or ICS file, or with --replace replace them.
    Import {
        file: PathBuf,
        #[arg(long)]
        replace: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the board's holidays.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum LensCommand {
    /// Import an AWS Well-Architected custom lens (JSON) as a checklist template; prints its key.
    ///
    /// The same lens again changes nothing; a changed one becomes a new version. Warnings
    /// about the file go to standard error.
    Import {
        file: PathBuf,
        /// Print the import report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a checklist template as a lens file.
    Export {
        key: String,
        /// Write the lens here (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// An item's risk when it is not met, as `--risk` takes it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RiskArg {
    High,
    Medium,
}

impl From<RiskArg> for GapRisk {
    fn from(risk: RiskArg) -> Self {
        match risk {
            RiskArg::High => GapRisk::High,
            RiskArg::Medium => GapRisk::Medium,
        }
    }
}

/// `production-readiness=5` → (kind, days).
fn parse_sla(text: &str) -> Result<(ReviewKind, u32), String> {
    let (kind, days) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not KIND=DAYS (e.g. production-readiness=5)"))?;
    let kind: ReviewKind = kind.parse()?;
    let days =
        days.trim().parse().map_err(|_| format!("`{}` is not a number of business days", days.trim()))?;
    Ok((kind, days))
}

/// `2` or `C2`, as conditions are shown.
fn parse_condition(text: &str) -> Result<u32, String> {
    let number = text.trim().trim_start_matches(['C', 'c']);
    number.parse().map_err(|_| format!("`{text}` is not a condition number (e.g. 1 or C1)"))
}

pub fn run_review(client: &mut Client, command: ReviewCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        ReviewCommand::New { system, kind, templates, title, signoffs, json } => {
            let signoffs = (!signoffs.is_empty()).then_some(signoffs);
            let review =
                client.call::<ReviewCreate>(&NewReview { system, kind, templates, title, signoffs })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            // The id alone on standard output, so a script can take it; the rest is for people.
            writeln!(out, "{}", review.id)?;
            eprintln!(
                "Created review {} “{}” ({}, {} item(s), draft); start it with: archboard review start {}",
                review.id,
                review.title,
                review.system,
                review.items.len(),
                review.id
            );
        }
        ReviewCommand::List { system, team, state, json } => {
            let reviews = client.call::<ReviewList>(&ReviewListQuery { system, team, state })?;
            if json {
                return Ok(write_json(out, &reviews)?);
            }
            if reviews.is_empty() {
                writeln!(
                    out,
                    "No reviews match. Start one with: archboard review new --system KEY --kind production-readiness"
                )?;
                return Ok(());
            }
            let system_width = reviews.iter().map(|r| r.system.len()).max().unwrap_or(6).max(6);
            let team_width = reviews.iter().map(|r| r.team.len()).max().unwrap_or(4).max(4);
            writeln!(
                out,
                "{:>4}  {:<15}  {:<system_width$}  {:<team_width$}  {:<20}  {:<24}  {:>4}  FLAGGED",
                "ID", "STATE", "SYSTEM", "TEAM", "KIND", "SLA", "HIGH"
            )?;
            for review in &reviews {
                writeln!(
                    out,
                    "{:>4}  {:<15}  {:<system_width$}  {:<team_width$}  {:<20}  {:<24}  {:>4}  {}",
                    review.id,
                    review.state.as_str(),
                    review.system,
                    review.team,
                    review.kind.as_str(),
                    sla_cell(&review.sla),
                    review.open_high_risks,
                    if review.flagged { "yes" } else { "-" }
                )?;
            }
        }
        ReviewCommand::Show { id, json } => {
            let review = client.call::<ReviewGet>(&ReviewRef { id })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_review(out, &review)?;
        }
        ReviewCommand::Answer {
            id,
            item,
            status,
            evidence,
            evidence_file,
            notes,
            reason,
            choices,
            score,
            owner,
            due,
            risk,
            risk_reason,
            json,
        } => {
            let evidence = match evidence_file {
                Some(path) => read_text(&path)?,
                None => evidence,
            };
            let risk_override =
                risk.zip(risk_reason).map(|(risk, reason)| RiskOverride { risk: risk.into(), reason });
            let answer = ItemAnswer {
                id,
                item: item.clone(),
                status,
                evidence,
                notes,
                not_applicable_reason: reason,
                choices,
                score,
                owner,
                due,
                risk_override,
            };
            let review = client.call::<ReviewAnswer>(&answer)?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_item_line(out, &review, &item)?;
        }
        ReviewCommand::Start { id, note, json } => {
            let review = transition(client, id, ReviewState::InReview, note)?;
            write_moved(out, &review, json)?;
        }
        ReviewCommand::Transition { id, state, note, json } => {
            let review = match state {
                ReviewState::Closed => close(client, id, note)?,
                state => transition(client, id, state, note)?,
            };
            write_moved(out, &review, json)?;
        }
        ReviewCommand::Close { id, note, json } => {
            let review = close(client, id, note)?;
            write_moved(out, &review, json)?;
        }
        ReviewCommand::Reopen { id, note, json } => {
            let review = transition(client, id, ReviewState::InReview, note)?;
            write_moved(out, &review, json)?;
        }
        ReviewCommand::Wait { id, note, json } => {
            let review = transition(client, id, ReviewState::WaitingOnTeam, note)?;
            write_moved(out, &review, json)?;
        }
        ReviewCommand::Bind { id, item, bench, profile, freshness_days, clear: _, json } => {
            // clap lets --bench through only with --profile, and neither with --clear.
            let bench =
                bench.zip(profile).map(|(run, profile)| BenchBinding { run, profile, freshness_days });
            let review = client.call::<ReviewBind>(&ItemBinding { id, item: item.clone(), bench })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_item_line(out, &review, &item)?;
        }
        ReviewCommand::Exempt { id, item, reason, until, json } => {
            let review =
                client.call::<ReviewExempt>(&ItemExemption { id, item: item.clone(), reason, until })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_item_line(out, &review, &item)?;
        }
        ReviewCommand::AcceptRisk { id, item, adr, clear: _, json } => {
            let adr = match adr {
                Some(text) => Some(super::adr::resolve_id(client, &text, None)?),
                None => None,
            };
            let review = client.call::<ReviewAcceptRisk>(&RiskAcceptance { id, item: item.clone(), adr })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_item_line(out, &review, &item)?;
        }
        ReviewCommand::Signoff { id, role, comment, return_for_changes, json } => {
            let review =
                client.call::<ReviewSignOff>(&SignOffRequest { id, role, return_for_changes, comment })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            if return_for_changes {
                writeln!(out, "Returned review {} for changes; it is waiting on the team.", review.id)?;
            } else {
                let given = review.signoffs.iter().filter(|s| s.signed_by.is_some()).count();
                let open: Vec<&str> = review
                    .signoffs
                    .iter()
                    .filter(|s| s.signed_by.is_none())
                    .map(|s| s.role.as_str())
                    .collect();
                let left = if open.is_empty() {
                    "all given; the chair may decide".to_owned()
                } else {
                    format!("still open: {}", open.join(", "))
                };
                writeln!(
                    out,
                    "Review {}: {given} of {} sign-off(s) given ({left}).",
                    review.id,
                    review.signoffs.len()
                )?;
            }
        }
        ReviewCommand::SetSignoffs { id, roles, json } => {
            let review = client.call::<ReviewSignOffsSet>(&SignOffsChange { id, roles })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            let roles: Vec<&str> = review.signoffs.iter().map(|s| s.role.as_str()).collect();
            writeln!(out, "Review {} now needs the sign-offs of {}.", review.id, roles.join(", "))?;
        }
        ReviewCommand::Decide {
            id,
            outcome,
            rationale,
            conditions,
            condition_owner,
            condition_due,
            json,
        } => {
            let conditions = conditions
                .into_iter()
                .map(|text| NewCondition { text, owner: condition_owner.clone(), due: condition_due })
                .collect();
            let review =
                client.call::<ReviewDecide>(&DecisionRequest { id, outcome, rationale, conditions })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            let label = review.current_decision().map(|d| d.outcome.label()).unwrap_or("decided");
            writeln!(out, "Review {} is decided: {label}.", review.id)?;
            for condition in review.conditions.iter().filter(|c| c.closed_at.is_none()) {
                writeln!(
                    out,
                    "  C{}  {}{}",
                    condition.id,
                    condition.text,
                    owner_due(&condition.owner, condition.due)
                )?;
            }
            writeln!(out, "Record it as an ADR with: archboard review record-adr {}", review.id)?;
        }
        ReviewCommand::RecordAdr { id, json } => {
            let review = client.call::<ReviewRecordAdr>(&ReviewRef { id })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            let reference = review
                .adr_reference
                .clone()
                .or_else(|| review.adr.map(|adr| format!("decision {adr}")))
                .unwrap_or_default();
            writeln!(out, "Recorded review {}'s decision as {reference}.", review.id)?;
        }
        ReviewCommand::CloseCondition { id, condition, evidence, json } => {
            let review = client.call::<ReviewConditionClose>(&ConditionClose { id, condition, evidence })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            let open = review.conditions.iter().filter(|c| c.closed_at.is_none()).count();
            writeln!(out, "Closed condition C{condition} of review {}; {open} still open.", review.id)?;
        }
        ReviewCommand::Milestone { id, name, json } => {
            let review = client.call::<ReviewMilestoneAdd>(&MilestoneRequest { id, name: name.clone() })?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            writeln!(out, "Took milestone `{}` of review {}.", name.trim(), review.id)?;
        }
        ReviewCommand::Compare { id, from, to, json } => {
            // `now` is the review as it is; the engine refuses it as a milestone name.
            let to = (!to.trim().eq_ignore_ascii_case("now")).then_some(to);
            let comparison = client.call::<ReviewCompare>(&CompareRequest { id, from, to })?;
            if json {
                return Ok(write_json(out, &comparison)?);
            }
            write_comparison(out, id, &comparison)?;
        }
        ReviewCommand::Upgrade { id, template, preview, json } => {
            let request = UpgradeRequest { id, template };
            let plan = client.call::<ReviewUpgradePreview>(&request)?;
            if preview {
                if json {
                    return Ok(write_json(out, &plan)?);
                }
                return Ok(write_upgrade(out, id, &plan, false)?);
            }
            let review = client.call::<ReviewUpgrade>(&request)?;
            if json {
                return Ok(write_json(out, &review)?);
            }
            write_upgrade(out, id, &plan, true)?;
        }
        ReviewCommand::Backlog { csv, json, system, team, owner, risk, all, output } => {
            let query = BacklogQuery { system, team, owner, risk, include_closed: all };
            let format = match (csv, json) {
                (true, _) => Some(BacklogFormat::Csv),
                (_, true) => Some(BacklogFormat::Json),
                _ => None,
            };
            match format {
                Some(format) => {
                    let file = client.call::<ReviewBacklogExport>(&BacklogExportRequest { query, format })?;
                    write_export(out, output.as_deref(), &file)?;
                }
                None => {
                    let items = client.call::<ReviewBacklog>(&query)?;
                    write_backlog(out, &items)?;
                }
            }
        }
        ReviewCommand::Report { id, format, output, milestone } => {
            let file = client.call::<ReviewReport>(&ReportRequest { id, format, milestone })?;
            write_export(out, output.as_deref(), &file)?;
        }
        ReviewCommand::Settings { time_zone, sla, json } => {
            let mut settings = client.call::<ReviewSettingsGet>(&Empty {})?;
            if time_zone.is_some() || !sla.is_empty() {
                // The update takes the whole calendar; what was not named stays as it is.
                let mut sla_days = settings.sla_days.clone();
                for (kind, days) in sla {
                    match sla_days.iter_mut().find(|(k, _)| *k == kind) {
                        Some(slot) => slot.1 = days,
                        None => sla_days.push((kind, days)),
                    }
                }
                let time_zone = time_zone.unwrap_or(settings.time_zone);
                settings =
                    client.call::<ReviewSettingsUpdate>(&ReviewSettingsChange { time_zone, sla_days })?;
            }
            if json {
                return Ok(write_json(out, &settings)?);
            }
            write_settings(out, &settings)?;
        }
        ReviewCommand::Holidays(HolidaysCommand::Import { file, replace, json }) => {
            let text = read_text(&file)?;
            let settings = client.call::<ReviewHolidaysImport>(&HolidayImport {
                file_name: file_name(&file),
                text,
                replace,
            })?;
            if json {
                return Ok(write_json(out, &settings)?);
            }
            writeln!(out, "The board now has {} holiday(s).", settings.holidays.len())?;
        }
        ReviewCommand::Holidays(HolidaysCommand::List { json }) => {
            let settings = client.call::<ReviewSettingsGet>(&Empty {})?;
            if json {
                return Ok(write_json(out, &settings.holidays)?);
            }
            if settings.holidays.is_empty() {
                writeln!(out, "No holidays. Import a calendar with: archboard review holidays import FILE")?;
            }
            for holiday in &settings.holidays {
                writeln!(out, "{}  {}", holiday.date, holiday.name)?;
            }
        }
    }
    Ok(())
}

pub fn run_lens(client: &mut Client, command: LensCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        LensCommand::Import { file, json } => {
            let text = read_text(&file)?;
            let report =
                client.call::<LensImport>(&LensImportRequest { file_name: file_name(&file), json: text })?;
            if json {
                return Ok(write_json(out, &report)?);
            }
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let what = if report.created {
                format!("a new template, version {}", report.version)
            } else {
                format!("a template already in the catalog, now at version {}", report.version)
            };
            eprintln!(
                "Imported “{}” as {what}: {} section(s), {} question(s).",
                report.name, report.sections, report.items
            );
            // The key alone on standard output, for `review new --template "$(…)"`.
            writeln!(out, "{}", report.key)?;
        }
        LensCommand::Export { key, output } => {
            let file = client.call::<LensExport>(&CatalogRef { key })?;
            write_export(out, output.as_deref(), &file)?;
        }
    }
    Ok(())
}

fn transition(client: &mut Client, id: ReviewId, to: ReviewState, note: String) -> Result<Review, CliError> {
    Ok(client.call::<ReviewTransitionTo>(&ReviewTransition { id, to, note })?)
}

/// Closes a review. The engine checks the lifecycle before what blocks closing, so from
/// anything but "decided" its refusal names only the states; the review's own close blockers
/// (computed by the engine) are added, so the person learns everything left to do at once.
fn close(client: &mut Client, id: ReviewId, note: String) -> Result<Review, CliError> {
    let error = match transition(client, id, ReviewState::Closed, note) {
        Err(CliError::Api(error)) if error.code == ErrorCode::Conflict => error,
        other => return other,
    };
    let blockers: Vec<String> = match client.call::<ReviewGet>(&ReviewRef { id }) {
        Ok(review) => {
            review.close_blockers.into_iter().filter(|b| !error.message.contains(b.as_str())).collect()
        }
        Err(_) => Vec::new(),
    };
    if blockers.is_empty() {
        return Err(error.into());
    }
    Err(ApiError {
        message: format!("{} Before it can close: {}", error.message, blockers.join(" ")),
        ..error
    }
    .into())
}

fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| {
        CliError::Io(std::io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// An exported file: written at `path` when given (through `files`, as every export is), else
/// its bytes to standard output.
fn write_export(
    out: &mut dyn Write,
    path: Option<&Path>,
    file: &archboard_types::files::ExportedFile,
) -> Result<(), CliError> {
    match path {
        Some(path) => {
            crate::files::write_file(path, file)?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        None => out.write_all(file.content.as_slice())?,
    }
    Ok(())
}

fn write_moved(out: &mut dyn Write, review: &Review, json: bool) -> std::io::Result<()> {
    if json {
        return write_json(out, review);
    }
    writeln!(out, "Review {} is now {}.", review.id, review.state.as_str())?;
    if review.state == ReviewState::InReview && review.sla.started_on.is_some() {
        writeln!(out, "SLA: {}", sla_text(&review.sla))?;
    }
    Ok(())
}

/// "due 2026-12-14, 4 left", "paused", "BREACHED", "met", or "-" before the clock starts.
fn sla_cell(sla: &SlaStatus) -> String {
    match (sla.met, sla.due_on, sla.days_left) {
        (Some(true), ..) => "met".to_owned(),
        (Some(false), ..) => "BREACHED".to_owned(),
        _ if sla.breached => "BREACHED".to_owned(),
        (None, Some(due), _) if sla.paused => format!("paused (due {due})"),
        (None, Some(due), Some(left)) => format!("due {due}, {left} left"),
        _ => "-".to_owned(),
    }
}

/// The SLA in a sentence, for `show`.
fn sla_text(sla: &SlaStatus) -> String {
    let Some(started) = sla.started_on else {
        return format!("{} business days, from when the review goes into review", sla.business_days);
    };
    let due = sla.due_on.map(|d| d.to_string()).unwrap_or_default();
    let head = format!("{} business days from {started}, due {due}; {} used", sla.business_days, sla.used);
    match sla.met {
        Some(true) => {
            format!("{head}; met (decided {})", sla.decided_on.map(|d| d.to_string()).unwrap_or_default())
        }
        Some(false) => format!(
            "{head}; BREACHED (decided {})",
            sla.decided_on.map(|d| d.to_string()).unwrap_or_default()
        ),
        None if sla.breached => format!("{head}; BREACHED"),
        None if sla.paused => format!("{head}; paused while waiting on the team"),
        None => format!("{head}; {} left", sla.days_left.unwrap_or_default()),
    }
}

fn owner_due(owner: &Option<String>, due: Option<NaiveDate>) -> String {
    match (owner, due) {
        (Some(owner), Some(due)) => format!(" (owner {owner}, due {due})"),
        (Some(owner), None) => format!(" (owner {owner})"),
        (None, Some(due)) => format!(" (due {due})"),
        (None, None) => String::new(),
    }
}

fn counts_text(counts: &RiskCounts) -> String {
    format!(
        "{} high, {} medium, {} no risk, {} not applicable, {} unanswered",
        counts.high, counts.medium, counts.none, counts.not_applicable, counts.unanswered
    )
}

/// What an item's answer amounts to beyond status and risk: the lens rule that fired, a bound
/// run's verdict, an exemption, an accepting decision, why the status is what it is.
fn item_marks(item: &ReviewItem) -> Vec<String> {
    let mut marks = Vec::new();
    if item.open_high_risk {
        marks.push("OPEN HIGH RISK".to_owned());
    }
    if let Some(score) = item.score {
        marks.push(format!("score {score}"));
    }
    if !item.choices.is_empty() {
        marks.push(format!("choices {}", item.choices.join(",")));
    }
    if let Some(rule) = &item.fired_rule {
        marks.push(format!("rule {} `{}` → {}", rule.index + 1, rule.condition, rule.risk.label()));
    }
    if let Some(bound) = &item.bound {
        marks.push(format!("bound: {}", bound.explanation));
    }
    if let Some(exemption) = &item.exemption {
        let state = if exemption.expired { "expired" } else { "until" };
        marks.push(format!(
            "exempt {state} {} ({}, by {})",
            exemption.until, exemption.reason, exemption.approver
        ));
    }
    if let Some(reference) = &item.accepted_by_reference {
        marks.push(format!("risk accepted by {reference}"));
    }
    if let Some(owner) = &item.owner {
        marks.push(format!("owner {owner}"));
    }
    if let Some(due) = item.due {
        marks.push(format!("due {due}"));
    }
    if let Some(note) = &item.status_note {
        marks.push(note.clone());
    }
    marks
}

/// One line after a change to an item: its key, effective status and risk, and marks.
fn write_item_line(out: &mut dyn Write, review: &Review, key: &str) -> std::io::Result<()> {
    // The engine may have found the item by `template#key`; show the one it changed.
    let item = review
        .item(key.trim())
        .or_else(|| review.items.iter().find(|i| key.ends_with(&format!("#{}", i.key))));
    match item {
        Some(item) => {
            let marks = item_marks(item);
            let marks = if marks.is_empty() { String::new() } else { format!(" — {}", marks.join("; ")) };
            writeln!(
                out,
                "Review {} `{}`: {} (risk {}){marks}",
                review.id,
                item.key,
                item.status.as_str(),
                item.risk.as_str()
            )?;
        }
        None => writeln!(out, "Review {}: `{key}` updated.", review.id)?,
    }
    writeln!(out, "Open high risks: {}", review.open_high_risks)
}

fn write_review(out: &mut dyn Write, review: &Review) -> std::io::Result<()> {
    writeln!(out, "# Review {}: {}", review.id, review.title)?;
    writeln!(
        out,
        "System:     {} ({}), team {}, {}",
        review.system,
        review.system_name,
        review.team,
        review.tier.label()
    )?;
    writeln!(out, "Kind:       {}", review.kind.label())?;
    writeln!(out, "State:      {}", review.state.as_str())?;
    let templates: Vec<String> = review
        .templates
        .iter()
        .map(|t| match t.newer_version {
            Some(newer) => format!("{} v{} (v{newer} available)", t.key, t.version),
            None => format!("{} v{}", t.key, t.version),
        })
        .collect();
    writeln!(out, "Templates:  {}", templates.join(", "))?;
    writeln!(out, "SLA:        {}", sla_text(&review.sla))?;
    let signoffs: Vec<String> = review
        .signoffs
        .iter()
        .map(|s| match &s.signed_by {
            Some(by) => format!("{} signed by {by}", s.role),
            None => format!("{} open", s.role),
        })
        .collect();
    writeln!(out, "Sign-offs:  {}", signoffs.join(", "))?;
    for returned in &review.returns {
        writeln!(
            out,
            "Returned:   by {} on {}: {}",
            returned.by,
            returned.at.format("%Y-%m-%d"),
            returned.comment
        )?;
    }
    match review.current_decision() {
        Some(d) => writeln!(
            out,
            "Decision:   {} by {} on {}: {}",
            d.outcome.label(),
            d.decided_by,
            d.decided_at.format("%Y-%m-%d"),
            d.rationale
        )?,
        None => writeln!(out, "Decision:   none yet")?,
    }
    for c in &review.conditions {
        let state = match c.closed_at {
            Some(at) => format!("closed {}: {}", at.format("%Y-%m-%d"), c.closing_evidence),
            None => "open".to_owned(),
        };
        writeln!(out, "  C{}  {}{} [{state}]", c.id, c.text, owner_due(&c.owner, c.due))?;
    }
    if let Some(reference) = &review.adr_reference {
        writeln!(out, "Recorded:   {reference}")?;
    }
    let summary = &review.summary;
    writeln!(
        out,
        "Summary:    {} ({} of {} answered, {} exempt)",
        counts_text(&summary.counts),
        summary.answered,
        summary.total,
        summary.exempt
    )?;
    if summary.exempt > 0 {
        writeln!(out, "Unexempted: {}", counts_text(&summary.without_exemptions))?;
    }
    if let Some(score) = &review.ml_test_score {
        let sections: Vec<String> =
            score.sections.iter().map(|s| format!("{} {}", s.section, s.score)).collect();
        writeln!(
            out,
            "ML Test Score: {} ({}: {}); sections: {}; weakest: {}",
            score.final_score,
            score.band.range,
            score.band.meaning,
            sections.join(", "),
            score.weakest.join(", ")
        )?;
    }
    writeln!(out, "Open high risks: {}", review.open_high_risks)?;
    for blocker in &review.close_blockers {
        writeln!(out, "Cannot close: {blocker}")?;
    }
    for flag in &review.flags {
        writeln!(out, "Flag: {flag}")?;
    }
    if !review.milestones.is_empty() {
        let names: Vec<&str> = review.milestones.iter().map(|m| m.name.as_str()).collect();
        writeln!(out, "Milestones: {}", names.join(", "))?;
    }
    let width = review.items.iter().map(|i| i.key.len()).max().unwrap_or(4).max(4);
    for section in &review.section_summaries {
        writeln!(out, "\n## {} ({})", section.section, counts_text(&section.counts))?;
        for item in review.items.iter().filter(|i| i.section == section.section) {
            writeln!(
                out,
                "  {:<width$}  {:<14}  {:<14}  {}",
                item.key,
                item.status.as_str(),
                item.risk.as_str(),
                item.prompt
            )?;
            let marks = item_marks(item);
            if !marks.is_empty() {
                writeln!(out, "  {:<width$}  {}", "", marks.join("; "))?;
            }
        }
    }
    Ok(())
}

fn write_comparison(
    out: &mut dyn Write,
    id: ReviewId,
    comparison: &MilestoneComparison,
) -> std::io::Result<()> {
    writeln!(out, "Review {id}: {} → {}", comparison.from, comparison.to)?;
    let d = &comparison.delta;
    let (from, to) = (&comparison.from_counts, &comparison.to_counts);
    for (label, a, b, delta) in [
        ("high", from.high, to.high, d.high),
        ("medium", from.medium, to.medium, d.medium),
        ("no risk", from.none, to.none, d.none),
        ("not applicable", from.not_applicable, to.not_applicable, d.not_applicable),
        ("unanswered", from.unanswered, to.unanswered, d.unanswered),
    ] {
        writeln!(out, "  {label:<15} {a:>4} → {b:<4} ({delta:+})")?;
    }
    writeln!(out, "Changed: {}; unchanged: {}", comparison.changes.len(), comparison.unchanged)?;
    let side = |status: Option<ItemStatus>, risk: Option<RiskLevel>| match (status, risk) {
        (Some(status), Some(risk)) => format!("{}/{}", status.as_str(), risk.as_str()),
        _ => "(absent)".to_owned(),
    };
    for change in &comparison.changes {
        let evidence = if change.evidence_changed { " (evidence changed)" } else { "" };
        writeln!(
            out,
            "  {}  {} → {}{evidence}",
            change.key,
            side(change.from_status, change.from_risk),
            side(change.to_status, change.to_risk)
        )?;
    }
    Ok(())
}

fn write_upgrade(
    out: &mut dyn Write,
    id: ReviewId,
    plan: &TemplateUpgrade,
    done: bool,
) -> std::io::Result<()> {
    if plan.from_version == plan.to_version {
        return writeln!(
            out,
            "`{}` in review {id} is at the catalog's version (v{}); there is nothing to upgrade.",
            plan.template, plan.to_version
        );
    }
    let verb = if done { "Upgraded" } else { "Upgrading would move" };
    writeln!(
        out,
        "{verb} `{}` in review {id} from v{} to v{}: {} added, {} removed, {} changed (answers reset), {} kept.",
        plan.template,
        plan.from_version,
        plan.to_version,
        plan.added.len(),
        plan.removed.len(),
        plan.changed.len(),
        plan.carried
    )?;
    for (label, keys) in [("added", &plan.added), ("removed", &plan.removed), ("changed", &plan.changed)] {
        if !keys.is_empty() {
            writeln!(out, "  {label}: {}", keys.join(", "))?;
        }
    }
    Ok(())
}

fn write_backlog(out: &mut dyn Write, items: &[BacklogItem]) -> std::io::Result<()> {
    if items.is_empty() {
        return writeln!(out, "The backlog is empty.");
    }
    let width = items.iter().map(|i| i.key.len()).max().unwrap_or(3).max(3);
    writeln!(
        out,
        "{:<width$}  {:<14}  {:<8}  {:<12}  {:<11}  {:>4}  TITLE",
        "KEY", "STATUS", "RISK", "OWNER", "DUE", "AGE"
    )?;
    for item in items {
        let due = match item.due {
            Some(due) if item.overdue => format!("{due}!"),
            Some(due) => due.to_string(),
            None => "-".to_owned(),
        };
        let status = if item.closed { "closed" } else { item.status.as_str() };
        writeln!(
            out,
            "{:<width$}  {:<14}  {:<8}  {:<12}  {:<11}  {:>4}  {}",
            item.key,
            status,
            item.risk.as_str(),
            item.owner.as_deref().unwrap_or("-"),
            due,
            item.age_days,
            item.title
        )?;
    }
    writeln!(out, "{} line(s); `!` marks an overdue date", items.len())
}

fn write_settings(out: &mut dyn Write, settings: &ReviewSettings) -> std::io::Result<()> {
    writeln!(out, "Time zone: {}", settings.time_zone)?;
    writeln!(out, "SLA (business days):")?;
    for (kind, days) in &settings.sla_days {
        writeln!(out, "  {:<22} {days}", kind.as_str())?;
    }
    writeln!(out, "Holidays: {} (see `archboard review holidays list`)", settings.holidays.len())
}
