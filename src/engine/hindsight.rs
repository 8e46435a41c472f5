//! Was the plan right? A stack put next to the call records of the same period: per layer, the
//! exact peak of the calls it carried beside its ceiling; what the stack would have refused of
//! these very calls (a replay: their own timing and durations); what Erlang B per interval
//! predicts on the records' own load, plain (Poisson arrivals) and with the measured peakedness
//! (Hayward: B(A/Z, C/Z)); and a plan made beforehand, when one is given.

use serde::{Deserialize, Serialize};

use crate::engine::erlang::hayward_b;
use crate::engine::headroom::Report;
use crate::engine::simulate::{Record, SimReport};
use crate::model::stack::Stack;
use crate::values::month::utc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hindsight {
    pub stack: String,
    /// The peakedness the Hayward figures use (the records' own; 1 when it was not measured).
    pub peakedness: f64,
    /// Whether the records gave it (over 30 interval boundaries with calls expected).
    pub peakedness_measured: bool,
    /// Calendar days the replay counted over (its refusals per day times these are the
    /// totals below).
    pub days: f64,
    /// The records' span, first start to last end.
    pub span_s: f64,
    /// Refusals the records themselves show (all reasons).
    pub refused_in_records: u64,
    /// The saved plan compared, when one was given.
    pub plan: Option<String>,
    pub layers: Vec<LayerHindsight>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerHindsight {
    pub name: String,
    pub kind: String,
    pub workloads: Vec<String>,
    /// The calls in progress the layer carries (null: no limit counts its calls).
    pub ceiling_calls: Option<f64>,
    /// The exact peak of the recorded calls of its workloads, and when.
    pub observed_peak_calls: u64,
    pub observed_peak_at: String,
    /// The design peak `compute` gives on these records' arrivals (the stack's multipliers).
    pub design_peak_calls: f64,
    /// The replay: calls reaching the layer and refused by it, over the whole span.
    pub replay_offered_calls: f64,
    pub replay_refused_calls: f64,
    /// Erlang B per interval on the records' own load (Poisson arrivals), and Hayward's with
    /// the peakedness; null where the layer's limit is not one of calls in progress.
    pub erlang_b_refused_calls: Option<f64>,
    pub hayward_refused_calls: Option<f64>,
    /// From the saved plan: its design peak (a `compute` report) or its refusals over the
    /// same days (a `simulate` report).
    pub plan_design_peak_calls: Option<f64>,
    pub plan_refused_calls: Option<f64>,
}

/// A plan saved beforehand: a `compute` report or a `simulate` report.
pub enum Plan {
    Compute(Report),
    Simulate(SimReport),
}

/// The inputs: the stack, the records as replay records, the report and the replay on them.
pub struct Seen<'a> {
    pub stack: &'a Stack,
    pub records: &'a [Record],
    pub interval_ms: i64,
    pub report: &'a Report,
    pub replay: &'a SimReport,
    pub peakedness: Option<f64>,
    pub refused_in_records: u64,
    pub span_s: f64,
}

pub fn assess(seen: &Seen, plan: Option<(&str, &Plan)>) -> Hindsight {
    let days = seen.replay.calendar_days.max(f64::MIN_POSITIVE);
    // Perfectly regular records measure Z = 0: Hayward is taken from its floor.
    let (lo, hi) = crate::model::stack::PEAKEDNESS_RANGE;
    let z = seen.peakedness.unwrap_or(1.0).clamp(lo, hi);
    let level = &seen.replay.levels[0];
    let layers = seen
        .stack
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let row = &seen.report.layers[l];
            let sim = &level.layers[l];
            let (peak, at) = peak_of(seen.records, &layer.workloads);
            // Erlang B counts calls in progress: it says nothing of a rate or budget limit.
            let servers = row.ceiling_calls.filter(|_| row.erlang_skipped.is_none());
            let loads = servers.map(|_| loads_of(seen.records, &layer.workloads, seen.interval_ms));
            let predict = |z: f64| {
                let (c, loads) = (servers?, loads.as_ref()?);
                Some(
                    loads
                        .iter()
                        .map(|(n, a)| n * hayward_b(*a, c, z))
                        .sum::<f64>(),
                )
            };
            let (plan_peak, plan_refused) = match plan {
                Some((_, Plan::Compute(r))) => (
                    r.layers
                        .iter()
                        .find(|p| p.name == layer.name)
                        .map(|p| p.design_peak_calls),
                    None,
                ),
                Some((_, Plan::Simulate(s))) => (None, planned_refusals(s, &layer.name, days)),
                None => (None, None),
            };
            LayerHindsight {
                name: layer.name.clone(),
                kind: row.kind.clone(),
                workloads: row.workloads.clone(),
                ceiling_calls: row.ceiling_calls,
                observed_peak_calls: peak,
                observed_peak_at: at.map_or_else(|| "-".into(), utc),
                design_peak_calls: row.design_peak_calls,
                replay_offered_calls: sim.offered_per_day * days,
                replay_refused_calls: sim.refused_per_day * days,
                erlang_b_refused_calls: predict(1.0),
                hayward_refused_calls: predict(z),
                plan_design_peak_calls: plan_peak,
                plan_refused_calls: plan_refused,
            }
        })
        .collect();
    Hindsight {
        stack: seen.report.stack.clone(),
        peakedness: z,
        peakedness_measured: seen.peakedness.is_some(),
        days,
        span_s: seen.span_s,
        refused_in_records: seen.refused_in_records,
        plan: plan.map(|(name, _)| name.to_string()),
        layers,
    }
}

