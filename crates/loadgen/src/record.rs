//! From measurements to the result record: each phase's statistics and validity flags, and the
//! fingerprint of the machine that ran it.

use super::histogram::{MIN_QUERIES, Recorder};
use super::phase::PhaseRaw;
use archboard_types::bench::{
    EnvironmentFingerprint, HistogramData, LlmStats, PhaseResult, QueryCountCheck, RunSettings, Validity,
};

/// A phase with more failed requests than this share is not a valid latency measurement.
const MAX_ERROR_SHARE: f64 = 0.01;

/// A send lag below this is the timer's resolution, not a saturated client.
const LAG_FLOOR_MS: f64 = 1.0;

pub fn phase_result(raw: PhaseRaw, settings: &RunSettings) -> PhaseResult {
    let seconds = raw.duration.as_secs_f64().max(1e-9);
    let shard = &raw.measured;
    let latency = shard.latency.stats();
    let completed = latency.count;
    let errors = shard.errors.clone();
    let send_lag = raw.open_loop.then(|| shard.send_lag.stats());
    let llm = (shard.streamed_requests > 0).then(|| LlmStats {
        time_to_first_token: shard.first_token.stats(),
        inter_token: shard.inter_token.stats(),
        tokens_per_s_per_request: shard.per_request_tokens_per_s / shard.streamed_requests as f64,
        tokens_per_s: shard.output_tokens as f64 / seconds,
        output_tokens: shard.output_tokens,
        goodput_fraction: shard.good as f64 / shard.streamed_requests as f64,
        goodput_rps: shard.good as f64 / seconds,
    });

    let mut reasons = Vec::new();
    // One rule for every front (archboard-types): a phase is held to the minimum, capped at
    // the duration asked for.
    let min_duration_s = settings.effective_min_duration_s();
    let min_duration_met = seconds + 1e-6 >= min_duration_s;
    if !min_duration_met {
        reasons.push(format!("ran {seconds:.1} s, less than the minimum of {min_duration_s:.1} s"));
    }
    let query_counts: Vec<QueryCountCheck> = MIN_QUERIES
        .iter()
        .map(|(percentile, needed)| QueryCountCheck {
            percentile: format_percentile(*percentile),
            needed: *needed,
            measured: completed,
            met: completed >= *needed,
        })
        .collect();
    // p99.9 is shown with its own mark; the run is judged on p99 and below.
    for check in query_counts.iter().filter(|c| !c.met && c.percentile != "p99.9") {
        reasons.push(format!(
            "{} needs {} answers and {} came back",
            check.percentile, check.needed, check.measured
        ));
    }
    if raw.stable == Some(false) {
        reasons.push("throughput did not settle: the last three windows were not within ±10%".into());
    }
    let client_saturated = match (send_lag, raw.target_rate) {
        (Some(lag), Some(rate)) if rate > 0.0 && lag.count > 0 => {
            let interarrival_ms = 1000.0 / rate;
            lag.p99_ms > (interarrival_ms / 2.0).max(LAG_FLOOR_MS)
        }
        _ => false,
    };
    if client_saturated {
        reasons.push(format!(
            "the client could not keep up: send lag p99 {:.2} ms against {:.2} ms between arrivals",
            send_lag.map_or(0.0, |l| l.p99_ms),
            1000.0 / raw.target_rate.unwrap_or(1.0)
        ));
    }
    let attempts = completed + errors.total();
    if attempts > 0 && errors.total() as f64 / attempts as f64 > MAX_ERROR_SHARE {
        reasons.push(format!("{} of {attempts} requests failed", errors.total()));
    }
    if completed == 0 {
        reasons.push("no request completed".into());
    }
    if raw.cut_short {
        reasons.push("cut short when the run was cancelled".into());
    }
    let valid = reasons.is_empty();
    let completed_throughput = completed as f64 / seconds;
    PhaseResult {
        label: raw.label,
        concurrency: raw.concurrency,
        target_rate: raw.target_rate,
        batch: raw.batch,
        duration_s: seconds,
        completed,
        scheduled: raw.scheduled,
        errors,
        scheduled_throughput: raw.scheduled as f64 / seconds,
        completed_throughput,
        samples_per_s: completed_throughput * f64::from(raw.batch),
        latency,
        service_time: raw.open_loop.then(|| shard.service.stats()),
        send_lag,
        llm,
        windows: raw.windows,
        histogram: HistogramData { unit: "us".into(), buckets: shard.latency.buckets() },
        validity: Validity {
            valid,
            min_duration_met,
            query_counts,
            stable: raw.stable,
            client_saturated,
            reasons,
        },
        meets_slo: None,
    }
}

