//! `observe` over JSON call records, streamed on one thread: the first record's keys (with a
//! provider's documented fields) lay out the "header", then every record is read by the same
//! rule as a CSV row. Amazon Connect's records, delivered at least once, are kept one per
//! contact (the newest) before they are counted.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

use super::chunk::{Names, row, skip};
use super::events::EventSorter;
use super::tally::{Fatal, Fault};
use super::{Gathered, Observed, Options, finish, say_layout};
use crate::io::records::json::{records, text};
use crate::io::records::{CallTimes, Columns, Provider, Zone, parse_time};
use crate::values::error::{Error, Result};

/// One record's fields laid out by the header, and its number in the file.
struct Fields(Vec<String>);

impl CallTimes for Fields {
    fn field(&self, col: usize) -> std::result::Result<&str, (usize, String)> {
        Ok(self.0.get(col).map_or("", String::as_str))
    }
}

/// What the first record decides.
struct Layout {
    header: Vec<String>,
    cols: Columns,
    names: Names,
    /// (key, last update, channel) columns, for Amazon Connect.
    identity: Option<(usize, usize, usize)>,
    provider: Option<Provider>,
}

fn layout(first: &Map<String, Value>, opts: &Options) -> std::result::Result<Layout, String> {
    let mut header: Vec<String> = first
        .iter()
        .filter(|(_, v)| !v.is_object() && !v.is_array())
        .map(|(k, _)| k.clone())
        .collect();
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
    let (cols, provider) = super::columns_for(&header, opts, provider)?;
    let identity = provider.and_then(Provider::identity).map(|(k, u, c)| {
        let at = |n: &str| header.iter().position(|h| h == n).unwrap_or(0);
        (at(k), at(u), at(c))
    });
    say_layout("JSON", provider, &cols, &header);
    Ok(Layout {
        names: Names::new(cols.workload.is_none()),
        header,
        cols,
        identity,
        provider,
    })
}

pub(super) fn observe(path: &Path, input: impl Read, opts: Options) -> Result<Observed> {
    let (bounded, budget) = crate::values::input::bounded(input);
    let mut lay: Option<Layout> = None;
    let mut g = Gathered::new();
    g.kept = opts.keep_calls.then(Vec::new);
    let mut sorter = EventSorter::new(opts.buffer_events);
    let mut zone = opts.zone.clone();
    let mut n = 0u64;
    // Amazon Connect: the newest copy of each contact, by its last update.
    let mut newest: HashMap<String, (i64, u64, Fields)> = HashMap::new();
    let read = records(bounded, |rec| {
        budget.reset();
        n += 1;
        if lay.is_none() {
            lay = Some(layout(&rec, &opts)?);
        }
        let l = lay.as_ref().expect("laid out above");
        let fields = Fields(l.header.iter().map(|k| text(rec.get(k))).collect());
        match l.identity {
            Some((key, updated, _)) => {
                let at = parse_time(&fields.0[updated], &mut Zone::Fixed(0), &mut false)
                    .unwrap_or(i64::MIN);
                let id = fields.0[key].clone();
                match newest.get(&id) {
                    Some((seen, ..)) if *seen >= at => g.records.duplicates += 1,
                    Some(_) => {
                        g.records.duplicates += 1;
                        newest.insert(id, (at, n, fields));
                    }
                    None => {
                        newest.insert(id, (at, n, fields));
                    }
                }
                Ok(())
            }
            None => one(l, &fields, n, &mut zone, &opts, &mut g, &mut sorter),
        }
    });
    read.map_err(|e| Error::file(path, e))?;
    let Some(l) = lay else {
        return Err(Error::file(path, "holds no call records"));
    };
    // In the order they came, so a message names the first bad one.
    let mut kept: Vec<(u64, Fields)> = newest.into_values().map(|(_, n, f)| (n, f)).collect();
    kept.sort_by_key(|(n, _)| *n);
    for (n, fields) in kept {
        let (_, _, channel) = l.identity.expect("kept only for Connect");
        let voice = fields.0[channel].trim();
        if !voice.is_empty() && !voice.eq_ignore_ascii_case("voice") {
            g.records.not_voice += 1;
            continue;
        }
        one(&l, &fields, n, &mut zone, &opts, &mut g, &mut sorter)
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
    fields: &Fields,
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
