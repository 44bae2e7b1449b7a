//! The shelf: documents as the relay's writer last left them, for checks made outside the
//! writer lock (`sync/precheck.rs`). The writer puts a document there when it applies an upload
//! to it; the shelf holds it weakly, so it keeps nothing alive the writer's cache let go of, and
//! a document the writer replaced or changed is no longer found (`doc_cache.rs`).

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, Weak};

use automerge::AutoCommit;
use jinlin_model::DocId;
use lru::LruCache;

/// Documents as the writer last left them, for checks outside the writer lock.
#[derive(Debug)]
pub struct Shelf {
    docs: Mutex<LruCache<DocId, Weak<AutoCommit>>>,
}

impl Shelf {
    /// A shelf remembering up to `capacity` documents.
    pub fn new(capacity: usize) -> Self {
        Shelf {
            docs: Mutex::new(LruCache::new(NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN))),
        }
    }

    /// Puts `doc` on the shelf as document `id` (by the writer, under its lock).
    pub fn put(&self, id: DocId, doc: &Arc<AutoCommit>) {
        self.lock().put(id, Arc::downgrade(doc));
    }

    /// Document `id` as the writer last left it, if the writer still holds it.
    pub fn get(&self, id: DocId) -> Option<Arc<AutoCommit>> {
        self.lock().get(&id).and_then(Weak::upgrade)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<DocId, Weak<AutoCommit>>> {
        // Weak pointers only: whatever panicked holding the lock left nothing half-written.
        self.docs.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shelf_gives_back_only_documents_the_writer_still_holds() {
        let shelf = Shelf::new(2);
        let (a, b, c) = (DocId::random(), DocId::random(), DocId::random());
        let (held, also) = (Arc::new(AutoCommit::new()), Arc::new(AutoCommit::new()));
        shelf.put(a, &held);
        assert!(shelf.get(a).is_some_and(|doc| Arc::ptr_eq(&doc, &held)));
        let dropped = Arc::new(AutoCommit::new());
        shelf.put(b, &dropped);
        drop(dropped);
        assert!(shelf.get(b).is_none(), "the writer let it go");
        shelf.put(c, &also);
        assert!(shelf.get(a).is_none(), "the least recently used goes first");
        assert!(shelf.get(c).is_some_and(|doc| Arc::ptr_eq(&doc, &also)));
        assert!(shelf.get(DocId::random()).is_none());
    }
}
