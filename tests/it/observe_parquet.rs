//! `observe` on Parquet and `observe --sql`: the hand-made records of the CSV tests written as
//! Parquet in several row groups and column types give the same observation; the generated
//! queries are pinned per dialect (DuckDB and Spark also run them in `tests/sql/run.sh`).

use std::sync::Arc;

use capplan::engine::observe::Observation;
use parquet::data_type::{
    ByteArray, ByteArrayType, DoubleType, FixedLenByteArray, FixedLenByteArrayType, Int64Type,
    Int96, Int96Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::observe_cli::CDR;
use crate::util::Fixture;

/// 2026-03-02T09:00:00Z in milliseconds since 1970, and the calls as (start, end) minutes
/// after it with their direction.
const NINE_MS: i64 = 1_772_442_000_000;
const CALLS: [(i64, i64, &str); 5] = [
    (0, 10, "inbound"),
    (5, 20, "inbound"),
    (10, 12, "outbound"),
    (8, 30, "outbound"),
    (20, 25, "inbound"),
];

/// One column's values for a row group: `None` is a null.
enum Col {
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    I96(Vec<Option<Int96>>),
    Text(Vec<Option<String>>),
    Fixed(Vec<Option<Vec<u8>>>),
}

/// Writes a Parquet file with the schema given, one row group per element of `groups`.
fn write(path: &std::path::Path, schema: &str, groups: Vec<Vec<Col>>) {
    let schema = Arc::new(parse_message_type(schema).expect("a valid schema"));
    let props = Arc::new(WriterProperties::builder().build());
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    for cols in groups {
        let mut rg = w.next_row_group().unwrap();
        for col in cols {
            let mut c = rg.next_column().unwrap().expect("a column per value list");
            fn split<T: Clone>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
                let vals = v.iter().flatten().cloned().collect();
                let defs = v.iter().map(|x| i16::from(x.is_some())).collect();
                (vals, defs)
            }
            match col {
                Col::I64(v) => {
                    let (vals, defs) = split(&v);
                    c.typed::<Int64Type>()
                        .write_batch(&vals, Some(&defs), None)
                        .unwrap();
                }
                Col::F64(v) => {
                    let (vals, defs) = split(&v);
                    c.typed::<DoubleType>()
                        .write_batch(&vals, Some(&defs), None)
                        .unwrap();
                }
                Col::I96(v) => {
                    let (vals, defs) = split(&v);
                    c.typed::<Int96Type>()
                        .write_batch(&vals, Some(&defs), None)
                        .unwrap();
                }
                Col::Fixed(v) => {
                    let v: Vec<Option<FixedLenByteArray>> = v
                        .into_iter()
                        .map(|b| b.map(|b| FixedLenByteArray::from(ByteArray::from(b))))
                        .collect();
                    let (vals, defs) = split(&v);
                    c.typed::<FixedLenByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)
                        .unwrap();
                }
                Col::Text(v) => {
                    let v: Vec<Option<ByteArray>> = v
                        .into_iter()
                        .map(|s| s.map(|s| ByteArray::from(s.as_str())))
                        .collect();
                    let (vals, defs) = split(&v);
                    c.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)
                        .unwrap();
                }
            }
            c.close().unwrap();
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

/// The five calls in row groups of 2, 2 and 1 rows, made by `cols` from a slice of calls.
fn grouped(cols: impl Fn(&[(i64, i64, &str)]) -> Vec<Col>) -> Vec<Vec<Col>> {
    CALLS.chunks(2).map(cols).collect()
}

fn observe(f: &Fixture, file: &str, args: &[&str]) -> Observation {
    let mut all = vec!["observe", file, "-f", "json"];
    all.extend_from_slice(args);
    let mut o: Observation =
        serde_json::from_str(&f.run(&all).ok().stdout).expect("the JSON parses back");
    o.file.clear();
    o
}

fn text(v: impl Iterator<Item = String>) -> Col {
    Col::Text(v.map(Some).collect())
}

#[test]
fn parquet_timestamps_give_the_csv_answer_with_any_thread_count() {
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    let schema = "message calls {
        REQUIRED INT64 start_time (TIMESTAMP(MILLIS,true));
        OPTIONAL INT64 end_time (TIMESTAMP(MICROS,true));
        OPTIONAL BYTE_ARRAY direction (STRING);
    }";
    write(
        &f.path("cdr.parquet"),
        schema,
        grouped(|c| {
            vec![
                Col::I64(c.iter().map(|x| Some(NINE_MS + x.0 * 60_000)).collect()),
                Col::I64(
                    c.iter()
                        .map(|x| Some((NINE_MS + x.1 * 60_000) * 1000))
                        .collect(),
                ),
                text(c.iter().map(|x| x.2.to_string())),
            ]
        }),
    );
    let csv = observe(&f, "cdr.csv", &[]);
    assert_eq!(
        (csv.peak_calls, csv.peak_at.as_str()),
        (3, "2026-03-02T09:08:00Z")
    );
    for threads in ["1", "2", "3"] {
        let pq = observe(&f, "cdr.parquet", &["--threads", threads]);
        assert_eq!(pq, csv, "{threads} threads");
    }
}

