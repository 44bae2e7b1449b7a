//! What a shell needs to tell a person about a [`JinlinError`] in her own language: a stable
//! code (for programs, logs and whoever helps; never renamed once shipped), a message key (the
//! name of a string in the shell's own resources: Android `values/strings.xml` and
//! `values-en/strings.xml`, the iOS String Catalog) and the message's arguments, in order.
//!
//! | code | message key | arguments |
//! |---|---|---|
//! | `offline` | `error_offline` | |
//! | `peer` | `error_peer` | the peer session's reason (free English text) |
//! | `not_allowed` | `error_not_allowed` | the rule's reason (likewise) |
//! | `already_signed_up` | `error_already_signed_up` | |
//! | `no_signup` | `error_no_signup` | |
//! | `wrong_status` | `error_wrong_status` | |
//! | `invalid_input` | `error_invalid` | what is wrong (free English text) |
//! | `empty_text` | `error_empty_text` | |
//! | `too_long` | `error_too_long` | its length, the most allowed |
//! | `voice_too_long` | `error_voice_too_long` | its length in seconds, the most allowed |
//! | `invalid_slots` | `error_invalid_slots` | the most volunteers allowed |
//! | `bad_invite_code` | `error_bad_invite_code` | |
//! | `invite_gone` | `error_invite_gone` | |
//! | `not_found` | `error_not_found_request`, `_group`, `_invite`, `error_not_found`, or `error_not_found_because` when the relay said what it did not find | the relay's sentence (`error_not_found_because` only; in the phone's language when the table of refusals has it) |
//! | `request_final` | `error_request_final_done` or `error_request_final_cancelled` | |
//! | `not_registered` | `error_not_registered` | |
//! | `relay` | `error_relay` | the relay's reason (in the phone's language when the table of refusals has it) |
//! | `update_required` | `error_update` | |
//! | `storage` | `error_storage` | |
//! | `internal` | `error_internal` | |
//!
//! Arguments are strings: numbers in digits, free text as the core wrote it. A reason that is one
//! of the model's refusals (the write rules of every document kind, the relay's refusals:
//! `jinlin_model::refusal`) is in the language the phone shows ([`crate::refusal`]), and
//! [`JinlinError::refusal`] gives its stable code; other free text (the core's checks, the peer
//! session) stays English. The shells show it in brackets after the localized message. On Android an argument is `%1$s`, `%2$s`; in the iOS
//! catalog the key carries one ` %@` per argument (`error_too_long %@ %@`).
//!
//! [`MESSAGE_KEYS`] lists every key with its number of arguments; `scripts/check-strings.py`
//! reads it to fail when a key is missing from either language on either platform.

use crate::error::{JinlinError, Missing};
use crate::kinds::Status;

/// Every message key a [`JinlinError`] can name, with how many arguments it takes.
pub const MESSAGE_KEYS: &[(&str, u32)] = &[
    ("error_offline", 0),
    ("error_peer", 1),
    ("error_not_allowed", 1),
    ("error_already_signed_up", 0),
    ("error_no_signup", 0),
    ("error_wrong_status", 0),
    ("error_invalid", 1),
    ("error_empty_text", 0),
    ("error_too_long", 2),
    ("error_voice_too_long", 2),
    ("error_invalid_slots", 1),
    ("error_bad_invite_code", 0),
    ("error_invite_gone", 0),
    ("error_not_found_request", 0),
    ("error_not_found_group", 0),
    ("error_not_found_invite", 0),
    ("error_not_found", 0),
    ("error_not_found_because", 1),
    ("error_request_final_done", 0),
    ("error_request_final_cancelled", 0),
    ("error_not_registered", 0),
    ("error_relay", 1),
    ("error_update", 0),
    ("error_storage", 0),
    ("error_internal", 0),
];

/// A message key and how many arguments it takes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MessageKey {
    /// The key, a string resource's name (`error_too_long`).
    pub key: String,
    /// How many arguments its text takes (`%1$s`, `%2$s` on Android; ` %@` each in the iOS key).
    pub arguments: i32,
}

/// Every message key an error can name, for a shell to check its strings against.
#[uniffi::export]
pub fn error_message_keys() -> Vec<MessageKey> {
    MESSAGE_KEYS
        .iter()
        .map(|&(key, arguments)| MessageKey {
            key: key.into(),
            arguments: arguments as i32,
        })
        .collect()
}

