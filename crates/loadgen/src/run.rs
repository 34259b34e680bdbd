//! One benchmark run from configuration to record: check the target, measure the cold start,
//! warm up, run the scenario's phases (with the bisection of the max-throughput search), and
//! keep whatever was measured when the run is cancelled or the target fails.

use super::live::LiveRun;
use super::onnx::OnnxModel;
use super::phase::{Executor, PhaseRaw, closed_loop, open_loop, warm_up};
use super::record::{environment, phase_result};
use super::schedule::Arrivals;
use super::target::{HttpTarget, SimulatedServer, payload, redact_text_url};
use archboard_types::ApiError;
use archboard_types::bench::{
    ArrivalProcess, BENCH_RECORD_FORMAT, BenchConfig, BenchRecord, InputRecord, PhaseResult, RunState,
    Scenario, TargetKind, TargetRecord,
};
use std::sync::Arc;
use std::time::Duration;

/// The concurrency levels of a sweep: 1, 2, 4, … and `max` itself.
pub fn sweep_levels(max: u32) -> Vec<u32> {
    let mut levels = Vec::new();
    let mut level = 1;
    while level < max {
        levels.push(level);
        level *= 2;
    }
    levels.push(max.max(1));
    levels
}

/// How many phases a scenario plans (the bisection's step count is its upper bound).
pub fn planned_phases(scenario: &Scenario) -> u32 {
    match scenario {
        Scenario::SingleStream | Scenario::Server { .. } | Scenario::LlmStream { .. } => 1,
        Scenario::ConcurrencySweep { max_concurrency } => sweep_levels(*max_concurrency).len() as u32,
        Scenario::MaxThroughput { steps, .. } => *steps,
        Scenario::Offline { batch_sizes, .. } => batch_sizes.len() as u32,
    }
}

/// Refuses a configuration that cannot run, naming the field; done before anything starts.
pub fn validate(config: &BenchConfig) -> Result<(), ApiError> {
    let s = &config.settings;
    let positive = |value: f64, field: &str, what: &str| {
        if value.is_finite() && value > 0.0 {
            Ok(())
        } else {
            Err(ApiError::validation(field, format!("{what} must be a positive number, not {value}.")))
        }
    };
    positive(s.duration_s, "settings.duration_s", "The duration")?;
    positive(s.window_s, "settings.window_s", "The measurement window")?;
    if !(s.warmup_s.is_finite() && s.warmup_s >= 0.0) {
        return Err(ApiError::validation("settings.warmup_s", "The warm-up time cannot be negative."));
    }
    if s.duration_s > 3600.0 {
        return Err(ApiError::validation(
            "settings.duration_s",
            "A phase longer than an hour is not supported.",
        ));
    }
    match &config.scenario {
        Scenario::SingleStream => {}
        Scenario::ConcurrencySweep { max_concurrency } => {
            if !(1..=4096).contains(max_concurrency) {
                return Err(ApiError::validation(
                    "scenario.max_concurrency",
                    "Concurrency runs from 1 to 4096.",
                ));
            }
        }
        Scenario::Server { rate_per_s, .. } => positive(*rate_per_s, "scenario.rate_per_s", "The rate")?,
        Scenario::MaxThroughput { p99_slo_ms, start_rate_per_s, steps } => {
            positive(*p99_slo_ms, "scenario.p99_slo_ms", "The p99 SLO")?;
            positive(*start_rate_per_s, "scenario.start_rate_per_s", "The starting rate")?;
            if !(1..=20).contains(steps) {
                return Err(ApiError::validation("scenario.steps", "The search takes 1 to 20 steps."));
            }
        }
        Scenario::Offline { batch_sizes, concurrency } => {
            if batch_sizes.is_empty() || batch_sizes.contains(&0) {
                return Err(ApiError::validation(
                    "scenario.batch_sizes",
                    "List one or more batch sizes above 0.",
                ));
            }
            if !(1..=4096).contains(concurrency) {
                return Err(ApiError::validation("scenario.concurrency", "Concurrency runs from 1 to 4096."));
            }
        }
        Scenario::LlmStream { concurrency, ttft_slo_ms, itl_slo_ms } => {
            if config.target.kind != TargetKind::Openai {
                return Err(ApiError::validation(
                    "scenario",
                    "LLM streaming needs an OpenAI-compatible target (it times tokens in the stream).",
                ));
            }
            if !(1..=4096).contains(concurrency) {
                return Err(ApiError::validation("scenario.concurrency", "Concurrency runs from 1 to 4096."));
            }
            positive(*ttft_slo_ms, "scenario.ttft_slo_ms", "The time-to-first-token SLO")?;
            positive(*itl_slo_ms, "scenario.itl_slo_ms", "The inter-token SLO")?;
        }
    }
    if config.target.kind == TargetKind::LocalOnnx {
        let path = std::path::Path::new(config.target.url.trim());
        if config.target.model_file.is_none() && !path.is_file() {
            return Err(ApiError::validation(
                "target.url",
                format!("There is no ONNX model file at `{}`.", path.display()),
            ));
        }
        if matches!(config.scenario, Scenario::Server { .. } | Scenario::MaxThroughput { .. }) {
            return Err(ApiError::validation(
                "scenario",
                "An in-process model has no server to offer load to; use single-stream, a concurrency sweep or offline.",
            ));
        }
    } else {
        // Builds the request once so a bad URL, shape, body file or credential fails now.
        HttpTarget::new(&config.target, 1)?;
    }
    payload(config, 1)?;
    Ok(())
}