fn format_percentile(p: f64) -> String {
    let value = p * 100.0;
    if (value - value.round()).abs() < 1e-9 { format!("p{}", value.round()) } else { format!("p{value:.1}") }
}

/// The histogram of a stored phase, rebuilt.
pub fn recorder_of(phase: &PhaseResult) -> Recorder {
    Recorder::from_buckets(&phase.histogram.buckets)
}

/// The machine running this process.
pub fn environment() -> EnvironmentFingerprint {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name") || l.starts_with("Model") || l.starts_with("Hardware"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb: f64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let pretty = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let os = if kernel.trim().is_empty() { pretty } else { format!("{pretty}, kernel {}", kernel.trim()) };
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default();
    EnvironmentFingerprint {
        hostname,
        cpu_model,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
        memory_gb: (memory_kb / 1_048_576.0 * 10.0).round() / 10.0,
        os,
        gpus: gpus(),
    }
}

/// GPUs as `nvidia-smi` reports them; none when it is absent or fails.
fn gpus() -> Vec<String> {
    let output = std::process::Command::new("nvidia-smi")
        .args(["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"])
        .output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| {
                let parts: Vec<&str> = l.split(',').map(str::trim).collect();
                match parts.as_slice() {
                    [name, memory, driver] => format!("{name}, {memory}, driver {driver}"),
                    _ => l.trim().to_owned(),
                }
            })
            .filter(|l| !l.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// A new run id: the time and random bits, sortable and unique.
pub fn new_run_id() -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap_or_default();
    format!(
        "run-{}-{}",
        chrono::Utc::now().format("%Y%m%d-%H%M%S"),
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::Shard;
    use std::time::Duration;

    fn raw(answers: u64, seconds: f64, stable: Option<bool>) -> PhaseRaw {
        let mut measured = Shard::default();
        for i in 0..answers {
            measured.latency.record(Duration::from_micros(1000 + i % 100));
        }
        PhaseRaw {
            label: "test".into(),
            concurrency: Some(1),
            target_rate: None,
            batch: 1,
            duration: Duration::from_secs_f64(seconds),
            scheduled: answers,
            measured,
            windows: vec![],
            stable,
            open_loop: false,
            cut_short: false,
        }
    }

    #[test]
    fn validity_names_each_failed_flag() {
        let settings = RunSettings { min_duration_s: 5.0, ..Default::default() };
        let good = phase_result(raw(700, 6.0, Some(true)), &settings);
        assert!(good.validity.valid, "{:?}", good.validity.reasons);
        assert!(!good.validity.query_counts.iter().find(|c| c.percentile == "p99.9").unwrap().met);

        let short = phase_result(raw(700, 2.0, Some(true)), &settings);
        assert!(!short.validity.valid && !short.validity.min_duration_met);
        assert!(short.validity.reasons[0].contains("less than the minimum"), "{:?}", short.validity.reasons);

        let few = phase_result(raw(500, 6.0, Some(false)), &settings);
        assert!(!few.validity.valid);
        let reasons = few.validity.reasons.join("; ");
        assert!(reasons.contains("p99 needs 662 answers and 500 came back"), "{reasons}");
        assert!(reasons.contains("did not settle"), "{reasons}");
        assert!((few.completed_throughput - 500.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn a_late_sending_client_is_flagged_as_saturated() {
        let settings = RunSettings { min_duration_s: 0.0, ..Default::default() };
        let mut open = raw(1000, 1.0, None);
        open.open_loop = true;
        open.target_rate = Some(100.0); // 10 ms between arrivals
        for _ in 0..1000 {
            open.measured.send_lag.record(Duration::from_millis(8));
        }
        let result = phase_result(open, &settings);
        assert!(result.validity.client_saturated && !result.validity.valid);
        assert!(result.send_lag.unwrap().p99_ms > 7.0);
    }
}
