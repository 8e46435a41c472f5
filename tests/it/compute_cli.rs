//! `capplan compute` end to end: the glossary's worked example, each kind of limit, shared layers,
//! overrides, output files and pipes.

use capplan::engine::headroom::{Report, Status};

use crate::util::{Fixture, glossary_example, glossary_with_layers, repo, run_in};

fn json(f: &Fixture, args: &[&str]) -> Report {
    let mut all = vec!["compute", "stack.toml", "--format", "json"];
    all.extend_from_slice(args);
    let out = f.run(&all).ok();
    serde_json::from_str(&out.stdout).expect("the JSON parses back into the documented struct")
}

#[test]
fn glossary_worked_example_is_exact() {
    // BubblyPhone glossary, "Concurrent Calls" (2026-04-05): 10 calls/min at 3 min AHT is 30
    // concurrent calls on average; provisioning x 2.5 gives 75. The fixture's calls last exactly
    // 3 minutes, so at 09:15 the calls in progress are the 3 minutes' arrivals: 10 x 3 = 30.
    let f = glossary_example();
    let r = json(&f, &[]);
    let l = &r.layers[0];
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    close(l.avg_calls, 30.0);
    close(l.design_peak_calls, 75.0);
    assert_eq!(l.ceiling_calls, Some(50.0));
    close(l.utilization, 1.5);
    close(l.headroom_calls.unwrap(), -25.0);
    assert_eq!(l.status, Status::Over);
    assert_eq!(l.peak_at, "09:15");
    close(l.arrivals_per_min_at_peak, 10.0);
    assert_eq!(r.binding_layer.as_deref(), Some("platform"));
    assert_eq!(
        r.binding_arithmetic,
        "expected calls in progress at 09:15: 30.0 x 2.5 = 75 > ceiling 50 (50 concurrent calls)"
    );
    let table = f.run(&["compute", "stack.toml"]).ok().stdout;
    assert!(table.contains("30.0 x 2.5 = 75 > ceiling 50"));
    assert!(table.contains("new calls are blocked, or accepted with 200 OK and never connected"));
}

#[test]
fn the_design_peak_is_named_so_and_its_former_name_still_reads() {
    // The glossary example's design peak is 10 calls/min x 3 min x 2.5 = 75 calls.
    let f = glossary_example();
    let table = f
        .run(&["compute", "stack.toml", "--color", "never"])
        .ok()
        .stdout;
    assert!(
        table.contains("design_peak_calls") && !table.contains(" peak_calls"),
        "{table}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    assert_eq!(v["layers"][0]["design_peak_calls"], 75.0);
    assert_eq!(v["layers"][0]["peak_calls"], 75.0);
    let csv = f.run(&["compute", "stack.toml", "-f", "csv"]).ok().stdout;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    // The new name where the old one was; the old one appended, so positions do not move.
    assert_eq!(&header[4], "design_peak_calls");
    assert_eq!(header.iter().next_back(), Some("peak_calls"));
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!((&row[4], row.iter().next_back().unwrap()), ("75", "75"));
    // A baseline saved under the former name alone still compares.
    let old = serde_json::to_string(&{
        let mut v = v.clone();
        v["layers"][0]
            .as_object_mut()
            .unwrap()
            .remove("design_peak_calls");
        v
    })
    .unwrap();
    f.file("before.json", &old);
    let r = f.run(&[
        "check",
        "stack.toml",
        "--baseline",
        "before.json",
        "-f",
        "json",
    ]);
    assert!(!r.stderr.contains("is not a capplan"), "{}", r.stderr);
}

#[test]
fn steady_arrivals_give_littles_law_under_the_default_handle_time() {
    // A dated series at a steady 10 calls/min, 3m AHT, exponential (the default): a series is
    // taken to have run at its first step's rate before it began, so calls in progress are
    // 10/min x 3 min = 30 at every boundary, and 75 x 2.5; the same as the glossary's figures.
    let f = Fixture::new();
    let rows = ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]
        .map(|t| format!("2026-03-02 {t},150\n"))
        .concat();
    f.file("a.csv", &format!("time,calls\n{rows}")).file(
        "stack.toml",
        "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 100\n",
    );
    let r = json(&f, &[]);
    let l = &r.layers[0];
    assert!((l.avg_calls - 30.0).abs() < 1e-9, "{}", l.avg_calls);
    assert!(
        (l.design_peak_calls - 75.0).abs() < 1e-9,
        "{}",
        l.design_peak_calls
    );
    assert_eq!(r.workloads[0].handle_time, "exponential");
}

