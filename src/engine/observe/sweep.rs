//! The sweep over events in time order: the exact level between events, its peak (total and per
//! workload), the time spent at each level, and each interval's average and peak.

use std::path::Path;

use super::events::{EventSorter, decode, drain_all};
use super::expect;
use super::gather::Arrived;
use super::{
    Dense, Gathered, IntervalObservation, Observation, PeakToAverage, WorkloadObservation,
};
use crate::values::month::utc;

pub(crate) struct Swept {
    first: i64,
    last: i64,
    peak: i64,
    peak_at: i64,
    peaks: Vec<(i64, i64)>,
    /// Milliseconds spent at each level.
    time_at: Vec<u64>,
    /// Per interval: (highest level held for a positive time, level x milliseconds).
    intervals: Dense<(i64, f64)>,
    /// The level at each asked instant (after the events at that instant).
    pub at_instants: Vec<i64>,
}

pub(crate) fn sweep(
    sorters: Vec<EventSorter>,
    workloads: usize,
    interval_ms: i64,
    instants: &[i64],
) -> std::io::Result<Swept> {
    let mut s = Swept {
        first: i64::MAX,
        last: i64::MIN,
        peak: 0,
        peak_at: 0,
        peaks: vec![(0, 0); workloads],
        time_at: vec![0],
        intervals: Dense::default(),
        at_instants: Vec::with_capacity(instants.len()),
    };
    let mut levels = vec![0i64; workloads];
    let (mut level, mut prev) = (0i64, i64::MIN);
    let mut overflow = None;
    drain_all(sorters, |e| {
        if overflow.is_some() {
            return; // past a limit: the rest is read but not swept
        }
        let (t, start, w) = decode(e);
        // An instant is answered once every event at it has been applied.
        while instants.get(s.at_instants.len()).is_some_and(|q| *q < t) {
            s.at_instants.push(level);
        }
        if prev == i64::MIN {
            s.first = t;
        } else if t > prev {
            // The level held over [prev, t), split at interval boundaries.
            s.time_at[level.max(0) as usize] += (t - prev) as u64;
            let mut a = prev;
            while a < t {
                let idx = a.div_euclid(interval_ms);
                let b = t.min((idx + 1) * interval_ms);
                match s.intervals.get_mut(idx) {
                    Ok(cell) => {
                        cell.0 = cell.0.max(level);
                        cell.1 += level as f64 * (b - a) as f64;
                    }
                    Err(e) => {
                        overflow = Some(e);
                        break;
                    }
                }
                a = b;
            }
        }
        prev = t;
        s.last = t;
        let d = if start { 1 } else { -1 };
        level += d;
        levels[w] += d;
        if start {
            if level > s.peak {
                (s.peak, s.peak_at) = (level, t);
            }
            if levels[w] > s.peaks[w].0 {
                s.peaks[w] = (levels[w], t);
            }
            if level as usize >= s.time_at.len() {
                s.time_at.resize(level as usize + 1, 0);
            }
        }
    })?;
    if let Some(e) = overflow {
        return Err(std::io::Error::other(e));
    }
    s.at_instants.resize(instants.len(), level);
    Ok(s)
}

/// The smallest level with at least `share` of the time at or below it.
fn level_percentile(time_at: &[u64], share: f64) -> u64 {
    let total: u64 = time_at.iter().sum();
    let mut run = 0u64;
    for (level, t) in time_at.iter().enumerate() {
        run += t;
        if run as f64 >= share * total as f64 {
            return level as u64;
        }
    }
    time_at.len().saturating_sub(1) as u64
}

/// A duration percentile in seconds, from the by-second histogram and the long calls.
fn duration_percentile(g: &Gathered, share: f64) -> f64 {
    let total: u64 = g.by_second.iter().sum::<u64>() + g.long.len() as u64;
    let rank = ((share * total as f64).ceil() as u64).max(1);
    let mut run = 0u64;
    for (s, n) in g.by_second.iter().enumerate() {
        run += n;
        if run >= rank {
            return s as f64;
        }
    }
    let mut long = g.long.clone();
    long.sort_unstable();
    long.get((rank - run - 1) as usize)
        .map_or(0.0, |ms| (ms / 1000) as f64)
}

