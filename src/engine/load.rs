//! The load on one layer and how each of its limits meets it, each at its own worst moment:
//! servers and budgets at the peak of calls in progress, a calls-per-second limit at the peak
//! arrival rate, a calls-per-hour limit over the busiest rolling hour. Numbers only; the report
//! and its words are made from these.

use statrs::distribution::{DiscreteCDF, Poisson};

use crate::engine::timeline::Timeline;
use crate::model::stack::{Form, Layer, Stack};

/// How one limit of one member meets the layer's load.
#[derive(Debug, Clone)]
pub struct LimitLoad {
    pub member: usize,
    pub limit: usize,
    /// The design demand at the limit's worst moment, in its own unit (calls in progress,
    /// calls per second, calls per rolling hour).
    pub demand: f64,
    /// The limit in the same unit, over all of the member's accounts.
    pub capacity: f64,
    /// The worst moment, in milliseconds after the timeline's origin.
    pub at_ms: i64,
    /// The calls in progress the layer carries when this limit is reached (traffic grown
    /// uniformly): the capacity itself for servers and budgets; infinite for a rate limit that
    /// counts none of the layer's traffic.
    pub ceiling_calls: f64,
    /// Per-second limits: the chance a second sees more calls than the limit at the design
    /// rate (Poisson), and the share of calls that arrive in a full second.
    pub second: Option<(f64, f64)>,
}

/// A layer's design load and ceiling.
#[derive(Debug, Clone)]
pub struct LayerLoad {
    /// Design calls in progress at their peak: sum of workloads' calls x multipliers.
    pub design_calls: f64,
    /// Calls in progress at that moment, before the multipliers.
    pub plain_calls: f64,
    /// The boundary where calls in progress peak.
    pub point: usize,
    /// The largest plain calls in progress at any boundary (the offered load for Erlang B).
    pub offered_calls: f64,
    pub limits: Vec<LimitLoad>,
    /// Per member, the index in `limits` of the limit that binds it.
    pub member_binds: Vec<usize>,
    /// Infinite when a member has no limit that counts the traffic (the layer is unlimited).
    pub ceiling_calls: f64,
    pub utilization: f64,
}

impl LayerLoad {
    /// Utilisation of the whole layer were this limit the one that binds its member.
    pub fn limit_utilization(&self, i: usize) -> f64 {
        let l = &self.limits[i];
        let others: f64 = self
            .member_binds
            .iter()
            .enumerate()
            .filter(|(m, _)| *m != l.member)
            .map(|(_, &b)| self.limits[b].ceiling_calls)
            .sum();
        ratio(self.design_calls, l.ceiling_calls + others)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if a == 0.0 { 0.0 } else { a / b }
}

/// `scale` multiplies each workload's arrivals (1 today; growth factors in a projection).
pub fn layer_load(layer: &Layer, stack: &Stack, tl: &Timeline, scale: &[f64]) -> LayerLoad {
    let design = |w: usize| stack.workloads[w].peak_multiplier * scale[w];
    let (mut best, mut point, mut offered) = (f64::NEG_INFINITY, 0, 0.0f64);
    for j in 0..tl.points() {
        let (mut d, mut plain) = (0.0, 0.0);
        for &w in &layer.workloads {
            d += design(w) * tl.in_progress[w][j];
            plain += scale[w] * tl.in_progress[w][j];
        }
        offered = offered.max(plain);
        if d > best {
            (best, point) = (d, j);
        }
    }
    let design_calls = best.max(0.0);
    let plain_calls = layer
        .workloads
        .iter()
        .map(|&w| scale[w] * tl.in_progress[w][point])
        .sum();
    let rated: Vec<usize> = layer
        .workloads
        .iter()
        .copied()
        .filter(|&w| {
            layer
                .rate_directions
                .as_ref()
                .is_none_or(|d| d.contains(&stack.workloads[w].direction))
        })
        .collect();
    let mean_aht = layer
        .workloads
        .iter()
        .map(|&w| tl.mean_aht_s[w])
        .sum::<f64>()
        / layer.workloads.len() as f64;
    let point_ms = point as i64 * tl.step_ms;
    let mut limits = Vec::new();
    let mut member_binds = Vec::new();
    let mut ceiling_calls = 0.0;
    for (mi, m) in layer.members.iter().enumerate() {
        let start = limits.len();
        let peak = Peak {
            design_calls,
            point_ms,
            mean_aht,
            rated: &rated,
        };
        for (li, lim) in m.limits.iter().enumerate() {
            let (demand, capacity, at_ms, ceiling) =
                limit_at_peak(lim.form, m.accounts, tl, &peak, &design);
            let second = matches!(lim.form, Form::PerSecond { .. })
                .then(|| second_overflow(demand, capacity));
            limits.push(LimitLoad {
                member: mi,
                limit: li,
                demand,
                capacity,
                at_ms,
                ceiling_calls: ceiling,
                second,
            });
        }
        let low = (start..limits.len()).fold(start, |b, i| {
            if limits[i].ceiling_calls < limits[b].ceiling_calls {
                i
            } else {
                b
            }
        });
        ceiling_calls += limits[low].ceiling_calls;
        member_binds.push(low);
    }
    LayerLoad {
        design_calls,
        plain_calls,
        point,
        offered_calls: offered,
        utilization: ratio(design_calls, ceiling_calls),
        limits,
        member_binds,
        ceiling_calls,
    }
}

/// The layer at its calls-in-progress peak, as each limit is judged against it.
struct Peak<'a> {
    design_calls: f64,
    point_ms: i64,
    /// The mean AHT of the layer's workloads, for a rate limit met by calls that hold nothing.
    mean_aht: f64,
    /// The workloads a rate limit counts (its directions).
    rated: &'a [usize],
}

