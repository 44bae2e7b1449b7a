//! The live channel, `GET /v1/live`: a WebSocket on which the relay pushes, as binary CBOR
//! [`LiveMessage`] frames, every change it stores in a group the device reads, so an online
//! device never polls.
//!
//! After each commit the relay publishes one [`LiveEvent::Changes`] per document on a broadcast
//! channel; every connection forwards those of groups it reads. Its own uploads are not echoed to
//! a device: it receives only what the relay added to them (the sign-up order). A connection
//! that falls behind the broadcast buffer, or whose readable groups change (it joined a group,
//! or a group was created below one it oversees), gets [`LiveMessage::Resync`] and syncs; so do
//! the readers of a batch larger than [`LIVE_FRAME_MAX_BYTES`], which is not carried live.
//!
//! A device revoked while its socket is open ([`LiveEvent::Revoked`]) gets a close frame with
//! code [`CLOSE_REVOKED`] and the socket ends; a connection that fell behind the broadcast (and
//! so may have missed that event) checks the device again.

use jinlin_model::DocKind;
use jinlin_model::refusal::Refusal;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use jinlin_model::protocol::{self, DocChanges, LiveMessage, PROTOCOL_VERSION};
use jinlin_model::{DocId, MemberId};
use serde_bytes::ByteBuf;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::access::{Access, DocRef};
use crate::auth::Authed;
use crate::metrics::Metrics;

/// Batches with more change bytes than this go out as a resync instead of a frame.
pub const LIVE_FRAME_MAX_BYTES: usize = 64 * 1024;

/// Read buffer of a live connection.
pub const LIVE_READ_BUFFER: usize = 4 * 1024;

/// The largest message (and frame) a device may send on the live channel. Devices send nothing
/// but pings and the closing handshake, so a message that grows past this (sent in fragments
/// that never end, say) closes the connection instead of filling the relay's memory.
pub const LIVE_MESSAGE_MAX_BYTES: usize = 4 * 1024;

/// The close code a revoked device's socket is closed with (policy violation).
pub const CLOSE_REVOKED: u16 = 1008;

/// How often the relay pings an idle connection, to notice one that is gone.
pub const PING_EVERY: Duration = Duration::from_secs(30);

/// What the writer tells live connections.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Changes were stored for one document.
    Changes(Arc<DocBatch>),
    /// A member's memberships changed (`None`: the group tree changed, everyone re-checks).
    AccessChanged(Option<MemberId>),
    /// A member's device was revoked: its sockets close at once.
    Revoked(MemberId),
    /// This instance fell so far behind the others sharing its store that it started over:
    /// every connection checks its device and syncs (`cluster.rs`).
    Resync,
}

/// A frame for one member only (an urgent alert, "no longer needed"), handed straight to that
/// member's connections rather than through the broadcast every connection reads.
#[derive(Debug)]
pub struct Direct {
    /// Who.
    pub member: MemberId,
    /// The encoded [`LiveMessage`].
    pub frame: Bytes,
    /// Sending it delivers the alert about this request (a delivery receipt is recorded).
    pub delivers: Option<DocId>,
    /// The urgent wave it belongs to, counting the frames still to be written.
    pub wave: Option<Arc<Wave>>,
}

/// An urgent wave's frames still to be written to live connections. When the last one is, the
/// relay logs the moment (`written_unix_us`, by the wall clock like `accepted_unix_us`): the
/// relay's own share of the fan-out, which the fan-out bench sets beside the moments the
/// devices heard their alerts. A frame whose connection closed first is not waited for.
#[derive(Debug)]
pub struct Wave {
    request: DocId,
    left: AtomicUsize,
}

impl Wave {
    /// A wave of `request`, held open by its sender until [`Wave::one_done`] releases it.
    pub fn new(request: DocId) -> Arc<Self> {
        Arc::new(Wave {
            request,
            left: AtomicUsize::new(1),
        })
    }

    /// `n` more frames of it handed to connections.
    pub fn handed(&self, n: usize) {
        self.left.fetch_add(n, Ordering::AcqRel);
    }

    /// One frame written (or never to be: its connection is gone), or the sender done handing
    /// them out; the last one logs.
    pub fn one_done(&self) {
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            tracing::info!(
                request = %self.request,
                written_unix_us = unix_micros(),
                "urgent wave written to every live connection"
            );
        }
    }
}

/// One change in a [`DocBatch`].
#[derive(Debug, Clone)]
pub struct LiveChange {
    /// The change's bytes.
    pub bytes: Vec<u8>,
    /// Uploaded by the batch's author (not echoed back to them).
    pub by_author: bool,
}

