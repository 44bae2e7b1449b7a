//! What the SQLite store keeps in memory of rows that seldom change and are read on every
//! request: the devices by token hash, and each member's memberships.
//!
//! Every sync starts by finding the device from the token it presents and the groups its member
//! belongs to. Read from the file, that is a query each (and, for the device, a trip to a
//! blocking thread) though these rows seldom change. So the store keeps what it has read
//! ([`Kept::get`]) and forgets it as soon as a commit changes it ([`Kept::forget`], right after
//! the commit, still under the writer's lock): a revocation or a new role is seen by the very
//! next request.
//!
//! A read of the file that began before such a commit could bring back the row as it was
//! before: every forgetting moves a generation on, and a row read under an older generation is
//! not kept ([`Kept::keep`]). This store is the file's only writer, so every change passes
//! here; the PostgreSQL engine, shared by several instances, keeps nothing.

use std::hash::Hash;
use std::num::NonZeroUsize;
use std::sync::{Mutex, MutexGuard};

use lru::LruCache;

/// Rows kept per kind; the least recently used are forgotten first.
pub const ROWS: usize = 65_536;

#[derive(Debug)]
struct State<K: Hash + Eq, V> {
    /// Moves on with every commit that changes a row of this kind.
    generation: u64,
    rows: LruCache<K, V>,
}

/// Rows read from the file, by key.
#[derive(Debug)]
pub struct Kept<K: Hash + Eq, V> {
    state: Mutex<State<K, V>>,
}

impl<K: Hash + Eq, V: Clone> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            state: Mutex::new(State {
                generation: 0,
                rows: LruCache::new(NonZeroUsize::new(ROWS).unwrap_or(NonZeroUsize::MIN)),
            }),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    fn lock(&self) -> MutexGuard<'_, State<K, V>> {
        // Every statement leaves the state whole; a panic elsewhere leaves nothing half-done.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The row kept under `key`.
    pub fn get(&self, key: &K) -> Option<V> {
        self.lock().rows.get(key).cloned()
    }

    /// The generation to read the file under (see [`Kept::keep`]).
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Keeps `value`, read from the file under `generation`, unless a row changed since.
    pub fn keep(&self, generation: u64, key: K, value: V) {
        let mut state = self.lock();
        if state.generation == generation {
            state.rows.put(key, value);
        }
    }

    /// Forgets the rows under `keys`, which a commit just changed.
    pub fn forget(&self, keys: impl IntoIterator<Item = K>) {
        let mut keys = keys.into_iter().peekable();
        if keys.peek().is_none() {
            return;
        }
        let mut state = self.lock();
        state.generation += 1;
        for key in keys {
            state.rows.pop(&key);
        }
    }

    /// Forgets every row, after a commit that changed some not found by key.
    pub fn forget_all(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.rows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_read_before_the_commit_that_changed_it_is_not_kept() {
        let kept: Kept<u8, &str> = Kept::default();
        let generation = kept.generation();
        kept.keep(generation, 1, "staff");
        assert_eq!(kept.get(&1), Some("staff"));

        let before = kept.generation();
        kept.forget([1]);
        assert_eq!(kept.get(&1), None, "forgotten by the commit");
        kept.keep(before, 1, "staff");
        assert_eq!(kept.get(&1), None, "what was read before the commit is not kept");
        kept.keep(kept.generation(), 1, "volunteer");
        assert_eq!(kept.get(&1), Some("volunteer"));

        kept.forget(std::iter::empty());
        assert_eq!(
            kept.get(&1),
            Some("volunteer"),
            "a commit changing none forgets nothing"
        );
        kept.forget_all();
        assert_eq!(kept.get(&1), None);
    }
}
