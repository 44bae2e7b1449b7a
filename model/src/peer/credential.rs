//! The membership credential: what a relay vouches for about a device, so that a peer with no
//! relay in reach can tell a neighbour from a stranger.
//!
//! A credential is a JSON text ([`Credential`]) and an Ed25519 signature over exactly those bytes
//! by the relay's key ([`SignedCredential`]); the bytes travel as they were signed, so nothing has
//! to be re-encoded the same way to check them. It names the community it speaks for, the member
//! and their registered name, the device's public key, the member's groups with their roles (and
//! a building leader's building), when it was issued and when it expires (a week: a phone that
//! has not reached its relay for longer is no longer vouched for). A peer accepts it only if
//! the relay key it pinned signed it, it has not expired, its member is not on the revocation list
//! the peer last received, and it speaks for the same community.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::ids::{DocId, MemberId};
use crate::kinds::Role;

/// How long a credential is good for.
pub const LIFETIME_MS: Millis = 7 * 24 * 3_600_000;
/// The credential format this build writes and reads.
pub const FORMAT: u32 = 1;

/// An Ed25519 public key.
pub type PublicKey = [u8; 32];

/// A member's place in one group, as the relay vouches for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vouched {
    /// The group.
    pub group: DocId,
    /// The member's role there.
    pub role: Role,
    /// The building a building leader looks after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

/// What the relay vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    /// [`FORMAT`].
    pub format: u32,
    /// The community (the root of the group tree) it speaks for.
    pub community: DocId,
    /// The member.
    pub member: MemberId,
    /// Their registered name.
    pub name: String,
    /// The device's signing key (hex of 32 bytes).
    pub device_key: String,
    /// Their groups in that community.
    pub groups: Vec<Vouched>,
    /// When the relay issued it.
    pub issued_at: Millis,
    /// When it stops being good.
    pub expires_at: Millis,
}

impl Credential {
    /// The device key as bytes, if it reads.
    pub fn device_key(&self) -> Option<PublicKey> {
        parse_key(&self.device_key)
    }

    /// The member's role in `group`, if the credential names one.
    pub fn role_in(&self, group: DocId) -> Option<Role> {
        self.groups.iter().find(|v| v.group == group).map(|v| v.role)
    }
}

/// A credential as it travels: the exact bytes the relay signed, and its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCredential {
    /// The credential's JSON text.
    pub body: String,
    /// Hex of the relay's Ed25519 signature over `body`'s bytes.
    pub signature: String,
}

/// Why a peer's credential is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not signed by the relay this device trusts (forged, or another relay's).
    #[error("the credential is not signed by this community's relay")]
    Forged,
    /// It does not read as a credential of a format this build knows.
    #[error("the credential does not read: {0}")]
    Unreadable(String),
    /// It expired: its device has not reached the relay for a week.
    #[error("the credential expired; its phone must reach the relay first")]
    Expired,
    /// Its member was revoked (a lost phone).
    #[error("this phone was revoked")]
    Revoked,
    /// It speaks for another community.
    #[error("the credential is for another community")]
    OtherCommunity,
    /// It names no usable device key.
    #[error("the credential names no device key")]
    NoDeviceKey,
    /// The peer did not prove it holds the credential's key.
    #[error("the peer did not prove it holds its credential's key")]
    NoProof,
}

/// A relay's (or a device's) Ed25519 signing key.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &hex::encode(self.public()))
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new key from the operating system's randomness.
    pub fn generate() -> crate::error::Result<SigningKey> {
        let mut seed = [0u8; 32];
        // The device's own failure, passing the system's words on: nothing a person typed, so
        // no entry of the table of refusals (the scan in refusal/tests.rs lets it through).
        getrandom::fill(&mut seed).map_err(|e| crate::error::Error::InvalidInput(format!("no randomness: {e}")))?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// The key with this 32-byte seed (as kept in a store).
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// The seed, to keep in a store.
    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        self.0.verifying_key().to_bytes()
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer as _;
        self.0.sign(message).to_bytes()
    }
}

/// A public key written as 64 hex digits, if it is one (a point Ed25519 can verify with).
pub fn parse_key(text: &str) -> Option<PublicKey> {
    let key: PublicKey = hex::decode(text.trim()).ok()?.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&key).ok()?;
    Some(key)
}

/// What a credential says, read without checking it (to pick which of one's own to show, or
/// whether one's own is due for renewal); never to trust a peer's: that is [`check`].
pub fn peek(signed: &SignedCredential) -> Option<Credential> {
    serde_json::from_str(&signed.body).ok()
}

