//! The relay's urgent-alert state in memory: the open dispatches, the members who read a
//! request because an alert reached them (`readers`), live connections for direct frames, the
//! timer's next wake, and the queues of pushes and receipts.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jinlin_model::dispatch::DispatchConfig;
use jinlin_model::{DocId, MemberId, Millis};
use tokio::sync::{Notify, mpsc};

use crate::alerts::push::{PushMessage, Pusher};
use crate::error::Error;
use crate::live::Direct;
use crate::store::{AlertStore, StoredDispatch};

/// Longest the timer sleeps before it looks at the clock again (a hand-set clock moves without
/// telling anyone).
pub const TIMER_RECHECK: Duration = Duration::from_millis(250);

/// The longest delivery receipts gather before they are written together.
pub const RECEIPTS_GATHER: Duration = Duration::from_secs(1);

/// Receipts are written once none has come for this long: the wave has gone out.
pub const RECEIPTS_QUIET: Duration = Duration::from_millis(25);

/// A push to send to an offline member.
#[derive(Debug, Clone)]
pub struct PushJob {
    /// Who.
    pub member: MemberId,
    /// What.
    pub msg: PushMessage,
}

#[derive(Debug)]
pub(super) struct Open {
    pub(super) stored: StoredDispatch,
}

impl Open {
    pub(super) fn grants(&self, member: MemberId) -> bool {
        !self.stored.closed && self.stored.dispatch.grants_read(member)
    }
}

/// Alerted members who signed up, by member: the requests they keep reading, with their groups.
pub(super) type Readers = HashMap<MemberId, HashMap<DocId, DocId>>;

/// A live connection: its number and where its member's frames go.
pub(super) type Connection = (u64, mpsc::UnboundedSender<Arc<Direct>>);

/// The relay's alert state.
#[derive(Debug)]
pub struct Alerts {
    pub(crate) config: DispatchConfig,
    pub(super) open: Mutex<HashMap<DocId, Open>>,
    /// Alerted members who signed up (saved on their alert rows).
    pub(super) readers: Mutex<Readers>,
    /// Open live connections, each with the channel its frames for one member go to.
    pub(super) online: Mutex<HashMap<MemberId, Vec<Connection>>>,
    pub(super) next_connection: std::sync::atomic::AtomicU64,
    pub(super) wake: Notify,
    /// Rung when a member's first live connection opens or their last one closes (the other
    /// instances sharing the store are told, `presence.rs`).
    pub(crate) presence_changed: Notify,
    pub(super) push_tx: mpsc::UnboundedSender<PushJob>,
    pub(super) push_rx: Mutex<Option<mpsc::UnboundedReceiver<PushJob>>>,
    pub(super) pusher: Option<Pusher>,
    /// Delivery receipts, written in batches (a thousand alerts are one transaction, not a
    /// thousand).
    pub(super) receipts_tx: mpsc::UnboundedSender<(DocId, MemberId, String)>,
    pub(super) receipts_rx: Mutex<Option<mpsc::UnboundedReceiver<(DocId, MemberId, String)>>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The open dispatches and the alerted readers as `store` holds them.
fn stored_state(store: &dyn AlertStore) -> Result<(HashMap<DocId, Open>, Readers), Error> {
    let open = store
        .open_dispatches()?
        .into_iter()
        .map(|stored| (stored.dispatch.request, Open { stored }))
        .collect();
    let mut readers = Readers::new();
    for (member, request, group) in store.alert_readers()? {
        readers.entry(member).or_default().insert(request, group);
    }
    Ok((open, readers))
}

impl Alerts {
    /// Loads the open dispatches from `store`.
    pub fn load(store: &dyn AlertStore, config: DispatchConfig) -> Result<Alerts, Error> {
        let (open, readers) = stored_state(store)?;
        let (push_tx, push_rx) = mpsc::unbounded_channel();
        let (receipts_tx, receipts_rx) = mpsc::unbounded_channel();
        Ok(Alerts {
            config,
            open: Mutex::new(open),
            readers: Mutex::new(readers),
            online: Mutex::new(HashMap::new()),
            next_connection: std::sync::atomic::AtomicU64::new(0),
            wake: Notify::new(),
            presence_changed: Notify::new(),
            push_tx,
            push_rx: Mutex::new(Some(push_rx)),
            pusher: None,
            receipts_tx,
            receipts_rx: Mutex::new(Some(receipts_rx)),
        })
    }

