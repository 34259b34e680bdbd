//! Latency recording with HDR histograms: one recorder per load-generating task (no sharing on
//! the hot path), merged at the end; the summary every result carries; and MLPerf LoadGen's
//! minimum query counts below which a tail percentile is not reported as valid.

use archboard_types::bench::LatencyStats;
use hdrhistogram::Histogram;
use std::time::Duration;

/// Latencies are recorded in microseconds, from 1 µs to 1 hour, with 3 significant digits.
const LOWEST_US: u64 = 1;
const HIGHEST_US: u64 = 3_600_000_000;
const SIGNIFICANT_DIGITS: u8 = 3;

/// One task's latencies.
#[derive(Debug, Clone)]
pub struct Recorder {
    histogram: Histogram<u64>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            histogram: Histogram::new_with_bounds(LOWEST_US, HIGHEST_US, SIGNIFICANT_DIGITS)
                .expect("the bounds are valid"),
        }
    }
}

impl Recorder {
    /// Records one latency; values beyond an hour are clamped to the top of the range so a
    /// pathological stall is still counted rather than dropped.
    pub fn record(&mut self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX).clamp(LOWEST_US, HIGHEST_US);
        self.histogram.record(micros).expect("clamped into the histogram's range");
    }

    /// Adds another task's latencies.
    pub fn merge(&mut self, other: &Recorder) {
        self.histogram.add(&other.histogram).expect("recorders share their bounds");
    }

    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    /// The recorded buckets as (value in µs, count): the serialised form a result record carries.
    pub fn buckets(&self) -> Vec<(u64, u64)> {
        self.histogram.iter_recorded().map(|v| (v.value_iterated_to(), v.count_at_value())).collect()
    }

    /// Rebuilds a recorder from `buckets` (as read back from a record).
    pub fn from_buckets(buckets: &[(u64, u64)]) -> Recorder {
        let mut recorder = Recorder::default();
        for (micros, count) in buckets {
            recorder
                .histogram
                .record_n((*micros).clamp(LOWEST_US, HIGHEST_US), *count)
                .expect("clamped into the histogram's range");
        }
        recorder
    }

    /// The statistics a result carries, in milliseconds (the contract's own type, so nothing
    /// converts between two copies of the same fields).
    pub fn stats(&self) -> LatencyStats {
        let h = &self.histogram;
        let at = |q: f64| if h.is_empty() { 0.0 } else { h.value_at_quantile(q) as f64 / 1000.0 };
        LatencyStats {
            count: h.len(),
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            p999_ms: at(0.999),
            max_ms: if h.is_empty() { 0.0 } else { h.max() as f64 / 1000.0 },
            mean_ms: if h.is_empty() { 0.0 } else { h.mean() / 1000.0 },
            stdev_ms: if h.is_empty() { 0.0 } else { h.stdev() / 1000.0 },
        }
    }
}

/// MLPerf LoadGen's early-stopping minimum query counts: with fewer samples a percentile cannot
/// be claimed at LoadGen's confidence, so the result marks it as not valid.
pub const MIN_QUERIES: [(f64, u64); 4] = [(0.90, 64), (0.95, 130), (0.99, 662), (0.999, 6_636)];

/// The minimum number of queries for `percentile` (0.90, 0.95, 0.99 or 0.999); lower
/// percentiles need no minimum of their own.
pub fn min_queries_for(percentile: f64) -> u64 {
    MIN_QUERIES.iter().rev().find(|(p, _)| percentile >= *p - 1e-12).map(|(_, n)| *n).unwrap_or(0)
}

/// Whether `count` samples support reporting `percentile`.
pub fn percentile_is_supported(percentile: f64, count: u64) -> bool {
    count >= min_queries_for(percentile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_the_exact_order_statistics_within_hdr_precision() {
        let mut recorder = Recorder::default();
        // 1..=10_000 ms, shuffled deterministically.
        let mut values: Vec<u64> = (1..=10_000).collect();
        values.sort_by_key(|v| (v * 7919) % 10_007);
        for v in &values {
            recorder.record(Duration::from_millis(*v));
        }
        let s = recorder.stats();
        assert_eq!(s.count, 10_000);
        for (got, exact) in [
            (s.p50_ms, 5_000.0),
            (s.p90_ms, 9_000.0),
            (s.p99_ms, 9_900.0),
            (s.p999_ms, 9_990.0),
            (s.max_ms, 10_000.0),
        ] {
            assert!((got - exact).abs() / exact < 0.001 + 1e-9, "{got} vs {exact}");
        }
        assert!((s.mean_ms - 5_000.5).abs() < 5.0, "{}", s.mean_ms);
        assert!((s.stdev_ms - 2_886.75).abs() < 5.0, "{}", s.stdev_ms);
    }

    #[test]
    fn merged_recorders_equal_one_recorder_of_everything() {
        let mut all = Recorder::default();
        let mut parts = vec![Recorder::default(), Recorder::default(), Recorder::default()];
        for i in 0..9_000u64 {
            let latency = Duration::from_micros(100 + (i * 37) % 50_000);
            all.record(latency);
            parts[(i % 3) as usize].record(latency);
        }
        let mut merged = Recorder::default();
        for part in &parts {
            merged.merge(part);
        }
        assert_eq!(merged.stats(), all.stats());
    }

    #[test]
    fn buckets_round_trip_to_the_same_statistics() {
        let mut recorder = Recorder::default();
        for i in 0..5_000u64 {
            recorder.record(Duration::from_micros(50 + (i * i) % 90_000));
        }
        let rebuilt = Recorder::from_buckets(&recorder.buckets());
        assert_eq!(rebuilt.stats(), recorder.stats());
    }

    #[test]
    fn extreme_latencies_are_counted_not_dropped() {
        let mut recorder = Recorder::default();
        recorder.record(Duration::ZERO);
        recorder.record(Duration::from_secs(5 * 3600));
        assert_eq!(recorder.count(), 2);
        assert!(recorder.stats().max_ms >= 3_599_000.0);
        assert_eq!(Recorder::default().stats().p99_ms, 0.0);
    }

    #[test]
    fn the_early_stopping_table_matches_loadgen() {
        assert_eq!(min_queries_for(0.90), 64);
        assert_eq!(min_queries_for(0.95), 130);
        assert_eq!(min_queries_for(0.99), 662);
        assert_eq!(min_queries_for(0.999), 6_636);
        assert_eq!(min_queries_for(0.50), 0);
        assert!(!percentile_is_supported(0.99, 661));
        assert!(percentile_is_supported(0.99, 662));
        assert!(!percentile_is_supported(0.999, 6_635));
    }
}
