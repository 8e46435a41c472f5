//! What `observe` answers: plain data every renderer reads, and the JSON contract.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub file: String,
    pub calls: u64,
    pub skipped_rows: u64,
    /// Rows with a local time in the hour repeated when clocks go back, read with the earlier
    /// (summer) offset: check them if calls ran through the change.
    pub ambiguous_rows: u64,
    /// The first few skipped rows, "line N: why".
    pub skipped_examples: Vec<String>,
    pub interval_s: f64,
    pub first_start: String,
    pub last_end: String,
    pub span_s: f64,
    pub peak_calls: u64,
    pub peak_at: String,
    /// Average concurrency over the span (total call time / span).
    pub avg_calls: f64,
    pub aht_mean_s: f64,
    /// Median and 90th percentile of call durations, to the second.
    pub aht_median_s: f64,
    pub aht_p90_s: f64,
    /// Deciles of call durations (0%, 10%, ... 100%), to the second: the `handle_time =
    /// { quantiles = [...] }` shape that `compute` reads.
    pub handle_time_deciles_s: Vec<f64>,
    /// Time-weighted concurrency percentiles over the span.
    pub concurrency_p50: u64,
    pub concurrency_p95: u64,
    pub concurrency_p99: u64,
    pub peak_to_average: PeakToAverage,
    pub workloads: Vec<WorkloadObservation>,
    pub intervals: Vec<IntervalObservation>,
}

/// How far the instantaneous peak of an interval runs above its average concurrency: the number
/// `compute`'s peak multiplier stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeakToAverage {
    /// The interval with the highest average concurrency.
    pub busiest_interval: String,
    pub at_busiest_interval: f64,
    /// Over busy intervals (average at least half the busiest's): the median and the largest.
    pub busy_median: f64,
    pub busy_max: f64,
    /// The largest busy-interval ratio: a multiplier that would have covered every busy peak.
    pub suggested_peak_multiplier: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadObservation {
    pub name: String,
    pub calls: u64,
    pub peak_calls: u64,
    pub peak_at: String,
    pub aht_mean_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalObservation {
    pub start: String,
    /// Calls starting in the interval, per workload in `workloads` order.
    pub calls: Vec<u64>,
    /// Mean duration of those calls, per workload (0 with no calls).
    pub aht_s: Vec<f64>,
    pub avg_calls: f64,
    pub peak_calls: u64,
    /// peak_calls / avg_calls (0 for an empty interval).
    pub peak_to_average: f64,
}
