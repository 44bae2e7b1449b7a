//! Several relay instances on one database, stateless behind any load balancer: each takes in
//! what the others committed from the store's journal (`store/journal.rs`).
//!
//! - [`Relay::catch_up`] reads the journal entries after this instance's cursor and, for those
//!   another instance committed, applies their changes to the documents it holds (or drops
//!   those it cannot bring up to date), reads the group
//!   tree, the open urgent dispatches and the check-in pairings again where they changed, and
//!   tells this instance's live connections: the changes (as frames, in feed order), changed
//!   access, revoked devices, and the alerts and stand-downs of members connected here.
//! - The writer takes its turn and catches up before it checks anything ([`Relay::writer`]), so
//!   every write (a sign-up's relay order, an invite's last use, a dispatch's next wave) is
//!   decided on everything committed before it, whichever instance committed it.
//! - [`run_cluster`] catches up as soon as the store wakes it (PostgreSQL `NOTIFY`) and at least
//!   every [`POLL_EVERY`], so a lost wake-up costs at most that; it also forgets journal entries
//!   older than [`JOURNAL_KEPT`]. An instance that fell further behind starts over: it forgets
//!   its memory, reads everything again, and every live connection syncs. Each round also
//!   tells the other instances who is live on this one (`presence.rs`).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use jinlin_model::docs::request;
use jinlin_model::protocol::AlertSummary;
use jinlin_model::{MemberId, Millis};
use tokio::sync::Notify;

use crate::alerts::dispatch::{alert_frame, stood_down_frame, whole};
use crate::alerts::push::PushMessage;
use crate::alerts::state::lock;
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::live::{Direct, DocBatch, LiveChange, LiveEvent};
use crate::presence::PRESENCE_FRESH;
use crate::relay::Relay;
use crate::store::journal::{JournalDispatch, JournalEntry};

/// Longest an instance goes without reading the journal.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// How long journal entries are kept.
pub const JOURNAL_KEPT: Duration = Duration::from_secs(600);

/// Journal entries read at once.
const PAGE: usize = 256;

impl Relay {
    /// Takes in what other instances sharing the store committed since this one last looked
    /// (under the writer lock; see the module's documentation). Returns how many entries it
    /// read.
    pub(crate) fn catch_up(&self, cache: &mut DocCache) -> Result<usize, Error> {
        let Some(cluster) = self.store.cluster() else {
            return Ok(0);
        };
        let me = cluster.instance();
        let mut read = 0;
        // What this instance appended since the cursor is read below with the rest; counting
        // starts again from the cursor this leaves.
        self.own_entries.store(0, Ordering::Release);
        loop {
            let cursor = self.journal_cursor.load(Ordering::Acquire);
            let entries = cluster.journal_after(cursor, PAGE)?;
            let Some(first) = entries.first() else {
                return Ok(read);
            };
            if first.id != cursor + 1 {
                tracing::warn!(
                    cursor,
                    next = first.id,
                    "this instance fell behind the journal; starting over"
                );
                let head = cluster.journal_head()?;
                self.start_over(cache)?;
                self.journal_cursor.store(head, Ordering::Release);
                return Ok(read);
            }
            for entry in &entries {
                if entry.origin != me {
                    if self.store.syncs_later() {
                        // Its commit may not be synced yet: what it tells live connections
                        // waits for a sync begun now, unless one already covered it
                        // (`durable.rs`).
                        let seq = entry.journal.docs.iter().map(|d| d.last).max().unwrap_or(0);
                        self.durable.read_elsewhere(seq);
                    }
                    self.take_in(cache, entry)?;
                }
                self.journal_cursor.store(entry.id, Ordering::Release);
                read += 1;
            }
            if entries.len() < PAGE {
                return Ok(read);
            }
        }
    }

    /// Whether every journal entry up to `head` (read with the writers' turn) is one this
    /// instance's uploads appended since its cursor: then there is nothing to take in, and the
    /// cursor moves to `head` without reading the journal. Under the writer lock. Entries this
    /// instance made without counting them (other than uploads) only make it read the journal.
    pub(crate) fn only_own_entries_until(&self, head: Option<u64>) -> bool {
        let cursor = self.journal_cursor.load(Ordering::Acquire);
        let own = self.own_entries.load(Ordering::Acquire);
        if head != Some(cursor.saturating_add(own)) {
            return false;
        }
        self.journal_cursor.store(cursor + own, Ordering::Release);
        self.own_entries.store(0, Ordering::Release);
        true
    }

