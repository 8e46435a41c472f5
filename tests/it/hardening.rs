//! Inputs that once panicked, hung, ran out of memory or were accepted as garbage: each now
//! gets an answer or exit 2 with a message naming the input, within a bound a test reaches.

use crate::util::Fixture;

fn stack(layers: &str) -> String {
    format!(
        "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\ninterval = \"15m\"\n{layers}"
    )
}

#[test]
fn a_non_ascii_timestamp_is_an_error_not_a_panic() {
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n2026-03-02 é09:15,20\n").file(
        "stack.toml",
        &stack("[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n"),
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["a.csv:2:1", "expected a time"]);
}

#[test]
fn tens_of_thousands_of_layers_load_in_linear_time() {
    // 20,000 layers once took 27 s (each line number counted from the file's start).
    let mut layers = String::new();
    for i in 0..20_000 {
        layers.push_str(&format!(
            "[[layer]]\nname = \"l{i}\"\nkind = \"platform\"\nconcurrency = {}\n",
            i + 1
        ));
    }
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,100\n")
        .file("stack.toml", &stack(&layers));
    let out = f.run(&["compute", "stack.toml", "-f", "csv"]).ok();
    assert_eq!(out.stdout.lines().count(), 20_001);
}

#[test]
fn a_divisor_that_makes_a_ceiling_infinite_is_refused() {
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,100\n");
    for (key, value) in [("hold_share", "1e-320"), ("units_per_call", "1e-310")] {
        f.file(
            "stack.toml",
            &stack(&format!(
                "[[layer]]\nname = \"p\"\nkind = \"pool\"\nsize = 10\n{key} = {value}\n"
            )),
        );
        f.run(&["compute", "stack.toml", "--blocking", "1%"])
            .fails_with(&["stack.toml:10:", "ceiling of inf"]);
    }
}

#[test]
fn an_absurd_but_accepted_load_gets_no_endless_erlang_search() {
    // 1e9 calls in a 1-second interval held for 7 days: billions of erlangs. Erlang B would
    // take as many steps as servers; the layer says `size` instead of searching.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00:00,1000000000\n").file(
        "stack.toml",
        "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"7d\"\ninterval = \"1s\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n",
    );
    let out = f
        .run(&["compute", "stack.toml", "--blocking", "1%", "-f", "json"])
        .ok();
    let r: capplan::engine::headroom::Report = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(r.layers[0].erlang_skipped.as_deref(), Some("size"));
}

#[test]
fn erlang_searches_refuse_what_has_no_end() {
    let f = Fixture::new();
    let base = [
        "erlang",
        "agents",
        "--traffic",
        "10",
        "--aht",
        "180s",
        "--target",
        "20s",
    ];
    let mut args = base.to_vec();
    args.extend(["--service-level", "80%", "--max-occupancy", "1e-9"]);
    f.run(&args).fails_with(&["from 1% to 100%"]);
    let mut args = base.to_vec();
    args.extend(["--service-level", "100%"]);
    f.run(&args).fails_with(&["below 100%"]);
    f.run(&[
        "erlang",
        "extended-b",
        "--traffic",
        "1e7",
        "--recall",
        "60%",
        "--blocking",
        "1%",
    ])
    .fails_with(&["up to 100,000 erlangs"]);
    // Found by fuzzing (an out-of-memory abort): Erlang A with 30 years of patience against
    // overload would follow a queue of 280 million callers.
    f.run(&[
        "erlang",
        "a",
        "--traffic",
        "62",
        "--agents",
        "12",
        "--aht",
        "3m",
        "--patience",
        "1044381632s",
        "--target",
        "20s",
    ])
    .fails_with(&["callers deep", "shorter --patience"]);
    // Found by fuzzing (a timeout): a million erlangs on 62 agents, 18 minutes of patience:
    // following a caller down a 6-million-deep queue for the service level takes 3e12 steps.
    f.run(&[
        "erlang",
        "a",
        "--traffic",
        "1048576",
        "--agents",
        "62",
        "--aht",
        "3m",
        "--patience",
        "1088s",
        "--target",
        "20s",
    ])
    .fails_with(&["steps to follow", "shorter --patience or --target"]);
    // Found by fuzzing (timeouts): as many agents as erlangs but patience of months or years,
    // so the queue's spread alone runs to millions of callers.
    for (traffic, patience) in [
        ("3489856", "100664832s"),
        ("1048577", "268435457s"),
        ("65536", "704512s"),
        ("2944", "528482304s"),
    ] {
        f.run(&[
            "erlang",
            "a",
            "--traffic",
            traffic,
            "--agents",
            traffic,
            "--aht",
            "3m",
            "--patience",
            patience,
            "--target",
            "20s",
        ])
        .fails_with(&["callers deep"]);
    }
    // A recall of 99% at a tiny target used to crawl; bisection answers it.
    f.run(&[
        "erlang",
        "extended-b",
        "--traffic",
        "1000",
        "--recall",
        "99%",
        "--blocking",
        "1e-9",
    ])
    .ok();
}

