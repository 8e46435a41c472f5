//! The common case in one pass: a new call that the first member of every layer on its route
//! admits is taken through the compiled route (`model::FastRoute`), with no list of holds and
//! no slot, and its end frees the same members. Anything else (a full member, a closed rate
//! window, a caller waiting at a layer) goes layer by layer, which gives the same answer: the
//! check changes nothing but forgetting calls over an hour old, as the general check would.

use super::admission::fits;
use super::{Ev, Sim, WHOLE_CALL};

impl Sim<'_> {
    /// Takes a new call along its whole route if every first member has room; false when the
    /// general path must decide.
    pub(super) fn fast(&mut self, t: f64, w: usize, handle_s: f64, counted: bool) -> bool {
        let m = self.m;
        let wm = &m.workloads[w];
        let f = &wm.fast;
        if !f.usable {
            return false;
        }
        for &(i, per_call, limit) in &f.caps {
            if !fits(self.used[i], per_call, limit) {
                return false;
            }
        }
        for &l in &f.rated {
            let mm = &m.layers[l].members[0];
            let st = &mut self.layers[l].members[0];
            if mm.per_hour.is_some_and(|limit| st.hour_full(limit, t))
                || mm
                    .per_window
                    .is_some_and(|pw| st.window_full(pw, t).is_some())
            {
                return false;
            }
        }
        for &(i, per_call, _) in &f.caps {
            self.used[i] += per_call;
        }
        for &l in &f.rated {
            self.layers[l].members[0].count(&m.layers[l].members[0], t);
        }
        for &l in &wm.route {
            let ls = &mut self.layers[l];
            ls.in_progress += 1;
            if counted {
                let d = &mut self.day.layers[l];
                d.offered += 1;
                d.peak_in_progress = d.peak_in_progress.max(ls.in_progress);
            }
        }
        for &(layer, cap, hold) in &f.partial {
            let ev = Ev::Release {
                layer,
                member: 0,
                cap,
            };
            self.push(t + hold * handle_s, ev);
        }
        self.push(t + handle_s, Ev::EndRoute(w as u32));
        true
    }

    /// The end of a call taken in one pass. While a caller waits at a layer on the route, the
    /// layers are freed one by one in route order, each serving its queue, as the general path
    /// does; otherwise all at once.
    pub(super) fn end_route(&mut self, w: usize, t: f64) {
        let wm = &self.m.workloads[w];
        if wm.route.iter().any(|&l| !self.layers[l].queue.is_empty()) {
            for &l in &wm.route {
                self.free(l, 0, WHOLE_CALL, t);
            }
            return;
        }
        for &(i, per_call) in &wm.fast.whole {
            self.used[i] -= per_call;
        }
        for &l in &wm.route {
            self.layers[l].in_progress -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::engine::simulate::model::Model;
    use crate::engine::timeline::Timeline;

    /// A shipped example with its text edited (`from` replaced by `to`), at a load level.
    fn model(example: &str, edits: &[(&str, &str)], load: f64) -> Model {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(example);
        let mut text = std::fs::read_to_string(&path).expect("example");
        for (from, to) in edits {
            assert!(text.contains(from), "{from} not in {example}");
            text = text.replacen(from, to, 1);
        }
        let stack = crate::model::stack::parse(&path, &text, &Default::default()).expect("stack");
        let series = crate::io::arrivals::read_all(&stack).expect("arrivals");
        let tl = Timeline::build(&stack, &series).expect("timeline");
        Model::new(&stack, &tl, load)
    }

    #[test]
    fn the_one_pass_route_changes_no_answer() {
        // Each day simulated as usual and with every call sent the long way (no compiled
        // route) must agree to the last bit: counts, peaks, delays, waits and the per-step
        // figures. The stacks have failover, part-time holds, calls-per-second and per-hour
        // limits, a queue with patience and retries, loaded until every one of them acts.
        let voice = [
            (
                "aht = \"3m 20s\"",
                "aht = \"3m 20s\"\nretry = { share = \"60%\", after = \"2m\" }",
            ),
            (
                "concurrency = 75",
                "concurrency = 30\nqueue = { patience = \"45s\" }",
            ),
        ];
        let cases = [
            model("examples/voice-agent/stack.toml", &voice, 1.0),
            model("examples/voice-agent/stack.toml", &voice, 3.0),
            model("examples/contact-centre/stack.toml", &[], 1.0),
            model("examples/contact-centre/stack.toml", &[], 4.0),
        ];
        let mut fallbacks = 0;
        for m in cases {
            let mut slow = m.clone();
            for w in &mut slow.workloads {
                w.fast.usable = false;
            }
            for seed in 1..=2 {
                let (a, b) = (
                    super::super::day(&m, seed, true),
                    super::super::day(&slow, seed, true),
                );
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "seed {seed}");
                fallbacks += a
                    .layers
                    .iter()
                    .filter(|l| l.refused + l.delayed + l.waited > 0)
                    .count();
            }
        }
        // The general path did decide calls in these cases (refusals, delays or waits).
        assert!(fallbacks >= 8, "{fallbacks}");
    }
}
