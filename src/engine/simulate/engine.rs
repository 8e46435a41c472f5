//! One simulated day, call by call: arrivals from a non-homogeneous Poisson process, each call
//! taking a slot at every layer of its route for its whole duration (a pool's units for its hold
//! share, from the start of the call), released in time order from one event calendar. The
//! day's loop and each event are in `day`; a call's way along its route in `route`; admission
//! at a layer in `admission`; the one-pass route most new calls take in `fast`.

use rand_distr::{Distribution, Exp1};
use rand_pcg::Pcg64Mcg;

mod admission;
mod day;
mod fast;
mod route;

use admission::LayerState;
pub(crate) use day::day;

use super::calendar::Calendar;
use super::model::{LayerModel, Model};

/// What one layer saw in one day (only calls arriving at or after time 0 are counted).
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerDay {
    pub offered: u64,
    pub refused: u64,
    /// Of those, refused by the first member's concurrent calls, calls per second, calls per
    /// hour (`admission::Why` order).
    pub refused_by: [u64; 3],
    /// Calls held back by a full calls-per-second window (each once, however many windows it
    /// waits), and for how long in all.
    pub delayed: u64,
    pub delay_sum_s: f64,
    pub delay_max_s: f64,
    /// Calls that met a full layer with a queue: waited, then answered or abandoned.
    pub waited: u64,
    pub answered_after_wait: u64,
    pub wait_sum_s: f64,
    pub abandoned: u64,
    /// The time abandoning callers waited before they hung up.
    pub abandon_wait_sum_s: f64,
    /// Callers still waiting in the queue when the run ended.
    pub waiting_at_end: u64,
    pub peak_in_progress: u32,
    /// Refusals per reporting interval (`Model::bucket_steps` steps; empty until the first).
    pub refusals_by_bucket: Vec<u32>,
    /// Calls in progress at each reporting interval's start (only when asked for).
    pub at_boundary: Vec<u32>,
}

impl LayerDay {
    /// A held call leaves the line (or the span ends) after waiting `s` seconds.
    fn delay_done(&mut self, s: f64) {
        self.delay_sum_s += s;
        self.delay_max_s = self.delay_max_s.max(s);
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Day {
    pub layers: Vec<LayerDay>,
    /// Fresh calls (not retries) that arrived in the day.
    pub calls: u64,
    /// Callers who were refused or gave up waiting and did not call again.
    pub lost: u64,
    /// Of those, the ones who gave up waiting.
    pub lost_abandoned: u64,
}

const WHOLE_CALL: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
enum Ev {
    Arrival(u32),
    /// The i-th replayed call.
    Replay(u32),
    Retry(u32),
    /// A calls-per-second window opens at a layer holding calls back.
    Wake(u32),
    /// A waiting caller's patience ran out (the slot and its generation).
    Abandon(u32, u32),
    /// A call ends: everything it holds is freed (one event per call, not per layer).
    End(u32),
    /// A call taken in one pass along its workload's route ends (`fast`).
    EndRoute(u32),
    /// A pool's part-time hold ends before the call does.
    Release {
        layer: u32,
        member: u16,
        cap: u16,
    },
}

type Event = super::calendar::Event<Ev>;

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

struct Sim<'a> {
    m: &'a Model,
    rng: Pcg64Mcg,
    cal: Calendar<Ev>,
    /// Per workload, its next arrival.
    next: Vec<Option<Event>>,
    seq: u64,
    layers: Vec<LayerState>,
    /// Units in use of every cap of every member (`MemberModel::first` says where).
    used: Vec<f64>,
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
        let cycle = m.workloads[w].per_cycle;
        if m.cyclic && cycle > 0.0 && e > cycle {
            // Whole days without a call are skipped at once: at a load of 1e-12 the next call
            // is about 1e12 days away, past any run, where stepping through them never ends.
            let days = ((e / cycle).floor() - 1.0).max(0.0);
            e -= days * cycle;
            t += days * m.span_s;
            // The day ends at span_s: a call past it is never met.
            if !t.is_finite() || t >= m.span_s {
                return None;
            }
        }
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

    fn call(&mut self, t: f64, w: usize) {
        let wm = &self.m.workloads[w];
        let k = self.m.step_of(t);
        let handle_s = wm.handle_time.sample(wm.aht_s[k], &mut self.rng);
        if !self.fast(t, w, handle_s, t >= 0.0) {
            let holds = self.list();
            self.route(t, w, handle_s, 0, holds, t >= 0.0, false);
        }
    }
}
