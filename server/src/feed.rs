//! What a sync answer carries from the feed. For every group the device reads: the entries after
//! its cursor, minus the changes it uploaded in this very request, grouped per document in feed
//! order, within the response budget; past it, `more` is set and the cursors say how far the
//! answer went. What the device may not read by the access policy (a household of another
//! building, say) is left out; its cursor still moves past it.
//!
//! A device that reads saved forms (`accept_saved`) receives each document it holds none of
//! (the document's first feed entry lies after its cursor) whole instead: the document's
//! compacted saved form as of the feed position the download began at (`upto`), sent at the
//! document's first entry; its later entries up to `upto` are skipped. A download spread over
//! several answers states `(from, upto)` with the cursor (`CatchUp`), so a later answer knows
//! which documents went whole already and sends none of their entries up to `upto` again.
//! Changes that arrive in the meantime lie past `upto` and travel as ordinary changes after the
//! saved form.

use std::collections::{HashMap, HashSet};

use jinlin_model::DocId;
use jinlin_model::protocol::{CatchUp, DocChanges, GroupCursor};
use serde_bytes::ByteBuf;

use crate::access::{Access, DocRef};
use crate::compact::Whole;
use crate::error::Error;
use crate::relay::Relay;
use crate::store::{Digest, FeedEntry, Write};

/// Feed entries read from the store at a time.
const PAGE: usize = 1024;

/// One sync answer in the making.
struct Answer<'a> {
    uploaded: &'a HashSet<Digest>,
    docs: Vec<DocChanges>,
    by_doc: HashMap<DocId, usize>,
    budget: usize,
    sent_any: bool,
    more: bool,
    /// Saved forms built for this answer, kept as snapshots afterwards.
    snapshots: Vec<Write>,
    /// Whether the device may read each document met so far (asked once per document).
    reads: HashMap<DocId, bool>,
}

impl Answer<'_> {
    /// Takes `size` bytes of the budget; false (and `more`) if they do not fit. A single item
    /// larger than the whole budget still goes, alone.
    fn take(&mut self, size: usize) -> bool {
        if self.sent_any && size > self.budget {
            self.more = true;
            return false;
        }
        self.budget = self.budget.saturating_sub(size);
        self.sent_any = true;
        true
    }

    fn push_change(&mut self, group: DocId, entry: FeedEntry) {
        let docs = &mut self.docs;
        let i = *self.by_doc.entry(entry.doc_id).or_insert_with(|| {
            docs.push(DocChanges::new(entry.doc_id, entry.doc_type, group, Vec::new()));
            docs.len() - 1
        });
        docs[i].changes.push(ByteBuf::from(entry.bytes));
    }

    fn push_doc(&mut self, doc: DocChanges) {
        if doc.saved.is_none() && doc.changes.is_empty() {
            return;
        }
        self.by_doc.insert(doc.doc_id, self.docs.len());
        self.docs.push(doc);
    }
}

impl Relay {
    /// The feed the device lacks, within the response budget: documents, new cursors, `more`.
    pub(crate) fn collect(
        &self,
        access: &Access<'_>,
        cursors: &[GroupCursor],
        accept_saved: bool,
        uploaded: &HashSet<Digest>,
    ) -> Result<(Vec<DocChanges>, Vec<GroupCursor>, bool), Error> {
        let given: HashMap<DocId, &GroupCursor> = cursors.iter().map(|c| (c.group_id, c)).collect();
        let mut answer = Answer {
            uploaded,
            docs: Vec::new(),
            by_doc: HashMap::new(),
            budget: self.response_budget,
            sent_any: false,
            more: false,
            snapshots: Vec::new(),
            reads: HashMap::new(),
        };
        let mut out = Vec::with_capacity(access.groups().len());
        for &group in access.groups() {
            let mine = given.get(&group);
            let start = mine.map_or(0, |c| c.cursor);
            if answer.more {
                // Not reached this time: the device keeps its position.
                out.push(GroupCursor {
                    group_id: group,
                    cursor: start,
                    catch_up: mine.and_then(|c| c.catch_up),
                });
                continue;
            }
            let window = if accept_saved {
                self.window(group, start, mine.and_then(|c| c.catch_up))?
            } else {
                None
            };
            let at = self.walk(group, start, window, access, &mut answer)?;
            out.push(GroupCursor {
                group_id: group,
                cursor: at,
                catch_up: window.filter(|w| at < w.upto),
            });
        }
        if !answer.snapshots.is_empty()
            && let Err(e) = self.store.write(&answer.snapshots)
        {
            // Only a cache: the next device builds the saved forms again.
            tracing::warn!(error = %e, "saved forms not kept as snapshots");
        }
        Ok((answer.docs, out, answer.more))
    }

