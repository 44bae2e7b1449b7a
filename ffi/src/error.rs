//! The one error the shells see. Each case keeps its fields (in Kotlin a `JinlinException`
//! subclass with `val`s, in Swift an enum case with associated values), carries no personal
//! data (no names, addresses or request texts, no file paths), and has a stable code and a
//! message key ([`crate::messages`]) that each shell renders from its own strings in the
//! reader's language. The `Display` text below is English for logs and tests, never for a person.
//!
//! The core's error is converted in one place, [`From<jinlin_core::Error>`], which also decides
//! what is logged: failures of the device itself (storage, damaged documents) are logged as
//! warnings; refusals of bad input or forbidden actions are the person's to fix and are not.

use jinlin_core::Error as CoreError;
use jinlin_model::docs::request::voice;
use jinlin_model::refusal::Refusal;

use crate::kinds::Status;

/// What a Jinlin call can fail with. A call that fails has written nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum JinlinError {
    /// The relay could not be reached. Changes stay on the device and leave with the next sync.
    #[error("the relay could not be reached; your changes are kept on this device and will be sent later")]
    Offline,
    /// A neighbour's phone was not trusted, refused this one, or the link to it failed
    /// (peer-to-peer sync); what arrived whole before is kept.
    #[error("{reason}")]
    Peer {
        /// What happened: free English text from the peer session, shown in brackets after the
        /// localized message for whoever helps.
        reason: String,
    },
    /// The member may not do this (not the requester, not staff, ...).
    #[error("not allowed: {reason}")]
    NotAllowed {
        /// Why: one of the core's rules, as free English text (shown in brackets after the
        /// localized message).
        reason: String,
    },
    /// The member already has an active sign-up on this request.
    #[error("you have already signed up for this request")]
    AlreadySignedUp,
    /// The member has no active sign-up on this request to withdraw.
    #[error("you have no active sign-up on this request")]
    NoSignup,
    /// The action does not fit where the request stands (finishing one nobody started, say).
    #[error("not possible while the request is {status:?}")]
    WrongStatus {
        /// Where the request stands.
        status: Status,
    },
    /// Something typed or chosen is not acceptable.
    #[error("{reason}")]
    InvalidInput {
        /// What is wrong with it: free English text from the core's checks (shown in brackets
        /// after the localized message).
        reason: String,
    },
    /// A required text was left empty.
    #[error("{what} must not be empty")]
    EmptyText {
        /// Which text, as the core names it ("request text", "name", "invite code").
        what: String,
    },
    /// A text is longer than allowed.
    #[error("{what} is too long ({length} characters; at most {max})")]
    TooLong {
        /// Which text, as the core names it.
        what: String,
        /// Its length in characters.
        length: i64,
        /// The most allowed.
        max: i64,
    },
    /// A voice note plays longer than allowed.
    #[error("the voice note is too long ({seconds} s; at most {max} s)")]
    VoiceTooLong {
        /// How long it plays, in whole seconds (rounded up).
        seconds: i64,
        /// The most allowed, in seconds.
        max: i64,
    },
    /// A request asks for no volunteers, or for too many.
    #[error("a request needs 1 to {max} volunteers, not {given}")]
    InvalidSlots {
        /// What was asked for.
        given: i64,
        /// The most allowed.
        max: i64,
    },
    /// An invite code that cannot be a code (mistyped, too short).
    #[error("this is not an invite code")]
    BadInviteCode,
    /// An invite code that was revoked, has expired or has been used up: a new one is needed.
    #[error("this invite code can no longer be used")]
    InviteGone,
    /// No such request, group or invite, or something else the relay does not know.
    #[error("not found: {what:?}{}", reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default())]
    NotFound {
        /// What was looked for.
        what: Missing,
        /// The relay's sentence, when it was the relay that found nothing ("no such member"):
        /// free English text, shown in brackets after the localized message, in the phone's
        /// language when the table of refusals has it. `None` when this phone looked.
        reason: Option<String>,
    },
    /// The request is done or cancelled and can no longer change.
    #[error("this request can no longer change")]
    RequestFinal {
        /// Its final status.
        status: Status,
    },
    /// The device has no identity, or the relay does not know it: register first.
    #[error("this device is not registered yet; register it first")]
    NotRegistered,
    /// The relay refused the call for another reason.
    #[error("the relay refused: {reason}")]
    Relay {
        /// The relay's explanation, free English text (shown in brackets).
        reason: String,
    },
    /// This version of the app is too old for the data or the relay.
    #[error("update the app: {reason}")]
    UpdateRequired {
        /// What is newer than this version (for support; not shown).
        reason: String,
    },
    /// The local database failed or is damaged.
    #[error("the local database failed: {reason}")]
    Storage {
        /// What failed (for support; not shown).
        reason: String,
    },
    /// Something failed inside the library; the data on the device is kept.
    #[error("something went wrong inside Jinlin: {reason}")]
    Internal {
        /// What failed (for support; not shown).
        reason: String,
    },
}

