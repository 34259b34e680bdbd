//! The arithmetic a run is judged with: cost per 1k predictions from a profile's hourly price and
//! the throughput sustained within the SLO, and the roofline floor (an estimate, always shown
//! beside the measured latency, never instead of it).

/// Cost of 1,000 predictions: price per hour ÷ (predictions per second × 3600) × 1000.
/// `None` when nothing was sustained within the SLO (the cost is unbounded, not zero).
pub fn cost_per_1k(price_per_hour: f64, sustained_per_s: f64) -> Option<f64> {
    (sustained_per_s > 0.0 && price_per_hour >= 0.0)
        .then(|| price_per_hour / (sustained_per_s * 3600.0) * 1000.0)
}

/// The roofline floor of one inference: it cannot finish faster than its arithmetic at peak
/// compute, nor faster than moving its bytes at peak memory bandwidth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RooflineFloor {
    pub compute_ms: f64,
    pub memory_ms: f64,
    /// The larger of the two: the estimate shown beside the measured latency.
    pub floor_ms: f64,
    pub bound: Bound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Compute,
    Memory,
}

/// `flops` per inference against `peak_tflops`; `bytes` moved against `bandwidth_gbs` (GB/s).
pub fn roofline_floor(flops: f64, bytes: f64, peak_tflops: f64, bandwidth_gbs: f64) -> Option<RooflineFloor> {
    if !(flops >= 0.0 && bytes >= 0.0 && peak_tflops > 0.0 && bandwidth_gbs > 0.0) {
        return None;
    }
    let compute_ms = flops / (peak_tflops * 1e12) * 1e3;
    let memory_ms = bytes / (bandwidth_gbs * 1e9) * 1e3;
    let bound = if compute_ms >= memory_ms { Bound::Compute } else { Bound::Memory };
    Some(RooflineFloor { compute_ms, memory_ms, floor_ms: compute_ms.max(memory_ms), bound })
}

/// Whether a model of `model_bytes` (weights plus working memory) fits `memory_gb`.
pub fn fits_in_memory(model_bytes: f64, memory_gb: f64) -> bool {
    model_bytes <= memory_gb * 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_per_1k_follows_the_formula() {
        // A T4 at USD 0.526/h sustaining 100 predictions/s: 0.526 / 360,000 × 1000.
        let cost = cost_per_1k(0.526, 100.0).unwrap();
        assert!((cost - 0.001_461_1).abs() < 1e-7, "{cost}");
        // Twice the throughput halves the cost.
        assert!((cost_per_1k(0.526, 200.0).unwrap() * 2.0 - cost).abs() < 1e-12);
        assert_eq!(cost_per_1k(0.526, 0.0), None);
    }

    #[test]
    fn the_roofline_floor_is_the_slower_of_compute_and_memory() {
        // 7B-parameter decoder, one token at batch 1 in FP16 on an H100 SXM: 14 GFLOP of
        // arithmetic, 14 GB of weights read; memory-bound at about 4.2 ms.
        let floor = roofline_floor(14e9, 14e9, 989.5, 3350.0).unwrap();
        assert_eq!(floor.bound, Bound::Memory);
        assert!((floor.memory_ms - 4.179).abs() < 0.001, "{}", floor.memory_ms);
        assert!((floor.compute_ms - 0.01415).abs() < 0.0001, "{}", floor.compute_ms);
        assert_eq!(floor.floor_ms, floor.memory_ms);
        // A batch of 64 ResNet-50 images (about 525 GFLOP) reading 0.05 GB of FP16 weights on a
        // T4 is compute-bound at about 8 ms (activations left out of this estimate).
        let floor = roofline_floor(525e9, 0.05e9, 65.0, 320.0).unwrap();
        assert_eq!(floor.bound, Bound::Compute);
        assert!((floor.floor_ms - 8.077).abs() < 0.001, "{}", floor.floor_ms);
        assert!(roofline_floor(1.0, 1.0, 0.0, 1.0).is_none());
    }

    #[test]
    fn memory_fit_compares_bytes_with_the_profile() {
        assert!(fits_in_memory(14e9, 16.0));
        assert!(!fits_in_memory(140e9, 80.0));
    }
}
