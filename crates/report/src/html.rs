//! The report as one self-contained HTML file: styles inline, charts inline as SVG, no script,
//! no font, image or link outside the file, so it opens the same offline, in a mail client or
//! years later. Printable on A4 and Letter: `@page` margins fit both, each team starts a page,
//! headings stay with what follows and table rows are not split.

use std::fmt::Write as _;

use archboard_types::kpi::KpiState;
use archboard_types::report::ReportSection;

use crate::model::{Block, Chart, Part, Report, Table};

/// The report's styles, scoped to `.archboard-report`: one file the HTML embeds inline and the
/// app links for its preview, so the two cannot drift apart.
const STYLE: &str = include_str!("../../../assets/styles/report.css");

/// Text as HTML character data or a quoted attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (but line breaks and tabs) cannot stand in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept.
fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br>\n")
}

fn state_class(state: KpiState) -> &'static str {
    match state {
        KpiState::Green => "rag-green",
        KpiState::Amber => "rag-amber",
        KpiState::Red => "rag-red",
        _ => "rag-grey",
    }
}

/// An SVG inside HTML needs no namespace declaration; dropping it (and any XML prologue) keeps
/// the file free of URLs, which readers may take for external references.
fn inline_svg(svg: &str) -> String {
    let mut text = svg.trim();
    if text.starts_with("<?xml")
        && let Some(end) = text.find("?>")
    {
        text = text[end + 2..].trim_start();
    }
    text.replace(r#" xmlns="http://www.w3.org/2000/svg""#, "")
        .replace(r#" xmlns:xlink="http://www.w3.org/1999/xlink""#, "")
}

fn chart(out: &mut String, chart: &Chart) {
    let _ = writeln!(out, "<figure class=\"chart\">\n{}\n</figure>", inline_svg(&chart.svg));
}

fn table(out: &mut String, table: &Table) {
    if table.rows.is_empty() {
        let _ = writeln!(out, "<p class=\"empty\">{}</p>", escape(&table.empty));
        return;
    }
    let num = |i: usize| table.numeric.get(i).copied().unwrap_or(false);
    let _ = writeln!(out, "<table>\n<caption>{}</caption>\n<thead><tr>", escape(&table.caption));
    for (i, h) in table.headers.iter().enumerate() {
        let class = if num(i) { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            // The first column names the row: a row header for screen readers.
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let mut classes = Vec::new();
            if num(i) {
                classes.push("num");
            }
            if let Some(state) = cell.state {
                classes.push("rag");
                classes.push(state_class(state));
            }
            if cell.chart.is_some() {
                classes.push("spark");
            }
            let class =
                if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) };
            let _ = write!(out, "<{tag}{class}>{}", escape(&cell.text));
            if let Some(c) = &cell.chart {
                out.push_str(&inline_svg(&c.svg));
            }
            let _ = write!(out, "</{close}>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn parts(out: &mut String, parts: &[Part], level: u8) {
    for p in parts {
        let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(&p.title));
        blocks(out, &p.blocks);
    }
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", lines(text));
            }
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", lines(item));
                }
                out.push_str("</ul>\n");
            }
            Block::Chart(c) => chart(out, c),
            Block::Table(t) => table(out, t),
        }
    }
}

/// The whole report as one HTML document.
pub fn html(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main class=\"archboard-report\">\n",
        escape(&report.title),
        report.period,
    );
    let _ = writeln!(
        out,
        "<header class=\"report\">\n<h1>{}</h1>\n<p>{} · {}</p>",
        escape(&report.title),
        escape(&report.board),
        report.period
    );
    let status_class = if report.provisional { "provisional" } else { "muted" };
    let _ = writeln!(out, "<p class=\"{status_class}\">{}</p>", escape(&report.status_line));
    let _ = writeln!(out, "<p>{}</p>", escape(&report.scope_line));
    let _ = writeln!(out, "<p class=\"muted\">{}</p>\n</header>", escape(&report.generated_line));

    out.push_str("<nav aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
    for &s in &report.sections {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a>", s.as_str(), escape(Report::heading(s)));
        // The teams nest under their section's entry, so the numbering stays one per section.
        if s == ReportSection::Teams && !report.teams.is_empty() {
            out.push_str("\n<ol>\n");
            for t in &report.teams {
                let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", t.anchor, escape(&t.team));
            }
            out.push_str("</ol>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");

    for &s in &report.sections {
        let _ = writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", s.as_str(), escape(Report::heading(s)));
        match s {
            ReportSection::Summary => parts(&mut out, &report.summary.parts, 3),
            ReportSection::Commentary => {
                if report.commentary.is_empty() {
                    out.push_str("<p class=\"empty\">No commentary for this quarter.</p>\n");
                }
                for p in &report.commentary {
                    let _ = writeln!(out, "<p>{}</p>", lines(p));
                }
            }
            ReportSection::Teams => {
                if report.teams.is_empty() {
                    out.push_str("<p class=\"empty\">No teams in scope.</p>\n");
                }
                for t in &report.teams {
                    let _ = writeln!(
                        out,
                        "<section class=\"team\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"headline\"><span class=\"rag {}\">{}</span> {}</p>",
                        t.anchor,
                        escape(&t.team),
                        state_class(t.headline),
                        escape(&crate::model::state_text(t.headline)),
                        escape(&t.sentence)
                    );
                    for f in &t.facts {
                        let _ = writeln!(out, "<p class=\"muted\">{}</p>", escape(f));
                    }
                    parts(&mut out, &t.parts, 4);
                    out.push_str("</section>\n");
                }
            }
            ReportSection::Organisation => parts(&mut out, &report.organisation.parts, 3),
            ReportSection::DataQuality => parts(&mut out, &report.data_quality.parts, 3),
            ReportSection::Appendix => parts(&mut out, &report.appendix.parts, 3),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
