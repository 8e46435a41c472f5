//! The shared first step of the commands that plan: the stack, its arrivals on the timeline,
//! the report and (when asked) the growth model and month-by-month projection.

use std::path::Path;

use crate::engine::headroom::{Report, compute};
use crate::engine::projection::project;
use crate::engine::timeline::Timeline;
use crate::io::arrivals;
use crate::io::growth::GrowthModel;
use crate::model::stack::{self, Overrides, Stack};
use crate::values::error::Result;
use crate::values::month::{Month, today};

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
