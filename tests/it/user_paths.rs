//! The answers on the ordinary paths a user walks: limits that count none of a layer's traffic,
//! the figures at a layer's peak, and per-second limits that refuse calls below their mean.

use capplan::engine::headroom::{Report, Status};

use crate::util::Fixture;

fn json(f: &Fixture) -> Report {
    let out = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
    serde_json::from_str(&out.stdout).expect("the JSON parses back into the documented struct")
}

/// One workload of `direction`, `per_15m` calls every 15 minutes all day at a 3-minute AHT,
/// on Twilio's business profile: no concurrency limit, 1 call/s counting outbound calls only.
fn on_twilio_business(direction: &str, per_15m: u32) -> Fixture {
    let f = Fixture::new();
    let mut csv = String::from("time,calls\n");
    for k in 0..96 {
        csv.push_str(&format!("{:02}:{:02},{per_15m}\n", k / 4, k % 4 * 15));
    }
    f.file("arrivals.csv", &csv).file(
        "stack.toml",
        &format!(
            "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"calls\"\narrivals = \"arrivals.csv\"\n\
             aht = \"3m\"\ndirection = \"{direction}\"\n[[layer]]\nname = \"twilio\"\npreset = \"twilio-business\"\n"
        ),
    );
    f
}

#[test]
fn a_rate_limit_that_counts_none_of_the_traffic_never_binds() {
    // 150 inbound calls per 15 minutes at 3 minutes: 10/min x 3 min = 30 calls in progress,
    // 75 at the 2.5 multiplier. The 1 call/s counts outbound calls: its demand is 0, so it has
    // no ceiling in calls and the layer, with no other limit, is unlimited.
    for per_15m in [150, 1800] {
        let f = on_twilio_business("inbound", per_15m);
        let r = json(&f);
        let l = &r.layers[0];
        assert_eq!(l.limits[0].demand, 0.0);
        assert_eq!(l.limits[0].ceiling_calls, None, "{per_15m}: {l:?}");
        assert!(!l.limits[0].binds);
        assert_eq!(l.ceiling_calls, None);
        assert_eq!(l.headroom_calls, None);
        assert_eq!(l.growth_headroom, None);
        assert_eq!(l.utilization, 0.0);
        assert_eq!(l.status, Status::Ok, "{per_15m}");
        assert_eq!(r.binding_layer, None);
        let table = f.run(&["compute", "stack.toml"]).ok().stdout;
        assert!(table.contains("unlimited"), "{table}");
        assert!(!table.contains(":  = 0"), "an empty sum: {table}");
        assert!(!table.contains("Binding layer: twilio"), "{table}");
        let csv = f.run(&["compute", "stack.toml", "-f", "csv"]).ok().stdout;
        let cell = |name: &str| {
            let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
            let i = header.iter().position(|h| *h == name).unwrap();
            csv.lines()
                .nth(1)
                .unwrap()
                .split(',')
                .nth(i)
                .unwrap()
                .to_string()
        };
        assert_eq!(cell("ceiling_calls"), "", "{csv}");
        assert_eq!(cell("headroom_calls"), "", "{csv}");
        assert_eq!(cell("binding_limit"), "none", "{csv}");
    }
}

#[test]
fn a_rate_limit_that_counts_the_traffic_binds_and_warns_on_full_seconds() {
    // 150 outbound calls per 15 minutes: 1/6 call/s, x 2.5 = 0.41667 call/s against 1 call/s,
    // so the limit's own utilisation is 41.7% and its ceiling is 75 / 0.41667 = 180 calls.
    // With Poisson arrivals at 0.41667/s the share of calls arriving in a second already full
    // is E[(N-1)+] / λ = (λ - 1 + e^-λ) / λ = (0.41667 - 1 + 0.65924) / 0.41667 = 18.2%: above
    // the 1% blocking target, so the layer is at least `warn` though 41.7% is under 75%.
    let f = on_twilio_business("outbound", 150);
    let r = json(&f);
    let l = &r.layers[0];
    let x = &l.limits[0];
    assert!((x.own_utilization - 0.416_667).abs() < 1e-6);
    assert!((x.ceiling_calls.unwrap() - 180.0).abs() < 1e-9);
    assert!(x.binds);
    let share = x.calls_in_full_seconds.unwrap();
    let lambda: f64 = 2.5 / 6.0;
    let by_hand = (lambda - 1.0 + (-lambda).exp()) / lambda;
    assert!((share - by_hand).abs() < 1e-9, "{share} vs {by_hand}");
    assert!((share - 0.1822).abs() < 1e-4);
    assert_eq!(l.status, Status::Warn);
    assert_eq!(r.binding_layer.as_deref(), Some("twilio"));
    let table = f.run(&["compute", "stack.toml"]).ok().stdout;
    assert!(
        table.contains("18.2% of its calls arrive in a second already full"),
        "{table}"
    );
}

