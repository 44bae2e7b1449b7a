//! One sync as a loop of request and response. The session decides whether another round is
//! needed and gathers the report; the caller moves the bytes.
//!
//! ```text
//! let mut session = Session::new();
//! while let Some(out) = session.next_request(&device)? {
//!     let response = send(&out.request).await?;   // the only I/O
//!     session.receive(&device, &out, response)?;
//! }
//! let report = session.finish(&device)?;
//! ```

use jinlin_model::refusal::Refusal;
use std::collections::HashSet;

use crate::store::settings;
use crate::sync::outgoing::{self, Limits, Outgoing};
use crate::sync::replica::Replica;
use crate::sync::report::{Rejection, SyncReport};
use crate::sync::{incoming, standby};
use jinlin_model::error::Result;
use jinlin_model::ids::DocId;
use jinlin_model::protocol::SyncResponse;

/// Rounds one sync may take before it stops (and reports what is still pending).
pub const MAX_ROUNDS: u32 = 64;

/// The state of one sync in progress.
#[derive(Debug)]
pub struct Session {
    limits: Limits,
    skip: HashSet<DocId>,
    more: bool,
    report: SyncReport,
    /// Feeds were read again from the start once this session (see `role_changed`).
    reread: bool,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session packing uploads up to [`UPLOAD_BUDGET_BYTES`] per request.
    ///
    /// [`UPLOAD_BUDGET_BYTES`]: jinlin_model::protocol::UPLOAD_BUDGET_BYTES
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A session packing uploads up to `budget` change bytes per request.
    pub fn with_budget(budget: usize) -> Self {
        Self::with_limits(Limits {
            budget,
            ..Limits::default()
        })
    }

    /// A session with explicit limits.
    pub fn with_limits(limits: Limits) -> Self {
        Session {
            limits: Limits {
                budget: limits.budget.max(1),
                max_change: limits.max_change,
            },
            skip: HashSet::new(),
            more: false,
            report: SyncReport::default(),
            reread: false,
        }
    }

    /// The next request to send, or `None` when the sync is complete. The first request is
    /// always sent (it fetches what the device missed); later ones only while the relay has
    /// more or local changes are still waiting.
    pub fn next_request(&mut self, device: &impl Replica) -> Result<Option<Outgoing>> {
        if self.report.round_trips >= MAX_ROUNDS {
            return Ok(None);
        }
        let out = outgoing::build(device, &self.skip, self.limits)?;
        for (doc_id, size) in &out.too_large {
            self.skip.insert(*doc_id);
            self.report.rejected.push(Rejection {
                doc_id: *doc_id,
                reason: Refusal::ChangeTooLarge.with(&[size]),
                set_aside: 0,
            });
        }
        if self.report.round_trips == 0 || self.more || !out.sent.is_empty() {
            Ok(Some(out))
        } else {
            Ok(None)
        }
    }

    /// Records the bytes one round moved.
    pub fn count_bytes(&mut self, sent: usize, received: usize) {
        self.report.bytes_sent += sent as u64;
        self.report.bytes_received += received as u64;
    }

    /// Applies the relay's answer to `out`. On error nothing of this response was written.
    pub fn receive(&mut self, device: &impl Replica, out: &Outgoing, response: SyncResponse) -> Result<()> {
        let more = response.more;
        let received_bytes: usize = response.docs.iter().map(|d| d.data_bytes()).sum();
        let memberships = response.memberships.clone();
        let was_tentative = standby::tentative(device, &response.docs)?;
        let applied = incoming::apply(device, out, response)?;
        standby::tell(device, &was_tentative)?;
        self.report.round_trips += 1;
        self.report.change_bytes_sent += out.change_bytes as u64;
        self.report.change_bytes_received += received_bytes as u64;
        self.report.sent_changes += applied.stored_changes;
        self.report.sent_docs += applied
            .stored
            .iter()
            .filter(|id| out.sent.iter().any(|s| s.doc_id == **id && s.complete))
            .count();
        self.report.received_changes += applied.received_changes;
        self.report.received_saved += applied.received_saved;
        self.report.changed_docs += applied.changed.len();
        for (doc_id, reason, set_aside) in applied.rejected {
            // What remains of a refused document after its refused changes were set aside goes
            // in the next round; each refusal removes at least one change, so this ends.
            if set_aside == 0 || !applied.still_waiting.contains(&doc_id) {
                self.skip.insert(doc_id);
            }
            self.report.rejected.push(Rejection {
                doc_id,
                reason,
                set_aside,
            });
        }
        for doc_id in applied.unanswered {
            self.skip.insert(doc_id);
            self.report.rejected.push(Rejection {
                doc_id,
                reason: Refusal::NoAnswerForDocument.into(),
                set_aside: 0,
            });
        }
        // A new role may open documents the feed passed over before (a resident made grid
        // worker now keeps the household registry): read the feeds again from the start.
        let reread = !self.reread && role_changed(device, &memberships)?;
        if reread {
            device.store().write(|tx| crate::store::cursors::clear(tx))?;
            self.reread = true;
        }
        self.report.memberships = memberships;
        self.more = more || reread;
        Ok(())
    }

    /// Ends the session: the report, with the number of documents still pending.
    pub fn finish(mut self, device: &impl Replica) -> Result<SyncReport> {
        self.report.pending = device.unsynced_docs()?.len();
        if self.report.round_trips > 0 {
            device
                .store()
                .write(|tx| settings::put(tx, MEMBERSHIPS, &self.report.memberships))?;
        }
        Ok(self.report)
    }
}

/// Whether the device holds a different role than at its last sync in a group it was already in.
fn role_changed(device: &impl Replica, now: &[jinlin_model::protocol::Membership]) -> Result<bool> {
    let before: Vec<jinlin_model::protocol::Membership> = device
        .store()
        .read(|c| settings::get(c, MEMBERSHIPS))?
        .unwrap_or_default();
    Ok(now
        .iter()
        .any(|m| before.iter().any(|b| b.group_id == m.group_id && b.role != m.role)))
}

/// The setting under which the last known memberships are kept.
pub const MEMBERSHIPS: &str = "memberships";
