//! Invite codes as people type them and as the relay receives them. A code is [`CODE_LEN`]
//! characters from [`ALPHABET`] (no look-alikes: no 0/O, 1/I/L), so it can be read out over the
//! phone. However it was typed (lower case, with spaces or dashes, full-width letters and digits
//! from a Chinese input method), [`InviteCode::parse`] brings it to its one canonical form, or
//! refuses it; the relay hashes only that form. [`check_redeem`] is what the relay does with the
//! body of `POST /v1/invites/redeem` before it looks anything up.
//!
//! Pure functions, no I/O: the fuzz target `invite_code` drives them with arbitrary bytes.

use std::fmt;

use crate::error::{Error, Result};
use crate::protocol::RedeemInvite;
use crate::refusal::Refusal;
use crate::validate;

/// Characters in a code.
pub const CODE_LEN: usize = 10;
/// The code alphabet: digits and capitals without 0, 1, I, L and O.
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Longest typed text looked at, separators included; anything longer is not a code.
pub const MAX_TYPED_CHARS: usize = 64;

/// Why a typed text is not an invite code. It says what a code looks like (the table's
/// `invite.code_form`, so it is said in the reader's language), never echoes the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", Refusal::InviteCodeForm.en())]
pub struct NotACode;

/// An invite code in canonical form: [`CODE_LEN`] characters of [`ALPHABET`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

impl InviteCode {
    /// Reads a code as typed: case, whitespace and dashes do not matter, and full-width forms
    /// count as their ASCII letters and digits.
    pub fn parse(typed: &str) -> Result<InviteCode, NotACode> {
        let mut code = String::with_capacity(CODE_LEN);
        for (i, c) in typed.chars().enumerate() {
            if i >= MAX_TYPED_CHARS {
                return Err(NotACode);
            }
            let c = narrow(c);
            if c.is_whitespace() || is_dash(c) {
                continue;
            }
            let c = c.to_ascii_uppercase();
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) || code.len() == CODE_LEN {
                return Err(NotACode);
            }
            code.push(c);
        }
        if code.len() == CODE_LEN {
            Ok(InviteCode(code))
        } else {
            Err(NotACode)
        }
    }

    /// A code from [`CODE_LEN`] characters already in the alphabet (the relay's fresh codes).
    pub fn from_canonical(code: String) -> Result<InviteCode, NotACode> {
        let ok = code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b));
        if ok { Ok(InviteCode(code)) } else { Err(NotACode) }
    }

    /// The canonical text, e.g. `ABCDEFGHJK`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text for people, in two halves: `ABCDE-FGHJK`.
    pub fn grouped(&self) -> String {
        let (a, b) = self.0.split_at(CODE_LEN / 2);
        format!("{a}-{b}")
    }
}

impl fmt::Display for InviteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for InviteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A live code admits whoever holds it: logs and debug output never show it.
        f.write_str("InviteCode(<secret>)")
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) as their ASCII characters; anything else unchanged.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Hyphens, dashes and the minus sign people put between the halves of a code.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}')
}

/// A redemption as the relay acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redemption {
    /// The code, or `None` when the text cannot be a code (answered like an unknown code).
    pub code: Option<InviteCode>,
    /// Home building, trimmed, if given.
    pub building: Option<String>,
    /// Home unit, trimmed, if given.
    pub unit: Option<String>,
}

/// Checks the body of `POST /v1/invites/redeem`: the home fields must be valid names; the code
/// is parsed (text that cannot be a code is kept as `None`, so it is refused exactly like a code
/// that does not exist and a guess learns nothing from the answer).
pub fn check_redeem(req: &RedeemInvite) -> Result<Redemption> {
    let building = validate::optional("building", req.building.as_deref(), validate::MAX_NAME)?;
    let unit = validate::optional("unit", req.unit.as_deref(), validate::MAX_NAME)?;
    Ok(Redemption {
        code: InviteCode::parse(&req.code).ok(),
        building,
        unit,
    })
}

impl From<NotACode> for Error {
    fn from(_: NotACode) -> Self {
        Error::InvalidInput(Refusal::InviteCodeForm.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_however_it_is_typed() {
        let canonical = InviteCode::parse("ABCDEFGHJK").expect("code");
        for typed in [
            "abcde-fghjk",
            " ABCDE FGHJK ",
            "AB-CD-EF-GH-JK",
            "ＡＢＣＤＥ－ＦＧＨＪＫ",
            "abcde\u{3000}fghjk",
            "ABCDE\u{2014}FGHJK",
        ] {
            assert_eq!(InviteCode::parse(typed), Ok(canonical.clone()), "{typed:?}");
        }
        assert_eq!(canonical.as_str(), "ABCDEFGHJK");
        assert_eq!(canonical.grouped(), "ABCDE-FGHJK");
    }

    #[test]
    fn text_that_cannot_be_a_code_is_refused() {
        for typed in [
            "",
            "ABCDEFGHJ",
            "ABCDEFGHJKM",
            "ABCDEFGHJ0",
            "ABCDEFGHJI",
            "ABCDEFGHJL",
            "ABCDEFGHJO",
            "ABCDEFGHJ1",
            "ABCDÉFGHJK",
            "ABCDE/FGHJK",
            "ABCDE%20FGHJK",
        ] {
            assert_eq!(InviteCode::parse(typed), Err(NotACode), "{typed:?}");
        }
        let long = format!("ABCDEFGHJK{}", " ".repeat(MAX_TYPED_CHARS));
        assert_eq!(InviteCode::parse(&long), Err(NotACode));
    }

    #[test]
    fn the_refusal_never_echoes_what_was_typed_and_debug_hides_the_code() {
        let msg = InviteCode::parse("13800138000")
            .expect_err("a phone number")
            .to_string();
        assert!(!msg.contains("13800138000"));
        let code = InviteCode::parse("ABCDEFGHJK").expect("code");
        assert!(!format!("{code:?}").contains("ABCDE"));
    }

    #[test]
    fn a_redemption_keeps_a_bad_code_as_none_but_refuses_a_bad_home() {
        let req = |code: &str, building: Option<&str>| RedeemInvite {
            code: code.into(),
            building: building.map(str::to_string),
            unit: None,
        };
        let ok = check_redeem(&req("abcde-fghjk", Some(" 3 "))).expect("valid");
        assert_eq!(ok.code.map(|c| c.to_string()).as_deref(), Some("ABCDEFGHJK"));
        assert_eq!(ok.building.as_deref(), Some("3"));
        assert_eq!(check_redeem(&req("NOPE", None)).expect("checked").code, None);
        assert!(check_redeem(&req("ABCDEFGHJK", Some(&"x".repeat(500)))).is_err());
    }
}
