//! The stack-wide settings' defaults and ranges (peak multiplier, warning threshold, blocking
//! target), the same whether they come from the stack file or the command line.

/// A published rule of thumb for voice: provision the average concurrency times 2.5.
pub const DEFAULT_PEAK_MULTIPLIER: f64 = 2.5;
/// Common advice: alert at 75% of a contracted limit.
pub const DEFAULT_WARN_AT: f64 = 0.75;

pub fn check_multiplier(m: f64) -> Result<f64, String> {
    if m.is_finite() && (1.0..=100.0).contains(&m) {
        Ok(m)
    } else {
        Err(format!(
            "peak_multiplier must be between 1 and 100 (the usual rule of thumb is 2.5), found {m}"
        ))
    }
}

pub fn check_warn(w: f64) -> Result<f64, String> {
    if w > 0.0 && w <= 1.0 {
        Ok(w)
    } else {
        Err(format!(
            "warn_at must be above 0% and at most 100%, found {}",
            w * 100.0
        ))
    }
}

pub fn check_blocking(b: f64) -> Result<f64, String> {
    if b > 0.0 && b < 1.0 {
        Ok(b)
    } else {
        Err(format!(
            "blocking must be above 0% and below 100%, found {}",
            b * 100.0
        ))
    }
}

/// The peakedness Hayward is taken over: below 0.01 traffic is all but regular (and the line
/// count scaled by it runs past what the recursion walks), above 100 nothing real is that peaked.
pub const PEAKEDNESS_RANGE: (f64, f64) = (0.01, 100.0);

/// A peakedness as the stack file or the command line gives it.
pub fn check_peakedness(v: f64) -> Result<f64, String> {
    let (lo, hi) = PEAKEDNESS_RANGE;
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "peakedness must be from {lo} to {hi} (1 is Poisson traffic), found {v}"
        ))
    }
}