impl JinlinError {
    /// Something this phone looked for among what it holds (a visit, a need, a team it has
    /// just made) and did not find.
    pub(crate) fn not_held() -> Self {
        JinlinError::NotFound {
            what: Missing::Other,
            reason: None,
        }
    }
}

/// What a [`JinlinError::NotFound`] looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Missing {
    /// A request this device does not hold.
    Request,
    /// A group this device does not hold.
    Group,
    /// An invite code the relay does not know.
    Invite,
    /// Something else the relay does not know (a member, a pairing, a photo).
    Other,
}

impl From<CoreError> for JinlinError {
    fn from(e: CoreError) -> Self {
        use JinlinError as J;
        let out = match e {
            CoreError::EmptyText(what) => J::EmptyText { what: what.into() },
            CoreError::TooLong { what, len, max } if what == voice::TOO_LONG => J::VoiceTooLong {
                seconds: i64::try_from(len).unwrap_or(i64::MAX),
                max: i64::try_from(max).unwrap_or(i64::MAX),
            },
            CoreError::TooLong { what, len, max } if what == voice::TOO_LARGE => J::InvalidInput {
                reason: Refusal::VoiceTooLarge.with(&[&len, &max]),
            },
            CoreError::TooLong { what, len, max } => J::TooLong {
                what: what.into(),
                length: i64::try_from(len).unwrap_or(i64::MAX),
                max: i64::try_from(max).unwrap_or(i64::MAX),
            },
            CoreError::InvalidSlots { given, max } => J::InvalidSlots { given, max },
            CoreError::InvalidInput(_) | CoreError::UnknownWord(_) | CoreError::BadId(_) => {
                J::InvalidInput { reason: e.to_string() }
            }
            CoreError::UnknownRequest(_) => J::NotFound {
                what: Missing::Request,
                reason: None,
            },
            CoreError::UnknownGroup(_) => J::NotFound {
                what: Missing::Group,
                reason: None,
            },
            CoreError::RequestFinal(status) => J::RequestFinal { status: status.into() },
            CoreError::WrongStatus { status, .. } => J::WrongStatus { status: status.into() },
            CoreError::AlreadySignedUp => J::AlreadySignedUp,
            CoreError::NoSignup => J::NoSignup,
            CoreError::NotAllowed(reason) => J::NotAllowed { reason: reason.into() },
            CoreError::NoIdentity => J::NotRegistered,
            CoreError::CorruptStore { reason, .. } => J::Storage { reason },
            CoreError::NewerStore { .. } => J::UpdateRequired {
                reason: "the local database was written by a newer version".into(),
            },
            CoreError::Sql(e) => J::Storage { reason: e.to_string() },
            CoreError::Offline(_) => J::Offline,
            CoreError::Peer(reason) => J::Peer { reason },
            CoreError::Relay { status, message } => from_relay(status, message),
            CoreError::Protocol(reason) if reason.contains("protocol version") => J::UpdateRequired { reason },
            CoreError::CorruptDocument { reason, .. } => J::Internal {
                reason: format!("a document could not be read ({reason})"),
            },
            other => J::Internal {
                reason: other.to_string(),
            },
        };
        if matches!(out, J::Storage { .. } | J::Internal { .. }) {
            tracing::warn!(error = %out, "jinlin call failed");
        }
        out
    }
}

/// The error of redeeming an invite code: a code that cannot be one, or that the relay does not
/// know or no longer honours, is said as such; anything else as any call's error.
pub(crate) fn from_join(e: CoreError) -> JinlinError {
    match e {
        CoreError::EmptyText("invite code") | CoreError::InvalidInput(_) => JinlinError::BadInviteCode,
        CoreError::Relay { status: 404, message } => JinlinError::NotFound {
            what: Missing::Invite,
            reason: Some(message),
        },
        CoreError::Relay { status: 410, .. } => JinlinError::InviteGone,
        other => other.into(),
    }
}

fn from_relay(status: u16, message: String) -> JinlinError {
    match status {
        401 => JinlinError::NotRegistered,
        403 => JinlinError::NotAllowed { reason: message },
        404 => JinlinError::NotFound {
            what: Missing::Other,
            reason: Some(message),
        },
        // 410: an invite used up or expired; the person needs a new code.
        410 => JinlinError::InviteGone,
        400 | 409 | 413 | 422 => JinlinError::InvalidInput { reason: message },
        426 => JinlinError::UpdateRequired { reason: message },
        _ => JinlinError::Relay { reason: message },
    }
}

#[cfg(test)]
mod tests {
    use jinlin_core::DocId;
    use jinlin_model::kinds::Status as CoreStatus;

    use super::*;

