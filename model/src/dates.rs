//! Calendar dates for follow-ups and due dates, and instants as people and programs read them.
//! Dates are written `YYYY-MM-DD` and compared as such; "today" and local times are taken in
//! the device's time zone offset (China Standard Time unless set); RFC 3339 is in UTC.

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::refusal::Refusal;

/// UTC+08:00, the default offset for "today".
pub const DEFAULT_OFFSET_MINUTES: i32 = 8 * 60;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing impossible dates.
    pub fn parse(s: &str) -> Result<Date> {
        let bad = || Error::InvalidInput(Refusal::DateForm.with(&[&format!("{s:?}")]));
        let mut parts = s.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (year, month, day): (i32, u32, u32) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// The date `at` falls on, at `offset_minutes` from UTC.
    pub fn at(at: Millis, offset_minutes: i32) -> Date {
        let days = (at + i64::from(offset_minutes) * 60_000).div_euclid(86_400_000);
        from_days(days)
    }

    /// Days since 1970-01-01.
    pub fn days(&self) -> i64 {
        // Days-from-civil, proleptic Gregorian.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// The instant `at` as RFC 3339 in UTC, to the millisecond: `2026-11-21T20:00:00.000Z`.
pub fn rfc3339(at: Millis) -> String {
    let (date, ms) = split(at, 0);
    format!("{date}T{}Z", clock_time(ms, true))
}

/// The instant `at` as a local date and time at `offset_minutes` from UTC, to the minute, for
/// people: `2026-11-22 04:00`.
pub fn local(at: Millis, offset_minutes: i32) -> String {
    let (date, ms) = split(at, offset_minutes);
    format!("{date} {}", clock_time(ms, false))
}

/// The date and the milliseconds into it, at `offset_minutes` from UTC.
fn split(at: Millis, offset_minutes: i32) -> (Date, i64) {
    let shifted = at + i64::from(offset_minutes) * 60_000;
    (
        from_days(shifted.div_euclid(86_400_000)),
        shifted.rem_euclid(86_400_000),
    )
}

fn clock_time(ms: i64, precise: bool) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    if precise {
        format!("{h:02}:{m:02}:{s:02}.{:03}", ms % 1000)
    } else {
        format!("{h:02}:{m:02}")
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_print_and_reject_impossible_days() {
        assert_eq!(
            Date::parse("2026-02-28").map(|d| d.to_string()).ok(),
            Some("2026-02-28".into())
        );
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("26-1-1").is_err());
        assert!(Date::parse("tomorrow").is_err());
    }

    #[test]
    fn today_follows_the_offset_and_day_numbers_round_trip() {
        // 2026-11-21T20:00Z is already the 22nd in Xiamen.
        let at = Date::parse("2026-11-21").map(|d| d.days()).unwrap_or(0) * 86_400_000 + 20 * 3_600_000;
        assert_eq!(Date::at(at, 0).to_string(), "2026-11-21");
        assert_eq!(Date::at(at, DEFAULT_OFFSET_MINUTES).to_string(), "2026-11-22");
        assert_eq!(rfc3339(at + 5), "2026-11-21T20:00:00.005Z");
        assert_eq!(local(at, DEFAULT_OFFSET_MINUTES), "2026-11-22 04:00");
        assert_eq!(local(-60_000, 0), "1969-12-31 23:59");
        for s in ["1970-01-01", "2000-02-29", "2038-12-31"] {
            let d = Date::parse(s).expect("date");
            assert_eq!(from_days(d.days()), d);
        }
    }
}