/// The largest in-flight count the scenario reaches, to size the connection pool.
fn pool_size(scenario: &Scenario) -> usize {
    match scenario {
        Scenario::SingleStream => 1,
        Scenario::ConcurrencySweep { max_concurrency } => *max_concurrency as usize,
        Scenario::Offline { concurrency, .. } | Scenario::LlmStream { concurrency, .. } => {
            *concurrency as usize
        }
        Scenario::Server { .. } | Scenario::MaxThroughput { .. } => 256,
    }
}

fn arrivals(process: ArrivalProcess, rate_per_s: f64, seed: u64) -> Arrivals {
    match process {
        ArrivalProcess::Poisson => Arrivals::Poisson { rate_per_s, seed },
        ArrivalProcess::Constant => Arrivals::Constant { rate_per_s },
    }
}

/// Runs `config` to the end (or until cancelled or failed) and returns the record to store.
pub async fn run(config: &BenchConfig, live: &LiveRun) -> BenchRecord {
    run_against(config, live, None).await
}

/// `run`, with every request answered by `server` instead of the network and no pre-run check:
/// the virtual-time tests drive whole scenarios (the max-throughput search included) through it
/// on the run's clock.
pub async fn run_simulated(
    config: &BenchConfig,
    live: &LiveRun,
    server: Arc<dyn SimulatedServer>,
) -> BenchRecord {
    run_against(config, live, Some(server)).await
}