#[uniffi::export]
impl JinlinError {
    /// The stable code of this case (`not_found`), the same whatever the language.
    pub fn code(&self) -> String {
        use JinlinError as J;
        match self {
            J::Offline => "offline",
            J::Peer { .. } => "peer",
            J::NotAllowed { .. } => "not_allowed",
            J::AlreadySignedUp => "already_signed_up",
            J::NoSignup => "no_signup",
            J::WrongStatus { .. } => "wrong_status",
            J::InvalidInput { .. } => "invalid_input",
            J::EmptyText { .. } => "empty_text",
            J::TooLong { .. } => "too_long",
            J::VoiceTooLong { .. } => "voice_too_long",
            J::InvalidSlots { .. } => "invalid_slots",
            J::BadInviteCode => "bad_invite_code",
            J::InviteGone => "invite_gone",
            J::NotFound { .. } => "not_found",
            J::RequestFinal { .. } => "request_final",
            J::NotRegistered => "not_registered",
            J::Relay { .. } => "relay",
            J::UpdateRequired { .. } => "update_required",
            J::Storage { .. } => "storage",
            J::Internal { .. } => "internal",
        }
        .into()
    }

    /// The stable code of the relay's refusal this error carries (`request.cancels`, the same in
    /// every language), or `None`: not a refusal of the table, or not an error with a reason.
    pub fn refusal(&self) -> Option<String> {
        use JinlinError as J;
        match self {
            J::Peer { reason } | J::NotAllowed { reason } | J::InvalidInput { reason } | J::Relay { reason } => {
                crate::refusal::code_of(reason)
            }
            J::NotFound {
                reason: Some(reason), ..
            } => crate::refusal::code_of(reason),
            _ => None,
        }
    }

    /// The name of the string a shell shows for this error, in the reader's language.
    pub fn message_key(&self) -> String {
        use JinlinError as J;
        match self {
            J::Offline => "error_offline",
            J::Peer { .. } => "error_peer",
            J::NotAllowed { .. } => "error_not_allowed",
            J::AlreadySignedUp => "error_already_signed_up",
            J::NoSignup => "error_no_signup",
            J::WrongStatus { .. } => "error_wrong_status",
            J::InvalidInput { .. } => "error_invalid",
            J::EmptyText { .. } => "error_empty_text",
            J::TooLong { .. } => "error_too_long",
            J::VoiceTooLong { .. } => "error_voice_too_long",
            J::InvalidSlots { .. } => "error_invalid_slots",
            J::BadInviteCode => "error_bad_invite_code",
            J::InviteGone => "error_invite_gone",
            J::NotFound { what, reason } => match (what, reason) {
                (Missing::Request, _) => "error_not_found_request",
                (Missing::Group, _) => "error_not_found_group",
                (Missing::Invite, _) => "error_not_found_invite",
                (Missing::Other, Some(_)) => "error_not_found_because",
                (Missing::Other, None) => "error_not_found",
            },
            J::RequestFinal { status } => match status {
                Status::Cancelled => "error_request_final_cancelled",
                Status::Done | Status::Open | Status::InProgress => "error_request_final_done",
            },
            J::NotRegistered => "error_not_registered",
            J::Relay { .. } => "error_relay",
            J::UpdateRequired { .. } => "error_update",
            J::Storage { .. } => "error_storage",
            J::Internal { .. } => "error_internal",
        }
        .into()
    }

