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
/// `<stem>-charts/` — or, with `bundle`, those Markdown files as one `<stem>-md.zip` (what a
/// browser can download in one go and unpack with the links intact).
pub fn render(
    report: &Report,
    format: ReportFormat,
    stem: &str,
    bundle: bool,
) -> Result<ReportFiles, String> {
    let files = match format {
        ReportFormat::Html => vec![FileContents::new(format!("{stem}.html"), html(report))],
        ReportFormat::Markdown if bundle => {
            vec![FileContents::new(format!("{stem}-md.zip"), zip_files(&markdown(report, stem))?)]
        }
        ReportFormat::Markdown => markdown(report, stem),
        ReportFormat::Pdf => vec![FileContents::new(format!("{stem}.pdf"), pdf(report)?)],
    };
    Ok(ReportFiles { format, files })
}

/// The files as a zip archive, stored uncompressed with a fixed date, so the same files make
/// the same bytes.
fn zip_files(files: &[FileContents]) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    for file in files {
        archive
            .start_file(file.path.as_str(), options)
            .map_err(|e| format!("cannot add {}: {e}", file.path))?;
        archive.write_all(file.content.as_slice()).map_err(|e| format!("cannot add {}: {e}", file.path))?;
    }
    Ok(archive.finish().map_err(|e| format!("cannot finish the archive: {e}"))?.into_inner())
}

#[cfg(test)]
mod tests;
