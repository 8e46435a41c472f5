//! `capplan observe`: the real peak from call-detail records, and arrivals for `compute`.

use crate::render::grid::Grid;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::{Error, Result};
use crate::observe::sql::{Dialect, Source, query};
use crate::observe::{ColumnNames, Observation, Options, Zone, observe};
use crate::output::Sink;
use crate::render::csv_text;
use crate::units::{format_duration, trim_float};

#[derive(Debug, Args)]
pub struct ObserveArgs {
    /// The call-detail records (CSV or Parquet, one row per call, any order; `-` is standard
    /// input, `.gz` is read as gzip).
    #[arg(required_unless_present = "sql")]
    pub file: Option<PathBuf>,
    /// Print one query computing the same arrivals and exact peak where the records live,
    /// instead of reading a file (needs --table, --start and --end or --duration).
    #[arg(
        long,
        value_enum,
        value_name = "DIALECT",
        requires = "table",
        conflicts_with = "file"
    )]
    pub sql: Option<Dialect>,
    /// The table the query reads, with --sql ("cdr.calls"); for duckdb and spark also a
    /// Parquet file or folder ("calls.parquet", "/lake/calls/").
    #[arg(long, value_name = "TABLE", requires = "sql")]
    pub table: Option<String>,
    /// Interval for arrivals and per-interval figures ("15m").
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = crate::units::parse_interval_s)]
    pub interval: f64,
    /// Column with each call's start (default: guessed from the header).
    #[arg(long, value_name = "COLUMN")]
    pub start: Option<String>,
    /// Column with each call's end.
    #[arg(long, value_name = "COLUMN")]
    pub end: Option<String>,
    /// Column with each call's duration (seconds, or "1m 35s"), when there is no end column.
    #[arg(long, value_name = "COLUMN")]
    pub duration: Option<String>,
    /// Column naming the workload (direction, queue...); peaks are also given per workload.
    #[arg(long, value_name = "COLUMN")]
    pub workload: Option<String>,
    /// Zone of timestamps written without an offset: UTC, +02:00 or a name (Europe/Paris).
    #[arg(long, value_name = "ZONE", default_value = "UTC")]
    pub tz: String,
    /// Count and report bad rows instead of stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,
    /// Output format: a summary table, the whole observation as JSON, or one CSV row per
    /// interval.
    #[arg(long, short = 'f', value_enum, default_value_t = ObserveFormat::Table)]
    pub format: ObserveFormat,
    /// Where to write the report; `-` is standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Also write arrivals per interval (with AHT) in the format `compute` reads.
    #[arg(long, value_name = "FILE")]
    pub arrivals_out: Option<PathBuf>,
    /// Events sorted in memory before a sorted run is spilled to disk (16 bytes each to sort).
    #[arg(
        long,
        value_name = "EVENTS",
        default_value_t = 6_000_000,
        hide_short_help = true
    )]
    pub sort_buffer: usize,
    /// Reading threads (default: one per core for files over 32 MiB).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64), hide_short_help = true)]
    pub threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObserveFormat {
    Table,
    Json,
    Csv,
}

pub fn run(args: &ObserveArgs) -> Result<()> {
    let Some(file) = &args.file else {
        return print_query(args);
    };
    let inputs = vec![file.clone()];
    let sink = Sink::new(&args.output, &inputs)?;
    let arrivals_sink = args
        .arrivals_out
        .as_ref()
        .map(|p| Sink::new(p, &inputs))
        .transpose()?;
    let zone = Zone::parse(&args.tz).map_err(|e| Error::Usage(format!("--tz: {e}")))?;
    if args.sort_buffer < 2 {
        return Err(Error::Usage(
            "--sort-buffer must be at least 2 events".into(),
        ));
    }
    let opts = Options {
        interval_ms: (args.interval * 1000.0) as i64,
        columns: ColumnNames {
            start: args.start.clone(),
            end: args.end.clone(),
            duration: args.duration.clone(),
            workload: args.workload.clone(),
        },
        zone,
        skip_bad: args.skip_bad,
        buffer_events: args.sort_buffer,
        threads: args.threads.map(usize::from),
    };
    // Standard input and gzip are copied to a plain file first: the reader seeks.
    let (path, _guard) = crate::input::seekable(file)?;
    let mut obs = observe(&path, opts)?;
    obs.file = file.display().to_string();
    if let Some(s) = arrivals_sink {
        s.write(arrivals_csv(&obs).as_bytes())?;
    }
    let text = match args.format {
        ObserveFormat::Table => table(&obs),
        ObserveFormat::Json => {
            let mut s = serde_json::to_string_pretty(&obs).expect("plain data");
            s.push('\n');
            s
        }
        ObserveFormat::Csv => intervals_csv(&obs),
    };
    sink.write(text.as_bytes())
}

/// `--sql`: the query for the table, written where `-o` says.
fn print_query(args: &ObserveArgs) -> Result<()> {
    let (Some(dialect), Some(table)) = (args.sql, &args.table) else {
        unreachable!("clap requires a file or --sql with --table")
    };
    let start = args.start.clone().ok_or_else(|| {
        Error::Usage("--sql needs the column names: give --start (and --end or --duration)".into())
    })?;
    if args.end.is_none() && args.duration.is_none() {
        return Err(Error::Usage(
            "--sql needs --end (a timestamp column) or --duration (seconds)".into(),
        ));
    }
    let interval_ms = (args.interval * 1000.0).round() as i64;
    let src = Source {
        table: table.clone(),
        start,
        end: args.end.clone(),
        duration: args.duration.clone(),
        workload: args.workload.clone(),
    };
    Sink::new(&args.output, &[])?.write(query(dialect, &src, interval_ms).as_bytes())
}