/// One limit at its own worst moment: (demand, capacity, when, ceiling in concurrent calls).
/// Servers and budgets meet the calls-in-progress peak; a calls-per-second limit the busiest
/// arrival rate, a calls-per-hour limit the busiest rolling hour, each turned into the calls
/// in progress it allows by the layer's own ratio of calls to arrivals.
fn limit_at_peak(
    form: Form,
    accounts: f64,
    tl: &Timeline,
    p: &Peak,
    design: &impl Fn(usize) -> f64,
) -> (f64, f64, i64, f64) {
    let (demand, capacity, at_ms, per_s) = match form {
        Form::PerSecond { calls_per_s } => {
            let (rate, k) = peak_rate(tl, p.rated, design);
            (rate, calls_per_s * accounts, k as i64 * tl.step_ms, 1.0)
        }
        Form::PerHour { calls_per_hour } => {
            let (calls, at) = busiest_hour(tl, p.rated, design);
            (calls, calls_per_hour * accounts, at, 3600.0)
        }
        _ => {
            let cap = form.concurrent_calls().unwrap_or(0.0) * accounts;
            (p.design_calls, cap, p.point_ms, 0.0)
        }
    };
    let ceiling = if per_s == 0.0 {
        capacity
    } else if demand <= 0.0 {
        // A rate limit that counts none of the layer's traffic (none of its directions, or no
        // arrivals) is never reached however the traffic grows: it has no ceiling in calls.
        f64::INFINITY
    } else if p.design_calls > 0.0 {
        p.design_calls * capacity / demand
    } else {
        capacity / per_s * p.mean_aht
    };
    (demand, capacity, at_ms, ceiling)
}

/// The highest design arrival rate (calls per second) of `ws` over the steps, and its step.
fn peak_rate(tl: &Timeline, ws: &[usize], design: &impl Fn(usize) -> f64) -> (f64, usize) {
    let (mut best, mut at) = (0.0, 0);
    for k in 0..tl.steps {
        let r: f64 = ws.iter().map(|&w| design(w) * tl.rate_per_s[w][k]).sum();
        if r > best {
            (best, at) = (r, k);
        }
    }
    (best, at)
}

/// The most design arrivals of `ws` in any rolling hour, and when that hour starts (ms after
/// the origin). Arrivals accumulate linearly within a step, so the count in [t - 1h, t] is
/// piecewise linear in t and peaks where t or t - 1h is a boundary.
fn busiest_hour(tl: &Timeline, ws: &[usize], design: &impl Fn(usize) -> f64) -> (f64, i64) {
    const HOUR_S: f64 = 3600.0;
    let g = tl.step_s();
    let (mut best, mut at) = (0.0f64, 0.0);
    for j in 0..tl.points() {
        for end in [j as f64 * g, j as f64 * g + HOUR_S] {
            let c: f64 = ws
                .iter()
                .map(|&w| design(w) * (tl.calls_until(w, end) - tl.calls_until(w, end - HOUR_S)))
                .sum();
            if c > best + 1e-9 * best.abs() {
                (best, at) = (c, end - HOUR_S);
            }
        }
    }
    (best, (at * 1000.0).round() as i64)
}

/// The layer with the highest utilisation among those with a ceiling (`None`: unlimited); the
/// first in the file on a tie; `None` when no layer has a ceiling.
pub fn binding_index(utilizations: impl Iterator<Item = Option<f64>>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, u) in utilizations.enumerate() {
        if let Some(u) = u
            && best.is_none_or(|b| u > b.1)
        {
            best = Some((i, u));
        }
    }
    best.map(|b| b.0)
}

/// A carrier that allows `limit` calls per second refuses the rest of a second once it is full.
/// With Poisson arrivals at `rate` per second, N calls in a window: the chance that N exceeds
/// the window's allowance, and the share of calls beyond it, `E[(N - c)+] / E[N]`, using
/// `E[(N - c)+] = λ P(N >= c) - c P(N > c)`. A limit below 1 per second is a window of 1/limit s.
pub fn second_overflow(rate: f64, limit: f64) -> (f64, f64) {
    if rate <= 0.0 || limit <= 0.0 {
        return (0.0, 0.0);
    }
    let window = (1.0 / limit).max(1.0);
    let allowed = (limit * window + 1e-9).floor();
    let lambda = rate * window;
    let Ok(p) = Poisson::new(lambda) else {
        return (0.0, 0.0);
    };
    let over = p.sf(allowed as u64);
    let at_least = if allowed >= 1.0 {
        p.sf(allowed as u64 - 1)
    } else {
        1.0
    };
    let share = (at_least - allowed / lambda * over).clamp(0.0, 1.0);
    (over.clamp(0.0, 1.0), share)
}

#[cfg(test)]
mod tests {
    use super::second_overflow;

    /// At 0.5 calls/s against 1 call/s: P(N >= 2) = 1 - e^-0.5 (1 + 0.5) = 0.090204; the share
    /// of calls in a full second is E[(N-1)+] / 0.5 = (0.5 - 1 + e^-0.5) / 0.5 = 0.213061.
    #[test]
    fn one_call_per_second_at_half_a_call() {
        let (over, share) = second_overflow(0.5, 1.0);
        let e = (-0.5f64).exp();
        assert!((over - (1.0 - 1.5 * e)).abs() < 1e-12, "{over}");
        assert!((share - (0.5 - 1.0 + e) / 0.5).abs() < 1e-12, "{share}");
        assert!((over - 0.090204).abs() < 1e-6);
    }

    #[test]
    fn no_traffic_meets_no_full_second() {
        assert_eq!(second_overflow(0.0, 1.0), (0.0, 0.0));
    }
}
