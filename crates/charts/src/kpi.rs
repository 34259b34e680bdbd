//! KPI scorecard charts as SVG text: a KPI's trend over periods with its threshold bands (drawn
//! with plotters), an inline sparkline and a heat map of states, KPIs × periods (both written as
//! SVG text directly). Every state is printed as its mark letter (G, A, R, –, S, B) beside its
//! colour, every legend is in words, and every text is escaped: KPI names are user-editable.
//! The same input always gives the same bytes.

use crate::{FONT, failed};
use archboard_types::catalog::{KpiTarget, Range, TargetBasis};
use archboard_types::kpi::{KpiState, Period, PeriodValue};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write as _;

const TREND_WIDTH: u32 = 720;
/// The height of the trend's plot with its axes; the header and the legend are added to it.
const TREND_BODY: u32 = 300;
const TREND_HEADER: u32 = 58;
/// The width of the trend's y labels and axis title.
const Y_LABELS: u32 = 64;
/// The pixel size of a point label (plotters writes a font size of 14 as 14 / 1.24).
const LABEL_PX: f64 = 14.0 / 1.24;
/// A point label's box: its top this far above the dot's centre, or this far below, and tall.
const LABEL_ABOVE: i32 = 22;
const LABEL_BELOW: i32 = 7;
const LABEL_HEIGHT: i32 = 15;

/// State colours, near the risk chart's (a darker green, so a white mark reads on it): white
/// marks on green and red, black on amber and grey.
const GREEN: RGBColor = RGBColor(46, 125, 50);
const AMBER: RGBColor = RGBColor(230, 150, 30);
const RED: RGBColor = RGBColor(196, 40, 40);
const GREY: RGBColor = RGBColor(190, 190, 190);
/// The grey of a dot or a sparkline point in a grey state (darker than a heat map cell's).
const GREY_INK: RGBColor = RGBColor(120, 120, 120);
const LINE: RGBColor = RGBColor(40, 60, 90);
const MUTED: RGBColor = RGBColor(90, 90, 90);

/// The light tints of the threshold bands.
const GREEN_TINT: RGBColor = RGBColor(220, 237, 222);
const AMBER_TINT: RGBColor = RGBColor(252, 234, 200);
const RED_TINT: RGBColor = RGBColor(248, 220, 220);

fn state_colour(state: KpiState) -> RGBColor {
    match state {
        KpiState::Green => GREEN,
        KpiState::Amber => AMBER,
        KpiState::Red => RED,
        KpiState::NoData | KpiState::Stale | KpiState::NoBaseline => GREY,
    }
}

/// The colour of a dot or point: a heat map cell's, with a darker grey.
fn dot_colour(state: KpiState) -> RGBColor {
    if state.is_grey() { GREY_INK } else { state_colour(state) }
}

/// The mark's colour on a cell of the state's colour.
fn mark_ink(state: KpiState) -> RGBColor {
    match state {
        KpiState::Green | KpiState::Red => WHITE,
        _ => BLACK,
    }
}

fn hex(colour: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

// ---------------------------------------------------------------------------------------------
// Numbers and text

/// A value as a scorecard shows it: at most two decimals below 1000 (more for small values, so
/// three significant digits remain, and more when two would round up to the next whole number,
/// so 99.999 never reads as 100), and k, M, B, T with three significant digits from 1000 on:
/// 12.5, 0.35, 99.95, 1.2k, 3.46M.
pub fn compact_number(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let magnitude = value.abs();
    let body = if magnitude >= 1e15 {
        format!("{magnitude:.2e}")
    } else if magnitude >= 1000.0 {
        with_suffix(magnitude)
    } else {
        fixed(magnitude)
    };
    if value < 0.0 && body != "0" { format!("-{body}") } else { body }
}

fn with_suffix(magnitude: f64) -> String {
    const SUFFIXES: [(f64, &str); 4] = [(1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
    let mut index = SUFFIXES.iter().rposition(|(scale, _)| magnitude >= *scale).unwrap_or(0);
    loop {
        let (scale, suffix) = SUFFIXES[index];
        let scaled = magnitude / scale;
        let decimals = if scaled < 10.0 {
            2
        } else if scaled < 100.0 {
            1
        } else {
            0
        };
        let text = format!("{scaled:.decimals$}");
        // 999.96k rounds to 1000k: say 1M instead.
        if text.parse::<f64>().is_ok_and(|rounded| rounded >= 1000.0) && index + 1 < SUFFIXES.len() {
            index += 1;
            continue;
        }
        return format!("{}{suffix}", trim_zeros(text));
    }
}

fn fixed(magnitude: f64) -> String {
    let base = if magnitude >= 1.0 || magnitude == 0.0 {
        2
    } else {
        (2 - magnitude.log10().floor() as i64).clamp(2, 9) as usize
    };
    let whole = magnitude.trunc();
    let mut decimals = base;
    loop {
        let text = format!("{magnitude:.decimals$}");
        let rounded_up = text.parse::<f64>().is_ok_and(|rounded| rounded.trunc() != whole);
        if !rounded_up || decimals >= base + 2 {
            return trim_zeros(text);
        }
        decimals += 1;
    }
}

fn trim_zeros(text: String) -> String {
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text }
}

/// A range in words: "≤ 10", "≥ 99.9", "40 to 70", "any value".
fn describe_range(range: &Range, suffix: &str) -> String {
    let n = |v: f64| format!("{}{suffix}", compact_number(v));
    match (range.min, range.max) {
        (Some(min), Some(max)) => format!("{} to {}", n(min), n(max)),
        (Some(min), None) => format!("≥ {}", n(min)),
        (None, Some(max)) => format!("≤ {}", n(max)),
        (None, None) => "any value".to_owned(),
    }
}

/// Text as SVG character data or an attribute value. Characters XML 1.0 cannot hold (control
/// characters) become spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// Text without control characters (plotters escapes markup but passes those through).
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') { ' ' } else { c })
        .collect()
}

/// At most `max` characters, the last an ellipsis when shortened.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.chars().count() > max {
        text.chars().take(max - 1).chain(std::iter::once('…')).collect()
    } else {
        text
    }
}

