//! Cutting a device off: a device signs itself out (`DELETE /v1/devices/me`), or staff of a
//! group revoke the device of one of its members whose phone was lost or handed on
//! (`DELETE /v1/groups/{group_id}/devices/{member_id}`).
//!
//! A revoked device's token opens nothing from then on (401 everywhere), its open live sockets
//! are closed at once, the dashboard sessions it approved end, its push registration is forgotten and it is no longer alerted. What it
//! uploaded stays: its requests, sign-ups and comments are part of other people's documents.
//! Its member id can never be registered again, so nobody can take over its memberships; the
//! person registers a new identity and is invited again.
//!
//! Staff act on the members of their group and the groups below it. For anyone who does not
//! read the group, the answer is the plain 404 of a group that does not exist; a member id that
//! is not in the group is a 404 too, so staff learn nothing about people outside their groups.

use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, MemberId, Role};

use crate::error::AppError;
use crate::live::LiveEvent;
use crate::relay::Relay;
use crate::store::{DeviceRecord, Write};

const NO_SUCH_GROUP: &str = Refusal::NoSuchGroup.en();
const NO_SUCH_MEMBER: &str = Refusal::NoSuchMemberInGroup.en();

impl Relay {
    /// The device `me` signs itself out.
    pub fn sign_out(&self, me: &DeviceRecord) -> Result<(), AppError> {
        self.cut_off(me.member_id, me.member_id)?;
        tracing::info!(member = %me.member_id, "device signed out");
        Ok(())
    }

    /// Staff device `by` revokes the device of `member`, a member of `group` or of a group below
    /// it. Revoking a device already revoked changes nothing.
    pub fn revoke_device(&self, by: &DeviceRecord, group: DocId, member: MemberId) -> Result<(), AppError> {
        let access = self.access(by.member_id)?;
        if !access.groups().contains(&group) {
            return Err(AppError::NotFound(NO_SUCH_GROUP));
        }
        if access.role_in(group) != Some(Role::Staff) {
            return Err(AppError::Forbidden(Refusal::RevokesDevice.into()));
        }
        let below = access.tree().subtree(group);
        let theirs = self.store.memberships(member)?;
        if !theirs.iter().any(|m| below.contains(&m.group_id)) || self.store.device(member)?.is_none() {
            return Err(AppError::NotFound(NO_SUCH_MEMBER));
        }
        self.cut_off(member, by.member_id)?;
        tracing::info!(%group, %member, by = %by.member_id, "device revoked by staff");
        Ok(())
    }

    /// Revokes `member`'s device durably, then closes its live sockets and ends the dashboard
    /// sessions it approved.
    fn cut_off(&self, member: MemberId, by: MemberId) -> Result<(), AppError> {
        {
            let _writer = self.writer()?;
            self.store.write(&[Write::RevokeDevice {
                member,
                by,
                at: self.now(),
            }])?;
        }
        self.publish(LiveEvent::Revoked(member));
        // Its sessions are refused from now on anyway: every dashboard request checks the device.
        if let Err(e) = self.desks().end_member(member, self.now()) {
            tracing::error!(error = %e, "dashboard sessions of a revoked device not ended");
        }
        Ok(())
    }
}