/// Changes stored for one document in one commit.
#[derive(Debug)]
pub struct DocBatch {
    /// The document.
    pub doc_id: DocId,
    /// Its type.
    pub doc_type: DocKind,
    /// Its group.
    pub group_id: DocId,
    /// Feed position of the last change.
    pub cursor: u64,
    /// The device whose call stored them, if any.
    pub author: Option<MemberId>,
    /// The changes, in feed order.
    pub changes: Vec<LiveChange>,
    /// Members whose urgent alert in the same commit carried this whole document: they get no
    /// second copy (see [`DocBatch::carried_in_alerts`]).
    alerted: HashSet<MemberId>,
    frame: OnceLock<Bytes>,
}

impl DocBatch {
    /// A batch.
    pub fn new(
        doc_id: DocId,
        doc_type: DocKind,
        group_id: DocId,
        cursor: u64,
        author: Option<MemberId>,
        changes: Vec<LiveChange>,
    ) -> Self {
        // A large batch is not carried through the broadcast buffer (which keeps the last
        // events in memory); its readers are told to sync instead.
        let size: usize = changes.iter().map(|c| c.bytes.len()).sum();
        let changes = if size > LIVE_FRAME_MAX_BYTES {
            Vec::new()
        } else {
            changes
        };
        DocBatch {
            doc_id,
            doc_type,
            group_id,
            cursor,
            author,
            changes,
            alerted: HashSet::new(),
            frame: OnceLock::new(),
        }
    }

    /// The same batch, not sent to `members`: an alert committed with it already carried them
    /// the whole document (every change in this batch included). Their feed position moves with
    /// the next frame, or the next sync fetches the changes again; nothing is lost, and a wave
    /// of a thousand alerts is not followed by a thousand copies of the same request.
    pub fn carried_in_alerts(mut self, members: HashSet<MemberId>) -> Self {
        self.alerted = members;
        self
    }

    fn encode(&self, changes: Vec<ByteBuf>) -> Bytes {
        Bytes::from(protocol::encode(&LiveMessage::Changes {
            version: PROTOCOL_VERSION,
            cursor: self.cursor,
            doc: DocChanges {
                doc_id: self.doc_id,
                doc_type: self.doc_type,
                group_id: self.group_id,
                changes,
                saved: None,
            },
        }))
    }

    /// The frame `member` receives, if any: everything, or for the author only what others
    /// added. Encoded once for everyone but the author.
    pub fn frame_for(&self, member: MemberId) -> Option<Bytes> {
        if self.alerted.contains(&member) {
            return None;
        }
        if self.changes.is_empty() {
            // Too large to carry (see `new`): everyone but its author syncs to fetch it.
            return (self.author != Some(member)).then(resync);
        }
        if self.author == Some(member) {
            let others: Vec<ByteBuf> = self
                .changes
                .iter()
                .filter(|c| !c.by_author)
                .map(|c| ByteBuf::from(c.bytes.clone()))
                .collect();
            return (!others.is_empty()).then(|| self.encode(others));
        }
        Some(
            self.frame
                .get_or_init(|| self.encode(self.changes.iter().map(|c| ByteBuf::from(c.bytes.clone())).collect()))
                .clone(),
        )
    }
}

/// Counts a connection while it is open.
struct Open<'a>(&'a Metrics);

impl<'a> Open<'a> {
    fn new(m: &'a Metrics) -> Self {
        m.live_connections.inc();
        Open(m)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.live_connections.dec();
    }
}

/// Marks a member reachable over the live channel while a connection is open.
struct Online<'a>(&'a crate::Relay, MemberId, u64);

impl<'a> Online<'a> {
    fn new(relay: &'a crate::Relay, member: MemberId) -> (tokio::sync::mpsc::UnboundedReceiver<Arc<Direct>>, Self) {
        let (id, rx) = relay.alerts().connected(member);
        (rx, Online(relay, member, id))
    }
}

impl Drop for Online<'_> {
    fn drop(&mut self) {
        self.0.alerts().disconnected(self.1, self.2);
    }
}

