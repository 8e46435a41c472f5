//! Workloads' arrivals on one common time grid, and the expected calls in progress at every
//! boundary of it: the infinite-server (M_t/G/inf) view, of which Little's Law is the steady
//! state. Layers add workloads on this grid: the peak of the sum, never the sum of the peaks.

use crate::io::arrivals::Series;
use crate::model::stack::{Stack, Workload};
use crate::values::error::{Error, Result};
use crate::values::timefmt::{TimeKind, format_key};
use crate::values::units::format_duration;

mod occupancy;

pub use occupancy::in_progress;

const MS_PER_DAY: i64 = 86_400_000;
/// The most grid steps a timeline may have (a year at 2 seconds); past it, memory would grow
/// with a mistake in the input rather than with the work asked for.
pub const MAX_STEPS: i64 = 16_000_000;

/// Per-step arrivals and per-boundary calls in progress of every workload on a shared grid.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub kind: TimeKind,
    /// Where zoned keys are shown in local time (the stack's `timezone`).
    pub zone: Option<jiff::tz::TimeZone>,
    /// The common grid step: the largest that every workload's interval and offset divide.
    pub step_ms: i64,
    /// The key of the first grid boundary (0, midnight, for a typical-day profile).
    pub origin_ms: i64,
    pub steps: usize,
    /// A typical-day profile: the grid is a day that repeats, so calls wrap past midnight.
    pub cyclic: bool,
    /// Per workload, per step: arrivals per second (constant within the step).
    pub rate_per_s: Vec<Vec<f64>>,
    /// Per workload, per step: the AHT of the calls arriving in the step, in seconds.
    pub aht_s: Vec<Vec<f64>>,
    /// Per workload: calls arrived before each boundary (steps + 1 values, from 0).
    cum_calls: Vec<Vec<f64>>,
    /// Per workload, per boundary: expected calls in progress at that instant.
    pub in_progress: Vec<Vec<f64>>,
    /// Per workload: the call-weighted average AHT, in seconds.
    pub mean_aht_s: Vec<f64>,
    /// Per workload: all calls in the arrivals.
    pub total_calls: Vec<f64>,
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

impl Timeline {
    pub fn step_s(&self) -> f64 {
        self.step_ms as f64 / 1000.0
    }

    /// Boundaries at which calls in progress are known: one per step on a repeating day, and
    /// one more after the last step of a dated series.
    pub fn points(&self) -> usize {
        if self.cyclic {
            self.steps
        } else {
            self.steps + 1
        }
    }

    /// The step that starts at boundary `j` (the last step for the closing boundary).
    pub fn step_at(&self, j: usize) -> usize {
        j.min(self.steps - 1)
    }

    /// The step that ends at boundary `j`, whose arrivals are the calls in progress there: the
    /// day's last step before midnight on a repeating day, and the first step before a dated
    /// series begins (it is taken to have run at that rate before).
    pub fn step_into(&self, j: usize) -> usize {
        match j {
            0 if self.cyclic => self.steps - 1,
            0 => 0,
            j => (j - 1).min(self.steps - 1),
        }
    }

    pub fn key_at(&self, j: usize) -> i64 {
        self.origin_ms + j as i64 * self.step_ms
    }

    /// A boundary (or any time `ms` after the origin) in the form the arrivals used.
    pub fn format_ms(&self, ms: i64) -> String {
        let key = self.origin_ms + ms;
        match (&self.zone, self.kind) {
            (Some(tz), TimeKind::Zoned) => jiff::Timestamp::from_millisecond(key)
                .map(|t| {
                    t.to_zoned(tz.clone())
                        .strftime("%Y-%m-%d %H:%M%:z")
                        .to_string()
                })
                .unwrap_or_else(|_| format_key(self.kind, key)),
            (_, TimeKind::Profile) => format_key(self.kind, key.rem_euclid(MS_PER_DAY)),
            _ => format_key(self.kind, key),
        }
    }

    pub fn format_point(&self, j: usize) -> String {
        self.format_ms(j as i64 * self.step_ms)
    }

