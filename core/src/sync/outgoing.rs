//! The next sync request: the device's feed positions, and the local changes the relay lacks,
//! packed up to a byte budget. A document too large for the budget goes in pieces, a
//! dependency-closed prefix at a time.

use std::collections::HashSet;

use automerge::ChangeHash;
use serde_bytes::ByteBuf;

use crate::store::cursors;
use crate::store::docs;
use crate::store::peer;
use crate::sync::heads::ChangeRef;
use crate::sync::replica::Replica;
use jinlin_model::error::Result;
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::protocol::{DocChanges, MAX_BODY_BYTES, PROTOCOL_VERSION, SyncRequest, UPLOAD_BUDGET_BYTES};

/// Rough size of one document's envelope in a request (ids, type, CBOR framing).
const ENVELOPE_BYTES: usize = 96;

/// A request ready to send, with what the session must remember to apply the answer.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The request.
    pub request: SyncRequest,
    /// What was uploaded, one entry per document in `request.docs`.
    pub sent: Vec<SentDoc>,
    /// Raw change bytes in the request.
    pub change_bytes: usize,
    /// Documents that cannot go at all: their next change alone is larger than the relay
    /// accepts. They stay on the device.
    pub too_large: Vec<(DocId, usize)>,
}

/// One uploaded document, as the session needs to record the relay's verdict.
#[derive(Debug, Clone)]
pub struct SentDoc {
    /// The document.
    pub doc_id: DocId,
    /// The `local_seq` the relay acknowledges when it stores this upload: the document's
    /// `local_seq` if every local change went, else its current `synced_seq`.
    pub acked_seq: i64,
    /// True when every change the relay lacked went in this request.
    pub complete: bool,
    /// True when the upload started from nothing (the document's whole history).
    pub whole: bool,
    /// The heads the relay was known to hold before.
    pub relay_heads: Vec<ChangeHash>,
    /// The uploaded changes.
    pub changes: Vec<ChangeRef>,
}

/// Limits on what one request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Change bytes packed into one request (more go in the next).
    pub budget: usize,
    /// The largest single change that can be sent (the relay refuses larger bodies).
    pub max_change: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            budget: UPLOAD_BUDGET_BYTES,
            // Room for the envelope of the request around the change.
            max_change: MAX_BODY_BYTES - 64 * 1024,
        }
    }
}

/// Builds the next request: every feed position, and as many local changes as fit the budget,
/// leaving out the documents in `skip`. A document whose relay heads already cover every change
/// is marked synced on the spot instead of being sent.
pub fn build(device: &impl Replica, skip: &HashSet<DocId>, limits: Limits) -> Result<Outgoing> {
    let budget = limits.budget;
    let cursors = device.store().read(cursors::all)?;
    let mut out = Outgoing {
        request: SyncRequest {
            version: PROTOCOL_VERSION,
            cursors,
            docs: Vec::new(),
            accept_saved: true,
            signatures: Vec::new(),
        },
        sent: Vec::new(),
        change_bytes: 0,
        too_large: Vec::new(),
    };
    let mut used = 0usize;
    let me = device.member()?;
    // Changes of other members received from their phones go with their authors' signatures.
    let mut carried = Vec::new();
    for id in device.unsynced_docs()? {
        if skip.contains(&id) {
            continue;
        }
        if used >= budget {
            break;
        }
        let Some((meta, mut changes)) = device.changes_for_relay(id)? else {
            continue;
        };
        if changes.is_empty() {
            device
                .store()
                .write(|tx| docs::mark_synced(tx, id, meta.local_seq, &meta.relay_heads))?;
            continue;
        }
        let mut bytes = Vec::new();
        let mut refs = Vec::new();
        let mut size = ENVELOPE_BYTES;
        for change in changes.iter_mut() {
            let encoded = change.bytes().into_owned();
            if encoded.len() > limits.max_change {
                if refs.is_empty() {
                    out.too_large.push((id, encoded.len()));
                }
                break;
            }
            let fits = used + size + encoded.len() <= budget;
            // Always send at least one change, so a change larger than the budget (but within
            // the relay's body limit) still goes.
            let first = out.sent.is_empty() && refs.is_empty();
            if !fits && !first {
                break;
            }
            size += encoded.len();
            if MemberId::of_actor(change.actor_id()) != me {
                carried.push(change.hash());
            }
            refs.push(ChangeRef::from(&*change));
            bytes.push(ByteBuf::from(encoded));
        }
        if refs.is_empty() {
            if out.too_large.last().is_some_and(|(d, _)| *d == id) {
                continue;
            }
            break;
        }
        let complete = refs.len() == changes.len();
        used += size;
        out.change_bytes += size - ENVELOPE_BYTES;
        out.request.docs.push(DocChanges {
            doc_id: id,
            doc_type: meta.doc_type,
            group_id: meta.group_id,
            changes: bytes,
            saved: None,
        });
        out.sent.push(SentDoc {
            doc_id: id,
            acked_seq: if complete { meta.local_seq } else { meta.synced_seq },
            complete,
            whole: meta.relay_heads.is_empty(),
            relay_heads: meta.relay_heads.clone(),
            changes: refs,
        });
        if !complete {
            break;
        }
    }
    if !carried.is_empty() {
        out.request.signatures = device.store().read(|c| peer::signatures(c, &carried))?;
    }
    Ok(out)
}
