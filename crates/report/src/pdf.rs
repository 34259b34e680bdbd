//! The report as PDF, typeset in-process with typst (no browser, no system fonts): the model is
//! written as typst markup in which every text from the board is a string literal (so no name
//! can become markup), the charts are SVG files in a virtual project folder, and the fonts are
//! the ones typst-assets embeds. The PDF carries no creation date and a document id derived
//! from the report, so the same report gives the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

use archboard_types::kpi::KpiState;
use archboard_types::report::ReportSection;
use chrono::Datelike;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::model::{Block, Chart, Part, Report, Table, state_text};

/// The text width on A4 with the margins below, and the tallest a chart may be.
const TEXT_WIDTH_MM: f64 = 180.0;
const CHART_MAX_HEIGHT_MM: f64 = 100.0;
const CHART_MAX_WIDTH_MM: f64 = 170.0;

/// The fonts typst-assets embeds, parsed once: parsing them is the costly part of a build.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("cannot name the typst file `{path}`: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A world with one source (the report) and the charts as files; nothing read from disk.
struct ReportWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files
            .iter()
            .find(|(fid, _)| *fid == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    /// The build's date, never the clock: the markup does not ask, and if it did the answer
    /// would not change between renders of one stored report.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

// ---------------------------------------------------------------------------------------------
// Markup

/// Text as a typst string literal: nothing in it is markup, whatever people named things.
fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text in markup: an embedded string ended by `;`, so what follows cannot extend it.
fn txt(text: &str) -> String {
    format!("#{};", lit(text))
}

/// Multi-line text in markup, line breaks kept.
fn txt_lines(text: &str) -> String {
    text.split('\n').map(txt).collect::<Vec<_>>().join(" \\\n")
}

fn state_colours(state: KpiState) -> (&'static str, &'static str) {
    match state {
        KpiState::Green => ("rgb(\"#2E7D32\")", "white"),
        KpiState::Amber => ("rgb(\"#E6961E\")", "black"),
        KpiState::Red => ("rgb(\"#C42828\")", "white"),
        _ => ("rgb(\"#BEBEBE\")", "black"),
    }
}

/// The SVG's own width and height (its first `<svg` element's attributes).
fn svg_size(svg: &str) -> (f64, f64) {
    let head = svg.find("<svg").map(|i| &svg[i..]).unwrap_or(svg);
    let head = &head[..head.find('>').unwrap_or(head.len())];
    let attr = |name: &str| -> Option<f64> {
        let start = head.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = head[start..].find('"')? + start;
        head[start..end].trim_end_matches("px").parse().ok()
    };
    match (attr("width"), attr("height")) {
        (Some(w), Some(h)) if w > 0.0 && h > 0.0 => (w, h),
        _ => (640.0, 400.0),
    }
}

const PREAMBLE: &str = r#"
#set page(paper: "a4", margin: (x: 15mm, top: 16mm, bottom: 18mm))
#set text(font: "Libertinus Serif", size: 10pt, lang: "en")
#set par(justify: false)
#set heading(numbering: none)
#show heading: set block(above: 1.1em, below: 0.6em)
#show heading.where(level: 1): set text(size: 19pt)
#show heading.where(level: 2): set text(size: 15pt)
#show heading.where(level: 3): set text(size: 12.5pt)
#show heading.where(level: 4): set text(size: 11pt)
#set table(stroke: 0.5pt + luma(170), inset: (x: 4pt, y: 3pt), fill: (_, y) => if y == 0 { luma(232) })
#show table: set text(size: 8pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let rag(fill, ink, body) = table.cell(fill: fill, text(fill: ink, weight: "bold", body))
#let badge(fill, ink, body) = box(fill: fill, inset: (x: 3pt, y: 1.5pt), outset: (y: 1pt), radius: 2pt, text(fill: ink, weight: "bold", body))
#let caption(body) = block(below: 0.3em, sticky: true, text(size: 8pt, fill: luma(80), body))
#let lead(body) = block(sticky: true, body)
#let muted(body) = text(fill: luma(80), body)
#let chart(path, alt, w) = block(breakable: false, width: 100%, align(center, image(path, width: w, alt: alt)))
"#;

struct Writer<'a> {
    out: String,
    files: Vec<(String, String)>,
    report: &'a Report,
}

