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
    /// Identifies a member (a person with a device). Every Automerge actor the member writes as
    /// begins with it (see [`MemberId::of_actor`]).
    MemberId,
    "member"
);
id_type!(
    /// Identifies one sign-up of a volunteer on a request.
    SignupId,
    "sign-up"
);

/// How many bytes an installation adds after the member id to make its actor.
pub const INSTALLATION_LEN: usize = 8;

impl MemberId {
    /// The member id itself as an Automerge actor: what devices wrote as before each installation
    /// had its own actor, and what a document's creating change is still written as (a document
    /// is created by one installation only). Changes by it stay the member's.
    pub fn actor(&self) -> automerge::ActorId {
        automerge::ActorId::from(&self.as_bytes()[..])
    }

    /// The actor one installation of this member writes as: the member id followed by the
    /// installation's bytes, so two copies of one store never write the same actor's sequence.
    pub fn installation_actor(&self, installation: &[u8; INSTALLATION_LEN]) -> automerge::ActorId {
        let mut bytes = Vec::with_capacity(16 + INSTALLATION_LEN);
        bytes.extend_from_slice(self.as_bytes());
        bytes.extend_from_slice(installation);
        automerge::ActorId::from(bytes)
    }

    /// The member who writes as `actor`: the member id itself, or the member id followed by an
    /// installation's bytes. `None` for the relay's actor (bare or lengthened) and any other shape,
    /// so no device can write as the relay.
    pub fn of_actor(actor: &automerge::ActorId) -> Option<MemberId> {
        let bytes = actor.to_bytes();
        if bytes.len() != 16 && bytes.len() != 16 + INSTALLATION_LEN {
            return None;
        }
        let prefix: [u8; 16] = bytes[..16].try_into().ok()?;
        (prefix != RELAY_ACTOR).then(|| MemberId::from_bytes(prefix))
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
    fn every_actor_of_a_member_maps_back_to_that_member() {
        let me = MemberId::random();
        assert_eq!(
            MemberId::of_actor(&me.actor()),
            Some(me),
            "the bare actor of older stores"
        );
        let phone = me.installation_actor(&[7; INSTALLATION_LEN]);
        let copy = me.installation_actor(&[8; INSTALLATION_LEN]);
        assert_ne!(phone, copy, "two installations write as two actors");
        assert_eq!(MemberId::of_actor(&phone), Some(me));
        assert_eq!(MemberId::of_actor(&copy), Some(me));
    }

    #[test]
    fn a_forged_actor_belongs_to_the_member_it_names_never_to_the_uploader() {
        let me = MemberId::random();
        let neighbour = MemberId::random();
        let forged = neighbour.installation_actor(&[1; INSTALLATION_LEN]);
        assert_eq!(MemberId::of_actor(&forged), Some(neighbour));
        assert_ne!(MemberId::of_actor(&forged), Some(me), "my upload may not carry it");
    }

    #[test]
    fn the_relays_actor_belongs_to_no_member_however_it_is_lengthened() {
        assert_eq!(MemberId::of_actor(&relay_actor()), None);
        let relay_as_member = MemberId::from_bytes(RELAY_ACTOR);
        assert_eq!(
            MemberId::of_actor(&relay_as_member.installation_actor(&[0; INSTALLATION_LEN])),
            None
        );
        for len in [0, 8, 15, 17, 23, 25, 32] {
            let odd = automerge::ActorId::from(vec![9u8; len]);
            assert_eq!(MemberId::of_actor(&odd), None, "an actor of {len} bytes is no member's");
        }
    }

    #[test]
    fn a_bad_id_names_its_kind() {
        let err = "nope".parse::<MemberId>().expect_err("not an id");
        assert_eq!(err.to_string(), "not a valid member id: \"nope\"");
    }
}
