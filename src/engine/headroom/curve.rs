//! Expected calls in progress at every boundary of the grid, per layer: the model's curve, to
//! put beside the records' own (`observe`'s `expected_calls`) or a load test's.

use serde::{Deserialize, Serialize};

use crate::engine::timeline::Timeline;
use crate::model::stack::Stack;

/// The JSON contract of `compute --per-interval`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curve {
    pub interval_s: f64,
    /// One row per boundary and layer: boundaries in time order, layers in file order.
    pub rows: Vec<CurveRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurveRow {
    /// The boundary, in the form the arrivals used.
    pub time: String,
    pub layer: String,
    /// Expected calls in progress of the layer's workloads at that instant.
    pub expected_calls: f64,
    /// The same with each workload's peak multiplier: the design load there.
    pub design_calls: f64,
}

pub fn curve(stack: &Stack, tl: &Timeline) -> Curve {
    let mut rows = Vec::with_capacity(tl.points() * stack.layers.len());
    for j in 0..tl.points() {
        let time = tl.format_point(j);
        for layer in &stack.layers {
            let (mut plain, mut design) = (0.0, 0.0);
            for &w in &layer.workloads {
                plain += tl.in_progress[w][j];
                design += stack.workloads[w].peak_multiplier * tl.in_progress[w][j];
            }
            rows.push(CurveRow {
                time: time.clone(),
                layer: layer.name.clone(),
                expected_calls: plain,
                design_calls: design,
            });
        }
    }
    Curve {
        interval_s: tl.step_s(),
        rows,
    }
}
