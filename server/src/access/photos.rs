//! Who may read an attachment. A photo is as private as the document that first named it (its
//! owner): another document naming the same hash later, say a resident's own report quoting a
//! neighbour's photo, grants nothing. A visit's
//! photo is read by those who may keep its household (grid workers and staff of the household's
//! group or a group above it, and the leader of the household's own building); a photo report's
//! photos by the reporter and the grid workers and staff of the report's group. Grid workers and
//! staff of the group an attachment is filed under read all of its attachments (every household
//! and report of the group is theirs), including one no document names yet. A proposal's
//! attachments are read by everyone who reads the proposal, and a notice's photo by everyone who
//! reads the notice. A request's voice note is heard by everyone who reads the request, a
//! neighbour of another building alerted to it included. For anyone else the
//! attachment answers like one that does not exist.
//!
//! The relay records which documents name which attachment as it stores them (`blob_refs`);
//! documents stored before that record existed are read once, when the relay starts.

use automerge::AutoCommit;
use jinlin_model::DocKind;
use jinlin_model::photo::check_hash;
use jinlin_model::{DocId, MemberId, docs::household, docs::notice, docs::proposal, docs::report, docs::request};

use crate::access::DocRef;
use crate::doc_cache::CachedDoc;
use crate::error::Error;
use crate::relay::Relay;
use crate::store::Write;

/// The name of the work migration 005 leaves for the relay.
const BLOB_REFS: &str = "blob_refs";

/// The attachments a document names, one [`Write::BlobRef`] each (only well-formed names).
pub fn refs(doc_id: DocId, doc_type: DocKind, doc: &AutoCommit) -> Vec<Write> {
    let photos = match doc_type {
        DocKind::Household => household::photos(doc),
        DocKind::Report => report::photos(doc),
        DocKind::Proposal => proposal::read(doc).map(|v| v.photos).unwrap_or_default(),
        DocKind::Notice => notice::photos(doc),
        DocKind::Request => request::voice::read(doc).map(|v| v.blob).into_iter().collect(),
        _ => return Vec::new(),
    };
    let mut hashes: Vec<String> = photos.into_iter().filter(|h| check_hash(h).is_ok()).collect();
    hashes.sort();
    hashes.dedup();
    hashes.into_iter().map(|hash| Write::BlobRef { hash, doc_id }).collect()
}

impl Relay {
    /// Whether `member` may read attachment `hash` filed under `group`.
    pub fn may_read_blob(&self, member: MemberId, group: DocId, hash: &str) -> Result<bool, Error> {
        let access = self.access(member)?;
        let in_group = access.groups().contains(&group);
        if in_group && access.looks_after(group) {
            return Ok(true);
        }
        // Only the document that named it first: knowing a hash and naming it in a document of
        // one's own opens nothing.
        let Some(owner) = self.store.blob_refs(hash)?.into_iter().next() else {
            return Ok(false);
        };
        let Some(meta) = self.store.doc(owner)? else {
            return Ok(false);
        };
        // Outside the group, only a request's voice note filed under the request's own group:
        // an urgent alert lets a neighbour of another building read the request.
        let own_voice_note = meta.doc_type == DocKind::Request && meta.group_id == group;
        if !(in_group || own_voice_note) {
            return Ok(false);
        }
        let doc = DocRef {
            id: owner,
            kind: meta.doc_type,
            group: meta.group_id,
        };
        let mut cache = self.docs();
        if !access.may_read(&doc, || self.household_building(&mut cache, owner))? {
            return Ok(false);
        }
        Ok(match meta.doc_type {
            DocKind::Household => true,
            // A report's photos: its reporter and those who look after its group.
            DocKind::Report => {
                access.looks_after(meta.group_id)
                    || report::reporter(self.load(&mut cache, owner)?.doc()) == Some(member)
            }
            // A proposal's attachments (quotes, plans): everyone it is put to.
            DocKind::Proposal => true,
            // A notice's photo: whoever reads the notice.
            DocKind::Notice => true,
            // A request's voice note: whoever reads the request.
            DocKind::Request => true,
            DocKind::Group | DocKind::Order | DocKind::Need => false,
        })
    }

    /// Reads the attachments named by documents stored before the relay kept that record (once,
    /// after migration 005).
    pub(crate) fn backfill_blob_refs(&self) -> Result<(), Error> {
        if !self.store.pending(BLOB_REFS)? {
            return Ok(());
        }
        let mut writes = Vec::new();
        let mut docs = 0;
        for doc_type in [DocKind::Household, DocKind::Report] {
            for id in self.store.docs_of_type(doc_type)? {
                let Some(stored) = self.store.load_doc(id)? else {
                    continue;
                };
                let loaded = CachedDoc::rebuild(id, stored)?;
                writes.extend(refs(id, doc_type, loaded.doc()));
                docs += 1;
            }
        }
        writes.push(Write::Done(BLOB_REFS.into()));
        self.store.write(&writes)?;
        tracing::info!(
            docs,
            attachments = writes.len() - 1,
            "attachment records read from stored documents"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT};

    use super::*;

    #[test]
    fn a_document_names_each_well_formed_photo_once() {
        let good = "a".repeat(64);
        let mut doc = AutoCommit::new();
        let photos = doc.put_object(ROOT, "photos", ObjType::List).expect("list");
        for (i, p) in [good.as_str(), "not a hash", good.as_str()].iter().enumerate() {
            doc.insert(&photos, i, *p).expect("insert");
        }
        let id = DocId::random();
        assert_eq!(
            refs(id, DocKind::Report, &doc),
            vec![Write::BlobRef { hash: good, doc_id: id }]
        );
        assert!(refs(id, DocKind::Request, &doc).is_empty());
    }
}
