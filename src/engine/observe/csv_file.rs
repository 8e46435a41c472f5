//! `observe` over CSV: the first record lays out the columns (a header, or a headerless
//! export's own names), then a plain file is read by one thread per byte range and standard
//! input or gzip as one stream.

use std::path::Path;

use super::{
    Observed, Options, PARALLEL_FROM_BYTES, chunk, columns_for, cores, finish, in_threads,
    say_layout,
};
use crate::io::records::{Columns, Provider};
use crate::values::error::{Error, Location, Result};

/// The layout the first CSV record gives: a header, or (a headerless export) a record.
struct CsvLayout {
    header: Vec<String>,
    headerless: bool,
    cols: Columns,
    provider: Option<Provider>,
}

fn csv_layout(path: &Path, first: &csv::ByteRecord, opts: &Options) -> Result<CsvLayout> {
    let first: Vec<String> = first
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let first = {
        let mut f = first;
        if let Some(h) = f.first_mut() {
            *h = h.trim_start_matches('\u{feff}').to_string();
        }
        f
    };
    if first.iter().all(String::is_empty) {
        return Err(Error::file(
            path,
            "is empty: expected a header such as `start,end`",
        ));
    }
    let fixed = crate::io::records::headerless(&first)
        .filter(|(p, _)| opts.provider.is_none_or(|q| q == *p));
    let (header, headerless, provider) = match fixed {
        Some((p, names)) => (names, true, Some(p)),
        None => {
            let p = opts.provider.or_else(|| Provider::detect(&first));
            (first, false, p)
        }
    };
    let (cols, provider) = columns_for(&header, opts, provider, (false, headerless))
        .map_err(|e| Error::file(path, e))?;
    let form = if headerless { "CSV (no header)" } else { "CSV" };
    say_layout(form, provider, &cols, &header);
    Ok(CsvLayout {
        header,
        headerless,
        cols,
        provider,
    })
}

/// The first record: the header, or a headerless export's first call.
fn first_record<R: std::io::Read>(
    path: &Path,
    rdr: &mut csv::Reader<R>,
) -> Result<csv::ByteRecord> {
    let mut first = csv::ByteRecord::new();
    if !rdr
        .read_byte_record(&mut first)
        .map_err(|e| Error::csv(path, e))?
    {
        return Err(Error::file(
            path,
            "is empty: expected a header such as `start,end`",
        ));
    }
    Ok(first)
}

/// A CSV of standard input or gzip, read as it comes on one thread: nothing is copied.
pub(super) fn observe_stream(
    path: &Path,
    input: impl std::io::Read,
    opts: Options,
) -> Result<Observed> {
    let (bounded, budget) = crate::values::input::bounded(input);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(bounded);
    let first = first_record(path, &mut rdr)?;
    budget.reset();
    let lay = csv_layout(path, &first, &opts)?;
    let names = chunk::Names::new(lay.cols.workload.is_none());
    let job = chunk::Job {
        path,
        fields: lay.header.len(),
        cols: &lay.cols,
        names: &names,
        opts: &opts,
        buffer_events: opts.buffer_events,
        progress: false,
    };
    let first = lay.headerless.then_some(first);
    let part = chunk::read_from(&job, &mut rdr, &budget, first, (0, 0)).map_err(|e| {
        if e.whole_file {
            Error::file(path, e.msg)
        } else {
            Error::at(
                Location {
                    path: path.to_path_buf(),
                    line: e.line as usize,
                    column: e.column + 1,
                },
                e.msg,
            )
        }
    })?;
    finish(
        path,
        vec![part],
        names,
        &opts,
        lay.provider,
        |_, line, msg| Ok(format!("line {line}: {msg}")),
    )
}

/// A plain CSV file, read by several threads over byte ranges when it is large.
pub(super) fn observe_file(path: &Path, opts: Options) -> Result<Observed> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(crate::values::input::bounded(file).0);
    let first = first_record(path, &mut rdr)?;
    let lay = csv_layout(path, &first, &opts)?;
    let body = if lay.headerless {
        0
    } else {
        rdr.position().byte()
    };
    let (cols, header, provider) = (lay.cols, lay.header, lay.provider);
    let threads = match opts.threads {
        Some(n) => n.max(1),
        None if size.saturating_sub(body) > PARALLEL_FROM_BYTES => cores(),
        None => 1,
    };
    // A quoted field may hold a line break, which a range cut at line breaks would split: such
    // a file is read whole by one thread, so the answer never depends on the thread count.
    let threads = if threads > 1 && chunk::has_quotes(path, body).map_err(|e| Error::io(path, e))? {
        1
    } else {
        threads
    };
    let bounds = chunk::split(path, body, size, threads).map_err(|e| Error::io(path, e))?;
    let names = chunk::Names::new(cols.workload.is_none());
    let per_thread = (opts.buffer_events / threads).max(2);
    let results = in_threads(path, size, bounds.len() - 1, |i, report| {
        let job = chunk::Job {
            path,
            fields: header.len(),
            cols: &cols,
            names: &names,
            opts: &opts,
            buffer_events: per_thread,
            progress: report,
        };
        chunk::read(&job, (bounds[i], bounds[i + 1]))
    });
    let mut parts = Vec::new();
    for r in results {
        match r {
            Ok(part) => parts.push(part),
            Err(e) if e.whole_file => return Err(Error::file(path, e.msg)),
            Err(e) => {
                let line = chunk::lines_before(path, e.chunk_start)
                    .map_err(|io| Error::io(path, io))?
                    + e.line;
                return Err(Error::at(
                    Location {
                        path: path.to_path_buf(),
                        line: line as usize,
                        column: e.column + 1,
                    },
                    e.msg,
                ));
            }
        }
    }
    finish(path, parts, names, &opts, provider, |start, line, msg| {
        let before = chunk::lines_before(path, start).map_err(|e| Error::io(path, e))?;
        Ok(format!("line {}: {msg}", before + line))
    })
}
