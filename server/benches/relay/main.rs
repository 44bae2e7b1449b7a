//! Relay benchmarks. Run with `cargo bench --workspace --bench relay` (`-- --quick` for a
//! shorter run). The relay is the real `jinlin-relay` binary (release build), started as a child
//! process on 127.0.0.1:0 with a fresh data directory; the devices run in this process.
//!
//! 1. Reconnect after offline: 200 changes over 50 documents. Round trips, and bytes on the
//!    wire (counted by a TCP proxy: HTTP framing and headers included) against the raw change
//!    bytes. Targets: at most 2 round trips, at most 1.3× the raw bytes.
//! 2. Sync throughput with 100 devices in one community: busy (each sync uploads a change and
//!    receives everyone else's) and idle (nothing new).
//! 3. Live fan-out: one change reaching 100 open live sockets.
//! 4. The relay's resident memory (VmRSS and VmHWM of its process) at each stage.
//!
//! With `-- --engines` it runs instead the busy sync throughput side by side on SQLite (one
//! instance), PostgreSQL (one instance) and PostgreSQL (three instances on one database, the
//! devices spread over them), with 100 and 1,000 devices, the CPU the relay processes and
//! the database server used, and how many changes one sync of the store's log made durable
//! (the group flush, `server/src/durable.rs`). It needs a PostgreSQL server in
//! `JINLIN_TEST_DATABASE_URL`, durable as a district runs it:
//! `JINLIN_POSTGRES_DURABLE=1 scripts/with-postgres.sh cargo bench --workspace --bench relay -- --engines`.

mod device;
#[allow(dead_code)]
mod process;
mod proxy;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use device::{BenchDevice, Moved};
use futures_util::StreamExt;
use jinlin_model::protocol::{self, LiveMessage};
use jinlin_model::{DocId, Role};
use process::RelayProcess;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const DOCS: usize = 50;
const CHANGES: usize = 200;
const DEVICES: usize = 100;

const COMMENTS: &[&str] = &[
    "On my way, about 10 minutes",
    "Bought the medicine, bringing it up now",
    "The lift is out, I will take the stairs",
    "Done, thank you!",
    "Can someone else take this one? I am stuck at work",
];

fn main() -> anyhow::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    if std::env::args().any(|a| a == "--engines") {
        return rt.block_on(engines(quick));
    }
    rt.block_on(run(quick))
}

/// Busy sync throughput on each engine and number of instances, side by side.
async fn engines(quick: bool) -> anyhow::Result<()> {
    let server = std::env::var("JINLIN_TEST_DATABASE_URL")
        .context("--engines needs a PostgreSQL server: run it under scripts/with-postgres.sh")?;
    let secs = if quick { 3 } else { 10 };
    let http = reqwest::Client::new();
    println!("# Sync throughput by store{}", if quick { " (quick)" } else { "" });
    println!(
        "\nEach device keeps one sync in flight, each sync uploads one comment and receives the others' since its last; {secs} s per run.\n"
    );
    println!(
        "| store | relay instances | devices | syncs/s | changes stored/s | changes delivered/s | sync p50 / p99 | relay CPU | database CPU | devices' CPU | writer lock held (per instance) | changes stored per log sync | checked before the writer's turn |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for n in [DEVICES, 10 * DEVICES] {
        for (store, instances) in [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 3)] {
            let database = if store == "PostgreSQL" {
                let server = jinlin_relay::DatabaseUrl::new(server.clone());
                let schema = format!("bench_{}_{}_{}", n, instances, std::process::id());
                Some(tokio::task::spawn_blocking(move || server.create_schema(&schema)).await??)
            } else {
                None
            };
            let mut relays = Vec::new();
            for _ in 0..instances {
                relays.push(RelayProcess::start_on("warn", false, database.as_ref().map(|d| d.as_str()))?.0);
            }
            let urls: Vec<String> = relays.iter().map(|r| format!("http://{}", r.addr)).collect();
            let (_staff, devices, docs) = community_on(&http, &urls, n).await?;
            let relay_cpu = || relays.iter().map(|r| r.cpu()).sum::<Duration>();
            let own = || process::cpu_time(std::process::id());
            let (cpu, db, mine) = (relay_cpu(), process::postgres_cpu(), own());
            let held = writer_held(&http, &urls).await?;
            let log_syncs = counter(&http, &urls, "jinlin_log_syncs_total").await?;
            let kept = counter(&http, &urls, "jinlin_upload_prechecks_kept_total").await?;
            let (_, run) = syncs(devices, &docs, Duration::from_secs(secs), true).await?;
            let held = writer_held(&http, &urls).await?.saturating_sub(held);
            let log_syncs = counter(&http, &urls, "jinlin_log_syncs_total")
                .await?
                .saturating_sub(log_syncs);
            let kept = counter(&http, &urls, "jinlin_upload_prechecks_kept_total")
                .await?
                .saturating_sub(kept);
            let (cpu, db, mine) = (
                relay_cpu().saturating_sub(cpu),
                process::postgres_cpu().saturating_sub(db),
                own().saturating_sub(mine),
            );
            println!(
                "| {store} | {instances} | {n} | {:.0} | {:.0} | {:.0} | {:.1} / {:.1} ms | {:.2} cores | {} | {:.2} cores | {:.0}% | {:.1} | {:.0}% |",
                run.syncs as f64 / run.secs,
                run.up as f64 / run.secs,
                run.down as f64 / run.secs,
                percentile(&run.latencies, 0.5),
                percentile(&run.latencies, 0.99),
                cpu.as_secs_f64() / run.secs,
                if database.is_some() {
                    format!("{:.2} cores", db.as_secs_f64() / run.secs)
                } else {
                    "(in the relay)".into()
                },
                mine.as_secs_f64() / run.secs,
                held.as_secs_f64() / run.secs / instances as f64 * 100.0,
                run.up as f64 / log_syncs.max(1) as f64,
                kept as f64 / run.up.max(1) as f64 * 100.0
            );
        }
    }
    Ok(())
}

