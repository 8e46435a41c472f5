//! `observe`: the exact concurrency curve of call-detail records, streamed. Rows may come in any
//! order; memory stays bounded because events are sorted in spilled runs (see `events`), and
//! per-interval figures take space in proportion to the time span, not the number of calls.

mod chunk;
mod csv_file;
mod events;
mod expect;
mod gather;
mod json;
mod json_lines;
mod parquet;
mod peakedness;
mod refusals;
pub mod sql;
mod sweep;
mod tally;
mod types;

use std::io::IsTerminal;
use std::path::Path;

pub use crate::io::records::{ColumnNames, Zone};
use crate::io::records::{Columns, Provider};
pub(crate) use gather::{Dense, Gathered};
pub use types::{
    IntervalObservation, MonthPeak, Observation, PeakToAverage, Peakedness, Refusals,
    WorkloadObservation,
};

use crate::values::error::{Error, Result};

pub struct Options {
    pub interval_ms: i64,
    pub columns: ColumnNames,
    pub zone: Zone,
    pub skip_bad: bool,
    /// Events held in memory before a sorted run goes to disk (8 bytes each, twice to sort).
    pub buffer_events: usize,
    /// Reading threads; `None`: one per core for files over 32 MiB, else one.
    pub threads: Option<usize>,
    /// A call holds its slot from its answer, not its start (`--from-answer`).
    pub from_answer: bool,
    /// The export the records are (`--from`); `None`: told by their fields, or plain.
    pub provider: Option<Provider>,
    /// Keep every call for `observe_calls` (a replay holds them all anyway).
    pub keep_calls: bool,
}

/// The columns of `header`: a provider's documented fields where it has them (a provider named
/// with `--from` must have its own), the guesses for the rest, and what was named on the
/// command line above both.
pub(crate) fn columns_for(
    header: &[String],
    opts: &Options,
    provider: Option<Provider>,
    (json, headerless): (bool, bool),
) -> Result<(Columns, Option<Provider>), String> {
    if let Some(p) = opts.provider {
        p.check(header)?;
    }
    let guessed = Columns::from_header(header, &opts.columns)?;
    let Some(p) = provider else {
        return Ok((guessed, None));
    };
    let mut cols = p.columns(header, &guessed, json, headerless);
    let named = &opts.columns;
    if named.start.is_some() {
        cols.start = guessed.start;
        // A column named by hand may hold its times in any form.
        cols.form = None;
    }
    if named.end.is_some() || named.duration.is_some() {
        (cols.end, cols.duration) = (guessed.end, guessed.duration);
    }
    if named.workload.is_some() {
        (cols.workload, cols.workload_alt) = (guessed.workload, None);
    }
    Ok((cols, Some(p)))
}

/// One line on stderr: which export and which columns were read.
pub(crate) fn say_layout(
    form: &str,
    provider: Option<Provider>,
    cols: &Columns,
    header: &[String],
) {
    let what = provider.map_or(form.to_string(), |p| format!("{} {form}", p.name()));
    eprintln!("capplan: reading {what}: {}", cols.describe(header));
}