/// Whether `signature` is `key`'s over `message` (strict verification: no malleable signatures).
pub fn verify(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(key) else {
        return false;
    };
    let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
        return false;
    };
    key.verify_strict(message, &signature).is_ok()
}

/// Signs `credential` with the relay's key.
pub fn issue(relay: &SigningKey, credential: &Credential) -> SignedCredential {
    let body = serde_json::to_string(credential).unwrap_or_default();
    let signature = hex::encode(relay.sign(body.as_bytes()));
    SignedCredential { body, signature }
}

/// Checks a peer's credential: signed by `relay_key`, unexpired at `now`, its member not in
/// `revoked`, for `community`. The credential, if it holds.
pub fn check(
    signed: &SignedCredential,
    relay_key: &PublicKey,
    community: DocId,
    revoked: &[MemberId],
    now: Millis,
) -> Result<Credential, Refused> {
    let signature = hex::decode(&signed.signature).map_err(|_| Refused::Forged)?;
    if !verify(relay_key, signed.body.as_bytes(), &signature) {
        return Err(Refused::Forged);
    }
    let credential: Credential = serde_json::from_str(&signed.body).map_err(|e| Refused::Unreadable(e.to_string()))?;
    if credential.format != FORMAT {
        return Err(Refused::Unreadable(format!("format {}", credential.format)));
    }
    if now >= credential.expires_at {
        return Err(Refused::Expired);
    }
    if revoked.contains(&credential.member) {
        return Err(Refused::Revoked);
    }
    if credential.community != community {
        return Err(Refused::OtherCommunity);
    }
    if credential.device_key().is_none() {
        return Err(Refused::NoDeviceKey);
    }
    Ok(credential)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const NOW: Millis = 1_796_000_000_000;

    /// A credential for `member` in `community`, with `device`'s key, issued now.
    pub(crate) fn credential(community: DocId, member: MemberId, device: &SigningKey) -> Credential {
        Credential {
            format: FORMAT,
            community,
            member,
            name: "Lan".into(),
            device_key: hex::encode(device.public()),
            groups: vec![Vouched {
                group: community,
                role: Role::Resident,
                building: None,
            }],
            issued_at: NOW,
            expires_at: NOW + LIFETIME_MS,
        }
    }

    #[test]
    fn a_credential_the_relay_signed_is_accepted_with_what_it_vouches_for() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let device = SigningKey::from_seed(&[2; 32]);
        let (community, member) = (DocId::random(), MemberId::random());
        let signed = issue(&relay, &credential(community, member, &device));
        let got = check(&signed, &relay.public(), community, &[], NOW + 1).expect("accepted");
        assert_eq!(got.member, member);
        assert_eq!(got.device_key(), Some(device.public()));
        assert_eq!(got.role_in(community), Some(Role::Resident));
    }

    #[test]
    fn a_forged_edited_expired_revoked_or_foreign_credential_is_refused() {
        let relay = SigningKey::from_seed(&[1; 32]);
        let device = SigningKey::from_seed(&[2; 32]);
        let (community, member) = (DocId::random(), MemberId::random());
        let honest = credential(community, member, &device);
        let signed = issue(&relay, &honest);

        let forger = SigningKey::from_seed(&[9; 32]);
        let forged = issue(&forger, &honest);
        assert_eq!(
            check(&forged, &relay.public(), community, &[], NOW),
            Err(Refused::Forged)
        );

        // A resident who edits her credential into staff breaks the relay's signature.
        let edited = SignedCredential {
            body: signed.body.replace("resident", "staff"),
            ..signed.clone()
        };
        assert_ne!(edited.body, signed.body);
        assert_eq!(
            check(&edited, &relay.public(), community, &[], NOW),
            Err(Refused::Forged)
        );

        let expired = check(&signed, &relay.public(), community, &[], NOW + LIFETIME_MS);
        assert_eq!(expired, Err(Refused::Expired));
        assert_eq!(
            check(&signed, &relay.public(), community, &[member], NOW),
            Err(Refused::Revoked)
        );
        assert_eq!(
            check(&signed, &relay.public(), DocId::random(), &[], NOW),
            Err(Refused::OtherCommunity)
        );
        let garbled = SignedCredential {
            signature: "not hex".into(),
            ..signed
        };
        assert_eq!(
            check(&garbled, &relay.public(), community, &[], NOW),
            Err(Refused::Forged)
        );
    }
}
