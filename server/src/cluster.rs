//! Several relay instances on one database, stateless behind any load balancer: each takes in
//! what the others committed from the store's journal (`store/journal.rs`).
//!
//! - [`Relay::catch_up`] reads the journal entries after this instance's cursor and, for those
//!   another instance committed, drops the documents they changed from memory, reads the group
//!   tree, the open urgent dispatches and the check-in pairings again where they changed, and
//!   tells this instance's live connections: the changes (as frames, in feed order), changed
//!   access, revoked devices, and the alerts and stand-downs of members connected here.
//! - The writer takes its turn and catches up before it checks anything ([`Relay::writer`]), so
//!   every write (a sign-up's relay order, an invite's last use, a dispatch's next wave) is
//!   decided on everything committed before it, whichever instance committed it.
//! - [`run_cluster`] catches up as soon as the store wakes it (PostgreSQL `NOTIFY`) and at least
//!   every [`POLL_EVERY`], so a lost wake-up costs at most that; it also forgets journal entries
//!   older than [`JOURNAL_KEPT`]. An instance that fell further behind starts over: it forgets
//!   its memory, reads everything again, and every live connection syncs.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use jinlin_model::docs::request;
use tokio::sync::Notify;

use crate::alerts::dispatch::{alert_frame, stood_down_frame, whole};
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::live::{Direct, DocBatch, LiveChange, LiveEvent};
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

    /// Takes in one entry another instance committed.
    fn take_in(&self, cache: &mut DocCache, entry: &JournalEntry) -> Result<(), Error> {
        let j = &entry.journal;
        for d in &j.docs {
            cache.evict(d.doc);
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
                self.deliver_here(cache, d)?;
            }
        }
        if j.checkins {
            self.checkins.reload(self.store.as_ref())?;
            self.deliver_checkins_here(&j.checkin_alerts);
        }
        for d in &j.docs {
            let Some(meta) = self.store.doc(d.doc)? else { continue };
            let changes = self
                .store
                .doc_entries(d.doc, d.first.saturating_sub(1), d.last)?
                .into_iter()
                .map(|e| LiveChange {
                    bytes: e.bytes,
                    by_author: false,
                })
                .collect();
            let batch = DocBatch::new(d.doc, meta.doc_type, d.group, d.last, None, changes);
            self.publish(LiveEvent::Changes(Arc::new(batch)));
        }
        Ok(())
    }

    /// Sends a dispatch step another instance committed to the members it reached who are
    /// connected to this one (the committing instance pushed to those it did not hold).
    fn deliver_here(&self, cache: &mut DocCache, d: &JournalDispatch) -> Result<(), Error> {
        let here: Vec<(jinlin_model::MemberId, u8)> = d
            .alerted
            .iter()
            .copied()
            .filter(|(m, _)| self.alerts.is_online(*m))
            .collect();
        if !here.is_empty() {
            let doc = &mut self.load(cache, d.request)?.doc;
            let view = request::read(doc)?;
            let changes = whole(doc, &view);
            for (member, wave) in here {
                let (frame, _) = alert_frame(&changes, &view, wave);
                self.alerts.send_direct(Direct {
                    member,
                    frame,
                    delivers: Some(d.request),
                });
            }
        }
        for &member in &d.ended {
            if self.alerts.is_online(member) {
                self.alerts.send_direct(Direct {
                    member,
                    frame: stood_down_frame(d.request),
                    delivers: None,
                });
            }
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
            return;
        }
        let r = relay.clone();
        let prune = last_prune.is_none_or(|at| at.elapsed() >= JOURNAL_KEPT / 10);
        if prune {
            last_prune = Some(tokio::time::Instant::now());
        }
        let done = tokio::task::spawn_blocking(move || {
            let mut cache = r.docs();
            r.catch_up(&mut cache)?;
            drop(cache);
            if prune && let Some(cluster) = r.store.cluster() {
                cluster.prune_journal(JOURNAL_KEPT)?;
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
            _ = tokio::time::sleep(POLL_EVERY) => {}
            _ = shutdown.changed() => {}
        }
    }
}
