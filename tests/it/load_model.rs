//! The load model in time: long calls, offset grids, rate limits at their own peak, per-second
//! and rolling-hour limits, Erlang B in each layer's own units, per-limit figures of the whole
//! layer, directions, and daylight saving. Each figure is worked by hand in its comment.

use capplan::engine::headroom::{LayerReport, Report, Status};

use crate::util::{Fixture, repo, run_in};

fn json(f: &Fixture, args: &[&str]) -> Report {
    let mut all = vec!["compute", "stack.toml", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&f.run(&all).ok().stdout).expect("the JSON parses back")
}

fn layer<'a>(r: &'a Report, name: &str) -> &'a LayerReport {
    r.layers.iter().find(|l| l.name == name).unwrap()
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (within {tol})");
}

/// One workload `w` of the given arrivals and extra workload keys, on one platform layer.
fn one(rows: &str, workload: &str, layer: &str) -> Fixture {
    let f = Fixture::new();
    f.file("a.csv", &format!("time,calls\n{rows}")).file(
        "stack.toml",
        &format!(
            "[defaults]\npeak_multiplier = 1\ninterval = \"15m\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\n{workload}\n[[layer]]\nname = \"p\"\nkind = \"platform\"\n{layer}\n"
        ),
    );
    f
}

#[test]
fn long_calls_are_never_counted_twice() {
    // 100 calls arrive evenly over 09:00-09:15, each lasting an hour on average (multiplier 1).
    // Per-interval Little's Law said 100 x 3600 / 900 = 400. Exponential handle times: calls in
    // progress grow as λτ(1 - e^(-t/τ)) with λ = 100/900 s, τ = 3600 s, and peak when the
    // arrivals stop: 400 (1 - e^-0.25) = 88.4797 at 09:15.
    let f = one("09:00,100\n", "aht = \"1h\"", "concurrency = 1000");
    let l = &json(&f, &[]).layers[0];
    close(l.design_peak_calls, 400.0 * (1.0 - (-0.25f64).exp()), 1e-6);
    assert_eq!(l.peak_at, "09:15");
    // Fixed handle times: every call is still in progress at 09:15 and the first leaves at
    // 10:00, so exactly the 100 calls that exist.
    let f = one(
        "09:00,100\n",
        "aht = \"1h\"\nhandle_time = \"fixed\"",
        "concurrency = 1000",
    );
    let l = &json(&f, &[]).layers[0];
    close(l.design_peak_calls, 100.0, 1e-9);
    assert_eq!(l.peak_at, "09:15");
}

#[test]
fn workloads_on_offset_grids_are_added() {
    // a at 09:00/09:15/09:30 and b at 09:05/09:20/09:35, 150 calls per 15 min each at 3m AHT:
    // 30 calls in progress each once running. On the common 5-minute grid both are running from
    // 09:05 to 09:45; at 09:45, a has run 45 min and b 40 min from empty (a quiet day otherwise):
    // 30 (1 - e^-15) + 30 (1 - e^-40/3) = 59.99995, x 2.5 = 149.9999 against 100 channels.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,150\n09:15,150\n09:30,150\n")
        .file("b.csv", "time,calls\n09:05,150\n09:20,150\n09:35,150\n")
        .file(
            "stack.toml",
            "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"a\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[workload]]\nname = \"b\"\narrivals = \"b.csv\"\naht = \"3m\"\n[[layer]]\nname = \"trunk\"\nkind = \"trunk\"\nchannels = 100\n",
        );
    let r = json(&f, &[]);
    let e = |x: f64| (-x).exp();
    let by_hand = 2.5 * (30.0 * (1.0 - e(15.0)) + 30.0 * (1.0 - e(40.0 / 3.0)));
    close(r.layers[0].design_peak_calls, by_hand, 1e-6);
    assert_eq!(r.layers[0].peak_at, "09:45");
    assert_eq!(r.layers[0].status, Status::Over);
    assert_eq!(r.interval_s, 300.0, "the common grid is 5 minutes");
    // Calls are conserved on the finer grid.
    assert_eq!(
        r.workloads[0].total_calls + r.workloads[1].total_calls,
        900.0
    );
}

