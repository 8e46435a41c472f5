//! What the records themselves lead one to expect, for `compute` to reproduce: the mean of each
//! tenth of the durations, a per-interval AHT that one very long call does not inflate, the
//! expected calls in progress at every boundary, and the peak multiplier that covers every
//! month's observed peak against that expectation.

use super::gather::Arrived;
use super::{Gathered, IntervalObservation, MonthPeak};

/// The mean duration (seconds) of each tenth of the calls, by rank: the calls between
/// neighbouring deciles. Durations are bucketed by whole second with their sum in ms, so a
/// bucket split between two tenths gives each its mean.
pub(crate) fn decile_means(g: &Gathered) -> Vec<f64> {
    let mut long = g.long.clone();
    long.sort_unstable();
    let buckets = g
        .by_second
        .iter()
        .zip(&g.by_second_ms)
        .filter(|(n, _)| **n > 0)
        .map(|(&n, &ms)| (n as f64, ms as f64 / n as f64))
        .chain(long.iter().map(|&ms| (1.0, ms as f64)));
    let total: f64 = g.by_second.iter().sum::<u64>() as f64 + long.len() as f64;
    if total == 0.0 {
        return vec![0.0; 10];
    }
    let tenth = total / 10.0;
    let mut sums = [0.0f64; 10];
    let (mut below, mut d) = (0.0, 0usize);
    for (n, mean_ms) in buckets {
        // The bucket holds ranks [below, below + n): share them out among the tenths, the
        // current tenth moving up as its upper edge is passed.
        let (mut from, to) = (below, below + n);
        while from < to {
            let edge = if d == 9 {
                f64::INFINITY
            } else {
                (d + 1) as f64 * tenth
            };
            if from >= edge {
                d += 1;
                continue;
            }
            let upto = to.min(edge);
            sums[d] += (upto - from) * mean_ms;
            from = upto;
        }
        below = to;
    }
    sums.iter().map(|s| s / tenth / 1000.0).collect()
}

/// Per workload, the whole call time over the call time cut at the interval's length: what
/// scales a cut interval mean back so that the call time over all intervals is kept.
pub(crate) fn scale_back(g: &Gathered) -> Vec<f64> {
    g.arrivals
        .iter()
        .map(|d| {
            let whole: f64 = d.cells.iter().map(|a| a.total_ms).sum();
            let cut: u64 = d.cells.iter().map(|a| a.capped_ms).sum();
            if cut > 0 { whole / cut as f64 } else { 1.0 }
        })
        .collect()
}

/// An interval's AHT that one very long call does not inflate: its mean duration with each
/// call cut at the interval's length (what its calls hold at the interval's end), times the
/// workload's `scale_back`. An eight-hour call among 30 of three minutes counts 15 minutes,
/// so the interval's AHT is about 3m 24s x the scale, not 20 minutes.
pub(crate) fn robust_aht_s(a: &Arrived, scale: f64) -> Option<f64> {
    (a.calls > 0).then(|| a.capped_ms as f64 * scale / a.calls as f64 / 1000.0)
}

/// The records' expected calls in progress of workload `w` at boundary `j`.
pub(crate) fn expected_at(g: &Gathered, w: usize, j: i64, interval_ms: i64) -> f64 {
    let d = &g.expected_ms[w];
    let at = j - d.base;
    if at < 0 {
        return 0.0;
    }
    d.cells
        .get(at as usize)
        .map_or(0.0, |&ms| ms as f64 / interval_ms as f64)
}

/// "1999-07" for a time in UTC milliseconds.
fn month_of(ms: i64) -> String {
    let (y, m, _) = crate::values::timefmt::civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}")
}

