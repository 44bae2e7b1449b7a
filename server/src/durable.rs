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

    /// Returns once commit `ticket` is durable, syncing the store's log if nobody else is.
    pub(crate) fn wait(
        &self,
        store: &dyn RelayStore,
        live: &broadcast::Sender<LiveEvent>,
        ticket: u64,
    ) -> Result<(), Error> {
        let mut state = self.lock();
        loop {
            if state.durable >= ticket {
                return Ok(());
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
            drop(state);
            let synced = store.sync_log();
            state = self.lock();
            state.syncing = false;
            if synced.is_ok() {
                state.durable = state.durable.max(target);
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
