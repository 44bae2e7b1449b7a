//! The relay's refusals in the language this phone shows. A refusal travels as the English
//! sentence of the model's table of refusals (`jinlin_model::refusal`); the phone says it in
//! its reader's language (Chinese until the app says otherwise), with the refusal's stable code
//! beside it. A reason no entry of this build's table matches (a newer relay's) is shown as the
//! relay wrote it.
//!
//! The language is the phone's, one per app: [`JinlinClient::set_shown_language`] sets it on the
//! phone alone, and [`JinlinClient::set_language`](crate::client::JinlinClient) sets it too
//! before telling the relay. Errors ([`JinlinError::message_args`](crate::error::JinlinError))
//! and [`RefusedChangeView`](crate::views::RefusedChangeView) read it when they are made.

use std::sync::atomic::{AtomicU8, Ordering};

use jinlin_model::Language;
use jinlin_model::refusal;

use crate::alerts::SmsLanguage;
use crate::client::JinlinClient;

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

/// A relay's refusal `reason` (as it sent it, in English) in `language`; text this build does
/// not know comes back as it is.
#[uniffi::export]
pub fn refusal_text(reason: String, language: SmsLanguage) -> String {
    refusal::render(&reason, language.into())
}

/// The stable code of a relay's refusal (`request.cancels`), or `None` for text this build does
/// not know.
#[uniffi::export]
pub fn refusal_code(reason: String) -> Option<String> {
    code_of(&reason)
}

#[uniffi::export]
impl JinlinClient {
    /// The language the app shows (Chinese until told): the relay's refusals, in errors and in
    /// [`JinlinClient::refused`], are said in it. It stays on the phone; `set_language` also
    /// tells the relay, for pushes and text messages.
    pub fn set_shown_language(&self, language: SmsLanguage) {
        set_shown(language.into());
    }
}

#[cfg(test)]
mod tests {
    use jinlin_model::refusal::Refusal;

    use super::*;

    #[test]
    fn a_refusal_is_said_in_the_language_asked_for_and_unknown_text_as_the_relay_wrote_it() {
        let reason = Refusal::RequestCancels.en().to_string();
        assert_eq!(
            refusal_text(reason.clone(), SmsLanguage::ZhHans),
            "只有求助人本人才能取消求助"
        );
        assert_eq!(refusal_text(reason.clone(), SmsLanguage::En), reason);
        assert_eq!(refusal_code(reason).as_deref(), Some("request.cancels"));
        let newer = "a refusal from a newer relay".to_string();
        assert_eq!(refusal_text(newer.clone(), SmsLanguage::ZhHans), newer);
        assert_eq!(refusal_code(newer), None);
    }
}
