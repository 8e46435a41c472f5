//! Call start and end events in time order, in bounded memory: events collect in a buffer that
//! is radix-sorted and spilled to a temporary file when full; the sorted runs are then merged.
//! An event is one u64: time in milliseconds (offset to be non-negative), then one bit that
//! sorts ends before starts at the same instant (calls that touch do not overlap), then the
//! workload index.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

pub const WORKLOAD_BITS: u32 = 8;
pub const MAX_WORKLOADS: usize = 1 << WORKLOAD_BITS;
/// Keys are shifted so that times from 1900 on are non-negative.
const TIME_OFFSET_MS: i64 = 2_208_988_800_000;

pub fn encode(time_ms: i64, start: bool, workload: usize) -> u64 {
    let t = (time_ms + TIME_OFFSET_MS) as u64;
    (t << (WORKLOAD_BITS + 1)) | (u64::from(start) << WORKLOAD_BITS) | workload as u64
}

pub fn decode(e: u64) -> (i64, bool, usize) {
    let t = (e >> (WORKLOAD_BITS + 1)) as i64 - TIME_OFFSET_MS;
    (
        t,
        (e >> WORKLOAD_BITS) & 1 == 1,
        (e & (MAX_WORKLOADS as u64 - 1)) as usize,
    )
}

