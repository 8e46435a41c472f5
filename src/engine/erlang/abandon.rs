//! Erlang A (M/M/N+M): a queue whose callers hang up after an exponential patience. Solved
//! from the birth-death chain; the service level follows a tagged caller down the queue.

use statrs::function::gamma::ln_gamma;

use super::erlang_b;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    pub p_wait: f64,
    /// Share of callers who hang up before an agent answers.
    pub p_abandon: f64,
    /// Share of all callers answered within the target time.
    pub service_level: f64,
    /// Average time in queue over all callers, answered or not, in seconds.
    pub asa_s: f64,
    /// Average queue length.
    pub queue_calls: f64,
    pub occupancy: f64,
}

/// `traffic` erlangs offered to `agents` agents; mean patience and target time in seconds.
pub fn erlang_a(traffic: f64, agents: u64, aht_s: f64, patience_s: f64, target_s: f64) -> ErlangA {
    let n = agents as f64;
    let (lambda, mu, theta) = (traffic / aht_s, 1.0 / aht_s, 1.0 / patience_s);
    let b = if agents == 0 {
        1.0
    } else {
        erlang_b(traffic, n)
    };
    if b == 0.0 {
        // So lightly loaded that all agents are never busy at once, as far as a double can tell.
        return ErlangA {
            p_wait: 0.0,
            p_abandon: 0.0,
            service_level: 1.0,
            asa_s: 0.0,
            queue_calls: 0.0,
            occupancy: traffic / n,
        };
    }
    // Stationary weights relative to π_N, as logarithms because an overloaded queue's weights
    // first grow past any double: below N they sum to 1/B(A, N) (N included); above N,
    // r_{N+j} = Π_{i=1..j} λ / (Nμ + iθ), kept until they fall 45 e-folds under the largest.
    let log_below = -b.ln();
    let mut logs = Vec::new(); // ln r_{N+j} for j = 1, 2, ...
    let (mut log_r, mut log_max, mut j) = (0.0f64, log_below, 0.0f64);
    loop {
        j += 1.0;
        let rate = n * mu + j * theta;
        log_r += (lambda / rate).ln();
        log_max = log_max.max(log_r);
        if rate > lambda && log_r < log_max - 45.0 {
            break;
        }
        logs.push(log_r);
    }
    let below = (log_below - log_max).exp();
    let queue: Vec<f64> = logs.iter().map(|l| (l - log_max).exp()).collect();
    let at_n = (-log_max).exp();
    let sum: f64 = queue.iter().sum();
    let total = below + sum;
    let queue_calls: f64 = queue
        .iter()
        .enumerate()
        .map(|(j, r)| (j + 1) as f64 * r)
        .sum::<f64>()
        / total;
    let p_wait = (at_n + sum) / total;
    let p_abandon = theta * queue_calls / lambda;
    // A caller arriving to find j waiting stands at position j + 1: served immediately with
    // probability P(k < N), else it must move up j + 1 places before its own patience runs out.
    let mut start = Vec::with_capacity(queue.len() + 1);
    start.push(at_n / total);
    start.extend(queue.iter().map(|r| r / total));
    let immediate = 1.0 - p_wait;
    let served_in_time = immediate + served_within(&start, n * mu, theta, target_s);
    ErlangA {
        p_wait: p_wait.clamp(0.0, 1.0),
        p_abandon: p_abandon.clamp(0.0, 1.0),
        service_level: served_in_time.clamp(0.0, 1.0),
        asa_s: queue_calls / lambda,
        queue_calls,
        // At most 1: carried load cannot pass the agents (the min only absorbs rounding).
        occupancy: (traffic * (1.0 - p_abandon) / n).min(1.0),
    }
}

/// Probability mass reaching an agent within `t`: position p moves up at rate `served + (p-1)θ`
/// and leaves at rate θ. Uniformisation: jumps of a Poisson clock of rate Λ, weighted by the
/// Poisson distribution of the number of jumps by time t.
fn served_within(start: &[f64], served_rate: f64, theta: f64, t: f64) -> f64 {
    let positions = start.len();
    let big = served_rate + positions as f64 * theta;
    let lt = big * t;
    if lt == 0.0 {
        return 0.0;
    }
    let spread = 12.0 * lt.sqrt() + 20.0;
    let last = (lt + spread).ceil() as usize;
    let first = (lt - spread).floor().max(0.0) as usize;
    let weight = |k: usize| (-lt + k as f64 * lt.ln() - ln_gamma(k as f64 + 1.0)).exp();
    let mut mass = start.to_vec();
    let (mut served, mut total) = (0.0, 0.0);
    for k in 0..=last {
        if k >= first {
            total += weight(k) * served;
        }
        // One uniformised jump: position p (index p-1) moves up with probability up/Λ.
        let mut next = vec![0.0; positions];
        for (i, m) in mass.iter().enumerate() {
            if *m == 0.0 {
                continue;
            }
            let up = (served_rate + i as f64 * theta) / big;
            let stay = 1.0 - up - theta / big;
            next[i] += m * stay;
            if i == 0 {
                served += m * up;
            } else {
                next[i - 1] += m * up;
            }
        }
        mass = next;
    }
    // Jump counts outside first..=last carry less than 1e-30 of the Poisson weight.
    total
}