async fn run_against(
    config: &BenchConfig,
    live: &LiveRun,
    simulated: Option<Arc<dyn SimulatedServer>>,
) -> BenchRecord {
    let started_at = chrono::Utc::now();
    let mut record = BenchRecord {
        format: BENCH_RECORD_FORMAT,
        id: live.id.clone(),
        name: if config.name.trim().is_empty() {
            default_name(config)
        } else {
            config.name.trim().to_owned()
        },
        created_at: started_at.to_rfc3339(),
        archboard_version: env!("CARGO_PKG_VERSION").to_owned(),
        state: RunState::Completed,
        message: None,
        target: TargetRecord {
            kind: config.target.kind,
            // A local model's "URL" is its file path (or the uploaded file's name), which
            // holds no secret to redact.
            url: if config.target.kind == TargetKind::LocalOnnx {
                match &config.target.model_file {
                    Some(file) => file.path.clone(),
                    None => config.target.url.trim().to_owned(),
                }
            } else {
                redact_text_url(&config.target.url)
            },
            model: config.target.model.trim().to_owned(),
            model_version: config.target.model_version.clone(),
            onnx_sha256: None,
            runtime: "http (reqwest, hyper)".into(),
            server_info: None,
        },
        input: InputRecord {
            shape: config.input.shape.clone(),
            dtype: config.input.dtype.clone(),
            batch: config.input.shape.first().map_or(1, |b| *b as u32),
            payload_bytes: 0,
            input_tokens: (config.target.kind == TargetKind::Openai).then_some(config.input.prompt_tokens),
            output_tokens: (config.target.kind == TargetKind::Openai)
                .then_some(config.input.max_output_tokens),
            flops: config.input.flops,
            bytes_moved: config.input.bytes_moved,
            model_bytes: config.input.model_bytes,
        },
        scenario: config.scenario.clone(),
        settings: config.settings.clone(),
        environment: environment(),
        cold_start_ms: None,
        warmup_requests_sent: 0,
        phases: Vec::new(),
        profile: config.profile.clone(),
        imported_from: None,
    };
    if simulated.is_some() {
        record.target.runtime = "simulated (in process)".into();
    }
    if let Err(message) = measure(config, live, &mut record, simulated).await {
        record.state = RunState::Failed;
        record.message = Some(message);
    } else if live.is_cancelled() {
        record.state = RunState::Cancelled;
        record.message = Some(format!("Cancelled after {} of the planned phases.", record.phases.len()));
    }
    record
}

fn default_name(config: &BenchConfig) -> String {
    let what = if config.target.model.trim().is_empty() {
        config.target.url.as_str()
    } else {
        config.target.model.trim()
    };
    format!("{what}, {}", config.scenario.name())
}

