//! The day's loop: a simulation set up for the model, its first arrivals, and each event
//! carried out in time order until the span ends.

use rand_pcg::Pcg64Mcg;

use super::admission::{LayerState, MemberState};
use super::{Day, Ev, Event, LayerDay, Pending, Sim};
use crate::engine::simulate::calendar::Calendar;
use crate::engine::simulate::model::Model;

/// An event calendar sized for the model: buckets holding a few events each at the mean
/// rate, a ring reaching four of the longest mean handle times ahead.
fn calendar(m: &Model) -> Calendar<Ev> {
    let per_s = match &m.replay {
        Some(r) => r.iter().map(|c| f64::from(c.copies)).sum::<f64>() / m.span_s.max(1.0),
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
        .map_or(0.0, |r| r.t);
    Calendar::new((-m.warmup_s).min(first), width, 4.0 * longest)
}

/// Simulates one day with the given random seed; `boundaries` records calls in progress at
/// the start of every reporting interval.
pub(crate) fn day(m: &Model, seed: u64, boundaries: bool) -> Day {
    let mut sim = Sim::new(m, seed, boundaries);
    sim.first_arrivals();
    let mut boundary = 0usize;
    while let Some(e) = sim.pop() {
        if e.t >= m.span_s {
            break;
        }
        let width_s = m.step_s * m.bucket_steps as f64;
        while boundaries && boundary < m.buckets && boundary as f64 * width_s <= e.t {
            for (l, st) in sim.layers.iter().enumerate() {
                sim.day.layers[l].at_boundary[boundary] = st.in_progress;
            }
            boundary += 1;
        }
        sim.handle(e);
    }
    sim.still_held(m.span_s);
    sim.day
}

impl<'a> Sim<'a> {
    fn new(m: &'a Model, seed: u64, boundaries: bool) -> Sim<'a> {
        use rand::SeedableRng;
        let layers = m
            .layers
            .iter()
            .map(|l| LayerState {
                members: l
                    .members
                    .iter()
                    .map(|_| MemberState {
                        window: i64::MIN,
                        ..Default::default()
                    })
                    .collect(),
                wake_s: f64::INFINITY,
                ..Default::default()
            })
            .collect();
        let at_boundary = if boundaries {
            vec![0; m.buckets]
        } else {
            Vec::new()
        };
        Sim {
            m,
            rng: Pcg64Mcg::seed_from_u64(seed),
            cal: calendar(m),
            next: vec![None; m.workloads.len()],
            seq: 0,
            layers,
            used: vec![0.0; m.caps_total],
            pending: Vec::new(),
            spare: Vec::new(),
            calls: Vec::new(),
            spare_calls: Vec::new(),
            lists: Vec::new(),
            day: Day {
                layers: vec![
                    LayerDay {
                        at_boundary,
                        ..Default::default()
                    };
                    m.layers.len()
                ],
                ..Default::default()
            },
        }
    }

    /// Schedules the first replayed call, or each workload's first arrival of the warm-up.
    fn first_arrivals(&mut self) {
        let m = self.m;
        match &m.replay {
            Some(r) if !r.is_empty() => self.push(r[0].t, Ev::Replay(0)),
            Some(_) => {}
            None => {
                for w in 0..m.workloads.len() {
                    if let Some(t) = self.next_arrival(w, -m.warmup_s) {
                        self.push(t, Ev::Arrival(w as u32));
                    }
                }
            }
        }
    }

    /// Carries out one event (inlined: it is the body of the day's loop).
    #[inline(always)]
    fn handle(&mut self, e: Event) {
        let m = self.m;
        match e.ev {
            Ev::Arrival(w) => {
                let w = w as usize;
                if e.t >= 0.0 {
                    self.day.calls += 1;
                }
                self.call(e.t, w);
                if let Some(t) = self.next_arrival(w, e.t) {
                    self.push(t, Ev::Arrival(w as u32));
                }
            }
            Ev::Replay(i) => {
                let r = m.replay.as_ref().expect("replay events come from records");
                let c = r[i as usize];
                let w = c.w as usize;
                for _ in 0..c.copies {
                    self.day.calls += 1;
                    if !self.fast(e.t, w, c.handle_s, true) {
                        let holds = self.list();
                        self.route(e.t, w, c.handle_s, 0, holds, true, false);
                    }
                }
                if let Some(next) = r.get(i as usize + 1) {
                    self.push(next.t, Ev::Replay(i + 1));
                }
            }
            Ev::Retry(w) => self.call(e.t, w as usize),
            Ev::Wake(l) => self.wake(l as usize, e.t),
            Ev::Abandon(p, generation) => {
                let pd = &self.pending[p as usize];
                if pd.alive && pd.generation == generation {
                    let Pending {
                        w,
                        counted: c,
                        pos,
                        holds,
                        since,
                        ..
                    } = self.unpark(p);
                    let l = m.workloads[w].route[pos];
                    if c {
                        self.day.layers[l].abandoned += 1;
                        self.day.layers[l].abandon_wait_sum_s += e.t - since;
                    }
                    self.give_up(e.t, w, holds, c, true);
                }
            }
            Ev::End(slot) => self.end(slot, e.t),
            Ev::EndRoute(w) => self.end_route(w as usize, e.t),
            Ev::Release { layer, member, cap } => {
                self.free(layer as usize, member as usize, cap, e.t);
            }
        }
    }
}
