//! `archboard bench …`: start a run and follow it on the terminal (the same start/progress/cancel
//! calls the UI polls), list, show, compare, judge, import and export result records.

use super::{CliError, write_json};
use crate::client::Client;
use archboard_types::bench::{
    ArrivalProcess, AuthRef, AuthScheme, BenchCompareRequest, BenchConfig, BenchEvaluateRequest,
    BenchEvaluation, BenchImportRequest, BenchInput, BenchListQuery, BenchRecord, BenchRef, BenchRunRef,
    BenchTarget, Header, PhaseResult, RunSettings, RunState, Scenario, TargetKind, Verdict,
};
use archboard_types::endpoint::{
    BenchCancel, BenchChartsGet, BenchCompare, BenchDelete, BenchEvaluate, BenchExportRun, BenchGet,
    BenchImport, BenchList, BenchProgressGet, BenchStart, CatalogGet,
};
use archboard_types::files::FileContents;
use clap::{Args, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Run a benchmark with live progress, then print its results (Ctrl-C cancels and keeps what was measured).
    Run(Box<RunArgs>),
    /// Runs on this board, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One run's phases, statistics and validity; `--profile` judges it against hardware profiles.
    Show {
        id: String,
        #[arg(long = "profile", value_name = "KEY")]
        profiles: Vec<String>,
        /// Write the charts (histogram, CDF, throughput against latency) as SVG files into DIR.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Runs side by side, each judged against each `--profile`.
    Compare {
        #[arg(required = true, num_args = 1..)]
        ids: Vec<String>,
        #[arg(long = "profile", value_name = "KEY")]
        profiles: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Bring a result record (JSON, e.g. made on the target machine) into this board.
    Import { file: PathBuf },
    /// Write a run's result record as JSON (to FILE, or standard output).
    Export {
        id: String,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Remove a run from the board.
    Delete { id: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScenarioArg {
    SingleStream,
    ConcurrencySweep,
    Server,
    MaxThroughput,
    Offline,
    LlmStream,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TargetArg {
    KserveV2,
    Torchserve,
    Openai,
    GenericJson,
    /// An ONNX file run in this process (`--url` is its path).
    LocalOnnx,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A whole configuration as JSON (the `bench_start` request); other flags are then ignored.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TargetArg::KserveV2)]
    target: TargetArg,
    /// Base URL of the server (for generic JSON: the full URL; for local ONNX: the model file).
    #[arg(long, default_value = "")]
    url: String,
    #[arg(long, default_value = "")]
    model: String,
    #[arg(long)]
    model_version: Option<String>,
    /// The request body, sent as is (generic JSON, TorchServe).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// Bearer token from `env:NAME` or `file:NAME` (an entry of the owner-only credentials file).
    #[arg(long, value_name = "REF")]
    bearer: Option<String>,
    /// Basic auth `user:password` from `env:NAME` or `file:NAME`.
    #[arg(long, value_name = "REF")]
    basic: Option<String>,
    /// An extra header, `Name: value`; `${VAR}` in the value is read from the environment.
    #[arg(long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    #[arg(long, default_value_t = BenchTarget::default().timeout_ms)]
    timeout_ms: u64,

    #[arg(long, value_enum, default_value_t = ScenarioArg::SingleStream)]
    scenario: ScenarioArg,
    /// Concurrency (the sweep's maximum; offline and LLM streams).
    #[arg(long, default_value_t = 8)]
    concurrency: u32,
    /// Server scenario: requests per second.
    #[arg(long, default_value_t = 100.0)]
    rate: f64,
    #[arg(long, value_enum, default_value_t = ArrivalArg::Poisson)]
    arrivals: ArrivalArg,
    /// Max-throughput search: the p99 each rate must meet.
    #[arg(long, default_value_t = 100.0)]
    p99_slo_ms: f64,
    #[arg(long, default_value_t = 50.0)]
    start_rate: f64,
    #[arg(long, default_value_t = 6)]
    steps: u32,
    /// Offline: batch sizes, e.g. `1,8,32`.
    #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
    batch_sizes: Vec<u32>,
    #[arg(long, default_value_t = 500.0)]
    ttft_slo_ms: f64,
    #[arg(long, default_value_t = 50.0)]
    itl_slo_ms: f64,

    #[arg(long, default_value = "input")]
    input_name: String,
    /// Input shape with the batch first, e.g. `1,16`.
    #[arg(long, value_delimiter = ',', default_value = "1,16")]
    shape: Vec<u64>,
    #[arg(long, default_value = "FP32")]
    dtype: String,
    #[arg(long, default_value_t = 128)]
    prompt_tokens: u32,
    #[arg(long, default_value_t = 64)]
    max_tokens: u32,
    /// FLOPs per inference at batch 1 (for the roofline estimate).
    #[arg(long)]
    flops: Option<f64>,
    /// Bytes moved per inference at batch 1 (for the roofline estimate).
    #[arg(long)]
    bytes_moved: Option<f64>,
    /// Memory the model needs, in bytes (for the fit check).
    #[arg(long)]
    model_bytes: Option<f64>,

    // The run settings' defaults are the contract's (`RunSettings::default`), as in the UI form.
    /// Seconds measured per phase.
    #[arg(long, default_value_t = RunSettings::default().duration_s)]
    duration: f64,
    #[arg(long, default_value_t = RunSettings::default().warmup_requests)]
    warmup_requests: u32,
    #[arg(long, default_value_t = RunSettings::default().warmup_s)]
    warmup_s: f64,
    #[arg(long, default_value_t = RunSettings::default().window_s)]
    window: f64,
    /// The shortest a phase may be and still count as valid (capped at --duration).
    #[arg(long, default_value_t = RunSettings::default().min_duration_s)]
    min_duration: f64,
    #[arg(long, default_value_t = RunSettings::default().seed)]
    seed: u64,
    #[arg(long, default_value_t = RunSettings::default().max_in_flight)]
    max_in_flight: u32,

    /// The hardware profile this run represents (catalog key, e.g. `hw.t4`).
    #[arg(long)]
    profile: Option<String>,
    /// Also judge the result against these profiles.
    #[arg(long = "judge", value_name = "KEY")]
    judge: Vec<String>,
    #[arg(long)]
    name: Option<String>,
    /// Print the stored record as JSON instead of the tables.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ArrivalArg {
    Poisson,
    Constant,
}

impl RunArgs {
    fn into_config(self) -> Result<BenchConfig, CliError> {
        if let Some(path) = &self.config {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::Partial(format!("cannot read {}: {e}", path.display())))?;
            return serde_json::from_str(&text).map_err(|e| {
                CliError::Partial(format!("{}, line {} column {}: {e}", path.display(), e.line(), e.column()))
            });
        }
        let auth = match (self.bearer, self.basic) {
            (Some(_), Some(_)) => return Err(CliError::Partial("give --bearer or --basic, not both".into())),
            (Some(secret), None) => Some(AuthRef { scheme: AuthScheme::Bearer, secret }),
            (None, Some(secret)) => Some(AuthRef { scheme: AuthScheme::Basic, secret }),
            (None, None) => None,
        };
        let headers = self
            .headers
            .iter()
            .map(|h| {
                h.split_once(':')
                    .map(|(n, v)| Header { name: n.trim().to_owned(), value: v.trim().to_owned() })
                    .ok_or_else(|| CliError::Partial(format!("--header `{h}` is not `Name: value`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let scenario = match self.scenario {
            ScenarioArg::SingleStream => Scenario::SingleStream,
            ScenarioArg::ConcurrencySweep => Scenario::ConcurrencySweep { max_concurrency: self.concurrency },
            ScenarioArg::Server => Scenario::Server {
                rate_per_s: self.rate,
                arrivals: match self.arrivals {
                    ArrivalArg::Poisson => ArrivalProcess::Poisson,
                    ArrivalArg::Constant => ArrivalProcess::Constant,
                },
            },
            ScenarioArg::MaxThroughput => Scenario::MaxThroughput {
                p99_slo_ms: self.p99_slo_ms,
                start_rate_per_s: self.start_rate,
                steps: self.steps,
            },
            ScenarioArg::Offline => {
                Scenario::Offline { batch_sizes: self.batch_sizes, concurrency: self.concurrency }
            }
            ScenarioArg::LlmStream => Scenario::LlmStream {
                concurrency: self.concurrency,
                ttft_slo_ms: self.ttft_slo_ms,
                itl_slo_ms: self.itl_slo_ms,
            },
        };
        Ok(BenchConfig {
            name: self.name.unwrap_or_default(),
            target: BenchTarget {
                kind: match self.target {
                    TargetArg::KserveV2 => TargetKind::KserveV2,
                    TargetArg::Torchserve => TargetKind::Torchserve,
                    TargetArg::Openai => TargetKind::Openai,
                    TargetArg::GenericJson => TargetKind::GenericJson,
                    TargetArg::LocalOnnx => TargetKind::LocalOnnx,
                },
                url: self.url,
                model: self.model,
                model_version: self.model_version,
                body_file: self.body_file.as_deref().map(crate::files::read_upload).transpose()?,
                model_file: None,
                auth,
                headers,
                timeout_ms: self.timeout_ms,
            },
            input: BenchInput {
                name: self.input_name,
                shape: self.shape,
                dtype: self.dtype,
                prompt_tokens: self.prompt_tokens,
                max_output_tokens: self.max_tokens,
                flops: self.flops,
                bytes_moved: self.bytes_moved,
                model_bytes: self.model_bytes,
            },
            scenario,
            settings: RunSettings {
                duration_s: self.duration,
                warmup_requests: self.warmup_requests,
                warmup_s: self.warmup_s,
                window_s: self.window,
                min_duration_s: self.min_duration,
                seed: self.seed,
                max_in_flight: self.max_in_flight,
            },
            profile: self.profile,
        })
    }
}

pub fn run_bench(client: &mut Client, command: BenchCommand, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        BenchCommand::Run(args) => {
            let json = args.json;
            let judge = args.judge.clone();
            let config = args.into_config()?;
            // A profile to judge against must exist before minutes of measuring, not after.
            for key in &judge {
                client.call::<CatalogGet>(&archboard_types::catalog::CatalogRef { key: key.clone() })?;
            }
            let started = client.call::<BenchStart>(&config)?;
            let progress = follow(client, &started)?;
            let Some(record_id) = progress.record_id.clone() else {
                return Err(CliError::Partial(
                    progress.message.unwrap_or_else(|| "the run was not stored".into()),
                ));
            };
            let record = client.call::<BenchGet>(&BenchRef { id: record_id })?;
            if json {
                write_json(out, &record)?;
            } else {
                write_record(out, &record)?;
                for profile in judge {
                    let evaluation = client
                        .call::<BenchEvaluate>(&BenchEvaluateRequest { id: record.id.clone(), profile })?;
                    write_evaluation(out, &evaluation)?;
                }
            }
            match record.state {
                RunState::Completed => Ok(()),
                _ => Err(CliError::Partial(format!(
                    "run {} {}: {}",
                    record.id,
                    if record.state == RunState::Cancelled { "was cancelled" } else { "failed" },
                    record.message.unwrap_or_default()
                ))),
            }
        }
        BenchCommand::List { json } => {
            let runs = client.call::<BenchList>(&BenchListQuery::default())?;
            if json {
                return Ok(write_json(out, &runs)?);
            }
            if runs.is_empty() {
                writeln!(
                    out,
                    "No benchmark runs yet. Start one with: archboard bench run --url … --model …"
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "{:<28} {:<20} {:<10} {:<20} {:>12} {:>10}  NAME",
                "ID", "CREATED", "STATE", "SCENARIO", "BEST /s", "p99 ms"
            )?;
            for run in runs {
                writeln!(
                    out,
                    "{:<28} {:<20} {:<10} {:<20} {:>12.1} {:>10.2}  {}{}",
                    run.id,
                    run.created_at.get(..19).unwrap_or(&run.created_at).replace('T', " "),
                    state_word(run.state),
                    run.scenario,
                    run.best_throughput,
                    run.p99_ms,
                    run.name,
                    if run.valid { "" } else { "  [not valid]" }
                )?;
            }
            Ok(())
        }
        BenchCommand::Show { id, profiles, charts, json } => {
            let record = client.call::<BenchGet>(&BenchRef { id: id.clone() })?;
            let evaluations: Vec<BenchEvaluation> = profiles
                .into_iter()
                .map(|profile| {
                    client.call::<BenchEvaluate>(&BenchEvaluateRequest { id: id.clone(), profile })
                })
                .collect::<Result<_, _>>()?;
            if let Some(dir) = charts {
                let drawn = client.call::<BenchChartsGet>(&BenchRef { id: id.clone() })?;
                // The engine answers SVG text; the CLI names and writes the files, like every export.
                let mut files = vec![
                    FileContents::new(format!("{id}-histogram.svg"), drawn.histogram_svg),
                    FileContents::new(format!("{id}-cdf.svg"), drawn.cdf_svg),
                ];
                if let Some(svg) = drawn.throughput_latency_svg {
                    files.push(FileContents::new(format!("{id}-throughput-latency.svg"), svg));
                }
                crate::files::write_files(&dir, &files)?;
                eprintln!("Charts written to {}", dir.display());
            }
            if json {
                return Ok(write_json(
                    out,
                    &serde_json::json!({"record": record, "evaluations": evaluations}),
                )?);
            }
            write_record(out, &record)?;
            for evaluation in &evaluations {
                write_evaluation(out, evaluation)?;
            }
            Ok(())
        }
        BenchCommand::Compare { ids, profiles, json } => {
            let comparison = client.call::<BenchCompare>(&BenchCompareRequest { ids, profiles })?;
            if json {
                return Ok(write_json(out, &comparison)?);
            }
            writeln!(out, "{:<28} {:<20} {:>12} {:>10}  VALID  NAME", "ID", "SCENARIO", "BEST /s", "p99 ms")?;
            for run in &comparison.runs {
                writeln!(
                    out,
                    "{:<28} {:<20} {:>12.1} {:>10.2}  {:<5}  {}",
                    run.id,
                    run.scenario,
                    run.best_throughput,
                    run.p99_ms,
                    if run.valid { "yes" } else { "no" },
                    run.name
                )?;
            }
            for (run, evaluations) in comparison.runs.iter().zip(&comparison.evaluations) {
                for evaluation in evaluations {
                    writeln!(out, "\n{}:", run.id)?;
                    write_evaluation(out, evaluation)?;
                }
            }
            Ok(())
        }
        BenchCommand::Import { file } => {
            let json = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Partial(format!("cannot read {}: {e}", file.display())))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let summary = client.call::<BenchImport>(&BenchImportRequest { file_name: name, json })?;
            writeln!(out, "Imported run {} ({}, {} phase(s)).", summary.id, summary.name, summary.phases)?;
            Ok(())
        }
        BenchCommand::Export { id, output } => {
            let export = client.call::<BenchExportRun>(&BenchRef { id })?;
            match output {
                Some(path) => {
                    crate::files::write_file(&path, &export)?;
                    writeln!(out, "Wrote {}", path.display())?;
                }
                None => out.write_all(export.content.as_slice())?,
            }
            Ok(())
        }
        BenchCommand::Delete { id } => {
            client.call::<BenchDelete>(&BenchRef { id: id.clone() })?;
            writeln!(out, "Deleted run {id}.")?;
            Ok(())
        }
    }
}

/// Polls the run through the contract (as the UI's live panel does), drawing a progress line on
/// standard error; Ctrl-C asks for a cancel with `bench_cancel`, and the loop goes on polling
/// until the run has stored what it measured.
fn follow(client: &mut Client, run: &BenchRunRef) -> Result<archboard_types::bench::BenchProgress, CliError> {
    let interrupted = super::ctrl_c_flag();
    let terminal = std::io::stderr().is_terminal();
    let mut cancel_sent = false;
    let mut last_line = std::time::Instant::now() - Duration::from_secs(10);
    loop {
        if interrupted.load(Ordering::SeqCst) && !cancel_sent {
            client.call::<BenchCancel>(run)?;
            cancel_sent = true;
            eprintln!("\nCancelling; what was measured so far is kept.");
        }
        let progress = client.call::<BenchProgressGet>(run)?;
        let line = format!(
            "[{:>6.1}s] phase {}/{} {:<32} {:>7} done {:>5} errors {:>9.1}/s  p50 {:>8.2} ms  p95 {:>8.2} ms  p99 {:>8.2} ms",
            progress.elapsed_s,
            (progress.phases_done + 1).min(progress.phases_planned.max(1)),
            progress.phases_planned,
            progress.stage,
            progress.completed,
            progress.errors,
            progress.current_rate,
            progress.p50_ms,
            progress.p95_ms,
            progress.p99_ms
        );
        let finished = progress.is_finished();
        if terminal {
            eprint!("\r\x1b[2K{line}");
        } else if last_line.elapsed() >= Duration::from_secs(1) || finished {
            eprintln!("{line}");
            last_line = std::time::Instant::now();
        }
        if finished {
            if terminal {
                eprintln!();
            }
            return Ok(progress);
        }
        std::thread::sleep(Duration::from_millis(if terminal { 200 } else { 250 }));
    }
}

fn state_word(state: RunState) -> &'static str {
    match state {
        RunState::Running => "running",
        RunState::Completed => "completed",
        RunState::Cancelled => "cancelled",
        RunState::Failed => "failed",
    }
}

fn write_record(out: &mut dyn Write, record: &BenchRecord) -> std::io::Result<()> {
    writeln!(out, "Run {} — {} ({})", record.id, record.name, state_word(record.state))?;
    if let Some(message) = &record.message {
        writeln!(out, "  {message}")?;
    }
    writeln!(
        out,
        "Target: {} {} model `{}` via {}",
        record.target.kind.label(),
        record.target.url,
        record.target.model,
        record.target.runtime
    )?;
    writeln!(
        out,
        "Machine: {}, {} cores, {} GB, {}{}",
        record.environment.cpu_model,
        record.environment.cores,
        record.environment.memory_gb,
        record.environment.os,
        if record.environment.gpus.is_empty() {
            String::new()
        } else {
            format!(", GPU {}", record.environment.gpus.join("; "))
        }
    )?;
    if let Some(cold) = record.cold_start_ms {
        writeln!(
            out,
            "First request (cold start): {cold:.1} ms; warm-up requests: {}",
            record.warmup_requests_sent
        )?;
    }
    writeln!(
        out,
        "{:<22} {:>8} {:>6} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}  VALID",
        "PHASE", "DONE", "ERR", "RATE/s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms"
    )?;
    for phase in &record.phases {
        write_phase(out, phase)?;
    }
    for phase in &record.phases {
        if !phase.validity.reasons.is_empty() {
            writeln!(out, "  {} is not valid: {}.", phase.label, phase.validity.reasons.join("; "))?;
        }
        if phase.errors.total() > 0 {
            for (class, example) in &phase.errors.examples {
                writeln!(out, "  {} {class} error(s), e.g. {example}", phase.label)?;
            }
        }
        if let (Some(service), Some(lag)) = (&phase.service_time, &phase.send_lag) {
            writeln!(
                out,
                "  {}: service time p50 {:.2} / p99 {:.2} ms; send lag p99 {:.3} ms; scheduled {:.1}/s",
                phase.label, service.p50_ms, service.p99_ms, lag.p99_ms, phase.scheduled_throughput
            )?;
        }
        if let Some(llm) = &phase.llm {
            writeln!(
                out,
                "  {}: TTFT p50 {:.1} / p99 {:.1} ms; inter-token p50 {:.2} / p99 {:.2} ms; {:.1} tokens/s per request, {:.1} in all; goodput {:.1}% ({:.2}/s)",
                phase.label,
                llm.time_to_first_token.p50_ms,
                llm.time_to_first_token.p99_ms,
                llm.inter_token.p50_ms,
                llm.inter_token.p99_ms,
                llm.tokens_per_s_per_request,
                llm.tokens_per_s,
                llm.goodput_fraction * 100.0,
                llm.goodput_rps
            )?;
        }
    }
    Ok(())
}

fn write_phase(out: &mut dyn Write, phase: &PhaseResult) -> std::io::Result<()> {
    let l = &phase.latency;
    let slo = match phase.meets_slo {
        Some(true) => " (meets SLO)",
        Some(false) => " (misses SLO)",
        None => "",
    };
    writeln!(
        out,
        "{:<22} {:>8} {:>6} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.2}  {}{slo}",
        phase.label,
        phase.completed,
        phase.errors.total(),
        phase.samples_per_s,
        l.p50_ms,
        l.p90_ms,
        l.p95_ms,
        l.p99_ms,
        l.p999_ms,
        l.max_ms,
        if phase.validity.valid { "yes" } else { "NO" }
    )
}

/// A figure with enough digits to be compared: small costs keep their significant digits.
fn figure(value: f64) -> String {
    if value != 0.0 && value.abs() < 0.01 { format!("{value:.3e}") } else { format!("{value:.3}") }
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::NotMeasured => "not measured",
    }
}

fn write_evaluation(out: &mut dyn Write, evaluation: &BenchEvaluation) -> std::io::Result<()> {
    writeln!(
        out,
        "Against {} ({}): {}{} — judged on {}",
        evaluation.profile_name,
        evaluation.profile_key,
        verdict_word(evaluation.verdict),
        if evaluation.run_valid { "" } else { " (run not valid)" },
        evaluation.phase_label
    )?;
    for check in &evaluation.checks {
        writeln!(
            out,
            "  {:<36} target {:>10} {:<14} measured {:>12} {}",
            check.slo,
            figure(check.target),
            check.unit,
            check.measured.map_or("—".into(), figure),
            verdict_word(check.verdict)
        )?;
    }
    match evaluation.cost_per_1k {
        Some(cost) => writeln!(
            out,
            "  cost per 1k predictions: {} {} at {:.1}/s sustained ({} {:.3}/h as of {})",
            figure(cost),
            evaluation.currency,
            evaluation.sustained_rps,
            evaluation.currency,
            evaluation.price_per_hour,
            evaluation.price_as_of
        )?,
        None => writeln!(out, "  cost per 1k predictions: unbounded (nothing sustained within the SLOs)")?,
    }
    if let Some(roofline) = &evaluation.roofline {
        writeln!(
            out,
            "  roofline floor (estimate): {} ms, {}-bound; measured p50 {:.3} ms is {}× the floor",
            figure(roofline.floor_ms),
            roofline.bound,
            roofline.measured_p50_ms,
            figure(roofline.measured_over_floor)
        )?;
    }
    if let Some(fits) = evaluation.fits_memory {
        writeln!(out, "  model fits the profile's memory: {}", if fits { "yes" } else { "no" })?;
    }
    for note in &evaluation.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(())
}