#[test]
fn text_times_durations_and_spark_int96_read_as_in_a_csv() {
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    let csv = observe(&f, "cdr.csv", &[]);
    // Start as RFC 3339 text, duration as seconds in a double.
    write(
        &f.path("text.parquet"),
        "message m { REQUIRED BYTE_ARRAY start_time (STRING); REQUIRED DOUBLE duration;
                     REQUIRED BYTE_ARRAY direction (STRING); }",
        grouped(|c| {
            vec![
                text(c.iter().map(|x| format!("2026-03-02T09:{:02}:00Z", x.0))),
                Col::F64(c.iter().map(|x| Some((x.1 - x.0) as f64 * 60.0)).collect()),
                text(c.iter().map(|x| x.2.to_string())),
            ]
        }),
    );
    assert_eq!(observe(&f, "text.parquet", &[]), csv);
    // INT96: nanoseconds of the day, then the Julian day (2440588 is 1970-01-01).
    let int96 = |ms: i64| {
        let (day, nanos) = (
            ms.div_euclid(86_400_000),
            ms.rem_euclid(86_400_000) * 1_000_000,
        );
        let mut v = Int96::new();
        v.set_data(nanos as u32, (nanos >> 32) as u32, (day + 2_440_588) as u32);
        Some(v)
    };
    write(
        &f.path("spark.parquet"),
        "message spark_schema { OPTIONAL INT96 start_time; OPTIONAL INT96 end_time;
                                OPTIONAL BYTE_ARRAY direction (STRING); }",
        grouped(|c| {
            vec![
                Col::I96(c.iter().map(|x| int96(NINE_MS + x.0 * 60_000)).collect()),
                Col::I96(c.iter().map(|x| int96(NINE_MS + x.1 * 60_000)).collect()),
                text(c.iter().map(|x| x.2.to_string())),
            ]
        }),
    );
    assert_eq!(observe(&f, "spark.parquet", &[]), csv);
}

#[test]
fn decimal_and_interval_durations_read_as_seconds() {
    // DuckDB writes DECIMAL(10,3) seconds as INT64 thousandths, wide decimals as 16 big-endian
    // bytes, and INTERVAL as (months, days, milliseconds) little-endian: all the same calls.
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    let csv = observe(&f, "cdr.csv", &[]);
    let starts =
        |c: &[(i64, i64, &str)]| Col::I64(c.iter().map(|x| Some(NINE_MS + x.0 * 60_000)).collect());
    let names = |c: &[(i64, i64, &str)]| text(c.iter().map(|x| x.2.to_string()));
    let ms = |x: &(i64, i64, &str)| (x.1 - x.0) * 60_000;
    type Encode = fn(i64) -> Vec<u8>;
    let cases: [(&str, &str, Encode); 2] = [
        (
            "FIXED_LEN_BYTE_ARRAY(16) duration (DECIMAL(38,3))",
            "wide",
            |ms| i128::from(ms).to_be_bytes().to_vec(),
        ),
        (
            "FIXED_LEN_BYTE_ARRAY(12) duration (INTERVAL)",
            "interval",
            |ms| {
                let mut b = vec![0u8; 8];
                b.extend((ms as u32).to_le_bytes());
                b
            },
        ),
    ];
    for (column, name, bytes) in cases {
        let file = format!("{name}.parquet");
        write(
            &f.path(&file),
            &format!(
                "message m {{ REQUIRED INT64 start_time (TIMESTAMP(MILLIS,true)); REQUIRED {column};
                             REQUIRED BYTE_ARRAY direction (STRING); }}"
            ),
            grouped(|c| {
                vec![
                    starts(c),
                    Col::Fixed(c.iter().map(|x| Some(bytes(ms(x)))).collect()),
                    names(c),
                ]
            }),
        );
        assert_eq!(observe(&f, &file, &[]), csv, "{name}");
    }
    write(
        &f.path("decimal.parquet"),
        "message m { REQUIRED INT64 start_time (TIMESTAMP(MILLIS,true));
                     REQUIRED INT64 duration (DECIMAL(10,3));
                     REQUIRED BYTE_ARRAY direction (STRING); }",
        grouped(|c| {
            vec![
                starts(c),
                Col::I64(c.iter().map(|x| Some(ms(x))).collect()),
                names(c),
            ]
        }),
    );
    assert_eq!(observe(&f, "decimal.parquet", &[]), csv);
}

