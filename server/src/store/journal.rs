//! Several relay instances on one database: what each commit tells the others, and the lock that
//! makes their writers take turns.
//!
//! An engine that can be shared ([`ClusterStore`], PostgreSQL's) appends one [`Journal`] entry
//! in the same transaction as every commit that changes what a relay keeps in memory or sends
//! live (changes to documents, groups, memberships, revocations, urgent dispatches, check-in
//! pairings), numbered without gaps in commit order, and wakes the other instances. Each
//! instance reads the entries after its cursor (`crate::cluster`) and brings its memory and live
//! connections up to date; a missed wake-up loses nothing, because the journal, not the wake-up,
//! is the truth.
//!
//! The embedded SQLite engine serves one process and has no journal.

use jinlin_model::{DocId, MemberId, Millis};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::store::Write;

/// What one commit changed, for the other instances.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// Documents that gained changes, each with the feed positions of its new changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<JournalDoc>,
    /// Groups were created: the group tree changed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub groups: bool,
    /// Members whose memberships changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberId>,
    /// Members whose device was revoked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked: Vec<MemberId>,
    /// Urgent dispatches that moved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispatches: Vec<JournalDispatch>,
    /// Check-in pairings changed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub checkins: bool,
    /// Check-in alerts (and their ends) the commit's judgement sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkin_alerts: Vec<JournalCheckin>,
}

/// A check-in alert a judgement sent, or the end of one, for the instances holding the live
/// connections it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalCheckin {
    /// The pairing.
    pub pairing: DocId,
    /// Who.
    pub member: MemberId,
    /// The circle she was alerted in; `None`: the alarm is over.
    pub step: Option<u8>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A document's new changes in one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalDoc {
    /// The document.
    pub doc: DocId,
    /// Its group.
    pub group: DocId,
    /// Feed position of its first new change.
    pub first: u64,
    /// Feed position of its last new change.
    pub last: u64,
}

/// One step of an urgent dispatch, for the instances holding the live connections it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalDispatch {
    /// The request.
    pub request: DocId,
    /// Members alerted in this step, with their wave.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerted: Vec<(MemberId, u8)>,
    /// Members stood down in this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ended: Vec<MemberId>,
}

impl Journal {
    /// What `writes` change for the other instances; `seqs` are the feed positions the commit
    /// gave their [`Write::AppendChange`]s, in order.
    pub fn of(writes: &[Write], seqs: &[u64]) -> Journal {
        let mut j = Journal::default();
        let mut seqs = seqs.iter().copied();
        for w in writes {
            match w {
                Write::AppendChange(c) => {
                    let Some(seq) = seqs.next() else { continue };
                    match j.docs.iter_mut().find(|d| d.doc == c.doc_id) {
                        Some(d) => d.last = d.last.max(seq),
                        None => j.docs.push(JournalDoc {
                            doc: c.doc_id,
                            group: c.group_id,
                            first: seq,
                            last: seq,
                        }),
                    }
                }
                Write::PutGroup(_) => j.groups = true,
                Write::PutMembership { member, .. } => push_once(&mut j.members, *member),
                Write::RevokeDevice { member, .. } => push_once(&mut j.revoked, *member),
                Write::SaveDispatch(d) => j.dispatches.push(JournalDispatch::of(d)),
                Write::PutDevice(_)
                | Write::PutDeviceKey { .. }
                | Write::PutInvite(_)
                | Write::PutDoc(_)
                | Write::Snapshot { .. }
                | Write::SnapshotAt { .. }
                | Write::BlobRef { .. }
                | Write::Done(_) => {}
            }
        }
        j
    }

    /// Whether another instance has nothing to learn from it.
    pub fn is_empty(&self) -> bool {
        self == &Journal::default()
    }
}

impl JournalDispatch {
    /// The step `d` saves.
    pub fn of(d: &crate::store::DispatchWrite) -> JournalDispatch {
        JournalDispatch {
            request: d.dispatch.dispatch.request,
            alerted: d.alerted.iter().map(|a| (a.member, a.wave)).collect(),
            ended: d.ended.clone(),
        }
    }
}

fn push_once(list: &mut Vec<MemberId>, m: MemberId) {
    if !list.contains(&m) {
        list.push(m);
    }
}

/// One entry of the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Its number: entries are numbered 1, 2, 3… in commit order, without gaps.
    pub id: u64,
    /// The instance that committed it ([`ClusterStore::instance`]).
    pub origin: u64,
    /// When, by the database's clock.
    pub at: Millis,
    /// What changed.
    pub journal: Journal,
}

/// Held while one instance's writer works; the next instance's writer waits for it to drop.
/// A crashed instance's turn ends with its database connection.
pub trait Turn {
    /// The last journal entry's number, read once the turn was taken, when the engine read it
    /// with the turn (then an instance that made every entry since its cursor itself need not
    /// read the journal).
    fn head(&self) -> Option<u64> {
        None
    }
}

/// An engine several relay instances can share.
pub trait ClusterStore: Send + Sync {
    /// This process's number in the journal's `origin`.
    fn instance(&self) -> u64;
    /// Waits for this instance's turn to write (every instance's writer takes turns).
    fn turn(&self) -> Result<Box<dyn Turn + '_>, Error>;
    /// The last journal entry's number (0 for none).
    fn journal_head(&self) -> Result<u64, Error>;
    /// Up to `limit` journal entries after `after`, in order.
    fn journal_after(&self, after: u64, limit: usize) -> Result<Vec<JournalEntry>, Error>;
    /// Forgets journal entries older than `kept` by the database's clock (every instance reads
    /// them within moments; one that fell further behind starts over from the store).
    fn prune_journal(&self, kept: std::time::Duration) -> Result<u64, Error>;
    /// Calls `wake` whenever another instance commits a journal entry, until the returned
    /// handle drops. Reconnects by itself; a wake-up missed meanwhile is caught by polling.
    fn listen(&self, wake: Box<dyn Fn() + Send + Sync>) -> Result<Box<dyn Send + Sync>, Error>;
    /// Says that this instance is alive and that `joined` now hold a live connection to it and
    /// `left` no longer do, in one transaction; returns the database's clock when it did.
    fn publish_presence(&self, joined: &[MemberId], left: &[MemberId]) -> Result<Millis, Error>;
    /// Of `members`, those holding a live connection to another instance that said it was alive
    /// within `fresh`.
    fn present_elsewhere(
        &self,
        members: &[MemberId],
        fresh: std::time::Duration,
    ) -> Result<std::collections::HashSet<MemberId>, Error>;
    /// Forgets the presence of instances not heard from within `kept` (they died).
    fn prune_presence(&self, kept: std::time::Duration) -> Result<u64, Error>;
}
