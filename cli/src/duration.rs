//! Durations as people type them: `90s`, `30m`, `24h`, `7d`, `2w`, or combined (`1h30m`).

use std::time::Duration;

/// Parses a duration; a bare number is seconds.
pub fn parse(text: &str) -> Result<Duration, String> {
    let s = text.trim().to_ascii_lowercase();
    let bad = || format!("{text:?} is not a duration; write it like 30m, 24h or 7d");
    if s.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || total == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
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
    }

    #[test]
    fn nonsense_is_refused_with_an_example() {
        for bad in ["", "h", "3x", "10m5", "0h", "99999999999999999999d"] {
            let err = parse(bad).expect_err("refused");
            assert!(err.contains("30m"), "{bad}: {err}");
        }
    }
}
