//! Documents received from the relay, merged into the store inside the caller's transaction
//! with their query tables. A document arrives as changes, or, when the device held none of it,
//! as its compacted saved form followed by any later changes. A new document received whole is
//! stored as those very bytes (no second encoding) and indexed once; a document the device
//! already holds takes a saved form with `load_incremental`, which skips what it holds.

use automerge::{AutoCommit, Change, ChangeHash};
use rusqlite::Transaction;

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::ids::DocId;
use crate::store::{docs, index};
use crate::untrusted;

/// One document received from the relay.
#[derive(Debug, Clone)]
pub struct RemoteChanges {
    /// The document.
    pub id: DocId,
    /// "group", "request", "household" or "report" (used only when the document is new to this
    /// device).
    pub doc_type: String,
    /// The group it belongs to (used only when the document is new to this device).
    pub group_id: DocId,
    /// The whole document, when the relay sent it in saved form; `changes` come after it.
    pub saved: Option<SavedDoc>,
    /// The changes, decoded.
    pub changes: Vec<Change>,
}

impl RemoteChanges {
    /// Changes only.
    pub fn changes(id: DocId, doc_type: impl Into<String>, group_id: DocId, changes: Vec<Change>) -> Self {
        RemoteChanges {
            id,
            doc_type: doc_type.into(),
            group_id,
            saved: None,
            changes,
        }
    }
}

/// A saved document as received: its bytes, and the document they load into (checked once,
/// before any transaction begins).
#[derive(Debug, Clone)]
pub struct SavedDoc {
    /// The bytes, kept as the document's snapshot when the document is new here.
    pub bytes: Vec<u8>,
    /// The loaded document.
    pub doc: AutoCommit,
    /// Its heads.
    pub heads: Vec<ChangeHash>,
}

impl SavedDoc {
    /// Loads untrusted bytes; refuses anything that is not a whole, valid saved document.
    pub fn decode(id: DocId, bytes: Vec<u8>) -> Result<SavedDoc> {
        let mut doc = untrusted::document(&bytes)
            .map_err(|e| Error::Protocol(format!("the saved form of document {id} does not load: {e}")))?;
        let heads = doc.get_heads();
        Ok(SavedDoc { bytes, doc, heads })
    }
}

/// Merges one received document inside `tx`. Returns true if anything changed.
pub fn merge(tx: &Transaction<'_>, remote: RemoteChanges, now: Millis) -> Result<bool> {
    let RemoteChanges {
        id,
        doc_type,
        group_id,
        saved,
        changes,
    } = remote;
    let corrupt = |e: automerge::AutomergeError| Error::CorruptDocument {
        id: id.to_string(),
        reason: e.to_string(),
    };
    let Some((mut doc, meta)) = docs::load(tx, id)? else {
        return insert_new(tx, id, &doc_type, group_id, saved, changes, now);
    };
    let before = doc.get_heads();
    if let Some(saved) = saved {
        doc.load_incremental(&saved.bytes).map_err(corrupt)?;
    }
    doc.apply_changes(changes).map_err(corrupt)?;
    let changed = docs::append(tx, &meta, &mut doc, &before, false, now)?;
    if changed {
        index::reindex(tx, &meta.doc_type, &doc)?;
    }
    if !meta.unsynced() && meta.relay_heads == before {
        docs::mark_synced(tx, id, meta.local_seq, &doc.get_heads())?;
    }
    Ok(changed)
}

/// Stores a document new to this device: its saved form as the snapshot when nothing follows
/// it, else the merged document saved once.
fn insert_new(
    tx: &Transaction<'_>,
    id: DocId,
    doc_type: &str,
    group_id: DocId,
    saved: Option<SavedDoc>,
    changes: Vec<Change>,
    now: Millis,
) -> Result<bool> {
    let (mut doc, bytes) = match saved {
        Some(s) => (s.doc, Some(s.bytes)),
        None => (AutoCommit::new(), None),
    };
    let mut bytes = bytes.filter(|_| changes.is_empty());
    if !changes.is_empty() {
        doc.apply_changes(changes).map_err(|e| Error::CorruptDocument {
            id: id.to_string(),
            reason: e.to_string(),
        })?;
    }
    let heads = doc.get_heads();
    if heads.is_empty() {
        // Nothing that applies yet (an empty answer, or changes waiting for their history).
        return Ok(false);
    }
    let snapshot = bytes.take().unwrap_or_else(|| doc.save());
    docs::insert_bytes(tx, id, doc_type, group_id, &snapshot, false, now)?;
    index::reindex(tx, doc_type, &doc)?;
    docs::mark_synced(tx, id, 0, &heads)?;
    Ok(true)
}
