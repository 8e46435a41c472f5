//! The simulation's event queue: a calendar of time buckets (a ring covering a few handle
//! times ahead) with a heap for the rare events beyond it. Pushing is O(1) and popping sorts
//! one small bucket at a time, where a binary heap pays O(log n) on both for every call of the
//! day. Events leave in exactly the heap's order: time, then the order they were scheduled.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Event<E> {
    pub t: f64,
    pub seq: u64,
    pub ev: E,
}

impl<E> PartialEq for Event<E> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl<E> Eq for Event<E> {}
impl<E> PartialOrd for Event<E> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<E> Ord for Event<E> {
    /// Reversed, as for a max-heap: the earliest event is the greatest, ties in the order they
    /// were scheduled.
    fn cmp(&self, o: &Self) -> Ordering {
        o.t.total_cmp(&self.t).then(o.seq.cmp(&self.seq))
    }
}

pub(crate) struct Calendar<E> {
    origin: f64,
    width: f64,
    /// The ring: bucket `i` (absolute) lives at `i & mask`, as a list threaded through `slab`
    /// (`NONE` when empty). Events sit in one dense slab whose freed slots are reused first,
    /// so the events in flight stay in cache where a vector per bucket spread them over
    /// megabytes.
    heads: Vec<u32>,
    slab: Vec<(Event<E>, u32)>,
    free: Vec<u32>,
    mask: u64,
    cur: u64,
    /// The current bucket, sorted with the earliest event last.
    current: Vec<Event<E>>,
    /// Events in the ring's lists and in `current`.
    in_ring: usize,
    /// Events at or past `cur + heads.len()` buckets when scheduled.
    later: BinaryHeap<Event<E>>,
}

const NONE: u32 = u32::MAX;

impl<E: Copy> Calendar<E> {
    /// A calendar starting at `origin` seconds, with buckets `width` seconds wide and a ring
    /// covering at least `horizon_s` seconds.
    pub fn new(origin: f64, width: f64, horizon_s: f64) -> Calendar<E> {
        let buckets = ((horizon_s / width).ceil() as usize)
            .clamp(64, 1 << 16)
            .next_power_of_two();
        Calendar {
            origin,
            width,
            heads: vec![NONE; buckets],
            slab: Vec::new(),
            free: Vec::new(),
            mask: buckets as u64 - 1,
            cur: 0,
            current: Vec::new(),
            in_ring: 0,
            later: BinaryHeap::new(),
        }
    }

    fn bucket_of(&self, t: f64) -> u64 {
        ((t - self.origin) / self.width).max(0.0) as u64
    }

    /// Threads an event onto bucket `i`'s list.
    fn link(&mut self, i: u64, e: Event<E>) {
        let head = &mut self.heads[(i & self.mask) as usize];
        let at = match self.free.pop() {
            Some(k) => {
                self.slab[k as usize] = (e, *head);
                k
            }
            None => {
                self.slab.push((e, *head));
                // A slab past u32::MAX events in flight would need more memory than exists.
                (self.slab.len() - 1) as u32
            }
        };
        *head = at;
    }

    pub fn push(&mut self, e: Event<E>) {
        // An event due in a bucket already passed belongs to the current one (every bucket
        // between was empty), sorted among its events.
        let i = self.bucket_of(e.t).max(self.cur);
        if i > self.cur + self.mask {
            self.later.push(e);
            return;
        }
        self.in_ring += 1;
        if i == self.cur {
            let at = self.current.partition_point(|x| *x < e);
            self.current.insert(at, e);
        } else {
            self.link(i, e);
        }
    }

    /// The earliest event, without taking it.
    pub fn peek(&mut self) -> Option<&Event<E>> {
        while self.current.is_empty() {
            if self.in_ring == 0 {
                // Nothing near: jump to the next far event's bucket.
                let next = self.bucket_of(self.later.peek()?.t);
                self.cur = next.max(self.cur + 1);
            } else {
                self.cur += 1;
            }
            // Far events now inside the ring move in.
            while let Some(e) = self.later.peek()
                && self.bucket_of(e.t) <= self.cur + self.mask
            {
                let e = self.later.pop().expect("peeked");
                let i = self.bucket_of(e.t).max(self.cur);
                self.link(i, e);
                self.in_ring += 1;
            }
            let slot = (self.cur & self.mask) as usize;
            let mut k = std::mem::replace(&mut self.heads[slot], NONE);
            while k != NONE {
                let (e, next) = self.slab[k as usize];
                self.current.push(e);
                self.free.push(k);
                k = next;
            }
            self.current.sort_unstable();
        }
        self.current.last()
    }

    pub fn pop(&mut self) -> Option<Event<E>> {
        self.peek()?;
        self.in_ring -= 1;
        self.current.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn events_leave_in_the_heaps_order() {
        // Random pushes interleaved with pops, ties included and some far beyond the ring: the
        // calendar and a binary heap give the same sequence.
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let mut cal = Calendar::new(-50.0, 0.5, 100.0);
        let mut heap = BinaryHeap::new();
        let mut now = -50.0f64;
        for seq in 0..20_000u64 {
            let dt = match rng.random_range(0..10) {
                0 => 0.0,
                1 => rng.random::<f64>() * 5_000.0,
                _ => rng.random::<f64>() * 30.0,
            };
            let t = if rng.random_bool(0.1) {
                (now + dt).floor()
            } else {
                now + dt
            };
            let e = Event {
                t: t.max(now),
                seq,
                ev: seq,
            };
            cal.push(e);
            heap.push(e);
            if rng.random_bool(0.45) {
                let (a, b) = (cal.pop(), heap.pop());
                assert_eq!(a.map(|e| e.ev), b.map(|e| e.ev));
                now = a.map_or(now, |e| e.t);
            }
        }
        while let Some(b) = heap.pop() {
            assert_eq!(cal.pop().map(|e| e.ev), Some(b.ev));
        }
        assert!(cal.pop().is_none());
    }
}
