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
