//! Peer-to-peer sync over TCP on a local network: carries a [`PeerLink`] (the peer session as
//! bytes in and bytes out, `peer/link.rs`) over a TCP stream, or any async stream that reads and
//! writes (a test's in-memory pipe). A peer silent for [`SILENCE`] is given up on.

use std::sync::Arc;
use std::time::Duration;

use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::peer::session::Report;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::device::Device;
use crate::peer::link::PeerLink;

/// Longest silence from a peer before the link is given up on.
pub const SILENCE: Duration = Duration::from_secs(30);
/// Time allowed to reach a peer.
pub const CONNECT: Duration = Duration::from_secs(5);

async fn send<S: AsyncWrite + Unpin>(stream: &mut S, bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    let broke = |e: std::io::Error| Error::Peer(format!("the link broke: {e}"));
    stream.write_all(bytes).await.map_err(broke)?;
    stream.flush().await.map_err(broke)
}

/// Runs one session over `stream`, as the side that opened it (`initiator`, syncing
/// `community`, or the first one this phone has a credential for) or the side that accepted it.
pub async fn run<S: AsyncRead + AsyncWrite + Unpin>(
    device: &Device,
    mut stream: S,
    initiator: bool,
    community: Option<DocId>,
) -> Result<Report> {
    let (mut link, first) = PeerLink::open(device, initiator, community)?;
    send(&mut stream, &first).await?;
    let mut buf = vec![0u8; 64 * 1024];
    while !link.is_over() {
        let n = match tokio::time::timeout(SILENCE, stream.read(&mut buf)).await {
            Err(_) => return Err(Error::Peer("the neighbour's phone went silent".into())),
            Ok(Err(e)) => return Err(Error::Peer(format!("the link broke: {e}"))),
            Ok(Ok(0)) => return Err(Error::Peer("the neighbour's phone closed the link".into())),
            Ok(Ok(n)) => n,
        };
        match link.receive(device, &buf[..n]) {
            Ok(out) => send(&mut stream, &out).await?,
            Err(e) => {
                let _ = send(&mut stream, &link.farewell()).await;
                return Err(e);
            }
        }
    }
    let _ = stream.shutdown().await;
    Ok(link.report())
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

/// Serves neighbours' phones on `listener` until the task is dropped: each connection is a
/// session of its own, beside the others (a silent one holds up no one; they write this phone's
/// store one transaction at a time); `done` hears how each ended.
pub async fn serve(device: Arc<Device>, listener: TcpListener, done: impl Fn(Result<Report>) + Send + Sync + 'static) {
    let done = Arc::new(done);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (device, done) = (Arc::clone(&device), Arc::clone(&done));
        tokio::spawn(async move {
            let outcome = run(&device, stream, false, None).await;
            done(outcome);
        });
    }
}
