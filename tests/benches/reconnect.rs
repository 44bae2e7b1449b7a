//! Reconnect after offline: a phone that made (or missed) 200 changes over 50 requests comes
//! back online. Measures round trips, body bytes on the wire against the raw change bytes they
//! carry, and how long the sync takes, against a real relay on loopback.
//!
//! Run: `cargo bench --workspace --bench reconnect` (add `-- --quick` for one repetition).
//! Targets: at most 2 round trips; wire bytes at most 1.3× the raw change bytes.

use std::time::{Duration, Instant};

use jinlin_core::sync::SyncReport;
use jinlin_core::{DocId, GroupKind, NewRequest, RequestKind, Role};
use jinlin_tests::{Phone, Relay};

const DOCS: usize = 50;
const CHANGES_PER_DOC: usize = 4;

/// What changed while the phone was offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// The phone made 200 changes.
    Sent,
    /// Its neighbours made 200 changes.
    Missed,
    /// Both: 200 made here and 200 elsewhere, on the same requests.
    Both,
}

impl Case {
    fn label(self) -> &'static str {
        match self {
            Case::Sent => "made 200 changes offline (upload)",
            Case::Missed => "missed 200 changes (download)",
            Case::Both => "made 200 and missed 200 (both ways)",
        }
    }
}

/// Four realistic changes to one request by `phone`: a sign-up, two comments, a withdrawal.
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

async fn run(case: Case) -> (SyncReport, Duration) {
    let relay = Relay::start().await;
    let office = Phone::registered("Sun", "1", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = office
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    office.sync().await;
    let code = office.invite(group, Role::Volunteer).await;
    chen.join(&code).await;
    zhou.join(&code).await;
    let ids: Vec<DocId> = (0..DOCS)
        .map(|i| {
            office
                .raise(NewRequest::new(
                    group,
                    RequestKind::Errand,
                    format!("Errand {i}: medicine from the pharmacy"),
                ))
                .expect("raise")
        })
        .collect();
    office.sync().await;
    chen.sync().await;
    zhou.sync().await;

    // Chen goes offline; what happens meanwhile depends on the case.
    if matches!(case, Case::Sent | Case::Both) {
        for id in &ids {
            work(&chen, *id, "Chen");
        }
    }
    if matches!(case, Case::Missed | Case::Both) {
        for id in &ids {
            work(&zhou, *id, "Zhou");
        }
        zhou.sync().await;
    }
    let start = Instant::now();
    let report = chen.sync().await;
    let took = start.elapsed();
    assert_eq!(report.pending, 0);
    relay.stop().await;
    (report, took)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let reps = if quick { 1 } else { 5 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "reconnect after offline: {DOCS} requests, {} changes per side\n",
        DOCS * CHANGES_PER_DOC
    );
    println!(
        "{:<38} {:>6} {:>10} {:>10} {:>10} {:>10} {:>7} {:>9}",
        "case", "trips", "sent B", "raw up B", "recv B", "raw dn B", "ratio", "p50 ms"
    );
    for case in [Case::Sent, Case::Missed, Case::Both] {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..reps {
            let (report, took) = runtime.block_on(run(case));
            times.push(took);
            last = Some(report);
        }
        times.sort();
        let Some(r) = last else { continue };
        let wire = r.bytes_sent + r.bytes_received;
        let raw = r.change_bytes_sent + r.change_bytes_received;
        println!(
            "{:<38} {:>6} {:>10} {:>10} {:>10} {:>10} {:>6.2}× {:>9.1}",
            case.label(),
            r.round_trips,
            r.bytes_sent,
            r.change_bytes_sent,
            r.bytes_received,
            r.change_bytes_received,
            wire as f64 / raw.max(1) as f64,
            times[times.len() / 2].as_secs_f64() * 1000.0,
        );
    }
}
