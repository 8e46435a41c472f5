//! `capplan compute`: read the stack and arrivals, compute per-layer headroom, render it.

use crate::cmd::args::{OutputArgs, StackArgs};
use crate::error::Result;
use crate::output::{ColorChoice, Sink, use_color};
use crate::render::render;
use crate::stack::{Overrides, Stack};

#[derive(Debug, clap::Args)]
pub struct ComputeArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Write the expected calls in progress at every boundary, per layer (plain and with the
    /// peak multipliers), instead of the report: CSV, or JSON / markdown with --format.
    #[arg(long)]
    pub per_interval: bool,
}

impl StackArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            arrivals: self.arrivals.clone(),
            interval_s: self.interval,
            peak_multiplier: self.peak_multiplier,
            warn_at: self.warn_at,
            blocking: self.blocking,
            growth: self.growth,
            as_of: self.as_of.map(|a| a.month),
            horizon: self.horizon,
            projection: self.projection.clone(),
            quantile: self.quantile,
        }
    }
}

/// Every file a command reads, so that a report is never written over one of them.
pub fn inputs(args: &StackArgs, stack: Option<&Stack>) -> Vec<std::path::PathBuf> {
    let mut inputs: Vec<std::path::PathBuf> = args.file().into_iter().collect();
    inputs.extend(args.arrivals.iter().map(|(_, p)| p.clone()));
    inputs.extend(args.projection.clone());
    if let Some(s) = stack {
        inputs.extend(s.workloads.iter().map(|w| w.arrivals.clone()));
        inputs.extend(s.growth.projection.clone());
    }
    inputs
}

pub use crate::pipeline::{Loaded, load_and_compute};

pub fn run(args: &ComputeArgs, color: ColorChoice) -> Result<()> {
    // Checked before the work so a bad -o fails fast; checked again once the inputs are known.
    Sink::new(&args.output.output, &inputs(&args.stack, None))?;
    let Loaded {
        stack,
        report,
        timeline,
        ..
    } = load_and_compute(&args.stack.file()?, &args.stack.overrides(), false)?;
    let sink = Sink::new(&args.output.output, &inputs(&args.stack, Some(&stack)))?;
    let text = if args.per_interval {
        crate::render::render_curve(
            &crate::headroom::curve(&stack, &timeline),
            args.output.format,
        )
    } else {
        render(&report, args.output.format, use_color(color, &sink))
    };
    sink.write(text.as_bytes())
}
