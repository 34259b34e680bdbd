//! Range planning: aligning times to a step and splitting long ranges into chunks Prometheus
//! accepts (it refuses more than 11,000 points per series in one `query_range`).

use chrono::{DateTime, Utc};

/// The most points per series Prometheus returns from one `query_range`; it refuses more
/// ("exceeded maximum resolution of 11,000 points per timeseries").
pub const MAX_POINTS_PER_SERIES: u64 = 11_000;

/// `at` floored to a multiple of `step_s` Unix seconds (sub-second parts dropped). Aligned
/// evaluation times make repeated backfills hit the same timestamps, so their points line up.
/// A zero step has no grid: `at` is returned floored to the second.
pub fn align_down(at: DateTime<Utc>, step_s: u64) -> DateTime<Utc> {
    let seconds = at.timestamp();
    let aligned = match i64::try_from(step_s) {
        Ok(step) if step > 0 => seconds - seconds.rem_euclid(step),
        // A step beyond i64 seconds is wider than chrono's range: everything floors to the
        // epoch's side, so keep the second rather than invent a grid.
        _ => seconds,
    };
    // `aligned` lies between chrono's minimum and `at`, so it is always representable; fall back
    // to `at` rather than panic should that ever not hold.
    DateTime::from_timestamp(aligned, 0).unwrap_or(at)
}

/// The `(start, end)` pairs of `query_range` requests covering `[align_down(start),
/// align_down(end)]` at `step_s`: each holds at most [`MAX_POINTS_PER_SERIES`] evaluation
/// times, the next starts one step after the previous one's end, and the last ends exactly at
/// the aligned end. Empty when `end < start` or `step_s` is zero.
pub fn plan_chunks(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    step_s: u64,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    if end < start || step_s == 0 {
        return Vec::new();
    }
    let Ok(step) = i64::try_from(step_s) else {
        // One step is wider than any representable range: only the start can be evaluated.
        let at = align_down(start, step_s);
        return vec![(at, at)];
    };
    let first = align_down(start, step_s).timestamp();
    let last = align_down(end, step_s).timestamp();
    // (MAX - 1) steps after a chunk's start is its last point; saturate so huge steps cannot
    // overflow, which only makes the chunk end at `last`.
    let span = step.saturating_mul(MAX_POINTS_PER_SERIES as i64 - 1);
    let mut chunks = Vec::new();
    let mut from = first;
    while from <= last {
        let to = from.saturating_add(span).min(last);
        match (DateTime::from_timestamp(from, 0), DateTime::from_timestamp(to, 0)) {
            (Some(a), Some(b)) => chunks.push((a, b)),
            // Both lie within [first, last], which came from valid times; unreachable in practice.
            _ => break,
        }
        match to.checked_add(step) {
            Some(next) => from = next,
            None => break,
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).expect("test time in range")
    }

    fn points(chunk: &(DateTime<Utc>, DateTime<Utc>), step: u64) -> u64 {
        (chunk.1.timestamp() - chunk.0.timestamp()) as u64 / step + 1
    }

    /// Every chunk is aligned, small enough, follows the previous one by one step, and the
    /// whole covers exactly the aligned range.
    fn check_plan(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        step: u64,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let chunks = plan_chunks(start, end, step);
        assert_eq!(chunks.first().map(|c| c.0), Some(align_down(start, step)));
        assert_eq!(chunks.last().map(|c| c.1), Some(align_down(end, step)));
        for chunk in &chunks {
            assert!(chunk.0 <= chunk.1);
            assert_eq!(chunk.0.timestamp().rem_euclid(step as i64), 0);
            assert_eq!(chunk.1.timestamp().rem_euclid(step as i64), 0);
            assert!(points(chunk, step) <= MAX_POINTS_PER_SERIES);
        }
        for pair in chunks.windows(2) {
            assert_eq!(pair[1].0.timestamp(), pair[0].1.timestamp() + step as i64);
        }
        let total: u64 = chunks.iter().map(|c| points(c, step)).sum();
        let expected = (align_down(end, step) - align_down(start, step)).num_seconds() as u64 / step + 1;
        assert_eq!(total, expected);
        chunks
    }

    #[test]
    fn align_down_floors_to_the_step() {
        assert_eq!(align_down(at(3_601), 3_600), at(3_600));
        assert_eq!(align_down(at(7_200), 3_600), at(7_200));
        assert_eq!(align_down(at(-1), 60), at(-60));
        let with_nanos = at(125) + chrono::Duration::milliseconds(999);
        assert_eq!(align_down(with_nanos, 60), at(120));
        assert_eq!(align_down(with_nanos, 0), at(125));
    }

    #[test]
    fn ninety_days_hourly_is_one_chunk_of_2161_points() {
        let start = at(1_700_000_000);
        let end = start + chrono::Duration::days(90);
        let start = align_down(start, 3_600);
        let chunks = check_plan(start, align_down(end, 3_600), 3_600);
        assert_eq!(chunks.len(), 1);
        assert_eq!(points(&chunks[0], 3_600), 2_161);
    }

    #[test]
    fn a_year_at_one_minute_is_several_full_chunks() {
        let start = at(1_700_000_017);
        let end = start + chrono::Duration::days(365);
        let chunks = check_plan(start, end, 60);
        // 525,601 points: 47 full chunks and one of 8,601.
        assert_eq!(chunks.len(), 48);
        assert!(chunks[..47].iter().all(|c| points(c, 60) == MAX_POINTS_PER_SERIES));
        assert_eq!(points(&chunks[47], 60), 525_601 - 47 * MAX_POINTS_PER_SERIES);
    }

    #[test]
    fn unaligned_bounds_and_exact_multiples() {
        check_plan(at(59), at(61), 60);
        check_plan(at(1), at(1 + 10_999 * 7), 7);
        let exact = check_plan(at(0), at(10_999 * 5), 5);
        assert_eq!(exact.len(), 1);
        let one_more = check_plan(at(0), at(11_000 * 5), 5);
        assert_eq!(one_more.len(), 2);
        assert_eq!(one_more[1], (at(11_000 * 5), at(11_000 * 5)));
    }

    #[test]
    fn empty_when_the_range_is_reversed_or_the_step_is_zero() {
        assert!(plan_chunks(at(100), at(99), 60).is_empty());
        assert!(plan_chunks(at(0), at(100), 0).is_empty());
        // Same aligned instant: one single-point chunk.
        assert_eq!(plan_chunks(at(61), at(62), 60), vec![(at(60), at(60))]);
    }
}
