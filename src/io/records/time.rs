//! Timestamps and durations as call records write them: RFC 3339, a local date and time in a
//! zone, RFC 2822 (Twilio's `Mon, 07 Dec 2026 10:00:00 +0000`), epoch seconds or milliseconds.

use super::Zone;
use crate::values::timefmt::{TimeKind, parse_timestamp};
use crate::values::units::parse_duration_s;

/// The common export form "2026-03-02T09:15:00Z", read without the general parser's checks
/// for the forms it does not have (it is most of the work in a large file).
fn fast_utc(b: &[u8]) -> Option<i64> {
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |a, c| {
            c.is_ascii_digit().then(|| a * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo)
        || d < 1
        || d > crate::values::timefmt::days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 59
    {
        return None;
    }
    let days = crate::values::timefmt::days_from_civil(y, mo, d);
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000)
}

/// Parses a CDR timestamp into UTC milliseconds.
pub fn parse_time(text: &str, zone: &mut Zone, ambiguous: &mut bool) -> Result<i64, String> {
    if let Some(ms) = fast_utc(text.as_bytes()) {
        return Ok(ms);
    }
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let v: f64 = t
            .parse()
            .map_err(|_| format!("expected a timestamp, found `{t}`"))?;
        // Epoch seconds stay below 1e11 until the year 5138; milliseconds are above it since 1973.
        return Ok(if v >= 1e11 {
            v.round() as i64
        } else {
            (v * 1000.0).round() as i64
        });
    }
    // RFC 2822 names its day or month in letters ("Mon, 07 Dec 2026 10:00:00 +0000").
    if looks_rfc2822(t) {
        return rfc2822(t);
    }
    match parse_timestamp(t)? {
        (TimeKind::Zoned, ms) => Ok(ms),
        (TimeKind::Local, ms) => zone.utc_of(ms, ambiguous),
        (TimeKind::Profile, _) => Err(format!(
            "`{t}` has no date: a call record needs a date and time"
        )),
    }
}

/// "Mon, 07 Dec 2026 ..." or "07 Dec 2026 ...": a day name, or a day then a month name.
pub(super) fn looks_rfc2822(t: &str) -> bool {
    let b = t.as_bytes();
    if b.first().is_some_and(u8::is_ascii_alphabetic) {
        return true;
    }
    let day = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&day)
        && b.get(day) == Some(&b' ')
        && b.len() > day + 4
        && b[day + 1..day + 4].iter().all(u8::is_ascii_alphabetic)
}

/// An RFC 2822 date and time, which always carries its offset.
fn rfc2822(t: &str) -> Result<i64, String> {
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    PARSER
        .parse_timestamp(t)
        .map(|ts| ts.as_millisecond())
        .map_err(|e| format!("expected an RFC 2822 date such as `Mon, 07 Dec 2026 10:00:00 +0000`, found `{t}` ({e})"))
}

/// Parses a duration: plain seconds ("95", "95.5") or with units ("1m 35s").
pub fn parse_duration_ms(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let secs = match t.parse::<f64>() {
        Ok(v) => v,
        Err(_) => parse_duration_s(t)?,
    };
    if !(secs.is_finite() && (0.0..=30.0 * 86_400.0).contains(&secs)) {
        return Err(format!(
            "a call duration must be between 0 and 30 days, found `{t}`"
        ));
    }
    Ok((secs * 1000.0).round() as i64)
}

/// How a provider writes its times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeForm {
    /// "Mon, 07 Dec 2026 10:00:00 +0000" (Twilio).
    Rfc2822,
    /// "2026-12-07T10:00:00.000Z" (Vapi, Amazon Connect, Genesys).
    Iso8601,
    /// Milliseconds since 1970 (Retell).
    EpochMs,
    /// "2026-12-07 10:00:00", with or without an offset (Plivo, Asterisk, FreeSWITCH).
    DateSpaceTime,
}

impl TimeForm {
    /// Whether `t` (trimmed, not empty) is written in this form.
    pub fn admits(self, t: &str) -> bool {
        let b = t.as_bytes();
        let dated = b.len() >= 19 && b[4] == b'-' && b[7] == b'-' && b[13] == b':';
        match self {
            TimeForm::Rfc2822 => looks_rfc2822(t),
            TimeForm::Iso8601 => {
                dated
                    && matches!(b[10], b'T' | b't')
                    && (t.ends_with(['Z', 'z']) || {
                        let tail = &b[19..];
                        tail.iter().any(|c| matches!(c, b'+' | b'-'))
                    })
            }
            TimeForm::EpochMs => b.len() >= 11 && b.iter().all(u8::is_ascii_digit),
            TimeForm::DateSpaceTime => dated && b[10] == b' ',
        }
    }

