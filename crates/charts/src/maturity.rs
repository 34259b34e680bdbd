//! Maturity charts as SVG text: a radar of levels 0–4 per dimension (this quarter solid, the
//! previous one dashed), each dimension's level over the quarters, a heat map of teams ×
//! dimensions, how many assessments sit at each level, and each team's KPI attainment as a
//! stacked bar. All are written as SVG text directly (plotters has no radar chart), 640 px wide
//! (the heat map as wide as its columns need) and as tall as their content needs.
//!
//! Colour only hints: every level is printed as its number, every KPI state as its letter (G,
//! A, R, –) and its count, every series is told apart by its marker and dash pattern as well as
//! its colour, and every legend is in words. Every name is escaped (teams and dimensions are
//! named by users); every chart has a `<title>`, a `<desc>` and an `aria-label`, and every
//! point, cell and bar a `<title>` of its own. Levels above 4 count as 4. Numbers are written
//! with fixed precision and the same input always gives the same bytes.

use crate::FONT;
use crate::kpi::{clean, escape, shorten, text_width};
use std::fmt::Write as _;

const WIDTH: i32 = 640;
const LEFT: i32 = 12;
const RIGHT: i32 = 12;
/// The top of a chart's content, under the title and the summary line.
const TOP: i32 = 60;

/// The highest maturity level.
const MAX_LEVEL: u8 = 4;

const INK: &str = "#222222";
const MUTED: &str = "#5A5A5A";
const GRID: &str = "#E2E2E2";
const RING: &str = "#C8C8C8";
const AXIS: &str = "#5A5A5A";
const WHITE: &str = "#FFFFFF";

/// Levels 0–4 as shades of blue, lighter for lower, and the ink a number is printed in on each.
const LEVEL_FILL: [&str; 5] = ["#EEF3F9", "#C6DBEF", "#8DB8DE", "#2F6DB0", "#154A85"];
const LEVEL_INK: [&str; 5] = [INK, INK, INK, WHITE, WHITE];

/// The radar's series: this quarter in blue, the previous in grey.
const CURRENT: &str = "#1F5FA8";
const PREVIOUS: &str = "#8A8A8A";

/// The trend's series colours (after Okabe and Ito, darkened where white would not read).
const SERIES_COLOURS: [&str; 8] =
    ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#222222", "#E69F00"];
/// The trend's dash patterns, the first solid.
const SERIES_DASHES: [&str; 6] = ["", "7 4", "2 3", "9 3 2 3", "4 2", "12 3"];

/// The kpi charts' state colours, for attainment: (letter, word, fill, ink).
const STATES: [(&str, &str, &str, &str); 4] = [
    ("G", "Green", "#2E7D32", WHITE),
    ("A", "Amber", "#E6961E", INK),
    ("R", "Red", "#C42828", WHITE),
    ("–", "No data", "#BEBEBE", INK),
];

// ---------------------------------------------------------------------------------------------
// Text and numbers

/// A chart's title: shortened, or `default` when blank.
fn chart_title(title: &str, default: &str) -> String {
    match shorten(title.trim(), 80) {
        title if title.trim().is_empty() => default.to_owned(),
        title => title,
    }
}

/// A name as shown on the chart: trimmed, shortened to `max` characters, never blank.
fn short_name(name: &str, max: usize, blank: &str) -> String {
    match shorten(name.trim(), max) {
        name if name.trim().is_empty() => blank.to_owned(),
        name => name,
    }
}

