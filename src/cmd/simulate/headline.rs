//! The simulation's one sentence: at today's load, the layer that refuses first, by which limit,
//! and what that costs a day; or, where nothing is refused, the callers who hung up waiting.

use crate::engine::simulate::{LayerSim, LoadLevel};
use crate::values::units::{percent_fine, trim_float};

/// "1 simulated day", "20 simulated days".
pub fn simulated_days(days: usize) -> String {
    if days == 1 {
        "1 simulated day".into()
    } else {
        format!("{days} simulated days")
    }
}

/// Which limits refused a layer's calls, most first: "its concurrent calls", "its calls per
/// second (81.2%) and its concurrent calls (18.8%)".
fn refused_by(l: &LayerSim) -> String {
    let b = &l.refused_by;
    let mut parts = [
        (b.concurrent_calls_per_day, "concurrent calls"),
        (b.calls_per_second_per_day, "calls per second"),
        (b.calls_per_hour_per_day, "calls per hour"),
    ];
    parts.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = parts.iter().map(|p| p.0).sum();
    let named: Vec<String> = parts
        .iter()
        .filter(|p| p.0 > 0.0)
        .map(|p| format!("its {} ({})", p.1, percent_fine(p.0 / total)))
        .collect();
    match named.len() {
        0 => "its limits".into(),
        1 => named[0].split(" (").next().unwrap_or_default().to_string(),
        _ => named.join(" and "),
    }
}

/// One sentence: at today's load (or the first level above it), the layer that refuses the
/// most, what that costs a day; or that none refuses, and who abandoned waiting.
pub fn headline(levels: &[LoadLevel], days: usize, calendar_days: f64) -> String {
    let Some(at) = levels
        .iter()
        .find(|l| l.load >= 1.0)
        .or_else(|| levels.last())
    else {
        return String::new();
    };
    let most = |lv: &LoadLevel| {
        lv.layers
            .iter()
            .filter(|l| l.refused_per_day > 0.0)
            .max_by(|a, b| a.refused_per_day.total_cmp(&b.refused_per_day))
            .cloned()
    };
    let load = percent_fine(at.load);
    let over = simulated_days(days);
    // A dated series is one run of many calendar days: refusals are counted per calendar day.
    let of_days = if (calendar_days - days as f64).abs() < 1e-9 {
        over.clone()
    } else {
        format!(
            "{} calendar days ({} of {})",
            trim_float(calendar_days, 1),
            if days == 1 { "1 run" } else { "runs" },
            trim_float(calendar_days / days as f64, 1)
        )
    };
    if let Some(l) = most(at) {
        return format!(
            "At {load} load, {} refuses first: {} calls a day ({} of its calls{}), on {} of {of_days}, by {}; callers meet: {}.",
            l.name,
            trim_float(l.refused_per_day, 1),
            percent_fine(l.refused_share),
            l.refused_share_ci95
                .map(|c| format!(", 95% CI {}-{}", percent_fine(c[0]), percent_fine(c[1])))
                .unwrap_or_default(),
            percent_fine(l.days_with_refusal),
            refused_by(&l),
            l.refused_experience
        );
    }
    let later = levels.iter().find_map(|lv| most(lv).map(|l| (lv.load, l)));
    let mut line = match later {
        Some((load2, l)) => format!(
            "No layer refused a call at {load} load in {over}; at {} load {} refuses first ({} calls a day, by {}).",
            percent_fine(load2),
            l.name,
            trim_float(l.refused_per_day, 1),
            refused_by(&l)
        ),
        None => format!("No layer refused a call at any load level in {over}."),
    };
    // Nobody refused is not nobody lost: callers who hang up in a queue are lost too.
    if let Some(q) = at
        .layers
        .iter()
        .filter(|l| l.abandoned_share > 0.0)
        .max_by(|a, b| a.abandoned_share.total_cmp(&b.abandoned_share))
    {
        line.push_str(&format!(
            " But at {load} load callers hung up waiting at {}: {} abandoned ({} a day); {} waited, {} on average (answered callers {}).",
            q.name,
            percent_fine(q.abandoned_share),
            trim_float(q.abandoned_share * q.offered_per_day, 1),
            percent_fine(q.waited_share),
            crate::values::units::format_duration(q.asa_s),
            crate::values::units::format_duration(q.asa_answered_s)
        ));
    }
    // A queue that never empties: callers still waiting when the run ends, and every one
    // waiting, are said, not hidden behind "no layer refused".
    if let Some(q) = at
        .layers
        .iter()
        .filter(|l| l.waiting_at_end > 0.0)
        .max_by(|a, b| a.waiting_at_end.total_cmp(&b.waiting_at_end))
    {
        line.push_str(&format!(
            " At {} {} callers were still waiting when the run ended, neither answered nor lost ({} of callers waited, {} on average): it cannot keep up.",
            q.name,
            trim_float(q.waiting_at_end, 1),
            percent_fine(q.waited_share),
            crate::values::units::format_duration(q.asa_s)
        ));
    }
    line
}
