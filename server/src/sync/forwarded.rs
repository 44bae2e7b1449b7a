//! Changes carried for their authors: a phone that received a neighbour's changes with no relay
//! in reach (peer-to-peer sync, `jinlin_model::peer`) uploads them with their authors'
//! signatures (`SyncRequest::signatures`). Before the uploader's own changes go through the
//! stages, every change written by another member whose signature verifies with the key that
//! member's device registered (a device still active) is uploaded as that member's: through the
//! very same stages and commit, with the author's access and write rules, starting urgent
//! alerts and live frames as if the author had synced. The uploader's own pass then finds them
//! held and skips them. A change whose signature is missing or does not verify, or that its
//! author may not write, is not stored, and the uploader's pass refuses it as a change by
//! another member.

use std::collections::{HashMap, HashSet};

use jinlin_model::MemberId;
use jinlin_model::peer::authorship;
use jinlin_model::protocol::{AckResult, ChangeSignature, DocChanges};

use crate::error::AppError;
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest};

impl Relay {
    /// Uploads, as their authors', the changes of `docs` written by other members that carry a
    /// verifying signature. Returns how many of them the relay now holds.
    pub(super) fn upload_forwarded(
        &self,
        uploader: &DeviceRecord,
        docs: &[DocChanges],
        signatures: &[ChangeSignature],
    ) -> Result<usize, AppError> {
        if signatures.is_empty() {
            return Ok(0);
        }
        let signed: HashMap<&[u8], &[u8]> = signatures
            .iter()
            .map(|s| (s.hash.as_slice(), s.signature.as_slice()))
            .collect();
        let mut keys: HashMap<MemberId, Option<(DeviceRecord, [u8; 32])>> = HashMap::new();
        // Per author, in order of first appearance: their documents with their changes.
        let mut authors: Vec<(DeviceRecord, Vec<DocChanges>)> = Vec::new();
        for dc in docs {
            for bytes in &dc.changes {
                let Some(change) = jinlin_model::untrusted::change(bytes) else {
                    continue;
                };
                let hash = change.hash();
                let (Some(signature), Some(author)) = (signed.get(&hash.0[..]), MemberId::of_actor(change.actor_id()))
                else {
                    continue;
                };
                if author == uploader.member_id {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(entry) = keys.entry(author) {
                    let device = self.store.device(author)?.filter(DeviceRecord::is_active);
                    let key = match device {
                        Some(d) => self.store.device_key(author)?.map(|k| (d, k)),
                        None => None,
                    };
                    entry.insert(key);
                }
                let Some((device, key)) = keys.get(&author).and_then(Option::as_ref) else {
                    continue;
                };
                if !authorship::verify(key, &hash, signature) {
                    tracing::debug!(doc = %dc.doc_id, "a carried change's signature does not verify");
                    continue;
                }
                let at = match authors.iter().position(|(d, _)| d.member_id == author) {
                    Some(at) => at,
                    None => {
                        authors.push((device.clone(), Vec::new()));
                        authors.len() - 1
                    }
                };
                let theirs = &mut authors[at].1;
                match theirs.iter_mut().find(|d| d.doc_id == dc.doc_id) {
                    Some(d) => d.changes.push(bytes.clone()),
                    None => theirs.push(DocChanges::new(
                        dc.doc_id,
                        dc.doc_type,
                        dc.group_id,
                        vec![bytes.clone()],
                    )),
                }
            }
        }
        let mut held = 0;
        for (author, docs) in authors {
            let mut hashes: HashSet<Digest> = HashSet::new();
            let (acks, _) = self.upload_docs(&author, &docs, &mut hashes)?;
            for (ack, dc) in acks.iter().zip(&docs) {
                if ack.result == AckResult::Stored {
                    held += dc.changes.len();
                } else {
                    tracing::debug!(doc = %dc.doc_id, author = %author.member_id, result = ?ack.result, "carried changes not stored");
                }
            }
        }
        Ok(held)
    }
}
