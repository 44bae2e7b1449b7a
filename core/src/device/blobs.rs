//! Photos and other attachments: content-addressed blobs kept in the device's store. A blob is
//! named by the SHA-256 of its bytes, so the same photo is stored once and a corrupted transfer
//! cannot pass for it. The relay learns how much of each it holds, so an upload cut off by a
//! lost connection resumes where it stopped; blobs from others are fetched only when viewed.

use rusqlite::{OptionalExtension, params};

use crate::device::Device;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;

use jinlin_model::photo::{MAX_BLOB_BYTES, check_hash, hash_of};

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

impl Device {
    /// Keeps `bytes` as an attachment of `group`. Returns its hash.
    pub fn add_blob(&self, group: DocId, bytes: &[u8]) -> Result<String> {
        if bytes.is_empty() {
            return Err(Error::InvalidInput("an attachment must not be empty".into()));
        }
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(Error::TooLong {
                what: "attachment (bytes)",
                len: bytes.len(),
                max: MAX_BLOB_BYTES,
            });
        }
        self.group(group)?;
        let hash = hash_of(bytes);
        let now = self.now();
        self.store().write(|tx| {
            tx.execute(
                "INSERT INTO blobs (hash, group_id, size, bytes, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (hash) DO UPDATE SET bytes = coalesce(blobs.bytes, excluded.bytes)",
                params![hash, group.to_string(), bytes.len() as i64, bytes, now],
            )?;
            Ok(())
        })?;
        Ok(hash)
    }

    /// An attachment's bytes, if this device holds them.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        check_hash(hash)?;
        self.store().read(|c| {
            Ok(c.query_row("SELECT bytes FROM blobs WHERE hash = ?1", [hash], |r| {
                r.get::<_, Option<Vec<u8>>>(0)
            })
            .optional()?
            .flatten())
        })
    }

    /// Stores bytes fetched from the relay, refusing them unless they hash to `hash`.
    pub fn put_fetched_blob(&self, group: DocId, hash: &str, bytes: &[u8]) -> Result<()> {
        check_hash(hash)?;
        if hash_of(bytes) != hash {
            return Err(Error::Protocol(
                "the attachment received does not match its hash".into(),
            ));
        }
        let now = self.now();
        let size = bytes.len() as i64;
        self.store().write(|tx| {
            tx.execute(
                "INSERT INTO blobs (hash, group_id, size, bytes, uploaded, created_at) VALUES (?1, ?2, ?3, ?4, ?3, ?5)
                 ON CONFLICT (hash) DO UPDATE SET bytes = excluded.bytes, uploaded = excluded.size",
                params![hash, group.to_string(), size, bytes, now],
            )?;
            Ok(())
        })
    }

    /// Attachments the relay does not fully hold yet.
    pub fn pending_blobs(&self) -> Result<Vec<PendingBlob>> {
        self.store().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT hash, group_id, size, uploaded FROM blobs WHERE bytes IS NOT NULL AND uploaded < size ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
            })?;
            rows.map(|r| {
                let (hash, group, size, uploaded) = r?;
                Ok(PendingBlob { hash, group_id: group.parse()?, size: size as usize, uploaded: uploaded as usize })
            })
            .collect()
        })
    }

    /// Records that the relay holds the first `uploaded` bytes of a blob.
    pub fn record_blob_upload(&self, hash: &str, uploaded: usize) -> Result<()> {
        self.store().write(|tx| {
            tx.execute(
                "UPDATE blobs SET uploaded = min(size, ?2) WHERE hash = ?1",
                params![hash, uploaded as i64],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_lowercase_hex_sha256() {
        let h = hash_of(b"leaking pipe");
        assert!(check_hash(&h).is_ok());
        assert!(check_hash(&h.to_uppercase()).is_err());
        assert!(check_hash("../../etc/passwd").is_err());
    }
}
