//! Group commit: one sync of the store's log for every upload that arrived meanwhile.
//!
//! An upload commits under the writer lock without waiting for the disk
//! ([`RelayStore::write_unsynced`](crate::store::RelayStore::write_unsynced)), takes a ticket
//! ([`Durable::committed`]) and leaves the lock, so the next upload is checked and applied while
//! the disk works. It then waits for its ticket ([`Durable::wait`]): the first waiter syncs the
//! log once for every commit so far, and everyone whose commit that covered is answered. So an
//! acknowledged upload is still durable before its answer, and a hundred busy devices share
//! fsyncs instead of queueing for one each.
//!
//! Several instances sharing PostgreSQL commit the same way, and a commit one of them made may be
//! read by another before it is synced: what an instance reads of the others' commits (a sync
//! answer, the journal's changes for its live connections) waits for a sync begun after the
//! read ([`Durable::read_elsewhere`]), which covers every commit before it.
//!
//! Nothing leaves the relay before it is durable: live events published after an unsynced
//! commit wait in order behind it and go out when its ticket is synced ([`Durable::publish`]),
//! and a sync answer, which may read commits not yet synced, waits for every commit made until
//! it finished reading. A phone therefore never holds a feed position the relay could lose.
//! (An urgent alert's frames and pushes are the one exception: they go at once, carrying the
//! whole request; if the machine loses power before the sync, the requester's phone, never
//! answered, uploads the request again.)

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::error::Error;
use crate::live::LiveEvent;
use crate::store::RelayStore;

/// Commits and how far they are durable, with the live events waiting for them.
#[derive(Debug)]
pub struct Durable {
    state: Mutex<State>,
    synced: Condvar,
    /// Told of every commit, and of every upload that ends without one.
    commits: Condvar,
    /// How long a sync waits for the upload at the writer ([`WAIT_FOR_WRITER`]).
    wait_for_writer: Duration,
}

impl Default for Durable {
    fn default() -> Self {
        Durable {
            state: Mutex::default(),
            synced: Condvar::new(),
            commits: Condvar::new(),
            wait_for_writer: WAIT_FOR_WRITER,
        }
    }
}

/// How long the one about to sync the log waits for the upload being checked at that moment to
/// commit, so that one sync covers it too: a little over what an upload takes at the writer.
pub const WAIT_FOR_WRITER: Duration = Duration::from_millis(2);

#[derive(Debug, Default)]
struct State {
    /// Tickets given: one per unsynced commit.
    committed: u64,
    /// Every ticket up to this one is durable.
    durable: u64,
    /// A waiter is syncing the log now.
    syncing: bool,
    /// An upload holds the writer and will commit soon ([`Durable::writing`]).
    writing: bool,
    /// Events published after an unsynced commit, by ticket, in order.
    waiting: VecDeque<(u64, Vec<LiveEvent>)>,
    /// The furthest feed position this instance has seen committed, by itself or by another
    /// instance sharing the store.
    seen_seq: u64,
    /// Every feed position up to this one is durable: a sync that began after it was seen is
    /// done.
    durable_seq: u64,
}

