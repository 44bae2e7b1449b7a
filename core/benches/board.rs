//! The needs board on a phone: building the board (the open needs a member may claim) from a
//! store holding 1,000 open needs, as the screen does each time it opens.
//!
//! Run: `cargo bench --workspace --bench board` (add `-- --quick` for fewer repetitions).

use std::time::{Duration, Instant};

use jinlin_core::{Device, GroupKind};
use jinlin_model::docs::need::NewNeed;
use jinlin_model::kinds::NeedSource;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 20 } else { 200 };
    let dir = tempfile::tempdir().expect("dir");
    let device = Device::open(dir.path().join("jinlin.db")).expect("open");
    device
        .set_identity("Ms Sun", Some("1"), Some("office"))
        .expect("identity");
    let community = device
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("community");
    let estate = device
        .create_group("East Estate", GroupKind::Estate, Some(community))
        .expect("estate");
    for b in 1..=10 {
        device
            .create_group(&format!("Building {b}"), GroupKind::Building, Some(estate))
            .expect("building");
    }
    for i in 0..1_000 {
        device
            .post_need(
                community,
                &NewNeed {
                    source: Some(NeedSource::Wish),
                    title: format!("Need number {i}: a grab rail by the bath"),
                    details: "Drill and rail provided; about an hour's work".into(),
                    building: Some(format!("{}", i % 10 + 1)),
                    slots: 1 + (i % 3) as i64,
                    ..NewNeed::default()
                },
            )
            .expect("need");
    }
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let board = device.board(Some(community)).expect("board");
        samples.push(start.elapsed());
        assert_eq!(board.len(), 1_000);
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "board of 1,000 open needs (target < 10 ms)   n={runs}  p50={:.3} ms  p99={:.3} ms  max={:.3} ms",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*samples.last().unwrap_or(&Duration::ZERO))
    );
}
