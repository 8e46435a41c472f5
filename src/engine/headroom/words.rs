//! The lines under the table that a reader can check by hand, worded from the model's numbers:
//! the binding limit's arithmetic at its worst moment, and the Erlang B sizing beside the rule
//! of thumb. JSON carries the same sentences (`binding_arithmetic`, `binding_erlang`), so they
//! belong to the report itself, not to one renderer: [`compute`] puts figures and words together.

use super::{Arithmetic, DEFAULT_BLOCKING, LayerReport, Measure, Report};
use crate::engine::timeline::Timeline;
use crate::model::stack::Stack;
use crate::values::units::{percent, percent_fine, trim_float};

/// Computes the report; `stack_label` is how the stack file is named in it.
pub fn compute(stack: &Stack, tl: &Timeline, stack_label: &str) -> Report {
    let (mut report, numbers) = super::assess(stack, tl, stack_label);
    report.binding_arithmetic = numbers.as_ref().map_or_else(
        || "no limit of any layer counts this traffic".to_string(),
        arithmetic,
    );
    let binding = report
        .layers
        .iter()
        .find(|l| Some(&l.name) == report.binding_layer.as_ref());
    report.binding_erlang = stack
        .blocking_target
        .zip(binding)
        .map(|(t, b)| erlang_line(b, t, stack.peakedness));
    report
}

fn cmp(a: f64, b: f64) -> &'static str {
    if a > b {
        ">"
    } else if a == b {
        "="
    } else {
        "<"
    }
}

/// "expected calls in progress at 10:30: 20.4 inbound x 2.5 + 2.7 outbound x 1.5 = 55.1 <
/// ceiling 66.7 (...)", or the same for arrivals per second or per rolling hour.
pub fn arithmetic(a: &Arithmetic) -> String {
    // Rates per second keep three decimals (0.083 calls/s), counts one.
    let digits = if a.measure == Measure::PerSecond {
        3
    } else {
        1
    };
    let terms: Vec<String> = a
        .terms
        .iter()
        .map(|t| {
            let name = t
                .workload
                .as_ref()
                .map_or(String::new(), |n| format!(" {n}"));
            format!(
                "{:.digits$}{name} x {}",
                t.value,
                trim_float(t.multiplier, 2)
            )
        })
        .collect();
    let (what, against) = match a.measure {
        Measure::PerSecond => ("arrivals per second in the busiest step (", "limit"),
        Measure::PerHour => ("arrivals in the busiest rolling hour (from ", "limit"),
        Measure::InProgress => ("expected calls in progress at ", "ceiling"),
    };
    let close = if a.measure == Measure::InProgress {
        ""
    } else {
        ")"
    };
    let mut line = format!(
        "{what}{}{close}: {} = {} {} {against} {} ({})",
        a.at,
        terms.join(" + "),
        trim_float(a.total, digits),
        cmp(a.total, a.limit),
        trim_float(a.limit, digits),
        a.formulas.join(" + ")
    );
    if let Some((over, share)) = a.full_seconds {
        line.push_str(&format!(
            "; at that rate {} of seconds see more calls than the limit and {} of calls arrive in a full second",
            percent_fine(over),
            percent_fine(share)
        ));
    }
    if let Some((ceiling, utilization)) = a.with_members {
        line.push_str(&format!(
            "; with its other members the layer carries {} calls ({})",
            trim_float(ceiling, 1),
            percent(utilization)
        ));
    }
    line
}

/// The exact answer beside the rule of thumb, in words.
pub fn erlang_line(l: &LayerReport, target: f64, z: f64) -> String {
    let (Some(unit), Some(offered), Some(blocking)) =
        (&l.erlang_unit, l.offered_erlangs, l.blocking)
    else {
        return format!(
            "Erlang B: does not apply to {} (its limit is a {}, not servers held by calls).",
            l.name,
            l.erlang_skipped.as_deref().unwrap_or("rate")
        );
    };
    let model = if z == 1.0 {
        "Erlang B".to_string()
    } else {
        format!(
            "Erlang B with Hayward's peakedness {} (B(A/Z, C/Z))",
            trim_float(z, 2)
        )
    };
    format!(
        "{model}: {:.1} erlangs offered to {} {unit} at {} block {}; {} blocking needs {} {unit} (the peak-multiplier rule asks for {} calls).",
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

/// One line per per-second limit that turns away (or, for API calls, delays) more calls than
/// the blocking target, whatever the layer's utilisation says: those calls find their second
/// full.
pub fn full_seconds(r: &Report) -> Vec<String> {
    let target = r.blocking_target.unwrap_or(DEFAULT_BLOCKING);
    let mut lines = Vec::new();
    for l in &r.layers {
        for x in &l.limits {
            let Some(share) = x.calls_in_full_seconds.filter(|s| *s > target) else {
                continue;
            };
            let who = if l.limits.iter().any(|y| y.member != l.name) {
                format!("{} ({})", l.name, x.member)
            } else {
                l.name.clone()
            };
            lines.push(format!(
                "{who}: {} of its calls arrive in a second already full ({} design calls/s against {}), more than the {} blocking target: they are refused (a SIP trunk answers 503) or, for API calls, delayed; the layer is at least warn.",
                percent_fine(share),
                trim_float(x.demand, 3),
                x.formula,
                percent_fine(target)
            ));
        }
    }
    lines
}
