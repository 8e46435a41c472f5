//! `capplan observe`: hand-made records with known peaks, touching calls, timestamp forms and
//! zones, row order, spilled sorting and parallel reading, bad rows, and the trip to compute.

use capplan::engine::headroom::Report;
use capplan::engine::observe::Observation;

use crate::util::{Fixture, Run};

/// Minutes after 09:00 on 2026-03-02: 1 [0,10) 2 [5,20) 3 [10,12) 4 [8,30) 5 [20,25).
/// By hand: level 1 on [0,5), 2 on [5,8), 3 on [8,12) (call 1 ends as call 3 starts at 10),
/// 2 on [12,25), 1 on [25,30): peak 3 first at 09:08; 54 call-minutes over 30 minutes = 1.8.
pub(crate) const CDR: &str = "call_id,direction,start_time,end_time
1,inbound,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z
2,inbound,2026-03-02T09:05:00Z,2026-03-02T09:20:00Z
3,outbound,2026-03-02T09:10:00Z,2026-03-02T09:12:00Z
4,outbound,2026-03-02T09:08:00Z,2026-03-02T09:30:00Z
5,inbound,2026-03-02T09:20:00Z,2026-03-02T09:25:00Z
";

fn observe(f: &Fixture, file: &str, args: &[&str]) -> Observation {
    let mut all = vec!["observe", file, "-f", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&f.run(&all).ok().stdout).expect("the JSON parses back")
}

fn run(f: &Fixture, args: &[&str]) -> Run {
    let mut all = vec!["observe"];
    all.extend_from_slice(args);
    f.run(&all)
}

#[test]
fn the_hand_made_peak() {
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    let o = observe(&f, "cdr.csv", &[]);
    assert_eq!(
        (o.calls, o.peak_calls, o.peak_at.as_str()),
        (5, 3, "2026-03-02T09:08:00Z")
    );
    assert!((o.avg_calls - 1.8).abs() < 1e-12);
    // Time at levels: 1 for 10 min, 2 for 16, 3 for 4: the median minute is at 2, p95 at 3.
    assert_eq!(
        (o.concurrency_p50, o.concurrency_p95, o.concurrency_p99),
        (2, 3, 3)
    );
    // Durations 10, 15, 2, 22, 5 minutes.
    assert_eq!(
        (o.aht_mean_s, o.aht_median_s, o.aht_p90_s),
        (648.0, 600.0, 1320.0)
    );
    let names: Vec<(&str, u64, u64)> = o
        .workloads
        .iter()
        .map(|w| (w.name.as_str(), w.calls, w.peak_calls))
        .collect();
    assert_eq!(names, [("inbound", 3, 2), ("outbound", 2, 2)]);
    // 09:00-09:15 holds 29 call-minutes (avg 29/15) and peaks at 3; 09:15-09:30 25 and 2;
    // 09:30 starts with calls still expected in progress (below), so it has a row too.
    assert_eq!(o.intervals.len(), 3);
    assert!((o.intervals[0].avg_calls - 29.0 / 15.0).abs() < 1e-12);
    assert_eq!(
        (o.intervals[0].peak_calls, o.intervals[1].peak_calls),
        (3, 2)
    );
    assert_eq!(o.intervals[0].calls, [2, 2]);
    // The records' own expectation, each call arriving evenly over its 15 minutes: at 09:15
    // the calls of 09:00-09:15 hold min(d, 15 min) / 15 min each: (10 + 15 + 2 + 15) / 15 =
    // 2.8; at 09:30 call 4 (22 min) holds 15 - (30 - 22) = 7 minutes of its interval's 15 and
    // call 5 (5 min, from 09:15-09:30) 5: 12 / 15 = 0.8; at 09:45 nothing.
    let expected: Vec<f64> = o.intervals.iter().map(|i| i.expected_calls).collect();
    for (got, want) in expected.iter().zip([0.0, 2.8, 0.8]) {
        assert!((got - want).abs() < 1e-12, "{expected:?}");
    }
    assert!((o.expected_peak_calls - 2.8).abs() < 1e-12);
    assert_eq!(o.expected_peak_at, "2026-03-02T09:15:00Z");
    // One month: observed peak 3 over expected 2.8 = 1.071, rounded up to 1.1; its design
    // peak 1.1 x 2.8 = 3.08 covers the 3 observed.
    let p = &o.peak_to_average;
    assert_eq!(p.by_month.len(), 1);
    assert!((p.by_month[0].ratio - 3.0 / 2.8).abs() < 1e-12);
    assert!((p.suggested_peak_multiplier - 1.1).abs() < 1e-12);
    assert!((p.design_peak_calls - 3.08).abs() < 1e-9);
}

