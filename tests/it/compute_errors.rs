//! Bad input: every case exits 2 with a message naming the file, the line and the key.

use crate::util::{Fixture, GLOSSARY_WORKLOAD, glossary_example};

use crate::util::glossary_with_layers as with_layer;

fn compute(f: &Fixture) -> crate::util::Run {
    f.run(&["compute", "stack.toml"])
}

#[test]
fn malformed_toml_names_line_and_column() {
    let f = with_layer("[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = = 5\n");
    compute(&f).fails_with(&["stack.toml:9:"]);
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let f = with_layer("[[layer]]\nname = \"p\"\nkind = \"trunk\"\nchanels = 5\n");
    compute(&f).fails_with(&[
        "stack.toml:9:1",
        "unknown key `chanels`",
        "did you mean `channels`?",
    ]);
    let f = glossary_example();
    f.file("stack.toml", &format!("[defaults]\npeak_multiplyer = 2\n{GLOSSARY_WORKLOAD}[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n"));
    compute(&f).fails_with(&["stack.toml:2:1", "did you mean `peak_multiplier`?"]);
}

#[test]
fn a_key_of_another_kind_is_refused() {
    let f = with_layer("[[layer]]\nname = \"p\"\nkind = \"llm\"\nchannels = 5\n");
    compute(&f).fails_with(&[
        "stack.toml:9:12",
        "`channels` is not a limit of a `llm` layer",
        "sessions_per_key",
    ]);
}

#[test]
fn unknown_kinds_and_workloads_suggest() {
    let f = with_layer("[[layer]]\nname = \"p\"\nkind = \"platfrom\"\nconcurrency = 5\n");
    compute(&f).fails_with(&[
        "stack.toml:8:8",
        "unknown layer kind `platfrom`",
        "did you mean `platform`?",
    ]);
    let f = with_layer(
        "[[layer]]\nname = \"p\"\nkind = \"platform\"\nworkloads = [\"inbund\"]\nconcurrency = 5\n",
    );
    compute(&f).fails_with(&[
        "stack.toml:9:",
        "workload `inbund`",
        "did you mean `inbound`?",
    ]);
}

#[test]
fn missing_non_positive_nan_and_absurd_values_are_refused() {
    for (layer, pieces) in [
        (
            "kind = \"platform\"\n",
            vec!["stack.toml:7:", "sets no limit"],
        ),
        (
            "kind = \"platform\"\nconcurrency = 0\n",
            vec!["stack.toml:9:15", "`concurrency`", "positive"],
        ),
        (
            "kind = \"platform\"\nconcurrency = -3\n",
            vec!["stack.toml:9:", "positive"],
        ),
        (
            "kind = \"trunk\"\nchannels = nan\n",
            vec!["stack.toml:9:", "`channels`"],
        ),
        (
            "kind = \"trunk\"\nchannels = 1e15\n",
            vec!["stack.toml:9:", "below 1e12"],
        ),
        (
            "kind = \"pool\"\nsize = 10\nhold_share = \"150%\"\n",
            vec!["stack.toml:10:", "between 0% and 100%"],
        ),
        (
            "kind = \"pool\"\nsize = 10\nhold_share = 15\n",
            vec!["stack.toml:10:", "\"75%\""],
        ),
        (
            "kind = \"numbers\"\nconcurrent_per_number = 2\n",
            vec!["stack.toml:7:", "needs `numbers`"],
        ),
        (
            "kind = \"llm\"\ntokens_per_minute = 1000\n",
            vec!["needs both `tokens_per_minute` and `tokens_per_call_minute`"],
        ),
        (
            "kind = \"platform\"\nconcurrency = 5\naccounts = 1.5\n",
            vec!["stack.toml:10:", "`accounts`"],
        ),
        ("concurrency = 5\n", vec!["stack.toml:7:", "has no `kind`"]),
    ] {
        let f = with_layer(&format!("[[layer]]\nname = \"p\"\n{layer}"));
        compute(&f).fails_with(&pieces);
    }
}

#[test]
fn workload_problems_name_their_line() {
    let f = glossary_example();
    f.file("stack.toml", "[[workload]]\nname = \"a\"\narrivals = \"arrivals.csv\"\naht = \"180\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n");
    compute(&f).fails_with(&["stack.toml:4:7", "without a unit"]);
    f.file("stack.toml", "[[workload]]\nname = \"a\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n");
    compute(&f).fails_with(&["stack.toml:2:", "no `arrivals` file"]);
    f.file("stack.toml", "[[workload]]\nname = \"a\"\narrivals = \"nope.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n");
    compute(&f).fails_with(&["nope.csv"]);
    f.run(&["compute", "stack.toml", "--arrivals", "aa=x.csv"])
        .fails_with(&["`aa` is not a workload", "did you mean `a`?"]);
    f.file(
        "stack.toml",
        "[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n",
    );
    compute(&f).fails_with(&["no workloads"]);
    f.run(&["compute", "missing.toml"])
        .fails_with(&["missing.toml"]);
}

