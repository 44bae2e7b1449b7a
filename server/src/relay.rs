//! The relay's state and the rules every operation shares: the store, the loaded documents, the
//! group tree, the live broadcast and the clock. Operations live in their own files
//! (`devices.rs`, `invites.rs`, `sync.rs`); they are plain blocking functions on [`Relay`], which
//! the HTTP layer runs off the async threads.
//!
//! Writes are serialised by one lock (the writer): an operation checks, changes the documents,
//! commits to the store and only then publishes to live connections and answers. A failed
//! commit drops the documents it touched from memory, so memory never runs ahead of storage.

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use jinlin_model::{Clock, DocId, MemberId};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::{broadcast, watch};

use crate::access::{Access, GroupTree, Standing};
use crate::doc_cache::{CachedDoc, DocCache};
use crate::error::Error;
use crate::live::LiveEvent;
use crate::metrics::Metrics;
use crate::store::{GroupRecord, RelayStore};

/// The writer lock ([`Relay::writer`]): the loaded documents, and while several instances share
/// the store, this instance's turn.
pub(crate) struct Writer<'a> {
    cache: MutexGuard<'a, DocCache>,
    _turn: Option<Box<dyn crate::store::journal::Turn + 'a>>,
    /// Since when it is held, for `jinlin_writer_held_microseconds`.
    since: std::time::Instant,
    held: &'a Counter,
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        Metrics::add(self.held, self.since.elapsed().as_micros() as u64);
    }
}

impl std::ops::Deref for Writer<'_> {
    type Target = DocCache;
    fn deref(&self) -> &DocCache {
        &self.cache
    }
}

impl std::ops::DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut DocCache {
        &mut self.cache
    }
}

/// Documents kept loaded by default.
pub const DOC_CACHE_CAPACITY: usize = 512;
/// A document the relay itself changes (member entries at redeem) is saved whole again after this
/// many of its changes, so rebuilding it stays quick; uploads every `UPLOAD_SNAPSHOT_EVERY`
/// (`sync/stages.rs`).
pub const SNAPSHOT_EVERY: usize = 256;

/// The relay.
#[derive(Debug)]
pub struct Relay {
    pub(crate) store: Arc<dyn RelayStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) metrics: Metrics,
    writer: Mutex<DocCache>,
    /// The documents an upload's write rules may be checked against outside the writer lock
    /// (`sync/precheck.rs`).
    pub(crate) shelf: crate::shelf::Shelf,
    /// The last journal entry this instance has taken in, when several share the store
    /// (`cluster.rs`); read and written under the writer lock.
    pub(crate) journal_cursor: AtomicU64,
    /// Journal entries this instance's uploads appended since the cursor last moved (counted
    /// under the writer lock; `cluster.rs`): when the journal's head is the cursor plus these,
    /// there is nothing of the others' to read.
    pub(crate) own_entries: AtomicU64,
    /// Who this instance told the others is live on it (`presence.rs`).
    pub(crate) presence: Mutex<crate::presence::Presence>,
    tree: RwLock<Arc<GroupTree>>,
    live: broadcast::Sender<LiveEvent>,
    /// Group commit: how far commits are durable, and the live events waiting for them.
    pub(crate) durable: crate::durable::Durable,
    shutdown: watch::Sender<bool>,
    pub(crate) alerts: crate::alerts::Alerts,
    /// Paired neighbours and the daily check-in.
    pub(crate) checkins: crate::checkin::Checkins,
    /// Automerge bytes a sync answer carries before it sets `more`.
    pub(crate) response_budget: usize,
    /// Groups and invite codes one device may make in a day.
    pub(crate) quotas: Quotas,
    /// The dashboard's sign-in pairings, sessions and read views.
    dashboard: crate::dashboard::Dashboard,
}

/// What one device may make in a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Groups created.
    pub groups_per_day: u32,
    /// Invite codes made.
    pub invites_per_day: u32,
}

/// A day, for the quotas.
pub const DAY_MS: jinlin_model::Millis = 86_400_000;

