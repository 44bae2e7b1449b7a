//! The command-line contract: with `--json` every command prints exactly one JSON value with
//! the agreed keys; errors go to stderr with a non-zero exit, never a panic.

use jinlin_tests::{Relay, jinlin, jinlin_json};
use serde_json::Value;
use tempfile::TempDir;

fn home() -> TempDir {
    TempDir::new().expect("home")
}

fn has_keys(value: &Value, keys: &[&str]) {
    for key in keys {
        assert!(value.get(key).is_some(), "{key} missing from {value}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_output_is_one_json_value_with_the_contract_keys() {
    let relay = Relay::start().await;
    let (a, b) = (home(), home());
    let (a, b) = (a.path(), b.path());

    let me = jinlin_json(
        a,
        &[
            "register",
            "--relay",
            &relay.url(),
            "--name",
            "Sun",
            "--building",
            "1",
            "--unit",
            "8",
        ],
    )
    .await;
    has_keys(&me, &["member_id", "name", "building", "unit", "relay"]);
    let who = jinlin_json(a, &["whoami"]).await;
    has_keys(&who, &["member_id", "name", "relay", "registered", "pending"]);

    let community = jinlin_json(a, &["group", "create", "Lianhua", "--kind", "community"]).await;
    has_keys(&community, &["id", "name", "kind", "parent", "members", "synced"]);
    let cid = community["id"].as_str().expect("id");
    let estate = jinlin_json(
        a,
        &["group", "create", "Garden Estate", "--kind", "estate", "--parent", cid],
    )
    .await;
    assert_eq!(estate["parent"], cid);
    let invite = jinlin_json(
        a,
        &[
            "group",
            "invite",
            cid,
            "--role",
            "grid-worker",
            "--uses",
            "3",
            "--expires-in",
            "30m",
        ],
    )
    .await;
    has_keys(&invite, &["code", "group_id", "role", "uses_left", "expires_at"]);
    assert_eq!(
        (invite["role"].as_str(), invite["uses_left"].as_u64()),
        (Some("grid-worker"), Some(3))
    );

    jinlin_json(b, &["register", "--relay", &relay.url(), "--name", "Li"]).await;
    let joined = jinlin_json(
        b,
        &[
            "group",
            "join",
            invite["code"].as_str().expect("code"),
            "--building",
            "2",
        ],
    )
    .await;
    has_keys(&joined, &["group_id", "role", "name", "synced"]);
    let groups = jinlin_json(b, &["group", "list"]).await;
    let first = &groups.as_array().expect("array")[0];
    has_keys(first, &["id", "name", "kind", "role", "members"]);
    let members = jinlin_json(b, &["group", "members", cid]).await;
    for m in members.as_array().expect("array") {
        has_keys(m, &["member_id", "name", "role", "building", "unit"]);
    }

    let raised = jinlin_json(
        b,
        &[
            "request",
            "raise",
            "--group",
            cid,
            "--kind",
            "repair",
            "--slots",
            "2",
            "--for",
            "Old Mr Zhao",
            "--text",
            "The stairwell light is broken",
        ],
    )
    .await;
    has_keys(
        &raised,
        &["id", "kind", "urgent", "status", "text", "slots", "signups", "synced"],
    );
    assert_eq!(raised["requester"]["name"], "Old Mr Zhao");
    let id = raised["id"].as_str().expect("id");
    let short = &id[..8];

    jinlin(a, &["sync"]).await;
    let accepted = jinlin_json(a, &["request", "accept", short]).await;
    let signup = &accepted["signups"][0];
    has_keys(signup, &["member_name", "state"]);
    assert!(["confirmed", "standby", "tentative"].contains(&signup["state"].as_str().expect("state")));

    let list = jinlin_json(a, &["request", "list", "--group", cid, "--status", "open"]).await;
    for r in list.as_array().expect("array") {
        has_keys(r, &["id", "kind", "urgent", "status", "text", "slots", "signups"]);
    }
    let shown = jinlin_json(a, &["request", "show", id]).await;
    has_keys(&shown, &["id", "comments", "requester", "place"]);
    let report = jinlin_json(a, &["sync"]).await;
    has_keys(
        &report,
        &["round_trips", "sent_changes", "received_changes", "pending", "rejected"],
    );
    let me_a = who["member_id"].as_str().expect("member id");
    jinlin(b, &["sync"]).await;
    let picked = jinlin_json(b, &["request", "pick", id, me_a]).await;
    assert_eq!(picked["signups"][0]["picked"], true);
    let revoked = jinlin_json(a, &["group", "revoke", invite["code"].as_str().expect("code")]).await;
    assert_eq!(revoked["revoked"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_a_clear_message_on_stderr_and_a_non_zero_exit_never_a_panic() {
    let h = home();
    let h = h.path();
    let fresh = jinlin(h, &["group", "create", "Lianhua"]).await;
    assert_eq!(fresh.code, Some(1));
    assert!(fresh.stderr.contains("register it first"), "{fresh:?}");
    // Registering with a relay that is down says so (and makes no identity).
    let run = jinlin(
        h,
        &["register", "--relay", &jinlin_tests::dead_relay_url(), "--name", "Li"],
    )
    .await;
    assert_eq!(run.code, Some(3), "{run:?}");
    let relay = Relay::start().await;
    jinlin_json(h, &["register", "--relay", &relay.url(), "--name", "Li"]).await;

    let cases: &[(&[&str], i32, &str)] = &[
        (&["request", "show", "nope"], 1, "not a request id"),
        (
            &["request", "accept", "00000000-0000-4000-8000-000000000000"],
            1,
            "no request",
        ),
        (&["request", "raise", "--kind", "taxi", "--text", "x"], 2, "taxi"),
        (&["group", "create", "   "], 1, "must not be empty"),
        (
            &["request", "raise", "--kind", "errand", "--text", "Rice"],
            1,
            "no group",
        ),
        (&["group", "invite", "abcd", "--expires-in", "soon"], 1, "group"),
        (&["request", "list", "--status", "finished"], 2, "finished"),
        (&["register", "--relay", "ftp://x", "--name", "A"], 1, "http://"),
        (&["frobnicate"], 2, "frobnicate"),
    ];
    for (args, code, says) in cases {
        let run = jinlin(h, args).await;
        assert_eq!(run.code, Some(*code), "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(run.stderr.to_lowercase().contains(says), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{args:?}: {run:?}");
    }

    let run = jinlin(
        h,
        &["--json", "request", "accept", "00000000-0000-4000-8000-000000000000"],
    )
    .await;
    assert_eq!(run.code, Some(1));
    let err: Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert_eq!(err["error"], "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_comes_from_jinlin_home_when_no_flag_is_given() {
    let h = home();
    let out = tokio::process::Command::new(jinlin_tests::jinlin_bin())
        .args(["--json", "whoami"])
        .env("JINLIN_HOME", h.path())
        .output()
        .await
        .expect("runs");
    assert!(out.status.success());
    assert!(h.path().join("jinlin.db").exists(), "the store lives in $JINLIN_HOME");
}