/// `GET /v1/live`. A device holds at most [`Limits::live_per_device`] live channels at once;
/// one more is answered 429.
///
/// [`Limits::live_per_device`]: crate::Limits::live_per_device
pub async fn handler(
    State(state): State<AppState>,
    Authed(device): Authed,
    slot: Option<axum::Extension<Arc<crate::serve::Admitted>>>,
    ws: WebSocketUpgrade,
) -> Result<Response, crate::AppError> {
    let member = device.member_id;
    if state.relay().alerts().live_count(member) >= state.limits().live_per_device {
        return Err(crate::AppError::TooManyRequests(Refusal::LiveConnections.en()));
    }
    // Devices send only pings, and frames go out at once: small buffers keep an idle
    // connection cheap (tungstenite's defaults are 128 KiB each way).
    Ok(ws
        .read_buffer_size(LIVE_READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(LIVE_MESSAGE_MAX_BYTES)
        .max_frame_size(LIVE_MESSAGE_MAX_BYTES)
        .on_upgrade(move |socket| async move {
            // The connection's slot is held until the live channel closes.
            let _slot = slot;
            serve(state, member, socket).await;
        }))
}

/// Whether `member`'s device has not been revoked (a failed read counts as active: the next
/// event or request checks again).
async fn still_active(state: &AppState, member: MemberId) -> bool {
    match state.blocking(move |r| Ok(r.store().device(member)?)).await {
        Ok(device) => device.is_some_and(|d| d.is_active()),
        Err(e) => {
            tracing::warn!(error = %e, "device could not be re-read");
            true
        }
    }
}

fn revoked_close() -> Message {
    Message::Close(Some(CloseFrame {
        code: CLOSE_REVOKED,
        reason: "this device was revoked".into(),
    }))
}

fn resync() -> Bytes {
    Bytes::from(protocol::encode(&LiveMessage::Resync {
        version: PROTOCOL_VERSION,
    }))
}

#[tracing::instrument(level = "debug", skip_all, fields(member = %member))]
async fn serve(state: AppState, member: MemberId, mut socket: WebSocket) {
    let relay = state.relay().clone();
    let _open = Open::new(&relay.metrics);
    // Subscribe before reading access, so nothing committed in between is missed.
    let mut events = relay.subscribe();
    let mut shutdown = relay.shutdown_signal();
    // What this member may read: the one access policy, re-read when their memberships change.
    let standing = match state.blocking(move |r| Ok(r.standing(member)?)).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "live connection closed: access could not be read");
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let mut access = Access::new(standing, relay.alerts());
    // A revocation committed between authentication and subscribing was not heard: look again.
    if !still_active(&state, member).await {
        let _ = socket.send(revoked_close()).await;
        return;
    }
    tracing::debug!(groups = access.groups().len(), "live connection open");
    let (mut direct, _online) = Online::new(&relay, member);
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        if *shutdown.borrow() {
            let _ = socket.send(Message::Close(None)).await;
            break;
        }
        let mut delivers = None;
        let mut wave = None;
        let frame = tokio::select! {
            // An urgent alert goes before anything else waiting for this connection.
            biased;
            Some(d) = direct.recv() => {
                delivers = d.delivers;
                wave = d.wave.clone();
                d.frame.clone()
            }
            event = events.recv() => match event {
                Ok(LiveEvent::Changes(batch)) => {
                    // First what this member would receive (nothing, for the thousands whose
                    // alert in the same commit carried the request), then whether they may.
                    let Some(frame) = batch.frame_for(member) else {
                        continue;
                    };
                    if !reads(&state, &access, &batch).await {
                        continue;
                    }
                    frame
                }
                Ok(LiveEvent::AccessChanged(who)) => {
                    if who.is_some_and(|w| w != member) {
                        continue;
                    }
                    match state.blocking(move |r| Ok(r.standing(member)?)).await {
                        Ok(now) => {
                            let same = now.groups() == access.groups();
                            access = Access::new(now, relay.alerts());
                            if same {
                                continue;
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "access could not be re-read; asking for a sync"),
                    }
                    relay.metrics.live_resyncs.inc();
                    resync()
                }
                Ok(LiveEvent::Revoked(who)) => {
                    if who != member {
                        continue;
                    }
                    tracing::debug!("device revoked: closing its live connection");
                    let _ = socket.send(revoked_close()).await;
                    break;
                }
                Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    tracing::debug!("live connection fell behind");
                    if !still_active(&state, member).await {
                        let _ = socket.send(revoked_close()).await;
                        break;
                    }
                    relay.metrics.live_resyncs.inc();
                    resync()
                }
                Err(RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                // Pings are answered by the socket itself; devices send nothing else.
                Some(Ok(_)) => continue,
            },
            _ = shutdown.changed() => continue,
            _ = ping.tick() => {
                if socket.send(Message::Ping(Bytes::new())).await.is_err() {
                    break;
                }
                continue;
            }
        };
        let len = frame.len() as u64;
        if socket.send(Message::Binary(frame)).await.is_err() {
            break;
        }
        Metrics::add(&relay.metrics.live_frames, 1);
        Metrics::add(&relay.metrics.live_bytes_out, len);
        if let Some(wave) = wave {
            wave.one_done();
        }
        if let Some(request) = delivers {
            relay.alert_delivered(member, request, "live");
            // A wave alerts many members at once: let their connections send their alerts
            // before this one goes on to the change frames waiting behind its own.
            tokio::task::yield_now().await;
        }
    }
    tracing::debug!("live connection closed");
}

