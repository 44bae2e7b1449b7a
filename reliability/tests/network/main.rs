//! Network faults: phones sync through [`Proxy`], which drops, delays, duplicates, truncates and
//! resets their connections, while they raise, accept, withdraw and comment at random. After a
//! final clean sync every phone shows the same requests, and nothing took effect twice: one
//! sign-up stays one sign-up, one comment stays one comment.
//!
//! 200 seeded sessions by default; `JINLIN_RUNS=2000 cargo test --workspace --test network` for a
//! longer run. A failing session prints its seed; `JINLIN_SEED=<seed> JINLIN_RUNS=1` replays it.

mod registration;
mod resend;

use jinlin_core::net::round;
use std::collections::HashMap;
use std::time::Duration;

use jinlin_core::net::client::{ClientOptions, RelayClient};
use jinlin_core::{DocId, NewRequest, RequestFilter, RequestKind, RequestView, SignupState, Status};
use jinlin_reliability::proxy::Proxy;
use jinlin_tests::{Phone, Relay, community};

/// Client options through a faulty network: one retry, short waits.
fn faulty_options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(3),
        request_timeout: Duration::from_secs(5),
        attempts: 2,
        first_retry: Duration::from_millis(5),
        max_retry: Duration::from_millis(20),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_syncing_through_a_faulty_network_converge_and_nothing_takes_effect_twice() {
    let runs = jinlin_reliability::runs(200);
    let first: u64 = std::env::var("JINLIN_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut totals: HashMap<&'static str, u64> = HashMap::new();
    let (mut actions, mut failed_syncs) = (0usize, 0usize);
    // A few sessions at a time, each with its own relay, proxy and phones.
    let seeds: Vec<u64> = (first..first + runs as u64).collect();
    for batch in seeds.chunks(4) {
        let outcomes = futures_util::future::join_all(batch.iter().map(|&seed| session(seed))).await;
        for outcome in outcomes {
            actions += outcome.actions;
            failed_syncs += outcome.failed_syncs;
            for (kind, n) in outcome.faults {
                *totals.entry(kind).or_default() += n;
            }
        }
    }
    let mut kinds: Vec<_> = totals.into_iter().collect();
    kinds.sort();
    eprintln!(
        "network harness: {runs} sessions, {actions} actions, {failed_syncs} syncs failed under faults; faults: {kinds:?}"
    );
}

struct Outcome {
    actions: usize,
    failed_syncs: usize,
    faults: Vec<(&'static str, u64)>,
}

async fn session(seed: u64) -> Outcome {
    let mut rng = fastrand::Rng::with_seed(seed);
    let relay = Relay::start().await;
    let phones = [
        Phone::registered("Ping", "3", &relay).await,
        Phone::registered("Lan", "3", &relay).await,
        Phone::registered("Hua", "5", &relay).await,
    ];
    let group = community(&phones[0], &[&phones[1], &phones[2]]).await;
    let addr = relay
        .url()
        .trim_start_matches("http://")
        .parse()
        .expect("relay address");
    let proxy = Proxy::start(addr, seed).await.expect("proxy");
    // A fresh client per sync, so every sync opens its own connection and meets its own fault.
    let client_of = |p: &Phone| {
        RelayClient::with_options(&proxy.url(), faulty_options())
            .expect("client")
            .with_token(p.settings().token)
    };

    // Every comment is unique, so each must appear exactly once everywhere in the end.
    let mut comments: Vec<(DocId, String)> = Vec::new();
    let mut requests: Vec<DocId> = Vec::new();
    let mut failed_syncs = 0;
    let steps = 14;
    for step in 0..steps {
        let who = rng.usize(0..phones.len());
        let phone = &phones[who];
        let known: Vec<DocId> = phone
            .list_requests(&RequestFilter::default())
            .expect("list")
            .iter()
            .map(|r| r.id)
            .collect();
        match rng.u8(0..4) {
            0 => {
                let mut r = NewRequest::new(group, RequestKind::Errand, format!("errand {seed}-{step}"));
                r.slots = 1 + rng.i64(0..2);
                requests.push(phone.raise(r).expect("raise"));
            }
            _ if known.is_empty() => {}
            1 => {
                // Refusals (already signed up, request closed) are fine; what counts is the end.
                let _ = phone.accept(known[rng.usize(0..known.len())]);
            }
            2 => {
                let _ = phone.withdraw(known[rng.usize(0..known.len())]);
            }
            _ => {
                let id = known[rng.usize(0..known.len())];
                let text = format!("comment {seed}-{step}");
                if phone.comment(id, &text).is_ok() {
                    comments.push((id, text));
                }
            }
        }
        if rng.bool() && round::sync(&phone.device, &client_of(phone)).await.is_err() {
            failed_syncs += 1;
        }
    }

    // The network heals: two clean rounds bring everyone up to date.
    proxy.set_faulty(false);
    for _ in 0..2 {
        for phone in &phones {
            round::sync(&phone.device, &client_of(phone))
                .await
                .unwrap_or_else(|e| panic!("seed {seed}: a clean sync fails after the faults: {e}"));
        }
    }

    let views: Vec<Vec<RequestView>> = phones
        .iter()
        .map(|p| {
            // The list's order is the phone's own (when it learnt of each request); compare sets.
            let mut list = p.list_requests(&RequestFilter::default()).expect("list");
            list.sort_by_key(|r| r.id.to_string());
            list
        })
        .collect();
    for (phone, view) in phones.iter().zip(&views).skip(1) {
        assert_eq!(
            view, &views[0],
            "seed {seed}: {} and {} disagree after a clean sync",
            phone.name, phones[0].name
        );
    }
    assert_eq!(
        views[0].len(),
        requests.len(),
        "seed {seed}: every raised request arrived"
    );
    for r in &views[0] {
        let mut members: Vec<_> = r.signups.iter().map(|s| s.member_id).collect();
        members.sort();
        members.dedup();
        assert_eq!(
            members.len(),
            r.signups.len(),
            "seed {seed}: someone holds two sign-ups on {}",
            r.id
        );
        let confirmed = r.signups.iter().filter(|s| s.state == SignupState::Confirmed).count();
        assert!(confirmed <= r.slots as usize, "seed {seed}: {} is over-booked", r.id);
        assert_eq!(r.status, Status::Open, "seed {seed}");
    }
    for (id, text) in &comments {
        let r = views[0].iter().find(|r| r.id == *id).expect("commented request");
        let n = r.comments.iter().filter(|c| &c.text == text).count();
        assert_eq!(n, 1, "seed {seed}: comment {text:?} appears {n} times");
    }
    let total_comments: usize = views[0].iter().map(|r| r.comments.len()).sum();
    assert_eq!(
        total_comments,
        comments.len(),
        "seed {seed}: comments appeared from nowhere"
    );

    let faults = proxy.tally().snapshot();
    drop(proxy);
    relay.stop().await;
    Outcome {
        actions: steps,
        failed_syncs,
        faults,
    }
}
