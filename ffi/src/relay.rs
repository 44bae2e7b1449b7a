//! The calls that need the relay: register, sign out, join with an invite code, make an invite,
//! revoke a lost phone, sync, and the live channel. They run on the library's runtime (reqwest
//! needs its reactor) and turn an unreachable relay into [`JinlinError::Offline`], keeping local
//! changes for the next sync.

use std::sync::Arc;

use jinlin_core::net::client::{self, ClientOptions, RelayClient};
use jinlin_core::net::live::{self, LiveOptions};
use jinlin_core::{Device, Identity};
use jinlin_model::protocol::CreateInvite;

use crate::error::JinlinError;
use crate::kinds::Role;
use crate::runtime::{runtime, spawn};
use crate::task_handle::TaskHandle;
use crate::views::{GroupView, InviteView, SyncReport, doc_id};

/// The relay client of a registered device; [`JinlinError::NotRegistered`] before registering.
pub(crate) fn registered(device: &Device) -> Result<RelayClient, JinlinError> {
    RelayClient::for_device(device, ClientOptions::default())?.ok_or(JinlinError::NotRegistered)
}

/// Sets the identity and registers it with the relay at `url`, keeping the token.
pub async fn register(
    device: Arc<Device>,
    url: String,
    name: String,
    building: Option<String>,
    unit: Option<String>,
) -> Result<Identity, JinlinError> {
    spawn(async move {
        client::register(
            &device,
            &url,
            &name,
            building.as_deref(),
            unit.as_deref(),
            ClientOptions::default(),
        )
        .await?;
        device.identity()?.ok_or(JinlinError::NotRegistered)
    })
    .await
}

/// Redeems an invite code, then syncs; returns the group joined.
pub async fn join(
    device: Arc<Device>,
    code: String,
    building: Option<String>,
    unit: Option<String>,
) -> Result<GroupView, JinlinError> {
    spawn(async move {
        let relay = registered(&device)?;
        let (membership, synced) = client::join(&device, &relay, &code, building.as_deref(), unit.as_deref()).await?;
        // The membership holds even if the sync after it failed; the group then arrives with the
        // next sync, and the person hears why it is not here yet (offline, say).
        match (device.group(membership.group_id), synced) {
            (Ok(group), _) => Ok(group.into()),
            (Err(_), Err(e)) => Err(e.into()),
            (Err(e), Ok(_)) => Err(e.into()),
        }
    })
    .await
}

/// Makes an invite code for a group.
pub async fn create_invite(
    device: Arc<Device>,
    group_id: String,
    role: Role,
    uses: u32,
    expires_in_secs: u64,
) -> Result<InviteView, JinlinError> {
    spawn(async move {
        let group = doc_id(&group_id)?;
        let relay = registered(&device)?;
        let invite = relay
            .create_invite(
                group,
                &CreateInvite {
                    role: role.into(),
                    uses,
                    expires_in_secs,
                    building: None,
                },
            )
            .await?;
        Ok(invite.into())
    })
    .await
}

/// Signs this device out of its relay for good and forgets its token. What it wrote stays.
pub async fn sign_out(device: Arc<Device>) -> Result<(), JinlinError> {
    spawn(async move {
        let relay = registered(&device)?;
        client::sign_out(&device, &relay).await?;
        Ok(())
    })
    .await
}

/// As staff of a group, cuts off the device of one of its members (a lost or handed-on phone).
pub async fn revoke_device(device: Arc<Device>, group_id: String, member_id: String) -> Result<(), JinlinError> {
    spawn(async move {
        let group = doc_id(&group_id)?;
        let member: jinlin_core::MemberId = crate::views::parse_id(&member_id)?;
        let relay = registered(&device)?;
        relay.revoke_device(group, member).await?;
        Ok(())
    })
    .await
}

/// Sends what this device did and receives what it missed.
pub async fn sync(device: Arc<Device>) -> Result<SyncReport, JinlinError> {
    spawn(async move {
        let relay = registered(&device)?;
        Ok(client::sync(&device, &relay).await?.into())
    })
    .await
}

/// Tells the relay this member cannot come, so the urgent alert passes to the next nearest.
pub async fn decline(device: Arc<Device>, request: jinlin_core::DocId) -> Result<(), JinlinError> {
    spawn(async move {
        let relay = registered(&device)?;
        relay.decline(request).await?;
        Ok(())
    })
    .await
}

/// Starts the live channel: changes arrive as they happen and local ones leave at once, until
/// the handle is cancelled or dropped. Its ups and downs reach sync-state listeners.
pub fn connect_live(device: Arc<Device>) -> Result<TaskHandle, JinlinError> {
    let rt = runtime()?;
    let relay = registered(&device)?;
    let task = rt.spawn(async move {
        let live = live::spawn(device, relay, LiveOptions::default());
        let mut status = live.watch_status();
        // Holds the channel open until this task is aborted; dropping `live` stops it.
        while status.changed().await.is_ok() {}
        drop(live);
    });
    Ok(TaskHandle::new(task))
}