#[test]
fn every_limit_reduces_to_a_ceiling_in_calls() {
    // 10 calls/min at 3m AHT: 30 average, 75 design peak, AHT 180 s.
    let f = glossary_with_layers(
        r#"
[[layer]]
name = "trunk"
kind = "trunk"
channels = 100
calls_per_second = 0.5      # 0.5 x 180 s = 90

[[layer]]
name = "numbers"
kind = "numbers"
numbers = 10
concurrent_per_number = 20  # 200
calls_per_hour_per_number = 30   # 300/h against the busiest rolling hour

[[layer]]
name = "llm"
kind = "llm"
sessions_per_key = 100
keys = 2                    # 200
tokens_per_minute = 1000000
tokens_per_call_minute = 8000    # 125
requests_per_minute = 600
requests_per_call_minute = 4     # 150

[[layer]]
name = "db"
kind = "pool"
size = 20
units_per_call = 2
hold_share = "15%"          # 20 / 0.3 = 66.67

[[layer]]
name = "webhooks"
kind = "generic"
capacity = 40
accounts = 3                # 120
"#,
    );
    let r = json(&f, &[]);
    let ceiling = |name: &str| {
        r.layers
            .iter()
            .find(|l| l.name == name)
            .unwrap()
            .ceiling_calls
            .unwrap()
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    close(ceiling("trunk"), 90.0);
    // The busiest rolling hour, 09:00-10:00, holds 150 + 150 + 60 = 360 calls, x 2.5 = 900
    // against 300 an hour: 3x over, so the layer carries 75 / 3 = 25 calls when it is full.
    close(ceiling("numbers"), 25.0);
    close(ceiling("llm"), 125.0);
    close(ceiling("db"), 20.0 / 0.3);
    close(ceiling("webhooks"), 120.0);
    let llm = r.layers.iter().find(|l| l.name == "llm").unwrap();
    assert_eq!(llm.limits.len(), 3, "every limit is reported");
    assert_eq!(llm.binding_limit, "tokens_per_minute");
    assert_eq!(llm.limits.iter().filter(|l| l.binds).count(), 1);
    assert_eq!(r.binding_layer.as_deref(), Some("numbers"));
    assert_eq!(
        r.binding_when_full,
        "calls from these numbers fail or are flagged as robocalls by carrier anti-fraud checks"
    );
}

#[test]
fn shared_layers_take_the_peak_of_the_sum() {
    // Inbound arrives mostly 09:00-10:00 and outbound 10:00-11:00; every call lasts exactly an
    // hour, so at 10:00 the calls in progress are 40 inbound + 10 outbound, at 11:00 10 + 40:
    // the shared layer sees 50, never 40 + 40.
    let f = Fixture::new();
    f.file("calls.csv", "time,workload,calls\n09:00,inbound,40\n09:00,outbound,10\n10:00,inbound,10\n10:00,outbound,40\n")
        .file(
            "stack.toml",
            r#"
[defaults]
peak_multiplier = 1
interval = "1h"

[[workload]]
name = "inbound"
arrivals = "calls.csv"
aht = "1h"
handle_time = "fixed"

[[workload]]
name = "outbound"
arrivals = "calls.csv"
aht = "1h"
handle_time = "fixed"

[[layer]]
name = "shared"
kind = "platform"
concurrency = 100

[[layer]]
name = "outbound-only"
kind = "platform"
workloads = ["outbound"]
concurrency = 100
"#,
        );
    let r = json(&f, &[]);
    assert_eq!(r.layers[0].design_peak_calls, 50.0);
    assert_eq!(r.layers[0].workloads, vec!["inbound", "outbound"]);
    assert_eq!(r.layers[1].design_peak_calls, 40.0);
    assert_eq!(r.layers[1].peak_at, "11:00");
}

#[test]
fn failover_members_add_up_and_accounts_multiply() {
    let f = glossary_with_layers(
        r#"
[[layer]]
name = "cpaas"
kind = "platform"
concurrency = 25
accounts = 2

  [[layer.failover]]
  name = "backup"
  concurrency = 10
  calls_per_second = 0.05   # 0.05 x 180 s = 9 binds within the backup
"#,
    );
    let l = &json(&f, &[]).layers[0];
    assert_eq!(l.ceiling_calls, Some(59.0));
    assert_eq!(
        l.binding_limit,
        "cpaas.concurrency + backup.calls_per_second"
    );
}

#[test]
fn flags_override_the_stack_file() {
    let f = glossary_example();
    f.file("busier.csv", "time,calls\n09:00,300\n09:15,300\n");
    let r = json(
        &f,
        &[
            "--arrivals",
            "inbound=busier.csv",
            "--peak-multiplier",
            "2",
            "--warn-at",
            "50%",
        ],
    );
    assert_eq!(r.layers[0].avg_calls, 60.0);
    assert_eq!(r.layers[0].design_peak_calls, 120.0);
    assert_eq!(r.warn_at, 0.5);
    // An interval given on the command line is used as is: 150 calls per 30 minutes.
    f.file("one.csv", "time,calls\n09:00,150\n");
    let r = json(&f, &["--arrivals", "inbound=one.csv", "--interval", "30m"]);
    assert_eq!(r.layers[0].avg_calls, 15.0);
}

#[test]
fn per_row_aht_and_dated_rows_are_read() {
    let f = Fixture::new();
    f.file("a.csv", "timestamp,calls,aht\n2026-03-02T09:00:00+01:00,60,2m\n2026-03-02T09:15:00+01:00,90,4m\n")
        .file(
            "stack.toml",
            "[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 100\n",
        );
    let l = &json(&f, &[]).layers[0];
    // Before 08:00Z the first row's rate held: 60/900 per s x 120 s = 8 in progress. Those, and
    // the 60 calls of 08:00-08:15, leave at 1/120 s; the 90 calls of 08:15-08:30 (4m AHT) bring
    // 90/900 x 240 x (1 - e^-3.75) by 08:30, the peak:
    // 8 e^-15 + 8 (1 - e^-7.5) e^-7.5 + 24 (1 - e^-3.75) = 23.4400.
    let e = |x: f64| (-x).exp();
    let by_hand = 8.0 * e(15.0) + 8.0 * (1.0 - e(7.5)) * e(7.5) + 24.0 * (1.0 - e(3.75));
    assert!(
        (l.avg_calls - by_hand).abs() < 1e-9,
        "{} vs {by_hand}",
        l.avg_calls
    );
    assert_eq!(l.peak_at, "2026-03-02T08:30:00Z");
    assert_eq!(l.aht_s_at_peak, 240.0);
}

#[test]
fn status_follows_the_warning_threshold() {
    let f = glossary_example();
    let status = |concurrency: u32| {
        f.file("stack.toml", &format!(
            "[[workload]]\nname = \"w\"\narrivals = \"arrivals.csv\"\naht = \"3m\"\nhandle_time = \"fixed\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = {concurrency}\n"
        ));
        json(&f, &[]).layers[0].status
    };
    assert_eq!(status(200), Status::Ok); // 37.5%
    assert_eq!(status(100), Status::Warn); // exactly 75%
    assert_eq!(status(75), Status::Over); // exactly at the ceiling
}

#[test]
fn output_files_are_written_whole_and_inputs_are_never_overwritten() {
    let f = glossary_example();
    f.run(&["compute", "stack.toml", "-f", "csv", "-o", "report.csv"])
        .ok();
    assert!(
        f.read("report.csv")
            .starts_with("layer,kind,workloads,ceiling_calls")
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.path("."))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
    let before = f.read("arrivals.csv");
    f.run(&["compute", "stack.toml", "-o", "arrivals.csv"])
        .fails_with(&["refusing to write over an input file"]);
    f.run(&["compute", "stack.toml", "-o", "stack.toml"])
        .fails_with(&["refusing"]);
    assert_eq!(f.read("arrivals.csv"), before);
    f.run(&["compute", "stack.toml", "-o", "no/such/dir/r.json"])
        .fails_with(&["does not exist"]);
}

#[test]
fn a_closed_pipe_is_success() {
    use std::process::{Command, Stdio};
    let f = glossary_example();
    let mut child = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["compute", "stack.toml", "-f", "json"])
        .current_dir(f.path("."))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let r = run_in(repo(), &["compute", "examples/voice-agent/stack.toml"]).ok();
    assert!(!r.stdout.contains('\x1b'), "no colour into a pipe");
    let r = run_in(
        repo(),
        &[
            "compute",
            "examples/voice-agent/stack.toml",
            "--color",
            "always",
        ],
    )
    .ok();
    assert!(r.stdout.contains('\x1b'));
    let r = run_in(
        repo(),
        &[
            "compute",
            "examples/voice-agent/stack.toml",
            "--color",
            "always",
            "-f",
            "json",
        ],
    )
    .ok();
    assert!(!r.stdout.contains('\x1b'), "never colour in JSON");
}

