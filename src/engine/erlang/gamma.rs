//! The continuous Erlang B for a fractional number of lines x in [0, 1):
//! B(A, x) = A^x e^-A / Γ(x + 1, A), from the upper incomplete gamma function.

use statrs::function::gamma::{gamma, gamma_lr};

/// Continuous Erlang B at a fractional line count `x` in [0, 1).
pub fn erlang_b_fraction(a: f64, x: f64) -> f64 {
    if x == 0.0 {
        return 1.0;
    }
    let s = x + 1.0;
    if a < s + 1.0 {
        // Small traffic: Γ(s, A) = Γ(s) (1 - P(s, A)); nothing here can underflow.
        let upper = gamma(s) * (1.0 - gamma_lr(s, a));
        a.powf(x) * (-a).exp() / upper
    } else {
        // Large traffic: Γ(s, A) = e^-A A^s h, with h the continued fraction below, so
        // B = 1 / (A h) and the tiny e^-A cancels before it can underflow.
        1.0 / (a * upper_gamma_fraction(s, a))
    }
}

/// The continued fraction h with Γ(s, A) = e^-A A^s h (modified Lentz; converges for A > s - 1).
fn upper_gamma_fraction(s: f64, a: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = a + 1.0 - s;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - s);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}
