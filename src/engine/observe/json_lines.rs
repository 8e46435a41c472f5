//! A plain file of one JSON object a line, read as a CSV is: the first line lays out the
//! fields, then one thread per byte range (cut at line breaks, which JSON strings never hold)
//! reads its lines from memory.

use std::io::Read;
use std::path::Path;

use super::chunk::{row, skip};
use super::events::EventSorter;
use super::json::{Layout, Slice, layout};
use super::tally::{Fatal, Fault};
use super::{Gathered, Observed, Options, finish};
use crate::io::records::Zone;
use crate::io::records::json::RecordSink;
use crate::values::error::{Error, Result};

/// One byte range of a file of one object a line, read on its own thread with the layout the
/// first line gave: bad records are named by their line in the range.
struct Lines<'a> {
    l: &'a Layout,
    opts: &'a Options,
    budget: crate::values::input::RecordBudget,
    g: Gathered,
    sorter: EventSorter,
    zone: Zone,
    start: u64,
    /// A bad record met: its line in the range and the message (placed by the caller).
    bad: Option<(u64, String)>,
}

impl RecordSink for Lines<'_> {
    fn header(&mut self, _: Vec<String>) -> std::result::Result<Vec<String>, String> {
        Ok(self.l.header.clone())
    }

    fn record(&mut self, fields: &[String], line: u64) -> std::result::Result<(), String> {
        self.budget.reset();
        let workload = |name: &str| self.l.names.index(name).map(|i| (i, false));
        let (g, sorter) = (&mut self.g, &mut self.sorter);
        match row(
            &Slice(fields),
            &self.l.cols,
            &mut self.zone,
            self.opts,
            workload,
            g,
            sorter,
        ) {
            Ok(_) => Ok(()),
            Err(Fault::Row(col, msg)) if self.opts.skip_bad => {
                let msg = format!("field `{}`: {msg}", self.l.header[col]);
                skip(g, self.start, line, msg);
                Ok(())
            }
            Err(Fault::Row(col, msg)) => {
                self.bad = Some((line, format!("field `{}`: {msg}", self.l.header[col])));
                Err("a bad record".into())
            }
            Err(Fault::Fatal(Fatal(msg))) => Err(msg),
        }
    }
}

/// A plain file of one object a line, over 32 MiB: read by one thread per byte range, as a
/// CSV is. `None` when the file is laid out otherwise (or is Amazon Connect's, whose copies of
/// a contact must meet in one place): then it is read as a stream.
pub(super) fn observe_lines(
    path: &Path,
    opts: &Options,
    threads: usize,
) -> Option<Result<Observed>> {
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let keys = crate::io::records::json::first_line_keys(file)?;
    let connect = Some(crate::io::records::Provider::Connect);
    if opts
        .provider
        .or_else(|| crate::io::records::Provider::detect(&keys))
        == connect
    {
        return None;
    }
    let l = match layout(keys, opts) {
        Ok(l) => l,
        Err(e) => return Some(Err(Error::file(path, e))),
    };
    if l.identity.is_some() {
        return None;
    }
    Some(read_lines(path, opts, threads, size, l))
}

fn read_lines(
    path: &Path,
    opts: &Options,
    threads: usize,
    size: u64,
    l: Layout,
) -> Result<Observed> {
    let bounds = super::chunk::split(path, 0, size, threads).map_err(|e| Error::io(path, e))?;
    let per_thread = (opts.buffer_events / threads).max(2);
    let results = super::in_threads(path, size, bounds.len() - 1, |i, _| {
        let (start, end) = (bounds[i], bounds[i + 1]);
        let mut file = std::fs::File::open(path).map_err(|e| (start, None, e.to_string()))?;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(start))
            .map_err(|e| (start, None, e.to_string()))?;
        let (bounded, budget) = crate::values::input::bounded(file.take(end - start));
        let mut g = Gathered::new();
        g.kept = opts.keep_calls.then(Vec::new);
        let mut sink = Lines {
            l: &l,
            opts,
            budget,
            g,
            sorter: EventSorter::new(per_thread),
            zone: opts.zone.clone(),
            start,
            bad: None,
        };
        let read = crate::io::records::json::lines_with(bounded, l.header.clone(), &mut sink);
        match (read, sink.bad.take()) {
            (Ok(()), _) => Ok((sink.g, sink.sorter)),
            (Err(_), Some(bad)) => Err((start, Some(bad.0), bad.1)),
            (Err(e), None) => Err((start, None, e)),
        }
    });
    let mut parts = Vec::new();
    for r in results {
        match r {
            Ok(part) => parts.push(part),
            Err((start, line, msg)) => return Err(placed(path, start, line, &msg)),
        }
    }
    let Layout {
        names, provider, ..
    } = l;
    finish(path, parts, names, opts, provider, |start, line, msg| {
        let before = super::chunk::lines_before(path, start).map_err(|e| Error::io(path, e))?;
        Ok(format!("line {}: {msg}", before + line))
    })
}

/// A range's error placed in the file: a bad record's "line N, field `F`: why", or the
/// document's own "line N, column C: why" with N counted within the range.
fn placed(path: &Path, start: u64, line: Option<u64>, msg: &str) -> Error {
    let before = super::chunk::lines_before(path, start).unwrap_or(0);
    if let Some(line) = line {
        return Error::file(path, format!("line {}, {msg}", before + line));
    }
    let split = msg.strip_prefix("line ").and_then(|m| m.split_once(','));
    match split.and_then(|(n, rest)| Some((n.parse::<u64>().ok()?, rest))) {
        Some((n, rest)) => Error::file(path, format!("line {}{rest}", before + n)),
        None => Error::file(path, msg.to_string()),
    }
}