/// Least-significant-digit radix sort, 16 bits a pass, skipping digits no key uses.
pub fn radix_sort(keys: &mut Vec<u64>) {
    let all = keys.iter().fold(0u64, |a, k| a | k);
    let mut scratch = vec![0u64; keys.len()];
    let mut shift = 0;
    while shift < 64 && (all >> shift) != 0 {
        let mut counts = vec![0usize; 1 << 16];
        for k in keys.iter() {
            counts[((k >> shift) & 0xFFFF) as usize] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for &k in keys.iter() {
            let d = ((k >> shift) & 0xFFFF) as usize;
            scratch[counts[d]] = k;
            counts[d] += 1;
        }
        std::mem::swap(keys, &mut scratch);
        shift += 16;
    }
}

/// Collects events; spills each sorted run to a temporary file when the buffer fills.
pub struct EventSorter {
    buffer: Vec<u64>,
    capacity: usize,
    runs: Vec<(File, u64)>, // a rewound file and its number of events
}

impl EventSorter {
    /// `capacity` events are held in memory at most (8 bytes each, plus as much again to sort).
    pub fn new(capacity: usize) -> EventSorter {
        EventSorter {
            buffer: Vec::with_capacity(capacity),
            capacity,
            runs: Vec::new(),
        }
    }

    pub fn push(&mut self, event: u64) -> std::io::Result<()> {
        self.buffer.push(event);
        if self.buffer.len() >= self.capacity {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        radix_sort(&mut self.buffer);
        let mut file = tempfile::tempfile()?;
        {
            let mut w = BufWriter::with_capacity(1 << 20, &mut file);
            for e in &self.buffer {
                w.write_all(&e.to_le_bytes())?;
            }
            w.flush()?;
        }
        file.seek(SeekFrom::Start(0))?;
        self.runs.push((file, self.buffer.len() as u64));
        self.buffer.clear();
        if self.runs.len() >= MAX_RUNS {
            self.compact()?;
        }
        Ok(())
    }

    /// Merges the spilled runs into one, so that open files stay bounded (at most `MAX_RUNS`
    /// per reading thread) however small the buffer and large the input.
    fn compact(&mut self) -> std::io::Result<()> {
        let runs = std::mem::take(&mut self.runs);
        let total: u64 = runs.iter().map(|r| r.1).sum();
        let mut file = tempfile::tempfile()?;
        {
            let mut w = BufWriter::with_capacity(1 << 20, &mut file);
            let mut err = None;
            merge(runs, Vec::new(), |e| {
                if err.is_none()
                    && let Err(x) = w.write_all(&e.to_le_bytes())
                {
                    err = Some(x);
                }
            })?;
            if let Some(e) = err {
                return Err(e);
            }
            w.flush()?;
        }
        file.seek(SeekFrom::Start(0))?;
        self.runs.push((file, total));
        Ok(())
    }

    /// How many sorted runs went to disk.
    #[cfg(test)]
    pub fn spilled_runs(&self) -> usize {
        self.runs.len()
    }
}

/// Spilled runs a sorter keeps open before it merges them into one.
const MAX_RUNS: usize = 32;

/// Calls `f` on every event of every sorter, in time order: a k-way merge of the spilled runs
/// and the sorted in-memory remainders.
pub fn drain_all(sorters: Vec<EventSorter>, f: impl FnMut(u64)) -> std::io::Result<()> {
    let mut runs = Vec::new();
    let mut memory = Vec::new();
    for mut s in sorters {
        radix_sort(&mut s.buffer);
        runs.extend(s.runs);
        memory.push(s.buffer);
    }
    merge(runs, memory, f)
}

/// A k-way merge of sorted runs on disk and sorted vectors in memory.
fn merge(
    runs: Vec<(File, u64)>,
    memory: Vec<Vec<u64>>,
    mut f: impl FnMut(u64),
) -> std::io::Result<()> {
    enum Source {
        Disk(BufReader<File>, u64),
        Memory(std::vec::IntoIter<u64>),
    }
    impl Source {
        fn next(&mut self) -> std::io::Result<Option<u64>> {
            match self {
                Source::Disk(_, 0) => Ok(None),
                Source::Disk(r, left) => {
                    let mut b = [0u8; 8];
                    r.read_exact(&mut b)?;
                    *left -= 1;
                    Ok(Some(u64::from_le_bytes(b)))
                }
                Source::Memory(it) => Ok(it.next()),
            }
        }
    }
    let mut sources = Vec::new();
    for (file, len) in runs {
        sources.push(Source::Disk(BufReader::with_capacity(1 << 16, file), len));
    }
    for m in memory {
        sources.push(Source::Memory(m.into_iter()));
    }
    if let [Source::Memory(it)] = sources.as_mut_slice() {
        it.for_each(&mut f);
        return Ok(());
    }
    let mut heap = BinaryHeap::new();
    for (i, s) in sources.iter_mut().enumerate() {
        if let Some(e) = s.next()? {
            heap.push(Reverse((e, i)));
        }
    }
    while let Some(Reverse((e, i))) = heap.pop() {
        f(e);
        if let Some(n) = sources[i].next()? {
            heap.push(Reverse((n, i)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_and_ends_sort_first() {
        let s = encode(1_000, true, 3);
        let e = encode(1_000, false, 200);
        assert!(e < s, "an end sorts before a start at the same instant");
        assert_eq!(decode(s), (1_000, true, 3));
        assert_eq!(decode(encode(-5_000, false, 0)), (-5_000, false, 0));
    }

    #[test]
    fn spilled_runs_merge_into_one_order() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut all = Vec::new();
        let mut sorter = EventSorter::new(1000);
        for _ in 0..5500 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let e = state >> 8;
            all.push(e);
            sorter.push(e).unwrap();
        }
        assert_eq!(sorter.spilled_runs(), 5);
        // A tiny buffer spills hundreds of runs, merged as they go: open files stay bounded.
        let mut tiny = EventSorter::new(3);
        for e in &all {
            tiny.push(*e).unwrap();
        }
        assert!(tiny.spilled_runs() <= MAX_RUNS, "{}", tiny.spilled_runs());
        let mut merged = Vec::new();
        drain_all(vec![tiny], |e| merged.push(e)).unwrap();
        let mut want = all.clone();
        want.sort_unstable();
        assert_eq!(merged, want);
        let mut out = Vec::new();
        let mut other = EventSorter::new(10);
        other.push(0).unwrap();
        all.push(0);
        drain_all(vec![sorter, other], |e| out.push(e)).unwrap();
        all.sort_unstable();
        assert_eq!(out, all);
    }
}