/// A name as a `<title>` or the `<desc>` says it: whole, trimmed, never blank.
fn full_name(name: &str, blank: &str) -> String {
    match clean(name.trim()) {
        name if name.trim().is_empty() => blank.to_owned(),
        name => name,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A level as printed: its number, or "–" for none.
fn level_text(level: Option<u8>) -> String {
    level.map_or_else(|| "–".to_owned(), |l| l.to_string())
}

/// The level at `index`, held to 0–4; `None` past the end.
fn level_at(levels: &[Option<u8>], index: usize) -> Option<u8> {
    levels.get(index).copied().flatten().map(|l| l.min(MAX_LEVEL))
}

/// The mean of the levels given, to one decimal, or "–" when there are none.
fn mean_text(levels: impl Iterator<Item = u8>) -> String {
    let (sum, n) = levels.fold((0u64, 0u64), |(s, n), l| (s + u64::from(l), n + 1));
    if n == 0 { "–".to_owned() } else { format!("{:.1}", sum as f64 / n as f64) }
}

/// A point as SVG writes it: "x,y" with one decimal.
fn point(p: (f64, f64)) -> String {
    format!("{:.1},{:.1}", p.0, p.1)
}

fn points(ps: &[(f64, f64)]) -> String {
    ps.iter().map(|p| point(*p)).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// The frame every chart shares

/// The opening of a chart: the root element with its `aria-label`, its `<title>` and `<desc>`,
/// a white ground, the visible title and the summary line under it.
fn open(width: i32, height: i32, title: &str, description: &str, summary: &str) -> String {
    let mut svg = format!(
        concat!(
            r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{t}" font-family="{f}">"##,
            "\n<title>{t}</title>\n<desc>{d}</desc>\n",
            r##"<rect x="0" y="0" width="{w}" height="{h}" fill="{white}"/>"##,
            "\n",
            r##"<text x="{left}" y="26" font-size="15" fill="{ink}">{t}</text>"##,
            "\n",
        ),
        w = width,
        h = height,
        f = FONT,
        t = escape(title),
        d = escape(description),
        white = WHITE,
        left = LEFT,
        ink = INK,
    );
    if !summary.is_empty() {
        let _ = writeln!(
            svg,
            r##"<text class="summary" x="{LEFT}" y="44" font-size="11" fill="{MUTED}">{}</text>"##,
            escape(summary)
        );
    }
    svg
}

/// A chart with nothing to draw: its title, "No data" and a line saying why.
fn no_data(title: &str, why: &str) -> String {
    let height = 120;
    let mut svg = open(WIDTH, height, title, &format!("No data. {why}"), "");
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

/// A level's swatch with its number inside, `size` pixels square, at (x, y).
fn level_swatch(svg: &mut String, x: i32, y: i32, size: i32, level: usize) {
    let _ = write!(
        svg,
        r##"<rect x="{x}" y="{y}" width="{s}" height="{s}" rx="3" fill="{fill}" stroke="{RING}" stroke-width="1"/><text x="{tx}" y="{ty}" font-size="11" font-weight="bold" text-anchor="middle" fill="{ink}">{level}</text>"##,
        s = size,
        fill = LEVEL_FILL[level],
        tx = x + size / 2,
        ty = y + size / 2 + 4,
        ink = LEVEL_INK[level],
    );
}

// ---------------------------------------------------------------------------------------------
// The radar

/// The unit vector at `degrees` (clockwise from the x axis, as SVG's y runs down), exact at the
/// quarter turns so a square's corners come out exact.
fn direction(degrees: f64) -> (f64, f64) {
    let turn = degrees.rem_euclid(360.0);
    if turn == 0.0 {
        (1.0, 0.0)
    } else if turn == 90.0 {
        (0.0, 1.0)
    } else if turn == 180.0 {
        (-1.0, 0.0)
    } else if turn == 270.0 {
        (0.0, -1.0)
    } else {
        let radians = degrees.to_radians();
        (radians.cos(), radians.sin())
    }
}

/// The radar's geometry: the point of each value on its axis. Axis `i` of `n` points at
/// −90° + i·360°/n (the first straight up, the rest clockwise on screen) and a value lies
/// `radius · value / max` from (cx, cy), the value held to `0..=max`. A missing (or NaN) value,
/// and every value when `max` is not a positive finite number, lies at the centre. No values,
/// no points.
pub fn radar_points(values: &[Option<f64>], max: f64, cx: f64, cy: f64, radius: f64) -> Vec<(f64, f64)> {
    let n = values.len();
    let usable = max.is_finite() && max > 0.0;
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let fraction = match value {
                Some(v) if usable && !v.is_nan() => (v / max).clamp(0.0, 1.0),
                _ => 0.0,
            };
            let (dx, dy) = direction(-90.0 + i as f64 * 360.0 / n as f64);
            (cx + radius * fraction * dx, cy + radius * fraction * dy)
        })
        .collect()
}

const RADAR_RADIUS: f64 = 150.0;
const RADAR_CX: f64 = WIDTH as f64 / 2.0;
const RADAR_CY: f64 = TOP as f64 + 40.0 + RADAR_RADIUS;
/// The longest dimension name beside a spoke.
const SPOKE_CHARS: usize = 20;
/// The longest series name in the legend.
const SERIES_CHARS: usize = 30;

/// A maturity radar of levels 0–4, one spoke per dimension (`axes`, 1 to 12 of them; more are
/// drawn but crowd): rings at levels 1 to 4, each labelled; the previous quarter as a grey
/// dashed outline with square markers; the current quarter as a solid blue outline with round
/// markers that carry the level's number; beside each spoke its (shortened) name and "3 (was
/// 2)". A legend names both series and their line style. A level missing (`None`, or `current`
/// or `previous` shorter than `axes`) lies at the centre, has no marker and reads "–"; with no
/// level at all a series draws no outline. One axis is a single spoke, two a line. No axes →
/// an SVG that says "No data".
pub fn radar_svg(
    title: &str,
    axes: &[&str],
    current: &[Option<u8>],
    previous: &[Option<u8>],
    current_label: &str,
    previous_label: &str,
) -> String {
    let title = chart_title(title, "Maturity radar");
    if axes.is_empty() {
        return no_data(&title, "No dimensions to show.");
    }
    let n = axes.len();
    let now: Vec<Option<u8>> = (0..n).map(|i| level_at(current, i)).collect();
    let was: Vec<Option<u8>> = (0..n).map(|i| level_at(previous, i)).collect();
    let has_now = now.iter().any(Option::is_some);
    let has_was = was.iter().any(Option::is_some);
    let now_name = short_name(current_label, SERIES_CHARS, "current");
    let was_name = short_name(previous_label, SERIES_CHARS, "previous");
    let now_full = full_name(current_label, "current");
    let was_full = full_name(previous_label, "previous");

    // The summary: how many assessed, the mean levels and the moves.
    let assessed = now.iter().flatten().count();
    let compared: Vec<(u8, u8)> = now.iter().zip(&was).filter_map(|(a, b)| a.zip(*b)).collect();
    let up = compared.iter().filter(|(a, b)| a > b).count();
    let down = compared.iter().filter(|(a, b)| a < b).count();
    let same = compared.len() - up - down;
    let mut summary = format!(
        "{assessed} assessed of {}: mean level {} in {now_full}",
        plural(n, "dimension", "dimensions"),
        mean_text(now.iter().flatten().copied()),
    );
    if has_was {
        let _ = write!(
            summary,
            ", {} in {was_full}; {up} up, {down} down, {same} unchanged",
            mean_text(was.iter().flatten().copied())
        );
    }
    let per_axis: Vec<String> = axes
        .iter()
        .zip(now.iter().zip(&was))
        .map(|(axis, (a, b))| {
            let mut words = format!("{} {}", full_name(axis, "(unnamed)"), level_text(*a));
            if has_was {
                let _ = write!(words, " (was {})", level_text(*b));
            }
            words
        })
        .collect();
    let description = format!(
        "Maturity levels 0 to 4 per dimension, {now_full} against {was_full}. {summary}. {}.",
        per_axis.join("; ")
    );

    let height = RADAR_CY as i32 + RADAR_RADIUS as i32 + 112;
    let mut svg = open(WIDTH, height, &title, &description, &summary);
    let (cx, cy, radius) = (RADAR_CX, RADAR_CY, RADAR_RADIUS);
    let max = f64::from(MAX_LEVEL);

    // Rings at levels 1 to 4: polygons from three axes on, circles below.
    for level in 1..=MAX_LEVEL {
        let width = if level == MAX_LEVEL { 1.5 } else { 1.0 };
        if n >= 3 {
            let ring = radar_points(&vec![Some(f64::from(level)); n], max, cx, cy, radius);
            let _ = writeln!(
                svg,
                r##"<polygon class="ring" data-level="{level}" points="{}" fill="none" stroke="{RING}" stroke-width="{width}"/>"##,
                points(&ring)
            );
        } else {
            let _ = writeln!(
                svg,
                r##"<circle class="ring" data-level="{level}" cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="none" stroke="{RING}" stroke-width="{width}"/>"##,
                r = radius * f64::from(level) / max,
            );
        }
    }
    // One spoke per axis.
    let outer = radar_points(&vec![Some(max); n], max, cx, cy, radius);
    for end in &outer {
        let _ = writeln!(
            svg,
            r##"<line class="spoke" x1="{cx:.1}" y1="{cy:.1}" x2="{:.1}" y2="{:.1}" stroke="{RING}" stroke-width="1"/>"##,
            end.0, end.1
        );
    }
    // The rings' levels, right of the first spoke, on a white halo.
    for level in 1..=MAX_LEVEL {
        let _ = writeln!(
            svg,
            r##"<text class="ring-label" x="{x:.1}" y="{y:.1}" font-size="10" fill="{MUTED}" stroke="{WHITE}" stroke-width="3" paint-order="stroke">{level}</text>"##,
            x = cx + 11.0,
            y = cy - radius * f64::from(level) / max + 3.5,
        );
    }

    let as_values =
        |levels: &[Option<u8>]| -> Vec<Option<f64>> { levels.iter().map(|l| l.map(f64::from)).collect() };
    let now_points = radar_points(&as_values(&now), max, cx, cy, radius);
    let was_points = radar_points(&as_values(&was), max, cx, cy, radius);

    // The outlines: the previous dashed under the current solid, the current one filled (a
    // line of two axes has no inside to fill).
    let outline = |svg: &mut String, class: &str, ps: &[(f64, f64)], fill: &str, style: &str| {
        let (element, fill) = match ps.len() {
            0 | 1 => return,
            2 => ("polyline", r#"fill="none""#.to_owned()),
            _ => ("polygon", fill.to_owned()),
        };
        let _ = writeln!(svg, r##"<{element} class="{class}" points="{}" {fill} {style}/>"##, points(ps));
    };
    if has_was {
        let style = format!(
            r##"stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="6 4" stroke-linejoin="round""##
        );
        outline(&mut svg, "previous", &was_points, r#"fill="none""#, &style);
    }
    if has_now {
        let fill = format!(r##"fill="{CURRENT}" fill-opacity="0.15""##);
        let style = format!(r##"stroke="{CURRENT}" stroke-width="2" stroke-linejoin="round""##);
        outline(&mut svg, "current", &now_points, &fill, &style);
    }

    // Per axis: its `<title>`, the previous marker, the current marker with its number, and the
    // name and levels beside the spoke.
    let labels_at = radar_points(&vec![Some(max); n], max, cx, cy, radius + 16.0);
    for (index, axis) in axes.iter().enumerate() {
        let mut words =
            format!("{}: level {} in {now_full}", full_name(axis, "(unnamed)"), level_text(now[index]));
        if has_was {
            let _ = write!(words, ", level {} in {was_full}", level_text(was[index]));
        }
        let _ = write!(svg, "<g class=\"axis\"><title>{}</title>", escape(&words));
        if was[index].is_some() {
            let (x, y) = was_points[index];
            let _ = write!(
                svg,
                r##"<rect class="previous-point" x="{:.1}" y="{:.1}" width="7" height="7" fill="{WHITE}" stroke="{PREVIOUS}" stroke-width="1.5"/>"##,
                x - 3.5,
                y - 3.5
            );
        }
        if let Some(level) = now[index] {
            let (x, y) = now_points[index];
            let _ = write!(
                svg,
                r##"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="8" fill="{CURRENT}" stroke="{WHITE}" stroke-width="1.5"/><text class="level" x="{x:.1}" y="{ty:.1}" font-size="10" font-weight="bold" text-anchor="middle" fill="{WHITE}">{level}</text>"##,
                ty = y + 3.5,
            );
        }
        // Left, right or centred on the spoke's end; above it at the top, below at the bottom.
        let (x, y) = labels_at[index];
        let (dx, dy) = ((x - cx) / (radius + 16.0), (y - cy) / (radius + 16.0));
        let anchor = if dx > 0.2 {
            "start"
        } else if dx < -0.2 {
            "end"
        } else {
            "middle"
        };
        let (name_y, levels_y) = if dy < -0.5 {
            (y - 14.0, y - 2.0)
        } else if dy > 0.5 {
            (y + 10.0, y + 22.0)
        } else {
            (y - 2.0, y + 11.0)
        };
        let mut levels = level_text(now[index]);
        if has_was {
            let _ = write!(levels, " (was {})", level_text(was[index]));
        }
        let _ = writeln!(
            svg,
            r##"<text class="axis-name" x="{x:.1}" y="{name_y:.1}" font-size="11" text-anchor="{anchor}" fill="{INK}">{name}</text><text class="axis-levels" x="{x:.1}" y="{levels_y:.1}" font-size="10" text-anchor="{anchor}" fill="{MUTED}">{levels}</text></g>"##,
            name = escape(&short_name(axis, SPOKE_CHARS, "(unnamed)")),
            levels = escape(&levels),
        );
    }

    // The legend: each series' line style drawn and said.
    let legend_y = f64::from(height - 58);
    let now_words = format!("{now_name} (solid line, level printed)");
    let was_words = if has_was {
        format!("{was_name} (dashed line)")
    } else {
        format!("{was_name} (dashed line): no levels")
    };
    let mut x = f64::from(LEFT);
    for (class, words) in [("legend-current", &now_words), ("legend-previous", &was_words)] {
        let mid = legend_y;
        if class == "legend-current" {
            let _ = write!(
                svg,
                r##"<g class="{class}"><line x1="{x:.1}" y1="{mid:.1}" x2="{x2:.1}" y2="{mid:.1}" stroke="{CURRENT}" stroke-width="2"/><circle cx="{mx:.1}" cy="{mid:.1}" r="4" fill="{CURRENT}"/>"##,
                x2 = x + 28.0,
                mx = x + 14.0,
            );
        } else {
            let _ = write!(
                svg,
                r##"<g class="{class}"><line x1="{x:.1}" y1="{mid:.1}" x2="{x2:.1}" y2="{mid:.1}" stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="6 4"/><rect x="{rx:.1}" y="{ry:.1}" width="7" height="7" fill="{WHITE}" stroke="{PREVIOUS}" stroke-width="1.5"/>"##,
                x2 = x + 28.0,
                rx = x + 10.5,
                ry = mid - 3.5,
            );
        }
        let _ = writeln!(
            svg,
            r##"<text x="{tx:.1}" y="{ty:.1}" font-size="12" fill="{INK}">{}</text></g>"##,
            escape(words),
            tx = x + 34.0,
            ty = mid + 4.0,
        );
        x += 34.0 + f64::from(text_width(words, 12.0)) + 24.0;
    }
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="{y:.1}" font-size="11" fill="{MUTED}">Rings mark levels 1 to 4; the centre is 0. A dimension without a level lies at the centre and reads –.</text>"##,
        y = legend_y + 28.0,
    );
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// The level trend

/// A series' marker at (x, y): a circle, square, triangle, diamond, hollow circle, hollow
/// square, downward triangle or cross, by the series' index.
fn marker(index: usize, (x, y): (f64, f64), colour: &str) -> String {
    match index % 8 {
        0 => format!(r##"<circle class="marker" cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"##),
        1 => format!(
            r##"<rect class="marker" x="{:.1}" y="{:.1}" width="7" height="7" fill="{colour}"/>"##,
            x - 3.5,
            y - 3.5
        ),
        2 => format!(
            r##"<path class="marker" d="M{} L{} L{} Z" fill="{colour}"/>"##,
            point((x, y - 5.0)),
            point((x + 4.5, y + 3.5)),
            point((x - 4.5, y + 3.5))
        ),
        3 => format!(
            r##"<path class="marker" d="M{} L{} L{} L{} Z" fill="{colour}"/>"##,
            point((x, y - 5.0)),
            point((x + 5.0, y)),
            point((x, y + 5.0)),
            point((x - 5.0, y))
        ),
        4 => format!(
            r##"<circle class="marker" cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{WHITE}" stroke="{colour}" stroke-width="2"/>"##
        ),
        5 => format!(
            r##"<rect class="marker" x="{:.1}" y="{:.1}" width="7" height="7" fill="{WHITE}" stroke="{colour}" stroke-width="2"/>"##,
            x - 3.5,
            y - 3.5
        ),
        6 => format!(
            r##"<path class="marker" d="M{} L{} L{} Z" fill="{colour}"/>"##,
            point((x, y + 5.0)),
            point((x + 4.5, y - 3.5)),
            point((x - 4.5, y - 3.5))
        ),
        _ => format!(
            r##"<path class="marker" d="M{} L{} M{} L{}" stroke="{colour}" stroke-width="2"/>"##,
            point((x - 4.0, y - 4.0)),
            point((x + 4.0, y + 4.0)),
            point((x - 4.0, y + 4.0)),
            point((x + 4.0, y - 4.0))
        ),
    }
}

/// The dash attribute of series `index` (nothing for the solid first).
fn dash(index: usize) -> String {
    match SERIES_DASHES[index % SERIES_DASHES.len()] {
        "" => String::new(),
        pattern => format!(r#" stroke-dasharray="{pattern}""#),
    }
}

/// Runs of consecutive indices with a level: a line breaks where a level is missing.
fn level_runs(levels: &[Option<u8>]) -> Vec<Vec<(usize, u8)>> {
    let mut runs: Vec<Vec<(usize, u8)>> = Vec::new();
    let mut in_run = false;
    for (index, level) in levels.iter().enumerate() {
        match level {
            Some(level) if in_run => runs.last_mut().expect("an open run").push((index, *level)),
            Some(level) => {
                runs.push(vec![(index, *level)]);
                in_run = true;
            }
            None => in_run = false,
        }
    }
    runs
}

/// Where the end labels go: their wanted heights moved apart by `gap` at least, kept between
/// `top` and `bottom` where they fit; in the order given.
fn spread(wanted: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|a, b| wanted[*a].total_cmp(&wanted[*b]).then(a.cmp(b)));
    let mut placed: Vec<f64> = Vec::with_capacity(order.len());
    for &index in &order {
        let y = match placed.last() {
            Some(last) => wanted[index].max(last + gap),
            None => wanted[index].max(top),
        };
        placed.push(y);
    }
    // Past the bottom: push back up from the last, no higher than the top.
    if let Some(last) = placed.last_mut() {
        *last = last.min(bottom);
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        placed[k] = placed[k].min(placed[k + 1] - gap).max(top);
    }
    let mut out = vec![0.0; wanted.len()];
    for (slot, &index) in order.iter().enumerate() {
        out[index] = placed[slot];
    }
    out
}

/// The longest period name under the x axis.
const PERIOD_CHARS: usize = 16;
/// The longest series name at a line's end and in the legend.
const TREND_NAME_CHARS: usize = 18;
const PLOT_HEIGHT: f64 = 200.0;

/// Each dimension's (or team's) level over the last quarters: x = `periods`, y = level 0–4
/// with a grid line and label at each level, one line per series with its own colour, marker
/// and dash pattern, broken where a level is `None` (a lone level is a marker alone), ending in
/// a label with the series' name and its last level; a legend under the chart shows each
/// series' line and marker. A series shorter than `periods` is missing in the rest; levels
/// beyond the periods are not drawn. No periods or no series → an SVG that says "No data".
pub fn level_trend_svg(title: &str, periods: &[&str], series: &[(&str, Vec<Option<u8>>)]) -> String {
    let title = chart_title(title, "Maturity level by quarter");
    if periods.is_empty() || series.is_empty() {
        let why = if periods.is_empty() { "No periods to show." } else { "No dimensions to show." };
        return no_data(&title, why);
    }
    let count = periods.len();
    let grid: Vec<Vec<Option<u8>>> =
        series.iter().map(|(_, levels)| (0..count).map(|i| level_at(levels, i)).collect()).collect();
    let names: Vec<String> =
        series.iter().map(|(name, _)| short_name(name, TREND_NAME_CHARS, "(unnamed)")).collect();
    let lasts: Vec<Option<(usize, u8)>> = grid
        .iter()
        .map(|levels| levels.iter().enumerate().rev().find_map(|(i, l)| l.map(|l| (i, l))))
        .collect();
    let end_labels: Vec<String> = names
        .iter()
        .zip(&lasts)
        .map(|(name, last)| match last {
            Some((index, level)) if index + 1 == count => format!("{name} {level}"),
            Some((index, level)) => format!("{name} {level} ({})", short_name(periods[*index], 10, "?")),
            None => format!("{name} –"),
        })
        .collect();

    let first = periods.first().map_or(String::new(), |p| full_name(p, "(unnamed)"));
    let last = periods.last().map_or(String::new(), |p| full_name(p, "(unnamed)"));
    let span = if count == 1 { first.clone() } else { format!("{first} to {last}") };
    let summary = format!(
        "{} over {} ({span}), levels 0 to 4",
        plural(series.len(), "series", "series"),
        plural(count, "period", "periods"),
    );
    let per_series: Vec<String> = series
        .iter()
        .zip(&grid)
        .map(|((name, _), levels)| {
            let values: Vec<String> = periods
                .iter()
                .zip(levels)
                .map(|(period, level)| format!("{} {}", full_name(period, "(unnamed)"), level_text(*level)))
                .collect();
            format!("{}: {}", full_name(name, "(unnamed)"), values.join(", "))
        })
        .collect();
    let description = format!("{summary}. {}.", per_series.join("; "));

    // The plot's box: y labels and title on the left, the end labels on the right.
    let end_room = end_labels.iter().map(|l| text_width(l, 11.0)).max().unwrap_or(0).clamp(40, 190) + 36;
    let (left, right) = (58.0, f64::from(WIDTH - RIGHT - end_room));
    let top = f64::from(TOP + 14);
    let bottom = top + PLOT_HEIGHT;
    let step = (right - left) / count as f64;
    let x = |index: usize| left + (index as f64 + 0.5) * step;
    let y = |level: u8| bottom - f64::from(level) / f64::from(MAX_LEVEL) * PLOT_HEIGHT;
    let shown_periods: Vec<String> =
        periods.iter().map(|p| short_name(p, PERIOD_CHARS, "(unnamed)")).collect();
    let widest_period = shown_periods.iter().map(|p| text_width(p, 11.0)).max().unwrap_or(0);
    let rotate = f64::from(widest_period + 6) > step;
    let period_room = if rotate { (f64::from(widest_period) * 0.643).ceil() as i32 + 22 } else { 24 };

    // The legend rows: a line sample with its marker and the name, wrapped to the width.
    let mut rows: Vec<Vec<(i32, usize)>> = vec![Vec::new()];
    let mut lx = LEFT;
    for (index, name) in names.iter().enumerate() {
        let width = 40 + text_width(name, 12.0) + 18;
        if lx + width > WIDTH - RIGHT && lx > LEFT {
            rows.push(Vec::new());
            lx = LEFT;
        }
        rows.last_mut().expect("a row").push((lx, index));
        lx += width;
    }
    let legend_top = bottom as i32 + period_room + 16;
    let height = legend_top + rows.len() as i32 * 20 + 8;

    let mut svg = open(WIDTH, height, &title, &description, &summary);
    // The grid and the levels.
    for level in 0..=MAX_LEVEL {
        let stroke = if level == 0 { AXIS } else { GRID };
        let _ = writeln!(
            svg,
            r##"<line class="grid" x1="{left:.1}" y1="{yy:.1}" x2="{right:.1}" y2="{yy:.1}" stroke="{stroke}" stroke-width="1"/><text class="tick" x="{tx:.1}" y="{ty:.1}" font-size="11" text-anchor="end" fill="{MUTED}">{level}</text>"##,
            yy = y(level),
            tx = left - 8.0,
            ty = y(level) + 4.0,
        );
    }
    let _ = writeln!(
        svg,
        r##"<text class="axis-title" x="{tx:.1}" y="{ty:.1}" font-size="11" text-anchor="middle" fill="{MUTED}" transform="rotate(-90 {tx:.1} {ty:.1})">maturity level</text>"##,
        tx = 22.0,
        ty = (top + bottom) / 2.0,
    );
    // The periods under the axis, turned when they would crowd.
    for (index, name) in shown_periods.iter().enumerate() {
        let (px, py) = (x(index), bottom + 16.0);
        if rotate {
            let _ = writeln!(
                svg,
                r##"<text class="period" x="{px:.1}" y="{py:.1}" font-size="11" text-anchor="end" fill="{INK}" transform="rotate(-40 {px:.1} {py:.1})">{}</text>"##,
                escape(name)
            );
        } else {
            let _ = writeln!(
                svg,
                r##"<text class="period" x="{px:.1}" y="{py:.1}" font-size="11" text-anchor="middle" fill="{INK}">{}</text>"##,
                escape(name)
            );
        }
    }

    // The lines, then the markers over them.
    for (index, levels) in grid.iter().enumerate() {
        let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
        let _ = write!(svg, r##"<g class="series" data-series="{index}">"##);
        for run in level_runs(levels) {
            if run.len() > 1 {
                let line: Vec<(f64, f64)> = run.iter().map(|&(i, l)| (x(i), y(l))).collect();
                let _ = write!(
                    svg,
                    r##"<polyline class="line" points="{}" fill="none" stroke="{colour}" stroke-width="2"{} stroke-linejoin="round"/>"##,
                    points(&line),
                    dash(index)
                );
            }
        }
        for (period, level) in levels.iter().enumerate() {
            if let Some(level) = level {
                let _ = write!(
                    svg,
                    "<g><title>{}, {}: level {level}</title>{}</g>",
                    escape(&full_name(series[index].0, "(unnamed)")),
                    escape(&full_name(periods[period], "(unnamed)")),
                    marker(index, (x(period), y(*level)), colour)
                );
            }
        }
        svg.push_str("</g>\n");
    }

    // The end labels right of the plot, each with its series' marker, moved apart where they
    // would overlap; a line that runs to the last period is joined to its label (one that ends
    // earlier is not, lest the join read as levels, and its label names its last period).
    let ended: Vec<(usize, usize, u8)> =
        lasts.iter().enumerate().filter_map(|(s, last)| last.map(|(i, l)| (s, i, l))).collect();
    let wanted: Vec<f64> = ended.iter().map(|&(_, _, l)| y(l)).collect();
    let placed = spread(&wanted, 13.0, top - 6.0, bottom + 4.0);
    for (&(index, period, level), label_y) in ended.iter().zip(&placed) {
        let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
        if period + 1 == count {
            let _ = write!(
                svg,
                r##"<line class="leader" x1="{x1:.1}" y1="{py:.1}" x2="{x2:.1}" y2="{label_y:.1}" stroke="{colour}" stroke-width="0.75" stroke-dasharray="1 2"/>"##,
                x1 = x(period) + 6.0,
                py = y(level),
                x2 = right + 9.0,
            );
        }
        let _ = writeln!(
            svg,
            r##"<g class="end">{marker}<text class="end-label" x="{tx:.1}" y="{ty:.1}" font-size="11" fill="{INK}">{words}</text></g>"##,
            marker = marker(index, (right + 16.0, *label_y), colour),
            tx = right + 25.0,
            ty = label_y + 4.0,
            words = escape(&end_labels[index]),
        );
    }

    // The legend.
    for (row, entries) in rows.iter().enumerate() {
        let mid = f64::from(legend_top + row as i32 * 20 + 7);
        for &(lx, index) in entries {
            let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
            let lx = f64::from(lx);
            let _ = writeln!(
                svg,
                r##"<g class="legend"><line x1="{lx:.1}" y1="{mid:.1}" x2="{x2:.1}" y2="{mid:.1}" stroke="{colour}" stroke-width="2"{dash}/>{marker}<text x="{tx:.1}" y="{ty:.1}" font-size="12" fill="{INK}">{name}</text></g>"##,
                x2 = lx + 34.0,
                dash = dash(index),
                marker = marker(index, (lx + 17.0, mid), colour),
                tx = lx + 40.0,
                ty = mid + 4.0,
                name = escape(&names[index]),
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// The heat map

const CELL_WIDTH: i32 = 44;
const CELL_HEIGHT: i32 = 26;
const CELL_GAP: i32 = 3;
/// The longest column name over the grid (turned 45°) and row name beside it.
const COLUMN_CHARS: usize = 28;
const ROW_CHARS: usize = 32;

/// Teams (`rows`) × dimensions (`columns`), each cell shaded by its level, lighter for lower,
/// with the level's number printed in it and "–" on a white dashed cell where there is none;
/// the column names turned 45° so long ones fit; a legend of the levels 0–4 and "not assessed",
/// each with how many cells have it. A row with fewer levels than columns is missing in the
/// rest; levels beyond the columns (and rows of `levels` beyond `rows`) are not drawn. No rows
/// or no columns → an SVG that says "No data".
pub fn level_heatmap_svg(title: &str, rows: &[&str], columns: &[&str], levels: &[Vec<Option<u8>>]) -> String {
    let title = chart_title(title, "Maturity by team and dimension");
    if rows.is_empty() || columns.is_empty() {
        let why = if rows.is_empty() { "No teams to show." } else { "No dimensions to show." };
        return no_data(&title, why);
    }
    let grid: Vec<Vec<Option<u8>>> = (0..rows.len())
        .map(|r| {
            let row = levels.get(r).map_or(&[][..], Vec::as_slice);
            (0..columns.len()).map(|c| level_at(row, c)).collect()
        })
        .collect();
    let row_names: Vec<String> = rows.iter().map(|r| short_name(r, ROW_CHARS, "(unnamed)")).collect();
    let column_names: Vec<String> =
        columns.iter().map(|c| short_name(c, COLUMN_CHARS, "(unnamed)")).collect();

    let counts: Vec<usize> =
        (0..=MAX_LEVEL).map(|l| grid.iter().flatten().filter(|v| **v == Some(l)).count()).collect();
    let missing = grid.iter().flatten().filter(|v| v.is_none()).count();
    let assessed = rows.len() * columns.len() - missing;
    let summary = format!(
        "{} × {}: {assessed} assessed, mean level {}",
        plural(rows.len(), "team", "teams"),
        plural(columns.len(), "dimension", "dimensions"),
        mean_text(grid.iter().flatten().flatten().copied()),
    );
    let per_row: Vec<String> = rows
        .iter()
        .zip(&grid)
        .map(|(row, cells)| {
            let cells: Vec<String> = columns
                .iter()
                .zip(cells)
                .map(|(column, level)| format!("{} {}", full_name(column, "(unnamed)"), level_text(*level)))
                .collect();
            format!("{}: {}", full_name(row, "(unnamed)"), cells.join(", "))
        })
        .collect();
    let description = format!("{summary}. Levels 0 to 4, – not assessed. {}.", per_row.join("; "));

    // The legend's entries: a swatch with the level and "(n)".
    let mut legend: Vec<(Option<usize>, String)> =
        (0..=MAX_LEVEL as usize).map(|l| (Some(l), format!("level {l} ({})", counts[l]))).collect();
    legend.push((None, format!("not assessed ({missing})")));
    let legend_width: i32 = legend.iter().map(|(_, words)| 24 + text_width(words, 12.0) + 14).sum();

    let label_width = row_names.iter().map(|n| text_width(n, 12.0) + 16).max().unwrap_or(0).clamp(100, 260);
    let widest_column = column_names.iter().map(|c| text_width(c, 11.0)).max().unwrap_or(0);
    // A name turned 45° rises and reaches right by its width over √2.
    let reach = (f64::from(widest_column) * std::f64::consts::FRAC_1_SQRT_2).ceil() as i32;
    let header = reach + 16;
    let grid_left = LEFT + label_width;
    let grid_top = TOP + header;
    let pitch = CELL_WIDTH + CELL_GAP;
    let grid_width = columns.len() as i32 * pitch - CELL_GAP;
    let width = (grid_left + grid_width + RIGHT)
        .max(grid_left + (columns.len() as i32 - 1) * pitch + CELL_WIDTH / 2 + reach + RIGHT)
        .max(LEFT + legend_width + RIGHT)
        .max(LEFT + text_width(&title, 15.0) + RIGHT)
        .max(LEFT + text_width(&summary, 11.0) + RIGHT)
        .max(360);
    let grid_bottom = grid_top + rows.len() as i32 * (CELL_HEIGHT + CELL_GAP) - CELL_GAP;
    let legend_y = grid_bottom + 18;
    let height = legend_y + 34;

    let mut svg = open(width, height, &title, &description, &summary);
    for (column, name) in column_names.iter().enumerate() {
        let (cx, cy) = (grid_left + column as i32 * pitch + CELL_WIDTH / 2, grid_top - 8);
        let _ = writeln!(
            svg,
            r##"<text class="column" x="{cx}" y="{cy}" font-size="11" fill="{INK}" transform="rotate(-45 {cx} {cy})">{}</text>"##,
            escape(name)
        );
    }
    for (index, (name, cells)) in row_names.iter().zip(&grid).enumerate() {
        let y = grid_top + index as i32 * (CELL_HEIGHT + CELL_GAP);
        let _ = writeln!(
            svg,
            r##"<text class="row" x="{LEFT}" y="{}" font-size="12" fill="{INK}">{}</text>"##,
            y + CELL_HEIGHT / 2 + 4,
            escape(name)
        );
        for (column, level) in cells.iter().enumerate() {
            let x = grid_left + column as i32 * pitch;
            let words = match level {
                Some(l) => format!("level {l}"),
                None => "not assessed".to_owned(),
            };
            let (fill, ink, data) = match level {
                Some(l) => (LEVEL_FILL[*l as usize], LEVEL_INK[*l as usize], l.to_string()),
                None => (WHITE, MUTED, "none".to_owned()),
            };
            let dashes = if level.is_none() { r#" stroke-dasharray="3 2""# } else { "" };
            let _ = writeln!(
                svg,
                r##"<g><title>{row}, {column}: {words}</title><rect class="cell" data-level="{data}" x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" rx="3" fill="{fill}" stroke="{RING}" stroke-width="1"{dashes}/><text x="{tx}" y="{ty}" font-size="12" font-weight="bold" text-anchor="middle" fill="{ink}">{mark}</text></g>"##,
                row = escape(&full_name(rows[index], "(unnamed)")),
                column = escape(&full_name(columns[column], "(unnamed)")),
                tx = x + CELL_WIDTH / 2,
                ty = y + CELL_HEIGHT / 2 + 4,
                mark = level_text(*level),
            );
        }
    }

    let mut x = LEFT;
    for (level, words) in &legend {
        match level {
            Some(l) => level_swatch(&mut svg, x, legend_y, 18, *l),
            None => {
                let _ = write!(
                    svg,
                    r##"<rect x="{x}" y="{legend_y}" width="18" height="18" rx="3" fill="{WHITE}" stroke="{RING}" stroke-width="1" stroke-dasharray="3 2"/><text x="{tx}" y="{ty}" font-size="11" font-weight="bold" text-anchor="middle" fill="{MUTED}">–</text>"##,
                    tx = x + 9,
                    ty = legend_y + 13,
                );
            }
        }
        let _ = writeln!(
            svg,
            r##"<text class="legend" x="{tx}" y="{ty}" font-size="12" fill="{INK}">{}</text>"##,
            escape(words),
            tx = x + 24,
            ty = legend_y + 13,
        );
        x += 24 + text_width(words, 12.0) + 14;
    }
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// The distribution of levels

/// The smallest whole step of 1, 2 or 5 times a power of ten that reaches `most` in four.
fn count_step(most: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if step * 4 >= most {
                return step;
            }
        }
        power *= 10;
    }
}

/// How many (team, dimension) assessments sit at each level 0–4: one bar per level, shaded as
/// the heat map shades it, its count printed over it; the x axis "maturity level", the y axis
/// "assessments" with whole-number ticks. All counts zero → an SVG that says "No data".
pub fn level_distribution_svg(title: &str, counts: &[u32; 5]) -> String {
    let title = chart_title(title, "Assessments per maturity level");
    let total: u64 = counts.iter().map(|c| u64::from(*c)).sum();
    if total == 0 {
        return no_data(&title, "No assessments to count.");
    }
    let weighted: u64 = counts.iter().enumerate().map(|(l, c)| l as u64 * u64::from(*c)).sum();
    let summary = format!(
        "{}, mean level {:.1}",
        plural(total as usize, "assessment", "assessments"),
        weighted as f64 / total as f64
    );
    let share = |c: u32| format!("{:.0}%", f64::from(c) * 100.0 / total as f64);
    let description = format!(
        "{summary}. {}.",
        counts
            .iter()
            .enumerate()
            .map(|(l, c)| format!("level {l}: {c} ({})", share(*c)))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let most = u64::from(counts.iter().copied().max().unwrap_or(0));
    let step = count_step(most);
    let high = step * most.div_ceil(step).max(1);
    let (left, right) = (f64::from(62 + text_width(&high.to_string(), 11.0)), f64::from(WIDTH - RIGHT - 12));
    let top = f64::from(TOP + 20);
    let bottom = top + 220.0;
    let height = bottom as i32 + 56;
    let slot = (right - left) / 5.0;
    let y = |v: u64| bottom - v as f64 / high as f64 * (bottom - top);

    let mut svg = open(WIDTH, height, &title, &description, &summary);
    let mut tick = 0;
    while tick <= high {
        let _ = writeln!(
            svg,
            r##"<line class="grid" x1="{left:.1}" y1="{yy:.1}" x2="{right:.1}" y2="{yy:.1}" stroke="{stroke}" stroke-width="1"/><text class="tick" x="{tx:.1}" y="{ty:.1}" font-size="11" text-anchor="end" fill="{MUTED}">{tick}</text>"##,
            yy = y(tick),
            stroke = if tick == 0 { AXIS } else { GRID },
            tx = left - 8.0,
            ty = y(tick) + 4.0,
        );
        tick += step;
    }
    for (level, count) in counts.iter().enumerate() {
        let x = left + slot * level as f64 + slot * 0.2;
        let w = slot * 0.6;
        let top_y = y(u64::from(*count));
        let _ = write!(svg, r##"<g><title>Level {level}: {count} of {total} ({})</title>"##, share(*count));
        if *count > 0 {
            let _ = write!(
                svg,
                r##"<rect class="bar" data-level="{level}" x="{x:.1}" y="{top_y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{AXIS}" stroke-width="1"/>"##,
                h = bottom - top_y,
                fill = LEVEL_FILL[level],
            );
        }
        let _ = writeln!(
            svg,
            r##"<text class="count" x="{tx:.1}" y="{ty:.1}" font-size="12" font-weight="bold" text-anchor="middle" fill="{INK}">{count}</text><text class="level" x="{tx:.1}" y="{ly:.1}" font-size="12" text-anchor="middle" fill="{INK}">{level}</text></g>"##,
            tx = x + w / 2.0,
            ty = top_y - 6.0,
            ly = bottom + 17.0,
        );
    }
    let _ = writeln!(
        svg,
        r##"<text class="axis-title" x="{tx:.1}" y="{ty}" font-size="11" text-anchor="middle" fill="{MUTED}">maturity level</text>"##,
        tx = (left + right) / 2.0,
        ty = height - 12,
    );
    let _ = writeln!(
        svg,
        r##"<text class="axis-title" x="22.0" y="{ty:.1}" font-size="11" text-anchor="middle" fill="{MUTED}" transform="rotate(-90 22.0 {ty:.1})">assessments</text>"##,
        ty = (top + bottom) / 2.0,
    );
    svg.push_str("</svg>\n");
    svg
}

// ---------------------------------------------------------------------------------------------
// KPI attainment

const ROW: i32 = 24;
const ROW_GAP: i32 = 8;
/// The narrowest segment drawn for a non-zero count, so its number has room.
const MIN_SEGMENT: f64 = 18.0;

/// Per team (`(name, green, amber, red, no data)`, in the order given) a horizontal bar of its
/// KPIs' states stacked green, amber, red, no data, each segment with its count and, where it
/// fits, its letter (G, A, R, –); the team's total at the bar's end; a legend of the letters
/// and states with their counts. Bars share one scale, the longest total the full width. No
/// teams → an SVG that says "No data".
pub fn attainment_svg(title: &str, teams: &[(&str, u32, u32, u32, u32)]) -> String {
    let title = chart_title(title, "KPI attainment by team");
    if teams.is_empty() {
        return no_data(&title, "No teams to show.");
    }
    let values: Vec<[u32; 4]> = teams.iter().map(|&(_, g, a, r, n)| [g, a, r, n]).collect();
    let totals: Vec<u64> = values.iter().map(|v| v.iter().map(|c| u64::from(*c)).sum()).collect();
    let sums: Vec<u64> = (0..4).map(|s| values.iter().map(|v| u64::from(v[s])).sum()).collect();
    let all: u64 = sums.iter().sum();
    let in_words = |counts: &[u64]| {
        STATES
            .iter()
            .zip(counts)
            .map(|((_, word, _, _), n)| format!("{n} {}", word.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = format!(
        "{}, {}: {}",
        plural(teams.len(), "team", "teams"),
        plural(all as usize, "KPI", "KPIs"),
        in_words(&sums)
    );
    let row_words: Vec<String> = values
        .iter()
        .zip(&totals)
        .map(|(v, total)| {
            let counts: Vec<u64> = v.iter().map(|c| u64::from(*c)).collect();
            format!("{} ({})", in_words(&counts), plural(*total as usize, "KPI", "KPIs"))
        })
        .collect();
    let description = format!(
        "{summary}. {}.",
        teams
            .iter()
            .zip(&row_words)
            .map(|((name, ..), words)| format!("{}: {words}", full_name(name, "(unnamed)")))
            .collect::<Vec<_>>()
            .join("; ")
    );

    let names: Vec<String> = teams.iter().map(|(name, ..)| short_name(name, 30, "(unnamed)")).collect();
    let totals_text: Vec<String> = totals
        .iter()
        .map(|t| if *t == 0 { "no KPIs".to_owned() } else { plural(*t as usize, "KPI", "KPIs") })
        .collect();
    let name_column = names.iter().map(|n| text_width(n, 12.0) + 14).max().unwrap_or(0).clamp(90, 210);
    let total_room = totals_text.iter().map(|t| text_width(t, 12.0)).max().unwrap_or(0) + 16;
    let bar_left = f64::from(LEFT + name_column);
    // Room kept for segments widened to the narrowest.
    let span = f64::from(WIDTH - RIGHT - total_room) - bar_left - 3.0 * MIN_SEGMENT;
    let widest = totals.iter().copied().max().unwrap_or(0).max(1) as f64;

    let row_top = |index: usize| TOP + index as i32 * (ROW + ROW_GAP);
    let bottom = row_top(teams.len()) - ROW_GAP;
    let legend_y = bottom + 18;
    let height = legend_y + 34;
    let mut svg = open(WIDTH, height, &title, &description, &summary);
    for (index, ((name, counts), (words, total))) in
        names.iter().zip(&values).zip(row_words.iter().zip(&totals_text)).enumerate()
    {
        let y = row_top(index);
        let _ = write!(
            svg,
            r##"<g><title>{}: {}</title><text x="{LEFT}" y="{ty}" font-size="12" fill="{INK}">{}</text>"##,
            escape(&full_name(teams[index].0, "(unnamed)")),
            escape(words),
            escape(name),
            ty = y + ROW / 2 + 4,
        );
        let mut x = bar_left;
        for ((letter, word, fill, ink), count) in STATES.iter().zip(counts) {
            if *count == 0 {
                continue;
            }
            let w = (f64::from(*count) / widest * span).max(MIN_SEGMENT);
            let full = format!("{letter} {count}");
            let text = if f64::from(text_width(&full, 11.0)) + 8.0 <= w { full } else { count.to_string() };
            let _ = write!(
                svg,
                r##"<rect class="segment" data-state="{state}" x="{x:.1}" y="{y}" width="{w:.1}" height="{ROW}" fill="{fill}" stroke="{WHITE}" stroke-width="1"/><text class="count" x="{tx:.1}" y="{ty}" font-size="11" font-weight="bold" text-anchor="middle" fill="{ink}">{text}</text>"##,
                state = word.to_lowercase(),
                tx = x + w / 2.0,
                ty = y + ROW / 2 + 4,
            );
            x += w;
        }
        let _ = writeln!(
            svg,
            r##"<text class="total" x="{tx:.1}" y="{ty}" font-size="12" fill="{ink}">{total}</text></g>"##,
            tx = x + 6.0,
            ty = y + ROW / 2 + 4,
            ink = if counts.iter().all(|c| *c == 0) { MUTED } else { INK },
        );
    }
    let mut x = LEFT;
    for ((letter, word, fill, ink), n) in STATES.iter().zip(&sums) {
        let words = format!("{word} ({n})");
        let _ = writeln!(
            svg,
            r##"<rect x="{x}" y="{legend_y}" width="18" height="18" rx="3" fill="{fill}"/><text x="{mx}" y="{my}" font-size="11" font-weight="bold" text-anchor="middle" fill="{ink}">{letter}</text><text class="legend" x="{tx}" y="{my}" font-size="12" fill="{INK}">{words}</text>"##,
            mx = x + 9,
            my = legend_y + 13,
            tx = x + 24,
        );
        x += 24 + text_width(&words, 12.0) + 14;
    }
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

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    const AXES: [&str; 5] = ["Data quality", "Monitoring", "Reproducibility", "Fairness", "Documentation"];
    const NOW: [Option<u8>; 5] = [Some(3), Some(2), None, Some(4), Some(1)];
    const WAS: [Option<u8>; 5] = [Some(2), Some(2), Some(1), Some(3), None];

    fn radar() -> String {
        radar_svg("Payments maturity", &AXES, &NOW, &WAS, "2026-Q2", "2026-Q1")
    }

    const PERIODS: [&str; 4] = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"];

    fn trend_series() -> Vec<(&'static str, Vec<Option<u8>>)> {
        vec![
            ("Data quality", vec![Some(1), Some(2), Some(2), Some(3)]),
            ("Monitoring", vec![Some(0), None, Some(2), Some(2)]),
            ("Fairness", vec![None, Some(1), None, None]),
        ]
    }

    const TEAMS: [&str; 3] = ["Payments", "Search", "Risk models"];

    fn heat_levels() -> Vec<Vec<Option<u8>>> {
        vec![
            vec![Some(0), Some(1), Some(2), Some(3), Some(4)],
            vec![Some(2), None, Some(3), Some(3), Some(1)],
            // Too short: the last two are missing.
            vec![Some(4), Some(4), Some(2)],
        ]
    }

    fn attainment_teams() -> Vec<(&'static str, u32, u32, u32, u32)> {
        vec![("Payments", 5, 2, 1, 0), ("Search", 0, 1, 3, 2), ("Risk models", 0, 0, 0, 0)]
    }

    #[test]
    fn radar_points_on_four_axes_are_a_square_exactly() {
        let full = radar_points(&[Some(4.0); 4], 4.0, 100.0, 100.0, 50.0);
        assert_eq!(full, [(100.0, 50.0), (150.0, 100.0), (100.0, 150.0), (50.0, 100.0)]);
        let half = radar_points(&[Some(2.0), Some(1.0), Some(3.0), Some(0.0)], 4.0, 0.0, 0.0, 40.0);
        assert_eq!(half, [(0.0, -20.0), (10.0, 0.0), (0.0, 30.0), (0.0, 0.0)]);
    }

    #[test]
    fn radar_points_on_three_axes_go_clockwise_from_the_top() {
        let ps = radar_points(&[Some(1.0); 3], 1.0, 0.0, 0.0, 10.0);
        let h = 10.0 * 3f64.sqrt() / 2.0;
        assert!(close(ps[0], (0.0, -10.0)), "{ps:?}");
        // Clockwise on screen (y down): the second to the lower right, the third lower left.
        assert!(close(ps[1], (h, 5.0)), "{ps:?}");
        assert!(close(ps[2], (-h, 5.0)), "{ps:?}");
    }

    #[test]
    fn radar_points_clamp_and_put_missing_values_at_the_centre() {
        let ps = radar_points(&[Some(9.0), Some(-2.0), None, Some(f64::NAN)], 4.0, 10.0, 20.0, 8.0);
        assert_eq!(ps, [(10.0, 12.0), (10.0, 20.0), (10.0, 20.0), (10.0, 20.0)]);
        // An infinite value is held to the rim; a useless max puts everything at the centre.
        assert_eq!(radar_points(&[Some(f64::INFINITY)], 4.0, 0.0, 0.0, 5.0), [(0.0, -5.0)]);
        for max in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(radar_points(&[Some(2.0), Some(3.0)], max, 1.0, 2.0, 5.0), [(1.0, 2.0); 2]);
        }
    }

    #[test]
    fn radar_points_with_one_or_no_axes() {
        assert_eq!(radar_points(&[Some(2.0)], 4.0, 50.0, 50.0, 40.0), [(50.0, 30.0)]);
        assert_eq!(radar_points(&[None], 4.0, 50.0, 50.0, 40.0), [(50.0, 50.0)]);
        assert!(radar_points(&[], 4.0, 50.0, 50.0, 40.0).is_empty());
        // Two axes: straight up and straight down.
        assert_eq!(radar_points(&[Some(4.0); 2], 4.0, 0.0, 0.0, 1.0), [(0.0, -1.0), (0.0, 1.0)]);
    }

    #[test]
    fn the_radar_names_its_axes_prints_levels_and_rings() {
        let svg = radar();
        assert_well_formed(&svg);
        assert!(
            svg.contains("<title>Payments maturity</title>")
                && svg.contains("aria-label=\"Payments maturity\"")
        );
        assert!(svg.contains("<desc>Maturity levels 0 to 4 per dimension, 2026-Q2 against 2026-Q1."));
        for axis in ["Data quality", "Monitoring", "Reproducibility", "Fairness", "Documentation"] {
            assert!(svg.contains(&text(axis)), "{axis} missing");
        }
        for levels in ["3 (was 2)", "2 (was 2)", "– (was 1)", "4 (was 3)", "1 (was –)"] {
            assert!(svg.contains(&text(levels)), "{levels} missing");
        }
        // Four rings (polygons from three axes on), each labelled; one spoke per axis.
        assert_eq!(svg.matches("<polygon class=\"ring\"").count(), 4);
        assert_eq!(svg.matches("class=\"spoke\"").count(), 5);
        for level in 1..=4 {
            assert!(svg.contains(&format!("paint-order=\"stroke\">{level}</text>")), "ring {level}");
        }
        assert_eq!(svg.matches("class=\"ring-label\"").count(), 4);
        // A marker with its number per current level; the missing one has none.
        assert_eq!(svg.matches("<circle class=\"point\"").count(), 4);
        for level in ["3", "2", "4", "1"] {
            assert!(svg.contains(&format!("fill=\"{WHITE}\">{level}</text>")), "level {level} not printed");
        }
        assert_eq!(svg.matches("class=\"previous-point\"").count(), 4);
        assert!(svg.contains("<title>Reproducibility: level – in 2026-Q2, level 1 in 2026-Q1</title>"));
        assert!(svg.contains(
            "4 assessed of 5 dimensions: mean level 2.5 in 2026-Q2, 2.0 in 2026-Q1; 2 up, 0 down, 1 unchanged"
        ));
    }

    #[test]
    fn the_previous_quarter_is_dashed_and_the_legend_says_so() {
        let svg = radar();
        let previous = svg.find("<polygon class=\"previous\"").expect("a previous outline");
        let tag = &svg[previous..previous + svg[previous..].find("/>").unwrap()];
        assert!(
            tag.contains("stroke-dasharray=\"6 4\"") && tag.contains(&format!("stroke=\"{PREVIOUS}\"")),
            "{tag}"
        );
        let current = svg.find("<polygon class=\"current\"").expect("a current outline");
        let tag = &svg[current..current + svg[current..].find("/>").unwrap()];
        assert!(!tag.contains("stroke-dasharray") && tag.contains(&format!("stroke=\"{CURRENT}\"")), "{tag}");
        // The previous outline is under the current one.
        assert!(previous < current);
        assert!(svg.contains(&text("2026-Q2 (solid line, level printed)")));
        assert!(svg.contains(&text("2026-Q1 (dashed line)")));
        let legend = &svg[svg.find("class=\"legend-previous\"").unwrap()..];
        assert!(legend[..legend.find("</g>").unwrap()].contains("stroke-dasharray=\"6 4\""));

        // No previous levels: no dashed outline, and the legend says there are none.
        let alone = radar_svg("Alone", &AXES, &NOW, &[], "now", "before");
        assert_well_formed(&alone);
        assert!(!alone.contains("class=\"previous\"") && !alone.contains("class=\"previous-point\""));
        assert!(alone.contains(&text("before (dashed line): no levels")));
        assert!(alone.contains(&text("3")) && !alone.contains("(was"));
    }

    #[test]
    fn the_radar_draws_one_two_and_twelve_axes() {
        let one = radar_svg("One", &["Only"], &[Some(2)], &[Some(1)], "now", "before");
        assert_well_formed(&one);
        assert_eq!(one.matches("<circle class=\"ring\"").count(), 4);
        assert_eq!(one.matches("<circle class=\"point\"").count(), 1);
        assert!(!one.contains("class=\"current\"") && one.contains(&text("2 (was 1)")));

        let two =
            radar_svg("Two", &["Up", "Down"], &[Some(4), Some(1)], &[Some(3), Some(0)], "now", "before");
        assert_well_formed(&two);
        assert!(two.contains("<polyline class=\"current\"") && two.contains("<polyline class=\"previous\""));
        assert_eq!(two.matches("<circle class=\"ring\"").count(), 4);

        let names: Vec<String> = (1..=12).map(|i| format!("Dimension number {i} with a long name")).collect();
        let axes: Vec<&str> = names.iter().map(String::as_str).collect();
        let levels: Vec<Option<u8>> = (0..12).map(|i| Some((i % 5) as u8)).collect();
        let twelve = radar_svg("Twelve", &axes, &levels, &levels, "now", "before");
        assert_well_formed(&twelve);
        assert_eq!(twelve.matches("class=\"spoke\"").count(), 12);
        assert!(twelve.contains('…'), "long names are shortened");
        assert!(twelve.contains("<title>Dimension number 12 with a long name: level 1 in now"));

        // Too many levels are dropped; a level above 4 counts as 4.
        let odd = radar_svg("Odd", &["A", "B", "C"], &[Some(9), Some(1), Some(1), Some(3)], &[], "", "");
        assert_well_formed(&odd);
        assert!(odd.contains(&text("4")) && odd.contains("current (solid line"));
        assert_eq!(odd.matches("<circle class=\"point\"").count(), 3);
    }

    #[test]
    fn the_trend_breaks_at_gaps_and_labels_line_ends() {
        let svg = level_trend_svg("Levels by quarter", &PERIODS, &trend_series());
        assert_well_formed(&svg);
        for period in PERIODS {
            assert!(svg.contains(&text(period)), "{period} missing");
        }
        // Data quality is one run, Monitoring two (the lone first level a marker alone), and
        // Fairness a lone marker.
        assert_eq!(svg.matches("<polyline class=\"line\"").count(), 2);
        assert_eq!(svg.matches("class=\"marker\"").count(), 4 + 3 + 1 + 3 + 3, "points, ends, legend");
        // Fairness ends early: its label names its last period and is not joined to it.
        assert_eq!(svg.matches("class=\"leader\"").count(), 2);
        for label in ["Data quality 3", "Monitoring 2", "Fairness 1 (2025-Q4)"] {
            assert!(svg.contains(&text(label)), "{label} missing");
        }
        // Distinct colours and dash patterns; the first solid.
        let line = |series: usize| {
            let at = svg.find(&format!("data-series=\"{series}\"")).unwrap();
            let rest = &svg[at..];
            rest[..rest.find("</g>\n").unwrap()].to_owned()
        };
        assert!(!line(0).contains("stroke-dasharray") && line(1).contains("stroke-dasharray=\"7 4\""));
        assert!(line(0).contains(SERIES_COLOURS[0]) && line(1).contains(SERIES_COLOURS[1]));
        assert!(line(0).contains("<circle class=\"marker\"") && line(1).contains("<rect class=\"marker\""));
        assert!(svg.contains("<title>Monitoring, 2026-Q1: level 2</title>"));
        assert!(!svg.contains("<title>Monitoring, 2025-Q4"));
        assert_eq!(svg.matches("class=\"tick\"").count(), 5);
        for level in 0..=4 {
            assert!(svg.contains(&format!("fill=\"{MUTED}\">{level}</text>")), "tick {level}");
        }
        assert!(svg.contains(&text("maturity level")));
        assert!(svg.contains("Monitoring: 2025-Q3 0, 2025-Q4 –, 2026-Q1 2, 2026-Q2 2"));
    }

    #[test]
    fn trend_end_labels_at_one_level_are_moved_apart() {
        assert_eq!(spread(&[100.0, 100.0, 50.0, 100.0], 13.0, 0.0, 300.0), [100.0, 113.0, 50.0, 126.0]);
        // Against the bottom they are pushed back up.
        assert_eq!(spread(&[200.0, 200.0], 13.0, 0.0, 205.0), [192.0, 205.0]);
        let same = vec![("A", vec![Some(2)]), ("B", vec![Some(2)])];
        let svg = level_trend_svg("Same", &["2026-Q2"], &same);
        assert_well_formed(&svg);
        let ys: Vec<&str> = svg
            .split("class=\"end-label\" x=\"")
            .skip(1)
            .map(|rest| rest.split("y=\"").nth(1).unwrap().split('"').next().unwrap())
            .collect();
        assert_eq!(ys.len(), 2);
        assert_ne!(ys[0], ys[1]);
    }

    #[test]
    fn long_periods_are_turned_and_empty_series_say_so() {
        let periods: Vec<String> = (1..=10).map(|i| format!("Quarter number {i}")).collect();
        let periods: Vec<&str> = periods.iter().map(String::as_str).collect();
        let svg = level_trend_svg("Long", &periods, &[("Only", vec![None; 10])]);
        assert_well_formed(&svg);
        assert!(svg.contains("transform=\"rotate(-40"));
        assert!(svg.contains(&text("Only")) && !svg.contains("class=\"line\""));
        assert!(!svg.contains("class=\"end-label\"") && svg.contains("Only: Quarter number 1 –,"));
    }

    #[test]
    fn the_heatmap_prints_each_level_in_its_shaded_cell() {
        let svg = level_heatmap_svg("Maturity map", &TEAMS, &AXES, &heat_levels());
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"cell\"").count(), 15);
        let levels = heat_levels();
        for (r, team) in TEAMS.iter().enumerate() {
            for (c, axis) in AXES.iter().enumerate() {
                let level = levels[r].get(c).copied().flatten();
                let words = level.map_or("not assessed".to_owned(), |l| format!("level {l}"));
                let cell = format!("<title>{team}, {axis}: {words}</title>");
                let at = svg.find(&cell).unwrap_or_else(|| panic!("{cell} missing"));
                let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
                match level {
                    Some(l) => {
                        assert!(group.contains(&format!("data-level=\"{l}\"")), "{group}");
                        assert!(group.contains(&format!("fill=\"{}\"", LEVEL_FILL[l as usize])), "{group}");
                        assert!(group.contains(&text(&l.to_string())), "{group}");
                    }
                    None => assert!(group.contains("data-level=\"none\"") && group.contains(&text("–"))),
                }
            }
        }
        // Lighter is lower.
        let lightness = |hex: &str| {
            (1..7).step_by(2).map(|i| u32::from_str_radix(&hex[i..i + 2], 16).unwrap()).sum::<u32>()
        };
        assert!(LEVEL_FILL.windows(2).all(|w| lightness(w[0]) > lightness(w[1])));
        for words in
            ["level 0 (1)", "level 1 (2)", "level 2 (3)", "level 3 (3)", "level 4 (3)", "not assessed (3)"]
        {
            assert!(svg.contains(&text(words)), "{words} missing from the legend");
        }
        // Column names are turned so long ones fit.
        assert_eq!(svg.matches("class=\"column\"").count(), 5);
        assert!(svg.contains("transform=\"rotate(-45"));
        assert!(svg.contains("3 teams × 5 dimensions: 12 assessed, mean level 2.4"));
    }

    #[test]
    fn the_heatmap_grows_to_fit_long_column_names() {
        let short = level_heatmap_svg("Map", &["A"], &["x", "y"], &[vec![Some(1), Some(2)]]);
        let long = level_heatmap_svg(
            "Map",
            &["A"],
            &["A very long dimension name indeed", "Another very long dimension name"],
            &[vec![Some(1), Some(2)]],
        );
        let height = |svg: &str| {
            let at = svg.find("height=\"").unwrap() + 8;
            svg[at..at + svg[at..].find('"').unwrap()].parse::<i32>().unwrap()
        };
        assert_well_formed(&long);
        assert!(height(&long) > height(&short));
        assert!(long.contains('…'));
    }

    #[test]
    fn the_distribution_prints_counts_and_axis_titles() {
        let svg = level_distribution_svg("Levels across teams", &[2, 5, 9, 3, 0]);
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"bar\"").count(), 4, "a zero count draws no bar");
        for count in ["2", "5", "9", "3", "0"] {
            assert!(svg.contains(&format!("fill=\"{INK}\">{count}</text><text class=\"level\"")), "{count}");
        }
        for level in 0..5 {
            assert!(svg.contains(&format!("<title>Level {level}: ")));
        }
        assert!(svg.contains(&text("maturity level")) && svg.contains(&text("assessments")));
        assert!(svg.contains("<title>Level 2: 9 of 19 (47%)</title>"));
        assert!(svg.contains("19 assessments, mean level 1.7"));
        // Ticks in whole steps up to the tallest bar: 0, 5, 10.
        assert_eq!(svg.matches("class=\"tick\"").count(), 3);
        assert_eq!(count_step(0), 1);
        assert_eq!(count_step(4), 1);
        assert_eq!(count_step(9), 5);
        assert_eq!(count_step(1000), 500);
    }

    #[test]
    fn attainment_stacks_states_with_letters_and_counts() {
        let svg = attainment_svg("KPI attainment", &attainment_teams());
        assert_well_formed(&svg);
        assert_eq!(svg.matches("class=\"segment\"").count(), 6);
        for words in ["G 5", "A 2", "R 3", "– 2"] {
            assert!(svg.contains(&text(words)), "{words} missing");
        }
        for words in ["Green (5)", "Amber (3)", "Red (4)", "No data (2)"] {
            assert!(svg.contains(&text(words)), "{words} missing from the legend");
        }
        // In the order given, with the totals.
        let at = |name: &str| svg.find(&format!("<title>{name}: ")).unwrap();
        assert!(at("Payments") < at("Search") && at("Search") < at("Risk models"));
        assert!(
            svg.contains(&text("8 KPIs")) && svg.contains(&text("6 KPIs")) && svg.contains(&text("no KPIs"))
        );
        assert!(svg.contains("<title>Search: 0 green, 1 amber, 3 red, 2 no data (6 KPIs)</title>"));
        assert!(svg.contains("3 teams, 14 KPIs: 5 green, 3 amber, 4 red, 2 no data"));
        for state in ["green", "amber", "red", "no data"] {
            assert!(svg.contains(&format!("data-state=\"{state}\"")));
        }
        // A narrow segment keeps its count without the letter.
        let narrow = attainment_svg("Narrow", &[("Team", 100, 1, 0, 0)]);
        assert_well_formed(&narrow);
        assert!(
            narrow.contains(&text("G 100")) && narrow.contains(&text("1")) && !narrow.contains(&text("A 1"))
        );
    }

    #[test]
    fn empty_input_gives_a_valid_svg_that_says_no_data() {
        let charts = [
            radar_svg("Radar", &[], &[], &[], "now", "before"),
            level_trend_svg("Trend", &[], &trend_series()),
            level_trend_svg("Trend", &PERIODS, &[]),
            level_heatmap_svg("Map", &[], &AXES, &[]),
            level_heatmap_svg("Map", &TEAMS, &[], &heat_levels()),
            level_distribution_svg("Levels", &[0; 5]),
            attainment_svg("Attainment", &[]),
        ];
        for svg in &charts {
            assert_well_formed(svg);
            assert!(svg.contains(&text("No data")) && svg.contains("<desc>No data."), "{svg}");
            assert!(!svg.contains("class=\"cell\"") && !svg.contains("class=\"bar\""));
        }
        // A blank title falls back to the chart's own.
        assert!(attainment_svg("  ", &[]).contains("<title>KPI attainment by team</title>"));
    }

    #[test]
    fn labels_are_escaped_everywhere() {
        let hostile = "A&B <x>\u{7}";
        let escaped = "A&amp;B &lt;x&gt;";
        let charts = [
            radar_svg(
                hostile,
                &[hostile, "Two", "Three"],
                &[Some(1), Some(2), Some(3)],
                &[Some(0); 3],
                hostile,
                hostile,
            ),
            radar_svg(hostile, &[hostile], &[Some(1)], &[], hostile, hostile),
            level_trend_svg(hostile, &[hostile, "Q2"], &[(hostile, vec![Some(1), Some(2)])]),
            level_heatmap_svg(hostile, &[hostile], &[hostile], &[vec![Some(2)]]),
            level_distribution_svg(hostile, &[1, 2, 3, 4, 5]),
            attainment_svg(hostile, &[(hostile, 1, 2, 3, 4)]),
            attainment_svg(hostile, &[]),
        ];
        for svg in &charts {
            assert_well_formed(svg);
            assert!(!svg.contains("<x>") && !svg.contains("A&B") && !svg.contains('\u{7}'), "{svg}");
            assert!(svg.contains(escaped), "{svg}");
            assert!(svg.contains(&format!("aria-label=\"{escaped}")), "{svg}");
        }
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        assert_eq!(radar(), radar());
        assert_eq!(
            level_trend_svg("T", &PERIODS, &trend_series()),
            level_trend_svg("T", &PERIODS, &trend_series())
        );
        assert_eq!(
            level_heatmap_svg("M", &TEAMS, &AXES, &heat_levels()),
            level_heatmap_svg("M", &TEAMS, &AXES, &heat_levels())
        );
        assert_eq!(
            level_distribution_svg("D", &[1, 2, 3, 4, 5]),
            level_distribution_svg("D", &[1, 2, 3, 4, 5])
        );
        assert_eq!(attainment_svg("A", &attainment_teams()), attainment_svg("A", &attainment_teams()));
        assert_ne!(radar(), radar_svg("Payments maturity", &AXES, &NOW, &NOW, "2026-Q2", "2026-Q1"));
    }

    #[test]
    fn numbers_are_written_with_fixed_precision() {
        // Every coordinate has one decimal (or none, on the heat map's whole-pixel grid): no
        // float printed in full.
        for svg in [radar(), level_trend_svg("T", &PERIODS, &trend_series())] {
            for attribute in [" x=\"", " y=\"", " cx=\"", " cy=\"", " points=\"", " d=\""] {
                for value in svg.split(attribute).skip(1) {
                    let value = &value[..value.find('"').unwrap()];
                    for number in value.split([' ', ',', 'M', 'L', 'Z']) {
                        let decimals = number.split('.').nth(1).map_or(0, str::len);
                        assert!(decimals <= 1, "{attribute}{value}");
                    }
                }
            }
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
        let names: Vec<String> = (1..=12).map(|i| format!("Dimension {i} <&> with a longer name")).collect();
        let axes: Vec<&str> = names.iter().map(String::as_str).collect();
        let twelve: Vec<Option<u8>> =
            (0..12).map(|i| if i == 5 { None } else { Some((i * 7 % 5) as u8) }).collect();
        let before: Vec<Option<u8>> = (0..12).map(|i| Some((i * 3 % 5) as u8)).collect();
        let files = [
            ("maturity-radar.svg", radar()),
            (
                "maturity-radar-12.svg",
                radar_svg("Twelve dimensions", &axes, &twelve, &before, "2026-Q2", "2026-Q1"),
            ),
            (
                "maturity-radar-2.svg",
                radar_svg("Two", &["Up", "Down"], &[Some(3), Some(1)], &[Some(2), Some(2)], "now", "before"),
            ),
            ("maturity-radar-1.svg", radar_svg("One", &["Only"], &[Some(3)], &[Some(2)], "now", "before")),
            ("maturity-trend.svg", level_trend_svg("Levels by quarter", &PERIODS, &trend_series())),
            (
                "maturity-heatmap.svg",
                level_heatmap_svg("Maturity by team", &TEAMS, &axes[..8], &heat_levels()),
            ),
            ("maturity-distribution.svg", level_distribution_svg("Levels across teams", &[2, 5, 9, 3, 1])),
            ("maturity-attainment.svg", attainment_svg("KPI attainment", &attainment_teams())),
            ("maturity-empty.svg", attainment_svg("KPI attainment", &[])),
        ];
        for (name, svg) in files {
            std::fs::write(dir.join(name), svg).unwrap();
        }
    }
}
