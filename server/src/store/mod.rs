//! The relay's storage, behind the small [`RelayStore`] trait: the embedded [`SqliteStore`] by
//! default, [`PostgresStore`] for a relay that outgrows one file. Both pass the same conformance
//! suite (`conformance.rs`). Reads are plain look-ups; every write goes through
//! [`RelayStore::write`], which applies a list of [`Write`]s in one durable transaction: when it
//! returns `Ok`, all of them survive a crash, and when it fails, none of them happened.
//!
//! The methods block; the relay calls them off the async threads.
//!
//! A new method is one edit per engine: declare it here (or in [`AlertStore`]), write it in
//! `sqlite/` and in `postgres/`, and add its test to `conformance.rs`, which runs it on both. A
//! schema change is a numbered migration in each engine's `migrations/` (each has its own
//! numbering) and a line in that engine's `MIGRATIONS`.

use jinlin_model::DocKind;
use jinlin_model::docs::group::tree::Node;
use std::fmt;

use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, GroupKind, MemberId, Millis, Role};

use crate::error::Error;

mod alerts;
mod checkins;
#[cfg(test)]
mod conformance;
pub mod desks;
pub mod journal;
mod peer;
pub(crate) mod postgres;
pub(crate) mod sqlite;
mod votes;

pub use alerts::{AlertRow, AlertStore, MemberSettings, ReceiptCounts, StoredDispatch};
pub use checkins::CheckinStore;
pub use desks::DeskStore;
pub use peer::PeerStore;
pub use postgres::import::{Moved, import_sqlite};
pub use postgres::{DatabaseUrl, PostgresStore};
pub use sqlite::SqliteStore;
pub use votes::VoteStore;

/// A SHA-256 digest (of a token or an invite code).
pub type Digest = [u8; 32];

/// A registered device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// The member id the device writes as.
    pub member_id: MemberId,
    /// Display name, written into group documents when the device joins.
    pub name: String,
    /// SHA-256 of the bearer token.
    pub token_hash: Digest,
    /// When it registered.
    pub created_at: Millis,
    /// When it was revoked (signed out, or cut off by staff), if it was. A revoked device's
    /// token opens nothing and its member id cannot be registered again.
    pub revoked_at: Option<Millis>,
    /// Who revoked it: the device itself or a member of staff.
    pub revoked_by: Option<MemberId>,
}

impl DeviceRecord {
    /// Whether its token still opens anything.
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// A group as the relay knows it: where it sits, not what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupRecord {
    /// The group (and its document).
    pub id: DocId,
    /// Community, estate or building.
    pub kind: GroupKind,
    /// The group it sits in.
    pub parent: Option<DocId>,
    /// The device that uploaded its document first.
    pub created_by: MemberId,
    /// When.
    pub created_at: Millis,
}

impl GroupRecord {
    /// Its place in the group tree.
    pub fn node(&self) -> Node {
        Node {
            id: self.id,
            kind: self.kind,
            parent: self.parent,
        }
    }
}

/// An invite code, by the hash of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRecord {
    /// SHA-256 of the normalised code.
    pub code_hash: Digest,
    /// The group it admits to.
    pub group_id: DocId,
    /// The role it grants.
    pub role: Role,
    /// Redemptions left.
    pub uses_left: u32,
    /// Expiry, in milliseconds since the epoch.
    pub expires_at: Millis,
    /// The device that made it.
    pub created_by: MemberId,
    /// When.
    pub created_at: Millis,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Millis>,
    /// The building a building-leader invite leads, fixed when it was made.
    pub building: Option<String>,
}

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRecord {
    /// The document.
    pub id: DocId,
    /// "group" or "request".
    pub doc_type: DocKind,
    /// The group whose readers may read it.
    pub group_id: DocId,
    /// When it was first stored.
    pub created_at: Millis,
}

/// What is needed to rebuild a document: its snapshot (if any) and its later changes, in feed
/// order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDoc {
    /// A saved document covering the feed up to some position.
    pub snapshot: Option<Vec<u8>>,
    /// The changes after it, in the order they were applied.
    pub changes: Vec<Vec<u8>>,
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Feed position.
    pub seq: u64,
    /// The document.
    pub doc_id: DocId,
    /// Its type.
    pub doc_type: DocKind,
    /// The change's hash.
    pub hash: Digest,
    /// The change's bytes, as uploaded.
    pub bytes: Vec<u8>,
    /// The feed position of the document's first change (where the document appeared).
    pub first_seq: u64,
}

