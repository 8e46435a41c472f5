//! The lines under the table that a reader can check by hand: the binding limit's arithmetic at
//! its worst moment, and the Erlang B sizing beside the rule of thumb.

use super::LayerReport;
use crate::load::LayerLoad;
use crate::stack::{Form, Layer, Stack};
use crate::timeline::Timeline;
use crate::units::{percent, percent_fine, trim_float};

fn cmp(a: f64, b: f64) -> &'static str {
    if a > b {
        ">"
    } else if a == b {
        "="
    } else {
        "<"
    }
}

/// "calls in progress at 10:30: 20.4 inbound x 2.5 + 2.7 outbound x 1.5 = 55.1 < ceiling 66.7
/// (...)", or the same for arrivals per second or per rolling hour when a rate limit binds.
pub(super) fn arithmetic(
    layer: &Layer,
    ld: &LayerLoad,
    r: &LayerReport,
    stack: &Stack,
    tl: &Timeline,
) -> String {
    let b = ld.member_binds[0];
    let x = &ld.limits[b];
    let lim = &layer.members[x.member].limits[x.limit];
    let rl = &r.limits[b];
    let terms = |value: &dyn Fn(usize) -> f64, digits: usize| {
        sum_of_terms(layer, lim.form, stack, value, digits)
    };
    let mut line = match lim.form {
        Form::PerSecond { .. } => {
            let k = (x.at_ms / tl.step_ms) as usize;
            format!(
                "arrivals per second in the busiest step ({}): {} = {} {} limit {} ({})",
                rl.peak_at,
                terms(&|w| tl.rate_per_s[w][k], 3),
                trim_float(x.demand, 3),
                cmp(x.demand, x.capacity),
                trim_float(x.capacity, 3),
                rl.formula
            )
        }
        Form::PerHour { .. } => {
            let from = x.at_ms as f64 / 1000.0;
            format!(
                "arrivals in the busiest rolling hour (from {}): {} = {} {} limit {} ({})",
                rl.peak_at,
                terms(
                    &|w| tl.calls_until(w, from + 3600.0) - tl.calls_until(w, from),
                    1
                ),
                trim_float(x.demand, 1),
                cmp(x.demand, x.capacity),
                trim_float(x.capacity, 1),
                rl.formula
            )
        }
        _ => {
            // Members side by side add their ceilings: compare with the layer's.
            let formulas: Vec<&str> = ld
                .member_binds
                .iter()
                .map(|&i| r.limits[i].formula.as_str())
                .collect();
            format!(
                "expected calls in progress at {}: {} = {} {} ceiling {} ({})",
                rl.peak_at,
                terms(&|w| tl.in_progress[w][ld.point], 1),
                trim_float(ld.design_calls, 1),
                cmp(ld.design_calls, r.ceiling_calls),
                trim_float(r.ceiling_calls, 1),
                formulas.join(" + ")
            )
        }
    };
    if let (Some(over), Some(share)) = (rl.seconds_over_limit, rl.calls_in_full_seconds) {
        line.push_str(&format!(
            "; at that rate {} of seconds see more calls than the limit and {} of calls arrive in a full second",
            percent_fine(over),
            percent_fine(share)
        ));
    }
    if layer.members.len() > 1 && lim.form.concurrent_calls().is_none() {
        line.push_str(&format!(
            "; with its other members the layer carries {} calls ({})",
            trim_float(r.ceiling_calls, 1),
            percent(r.utilization)
        ));
    }
    line
}

/// "a x 2.5 + b x 2.5": each workload's value times its peak multiplier (named when there are
/// several); a rate limit counts only the directions it applies to.
fn sum_of_terms(
    layer: &Layer,
    form: Form,
    stack: &Stack,
    value: &dyn Fn(usize) -> f64,
    digits: usize,
) -> String {
    let named = layer.workloads.len() > 1;
    let parts: Vec<String> = layer
        .workloads
        .iter()
        .copied()
        .filter(|&w| match (&layer.rate_directions, form) {
            (Some(d), Form::PerSecond { .. } | Form::PerHour { .. }) => {
                d.contains(&stack.workloads[w].direction)
            }
            _ => true,
        })
        .map(|w| {
            let wl = &stack.workloads[w];
            let name = if named {
                format!(" {}", wl.name)
            } else {
                String::new()
            };
            format!(
                "{:.digits$}{name} x {}",
                value(w),
                trim_float(wl.peak_multiplier, 2)
            )
        })
        .collect();
    parts.join(" + ")
}

/// The exact answer beside the rule of thumb, in words.
pub(super) fn erlang_line(l: &LayerReport, target: f64) -> String {
    let (Some(unit), Some(offered), Some(blocking)) =
        (&l.erlang_unit, l.offered_erlangs, l.blocking)
    else {
        return format!(
            "Erlang B: does not apply to {} (its limit is a {}, not servers held by calls).",
            l.name,
            l.erlang_skipped.as_deref().unwrap_or("rate")
        );
    };
    format!(
        "Erlang B: {:.1} erlangs offered to {} {unit} at {} block {}; {} blocking needs {} {unit} (the peak-multiplier rule asks for {} calls).",
        offered,
        trim_float(l.erlang_servers.unwrap_or(0.0), 1),
        l.name,
        percent_fine(blocking),
        percent_fine(target),
        l.ceiling_for_target
            .map_or("?".into(), |x| trim_float(x, 0)),
        trim_float(l.design_peak_calls, 1),
    )
}
