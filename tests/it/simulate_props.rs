//! Properties of `simulate` on random stacks (every kind of layer, failover, queues, retries,
//! rate limits, part-time holds): it finishes, and its counts agree with each other. A call
//! reaches a layer only after passing the one before, is refused or held at most once per
//! attempt, and a layer of plain slots never has more calls in progress than its slots.

use proptest::prelude::*;

use crate::util::Fixture;
use capplan::engine::simulate::SimReport;

/// One layer: its kind (0 to 5), a size, a rate, whether it queues callers, whether it has a
/// failover member, and whether a pool holds its units for part of the call.
type LayerCase = (u8, u32, f64, bool, bool, bool);
/// Calls per 15 minutes over six hours, the AHT in seconds, the retry share in percent.
type Case = (Vec<u32>, u32, u8, Vec<LayerCase>);

fn case() -> impl Strategy<Value = Case> {
    let layer = (
        0u8..6,
        1u32..60,
        0.05..6.0f64,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    );
    (
        prop::collection::vec(0u32..900, 24),
        5u32..900,
        0u8..90,
        prop::collection::vec(layer, 1..5),
    )
}

/// The stack file and, per layer, its slots when only plain whole-call slots limit it.
fn stack_text(c: &Case) -> (String, Vec<Option<u32>>) {
    let (_, aht, retry, layers) = c;
    let mut text = format!("[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"{aht}s\"\n");
    if *retry > 0 {
        text.push_str(&format!(
            "retry = {{ share = \"{retry}%\", after = \"30s\" }}\n"
        ));
    }
    let mut slots = Vec::new();
    for (i, &(kind, size, rate, queue, failover, part)) in layers.iter().enumerate() {
        let (body, plain, extra) = match kind {
            0 => (
                format!("kind = \"trunk\"\nchannels = {size}\ncalls_per_second = {rate:.3}"),
                None,
                format!("channels = {size}"),
            ),
            1 => (
                format!("kind = \"platform\"\nconcurrency = {size}\ncalls_per_second = {rate:.3}"),
                None,
                format!("concurrency = {size}"),
            ),
            2 => (
                format!(
                    "kind = \"numbers\"\nnumbers = {size}\nconcurrent_per_number = 1\ncalls_per_hour_per_number = {}",
                    (rate * 10.0).ceil()
                ),
                None,
                "numbers = 2\nconcurrent_per_number = 1".to_string(),
            ),
            3 => (
                format!("kind = \"llm\"\nsessions_per_key = {size}\nkeys = 1"),
                Some(size),
                "sessions_per_key = 3\nkeys = 1".to_string(),
            ),
            4 if part => (
                format!("kind = \"pool\"\nsize = {size}\nunits_per_call = 1\nhold_share = \"20%\""),
                None,
                format!("size = {size}"),
            ),
            4 => (
                format!("kind = \"pool\"\nsize = {}\nunits_per_call = 2", 2 * size),
                Some(size),
                format!("size = {}", 2 * size),
            ),
            _ => (
                format!("kind = \"generic\"\ncapacity = {size}"),
                Some(size),
                "capacity = 4".to_string(),
            ),
        };
        text.push_str(&format!("\n[[layer]]\nname = \"l{i}\"\n{body}\n"));
        if queue {
            text.push_str("queue = { patience = \"40s\" }\n");
        }
        let mut plain = plain;
        if failover {
            text.push_str(&format!("[[layer.failover]]\nname = \"f{i}\"\n{extra}\n"));
            plain = None;
        }
        slots.push(plain);
    }
    (text, slots)
}

fn arrivals(calls: &[u32]) -> String {
    let mut rows = String::from("time,calls\n");
    for (q, c) in calls.iter().enumerate() {
        rows.push_str(&format!(
            "2026-03-02 {:02}:{:02},{c}\n",
            q / 4,
            (q % 4) * 15
        ));
    }
    rows
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn simulated_counts_agree(c in case()) {
        let (text, slots) = stack_text(&c);
        let f = Fixture::new();
        f.file("a.csv", &arrivals(&c.0)).file("stack.toml", &text);
        let out = f.run(&["simulate", "stack.toml", "--days", "2", "--load", "100%,250%", "-f", "json"]).ok();
        let r: SimReport = serde_json::from_str(&out.stdout).unwrap();
        let eps = 1e-9;
        for level in &r.levels {
            let mut passed = f64::INFINITY;
            for (l, slots) in level.layers.iter().zip(&slots) {
                prop_assert!(l.refused_per_day <= l.offered_per_day + eps, "{text}");
                prop_assert!(l.delayed_per_day <= l.offered_per_day + eps, "{text}");
                prop_assert!((0.0..=1.0 + eps).contains(&l.waited_share), "{text}");
                prop_assert!(l.max_delay_s + eps >= l.mean_delay_s, "{text}");
                // Only calls that passed the layer before reach this one.
                prop_assert!(l.offered_per_day <= passed + eps, "{} after {passed}\n{text}", l.offered_per_day);
                passed = l.offered_per_day - l.refused_per_day;
                if let Some(s) = slots {
                    prop_assert!(l.peak_in_progress_p95 <= f64::from(*s) + eps, "{text}");
                }
            }
        }
    }
}
