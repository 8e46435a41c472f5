//! Call records in Parquet: only the start, end (or duration) and workload columns are decoded,
//! row groups are shared out among the reading threads, and every call goes into the same
//! tallies as a CSV row, so both inputs give the same answer.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use parquet::file::reader::FileReader;

use crate::io::records::parquet::column::{Cursor, Value, duration_ms, time_ms};
pub(crate) use crate::io::records::parquet::source::Source;

use super::chunk::Names;
use super::events::EventSorter;
use super::tally::{Fatal, Fault, Field, check, tally};
use super::{Gathered, Options};
use crate::io::records::{Columns, Zone};

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

impl RowError {
    /// "row N: why", or just why for an error about the whole file (row 0).
    pub fn message(self) -> String {
        if self.row == 0 {
            self.msg
        } else {
            format!("row {}: {}", self.row, self.msg)
        }
    }
}

/// Opens a Parquet file of call records: its footer is decoded here, once.
pub(crate) fn open(path: &Path) -> Result<Source, String> {
    guarded(|| Source::open(path).map_err(|msg| RowError { row: 0, msg }))
        .map_err(RowError::message)
}

/// Reads the row groups `k`, `k + n`, `k + 2n`... of the file into tallies and sorted events.
pub(crate) fn read(
    file: &Source,
    (k, n): (usize, usize),
    cols: &Columns,
    names: &Names,
    opts: &Options,
    buffer_events: usize,
    progress: bool,
) -> Result<(Gathered, EventSorter), RowError> {
    let mut zone = opts.zone.clone();
    let mut g = Gathered::new();
    g.kept = opts.keep_calls.then(Vec::new);
    let mut sorter = EventSorter::new(buffer_events);
    let mut local: Vec<(String, usize)> = Vec::new();
    calls(file, (k, n), cols, &mut zone, progress, |row, call| {
        let counted = call.map_err(|e| Fault::Row(0, e)).and_then(|c| {
            let w = match &c.workload {
                None => 0,
                Some((label, name)) => match local.iter().find(|(n, _)| n == name) {
                    Some((_, w)) => *w,
                    None => {
                        // Too many workloads is about the file, not the row.
                        let w = names
                            .index(name)
                            .map_err(|e| Fatal(format!("column `{label}`: {e}")))?;
                        local.push((name.to_string(), w));
                        w
                    }
                },
            };
            tally(c.start, c.end, w, opts.interval_ms, &mut g, &mut sorter)?;
            g.ambiguous += u64::from(c.ambiguous);
            Ok(())
        });
        match counted {
            Ok(()) => Ok(()),
            Err(Fault::Row(_, msg)) if opts.skip_bad => {
                g.skipped += 1;
                if g.skipped_at.len() < 5 {
                    g.skipped_at.push((0, row, msg));
                }
                Ok(())
            }
            Err(Fault::Row(_, msg)) => Err(RowError { row, msg }),
            Err(Fault::Fatal(Fatal(msg))) => Err(RowError { row: 0, msg }),
        }
    })?;
    Ok((g, sorter))
}

/// One call as a row gives it: times in UTC milliseconds (checked to be a plausible call),
/// whether a local time was ambiguous, and the workload (its column's name and the value).
pub(crate) struct Call<'a> {
    pub start: i64,
    pub end: i64,
    pub ambiguous: bool,
    pub workload: Option<(&'a str, Cow<'a, str>)>,
    start_col: &'a str,
    end_col: &'a str,
}

impl Call<'_> {
    /// An error about one of the call's times, naming its column.
    fn blame(&self, f: Field, e: String) -> String {
        match f {
            Field::Start => format!("column `{}`: {e}", self.start_col),
            Field::End => format!("column `{}`: {e}", self.end_col),
        }
    }
}

/// Calls `each` with every row of the row groups `k`, `k + n`, ... (its number in the file,
/// from 1, and the call it holds or why it holds none), reading only the columns in `cols`;
/// with `progress`, the share of the file's row groups done goes to standard error.
pub(crate) fn calls(
    file: &Source,
    (k, n): (usize, usize),
    cols: &Columns,
    zone: &mut Zone,
    progress: bool,
    each: impl FnMut(u64, Result<Call<'_>, String>) -> Result<(), RowError>,
) -> Result<(), RowError> {
    guarded(|| calls_unguarded(file, (k, n), cols, zone, progress, each))
}

thread_local! {
    /// Set while the parquet crate runs under `guarded`: its panics are reported as errors.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a reading step, turning a panic inside the parquet crate (a corrupt column chunk can
/// make it panic: "column start and length should not be negative") into an error about the
/// file, exit 2, instead of an abort with exit 101. The default panic message is silenced for
/// these panics only.
fn guarded<T>(f: impl FnOnce() -> Result<T, RowError>) -> Result<T, RowError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".into());
        Err(RowError {
            row: 0,
            msg: format!("is not readable Parquet: the reader failed on it ({why})"),
        })
    })
}

