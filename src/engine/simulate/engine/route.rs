//! A call's way along its route: taken layer by layer, parked where a calls-per-second window
//! or a queue holds it, refused (freeing what it held, perhaps to call again), or ended.

use rand::Rng;
use rand_distr::{Distribution, Exp1};

use super::admission::Admit;
use super::{Ev, Pending, Sim, WHOLE_CALL};

impl Sim<'_> {
    /// Takes the call along its route from position `pos`; `resumed` when it waited at `pos`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn route(
        &mut self,
        t: f64,
        w: usize,
        handle_s: f64,
        mut pos: usize,
        mut holds: Vec<(usize, usize)>,
        counted: bool,
        mut resumed: bool,
    ) {
        let route = &self.m.workloads[w].route;
        while pos < route.len() {
            let l = route[pos];
            if counted && !resumed {
                self.day.layers[l].offered += 1;
            }
            resumed = false;
            match self.admit(l, w, t) {
                Admit::Member(mi) => {
                    self.take(l, mi, w, t, counted);
                    holds.push((l, mi));
                    pos += 1;
                }
                Admit::Window(at) => {
                    // Held at the back of the layer's line; its delay is counted when it leaves.
                    let p = self.park(w, handle_s, pos, holds, t, counted);
                    if counted {
                        self.day.layers[l].delayed += 1;
                    }
                    self.layers[l].held.push_back(p);
                    self.wake_at(l, at);
                    return;
                }
                Admit::Full => {
                    let p = self.park(w, handle_s, pos, holds, t, counted);
                    let generation = self.pending[p as usize].generation;
                    self.layers[l].queue.push_back((p, generation));
                    if counted {
                        self.day.layers[l].waited += 1;
                    }
                    let patience = self.m.layers[l].patience_s.unwrap_or(f64::INFINITY);
                    if patience.is_finite() {
                        let e: f64 = Exp1.sample(&mut self.rng);
                        self.push(t + patience * e, Ev::Abandon(p, generation));
                    }
                    return;
                }
                Admit::Refused(why) => {
                    if counted {
                        let bucket = self.m.bucket_of(t);
                        let d = &mut self.day.layers[l];
                        d.refused += 1;
                        d.refused_by[why as usize] += 1;
                        if d.refusals_by_bucket.is_empty() {
                            d.refusals_by_bucket = vec![0; self.m.buckets];
                        }
                        d.refusals_by_bucket[bucket] += 1;
                    }
                    self.give_up(t, w, holds, counted, false);
                    return;
                }
            }
        }
        for &(l, mi) in &holds {
            for (c, cap) in self.m.layers[l].members[mi].caps.iter().zip(0u16..) {
                if c.hold < 1.0 {
                    let ev = Ev::Release {
                        layer: l as u32,
                        member: mi as u16,
                        cap,
                    };
                    self.push(t + c.hold * handle_s, ev);
                }
            }
        }
        let slot = match self.spare_calls.pop() {
            Some(i) => {
                self.calls[i as usize] = holds;
                i
            }
            None => {
                self.calls.push(holds);
                (self.calls.len() - 1) as u32
            }
        };
        self.push(t + handle_s, Ev::End(slot));
    }

    /// Schedules the layer's held calls to be looked at when a window opens at `at`.
    fn wake_at(&mut self, l: usize, at: f64) {
        if at < self.layers[l].wake_s {
            self.layers[l].wake_s = at;
            self.push(at, Ev::Wake(l as u32));
        }
    }

    /// A calls-per-second window opened at layer `l`: its held calls go on in the order they
    /// came, as long as the layer takes them (one look per call let through, and one more),
    /// where waking every held call at every window cost the whole line each second.
    pub(super) fn wake(&mut self, l: usize, t: f64) {
        self.layers[l].wake_s = f64::INFINITY;
        while let Some(&p) = self.layers[l].held.front() {
            let w = self.pending[p as usize].w;
            if let Admit::Window(at) = self.admit(l, w, t) {
                self.wake_at(l, at);
                return;
            }
            self.layers[l].held.pop_front();
            let pd = self.unpark(p);
            if pd.counted {
                self.day.layers[l].delay_done(t - pd.since);
            }
            self.route(t, pd.w, pd.handle_s, pd.pos, pd.holds, pd.counted, true);
        }
    }

    /// At the end of the span, a call still held has waited until then (a lower bound).
    pub(super) fn still_held(&mut self, end_s: f64) {
        for l in 0..self.layers.len() {
            for &p in &self.layers[l].held {
                let pd = &self.pending[p as usize];
                if pd.counted {
                    self.day.layers[l].delay_done(end_s - pd.since);
                }
            }
            // Callers still in the queue when the run ends were neither answered nor lost:
            // counted apart, so a queue that never empties is seen.
            for &(p, generation) in &self.layers[l].queue {
                let pd = &self.pending[p as usize];
                if pd.alive && pd.generation == generation && pd.counted {
                    self.day.layers[l].waiting_at_end += 1;
                }
            }
        }
    }

    /// An empty list for a new call's holds, reusing an old allocation.
    pub(super) fn list(&mut self) -> Vec<(usize, usize)> {
        self.lists.pop().unwrap_or_default()
    }

    pub(super) fn end(&mut self, slot: u32, t: f64) {
        let mut holds = std::mem::take(&mut self.calls[slot as usize]);
        self.spare_calls.push(slot);
        for &(l, mi) in &holds {
            self.free(l, mi, WHOLE_CALL, t);
        }
        holds.clear();
        self.lists.push(holds);
    }

    pub(super) fn park(
        &mut self,
        w: usize,
        handle_s: f64,
        pos: usize,
        holds: Vec<(usize, usize)>,
        t: f64,
        counted: bool,
    ) -> u32 {
        let mut p = Pending {
            w,
            handle_s,
            pos,
            holds,
            since: t,
            counted,
            alive: true,
            generation: 0,
        };
        match self.spare.pop() {
            Some(i) => {
                p.generation = self.pending[i as usize].generation.wrapping_add(1);
                self.pending[i as usize] = p;
                i
            }
            None => {
                self.pending.push(p);
                (self.pending.len() - 1) as u32
            }
        }
    }

    /// Ends a wait: the slot may be reused.
    pub(super) fn unpark(&mut self, p: u32) -> Pending {
        let pd = &mut self.pending[p as usize];
        pd.alive = false;
        let out = Pending {
            holds: std::mem::take(&mut pd.holds),
            ..pd.clone()
        };
        self.spare.push(p);
        out
    }

    /// A refused or abandoning (`abandoned`) caller: what it held is freed, and it may call
    /// again.
    pub(super) fn give_up(
        &mut self,
        t: f64,
        w: usize,
        mut holds: Vec<(usize, usize)>,
        counted: bool,
        abandoned: bool,
    ) {
        for &(l, mi) in &holds {
            let caps = self.m.layers[l].members[mi].caps.len();
            for cap in 0..caps {
                if self.m.layers[l].members[mi].caps[cap].hold < 1.0 {
                    self.free(l, mi, cap as u16, t);
                }
            }
            self.free(l, mi, WHOLE_CALL, t);
        }
        holds.clear();
        self.lists.push(holds);
        match self.m.workloads[w].retry {
            Some(r) if self.rng.random::<f64>() < r.share => {
                let e: f64 = Exp1.sample(&mut self.rng);
                self.push(t + r.after_s * e, Ev::Retry(w as u32));
            }
            _ if counted => {
                self.day.lost += 1;
                self.day.lost_abandoned += u64::from(abandoned);
            }
            _ => {}
        }
    }
}
