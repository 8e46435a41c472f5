//! What the reading pass gathers besides the events, per reading thread and then merged:
//! calls and call time per workload, durations by second, arrivals per interval, bad rows; and
//! the per-interval cells that grow as rows arrive in any order.

/// Per-interval cells over a range that grows as rows arrive in any order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dense<T> {
    pub base: i64,
    pub cells: Vec<T>,
}

/// More intervals than this means the interval is far too short for the span.
const MAX_INTERVALS: usize = 4_000_000;

/// The message of a span too long for the interval: about the file, never one row, so it is
/// never skipped (a skipped row would make the answer depend on how the file was split).
pub(crate) fn span_error() -> String {
    format!(
        "the calls span more than {} intervals: give a longer --interval",
        MAX_INTERVALS / 2
    )
}

impl<T: Clone + Default> Dense<T> {
    pub fn get_mut(&mut self, idx: i64) -> Result<&mut T, String> {
        if self.cells.is_empty() {
            self.base = idx;
        }
        // The span the cells would cover, checked before anything is allocated for it.
        let lo = idx.min(self.base);
        let hi = idx.max(self.base + self.cells.len() as i64);
        if hi.saturating_sub(lo) >= MAX_INTERVALS as i64 / 2 {
            return Err(span_error());
        }
        if idx < self.base {
            let grow = ((self.base - idx) as usize).max(self.cells.len());
            let mut cells = vec![T::default(); grow];
            cells.append(&mut self.cells);
            self.cells = cells;
            self.base -= grow as i64;
        }
        let at = (idx - self.base) as usize;
        if at >= self.cells.len() {
            let len = (at + 1).max((self.cells.len() * 2).min(MAX_INTERVALS));
            self.cells.resize(len, T::default());
        }
        if self.cells.len() > MAX_INTERVALS {
            return Err(span_error());
        }
        Ok(&mut self.cells[at])
    }
}

/// The calls that started in one interval (of one workload).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Arrived {
    pub calls: u64,
    pub total_ms: f64,
    /// Call time with each duration cut at the interval's length, in ms: what the calls have
    /// in progress at the interval's end, whatever their tail (see `expect::robust_aht`).
    pub capped_ms: u64,
}

impl Arrived {
    pub(crate) fn add(&mut self, duration_ms: i64, interval_ms: i64) {
        self.calls += 1;
        self.total_ms += duration_ms as f64;
        self.capped_ms += duration_ms.min(interval_ms) as u64;
    }

    fn absorb(&mut self, other: &Arrived) {
        self.calls += other.calls;
        self.total_ms += other.total_ms;
        self.capped_ms += other.capped_ms;
    }
}

/// What the reading pass gathers besides the events; one per reading thread, then merged.
#[derive(Default)]
pub(crate) struct Gathered {
    /// Indexed by the global workload index (see `chunk::Names`).
    pub calls: Vec<u64>,
    pub total_ms: Vec<f64>,
    /// Durations by whole second, up to a day, with their sum in ms; longer ones kept one by
    /// one.
    pub by_second: Vec<u64>,
    pub by_second_ms: Vec<u64>,
    pub long: Vec<i64>,
    /// Per workload: the calls per interval of start time.
    pub arrivals: Vec<Dense<Arrived>>,
    /// Per workload and boundary (index j: j intervals after the epoch), the call-milliseconds
    /// that the calls would have in progress there, each arriving evenly over its interval with
    /// its own duration: the records' own expected calls in progress x the interval, in whole
    /// ms so that threads add up in any order to the same figure.
    pub expected_ms: Vec<Dense<u64>>,
    /// Per boundary, over all workloads: the sum of p (1 - p) x interval² (in ms²), p being
    /// each call's chance to be in progress there: the variance the calls in progress would
    /// have were each call placed at random in its interval, as Poisson arrivals are.
    pub placement_var: Dense<u128>,
    pub skipped: u64,
    /// (byte where the chunk starts, line within the chunk, why), for the first few.
    pub skipped_at: Vec<(u64, u64, String)>,
    /// The earliest start and latest end of any call (zero-length calls included).
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
    /// Rows with a local time in the hour repeated when clocks go back (read with the
    /// earlier, summer offset).
    pub ambiguous: u64,
    /// What the records say beyond the calls carried (see `io::records::Outcome`).
    pub records: RecordCounts,
    /// Every call counted (start, end, workload), when a replay asks for them.
    pub kept: Option<Vec<(i64, i64, u32)>>,
}

/// The most refusal instants kept per reason to measure the calls in progress at each: the
/// earliest this many (8 bytes each); the rest are counted.
pub(crate) const MAX_REFUSAL_TIMES: usize = 100_000;

/// The most distinct refusal reasons told apart; past them, "(other reasons)".
const MAX_REASONS: usize = 256;

