//! One sync round with the relay: the sync session's exchanges until nothing is left to send or
//! receive, then the photos waiting for upload, the peer credentials when due, then the announcement of where the phone stands;
//! and joining a group, which ends with such a round.

use jinlin_model::error::{Error, Result};
use jinlin_model::invite_code::InviteCode;
use jinlin_model::protocol::{Membership, RedeemInvite};
use jinlin_model::refusal::Refusal;

use crate::device::Device;
use crate::device::events::Event;
use crate::net::client::RelayClient;
use crate::sync::{Session, SyncReport};

/// Exchanges everything with the relay: sends what this device did, receives what it missed.
/// Announces [`Event::SyncState`] afterwards. If it fails, what was already applied stays
/// applied (each response is applied whole) and nothing else changes.
pub async fn sync(device: &Device, client: &RelayClient) -> Result<SyncReport> {
    let mut outcome = run_session(device, client).await;
    // Attachments go after the documents that name them; one cut off resumes next time.
    if let Ok(report) = outcome.as_mut() {
        if let Err(e) = super::photos::upload_pending(device, client).await {
            tracing::debug!(error = %e, "attachments wait for the next sync");
        }
        report.blobs_pending = device.pending_blobs().map(|p| p.len()).unwrap_or(0);
        // "I'm fine" tapped without a link goes on the first one.
        if let Err(e) = super::checkin::send_pending(device, client).await {
            tracing::debug!(error = %e, "the check-in waits for the next sync");
        }
        // Credentials for syncing with neighbours' phones without the relay, when due.
        if super::credentials::due(device, &report.memberships).unwrap_or(false)
            && let Err(e) = super::credentials::renew(device, client).await
        {
            tracing::debug!(error = %e, "the peer credentials are renewed at the next sync");
        }
    }
    let pending = device.unsynced_docs().map(|d| d.len()).unwrap_or(0);
    device.emit(Event::SyncState {
        online: !matches!(outcome, Err(Error::Offline(_))),
        pending,
    });
    outcome
}

async fn run_session(device: &Device, client: &RelayClient) -> Result<SyncReport> {
    if client.token().is_none() {
        return Err(Error::InvalidInput(Refusal::NotRegisteredHere.into()));
    }
    let mut session = Session::new();
    while let Some(out) = session.next_request(device)? {
        let (response, sent, received) = client.exchange(&out.request).await?;
        session.count_bytes(sent, received);
        session.receive(device, &out, response)?;
    }
    session.finish(device)
}

/// Joins a group with an invite code, then syncs to receive the group and its history. The
/// join stands once the relay has accepted the code, so it is returned even if the sync after it
/// fails (that sync's outcome is the second value; a later sync brings the group).
pub async fn join(
    device: &Device,
    client: &RelayClient,
    code: &str,
    building: Option<&str>,
    unit: Option<&str>,
) -> Result<(Membership, Result<SyncReport>)> {
    let me = device.identity()?.ok_or(Error::NoIdentity)?;
    if code.trim().is_empty() {
        return Err(Error::EmptyText("invite code"));
    }
    // A mistyped code is explained here, before anything is sent.
    let code = InviteCode::parse(code)?;
    let membership = client
        .redeem(&RedeemInvite {
            code: code.to_string(),
            building: building.map(str::to_string).or(me.building),
            unit: unit.map(str::to_string).or(me.unit),
        })
        .await?;
    let synced = sync(device, client).await;
    Ok((membership, synced))
}
