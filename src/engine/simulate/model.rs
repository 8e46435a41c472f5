//! What one simulated day needs, prepared once from the stack and the timeline: per workload its
//! arrival rates per step (scaled by the load level), AHTs, handle-time shape, route through the
//! layers and retry behaviour; per layer its members' slots and rate limits.

use crate::engine::timeline::Timeline;
use crate::model::handle_time::HandleTime;
use crate::model::stack::{Form, Kind, Retry, Stack};

#[derive(Debug, Clone)]
pub(crate) struct Cap {
    /// The capacity with a little slack, so units that add up to it exactly still fit.
    pub limit: f64,
    /// Units a call holds while it holds this cap.
    pub per_call: f64,
    /// Share of the call's duration it holds them for (from its start).
    pub hold: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct MemberModel {
    pub caps: Vec<Cap>,
    /// Where its caps' units in use start among all members' (one flat array per day).
    pub first: usize,
    /// Calls allowed per window, and the window in seconds (1 s, or 1/limit below 1 call/s).
    pub per_window: Option<(f64, f64)>,
    pub per_hour: Option<f64>,
}

#[derive(Debug, Clone)]
pub(crate) struct LayerModel {
    pub members: Vec<MemberModel>,
    /// A full calls-per-second window queues the call (API-originated calls on a platform)
    /// rather than refusing it (a SIP trunk answers 503).
    pub rate_queues: bool,
    /// Per workload: whether its calls count against the layer's rate limits.
    pub rated: Vec<bool>,
    pub patience_s: Option<f64>,
}

/// One recorded call as a replay takes it: at `--load 250%` it arrives 2 or 3 times at once,
/// held as a count, not as copies, so memory is the records' whatever the load.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Replayed {
    /// Seconds after the origin.
    pub t: f64,
    pub handle_s: f64,
    pub w: u32,
    pub copies: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct WorkloadModel {
    /// Arrivals per second in each step, times the load level.
    pub rate: Vec<f64>,
    /// Expected arrivals over the whole grid (one day of a profile), for skipping whole days
    /// that a very thin profile passes without a call.
    pub per_cycle: f64,
    pub aht_s: Vec<f64>,
    pub handle_time: HandleTime,
    /// Indices of the layers a call passes, in the stack file's order.
    pub route: Vec<usize>,
    pub retry: Option<Retry>,
    /// The route compiled for a call every layer admits at its first member.
    pub fast: FastRoute,
}

/// A route taken in one pass: the first member of each layer, flattened. Checked first for
/// every new call; a call any of them would not admit goes layer by layer instead.
#[derive(Debug, Clone, Default)]
pub(crate) struct FastRoute {
    /// Every cap: where its units in use are, units per call, and the limit.
    pub caps: Vec<(usize, f64, f64)>,
    /// The caps held for the whole call, freed together when it ends.
    pub whole: Vec<(usize, f64)>,
    /// Part-time holds, in the order the general path schedules their release: layer, cap
    /// (within the member) and hold share.
    pub partial: Vec<(u32, u16, f64)>,
    /// The layers on the route whose first member has a rate limit counting these calls.
    pub rated: Vec<usize>,
    /// False when a layer on the route has no member at all (every call goes the long way).
    pub usable: bool,
}

impl FastRoute {
    fn new(layers: &[LayerModel], route: &[usize], w: usize) -> FastRoute {
        let mut f = FastRoute {
            usable: true,
            ..FastRoute::default()
        };
        for &l in route {
            let Some(mm) = layers[l].members.first() else {
                f.usable = false;
                continue;
            };
            for (k, c) in mm.caps.iter().enumerate() {
                f.caps.push((mm.first + k, c.per_call, c.limit));
                if c.hold >= 1.0 {
                    f.whole.push((mm.first + k, c.per_call));
                } else {
                    f.partial.push((l as u32, k as u16, c.hold));
                }
            }
            if layers[l].rated[w] && (mm.per_window.is_some() || mm.per_hour.is_some()) {
                f.rated.push(l);
            }
        }
        f
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub step_s: f64,
    pub steps: usize,
    pub cyclic: bool,
    /// The simulated span: a profile's day, or a dated series' length.
    pub span_s: f64,
    /// Simulated before time 0 and not counted, so a day starts with calls in progress.
    pub warmup_s: f64,
    pub workloads: Vec<WorkloadModel>,
    pub layers: Vec<LayerModel>,
    /// Real calls instead of generated arrivals, in time order.
    pub replay: Option<Vec<Replayed>>,
    /// Caps over all layers' members: the length of a day's flat array of units in use.
    pub caps_total: usize,
    /// Steps per reporting interval: refusals and calls in progress are counted per interval.
    pub bucket_steps: usize,
    /// Reporting intervals in a run.
    pub buckets: usize,
}

impl Model {
    pub fn new(stack: &Stack, tl: &Timeline, load: f64) -> Model {
        let mut layers: Vec<LayerModel> = stack
            .layers
            .iter()
            .map(|l| LayerModel {
                rate_queues: l.kind == Kind::Platform,
                rated: stack
                    .workloads
                    .iter()
                    .map(|w| {
                        l.rate_directions
                            .as_ref()
                            .is_none_or(|d| d.contains(&w.direction))
                    })
                    .collect(),
                patience_s: l.queue_patience_s,
                members: l
                    .members
                    .iter()
                    .map(|m| {
                        let mut mm = MemberModel {
                            caps: Vec::new(),
                            first: 0,
                            per_window: None,
                            per_hour: None,
                        };
                        for lim in &m.limits {
                            match lim.form {
                                Form::Servers {
                                    units,
                                    per_call,
                                    hold,
                                    ..
                                } => mm.caps.push(Cap {
                                    limit: units * m.accounts + 1e-9,
                                    per_call,
                                    hold,
                                }),
                                Form::Budget { calls } => mm.caps.push(Cap {
                                    limit: calls * m.accounts + 1e-9,
                                    per_call: 1.0,
                                    hold: 1.0,
                                }),
                                Form::PerSecond { calls_per_s } => {
                                    let cps = calls_per_s * m.accounts;
                                    let window = (1.0 / cps).max(1.0);
                                    mm.per_window = Some(((cps * window + 1e-9).floor(), window));
                                }
                                Form::PerHour { calls_per_hour } => {
                                    mm.per_hour = Some(calls_per_hour * m.accounts);
                                }
                            }
                        }
                        mm
                    })
                    .collect(),
            })
            .collect();
        let mut caps_total = 0;
        for mm in layers.iter_mut().flat_map(|l| l.members.iter_mut()) {
            mm.first = caps_total;
            caps_total += mm.caps.len();
        }
        let workloads = stack
            .workloads
            .iter()
            .enumerate()
            .map(|(w, wl)| {
                let route: Vec<usize> = (0..stack.layers.len())
                    .filter(|&l| stack.layers[l].workloads.contains(&w))
                    .collect();
                let rate: Vec<f64> = tl.rate_per_s[w].iter().map(|r| r * load).collect();
                WorkloadModel {
                    per_cycle: rate.iter().sum::<f64>() * tl.step_s(),
                    rate,
                    aht_s: tl.aht_s[w].clone(),
                    handle_time: wl.handle_time.clone(),
                    fast: FastRoute::new(&layers, &route, w),
                    route,
                    retry: wl.retry,
                }
            })
            .collect();
        let span_s = tl.steps as f64 * tl.step_s();
        let longest = tl.mean_aht_s.iter().fold(0.0f64, |a, b| a.max(*b));
        Model {
            step_s: tl.step_s(),
            steps: tl.steps,
            cyclic: tl.cyclic,
            span_s,
            warmup_s: (20.0 * longest).min(if tl.cyclic { span_s } else { f64::INFINITY }),
            workloads,
            layers,
            replay: None,
            caps_total,
            bucket_steps: bucket_steps(tl.steps),
            buckets: tl.steps.div_ceil(bucket_steps(tl.steps)),
        }
    }

