//! KPI scorecards on a real board file: values checked and written once per key, periods
//! judged in the board's time zone, CSV previews, overrides, computed KPIs, and syncs against a
//! real Prometheus (Debian's, started per test on loopback with promtool-made history).

use super::*;
use crate::services::test_board;
use archboard_metrics::test_server::{PrometheusServer, openmetrics_gauge};
use archboard_types::ErrorCode;
use archboard_types::catalog::Range;
use archboard_types::files::FileContents;
use archboard_types::job::{JobRef, JobState};
use archboard_types::kpi::*;
use archboard_types::people::{LifecycleStage, SystemEdit, TeamEdit};
use archboard_types::review::{ReviewKind, ReviewSettingsChange};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn board() -> (tempfile::TempDir, Services) {
    let (dir, mut services) = test_board();
    services.set_fixed_now(Some(at("2026-09-20T12:00:00Z")));
    services.team_create(TeamEdit { name: "Payments ML".into(), ..Default::default() }).unwrap();
    for key in ["fraud-scoring", "card-risk"] {
        services
            .system_create(SystemEdit {
                key: key.into(),
                name: key.into(),
                team: "Payments ML".into(),
                tier: RiskTier::High,
                stage: LifecycleStage::Production,
                ..Default::default()
            })
            .unwrap();
    }
    (dir, services)
}

fn record(
    services: &mut Services,
    kpi: &str,
    scope: Scope,
    when: &str,
    value: f64,
) -> Result<Measurement, ApiError> {
    services.kpi_record(KpiRecordRequest {
        kpi: kpi.into(),
        scope,
        value,
        at: Some(at(when)),
        note: String::new(),
    })
}

fn row<'a>(card: &'a Scorecard, kpi: &str) -> &'a ScorecardRow {
    card.rows.iter().find(|r| r.kpi == kpi).unwrap_or_else(|| panic!("no row {kpi}"))
}

fn system() -> Scope {
    Scope::system("fraud-scoring")
}

