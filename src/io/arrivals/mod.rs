//! The arrivals CSV: calls arriving per interval, one file per workload or one file with a
//! `workload` column for several. Read as a stream of reused byte records; only the per-interval
//! numbers are kept.

use std::path::Path;

mod regular;
mod row;

use crate::model::stack::Stack;
use crate::values::error::{Error, Location, Result};
use crate::values::suggest::did_you_mean;
use crate::values::timefmt::TimeKind;
use regular::regularise;

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
    /// The calls in progress at the interval's start as the call records themselves give
    /// them (`observe --arrivals-out`'s `expected_calls`), when the row has them.
    pub expected_calls: Option<f64>,
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
const OTHER_COLUMNS: [&str; 4] = ["workload", "aht", "aht_s", "expected_calls"];

/// Which column holds what, found from the header.
pub(crate) struct Columns {
    pub time: usize,
    pub calls: usize,
    pub workload: Option<usize>,
    pub aht: Option<(usize, bool)>, // (index, true when plain seconds)
    pub expected_calls: Option<usize>,
}

/// A forecast's quantile column: `calls_p90`.
fn is_quantile_column(n: &str) -> bool {
    n.strip_prefix("calls_p")
        .is_some_and(|q| !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()))
}

fn columns(path: &Path, header: &csv::StringRecord, quantile: Option<u32>) -> Result<Columns> {
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
        if !known.contains(&n.as_str()) && !is_quantile_column(n) {
            let hint = did_you_mean(n, known.iter().copied());
            let at = Location {
                path: path.to_path_buf(),
                line: 1,
                column: i + 1,
            };
            return Err(Error::at(
                at,
                format!(
                    "unknown column `{n}`{hint}; arrivals files take: time, calls, and optionally workload, aht (\"3m 20s\") or aht_s (seconds), expected_calls (as `observe --arrivals-out` writes it), and a forecast's calls_pNN"
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
    let calls = match quantile {
        // Planning on a forecast's quantile: its calls_pNN column is the calls.
        Some(q) => {
            let want = format!("calls_p{q}");
            names.iter().position(|n| *n == want).ok_or_else(|| {
                Error::file(
                    path,
                    format!(
                        "has no `{want}` column for --quantile {q}: forecast with `capplan forecast --quantile {q}`"
                    ),
                )
            })?
        }
        None => find(&CALLS_COLUMNS).ok_or_else(|| {
            Error::file(
                path,
                format!(
                    "no calls column: the header needs one of {}",
                    CALLS_COLUMNS.join(", ")
                ),
            )
        })?,
    };
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
        expected_calls: find(&["expected_calls"]),
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

/// Reads one file for the workloads `users` (indices into `stack.workloads`). A file that is
/// not there is named from the stack file's line that asks for it, with a near name if any.
fn read_file(stack: &Stack, path: &Path, users: &[usize]) -> Result<Vec<Series>> {
    if !crate::values::input::is_stdin(path) && !path.exists() {
        let w = &stack.workloads[users[0]];
        let (dir, name) = crate::values::input::folder_and_name(path);
        let near: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let hint = did_you_mean(&name, near.iter().map(String::as_str));
        return Err(Error::at(
            Location {
                path: stack.path.clone(),
                line: w.line,
                column: 1,
            },
            format!(
                "workload `{}` reads its arrivals from {}, which does not exist{hint}",
                w.name,
                path.display()
            ),
        ));
    }
    read_from(stack, path, crate::values::input::open(path)?, users)
}

/// Reads arrivals from any reader; `path` names it in messages. The workloads `users` are
/// indices into `stack.workloads`.
pub fn read_from(
    stack: &Stack,
    path: &Path,
    reader: impl std::io::Read,
    users: &[usize],
) -> Result<Vec<Series>> {
    let (reader, budget) = crate::values::input::bounded(reader);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let header = rdr.headers().map_err(|e| Error::csv(path, e))?.clone();
    let cols = columns(path, &header, stack.quantile)?;
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
        budget.reset();
        let r = row::Row::new(&rec, path);
        let Some(slot) = r.slot(&cols, stack, users)? else {
            continue;
        };
        let wl = &stack.workloads[users[slot]];
        let (kind, key, civil) = r.time(cols.time, stack, &mut folds[slot])?;
        match kinds[slot] {
            None => kinds[slot] = Some(kind),
            Some(k) if k != kind => {
                return Err(Error::at(
                    r.at(cols.time),
                    format!(
                        "`{}` is {}, but earlier rows of workload `{}` use {}",
                        r.field(cols.time)?,
                        kind.describe(),
                        wl.name,
                        k.describe()
                    ),
                ));
            }
            Some(_) => {}
        }
        let calls = r.calls(cols.calls)?;
        points[slot].push(Point {
            key,
            civil,
            calls,
            aht_s: r.aht(&cols, wl, stack, calls == 0.0)?,
            expected_calls: r.expected_calls(cols.expected_calls)?,
            line: r.line,
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
