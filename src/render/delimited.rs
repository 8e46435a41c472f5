//! CSV: one row per layer, full precision, plain decimal points, a header with units.

use crate::engine::headroom::Report;
use crate::values::units::csv_number;

pub fn render(r: &Report) -> String {
    let header = [
        "layer",
        "kind",
        "workloads",
        "ceiling_calls",
        "design_peak_calls",
        "avg_calls",
        "utilization",
        "headroom_calls",
        "growth_headroom",
        "status",
        "warn_at",
        "peak_at",
        "arrivals_per_min_at_peak",
        "aht_s_at_peak",
        "erlang_unit",
        "erlang_skipped",
        "erlang_servers",
        "offered_erlangs",
        "blocking",
        "ceiling_for_target",
        "binding_limit",
        "binding",
        "peak_calls",
    ];
    let rows = r.layers.iter().map(|l| {
        vec![
            l.name.clone(),
            l.kind.clone(),
            l.workloads.join(" "),
            l.ceiling_calls.map(csv_number).unwrap_or_default(),
            csv_number(l.design_peak_calls),
            csv_number(l.avg_calls),
            csv_number(l.utilization),
            l.headroom_calls.map(csv_number).unwrap_or_default(),
            l.growth_headroom.map(csv_number).unwrap_or_default(),
            l.status.name().to_string(),
            csv_number(l.warn_at),
            l.peak_at.clone(),
            csv_number(l.arrivals_per_min_at_peak),
            csv_number(l.aht_s_at_peak),
            l.erlang_unit.clone().unwrap_or_default(),
            l.erlang_skipped.clone().unwrap_or_default(),
            opt(l.erlang_servers),
            opt(l.offered_erlangs),
            opt(l.blocking),
            opt(l.ceiling_for_target),
            l.binding_limit.clone(),
            r.is_binding(l).to_string(),
            // The former name of design_peak_calls, last so column positions are unchanged.
            csv_number(l.design_peak_calls),
        ]
    });
    super::csv_text(&header, rows)
}

/// An optional figure: empty when absent.
fn opt(v: Option<f64>) -> String {
    v.map(csv_number).unwrap_or_default()
}