#[test]
fn recorded_values_are_checked_kept_once_per_instant_and_judged_per_quarter() {
    let (_dir, mut services) = board();
    let error =
        record(&mut services, "kpi.availability-slo", system(), "2026-08-01T00:00:00Z", 140.0).unwrap_err();
    assert!(
        error.message.contains("kpi.availability-slo") && error.message.contains("140"),
        "{}",
        error.message
    );
    assert_eq!(error.field.as_deref(), Some("value"));
    let missing = record(&mut services, "kpi.no-such", system(), "2026-08-01T00:00:00Z", 1.0).unwrap_err();
    assert!(missing.message.contains("kpi.no-such"), "{}", missing.message);

    record(&mut services, "change-failure-rate", system(), "2026-06-10T00:00:00Z", 20.0).unwrap();
    record(&mut services, "change-failure-rate", system(), "2026-08-10T00:00:00Z", 12.0).unwrap();
    // The same KPI, scope, source and instant again replaces, never duplicates.
    record(&mut services, "change-failure-rate", system(), "2026-08-10T00:00:00Z", 9.0).unwrap();
    let series = services
        .kpi_series(KpiSeriesQuery {
            kpi: "kpi.change-failure-rate".into(),
            scope: system(),
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(series.measurements.iter().map(|m| m.value).collect::<Vec<_>>(), [20.0, 9.0]);
    assert_eq!(series.measurements[1].recorded_by.as_deref(), Some(services.caller().unwrap().name.as_str()));

    let card = services
        .scorecard_show(ScorecardQuery {
            scope: system(),
            period: "2026-Q3".parse().unwrap(),
            band_year: None,
        })
        .unwrap();
    let cfr = row(&card, "kpi.change-failure-rate");
    assert_eq!(cfr.value, Some(9.0));
    assert_eq!(cfr.judgement.state, KpiState::Green, "9% is within the 10% green threshold");
    assert_eq!(cfr.previous, Some(20.0));
    let change = cfr.change.unwrap();
    assert_eq!(change.absolute, -11.0);
    assert!((change.percent.unwrap() + 55.0).abs() < 1e-9, "{change:?}");
    assert_eq!(cfr.trend.last().unwrap().state, KpiState::Green);
    assert_eq!(cfr.trend[cfr.trend.len() - 2].state, KpiState::Red, "Q2's 20% was red");
    assert!(
        cfr.sparkline_svg.starts_with("<svg"),
        "{}",
        &cfr.sparkline_svg[..40.min(cfr.sparkline_svg.len())]
    );
    // Measured KPIs lead the grid; the rest are grey "no data", never green.
    assert_eq!(card.rows[0].kpi, "kpi.change-failure-rate");
    assert!(card.rows[1..].iter().all(|r| r.judgement.state == KpiState::NoData));
    assert_eq!((card.green, card.grey as usize), (1, card.rows.len() - 1));
    assert!(card.heatmap_svg.contains("<svg"));
}

#[test]
fn quarters_end_at_midnight_in_the_boards_time_zone_and_old_values_go_stale() {
    let (_dir, mut services) = board();
    services
        .review_settings_update(ReviewSettingsChange {
            time_zone: "Europe/Berlin".into(),
            sla_days: vec![(ReviewKind::Architecture, 5)],
        })
        .unwrap();
    // 23:30 UTC on 30 June is 01:30 on 1 July in Berlin: the third quarter's.
    record(&mut services, "kpi.availability-slo", system(), "2026-06-30T23:30:00Z", 99.95).unwrap();
    let show = |services: &mut Services, period: &str| {
        services
            .scorecard_show(ScorecardQuery {
                scope: system(),
                period: period.parse().unwrap(),
                band_year: None,
            })
            .unwrap()
    };
    let q3 = show(&mut services, "2026-Q3");
    assert_eq!(row(&q3, "kpi.availability-slo").value, Some(99.95));
    let q2 = show(&mut services, "2026-Q2");
    assert_eq!(row(&q2, "kpi.availability-slo").judgement.state, KpiState::NoData);
    // Judged on 20 September, a value from 1 July is older than a monthly KPI allows.
    assert_eq!(row(&q3, "kpi.availability-slo").judgement.state, KpiState::Stale);
    services.set_fixed_now(Some(at("2026-07-10T12:00:00Z")));
    assert_eq!(row(&show(&mut services, "2026-Q3"), "kpi.availability-slo").judgement.state, KpiState::Green);
}

#[test]
fn an_override_needs_a_reason_changes_the_rag_and_is_audited() {
    let (_dir, mut services) = board();
    record(&mut services, "kpi.change-failure-rate", system(), "2026-09-01T00:00:00Z", 12.0).unwrap();
    let request = |reason: &str, green: Option<Range>, amber: Option<Range>| ScorecardOverrideRequest {
        scope: system(),
        kpi: "kpi.change-failure-rate".into(),
        green,
        amber,
        reason: reason.into(),
    };
    let upto = |max: f64| Some(Range { min: None, max: Some(max) });
    assert_eq!(
        services.scorecard_override(request(" ", upto(15.0), upto(20.0))).unwrap_err().field.as_deref(),
        Some("reason")
    );
    let inverted = services.scorecard_override(request("x", upto(20.0), upto(15.0))).unwrap_err();
    assert!(inverted.message.contains("inside the amber"), "{}", inverted.message);
    let row = services
        .scorecard_override(request("new platform, agreed with SRE", upto(15.0), upto(20.0)))
        .unwrap();
    assert_eq!(row.judgement.state, KpiState::Green);
    assert_eq!(row.overridden.as_ref().unwrap().reason, "new platform, agreed with SRE");
    let back = services.scorecard_override(request("back to the catalog", None, None)).unwrap();
    assert_eq!(back.judgement.state, KpiState::Amber);
    assert!(back.overridden.is_none());
    let audit = services.audit_list(Default::default()).unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == AuditAction::ThresholdOverride).count(), 2);
}

