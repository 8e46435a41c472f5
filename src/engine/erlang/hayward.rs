//! Hayward's approximation for traffic that is not Poisson: traffic of peakedness Z (the
//! variance of the calls in progress over their mean; 1 for Poisson, below 1 for smooth
//! traffic, above 1 for overflow) offered to C lines blocks about as Poisson traffic A/Z
//! offered to C/Z lines, with the continuous Erlang B for the fractional line count.

use super::{LinesAnswer, erlang_b, fractional_lines_for, lines_for};

/// Whether traffic and lines scaled by `z` stay within what the calculators walk.
pub fn hayward_fits(traffic: f64, lines: f64, z: f64) -> bool {
    traffic / z <= super::MAX_ERLANGS && lines / z <= super::MAX_ERLANGS
}

/// Blocking of `traffic` erlangs of peakedness `z` offered to `lines` lines: B(A/Z, C/Z).
pub fn hayward_b(traffic: f64, lines: f64, z: f64) -> f64 {
    erlang_b(traffic / z, lines / z)
}

/// The fewest whole lines whose Hayward blocking is at most `target`.
pub fn hayward_lines_for(traffic: f64, target: f64, z: f64) -> LinesAnswer {
    if z == 1.0 {
        return lines_for(traffic, target);
    }
    // The real solution x of B(A/Z, x) = target, scaled back by Z, then the whole line count
    // on each side checked directly (the scaling may round across a boundary).
    let whole = lines_for(traffic / z, target);
    let real = fractional_lines_for(traffic / z, target, whole.lines) * z;
    let mut c = real.ceil().max(0.0);
    while c > 0.0 && hayward_b(traffic, c - 1.0, z) <= target {
        c -= 1.0;
    }
    while hayward_b(traffic, c, z) > target {
        c += 1.0;
    }
    LinesAnswer {
        lines: c as u64,
        blocking: hayward_b(traffic, c, z),
        blocking_below: if c > 0.0 {
            hayward_b(traffic, c - 1.0, z)
        } else {
            1.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_traffic_is_erlang_b() {
        assert_eq!(hayward_b(10.0, 15.0, 1.0), erlang_b(10.0, 15.0));
        assert_eq!(hayward_lines_for(10.0, 0.01, 1.0), lines_for(10.0, 0.01));
    }

    #[test]
    fn smooth_traffic_needs_fewer_lines_and_peaked_more() {
        // 10 erlangs at 1%: 18 lines for Poisson (the standard table).
        assert_eq!(lines_for(10.0, 0.01).lines, 18);
        let smooth = hayward_lines_for(10.0, 0.01, 0.7);
        let peaked = hayward_lines_for(10.0, 0.01, 2.0);
        assert!(
            smooth.lines < 18 && peaked.lines > 18,
            "{smooth:?} {peaked:?}"
        );
        for z in [0.5, 0.7, 1.3, 2.0, 3.7] {
            let l = hayward_lines_for(10.0, 0.01, z);
            assert!(l.blocking <= 0.01 && l.blocking_below > 0.01, "{z}: {l:?}");
        }
    }

    #[test]
    fn fractional_line_counts_agree_with_mpmath() {
        // mpmath 1.3, B(A, x) = A^x e^-A / Γ(x + 1, A) at 50 digits: B(10/0.7, 16/0.7) and
        // B(10/0.7, 15/0.7), the boundary `erlang lines --traffic 10 --blocking 1%
        // --peakedness 0.7` finds (16 lines).
        assert!((hayward_b(10.0, 16.0, 0.7) - 0.009_599_915_495_034_58).abs() < 1e-13);
        assert!((hayward_b(10.0, 15.0, 0.7) - 0.018_822_979_611_357_7).abs() < 1e-13);
        let l = hayward_lines_for(10.0, 0.01, 0.7);
        assert_eq!(l.lines, 16);
    }

    #[test]
    fn peaked_traffic_at_two_divides_both_by_two() {
        // Z = 2: 20 erlangs on 30 lines block as 10 erlangs on 15 lines, 3.65% in the table.
        let b = hayward_b(20.0, 30.0, 2.0);
        assert!((b - 0.036_496).abs() < 1e-5, "{b}");
    }
}