/// Month by month: the highest observed peak of any interval starting in it and the highest
/// expected calls in progress at any of its boundaries (`first` is the index of the first
/// interval). A month is busy when its expected peak is at least half the highest.
pub(crate) fn by_month(
    intervals: &[IntervalObservation],
    first: i64,
    interval_ms: i64,
) -> Vec<MonthPeak> {
    let mut months: Vec<MonthPeak> = Vec::new();
    for (k, x) in intervals.iter().enumerate() {
        let month = month_of((first + k as i64) * interval_ms);
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthPeak {
                month,
                observed_peak_calls: 0,
                expected_peak_calls: 0.0,
                ratio: 0.0,
                busy: false,
            });
        }
        let m = months.last_mut().expect("just pushed");
        m.observed_peak_calls = m.observed_peak_calls.max(x.peak_calls);
        m.expected_peak_calls = m.expected_peak_calls.max(x.expected_calls);
    }
    let top = months
        .iter()
        .map(|m| m.expected_peak_calls)
        .fold(0.0, f64::max);
    for m in &mut months {
        if m.expected_peak_calls > 0.0 {
            m.ratio = m.observed_peak_calls as f64 / m.expected_peak_calls;
        }
        m.busy = top > 0.0 && m.expected_peak_calls >= 0.5 * top;
    }
    months
}

/// The multiplier that would have covered every busy month's observed peak, rounded up to
/// 0.05; 1 when nothing was expected.
pub(crate) fn suggested_multiplier(months: &[MonthPeak]) -> f64 {
    let worst = months
        .iter()
        .filter(|m| m.busy)
        .map(|m| m.ratio)
        .fold(0.0, f64::max);
    if worst > 0.0 {
        (worst * 20.0 - 1e-9).ceil() / 20.0
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls of 1 s, 2 s, ... 8 s, two of 9 s and one of 1,000 s (eleven calls): each tenth
    /// holds 1.1 calls. The top tenth holds 0.1 of a 9 s call and the 1,000 s call: (0.9 +
    /// 1000) / 1.1 = 909.9 s; the first holds 1 s and 0.1 of the 2 s call: (1 + 0.2) / 1.1 =
    /// 1.0909 s.
    #[test]
    fn decile_means_by_hand() {
        let mut g = Gathered::new();
        for s in 1..=9usize {
            g.by_second[s] += 1;
            g.by_second_ms[s] += s as u64 * 1000;
        }
        g.by_second[9] += 1;
        g.by_second_ms[9] += 9000;
        g.by_second[1000] += 1;
        g.by_second_ms[1000] += 1_000_000;
        let m = decile_means(&g);
        assert!((m[0] - 1.2 / 1.1).abs() < 1e-9, "{m:?}");
        assert!((m[9] - 1000.9 / 1.1).abs() < 1e-9, "{m:?}");
        // The tenths' means average to the mean of all calls.
        let mean = (45.0 + 9.0 + 1000.0) / 11.0;
        assert!((m.iter().sum::<f64>() / 10.0 - mean).abs() < 1e-9);
    }

    /// 31 calls in a 15-minute interval: 30 of 180 s and one of 8 hours. Cut at 900 s they
    /// hold (30 x 180 + 900) / 31 = 203.2 s each, where their plain mean is 1,103 s.
    #[test]
    fn one_long_call_does_not_make_its_interval_long() {
        let mut a = Arrived::default();
        for _ in 0..30 {
            a.add(180_000, 900_000);
        }
        a.add(8 * 3_600_000, 900_000);
        let aht = robust_aht_s(&a, 1.0).unwrap();
        assert!((aht - 6300.0 / 31.0).abs() < 1e-9, "{aht}");
        assert!((a.total_ms / 31.0 / 1000.0 - 1103.2).abs() < 0.1);
        assert_eq!(robust_aht_s(&Arrived::default(), 1.0), None);
    }

    #[test]
    fn the_multiplier_covers_the_worst_busy_month() {
        let m = |month: &str, obs, exp, busy| MonthPeak {
            month: month.into(),
            observed_peak_calls: obs,
            expected_peak_calls: exp,
            ratio: obs as f64 / exp,
            busy,
        };
        // 29 / 23.5 = 1.234 rounds up to 1.25; the quiet month's 3 / 1.2 = 2.5 does not count.
        let months = [
            m("a", 29, 23.5, true),
            m("b", 26, 22.0, true),
            m("c", 3, 1.2, false),
        ];
        assert_eq!(suggested_multiplier(&months), 1.25);
    }
}