pub(crate) fn summarise(
    path: &Path,
    g: &Gathered,
    names: &[String],
    skipped_examples: Vec<String>,
    s: Swept,
    interval_ms: i64,
) -> Observation {
    let calls: u64 = g.calls.iter().sum();
    let total_ms: f64 = g.total_ms.iter().sum();
    // The span runs from the first call's start to the last one's end, zero-length calls
    // included (with only those, the sweep met no event at all).
    let first = g.first_ms.unwrap_or(0);
    let last = g.last_ms.unwrap_or(first);
    let span_ms = (last - first).max(1);
    // Workloads in name order: reading threads meet the names in no fixed order.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]));
    let (first_interval, intervals) = interval_rows(g, &s, &order, interval_ms);
    let expected_at = (0..intervals.len()).fold(0, |b, k| {
        if intervals[k].expected_calls > intervals[b].expected_calls {
            k
        } else {
            b
        }
    });
    let expected_peak = intervals.get(expected_at).map_or(0.0, |x| x.expected_calls);
    let months = expect::by_month(&intervals, first_interval, interval_ms);
    let mut ratios = peak_to_average(&intervals);
    ratios.suggested_peak_multiplier = expect::suggested_multiplier(&months);
    ratios.design_peak_calls = ratios.suggested_peak_multiplier * expected_peak;
    ratios.by_month = months;
    Observation {
        file: path.display().to_string(),
        calls,
        skipped_rows: g.skipped,
        skipped_examples,
        interval_s: interval_ms as f64 / 1000.0,
        ambiguous_rows: g.ambiguous,
        first_start: utc(first),
        last_end: utc(last),
        span_s: span_ms as f64 / 1000.0,
        peak_calls: s.peak as u64,
        peak_at: utc(if s.peak > 0 { s.peak_at } else { first }),
        avg_calls: total_ms / span_ms as f64,
        aht_mean_s: total_ms / calls as f64 / 1000.0,
        aht_median_s: duration_percentile(g, 0.5),
        aht_p90_s: duration_percentile(g, 0.9),
        handle_time_deciles_s: (0..=10)
            .map(|d| duration_percentile(g, f64::from(d) / 10.0))
            .collect(),
        handle_time_decile_means_s: expect::decile_means(g),
        expected_peak_calls: expected_peak,
        expected_peak_at: intervals
            .get(expected_at)
            .map_or(utc(first), |x| x.start.clone()),
        concurrency_p50: level_percentile(&s.time_at, 0.5),
        concurrency_p95: level_percentile(&s.time_at, 0.95),
        concurrency_p99: level_percentile(&s.time_at, 0.99),
        peak_to_average: ratios,
        workloads: order
            .iter()
            .map(|&w| WorkloadObservation {
                name: names[w].clone(),
                calls: g.calls[w],
                peak_calls: s.peaks[w].0 as u64,
                peak_at: utc(if s.peaks[w].0 > 0 {
                    s.peaks[w].1
                } else {
                    first
                }),
                aht_mean_s: if g.calls[w] > 0 {
                    g.total_ms[w] / g.calls[w] as f64 / 1000.0
                } else {
                    0.0
                },
            })
            .collect(),
        intervals,
        format: None,
        never_connected_calls: g.records.never_connected - g.records.untimed,
        untimed_attempts: g.records.untimed,
        in_progress_calls: g.records.in_progress,
        other_channel_records: g.records.not_voice,
        duplicate_records: g.records.duplicates,
        refusals: Vec::new(),
        peakedness: None,
    }
}