/// A rough width in pixels of `text` at a font size of `px` (sans-serif averages ~0.56 em).
pub(crate) fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * 0.56).ceil() as i32
}

/// "3 green, 2 amber, 1 no data": how many of each state, in the states' order.
fn state_counts(states: impl Iterator<Item = KpiState>) -> String {
    let states: Vec<KpiState> = states.collect();
    KpiState::ALL
        .iter()
        .map(|state| (state, states.iter().filter(|s| *s == state).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(state, n)| format!("{n} {}", state.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The periods that have a (finite) value: (index, value, state).
fn measured(history: &[PeriodValue]) -> Vec<(usize, f64, KpiState)> {
    history
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.value.filter(|v| v.is_finite()).map(|v| (i, v, p.state)))
        .collect()
}

/// Runs of consecutive periods with a value: the line breaks where a period has none.
fn runs(points: &[(usize, f64, KpiState)]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    for &(index, value, _) in points {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(last, _)| last + 1 == index) => run.push((index, value)),
            _ => runs.push(vec![(index, value)]),
        }
    }
    runs
}

// ---------------------------------------------------------------------------------------------
// The trend chart

/// A legend entry of the trend chart: what its swatch looks like and its words.
enum Key {
    Line(RGBColor, String),
    Dashed(RGBColor, String),
    Tint(RGBColor, String),
}

/// A KPI's trend over periods: a line with a dot per period with data (gaps where none), the
/// green and amber threshold ranges shaded as horizontal bands (green, amber, the rest red —
/// light tints) when the target's basis is Value, a dashed target line at the green boundary,
/// x labels = period names, y axis titled with the unit label, each point labelled with its
/// value and state mark; a legend in words. Empty history → an SVG that says "No measurements
/// yet".
pub fn kpi_trend_svg(
    title: &str,
    unit_label: &str,
    history: &[PeriodValue],
    target: Option<&KpiTarget>,
) -> String {
    let title = shorten(title, 80);
    let unit = match shorten(unit_label.trim(), 40) {
        unit if unit.trim().is_empty() => "value".to_owned(),
        unit => unit,
    };
    let drawn = if measured(history).is_empty() {
        no_measurements(&title, history)
    } else {
        trend(&title, &unit, history, target)
    };
    drawn.unwrap_or_else(|e| message_svg(&title, &e))
}

/// The title and "No measurements yet", with the periods looked at when there were any.
fn no_measurements(title: &str, history: &[PeriodValue]) -> Result<String, String> {
    let (width, height) = (TREND_WIDTH, 200);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        root.draw(&Text::new(title.to_owned(), (12, 12), (FONT, 18).into_font())).map_err(failed)?;
        let centre = Pos::new(HPos::Center, VPos::Center);
        let middle = (width as i32 / 2, height as i32 / 2);
        root.draw(&Text::new(
            "No measurements yet",
            middle,
            (FONT, 20).into_font().color(&MUTED).pos(centre),
        ))
        .map_err(failed)?;
        if let (Some(first), Some(last)) = (history.first(), history.last()) {
            let span = if history.len() == 1 {
                format!("none in {}", first.period)
            } else {
                format!("none in the {} periods {} to {}", history.len(), first.period, last.period)
            };
            root.draw(&Text::new(
                span,
                (middle.0, middle.1 + 26),
                (FONT, 14).into_font().color(&MUTED).pos(centre),
            ))
            .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

fn trend(
    title: &str,
    unit: &str,
    history: &[PeriodValue],
    target: Option<&KpiTarget>,
) -> Result<String, String> {
    let points = measured(history);
    let names: Vec<String> = history.iter().map(|p| p.period.to_string()).collect();
    let count = history.len();
    let value_target = target.filter(|t| t.basis == TargetBasis::Value);

    // The y range holds every value and, for a value target, every threshold, with room above
    // for the point labels.
    let thresholds: Vec<f64> = value_target
        .map(|t| {
            [t.green.min, t.green.max, t.amber.min, t.amber.max].into_iter().flatten().collect::<Vec<f64>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v.is_finite())
        .collect();
    let all = points.iter().map(|p| p.1).chain(thresholds.iter().copied());
    let (low, high) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = high - low;
    let pad = if span > 0.0 { span * 0.12 } else { low.abs().max(1.0) * 0.1 };

    let labels: Vec<String> =
        points.iter().map(|&(_, v, state)| format!("{} {}", compact_number(v), state.mark())).collect();
    let (y0, y1) = (low - pad * 1.4, high + pad * 1.8);
    let (x0, x1) = (-0.5, count as f64 - 0.5);

    // The legend, in words, wrapped to the chart's width.
    let mut keys = vec![Key::Line(LINE, format!("{unit} by period"))];
    let mut notes = Vec::new();
    match (target, value_target) {
        (_, Some(t)) => {
            keys.push(Key::Dashed(GREEN, "target (green edge)".to_owned()));
            keys.push(Key::Tint(GREEN_TINT, format!("green {}", describe_range(&t.green, ""))));
            keys.push(Key::Tint(AMBER_TINT, format!("amber {}", describe_range(&t.amber, ""))));
            keys.push(Key::Tint(RED_TINT, "red otherwise".to_owned()));
        }
        (Some(t), None) => {
            let of = if t.basis == TargetBasis::ChangeFromPreviousPct {
                "the change from the previous period"
            } else {
                "the change from the baseline"
            };
            notes.push(format!(
                "Thresholds apply to {of} (green {}, amber {}), so no bands are drawn.",
                describe_range(&t.green, "%"),
                describe_range(&t.amber, "%")
            ));
        }
        (None, None) => notes.push("No target set, so no thresholds are drawn.".to_owned()),
    }
    let mut marks: Vec<String> = KpiState::ALL
        .iter()
        .filter(|state| points.iter().any(|p| p.2 == **state))
        .map(|state| format!("{} {}", state.mark(), state.label()))
        .collect();
    if points.len() < count {
        marks.push("no dot: no data".to_owned());
    }

    const KEY_PX: f64 = 13.0 / 1.24;
    let mut key_rows: Vec<Vec<(i32, &Key)>> = vec![Vec::new()];
    let mut x = 12;
    for key in &keys {
        let (Key::Line(_, words) | Key::Dashed(_, words) | Key::Tint(_, words)) = key;
        let width = 26 + text_width(words, KEY_PX) + 18;
        if x + width > TREND_WIDTH as i32 - 12 && x > 12 {
            key_rows.push(Vec::new());
            x = 12;
        }
        key_rows.last_mut().expect("a row").push((x, key));
        x += width;
    }
    // The notes, and a last line for the marks.
    let footer = 10 + 20 * (key_rows.len() + notes.len() + 1) as u32;
    let height = TREND_HEADER + TREND_BODY + footer;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (TREND_WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        root.draw(&Text::new(title.to_owned(), (12, 10), (FONT, 18).into_font())).map_err(failed)?;
        let measured_words =
            format!("{} of {count} {} measured", points.len(), if count == 1 { "period" } else { "periods" });
        let counts = state_counts(history.iter().map(|p| p.state));
        root.draw(&Text::new(
            format!("{measured_words}: {counts}"),
            (12, 34),
            (FONT, 14).into_font().color(&MUTED),
        ))
        .map_err(failed)?;

        let body = root.margin(TREND_HEADER, footer, 4, 16);
        let mut chart = ChartBuilder::on(&body)
            .x_label_area_size(44)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(failed)?;

        if let Some(t) = value_target {
            // Red under everything, amber over it, green on top: the order `rag` judges in.
            let mut bands = vec![(y0, y1, RED_TINT)];
            for (range, tint) in [(&t.amber, AMBER_TINT), (&t.green, GREEN_TINT)] {
                let lo = range.min.filter(|v| v.is_finite()).unwrap_or(y0).max(y0);
                let hi = range.max.filter(|v| v.is_finite()).unwrap_or(y1).min(y1);
                if lo < hi {
                    bands.push((lo, hi, tint));
                }
            }
            chart
                .draw_series(
                    bands
                        .into_iter()
                        .map(|(lo, hi, tint)| Rectangle::new([(x0, lo), (x1, hi)], tint.filled())),
                )
                .map_err(failed)?;
        }

        let period_label = |x: &f64| {
            let index = x.round();
            let exact = (x - index).abs() < 1e-6 && index >= 0.0;
            names.get(index as usize).filter(|_| exact).cloned().unwrap_or_default()
        };
        let value_label = |y: &f64| compact_number(*y);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(TRANSPARENT)
            .x_labels(count.clamp(1, 12))
            .y_labels(6)
            .x_label_formatter(&period_label)
            .y_label_formatter(&value_label)
            .x_desc("period")
            .y_desc(unit)
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(failed)?;

        if let Some(t) = value_target {
            for edge in [t.green.min, t.green.max].into_iter().flatten().filter(|v| v.is_finite()) {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(x0, edge), (x1, edge)],
                        9,
                        6,
                        GREEN.stroke_width(2),
                    ))
                    .map_err(failed)?;
            }
        }
        for run in runs(&points) {
            if run.len() > 1 {
                let line = run.into_iter().map(|(i, v)| (i as f64, v));
                chart.draw_series(LineSeries::new(line, LINE.stroke_width(2))).map_err(failed)?;
            }
        }
        // A light pad behind each label keeps it legible where the line crosses it; the dots go
        // over the pads and the labels over both.
        let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
        let centres: Vec<(i32, i32)> =
            points.iter().map(|&(i, v, _)| chart.backend_coord(&(i as f64, v))).collect();
        let placement = place_labels(&centres, &labels, (x_pixels, y_pixels));
        let labelled = || {
            points.iter().zip(&labels).zip(&placement).filter_map(|((&(i, v, _), words), on_top)| {
                on_top.map(|on_top| ((i as f64, v), words, if on_top { -LABEL_ABOVE } else { LABEL_BELOW }))
            })
        };
        chart
            .draw_series(labelled().map(|(at, words, top)| {
                let half = label_half_width(words);
                EmptyElement::at(at)
                    + Rectangle::new([(-half, top), (half, top + LABEL_HEIGHT)], WHITE.mix(0.8).filled())
            }))
            .map_err(failed)?;
        chart
            .draw_series(points.iter().map(|&(i, v, state)| {
                let dot = ShapeStyle { color: dot_colour(state).to_rgba(), filled: true, stroke_width: 1 };
                Circle::new((i as f64, v), 5, dot)
            }))
            .map_err(failed)?;
        let centred = (FONT, 14).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Center));
        chart
            .draw_series(labelled().map(|(at, words, top)| {
                EmptyElement::at(at) + Text::new(words.clone(), (0, top + LABEL_HEIGHT / 2), centred.clone())
            }))
            .map_err(failed)?;
        let left_off = placement.iter().filter(|p| p.is_none()).count();
        let mut marks_line = format!("Marks: {}.", marks.join(", "));
        if left_off > 0 {
            let _ = write!(
                marks_line,
                " {left_off} of {} labels left off where they would overlap.",
                points.len()
            );
        }
        notes.push(marks_line);

        // The legend under the chart.
        let mut y = (TREND_HEADER + TREND_BODY) as i32 + 8;
        let key_font = (FONT, 13).into_font();
        for row in &key_rows {
            for &(x, key) in row {
                let mid = y + 7;
                match key {
                    Key::Line(colour, _) => {
                        root.draw(&PathElement::new(vec![(x, mid), (x + 20, mid)], colour.stroke_width(2)))
                            .map_err(failed)?;
                    }
                    Key::Dashed(colour, _) => {
                        for dash in [x, x + 13] {
                            root.draw(&PathElement::new(
                                vec![(dash, mid), (dash + 7, mid)],
                                colour.stroke_width(2),
                            ))
                            .map_err(failed)?;
                        }
                    }
                    Key::Tint(colour, _) => {
                        root.draw(&Rectangle::new([(x, y), (x + 20, y + 14)], colour.filled()))
                            .map_err(failed)?;
                        root.draw(&Rectangle::new(
                            [(x, y), (x + 20, y + 14)],
                            BLACK.mix(0.35).stroke_width(1),
                        ))
                        .map_err(failed)?;
                    }
                }
                let (Key::Line(_, words) | Key::Dashed(_, words) | Key::Tint(_, words)) = key;
                root.draw(&Text::new(words.clone(), (x + 26, y), key_font.clone())).map_err(failed)?;
            }
            y += 20;
        }
        for note in notes {
            root.draw(&Text::new(note, (12, y), key_font.clone())).map_err(failed)?;
            y += 20;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

fn label_half_width(words: &str) -> i32 {
    text_width(words, LABEL_PX) / 2 + 3
}

/// Where each point's label goes, given the dots' centres in pixels: `Some(true)` above its
/// dot, `Some(false)` below, `None` nowhere, because both places would cover a label already
/// placed or another dot, or leave the plot. The latest point is placed first.
fn place_labels(
    centres: &[(i32, i32)],
    labels: &[String],
    (xs, ys): (std::ops::Range<i32>, std::ops::Range<i32>),
) -> Vec<Option<bool>> {
    let overlaps = |a: [i32; 4], b: [i32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    let dots: Vec<[i32; 4]> = centres.iter().map(|&(x, y)| [x - 6, y - 6, x + 6, y + 6]).collect();
    let mut placed: Vec<[i32; 4]> = Vec::new();
    let mut placement = vec![None; centres.len()];
    for index in (0..centres.len()).rev() {
        let (x, y) = centres[index];
        let half = label_half_width(&labels[index]);
        for (on_top, top) in [(true, y - LABEL_ABOVE), (false, y + LABEL_BELOW)] {
            let area = [x - half, top, x + half, top + LABEL_HEIGHT];
            // A label may reach a little into the right margin, never over the y axis.
            let inside =
                area[0] >= xs.start && area[2] <= xs.end + 14 && area[1] >= ys.start && area[3] <= ys.end;
            let clear = placed.iter().all(|other| !overlaps(area, *other))
                && dots.iter().enumerate().all(|(other, dot)| other == index || !overlaps(area, *dot));
            if inside && clear {
                placed.push(area);
                placement[index] = Some(on_top);
                break;
            }
        }
    }
    placement
}

/// A plain SVG with a title and a message, for a chart that could not be drawn.
fn message_svg(title: &str, message: &str) -> String {
    format!(
        concat!(
            r##"<svg width="{w}" height="120" viewBox="0 0 {w} 120" xmlns="http://www.w3.org/2000/svg">"##,
            "\n",
            r##"<rect x="0" y="0" width="{w}" height="120" fill="#FFFFFF"/>"##,
            "\n",
            r##"<text x="12" y="28" font-family="{f}" font-size="15">{t}</text>"##,
            "\n",
            r##"<text x="12" y="64" font-family="{f}" font-size="12" fill="{muted}">{m}</text>"##,
            "\n</svg>\n"
        ),
        w = TREND_WIDTH,
        f = FONT,
        t = escape(title),
        m = escape(message),
        muted = hex(MUTED),
    )
}

// ---------------------------------------------------------------------------------------------
// The sparkline

const SPARK_WIDTH: f64 = 120.0;
const SPARK_HEIGHT: f64 = 28.0;

/// A small inline sparkline (about 120×28) of the period values, the last point marked with
/// its state colour; `<title>` with the values for screen readers; no axes.
pub fn sparkline_svg(history: &[PeriodValue]) -> String {
    let points = measured(history);
    let description = if points.is_empty() {
        match history.len() {
            0 => "No data".to_owned(),
            1 => format!("No data in {}", history[0].period),
            n => format!("No data in the {n} periods {} to {}", history[0].period, history[n - 1].period),
        }
    } else {
        let values: Vec<String> = history
            .iter()
            .map(|p| match p.value.filter(|v| v.is_finite()) {
                Some(v) => format!("{} {} ({})", p.period, compact_number(v), p.state.label()),
                None => format!("{} no data", p.period),
            })
            .collect();
        format!("Values by period: {}", values.join(", "))
    };
    let mut svg = format!(
        concat!(
            r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img">"##,
            "\n<title>{t}</title>\n"
        ),
        w = SPARK_WIDTH,
        h = SPARK_HEIGHT,
        t = escape(&description),
    );
    if points.is_empty() {
        let mid = SPARK_HEIGHT / 2.0;
        let _ = writeln!(
            svg,
            r##"<line x1="3" y1="{mid}" x2="{x2}" y2="{mid}" stroke="#C8C8C8" stroke-width="1" stroke-dasharray="3 3"/>"##,
            x2 = SPARK_WIDTH - 3.0,
        );
        let _ = writeln!(
            svg,
            r##"<text x="{x}" y="{y}" text-anchor="middle" font-family="{FONT}" font-size="10" fill="{ink}" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">no data</text>"##,
            x = SPARK_WIDTH / 2.0,
            y = mid + 3.5,
            ink = hex(MUTED),
        );
    } else {
        // Room at the ends and edges for the last point's dot.
        let (pad_x, pad_y) = (4.0, 4.0);
        let low = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let high = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let x = |index: usize| {
            if history.len() < 2 {
                SPARK_WIDTH / 2.0
            } else {
                pad_x + index as f64 * (SPARK_WIDTH - 2.0 * pad_x) / (history.len() - 1) as f64
            }
        };
        let y = |value: f64| {
            if high > low {
                SPARK_HEIGHT - pad_y - (value - low) / (high - low) * (SPARK_HEIGHT - 2.0 * pad_y)
            } else {
                SPARK_HEIGHT / 2.0
            }
        };
        for run in runs(&points) {
            if run.len() > 1 {
                let line: Vec<String> =
                    run.iter().map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v))).collect();
                let _ = writeln!(
                    svg,
                    r##"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>"##,
                    line.join(" "),
                    hex(LINE),
                );
            } else {
                let (i, v) = run[0];
                let _ = writeln!(
                    svg,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="1.5" fill="{}"/>"##,
                    x(i),
                    y(v),
                    hex(LINE)
                );
            }
        }
        let &(i, v, state) = points.last().expect("a point");
        let _ = writeln!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}" stroke="#FFFFFF" stroke-width="1" data-state="{}"/>"##,
            x(i),
            y(v),
            hex(dot_colour(state)),
            state.as_str(),
        );
    }
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// The heat map

