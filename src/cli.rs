//! The command line, as clap derive types. Values are parsed into checked numbers here, so
//! nothing downstream sees a raw string.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::month::Month;
use crate::units::parse_fraction;

#[derive(Debug, Parser)]
#[command(
    name = "capplan",
    version,
    about = "How many calls your voice stack carries at once, which layer refuses the next call first, and when growth gets there."
)]
pub struct Cli {
    /// When to colour the table: auto colours on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Per-layer ceiling, design peak, utilisation and headroom; names the binding layer.
    Compute(ComputeArgs),
    /// Project growth and exit 1 when a layer crosses its fail threshold inside the horizon.
    Check(crate::cmd::check::CheckArgs),
    /// The upgrade plan and its costs month by month: a finance CSV, with an optional SVG chart.
    Report(crate::cmd::report::ReportArgs),
    /// Simulate the stack call by call: the calls each layer refuses per day, per load level.
    Simulate(crate::cmd::simulate::SimulateArgs),
    /// The exact concurrency curve and peak from call-detail records, and arrivals for compute.
    Observe(crate::cmd::observe::ObserveArgs),
    /// Write a commented stack file and an arrivals profile to start from.
    Init(crate::cmd::init::InitArgs),
    /// List the provider presets, or show one with its source and as-of date.
    Presets(crate::cmd::presets::PresetsArgs),
    /// Print the JSON Schema of the stack file, for editors.
    Schema,
    /// Print shell completions.
    Completions(crate::cmd::meta::CompletionsArgs),
    /// Print the man page (roff).
    Man,
    /// Teletraffic calculators: Erlang B, Extended Erlang B, Engset, Erlang C and Erlang A.
    Erlang(crate::cmd::erlang::ErlangArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the report; `-` is standard output. Files are replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ComputeArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The stack file and the flags that override it, shared by `compute` and `check`.
#[derive(Debug, Args)]
pub struct StackArgs {
    /// The stack file (TOML).
    pub stack: PathBuf,
    /// A workload's arrivals file, overriding the stack file's `arrivals` (repeatable).
    #[arg(long = "arrivals", value_name = "NAME=FILE", value_parser = parse_named_path)]
    pub arrivals: Vec<(String, PathBuf)>,
    /// Length of one arrivals interval ("15m"); inferred from the rows' spacing when not given.
    #[arg(long, value_name = "DURATION", value_parser = crate::units::parse_interval_s)]
    pub interval: Option<f64>,
    /// Design peak = average concurrency x this (default 2.5, or the stack file's).
    #[arg(long, value_name = "X", value_parser = parse_multiplier)]
    pub peak_multiplier: Option<f64>,
    /// Utilisation at which a layer is flagged `warn` ("75%" or 0.75).
    #[arg(long, value_name = "SHARE", value_parser = parse_warn)]
    pub warn_at: Option<f64>,
    /// Blocking target ("1%"): adds Erlang B sizing per layer beside the peak-multiplier rule.
    #[arg(long, value_name = "SHARE", value_parser = parse_blocking)]
    pub blocking: Option<f64>,
    /// Compound monthly growth of every workload ("12%"); projects month by month.
    #[arg(long, value_name = "SHARE", value_parser = parse_fraction)]
    pub growth: Option<f64>,
    /// First month of the projection ("2026-11"), or a date ("2026-11-23"): its month starts
    /// the projection and the date is taken as today; default: the current month.
    #[arg(long, value_name = "YYYY-MM[-DD]", value_parser = parse_as_of)]
    pub as_of: Option<AsOf>,
    /// Months to project (default 6).
    #[arg(long, value_name = "MONTHS", value_parser = clap::value_parser!(u32).range(1..=120))]
    pub horizon: Option<u32>,
    /// A projection CSV (month, factor or calls, optional workload), replacing compound growth.
    #[arg(long, value_name = "FILE")]
    pub projection: Option<PathBuf>,
}

/// `--as-of`: a month, or a date within it that is taken as today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AsOf {
    pub month: Month,
    /// Days since 1970-01-01, when a date was given.
    pub day: Option<i64>,
}

fn parse_as_of(s: &str) -> Result<AsOf, String> {
    let t = s.trim();
    if t.len() == 10 {
        let day = parse_date(t).map_err(|_| {
            format!("expected a month such as 2026-11 or a date such as 2026-11-23, found `{s}`")
        })?;
        return Ok(AsOf {
            month: Month::of_day(day),
            day: Some(day),
        });
    }
    Month::parse(t)
        .map(|month| AsOf { month, day: None })
        .map_err(|_| {
            format!("expected a month such as 2026-11 or a date such as 2026-11-23, found `{s}`")
        })
}

/// A date ("2026-11-23") as days since 1970-01-01.
pub fn parse_date(s: &str) -> Result<i64, String> {
    match crate::timefmt::parse_timestamp(&format!("{} 00:00", s.trim())) {
        Ok((crate::timefmt::TimeKind::Local, ms)) => Ok(ms.div_euclid(86_400_000)),
        _ => Err(format!("expected a date such as 2026-11-23, found `{s}`")),
    }
}

fn parse_blocking(s: &str) -> Result<f64, String> {
    crate::stack::check_blocking(parse_fraction(s)?)
}

fn parse_named_path(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((name, path)) if !name.trim().is_empty() && !path.is_empty() => {
            Ok((name.trim().to_string(), PathBuf::from(path)))
        }
        _ => Err(format!("expected NAME=FILE, found `{s}`")),
    }
}

fn parse_multiplier(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("expected a number such as 2.5, found `{s}`"))?;
    crate::stack::check_multiplier(v)
}

fn parse_warn(s: &str) -> Result<f64, String> {
    crate::stack::check_warn(parse_fraction(s)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_become_checked_values() {
        let cli = Cli::try_parse_from([
            "capplan",
            "compute",
            "s.toml",
            "--arrivals",
            "inbound=in.csv",
            "--interval",
            "15m",
            "--peak-multiplier",
            "3",
            "--warn-at",
            "80%",
            "-f",
            "json",
            "-o",
            "out.json",
        ])
        .unwrap();
        let Command::Compute(c) = cli.command else {
            panic!("compute parses as compute")
        };
        let a = &c.stack;
        assert_eq!(
            a.arrivals,
            vec![("inbound".to_string(), PathBuf::from("in.csv"))]
        );
        assert_eq!(a.interval, Some(900.0));
        assert_eq!(a.peak_multiplier, Some(3.0));
        assert_eq!(a.warn_at, Some(0.8));
        assert_eq!(c.output.format, Format::Json);
        assert_eq!(c.output.output, PathBuf::from("out.json"));
    }

    #[test]
    fn bad_flags_are_refused() {
        for args in [
            vec!["capplan", "compute", "s.toml", "--arrivals", "in.csv"],
            vec!["capplan", "compute", "s.toml", "--interval", "15"],
            vec!["capplan", "compute", "s.toml", "--peak-multiplier", "0.5"],
            vec!["capplan", "compute", "s.toml", "--warn-at", "175%"],
            vec!["capplan", "compute", "s.toml", "--format", "xml"],
        ] {
            assert!(Cli::try_parse_from(&args).is_err(), "{args:?}");
        }
    }
}
