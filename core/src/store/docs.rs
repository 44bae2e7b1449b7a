//! Documents on disk: a compacted snapshot plus the incremental chunks appended since. A change
//! appends one chunk; every [`COMPACT_EVERY`] chunks the document is saved whole again and the
//! chunks are dropped, in the same transaction.

use automerge::{AutoCommit, ChangeHash};
use jinlin_model::DocKind;
use rusqlite::{Connection, OptionalExtension, params};

use jinlin_model::clock::Millis;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;

/// Chunks kept before a document is compacted into a fresh snapshot.
pub const COMPACT_EVERY: i64 = 32;

/// What the store knows about a document besides its content.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta {
    /// The document.
    pub id: DocId,
    /// "group" or "request" (or a type from a newer version).
    pub doc_type: DocKind,
    /// The group whose members may read it.
    pub group_id: DocId,
    /// Chunks since the last snapshot.
    pub chunks: i64,
    /// Bumped by each change made on this device.
    pub local_seq: i64,
    /// The `local_seq` the relay has acknowledged.
    pub synced_seq: i64,
    /// The heads the relay is known to hold.
    pub relay_heads: Vec<ChangeHash>,
}

impl DocMeta {
    /// True when this device made changes the relay has not acknowledged.
    pub fn unsynced(&self) -> bool {
        self.local_seq > self.synced_seq
    }
}

/// Encodes heads as concatenated 32-byte hashes.
pub fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.0).collect()
}

/// Decodes heads written by [`encode_heads`]; malformed input reads as no heads.
pub fn decode_heads(bytes: &[u8]) -> Vec<ChangeHash> {
    if !bytes.len().is_multiple_of(32) {
        return Vec::new();
    }
    bytes
        .chunks_exact(32)
        .filter_map(|c| ChangeHash::try_from(c).ok())
        .collect()
}

/// Reads a document's metadata.
pub fn meta(conn: &Connection, id: DocId) -> Result<Option<DocMeta>> {
    conn.prepare_cached(
        "SELECT doc_type, group_id, chunks, local_seq, synced_seq, relay_heads FROM docs WHERE id = ?1",
    )?
    .query_row([id.to_string()], |r| {
        Ok((
            r.get::<_, DocKind>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Vec<u8>>(5)?,
        ))
    })
    .optional()?
    .map(|(doc_type, group, chunks, local_seq, synced_seq, heads)| {
        Ok(DocMeta {
            id,
            doc_type,
            group_id: group.parse()?,
            chunks,
            local_seq,
            synced_seq,
            relay_heads: decode_heads(&heads),
        })
    })
    .transpose()
}

/// Loads a document and its metadata, or `None` if the store does not hold it.
pub fn load(conn: &Connection, id: DocId) -> Result<Option<(AutoCommit, DocMeta)>> {
    let Some(meta) = meta(conn, id)? else {
        return Ok(None);
    };
    let snapshot: Vec<u8> = conn
        .prepare_cached("SELECT snapshot FROM docs WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    let corrupt = |e: automerge::AutomergeError| Error::CorruptDocument {
        id: id.to_string(),
        reason: e.to_string(),
    };
    let mut doc = if snapshot.is_empty() {
        AutoCommit::new()
    } else {
        AutoCommit::load(&snapshot).map_err(corrupt)?
    };
    let mut stmt = conn.prepare_cached("SELECT bytes FROM doc_chunks WHERE doc_id = ?1 ORDER BY seq")?;
    let chunks = stmt.query_map([id.to_string()], |r| r.get::<_, Vec<u8>>(0))?;
    for chunk in chunks {
        doc.load_incremental(&chunk?).map_err(corrupt)?;
    }
    Ok(Some((doc, meta)))
}

/// Stores a document this device has not held before.
pub fn insert(
    conn: &Connection,
    id: DocId,
    doc_type: DocKind,
    group: DocId,
    doc: &mut AutoCommit,
    local: bool,
    now: Millis,
) -> Result<()> {
    insert_bytes(conn, id, doc_type, group, &doc.save(), local, now)
}

/// Stores a document this device has not held before, given in its saved form.
pub fn insert_bytes(
    conn: &Connection,
    id: DocId,
    doc_type: DocKind,
    group: DocId,
    saved: &[u8],
    local: bool,
    now: Millis,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO docs (id, doc_type, group_id, snapshot, local_seq, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id.to_string(),
        doc_type,
        group.to_string(),
        saved,
        i64::from(local),
        now
    ])?;
    Ok(())
}

/// Appends what changed in `doc` since `before`. `local` marks changes made on this device,
/// which the next sync must send. Returns false if nothing changed.
pub fn append(
    conn: &Connection,
    meta: &DocMeta,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    local: bool,
    now: Millis,
) -> Result<bool> {
    let bytes = doc.save_after(before);
    if bytes.is_empty() {
        return Ok(false);
    }
    let id = meta.id.to_string();
    if meta.chunks + 1 >= COMPACT_EVERY {
        conn.prepare_cached("DELETE FROM doc_chunks WHERE doc_id = ?1")?
            .execute([&id])?;
        conn.prepare_cached("UPDATE docs SET snapshot = ?2, chunks = 0 WHERE id = ?1")?
            .execute(params![id, doc.save()])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO doc_chunks (doc_id, seq, bytes)
             VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM doc_chunks WHERE doc_id = ?1), ?2)",
        )?
        .execute(params![id, bytes])?;
        conn.prepare_cached("UPDATE docs SET chunks = chunks + 1 WHERE id = ?1")?
            .execute([&id])?;
    }
    conn.prepare_cached("UPDATE docs SET local_seq = local_seq + ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, i64::from(local), now])?;
    Ok(true)
}

/// Documents with changes made on this device that the relay has not acknowledged.
pub fn unsynced(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM docs WHERE local_seq > synced_seq ORDER BY updated_at")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|r| Ok(r?.parse()?)).collect()
}

/// Records that the relay holds `heads` of the document and has acknowledged local changes up
/// to `local_seq`.
pub fn mark_synced(conn: &Connection, id: DocId, local_seq: i64, heads: &[ChangeHash]) -> Result<()> {
    conn.prepare_cached("UPDATE docs SET synced_seq = max(synced_seq, ?2), relay_heads = ?3 WHERE id = ?1")?
        .execute(params![id.to_string(), local_seq, encode_heads(heads)])?;
    Ok(())
}

/// Every document held: id, kind and group, with a household's building (from its query table).
pub fn held(conn: &Connection) -> Result<Vec<jinlin_model::peer::session::Held>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.doc_type, d.group_id, h.building FROM docs d
         LEFT JOIN households h ON h.id = d.id ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, DocKind>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, kind, group, building) = row?;
        Ok(jinlin_model::peer::session::Held {
            id: id.parse()?,
            kind,
            group: group.parse()?,
            building,
        })
    })
    .collect()
}
