//! The calls the records say were refused for a limit, one reason at a time, with the calls in
//! progress when they were refused, which is the ceiling the traffic met: a table in markdown,
//! a sentence a reason at a terminal (a provider's reason is one long word no column can wrap).

use crate::engine::observe::{Observation, Refusals};
use crate::render::grid::Grid;

/// The busiest interval with its count, and the calls in progress (lowest / median / highest).
fn figures(r: &Refusals) -> (String, String) {
    let or_dash = |v: Option<u64>| v.map_or("-".to_string(), |n| n.to_string());
    let busiest = match &r.busiest_interval {
        Some(b) => format!("{b} ({})", r.busiest_interval_refusals),
        None => "-".into(),
    };
    let in_progress = format!(
        "{} / {} / {}",
        or_dash(r.in_progress_min),
        or_dash(r.in_progress_median),
        or_dash(r.in_progress_max)
    );
    (busiest, in_progress)
}

pub(super) fn grid(o: &Observation) -> Grid {
    let mut t = Grid::new([
        "refused (reason)",
        "calls",
        "first_at",
        "busiest_interval",
        "in_progress min / median / max",
    ])
    .prose(&[0]);
    for r in &o.refusals {
        let (busiest, in_progress) = figures(r);
        let first = r.first_at.clone().unwrap_or_else(|| "-".into());
        t.row([
            r.reason.clone(),
            r.calls.to_string(),
            first,
            busiest,
            in_progress,
        ]);
    }
    t
}

/// One sentence a reason, for a terminal.
pub(super) fn lines(o: &Observation) -> Vec<String> {
    o.refusals
        .iter()
        .map(|r| {
            let (busiest, in_progress) = figures(r);
            let first = r.first_at.as_deref().unwrap_or("-");
            format!(
                "Refused ({}): {} calls, the first at {first}, the most in {busiest}; calls in progress when refused (min / median / max): {in_progress}.",
                r.reason, r.calls
            )
        })
        .collect()
}
