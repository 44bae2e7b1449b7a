//! `POST /v1/sync`: a device sends what it did and receives what it missed, in one round trip.
//!
//! Changes a device carries for other members (received from their phones with no relay in
//! reach) go first, each stored as its author's when its signature verifies ([`forwarded`]).
//!
//! Upload ([`upload`] drives it, [`stages`] holds each step, [`checks`] the document checks,
//! [`precheck`] the write rules checked before the writer's turn). For
//! each uploaded document the relay checks access with the one policy ([`crate::access`]: a
//! document the device may not read, or filed under another group, is refused exactly like one
//! that does not exist), decodes the changes, and keeps those it does not hold yet. Those must be written by
//! one of the uploading member's actors (the member id, or the member id followed by an
//! installation's bytes: [`MemberId::of_actor`]), and write only what that member may write
//! ([`guard::check_upload`]: no relay order of its own, no one else's sign-up, no promotion of
//! itself); a refusal caused by one change names it (`DocAck::change`), so the device sets
//! aside only that change and what was built on it. When staff change a member's role in
//! a group document, the relay's membership (which decides access) follows. It applies every
//! change whose dependencies it has, in dependency order, and stores them in the feed in that
//! order; changes whose history it lacks are left out and the document is acknowledged `need_history`. A new group document makes
//! its uploader the group's staff (inside a parent only if the uploader is staff there). After
//! changes to a request document the relay numbers new sign-ups in arrival order
//! ([`request::record_relay_order`]) as its own change. Everything is committed in one
//! transaction before the answer is written.
//!
//! Download. For every group the device reads, the feed after the device's cursor (0 for a
//! group it has never synced), minus the changes it just uploaded, up to the response budget
//! ([`RESPONSE_BUDGET_BYTES`] by default); documents the device holds none of go whole, in their
//! saved form (`feed.rs`).
//!
//! [`RESPONSE_BUDGET_BYTES`]: jinlin_model::protocol::RESPONSE_BUDGET_BYTES

mod changes;
mod checks;
mod forwarded;
mod precheck;
mod stages;
mod step;
mod upload;

#[cfg(test)]
mod refusal_tests;

use jinlin_model::protocol::{ChangeSignature, DocAck, DocChanges, GroupCursor, PROTOCOL_VERSION, SyncResponse};
use jinlin_model::refusal::Refusal;
use std::collections::HashSet;

use crate::access::{Access, Standing};
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest};

/// The answer for a document the device may not see, whether or not it exists.
pub const NO_SUCH_DOCUMENT: &str = Refusal::NoSuchDocument.en();
/// Why a group inside a group the uploader is not staff of is refused.
pub const STAFF_OF_PARENT: &str = Refusal::StaffOfParent.en();
/// Why a building leader's change to a household's building is refused.
pub const LEADER_MOVES_HOUSEHOLD: &str = Refusal::LeaderMovesHousehold.en();

impl Relay {
    /// The answer half of a sync: reads only, so it runs beside other syncs.
    pub fn answer(
        &self,
        device: &DeviceRecord,
        cursors: &[GroupCursor],
        accept_saved: bool,
        uploaded: Uploaded,
    ) -> Result<SyncResponse, AppError> {
        // Where the uploader stood for the upload, when it changed nothing of it (a moment
        // old, as one read here would be by the time the feed is read); else read now.
        let access = match uploaded.standing {
            Some(standing) => Access::new(standing, &self.alerts),
            None => self.access(device.member_id)?,
        };
        let (mut docs, mut positions, more) = self.collect(&access, cursors, accept_saved, &uploaded.hashes)?;
        // Requests this member reads only because of an alert: it stands, or they signed up
        // (see `alerts.rs`).
        let (granted, granted_positions) = self.granted_docs(&access, cursors, &uploaded.hashes)?;
        docs.extend(granted);
        positions.extend(granted_positions);
        // What was read may include uploads committed but not yet synced, this device's own
        // among them: answer once they are, so a device never holds a feed position or an
        // acknowledgement the relay could lose (`durable.rs`). With other instances sharing the
        // store, what was read may be theirs: a sync begun after the read covers it.
        let read = positions.iter().map(|c| c.cursor).max().unwrap_or(0);
        let shared = self.store.cluster().is_some() && self.store.syncs_later();
        let ticket = match shared.then(|| self.durable.read_elsewhere(read)).flatten() {
            Some(ticket) => ticket,
            None => self.durable.last(),
        };
        self.durable(ticket)?;
        Metrics::add(&self.metrics.syncs, 1);
        Ok(SyncResponse {
            version: PROTOCOL_VERSION,
            acks: uploaded.acks,
            docs,
            cursors: positions,
            more,
            memberships: access.memberships().to_vec(),
        })
    }

    /// An upload on its own: [`Relay::upload_unsynced`], then the wait until what it committed
    /// is durable.
    pub fn upload(
        &self,
        device: &DeviceRecord,
        docs: &[DocChanges],
        signatures: &[ChangeSignature],
    ) -> Result<Uploaded, AppError> {
        let uploaded = self.upload_unsynced(device, docs, signatures)?;
        self.durable(self.durable.last())?;
        Ok(uploaded)
    }

    /// The upload half of a sync: checks, applies and commits under the writer lock, without
    /// waiting for the store's log to be synced. Nothing may be acknowledged before it is:
    /// [`Relay::answer`] waits for it, so the next upload takes its turn at the writer while
    /// this one's sync is under way, and every upload that commits meanwhile shares it
    /// (`durable.rs`). Changes carried for other members with their `signatures` go first, as
    /// their authors' own ([`forwarded`]).
    pub fn upload_unsynced(
        &self,
        device: &DeviceRecord,
        docs: &[DocChanges],
        signatures: &[ChangeSignature],
    ) -> Result<Uploaded, AppError> {
        let mut uploaded = Uploaded::default();
        if docs.is_empty() {
            return Ok(uploaded);
        }
        let forwarded = self.upload_forwarded(device, docs, signatures)?;
        let (acks, standing) = self.upload_docs(device, docs, &mut uploaded.hashes)?;
        uploaded.acks = acks;
        // Others' changes carried in may have changed this member's standing.
        uploaded.standing = standing.filter(|_| forwarded == 0);
        Ok(uploaded)
    }
}

/// What an upload did: one acknowledgement per document, and the hashes of every change it
/// carried (the answer leaves those out: the device has them).
#[derive(Debug, Default)]
pub struct Uploaded {
    /// One per uploaded document, in upload order.
    pub acks: Vec<DocAck>,
    /// Every uploaded change's hash.
    pub hashes: HashSet<Digest>,
    /// The uploader's standing, when the upload left it as it was (the answer reuses it).
    pub standing: Option<Standing>,
}
