//! Daily check-in benchmark: the relay judging 10,000 paired residents' deadlines at once.
//! Run with `cargo bench --workspace --bench checkin` (`-- --quick` for 1,000).
//!
//! A relay in this process (its clock set by hand) on 127.0.0.1:0 with a fresh data directory.
//! 10,000 residents, each paired with one of 1,000 neighbours (ten residents per neighbour) in a
//! community → building tree; every pairing accepted by both sides, deadline 10:00 with 30 minutes
//! of grace. Every neighbour has a live WebSocket open. Nobody checks in; the relay's clock is
//! then set to 10:30. Measured, to each `checkin_missed` frame arriving on its neighbour's socket,
//! from the moment the clock was set: p50, p99, the last one, and the judging pass itself (one
//! pass, one transaction). Target: every first alert out within 2 s, p99, on 2 cores. The
//! simulated phones share the relay's cores and do as little as a phone can.

#[allow(dead_code)]
#[path = "../relay/device.rs"]
mod device;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use device::BenchDevice;
use futures_util::{StreamExt, stream};
use jinlin_model::checkin::PairedNeighbour;
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::wire::PairingView;
use jinlin_model::protocol::{self, LiveMessage};
use jinlin_model::{GroupKind, ManualClock, Millis};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// 2026-11-23 09:00 in UTC+8.
const MORNING: Millis = 1_795_395_600_000;
const MINUTE: Millis = 60_000;

fn main() -> anyhow::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(if quick { 1_000 } else { 10_000 }))
}

async fn post<T: serde::Serialize, R: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    path: &str,
    body: Option<&T>,
) -> anyhow::Result<R> {
    let mut req = http.post(format!("{url}{path}")).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = req.send().await?;
    if !res.status().is_success() {
        bail!("{path}: {} {}", res.status(), res.text().await.unwrap_or_default());
    }
    Ok(res.json().await?)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

async fn run(residents: usize) -> anyhow::Result<()> {
    let neighbours = (residents / 10).max(1);
    let dir = tempfile::tempdir()?;
    let clock = ManualClock::new(MORNING);
    let mut settings = jinlin_relay::Settings::new(dir.path()).with_clock(Arc::new(clock.clone()));
    settings.limits.rate_limits = false;
    // Every simulated phone comes from 127.0.0.1.
    settings.limits.connections.max_per_address = 4 * neighbours + 256;
    let running = jinlin_relay::spawn("127.0.0.1:0".parse()?, settings).await?;
    let url = running.url();
    let http = reqwest::Client::new();

    let mut staff = BenchDevice::register(&http, &url, "Ms Sun").await?;
    let community = staff.create_group("Lianhua Community")?;
    let building = staff.create_in(GroupKind::Building, "Building 3", Some(community))?;
    staff.sync(true).await?;

    let setup = Instant::now();
    let register = |name: String| {
        let (http, url) = (http.clone(), url.clone());
        async move { BenchDevice::register(&http, &url, &name).await }
    };
    let near: Vec<BenchDevice> = stream::iter((0..neighbours).map(|i| register(format!("N{i}"))))
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let people: Vec<BenchDevice> = stream::iter((0..residents).map(|i| register(format!("R{i}"))))
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let staff_token = staff.token().to_string();
    let pair = |i: usize| {
        let (http, url, token) = (http.clone(), url.clone(), staff_token.clone());
        let person = &people[i];
        let n = &near[i % neighbours];
        async move {
            let new = NewPairing {
                group_id: building,
                person: Some(person.member),
                proxy: None,
                household: None,
                name: format!("R{i}"),
                building: "3".into(),
                unit: Some(format!("{}", 100 + i)),
                neighbours: vec![PairedNeighbour {
                    member: n.member,
                    name: "N".into(),
                    phone: None,
                    language: jinlin_model::sms::SmsLanguage::ZhHans,
                }],
                deadline: "10:00".into(),
                grace_minutes: Some(30),
                wait_minutes: Some(15),
            };
            let v: PairingView = post(&http, &url, &token, "/v1/pairings", Some(&new)).await?;
            let path = format!("/v1/pairings/{}/accept", v.pairing.id);
            let _: PairingView = post::<(), _>(&http, &url, person.token(), &path, None).await?;
            let _: PairingView = post::<(), _>(&http, &url, n.token(), &path, None).await?;
            anyhow::Ok(())
        }
    };
    stream::iter((0..residents).map(pair))
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    println!(
        "setup: {residents} residents paired with {neighbours} neighbours in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    // Every neighbour's live socket.
    let start: Arc<Mutex<Option<Instant>>> = Arc::default();
    let arrivals: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let ws_url = url.replacen("http", "ws", 1) + "/v1/live";
    for n in &near {
        let mut req = ws_url.as_str().into_client_request()?;
        req.headers_mut()
            .insert("Authorization", format!("Bearer {}", n.token()).parse()?);
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await?;
        let (start, arrivals) = (start.clone(), arrivals.clone());
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                let Message::Binary(b) = msg else { continue };
                let at = Instant::now();
                if let Ok(LiveMessage::CheckinMissed { .. }) = protocol::decode::<LiveMessage>(&b)
                    && let Some(t0) = *start.lock().expect("start")
                {
                    arrivals.lock().expect("arrivals").push(at - t0);
                }
            }
        });
    }
    let relay = running.state().relay().clone();
    for _ in 0..500 {
        if near.iter().all(|n| relay.alerts().is_online(n.member)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // 10:30: nobody checked in.
    *start.lock().expect("start") = Some(Instant::now());
    clock.set(MORNING + 90 * MINUTE);
    let judged = {
        let relay = relay.clone();
        tokio::task::spawn_blocking(move || {
            let t = Instant::now();
            relay.run_due_checkins().map(|n| (n, t.elapsed()))
        })
        .await??
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while arrivals.lock().expect("arrivals").len() < residents {
        if Instant::now() > deadline {
            bail!(
                "only {} of {residents} alerts arrived",
                arrivals.lock().expect("arrivals").len()
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut got = arrivals.lock().expect("arrivals").clone();
    got.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "judging pass: {} pairings in {:.0} ms (the timer may have taken part of them: {} here)",
        residents,
        ms(judged.1),
        judged.0
    );
    println!(
        "first alerts on neighbours' sockets, from 10:30: p50 {:.0} ms, p99 {:.0} ms, last {:.0} ms ({} alerts)",
        ms(percentile(&got, 0.5)),
        ms(percentile(&got, 0.99)),
        ms(*got.last().context("alerts")?),
        got.len()
    );
    let p99 = percentile(&got, 0.99);
    println!(
        "target p99 < 2 s: {}",
        if p99 < Duration::from_secs(2) { "met" } else { "NOT met" }
    );
    running.stop().await?;
    Ok(())
}
