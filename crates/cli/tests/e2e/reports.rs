//! The quarterly maturity report through the real binary: four teams over four quarters
//! seeded by CSV import, assessed per dimension, two quarters closed, a late measurement and
//! an open high risk; the report built as HTML, Markdown and PDF and its figures checked
//! against numbers this test computes itself; the same stored report fetched twice is the same
//! bytes, and two builds differ only in the one line that says when; the HTML screenshotted in
//! headless Chromium and the PDF read back with pdftoppm and pdftotext.

use crate::{archboard, json, ok, refused};
use std::path::{Path, PathBuf};
use std::process::Command;

const TEAMS: [&str; 4] = ["Atlas", "Beacon", "Comet", "Delta"];
const QUARTERS: [&str; 4] = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];
/// (KPI, green from, amber from): all three are "higher is better" percentages.
const KPIS: [(&str, f64, f64); 3] = [
    ("kpi.reproducibility-rate", 95.0, 90.0),
    ("kpi.lineage-coverage", 90.0, 80.0),
    ("kpi.registry-metadata-completeness", 95.0, 90.0),
];
const DIMENSIONS: [&str; 7] = [
    "cost-management",
    "deployment-automation",
    "governance-risk",
    "incident-readiness",
    "monitoring-observability",
    "platform-adoption",
    "reproducibility-lineage",
];

/// The value of KPI `k` for team `t` in quarter `q`: spread so the teams land in different
/// states and move between quarters.
fn value(t: usize, k: usize, q: usize) -> f64 {
    let base = [97.0, 91.0, 84.0, 99.0][t];
    let step = [1.0, 2.0, -3.0, 0.0][t];
    let offset = [0.0, -4.0, 2.0][k];
    f64::min(100.0, base + offset + step * q as f64 - 3.0)
}

