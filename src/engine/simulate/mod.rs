//! `capplan simulate`: the whole stack, call by call. Independent days run in parallel, each
//! seeded from the seed and its own number, so the answer does not depend on the thread count.

mod calendar;
mod engine;
mod model;
mod replay;
mod types;

pub use replay::{Record, read_records, records_of};
pub use types::{LayerSim, LoadLevel, RefusedBy, SimReport};

use rayon::prelude::*;

use crate::engine::timeline::Timeline;
use crate::model::stack::{Form, Layer, Stack};
use engine::Day;
use model::Model;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Options {
    pub loads: Vec<f64>,
    pub days: usize,
    pub seed: u64,
    pub per_interval: bool,
}

/// The stream of one day of one load level: the seed, the level and the day each pass through
/// a mixing function in turn (splitmix64's finaliser, a bijection), so no two (seed, level,
/// day) share a stream in any pattern (XOR-ing them first let seeds 1, 2 and 3 draw the same
/// days in another order).
fn seed_of(seed: u64, level: usize, day: usize) -> u64 {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    mix(mix(mix(seed) ^ level as u64) ^ day as u64)
}

/// Simulates every load level; `tick` is called once per finished day (for a progress bar);
/// `records` replaces the arrivals with real calls.
pub fn simulate(
    stack: &Stack,
    tl: &Timeline,
    opts: &Options,
    records: Option<&[Record]>,
    label: &str,
    replay_label: Option<String>,
    tick: &(dyn Fn() + Sync),
) -> SimReport {
    let days = if records.is_some() { 1 } else { opts.days };
    let levels: Vec<LoadLevel> = opts
        .loads
        .iter()
        .enumerate()
        .map(|(li, &load)| {
            let mut model = Model::new(stack, tl, load);
            if let Some(r) = records {
                model.replay(r, load, seed_of(opts.seed, li, usize::MAX), tl.origin_ms);
            }
            let results: Vec<Day> = (0..days)
                .into_par_iter()
                .map(|d| {
                    let day = engine::day(&model, seed_of(opts.seed, li, d), opts.per_interval);
                    tick();
                    day
                })
                .collect();
            level(stack, tl, load, &results)
        })
        .collect();
    SimReport {
        stack: label.to_string(),
        seed: opts.seed,
        days,
        calendar_days: Runs::of(tl, days).days,
        replay: replay_label,
        interval_s: tl.step_s() * model::bucket_steps(tl.steps) as f64,
        levels,
        // Worded by the command from the levels (`cmd::simulate::headline`).
        headline: String::new(),
    }
}

fn mean(v: impl Iterator<Item = f64>) -> (f64, usize) {
    let (mut s, mut n) = (0.0, 0);
    for x in v {
        s += x;
        n += 1;
    }
    (if n > 0 { s / n as f64 } else { 0.0 }, n)
}

/// The q-quantile of a sample (nearest rank).
fn quantile(mut v: Vec<f64>, q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn level(stack: &Stack, tl: &Timeline, load: f64, days: &[Day]) -> LoadLevel {
    let runs = Runs::of(tl, days.len());
    let layers = stack
        .layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let ds: Vec<&engine::LayerDay> = days.iter().map(|d| &d.layers[l]).collect();
            layer_sim(layer, &ds, tl, &runs)
        })
        .collect();
    LoadLevel {
        load,
        calls_per_day: days.iter().map(|d| d.calls as f64).sum::<f64>() / runs.days,
        lost_per_day: days.iter().map(|d| d.lost as f64).sum::<f64>() / runs.days,
        abandoned_lost_per_day: days.iter().map(|d| d.lost_abandoned as f64).sum::<f64>()
            / runs.days,
        layers,
    }
}

/// How runs count as days. A run covers a profile's day, or a whole dated series: figures per
/// day divide by the calendar days a run spans, and a day with a refusal is a calendar day of
/// a run.
struct Runs {
    runs: f64,
    /// Calendar days simulated over all runs.
    days: f64,
    /// Calendar days in one run (1 for a profile).
    day_slots: usize,
    step_s: f64,
    cyclic: bool,
    /// Steps per reporting interval.
    bucket_steps: usize,
}

impl Runs {
    fn of(tl: &Timeline, runs: usize) -> Runs {
        let span_days = tl.steps as f64 * tl.step_s() / 86_400.0;
        let per_run = if tl.cyclic { 1.0 } else { span_days.max(1.0) };
        Runs {
            runs: runs as f64,
            days: runs as f64 * per_run,
            day_slots: if tl.cyclic {
                1
            } else {
                span_days.ceil().max(1.0) as usize
            },
            step_s: tl.step_s(),
            cyclic: tl.cyclic,
            bucket_steps: model::bucket_steps(tl.steps),
        }
    }

    /// The calendar day of a run a step falls in.
    fn day_of(&self, step: usize) -> usize {
        if self.cyclic {
            0
        } else {
            ((step as f64 * self.step_s / 86_400.0) as usize).min(self.day_slots - 1)
        }
    }
}

