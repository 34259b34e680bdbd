//! Inter-rater agreement for interview scoring: Krippendorff's alpha (nominal, ordinal, interval)
//! over ratings with missing values, each rater's leniency against the others, and how far an
//! alpha can be trusted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One rating: which unit (e.g. a candidate×dimension) it is about, who gave it, the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub unit: String,
    pub rater: String,
    pub value: f64,
}

/// The level of measurement, which decides how far apart two different values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Values are categories: any two different values disagree equally.
    Nominal,
    /// Values are ranks: the distance depends on how many values lie between them.
    Ordinal,
    /// Values are numbers on an equal-step scale: the distance is the squared difference.
    Interval,
}

/// The result of [`krippendorff_alpha`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub alpha: f64,
    /// Units with two or more ratings.
    pub units: usize,
    /// Ratings in those units.
    pub pairable: usize,
}

/// Per rater: over the units they rated that at least one other rater also rated, the mean of
/// (their value − the mean of the other raters' values on that unit) — leniency, positive = more
/// lenient — and the mean absolute value of the same difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaterDeviation {
    pub rater: String,
    pub compared: usize,
    pub leniency: f64,
    pub mean_absolute_deviation: f64,
}

/// How much to trust an alpha: thresholds from Krippendorff (2004): α ≥ 0.800 reliable,
/// 0.667 ≤ α < 0.800 tentative, below 0.667 unreliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reliability {
    Reliable,
    Tentative,
    Unreliable,
}

impl Reliability {
    /// The band `alpha` falls in. A NaN fails both comparisons and so lands in `Unreliable`,
    /// which is the safe reading of a number that means nothing.
    pub fn of(alpha: f64) -> Reliability {
        if alpha >= 0.800 {
            Reliability::Reliable
        } else if alpha >= 0.667 {
            Reliability::Tentative
        } else {
            Reliability::Unreliable
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Reliability::Reliable => "reliable",
            Reliability::Tentative => "tentative",
            Reliability::Unreliable => "unreliable",
        }
    }
}

/// The ratings grouped unit → rater → value. If a rater rates the same unit twice, the last
/// rating wins: a later score is taken as a correction of the earlier one, and counting both
/// would let one person weigh double in that unit. Non-finite values are dropped because they
/// have no place on any scale and would turn every sum into NaN. B-trees keep the iteration
/// order fixed, so the floating-point sums — and thus the result — do not depend on the order
/// the ratings arrive in.
fn by_unit(ratings: &[Rating]) -> BTreeMap<&str, BTreeMap<&str, f64>> {
    let mut units: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
    for r in ratings.iter().filter(|r| r.value.is_finite()) {
        units.entry(r.unit.as_str()).or_default().insert(r.rater.as_str(), r.value);
    }
    units
}

/// Krippendorff's alpha over ratings with any number of raters and missing values (a unit rated
/// by fewer than two raters is not pairable and is left out, as the method says).
/// Returns None when fewer than two pairable values exist or the expected disagreement is 0
/// (all values identical).
pub fn krippendorff_alpha(ratings: &[Rating], metric: Metric) -> Option<Agreement> {
    let units = by_unit(ratings);
    // Only units with m_u ≥ 2 values carry information about agreement.
    let pairable: Vec<Vec<f64>> = units
        .values()
        .filter(|raters| raters.len() >= 2)
        .map(|raters| raters.values().copied().collect())
        .collect();
    let n_units = pairable.len();
    let n_values: usize = pairable.iter().map(Vec::len).sum();
    if n_values < 2 {
        return None;
    }

    // The distinct values, sorted: the rows and columns of the coincidence matrix, and the order
    // the ordinal metric ranks by.
    let mut distinct: Vec<f64> = pairable.iter().flatten().copied().collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let index = |v: f64| distinct.binary_search_by(|d| d.total_cmp(&v)).expect("value is among the distinct");
    let k = distinct.len();

    // Coincidence matrix: every ordered pair of values from different raters within a unit adds
    // 1/(m_u − 1), so each unit contributes m_u in total, the same weight as its number of values.
    let mut o = vec![vec![0.0_f64; k]; k];
    for values in &pairable {
        let weight = 1.0 / (values.len() - 1) as f64;
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    o[index(a)][index(b)] += weight;
                }
            }
        }
    }
    // Marginals n_c are the row sums; their total n is the number of pairable values.
    let marginals: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n = n_values as f64;

    let delta2 = |c: usize, k: usize| -> f64 {
        match metric {
            Metric::Nominal => {
                if c == k {
                    0.0
                } else {
                    1.0
                }
            }
            Metric::Ordinal => {
                // The ranks between c and k inclusive, less half of each end: how many values
                // stand between them, which is what an ordinal scale can say about distance.
                let (lo, hi) = if c <= k { (c, k) } else { (k, c) };
                let between: f64 = marginals[lo..=hi].iter().sum();
                let d = between - (marginals[c] + marginals[k]) / 2.0;
                d * d
            }
            Metric::Interval => {
                let d = distinct[c] - distinct[k];
                d * d
            }
        }
    };

    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..k {
        for kk in 0..k {
            let d2 = delta2(c, kk);
            observed += o[c][kk] * d2;
            expected += marginals[c] * marginals[kk] * d2;
        }
    }
    // All pairable values identical: nothing could have disagreed, so alpha is undefined rather
    // than 1 — agreement on a constant says nothing about the raters.
    if expected <= 0.0 {
        return None;
    }
    let alpha = 1.0 - (n - 1.0) * observed / expected;
    Some(Agreement { alpha, units: n_units, pairable: n_values })
}

