//! Reading one byte range of the CDR file on its own thread. Ranges start just after a line
//! break, so a record is never split (records must not hold line breaks inside quotes).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

use super::events::{EventSorter, MAX_WORKLOADS};
use super::tally::{Fatal, Fault, Field, check, tally};
use super::{Gathered, Options};
use crate::io::records::{Columns, parse_duration_ms, parse_time};

/// Workload names shared by the reading threads, so an index means the same everywhere.
pub struct Names(Mutex<Vec<String>>);

impl Names {
    /// Without a workload column every call belongs to one workload, "all".
    pub fn new(single: bool) -> Names {
        Names(Mutex::new(if single {
            vec!["all".into()]
        } else {
            Vec::new()
        }))
    }

    pub(crate) fn index(&self, name: &str) -> Result<usize, String> {
        let mut names = self.0.lock().expect("no reader panics holding the names");
        if let Some(i) = names.iter().position(|n| n == name) {
            return Ok(i);
        }
        if names.len() >= MAX_WORKLOADS {
            return Err(format!("more than {MAX_WORKLOADS} different workloads"));
        }
        names.push(name.to_string());
        Ok(names.len() - 1)
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0.into_inner().expect("no reader panicked")
    }
}

/// Byte offsets that cut [body, size) into `parts` ranges, each starting after a line break.
/// True when the body holds a double quote (a field that may span lines).
pub fn has_quotes(path: &Path, body: u64) -> std::io::Result<bool> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(body))?;
    let mut r = BufReader::with_capacity(1 << 20, file);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        if buf.contains(&b'"') {
            return Ok(true);
        }
        let n = buf.len();
        r.consume(n);
    }
}

pub fn split(path: &Path, body: u64, size: u64, parts: usize) -> std::io::Result<Vec<u64>> {
    let mut bounds = vec![body];
    let mut file = File::open(path)?;
    for k in 1..parts {
        let guess = body + (size - body) * k as u64 / parts as u64;
        file.seek(SeekFrom::Start(guess))?;
        let mut buf = [0u8; 4096];
        let mut at = guess;
        let cut = loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break size;
            }
            if let Some(i) = buf[..n].iter().position(|b| *b == b'\n') {
                break at + i as u64 + 1;
            }
            at += n as u64;
        };
        if cut > *bounds.last().expect("starts with body") && cut < size {
            bounds.push(cut);
        }
    }
    bounds.push(size);
    Ok(bounds)
}

/// Line breaks before `offset`: turns a line within a range into a line of the file.
pub fn lines_before(path: &Path, offset: u64) -> std::io::Result<u64> {
    let mut r = BufReader::with_capacity(1 << 20, File::open(path)?.take(offset));
    let mut buf = vec![0u8; 1 << 20];
    let mut lines = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(lines);
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
}

/// A bad row, located within its range.
pub struct ChunkError {
    pub chunk_start: u64,
    pub line: u64,
    pub column: usize,
    pub msg: String,
    /// About the whole file (its span, its workloads, the machine): no line to name.
    pub whole_file: bool,
}