    /// Calls of workload `w` arrived between the origin and `t_s` seconds after it: negative
    /// before the origin. A day profile repeats; a dated series is taken to have run at its
    /// first step's rate before it began, and to have no arrivals after its end.
    pub fn calls_until(&self, w: usize, t_s: f64) -> f64 {
        let g = self.step_s();
        let span = self.steps as f64 * g;
        let cum = &self.cum_calls[w];
        let inner = |r: f64| {
            let k = ((r / g).floor() as usize).min(self.steps - 1);
            cum[k] + self.rate_per_s[w][k] * (r - k as f64 * g)
        };
        if self.cyclic {
            let laps = (t_s / span).floor();
            laps * cum[self.steps] + inner(t_s - laps * span)
        } else if t_s < 0.0 {
            self.rate_per_s[w][0] * t_s
        } else if t_s >= span {
            cum[self.steps]
        } else {
            inner(t_s)
        }
    }

    pub fn build(stack: &Stack, series: &[Series]) -> Result<Timeline> {
        same_kind(stack, series)?;
        let first = &series[0];
        let cyclic = first.kind == TimeKind::Profile;
        let kind = if series.iter().any(|s| s.kind == TimeKind::Zoned) {
            TimeKind::Zoned
        } else {
            first.kind
        };
        let (origin, step, n) = grid(series, cyclic)?;
        let mut tl = Timeline {
            kind,
            zone: stack.timezone.clone(),
            step_ms: step,
            origin_ms: origin,
            steps: n,
            cyclic,
            rate_per_s: Vec::new(),
            aht_s: Vec::new(),
            cum_calls: Vec::new(),
            in_progress: Vec::new(),
            mean_aht_s: Vec::new(),
            total_calls: Vec::new(),
        };
        for (w, s) in stack.workloads.iter().zip(series) {
            tl.add(w, s)?;
        }
        Ok(tl)
    }

    /// One workload's arrivals on the grid: rates and AHTs per step, cumulative calls, and
    /// calls in progress.
    fn add(&mut self, w: &Workload, s: &Series) -> Result<()> {
        let (n, step, origin) = (self.steps, self.step_ms, self.origin_ms);
        let step_s = step as f64 / 1000.0;
        let fallback = w.aht_s.unwrap_or_else(|| {
            s.points.iter().map(|p| p.aht_s).sum::<f64>() / s.points.len() as f64
        });
        let (mut rate, mut aht) = (vec![0.0; n], vec![fallback; n]);
        let (mut calls_total, mut work_s) = (0.0, 0.0);
        let per_row = (s.interval_ms / step) as usize;
        let interval_s = s.interval_ms as f64 / 1000.0;
        for p in &s.points {
            // A row's calls spread evenly over its interval: the rate is constant within it.
            let k0 = ((p.key - origin) / step) as usize;
            for i in 0..per_row {
                let k = if self.cyclic { (k0 + i) % n } else { k0 + i };
                rate[k] += p.calls / interval_s;
                aht[k] = p.aht_s;
            }
            calls_total += p.calls;
            work_s += p.calls * p.aht_s;
        }
        let mut cum = Vec::with_capacity(n + 1);
        let mut acc = 0.0;
        cum.push(0.0);
        for r in &rate {
            acc += r * step_s;
            cum.push(acc);
        }
        let mut m = in_progress(&rate, &aht, &w.handle_time, step_s, self.cyclic)
            .map_err(|e| Error::file(&w.arrivals, format!("workload `{}`: {e}", w.name)))?;
        self.records_own(w, s, &mut m)?;
        self.mean_aht_s.push(if calls_total > 0.0 {
            work_s / calls_total
        } else {
            fallback
        });
        self.total_calls.push(calls_total);
        self.rate_per_s.push(rate);
        self.aht_s.push(aht);
        self.cum_calls.push(cum);
        self.in_progress.push(m);
        Ok(())
    }
}

