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
