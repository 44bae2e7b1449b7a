//! Listing 1,000 requests through the ffi API from Rust: the figure the Kotlin benchmark
//! (`scripts/bench-mobile.sh`) is compared with. It times `JinlinClient::list` (the call a shell
//! makes, including the hop to the library's runtime and the mapping into records) and, for
//! reference, the core's `Device::list_requests` underneath.
//!
//! `cargo bench --workspace --bench ffi_list`

use std::time::{Duration, Instant};

use jinlin_core::RequestFilter as CoreFilter;
use jinlin_ffi::JinlinClient;
use jinlin_ffi::kinds::{GroupKind, RequestKind};
use jinlin_ffi::views::{NewRequest, RequestFilter};

const REQUESTS: usize = 1_000;
const RUNS: usize = 30;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    for _ in 0..5 {
        std::hint::black_box(f());
    }
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let caller = tokio::runtime::Builder::new_current_thread().build()?;
    let client = JinlinClient::new(
        dir.path().join("bench.db").display().to_string(),
        "http://127.0.0.1:9".into(),
    )?;
    caller.block_on(client.set_identity("Resident".into(), Some("3".into()), Some("1202".into())))?;
    let group = caller.block_on(client.create_group("Riverside Estate".into(), GroupKind::Estate, None))?;
    for i in 0..REQUESTS {
        caller.block_on(client.raise(NewRequest {
            group_id: group.id.clone(),
            kind: RequestKind::Errand,
            urgent: i % 10 == 0,
            text: format!("Errand number {i}: medicine from the pharmacy"),
            slots: 1,
            on_behalf_of: None,
            building: None,
            unit: None,
            lat: None,
            lon: None,
        }))?;
    }

    let via_ffi = time(|| caller.block_on(client.list(RequestFilter::default())).map(|l| l.len()));
    let listed = caller.block_on(client.list(RequestFilter::default()))?.len();
    assert_eq!(listed, REQUESTS);
    let device = client.device().clone();
    let core = time(|| device.list_requests(&CoreFilter::default()).map(|l| l.len()));

    println!("list {REQUESTS} requests, median of {RUNS}:");
    println!("  JinlinClient::list from Rust: {:.2} ms", via_ffi.as_secs_f64() * 1e3);
    println!("  Device::list_requests (core): {:.2} ms", core.as_secs_f64() * 1e3);
    Ok(())
}