    /// Takes in one entry another instance committed.
    fn take_in(&self, cache: &mut DocCache, entry: &JournalEntry) -> Result<(), Error> {
        let j = &entry.journal;
        // The changed documents first: what follows (alerts, the group tree) reads them. A held
        // document takes the changes in; one that cannot is dropped and read again.
        let mut changed = Vec::with_capacity(j.docs.len());
        for d in &j.docs {
            match self.store.doc_entries(d.doc, d.first.saturating_sub(1), d.last) {
                Ok(entries) => {
                    let bytes: Vec<Vec<u8>> = entries.into_iter().map(|e| e.bytes).collect();
                    cache.take_in(d.doc, &bytes);
                    changed.push((d, bytes));
                }
                Err(e) => {
                    for d in &j.docs {
                        cache.evict(d.doc);
                    }
                    return Err(e);
                }
            }
        }
        if j.groups {
            self.reload_tree()?;
            self.publish(LiveEvent::AccessChanged(None));
        }
        for m in &j.members {
            self.publish(LiveEvent::AccessChanged(Some(*m)));
        }
        for m in &j.revoked {
            self.publish(LiveEvent::Revoked(*m));
        }
        if !j.dispatches.is_empty() {
            self.alerts.reload(self.store.as_ref())?;
            for d in &j.dispatches {
                self.deliver_here(cache, d, entry.at)?;
            }
        }
        if j.checkins {
            self.checkins.reload(self.store.as_ref())?;
            self.deliver_checkins_here(&j.checkin_alerts);
        }
        for (d, bytes) in changed {
            let Some(meta) = self.store.doc(d.doc)? else { continue };
            let changes = bytes
                .into_iter()
                .map(|bytes| LiveChange {
                    bytes,
                    by_author: false,
                })
                .collect();
            let batch = DocBatch::new(d.doc, meta.doc_type, d.group, d.last, None, changes);
            self.publish(LiveEvent::Changes(Arc::new(batch)));
        }
        Ok(())
    }

    /// Sends a dispatch step another instance committed at `at` to the members it reached who
    /// are connected to this one. The committing instance pushed to members live nowhere and
    /// skipped those it saw live here; of those, a member whose connection has closed since is
    /// pushed to from here (`presence.rs`).
    fn deliver_here(&self, cache: &mut DocCache, d: &JournalDispatch, at: Millis) -> Result<(), Error> {
        let ours: Vec<(MemberId, u8)> = d
            .alerted
            .iter()
            .copied()
            .filter(|(m, _)| self.alerts.is_online(*m) || self.answers_for(*m, at))
            .collect();
        let mut unreached = Vec::new();
        if !ours.is_empty() {
            let doc = self.load(cache, d.request)?.doc_mut();
            let view = request::read(doc)?;
            let changes = whole(doc, &view);
            // This instance's share of the wave, logged once written (`live.rs`).
            let written = crate::live::Wave::new(d.request);
            for (member, wave) in ours {
                let (frame, summary) = alert_frame(&changes, &view, wave);
                let live = self.alerts.send_direct(Direct {
                    member,
                    frame,
                    delivers: Some(d.request),
                    wave: Some(written.clone()),
                });
                if !live {
                    unreached.push((member, PushMessage::Alert(AlertSummary::clone(&summary))));
                }
            }
            written.one_done();
        }
        for &member in &d.ended {
            let live = self.alerts.send_direct(Direct {
                member,
                frame: stood_down_frame(d.request),
                delivers: None,
                wave: None,
            });
            if !live && self.answers_for(member, at) {
                unreached.push((member, PushMessage::NoLongerNeeded(d.request)));
            }
        }
        for (member, msg) in unreached {
            self.push(member, msg);
        }
        Ok(())
    }

    /// Forgets what this instance keeps in memory and reads it again; every live connection
    /// syncs.
    fn start_over(&self, cache: &mut DocCache) -> Result<(), Error> {
        *cache = DocCache::new(cache.capacity());
        self.reload_tree()?;
        self.alerts.reload(self.store.as_ref())?;
        self.checkins.reload(self.store.as_ref())?;
        lock(&self.presence).republish();
        self.publish(LiveEvent::Resync);
        Ok(())
    }
}