/// A steady block 09:00-10:45 of 60 calls per 15 minutes with a fixed 160 s AHT beside 30 at a
/// fixed 200 s, a busier last step (90 and 45 calls at 10:45-11:00), then nothing: calls in
/// progress peak at 11:00, the end of the block, and the step after it has no arrivals.
fn block_then_nothing() -> Fixture {
    let f = Fixture::new();
    let mut a = String::from("time,workload,calls\n");
    for k in 0..16 {
        let (h, m) = (8 + k / 4, k % 4 * 15);
        let (x, y) = match k {
            4..=10 => (60, 30),
            11 => (90, 45),
            _ => (0, 0),
        };
        a.push_str(&format!("{h:02}:{m:02},a,{x}\n{h:02}:{m:02},b,{y}\n"));
    }
    f.file("arrivals.csv", &a).file(
        "stack.toml",
        "[defaults]\ninterval = \"15m\"\npeak_multiplier = 1\n\
         [[workload]]\nname = \"a\"\narrivals = \"arrivals.csv\"\naht = \"160s\"\nhandle_time = \"fixed\"\n\
         [[workload]]\nname = \"b\"\narrivals = \"arrivals.csv\"\naht = \"200s\"\nhandle_time = \"fixed\"\n\
         peak_multiplier = 3\n\
         [[layer]]\nname = \"pool\"\nkind = \"platform\"\nconcurrency = 100\n",
    );
    f
}

#[test]
fn figures_at_the_peak_come_from_the_step_that_led_into_it() {
    // At 11:00 the calls in progress are those of the last 160 s (a) and 200 s (b) of the
    // 10:45 step: a 90 / 900 s x 160 s = 16, b 45 / 900 x 200 = 10 (design 16 + 3 x 10 = 46).
    // The step that led into the peak is 10:45-11:00: (90 + 45) / 15 min = 9 calls/min (the
    // step after it has none). Their AHT, arrival-weighted: (90 x 160 + 45 x 200) / 135 =
    // 173.33 s (weighted by design calls in progress it would be (16 x 160 + 30 x 200) / 46 =
    // 186.1 s). Little's Law: 9/60 calls/s x 173.33 s = 26 = 16 + 10 calls in progress.
    let r = json(&block_then_nothing());
    let l = &r.layers[0];
    assert_eq!(l.peak_at, "11:00");
    assert!((l.avg_calls - 26.0).abs() < 1e-9, "{}", l.avg_calls);
    assert!((l.design_peak_calls - 46.0).abs() < 1e-9);
    assert!((l.arrivals_per_min_at_peak - 9.0).abs() < 1e-9, "{l:?}");
    assert!(
        (l.aht_s_at_peak - 520.0 / 3.0).abs() < 1e-9,
        "{}",
        l.aht_s_at_peak
    );
    let little = l.arrivals_per_min_at_peak / 60.0 * l.aht_s_at_peak;
    assert!((little - l.avg_calls).abs() < 1e-9);
}