/// The level team `t` is assessed at in dimension `d` for quarter index `q` (2 = Q2, 3 = Q3).
fn level(t: usize, d: usize, q: usize) -> u8 {
    let base = [(t + d) % 4, (t * 2 + d) % 3, 1 + d % 3, (d + 3) % 5][t] as u8;
    // Atlas and Beacon improve one level in deployment automation from Q2 to Q3.
    if q == 3 && d == 1 && t < 2 { (base + 1).min(4) } else { base }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rag {
    Green,
    Amber,
    Red,
}

fn rag(value: f64, green: f64, amber: f64) -> Rag {
    if value >= green {
        Rag::Green
    } else if value >= amber {
        Rag::Amber
    } else {
        Rag::Red
    }
}

/// The headline the report should give a team, computed here from the rule's words: red
/// when any KPI is red or more than a quarter are amber; amber when any is amber; else green.
fn expected_headline(t: usize, q: usize) -> (String, u32, u32, u32) {
    let states: Vec<Rag> =
        KPIS.iter().enumerate().map(|(k, (_, g, a))| rag(value(t, k, q), *g, *a)).collect();
    let count = |s: Rag| states.iter().filter(|x| **x == s).count() as u32;
    let (green, amber, red) = (count(Rag::Green), count(Rag::Amber), count(Rag::Red));
    let word = if red > 0 || amber * 4 > 3 {
        "red"
    } else if amber > 0 {
        "amber"
    } else {
        "green"
    };
    let mut parts = vec![format!("{green} of 3 KPIs green")];
    if amber > 0 {
        parts.push(format!("{amber} amber"));
    }
    if red > 0 {
        parts.push(format!("{red} red"));
    }
    (format!("{} is {word}: {}.", TEAMS[t], parts.join(", ")), green, amber, red)
}

/// The 20th of the quarter's last month: late enough that no KPI is stale at the quarter's end.
fn late_in(quarter: &str) -> String {
    let (year, q) = quarter.split_once("-Q").unwrap();
    let month = q.parse::<u32>().unwrap() * 3;
    format!("{year}-{month:02}-20")
}

fn seed(dir: &Path) -> PathBuf {
    let db = dir.join("board.db");
    let run = |args: &[&str]| archboard(&db, args);
    let mut csv = String::from("kpi,team,time,value,note\n");
    for (t, team) in TEAMS.iter().enumerate() {
        ok(run(&["team", "add", team]));
        let key = format!("{}-svc", team.to_lowercase());
        ok(run(&[
            "system",
            "add",
            &key,
            "--name",
            &format!("{team} service"),
            "--team",
            team,
            "--tier",
            "high",
        ]));
        let kpis: Vec<&str> = KPIS.iter().map(|k| k.0).collect();
        let mut choose = vec!["scorecard", "choose", "--team", team];
        choose.extend(kpis);
        ok(run(&choose));
        for (q, quarter) in QUARTERS.iter().enumerate() {
            for (k, (kpi, ..)) in KPIS.iter().enumerate() {
                csv.push_str(&format!("{kpi},{team},{},{},seeded\n", late_in(quarter), value(t, k, q)));
            }
        }
    }
    let file = dir.join("kpis.csv");
    std::fs::write(&file, csv).unwrap();
    ok(run(&["kpi", "import", file.to_str().unwrap()]));
    db
}

fn assess_quarter(db: &Path, q: usize) {
    for (t, team) in TEAMS.iter().enumerate() {
        for (d, dim) in DIMENSIONS.iter().enumerate() {
            let pair = format!("{dim}={}", level(t, d, q));
            let target = (level(t, d, q) + 1).min(4).to_string();
            ok(archboard(
                db,
                &[
                    "maturity",
                    "assess",
                    "--team",
                    team,
                    "--period",
                    QUARTERS[q],
                    "--dimension",
                    &pair,
                    "--rationale",
                    "Seeded by the report test",
                    "--target",
                    &target,
                ],
            ));
        }
        ok(archboard(db, &["maturity", "approve", "--team", team, "--period", QUARTERS[q]]));
    }
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(name: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().is_ok_and(|o| o.status.success())
}

#[test]
fn a_quarterly_report_over_four_teams_and_four_quarters_holds_the_numbers_computed_here() {
    let dir = tempfile::tempdir().unwrap();
    let db = seed(dir.path());
    let run = |args: &[&str]| archboard(&db, args);

    // The proposal explains itself; a level other than it needs a rationale.
    let proposal = json(run(&["maturity", "propose", "--team", "Atlas", "--period", "2026-Q3", "--json"]));
    assert_eq!(proposal["dimensions"].as_array().unwrap().len(), DIMENSIONS.len());
    let missing = refused(run(&[
        "maturity",
        "assess",
        "--team",
        "Atlas",
        "--period",
        "2026-Q3",
        "--dimension",
        "cost-management=4",
    ]));
    assert!(missing.contains("rationale"), "{missing}");
    let bad = crate::usage_error(run(&[
        "maturity",
        "assess",
        "--team",
        "Atlas",
        "--period",
        "2026-Q3",
        "--dimension",
        "cost-management=7",
    ]));
    assert!(bad.contains("cost-management=7"), "{bad}");

    assess_quarter(&db, 2);
    let closed = ok(run(&["quarter", "close", "2026-Q2"]));
    assert!(closed.starts_with("2026-Q2 closed: 4 team(s) frozen"), "{closed}");

    // An open high risk at Atlas after Q2 closed: one failed high-risk item.
    ok(run(&["review", "new", "--system", "atlas-svc", "--kind", "production-readiness"]));
    ok(run(&["review", "answer", "1", "owner-on-call", "--status", "fail", "--notes", "no rota"]));

    assess_quarter(&db, 3);
    ok(run(&["quarter", "close", "2026-Q3"]));
    // Data for Q3 that arrives after the close is a late change, not mixed in.
    ok(run(&["kpi", "record", "lineage-coverage", "--team", "Delta", "--value", "12", "--at", "2026-09-28"]));
    let frozen = refused(run(&[
        "maturity",
        "assess",
        "--team",
        "Atlas",
        "--period",
        "2026-Q3",
        "--dimension",
        "cost-management=0",
        "--rationale",
        "late",
    ]));
    assert!(frozen.contains("2026-Q3 is closed"), "{frozen}");

    let out = dir.path();
    let md_path = out.join("report.md");
    let built = json(run(&[
        "report",
        "build",
        "--period",
        "2026-Q3",
        "--format",
        "md",
        "-o",
        md_path.to_str().unwrap(),
        "--commentary",
        "Platform work paid off.\n\nCost is next.",
        "--json",
    ]));
    assert_eq!(built["provisional"], false);
    assert_eq!(built["teams"].as_array().unwrap().len(), 4);
    assert!(built["late_changes"].as_u64().unwrap() >= 1, "{built}");
    let id = built["id"].as_i64().unwrap().to_string();
    let md = std::fs::read_to_string(&md_path).unwrap();
    std::fs::write(screenshot_dir().join("report.md"), &md).unwrap();

    // Headline per team, computed here.
    for t in 0..TEAMS.len() {
        let (sentence, ..) = expected_headline(t, 3);
        assert!(md.contains(&sentence), "missing `{sentence}` in\n{md}");
    }
    assert!(md.contains("Open high risks: 1 across 1 team (0 last quarter)."), "{md}");
    assert!(md.contains("Deployment automation rose from level"), "{md}");
    // The heat map's rows and the distribution of levels over every team × dimension in Q3.
    let mut counts = [0u32; 5];
    for (t, team) in TEAMS.iter().enumerate() {
        let levels: Vec<String> = (0..DIMENSIONS.len()).map(|d| level(t, d, 3).to_string()).collect();
        let row = format!("| {team} | {} |", levels.join(" | "));
        assert!(md.contains(&row), "missing heat map row `{row}` in\n{md}");
        for d in 0..DIMENSIONS.len() {
            counts[level(t, d, 3) as usize] += 1;
        }
    }
    let spread: Vec<String> =
        counts.iter().enumerate().map(|(lvl, n)| format!("{n} at level {lvl}")).collect();
    let sentence = format!("28 assessed dimensions: {}; 0 not assessed.", spread.join(", "));
    assert!(md.contains(&sentence), "missing `{sentence}`");
    // KPI attainment across the scope: greens over every KPI of every team.
    let greens: u32 = (0..TEAMS.len()).map(|t| expected_headline(t, 3).1).sum();
    let attainment = format!("Across the scope {greens} of 12 KPIs are green");
    assert!(md.contains(&attainment), "missing `{attainment}`");
    // The frozen figure, not the late one, is in Delta's scorecard; the late one is listed.
    assert!(md.contains("Platform work paid off."));
    assert!(md.contains("Late changes"), "{md}");
    // The charts are files beside the Markdown, linked relatively.
    let charts = out.join("maturity-2026-Q3-charts");
    let chart_files: Vec<_> = std::fs::read_dir(&charts).unwrap().collect();
    assert!(chart_files.len() >= 4 + 3, "a radar and a trend per team and the organisation's charts");
    assert!(md.contains("](maturity-2026-Q3-charts/"), "{md}");

    // The same stored report fetched again is the same bytes, in every format.
    for format in ["html", "md", "pdf"] {
        let a = out.join(format!("a.{format}"));
        let b = out.join(format!("b.{format}"));
        ok(run(&["report", "get", &id, "--format", format, "-o", a.to_str().unwrap()]));
        ok(run(&["report", "get", &id, "--format", format, "-o", b.to_str().unwrap()]));
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{format}");
    }
    // A second build of the same snapshot differs only in the line saying when it was built.
    let html_a = out.join("a.html");
    let html_c = out.join("c.html");
    ok(run(&[
        "report",
        "build",
        "--period",
        "2026-Q3",
        "--format",
        "html",
        "-o",
        html_c.to_str().unwrap(),
        "--commentary",
        "Platform work paid off.\n\nCost is next.",
    ]));
    let (a, c) = (std::fs::read_to_string(&html_a).unwrap(), std::fs::read_to_string(&html_c).unwrap());
    let differing: Vec<(&str, &str)> = a.lines().zip(c.lines()).filter(|(x, y)| x != y).collect();
    assert!(differing.len() <= 1, "{differing:?}");
    assert!(differing.iter().all(|(x, _)| x.contains("Generated")), "{differing:?}");
    assert!(!a.contains("http://") && !a.contains("https://") && !a.contains("<script"));

    let listed = json(run(&["report", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // The HTML in headless Chromium, screenshotted for a person to look at.
    if tool("chromium") {
        let shot = screenshot_dir().join("report-html.png");
        let _ = std::fs::remove_file(&shot);
        let status = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1200,2600",
            ])
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("file://{}", html_a.display()))
            .output()
            .unwrap();
        assert!(shot.exists(), "no screenshot: {}", String::from_utf8_lossy(&status.stderr));
        assert!(std::fs::metadata(&shot).unwrap().len() > 20_000, "the page looks blank");
    }

    // The PDF: pages rendered and text read back, every section and team present.
    let pdf = out.join("a.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    std::fs::copy(&pdf, screenshot_dir().join("report.pdf")).unwrap();
    if tool("pdftotext") && tool("pdftoppm") {
        let pages = out.join("page");
        let rendered =
            Command::new("pdftoppm").args(["-r", "40", "-png"]).arg(&pdf).arg(&pages).output().unwrap();
        assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
        let count = std::fs::read_dir(out)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("page"))
            .count();
        assert!(count > TEAMS.len(), "a page per team and more, got {count}");
        let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        std::fs::write(screenshot_dir().join("report-pdf.txt"), &text).unwrap();
        for heading in
            ["Executive summary", "Commentary", "Organisation", "Data quality", "Evidence appendix"]
        {
            assert!(text.contains(heading), "the PDF lacks `{heading}`");
        }
        for team in TEAMS {
            assert!(text.contains(team), "the PDF lacks {team}");
        }
        let (sentence, ..) = expected_headline(0, 3);
        assert!(text.split_whitespace().collect::<Vec<_>>().join(" ").contains(&sentence), "{sentence}");
        eprintln!("PDF: {count} pages, {} bytes", bytes.len());
    }
}
