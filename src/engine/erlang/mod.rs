//! Teletraffic formulas, exact in double precision at any size. Erlang B runs the stable forward
//! recursion B(x) = A B(x-1) / (x + A B(x-1)): no factorials, so nothing overflows, and relative
//! errors shrink at every step. Fractional line counts start the same recursion from the
//! continuous Erlang B of the fractional part, built on the incomplete gamma function.

mod abandon;
mod gamma;
mod hayward;
mod queue;
mod retry;

pub use abandon::{ErlangA, erlang_a};
pub use hayward::{hayward_b, hayward_fits, hayward_lines_for};
pub use queue::{AgentsAnswer, QueueStats, agents_for, erlang_c, erlang_c_stats};
pub use retry::{Engset, ExtendedB, engset, extended_b, extended_lines_for};

/// The deepest queue Erlang A follows state by state (8 bytes each).
pub const MAX_QUEUE_STATES: f64 = 1e7;

/// The most steps Erlang A's service level may take (positions x uniformised jumps).
pub const MAX_QUEUE_WORK: f64 = 3e8;

/// The largest traffic or line count the calculators take (the command line refuses more).
pub const MAX_ERLANGS: f64 = 1e7;

/// One step of the Erlang B recursion: blocking with line `n` added, from blocking `b` without
/// it. The one home of the recursion every calculator walks.
#[inline]
pub fn step(traffic: f64, b: f64, n: f64) -> f64 {
    traffic * b / (n + traffic * b)
}

/// Blocking probability of `traffic` erlangs offered to `lines` lines (Erlang B). `lines` may be
/// fractional (the continuous extension); both must be finite and non-negative.
pub fn erlang_b(traffic: f64, lines: f64) -> f64 {
    if lines == 0.0 {
        return 1.0;
    }
    if traffic == 0.0 {
        return 0.0;
    }
    let whole = lines.floor();
    let mut b = gamma::erlang_b_fraction(traffic, lines - whole);
    let base = lines - whole;
    let mut k = 1.0;
    while k <= whole {
        b = step(traffic, b, base + k);
        if b == 0.0 {
            break; // underflowed: every further line only makes it smaller
        }
        k += 1.0;
    }
    b
}

/// The answer to "how many lines for this blocking": the boundary on both sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinesAnswer {
    /// The fewest whole lines whose blocking is at most the target.
    pub lines: u64,
    /// Blocking at `lines`.
    pub blocking: f64,
    /// Blocking at `lines - 1` (1 at zero lines).
    pub blocking_below: f64,
}

/// The fewest lines that carry `traffic` erlangs with blocking at most `target`.
pub fn lines_for(traffic: f64, target: f64) -> LinesAnswer {
    if traffic == 0.0 {
        // Nothing offered, nothing blocked: no line is needed.
        return LinesAnswer {
            lines: 0,
            blocking: 0.0,
            blocking_below: 0.0,
        };
    }
    let (mut n, mut b, mut below) = (0u64, 1.0, 1.0);
    while b > target {
        below = b;
        n += 1;
        b = step(traffic, b, n as f64);
    }
    LinesAnswer {
        lines: n,
        blocking: b,
        blocking_below: below,
    }
}

/// The real line count at which the continuous Erlang B equals `target`, given the whole
/// answer `lines` from `lines_for` (the real one lies between lines - 1 and lines).
pub fn fractional_lines_for(traffic: f64, target: f64, lines: u64) -> f64 {
    if lines == 0 {
        return 0.0;
    }
    // The continuous B falls as lines rise, so bisect down to a double's resolution.
    let (mut lo, mut hi) = ((lines - 1) as f64, lines as f64);
    while hi - lo > 1e-12 * hi.max(1.0) {
        let mid = 0.5 * (lo + hi);
        if erlang_b(traffic, mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// The most traffic (erlangs) `lines` lines carry with blocking at most `target`; `None` when
/// that traffic is below the smallest positive double (0.0001 lines block 98.6% of almost any
/// traffic: 50% needs about 1e-3010 erlangs). Exact to the float range: the bracket closes
/// geometrically while it spans orders of magnitude, then by Newton steps kept inside it.
pub fn traffic_for(lines: f64, target: f64) -> Option<f64> {
    if lines == 0.0 || target <= 0.0 {
        return Some(0.0);
    }
    if target >= 1.0 {
        return Some(f64::INFINITY);
    }
    let (mut lo, mut hi) = (f64::MIN_POSITIVE, lines.max(1.0));
    if erlang_b(lo, lines) > target {
        return None;
    }
    while erlang_b(hi, lines) < target {
        lo = hi;
        hi *= 2.0;
    }
    // sqrt(lo) x sqrt(hi): the product of the two would underflow.
    let mut a = lo.sqrt() * hi.sqrt();
    for _ in 0..2000 {
        let b = erlang_b(a, lines);
        if b < target {
            lo = a;
        } else {
            hi = a;
        }
        let slope = b * (lines / a - 1.0 + b);
        let newton = a - (b - target) / slope;
        let next = if newton > lo && newton < hi && slope > 0.0 {
            newton
        } else if hi > 4.0 * lo {
            // Orders of magnitude apart: halve the exponent's gap, not the value's.
            lo.sqrt() * hi.sqrt()
        } else {
            0.5 * (lo + hi)
        };
        if (next - a).abs() <= 1e-15 * a || hi - lo <= 1e-15 * hi {
            return Some(next);
        }
        a = next;
    }
    Some(a)
}

#[cfg(test)]
mod tests;
