//! The headroom model: every limit of every layer judged at its own worst moment against the
//! design load on the common timeline, and the layer that binds first, as numbers. The
//! sentences a reader checks by hand are worded from them in `words`; `compute`
//! puts the two together.

mod arithmetic;
mod curve;
mod types;
pub mod words;

pub use words::compute;

pub use crate::engine::load::binding_index;
use crate::engine::load::{LayerLoad, layer_load};
pub use arithmetic::{Arithmetic, Measure, Term};
pub use curve::{Curve, CurveRow, curve};

pub use types::{LayerReport, LimitReport, Report, Status, WorkloadReport};

use crate::engine::erlang;
use crate::engine::timeline::Timeline;
use crate::model::stack::{Form, Layer, Stack};

/// The report's figures, and the numbers behind the binding layer's line (none when every layer
/// is unlimited); `stack_label` is how the stack file is named. `binding_arithmetic` and
/// `binding_erlang` are left for the words.
pub fn assess(stack: &Stack, tl: &Timeline, stack_label: &str) -> (Report, Option<Arithmetic>) {
    let workloads = stack
        .workloads
        .iter()
        .enumerate()
        .map(|(w, wl)| {
            let m = &tl.in_progress[w];
            let j = (0..m.len()).fold(0, |b, j| if m[j] > m[b] { j } else { b });
            WorkloadReport {
                name: wl.name.clone(),
                direction: wl.direction.name().to_string(),
                handle_time: wl.handle_time.name(),
                total_calls: tl.total_calls[w],
                mean_aht_s: tl.mean_aht_s[w],
                peak_multiplier: wl.peak_multiplier,
                peak_avg_calls: m[j],
                peak_arrivals_per_min: tl.rate_per_s[w].iter().fold(0.0, |a: f64, r| a.max(*r))
                    * 60.0,
                peak_at: tl.format_point(j),
            }
        })
        .collect();
    let ones = vec![1.0; stack.workloads.len()];
    let loads: Vec<LayerLoad> = stack
        .layers
        .iter()
        .map(|l| layer_load(l, stack, tl, &ones))
        .collect();
    let layers: Vec<LayerReport> = stack
        .layers
        .iter()
        .zip(&loads)
        .map(|(l, ld)| layer_report(l, ld, stack, tl))
        .collect();
    let bind = binding_index(
        layers
            .iter()
            .map(|l| l.ceiling_calls.map(|_| l.utilization)),
    );
    let numbers =
        bind.map(|b| arithmetic::arithmetic(&stack.layers[b], &loads[b], &layers[b], stack, tl));
    let report = Report {
        stack: stack_label.to_string(),
        peak_multiplier: stack.peak_multiplier,
        warn_at: stack.warn_at,
        blocking_target: stack.blocking_target,
        interval_s: tl.step_s(),
        intervals: tl.steps,
        binding_layer: bind.map(|b| layers[b].name.clone()),
        binding_when_full: bind.map_or(String::new(), |b| layers[b].when_full.clone()),
        binding_arithmetic: String::new(),
        binding_erlang: None,
        workloads,
        layers,
        projection: None,
    };
    (report, numbers)
}

/// Erlang B at a layer, in its servers' own unit: a connection held 15% of a call by one call
/// sees calls x 0.15 erlangs. Where a member has no servers (only a rate or a budget), Erlang B
/// does not apply and the reason is returned instead.
struct Erlang {
    unit: Option<String>,
    skipped: Option<String>,
    servers: Option<f64>,
    offered: Option<f64>,
    blocking: Option<f64>,
    for_target: Option<f64>,
}

fn erlang_of(layer: &Layer, ld: &LayerLoad, target: Option<f64>, z: f64) -> Erlang {
    let mut servers = 0.0;
    let mut first = None;
    let mut skipped = "rate";
    for m in &layer.members {
        let best = m
            .limits
            .iter()
            .filter_map(|l| match l.form {
                Form::Servers { .. } => l.form.concurrent_calls().map(|c| (c, &l.form)),
                Form::Budget { .. } => {
                    skipped = "budget";
                    None
                }
                _ => None,
            })
            .fold(None, |b: Option<(f64, &Form)>, x| match b {
                Some(b) if b.0 <= x.0 => Some(b),
                _ => Some(x),
            });
        let Some((calls, form)) = best else {
            return Erlang {
                unit: None,
                skipped: Some(skipped.to_string()),
                servers: None,
                offered: None,
                blocking: None,
                for_target: None,
            };
        };
        let Form::Servers {
            per_call,
            hold,
            unit,
            ..
        } = *form
        else {
            unreachable!("filtered to servers");
        };
        // Failover members are taken to hold servers as the first member does.
        let (factor, _) = *first.get_or_insert((per_call * hold, unit));
        servers += calls * m.accounts * factor;
    }
    let (factor, unit) = first.expect("a layer has a member");
    let offered = ld.offered_calls * factor;
    if offered > erlang::MAX_ERLANGS
        || servers > erlang::MAX_ERLANGS
        || !erlang::hayward_fits(offered, servers, z)
    {
        // Beyond any real trunk: the recursion would take as many steps as there are servers.
        return Erlang {
            unit: None,
            skipped: Some("size".to_string()),
            servers: None,
            offered: None,
            blocking: None,
            for_target: None,
        };
    }
    Erlang {
        unit: Some(unit.to_string()),
        skipped: None,
        servers: Some(servers),
        offered: Some(offered),
        blocking: Some(erlang::hayward_b(offered, servers, z)),
        for_target: target.map(|t| erlang::hayward_lines_for(offered, t, z).lines as f64),
    }
}

