//! What the relay keeps for peer-to-peer sync (`jinlin_model::peer`): its own Ed25519 signing
//! key, made once and kept for good (phones pin its public key at registration), each device's
//! public key (set once, with [`crate::store::Write::PutDeviceKey`] in the registration's
//! transaction), and the members whose devices were revoked, whose credentials phones refuse.
//! [`PeerStore`] is part of every relay store.

use jinlin_model::{MemberId, Millis};

use crate::error::Error;

/// Storage for the keys of peer-to-peer sync.
pub trait PeerStore {
    /// The seed of the relay's signing key: the one kept, or `fresh`, kept now, if there is
    /// none. Relays sharing one database all get the first one kept.
    fn relay_key(&self, fresh: &[u8; 32], at: Millis) -> Result<[u8; 32], Error>;
    /// The public key a device sent when it registered, if it sent one.
    fn device_key(&self, member: MemberId) -> Result<Option<[u8; 32]>, Error>;
    /// Every member whose device was revoked (signed out or cut off by staff).
    fn revoked_members(&self) -> Result<Vec<MemberId>, Error>;
}

/// 32 stored bytes, or a damaged row.
pub(crate) fn key_bytes(bytes: &[u8], what: &str) -> Result<[u8; 32], Error> {
    bytes.try_into().map_err(|_| Error::CorruptDocument {
        id: what.to_string(),
        reason: format!("a stored key is {} bytes, not 32", bytes.len()),
    })
}

/// A stored member id, or a damaged row.
pub(crate) fn member(text: &str) -> Result<MemberId, Error> {
    text.parse().map_err(|_| Error::CorruptDocument {
        id: text.to_string(),
        reason: "a stored member id does not read".into(),
    })
}
