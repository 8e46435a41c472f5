//! Each kind's limit keys checked (known to the kind, in range, a ceiling that is not absurd) and
//! assembled into members; the formulas that reduce them to ceilings are in `formulas`.

use super::raw::RawLayer;
use super::{Form, Kind, Limit, Member, Source, formulas};
use crate::values::error::{Error, Result};
use crate::values::suggest::did_you_mean;
use crate::values::units::trim_float;

/// Values above this are typos, not limits (no trunk has a trillion channels).
const ABSURD: f64 = 1e12;

pub(super) fn kind(src: &Source, l: &RawLayer) -> Result<Kind> {
    let Some(k) = &l.kind else {
        return Err(src.err(
            l.name.span(),
            format!(
                "layer `{}` has no `kind`; expected one of: {}",
                l.name.get_ref(),
                kind_names()
            ),
        ));
    };
    Kind::ALL
        .into_iter()
        .find(|x| x.name() == k.get_ref().as_str())
        .ok_or_else(|| {
            let hint = did_you_mean(k.get_ref(), Kind::ALL.iter().map(|x| x.name()));
            src.err(
                k.span(),
                format!(
                    "unknown layer kind `{}`{hint}; expected one of: {}",
                    k.get_ref(),
                    kind_names()
                ),
            )
        })
}

fn kind_names() -> String {
    Kind::ALL.map(|k| k.name()).join(", ")
}

/// The layer's own limits form its first member; each `[[layer.failover]]` entry adds one more.
pub(super) fn members(src: &Source, l: &RawLayer, kind: Kind, name: &str) -> Result<Vec<Member>> {
    let mut members = Vec::new();
    if !l.limit_keys().is_empty() || l.failover.is_empty() {
        members.push(member(src, l, kind, name)?);
    }
    for f in &l.failover {
        let fname = f.name.get_ref().trim();
        let at = f.name.span();
        if let Some(k) = f.kind.as_ref().filter(|k| k.get_ref() != kind.name()) {
            return Err(src.err(
                k.span(),
                format!(
                    "failover `{fname}` of layer `{name}` must be of the layer's kind `{}`",
                    kind.name()
                ),
            ));
        }
        if f.workloads.is_some()
            || f.rate_directions.is_some()
            || f.queue.is_some()
            || !f.change.is_empty()
            || f.warn_at.is_some()
            || f.lead_time.is_some()
            || f.price.is_some()
            || !f.failover.is_empty()
        {
            return Err(src.err(
                at,
                format!("failover `{fname}` of layer `{name}` takes only a name, accounts and limits; workloads, rate_directions, queue, warn_at, lead_time, price, change and failover belong to the layer"),
            ));
        }
        if members.iter().any(|m: &Member| m.name == fname) {
            return Err(src.err(
                at,
                format!("layer `{name}` has two members named `{fname}`"),
            ));
        }
        members.push(member(src, f, kind, fname)?);
    }
    Ok(members)
}

/// The keys a member sets, checked: each one its kind takes, each value in range.
fn check_keys(src: &Source, keys: &[Key], kind: Kind, name: &str) -> Result<()> {
    for (key, value, span) in keys {
        if !kind.keys().contains(key) {
            let hint = did_you_mean(key, kind.keys().iter().copied());
            return Err(src.err(
                span.clone(),
                format!(
                    "`{key}` is not a limit of a `{}` layer{hint}; it takes: {}",
                    kind.name(),
                    kind.keys().join(", ")
                ),
            ));
        }
        let ok = if *key == "hold_share" {
            *value > 0.0 && *value <= 1.0
        } else {
            value.is_finite() && *value > 0.0 && *value <= ABSURD
        };
        if !ok {
            return Err(src.err(
                span.clone(),
                format!(
                    "`{key}` of layer `{name}` must be a positive number below 1e12, found {value}"
                ),
            ));
        }
    }
    Ok(())
}