#[test]
fn a_rate_limit_is_judged_at_the_peak_arrival_rate() {
    // 09:00: 900 calls of 20 s; 10:00: 120 calls of 10 min. Calls in progress peak after 10:00
    // (120 x 600 / 900 = 80 at most), but arrivals peak at 09:00: 900 / 900 s = 1 call/s,
    // x 2.5 = 2.5 calls/s against 1 call/s: 250%, over.
    let f = Fixture::new();
    f.file("a.csv", "time,calls,aht\n09:00,900,20s\n10:00,120,10m\n").file(
        "stack.toml",
        "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\ndirection = \"outbound\"\n[[layer]]\nname = \"carrier\"\nkind = \"trunk\"\ncalls_per_second = 1\n",
    );
    let r = json(&f, &[]);
    let l = &r.layers[0];
    close(l.utilization, 2.5, 1e-9);
    assert_eq!(l.status, Status::Over);
    assert_eq!(l.peak_at, "09:00");
    let x = &l.limits[0];
    close(x.demand, 2.5, 1e-12);
    close(x.own_utilization, 2.5, 1e-12);
    assert_eq!(x.peak_at, "09:00");
    assert!(
        r.binding_arithmetic.contains("2.5 > limit 1"),
        "{}",
        r.binding_arithmetic
    );
}

#[test]
fn a_per_second_limit_sees_seconds_not_quarter_hours() {
    // 450 calls per 15 min is 0.5 call/s (multiplier 1) against 1 call/s: 50% on the mean, but
    // with Poisson arrivals P(2 or more in a second) = 1 - e^-0.5 (1 + 0.5) = 9.02%, and the
    // share of calls that meet a full second is E[(N-1)+]/0.5 = (0.5 - 1 + e^-0.5)/0.5 = 21.31%.
    let f = one(
        "09:00,450\n09:15,450\n",
        "aht = \"2m\"\ndirection = \"outbound\"",
        "calls_per_second = 1",
    );
    let l = &json(&f, &[]).layers[0];
    let x = &l.limits[0];
    close(x.own_utilization, 0.5, 1e-12);
    let e = (-0.5f64).exp();
    close(x.seconds_over_limit.unwrap(), 1.0 - 1.5 * e, 1e-9);
    close(
        x.calls_in_full_seconds.unwrap(),
        (0.5 - 1.0 + e) / 0.5,
        1e-9,
    );
}

#[test]
fn calls_per_hour_per_number_is_a_rolling_hour() {
    // 60 calls in each of 09:00-09:15 and 09:15-09:30, none after: the busiest rolling hour
    // holds 120 calls, not 4 x 60 = 240 (the 15-minute rate per hour), against 2 numbers x 30
    // calls/h = 60: 200%. The hour is first complete when it starts at 08:30.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,60\n09:15,60\n09:30,0\n").file(
        "stack.toml",
        "[defaults]\npeak_multiplier = 1\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"1m\"\n[[layer]]\nname = \"ids\"\nkind = \"numbers\"\nnumbers = 2\ncalls_per_hour_per_number = 30\n",
    );
    let x = &json(&f, &[]).layers[0].limits[0];
    close(x.demand, 120.0, 1e-9);
    close(x.own_utilization, 2.0, 1e-9);
    assert_eq!(x.unit, "calls_per_hour");
    assert_eq!(x.peak_at, "08:30");
}

#[test]
fn erlang_b_counts_each_layer_in_its_own_units() {
    // voice-agent `orders-db`: 10 connections, each call holds one for 15% of the call. At the
    // peak about 23.1 calls are in progress, so the connections see 23.1 x 0.15 = 3.46 erlangs:
    // Erlang B(3.46, 10) is about 0.2%, and 1% needs 9 connections (B(3.46, 8) = 1.4%).
    let r = run_in(
        repo(),
        &[
            "compute",
            "examples/voice-agent/stack.toml",
            "-f",
            "json",
            "--blocking",
            "1%",
        ],
    )
    .ok();
    let r: Report = serde_json::from_str(&r.stdout).unwrap();
    let db = layer(&r, "orders-db");
    assert_eq!(db.erlang_unit.as_deref(), Some("connections"));
    let offered = db.offered_erlangs.unwrap();
    close(offered, 3.46, 0.05);
    close(
        db.blocking.unwrap(),
        capplan::engine::erlang::erlang_b(offered, 10.0),
        1e-15,
    );
    assert!((0.0015..0.003).contains(&db.blocking.unwrap()));
    assert_eq!(db.ceiling_for_target, Some(9.0));
    // A layer with only a calls-per-second limit gets no Erlang B: one word says why.
    let cps = layer(&r, "twilio-outbound");
    assert_eq!(cps.erlang_skipped.as_deref(), Some("rate"));
    assert_eq!((cps.blocking, cps.offered_erlangs), (None, None));
}

