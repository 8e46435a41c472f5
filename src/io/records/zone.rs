//! The zone of call records' local times: UTC, a fixed offset, or a named zone with its
//! daylight-saving changes (a skipped local time is refused, a repeated one read with the
//! earlier offset and counted).

use std::collections::HashMap;

/// The zone local timestamps are read in.
#[derive(Debug, Clone)]
pub enum Zone {
    Fixed(i64),
    Named(jiff::tz::TimeZone, HashMap<i64, i64>),
}

impl Zone {
    /// "UTC", an offset ("+02:00", "-0530") or an IANA name ("Europe/Paris").
    pub fn parse(s: &str) -> Result<Zone, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Zone::Fixed(0));
        }
        if let Some(rest) = t.strip_prefix(['+', '-']) {
            let digits: String = rest.chars().filter(|c| *c != ':').collect();
            if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                let (h, m): (i64, i64) = (
                    digits[..2].parse().unwrap_or(99),
                    digits[2..].parse().unwrap_or(99),
                );
                if h <= 23 && m <= 59 {
                    let sign = if t.starts_with('-') { -1 } else { 1 };
                    return Ok(Zone::Fixed(sign * (h * 60 + m) * 60_000));
                }
            }
            return Err(format!("expected an offset such as +02:00, found `{s}`"));
        }
        jiff::tz::TimeZone::get(t)
            .map(|z| Zone::Named(z, HashMap::new()))
            .map_err(|_| format!("unknown time zone `{s}`: give UTC, an offset such as +02:00 or a name such as Europe/Paris"))
    }

    /// The UTC instant of a local time (milliseconds on the local clock since 1970-01-01). A
    /// time the clocks skip is refused; one they repeat is read with the earlier (summer)
    /// offset, and `ambiguous` is set so the caller can count it.
    pub fn utc_of(&mut self, local_ms: i64, ambiguous: &mut bool) -> Result<i64, String> {
        match self {
            Zone::Fixed(off) => Ok(local_ms - *off),
            Zone::Named(tz, cache) => {
                // Offsets change on minute boundaries, so one lookup serves a whole local minute.
                let minute = local_ms.div_euclid(60_000);
                let off = match cache.get(&minute) {
                    Some(off) => *off,
                    None => {
                        let off = match crate::values::timefmt::local_time(tz, minute * 60_000)? {
                            crate::values::timefmt::LocalTime::One(off) => off,
                            // i64::MIN marks a repeated minute, i64::MAX a skipped one.
                            crate::values::timefmt::LocalTime::Repeated { .. } => i64::MIN,
                            crate::values::timefmt::LocalTime::Skipped => i64::MAX,
                        };
                        if cache.len() > 100_000 {
                            cache.clear();
                        }
                        cache.insert(minute, off);
                        off
                    }
                };
                match off {
                    i64::MAX => Err(format!(
                        "{} does not exist in {}: the clocks skip that hour when summer time starts",
                        crate::values::month::utc(local_ms)
                            .trim_end_matches('Z')
                            .replace('T', " "),
                        tz.iana_name().unwrap_or("the time zone")
                    )),
                    i64::MIN => {
                        *ambiguous = true;
                        match crate::values::timefmt::local_time(tz, local_ms)? {
                            crate::values::timefmt::LocalTime::Repeated { earlier, .. } => {
                                Ok(local_ms - earlier)
                            }
                            crate::values::timefmt::LocalTime::One(off) => Ok(local_ms - off),
                            crate::values::timefmt::LocalTime::Skipped => {
                                Err("skipped time".into())
                            }
                        }
                    }
                    off => Ok(local_ms - off),
                }
            }
        }
    }
}
