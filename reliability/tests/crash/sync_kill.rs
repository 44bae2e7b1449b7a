//! Crash safety of sync on the device: a device process that writes and syncs in a loop is
//! SIGKILLed at a random moment, again and again on the same store. After every kill its store
//! opens, every write whose call returned is there, and everything a sync acknowledged is on the
//! relay (a neighbour's phone receives it); in the end both phones agree.

use jinlin_core::net::round;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use jinlin_core::net::client::{self, RelayClient};
use jinlin_core::{Device, DocId, GroupKind, RequestFilter, Role};
use jinlin_tests::{Phone, Relay, test_options};

use crate::kill::run_and_kill;

/// What was acknowledged: request id -> (text if its raise was acknowledged, comments).
type Acked = HashMap<DocId, (Option<String>, Vec<String>)>;

fn record(acked: &mut Acked, kind: &str, id: DocId, text: &str) {
    match kind {
        "raise" => acked.entry(id).or_default().0 = Some(text.to_string()),
        _ => acked.entry(id).or_default().1.push(text.to_string()),
    }
}

fn assert_holds(device: &Device, acked: &Acked, what: &str) {
    for (id, (text, comments)) in acked {
        let view = device
            .request(*id)
            .unwrap_or_else(|e| panic!("{what}: acknowledged request {id} is missing: {e}"));
        if let Some(text) = text {
            assert_eq!(&view.text, text, "{what}");
        }
        for c in comments {
            assert!(
                view.comments.iter().any(|have| &have.text == c),
                "{what}: acknowledged comment {c:?} is missing"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_killed_mid_sync_keeps_its_writes_and_converges() {
    let runs = jinlin_reliability::runs(100);
    let relay = Relay::start().await;
    let home = tempfile::tempdir().expect("device dir");
    let store: PathBuf = home.path().join("jinlin.db");
    let neighbour = Phone::new("Lan", "3");
    let group = {
        let device = Device::open(&store).expect("open");
        let settings = client::register(&device, &relay.url(), "Ping", Some("3"), Some("101"), test_options())
            .await
            .expect("register");
        let group = device
            .create_group("Kill Estate", GroupKind::Estate, None)
            .expect("group");
        let c = RelayClient::with_options(&relay.url(), test_options())
            .expect("client")
            .with_token(settings.token);
        round::sync(&device, &c).await.expect("sync");
        let invite = c
            .create_invite(
                group,
                &jinlin_model::protocol::CreateInvite {
                    role: Role::Volunteer,
                    uses: 1,
                    expires_in_secs: 3600,
                    building: None,
                },
            )
            .await
            .expect("invite");
        client::register(
            &neighbour.device,
            &relay.url(),
            "Lan",
            Some("3"),
            Some("102"),
            test_options(),
        )
        .await
        .expect("register the neighbour");
        neighbour.join(&invite.code).await;
        group
    };

    let mut rng = fastrand::Rng::with_seed(11);
    let mut on_device = Acked::new();
    let mut on_relay = Acked::new();
    let mut syncs = 0usize;
    // Kills land anywhere from before the first write to after the sync's acknowledgement. On a
    // loaded machine a sync takes longer than the usual window, so the window widens (up to 64
    // times) whenever a run that waited for its first write still saw no sync through: the
    // harness keeps killing mid-sync instead of only ever before it.
    let mut window = 1u64;
    for run in 0..runs {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crash-sync"));
        cmd.arg(&store).arg(run.to_string());
        let delay = Duration::from_micros(rng.u64(0..60_000 * window));
        let wait = run % 2 == 1;
        let out = tokio::task::spawn_blocking(move || run_and_kill(cmd, wait, delay))
            .await
            .expect("child");
        let mut pending: Vec<(String, DocId, String)> = Vec::new();
        let synced_before = syncs;
        for line in out.lines() {
            if line == "ack synced" {
                syncs += 1;
                for (kind, id, text) in pending.drain(..) {
                    record(&mut on_relay, &kind, id, &text);
                }
                continue;
            }
            let mut parts = line.splitn(4, ' ');
            let (Some("ack"), Some(kind), Some(id), Some(text)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue; // a line cut short by the kill
            };
            let Ok(id) = id.parse::<DocId>() else { continue };
            record(&mut on_device, kind, id, text);
            pending.push((kind.to_string(), id, text.to_string()));
        }
        if wait && syncs == synced_before {
            window = (window * 2).min(64);
        }

        let device = Device::open(&store).unwrap_or_else(|e| panic!("run {run}: the store does not open: {e}"));
        assert_holds(&device, &on_device, &format!("run {run}, on the device"));
        drop(device);
        neighbour.sync().await;
        assert_holds(
            &neighbour.device,
            &on_relay,
            &format!("run {run}, on the neighbour's phone"),
        );
    }

    // Back online for good: both phones agree.
    let device = Device::open(&store).expect("open");
    let c = RelayClient::for_device(&device, test_options())
        .expect("settings")
        .expect("registered");
    for _ in 0..2 {
        round::sync(&device, &c).await.expect("final sync");
        neighbour.sync().await;
    }
    let sorted = |d: &Device| {
        let mut list = d.list_requests(&RequestFilter::default()).expect("list");
        list.sort_by_key(|r| r.id.to_string());
        list
    };
    assert_eq!(sorted(&device), sorted(&neighbour.device), "both phones agree");
    assert!(sorted(&device).iter().all(|r| r.group_id == group));
    assert!(
        syncs > runs / 4,
        "too few syncs completed to prove anything: {syncs} in {runs} runs"
    );
    eprintln!(
        "sync kill harness: {runs} kills, {} acknowledged on the device, {syncs} syncs acknowledged by the relay",
        on_device.values().map(|(_, c)| c.len() + 1).sum::<usize>()
    );
    relay.stop().await;
}