/// One of a document's changes in the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    /// Feed position.
    pub seq: u64,
    /// The change's hash.
    pub hash: Digest,
    /// The change's bytes.
    pub bytes: Vec<u8>,
}

/// A change to append to the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    /// The document.
    pub doc_id: DocId,
    /// Its group.
    pub group_id: DocId,
    /// The change's hash.
    pub hash: Digest,
    /// The change's bytes.
    pub bytes: Vec<u8>,
}

/// One write; see [`RelayStore::write`].
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Inserts or replaces a device.
    PutDevice(DeviceRecord),
    /// Revokes a device (a no-op for one already revoked) and forgets its push registration, so
    /// nothing more is sent to a lost phone.
    RevokeDevice {
        /// The device.
        member: MemberId,
        /// Who revoked it.
        by: MemberId,
        /// When.
        at: Millis,
    },
    /// Keeps the public key a device sent at registration, unless it already has one.
    PutDeviceKey {
        /// The device.
        member: MemberId,
        /// Its Ed25519 public key.
        key: [u8; 32],
        /// When.
        at: Millis,
    },
    /// Inserts a group.
    PutGroup(GroupRecord),
    /// Inserts or replaces a membership.
    PutMembership {
        /// Who.
        member: MemberId,
        /// The membership.
        membership: Membership,
        /// When they joined.
        at: Millis,
    },
    /// Inserts or replaces an invite.
    PutInvite(InviteRecord),
    /// Inserts a document's metadata.
    PutDoc(DocRecord),
    /// Appends a change to the feed.
    AppendChange(NewChange),
    /// Replaces a document's snapshot; it covers every change of the document in the feed.
    Snapshot {
        /// The document.
        doc_id: DocId,
        /// Its saved form.
        bytes: Vec<u8>,
    },
    /// Saves an urgent request's dispatch with the members it just alerted and those whose alert
    /// ended (see [`AlertStore::save_dispatch`]), in the same transaction as the request.
    SaveDispatch(Box<DispatchWrite>),
    /// Records that a document names an attachment (kept if already recorded).
    BlobRef {
        /// The attachment's lowercase hex SHA-256.
        hash: String,
        /// The document.
        doc_id: DocId,
    },
    /// Marks a piece of pending work done (see [`RelayStore::pending`]).
    Done(String),
    /// Replaces a document's snapshot with one covering its changes up to feed position `seq`,
    /// unless the snapshot held already covers as much.
    SnapshotAt {
        /// The document.
        doc_id: DocId,
        /// Its saved form as of `seq`.
        bytes: Vec<u8>,
        /// The feed position of the last change it holds.
        seq: u64,
    },
}

/// The payload of [`Write::SaveDispatch`].
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchWrite {
    /// The dispatch after this step.
    pub dispatch: StoredDispatch,
    /// Members alerted in this step.
    pub alerted: Vec<AlertRow>,
    /// Members whose alert ended in this step.
    pub ended: Vec<MemberId>,
    /// The member whose decline made this step.
    pub declined: Option<MemberId>,
    /// Alerted members who signed up in this step: they keep reading the request.
    pub readers: Vec<MemberId>,
    /// When.
    pub at: Millis,
}

/// Counts for the metrics page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Registered devices, revoked ones included.
    pub devices: u64,
    /// Devices revoked (signed out or cut off by staff).
    pub revoked_devices: u64,
    /// Groups.
    pub groups: u64,
    /// Documents.
    pub documents: u64,
    /// Changes in the feed.
    pub changes: u64,
}

/// What a [`RelayStore::checkpoint`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Everything in the log is now in the database file.
    pub complete: bool,
    /// Pages in the log.
    pub log_pages: u64,
    /// Of those, pages now in the database file.
    pub copied_pages: u64,
}