fn with_arrivals(csv: &str) -> Fixture {
    let f = with_layer("[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 50\n");
    f.file("arrivals.csv", csv);
    f
}

#[test]
fn bad_arrivals_name_file_line_and_column() {
    for (csv, pieces) in [
        ("", vec!["arrivals.csv", "empty"]),
        (
            "time,calls\n",
            vec!["arrivals.csv", "no rows for workload `inbound`"],
        ),
        (
            "time,calls\n09:00,5\n09:15,5\n09:35,5\n",
            vec!["arrivals.csv:4:1", "irregular", "20m"],
        ),
        (
            "time,calls\n09:00,5\n9am,5\n",
            vec!["arrivals.csv:3:1", "9am"],
        ),
        (
            "time,calls\n09:00,5\n09:15,five\n",
            vec!["arrivals.csv:3:2", "five"],
        ),
        (
            "time,calls\n09:00,5\n09:15,NaN\n",
            vec!["arrivals.csv:3:2", "between 0 and 1e9"],
        ),
        ("time,calls\n09:00,5\n09:15,-1\n", vec!["arrivals.csv:3:2"]),
        (
            "time,calls\n09:00,5\n09:00,5\n",
            vec!["arrivals.csv:3:1", "same time", "lines 2 and 3"],
        ),
        (
            "time,calls\n09:00,5\n09:15\n",
            vec!["arrivals.csv:3:1", "expected 2 fields"],
        ),
        (
            "time,cals\n09:00,5\n",
            vec!["arrivals.csv:1:2", "did you mean `calls`?"],
        ),
        (
            "time,calls\n09:00,5\n2026-01-01 09:15,5\n",
            vec!["arrivals.csv:3:1", "earlier rows"],
        ),
        (
            "time,calls\n09:00,5\n",
            vec!["arrivals.csv", "one row", "--interval"],
        ),
        (
            "time,workload,calls\n09:00,inbund,5\n",
            vec!["arrivals.csv:2:2", "did you mean `inbound`?"],
        ),
        (
            "time,calls,aht\n09:00,5,3 minutes\n09:15,5,3m\n",
            vec!["arrivals.csv:2:3", "aht"],
        ),
    ] {
        with_arrivals(csv)
            .run(&["compute", "stack.toml"])
            .fails_with(&pieces);
    }
}

#[test]
fn bad_flags_exit_two() {
    let f = glossary_example();
    let r = f.run(&["compute", "stack.toml", "--format", "xml"]);
    assert_eq!(r.code, 2);
    let r = f.run(&["compute", "stack.toml", "--warn-at", "120%"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--warn-at") && r.stderr.contains("100%"),
        "{}",
        r.stderr
    );
}

#[test]
fn errors_point_at_the_line_and_say_what_to_write() {
    let f = Fixture::new();
    f.file("arrivals.csv", "time,calls\n09:00,5\n09:15,5\n");
    // A missing arrivals file is named from the stack line that asks for it, with a near name.
    f.file("stack.toml", "[[workload]]\nname = \"w\"\narrivals = \"arivals.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n");
    f.run(&["compute", "stack.toml"]).fails_with(&[
        "stack.toml:2:",
        "workload `w` reads its arrivals from",
        "does not exist",
        "did you mean `arrivals.csv`",
    ]);
    // `aht = 180`, a bare integer, gets the words `aht = "180"` gets.
    f.file("stack.toml", "[[workload]]\nname = \"w\"\narrivals = \"arrivals.csv\"\naht = 180\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 5\n");
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:4:7", "write 180s or 3m"]);
    // An unknown key lists the keys this kind takes, not every kind's, and a caret points.
    f.file("stack.toml", "[[workload]]\nname = \"w\"\narrivals = \"arrivals.csv\"\naht = \"3m\"\n[[layer]]\nname = \"p\"\nkind = \"trunk\"\nchanels = 5\n");
    let r = f.run(&["compute", "stack.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `channels`") && !r.stderr.contains("tokens_per_minute"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("8 | chanels = 5\n  | ^^^^^^^"),
        "{}",
        r.stderr
    );
}
