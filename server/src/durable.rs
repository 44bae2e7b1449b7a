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

use tokio::sync::broadcast;

use crate::error::Error;
use crate::live::LiveEvent;
use crate::store::RelayStore;

/// Commits and how far they are durable, with the live events waiting for them.
#[derive(Debug, Default)]
pub struct Durable {
    state: Mutex<State>,
    synced: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Tickets given: one per unsynced commit.
    committed: u64,
    /// Every ticket up to this one is durable.
    durable: u64,
    /// A waiter is syncing the log now.
    syncing: bool,
    /// Events published after an unsynced commit, by ticket, in order.
    waiting: VecDeque<(u64, Vec<LiveEvent>)>,
}

impl Durable {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is whole between statements; a panic elsewhere leaves nothing half-done.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records an unsynced commit (under the writer lock, right after it) and returns its ticket.
    pub(crate) fn committed(&self) -> u64 {
        let mut state = self.lock();
        state.committed += 1;
        let ticket = state.committed;
        state.waiting.push_back((ticket, Vec::new()));
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
}
