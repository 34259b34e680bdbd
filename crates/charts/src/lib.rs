//! archboard-charts: charts as SVG text (plotters) — for benchmark results the latency
//! histogram, latency CDFs and throughput against latency across phases; for reviews the risk
//! summary; for KPI scorecards a KPI's trend, sparklines and the state heat map (`kpi`); for
//! interview panels the recommendations, agreement per dimension and leniency (`interview`);
//! for maturity assessments the radar, level trends, the level heat map, the level distribution
//! and KPI attainment per team (`maturity`); reports next. The UI shows them as images, so
//! nothing in them runs.
#![forbid(unsafe_code)]

pub mod interview;
pub mod kpi;
pub mod maturity;
#[cfg(test)]
mod svg_check;

pub use interview::{alpha_svg, leniency_svg, recommendations_svg};
pub use kpi::{compact_number, kpi_heatmap_svg, kpi_trend_svg, sparkline_svg};
pub use maturity::{
    attainment_svg, level_distribution_svg, level_heatmap_svg, level_trend_svg, radar_points, radar_svg,
};

use archboard_types::bench::PhaseResult;
use plotters::coord::Shift;
use plotters::prelude::*;

const SIZE: (u32, u32) = (720, 380);
const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn failed(e: impl std::fmt::Display) -> String {
    format!("cannot draw the chart: {e}")
}

