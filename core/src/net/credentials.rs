//! Renewing the phone's membership credentials after a sync, so that it can sync with its
//! neighbours' phones for a week without the relay (`crate::peer`). Renewed when none is held,
//! when the one held is more than [`RENEW_AFTER`] old, or when the member's groups or roles
//! changed since it was issued. A phone registered before the relay had a key (or before this
//! build) registers again first, with the same token, to send its key and pin the relay's; a
//! relay of an older build, which names no key, is asked again only a day later.
//! Every credential must verify with the pinned key, or nothing is kept.

use std::collections::BTreeSet;

use jinlin_model::Millis;
use jinlin_model::error::{Error, Result};
use jinlin_model::peer::credential;
use jinlin_model::protocol::{Membership, RegisterRequest};

use crate::device::Device;
use crate::net::client::{RelayClient, RelaySettings, pin_relay_key};

/// A credential is renewed at the first sync after it is this old (it is good for a week).
pub const RENEW_AFTER: Millis = 3_600_000;
/// A relay that issues no credentials (an older build) is asked again only after this long.
pub const ASK_OLDER_RELAY_AFTER: Millis = 24 * 3_600_000;
/// The setting under which the phone keeps when its relay last turned out to issue none.
const NO_CREDENTIALS: &str = "relay_issues_no_credentials";

/// Whether the credentials held are due for renewal, given the memberships the relay just
/// listed.
pub fn due(device: &Device, memberships: &[Membership]) -> Result<bool> {
    if memberships.is_empty() {
        return Ok(false);
    }
    if device.pinned_relay_key()?.is_none() {
        // An older relay registers the key but names none of its own: not at every sync.
        let asked: Option<Millis> = device.setting(NO_CREDENTIALS)?;
        return Ok(asked.is_none_or(|at| device.now() - at >= ASK_OLDER_RELAY_AFTER));
    }
    let held = device.vouched()?;
    if held.is_empty() {
        return Ok(true);
    }
    let now = device.now();
    if held.iter().any(|c| now - c.issued_at >= RENEW_AFTER) {
        return Ok(true);
    }
    let vouched: BTreeSet<_> = held
        .iter()
        .flat_map(|c| c.groups.iter().map(|g| (g.group, g.role)))
        .collect();
    let listed: BTreeSet<_> = memberships.iter().map(|m| (m.group_id, m.role)).collect();
    Ok(vouched != listed)
}

/// Fetches fresh credentials and keeps them (with the revocations), after registering the
/// device's key if the relay has not pinned one yet.
pub async fn renew(device: &Device, client: &RelayClient) -> Result<()> {
    if device.pinned_relay_key()?.is_none() {
        send_key(device, client).await?;
    }
    let Some(pinned) = device.pinned_relay_key()? else {
        device.set_setting(NO_CREDENTIALS, &device.now())?;
        return Err(Error::Protocol("this relay does not issue credentials".into()));
    };
    let answer = client.credentials().await?;
    if credential::parse_key(&answer.relay_key) != Some(pinned) {
        return Err(Error::Protocol(
            "the relay's key is not the one this phone pinned when it registered".into(),
        ));
    }
    for signed in &answer.credentials {
        let signature = hex::decode(&signed.signature).unwrap_or_default();
        if !credential::verify(&pinned, signed.body.as_bytes(), &signature) {
            return Err(Error::Protocol(
                "a credential is not signed by the key this phone pinned".into(),
            ));
        }
    }
    device.keep_credentials(&answer.credentials, &answer.revoked)
}

/// Registers again with the same token, sending the device's key; pins the relay's.
async fn send_key(device: &Device, client: &RelayClient) -> Result<()> {
    let settings = RelaySettings::load(device)?.ok_or(Error::NoIdentity)?;
    let identity = device.identity()?.ok_or(Error::NoIdentity)?;
    let answer = client
        .register(&RegisterRequest {
            member_id: identity.member_id,
            name: identity.name,
            token: Some(settings.token),
            device_key: Some(hex::encode(device.peer_key()?.public())),
        })
        .await?;
    pin_relay_key(device, &answer)
}