#[test]
fn a_huge_field_is_cut_in_the_message() {
    let f = Fixture::new();
    let field = "x".repeat(1 << 20);
    f.file("a.csv", &format!("time,calls\n{field},3\n")).file(
        "stack.toml",
        &stack("[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n"),
    );
    let out = f.run(&["compute", "stack.toml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.len() < 1000,
        "{} bytes of message",
        out.stderr.len()
    );
    assert!(out.stderr.contains("more bytes of the message cut"));
}

#[test]
fn init_writes_both_files_or_neither() {
    // stack.toml is a folder: the stack cannot be written, so arrivals.csv must not be either.
    let f = Fixture::new();
    std::fs::create_dir(f.path("stack.toml")).unwrap();
    f.run(&[
        "init",
        "stack.toml",
        "--force",
        "--platform",
        "vapi",
        "--llm",
        "none",
    ])
    .fails_with(&["stack.toml", "not a file"]);
    assert!(!f.path("arrivals.csv").exists());
}

#[test]
fn a_tiny_sort_buffer_keeps_files_bounded() {
    let mut text = String::from("start,end\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "2026-03-02T09:{:02}:{:02}Z,2026-03-02T10:00:00Z\n",
            (i / 60) % 60,
            i % 60
        ));
    }
    let f = Fixture::new();
    f.file("c.csv", &text);
    let out = f
        .run(&["observe", "c.csv", "--sort-buffer", "3", "-f", "json"])
        .ok();
    let o: capplan::engine::observe::Observation = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(o.peak_calls, 3000);
}

mod readers {
    //! Any bytes, to every reader: a result or an error with a message, never a panic.
    use proptest::prelude::*;

    const STACK: &str = "[[workload]]\nname = \"a\"\narrivals = \"x.csv\"\naht = \"3m\"\n[[workload]]\nname = \"b\"\narrivals = \"x.csv\"\naht = \"1h\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 75\ncalls_per_second = 1\n";

    /// Bytes that look like CSV often enough to get past the header.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let header = prop_oneof![
            Just(b"time,workload,calls,aht_s\n".to_vec()),
            Just(b"start,end,workload\n".to_vec()),
            Just(b"start,duration\n".to_vec()),
        ];
        let body = prop::collection::vec(
            prop_oneof![
                Just(b"2026-03-02 09:".to_vec()),
                Just(b"1772442900".to_vec()),
                Just(b"T09:15:00Z".to_vec()),
                Just(b",a,".to_vec()),
                Just(b",b,".to_vec()),
                Just(b"\n".to_vec()),
                Just(b"\"".to_vec()),
                Just(vec![0xff]),
                prop::collection::vec(any::<u8>(), 0..6),
                (0u32..100_000).prop_map(|n| n.to_string().into_bytes()),
            ],
            0..40,
        );
        (header, body).prop_map(|(h, b)| [h, b.concat()].concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn arrivals_and_the_load_model_take_any_bytes(data in csvish()) {
            let path = std::path::Path::new("x.csv");
            let stack = capplan::model::stack::parse(path, STACK, &Default::default()).unwrap();
            if let Ok(series) = capplan::io::arrivals::read_from(&stack, path, &data[..], &[0, 1])
                && let Ok(tl) = capplan::engine::timeline::Timeline::build(&stack, &series)
            {
                let r = capplan::engine::headroom::compute(&stack, &tl, "x");
                prop_assert!(r.layers.iter().all(|l| l.utilization.is_finite()));
            }
        }

        #[test]
        fn the_stack_loader_takes_any_text(text in "[a-z_\\[\\]=\"\\n0-9 .%{},]{0,200}") {
            let _ = capplan::model::stack::parse(std::path::Path::new("s.toml"), &text, &Default::default());
        }

        #[test]
        fn observe_takes_any_bytes(data in csvish()) {
            let f = crate::util::Fixture::new();
            std::fs::write(f.path("c.csv"), &data).unwrap();
            let opts = capplan::engine::observe::Options {
                interval_ms: 60_000,
                columns: Default::default(),
                zone: capplan::io::records::Zone::parse("UTC").unwrap(),
                skip_bad: data.len() % 2 == 0,
                buffer_events: 8,
                threads: Some(1 + data.len() % 3),
                from_answer: data.len() % 5 == 0,
                provider: None,
                keep_calls: false,
            };
            let _ = capplan::engine::observe::observe(&f.path("c.csv"), opts);
        }
    }
}

#[test]
fn a_one_second_grid_with_hour_long_calls_stays_quick() {
    // Found by fuzzing (a timeout): `00:000:31` makes a 31-second interval beside a 49-minute
    // one, so the day's grid is 86,400 one-second steps; fixed hour-long calls then walked a
    // day-long kernel for every busy second. The kernel is now as long as the calls last.
    let f = Fixture::new();
    f.file("x.csv", "time,workload,calls\n00:00,a,2\n00:000:31,a,2\n01:30,b,5\n00:41,b,30\n")
        .file(
            "stack.toml",
            "[[workload]]\nname = \"a\"\narrivals = \"x.csv\"\naht = \"3m\"\n[[workload]]\nname = \"b\"\narrivals = \"x.csv\"\naht = \"1h\"\nhandle_time = \"fixed\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 75\n",
        );
    let out = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
    let r: capplan::engine::headroom::Report = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!((r.interval_s, r.intervals), (1.0, 86_400));
}
