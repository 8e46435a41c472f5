//! The calls the records say were refused for a limit, by reason: how many, the first, the
//! busiest interval, and the calls in progress at each refusal: the ceiling actually met.

use super::gather::RecordCounts;
use super::types::Refusals;
use crate::values::month::utc;

/// The refusal instants, sorted, each with the index of its reason (in `refused` order).
pub(crate) fn instants(records: &RecordCounts) -> Vec<(i64, usize)> {
    let mut all: Vec<(i64, usize)> = records
        .refused
        .values()
        .enumerate()
        .flat_map(|(r, (_, times))| times.iter().map(move |t| (*t, r)))
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
    records
        .refused
        .iter()
        .enumerate()
        .map(|(r, (reason, (calls, _)))| {
            let mine: Vec<(i64, i64)> = instants
                .iter()
                .zip(levels)
                .filter(|((_, k), _)| *k == r)
                .map(|((t, _), l)| (*t, *l))
                .collect();
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
                timed: mine.len() as u64,
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
