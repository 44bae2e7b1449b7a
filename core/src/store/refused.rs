//! Changes the relay refused. A refusal is final for the changes it names, so they leave the
//! outbox: the document is rebuilt from the changes that remain (and dropped whole when nothing
//! remains, a document whose creation was refused), the query tables follow, and the refused
//! changes' bytes are kept in `refused_changes` with the relay's reason and the time. Only
//! changes made on this device that the relay does not hold are ever set aside: the named ones
//! and every local change built on them. All of it happens in the caller's transaction.

use jinlin_model::DocKind;
use std::collections::HashSet;

use automerge::{AutoCommit, Change, ChangeHash};
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::store::{docs, index};
use jinlin_model::clock::Millis;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};

/// A change this device made that the relay refused, kept with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedChange {
    /// The document it changed.
    pub doc_id: DocId,
    /// "group", "request", "household" or "report".
    pub doc_type: DocKind,
    /// The group the document belongs to.
    pub group_id: DocId,
    /// The change's hash (hex).
    pub change: String,
    /// The relay's reason.
    pub reason: String,
    /// When the refusal arrived.
    pub refused_at: Millis,
}

/// What setting aside did to one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// The document.
    pub doc_id: DocId,
    /// Its type.
    pub doc_type: DocKind,
    /// Its group.
    pub group_id: DocId,
    /// Changes moved out of the outbox.
    pub changes: usize,
    /// True when nothing of the document remained, so the device no longer holds it.
    pub removed: bool,
    /// True when other local changes to it still wait to be sent.
    pub still_waiting: bool,
}

/// Moves the changes `named` (those of them this device made and the relay lacks) and every
/// local change depending on them out of document `id`, keeping their bytes with `reason`.
/// `me` is this device's member (whichever installation actor wrote the change). Returns `None`
/// when none of `named` was there to set aside.
pub fn set_aside(
    conn: &Connection,
    id: DocId,
    named: &[ChangeHash],
    me: MemberId,
    reason: &str,
    now: Millis,
) -> Result<Option<SetAside>> {
    let Some((mut doc, meta)) = docs::load(conn, id)? else {
        return Ok(None);
    };
    // Only local changes the relay does not hold may go: the relay's own copy is never undone.
    let lacking: HashSet<ChangeHash> = doc
        .get_changes(&meta.relay_heads)
        .iter()
        .filter(|c| MemberId::of_actor(c.actor_id()) == Some(me))
        .map(Change::hash)
        .collect();
    let mut out: HashSet<ChangeHash> = named.iter().copied().filter(|h| lacking.contains(h)).collect();
    if out.is_empty() {
        return Ok(None);
    }
    let mut all = doc.get_changes(&[]);
    // Everything built on a refused change goes with it (until no more are added).
    loop {
        let before = out.len();
        for c in &all {
            if lacking.contains(&c.hash()) && c.deps().iter().any(|d| out.contains(d)) {
                out.insert(c.hash());
            }
        }
        if out.len() == before {
            break;
        }
    }
    let key = id.to_string();
    let group = meta.group_id.to_string();
    let mut kept = Vec::with_capacity(all.len());
    for mut c in all.drain(..) {
        if !out.contains(&c.hash()) {
            kept.push(c);
            continue;
        }
        conn.prepare_cached(
            "INSERT OR IGNORE INTO refused_changes (hash, doc_id, doc_type, group_id, reason, refused_at, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            c.hash().to_string(),
            key,
            meta.doc_type,
            group,
            reason,
            now,
            c.bytes().as_ref()
        ])?;
    }
    index::remove(conn, id)?;
    conn.prepare_cached("DELETE FROM doc_chunks WHERE doc_id = ?1")?
        .execute([&key])?;
    let mut done = SetAside {
        doc_id: id,
        doc_type: meta.doc_type,
        group_id: meta.group_id,
        changes: out.len(),
        removed: kept.is_empty(),
        still_waiting: false,
    };
    if kept.is_empty() {
        conn.prepare_cached("DELETE FROM docs WHERE id = ?1")?.execute([&key])?;
        return Ok(Some(done));
    }
    let mut rebuilt = AutoCommit::new();
    rebuilt.apply_changes(kept).map_err(|e| Error::CorruptDocument {
        id: key.clone(),
        reason: e.to_string(),
    })?;
    done.still_waiting = rebuilt
        .get_changes(&meta.relay_heads)
        .iter()
        .any(|c| MemberId::of_actor(c.actor_id()) == Some(me));
    conn.prepare_cached(
        "UPDATE docs SET snapshot = ?2, chunks = 0, updated_at = ?3,
             synced_seq = CASE WHEN ?4 THEN synced_seq ELSE local_seq END
         WHERE id = ?1",
    )?
    .execute(params![key, rebuilt.save(), now, done.still_waiting])?;
    index::reindex(conn, meta.doc_type, &rebuilt)?;
    Ok(Some(done))
}

/// Every refused change this device keeps, newest first.
pub fn list(conn: &Connection) -> Result<Vec<RefusedChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT doc_id, doc_type, group_id, hash, reason, refused_at FROM refused_changes
         ORDER BY refused_at DESC, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, DocKind>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (doc, doc_type, group, change, reason, refused_at) = row?;
        Ok(RefusedChange {
            doc_id: doc.parse()?,
            doc_type,
            group_id: group.parse()?,
            change,
            reason,
            refused_at,
        })
    })
    .collect()
}