#[test]
fn a_token_budget_gets_no_erlang_b() {
    let f = one("09:00,150\n", "aht = \"3m\"", "");
    f.file(
        "stack.toml",
        &f.read("stack.toml").replace(
            "kind = \"platform\"\n",
            "kind = \"llm\"\ntokens_per_minute = 100000\ntokens_per_call_minute = 5000\n",
        ),
    );
    let l = &json(&f, &["--blocking", "1%"]).layers[0];
    assert_eq!(l.erlang_skipped.as_deref(), Some("budget"));
    assert_eq!(l.ceiling_for_target, None);
    let table = f
        .run(&["compute", "stack.toml", "--blocking", "1%"])
        .ok()
        .stdout;
    assert!(table.contains("budget"), "{table}");
}

#[test]
fn per_limit_utilization_is_of_the_whole_layer() {
    // contact-centre `sip-trunk`: 240 channels and a backup carrier's 60 side by side. The
    // backup's channels limit, were it binding, leaves the layer at peak / (240 + 60), the
    // layer's own utilisation, never peak / 60 (468% before).
    let r = run_in(
        repo(),
        &[
            "compute",
            "examples/contact-centre/stack.toml",
            "-f",
            "json",
        ],
    )
    .ok();
    let r: Report = serde_json::from_str(&r.stdout).unwrap();
    let trunk = layer(&r, "sip-trunk");
    let backup = trunk
        .limits
        .iter()
        .find(|x| x.member == "backup-carrier" && x.key == "channels")
        .unwrap();
    close(backup.utilization, trunk.utilization, 1e-12);
    close(trunk.utilization, trunk.design_peak_calls / 300.0, 1e-12);
    assert!(backup.utilization < 1.0);
}

#[test]
fn calls_per_second_applies_to_the_directions_it_names() {
    // Twilio's 1 call/s limits outbound calls only. Inbound: 900 calls per 15 min (2.5 call/s
    // at x 2.5) pass untouched; outbound: 72 per 15 min = 0.08/s, x 2.5 = 0.2 call/s: 20%.
    let f = Fixture::new();
    f.file("in.csv", "time,calls\n09:00,900\n")
        .file("out.csv", "time,calls\n09:00,72\n")
        .file(
            "stack.toml",
            "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"in\"\narrivals = \"in.csv\"\naht = \"3m\"\n[[workload]]\nname = \"out\"\narrivals = \"out.csv\"\naht = \"3m\"\ndirection = \"outbound\"\n[[layer]]\nname = \"twilio\"\npreset = \"twilio-business\"\n",
        );
    let r = json(&f, &[]);
    let x = &r.layers[0].limits[0];
    close(x.own_utilization, 0.2, 1e-12);
    assert_eq!(x.directions.as_deref(), Some(&["outbound".to_string()][..]));
    assert_eq!(r.workloads[1].direction, "outbound");
    // Without a direction a workload is inbound; a wrong one is refused with a suggestion.
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("\"outbound\"\n[[layer]]", "\"outbund\"\n[[layer]]"),
    );
    f.run(&["compute", "stack.toml"]).fails_with(&[
        "stack.toml:",
        "unknown direction `outbund`",
        "did you mean `outbound`",
    ]);
}

#[test]
fn local_times_across_the_autumn_change_are_read_in_their_zone() {
    // America/New_York, 2026-11-01: 01:00-01:59 happens twice (EDT, then EST). Rows in file order
    // give the first 01:xx the earlier offset and the second the later: 12 rows every 15 min of
    // real time from 00:00 EDT (04:00Z) to 02:00 EST (07:00Z), 10 calls each.
    let times = [
        "00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45", "01:00", "01:15",
        "01:30", "01:45", "02:00",
    ];
    let rows: String = times.map(|t| format!("2026-11-01 {t},10\n")).concat();
    let f = Fixture::new();
    f.file("a.csv", &format!("time,calls\n{rows}")).file(
        "stack.toml",
        "[defaults]\ntimezone = \"America/New_York\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 100\n",
    );
    let r = json(&f, &[]);
    assert_eq!(r.interval_s, 900.0);
    assert_eq!(r.intervals, 13, "13 quarter hours of real time");
    assert_eq!(r.workloads[0].total_calls, 130.0);
    // Without the zone the repeated hour is a duplicate, and the message says what to do.
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("timezone = \"America/New_York\"\n", ""),
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["two rows for the same time", "timezone"]);
}