async fn run(quick: bool) -> anyhow::Result<()> {
    let (relay, _) = RelayProcess::start("warn", false)?;
    let url = format!("http://{}", relay.addr);
    let http = reqwest::Client::new();
    println!("# Relay benchmarks{}", if quick { " (quick)" } else { "" });
    let (rss, _) = relay.memory();
    println!("\nrelay resident memory at start: {rss:.1} MiB");

    reconnect(&http, relay.addr).await?;
    let (rss, hwm) = relay.memory();
    println!("\nrelay resident memory after the reconnect runs: {rss:.1} MiB (peak {hwm:.1} MiB)");

    let secs = if quick { 3 } else { 15 };
    let (staff, devices, docs) = community(&http, &url, DEVICES).await?;
    let (rss, hwm) = relay.memory();
    println!("\nrelay resident memory with {DEVICES} devices registered and synced: {rss:.1} MiB (peak {hwm:.1} MiB)");
    let devices = throughput(&http, &url, devices, &docs, Duration::from_secs(secs)).await?;
    let (rss, hwm) = relay.memory();
    println!("\nrelay resident memory after the throughput runs: {rss:.1} MiB (peak {hwm:.1} MiB)");

    fanout(&url, staff, &devices, &docs, if quick { 10 } else { 50 }).await?;
    let (rss, hwm) = relay.memory();
    println!("\nrelay resident memory with {DEVICES} live sockets open: {rss:.1} MiB (peak {hwm:.1} MiB)");
    Ok(())
}

fn text(i: usize) -> String {
    format!("{} ({i})", COMMENTS[i % COMMENTS.len()])
}

fn report(what: &str, moved: Moved, wire: (u64, u64)) {
    let raw = (moved.raw_up + moved.raw_down) as f64;
    let wire_total = (wire.0 + wire.1) as f64;
    println!(
        "| {what} | {} | {} up / {} down | {} B | {} B ({} up, {} down) | {:.2}× |",
        moved.round_trips,
        moved.changes_up,
        moved.changes_down,
        raw as u64,
        wire_total as u64,
        wire.0,
        wire.1,
        wire_total / raw
    );
}

