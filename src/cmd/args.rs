//! Arguments several commands share: the stack file with the flags that override it, and where
//! and how a report is written. Parsed into checked values here.

use std::path::PathBuf;

use clap::Args;

use crate::model::stack::{Overrides, Stack};
use crate::render::Format;
use crate::values::month::Month;
use crate::values::units::parse_fraction;

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where to write the report; `-` is standard output. Files are replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// The stack file and what it reads: every command that loads a stack takes these.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The stack file (TOML); `-` reads it from standard input. Default: `stack.toml`, else
    /// `capplan.toml`, in the current folder (as `capplan init` writes it).
    pub stack: Option<PathBuf>,
    /// A workload's arrivals file, overriding the stack file's `arrivals` (repeatable).
    #[arg(long = "arrivals", value_name = "NAME=FILE", value_parser = parse_named_path)]
    pub arrivals: Vec<(String, PathBuf)>,
    /// Length of one arrivals interval ("15m"); inferred from the rows' spacing when not given.
    #[arg(long, value_name = "DURATION", value_parser = crate::values::units::parse_interval_s)]
    pub interval: Option<f64>,
    /// Plan on a forecast's quantile: arrivals are read from its `calls_pNN` column ("90").
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u32).range(1..=99))]
    pub quantile: Option<u32>,
}

/// The stack file and the planning flags that override it: `compute`, `check` and `report`
/// (a flag acts where it is listed; `simulate` takes only `InputArgs`).
#[derive(Debug, Args)]
pub struct StackArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Design peak = average concurrency x this (default 2.5, or the stack file's).
    #[arg(long, value_name = "X", value_parser = parse_multiplier)]
    pub peak_multiplier: Option<f64>,
    /// Utilisation at which a layer is flagged `warn` ("75%" or 0.75).
    #[arg(long, value_name = "SHARE", value_parser = parse_warn)]
    pub warn_at: Option<f64>,
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

/// `--blocking`: Erlang B sizing beside the rule of thumb, where a command reports it
/// (`compute`, and `check` through its report).
#[derive(Debug, Args)]
pub struct BlockingArg {
    /// Blocking target ("1%"): adds Erlang B sizing per layer beside the peak-multiplier rule.
    #[arg(long, value_name = "SHARE", value_parser = parse_blocking)]
    pub blocking: Option<f64>,
}

/// Flags other commands take that would change nothing here: hidden from `--help`, and refused
/// with the reason when given, rather than accepted and ignored.
#[derive(Debug, Args)]
pub struct NotHere {
    #[arg(long, hide = true, value_name = "X")]
    pub growth: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub peak_multiplier: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub warn_at: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub blocking: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub horizon: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub as_of: Option<String>,
    #[arg(long, hide = true, value_name = "X")]
    pub projection: Option<String>,
}

impl NotHere {
    /// The first flag given, refused with `why` (which names the command and what to do).
    pub fn refuse(&self, why: impl Fn(&str) -> String) -> crate::values::error::Result<()> {
        let given = [
            ("--growth", &self.growth),
            ("--peak-multiplier", &self.peak_multiplier),
            ("--warn-at", &self.warn_at),
            ("--blocking", &self.blocking),
            ("--horizon", &self.horizon),
            ("--as-of", &self.as_of),
            ("--projection", &self.projection),
        ];
        match given.iter().find(|(_, v)| v.is_some()) {
            Some((flag, _)) => Err(crate::values::error::Error::Usage(why(flag))),
            None => Ok(()),
        }
    }
}

/// `report`'s one refused flag: the plan sizes to the warning threshold, not Erlang B.
#[derive(Debug, Args)]
pub struct NoBlocking {
    #[arg(long, hide = true, value_name = "X")]
    pub blocking: Option<String>,
}

impl StackArgs {
    /// The stack file named, or the one found in the current folder.
    pub fn file(&self) -> crate::values::error::Result<PathBuf> {
        self.input.file()
    }
}

impl InputArgs {
    /// The stack file named, or the one found in the current folder.
    pub fn file(&self) -> crate::values::error::Result<PathBuf> {
        if let Some(p) = &self.stack {
            return Ok(p.clone());
        }
        ["stack.toml", "capplan.toml"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .ok_or_else(|| {
                crate::values::error::Error::Usage(
                    "no stack file given, and no stack.toml or capplan.toml here: name one, or write one with `capplan init`".into(),
                )
            })
    }
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
    match crate::values::timefmt::parse_timestamp(&format!("{} 00:00", s.trim())) {
        Ok((crate::values::timefmt::TimeKind::Local, ms)) => Ok(ms.div_euclid(86_400_000)),
        _ => Err(format!("expected a date such as 2026-11-23, found `{s}`")),
    }
}

fn parse_blocking(s: &str) -> Result<f64, String> {
    crate::model::stack::check_blocking(parse_fraction(s)?)
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
    crate::model::stack::check_multiplier(v)
}

fn parse_warn(s: &str) -> Result<f64, String> {
    crate::model::stack::check_warn(parse_fraction(s)?)
}

impl InputArgs {
    /// The overrides these flags make, and nothing else.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            arrivals: self.arrivals.clone(),
            interval_s: self.interval,
            quantile: self.quantile,
            ..Overrides::default()
        }
    }
}

impl StackArgs {
    /// The overrides these flags make; `blocking` where the command takes it.
    pub fn overrides(&self, blocking: Option<&BlockingArg>) -> Overrides {
        Overrides {
            peak_multiplier: self.peak_multiplier,
            warn_at: self.warn_at,
            blocking: blocking.and_then(|b| b.blocking),
            growth: self.growth,
            as_of: self.as_of.map(|a| a.month),
            horizon: self.horizon,
            projection: self.projection.clone(),
            ..self.input.overrides()
        }
    }
}

/// Every file a command reads, so that a report is never written over one of them:
/// `projection` is the `--projection` file where the command takes one.
pub fn inputs(
    args: &InputArgs,
    projection: Option<&std::path::PathBuf>,
    stack: Option<&Stack>,
) -> Vec<std::path::PathBuf> {
    let mut inputs: Vec<std::path::PathBuf> = args.file().into_iter().collect();
    inputs.extend(args.arrivals.iter().map(|(_, p)| p.clone()));
    inputs.extend(projection.cloned());
    if let Some(s) = stack {
        inputs.extend(s.workloads.iter().map(|w| w.arrivals.clone()));
        inputs.extend(s.growth.projection.clone());
    }
    inputs
}
