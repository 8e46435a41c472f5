//! Was the plan right? `observe --stack` on records generated with a known shape: the
//! peakedness `observe` measures (1 for Poisson traffic, below for traffic carried behind a
//! limit, above for overflow), and Hayward's prediction B(A/Z, C/Z) against the exact replay.

use capplan::engine::hindsight::Hindsight;
use capplan::engine::observe::Observation;

use crate::util::Fixture;

/// A small deterministic generator (xorshift64*), so the fixtures need no crate's stream.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * self.uniform().ln()
    }
}

/// Ten days of Poisson arrivals of `erlangs` with exponential 3-minute calls offered to
/// `lines` lines (None: as many as needed): the calls carried, and those refused.
fn loss_system(erlangs: f64, lines: Option<usize>, seed: u64) -> (String, String) {
    let mut rng = Rng(seed);
    let (hold_s, origin) = (180.0, 1_796_601_600.0); // 2026-12-07T00:00:00Z
    let rate = erlangs / hold_s;
    let mut t = origin;
    let mut ends: Vec<f64> = Vec::new();
    let (mut carried, mut refused) = (String::from("start,end\n"), String::from("start,end\n"));
    while t < origin + 10.0 * 86_400.0 {
        t += rng.exp(1.0 / rate);
        let d = rng.exp(hold_s).max(0.001);
        ends.retain(|e| *e > t);
        let row = format!("{t:.3},{:.3}\n", t + d);
        if lines.is_none_or(|c| ends.len() < c) {
            ends.push(t + d);
            carried.push_str(&row);
        } else {
            refused.push_str(&row);
        }
    }
    (carried, refused)
}

const TRUNK_20: &str = "[[workload]]\nname = \"inbound\"\narrivals = \"unused.csv\"\naht = \"3m\"\n\n[[layer]]\nname = \"trunk\"\nkind = \"trunk\"\nchannels = 20\n";

fn observed(f: &Fixture, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["observe"];
    all.extend_from_slice(args);
    all.extend(["-f", "json"]);
    serde_json::from_str(&f.run(&all).ok().stdout).expect("JSON")
}

fn z(v: &serde_json::Value) -> f64 {
    v["peakedness"]["z"].as_f64().expect("a peakedness")
}

#[test]
fn peakedness_is_one_for_poisson_below_behind_a_limit_above_for_overflow() {
    // Poisson traffic of 15 erlangs: Z = 1 within its sampling error (2,880 boundaries of 5
    // minutes, 960 of 15: the standard error of a variance ratio over n nearly independent
    // boundaries is about (2/n)^0.5, 0.03 and 0.05).
    let f = Fixture::new();
    let (poisson, _) = loss_system(15.0, None, 7);
    f.file("poisson.csv", &poisson);
    for interval in ["5m", "15m"] {
        let zp = z(&observed(&f, &["poisson.csv", "--interval", interval]));
        assert!((0.85..1.15).contains(&zp), "{interval}: Z = {zp}");
    }
    // 22 erlangs offered to 25 lines: what the lines carried is smoother; what they refused
    // (overflow) is peakier.
    let (carried, overflow) = loss_system(22.0, Some(25), 11);
    f.file("carried.csv", &carried)
        .file("overflow.csv", &overflow);
    let zc = z(&observed(&f, &["carried.csv"]));
    let zo = z(&observed(&f, &["overflow.csv"]));
    assert!(zc < 0.8, "carried: Z = {zc}");
    assert!(zo > 1.5, "overflow: Z = {zo}");
}

#[test]
fn hayward_with_the_measured_peakedness_comes_near_the_replay() {
    // The calls 25 lines carried, replayed through a trunk of 20: the replay refuses what the
    // 20 lines could not hold (exact). Erlang B on each interval's own load assumes Poisson
    // arrivals and overstates it; B(A/Z, C/Z) with the records' Z comes within 10%.
    let f = Fixture::new();
    let (carried, _) = loss_system(22.0, Some(25), 11);
    f.file("carried.csv", &carried).file("stack.toml", TRUNK_20);
    let v = observed(&f, &["carried.csv", "--stack", "stack.toml"]);
    let h: Hindsight = serde_json::from_value(v["hindsight"].clone()).unwrap();
    let mut plain = v.clone();
    plain.as_object_mut().unwrap().remove("hindsight");
    let o: Observation = serde_json::from_value(plain).unwrap();
    let trunk = &h.layers[0];
    assert_eq!(
        (trunk.ceiling_calls, trunk.observed_peak_calls),
        (Some(20.0), 25)
    );
    assert_eq!(
        trunk.observed_peak_calls, o.peak_calls,
        "one layer carries every call"
    );
    let replay = trunk.replay_refused_calls;
    let erlang = trunk.erlang_b_refused_calls.unwrap();
    let hayward = trunk.hayward_refused_calls.unwrap();
    assert!(replay > 1000.0, "{replay}");
    assert!(erlang > hayward && (hayward - replay).abs() < (erlang - replay).abs());
    assert!(
        (hayward / replay - 1.0).abs() < 0.10,
        "{hayward} vs {replay}"
    );
    assert!((h.peakedness - z(&v)).abs() < 1e-12);
}

