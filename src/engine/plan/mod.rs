//! The upgrade plan: for each month of the horizon and each priced layer, the units that keep
//! utilisation at or under the warning threshold, the units to add (whole packs), the monthly
//! cost now and then, the order-by date; and the cheapest ways to raise the stack's ceiling.

use serde::{Deserialize, Serialize};

use crate::engine::load::layer_load;
use crate::engine::pipeline::Loaded;
use crate::model::stack::{Layer, Price};
use crate::values::month::Month;

mod row;
mod status;

use row::{Need, month_row, scaling};
pub use status::PlanStatus;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub currency: String,
    pub start: String,
    pub horizon_months: u32,
    /// One per priced layer and month: layers in file order, each layer's months in order.
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
    /// Of `units_to_add`, those first needed this month (the month's increment: sum this
    /// column, never `units_to_add`, which counts from today every month).
    pub units_added_this_month: f64,
    pub unit_price: f64,
    pub currency: String,
    pub cost_now: f64,
    pub cost_needed: f64,
    /// The one-off cost, in the month a new purchase is first needed.
    pub one_off_cost: f64,
    /// First day of the month minus the lead time; empty when nothing is to be bought.
    pub order_by: String,
    /// `ok`, `buy` (self-serve), `sales` (needs a sales contract or passes the self-serve
    /// maximum), `overdue` (units first needed this month whose order-by date is before
    /// today), `covered` (units are needed, but no more than an earlier month's order adds) or
    /// `blocked` (another limit of the layer binds: buying units is not enough).
    pub status: PlanStatus,
    /// What to do, in words, naming what is new this month (empty when nothing is needed).
    pub action: String,
    /// The month's totals over every priced layer, repeated on each of its rows so that a
    /// spreadsheet and a script read them without summing or special rows.
    pub month_cost_now: f64,
    pub month_cost_needed: f64,
    pub month_one_off_cost: f64,
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
    /// `buy` or `sales`.
    pub status: PlanStatus,
}

/// The plan month by month. Each month uses the layer as it stands then (planned changes from
/// their month on) and its units then; a purchase is counted from those units. `today` (days
/// since 1970-01-01) is what order-by dates are compared with: before it, an order is overdue.
pub fn plan(loaded: &Loaded, today: i64) -> Plan {
    let (stack, report) = (&loaded.stack, &loaded.report);
    let p = report
        .projection
        .as_ref()
        .expect("a plan needs the projection");
    let mut rows = Vec::new();
    let mut ranking = Vec::new();
    let mut blocked = Vec::new();
    let unpriced = stack
        .layers
        .iter()
        .filter(|l| l.price.is_none())
        .map(|l| l.name.clone())
        .collect();
    for layer in &stack.layers {
        let Some(price) = &layer.price else {
            continue;
        };
        // Joined by name, not by position: the projection carries each layer's name.
        let projected = p
            .layers
            .iter()
            .find(|pl| pl.name == layer.name)
            .expect("the projection has every layer of the stack");
        let horizon = &projected.design_peak_calls[..=p.horizon_months as usize];
        let (layer_rows, calls_per_unit) = months_of(loaded, layer, price, horizon, today);
        match (layer_rows.last(), calls_per_unit) {
            (
                Some(PlanRow {
                    status: PlanStatus::Blocked { binds },
                    ..
                }),
                _,
            ) => blocked.push(format!("{} ({binds} binds)", layer.name)),
            (Some(last), Some(calls_per_unit)) if last.units_to_add > 0.0 => {
                let self_serve = !price.sales_contract
                    && price
                        .self_serve_max
                        .is_none_or(|m| last.units_now + last.units_to_add <= m);
                ranking.push(UpgradeOption {
                    layer: layer.name.clone(),
                    unit: price.unit.clone(),
                    calls_per_unit,
                    cost_per_added_call: price.per_unit_month / calls_per_unit,
                    units_to_add: last.units_to_add,
                    added_cost_per_month: last.units_to_add * price.per_unit_month,
                    self_serve,
                    status: if self_serve {
                        PlanStatus::Buy
                    } else {
                        PlanStatus::Sales
                    },
                })
            }
            _ => {}
        }
        rows.extend(layer_rows);
    }
    month_totals(&mut rows);
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

/// One priced layer's rows, month by month over the horizon (design peaks per month in
/// `peaks`), and the calls one unit carries in the last month computed.
fn months_of(
    loaded: &Loaded,
    layer: &Layer,
    price: &Price,
    peaks: &[f64],
    today: i64,
) -> (Vec<PlanRow>, Option<f64>) {
    let (stack, tl) = (&loaded.stack, &loaded.timeline);
    let growth = loaded
        .growth
        .as_ref()
        .expect("a plan needs the growth model");
    let start = Month::parse(&loaded.report.projection.as_ref().expect("projected").start)
        .expect("the projection's own month");
    let mut rows: Vec<PlanRow> = Vec::new();
    let mut bought_before = 0.0;
    let mut calls_per_unit = None;
    for (k, peak) in peaks.iter().enumerate() {
        let month = start.plus(k as i64);
        let now = layer.in_month(month);
        let ld = layer_load(&now, stack, tl, &growth.factors(k as u32));
        let Some(s) = scaling(&now, &ld) else {
            break;
        };
        let need = Need {
            target: peak / layer.warn_at,
            bought_before,
            today,
        };
        let row = month_row(layer, price, month, &s, &need);
        bought_before = f64::max(bought_before, row.units_to_add);
        calls_per_unit = Some(s.calls_per_unit);
        rows.push(PlanRow {
            currency: stack.currency.clone(),
            ..row
        });
    }
    (rows, calls_per_unit)
}

/// Each row's month totals over every priced layer.
fn month_totals(rows: &mut [PlanRow]) {
    for k in 0..rows.len() {
        let month = rows[k].month.clone();
        let of = |f: fn(&PlanRow) -> f64| rows.iter().filter(|r| r.month == month).map(f).sum();
        let (now, needed, once) = (
            of(|r| r.cost_now),
            of(|r| r.cost_needed),
            of(|r| r.one_off_cost),
        );
        let r = &mut rows[k];
        (r.month_cost_now, r.month_cost_needed, r.month_one_off_cost) = (now, needed, once);
    }
}