/// A simulate report's refusals at the layer over `days`, at the load level nearest 100%.
fn planned_refusals(s: &SimReport, layer: &str, days: f64) -> Option<f64> {
    let level = s
        .levels
        .iter()
        .min_by(|a, b| (a.load - 1.0).abs().total_cmp(&(b.load - 1.0).abs()))?;
    let l = level.layers.iter().find(|l| l.name == layer)?;
    Some(l.refused_per_day * days)
}

/// The exact peak of the calls of `workloads` in progress, and when it was first reached.
fn peak_of(records: &[Record], workloads: &[usize]) -> (u64, Option<i64>) {
    let mut events: Vec<(i64, i32)> = Vec::new();
    for r in records.iter().filter(|r| workloads.contains(&r.w)) {
        let end = r.start_ms + (r.handle_s * 1000.0).round() as i64;
        if end > r.start_ms {
            // Ends sort before starts at the same instant: calls that touch do not overlap.
            events.push((r.start_ms, 1));
            events.push((end, -1));
        }
    }
    events.sort_unstable();
    let (mut level, mut peak, mut at) = (0i64, 0i64, None);
    for (t, d) in events {
        level += i64::from(d);
        if level > peak {
            (peak, at) = (level, Some(t));
        }
    }
    (peak as u64, at)
}

/// Per interval: the calls of `workloads` arriving in it and their offered load in erlangs
/// (their call time over the interval's length).
fn loads_of(records: &[Record], workloads: &[usize], interval_ms: i64) -> Vec<(f64, f64)> {
    let mut by: std::collections::BTreeMap<i64, (f64, f64)> = std::collections::BTreeMap::new();
    for r in records.iter().filter(|r| workloads.contains(&r.w)) {
        let cell = by.entry(r.start_ms.div_euclid(interval_ms)).or_default();
        cell.0 += 1.0;
        cell.1 += r.handle_s * 1000.0 / interval_ms as f64;
    }
    by.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(start_s: i64, handle_s: f64, w: usize) -> Record {
        Record {
            start_ms: start_s * 1000,
            handle_s,
            w,
        }
    }

    #[test]
    fn the_peak_counts_a_layer_s_own_workloads_and_touching_calls_apart() {
        // 0-10 and 10-20 touch; 5-15 overlaps both; workload 1 is another layer's.
        let r = [
            rec(0, 10.0, 0),
            rec(10, 10.0, 0),
            rec(5, 10.0, 0),
            rec(6, 1.0, 1),
        ];
        assert_eq!(peak_of(&r, &[0]), (2, Some(5_000)));
        assert_eq!(peak_of(&r, &[0, 1]), (3, Some(6_000)));
        assert_eq!(peak_of(&r, &[]), (0, None));
    }

    #[test]
    fn loads_are_call_time_over_the_interval() {
        // Two calls of 450 s in the first 15 minutes: 1 erlang; one of 900 s in the next.
        let r = [rec(0, 450.0, 0), rec(100, 450.0, 0), rec(900, 900.0, 0)];
        assert_eq!(loads_of(&r, &[0], 900_000), vec![(2.0, 1.0), (1.0, 1.0)]);
    }
}