#[test]
fn check_headlines_the_most_urgent_finding() {
    // The voice agent on 2027-02-10 (README's check example). llm reaches its ceiling in
    // 2027-03 with a 3-week lead time: order by 2027-03-01 - 21 days = 2027-02-08, two days
    // before today, so it is overdue and leads, although caller-ids reaches 2027-03 too (its
    // 1-week order is due 2027-02-22). Then by act-by date: caller-ids 02-22, orders-db 03-25,
    // vapi 05-01.
    let repo = crate::util::repo();
    let stack = repo.join("examples/voice-agent/stack.toml");
    let stack = stack.to_str().unwrap();
    let args = ["check", stack, "--today", "2027-02-10"];
    let r = crate::util::run_in(repo, &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let head = r.stdout.lines().next().unwrap();
    assert!(head.starts_with("FAIL: layer `llm`"), "{head}");
    assert!(head.contains("overdue"), "{head}");
    // The count is the FAIL rows of the table.
    let fails = r.stdout.lines().filter(|l| l.contains("┆ FAIL")).count();
    assert!(head.contains(&format!("({fails} layers fail)")), "{head}");
    let json = crate::util::run_in(repo, &[&args[..], &["-f", "json"]].concat());
    let v: capplan::cmd::check::Verdict = serde_json::from_str(&json.stdout).unwrap();
    let order: Vec<&str> = v.findings.iter().map(|f| f.layer.as_str()).collect();
    assert_eq!(order, ["llm", "caller-ids", "orders-db", "vapi"]);

    // Against a baseline of the same stack with --fail-on worse: nothing got worse, so it
    // passes, the headline does not say layers fail, the comparison says nothing changed, and
    // the layers over their ceiling still read so.
    let f = Fixture::new();
    let base = f.path("base.json");
    let saved = crate::util::run_in(repo, &[&args[..], &["-f", "json"]].concat());
    std::fs::write(&base, saved.stdout).unwrap();
    let base = base.to_str().unwrap();
    let extra = ["--baseline", base, "--fail-on", "worse"];
    let r = crate::util::run_in(repo, &[&args[..], &extra[..]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let head = r.stdout.lines().next().unwrap();
    assert!(head.starts_with("PASS"), "{head}");
    assert!(!head.contains("layers fail"), "{head}");
    assert!(head.contains("4 layers reach"), "{head}");
    assert!(r.stdout.contains("no layer changed"), "{}", r.stdout);
    let llm = r.stdout.lines().find(|l| l.contains("│ llm")).unwrap();
    assert!(llm.contains("over (no worse)"), "{llm}");
}

#[test]
fn report_marks_orders_already_late_and_names_what_is_new() {
    // The voice agent planned from 2026-12 on 2026-12-07. vapi needs 79 lines in 2026-12 (4
    // more than its 75) with a 0-day lead time: order by 2026-12-01, six days ago, so overdue.
    // orders-db needs 10 more connections (a pack of 10) in 2026-12 with a 1-week lead time:
    // order by 2026-11-24, overdue; in 2027-01 it needs no more than those 10: covered.
    // vapi in 2027-06 needs 114 lines, 39 more than 75, of which 32 were already planned
    // by 2027-05: 7 more.
    let repo = crate::util::repo();
    let r = crate::util::run_in(
        repo,
        &[
            "report",
            "examples/voice-agent/stack.toml",
            "--today",
            "2026-12-07",
            "-f",
            "json",
        ],
    )
    .ok();
    let plan: capplan::engine::plan::Plan = serde_json::from_str(&r.stdout).unwrap();
    let row = |layer: &str, month: &str| {
        plan.rows
            .iter()
            .find(|x| x.layer == layer && x.month == month)
            .unwrap()
            .clone()
    };
    let first = row("vapi", "2026-12");
    assert_eq!(
        (first.order_by.as_str(), first.status.to_string().as_str()),
        ("2026-12-01", "overdue")
    );
    assert_eq!(first.action, "overdue since 2026-12-01: buy 4 lines now");
    let db = row("orders-db", "2026-12");
    assert_eq!(db.status, "overdue");
    assert_eq!(
        db.action,
        "overdue since 2026-11-24: buy 10 connections now"
    );
    assert_eq!(row("orders-db", "2027-01").status, "covered");
    let last = row("vapi", "2027-06");
    assert_eq!(last.status, "buy");
    assert_eq!(last.action, "buy 7 more lines (39 in all) by 2027-06-01");
    // On the order-by date itself the order is on time.
    let on_time = crate::util::run_in(
        repo,
        &[
            "report",
            "examples/voice-agent/stack.toml",
            "--today",
            "2026-12-01",
            "-f",
            "csv",
        ],
    )
    .ok();
    let vapi = on_time.stdout.lines().nth(1).unwrap();
    assert!(vapi.contains(",buy,buy 4 lines by 2026-12-01,"), "{vapi}");
    let table = crate::util::run_in(
        repo,
        &[
            "report",
            "examples/voice-agent/stack.toml",
            "--today",
            "2026-12-07",
        ],
    )
    .ok();
    assert!(table.stdout.contains("overdue"), "{}", table.stdout);
}

/// Seeded call records over two days (about 1,600 calls, 08:00-18:00, durations of seconds to
/// tens of minutes with a few of hours), as `start,end` epoch seconds.
fn generated_records() -> Vec<(i64, i64)> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let day0 = 1_772_438_400; // 2026-03-02T08:00:00Z
    let mut calls = Vec::new();
    for day in 0..2 {
        for _ in 0..800 {
            // Busier late morning: the mean of two uniforms peaks in the middle of the day.
            let t = (next() + next()) / 2.0 * 36_000.0;
            let u = next();
            let d = if u < 0.003 {
                3_600.0 + next() * 25_000.0
            } else {
                // Exponential-ish with a long tail: -200 ln(u) seconds.
                1.0 - 200.0 * next().max(1e-12).ln()
            };
            let start = day0 + day * 86_400 + t as i64;
            calls.push((start, start + d as i64));
        }
    }
    calls
}

/// The records' own expected calls in progress at each 15-minute boundary (epoch s -> calls):
/// each call equally likely to arrive anywhere in its interval, lasting its own duration.
fn own_expectation(calls: &[(i64, i64)]) -> std::collections::BTreeMap<i64, f64> {
    let g = 900;
    let mut m = std::collections::BTreeMap::new();
    for &(s, e) in calls {
        let (k, d) = (s.div_euclid(g), e - s);
        for j in k + 1.. {
            // |[k g, (k+1) g) ∩ (j g - d, j g]|
            let overlap = (k + 1) * g - (k * g).max(j * g - d);
            if overlap <= 0 {
                break;
            }
            *m.entry(j * g).or_insert(0.0) += overlap as f64 / g as f64;
        }
    }
    m
}

/// A CSV without its last column: `--arrivals-out` without `expected_calls`.
fn without_last_column(csv: &str) -> String {
    csv.lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect()
}

fn utc_seconds(text: &str) -> i64 {
    jiff::Timestamp::from_str(text).unwrap().as_second()
}

use std::str::FromStr;

#[test]
fn what_observe_hands_to_compute_reproduces_the_records_own_expectation() {
    let calls = generated_records();
    let f = Fixture::new();
    let mut csv = String::from("start,end\n");
    for (s, e) in &calls {
        csv.push_str(&format!("{s},{e}\n"));
    }
    f.file("calls.csv", &csv);
    let out = f
        .run(&[
            "observe",
            "calls.csv",
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
        .unwrap()
        .to_string();
    let stack = |file: &str| {
        format!(
            "[defaults]\ninterval = \"15m\"\npeak_multiplier = 1\n[[workload]]\nname = \"all\"\narrivals = \"{file}\"\n{line}\n[[layer]]\nname = \"agents\"\nkind = \"generic\"\ncapacity = 1000\n"
        )
    };
    f.file("stack.toml", &stack("a.csv"));
    let curve = |f: &Fixture| {
        let out = f
            .run(&["compute", "stack.toml", "--per-interval", "-f", "json"])
            .ok();
        let c: capplan::engine::headroom::Curve = serde_json::from_str(&out.stdout).unwrap();
        c.rows
            .into_iter()
            .map(|r| (utc_seconds(&r.time), r.expected_calls))
            .collect::<std::collections::BTreeMap<i64, f64>>()
    };
    let own = own_expectation(&calls);
    let got = curve(&f);
    let peak = |m: &std::collections::BTreeMap<i64, f64>| {
        m.iter()
            .fold((0, 0.0), |b, (&t, &v)| if v > b.1 { (t, v) } else { b })
    };
    // Every boundary the records reach is the records' own figure, so the peak is theirs, at
    // the same moment.
    for (t, v) in &own {
        let g = got.get(t).copied().unwrap_or(f64::NAN);
        assert!((g - v).abs() < 1e-9, "at {t}: {g} vs {v}");
    }
    let ((t1, v1), (t2, v2)) = (peak(&got), peak(&own));
    assert!(t1 == t2 && (v1 - v2).abs() < 1e-9, "{t1} {v1} vs {t2} {v2}");
    // Without the records' own column, the arrivals, the robust AHT and the shape alone come
    // within 3% of that peak, at the same moment.
    let a = f.read("a.csv");
    let bare = without_last_column(&a);
    f.file("bare.csv", &bare)
        .file("stack.toml", &stack("bare.csv"));
    let model = peak(&curve(&f));
    let (at, top) = peak(&own);
    assert!(
        (model.1 / top - 1.0).abs() < 0.03,
        "{model:?} vs {top} at {at}"
    );
    assert_eq!(model.0, at);
}

#[test]
fn one_long_call_does_not_make_its_interval_the_peak() {
    // A steady morning, 09:00-11:00: 60 calls every 15 minutes, each of 3 minutes (12 in
    // progress). In 10:15-10:30 one of the 60 lasts 8 hours instead. Its interval's robust
    // AHT cuts the call at 15 minutes: (59 x 180 + 900) / 60 = 192 s, times the whole call
    // time over the cut call time, (479 x 180 + 28,800) / (479 x 180 + 900) = 1.3203: 253.5 s,
    // where the plain mean is (59 x 180 + 28,800) / 60 = 657 s. With the exponential default,
    // 657 s would put 60/900 x 657 x (1 - e^(-900/657)) = 32.9 calls at 10:30, where the
    // records expect 59 x 180/900 + 0.5 x 1 = 12.3 (the long call arrives, on average, half
    // way through its interval).
    let f = Fixture::new();
    let mut csv = String::from("start,end\n");
    let base = 1_772_442_000; // 2026-03-02T09:00:00Z
    for k in 0..8 {
        for i in 0..60 {
            let s = base + k * 900 + i * 15;
            let d = if k == 5 && i == 30 { 8 * 3600 } else { 180 };
            csv.push_str(&format!("{s},{}\n", s + d));
        }
    }
    f.file("calls.csv", &csv);
    f.run(&[
        "observe",
        "calls.csv",
        "--interval",
        "15m",
        "--arrivals-out",
        "a.csv",
    ])
    .ok();
    let a = f.read("a.csv");
    // Only the records' arrivals and AHT: the model on its own.
    let bare = without_last_column(&a);
    f.file("bare.csv", &bare).file(
        "stack.toml",
        "[defaults]\ninterval = \"15m\"\npeak_multiplier = 1\n[[workload]]\nname = \"all\"\narrivals = \"bare.csv\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 1000\n",
    );
    let row = a
        .lines()
        .find(|l| l.starts_with("2026-03-02T10:15:00Z"))
        .unwrap();
    let aht: f64 = row.split(',').nth(2).unwrap().parse().unwrap();
    let by_hand = 192.0 * (479.0 * 180.0 + 28_800.0) / (479.0 * 180.0 + 900.0);
    assert!((aht - by_hand).abs() < 1e-9, "{row}");
    // Intervals after the last arrival carry no AHT.
    let after = a
        .lines()
        .find(|l| l.starts_with("2026-03-02T11:00:00Z"))
        .unwrap();
    assert!(after.starts_with("2026-03-02T11:00:00Z,0,,"), "{after}");
    // Every interval's AHT carries the same 1.3203 (the long call's hours are call time the
    // morning's calls share): 237.7 s, a steady 60/900 x 237.7 = 15.8 calls; 10:30 stays
    // within a call of that (16.8), not the 32.9 the plain mean gives.
    let r = json(&f);
    let l = &r.layers[0];
    assert!(l.avg_calls > 15.8 && l.avg_calls < 17.0, "{l:?}");
    let plain: String = bare.replace(&format!(",60,{aht}"), ",60,657");
    f.file("bare.csv", &plain);
    let r = json(&f);
    // 32.9 from its own calls, and a little from the calls before that are still in progress.
    assert!(r.layers[0].avg_calls > 32.9, "{:?}", r.layers[0]);
}

#[test]
fn one_rule_for_agents_and_patience_in_flags_and_files() {
    let f = Fixture::new();
    let a = |agents: &str, patience: &str| {
        f.run(&[
            "erlang",
            "a",
            "--traffic",
            "10",
            "--aht",
            "3m",
            "--agents",
            agents,
            "--patience",
            patience,
            "--target",
            "20s",
            "-f",
            "json",
        ])
    };
    // 0 and 4.5 agents are refused by the same rule, which says what it takes.
    for bad in ["0", "4.5"] {
        let r = a(bad, "1m");
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("from 1 to 1e7"), "{}", r.stderr);
    }
    // Infinite patience, as a stack's queue takes it, is Erlang C: 10 erlangs on 12 agents
    // wait with P = 0.44939 and ASA = P x AHT / (N - A) = 0.44939 x 180 / 2 = 40.445 s.
    let r = a("12", "infinite").ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let out = |name: &str| v["results"][name].as_f64().unwrap();
    assert!((out("asa_s") - 0.449_388_224_3 * 90.0).abs() < 1e-6, "{v}");
    assert_eq!(out("p_abandon"), 0.0);
    let r = a("12", "0s");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("above 0s, or \"infinite\""),
        "{}",
        r.stderr
    );
}

#[test]
fn a_flag_acts_or_is_refused_with_the_reason() {
    let repo = crate::util::repo();
    let stack = "examples/voice-agent/stack.toml";
    for (flag, value) in [
        ("--growth", "12%"),
        ("--peak-multiplier", "2"),
        ("--warn-at", "80%"),
        ("--blocking", "1%"),
        ("--horizon", "3"),
        ("--as-of", "2026-11"),
        ("--projection", "p.csv"),
    ] {
        crate::util::run_in(repo, &["simulate", stack, flag, value])
            .fails_with(&[&format!("simulate takes no {flag}"), "--load"]);
    }
    let help = crate::util::run_in(repo, &["simulate", "--help"])
        .ok()
        .stdout;
    for flag in [
        "--growth",
        "--peak-multiplier",
        "--warn-at",
        "--blocking",
        "--as-of",
    ] {
        assert!(!help.contains(flag), "{flag} in:\n{help}");
    }
    crate::util::run_in(repo, &["report", stack, "--blocking", "1%"])
        .fails_with(&["report takes no --blocking", "compute --blocking"]);
    let help = crate::util::run_in(repo, &["report", "--help"]).ok().stdout;
    assert!(!help.contains("--blocking"), "{help}");
    // Where it acts it is listed: compute's Erlang B columns.
    let help = crate::util::run_in(repo, &["compute", "--help"])
        .ok()
        .stdout;
    assert!(help.contains("--blocking") && help.contains("--per-interval"));
}

/// A day of `per_15m` calls every 15 minutes at `aht`, through one layer of `layer` keys.
fn one_layer_day(per_15m: f64, aht: &str, layer: &str) -> Fixture {
    let f = Fixture::new();
    let mut csv = String::from("time,calls\n");
    for k in 0..96 {
        csv.push_str(&format!("{:02}:{:02},{per_15m}\n", k / 4, k % 4 * 15));
    }
    f.file("a.csv", &csv).file(
        "stack.toml",
        &format!(
            "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"calls\"\narrivals = \"a.csv\"\naht = \"{aht}\"\n[[layer]]\nname = \"l\"\n{layer}"
        ),
    );
    f
}

#[test]
fn simulate_says_abandoned_not_refused_and_asa_means_what_erlang_a_means() {
    // 150 calls an hour of 200 s on 8 agents with 120 s of patience: 8.33 erlangs. Erlang A
    // gives P(abandon) = 17.4%, P(wait) = 53.2% and a mean wait over every caller of 20.9 s.
    let f = one_layer_day(
        37.5,
        "200s",
        "kind = \"generic\"\ncapacity = 8\nqueue = { patience = \"120s\" }\n",
    );
    let out = f
        .run(&["simulate", "stack.toml", "--days", "20"])
        .ok()
        .stdout;
    assert!(out.contains("callers hung up waiting at l: 17."), "{out}");
    assert!(out.contains("(0 refused, "), "{out}");
    assert!(!out.contains("refused and not calling again"), "{out}");
    let json = f
        .run(&["simulate", "stack.toml", "--days", "20", "-f", "json"])
        .ok()
        .stdout;
    let r: capplan::engine::simulate::SimReport = serde_json::from_str(&json).unwrap();
    let l = &r.levels[0].layers[0];
    assert!((l.abandoned_share - 0.174).abs() < 0.01, "{l:?}");
    assert!((l.waited_share - 0.532).abs() < 0.02, "{l:?}");
    assert!((l.asa_s - 20.9).abs() < 2.0, "{l:?}");
    assert!(l.asa_answered_s < l.asa_s);
    let lost = &r.levels[0];
    assert!((lost.abandoned_lost_per_day - lost.lost_per_day).abs() < 1e-9);
    // One day is a day, not "1 simulated days".
    let one = f.run(&["simulate", "stack.toml"]).ok().stdout;
    assert!(one.contains("1 simulated day per level"), "{one}");
    assert!(!one.contains("1 simulated days"), "{one}");
}

#[test]
fn simulate_names_the_limit_that_refused() {
    // 90 calls per 15 minutes is 0.1 call/s against one call per 20 s (0.05/s) on 100
    // channels (3 calls in progress): every refusal is the calls-per-second limit's.
    let f = one_layer_day(
        90.0,
        "2m",
        "kind = \"trunk\"\nchannels = 100\ncalls_per_second = 0.05\n",
    );
    let out = f.run(&["simulate", "stack.toml"]).ok().stdout;
    assert!(out.contains("by its calls per second;"), "{out}");
    let json = f.run(&["simulate", "stack.toml", "-f", "json"]).ok().stdout;
    let r: capplan::engine::simulate::SimReport = serde_json::from_str(&json).unwrap();
    let l = &r.levels[0].layers[0];
    assert_eq!(l.refused_by.concurrent_calls_per_day, 0.0);
    assert_eq!(l.refused_by.calls_per_second_per_day, l.refused_per_day);
    assert!(l.refused_per_day > 0.0);
    // A replay says it replayed, not that arrivals were Poisson.
    f.file(
        "calls.csv",
        "start,end\n2026-03-02T09:00:00Z,2026-03-02T09:03:00Z\n2026-03-02T09:01:00Z,2026-03-02T09:02:00Z\n",
    );
    let out = f
        .run(&["simulate", "stack.toml", "--replay", "calls.csv"])
        .ok()
        .stdout;
    assert!(out.contains("replayed as recorded"), "{out}");
    assert!(!out.contains("Poisson"), "{out}");
}

#[test]
fn init_sets_directions_refuses_a_preset_in_the_wrong_slot_and_names_every_file() {
    let f = Fixture::new();
    let r = f.run(&[
        "init",
        "--workload",
        "inbound",
        "--workload",
        "outbound",
        "--platform",
        "twilio-business",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in ["stack.toml", "arrivals.csv", "capplan.schema.json"] {
        assert!(r.stderr.contains(file), "{file} unsaid: {}", r.stderr);
    }
    let stack = f.read("stack.toml");
    assert!(
        stack.contains("name = \"outbound\"\narrivals = \"arrivals.csv\"")
            && stack.contains("direction = \"outbound\""),
        "{stack}"
    );
    // Twilio's 1 call/s counts the outbound workload now: it has a ceiling and binds its layer.
    let report = json(&f);
    let twilio = &report.layers[0].limits[0];
    assert!(twilio.demand > 0.0 && twilio.binds, "{twilio:?}");
    assert!(report.layers[0].ceiling_calls.is_some());
    for (args, says) in [
        (
            vec!["x.toml", "--platform", "llm-100"],
            "--platform llm-100",
        ),
        (vec!["x.toml", "--llm", "vapi"], "--llm vapi"),
        (vec!["arrivals.csv", "--force"], "a name of its own"),
        (vec!["x.toml", "--workload", "a\nb"], "control characters"),
    ] {
        let mut all = vec!["init"];
        all.extend(args);
        f.run(&all).fails_with(&[says]);
    }
    assert!(!f.path("x.toml").exists());
    f.run(&["init", "x.toml", "--trunk-channels", "0"])
        .fails_with(&["--trunk-channels"]);
}