#[test]
fn calls_that_touch_do_not_overlap() {
    let f = Fixture::new();
    f.file("cdr.csv", "start,end\n2026-03-02T09:00:00Z,2026-03-02T09:10:00Z\n2026-03-02T09:10:00Z,2026-03-02T09:20:00Z\n2026-03-02T09:20:00Z,2026-03-02T09:20:00Z\n");
    let o = observe(&f, "cdr.csv", &[]);
    assert_eq!((o.calls, o.peak_calls), (3, 1));
    assert_eq!(o.workloads[0].name, "all");
}

#[test]
fn every_timestamp_form_gives_the_same_answer() {
    let f = Fixture::new();
    // The first three calls of CDR, written five ways.
    f.file("offsets.csv", "start,end\n2026-03-02T10:00:00+01:00,2026-03-02T10:10:00+01:00\n2026-03-02T04:05:00-05:00,2026-03-02T04:20:00-05:00\n2026-03-02T09:10:00Z,2026-03-02T09:12:00Z\n")
        .file("paris.csv", "start,end\n2026-03-02 10:00:00,2026-03-02 10:10:00\n2026-03-02 10:05:00,2026-03-02 10:20:00\n2026-03-02 10:10:00.000,2026-03-02 10:12:00\n")
        .file("epoch.csv", "start,end\n1772442000,1772442600\n1772442300,1772443200\n1772442600000,1772442720000\n")
        .file("duration.csv", "started_at,billsec\n2026-03-02T09:00:00Z,600\n2026-03-02T09:05:00Z,15m\n2026-03-02T09:10:00Z,120.0\n");
    let want = observe(&f, "offsets.csv", &[]);
    assert_eq!(
        (want.peak_calls, want.peak_at.as_str()),
        (2, "2026-03-02T09:05:00Z")
    );
    for (file, args) in [
        ("paris.csv", vec!["--tz", "Europe/Paris"]),
        ("paris.csv", vec!["--tz", "+01:00"]),
        ("epoch.csv", vec![]),
        ("duration.csv", vec![]),
    ] {
        let o = observe(&f, file, &args);
        assert_eq!(
            (o.peak_calls, &o.peak_at, o.avg_calls),
            (want.peak_calls, &want.peak_at, want.avg_calls),
            "{file} {args:?}"
        );
    }
    run(&f, &["paris.csv", "--tz", "Mars/Olympus"]).fails_with(&["--tz", "unknown time zone"]);
}

#[test]
fn order_spilling_and_threads_do_not_change_the_answer() {
    let f = Fixture::new();
    let mut lines: Vec<&str> = CDR.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    f.file("cdr.csv", CDR)
        .file("reversed.csv", &format!("{header}\n{}\n", lines.join("\n")));
    let want = observe(&f, "cdr.csv", &[]);
    for (file, args) in [
        ("reversed.csv", vec![]),
        ("cdr.csv", vec!["--sort-buffer", "2"]),
        ("reversed.csv", vec!["--threads", "3", "--sort-buffer", "3"]),
    ] {
        let o = observe(&f, file, &args);
        assert_eq!(o.peak_calls, want.peak_calls, "{file} {args:?}");
        assert_eq!(o.intervals, want.intervals, "{file} {args:?}");
        assert_eq!(o.avg_calls, want.avg_calls);
    }
}