#[test]
fn the_shipped_examples_compute() {
    for ex in [
        "examples/voice-agent/stack.toml",
        "examples/contact-centre/stack.toml",
    ] {
        let r = run_in(repo(), &["compute", ex, "-f", "json"]).ok();
        let report: Report = serde_json::from_str(&r.stdout).unwrap();
        let max = report
            .layers
            .iter()
            .map(|l| l.utilization)
            .fold(0.0, f64::max);
        let binding = report.binding().unwrap();
        assert_eq!(binding.utilization, max);
    }
}

#[test]
fn a_blocking_target_adds_erlang_b_beside_the_rule_of_thumb() {
    // 30 erlangs offered (the glossary example) to a ceiling of 50: Erlang B tables give 41 lines
    // 29.888 erlangs at 1% and 42 lines 30.771, so 1% needs a ceiling of 42, not the 75 of x2.5.
    let f = glossary_example();
    let r = json(&f, &["--blocking", "1%"]);
    let l = &r.layers[0];
    assert_eq!(r.blocking_target, Some(0.01));
    // 150 calls per 15 minutes from 09:00 on a day that is otherwise quiet: calls in progress
    // reach 30 (1 - e^-10) = 29.9986 at 09:30 (exponential handle times, 3 m mean).
    let offered = l.offered_erlangs.unwrap();
    assert!((offered - 30.0).abs() < 1e-9, "{offered}");
    assert_eq!(l.erlang_unit.as_deref(), Some("calls"));
    assert_eq!(l.ceiling_for_target, Some(42.0));
    assert_eq!(
        l.blocking,
        Some(capplan::engine::erlang::erlang_b(offered, 50.0))
    );
    assert!(
        r.binding_erlang
            .unwrap()
            .contains("1.0% blocking needs 42 calls")
    );
    let table = f
        .run(&["compute", "stack.toml", "--blocking", "1%"])
        .ok()
        .stdout;
    assert!(table.contains("ceiling_for_target") && table.contains("offered_erlangs"));
    // The same from the stack file's defaults; without a target the column stays null.
    f.file(
        "stack.toml",
        &format!("[defaults]\nblocking = \"1%\"\n{}", f.read("stack.toml")),
    );
    assert_eq!(json(&f, &[]).layers[0].ceiling_for_target, Some(42.0));
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("blocking = \"1%\"", "blocking = \"100%\""),
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:2:", "blocking"]);
}

