//! One priced layer in one month: how its units grow its ceiling, the units a month's design
//! peak needs, what to add and by when, and the words that say it.

use super::{PlanRow, PlanStatus};
use crate::engine::load::LayerLoad;
use crate::model::stack::{Layer, Price};
use crate::values::month::{Month, iso_date};

/// What a layer can do with more units: calls per unit, and the ceiling units cannot lift.
pub(super) struct Scaling {
    /// Units held over every identical account side by side.
    units_now: f64,
    /// Identical accounts side by side: each grows by the same number of units.
    accounts: f64,
    pub(super) calls_per_unit: f64,
    /// The lowest ceiling among the first member's limits that do not grow with units.
    fixed_cap: f64,
    /// Other members' ceilings (side-by-side accounts), which stay as they are.
    others: f64,
    binding_fixed: String,
}

/// How the layer as it stands in a month grows with units, from its load that month: limits
/// are met by their member and limit indices, never by position in another list.
pub(super) fn scaling(layer: &Layer, ld: &LayerLoad) -> Option<Scaling> {
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

/// What one month asks of a layer.
pub(super) struct Need {
    /// The calls its units must carry (the design peak over the warning threshold).
    pub(super) target: f64,
    /// The most units added in an earlier month.
    pub(super) bought_before: f64,
    /// The day order-by dates are compared with.
    pub(super) today: i64,
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
pub(super) fn month_row(
    layer: &Layer,
    price: &Price,
    month: Month,
    s: &Scaling,
    need: &Need,
) -> PlanRow {
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
        PlanStatus::Blocked {
            binds: s.binding_fixed.clone(),
        }
    } else if add == 0.0 {
        PlanStatus::Ok
    } else if new == 0.0 {
        PlanStatus::Covered
    } else if overdue {
        PlanStatus::Overdue
    } else if sales {
        PlanStatus::Sales
    } else {
        PlanStatus::Buy
    };
    let order_by = if add > 0.0 {
        iso_date(order_day)
    } else {
        String::new()
    };
    let bought = Bought {
        add,
        new,
        before: bought_before,
        sales,
    };
    let action = action(&status, &bought, &price.unit, &order_by);
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

/// The units of one month's row: `add` in all, `new` of them not ordered for an earlier month
/// (`before`), and whether they need a sales contract.
struct Bought {
    add: f64,
    new: f64,
    before: f64,
    sales: bool,
}

/// What to do, in words, for a row of `status` (empty when nothing is needed).
fn action(status: &PlanStatus, b: &Bought, unit: &str, order_by: &str) -> String {
    let what = if b.before > 0.0 {
        format!("{} more {} ({} in all)", b.new, noun(b.new, unit), b.add)
    } else {
        units(b.new, unit)
    };
    let verb = if b.sales { "ask sales for" } else { "buy" };
    match status {
        PlanStatus::Blocked { binds } => format!(
            "raise {binds}: ask the provider's sales team for a higher limit, add another account or key, or send calls to another provider"
        ),
        PlanStatus::Ok => String::new(),
        PlanStatus::Covered => format!(
            "nothing new: covered by the {} ordered for an earlier month",
            units(b.before, unit)
        ),
        PlanStatus::Overdue => format!("overdue since {order_by}: {verb} {what} now"),
        PlanStatus::Buy | PlanStatus::Sales => format!("{verb} {what} by {order_by}"),
    }
}
