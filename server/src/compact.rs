//! Documents in their compacted saved form, for devices that hold none of them (a first login,
//! or documents that appeared since the device's last sync). The form is taken as of a feed
//! position: the document's snapshot, when it covers no more than that position, plus its later
//! changes up to it. A snapshot covering exactly that much goes out as it is, with no Automerge
//! work; otherwise the relay builds the document once, and what it built is kept as the
//! document's new snapshot, so the next device (and the next rebuild after the document cache
//! dropped it) finds it ready; uploads save a snapshot every few changes
//! (`sync/stages.rs`, `UPLOAD_SNAPSHOT_EVERY`), so at most that many are applied. A
//! document whose changes are smaller than its saved form (one or two changes) goes as changes.

use automerge::{AutoCommit, Change};
use jinlin_model::DocId;

use crate::error::Error;
use crate::relay::Relay;
use crate::store::Write;

/// How a document the device holds none of travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whole {
    /// Its saved form.
    Saved(Vec<u8>),
    /// Its changes, in feed order (smaller than its saved form).
    Changes(Vec<Vec<u8>>),
}

impl Relay {
    /// Document `id` as of feed position `upto`, and the snapshot to keep if one was built.
    pub(crate) fn whole_doc(&self, id: DocId, upto: u64) -> Result<(Whole, Option<Write>), Error> {
        let corrupt = |reason: String| Error::CorruptDocument {
            id: id.to_string(),
            reason,
        };
        let snapshot = self.store.snapshot(id)?.filter(|(_, seq)| *seq <= upto);
        let base = snapshot.as_ref().map_or(0, |(_, seq)| *seq);
        let entries = self.store.doc_entries(id, base, upto)?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            let Some((saved, _)) = snapshot else {
                return Ok((Whole::Changes(Vec::new()), None));
            };
            // The snapshot is the document as of `upto`: it goes as it is, unless the changes
            // themselves are smaller (a document of one or two changes).
            if self.store.doc_bytes(id, upto)? <= saved.len() {
                let changes = self.store.doc_entries(id, 0, upto)?;
                return Ok((Whole::Changes(changes.into_iter().map(|e| e.bytes).collect()), None));
            }
            return Ok((Whole::Saved(saved), None));
        };
        if snapshot.is_none() && entries.len() == 1 {
            return Ok((Whole::Changes(entries.into_iter().map(|e| e.bytes).collect()), None));
        }
        let mut doc = match &snapshot {
            Some((bytes, _)) => AutoCommit::load(bytes).map_err(|e| corrupt(e.to_string()))?,
            None => AutoCommit::new(),
        };
        let changes = entries
            .iter()
            .map(|e| Change::from_bytes(e.bytes.clone()).map_err(|err| corrupt(err.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        doc.apply_changes(changes).map_err(|e| corrupt(e.to_string()))?;
        let saved = doc.save();
        let raw: usize = entries.iter().map(|e| e.bytes.len()).sum();
        if snapshot.is_none() && raw <= saved.len() {
            return Ok((Whole::Changes(entries.into_iter().map(|e| e.bytes).collect()), None));
        }
        let keep = Write::SnapshotAt {
            doc_id: id,
            bytes: saved.clone(),
            seq: last,
        };
        Ok((Whole::Saved(saved), Some(keep)))
    }
}
