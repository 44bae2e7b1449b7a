//! `jinlin watch` prints live events as JSON lines until interrupted.

use std::process::Stdio;
use std::time::Duration;

use jinlin_tests::{PATIENCE, Phone, Relay, community, jinlin_bin};
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_prints_each_change_as_a_json_line_as_it_happens_and_stops_on_ctrl_c() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;

    let mut child = tokio::process::Command::new(jinlin_bin())
        .arg("--home")
        .arg(chen.home())
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("watch starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();

    // Wait until the watcher is online before anything happens.
    let online = tokio::time::timeout(PATIENCE, async {
        while let Ok(Some(line)) = lines.next_line().await {
            let event: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
            if event["event"] == "sync-state" && event["online"] == true {
                return;
            }
        }
    })
    .await;
    assert!(online.is_ok(), "watch came online");

    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;
    let seen = tokio::time::timeout(PATIENCE, async {
        while let Ok(Some(line)) = lines.next_line().await {
            let event: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
            if event["event"] == "request-changed" && event["id"] == ride.to_string().as_str() {
                return event;
            }
        }
        serde_json::Value::Null
    })
    .await
    .expect("the request arrives live");
    assert_eq!(seen["origin"], "remote");
    assert_eq!(seen["request"]["text"], "Please drive me to the maternity hospital");

    let pid = child.id().expect("pid").to_string();
    let status = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("stops on Ctrl-C")
        .expect("exit status");
    assert!(exit.success(), "{exit:?}");
}
