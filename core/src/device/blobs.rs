//! Photos and other attachments: content-addressed blobs kept in the device's store. A blob is
//! named by the SHA-256 of its bytes, so the same photo is stored once and a corrupted transfer
//! cannot pass for it. The relay learns how much of each it holds, so an upload cut off by a
//! lost connection resumes where it stopped; blobs from others are fetched only when viewed.

use crate::device::Device;
use crate::store::blobs::{self, PendingBlob};
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::refusal::Refusal;

use jinlin_model::photo::{MAX_BLOB_BYTES, check_hash, hash_of};

impl Device {
    /// Keeps `bytes` as an attachment of `group`. Returns its hash.
    pub fn add_blob(&self, group: DocId, bytes: &[u8]) -> Result<String> {
        if bytes.is_empty() {
            return Err(Error::InvalidInput(Refusal::AttachmentEmpty.into()));
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
        self.store().write(|tx| blobs::put_own(tx, &hash, group, bytes, now))?;
        Ok(hash)
    }

    /// An attachment's bytes, if this device holds them.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        check_hash(hash)?;
        self.store().read(|c| blobs::bytes(c, hash))
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
        self.store().write(|tx| blobs::put_fetched(tx, hash, group, bytes, now))
    }

    /// Attachments the relay does not fully hold yet.
    pub fn pending_blobs(&self) -> Result<Vec<PendingBlob>> {
        self.store().read(blobs::pending)
    }

    /// Records that the relay holds the first `uploaded` bytes of a blob.
    pub fn record_blob_upload(&self, hash: &str, uploaded: usize) -> Result<()> {
        self.store().write(|tx| blobs::record_upload(tx, hash, uploaded))
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
