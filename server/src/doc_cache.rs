//! The documents the relay keeps loaded, so applying a change does not rebuild the document from
//! storage each time. Bounded: past [`DocCache::capacity`] documents, the least recently used one
//! is dropped (it is rebuilt from its snapshot and feed when next needed). Only the writer uses
//! it, under the writer lock, so the cache always equals what was committed.

use std::collections::HashMap;

use std::sync::Arc;

use automerge::{AutoCommit, ChangeHash};
use jinlin_model::{DocId, GroupView, docs::group};

use crate::error::Error;
use crate::store::StoredDoc;

/// A loaded document.
#[derive(Debug)]
pub struct CachedDoc {
    /// The document, holding every change the feed holds for it.
    pub doc: AutoCommit,
    /// Changes appended since its last snapshot.
    pub since_snapshot: usize,
    used: u64,
    /// A group document's view as last read, and the heads it was read at.
    group_view: Option<(Vec<ChangeHash>, Arc<GroupView>)>,
}

impl CachedDoc {
    /// A document new to the relay.
    pub fn new(doc: AutoCommit) -> Self {
        CachedDoc {
            doc,
            since_snapshot: 0,
            used: 0,
            group_view: None,
        }
    }

    /// The group document's view, read again only when the document has changed since (urgent
    /// alerts read a community's member entries for every wave).
    pub fn group_view(&mut self) -> Result<Arc<GroupView>, jinlin_model::Error> {
        let heads = self.doc.get_heads();
        if let Some((at, view)) = &self.group_view
            && *at == heads
        {
            return Ok(view.clone());
        }
        let view = Arc::new(group::read(&self.doc)?);
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
            doc,
            since_snapshot,
            used: 0,
            group_view: None,
        })
    }
}

/// Loaded documents, least recently used dropped first.
#[derive(Debug)]
pub struct DocCache {
    docs: HashMap<DocId, CachedDoc>,
    tick: u64,
    capacity: usize,
}

impl DocCache {
    /// An empty cache holding up to `capacity` documents.
    pub fn new(capacity: usize) -> Self {
        DocCache {
            docs: HashMap::new(),
            tick: 0,
            capacity: capacity.max(1),
        }
    }

    /// How many documents it holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
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
        self.tick += 1;
        if !self.docs.contains_key(&id) {
            let Some(loaded) = load()? else {
                return Ok(None);
            };
            self.make_room();
            self.docs.insert(id, loaded);
        }
        let mut doc = self.docs.get_mut(&id);
        if let Some(d) = doc.as_mut() {
            d.used = self.tick;
        }
        Ok(doc)
    }

    /// Holds a document (one the relay just created).
    pub fn insert(&mut self, id: DocId, mut doc: CachedDoc) {
        self.tick += 1;
        doc.used = self.tick;
        if !self.docs.contains_key(&id) {
            self.make_room();
        }
        self.docs.insert(id, doc);
    }

    /// Drops a document whose loaded state may no longer match storage.
    pub fn evict(&mut self, id: DocId) {
        self.docs.remove(&id);
    }

    fn make_room(&mut self) {
        while self.docs.len() >= self.capacity {
            let Some(oldest) = self.docs.iter().min_by_key(|(_, d)| d.used).map(|(id, _)| *id) else {
                return;
            };
            self.docs.remove(&oldest);
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
}