#[test]
fn local_parquet_timestamps_are_read_in_the_zone_given() {
    // TIMESTAMP(MILLIS,false) is a wall-clock time: 09:00 in Paris in March is 08:00 UTC.
    let f = Fixture::new();
    write(
        &f.path("local.parquet"),
        "message m { REQUIRED INT64 start (TIMESTAMP(MILLIS,false));
                     REQUIRED INT64 end (TIMESTAMP(MILLIS,false)); }",
        vec![vec![
            Col::I64(vec![Some(NINE_MS)]),
            Col::I64(vec![Some(NINE_MS + 600_000)]),
        ]],
    );
    let utc = observe(&f, "local.parquet", &[]);
    assert_eq!(utc.first_start, "2026-03-02T09:00:00Z");
    let paris = observe(&f, "local.parquet", &["--tz", "Europe/Paris"]);
    assert_eq!(paris.first_start, "2026-03-02T08:00:00Z");
}

#[test]
fn a_null_or_a_missing_column_names_the_row_and_column() {
    let f = Fixture::new();
    let schema = "message m { REQUIRED INT64 start (TIMESTAMP(MILLIS,true));
                              OPTIONAL INT64 end (TIMESTAMP(MILLIS,true)); }";
    let ends = [Some(1), Some(2), Some(3), None, Some(5)];
    write(
        &f.path("nulls.parquet"),
        schema,
        vec![
            vec![
                Col::I64(vec![Some(NINE_MS); 3]),
                Col::I64(
                    ends[..3]
                        .iter()
                        .map(|m| m.map(|m| NINE_MS + m * 60_000))
                        .collect(),
                ),
            ],
            vec![
                Col::I64(vec![Some(NINE_MS); 2]),
                Col::I64(
                    ends[3..]
                        .iter()
                        .map(|m| m.map(|m| NINE_MS + m * 60_000))
                        .collect(),
                ),
            ],
        ],
    );
    f.run(&["observe", "nulls.parquet"]).fails_with(&[
        "nulls.parquet",
        "row 4",
        "column `end`",
        "null",
    ]);
    let o = observe(&f, "nulls.parquet", &["--skip-bad"]);
    assert_eq!((o.calls, o.skipped_rows, o.peak_calls), (4, 1, 4));
    assert!(
        o.skipped_examples[0].starts_with("row 4: column `end`"),
        "{:?}",
        o.skipped_examples
    );
    f.run(&["observe", "nulls.parquet", "--start", "begin"])
        .fails_with(&["--start begin: no such column", "start, end"]);
    f.file(
        "broken.parquet",
        "PAR1 and then nothing a Parquet reader wants",
    );
    f.run(&["observe", "broken.parquet"])
        .fails_with(&["broken.parquet", "is not readable Parquet"]);
}

/// A footer whose only field is one the parquet crate does not know (id 100), a list that
/// claims 2^31 - 1 booleans and holds none: the crate's skip reads no byte per boolean and
/// spent 5 s counting them before it refused the file. The list needs 2,147,483,647 bytes and
/// the footer has 9, so capplan refuses it before the crate sees it.
#[test]
fn a_footer_claiming_more_elements_than_bytes_is_refused_at_once() {
    let f = Fixture::new();
    // 0x09: field with a full id, type list; 0xc8 0x01: id 100 (zigzag); 0xf1: list of bools
    // with the size in a varint; 0xff 0xff 0xff 0xff 0x07: 2^31 - 1; 0x00: stop.
    let footer = [0x09, 0xc8, 0x01, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00];
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(&footer);
    bytes.extend_from_slice(&(footer.len() as u32).to_le_bytes());
    bytes.extend_from_slice(b"PAR1");
    std::fs::write(f.path("slow.parquet"), bytes).unwrap();
    let stack = crate::util::repo().join("examples/voice-agent/stack.toml");
    let stack = stack.to_str().unwrap();
    for args in [
        &["observe", "slow.parquet"][..],
        &["simulate", stack, "--replay", "slow.parquet"][..],
    ] {
        f.run(args).fails_with(&[
            "slow.parquet",
            "is not readable Parquet",
            "footer is malformed at byte 9 of 10",
        ]);
    }
}

