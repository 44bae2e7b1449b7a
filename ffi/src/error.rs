//! The one error the shells see. It is flat (`flat_error`: in Kotlin and Swift each case is an
//! exception whose message is the sentence below) and small, says what a person can do about it, and
//! carries no personal data: no names, addresses or request texts, and no file paths.
//!
//! The core's error is converted in one place, [`From<jinlin_core::Error>`], which also decides
//! what is logged: failures of the device itself (storage, damaged documents) are logged as
//! warnings; refusals of bad input or forbidden actions are the person's to fix and are not.

use jinlin_core::Error as CoreError;

use crate::kinds::Status;

/// What a Jinlin call can fail with. A call that fails has written nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum JinlinError {
    /// The relay could not be reached. Changes stay on the device and leave with the next sync.
    #[error("the relay could not be reached; your changes are kept on this device and will be sent later")]
    Offline,
    /// A neighbour's phone was not trusted, refused this one, or the link to it failed
    /// (peer-to-peer sync); what arrived whole before is kept.
    #[error("{reason}")]
    Peer {
        /// What happened, in words a person can act on.
        reason: String,
    },
    /// The member may not do this (not the requester, not staff, already signed up, ...).
    #[error("not allowed: {reason}")]
    NotAllowed {
        /// Why, in words the person can act on.
        reason: String,
    },
    /// Something typed or chosen is not acceptable (empty text, too long, a bad id or code).
    #[error("{reason}")]
    InvalidInput {
        /// What is wrong with it.
        reason: String,
    },
    /// No such request, group or invite.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for: "request", "group" or "invite".
        what: String,
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
        /// The relay's explanation.
        reason: String,
    },
    /// This version of the app is too old for the data or the relay.
    #[error("update the app: {reason}")]
    UpdateRequired {
        /// What is newer than this version.
        reason: String,
    },
    /// The local database failed or is damaged.
    #[error("the local database failed: {reason}")]
    Storage {
        /// What failed.
        reason: String,
    },
    /// Something failed inside the library; the data on the device is kept.
    #[error("something went wrong inside Jinlin: {reason}")]
    Internal {
        /// What failed.
        reason: String,
    },
}

impl From<CoreError> for JinlinError {
    fn from(e: CoreError) -> Self {
        use JinlinError as J;
        let out = match e {
            CoreError::EmptyText(_)
            | CoreError::TooLong { .. }
            | CoreError::InvalidSlots { .. }
            | CoreError::InvalidInput(_)
            | CoreError::UnknownWord(_)
            | CoreError::BadId(_) => J::InvalidInput { reason: e.to_string() },
            CoreError::UnknownRequest(_) => J::NotFound { what: "request".into() },
            CoreError::UnknownGroup(_) => J::NotFound { what: "group".into() },
            CoreError::RequestFinal(status) => J::RequestFinal { status: status.into() },
            CoreError::WrongStatus { .. } | CoreError::AlreadySignedUp | CoreError::NoSignup => {
                J::NotAllowed { reason: e.to_string() }
            }
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

fn from_relay(status: u16, message: String) -> JinlinError {
    match status {
        401 => JinlinError::NotRegistered,
        403 => JinlinError::NotAllowed { reason: message },
        404 => JinlinError::NotFound { what: message },
        // 410: an invite used up or expired; the person needs a new code.
        400 | 409 | 410 | 413 | 422 => JinlinError::InvalidInput { reason: message },
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
    fn bad_input_is_invalid_input_with_the_reason() {
        let e = JinlinError::from(CoreError::EmptyText("text"));
        assert_eq!(
            e,
            JinlinError::InvalidInput {
                reason: "text must not be empty".into()
            }
        );
        let bad_id = "x".parse::<DocId>().expect_err("not an id");
        assert!(matches!(
            JinlinError::from(CoreError::from(bad_id)),
            JinlinError::InvalidInput { .. }
        ));
    }

    #[test]
    fn forbidden_actions_are_not_allowed() {
        let e = JinlinError::from(CoreError::NotAllowed("only the requester may cancel"));
        assert_eq!(e.to_string(), "not allowed: only the requester may cancel");
        assert!(matches!(
            JinlinError::from(CoreError::AlreadySignedUp),
            JinlinError::NotAllowed { .. }
        ));
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
        assert_eq!(e, JinlinError::NotFound { what: "request".into() });
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
    fn a_used_up_invite_is_invalid_input_and_an_unknown_one_not_found() {
        let gone = CoreError::Relay {
            status: 410,
            message: "this invite code has been used up".into(),
        };
        assert!(matches!(JinlinError::from(gone), JinlinError::InvalidInput { .. }));
        let unknown = CoreError::Relay {
            status: 404,
            message: "no such invite code".into(),
        };
        assert_eq!(JinlinError::from(unknown).to_string(), "not found: no such invite code");
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
