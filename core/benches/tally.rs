//! The result of a household vote on a phone: a proposal put to 2,000 households, every one of
//! which voted (a quarter of them twice, the later ballot counting), received from the relay into
//! the phone's store like any document; measured: what the phone does to show the result
//! (`Device::tally`: the proposal's query-table row, then the count). Target: < 50 ms. Also
//! measured: reading the document into that row, paid once when the relay's changes arrive.
//!
//! Run: `cargo bench --workspace --bench tally` (add `-- --quick` for fewer runs).

use std::time::{Duration, Instant};

use automerge::AutoCommit;
use jinlin_core::{Device, DocId, DocKind, MemberId};
use jinlin_model::docs::proposal::{self, NewProposal, RollUnit};
use jinlin_model::docs::request::Actor;
use jinlin_model::ids::relay_actor;
use jinlin_model::kinds::{BallotKind, Electorate, Threshold};

const HOUSEHOLDS: usize = 2_000;

fn member(i: usize) -> MemberId {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&(i as u64 + 1).to_be_bytes());
    MemberId::from_bytes(bytes)
}

fn proposal_with_ballots(id: DocId, group: DocId) -> AutoCommit {
    let roll: Vec<RollUnit> = (0..HOUSEHOLDS)
        .map(|i| RollUnit {
            key: format!("household-{i:04}"),
            label: format!("Building {}, {}", i / 100, 100 + i % 100),
            voters: vec![member(i)],
        })
        .collect();
    let new = NewProposal {
        title: "Replace the three lifts".into(),
        text: "Three quotes; the maintenance fund pays.".into(),
        photos: Vec::new(),
        ballot: BallotKind::YesNo,
        options: Vec::new(),
        most: 1,
        electorate: Electorate::Households,
        quorum_pct: 50,
        threshold: Threshold::TwoThirds,
        opens_at: 0,
        closes_at: 1_000_000_000,
        early_close: false,
        secret: false,
    };
    let staff = Actor {
        id: MemberId::from_bytes([0xee; 16]),
        name: "Ms Sun",
    };
    let mut doc = proposal::create(id, group, &new, &roll, staff, 0).expect("proposal");
    doc.commit();
    let mut at = 1_000;
    for round in 0..2 {
        for i in (0..HOUSEHOLDS).filter(|i| round == 0 || i % 4 == 0) {
            at += 1;
            doc.set_actor(member(i).actor());
            proposal::cast(&mut doc, member(i), &[(i % 3) as u32], at).expect("ballot");
            doc.commit();
        }
        doc.set_actor(relay_actor());
        proposal::record_receipts(&mut doc, at).expect("receipts");
        doc.commit();
    }
    doc
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 5 } else { 30 };
    let (id, group) = (DocId::random(), DocId::random());
    let start = Instant::now();
    let mut doc = proposal_with_ballots(id, group);
    let changes = doc.get_changes(&[]);
    println!(
        "built a proposal with {HOUSEHOLDS} households and {} ballots in {:.1} s",
        proposal::read(&doc).expect("read").ballots.len(),
        start.elapsed().as_secs_f64()
    );
    let dir = tempfile::tempdir().expect("dir");
    let device = Device::open(dir.path().join("jinlin.db")).expect("open");
    device
        .apply_remote(id, DocKind::Proposal, group, changes)
        .expect("received");
    let mut samples: Vec<Duration> = Vec::with_capacity(runs);
    let mut tally = None;
    for _ in 0..runs {
        let t = Instant::now();
        tally = Some(device.tally(id).expect("tally"));
        samples.push(t.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut reads: Vec<Duration> = (0..runs.min(10))
        .map(|_| {
            let t = Instant::now();
            proposal::read(&doc).expect("read");
            t.elapsed()
        })
        .collect();
    reads.sort();
    println!(
        "reading the document into its row (on receipt)  n={}  p50={:.2} ms",
        reads.len(),
        ms(reads[reads.len() / 2])
    );
    let tally = tally.expect("a run");
    assert_eq!(tally.voted as usize, HOUSEHOLDS);
    println!(
        "tally of {HOUSEHOLDS} household ballots on a phone   n={runs}  p50={:.2} ms  max={:.2} ms  (target < 50 ms)",
        ms(samples[runs / 2]),
        ms(samples[runs - 1])
    );
}
