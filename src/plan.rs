//! The upgrade plan: for each month of the horizon and each priced layer, the units that keep
//! utilisation at or under the warning threshold, the units to add (whole packs), the monthly
//! cost now and then, the order-by date; and the cheapest ways to raise the stack's ceiling.

use serde::{Deserialize, Serialize};

use crate::compute::Report;
use crate::month::{Month, iso_date};
use crate::stack::{Layer, Stack};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub currency: String,
    pub start: String,
    pub horizon_months: u32,
    /// One per month and priced layer, months in order, layers in file order.
    pub rows: Vec<PlanRow>,
    /// Layers that must grow by the horizon and can, by buying units: cheapest added
    /// concurrent call first.
    pub ranking: Vec<UpgradeOption>,
    /// Layers that must grow but where buying units is not enough (another limit binds).
    pub blocked: Vec<String>,
    /// Layers without `[layer.price]`, left out of the rows.
    pub unpriced: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRow {
    pub month: String,
    pub layer: String,
    pub kind: String,
    pub unit: String,
    pub units_now: f64,
    pub units_needed: f64,
    pub units_to_add: f64,
    pub unit_price: f64,
    pub currency: String,
    pub cost_now: f64,
    pub cost_needed: f64,
    /// The one-off cost, in the month a new purchase is first needed.
    pub one_off_cost: f64,
    /// First day of the month minus the lead time; empty when nothing is to be bought.
    pub order_by: String,
    /// `ok`, `buy` (self-serve), `sales` (needs a sales contract or passes the self-serve
    /// maximum) or `blocked` (another limit of the layer binds: buying units is not enough).
    pub status: String,
}

/// One way to raise the stack's ceiling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpgradeOption {
    pub layer: String,
    pub unit: String,
    pub calls_per_unit: f64,
    pub cost_per_added_call: f64,
    pub units_to_add: f64,
    pub added_cost_per_month: f64,
    pub self_serve: bool,
    pub status: String,
}

/// What a layer can do with more units: calls per unit, and the ceiling units cannot lift.
struct Scaling {
    units_now: f64,
    calls_per_unit: f64,
    /// The lowest ceiling among the first member's limits that do not grow with units.
    fixed_cap: f64,
    /// Other members' ceilings (side-by-side accounts), which stay as they are.
    others: f64,
    binding_fixed: String,
}

fn scaling(layer: &Layer, report: &Report, i: usize) -> Option<Scaling> {
    let m = layer.members.first()?;
    let units_now = m.units?;
    let limits = &report.layers[i].limits;
    let mine = limits.iter().filter(|l| l.member == m.name);
    let (mut per_unit, mut fixed_cap, mut binding_fixed) =
        (f64::INFINITY, f64::INFINITY, String::new());
    for (rl, sl) in mine.zip(&m.limits) {
        if sl.per_unit {
            per_unit = per_unit.min(rl.ceiling_calls / units_now);
        } else if rl.ceiling_calls < fixed_cap {
            fixed_cap = rl.ceiling_calls;
            binding_fixed = rl.key.clone();
        }
    }
    let others = report.layers[i].ceiling_calls
        - limits
            .iter()
            .filter(|l| l.member == m.name && l.binds)
            .map(|l| l.ceiling_calls)
            .sum::<f64>();
    per_unit.is_finite().then_some(Scaling {
        units_now,
        calls_per_unit: per_unit,
        fixed_cap,
        others,
        binding_fixed,
    })
}

pub fn plan(stack: &Stack, report: &Report) -> Plan {
    let p = report
        .projection
        .as_ref()
        .expect("a plan needs the projection");
    let start = Month::parse(&p.start).expect("the projection's own month");
    let mut rows = Vec::new();
    let mut ranking = Vec::new();
    let mut blocked = Vec::new();
    let unpriced = stack
        .layers
        .iter()
        .filter(|l| l.price.is_none())
        .map(|l| l.name.clone())
        .collect();
    for (i, layer) in stack.layers.iter().enumerate() {
        let (Some(price), Some(s)) = (&layer.price, scaling(layer, report, i)) else {
            continue;
        };
        let mut bought_before = 0.0;
        let mut last = None;
        for k in 0..=p.horizon_months as usize {
            let target = p.layers[i].peak_calls[k] / layer.warn_at;
            let needed = ((target - s.others).max(0.0) / s.calls_per_unit - 1e-9)
                .ceil()
                .max(0.0);
            let add = ((needed - s.units_now).max(0.0) / price.pack).ceil() * price.pack;
            let blocked = s.fixed_cap + s.others < target;
            let beyond_self_serve = price.self_serve_max.is_some_and(|m| s.units_now + add > m);
            let status = if blocked {
                format!("blocked ({} binds)", s.binding_fixed)
            } else if add == 0.0 {
                "ok".into()
            } else if price.sales_contract || beyond_self_serve {
                "sales".into()
            } else {
                "buy".into()
            };
            let month = start.plus(k as i64);
            let order_by = if add > 0.0 {
                iso_date(
                    month.first_day() - (layer.lead_time_s.unwrap_or(0.0) / 86_400.0).ceil() as i64,
                )
            } else {
                String::new()
            };
            rows.push(PlanRow {
                month: month.to_string(),
                layer: layer.name.clone(),
                kind: layer.kind.name().to_string(),
                unit: price.unit.clone(),
                units_now: s.units_now,
                units_needed: needed,
                units_to_add: add,
                unit_price: price.per_unit_month,
                currency: stack.currency.clone(),
                cost_now: price.monthly_cost(s.units_now),
                cost_needed: price.monthly_cost(s.units_now + add),
                one_off_cost: if add > bought_before {
                    price.one_off
                } else {
                    0.0
                },
                order_by,
                status: status.clone(),
            });
            bought_before = bought_before.max(add);
            last = Some((add, status));
        }
        if let Some((_, status)) = last.as_ref().filter(|(_, s)| s.starts_with("blocked")) {
            blocked.push(format!(
                "{} ({})",
                layer.name,
                status.trim_start_matches("blocked (").trim_end_matches(')')
            ));
        } else if let Some((add, status)) = last.filter(|(add, _)| *add > 0.0) {
            ranking.push(UpgradeOption {
                layer: layer.name.clone(),
                unit: price.unit.clone(),
                calls_per_unit: s.calls_per_unit,
                cost_per_added_call: price.per_unit_month / s.calls_per_unit,
                units_to_add: add,
                added_cost_per_month: add * price.per_unit_month,
                self_serve: status == "buy",
                status,
            });
        }
    }
    ranking.sort_by(|a, b| {
        a.cost_per_added_call
            .total_cmp(&b.cost_per_added_call)
            .then(a.layer.cmp(&b.layer))
    });
    Plan {
        currency: stack.currency.clone(),
        start: p.start.clone(),
        horizon_months: p.horizon_months,
        rows,
        ranking,
        blocked,
        unpriced,
    }
}
