//! Interview panel charts as SVG text: the panel's recommendations, Krippendorff's alpha per
//! rubric dimension (with the 0.667 and 0.800 lines) and each interviewer's leniency against
//! the other raters. All three are horizontal bars, one row each, written as SVG text directly
//! (like the heat map in `kpi`), 640 px wide and as tall as their rows need.
//!
//! Colour only hints: every bar carries its number and, where a colour stands for a band, the
//! band's word; every name is escaped (interviewers and dimensions are named by users); every
//! chart has a `<title>` and a `<desc>` in words, and every row a `<title>` of its own. The
//! same input always gives the same bytes.

use crate::FONT;
use crate::kpi::{clean, escape, shorten, text_width};
use archboard_types::interview::MIN_CALIBRATION_UNITS;
use archboard_types::interview::agreement::Reliability;
use std::fmt::Write as _;

const WIDTH: i32 = 640;
const LEFT: i32 = 12;
const RIGHT: i32 = 12;
/// The top of the first row, under the title and the summary line.
const TOP: i32 = 60;
const ROW: i32 = 24;
const ROW_GAP: i32 = 8;
/// The longest name shown beside a bar (longer ones end in an ellipsis; the row's `<title>`
/// has it whole).
const NAME_CHARS: usize = 30;

const INK: &str = "#222222";
const MUTED: &str = "#5A5A5A";
const TRACK: &str = "#F3F3F3";
const TRACK_EDGE: &str = "#D2D2D2";
const GRID: &str = "#E6E6E6";
const AXIS: &str = "#5A5A5A";
const REFERENCE: &str = "#283C5A";

/// The colours of the kpi charts' states, for the reliability bands.
const GREEN: &str = "#2E7D32";
const AMBER: &str = "#E6961E";
const RED: &str = "#C42828";
const GREY: &str = "#BEBEBE";

/// Recommendation hints: reds against, greens for, grey for no decision, slate for a label
/// the chart does not know.
const STRONG_NO: &str = "#C42828";
const NO: &str = "#E8938B";
const YES: &str = "#8CC68F";
const STRONG_YES: &str = "#2E7D32";
const NO_DECISION: &str = "#BEBEBE";
const OTHER: &str = "#7A8CA5";

/// Leniency hints: blue for more lenient, orange for harsher (apart for colour-blind readers).
const LENIENT: &str = "#3C78B4";
const HARSHER: &str = "#D07A28";

// ---------------------------------------------------------------------------------------------
// Text

/// A row's name as shown beside its bar: trimmed, shortened, never blank.
fn row_name(name: &str) -> String {
    match shorten(name.trim(), NAME_CHARS) {
        name if name.trim().is_empty() => "(unnamed)".to_owned(),
        name => name,
    }
}

/// The name as the row's `<title>` says it: whole, trimmed, never blank.
fn full_name(name: &str) -> String {
    match clean(name.trim()) {
        name if name.trim().is_empty() => "(unnamed)".to_owned(),
        name => name,
    }
}

/// The width of the names' column: the widest name and a gap, within bounds.
fn name_column(names: &[String]) -> i32 {
    names.iter().map(|n| text_width(n, 12.0) + 14).max().unwrap_or(0).clamp(90, 210)
}

/// `value` with `decimals` decimals and its sign: "+0.42", "-0.35", and "0.00" for anything
/// that rounds to zero (never "-0.00").
fn signed(value: f64, decimals: usize) -> String {
    let magnitude = format!("{:.decimals$}", value.abs());
    if magnitude.parse::<f64>().is_ok_and(|m| m == 0.0) {
        magnitude
    } else if value > 0.0 {
        format!("+{magnitude}")
    } else {
        format!("-{magnitude}")
    }
}

