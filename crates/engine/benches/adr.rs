//! `cargo bench -p archboard --bench adr`: prints figures for the decision store on a real
//! SQLite file — importing 5,000 ADR files, syncing a linked folder of 5,000 with one file
//! changed, FTS search latency (p50/p95/p99) over 10,000
//! decisions, and listing the newest 50. Figures, not assertions: compare runs by eye.

use archboard_engine::Services;
use archboard_engine::services::Adapter;
use archboard_types::adr::{AdrListQuery, AdrSearchQuery, AdrSort, NewAdr};
use archboard_types::adr_folder::{ImportFile, ImportRequest};
use hdrhistogram::Histogram;
use std::time::Instant;

const WORDS: &[&str] = &[
    "batch",
    "streaming",
    "feature",
    "store",
    "registry",
    "canary",
    "shadow",
    "latency",
    "throughput",
    "gpu",
    "kserve",
    "triton",
    "drift",
    "monitoring",
    "rollback",
    "lineage",
    "privacy",
    "budget",
    "autoscaling",
    "cache",
    "embedding",
    "vector",
    "retrieval",
    "quantisation",
    "onnx",
    "pipeline",
    "airflow",
    "kafka",
    "flink",
    "spark",
];

/// A deterministic pseudo-random word stream (xorshift), so every run measures the same data.
struct Words(u64);
impl Words {
    fn next(&mut self) -> &'static str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        WORDS[(self.0 % WORDS.len() as u64) as usize]
    }
    fn sentence(&mut self, n: usize) -> String {
        (0..n).map(|_| self.next()).collect::<Vec<_>>().join(" ")
    }
}

fn adr_tools_file(number: u32, words: &mut Words) -> ImportFile {
    let title = format!("Use {} for {}", words.next(), words.sentence(3));
    let text = format!(
        "# {number}. {title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n{}.\n\n## Decision\n\n{}.\n\n## Consequences\n\n{}.\n",
        words.sentence(60),
        words.sentence(40),
        words.sentence(30)
    );
    ImportFile::new(format!("{number:04}-decision.md"), text.into_bytes())
}

fn report(name: &str, histogram: &Histogram<u64>) {
    let ms = |v: u64| v as f64 / 1000.0;
    println!(
        "{name:<34} n={:<6} p50={:>8.3} ms  p95={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        histogram.len(),
        ms(histogram.value_at_quantile(0.50)),
        ms(histogram.value_at_quantile(0.95)),
        ms(histogram.value_at_quantile(0.99)),
        ms(histogram.max())
    );
}

fn time<T>(histogram: &mut Histogram<u64>, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = work();
    histogram.record(start.elapsed().as_micros().max(1) as u64).unwrap();
    value
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (such as `cargo test --all-targets`) gets a
    // small smoke run that checks the harness works without spending minutes.
    let full = std::env::args().any(|arg| arg == "--bench");
    let (files_n, board_n, queries) = if full { (5000u32, 10_000u32, 500usize) } else { (50, 200, 20) };
    if !full {
        println!("smoke run (use `cargo bench -p archboard --bench adr` for the figures)");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut words = Words(0x9E37_79B9_7F4A_7C15);

    // 1. Import a folder of 5,000 adr-tools files into an empty board.
    let mut importer = Services::open(&dir.path().join("import.db"), Adapter::Cli).unwrap();
    let files: Vec<ImportFile> = (1..=files_n).map(|n| adr_tools_file(n, &mut words)).collect();
    let bytes: usize = files.iter().map(|f| f.content.len()).sum();
    let start = Instant::now();
    let imported = importer.adr_import(ImportRequest { files: files.clone(), ..Default::default() }).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(imported.new, files_n);
    println!(
        "import {files_n} ADR files ({:.1} MB)       {:>8.0} ms  ({:.0} files/s)",
        bytes as f64 / 1e6,
        elapsed.as_secs_f64() * 1000.0,
        f64::from(files_n) / elapsed.as_secs_f64()
    );
    let start = Instant::now();
    let again = importer.adr_import(ImportRequest { files: files.clone(), ..Default::default() }).unwrap();
    assert_eq!(again.unchanged, files_n);
    println!("re-import the same {files_n} (unchanged)   {:>8.0} ms", start.elapsed().as_secs_f64() * 1000.0);

    // 1b. A linked folder of 5,000 decisions kept in step: sync it with one file changed (the
    // common case: someone merged one ADR), as `archboard adr sync` does — preview, then write.
    let linked = |files: Vec<ImportFile>, dry_run: bool| ImportRequest {
        files,
        dry_run,
        collection: Some("platform".into()),
        folder: Some("/repos/platform/docs/adr".into()),
        sync: true,
        ..Default::default()
    };
    let first_sync = importer.adr_import(linked(files.clone(), false)).unwrap();
    assert_eq!(first_sync.new, files_n);
    let mut changed = files;
    let edited = String::from_utf8(changed[files_n as usize / 2].content.as_slice().to_vec()).unwrap();
    changed[files_n as usize / 2] =
        ImportFile::new(changed[files_n as usize / 2].path.clone(), edited.replace("Accepted", "Deprecated"));
    let mut sync_ms = Vec::new();
    for dry_run in [true, false] {
        let start = Instant::now();
        let synced = importer.adr_import(linked(changed.clone(), dry_run)).unwrap();
        sync_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!((synced.updated, synced.unchanged), (1, files_n - 1));
    }
    println!(
        "sync {files_n} linked, 1 changed           {:>8.0} ms preview, {:.0} ms written",
        sync_ms[0], sync_ms[1]
    );

    // 2. A board of 10,000 decisions created one by one through the service.
    let mut board = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
    let start = Instant::now();
    for _ in 0..board_n {
        let title = format!("Adopt {} for {}", words.next(), words.sentence(3));
        let body = format!(
            "## Context\n\n{}.\n\n## Decision Outcome\n\n{}.\n",
            words.sentence(80),
            words.sentence(40)
        );
        board.adr_create(NewAdr { title, body_markdown: Some(body), ..Default::default() }).unwrap();
    }
    println!("create {board_n} decisions one by one     {:>8.0} ms", start.elapsed().as_secs_f64() * 1000.0);

    let mut search = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    let mut hits = 0usize;
    for _ in 0..queries {
        let query = format!("{} {}", words.next(), words.next());
        hits += time(&mut search, || {
            board.adr_search(AdrSearchQuery { query, limit: Some(20), collection: None }).unwrap()
        })
        .len();
    }
    report("FTS search, 2 words, top 20", &search);
    println!("                                   (average {} hits per query)", hits / queries);

    let mut prefix = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    for _ in 0..queries {
        let word = words.next();
        let query = word[..3.min(word.len())].to_owned();
        time(&mut prefix, || {
            board.adr_search(AdrSearchQuery { query, limit: Some(20), collection: None }).unwrap()
        });
    }
    report("FTS search, 3-letter prefix, top 20", &prefix);

    let mut newest = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    for _ in 0..queries {
        let query =
            AdrListQuery { sort: AdrSort::Updated, descending: true, limit: Some(50), ..Default::default() };
        let list = time(&mut newest, || board.adr_list(query).unwrap());
        assert_eq!(list.len(), 50.min(board_n as usize));
    }
    report(&format!("list the newest 50 of {board_n}"), &newest);
}