/// Reading threads by default: one per core, at most 8.
fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Runs `read(i, report)` for parts 0..`parts` on one thread each and returns their results in
/// order; the first reports progress when a file over 50 MB is read to a terminal.
fn in_threads<T: Send>(
    path: &Path,
    size: u64,
    parts: usize,
    read: impl Fn(usize, bool) -> T + Sync,
) -> Vec<T> {
    let progress = std::io::stderr().is_terminal() && size > 50_000_000;
    let results = std::thread::scope(|scope| {
        let read = &read;
        let handles: Vec<_> = (0..parts)
            .map(|i| scope.spawn(move || read(i, progress && i == 0)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a reading thread panicked"))
            .collect()
    });
    if progress {
        eprintln!("\rcapplan: reading {}: done", path.display());
    }
    results
}

/// Files above this are read by several threads, each from its own byte range.
const PARALLEL_FROM_BYTES: u64 = 32 << 20;

/// Reads call records: CSV (a plain file in parallel ranges, standard input or gzip as one
/// stream), JSON or NDJSON (streamed), or Parquet. `path` is the name the user gave.
pub fn observe(path: &Path, opts: Options) -> Result<Observation> {
    read(path, opts).map(|o| o.observation)
}

/// An observation with every call the records hold (start and end in UTC ms, and the index
/// of its workload in `names`), for a replay: the same reading, rules and checks as `observe`.
pub struct Observed {
    pub observation: Observation,
    pub calls: Vec<(i64, i64, u32)>,
    pub names: Vec<String>,
}

/// `observe` keeping the calls.
pub fn observe_calls(path: &Path, mut opts: Options) -> Result<Observed> {
    opts.keep_calls = true;
    read(path, opts)
}

fn read(path: &Path, opts: Options) -> Result<Observed> {
    use std::io::BufRead;
    let stream = crate::values::input::is_stdin(path)
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if !stream && parquet::is_parquet(path) {
        return observe_parquet(path, path, opts);
    }
    let mut input = std::io::BufReader::with_capacity(1 << 16, crate::values::input::open(path)?);
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    if crate::io::records::json::looks_like_json(head) {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let threads = opts.threads.unwrap_or_else(cores);
        let big = !stream && (opts.threads.is_some() || size > PARALLEL_FROM_BYTES);
        if big
            && threads > 1
            && let Some(done) = json_lines::observe_lines(path, &opts, threads)
        {
            return done;
        }
        return json::observe(path, input, opts);
    }
    if !stream {
        drop(input);
        return csv_file::observe_file(path, opts);
    }
    if head.starts_with(b"PAR1") {
        // Parquet is read from its footer back: a stream is copied to a plain file first.
        let dir = tempfile::tempdir().map_err(|e| Error::io(path, e))?;
        let copy = dir.path().join("input.parquet");
        let mut out = std::fs::File::create(&copy).map_err(|e| Error::io(&copy, e))?;
        std::io::copy(&mut input, &mut out).map_err(|e| Error::io(path, e))?;
        return observe_parquet(&copy, path, opts);
    }
    csv_file::observe_stream(path, input, opts)
}

/// Reads a Parquet file: its row groups shared out among the threads.
fn observe_parquet(file_path: &Path, path: &Path, opts: Options) -> Result<Observed> {
    let file = parquet::open(file_path).map_err(|e| Error::file(path, e))?;
    let (header, groups) = (file.names(), file.groups());
    let cols = Columns::from_header(&header, &opts.columns).map_err(|e| Error::file(path, e))?;
    let threads = opts.threads.unwrap_or_else(cores).clamp(1, groups.max(1));
    let names = chunk::Names::new(cols.workload.is_none());
    let per_thread = (opts.buffer_events / threads).max(2);
    let size = std::fs::metadata(file_path).map_or(0, |m| m.len());
    let results = in_threads(path, size, threads, |k, report| {
        parquet::read(
            &file,
            (k, threads),
            &cols,
            &names,
            &opts,
            per_thread,
            report,
        )
    });
    let mut parts = Vec::new();
    let mut first_error: Option<parquet::RowError> = None;
    for r in results {
        match r {
            Ok(part) => parts.push(part),
            // The earliest bad row, whichever thread met it, so the message is always the same.
            Err(e) if first_error.as_ref().is_none_or(|f| e.row < f.row) => first_error = Some(e),
            Err(_) => {}
        }
    }
    if let Some(e) = first_error {
        return Err(Error::file(path, e.message()));
    }
    finish(path, parts, names, &opts, None, |_, row, msg| {
        Ok(format!("row {row}: {msg}"))
    })
}

/// What every input ends with: the readers' tallies merged, then the sweep over the events.
/// `example` turns a skipped row's (chunk start, line or row, why) into "line N: why".
fn finish(
    path: &Path,
    parts: Vec<(Gathered, events::EventSorter)>,
    names: chunk::Names,
    opts: &Options,
    provider: Option<Provider>,
    example: impl Fn(u64, u64, &str) -> Result<String>,
) -> Result<Observed> {
    let mut all = Gathered::new();
    all.kept = opts.keep_calls.then(Vec::new);
    let mut sorters = Vec::new();
    for (g, sorter) in parts {
        all.absorb(g).map_err(|e| Error::file(path, e))?;
        sorters.push(sorter);
    }
    let names = names.into_vec();
    all.ensure(names.len());
    let calls: u64 = all.calls.iter().sum();
    if calls == 0 {
        return Err(Error::file(
            path,
            if all.skipped > 0 {
                "has no good rows: every row was skipped"
            } else {
                "has no calls"
            },
        ));
    }
    let mut examples = Vec::new();
    all.skipped_at.sort();
    for (start, line, msg) in all.skipped_at.iter().take(5) {
        examples.push(example(*start, *line, msg)?);
    }
    // The sweep answers the calls in progress at the refusals and at every boundary at once.
    let instants = refusals::instants(&mut all.records);
    let ks = peakedness::boundaries(&all, opts.interval_ms);
    let mut asks: Vec<(i64, usize)> = instants.iter().map(|(t, _)| *t).zip(0..).collect();
    let at_boundaries = asks.len();
    asks.extend(
        ks.clone()
            .map(|k| k * opts.interval_ms)
            .zip(at_boundaries..),
    );
    asks.sort_unstable();
    let times: Vec<i64> = asks.iter().map(|(t, _)| *t).collect();
    let swept = sweep::sweep(sorters, names.len(), opts.interval_ms, &times)
        .map_err(|e| Error::io(path, e))?;
    let mut levels = vec![0i64; asks.len()];
    for ((_, i), level) in asks.iter().zip(&swept.at_instants) {
        levels[*i] = *level;
    }
    let peaked = peakedness::measure(
        &all,
        names.len(),
        ks,
        &levels[at_boundaries..],
        opts.interval_ms,
    );
    let mut obs = sweep::summarise(path, &all, &names, examples, swept, opts.interval_ms);
    obs.refusals = refusals::summarise(
        &all.records,
        &instants,
        &levels[..at_boundaries],
        opts.interval_ms,
    );
    obs.peakedness = peaked;
    obs.format = provider.map(|p| p.name().to_string());
    Ok(Observed {
        observation: obs,
        calls: all.kept.take().unwrap_or_default(),
        names,
    })
}
