//! `register`, `whoami` and `signout`: who this device is and which relay it syncs with.

use anyhow::{Context as _, Result, bail};
use jinlin_core::net::client::{self, ClientOptions};
use serde_json::json;

use crate::args::Register;
use crate::home::Home;
use crate::lang::t;
use crate::output::{NeedsRelay, Output};

/// Registers with a relay. Registering again with the same relay renews the token and updates
/// the name; another relay needs another home. A registration the relay did not answer leaves
/// the device as it was (a fresh home stays without an identity), so it can simply be run again.
pub async fn register(home: &Home, args: Register) -> Result<Output> {
    if home.offline {
        return Err(NeedsRelay.into());
    }
    let device = &home.phone;
    let before = Before {
        identity: device.identity()?,
        ca: client::relay_ca(device)?,
    };
    let outcome = register_with(home, args).await;
    if outcome.is_err()
        && let Err(e) = before.restore(device)
    {
        tracing::warn!(error = %e, "the device could not be put back as it was");
    }
    outcome
}

/// What registering may change on the device, as it was before.
struct Before {
    identity: Option<jinlin_core::Identity>,
    ca: Option<String>,
}

impl Before {
    /// Puts the identity and the trusted authority back. A device that had no identity loses the
    /// one registering made, with the token it was about to send: a later `register` starts over.
    fn restore(&self, device: &jinlin_core::Device) -> Result<()> {
        match &self.identity {
            Some(me) => {
                device.set_identity(&me.name, me.building.as_deref(), me.unit.as_deref())?;
            }
            None => {
                device.forget_identity()?;
                device.remove_setting(client::PENDING_RELAY_SETTING)?;
            }
        }
        client::set_relay_ca(device, self.ca.as_deref())?;
        Ok(())
    }
}

async fn register_with(home: &Home, args: Register) -> Result<Output> {
    let device = &home.phone;
    let url = client::normalize_url(&args.relay)?;
    let note = match home.relay()? {
        Some(existing) if existing.url != url => {
            bail!(t!("register-elsewhere", existing = &existing.url, url = url.as_str()))
        }
        Some(_) => "again",
        None => "first",
    };
    if let Some(path) = &args.ca {
        let pem =
            std::fs::read_to_string(path).with_context(|| t!("cannot-read", path = path.display().to_string()))?;
        client::set_relay_ca(device, Some(&pem))?;
    }
    let settings = match home
        .phone
        .register(&url, &args.name, args.building.as_deref(), args.unit.as_deref())
        .await
    {
        Err(jinlin_core::Error::Relay { status: 410, .. }) => bail!(t!("register-gone", url = url.as_str())),
        other => other?,
    };
    let me = device.identity()?;
    let name = me.as_ref().map(|m| m.name.clone()).unwrap_or_default();
    Output::new(
        json!({
            "member_id": settings.member_id,
            "name": name,
            "building": me.as_ref().and_then(|m| m.building.clone()),
            "unit": me.as_ref().and_then(|m| m.unit.clone()),
            "relay": settings.url,
        }),
        t!(
            "register-hello",
            name = name,
            note = note,
            url = &settings.url,
            member = settings.member_id.to_string()
        ),
    )
}

/// Shows the identity, relay and what is waiting to be sent.
pub fn whoami(home: &Home) -> Result<Output> {
    let me = home.phone.identity()?;
    let relay = home.relay()?;
    let pending = home.phone.unsynced_docs()?.len();
    let text = match (&me, &relay) {
        (None, _) => t!("whoami-nobody"),
        (Some(me), Some(r)) => t!(
            "whoami-syncing",
            name = &me.name,
            member = me.member_id.to_string(),
            url = &r.url,
            pending = pending
        ),
        (Some(me), None) => t!(
            "whoami-unregistered",
            name = &me.name,
            member = me.member_id.to_string()
        ),
    };
    Output::new(
        json!({
            "member_id": me.as_ref().map(|m| m.member_id),
            "name": me.as_ref().map(|m| m.name.clone()),
            "building": me.as_ref().and_then(|m| m.building.clone()),
            "unit": me.as_ref().and_then(|m| m.unit.clone()),
            "relay": relay.as_ref().map(|r| r.url.clone()),
            "registered": relay.is_some(),
            "pending": pending,
        }),
        text,
    )
}

/// Signs this device out of its relay for good. What is waiting is sent first: afterwards this
/// identity can never send anything again. `--force` signs out all the same.
pub async fn signout(home: &Home, force: bool) -> Result<Output> {
    let Some(relay) = home.relay()? else {
        bail!(t!("signout-unregistered"));
    };
    let device = &home.phone;
    home.client(ClientOptions::default())?;
    let waiting =
        |d: &jinlin_core::Device| -> Result<usize> { Ok(d.unsynced_docs()?.len() + d.pending_blobs()?.len()) };
    let mut unsent = waiting(device)?;
    if unsent > 0 && !home.offline {
        match home.phone.sync().await {
            Ok(_) => unsent = waiting(device)?,
            Err(e) if !force => {
                return Err(e).context(t!("signout-must-send"));
            }
            Err(e) => tracing::warn!(error = %e, "signing out without sending what is waiting"),
        }
    }
    if unsent > 0 && !force {
        bail!(t!("signout-unsent", count = unsent));
    }
    home.phone.sign_out().await?;
    let left = if unsent > 0 {
        t!("signout-left", count = unsent)
    } else {
        String::new()
    };
    Output::new(
        json!({
            "member_id": relay.member_id,
            "relay": relay.url,
            "signed_out": true,
            "unsent": unsent,
        }),
        t!("signout-done", url = &relay.url, left = left),
    )
}