#[test]
fn a_csv_preview_marks_each_row_and_the_import_writes_only_good_ones() {
    let (_dir, mut services) = board();
    // A typed-in value at the same instant is another source's: the file's row is still new.
    record(&mut services, "kpi.change-failure-rate", system(), "2026-09-01T00:00:00Z", 12.0).unwrap();
    let csv = "kpi,system,team,time,value,note\n\
               kpi.change-failure-rate,fraud-scoring,,2026-09-01T00:00:00Z,12,\n\
               kpi.change-failure-rate,fraud-scoring,,2026-09-02,7,after the fix\n\
               kpi.availability-slo,,Payments ML,2026-09-02 10:00,140,\n\
               kpi.change-failure-rate,nope,,2026-09-03,1,\n\
               kpi.change-failure-rate,fraud-scoring,,yesterday,1,\n\
               kpi.change-failure-rate,fraud-scoring,,2026-09-02,8,\n";
    let request =
        |dry_run| KpiImportRequest { file: FileContents::new("q3.csv", csv.as_bytes().to_vec()), dry_run };
    let preview = services.kpi_import(request(true)).unwrap();
    let statuses: Vec<(u32, ImportRowStatus)> = preview.rows.iter().map(|r| (r.line, r.status)).collect();
    use ImportRowStatus::*;
    assert_eq!(statuses, [(2, New), (3, New), (4, Bad), (5, Bad), (6, Bad), (7, Bad)]);
    let reason = |line: u32| preview.rows.iter().find(|r| r.line == line).unwrap().reason.clone().unwrap();
    assert!(reason(4).contains("140"), "{}", reason(4));
    assert!(reason(5).contains("nope"), "{}", reason(5));
    assert!(reason(6).contains("yesterday"), "{}", reason(6));
    assert!(reason(7).contains("repeats"), "{}", reason(7));
    assert!(!preview.applied);
    let series = |services: &mut Services| {
        services
            .kpi_series(KpiSeriesQuery {
                kpi: "kpi.change-failure-rate".into(),
                scope: system(),
                from: None,
                to: None,
            })
            .unwrap()
            .measurements
            .len()
    };
    assert_eq!(series(&mut services), 1, "a preview writes nothing");
    let applied = services.kpi_import(request(false)).unwrap();
    assert!(applied.applied);
    assert_eq!((applied.new, applied.bad), (2, 4));
    assert_eq!(series(&mut services), 3);
    let again = services.kpi_import(request(false)).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
    let no_header = services
        .kpi_import(KpiImportRequest {
            file: FileContents::new("x.csv", b"a,b\n1,2\n".to_vec()),
            dry_run: true,
        })
        .unwrap_err();
    assert!(no_header.message.contains("kpi, team or system, time and value"), "{}", no_header.message);
}

#[test]
fn sources_refuse_stored_secrets_and_reserved_names() {
    let (_dir, mut services) = board();
    let edit = |name: &str, auth: SourceAuth| SourceEdit {
        name: name.into(),
        kind: SourceKind::Prometheus,
        url: "http://127.0.0.1:9090".into(),
        auth,
        ca_file: None,
        timeout_s: None,
        json: None,
        interval_minutes: None,
    };
    let literal = services
        .source_add(edit("prom", SourceAuth::Basic { user: "admin".into(), password: "hunter2".into() }))
        .unwrap_err();
    assert_eq!(literal.field.as_deref(), Some("auth.password"));
    assert!(literal.message.contains("env:NAME"), "{}", literal.message);
    assert!(services.source_add(edit("manual", SourceAuth::None)).is_err());
    let added =
        services.source_add(edit("prom", SourceAuth::Bearer { token: "env:PROM_TOKEN".into() })).unwrap();
    assert_eq!(added.timeout_s, 10);
    assert_eq!(services.source_add(edit("prom", SourceAuth::None)).unwrap_err().code, ErrorCode::Conflict);
    let file = std::fs::read(services.database_path()).unwrap();
    assert!(!String::from_utf8_lossy(&file).contains("hunter2"));
}

#[test]
fn computed_kpis_come_from_the_boards_own_records() {
    let (_dir, mut services) = board();
    let computed = services.kpi_computed(Empty {}).unwrap();
    assert!(computed.iter().any(|c| c.kpi == "kpi.review-sla-adherence" && c.how.contains("business-day")));
    let measurements = services.computed_measurements().unwrap();
    let coverage: Vec<&Measurement> =
        measurements.iter().filter(|m| m.kpi == "kpi.decision-coverage").collect();
    // Two production systems, no accepted decision yet: 0%, for the team and each system.
    assert_eq!(coverage.len(), 3);
    assert!(coverage.iter().all(|m| m.value == 0.0 && m.source == SOURCE_COMPUTED));
    // No reviews: no review figures at all, rather than a misleading zero.
    assert!(!measurements.iter().any(|m| m.kpi == "kpi.open-high-risks"));
}

// ---------------------------------------------------------------------------------------------
// Against a real Prometheus

