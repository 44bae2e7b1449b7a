//! Core store benchmarks: raise and accept latency, listing 1,000 open requests, and the cold
//! open of a store holding 5,000 requests with its resident memory.
//!
//! Run: `cargo bench -p jinlin-core --bench store` (add `-- --quick` for a smaller run).
//! The cold open runs in a fresh child process so its memory figure is the store's alone.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use jinlin_core::{Device, GroupKind, NewRequest, RequestFilter, RequestKind, Status};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<40} n={:<6} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap_or(&Duration::ZERO)),
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn request(group: jinlin_core::DocId, i: usize) -> NewRequest {
    let mut r = NewRequest::new(
        group,
        RequestKind::ALL[i % RequestKind::ALL.len()],
        format!("Request number {i}: please help"),
    );
    r.urgent = i.is_multiple_of(7);
    r.place.building = Some(format!("{}", i % 20));
    r
}

fn cold_open(path: &Path) {
    let start = Instant::now();
    let device = Device::open(path).expect("open");
    let opened = start.elapsed();
    let list = device
        .list_requests(&RequestFilter {
            group: None,
            status: Some(Status::Open),
        })
        .expect("list");
    let listed = start.elapsed();
    let (rss, hwm) = rss_kib();
    println!(
        "cold open of {} requests: open {:.1} ms, open + list all open {:.1} ms; resident {:.1} MiB (peak {:.1} MiB)",
        list.len(),
        ms(opened),
        ms(listed),
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--cold-open") {
        cold_open(Path::new(&args[i + 1]));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (n_latency, n_store) = if quick { (200, 1000) } else { (1000, 5000) };
    let dir = tempfile::tempdir().expect("tmp");

    // Raise and accept latency on a store that already holds requests.
    let requester = Device::open(dir.path().join("requester.db")).expect("open");
    requester.set_identity("Requester", Some("3"), Some("101")).expect("id");
    let group = requester
        .create_group("Bench Community", GroupKind::Community, None)
        .expect("group");
    let mut raise = Vec::with_capacity(n_latency);
    let mut ids = Vec::with_capacity(n_latency);
    for i in 0..n_latency {
        let t = Instant::now();
        ids.push(requester.raise(request(group, i)).expect("raise"));
        raise.push(t.elapsed());
    }
    summary("raise (durable write)", raise);
    let mut accept = Vec::with_capacity(n_latency);
    // The requester's own device accepts: same code path as a volunteer's, on a store of
    // `n_latency` requests.
    for id in &ids {
        let t = Instant::now();
        requester.accept(*id).expect("accept");
        accept.push(t.elapsed());
    }
    summary("accept (durable write)", accept);

    // Listing 1,000 open requests.
    let lister = Device::open(dir.path().join("list.db")).expect("open");
    lister.set_identity("Lister", Some("3"), None).expect("id");
    let g = lister
        .create_group("Bench Community", GroupKind::Community, None)
        .expect("group");
    for i in 0..1000 {
        lister.raise(request(g, i)).expect("raise");
    }
    let filter = RequestFilter {
        group: Some(g),
        status: Some(Status::Open),
    };
    assert_eq!(lister.list_requests(&filter).expect("list").len(), 1000);
    let samples = (0..if quick { 20 } else { 100 })
        .map(|_| {
            let t = Instant::now();
            let list = lister.list_requests(&filter).expect("list");
            assert_eq!(list.len(), 1000);
            t.elapsed()
        })
        .collect();
    summary("list 1,000 open requests", samples);

    // Cold open of a large store, in a fresh process.
    let big = dir.path().join("big.db");
    {
        let d = Device::open(&big).expect("open");
        d.set_identity("Big", Some("3"), None).expect("id");
        let g = d
            .create_group("Bench Community", GroupKind::Community, None)
            .expect("group");
        for i in 0..n_store {
            d.raise(request(g, i)).expect("raise");
        }
    }
    let exe = std::env::current_exe().expect("exe");
    for _ in 0..3 {
        let out = Command::new(&exe).arg("--cold-open").arg(&big).output().expect("child");
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
}
