//! An upload's driver: the write rules checked before the writer's turn where they can be
//! ([`super::precheck`]), then groups first, then every other document through the stages of
//! [`super::stages`], retried while the upload creates the groups they need; then one commit,
//! the urgent alerts it starts, and the live frames, in feed order. Also the upload's state
//! ([`Upload`]) and each document's outcome ([`Step`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use automerge::ChangeHash;
use jinlin_model::protocol::{AckResult, DocAck, DocChanges};
use jinlin_model::{DocId, DocKind, MemberId, Millis};

use super::NO_SUCH_DOCUMENT;
use super::precheck::Prechecked;
use super::step::Step;
use crate::access::{Access, GroupTree, Standing};
use crate::error::AppError;
use crate::live::{DocBatch, LiveChange, LiveEvent, unix_micros};
use crate::metrics::Metrics;
use crate::relay::Relay;
use crate::store::journal::Journal;
use crate::store::{DeviceRecord, Digest, DocRecord, Write};

impl Relay {
    pub(super) fn upload_docs(
        &self,
        device: &DeviceRecord,
        docs: &[DocChanges],
        uploaded: &mut HashSet<Digest>,
    ) -> Result<(Vec<DocAck>, Option<Standing>), AppError> {
        // The write rules of what can be checked before the writer's turn, beside other
        // uploads (`precheck.rs`).
        let pre = self.precheck(device, docs);
        self.upload_prechecked(device, docs, pre, uploaded)
    }

