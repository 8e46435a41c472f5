//! Admission at one layer: whether a call finds a member with room (caps, calls per second,
//! calls per hour), taking and freeing its units, and serving the layer's waiting callers.

use std::collections::VecDeque;

use super::{LayerModel, Pending, Sim, WHOLE_CALL};
use crate::engine::simulate::model::MemberModel;

#[derive(Debug, Clone, Default)]
pub(super) struct MemberState {
    pub(super) window: i64,
    pub(super) in_window: f64,
    pub(super) hour: VecDeque<f64>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct LayerState {
    pub(super) members: Vec<MemberState>,
    pub(super) in_progress: u32,
    /// Waiting callers: pending slot and its generation.
    pub(super) queue: VecDeque<(u32, u32)>,
    /// Whether a loop is serving `queue` now (see `serve_queue`).
    pub(super) serving: bool,
    /// Calls held back by full calls-per-second windows, first come first served.
    pub(super) held: VecDeque<u32>,
    /// When the earliest wake-up scheduled for them is (infinite when none is).
    pub(super) wake_s: f64,
}

/// Whether one more call's units fit under a cap's limit (one test for both paths, so an
/// exact fit or a NaN decides the same way in each).
pub(super) fn fits(used: f64, per_call: f64, limit: f64) -> bool {
    used + per_call <= limit
}

/// The calls-per-second window `t` falls in: `(t / window).floor() as i64`, without the call
/// to libm's `floor` that the baseline x86-64 target makes (a few percent of a simulation).
fn window_index(t: f64, window: f64) -> i64 {
    let x = t / window;
    let i = x as i64;
    if (i as f64) > x {
        i.saturating_sub(1)
    } else {
        i
    }
}

/// When window `idx` opens: `idx x window`, moved up by the last place or two where rounding
/// would put it in the window before, since a call held for it must find it open (or it would
/// meet the same full window at the same time again, for ever).
fn window_start(idx: i64, window: f64) -> f64 {
    let mut at = idx as f64 * window;
    while window_index(at, window) < idx {
        at = at.next_up();
    }
    at
}

impl MemberState {
    /// Whether the calls-per-hour limit is reached at `t` (calls over an hour old forgotten).
    pub(super) fn hour_full(&mut self, limit: f64, t: f64) -> bool {
        while self.hour.front().is_some_and(|&h| h <= t - 3600.0) {
            self.hour.pop_front();
        }
        self.hour.len() as f64 >= limit
    }

    /// When the full calls-per-second window at `t` opens; `None` while it has room.
    pub(super) fn window_full(&self, (allowed, window): (f64, f64), t: f64) -> Option<f64> {
        let idx = window_index(t, window);
        (idx == self.window && self.in_window >= allowed).then(|| window_start(idx + 1, window))
    }

    /// Counts a call starting at `t` against the member's rate limits.
    pub(super) fn count(&mut self, mm: &MemberModel, t: f64) {
        if let Some((_, window)) = mm.per_window {
            let idx = window_index(t, window);
            if idx != self.window {
                (self.window, self.in_window) = (idx, 0.0);
            }
            self.in_window += 1.0;
        }
        if mm.per_hour.is_some() {
            self.hour.push_back(t);
        }
    }
}

/// What a layer does with a call that reaches it.
pub(super) enum Admit {
    Member(usize),
    /// Every member's calls-per-second window is full; the earliest opens then.
    Window(f64),
    Full,
    /// No member takes the call; why the first member did not.
    Refused(Why),
}

/// The limit that turned a call away at a layer's first member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its concurrent calls (channels, slots, sessions, connections, units) were all in use.
    Full,
    /// Its calls-per-second window was full.
    PerSecond,
    /// Its calls-per-hour allowance was used up.
    PerHour,
}

