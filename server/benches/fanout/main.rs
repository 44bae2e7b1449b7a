//! Urgent-alert benchmark. Run with `scripts/bench-fanout.sh` (it raises the
//! open-files limit, then runs `cargo bench --workspace --bench fanout`; `-- --quick` for a
//! smaller run). The relay is the real `jinlin-relay` binary (release build), a child process on
//! 127.0.0.1:0 with a fresh data directory; the devices run in this process.
//!
//! 1. Fan-out: 1,000 devices in one community, all in the requester's building, each with a live
//!    WebSocket open. A device raises an urgent hospital ride and syncs it; the relay starts the
//!    dispatch and alerts all 1,000 in the first wave. Measured, to the `Alert` frame arriving on
//!    each socket: from the relay accepting the request (the wall-clock moment its commit
//!    returned, which the relay logs as `accepted_unix_us`; same machine, same clock), and from
//!    the sync leaving the requester (upload, dispatch and durable write included).
//!    Target: p99 ≤ 25 ms from acceptance. Rounds are 0.3 s apart (see `run`). The simulated
//!    devices share the relay's two cores, so they do as little as a device can: note the time
//!    a frame arrives, then read only its type and request.
//! 2. 10,000 idle live connections (the 1,000 devices' tokens, ten sockets each, spread over
//!    several 127.0.0.x source addresses), and the relay's resident memory. Target: < 1 GiB.
//!
//! `-- --devices N` alerts N devices instead of 1,000; `-- --instances K` runs K relay instances
//! on one PostgreSQL database (`JINLIN_TEST_DATABASE_URL`: run it under
//! `scripts/with-postgres.sh`), the devices registered and connected round robin over them, the
//! request raised through the first; `-- --postgres` keeps one instance's data there too. With
//! either, or more than 1,000 devices, the idle-connection run is left out.

#[allow(dead_code)]
#[path = "../relay/device.rs"]
mod device;
#[allow(dead_code)]
#[path = "../relay/process.rs"]
mod process;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use device::BenchDevice;
use futures_util::{StreamExt, stream};
use jinlin_model::{DocId, Role};
use process::{RelayProcess, cpu_time};
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn main() -> anyhow::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(quick))
}

/// The relay, and the moments it logged accepting urgent requests and writing their waves.
struct Relay {
    process: RelayProcess,
    accepted: std::sync::mpsc::Receiver<(String, SystemTime)>,
    written: std::sync::mpsc::Receiver<(String, SystemTime)>,
}

impl Relay {
    fn start(database: Option<&str>) -> anyhow::Result<Self> {
        // The relay logs, for each urgent request, the wall-clock moment it committed it. More of
        // its log, to see where time goes: FANOUT_RELAY_LOG=<filter> (printed whole).
        let extra = std::env::var("FANOUT_RELAY_LOG").ok();
        let filter = format!(
            "warn,jinlin_relay::sync=info,jinlin_relay::live=info,{}",
            extra.clone().unwrap_or_default()
        );
        let (process, log) = RelayProcess::start_on(&filter, true, database)?;
        let log = log.context("the relay's log")?;
        let verbose = extra.is_some();
        let (accepted_tx, accepted) = std::sync::mpsc::channel();
        let (written_tx, written) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(log).lines().map_while(Result::ok) {
                if let Some(a) = moment(&line, "accepted_unix_us") {
                    let _ = accepted_tx.send(a);
                } else if let Some(w) = moment(&line, "written_unix_us") {
                    let _ = written_tx.send(w);
                } else if verbose || line.contains("WARN") || line.contains("ERROR") {
                    eprintln!("relay: {line}");
                }
            }
        });
        Ok(Relay {
            process,
            accepted,
            written,
        })
    }

    /// When the relay wrote the last frame of request `id`'s wave (from its log), waiting up
    /// to 5 s.
    fn written(&self, id: DocId) -> anyhow::Result<SystemTime> {
        Self::logged(&self.written, id).context("the relay's wave-written line")
    }

    /// When the relay committed urgent request `id` (from its log), waiting up to 5 s.
    fn accepted(&self, id: DocId) -> anyhow::Result<SystemTime> {
        Self::logged(&self.accepted, id).context("the relay's acceptance line")
    }

    /// The moment logged for request `id` on `lines`, waiting up to 5 s.
    fn logged(lines: &std::sync::mpsc::Receiver<(String, SystemTime)>, id: DocId) -> anyhow::Result<SystemTime> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (request, at) = lines.recv_timeout(left)?;
            if request == id.to_string() {
                return Ok(at);
            }
        }
    }
}

impl std::ops::Deref for Relay {
    type Target = RelayProcess;

