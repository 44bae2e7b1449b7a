//! The relay restarted in the middle of a story loses nothing it acknowledged.

use jinlin_core::SignupState::{Confirmed, Standby};
use jinlin_core::net::live::LiveStatus;
use jinlin_core::{Role, Status};
use jinlin_tests::{PATIENCE, Phone, Relay, community, eventually};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_restarted_mid_scenario_loses_nothing() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = community(&grandma, &[&chen, &zhou]).await;
    let code = grandma.invite(group, Role::Resident).await;
    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;
    chen.sync().await;
    zhou.sync().await;
    chen.accept(ride).expect("Chen accepts");
    chen.sync().await;
    zhou.accept(ride).expect("Zhou accepts offline, before the restart");

    let relay = relay.restart().await;

    // Tokens, groups, documents, arrival order and invite codes all survived.
    zhou.sync().await;
    grandma.comment(ride, "Thank you both").expect("comment");
    grandma.sync().await;
    chen.sync().await;
    let expected = vec![("Chen".to_string(), Confirmed), ("Zhou".to_string(), Standby)];
    for phone in [&grandma, &chen, &zhou] {
        phone.sync().await;
        assert_eq!(phone.states(ride), expected, "as {} sees it", phone.name);
        assert_eq!(phone.request(ride).expect("request").comments.len(), 1);
    }
    let newcomer = Phone::registered("Liu", "7", &relay).await;
    newcomer.join(&code).await;
    assert_eq!(
        newcomer.states(ride),
        expected,
        "the whole history is still on the relay"
    );
    assert_eq!(newcomer.request(ride).expect("request").status, Status::Open);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_phone_reconnects_after_the_relay_restarts_and_catches_up() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    let live = chen.go_live().await;

    let relay = relay.restart().await;
    let mut status = live.watch_status();
    // The channel notices the relay went away, then comes back by itself.
    let _ = tokio::time::timeout(PATIENCE, status.wait_for(|s| matches!(s, LiveStatus::Offline { .. }))).await;
    assert!(live.wait_online(PATIENCE).await, "reconnected: {:?}", live.status());

    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;
    assert!(
        eventually(|| chen.request(ride).is_ok()).await,
        "pushed after the reconnect"
    );
    drop(relay);
}
