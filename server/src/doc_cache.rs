//! The documents the relay keeps loaded, so applying a change does not rebuild the document from
//! storage each time. Bounded: past [`DocCache::capacity`] documents, the least recently used one
//! is dropped (it is rebuilt from its snapshot and feed when next needed; the `lru` crate keeps
//! the order). Only the writer uses it, under the writer lock, so the cache always equals what
//! was committed.
//!
//! A document is held behind an [`Arc`], so an upload can check its changes on a copy made
//! outside the writer lock (`sync/precheck.rs`): the writer replaces a document rather than
//! changing one such a check still reads ([`CachedDoc::doc_mut`] copies it first if one does),
//! so the check knows its copy is current when the writer still holds the very same document.

use std::num::NonZeroUsize;
use std::sync::Arc;

use lru::LruCache;

use automerge::{AutoCommit, Change, ChangeHash};
use jinlin_model::{DocId, GroupView, docs::group};

use crate::error::Error;
use crate::store::StoredDoc;

/// A loaded document.
#[derive(Debug)]
pub struct CachedDoc {
    /// The document, holding every change the feed holds for it. Never changed in place while
    /// another holder shares it ([`CachedDoc::doc_mut`]).
    held: Arc<AutoCommit>,
    /// Changes appended since its last snapshot.
    pub since_snapshot: usize,
    /// A group document's view as last read, and the heads it was read at.
    group_view: Option<(Vec<ChangeHash>, Arc<GroupView>)>,
}

impl CachedDoc {
    /// A document new to the relay.
    pub fn new(doc: AutoCommit) -> Self {
        CachedDoc {
            held: Arc::new(doc),
            since_snapshot: 0,
            group_view: None,
        }
    }

    /// The document to change: this holder's own, copied first if a check outside the writer
    /// lock still reads it (whose copy is then known to be out of date).
    pub fn doc_mut(&mut self) -> &mut AutoCommit {
        Arc::make_mut(&mut self.held)
    }

    /// The document, to read.
    pub fn doc(&self) -> &AutoCommit {
        &self.held
    }

    /// The document itself, shared: a check outside the writer lock copies it, and its copy is
    /// current for as long as the writer still holds this very one ([`Arc::ptr_eq`]).
    pub fn shared(&self) -> &Arc<AutoCommit> {
        &self.held
    }

    /// The document, no longer held here.
    pub fn into_doc(self) -> AutoCommit {
        Arc::try_unwrap(self.held).unwrap_or_else(|shared| AutoCommit::clone(&shared))
    }

    /// Replaces the document with `doc` (the document as an upload's changes leave it).
    pub fn replace(&mut self, doc: AutoCommit) {
        self.held = Arc::new(doc);
    }

    /// The group document's view, read again only when the document has changed since (urgent
    /// alerts read a community's member entries for every wave).
    pub fn group_view(&mut self) -> Result<Arc<GroupView>, jinlin_model::Error> {
        let heads = self.doc_mut().get_heads();
        if let Some((at, view)) = &self.group_view
            && *at == heads
        {
            return Ok(view.clone());
        }
        let view = Arc::new(group::read(self.doc())?);
        self.group_view = Some((heads, view.clone()));
        Ok(view)
    }

