//! Each kind's formula: its limit keys reduced to forms with the formula a reader sees, a
//! concurrency cap directly, a partly-held resource as size / (units_per_call x hold_share),
//! a rate or a budget as it is. A new kind adds its function here and its entry in `kind`.

use super::{Form, Kind};
use crate::values::units::trim_float;

/// The limits a member sets (key, formula, form), or what is missing, in words.
pub(super) type Found = std::result::Result<Vec<(&'static str, String, Form)>, String>;

fn n(v: f64) -> String {
    trim_float(v, 3)
}

fn servers(units: f64, per_call: f64, hold: f64, unit: &'static str) -> Form {
    Form::Servers {
        units,
        per_call,
        hold,
        unit,
    }
}

/// A trunk's channels, a platform's concurrency or a generic capacity (held in part of a call
/// with units_per_call and hold_share), and calls per second.
fn capacity_limits(kind: Kind, get: &dyn Fn(&str) -> Option<f64>) -> Found {
    let cap_key = kind.unit_key().0;
    let unit = match kind {
        Kind::Trunk => "channels",
        Kind::Platform => "concurrent calls",
        _ => "units",
    };
    let mut out = Vec::new();
    if let Some(c) = get(cap_key) {
        let (per, hold) = (
            get("units_per_call").unwrap_or(1.0),
            get("hold_share").unwrap_or(1.0),
        );
        let formula = if per == 1.0 && hold == 1.0 {
            format!("{} {unit}", n(c))
        } else {
            format!("{} {unit} / ({} per call x {} held)", n(c), n(per), n(hold))
        };
        let unit = if kind == Kind::Platform {
            "calls"
        } else {
            unit
        };
        out.push((cap_key, formula, servers(c, per, hold, unit)));
    } else if get("units_per_call").is_some() || get("hold_share").is_some() {
        return Err("sets units_per_call or hold_share without `capacity`".into());
    }
    if let Some(cps) = get("calls_per_second") {
        let form = Form::PerSecond { calls_per_s: cps };
        out.push(("calls_per_second", format!("{} calls/s", n(cps)), form));
    }
    Ok(out)
}

/// Phone numbers: concurrent calls and calls per hour, per number.
fn number_limits(get: &dyn Fn(&str) -> Option<f64>) -> Found {
    let Some(count) = get("numbers") else {
        return Err("needs `numbers`, how many phone numbers share the traffic".into());
    };
    let mut out = Vec::new();
    if let Some(c) = get("concurrent_per_number") {
        let formula = format!("{} numbers x {} concurrent", n(count), n(c));
        out.push((
            "concurrent_per_number",
            formula,
            servers(count * c, 1.0, 1.0, "calls"),
        ));
    }
    if let Some(h) = get("calls_per_hour_per_number") {
        let formula = format!("{} numbers x {} calls/h", n(count), n(h));
        let form = Form::PerHour {
            calls_per_hour: count * h,
        };
        out.push(("calls_per_hour_per_number", formula, form));
    }
    Ok(out)
}

/// An LLM provider: sessions per key, and budgets of tokens and requests per minute.
fn llm_limits(get: &dyn Fn(&str) -> Option<f64>) -> Found {
    let mut out = Vec::new();
    let keys_n = get("keys").unwrap_or(1.0);
    if let Some(s) = get("sessions_per_key") {
        let formula = format!("{} sessions/key x {} keys", n(s), n(keys_n));
        out.push((
            "sessions_per_key",
            formula,
            servers(s * keys_n, 1.0, 1.0, "sessions"),
        ));
    } else if get("keys").is_some() {
        return Err("sets `keys` without `sessions_per_key`".into());
    }
    for (total, per_call, what) in [
        ("tokens_per_minute", "tokens_per_call_minute", "tokens"),
        (
            "requests_per_minute",
            "requests_per_call_minute",
            "requests",
        ),
    ] {
        match (get(total), get(per_call)) {
            (Some(t), Some(u)) => {
                let formula = format!("{} {what}/min / {} {what} per call-minute", n(t), n(u));
                out.push((total, formula, Form::Budget { calls: t / u }));
            }
            (None, None) => {}
            _ => return Err(format!("needs both `{total}` and `{per_call}`")),
        }
    }
    Ok(out)
}

/// A pool of connections or workers, held in part of each call.
fn pool_limits(get: &dyn Fn(&str) -> Option<f64>) -> Found {
    let Some(size) = get("size") else {
        return Err("needs `size`, the number of connections or workers".into());
    };
    let (per, hold) = (
        get("units_per_call").unwrap_or(1.0),
        get("hold_share").unwrap_or(1.0),
    );
    let formula = format!("{} / ({} per call x {} held)", n(size), n(per), n(hold));
    Ok(vec![(
        "size",
        formula,
        servers(size, per, hold, "connections"),
    )])
}

/// The limits of a member of this kind, from its keys' values.
pub(super) fn of_kind(kind: Kind, get: &dyn Fn(&str) -> Option<f64>) -> Found {
    match kind {
        Kind::Trunk | Kind::Platform | Kind::Generic => capacity_limits(kind, get),
        Kind::Numbers => number_limits(get),
        Kind::Llm => llm_limits(get),
        Kind::Pool => pool_limits(get),
    }
}
