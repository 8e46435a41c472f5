//! Properties of the computation that must hold for any arrivals: scaling, the binding layer,
//! peak of the sum against the sum of peaks, rate limits at their own peak, Little's Law in the
//! steady state, calls in progress never above the calls that exist, and offset grids adding up.

use std::path::PathBuf;

use capplan::engine::headroom::{Report, compute};
use capplan::engine::timeline::Timeline;
use capplan::io::arrivals::{Point, Series};
use capplan::model::handle_time::HandleTime;
use capplan::model::stack::{Direction, Form, Kind, Layer, Limit, Member, Stack, Workload};
use capplan::values::timefmt::TimeKind;
use proptest::prelude::*;

/// Per workload: (AHT s, multiplier, calls per interval); per layer: (concurrency, cps, mask).
type Case = (Vec<(f64, f64, Vec<u32>)>, Vec<(f64, f64, u8)>);

fn case() -> impl Strategy<Value = Case> {
    let workload = (
        10.0..3600.0f64,
        1.0..4.0f64,
        prop::collection::vec(0u32..500, 24),
    );
    let layer = (1.0..5000.0f64, 0.1..50.0f64, 1u8..8);
    (
        prop::collection::vec(workload, 1..4),
        prop::collection::vec(layer, 1..6),
    )
}

fn build(c: &Case, scale: f64) -> (Stack, Vec<Series>) {
    let (wls, layers) = c;
    let workloads = wls
        .iter()
        .enumerate()
        .map(|(i, (aht, m, _))| Workload {
            name: format!("w{i}"),
            arrivals: PathBuf::from(format!("w{i}.csv")),
            aht_s: Some(*aht),
            peak_multiplier: *m,
            interval_s: None,
            direction: Direction::Inbound,
            handle_time: HandleTime::Exponential,
            retry: None,
            line: 1,
        })
        .collect();
    let series = wls
        .iter()
        .map(|(aht, _, calls)| Series {
            kind: TimeKind::Profile,
            interval_ms: 900_000,
            points: calls
                .iter()
                .enumerate()
                .map(|(t, c)| Point {
                    key: t as i64 * 900_000,
                    civil: t as i64 * 900_000,
                    calls: f64::from(*c) * scale,
                    aht_s: *aht,
                    expected_calls: None,
                    line: t as u64 + 2,
                })
                .collect(),
        })
        .collect();
    let n = wls.len();
    let layers = layers
        .iter()
        .enumerate()
        .map(|(i, (conc, cps, mask))| {
            let mut used: Vec<usize> = (0..n).filter(|w| mask & (1 << w) != 0).collect();
            if used.is_empty() {
                used.push(0);
            }
            let limit = |key, form| Limit {
                key,
                formula: String::new(),
                form,
                per_unit: false,
            };
            Layer {
                name: format!("l{i}"),
                kind: Kind::Generic,
                workloads: used,
                warn_at: 0.75,
                rate_directions: None,
                queue_patience_s: None,
                members: vec![Member {
                    name: format!("l{i}"),
                    accounts: 1.0,
                    units: None,
                    limits: vec![
                        limit(
                            "capacity",
                            Form::Servers {
                                units: *conc,
                                per_call: 1.0,
                                hold: 1.0,
                                unit: "units",
                            },
                        ),
                        limit("calls_per_second", Form::PerSecond { calls_per_s: *cps }),
                    ],
                }],
                lead_time: None,
                changes: Vec::new(),
                price: None,
                line: 1,
            }
        })
        .collect();
    let stack = Stack {
        path: PathBuf::from("s.toml"),
        peak_multiplier: 2.5,
        warn_at: 0.75,
        blocking_target: Some(0.01),
        peakedness: 1.0,
        growth: Default::default(),
        currency: "USD".into(),
        timezone: None,
        timezone_name: None,
        quantile: None,
        workloads,
        layers,
    };
    (stack, series)
}