/// A key as written: its name, value and where it stands in the file.
type Key = (&'static str, f64, std::ops::Range<usize>);

fn accounts(src: &Source, l: &RawLayer) -> Result<f64> {
    let Some(a) = &l.accounts else {
        return Ok(1.0);
    };
    let v = *a.get_ref();
    if !(v >= 1.0 && v.fract() == 0.0 && v <= 1e6) {
        return Err(src.err(
            a.span(),
            format!("`accounts` must be a whole number of at least 1, found {v}"),
        ));
    }
    Ok(v)
}

/// What a kind's keys come to: (key, formula in words, form), or what is missing.
/// Refuses a ceiling that tiny divisors (a hold share of 1e-320) make infinite or absurd.
fn check_ceilings(
    src: &Source,
    l: &RawLayer,
    keys: &[Key],
    limits: &[Limit],
    name: &str,
) -> Result<()> {
    // A call that needs more units at once than there are is never served, whatever share
    // of the call it holds them: size = 1 with units_per_call = 2 serves nobody.
    if let Some((key, units, per)) = limits.iter().find_map(|x| match x.form {
        Form::Servers {
            units, per_call, ..
        } if per_call > units => Some((x.key, units, per_call)),
        _ => None,
    }) {
        let span = keys
            .iter()
            .find(|(k, ..)| *k == "units_per_call")
            .map_or_else(|| l.name.span(), |(_, _, s)| s.clone());
        return Err(src.err(
            span,
            format!(
                "layer `{name}` can never serve a call: each needs units_per_call = {} at once and `{key}` is {}",
                trim_float(per, 3),
                trim_float(units, 3)
            ),
        ));
    }
    let Some(bad) = limits.iter().find(|x| {
        x.form
            .concurrent_calls()
            .is_some_and(|c| !(c.is_finite() && c <= ABSURD))
    }) else {
        return Ok(());
    };
    let span = ["hold_share", "units_per_call", bad.key]
        .iter()
        .find_map(|k| {
            keys.iter()
                .find(|(key, ..)| key == k)
                .map(|(_, _, s)| s.clone())
        })
        .unwrap_or_else(|| l.name.span());
    Err(src.err(
        span,
        format!(
            "`{}` of layer `{name}` comes to a ceiling of {:e} calls ({}): check units_per_call and hold_share",
            bad.key,
            bad.form.concurrent_calls().unwrap_or(f64::INFINITY),
            bad.formula
        ),
    ))
}

fn member(src: &Source, l: &RawLayer, kind: Kind, name: &str) -> Result<Member> {
    let keys = l.limit_keys();
    check_keys(src, &keys, kind, name)?;
    let get = |k: &str| keys.iter().find(|(key, ..)| *key == k).map(|(_, v, _)| *v);
    let need = |what: &str| -> Error {
        src.err(
            l.name.span(),
            format!(
                "layer `{name}` ({}) {what}; it takes: {}",
                kind.name(),
                kind.keys().join(", ")
            ),
        )
    };
    let found = formulas::of_kind(kind, &get).map_err(|what| need(&what))?;
    if found.is_empty() {
        return Err(need("sets no limit"));
    }
    let unit_limit = |key: &str| match kind {
        Kind::Numbers => true,
        Kind::Llm => key == "sessions_per_key",
        _ => key == kind.unit_key().0,
    };
    let limits: Vec<Limit> = found
        .into_iter()
        .map(|(key, formula, form)| Limit {
            key,
            formula,
            form,
            per_unit: unit_limit(key),
        })
        .collect();
    check_ceilings(src, l, &keys, &limits, name)?;
    let units = match kind {
        Kind::Llm if get("sessions_per_key").is_some() => Some(get("keys").unwrap_or(1.0)),
        _ => get(kind.unit_key().0),
    };
    Ok(Member {
        name: name.to_string(),
        accounts: accounts(src, l)?,
        limits,
        units,
    })
}