async fn measure(
    config: &BenchConfig,
    live: &LiveRun,
    record: &mut BenchRecord,
    simulated: Option<Arc<dyn SimulatedServer>>,
) -> Result<(), String> {
    let clock = live.clock();
    let first_payload = payload(config, batch_of(config)).map_err(|e| e.message)?;
    record.input.payload_bytes = first_payload.body.len() as u64;
    let sent = clock.now();
    let executor = if let Some(server) = simulated {
        Arc::new(Executor::Http(HttpTarget::simulated(&config.target, server, clock).map_err(|e| e.message)?))
    } else if config.target.kind == TargetKind::LocalOnnx {
        live.set_stage("loading the model");
        let model = OnnxModel::load(config, pool_size(&config.scenario).min(64)).map_err(|e| e.message)?;
        record.target.runtime = model.runtime.clone();
        record.target.onnx_sha256 = Some(model.sha256.clone());
        record.target.server_info =
            Some(format!("model loaded in {:.1} ms", clock.since(sent).as_secs_f64() * 1000.0));
        Arc::new(Executor::Onnx(Arc::new(model)))
    } else {
        let target = HttpTarget::new(&config.target, pool_size(&config.scenario)).map_err(|e| e.message)?;
        live.set_stage("checking the target");
        record.target.server_info = target.preflight(&config.target).await.map_err(|e| e.message)?;
        Arc::new(Executor::Http(target))
    };

    // The first request answers the cold-start question (for a local model: load plus first
    // inference) and proves the target works.
    live.set_stage("first request (cold start)");
    let sent = if config.target.kind == TargetKind::LocalOnnx { sent } else { clock.now() };
    match executor.call(&first_payload).await {
        Ok(_) => record.cold_start_ms = Some(clock.since(sent).as_secs_f64() * 1000.0),
        Err(error) => {
            return Err(format!("The first request to {} failed: {}.", record.target.url, error.describe()));
        }
    }
    record.warmup_requests_sent = 1 + warm_up(&executor, &first_payload, &config.settings, live).await;

    let settings = &config.settings;
    let push = |record: &mut BenchRecord, raw: PhaseRaw| -> PhaseResult {
        live.end_phase();
        let result = phase_result(raw, settings);
        record.phases.push(result.clone());
        result
    };
    match &config.scenario {
        Scenario::SingleStream => {
            let raw =
                closed_loop(executor, first_payload, 1, settings, live, "single stream".into(), None).await;
            push(record, raw);
        }
        Scenario::ConcurrencySweep { max_concurrency } => {
            for level in sweep_levels(*max_concurrency) {
                if live.is_cancelled() {
                    break;
                }
                let raw = closed_loop(
                    executor.clone(),
                    first_payload.clone(),
                    level,
                    settings,
                    live,
                    format!("concurrency {level}"),
                    None,
                )
                .await;
                push(record, raw);
            }
        }
        Scenario::Server { rate_per_s, arrivals: process } => {
            let raw = open_loop(
                executor,
                first_payload,
                arrivals(*process, *rate_per_s, settings.seed),
                settings,
                live,
                format!("{rate_per_s:.0}/s"),
            )
            .await?;
            push(record, raw);
        }
        Scenario::MaxThroughput { p99_slo_ms, start_rate_per_s, steps } => {
            let (mut passed, mut failed): (Option<f64>, Option<f64>) = (None, None);
            let mut rate = *start_rate_per_s;
            for step in 0..*steps {
                if live.is_cancelled() {
                    break;
                }
                let label = format!("step {}: {rate:.1}/s", step + 1);
                let raw = open_loop(
                    executor.clone(),
                    first_payload.clone(),
                    arrivals(ArrivalProcess::Poisson, rate, settings.seed.wrapping_add(u64::from(step))),
                    settings,
                    live,
                    label,
                )
                .await?;
                let cut_short = raw.cut_short;
                let mut result = phase_result(raw, settings);
                let meets = result.completed > 0
                    && result.errors.total() == 0
                    && !result.validity.client_saturated
                    && result.latency.p99_ms <= *p99_slo_ms;
                result.meets_slo = Some(meets);
                live.end_phase();
                record.phases.push(result);
                if cut_short {
                    break;
                }
                if meets {
                    passed = Some(passed.map_or(rate, |p| p.max(rate)));
                } else {
                    failed = Some(failed.map_or(rate, |f| f.min(rate)));
                }
                rate = match (passed, failed) {
                    (Some(p), None) => p * 2.0,
                    (None, Some(f)) => f / 2.0,
                    (Some(p), Some(f)) => (p + f) / 2.0,
                    (None, None) => rate,
                };
            }
        }
        Scenario::Offline { batch_sizes, concurrency } => {
            for batch in batch_sizes {
                if live.is_cancelled() {
                    break;
                }
                let batch_payload = payload(config, *batch).map_err(|e| e.message)?;
                let raw = closed_loop(
                    executor.clone(),
                    batch_payload,
                    *concurrency,
                    settings,
                    live,
                    format!("batch {batch}"),
                    None,
                )
                .await;
                push(record, raw);
            }
        }
        Scenario::LlmStream { concurrency, ttft_slo_ms, itl_slo_ms } => {
            let slo = Some((
                Duration::from_secs_f64(ttft_slo_ms / 1000.0),
                Duration::from_secs_f64(itl_slo_ms / 1000.0),
            ));
            let raw = closed_loop(
                executor,
                first_payload,
                *concurrency,
                settings,
                live,
                format!("{concurrency} streams"),
                slo,
            )
            .await;
            push(record, raw);
        }
    }
    Ok(())
}

/// The batch of the generated input (its first dimension).
fn batch_of(config: &BenchConfig) -> u32 {
    config.input.shape.first().map_or(1, |b| (*b).clamp(1, u64::from(u32::MAX)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_levels_double_up_to_the_maximum() {
        assert_eq!(sweep_levels(1), vec![1]);
        assert_eq!(sweep_levels(8), vec![1, 2, 4, 8]);
        assert_eq!(sweep_levels(6), vec![1, 2, 4, 6]);
    }
}
