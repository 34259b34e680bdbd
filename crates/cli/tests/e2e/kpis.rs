//! KPI scorecards through the real binary: values recorded (and one refused by its unit, with
//! nothing written), a CSV import with a bad row previewed, written and re-imported, a series
//! read back, a scorecard judged over two quarters and changed by an override with its reason,
//! a source refused for holding a password, and a real Prometheus (Debian's, started on
//! backfilled history behind basic auth) bound per system, backfilled by `sync` to exactly the
//! generated points, tested with good and bad PromQL.

use crate::{archboard, archboard_binary, json, ok, refused};
use archboard_metrics::test_server::{PrometheusServer, openmetrics_gauge};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A board with team "Payments ML" running the high-tier systems `fraud` and `card-risk`.
fn board(dir: &Path) -> PathBuf {
    let db = dir.join("board.db");
    ok(archboard(&db, &["team", "add", "Payments ML"]));
    for (key, name) in [("fraud", "Fraud scoring"), ("card-risk", "Card risk")] {
        ok(archboard(
            &db,
            &["system", "add", key, "--name", name, "--team", "Payments ML", "--tier", "high"],
        ));
    }
    db
}

fn row<'a>(card: &'a Value, kpi: &str) -> &'a Value {
    card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kpi"] == kpi)
        .unwrap_or_else(|| panic!("no row {kpi}"))
}

