//! Durations ("3m 20s", "95s", "6w") and fractions ("75%", 0.75): parsed strictly, because a bare
//! number is exactly the minutes-or-seconds, percent-or-fraction confusion planners get burned by.

/// Parses a duration with units into seconds. Units: ms, s, m (or min), h, d, w; parts may be
/// combined ("1h 30m", "3m20s") and may be fractional ("2.5m").
///
/// Not jiff's friendly duration parser: that one takes a fraction only on the last unit and no
/// days or weeks for an absolute duration, and a bare number must get this file's "write 180s
/// or 3m" message (tests in `tests/it/compute_errors.rs`).
pub fn parse_duration_s(text: &str) -> Result<f64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err(
            "expected a duration such as \"3m 20s\" or \"95s\", found an empty string".into(),
        );
    }
    let mut total = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, after) = rest.split_at(num_len);
        let unit_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let value: f64 = num.parse().map_err(|_| bad_duration(s))?;
        let scale = match unit {
            "ms" => 0.001,
            "s" | "sec" | "secs" => 1.0,
            "m" | "min" | "mins" => 60.0,
            "h" | "hr" | "hrs" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "wks" => 604_800.0,
            "" => {
                return Err(format!(
                    "\"{s}\" has a number without a unit: write 180s or 3m"
                ));
            }
            _ => return Err(bad_duration(s)),
        };
        total += value * scale;
        rest = after.trim_start();
    }
    // Hundreds of digits parse to infinity: no duration anyone means.
    if !total.is_finite() {
        return Err(format!("\"{s}\" is too long a duration to be meant"));
    }
    Ok(total)
}

/// A waiting caller's mean patience: a duration above zero, or "infinite" (callers never hang
/// up). One rule for `queue = { patience }` in a stack file and `erlang a --patience`.
pub fn parse_patience_s(text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t == "infinite" {
        return Ok(f64::INFINITY);
    }
    match parse_duration_s(t) {
        Ok(v) if v > 0.0 => Ok(v),
        Ok(_) => Err(format!(
            "patience must be above 0s, or \"infinite\", found \"{t}\""
        )),
        Err(e) => Err(format!("{e} (or \"infinite\")")),
    }
}

fn bad_duration(s: &str) -> String {
    format!("expected a duration such as \"3m 20s\", \"95s\" or \"1h\", found \"{s}\"")
}

/// Formats seconds as a short duration: "3m", "3m 20s", "1h 5m", "4.25s". One rule for every
/// table: from 10 s on, whole seconds ("4m 32s", never "271.939s"); under 10 s, up to three
/// decimals.
pub fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "inf".into();
    }
    let whole = seconds.round();
    if seconds < 10.0 && ((seconds - whole).abs() > 1e-6 || whole < 1.0) {
        return format!("{}s", trim_float(seconds, 3));
    }
    let mut left = whole as u64;
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if left >= size {
            parts.push(format!("{}{unit}", left / size));
            left %= size;
        }
    }
    parts.join(" ")
}

/// Parses "75%" or "0.75" into a fraction; a bare number above 1 is refused as ambiguous.
pub fn parse_fraction(text: &str) -> Result<f64, String> {
    let s = text.trim();
    let value = if let Some(p) = s.strip_suffix('%') {
        p.trim()
            .parse::<f64>()
            .map(|v| v / 100.0)
            .map_err(|_| format!("expected a percentage such as \"75%\", found \"{s}\""))?
    } else {
        let v: f64 = s
            .parse()
            .map_err(|_| format!("expected a share such as \"75%\" or 0.75, found \"{s}\""))?;
        check_fraction(v)?
    };
    if !value.is_finite() || !(0.0..=1.0).contains(&value) {
        return Err(format!(
            "expected a share between 0% and 100%, found \"{s}\""
        ));
    }
    Ok(value)
}

/// A plain number given as a share must be in 0..=1: 75 is refused rather than read as 7500%.
pub fn check_fraction(v: f64) -> Result<f64, String> {
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        return Err(format!(
            "expected a share between 0 and 1 (or a percentage such as \"75%\"), found {v}"
        ));
    }
    Ok(v)
}

