//! The per-layer headroom computation: demand at each layer is the peak over intervals of the
//! summed design concurrency of the workloads that use it, compared with the layer's ceiling.

mod types;

pub use types::{LayerReport, LimitReport, Report, Status, WorkloadReport};

use crate::erlang;
use crate::stack::{Form, Layer, Stack};
use crate::timefmt::format_key;
use crate::timeline::Timeline;
use crate::units::{format_duration, percent_fine, trim_float};

/// Where a layer's design demand peaks, and what it is made of there.
struct Peak {
    index: usize,
    design_calls: f64,
    avg_calls: f64,
    design_rate_per_s: f64,
    rate_per_s: f64,
    /// The largest plain (unmultiplied) offered load over all intervals, in erlangs.
    offered_erlangs: f64,
}

/// `scale` multiplies each workload's arrivals (1 today; growth factors in a projection).
fn layer_peak(layer: &Layer, stack: &Stack, tl: &Timeline, scale: &[f64]) -> Peak {
    let mults: Vec<(usize, f64, f64)> = layer
        .workloads
        .iter()
        .map(|&w| (w, stack.workloads[w].peak_multiplier * scale[w], scale[w]))
        .collect();
    let (mut best, mut best_at, mut offered) = (f64::NEG_INFINITY, 0, 0.0f64);
    for t in 0..tl.keys.len() {
        let (mut d, mut plain) = (0.0, 0.0);
        for &(w, m, s) in &mults {
            d += m * tl.avg_calls[w][t];
            plain += s * tl.avg_calls[w][t];
        }
        offered = offered.max(plain);
        if d > best {
            (best, best_at) = (d, t);
        }
    }
    let t = best_at;
    Peak {
        index: t,
        design_calls: best,
        avg_calls: mults.iter().map(|&(w, _, s)| s * tl.avg_calls[w][t]).sum(),
        design_rate_per_s: mults.iter().map(|&(w, m, _)| m * tl.rate_per_s[w][t]).sum(),
        rate_per_s: mults.iter().map(|&(w, _, s)| s * tl.rate_per_s[w][t]).sum(),
        offered_erlangs: offered,
    }
}

/// Computes the report; `stack_label` is how the stack file is named in it.
pub fn compute(stack: &Stack, tl: &Timeline, stack_label: &str) -> Report {
    let workloads = stack
        .workloads
        .iter()
        .enumerate()
        .map(|(w, wl)| {
            let avg = &tl.avg_calls[w];
            let t = (0..avg.len()).fold(0, |b, t| if avg[t] > avg[b] { t } else { b });
            WorkloadReport {
                name: wl.name.clone(),
                total_calls: tl.total_calls[w],
                mean_aht_s: tl.mean_aht_s[w],
                peak_multiplier: wl.peak_multiplier,
                peak_avg_calls: avg[t],
                peak_arrivals_per_min: tl.rate_per_s[w][t] * 60.0,
                peak_at: format_key(tl.kind, tl.keys[t]),
            }
        })
        .collect();
    let ones = vec![1.0; stack.workloads.len()];
    let (layers, peaks): (Vec<LayerReport>, Vec<usize>) = stack
        .layers
        .iter()
        .map(|l| layer_report(l, stack, tl, &ones))
        .unzip();
    let bind = binding_index(layers.iter().map(|l| l.utilization));
    let binding_arithmetic = arithmetic(&stack.layers[bind], &layers[bind], peaks[bind], stack, tl);
    Report {
        stack: stack_label.to_string(),
        peak_multiplier: stack.peak_multiplier,
        warn_at: stack.warn_at,
        blocking_target: stack.blocking_target,
        interval_s: tl.interval_s,
        intervals: tl.keys.len(),
        binding_layer: layers[bind].name.clone(),
        binding_when_full: layers[bind].when_full.clone(),
        binding_arithmetic,
        binding_erlang: stack.blocking_target.map(|t| erlang_line(&layers[bind], t)),
        workloads,
        layers,
        projection: None,
    }
}

/// The layer with the highest utilisation; the first in the file on a tie.
pub fn binding_index(utilizations: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, u) in utilizations.enumerate() {
        if u > best.1 {
            best = (i, u);
        }
    }
    best.0
}

/// Little's Law on the mix at the peak: the calls in progress per call arriving per second
/// (with no arrivals, the workloads' mean AHT).
fn mix_aht_s(layer: &Layer, tl: &Timeline, p: &Peak) -> f64 {
    if p.design_rate_per_s > 0.0 {
        p.design_calls / p.design_rate_per_s
    } else {
        let n = layer.workloads.len() as f64;
        layer
            .workloads
            .iter()
            .map(|&w| tl.mean_aht_s[w])
            .sum::<f64>()
            / n
    }
}

/// Just the design peak and the ceiling, in calls: what a month of a projection needs, without
/// the report's per-limit detail and Erlang sizing.
pub(crate) fn layer_load(layer: &Layer, stack: &Stack, tl: &Timeline, scale: &[f64]) -> (f64, f64) {
    let p = layer_peak(layer, stack, tl, scale);
    let aht_s = mix_aht_s(layer, tl, &p);
    let ceiling = layer
        .members
        .iter()
        .map(|m| {
            m.limits
                .iter()
                .map(|l| l.ceiling_calls(aht_s) * m.accounts)
                .fold(f64::INFINITY, f64::min)
        })
        .sum();
    (p.design_calls, ceiling)
}

