//! Handle-time distributions: how long a call stays once it has arrived. Calls in progress at a
//! moment depend on the whole distribution, not just its mean, whenever arrivals change within a
//! few handle times; every shape here is scaled so that its mean is the interval's AHT.

mod segments;

use statrs::function::erf::erfc;

/// The shape of the handle-time distribution of a workload.
#[derive(Debug, Clone, PartialEq)]
pub enum HandleTime {
    /// Exponential with the AHT as its mean: the classic teletraffic assumption (the default).
    Exponential,
    /// Every call lasts exactly the AHT.
    Fixed,
    /// Lognormal with this coefficient of variation (standard deviation / mean).
    Lognormal { cv: f64 },
    /// Equally spaced quantiles (0%, 1/n, ..., 100%) of a shape, rescaled to each interval's
    /// AHT. Within each segment the calls spread with a tilt (`handle_time::segments`): 0 joins
    /// the quantiles linearly; with the segments' own means given, each keeps its mean.
    Quantiles { unit: Vec<f64>, tilt: Vec<f64> },
}

impl HandleTime {
    /// Builds the quantile shape from quantiles in seconds (sorted, at least two, the last above
    /// 0), and optionally each segment's mean duration (one per pair of neighbouring
    /// quantiles, inside it): divided by its own mean, so that the shape has mean 1.
    pub fn from_quantiles(q: &[f64], means: Option<&[f64]>) -> Result<HandleTime, String> {
        if q.len() < 2 {
            return Err("quantiles need at least two values: the 0% and 100% points".into());
        }
        if q.iter().any(|x| !x.is_finite() || *x < 0.0) || q.windows(2).any(|w| w[1] < w[0]) {
            return Err("quantiles must be durations of 0s or more in increasing order".into());
        }
        let n = q.len() - 1;
        let seg_means: Vec<f64> = match means {
            None => q.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect(),
            Some(m) if m.len() != n => {
                return Err(format!(
                    "means: one per segment between neighbouring quantiles: {n} for {} quantiles, found {}",
                    q.len(),
                    m.len()
                ));
            }
            Some(m) => {
                for (i, (w, x)) in q.windows(2).zip(m).enumerate() {
                    if !(w[0]..=w[1]).contains(x) {
                        return Err(format!(
                            "means: segment {} runs from {}s to {}s, so its mean must lie between them, found {x}s",
                            i + 1,
                            w[0],
                            w[1]
                        ));
                    }
                }
                m.to_vec()
            }
        };
        let mean: f64 = seg_means.iter().sum::<f64>() / n as f64;
        if mean <= 0.0 {
            return Err("quantiles must not all be 0s".into());
        }
        let tilt = q
            .windows(2)
            .zip(&seg_means)
            .map(|(w, m)| {
                if means.is_none() || w[1] <= w[0] {
                    0.0
                } else {
                    segments::tilt_for((m - w[0]) / (w[1] - w[0]))
                }
            })
            .collect();
        Ok(HandleTime::Quantiles {
            unit: q.iter().map(|x| x / mean).collect(),
            tilt,
        })
    }

    pub fn name(&self) -> String {
        match self {
            HandleTime::Exponential => "exponential".into(),
            HandleTime::Fixed => "fixed".into(),
            HandleTime::Lognormal { cv } => format!("lognormal (cv {cv})"),
            HandleTime::Quantiles { unit, tilt } if tilt.iter().any(|b| *b != 0.0) => {
                format!("{} quantiles with segment means", unit.len())
            }
            HandleTime::Quantiles { unit, .. } => format!("{} quantiles", unit.len()),
        }
    }

    /// `∫0^x S(y) dy` for a distribution of mean `aht_s`, where S is the chance a call lasts
    /// longer than y: the call-seconds a call contributes in its first x seconds. It rises from 0
    /// to the mean; 0 for x <= 0.
    pub fn integral_s(&self, x: f64, aht_s: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match self {
            HandleTime::Exponential => aht_s * -(-x / aht_s).exp_m1(),
            HandleTime::Fixed => x.min(aht_s),
            HandleTime::Lognormal { cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let sigma = s2.sqrt();
                let mu = aht_s.ln() - s2 / 2.0;
                let z = (x.ln() - mu) / sigma;
                let phi = |v: f64| 0.5 * erfc(-v / std::f64::consts::SQRT_2);
                x * (1.0 - phi(z)) + aht_s * phi(z - sigma)
            }
            HandleTime::Quantiles { unit, tilt } => {
                aht_s * quantile_integral(unit, tilt, x / aht_s)
            }
        }
    }

    /// A duration past which no call (or a share below 1e-16 of the calls) is still in
    /// progress, for a mean of `aht_s`.
    pub fn support_end_s(&self, aht_s: f64) -> f64 {
        match self {
            HandleTime::Exponential => 37.0 * aht_s,
            HandleTime::Fixed => aht_s,
            // Past exp(mu + sigma (sigma + 6.4)) lies under 1e-10 of the call-seconds:
            // ∫x^inf S = mean (1 - Φ(z - sigma)) - x (1 - Φ(z)), with z - sigma = 6.4.
            HandleTime::Lognormal { cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let sigma = s2.sqrt();
                (aht_s.ln() - s2 / 2.0 + sigma * (sigma + 6.4)).exp()
            }
            HandleTime::Quantiles { unit, .. } => aht_s * unit[unit.len() - 1],
        }
    }
}

