//! The calls the records say were refused for a limit, by reason: how many, the first, the
//! busiest interval, and the calls in progress at each refusal: the ceiling actually met.

use super::gather::RecordCounts;
use super::types::Refusals;
use crate::values::month::utc;

/// The refusal instants kept (the earliest of each reason), sorted, each with the index of its
/// reason (in `refused` order).
pub(crate) fn instants(records: &mut RecordCounts) -> Vec<(i64, usize)> {
    for r in records.refused.values_mut() {
        r.settle();
    }
    let mut all: Vec<(i64, usize)> = records
        .refused
        .values()
        .enumerate()
        .flat_map(|(k, r)| r.times.iter().map(move |t| (*t, k)))
        .collect();
    all.sort_unstable();
    all
}

/// One summary per reason; `levels[i]` is the calls in progress at `instants[i]`.
pub(crate) fn summarise(
    records: &RecordCounts,
    instants: &[(i64, usize)],
    levels: &[i64],
    interval_ms: i64,
) -> Vec<Refusals> {
    // Each reason's instants with their levels, in time order, in one pass.
    let mut per: Vec<Vec<(i64, i64)>> = vec![Vec::new(); records.refused.len()];
    for ((t, k), l) in instants.iter().zip(levels) {
        per[*k].push((*t, *l));
    }
    records
        .refused
        .iter()
        .zip(per)
        .map(|((reason, r), mine)| {
            let calls = &r.calls;
            // The busiest interval: most refusals, the earliest of equals (instants are sorted).
            let mut busiest = (i64::MIN, 0u64);
            let mut run = (i64::MIN, 0u64);
            for (t, _) in &mine {
                let k = t.div_euclid(interval_ms);
                run = if run.0 == k { (k, run.1 + 1) } else { (k, 1) };
                if run.1 > busiest.1 {
                    busiest = run;
                }
            }
            let mut in_progress: Vec<u64> = mine.iter().map(|(_, l)| (*l).max(0) as u64).collect();
            in_progress.sort_unstable();
            let pick = |share: f64| {
                let i = ((share * in_progress.len() as f64).ceil() as usize).max(1) - 1;
                in_progress.get(i).copied()
            };
            Refusals {
                reason: reason.clone(),
                calls: *calls,
                timed: r.timed,
                first_at: mine.first().map(|(t, _)| utc(*t)),
                busiest_interval: (busiest.1 > 0).then(|| utc(busiest.0 * interval_ms)),
                busiest_interval_refusals: busiest.1,
                in_progress_min: in_progress.first().copied(),
                in_progress_median: pick(0.5),
                in_progress_max: in_progress.last().copied(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_instants_are_the_earliest_whatever_the_threads() {
        // 250,000 refusals of one reason over two readers in either order: the earliest
        // 100,000 are kept, and all 250,000 counted.
        let fill = |range: std::ops::Range<i64>| {
            let mut r = RecordCounts::default();
            for t in range.rev() {
                r.refuse("limit".into(), Some(t));
            }
            r
        };
        let settle = |mut a: RecordCounts, b: RecordCounts| {
            a.absorb(b);
            let got = instants(&mut a);
            (
                a.refused["limit"].calls,
                got.len(),
                got[0].0,
                got[got.len() - 1].0,
            )
        };
        let one = settle(fill(0..150_000), fill(150_000..250_000));
        let other = settle(fill(150_000..250_000), fill(0..150_000));
        assert_eq!(one, (250_000, 100_000, 0, 99_999));
        assert_eq!(one, other);
    }
}