/// The refusals of one reason.
#[derive(Debug, Default)]
pub(crate) struct Refused {
    pub calls: u64,
    /// Of them, those with a time.
    pub timed: u64,
    /// The earliest of their times (at most twice `MAX_REFUSAL_TIMES` until settled).
    pub times: Vec<i64>,
}

impl Refused {
    fn trim(&mut self, to: usize) {
        if self.times.len() > to {
            self.times.sort_unstable();
            self.times.truncate(MAX_REFUSAL_TIMES);
        }
    }

    /// Sorted, and the earliest `MAX_REFUSAL_TIMES` only: the same whatever the threads.
    pub(crate) fn settle(&mut self) {
        self.trim(0);
        self.times.sort_unstable();
    }
}

/// Counts of the records that are not plain carried calls.
#[derive(Debug, Default)]
pub(crate) struct RecordCounts {
    /// Attempts that never connected (refused ones included), and zero-length calls: arrivals
    /// that held no slot.
    pub never_connected: u64,
    /// Attempts with no time at all (canceled before they were dialled): not placed.
    pub untimed: u64,
    pub in_progress: u64,
    pub not_voice: u64,
    pub duplicates: u64,
    /// Per reason as the records write it.
    pub refused: std::collections::BTreeMap<String, Refused>,
}

impl RecordCounts {
    /// The entry for `reason`, or the one for every reason past `MAX_REASONS`.
    fn entry(&mut self, reason: String) -> &mut Refused {
        let full = self.refused.len() >= MAX_REASONS && !self.refused.contains_key(&reason);
        let key = if full {
            "(other reasons)".to_string()
        } else {
            reason
        };
        self.refused.entry(key).or_default()
    }

    pub(crate) fn refuse(&mut self, reason: String, at: Option<i64>) {
        let r = self.entry(reason);
        r.calls += 1;
        if let Some(t) = at {
            r.timed += 1;
            r.times.push(t);
            r.trim(2 * MAX_REFUSAL_TIMES);
        }
    }

    pub(crate) fn absorb(&mut self, other: RecordCounts) {
        self.never_connected += other.never_connected;
        self.untimed += other.untimed;
        self.in_progress += other.in_progress;
        self.not_voice += other.not_voice;
        self.duplicates += other.duplicates;
        for (reason, r) in other.refused {
            let entry = self.entry(reason);
            entry.calls += r.calls;
            entry.timed += r.timed;
            entry.times.extend(r.times);
            entry.trim(2 * MAX_REFUSAL_TIMES);
        }
    }
}

impl Gathered {
    pub(crate) fn new() -> Gathered {
        Gathered {
            by_second: vec![0; 86_401],
            by_second_ms: vec![0; 86_401],
            ..Default::default()
        }
    }

    pub(crate) fn ensure(&mut self, workloads: usize) {
        while self.calls.len() < workloads {
            self.calls.push(0);
            self.total_ms.push(0.0);
            self.arrivals.push(Dense::default());
            self.expected_ms.push(Dense::default());
        }
    }

    pub(crate) fn absorb(&mut self, other: Gathered) -> Result<(), String> {
        self.ensure(other.calls.len());
        for (w, d) in other.arrivals.into_iter().enumerate() {
            self.calls[w] += other.calls[w];
            self.total_ms[w] += other.total_ms[w];
            for (i, c) in d.cells.into_iter().enumerate() {
                if c.calls > 0 {
                    self.arrivals[w].get_mut(d.base + i as i64)?.absorb(&c);
                }
            }
        }
        for (w, d) in other.expected_ms.into_iter().enumerate() {
            for (i, ms) in d.cells.into_iter().enumerate() {
                if ms > 0 {
                    *self.expected_ms[w].get_mut(d.base + i as i64)? += ms;
                }
            }
        }
        for (i, v) in other.placement_var.cells.into_iter().enumerate() {
            if v > 0 {
                *self
                    .placement_var
                    .get_mut(other.placement_var.base + i as i64)? += v;
            }
        }
        for (a, b) in self.by_second.iter_mut().zip(other.by_second) {
            *a += b;
        }
        for (a, b) in self.by_second_ms.iter_mut().zip(other.by_second_ms) {
            *a += b;
        }
        self.long.extend(other.long);
        self.skipped += other.skipped;
        self.ambiguous += other.ambiguous;
        self.first_ms = self.first_ms.into_iter().chain(other.first_ms).min();
        self.last_ms = self.last_ms.into_iter().chain(other.last_ms).max();
        self.skipped_at.extend(other.skipped_at);
        self.records.absorb(other.records);
        if let (Some(k), Some(o)) = (self.kept.as_mut(), other.kept) {
            k.extend(o);
        }
        Ok(())
    }
}