/// One row per interval from the first arrival or event to the last: calls and AHT per
/// workload (in `order`), average and peak concurrency, the records' expected calls in
/// progress at its start; and the index of the first interval.
fn interval_rows(
    g: &Gathered,
    s: &Swept,
    order: &[usize],
    interval_ms: i64,
) -> (i64, Vec<IntervalObservation>) {
    let filled = |d: &&Dense<Arrived>| !d.cells.is_empty();
    let scale = expect::scale_back(g);
    let swept = (!s.intervals.cells.is_empty()).then_some(&s.intervals);
    let expected = g.expected_ms.iter().filter(|d| !d.cells.is_empty());
    let lo = g
        .arrivals
        .iter()
        .filter(filled)
        .map(|d| d.base)
        .chain(swept.map(|d| d.base))
        .min()
        .unwrap_or(0);
    let hi = g
        .arrivals
        .iter()
        .filter(filled)
        .map(|d| d.base + d.cells.len() as i64)
        .chain(swept.map(|d| d.base + d.cells.len() as i64))
        .chain(expected.map(|d| d.base + d.cells.len() as i64))
        .max()
        .unwrap_or(0);
    fn cell<T: Copy + Default>(d: &Dense<T>, i: i64) -> T {
        let at = i - d.base;
        if at >= 0 && (at as usize) < d.cells.len() {
            d.cells[at as usize]
        } else {
            T::default()
        }
    }
    let mut intervals: Vec<IntervalObservation> = (lo..hi)
        .map(|i| {
            let (peak, area) = cell(&s.intervals, i);
            let counts: Vec<Arrived> = order.iter().map(|&w| cell(&g.arrivals[w], i)).collect();
            let avg = area / interval_ms as f64;
            IntervalObservation {
                start: utc(i * interval_ms),
                calls: counts.iter().map(|c| c.calls).collect(),
                aht_s: counts
                    .iter()
                    .map(|c| {
                        if c.calls > 0 {
                            c.total_ms / c.calls as f64 / 1000.0
                        } else {
                            0.0
                        }
                    })
                    .collect(),
                aht_robust_s: order
                    .iter()
                    .zip(&counts)
                    .map(|(&w, c)| expect::robust_aht_s(c, scale[w]))
                    .collect(),
                expected_by_workload: order
                    .iter()
                    .map(|&w| expect::expected_at(g, w, i, interval_ms))
                    .collect(),
                expected_calls: (0..g.expected_ms.len())
                    .map(|w| expect::expected_at(g, w, i, interval_ms))
                    .sum(),
                avg_calls: avg,
                peak_calls: peak.max(0) as u64,
                peak_to_average: if avg > 0.0 { peak as f64 / avg } else { 0.0 },
            }
        })
        .collect();
    // Cells past the last call (the dense ranges grow in steps) are not part of the record.
    let empty = |x: &IntervalObservation| {
        x.peak_calls == 0
            && x.avg_calls == 0.0
            && x.expected_calls == 0.0
            && x.calls.iter().all(|c| *c == 0)
    };
    let keep_from = intervals.iter().position(|x| !empty(x)).unwrap_or(0);
    let keep_to = intervals
        .iter()
        .rposition(|x| !empty(x))
        .map_or(0, |i| i + 1);
    intervals.truncate(keep_to);
    intervals.drain(..keep_from.min(intervals.len()));
    (lo + keep_from as i64, intervals)
}

/// The busiest interval's peak-to-average ratio, and the median and largest over busy
/// intervals (average at least half the busiest's), with the multiplier that covers them.
fn peak_to_average(intervals: &[IntervalObservation]) -> PeakToAverage {
    let busiest = (0..intervals.len()).fold(0, |b, i| {
        if intervals[i].avg_calls > intervals[b].avg_calls {
            i
        } else {
            b
        }
    });
    let top = intervals.get(busiest).map_or(0.0, |x| x.avg_calls);
    let mut busy: Vec<f64> = intervals
        .iter()
        .filter(|x| x.avg_calls > 0.0 && x.avg_calls >= 0.5 * top)
        .map(|x| x.peak_to_average)
        .collect();
    busy.sort_by(f64::total_cmp);
    let busy_max = busy.last().copied().unwrap_or(0.0);
    PeakToAverage {
        busiest_interval: intervals
            .get(busiest)
            .map_or(String::new(), |x| x.start.clone()),
        at_busiest_interval: intervals.get(busiest).map_or(0.0, |x| x.peak_to_average),
        busy_median: busy.get(busy.len() / 2).copied().unwrap_or(0.0),
        busy_max,
        // Set from the months by the caller.
        suggested_peak_multiplier: 1.0,
        design_peak_calls: 0.0,
        by_month: Vec::new(),
    }
}
