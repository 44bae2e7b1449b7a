//! Commands that need the relay (`register`, `me`, `group invite | join | revoke`, `request
//! decline | alerts`, `sync`, `watch`, `signout`): honest when it is down (nothing is promised
//! that is not kept), refused with `--offline` before anything is written, and never left half
//! made. `sync` gives up on a relay that accepts and never answers, or stops halfway through an
//! answer, within a bounded time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use jinlin_tests::{Relay, dead_relay_url, jinlin, jinlin_json};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::tree::Tree;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_that_need_a_relay_that_is_down_say_nothing_was_changed_not_kept() {
    let tree = Tree::new().await;
    let staff = tree.staff.home().to_path_buf();
    let volunteer = tree.volunteer3.home().to_path_buf();
    let code = tree.staff.invite(tree.b3, jinlin_core::Role::Resident).await;
    let community = tree.community.to_string();
    tree.relay.stop().await;

    let cases: &[(&std::path::Path, &[&str])] = &[
        (&volunteer, &["me", "availability", "off"]),
        (&volunteer, &["me", "quiet-hours", "22:00-07:00"]),
        (&volunteer, &["me", "home", "24.4798,118.0894"]),
        (&volunteer, &["me", "push", "webhook", "https://gateway.example/hook"]),
        (&staff, &["group", "invite", &community]),
        (&staff, &["group", "revoke", &code]),
        (&volunteer, &["group", "join", &code]),
    ];
    for (home, args) in cases {
        let run = jinlin(home, args).await;
        assert_eq!(run.code, Some(3), "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(run.stderr.contains("could not be reached"), "{args:?}: {run:?}");
        assert!(run.stderr.contains("nothing was changed"), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("kept on this device"), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("sent later"), "{args:?}: {run:?}");
    }

    // `sync` is the one that really keeps something: what waits goes with the next sync.
    let run = jinlin(&volunteer, &["sync"]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("goes with the next sync"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_with_a_command_that_needs_the_relay_is_a_clear_error_and_the_relay_hears_nothing() {
    let tree = Tree::new().await;
    let volunteer = tree.volunteer3.home();
    let staff = tree.staff.home();
    let community = tree.community.to_string();
    let code = tree.staff.invite(tree.b5, jinlin_core::Role::Resident).await;

    let cases: &[(&std::path::Path, &[&str])] = &[
        (volunteer, &["me", "availability", "off"]),
        (volunteer, &["me", "quiet-hours", "off"]),
        (staff, &["group", "invite", &community]),
        (staff, &["group", "revoke", &code]),
        (volunteer, &["group", "join", &code]),
        (volunteer, &["sync"]),
        (volunteer, &["watch"]),
        (volunteer, &["signout"]),
    ];
    for (home, args) in cases {
        let mut all = vec!["--offline", "--json"];
        all.extend_from_slice(args);
        let run = jinlin(home, &all).await;
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
        assert_eq!(err["error"], "needs_relay", "{args:?}: {run:?}");
        assert!(
            err["message"].as_str().is_some_and(|m| m.contains("--offline")),
            "{args:?}: {run:?}"
        );
    }

    // Nothing reached the relay: the code still works, and the volunteer is still signed in.
    let me = jinlin_json(volunteer, &["whoami"]).await;
    assert_eq!(me["registered"], true);
    let joined = jinlin_json(volunteer, &["group", "join", &code]).await;
    assert_eq!(joined["role"], "resident");

    // A registration with --offline makes no identity.
    let fresh = TempDir::new().expect("home");
    let run = jinlin(
        fresh.path(),
        &["--offline", "register", "--relay", &tree.relay.url(), "--name", "Zhou"],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("--offline"), "{run:?}");
    let who = jinlin_json(fresh.path(), &["whoami"]).await;
    assert!(who["member_id"].is_null(), "{who}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_with_a_relay_that_is_down_leaves_no_identity_and_registering_again_works() {
    let home = TempDir::new().expect("home");
    let h = home.path();
    let run = jinlin(
        h,
        &[
            "register",
            "--relay",
            &dead_relay_url(),
            "--name",
            "Chen",
            "--building",
            "5",
        ],
    )
    .await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("could not be reached"), "{run:?}");
    assert!(run.stderr.contains("nothing was changed"), "{run:?}");

    // No half-made identity: nothing can be written in a name the relay never heard of.
    let me = jinlin_json(h, &["whoami"]).await;
    assert!(me["member_id"].is_null(), "{me}");
    assert_eq!(me["registered"], false);
    let refused = jinlin(h, &["group", "create", "Our stairwell", "--kind", "building"]).await;
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(refused.stderr.contains("register it first"), "{refused:?}");

    // The second registration, with the relay up, is a clean first one.
    let relay = Relay::start().await;
    let me = jinlin_json(h, &["register", "--relay", &relay.url(), "--name", "Chen Wei"]).await;
    assert_eq!(me["name"], "Chen Wei");
    assert_eq!(me["building"], serde_json::Value::Null);
    let who = jinlin_json(h, &["whoami"]).await;
    assert_eq!(
        (who["registered"].as_bool(), who["member_id"].as_str()),
        (Some(true), me["member_id"].as_str())
    );
    let group = jinlin_json(h, &["group", "create", "Our stairwell", "--kind", "building"]).await;
    assert_eq!(group["synced"], true);
}

/// What the stand-in relay does with a connection.
const PASS: u8 = 0;
const SILENT: u8 = 1;
const HALF_ANSWER: u8 = 2;

/// A TCP listener on 127.0.0.1:0 in front of the relay: it passes connections through until told
/// to accept and never answer, or to answer half a body and stop. Records when each connection
/// came.
struct StandIn {
    url: String,
    mode: Arc<AtomicU8>,
    arrivals: Arc<std::sync::Mutex<Vec<Instant>>>,
}

impl StandIn {
    async fn start(relay: &Relay) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let upstream = relay.url().trim_start_matches("http://").to_string();
        let mode = Arc::new(AtomicU8::new(PASS));
        let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (m, a) = (Arc::clone(&mode), Arc::clone(&arrivals));
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                let mode = m.load(Ordering::SeqCst);
                if mode != PASS {
                    a.lock().expect("arrivals").push(Instant::now());
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    match mode {
                        PASS => {
                            if let Ok(mut relay) = TcpStream::connect(&upstream).await {
                                let _ = tokio::io::copy_bidirectional(&mut conn, &mut relay).await;
                            }
                        }
                        SILENT => {
                            let mut buf = vec![0; 64 * 1024];
                            while matches!(conn.read(&mut buf).await, Ok(n) if n > 0) {}
                        }
                        _ => {
                            let mut buf = vec![0; 64 * 1024];
                            let _ = conn.read(&mut buf).await;
                            let head =
                                "HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\ncontent-length: 4000\r\n\r\n";
                            let _ = conn.write_all(head.as_bytes()).await;
                            let _ = conn.write_all(&[0xa0; 2000]).await;
                            let _ = conn.flush().await;
                            while matches!(conn.read(&mut buf).await, Ok(n) if n > 0) {}
                        }
                    }
                });
            }
        });
        StandIn { url, mode, arrivals }
    }

    fn become_(&self, mode: u8) {
        self.arrivals.lock().expect("arrivals").clear();
        self.mode.store(mode, Ordering::SeqCst);
    }
}

