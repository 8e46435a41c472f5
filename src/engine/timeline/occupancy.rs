//! Calls in progress in time (the infinite-server M_t/G/inf model): the exact recursion for
//! exponential handle times, and the sum over each step's cohort for every other shape.

use crate::model::handle_time::HandleTime;

/// The most cohort terms the general (non-exponential or varying-AHT) convolution may take.
const MAX_TERMS: f64 = 1e9;

/// Expected calls in progress at every boundary of the grid, given per-step arrival rates and
/// AHTs. Exponential handle times with one AHT take the exact recursion
/// m(t+g) = m(t) e^(-g/τ) + λ τ (1 - e^(-g/τ)); anything else sums each step's cohort of calls
/// forward until its last call has ended: λ (I(t - t_k) - I(t - t_k - g)) with I = ∫ S.
pub fn in_progress(
    rate: &[f64],
    aht: &[f64],
    ht: &HandleTime,
    step_s: f64,
    cyclic: bool,
) -> std::result::Result<Vec<f64>, String> {
    let n = rate.len();
    let points = if cyclic { n } else { n + 1 };
    let busy = |k: &usize| rate[*k] > 0.0;
    let one_aht = (0..n)
        .filter(busy)
        .map(|k| aht[k])
        .reduce(|a, b| if a == b { a } else { f64::NAN });
    let mut m = vec![0.0; points];
    if *ht == HandleTime::Exponential
        && let Some(tau) = one_aht.filter(|t| !t.is_nan())
    {
        let e = (-step_s / tau).exp();
        let fill = -(-step_s / tau).exp_m1() * tau;
        let run = |m: &mut Vec<f64>, start: f64| {
            let mut x = start;
            for k in 0..points {
                m[k] = x;
                x = x * e + rate[k % n] * fill;
            }
            x
        };
        if cyclic {
            // The periodic solution: the day's end must equal its start.
            let end = run(&mut m, 0.0);
            let start = end / -(-(n as f64) * step_s / tau).exp_m1();
            run(&mut m, start);
        } else {
            run(&mut m, rate[0] * tau);
        }
        return Ok(m);
    }
    // Each step's cohort adds λ_k h_d to the boundary d steps later, where the kernel
    // h_d = I(d g) - I((d - 1) g) depends only on the AHT: computed once per distinct AHT, cut
    // at the series' end (dated) or folded onto the day (a profile wraps).
    let reach = |a: f64| ((ht.support_end_s(a) / step_s).ceil() as usize + 1).max(1);
    let terms: f64 = (0..n).filter(busy).map(|k| reach(aht[k]) as f64).sum();
    if terms > MAX_TERMS {
        return Err(format!(
            "calls in progress would take {terms:.2e} steps to work out (long handle times on a fine grid); use a coarser interval"
        ));
    }
    if !cyclic && rate[0] > 0.0 {
        // Before the series began its first step's rate held: those calls are still leaving.
        for (j, v) in m.iter_mut().enumerate() {
            let t = j as f64 * step_s;
            *v += rate[0] * (aht[0] - ht.integral_s(t, aht[0]));
        }
    }
    let mut kernels: std::collections::HashMap<u64, Vec<f64>> = Default::default();
    for k in (0..n).filter(busy) {
        let a = aht[k];
        let h = kernels.entry(a.to_bits()).or_insert_with(|| {
            let len = reach(a);
            // A day-long kernel only when calls outlast the day (then it folds onto it);
            // otherwise just as long as the calls last, so short calls cost little.
            let size = if cyclic {
                (len + 1).min(n)
            } else {
                len.min(points) + 1
            };
            let mut h = vec![0.0; size];
            for d in 1..=len {
                let x = d as f64 * step_s;
                let v = ht.integral_s(x, a) - ht.integral_s(x - step_s, a);
                if cyclic {
                    h[d % size] += v;
                } else if d < h.len() {
                    h[d] = v;
                }
            }
            h
        });
        let lam = rate[k];
        if cyclic {
            for (r, v) in h.iter().enumerate() {
                m[(k + r) % n] += lam * v;
            }
        } else {
            let end = (k + h.len()).min(points);
            for (j, v) in (k + 1..end).zip(&h[1..]) {
                m[j] += lam * v;
            }
        }
    }
    Ok(m)
}