#[test]
fn writing_to_a_device_leaves_it_a_device() {
    // Regression: `-o /dev/null` once renamed a temporary file over the device, turning
    // /dev/null into a regular file for every later process on the machine.
    use std::os::unix::fs::FileTypeExt;
    let null = std::path::Path::new("/dev/null");
    if !std::fs::metadata(null).is_ok_and(|m| m.file_type().is_char_device()) {
        return; // not a usable /dev/null here: nothing to check
    }
    let f = glossary_with_layers(
        "[[layer]]\nname = \"platform\"\nkind = \"platform\"\nconcurrency = 50\n[layer.price]\nper_unit_month = 10.0\n",
    );
    f.run(&["compute", "stack.toml", "-f", "json", "-o", "/dev/null"])
        .ok();
    f.run(&["report", "stack.toml", "-o", "/dev/null"]).ok();
    assert!(
        std::fs::metadata(null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// Every cell of a rendered table, trimmed, line by line.
fn cells_of(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|l| l.split(['│', '┆']).map(|c| c.trim().to_string()))
        .collect()
}

/// The compute output up to the sentences under its layer table.
fn first_table(text: &str) -> &str {
    text.find("\nBinding").map_or(text, |i| &text[..i])
}

#[test]
fn no_number_is_split_at_any_width() {
    // The layer table at 60, 80, 120 columns and unlimited: cells never wrap, so every figure of
    // the unlimited table stands whole on one line of the narrow ones; when the table is too
    // wide, the per-limit column is left out with a note.
    let run = |columns: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_capplan"));
        cmd.args([
            "compute",
            "examples/voice-agent/stack.toml",
            "--color",
            "never",
        ])
        .current_dir(repo())
        .env_remove("COLUMNS");
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let wide = run(None);
    let figures: Vec<String> = cells_of(first_table(&wide))
        .into_iter()
        .filter(|c| c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '+'))
        .collect();
    assert!(figures.len() > 20);
    for columns in ["60", "80", "120"] {
        let narrow = run(Some(columns));
        let cells = cells_of(first_table(&narrow));
        // Every figure shown is a whole figure of the unlimited table: none is split.
        for c in cells
            .iter()
            .filter(|c| c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '+'))
        {
            assert!(
                figures.contains(c),
                "{c} is split at {columns} columns:\n{narrow}"
            );
        }
        // The layer, ceiling, design peak, utilisation and headroom always stay.
        for l in ["vapi", "66.7", "59.1", "88.6%", "7.6"] {
            assert!(
                cells.iter().any(|c| c == l),
                "{l} lost at {columns}:\n{narrow}"
            );
        }
        assert!(
            narrow.contains("left out at this width: limits_calls"),
            "{columns}"
        );
        // At 80 and 120 columns every line fits, tables and the prose under them (at 60 the
        // six columns that always stay do not).
        let frame = narrow.lines().map(|l| l.chars().count()).max().unwrap();
        let limit: usize = columns.parse().unwrap();
        assert!(
            limit == 60 || frame <= limit,
            "{frame} > {limit}:\n{narrow}"
        );
    }
    assert!(wide.contains("limits_calls"));
}

