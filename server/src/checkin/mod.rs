//! Paired neighbours and the daily check-in on the relay. The rules are the model's
//! (`jinlin_model::checkin`); this module keeps every pairing, judges missed days by the relay's
//! own clock and carries out each watch's effects the way urgent alerts are carried out: live
//! frames at once to members connected now, the member's push adapter otherwise, timers saved in
//! SQLite so a restart between a deadline and the next circle still widens, once.
//!
//! - [`pairings`]: pairing someone, consent, the deadline, a pause, and who may see a pairing
//!   (the access policy's `Access::may_see_pairing`: the person or proxy, the paired neighbours,
//!   grid workers and staff of the groups above; no one else).
//! - [`judge`]: the one pass over the pairings whose time has come (indexed by time, so 10,000
//!   due at 10:00 are one pass and one transaction), and sending alerts.
//! - [`answers`]: check-ins (a tap, or any use of Jinlin by the person's phone) and the answers
//!   of those alerted.
//! - [`circles`]: who each circle of a watch is.
//!
//! Nothing here logs a name or a place: ids only.

pub mod answers;
pub mod circles;
pub mod judge;
pub mod pairings;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard};

use jinlin_model::checkin::wire::PairingView;
use jinlin_model::{DocId, MemberId, Millis};

use crate::error::Error;
use crate::store::CheckinStore;

/// Every pairing in memory, indexed by when it next needs the relay and by who checks in.
#[derive(Debug, Default)]
pub(crate) struct Book {
    pub(crate) pairings: HashMap<DocId, PairingView>,
    pub(crate) due: BTreeSet<(Millis, DocId)>,
    pub(crate) checkers: HashMap<MemberId, Vec<DocId>>,
}

/// When a pairing next needs the relay: its next judgement, or the running circle's end.
fn wake_of(v: &PairingView) -> Millis {
    v.watch
        .as_ref()
        .and_then(|w| w.deadline)
        .map_or(v.next_judgement, |d| d.min(v.next_judgement))
}

impl Book {
    /// Puts `v` in place of the pairing it updates, keeping the indexes true.
    pub(crate) fn put(&mut self, v: PairingView) {
        let id = v.pairing.id;
        if let Some(old) = self.pairings.get(&id) {
            self.due.remove(&(wake_of(old), id));
        }
        self.due.insert((wake_of(&v), id));
        for m in [v.pairing.person, v.pairing.proxy].into_iter().flatten() {
            let list = self.checkers.entry(m).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
        self.pairings.insert(id, v);
    }

    /// The pairings due at `now`.
    pub(crate) fn due_at(&self, now: Millis) -> Vec<DocId> {
        self.due
            .range(..=(now, DocId::from_bytes([0xff; 16])))
            .map(|(_, id)| *id)
            .collect()
    }
}

/// The relay's pairings.
#[derive(Debug)]
pub struct Checkins {
    pub(crate) book: Mutex<Book>,
}

impl Checkins {
    /// Loads every pairing from `store`.
    pub fn load(store: &dyn CheckinStore) -> Result<Checkins, Error> {
        let mut book = Book::default();
        for v in store.pairings()? {
            book.put(v);
        }
        Ok(Checkins { book: Mutex::new(book) })
    }

    /// Reads every pairing from `store` again (another relay instance sharing it changed them).
    pub(crate) fn reload(&self, store: &dyn CheckinStore) -> Result<(), Error> {
        let mut book = Book::default();
        for v in store.pairings()? {
            book.put(v);
        }
        *self.book() = book;
        Ok(())
    }

    pub(crate) fn book(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the earliest pairing next needs the relay.
    pub fn next_wake(&self) -> Option<Millis> {
        self.book().due.first().map(|(at, _)| *at)
    }

    /// How many pairings there are.
    pub fn len(&self) -> usize {
        self.book().pairings.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `member` checks in for anyone (a cheap look before counting a use of Jinlin).
    pub fn checks_in(&self, member: MemberId) -> bool {
        self.book().checkers.contains_key(&member)
    }
}
