//! The relay's accept loop: the router over hyper, with the limits a server anyone can reach
//! needs. A registered phone is untrusted and a stranger needs no token to open a socket, so:
//!
//! - **Open connections are capped** ([`ConnectionLimits::max_connections`], and never more than
//!   the process's file-descriptor limit allows, less a reserve for the database and logs). A
//!   connection past the cap is answered `503` with `Retry-After` and closed at once, instead of
//!   the relay running out of file descriptors (when `/healthz` would stop answering).
//! - **Connections per client address are capped** ([`ConnectionLimits::max_per_address`]): one
//!   machine cannot take them all. A community centre's phones behind one address fit well
//!   within it. A trusted reverse proxy ([`crate::client::TrustedProxies`]) carries everyone's
//!   connections, so it is held only to the overall cap.
//! - **A client that sends nothing is dropped**: its first byte must arrive within
//!   [`ConnectionLimits::first_byte_timeout`].
//! - **Request headers must arrive whole** within [`ConnectionLimits::header_timeout`], also
//!   between requests on a kept-alive connection, so headers sent a byte at a time do not hold a
//!   connection open.
//!
//! The live channel's own limits (message and frame size, sockets per device) are in `live.rs`.
//! Everything else is as `axum::serve` does it: HTTP/1.1 and HTTP/2, upgrades for the live
//! channel, the client's address as `ConnectInfo`, graceful shutdown.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use crate::client::TrustedProxies;

/// File descriptors kept back from the connection cap: the database, its log, the listener,
/// outgoing push connections.
pub const RESERVED_FDS: usize = 64;

/// Limits on connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections in all.
    pub max_connections: usize,
    /// Open connections from one client address.
    pub max_per_address: usize,
    /// How long a new connection may stay silent.
    pub first_byte_timeout: Duration,
    /// How long a request's headers may take to arrive, also while a kept-alive connection
    /// waits for its next request.
    pub header_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 16_384,
            max_per_address: 512,
            first_byte_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(15),
        }
    }
}

impl ConnectionLimits {
    /// The cap that holds on this machine: the configured one, or fewer if the process may not
    /// open that many files.
    pub fn effective_max(&self) -> usize {
        match open_files_limit() {
            Some(limit) => self.max_connections.min(limit.saturating_sub(RESERVED_FDS).max(1)),
            None => self.max_connections,
        }
    }
}

/// The process's soft limit on open files, where the platform has one.
fn open_files_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let (soft, _) = rlimit::Resource::NOFILE.get().ok()?;
        Some(usize::try_from(soft).unwrap_or(usize::MAX))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Raises the process's soft limit on open files to its hard limit (where allowed), so the
/// connection cap, not the operating system, decides when to refuse. Returns the limit now.
pub fn raise_open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        rlimit::increase_nofile_limit(u64::MAX).ok()
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Who is connected now.
#[derive(Debug, Default)]
struct Count {
    open: AtomicUsize,
    by_address: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; counted out when the last holder drops it. The connection task holds
/// it, and so does a live channel the connection was upgraded to (every request carries it as an
/// extension), so a live socket counts until it closes.
#[derive(Debug)]
pub struct Admitted {
    count: Arc<Count>,
    ip: IpAddr,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.count.open.fetch_sub(1, Ordering::Relaxed);
        let mut by = self.count.by_address.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = by.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                by.remove(&self.ip);
            }
        }
    }
}

impl Count {
    fn admit(self: &Arc<Self>, ip: IpAddr, max: usize, per_address: usize) -> Result<Admitted, &'static str> {
        let mut by = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        if self.open.load(Ordering::Relaxed) >= max {
            return Err("the relay has as many connections as it can take; try again shortly");
        }
        let mine = by.entry(ip).or_insert(0);
        if *mine >= per_address && per_address != usize::MAX {
            return Err("too many connections from this address; close some and try again");
        }
        *mine += 1;
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(Admitted {
            count: self.clone(),
            ip,
        })
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish (at most
/// `drain`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    proxies: Arc<TrustedProxies>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> std::io::Result<()> {
    let max = limits.effective_max();
    tracing::info!(
        max_connections = max,
        per_address = limits.max_per_address,
        "accepting connections"
    );
    let count = Arc::new(Count::default());
    // Connections watch this; it changes once, at shutdown.
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let (tcp, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors or a connection reset while queued: wait a moment
                    // rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        let per_address = if proxies.trusts(addr.ip()) {
            usize::MAX
        } else {
            limits.max_per_address
        };
        match count.admit(addr.ip(), max, per_address) {
            Ok(admitted) => {
                let admitted = Arc::new(admitted);
                let app = app.clone();
                let stop = stop_rx.clone();
                tokio::spawn(connection(tcp, addr, app, limits, stop, admitted));
            }
            Err(why) => {
                tracing::debug!(%addr, why, "connection refused");
                tokio::spawn(refuse(tcp, why));
            }
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Requests under way finish; upgraded live connections were told to close by the relay.
    let deadline = tokio::time::Instant::now() + drain;
    while count.open.load(Ordering::Relaxed) > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Answers a connection past a cap with 503 and closes it, without reading its request.
async fn refuse(mut tcp: TcpStream, why: &str) {
    let body = format!("{{\"error\":\"unavailable\",\"message\":\"{why}\"}}");
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = tcp.write_all(answer.as_bytes()).await;
        let _ = tcp.shutdown().await;
    })
    .await;
}

async fn connection(
    tcp: TcpStream,
    addr: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
    admitted: Arc<Admitted>,
) {
    // A client that connects and sends nothing holds a file descriptor for nothing.
    let mut probe = [0u8; 1];
    match tokio::time::timeout(limits.first_byte_timeout, tcp.peek(&mut probe)).await {
        Ok(Ok(n)) if n > 0 => {}
        _ => return,
    }
    let service = app
        .layer(axum::Extension(ConnectInfo(addr)))
        .layer(axum::Extension(admitted.clone()))
        .map_request(|req: hyper::Request<Incoming>| req.map(axum::body::Body::new));
    let service = TowerToHyperService::new(service);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .enable_connect_protocol()
        .keep_alive_interval(Some(Duration::from_secs(30)))
        .keep_alive_timeout(Duration::from_secs(20));
    let mut conn = pin!(builder.serve_connection_with_upgrades(TokioIo::new(tcp), service));
    let mut draining = *stop.borrow();
    if draining {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::trace!(%addr, error = %e, "connection ended");
                }
                break;
            }
            changed = stop.changed(), if !draining => {
                draining = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
    drop(admitted);
}