const CELL_WIDTH: i32 = 64;
const CELL_HEIGHT: i32 = 26;
const CELL_GAP: i32 = 3;

/// A heat map: rows = KPIs (name), columns = periods, each cell coloured by state
/// (green/amber/red/grey) AND showing the state's mark letter (G/A/R/–/S/B) so colour is not
/// the only carrier; a legend in words. A row with fewer states than periods is "no data" in
/// the rest; states beyond the periods are not drawn.
pub fn kpi_heatmap_svg(title: &str, periods: &[Period], rows: &[(String, Vec<KpiState>)]) -> String {
    let title = shorten(title, 80);
    let names: Vec<String> = rows.iter().map(|(name, _)| shorten(name.trim(), 36)).collect();
    let label_width = names.iter().map(|n| text_width(n, 13.0) + 16).max().unwrap_or(0).clamp(120, 280);
    let (left, top) = (12, 64);
    let grid_width = periods.len() as i32 * (CELL_WIDTH + CELL_GAP);
    let cells = |row: &[KpiState]| -> Vec<KpiState> {
        (0..periods.len()).map(|i| row.get(i).copied().unwrap_or(KpiState::NoData)).collect()
    };
    let grid: Vec<Vec<KpiState>> = rows.iter().map(|(_, states)| cells(states)).collect();

    let legend: Vec<(KpiState, String)> = KpiState::ALL
        .iter()
        .map(|&state| {
            let n = grid.iter().flatten().filter(|s| **s == state).count();
            (state, format!("{} ({n})", state.label()))
        })
        .collect();
    let legend_width: i32 = legend.iter().map(|(_, words)| 22 + text_width(words, 12.0) + 16).sum();
    let empty = rows.is_empty() || periods.is_empty();
    let width = (left + label_width + grid_width + 12)
        .max(left + legend_width + 12)
        .max(left + text_width(&title, 15.0) + 12)
        .max(360);
    let grid_height = if empty { 40 } else { rows.len() as i32 * (CELL_HEIGHT + CELL_GAP) };
    let legend_y = top + grid_height + 14;
    let height = legend_y + 40;

    let mut svg = format!(
        concat!(
            r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" font-family="{f}">"##,
            "\n<title>{t}</title>\n",
            r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>"##,
            "\n",
            r##"<text x="{left}" y="26" font-size="15">{t}</text>"##,
            "\n"
        ),
        w = width,
        h = height,
        f = FONT,
        t = escape(&title),
        left = left,
    );
    let summary = if empty {
        match (rows.is_empty(), periods.is_empty()) {
            (true, _) => "No KPIs to show".to_owned(),
            (false, _) => "No periods to show".to_owned(),
        }
    } else {
        format!(
            "{} KPIs × {} periods: {}",
            rows.len(),
            periods.len(),
            state_counts(grid.iter().flatten().copied())
        )
    };
    let _ = writeln!(
        svg,
        r##"<text x="{left}" y="44" font-size="11" fill="{}">{}</text>"##,
        hex(MUTED),
        escape(&summary)
    );

    if !empty {
        let grid_left = left + label_width;
        for (column, period) in periods.iter().enumerate() {
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>"##,
                grid_left + column as i32 * (CELL_WIDTH + CELL_GAP) + CELL_WIDTH / 2,
                top - 6,
                period,
            );
        }
        for (index, (name, states)) in names.iter().zip(&grid).enumerate() {
            let y = top + index as i32 * (CELL_HEIGHT + CELL_GAP);
            let _ = writeln!(
                svg,
                r##"<text x="{left}" y="{}" font-size="12">{}</text>"##,
                y + CELL_HEIGHT / 2 + 4,
                escape(name)
            );
            for (column, (period, state)) in periods.iter().zip(states).enumerate() {
                let x = grid_left + column as i32 * (CELL_WIDTH + CELL_GAP);
                let _ = writeln!(
                    svg,
                    concat!(
                        r##"<g><title>{name}, {period}: {label}</title>"##,
                        r##"<rect class="cell" data-state="{state}" x="{x}" y="{y}" width="{cw}" height="{ch}" rx="3" fill="{fill}"/>"##,
                        r##"<text x="{tx}" y="{ty}" font-size="12" font-weight="bold" text-anchor="middle" fill="{ink}">{mark}</text></g>"##
                    ),
                    name = escape(&rows[index].0),
                    period = period,
                    label = state.label(),
                    state = state.as_str(),
                    x = x,
                    y = y,
                    cw = CELL_WIDTH,
                    ch = CELL_HEIGHT,
                    fill = hex(state_colour(*state)),
                    tx = x + CELL_WIDTH / 2,
                    ty = y + CELL_HEIGHT / 2 + 4,
                    ink = hex(mark_ink(*state)),
                    mark = state.mark(),
                );
            }
        }
    } else {
        let _ = writeln!(
            svg,
            r##"<text x="{left}" y="{}" font-size="13" fill="{}">{}</text>"##,
            top + 20,
            hex(MUTED),
            escape(&summary)
        );
    }

    // The legend: each state's swatch with its mark, its name and how many cells have it.
    let mut x = left;
    for (state, words) in &legend {
        let _ = writeln!(
            svg,
            concat!(
                r##"<rect x="{x}" y="{y}" width="18" height="18" rx="3" fill="{fill}"/>"##,
                r##"<text x="{mx}" y="{my}" font-size="11" font-weight="bold" text-anchor="middle" fill="{ink}">{mark}</text>"##,
                r##"<text x="{tx}" y="{my}" font-size="12">{words}</text>"##
            ),
            x = x,
            y = legend_y,
            fill = hex(state_colour(*state)),
            mx = x + 9,
            my = legend_y + 13,
            ink = hex(mark_ink(*state)),
            mark = state.mark(),
            tx = x + 22,
            words = escape(words),
        );
        x += 22 + text_width(words, 12.0) + 16;
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::svg_check::assert_well_formed;

    fn quarter(year: i32, quarter: u32) -> Period {
        Period::Quarter { year, quarter }
    }

    fn history() -> Vec<PeriodValue> {
        let values = [
            (Some(14.0), KpiState::Amber),
            (Some(12.5), KpiState::Amber),
            (None, KpiState::NoData),
            (Some(9.5), KpiState::Green),
            (Some(18.25), KpiState::Red),
            (Some(8.0), KpiState::Green),
        ];
        values
            .into_iter()
            .enumerate()
            .map(|(i, (value, state))| PeriodValue {
                period: quarter(2025 + (i as i32) / 4, (i as u32) % 4 + 1),
                value,
                state,
            })
            .collect()
    }

    fn lower_is_better(basis: TargetBasis) -> KpiTarget {
        KpiTarget {
            basis,
            green: Range { min: None, max: Some(10.0) },
            amber: Range { min: None, max: Some(15.0) },
            note: String::new(),
        }
    }

    /// Text as plotters writes it: on a line of its own between the tags.
    fn text(t: &str) -> String {
        format!(">\n{t}\n</text>")
    }

    #[test]
    fn compact_numbers_read_as_a_scorecard_shows_them() {
        let cases = [
            (0.0, "0"),
            (12.5, "12.5"),
            (0.35, "0.35"),
            (99.95, "99.95"),
            (99.999, "99.999"),
            (9.9999, "9.9999"),
            (9.999_99, "10"),
            (12.0, "12"),
            (7.777, "7.78"),
            (0.001_234, "0.00123"),
            (999.0, "999"),
            (1000.0, "1k"),
            (1200.0, "1.2k"),
            (12_345.0, "12.3k"),
            (123_456.0, "123k"),
            (999_960.0, "1M"),
            (3_456_789.0, "3.46M"),
            (2.5e9, "2.5B"),
            (-1200.0, "-1.2k"),
            (-0.35, "-0.35"),
            (-0.000_000_000_1, "0"),
            (f64::NAN, "–"),
        ];
        for (value, expected) in cases {
            assert_eq!(compact_number(value), expected, "{value}");
        }
    }

    #[test]
    fn the_trend_shades_bands_only_for_a_value_basis() {
        let shaded = |svg: &str| {
            [GREEN_TINT, AMBER_TINT, RED_TINT]
                .iter()
                .map(|tint| svg.contains(&hex(*tint)))
                .collect::<Vec<_>>()
        };
        let by_value =
            kpi_trend_svg("Lead time", "hours", &history(), Some(&lower_is_better(TargetBasis::Value)));
        assert_well_formed(&by_value);
        assert_eq!(shaded(&by_value), [true, true, true]);
        assert!(by_value.contains(&text("green ≤ 10")) && by_value.contains(&text("amber ≤ 15")));
        assert!(by_value.contains(&text("target (green edge)")));
        // The dashed target line is drawn as dashes in the green ink.
        assert!(by_value.matches(&format!("stroke=\"{}\"", hex(GREEN))).count() > 5);

        for basis in [TargetBasis::ChangeFromPreviousPct, TargetBasis::ChangeFromBaselinePct] {
            let by_change = kpi_trend_svg("Lead time", "hours", &history(), Some(&lower_is_better(basis)));
            assert_well_formed(&by_change);
            assert_eq!(shaded(&by_change), [false, false, false], "{basis:?}");
            assert!(by_change.contains("so no bands are drawn"));
            assert!(by_change.contains("green ≤ 10%"));
        }
        let untargeted = kpi_trend_svg("Lead time", "hours", &history(), None);
        assert_eq!(shaded(&untargeted), [false, false, false]);
        assert!(untargeted.contains("No target set"));
    }

    #[test]
    fn a_gap_period_has_no_dot_and_breaks_the_line() {
        let svg = kpi_trend_svg("Lead time", "hours", &history(), Some(&lower_is_better(TargetBasis::Value)));
        // Five of the six periods have a value: five dots.
        assert_eq!(svg.matches("<circle").count(), 5);
        // Two runs (before and after the gap) and the legend's swatch: three lines in its colour.
        assert_eq!(
            svg.matches(&format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"{}\"", hex(LINE))).count(),
            3
        );
        assert!(svg.contains("5 of 6 periods measured"));
        assert!(svg.contains("no dot: no data"));
    }

    #[test]
    fn the_trend_labels_periods_points_with_marks_and_the_unit() {
        let svg = kpi_trend_svg("Lead time", "hours", &history(), Some(&lower_is_better(TargetBasis::Value)));
        for period in history().iter().map(|p| p.period.to_string()) {
            assert!(svg.contains(&text(&period)), "{period} missing");
        }
        for label in ["14 A", "12.5 A", "9.5 G", "18.25 R", "8 G"] {
            assert!(svg.contains(&text(label)), "{label} missing");
        }
        assert!(svg.contains(&text("hours")) && svg.contains(&text("Lead time")));
        assert!(svg.contains("Marks: G Green, A Amber, R Red, no dot: no data."));
        assert!(svg.contains("2 green, 2 amber, 1 red, 1 no data"));
    }

    #[test]
    fn crowded_labels_are_left_off_rather_than_overlapped() {
        let centres = [(100, 100), (110, 100), (120, 100)];
        let labels = ["1 G".to_owned(), "2 G".to_owned(), "3 G".to_owned()];
        // The latest goes above, the next below, the first has no room left.
        assert_eq!(place_labels(&centres, &labels, (0..500, 0..500)), [None, Some(false), Some(true)]);
        // Out of the plot: nowhere.
        assert_eq!(place_labels(&centres[..1], &labels[..1], (95..500, 0..500)), [None]);

        let crowded: Vec<PeriodValue> = (0..24)
            .map(|i| PeriodValue {
                period: Period::Month { year: 2024 + i / 12, month: (i % 12) as u32 + 1 },
                value: Some(1000.0 + f64::from(i * 37)),
                state: KpiState::Amber,
            })
            .collect();
        let svg = kpi_trend_svg("Spend", "dollars", &crowded, None);
        assert_well_formed(&svg);
        assert_eq!(svg.matches("<circle").count(), 24, "every period with a value still has its dot");
        let shown = svg.matches(" A\n</text>").count();
        assert!(shown > 0 && shown < 24);
        assert!(svg.contains(&format!("{} of 24 labels left off where they would overlap.", 24 - shown)));
    }

    #[test]
    fn an_empty_history_says_no_measurements_yet() {
        let svg = kpi_trend_svg("Lead time", "hours", &[], None);
        assert_well_formed(&svg);
        assert!(svg.contains(&text("No measurements yet")));
        let nothing: Vec<PeriodValue> =
            history().into_iter().map(|p| PeriodValue { value: None, ..p }).collect();
        let svg = kpi_trend_svg("Lead time", "hours", &nothing, None);
        assert!(svg.contains(&text("No measurements yet")) && svg.contains("2025-Q1 to 2026-Q2"));
    }

    #[test]
    fn hostile_names_are_escaped_everywhere() {
        let hostile = "<script>alert('x')</script> & \"Co\"\u{7}";
        let trend = kpi_trend_svg(hostile, hostile, &history(), Some(&lower_is_better(TargetBasis::Value)));
        let empty = kpi_trend_svg(hostile, hostile, &[], None);
        let rows = vec![(hostile.to_owned(), vec![KpiState::Green])];
        let heatmap = kpi_heatmap_svg(hostile, &[quarter(2026, 1)], &rows);
        for svg in [&trend, &empty, &heatmap] {
            assert_well_formed(svg);
            assert!(!svg.contains("<script") && !svg.contains('\u{7}'));
            assert!(svg.contains("&lt;script&gt;") && svg.contains("&amp;"));
        }
        let failed = message_svg(hostile, "a <broken> & thing");
        assert_well_formed(&failed);
        assert!(failed.contains("a &lt;broken&gt; &amp; thing"));
    }

    #[test]
    fn the_heatmap_has_one_cell_per_kpi_and_period_with_its_mark() {
        let periods = [quarter(2026, 1), quarter(2026, 2), quarter(2026, 3)];
        let rows = vec![
            ("Lead time".to_owned(), vec![KpiState::Green, KpiState::Amber, KpiState::Red]),
            ("Availability".to_owned(), vec![KpiState::Stale, KpiState::NoBaseline, KpiState::NoData]),
            // Too short: the last period is no data.
            ("Cost per 1k".to_owned(), vec![KpiState::Green, KpiState::Green]),
        ];
        let svg = kpi_heatmap_svg("Payments, 2026", &periods, &rows);
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"cell\"").count(), 9);
        for (name, states) in &rows {
            for (index, period) in periods.iter().enumerate() {
                let state = states.get(index).copied().unwrap_or(KpiState::NoData);
                let cell = format!("<title>{name}, {period}: {}</title>", state.label());
                let at = svg.find(&cell).unwrap_or_else(|| panic!("{cell} missing"));
                let end = svg[at..].find("</g>").unwrap() + at;
                let group = &svg[at..end];
                assert!(group.contains(&format!("data-state=\"{}\"", state.as_str())), "{group}");
                assert!(group.contains(&format!(">{}</text>", state.mark())), "{group}");
            }
        }
        for words in ["Green (3)", "Amber (1)", "Red (1)", "No data (2)", "Stale (1)", "No baseline (1)"] {
            assert!(svg.contains(&format!(">{words}</text>")), "{words} missing from the legend");
        }
        for period in ["2026-Q1", "2026-Q2", "2026-Q3"] {
            assert!(svg.contains(&format!(">{period}</text>")));
        }
        assert!(svg.contains("3 KPIs × 3 periods"));
        let empty = kpi_heatmap_svg("Nothing", &periods, &[]);
        assert_well_formed(&empty);
        assert!(empty.contains("No KPIs to show") && !empty.contains("class=\"cell\""));
    }

    #[test]
    fn a_sparkline_of_no_values_is_valid_and_says_no_data() {
        let nothing: Vec<PeriodValue> =
            history().into_iter().map(|p| PeriodValue { value: None, ..p }).collect();
        for history in [&nothing[..], &[]] {
            let svg = sparkline_svg(history);
            assert_well_formed(&svg);
            assert!(svg.contains(">no data</text>") && svg.contains("<title>No data"));
            assert!(!svg.contains("<polyline") && !svg.contains("<circle"));
        }
    }

    #[test]
    fn a_sparkline_names_its_values_and_marks_the_last_point() {
        let svg = sparkline_svg(&history());
        assert_well_formed(&svg);
        assert!(svg.contains("width=\"120\" height=\"28\""));
        assert!(svg.contains(
            "<title>Values by period: 2025-Q1 14 (Amber), 2025-Q2 12.5 (Amber), 2025-Q3 no data, \
             2025-Q4 9.5 (Green), 2026-Q1 18.25 (Red), 2026-Q2 8 (Green)</title>"
        ));
        // The gap splits the line into two pieces; the last point carries its state colour.
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(&format!(
            "fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"1\" data-state=\"green\"",
            hex(GREEN)
        )));
        assert!(!svg.contains("<text"), "no axes or labels");
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let target = lower_is_better(TargetBasis::Value);
        let rows = vec![("Lead time".to_owned(), vec![KpiState::Green, KpiState::Red])];
        let periods = [quarter(2026, 1), quarter(2026, 2)];
        assert_eq!(
            kpi_trend_svg("Lead time", "hours", &history(), Some(&target)),
            kpi_trend_svg("Lead time", "hours", &history(), Some(&target))
        );
        assert_eq!(sparkline_svg(&history()), sparkline_svg(&history()));
        assert_eq!(kpi_heatmap_svg("Map", &periods, &rows), kpi_heatmap_svg("Map", &periods, &rows));
    }

    /// Writes previews to /tmp/charts-preview when ARCHBOARD_CHART_PREVIEW is set.
    #[test]
    fn previews() {
        if std::env::var_os("ARCHBOARD_CHART_PREVIEW").is_none() {
            return;
        }
        let dir = std::path::Path::new("/tmp/charts-preview");
        std::fs::create_dir_all(dir).unwrap();
        let band = KpiTarget {
            basis: TargetBasis::Value,
            green: Range { min: Some(99.9), max: None },
            amber: Range { min: Some(99.5), max: None },
            note: String::new(),
        };
        let availability: Vec<PeriodValue> = [
            (Some(99.95), KpiState::Green),
            (Some(99.72), KpiState::Amber),
            (Some(99.31), KpiState::Red),
            (None, KpiState::NoData),
            (Some(99.91), KpiState::Green),
            (Some(99.999), KpiState::Green),
            (Some(99.6), KpiState::Stale),
            (Some(99.93), KpiState::Green),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (value, state))| PeriodValue {
            period: Period::Month { year: 2026, month: i as u32 + 1 },
            value,
            state,
        })
        .collect();
        let long: Vec<PeriodValue> = (0..24)
            .map(|i| PeriodValue {
                period: Period::Month { year: 2024 + i / 12, month: (i % 12) as u32 + 1 },
                value: Some(1000.0 + f64::from(i * 137 % 900)),
                state: KpiState::Red,
            })
            .collect();
        let files = [
            (
                "trend-lead-time.svg",
                kpi_trend_svg(
                    "Lead time for changes — team <Payments & Co>",
                    "hours",
                    &history(),
                    Some(&lower_is_better(TargetBasis::Value)),
                ),
            ),
            ("trend-availability.svg", kpi_trend_svg("Availability", "percent", &availability, Some(&band))),
            (
                "trend-change.svg",
                kpi_trend_svg(
                    "Cloud cost",
                    "dollars",
                    &history(),
                    Some(&lower_is_better(TargetBasis::ChangeFromPreviousPct)),
                ),
            ),
            ("trend-empty.svg", kpi_trend_svg("Cloud cost", "dollars", &[], None)),
            ("trend-single.svg", kpi_trend_svg("Cloud cost", "dollars", &availability[..1], None)),
            ("trend-dense.svg", kpi_trend_svg("Monthly spend", "dollars", &long[8..], None)),
            (
                "trend-long.svg",
                kpi_trend_svg("Monthly spend", "dollars", &long, Some(&lower_is_better(TargetBasis::Value))),
            ),
            ("sparkline.svg", sparkline_svg(&history())),
            ("sparkline-empty.svg", sparkline_svg(&[])),
            (
                "heatmap.svg",
                kpi_heatmap_svg(
                    "Scorecard: team Payments, last four quarters",
                    &[quarter(2025, 3), quarter(2025, 4), quarter(2026, 1), quarter(2026, 2)],
                    &[
                        (
                            "Deployment frequency".to_owned(),
                            vec![KpiState::Amber, KpiState::Green, KpiState::Green, KpiState::Green],
                        ),
                        (
                            "Lead time for changes".to_owned(),
                            vec![KpiState::Red, KpiState::Amber, KpiState::Green, KpiState::Amber],
                        ),
                        (
                            "Change failure rate <&>".to_owned(),
                            vec![KpiState::NoData, KpiState::NoBaseline, KpiState::Red, KpiState::Green],
                        ),
                        (
                            "Availability (monthly, all regions, weighted by traffic)".to_owned(),
                            vec![KpiState::Green, KpiState::Stale, KpiState::Green, KpiState::Green],
                        ),
                    ],
                ),
            ),
        ];
        for (name, svg) in files {
            std::fs::write(dir.join(name), svg).unwrap();
        }
    }
}