impl Durable {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is whole between statements; a panic elsewhere leaves nothing half-done.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Marks an upload at the writer (under the writer lock, as it starts) until the mark is
    /// dropped: whoever syncs the log meanwhile waits a moment for its commit
    /// ([`WAIT_FOR_WRITER`]), and one sync serves both.
    pub(crate) fn writing(&self) -> Writing<'_> {
        self.lock().writing = true;
        Writing(self)
    }

    /// Records an unsynced commit (under the writer lock, right after it) and returns its ticket.
    pub(crate) fn committed(&self) -> u64 {
        let mut state = self.lock();
        state.committed += 1;
        state.writing = false;
        let ticket = state.committed;
        state.waiting.push_back((ticket, Vec::new()));
        drop(state);
        self.commits.notify_all();
        ticket
    }

    /// Records that feed positions up to `seq` are committed (by this instance: under the
    /// writer lock, before [`Durable::committed`]).
    pub(crate) fn saw(&self, seq: u64) {
        let mut state = self.lock();
        state.seen_seq = state.seen_seq.max(seq);
    }

    /// A ticket for what was just read, up to feed position `seq`, from a store shared with
    /// other instances, which may include their commits not yet synced; `None` when a sync
    /// already covered it. The ticket is durable once a sync that began after now is done (a
    /// sync of the shared log covers every commit before it, whoever made it). Live events
    /// published after it wait for that sync, like those after a commit here.
    pub(crate) fn read_elsewhere(&self, seq: u64) -> Option<u64> {
        let mut state = self.lock();
        state.seen_seq = state.seen_seq.max(seq);
        if seq <= state.durable_seq {
            return None;
        }
        state.committed += 1;
        let ticket = state.committed;
        state.waiting.push_back((ticket, Vec::new()));
        Some(ticket)
    }

    /// The last ticket given.
    pub(crate) fn last(&self) -> u64 {
        self.lock().committed
    }

    /// Sends `event` to live connections now, or, while an unsynced commit is waiting, after it.
    pub(crate) fn publish(&self, live: &broadcast::Sender<LiveEvent>, event: LiveEvent) {
        let mut state = self.lock();
        match state.waiting.back_mut() {
            Some((_, events)) => events.push(event),
            None => {
                // No receiver is fine: nobody is connected.
                let _ = live.send(event);
            }
        }
    }

    /// Returns once commit `ticket` is durable, syncing the store's log if nobody else is; how
    /// many syncs this call made (for the metrics).
    pub(crate) fn wait(
        &self,
        store: &dyn RelayStore,
        live: &broadcast::Sender<LiveEvent>,
        ticket: u64,
    ) -> Result<u64, Error> {
        let mut state = self.lock();
        let mut syncs = 0;
        loop {
            if state.durable >= ticket {
                return Ok(syncs);
            }
            if state.syncing {
                state = self.synced.wait(state).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            state.syncing = true;
            // The upload at the writer now commits within a millisecond or so: cover it too,
            // rather than leave it a sync of its own.
            let deadline = Instant::now() + self.wait_for_writer;
            while state.writing && store.syncs_later() {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                state = self
                    .commits
                    .wait_timeout(state, left)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
            let target = state.committed;
            let target_seq = state.seen_seq;
            drop(state);
            let synced = store.sync_log();
            syncs += 1;
            state = self.lock();
            state.syncing = false;
            if synced.is_ok() {
                state.durable = state.durable.max(target);
                state.durable_seq = state.durable_seq.max(target_seq);
                // In commit order, under the lock, so no later batch overtakes an earlier one.
                while state.waiting.front().is_some_and(|(t, _)| *t <= target) {
                    if let Some((_, events)) = state.waiting.pop_front() {
                        for event in events {
                            let _ = live.send(event);
                        }
                    }
                }
            }
            self.synced.notify_all();
            synced?;
        }
    }
}

/// An upload at the writer, for [`Durable::writing`]; dropped when it ends, committed or not.
#[derive(Debug)]
pub(crate) struct Writing<'a>(&'a Durable);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        if state.writing {
            state.writing = false;
            drop(state);
            self.0.commits.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;
    use std::sync::Arc;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().expect("dir");
        let store = SqliteStore::open(dir.path().join("relay.db")).expect("open");
        (dir, store)
    }

    #[test]
    fn events_after_an_unsynced_commit_wait_for_its_sync_and_go_out_in_commit_order() {
        let (_dir, store) = store();
        let (live, mut rx) = broadcast::channel(16);
        let durable = Durable::default();
        durable.publish(&live, LiveEvent::Resync);
        assert!(
            matches!(rx.try_recv(), Ok(LiveEvent::Resync)),
            "nothing waiting: at once"
        );
        let first = durable.committed();
        durable.publish(&live, LiveEvent::Revoked(jinlin_model::MemberId::random()));
        let second = durable.committed();
        durable.publish(&live, LiveEvent::AccessChanged(None));
        assert!(rx.try_recv().is_err(), "nothing leaves before its commit is synced");
        durable.wait(&store, &live, first).expect("synced");
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Revoked(_))));
        assert!(
            matches!(rx.try_recv(), Ok(LiveEvent::AccessChanged(None))),
            "one sync covered both commits"
        );
        durable.wait(&store, &live, second).expect("already synced");
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn many_waiters_share_syncs_and_every_one_returns() {
        let (_dir, store) = store();
        let store = Arc::new(store);
        let (live, _rx) = broadcast::channel(16);
        let durable = Arc::new(Durable::default());
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (store, live, durable) = (store.clone(), live.clone(), durable.clone());
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let ticket = durable.committed();
                        durable.wait(store.as_ref(), &live, ticket).expect("synced");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("waiter");
        }
        let state = durable.lock();
        assert_eq!(state.durable, 400);
        assert!(state.waiting.is_empty());
    }

    #[test]
    fn what_was_read_of_another_instances_commits_waits_for_a_sync_begun_after_the_read() {
        let (_dir, store) = store();
        let (live, mut rx) = broadcast::channel(16);
        let durable = Durable::default();
        let ticket = durable.read_elsewhere(7).expect("position 7 was never synced");
        durable.publish(&live, LiveEvent::Resync);
        assert!(
            rx.try_recv().is_err(),
            "held until the log is synced past what was read"
        );
        assert_eq!(durable.wait(&store, &live, ticket).expect("synced"), 1, "one sync");
        assert!(matches!(rx.try_recv(), Ok(LiveEvent::Resync)), "then sent");
        assert_eq!(
            durable.wait(&store, &live, ticket).expect("durable"),
            0,
            "nothing more to sync"
        );
        // That sync covered position 7 and everything before it: reading them again needs none.
        assert_eq!(durable.read_elsewhere(7), None);
        assert_eq!(durable.read_elsewhere(5), None);
        // A commit seen before the next sync is covered by it; one after, not yet.
        durable.saw(9);
        let ticket = durable.committed();
        durable.wait(&store, &live, ticket).expect("synced");
        assert_eq!(durable.read_elsewhere(9), None, "the sync after position 9 was seen");
        assert!(durable.read_elsewhere(10).is_some(), "position 10 came after it");
    }

    /// Waits until someone is syncing the log.
    fn until_syncing(durable: &Durable) {
        while !durable.lock().syncing {
            std::thread::yield_now();
        }
    }

    #[test]
    fn the_sync_waits_for_the_upload_at_the_writer_and_covers_its_commit_too() {
        let (_dir, store) = store();
        let store = Arc::new(store);
        let (live, _rx) = broadcast::channel(16);
        // A long wait, so the test does not depend on how fast the threads are scheduled.
        let durable = Arc::new(Durable {
            wait_for_writer: Duration::from_secs(30),
            ..Durable::default()
        });
        let first = durable.committed();
        // The next upload is at the writer as the first one's answer asks for its sync.
        let writing = durable.writing();
        let syncer = {
            let (store, live, durable) = (store.clone(), live.clone(), durable.clone());
            std::thread::spawn(move || durable.wait(store.as_ref(), &live, first))
        };
        until_syncing(&durable);
        let second = durable.committed();
        drop(writing);
        syncer.join().expect("syncer").expect("synced");
        assert_eq!(
            durable.lock().durable,
            second,
            "the one sync covered the commit that was under way"
        );

        // An upload that ends without a commit lets the sync go at once.
        let third = durable.committed();
        let writing = durable.writing();
        let started = Instant::now();
        let syncer = {
            let (store, live, durable) = (store.clone(), live.clone(), durable.clone());
            std::thread::spawn(move || durable.wait(store.as_ref(), &live, third))
        };
        until_syncing(&durable);
        drop(writing);
        syncer.join().expect("syncer").expect("synced");
        assert_eq!(durable.lock().durable, third);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not held for the whole wait: {:?}",
            started.elapsed()
        );
    }
}