fn series(db: &Path, args: &[&str]) -> Vec<(String, f64, String)> {
    let mut all = vec!["kpi", "series"];
    all.extend_from_slice(args);
    all.push("--json");
    json(archboard(db, &all))["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["at"].as_str().unwrap().to_owned(),
                m["value"].as_f64().unwrap(),
                m["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn values_are_recorded_checked_imported_from_csv_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);

    // The key may leave out `kpi.`; a day alone is board-local midnight (the board is on UTC).
    assert_eq!(
        ok(run(&[
            "kpi",
            "record",
            "change-failure-rate",
            "--system",
            "fraud",
            "--value",
            "12",
            "--at",
            "2026-05-10"
        ])),
        "Recorded kpi.change-failure-rate = 12 for system fraud at 2026-05-10T00:00:00Z.\n"
    );
    let team = json(run(&[
        "kpi",
        "record",
        "kpi.delivery-predictability",
        "--team",
        "Payments ML",
        "--value",
        "85.5",
        "--at",
        "2026-05-11 14:30",
        "--note",
        "sprint 41",
        "--json",
    ]));
    assert_eq!(team["at"], "2026-05-11T14:30:00Z");
    assert_eq!(team["scope"], serde_json::json!({"kind": "team", "key": "Payments ML"}));
    assert_eq!(team["source"], "manual");

    // A percentage of 140: refused naming the KPI and the value, nothing written.
    let message =
        refused(run(&["kpi", "record", "change-failure-rate", "--system", "fraud", "--value", "140"]));
    assert!(
        message.contains("kpi.change-failure-rate: 140 is not a percentage between 0 and 100"),
        "{message}"
    );
    assert_eq!(
        series(&db, &["change-failure-rate", "--system", "fraud"]),
        [("2026-05-10T00:00:00Z".to_owned(), 12.0, "manual".to_owned())]
    );
    // Exactly one of --team and --system: a usage error before anything runs.
    let both = run(&[
        "kpi",
        "record",
        "change-failure-rate",
        "--system",
        "fraud",
        "--team",
        "Payments ML",
        "--value",
        "1",
    ]);
    assert_eq!(both.status.code(), Some(2));

    let csv = dir.path().join("cfr.csv");
    std::fs::write(
        &csv,
        "kpi,system,time,value,note\n\
         change-failure-rate,fraud,2026-07-10,9,from the release log\n\
         kpi.change-failure-rate,fraud,2026-08-10 12:00,11,\n\
         change-failure-rate,fraud,2026-08-20,140,a typo\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let preview = ok(run(&["kpi", "import", csv, "--dry-run"]));
    assert!(
        preview.contains(
            "line    2  new        kpi.change-failure-rate  system fraud  2026-07-10T00:00:00Z  9\n"
        ),
        "{preview}"
    );
    assert!(
        preview.contains(
            "line    3  new        kpi.change-failure-rate  system fraud  2026-08-10T12:00:00Z  11\n"
        )
    );
    assert!(
        preview.contains(
            "line    4  bad        kpi.change-failure-rate: 140 is not a percentage between 0 and 100\n"
        ),
        "{preview}"
    );
    assert!(
        preview.ends_with(
            "2 new, 0 updated, 0 unchanged, 1 bad\n1 bad row was skipped.\nDry run: nothing was written.\n"
        ),
        "{preview}"
    );
    assert_eq!(
        series(&db, &["change-failure-rate", "--system", "fraud"]).len(),
        1,
        "a dry run writes nothing"
    );

    let imported = ok(run(&["kpi", "import", csv]));
    assert!(
        imported.ends_with(
            "2 new, 0 updated, 0 unchanged, 1 bad\n1 bad row was skipped.\nWritten: 2 new, 0 updated.\n"
        ),
        "{imported}"
    );
    let again = json(run(&["kpi", "import", csv, "--json"]));
    assert_eq!(
        (&again["new"], &again["updated"], &again["unchanged"], &again["bad"]),
        (&0.into(), &0.into(), &2.into(), &1.into())
    );
    assert_eq!(again["applied"], false);
    let statuses: Vec<&str> =
        again["rows"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["unchanged", "unchanged", "bad"]);
    assert!(ok(run(&["kpi", "import", csv])).ends_with("Nothing was written: no row is new or changed.\n"));

    // The series, oldest first, with where each value came from; --from/--to are days, both in.
    assert_eq!(
        series(&db, &["kpi.change-failure-rate", "--system", "fraud"]),
        [
            ("2026-05-10T00:00:00Z".to_owned(), 12.0, "manual".to_owned()),
            ("2026-07-10T00:00:00Z".to_owned(), 9.0, "csv".to_owned()),
            ("2026-08-10T12:00:00Z".to_owned(), 11.0, "csv".to_owned()),
        ]
    );
    let window = series(
        &db,
        &["change-failure-rate", "--system", "fraud", "--from", "2026-07-10", "--to", "2026-08-10"],
    );
    assert_eq!(window.iter().map(|(_, v, _)| *v).collect::<Vec<_>>(), [9.0, 11.0]);
    let table = ok(run(&["kpi", "series", "change-failure-rate", "--system", "fraud"]));
    assert!(
        table.starts_with("Change failure rate (ML) (% of releases) for system fraud: 3 measurement(s)\n"),
        "{table}"
    );
    assert!(table.contains("2026-07-10T00:00:00Z             9  csv     from the release log\n"), "{table}");

    let message = refused(run(&["kpi", "series", "no-such-kpi", "--system", "fraud"]));
    assert!(message.contains("There is no KPI `kpi.no-such-kpi` in the catalog."), "{message}");
}

#[test]
fn a_scorecard_judges_the_quarter_against_the_previous_one_and_an_override_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = board(dir.path());
    let run = |args: &[&str]| archboard(&db, args);
    // Change failure rate: the mean of the quarter, green up to 10%, amber up to 15%.
    for (at, value) in
        [("2026-05-15", "8"), ("2026-06-20", "10"), ("2026-08-10", "12"), ("2026-09-20 09:00", "14")]
    {
        ok(run(&["kpi", "record", "change-failure-rate", "--system", "fraud", "--value", value, "--at", at]));
    }
    let show = |extra: &[&str]| {
        let mut args = vec!["scorecard", "show", "--system", "fraud", "--period", "2026-Q3"];
        args.extend_from_slice(extra);
        archboard(&db, &args)
    };

    let card = json(show(&["--json"]));
    assert_eq!((&card["period"], &card["previous_period"]), (&"2026-Q3".into(), &"2026-Q2".into()));
    let cfr = row(&card, "kpi.change-failure-rate");
    assert_eq!(cfr["value"], 13.0);
    assert_eq!(cfr["previous"], 9.0);
    assert_eq!(cfr["points"], 2);
    assert_eq!(cfr["judgement"]["state"], "amber");
    assert_eq!(cfr["change"]["absolute"], 4.0);
    assert!((cfr["change"]["percent"].as_f64().unwrap() - 400.0 / 9.0).abs() < 1e-9, "{cfr}");
    assert_eq!(cfr["sources"], serde_json::json!(["manual"]));
    assert_eq!(card["amber"], 1);
    assert_eq!((&card["green"], &card["red"]), (&0.into(), &0.into()));
    // The measured KPI leads; the other KPIs of the tier are grey.
    assert_eq!(card["rows"][0]["kpi"], "kpi.change-failure-rate");
    assert!(card["grey"].as_u64().unwrap() > 0);

    let table = ok(show(&[]));
    assert!(
        table.starts_with("Scorecard of system fraud for 2026-Q3 (change from 2026-Q2; the default KPIs)\n"),
        "{table}"
    );
    let line = table.lines().find(|l| l.starts_with("Change failure rate (ML)")).unwrap();
    for cell in ["13% of releases", "A Amber", "+4 (+44.4%)", "  9  ", "change-failure-rate"] {
        assert!(line.contains(cell), "`{cell}` missing from {line:?}");
    }
    assert!(table.contains(&format!("0 green, 1 amber, 0 red, {} grey", card["grey"])), "{table}");

    // An override needs its reason (clap), green inside amber (the engine), and then judges anew.
    let message = refused(run(&[
        "scorecard",
        "override",
        "--system",
        "fraud",
        "change-failure-rate",
        "--green",
        "..30",
        "--amber",
        "..20",
        "--reason",
        "Pilot year",
    ]));
    assert!(message.contains("the green range must lie inside the amber one"), "{message}");
    let overridden = ok(run(&[
        "scorecard",
        "override",
        "--system",
        "fraud",
        "change-failure-rate",
        "--green",
        "..15",
        "--amber",
        "..20",
        "--reason",
        "Pilot year: new release train",
    ]));
    assert!(
        overridden.starts_with("Change failure rate (ML) on the scorecard of system fraud: green ..15, amber ..20 (this scorecard's, set by "),
        "{overridden}"
    );
    assert!(overridden.contains(": Pilot year: new release train)."), "{overridden}");
    let card = json(show(&["--json"]));
    let cfr = row(&card, "kpi.change-failure-rate");
    assert_eq!(cfr["judgement"]["state"], "green");
    assert_eq!(cfr["overridden"]["reason"], "Pilot year: new release train");
    assert_eq!(cfr["target"]["green"], serde_json::json!({"max": 15.0}));
    assert_eq!((&card["green"], &card["amber"]), (&1.into(), &0.into()));
    let table = ok(show(&[]));
    assert!(table.contains("G Green *"), "{table}");
    assert!(table.contains("* thresholds overridden on this scorecard\n"), "{table}");

    let reset = ok(run(&[
        "scorecard",
        "override",
        "--system",
        "fraud",
        "change-failure-rate",
        "--reset",
        "--reason",
        "Train is stable",
    ]));
    assert!(reset.contains("green ..10, amber ..15 (the catalog's)."), "{reset}");
    assert_eq!(row(&json(show(&["--json"])), "kpi.change-failure-rate")["judgement"]["state"], "amber");

    // Choosing the KPIs a scorecard shows; none is the defaults again.
    let chosen =
        ok(run(&["scorecard", "choose", "--system", "fraud", "change-failure-rate", "kpi.availability-slo"]));
    assert_eq!(
        chosen,
        "The scorecard of system fraud shows the KPIs chosen: 2 KPI(s): kpi.change-failure-rate, kpi.availability-slo\n"
    );
    let card = json(show(&["--json"]));
    assert_eq!(card["chosen"], true);
    assert_eq!(card["rows"].as_array().unwrap().len(), 2);
    let defaults = json(run(&["scorecard", "choose", "--system", "fraud", "--json"]));
    assert_eq!(defaults["chosen"], false);
    assert!(defaults["rows"].as_array().unwrap().len() > 2);
}

/// `archboard --db DB ARGS…` with extra environment variables (a secret a reference names).
fn archboard_with(db: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(archboard_binary());
    command.arg("--db").arg(db).args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("archboard runs")
}

#[test]
fn a_real_prometheus_is_bound_per_system_and_backfilled_to_exactly_its_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = board(dir.path());

    // A source that would store a password is refused, and so nothing is added.
    let message = refused(archboard(
        &db,
        &[
            "source",
            "add",
            "prometheus",
            "prom",
            "--url",
            "http://127.0.0.1:9090",
            "--basic-auth",
            "admin:hunter2",
        ],
    ));
    assert!(message.contains("`env:NAME` or `file:NAME`"), "{message}");
    assert!(message.contains("(field `auth.password`)"), "{message}");
    assert!(ok(archboard(&db, &["source", "list"])).starts_with("No data sources."));

    // Six days of hourly availability for two systems, ending at today's midnight (UTC, as the
    // board's days are).
    let today = Utc::now().date_naive();
    let first = today - Duration::days(6);
    let start = first.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let hours = 6 * 24;
    let fraud: Vec<(i64, f64)> =
        (0..hours).map(|h| (start + h * 3600, 99.0 + f64::from((h % 10) as i32) / 10.0)).collect();
    let card_risk: Vec<(i64, f64)> = (0..hours).map(|h| (start + h * 3600, 50.0)).collect();
    // One family: the second series without its own `# TYPE` line.
    let second = openmetrics_gauge("archboard_availability_percent", &[("system", "card-risk")], &card_risk);
    let history = format!(
        "{}{}# EOF\n",
        openmetrics_gauge("archboard_availability_percent", &[("system", "fraud")], &fraud),
        second.split_once('\n').unwrap().1
    );
    let server = PrometheusServer::start(&history, Some(("admin", "s3cret")))
        .expect("Prometheus from Debian is installed by make setup");
    let secret = [("ARCHBOARD_E2E_PROM_PASSWORD", "s3cret")];
    let run = |args: &[&str]| archboard_with(&db, &secret, args);

    let added = ok(run(&[
        "source",
        "add",
        "prometheus",
        "prom",
        "--url",
        &server.url,
        "--basic-auth",
        "admin:env:ARCHBOARD_E2E_PROM_PASSWORD",
        "--timeout",
        "20",
    ]));
    assert!(
        added.starts_with(&format!(
            "Added Prometheus source `prom` at {} (basic auth as admin, password from env:ARCHBOARD_E2E_PROM_PASSWORD).\n",
            server.url
        )),
        "{added}"
    );
    let sources = json(run(&["source", "list", "--json"]));
    assert_eq!(
        sources[0]["auth"],
        serde_json::json!({"kind": "basic", "user": "admin", "password": "env:ARCHBOARD_E2E_PROM_PASSWORD"})
    );
    assert_eq!(sources[0]["timeout_s"], 20);

    let query = "archboard_availability_percent{system=\"${system}\"}";
    for system in ["fraud", "card-risk"] {
        let bound = json(run(&[
            "kpi",
            "bind",
            "availability-slo",
            "--system",
            system,
            "--source",
            "prom",
            "--query",
            query,
            "--json",
        ]));
        assert_eq!((&bound["kpi"], &bound["step_s"]), (&"kpi.availability-slo".into(), &3600.into()));
    }
    let bindings = json(run(&["kpi", "bindings", "--source", "prom", "--json"]));
    assert_eq!(bindings.as_array().unwrap().len(), 2);
    assert!(ok(run(&["kpi", "bindings"])).contains("last sync: never synced"));

    // Three days in the middle: every hour from the first day's midnight to the last day's end.
    let (from, to) = (first + Duration::days(1), first + Duration::days(3));
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (from_text, to_text) = (day(from), day(to));
    let synced = run(&["sync", "--source", "prom", "--from", &from_text, "--to", &to_text]);
    let stderr = String::from_utf8_lossy(&synced.stderr).into_owned();
    let stdout = ok(synced);
    assert!(stderr.contains("2/2 bindings, 144 points written"), "{stderr}");
    // The last day asked for is the last day synced: no point at the midnight after it.
    assert!(
        stdout.starts_with(&format!(
            "Backfill prom from {from_text} to {to_text}: completed — 144 points written.\n"
        )),
        "{stdout}"
    );
    let outcome: Vec<&str> =
        stdout.lines().find(|l| l.contains("system fraud")).unwrap().split_whitespace().collect();
    assert_eq!(
        outcome,
        ["kpi.availability-slo", "system", "fraud", "prom", "72", "0", "0", "ok"],
        "{stdout}"
    );

    let window_start = start + 24 * 3600;
    let window_end = start + 4 * 24 * 3600;
    let expected = |points: &[(i64, f64)]| -> Vec<(String, f64, String)> {
        points
            .iter()
            .filter(|(t, _)| *t >= window_start && *t < window_end)
            .map(|(t, v)| {
                let at = chrono::DateTime::from_timestamp(*t, 0).unwrap();
                (at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), *v, "prom".to_owned())
            })
            .collect()
    };
    assert_eq!(series(&db, &["availability-slo", "--system", "fraud"]), expected(&fraud));
    assert_eq!(series(&db, &["availability-slo", "--system", "card-risk"]), expected(&card_risk));

    // The same backfill again writes nothing new.
    let again = json(run(&["sync", "--source", "prom", "--from", &from_text, "--to", &to_text, "--json"]));
    assert_eq!((&again["job"]["state"], &again["points_written"]), (&"completed".into(), &0.into()));
    assert!(again["outcomes"].as_array().unwrap().iter().all(|o| o["points_unchanged"] == 72));
    assert!(ok(run(&["source", "list"])).contains("ok "), "the source's last sync is shown");

    // `source test`: a live query filled for a system, and bad PromQL with Prometheus's errorType.
    let tested = ok(run(&[
        "source",
        "test",
        "prom",
        "--query",
        "max_over_time(archboard_availability_percent{system=\"${system}\"}[30d])",
        "--system",
        "fraud",
    ]));
    assert!(
        tested.starts_with(
            "Query: max_over_time(archboard_availability_percent{system=\"fraud\"}[30d])\nValue: 99.9 at "
        ),
        "{tested}"
    );
    assert!(tested.contains("Series: 1\n"), "{tested}");
    let bad = run(&["source", "test", "prom", "--query", "sum(rate("]);
    assert_eq!(bad.status.code(), Some(1));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("bad_data"), "{said}");
    // Without the secret the source cannot be reached, and says which reference is missing.
    let no_secret = archboard(&db, &["source", "test", "prom"]);
    assert_eq!(no_secret.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("ARCHBOARD_E2E_PROM_PASSWORD"));

    // A binding with bad PromQL fails the sync: exit status 1, its error shown per binding.
    ok(run(&[
        "kpi",
        "bind",
        "rollback-rate",
        "--system",
        "fraud",
        "--source",
        "prom",
        "--query",
        "sum(rate(",
    ]));
    let failed = run(&["sync", "--source", "prom", "--from", &from_text, "--to", &from_text]);
    assert_eq!(failed.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert!(stdout.contains("FAILED\n  error: bad_data: "), "{stdout}");
    assert!(String::from_utf8_lossy(&failed.stderr).contains("error: the sync failed: 1 of 3 failed"));

    // Unbinding and removing the source leave the measurements.
    let id = json(run(&["kpi", "bindings", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kpi"] == "kpi.rollback-rate")
        .unwrap()["id"]
        .to_string();
    assert_eq!(ok(run(&["kpi", "unbind", &id])), format!("Removed binding {id}; its measurements stay.\n"));
    assert_eq!(
        ok(run(&["source", "remove", "prom"])),
        "Removed source `prom` and its 2 binding(s); their measurements stay.\n"
    );
    assert_eq!(series(&db, &["availability-slo", "--system", "fraud"]).len(), 72);
    assert!(json(run(&["kpi", "bindings", "--json"])).as_array().unwrap().is_empty());
}

#[test]
fn computed_kpis_are_listed_with_how_they_are_computed() {
    let dir = tempfile::tempdir().unwrap();
    let db = board(dir.path());
    let computed = json(archboard(&db, &["kpi", "computed", "--json"]));
    let list = computed.as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|c| c["kpi"].as_str().unwrap().starts_with("kpi.") && !c["how"].as_str().unwrap().is_empty()));
    let text = ok(archboard(&db, &["kpi", "computed"]));
    assert!(text.ends_with(&format!(
        "{} computed KPI(s); `archboard sync --source computed` writes them.\n",
        list.len()
    )));
    // Syncing only the computed KPIs needs no source and succeeds.
    let synced = ok(archboard(&db, &["sync", "--source", "computed"]));
    assert!(synced.starts_with("Sync computed: completed"), "{synced}");
}
