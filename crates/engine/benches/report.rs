//! `cargo bench -p archboard-engine --bench report`: prints figures for a quarter's maturity
//! report over 10 teams × 40 KPIs with every chart, on a real SQLite file: closing the quarter
//! (the snapshot), building the report model (four quarters read), and rendering HTML,
//! Markdown and PDF, with each output's size and the PDF's page count. Figures, not
//! assertions: compare runs by eye.

use archboard_engine::Services;
use archboard_engine::services::{Adapter, NoProgress};
use archboard_types::catalog::{CatalogKind, CatalogListQuery, RiskTier};
use archboard_types::files::FileContents;
use archboard_types::kpi::{KpiImportRequest, Scope, ScorecardKpisSet};
use archboard_types::maturity::{AssessRequest, QuarterRef};
use archboard_types::people::{LifecycleStage, SystemEdit, TeamEdit};
use archboard_types::report::{ReportFileRequest, ReportFormat, ReportRequest};
use chrono::{DateTime, Duration, Utc};
use std::time::Instant;

const TEAMS: usize = 10;
const KPIS: usize = 40;
const RENDERS: u32 = 5;

fn main() {
    let now: DateTime<Utc> = "2026-10-03T12:00:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut services = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
    services.set_fixed_now(Some(now));
    let kpis: Vec<String> = services
        .catalog_list(CatalogListQuery { kind: Some(CatalogKind::Kpi), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .take(KPIS)
        .collect();
    let dimensions: Vec<String> = services
        .catalog_list(CatalogListQuery { kind: Some(CatalogKind::Maturity), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect();
    // A value a week per KPI and team over a year: four quarters of trend.
    let mut csv = String::from("kpi,team,time,value\n");
    for team in 0..TEAMS {
        services.team_create(TeamEdit { name: format!("Team {team:02}"), ..Default::default() }).unwrap();
        services
            .system_create(SystemEdit {
                key: format!("system-{team}"),
                name: format!("System {team}"),
                team: format!("Team {team:02}"),
                tier: RiskTier::High,
                stage: LifecycleStage::Production,
                ..Default::default()
            })
            .unwrap();
        for (k, kpi) in kpis.iter().enumerate() {
            for week in 0..52 {
                let at = now - Duration::days(3 + 7 * week);
                csv.push_str(&format!(
                    "{kpi},Team {team:02},{},{}\n",
                    at.format("%Y-%m-%d"),
                    (week + k as i64 * 7 + team as i64) % 90
                ));
            }
        }
        services
            .scorecard_kpis_set(ScorecardKpisSet {
                scope: Scope::team(format!("Team {team:02}")),
                kpis: kpis.clone(),
            })
            .unwrap();
    }
    services
        .kpi_import(KpiImportRequest {
            file: FileContents::new("bench.csv", csv.into_bytes()),
            dry_run: false,
        })
        .unwrap();
    for quarter in ["2026-Q2", "2026-Q3"] {
        for team in 0..TEAMS {
            for (d, dimension) in dimensions.iter().enumerate() {
                services
                    .maturity_assess(AssessRequest {
                        team: format!("Team {team:02}"),
                        period: quarter.parse().unwrap(),
                        dimension: dimension.clone(),
                        level: ((team + d + quarter.len()) % 5) as u8,
                        rationale: "bench".into(),
                        target: None,
                    })
                    .unwrap();
            }
        }
    }
    let line = |name: &str, seconds: f64, extra: String| println!("{name:<56} {seconds:>8.3} s  {extra}");

    let started = Instant::now();
    services.quarter_close(QuarterRef { period: "2026-Q3".parse().unwrap() }).unwrap();
    line(
        &format!("quarter close: snapshot of {TEAMS} teams × {KPIS} KPIs"),
        started.elapsed().as_secs_f64(),
        String::new(),
    );

    let request = ReportRequest {
        period: "2026-Q3".parse().unwrap(),
        teams: vec![],
        sections: vec![],
        commentary: "Bench.".into(),
        title: None,
    };
    let started = Instant::now();
    let summary = services.report_build(&request, &NoProgress).unwrap();
    line(
        "report build: model and every chart (4 quarters read)",
        started.elapsed().as_secs_f64(),
        format!("late changes {}", summary.late_changes),
    );

    for format in [ReportFormat::Html, ReportFormat::Markdown, ReportFormat::Pdf] {
        // The first render is the honest figure for a download: typst memoises across compiles
        // in one process, so later PDF renders are cheaper than a fresh process's first.
        let mut first = None;
        let mut best = f64::MAX;
        let mut files = None;
        for _ in 0..RENDERS {
            let started = Instant::now();
            files = Some(
                services.report_get(ReportFileRequest { id: summary.id, format, bundle: false }).unwrap(),
            );
            let seconds = started.elapsed().as_secs_f64();
            first.get_or_insert(seconds);
            best = best.min(seconds);
        }
        let files = files.unwrap();
        let bytes: usize = files.files.iter().map(|f| f.content.len()).sum();
        let mut extra = format!(
            "first {:.3} s; {} file(s), {:.1} KiB",
            first.unwrap_or_default(),
            files.files.len(),
            bytes as f64 / 1024.0
        );
        if format == ReportFormat::Pdf {
            let path = dir.path().join("bench.pdf");
            std::fs::write(&path, files.files[0].content.as_slice()).unwrap();
            if let Ok(out) = std::process::Command::new("pdfinfo").arg(&path).output() {
                let info = String::from_utf8_lossy(&out.stdout).into_owned();
                if let Some(pages) = info.lines().find(|l| l.starts_with("Pages:")) {
                    extra.push_str(&format!(", {}", pages.split_whitespace().collect::<Vec<_>>().join(" ")));
                }
            }
        }
        line(&format!("render {} (best of {RENDERS})", format.label()), best, extra);
    }
}
