//! [`Phone`]: one device with its relay client and live channel, and the calls every shell
//! makes: register, join with an invite code, make an invite, sync, go live, sign out, decline
//! an alert, and the lists the screens show. The command line, the mobile bindings and the
//! end-to-end tests all drive a phone through this one object, so each behaves the same.
//!
//! A [`Phone`] dereferences to its [`Device`] for everything that stays on the phone (raising,
//! signing up, groups, the visit log). [`lists`] holds the phone-only rules of what a neighbour
//! sees: the nearby list, declining, follow-ups and which arrivals alert.

pub mod checkin;
pub mod lists;
pub mod votes;

use crate::net::round;
use std::path::Path;
use std::sync::Arc;

use jinlin_model::protocol::{CreateInvite, Invite, Membership};

use crate::net::client::{self, ClientOptions, RelayClient, RelaySettings};
use crate::net::live::{self, LiveHandle, LiveOptions};
use crate::sync::SyncReport;
use crate::{Device, DocId, Error, MemberId, RequestView, Result};

pub use lists::{DECLINED_SETTING, Declined, RelayHeard};

/// One phone: its device (its own store) and how it talks to the relay it registered with.
#[derive(Debug, Clone)]
pub struct Phone {
    device: Arc<Device>,
    client: ClientOptions,
    live: LiveOptions,
}

impl std::ops::Deref for Phone {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

impl Phone {
    /// Opens (creating if needed) the phone whose store is the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Phone> {
        Ok(Phone::over(Arc::new(Device::open(path)?)))
    }

    /// A phone over an open device, with the default timeouts and retries.
    pub fn over(device: Arc<Device>) -> Phone {
        Phone {
            device,
            client: ClientOptions::default(),
            live: LiveOptions::default(),
        }
    }

    /// The same phone, trying as hard as `client` says on each call and reconnecting its live
    /// channel as `live` says.
    pub fn with_options(mut self, client: ClientOptions, live: LiveOptions) -> Phone {
        self.client = client;
        self.live = live;
        self
    }

    /// The device underneath.
    pub fn device(&self) -> &Arc<Device> {
        &self.device
    }

    /// The relay this phone registered with, if it has.
    pub fn relay_settings(&self) -> Result<Option<RelaySettings>> {
        RelaySettings::load(&self.device)
    }

    /// The relay client of a registered phone, trying as hard as `options` say; `None` before
    /// registering.
    pub fn client_with(&self, options: ClientOptions) -> Result<Option<RelayClient>> {
        RelayClient::for_device(&self.device, options)
    }

    /// The relay client of a registered phone; [`Error::NoIdentity`] before registering.
    pub fn client(&self) -> Result<RelayClient> {
        self.client_with(self.client)?.ok_or(Error::NoIdentity)
    }

    /// Registers with the relay at `url` under `name` (and home), keeping the token. The
    /// identity is saved first, so the phone works even if the relay cannot be reached.
    pub async fn register(
        &self,
        url: &str,
        name: &str,
        building: Option<&str>,
        unit: Option<&str>,
    ) -> Result<RelaySettings> {
        client::register(&self.device, url, name, building, unit, self.client).await
    }

    /// Redeems an invite code, then syncs to receive the group. The membership stands once the
    /// relay took the code; the sync's outcome is the second value (a later sync brings the group).
    pub async fn join(
        &self,
        code: &str,
        building: Option<&str>,
        unit: Option<&str>,
    ) -> Result<(Membership, Result<SyncReport>)> {
        round::join(&self.device, &self.client()?, code, building, unit).await
    }

    /// Makes an invite code for `group`. The relay learns of a group from its document, so a
    /// group not yet sent goes first (and the invite fails if it cannot).
    pub async fn create_invite(&self, group: DocId, invite: &CreateInvite) -> Result<Invite> {
        let relay = self.client()?;
        if self.device.unsynced_docs()?.contains(&group) {
            round::sync(&self.device, &relay).await?;
        }
        relay.create_invite(group, invite).await
    }