#[test]
fn the_query_per_dialect_is_the_reviewed_one() {
    let f = Fixture::new();
    for dialect in ["duckdb", "spark", "bigquery", "postgres"] {
        let out = f
            .run(&[
                "observe",
                "--sql",
                dialect,
                "--table",
                "cdr.calls",
                "--start",
                "started_at",
                "--end",
                "ended_at",
                "--workload",
                "direction",
                "--interval",
                "15m",
            ])
            .ok()
            .stdout;
        insta::assert_snapshot!(format!("observe_sql_{dialect}"), out);
    }
    let out = f
        .run(&[
            "observe",
            "--sql",
            "bigquery",
            "--table",
            "proj.cdr.calls",
            "--start",
            "start",
            "--duration",
            "billsec",
            "--interval",
            "1h",
        ])
        .ok()
        .stdout;
    insta::assert_snapshot!("observe_sql_bigquery_duration_total", out);
}

#[test]
fn the_query_needs_its_columns_and_a_table() {
    let f = Fixture::new();
    f.run(&["observe", "--sql", "spark", "--table", "t"])
        .fails_with(&["--sql needs", "--start"]);
    f.run(&["observe", "--sql", "spark", "--table", "t", "--start", "s"])
        .fails_with(&["--end", "--duration"]);
    f.run(&["observe", "--sql", "spark", "--start", "s", "--end", "e"])
        .fails_with(&["--table"]);
    f.run(&["observe"]).fails_with(&["FILE"]);
}

#[test]
fn simulate_replays_parquet_records_as_it_replays_the_csv() {
    let f = Fixture::new();
    f.file("cdr.csv", CDR);
    write(
        &f.path("cdr.parquet"),
        "message calls { REQUIRED INT64 start_time (TIMESTAMP(MILLIS,true));
                         REQUIRED INT64 end_time (TIMESTAMP(MILLIS,true));
                         REQUIRED BYTE_ARRAY direction (STRING); }",
        grouped(|c| {
            vec![
                Col::I64(c.iter().map(|x| Some(NINE_MS + x.0 * 60_000)).collect()),
                Col::I64(c.iter().map(|x| Some(NINE_MS + x.1 * 60_000)).collect()),
                text(c.iter().map(|x| x.2.to_string())),
            ]
        }),
    );
    let stack = crate::util::repo().join("examples/voice-agent/stack.toml");
    let replay = |file: &str| {
        let out = f
            .run(&[
                "simulate",
                stack.to_str().unwrap(),
                "--replay",
                file,
                "-f",
                "json",
            ])
            .ok()
            .stdout;
        let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["replay"] = serde_json::Value::Null;
        v
    };
    let csv = replay("cdr.csv");
    assert_eq!(csv["levels"][0]["calls_per_day"], 5.0);
    assert_eq!(replay("cdr.parquet"), csv);
}

#[test]
fn a_row_that_stretches_the_span_too_far_stops_the_read_in_csv_and_parquet_alike() {
    // Two calls six years apart at 1-minute intervals: 3.2 million intervals, past the 2
    // million one run may span. That is about the file, not a row: --skip-bad does not skip
    // it (it did on Parquet, where the message had the column name in front of it).
    let f = Fixture::new();
    let six_years_ms = 6 * 365 * 86_400_000;
    let (a, b) = (NINE_MS - six_years_ms, NINE_MS);
    f.file(
        "far.csv",
        &format!("start,end\n{a},{}\n{b},{}\n", a + 60_000, b + 60_000),
    );
    let schema = "message m { REQUIRED INT64 start (TIMESTAMP(MILLIS,true));
                              REQUIRED INT64 end (TIMESTAMP(MILLIS,true)); }";
    write(
        &f.path("far.parquet"),
        schema,
        vec![vec![
            Col::I64(vec![Some(a), Some(b)]),
            Col::I64(vec![Some(a + 60_000), Some(b + 60_000)]),
        ]],
    );
    for file in ["far.csv", "far.parquet"] {
        for skip in [false, true] {
            let mut args = vec!["observe", file, "--interval", "1m"];
            if skip {
                args.push("--skip-bad");
            }
            let r = f.run(&args).fails_with(&[file, "give a longer --interval"]);
            assert!(
                !r.stderr.contains("row ") && !r.stderr.contains(":2:"),
                "{}",
                r.stderr
            );
        }
    }
}
