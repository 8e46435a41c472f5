//! `observe --sql`: one query that computes, where the call records live, what `observe`
//! computes from a file: arrivals and AHT per interval, and the exact peak concurrency and its
//! first moment, in total and per workload.
//!
//! The usual running sum over every event in time order is one window without a partition: one
//! node sorts the whole table. Here events are grouped into buckets one interval wide; within a
//! bucket each instant's level relative to the bucket's start comes from a window partitioned by
//! (workload, bucket), so buckets run in parallel. A bucket keeps (net change, highest relative
//! level, its first instant); those pairs combine associatively, so the only sequential step is
//! a running sum over the buckets (2,880 a month at 15 minutes).

use clap::ValueEnum;

/// A bucket's highest level and its first instant travel as one number: the level (offset to
/// stay positive) times `SHIFT`, plus `SHIFT - 1` minus the instant's milliseconds into the
/// bucket. Intervals are at most a day (under 2^27 ms); levels stay under 2^30 calls.
const SHIFT: i64 = 1 << 32;
const OFFSET: i64 = 1 << 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    Spark,
    Duckdb,
    Bigquery,
    Postgres,
}

/// The table and columns the query reads.
#[derive(Debug, Clone)]
pub struct Source {
    /// A table name, dotted parts quoted one by one ("cdr.calls").
    pub table: String,
    pub start: String,
    /// The end column, or else a duration column in seconds.
    pub end: Option<String>,
    pub duration: Option<String>,
    pub workload: Option<String>,
}

impl Dialect {
    fn quote(self, ident: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("\"{}\"", ident.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", ident.replace('`', "``")),
            // BigQuery reads escape sequences inside quoted identifiers: a backslash must be
            // escaped first, or `a\` would escape the closing backtick.
            Dialect::Bigquery => format!("`{}`", ident.replace('\\', "\\\\").replace('`', "\\`")),
        }
    }

    /// What the query reads: a table, its dotted parts quoted one by one; or, for DuckDB and
    /// Spark, a Parquet file or folder (a name ending in `.parquet` or holding a `/`).
    fn source(self, table: &str) -> String {
        let file = table.to_ascii_lowercase().ends_with(".parquet") || table.contains('/');
        match self {
            Dialect::Duckdb if file => format!("read_parquet('{}')", table.replace('\'', "''")),
            Dialect::Spark if file => format!("parquet.`{}`", table.replace('`', "``")),
            _ => {
                let parts: Vec<String> = table.split('.').map(|p| self.quote(p)).collect();
                parts.join(".")
            }
        }
    }

    /// A timestamp as whole milliseconds since 1970 (UTC), finer digits cut as `observe` does.
    fn epoch_ms(self, col: &str) -> String {
        match self {
            Dialect::Duckdb => format!("epoch_ms({col})"),
            Dialect::Spark => format!("unix_millis({col})"),
            Dialect::Bigquery => format!("UNIX_MILLIS({col})"),
            Dialect::Postgres => {
                format!("CAST(FLOOR(EXTRACT(EPOCH FROM {col}) * 1000) AS BIGINT)")
            }
        }
    }

    /// A duration in seconds as milliseconds, rounded half away from zero as `observe` does.
    fn seconds_ms(self, col: &str) -> String {
        match self {
            Dialect::Postgres => format!("CAST(ROUND(CAST({col} AS NUMERIC) * 1000) AS BIGINT)"),
            Dialect::Bigquery => format!("CAST(ROUND(CAST({col} AS FLOAT64) * 1000) AS INT64)"),
            _ => format!("CAST(ROUND(CAST({col} AS DOUBLE) * 1000) AS BIGINT)"),
        }
    }

    /// Integer division of a non-negative number.
    fn div(self, a: &str, b: i64) -> String {
        match self {
            Dialect::Duckdb => format!("({a} // {b})"),
            Dialect::Spark => format!("({a} DIV {b})"),
            Dialect::Bigquery => format!("DIV({a}, {b})"),
            Dialect::Postgres => format!("({a} / {b})"),
        }
    }

