//! Timestamps of arrivals files: a time of day ("09:15", a typical-day profile), a local date and
//! time ("2026-03-02 09:15") or RFC 3339 with an offset. Parsed by hand: it is the hot loop of a
//! large file, and the messages say exactly which form was expected.

/// How a timestamp was written; one file must use one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    /// Time of day only: the key is milliseconds since midnight.
    Profile,
    /// Date and time without an offset: the key is milliseconds since 1970-01-01 on that clock.
    Local,
    /// Date and time with an offset: the key is milliseconds since the Unix epoch (UTC).
    Zoned,
}

impl TimeKind {
    pub fn describe(self) -> &'static str {
        match self {
            TimeKind::Profile => "a time of day (HH:MM)",
            TimeKind::Local => "a date and time (YYYY-MM-DD HH:MM)",
            TimeKind::Zoned => "an RFC 3339 timestamp with an offset",
        }
    }
}

const MS_PER_DAY: i64 = 86_400_000;

impl TimeKind {
    /// A date and time rather than a time of day.
    pub fn dated(self) -> bool {
        self != TimeKind::Profile
    }
}

/// Parses one timestamp into (kind, key in milliseconds).
pub fn parse_timestamp(text: &str) -> Result<(TimeKind, i64), String> {
    parse_timestamp_offset(text).map(|(k, key, _)| (k, key))
}

/// Parses one timestamp into (kind, key in milliseconds, the offset it was written with): a
/// zoned key plus its offset is the wall-clock time it was written at.
pub fn parse_timestamp_offset(text: &str) -> Result<(TimeKind, i64, i64), String> {
    let s = text.trim();
    if !s.is_ascii() {
        return Err(bad(s));
    }
    let b = s.as_bytes();
    if b.len() >= 5 && b[2] == b':' {
        let ms = parse_clock(s).ok_or_else(|| bad(s))?;
        if ms >= MS_PER_DAY {
            return Err(format!("\"{s}\" is past 23:59:59"));
        }
        return Ok((TimeKind::Profile, ms, 0));
    }
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T' | b't') {
        return Err(bad(s));
    }
    let year = digits(&s[0..4]).ok_or_else(|| bad(s))?;
    let month = digits(&s[5..7]).ok_or_else(|| bad(s))?;
    let day = digits(&s[8..10]).ok_or_else(|| bad(s))?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("\"{s}\" is not a calendar date"));
    }
    let rest = &s[11..];
    let (clock, offset_ms, kind) = split_offset(rest).ok_or_else(|| bad(s))?;
    let ms = parse_clock(clock).ok_or_else(|| bad(s))?;
    if ms >= MS_PER_DAY {
        return Err(format!("\"{s}\" is past 23:59:59"));
    }
    let key = days_from_civil(year, month, day) * MS_PER_DAY + ms - offset_ms;
    Ok((kind, key, offset_ms))
}

/// What a wall-clock time is in a time zone: one instant, two (the repeated hour when clocks go
/// back), or none (the hour skipped when they go forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTime {
    /// Offset in milliseconds (UTC = local - offset).
    One(i64),
    Repeated {
        earlier: i64,
        later: i64,
    },
    Skipped,
}

/// Looks up a wall-clock time (milliseconds on the local clock since 1970-01-01) in `tz`.
pub fn local_time(tz: &jiff::tz::TimeZone, local_ms: i64) -> Result<LocalTime, String> {
    use jiff::tz::AmbiguousOffset;
    let dt = jiff::Timestamp::from_millisecond(local_ms)
        .map_err(|e| e.to_string())?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .datetime();
    let ms = |o: jiff::tz::Offset| i64::from(o.seconds()) * 1000;
    Ok(match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => LocalTime::One(ms(offset)),
        AmbiguousOffset::Fold { before, after } => LocalTime::Repeated {
            earlier: ms(before),
            later: ms(after),
        },
        AmbiguousOffset::Gap { .. } => LocalTime::Skipped,
    })
}

