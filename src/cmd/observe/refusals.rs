//! The table of the calls the records say were refused for a limit: one row per reason, with
//! the calls in progress when they were refused, which is the ceiling the traffic met.

use crate::engine::observe::Observation;
use crate::render::grid::Grid;

pub(super) fn grid(o: &Observation) -> Grid {
    let mut t = Grid::new([
        "refused (reason)",
        "calls",
        "first_at",
        "busiest_interval",
        "in_progress min / median / max",
    ])
    .prose(&[0]);
    let or_dash = |v: Option<u64>| v.map_or("-".to_string(), |n| n.to_string());
    for r in &o.refusals {
        let busiest = match &r.busiest_interval {
            Some(b) => format!("{b} ({})", r.busiest_interval_refusals),
            None => "-".into(),
        };
        t.row([
            r.reason.clone(),
            r.calls.to_string(),
            r.first_at.clone().unwrap_or_else(|| "-".into()),
            busiest,
            format!(
                "{} / {} / {}",
                or_dash(r.in_progress_min),
                or_dash(r.in_progress_median),
                or_dash(r.in_progress_max)
            ),
        ]);
    }
    t
}