    /// Rebuilds a document from its snapshot and later changes.
    pub fn rebuild(id: DocId, stored: StoredDoc) -> Result<Self, Error> {
        let corrupt = |reason: String| Error::CorruptDocument {
            id: id.to_string(),
            reason,
        };
        let mut doc = match &stored.snapshot {
            Some(bytes) => AutoCommit::load(bytes).map_err(|e| corrupt(e.to_string()))?,
            None => AutoCommit::new(),
        };
        let since_snapshot = stored.changes.len();
        let changes = stored
            .changes
            .into_iter()
            .map(|b| automerge::Change::from_bytes(b).map_err(|e| corrupt(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        doc.apply_changes(changes).map_err(|e| corrupt(e.to_string()))?;
        Ok(CachedDoc {
            held: Arc::new(doc),
            since_snapshot,
            group_view: None,
        })
    }
}

/// Loaded documents, least recently used dropped first.
#[derive(Debug)]
pub struct DocCache {
    docs: LruCache<DocId, CachedDoc>,
}

impl DocCache {
    /// An empty cache holding up to `capacity` documents.
    pub fn new(capacity: usize) -> Self {
        DocCache {
            docs: LruCache::new(NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN)),
        }
    }

    /// How many documents it holds at most.
    pub fn capacity(&self) -> usize {
        self.docs.cap().get()
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The document `id`, loading it with `load` if it is not held.
    pub fn get_or_load(
        &mut self,
        id: DocId,
        load: impl FnOnce() -> Result<Option<CachedDoc>, Error>,
    ) -> Result<Option<&mut CachedDoc>, Error> {
        if !self.docs.contains(&id) {
            let Some(loaded) = load()? else {
                return Ok(None);
            };
            self.docs.put(id, loaded);
        }
        Ok(self.docs.get_mut(&id))
    }

    /// Holds a document (one the relay just created).
    pub fn insert(&mut self, id: DocId, doc: CachedDoc) {
        self.docs.put(id, doc);
    }

    /// Drops a document whose loaded state may no longer match storage.
    pub fn evict(&mut self, id: DocId) {
        self.docs.pop(&id);
    }

    /// Takes in changes another relay instance stored for `id` (`cluster.rs`), if the document
    /// is held: applied when every one of them lands in it, otherwise the document is dropped
    /// and read again from storage when next needed. A large document (a community's group,
    /// with an entry for each member) then stays loaded while members join through other
    /// instances, instead of being read whole again after each join.
    pub fn take_in(&mut self, id: DocId, changes: &[Vec<u8>]) {
        let Some(cached) = self.docs.peek_mut(&id) else {
            return;
        };
        let parsed: Option<Vec<Change>> = changes.iter().map(|b| Change::from_bytes(b.clone()).ok()).collect();
        let whole = parsed.is_some_and(|parsed| {
            let hashes: Vec<ChangeHash> = parsed.iter().map(Change::hash).collect();
            // A change whose history the document lacks is queued, not applied: drop it then.
            let doc = cached.doc_mut();
            doc.apply_changes(parsed).is_ok() && hashes.iter().all(|h| doc.get_change_by_hash(h).is_some())
        });
        if whole {
            cached.since_snapshot += changes.len();
        } else {
            self.docs.pop(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_document_is_dropped_first() {
        let mut cache = DocCache::new(2);
        let (a, b, c) = (DocId::random(), DocId::random(), DocId::random());
        cache.insert(a, CachedDoc::new(AutoCommit::new()));
        cache.insert(b, CachedDoc::new(AutoCommit::new()));
        assert!(cache.get_or_load(a, || Ok(None)).expect("get").is_some());
        cache.insert(c, CachedDoc::new(AutoCommit::new()));
        assert_eq!(cache.len(), 2);
        assert!(
            cache.get_or_load(b, || Ok(None)).expect("get").is_none(),
            "b was dropped"
        );
        assert!(cache.get_or_load(a, || Ok(None)).expect("get").is_some());
    }

    #[test]
    fn changes_from_another_instance_are_applied_to_a_held_document_or_it_is_dropped() {
        use automerge::transaction::Transactable;
        let mut written = AutoCommit::new();
        written.put(automerge::ROOT, "name", "Lianhua").expect("put");
        let first = written.get_last_local_change().expect("change").clone();
        written.put(automerge::ROOT, "name", "Lianhua Community").expect("put");
        let second = written.get_last_local_change().expect("change").clone();

        let (held, other) = (DocId::random(), DocId::random());
        let mut cache = DocCache::new(4);
        cache.insert(held, CachedDoc::new(AutoCommit::new()));
        cache.take_in(held, &[first.raw_bytes().to_vec()]);
        let doc = cache
            .get_or_load(held, || Ok(None))
            .expect("get")
            .expect("still held")
            .doc();
        assert_eq!(
            jinlin_model::read::str(doc, &automerge::ROOT, "name").as_deref(),
            Some("Lianhua")
        );

        // A change whose history the held document lacks: dropped, read again when needed.
        let mut behind = DocCache::new(4);
        behind.insert(held, CachedDoc::new(AutoCommit::new()));
        behind.take_in(held, &[second.raw_bytes().to_vec()]);
        assert!(behind.get_or_load(held, || Ok(None)).expect("get").is_none());
        // Bytes that are no change: dropped too.
        cache.take_in(held, &[b"not a change".to_vec()]);
        assert!(cache.get_or_load(held, || Ok(None)).expect("get").is_none());
        // A document not held is not loaded for it.
        cache.take_in(other, &[first.raw_bytes().to_vec()]);
        assert!(cache.is_empty());
    }

    #[test]
    fn a_document_a_check_still_reads_is_copied_before_it_changes_so_the_check_knows_it_is_out_of_date() {
        use automerge::transaction::Transactable;
        let mut written = AutoCommit::new();
        written.put(automerge::ROOT, "status", "open").expect("put");
        let change = written.get_last_local_change().expect("change").clone();

        let id = DocId::random();
        let mut cache = DocCache::new(4);
        cache.insert(id, CachedDoc::new(AutoCommit::new()));
        let held =
            |cache: &mut DocCache| Arc::clone(cache.get_or_load(id, || Ok(None)).expect("get").expect("held").shared());
        let checked = held(&mut cache);
        cache.take_in(id, &[change.raw_bytes().to_vec()]);
        let now = held(&mut cache);
        assert!(
            !Arc::ptr_eq(&checked, &now),
            "a new document, not the one the check read"
        );
        let holds = |doc: &Arc<AutoCommit>| AutoCommit::clone(doc).get_change_by_hash(&change.hash()).is_some();
        assert!(!holds(&checked), "the check's copy is unchanged");
        assert!(holds(&now));

        // Replacing a document leaves what a check read as it was, too.
        let mut cache2 = DocCache::new(4);
        cache2.insert(id, CachedDoc::new(AutoCommit::new()));
        let checked = held(&mut cache2);
        cache2
            .get_or_load(id, || Ok(None))
            .expect("get")
            .expect("held")
            .replace(written.clone());
        assert!(!Arc::ptr_eq(&checked, &held(&mut cache2)));
    }
}