#[test]
fn a_plan_made_beforehand_is_put_beside_what_happened() {
    // The plan: compute on the records' own arrivals (as a planner would have, a period
    // earlier), saved as JSON; its design peak is set beside the observed peak.
    let f = Fixture::new();
    let (poisson, _) = loss_system(10.0, None, 3);
    f.file("calls.csv", &poisson).file(
        "stack.toml",
        &TRUNK_20.replace("unused.csv", "arrivals.csv"),
    );
    f.run(&["observe", "calls.csv", "--arrivals-out", "arrivals.csv"])
        .ok();
    let plan = f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout;
    f.file("plan.json", &plan);
    let planned: capplan::engine::headroom::Report = serde_json::from_str(&plan).unwrap();
    let v = observed(
        &f,
        &["calls.csv", "--stack", "stack.toml", "--plan", "plan.json"],
    );
    let h: Hindsight = serde_json::from_value(v["hindsight"].clone()).unwrap();
    assert_eq!(h.plan.as_deref(), Some("plan.json"));
    assert_eq!(
        h.layers[0].plan_design_peak_calls,
        Some(planned.layers[0].design_peak_calls)
    );
    let table = f
        .run(&[
            "observe",
            "calls.csv",
            "--stack",
            "stack.toml",
            "--plan",
            "plan.json",
        ])
        .ok()
        .stdout;
    assert!(
        table.contains("beside these records") && table.contains("peak "),
        "{table}"
    );
    f.file("not-a-plan.json", "{\"stack\": 1}");
    f.run(&[
        "observe",
        "calls.csv",
        "--stack",
        "stack.toml",
        "--plan",
        "not-a-plan.json",
    ])
    .fails_with(&["not-a-plan.json", "compute -f json"]);
}

#[test]
fn a_stack_s_peakedness_sizes_its_erlang_b_figures_by_hayward() {
    // 40 calls an hour of 15 minutes: 10 erlangs on a trunk of 15 channels (9.9966 at the peak
    // of calls in progress, which two hourly rows reach from below). With peakedness 0.7 the
    // blocking is B(10/0.7, 15/0.7) = 1.882% (mpmath), not Erlang B's 3.650%, and 1% needs 16
    // channels, not 18: the figures `erlang b` and `erlang lines --peakedness 0.7` give.
    let f = Fixture::new();
    f.file("arrivals.csv", "time,calls\n09:00,40\n10:00,40\n").file(
        "stack.toml",
        "[defaults]\nblocking = \"1%\"\npeakedness = 0.7\n\n[[workload]]\nname = \"inbound\"\narrivals = \"arrivals.csv\"\naht = \"15m\"\n\n[[layer]]\nname = \"trunk\"\nkind = \"trunk\"\nchannels = 15\n",
    );
    let r = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
    let report: capplan::engine::headroom::Report = serde_json::from_str(&r.stdout).unwrap();
    let trunk = &report.layers[0];
    let offered = trunk.offered_erlangs.unwrap();
    assert!((offered - 10.0).abs() < 0.01, "{offered}");
    let blocking = trunk.blocking.unwrap();
    assert_eq!(
        blocking,
        capplan::engine::erlang::hayward_b(offered, 15.0, 0.7)
    );
    assert!(
        (blocking - 0.018_822_979_611_357_7).abs() < 1e-4,
        "{blocking}"
    );
    assert_eq!(trunk.ceiling_for_target, Some(16.0));
    assert!(
        report
            .binding_erlang
            .unwrap()
            .contains("Hayward's peakedness 0.7")
    );
    let b = f
        .run(&[
            "erlang",
            "b",
            "--traffic",
            "10",
            "--lines",
            "15",
            "--peakedness",
            "0.7",
            "-f",
            "json",
        ])
        .ok()
        .stdout;
    assert!(b.contains("0.0188229796113577"), "{b}");
    f.file("bad.toml", "[defaults]\npeakedness = 0\n[[workload]]\nname = \"w\"\narrivals = \"arrivals.csv\"\naht = \"1m\"\n[[layer]]\nname = \"t\"\nkind = \"trunk\"\nchannels = 1\n");
    f.run(&["compute", "bad.toml"])
        .fails_with(&["bad.toml:2", "peakedness must be from 0.01 to 100"]);
}

#[test]
fn the_shipped_vapi_log_meets_the_default_pool_and_fits_the_stack_as_it_is() {
    // examples/voice-agent/calls.json: 461 call objects made under Vapi's default 10 concurrent
    // calls. Their types (inboundPhoneCall, outboundPhoneCall, webCall) are the stack's
    // workloads of those directions (inbound, outbound, web).
    let r = crate::util::run_in(
        crate::util::repo(),
        &[
            "observe",
            "examples/voice-agent/calls.json",
            "--stack",
            "examples/voice-agent/stack.toml",
            "-f",
            "json",
        ],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let refused = &v["refusals"][0];
    assert_eq!(refused["calls"], 39);
    assert_eq!(
        (
            refused["in_progress_min"].as_u64(),
            refused["in_progress_max"].as_u64()
        ),
        (Some(10), Some(10))
    );
    let h: Hindsight = serde_json::from_value(v["hindsight"].clone()).unwrap();
    let vapi = h.layers.iter().find(|l| l.name == "vapi").unwrap();
    assert_eq!(
        (vapi.observed_peak_calls, vapi.replay_refused_calls),
        (10, 0.0)
    );
    assert_eq!(vapi.replay_offered_calls, 461.0);
}