impl Relay {
    /// A relay over `store`. Reads the group tree (blocking).
    /// The push adapters (their settings can be reloaded while the relay runs).
    pub fn pusher(&self) -> Option<crate::alerts::push::Pusher> {
        self.alerts.pusher().cloned()
    }

    pub fn new(store: Arc<dyn RelayStore>, clock: Arc<dyn Clock>, live_buffer: usize) -> Result<Relay, Error> {
        // Read before the state below, so nothing committed meanwhile is missed (what is read
        // twice is taken in twice, harmlessly).
        let journal_cursor = match store.cluster() {
            Some(cluster) => cluster.journal_head()?,
            None => 0,
        };
        let tree = read_tree(store.as_ref())?;
        let (live, _) = broadcast::channel(live_buffer.max(1));
        let (shutdown, _) = watch::channel(false);
        let alerts = crate::alerts::Alerts::load(store.as_ref(), Default::default())?;
        let checkins = crate::checkin::Checkins::load(store.as_ref())?;
        let dashboard = crate::dashboard::Dashboard::new(Arc::clone(&store));
        Ok(Relay {
            alerts,
            checkins,
            store,
            clock,
            metrics: Metrics::default(),
            writer: Mutex::new(DocCache::new(DOC_CACHE_CAPACITY)),
            shelf: crate::shelf::Shelf::new(DOC_CACHE_CAPACITY),
            journal_cursor: AtomicU64::new(journal_cursor),
            own_entries: AtomicU64::new(0),
            presence: Mutex::new(crate::presence::Presence::default()),
            tree: RwLock::new(Arc::new(tree)),
            live,
            durable: Default::default(),
            shutdown,
            response_budget: jinlin_model::protocol::RESPONSE_BUDGET_BYTES,
            quotas: Quotas {
                groups_per_day: u32::MAX,
                invites_per_day: u32::MAX,
            },
            dashboard,
        })
    }

    /// Sets what one device may make in a day (before the relay is shared).
    pub fn set_quotas(&mut self, quotas: Quotas) {
        self.quotas = quotas;
    }

    /// Sets how many Automerge bytes a sync answer carries before it sets `more` (before the
    /// relay is shared).
    pub fn set_response_budget(&mut self, bytes: usize) {
        self.response_budget = bytes.max(1);
    }

    /// The store underneath.
    pub fn store(&self) -> &dyn RelayStore {
        self.store.as_ref()
    }

    /// The group tree as of now.
    pub fn tree(&self) -> Arc<GroupTree> {
        self.tree.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Reads the group tree from the store again (another instance sharing it created groups).
    pub(crate) fn reload_tree(&self) -> Result<(), Error> {
        self.set_tree(read_tree(self.store.as_ref())?);
        Ok(())
    }

    /// Replaces the group tree (under the writer lock, after a commit that created groups).
    pub(crate) fn set_tree(&self, h: GroupTree) {
        *self.tree.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(h);
    }

    /// Takes the writer lock to change something: this instance's, then, when several instances
    /// share the store, the turn every instance's writer takes, and brings what this instance
    /// keeps in memory up to date with what the others committed (`cluster.rs`).
    pub(crate) fn writer(&self) -> Result<Writer<'_>, Error> {
        let mut cache = self.docs();
        let since = std::time::Instant::now();
        let turn = match self.store.cluster() {
            Some(cluster) => {
                let turn = cluster.turn()?;
                if !self.only_own_entries_until(turn.head()) {
                    self.catch_up(&mut cache)?;
                }
                Some(turn)
            }
            None => None,
        };
        Ok(Writer {
            cache,
            _turn: turn,
            since,
            held: &self.metrics.writer_held,
        })
    }

