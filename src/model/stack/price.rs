//! `[layer.price]` checked: positive prices and packs, and a unit key the layer actually sets.

use super::raw::RawLayer;
use super::{Kind, Price, Source};
use crate::values::error::Result;

pub(super) fn price(src: &Source, l: &RawLayer, kind: Kind) -> Result<Option<Price>> {
    let Some(p) = &l.price else { return Ok(None) };
    let (key, unit) = kind.unit_key();
    let units_set = l.limit_keys().iter().any(|(k, ..)| *k == key)
        || (kind == Kind::Llm && l.sessions_per_key.is_some());
    if !units_set {
        return Err(src.err(
            p.span(),
            format!(
                "a price on a `{}` layer counts `{key}`, which layer `{}` does not set",
                kind.name(),
                l.name.get_ref()
            ),
        ));
    }
    let p = p.get_ref();
    let check = |v: &toml::Spanned<f64>, what: &str, allow_zero: bool| -> Result<f64> {
        let x = *v.get_ref();
        let ok = x.is_finite() && x <= 1e12 && (x > 0.0 || (allow_zero && x == 0.0));
        if ok {
            Ok(x)
        } else {
            Err(src.err(
                v.span(),
                format!(
                    "`{what}` must be a {} number below 1e12, found {x}",
                    if allow_zero {
                        "non-negative"
                    } else {
                        "positive"
                    }
                ),
            ))
        }
    };
    let pack = match &p.pack {
        Some(v) => {
            let x = check(v, "pack", false)?;
            if x.fract() != 0.0 {
                return Err(src.err(
                    v.span(),
                    format!("`pack` must be a whole number of units, found {x}"),
                ));
            }
            x
        }
        None => 1.0,
    };
    Ok(Some(Price {
        unit: p.unit.clone().unwrap_or_else(|| unit.to_string()),
        per_unit_month: check(&p.per_unit_month, "per_unit_month", true)?,
        included: p
            .included
            .as_ref()
            .map(|v| check(v, "included", true))
            .transpose()?
            .unwrap_or(0.0),
        pack,
        self_serve_max: p
            .self_serve_max
            .as_ref()
            .map(|v| check(v, "self_serve_max", true))
            .transpose()?,
        sales_contract: p.sales_contract,
        one_off: p
            .one_off
            .as_ref()
            .map(|v| check(v, "one_off", true))
            .transpose()?
            .unwrap_or(0.0),
    }))
}
