//! A fault-injecting TCP proxy on loopback, put between devices and the relay. Each connection
//! it accepts gets one fate, drawn from a seeded generator by the connection's number (so a
//! session with the same seed and the same sequence of connections meets the same faults): it
//! passes cleanly, is dropped before any answer, is delayed, has its first request sent twice
//! (once on a fresh connection whose answer is thrown away, as if an answer was lost and the
//! phone sent again), has its request or its answer cut short, or is reset. A script may also
//! lose an answer the relay gave in full.
//!
//! [`Proxy::scripted`] instead gives the first connections the faults a test names, in order, and
//! lets the rest pass (to lose one particular answer). [`Proxy::set_faulty`] turns faults off for
//! a final clean sync; [`Proxy::tally`] counts what was injected, by kind.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What happens to one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Passes untouched.
    Clean,
    /// Closed before anything reaches the relay.
    Drop,
    /// Every chunk, both ways, waits this long.
    Delay(Duration),
    /// The first request reaches the relay twice; the first answer is lost.
    Duplicate,
    /// Only this many bytes of the request reach the relay, then the connection closes.
    TruncateRequest(usize),
    /// Only this many bytes of the answer reach the device, then the connection closes.
    TruncateResponse(usize),
    /// The request reaches the relay, then the device's side is reset (TCP RST) before any answer.
    Reset,
    /// The request reaches the relay and the relay answers in full, but the answer never
    /// reaches the device: its connection is closed instead.
    LoseAnswer,
}

/// Faults injected so far, by kind.
#[derive(Debug, Default)]
pub struct Tally {
    /// Connections accepted.
    pub connections: AtomicU64,
    /// Passed cleanly.
    pub clean: AtomicU64,
    /// Dropped.
    pub dropped: AtomicU64,
    /// Delayed.
    pub delayed: AtomicU64,
    /// Requests duplicated.
    pub duplicated: AtomicU64,
    /// Requests cut short.
    pub truncated_requests: AtomicU64,
    /// Answers cut short.
    pub truncated_responses: AtomicU64,
    /// Reset.
    pub reset: AtomicU64,
    /// Answers lost after the relay gave them.
    pub lost_answers: AtomicU64,
}

impl Tally {
    fn count(&self, fault: Fault) {
        let counter = match fault {
            Fault::Clean => &self.clean,
            Fault::Drop => &self.dropped,
            Fault::Delay(_) => &self.delayed,
            Fault::Duplicate => &self.duplicated,
            Fault::TruncateRequest(_) => &self.truncated_requests,
            Fault::TruncateResponse(_) => &self.truncated_responses,
            Fault::Reset => &self.reset,
            Fault::LoseAnswer => &self.lost_answers,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts as `(kind, count)` pairs, for reports.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        vec![
            ("connections", get(&self.connections)),
            ("clean", get(&self.clean)),
            ("dropped", get(&self.dropped)),
            ("delayed", get(&self.delayed)),
            ("duplicated", get(&self.duplicated)),
            ("truncated_requests", get(&self.truncated_requests)),
            ("truncated_responses", get(&self.truncated_responses)),
            ("reset", get(&self.reset)),
            ("lost_answers", get(&self.lost_answers)),
        ]
    }
}

/// Draws the fault for connection number `n` of a proxy seeded with `seed`.
pub fn fault_for(seed: u64, n: u64) -> Fault {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(n));
    match rng.u8(0..100) {
        0..40 => Fault::Clean,
        40..50 => Fault::Drop,
        50..62 => Fault::Delay(Duration::from_millis(rng.u64(1..40))),
        62..76 => Fault::Duplicate,
        76..84 => Fault::TruncateRequest(rng.usize(0..600)),
        84..94 => Fault::TruncateResponse(rng.usize(0..400)),
        _ => Fault::Reset,
    }
}

/// How a proxy picks each connection's fate.
#[derive(Debug, Clone)]
enum Plan {
    /// Drawn by [`fault_for`] from the seed.
    Seeded(u64),
    /// The next connections take these faults in order; once they are used up, connections pass
    /// cleanly.
    Scripted(Arc<Mutex<VecDeque<Fault>>>),
}

impl Plan {
    fn fault(&self, n: u64) -> Fault {
        match self {
            Plan::Seeded(seed) => fault_for(*seed, n),
            Plan::Scripted(queue) => queue
                .lock()
                .ok()
                .and_then(|mut q| q.pop_front())
                .unwrap_or(Fault::Clean),
        }
    }
}

