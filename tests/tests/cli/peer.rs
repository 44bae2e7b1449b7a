//! `jinlin peer`: with the relay down, one command-line phone listens (`peer listen --port 0`
//! prints `listening on HOST:PORT` first), another syncs with it (`peer sync HOST:PORT`), and the
//! listening phone's next `sync` carries what it received to the relay.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};

use jinlin_tests::{jinlin, jinlin_bin, jinlin_json};

use crate::tree::Tree;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_relay_down_a_request_goes_from_one_command_line_phone_to_another_and_on_to_the_relay() {
    let mut tree = Tree::new().await;
    let (wang, li) = (tree.leader3.home().to_path_buf(), tree.volunteer3.home().to_path_buf());
    let b3 = tree.b3.to_string();
    let addr = tree.relay.go_down().await;
    let raised = jinlin_json(
        &wang,
        &[
            "--offline",
            "request",
            "raise",
            "--group",
            &b3,
            "--kind",
            "errand",
            "--text",
            "Milk, please",
        ],
    )
    .await;
    let request = raised["id"].as_str().expect("id").to_string();

    let mut listen = tokio::process::Command::new(jinlin_bin())
        .arg("--home")
        .arg(&li)
        .args(["peer", "listen", "--host", "127.0.0.1", "--port", "0", "--no-announce"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("peer listen runs");
    let mut lines = BufReader::new(listen.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("prints at once")
        .expect("reads")
        .expect("a line");
    let at = first.strip_prefix("listening on ").unwrap_or_else(|| panic!("{first}"));
    assert!(at.starts_with("127.0.0.1:"), "{first}");

    let synced = jinlin_json(&wang, &["peer", "sync", at]).await;
    assert_eq!(synced["peer_name"], "Li", "{synced}");
    assert_eq!(synced["sent_docs"], 1, "{synced}");
    let told = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("the listener tells of the session")
        .expect("reads")
        .expect("a line");
    assert!(told.contains("Grandma Wang"), "{told}");
    let held = jinlin_json(&li, &["request", "show", &request]).await;
    assert_eq!(held["text"], "Milk, please", "{held}");

    // Unreachable, or a phone that is not there: a clear error, exit 1.
    let nobody = jinlin(&wang, &["peer", "sync", "127.0.0.1:9"]).await;
    assert_eq!(nobody.code, Some(1), "{nobody:?}");
    assert!(nobody.stderr.contains("cannot reach"), "{nobody:?}");
    let _ = listen.start_kill();

    // Back online, Li's phone carries her request to the relay; staff receive it as hers.
    tree.relay.back_up(addr).await;
    jinlin_json(&li, &["sync"]).await;
    let staff = tree.staff.home().to_path_buf();
    jinlin_json(&staff, &["sync"]).await;
    let on_staff = jinlin_json(&staff, &["request", "show", &request]).await;
    assert_eq!(on_staff["requester"]["name"], "Grandma Wang", "{on_staff}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peer_discover_finds_a_phone_that_peer_listen_announces_on_the_network() {
    let (listener, finder) = (tempfile::tempdir().expect("home"), tempfile::tempdir().expect("home"));
    let mut listen = tokio::process::Command::new(jinlin_bin())
        .arg("--home")
        .arg(listener.path())
        .args(["peer", "listen", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("peer listen runs");
    let mut lines = BufReader::new(listen.stdout.take().expect("stdout")).lines();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("prints at once")
        .expect("reads")
        .expect("a line");
    let port = first.rsplit(':').next().expect("port").to_string();
    let found = jinlin_json(finder.path(), &["peer", "discover", "--wait", "3s"]).await;
    let addrs: Vec<String> = found["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .flat_map(|p| p["addrs"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    assert!(
        addrs.iter().any(|a| a.ends_with(&format!(":{port}"))),
        "{first}: {found}"
    );
    let _ = listen.start_kill();
}
