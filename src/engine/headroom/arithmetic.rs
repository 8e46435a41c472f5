//! The binding limit's arithmetic at its worst moment, as numbers: each workload's term, their
//! total and the limit it meets, so a reader can redo the sum by hand (`headroom::words` words it).

use super::LayerReport;
use crate::engine::load::LayerLoad;
use crate::engine::timeline::Timeline;
use crate::model::stack::{Form, Layer, Stack};

/// What the sum counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Expected calls in progress at a boundary, against the layer's ceiling.
    InProgress,
    /// Arrivals per second in the busiest step, against a calls-per-second limit.
    PerSecond,
    /// Arrivals in the busiest rolling hour, against a calls-per-hour limit.
    PerHour,
}

/// One workload's part of the sum: its value times its peak multiplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Named only when the layer carries several workloads.
    pub workload: Option<String>,
    pub value: f64,
    pub multiplier: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arithmetic {
    pub measure: Measure,
    /// The limit's worst moment, as the report shows it.
    pub at: String,
    pub terms: Vec<Term>,
    pub total: f64,
    pub limit: f64,
    /// The binding limits' formulas (members side by side add their ceilings).
    pub formulas: Vec<String>,
    /// Per-second limits: the share of seconds over the limit and of calls in a full second.
    pub full_seconds: Option<(f64, f64)>,
    /// A rate limit on one of several members: the layer's ceiling and utilisation.
    pub with_members: Option<(f64, f64)>,
}

/// The numbers behind the binding layer's line, from its load and its report.
pub fn arithmetic(
    layer: &Layer,
    ld: &LayerLoad,
    r: &LayerReport,
    stack: &Stack,
    tl: &Timeline,
) -> Arithmetic {
    let b = ld.member_binds[0];
    let x = &ld.limits[b];
    let lim = &layer.members[x.member].limits[x.limit];
    let rl = &r.limits[b];
    let terms = |value: &dyn Fn(usize) -> f64| terms(layer, lim.form, stack, value);
    let (measure, terms, total, limit, formulas) = match lim.form {
        Form::PerSecond { .. } => {
            let k = (x.at_ms / tl.step_ms) as usize;
            let t = terms(&|w| tl.rate_per_s[w][k]);
            (
                Measure::PerSecond,
                t,
                x.demand,
                x.capacity,
                vec![rl.formula.clone()],
            )
        }
        Form::PerHour { .. } => {
            let from = x.at_ms as f64 / 1000.0;
            let t = terms(&|w| tl.calls_until(w, from + 3600.0) - tl.calls_until(w, from));
            (
                Measure::PerHour,
                t,
                x.demand,
                x.capacity,
                vec![rl.formula.clone()],
            )
        }
        _ => {
            let formulas = ld
                .member_binds
                .iter()
                .map(|&i| r.limits[i].formula.clone())
                .collect();
            let t = terms(&|w| tl.in_progress[w][ld.point]);
            let (total, limit) = (ld.design_calls, ld.ceiling_calls);
            (Measure::InProgress, t, total, limit, formulas)
        }
    };
    Arithmetic {
        measure,
        at: rl.peak_at.clone(),
        terms,
        total,
        limit,
        formulas,
        full_seconds: rl.seconds_over_limit.zip(rl.calls_in_full_seconds),
        with_members: (layer.members.len() > 1 && lim.form.concurrent_calls().is_none())
            .then_some((ld.ceiling_calls, r.utilization)),
    }
}

/// Each workload's value and peak multiplier; a rate limit counts only the directions it
/// applies to.
fn terms(layer: &Layer, form: Form, stack: &Stack, value: &dyn Fn(usize) -> f64) -> Vec<Term> {
    let named = layer.workloads.len() > 1;
    layer
        .workloads
        .iter()
        .copied()
        .filter(|&w| match (&layer.rate_directions, form) {
            (Some(d), Form::PerSecond { .. } | Form::PerHour { .. }) => {
                d.contains(&stack.workloads[w].direction)
            }
            _ => true,
        })
        .map(|w| Term {
            workload: named.then(|| stack.workloads[w].name.clone()),
            value: value(w),
            multiplier: stack.workloads[w].peak_multiplier,
        })
        .collect()
}