pub(crate) fn layer_report(
    layer: &Layer,
    stack: &Stack,
    tl: &Timeline,
    scale: &[f64],
) -> (LayerReport, usize) {
    let p = layer_peak(layer, stack, tl, scale);
    let aht_s = mix_aht_s(layer, tl, &p);
    let mut limits = Vec::new();
    let mut ceiling = 0.0;
    let mut binding = Vec::new();
    for m in &layer.members {
        let start = limits.len();
        for lim in &m.limits {
            let c = lim.ceiling_calls(aht_s) * m.accounts;
            limits.push(LimitReport {
                member: m.name.clone(),
                key: lim.key.to_string(),
                formula: if m.accounts > 1.0 {
                    format!("({}) x {} accounts", lim.formula, m.accounts)
                } else {
                    lim.formula.clone()
                },
                form: match lim.form {
                    Form::Concurrent { .. } => "concurrent",
                    Form::Rate { .. } => "rate",
                }
                .to_string(),
                accounts: m.accounts,
                ceiling_calls: c,
                utilization: p.design_calls / c,
                binds: false,
            });
        }
        let low = (start..limits.len()).fold(start, |b, i| {
            if limits[i].ceiling_calls < limits[b].ceiling_calls {
                i
            } else {
                b
            }
        });
        limits[low].binds = true;
        ceiling += limits[low].ceiling_calls;
        binding.push(if layer.members.len() > 1 {
            format!("{}.{}", m.name, limits[low].key)
        } else {
            limits[low].key.clone()
        });
    }
    let utilization = p.design_calls / ceiling;
    let report = LayerReport {
        name: layer.name.clone(),
        kind: layer.kind.name().to_string(),
        workloads: layer
            .workloads
            .iter()
            .map(|&w| stack.workloads[w].name.clone())
            .collect(),
        ceiling_calls: ceiling,
        peak_calls: p.design_calls,
        avg_calls: p.avg_calls,
        utilization,
        headroom_calls: ceiling - p.design_calls,
        growth_headroom: (p.design_calls > 0.0).then(|| ceiling / p.design_calls - 1.0),
        status: Status::of(utilization, layer.warn_at),
        warn_at: layer.warn_at,
        peak_at: format_key(tl.kind, tl.keys[p.index]),
        arrivals_per_min_at_peak: p.rate_per_s * 60.0,
        aht_s_at_peak: aht_s,
        binding_limit: binding.join(" + "),
        when_full: layer.kind.when_full().to_string(),
        offered_erlangs: p.offered_erlangs,
        blocking: erlang::erlang_b(p.offered_erlangs, ceiling),
        ceiling_for_target: stack
            .blocking_target
            .map(|t| erlang::lines_for(p.offered_erlangs, t).lines as f64),
        limits,
    };
    (report, p.index)
}

/// One line a reader can check by hand: "10.0 calls/min x 3m AHT = 30.0 avg x 2.5 = 75 > ceiling 50".
fn arithmetic(layer: &Layer, r: &LayerReport, t: usize, stack: &Stack, tl: &Timeline) -> String {
    let term = |w: usize| {
        format!(
            "{:.1} calls/min x {} AHT",
            tl.rate_per_s[w][t] * 60.0,
            format_duration(tl.aht_s[w][t])
        )
    };
    let mults: Vec<f64> = layer
        .workloads
        .iter()
        .map(|&w| stack.workloads[w].peak_multiplier)
        .collect();
    let named = layer.workloads.len() > 1;
    let label = |w: usize| {
        if named {
            format!(" ({})", stack.workloads[w].name)
        } else {
            String::new()
        }
    };
    let lhs = if mults.iter().all(|m| *m == mults[0]) {
        let terms: Vec<String> = layer
            .workloads
            .iter()
            .map(|&w| format!("{}{}", term(w), label(w)))
            .collect();
        format!(
            "{} = {:.1} avg x {}",
            terms.join(" + "),
            r.avg_calls,
            trim_float(mults[0], 2)
        )
    } else {
        let terms: Vec<String> = layer
            .workloads
            .iter()
            .zip(&mults)
            .map(|(&w, m)| {
                format!(
                    "({} = {:.1} avg) x {}{}",
                    term(w),
                    tl.avg_calls[w][t],
                    trim_float(*m, 2),
                    label(w)
                )
            })
            .collect();
        terms.join(" + ")
    };
    let cmp = if r.peak_calls > r.ceiling_calls {
        ">"
    } else if r.peak_calls == r.ceiling_calls {
        "="
    } else {
        "<"
    };
    format!(
        "{lhs} = {} {cmp} ceiling {} ({})",
        trim_float(r.peak_calls, 1),
        trim_float(r.ceiling_calls, 1),
        r.limits
            .iter()
            .filter(|l| l.binds)
            .map(|l| l.formula.clone())
            .collect::<Vec<_>>()
            .join(" + ")
    )
}

/// The exact answer beside the rule of thumb, in words.
fn erlang_line(l: &LayerReport, target: f64) -> String {
    let need = l.ceiling_for_target.unwrap_or(0.0);
    format!(
        "Erlang B: {:.1} erlangs offered to a ceiling of {} calls block {}; {} blocking needs a ceiling of {} calls (the peak-multiplier rule asks for {}).",
        l.offered_erlangs,
        trim_float(l.ceiling_calls, 1),
        percent_fine(l.blocking),
        percent_fine(target),
        need,
        trim_float(l.peak_calls, 1),
    )
}