impl Sim<'_> {
    pub(super) fn admit(&mut self, l: usize, w: usize, t: f64) -> Admit {
        let lm: &LayerModel = &self.m.layers[l];
        let rated = lm.rated[w];
        let mut window_at = f64::INFINITY;
        let mut full = false;
        let mut why = None;
        for (mi, mm) in lm.members.iter().enumerate() {
            let st = &mut self.layers[l].members[mi];
            let caps_ok = mm
                .caps
                .iter()
                .zip(&self.used[mm.first..])
                .all(|(c, u)| fits(*u, c.per_call, c.limit));
            if !caps_ok {
                full = true;
                why.get_or_insert(Why::Full);
                continue;
            }
            if rated
                && let Some(limit) = mm.per_hour
                && st.hour_full(limit, t)
            {
                why.get_or_insert(Why::PerHour);
                continue;
            }
            if rated
                && let Some(pw) = mm.per_window
                && let Some(at) = st.window_full(pw, t)
            {
                window_at = window_at.min(at);
                why.get_or_insert(Why::PerSecond);
                continue;
            }
            return Admit::Member(mi);
        }
        if lm.rate_queues && window_at.is_finite() {
            Admit::Window(window_at)
        } else if full && lm.patience_s.is_some() {
            Admit::Full
        } else {
            Admit::Refused(why.unwrap_or(Why::Full))
        }
    }

    pub(super) fn take(&mut self, l: usize, mi: usize, w: usize, t: f64, counted: bool) {
        let lm = &self.m.layers[l];
        let mm = &lm.members[mi];
        for (c, u) in mm.caps.iter().zip(&mut self.used[mm.first..]) {
            *u += c.per_call;
        }
        if lm.rated[w] {
            self.layers[l].members[mi].count(mm, t);
        }
        let ls = &mut self.layers[l];
        ls.in_progress += 1;
        if counted {
            let d = &mut self.day.layers[l];
            d.peak_in_progress = d.peak_in_progress.max(ls.in_progress);
        }
    }

    /// Frees what a call holds at a layer: every cap (`WHOLE_CALL`) or the part-time one.
    pub(super) fn free(&mut self, l: usize, mi: usize, cap: u16, t: f64) {
        let mm = &self.m.layers[l].members[mi];
        if cap == WHOLE_CALL {
            for (c, u) in mm.caps.iter().zip(&mut self.used[mm.first..]) {
                if c.hold >= 1.0 {
                    *u -= c.per_call;
                }
            }
            self.layers[l].in_progress -= 1;
        } else {
            self.used[mm.first + cap as usize] -= mm.caps[cap as usize].per_call;
        }
        self.serve_queue(l, t);
    }

    /// Gives freed slots to the callers waiting at the layer, first come first served. One loop
    /// serves a layer at a time: a caller served here and refused further on frees its slot
    /// here again, and the loop already running takes that slot for the next caller, where
    /// serving it by recursion went one frame deeper per caller in line (an overflowed stack
    /// with some 16,000 waiting).
    pub(super) fn serve_queue(&mut self, l: usize, t: f64) {
        if self.layers[l].serving || self.layers[l].queue.is_empty() {
            return;
        }
        self.layers[l].serving = true;
        self.serve_line(l, t);
        self.layers[l].serving = false;
    }

    fn serve_line(&mut self, l: usize, t: f64) {
        while let Some(&(p, generation)) = self.layers[l].queue.front() {
            let pd = &self.pending[p as usize];
            if !pd.alive || pd.generation != generation {
                self.layers[l].queue.pop_front();
                continue;
            }
            let w = self.pending[p as usize].w;
            let Admit::Member(mi) = self.admit(l, w, t) else {
                return;
            };
            self.layers[l].queue.pop_front();
            let Pending {
                counted,
                since,
                holds,
                handle_s,
                pos,
                ..
            } = self.unpark(p);
            if counted {
                let d = &mut self.day.layers[l];
                d.answered_after_wait += 1;
                d.wait_sum_s += t - since;
            }
            self.take(l, mi, w, t, counted);
            let mut holds = holds;
            holds.push((l, mi));
            self.route(t, w, handle_s, pos + 1, holds, counted, false);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_window_opens_at_a_time_inside_it() {
        // A call held back by a full window waits until the next window opens, at
        // (idx + 1) x window. In floating point that product divided by the window can land
        // just under idx + 1 (1 / 0.23 s windows: 7 x 4.3478... / 4.3478... = 6.999...), so the
        // call would meet the same full window again at the same time, for ever. The opening
        // time must fall inside the new window, at most a few units in the last place after
        // (idx + 1) x window.
        use super::{MemberState, window_index};
        for cps in [0.23, 0.3, 0.7, 0.9, 1.0 / 3.0, 0.05, 0.999] {
            let window = 1.0 / cps;
            for idx in (0..2_000).chain([86_399, 1_000_000]) {
                let st = MemberState {
                    window: idx,
                    in_window: 1.0,
                    ..Default::default()
                };
                let t = (idx as f64 + 0.5) * window;
                let at = st.window_full((1.0, window), t).expect("full");
                assert_eq!(window_index(at, window), idx + 1, "{cps} {idx}");
                let boundary = (idx + 1) as f64 * window;
                assert!(
                    at >= boundary && at <= boundary.next_up().next_up(),
                    "{cps} {idx}"
                );
            }
        }
    }

    #[test]
    fn window_index_is_floor() {
        let odd = [
            0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.999_999, -2.000_001, 86_399.99, 1e300, -1e300,
        ];
        for x in odd
            .into_iter()
            .chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY])
        {
            for w in [1.0, 0.25, 3.0] {
                assert_eq!(
                    super::window_index(x, w),
                    (x / w).floor() as i64,
                    "{x} / {w}"
                );
            }
        }
    }
}
