//! `--replay calls.csv`: real call records (CSV, JSON or Parquet, any provider's export) as the
//! arrivals, each call with its own duration, read by `observe`'s own reader.

use std::path::Path;

use crate::engine::observe::{ColumnNames, Observed, Options, Zone, observe_calls};
use crate::io::arrivals::{Point, Series};
use crate::model::stack::Stack;
use crate::values::error::{Error, Result};
use crate::values::timefmt::TimeKind;

/// One real call: when it started (ms since the epoch), how long it lasted, its workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    pub start_ms: i64,
    pub handle_s: f64,
    pub w: usize,
}

/// Reads every record, sorted by start, and the per-interval arrivals of each workload (for the
/// timeline refusals are counted on). The records are read as `observe` reads them (any
/// format, any provider's export, the same rule for what holds a slot): an attempt that never
/// connected is replayed as an arrival that holds nothing, a call in progress is left out.
pub fn read_records(
    path: &Path,
    stack: &Stack,
    interval_ms: i64,
) -> Result<(Vec<Record>, Vec<Series>)> {
    let opts = Options {
        interval_ms,
        columns: ColumnNames::default(),
        zone: Zone::Fixed(0),
        skip_bad: false,
        buffer_events: 6_000_000,
        threads: None,
        from_answer: false,
        provider: None,
        keep_calls: true,
    };
    let seen = match observe_calls(path, opts) {
        Err(Error::File { msg, .. }) if msg == "has no calls" => {
            return Err(Error::file(path, "has no calls to replay"));
        }
        seen => seen?,
    };
    records_of(&seen, stack, path, interval_ms)
}

/// The calls `observe_calls` kept, as replay records of the stack's workloads (sorted by
/// start), with their arrivals per interval.
pub fn records_of(
    seen: &Observed,
    stack: &Stack,
    path: &Path,
    interval_ms: i64,
) -> Result<(Vec<Record>, Vec<Series>)> {
    let single = seen.names.len() == 1 && seen.names[0] == "all";
    if single && stack.workloads.len() > 1 {
        return Err(Error::file(
            path,
            "has no workload column (workload, direction, queue, campaign or call_type), and the stack has several workloads: say which workload each call belongs to",
        ));
    }
    let index: Vec<usize> = seen
        .names
        .iter()
        .map(|name| match single {
            true => Ok(0),
            false => stack
                .workload_for(name)
                .map_err(|e| Error::file(path, format!("workload of its calls: {e}"))),
        })
        .collect::<Result<_>>()?;
    let mut out: Vec<Record> = seen
        .calls
        .iter()
        .map(|&(start_ms, end_ms, w)| Record {
            start_ms,
            handle_s: (end_ms - start_ms) as f64 / 1000.0,
            w: index[w as usize],
        })
        .collect();
    out.sort_by_key(|r| r.start_ms);
    let series = arrivals_of(&out, stack, interval_ms);
    Ok((out, series))
}

/// The replayed calls as arrivals per interval and workload (sorted by start), so the
/// timeline and `compute` see the same traffic; a workload without calls gets one empty row.
fn arrivals_of(out: &[Record], stack: &Stack, interval_ms: i64) -> Vec<Series> {
    let origin = out[0].start_ms.div_euclid(interval_ms) * interval_ms;
    (0..stack.workloads.len())
        .map(|w| {
            let mut points: Vec<Point> = Vec::new();
            for r in out.iter().filter(|r| r.w == w) {
                let key = origin + (r.start_ms - origin).div_euclid(interval_ms) * interval_ms;
                match points.last_mut() {
                    Some(p) if p.key == key => {
                        p.aht_s = (p.aht_s * p.calls + r.handle_s.max(0.001)) / (p.calls + 1.0);
                        p.calls += 1.0;
                    }
                    _ => points.push(Point {
                        key,
                        civil: key,
                        calls: 1.0,
                        aht_s: r.handle_s.max(0.001),
                        expected_calls: None,
                        line: 0,
                    }),
                }
            }
            if points.is_empty() {
                // A workload with no calls still needs a place on the timeline.
                points.push(Point {
                    key: origin,
                    civil: origin,
                    calls: 0.0,
                    aht_s: stack.workloads[w].aht_s.unwrap_or(60.0),
                    expected_calls: None,
                    line: 0,
                });
            }
            Series {
                kind: TimeKind::Zoned,
                interval_ms,
                points,
            }
        })
        .collect()
}
