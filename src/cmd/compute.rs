//! `capplan compute`: read the stack and arrivals, compute per-layer headroom, render it.

use crate::cmd::args::{BlockingArg, OutputArgs, StackArgs, inputs};
use crate::io::output::{ColorChoice, Sink, use_color};
use crate::render::render;
use crate::values::error::Result;

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

use crate::engine::pipeline::{Loaded, load_and_compute};

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
            &crate::engine::headroom::curve(&stack, &timeline),
            args.output.format,
        )
    } else {
        render(&report, args.output.format, use_color(color, &sink))
    };
    sink.write(text.as_bytes())
}