/// `value` with three decimals, "0.000" rather than "-0.000".
fn three_decimals(value: f64) -> String {
    let text = format!("{value:.3}");
    if text == "-0.000" { "0.000".to_owned() } else { text }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---------------------------------------------------------------------------------------------
// The frame every chart shares

/// The opening of a chart: the root element, its `<title>` and `<desc>`, a white ground, the
/// visible title and the summary line under it.
fn open(height: i32, title: &str, description: &str, summary: &str) -> String {
    let mut svg = format!(
        concat!(
            r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" font-family="{f}">"##,
            "\n<title>{t}</title>\n<desc>{d}</desc>\n",
            r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>"##,
            "\n",
            r##"<text x="{left}" y="26" font-size="15" fill="{ink}">{t}</text>"##,
            "\n",
        ),
        w = WIDTH,
        h = height,
        f = FONT,
        t = escape(title),
        d = escape(description),
        left = LEFT,
        ink = INK,
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="44" font-size="11" fill="{MUTED}">{}</text>"##,
        escape(summary)
    );
    svg
}

/// A chart with nothing to draw: its title, "No data" and a line saying why.
fn no_data(title: &str, why: &str) -> String {
    let height = 120;
    let mut svg = open(height, title, &format!("No data. {why}"), "");
    let _ = writeln!(
        svg,
        r##"<text x="{x}" y="78" font-size="16" text-anchor="middle" fill="{MUTED}">No data</text>"##,
        x = WIDTH / 2,
    );
    let _ = writeln!(
        svg,
        r##"<text x="{x}" y="100" font-size="12" text-anchor="middle" fill="{MUTED}">{}</text>"##,
        escape(why),
        x = WIDTH / 2,
    );
    svg.push_str("</svg>\n");
    svg
}

/// The top of row `index`.
fn row_top(index: usize) -> i32 {
    TOP + index as i32 * (ROW + ROW_GAP)
}

/// The bottom of the last of `rows` rows.
fn rows_bottom(rows: usize) -> i32 {
    row_top(rows) - ROW_GAP
}

/// A row's name, left in its column and centred on the row.
fn write_name(svg: &mut String, index: usize, name: &str) {
    let _ = write!(
        svg,
        r##"<text x="{LEFT}" y="{}" font-size="12" fill="{INK}">{}</text>"##,
        row_top(index) + ROW / 2 + 4,
        escape(name)
    );
}

/// A horizontal scale: `low..high` onto the pixels `left..right`.
#[derive(Clone, Copy)]
struct Scale {
    low: f64,
    high: f64,
    left: f64,
    right: f64,
}

impl Scale {
    /// The pixel of `value`, held to the scale's ends.
    fn x(self, value: f64) -> f64 {
        let value = value.clamp(self.low, self.high);
        self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left)
    }
}

/// Light vertical grid lines at `ticks` over the rows, and their labels under them.
fn write_ticks(svg: &mut String, scale: Scale, ticks: &[(f64, String)], top: i32, bottom: i32) {
    for (value, _) in ticks {
        let _ = writeln!(
            svg,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" stroke="{GRID}" stroke-width="1"/>"##,
            x = scale.x(*value),
        );
    }
    for (value, label) in ticks {
        let _ = writeln!(
            svg,
            r##"<text class="tick" x="{x:.1}" y="{y}" font-size="11" text-anchor="middle" fill="{MUTED}">{label}</text>"##,
            x = scale.x(*value),
            y = bottom + 15,
        );
    }
}

/// A vertical line at `x` over the rows (the zero line).
fn write_zero_line(svg: &mut String, x: f64, top: i32, bottom: i32) {
    let _ = writeln!(
        svg,
        r##"<line class="zero" x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" stroke="{AXIS}" stroke-width="1.5"/>"##,
    );
}

/// A bar from `from` to `to` (pixels, either order) on row `index`.
fn write_bar(svg: &mut String, index: usize, from: f64, to: f64, fill: &str, data: &str) {
    let (x, w) = (from.min(to), (to - from).abs());
    let _ = write!(
        svg,
        r##"<rect class="bar" {data} x="{x:.1}" y="{y}" width="{w:.1}" height="{ROW}" fill="{fill}"/>"##,
        y = row_top(index),
    );
}

// ---------------------------------------------------------------------------------------------
// Recommendations

/// Which way a recommendation's label leans, and its colour hint.
fn recommendation_kind(label: &str) -> (Option<Option<bool>>, &'static str) {
    let words: String = label.trim().to_lowercase().replace(['-', '_'], " ");
    match words.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
        "strong no" => (Some(Some(false)), STRONG_NO),
        "no" => (Some(Some(false)), NO),
        "yes" => (Some(Some(true)), YES),
        "strong yes" => (Some(Some(true)), STRONG_YES),
        "no decision" => (Some(None), NO_DECISION),
        _ => (None, OTHER),
    }
}

