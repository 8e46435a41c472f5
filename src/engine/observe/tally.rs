//! One call record, whatever file it came from, checked (times from 1970 to 2199, the end not
//! before the start, at most 30 days long) and counted into the tallies and the event sorter.

use super::Gathered;
use super::events::{EventSorter, encode};
use crate::io::records::Outcome;

/// Call records must fall between 1970-01-01 and 2200-01-01 (UTC), and last at most 30 days.
const EARLIEST_MS: i64 = 0;
const LATEST_MS: i64 = 7_258_118_400_000;
const MAX_CALL_MS: i64 = 30 * 86_400_000;

fn out_of_range(ms: i64) -> String {
    let year = crate::values::timefmt::civil_from_days(ms.div_euclid(86_400_000)).0;
    format!(
        "a call in the year {year}: call records must fall between 1970 and 2199 (epoch seconds or milliseconds, or a date); check the column and its unit"
    )
}

/// Which of a call's times a bad call is blamed on.
pub(crate) enum Field {
    Start,
    End,
}

/// Whether a call (times in UTC milliseconds) is a plausible call record.
pub(crate) fn check(start: i64, end: i64) -> Result<(), (Field, String)> {
    if !(EARLIEST_MS..LATEST_MS).contains(&start) {
        return Err((Field::Start, out_of_range(start)));
    }
    if end < start {
        return Err((Field::End, "the call ends before it starts".into()));
    }
    if end - start > MAX_CALL_MS {
        return Err((
            Field::End,
            format!(
                "the call lasts {} days: a call record over 30 days is a mistake in the data",
                (end - start) / 86_400_000
            ),
        ));
    }
    Ok(())
}

/// What stops the reading whatever `--skip-bad` says: an error about the file (its span too long
/// for the interval, too many workloads) or the machine (spilling sorted events), never about
/// one row, so skipping rows would make the answer depend on which rows came first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fatal(pub String);

/// A row that cannot be counted: a bad row (skippable with `--skip-bad`: its column and why)
/// or a fatal error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fault {
    Row(usize, String),
    Fatal(Fatal),
}

impl From<Fatal> for Fault {
    fn from(f: Fatal) -> Fault {
        Fault::Fatal(f)
    }
}

/// Counts one checked call (times in UTC milliseconds, workload index) into the tallies and
/// the event sorter. Everything that can fail about the file is done before a counter moves,
/// so a call is counted whole or not at all.
pub(crate) fn tally(
    start: i64,
    end: i64,
    w: usize,
    interval_ms: i64,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> Result<(), Fatal> {
    g.ensure(w + 1);
    let k = start.div_euclid(interval_ms);
    let duration = end - start;
    // The last boundary the call reaches: the span check for it comes first.
    let last_j = k + 1 + duration / interval_ms;
    g.arrivals[w].get_mut(k).map_err(Fatal)?;
    g.expected_ms[w].get_mut(last_j).map_err(Fatal)?;
    g.expected_ms[w].get_mut(k + 1).map_err(Fatal)?;
    g.placement_var.get_mut(last_j).map_err(Fatal)?;
    g.placement_var.get_mut(k + 1).map_err(Fatal)?;
    g.first_ms = Some(g.first_ms.map_or(start, |f| f.min(start)));
    g.last_ms = Some(g.last_ms.map_or(end, |l| l.max(end)));
    g.calls[w] += 1;
    g.total_ms[w] += duration as f64;
    if let Some(k) = g.kept.as_mut() {
        k.push((start, end, w as u32));
    }
    match usize::try_from(duration / 1000)
        .ok()
        .filter(|s| *s <= 86_400)
    {
        Some(s) => {
            g.by_second[s] += 1;
            g.by_second_ms[s] += duration as u64;
        }
        None => g.long.push(duration),
    }
    g.arrivals[w]
        .get_mut(k)
        .expect("its span was checked above")
        .add(duration, interval_ms);
    // Arriving anywhere in [k g, (k+1) g) with equal chance, the call is in progress at the
    // boundary t = j g (j > k) for a share |[k g, (k+1) g) ∩ (t - d, t]| / g of the interval.
    let end_of = (k + 1) * interval_ms;
    let mut j = k + 1;
    loop {
        let overlap = end_of - (k * interval_ms).max(j * interval_ms - duration);
        if overlap <= 0 {
            break;
        }
        *g.expected_ms[w]
            .get_mut(j)
            .expect("its span was checked above") += overlap as u64;
        *g.placement_var
            .get_mut(j)
            .expect("its span was checked above") +=
            (overlap as u128) * ((interval_ms - overlap) as u128);
        j += 1;
    }
    // A zero-length call overlaps nothing (calls that touch do not overlap).
    if duration > 0 {
        let io =
            |e: std::io::Error| Fatal(format!("spilling sorted events to a temporary file: {e}"));
        sorter.push(encode(start, true, w)).map_err(io)?;
        sorter.push(encode(end, false, w)).map_err(io)?;
    }
    Ok(())
}

/// Counts one record's outcome: a carried call as itself, an attempt as a zero-length arrival
/// (it used a call per second, it held no slot), the rest by kind. `at` names the column a bad
/// time is blamed on.
pub(crate) fn count(
    outcome: Outcome,
    w: usize,
    interval_ms: i64,
    g: &mut Gathered,
    sorter: &mut EventSorter,
    at: impl Fn(Field) -> usize,
) -> Result<(), Fault> {
    let checked = |start, end| check(start, end).map_err(|(f, e)| Fault::Row(at(f), e));
    match outcome {
        Outcome::Carried { start, end } => {
            checked(start, end)?;
            tally(start, end, w, interval_ms, g, sorter)?;
            g.records.never_connected += u64::from(end == start);
        }
        Outcome::Attempt { at: when, refused } => {
            match when {
                Some(t) => {
                    checked(t, t)?;
                    tally(t, t, w, interval_ms, g, sorter)?;
                }
                None => g.records.untimed += 1,
            }
            g.records.never_connected += 1;
            if let Some(reason) = refused {
                g.records.refuse(reason, when);
            }
        }
        Outcome::InProgress => g.records.in_progress += 1,
        Outcome::NotVoice => g.records.not_voice += 1,
    }
    Ok(())
}