/// Runs `jinlin sync` against the stand-in in `mode`: it gives up with exit code 3, no attempt
/// waits longer than 15 s, and the whole run ends within a minute.
async fn sync_gives_up(home: &std::path::Path, stand_in: &StandIn, mode: u8) {
    stand_in.become_(mode);
    let started = Instant::now();
    let run = tokio::time::timeout(Duration::from_secs(90), jinlin(home, &["sync"]))
        .await
        .expect("sync gives up on its own");
    let took = started.elapsed();
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("did not answer in time"), "{run:?}");
    assert!(run.stderr.contains("goes with the next sync"), "{run:?}");
    assert!(took < Duration::from_secs(60), "sync took {took:?}");
    let mut times = stand_in.arrivals.lock().expect("arrivals").clone();
    times.push(started + took);
    assert!(times.len() >= 3, "it tried again: {} attempt(s)", times.len() - 1);
    for pair in times.windows(2) {
        let attempt = pair[1] - pair[0];
        // 10 s of silence, then a backoff of at most 4 s before the next attempt.
        assert!(attempt <= Duration::from_secs(15), "one attempt took {attempt:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_gives_up_on_a_relay_that_accepts_and_never_answers_within_a_stated_time() {
    let relay = Relay::start().await;
    let stand_in = StandIn::start(&relay).await;
    let home = TempDir::new().expect("home");
    let h = home.path();
    jinlin_json(
        h,
        &["register", "--relay", &stand_in.url, "--name", "Wu", "--building", "3"],
    )
    .await;
    let group = jinlin_json(h, &["group", "create", "Building 3", "--kind", "building"]).await;
    assert_eq!(group["synced"], true);
    jinlin_json(
        h,
        &["--offline", "request", "raise", "--kind", "errand", "--text", "Rice"],
    )
    .await;

    sync_gives_up(h, &stand_in, SILENT).await;
    sync_gives_up(h, &stand_in, HALF_ANSWER).await;

    // Nothing was lost: once the relay answers again, the request goes.
    stand_in.become_(PASS);
    let report = jinlin_json(h, &["sync"]).await;
    assert_eq!(report["pending"], 0, "{report}");
    assert_eq!(jinlin_json(h, &["whoami"]).await["pending"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decline_while_the_relay_is_down_hides_the_request_here_and_says_the_alert_has_not_passed_on() {
    let tree = Tree::new().await;
    let ride = tree.leader3.raise_ride(tree.b3, 1);
    tree.leader3.sync().await;
    tree.volunteer3.sync().await;
    let nearby = |phone: &jinlin_tests::Phone| phone.phone.nearby().expect("nearby").iter().any(|r| r.id == ride);
    assert!(nearby(&tree.volunteer3), "Li sees the ride nearby");
    let li = tree.volunteer3.home().to_path_buf();
    tree.relay.stop().await;

    let run = jinlin(&li, &["request", "decline", &ride.to_string()]).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("could not be reached"), "{run:?}");
    assert!(run.stderr.contains("hidden on this device"), "{run:?}");
    assert!(run.stderr.contains("has not passed on"), "{run:?}");
    assert!(!run.stderr.contains("nothing was changed"), "{run:?}");
    assert!(
        !nearby(&tree.volunteer3),
        "the ride is hidden from Li's nearby list all the same"
    );
}
