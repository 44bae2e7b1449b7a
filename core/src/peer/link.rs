//! A peer link as bytes in and bytes out: the peer session (`jinlin_model::peer::session`) with
//! its framing, over whatever carries bytes between two phones. The TCP transport
//! (`net/peer.rs`) drives it, and so can a shell over Bluetooth LE, Wi-Fi Direct or Multipeer
//! through the bindings. What each frame's checks accept is kept at once
//! (`Device::keep_from_peer`), so a link that breaks keeps what arrived whole; an urgent request
//! new to this phone alerts at once ([`Event::Alerted`] with wave 0).

use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::peer::frame::Frame;
use jinlin_model::peer::session::{Local, PeerError, Report, Session};
use jinlin_model::peer::stream::{self, Reader};

use crate::device::Device;
use crate::device::events::Event;

/// One side of a link with a neighbour's phone.
#[derive(Debug)]
pub struct PeerLink {
    session: Session,
    reader: Reader,
    sent: u64,
    received: u64,
    farewell: Vec<u8>,
}

impl PeerLink {
    /// Opens a link as the side that reached out (`initiator`, syncing `community`, or the first
    /// one this phone has a credential for) or the side that was reached; the bytes to send first
    /// (nothing for the side that was reached).
    pub fn open(device: &Device, initiator: bool, community: Option<DocId>) -> Result<(PeerLink, Vec<u8>)> {
        let local = local(device, community)?;
        let now = device.now();
        let (session, first) = if initiator {
            let (session, hello) = Session::initiate(local, now, challenge()?).map_err(peer_error)?;
            (session, encode(&hello))
        } else {
            (Session::respond(local, now, challenge()?), Vec::new())
        };
        let mut link = PeerLink {
            session,
            reader: Reader::default(),
            sent: 0,
            received: 0,
            farewell: Vec::new(),
        };
        link.sent += first.len() as u64;
        Ok((link, first))
    }

    /// Takes bytes that arrived; the bytes to send back. An error ends the link; the bytes that
    /// tell the peer why (a `bye` with the reason) are then [`PeerLink::farewell`].
    pub fn receive(&mut self, device: &Device, bytes: &[u8]) -> Result<Vec<u8>> {
        self.received += bytes.len() as u64;
        self.reader.push(bytes);
        let mut out = Vec::new();
        while !self.session.is_over() {
            let frame = match self.reader.next_frame() {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(self.ended(Error::Peer(e.to_string()), true)),
            };
            let step = self.session.receive(frame, device);
            let kept = device.keep_from_peer(self.session.take_received())?;
            alert_new(device, &kept);
            match step {
                Ok(frames) => out.extend(encode(&frames)),
                Err(PeerError::Protocol(m)) if m.starts_with("the peer ended") => {
                    return Err(self.ended(Error::Peer(m), false));
                }
                Err(e) => return Err(self.ended(peer_error(e), true)),
            }
        }
        self.sent += out.len() as u64;
        Ok(out)
    }

    /// Whether the session is over (the link may be closed).
    pub fn is_over(&self) -> bool {
        self.session.is_over()
    }

    /// What the session did, with the bytes this link moved.
    pub fn report(&self) -> Report {
        let mut report = self.session.report().clone();
        report.bytes_sent = self.sent;
        report.bytes_received = self.received;
        report
    }

    /// After [`PeerLink::receive`] failed: the bytes that tell the peer why (empty when there is
    /// nothing to tell: the peer ended the link itself).
    pub fn farewell(&mut self) -> Vec<u8> {
        let bye = std::mem::take(&mut self.farewell);
        self.sent += bye.len() as u64;
        bye
    }

    fn ended(&mut self, e: Error, tell: bool) -> Error {
        if tell {
            self.farewell = encode(&[Frame::Bye {
                reason: Some(e.to_string()),
            }]);
        }
        e
    }
}

/// A turn packed, the hello and a `bye` plain (`stream::encode_all`).
fn encode(frames: &[Frame]) -> Vec<u8> {
    stream::encode_all(frames)
}

/// What this phone brings to a session: its key, credentials, the pinned relay key.
fn local(device: &Device, community: Option<DocId>) -> Result<Local> {
    let member = device.identity()?.ok_or(Error::NoIdentity)?.member_id;
    let relay_key = device.pinned_relay_key()?.ok_or_else(|| {
        Error::Peer("this phone has no relay key pinned; register with the relay and sync first".into())
    })?;
    let credentials: Vec<_> = device.credentials()?.into_iter().map(|(_, s)| s).collect();
    if credentials.is_empty() {
        return Err(Error::Peer(
            "this phone holds no credential yet; sync with the relay once first".into(),
        ));
    }
    Ok(Local {
        key: device.peer_key()?,
        member,
        relay_key,
        credentials,
        revoked: device.revoked_peers()?,
        community,
    })
}

fn challenge() -> Result<[u8; 32]> {
    let mut c = [0u8; 32];
    getrandom::fill(&mut c).map_err(|e| Error::InvalidInput(format!("no randomness: {e}")))?;
    Ok(c)
}

fn peer_error(e: PeerError) -> Error {
    match e {
        PeerError::Store(e) => e,
        other => Error::Peer(other.to_string()),
    }
}

/// An urgent request new to this phone, raised by someone else and not declined here, alerts
/// at once, before any relay does (wave 0: from a neighbour's phone); the relay's escalation
/// follows when a phone carries it there.
fn alert_new(device: &Device, new: &[DocId]) {
    for &id in new {
        if let Some(view) = crate::phone::lists::alert_worthy(device, id) {
            device.emit(Event::Alerted {
                id,
                group_id: view.group_id,
                wave: 0,
            });
        }
    }
}
