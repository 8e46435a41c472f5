//! The answers on the ordinary paths a user walks: limits that count none of a layer's traffic,
//! the figures at a layer's peak, and per-second limits that refuse calls below their mean.

use capplan::compute::{Report, Status};

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
    let plan: capplan::plan::Plan = serde_json::from_str(&r.stdout).unwrap();
    let row = |layer: &str, month: &str| {
        plan.rows
            .iter()
            .find(|x| x.layer == layer && x.month == month)
            .unwrap()
            .clone()
    };
    let first = row("vapi", "2026-12");
    assert_eq!(
        (first.order_by.as_str(), first.status.as_str()),
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
