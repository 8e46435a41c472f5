//! `capplan compute`: read the stack and arrivals, compute per-layer headroom, render it.

use crate::cmd::args::{BlockingArg, InputArgs, OutputArgs, StackArgs};
use crate::error::Result;
use crate::output::{ColorChoice, Sink, use_color};
use crate::render::render;
use crate::stack::{Overrides, Stack};

#[derive(Debug, clap::Args)]
pub struct ComputeArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub blocking: BlockingArg,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Write the expected calls in progress at every boundary, per layer (plain and with the
    /// peak multipliers), instead of the report: CSV, or JSON / markdown with --format.
    #[arg(long)]
    pub per_interval: bool,
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

pub use crate::pipeline::{Loaded, load_and_compute};

pub fn run(args: &ComputeArgs, color: ColorChoice) -> Result<()> {
    // Checked before the work so a bad -o fails fast; checked again once the inputs are known.
    let plan = args.stack.projection.as_ref();
    Sink::new(&args.output.output, &inputs(&args.stack.input, plan, None))?;
    let Loaded {
        stack,
        report,
        timeline,
        ..
    } = load_and_compute(
        &args.stack.file()?,
        &args.stack.overrides(Some(&args.blocking)),
        false,
    )?;
    let sink = Sink::new(
        &args.output.output,
        &inputs(&args.stack.input, plan, Some(&stack)),
    )?;
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
