//! A run judged against a hardware profile: pass or fail per SLO on the best phase that meets the
//! latency targets, the cost of 1,000 predictions at the throughput sustained within them, the
//! roofline floor beside the measured latency, and whether the model fits the memory.

use super::arithmetic::{Bound, cost_per_1k, fits_in_memory, roofline_floor};
use archboard_types::bench::{
    BenchEvaluation, BenchRecord, PhaseResult, RooflineEstimate, SloCheck, Verdict,
};
use archboard_types::catalog::HardwareProfile;

fn meets_latency(phase: &PhaseResult, profile: &HardwareProfile) -> bool {
    let slo = &profile.slo;
    let within = |limit: Option<f64>, measured: f64| limit.is_none_or(|l| measured <= l);
    phase.completed > 0
        && within(slo.p50_ms, phase.latency.p50_ms)
        && within(slo.p95_ms, phase.latency.p95_ms)
        && within(slo.p99_ms, phase.latency.p99_ms)
}

/// Predictions per second of a phase (samples, so a batch of 8 counts 8).
fn predictions_per_s(phase: &PhaseResult) -> f64 {
    phase.samples_per_s
}

pub fn evaluate(record: &BenchRecord, profile: &HardwareProfile) -> BenchEvaluation {
    let by_throughput =
        |a: &&PhaseResult, b: &&PhaseResult| predictions_per_s(a).total_cmp(&predictions_per_s(b));
    let within: Option<&PhaseResult> =
        record.phases.iter().filter(|p| meets_latency(p, profile)).max_by(by_throughput);
    let judged: Option<&PhaseResult> =
        within.or_else(|| record.phases.iter().filter(|p| p.completed > 0).max_by(by_throughput));
    let sustained = within.map_or(0.0, predictions_per_s);
    let cost = cost_per_1k(profile.price.per_hour, sustained);
    let mut notes = Vec::new();
    let mut checks = Vec::new();
    let check = |slo: &str, target: f64, measured: Option<f64>, unit: &str, lower_is_better: bool| {
        let verdict = match measured {
            None => Verdict::NotMeasured,
            Some(m) if (lower_is_better && m <= target) || (!lower_is_better && m >= target) => Verdict::Pass,
            Some(_) => Verdict::Fail,
        };
        SloCheck { slo: slo.into(), target, measured, unit: unit.into(), verdict }
    };
    let latency = |f: fn(&PhaseResult) -> f64| judged.map(f);
    if let Some(t) = profile.slo.p50_ms {
        checks.push(check("p50 latency", t, latency(|p| p.latency.p50_ms), "ms", true));
    }
    if let Some(t) = profile.slo.p95_ms {
        checks.push(check("p95 latency", t, latency(|p| p.latency.p95_ms), "ms", true));
    }
    if let Some(t) = profile.slo.p99_ms {
        checks.push(check("p99 latency", t, latency(|p| p.latency.p99_ms), "ms", true));
    }
    if let Some(t) = profile.slo.min_throughput_rps {
        let measured = judged.map(|_| sustained);
        checks.push(check("throughput within the latency SLOs", t, measured, "predictions/s", false));
    }
    if let Some(t) = profile.slo.max_cost_per_1k {
        let mut c = check("cost per 1k predictions", t, cost, &profile.price.currency, true);
        if cost.is_none() && judged.is_some() {
            // Nothing was sustained within the SLOs: the cost is unbounded, which fails.
            c.verdict = Verdict::Fail;
            notes.push("No phase met the latency SLOs, so no throughput is sustained within them and the cost per 1k is unbounded.".into());
        }
        checks.push(c);
    }
    let verdict = if checks.is_empty() || judged.is_none() {
        Verdict::NotMeasured
    } else if checks.iter().all(|c| c.verdict == Verdict::Pass) {
        Verdict::Pass
    } else {
        Verdict::Fail
    };

    let roofline = match (judged, record.input.flops, record.input.bytes_moved) {
        (Some(phase), Some(flops), Some(bytes)) => {
            let batch = f64::from(phase.batch.max(1));
            let int8 = matches!(record.input.dtype.to_uppercase().as_str(), "INT8" | "UINT8");
            let peak = if int8 { profile.peak_int8_tops } else { profile.peak_fp16_tflops };
            roofline_floor(flops * batch, bytes * batch, peak, profile.memory_bandwidth_gbs).map(|floor| {
                RooflineEstimate {
                    compute_ms: floor.compute_ms,
                    memory_ms: floor.memory_ms,
                    floor_ms: floor.floor_ms,
                    bound: match floor.bound {
                        Bound::Compute => "compute".into(),
                        Bound::Memory => "memory".into(),
                    },
                    measured_p50_ms: phase.latency.p50_ms,
                    measured_over_floor: if floor.floor_ms > 0.0 {
                        phase.latency.p50_ms / floor.floor_ms
                    } else {
                        0.0
                    },
                }
            })
        }
        _ => None,
    };
    if roofline.is_none() {
        notes.push(
            "No roofline estimate: the run does not state the model's FLOPs and bytes moved per inference."
                .into(),
        );
    }
    let fits_memory = record.input.model_bytes.map(|bytes| fits_in_memory(bytes, profile.memory_gb));
    let run_valid = !record.phases.is_empty() && judged.is_some_and(|p| p.validity.valid);
    if !run_valid {
        notes.push(
            "The judged phase is not a valid measurement; treat this verdict as indicative only.".into(),
        );
    }
    if record.profile.as_deref().is_some_and(|p| p != profile.key) {
        notes.push(format!(
            "The run was made to represent `{}`; it is judged here against `{}`.",
            record.profile.as_deref().unwrap_or_default(),
            profile.key
        ));
    }
    BenchEvaluation {
        run_id: record.id.clone(),
        profile_key: profile.key.clone(),
        profile_name: profile.name.clone(),
        phase_label: judged.map_or_else(String::new, |p| p.label.clone()),
        checks,
        verdict,
        sustained_rps: sustained,
        cost_per_1k: cost,
        currency: profile.price.currency.clone(),
        price_per_hour: profile.price.per_hour,
        price_as_of: profile.price.as_of.clone(),
        roofline,
        fits_memory,
        run_valid,
        notes,
    }
}