fn report(c: &Case, scale: f64) -> Report {
    let (stack, series) = build(c, scale);
    let tl = Timeline::build(&stack, &series).unwrap();
    compute(&stack, &tl, "s.toml")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #[test]
    fn doubling_arrivals_doubles_every_demand_figure(c in case()) {
        let (one, two) = (report(&c, 1.0), report(&c, 2.0));
        for (a, b) in one.layers.iter().zip(&two.layers) {
            prop_assert!(close(2.0 * a.design_peak_calls, b.design_peak_calls));
            prop_assert!(close(2.0 * a.avg_calls, b.avg_calls));
            prop_assert!(close(2.0 * a.utilization, b.utilization) || a.design_peak_calls == 0.0);
            // A limit that counts none of the traffic stays unlimited at any scale.
            let same = match (a.ceiling_calls, b.ceiling_calls) {
                (Some(x), Some(y)) => close(x, y) || a.design_peak_calls == 0.0,
                (x, y) => x == y,
            };
            prop_assert!(same);
        }
    }

    #[test]
    fn the_binding_layer_has_the_highest_utilization(c in case()) {
        let r = report(&c, 1.0);
        // Among the layers with a ceiling; none binds when every layer is unlimited.
        let limited = r.layers.iter().filter(|l| l.ceiling_calls.is_some());
        let max = limited.clone().map(|l| l.utilization).fold(f64::NEG_INFINITY, f64::max);
        prop_assert_eq!(r.binding().map(|b| b.utilization), (max.is_finite()).then_some(max));
        for l in &r.layers {
            // Erlang B sizing: the ceiling it asks for meets the 1% target, one call fewer does not.
            let need = l.ceiling_for_target.unwrap();
            let offered = l.offered_erlangs.unwrap();
            prop_assert!(need == 0.0 || capplan::engine::erlang::erlang_b(offered, need) <= 0.01);
            prop_assert!((need == 0.0) == (offered == 0.0));
            if need > 0.0 {
                prop_assert!(capplan::engine::erlang::erlang_b(offered, need - 1.0) > 0.01);
            }
            match l.ceiling_calls {
                Some(c) => {
                    prop_assert!(close(l.headroom_calls.unwrap(), c - l.design_peak_calls));
                    prop_assert!(close(l.utilization, l.design_peak_calls / c));
                }
                None => {
                    prop_assert_eq!(l.headroom_calls, None);
                    prop_assert_eq!(l.utilization, 0.0);
                }
            }
        }
    }

    #[test]
    fn peak_of_the_sum_never_exceeds_the_sum_of_peaks(c in case()) {
        let (stack, _) = build(&c, 1.0);
        let r = report(&c, 1.0);
        for (layer, l) in stack.layers.iter().zip(&r.layers) {
            let peaks: Vec<f64> = layer.workloads.iter()
                .map(|&w| r.workloads[w].peak_avg_calls * r.workloads[w].peak_multiplier)
                .collect();
            let sum: f64 = peaks.iter().sum();
            let max = peaks.iter().copied().fold(0.0, f64::max);
            prop_assert!(l.design_peak_calls <= sum * (1.0 + 1e-12));
            prop_assert!(l.design_peak_calls >= max * (1.0 - 1e-12));
        }
    }

    #[test]
    fn rate_limits_are_judged_at_the_peak_arrival_rate(c in case()) {
        let r = report(&c, 1.0);
        for l in &r.layers {
            let x = l.limits.iter().find(|x| x.key == "calls_per_second").unwrap();
            let cps = c.1[l.name[1..].parse::<usize>().unwrap()].1;
            // The design rate is the busiest step's: no step of the profile arrives faster.
            let busiest: f64 = (0..24)
                .map(|t| {
                    c.0.iter()
                        .enumerate()
                        .filter(|(w, _)| l.workloads.contains(&format!("w{w}")))
                        .map(|(_, (_, m, calls))| m * f64::from(calls[t]) / 900.0)
                        .sum::<f64>()
                })
                .fold(0.0, f64::max);
            prop_assert!(close(x.demand, busiest));
            prop_assert!(close(x.own_utilization, busiest / cps));
            if l.design_peak_calls > 0.0 && busiest > 0.0 {
                // Its ceiling in calls is the layer's peak grown until the rate reaches the limit.
                prop_assert!(close(x.ceiling_calls.unwrap(), l.design_peak_calls * cps / busiest));
            }
        }
    }
}

fn shapes() -> impl Strategy<Value = HandleTime> {
    prop_oneof![
        Just(HandleTime::Exponential),
        Just(HandleTime::Fixed),
        (0.2..1.5f64).prop_map(|cv| HandleTime::Lognormal { cv }),
        prop::collection::vec(1.0..600.0f64, 2..12).prop_map(|mut q| {
            q.sort_by(f64::total_cmp);
            HandleTime::from_quantiles(&q, None).unwrap()
        }),
    ]
}

