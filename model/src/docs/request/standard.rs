//! A request's standard words: what kind of help, how urgent, and where, with no sentence of
//! the requester's own. The one-tap "take me to hospital" (and "she needs help" after a missed
//! check-in) stores no text: its kind, urgency and place say it all, and each reader's phone
//! says them in its own language. Free text stays exactly as written.
//!
//! Documents written before this rule hold a standard sentence as their text, in the requester's
//! language ("请送我去医院", "Please take me to hospital", or the first apps' "I need help now");
//! they read as standard too, so a neighbour's phone shows them in its own language as well.

use crate::kinds::RequestKind;
use crate::language::Language;

/// The standard sentences apps stored as a request's text before requests could have none,
/// with the kind they were stored under.
const OLDER_STANDARD_SENTENCES: &[(RequestKind, &str)] = &[
    (RequestKind::Hospital, "请送我去医院"),
    (RequestKind::Hospital, "Please take me to hospital"),
    (RequestKind::Other, "I need help now"),
];

/// Whether a request of `kind` whose text is `text` says only what its kind, urgency and place
/// say: no text, or a standard sentence an older app stored.
pub fn is_standard(kind: RequestKind, text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || OLDER_STANDARD_SENTENCES
            .iter()
            .any(|&(k, sentence)| k == kind && sentence == text)
}

/// The standard words of a request of `kind` as a sentence in `language`, as the relay's pushes
/// and the command line say them ("请送我去医院", "Please take me to hospital"); phones word it
/// from their own strings, in the same words.
pub fn sentence(kind: RequestKind, language: Language) -> String {
    match language {
        Language::ZhHans => match kind {
            RequestKind::Hospital => "请送我去医院",
            RequestKind::Errand => "请帮我跑个腿",
            RequestKind::Repair => "请帮我修一修",
            RequestKind::Companionship => "请来陪陪我",
            RequestKind::Legal => "请帮我问问法律上的事",
            RequestKind::Other => "我需要帮助",
        }
        .to_string(),
        Language::En => {
            let words = english(kind);
            words[..1].to_uppercase() + &words[1..]
        }
    }
}

/// The standard words of a request of `kind` in English, in lower case to stand inside a
/// sentence (the command line's and the relay's logs).
pub fn english(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Hospital => "please take me to hospital",
        RequestKind::Errand => "please run an errand for me",
        RequestKind::Repair => "please help me fix something",
        RequestKind::Companionship => "please come and keep me company",
        RequestKind::Legal => "please help me with a legal question",
        RequestKind::Other => "I need help",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_is_standard_whatever_the_kind() {
        assert!(is_standard(RequestKind::Hospital, ""));
        assert!(is_standard(RequestKind::Errand, "  "));
    }

    #[test]
    fn an_older_apps_standard_sentence_is_standard_under_its_own_kind_only() {
        assert!(is_standard(RequestKind::Hospital, "请送我去医院"));
        assert!(is_standard(RequestKind::Hospital, "Please take me to hospital"));
        assert!(is_standard(RequestKind::Other, "I need help now"));
        assert!(!is_standard(RequestKind::Errand, "请送我去医院"));
    }

    #[test]
    fn the_standard_sentence_is_in_the_readers_language() {
        assert_eq!(sentence(RequestKind::Hospital, Language::ZhHans), "请送我去医院");
        assert_eq!(
            sentence(RequestKind::Hospital, Language::En),
            "Please take me to hospital"
        );
        assert_eq!(sentence(RequestKind::Other, Language::En), "I need help");
    }

    #[test]
    fn words_of_the_requesters_own_are_not_standard() {
        assert!(!is_standard(RequestKind::Hospital, "请送我去医院，我腿疼"));
        assert!(!is_standard(RequestKind::Hospital, "Check-up on Tuesday at 9"));
    }
}
