//! `capplan erlang ...` end to end: JSON parsed back, units named, worked examples, bad input.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::util::{Fixture, repo, run_in};

/// The documented shape of `capplan erlang ... --format json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    model: String,
    inputs: BTreeMap<String, Option<f64>>,
    results: BTreeMap<String, Option<f64>>,
    units: BTreeMap<String, String>,
    notes: Vec<String>,
}

fn answer(args: &[&str]) -> Answer {
    let mut all = vec!["erlang"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let out = run_in(repo(), &all).ok();
    let a: Answer = serde_json::from_str(&out.stdout).expect("JSON parses back");
    for name in a.inputs.keys().chain(a.results.keys()) {
        assert!(a.units.contains_key(name), "{name} has no unit");
    }
    a
}

fn result(a: &Answer, name: &str) -> f64 {
    a.results[name].unwrap_or_else(|| panic!("{name} is null"))
}

#[test]
fn call_centre_helper_example_from_calls_per_interval() {
    // 100 calls per 30 minutes at 180 s AHT, 80% in 20 s: 14 agents, 20 with 30% shrinkage.
    let a = answer(&[
        "agents",
        "--calls",
        "100",
        "--per",
        "30m",
        "--aht",
        "180s",
        "--service-level",
        "80%",
        "--target",
        "20s",
        "--shrinkage",
        "30%",
    ]);
    assert_eq!(a.model, "Erlang C: agents for a service level");
    assert_eq!(a.inputs["traffic_erlangs"], Some(10.0));
    assert_eq!(result(&a, "agents"), 14.0);
    assert_eq!(result(&a, "agents_after_shrinkage"), 20.0);
    assert_eq!(a.units["asa_s"], "s");
}

#[test]
fn erlang_b_answers_and_boundaries() {
    let b = answer(&["b", "--traffic", "4.4612", "--lines", "10"]);
    assert!((result(&b, "blocking") - 0.01).abs() < 1e-5);
    let l = answer(&["lines", "--traffic", "4.4611", "--blocking", "1%"]);
    assert_eq!(result(&l, "lines"), 10.0);
    assert!(result(&l, "blocking_at_one_line_fewer") > 0.01);
    let t = answer(&[
        "traffic",
        "--lines",
        "10",
        "--blocking",
        "0.01",
        "--aht",
        "3m",
    ]);
    assert!((result(&t, "traffic_erlangs") - 4.4612).abs() < 1e-4);
    assert!((result(&t, "offered_calls_per_hour") - 4.4612 * 20.0).abs() < 1e-2);
    let frac = answer(&["b", "--traffic", "3", "--lines", "2.5"]);
    assert!((result(&frac, "blocking") - 0.432_664_591_094_246_5).abs() < 1e-12); // mpmath, 40 digits
}

#[test]
fn an_unstable_queue_is_reported_not_hidden() {
    let c = answer(&[
        "c",
        "--traffic",
        "10",
        "--agents",
        "9",
        "--aht",
        "3m",
        "--target",
        "20s",
    ]);
    assert_eq!(result(&c, "p_wait"), 1.0);
    assert_eq!(result(&c, "service_level"), 0.0);
    assert_eq!(c.results["asa_s"], None, "an infinite wait is null in JSON");
    assert!(c.notes[0].starts_with("Unstable"));
    let table = run_in(
        repo(),
        &[
            "erlang",
            "c",
            "--traffic",
            "10",
            "--agents",
            "9",
            "--aht",
            "3m",
            "--target",
            "20s",
        ],
    )
    .ok();
    assert!(table.stdout.contains("infinite"));
}

#[test]
fn retries_finite_sources_and_abandonment() {
    let e = answer(&[
        "extended-b",
        "--traffic",
        "10",
        "--lines",
        "12",
        "--recall",
        "60%",
    ]);
    assert!(result(&e, "blocking") > 0.1197391884);
    let g = answer(&[
        "engset",
        "--sources",
        "20",
        "--lines",
        "5",
        "--per-idle-source",
        "0.1",
    ]);
    assert!((result(&g, "call_congestion") - 0.019115945078646956).abs() < 1e-12);
    let a = answer(&[
        "a",
        "--traffic",
        "20",
        "--agents",
        "12",
        "--aht",
        "3m",
        "--patience",
        "2m",
        "--target",
        "20s",
    ]);
    assert!(result(&a, "p_abandon") > 0.3);
}

#[test]
fn bad_erlang_input_exits_two() {
    let f = Fixture::new();
    for args in [
        vec!["erlang", "b", "--lines", "3"],
        vec!["erlang", "b", "--traffic", "-1", "--lines", "3"],
        vec!["erlang", "b", "--traffic", "NaN", "--lines", "3"],
        vec!["erlang", "b", "--traffic", "1e9", "--lines", "3"],
        vec!["erlang", "lines", "--traffic", "5", "--blocking", "0%"],
        vec![
            "erlang",
            "lines",
            "--calls",
            "100",
            "--per",
            "30m",
            "--blocking",
            "1%",
        ],
        vec![
            "erlang",
            "extended-b",
            "--traffic",
            "5",
            "--lines",
            "5",
            "--recall",
            "100%",
        ],
        vec![
            "erlang",
            "c",
            "--traffic",
            "5",
            "--agents",
            "6",
            "--aht",
            "180",
            "--target",
            "20s",
        ],
        vec![
            "erlang",
            "a",
            "--traffic",
            "5",
            "--agents",
            "6.5",
            "--aht",
            "3m",
            "--patience",
            "1m",
            "--target",
            "20s",
        ],
        vec![
            "erlang",
            "engset",
            "--sources",
            "5",
            "--lines",
            "2",
            "--traffic",
            "6",
        ],
    ] {
        let r = f.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn csv_rows_carry_the_json_figures_and_notes_go_to_stderr() {
    // Erlang C at 12 erlangs on 10 agents is unstable: the ASA is infinite (JSON null, an empty
    // CSV cell) and the note saying so must still reach the reader, on stderr.
    let args = [
        "c",
        "--traffic",
        "12",
        "--agents",
        "10",
        "--aht",
        "3m",
        "--target",
        "20s",
    ];
    let json = answer(&args);
    let f = Fixture::new();
    let mut all = vec!["erlang"];
    all.extend_from_slice(&args);
    all.extend(["--format", "csv", "-o", "c.csv"]);
    let run = f.run(&all).ok();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("note: Unstable"), "{}", run.stderr);
    let text = f.read("c.csv");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["model", "side", "quantity", "value", "unit"]);
    let mut seen = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let (side, name, value, unit) = (&row[1], &row[2], &row[3], &row[4]);
        let map = if side == "in" {
            &json.inputs
        } else {
            &json.results
        };
        assert_eq!(row[0], json.model);
        assert_eq!(unit, json.units[name]);
        match map[name] {
            Some(v) => {
                let got: f64 = value.parse().unwrap();
                assert!(
                    (got - v).abs() <= 1e-11 * v.abs().max(1.0),
                    "{name}: {got} vs {v}"
                );
            }
            None => assert_eq!(value, "", "{name}"),
        }
        seen += 1;
    }
    assert_eq!(seen, json.inputs.len() + json.results.len());
    assert_eq!(json.results["asa_s"], None);
}

