//! One row of an arrivals file: its workload, its time (in the stack's zone), its calls and its
//! AHT, each checked with a message that names the line and column.

use std::collections::HashSet;
use std::path::Path;

use super::Columns;
use crate::model::stack::{Stack, Workload};
use crate::values::error::{Error, Location, Result};
use crate::values::suggest::did_you_mean;
use crate::values::timefmt::{LocalTime, TimeKind, local_time, parse_timestamp_offset};
use crate::values::units::parse_duration_s;

pub(super) struct Row<'a> {
    rec: &'a csv::ByteRecord,
    path: &'a Path,
    pub line: u64,
}

impl<'a> Row<'a> {
    pub fn new(rec: &'a csv::ByteRecord, path: &'a Path) -> Row<'a> {
        Row {
            rec,
            path,
            line: rec.position().map_or(0, |p| p.line()),
        }
    }

    pub fn at(&self, col: usize) -> Location {
        Location {
            path: self.path.to_path_buf(),
            line: self.line as usize,
            column: col + 1,
        }
    }

    pub fn field(&self, col: usize) -> Result<&'a str> {
        let raw = self.rec.get(col).unwrap_or(b"");
        std::str::from_utf8(raw)
            .map(str::trim)
            .map_err(|_| Error::at(self.at(col), "is not valid UTF-8"))
    }

    /// Which of the file's workloads (`users`, indices into the stack's) the row is for; none
    /// for a row of another workload of the stack, which reads its arrivals elsewhere (a
    /// forecast of several workloads given to one with `--arrivals NAME=FILE`).
    pub fn slot(&self, cols: &Columns, stack: &Stack, users: &[usize]) -> Result<Option<usize>> {
        let Some(c) = cols.workload else {
            return Ok(Some(0));
        };
        let name = self.field(c)?;
        if let Some(i) = users.iter().position(|&u| stack.workloads[u].name == name) {
            return Ok(Some(i));
        }
        if stack.workloads.iter().any(|w| w.name == name) {
            return Ok(None);
        }
        // A provider's word for a direction (`inboundPhoneCall`), as observe writes it.
        if let Ok(w) = stack.workload_for(name) {
            return Ok(users.iter().position(|&u| u == w));
        }
        let hint = did_you_mean(name, stack.workloads.iter().map(|w| w.name.as_str()));
        let readers: Vec<&str> = users
            .iter()
            .map(|&u| stack.workloads[u].name.as_str())
            .collect();
        Err(Error::at(
            self.at(c),
            format!(
                "workload `{name}` is not a workload of the stack{hint}; this file is read for {}: add a [[workload]] named `{name}`, or leave its rows out",
                readers.join(", ")
            ),
        ))
    }

    /// (kind, key, wall-clock key): a local time read in the stack's zone (the repeated autumn
    /// hour in file order, the skipped spring hour refused), an offset kept as the wall clock.
    pub fn time(
        &self,
        col: usize,
        stack: &Stack,
        folds: &mut HashSet<i64>,
    ) -> Result<(TimeKind, i64, i64)> {
        let text = self.field(col)?;
        let (kind, key, offset) =
            parse_timestamp_offset(text).map_err(|e| Error::at(self.at(col), e))?;
        Ok(match (kind, &stack.timezone) {
            (TimeKind::Local, Some(tz)) => {
                let off = match local_time(tz, key).map_err(|e| Error::at(self.at(col), e))? {
                    LocalTime::One(off) => off,
                    LocalTime::Repeated { earlier, later } => {
                        if folds.insert(key) {
                            earlier
                        } else {
                            later
                        }
                    }
                    LocalTime::Skipped => {
                        return Err(Error::at(
                            self.at(col),
                            format!(
                                "`{text}` does not exist in {}: the clocks skip that hour when summer time starts, so no interval starts there",
                                stack.timezone_name.as_deref().unwrap_or("the time zone")
                            ),
                        ));
                    }
                };
                (TimeKind::Zoned, key - off, key)
            }
            (TimeKind::Zoned, _) => (TimeKind::Zoned, key, key + offset),
            (k, _) => (k, key, key),
        })
    }

    /// The row's `expected_calls`: calls in progress at its start, from the records; none when
    /// the column is absent or the cell empty.
    pub fn expected_calls(&self, col: Option<usize>) -> Result<Option<f64>> {
        let Some(col) = col else { return Ok(None) };
        let text = self.field(col)?;
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=1e9).contains(&v) => Ok(Some(v)),
            _ => Err(Error::at(
                self.at(col),
                format!("expected_calls: expected calls in progress from 0 to 1e9, found `{text}`"),
            )),
        }
    }

    pub fn calls(&self, col: usize) -> Result<f64> {
        let text = self.field(col)?;
        let calls: f64 = text.parse().map_err(|_| {
            Error::at(
                self.at(col),
                format!("calls: expected a number of calls, found `{text}`"),
            )
        })?;
        if !(calls.is_finite() && (0.0..=1e9).contains(&calls)) {
            return Err(Error::at(
                self.at(col),
                format!("calls must be between 0 and 1e9, found `{text}`"),
            ));
        }
        Ok(calls)
    }

    /// The row's AHT, or the workload's when the row gives none; a row without calls needs
    /// none (`observe --arrivals-out` leaves it empty there), and takes 0 without either.
    pub fn aht(&self, cols: &Columns, wl: &Workload, stack: &Stack, no_calls: bool) -> Result<f64> {
        if let Some((c, seconds)) = cols.aht
            && !self.field(c)?.is_empty()
        {
            let t = self.field(c)?;
            let v = if seconds {
                t.parse::<f64>()
                    .map_err(|_| format!("aht_s: expected seconds, found `{t}`"))
            } else {
                parse_duration_s(t).map_err(|e| format!("aht: {e}"))
            }
            .map_err(|e| Error::at(self.at(c), e))?;
            // 0 is an interval whose calls were all unanswered (zero-length records, as
            // `observe --arrivals-out` writes them): they arrive but hold nothing.
            if !(0.0..=7.0 * 86_400.0).contains(&v) {
                return Err(Error::at(
                    self.at(c),
                    format!("aht must be 0s or more and at most 7d, found `{t}`"),
                ));
            }
            return Ok(v);
        }
        wl.aht_s.or(no_calls.then_some(0.0)).ok_or_else(|| {
            Error::at(
                self.at(cols.time),
                format!(
                    "workload `{}` has no `aht` in {} and this row gives none",
                    wl.name,
                    stack.path.display()
                ),
            )
        })
    }
}
