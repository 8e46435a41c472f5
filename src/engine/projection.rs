//! Growth projected month by month against every layer: utilisation per month, the months each
//! layer crosses its warning threshold and its ceiling, act-by dates, and a load-test plan.

use serde::{Deserialize, Serialize};

use crate::engine::load::{binding_index, layer_load};
use crate::engine::timeline::Timeline;
use crate::io::growth::GrowthModel;
use crate::model::stack::Stack;
use crate::values::month::{Month, iso_date};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Projection {
    /// The first month (month 0, today's traffic): "2026-11".
    pub start: String,
    pub horizon_months: u32,
    /// Every month projected: the horizon, and past it as far as a lead time reaches.
    pub months: Vec<String>,
    pub layers: Vec<LayerProjection>,
    /// The binding layer in month 0 and each month it changes.
    pub binding: Vec<BindingChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerProjection {
    pub name: String,
    /// The line of the layer in the stack file.
    pub line: usize,
    pub warn_at: f64,
    /// Per month in `months`.
    pub utilization: Vec<f64>,
    /// The design peak (calls in progress x peak multiplier) in each month.
    #[serde(default)]
    pub design_peak_calls: Vec<f64>,
    /// Null in a month where the layer has no limit that counts its traffic.
    pub ceiling_calls: Vec<Option<f64>>,
    pub warn_crossing: Option<Crossing>,
    pub ceiling_crossing: Option<Crossing>,
    /// The lead time as written: whole days or calendar months.
    pub lead_time: Option<crate::model::stack::LeadTime>,
    /// The ceiling crossing's first day minus the lead time.
    pub act_by: Option<String>,
    pub load_test: LoadTest,
    /// The former name of `design_peak_calls`, the same figures, kept for one contract version.
    #[serde(default)]
    pub peak_calls: Vec<f64>,
}

/// The first month at or above a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crossing {
    /// Months after the start (0: already there).
    pub month_index: u32,
    pub month: String,
    /// The month's first day, ISO.
    pub date: String,
    pub utilization: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingChange {
    pub month: String,
    pub layer: String,
}

/// Concurrent calls to load-test each layer at: 80%, 100% and 120% of today's design peak, and
/// 1.5x (two published recommendations: a CPaaS article's 80/100/120% and a glossary's 1.5x), rounded up to whole calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadTest {
    pub calls_80: f64,
    pub calls_100: f64,
    pub calls_120: f64,
    pub calls_150: f64,
}

impl LayerProjection {
    /// The first month whose utilisation is at or above `threshold`.
    pub fn crossing(&self, threshold: f64, start: Month) -> Option<Crossing> {
        let k = self.utilization.iter().position(|u| *u >= threshold)?;
        let month = start.plus(k as i64);
        Some(Crossing {
            month_index: k as u32,
            month: month.to_string(),
            date: iso_date(month.first_day()),
            utilization: self.utilization[k],
        })
    }

    /// The day (since 1970-01-01) a higher limit must be ordered for a crossing.
    pub fn act_by_day(&self, crossing: &Crossing, start: Month) -> i64 {
        let month = start.plus(i64::from(crossing.month_index));
        self.lead_time
            .map_or(month.first_day(), |lt| lt.act_by(month))
    }
}

/// Projects every month of the horizon, and further where a layer's lead time reaches past it,
/// so an order that must go out inside the horizon is seen (at most 120 months).
pub fn project(stack: &Stack, tl: &Timeline, growth: &GrowthModel) -> Projection {
    let longest_lead_days = stack
        .layers
        .iter()
        .filter_map(|l| l.lead_time.map(|t| t.max_days()))
        .max()
        .unwrap_or(0);
    let reach = growth.horizon_months + longest_lead_days.div_ceil(28);
    let last = reach.min(120);
    let mut layers: Vec<LayerProjection> = stack
        .layers
        .iter()
        .map(|l| LayerProjection {
            name: l.name.clone(),
            line: l.line,
            warn_at: l.warn_at,
            utilization: Vec::new(),
            design_peak_calls: Vec::new(),
            ceiling_calls: Vec::new(),
            warn_crossing: None,
            ceiling_crossing: None,
            lead_time: l.lead_time,
            act_by: None,
            load_test: LoadTest {
                calls_80: 0.0,
                calls_100: 0.0,
                calls_120: 0.0,
                calls_150: 0.0,
            },
            peak_calls: Vec::new(),
        })
        .collect();
    let mut months = Vec::new();
    let mut binding: Vec<BindingChange> = Vec::new();
    for k in 0..=last {
        let scale = growth.factors(k);
        let month = growth.start.plus(i64::from(k)).to_string();
        let month_k = growth.start.plus(i64::from(k));
        for (lp, layer) in layers.iter_mut().zip(&stack.layers) {
            // A planned change counts from its month on.
            let load = layer_load(&layer.in_month(month_k), stack, tl, &scale);
            lp.utilization.push(load.utilization);
            lp.design_peak_calls.push(load.design_calls);
            lp.ceiling_calls
                .push(load.ceiling_calls.is_finite().then_some(load.ceiling_calls));
        }
        let k = k as usize;
        let at_k = layers
            .iter()
            .map(|l| l.ceiling_calls[k].map(|_| l.utilization[k]));
        if let Some(b) = binding_index(at_k)
            && binding.last().is_none_or(|c| c.layer != layers[b].name)
        {
            binding.push(BindingChange {
                month: month.clone(),
                layer: layers[b].name.clone(),
            });
        }
        months.push(month);
    }
    for lp in &mut layers {
        lp.warn_crossing = lp.crossing(lp.warn_at, growth.start);
        lp.ceiling_crossing = lp.crossing(1.0, growth.start);
        lp.act_by = lp
            .ceiling_crossing
            .as_ref()
            .map(|c| iso_date(lp.act_by_day(c, growth.start)));
        let peak = lp.design_peak_calls[0];
        let at = |x: f64| (peak * x - 1e-9).ceil().max(0.0);
        lp.load_test = LoadTest {
            calls_80: at(0.8),
            calls_100: at(1.0),
            calls_120: at(1.2),
            calls_150: at(1.5),
        };
        lp.peak_calls = lp.design_peak_calls.clone();
    }
    Projection {
        start: growth.start.to_string(),
        horizon_months: growth.horizon_months,
        months,
        layers,
        binding,
    }
}
