//! `observe` over JSON call records, streamed on one thread: the first record's keys (with a
//! provider's documented fields) lay out the "header", then every record is read by the same
//! rule as a CSV row. Amazon Connect's records, delivered at least once, are kept one per
//! contact (the newest) before they are counted.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::chunk::{Names, row, skip};
use super::events::EventSorter;
use super::tally::{Fatal, Fault};
use super::{Gathered, Observed, Options, finish, say_layout};
use crate::io::records::json::{RecordSink, records};
use crate::io::records::{CallTimes, Columns, Provider, Zone, parse_time};
use crate::values::error::{Error, Result};

/// One record's fields as the reader holds them.
pub(super) struct Slice<'a>(pub(super) &'a [String]);

impl CallTimes for Slice<'_> {
    fn field(&self, col: usize) -> std::result::Result<&str, (usize, String)> {
        Ok(self.0.get(col).map_or("", String::as_str))
    }
}

/// What the first record decides.
pub(super) struct Layout {
    pub(super) header: Vec<String>,
    pub(super) cols: Columns,
    pub(super) names: Names,
    /// (key, last update, channel) columns, for Amazon Connect.
    pub(super) identity: Option<(usize, usize, usize)>,
    pub(super) provider: Option<Provider>,
}

pub(super) fn layout(keys: Vec<String>, opts: &Options) -> std::result::Result<Layout, String> {
    let mut header = keys;
    if let Some(p) = opts.provider {
        // A first record may leave out fields it has no value for, but not all of them, and
        // not be another provider's.
        let other = Provider::detect(&header).filter(|d| *d != p);
        let none = !p.json_fields().iter().any(|n| header.contains(n));
        if other.is_some() || none {
            p.check(&header)?;
        }
    }
    let provider = opts.provider.or_else(|| Provider::detect(&header));
    if let Some(p) = provider {
        // Fields a first record leaves out (null or not yet set) are still read in the others.
        for name in p.json_fields() {
            if !header.contains(&name) {
                header.push(name);
            }
        }
    }
    let (cols, provider) = super::columns_for(&header, opts, provider, (true, false))?;
    let identity = provider.and_then(Provider::identity).map(|(k, u, c)| {
        let at = |n: &str| header.iter().position(|h| h == n).unwrap_or(0);
        (at(k), at(u), at(c))
    });
    say_layout("JSON", provider, &cols, &header);
    let (header, cols, identity) = compact(&header, &cols, identity);
    Ok(Layout {
        names: Names::new(cols.workload.is_none()),
        header,
        cols,
        identity,
        provider,
    })
}

/// Only the fields the columns read, renumbered: a record of 100,000 keys is looked up in a
/// handful, not in all of its first record's keys.
fn compact(
    header: &[String],
    cols: &Columns,
    identity: Option<(usize, usize, usize)>,
) -> (Vec<String>, Columns, Option<(usize, usize, usize)>) {
    let mut kept: Vec<String> = Vec::new();
    let mut at = |i: usize| -> usize {
        let name = &header[i];
        match kept.iter().position(|k| k == name) {
            Some(j) => j,
            None => {
                kept.push(name.clone());
                kept.len() - 1
            }
        }
    };
    let c = Columns {
        start: at(cols.start),
        end: cols.end.map(&mut at),
        duration: cols.duration.map(&mut at),
        workload: cols.workload.map(&mut at),
        workload_alt: cols.workload_alt.map(&mut at),
        status: cols.status.map(&mut at),
        reason: cols.reason.map(&mut at),
        answer: cols.answer.map(&mut at),
        form: cols.form,
    };
    let identity = identity.map(|(k, u, ch)| (at(k), at(u), at(ch)));
    (kept, c, identity)
}

/// The reading: the layout once the first record is seen, the tallies, and Amazon Connect's
/// newest copy of each contact (by its last update) until the end.
struct Reader<'o> {
    opts: &'o Options,
    budget: crate::values::input::RecordBudget,
    lay: Option<Layout>,
    g: Gathered,
    sorter: EventSorter,
    zone: Zone,
    n: u64,
    newest: HashMap<String, (i64, u64, Vec<String>)>,
}

