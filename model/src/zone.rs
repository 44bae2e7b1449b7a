//! Time zones by IANA name (`Asia/Shanghai`, `America/New_York`), read from the tz database
//! bundled with Jinlin so that phones and the relay agree whatever the host has installed.
//! A group may name its zone; night escalation and quiet hours are judged in it, daylight
//! saving included. Where no group names one, China Standard Time (UTC+8) applies.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::refusal::Refusal;

/// Checks that `name` is a time zone the bundled database knows, and returns its canonical
/// spelling (`asia/shanghai` becomes `Asia/Shanghai`).
pub fn check(name: &str) -> Result<String> {
    let name = name.trim();
    let bad = || Error::InvalidInput(Refusal::TimeZoneUnknown.with(&[&format!("{name:?}")]));
    if name.is_empty() || name.len() > 64 {
        return Err(bad());
    }
    let zone = TimeZone::get(name).map_err(|_| bad())?;
    Ok(zone.iana_name().unwrap_or(name).to_string())
}

/// The offset from UTC, in minutes, of the zone named `name` at the instant `at`; `None` when
/// the name is not a known zone (a document written by a newer or hostile writer).
pub fn offset_minutes(name: &str, at: Millis) -> Option<i32> {
    let zone = TimeZone::get(name.trim()).ok()?;
    let at = Timestamp::from_millisecond(at).ok()?;
    Some(zone.to_offset(at).seconds() / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_is_named_as_the_tz_database_names_it() {
        assert_eq!(check("asia/shanghai").ok().as_deref(), Some("Asia/Shanghai"));
        assert!(check("Mars/Olympus_Mons").is_err());
        assert!(check("").is_err());
        assert!(check(&"A/".repeat(100)).is_err());
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        // 2026-07-01T12:00Z: New York on summer time; 2026-12-01T12:00Z: on standard time.
        let july = 1_782_907_200_000;
        let december = 1_796_126_400_000;
        assert_eq!(offset_minutes("America/New_York", july), Some(-4 * 60));
        assert_eq!(offset_minutes("America/New_York", december), Some(-5 * 60));
        assert_eq!(offset_minutes("Asia/Shanghai", july), Some(8 * 60));
        assert_eq!(offset_minutes("Nowhere/Else", july), None);
    }
}
