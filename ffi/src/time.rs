//! Moments at the boundary with the app. The core keeps a moment as milliseconds since
//! 1970-01-01 UTC; the app sees `SystemTime` (Kotlin `java.time.Instant`, Swift `Date`). Every
//! moment going out is made with [`to_system_time`]; every moment coming in is checked with
//! [`from_system_time`], which refuses one before 1970 or after the year 9999 with
//! `InvalidInput` rather than storing a time nobody meant. A calendar day (a visit's day to come
//! back) crosses as [`LocalDate`]: Kotlin `java.time.LocalDate` (the custom type's lift and lower
//! are in `ffi/uniffi.toml` and `ffi/uniffi-jvm.toml`), Swift `String`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jinlin_model::dates::Date;
use jinlin_model::refusal::Refusal;

use crate::error::JinlinError;

/// The last millisecond of the year 9999 (UTC), the latest moment the app may hand in.
const LATEST_MS: i64 = 253_402_300_799_999;

/// A moment the core keeps (ms since 1970) as the app sees it.
pub fn to_system_time(ms: i64) -> SystemTime {
    let span = Duration::from_millis(ms.unsigned_abs());
    let moment = if ms >= 0 {
        UNIX_EPOCH.checked_add(span)
    } else {
        UNIX_EPOCH.checked_sub(span)
    };
    moment.unwrap_or(UNIX_EPOCH)
}

/// A moment the app handed in, as the core keeps it (ms since 1970); one before 1970 or after
/// the year 9999 is `InvalidInput`.
pub fn from_system_time(moment: SystemTime) -> Result<i64, JinlinError> {
    moment
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_millis()).ok())
        .filter(|ms| *ms <= LATEST_MS)
        .ok_or_else(|| JinlinError::InvalidInput {
            reason: Refusal::TimeOutOfRange.into(),
        })
}

/// An optional moment from the app, checked as [`from_system_time`] does.
pub fn from_optional(moment: Option<SystemTime>) -> Result<Option<i64>, JinlinError> {
    moment.map(from_system_time).transpose()
}

/// A length of time the app handed in, as the whole minutes the core keeps: one that is not a
/// whole number of minutes, or longer than the core can keep, is `InvalidInput`. (A negative
/// length cannot cross: the bindings refuse it on the app's side.)
pub fn whole_minutes(what: &str, span: Duration) -> Result<u32, JinlinError> {
    if span.subsec_nanos() != 0 || !span.as_secs().is_multiple_of(60) {
        return Err(JinlinError::InvalidInput {
            reason: Refusal::WholeMinutes.with(&[&span.as_secs_f64()]),
        });
    }
    crate::numbers::from_app(what, span.as_secs() / 60)
}

/// A length of time the app handed in, in whole seconds (a part of a second is dropped).
pub fn whole_seconds(what: &str, span: Duration) -> Result<u64, JinlinError> {
    crate::numbers::from_app(what, span.as_secs())
}

/// Minutes the core keeps, as the app sees them.
pub fn minutes(minutes: u32) -> Duration {
    Duration::from_secs(u64::from(minutes) * 60)
}

/// A calendar day, `YYYY-MM-DD`. What the app hands in is checked where it is used (a day
/// that is no date is `InvalidInput` before anything is written), as [`parse_day`] checks text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalDate(pub String);

uniffi::custom_type!(LocalDate, String, {
    lower: |day| day.0,
    try_lift: |text| Ok(LocalDate(text)),
});

impl std::ops::Deref for LocalDate {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for LocalDate {
    fn from(day: &str) -> Self {
        LocalDate(day.to_string())
    }
}

impl From<String> for LocalDate {
    fn from(day: String) -> Self {
        LocalDate(day)
    }
}

/// A day as a document keeps it, for the app. One that is no date (a damaged document, or a
/// writer that is not a Jinlin phone) reads as none: the app's `LocalDate` could not hold it,
/// and a screen listing visits must not fail for one bad entry.
pub fn read_day(stored: Option<String>) -> Option<LocalDate> {
    let day = Date::parse(stored.as_deref()?).ok()?;
    Some(LocalDate(day.to_string()))
}

/// The day typed as `text` (`YYYY-MM-DD`), or `InvalidInput` saying how to write one.
#[uniffi::export]
pub fn parse_day(text: String) -> Result<LocalDate, JinlinError> {
    Ok(LocalDate(Date::parse(&text)?.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_a_document_keeps_reaches_the_app_only_when_it_is_a_date() {
        assert_eq!(read_day(Some("2099-01-31".into())), Some(LocalDate::from("2099-01-31")));
        for junk in ["next week", "2026-13-40", "", "31/01/2099"] {
            assert_eq!(read_day(Some(junk.into())), None, "{junk:?}");
        }
        assert_eq!(read_day(None), None);
    }

    #[test]
    fn minutes_go_out_and_come_back_and_a_part_of_a_minute_is_invalid_input() {
        assert_eq!(whole_minutes("the grace", minutes(30)), Ok(30));
        assert_eq!(whole_minutes("the grace", Duration::ZERO), Ok(0));
        for odd in [Duration::from_secs(90), Duration::from_millis(60_001)] {
            assert!(matches!(
                whole_minutes("the grace", odd),
                Err(JinlinError::InvalidInput { reason }) if reason.contains("kept in whole minutes")
            ));
        }
        let too_long = Duration::from_secs(60 * (u64::from(u32::MAX) + 1));
        assert!(matches!(
            whole_minutes("the grace", too_long),
            Err(JinlinError::InvalidInput { .. })
        ));
        assert_eq!(whole_seconds("the expiry", Duration::from_millis(7_500)), Ok(7));
    }

    #[test]
    fn a_moment_goes_out_and_comes_back_to_the_millisecond() {
        for ms in [0, 1, 1_765_000_123_456, LATEST_MS] {
            assert_eq!(from_system_time(to_system_time(ms)), Ok(ms));
        }
    }

    #[test]
    fn a_moment_before_1970_or_after_the_year_9999_from_the_app_is_invalid_input() {
        let before = UNIX_EPOCH - Duration::from_millis(1);
        let after = to_system_time(LATEST_MS) + Duration::from_millis(1);
        for moment in [before, after] {
            assert!(matches!(
                from_system_time(moment),
                Err(JinlinError::InvalidInput { .. })
            ));
        }
        assert_eq!(from_optional(None), Ok(None));
    }

    #[test]
    fn a_typed_day_is_read_as_a_date_and_one_that_is_no_date_is_invalid_input() {
        assert_eq!(parse_day(" 2099-01-31 ".into()), Ok(LocalDate::from("2099-01-31")));
        for typed in ["next Tuesday", "2026-13-40", "+10000-01-01"] {
            assert!(
                matches!(parse_day(typed.into()), Err(JinlinError::InvalidInput { .. })),
                "{typed}"
            );
        }
    }
}
