//! Registering through a network that loses answers: the registration reached the relay, its
//! answer did not. The device made its token itself and kept it before sending, so sending the
//! registration again is the same registration, and the device is never locked out of its own
//! member id.

use std::time::Duration;

use jinlin_core::net::client::{self, ClientOptions, RelaySettings};
use jinlin_core::{Error, GroupKind};
use jinlin_reliability::proxy::{Fault, Proxy};
use jinlin_tests::{Phone, Relay, test_options};

fn one_attempt() -> ClientOptions {
    ClientOptions {
        attempts: 1,
        read_timeout: Duration::from_secs(3),
        request_timeout: Duration::from_secs(5),
        ..test_options()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_registration_answer_does_not_lock_the_device_out() {
    let relay = Relay::start().await;
    let devices = || relay.store().stats().expect("stats").devices;

    // 1. The client's own retries: two answers lost after the relay registered the device, then
    //    the third attempt arrives twice (and its first answer is thrown away too).
    let proxy = Proxy::scripted(
        relay.running().addr(),
        vec![Fault::LoseAnswer, Fault::LoseAnswer, Fault::Duplicate],
    )
    .await
    .expect("proxy");
    let ping = Phone::new("Ping", "3");
    let settings = client::register(&ping.device, &proxy.url(), "Ping", Some("3"), None, test_options())
        .await
        .expect("registration goes through on a retry");
    assert_eq!(devices(), 1, "one device, however often the registration arrived");
    let group = ping
        .create_group("Lost Answer Estate", GroupKind::Estate, None)
        .expect("group");
    ping.sync().await;
    assert!(
        relay.store().doc(group).expect("doc").is_some(),
        "the device syncs with the token it kept"
    );
    assert_eq!(RelaySettings::load(&ping.device).expect("load"), Some(settings));

    // 2. No retries left: the call fails, the person taps "register" again.
    let proxy = Proxy::scripted(relay.running().addr(), vec![Fault::LoseAnswer])
        .await
        .expect("proxy");
    let lan = Phone::new("Lan", "3");
    let lost = client::register(&lan.device, &proxy.url(), "Lan", Some("3"), None, one_attempt()).await;
    assert!(matches!(lost, Err(Error::Offline(_))), "the answer was lost: {lost:?}");
    assert_eq!(devices(), 2, "but the relay registered the device");
    let pending = RelaySettings::load_pending(&lan.device)
        .expect("load")
        .expect("the token was kept");
    let again = client::register(&lan.device, &proxy.url(), "Lan", Some("3"), None, one_attempt())
        .await
        .expect("registering again is not refused as a taken member id");
    assert_eq!(again.token, pending.token, "the same registration, the same token");
    assert_eq!(RelaySettings::load_pending(&lan.device).expect("load"), None);
    lan.sync().await;

    // 3. Registering again later (a new name) loses its answer too: the token never changed, so
    //    the device keeps working, and the next try goes through.
    proxy.script([Fault::LoseAnswer]);
    let renamed = client::register(&lan.device, &proxy.url(), "Lan Lan", Some("3"), None, one_attempt()).await;
    assert!(renamed.is_err(), "the answer was lost");
    lan.sync().await;
    let renamed = client::register(&lan.device, &proxy.url(), "Lan Lan", Some("3"), None, one_attempt())
        .await
        .expect("registering again goes through");
    assert_eq!(renamed.token, again.token);
    lan.sync().await;
    assert_eq!(devices(), 2);
}