    /// The form in words, with an example, for a message.
    pub fn describe(self) -> &'static str {
        match self {
            TimeForm::Rfc2822 => "RFC 2822, such as `Mon, 07 Dec 2026 10:00:00 +0000`",
            TimeForm::Iso8601 => "ISO 8601 with its zone, such as `2026-12-07T10:00:00.000Z`",
            TimeForm::EpochMs => "milliseconds since 1970, such as `1796637600000`",
            TimeForm::DateSpaceTime => "`2026-12-07 10:00:00`, with or without an offset",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_form() {
        let mut utc = Zone::parse("UTC").unwrap();
        let want = 1_772_442_900_000; // 2026-03-02T09:15:00Z
        assert_eq!(
            parse_time("2026-03-02T09:15:00Z", &mut utc, &mut false),
            Ok(want)
        );
        assert_eq!(
            parse_time("2026-03-02T10:15:00+01:00", &mut utc, &mut false),
            Ok(want)
        );
        assert_eq!(
            parse_time("2026-03-02 09:15:00", &mut utc, &mut false),
            Ok(want)
        );
        assert_eq!(parse_time("1772442900", &mut utc, &mut false), Ok(want));
        assert_eq!(parse_time("1772442900000", &mut utc, &mut false), Ok(want));
        assert_eq!(
            parse_time("2026-03-02 09:15:00.250", &mut utc, &mut false),
            Ok(want + 250)
        );
        let mut paris = Zone::parse("Europe/Paris").unwrap();
        assert_eq!(
            parse_time("2026-03-02 10:15:00", &mut paris, &mut false),
            Ok(want),
            "CET is UTC+1 in March"
        );
        // Summer time: 2026-07-01 11:00 in Paris is 09:00 UTC.
        assert_eq!(
            parse_time("2026-07-01 11:00:00", &mut paris, &mut false),
            parse_time("2026-07-01T09:00:00Z", &mut utc, &mut false)
        );
        let mut plus2 = Zone::parse("+02:00").unwrap();
        assert_eq!(
            parse_time("2026-03-02 11:15:00", &mut plus2, &mut false),
            Ok(want)
        );
        assert!(parse_time("09:15", &mut utc, &mut false).is_err());
        // Twilio's RFC 2822, and Plivo's local form with an offset.
        assert_eq!(
            parse_time("Mon, 02 Mar 2026 09:15:00 +0000", &mut utc, &mut false),
            Ok(want)
        );
        assert_eq!(
            parse_time("Mon, 02 Mar 2026 14:45:00 +0530", &mut utc, &mut false),
            Ok(want)
        );
        assert_eq!(
            parse_time("2026-03-02 14:45:00+05:30", &mut paris, &mut false),
            Ok(want),
            "an offset written wins over --tz"
        );
        assert_eq!(
            parse_time("02 Mar 2026 09:15:00 GMT", &mut utc, &mut false),
            Ok(want)
        );
        let wrong_day = parse_time("Tue, 02 Mar 2026 09:15:00 +0000", &mut utc, &mut false);
        assert!(
            wrong_day.unwrap_err().contains("RFC 2822"),
            "2026-03-02 is a Monday"
        );
        assert!(Zone::parse("Mars/Olympus").is_err());
    }

    proptest::proptest! {
        /// The fast path for "YYYY-MM-DDTHH:MM:SSZ" agrees with the general parser on every
        /// date it accepts, and whatever it refuses the general parser still reads or refuses.
        #[test]
        fn the_fast_path_agrees_with_the_general_parser(
            y in 1970i64..2200, mo in 1i64..=12, d in 1i64..=31, h in 0i64..24, mi in 0i64..60, sec in 0i64..60,
            junk in proptest::collection::vec(proptest::num::u8::ANY, 0..24),
        ) {
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}Z");
            let general = crate::values::timefmt::parse_timestamp(&text).ok().map(|(_, ms)| ms);
            if let Some(ms) = fast_utc(text.as_bytes()) {
                proptest::prop_assert_eq!(Some(ms), general);
            }
            if let Some(ms) = fast_utc(&junk) {
                let again = std::str::from_utf8(&junk).ok().and_then(|t| crate::values::timefmt::parse_timestamp(t).ok());
                proptest::prop_assert_eq!(again.map(|(_, g)| g), Some(ms));
            }
        }
    }
}
