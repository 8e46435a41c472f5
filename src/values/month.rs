//! Calendar months for growth projections: "2026-11", month arithmetic, and dates as days.
//! A month is year x 12 + month, exact integer arithmetic; kept beside jiff because it is all a
//! projection needs, and pinned to jiff's calendar by a test below.

use std::fmt;

use crate::values::timefmt::{civil_from_days, days_from_civil};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
}

impl Month {
    /// Parses "YYYY-MM".
    pub fn parse(s: &str) -> Result<Month, String> {
        let bad = || format!("expected a month such as \"2026-11\", found \"{s}\"");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i64 = y.parse().map_err(|_| bad())?;
        let month: i64 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// The month `k` months later.
    pub fn plus(self, k: i64) -> Month {
        let index = self.year * 12 + (self.month - 1) + k;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) + 1,
        }
    }

    /// Whole months from `self` to `other`.
    pub fn until(self, other: Month) -> i64 {
        (other.year * 12 + other.month) - (self.year * 12 + self.month)
    }

    /// Days since 1970-01-01 of the month's first day.
    pub fn first_day(self) -> i64 {
        days_from_civil(self.year, self.month, 1)
    }

    /// The month containing a day (days since 1970-01-01).
    pub fn of_day(day: i64) -> Month {
        let (year, month, _) = civil_from_days(day);
        Month { year, month }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Formats days since 1970-01-01 as an ISO date.
pub fn iso_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// "2026-03-02T09:15:00Z", with milliseconds when there are any.
pub fn utc(ms: i64) -> String {
    let day = ms.div_euclid(86_400_000);
    let r = ms.rem_euclid(86_400_000);
    let (h, m, sec, milli) = (r / 3_600_000, r / 60_000 % 60, r / 1000 % 60, r % 1000);
    let frac = if milli == 0 {
        String::new()
    } else {
        format!(".{milli:03}")
    };
    format!("{}T{h:02}:{m:02}:{sec:02}{frac}Z", iso_date(day))
}

/// Today, as days since 1970-01-01 (UTC), from the system clock.
pub fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    secs.div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_add_and_count() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.plus(2).to_string(), "2027-01");
        assert_eq!(m.plus(-11).to_string(), "2025-12");
        assert_eq!(m.until(m.plus(14)), 14);
        assert_eq!(iso_date(m.first_day()), "2026-11-01");
        assert_eq!(Month::of_day(m.plus(1).first_day() - 1), m);
        for bad in ["2026-13", "26-11", "2026/11", "2026-1", ""] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_agree_with_jiff() {
        let base = jiff::civil::date(2026, 11, 1);
        let m = Month::parse("2026-11").unwrap();
        for k in -400i64..400 {
            let d = base.checked_add(jiff::Span::new().months(k)).unwrap();
            let want = format!("{:04}-{:02}", d.year(), d.month());
            assert_eq!(m.plus(k).to_string(), want, "{k}");
            let epoch = jiff::civil::date(1970, 1, 1);
            assert_eq!(
                m.plus(k).first_day(),
                i64::from(epoch.until(d).unwrap().get_days())
            );
            assert_eq!(m.until(m.plus(k)), k);
        }
    }
}
