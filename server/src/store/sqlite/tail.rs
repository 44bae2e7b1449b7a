//! The newest feed entries of the busiest groups, kept in memory beside the SQLite file.
//!
//! A busy community's devices each ask, sync after sync, for the few changes made since their
//! last one. Read from SQLite, every such answer copies the same pages again from the kernel:
//! in WAL mode a reader's page cache is emptied whenever the writer commits, which on a busy
//! relay is before nearly every read. So the store keeps, per group, the entries committed since
//! it started watching that group ([`FeedTail::appended`], after each commit, in feed order) and
//! answers a page from them when they cover it ([`FeedTail::page`]); an older cursor reads the
//! file as before.
//!
//! What a group's tail holds is exact: every entry of the group after `from`. It starts at the
//! first commit to the group it sees (feed positions only grow, and commits are one at a time,
//! so nothing of the group after that commit's first entry can exist anywhere else), and moves
//! `from` forward as it drops its oldest entries past [`PER_GROUP`]. Groups beyond [`GROUPS`]
//! are forgotten, the least recently used first.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::sync::{Mutex, MutexGuard};

use lru::LruCache;

use jinlin_model::DocId;

use crate::store::FeedEntry;

/// Entries kept per group.
pub const PER_GROUP: usize = 4096;
/// Groups kept.
pub const GROUPS: usize = 64;

/// One group's newest entries.
#[derive(Debug)]
struct GroupTail {
    /// Every entry of the group after this position is in `entries`.
    from: u64,
    entries: VecDeque<FeedEntry>,
}

/// The newest entries of the groups most recently written.
#[derive(Debug)]
pub struct FeedTail {
    groups: Mutex<LruCache<DocId, GroupTail>>,
}

impl Default for FeedTail {
    fn default() -> Self {
        FeedTail {
            groups: Mutex::new(LruCache::new(NonZeroUsize::new(GROUPS).unwrap_or(NonZeroUsize::MIN))),
        }
    }
}

impl FeedTail {
    fn lock(&self) -> MutexGuard<'_, LruCache<DocId, GroupTail>> {
        // Entries are pushed whole; a panic elsewhere cannot leave a group half-written.
        self.groups.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes in the entries one commit appended, in feed order, with their groups. Call only
    /// after the commit succeeded, before the next one.
    pub fn appended(&self, entries: Vec<(DocId, FeedEntry)>) {
        let mut groups = self.lock();
        for (group, entry) in entries {
            let tail = groups.get_or_insert_mut(group, || GroupTail {
                from: entry.seq.saturating_sub(1),
                entries: VecDeque::new(),
            });
            if tail.entries.back().is_some_and(|last| last.seq >= entry.seq) {
                // Never expected (positions only grow); start the group again to stay exact.
                tail.from = entry.seq.saturating_sub(1);
                tail.entries.clear();
            }
            tail.entries.push_back(entry);
            while tail.entries.len() > PER_GROUP {
                if let Some(dropped) = tail.entries.pop_front() {
                    tail.from = dropped.seq;
                }
            }
        }
    }

    /// Up to `limit` of `group`'s entries after `after`, in order, when the tail holds every one
    /// of them; `None` when the file must be read.
    pub fn page(&self, group: DocId, after: u64, limit: usize) -> Option<Vec<FeedEntry>> {
        let mut groups = self.lock();
        let tail = groups.get(&group)?;
        if after < tail.from {
            return None;
        }
        let start = tail.entries.partition_point(|e| e.seq <= after);
        Some(tail.entries.range(start..).take(limit).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinlin_model::DocKind;

    fn entry(seq: u64) -> FeedEntry {
        FeedEntry {
            seq,
            doc_id: DocId::random(),
            doc_type: DocKind::Request,
            hash: [seq as u8; 32],
            bytes: vec![seq as u8],
            first_seq: seq,
        }
    }

    #[test]
    fn a_group_is_answered_from_memory_only_after_the_first_commit_it_saw() {
        let tail = FeedTail::default();
        let (building, other) = (DocId::random(), DocId::random());
        assert!(tail.page(building, 0, 10).is_none(), "nothing seen: read the file");
        tail.appended(vec![(building, entry(5)), (other, entry(6)), (building, entry(7))]);
        tail.appended(vec![(building, entry(9))]);
        let seqs = |p: Option<Vec<FeedEntry>>| p.map(|p| p.iter().map(|e| e.seq).collect::<Vec<_>>());
        assert_eq!(seqs(tail.page(building, 4, 10)), Some(vec![5, 7, 9]));
        assert_eq!(seqs(tail.page(building, 5, 10)), Some(vec![7, 9]));
        assert_eq!(seqs(tail.page(building, 7, 1)), Some(vec![9]));
        assert_eq!(seqs(tail.page(building, 9, 10)), Some(vec![]));
        assert_eq!(tail.page(building, 3, 10).map(|p| p.len()), None, "older than the tail");
        assert_eq!(seqs(tail.page(other, 5, 10)), Some(vec![6]));
    }

    #[test]
    fn dropping_the_oldest_entries_moves_where_the_tail_starts() {
        let tail = FeedTail::default();
        let group = DocId::random();
        for seq in 1..=(PER_GROUP as u64 + 10) {
            tail.appended(vec![(group, entry(seq))]);
        }
        assert!(tail.page(group, 9, 10).is_none(), "entry 10 was dropped");
        assert_eq!(tail.page(group, 10, 1).map(|p| p[0].seq), Some(11));
    }
}
