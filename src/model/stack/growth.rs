//! `[growth]` and the growth flags, checked into the stack's `Growth`.

use std::path::Path;

use super::raw;
use super::{Growth, Overrides, Source, Workload};
use crate::values::error::Result;
use crate::values::suggest::did_you_mean;

/// The default projection horizon: six months, the planning window commonly advised.
pub const DEFAULT_HORIZON_MONTHS: u32 = 6;

pub(super) fn growth(
    src: &Source,
    raw: Option<&raw::RawGrowth>,
    workloads: &[Workload],
    ov: &Overrides,
) -> Result<Growth> {
    let empty = raw::RawGrowth::default();
    let g = raw.unwrap_or(&empty);
    let global = match (ov.growth, &g.monthly) {
        (Some(v), _) => v,
        (None, Some(m)) => m.get_ref().0,
        (None, None) => 0.0,
    };
    let mut monthly = vec![global; workloads.len()];
    for (name, share) in &g.workloads {
        let Some(i) = workloads.iter().position(|w| &w.name == name) else {
            let hint = did_you_mean(name, workloads.iter().map(|w| w.name.as_str()));
            return Err(src.err(
                share.span(),
                format!("[growth.workloads] names workload `{name}`, which is not defined{hint}"),
            ));
        };
        if ov.growth.is_none() {
            monthly[i] = share.get_ref().0;
        }
    }
    let start = match (ov.as_of, &g.start) {
        (Some(m), _) => Some(m),
        (None, Some(s)) => Some(
            crate::values::month::Month::parse(s.get_ref())
                .map_err(|e| src.err(s.span(), format!("start: {e}")))?,
        ),
        (None, None) => None,
    };
    let horizon_months = match (ov.horizon, &g.horizon) {
        (Some(h), _) => h,
        (None, Some(h)) => match u32::try_from(*h.get_ref()) {
            Ok(v) if (1..=120).contains(&v) => v,
            _ => {
                return Err(src.err(
                    h.span(),
                    format!("horizon must be 1 to 120 months, found {}", h.get_ref()),
                ));
            }
        },
        (None, None) => DEFAULT_HORIZON_MONTHS,
    };
    let projection = match (&ov.projection, &g.projection) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(p)) => Some(src.path.parent().unwrap_or(Path::new("")).join(p.get_ref())),
        (None, None) => None,
    };
    let set = raw.is_some()
        || ov.growth.is_some()
        || ov.as_of.is_some()
        || ov.horizon.is_some()
        || ov.projection.is_some();
    Ok(Growth {
        set,
        monthly,
        projection,
        start,
        horizon_months,
    })
}