#[test]
fn erlang_a_matches_an_independent_birth_death_computation() {
    // Reference values computed apart from capplan: the M/M/N+M chain (arrivals A / AHT,
    // service min(n, N) / AHT, abandonment max(n - N, 0) / patience) truncated at N + 800
    // waiting, its stationary law by the product formula; P(wait) = P(n >= N) (PASTA), queue =
    // E[n - N]+, abandonment = queue / patience / rate, ASA over every caller = queue / rate
    // (Little), occupancy = E[busy] / N; the service level (answered within the target, over
    // all callers) from a tagged caller k places from the front moving up at N / AHT + k /
    // patience and leaving at 1 / patience, solved by uniformization. Cases include overload
    // (A above N), where Erlang C has no answer.
    let cases: [(f64, f64, f64, f64, f64, [f64; 6]); 5] = [
        (
            10.0,
            12.0,
            180.0,
            120.0,
            20.0,
            [
                2.798070186454e-01,
                6.159737700368e-02,
                8.255826443618e-01,
                7.391685240442e+00,
                4.106491800245e-01,
                7.820021858303e-01,
            ],
        ),
        (
            50.0,
            45.0,
            300.0,
            60.0,
            30.0,
            [
                5.250736680146e-01,
                1.411232700923e-01,
                7.961967992115e-01,
                8.467396205538e+00,
                1.411232700923e+00,
                9.543074776752e-01,
            ],
        ),
        (
            100.0,
            110.0,
            240.0,
            600.0,
            15.0,
            [
                1.970929801055e-01,
                5.231312259886e-03,
                9.150822578137e-01,
                3.138787355931e+00,
                1.307828064971e+00,
                9.043351706728e-01,
            ],
        ),
        (
            5.0,
            3.0,
            60.0,
            30.0,
            10.0,
            [
                7.925776039030e-01,
                4.571813091943e-01,
                3.194120277335e-01,
                1.371543927583e+01,
                1.142953272986e+00,
                9.046978180095e-01,
            ],
        ),
        (
            200.0,
            190.0,
            180.0,
            90.0,
            20.0,
            [
                6.557537400869e-01,
                6.461779615577e-02,
                8.952112610640e-01,
                5.815601654019e+00,
                6.461779615577e+00,
                9.846128461518e-01,
            ],
        ),
    ];
    let names = [
        "p_wait",
        "p_abandon",
        "service_level",
        "asa_s",
        "queue_calls",
        "occupancy",
    ];
    for (a, n, aht, patience, target, want) in cases {
        let args = [
            "a".to_string(),
            "--traffic".into(),
            a.to_string(),
            "--agents".into(),
            n.to_string(),
            "--aht".into(),
            format!("{aht}s"),
            "--patience".into(),
            format!("{patience}s"),
            "--target".into(),
            format!("{target}s"),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let got = answer(&args);
        for (name, want) in names.iter().zip(want) {
            let v = result(&got, name);
            assert!(
                (v - want).abs() <= 1e-9 * want,
                "A={a} N={n} {name}: {v} vs {want}"
            );
        }
    }
}

#[test]
fn extended_erlang_b_published_example() {
    // erlang.com's calculator manual, "An example Extended Erlang B calculation": 5.5 erlangs
    // offered in the busy hour, 3% blocking accepted, half the blocked calls retried at once:
    // 11 lines. The blocking at 11 lines meets the target and at 10 it does not.
    let a = answer(&[
        "extended-b",
        "--traffic",
        "5.5",
        "--recall",
        "50%",
        "--blocking",
        "3%",
    ]);
    assert_eq!(result(&a, "lines"), 11.0);
    assert!(result(&a, "blocking") <= 0.03);
    let ten = answer(&[
        "extended-b",
        "--traffic",
        "5.5",
        "--recall",
        "50%",
        "--lines",
        "10",
    ]);
    assert!(
        result(&ten, "blocking") > 0.03,
        "{}",
        result(&ten, "blocking")
    );
}