/// One workload `w{i}` per series, all with the same AHT and multiplier, on one layer.
fn stack_of(n: usize, aht_s: f64, ht: &HandleTime) -> Stack {
    let (mut stack, _) = build(
        &(vec![(aht_s, 2.0, vec![0; 24]); n], vec![(1e6, 1e6, 255)]),
        1.0,
    );
    for w in &mut stack.workloads {
        w.handle_time = ht.clone();
    }
    stack
}

fn series(interval_ms: i64, start_ms: i64, calls: &[f64], aht_s: f64) -> Series {
    Series {
        kind: TimeKind::Local,
        interval_ms,
        points: calls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let key = start_ms + i as i64 * interval_ms;
                Point {
                    key,
                    civil: key,
                    calls: *c,
                    aht_s,
                    expected_calls: None,
                    line: i as u64 + 2,
                }
            })
            .collect(),
    }
}

proptest! {
    #[test]
    fn steady_arrivals_give_rate_times_aht(
        per_step in 0.1..500.0f64,
        aht in 1.0..7200.0f64,
        steps in 2usize..200,
        step_s in prop::sample::select(vec![60.0, 300.0, 900.0, 3600.0]),
        ht in shapes(),
        cyclic in any::<bool>(),
    ) {
        // A day profile must fill its day; a dated series may be any length.
        let steps = if cyclic { (86_400.0 / step_s) as usize } else { steps };
        let rate = vec![per_step / step_s; steps];
        let m = capplan::engine::timeline::in_progress(&rate, &vec![aht; steps], &ht, step_s, cyclic).unwrap();
        // The last boundary of a dated series is after its last arrivals: calls are leaving.
        let busy = if cyclic { m.len() } else { m.len() - 1 };
        for v in &m[..busy] {
            prop_assert!(close(*v, per_step / step_s * aht), "{v} vs {}", per_step / step_s * aht);
        }
    }

    #[test]
    fn calls_in_progress_never_exceed_the_calls_that_exist(
        calls in prop::collection::vec(0.0..300.0f64, 1..60),
        aht in 1.0..20_000.0f64,
        ht in shapes(),
    ) {
        // A dated series whose first step is quiet has no calls from before it began.
        let mut calls = calls;
        calls.insert(0, 0.0);
        let step_s = 900.0;
        let rate: Vec<f64> = calls.iter().map(|c| c / step_s).collect();
        let m = capplan::engine::timeline::in_progress(&rate, &vec![aht; rate.len()], &ht, step_s, false).unwrap();
        let mut arrived = 0.0;
        for (j, v) in m.iter().enumerate() {
            prop_assert!(*v >= -1e-9);
            prop_assert!(*v <= arrived * (1.0 + 1e-12) + 1e-9, "{v} > {arrived} at {j}");
            arrived += calls.get(j).copied().unwrap_or(0.0);
        }
    }

    #[test]
    fn workloads_on_offset_grids_add_like_one_workload(
        a in prop::collection::vec(0.0..300.0f64, 1..12),
        b in prop::collection::vec(0.0..300.0f64, 1..12),
        offset_steps in 1i64..3,
        aht in 10.0..3600.0f64,
        ht in shapes(),
    ) {
        // a every 15 min from 09:00, b every 15 min from 09:00 + 5 or 10 min: on a 5-minute grid
        // each row is three steps of a third of its calls; one workload with those summed rows
        // must give the same layer peak.
        let (q, fifth) = (900_000i64, 300_000i64);
        let base = 1_800_000_000_000i64;
        let two = [series(q, base, &a, aht), series(q, base + offset_steps * fifth, &b, aht)];
        let steps = 3 * a.len().max(b.len() + 1);
        let mut joined = vec![0.0; steps];
        for (i, c) in a.iter().enumerate() {
            for s in 0..3 { joined[3 * i + s] += c / 3.0; }
        }
        for (i, c) in b.iter().enumerate() {
            for s in 0..3 { joined[3 * i + s + offset_steps as usize] += c / 3.0; }
        }
        let one = [series(fifth, base, &joined, aht)];
        let peak = |stack: &Stack, s: &[Series]| {
            let tl = Timeline::build(stack, s).unwrap();
            compute(stack, &tl, "s.toml").layers[0].design_peak_calls
        };
        let (p2, p1) = (peak(&stack_of(2, aht, &ht), &two), peak(&stack_of(1, aht, &ht), &one));
        prop_assert!(close(p2, p1), "{p2} vs {p1}");
    }
}
