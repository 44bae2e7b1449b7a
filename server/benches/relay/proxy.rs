//! A loopback TCP proxy that counts the bytes going each way, so the benchmark can report what
//! really crosses the wire (HTTP framing and headers included), not just body sizes.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Bytes counted so far.
#[derive(Debug, Default)]
pub struct Counts {
    /// Device → relay.
    pub up: AtomicU64,
    /// Relay → device.
    pub down: AtomicU64,
}

impl Counts {
    /// Both counters, then zeroes them.
    pub fn take(&self) -> (u64, u64) {
        (self.up.swap(0, Ordering::SeqCst), self.down.swap(0, Ordering::SeqCst))
    }
}

/// Starts a proxy to `target`; returns its address and its counters.
pub async fn start(target: SocketAddr) -> std::io::Result<(SocketAddr, Arc<Counts>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(target).await else {
                continue;
            };
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            tokio::spawn(pipe(cr, sw, c.clone(), true));
            tokio::spawn(pipe(sr, cw, c.clone(), false));
        }
    });
    Ok((addr, counts))
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    counts: Arc<Counts>,
    up: bool,
) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let counter = if up { &counts.up } else { &counts.down };
        counter.fetch_add(n as u64, Ordering::Relaxed);
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
