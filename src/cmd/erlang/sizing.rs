//! One answer per calculator that does more than one formula: the servers a target needs, the
//! traffic a group carries, Engset, Erlang C sizing, Extended Erlang B, Erlang A; each with
//! its inputs, results and a note on how to read them.

use super::answer::{Answer, Unit};
use crate::engine::erlang;
use crate::values::error::{Error, Result};

/// Erlang B: the lines a blocking target needs (and the fractional line count, if asked).
pub(super) fn lines_for(a: f64, blocking: f64, fractional: bool, z: f64) -> Answer {
    use Unit::*;
    let l = erlang::hayward_lines_for(a, blocking, z);
    let ans = Answer::new("Erlang B: lines for a blocking target")
        .input("traffic_erlangs", a, Erlangs)
        .input("blocking_target", blocking, Share)
        .result("lines", l.lines as f64, Lines)
        .result("blocking_at_lines", l.blocking, Share)
        .result("blocking_at_one_line_fewer", l.blocking_below, Share);
    let ans = if fractional {
        // Hayward's real line count: Z times the one for A/Z.
        let whole = erlang::lines_for(a / z, blocking).lines;
        let x = erlang::fractional_lines_for(a / z, blocking, whole) * z;
        ans.result("fractional_lines", x, Lines)
    } else {
        ans
    };
    super::hayward_note(ans, z)
}

/// Erlang B: the traffic `lines` carry at a blocking target (and its calls per hour).
pub(super) fn traffic_for(lines: f64, blocking: f64, aht: Option<f64>) -> Result<Answer> {
    use Unit::*;
    let a = erlang::traffic_for(lines, blocking).ok_or_else(|| {
        Error::Usage(format!(
            "{lines} lines block more than {} of any traffic a double can hold (the answer is below 1e-308 erlangs): no traffic meets that target",
            crate::values::units::percent_fine(blocking)
        ))
    })?;
    let ans = Answer::new("Erlang B: traffic for a blocking target")
        .input("lines", lines, Lines)
        .input("blocking_target", blocking, Share)
        .result("traffic_erlangs", a, Erlangs)
        .result("carried_erlangs", a * (1.0 - blocking), Erlangs);
    Ok(match aht {
        Some(aht) => ans.input("aht_s", aht, Seconds).result(
            "offered_calls_per_hour",
            a * 3600.0 / aht,
            CallsPerHour,
        ),
        None => ans,
    })
}

/// Engset: finite sources, each offering `per_idle_source` erlangs while idle (or a total
/// `traffic` below one erlang per source).
pub(super) fn engset(
    sources: u64,
    lines: u64,
    per_idle_source: Option<f64>,
    traffic: Option<f64>,
) -> Result<Answer> {
    use Unit::*;
    let beta = match (per_idle_source, traffic) {
        (Some(b), _) => b,
        (None, Some(a)) if a < sources as f64 => {
            let alpha = a / sources as f64;
            alpha / (1.0 - alpha)
        }
        _ => {
            return Err(Error::Usage(
                "--traffic must be below --sources (each source offers less than 1 erlang)".into(),
            ));
        }
    };
    let e = erlang::engset(sources, lines, beta);
    Ok(Answer::new("Engset (finite sources)")
        .input("sources", sources as f64, Sources)
        .input("lines", lines as f64, Lines)
        .input("per_idle_source_erlangs", beta, Erlangs)
        .result("call_congestion", e.call_congestion, Share)
        .result("time_congestion", e.time_congestion, Share)
        .result("offered_erlangs", e.offered_erlangs, Erlangs)
        .result("carried_erlangs", e.carried_erlangs, Erlangs)
        .note("call_congestion is the share of call attempts blocked; time_congestion the share of time all lines are busy."))
}

/// Erlang C: the agents a service level needs, given [service level, max occupancy, shrinkage].
pub(super) fn agents_for(
    a: f64,
    aht: f64,
    target: f64,
    [service_level, max_occupancy, shrinkage]: [f64; 3],
) -> Answer {
    use Unit::*;
    let r = erlang::agents_for(a, aht, target, service_level, max_occupancy, shrinkage);
    queue_answer(
        "Erlang C: agents for a service level",
        a,
        aht,
        target,
        r.stats,
    )
    .input("service_level_target", service_level, Share)
    .input("max_occupancy", max_occupancy, Share)
    .input("shrinkage", shrinkage, Share)
    .result("agents", r.agents as f64, Agents)
    .result("agents_after_shrinkage", r.scheduled as f64, Agents)
    .result(
        "service_level_one_agent_fewer",
        r.service_level_below,
        Share,
    )
}

/// Extended Erlang B: blocking at `lines`, or the lines a blocking target needs.
pub(super) fn extended(
    a: f64,
    recall: f64,
    lines: Option<f64>,
    blocking: Option<f64>,
) -> Result<Answer> {
    use Unit::*;

    // Each answer solves a fixed point over Erlang B at every line count it tries.
    if a > 1e5 {
        return Err(Error::Usage(format!(
            "extended-b takes up to 100,000 erlangs of fresh traffic, found {a}"
        )));
    }
    let (n, e) = match (lines, blocking) {
        (Some(n), _) => (n, erlang::extended_b(a, n, recall)),
        (None, Some(t)) => {
            let (n, e) = erlang::extended_lines_for(a, recall, t);
            (n as f64, e)
        }
        (None, None) => unreachable!("clap requires --lines or --blocking"),
    };
    let ans = Answer::new("Extended Erlang B (blocked callers retry)")
        .input("fresh_traffic_erlangs", a, Erlangs)
        .input("recall", recall, Share);
    let ans = match blocking {
        Some(t) => ans.input("blocking_target", t, Share),
        None => ans,
    };
    Ok(ans
        .result("lines", n, Lines)
        .result("blocking", e.blocking, Share)
        .result("offered_with_retries_erlangs", e.offered_erlangs, Erlangs)
        .result("carried_erlangs", e.carried_erlangs, Erlangs)
        .result("lost_erlangs", e.lost_erlangs, Erlangs)
        .result("lost_share_of_fresh", e.lost_share, Share))
}