impl Timeline {
    /// Rows that carry `expected_calls` (from `observe --arrivals-out`) give the calls in
    /// progress at their start as the call records themselves make them, each call with its own
    /// duration: those replace the model's figure there, so a plan on observed traffic starts
    /// from what the records imply. Every row must carry one, on a grid of the rows' own step.
    fn records_own(&self, w: &Workload, s: &Series, m: &mut [f64]) -> Result<()> {
        let Some(first) = s.points.iter().find(|p| p.expected_calls.is_some()) else {
            return Ok(());
        };
        if let Some(p) = s.points.iter().find(|p| p.expected_calls.is_none()) {
            return Err(Error::file(
                &w.arrivals,
                format!(
                    "line {}: workload `{}` has expected_calls on line {} but none here; give it on every row or on none",
                    p.line, w.name, first.line
                ),
            ));
        }
        if self.cyclic || s.interval_ms != self.step_ms {
            return Err(Error::file(
                &w.arrivals,
                format!(
                    "workload `{}` gives expected_calls at the start of each {} row, but the workloads' common grid is {}{}: drop the column to use the handle-time model, or give every workload dated rows of the same interval",
                    w.name,
                    format_duration(s.interval_ms as f64 / 1000.0),
                    format_duration(self.step_s()),
                    if self.cyclic {
                        " on a repeating day"
                    } else {
                        ""
                    }
                ),
            ));
        }
        for p in &s.points {
            let j = ((p.key - self.origin_ms) / self.step_ms) as usize;
            m[j] = p.expected_calls.unwrap_or(m[j]);
        }
        Ok(())
    }
}

/// Every workload gives dated rows, or every one a typical day: layers add workloads at the
/// same moments.
fn same_kind(stack: &Stack, series: &[Series]) -> Result<()> {
    let first = &series[0];
    for (w, s) in stack.workloads.iter().zip(series).skip(1) {
        if s.kind.dated() != first.kind.dated() {
            let w0 = &stack.workloads[0];
            return Err(Error::file(
                &w.arrivals,
                format!(
                    "workload `{}` gives {}, but workload `{}` gives {}; layers add workloads at the same moments, so use dated rows everywhere or a typical day everywhere",
                    w.name,
                    s.kind.describe(),
                    w0.name,
                    first.kind.describe()
                ),
            ));
        }
    }
    Ok(())
}

/// The one grid every workload's rows fall on: its origin, its step (the greatest common
/// divisor of every interval and start offset) and its number of steps.
fn grid(series: &[Series], cyclic: bool) -> Result<(i64, i64, usize)> {
    let origin = if cyclic {
        0
    } else {
        series.iter().map(|s| s.points[0].key).min().unwrap_or(0)
    };
    let mut step = if cyclic { MS_PER_DAY } else { 0 };
    for s in series {
        step = gcd(step, s.interval_ms);
        step = gcd(step, s.points[0].key - origin);
    }
    let end = if cyclic {
        MS_PER_DAY
    } else {
        series
            .iter()
            .map(|s| s.points[s.points.len() - 1].key + s.interval_ms)
            .max()
            .unwrap_or(origin + step)
    };
    let steps = (end - origin) / step;
    if steps > MAX_STEPS {
        return Err(Error::Usage(format!(
            "the workloads' arrivals need a common grid of {steps} steps of {} (their intervals and start times share no larger step), over the limit of {MAX_STEPS}; align the workloads' intervals and start times or use a coarser --interval",
            format_duration(step as f64 / 1000.0)
        )));
    }
    Ok((origin, step, steps as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::handle_time::HandleTime;

    /// The recursion and the cohort sum are two routes to the same figure.
    #[test]
    fn recursion_equals_cohort_sum() {
        let rate = [0.1, 0.5, 0.0, 0.3, 0.2, 0.0, 0.0, 0.4];
        let aht = [180.0; 8];
        for cyclic in [false, true] {
            let fast = in_progress(&rate, &aht, &HandleTime::Exponential, 900.0, cyclic).unwrap();
            let mut aht2 = aht;
            aht2[2] = 99.0; // a step without calls: its AHT changes nothing, but takes the slow path
            aht2[0] = 180.0 + 1e-13;
            let slow = in_progress(&rate, &aht2, &HandleTime::Exponential, 900.0, cyclic).unwrap();
            for (a, b) in fast.iter().zip(&slow) {
                assert!((a - b).abs() < 1e-9, "{fast:?} vs {slow:?}");
            }
        }
    }

    #[test]
    fn gcd_of_intervals_and_offsets() {
        assert_eq!(gcd(900_000, 300_000), 300_000);
        assert_eq!(gcd(0, 900_000), 900_000);
    }
}
