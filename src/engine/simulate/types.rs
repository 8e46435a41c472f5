//! The result of `capplan simulate`: plain data every renderer reads, and its JSON contract.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimReport {
    pub stack: String,
    pub seed: u64,
    /// Independent runs simulated per load level (1 for a replay): each a profile's day, or
    /// the whole span of a dated series.
    pub days: usize,
    /// Calendar days simulated over all runs (a run of a profile is one day; of a dated
    /// series, its whole span): what `days_with_refusal` is a share of.
    #[serde(default)]
    pub calendar_days: f64,
    /// The call records replayed, when `--replay` was given.
    pub replay: Option<String>,
    /// The reporting interval refusals and calls in progress are counted in, in seconds: the
    /// timeline's step, or a round multiple of it past 100,000 intervals a run.
    pub interval_s: f64,
    pub levels: Vec<LoadLevel>,
    /// Which layer refuses first and what it costs, in one sentence: worded by the command
    /// (`cmd::simulate::headline`), empty as the engine returns it.
    pub headline: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadLevel {
    /// Arrivals multiplied by this (1 = the arrivals files as they are).
    pub load: f64,
    /// Fresh calls per day (retries not counted).
    pub calls_per_day: f64,
    /// Callers per day refused (or tired of waiting) who did not call again.
    pub lost_per_day: f64,
    /// Of those, the callers who hung up while waiting in a queue (the rest were refused).
    #[serde(default)]
    pub abandoned_lost_per_day: f64,
    pub layers: Vec<LayerSim>,
}

/// A layer's refusals per day by the limit that refused them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedBy {
    /// Every concurrent-call unit in use (channels, slots, sessions, connections).
    pub concurrent_calls_per_day: f64,
    pub calls_per_second_per_day: f64,
    pub calls_per_hour_per_day: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSim {
    pub name: String,
    pub kind: String,
    /// What a refused caller meets at this layer.
    pub refused_experience: String,
    /// Call attempts reaching the layer per day (retries included).
    pub offered_per_day: f64,
    pub refused_per_day: f64,
    /// Mean over runs of the share of attempts refused, with a 95% confidence interval (null
    /// with one run).
    pub refused_share: f64,
    pub refused_share_ci95: Option<[f64; 2]>,
    /// The share of (calendar) days with at least one refused call.
    pub days_with_refusal: f64,
    /// The interval with the most refusals over all days (null with none).
    pub busiest_refusal_interval: Option<String>,
    /// Highest calls in progress in a run: median and 95th percentile over runs.
    pub peak_in_progress_median: f64,
    pub peak_in_progress_p95: f64,
    /// Calls held back by a full calls-per-second window (API calls are queued, not refused).
    pub delayed_per_day: f64,
    pub mean_delay_s: f64,
    pub max_delay_s: f64,
    /// With `queue = { patience = ... }`: the share of attempts that waited, the mean wait of
    /// every caller not refused, answered or abandoned (`asa_s`, as `erlang a` means it), the
    /// mean wait of answered calls (`asa_answered_s`), and the share that gave up.
    pub waited_share: f64,
    pub asa_s: f64,
    #[serde(default)]
    pub asa_answered_s: f64,
    /// Callers still waiting in the queue when a run ended (mean over runs): neither answered
    /// nor lost, and not in `asa_s`.
    #[serde(default)]
    pub waiting_at_end: f64,
    pub abandoned_share: f64,
    /// Refusals per day by the limit that turned the call away at the layer's first member.
    #[serde(default)]
    pub refused_by: RefusedBy,
    /// With `--per-interval`: mean calls in progress at each interval's start.
    pub mean_in_progress: Option<Vec<f64>>,
}