/// Each rater's deviation from the others, sorted by rater name; raters who never shared a unit
/// with anyone else (compared == 0) are omitted, since there is nothing to compare them with.
pub fn rater_deviations(ratings: &[Rating]) -> Vec<RaterDeviation> {
    // rater → (compared, sum of differences, sum of absolute differences)
    let mut sums: BTreeMap<&str, (usize, f64, f64)> = BTreeMap::new();
    for raters in by_unit(ratings).values().filter(|raters| raters.len() >= 2) {
        let total: f64 = raters.values().sum();
        let others = (raters.len() - 1) as f64;
        for (&rater, &value) in raters {
            // The mean of the others is the unit's total less this rater's own value.
            let diff = value - (total - value) / others;
            let entry = sums.entry(rater).or_insert((0, 0.0, 0.0));
            entry.0 += 1;
            entry.1 += diff;
            entry.2 += diff.abs();
        }
    }
    sums.into_iter()
        .map(|(rater, (compared, sum, abs_sum))| RaterDeviation {
            rater: rater.to_string(),
            compared,
            leniency: sum / compared as f64,
            mean_absolute_deviation: abs_sum / compared as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(unit: &str, rater: &str, value: f64) -> Rating {
        Rating { unit: unit.to_string(), rater: rater.to_string(), value }
    }

    /// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): four coders, twelve
    /// units, "." missing.
    fn krippendorff_2011() -> Vec<Rating> {
        let table = [
            ("A", "1 2 3 3 2 1 4 1 2 . . ."),
            ("B", "1 2 3 3 2 2 4 1 2 5 . 3"),
            ("C", ". 3 3 3 2 3 4 2 2 5 1 ."),
            ("D", "1 2 3 3 2 4 4 1 2 5 1 ."),
        ];
        let mut ratings = Vec::new();
        for (coder, row) in table {
            for (i, cell) in row.split(' ').enumerate() {
                if cell != "." {
                    ratings.push(rating(&format!("u{}", i + 1), coder, cell.parse().unwrap()));
                }
            }
        }
        ratings
    }

    fn assert_3dp(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 0.0005, "alpha {actual} is not {expected} to 3 decimals");
    }

    #[test]
    fn published_example_nominal() {
        assert_3dp(krippendorff_alpha(&krippendorff_2011(), Metric::Nominal).unwrap().alpha, 0.743);
    }

    #[test]
    fn published_example_ordinal() {
        assert_3dp(krippendorff_alpha(&krippendorff_2011(), Metric::Ordinal).unwrap().alpha, 0.815);
    }

    #[test]
    fn published_example_interval() {
        assert_3dp(krippendorff_alpha(&krippendorff_2011(), Metric::Interval).unwrap().alpha, 0.849);
    }

    #[test]
    fn unit_with_one_rating_is_left_out() {
        // Unit 12 has only B's rating: 11 pairable units holding 3+4+4+4+4+4+4+4+4+3+2 = 40 values.
        let a = krippendorff_alpha(&krippendorff_2011(), Metric::Nominal).unwrap();
        assert_eq!(a.units, 11);
        assert_eq!(a.pairable, 40);
        // Dropping unit 12 altogether changes nothing.
        let without: Vec<Rating> = krippendorff_2011().into_iter().filter(|r| r.unit != "u12").collect();
        assert_eq!(krippendorff_alpha(&without, Metric::Nominal), Some(a));
    }

    #[test]
    fn input_order_does_not_matter() {
        let forward = krippendorff_2011();
        let mut backward = forward.clone();
        backward.reverse();
        // A fixed interleaving as well: odd positions first, then even ones.
        let shuffled: Vec<Rating> =
            forward.iter().skip(1).step_by(2).chain(forward.iter().step_by(2)).cloned().collect();
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval] {
            let a = krippendorff_alpha(&forward, metric);
            assert_eq!(krippendorff_alpha(&backward, metric), a);
            assert_eq!(krippendorff_alpha(&shuffled, metric), a);
        }
        assert_eq!(rater_deviations(&backward), rater_deviations(&forward));
    }

    #[test]
    fn perfect_agreement_is_one() {
        let ratings = vec![
            rating("x", "A", 1.0),
            rating("x", "B", 1.0),
            rating("y", "A", 3.0),
            rating("y", "B", 3.0),
            rating("y", "C", 3.0),
            rating("z", "B", 5.0),
            rating("z", "C", 5.0),
        ];
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval] {
            let a = krippendorff_alpha(&ratings, metric).unwrap();
            assert_eq!(a.alpha, 1.0);
            assert_eq!((a.units, a.pairable), (3, 7));
        }
    }

    #[test]
    fn undefined_cases_are_none() {
        // Nothing at all, and a single unit with a single rating: no pairable values.
        assert_eq!(krippendorff_alpha(&[], Metric::Nominal), None);
        assert_eq!(krippendorff_alpha(&[rating("x", "A", 2.0)], Metric::Interval), None);
        // Each rater on a different unit: many ratings, none pairable.
        let apart = vec![rating("x", "A", 1.0), rating("y", "B", 2.0), rating("z", "C", 3.0)];
        assert_eq!(krippendorff_alpha(&apart, Metric::Ordinal), None);
        // A single unit on which everyone agrees, and many units all with the same value: the
        // expected disagreement is 0.
        let one_unit = vec![rating("x", "A", 4.0), rating("x", "B", 4.0), rating("x", "C", 4.0)];
        let constant = vec![
            rating("x", "A", 2.0),
            rating("x", "B", 2.0),
            rating("y", "A", 2.0),
            rating("y", "C", 2.0),
            rating("z", "B", 2.0),
        ];
        for metric in [Metric::Nominal, Metric::Ordinal, Metric::Interval] {
            assert_eq!(krippendorff_alpha(&one_unit, metric), None);
            assert_eq!(krippendorff_alpha(&constant, metric), None);
        }
    }

    #[test]
    fn repeated_rating_keeps_the_last() {
        // A first gave 1 on x, then corrected it to 3: the pair is (3, 3) and agreement is perfect.
        let ratings = vec![
            rating("x", "A", 1.0),
            rating("x", "B", 3.0),
            rating("x", "A", 3.0),
            rating("y", "A", 5.0),
            rating("y", "B", 5.0),
        ];
        let a = krippendorff_alpha(&ratings, Metric::Interval).unwrap();
        assert_eq!(a, Agreement { alpha: 1.0, units: 2, pairable: 4 });
    }

    #[test]
    fn deviations_by_hand() {
        let ratings = vec![
            rating("u1", "A", 4.0),
            rating("u1", "B", 2.0),
            rating("u1", "C", 3.0),
            rating("u2", "A", 5.0),
            rating("u2", "B", 3.0),
            rating("u3", "C", 1.0), // C alone: not compared
            rating("u4", "A", 1.0),
            rating("u4", "C", 3.0),
            rating("u5", "D", 2.0), // D never shares a unit: omitted
        ];
        // u1: A 4 − (2+3)/2 = +1.5   B 2 − (4+3)/2 = −1.5   C 3 − (4+2)/2 = 0
        // u2: A 5 − 3 = +2           B 3 − 5 = −2
        // u4: A 1 − 3 = −2           C 3 − 1 = +2
        // A: (1.5 + 2 − 2)/3 = 0.5,  |·|: (1.5 + 2 + 2)/3 = 5.5/3
        // B: (−1.5 − 2)/2 = −1.75,   |·|: (1.5 + 2)/2 = 1.75
        // C: (0 + 2)/2 = 1,          |·|: (0 + 2)/2 = 1
        let got = rater_deviations(&ratings);
        let expected = [("A", 3, 0.5, 5.5 / 3.0), ("B", 2, -1.75, 1.75), ("C", 2, 1.0, 1.0)];
        assert_eq!(got.len(), expected.len());
        for (g, (rater, compared, leniency, mad)) in got.iter().zip(expected) {
            assert_eq!(g.rater, rater);
            assert_eq!(g.compared, compared);
            assert!((g.leniency - leniency).abs() < 1e-12, "{g:?}");
            assert!((g.mean_absolute_deviation - mad).abs() < 1e-12, "{g:?}");
        }
    }

    #[test]
    fn reliability_bands() {
        assert_eq!(Reliability::of(1.0), Reliability::Reliable);
        assert_eq!(Reliability::of(0.800), Reliability::Reliable);
        assert_eq!(Reliability::of(0.7999), Reliability::Tentative);
        assert_eq!(Reliability::of(0.667), Reliability::Tentative);
        assert_eq!(Reliability::of(0.6669), Reliability::Unreliable);
        assert_eq!(Reliability::of(-0.2), Reliability::Unreliable);
        assert_eq!(Reliability::of(f64::NAN), Reliability::Unreliable);
        assert_eq!(Reliability::Tentative.label(), "tentative");
    }
}
