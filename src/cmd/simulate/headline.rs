//! The simulation's one sentence: at today's load, the layer that refuses first and what that
//! costs a day, worded from the levels' figures.

use crate::simulate::LoadLevel;
use crate::units::{percent_fine, trim_float};

/// One sentence: at today's load (or the first level above it), the layer that refuses the
/// most, what that costs a day; or that none refuses.
pub fn headline(levels: &[LoadLevel], days: usize) -> String {
    let Some(at) = levels
        .iter()
        .find(|l| l.load >= 1.0)
        .or_else(|| levels.last())
    else {
        return String::new();
    };
    let worst = at
        .layers
        .iter()
        .filter(|l| l.refused_per_day > 0.0)
        .max_by(|a, b| a.refused_per_day.total_cmp(&b.refused_per_day));
    let load = percent_fine(at.load);
    match worst {
        Some(l) => format!(
            "At {load} load, {} refuses first: {} calls a day ({} of its calls{}), on {} of {days} simulated days; callers meet: {}.",
            l.name,
            trim_float(l.refused_per_day, 1),
            percent_fine(l.refused_share),
            l.refused_share_ci95
                .map(|c| format!(", 95% CI {}-{}", percent_fine(c[0]), percent_fine(c[1])))
                .unwrap_or_default(),
            percent_fine(l.days_with_refusal),
            l.refused_experience
        ),
        None => {
            let first = levels.iter().find_map(|lv| {
                lv.layers
                    .iter()
                    .filter(|l| l.refused_per_day > 0.0)
                    .max_by(|a, b| a.refused_per_day.total_cmp(&b.refused_per_day))
                    .map(|l| (lv.load, l))
            });
            match first {
                Some((load2, l)) => format!(
                    "No layer refused a call at {load} load in {days} simulated days; at {} load {} refuses first ({} calls a day).",
                    percent_fine(load2),
                    l.name,
                    trim_float(l.refused_per_day, 1)
                ),
                None => {
                    format!("No layer refused a call at any load level in {days} simulated days.")
                }
            }
        }
    }
}