    /// Replays real calls: each record is kept `load` times over (the whole part always, the
    /// fraction at random), so 120% duplicates one call in five and 50% keeps one in two.
    pub fn replay(&mut self, records: &[super::Record], load: f64, seed: u64, origin_ms: i64) {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            let copies = load.floor() as u32 + u32::from(rng.random::<f64>() < load.fract());
            if copies > 0 {
                out.push(Replayed {
                    t: (r.start_ms - origin_ms) as f64 / 1000.0,
                    handle_s: r.handle_s,
                    w: r.w as u32,
                    copies,
                });
            }
        }
        self.warmup_s = 0.0;
        self.replay = Some(out);
    }

    /// The reporting interval a time falls in.
    pub fn bucket_of(&self, t: f64) -> usize {
        self.step_of(t) / self.bucket_steps
    }

    /// The step a time falls in: a profile repeats; a dated series runs at its first step's rate
    /// before it begins.
    pub fn step_of(&self, t: f64) -> usize {
        if self.cyclic {
            ((t.rem_euclid(self.span_s) / self.step_s) as usize).min(self.steps - 1)
        } else if t < 0.0 {
            0
        } else {
            ((t / self.step_s) as usize).min(self.steps - 1)
        }
    }
}

/// At most this many reporting intervals a run: a day at 1 s (86,400) is kept whole.
const MAX_BUCKETS: usize = 100_000;

/// Steps per reporting interval: 1, or the first round multiple that brings the intervals of
/// a run under `MAX_BUCKETS`. Each run keeps its refusals per interval, and `--per-interval`
/// writes one figure per interval, so half a year at 1 s (15.6 million steps, 62 MB a run a
/// layer, 529 MB of JSON) is counted in 3-minute intervals instead (86,880 of them).
pub fn bucket_steps(steps: usize) -> usize {
    const ROUND: [usize; 24] = [
        1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 90, 120, 180, 240, 300, 360, 600, 720, 900, 1200,
        1800, 3600,
    ];
    let least = steps.div_ceil(MAX_BUCKETS).max(1);
    ROUND
        .into_iter()
        .find(|&k| k >= least)
        .unwrap_or_else(|| least.div_ceil(3600) * 3600)
}

#[cfg(test)]
mod tests {
    use super::bucket_steps;

    /// Half a year at 1 s is 181 x 86,400 = 15,638,400 steps: at least 157 steps an interval
    /// keep a run under 100,000 intervals, and the first round multiple is 180 (3 minutes,
    /// 86,880 intervals). A day at 1 s (86,400 steps) keeps its own step.
    #[test]
    fn reporting_intervals_stay_under_the_bound() {
        assert_eq!(bucket_steps(86_400), 1);
        assert_eq!(bucket_steps(100_000), 1);
        assert_eq!(bucket_steps(100_001), 2);
        assert_eq!(bucket_steps(181 * 86_400), 180);
        assert_eq!(181 * 86_400_usize.div_ceil(180), 86_880);
        for steps in [1, 99_999, 1_000_000, 16_000_000, 1 << 40] {
            let k = bucket_steps(steps);
            assert!(steps.div_ceil(k) <= 100_000, "{steps} steps, {k} a bucket");
        }
    }
}
