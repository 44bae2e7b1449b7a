//! The basement: the relay is down, a resident raises an urgent request, the volunteer next to
//! her receives it over TCP from her phone and accepts, and whichever phone reaches the relay
//! first carries both phones' changes there, each as its author's.

use jinlin_core::net::peer;
use jinlin_core::{Event, Role, SignupState, Status};

use crate::support::listening;
use jinlin_tests::{Phone, Relay, admit, tree};

#[tokio::test]
async fn in_the_basement_a_request_and_its_acceptance_travel_phone_to_phone_and_reach_the_relay_as_their_authors() {
    let mut relay = Relay::start().await;
    let staff = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    admit(&staff, &wang, hood.b3, Role::Resident).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    admit(&staff, &chen, hood.b3, Role::Volunteer).await;
    let li = Phone::registered("Li", "3", &relay).await;
    admit(&staff, &li, hood.b3, Role::Volunteer).await;
    for phone in [&wang, &chen, &li] {
        phone.sync().await;
    }

    // The power is out: no relay. Grandma Wang raises an urgent request on her phone.
    let addr = relay.go_down().await;
    let ride = wang.raise_ride(hood.b3, 1);
    assert!(wang.try_sync().await.is_err(), "the relay is down");

    // Chen's phone listens; hers finds it and they sync over TCP.
    let mut chen_hears = chen.subscribe();
    let chen_listens = listening(&chen).await;
    let report = peer::connect(&wang.device, &chen_listens.addr, None)
        .await
        .expect("peer sync");
    assert_eq!(report.peer, Some(chen.settings().member_id));
    assert_eq!(report.sent_docs, 1, "only what Chen lacks: her request");
    // His phone alerts him at once, from its own store.
    let alerted = loop {
        match chen_hears.try_recv() {
            Ok(Event::Alerted { id, wave, .. }) => break (id, wave),
            Ok(_) => continue,
            Err(e) => panic!("Chen's phone did not alert him: {e}"),
        }
    };
    assert_eq!(alerted, (ride, 0), "wave 0: from a neighbour's phone");
    let seen = chen.request(ride).expect("Chen holds her request");
    assert!(seen.urgent);
    assert_eq!(seen.status, Status::Open);

    // Chen accepts in the basement; the next exchange carries his sign-up back to her phone.
    chen.accept(ride).expect("accept");
    let report = peer::connect(&wang.device, &chen_listens.addr, None)
        .await
        .expect("peer sync again");
    assert_eq!(report.received_changes, 1, "his sign-up, nothing else");
    for phone in [&wang, &chen] {
        assert_eq!(
            phone.states(ride),
            vec![("Chen".to_string(), SignupState::Tentative)],
            "{}: tentative until the relay has ordered it",
            phone.name
        );
    }
    drop(chen_listens);

    // The power is back. Chen reaches the relay first: he uploads her request and his sign-up,
    // each stored as its author's.
    relay.back_up(addr).await;
    let carried = chen.sync().await;
    assert!(carried.rejected.is_empty(), "{:?}", carried.rejected);
    assert_eq!(chen.states(ride), vec![("Chen".to_string(), SignupState::Confirmed)]);
    let held = relay
        .store()
        .doc(ride)
        .expect("store")
        .expect("the relay holds her request");
    assert_eq!(held.group_id, hood.b3);

    // A third phone receives both: her request, and Chen confirmed on it.
    li.sync().await;
    let on_li = li.request(ride).expect("Li holds her request");
    assert_eq!(
        on_li.requester.member_id,
        Some(wang.settings().member_id),
        "hers, as she wrote it"
    );
    assert_eq!(li.states(ride), vec![("Chen".to_string(), SignupState::Confirmed)]);

    // Her own sync later changes nothing on the relay.
    let before = relay.store().feed_head(hood.b3).expect("feed");
    let late = wang.sync().await;
    assert!(late.rejected.is_empty(), "{:?}", late.rejected);
    assert_eq!(relay.store().feed_head(hood.b3).expect("feed"), before, "nothing new");
    assert_eq!(wang.states(ride), vec![("Chen".to_string(), SignupState::Confirmed)]);
}

#[tokio::test]
async fn changes_both_phones_made_apart_to_requests_they_share_cross_in_one_session() {
    let relay = Relay::start().await;
    let staff = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    admit(&staff, &chen, hood.b3, Role::Volunteer).await;
    let li = Phone::registered("Li", "3", &relay).await;
    admit(&staff, &li, hood.b3, Role::Volunteer).await;
    let rides: Vec<_> = (0..3).map(|_| staff.raise_ride(hood.b3, 2)).collect();
    staff.sync().await;
    chen.sync().await;
    li.sync().await;
    relay.stop().await;

    for ride in &rides {
        chen.accept(*ride).expect("Chen accepts");
        chen.comment(*ride, "Chen: on my way").expect("comment");
        li.accept(*ride).expect("Li accepts");
        li.comment(*ride, "Li: coming too").expect("comment");
    }
    let li_listens = listening(&li).await;
    let report = peer::connect(&chen.device, &li_listens.addr, None)
        .await
        .expect("peer sync");
    assert_eq!((report.sent_changes, report.received_changes), (6, 6), "{report:?}");
    assert_eq!(report.withheld, 0, "{report:?}");
    for ride in &rides {
        assert_eq!(chen.heads(*ride).expect("heads"), li.heads(*ride).expect("heads"));
    }
}

#[tokio::test]
async fn a_silent_connection_holds_up_no_neighbour() {
    let relay = Relay::start().await;
    let staff = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    admit(&staff, &wang, hood.b3, Role::Resident).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    admit(&staff, &chen, hood.b3, Role::Volunteer).await;
    let ride = wang.raise_ride(hood.b3, 1);

    let chen_listens = listening(&chen).await;
    // Something on the network connects and says nothing.
    let _silent = tokio::net::TcpStream::connect(&chen_listens.addr)
        .await
        .expect("connect");
    let report = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        peer::connect(&wang.device, &chen_listens.addr, None),
    )
    .await
    .expect("served beside the silent one, long before it is given up on")
    .expect("peer sync");
    assert_eq!(report.sent_docs, 1);
    assert!(chen.request(ride).is_ok());
}
