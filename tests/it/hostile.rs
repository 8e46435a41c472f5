//! Hostile inputs to the newer commands: names that try to leave a quoted SQL identifier, and
//! values that would make a command hang or allocate without bound.

use crate::util::Fixture;

#[test]
fn a_backslash_cannot_end_a_bigquery_identifier() {
    // BigQuery reads escape sequences in quoted identifiers: `a\` + backtick would be an
    // escaped backtick, and the rest live SQL. Escaped, the backslash is `\\` and the
    // backtick `\``: the identifier runs to the closing backtick we write.
    let f = Fixture::new();
    let out = f
        .run(&[
            "observe",
            "--sql",
            "bigquery",
            "--table",
            "p.d.calls",
            "--start",
            "a\\`, 1 AS x FROM evil) --",
            "--end",
            "e",
        ])
        .ok();
    assert!(
        out.stdout
            .contains("UNIX_MILLIS(`a\\\\\\`, 1 AS x FROM evil) --`)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("UNIX_MILLIS(`a\\\\`, 1"));
    let out = f
        .run(&[
            "observe", "--sql", "bigquery", "--table", "t", "--start", "a\\", "--end", "e",
        ])
        .ok();
    assert!(out.stdout.contains("`a\\\\`"), "{}", out.stdout);
    // A line break in a name is refused, naming the flag.
    f.run(&[
        "observe", "--sql", "duckdb", "--table", "t", "--start", "a\nb", "--end", "e",
    ])
    .fails_with(&["--start", "control characters"]);
}

#[test]
fn a_lead_time_that_would_wrap_is_refused() {
    // 613,566,757 weeks = 4,294,967,299 days: wrapped in a u32 it was 3 days.
    for lt in ["613566757w", "138547333mo", "121mo"] {
        let f = crate::util::half_full(&format!("lead_time = \"{lt}\"\n"));
        f.run(&["compute", "stack.toml"]).fails_with(&[
            "stack.toml:",
            "lead_time",
            "over 10 years",
        ]);
    }
    let f = crate::util::half_full("lead_time = \"120mo\"\n");
    f.run(&["compute", "stack.toml"]).ok();
    let f = crate::util::half_full(&format!("lead_time = \"{}s\"\n", "9".repeat(400)));
    f.run(&["compute", "stack.toml"]).fails_with(&["lead_time"]);
}

#[test]
fn a_sort_buffer_past_its_bound_is_refused_before_anything_is_allocated() {
    // 1e9 events of 16 bytes would be 16 GB allocated up front.
    let f = Fixture::new();
    f.file(
        "c.csv",
        "start,end\n2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n",
    );
    let r = f.run(&["observe", "c.csv", "--sort-buffer", "1000000000"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--sort-buffer"), "{}", r.stderr);
    assert_eq!(f.run(&["observe", "c.csv", "--sort-buffer", "1"]).code, 2);
}

#[test]
fn a_vanishing_load_ends_at_once_with_no_calls() {
    // At 1e-12 of a day's arrivals the next call is about 1e12 days away: the day passes
    // without one (the search stepped through day after day before, for ever).
    let repo = crate::util::repo();
    for load in ["1e-12", "1e-300%"] {
        let out = crate::util::run_in(
            repo,
            &[
                "simulate",
                "examples/voice-agent/stack.toml",
                "--load",
                load,
                "-f",
                "json",
            ],
        )
        .ok();
        let r: capplan::engine::simulate::SimReport = serde_json::from_str(&out.stdout).unwrap();
        assert!(r.levels[0].calls_per_day < 1.0, "{load}: {:?}", r.levels[0]);
    }
}

#[test]
fn a_retry_share_that_makes_a_storm_is_refused() {
    // 99.9999% of refused callers calling again is a million tries each on average.
    let f = crate::util::glossary_with_layers(
        "[[layer]]\nname = \"t\"\nkind = \"trunk\"\nchannels = 1\n",
    );
    let stack = f.read("stack.toml").replace(
        "handle_time = \"fixed\"\n",
        "handle_time = \"fixed\"\nretry = { share = \"99.9999%\", after = \"1ms\" }\n",
    );
    f.file("stack.toml", &stack);
    f.run(&["simulate", "stack.toml"]).fails_with(&[
        "stack.toml:",
        "retry share",
        "1000000 times",
        "at most 99%",
    ]);
}

#[test]
fn erlang_traffic_inverts_blocking_to_the_float_range_or_says_it_cannot() {
    let f = Fixture::new();
    // One line blocks A / (1 + A): 1e-100 of blocking is 1e-100 erlangs (it gave 3.1e-61).
    let out = f
        .run(&[
            "erlang",
            "traffic",
            "--lines",
            "1",
            "--blocking",
            "1e-100",
            "-f",
            "json",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let a = v["results"]["traffic_erlangs"].as_f64().unwrap();
    assert!((a / 1e-100 - 1.0).abs() < 1e-12, "{a}");
    // 0.0001 lines block 98.6% of almost any traffic: 50% would need about 1e-3010 erlangs.
    f.run(&[
        "erlang",
        "traffic",
        "--lines",
        "0.0001",
        "--blocking",
        "50%",
    ])
    .fails_with(&["0.0001 lines", "no traffic meets that target"]);
}

#[test]
fn a_large_baseline_compares_layer_by_layer_through_maps() {
    // 3,000 layers now and a baseline of the same 3,000 plus 3,000 removed ones: every layer is
    // looked up by name once (a list search per layer took 8.9 s at 60,000 layers).
    let mut layers = String::new();
    for i in 0..3_000 {
        layers.push_str(&format!(
            "[[layer]]\nname = \"l{i}\"\nkind = \"platform\"\nconcurrency = {}\n",
            i + 100
        ));
    }
    let f = crate::util::glossary_with_layers(&layers);
    let saved = f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout;
    let mut v: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let extra: Vec<serde_json::Value> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l["name"] = format!("old-{}", l["name"].as_str().unwrap()).into();
            l
        })
        .collect();
    v["layers"].as_array_mut().unwrap().extend(extra);
    f.file("base.json", &v.to_string());
    let out = f
        .run(&[
            "check",
            "stack.toml",
            "--baseline",
            "base.json",
            "-f",
            "json",
        ])
        .ok()
        .stdout;
    let verdict: capplan::cmd::check::Verdict = serde_json::from_str(&out).unwrap();
    let b = verdict.baseline.unwrap();
    assert_eq!(b.layers.len(), 6_000);
    let removed = b
        .layers
        .iter()
        .filter(|l| l.utilization_now.is_none())
        .count();
    assert_eq!(removed, 3_000);
    assert!(
        b.layers[..3_000]
            .iter()
            .all(|l| l.utilization_delta == Some(0.0))
    );
}

#[test]
fn two_outputs_of_one_command_are_two_files_and_each_is_checked_first() {
    let repo = crate::util::repo();
    let stack = repo.join("examples/voice-agent/stack.toml");
    let stack = stack.to_str().unwrap();
    let f = Fixture::new();
    let same = f.path("same.out");
    let same = same.to_str().unwrap();
    f.run(&["report", stack, "-o", same, "--chart", same])
        .fails_with(&["-o", "--chart", "name the same file"]);
    assert!(!f.path("same.out").exists());
    f.file(
        "c.csv",
        "start,end\n2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n",
    );
    f.run(&[
        "observe",
        "c.csv",
        "-o",
        "x.csv",
        "--arrivals-out",
        "./x.csv",
    ])
    .fails_with(&["--arrivals-out", "name the same file"]);
    assert!(!f.path("x.csv").exists());
    // The chart over the stack's own arrivals: refused naming --chart, before the plan is
    // written.
    let arrivals = repo.join("examples/voice-agent/arrivals.csv");
    let plan = f.path("plan.csv");
    f.run(&[
        "report",
        stack,
        "-o",
        plan.to_str().unwrap(),
        "--chart",
        arrivals.to_str().unwrap(),
    ])
    .fails_with(&["--chart", "refusing to write over an input file"]);
    assert!(!plan.exists(), "the plan was written before the refusal");
}

/// A typical day of `per_15m` calls every 15 minutes at `aht`, through one layer of `layer`.
fn a_day_through(per_15m: f64, aht: &str, layer: &str) -> Fixture {
    let f = Fixture::new();
    let mut csv = String::from("time,calls\n");
    for k in 0..96 {
        csv.push_str(&format!("{:02}:{:02},{per_15m}\n", k / 4, k % 4 * 15));
    }
    f.file("a.csv", &csv).file(
        "stack.toml",
        &format!(
            "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"{aht}\"\n[[layer]]\nname = \"l\"\n{layer}"
        ),
    );
    f
}

#[test]
fn a_queue_that_never_empties_is_said_and_a_layer_that_serves_nobody_is_refused() {
    // 1,513 calls a day of 3 minutes is 3.15 erlangs on one slot: the queue grows all day.
    // Patience is infinite, so nobody is refused or abandons: the callers still waiting at
    // the end are counted and said.
    let f = a_day_through(
        1513.0 / 96.0,
        "3m",
        "kind = \"platform\"\nconcurrency = 1\nqueue = { patience = \"infinite\" }\n",
    );
    let out = f.run(&["simulate", "stack.toml"]).ok().stdout;
    assert!(out.contains("still waiting when the run ended"), "{out}");
    let json = f.run(&["simulate", "stack.toml", "-f", "json"]).ok().stdout;
    let r: capplan::engine::simulate::SimReport = serde_json::from_str(&json).unwrap();
    let l = &r.levels[0].layers[0];
    // Served at most 24 h / 3 min = 480 a day: over a thousand are left waiting.
    assert!(l.waiting_at_end > 900.0, "{l:?}");
    // A pool of one connection where each call needs two at once serves nobody.
    let f = a_day_through(
        10.0,
        "3m",
        "kind = \"pool\"\nsize = 1\nunits_per_call = 2\nhold_share = \"15%\"\n",
    );
    f.run(&["simulate", "stack.toml"]).fails_with(&[
        "stack.toml:",
        "can never serve a call",
        "units_per_call = 2",
    ]);
}

#[test]
fn a_dated_run_counts_refusal_days_as_calendar_days() {
    // A week of dated rows is one run of 7 calendar days: "of 7 calendar days", never
    // "of 1 simulated days".
    let f = Fixture::new();
    let mut csv = String::from("time,calls\n");
    for q in 0..7 * 96 {
        let (d, h, m) = (2 + q / 96, q % 96 / 4, q % 4 * 15);
        csv.push_str(&format!("2026-03-{d:02} {h:02}:{m:02},200\n"));
    }
    f.file("a.csv", &csv).file(
        "stack.toml",
        "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"l\"\nkind = \"trunk\"\nchannels = 30\n",
    );
    let out = f.run(&["simulate", "stack.toml"]).ok().stdout;
    assert!(out.contains("of 7 calendar days (1 run of 7)"), "{out}");
    assert!(!out.contains("of 1 simulated day"), "{out}");
}

#[test]
fn a_record_without_end_is_refused_at_its_bound_by_every_reader() {
    // /dev/zero is one line without end: each reader stops at 16 MiB with exit 2, where they
    // buffered it until memory ran out (2.1 GB).
    let repo = crate::util::repo();
    let stack = "examples/voice-agent/stack.toml";
    for args in [
        vec!["observe", "/dev/zero"],
        vec!["forecast", "/dev/zero"],
        vec!["simulate", stack, "--replay", "/dev/zero"],
        vec!["compute", stack, "--arrivals", "inbound=/dev/zero"],
        vec!["compute", stack, "--projection", "/dev/zero"],
    ] {
        crate::util::run_in(repo, &args).fails_with(&["/dev/zero", "16 MiB"]);
    }
    for args in [
        vec!["compute", "/dev/zero"],
        vec!["check", stack, "--baseline", "/dev/zero"],
    ] {
        crate::util::run_in(repo, &args).fails_with(&["/dev/zero", "256 MiB"]);
    }
    // A stray quote on line 2 makes the rest of the file one field: refused at the bound,
    // with --skip-bad as well (it is no bad row to skip).
    let f = Fixture::new();
    let mut text = String::from("start,end\n\"2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n");
    let row = "2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n";
    text.push_str(&row.repeat((17 << 20) / row.len()));
    f.file("quote.csv", &text);
    for skip in [false, true] {
        let mut args = vec!["observe", "quote.csv"];
        if skip {
            args.push("--skip-bad");
        }
        f.run(&args)
            .fails_with(&["quote.csv", "a quote never closed"]);
    }
}

#[test]
fn forecast_reads_arrivals_by_compute_s_rules() {
    // `3m` in an aht_s column was read as 0 (halving the mean AHT); a negative or 1e308 AHT
    // passed, and a count of 1e38 was forecast and then refused by compute.
    let f = Fixture::new();
    let mut ok = String::from("time,calls,aht_s\n");
    for q in 0..14 * 96 {
        let (d, h, m) = (2 + q / 96, q % 96 / 4, q % 4 * 15);
        ok.push_str(&format!("2026-03-{d:02} {h:02}:{m:02},5,180\n"));
    }
    for (bad, col, says) in [
        (",5,3m\n", "3", "aht_s: expected seconds, found `3m`"),
        (",5,-1\n", "3", "at most 7d"),
        (",5,1e308\n", "3", "at most 7d"),
        (",1e38,180\n", "2", "calls must be between 0 and 1e9"),
    ] {
        let text = ok.replacen(",5,180\n", bad, 1);
        f.file("h.csv", &text);
        f.run(&["forecast", "h.csv"])
            .fails_with(&[&format!("h.csv:2:{col}"), says]);
    }
    f.file("h.csv", &ok);
    f.run(&["forecast", "h.csv"]).ok();
}

#[test]
fn a_corrupt_parquet_page_header_is_refused_at_once() {
    // tests/data/footer-loop.parquet (821 bytes, from a fuzzing run) has a page header that
    // declares a list of about 2^31 doubles. The parquet crate skips each one with a read that
    // finds the end of the file and goes on: 435 s of empty reads before it gave up. Reading
    // past the end is an error now, so both readers of records refuse it at once (exit 2).
    let f = Fixture::new();
    let bytes = std::fs::read(crate::util::repo().join("tests/data/footer-loop.parquet")).unwrap();
    std::fs::write(f.path("loop.parquet"), bytes).unwrap();
    f.file(
        "stack.toml",
        "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"l\"\nkind = \"trunk\"\nchannels = 30\n",
    );
    f.file("a.csv", "time,calls\n2026-03-02T09:00:00Z,10\n");
    for args in [
        vec!["observe", "loop.parquet"],
        vec!["simulate", "stack.toml", "--replay", "loop.parquet"],
    ] {
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = f.path("");
        let owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        std::thread::spawn(move || {
            let a: Vec<&str> = owned.iter().map(String::as_str).collect();
            let _ = tx.send(crate::util::run_in(&dir, &a));
        });
        let run = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("{args:?} still running after 30 s"));
        run.fails_with(&["loop.parquet", "past the end of the file"]);
    }
}
