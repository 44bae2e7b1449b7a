//! Durations as people type them: `90s`, `30m`, `24h`, `7d`, `2w`, or combined (`1h30m`,
//! `1h 30m`); `humantime` reads them. A bare number is seconds, and a capital `M` is minutes as
//! before, not months.

use std::time::Duration;

use crate::lang::t;

/// Parses a duration; a bare number is seconds.
pub fn parse(text: &str) -> Result<Duration, String> {
    let s = text.trim().to_ascii_lowercase();
    let bad = || t!("duration-bad", text = format!("{text:?}"));
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    match humantime::parse_duration(&s) {
        Ok(lifetime) if !lifetime.is_zero() => Ok(lifetime),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_write_durations_with_units() {
        assert_eq!(parse("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse("7d"), Ok(Duration::from_secs(604_800)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(parse("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse("1h 30m"), Ok(Duration::from_secs(5_400)));
        assert_eq!(parse("2W"), Ok(Duration::from_secs(1_209_600)));
        assert_eq!(parse("30M"), Ok(Duration::from_secs(1800)), "minutes, not months");
    }

    #[test]
    fn nonsense_is_refused_with_an_example() {
        for bad in ["", "h", "3x", "10m5", "0h", "99999999999999999999d"] {
            let err = parse(bad).expect_err("refused");
            assert!(err.contains("30m"), "{bad}: {err}");
        }
    }
}
