//! `capplan forecast`: on histories with a known daily x weekly shape, trend and Poisson noise,
//! the backtest beats seasonal naive and its 80% band covers 70-90%; the forecast feeds
//! `compute --quantile 90`; bad histories get exit 2.

use capplan::engine::forecast::Backtest;
use rand::SeedableRng;
use rand_distr::{Distribution, Poisson};

use crate::util::Fixture;

/// 15-minute counts for `weeks` weeks from Monday 2026-01-05: a daily curve peaking at 11:00,
/// weekends at 40%, +1% a week, Poisson noise; two workloads.
fn history(weeks: usize) -> String {
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(11);
    let mut out = String::from("time,workload,calls,aht_s\n");
    let start = 20_458; // days from 1970-01-01 to 2026-01-05
    for q in 0..weeks * 7 * 96 {
        let day = q / 96;
        let (y, m, d) = capplan::values::timefmt::civil_from_days(start + day as i64);
        let h = (q % 96) as f64 / 4.0;
        for (name, peak, size) in [("inbound", 11.0, 30.0), ("outbound", 14.0, 10.0)] {
            let mut mean = 0.05 * size + size * (-((h - peak) / 3.0f64).powi(2)).exp();
            mean *= if day % 7 >= 5 { 0.4 } else { 1.0 };
            mean *= 1.0 + 0.01 * day as f64 / 7.0;
            let n: f64 = Poisson::new(mean).unwrap().sample(&mut rng);
            out.push_str(&format!(
                "{y:04}-{m:02}-{d:02} {:02}:{:02},{name},{n},180\n",
                q % 96 / 4,
                q % 4 * 15
            ));
        }
    }
    out
}

#[test]
fn the_backtest_beats_seasonal_naive_and_its_band_covers_what_it_says() {
    let f = Fixture::new();
    f.file("h.csv", &history(12));
    let out = f
        .run(&["forecast", "h.csv", "--backtest", "4w", "-f", "json"])
        .ok();
    let results: Vec<Backtest> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(results.len(), 2);
    for b in &results {
        assert_eq!(b.holdout_intervals, 4 * 7 * 96);
        assert!(b.model.mase < b.seasonal_naive.mase, "{b:?}");
        assert!((0.70..=0.90).contains(&b.coverage_80), "{b:?}");
    }
}

#[test]
fn a_forecast_is_arrivals_compute_plans_on_at_a_quantile() {
    let f = Fixture::new();
    f.file("h.csv", &history(6));
    f.run(&[
        "forecast",
        "h.csv",
        "--horizon",
        "2w",
        "--quantile",
        "50,80,90",
        "-o",
        "fc.csv",
    ])
    .ok();
    let text = f.read("fc.csv");
    assert!(text.starts_with("time,workload,calls,calls_p50,calls_p80,calls_p90,aht_s\n"));
    assert_eq!(text.lines().count(), 1 + 2 * 2 * 7 * 96);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let v: Vec<f64> = (2..6).map(|i| rec[i].parse().unwrap()).collect();
        assert!(v.iter().all(|x| *x >= 0.0), "never negative: {rec:?}");
        assert!(v[1] <= v[2] && v[2] <= v[3], "quantiles in order: {rec:?}");
    }
    // The same input gives the same forecast.
    f.run(&[
        "forecast",
        "h.csv",
        "--horizon",
        "2w",
        "--quantile",
        "50,80,90",
        "-o",
        "fc2.csv",
    ])
    .ok();
    assert_eq!(f.read("fc2.csv"), text);
    f.file(
        "stack.toml",
        "[[workload]]\nname = \"inbound\"\narrivals = \"fc.csv\"\n[[workload]]\nname = \"outbound\"\narrivals = \"fc.csv\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 200\n",
    );
    let peak = |args: &[&str]| {
        let mut all = vec!["compute", "stack.toml", "-f", "json"];
        all.extend_from_slice(args);
        let r: capplan::engine::headroom::Report =
            serde_json::from_str(&f.run(&all).ok().stdout).unwrap();
        r.layers[0].design_peak_calls
    };
    let (mean, p90) = (peak(&[]), peak(&["--quantile", "90"]));
    assert!(p90 > mean, "{p90} > {mean}");
    f.run(&["compute", "stack.toml", "--quantile", "95"])
        .fails_with(&["fc.csv", "no `calls_p95` column"]);
    // The README's way: a stack whose inbound reads other arrivals, given the forecast of both
    // workloads with --arrivals inbound=...: inbound takes its rows, outbound's are left (it
    // reads its own file). A name that is no workload of the stack is still an error.
    f.file(
        "out.csv",
        "time,calls,calls_p90,aht_s\n2026-02-16 09:00,5,7,180\n2026-02-16 09:15,5,7,180\n",
    )
        .file(
            "stack.toml",
            "[[workload]]\nname = \"inbound\"\narrivals = \"missing.csv\"\n[[workload]]\nname = \"outbound\"\narrivals = \"out.csv\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 200\n",
        );
    let args = [
        "compute",
        "stack.toml",
        "--arrivals",
        "inbound=fc.csv",
        "--quantile",
        "90",
    ];
    let r: capplan::engine::headroom::Report =
        serde_json::from_str(&f.run(&[&args[..], &["-f", "json"]].concat()).ok().stdout).unwrap();
    let inbound_p90: f64 = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "inbound")
        .map(|r| r[5].parse::<f64>().unwrap())
        .sum();
    assert!(
        (r.workloads[0].total_calls - inbound_p90).abs() < 1e-6,
        "{r:?}"
    );
    f.file("odd.csv", &text.replacen(",outbound,", ",outbond,", 1));
    f.run(&["compute", "stack.toml", "--arrivals", "inbound=odd.csv"])
        .fails_with(&[
            "odd.csv:",
            "`outbond` is not a workload of the stack",
            "did you mean `outbound`?",
        ]);
}

#[test]
fn the_summary_names_weeks_and_the_busiest_interval() {
    let f = Fixture::new();
    f.file("h.csv", &history(3));
    let out = f
        .run(&["forecast", "h.csv", "--horizon", "2w", "-f", "json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let w = &v["workloads"][0];
    assert_eq!(w["workload"], "inbound");
    assert_eq!(w["calls_per_week"].as_array().unwrap().len(), 2);
    assert!(
        w["busiest_at"].as_str().unwrap().ends_with(":00")
            || w["busiest_at"].as_str().unwrap().contains(':')
    );
    assert!(w["busiest_top_quantile"].as_f64().unwrap() >= w["busiest_calls"].as_f64().unwrap());
}

#[test]
fn histories_it_cannot_use_get_exit_two() {
    let f = Fixture::new();
    for (text, msg) in [
        ("time,calls\n09:00,5\n09:15,6\n", "has no date"),
        (
            "time,calls\n2026-01-05 09:00,5\n2026-01-05 09:15,6\n2026-01-05 09:30,7\n",
            "at least two weeks",
        ),
        (
            "time,calls\n2026-01-05 09:00,5\n2026-01-05 09:15,6\n2026-01-05 10:00,7\n",
            "gap",
        ),
        (
            "time,calls\n2026-01-05 09:00,-5\n2026-01-05 09:15,6\n",
            "between 0 and 1e9",
        ),
    ] {
        f.file("h.csv", text);
        f.run(&["forecast", "h.csv"]).fails_with(&["h.csv", msg]);
    }
}
