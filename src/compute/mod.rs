//! `compute`: the headroom model's figures with the sentences under them, the report every
//! command and renderer reads. The figures come from `headroom`; the words from
//! `render::words`.

pub use crate::headroom::{
    LayerReport, LimitReport, Report, Status, WorkloadReport, binding_index,
};

use crate::headroom;
use crate::render::words;
use crate::stack::Stack;
use crate::timeline::Timeline;

/// Computes the report; `stack_label` is how the stack file is named in it.
pub fn compute(stack: &Stack, tl: &Timeline, stack_label: &str) -> Report {
    let (mut report, numbers) = headroom::assess(stack, tl, stack_label);
    report.binding_arithmetic = numbers.as_ref().map_or_else(
        || "no limit of any layer counts this traffic".to_string(),
        words::arithmetic,
    );
    let binding = report
        .layers
        .iter()
        .find(|l| Some(&l.name) == report.binding_layer.as_ref());
    report.binding_erlang = stack
        .blocking_target
        .zip(binding)
        .map(|(t, b)| words::erlang_line(b, t));
    report
}
