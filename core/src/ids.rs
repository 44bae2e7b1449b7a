//! Identifier newtypes. Every id in Jinlin is a UUID; the types keep a request id from being passed
//! where a member id is expected, and each parses with its own error.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The error returned when a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {kind} id: {value:?}")]
pub struct IdParseError {
    /// Which id was being parsed ("request", "group", ...).
    pub kind: &'static str,
    /// The offending text, cut to a short prefix.
    pub value: String,
}

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $label:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh random id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
            /// The id's 16 bytes.
            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
            /// Builds the id from 16 bytes.
            pub fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| IdParseError {
                    kind: $label,
                    value: s.chars().take(40).collect(),
                })
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdParseError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}

id_type!(
    /// Identifies a document: a group or a help request.
    DocId,
    "document"
);
id_type!(
    /// Identifies a member (a person with a device). It is also the device's Automerge actor.
    MemberId,
    "member"
);
id_type!(
    /// Identifies one sign-up of a volunteer on a request.
    SignupId,
    "sign-up"
);

impl MemberId {
    /// The Automerge actor this member writes changes as.
    pub fn actor(&self) -> automerge::ActorId {
        automerge::ActorId::from(&self.as_bytes()[..])
    }
}

/// The actor id the relay writes its own changes as (sign-up order, memberships). Devices never
/// use it; the relay rejects changes from devices that claim it.
pub fn relay_actor() -> automerge::ActorId {
    automerge::ActorId::from(&RELAY_ACTOR[..])
}

const RELAY_ACTOR: [u8; 16] = *b"jinlin-relay\0\0\0\x01";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = DocId::random();
        assert_eq!(id.to_string().parse::<DocId>(), Ok(id));
    }

    #[test]
    fn a_bad_id_names_its_kind() {
        let err = "nope".parse::<MemberId>().expect_err("not an id");
        assert_eq!(err.to_string(), "not a valid member id: \"nope\"");
    }
}