/// The relay's storage engine.
pub trait RelayStore: AlertStore + CheckinStore + DeskStore + VoteStore + PeerStore + Send + Sync + fmt::Debug {
    /// The device holding the token with this hash.
    fn device_by_token(&self, token_hash: &Digest) -> Result<Option<DeviceRecord>, Error>;
    /// The device holding the token with this hash when the store has it in memory, answered
    /// without a wait for the database; `None` means ask [`RelayStore::device_by_token`]. An
    /// engine that other instances write beside keeps nothing, so a revocation through any of
    /// them is seen at once.
    fn known_device(&self, _token_hash: &Digest) -> Option<DeviceRecord> {
        None
    }
    /// A device by member id.
    fn device(&self, member: MemberId) -> Result<Option<DeviceRecord>, Error>;
    /// Every group.
    fn groups(&self) -> Result<Vec<GroupRecord>, Error>;
    /// A member's direct memberships.
    fn memberships(&self, member: MemberId) -> Result<Vec<Membership>, Error>;
    /// How many groups and invites `member` made from `since` on (for the daily quotas).
    fn made_since(&self, member: MemberId, since: Millis) -> Result<(u32, u32), Error>;
    /// An invite by the hash of its code.
    fn invite(&self, code_hash: &Digest) -> Result<Option<InviteRecord>, Error>;
    /// A document's metadata.
    fn doc(&self, id: DocId) -> Result<Option<DocRecord>, Error>;
    /// What is needed to rebuild a document.
    fn load_doc(&self, id: DocId) -> Result<Option<StoredDoc>, Error>;
    /// Up to `limit` of a group's feed entries after position `after`, in order.
    fn feed_page(&self, group: DocId, after: u64, limit: usize) -> Result<Vec<FeedEntry>, Error>;
    /// The last feed position of a group (0 if its feed is empty).
    fn feed_head(&self, group: DocId) -> Result<u64, Error>;
    /// A document's snapshot and the feed position of the last change it holds, if it has one.
    fn snapshot(&self, id: DocId) -> Result<Option<(Vec<u8>, u64)>, Error>;
    /// The bytes of a document's changes up to feed position `upto`, added up.
    fn doc_bytes(&self, id: DocId, upto: u64) -> Result<usize, Error>;
    /// A document's changes with feed positions in `(after, upto]`, in feed order.
    fn doc_entries(&self, id: DocId, after: u64, upto: u64) -> Result<Vec<DocEntry>, Error>;
    /// The documents that name an attachment, in the order the relay first stored each naming
    /// (the first is the attachment's owner: `access/photos.rs`).
    fn blob_refs(&self, hash: &str) -> Result<Vec<DocId>, Error>;
    /// Whether a piece of work a migration left for the relay (`"blob_refs"`) is still to do.
    fn pending(&self, work: &str) -> Result<bool, Error>;
    /// Every document of a type.
    fn docs_of_type(&self, doc_type: DocKind) -> Result<Vec<DocId>, Error>;
    /// Counts for the metrics page.
    fn stats(&self) -> Result<StoreStats, Error>;
    /// Copies what the write-ahead log holds into the database file, beside the writer (which
    /// goes on committing); with `truncate`, waits for the writer and empties the log (at
    /// shutdown).
    fn checkpoint(&self, truncate: bool) -> Result<Checkpoint, Error>;
    /// Applies `writes` in one durable transaction and returns the feed positions given to its
    /// [`Write::AppendChange`]s, in order.
    fn write(&self, writes: &[Write]) -> Result<Vec<u64>, Error>;
    /// As [`RelayStore::write`], visible at once, but durable only after the next
    /// [`RelayStore::sync_log`] (or the next `write`, which syncs every commit before it): the
    /// relay commits an upload this way under its writer lock and syncs outside it, so one sync
    /// of the log makes every upload that arrived meanwhile durable (`durable.rs`). Engines whose
    /// commits are always durable keep this default.
    fn write_unsynced(&self, writes: &[Write]) -> Result<Vec<u64>, Error> {
        self.write(writes)
    }
    /// Makes every commit so far durable.
    fn sync_log(&self) -> Result<(), Error> {
        Ok(())
    }
    /// Whether [`RelayStore::write_unsynced`] leaves its commits for [`RelayStore::sync_log`] to
    /// make durable (and a sync is worth waiting a moment for, to cover one more commit).
    fn syncs_later(&self) -> bool {
        false
    }
    /// The engine's side of several relay instances sharing it, if it can be shared
    /// ([`journal`]); `None` for an engine one process owns.
    fn cluster(&self) -> Option<&dyn journal::ClusterStore> {
        None
    }
}
