//! What a sync did, for a person ("sent 2, received 5") and for scripts (it serializes to the
//! JSON the command line prints).

use serde::Serialize;

use jinlin_model::ids::DocId;
use jinlin_model::protocol::Membership;

/// A document whose upload did not go. When the relay refused changes, they left the outbox
/// for the device's refused list (`set_aside` of them, see `Device::refused`); otherwise
/// (`set_aside` 0: too large, unanswered) the data stays waiting and is offered again next time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The document.
    pub doc_id: DocId,
    /// The relay's reason.
    pub reason: String,
    /// Changes moved out of the outbox into the refused list.
    pub set_aside: usize,
}

/// The outcome of one sync.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// HTTP round trips.
    pub round_trips: u32,
    /// Documents whose local changes the relay stored.
    pub sent_docs: usize,
    /// Changes the relay stored.
    pub sent_changes: usize,
    /// Changes received.
    pub received_changes: usize,
    /// Documents received whole, in their compacted saved form (a first login, or documents
    /// new since the last sync).
    pub received_saved: usize,
    /// Documents that changed on this device.
    pub changed_docs: usize,
    /// Documents the relay refused.
    pub rejected: Vec<Rejection>,
    /// Documents still holding changes the relay has not acknowledged.
    pub pending: usize,
    /// Request body bytes sent.
    pub bytes_sent: u64,
    /// Response body bytes received.
    pub bytes_received: u64,
    /// Raw change bytes uploaded (what `bytes_sent` compares against).
    pub change_bytes_sent: u64,
    /// Raw Automerge bytes received, changes and saved documents (what `bytes_received`
    /// compares against).
    pub change_bytes_received: u64,
    /// The device's groups and roles, as the relay records them.
    pub memberships: Vec<Membership>,
    /// Attachments not yet fully uploaded after this sync (resumed next time).
    pub blobs_pending: usize,
}
