//! Loss systems beyond plain Erlang B: callers who retry after a busy signal (Extended Erlang B)
//! and a finite number of sources such as a dialer's agents (Engset).

use super::erlang_b;

/// Extended Erlang B: blocked callers try again with probability `recall`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtendedB {
    /// Blocking per attempt.
    pub blocking: f64,
    /// Traffic offered including retries, in erlangs.
    pub offered_erlangs: f64,
    /// Traffic carried, in erlangs.
    pub carried_erlangs: f64,
    /// Traffic lost for good (blocked and not retried), in erlangs.
    pub lost_erlangs: f64,
    /// Share of fresh traffic lost for good.
    pub lost_share: f64,
}

/// Fixed point of offered = fresh + recall x offered x B(offered, lines). `recall` < 1.
pub fn extended_b(fresh: f64, lines: f64, recall: f64) -> ExtendedB {
    // offered = fresh + recall x offered x B(offered): the excess g(O) = fresh + r O B(O) - O
    // falls from g(fresh) >= 0 to below 0 by fresh / (1 - r) (B is at most 1), so bisection
    // finds its root in at most 200 halvings, however close the recall is to 1 (a plain
    // fixed-point iteration crawls there).
    let g = |o: f64| fresh + recall * o * erlang_b(o, lines) - o;
    let (mut lo, mut hi) = (fresh, fresh / (1.0 - recall));
    for _ in 0..200 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi || hi - lo <= 1e-14 * hi {
            break;
        }
        if g(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let offered = lo + (hi - lo) / 2.0;
    let b = erlang_b(offered, lines);
    let lost = offered * b * (1.0 - recall);
    ExtendedB {
        blocking: b,
        offered_erlangs: offered,
        carried_erlangs: offered * (1.0 - b),
        lost_erlangs: lost,
        lost_share: if fresh > 0.0 { lost / fresh } else { 0.0 },
    }
}

/// The fewest lines whose per-attempt blocking, retries included, is at most `target`.
pub fn extended_lines_for(fresh: f64, recall: f64, target: f64) -> (u64, ExtendedB) {
    if fresh == 0.0 {
        // Nothing offered: no line is needed, as `lines_for` and `agents_for` answer too.
        return (0, extended_b(0.0, 0.0, recall));
    }
    // Blocking falls as lines rise: double to bracket, then bisect on whole lines.
    let (mut lo, mut hi) = (0u64, 1u64);
    while extended_b(fresh, hi as f64, recall).blocking > target {
        lo = hi;
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if extended_b(fresh, mid as f64, recall).blocking > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (hi, extended_b(fresh, hi as f64, recall))
}

/// Engset: `sources` callers, each offering `per_idle` erlangs while idle, to `lines` lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Engset {
    /// Share of time all lines are busy.
    pub time_congestion: f64,
    /// Share of call attempts blocked (what a caller sees).
    pub call_congestion: f64,
    /// Traffic carried, in erlangs.
    pub carried_erlangs: f64,
    /// Traffic offered by the idle sources, in erlangs.
    pub offered_erlangs: f64,
}

/// Time congestion of `sources` sources on `lines` lines: the Engset recursion over lines, the
/// finite-source twin of Erlang B's.
fn time_congestion(sources: f64, lines: u64, per_idle: f64) -> f64 {
    // More lines than sources are never all busy; exactly as many can be (every source busy).
    if lines as f64 > sources {
        return 0.0;
    }
    let mut e = 1.0;
    for k in 1..=lines {
        let k = k as f64;
        let x = (sources - k + 1.0) * per_idle * e;
        e = x / (k + x);
    }
    e
}

pub fn engset(sources: u64, lines: u64, per_idle: f64) -> Engset {
    let s = sources as f64;
    let time = time_congestion(s, lines, per_idle);
    // An arriving call sees the system as the other sources-1 sources leave it.
    let call = if sources == 0 {
        0.0
    } else {
        time_congestion(s - 1.0, lines, per_idle)
    };
    // Carried = per_idle x idle sources x (1 - call congestion), and idle = sources - carried.
    let g = per_idle * (1.0 - call);
    let carried = s * g / (1.0 + g);
    Engset {
        time_congestion: time,
        call_congestion: call,
        carried_erlangs: carried,
        offered_erlangs: per_idle * (s - carried),
    }
}
