//! A request raised offline reaches the neighbours: after they sync, and at once over the live
//! channel when they are online.

use jinlin_core::{Event, Origin, RequestFilter, Status};
use jinlin_tests::{Phone, Relay, community, eventually};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_raised_offline_reaches_every_neighbour_after_they_sync() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = community(&grandma, &[&chen, &zhou]).await;

    // No sync: the request lives only on her phone.
    let ride = grandma.raise_ride(group, 1);
    assert_eq!(grandma.request(ride).expect("saved at once").status, Status::Open);
    assert_eq!(grandma.unsynced_docs().expect("pending"), vec![ride]);
    assert!(chen.request(ride).is_err());

    let sent = grandma.sync().await;
    assert_eq!((sent.sent_docs, sent.pending), (1, 0));
    for phone in [&chen, &zhou] {
        let got = phone.sync().await;
        assert!(got.received_changes >= 1, "{got:?}");
        let seen = phone.request(ride).expect("the request arrived");
        assert_eq!(seen.text, "Please drive me to the maternity hospital");
        assert!(seen.urgent);
        assert_eq!(seen.requester.name, "Grandma Wang");
    }
    let listed = zhou.list_requests(&RequestFilter::default()).expect("list");
    assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ride]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_raised_offline_reaches_online_neighbours_over_the_live_channel_without_polling() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let zhou = Phone::registered("Zhou", "5", &relay).await;
    let group = community(&grandma, &[&chen, &zhou]).await;

    let _chen_live = chen.go_live().await;
    let _zhou_live = zhou.go_live().await;
    let mut chen_events = chen.subscribe();

    let ride = grandma.raise_ride(group, 1);
    // Grandma comes back online: her sync is the only call anyone makes.
    grandma.sync().await;
    for phone in [&chen, &zhou] {
        assert!(
            eventually(|| phone.request(ride).is_ok()).await,
            "{} hears of the request without syncing",
            phone.name
        );
    }
    let mut heard = false;
    while let Ok(event) = chen_events.try_recv() {
        heard |= matches!(event, Event::RequestChanged { id, origin: Origin::Remote, .. } if id == ride);
    }
    assert!(heard, "Chen's app is told of the new request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_on_a_live_phone_leaves_by_itself_and_reaches_the_others_live() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    let _grandma_live = grandma.go_live().await;
    let _chen_live = chen.go_live().await;

    let ride = grandma.raise_ride(group, 1);
    assert!(
        eventually(|| chen.request(ride).is_ok()).await,
        "raised online, seen at once"
    );
    chen.accept(ride).expect("accept");
    assert!(
        eventually(|| grandma.request(ride).is_ok_and(|r| r.confirmed() == 1)).await,
        "Grandma sees her volunteer confirmed without syncing by hand"
    );
    assert!(grandma.unsynced_docs().expect("pending").is_empty());
}
