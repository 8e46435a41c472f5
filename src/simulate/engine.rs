//! One simulated day, call by call: arrivals from a non-homogeneous Poisson process, each call
//! taking a slot at every layer of its route for its whole duration (a pool's units for its hold
//! share, from the start of the call), released in time order from one event heap.

use std::collections::VecDeque;

use rand::Rng;
use rand_distr::{Distribution, Exp1};
use rand_pcg::Pcg64Mcg;

use super::calendar::Calendar;
use super::model::{LayerModel, Model};

/// What one layer saw in one day (only calls arriving at or after time 0 are counted).
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerDay {
    pub offered: u64,
    pub refused: u64,
    /// Calls held back by a full calls-per-second window, and for how long.
    pub delayed: u64,
    pub delay_sum_s: f64,
    pub delay_max_s: f64,
    /// Calls that met a full layer with a queue: waited, then answered or abandoned.
    pub waited: u64,
    pub answered_after_wait: u64,
    pub wait_sum_s: f64,
    pub abandoned: u64,
    pub peak_in_progress: u32,
    /// Refusals per step of the timeline (empty until the first one).
    pub refusals_by_step: Vec<u32>,
    /// Calls in progress at each step boundary (only when asked for).
    pub at_boundary: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Day {
    pub layers: Vec<LayerDay>,
    /// Fresh calls (not retries) that arrived in the day.
    pub calls: u64,
    /// Callers who were refused or gave up waiting and did not call again.
    pub lost: u64,
}

const WHOLE_CALL: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
enum Ev {
    Arrival(u32),
    /// The i-th replayed call.
    Replay(u32),
    Retry(u32),
    /// A calls-per-second window opened for a held-back call.
    Ready(u32),
    /// A waiting caller's patience ran out (the slot and its generation).
    Abandon(u32, u32),
    /// A call ends: everything it holds is freed (one event per call, not per layer).
    End(u32),
    /// A pool's part-time hold ends before the call does.
    Release {
        layer: u32,
        member: u16,
        cap: u16,
    },
}

type Event = super::calendar::Event<Ev>;

#[derive(Debug, Clone, Default)]
struct MemberState {
    used: Vec<f64>,
    window: i64,
    in_window: f64,
    hour: VecDeque<f64>,
}

#[derive(Debug, Clone, Default)]
struct LayerState {
    members: Vec<MemberState>,
    in_progress: u32,
    /// Waiting callers: pending slot and its generation.
    queue: VecDeque<(u32, u32)>,
}

/// A call waiting part-way along its route.
#[derive(Debug, Clone)]
struct Pending {
    w: usize,
    handle_s: f64,
    pos: usize,
    holds: Vec<(usize, usize)>,
    since: f64,
    counted: bool,
    alive: bool,
    /// Bumped each time the slot is reused, so a stale abandonment is ignored.
    generation: u32,
}

enum Admit {
    Member(usize),
    /// Every member's calls-per-second window is full; the earliest opens then.
    Window(f64),
    Full,
    Refused,
}

struct Sim<'a> {
    m: &'a Model,
    rng: Pcg64Mcg,
    cal: Calendar<Ev>,
    /// Per workload, its next arrival.
    next: Vec<Option<Event>>,
    seq: u64,
    layers: Vec<LayerState>,
    pending: Vec<Pending>,
    /// Pending slots free for reuse: memory follows the calls waiting, not the day's calls.
    spare: Vec<u32>,
    /// What each call in progress holds, by slot; free slots and emptied lists are reused.
    calls: Vec<Vec<(usize, usize)>>,
    spare_calls: Vec<u32>,
    lists: Vec<Vec<(usize, usize)>>,
    day: Day,
}

impl<'a> Sim<'a> {
    fn push(&mut self, t: f64, ev: Ev) {
        self.seq += 1;
        let e = Event {
            t,
            seq: self.seq,
            ev,
        };
        // Each workload has one next arrival at a time: kept beside the heap, it costs a
        // comparison instead of a heap push and pop per call.
        match ev {
            Ev::Arrival(w) => self.next[w as usize] = Some(e),
            _ => self.cal.push(e),
        }
    }

