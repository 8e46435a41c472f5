//! One segment of a quantile shape: the calls between two neighbouring quantiles, spread over
//! the segment with a density e^(-β u) (u from 0 to 1 across it). β = 0 is the uniform spread
//! of quantiles joined linearly; any other β puts the segment's mean where the calls' own mean
//! lies, so a top tenth that runs from 8 minutes to 8 hours keeps its real average, not the
//! midpoint (a few long calls stretch the last segment; they do not make its calls long).

/// The mean across a segment, as a share of its width, for tilt `beta`: 1/β - 1/(e^β - 1),
/// from 1 (β → -∞) through 1/2 (β = 0) to 0 (β → ∞).
pub fn mean_share(beta: f64) -> f64 {
    if beta.abs() < 1e-6 {
        return 0.5 - beta / 12.0;
    }
    1.0 / beta - 1.0 / beta.exp_m1()
}

/// The tilt whose mean share is `share` (clamped inside (0, 1)): bisection on the monotone
/// `mean_share`, mirrored for shares above one half (mean_share(-β) = 1 - mean_share(β)).
pub fn tilt_for(share: f64) -> f64 {
    let s = share.clamp(1e-9, 1.0 - 1e-9);
    if s > 0.5 {
        return -tilt_for(1.0 - s);
    }
    // mean_share(β) is about 1/β for large β: 2/s brackets the answer.
    let (mut lo, mut hi) = (0.0f64, 2.0 / s + 1.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mean_share(mid) > s {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// ∫0^u F(v) dv for the segment's distribution function F (u in [0, 1]): the call-share a
/// segment has left behind by u, which the survival integral subtracts.
pub fn cdf_integral(u: f64, beta: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    if beta.abs() < 1e-9 {
        return u * u / 2.0;
    }
    if beta < 0.0 {
        // The mirror image: F(v) = 1 - G(1 - v) with G of tilt -β.
        return u - (cdf_integral(1.0, -beta) - cdf_integral(1.0 - u, -beta));
    }
    // F(v) = (1 - e^(-βv)) / (1 - e^(-β)); ∫0^u F = (u - (1 - e^(-βu)) / β) / (1 - e^(-β)).
    let norm = -(-beta).exp_m1();
    (u + (-beta * u).exp_m1() / beta) / norm
}

/// The point across the segment (0 to 1) below which a share `p` of its calls fall.
pub fn inverse_cdf(p: f64, beta: f64) -> f64 {
    let p = p.clamp(0.0, 1.0);
    if beta.abs() < 1e-9 {
        return p;
    }
    if beta < 0.0 {
        return 1.0 - inverse_cdf(1.0 - p, -beta);
    }
    let norm = -(-beta).exp_m1();
    (-(-p * norm).ln_1p() / beta).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// β = 0 is uniform: the mean in the middle and ∫0^1 F = 1/2.
    #[test]
    fn no_tilt_is_uniform() {
        assert!((mean_share(0.0) - 0.5).abs() < 1e-12);
        assert!((cdf_integral(1.0, 0.0) - 0.5).abs() < 1e-12);
        assert!((cdf_integral(0.5, 0.0) - 0.125).abs() < 1e-12);
    }

    /// The mean share is 1 - ∫0^1 F for every tilt (E[U] = ∫0^1 (1 - F)), and tilt_for
    /// inverts it, on both sides of one half and near the ends.
    #[test]
    fn the_tilt_puts_the_mean_where_asked() {
        for s in [1e-4, 0.01, 0.03, 0.2, 0.5, 0.7, 0.99, 0.9999] {
            let b = tilt_for(s);
            assert!((mean_share(b) - s).abs() < 1e-9, "{s}: {}", mean_share(b));
            assert!((1.0 - cdf_integral(1.0, b) - s).abs() < 1e-9, "{s}");
        }
    }

    /// By hand for β = 1: F(v) = (1 - e^-v) / (1 - e^-1); ∫0^1 F = (1 - (1 - e^-1)) / (1 -
    /// e^-1) = e^-1 / (1 - e^-1) = 0.581977; the mean share is 1 - 1/(e - 1) = 0.418023.
    #[test]
    fn tilt_one_by_hand() {
        let e1 = (-1.0f64).exp();
        assert!((cdf_integral(1.0, 1.0) - e1 / (1.0 - e1)).abs() < 1e-12);
        assert!((mean_share(1.0) - 0.418_023).abs() < 1e-6);
        // The inverse of F at F(0.3).
        let f = (1.0 - (-0.3f64).exp()) / (1.0 - e1);
        assert!((inverse_cdf(f, 1.0) - 0.3).abs() < 1e-12);
        assert!((inverse_cdf(1.0 - f, -1.0) - 0.7).abs() < 1e-12);
    }
}
