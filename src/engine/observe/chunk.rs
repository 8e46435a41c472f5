//! Reading one byte range of the CDR file on its own thread. Ranges start just after a line
//! break, so a record is never split (records must not hold line breaks inside quotes).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Mutex;

use super::events::{EventSorter, MAX_WORKLOADS};
use super::tally::{Fatal, Fault, Field, count};
use super::{Gathered, Options};
use crate::io::records::{CallTimes, Columns, Outcome, call_of};
use crate::values::input::RecordBudget;

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

/// What every reading thread shares: the header's width, the columns, the workload names,
/// the options, its share of the sort buffer, and whether it reports progress.
pub struct Job<'a> {
    pub path: &'a Path,
    pub fields: usize,
    pub cols: &'a Columns,
    pub names: &'a Names,
    pub opts: &'a Options,
    pub buffer_events: usize,
    pub progress: bool,
}

/// Reads the byte range [start, end) of a plain file.
pub fn read(job: &Job, (start, end): (u64, u64)) -> Result<(Gathered, EventSorter), ChunkError> {
    let fail = |msg: String| ChunkError {
        chunk_start: start,
        line: 0,
        column: 0,
        msg,
        whole_file: false,
    };
    let mut file = File::open(job.path).map_err(|e| fail(e.to_string()))?;
    file.seek(SeekFrom::Start(start))
        .map_err(|e| fail(e.to_string()))?;
    let (bounded, budget) = crate::values::input::bounded(file.take(end - start));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .buffer_capacity(1 << 20)
        .from_reader(bounded);
    read_from(job, &mut rdr, &budget, None, (start, end - start))
}

/// Reads records from `rdr` (after `first`, a record already read, when given); `at` is where
/// they start in the file and how many bytes they hold (0: unknown, a stream).
pub fn read_from<R: Read>(
    job: &Job,
    rdr: &mut csv::Reader<R>,
    budget: &RecordBudget,
    first: Option<csv::ByteRecord>,
    (start, len): (u64, u64),
) -> Result<(Gathered, EventSorter), ChunkError> {
    let fail = |line: u64, column: usize, msg: String| ChunkError {
        chunk_start: start,
        line,
        column,
        msg,
        whole_file: false,
    };
    let opts = job.opts;
    let mut zone = opts.zone.clone();
    let mut local: Vec<(String, usize)> = Vec::new();
    let mut g = Gathered::new();
    g.kept = opts.keep_calls.then(Vec::new);
    let mut sorter = EventSorter::new(job.buffer_events);
    let mut rec = csv::ByteRecord::new();
    let mut pending = first;
    let mut rows = 0u64;
    loop {
        if let Some(f) = pending.take() {
            rec = f;
        } else {
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
        }
        let line = rec.position().map_or(1, |p| p.line());
        if rec.len() != job.fields {
            // Compared with the header, not with the first row of the range.
            let msg = format!(
                "expected {} fields like the header, found {}",
                job.fields,
                rec.len()
            );
            if opts.skip_bad {
                skip(&mut g, start, line, msg);
                continue;
            }
            return Err(fail(line, 0, msg));
        }
        rows += 1;
        if job.progress && len > 0 && rows.is_multiple_of(1_000_000) {
            let done = rec.position().map_or(0, |p| p.byte()) as f64 / len as f64;
            eprint!(
                "\rcapplan: reading {}: {:.0}%",
                job.path.display(),
                done * 100.0
            );
        }
        // A thread looks names up in its own list first, and in the shared one when new.
        let workload = |name: &str| -> Result<(usize, bool), String> {
            match local.iter().find(|(n, _)| n == name) {
                Some((_, i)) => Ok((*i, false)),
                None => job.names.index(name).map(|i| (i, true)),
            }
        };
        match row(
            &Bytes(&rec),
            job.cols,
            &mut zone,
            opts,
            workload,
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

pub(super) fn skip(g: &mut Gathered, chunk_start: u64, line: u64, msg: String) {
    g.skipped += 1;
    if g.skipped_at.len() < 5 {
        g.skipped_at.push((chunk_start, line, msg));
    }
}

/// A CSV record's fields as text.
struct Bytes<'a>(&'a csv::ByteRecord);

impl CallTimes for Bytes<'_> {
    fn field(&self, c: usize) -> Result<&str, (usize, String)> {
        std::str::from_utf8(self.0.get(c).unwrap_or(b""))
            .map_err(|_| (c, "is not valid UTF-8".to_string()))
    }
}

/// Reads one record into the tallies and the event sorter; an error names the column. Returns
/// a workload name first seen here, for the reader's own lookup list.
pub(super) fn row(
    rec: &impl CallTimes,
    cols: &Columns,
    zone: &mut super::Zone,
    opts: &Options,
    workload: impl Fn(&str) -> Result<(usize, bool), String>,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> Result<Option<(String, usize)>, Fault> {
    let mut ambiguous = false;
    let outcome = call_of(rec, cols, zone, opts.from_answer, &mut ambiguous)
        .map_err(|(c, e)| Fault::Row(c, e))?;
    let placed = matches!(outcome, Outcome::Carried { .. } | Outcome::Attempt { .. });
    let (w, new) = match cols.workload.filter(|_| placed) {
        None => (0, None),
        Some(c) => {
            let mut name = rec.field(c).map_err(|(c, e)| Fault::Row(c, e))?.trim();
            if let Some(alt) = cols.workload_alt.filter(|_| name.is_empty()) {
                name = rec.field(alt).map_err(|(c, e)| Fault::Row(c, e))?.trim();
            }
            // Too many workloads is about the file, not the row.
            let (w, fresh) = workload(name).map_err(|e| Fault::Fatal(Fatal(e)))?;
            (w, fresh.then(|| (name.to_string(), w)))
        }
    };
    let end_col = cols.end.or(cols.duration).unwrap_or(cols.start);
    count(outcome, w, opts.interval_ms, g, sorter, |f| match f {
        Field::Start => cols.start,
        Field::End => end_col,
    })?;
    // Counted only once the call is: a row is counted whole or not at all.
    g.ambiguous += u64::from(ambiguous);
    Ok(new)
}
