//! The phone's trust material for peer-to-peer sync: its own Ed25519 signing key, made once and
//! kept in its store (a phone app may keep it in the platform keystore instead: Android
//! Keystore, the iOS Keychain, where Ed25519 is available), the relay's public key pinned at
//! registration, the membership credentials the relay last issued (renewed after a sync, see
//! `net/credentials.rs`) and the members the relay last said were revoked.

use jinlin_model::error::Result;
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::peer::credential::{self, Credential, PublicKey, SignedCredential, SigningKey};

use crate::device::Device;
use crate::store::peer;

impl Device {
    /// This device's signing key, made (and kept) the first time it is asked for.
    pub fn peer_key(&self) -> Result<SigningKey> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh)
            .map_err(|e| jinlin_model::Error::InvalidInput(format!("no randomness for the device's key: {e}")))?;
        let now = self.now();
        let seed = self.store().write(|tx| peer::device_seed(tx, &fresh, now))?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// The relay key pinned at registration, if the relay sent one.
    pub fn pinned_relay_key(&self) -> Result<Option<PublicKey>> {
        self.store().read(peer::relay_key)
    }

    /// Pins the relay's key (at registration).
    pub fn pin_relay_key(&self, key: &PublicKey) -> Result<()> {
        let now = self.now();
        self.store().write(|tx| peer::pin_relay_key(tx, key, now))
    }

    /// The credentials held, one per community, as the relay signed them.
    pub fn credentials(&self) -> Result<Vec<(DocId, SignedCredential)>> {
        self.store().read(peer::credentials)
    }

    /// The credential held for `community`, if any.
    pub fn credential_for(&self, community: DocId) -> Result<Option<SignedCredential>> {
        Ok(self
            .credentials()?
            .into_iter()
            .find(|(c, _)| *c == community)
            .map(|(_, s)| s))
    }

    /// What the credentials held say (read, not checked: they are this phone's own).
    pub fn vouched(&self) -> Result<Vec<Credential>> {
        Ok(self
            .credentials()?
            .iter()
            .filter_map(|(_, s)| credential::peek(s))
            .collect())
    }

    /// The members the relay last said were revoked.
    pub fn revoked_peers(&self) -> Result<Vec<MemberId>> {
        self.store().read(peer::revoked)
    }

    /// Keeps what the relay just issued, in place of what was held.
    pub fn keep_credentials(&self, credentials: &[SignedCredential], revoked: &[MemberId]) -> Result<()> {
        self.store().write(|tx| peer::replace(tx, credentials, revoked))
    }
}
