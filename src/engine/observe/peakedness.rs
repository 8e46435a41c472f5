//! How peaked the records' traffic is: Z = Σ (n - m)² / Σ v over the interval boundaries, n the
//! exact calls in progress there, m the records' own expectation (each call placed evenly over
//! its interval with its own duration) and v the variance n would have were each call placed at
//! random in its interval: Σ p (1 - p) over the calls, p each one's chance to be in progress.
//! A Poisson process, given its count in an interval, places its arrivals exactly so, so Z is
//! 1 for Poisson traffic at any interval length; below 1 it is smoother (carried behind a limit,
//! or a queue that sheds callers), above 1 more peaked (overflow, bursts). Hayward's
//! approximation sizes a group for it: Erlang B with the load and the lines divided by Z.

use super::Gathered;
use super::expect::expected_at;
use super::types::Peakedness;

/// The boundaries (interval indices) the measure samples: every one the calls span (none
/// without calls).
pub(crate) fn boundaries(g: &Gathered, interval_ms: i64) -> std::ops::Range<i64> {
    let (Some(first), Some(last)) = (g.first_ms, g.last_ms) else {
        return 0..0;
    };
    first.div_euclid(interval_ms) + 1..last.div_euclid(interval_ms) + 1
}

/// Z from the levels the sweep found at `boundaries` (in order).
pub(crate) fn measure(
    g: &Gathered,
    workloads: usize,
    ks: std::ops::Range<i64>,
    levels: &[i64],
    interval_ms: i64,
) -> Option<Peakedness> {
    let (mut squares, mut random, mut used) = (0.0, 0.0, 0u64);
    let d = &g.placement_var;
    let square_ms = (interval_ms as f64).powi(2);
    for (k, n) in ks.zip(levels) {
        let m: f64 = (0..workloads)
            .map(|w| expected_at(g, w, k, interval_ms))
            .sum();
        let at = k - d.base;
        let v = match usize::try_from(at).ok().and_then(|i| d.cells.get(i)) {
            Some(v) => *v as f64 / square_ms,
            None => 0.0,
        };
        if v > 0.0 {
            squares += (*n as f64 - m).powi(2);
            random += v;
            used += 1;
        }
    }
    // Too few boundaries say nothing about the traffic's shape.
    (used >= 30 && random > 0.0).then(|| Peakedness {
        z: squares / random,
        boundaries: used,
        method: "sum over interval boundaries of (calls in progress - expected)^2 over the sum of the variance they would have with each call placed at random in its interval (1 for Poisson traffic)".into(),
    })
}
