//! Without a relay: every change works, `sync` says the relay is out of reach, exits non-zero
//! and changes nothing.

use jinlin_tests::{Relay, jinlin, jinlin_json};
use tempfile::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jinlin_sync_against_an_unreachable_relay_exits_non_zero_and_leaves_local_data_unchanged() {
    let relay = Relay::start().await;
    let home = TempDir::new().expect("home");
    let h = home.path();
    jinlin_json(h, &["register", "--relay", &relay.url(), "--name", "Grandma Wang"]).await;
    let group = jinlin_json(h, &["group", "create", "Lianhua Community"]).await;
    let group_id = group["id"].as_str().expect("id").to_string();
    relay.stop().await;

    // Writes still work: the quick sync after them fails quietly.
    let raised = jinlin_json(
        h,
        &[
            "request",
            "raise",
            "--group",
            &group_id,
            "--kind",
            "errand",
            "--slots",
            "2",
            "--text",
            "Rice and eggs",
        ],
    )
    .await;
    assert_eq!(raised["synced"], false);
    let id = raised["id"].as_str().expect("id").to_string();
    jinlin_json(h, &["request", "comment", &id, "Any brand is fine"]).await;

    let before = (
        jinlin(h, &["--json", "request", "list"]).await.stdout,
        jinlin_json(h, &["whoami"]).await,
    );
    assert_eq!(before.1["pending"], 1);

    let run = jinlin(h, &["sync"]).await;
    assert!(!run.ok(), "{run:?}");
    assert_eq!(run.code, Some(3));
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("could not be reached"), "{run:?}");
    assert!(!run.stderr.contains("panicked"));

    let run = jinlin(h, &["--json", "sync"]).await;
    assert_eq!(run.code, Some(3));
    assert!(run.stdout.is_empty());
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error on stderr");
    assert_eq!(err["error"], "offline");

    let after = (
        jinlin(h, &["--json", "request", "list"]).await.stdout,
        jinlin_json(h, &["whoami"]).await,
    );
    assert_eq!(before, after, "local data is unchanged");
}
