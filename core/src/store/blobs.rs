//! Attachments on disk: the `blobs` table holds each photo's bytes under its hash, the group it
//! was filed under, and how much of it the relay already holds.

use jinlin_model::Millis;
use jinlin_model::error::Result;
use jinlin_model::ids::DocId;
use rusqlite::{Connection, OptionalExtension, params};

/// A blob waiting to be uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBlob {
    /// Its hash.
    pub hash: String,
    /// The group whose members may fetch it.
    pub group_id: DocId,
    /// Its size.
    pub size: usize,
    /// Bytes the relay already holds.
    pub uploaded: usize,
}

/// Keeps a blob made on this device (the relay holds none of it yet); bytes already kept stay.
pub fn put_own(conn: &Connection, hash: &str, group: DocId, bytes: &[u8], now: Millis) -> Result<()> {
    conn.execute(
        "INSERT INTO blobs (hash, group_id, size, bytes, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (hash) DO UPDATE SET bytes = coalesce(blobs.bytes, excluded.bytes)",
        params![hash, group.to_string(), bytes.len() as i64, bytes, now],
    )?;
    Ok(())
}

/// Keeps a blob fetched from the relay (which holds all of it).
pub fn put_fetched(conn: &Connection, hash: &str, group: DocId, bytes: &[u8], now: Millis) -> Result<()> {
    conn.execute(
        "INSERT INTO blobs (hash, group_id, size, bytes, uploaded, created_at) VALUES (?1, ?2, ?3, ?4, ?3, ?5)
         ON CONFLICT (hash) DO UPDATE SET bytes = excluded.bytes, uploaded = excluded.size",
        params![hash, group.to_string(), bytes.len() as i64, bytes, now],
    )?;
    Ok(())
}

/// A blob's bytes, if kept.
pub fn bytes(conn: &Connection, hash: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT bytes FROM blobs WHERE hash = ?1", [hash], |r| {
            r.get::<_, Option<Vec<u8>>>(0)
        })
        .optional()?
        .flatten())
}

/// Blobs the relay does not fully hold yet, oldest first.
pub fn pending(conn: &Connection) -> Result<Vec<PendingBlob>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hash, group_id, size, uploaded FROM blobs WHERE bytes IS NOT NULL AND uploaded < size ORDER BY created_at",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (hash, group, size, uploaded) = r?;
        Ok(PendingBlob {
            hash,
            group_id: group.parse()?,
            size: size as usize,
            uploaded: uploaded as usize,
        })
    })
    .collect()
}

/// Records that the relay holds the first `uploaded` bytes of a blob.
pub fn record_upload(conn: &Connection, hash: &str, uploaded: usize) -> Result<()> {
    conn.execute(
        "UPDATE blobs SET uploaded = min(size, ?2) WHERE hash = ?1",
        params![hash, uploaded as i64],
    )?;
    Ok(())
}