impl RecordSink for Reader<'_> {
    fn header(&mut self, keys: Vec<String>) -> std::result::Result<Vec<String>, String> {
        let l = layout(keys, self.opts)?;
        let header = l.header.clone();
        self.lay = Some(l);
        Ok(header)
    }

    fn record(&mut self, fields: &[String], _line: u64) -> std::result::Result<(), String> {
        self.budget.reset();
        self.n += 1;
        let l = self.lay.as_ref().expect("the header comes first");
        if let Some((_, _, channel)) = l.identity {
            let voice = fields[channel].trim();
            if !voice.is_empty() && !voice.eq_ignore_ascii_case("voice") {
                self.g.records.not_voice += 1;
                return Ok(());
            }
        }
        let keyed = l
            .identity
            .filter(|(key, ..)| !fields[*key].trim().is_empty());
        // A record without a contact id cannot be a copy of another: it is counted as it is.
        let Some((key, updated, _)) = keyed else {
            let (g, sorter, zone) = (&mut self.g, &mut self.sorter, &mut self.zone);
            return one(l, &Slice(fields), self.n, zone, self.opts, g, sorter);
        };
        let at = parse_time(&fields[updated], &mut Zone::Fixed(0), &mut false).unwrap_or(i64::MIN);
        match self.newest.get(&fields[key]) {
            Some((seen, ..)) if *seen >= at => self.g.records.duplicates += 1,
            old => {
                self.g.records.duplicates += u64::from(old.is_some());
                let copy = (at, self.n, fields.to_vec());
                self.newest.insert(fields[key].clone(), copy);
            }
        }
        Ok(())
    }
}

pub(super) fn observe(path: &Path, input: impl Read, opts: Options) -> Result<Observed> {
    let (bounded, budget) = crate::values::input::bounded(input);
    let mut g = Gathered::new();
    g.kept = opts.keep_calls.then(Vec::new);
    let mut r = Reader {
        opts: &opts,
        budget,
        lay: None,
        g,
        sorter: EventSorter::new(opts.buffer_events),
        zone: opts.zone.clone(),
        n: 0,
        newest: HashMap::new(),
    };
    // The JSON reader takes a byte at a time: buffered above the bound, which then counts
    // whole buffers.
    let buffered = std::io::BufReader::with_capacity(1 << 16, bounded);
    records(buffered, &mut r).map_err(|e| Error::file(path, e))?;
    let Reader {
        lay,
        mut g,
        mut sorter,
        mut zone,
        newest,
        ..
    } = r;
    let Some(l) = lay else {
        return Err(Error::file(path, "holds no call records"));
    };
    // In the order they came, so a message names the first bad one.
    let mut kept: Vec<(u64, Vec<String>)> = newest.into_values().map(|(_, n, f)| (n, f)).collect();
    kept.sort_by_key(|(n, _)| *n);
    for (n, fields) in kept {
        one(
            &l,
            &Slice(&fields),
            n,
            &mut zone,
            &opts,
            &mut g,
            &mut sorter,
        )
        .map_err(|e| Error::file(path, e))?;
    }
    let Layout {
        names, provider, ..
    } = l;
    finish(
        path,
        vec![(g, sorter)],
        names,
        &opts,
        provider,
        |_, n, msg| Ok(format!("record {n}: {msg}")),
    )
}

/// Counts record `n`; a bad one is skipped with `--skip-bad` or stops the reading.
fn one(
    l: &Layout,
    fields: &Slice,
    n: u64,
    zone: &mut Zone,
    opts: &Options,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> std::result::Result<(), String> {
    let workload = |name: &str| l.names.index(name).map(|i| (i, false));
    match row(fields, &l.cols, zone, opts, workload, g, sorter) {
        Ok(_) => Ok(()),
        Err(Fault::Row(col, msg)) => {
            let msg = format!("field `{}`: {msg}", l.header[col]);
            if opts.skip_bad {
                skip(g, 0, n, msg);
                Ok(())
            } else {
                Err(format!("record {n}, {msg}"))
            }
        }
        Err(Fault::Fatal(Fatal(msg))) => Err(msg),
    }
}