/// A running proxy.
#[derive(Debug)]
pub struct Proxy {
    plan: Plan,
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    faulty: Arc<AtomicBool>,
    tally: Arc<Tally>,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`, with faults on.
    pub async fn start(upstream: SocketAddr, seed: u64) -> std::io::Result<Proxy> {
        Self::with_plan(upstream, Plan::Seeded(seed)).await
    }

    /// Like [`Proxy::start`], but the next connections meet `faults`, in order, and later ones
    /// pass cleanly; [`Proxy::script`] queues more.
    pub async fn scripted(upstream: SocketAddr, faults: Vec<Fault>) -> std::io::Result<Proxy> {
        Self::with_plan(upstream, Plan::Scripted(Arc::new(Mutex::new(faults.into())))).await
    }

    /// Queues faults for the next connections of a [`Proxy::scripted`] proxy (a seeded one
    /// ignores them).
    pub fn script(&self, faults: impl IntoIterator<Item = Fault>) {
        if let Plan::Scripted(queue) = &self.plan
            && let Ok(mut q) = queue.lock()
        {
            q.extend(faults);
        }
    }

    async fn with_plan(upstream: SocketAddr, plan: Plan) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let upstream = Arc::new(Mutex::new(upstream));
        let faulty = Arc::new(AtomicBool::new(true));
        let tally = Arc::new(Tally::default());
        let task = tokio::spawn(accept_loop(
            listener,
            Arc::clone(&upstream),
            Arc::clone(&faulty),
            Arc::clone(&tally),
            plan.clone(),
        ));
        Ok(Proxy {
            plan,
            addr,
            upstream,
            faulty,
            tally,
            task,
        })
    }

    /// The URL devices use instead of the relay's.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Turns faults on or off for connections accepted from now on.
    pub fn set_faulty(&self, on: bool) {
        self.faulty.store(on, Ordering::SeqCst);
    }

    /// Points new connections at another relay address (after a restart, say).
    pub fn set_upstream(&self, addr: SocketAddr) {
        if let Ok(mut up) = self.upstream.lock() {
            *up = addr;
        }
    }

    /// What was injected so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(
    listener: TcpListener,
    upstream: Arc<Mutex<SocketAddr>>,
    faulty: Arc<AtomicBool>,
    tally: Arc<Tally>,
    plan: Plan,
) {
    let mut n = 0u64;
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        let fault = if faulty.load(Ordering::SeqCst) {
            plan.fault(n)
        } else {
            Fault::Clean
        };
        n += 1;
        tally.connections.fetch_add(1, Ordering::Relaxed);
        tally.count(fault);
        let to = upstream.lock().map(|a| *a).ok();
        if let Some(to) = to {
            tokio::spawn(async move {
                // A connection that fails is exactly what this proxy is for; nothing to report.
                let _ = serve(client, to, fault).await;
            });
        }
    }
}

async fn serve(mut client: TcpStream, to: SocketAddr, fault: Fault) -> std::io::Result<()> {
    let _ = client.set_nodelay(true);
    match fault {
        Fault::Drop => return Ok(()),
        Fault::Reset => {
            let request = read_request(&mut client).await?;
            let mut server = TcpStream::connect(to).await?;
            server.write_all(&request).await?;
            client.set_zero_linger()?;
            return Ok(());
        }
        Fault::LoseAnswer => {
            let request = read_request(&mut client).await?;
            let mut server = TcpStream::connect(to).await?;
            server.write_all(&request).await?;
            let _ = tokio::time::timeout(Duration::from_secs(5), read_response(&mut server)).await;
            return Ok(());
        }
        Fault::TruncateRequest(n) => {
            let request = read_request(&mut client).await?;
            let mut server = TcpStream::connect(to).await?;
            server.write_all(&request[..n.min(request.len())]).await?;
            return Ok(());
        }
        _ => {}
    }
    let mut server = TcpStream::connect(to).await?;
    let _ = server.set_nodelay(true);
    if fault == Fault::Duplicate {
        let request = read_request(&mut client).await?;
        // The same bytes on a fresh connection first; its answer never reaches the device.
        if let Ok(mut twin) = TcpStream::connect(to).await {
            twin.write_all(&request).await?;
            let _ = tokio::time::timeout(Duration::from_secs(5), read_response(&mut twin)).await;
        }
        server.write_all(&request).await?;
    }
    let (delay, limit) = match fault {
        Fault::Delay(d) => (d, usize::MAX),
        Fault::TruncateResponse(n) => (Duration::ZERO, n),
        _ => (Duration::ZERO, usize::MAX),
    };
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let up = async move {
        let _ = pipe(&mut cr, &mut sw, delay, usize::MAX).await;
        let _ = sw.shutdown().await;
    };
    let down = async move {
        let _ = pipe(&mut sr, &mut cw, delay, limit).await;
        let _ = cw.shutdown().await;
    };
    // Either side ending ends the connection: a cut answer closes it as a dropped link would.
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
    Ok(())
}

async fn pipe(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    delay: Duration,
    mut limit: usize,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    while limit > 0 {
        let n = from.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let n = n.min(limit);
        to.write_all(&buf[..n]).await?;
        limit -= n;
    }
    Ok(())
}

/// Reads one whole HTTP/1.1 request (head and a `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    read_message(stream).await
}

async fn read_response(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    read_message(stream).await
}

async fn read_message(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(head_end) = find(&data, b"\r\n\r\n") {
            let length = content_length(&data[..head_end]).unwrap_or(0);
            if data.len() >= head_end + 4 + length {
                return Ok(data);
            }
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(data);
        }
        data.extend_from_slice(&buf[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> Option<usize> {
    String::from_utf8_lossy(head).lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_meets_the_same_faults() {
        let a: Vec<Fault> = (0..50).map(|n| fault_for(3, n)).collect();
        let b: Vec<Fault> = (0..50).map(|n| fault_for(3, n)).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|f| *f != Fault::Clean));
    }

    #[test]
    fn a_script_names_the_first_faults_and_then_everything_passes() {
        let plan = Plan::Scripted(Arc::new(Mutex::new(
            vec![Fault::Reset, Fault::TruncateResponse(0)].into(),
        )));
        let fates: Vec<Fault> = (0..4).map(|n| plan.fault(n)).collect();
        assert_eq!(
            fates,
            [Fault::Reset, Fault::TruncateResponse(0), Fault::Clean, Fault::Clean]
        );
    }

    #[test]
    fn content_length_is_read_case_insensitively() {
        assert_eq!(content_length(b"POST / HTTP/1.1\r\ncontent-length: 12"), Some(12));
        assert_eq!(content_length(b"HTTP/1.1 200 OK\r\nContent-Length:3"), Some(3));
        assert_eq!(content_length(b"GET / HTTP/1.1"), None);
    }
}