/// Arrivals in `compute`'s format: one row per interval (and workload), AHT in seconds; empty
/// intervals carry the workload's mean AHT so every row has one.
pub fn arrivals_csv(o: &Observation) -> String {
    let named = o.workloads.len() > 1 || o.workloads[0].name != "all";
    let header: &[&str] = if named {
        &["time", "workload", "calls", "aht_s"]
    } else {
        &["time", "calls", "aht_s"]
    };
    let rows = o.intervals.iter().flat_map(|i| {
        o.workloads.iter().enumerate().map(move |(k, wl)| {
            let aht = if i.calls[k] > 0 {
                i.aht_s[k]
            } else {
                wl.aht_mean_s.max(0.001)
            };
            let mut row = vec![i.start.clone()];
            if named {
                row.push(wl.name.clone());
            }
            row.extend([i.calls[k].to_string(), aht.to_string()]);
            row
        })
    });
    csv_text(header, rows)
}

fn intervals_csv(o: &Observation) -> String {
    let mut header = vec!["interval_start".to_string(), "calls".to_string()];
    header.extend(o.workloads.iter().map(|wl| format!("calls_{}", wl.name)));
    header.extend(["avg_calls", "peak_calls", "peak_to_average"].map(String::from));
    let rows = o.intervals.iter().map(|i| {
        let mut row = vec![i.start.clone(), i.calls.iter().sum::<u64>().to_string()];
        row.extend(i.calls.iter().map(u64::to_string));
        row.extend([
            i.avg_calls.to_string(),
            i.peak_calls.to_string(),
            i.peak_to_average.to_string(),
        ]);
        row
    });
    csv_text(&header, rows)
}

/// The observed duration deciles as a workload's `handle_time`, ready to paste.
fn handle_time_line(o: &Observation) -> String {
    let q: Vec<String> = o
        .handle_time_deciles_s
        .iter()
        .map(|s| format!("\"{}s\"", trim_float(*s, 0)))
        .collect();
    format!("handle_time = {{ quantiles = [{}] }}", q.join(", "))
}

fn table(o: &Observation) -> String {
    let mut out = format!(
        "{}: {} calls, interval {}\n{}\n{}\n",
        o.file,
        o.calls,
        format_duration(o.interval_s),
        quantities(o).render(),
        workloads(o).render()
    );
    for line in notes(o) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The file's figures, one quantity a row.
fn quantities(o: &Observation) -> Grid {
    let mut t = Grid::new(["quantity", "value"]).prose(&[1]);
    let p = &o.peak_to_average;
    let rows: Vec<(&str, String)> = vec![
        ("calls", o.calls.to_string()),
        (
            "span",
            format!(
                "{} to {} ({})",
                o.first_start,
                o.last_end,
                format_duration(o.span_s.round())
            ),
        ),
        ("peak_calls", format!("{} at {}", o.peak_calls, o.peak_at)),
        ("avg_calls", trim_float(o.avg_calls, 2)),
        (
            "concurrency_p50 / p95 / p99",
            format!(
                "{} / {} / {}",
                o.concurrency_p50, o.concurrency_p95, o.concurrency_p99
            ),
        ),
        (
            "aht_mean / median / p90",
            format!(
                "{} / {} / {}",
                format_duration(o.aht_mean_s),
                format_duration(o.aht_median_s),
                format_duration(o.aht_p90_s)
            ),
        ),
        (
            "busiest_interval",
            format!(
                "{} (peak/avg {})",
                p.busiest_interval,
                trim_float(p.at_busiest_interval, 2)
            ),
        ),
        (
            "peak_to_average (busy intervals)",
            format!(
                "median {}, max {}",
                trim_float(p.busy_median, 2),
                trim_float(p.busy_max, 2)
            ),
        ),
        (
            "suggested peak_multiplier",
            trim_float(p.suggested_peak_multiplier, 2),
        ),
        ("skipped_rows", o.skipped_rows.to_string()),
    ];
    for (k, v) in rows {
        t.row([k.to_string(), v]);
    }
    t
}

fn workloads(o: &Observation) -> Grid {
    let mut w = Grid::new(["workload", "calls", "peak_calls", "peak_at", "aht_mean"]);
    for wl in &o.workloads {
        w.row([
            wl.name.clone(),
            wl.calls.to_string(),
            wl.peak_calls.to_string(),
            wl.peak_at.clone(),
            format_duration(wl.aht_mean_s),
        ]);
    }
    w
}

/// The lines under the tables, wrapped to the width but the one pasted into a stack file: it
/// stays whole, since a TOML inline table may not span lines.
fn notes(o: &Observation) -> Vec<String> {
    let wrap = crate::render::text::prose_line;
    let mut out = Vec::new();
    if o.ambiguous_rows > 0 {
        out.push(wrap(&format!(
            "{} row(s) have a local time in the hour repeated when clocks go back; they were read with the earlier (summer) offset: check calls that ran through the change",
            o.ambiguous_rows
        )));
    }
    for e in &o.skipped_examples {
        out.push(wrap(&format!("skipped {e}")));
    }
    out.push(format!("For the stack file: {}", handle_time_line(o)));
    out.push(wrap(
        "Times are UTC. Calls that touch (one ends as the next starts) do not overlap.",
    ));
    out
}
