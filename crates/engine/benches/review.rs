//! `cargo bench -p archboard-engine --bench review`: prints figures for a 500-item review on a
//! real SQLite file — starting it from a 500-item template, loading it whole (every item judged,
//! the summary, chart and SLA computed), answering one item (the write and the reload the
//! fronts see), and the risk summary alone. Figures, not assertions: compare runs by eye.

use archboard_engine::Services;
use archboard_engine::services::Adapter;
use archboard_types::catalog::CatalogImportRequest;
use archboard_types::catalog::RiskTier;
use archboard_types::files::FileContents;
use archboard_types::people::{LifecycleStage, SystemEdit, TeamEdit};
use archboard_types::review::{ItemAnswer, ItemStatus, NewReview, ReviewKind, ReviewRef, summarise_risks};
use hdrhistogram::Histogram;
use std::time::Instant;

const ITEMS: usize = 500;
const SECTIONS: usize = 10;
const SAMPLES: u32 = 50;

/// A checklist template with `ITEMS` items over `SECTIONS` sections, as a catalog TOML file.
fn template() -> String {
    let sections: Vec<String> = (0..SECTIONS).map(|s| format!("\"Section {s}\"")).collect();
    let mut toml = format!(
        "[[checklist]]\nkey = \"checklist.bench-500\"\nname = \"Bench 500\"\nsummary = \"Five hundred items.\"\nversion = 1\nscoring = \"pass_fail\"\nsections = [{}]\n",
        sections.join(", ")
    );
    for i in 0..ITEMS {
        toml.push_str(&format!(
            "\n[[checklist.items]]\nkey = \"item-{i}\"\nsection = \"Section {}\"\nprompt = \"Is control {i} in place and measured?\"\nguidance = \"Show the control working.\"\nevidence = \"A link.\"\nrisk = \"{}\"\ntiers = [\"low\", \"medium\", \"high\"]\n",
            i % SECTIONS,
            if i % 3 == 0 { "high" } else { "medium" }
        ));
    }
    toml
}

fn report(name: &str, histogram: &Histogram<u64>) {
    println!(
        "{name:<44} p50 {:>8.2} ms  p95 {:>8.2} ms  p99 {:>8.2} ms  (n={})",
        histogram.value_at_quantile(0.5) as f64 / 1000.0,
        histogram.value_at_quantile(0.95) as f64 / 1000.0,
        histogram.value_at_quantile(0.99) as f64 / 1000.0,
        histogram.len()
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut services = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
    services
        .catalog_import(CatalogImportRequest {
            files: vec![FileContents::new("bench-500.toml", template())],
            dry_run: false,
        })
        .unwrap();
    services.team_create(TeamEdit { name: "Bench".into(), ..Default::default() }).unwrap();
    services
        .system_create(SystemEdit {
            key: "bench".into(),
            name: "Bench".into(),
            team: "Bench".into(),
            tier: RiskTier::High,
            stage: LifecycleStage::Production,
            ..Default::default()
        })
        .unwrap();

    let started = Instant::now();
    let review = services
        .review_create(NewReview {
            system: "bench".into(),
            kind: ReviewKind::Custom,
            templates: vec!["checklist.bench-500".into()],
            title: String::new(),
            signoffs: None,
        })
        .unwrap();
    println!(
        "start a review from a {}-item template: {:.1} ms",
        review.items.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let id = review.id;
    // Half the items answered, a third of those failing, so the summary has every bucket.
    for i in (0..ITEMS).step_by(2) {
        let status = if i % 6 == 0 { ItemStatus::Fail } else { ItemStatus::Pass };
        services
            .review_answer(ItemAnswer {
                id,
                item: format!("item-{i}"),
                status: Some(status),
                evidence: "CI run".into(),
                ..Default::default()
            })
            .unwrap();
    }

    let mut load = Histogram::<u64>::new(3).unwrap();
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let review = services.review_get(ReviewRef { id }).unwrap();
        load.record(t.elapsed().as_micros() as u64).unwrap();
        assert_eq!(review.items.len(), ITEMS);
    }
    report("load the whole review (500 items)", &load);

    let mut answer = Histogram::<u64>::new(3).unwrap();
    for n in 0..SAMPLES as usize {
        let t = Instant::now();
        services
            .review_answer(ItemAnswer {
                id,
                item: format!("item-{}", (n * 7) % ITEMS),
                status: Some(ItemStatus::Partial),
                notes: format!("pass {n}"),
                ..Default::default()
            })
            .unwrap();
        answer.record(t.elapsed().as_micros() as u64).unwrap();
    }
    report("answer one item (write + whole review back)", &answer);

    let review = services.review_get(ReviewRef { id }).unwrap();
    let mut summary = Histogram::<u64>::new(3).unwrap();
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let (sections, whole) = summarise_risks(&review.items);
        summary.record(t.elapsed().as_nanos() as u64 / 1000).unwrap();
        assert_eq!((sections.len(), whole.total as usize), (SECTIONS, ITEMS));
    }
    report("risk summary of 500 items", &summary);
    println!(
        "summary: {} high, {} medium, {} none, {} unanswered; {} open high risks",
        review.summary.counts.high,
        review.summary.counts.medium,
        review.summary.counts.none,
        review.summary.counts.unanswered,
        review.open_high_risks
    );
}
