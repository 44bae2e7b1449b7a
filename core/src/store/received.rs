//! Documents received from the relay, merged into the store inside the caller's transaction
//! with their query tables. A document arrives as changes, or, when the device held none of it,
//! as its compacted saved form followed by any later changes.
//!
//! A saved form is loaded and read into its view before the transaction begins (on several
//! threads when an answer brings many, see `sync/incoming.rs`), so the transaction only writes:
//! a document new to the device is stored as the very bytes received (no second encoding) with
//! its rows; a document the device already holds takes the saved form with `load_incremental`,
//! which skips what it holds.

use automerge::{AutoCommit, Change, ChangeHash};
use jinlin_model::DocKind;
use rusqlite::Transaction;

use crate::store::index::DocView;
use crate::store::{docs, index};
use jinlin_model::clock::Millis;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::untrusted;

/// One document received from the relay.
#[derive(Debug, Clone)]
pub struct RemoteChanges {
    /// The document.
    pub id: DocId,
    /// "group", "request", "household" or "report" (used only when the document is new to this
    /// device).
    pub doc_type: DocKind,
    /// The group it belongs to (used only when the document is new to this device).
    pub group_id: DocId,
    /// The whole document, when the relay sent it in saved form; `changes` come after it.
    pub saved: Option<SavedDoc>,
    /// The changes, decoded.
    pub changes: Vec<Change>,
}

impl RemoteChanges {
    /// Changes only.
    pub fn changes(id: DocId, doc_type: DocKind, group_id: DocId, changes: Vec<Change>) -> Self {
        RemoteChanges {
            id,
            doc_type,
            group_id,
            saved: None,
            changes,
        }
    }
}

/// A saved document as received, checked and read before any transaction begins.
#[derive(Debug, Clone)]
pub struct SavedDoc {
    /// The bytes, kept as the document's snapshot when the document is new here.
    pub bytes: Vec<u8>,
    /// The document's heads.
    pub heads: Vec<ChangeHash>,
    /// Its query-table view (`None` if it does not read as its type).
    pub view: Option<DocView>,
    /// The loaded document, kept only when changes follow it (they are applied to it).
    pub doc: Option<AutoCommit>,
}

impl SavedDoc {
    /// Loads untrusted bytes, refusing anything that is not a whole, valid saved document, and
    /// reads its view. `then_changes`: changes follow, so the loaded document is kept.
    pub fn decode(id: DocId, doc_type: DocKind, bytes: Vec<u8>, then_changes: bool) -> Result<SavedDoc> {
        let mut doc = untrusted::document(&bytes)
            .map_err(|e| Error::Protocol(format!("the saved form of document {id} does not load: {e}")))?;
        let heads = doc.get_heads();
        let view = if then_changes {
            None
        } else {
            DocView::read(doc_type, &doc)
        };
        Ok(SavedDoc {
            bytes,
            heads,
            view,
            doc: then_changes.then_some(doc),
        })
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
        return insert_new(tx, id, doc_type, group_id, saved, changes, now);
    };
    let before = doc.get_heads();
    if let Some(saved) = saved {
        doc.load_incremental(&saved.bytes).map_err(corrupt)?;
    }
    doc.apply_changes(changes).map_err(corrupt)?;
    let changed = docs::append(tx, &meta, &mut doc, &before, false, now)?;
    if changed {
        index::reindex(tx, meta.doc_type, &doc)?;
    }
    if !meta.unsynced() && meta.relay_heads == before {
        docs::mark_synced(tx, id, meta.local_seq, &doc.get_heads())?;
    }
    Ok(changed)
}

/// Stores a document new to this device.
fn insert_new(
    tx: &Transaction<'_>,
    id: DocId,
    doc_type: DocKind,
    group_id: DocId,
    saved: Option<SavedDoc>,
    changes: Vec<Change>,
    now: Millis,
) -> Result<bool> {
    if let Some(saved) = saved.as_ref()
        && changes.is_empty()
    {
        // The common case of a first login: the bytes as received, the view read beforehand.
        if saved.heads.is_empty() {
            return Ok(false);
        }
        docs::insert_bytes(tx, id, doc_type, group_id, &saved.bytes, false, now)?;
        if let Some(view) = &saved.view {
            view.put(tx)?;
        }
        docs::mark_synced(tx, id, 0, &saved.heads)?;
        return Ok(true);
    }
    let mut doc = match saved {
        Some(s) => match s.doc {
            Some(doc) => doc,
            None => untrusted::document(&s.bytes).map_err(Error::Protocol)?,
        },
        None => AutoCommit::new(),
    };
    doc.apply_changes(changes).map_err(|e| Error::CorruptDocument {
        id: id.to_string(),
        reason: e.to_string(),
    })?;
    let heads = doc.get_heads();
    if heads.is_empty() {
        // Nothing that applies yet (an empty answer, or changes waiting for their history).
        return Ok(false);
    }
    docs::insert(tx, id, doc_type, group_id, &mut doc, false, now)?;
    index::reindex(tx, doc_type, &doc)?;
    docs::mark_synced(tx, id, 0, &heads)?;
    Ok(true)
}

/// Stores changes of one document received from a neighbour's phone (peer-to-peer sync) inside
/// `tx`, as changes the relay does not hold yet: the document becomes unsynced, so the next sync
/// with the relay carries them on (with their authors' signatures). Returns true if anything
/// changed.
pub fn merge_from_peer(
    tx: &Transaction<'_>,
    id: DocId,
    doc_type: DocKind,
    group_id: DocId,
    changes: Vec<Change>,
    now: Millis,
) -> Result<bool> {
    let corrupt = |e: automerge::AutomergeError| Error::CorruptDocument {
        id: id.to_string(),
        reason: e.to_string(),
    };
    match docs::load(tx, id)? {
        Some((mut doc, meta)) => {
            let before = doc.get_heads();
            doc.apply_changes(changes).map_err(corrupt)?;
            let changed = docs::append(tx, &meta, &mut doc, &before, true, now)?;
            if changed {
                index::reindex(tx, meta.doc_type, &doc)?;
            }
            Ok(changed)
        }
        None => {
            let mut doc = AutoCommit::new();
            doc.apply_changes(changes).map_err(corrupt)?;
            if doc.get_heads().is_empty() {
                return Ok(false);
            }
            docs::insert(tx, id, doc_type, group_id, &mut doc, true, now)?;
            index::reindex(tx, doc_type, &doc)?;
            Ok(true)
        }
    }
}
