//! The relay's refusals in the language this phone shows. A refusal travels as the English
//! sentence of the model's table of refusals (`jinlin_model::refusal`); the phone says it in
//! its reader's language (Chinese until the app says otherwise), with the refusal's stable code
//! beside it. A reason no entry of this build's table matches (a newer relay's) is shown as the
//! relay wrote it.
//!
//! The language is the phone's, one per app: `JinlinClient::set_shown_language` sets it on the
//! phone alone, and `JinlinClient::set_language` sets it too before telling the relay (both in
//! `alerts.rs`, beside the language type they take; this module imports nothing of the crate). Errors ([`JinlinError::message_args`](crate::error::JinlinError))
//! and [`RefusedChangeView`](crate::views::RefusedChangeView) read it when they are made.

use std::sync::atomic::{AtomicU8, Ordering};

use jinlin_model::Language;
use jinlin_model::refusal;

/// The language this phone shows: 0 Chinese (the default), 1 English.
static SHOWN: AtomicU8 = AtomicU8::new(0);

/// The language this phone shows.
pub(crate) fn shown() -> Language {
    match SHOWN.load(Ordering::Relaxed) {
        1 => Language::En,
        _ => Language::ZhHans,
    }
}

/// Sets the language this phone shows.
pub(crate) fn set_shown(language: Language) {
    let n = match language {
        Language::ZhHans => 0,
        Language::En => 1,
    };
    SHOWN.store(n, Ordering::Relaxed);
}

/// `reason` (a relay's refusal, as it sent it) in the language this phone shows.
pub(crate) fn in_shown_language(reason: &str) -> String {
    refusal::render(reason, shown())
}

/// The stable code of the refusal `reason` says (`request.cancels`), or `None` for text this
/// build's table does not have.
pub(crate) fn code_of(reason: &str) -> Option<String> {
    refusal::code(reason).map(str::to_string)
}

/// The stable code of a relay's refusal (`request.cancels`), or `None` for text this build does
/// not know.
#[uniffi::export]
pub fn refusal_code(reason: String) -> Option<String> {
    code_of(&reason)
}