/// The access policy's answer for a live batch. A building leader's household is decided by
/// its building, read from the document only then; if that fails, the frame is left out and the
/// next sync decides.
async fn reads(state: &AppState, access: &Access<'_>, batch: &DocBatch) -> bool {
    struct NeedsBuilding;
    let doc = DocRef {
        id: batch.doc_id,
        kind: batch.doc_type,
        group: batch.group_id,
    };
    match access.may_read(&doc, || Err(NeedsBuilding)) {
        Ok(reads) => reads,
        Err(NeedsBuilding) => {
            let id = batch.doc_id;
            let building = state
                .blocking(move |r| {
                    let mut cache = r.docs();
                    Ok(r.household_building(&mut cache, id)?)
                })
                .await;
            match building {
                Ok(b) => access.may_read(&doc, || Ok::<_, NeedsBuilding>(b)).unwrap_or(false),
                Err(e) => {
                    tracing::warn!(error = %e, "household building not read for a live frame");
                    false
                }
            }
        }
    }
}

/// Microseconds since the Unix epoch by the wall clock (for the log, whatever the relay's clock).
pub(crate) fn unix_micros() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(author: MemberId, sizes: &[(usize, bool)]) -> DocBatch {
        let changes = sizes
            .iter()
            .map(|(n, by_author)| LiveChange {
                bytes: vec![1; *n],
                by_author: *by_author,
            })
            .collect();
        DocBatch::new(
            DocId::random(),
            DocKind::Request,
            DocId::random(),
            9,
            Some(author),
            changes,
        )
    }

    fn decode(frame: Option<Bytes>) -> Option<LiveMessage> {
        frame.map(|f| protocol::decode(&f).expect("frame decodes"))
    }

    #[test]
    fn the_author_gets_only_what_the_relay_added() {
        let author = MemberId::random();
        let b = batch(author, &[(10, true), (20, false)]);
        let Some(LiveMessage::Changes { doc, cursor, .. }) = decode(b.frame_for(author)) else {
            panic!("a frame for the author");
        };
        assert_eq!((doc.changes.len(), doc.changes[0].len(), cursor), (1, 20, 9));
        let Some(LiveMessage::Changes { doc, .. }) = decode(b.frame_for(MemberId::random())) else {
            panic!("a frame for others");
        };
        assert_eq!(doc.changes.len(), 2);
        assert_eq!(decode(batch(author, &[(10, true)]).frame_for(author)), None);
    }

    #[test]
    fn a_batch_too_large_to_carry_live_becomes_a_resync() {
        let author = MemberId::random();
        let b = batch(author, &[(LIVE_FRAME_MAX_BYTES, true), (1, false)]);
        assert!(matches!(
            decode(b.frame_for(MemberId::random())),
            Some(LiveMessage::Resync { .. })
        ));
        assert_eq!(decode(b.frame_for(author)), None);
    }

    #[test]
    fn a_member_whose_alert_carried_the_request_gets_no_second_copy() {
        let (author, alerted, other) = (MemberId::random(), MemberId::random(), MemberId::random());
        let b = batch(author, &[(10, true)]).carried_in_alerts(HashSet::from([alerted]));
        assert_eq!(b.frame_for(alerted), None);
        assert!(matches!(decode(b.frame_for(other)), Some(LiveMessage::Changes { .. })));
    }

    #[test]
    fn a_wave_is_written_once_every_frame_handed_out_is_written_or_its_connection_gone() {
        let wave = Wave::new(DocId::random());
        wave.handed(2);
        wave.one_done(); // one frame written
        wave.one_done(); // the sender done handing out
        assert_eq!(wave.left.load(Ordering::Acquire), 1, "one frame still to write");
        wave.one_done(); // its connection gone
        assert_eq!(wave.left.load(Ordering::Acquire), 0);
    }
}
