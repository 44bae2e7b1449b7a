//! Input checks shared by every call that takes text from a person.

use crate::error::{Error, Result};
use crate::refusal::Refusal;

/// Longest request text or comment, in characters.
pub const MAX_TEXT: usize = 2000;
/// Longest name (of a person, group, building or unit), in characters.
pub const MAX_NAME: usize = 100;
/// Most volunteers one request may ask for.
pub const MAX_SLOTS: i64 = 50;

/// Trims `s` and checks it is neither empty nor longer than `max` characters.
pub fn text(what: &'static str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::EmptyText(what));
    }
    let len = s.chars().count();
    if len > max {
        return Err(Error::TooLong { what, len, max });
    }
    Ok(s.to_string())
}

/// Like [`text`], but empty means "not given".
pub fn optional(what: &'static str, s: Option<&str>, max: usize) -> Result<Option<String>> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => text(what, s, max).map(Some),
    }
}

/// Checks a slot count: at least 1, at most [`MAX_SLOTS`].
pub fn slots(n: i64) -> Result<u32> {
    if (1..=MAX_SLOTS).contains(&n) {
        Ok(n as u32)
    } else {
        Err(Error::InvalidSlots {
            given: n,
            max: MAX_SLOTS,
        })
    }
}

/// Checks a coordinate pair.
pub fn coordinates(lat: Option<f64>, lon: Option<f64>) -> Result<()> {
    match (lat, lon) {
        (None, None) => Ok(()),
        (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Ok(()),
        _ => Err(Error::InvalidInput(Refusal::Coordinates.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_refused_and_text_is_trimmed() {
        assert!(matches!(text("text", "  \n", 10), Err(Error::EmptyText("text"))));
        assert_eq!(text("text", " hi ", 10).ok(), Some("hi".to_string()));
        assert!(matches!(
            text("text", "こんにちは世界", 3),
            Err(Error::TooLong { len: 7, .. })
        ));
    }

    #[test]
    fn slots_must_be_between_one_and_the_maximum() {
        assert!(slots(0).is_err());
        assert!(slots(-3).is_err());
        assert!(slots(MAX_SLOTS + 1).is_err());
        assert_eq!(slots(2).ok(), Some(2));
    }
}
