//! Admission at one layer: whether a call finds a member with room (caps, calls per second,
//! calls per hour), taking and freeing its units, and serving the layer's waiting callers.

use std::collections::VecDeque;

use super::{LayerModel, Pending, Sim, WHOLE_CALL};

#[derive(Debug, Clone, Default)]
pub(super) struct MemberState {
    pub(super) used: Vec<f64>,
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
}

/// What a layer does with a call that reaches it.
pub(super) enum Admit {
    Member(usize),
    /// Every member's calls-per-second window is full; the earliest opens then.
    Window(f64),
    Full,
    Refused,
}

impl Sim<'_> {
    pub(super) fn admit(&mut self, l: usize, w: usize, t: f64) -> Admit {
        let lm: &LayerModel = &self.m.layers[l];
        let rated = lm.rated[w];
        let mut window_at = f64::INFINITY;
        let mut full = false;
        for (mi, mm) in lm.members.iter().enumerate() {
            let st = &mut self.layers[l].members[mi];
            let caps_ok = mm
                .caps
                .iter()
                .zip(&st.used)
                .all(|(c, u)| u + c.per_call <= c.capacity + 1e-9);
            if !caps_ok {
                full = true;
                continue;
            }
            if rated && let Some(limit) = mm.per_hour {
                while st.hour.front().is_some_and(|&h| h <= t - 3600.0) {
                    st.hour.pop_front();
                }
                if st.hour.len() as f64 >= limit {
                    continue;
                }
            }
            if rated && let Some((allowed, window)) = mm.per_window {
                let idx = (t / window).floor() as i64;
                if idx == st.window && st.in_window >= allowed {
                    window_at = window_at.min((idx + 1) as f64 * window);
                    continue;
                }
            }
            return Admit::Member(mi);
        }
        if lm.rate_queues && window_at.is_finite() {
            Admit::Window(window_at)
        } else if full && lm.patience_s.is_some() {
            Admit::Full
        } else {
            Admit::Refused
        }
    }

    pub(super) fn take(&mut self, l: usize, mi: usize, w: usize, t: f64, counted: bool) {
        let lm = &self.m.layers[l];
        let mm = &lm.members[mi];
        let st = &mut self.layers[l].members[mi];
        for (c, u) in mm.caps.iter().zip(st.used.iter_mut()) {
            *u += c.per_call;
        }
        if lm.rated[w] {
            if let Some((_, window)) = mm.per_window {
                let idx = (t / window).floor() as i64;
                if idx != st.window {
                    (st.window, st.in_window) = (idx, 0.0);
                }
                st.in_window += 1.0;
            }
            if mm.per_hour.is_some() {
                st.hour.push_back(t);
            }
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
        let st = &mut self.layers[l].members[mi];
        if cap == WHOLE_CALL {
            for (c, u) in mm.caps.iter().zip(st.used.iter_mut()) {
                if c.hold >= 1.0 {
                    *u -= c.per_call;
                }
            }
            self.layers[l].in_progress -= 1;
        } else {
            st.used[cap as usize] -= mm.caps[cap as usize].per_call;
        }
        self.serve_queue(l, t);
    }

    /// Gives freed slots to the callers waiting at the layer, first come first served.
    pub(super) fn serve_queue(&mut self, l: usize, t: f64) {
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