const HOUR: i64 = 3600;

/// 90 days of hourly history ending at `end` for three KPIs of two systems.
/// One generated series: metric, system label, (Unix seconds, value) points.
type Generated = (String, String, Vec<(i64, f64)>);

fn history(end: DateTime<Utc>) -> (String, Vec<Generated>) {
    let end = end.timestamp() / HOUR * HOUR;
    let start = end - 90 * 24 * HOUR;
    let mut text = String::new();
    let mut series = Vec::new();
    for (metric, system, base) in [
        ("archboard_cfr_percent", "fraud-scoring", 8.0),
        ("archboard_cfr_percent", "card-risk", 12.0),
        ("archboard_availability_percent", "fraud-scoring", 99.0),
        ("archboard_detect_minutes", "fraud-scoring", 20.0),
    ] {
        let points: Vec<(i64, f64)> =
            (0..=90 * 24).map(|h| (start + h * HOUR, base + ((h % 17) as f64) * 0.05)).collect();
        text.push_str(&openmetrics_gauge(metric, &[("system", system)], &points));
        series.push((metric.to_string(), system.to_string(), points));
    }
    text.push_str("# EOF\n");
    (text, series)
}

fn add_prometheus(services: &mut Services, url: &str, auth: SourceAuth) {
    services
        .source_add(SourceEdit {
            name: "prom".into(),
            kind: SourceKind::Prometheus,
            url: url.into(),
            auth,
            ca_file: None,
            timeout_s: Some(5),
            json: None,
            interval_minutes: None,
        })
        .unwrap();
}

fn bind(services: &mut Services, kpi: &str, system: &str, metric: &str) -> Binding {
    services
        .binding_add(BindingEdit {
            kpi: kpi.into(),
            scope: Scope::system(system),
            source: "prom".into(),
            query: format!("{metric}{{system=\"${{system}}\"}}"),
            aggregate: None,
            step_s: None,
        })
        .unwrap()
}

