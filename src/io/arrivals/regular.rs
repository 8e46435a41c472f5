//! A workload's rows made regular: sorted, no two at one time, every gap a whole number of
//! intervals; day-based zoned rows counted in calendar days.

use std::path::Path;

use super::{Point, Series};
use crate::values::error::{Error, Location, Result};
use crate::values::timefmt::TimeKind;
use crate::values::units::format_duration;

/// Sorts the rows, refuses duplicates, and finds (or checks) the interval: every gap between rows
/// must be a whole number of intervals (a missing interval means no calls arrived).
pub(super) fn regularise(
    path: &Path,
    name: &str,
    mut kind: TimeKind,
    given: Option<i64>,
    mut pts: Vec<Point>,
) -> Result<Series> {
    if kind == TimeKind::Zoned && day_based(given, &mut pts) {
        // Rows a day or more apart count calendar days on their own clock: a 23- or 25-hour
        // day across a daylight-saving change is still one day.
        for p in &mut pts {
            p.key = p.civil;
        }
        kind = TimeKind::Local;
    }
    if !pts.windows(2).all(|w| w[0].key <= w[1].key) {
        pts.sort_by_key(|p| p.key);
    }
    let at = |line: u64| Location {
        path: path.to_path_buf(),
        line: line as usize,
        column: 1,
    };
    let mut min_gap = i64::MAX;
    for w in pts.windows(2) {
        let gap = w[1].key - w[0].key;
        if gap == 0 {
            return Err(Error::at(
                at(w[1].line),
                format!(
                    "workload `{name}` has two rows for the same time (lines {} and {}){}",
                    w[0].line.min(w[1].line),
                    w[0].line.max(w[1].line),
                    if kind == TimeKind::Local {
                        "; if this is the hour repeated when clocks go back, set `timezone` under [defaults] (an IANA name such as \"America/New_York\")"
                    } else {
                        ""
                    }
                ),
            ));
        }
        min_gap = min_gap.min(gap);
    }
    let interval_ms = match given {
        Some(i) => i,
        None if pts.len() < 2 => {
            return Err(Error::file(
                path,
                format!(
                    "workload `{name}` has one row, so its interval cannot be inferred: set `interval` in the stack file or give --interval"
                ),
            ));
        }
        None => min_gap,
    };
    if let Some(w) = pts
        .windows(2)
        .find(|w| (w[1].key - w[0].key) % interval_ms != 0)
    {
        return Err(Error::at(
            at(w[1].line),
            format!(
                "irregular arrivals for workload `{name}`: {} after the row on line {}, which is not a whole number of {} intervals",
                format_duration((w[1].key - w[0].key) as f64 / 1000.0),
                w[0].line,
                format_duration(interval_ms as f64 / 1000.0)
            ),
        ));
    }
    Ok(Series {
        kind,
        interval_ms,
        points: pts,
    })
}

/// True when a zoned series is given by day: its interval is whole days, or (inferred) its rows
/// sit a whole number of days apart on their own wall clock.
fn day_based(given: Option<i64>, pts: &mut [Point]) -> bool {
    const DAY: i64 = 86_400_000;
    if let Some(i) = given {
        return i % DAY == 0;
    }
    pts.sort_by_key(|p| p.key);
    pts.len() > 1
        && pts
            .windows(2)
            .all(|w| w[1].civil != w[0].civil && (w[1].civil - w[0].civil) % DAY == 0)
}