/// Keeps this instance caught up with the others sharing its store, until shutdown; returns at
/// once for a store one process owns.
pub async fn run_cluster(relay: Arc<Relay>) {
    let Some(cluster) = relay.store.cluster() else {
        return;
    };
    let wake = Arc::new(Notify::new());
    let woken = wake.clone();
    let _listening = match cluster.listen(Box::new(move || woken.notify_one())) {
        Ok(handle) => Some(handle),
        Err(e) => {
            tracing::warn!(error = %e, "the journal listener did not start; polling only");
            None
        }
    };
    let mut shutdown = relay.shutdown_signal();
    let mut last_prune: Option<tokio::time::Instant> = None;
    loop {
        if *shutdown.borrow() {
            // Members live here are pushed to by the others from now on, not in a few seconds.
            let r = relay.clone();
            let withdrawn = tokio::task::spawn_blocking(move || r.withdraw_presence()).await;
            if let Ok(Err(e)) = withdrawn {
                tracing::warn!(error = %e, "presence not withdrawn at shutdown; it lapses by itself");
            }
            return;
        }
        let r = relay.clone();
        let prune = last_prune.is_none_or(|at| at.elapsed() >= JOURNAL_KEPT / 10);
        if prune {
            last_prune = Some(tokio::time::Instant::now());
        }
        let done = tokio::task::spawn_blocking(move || {
            // Presence first: a wave read below may be this instance's to push for a member
            // who has just left it.
            r.publish_presence()?;
            let mut cache = r.docs();
            r.catch_up(&mut cache)?;
            drop(cache);
            // The others' changes go out to live connections once the log is synced past them.
            r.durable(r.durable.last())?;
            if prune && let Some(cluster) = r.store.cluster() {
                cluster.prune_journal(JOURNAL_KEPT)?;
                cluster.prune_presence(JOURNAL_KEPT)?;
            }
            Ok::<_, Error>(())
        })
        .await;
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "catching up with the other instances failed; retrying"),
            Err(e) => tracing::error!(error = %e, "catching up with the other instances failed"),
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = relay.alerts.presence_changed.notified() => {}
            _ = tokio::time::sleep(POLL_EVERY) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Who is live on which instance (`presence.rs`).
impl Relay {
    /// Publishes who is live on this instance now; nothing for a store one process owns.
    pub(crate) fn publish_presence(&self) -> Result<(), Error> {
        let Some(cluster) = self.store.cluster() else {
            return Ok(());
        };
        let online = self.alerts.online_members();
        lock(&self.presence).publish(cluster, online)
    }

    /// Tells the others that nobody is live here any more (this instance is shutting down).
    pub(crate) fn withdraw_presence(&self) -> Result<(), Error> {
        let Some(cluster) = self.store.cluster() else {
            return Ok(());
        };
        lock(&self.presence).publish(cluster, HashSet::new())
    }

    /// Of `members`, those live on another instance sharing the store (none for a store one
    /// process owns).
    pub fn live_elsewhere(&self, members: &[MemberId]) -> Result<HashSet<MemberId>, Error> {
        match self.store.cluster() {
            None => Ok(HashSet::new()),
            Some(cluster) => cluster.present_elsewhere(members, PRESENCE_FRESH),
        }
    }

    /// Pushes each message to its member unless the member is live on another instance, which
    /// then delivers it (see the module's documentation). If the database cannot say, everyone
    /// is pushed to: a second notice is better than none.
    pub(crate) fn push_unless_live_elsewhere(&self, unreached: Vec<(MemberId, PushMessage)>) {
        if unreached.is_empty() {
            return;
        }
        let members: Vec<MemberId> = unreached.iter().map(|(m, _)| *m).collect();
        let elsewhere = self.live_elsewhere(&members).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "presence on other instances unknown; pushing to everyone");
            HashSet::new()
        });
        for (member, msg) in unreached {
            if !elsewhere.contains(&member) {
                self.push(member, msg);
            }
        }
    }

    /// Whether this instance delivers to `member`, not live here, what another instance
    /// committed at `at` (see [`Presence::answered_for`]).
    pub(crate) fn answers_for(&self, member: MemberId, at: Millis) -> bool {
        lock(&self.presence).answered_for(member, at)
    }
}
