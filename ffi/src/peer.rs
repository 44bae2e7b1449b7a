//! Syncing with a neighbour's phone when no relay can be reached, over the shell's own
//! transport (Bluetooth LE, Wi-Fi Direct, Multipeer): a [`PeerLink`] takes the bytes that arrive
//! and gives the bytes to send, until it is over. What it accepts is stored at once and
//! announced to the change listeners like anything received from the relay; an urgent request
//! new to the phone fires the alert listener (wave 0). The next sync carries it to the relay.

use std::sync::{Arc, Mutex};

use jinlin_core::Device;
use jinlin_core::peer::link;

use crate::client::JinlinClient;
use crate::error::JinlinError;

/// What a peer session did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PeerReport {
    /// The neighbour's name, as their credential says.
    pub peer_name: Option<String>,
    /// Changes sent.
    pub sent_changes: u64,
    /// Changes received and kept.
    pub received_changes: u64,
    /// Items that changed here.
    pub received_items: u64,
    /// Items refused from the neighbour, with the reasons.
    pub refused: Vec<String>,
    /// Items the neighbour refused, with the reasons.
    pub refused_by_peer: Vec<String>,
}

/// One side of a link with a neighbour's phone.
#[derive(uniffi::Object)]
pub struct PeerLink {
    device: Arc<Device>,
    inner: Mutex<link::PeerLink>,
    first: Vec<u8>,
}

impl std::fmt::Debug for PeerLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerLink").finish_non_exhaustive()
    }
}

#[uniffi::export]
impl JinlinClient {
    /// Opens a link with a neighbour's phone: `initiator` is the side that reached out (it sends
    /// [`PeerLink::first_bytes`] first). Refused without a credential from the relay (sync once
    /// first).
    pub fn peer_link(&self, initiator: bool) -> Result<Arc<PeerLink>, JinlinError> {
        let device = Arc::clone(self.device());
        let (inner, first) = link::PeerLink::open(&device, initiator, None)?;
        Ok(Arc::new(PeerLink {
            device,
            inner: Mutex::new(inner),
            first,
        }))
    }
}

#[uniffi::export]
impl PeerLink {
    /// The bytes the reaching-out side sends first (empty for the other side).
    pub fn first_bytes(&self) -> Vec<u8> {
        self.first.clone()
    }

    /// Takes bytes that arrived; the bytes to send back. On an error the link is over: send
    /// [`PeerLink::farewell`] if the transport still can, then close it.
    pub fn receive(&self, bytes: Vec<u8>) -> Result<Vec<u8>, JinlinError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        Ok(inner.receive(&self.device, &bytes)?)
    }

    /// After [`PeerLink::receive`] failed: the bytes telling the neighbour why (empty if there is
    /// nothing to tell).
    pub fn farewell(&self) -> Vec<u8> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).farewell()
    }

    /// Whether the session is over (close the transport).
    pub fn is_over(&self) -> bool {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).is_over()
    }

    /// What the session did so far.
    pub fn report(&self) -> PeerReport {
        let r = self.inner.lock().unwrap_or_else(|p| p.into_inner()).report();
        PeerReport {
            peer_name: r.peer_name,
            sent_changes: r.sent_changes as u64,
            received_changes: r.received_changes as u64,
            received_items: r.received_docs as u64,
            refused: r.refused.into_iter().map(|d| d.reason).collect(),
            refused_by_peer: r.refused_by_peer.into_iter().map(|d| d.reason).collect(),
        }
    }
}
