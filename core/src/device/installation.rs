//! Which installation this store belongs to, so that each one writes as its own Automerge actor.
//!
//! A store copied while its phone lives on (a backup restored onto a new phone, a home directory
//! copied on a computer) holds the same member id and the same history as the original. Were both
//! to keep writing as one actor, their changes would share sequence numbers and the second to
//! reach the relay could never be merged ("duplicate seq"). So the store records the bytes of its
//! installation beside the identity of the file it was recorded in (its path, device and inode):
//! a copy is a different file, so on its first opening it sees a record that is not its own and
//! takes fresh bytes. The member, its history and everything it wrote stay as they were; only
//! the actor of its next changes differs ([`MemberId::installation_actor`]).
//!
//! A store of an older build has no record: it takes fresh bytes too, and its earlier changes,
//! written as the bare member id, stay the member's ([`MemberId::of_actor`]).
//!
//! [`MemberId::installation_actor`]: jinlin_model::ids::MemberId::installation_actor
//! [`MemberId::of_actor`]: jinlin_model::ids::MemberId::of_actor

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::store::settings;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::INSTALLATION_LEN;

const KEY: &str = "installation";

/// The installation recorded in a store, with the file it was recorded in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    /// The bytes added to the member id to make this installation's actor.
    id: [u8; INSTALLATION_LEN],
    /// The identity of the store file this installation wrote its record in.
    file: String,
}

/// This store's installation bytes: the recorded ones if the record was made in this very file,
/// fresh ones (recorded at once) if the store is a copy, was restored, or predates installations.
/// Decided in one write transaction, so processes opening a fresh copy together agree.
pub fn settle(store: &Store) -> Result<[u8; INSTALLATION_LEN]> {
    let file = file_identity(store.path())?;
    let ours = |r: &Record| r.file == file;
    // Most openings find their own record: read it without taking the write lock.
    if let Some(record) = store.read(|c| settings::get::<Record>(c, KEY))?.filter(ours) {
        return Ok(record.id);
    }
    store.write(|tx| {
        if let Some(record) = settings::get::<Record>(tx, KEY)?.filter(ours) {
            return Ok(record.id);
        }
        let fresh = uuid::Uuid::new_v4().into_bytes();
        let mut id = [0u8; INSTALLATION_LEN];
        id.copy_from_slice(&fresh[..INSTALLATION_LEN]);
        settings::put(tx, KEY, &Record { id, file: file.clone() })?;
        Ok(id)
    })
}

/// Path, device and inode of the store file: a copy or a restored file differs in at least one.
fn file_identity(path: &Path) -> Result<String> {
    let unreadable = |e: std::io::Error| Error::CorruptStore {
        path: path.display().to_string(),
        reason: format!("cannot read the file's identity: {e}"),
    };
    let canonical = std::fs::canonicalize(path).map_err(unreadable)?;
    let meta = std::fs::metadata(&canonical).map_err(unreadable)?;
    Ok(format!("{}|{}", canonical.display(), inode(&meta)))
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!("{}:{}", meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn inode(meta: &std::fs::Metadata) -> String {
    // Without inodes the creation time tells a copy from the original.
    meta.created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(String::new, |d| d.as_nanos().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_keeps_its_installation_across_openings() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("jinlin.db");
        let first = settle(&Store::open(&path).expect("open")).expect("settle");
        let again = settle(&Store::open(&path).expect("open")).expect("settle");
        assert_eq!(first, again);
    }

    #[test]
    fn a_copied_store_takes_a_new_installation_and_the_original_keeps_its_own() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("jinlin.db");
        let original = Store::open(&path).expect("open");
        let mine = settle(&original).expect("settle");
        // The whole folder, write-ahead log included, while the original is open.
        let elsewhere = tempfile::tempdir().expect("dir");
        for entry in std::fs::read_dir(dir.path()).expect("list") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), elsewhere.path().join(entry.file_name())).expect("copy");
        }
        let copied = settle(&Store::open(elsewhere.path().join("jinlin.db")).expect("open copy")).expect("settle copy");
        assert_ne!(copied, mine, "the copy writes as another actor");
        assert_eq!(settle(&original).expect("settle"), mine, "the original is unchanged");
    }
}
