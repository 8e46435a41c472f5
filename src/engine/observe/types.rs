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
    /// { quantiles = [...], means = [...] }` shape that `compute` reads.
    pub handle_time_deciles_s: Vec<f64>,
    /// The mean duration of the calls between each pair of neighbouring deciles (ten values):
    /// the top tenth's real mean, not the midpoint of its range up to the longest call.
    #[serde(default)]
    pub handle_time_decile_means_s: Vec<f64>,
    /// The records' own expected calls in progress at their highest, and when: each call
    /// arriving evenly over its interval and lasting its own duration (the M_t/G/inf
    /// expectation that `compute` works out from arrivals).
    #[serde(default)]
    pub expected_peak_calls: f64,
    #[serde(default)]
    pub expected_peak_at: String,
    /// Time-weighted concurrency percentiles over the span.
    pub concurrency_p50: u64,
    pub concurrency_p95: u64,
    pub concurrency_p99: u64,
    pub peak_to_average: PeakToAverage,
    pub workloads: Vec<WorkloadObservation>,
    pub intervals: Vec<IntervalObservation>,
    /// The provider export the records were read as (`--from`, or told by their fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Of `calls`, the attempts that never connected (busy, failed, no answer, canceled,
    /// refused, zero length): arrivals that held no slot.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub never_connected_calls: u64,
    /// Attempts with no time at all (canceled before they were dialled): not in `calls`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub untimed_attempts: u64,
    /// Records with no end yet: left out, not guessed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub in_progress_calls: u64,
    /// Records of other channels (chats, tasks): left out.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_channel_records: u64,
    /// Copies of a record delivered again (Amazon Connect): the newest kept.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicate_records: u64,
    /// Calls the records say were refused for a limit, by reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refusals: Vec<Refusals>,
    /// How peaked the traffic is (null over fewer than 30 boundaries with calls expected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peakedness: Option<Peakedness>,
}

/// The variance of the calls in progress over their mean, around the records' own expectation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Peakedness {
    pub z: f64,
    /// The interval boundaries it was measured over.
    pub boundaries: u64,
    pub method: String,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The refusals of one reason, as the records write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusals {
    pub reason: String,
    pub calls: u64,
    /// Of `calls`, those with a time (the rest are counted only).
    pub timed: u64,
    pub first_at: Option<String>,
    /// The interval with the most of them, and how many.
    pub busiest_interval: Option<String>,
    pub busiest_interval_refusals: u64,
    /// Calls in progress at the instants of the refusals (the lowest is the ceiling met).
    pub in_progress_min: Option<u64>,
    pub in_progress_median: Option<u64>,
    pub in_progress_max: Option<u64>,
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
    /// The multiplier that would have covered every busy month's observed peak: the largest,
    /// over months whose expected peak is at least half the highest, of the month's observed
    /// peak over its highest expected calls in progress, rounded up to 0.05.
    pub suggested_peak_multiplier: f64,
    /// `suggested_peak_multiplier` x the highest expected calls in progress: the design peak it
    /// gives, beside the highest observed peak (`peak_calls`).
    #[serde(default)]
    pub design_peak_calls: f64,
    /// Month by month (UTC): the observed peak, the expected peak and their ratio.
    #[serde(default)]
    pub by_month: Vec<MonthPeak>,
}

/// One calendar month (UTC) of the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthPeak {
    pub month: String,
    pub observed_peak_calls: u64,
    pub expected_peak_calls: f64,
    /// observed / expected (0 without expected calls).
    pub ratio: f64,
    /// Its expected peak is at least half the highest: it counts for the suggestion.
    pub busy: bool,
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
    /// The AHT `--arrivals-out` writes, per workload (null with no calls): the interval's mean
    /// duration with each call cut at the interval's length, times the workload's whole call
    /// time over its cut call time (so the call time over all intervals is kept): one very
    /// long call does not make its interval's calls long.
    #[serde(default)]
    pub aht_robust_s: Vec<Option<f64>>,
    /// The records' own expected calls in progress at the interval's start (see
    /// `expected_peak_calls`), in all and per workload.
    #[serde(default)]
    pub expected_calls: f64,
    #[serde(default)]
    pub expected_by_workload: Vec<f64>,
    pub avg_calls: f64,
    pub peak_calls: u64,
    /// peak_calls / avg_calls (0 for an empty interval).
    pub peak_to_average: f64,
}