    /// The earliest event: the heap's top or a workload's next arrival (ties in schedule order).
    fn pop(&mut self) -> Option<Event> {
        let mut best: Option<Event> = None;
        let mut at = 0;
        for (i, e) in self.next.iter().enumerate() {
            if let Some(e) = e
                && best.is_none_or(|b| *e > b)
            {
                (best, at) = (Some(*e), i);
            }
        }
        match (best, self.cal.peek().copied()) {
            (Some(b), Some(h)) if h > b => self.cal.pop(),
            (Some(_), _) => self.next[at].take(),
            (None, _) => self.cal.pop(),
        }
    }

    /// The next arrival of workload `w` after `t`: exponential work of rate 1 spent across
    /// the steps' rates (memoryless, so a step boundary simply carries the rest over).
    fn next_arrival(&mut self, w: usize, mut t: f64) -> Option<f64> {
        let m = self.m;
        let mut e: f64 = Exp1.sample(&mut self.rng);
        let mut idle = 0.0;
        loop {
            if !m.cyclic && t >= m.span_s {
                return None;
            }
            let k = m.step_of(t);
            let end = if !m.cyclic && t < 0.0 {
                0.0
            } else {
                ((t / m.step_s).floor() + 1.0) * m.step_s
            };
            let r = m.workloads[w].rate[k];
            let avail = r * (end - t);
            if avail >= e {
                return Some(t + e / r);
            }
            e -= avail;
            idle = if r > 0.0 { 0.0 } else { idle + (end - t) };
            if idle > m.span_s + m.step_s {
                return None; // a profile with no calls at all
            }
            t = end;
        }
    }

