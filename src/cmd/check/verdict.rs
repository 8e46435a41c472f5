//! The verdict: each layer's finding (fail, overdue, order due, warning) from the projection,
//! and the one line that sums them up.

use super::{BaselineDiff, FailAt, Finding, FindingKind, Verdict};
use crate::engine::headroom::Report;
use crate::model::stack::Stack;
use crate::values::month::{Month, iso_date};
use crate::values::units::percent;

/// Applies the fail threshold to every layer's projection. One rule for dates: an act-by date
/// counts the lead time back from the first day of the month a layer reaches its ceiling (when
/// calls start to fail), whatever `--fail-at` says; it is overdue from the day after.
pub fn judge(
    stack: &Stack,
    report: Report,
    fail_at: FailAt,
    today: i64,
    baseline: Option<BaselineDiff>,
) -> Verdict {
    let p = report.projection.as_ref().expect("check always projects");
    let mut findings = Vec::new();
    for lp in &p.layers {
        // Joined by name, never by position in two lists.
        let Some(layer) = stack.layers.iter().find(|l| l.name == lp.name) else {
            continue;
        };
        findings.extend(finding(lp, layer, p, fail_at, today));
    }
    sort_by_urgency(&mut findings);
    let summary = summary(&findings, p, fail_at);
    Verdict {
        pass: findings.iter().all(|f| !f.fail),
        summary,
        fail_at: fail_at.describe(),
        today: iso_date(today),
        findings,
        baseline,
        report,
    }
}

/// The most urgent first: failing before passing, then overdue orders, then the earliest act-by
/// date (findings with none last), then the highest utilisation, then the order of the file.
pub fn sort_by_urgency(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (!a.fail, !a.act_by_passed, a.act_by.is_empty(), &a.act_by)
            .cmp(&(!b.fail, !b.act_by_passed, b.act_by.is_empty(), &b.act_by))
            .then(b.utilization.total_cmp(&a.utilization))
            .then(a.line.cmp(&b.line))
    });
}

/// What check says of one layer: a failure, an overdue order, an order due inside the horizon,
/// a warning, or nothing.
fn finding(
    lp: &crate::engine::projection::LayerProjection,
    layer: &crate::model::stack::Layer,
    p: &crate::engine::projection::Projection,
    fail_at: FailAt,
    today: i64,
) -> Option<Finding> {
    let start = Month::parse(&p.start).expect("the projection's own start month");
    let last_day = start.plus(i64::from(p.horizon_months) + 1).first_day() - 1;
    let inside = |c: &crate::engine::projection::Crossing| c.month_index <= p.horizon_months;
    let ceiling = lp.crossing(1.0, start);
    let act_by = ceiling.as_ref().map(|c| lp.act_by_day(c, start));
    let overdue = act_by.is_some_and(|d| today > d);
    let due_inside = act_by.is_some_and(|d| d <= last_day);
    let crossing = lp
        .crossing(fail_at.threshold(layer.warn_at), start)
        .filter(inside);
    let warn = lp.crossing(layer.warn_at, start).filter(inside);
    let (kind, fail, c) = match (crossing, overdue, due_inside, warn) {
        (Some(c), ..) => (FindingKind::Fail, true, c),
        (None, true, ..) => (
            FindingKind::Overdue,
            true,
            ceiling.clone().expect("an act-by has a crossing"),
        ),
        (None, false, true, _) => (
            FindingKind::OrderDue,
            fail_at == FailAt::Order,
            ceiling.clone().expect("an act-by has a crossing"),
        ),
        (None, false, false, Some(w)) => (FindingKind::Warn, false, w),
        (None, false, false, None) => return None,
    };
    let lead = lp
        .lead_time
        .map_or(String::new(), |t| format!(" (lead time {})", t.describe()));
    let order = match (act_by, &ceiling) {
        (Some(d), Some(cc)) if overdue => format!(
            "; the order for its ceiling in {} was due by {}{lead}: overdue",
            cc.month,
            iso_date(d)
        ),
        (Some(d), Some(cc)) if cc.month == c.month => {
            format!("; order a higher limit by {}{lead}", iso_date(d))
        }
        (Some(d), Some(cc)) => format!(
            "; order a higher limit by {}{lead} (ceiling in {})",
            iso_date(d),
            cc.month
        ),
        _ => format!(
            "; its ceiling is not reached by {}",
            p.months[p.months.len() - 1]
        ),
    };
    let message = match kind {
        FindingKind::Warn => format!(
            "layer `{}` reaches {} (warn at {}) in {}{order}",
            lp.name,
            percent(c.utilization),
            percent(layer.warn_at),
            c.month
        ),
        FindingKind::OrderDue => format!(
            "layer `{}` reaches its ceiling in {}, past the {}-month horizon, but the order is due inside it{order}",
            lp.name, c.month, p.horizon_months
        ),
        FindingKind::Fail | FindingKind::Overdue => format!(
            "layer `{}` reaches {} of its ceiling in {} (fail at {}){order}",
            lp.name,
            percent(c.utilization),
            c.month,
            fail_at.describe()
        ),
    };
    Some(Finding {
        layer: lp.name.clone(),
        line: lp.line,
        kind,
        fail,
        threshold: fail_at.threshold(layer.warn_at),
        month: c.month.clone(),
        month_index: c.month_index,
        utilization: c.utilization,
        act_by: act_by.map(iso_date).unwrap_or_default(),
        act_by_passed: overdue,
        no_worse: false,
        message,
    })
}

/// The verdict's one line: the first failure, or a pass with the highest layer at the horizon
/// and the earliest order due inside it.
pub fn summary(
    findings: &[Finding],
    p: &crate::engine::projection::Projection,
    fail_at: FailAt,
) -> String {
    let start = Month::parse(&p.start).expect("the projection's own start month");
    let failing: Vec<&Finding> = findings.iter().filter(|f| f.fail).collect();
    let end = start.plus(i64::from(p.horizon_months));
    match failing.first() {
        Some(f) => {
            let more = if failing.len() > 1 {
                format!(" ({} layers fail)", failing.len())
            } else {
                String::new()
            };
            format!("FAIL: {}{more}", f.message)
        }
        None => {
            let h = p.horizon_months as usize;
            let top = crate::engine::load::binding_index(
                p.layers
                    .iter()
                    .map(|l| l.ceiling_calls[h].map(|_| l.utilization[h])),
            );
            let highest = top.map_or(String::new(), |t| {
                format!(
                    "; the highest in {end} is `{}` at {}",
                    p.layers[t].name,
                    percent(p.layers[t].utilization[h])
                )
            });
            let due = findings
                .iter()
                .filter(|f| f.kind == FindingKind::OrderDue)
                .min_by(|a, b| a.act_by.cmp(&b.act_by))
                .map(|f| {
                    format!(
                        "; but an order is due inside the horizon: `{}` by {} (its ceiling is in {})",
                        f.layer, f.act_by, f.month
                    )
                })
                .unwrap_or_default();
            format!(
                "PASS: no layer reaches its fail threshold ({}) from {} to {end}{highest}{due}",
                fail_at.describe(),
                p.start
            )
        }
    }
}
