//! The arrivals CSV: calls arriving per interval, one file per workload or one file with a
//! `workload` column for several. Read as a stream of reused byte records; only the per-interval
//! numbers are kept.

use std::path::Path;

use crate::error::{Error, Location, Result};
use crate::stack::Stack;
use crate::suggest::did_you_mean;
use crate::timefmt::{LocalTime, TimeKind, local_time, parse_timestamp_offset};
use crate::units::{format_duration, parse_duration_s};

/// One interval of one workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Start of the interval, in milliseconds (see `TimeKind`).
    pub key: i64,
    /// The same start on the wall clock it was written in (equal to `key` unless zoned).
    pub civil: i64,
    /// Calls arriving in the interval.
    pub calls: f64,
    /// Average handle time of those calls, in seconds.
    pub aht_s: f64,
    /// The line of the CSV row, for messages.
    pub line: u64,
}

/// A workload's arrivals, sorted by time, at a regular interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub kind: TimeKind,
    pub interval_ms: i64,
    pub points: Vec<Point>,
}

const TIME_COLUMNS: [&str; 5] = ["time", "timestamp", "interval_start", "start", "datetime"];
const CALLS_COLUMNS: [&str; 3] = ["calls", "arrivals", "count"];
const OTHER_COLUMNS: [&str; 3] = ["workload", "aht", "aht_s"];

/// Which column holds what, found from the header.
struct Columns {
    time: usize,
    calls: usize,
    workload: Option<usize>,
    aht: Option<(usize, bool)>, // (index, true when plain seconds)
}

fn columns(path: &Path, header: &csv::StringRecord) -> Result<Columns> {
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::file(
            path,
            "is empty: expected a header such as `time,calls`",
        ));
    }
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let find = |opts: &[&str]| names.iter().position(|n| opts.contains(&n.as_str()));
    let known: Vec<&str> = TIME_COLUMNS
        .iter()
        .chain(&CALLS_COLUMNS)
        .chain(&OTHER_COLUMNS)
        .copied()
        .collect();
    for (i, n) in names.iter().enumerate() {
        if !known.contains(&n.as_str()) {
            let hint = did_you_mean(n, known.iter().copied());
            let at = Location {
                path: path.to_path_buf(),
                line: 1,
                column: i + 1,
            };
            return Err(Error::at(
                at,
                format!(
                    "unknown column `{n}`{hint}; arrivals files take: time, calls, and optionally workload, aht (\"3m 20s\") or aht_s (seconds)"
                ),
            ));
        }
    }
    let time = find(&TIME_COLUMNS).ok_or_else(|| {
        Error::file(
            path,
            format!(
                "no time column: the header needs one of {}",
                TIME_COLUMNS.join(", ")
            ),
        )
    })?;
    let calls = find(&CALLS_COLUMNS).ok_or_else(|| {
        Error::file(
            path,
            format!(
                "no calls column: the header needs one of {}",
                CALLS_COLUMNS.join(", ")
            ),
        )
    })?;
    let aht = match (find(&["aht"]), find(&["aht_s"])) {
        (Some(_), Some(_)) => return Err(Error::file(path, "give `aht` or `aht_s`, not both")),
        (Some(i), None) => Some((i, false)),
        (None, Some(i)) => Some((i, true)),
        (None, None) => None,
    };
    Ok(Columns {
        time,
        calls,
        workload: find(&["workload"]),
        aht,
    })
}

/// Reads every workload's arrivals; the result is indexed like `stack.workloads`. A file shared by
/// several workloads is read once.
pub fn read_all(stack: &Stack) -> Result<Vec<Series>> {
    let mut out: Vec<Option<Series>> = vec![None; stack.workloads.len()];
    for (i, w) in stack.workloads.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let users: Vec<usize> = (0..stack.workloads.len())
            .filter(|&j| stack.workloads[j].arrivals == w.arrivals)
            .collect();
        let series = read_file(stack, &w.arrivals, &users)?;
        for (j, s) in users.into_iter().zip(series) {
            out[j] = Some(s);
        }
    }
    Ok(out
        .into_iter()
        .map(|s| s.expect("every workload was read"))
        .collect())
}

/// Reads one file for the workloads `users` (indices into `stack.workloads`).
fn read_file(stack: &Stack, path: &Path, users: &[usize]) -> Result<Vec<Series>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_from(stack, path, file, users)
}