#[test]
fn bad_rows_name_their_line_or_are_counted() {
    let f = Fixture::new();
    let bad = format!(
        "{CDR}6,inbound,2026-03-02T09:40:00Z,2026-03-02T09:30:00Z\n7,inbound,yesterday,2026-03-02T09:30:00Z\n"
    );
    f.file("bad.csv", &bad);
    run(&f, &["bad.csv"]).fails_with(&["bad.csv:7:4", "ends before it starts"]);
    run(&f, &["bad.csv", "--threads", "2"]).fails_with(&["bad.csv:7:4"]);
    let o = observe(&f, "bad.csv", &["--skip-bad"]);
    assert_eq!((o.calls, o.skipped_rows), (5, 2));
    assert_eq!(
        o.skipped_examples[0],
        "line 7: column 4: the call ends before it starts"
    );
    assert!(o.skipped_examples[1].starts_with("line 8: column 3:"));
    let table = run(&f, &["bad.csv", "--skip-bad"]).ok().stdout;
    assert!(table.contains("skipped line 7: column 4"));
    f.file("nocols.csv", "a,b\n1,2\n");
    run(&f, &["nocols.csv"]).fails_with(&["nocols.csv", "no start column", "--start"]);
    run(&f, &["bad.csv", "--start", "strat_time"]).fails_with(&[
        "--start strat_time: no such column",
        "did you mean `start_time`?",
    ]);
    f.file("empty.csv", "");
    run(&f, &["empty.csv"]).fails_with(&["empty.csv", "empty"]);
    run(&f, &["bad.csv", "-o", "bad.csv"]).fails_with(&["refusing"]);
}

