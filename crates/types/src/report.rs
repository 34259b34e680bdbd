//! Quarterly maturity reports as they cross the contract: what to build (quarter, teams,
//! sections, commentary), the formats, and the built reports kept with their snapshot.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::files::FileContents;
use crate::job::JobSummary;
use crate::kpi::Period;

/// The longest commentary accepted.
pub const COMMENTARY_MAX_CHARS: usize = 20_000;

wire_enum! {
    /// A section of the report; a build may leave some out.
    ReportSection {
        Summary => "summary", "Executive summary";
        Commentary => "commentary", "Commentary";
        Teams => "teams", "Teams";
        Organisation => "organisation", "Organisation";
        DataQuality => "data-quality", "Data quality";
        Appendix => "appendix", "Evidence appendix";
    }
}

wire_enum! {
    /// The formats one report model is rendered to.
    ReportFormat {
        Html => "html", "HTML";
        Markdown => "md", "Markdown";
        Pdf => "pdf", "PDF";
    }
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Html => "text/html",
            ReportFormat::Markdown => "text/markdown",
            ReportFormat::Pdf => "application/pdf",
        }
    }
}

/// `report_start`: build a report for a quarter. No teams means the whole board; no sections
/// means all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub period: Period,
    #[serde(default)]
    pub teams: Vec<String>,
    #[serde(default)]
    pub sections: Vec<ReportSection>,
    /// The editable commentary (plain text; paragraphs split on blank lines).
    #[serde(default)]
    pub commentary: String,
    #[serde(default)]
    pub title: Option<String>,
}

impl ReportRequest {
    /// The sections to build, in report order.
    pub fn sections_in_order(&self) -> Vec<ReportSection> {
        ReportSection::ALL
            .iter()
            .copied()
            .filter(|s| self.sections.is_empty() || self.sections.contains(s))
            .collect()
    }
}

/// A built report as listed: kept with its quarter, scope and the snapshot it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: i64,
    pub title: String,
    pub period: Period,
    /// The teams covered, in report order.
    pub teams: Vec<String>,
    /// Whether the request named the teams (else: the whole board).
    pub whole_board: bool,
    pub sections: Vec<ReportSection>,
    /// The quarter-close snapshot the figures came from; `None` for an open quarter, whose
    /// figures are provisional.
    #[serde(default)]
    pub snapshot_id: Option<i64>,
    pub provisional: bool,
    pub built_at: DateTime<Utc>,
    pub built_by: String,
    /// Late changes noted (data for the quarter that arrived after the close).
    pub late_changes: u32,
}

/// `report_progress`: the job and, once it is done, the report it built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportProgress {
    pub job: JobSummary,
    #[serde(default)]
    pub report: Option<ReportSummary>,
}

/// `report_get`: one stored report in one format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFileRequest {
    pub id: i64,
    pub format: ReportFormat,
    /// Markdown as one zip of the `.md` and its chart files (browsers save one file per
    /// download, which would break the links); the other formats are one file anyway.
    #[serde(default)]
    pub bundle: bool,
}

/// The files of one format: the report first (`maturity-2026-Q3.html`), then for Markdown its
/// charts beside it (`maturity-2026-Q3-charts/radar-payments.svg`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFiles {
    pub format: ReportFormat,
    pub files: Vec<FileContents>,
}

/// `report_delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRef {
    pub id: i64,
}
