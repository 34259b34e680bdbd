//! archboard-report: the quarterly maturity report. `build` turns quarter snapshots into one
//! [`Report`] model (every figure, sentence, table and chart computed once, stored by the engine
//! as JSON); `html`, `markdown` and `pdf` render that model and nothing else, so a download
//! rendered months later from the stored model is the report that was built.
//!
//! Pure and deterministic: no clock, no disk, no network. The same input renders to the same
//! bytes in every format; only `generated_at` differs between builds, printed in one place.
#![forbid(unsafe_code)]

mod html;
mod markdown;
pub mod model;
mod pdf;

pub use html::html;
pub use markdown::markdown;
pub use model::{
    Appendix, Block, Cell, Chart, CommitmentStatus, DataQuality, Evidence, EvidenceKind, KpiMovement,
    LevelMovement, Organisation, Part, Report, ReportInput, Status, Summary, Table, TeamAttainment,
    TeamHeadline, TeamSection, build,
};
pub use pdf::pdf;

use archboard_types::files::FileContents;
use archboard_types::report::{ReportFiles, ReportFormat};

/// The files of one format: `<stem>.html`, `<stem>.pdf`, or `<stem>.md` with its charts in
/// `<stem>-charts/`.
pub fn render(report: &Report, format: ReportFormat, stem: &str) -> Result<ReportFiles, String> {
    let files = match format {
        ReportFormat::Html => vec![FileContents::new(format!("{stem}.html"), html(report))],
        ReportFormat::Markdown => markdown(report, stem),
        ReportFormat::Pdf => vec![FileContents::new(format!("{stem}.pdf"), pdf(report)?)],
    };
    Ok(ReportFiles { format, files })
}

#[cfg(test)]
mod tests;
