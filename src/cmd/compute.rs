//! `capplan compute`: read the stack and arrivals, compute per-layer headroom, render it.

use std::path::Path;

use crate::arrivals;
use crate::cli::{ColorChoice, ComputeArgs};
use crate::compute::{Report, compute};
use crate::error::Result;
use crate::output::{Sink, use_color};
use crate::render::render;
use crate::stack::{self, Overrides, Stack};
use crate::timeline::Timeline;

impl ComputeArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            arrivals: self.arrivals.clone(),
            interval_s: self.interval,
            peak_multiplier: self.peak_multiplier,
            warn_at: self.warn_at,
            blocking: self.blocking,
        }
    }
}

/// Loads a stack and its arrivals and computes the report: the shared first step of commands.
pub fn load_and_compute(path: &Path, overrides: &Overrides) -> Result<(Stack, Report)> {
    let stack = stack::load(path, overrides)?;
    let series = arrivals::read_all(&stack)?;
    let timeline = Timeline::build(&stack, &series)?;
    let report = compute(&stack, &timeline, &path.display().to_string());
    Ok((stack, report))
}

pub fn run(args: &ComputeArgs, color: ColorChoice) -> Result<()> {
    let overrides = args.overrides();
    let mut inputs: Vec<&Path> = vec![&args.stack];
    inputs.extend(args.arrivals.iter().map(|(_, p)| p.as_path()));
    // Checked before the work so a bad -o fails fast; checked again once the inputs are known.
    Sink::new(&args.output.output, &inputs)?;
    let (stack, report) = load_and_compute(&args.stack, &overrides)?;
    inputs.extend(stack.workloads.iter().map(|w| w.arrivals.as_path()));
    let sink = Sink::new(&args.output.output, &inputs)?;
    let text = render(&report, args.output.format, use_color(color, &sink));
    sink.write(text.as_bytes())
}