    /// [`Relay::upload_docs`] once its documents were checked as far as they could be before the
    /// writer's turn.
    pub(super) fn upload_prechecked<'b>(
        &self,
        device: &DeviceRecord,
        docs: &'b [DocChanges],
        mut pre: Vec<Option<Prechecked<'b>>>,
        uploaded: &mut HashSet<Digest>,
    ) -> Result<(Vec<DocAck>, Option<Standing>), AppError> {
        let mut cache = self.writer()?;
        // Whoever syncs the log meanwhile waits a moment for this upload's commit (`durable.rs`).
        let writing = self.durable.writing();
        let standing = self.standing_in(&mut cache, device.member_id)?;
        let mut up = Upload {
            device,
            tree: GroupTree::clone(standing.tree()),
            access: Access::new(standing, &self.alerts),
            groups_created: 0,
            // Counted only when the upload may create a group.
            groups_today: if docs.iter().any(|d| d.doc_type == DocKind::Group) {
                let since = self.now().saturating_sub(crate::relay::DAY_MS);
                self.store.made_since(device.member_id, since)?.0
            } else {
                0
            },
            writes: Vec::new(),
            batches: Vec::new(),
            touched: Vec::new(),
            created: HashMap::new(),
            roles_changed: Vec::new(),
            now: self.now(),
        };

        // Group documents first, so a request can go into a group created in the same upload;
        // a document refused for want of a group is retried while new groups appear.
        let mut waiting: Vec<usize> = (0..docs.len()).collect();
        waiting.sort_by_key(|&i| docs[i].doc_type != DocKind::Group);
        let mut results: Vec<Option<(AckResult, Option<ChangeHash>)>> = vec![None; docs.len()];
        loop {
            let before = up.groups_created;
            let mut later = Vec::new();
            for i in waiting {
                let checked = pre.get_mut(i).and_then(Option::take);
                let step = match self.upload_doc(&mut cache, &mut up, &docs[i], checked, uploaded) {
                    Ok(step) => step,
                    Err(e) => {
                        for id in &up.touched {
                            cache.evict(*id);
                        }
                        return Err(e.into());
                    }
                };
                if let Step::Later(_) = step {
                    later.push(i);
                }
                results[i] = Some(step.into_result());
            }
            if later.is_empty() || up.groups_created == before {
                break;
            }
            waiting = later;
        }

        let keeps_standing =
            up.groups_created == 0 && up.roles_changed.is_empty() && !docs.iter().any(|d| d.doc_type == DocKind::Group);
        if !up.writes.is_empty() {
            // Urgent alerts: a new urgent request's dispatch (or a running one's next step) is
            // decided now and saved in the request's own transaction.
            let mut steps = Vec::new();
            for b in up.batches.iter().filter(|b| b.doc_type == DocKind::Request) {
                match self.plan_dispatch(&mut cache, b.doc_id) {
                    Ok(Some(step)) => {
                        up.writes.extend(step.write());
                        steps.push(step);
                    }
                    Ok(None) => {}
                    Err(e) => tracing::error!(request = %b.doc_id, error = %e, "urgent alert not dispatched"),
                }
            }
            // Committed now and synced below, outside the writer lock, with every upload that
            // commits meanwhile (`durable.rs`).
            let seqs = match self.store.write_unsynced(&up.writes) {
                Ok(seqs) => seqs,
                Err(e) => {
                    for id in &up.touched {
                        cache.evict(*id);
                    }
                    return Err(e.into());
                }
            };
            self.durable.saw(seqs.iter().copied().max().unwrap_or(0));
            self.durable.committed();
            if self.store.cluster().is_some() && !Journal::of(&up.writes, &seqs).is_empty() {
                // Its journal entry: the next turn need not read it back (`cluster.rs`).
                self.own_entries.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
            // Those alerted now got the whole request in their alert: no second copy below.
            let mut alerted: HashMap<DocId, HashSet<MemberId>> = HashMap::new();
            for step in &steps {
                alerted
                    .entry(step.request())
                    .or_default()
                    .extend(step.alerted_members());
            }
            // The alerts go out first: someone in trouble is waiting for them.
            for step in steps {
                if step.started {
                    tracing::info!(
                        request = %step.request(),
                        alerted = step.alerted(),
                        accepted_unix_us = unix_micros(),
                        "urgent request accepted; first wave alerted"
                    );
                }
                self.carry_out(step);
            }
            let received: usize = up
                .batches
                .iter()
                .map(|b| b.changes.iter().filter(|c| c.1).count())
                .sum();
            Metrics::add(&self.metrics.changes_in, received as u64);
            if up.groups_created > 0 {
                self.set_tree(up.tree);
                self.publish(LiveEvent::AccessChanged(None));
            }
            for member in up.roles_changed {
                tracing::info!(%member, "role changed by staff");
                self.publish(LiveEvent::AccessChanged(Some(member)));
            }
            // Publish in feed order, still under the writer lock, so live frames keep it.
            let mut seqs = seqs.into_iter();
            for b in up.batches {
                let cursor = seqs.by_ref().take(b.changes.len()).last().unwrap_or(0);
                let changes = b
                    .changes
                    .into_iter()
                    .map(|(bytes, by_author)| LiveChange { bytes, by_author })
                    .collect();
                let batch = DocBatch::new(
                    b.doc_id,
                    b.doc_type,
                    b.group_id,
                    cursor,
                    Some(device.member_id),
                    changes,
                )
                .carried_in_alerts(alerted.remove(&b.doc_id).unwrap_or_default());
                self.publish(LiveEvent::Changes(Arc::new(batch)));
            }
        }
        drop(writing);
        drop(cache);
        // The uploader's standing as the answer will find it, unless this upload changed it: a
        // group document (roles, building leaders' entries) or a group created.
        let standing = keeps_standing.then(|| up.access.standing().clone());
        // Durable once the log is synced: the caller waits for that after leaving its turn at
        // the writer ([`Relay::upload`], or the answer of a sync), so the uploads queued behind
        // this one are checked meanwhile and share the sync.
        let acks = docs
            .iter()
            .zip(results)
            .map(|(d, r)| {
                let (result, change) = r.unwrap_or((
                    AckResult::Rejected {
                        reason: NO_SUCH_DOCUMENT.into(),
                    },
                    None,
                ));
                DocAck {
                    doc_id: d.doc_id,
                    result,
                    change: change.map(|h| h.to_string()),
                }
            })
            .collect();
        Ok((acks, standing))
    }
}

/// One upload in progress: what it may touch and what it will write.
pub(super) struct Upload<'a> {
    /// The uploading device.
    pub device: &'a DeviceRecord,
    /// What the uploader may read and write, with the groups this upload created.
    pub access: Access<'a>,
    /// The group tree with the groups this upload created, for the relay once it commits.
    pub tree: GroupTree,
    /// Groups this upload created so far.
    pub groups_created: usize,
    /// Groups the uploader created in the last day, before this upload.
    pub groups_today: u32,
    /// What the commit writes.
    pub writes: Vec<Write>,
    /// Changes stored, per document, for the live channel.
    pub batches: Vec<Batch>,
    /// Documents changed in memory, dropped from the cache if the commit fails.
    pub touched: Vec<DocId>,
    /// Documents this upload creates.
    pub created: HashMap<DocId, DocRecord>,
    /// Members whose role staff changed in a group document.
    pub roles_changed: Vec<MemberId>,
    /// The relay's clock when the upload began.
    pub now: Millis,
}

/// Changes stored for one document, for the live channel: bytes, and whether the uploader wrote
/// them (the relay's own are not).
pub(super) struct Batch {
    pub doc_id: DocId,
    pub doc_type: DocKind,
    pub group_id: DocId,
    pub changes: Vec<(Vec<u8>, bool)>,
}
