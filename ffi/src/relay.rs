//! The calls that need the relay, each a thin step over the core's [`Phone`]: register, sign
//! out, join with an invite code, make an invite, revoke a lost phone, sync, decline, and the
//! live channel. They run on the library's runtime (reqwest needs its reactor) and turn an
//! unreachable relay into [`JinlinError::Offline`], keeping local changes for the next sync.

use std::sync::Arc;

use jinlin_core::net::client::{ClientOptions, RelayClient};
use jinlin_core::phone::RelayHeard;
use jinlin_core::{Device, DocId, Identity, Phone};
use jinlin_model::protocol::CreateInvite;

use crate::error::{JinlinError, from_join};
use crate::kinds::Role;
use crate::numbers::from_app;
use crate::runtime::{runtime, spawn};
use crate::task_handle::TaskHandle;
use crate::views::{GroupView, InviteView, RequestView, SyncReport, doc_id};

/// The relay client of a registered device; [`JinlinError::NotRegistered`] before registering.
pub(crate) fn registered(device: &Arc<Device>) -> Result<RelayClient, JinlinError> {
    Phone::over(Arc::clone(device))
        .client_with(ClientOptions::default())?
        .ok_or(JinlinError::NotRegistered)
}

/// Sets the identity and registers it with the relay at `url`, keeping the token.
pub async fn register(
    phone: Phone,
    url: String,
    name: String,
    building: Option<String>,
    unit: Option<String>,
) -> Result<Identity, JinlinError> {
    spawn(async move {
        phone
            .register(&url, &name, building.as_deref(), unit.as_deref())
            .await?;
        phone.identity()?.ok_or(JinlinError::NotRegistered)
    })
    .await
}

/// Redeems an invite code, then syncs; returns the group joined.
pub async fn join(
    phone: Phone,
    code: String,
    building: Option<String>,
    unit: Option<String>,
) -> Result<GroupView, JinlinError> {
    spawn(async move {
        let (membership, synced) = phone
            .join(&code, building.as_deref(), unit.as_deref())
            .await
            .map_err(from_join)?;
        // The membership holds even if the sync after it failed; the group then arrives with the
        // next sync, and the person hears why it is not here yet (offline, say).
        match (phone.group(membership.group_id), synced) {
            (Ok(group), _) => Ok(group.into()),
            (Err(_), Err(e)) => Err(e.into()),
            (Err(e), Ok(_)) => Err(e.into()),
        }
    })
    .await
}

/// Makes an invite code for a group (sending the group first if it has not gone yet).
pub async fn create_invite(
    phone: Phone,
    group_id: String,
    role: Role,
    uses: i32,
    expires_in: std::time::Duration,
) -> Result<InviteView, JinlinError> {
    let uses = from_app("the number of uses", uses)?;
    let expires_in_secs = crate::time::whole_seconds("the time until it expires", expires_in)?;
    spawn(async move {
        let group = doc_id(&group_id)?;
        let invite = phone
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
pub async fn sign_out(phone: Phone) -> Result<(), JinlinError> {
    spawn(async move {
        phone.sign_out().await?;
        Ok(())
    })
    .await
}

/// As staff of a group, cuts off the device of one of its members (a lost or handed-on phone).
pub async fn revoke_device(phone: Phone, group_id: String, member_id: String) -> Result<(), JinlinError> {
    spawn(async move {
        let group = doc_id(&group_id)?;
        let member: jinlin_core::MemberId = crate::views::parse_id(&member_id)?;
        phone.revoke_device(group, member).await?;
        Ok(())
    })
    .await
}

/// Sends what this device did and receives what it missed.
pub async fn sync(phone: Phone) -> Result<SyncReport, JinlinError> {
    spawn(async move { Ok(phone.sync().await?.into()) }).await
}

/// Hides the request from the nearby list at once and tells the relay, so an urgent alert
/// passes to the next nearest. Offline (or not yet registered) the local decline stands alone.
pub async fn decline(phone: Phone, request: DocId) -> Result<RequestView, JinlinError> {
    spawn(async move {
        let declined = phone.decline(request).await?;
        if let RelayHeard::NotHeard(e) = &declined.relay {
            tracing::debug!(error = %e, "the relay did not take the decline");
        }
        Ok(declined.request.into())
    })
    .await
}

/// Starts the live channel: changes arrive as they happen and local ones leave at once, until
/// the handle is cancelled or dropped. Its ups and downs reach sync-state listeners.
pub fn connect_live(phone: Phone) -> Result<TaskHandle, JinlinError> {
    let rt = runtime()?;
    let live = {
        let _inside = rt.enter();
        phone.go_live()?
    };
    let task = rt.spawn(async move {
        let mut status = live.watch_status();
        // Holds the channel open until this task is aborted; dropping `live` stops it.
        while status.changed().await.is_ok() {}
        drop(live);
    });
    Ok(TaskHandle::new(task))
}
