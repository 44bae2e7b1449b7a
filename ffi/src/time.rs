//! Moments at the boundary with the app. The core keeps a moment as milliseconds since
//! 1970-01-01 UTC; the app sees `SystemTime` (Kotlin `java.time.Instant`, Swift `Date`). Every
//! moment going out is made with [`to_system_time`]; every moment coming in is checked with
//! [`from_system_time`], which refuses one before 1970 or after the year 9999 with
//! `InvalidInput` rather than storing a time nobody meant.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