#[test]
fn every_table_keeps_its_figures_whole_at_any_width() {
    // report, simulate, check, presets and observe at 60, 80 and 120 columns: every word of a cell that
    // starts with a digit is a whole word of the unlimited table (prose may wrap at spaces; a
    // figure is never split).
    let f = crate::util::Fixture::new();
    f.file(
        "cdr.csv",
        "start,end,direction\n2026-03-02T09:00:00Z,2026-03-02T09:10:00Z,inbound\n2026-03-02T09:05:00Z,2026-03-02T09:20:00Z,outbound\n",
    );
    let stack = repo().join("examples/voice-agent/stack.toml");
    let stack = stack.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["report", stack],
        &["simulate", stack, "--days", "2"],
        &["check", stack],
        &["presets"],
        &["observe", "cdr.csv"],
    ];
    let cells = |text: &str| -> Vec<String> {
        cells_of(text)
            .into_iter()
            .filter(|c| c.starts_with(|ch: char| ch.is_ascii_digit()))
            .collect()
    };
    for args in commands {
        let run = |columns: Option<&str>| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_capplan"));
            cmd.args(args).current_dir(f.path("")).env_remove("COLUMNS");
            if let Some(c) = columns {
                cmd.env("COLUMNS", c);
            }
            String::from_utf8(cmd.output().unwrap().stdout).unwrap()
        };
        let full = run(None);
        assert!(!cells(&full).is_empty(), "{args:?}");
        let words: std::collections::HashSet<&str> = full
            .split(|c: char| c.is_whitespace() || c == '│' || c == '┆')
            .collect();
        for columns in ["60", "80", "120"] {
            let narrow = run(Some(columns));
            // At 80 and 120 columns every line fits, but the one pasted into a stack file
            // (TOML's inline tables may not span lines).
            let limit: usize = columns.parse().unwrap();
            for line in narrow
                .lines()
                .filter(|l| !l.starts_with("For the stack file"))
            {
                let n = line.chars().count();
                assert!(
                    limit == 60 || n <= limit,
                    "{args:?} at {columns}: {n}\n{narrow}"
                );
            }
            for c in cells(&narrow) {
                for word in c.split_whitespace() {
                    assert!(
                        words.contains(word),
                        "{args:?} at {columns}: `{word}` is a piece\n{narrow}"
                    );
                }
            }
        }
    }
}
