//! A dated arrivals history in the format `compute` reads (and `observe --arrivals-out`
//! writes): per workload, calls per interval at one regular interval, with no gaps.

use std::collections::BTreeMap;
use std::path::Path;

use crate::values::error::{Error, Location, Result};
use crate::values::timefmt::{TimeKind, parse_timestamp};
use crate::values::units::format_duration;

/// One workload's history: counts at a regular interval from `start_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub workload: String,
    pub kind: TimeKind,
    pub start_ms: i64,
    pub interval_ms: i64,
    pub calls: Vec<f64>,
    /// The call-weighted mean AHT of the history, when it gives one.
    pub aht_s: Option<f64>,
}

/// Per key: (calls, AHT x calls, line).
type Rows = BTreeMap<i64, (f64, f64, u64)>;

/// Reads every workload of a history file (`workload` column optional: one workload `all`).
pub fn read(path: &Path) -> Result<Vec<History>> {
    let (reader, budget) = crate::values::input::bounded(crate::values::input::open(path)?);
    let mut rdr = csv::Reader::from_reader(reader);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::csv(path, e))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let time = col(&["time", "timestamp", "interval_start", "start", "datetime"])
        .ok_or_else(|| Error::file(path, "no time column: the header needs `time`"))?;
    let calls = col(&["calls", "arrivals", "count"])
        .ok_or_else(|| Error::file(path, "no calls column: the header needs `calls`"))?;
    let (workload, aht_s, aht) = (col(&["workload"]), col(&["aht_s"]), col(&["aht"]));
    if aht_s.is_some() && aht.is_some() {
        return Err(Error::file(path, "give `aht` or `aht_s`, not both"));
    }
    let mut rows: BTreeMap<String, (TimeKind, Rows)> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv(path, e))?;
        budget.reset();
        let line = rec.position().map_or(0, |p| p.line());
        let at = |c: usize| Location {
            path: path.to_path_buf(),
            line: line as usize,
            column: c + 1,
        };
        let text = rec.get(time).unwrap_or("").trim();
        let (kind, key) = parse_timestamp(text).map_err(|e| Error::at(at(time), e))?;
        if kind == TimeKind::Profile {
            return Err(Error::at(
                at(time),
                format!(
                    "`{text}` has no date: a forecast needs a dated history (YYYY-MM-DD HH:MM), such as `capplan observe --arrivals-out` writes, not a typical day"
                ),
            ));
        }
        let c_text = rec.get(calls).unwrap_or("").trim();
        // The same rules as `compute`'s arrivals: calls from 0 to 1e9, an AHT from 0 to 7 days
        // in plain seconds (`aht_s`) or with units (`aht`), empty for an interval without calls.
        let c: f64 = c_text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && (0.0..=1e9).contains(v))
            .ok_or_else(|| {
                Error::at(
                    at(calls),
                    format!("calls must be between 0 and 1e9, found `{c_text}`"),
                )
            })?;
        let a = match (aht_s, aht) {
            (Some(i), _) | (_, Some(i)) if !rec.get(i).unwrap_or("").trim().is_empty() => {
                let t = rec.get(i).unwrap_or("").trim();
                let v = if aht_s.is_some() {
                    t.parse::<f64>()
                        .map_err(|_| format!("aht_s: expected seconds, found `{t}`"))
                } else {
                    crate::values::units::parse_duration_s(t).map_err(|e| format!("aht: {e}"))
                }
                .map_err(|e| Error::at(at(i), e))?;
                if !(0.0..=7.0 * 86_400.0).contains(&v) {
                    return Err(Error::at(
                        at(i),
                        format!("aht must be 0s or more and at most 7d, found `{t}`"),
                    ));
                }
                v
            }
            _ => 0.0,
        };
        let name = workload
            .and_then(|i| rec.get(i))
            .map_or("all", str::trim)
            .to_string();
        let entry = rows.entry(name.clone()).or_insert((kind, BTreeMap::new()));
        if entry.0 != kind {
            return Err(Error::at(
                at(time),
                format!("workload `{name}` mixes timestamp forms"),
            ));
        }
        if entry.1.insert(key, (c, a * c, line)).is_some() {
            return Err(Error::at(
                at(time),
                format!("workload `{name}` has two rows for `{text}`"),
            ));
        }
    }
    if rows.is_empty() {
        return Err(Error::file(path, "has no rows"));
    }
    rows.into_iter()
        .map(|(name, (kind, points))| regular(path, name, kind, points))
        .collect()
}

/// Checks that the rows of a workload are regular with no gap, and lays them out.
fn regular(path: &Path, workload: String, kind: TimeKind, points: Rows) -> Result<History> {
    let keys: Vec<i64> = points.keys().copied().collect();
    let interval_ms = keys
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .ok_or_else(|| Error::file(path, format!("workload `{workload}` has one row")))?;
    if let Some(w) = keys.windows(2).find(|w| w[1] - w[0] != interval_ms) {
        let line = points[&w[1]].2 as usize;
        return Err(Error::at(
            Location {
                path: path.to_path_buf(),
                line,
                column: 1,
            },
            format!(
                "workload `{workload}` has a gap of {} before this row: a forecast needs every {} interval (write 0 for an interval with no calls)",
                format_duration((w[1] - w[0]) as f64 / 1000.0),
                format_duration(interval_ms as f64 / 1000.0)
            ),
        ));
    }
    let calls: Vec<f64> = points.values().map(|p| p.0).collect();
    let total: f64 = calls.iter().sum();
    let work: f64 = points.values().map(|p| p.1).sum();
    Ok(History {
        workload,
        kind,
        start_ms: keys[0],
        interval_ms,
        calls,
        aht_s: (work > 0.0 && total > 0.0).then(|| work / total),
    })
}