impl HandleTime {
    /// One call's handle time, in seconds, for a mean of `aht_s`.
    pub fn sample<R: rand::Rng>(&self, aht_s: f64, rng: &mut R) -> f64 {
        use rand_distr::{Distribution, Exp1, StandardNormal};
        match self {
            HandleTime::Exponential => {
                let e: f64 = Exp1.sample(rng);
                aht_s * e
            }
            HandleTime::Fixed => aht_s,
            HandleTime::Lognormal { cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let z: f64 = StandardNormal.sample(rng);
                (aht_s.ln() - s2 / 2.0 + s2.sqrt() * z).exp()
            }
            HandleTime::Quantiles { unit, tilt } => {
                let n = (unit.len() - 1) as f64;
                let u: f64 = rng.random::<f64>() * n;
                let i = (u.floor() as usize).min(unit.len() - 2);
                let f = segments::inverse_cdf(u - i as f64, tilt[i]);
                aht_s * (unit[i] + f * (unit[i + 1] - unit[i]))
            }
        }
    }
}

/// `∫0^x S(y) dy` for the distribution through equally spaced quantiles `q`, each segment
/// spread with its tilt (0: linearly).
fn quantile_integral(q: &[f64], tilt: &[f64], x: f64) -> f64 {
    let n = (q.len() - 1) as f64;
    // Up to the 0% point every call is still in progress.
    let mut total = x.min(q[0]);
    for (i, w) in q.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        if x <= a {
            break;
        }
        let s_a = 1.0 - i as f64 / n;
        let end = x.min(b);
        if b > a {
            // S falls from s_a at a by 1/n over [a, b], as the segment's distribution rises.
            let (len, width) = (end - a, b - a);
            total += s_a * len - width / n * segments::cdf_integral(len / width, tilt[i]);
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each shape, quantiles with and without segment means.
    fn every_shape() -> [HandleTime; 5] {
        [
            HandleTime::Exponential,
            HandleTime::Fixed,
            HandleTime::Lognormal { cv: 0.8 },
            HandleTime::from_quantiles(&[10.0, 60.0, 120.0, 300.0, 900.0], None).unwrap(),
            HandleTime::from_quantiles(
                &[10.0, 60.0, 120.0, 300.0, 28_000.0],
                Some(&[30.0, 100.0, 200.0, 900.0]),
            )
            .unwrap(),
        ]
    }

    /// Every shape's integral reaches its mean: a call contributes AHT call-seconds in all.
    #[test]
    fn integral_reaches_the_mean() {
        for h in every_shape() {
            let end = h.support_end_s(200.0);
            let v = h.integral_s(end, 200.0);
            assert!((v - 200.0).abs() < 1e-9 * 200.0, "{h:?}: {v}");
        }
    }

    /// Exponential: ∫0^x e^(-y/τ) dy = τ (1 - e^(-x/τ)); at x = τ that is τ (1 - 1/e).
    #[test]
    fn exponential_integral_by_hand() {
        let v = HandleTime::Exponential.integral_s(100.0, 100.0);
        assert!((v - 100.0 * (1.0 - (-1.0f64).exp())).abs() < 1e-12);
    }

    /// Samples average to the mean: 20,000 draws within 3% for each shape.
    #[test]
    fn samples_average_to_the_mean() {
        use rand::SeedableRng;
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        for h in every_shape() {
            let mean = (0..20_000).map(|_| h.sample(100.0, &mut rng)).sum::<f64>() / 20_000.0;
            assert!((mean - 100.0).abs() < 3.0, "{h:?}: {mean}");
        }
    }

    /// Two quantiles 0s and 2s: uniform on [0, 2], mean 1, S(y) = 1 - y/2, ∫0^1 S = 0.75.
    #[test]
    fn uniform_quantiles_by_hand() {
        let h = HandleTime::from_quantiles(&[0.0, 2.0], None).unwrap();
        assert!((h.integral_s(1.0, 1.0) - 0.75).abs() < 1e-12);
        assert!(HandleTime::from_quantiles(&[3.0, 1.0], None).is_err());
    }

    /// Segment means are kept: quantiles 0s, 100s, 10,000s with segment means 50s and 300s
    /// (the second far below its midpoint of 5,050s) give a mean of (50 + 300) / 2 = 175s,
    /// where joining linearly gives (50 + 5,050) / 2 = 2,550s. Rescaled to a 175 s AHT the
    /// shape is unchanged: half the calls are over 100 s, and the call-seconds reach 175.
    #[test]
    fn segment_means_keep_a_long_tail_from_stretching_the_mean() {
        let h = HandleTime::from_quantiles(&[0.0, 100.0, 10_000.0], Some(&[50.0, 300.0])).unwrap();
        let HandleTime::Quantiles { unit, .. } = &h else {
            panic!("a quantile shape")
        };
        assert!((unit[1] - 100.0 / 175.0).abs() < 1e-12);
        // Over the first 100 s: ∫0^100 S = 100 - 100 x 1/2 x 1/2 = 75 (S falls 1 to 1/2).
        assert!((h.integral_s(100.0, 175.0) - 75.0).abs() < 1e-9);
        assert!((h.integral_s(10_000.0, 175.0) - 175.0).abs() < 1e-6);
        let linear = HandleTime::from_quantiles(&[0.0, 100.0, 10_000.0], None).unwrap();
        let HandleTime::Quantiles { unit, .. } = &linear else {
            panic!("a quantile shape")
        };
        assert!((unit[2] - 10_000.0 / 2_550.0).abs() < 1e-12);
        assert!(HandleTime::from_quantiles(&[0.0, 100.0], Some(&[150.0])).is_err());
        assert!(HandleTime::from_quantiles(&[0.0, 100.0], Some(&[50.0, 60.0])).is_err());
    }
}
