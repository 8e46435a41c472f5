//! The result of `compute`: plain data that every renderer reads, and the JSON contract.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Over,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Over => "over",
        }
    }

    /// At or above the ceiling is over: the next call has nowhere to go.
    pub fn of(utilization: f64, warn_at: f64) -> Status {
        if utilization >= 1.0 {
            Status::Over
        } else if utilization >= warn_at {
            Status::Warn
        } else {
            Status::Ok
        }
    }
}

/// The JSON contract of `capplan compute` (documented in the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub stack: String,
    pub peak_multiplier: f64,
    pub warn_at: f64,
    /// The Erlang B blocking target, when one was set.
    pub blocking_target: Option<f64>,
    pub interval_s: f64,
    pub intervals: usize,
    pub binding_layer: String,
    pub binding_when_full: String,
    pub binding_arithmetic: String,
    /// With a blocking target: the binding layer's Erlang B sizing in words.
    pub binding_erlang: Option<String>,
    pub workloads: Vec<WorkloadReport>,
    pub layers: Vec<LayerReport>,
    /// Month by month under growth; null when no growth was asked for.
    pub projection: Option<crate::projection::Projection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadReport {
    pub name: String,
    pub total_calls: f64,
    pub mean_aht_s: f64,
    pub peak_multiplier: f64,
    pub peak_avg_calls: f64,
    pub peak_arrivals_per_min: f64,
    pub peak_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerReport {
    pub name: String,
    pub kind: String,
    pub workloads: Vec<String>,
    pub ceiling_calls: f64,
    pub peak_calls: f64,
    pub avg_calls: f64,
    pub utilization: f64,
    pub headroom_calls: f64,
    /// How much all traffic may grow before this layer binds (0.5 = +50%); null with no traffic.
    pub growth_headroom: Option<f64>,
    pub status: Status,
    pub warn_at: f64,
    pub peak_at: String,
    pub arrivals_per_min_at_peak: f64,
    pub aht_s_at_peak: f64,
    pub binding_limit: String,
    pub when_full: String,
    /// Offered load at the layer's busiest interval (average concurrency before the multiplier).
    pub offered_erlangs: f64,
    /// Erlang B: the share of calls blocked with that load offered to the ceiling.
    pub blocking: f64,
    /// Erlang B: the fewest concurrent calls meeting the blocking target (null without a target).
    pub ceiling_for_target: Option<f64>,
    pub limits: Vec<LimitReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitReport {
    pub member: String,
    pub key: String,
    pub formula: String,
    /// `concurrent` for a cap on calls in progress, `rate` for a cap on new calls (x AHT).
    pub form: String,
    pub accounts: f64,
    pub ceiling_calls: f64,
    pub utilization: f64,
    pub binds: bool,
}
