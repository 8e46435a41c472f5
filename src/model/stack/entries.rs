//! One `[[workload]]` or `[[layer]]` checked into its model entry.

use std::collections::HashSet;
use std::path::Path;

use super::raw::{RawHandleTime, RawLayer, RawWorkload};
use super::{
    Direction, Layer, Overrides, Source, Workload, check_multiplier, check_warn, limits, price,
};
use crate::model::handle_time::HandleTime;
use crate::values::error::Result;
use crate::values::suggest::did_you_mean;
use crate::values::units::parse_duration_s;

pub(super) fn interval(src: &Source, i: &toml::Spanned<super::raw::DurationText>) -> Result<f64> {
    crate::values::units::parse_interval_s(i.get_ref())
        .map_err(|e| src.err(i.span(), format!("interval: {e}")))
}

pub(super) fn workload(
    src: &Source,
    w: &RawWorkload,
    ov: &Overrides,
    default_multiplier: f64,
    default_interval: Option<f64>,
) -> Result<Workload> {
    let name = w.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err(src.err(w.name.span(), "a workload name must not be empty"));
    }
    let arrivals = match ov.arrivals.iter().find(|(n, _)| *n == name) {
        Some((_, p)) => p.clone(),
        None => {
            match &w.arrivals {
                Some(a) => src.path.parent().unwrap_or(Path::new("")).join(a.get_ref()),
                None => {
                    return Err(src.err(
                    w.name.span(),
                    format!("workload `{name}` has no `arrivals` file (or give --arrivals {name}=FILE)"),
                ));
                }
            }
        }
    };
    let aht_s = match &w.aht {
        Some(a) => {
            let s = parse_duration_s(a.get_ref())
                .map_err(|e| src.err(a.span(), format!("aht: {e}")))?;
            if !(s > 0.0 && s <= 7.0 * 86_400.0) {
                return Err(src.err(
                    a.span(),
                    format!("aht must be above 0s and at most 7d, found {}", a.get_ref()),
                ));
            }
            Some(s)
        }
        None => None,
    };
    let peak_multiplier = match (ov.peak_multiplier, &w.peak_multiplier) {
        (None, Some(m)) => check_multiplier(*m.get_ref()).map_err(|e| src.err(m.span(), e))?,
        _ => default_multiplier,
    };
    let interval_s = match (ov.interval_s, &w.interval) {
        (Some(i), _) => Some(i),
        (None, Some(i)) => Some(interval(src, i)?),
        (None, None) => default_interval,
    };
    let direction = match &w.direction {
        None => Direction::Inbound,
        Some(d) => direction(src, d.get_ref(), d.span())?,
    };
    let handle_time = match &w.handle_time {
        None => HandleTime::Exponential,
        Some(h) => handle_time(h.get_ref()).map_err(|e| src.err(h.span(), e))?,
    };
    let retry = match &w.retry {
        None => None,
        Some(r) => {
            let after_s = parse_duration_s(&r.get_ref().after)
                .map_err(|e| src.err(r.span(), format!("retry after: {e}")))?;
            let share = r.get_ref().share.0;
            if !(share > 0.0 && share < 1.0 && after_s > 0.0 && after_s <= 86_400.0) {
                return Err(src.err(
                    r.span(),
                    "retry needs a share above 0% and below 100% and `after` between 0s and 1d",
                ));
            }
            if share > MAX_RETRY_SHARE {
                // Each refused caller tries 1 / (1 - share) times on average: 99.9999% is a
                // million tries, a storm no caller makes and no simulation ends.
                return Err(src.err(
                    r.span(),
                    format!(
                        "retry share {:.4}% has each refused caller try {:.0} times on average; at most 99% (100 tries): real callers give up long before",
                        share * 100.0,
                        1.0 / (1.0 - share)
                    ),
                ));
            }
            Some(super::Retry { share, after_s })
        }
    };
    Ok(Workload {
        line: src.line(&w.name.span()),
        retry,
        direction,
        handle_time,
        name,
        arrivals,
        aht_s,
        peak_multiplier,
        interval_s,
    })
}

fn direction(src: &Source, d: &str, span: std::ops::Range<usize>) -> Result<Direction> {
    Direction::ALL
        .into_iter()
        .find(|x| x.name() == d.trim())
        .ok_or_else(|| {
            let hint = did_you_mean(d, Direction::ALL.iter().map(|x| x.name()));
            src.err(
                span,
                format!("unknown direction `{d}`{hint}; expected inbound, outbound or web"),
            )
        })
}

/// The highest share of refused callers who call again: 100 tries on average.
const MAX_RETRY_SHARE: f64 = 0.99;