    /// The writers' turn, caught up with the other instances, when several share the store:
    /// what a change to memory kept beside the documents (the check-in book) needs so that it
    /// starts from what another instance last saved. Nothing for a store one process owns,
    /// whose locks on that memory suffice. Take it before the memory's own lock.
    pub(crate) fn shared_turn(&self) -> Result<Option<Writer<'_>>, Error> {
        match self.store.cluster() {
            Some(_) => self.writer().map(Some),
            None => Ok(None),
        }
    }

    /// Takes this instance's writer lock to read the loaded documents (they may be a moment
    /// behind what another instance just committed; the journal listener catches them up).
    pub(crate) fn docs(&self) -> MutexGuard<'_, DocCache> {
        // Whatever panicked while holding the lock, its documents were either committed or are
        // about to be dropped below; drop them all to be sure memory matches storage.
        self.writer.lock().unwrap_or_else(|p| {
            let mut cache = p.into_inner();
            *cache = DocCache::new(cache.capacity());
            cache
        })
    }

    /// Loads a document into the cache if needed.
    pub(crate) fn load<'c>(&self, cache: &'c mut DocCache, id: DocId) -> Result<&'c mut CachedDoc, Error> {
        let store = &self.store;
        cache
            .get_or_load(id, || {
                store
                    .load_doc(id)?
                    .map(|stored| CachedDoc::rebuild(id, stored))
                    .transpose()
            })?
            .ok_or_else(|| Error::CorruptDocument {
                id: id.to_string(),
                reason: "listed but not stored".into(),
            })
    }

    /// Where `member` stands now ([`Standing`]), with the writer lock held (the registry reads
    /// building leaders' entries in group documents from the cache).
    pub(crate) fn standing_in(&self, cache: &mut DocCache, member: MemberId) -> Result<Standing, Error> {
        let memberships = self.store.memberships(member)?;
        let tree = self.tree();
        let readable = tree.readable(&memberships);
        let registry = self.registry(cache, member, &memberships, &tree, &readable)?;
        Ok(Standing::new(member, memberships, tree, registry))
    }

    /// Where `member` stands now; takes the writer lock for a moment.
    pub fn standing(&self, member: MemberId) -> Result<Standing, Error> {
        let mut cache = self.docs();
        self.standing_in(&mut cache, member)
    }

    /// What `member` may read and write now ([`Access`]); takes the writer lock for a moment.
    pub fn access(&self, member: MemberId) -> Result<Access<'_>, Error> {
        Ok(Access::new(self.standing(member)?, &self.alerts))
    }

    /// Publishes an event to live connections.
    pub(crate) fn publish(&self, event: LiveEvent) {
        self.durable.publish(&self.live, event);
    }

    /// Returns once commit `ticket` ([`crate::durable::Durable::committed`]) is durable, and
    /// the live events waiting for it are out.
    pub(crate) fn durable(&self, ticket: u64) -> Result<(), Error> {
        let syncs = self.durable.wait(self.store.as_ref(), &self.live, ticket)?;
        Metrics::add(&self.metrics.log_syncs, syncs);
        Ok(())
    }

    /// Subscribes to live events.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.live.subscribe()
    }

    /// The dashboard's sign-in pairings and sessions.
    pub fn desks(&self) -> &crate::dashboard::session::Desks {
        self.dashboard.desks()
    }

    /// The dashboard's state.
    pub fn dashboard(&self) -> &crate::dashboard::Dashboard {
        &self.dashboard
    }

    /// The pairings of the daily check-in.
    pub fn checkins(&self) -> &crate::checkin::Checkins {
        &self.checkins
    }

    /// Sets the urgent-alert dispatcher's settings and push adapters (before the relay is shared).
    pub fn configure_alerts(
        &mut self,
        config: jinlin_model::dispatch::DispatchConfig,
        pusher: Option<crate::alerts::push::Pusher>,
    ) {
        self.alerts.configure(config, pusher);
    }

    /// Tells live connections to close.
    pub(crate) fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves when shutdown begins.
    pub(crate) fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Now, by the relay's clock.
    pub(crate) fn now(&self) -> jinlin_model::Millis {
        self.clock.now_ms()
    }
}

/// The group tree as `store` keeps it.
fn read_tree(store: &dyn RelayStore) -> Result<GroupTree, Error> {
    Ok(GroupTree::new(store.groups()?.iter().map(GroupRecord::node)))
}
