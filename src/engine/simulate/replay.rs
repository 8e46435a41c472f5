//! `--replay calls.csv`: real call records (CSV or Parquet) as the arrivals, each call with its
//! own duration. Read with the same column guessing and timestamp rules as `observe`.

use std::path::Path;

use crate::io::arrivals::{Point, Series};
use crate::io::records::{ColumnNames, Columns, Zone, parse_duration_ms, parse_time};
use crate::model::stack::Stack;
use crate::values::error::{Error, Location, Result};
use crate::values::timefmt::TimeKind;

/// One real call: when it started (ms since the epoch), how long it lasted, its workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    pub start_ms: i64,
    pub handle_s: f64,
    pub w: usize,
}

/// Reads every record, sorted by start, and the per-interval arrivals of each workload (for the
/// timeline refusals are counted on).
pub fn read_records(
    path: &Path,
    stack: &Stack,
    interval_ms: i64,
) -> Result<(Vec<Record>, Vec<Series>)> {
    // Parquet is told by its first bytes: standard input and gzip are read from a plain copy.
    let (file, _guard) = crate::values::input::seekable(path)?;
    let mut out = if crate::engine::observe::is_parquet(&file) {
        parquet_records(&file, path, stack)?
    } else {
        csv_records(&file, path, stack)?
    };
    if out.is_empty() {
        return Err(Error::file(path, "has no calls to replay"));
    }
    out.sort_by_key(|r| r.start_ms);
    let series = arrivals_of(&out, stack, interval_ms);
    Ok((out, series))
}

/// The columns of a replay: guessed from the header as `observe` does; a stack of several
/// workloads needs a workload column.
fn replay_columns(path: &Path, header: &[String], stack: &Stack) -> Result<Columns> {
    let cols =
        Columns::from_header(header, &ColumnNames::default()).map_err(|e| Error::file(path, e))?;
    if cols.workload.is_none() && stack.workloads.len() > 1 {
        return Err(Error::file(
            path,
            "has no workload column (workload, direction, queue, campaign or call_type), and the stack has several workloads: say which workload each call belongs to",
        ));
    }
    Ok(cols)
}

/// Call records from Parquet (`file`, a plain copy of what `path` names).
fn parquet_records(file: &Path, path: &Path, stack: &Stack) -> Result<Vec<Record>> {
    let source = crate::engine::observe::parquet_open(file).map_err(|e| Error::file(path, e))?;
    let cols = replay_columns(path, &source.names(), stack)?;
    let mut out = Vec::new();
    crate::engine::observe::parquet_calls(&source, &cols, |row, call| {
        let at = |e: String| format!("row {row}: {e}");
        let (start_ms, end_ms, workload) = call.map_err(at)?;
        let w = match workload {
            None => 0,
            Some(name) => stack.workload_index(name).map_err(at)?,
        };
        out.push(Record {
            start_ms,
            handle_s: (end_ms - start_ms) as f64 / 1000.0,
            w,
        });
        Ok(())
    })
    .map_err(|e| Error::file(path, e))?;
    Ok(out)
}

/// Call records from CSV (`file`, a plain copy of what `path` names), streamed.
fn csv_records(file: &Path, path: &Path, stack: &Stack) -> Result<Vec<Record>> {
    let (reader, budget) = crate::values::input::bounded(crate::values::input::open(file)?);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::csv(path, e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let cols = replay_columns(path, &header, stack)?;
    let mut zone = Zone::Fixed(0);
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| Error::csv(path, e))? {
        budget.reset();
        let line = rec.position().map_or(0, |p| p.line()) as usize;
        let at = |col: usize| Location {
            path: path.to_path_buf(),
            line,
            column: col + 1,
        };
        let field = |c: usize| rec.get(c).unwrap_or("").trim();
        let start_ms = parse_time(field(cols.start), &mut zone, &mut false)
            .map_err(|e| Error::at(at(cols.start), e))?;
        let dur_ms = match (cols.end, cols.duration) {
            (Some(c), _) => {
                parse_time(field(c), &mut zone, &mut false).map_err(|e| Error::at(at(c), e))?
                    - start_ms
            }
            (None, Some(c)) => parse_duration_ms(field(c)).map_err(|e| Error::at(at(c), e))?,
            (None, None) => unreachable!("a start needs an end or a duration"),
        };
        if dur_ms < 0 {
            return Err(Error::at(at(cols.start), "the call ends before it starts"));
        }
        let w = match cols.workload {
            None => 0,
            Some(c) => {
                let name = field(c);
                stack
                    .workload_index(name)
                    .map_err(|e| Error::at(at(c), e))?
            }
        };
        out.push(Record {
            start_ms,
            handle_s: dur_ms as f64 / 1000.0,
            w,
        });
    }
    Ok(out)
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
