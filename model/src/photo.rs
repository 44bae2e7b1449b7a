//! Photos and other attachments are content-addressed: a blob is named by the lowercase hex SHA-256
//! of its bytes, so the same photo is stored once and a corrupted transfer cannot pass for it.
//! The name's shape and the size limit are shared by phones and the relay.

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::refusal::Refusal;

/// The largest attachment accepted, in bytes.
pub const MAX_BLOB_BYTES: usize = 10 * 1024 * 1024;

/// The lowercase hex SHA-256 of `bytes`.
pub fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks that `hash` looks like a blob name.
pub fn check_hash(hash: &str) -> Result<()> {
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Error::InvalidInput(Refusal::BlobName.into()))
    }
}
