//! The upgrade plan: for each month of the horizon and each priced layer, the units that keep
//! utilisation at or under the warning threshold, the units to add (whole packs), the monthly
//! cost now and then, the order-by date; and the cheapest ways to raise the stack's ceiling.

use serde::{Deserialize, Serialize};

use crate::engine::load::{LayerLoad, layer_load};
use crate::engine::pipeline::Loaded;
use crate::model::stack::{Layer, Price};
use crate::values::month::{Month, iso_date};

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
    pub status: String,
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
    pub status: String,
}

/// What a layer can do with more units: calls per unit, and the ceiling units cannot lift.
struct Scaling {
    /// Units held over every identical account side by side.
    units_now: f64,
    /// Identical accounts side by side: each grows by the same number of units.
    accounts: f64,
    calls_per_unit: f64,
    /// The lowest ceiling among the first member's limits that do not grow with units.
    fixed_cap: f64,
    /// Other members' ceilings (side-by-side accounts), which stay as they are.
    others: f64,
    binding_fixed: String,
}

/// How the layer as it stands in a month grows with units, from its load that month: limits
/// are met by their member and limit indices, never by position in another list.
fn scaling(layer: &Layer, ld: &LayerLoad) -> Option<Scaling> {
    let m = layer.members.first()?;
    let units_now = m.units? * m.accounts;
    let (mut per_unit, mut fixed_cap, mut binding_fixed) =
        (f64::INFINITY, f64::INFINITY, String::new());
    for x in ld.limits.iter().filter(|x| x.member == 0) {
        let lim = &m.limits[x.limit];
        if lim.per_unit {
            per_unit = per_unit.min(x.ceiling_calls / units_now);
        } else if x.ceiling_calls < fixed_cap {
            fixed_cap = x.ceiling_calls;
            binding_fixed = lim.key.to_string();
        }
    }
    let others = ld.member_binds[1..]
        .iter()
        .map(|&b| ld.limits[b].ceiling_calls)
        .sum();
    per_unit.is_finite().then_some(Scaling {
        units_now,
        accounts: m.accounts,
        calls_per_unit: per_unit,
        fixed_cap,
        others,
        binding_fixed,
    })
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
            (Some(last), _) if last.status.starts_with("blocked") => blocked.push(format!(
                "{} ({})",
                layer.name,
                last.status
                    .trim_start_matches("blocked (")
                    .trim_end_matches(')')
            )),
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
                    status: if self_serve { "buy" } else { "sales" }.to_string(),
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

/// What one month asks of a layer.
struct Need {
    /// The calls its units must carry (the design peak over the warning threshold).
    target: f64,
    /// The most units added in an earlier month.
    bought_before: f64,
    /// The day order-by dates are compared with.
    today: i64,
}

/// The unit's name for `n` of them: "line", "lines".
fn noun(n: f64, unit: &str) -> String {
    let s = if n == 1.0 { "" } else { "s" };
    format!("{unit}{s}")
}

/// `n` units, in words: "1 line", "4 lines".
fn units(n: f64, unit: &str) -> String {
    format!("{n} {}", noun(n, unit))
}

/// One layer's row for one month: the units `need.target` calls need, what to add, when to
/// order and at what cost.
fn month_row(layer: &Layer, price: &Price, month: Month, s: &Scaling, need: &Need) -> PlanRow {
    let (target, bought_before) = (need.target, need.bought_before);
    // Accounts side by side grow alike: each needs its share, in whole units and packs.
    let per_account = (target - s.others).max(0.0) / s.accounts;
    let needed = (per_account / s.calls_per_unit - 1e-9).ceil().max(0.0) * s.accounts;
    let have = s.units_now / s.accounts;
    let add = ((needed / s.accounts - have).max(0.0) / price.pack).ceil() * price.pack * s.accounts;
    let blocked = s.fixed_cap + s.others < target;
    // A limit that no purchase raises: buy nothing, and say what does help instead.
    let add = if blocked { 0.0 } else { add };
    let beyond_self_serve = price.self_serve_max.is_some_and(|m| s.units_now + add > m);
    let new = (add - bought_before).max(0.0);
    let order_day = layer
        .lead_time
        .map_or(month.first_day(), |t| t.act_by(month));
    // On the order-by date an order is on time; from the next day it is overdue.
    let overdue = new > 0.0 && order_day < need.today;
    let sales = price.sales_contract || beyond_self_serve;
    let status = if blocked {
        format!("blocked ({} binds)", s.binding_fixed)
    } else if add == 0.0 {
        "ok".into()
    } else if new == 0.0 {
        "covered".into()
    } else if overdue {
        "overdue".into()
    } else if sales {
        "sales".into()
    } else {
        "buy".into()
    };
    let order_by = if add > 0.0 {
        iso_date(order_day)
    } else {
        String::new()
    };
    let what = if bought_before > 0.0 {
        format!("{new} more {} ({add} in all)", noun(new, &price.unit))
    } else {
        units(new, &price.unit)
    };
    let verb = if sales { "ask sales for" } else { "buy" };
    let action = if blocked {
        format!(
            "raise {}: ask the provider's sales team for a higher limit, add another account or key, or send calls to another provider",
            s.binding_fixed
        )
    } else if add == 0.0 {
        String::new()
    } else if new == 0.0 {
        format!(
            "nothing new: covered by the {} ordered for an earlier month",
            units(bought_before, &price.unit)
        )
    } else if overdue {
        format!("overdue since {order_by}: {verb} {what} now")
    } else {
        format!("{verb} {what} by {order_by}")
    };
    PlanRow {
        month: month.to_string(),
        layer: layer.name.clone(),
        kind: layer.kind.name().to_string(),
        unit: price.unit.clone(),
        units_now: s.units_now,
        units_needed: needed,
        units_to_add: add,
        units_added_this_month: (add - bought_before).max(0.0),
        unit_price: price.per_unit_month,
        currency: String::new(),
        cost_now: price.monthly_cost(s.units_now / s.accounts) * s.accounts,
        cost_needed: price.monthly_cost((s.units_now + add) / s.accounts) * s.accounts,
        one_off_cost: if add > bought_before {
            price.one_off
        } else {
            0.0
        },
        order_by,
        status,
        action,
        month_cost_now: 0.0,
        month_cost_needed: 0.0,
        month_one_off_cost: 0.0,
    }
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
