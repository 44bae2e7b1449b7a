//! What the relay acknowledged survives a restart and a crash; the binary runs with no set-up.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use jinlin_core::{GroupKind, Role, SignupState};
use jinlin_model::protocol::AckResult;
use reqwest::StatusCode;

use crate::support::{TestRelay, hospital_ride};

#[tokio::test]
async fn a_restarted_relay_keeps_everything_it_acknowledged() {
    let mut relay = TestRelay::start().await;
    let mut requester = relay.device("Wang Fang").await;
    let mut volunteer = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;
    volunteer.sync().await;
    volunteer.device.accept(request).expect("accept");
    volunteer.sync().await;

    relay.restart().await;
    requester.client.url.clone_from(&relay.url);
    volunteer.client.url.clone_from(&relay.url);
    // Tokens, memberships, documents, the feed and the sign-up order all survived.
    assert_eq!(volunteer.client.memberships().await.len(), 1);
    let late = relay.device("Late").await;
    requester.admit(&late, community, Role::Resident).await;
    late.sync().await;
    let view = late.request(request).expect("history survived");
    assert_eq!(
        view.signup_of(volunteer.member_id).map(|s| s.state),
        Some(SignupState::Confirmed)
    );
    // Documents reload from storage and take new changes.
    requester.device.comment(request, "Thank you").expect("comment");
    let res = requester.sync().await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored));
    volunteer.sync().await;
    assert_eq!(volunteer.request(request).expect("request").comments.len(), 1);
}

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the relay binary on port 0 and reads the address it prints.
fn start_binary(data: &std::path::Path) -> (Process, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jinlin-relay"))
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("relay binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    (Process(child), format!("http://{addr}"))
}

#[tokio::test]
async fn a_killed_relay_process_keeps_everything_it_acknowledged() {
    let data = tempfile::tempdir().expect("dir");
    let (mut process, url) = start_binary(data.path());
    // Devices need a relay handle only for their clock and URL; point them at the binary.
    let helper = TestRelay::start().await;
    let mut staff = helper.device_at("Chen Jie", &url).await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    let res = staff.sync().await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored));

    // SIGKILL: no graceful shutdown, no chance to flush anything more.
    process.0.kill().expect("kill");
    process.0.wait().expect("wait");
    let (_process, url) = start_binary(data.path());
    staff.client.url = url.clone();
    let newcomer = helper.device_at("Newcomer", &url).await;
    staff.admit(&newcomer, community, Role::Resident).await;
    newcomer.sync().await;
    assert!(
        newcomer.request(request).is_ok(),
        "the acknowledged request survived the crash"
    );
    let _ = &mut staff;
}

#[tokio::test]
async fn the_relay_binary_stops_gracefully_on_sigterm() {
    let data = tempfile::tempdir().expect("dir");
    let (mut process, url) = start_binary(data.path());
    let health = reqwest::get(format!("{url}/healthz")).await.expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let status = Command::new("kill")
        .args(["-TERM", &process.0.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            if let Some(s) = process.0.try_wait().expect("wait") {
                return Some(s);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    })
    .await
    .expect("join")
    .expect("the relay exits within 5 s");
    assert!(exit.success(), "{exit:?}");
    assert!(data.path().join("relay.db").exists());
}
