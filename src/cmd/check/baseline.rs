//! `--baseline`: what changed against a saved JSON report, layer by layer.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::headroom::Report;
use crate::values::error::{Error, Result};
use crate::values::month::Month;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineDiff {
    pub path: String,
    /// Null when no layer bound (every layer unlimited).
    pub binding_before: Option<String>,
    pub binding_now: Option<String>,
    pub binding_changed: bool,
    pub layers: Vec<LayerDiff>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerDiff {
    pub name: String,
    /// Today's utilisation in the baseline (null: the layer is new).
    pub utilization_before: Option<f64>,
    /// Today's utilisation now (null: the layer was removed).
    pub utilization_now: Option<f64>,
    pub utilization_delta: Option<f64>,
    pub ceiling_month_before: Option<String>,
    pub ceiling_month_now: Option<String>,
    /// How much later the ceiling is crossed now (negative: months lost); null unless both cross.
    pub months_gained: Option<i64>,
}

/// Reads a baseline saved by `compute --format json` or `check --format json`.
pub fn load(path: &Path) -> Result<Report> {
    let text = crate::values::input::read_to_string(path)?;
    #[derive(Deserialize)]
    struct Wrapped {
        report: Report,
    }
    // Parsed once; a check report carries the compute report under `report`.
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::file(path, format!("is not JSON: {e}")))?;
    if value.get("report").is_some() {
        return serde_json::from_value::<Wrapped>(value)
            .map(|w| former_names(w.report))
            .map_err(|e| Error::file(path, format!("is not a capplan check report: {e}")));
    }
    serde_json::from_value::<Report>(value)
        .map(former_names)
        .map_err(|e| {
            Error::file(
                path,
                format!(
                    "is not a capplan JSON report (save one with `capplan compute -f json`): {e}"
                ),
            )
        })
}

/// A baseline saved before `design_peak_calls` had its name carries only `peak_calls`.
fn former_names(mut r: Report) -> Report {
    for l in &mut r.layers {
        if l.design_peak_calls == 0.0 {
            l.design_peak_calls = l.peak_calls;
        }
    }
    r
}

fn utilizations(r: &Report) -> HashMap<&str, f64> {
    r.layers
        .iter()
        .map(|l| (l.name.as_str(), l.utilization))
        .collect()
}

/// Each layer's first month at or over its ceiling in the report's projection.
fn ceiling_months(r: &Report) -> HashMap<&str, Option<String>> {
    r.projection.as_ref().map_or_else(HashMap::new, |p| {
        p.layers
            .iter()
            .map(|l| {
                let month = l.ceiling_crossing.as_ref().map(|c| c.month.clone());
                (l.name.as_str(), month)
            })
            .collect()
    })
}

pub fn compare(path: &Path, now: &Report) -> Result<BaselineDiff> {
    let before = load(path)?;
    // Looked up by name through maps: a baseline of 100,000 layers compares in linear time.
    let (ub, un) = (utilizations(&before), utilizations(now));
    let (mb, mn) = (ceiling_months(&before), ceiling_months(now));
    let mut names: Vec<String> = now.layers.iter().map(|l| l.name.clone()).collect();
    names.extend(
        before
            .layers
            .iter()
            .map(|l| l.name.clone())
            .filter(|n| !un.contains_key(n.as_str())),
    );
    let layers = names
        .into_iter()
        .map(|name| {
            let (b, n) = (
                ub.get(name.as_str()).copied(),
                un.get(name.as_str()).copied(),
            );
            let (cb, cn) = (
                mb.get(name.as_str()).cloned().flatten(),
                mn.get(name.as_str()).cloned().flatten(),
            );
            let months_gained = match (&cb, &cn) {
                (Some(b), Some(n)) => Some(Month::parse(b).ok()?.until(Month::parse(n).ok()?)),
                _ => None,
            };
            Some(LayerDiff {
                utilization_delta: b.zip(n).map(|(b, n)| n - b),
                utilization_before: b,
                utilization_now: n,
                ceiling_month_before: cb,
                ceiling_month_now: cn,
                months_gained,
                name,
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Error::file(path, "holds a month that is not YYYY-MM"))?;
    Ok(BaselineDiff {
        path: path.display().to_string(),
        binding_changed: before.binding_layer != now.binding_layer,
        binding_before: before.binding_layer,
        binding_now: now.binding_layer.clone(),
        layers,
    })
}