    /// Reads the open dispatches and the alerted readers from `store` again (another relay
    /// instance sharing it moved them).
    pub(crate) fn reload(&self, store: &dyn AlertStore) -> Result<(), Error> {
        let (open, readers) = stored_state(store)?;
        *lock(&self.readers) = readers;
        *lock(&self.open) = open;
        self.wake_timer();
        Ok(())
    }

    /// Sets the dispatcher's settings and the push adapters (before the relay is shared).
    pub fn configure(&mut self, config: DispatchConfig, pusher: Option<Pusher>) {
        self.config = config;
        self.pusher = pusher;
    }

    /// The push adapters.
    pub fn pusher(&self) -> Option<&Pusher> {
        self.pusher.as_ref()
    }

    /// Whether `member` may read request `doc` because of an alert: it stands, or they signed up.
    pub fn grants(&self, member: MemberId, doc: DocId) -> bool {
        lock(&self.readers).get(&member).is_some_and(|r| r.contains_key(&doc))
            || lock(&self.open).get(&doc).is_some_and(|o| o.grants(member))
    }

    /// The requests `member` reads by alert, with their groups.
    pub fn granted(&self, member: MemberId) -> Vec<(DocId, DocId)> {
        let mut out: Vec<(DocId, DocId)> = lock(&self.open)
            .iter()
            .filter(|(_, o)| o.grants(member))
            .map(|(id, o)| (*id, o.stored.group_id))
            .collect();
        if let Some(mine) = lock(&self.readers).get(&member) {
            out.extend(mine.iter().map(|(id, group)| (*id, *group)));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Those of `members` who do not read request `doc` as alerted sign-ups yet.
    pub(super) fn new_readers(&self, doc: DocId, members: impl Iterator<Item = MemberId>) -> Vec<MemberId> {
        let readers = lock(&self.readers);
        members
            .filter(|m| !readers.get(m).is_some_and(|r| r.contains_key(&doc)))
            .collect()
    }

    /// A live connection of `member` opened: frames for the member arrive on the receiver.
    pub fn connected(&self, member: MemberId) -> (u64, mpsc::UnboundedReceiver<Arc<Direct>>) {
        let id = self.next_connection.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (tx, rx) = mpsc::unbounded_channel();
        let mut online = lock(&self.online);
        let conns = online.entry(member).or_default();
        if conns.is_empty() {
            self.presence_changed.notify_one();
        }
        conns.push((id, tx));
        (id, rx)
    }

    /// Live connection `id` of `member` closed.
    pub fn disconnected(&self, member: MemberId, id: u64) {
        let mut online = lock(&self.online);
        if let Some(conns) = online.get_mut(&member) {
            conns.retain(|(c, _)| *c != id);
            if conns.is_empty() {
                online.remove(&member);
                self.presence_changed.notify_one();
            }
        }
    }

    /// How many live connections `member` has open now.
    pub fn live_count(&self, member: MemberId) -> usize {
        lock(&self.online).get(&member).map_or(0, Vec::len)
    }

    /// The members with a live connection open now.
    pub fn online_members(&self) -> HashSet<MemberId> {
        lock(&self.online).keys().copied().collect()
    }

    /// Whether `member` has a live connection open now.
    pub fn is_online(&self, member: MemberId) -> bool {
        lock(&self.online).contains_key(&member)
    }

    /// Hands a frame to every live connection of its member; false if none took it.
    pub(crate) fn send_direct(&self, direct: Direct) -> bool {
        let direct = Arc::new(direct);
        let online = lock(&self.online);
        let Some(conns) = online.get(&direct.member) else {
            return false;
        };
        // Counted before any connection can write it, and released for one that is gone.
        if let Some(wave) = &direct.wave {
            wave.handed(conns.len());
        }
        let mut sent = false;
        for (_, tx) in conns {
            let handed = tx.send(direct.clone()).is_ok();
            if !handed && let Some(wave) = &direct.wave {
                wave.one_done();
            }
            sent |= handed;
        }
        sent
    }

    /// The earliest deadline of an open dispatch.
    pub fn next_wake(&self) -> Option<Millis> {
        lock(&self.open)
            .values()
            .filter(|o| !o.stored.dispatch.finished)
            .filter_map(|o| o.stored.dispatch.deadline)
            .min()
    }

    /// Tells the timer to look at the clock now (after stepping a hand-set clock, say).
    pub fn wake_timer(&self) {
        self.wake.notify_one();
    }
}