fn calls_unguarded(
    file: &Source,
    (k, n): (usize, usize),
    cols: &Columns,
    zone: &mut Zone,
    progress: bool,
    mut each: impl FnMut(u64, Result<Call<'_>, String>) -> Result<(), RowError>,
) -> Result<(), RowError> {
    let fail = |row: u64, msg: String| RowError { row, msg };
    let reader = &file.reader;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let wanted = [Some(cols.start), cols.end, cols.duration, cols.workload];
    for c in wanted.into_iter().flatten() {
        if schema.column(c).max_rep_level() > 0 {
            let name = schema.column(c).path().string();
            let msg = format!("column `{name}` holds lists: expected one value per call");
            return Err(fail(0, msg));
        }
    }
    for (group, &first_row) in file.first_rows.iter().enumerate() {
        if group % n != k {
            continue;
        }
        let rg = reader
            .get_row_group(group)
            .map_err(|e| fail(first_row + 1, e.to_string()))?;
        let mut cursors: Vec<Option<Cursor>> = Vec::new();
        for c in wanted {
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
                each(row, call(&cursors, i, zone))?;
            }
        }
        if progress {
            let done = (group + 1) as f64 / meta.num_row_groups() as f64;
            eprint!(
                "\rcapplan: reading {}: {:.0}%",
                file.path.display(),
                done * 100.0
            );
        }
    }
    Ok(())
}

/// Reads row `i` of the current batches as one call; an error names the column.
fn call<'a>(cursors: &'a [Option<Cursor>], i: usize, zone: &mut Zone) -> Result<Call<'a>, String> {
    let [start_c, end_c, dur_c, work_c] = cursors else {
        unreachable!("four column slots")
    };
    let start_c = start_c.as_ref().expect("a start column");
    let named = |c: &Cursor, e: String| format!("column `{}`: {e}", c.name);
    let mut ambiguous = false;
    let start = time_ms(start_c.unit, start_c.value(i), zone, &mut ambiguous)
        .map_err(|e| named(start_c, e))?;
    let (end, end_col) = match (end_c, dur_c) {
        (Some(c), _) => {
            let end = time_ms(c.unit, c.value(i), zone, &mut ambiguous).map_err(|e| named(c, e))?;
            (end, c.name.as_str())
        }
        (None, Some(c)) => {
            let d = duration_ms(c.value(i)).map_err(|e| named(c, e))?;
            (start + d, c.name.as_str())
        }
        (None, None) => unreachable!("Columns needs an end or a duration"),
    };
    let workload = work_c.as_ref().map(|c| {
        let name = match c.value(i) {
            None => Cow::Borrowed(""),
            Some(Value::Text(Cow::Borrowed(t))) => Cow::Borrowed(t.trim()),
            Some(Value::Text(t)) => Cow::Owned(t.trim().to_string()),
            Some(Value::Int(n)) => Cow::Owned(n.to_string()),
            Some(Value::Float(x)) => Cow::Owned(x.to_string()),
            Some(Value::Stamp96(x)) => Cow::Owned(x.to_millis().to_string()),
            Some(Value::Interval(ms)) => Cow::Owned(ms.unwrap_or(-1).to_string()),
        };
        (c.name.as_str(), name)
    });
    let call = Call {
        start,
        end,
        ambiguous,
        workload,
        start_col: &start_c.name,
        end_col,
    };
    check(start, end).map_err(|(f, e)| call.blame(f, e))?;
    Ok(call)
}

#[cfg(test)]
mod tests {
    /// A panic inside a reading step is an error about the file, with its reason.
    #[test]
    fn a_panic_in_the_reader_is_an_error() {
        let r: Result<(), _> =
            super::guarded(|| panic!("column start and length should not be negative"));
        let e = r.unwrap_err();
        assert_eq!(e.row, 0);
        assert!(e.msg.contains("should not be negative"), "{}", e.msg);
        assert!(super::guarded(|| Ok(3)).is_ok_and(|x| x == 3));
    }
}
