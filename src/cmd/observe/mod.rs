//! `capplan observe`: the real peak from call-detail records, and arrivals for `compute`.

mod hindsight;
mod refusals;
mod render;

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::engine::hindsight::Hindsight;
use crate::engine::observe::sql::{Dialect, Source, query};
use crate::engine::observe::{ColumnNames, Observation, Options, Zone, observe};
use crate::io::output::Sink;
use crate::values::error::{Error, Result};
use render::{arrivals_csv, intervals_csv, table};

#[derive(Debug, Args)]
pub struct ObserveArgs {
    /// The call-detail records: CSV, JSON (an array, a page of records, or one record a line)
    /// or Parquet, one record per call, any order; `-` is standard input, `.gz` is gzip.
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
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = crate::values::units::parse_interval_s)]
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
    /// The provider export the records are (default: told by their fields): twilio, vapi,
    /// retell, plivo, telnyx, connect, genesys, asterisk, freeswitch.
    #[arg(long, value_name = "PROVIDER", value_parser = crate::io::records::Provider::parse)]
    pub from: Option<crate::io::records::Provider>,
    /// A call holds its slot from its answer, not its start (where the records have one).
    #[arg(long)]
    pub from_answer: bool,
    /// Zone of timestamps written without an offset: UTC, +02:00 or a name (Europe/Paris).
    #[arg(long, value_name = "ZONE", default_value = "UTC")]
    pub tz: String,
    /// Count and report bad rows instead of stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,
    /// Output format: a summary table (or the same in markdown), the whole observation as JSON,
    /// or one CSV row per interval.
    #[arg(long, short = 'f', value_enum, default_value_t = ObserveFormat::Table)]
    pub format: ObserveFormat,
    /// Where to write the report; `-` is standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// A stack to put next to the records of the same period: per layer the observed peak and
    /// its ceiling, what the stack would have refused of these calls, and Erlang B's and
    /// Hayward's predictions.
    #[arg(long, value_name = "STACK")]
    pub stack: Option<PathBuf>,
    /// With --stack: a plan saved beforehand (`compute -f json` or `simulate -f json`) to put
    /// beside what happened.
    #[arg(long, value_name = "REPORT", requires = "stack")]
    pub plan: Option<PathBuf>,
    /// Also write arrivals per interval (with AHT) in the format `compute` reads.
    #[arg(long, value_name = "FILE")]
    pub arrivals_out: Option<PathBuf>,
    /// Events sorted in memory before a sorted run is spilled to disk (16 bytes each to sort),
    /// from 2 to 50,000,000 (800 MB).
    #[arg(
        long,
        value_name = "EVENTS",
        default_value_t = 6_000_000,
        value_parser = clap::value_parser!(u64).range(2..=50_000_000),
        hide_short_help = true
    )]
    pub sort_buffer: u64,
    /// Reading threads (default: one per core for files over 32 MiB).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64), hide_short_help = true)]
    pub threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObserveFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

pub fn run(args: &ObserveArgs) -> Result<()> {
    let Some(file) = &args.file else {
        return print_query(args);
    };
    let mut inputs = vec![file.clone()];
    inputs.extend(args.stack.clone());
    inputs.extend(args.plan.clone());
    let mut outputs = vec![("-o", args.output.as_path())];
    outputs.extend(args.arrivals_out.as_deref().map(|p| ("--arrivals-out", p)));
    crate::io::output::distinct_outputs(&outputs)?;
    let sink = Sink::new(&args.output, &inputs)?;
    let arrivals_sink = args
        .arrivals_out
        .as_ref()
        .map(|p| Sink::for_flag("--arrivals-out", p, &inputs))
        .transpose()?;
    let zone = Zone::parse(&args.tz).map_err(|e| Error::Usage(format!("--tz: {e}")))?;
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
        buffer_events: args.sort_buffer as usize,
        threads: args.threads.map(usize::from),
        from_answer: args.from_answer,
        provider: args.from,
        keep_calls: false,
    };
    let (obs, hindsight) = match &args.stack {
        Some(stack) => {
            let (obs, h) = hindsight::run(file, stack, args.plan.as_deref(), opts)?;
            (obs, Some(h))
        }
        None => (observe(file, opts)?, None),
    };
    if let Some(s) = arrivals_sink {
        s.write(arrivals_csv(&obs).as_bytes())?;
    }
    if let Some(h) = &hindsight {
        return sink.write(with_hindsight(&obs, h, args.format).as_bytes());
    }
    let text = match args.format {
        ObserveFormat::Table => table(&obs, false),
        ObserveFormat::Markdown => table(&obs, true),
        ObserveFormat::Json => crate::render::json(&obs),
        ObserveFormat::Csv => intervals_csv(&obs),
    };
    sink.write(text.as_bytes())
}

/// The observation followed by the stack's layers beside it.
fn with_hindsight(obs: &Observation, h: &Hindsight, format: ObserveFormat) -> String {
    let markdown = format == ObserveFormat::Markdown;
    match format {
        ObserveFormat::Json => {
            let both = hindsight::WithHindsight {
                observation: obs,
                hindsight: h,
            };
            crate::render::json(&both)
        }
        ObserveFormat::Csv => hindsight::csv(h),
        ObserveFormat::Table | ObserveFormat::Markdown => {
            let mut out = table(obs, markdown);
            let title = format!("{} beside these records", h.stack);
            let grid = hindsight::grid(h).markdown(markdown).render();
            if markdown {
                out.push_str(&format!("\n**{title}**\n\n{grid}"));
            } else {
                out.push_str(&format!("\n{title}\n{grid}\n"));
            }
            for line in hindsight::notes(h) {
                let line = if markdown {
                    format!("\n{line}")
                } else {
                    crate::render::text::prose_line(&line)
                };
                out.push_str(&line);
                out.push('\n');
            }
            out
        }
    }
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
    let names = [
        ("--table", Some(table)),
        ("--start", Some(&start)),
        ("--end", args.end.as_ref()),
        ("--duration", args.duration.as_ref()),
        ("--workload", args.workload.as_ref()),
    ];
    for (flag, name) in names {
        // Quoting keeps any printable name an identifier; a control character (a line break
        // in a name) is no column anyone has, and ends a comment line in some dialects.
        if let Some(n) = name.filter(|n| n.is_empty() || n.chars().any(char::is_control)) {
            return Err(Error::Usage(format!(
                "{flag}: a column or table name must be non-empty with no control characters, found {n:?}"
            )));
        }
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