    #[test]
    fn a_voice_note_too_long_says_its_seconds_and_one_too_large_its_bytes() {
        let long = JinlinError::from(CoreError::TooLong {
            what: voice::TOO_LONG,
            len: 75,
            max: 60,
        });
        assert_eq!(long, JinlinError::VoiceTooLong { seconds: 75, max: 60 });
        let large = JinlinError::from(CoreError::TooLong {
            what: voice::TOO_LARGE,
            len: 2_000_000,
            max: 1_048_576,
        });
        assert_eq!(
            large,
            JinlinError::InvalidInput {
                reason: "the voice note is 2000000 bytes; at most 1048576".into()
            }
        );
    }

    #[test]
    fn an_empty_text_keeps_which_text_it_was() {
        let e = JinlinError::from(CoreError::EmptyText("text"));
        assert_eq!(e, JinlinError::EmptyText { what: "text".into() });
        let bad_id = "x".parse::<DocId>().expect_err("not an id");
        assert!(matches!(
            JinlinError::from(CoreError::from(bad_id)),
            JinlinError::InvalidInput { .. }
        ));
    }

    #[test]
    fn a_too_long_text_keeps_its_length_and_the_limit() {
        let e = JinlinError::from(CoreError::TooLong {
            what: "comment",
            len: 3027,
            max: 2000,
        });
        assert_eq!(
            e,
            JinlinError::TooLong {
                what: "comment".into(),
                length: 3027,
                max: 2000
            }
        );
    }

    #[test]
    fn forbidden_actions_are_not_allowed_and_sign_ups_say_which() {
        let e = JinlinError::from(CoreError::NotAllowed(Refusal::RequestCancels.en()));
        assert_eq!(e.to_string(), "not allowed: only the requester cancels");
        assert_eq!(
            JinlinError::from(CoreError::AlreadySignedUp),
            JinlinError::AlreadySignedUp
        );
        assert_eq!(JinlinError::from(CoreError::NoSignup), JinlinError::NoSignup);
        let e = JinlinError::from(CoreError::WrongStatus {
            action: "finish",
            status: CoreStatus::Open,
        });
        assert_eq!(e, JinlinError::WrongStatus { status: Status::Open });
    }

    #[test]
    fn a_final_request_says_so() {
        let e = JinlinError::from(CoreError::RequestFinal(CoreStatus::Done));
        assert_eq!(e, JinlinError::RequestFinal { status: Status::Done });
    }

    #[test]
    fn unknown_ids_are_not_found_without_echoing_the_id() {
        let id = DocId::random();
        let e = JinlinError::from(CoreError::UnknownRequest(id));
        assert_eq!(
            e,
            JinlinError::NotFound {
                what: Missing::Request,
                reason: None
            }
        );
        assert!(!e.to_string().contains(&id.to_string()));
    }

    #[test]
    fn a_device_without_identity_must_register() {
        assert_eq!(JinlinError::from(CoreError::NoIdentity), JinlinError::NotRegistered);
        let e = CoreError::Relay {
            status: 401,
            message: "unknown token".into(),
        };
        assert_eq!(JinlinError::from(e), JinlinError::NotRegistered);
    }

    #[test]
    fn invite_codes_that_cannot_be_used_say_why() {
        let gone = CoreError::Relay {
            status: 410,
            message: "this invite code has been used up".into(),
        };
        assert_eq!(from_join(gone), JinlinError::InviteGone);
        let unknown = CoreError::Relay {
            status: 404,
            message: "no such invite code".into(),
        };
        assert_eq!(
            from_join(unknown),
            JinlinError::NotFound {
                what: Missing::Invite,
                reason: Some("no such invite code".into())
            }
        );
        let mistyped = CoreError::InvalidInput("an invite code has 10 letters".into());
        assert_eq!(from_join(mistyped), JinlinError::BadInviteCode);
        assert_eq!(
            from_join(CoreError::EmptyText("invite code")),
            JinlinError::BadInviteCode
        );
        assert_eq!(from_join(CoreError::Offline("refused".into())), JinlinError::Offline);
    }

    #[test]
    fn an_unreachable_relay_is_offline_without_its_address() {
        let e = JinlinError::from(CoreError::Offline("connect to http://10.1.2.3:9 refused".into()));
        assert_eq!(e, JinlinError::Offline);
        assert!(!e.to_string().contains("10.1.2.3"));
    }

    #[test]
    fn a_damaged_store_does_not_reveal_its_path() {
        let e = JinlinError::from(CoreError::CorruptStore {
            path: "/data/user/0/home-of-someone/jinlin.db".into(),
            reason: "not a database file".into(),
        });
        assert_eq!(
            e,
            JinlinError::Storage {
                reason: "not a database file".into()
            }
        );
        assert!(!e.to_string().contains("home-of-someone"));
    }
}
