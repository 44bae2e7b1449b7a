//! `register` and `whoami`: who this device is and which relay it syncs with.

use anyhow::{Result, bail};
use jinlin_core::client::{self, ClientOptions};
use serde_json::json;

use crate::args::Register;
use crate::home::Home;
use crate::output::Output;

/// Registers with a relay. Registering again with the same relay renews the token and updates
/// the name; another relay needs another home.
pub async fn register(home: &Home, args: Register) -> Result<Output> {
    let device = &home.device;
    let url = client::normalize_url(&args.relay)?;
    let note = match home.relay()? {
        Some(existing) if existing.url != url => bail!(
            "this device is registered with {}; use another --home to register with {url}",
            existing.url
        ),
        Some(_) => "registered again",
        None => "registered",
    };
    let settings = client::register(
        device,
        &url,
        &args.name,
        args.building.as_deref(),
        args.unit.as_deref(),
        ClientOptions::default(),
    )
    .await?;
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
        format!(
            "Hello {name}! This device is {note} with {} (member {}).",
            settings.url, settings.member_id
        ),
    )
}

/// Shows the identity, relay and what is waiting to be sent.
pub fn whoami(home: &Home) -> Result<Output> {
    let me = home.device.identity()?;
    let relay = home.relay()?;
    let pending = home.device.unsynced_docs()?.len();
    let text = match (&me, &relay) {
        (None, _) => "This device has no identity yet: run `jinlin register --relay URL --name NAME`.".to_string(),
        (Some(me), Some(r)) => format!(
            "{} (member {}), syncing with {}; {pending} document(s) waiting to be sent.",
            me.name, me.member_id, r.url
        ),
        (Some(me), None) => format!("{} (member {}), not registered with a relay.", me.name, me.member_id),
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