/// A bar chart of an interview panel's recommendations, one row per label in the given order
/// ("Strong no", "No", "Yes", "Strong yes", "No decision"), each bar labelled with its count;
/// a zero count is an empty track with "0". Reds hint against, greens for, grey no decision;
/// the labels and counts carry the meaning. No rows → an SVG that says "No data".
pub fn recommendations_svg(counts: &[(&str, usize)]) -> String {
    const TITLE: &str = "Recommendations";
    if counts.is_empty() {
        return no_data(TITLE, "No recommendations have been submitted yet.");
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let names: Vec<String> = counts.iter().map(|(label, _)| row_name(label)).collect();
    let kinds: Vec<(Option<Option<bool>>, &str)> =
        counts.iter().map(|(label, _)| recommendation_kind(label)).collect();

    let mut summary = plural(total, "recommendation", "recommendations");
    if kinds.iter().all(|(lean, _)| lean.is_some()) {
        let leaning = |way: Option<bool>| {
            counts
                .iter()
                .zip(&kinds)
                .filter(|(_, (lean, _))| *lean == Some(way))
                .map(|((_, n), _)| n)
                .sum::<usize>()
        };
        let _ = write!(
            summary,
            ": {} lean yes, {} lean no, {} no decision",
            leaning(Some(true)),
            leaning(Some(false)),
            leaning(None)
        );
    }
    let description = format!(
        "{summary}. {}.",
        counts.iter().map(|(label, n)| format!("{} {n}", full_name(label))).collect::<Vec<_>>().join(", ")
    );

    let track_left = f64::from(LEFT + name_column(&names));
    let track_right = f64::from(WIDTH - RIGHT);
    let count_room =
        counts.iter().map(|(_, n)| text_width(&n.to_string(), 12.0)).max().unwrap_or(0) as f64 + 12.0;
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let longest = track_right - track_left - count_room;

    let height = rows_bottom(counts.len()) + 16;
    let mut svg = open(height, TITLE, &description, &summary);
    for (index, ((label, count), (name, (_, colour)))) in
        counts.iter().zip(names.iter().zip(&kinds)).enumerate()
    {
        let y = row_top(index);
        let share = if total > 0 {
            format!(" ({}%)", (*count as f64 * 100.0 / total as f64).round())
        } else {
            String::new()
        };
        let _ = write!(svg, "<g><title>{}: {count} of {total}{share}</title>", escape(&full_name(label)));
        write_name(&mut svg, index, name);
        let _ = write!(
            svg,
            r##"<rect class="track" x="{track_left:.1}" y="{y}" width="{w:.1}" height="{ROW}" fill="{TRACK}" stroke="{TRACK_EDGE}" stroke-width="1"/>"##,
            w = track_right - track_left,
        );
        let end = track_left + longest * *count as f64 / most;
        if *count > 0 {
            write_bar(&mut svg, index, track_left, end, colour, &format!("data-count=\"{count}\""));
        }
        let _ = writeln!(
            svg,
            r##"<text class="value" x="{x:.1}" y="{ty}" font-size="12" font-weight="bold" fill="{INK}">{count}</text></g>"##,
            x = end + 6.0,
            ty = y + ROW / 2 + 4,
        );
    }
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's alpha

/// The reference lines: (alpha, words).
const REFERENCES: [(f64, &str); 2] = [(0.667, "0.667 tentative"), (0.800, "0.800 reliable")];

fn band_colour(band: Reliability) -> &'static str {
    match band {
        Reliability::Reliable => GREEN,
        Reliability::Tentative => AMBER,
        Reliability::Unreliable => RED,
    }
}

/// Krippendorff's alpha per rubric dimension: bars from zero on an axis from −0.2 (or lower,
/// to the lowest alpha in steps of 0.2, at most down to −1) to 1.0, dashed reference lines at
/// 0.667 ("tentative") and 0.800 ("reliable"), each bar labelled with its value to 3 decimals
/// and its band ("reliable", "tentative", "unreliable"). A dimension without an alpha (`None`:
/// too few candidates rated by two or more interviewers) is a hatched slot labelled "too few
/// candidates". No dimensions → an SVG that says "No data".
pub fn alpha_svg(dimensions: &[(&str, Option<f64>)]) -> String {
    const TITLE: &str = "Agreement per dimension (Krippendorff's alpha)";
    if dimensions.is_empty() {
        return no_data(TITLE, "No rubric dimensions to show.");
    }
    // A non-finite alpha means nothing: it is drawn as a slot without one.
    let values: Vec<Option<f64>> = dimensions.iter().map(|(_, a)| a.filter(|v| v.is_finite())).collect();
    let words: Vec<String> = dimensions
        .iter()
        .zip(&values)
        .map(|((_, given), value)| match (given, value) {
            (_, Some(v)) => format!("{} {}", three_decimals(*v), Reliability::of(*v).label()),
            (Some(_), None) => "not computable".to_owned(),
            (None, None) => "too few candidates".to_owned(),
        })
        .collect();
    let names: Vec<String> = dimensions.iter().map(|(name, _)| row_name(name)).collect();

    let lowest = values.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let low = if lowest < -0.2 { ((lowest / 0.2).floor() * 0.2).max(-1.0) } else { -0.2 };
    let word_room = words.iter().map(|w| text_width(w, 12.0)).max().unwrap_or(0) + 16;
    let scale = Scale {
        low,
        high: 1.0,
        left: f64::from(LEFT + name_column(&names)),
        right: f64::from(WIDTH - RIGHT - word_room),
    };

    let count = |band: Reliability| values.iter().flatten().filter(|v| Reliability::of(**v) == band).count();
    let missing = values.iter().filter(|v| v.is_none()).count();
    let mut parts: Vec<String> = [Reliability::Reliable, Reliability::Tentative, Reliability::Unreliable]
        .into_iter()
        .map(|band| (count(band), band.label()))
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{n} {label}"))
        .collect();
    if missing > 0 {
        parts.push(format!("{missing} without an alpha"));
    }
    let summary = format!("{}: {}", plural(dimensions.len(), "dimension", "dimensions"), parts.join(", "));
    let description = format!(
        "{summary}. {}.",
        dimensions
            .iter()
            .zip(&words)
            .map(|((name, _), words)| format!("{} {words}", full_name(name)))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Room above the rows for the reference lines' labels.
    let shift = 18;
    let rows_top = TOP + shift;
    let bottom = rows_bottom(dimensions.len()) + shift;
    let notes = [
        "α ≥ 0.800 reliable, 0.667 to 0.800 tentative, below 0.667 unreliable (Krippendorff).".to_owned(),
        "1 is perfect agreement between the interviewers, 0 no better than chance.".to_owned(),
        format!(
            "Hatched: too few candidates rated by two or more interviewers (an alpha needs \
             {MIN_CALIBRATION_UNITS})."
        ),
    ];
    let shown_notes = if missing > 0 { 3 } else { 2 };
    let height = bottom + 26 + 18 * shown_notes as i32 + 8;

    let mut svg = open(height, TITLE, &description, &summary);
    if missing > 0 {
        svg.push_str(concat!(
            r##"<defs><pattern id="alpha-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"##,
            r##"<rect width="8" height="8" fill="#FFFFFF"/><line x1="0" y1="0" x2="0" y2="8" stroke="#C8C8C8" stroke-width="3"/>"##,
            "</pattern></defs>\n"
        ));
    }
    let first_tick = (low / 0.2).round() as i32;
    let ticks: Vec<(f64, String)> = (first_tick..=5)
        .map(|k| {
            let value = f64::from(k) * 0.2;
            (value, if k == 0 { "0".to_owned() } else { format!("{value:.1}") })
        })
        .collect();
    write_ticks(&mut svg, scale, &ticks, rows_top - 4, bottom + 2);

    let zero = scale.x(0.0);
    let value_x = scale.right + 10.0;
    for (index, (((given_name, _), value), (name, words))) in
        dimensions.iter().zip(&values).zip(names.iter().zip(&words)).enumerate()
    {
        // The rows sit below the reference lines' labels.
        let top = row_top(index) + shift;
        let _ = write!(svg, "<g><title>{}: {}</title>", escape(&full_name(given_name)), escape(words));
        let _ = write!(
            svg,
            r##"<text x="{LEFT}" y="{}" font-size="12" fill="{INK}">{}</text>"##,
            top + ROW / 2 + 4,
            escape(name)
        );
        match value {
            Some(v) => {
                let band = Reliability::of(*v);
                let (from, to) = (zero, scale.x(*v));
                let _ = write!(
                    svg,
                    r##"<rect class="bar" data-band="{band}" x="{x:.1}" y="{top}" width="{w:.1}" height="{ROW}" fill="{fill}"/>"##,
                    band = band.label(),
                    x = from.min(to),
                    w = (to - from).abs(),
                    fill = band_colour(band),
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<rect class="none" x="{x:.1}" y="{top}" width="{w:.1}" height="{ROW}" fill="url(#alpha-hatch)" stroke="{GREY}" stroke-width="1" stroke-dasharray="4 3"/>"##,
                    x = scale.left,
                    w = scale.right - scale.left,
                );
            }
        }
        let ink = if value.is_some() { INK } else { MUTED };
        let _ = writeln!(
            svg,
            r##"<text class="value" x="{value_x:.1}" y="{}" font-size="12" fill="{ink}">{}</text></g>"##,
            top + ROW / 2 + 4,
            escape(words)
        );
    }
    write_zero_line(&mut svg, zero, rows_top - 4, bottom + 2);
    for (at, label) in REFERENCES {
        let x = scale.x(at);
        let _ = writeln!(
            svg,
            r##"<line class="reference" data-alpha="{at:.3}" x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{bottom}" stroke="{REFERENCE}" stroke-width="1.5" stroke-dasharray="6 4"/>"##,
            y1 = rows_top - 8,
            bottom = bottom + 2,
        );
        // The two lines are close: the lower one's words go left of it, the upper one's right.
        let (tx, anchor) = if at < 0.7 { (x - 4.0, "end") } else { (x + 4.0, "start") };
        let _ = writeln!(
            svg,
            r##"<text class="reference" x="{tx:.1}" y="{y}" font-size="11" text-anchor="{anchor}" fill="{REFERENCE}">{label}</text>"##,
            y = rows_top - 8,
        );
    }
    let mut y = bottom + 34;
    for note in notes.iter().take(shown_notes) {
        let _ = writeln!(
            svg,
            r##"<text x="{LEFT}" y="{y}" font-size="11" fill="{MUTED}">{}</text>"##,
            escape(note)
        );
        y += 18;
    }
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// Leniency

/// A round step near `rough`: 1, 2 or 5 times a power of ten.
fn nice_step(rough: f64) -> f64 {
    let power = 10f64.powf(rough.log10().floor());
    let fraction = rough / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// A diverging bar chart of each interviewer's leniency: the mean difference of their ratings
/// from the other raters' on the same candidates and dimensions (1–4 scale; positive = more
/// lenient), bars right of the zero line for more lenient and left for harsher, each labelled
/// with its signed value to 2 decimals, the axis from −1.5 to 1.5 (wider when a value needs
/// it) captioned "harsher" and "more lenient". No interviewers → an SVG that says "No data".
pub fn leniency_svg(raters: &[(&str, f64)]) -> String {
    const TITLE: &str = "Interviewer leniency";
    if raters.is_empty() {
        return no_data(TITLE, "No interviewers have been compared with others yet.");
    }
    let names: Vec<String> = raters.iter().map(|(name, _)| row_name(name)).collect();
    let finite = |v: f64| Some(v).filter(|v| v.is_finite());
    let biggest = raters.iter().filter_map(|(_, v)| finite(*v)).map(f64::abs).fold(0.0, f64::max);
    let span = ((biggest * 2.0).ceil() / 2.0).max(1.5);
    // Room on either side of the axis for the labels past the longest bars.
    let labels: Vec<String> = raters
        .iter()
        .map(|(_, v)| finite(*v).map_or_else(|| "no value".to_owned(), |v| signed(v, 2)))
        .collect();
    let gutter = f64::from(labels.iter().map(|l| text_width(l, 12.0)).max().unwrap_or(0) + 10);
    let column = f64::from(LEFT + name_column(&names));
    let scale =
        Scale { low: -span, high: span, left: column + gutter, right: f64::from(WIDTH - RIGHT) - gutter };

    let word = |v: f64| match signed(v, 2) {
        text if text.starts_with('+') => "more lenient than the other raters",
        text if text.starts_with('-') => "harsher than the other raters",
        _ => "in line with the other raters",
    };
    let lenient = raters.iter().filter(|(_, v)| signed(*v, 2).starts_with('+')).count();
    let harsher =
        raters.iter().filter(|(_, v)| finite(*v).is_some() && signed(*v, 2).starts_with('-')).count();
    let summary = format!(
        "{}: {lenient} more lenient, {harsher} harsher than the other raters (1–4 scale)",
        plural(raters.len(), "interviewer", "interviewers")
    );
    let row_words: Vec<String> = raters
        .iter()
        .zip(&labels)
        .map(|((_, v), label)| match finite(*v) {
            Some(v) => format!("{label}, {}", word(v)),
            None => "no value".to_owned(),
        })
        .collect();
    let description = format!(
        "{summary}. {}.",
        raters
            .iter()
            .zip(&row_words)
            .map(|((name, _), words)| format!("{} {words}", full_name(name)))
            .collect::<Vec<_>>()
            .join("; ")
    );

    let bottom = rows_bottom(raters.len());
    let height = bottom + 72;
    let mut svg = open(height, TITLE, &description, &summary);

    let step = if span <= 2.0 { 0.5 } else { nice_step(span / 3.0) };
    let reach = (span / step + 1e-9).floor() as i32;
    let ticks: Vec<(f64, String)> = (-reach..=reach)
        .map(|k| {
            let value = f64::from(k) * step;
            (value, if k == 0 { "0".to_owned() } else { signed(value, if step < 1.0 { 1 } else { 0 }) })
        })
        .collect();
    write_ticks(&mut svg, scale, &ticks, TOP - 4, bottom + 2);

    let zero = scale.x(0.0);
    for (index, (((given_name, value), label), (name, words))) in
        raters.iter().zip(&labels).zip(names.iter().zip(&row_words)).enumerate()
    {
        let y = row_top(index);
        let _ = write!(svg, "<g><title>{}: {}</title>", escape(&full_name(given_name)), escape(words));
        write_name(&mut svg, index, name);
        let (x, anchor, ink) = match finite(*value) {
            Some(v) => {
                let end = scale.x(v);
                if (end - zero).abs() >= 0.5 {
                    let (fill, direction) = if v > 0.0 { (LENIENT, "lenient") } else { (HARSHER, "harsher") };
                    write_bar(&mut svg, index, zero, end, fill, &format!("data-direction=\"{direction}\""));
                }
                if v < 0.0 && label.starts_with('-') {
                    (end - 5.0, "end", INK)
                } else {
                    (end.max(zero) + 5.0, "start", INK)
                }
            }
            None => (zero + 5.0, "start", MUTED),
        };
        let _ = writeln!(
            svg,
            r##"<text class="value" x="{x:.1}" y="{}" font-size="12" text-anchor="{anchor}" fill="{ink}">{}</text></g>"##,
            y + ROW / 2 + 4,
            escape(label)
        );
    }
    write_zero_line(&mut svg, zero, TOP - 4, bottom + 2);

    let captions = bottom + 34;
    let _ = writeln!(
        svg,
        r##"<text class="caption" x="{:.1}" y="{captions}" font-size="12" fill="{INK}">← harsher</text>"##,
        scale.left
    );
    let _ = writeln!(
        svg,
        r##"<text class="caption" x="{:.1}" y="{captions}" font-size="12" text-anchor="end" fill="{INK}">more lenient →</text>"##,
        scale.right
    );
    let _ = writeln!(
        svg,
        r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="{MUTED}">mean difference from the other raters on the same candidate and dimension</text>"##,
        (scale.left + scale.right) / 2.0,
        captions + 20,
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::svg_check::assert_well_formed;

    /// The text of an element whose content is exactly `t`.
    fn text(t: &str) -> String {
        format!(">{t}</text>")
    }

    fn height(svg: &str) -> i32 {
        let at = svg.find("height=\"").unwrap() + 8;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    }

    const PANEL: [(&str, usize); 5] =
        [("Strong no", 0), ("No", 1), ("Yes", 3), ("Strong yes", 2), ("No decision", 1)];

    fn dimensions() -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("System design", Some(0.815)),
            ("Coding", Some(0.7)),
            ("Communication", Some(0.1234)),
            ("Ownership", None),
            ("Collaboration", Some(-0.05)),
        ]
    }

    fn raters() -> Vec<(&'static str, f64)> {
        vec![("Ana", 0.42), ("Ben", -0.35), ("Chidi", 0.001), ("Dana", -1.25)]
    }

    #[test]
    fn recommendations_label_every_bar_with_its_count_in_the_given_order() {
        let svg = recommendations_svg(&PANEL);
        assert_well_formed(&svg);
        assert!(svg.contains("<title>Recommendations</title>") && svg.contains(&text("Recommendations")));
        let mut last = 0;
        for (label, count) in PANEL {
            let at = svg.find(&text(label)).unwrap_or_else(|| panic!("{label} missing"));
            assert!(at > last, "{label} out of order");
            last = at;
            let row = &svg[at..at + svg[at..].find("</g>").unwrap()];
            assert!(row.contains(&format!(">{count}</text>")), "{label}: {row}");
        }
        // Every row has its track; the zero count has no bar, only the track and "0".
        assert_eq!(svg.matches("class=\"track\"").count(), 5);
        assert_eq!(svg.matches("class=\"bar\"").count(), 4);
        assert!(svg.contains("<title>Strong no: 0 of 7 (0%)</title>"));
        assert!(svg.contains("7 recommendations: 5 lean yes, 1 lean no, 1 no decision"));
        // The colours hint: reds against, greens for, grey no decision.
        for colour in [NO, YES, STRONG_YES, NO_DECISION] {
            assert!(svg.contains(&format!("fill=\"{colour}\"")), "{colour}");
        }
        assert!(!svg.contains(&format!("fill=\"{STRONG_NO}\"")), "a zero count draws no bar");

        let none = recommendations_svg(&[("Strong no", 0), ("Yes", 0)]);
        assert_well_formed(&none);
        assert_eq!(none.matches(&text("0")).count(), 2);
        assert!(!none.contains("class=\"bar\""));
    }

    #[test]
    fn alpha_bars_carry_value_band_and_the_reference_lines() {
        let svg = alpha_svg(&dimensions());
        assert_well_formed(&svg);
        assert!(svg.contains("<title>Agreement per dimension (Krippendorff&apos;s alpha)</title>"));
        for words in ["0.815 reliable", "0.700 tentative", "0.123 unreliable", "-0.050 unreliable"] {
            assert!(svg.contains(&text(words)), "{words} missing");
        }
        // Two dashed reference lines, each labelled.
        assert_eq!(svg.matches("<line class=\"reference\"").count(), 2);
        assert!(svg.contains("data-alpha=\"0.667\"") && svg.contains("data-alpha=\"0.800\""));
        assert_eq!(svg.matches("stroke-dasharray=\"6 4\"").count(), 2);
        assert!(svg.contains(&text("0.667 tentative")) && svg.contains(&text("0.800 reliable")));
        // The axis runs from -0.2 to 1.
        assert!(svg.contains(&text("-0.2")) && svg.contains(&text("1.0")) && !svg.contains(&text("-0.4")));
        assert!(svg.contains("5 dimensions: 1 reliable, 1 tentative, 2 unreliable, 1 without an alpha"));
        assert_eq!(svg.matches("data-band=\"unreliable\"").count(), 2);
    }

    #[test]
    fn a_dimension_without_an_alpha_is_a_hatched_slot() {
        let svg = alpha_svg(&dimensions());
        assert_eq!(svg.matches("class=\"none\"").count(), 1);
        assert!(svg.contains("<pattern id=\"alpha-hatch\"") && svg.contains("fill=\"url(#alpha-hatch)\""));
        assert!(svg.contains("<title>Ownership: too few candidates</title>"));
        assert!(svg.contains(&text("too few candidates")));
        assert!(svg.contains("(an alpha needs 10)"));
        assert_eq!(svg.matches("class=\"bar\"").count(), 4);

        let all_missing = alpha_svg(&[("A", None), ("B", None), ("C", Some(f64::NAN))]);
        assert_well_formed(&all_missing);
        assert_eq!(all_missing.matches("class=\"none\"").count(), 3);
        assert_eq!(all_missing.matches(&text("too few candidates")).count(), 2);
        assert!(all_missing.contains(&text("not computable")) && !all_missing.contains("class=\"bar\""));
        // Without a missing alpha there is no pattern and no note about one.
        let complete = alpha_svg(&[("A", Some(0.9))]);
        assert!(!complete.contains("<pattern") && !complete.contains("Hatched"));
    }

    #[test]
    fn a_low_alpha_widens_the_axis() {
        let svg = alpha_svg(&[("Coding", Some(-0.45)), ("Design", Some(-3.0))]);
        assert_well_formed(&svg);
        // Down to -1 at most; the value is printed whole even where the bar is cut at the end.
        assert!(svg.contains(&text("-1.0")) && !svg.contains(&text("-1.2")));
        assert!(svg.contains(&text("-0.450 unreliable")) && svg.contains(&text("-3.000 unreliable")));
        let narrow = alpha_svg(&[("Coding", Some(-0.45))]);
        assert!(narrow.contains(&text("-0.6")) && !narrow.contains(&text("-0.8")));
    }

    #[test]
    fn leniency_diverges_from_a_zero_line_with_signed_labels() {
        let svg = leniency_svg(&raters());
        assert_well_formed(&svg);
        assert!(svg.contains("<title>Interviewer leniency</title>"));
        for label in ["+0.42", "-0.35", "0.00", "-1.25"] {
            assert!(svg.contains(&text(label)), "{label} missing");
        }
        assert_eq!(svg.matches("<line class=\"zero\"").count(), 1);
        assert!(svg.contains(&text("← harsher")) && svg.contains(&text("more lenient →")));
        assert_eq!(svg.matches("data-direction=\"lenient\"").count(), 1);
        assert_eq!(svg.matches("data-direction=\"harsher\"").count(), 2);
        // 0.001 rounds to zero: no bar, "in line".
        assert!(svg.contains("<title>Chidi: 0.00, in line with the other raters</title>"));
        assert!(svg.contains("<title>Ben: -0.35, harsher than the other raters</title>"));
        assert!(svg.contains("4 interviewers: 1 more lenient, 2 harsher"));
        // The axis runs from -1.5 to 1.5 in halves.
        for tick in ["-1.5", "-1.0", "-0.5", "0", "+0.5", "+1.0", "+1.5"] {
            assert!(svg.contains(&text(tick)), "{tick} missing");
        }
        // Harsher bars end left of the zero line, lenient ones start at it.
        let zero = svg.split("class=\"zero\" x1=\"").nth(1).unwrap();
        let zero: f64 = zero[..zero.find('"').unwrap()].parse().unwrap();
        let bar = |direction: &str| {
            let at = svg.find(&format!("data-direction=\"{direction}\" x=\"")).unwrap();
            let rest = &svg[at + direction.len() + 21..];
            rest[..rest.find('"').unwrap()].parse::<f64>().unwrap()
        };
        assert!((bar("lenient") - zero).abs() < 0.11 && bar("harsher") < zero);

        let wide = leniency_svg(&[("Ana", 2.2), ("Ben", f64::NAN)]);
        assert_well_formed(&wide);
        assert!(wide.contains(&text("+2.20")) && wide.contains(&text("no value")));
        assert!(wide.contains(&text("+2.5")) || wide.contains(&text("+2")));
    }

    #[test]
    fn names_are_escaped_everywhere() {
        let hostile = "<b>&\"\u{7}";
        let escaped = "&lt;b&gt;&amp;&quot;";
        let charts = [
            recommendations_svg(&[(hostile, 2), ("Yes", 1)]),
            alpha_svg(&[(hostile, Some(0.5)), ("Coding", None)]),
            leniency_svg(&[(hostile, 0.3)]),
        ];
        for svg in &charts {
            assert_well_formed(svg);
            assert!(!svg.contains("<b>") && !svg.contains('\u{7}'));
            assert!(svg.contains(escaped), "{svg}");
            // In the row's name, its `<title>` and the chart's `<desc>`.
            assert!(svg.matches(escaped).count() >= 3, "{svg}");
        }
        let long = "A dimension whose name is far too long to sit beside its bar";
        let svg = alpha_svg(&[(long, Some(0.9))]);
        assert!(svg.contains('…') && svg.contains(&format!("<title>{long}: 0.900 reliable</title>")));
        assert!(leniency_svg(&[("  ", 0.1)]).contains(&text("(unnamed)")));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        assert_eq!(recommendations_svg(&PANEL), recommendations_svg(&PANEL));
        assert_eq!(alpha_svg(&dimensions()), alpha_svg(&dimensions()));
        assert_eq!(leniency_svg(&raters()), leniency_svg(&raters()));
        assert_ne!(leniency_svg(&raters()), leniency_svg(&raters()[..3]));
    }

    #[test]
    fn charts_are_640_wide_and_grow_with_their_rows() {
        let few =
            [recommendations_svg(&PANEL[..2]), alpha_svg(&dimensions()[..2]), leniency_svg(&raters()[..2])];
        let many = [recommendations_svg(&PANEL), alpha_svg(&dimensions()), leniency_svg(&raters())];
        for (few, many) in few.iter().zip(&many) {
            assert!(few.starts_with("<svg width=\"640\"") && many.starts_with("<svg width=\"640\""));
            assert!(height(many) > height(few));
            assert!(height(few) >= 120 && height(many) < 400);
        }
    }

    #[test]
    fn empty_input_gives_a_valid_svg_that_says_no_data() {
        for (svg, title) in [
            (recommendations_svg(&[]), "Recommendations"),
            (alpha_svg(&[]), "Agreement per dimension (Krippendorff&apos;s alpha)"),
            (leniency_svg(&[]), "Interviewer leniency"),
        ] {
            assert_well_formed(&svg);
            assert!(svg.contains(&format!("<title>{title}</title>")), "{svg}");
            assert!(svg.contains(&text("No data")) && svg.contains("<desc>No data."));
            assert!(!svg.contains("class=\"bar\"") && !svg.contains("class=\"reference\""));
        }
    }

    /// Writes previews to /tmp/charts-preview when ARCHBOARD_CHART_PREVIEW is set.
    #[test]
    fn previews() {
        if std::env::var_os("ARCHBOARD_CHART_PREVIEW").is_none() {
            return;
        }
        let dir = std::path::Path::new("/tmp/charts-preview");
        std::fs::create_dir_all(dir).unwrap();
        let files = [
            ("interview-recommendations.svg", recommendations_svg(&PANEL)),
            ("interview-alpha.svg", alpha_svg(&dimensions())),
            ("interview-alpha-low.svg", alpha_svg(&[("Coding <&>", Some(-0.45)), ("Design", None)])),
            ("interview-leniency.svg", leniency_svg(&raters())),
            ("interview-leniency-wide.svg", leniency_svg(&[("Ana", 2.2), ("Ben", -0.8), ("Cy", f64::NAN)])),
            ("interview-empty.svg", alpha_svg(&[])),
        ];
        for (name, svg) in files {
            std::fs::write(dir.join(name), svg).unwrap();
        }
    }
}
