//! Dashboard benchmark: the Now page of a community with 1,000 open requests, served by a relay
//! in this process on 127.0.0.1:0 with a fresh data directory. Run with
//! `cargo bench --workspace --bench dashboard` (`-- --quick` for 200 requests and fewer rounds).
//!
//! A member of staff registers, creates the community and raises the requests (uploaded in
//! syncs of 100), then signs a dashboard in the way a browser does: `GET /dashboard/signin` for
//! a code and the pairing cookie, the phone's `POST /v1/dashboard/approve`, and the browser's
//! poll of `/dashboard/signin/status` for the session cookie. Measured: the first `GET
//! /dashboard/now` (every request read from the store), then 50 more (read views kept in
//! memory): p50, p99 and the largest. Target: under 200 ms.

#[allow(dead_code)]
#[path = "../relay/device.rs"]
mod device;

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use device::BenchDevice;
use reqwest::header::{COOKIE, SET_COOKIE};

fn main() -> anyhow::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(if quick { 200 } else { 1_000 }, if quick { 10 } else { 50 }))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// The value of cookie `name` among a response's `Set-Cookie` headers.
fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

async fn run(requests: usize, rounds: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut settings = jinlin_relay::Settings::new(dir.path());
    settings.limits.rate_limits = false;
    let running = jinlin_relay::spawn("127.0.0.1:0".parse()?, settings).await?;
    let url = running.url();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    let mut staff = BenchDevice::register(&http, &url, "Ms Sun").await?;
    let community = staff.create_group("Lianhua Community")?;
    staff.sync(false).await?;
    for batch in 0..requests.div_ceil(100) {
        for i in 0..100.min(requests - batch * 100) {
            staff.raise(community, &format!("Errand {batch}-{i}: groceries from the market"))?;
        }
        staff.sync(false).await?;
    }

    // Sign in as a browser does.
    let page = http.get(format!("{url}/dashboard/signin")).send().await?;
    let pairing = set_cookie(&page, "jinlin_pairing").context("a pairing cookie")?;
    let html = page.text().await?;
    let code = html
        .split("id=\"pairing-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .context("a code on the page")?
        .to_string();
    let approved = http
        .post(format!("{url}/v1/dashboard/approve"))
        .bearer_auth(staff.token())
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await?;
    if !approved.status().is_success() {
        bail!("approve: {}", approved.status());
    }
    let status = http
        .get(format!("{url}/dashboard/signin/status"))
        .header(COOKIE, format!("jinlin_pairing={pairing}"))
        .send()
        .await?;
    let session = set_cookie(&status, "jinlin_session").context("a session cookie")?;

    let now_page = || {
        http.get(format!("{url}/dashboard/now?lang=en"))
            .header(COOKIE, format!("jinlin_session={session}"))
            .send()
    };
    let started = Instant::now();
    let res = now_page().await?;
    if !res.status().is_success() {
        bail!("now page: {}", res.status());
    }
    let body = res.text().await?;
    let cold = started.elapsed();
    let shown = body.matches("<article").count();
    if shown != requests {
        bail!("the page shows {shown} requests, expected {requests}");
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let res = now_page().await?;
        let _ = res.bytes().await?;
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "dashboard now page, {requests} open requests ({} KiB): first {:.1} ms; then p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {rounds}",
        body.len() / 1024,
        cold.as_secs_f64() * 1e3,
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    running.stop().await?;
    Ok(())
}
