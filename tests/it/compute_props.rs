//! Properties of the computation that must hold for any arrivals: scaling, the binding layer,
//! peak of the sum against the sum of peaks, and Little's Law.

use std::path::PathBuf;

use capplan::arrivals::{Point, Series};
use capplan::compute::{Report, compute};
use capplan::stack::{Form, Kind, Layer, Limit, Member, Stack, Workload};
use capplan::timefmt::TimeKind;
use capplan::timeline::Timeline;
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
                    calls: f64::from(*c) * scale,
                    aht_s: *aht,
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
                members: vec![Member {
                    name: format!("l{i}"),
                    accounts: 1.0,
                    units: None,
                    limits: vec![
                        limit("capacity", Form::Concurrent { calls: *conc }),
                        limit("calls_per_second", Form::Rate { calls_per_s: *cps }),
                    ],
                }],
                lead_time_s: None,
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
        growth: Default::default(),
        currency: "USD".into(),
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
            prop_assert!(close(2.0 * a.peak_calls, b.peak_calls));
            prop_assert!(close(2.0 * a.avg_calls, b.avg_calls));
            prop_assert!(close(2.0 * a.utilization, b.utilization) || a.peak_calls == 0.0);
            prop_assert!(close(a.ceiling_calls, b.ceiling_calls) || a.peak_calls == 0.0);
        }
    }

    #[test]
    fn the_binding_layer_has_the_highest_utilization(c in case()) {
        let r = report(&c, 1.0);
        let max = r.layers.iter().map(|l| l.utilization).fold(f64::NEG_INFINITY, f64::max);
        let b = r.layers.iter().find(|l| l.name == r.binding_layer).unwrap();
        prop_assert_eq!(b.utilization, max);
        for l in &r.layers {
            // Erlang B sizing: the ceiling it asks for meets the 1% target, one call fewer does not.
            let need = l.ceiling_for_target.unwrap();
            prop_assert!(need == 0.0 || capplan::erlang::erlang_b(l.offered_erlangs, need) <= 0.01);
            prop_assert!((need == 0.0) == (l.offered_erlangs == 0.0));
            if need > 0.0 {
                prop_assert!(capplan::erlang::erlang_b(l.offered_erlangs, need - 1.0) > 0.01);
            }
            prop_assert!(close(l.headroom_calls, l.ceiling_calls - l.peak_calls));
            prop_assert!(close(l.utilization, l.peak_calls / l.ceiling_calls));
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
            prop_assert!(l.peak_calls <= sum * (1.0 + 1e-12));
            prop_assert!(l.peak_calls >= max * (1.0 - 1e-12));
        }
    }

    #[test]
    fn littles_law_holds_at_every_peak(c in case()) {
        let r = report(&c, 1.0);
        for (w, (aht, _, _)) in r.workloads.iter().zip(&c.0) {
            prop_assert!(close(w.peak_avg_calls, w.peak_arrivals_per_min / 60.0 * aht));
        }
        for l in &r.layers {
            // The layer's AHT is the mix's: design concurrency over design arrival rate.
            let rate_ceiling = l.limits.iter().find(|x| x.key == "calls_per_second").unwrap();
            let cps = c.1[l.name[1..].parse::<usize>().unwrap()].1;
            prop_assert!(close(rate_ceiling.ceiling_calls, cps * l.aht_s_at_peak));
        }
    }
}