/// One layer's figures over the runs.
fn layer_sim(layer: &Layer, ds: &[&engine::LayerDay], tl: &Timeline, r: &Runs) -> LayerSim {
    let sum = |f: &dyn Fn(&engine::LayerDay) -> f64| ds.iter().map(|d| f(d)).sum::<f64>();
    let (share, ci) = refused_share(ds);
    let peaks: Vec<f64> = ds.iter().map(|d| f64::from(d.peak_in_progress)).collect();
    let offered = sum(&|d| d.offered as f64);
    let answered = offered - sum(&|d| (d.refused + d.abandoned) as f64);
    let n = r.days;
    LayerSim {
        name: layer.name.clone(),
        kind: layer.kind.name().to_string(),
        refused_experience: layer.kind.refused_as(budget_only(layer)).to_string(),
        offered_per_day: offered / n,
        refused_per_day: sum(&|d| d.refused as f64) / n,
        refused_share: share,
        refused_share_ci95: ci,
        days_with_refusal: ds
            .iter()
            .map(|d| {
                let mut hit = vec![false; r.day_slots];
                for (b, c) in d.refusals_by_bucket.iter().enumerate() {
                    hit[r.day_of(b * r.bucket_steps)] |= *c > 0;
                }
                hit.iter().filter(|h| **h).count()
            })
            .sum::<usize>() as f64
            / (r.runs * r.day_slots as f64),
        busiest_refusal_interval: busiest_refusal(ds, tl),
        peak_in_progress_median: quantile(peaks.clone(), 0.5),
        peak_in_progress_p95: quantile(peaks, 0.95),
        delayed_per_day: sum(&|d| d.delayed as f64) / n,
        mean_delay_s: ratio(sum(&|d| d.delay_sum_s), sum(&|d| d.delayed as f64)),
        max_delay_s: ds.iter().fold(0.0, |a, d| a.max(d.delay_max_s)),
        waited_share: ratio(sum(&|d| d.waited as f64), offered),
        asa_s: ratio(
            sum(&|d| d.wait_sum_s + d.abandon_wait_sum_s),
            answered + sum(&|d| d.abandoned as f64),
        ),
        asa_answered_s: ratio(sum(&|d| d.wait_sum_s), answered),
        waiting_at_end: sum(&|d| d.waiting_at_end as f64) / r.runs,
        refused_by: RefusedBy {
            concurrent_calls_per_day: sum(&|d| d.refused_by[0] as f64) / n,
            calls_per_second_per_day: sum(&|d| d.refused_by[1] as f64) / n,
            calls_per_hour_per_day: sum(&|d| d.refused_by[2] as f64) / n,
        },
        abandoned_share: ratio(sum(&|d| d.abandoned as f64), offered),
        mean_in_progress: (!ds[0].at_boundary.is_empty()).then(|| {
            (0..ds[0].at_boundary.len())
                .map(|s| ds.iter().map(|d| f64::from(d.at_boundary[s])).sum::<f64>() / r.runs)
                .collect()
        }),
    }
}

/// The mean over runs of the share of attempts refused, with a 95% interval (two runs or more).
fn refused_share(ds: &[&engine::LayerDay]) -> (f64, Option<[f64; 2]>) {
    let shares: Vec<f64> = ds
        .iter()
        .map(|d| ratio(d.refused as f64, d.offered as f64))
        .collect();
    let (share, k) = mean(shares.iter().copied());
    let ci = (k > 1).then(|| {
        let var = shares.iter().map(|s| (s - share).powi(2)).sum::<f64>() / (k - 1) as f64;
        let half = 1.96 * (var / k as f64).sqrt();
        [(share - half).max(0.0), (share + half).min(1.0)]
    });
    (share, ci)
}

/// The reporting interval with the most refusals over every run (the first of equals), if any.
fn busiest_refusal(ds: &[&engine::LayerDay], tl: &Timeline) -> Option<String> {
    let k = model::bucket_steps(tl.steps);
    let mut by_step = vec![0u64; tl.steps.div_ceil(k)];
    for d in ds {
        for (s, c) in d.refusals_by_bucket.iter().enumerate() {
            by_step[s] += u64::from(*c);
        }
    }
    (0..by_step.len())
        .fold(None, |b: Option<usize>, s| match b {
            Some(b) if by_step[b] >= by_step[s] => Some(b),
            _ if by_step[s] > 0 => Some(s),
            b => b,
        })
        .map(|s| tl.format_point(s * k))
}

/// A layer with only budgets (tokens per minute) and no slots: a full one throttles.
fn budget_only(layer: &Layer) -> bool {
    layer.members.iter().all(|m| {
        m.limits
            .iter()
            .all(|x| !matches!(x.form, Form::Servers { .. }))
    }) && layer.members.iter().any(|m| {
        m.limits
            .iter()
            .any(|x| matches!(x.form, Form::Budget { .. }))
    })
}