    fn deref(&self) -> &RelayProcess {
        &self.process
    }
}

/// `(request, at)` from a relay log line with the wall-clock moment `field` ("urgent request
/// accepted": `accepted_unix_us`; "urgent wave written": `written_unix_us`).
fn moment(line: &str, moment: &str) -> Option<(String, SystemTime)> {
    let field = |name: &str| {
        let at = line.find(&format!(" {name}="))? + name.len() + 2;
        line[at..].split_whitespace().next().map(str::to_string)
    };
    let micros: u64 = field(moment)?.parse().ok()?;
    Some((field("request")?, UNIX_EPOCH + Duration::from_micros(micros)))
}

/// The soft limit on open files of this process (the relay inherits it).
fn open_files_limit() -> u64 {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(1024)
}

/// An alert a socket heard, and when (wall clock, to compare with the relay's log).
#[derive(Debug)]
struct Heard(DocId, SystemTime);

/// What the simulated devices heard. A socket appends to it; the round waits until the count
/// it expects is reached (one wake-up per round, not one per alert).
#[derive(Default)]
struct Ears {
    heard: std::sync::Mutex<Vec<Heard>>,
    expect: std::sync::atomic::AtomicUsize,
    enough: tokio::sync::Notify,
}

impl Ears {
    fn hear(&self, heard: Heard) {
        let mut all = self.heard.lock().unwrap_or_else(|p| p.into_inner());
        all.push(heard);
        if all.len() >= self.expect.load(std::sync::atomic::Ordering::Acquire) {
            self.enough.notify_one();
        }
    }

    /// Waits (up to `within`) until `n` alerts about `request` were heard; returns when each was.
    async fn wait_for(&self, request: DocId, n: usize, within: Duration) -> anyhow::Result<Vec<SystemTime>> {
        let deadline = tokio::time::Instant::now() + within;
        let mut times = Vec::with_capacity(n);
        loop {
            {
                let mut all = self.heard.lock().unwrap_or_else(|p| p.into_inner());
                times.extend(all.drain(..).filter(|h| h.0 == request).map(|h| h.1));
                if times.len() >= n {
                    return Ok(times);
                }
                self.expect.store(n - times.len(), std::sync::atomic::Ordering::Release);
            }
            tokio::time::timeout_at(deadline, self.enough.notified())
                .await
                .with_context(|| format!("{} of {n} alerts within {within:?}", times.len()))?;
        }
    }
}

/// The part of a live frame the load generator looks at. Reading only this (and skipping the
/// rest) keeps the simulated phones, which share the relay's cores, cheap; a phone reads the
/// whole frame on its own processor.
#[derive(serde::Deserialize)]
struct Peek {
    #[serde(rename = "type")]
    kind: String,
    alert: Option<PeekAlert>,
}

#[derive(serde::Deserialize)]
struct PeekAlert {
    request: DocId,
}

/// The request an `Alert` frame is about (none for other frames).
fn alerted_about(frame: &[u8]) -> Option<DocId> {
    let peek: Peek = ciborium::from_reader(frame).ok()?;
    (peek.kind == "alert").then_some(peek.alert?.request)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// The value after `--name` on the command line.
fn arg(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1)?.parse().ok()
}

