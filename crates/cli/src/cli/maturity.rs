//! `archboard maturity|quarter|report`: maturity levels per team and quarter (the proposal
//! with the criteria met and missing, an assessor's level and rationale, the chair's
//! approval), quarter close and reopen, and quarterly reports built as jobs (followed here,
//! Ctrl-C cancels) and written as HTML, Markdown with its charts, or PDF. Every rule is the
//! engine's; this file parses, calls and prints.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::endpoint::{
    JobCancel, MaturityApprove, MaturityAssess, MaturityPropose, QuarterClose, QuarterList, QuarterReopen,
    ReportDelete, ReportGet, ReportList, ReportProgressGet, ReportStart,
};
use archboard_types::job::{JobRef, JobState};
use archboard_types::kpi::Period;
use archboard_types::maturity::{
    AssessRequest, MaturityProposal, MaturityQuery, QuarterRef, QuarterStatus, parse_dimension_level,
};
use archboard_types::report::{
    ReportFileRequest, ReportFormat, ReportRef, ReportRequest, ReportSection, ReportSummary,
};
use archboard_types::system::Empty;
use clap::Subcommand;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How often `report build` asks how its job is doing.
const POLL_EVERY: Duration = Duration::from_millis(200);

#[derive(Debug, Subcommand)]
pub enum MaturityCommand {
    /// The proposed level per dimension for a team and quarter, with the criteria met and
    /// missing and what is assessed so far.
    Propose {
        #[arg(long)]
        team: String,
        #[arg(long, value_name = "QUARTER")]
        period: Period,
        #[arg(long)]
        json: bool,
    },
    /// Set a dimension's level (accept the proposal, or another level with a rationale).
    Assess {
        #[arg(long)]
        team: String,
        #[arg(long, value_name = "QUARTER")]
        period: Period,
        /// KEY=LEVEL, e.g. deployment-automation=3 (the `maturity.` prefix may be left out).
        #[arg(long, value_name = "KEY=LEVEL", value_parser = parse_dimension_level)]
        dimension: (String, u8),
        /// Why, required when the level differs from the proposal.
        #[arg(long, default_value = "", hide_default_value = true)]
        rationale: String,
        /// The level the team aims for next quarter.
        #[arg(long, value_name = "LEVEL")]
        target: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    /// Approve a team's assessments for a quarter (every dimension must be assessed).
    Approve {
        #[arg(long)]
        team: String,
        #[arg(long, value_name = "QUARTER")]
        period: Period,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuarterCommand {
    /// Close a quarter: freeze every team's scorecard, levels, risks and reviews.
    Close {
        period: Period,
        #[arg(long)]
        json: bool,
    },
    /// Reopen a closed quarter (owners), saying why.
    Reopen {
        period: Period,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// The quarters: closed or open, by whom, teams approved.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Build a quarterly report (a job, followed here) and write it in one format.
    Build {
        #[arg(long, value_name = "QUARTER")]
        period: Period,
        /// A team to cover (repeat for several); the whole board when left out.
        #[arg(long = "team", value_name = "T")]
        teams: Vec<String>,
        /// html, md or pdf.
        #[arg(long, default_value = "html")]
        format: ReportFormat,
        /// Sections to include (repeat): summary, commentary, teams, organisation,
        /// data-quality, appendix. All when left out.
        #[arg(long = "section", value_name = "S")]
        sections: Vec<ReportSection>,
        /// The commentary section's text (paragraphs split on blank lines).
        #[arg(long, default_value = "", hide_default_value = true)]
        commentary: String,
        #[arg(long)]
        title: Option<String>,
        /// Where to write the report (Markdown's charts go beside it).
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        /// Print the stored report's summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Reports built so far, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write a stored report again, in any format.
    Get {
        id: i64,
        #[arg(long, default_value = "html")]
        format: ReportFormat,
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
    /// Delete a stored report.
    Delete { id: i64 },
}

pub fn run_maturity(
    client: &mut Client,
    command: MaturityCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (proposal, json) = match command {
        MaturityCommand::Propose { team, period, json } => {
            (client.call::<MaturityPropose>(&MaturityQuery { team, period })?, json)
        }
        MaturityCommand::Assess { team, period, dimension: (dimension, level), rationale, target, json } => {
            let proposal = client.call::<MaturityAssess>(&AssessRequest {
                team,
                period,
                dimension: dimension.clone(),
                level,
                rationale,
                target,
            })?;
            if !json {
                let name =
                    proposal.dimensions.iter().find(|d| d.dimension == dimension).map(|d| d.name.as_str());
                writeln!(
                    out,
                    "{}: level {level} set for {} in {}.",
                    name.unwrap_or(&dimension),
                    proposal.team,
                    proposal.period
                )?;
            }
            (proposal, json)
        }
        MaturityCommand::Approve { team, period, json } => {
            let proposal = client.call::<MaturityApprove>(&MaturityQuery { team, period })?;
            if !json {
                writeln!(out, "Approved: {} in {}.", proposal.team, proposal.period)?;
            }
            (proposal, json)
        }
    };
    if json {
        return Ok(write_json(out, &proposal)?);
    }
    write_proposal(out, &proposal)?;
    Ok(())
}

fn write_proposal(out: &mut dyn Write, p: &MaturityProposal) -> std::io::Result<()> {
    writeln!(
        out,
        "{} · {}{}{}",
        p.team,
        p.period,
        if p.closed { " · closed" } else { "" },
        match &p.approval {
            Some(a) => format!(" · approved by {} on {}", a.by, a.at.format("%Y-%m-%d")),
            None => String::new(),
        }
    )?;
    writeln!(
        out,
        "{:<32} {:>8} {:>8} {:>6} {:>8}  Why",
        "Dimension", "Proposed", "Assessed", "Target", "Last Q"
    )?;
    for d in &p.dimensions {
        let assessed = d.assessment.as_ref().map(|a| a.level.to_string()).unwrap_or_else(|| "–".into());
        let target =
            d.assessment.as_ref().and_then(|a| a.target).map(|t| t.to_string()).unwrap_or_else(|| "–".into());
        let last = d.previous_level.map(|l| l.to_string()).unwrap_or_else(|| "–".into());
        writeln!(
            out,
            "{:<32} {:>8} {:>8} {:>6} {:>8}  {}",
            d.name, d.proposed, assessed, target, last, d.reason
        )?;
        for level in &d.levels {
            for check in &level.checks {
                writeln!(
                    out,
                    "    L{} {} {} — {}",
                    level.level,
                    if check.met { "met    " } else { "not met" },
                    check.requirement,
                    check.reason
                )?;
            }
        }
        if let Some(a) = &d.assessment
            && !a.rationale.is_empty()
        {
            writeln!(out, "    Rationale ({}): {}", a.assessor, a.rationale)?;
        }
    }
    if !p.unassessed.is_empty() {
        writeln!(out, "Not assessed yet: {}.", p.unassessed.len())?;
    }
    writeln!(out, "Decisions about the team's systems this quarter: {}.", p.decisions_this_quarter)?;
    Ok(())
}

pub fn run_quarter(
    client: &mut Client,
    command: QuarterCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        QuarterCommand::Close { period, json } => {
            let status = client.call::<QuarterClose>(&QuarterRef { period })?;
            if json {
                return Ok(write_json(out, &status)?);
            }
            writeln!(
                out,
                "{period} closed: {} team(s) frozen (snapshot {}); {} of them approved.",
                status.teams,
                status.snapshot_id.unwrap_or_default(),
                status.approved_teams
            )?;
        }
        QuarterCommand::Reopen { period, reason, json } => {
            let status =
                client.call::<QuarterReopen>(&archboard_types::maturity::QuarterReopen { period, reason })?;
            if json {
                return Ok(write_json(out, &status)?);
            }
            writeln!(out, "{period} reopened; its snapshot is kept and a new close will take another.")?;
        }
        QuarterCommand::List { json } => {
            let quarters = client.call::<QuarterList>(&Empty {})?;
            if json {
                return Ok(write_json(out, &quarters)?);
            }
            writeln!(out, "{:<8} {:<9} {:<30} Approved", "Quarter", "State", "Closed")?;
            for q in &quarters {
                writeln!(
                    out,
                    "{:<8} {:<9} {:<30} {}/{}",
                    q.period.to_string(),
                    state_word(q),
                    closed_words(q),
                    q.approved_teams,
                    q.teams
                )?;
            }
        }
    }
    Ok(())
}

fn state_word(q: &QuarterStatus) -> &'static str {
    match (q.closed, q.reopened_at.is_some()) {
        (true, _) => "closed",
        (false, true) => "reopened",
        (false, false) => "open",
    }
}

fn closed_words(q: &QuarterStatus) -> String {
    match (q.closed_at, &q.closed_by) {
        (Some(at), Some(by)) => format!("{} by {by}", at.format("%Y-%m-%d %H:%M")),
        _ => "–".into(),
    }
}

pub fn run_report(client: &mut Client, command: ReportCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        ReportCommand::Build { period, teams, format, sections, commentary, title, output, json } => {
            let request = ReportRequest { period, teams, sections, commentary, title };
            let report = follow_build(client, &request)?;
            write_report(client, report.id, format, &output)?;
            if json {
                return Ok(write_json(out, &report)?);
            }
            writeln!(
                out,
                "Report {} ({}{}) written to {}.",
                report.id,
                report.period,
                if report.provisional { ", provisional: the quarter is not closed" } else { "" },
                output.display()
            )?;
            if report.late_changes > 0 {
                writeln!(
                    out,
                    "{} late change(s) since the close are listed under data quality.",
                    report.late_changes
                )?;
            }
        }
        ReportCommand::List { json } => {
            let reports = client.call::<ReportList>(&Empty {})?;
            if json {
                return Ok(write_json(out, &reports)?);
            }
            writeln!(
                out,
                "{:>4}  {:<8} {:<17} {:<12} {:<11} Teams",
                "Id", "Quarter", "Built", "By", "Snapshot"
            )?;
            for r in &reports {
                writeln!(
                    out,
                    "{:>4}  {:<8} {:<17} {:<12} {:<11} {}",
                    r.id,
                    r.period.to_string(),
                    r.built_at.format("%Y-%m-%d %H:%M").to_string(),
                    r.built_by,
                    r.snapshot_id.map(|s| format!("#{s}")).unwrap_or_else(|| "provisional".into()),
                    if r.whole_board {
                        format!("whole board ({})", r.teams.len())
                    } else {
                        r.teams.join(", ")
                    }
                )?;
            }
        }
        ReportCommand::Get { id, format, output } => {
            write_report(client, id, format, &output)?;
            writeln!(out, "Report {id} written to {}.", output.display())?;
        }
        ReportCommand::Delete { id } => {
            client.call::<ReportDelete>(&ReportRef { id })?;
            writeln!(out, "Report {id} deleted.")?;
        }
    }
    Ok(())
}

/// Starts the build and polls it to the end; Ctrl-C asks the job to stop.
fn follow_build(client: &mut Client, request: &ReportRequest) -> Result<ReportSummary, CliError> {
    let started = client.call::<ReportStart>(request)?;
    let job = JobRef { id: started.id.clone() };
    let interrupted = super::ctrl_c_flag();
    let mut cancel_sent = false;
    let terminal = std::io::stderr().is_terminal();
    loop {
        if interrupted.load(Ordering::SeqCst) && !cancel_sent {
            client.call::<JobCancel>(&job)?;
            cancel_sent = true;
            eprintln!("Cancelling; nothing will be stored.");
        }
        let progress = client.call::<ReportProgressGet>(&job)?;
        if terminal && !progress.job.state.is_finished() {
            eprint!("\r\x1b[2K{:>3.0}% {}", progress.job.fraction.unwrap_or(0.0) * 100.0, progress.job.stage);
        }
        if progress.job.state.is_finished() {
            if terminal {
                eprint!("\r\x1b[2K");
            }
            return match (progress.job.state, progress.report) {
                (JobState::Completed, Some(report)) => Ok(report),
                (state, _) => Err(CliError::Partial(format!(
                    "The report build {}: {}",
                    state.label().to_lowercase(),
                    progress.job.message.unwrap_or_else(|| "no reason given".into())
                ))),
            };
        }
        std::thread::sleep(POLL_EVERY);
    }
}

/// Writes the report at `output`; Markdown's chart files go beside it at their relative paths.
fn write_report(client: &mut Client, id: i64, format: ReportFormat, output: &Path) -> Result<(), CliError> {
    let files = client.call::<ReportGet>(&ReportFileRequest { id, format, bundle: false })?;
    let Some((main, beside)) = files.files.split_first() else {
        return Err(CliError::Partial(format!("Report {id} came back with no file.")));
    };
    crate::files::write_file(output, main)?;
    if !beside.is_empty() {
        let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        crate::files::write_files(dir, beside)?;
    }
    Ok(())
}