    fn text(self) -> &'static str {
        match self {
            Dialect::Duckdb => "VARCHAR",
            Dialect::Spark | Dialect::Bigquery => "STRING",
            Dialect::Postgres => "TEXT",
        }
    }

    fn bigint(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    fn double(self) -> &'static str {
        match self {
            Dialect::Bigquery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// Milliseconds since 1970 back to a timestamp, for people reading the result.
    fn timestamp(self, ms: &str) -> String {
        match self {
            Dialect::Duckdb => format!("epoch_ms({ms})"),
            Dialect::Spark => format!("timestamp_millis({ms})"),
            Dialect::Bigquery => format!("TIMESTAMP_MILLIS({ms})"),
            Dialect::Postgres => format!("to_timestamp({ms} / 1000.0)"),
        }
    }
}

/// The query. Its rows: `section` ('peak' or 'arrivals'), `workload` (NULL: every call),
/// `time_ms` and `time_utc` (the peak's first moment, or the interval's start), `calls` (the
/// peak concurrency, or calls starting in the interval) and `aht_s` (arrivals rows only).
pub fn query(d: Dialect, src: &Source, interval_ms: i64) -> String {
    let q = |s: &str| d.quote(s);
    let table = d.source(&src.table);
    let start = q(&src.start);
    let start_ms = d.epoch_ms(&start);
    let (end_ms, end_col) = match (&src.end, &src.duration) {
        (Some(e), _) => (d.epoch_ms(&q(e)), q(e)),
        (None, Some(du)) => (format!("{start_ms} + {}", d.seconds_ms(&q(du))), q(du)),
        (None, None) => unreachable!("the command line asks for an end or a duration"),
    };
    let pack = |level: &str| {
        format!("({level} + {OFFSET}) * {SHIFT} + {SHIFT} - 1 - (t - bucket * {interval_ms})")
    };
    // With workloads, every call's level (workload NULL) comes from a second window.
    let (workload, level_all, total_buckets) = match &src.workload {
        Some(w) => (
            format!("COALESCE(TRIM(CAST({} AS {})), '')", q(w), d.text()),
            ",\n         SUM(d) OVER (PARTITION BY bucket ORDER BY t\n                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS level_all".to_string(),
            format!(
                "\n  UNION ALL\n  SELECT CAST(NULL AS {}), bucket, SUM(d), MAX({})\n  FROM levels\n  GROUP BY bucket",
                d.text(),
                pack("level_all")
            ),
        ),
        None => (format!("CAST(NULL AS {})", d.text()), String::new(), String::new()),
    };
    let pack_level = pack("level");
    let top_shifted = d.div("top_key", SHIFT);
    let i = interval_ms;
    let interval_of = d.div("start_ms", i);
    let bucket_of = d.div("t", i);
    let double = d.double();
    let bigint = d.bigint();
    let time_utc = d.timestamp("time_ms");
    format!(
        "-- capplan observe --sql: arrivals per {i} ms interval and the exact peak concurrency.
-- Calls that touch (one ends as another starts) do not overlap; zero-length calls are
-- arrivals but never in progress. workload NULL: every call.
WITH calls AS (
  SELECT {workload} AS workload,
         {start_ms} AS start_ms,
         {end_ms} AS end_ms
  FROM {table}
  WHERE {start} IS NOT NULL AND {end_col} IS NOT NULL
),
arrivals AS (
  SELECT workload, step * {i} AS time_ms, COUNT(*) AS calls,
         CAST(SUM(end_ms - start_ms) AS {double}) / COUNT(*) / 1000 AS aht_s
  FROM (SELECT workload, {interval_of} AS step, start_ms, end_ms FROM calls) c
  GROUP BY workload, step
),
events AS (
  SELECT workload, start_ms AS t, 1 AS d FROM calls WHERE end_ms > start_ms
  UNION ALL
  SELECT workload, end_ms AS t, -1 AS d FROM calls WHERE end_ms > start_ms
),
-- Calls in progress after each instant, relative to the start of its bucket (RANGE takes all
-- of an instant's events at once, so calls that touch never overlap). Buckets are independent.
levels AS (
  SELECT workload, bucket, t, d,
         SUM(d) OVER (PARTITION BY workload, bucket ORDER BY t
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS level{level_all}
  FROM (SELECT workload, {bucket_of} AS bucket, t, d FROM events) e
),
-- Per bucket: the net change, and the highest relative level with the first instant reaching
-- it, packed as (level + 2^30) * 2^32 + (2^32 - 1 - ms into the bucket) so one MAX finds both.
buckets AS (
  SELECT workload, bucket, SUM(d) AS net, MAX({pack_level}) AS top_key
  FROM levels
  GROUP BY workload, bucket{total_buckets}
),
-- The only sequential step: a running sum over the buckets, not over the calls.
carried AS (
  SELECT workload,
         bucket * {i} + {SHIFT} - 1 - (top_key - {top_shifted} * {SHIFT}) AS top_at,
         COALESCE(SUM(net) OVER (PARTITION BY workload ORDER BY bucket
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           + {top_shifted} - {OFFSET} AS high
  FROM buckets
),
peaks AS (
  SELECT workload, top_at, high, MAX(high) OVER (PARTITION BY workload) AS peak
  FROM carried
),
answer AS (
  SELECT 'peak' AS section, workload, CAST(MIN(top_at) AS {bigint}) AS time_ms,
         CAST(MAX(peak) AS {bigint}) AS calls,
         CAST(NULL AS {double}) AS aht_s
  FROM peaks
  WHERE high = peak
  GROUP BY workload
  UNION ALL
  SELECT 'arrivals' AS section, workload, time_ms, calls, aht_s FROM arrivals
)
SELECT section, workload, time_ms, {time_utc} AS time_utc, calls, aht_s
FROM answer
ORDER BY section DESC, workload NULLS FIRST, time_ms;
",
        table = table
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parquet_file_is_read_where_the_engine_can() {
        assert_eq!(Dialect::Duckdb.source("cdr.calls"), "\"cdr\".\"calls\"");
        assert_eq!(
            Dialect::Duckdb.source("data/it's.parquet"),
            "read_parquet('data/it''s.parquet')"
        );
        assert_eq!(
            Dialect::Spark.source("/lake/calls/"),
            "parquet.`/lake/calls/`"
        );
        assert_eq!(Dialect::Bigquery.source("p.d.t"), "`p`.`d`.`t`");
    }

    #[test]
    fn identifiers_are_quoted_per_dialect() {
        assert_eq!(Dialect::Duckdb.quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.quote("a`b"), "`a``b`");
        assert_eq!(Dialect::Bigquery.quote("a`b"), "`a\\`b`");
        // `a\`, 1 AS x FROM evil) --: the backslash escaped, so the backtick stays escaped.
        assert_eq!(
            Dialect::Bigquery.quote("a\\`, 1 AS x FROM evil) --"),
            "`a\\\\\\`, 1 AS x FROM evil) --`"
        );
        assert_eq!(Dialect::Bigquery.quote("a\\"), "`a\\\\`");
        assert_eq!(Dialect::Postgres.quote("started at"), "\"started at\"");
    }

    #[test]
    fn no_window_runs_without_a_partition() {
        let src = Source {
            table: "cdr.calls".into(),
            start: "s".into(),
            end: Some("e".into()),
            duration: None,
            workload: None,
        };
        for d in Dialect::value_variants() {
            for (workload, windows) in [(None, 3), (Some("w".to_string()), 4)] {
                let src = Source {
                    workload,
                    ..src.clone()
                };
                let sql = query(*d, &src, 900_000);
                assert_eq!(sql.matches(" OVER (").count(), windows, "{d:?}");
                assert_eq!(
                    sql.matches(" OVER (PARTITION BY ").count(),
                    windows,
                    "{d:?}"
                );
            }
        }
    }
}