#[allow(clippy::too_many_arguments)]
pub fn read(
    path: &Path,
    (start, end): (u64, u64),
    fields: usize,
    cols: &Columns,
    names: &Names,
    opts: &Options,
    buffer_events: usize,
    progress: bool,
) -> Result<(Gathered, EventSorter), ChunkError> {
    let fail = |line: u64, column: usize, msg: String| ChunkError {
        chunk_start: start,
        line,
        column,
        msg,
        whole_file: false,
    };
    let mut file = File::open(path).map_err(|e| fail(0, 0, e.to_string()))?;
    file.seek(SeekFrom::Start(start))
        .map_err(|e| fail(0, 0, e.to_string()))?;
    let (bounded, budget) = crate::values::input::bounded(file.take(end - start));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .buffer_capacity(1 << 20)
        .from_reader(bounded);
    let mut zone = opts.zone.clone();
    let mut local: Vec<(String, usize)> = Vec::new();
    let mut g = Gathered::new();
    let mut sorter = EventSorter::new(buffer_events);
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => budget.reset(),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let msg = crate::values::error::csv_message(&e);
                // A read that fails (a record past its bound, the disk) is never a bad row.
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(ChunkError {
                        whole_file: true,
                        ..fail(0, 0, format!("reading: {io}"))
                    });
                }
                if opts.skip_bad && line > 0 {
                    skip(&mut g, start, line, msg);
                    continue;
                }
                return Err(fail(line, 0, msg));
            }
        }
        if rec.len() != fields {
            // Compared with the header, not with the first row of the range.
            let line = rec.position().map_or(0, |p| p.line());
            let msg = format!(
                "expected {fields} fields like the header, found {}",
                rec.len()
            );
            if opts.skip_bad {
                skip(&mut g, start, line, msg);
                continue;
            }
            return Err(fail(line, 0, msg));
        }
        rows += 1;
        if progress && rows.is_multiple_of(1_000_000) {
            let done = rec.position().map_or(0, |p| p.byte()) as f64 / (end - start) as f64;
            eprint!(
                "\rcapplan: reading {}: {:.0}%",
                path.display(),
                done * 100.0
            );
        }
        let line = rec.position().map_or(0, |p| p.line());
        // A thread looks names up in its own list first, and in the shared one when new.
        let workload = |name: &str| -> Result<(usize, bool), String> {
            match local.iter().find(|(n, _)| n == name) {
                Some((_, i)) => Ok((*i, false)),
                None => names.index(name).map(|i| (i, true)),
            }
        };
        match row(
            &rec,
            cols,
            &mut zone,
            workload,
            opts.interval_ms,
            &mut g,
            &mut sorter,
        ) {
            Ok(Some(new)) => local.push(new),
            Ok(None) => {}
            Err(Fault::Row(col, msg)) if opts.skip_bad => {
                skip(&mut g, start, line, format!("column {}: {msg}", col + 1))
            }
            Err(Fault::Row(col, msg)) => return Err(fail(line, col, msg)),
            // About the file: no line, whatever row met it first.
            Err(Fault::Fatal(Fatal(msg))) => {
                return Err(ChunkError {
                    whole_file: true,
                    ..fail(0, 0, msg)
                });
            }
        }
    }
    Ok((g, sorter))
}

fn skip(g: &mut Gathered, chunk_start: u64, line: u64, msg: String) {
    g.skipped += 1;
    if g.skipped_at.len() < 5 {
        g.skipped_at.push((chunk_start, line, msg));
    }
}

/// Reads one row into the tallies and the event sorter; an error names the column. Returns a
/// workload name first seen here, for the thread's own lookup list.
fn row(
    rec: &csv::ByteRecord,
    cols: &Columns,
    zone: &mut super::Zone,
    workload: impl Fn(&str) -> Result<(usize, bool), String>,
    interval_ms: i64,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> Result<Option<(String, usize)>, Fault> {
    let bad = |c: usize| move |e: String| Fault::Row(c, e);
    let field = |c: usize| {
        std::str::from_utf8(rec.get(c).unwrap_or(b""))
            .map_err(|_| Fault::Row(c, "is not valid UTF-8".to_string()))
    };
    let mut ambiguous = false;
    let start = parse_time(field(cols.start)?, zone, &mut ambiguous).map_err(bad(cols.start))?;
    let end = match (cols.end, cols.duration) {
        (Some(c), _) => parse_time(field(c)?, zone, &mut ambiguous).map_err(bad(c))?,
        (None, Some(c)) => start + parse_duration_ms(field(c)?).map_err(bad(c))?,
        (None, None) => unreachable!("Columns needs an end or a duration"),
    };
    let end_col = cols.end.or(cols.duration).unwrap_or(cols.start);
    let at = |f: Field| match f {
        Field::Start => cols.start,
        Field::End => end_col,
    };
    check(start, end).map_err(|(f, e)| Fault::Row(at(f), e))?;
    let (w, new) = match cols.workload {
        None => (0, None),
        Some(c) => {
            let name = field(c)?.trim();
            // Too many workloads is about the file, not the row.
            let (w, fresh) = workload(name).map_err(|e| Fault::Fatal(Fatal(e)))?;
            (w, fresh.then(|| (name.to_string(), w)))
        }
    };
    tally(start, end, w, interval_ms, g, sorter)?;
    // Counted only once the call is: a row is counted whole or not at all.
    g.ambiguous += u64::from(ambiguous);
    Ok(new)
}
