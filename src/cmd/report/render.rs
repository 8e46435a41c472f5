//! The upgrade plan in each format. The CSV is the finance export: one row per month and layer,
//! ISO dates, plain decimal points, money to the cent.

use crate::render::grid::Grid;

use crate::engine::plan::Plan;
use crate::render::Format;
use crate::render::csv_text;
use crate::values::units::trim_float;

const CSV_HEADER: [&str; 19] = [
    "month",
    "layer",
    "kind",
    "unit",
    "units_now",
    "units_needed",
    "units_to_add",
    "units_added_this_month",
    "unit_price",
    "currency",
    "cost_now",
    "cost_needed",
    "one_off_cost",
    "order_by",
    "status",
    "action",
    "month_cost_now",
    "month_cost_needed",
    "month_one_off_cost",
];

pub fn render(p: &Plan, format: Format) -> String {
    match format {
        Format::Csv => csv(p),
        Format::Json => crate::render::json(p),
        Format::Table => table(p),
        Format::Markdown => markdown(p),
    }
}

fn money(v: f64) -> String {
    format!("{v:.2}")
}

fn cells(p: &Plan) -> Vec<[String; 19]> {
    p.rows
        .iter()
        .map(|r| {
            [
                r.month.clone(),
                r.layer.clone(),
                r.kind.clone(),
                r.unit.clone(),
                trim_float(r.units_now, 3),
                trim_float(r.units_needed, 3),
                trim_float(r.units_to_add, 3),
                trim_float(r.units_added_this_month, 3),
                money(r.unit_price),
                r.currency.clone(),
                money(r.cost_now),
                money(r.cost_needed),
                money(r.one_off_cost),
                r.order_by.clone(),
                r.status.to_string(),
                r.action.clone(),
                money(r.month_cost_now),
                money(r.month_cost_needed),
                money(r.month_one_off_cost),
            ]
        })
        .collect()
}

fn csv(p: &Plan) -> String {
    csv_text(&CSV_HEADER, cells(p).into_iter().map(|row| row.to_vec()))
}

/// The lines under the tables: the cheapest ways to raise the ceiling, and what has no price.
fn notes(p: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if p.ranking.is_empty() {
        let end = crate::values::month::Month::parse(&p.start).map_or(p.start.clone(), |m| {
            m.plus(i64::from(p.horizon_months)).to_string()
        });
        out.push(format!("No priced layer needs more units by {end}."));
    } else {
        out.push("Cheapest ways to raise the stack's ceiling (cost per added concurrent call per month):".into());
        for (i, o) in p.ranking.iter().enumerate() {
            let how = if o.self_serve {
                "self-serve".to_string()
            } else {
                format!("not self-serve: {}", o.status)
            };
            out.push(format!(
                "{}. {}: {} {} per call ({} calls per {}); add {} x {} for {} {} a month; {how}",
                i + 1,
                o.layer,
                money(o.cost_per_added_call),
                p.currency,
                trim_float(o.calls_per_unit, 2),
                o.unit,
                trim_float(o.units_to_add, 0),
                o.unit,
                money(o.added_cost_per_month),
                p.currency
            ));
        }
    }
    if !p.blocked.is_empty() {
        out.push(format!(
            "Buying units is not enough for: {}. Raise that limit with the provider.",
            p.blocked.join(", ")
        ));
    }
    if !p.unpriced.is_empty() {
        out.push(format!(
            "Without a [layer.price], left out: {}.",
            p.unpriced.join(", ")
        ));
    }
    out
}

fn table(p: &Plan) -> String {
    // The month totals get a table of their own: one row per month, not one per layer.
    const PER_ROW: usize = 16;
    // When narrow: the currency (in the title), kind, unit and price go first, then what the
    // month totals or the action repeat (one-off cost, units and cost now, status, order-by
    // date: the action reads "buy 4 lines by 2026-12-01"); then status and action wrap.
    let mut t = Grid::new(CSV_HEADER[..PER_ROW].iter().copied())
        .prose(&[14, 15])
        .optional(&[9, 2, 3, 8, 7, 12, 4, 10, 14, 13]);
    for row in cells(p) {
        t.row(row[..PER_ROW].to_vec());
    }
    let mut totals = Grid::new(["month", "cost_now", "cost_needed", "one_off_cost"]);
    let mut seen = std::collections::BTreeSet::new();
    for r in p.rows.iter().filter(|r| seen.insert(r.month.clone())) {
        totals.row([
            r.month.clone(),
            money(r.month_cost_now),
            money(r.month_cost_needed),
            money(r.month_one_off_cost),
        ]);
    }
    let mut out = format!(
        "Upgrade plan from {}, {} months ({}):\n{}\nMonth totals ({}):\n{}\n",
        p.start,
        p.horizon_months,
        p.currency,
        t.render(),
        p.currency,
        totals.render()
    );
    for n in notes(p) {
        out.push_str(&crate::render::text::prose_line(&n));
        out.push('\n');
    }
    out
}

fn markdown(p: &Plan) -> String {
    let mut out = crate::render::markdown::table(&CSV_HEADER, cells(p).into_iter().map(Vec::from));
    out.push('\n');
    for n in notes(p) {
        out.push_str(&format!("{n}\n\n"));
    }
    out.pop();
    out
}
