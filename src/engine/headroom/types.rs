//! The result of `compute`: plain data that every renderer reads, and the JSON contract.

use serde::{Deserialize, Serialize};

/// Ordered by severity: `Ok < Warn < Over`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The common grid step every workload's arrivals were placed on, in seconds.
    pub interval_s: f64,
    /// Steps of that grid.
    pub intervals: usize,
    /// The layer with the highest utilisation; null when no layer has a limit that counts its
    /// traffic (every layer unlimited).
    pub binding_layer: Option<String>,
    pub binding_when_full: String,
    pub binding_arithmetic: String,
    /// With a blocking target: the binding layer's Erlang B sizing in words.
    pub binding_erlang: Option<String>,
    pub workloads: Vec<WorkloadReport>,
    pub layers: Vec<LayerReport>,
    /// Month by month under growth; null when no growth was asked for.
    pub projection: Option<crate::engine::projection::Projection>,
}

impl Report {
    /// The binding layer's row; none when every layer is unlimited.
    pub fn binding(&self) -> Option<&LayerReport> {
        let name = self.binding_layer.as_ref()?;
        self.layers.iter().find(|l| &l.name == name)
    }

    pub fn is_binding(&self, layer: &LayerReport) -> bool {
        self.binding_layer.as_ref() == Some(&layer.name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadReport {
    pub name: String,
    /// `inbound`, `outbound` or `web`.
    pub direction: String,
    /// The handle-time distribution: `exponential`, `fixed`, `lognormal (cv 0.8)`, `N quantiles`.
    pub handle_time: String,
    pub total_calls: f64,
    pub mean_aht_s: f64,
    pub peak_multiplier: f64,
    /// The most expected calls in progress at any moment, before the multiplier.
    pub peak_avg_calls: f64,
    /// The highest arrival rate of any step.
    pub peak_arrivals_per_min: f64,
    /// When calls in progress peak.
    pub peak_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerReport {
    pub name: String,
    pub kind: String,
    pub workloads: Vec<String>,
    /// The calls in progress the layer carries; null when no limit counts its traffic.
    pub ceiling_calls: Option<f64>,
    /// The design peak: the largest sum over workloads of calls in progress x peak multiplier.
    /// Read as optional so a report saved before it had this name still loads as a baseline.
    #[serde(default)]
    pub design_peak_calls: f64,
    pub avg_calls: f64,
    pub utilization: f64,
    /// Ceiling minus design peak; null for an unlimited layer.
    pub headroom_calls: Option<f64>,
    /// How much all traffic may grow before this layer binds (0.5 = +50%); null with no traffic
    /// or no ceiling.
    pub growth_headroom: Option<f64>,
    pub status: Status,
    pub warn_at: f64,
    pub peak_at: String,
    pub arrivals_per_min_at_peak: f64,
    pub aht_s_at_peak: f64,
    /// The key of the limit that binds (members side by side joined by ` + `); `none` for an
    /// unlimited layer.
    pub binding_limit: String,
    pub when_full: String,
    /// What Erlang B counts at this layer: `calls`, `channels`, `sessions`, `connections`,
    /// `units`; null when it does not apply (see `erlang_skipped`).
    pub erlang_unit: Option<String>,
    /// Why Erlang B does not apply, in one word: `rate` (a limit on new calls) or `budget` (a
    /// per-minute budget of tokens or requests); null when it does.
    pub erlang_skipped: Option<String>,
    /// The servers Erlang B counts, in `erlang_unit`, over every member and account.
    pub erlang_servers: Option<f64>,
    /// Offered load at the peak of calls in progress, in erlangs of `erlang_unit` (calls x
    /// units per call x hold share), before the multiplier.
    pub offered_erlangs: Option<f64>,
    /// Erlang B: the share of calls blocked with that load offered to the servers.
    pub blocking: Option<f64>,
    /// Erlang B: the fewest servers (in `erlang_unit`) meeting the blocking target (null without
    /// a target or where Erlang B does not apply).
    pub ceiling_for_target: Option<f64>,
    pub limits: Vec<LimitReport>,
    /// The former name of `design_peak_calls`, the same figure: kept in JSON and CSV for one
    /// contract version so readers of the old name keep working.
    #[serde(default)]
    pub peak_calls: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitReport {
    pub member: String,
    pub key: String,
    pub formula: String,
    /// `servers` (channels, lines, sessions, connections), `budget` (tokens or requests per
    /// minute), `per_second` or `per_hour` (new calls).
    pub form: String,
    /// Rate limits: the directions whose calls count (null: all).
    pub directions: Option<Vec<String>>,
    pub accounts: f64,
    /// The limit in its own unit, over all accounts.
    pub limit: f64,
    /// `calls` (in progress), `calls_per_s` or `calls_per_hour`.
    pub unit: String,
    /// The design demand at the limit's worst moment, in the same unit.
    pub demand: f64,
    /// The worst moment: the peak of calls in progress, the step with the highest arrival rate,
    /// or the start of the busiest rolling hour.
    pub peak_at: String,
    /// `demand / limit`: this limit on its own.
    pub own_utilization: f64,
    /// The calls in progress the layer carries when this limit is reached; null for a rate
    /// limit that counts none of the layer's traffic (no workload of its directions, or no
    /// arrivals): it is never reached.
    pub ceiling_calls: Option<f64>,
    /// The layer's utilisation were this limit the one that binds its member (other members'
    /// ceilings added).
    pub utilization: f64,
    /// The limit the member meets first; a limit with no ceiling never binds.
    pub binds: bool,
    /// Per-second limits: the chance that a second sees more calls than the limit at the
    /// design rate (Poisson arrivals).
    pub seconds_over_limit: Option<f64>,
    /// Per-second limits: the expected share of calls that arrive in a second already full.
    pub calls_in_full_seconds: Option<f64>,
}
