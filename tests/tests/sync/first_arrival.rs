//! Two volunteers accept a one-slot request while both are offline. Whoever reaches the relay
//! first is confirmed, the other is on standby, on every phone; when the confirmed one
//! withdraws, the standby one moves up everywhere.

use jinlin_core::SignupState::{Confirmed, Standby, Tentative};
use jinlin_core::Status;
use jinlin_tests::{Phone, Relay, community};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_offline_volunteers_on_one_slot_resolve_to_first_arrival_at_relay_on_every_device() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = community(&grandma, &[&chen, &zhou]).await;
    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;
    chen.sync().await;
    zhou.sync().await;

    // Both in the basement. Zhou accepted a moment earlier by his clock, but Chen's phone gets
    // a signal first: arrival at the relay decides, not the phones' clocks.
    zhou.accept(ride).expect("Zhou accepts offline");
    chen.accept(ride).expect("Chen accepts offline");
    assert_eq!(chen.states(ride), vec![("Chen".into(), Tentative)]);
    assert_eq!(zhou.states(ride), vec![("Zhou".into(), Tentative)]);

    chen.sync().await;
    zhou.sync().await;
    chen.sync().await;
    grandma.sync().await;

    let expected = vec![("Chen".to_string(), Confirmed), ("Zhou".to_string(), Standby)];
    for phone in [&grandma, &chen, &zhou] {
        assert_eq!(phone.states(ride), expected, "as {} sees it", phone.name);
        assert_eq!(
            phone.request(ride).expect("request").confirmed(),
            1,
            "never double-booked"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_confirmed_volunteer_withdraws_the_standby_one_is_promoted_on_every_device() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = community(&grandma, &[&chen, &zhou]).await;
    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;
    for phone in [&chen, &zhou] {
        phone.sync().await;
        phone.accept(ride).expect("accept");
        phone.sync().await;
    }
    for phone in [&grandma, &chen, &zhou] {
        phone.sync().await;
    }
    assert_eq!(grandma.states(ride)[0], ("Chen".to_string(), Confirmed));

    // Chen's car won't start; he withdraws offline and syncs when he can.
    chen.withdraw(ride).expect("withdraw");
    chen.sync().await;
    for phone in [&grandma, &chen, &zhou] {
        phone.sync().await;
        assert_eq!(
            phone.states(ride),
            vec![("Zhou".to_string(), Confirmed)],
            "as {} sees it",
            phone.name
        );
    }

    // Zhou drives; the ride is done on every phone.
    zhou.start(ride).expect("start");
    zhou.complete(ride).expect("done");
    zhou.sync().await;
    for phone in [&grandma, &chen] {
        phone.sync().await;
        assert_eq!(phone.request(ride).expect("request").status, Status::Done);
    }
}
