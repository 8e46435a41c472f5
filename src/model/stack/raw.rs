//! The stack file exactly as written: serde types that mirror the TOML, with spans kept so that a
//! check made after parsing can still point at the line.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

mod layer;
mod values;

pub use layer::{RawChange, RawLayer, RawPrice, RawQueue};
pub use values::{DurationText, Share};

/// A capplan stack file: the workloads that place calls and the layers each call passes through.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "capplan stack file")]
pub struct RawStack {
    /// Settings for the whole stack.
    #[serde(default)]
    pub defaults: RawDefaults,
    /// A stream of calls: its arrivals and handle time.
    #[serde(default, rename = "workload")]
    pub workloads: Vec<RawWorkload>,
    /// A layer every call of its workloads passes, with its limits.
    #[serde(default, rename = "layer")]
    pub layers: Vec<RawLayer>,
    /// Month-by-month growth for projections, checks and the plan.
    pub growth: Option<RawGrowth>,
}

/// `[growth]`: how traffic grows month by month.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGrowth {
    /// Compound growth per month for every workload ("12%").
    #[schemars(with = "Option<Share>")]
    pub monthly: Option<Spanned<Share>>,
    /// Per-workload compound growth per month: `[growth.workloads] outbound = "20%"`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, Share>")]
    pub workloads: std::collections::BTreeMap<String, Spanned<Share>>,
    /// A projection CSV (month, factor or calls, optional workload), relative to the stack file.
    #[schemars(with = "Option<String>")]
    pub projection: Option<Spanned<String>>,
    /// The first month of the projection ("2026-11"); default: the current month.
    #[schemars(with = "Option<String>")]
    pub start: Option<Spanned<String>>,
    /// Months to project (default 6).
    #[schemars(with = "Option<i64>")]
    pub horizon: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDefaults {
    /// Design peak = calls in progress x this (default 2.5).
    #[schemars(with = "Option<f64>")]
    pub peak_multiplier: Option<Spanned<f64>>,
    /// Status `warn` from this share of the ceiling (default "75%").
    #[schemars(with = "Option<Share>")]
    pub warn_at: Option<Spanned<Share>>,
    /// The arrivals interval ("15m"); inferred from the rows when absent.
    #[schemars(with = "Option<DurationText>")]
    pub interval: Option<Spanned<DurationText>>,
    /// A blocking target ("1%"): adds Erlang B sizing per layer.
    #[schemars(with = "Option<Share>")]
    pub blocking: Option<Spanned<Share>>,
    /// The traffic's peakedness (variance / mean of the calls in progress, as `observe`
    /// measures it; default 1, Poisson): Erlang B figures use Hayward's B(A/Z, C/Z).
    #[schemars(with = "Option<f64>")]
    pub peakedness: Option<Spanned<f64>>,
    /// The currency of every price ("USD").
    #[schemars(with = "Option<String>")]
    pub currency: Option<Spanned<String>>,
    /// IANA time zone of arrivals written as a local date and time ("America/New_York").
    #[schemars(with = "Option<String>")]
    pub timezone: Option<Spanned<String>>,
}

/// `handle_time = "exponential"`, `"fixed"`, `{ lognormal_cv = 0.8 }` or
/// `{ quantiles = ["20s", "1m", ...] }`, optionally with `means = [...]` per segment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawHandleTime {
    Named(String),
    Table(RawHandleTimeTable),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHandleTimeTable {
    /// Lognormal handle times with this coefficient of variation (0 to 3).
    pub lognormal_cv: Option<f64>,
    /// Equally spaced quantiles of real durations, 0% to 100% ("20s", "1m", ...).
    pub quantiles: Option<Vec<String>>,
    /// With quantiles: the mean duration of the calls in each segment between neighbouring
    /// quantiles (one fewer than the quantiles), so a long last segment keeps its real mean.
    pub means: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWorkload {
    /// The workload's name, as layers and arrivals files refer to it.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Its arrivals CSV, relative to this file.
    #[schemars(with = "Option<String>")]
    pub arrivals: Option<Spanned<String>>,
    /// Average handle time ("3m 20s"); optional when every row gives one.
    #[schemars(with = "Option<DurationText>")]
    pub aht: Option<Spanned<DurationText>>,
    /// This workload's peak multiplier, over the default.
    #[schemars(with = "Option<f64>")]
    pub peak_multiplier: Option<Spanned<f64>>,
    /// This workload's arrivals interval, over the default.
    #[schemars(with = "Option<DurationText>")]
    pub interval: Option<Spanned<DurationText>>,
    /// "inbound" (default), "outbound" or "web": which rate limits the calls meet.
    #[schemars(with = "Option<String>")]
    pub direction: Option<Spanned<String>>,
    /// The handle-time distribution: "exponential" (default), "fixed", { lognormal_cv }, { quantiles }.
    #[schemars(with = "Option<RawHandleTime>")]
    pub handle_time: Option<Spanned<RawHandleTime>>,
    /// `simulate`: refused callers call again (`{ share = "60%", after = "2m" }`).
    #[schemars(with = "Option<RawRetry>")]
    pub retry: Option<Spanned<RawRetry>>,
    /// Free text.
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRetry {
    /// The share of refused callers who call again.
    pub share: Share,
    /// The mean delay before they do ("2m").
    pub after: String,
}

#[cfg(test)]
mod tests {
    /// The limit keys of the stack-file types and of the model are the same list.
    #[test]
    fn limit_keys_agree_with_the_model() {
        let layer: super::RawLayer = toml::from_str("name = \"x\"").unwrap();
        let mut names: Vec<&str> = layer.numeric_limits().iter().map(|(k, _)| *k).collect();
        names.push("hold_share");
        let mut model: Vec<&str> = super::super::model::Kind::ALL
            .iter()
            .flat_map(|kind| kind.keys().iter().copied())
            .collect();
        model.sort_unstable();
        model.dedup();
        names.sort_unstable();
        assert_eq!(names, model);
    }
}
