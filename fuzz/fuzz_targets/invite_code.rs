//! An invite code as the relay receives it: typed text (also the path segment of
//! `DELETE /v1/invites/{code}`) read into its canonical form, and the JSON body of
//! `POST /v1/invites/redeem` checked as the relay checks it. Besides "no panic", it holds the
//! parser to its promises: a code it accepts is 10 characters of the alphabet and reads back as
//! itself (also in its grouped form), and checked home fields are trimmed and non-empty.
#![no_main]
use jinlin_model::invite_code::{self, ALPHABET, CODE_LEN, InviteCode};
use jinlin_model::protocol::RedeemInvite;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(typed) = std::str::from_utf8(data) {
        if let Ok(code) = InviteCode::parse(typed) {
            assert_eq!(code.as_str().len(), CODE_LEN);
            assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(InviteCode::parse(code.as_str()).as_ref(), Ok(&code));
            assert_eq!(InviteCode::parse(&code.grouped()).as_ref(), Ok(&code));
        }
    }
    if let Ok(req) = serde_json::from_slice::<RedeemInvite>(data) {
        if let Ok(r) = invite_code::check_redeem(&req) {
            assert!(r.building.as_ref().is_none_or(|b| !b.is_empty() && b.trim() == b));
            assert!(r.unit.as_ref().is_none_or(|u| !u.is_empty() && u.trim() == u));
        }
    }
});