fn layer_report(layer: &Layer, ld: &LayerLoad, stack: &Stack, tl: &Timeline) -> LayerReport {
    let limits: Vec<LimitReport> = (0..ld.limits.len())
        .map(|i| limit_report(layer, ld, tl, i))
        .collect();
    let binding: Vec<String> = ld
        .member_binds
        .iter()
        .map(|&b| {
            if layer.members.len() > 1 {
                format!("{}.{}", limits[b].member, limits[b].key)
            } else {
                limits[b].key.clone()
            }
        })
        .collect();
    let unlimited = !ld.ceiling_calls.is_finite();
    let first = &ld.limits[ld.member_binds[0]];
    let rate_step = matches!(
        layer.members[first.member].limits[first.limit].form,
        Form::PerSecond { .. }
    )
    .then(|| (first.at_ms / tl.step_ms) as usize);
    let (rate, aht_s_at_peak) = at_peak(layer, ld, tl, rate_step.filter(|_| !unlimited));
    let e = erlang_of(layer, ld, stack.blocking_target, stack.peakedness);
    let target = stack.blocking_target.unwrap_or(DEFAULT_BLOCKING);
    let mut status = Status::of(ld.utilization, layer.warn_at);
    if limits
        .iter()
        .any(|x| x.calls_in_full_seconds.is_some_and(|s| s > target))
    {
        // A per-second limit refuses (a SIP trunk answers 503) or delays the calls that find
        // their second full, whatever the mean: more than the blocking target is a warning.
        status = status.max(Status::Warn);
    }
    LayerReport {
        name: layer.name.clone(),
        kind: layer.kind.name().to_string(),
        workloads: layer
            .workloads
            .iter()
            .map(|&w| stack.workloads[w].name.clone())
            .collect(),
        ceiling_calls: finite(ld.ceiling_calls),
        design_peak_calls: ld.design_calls,
        avg_calls: ld.plain_calls,
        utilization: ld.utilization,
        headroom_calls: finite(ld.ceiling_calls).map(|c| c - ld.design_calls),
        growth_headroom: (ld.design_calls > 0.0 && !unlimited).then(|| 1.0 / ld.utilization - 1.0),
        status,
        warn_at: layer.warn_at,
        peak_at: if unlimited {
            tl.format_point(ld.point)
        } else {
            limits[ld.member_binds[0]].peak_at.clone()
        },
        arrivals_per_min_at_peak: rate * 60.0,
        aht_s_at_peak,
        binding_limit: if unlimited {
            "none".to_string()
        } else {
            binding.join(" + ")
        },
        when_full: layer.kind.when_full().to_string(),
        erlang_unit: e.unit,
        erlang_skipped: e.skipped,
        erlang_servers: e.servers,
        offered_erlangs: e.offered,
        blocking: e.blocking,
        ceiling_for_target: e.for_target,
        limits,
        peak_calls: ld.design_calls,
    }
}

/// One limit of the layer (the `i`-th of its load) as the report shows it.
fn limit_report(layer: &Layer, ld: &LayerLoad, tl: &Timeline, i: usize) -> LimitReport {
    let x = &ld.limits[i];
    let m = &layer.members[x.member];
    let lim = &m.limits[x.limit];
    let (unit, directions) = match lim.form {
        Form::PerSecond { .. } => ("calls_per_s", true),
        Form::PerHour { .. } => ("calls_per_hour", true),
        _ => ("calls", false),
    };
    LimitReport {
        member: m.name.clone(),
        key: lim.key.to_string(),
        formula: if m.accounts > 1.0 {
            format!("({}) x {} accounts", lim.formula, m.accounts)
        } else {
            lim.formula.clone()
        },
        form: lim.form.name().to_string(),
        directions: layer
            .rate_directions
            .as_ref()
            .filter(|_| directions)
            .map(|d| d.iter().map(|x| x.name().to_string()).collect()),
        accounts: m.accounts,
        limit: x.capacity,
        unit: unit.to_string(),
        demand: x.demand,
        peak_at: tl.format_ms(x.at_ms),
        own_utilization: if x.demand == 0.0 {
            0.0
        } else {
            x.demand / x.capacity
        },
        ceiling_calls: finite(x.ceiling_calls),
        utilization: ld.limit_utilization(i),
        binds: ld.member_binds.contains(&i) && x.ceiling_calls.is_finite(),
        seconds_over_limit: x.second.map(|s| s.0),
        calls_in_full_seconds: x.second.map(|s| s.1),
    }
}

/// The blocking target a per-second limit's refusals are held to when the stack sets none.
pub const DEFAULT_BLOCKING: f64 = 0.01;

/// A ceiling in calls as the report gives it: none where no limit counts the traffic.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// At the layer's peak: arrivals per second and their AHT, from the step that led into the
/// peak of calls in progress (or a rate limit's own step), weighted by arrivals across
/// workloads, so that at a steady peak rate x AHT is the calls in progress (Little's Law);
/// the workloads' mean AHT when nothing arrives then.
fn at_peak(layer: &Layer, ld: &LayerLoad, tl: &Timeline, rate_step: Option<usize>) -> (f64, f64) {
    let k = rate_step.unwrap_or_else(|| tl.step_into(ld.point));
    let (mut rate, mut work) = (0.0, 0.0);
    for &w in &layer.workloads {
        rate += tl.rate_per_s[w][k];
        work += tl.rate_per_s[w][k] * tl.aht_s[w][k];
    }
    let aht_s_at_peak = if rate > 0.0 {
        work / rate
    } else {
        layer
            .workloads
            .iter()
            .map(|&w| tl.mean_aht_s[w])
            .sum::<f64>()
            / layer.workloads.len() as f64
    };
    (rate, aht_s_at_peak)
}