    fn admit(&mut self, l: usize, w: usize, t: f64) -> Admit {
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

    fn take(&mut self, l: usize, mi: usize, w: usize, t: f64, counted: bool) {
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
    fn free(&mut self, l: usize, mi: usize, cap: u16, t: f64) {
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
    fn serve_queue(&mut self, l: usize, t: f64) {
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

    /// Takes the call along its route from position `pos`; `resumed` when it waited at `pos`.
    #[allow(clippy::too_many_arguments)]
    fn route(
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
                    let p = self.park(w, handle_s, pos, holds, t, counted);
                    if counted {
                        let d = &mut self.day.layers[l];
                        d.delayed += 1;
                        d.delay_sum_s += at - t;
                        d.delay_max_s = d.delay_max_s.max(at - t);
                    }
                    self.push(at, Ev::Ready(p));
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
                Admit::Refused => {
                    if counted {
                        let step = self.m.step_of(t);
                        let d = &mut self.day.layers[l];
                        d.refused += 1;
                        if d.refusals_by_step.is_empty() {
                            d.refusals_by_step = vec![0; self.m.steps];
                        }
                        d.refusals_by_step[step] += 1;
                    }
                    self.give_up(t, w, holds, counted);
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

    /// An empty list for a new call's holds, reusing an old allocation.
    fn list(&mut self) -> Vec<(usize, usize)> {
        self.lists.pop().unwrap_or_default()
    }

    fn end(&mut self, slot: u32, t: f64) {
        let mut holds = std::mem::take(&mut self.calls[slot as usize]);
        self.spare_calls.push(slot);
        for &(l, mi) in &holds {
            self.free(l, mi, WHOLE_CALL, t);
        }
        holds.clear();
        self.lists.push(holds);
    }

    fn park(
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
    fn unpark(&mut self, p: u32) -> Pending {
        let pd = &mut self.pending[p as usize];
        pd.alive = false;
        let out = Pending {
            holds: std::mem::take(&mut pd.holds),
            ..pd.clone()
        };
        self.spare.push(p);
        out
    }

    /// A refused or abandoning caller: what it held is freed, and it may call again.
    fn give_up(&mut self, t: f64, w: usize, mut holds: Vec<(usize, usize)>, counted: bool) {
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
            _ if counted => self.day.lost += 1,
            _ => {}
        }
    }

    fn call(&mut self, t: f64, w: usize) {
        let wm = &self.m.workloads[w];
        let k = self.m.step_of(t);
        let handle_s = wm.handle_time.sample(wm.aht_s[k], &mut self.rng);
        let holds = self.list();
        self.route(t, w, handle_s, 0, holds, t >= 0.0, false);
    }
}

/// An event calendar sized for the model: buckets holding a few events each at the mean
/// rate, a ring reaching four of the longest mean handle times ahead.
fn calendar(m: &Model) -> Calendar<Ev> {
    let per_s = match &m.replay {
        Some(r) => r.len() as f64 / m.span_s.max(1.0),
        None => {
            let steps = m.steps.max(1) as f64;
            m.workloads
                .iter()
                .map(|w| w.rate.iter().sum::<f64>() / steps)
                .sum()
        }
    };
    // About two events (end, release) per call besides its arrival.
    let width = if per_s > 0.0 {
        (2.0 / per_s).clamp(1e-3, 3600.0)
    } else {
        1.0
    };
    let longest = m
        .workloads
        .iter()
        .flat_map(|w| w.aht_s.iter())
        .fold(1.0f64, |a, b| a.max(*b));
    let first = m
        .replay
        .as_ref()
        .and_then(|r| r.first())
        .map_or(0.0, |r| r.0);
    Calendar::new((-m.warmup_s).min(first), width, 4.0 * longest)
}

/// Simulates one day with the given random seed; `boundaries` records calls in progress at
/// every step boundary.
pub(crate) fn day(m: &Model, seed: u64, boundaries: bool) -> Day {
    use rand::SeedableRng;
    let mut sim = Sim {
        m,
        rng: Pcg64Mcg::seed_from_u64(seed),
        cal: calendar(m),
        next: vec![None; m.workloads.len()],
        seq: 0,
        layers: m
            .layers
            .iter()
            .map(|l| LayerState {
                members: l
                    .members
                    .iter()
                    .map(|mm| MemberState {
                        used: vec![0.0; mm.caps.len()],
                        window: i64::MIN,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect(),
        pending: Vec::new(),
        spare: Vec::new(),
        calls: Vec::new(),
        spare_calls: Vec::new(),
        lists: Vec::new(),
        day: Day {
            layers: vec![
                LayerDay {
                    at_boundary: if boundaries {
                        vec![0; m.steps]
                    } else {
                        Vec::new()
                    },
                    ..Default::default()
                };
                m.layers.len()
            ],
            ..Default::default()
        },
    };
    match &m.replay {
        Some(r) if !r.is_empty() => sim.push(r[0].0, Ev::Replay(0)),
        Some(_) => {}
        None => {
            for w in 0..m.workloads.len() {
                if let Some(t) = sim.next_arrival(w, -m.warmup_s) {
                    sim.push(t, Ev::Arrival(w as u32));
                }
            }
        }
    }
    let mut boundary = 0usize;
    while let Some(e) = sim.pop() {
        if e.t >= m.span_s {
            break;
        }
        while boundaries && boundary < m.steps && boundary as f64 * m.step_s <= e.t {
            for (l, st) in sim.layers.iter().enumerate() {
                sim.day.layers[l].at_boundary[boundary] = st.in_progress;
            }
            boundary += 1;
        }
        match e.ev {
            Ev::Arrival(w) => {
                let w = w as usize;
                if e.t >= 0.0 {
                    sim.day.calls += 1;
                }
                sim.call(e.t, w);
                if let Some(t) = sim.next_arrival(w, e.t) {
                    sim.push(t, Ev::Arrival(w as u32));
                }
            }
            Ev::Replay(i) => {
                let r = m.replay.as_ref().expect("replay events come from records");
                let (_, handle_s, w) = r[i as usize];
                sim.day.calls += 1;
                let holds = sim.list();
                sim.route(e.t, w, handle_s, 0, holds, true, false);
                if let Some(next) = r.get(i as usize + 1) {
                    sim.push(next.0, Ev::Replay(i + 1));
                }
            }
            Ev::Retry(w) => sim.call(e.t, w as usize),
            Ev::Ready(p) => {
                let pd = sim.unpark(p);
                sim.route(e.t, pd.w, pd.handle_s, pd.pos, pd.holds, pd.counted, true);
            }
            Ev::Abandon(p, generation) => {
                let pd = &sim.pending[p as usize];
                if pd.alive && pd.generation == generation {
                    let Pending {
                        w,
                        counted: c,
                        pos,
                        holds,
                        ..
                    } = sim.unpark(p);
                    let l = m.workloads[w].route[pos];
                    if c {
                        sim.day.layers[l].abandoned += 1;
                    }
                    sim.give_up(e.t, w, holds, c);
                }
            }
            Ev::End(slot) => sim.end(slot, e.t),
            Ev::Release { layer, member, cap } => {
                sim.free(layer as usize, member as usize, cap, e.t);
            }
        }
    }
    sim.day
}
