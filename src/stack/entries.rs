//! One `[[workload]]` or `[[layer]]` checked into its model entry.

use std::collections::HashSet;
use std::path::Path;

use super::raw::{RawLayer, RawWorkload};
use super::{Layer, Overrides, Source, Workload, check_multiplier, check_warn, limits, price};
use crate::error::Result;
use crate::suggest::did_you_mean;
use crate::units::parse_duration_s;

pub(super) fn interval(src: &Source, i: &toml::Spanned<String>) -> Result<f64> {
    let s =
        parse_duration_s(i.get_ref()).map_err(|e| src.err(i.span(), format!("interval: {e}")))?;
    if !(1.0..=86_400.0).contains(&s) {
        return Err(src.err(i.span(), "interval must be between 1s and 1d"));
    }
    Ok(s)
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
    Ok(Workload {
        line: src.line(&w.name.span()),
        name,
        arrivals,
        aht_s,
        peak_multiplier,
        interval_s,
    })
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
    let used = match &l.workloads {
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
    };
    let warn_at = match (&l.warn_at, warn_forced) {
        (Some(w), false) => check_warn(w.get_ref().0).map_err(|e| src.err(w.span(), e))?,
        _ => default_warn,
    };
    let members = limits::members(src, l, kind, &name)?;
    let lead_time_s = match &l.lead_time {
        None => None,
        Some(t) => {
            let s = parse_duration_s(t.get_ref())
                .map_err(|e| src.err(t.span(), format!("lead_time: {e}")))?;
            if !(0.0..=10.0 * 365.0 * 86_400.0).contains(&s) {
                return Err(src.err(t.span(), "lead_time must be between 0s and 10 years"));
            }
            Some(s)
        }
    };
    Ok(Layer {
        line: src.line(&l.name.span()),
        name,
        kind,
        workloads: used,
        warn_at,
        members,
        price: price::price(src, l, kind)?,
        lead_time_s,
    })
}