fn draw(paint: impl FnOnce(&Area<'_>) -> Result<(), String>) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        paint(&root)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// (latency in ms, cumulative percent) at each recorded bucket of `phase`.
fn cdf_points(phase: &PhaseResult) -> Vec<(f64, f64)> {
    let total: u64 = phase.histogram.buckets.iter().map(|(_, n)| n).sum();
    let mut seen = 0u64;
    phase
        .histogram
        .buckets
        .iter()
        .map(|(micros, n)| {
            seen += n;
            (*micros as f64 / 1000.0, seen as f64 * 100.0 / total.max(1) as f64)
        })
        .collect()
}

/// The distribution of one phase's latencies, up to its p99.9 (the tail beyond is in the CDF).
pub fn histogram_svg(phase: &PhaseResult) -> Result<String, String> {
    let stats = &phase.latency;
    let low = phase.histogram.buckets.first().map_or(0.0, |(v, _)| *v as f64 / 1000.0);
    let high = stats.p999_ms.max(low + 0.001);
    const BINS: usize = 40;
    let width = (high - low) / BINS as f64;
    let mut counts = [0u64; BINS];
    for (micros, n) in &phase.histogram.buckets {
        let ms = *micros as f64 / 1000.0;
        if ms <= high {
            let bin = (((ms - low) / width) as usize).min(BINS - 1);
            counts[bin] += n;
        }
    }
    let total = stats.count.max(1) as f64;
    let top = counts.iter().map(|c| *c as f64 * 100.0 / total).fold(0.0, f64::max) * 1.1 + 0.1;
    draw(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption(format!("Latency distribution: {} (to p99.9)", phase.label), (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(low..high, 0.0..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_desc("latency (ms)")
            .y_desc("% of requests")
            .disable_x_mesh()
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let x0 = low + width * i as f64;
                Rectangle::new(
                    [(x0, 0.0), (x0 + width * 0.92, *c as f64 * 100.0 / total)],
                    BLUE.mix(0.7).filled(),
                )
            }))
            .map_err(failed)?;
        for (value, name, color) in
            [(stats.p50_ms, "p50", GREEN.mix(0.9)), (stats.p99_ms, "p99", RED.mix(0.9))]
        {
            chart
                .draw_series(LineSeries::new(vec![(value, 0.0), (value, top)], color.stroke_width(2)))
                .map_err(failed)?
                .label(format!("{name} {value:.2} ms"))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(failed)
    })
}

/// Latency CDFs of several phases (or several runs' phases) on one chart, log-scaled when the
/// latencies span more than a factor of 50.
pub fn cdf_svg(title: &str, series: &[(String, &PhaseResult)]) -> Result<String, String> {
    let curves: Vec<(String, Vec<(f64, f64)>)> = series
        .iter()
        .map(|(name, phase)| (name.clone(), cdf_points(phase)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let low = curves.iter().flat_map(|(_, p)| p.first()).map(|p| p.0).fold(f64::INFINITY, f64::min);
    let high = curves.iter().flat_map(|(_, p)| p.last()).map(|p| p.0).fold(0.0, f64::max);
    let (low, high) =
        if curves.is_empty() { (0.1, 1.0) } else { (low.max(0.001), high.max(low * 1.01 + 0.001)) };
    draw(|root| {
        let builder = |root| {
            let mut b = ChartBuilder::on(root);
            b.caption(title, (FONT, 18)).margin(12).x_label_area_size(40).y_label_area_size(56);
            b
        };
        macro_rules! paint {
            ($chart:expr) => {{
                let mut chart = $chart;
                chart
                    .configure_mesh()
                    .x_desc("latency (ms)")
                    .y_desc("% of requests at or below")
                    .draw()
                    .map_err(failed)?;
                for (index, (name, points)) in curves.iter().enumerate() {
                    let color = Palette99::pick(index).mix(0.95);
                    chart
                        .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                        .map_err(failed)?
                        .label(name.clone())
                        .legend(move |(x, y)| {
                            PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                        });
                }
                chart
                    .configure_series_labels()
                    .position(SeriesLabelPosition::LowerRight)
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK.mix(0.3))
                    .draw()
                    .map_err(failed)?;
            }};
        }
        if high / low > 50.0 {
            paint!(builder(root).build_cartesian_2d((low..high).log_scale(), 0.0..100.0).map_err(failed)?);
        } else {
            paint!(builder(root).build_cartesian_2d(low * 0.95..high * 1.02, 0.0..100.0).map_err(failed)?);
        }
        Ok(())
    })
}

/// Throughput against p50 and p99 latency across phases (concurrency levels, rates, batches).
pub fn throughput_latency_svg(phases: &[PhaseResult]) -> Result<String, String> {
    let points: Vec<(f64, f64, f64)> = phases
        .iter()
        .filter(|p| p.completed > 0)
        .map(|p| (p.samples_per_s, p.latency.p50_ms, p.latency.p99_ms))
        .collect();
    let x_high = points.iter().map(|p| p.0).fold(0.0, f64::max) * 1.1 + 1e-6;
    let y_high = points.iter().map(|p| p.2).fold(0.0, f64::max) * 1.1 + 1e-6;
    draw(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Throughput against latency", (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..x_high, 0.0..y_high)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_desc("throughput (predictions/s)")
            .y_desc("latency (ms)")
            .draw()
            .map_err(failed)?;
        for (name, pick, color) in [("p50", 1usize, BLUE), ("p99", 2, RED)] {
            let line: Vec<(f64, f64)> =
                points.iter().map(|p| (p.0, if pick == 1 { p.1 } else { p.2 })).collect();
            chart
                .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))
                .map_err(failed)?
                .label(name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
            chart.draw_series(line.iter().map(|p| Circle::new(*p, 4, color.filled()))).map_err(failed)?;
        }
        chart
            .draw_series(phases.iter().filter(|p| p.completed > 0).map(|p| {
                Text::new(p.label.clone(), (p.samples_per_s, p.latency.p99_ms), (FONT, 12).into_font())
            }))
            .map_err(failed)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(failed)
    })
}

/// The buckets of a review's risk summary in the order the bars stack, each with its colour
/// and the word printed beside the colour (colour alone never carries the meaning).
const RISK_BUCKETS: [(&str, RGBColor); 5] = [
    ("high", RGBColor(196, 40, 40)),
    ("medium", RGBColor(230, 150, 30)),
    ("none", RGBColor(60, 150, 80)),
    ("n/a", RGBColor(150, 150, 150)),
    ("unanswered", RGBColor(215, 215, 215)),
];

/// A review's risk summary: one stacked horizontal bar per section (high, medium, none, not
/// applicable, unanswered), each segment labelled with its count, and a legend.
pub fn risk_summary_svg(
    title: &str,
    rows: &[(String, archboard_types::review::RiskCounts)],
) -> Result<String, String> {
    let label_width = 230i32;
    let bar_height = 22i32;
    let top = 48i32;
    let height = (top + rows.len().max(1) as i32 * (bar_height + 10) + 50) as u32;
    let width = SIZE.0;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        root.draw(&Text::new(title.to_owned(), (12, 12), (FONT, 18).into_font())).map_err(failed)?;
        let widest = rows.iter().map(|(_, c)| c.total()).max().unwrap_or(0).max(1) as f64;
        let span = f64::from(width as i32 - label_width - 24);
        for (index, (section, counts)) in rows.iter().enumerate() {
            let y = top + index as i32 * (bar_height + 10);
            let name: String = if section.chars().count() > 32 {
                section.chars().take(31).chain(std::iter::once('…')).collect()
            } else {
                section.clone()
            };
            root.draw(&Text::new(name, (12, y + 4), (FONT, 13).into_font())).map_err(failed)?;
            let values = [counts.high, counts.medium, counts.none, counts.not_applicable, counts.unanswered];
            let mut x = label_width;
            for ((_, colour), value) in RISK_BUCKETS.iter().zip(values) {
                if value == 0 {
                    continue;
                }
                let w = ((f64::from(value) / widest) * span).round().max(14.0) as i32;
                root.draw(&Rectangle::new([(x, y), (x + w, y + bar_height)], colour.filled()))
                    .map_err(failed)?;
                root.draw(&Rectangle::new([(x, y), (x + w, y + bar_height)], WHITE.stroke_width(1)))
                    .map_err(failed)?;
                let ink = if *colour == RISK_BUCKETS[4].1 { BLACK } else { WHITE };
                root.draw(&Text::new(value.to_string(), (x + 4, y + 4), (FONT, 13).into_font().color(&ink)))
                    .map_err(failed)?;
                x += w;
            }
        }
        let legend_y = height as i32 - 30;
        let mut x = 12;
        for (name, colour) in RISK_BUCKETS {
            root.draw(&Rectangle::new([(x, legend_y), (x + 14, legend_y + 14)], colour.filled()))
                .map_err(failed)?;
            root.draw(&Rectangle::new(
                [(x, legend_y), (x + 14, legend_y + 14)],
                BLACK.mix(0.4).stroke_width(1),
            ))
            .map_err(failed)?;
            root.draw(&Text::new(name.to_owned(), (x + 20, legend_y), (FONT, 13).into_font()))
                .map_err(failed)?;
            x += 30 + 8 * name.len() as i32;
        }
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::review::RiskCounts;

    #[test]
    fn the_risk_summary_chart_prints_each_count_and_names_each_bucket() {
        let rows = vec![
            (
                "Monitoring".to_owned(),
                RiskCounts { high: 2, medium: 1, none: 5, not_applicable: 0, unanswered: 3 },
            ),
            (
                "A section whose name is far too long to fit beside its bar".to_owned(),
                RiskCounts { none: 1, ..RiskCounts::default() },
            ),
        ];
        let svg = risk_summary_svg("Risk per section", &rows).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Risk per section"));
        // plotters writes each text on a line of its own between the tags.
        let text = |t: &str| format!(">\n{t}\n</text>");
        for word in ["high", "medium", "none", "n/a", "unanswered", "Monitoring"] {
            assert!(svg.contains(&text(word)), "{word} missing");
        }
        // Each non-zero count is printed on its segment; a zero bucket draws nothing.
        for count in ["2", "1", "5", "3"] {
            assert!(svg.contains(&text(count)), "{count} missing");
        }
        assert!(!svg.contains(&text("0")));
        assert!(svg.contains('…'), "a long section name is shortened");
        assert!(risk_summary_svg("Empty", &[]).unwrap().contains("Empty"));
    }
}
