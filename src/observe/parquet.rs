//! Call records in Parquet: only the start, end (or duration) and workload columns are decoded,
//! row groups are shared out among the reading threads, and every call goes into the same
//! tallies as a CSV row, so both inputs give the same answer.

mod column;

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use parquet::file::reader::{FileReader, SerializedFileReader};

use column::{Cursor, Value, duration_ms, time_ms};

use super::chunk::{Field, Names, check, tally};
use super::events::EventSorter;
use super::read::{Columns, Zone};
use super::{Gathered, Options};

/// True when the file starts with Parquet's magic bytes.
pub(crate) fn is_parquet(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|_| &magic == b"PAR1")
}

/// A bad row: its number in the file (from 1) and why.
pub(crate) struct RowError {
    pub row: u64,
    pub msg: String,
}

/// The leaf column names in schema order (the "header" the columns are chosen from), and the
/// number of row groups.
pub(crate) fn header(path: &Path) -> Result<(Vec<String>, usize), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let reader =
        SerializedFileReader::new(file).map_err(|e| format!("is not readable Parquet: {e}"))?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let names = schema.columns().iter().map(|c| c.path().string()).collect();
    Ok((names, meta.num_row_groups()))
}

/// Reads the row groups `k`, `k + n`, `k + 2n`... of the file into tallies and sorted events.
pub(crate) fn read(
    path: &Path,
    (k, n): (usize, usize),
    cols: &Columns,
    names: &Names,
    opts: &Options,
    buffer_events: usize,
) -> Result<(Gathered, EventSorter), RowError> {
    let fail = |row: u64, msg: String| RowError { row, msg };
    let file = File::open(path).map_err(|e| fail(0, e.to_string()))?;
    let reader = SerializedFileReader::new(file).map_err(|e| fail(0, e.to_string()))?;
    let meta = reader.metadata();
    let mut zone = opts.zone.clone();
    let mut g = Gathered::new();
    let mut sorter = EventSorter::new(buffer_events);
    let mut local: Vec<(String, usize)> = Vec::new();
    let mut first_row = 0u64;
    for group in 0..meta.num_row_groups() {
        let rows_in_group = meta.row_group(group).num_rows() as u64;
        if group % n != k {
            first_row += rows_in_group;
            continue;
        }
        let rg = reader
            .get_row_group(group)
            .map_err(|e| fail(first_row + 1, e.to_string()))?;
        let schema = meta.file_metadata().schema_descr();
        let wanted = [Some(cols.start), cols.end, cols.duration, cols.workload];
        let mut cursors: Vec<Option<Cursor>> = Vec::new();
        for c in wanted {
            if let Some(c) = c.filter(|&c| schema.column(c).max_rep_level() > 0) {
                let name = schema.column(c).path().string();
                return Err(fail(
                    0,
                    format!("column `{name}` holds lists: expected one value per call"),
                ));
            }
            cursors.push(match c {
                Some(c) => Some(Cursor::new(
                    rg.get_column_reader(c)
                        .map_err(|e| fail(first_row + 1, e.to_string()))?,
                    &schema.column(c),
                )),
                None => None,
            });
        }
        let mut row = first_row;
        loop {
            let mut got = None;
            for c in cursors.iter_mut().flatten() {
                let rows = c.fill().map_err(|e| fail(row + 1, e.to_string()))?;
                got = Some(got.map_or(rows, |g: usize| g.min(rows)));
            }
            let rows = got.unwrap_or(0);
            if rows == 0 {
                break;
            }
            for i in 0..rows {
                row += 1;
                match call(
                    &cursors,
                    i,
                    &mut zone,
                    names,
                    &mut local,
                    opts,
                    &mut g,
                    &mut sorter,
                ) {
                    Ok(()) => {}
                    Err(msg) if opts.skip_bad && msg != super::span_error() => {
                        g.skipped += 1;
                        if g.skipped_at.len() < 5 {
                            g.skipped_at.push((0, row, msg));
                        }
                    }
                    Err(msg) => return Err(fail(row, msg)),
                }
            }
        }
        first_row += rows_in_group;
    }
    Ok((g, sorter))
}

/// Reads row `i` of the current batches as one call; an error names the column.
#[allow(clippy::too_many_arguments)]
fn call(
    cursors: &[Option<Cursor>],
    i: usize,
    zone: &mut Zone,
    names: &Names,
    local: &mut Vec<(String, usize)>,
    opts: &Options,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> Result<(), String> {
    let [start_c, end_c, dur_c, work_c] = cursors else {
        unreachable!("four column slots")
    };
    let start_c = start_c.as_ref().expect("a start column");
    let named = |c: &Cursor, e: String| format!("column `{}`: {e}", c.name);
    let mut ambiguous = false;
    let unit = start_c.unit;
    let start =
        time_ms(unit, start_c.value(i), zone, &mut ambiguous).map_err(|e| named(start_c, e))?;
    let (end, end_name) = match (end_c, dur_c) {
        (Some(c), _) => {
            let unit = c.unit;
            let end = time_ms(unit, c.value(i), zone, &mut ambiguous).map_err(|e| named(c, e))?;
            (end, c.name.clone())
        }
        (None, Some(c)) => {
            let d = duration_ms(c.value(i)).map_err(|e| named(c, e))?;
            (start + d, c.name.clone())
        }
        (None, None) => unreachable!("Columns needs an end or a duration"),
    };
    let blame = |f: Field, e: String| match f {
        Field::Start => format!("column `{}`: {e}", start_c.name),
        Field::End => format!("column `{end_name}`: {e}"),
    };
    check(start, end).map_err(|(f, e)| blame(f, e))?;
    g.ambiguous += u64::from(ambiguous);
    let w = match work_c {
        None => 0,
        Some(c) => {
            let label = c.name.clone();
            let name = match c.value(i) {
                None => Cow::Borrowed(""),
                Some(Value::Text(t)) => Cow::Owned(t.trim().to_string()),
                Some(Value::Int(n)) => Cow::Owned(n.to_string()),
                Some(Value::Float(x)) => Cow::Owned(x.to_string()),
                Some(Value::Stamp96(x)) => Cow::Owned(x.to_millis().to_string()),
                Some(Value::Interval(ms)) => Cow::Owned(ms.unwrap_or(-1).to_string()),
            };
            match local.iter().find(|(n, _)| *n == name) {
                Some((_, w)) => *w,
                None => {
                    let w = names
                        .index(&name)
                        .map_err(|e| format!("column `{label}`: {e}"))?;
                    local.push((name.into_owned(), w));
                    w
                }
            }
        }
    };
    tally(start, end, w, opts.interval_ms, g, sorter).map_err(|(f, e)| blame(f, e))
}