#[test]
fn observed_arrivals_feed_compute() {
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    f.run(&["observe", "cdr.csv", "--arrivals-out", "arrivals.csv"])
        .ok();
    // inbound 09:00: calls of 10 and 15 minutes, cut at 15 minutes: (600 + 900) / 2 = 750 s;
    // nothing is in progress at 09:00 yet. An interval without calls has no AHT.
    let a = f.read("arrivals.csv");
    assert!(
        a.starts_with(
            "time,workload,calls,aht_s,expected_calls\n2026-03-02T09:00:00Z,inbound,2,750,0\n"
        ),
        "{a}"
    );
    assert!(
        a.contains("2026-03-02T09:30:00Z,outbound,0,,0.466666666666"),
        "{a}"
    );
    f.file(
        "stack.toml",
        "[[workload]]\nname = \"inbound\"\narrivals = \"arrivals.csv\"\n[[workload]]\nname = \"outbound\"\narrivals = \"arrivals.csv\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 10\n",
    );
    let r: Report =
        serde_json::from_str(&f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    let calls: Vec<f64> = r.workloads.iter().map(|w| w.total_calls).collect();
    assert_eq!(calls, [3.0, 2.0]);
    // compute takes the records' own calls in progress at each row's start: 2.8 at 09:15 (see
    // the_hand_made_peak), the highest.
    assert!((r.layers[0].avg_calls - 2.8).abs() < 1e-12);
    assert_eq!(r.layers[0].peak_at, "2026-03-02T09:15:00Z");
}

mod hardening {
    //! Call records that once crashed, hung or fooled `observe`, and its pipeline into `compute`.
    use proptest::prelude::*;

    use crate::util::Fixture;

    #[test]
    fn out_of_range_and_absurd_calls_are_refused_not_swept() {
        let f = Fixture::new();
        for (rows, msg) in [
            (
                "1899-12-31 23:00:00,1900-01-01 01:00:00",
                "between 1970 and 2199",
            ),
            (
                "2026-03-02 09:00:00,9999999999999999999999999",
                "over 30 days",
            ),
            ("2026-03-02 09:00:00,2300-03-02 09:00:00", "over 30 days"),
            ("1,2026-03-02 ѣl3:00", "expected a time"),
            (
                "2026-03-02 09:00:00,2026-03-02 09:10:00,5",
                "expected 2 fields like the header",
            ),
        ] {
            f.file("c.csv", &format!("start,end\n{rows}\n"));
            f.run(&["observe", "c.csv", "--interval", "1s"])
                .fails_with(&["c.csv:2:", msg]);
        }
    }

    #[test]
    fn zero_length_calls_only_give_a_real_span() {
        // Two unanswered calls five minutes apart: a 5-minute span, peak 0 at the first call.
        let f = Fixture::new();
        f.file(
            "c.csv",
            "start,end\n2026-03-02 09:00:00,2026-03-02 09:00:00\n2026-03-02 09:05:00,2026-03-02 09:05:00\n",
        );
        let out = f
            .run(&["observe", "c.csv", "--interval", "1m", "-f", "json"])
            .ok();
        let o: capplan::engine::observe::Observation = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(
            (o.first_start.as_str(), o.last_end.as_str()),
            ("2026-03-02T09:00:00Z", "2026-03-02T09:05:00Z")
        );
        assert_eq!(
            (o.peak_calls, o.peak_at.as_str()),
            (0, "2026-03-02T09:00:00Z")
        );
        assert!(o.intervals.len() <= 6, "{}", o.intervals.len());
    }

    #[test]
    fn quoted_line_breaks_give_one_answer_for_any_thread_count() {
        // 2,000 calls whose workload names hold a quoted line break.
        let mut text = String::from("start,end,workload\n");
        for i in 0..2000 {
            text.push_str(&format!(
                "2026-03-02T09:{:02}:{:02}Z,2026-03-02T10:00:00Z,\"in\nbound\"\n",
                (i / 60) % 60,
                i % 60
            ));
        }
        let f = Fixture::new();
        f.file("c.csv", &text);
        let mut answers = Vec::new();
        for threads in ["1", "2", "3", "7"] {
            let out = f.run(&["observe", "c.csv", "--threads", threads, "-f", "json"]);
            answers.push((out.code, out.stdout));
        }
        assert!(
            answers.iter().all(|a| *a == answers[0]),
            "answers differ by thread count"
        );
        assert_eq!(answers[0].0, 0);
    }

    #[test]
    fn a_local_time_the_clocks_skip_is_named() {
        let f = Fixture::new();
        f.file(
            "c.csv",
            "start,end\n2026-03-29 02:30:00,2026-03-29 03:10:00\n",
        );
        f.run(&["observe", "c.csv", "--tz", "Europe/Paris"])
            .fails_with(&["c.csv:2:", "does not exist in Europe/Paris"]);
        // The repeated autumn hour is read with the summer offset and counted.
        f.file(
            "c.csv",
            "start,end\n2026-10-25 02:10:00,2026-10-25 02:30:00\n",
        );
        let out = f
            .run(&["observe", "c.csv", "--tz", "Europe/Paris", "-f", "json"])
            .ok();
        let o: capplan::engine::observe::Observation = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(o.ambiguous_rows, 1);
    }

    /// Found by fuzzing (`fuzz/artifacts/cdr`, a timeout): a 1970 epoch among 2026 rows, with
    /// --skip-bad, was skipped by one thread and fatal with two; the span is about the file.
    #[test]
    fn a_span_too_long_fails_alike_on_any_thread_count() {
        let f = Fixture::new();
        f.file(
            "c.csv",
            "start,duration\n2026-03-02 09:00:0,95\n20:0on\n2026-03-02 09:00:00,95\n2026-0 09:00:0-02 09:00:00,95\n200,1m 35s\n",
        );
        let mut answers = Vec::new();
        for threads in ["1", "2", "3"] {
            let out = f.run(&[
                "observe",
                "c.csv",
                "--interval",
                "1s",
                "--skip-bad",
                "--threads",
                threads,
            ]);
            answers.push((out.code, out.stdout, out.stderr));
        }
        assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
        assert!(answers[0].2.contains("span more than"), "{}", answers[0].2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Whatever `observe --arrivals-out` writes, `compute` reads: random call records with
        /// unanswered (zero-length) calls among them.
        #[test]
        fn what_observe_writes_compute_reads(
            calls in prop::collection::vec((0u32..86_400, prop_oneof![Just(0u32), 1u32..7200]), 1..40),
        ) {
            let mut text = String::from("start,duration\n");
            for (start, dur) in &calls {
                text.push_str(&format!("2026-03-02T{:02}:{:02}:{:02}Z,{dur}\n", start / 3600, start / 60 % 60, start % 60));
            }
            let f = Fixture::new();
            f.file("c.csv", &text).file(
                "stack.toml",
                "[defaults]\ninterval = \"15m\"\n[[workload]]\nname = \"all\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 10\n",
            );
            f.run(&["observe", "c.csv", "--interval", "15m", "--arrivals-out", "a.csv"]).ok();
            let out = f.run(&["compute", "stack.toml", "-f", "json"]);
            prop_assert_eq!(out.code, 0, "{}\n{}", out.stderr, f.read("a.csv"));
        }
    }
}