/// Reconnect after offline: 200 changes over 50 documents, three ways.
async fn reconnect(http: &reqwest::Client, relay: SocketAddr) -> anyhow::Result<()> {
    let (proxy, counts) = proxy::start(relay).await?;
    let url = format!("http://{proxy}");
    let mut staff = BenchDevice::register(http, &url, "Staff").await?;
    let group = staff.create_group("Lianhua Community")?;
    let docs = (0..DOCS)
        .map(|i| {
            staff.raise(
                group,
                &format!("Request {i}: groceries and medicine for the 12th floor"),
            )
        })
        .collect::<anyhow::Result<Vec<DocId>>>()?;
    staff.sync(true).await?;
    let mut member = BenchDevice::register(http, &url, "Volunteer").await?;
    member.redeem(&staff.invite(group, Role::Volunteer, 1).await?).await?;
    member.sync(true).await?;
    staff.sync(true).await?;

    let offline = |device: &mut BenchDevice| -> anyhow::Result<()> {
        for i in 0..CHANGES {
            device.comment(docs[i % DOCS], &text(i))?;
        }
        Ok(())
    };
    println!("\n## Reconnect after offline ({CHANGES} changes over {DOCS} documents)\n");
    println!("| case | round trips | changes | raw change bytes | bytes on the wire | wire / raw |");
    println!("|---|---|---|---|---|---|");

    offline(&mut member)?;
    counts.take();
    let m = member.sync(true).await?;
    report("device made 200 changes offline, sends them", m, counts.take());

    offline(&mut staff)?;
    staff.sync(true).await?;
    counts.take();
    let m = member.sync(true).await?;
    report(
        "others made 200 changes meanwhile, device receives them",
        m,
        counts.take(),
    );

    offline(&mut member)?;
    offline(&mut staff)?;
    staff.sync(true).await?;
    counts.take();
    let m = member.sync(true).await?;
    report("both: 200 sent and 200 received", m, counts.take());
    if m.round_trips > 2 {
        bail!("reconnect took {} round trips", m.round_trips);
    }
    Ok(())
}

/// A community with `n` members and 50 requests, everyone synced.
async fn community(
    http: &reqwest::Client,
    url: &str,
    n: usize,
) -> anyhow::Result<(BenchDevice, Vec<BenchDevice>, Vec<DocId>)> {
    community_on(http, &[url.to_string()], n).await
}

/// The same, with staff on the first relay instance of `urls` and the members spread over them.
async fn community_on(
    http: &reqwest::Client,
    urls: &[String],
    n: usize,
) -> anyhow::Result<(BenchDevice, Vec<BenchDevice>, Vec<DocId>)> {
    let started = Instant::now();
    let url = urls.first().context("a relay")?;
    let mut staff = BenchDevice::register(http, url, "Staff").await?;
    let group = staff.create_group("Lianhua Community")?;
    let docs = (0..DOCS)
        .map(|i| staff.raise(group, &format!("Request {i}: a ride to the clinic")))
        .collect::<anyhow::Result<Vec<DocId>>>()?;
    staff.sync(true).await?;
    let code = staff.invite(group, Role::Volunteer, n as u32).await?;
    let mut devices = Vec::with_capacity(n);
    for i in 0..n {
        let mut d = BenchDevice::register(http, &urls[i % urls.len()], &format!("Volunteer {i}")).await?;
        d.redeem(&code).await?;
        d.sync(true).await?;
        devices.push(d);
    }
    staff.sync(true).await?;
    eprintln!(
        "set-up: {n} devices registered, joined and synced in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok((staff, devices, docs))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Every device syncs in a loop for `duration`, each with one sync in flight at a time.
async fn throughput(
    http: &reqwest::Client,
    url: &str,
    devices: Vec<BenchDevice>,
    docs: &[DocId],
    duration: Duration,
) -> anyhow::Result<Vec<BenchDevice>> {
    println!(
        "\n## Sync throughput, {} devices in one community, {} s per run\n",
        devices.len(),
        duration.as_secs()
    );
    println!("| run | syncs/s | changes stored/s | changes delivered/s | sync latency p50 / p99 | writer lock held |");
    println!("|---|---|---|---|---|---|");
    let mut devices = devices;
    for busy in [true, false] {
        let held = writer_held(http, &[url.to_string()]).await?;
        let (back, run) = syncs(devices, docs, duration, busy).await?;
        let held = writer_held(http, &[url.to_string()]).await?.saturating_sub(held);
        devices = back;
        println!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.1} / {:.1} ms | {:.0}% |",
            if busy {
                "busy: each sync sends 1 change and receives the others'"
            } else {
                "idle: nothing new"
            },
            run.syncs as f64 / run.secs,
            run.up as f64 / run.secs,
            run.down as f64 / run.secs,
            percentile(&run.latencies, 0.5),
            percentile(&run.latencies, 0.99),
            held.as_secs_f64() / run.secs * 100.0
        );
    }
    Ok(devices)
}