async fn run(quick: bool) -> anyhow::Result<()> {
    let (mut devices_n, mut idle_n, mut rounds) = if quick { (200, 2_000, 3) } else { (1_000, 10_000, 20) };
    let instances = arg("--instances").unwrap_or(1).max(1);
    let on_postgres = instances > 1 || std::env::args().any(|a| a == "--postgres");
    if let Some(n) = arg("--devices") {
        devices_n = n;
    }
    if on_postgres || devices_n > 1_000 {
        idle_n = devices_n;
    }
    // More rounds (to profile the relay during them, say): FANOUT_ROUNDS=N.
    if let Some(n) = std::env::var("FANOUT_ROUNDS").ok().and_then(|n| n.parse().ok()) {
        rounds = n;
    }
    let limit = open_files_limit();
    if limit < (idle_n as u64 + 200) {
        bail!("the open-files limit is {limit}; run through scripts/bench-fanout.sh, which raises it");
    }
    let database = if on_postgres {
        let server = std::env::var("JINLIN_TEST_DATABASE_URL")
            .context("several instances need PostgreSQL: run under scripts/with-postgres.sh")?;
        let schema = format!("fanout_{}", std::process::id());
        let server = jinlin_relay::DatabaseUrl::new(server);
        Some(tokio::task::spawn_blocking(move || server.create_schema(&schema)).await??)
    } else {
        None
    };
    let mut relays = Vec::new();
    for _ in 0..instances {
        relays.push(Relay::start(database.as_ref().map(|d| d.as_str()))?);
    }
    let relay = &relays[0];
    let addrs: Vec<SocketAddr> = relays.iter().map(|r| r.addr).collect();
    let url = format!("http://{}", relay.addr);
    let http = reqwest::Client::new();
    println!(
        "# Urgent alert benchmarks{}: {devices_n} devices, {instances} relay instance{} on {}",
        if quick { " (quick)" } else { "" },
        if instances == 1 { "" } else { "s" },
        if on_postgres { "PostgreSQL" } else { "SQLite" }
    );

    // A community of `devices_n` members, all living in building 3.
    let started = Instant::now();
    let mut staff = BenchDevice::register(&http, &url, "Staff").await?;
    let group = staff.create_group("Lianhua Community")?;
    staff.sync(true).await?;
    // An invite admits at most 1,000: one per thousand devices.
    let mut codes = Vec::new();
    for _ in 0..devices_n.div_ceil(1_000) {
        codes.push(staff.invite(group, Role::Volunteer, 1_000).await?);
    }
    let devices: Vec<BenchDevice> = stream::iter(0..devices_n)
        .map(|i| {
            let (http, url, code) = (
                http.clone(),
                format!("http://{}", addrs[i % addrs.len()]),
                codes[i / 1_000].clone(),
            );
            async move {
                let d = BenchDevice::register(&http, &url, &format!("Neighbour {i}")).await?;
                d.redeem_at(&code, Some("3")).await?;
                anyhow::Ok(d)
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    println!(
        "\nset-up: {devices_n} devices registered and joined in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Every device online.
    let ears = Arc::new(Ears::default());
    let tokens: Vec<String> = devices.iter().map(|d| d.token().to_string()).collect();
    let opened = connect_all(&addrs, &tokens, devices_n, 0, Some(ears.clone())).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss: f64 = relays.iter().map(|r| r.memory().0).sum();
    println!("relay resident memory with {opened} live sockets: {rss:.1} MiB");
    let relays_cpu = || relays.iter().map(|r| r.cpu()).sum::<Duration>();

    let mut all = Vec::new();
    let mut from_accept = Vec::new();
    let mut last = Vec::new();
    let mut rounds_seen = Vec::new();
    let mut written = Vec::new();
    for round in 0..rounds {
        // Each round starts once the one before has settled: its delivery receipts are written
        // in one batch once they stop coming (`RECEIPTS_QUIET` after the last). (Urgent
        // requests in one community come minutes apart; back to back, one round's receipts
        // would land in the next one's fan-out.)
        tokio::time::sleep(jinlin_relay::alerts::RECEIPTS_QUIET * 12).await;
        let ride = staff.raise_urgent(group, &format!("Round {round}: please drive me to hospital"), "3")?;
        let (relay_cpu, own_cpu, db_cpu) = (relays_cpu(), cpu_time(std::process::id()), process::postgres_cpu());
        let sent = SystemTime::now();
        staff.exchange(false).await?;
        let alerts_at = ears.wait_for(ride, devices_n, Duration::from_secs(20)).await?;
        // Threads that ended are not counted, so a later sum may be smaller.
        let cpu = (
            relays_cpu().saturating_sub(relay_cpu),
            cpu_time(std::process::id()).saturating_sub(own_cpu),
            process::postgres_cpu().saturating_sub(db_cpu),
        );
        let accepted = relay.accepted(ride)?;
        // The relay's own share: its last frame of the wave written (the first instance's share,
        // with several).
        let wrote = relay.written(ride)?.duration_since(accepted).unwrap_or_default();
        written.push(wrote);
        let mut latest = Duration::ZERO;
        let mut first_from_accept = Duration::MAX;
        let mut last_from_accept = Duration::ZERO;
        for at in alerts_at {
            let l = at.duration_since(sent).unwrap_or_default();
            all.push(l);
            let a = at.duration_since(accepted).unwrap_or_default();
            from_accept.push(a);
            first_from_accept = first_from_accept.min(a);
            last_from_accept = last_from_accept.max(a);
            latest = latest.max(l);
        }
        last.push(latest);
        rounds_seen.push(format!(
            "round {round}: sync sent → accepted {:.1} ms, then first alert {:.1} ms, last written {:.1} ms, last heard {:.1} ms; CPU: relay {:.1} ms, devices {:.1} ms, database {:.1} ms",
            accepted.duration_since(sent).unwrap_or_default().as_secs_f64() * 1e3,
            first_from_accept.as_secs_f64() * 1e3,
            wrote.as_secs_f64() * 1e3,
            last_from_accept.as_secs_f64() * 1e3,
            cpu.0.as_secs_f64() * 1e3,
            cpu.1.as_secs_f64() * 1e3,
            cpu.2.as_secs_f64() * 1e3,
        ));
    }
    println!();
    for r in &rounds_seen {
        println!("{r}");
    }
    all.sort();
    from_accept.sort();
    last.sort();
    written.sort();
    println!("\n## Fan-out: an urgent request alerting {devices_n} live devices at once, {rounds} rounds\n");
    println!("| measure | p50 | p99 | max |");
    println!("|---|---|---|---|");
    println!(
        "| sync sent → `Alert` frame on a device ({} samples) | {:.1} ms | {:.1} ms | {:.1} ms |",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        percentile(&all, 1.0)
    );
    println!(
        "| relay accepted (its commit of the request) → `Alert` frame | {:.1} ms | {:.1} ms | {:.1} ms |",
        percentile(&from_accept, 0.5),
        percentile(&from_accept, 0.99),
        percentile(&from_accept, 1.0)
    );
    println!(
        "| relay accepted → the relay's last `Alert` frame written ({} rounds, from its log) | {:.1} ms | {:.1} ms | {:.1} ms |",
        written.len(),
        percentile(&written, 0.5),
        percentile(&written, 0.99),
        percentile(&written, 1.0)
    );
    println!(
        "| sync sent → frame on the last of {devices_n} devices | {:.1} ms | {:.1} ms | {:.1} ms |",
        percentile(&last, 0.5),
        percentile(&last, 0.99),
        percentile(&last, 1.0)
    );
    let (rss, hwm) = relay.memory();
    println!("\nrelay resident memory after the fan-out rounds: {rss:.1} MiB (peak {hwm:.1} MiB)");
    if idle_n <= opened {
        return Ok(());
    }

    // Idle connections on top, up to `idle_n` in all.
    let started = Instant::now();
    let more = connect_all(&addrs, &tokens, idle_n - opened, opened, None).await?;
    let total = opened + more;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss, hwm) = relay.memory();
    println!("\n## Idle live connections\n");
    println!("| live connections | relay resident memory | peak | opened in |");
    println!("|---|---|---|---|");
    println!(
        "| {total} | {rss:.1} MiB | {hwm:.1} MiB | {:.1} s |",
        started.elapsed().as_secs_f64()
    );
    println!("\nper connection: {:.1} KiB", rss * 1024.0 / total as f64);
    Ok(())
}

/// Opens `n` live sockets (tokens used in turn, each to the relay instance its device registered
/// with, source addresses 127.0.0.1–4 in turn); with `alerts`, each reports the `Alert` frames
/// it receives. Returns how many opened.
async fn connect_all(
    relays: &[SocketAddr],
    tokens: &[String],
    n: usize,
    offset: usize,
    alerts: Option<Arc<Ears>>,
) -> anyhow::Result<usize> {
    let results = stream::iter(0..n)
        .map(|i| {
            let device = (offset + i) % tokens.len();
            let token = tokens[device].clone();
            let relay = relays[device % relays.len()];
            let url = format!("ws://{relay}/v1/live");
            let alerts = alerts.clone();
            let source = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1 + ((offset + i) % 4) as u8));
            async move {
                let socket = TcpSocket::new_v4()?;
                socket.bind(SocketAddr::new(source, 0))?;
                let stream = socket.connect(relay).await?;
                stream.set_nodelay(true)?;
                let mut req = url.as_str().into_client_request()?;
                req.headers_mut()
                    .insert("Authorization", format!("Bearer {token}").parse()?);
                // A phone's live socket settings: 8 KiB read chunks, no write buffer (the
                // phone's own are `socket_config` in the core's `net::live`).
                let phone_socket = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
                    .read_buffer_size(8 * 1024)
                    .write_buffer_size(0);
                let (mut ws, _) = tokio_tungstenite::client_async_with_config(req, stream, Some(phone_socket)).await?;
                tokio::spawn(async move {
                    while let Some(Ok(msg)) = ws.next().await {
                        let (Some(ears), Message::Binary(b)) = (&alerts, &msg) else {
                            continue;
                        };
                        let at = SystemTime::now();
                        if let Some(request) = alerted_about(b) {
                            ears.hear(Heard(request, at));
                        }
                    }
                });
                anyhow::Ok(())
            }
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await;
    let opened = results.iter().filter(|r| r.is_ok()).count();
    if let Some(Err(e)) = results.into_iter().find(|r| r.is_err()) {
        bail!("only {opened} of {n} live sockets opened: {e:#}");
    }
    Ok(opened)
}
