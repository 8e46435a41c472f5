//! `capplan compute`: read the stack and arrivals, compute per-layer headroom, render it.

use std::path::Path;

use crate::arrivals;
use crate::cli::{ColorChoice, ComputeArgs, StackArgs};
use crate::compute::{Report, compute};
use crate::error::Result;
use crate::growth::GrowthModel;
use crate::month::{Month, today};
use crate::output::{Sink, use_color};
use crate::projection::project;
use crate::render::render;
use crate::stack::{self, Overrides, Stack};
use crate::timeline::Timeline;

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
        }
    }
}

/// What the commands that plan share: the stack, its timeline, the growth model (when
/// projected) and the report.
pub struct Loaded {
    pub stack: Stack,
    pub timeline: Timeline,
    pub growth: Option<GrowthModel>,
    pub report: Report,
}

/// Loads a stack and its arrivals and computes the report, with the month-by-month projection
/// when growth was asked for or `always_project` is set: the shared first step of commands.
pub fn load_and_compute(
    path: &Path,
    overrides: &Overrides,
    always_project: bool,
) -> Result<Loaded> {
    let stack = stack::load(path, overrides)?;
    let series = arrivals::read_all(&stack)?;
    let timeline = Timeline::build(&stack, &series)?;
    let mut report = compute(&stack, &timeline, &path.display().to_string());
    let growth = if stack.growth.set || always_project {
        let model = GrowthModel::new(&stack, Month::of_day(today()))?;
        report.projection = Some(project(&stack, &timeline, &model));
        Some(model)
    } else {
        None
    };
    Ok(Loaded {
        stack,
        timeline,
        growth,
        report,
    })
}

/// Every file a command reads, so that a report is never written over one of them.
pub fn inputs(args: &StackArgs, stack: Option<&Stack>) -> Vec<std::path::PathBuf> {
    let mut inputs = vec![args.stack.clone()];
    inputs.extend(args.arrivals.iter().map(|(_, p)| p.clone()));
    inputs.extend(args.projection.clone());
    if let Some(s) = stack {
        inputs.extend(s.workloads.iter().map(|w| w.arrivals.clone()));
        inputs.extend(s.growth.projection.clone());
    }
    inputs
}

pub fn run(args: &ComputeArgs, color: ColorChoice) -> Result<()> {
    // Checked before the work so a bad -o fails fast; checked again once the inputs are known.
    Sink::new(&args.output.output, &inputs(&args.stack, None))?;
    let Loaded { stack, report, .. } =
        load_and_compute(&args.stack.stack, &args.stack.overrides(), false)?;
    let sink = Sink::new(&args.output.output, &inputs(&args.stack, Some(&stack)))?;
    let text = render(&report, args.output.format, use_color(color, &sink));
    sink.write(text.as_bytes())
}