/// Erlang A, refusing a queue too deep to follow state by state.
pub(super) fn abandonment(
    a: f64,
    agents: u64,
    aht: f64,
    patience: f64,
    target: f64,
) -> Result<Answer> {
    use Unit::*;

    if patience.is_infinite() {
        return Ok(never_abandon(a, agents, aht, target));
    }
    // An overloaded queue settles where abandonment drains the excess, (A - N) x patience /
    // AHT callers deep, and spreads about the square root of A x patience / AHT around that
    // (ten of those are followed). Each caller is a state of the chain.
    let depth = (a - agents as f64).max(0.0) * patience / aht + 10.0 * (a * patience / aht).sqrt();
    if depth > erlang::MAX_QUEUE_STATES {
        return Err(Error::Usage(format!(
            "with {a} erlangs on {agents} agents and a patience of {}, the queue settles about {depth:.0} callers deep, past the {} this model follows: give a shorter --patience or more agents",
            crate::values::units::format_duration(patience),
            erlang::MAX_QUEUE_STATES
        )));
    }
    // The service level follows a caller down that queue, one uniformised jump at a
    // time: about depth x (N/AHT + depth/patience) x target steps.
    let positions = depth.max(1.0) * 2.0;
    let jumps = (agents as f64 / aht + positions / patience) * target + 200.0;
    if positions * jumps > erlang::MAX_QUEUE_WORK {
        return Err(Error::Usage(format!(
            "a queue about {depth:.0} callers deep with a {} target would take {:.1e} steps to follow: give a shorter --patience or --target, or more agents",
            crate::values::units::format_duration(target),
            positions * jumps
        )));
    }
    let r = erlang::erlang_a(a, agents, aht, patience, target);
    Ok(Answer::new("Erlang A (callers abandon)")
        .input("traffic_erlangs", a, Erlangs)
        .input("agents", agents as f64, Agents)
        .input("aht_s", aht, Seconds)
        .input("patience_s", patience, Seconds)
        .input("target_s", target, Seconds)
        .result("p_wait", r.p_wait, Share)
        .result("p_abandon", r.p_abandon, Share)
        .result("service_level", r.service_level, Share)
        .result("asa_s", r.asa_s, Seconds)
        .result("queue_calls", r.queue_calls, Calls)
        .result("occupancy", r.occupancy, Share)
        .note("service_level is the share of all callers answered within the target; asa_s averages the wait over every caller, answered or not."))
}

/// Erlang A with callers who never hang up is Erlang C: the same figures, none abandoning.
fn never_abandon(a: f64, agents: u64, aht: f64, target: f64) -> Answer {
    use Unit::*;
    let n = agents as f64;
    let s = erlang::erlang_c_stats(a, n, aht, target);
    // Erlang C's mean queue: P(wait) x A / (N - A) callers (Little's Law on the ASA).
    let queue = if s.stable {
        s.p_wait * a / (n - a)
    } else {
        f64::INFINITY
    };
    let ans = Answer::new("Erlang A (callers abandon)")
        .input("traffic_erlangs", a, Erlangs)
        .input("agents", n, Agents)
        .input("aht_s", aht, Seconds)
        .input("patience_s", f64::INFINITY, Seconds)
        .input("target_s", target, Seconds)
        .result("p_wait", s.p_wait, Share)
        .result("p_abandon", 0.0, Share)
        .result("service_level", s.service_level, Share)
        .result("asa_s", s.asa_s, Seconds)
        .result("queue_calls", queue, Calls)
        .result("occupancy", s.occupancy, Share)
        .note("With infinite patience no caller hangs up: these are Erlang C's figures.");
    if s.stable {
        ans
    } else {
        ans.note(unstable_note(a, n))
    }
}

pub(super) fn queue_answer(
    model: &'static str,
    a: f64,
    aht: f64,
    target: f64,
    s: erlang::QueueStats,
) -> Answer {
    Answer::new(model)
        .input("traffic_erlangs", a, Unit::Erlangs)
        .input("aht_s", aht, Unit::Seconds)
        .input("target_s", target, Unit::Seconds)
        .result("p_wait", s.p_wait, Unit::Share)
        .result("service_level", s.service_level, Unit::Share)
        .result("asa_s", s.asa_s, Unit::Seconds)
        .result("occupancy", s.occupancy, Unit::Share)
        .result("answered_immediately", s.answered_immediately, Unit::Share)
}

pub(super) fn unstable_note(a: f64, agents: f64) -> String {
    format!(
        "Unstable: {agents} agents cannot keep up with {a} erlangs, so the queue grows without bound; every caller waits and the average wait is infinite. Erlang C needs more agents than erlangs."
    )
}