fn handle_time(h: &RawHandleTime) -> std::result::Result<HandleTime, String> {
    const EXPECTED: &str = "expected \"exponential\", \"fixed\", { lognormal_cv = 0.8 } or { quantiles = [\"0s\", \"1m\", ...] }";
    match h {
        RawHandleTime::Named(n) => match n.trim() {
            "exponential" => Ok(HandleTime::Exponential),
            "fixed" => Ok(HandleTime::Fixed),
            other => Err(format!(
                "handle_time: unknown distribution `{other}`; {EXPECTED}"
            )),
        },
        RawHandleTime::Table(t) if t.means.is_some() && t.quantiles.is_none() => Err(
            "handle_time: `means` go with `quantiles`: one mean per segment between neighbouring quantiles".into(),
        ),
        RawHandleTime::Table(t) => match (t.lognormal_cv, &t.quantiles) {
            (Some(cv), None) if cv.is_finite() && cv > 0.0 && cv <= 3.0 => {
                Ok(HandleTime::Lognormal { cv })
            }
            (Some(cv), None) => Err(format!(
                "handle_time: lognormal_cv must be above 0 and at most 3 (call durations rarely pass 1.5), found {cv}"
            )),
            (None, Some(q)) => {
                let secs = q
                    .iter()
                    .map(|x| parse_duration_s(x).map_err(|e| format!("handle_time quantile: {e}")))
                    .collect::<std::result::Result<Vec<f64>, String>>()?;
                if secs.len() > 101 {
                    return Err("handle_time: at most 101 quantiles (every 1%)".into());
                }
                let means = t
                    .means
                    .as_ref()
                    .map(|m| {
                        m.iter()
                            .map(|x| {
                                parse_duration_s(x).map_err(|e| format!("handle_time mean: {e}"))
                            })
                            .collect::<std::result::Result<Vec<f64>, String>>()
                    })
                    .transpose()?;
                HandleTime::from_quantiles(&secs, means.as_deref())
                    .map_err(|e| format!("handle_time: {e}"))
            }
            _ => Err(format!("handle_time: {EXPECTED}")),
        },
    }
}

pub(super) fn layer(
    src: &Source,
    l: &RawLayer,
    workloads: &[Workload],
    default_warn: f64,
    warn_forced: bool,
) -> Result<Layer> {
    let name = l.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err(src.err(l.name.span(), "a layer name must not be empty"));
    }
    let kind = limits::kind(src, l)?;
    let used = layer_workloads(src, l, workloads, &name)?;
    let warn_at = match (&l.warn_at, warn_forced) {
        (Some(w), false) => check_warn(w.get_ref().0).map_err(|e| src.err(w.span(), e))?,
        _ => default_warn,
    };
    let members = limits::members(src, l, kind, &name)?;
    let changes = changes(src, l, kind, &name)?;
    let queue_patience_s = patience(src, l)?;
    let rate_directions = match &l.rate_directions {
        None => None,
        Some(list) => Some(
            list.get_ref()
                .iter()
                .map(|d| direction(src, d, list.span()))
                .collect::<Result<Vec<_>>>()?,
        ),
    };
    let lead_time = lead_time(src, l)?;
    Ok(Layer {
        line: src.line(&l.name.span()),
        name,
        kind,
        workloads: used,
        warn_at,
        rate_directions,
        queue_patience_s,
        members,
        price: price::price(src, l, kind)?,
        lead_time,
        changes,
    })
}

/// The workloads whose calls pass the layer: every one, or those it lists (each once).
fn layer_workloads(
    src: &Source,
    l: &RawLayer,
    workloads: &[Workload],
    name: &str,
) -> Result<Vec<usize>> {
    Ok(match &l.workloads {
        None => (0..workloads.len()).collect(),
        Some(list) => {
            let mut seen = HashSet::new();
            let mut idx = Vec::new();
            for w in list.get_ref() {
                let Some(i) = workloads.iter().position(|x| &x.name == w) else {
                    let hint = did_you_mean(w, workloads.iter().map(|x| x.name.as_str()));
                    return Err(src.err(
                        list.span(),
                        format!("layer `{name}` names workload `{w}`, which is not defined{hint}"),
                    ));
                };
                if seen.insert(i) {
                    idx.push(i);
                }
            }
            if idx.is_empty() {
                return Err(src.err(list.span(), format!("layer `{name}` lists no workloads")));
            }
            idx
        }
    })
}

/// Planned changes of the layer's limits, in month order, each month once.
fn changes(
    src: &Source,
    l: &RawLayer,
    kind: super::Kind,
    name: &str,
) -> Result<Vec<(crate::values::month::Month, Vec<super::Member>)>> {
    let mut changes: Vec<(crate::values::month::Month, Vec<super::Member>)> = Vec::new();
    for c in &l.change {
        let from = crate::values::month::Month::parse(c.from.get_ref())
            .map_err(|e| src.err(c.from.span(), format!("change from: {e}")))?;
        if changes.last().is_some_and(|(m, _)| *m >= from) {
            return Err(src.err(
                c.from.span(),
                format!("changes of layer `{name}` must be in month order, each month once"),
            ));
        }
        changes.push((from, limits::members(src, &c.applied_to(l), kind, name)?));
    }
    Ok(changes)
}

/// How long callers wait in the layer's queue before hanging up (`queue = { patience }`).
fn patience(src: &Source, l: &RawLayer) -> Result<Option<f64>> {
    Ok(match &l.queue {
        None => None,
        Some(q) => {
            let p = &q.get_ref().patience;
            let s = crate::values::units::parse_patience_s(p)
                .map_err(|e| src.err(q.span(), format!("queue patience: {e}")))?;
            Some(s)
        }
    })
}

/// The layer's lead time for a higher limit, at most ten years.
fn lead_time(src: &Source, l: &RawLayer) -> Result<Option<super::LeadTime>> {
    Ok(match &l.lead_time {
        None => None,
        Some(t) => {
            // The ten-year bound is part of the parse, so no figure can wrap first.
            let lt = super::model::parse_lead_time(t.get_ref())
                .map_err(|e| src.err(t.span(), format!("lead_time: {e}")))?;
            Some(lt)
        }
    })
}
