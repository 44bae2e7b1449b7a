//! What the relay acknowledged survives a restart and a crash; the binary runs with no set-up.

use std::process::Command;

use jinlin_core::{GroupKind, Role, SignupState};
use jinlin_model::protocol::AckResult;
use reqwest::StatusCode;

use jinlin_tests::Relay;
use jinlin_tests::process::RelayProcess;
use jinlin_tests::wire::{START, hospital_ride};

#[tokio::test]
async fn a_restarted_relay_keeps_everything_it_acknowledged() {
    let mut relay = Relay::clocked(START).await;
    let mut requester = relay.device("Wang Fang").await;
    let mut volunteer = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;
    volunteer.sync().await;
    volunteer.device.accept(request).expect("accept");
    volunteer.sync().await;

    relay.reboot().await;
    requester.client.url.clone_from(&relay.url());
    volunteer.client.url.clone_from(&relay.url());
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

#[tokio::test]
async fn a_killed_relay_process_keeps_everything_it_acknowledged() {
    let data = tempfile::tempdir().expect("dir");
    let mut process = RelayProcess::start(data.path());
    let url = process.url.clone();
    // Devices need a relay handle only for their clock and URL; point them at the binary.
    let helper = Relay::clocked(START).await;
    let mut staff = helper.device_at("Chen Jie", &url).await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    let res = staff.sync().await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored));

    // SIGKILL: no graceful shutdown, no chance to flush anything more.
    process.child.kill().expect("kill");
    process.child.wait().expect("wait");
    let again = RelayProcess::start(data.path());
    let url = again.url.clone();
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
    let mut process = RelayProcess::start(data.path());
    let url = process.url.clone();
    let health = reqwest::get(format!("{url}/healthz")).await.expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let status = Command::new("kill")
        .args(["-TERM", &process.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            if let Some(s) = process.child.try_wait().expect("wait") {
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