    /// The arguments of [`Self::message_key`]'s text, in order. A reason from the table of
    /// refusals (a write rule's, the relay's) is in the language the phone shows
    /// (`set_shown_language`); other free text is as the core wrote it.
    pub fn message_args(&self) -> Vec<String> {
        use JinlinError as J;
        match self {
            J::Peer { reason } | J::NotAllowed { reason } | J::InvalidInput { reason } | J::Relay { reason } => {
                vec![crate::refusal::in_shown_language(reason)]
            }
            J::NotFound {
                what: Missing::Other,
                reason: Some(reason),
            } => vec![crate::refusal::in_shown_language(reason)],
            J::TooLong { length, max, .. } => vec![length.to_string(), max.to_string()],
            J::VoiceTooLong { seconds, max } => vec![seconds.to_string(), max.to_string()],
            J::InvalidSlots { max, .. } => vec![max.to_string()],
            J::Offline
            | J::AlreadySignedUp
            | J::NoSignup
            | J::WrongStatus { .. }
            | J::EmptyText { .. }
            | J::BadInviteCode
            | J::InviteGone
            | J::NotFound { .. }
            | J::RequestFinal { .. }
            | J::NotRegistered
            | J::UpdateRequired { .. }
            | J::Storage { .. }
            | J::Internal { .. } => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// One of every case, with every `NotFound` and `RequestFinal` variant.
    fn every_case() -> Vec<JinlinError> {
        use JinlinError as J;
        let reason = || "why".to_string();
        vec![
            J::Offline,
            J::Peer { reason: reason() },
            J::NotAllowed { reason: reason() },
            J::AlreadySignedUp,
            J::NoSignup,
            J::WrongStatus { status: Status::Open },
            J::InvalidInput { reason: reason() },
            J::EmptyText { what: "text".into() },
            J::TooLong {
                what: "text".into(),
                length: 3001,
                max: 3000,
            },
            J::VoiceTooLong { seconds: 75, max: 60 },
            J::InvalidSlots { given: 0, max: 20 },
            J::BadInviteCode,
            J::InviteGone,
            J::NotFound {
                what: Missing::Request,
                reason: None,
            },
            J::NotFound {
                what: Missing::Group,
                reason: None,
            },
            J::NotFound {
                what: Missing::Invite,
                reason: None,
            },
            J::NotFound {
                what: Missing::Other,
                reason: None,
            },
            J::NotFound {
                what: Missing::Other,
                reason: Some(reason()),
            },
            J::RequestFinal { status: Status::Done },
            J::RequestFinal {
                status: Status::Cancelled,
            },
            J::NotRegistered,
            J::Relay { reason: reason() },
            J::UpdateRequired { reason: reason() },
            J::Storage { reason: reason() },
            J::Internal { reason: reason() },
        ]
    }

    #[test]
    fn every_case_names_a_listed_key_with_as_many_arguments_as_listed() {
        let listed: Vec<_> = MESSAGE_KEYS.iter().map(|&(k, _)| k).collect();
        let mut named = HashSet::new();
        for e in every_case() {
            let key = e.message_key();
            let (_, arguments) = MESSAGE_KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .unwrap_or_else(|| panic!("{key} is not in MESSAGE_KEYS"));
            assert_eq!(e.message_args().len(), *arguments as usize, "{key}");
            named.insert(key);
        }
        for key in listed {
            assert!(named.contains(key), "{key} is listed but no error names it");
        }
    }

    #[test]
    fn codes_are_distinct_per_case_and_stable_words() {
        let mut codes: Vec<_> = every_case().iter().map(JinlinError::code).collect();
        codes.dedup();
        let distinct: HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len(), "two cases share a code");
        assert!(
            codes
                .iter()
                .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
        );
    }

    #[test]
    fn a_too_long_text_gives_its_length_and_limit_in_digits() {
        let e = JinlinError::TooLong {
            what: "comment".into(),
            length: 3027,
            max: 2000,
        };
        assert_eq!(e.code(), "too_long");
        assert_eq!(e.message_key(), "error_too_long");
        assert_eq!(e.message_args(), vec!["3027".to_string(), "2000".to_string()]);
    }

    #[test]
    fn a_relay_refusal_is_an_argument_in_the_phones_language_with_its_stable_code() {
        let refused = JinlinError::Relay {
            reason: jinlin_model::refusal::Refusal::RequestCancels.into(),
        };
        assert_eq!(refused.message_args(), vec!["只有求助人本人才能取消求助".to_string()]);
        assert_eq!(refused.refusal().as_deref(), Some("request.cancels"));
        assert_eq!(refused.to_string(), "the relay refused: only the requester cancels");
        let other = JinlinError::InvalidInput {
            reason: "a home is a latitude and a longitude".into(),
        };
        assert_eq!(
            other.message_args(),
            vec!["a home is a latitude and a longitude".to_string()]
        );
        assert_eq!(other.refusal(), None);
    }

    #[test]
    fn the_exported_list_is_the_table() {
        let keys = error_message_keys();
        assert_eq!(keys.len(), MESSAGE_KEYS.len());
        assert!(keys.contains(&MessageKey {
            key: "error_too_long".into(),
            arguments: 2
        }));
    }
}
