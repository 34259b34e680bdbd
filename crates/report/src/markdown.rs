//! The report as Markdown (CommonMark with GFM tables) and its charts as SVG files beside it:
//! `<stem>.md` links to `<stem>-charts/<name>.svg` by relative path, every image with its
//! alternative text. Every text from the board is escaped, so a name cannot become markup or
//! raw HTML.

use std::fmt::Write as _;

use archboard_types::files::FileContents;
use archboard_types::report::ReportSection;

use crate::model::{Block, Chart, Part, Report, Table, state_text};

/// Text as inline Markdown: every ASCII punctuation character that can start markup is
/// backslash-escaped (raw HTML included: `<` becomes `\<`), line breaks become spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&' | '$' | '{'
            | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    // A line that starts like a list item or a numbered list stays text.
    if let Some(first) = out.chars().next()
        && matches!(first, '-' | '+' | '=')
    {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(out[digits..].chars().next(), Some('.' | ')')) {
        out.insert(digits, '\\');
    }
    out
}

/// A paragraph with its line breaks kept as hard breaks.
fn lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\\\n")
}

/// A path in a link: spaces and the characters that end a link destination percent-encoded.
fn link_path(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

struct Writer<'a> {
    out: String,
    /// The charts' folder as the Markdown file links to it (beside it).
    link_dir: String,
    /// The charts' folder as a path in the returned files.
    file_dir: String,
    charts: Vec<FileContents>,
    report: &'a Report,
}

impl Writer<'_> {
    fn image(&mut self, chart: &Chart) -> String {
        self.charts
            .push(FileContents::new(format!("{}/{}.svg", self.file_dir, chart.name), chart.svg.as_str()));
        format!("![{}]({})", escape(&chart.alt), link_path(&format!("{}/{}.svg", self.link_dir, chart.name)))
    }

    fn table(&mut self, table: &Table) {
        if table.rows.is_empty() {
            let _ = writeln!(self.out, "_{}_\n", escape(&table.empty));
            return;
        }
        let _ = writeln!(self.out, "{}:\n", escape(&table.caption));
        let header: Vec<String> = table.headers.iter().map(|h| escape(h)).collect();
        let _ = writeln!(self.out, "| {} |", header.join(" | "));
        let rule: Vec<&str> = (0..table.headers.len())
            .map(|i| if table.numeric.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
            .collect();
        let _ = writeln!(self.out, "| {} |", rule.join(" | "));
        for row in &table.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    let mut text = escape(&cell.text);
                    if let Some(chart) = &cell.chart {
                        let image = self.image(chart);
                        text = if text.is_empty() { image } else { format!("{text} {image}") };
                    }
                    if text.is_empty() { " ".to_owned() } else { text }
                })
                .collect();
            let _ = writeln!(self.out, "| {} |", cells.join(" | "));
        }
        self.out.push('\n');
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(text) => {
                    let _ = writeln!(self.out, "{}\n", lines(text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(self.out, "- {}", escape(item));
                    }
                    self.out.push('\n');
                }
                Block::Chart(chart) => {
                    let image = self.image(chart);
                    let _ = writeln!(self.out, "{image}\n");
                }
                Block::Table(t) => self.table(t),
            }
        }
    }

    fn parts(&mut self, parts: &[Part], level: usize) {
        for p in parts {
            let _ = writeln!(self.out, "{} {}\n", "#".repeat(level), escape(&p.title));
            self.blocks(&p.blocks);
        }
    }

    fn document(&mut self) {
        let r = self.report;
        let _ = writeln!(self.out, "# {}\n", escape(&r.title));
        let _ = writeln!(self.out, "{} · {}\\", escape(&r.board), r.period);
        let _ = writeln!(self.out, "{}\\", escape(&r.status_line));
        let _ = writeln!(self.out, "{}\\", escape(&r.scope_line));
        let _ = writeln!(self.out, "{}\n", escape(&r.generated_line));
        for &s in &r.sections {
            let _ = writeln!(self.out, "## {}\n", escape(Report::heading(s)));
            match s {
                ReportSection::Summary => self.parts(&r.summary.parts, 3),
                ReportSection::Commentary => {
                    if r.commentary.is_empty() {
                        self.out.push_str("_No commentary for this quarter._\n\n");
                    }
                    for p in &r.commentary {
                        let _ = writeln!(self.out, "{}\n", lines(p));
                    }
                }
                ReportSection::Teams => {
                    if r.teams.is_empty() {
                        self.out.push_str("_No teams in scope._\n\n");
                    }
                    for t in &r.teams {
                        let _ = writeln!(self.out, "### {}\n", escape(&t.team));
                        let _ = writeln!(
                            self.out,
                            "**{}** — {}\n",
                            escape(&state_text(t.headline)),
                            escape(&t.sentence)
                        );
                        for f in &t.facts {
                            let _ = writeln!(self.out, "{}\n", escape(f));
                        }
                        self.parts(&t.parts, 4);
                    }
                }
                ReportSection::Organisation => self.parts(&r.organisation.parts, 3),
                ReportSection::DataQuality => self.parts(&r.data_quality.parts, 3),
                ReportSection::Appendix => self.parts(&r.appendix.parts, 3),
            }
        }
    }
}

/// `<stem>.md` first, then its charts as `<stem>-charts/<name>.svg`, in the order they appear.
pub fn markdown(report: &Report, stem: &str) -> Vec<FileContents> {
    // The link is relative to the Markdown file, which sits where the stem's folder is.
    let base = stem.rsplit('/').next().unwrap_or(stem);
    let mut writer = Writer {
        out: String::new(),
        link_dir: format!("{base}-charts"),
        file_dir: format!("{stem}-charts"),
        charts: Vec::new(),
        report,
    };
    writer.document();
    let mut files = vec![FileContents::new(format!("{stem}.md"), writer.out)];
    files.extend(writer.charts);
    files
}