fn bad(s: &str) -> String {
    format!(
        "expected a time such as \"09:15\", \"2026-03-02 09:15\" or \"2026-03-02T09:15:00Z\", found \"{s}\""
    )
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Splits "09:15:00+02:00" into the clock, the offset in milliseconds and the kind.
fn split_offset(rest: &str) -> Option<(&str, i64, TimeKind)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, 0, TimeKind::Zoned));
    }
    if rest.len() > 6 {
        let (clock, off) = rest.split_at(rest.len() - 6);
        let ob = off.as_bytes();
        if matches!(ob[0], b'+' | b'-') && ob[3] == b':' {
            let hours = digits(&off[1..3])?;
            let mins = digits(&off[4..6])?;
            if hours > 23 || mins > 59 {
                return None;
            }
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            return Some((clock, sign * (hours * 60 + mins) * 60_000, TimeKind::Zoned));
        }
    }
    Some((rest, 0, TimeKind::Local))
}

/// Parses "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff" into milliseconds since midnight.
fn parse_clock(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, ':');
    let h = digits(parts.next()?)?;
    let m = digits(parts.next()?)?;
    let (sec, ms) = match parts.next() {
        None => (0, 0),
        Some(sec) => match sec.split_once('.') {
            None => (digits(sec)?, 0),
            Some((whole, frac)) => {
                let frac_digits = digits(frac)?;
                let ms = (frac_digits as f64 / 10f64.powi(frac.len() as i32) * 1000.0).round();
                (digits(whole)?, ms as i64)
            }
        },
    };
    if m > 59 || sec > 60 || s.len() < 5 || s.as_bytes()[2] != b':' {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec.min(59)) * 1000 + ms)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era-based algorithm).
/// Kept beside jiff (used for zones): it runs for every timestamp `observe` reads, on dates the
/// caller has already checked, as three lines of integer arithmetic with no error path; the
/// property test below pins it to jiff's calendar.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of `days_from_civil`.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats a key back in the form it was read: "09:15", "2026-03-02 09:15", "2026-03-02T09:15:00Z".
pub fn format_key(kind: TimeKind, key: i64) -> String {
    let day = key.div_euclid(MS_PER_DAY);
    let ms = key.rem_euclid(MS_PER_DAY);
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    let clock = if s == 0 && ms % 1000 == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    };
    match kind {
        TimeKind::Profile => clock,
        TimeKind::Local => {
            let (y, mo, d) = civil_from_days(day);
            format!("{y:04}-{mo:02}-{d:02} {clock}")
        }
        TimeKind::Zoned => {
            let (y, mo, d) = civil_from_days(day);
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_parse() {
        assert_eq!(
            parse_timestamp("09:15"),
            Ok((TimeKind::Profile, (9 * 60 + 15) * 60_000))
        );
        let (kind, key) = parse_timestamp("2026-03-02 09:15").unwrap();
        assert_eq!(kind, TimeKind::Local);
        assert_eq!(format_key(kind, key), "2026-03-02 09:15");
        // 1970-01-02T00:00:00+01:00 is 23:00 UTC on the first day.
        assert_eq!(
            parse_timestamp("1970-01-02T00:00:00+01:00"),
            Ok((TimeKind::Zoned, 23 * 3_600_000))
        );
        assert_eq!(
            parse_timestamp("2000-03-01T00:00:00Z").unwrap().1,
            951_868_800_000
        );
    }

    #[test]
    fn bad_timestamps_are_refused() {
        for s in [
            "",
            "9am",
            "2026-02-30 10:00",
            "25:00",
            "2026-03-02",
            "10:61",
            "2026-13-01 00:00",
        ] {
            assert!(parse_timestamp(s).is_err(), "{s} should be refused");
        }
    }

    #[test]
    fn civil_days_round_trip() {
        for z in [-800_000, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        // Independent value: Python's (date(2026, 11, 23) - date(1970, 1, 1)).days.
        assert_eq!(days_from_civil(2026, 11, 23), 20_780);
    }

    #[test]
    fn civil_days_agree_with_jiff_on_every_day_from_1900_to_2200() {
        let epoch = jiff::civil::date(1970, 1, 1);
        let mut day = jiff::civil::date(1900, 1, 1);
        while day.year() < 2200 {
            let z = i64::from(epoch.until(day).unwrap().get_days());
            let ymd = (
                i64::from(day.year()),
                i64::from(day.month()),
                i64::from(day.day()),
            );
            assert_eq!(days_from_civil(ymd.0, ymd.1, ymd.2), z, "{day}");
            assert_eq!(civil_from_days(z), ymd, "{day}");
            assert_eq!(days_in_month(ymd.0, ymd.1), i64::from(day.days_in_month()));
            day = day.tomorrow().unwrap();
        }
    }
}
