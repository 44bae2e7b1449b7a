//! Crash safety of the device store: a writer process is SIGKILLed at a random moment, again
//! and again on the same store; after every kill the store opens and every write whose call
//! returned is there.
//!
//! 500 kills by default; `JINLIN_RUNS=5000 cargo test -p jinlin-reliability --test crash` for a
//! longer run.
//!
//! The other harnesses of this binary kill a device in the middle of a sync ([`sync_kill`]) and
//! the relay while devices sync to it ([`relay_kill`]).

mod kill;
mod relay_kill;
mod sync_kill;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use jinlin_core::{Device, DocId, RequestFilter};

#[test]
fn every_acknowledged_write_survives_a_kill_at_a_random_moment() {
    let runs = jinlin_reliability::runs(500);
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("device.db");
    let mut rng = fastrand::Rng::with_seed(7);
    // Everything acknowledged so far: request id -> (its text, if its raise was acknowledged;
    // the acknowledged comments on it). A request written just before a kill but never
    // acknowledged may still be there, and later runs may comment on it.
    let mut acked: HashMap<DocId, (Option<String>, Vec<String>)> = HashMap::new();
    let mut total_acks = 0usize;
    for run in 0..runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-device"))
            .arg(&store)
            .arg(run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut out = String::new();
        // Half the kills land anywhere (even while the store is opening); the other half wait
        // for the first acknowledged write, so they land in the middle of the write loop.
        if run % 2 == 1 {
            stdout.read_line(&mut out).expect("first ack");
        }
        std::thread::sleep(Duration::from_micros(rng.u64(0..40_000)));
        child.kill().expect("SIGKILL");
        stdout.read_to_string(&mut out).expect("read");
        let _ = child.wait();
        for line in out.lines().filter(|l| l.ends_with(|c: char| c.is_ascii_digit())) {
            let mut parts = line.splitn(4, ' ');
            let (Some("ack"), Some(kind), Some(id), Some(text)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let id: DocId = id.parse().expect("id");
            total_acks += 1;
            match kind {
                "raise" => {
                    acked.entry(id).or_default().0 = Some(text.to_string());
                }
                _ => acked.entry(id).or_default().1.push(text.to_string()),
            }
        }

        let device =
            Device::open(&store).unwrap_or_else(|e| panic!("run {run}: the store does not open after a kill: {e}"));
        for (id, (text, comments)) in &acked {
            let view = device
                .request(*id)
                .unwrap_or_else(|e| panic!("run {run}: acknowledged request {id} is gone: {e}"));
            if let Some(text) = text {
                assert_eq!(&view.text, text, "run {run}");
            }
            let have: Vec<&str> = view.comments.iter().map(|c| c.text.as_str()).collect();
            for c in comments {
                assert!(
                    have.contains(&c.as_str()),
                    "run {run}: acknowledged comment {c:?} on {id} is gone"
                );
            }
        }
        let listed = device.list_requests(&RequestFilter::default()).expect("list").len();
        assert!(
            listed >= acked.len(),
            "run {run}: the list shows {listed} requests, {} were acknowledged",
            acked.len()
        );
    }
    assert!(
        total_acks > runs,
        "the harness acknowledged too little to prove anything: {total_acks} writes in {runs} runs"
    );
    eprintln!("crash harness: {runs} kills, {total_acks} acknowledged writes, all present");
}