/// Formats a number with at most `digits` decimals, dropping trailing zeros.
pub fn trim_float(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A percentage that keeps small shares readable: 0.0000123 -> "1.23e-3%".
pub fn percent_fine(v: f64) -> String {
    if v != 0.0 && v.abs() < 0.001 {
        format!("{:.2e}%", v * 100.0)
    } else {
        percent(v)
    }
}

/// Formats a fraction as a percentage with one decimal, cut down rather than rounded: 0.753 ->
/// "75.3%", 0.99971 -> "99.9%". Thresholds (100%, a warn_at such as 75%) sit on tenths of a
/// percent, so a figure under one never prints as it, and a figure at or over one never prints
/// under it. (The 1e-9 absorbs binary fractions: 0.29 x 1000 is 289.99999999999994.)
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        let tenths = (v * 1000.0 + 1e-9).floor();
        format!("{:.1}%", tenths / 10.0)
    } else {
        "inf".into()
    }
}

/// An arrivals or observation interval: a whole number of seconds from 1s to 1d. The one rule
/// for `--interval` on every command and `interval` in the stack file.
pub fn parse_interval_s(text: &str) -> Result<f64, String> {
    match parse_duration_s(text)? {
        v if (1.0..=86_400.0).contains(&v) && v.fract() == 0.0 => Ok(v),
        _ => Err(format!(
            "the interval must be a whole number of seconds from 1s to 1d, found \"{}\"",
            text.trim()
        )),
    }
}

/// A figure for a CSV: twelve significant digits, then the shortest decimal that reads back
/// as that value, so float noise (7.800000000000001) never reaches a spreadsheet while nothing
/// a reader could use is lost. The one rule for plain numbers in every CSV.
pub fn csv_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let r: f64 = format!("{v:.11e}").parse().unwrap_or(v);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0.99971 is under the ceiling: "99.9%", never "100.0%"; 0.75 is at a 75% threshold.
    #[test]
    fn percentages_never_cross_a_threshold() {
        assert_eq!(percent(0.99971), "99.9%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.75), "75.0%");
        assert_eq!(percent(0.7499999), "74.9%");
        assert_eq!(percent(0.29), "29.0%");
        assert_eq!(percent(1.0629), "106.2%");
    }

    #[test]
    fn csv_numbers_drop_float_noise_only() {
        assert_eq!(csv_number(7.800000000000001), "7.8");
        assert_eq!(csv_number(2.6999999999999993), "2.7");
        assert_eq!(csv_number(0.7880581387439591), "0.788058138744");
        assert_eq!(csv_number(75.0), "75");
        assert_eq!(csv_number(f64::NAN), "");
    }

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration_s("3m 20s"), Ok(200.0));
        assert_eq!(parse_duration_s("3m20s"), Ok(200.0));
        assert_eq!(parse_duration_s("95s"), Ok(95.0));
        assert_eq!(parse_duration_s("2.5m"), Ok(150.0));
        assert_eq!(parse_duration_s("6w"), Ok(6.0 * 604_800.0));
        assert_eq!(parse_duration_s("1h 30m"), Ok(5400.0));
        assert_eq!(parse_duration_s("250ms"), Ok(0.25));
    }

    #[test]
    fn durations_without_units_are_refused() {
        assert!(
            parse_duration_s("180")
                .unwrap_err()
                .contains("without a unit")
        );
        assert!(parse_duration_s("3 parsecs").is_err());
        assert!(parse_duration_s("").is_err());
        assert!(parse_duration_s("m").is_err());
    }

    #[test]
    fn durations_format_back() {
        assert_eq!(format_duration(200.0), "3m 20s");
        assert_eq!(format_duration(180.0), "3m");
        assert_eq!(format_duration(3900.0), "1h 5m");
        assert_eq!(format_duration(95.5), "1m 36s");
        assert_eq!(format_duration(271.939), "4m 32s");
        assert_eq!(format_duration(4.25), "4.25s");
        for s in [1.0, 59.0, 61.0, 3600.0, 86_401.0, 200.0] {
            assert_eq!(parse_duration_s(&format_duration(s)), Ok(s));
        }
    }

    #[test]
    fn fractions_take_percent_or_share() {
        assert_eq!(parse_fraction("75%"), Ok(0.75));
        assert_eq!(parse_fraction("0.75"), Ok(0.75));
        assert_eq!(parse_fraction("1%"), Ok(0.01));
        assert!(parse_fraction("75").is_err());
        assert!(parse_fraction("-5%").is_err());
        assert!(parse_fraction("150%").is_err());
        assert!(parse_fraction("abc").is_err());
    }
}
