//! Registration, `POST /v1/devices`: a device introduces the member id it made for itself and
//! the token it will authenticate with. A member id belongs to the first device that registers
//! it.
//!
//! Registration is idempotent so that a lost answer never locks a device out: the device makes
//! its token itself, keeps it before sending, and sends it (`token`). Sending the same
//! registration again succeeds (and updates the name); so does a renewal sent again after the
//! relay already switched to the new token. A device that sends no token (older builds) gets one
//! made by the relay, as before. Anything else that names a registered member id is refused
//! (409), and a revoked member id is gone for good (410).

use jinlin_model::ids::relay_actor;
use jinlin_model::peer::credential;
use jinlin_model::protocol::{RegisterRequest, RegisterResponse};
use jinlin_model::refusal::Refusal;
use jinlin_model::validate;

use crate::auth::{TOKEN_BYTES, new_token, sha256};
use crate::error::AppError;
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest, Write};

/// What a registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// A new device.
    Created,
    /// The device was already registered with this very token (a resent registration, or a new
    /// name); nothing but the name changed.
    Again,
    /// The device proved its current token and now has the new one.
    Renewed,
}

/// A token a device chose: 64 hex digits, kept in lower case (as [`crate::auth::presented_token`]
/// hashes it).
fn chosen_token(token: &str) -> Result<String, AppError> {
    let token = token.trim();
    if token.len() != TOKEN_BYTES * 2 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest(
            Refusal::DeviceTokenForm.with(&[&(TOKEN_BYTES * 2), &TOKEN_BYTES]),
        ));
    }
    Ok(token.to_ascii_lowercase())
}

impl Relay {
    /// Registers a device. `presented` is the hash of the bearer token sent along, if any.
    pub fn register(
        &self,
        req: &RegisterRequest,
        presented: Option<Digest>,
    ) -> Result<(RegisterResponse, Registered), AppError> {
        let name =
            validate::text("name", &req.name, validate::MAX_NAME).map_err(|e| AppError::BadRequest(e.to_string()))?;
        if req.member_id.actor() == relay_actor() {
            return Err(AppError::BadRequest(Refusal::MemberIdReserved.into()));
        }
        let chosen = req.token.as_deref().map(chosen_token).transpose()?;
        let device_key = req
            .device_key
            .as_deref()
            .map(|k| credential::parse_key(k).ok_or_else(|| AppError::BadRequest(Refusal::DeviceKeyForm.into())))
            .transpose()?;
        let (token, token_hash) = match chosen {
            Some(t) => {
                let hash = sha256(t.as_bytes());
                (t, hash)
            }
            None => new_token()?,
        };
        let _writer = self.writer()?;
        let existing = self.store.device(req.member_id)?;
        let (created_at, outcome) = match existing {
            Some(d) if !d.is_active() => {
                return Err(AppError::Gone {
                    code: "device_revoked",
                    message: Refusal::DeviceRevoked.en(),
                });
            }
            None => (self.now(), Registered::Created),
            Some(d) if d.token_hash == token_hash => (d.created_at, Registered::Again),
            Some(d) if presented == Some(d.token_hash) => (d.created_at, Registered::Renewed),
            Some(_) => {
                return Err(AppError::Conflict(Refusal::MemberIdTaken.into()));
            }
        };
        if outcome != Registered::Again
            && let Some(other) = self.store.device_by_token(&token_hash)?
            && other.member_id != req.member_id
        {
            return Err(AppError::Conflict(Refusal::TokenOfAnother.into()));
        }
        // A device's key is set once: credentials name it, so another key would be another device.
        if let Some(key) = device_key
            && self.store.device_key(req.member_id)?.is_some_and(|held| held != key)
        {
            return Err(AppError::Conflict(Refusal::OtherKey.into()));
        }
        let mut writes = vec![Write::PutDevice(DeviceRecord {
            member_id: req.member_id,
            name,
            token_hash,
            created_at,
            revoked_at: None,
            revoked_by: None,
        })];
        writes.extend(device_key.map(|key| Write::PutDeviceKey {
            member: req.member_id,
            key,
            at: self.now(),
        }));
        self.store.write(&writes)?;
        tracing::info!(member = %req.member_id, ?outcome, "device registered");
        Ok((
            RegisterResponse {
                member_id: req.member_id,
                token,
                relay_key: Some(self.public_key()?),
            },
            outcome,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_token_is_64_hex_digits_kept_in_lower_case() {
        let upper = "AB".repeat(32);
        assert_eq!(chosen_token(&upper).ok(), Some("ab".repeat(32)));
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(66)] {
            assert!(chosen_token(bad).is_err(), "{bad:?}");
        }
    }
}