/// The time the relays' writer locks were held so far, added up (`GET /metrics`).
async fn writer_held(http: &reqwest::Client, urls: &[String]) -> anyhow::Result<Duration> {
    Ok(Duration::from_micros(
        counter(http, urls, "jinlin_writer_held_microseconds_total").await?,
    ))
}

/// A counter of the relays' `/metrics`, added up over the instances.
async fn counter(http: &reqwest::Client, urls: &[String], name: &str) -> anyhow::Result<u64> {
    let mut sum = 0u64;
    for url in urls {
        let text = http.get(format!("{url}/metrics")).send().await?.text().await?;
        sum += text
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .with_context(|| format!("no {name} in /metrics"))?
            .trim()
            .parse::<u64>()?;
    }
    Ok(sum)
}

/// What a run of syncs did.
struct Run {
    syncs: usize,
    up: usize,
    down: usize,
    /// Sorted.
    latencies: Vec<Duration>,
    secs: f64,
}

/// Every device syncs in a loop for `duration`, each with one sync in flight at a time; `busy`,
/// each sync first makes one comment.
async fn syncs(
    devices: Vec<BenchDevice>,
    docs: &[DocId],
    duration: Duration,
    busy: bool,
) -> anyhow::Result<(Vec<BenchDevice>, Run)> {
    let docs = Arc::new(docs.to_vec());
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, mut d) in devices.into_iter().enumerate() {
        let docs = docs.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut up, mut down) = (0usize, 0usize);
            let mut n = i;
            while Instant::now() < deadline {
                if busy {
                    n += 7;
                    d.comment(docs[n % docs.len()], &text(n))?;
                }
                let t = Instant::now();
                let (_, m) = d.exchange(false).await?;
                latencies.push(t.elapsed());
                up += m.changes_up;
                down += m.changes_down;
            }
            anyhow::Ok((d, latencies, up, down))
        }));
    }
    let mut run = Run {
        syncs: 0,
        up: 0,
        down: 0,
        latencies: Vec::new(),
        secs: 0.0,
    };
    let mut devices = Vec::new();
    for t in tasks {
        let (d, l, u, dn) = t.await??;
        devices.push(d);
        run.latencies.extend(l);
        run.up += u;
        run.down += dn;
    }
    run.secs = started.elapsed().as_secs_f64();
    run.syncs = run.latencies.len();
    run.latencies.sort();
    Ok((devices, run))
}

/// One change reaching every open live socket: time from the sync being sent to the frame's
/// arrival on the last socket.
async fn fanout(
    url: &str,
    mut staff: BenchDevice,
    devices: &[BenchDevice],
    docs: &[DocId],
    rounds: usize,
) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Instant>();
    let ws_url = format!("{}/v1/live", url.replace("http://", "ws://"));
    for d in devices {
        let mut req = ws_url.as_str().into_client_request()?;
        req.headers_mut()
            .insert("Authorization", format!("Bearer {}", d.token()).parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(req).await?;
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = socket.next().await {
                if let Message::Binary(b) = msg
                    && let Ok(LiveMessage::Changes { .. }) = protocol::decode::<LiveMessage>(&b)
                    && tx.send(Instant::now()).is_err()
                {
                    break;
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut last = Vec::new();
    let mut all = Vec::new();
    for i in 0..rounds {
        staff.comment(docs[i % docs.len()], &text(i))?;
        let sent = Instant::now();
        staff.exchange(false).await?;
        let mut latest = Duration::ZERO;
        for _ in 0..devices.len() {
            let at = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .context("a live frame within 10 s")?
                .context("sockets open")?;
            let l = at.saturating_duration_since(sent);
            all.push(l);
            latest = latest.max(l);
        }
        last.push(latest);
    }
    last.sort();
    all.sort();
    println!(
        "\n## Live fan-out: one change to {} open sockets, {rounds} rounds\n",
        devices.len()
    );
    println!("| measure | p50 | max |");
    println!("|---|---|---|");
    println!(
        "| sync sent → frame on a socket | {:.1} ms | {:.1} ms |",
        percentile(&all, 0.5),
        percentile(&all, 1.0)
    );
    println!(
        "| sync sent → frame on the last of {} sockets | {:.1} ms | {:.1} ms |",
        devices.len(),
        percentile(&last, 0.5),
        percentile(&last, 1.0)
    );
    Ok(())
}
