//! Peer-to-peer sync over a byte stream: drives `jinlin_model::peer::session` over anything
//! async that reads and writes (TCP on a local network here; a test's in-memory pipe; the
//! shells carry the same frames over Bluetooth or Multipeer through the bindings). What each
//! frame's checks accept is kept at once (`Device::keep_from_peer`), so a link that breaks keeps
//! what arrived whole; an urgent request new to this phone alerts at once ([`Event::Alerted`]
//! with wave 0). A peer silent for [`SILENCE`] is given up on.

use std::sync::Arc;
use std::time::Duration;

use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::peer::frame::{self, Frame, Reader};
use jinlin_model::peer::session::{Local, PeerError, Report, Session};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::device::Device;
use crate::device::events::Event;

/// Longest silence from a peer before the link is given up on.
pub const SILENCE: Duration = Duration::from_secs(30);
/// Time allowed to reach a peer.
pub const CONNECT: Duration = Duration::from_secs(5);

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

async fn send<S: AsyncWrite + Unpin>(stream: &mut S, frames: &[Frame]) -> Result<()> {
    let bytes: Vec<u8> = frames.iter().flat_map(frame::encode).collect();
    stream
        .write_all(&bytes)
        .await
        .map_err(|e| Error::Peer(format!("the link broke: {e}")))?;
    stream
        .flush()
        .await
        .map_err(|e| Error::Peer(format!("the link broke: {e}")))
}

/// Runs one session over `stream`, as the side that opened it (`initiator`, syncing
/// `community`, or the first one this phone has a credential for) or the side that accepted it.
pub async fn run<S: AsyncRead + AsyncWrite + Unpin>(
    device: &Device,
    mut stream: S,
    initiator: bool,
    community: Option<DocId>,
) -> Result<Report> {
    let local = local(device, community)?;
    let now = device.now();
    let mut session = if initiator {
        let (session, hello) = Session::initiate(local, now, challenge()?).map_err(peer_error)?;
        send(&mut stream, &hello).await?;
        session
    } else {
        Session::respond(local, now, challenge()?)
    };
    let mut reader = Reader::default();
    let mut buf = vec![0u8; 64 * 1024];
    while !session.is_over() {
        let n = match tokio::time::timeout(SILENCE, stream.read(&mut buf)).await {
            Err(_) => return Err(Error::Peer("the neighbour's phone went silent".into())),
            Ok(Err(e)) => return Err(Error::Peer(format!("the link broke: {e}"))),
            Ok(Ok(0)) => return Err(Error::Peer("the neighbour's phone closed the link".into())),
            Ok(Ok(n)) => n,
        };
        reader.push(&buf[..n]);
        loop {
            let frame = match reader.next_frame() {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    let _ = send(&mut stream, &[bye(&e.to_string())]).await;
                    return Err(Error::Peer(e.to_string()));
                }
            };
            let out = session.receive(frame, device);
            alert_new(device, &device.keep_from_peer(session.take_received())?);
            match out {
                Ok(frames) => send(&mut stream, &frames).await?,
                Err(e) => {
                    let e = peer_error(e);
                    if !matches!(e, Error::Peer(ref m) if m.starts_with("the peer ended")) {
                        let _ = send(&mut stream, &[bye(&e.to_string())]).await;
                    }
                    return Err(e);
                }
            }
            if session.is_over() {
                break;
            }
        }
    }
    let _ = stream.shutdown().await;
    Ok(session.report().clone())
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

fn bye(reason: &str) -> Frame {
    Frame::Bye {
        reason: Some(reason.to_string()),
    }
}

/// Syncs with the phone listening at `addr` (`HOST:PORT`).
pub async fn connect(device: &Device, addr: &str, community: Option<DocId>) -> Result<Report> {
    let stream = match tokio::time::timeout(CONNECT, TcpStream::connect(addr)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => return Err(Error::Peer(format!("cannot reach {addr}: {e}"))),
        Err(_) => return Err(Error::Peer(format!("cannot reach {addr}: no answer"))),
    };
    let _ = stream.set_nodelay(true);
    run(device, stream, true, community).await
}

/// Serves neighbours' phones on `listener` until the task is dropped: one session per
/// connection, one at a time (each reads and writes this phone's store); `done` hears how each
/// ended.
pub async fn serve(device: Arc<Device>, listener: TcpListener, done: impl Fn(Result<Report>) + Send + Sync + 'static) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let outcome = run(&device, stream, false, None).await;
        done(outcome);
    }
}
