//! Two phones in the basement: each holds the same 50 requests, and 200 changes were made on each
//! while they were apart (4 per request: a sign-up, two comments, a withdrawal). They sync with
//! each other over loopback TCP, no relay. Measures round trips (a turn each way), bytes on the
//! wire against the raw change bytes they carry (signatures included in the wire), and time.
//!
//! Run: `cargo bench --workspace --bench peer` (add `-- --quick` for one repetition, `-- --reps
//! N` for N). Round trips are the most any repetition took (a bloom filter's false positive can
//! cost one).
//! Targets: at most 3 round trips; wire bytes at most 1.3× the raw change bytes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jinlin_core::net::peer;
use jinlin_core::{DocId, NewRequest, RequestKind, Role};
use jinlin_model::peer::session::Report;
use jinlin_tests::{Phone, Relay, admit, tree};
use tokio::net::TcpListener;

const DOCS: usize = 50;
const CHANGES_PER_DOC: usize = 4;

/// Four realistic changes to one request by `phone`.
fn work(phone: &Phone, id: DocId, who: &str) {
    phone.accept(id).expect("accept");
    phone
        .comment(id, &format!("{who}: on my way, ten minutes"))
        .expect("comment");
    phone
        .comment(id, &format!("{who}: parked at the east gate"))
        .expect("comment");
    phone.withdraw(id).expect("withdraw");
}

async fn run() -> (Report, Duration) {
    let relay = Relay::start().await;
    let office = Phone::registered("Sun", "1", &relay).await;
    let hood = tree(&office).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    admit(&office, &chen, hood.b3, Role::Volunteer).await;
    let zhou = Phone::registered("Zhou", "3", &relay).await;
    admit(&office, &zhou, hood.b3, Role::Volunteer).await;
    let ids: Vec<DocId> = (0..DOCS)
        .map(|i| {
            office
                .raise(NewRequest::new(
                    hood.b3,
                    RequestKind::Errand,
                    format!("Errand {i}: medicine from the pharmacy"),
                ))
                .expect("raise")
        })
        .collect();
    office.sync().await;
    chen.sync().await;
    zhou.sync().await;
    relay.stop().await;

    for id in &ids {
        work(&chen, *id, "Chen");
        work(&zhou, *id, "Zhou");
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let serving = tokio::spawn(peer::serve(Arc::clone(&zhou.device), listener, |_| {}));
    let start = Instant::now();
    let report = peer::connect(&chen.device, &addr, None).await.expect("peer sync");
    let took = start.elapsed();
    serving.abort();
    assert_eq!(report.received_changes, DOCS * CHANGES_PER_DOC, "{report:?}");
    assert_eq!(report.sent_changes, DOCS * CHANGES_PER_DOC, "{report:?}");
    (report, took)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let args: Vec<String> = std::env::args().collect();
    let asked = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let reps = asked.unwrap_or(if quick { 1 } else { 5 });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "peer sync over loopback TCP: {DOCS} requests, {} changes made apart on each phone\n",
        DOCS * CHANGES_PER_DOC
    );
    let mut times = Vec::new();
    let mut trips = Vec::new();
    let mut last = None;
    for _ in 0..reps {
        let (report, took) = runtime.block_on(run());
        times.push(took);
        trips.push(report.turns);
        last = Some(report);
    }
    times.sort();
    // Every repetition's round trips: the largest is the one held to the target.
    let most = trips.iter().copied().max().unwrap_or(0);
    let Some(r) = last else { return };
    let wire = r.bytes_sent + r.bytes_received;
    let raw = r.change_bytes_sent + r.change_bytes_received;
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>10} {:>7} {:>9}",
        "trips", "sent B", "raw up B", "recv B", "raw dn B", "ratio", "p50 ms"
    );
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>10} {:>6.2}× {:>9.1}",
        most,
        r.bytes_sent,
        r.change_bytes_sent,
        r.bytes_received,
        r.change_bytes_received,
        wire as f64 / raw.max(1) as f64,
        times[times.len() / 2].as_secs_f64() * 1000.0,
    );
    println!("\nround trips of each repetition: {trips:?}; bytes of the last");
}