impl Writer<'_> {
    fn path(&mut self, chart: &Chart) -> String {
        let path = format!("/charts/{}.svg", chart.name);
        if !self.files.iter().any(|(p, _)| *p == path) {
            self.files.push((path.clone(), chart.svg.clone()));
        }
        path
    }

    fn chart(&mut self, chart: &Chart) {
        let path = self.path(chart);
        let (w, h) = svg_size(&chart.svg);
        // As wide as the text allows, unless that makes the chart too tall for a page or
        // larger than its natural size (a pixel at 96 dpi is 0.2646 mm).
        let width = CHART_MAX_WIDTH_MM.min(TEXT_WIDTH_MM).min(CHART_MAX_HEIGHT_MM * w / h).min(w * 0.2646);
        let _ = writeln!(self.out, "#chart({}, {}, {width:.1}mm)\n", lit(&path), lit(&chart.alt));
    }

    fn table(&mut self, table: &Table) {
        if table.rows.is_empty() {
            let _ = writeln!(self.out, "#muted({})\n", lit(&table.empty));
            return;
        }
        let columns = table.headers.len().max(1);
        let align: Vec<&str> = (0..columns)
            .map(
                |i| if table.numeric.get(i).copied().unwrap_or(false) { "right + top" } else { "left + top" },
            )
            .collect();
        let _ = writeln!(self.out, "#caption({})", lit(&table.caption));
        let _ = writeln!(self.out, "#table(\n  columns: {columns},\n  align: ({},),", align.join(", "));
        let headers: Vec<String> = table.headers.iter().map(|h| lit(h)).collect();
        let _ = writeln!(self.out, "  table.header({}),", headers.join(", "));
        for row in &table.rows {
            let mut cells = Vec::new();
            for i in 0..columns {
                let Some(cell) = row.get(i) else {
                    cells.push("[]".to_owned());
                    continue;
                };
                let body = match &cell.chart {
                    Some(chart) => {
                        let path = self.path(chart);
                        let image =
                            format!("box(image({}, height: 1.3em, alt: {}))", lit(&path), lit(&chart.alt));
                        if cell.text.is_empty() { image } else { format!("[{} #{image}]", txt(&cell.text)) }
                    }
                    None => lit(&cell.text),
                };
                cells.push(match cell.state {
                    Some(state) => {
                        let (fill, ink) = state_colours(state);
                        format!("rag({fill}, {ink}, {body})")
                    }
                    None => body,
                });
            }
            let _ = writeln!(self.out, "  {},", cells.join(", "));
        }
        self.out.push_str(")\n\n");
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                // A paragraph that introduces a chart or a list stays on its page.
                Block::Paragraph(text)
                    if matches!(blocks.get(i + 1), Some(Block::Chart(_) | Block::Bullets(_))) =>
                {
                    let _ = writeln!(self.out, "#lead[{}]\n", txt_lines(text));
                }
                Block::Paragraph(text) => {
                    let _ = writeln!(self.out, "{}\n", txt_lines(text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(self.out, "- {}", txt(item));
                    }
                    self.out.push('\n');
                }
                Block::Chart(chart) => self.chart(chart),
                Block::Table(t) => self.table(t),
            }
        }
    }

    fn parts(&mut self, parts: &[Part], level: usize) {
        for p in parts {
            let _ = writeln!(self.out, "{} {}\n", "=".repeat(level), txt(&p.title));
            self.blocks(&p.blocks);
        }
    }

    fn document(&mut self) {
        let r = self.report;
        let _ = writeln!(
            self.out,
            "#set document(title: {}, author: ({},), date: none)",
            lit(&r.title),
            lit(&r.board)
        );
        self.out.push_str(PREAMBLE);
        let _ = writeln!(
            self.out,
            "#set page(footer: context [#set text(size: 8pt, fill: luma(90))
{} #h(1fr) #counter(page).display(\"1 / 1\", both: true)])\n",
            txt(&format!("{} · {}", r.title, r.period))
        );
        let _ = writeln!(self.out, "= {}\n", txt(&r.title));
        let _ = writeln!(self.out, "{}\n", txt(&format!("{} · {}", r.board, r.period)));
        if r.provisional {
            let (fill, ink) = state_colours(KpiState::Amber);
            let _ = writeln!(self.out, "#badge({fill}, {ink}, {})\n", lit(&r.status_line));
        } else {
            let _ = writeln!(self.out, "#muted({})\n", lit(&r.status_line));
        }
        let _ = writeln!(self.out, "{}\n", txt(&r.scope_line));
        let _ = writeln!(self.out, "#muted({})\n", lit(&r.generated_line));

        for &s in &r.sections {
            if matches!(s, ReportSection::Teams | ReportSection::Organisation | ReportSection::Appendix) {
                self.out.push_str("#pagebreak(weak: true)\n\n");
            }
            let _ = writeln!(self.out, "== {}\n", txt(Report::heading(s)));
            match s {
                ReportSection::Summary => self.parts(&r.summary.parts, 3),
                ReportSection::Commentary => {
                    if r.commentary.is_empty() {
                        let _ = writeln!(self.out, "#muted({})\n", lit("No commentary for this quarter."));
                    }
                    for p in &r.commentary {
                        let _ = writeln!(self.out, "{}\n", txt_lines(p));
                    }
                }
                ReportSection::Teams => {
                    if r.teams.is_empty() {
                        let _ = writeln!(self.out, "#muted({})\n", lit("No teams in scope."));
                    }
                    for (i, t) in r.teams.iter().enumerate() {
                        // Each team starts a page; the first shares it with the section heading.
                        if i > 0 {
                            self.out.push_str("#pagebreak(weak: true)\n\n");
                        }
                        let _ = writeln!(self.out, "=== {}\n", txt(&t.team));
                        let (fill, ink) = state_colours(t.headline);
                        let _ = writeln!(
                            self.out,
                            "#badge({fill}, {ink}, {}) {}\n",
                            lit(&state_text(t.headline)),
                            txt(&t.sentence)
                        );
                        for f in &t.facts {
                            let _ = writeln!(self.out, "#muted({})\n", lit(f));
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

/// The typst markup of the report and the chart files it embeds (path, SVG text).
pub(crate) fn typst_source(report: &Report) -> (String, Vec<(String, String)>) {
    let mut writer = Writer { out: String::new(), files: Vec::new(), report };
    writer.document();
    (writer.out, writer.files)
}

fn diagnostics(what: &str, errors: &[SourceDiagnostic]) -> String {
    let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
    format!("cannot {what} the report's PDF: {}", messages.join("; "))
}

/// The report as PDF bytes (A4).
pub fn pdf(report: &Report) -> Result<Vec<u8>, String> {
    pdf_with_pages(report).map(|(bytes, _)| bytes)
}

/// The PDF and its page count.
pub(crate) fn pdf_with_pages(report: &Report) -> Result<(Vec<u8>, usize), String> {
    let (source, charts) = typst_source(report);
    let main = Source::new(file_id("/main.typ")?, source);
    let mut files = Vec::with_capacity(charts.len());
    for (path, svg) in charts {
        files.push((file_id(&path)?, Bytes::from_string(svg)));
    }
    let day = report.generated_at.date_naive();
    let today = Datetime::from_ymd(day.year(), day.month() as u8, day.day() as u8);
    let world = ReportWorld { main, files, today };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Memoised layouts of old reports are of no use to the next one; keep the cache small in a
    // long-running engine.
    typst::comemo::evict(10);
    let document = compiled.map_err(|errors| diagnostics("typeset", &errors))?;
    let options = PdfOptions {
        // A stable id from the report itself (not random), and no timestamp: same bytes each time.
        ident: Smart::Custom(format!("archboard-report {} {} {}", report.board, report.period, report.title)),
        timestamp: None,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| diagnostics("write", &errors))?;
    Ok((bytes, document.pages().len()))
}
