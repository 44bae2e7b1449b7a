//! What the relay does for peer-to-peer sync (`jinlin_model::peer`): it keeps a signing key of
//! its own, made once ([`crate::store::PeerStore::relay_key`]), whose public half a device pins
//! when it registers, and it vouches for a registered device with a membership credential per
//! community, `GET /v1/credentials`: the member, their name, the device's public key (sent at
//! registration), their groups in that community with their roles (and a building leader's
//! building), for a week. With it come the members whose devices were revoked, whose
//! credentials phones refuse from then on. A revoked device's token opens nothing, so it gets
//! no credential.

use std::collections::BTreeMap;

use jinlin_model::peer::credential::{self, Credential, FORMAT, LIFETIME_MS, SigningKey, Vouched};
use jinlin_model::protocol::Credentials;
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, Role};

use crate::error::{AppError, Error};
use crate::relay::Relay;
use crate::store::DeviceRecord;

impl Relay {
    /// The relay's signing key: the one kept, made and kept now on first use.
    pub fn signing_key(&self) -> Result<SigningKey, Error> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).map_err(|e| Error::Task(format!("no randomness for the relay's key: {e}")))?;
        let seed = self.store.relay_key(&fresh, self.now())?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// The relay's public key, hex, as devices pin it.
    pub fn public_key(&self) -> Result<String, Error> {
        Ok(hex::encode(self.signing_key()?.public()))
    }

    /// Fresh credentials for `device`, one per community it belongs to, with the revoked members.
    /// A device that sent no key when it registered (an older build) must register again with
    /// one first.
    pub fn credentials(&self, device: &DeviceRecord) -> Result<Credentials, AppError> {
        let key = self.signing_key()?;
        let device_key = self
            .store
            .device_key(device.member_id)?
            .ok_or_else(|| AppError::Conflict(Refusal::KeyNotSent.into()))?;
        let now = self.now();
        let tree = self.tree();
        let memberships = self.store.memberships(device.member_id)?;
        let mut communities: BTreeMap<DocId, Vec<Vouched>> = BTreeMap::new();
        {
            let mut cache = self.docs();
            for m in memberships.iter().filter(|m| tree.get(m.group_id).is_some()) {
                let building = match m.role {
                    Role::BuildingLeader => self.home_building(&mut cache, m.group_id, device.member_id)?,
                    _ => None,
                };
                communities.entry(tree.root(m.group_id)).or_default().push(Vouched {
                    group: m.group_id,
                    role: m.role,
                    building,
                });
            }
        }
        let credentials = communities
            .into_iter()
            .map(|(community, groups)| {
                credential::issue(
                    &key,
                    &Credential {
                        format: FORMAT,
                        community,
                        member: device.member_id,
                        name: device.name.clone(),
                        device_key: hex::encode(device_key),
                        groups,
                        issued_at: now,
                        expires_at: now + LIFETIME_MS,
                    },
                )
            })
            .collect();
        Ok(Credentials {
            relay_key: hex::encode(key.public()),
            credentials,
            revoked: self.store.revoked_members()?,
        })
    }
}