/// Reads arrivals from any reader; `path` names it in messages. The workloads `users` are
/// indices into `stack.workloads`.
pub fn read_from(
    stack: &Stack,
    path: &Path,
    reader: impl std::io::Read,
    users: &[usize],
) -> Result<Vec<Series>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let header = rdr.headers().map_err(|e| Error::csv(path, e))?.clone();
    let cols = columns(path, &header)?;
    if cols.workload.is_none() && users.len() > 1 {
        let names: Vec<&str> = users
            .iter()
            .map(|&u| stack.workloads[u].name.as_str())
            .collect();
        return Err(Error::file(
            path,
            format!(
                "is the arrivals file of workloads {} but has no `workload` column to tell their rows apart",
                names.join(", ")
            ),
        ));
    }
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); users.len()];
    let mut kinds: Vec<Option<TimeKind>> = vec![None; users.len()];
    // Per workload, the repeated wall-clock times already met: the second is the later one.
    let mut folds: Vec<std::collections::HashSet<i64>> = vec![Default::default(); users.len()];
    let mut rec = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| Error::csv(path, e))?
    {
        let line = rec.position().map_or(0, |p| p.line());
        let at = |col: usize| Location {
            path: path.to_path_buf(),
            line: line as usize,
            column: col + 1,
        };
        let field = |col: usize| -> Result<&str> {
            let raw = rec.get(col).unwrap_or(b"");
            std::str::from_utf8(raw)
                .map(str::trim)
                .map_err(|_| Error::at(at(col), "is not valid UTF-8"))
        };
        let slot = match cols.workload {
            None => 0,
            Some(c) => {
                let name = field(c)?;
                users
                    .iter()
                    .position(|&u| stack.workloads[u].name == name)
                    .ok_or_else(|| {
                        let hint = did_you_mean(
                            name,
                            users.iter().map(|&u| stack.workloads[u].name.as_str()),
                        );
                        Error::at(
                            at(c),
                            format!(
                                "workload `{name}` is not a workload that reads this file{hint}"
                            ),
                        )
                    })?
            }
        };
        let wl = &stack.workloads[users[slot]];
        let text = field(cols.time)?;
        let (kind, key, offset) =
            parse_timestamp_offset(text).map_err(|e| Error::at(at(cols.time), e))?;
        let (kind, key, civil) = match (kind, &stack.timezone) {
            (TimeKind::Local, Some(tz)) => {
                let off = match local_time(tz, key).map_err(|e| Error::at(at(cols.time), e))? {
                    LocalTime::One(off) => off,
                    LocalTime::Repeated { earlier, later } => {
                        if folds[slot].insert(key) {
                            earlier
                        } else {
                            later
                        }
                    }
                    LocalTime::Skipped => {
                        return Err(Error::at(
                            at(cols.time),
                            format!(
                                "`{text}` does not exist in {}: the clocks skip that hour when summer time starts, so no interval starts there",
                                stack.timezone_name.as_deref().unwrap_or("the time zone")
                            ),
                        ));
                    }
                };
                (TimeKind::Zoned, key - off, key)
            }
            (TimeKind::Zoned, _) => (TimeKind::Zoned, key, key + offset),
            (k, _) => (k, key, key),
        };
        match kinds[slot] {
            None => kinds[slot] = Some(kind),
            Some(k) if k != kind => {
                return Err(Error::at(
                    at(cols.time),
                    format!(
                        "`{text}` is {}, but earlier rows of workload `{}` use {}",
                        kind.describe(),
                        wl.name,
                        k.describe()
                    ),
                ));
            }
            Some(_) => {}
        }
        let calls_text = field(cols.calls)?;
        let calls: f64 = calls_text.parse().map_err(|_| {
            Error::at(
                at(cols.calls),
                format!("calls: expected a number of calls, found `{calls_text}`"),
            )
        })?;
        if !(calls.is_finite() && (0.0..=1e9).contains(&calls)) {
            return Err(Error::at(
                at(cols.calls),
                format!("calls must be between 0 and 1e9, found `{calls_text}`"),
            ));
        }
        let aht_s = match cols.aht {
            Some((c, seconds)) if !field(c)?.is_empty() => {
                let t = field(c)?;
                let v = if seconds {
                    t.parse::<f64>()
                        .map_err(|_| format!("aht_s: expected seconds, found `{t}`"))
                } else {
                    parse_duration_s(t).map_err(|e| format!("aht: {e}"))
                }
                .map_err(|e| Error::at(at(c), e))?;
                // 0 is an interval whose calls were all unanswered (zero-length records, as
                // `observe --arrivals-out` writes them): they arrive but hold nothing.
                if !(0.0..=7.0 * 86_400.0).contains(&v) {
                    return Err(Error::at(
                        at(c),
                        format!("aht must be 0s or more and at most 7d, found `{t}`"),
                    ));
                }
                v
            }
            _ => wl.aht_s.ok_or_else(|| {
                Error::at(
                    at(cols.time),
                    format!(
                        "workload `{}` has no `aht` in {} and this row gives none",
                        wl.name,
                        stack.path.display()
                    ),
                )
            })?,
        };
        points[slot].push(Point {
            key,
            civil,
            calls,
            aht_s,
            line,
        });
    }
    let mut out = Vec::new();
    for (slot, pts) in points.into_iter().enumerate() {
        let wl = &stack.workloads[users[slot]];
        let kind = kinds[slot]
            .ok_or_else(|| Error::file(path, format!("has no rows for workload `{}`", wl.name)))?;
        let interval_ms = wl.interval_s.map(|s| (s * 1000.0).round() as i64);
        out.push(regularise(path, &wl.name, kind, interval_ms, pts)?);
    }
    Ok(out)
}

/// Sorts the rows, refuses duplicates, and finds (or checks) the interval: every gap between rows
/// must be a whole number of intervals (a missing interval means no calls arrived).
fn regularise(
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
