//! The dashboard in a real browser: how long headless Chromium takes to render the Now page of a
//! community with 1,000 open requests, and how long after a phone starts its sync a request it
//! raised shows on the open page (the live update: the relay's broadcast, the page's event
//! stream, the list fetched again). Run with `cargo bench --workspace --bench dashboard_browser`
//! (`-- --quick` for 200 requests and fewer rounds); Chromium and chromedriver come from
//! `scripts/browser-deps.sh`. The serving time alone is `server/benches/dashboard`.
//!
//! Render: the page's own Navigation Timing, from the navigation's start to the end of its
//! `load` event (the server's answer included), over repeated visits. Live update: the page
//! records, with a MutationObserver, the moment the new request's text appears; the bench
//! records the moment before the phone's sync starts; both are this machine's clock.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jinlin_core::{NewRequest, RequestKind, Role};
use jinlin_tests::browser::Browser;
use jinlin_tests::{Phone, Relay, admit, tree};
use serde_json::{Value, json};

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(if quick { 200 } else { 1_000 }, if quick { 5 } else { 20 }));
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let p = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "{name}: p50 {:.0} ms, p90 {:.0} ms, max {:.0} ms over {} rounds",
        p(0.5),
        p(0.9),
        ms[ms.len() - 1],
        ms.len()
    );
}

async fn run(requests: usize, rounds: usize) {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let t = tree(&sun).await;
    admit(&sun, &wang, t.b3, Role::Resident).await;
    let started = Instant::now();
    for i in 0..requests {
        let group = if i % 2 == 0 { t.b3 } else { t.b5 };
        sun.raise(NewRequest::new(
            group,
            RequestKind::Errand,
            format!("Errand number {i}"),
        ))
        .expect("raise");
        if i % 100 == 99 {
            sun.sync().await;
        }
    }
    sun.sync().await;
    println!(
        "{requests} open requests raised and synced in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let Some(browser) = Browser::start().await else {
        println!("no Chromium here: run scripts/browser-deps.sh first");
        return;
    };
    let base = format!("{}/dashboard", relay.url());
    browser.goto(&format!("{base}/signin?lang=en")).await;
    let code = browser.text(&browser.wait_for("#pairing-code").await).await;
    sun.client().approve_dashboard(&code).await.expect("the phone approves");
    browser.wait_for("#now-list").await;

    // Render: a fresh navigation each round, timed by the page itself.
    let mut render = Vec::new();
    for _ in 0..rounds {
        browser.goto(&format!("{base}/now")).await;
        browser.wait_for("#now-list").await;
        let timing = browser
            .script_async(
                "const done = arguments[arguments.length - 1];
                 const report = () => {
                   const e = performance.getEntriesByType('navigation')[0];
                   done(e.loadEventEnd - e.startTime);
                 };
                 if (document.readyState === 'complete' && performance.getEntriesByType('navigation')[0].loadEventEnd > 0) {
                   report();
                 } else {
                   addEventListener('load', () => setTimeout(report, 0));
                 }",
                json!([]),
            )
            .await;
        render.push(timing.as_f64().expect("a time"));
    }
    let rows = browser
        .find_all("#now-list li, #now-list tr, #now-list article")
        .await
        .len();
    println!("the Now page lists {rows} entries");
    summary("Now page rendered by Chromium (navigation start to load end)", render);

    // Live update: the open page shows a request a phone raised.
    browser.goto(&format!("{base}/now")).await;
    browser.wait_for("#now-list").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut live = Vec::new();
    for round in 0..rounds {
        let text = format!("Live update {round} at {}", now_ms());
        browser
            .script(
                "window.__seen = null;
                 const want = arguments[0];
                 const look = () => {
                   if (window.__seen === null && document.body.textContent.includes(want)) {
                     window.__seen = Date.now();
                   }
                 };
                 new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });",
                json!([text]),
            )
            .await;
        wang.raise(NewRequest::new(t.b3, RequestKind::Errand, &text))
            .expect("raise");
        let sync_started = now_ms();
        wang.sync().await;
        let deadline = Instant::now() + Duration::from_secs(10);
        let seen = loop {
            if let Value::Number(n) = browser.script("return window.__seen;", json!([])).await {
                break n.as_i64().expect("ms");
            }
            assert!(Instant::now() < deadline, "the request never showed on the open page");
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        live.push((seen - sync_started) as f64);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    summary("live update (phone's sync starts to the text on the open page)", live);
    browser.close().await;
}
