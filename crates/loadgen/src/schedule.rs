//! Open-loop arrival schedules: the instant each request is due, fixed in advance so a slow
//! response never delays the next send (no coordinated omission) and a seed reproduces a run.

use std::time::Duration;

/// How requests arrive at a target rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arrivals {
    /// Evenly spaced, `1 / rate` apart.
    Constant { rate_per_s: f64 },
    /// A Poisson process: exponential gaps with mean `1 / rate`, drawn from `seed`.
    Poisson { rate_per_s: f64, seed: u64 },
}

/// SplitMix64: a tiny generator whose stream is fixed by its definition, so a seed gives the
/// same schedule on every platform and every Archboard version (a library RNG's stream may
/// change between releases).
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The due instants, as offsets from the start of the run.
#[derive(Debug, Clone)]
pub struct Schedule {
    arrivals: Arrivals,
    rng: SplitMix64,
    elapsed_s: f64,
    index: u64,
}

impl Schedule {
    /// Fails on a rate that is not a positive, finite number.
    pub fn new(arrivals: Arrivals) -> Result<Schedule, String> {
        let (rate, seed) = match arrivals {
            Arrivals::Constant { rate_per_s } => (rate_per_s, 0),
            Arrivals::Poisson { rate_per_s, seed } => (rate_per_s, seed),
        };
        if !(rate.is_finite() && rate > 0.0) {
            return Err(format!(
                "the target rate must be a positive number of requests per second, not {rate}"
            ));
        }
        Ok(Schedule { arrivals, rng: SplitMix64(seed), elapsed_s: 0.0, index: 0 })
    }
}

impl Iterator for Schedule {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let due = match self.arrivals {
            // Computed from the index, not summed, so rounding never drifts over long runs.
            Arrivals::Constant { rate_per_s } => self.index as f64 / rate_per_s,
            Arrivals::Poisson { rate_per_s, .. } => {
                // Inverse transform of the exponential distribution; 1 - u is in (0, 1].
                self.elapsed_s += -(1.0 - self.rng.next_f64()).ln() / rate_per_s;
                self.elapsed_s
            }
        };
        self.index += 1;
        Some(Duration::from_secs_f64(due))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaps(arrivals: Arrivals, n: usize) -> Vec<f64> {
        let due: Vec<f64> = Schedule::new(arrivals).unwrap().take(n + 1).map(|d| d.as_secs_f64()).collect();
        due.windows(2).map(|w| w[1] - w[0]).collect()
    }

    #[test]
    fn constant_arrivals_are_evenly_spaced_without_drift() {
        let due: Vec<Duration> =
            Schedule::new(Arrivals::Constant { rate_per_s: 3.0 }).unwrap().take(300_001).collect();
        assert_eq!(due[0], Duration::ZERO);
        assert!((due[1].as_secs_f64() - 1.0 / 3.0).abs() < 1e-9);
        assert!((due[300_000].as_secs_f64() - 100_000.0).abs() < 1e-6, "{:?}", due[300_000]);
    }

    #[test]
    fn poisson_gaps_have_the_exponential_mean_and_dispersion() {
        let rate = 200.0;
        let gaps = gaps(Arrivals::Poisson { rate_per_s: rate, seed: 7 }, 100_000);
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let variance = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
        // Exponential: mean 1/rate and coefficient of variation 1 (stdev equals the mean).
        assert!((mean * rate - 1.0).abs() < 0.02, "mean gap {mean}");
        assert!((variance.sqrt() / mean - 1.0).abs() < 0.02, "cv {}", variance.sqrt() / mean);
        assert!(gaps.iter().all(|g| *g >= 0.0));
        // Counts per second are Poisson too: variance ≈ mean (index of dispersion ≈ 1).
        let due: Vec<f64> = Schedule::new(Arrivals::Poisson { rate_per_s: rate, seed: 7 })
            .unwrap()
            .take(200_000)
            .map(|d| d.as_secs_f64())
            .collect();
        let seconds = due.last().unwrap().floor() as usize;
        let mut per_second = vec![0u32; seconds];
        for t in due {
            if let Some(bucket) = per_second.get_mut(t as usize) {
                *bucket += 1;
            }
        }
        let m = per_second.iter().map(|c| f64::from(*c)).sum::<f64>() / seconds as f64;
        let v = per_second.iter().map(|c| (f64::from(*c) - m).powi(2)).sum::<f64>() / seconds as f64;
        assert!((v / m - 1.0).abs() < 0.15, "index of dispersion {}", v / m);
    }

    #[test]
    fn a_seed_reproduces_the_schedule_and_another_seed_differs() {
        let a = gaps(Arrivals::Poisson { rate_per_s: 50.0, seed: 42 }, 1000);
        let b = gaps(Arrivals::Poisson { rate_per_s: 50.0, seed: 42 }, 1000);
        let c = gaps(Arrivals::Poisson { rate_per_s: 50.0, seed: 43 }, 1000);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_rate_that_is_not_positive_is_refused_with_the_value() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let error = Schedule::new(Arrivals::Constant { rate_per_s: rate }).unwrap_err();
            assert!(error.contains("positive"), "{error}");
        }
    }
}
