//! Applying a sync response. Every change and saved document is decoded first, outside any
//! transaction (saved documents on several threads); then the documents (however many are new), their query tables, the relay's
//! verdicts on the upload and the new feed positions are written in one transaction, so a
//! response that fails anywhere leaves the store as it was. A refused upload leaves the outbox
//! in that transaction: the refused changes are set aside with the reason (`store/refused.rs`).

use std::collections::HashMap;
use std::str::FromStr;

use automerge::ChangeHash;

use crate::device::events::{Event, Origin};
use crate::device::{RemoteChanges, SavedDoc};
use crate::store::cursors;
use crate::store::{docs, refused};
use crate::sync::heads::{self, ChangeRef};
use crate::sync::outgoing::Outgoing;
use crate::sync::replica::Replica;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::protocol::{AckResult, DocChanges, SyncResponse};
use jinlin_model::untrusted;

/// What one response did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Uploaded documents the relay stored.
    pub stored: Vec<DocId>,
    /// Changes in those uploads.
    pub stored_changes: usize,
    /// Uploaded documents whose whole history goes in the next request.
    pub need_history: Vec<DocId>,
    /// Uploaded documents the relay refused, with its reason and how many changes were set
    /// aside (0: the document's data stays in the outbox, for a later sync).
    pub rejected: Vec<(DocId, String, usize)>,
    /// Refused documents that still hold other local changes waiting to be sent.
    pub still_waiting: Vec<DocId>,
    /// Uploaded documents the response said nothing about.
    pub unanswered: Vec<DocId>,
    /// Documents that changed on this device.
    pub changed: Vec<DocId>,
    /// Changes received.
    pub received_changes: usize,
    /// Documents received whole, in saved form.
    pub received_saved: usize,
}

/// From this many saved documents in one answer on, they are loaded on several threads.
const PARALLEL_FROM: usize = 32;

/// Decodes received documents: every change, and every saved form loaded whole and read into
/// its view (on several threads when there are many: that is most of a first login's work).
/// Fails on the first malformed one (bytes on which Automerge's decoder panics included),
/// before anything is written.
pub fn decode_docs(docs: Vec<DocChanges>) -> Result<Vec<RemoteChanges>> {
    let saved = docs.iter().filter(|d| d.saved.is_some()).count();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    if saved < PARALLEL_FROM || threads < 2 {
        return docs.into_iter().map(decode_doc).collect();
    }
    let per_thread = docs.len().div_ceil(threads);
    let mut parts: Vec<Vec<DocChanges>> = Vec::with_capacity(threads);
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        parts.push(docs.by_ref().take(per_thread).collect());
    }
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(decode_doc).collect::<Result<Vec<_>>>()))
            .collect();
        let mut out = Vec::new();
        for thread in running {
            let decoded = thread
                .join()
                .map_err(|_| Error::Protocol("a document of the answer could not be read".into()))??;
            out.extend(decoded);
        }
        Ok(out)
    })
}

fn decode_doc(d: DocChanges) -> Result<RemoteChanges> {
    let changes = d
        .changes
        .iter()
        .map(|b| {
            untrusted::change(b)
                .ok_or_else(|| Error::Protocol(format!("a change to document {} does not decode", d.doc_id)))
        })
        .collect::<Result<Vec<_>>>()?;
    let saved = d
        .saved
        .map(|b| SavedDoc::decode(d.doc_id, d.doc_type, b.into_vec(), !changes.is_empty()))
        .transpose()?;
    Ok(RemoteChanges {
        id: d.doc_id,
        doc_type: d.doc_type,
        group_id: d.group_id,
        saved,
        changes,
    })
}

/// Applies `response` to the answer of `sent`: received changes, acknowledgements and feed
/// positions, all in one transaction.
pub fn apply(device: &impl Replica, sent: &Outgoing, response: SyncResponse) -> Result<Applied> {
    let SyncResponse {
        acks, docs, cursors, ..
    } = response;
    let remote = decode_docs(docs)?;
    let mut received: HashMap<DocId, Vec<ChangeRef>> = HashMap::new();
    let mut received_changes = 0;
    let mut received_saved = 0;
    for doc in &remote {
        received_changes += doc.changes.len();
        received_saved += usize::from(doc.saved.is_some());
        let refs = received.entry(doc.id).or_default();
        if let Some(saved) = &doc.saved {
            // The relay holds the saved document's heads, and with them all before.
            refs.extend(saved.heads.iter().map(|h| ChangeRef {
                hash: *h,
                deps: Vec::new(),
            }));
        }
        refs.extend(doc.changes.iter().map(ChangeRef::from));
    }

    let me = device.member()?;
    let now = device.now();
    let mut set_aside = Vec::new();
    let (changed, mut applied) = device.apply_remote_batch(remote, |tx| {
        let mut applied = Applied::default();
        for up in &sent.sent {
            let Some(ack) = acks.iter().find(|a| a.doc_id == up.doc_id) else {
                applied.unanswered.push(up.doc_id);
                continue;
            };
            match &ack.result {
                AckResult::Stored => {
                    let mut added = up.changes.clone();
                    added.extend(received.get(&up.doc_id).into_iter().flatten().cloned());
                    let held = heads::extend(&up.relay_heads, &added);
                    docs::mark_synced(tx, up.doc_id, up.acked_seq, &held)?;
                    applied.stored.push(up.doc_id);
                    applied.stored_changes += up.changes.len();
                }
                AckResult::NeedHistory if up.whole => {
                    applied
                        .rejected
                        .push((up.doc_id, jinlin_model::refusal::Refusal::HistoryNotPlaced.into(), 0));
                }
                AckResult::NeedHistory => {
                    // Forget what the relay was thought to hold: the next request sends it all.
                    docs::mark_synced(tx, up.doc_id, 0, &[])?;
                    applied.need_history.push(up.doc_id);
                }
                AckResult::Rejected { reason } => {
                    // The named change (or, naming none, the whole upload) and what was built
                    // on it leave the outbox.
                    let sent: Vec<ChangeHash> = up.changes.iter().map(|c| c.hash).collect();
                    let named = ack
                        .change
                        .as_deref()
                        .and_then(|h| ChangeHash::from_str(h).ok())
                        .filter(|h| sent.contains(h));
                    let named = match named {
                        Some(h) => vec![h],
                        // A whole history sent again after `need_history` may hold changes the
                        // relay acknowledged before; naming none, the refusal cannot tell
                        // them apart, so nothing is set aside.
                        None if up.whole && docs::meta(tx, up.doc_id)?.is_some_and(|m| m.synced_seq > 0) => Vec::new(),
                        None => sent,
                    };
                    let moved = match &me {
                        Some(me) => refused::set_aside(tx, up.doc_id, &named, *me, reason, now)?,
                        None => None,
                    };
                    let count = moved.as_ref().map_or(0, |m| m.changes);
                    if let Some(m) = moved {
                        if m.still_waiting {
                            applied.still_waiting.push(up.doc_id);
                        }
                        set_aside.push(m);
                    }
                    applied.rejected.push((up.doc_id, reason.clone(), count));
                }
            }
        }
        for cursor in &cursors {
            cursors::set(tx, cursor)?;
        }
        Ok(applied)
    })?;
    for m in set_aside {
        device.emit(Event::changed(m.doc_type, m.doc_id, m.group_id, Origin::Remote));
    }
    applied.changed = changed;
    applied.received_changes = received_changes;
    applied.received_saved = received_saved;
    Ok(applied)
}