    /// The catch-up this answer works in: the device's own while it is still under way, else a
    /// new one from its cursor to the group's last feed position.
    fn window(&self, group: DocId, start: u64, given: Option<CatchUp>) -> Result<Option<CatchUp>, Error> {
        let head = self.store.feed_head(group)?;
        let window = match given {
            Some(c) if c.from <= start && start < c.upto.min(head) => CatchUp {
                from: c.from,
                upto: c.upto.min(head),
            },
            _ => CatchUp {
                from: start,
                upto: head,
            },
        };
        Ok((start < window.upto).then_some(window))
    }

    /// Walks one group's feed from `start`; returns the position reached.
    fn walk(
        &self,
        group: DocId,
        start: u64,
        window: Option<CatchUp>,
        access: &Access<'_>,
        answer: &mut Answer<'_>,
    ) -> Result<u64, Error> {
        let mut at = start;
        loop {
            let entries = self.store.feed_page(group, at, PAGE)?;
            let last_page = entries.len() < PAGE;
            for entry in entries {
                let hidden = !self.reads(access, group, &entry, &mut answer.reads)?;
                let whole =
                    window.filter(|w| entry.first_seq > w.from && entry.first_seq <= w.upto && entry.seq <= w.upto);
                if hidden {
                    // Left out, as if it did not exist.
                } else if let Some(w) = whole {
                    // The device holds none of this document: it goes whole at its first entry,
                    // and its later entries up to `upto` are in that.
                    if entry.seq == entry.first_seq {
                        let doc = self.deliver_whole(group, &entry, w.upto, answer)?;
                        if !answer.take(doc.data_bytes()) {
                            return Ok(at);
                        }
                        answer.push_doc(doc);
                    }
                } else if !answer.uploaded.contains(&entry.hash) {
                    if !answer.take(entry.bytes.len()) {
                        return Ok(at);
                    }
                    at = entry.seq;
                    answer.push_change(group, entry);
                    continue;
                }
                at = entry.seq;
            }
            if last_page {
                return Ok(at);
            }
        }
    }

    /// A document new to the device, as of `upto`.
    fn deliver_whole(
        &self,
        group: DocId,
        first: &FeedEntry,
        upto: u64,
        answer: &mut Answer<'_>,
    ) -> Result<DocChanges, Error> {
        let mut doc = DocChanges::new(first.doc_id, first.doc_type, group, Vec::new());
        if answer.uploaded.contains(&first.hash) {
            // The device created it in this very request: it lacks only what others added.
            doc.changes = self
                .store
                .doc_entries(first.doc_id, 0, upto)?
                .into_iter()
                .filter(|e| !answer.uploaded.contains(&e.hash))
                .map(|e| ByteBuf::from(e.bytes))
                .collect();
            return Ok(doc);
        }
        let (whole, snapshot) = self.whole_doc(first.doc_id, upto)?;
        answer.snapshots.extend(snapshot);
        match whole {
            Whole::Saved(bytes) => doc.saved = Some(ByteBuf::from(bytes)),
            Whole::Changes(changes) => doc.changes = changes.into_iter().map(ByteBuf::from).collect(),
        }
        Ok(doc)
    }

    /// Whether the device may read the document of `entry` (the policy's answer, asked once
    /// per document and answer).
    fn reads(
        &self,
        access: &Access<'_>,
        group: DocId,
        entry: &FeedEntry,
        known: &mut HashMap<DocId, bool>,
    ) -> Result<bool, Error> {
        if let Some(&reads) = known.get(&entry.doc_id) {
            return Ok(reads);
        }
        let doc = DocRef {
            id: entry.doc_id,
            kind: entry.doc_type,
            group,
        };
        let reads = access.may_read(&doc, || {
            let mut cache = self.docs();
            self.household_building(&mut cache, entry.doc_id)
        })?;
        known.insert(entry.doc_id, reads);
        Ok(reads)
    }
}
