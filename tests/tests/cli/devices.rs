//! Cutting devices off from the command line: staff revoke a member's lost phone
//! (`group revoke-device`), and a phone signs itself out (`signout`) after sending what waits.

use jinlin_tests::{Relay, jinlin, jinlin_json};
use tempfile::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cut_off_a_lost_phone_and_a_phone_signs_out_after_sending_what_waits() {
    let relay = Relay::start().await;
    let (staff, lost, leaving) = (
        TempDir::new().expect("home"),
        TempDir::new().expect("home"),
        TempDir::new().expect("home"),
    );
    let (staff, lost, leaving) = (staff.path(), lost.path(), leaving.path());
    for (home, name) in [(staff, "Chen"), (lost, "Sun"), (leaving, "Zhao")] {
        jinlin_json(home, &["register", "--relay", &relay.url(), "--name", name]).await;
    }
    let community = jinlin_json(staff, &["group", "create", "Lianhua"]).await;
    let cid = community["id"].as_str().expect("id").to_string();
    let code = jinlin_json(staff, &["group", "invite", &cid, "--role", "volunteer", "--uses", "2"]).await;
    let code = code["code"].as_str().expect("code").to_string();
    let lost_id = jinlin_json(lost, &["group", "join", &code]).await;
    assert_eq!(lost_id["role"], "volunteer");
    jinlin_json(leaving, &["group", "join", &code]).await;
    let lost_member = jinlin_json(lost, &["whoami"]).await["member_id"]
        .as_str()
        .expect("member id")
        .to_string();

    // The lost phone, named by the start of its member id as `group members` shows it.
    jinlin(staff, &["sync"]).await;
    let revoked = jinlin_json(staff, &["group", "revoke-device", &cid, &lost_member[..8]]).await;
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["member_id"], lost_member.as_str());
    assert_eq!(revoked["group_id"], cid.as_str());
    let refused = jinlin(lost, &["sync"]).await;
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(refused.stderr.contains("401"), "{refused:?}");

    // Signing out needs the relay: with --offline it is refused and nothing changes...
    jinlin_json(
        leaving,
        &[
            "--offline",
            "request",
            "raise",
            "--group",
            &cid,
            "--kind",
            "errand",
            "--text",
            "Collect my parcel",
        ],
    )
    .await;
    let held = jinlin(leaving, &["--offline", "signout"]).await;
    assert_eq!(held.code, Some(1), "{held:?}");
    assert!(held.stderr.contains("--offline"), "{held:?}");
    assert_eq!(jinlin_json(leaving, &["whoami"]).await["registered"], true);
    // ...and online the change goes first.
    let out = jinlin_json(leaving, &["signout"]).await;
    assert_eq!(
        (out["signed_out"].as_bool(), out["unsent"].as_u64()),
        (Some(true), Some(0))
    );
    for key in ["member_id", "relay"] {
        assert!(out.get(key).is_some(), "{key} missing from {out}");
    }
    let who = jinlin_json(leaving, &["whoami"]).await;
    assert_eq!(who["registered"], false);
    let again = jinlin(leaving, &["register", "--relay", &relay.url(), "--name", "Zhao"]).await;
    assert_eq!(again.code, Some(1), "{again:?}");
    assert!(again.stderr.contains("new --home"), "{again:?}");

    // What the departed phone wrote stays with the neighbours.
    jinlin(staff, &["sync"]).await;
    let list = jinlin_json(staff, &["request", "list", "--group", &cid]).await;
    assert!(
        list.as_array()
            .expect("array")
            .iter()
            .any(|r| r["text"] == "Collect my parcel"),
        "{list}"
    );
}