fn wait(services: &mut Services, job: &str) -> SyncProgress {
    for _ in 0..3000 {
        let progress = services.sync_progress(JobRef { id: job.into() }).unwrap();
        if progress.job.state.is_finished() {
            return progress;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the sync did not end");
}

fn backfill(services: &mut Services, from: &str, to: &str) -> SyncProgress {
    let job = services
        .sync_start(SyncRequest {
            source: Some("prom".into()),
            from: Some(from.parse().unwrap()),
            to: Some(to.parse().unwrap()),
        })
        .unwrap();
    wait(services, &job.id)
}

#[test]
fn a_backfill_from_prometheus_stores_every_point_once_and_a_resync_writes_nothing() {
    let now = at("2026-09-20T12:00:00Z");
    let (text, generated) = history(now);
    let server =
        PrometheusServer::start(&text, None).expect("Prometheus from Debian is installed by make setup");
    let (_dir, mut services) = board();
    add_prometheus(&mut services, &server.url, SourceAuth::None);
    let bindings = [
        ("kpi.change-failure-rate", "fraud-scoring", "archboard_cfr_percent"),
        ("kpi.change-failure-rate", "card-risk", "archboard_cfr_percent"),
        ("kpi.availability-slo", "fraud-scoring", "archboard_availability_percent"),
        ("kpi.time-to-detect", "fraud-scoring", "archboard_detect_minutes"),
    ];
    for (kpi, system, metric) in bindings {
        bind(&mut services, kpi, system, metric);
    }
    let first = backfill(&mut services, "2026-06-22", "2026-09-20");
    assert_eq!(first.job.state, JobState::Completed, "{:?}", first.job.message);
    assert_eq!((first.bindings_done, first.bindings_total), (4, 4));
    for (kpi, system, metric) in bindings {
        let (_, _, points) = generated.iter().find(|(m, s, _)| m == metric && s == system).unwrap();
        let stored = services
            .kpi_series(KpiSeriesQuery {
                kpi: kpi.into(),
                scope: Scope::system(system),
                from: None,
                to: None,
            })
            .unwrap()
            .measurements;
        // The backfill covers 22 June 00:00 to now; the generated series starts 90 days back.
        let expected: Vec<(i64, f64)> = points
            .iter()
            .copied()
            .filter(|(t, _)| *t >= at("2026-06-22T00:00:00Z").timestamp() && *t <= now.timestamp())
            .collect();
        let got: Vec<(i64, f64)> = stored.iter().map(|m| (m.at.timestamp(), m.value)).collect();
        assert_eq!(got, expected, "{kpi} for {system}");
        assert!(stored.iter().all(|m| m.source == "prom"));
    }
    let again = backfill(&mut services, "2026-06-22", "2026-09-20");
    assert_eq!(again.job.state, JobState::Completed);
    assert_eq!(again.points_written, 0, "a re-sync writes nothing new");
    assert!(again.outcomes.iter().all(|o| o.points_unchanged > 0));
    let source = services.source_get(SourceRef { name: "prom".into() }).unwrap();
    assert_eq!(source.status.last_error, None);
    assert!(source.status.last_success.is_some());

    // The scorecard reads the synced values like any other.
    let card = services
        .scorecard_show(ScorecardQuery {
            scope: system(),
            period: "2026-Q3".parse().unwrap(),
            band_year: None,
        })
        .unwrap();
    assert!(row(&card, "kpi.change-failure-rate").sources.contains(&"prom".to_string()));
    assert!(row(&card, "kpi.change-failure-rate").points > 1000);

    // A query with bad PromQL: Prometheus's own bad_data message on the binding and the job.
    let bad = services
        .binding_add(BindingEdit {
            kpi: "kpi.rollback-rate".into(),
            scope: system(),
            source: "prom".into(),
            query: "sum(rate(".into(),
            aggregate: None,
            step_s: None,
        })
        .unwrap();
    let failed = backfill(&mut services, "2026-09-01", "2026-09-02");
    assert_eq!(failed.job.state, JobState::Failed);
    let outcome = failed.outcomes.iter().find(|o| o.binding == Some(bad.id)).unwrap();
    assert_eq!(outcome.error.as_ref().unwrap().error_type.as_deref(), Some("bad_data"));
    let stored = services.binding_list(BindingListQuery::default()).unwrap();
    let status = &stored.iter().find(|b| b.id == bad.id).unwrap().status;
    assert_eq!(status.last_error.as_ref().unwrap().error_type.as_deref(), Some("bad_data"));
    let test = services
        .source_test(SourceTestRequest { name: "prom".into(), query: Some("sum(rate(".into()), scope: None })
        .unwrap();
    assert!(!test.ok && test.error.unwrap().error_type.as_deref() == Some("bad_data"));
    let live = services
        .source_test(SourceTestRequest {
            name: "prom".into(),
            query: Some("max_over_time(archboard_cfr_percent{system=\"${system}\"}[100d])".into()),
            scope: Some(system()),
        })
        .unwrap();
    assert!(live.ok, "{:?}", live.error);
    assert!(live.query.contains("fraud-scoring"));
    assert_eq!(live.series, 1);
}

#[test]
fn basic_auth_comes_from_a_reference_and_a_server_lost_mid_backfill_fails_the_job_cleanly() {
    let now = at("2026-09-20T12:00:00Z");
    // Sixty days at one point a minute: eight chunks of at most 11,000 points, so the server
    // can go away between them.
    let end = now.timestamp() / 60 * 60;
    let minutes: Vec<(i64, f64)> =
        (0..=60 * 1440).map(|m| (end - (60 * 1440 - m) * 60, 5.0 + (m % 13) as f64)).collect();
    let text =
        openmetrics_gauge("archboard_cfr_percent", &[("system", "fraud-scoring")], &minutes) + "# EOF\n";
    // The password is read from the environment when the sync runs: this process's HOME
    // stands in for a secret (the engine forbids `unsafe`, so tests cannot set variables).
    let password = std::env::var("HOME").expect("HOME is set");
    let mut server = PrometheusServer::start(&text, Some(("archboard", &password))).unwrap();
    let (_dir, mut services) = board();
    add_prometheus(
        &mut services,
        &server.url,
        SourceAuth::Basic { user: "archboard".into(), password: "env:HOME".into() },
    );
    let binding = services
        .binding_add(BindingEdit {
            kpi: "kpi.change-failure-rate".into(),
            scope: system(),
            source: "prom".into(),
            query: "archboard_cfr_percent{system=\"${system}\"}".into(),
            aggregate: None,
            step_s: Some(60),
        })
        .unwrap();
    let test =
        services.source_test(SourceTestRequest { name: "prom".into(), query: None, scope: None }).unwrap();
    assert!(test.ok, "{:?}", test.error);

    let job = services
        .sync_start(SyncRequest {
            source: Some("prom".into()),
            from: Some("2026-07-22".parse().unwrap()),
            to: Some("2026-09-20".parse().unwrap()),
        })
        .unwrap();
    // Stop the server once the first chunks are in.
    for _ in 0..5000 {
        if services.sync_progress(JobRef { id: job.id.clone() }).unwrap().points_written > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    server.stop();
    let lost = wait(&mut services, &job.id);
    assert_eq!(lost.job.state, JobState::Failed, "{:?}", lost.job.message);
    let message = lost.job.message.clone().unwrap();
    assert!(message.contains("kpi.change-failure-rate"), "{message}");
    assert!(lost.points_written > 0);
    let count = |services: &mut Services| {
        services
            .kpi_series(KpiSeriesQuery {
                kpi: "kpi.change-failure-rate".into(),
                scope: system(),
                from: None,
                to: None,
            })
            .unwrap()
            .measurements
            .len() as u64
    };
    let partial = count(&mut services);
    assert_eq!(partial, lost.points_written, "whole chunks only");
    let total_minutes = minutes.len() as i64;
    assert!(partial < total_minutes as u64, "it stopped half-way");
    let stored = services.binding_list(BindingListQuery::default()).unwrap();
    assert!(stored.iter().find(|b| b.id == binding.id).unwrap().status.last_error.is_some());

    // The server back (fresh, same history): the next sync completes with no duplicates.
    let server = PrometheusServer::start(&text, Some(("archboard", &password))).unwrap();
    let mut edit = SourceEdit {
        name: "prom".into(),
        kind: SourceKind::Prometheus,
        url: server.url.clone(),
        auth: SourceAuth::Basic { user: "archboard".into(), password: "env:HOME".into() },
        ca_file: None,
        timeout_s: Some(5),
        json: None,
        interval_minutes: None,
    };
    services.source_update(edit.clone()).unwrap();
    let done = backfill(&mut services, "2026-07-22", "2026-09-20");
    assert_eq!(done.job.state, JobState::Completed, "{:?}", done.job.message);
    assert_eq!(count(&mut services), total_minutes as u64);
    assert_eq!(done.points_written, total_minutes as u64 - partial);

    // The wrong password is Prometheus's 401, said as such.
    // Cargo sets the package name for every test process: a variable that is not the password.
    edit.auth = SourceAuth::Basic { user: "archboard".into(), password: "env:CARGO_PKG_NAME".into() };
    services.source_update(edit).unwrap();
    let refused =
        services.source_test(SourceTestRequest { name: "prom".into(), query: None, scope: None }).unwrap();
    assert!(!refused.ok);
    assert!(refused.error.unwrap().message.contains("401"));
}

#[test]
fn the_scheduler_starts_a_source_when_its_interval_comes_round_and_only_then() {
    let (_dir, mut services) = board();
    services
        .source_add(SourceEdit {
            name: "prom".into(),
            kind: SourceKind::Prometheus,
            url: "http://127.0.0.1:9".into(),
            auth: SourceAuth::None,
            ca_file: None,
            timeout_s: Some(1),
            json: None,
            interval_minutes: Some(15),
        })
        .unwrap();
    let next = services.source_get(SourceRef { name: "prom".into() }).unwrap().next_run.unwrap();
    assert_eq!(next, at("2026-09-20T12:15:00Z"));
    let jobs = crate::jobs::Jobs::default();
    let path = services.database_path().to_path_buf();
    let due = crate::services::sync::start_due;
    assert_eq!(due(&path, &jobs, at("2026-09-20T12:14:00Z")).unwrap(), 0);
    assert_eq!(due(&path, &jobs, at("2026-09-20T12:15:00Z")).unwrap(), 1);
    assert_eq!(due(&path, &jobs, at("2026-09-20T12:16:00Z")).unwrap(), 0, "moved on to 12:30");
    let moved = services.source_get(SourceRef { name: "prom".into() }).unwrap().next_run.unwrap();
    assert_eq!(moved, at("2026-09-20T12:30:00Z"));
    assert_eq!(jobs.list(true).len(), 1);
}