#[test]
fn the_skipped_spring_hour_is_no_gap_and_no_row_may_sit_in_it() {
    // Europe/Paris, 2026-03-29: 02:00-02:59 does not exist; 01:45 to 03:00 is 15 minutes.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n2026-03-29 01:30,10\n2026-03-29 01:45,10\n2026-03-29 03:00,10\n")
        .file(
            "stack.toml",
            "[defaults]\ntimezone = \"Europe/Paris\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 100\n",
        );
    let r = json(&f, &[]);
    assert_eq!((r.interval_s, r.intervals), (900.0, 3));
    assert!(
        r.workloads[0].peak_at.ends_with("+02:00") || r.workloads[0].peak_at.ends_with("+01:00")
    );
    f.file(
        "a.csv",
        "time,calls\n2026-03-29 01:45,10\n2026-03-29 02:15,10\n",
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["a.csv:3:1", "does not exist in Europe/Paris"]);
}

#[test]
fn daily_rows_across_a_change_are_one_day_apart() {
    // Daily RFC 3339 rows at local midnight in New York: 2026-03-08 has 23 hours, so the rows
    // are 24 h, 23 h and 24 h apart in real time; they count as consecutive days.
    let f = Fixture::new();
    f.file(
        "a.csv",
        "time,calls\n2026-03-07T00:00:00-05:00,1000\n2026-03-08T00:00:00-05:00,1000\n2026-03-09T00:00:00-04:00,1000\n2026-03-10T00:00:00-04:00,1000\n",
    )
    .file(
        "stack.toml",
        "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 100\n",
    );
    let r = json(&f, &[]);
    assert_eq!((r.interval_s, r.intervals), (86_400.0, 4));
    // 1000 calls a day x 180 s / 86,400 s = 2.083 in progress, x 2.5.
    close(
        r.layers[0].design_peak_calls,
        2.5 * 1000.0 * 180.0 / 86_400.0,
        1e-9,
    );
}

#[test]
fn observed_duration_deciles_feed_compute_as_a_handle_time() {
    // Three calls of 3 min, 10 min and 30 s: deciles 30 s (0-30%), 180 s (40-60%), 600 s.
    // Each tenth holds 0.3 of a call. Ranks [0, 1) are 30 s, [1, 2) 180 s, [2, 3) 600 s, so
    // the first three tenths are all 30 s, the fourth, [0.9, 1.2), holds 0.1 of
    // 30 s and 0.2 of 180 s: (3 + 36) / 0.3 = 130 s; [1.8, 2.1) holds (0.2 x 180 + 0.1 x 600)
    // / 0.3 = 320 s. Each mean is kept inside its segment (130 s in [30 s, 180 s]).
    let f = Fixture::new();
    f.file(
        "cdr.csv",
        "start,end\n2026-03-02 09:00:00,2026-03-02 09:03:00\n2026-03-02 09:01:00,2026-03-02 09:11:00\n2026-03-02 09:02:00,2026-03-02 09:02:30\n",
    );
    let out = f
        .run(&[
            "observe",
            "cdr.csv",
            "--interval",
            "15m",
            "--arrivals-out",
            "a.csv",
        ])
        .ok();
    let line = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("For the stack file: "))
        .expect("observe prints a handle_time line")
        .to_string();
    assert_eq!(
        line,
        "handle_time = { quantiles = [\"30s\", \"30s\", \"30s\", \"30s\", \"180s\", \"180s\", \"180s\", \"600s\", \"600s\", \"600s\", \"600s\"], means = [\"30s\", \"30s\", \"30s\", \"130s\", \"180s\", \"180s\", \"320s\", \"600s\", \"600s\", \"600s\"] }"
    );
    f.file(
        "stack.toml",
        &format!("[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\n{line}\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 10\n"),
    );
    let r = json(&f, &[]);
    assert_eq!(
        r.workloads[0].handle_time,
        "11 quantiles with segment means"
    );
    assert_eq!(r.workloads[0].total_calls, 3.0);
}
