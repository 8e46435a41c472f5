//! `capplan simulate`: the stack call by call over simulated days (or real call records), with
//! the calls each layer refuses per load level.

mod headline;
mod render;

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cmd::args::inputs;
use crate::cmd::args::{InputArgs, NotHere, OutputArgs};
use crate::engine::simulate::{Options, read_records, simulate};
use crate::engine::timeline::Timeline;
use crate::io::arrivals;
use crate::io::output::ColorChoice;
use crate::io::output::Sink;
use crate::model::stack;
use crate::values::error::{Error, Result};

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub stack: InputArgs,
    /// The planning flags (growth, multipliers, thresholds) change nothing a simulation counts.
    #[command(flatten)]
    pub not_here: NotHere,
    /// Load levels: the arrivals multiplied by each ("80%,100%,120%,150%").
    #[arg(long, value_name = "SHARES", value_delimiter = ',', default_value = "100%", value_parser = parse_load, allow_hyphen_values = true)]
    pub load: Vec<f64>,
    /// Independent days simulated per load level (the 95% intervals need two or more).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub days: u64,
    /// Replay real call records (CSV, JSON or Parquet, any provider's export `observe` reads:
    /// start and end or duration, optional workload) instead of generating arrivals; each call
    /// keeps its own duration, and an attempt that never connected holds no slot.
    #[arg(long, value_name = "CALLS")]
    pub replay: Option<PathBuf>,
    /// Random seed: the same seed gives the same answer on any machine and thread count.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also report the mean calls in progress at each interval's start (JSON).
    #[arg(long)]
    pub per_interval: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_load(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| format!("expected a load level such as 120% or 1.2, found `{s}`"))?;
    if v.is_finite() && v > 0.0 && v <= 100.0 {
        Ok(v)
    } else {
        Err(format!(
            "a load level must be above 0% and at most 10000%, found `{s}`"
        ))
    }
}

pub fn run(args: &SimulateArgs, color: ColorChoice) -> Result<()> {
    args.not_here.refuse(|flag| {
        format!(
            "simulate takes no {flag}: it runs the arrivals call by call as they are, with no design multiplier, threshold, Erlang B target or growth projection; for more traffic give --load 120%, for those figures use compute, check or report"
        )
    })?;
    let mut early = inputs(&args.stack, None, None);
    early.extend(args.replay.clone());
    Sink::new(&args.output.output, &early)?;
    let stack = stack::load(&args.stack.file()?, &args.stack.overrides())?;
    let (records, series) = match &args.replay {
        Some(path) => {
            let interval_ms = (args.stack.interval.unwrap_or(900.0) * 1000.0).round() as i64;
            let (r, s) = read_records(path, &stack, interval_ms)?;
            (Some(r), s)
        }
        None => (None, arrivals::read_all(&stack)?),
    };
    let tl = Timeline::build(&stack, &series)?;
    let mut all = inputs(&args.stack, None, Some(&stack));
    all.extend(args.replay.clone());
    let sink = Sink::new(&args.output.output, &all)?;
    let opts = Options {
        loads: args.load.clone(),
        days: args.days as usize,
        seed: args.seed,
        per_interval: args.per_interval,
    };
    let total = (opts.loads.len() * if records.is_some() { 1 } else { opts.days }) as u64;
    // indicatif draws only on a terminal: nothing reaches a pipe or a CI log.
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("simulating {bar:30} {pos}/{len} days, {eta} left")
            .map_err(|e| Error::Usage(e.to_string()))?,
    );
    let mut report = simulate(
        &stack,
        &tl,
        &opts,
        records.as_deref(),
        &args.stack.file()?.display().to_string(),
        args.replay.as_ref().map(|p| p.display().to_string()),
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    report.headline = headline::headline(&report.levels, report.days, report.calendar_days);
    let text = render::render(
        &report,
        args.output.format,
        crate::io::output::use_color(color, &sink),
    );
    sink.write(text.as_bytes())
}