    /// As staff of `group`, cuts off the device of `member` (a lost or handed-on phone).
    pub async fn revoke_device(&self, group: DocId, member: MemberId) -> Result<()> {
        self.client()?.revoke_device(group, member).await
    }

    /// Sends what this phone did and receives what it missed.
    pub async fn sync(&self) -> Result<SyncReport> {
        round::sync(&self.device, &self.client()?).await
    }

    /// A sync trying only as hard as `options` say (one quick attempt after a change, say).
    pub async fn sync_with(&self, options: ClientOptions) -> Result<SyncReport> {
        let relay = self.client_with(options)?.ok_or(Error::NoIdentity)?;
        round::sync(&self.device, &relay).await
    }

    /// Opens the live channel: changes arrive as they happen and local ones leave at once, until
    /// the handle is cancelled or dropped. Must be called inside a tokio runtime.
    pub fn go_live(&self) -> Result<LiveHandle> {
        Ok(live::spawn(Arc::clone(&self.device), self.client()?, self.live))
    }

    /// Signs this phone out of its relay for good and forgets the token. What it wrote stays.
    pub async fn sign_out(&self) -> Result<()> {
        client::sign_out(&self.device, &self.client()?).await
    }

    /// "Not me, not now": hides the request from this phone's nearby list at once, then tells
    /// the relay (when registered) so an urgent alert passes to the next nearest neighbour.
    /// Refused, writing nothing, for one's own request (cancel it) and while signed up
    /// (withdraw). The hiding stands whether or not the relay heard; [`Declined::relay`] says.
    pub async fn decline(&self, id: DocId) -> Result<Declined> {
        let request = lists::hide(&self.device, id)?;
        let relay = match self.client_with(self.client)? {
            None => RelayHeard::NotRegistered,
            Some(relay) => match relay.decline(id).await {
                Ok(()) => RelayHeard::Heard,
                Err(e) => RelayHeard::NotHeard(e),
            },
        };
        Ok(Declined { request, relay })
    }

    /// Open requests from neighbours, nearest first, without the ones declined here.
    pub fn nearby(&self) -> Result<Vec<RequestView>> {
        lists::nearby(&self.device)
    }

    /// The unfinished requests this member signed up for: the volunteer's visit list.
    pub fn follow_ups(&self) -> Result<Vec<RequestView>> {
        lists::follow_ups(&self.device)
    }

    /// The request `id`, if its arrival should alert this phone: urgent, open, someone else's
    /// and not declined here.
    pub fn alert_worthy(&self, id: DocId) -> Option<RequestView> {
        lists::alert_worthy(&self.device, id)
    }
}

#[cfg(test)]
mod tests {
    use crate::{GroupKind, NewRequest, RequestKind};

    use super::*;

    #[tokio::test]
    async fn a_phone_never_registered_declines_on_its_own_and_says_the_relay_did_not_hear() {
        let dir = tempfile::tempdir().expect("tempdir");
        let asker = Phone::open(dir.path().join("asker.db")).expect("open");
        asker.set_identity("Resident", Some("3"), None).expect("identity");
        let group = asker.create_group("Estate", GroupKind::Estate, None).expect("group");
        let ride = asker
            .raise(NewRequest::new(group, RequestKind::Errand, "milk"))
            .expect("raise");
        let helper = Phone::open(dir.path().join("helper.db")).expect("open");
        helper.set_identity("Volunteer", Some("3"), None).expect("identity");
        for id in asker.unsynced_docs().expect("docs") {
            let (meta, changes) = asker.changes_for_relay(id).expect("read").expect("held");
            helper
                .apply_remote(id, meta.doc_type, meta.group_id, changes)
                .expect("apply");
        }
        assert_eq!(helper.nearby().expect("nearby").len(), 1);
        let declined = helper.decline(ride).await.expect("decline");
        assert!(
            matches!(declined.relay, RelayHeard::NotRegistered),
            "{:?}",
            declined.relay
        );
        assert_eq!(declined.request.id, ride);
        assert!(helper.nearby().expect("nearby").is_empty(), "hidden at once");
        assert!(
            matches!(helper.sync().await, Err(Error::NoIdentity)),
            "an unregistered phone is told to register"
        );
    }
}
