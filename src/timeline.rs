//! Workloads' arrivals lined up on one timeline, so that a layer's demand can be summed interval
//! by interval: the peak of the sum, never the sum of the peaks.

use crate::arrivals::Series;
use crate::error::{Error, Result};
use crate::stack::Stack;
use crate::timefmt::TimeKind;
use crate::units::format_duration;

/// Dense per-interval figures of every workload on a shared timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub kind: TimeKind,
    pub interval_s: f64,
    /// Interval start keys, sorted, in milliseconds.
    pub keys: Vec<i64>,
    /// Per workload, per interval: average concurrency by Little's Law (calls x AHT / interval).
    pub avg_calls: Vec<Vec<f64>>,
    /// Per workload, per interval: arrivals per second.
    pub rate_per_s: Vec<Vec<f64>>,
    /// Per workload, per interval: the AHT of that interval's calls, in seconds.
    pub aht_s: Vec<Vec<f64>>,
    /// Per workload: the call-weighted average AHT over all intervals, in seconds.
    pub mean_aht_s: Vec<f64>,
    /// Per workload: all calls in the arrivals.
    pub total_calls: Vec<f64>,
}

/// Merges two sorted, duplicate-free key lists.
fn merge(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

impl Timeline {
    pub fn build(stack: &Stack, series: &[Series]) -> Result<Timeline> {
        let first = &series[0];
        for (w, s) in stack.workloads.iter().zip(series).skip(1) {
            let w0 = &stack.workloads[0];
            if s.kind != first.kind {
                return Err(Error::file(
                    &w.arrivals,
                    format!(
                        "workload `{}` gives {}, but workload `{}` gives {}; layers add workloads interval by interval, so use one kind of timestamp",
                        w.name,
                        s.kind.describe(),
                        w0.name,
                        first.kind.describe()
                    ),
                ));
            }
            if s.interval_ms != first.interval_ms {
                return Err(Error::file(
                    &w.arrivals,
                    format!(
                        "workload `{}` has {} intervals, but workload `{}` has {}; layers add workloads interval by interval, so give them one interval",
                        w.name,
                        format_duration(s.interval_ms as f64 / 1000.0),
                        w0.name,
                        format_duration(first.interval_ms as f64 / 1000.0)
                    ),
                ));
            }
        }
        let mut keys: Vec<i64> = first.points.iter().map(|p| p.key).collect();
        for s in &series[1..] {
            let same = s.points.len() == keys.len()
                && s.points.iter().zip(&keys).all(|(p, k)| p.key == *k);
            if !same {
                let other: Vec<i64> = s.points.iter().map(|p| p.key).collect();
                keys = merge(&keys, &other);
            }
        }
        let interval_s = first.interval_ms as f64 / 1000.0;
        let n = keys.len();
        let (mut avg_calls, mut rate_per_s, mut aht_s) = (vec![], vec![], vec![]);
        let (mut mean_aht_s, mut total_calls) = (vec![], vec![]);
        for (w, s) in stack.workloads.iter().zip(series) {
            let fallback = w.aht_s.unwrap_or_else(|| {
                s.points.iter().map(|p| p.aht_s).sum::<f64>() / s.points.len() as f64
            });
            let (mut avg, mut rate, mut aht) = (vec![0.0; n], vec![0.0; n], vec![fallback; n]);
            let (mut calls_total, mut work_s) = (0.0, 0.0);
            let mut t = 0;
            for p in &s.points {
                while keys[t] != p.key {
                    t += 1;
                }
                // Multiply before dividing so 150 calls x 180 s / 900 s is exactly 30.
                avg[t] = p.calls * p.aht_s / interval_s;
                rate[t] = p.calls / interval_s;
                aht[t] = p.aht_s;
                calls_total += p.calls;
                work_s += p.calls * p.aht_s;
            }
            mean_aht_s.push(if calls_total > 0.0 {
                work_s / calls_total
            } else {
                fallback
            });
            total_calls.push(calls_total);
            avg_calls.push(avg);
            rate_per_s.push(rate);
            aht_s.push(aht);
        }
        Ok(Timeline {
            kind: first.kind,
            interval_s,
            keys,
            avg_calls,
            rate_per_s,
            aht_s,
            mean_aht_s,
            total_calls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn merge_keeps_order_and_drops_repeats() {
        assert_eq!(merge(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert_eq!(merge(&[], &[4]), vec![4]);
    }
}
