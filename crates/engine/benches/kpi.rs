//! `cargo bench -p archboard-engine --bench kpi`: prints figures for KPI syncs and scorecards on
//! a real SQLite file — a backfill of 50 KPIs × 90 days of hourly points from a real Prometheus
//! (Debian's, started on loopback with promtool-made history), its re-sync (nothing new to
//! write), and computing one quarter's scorecards for 10 teams × 40 KPIs with daily values.
//! Figures, not assertions: compare runs by eye.

use archboard_engine::Services;
use archboard_engine::services::Adapter;
use archboard_metrics::test_server::{PrometheusServer, openmetrics_gauge};
use archboard_types::catalog::{CatalogKind, CatalogListQuery, RiskTier};
use archboard_types::files::FileContents;
use archboard_types::job::JobRef;
use archboard_types::kpi::{
    BindingEdit, KpiImportRequest, Scope, ScorecardKpisSet, ScorecardQuery, SourceAuth, SourceEdit,
    SourceKind, SyncProgress, SyncRequest,
};
use archboard_types::people::{LifecycleStage, SystemEdit, TeamEdit};
use chrono::{DateTime, Duration, Utc};
use hdrhistogram::Histogram;
use std::time::Instant;

const BACKFILL_KPIS: usize = 50;
const BACKFILL_DAYS: i64 = 90;
const TEAMS: usize = 10;
const SCORECARD_KPIS: usize = 40;
const SAMPLES: u32 = 20;

fn wait(services: &mut Services, id: &str) -> SyncProgress {
    loop {
        let progress = services.sync_progress(JobRef { id: id.into() }).unwrap();
        if progress.job.state.is_finished() {
            return progress;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn main() {
    let now: DateTime<Utc> = "2026-09-30T12:00:00Z".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut services = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
    services.set_fixed_now(Some(now));
    let kpis: Vec<String> = services
        .catalog_list(CatalogListQuery { kind: Some(CatalogKind::Kpi), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect();
    assert!(kpis.len() >= BACKFILL_KPIS, "the catalog has {} KPIs", kpis.len());
    for team in 0..TEAMS {
        services.team_create(TeamEdit { name: format!("team-{team}"), ..Default::default() }).unwrap();
        services
            .system_create(SystemEdit {
                key: format!("system-{team}"),
                name: format!("System {team}"),
                team: format!("team-{team}"),
                tier: RiskTier::High,
                stage: LifecycleStage::Production,
                ..Default::default()
            })
            .unwrap();
    }

    // 50 KPIs × 90 days hourly, one series each, values valid for every unit (0–100).
    let end = now.timestamp() / 3600 * 3600;
    let hours = BACKFILL_DAYS * 24;
    let mut text = String::new();
    for k in 0..BACKFILL_KPIS {
        let points: Vec<(i64, f64)> =
            (0..=hours).map(|h| (end - (hours - h) * 3600, ((h + k as i64) % 90) as f64 + 0.5)).collect();
        text.push_str(&openmetrics_gauge(&format!("bench_kpi_{k}"), &[("system", "system-0")], &points));
    }
    text.push_str("# EOF\n");
    let loading = Instant::now();
    let server =
        PrometheusServer::start(&text, None).expect("Prometheus from Debian (make setup installs it)");
    println!(
        "{:<52} {:>8.2} s",
        format!("promtool + Prometheus start ({BACKFILL_KPIS} series × {} points)", hours + 1),
        loading.elapsed().as_secs_f64()
    );
    services
        .source_add(SourceEdit {
            name: "prom".into(),
            kind: SourceKind::Prometheus,
            url: server.url.clone(),
            auth: SourceAuth::None,
            ca_file: None,
            timeout_s: Some(30),
            json: None,
            interval_minutes: None,
        })
        .unwrap();
    for (k, kpi) in kpis.iter().take(BACKFILL_KPIS).enumerate() {
        services
            .binding_add(BindingEdit {
                kpi: kpi.clone(),
                scope: Scope::system("system-0"),
                source: "prom".into(),
                query: format!("bench_kpi_{k}{{system=\"${{system}}\"}}"),
                aggregate: None,
                step_s: Some(3600),
            })
            .unwrap();
    }
    let request = SyncRequest {
        source: Some("prom".into()),
        from: Some((now - Duration::days(BACKFILL_DAYS)).date_naive()),
        to: Some(now.date_naive()),
    };
    for label in ["backfill", "re-sync (nothing new)"] {
        let started = Instant::now();
        let job = services.sync_start(request.clone()).unwrap();
        let done = wait(&mut services, &job.id);
        let seconds = started.elapsed().as_secs_f64();
        let points: u64 = done.outcomes.iter().map(|o| o.points_written + o.points_unchanged).sum();
        println!(
            "{:<52} {:>8.2} s  {:>9.0} points/s  ({} points, {} written, {:?})",
            format!("{label}: {BACKFILL_KPIS} KPIs × {BACKFILL_DAYS} days hourly"),
            seconds,
            points as f64 / seconds,
            points,
            done.points_written,
            done.job.state
        );
    }

    // 10 teams × 40 KPIs, a value a day over the quarter and the one before (for the change).
    let chosen: Vec<String> = kpis.iter().take(SCORECARD_KPIS).cloned().collect();
    let mut csv = String::from("kpi,team,time,value\n");
    for team in 0..TEAMS {
        for (k, kpi) in chosen.iter().enumerate() {
            for day in 0..180 {
                let at = now - Duration::days(day);
                csv.push_str(&format!(
                    "{kpi},team-{team},{},{}\n",
                    at.format("%Y-%m-%d"),
                    (day + k as i64) % 90
                ));
            }
        }
    }
    let started = Instant::now();
    let report = services
        .kpi_import(KpiImportRequest {
            file: FileContents::new("bench.csv", csv.into_bytes()),
            dry_run: false,
        })
        .unwrap();
    println!(
        "{:<52} {:>8.2} s  ({} rows)",
        "CSV import of the scorecard data",
        started.elapsed().as_secs_f64(),
        report.new
    );
    for team in 0..TEAMS {
        services
            .scorecard_kpis_set(ScorecardKpisSet {
                scope: Scope::team(format!("team-{team}")),
                kpis: chosen.clone(),
            })
            .unwrap();
    }
    let mut all = Histogram::<u64>::new(3).unwrap();
    let mut one = Histogram::<u64>::new(3).unwrap();
    for _ in 0..SAMPLES {
        let started = Instant::now();
        for team in 0..TEAMS {
            let t = Instant::now();
            let card = services
                .scorecard_show(ScorecardQuery {
                    scope: Scope::team(format!("team-{team}")),
                    period: "2026-Q3".parse().unwrap(),
                    band_year: None,
                })
                .unwrap();
            assert_eq!(card.rows.len(), SCORECARD_KPIS);
            one.record(t.elapsed().as_micros() as u64).unwrap();
        }
        all.record(started.elapsed().as_micros() as u64).unwrap();
    }
    for (name, histogram) in [
        (format!("one quarter's scorecards, {TEAMS} teams × {SCORECARD_KPIS} KPIs"), &all),
        (format!("one team's scorecard ({SCORECARD_KPIS} KPIs, 6-period trends)"), &one),
    ] {
        println!(
            "{name:<52} p50 {:>8.2} ms  p95 {:>8.2} ms  p99 {:>8.2} ms  (n={})",
            histogram.value_at_quantile(0.5) as f64 / 1000.0,
            histogram.value_at_quantile(0.95) as f64 / 1000.0,
            histogram.value_at_quantile(0.99) as f64 / 1000.0,
            histogram.len()
        );
    }
}
