//! Urgent help reaches the nearest neighbours at once and widens until enough people are coming:
//! a real relay on loopback whose clock the test steps by hand (no test sleeps for a wave), and
//! phones with their own stores and live channels.

mod cli;
mod decline;
mod languages;
mod makers;
mod outside;
mod push;
mod support;
mod teams;
mod voice;

use jinlin_core::{NewRequest, RequestKind};
use jinlin_model::dispatch::DispatchConfig;
use jinlin_model::protocol::{HomeLocation, PushKind, PushRegistration};
use jinlin_relay::alerts::push::PushSettings;
use jinlin_tests::eventually;
use support::{ALL, DAY, Hood, NIGHT};

const MINUTE: i64 = 60_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_wave_is_her_building_and_the_nearest_drivers_of_the_estate_within_the_second() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    for name in ["Li", "Wu", "Chen", "Zhou"] {
        assert_eq!(hood.get(name).alerted(ride), Some(1), "{name} is in wave 1");
    }
    let chen = &hood.get("Chen").phone;
    assert_eq!(
        chen.request(ride)
            .expect("a driver from building 5 can read the ride")
            .text,
        "Please drive me to the maternity hospital"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_place_and_homes_the_driver_nearest_by_distance_is_alerted_first() {
    // One driver in the first wave, so the distance decides which.
    let config = DispatchConfig {
        skilled_first: 1,
        ..DispatchConfig::default()
    };
    let hood = Hood::with(DAY, PushSettings::default(), config).await;
    let home = |lat: f64| HomeLocation { lat, lon: 118.0894 };
    let set_home = |name: &str, lat: f64| {
        let client = hood.get(name).phone.client();
        async move { client.set_home(Some(&home(lat))).await.expect("home") }
    };
    let ride_from_the_gate = || {
        let mut req = NewRequest::new(
            hood.b3,
            RequestKind::Hospital,
            "Please drive me to the maternity hospital",
        );
        req.urgent = true;
        req.place.lat = Some(24.4798);
        req.place.lon = Some(118.0894);
        hood.get("Grandma Wang").phone.device.raise(req).expect("raise")
    };

    // Chen lives about 900 m from the gate, Zhou 150 m.
    set_home("Chen", 24.4879).await;
    set_home("Zhou", 24.4812).await;
    let first = ride_from_the_gate();
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(first, &["Li", "Wu", "Zhou"]).await;

    // Zhou moves away: the next ride goes to Chen.
    set_home("Zhou", 24.5100).await;
    let second = ride_from_the_gate();
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(second, &["Li", "Wu", "Chen"]).await;

    // A home is real coordinates, and it can be forgotten.
    let chen = hood.get("Chen").phone.client();
    let bad = chen.set_home(Some(&HomeLocation { lat: 95.0, lon: 0.0 })).await;
    assert!(
        matches!(bad, Err(jinlin_core::Error::Relay { status: 400, .. })),
        "{bad:?}"
    );
    chen.set_home(None).await.expect("forgotten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_nobody_coming_it_widens_to_the_estate_after_a_minute_then_the_community_with_grid_workers_and_staff() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;

    hood.relay.advance(MINUTE - 1);
    hood.relay.relay().run_due_alerts().expect("timers");
    assert_eq!(hood.alerted(ride).len(), 4, "not before the minute is up");

    hood.relay.advance(1);
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
    assert_eq!(hood.get("Ma").alerted(ride), Some(2));

    hood.relay.advance(MINUTE);
    hood.expect_alerted(
        ride,
        &ALL[..]
            .iter()
            .filter(|n| **n != "Grandma Wang")
            .copied()
            .collect::<Vec<_>>(),
    )
    .await;
    for name in ["He", "Gao", "Ms Sun"] {
        assert_eq!(hood.get(name).alerted(ride), Some(3), "{name} is in wave 3");
    }
    let receipts = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((receipts.wave, receipts.alerted), (3, 8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_night_a_wave_lasts_thirty_seconds() {
    let hood = Hood::new(NIGHT).await;
    the_first_wave_lasts_thirty_seconds(&hood).await;
}

/// Grandma Wang asks for a ride: her building and the estate's drivers hear at once, and the
/// estate 30 s later, not a millisecond before.
async fn the_first_wave_lasts_thirty_seconds(hood: &Hood) {
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    hood.relay.advance(29_999);
    hood.relay.relay().run_due_alerts().expect("timers");
    assert!(hood.get("Ma").alerted(ride).is_none());
    hood.relay.advance(1);
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn night_is_judged_in_the_time_zone_the_community_names() {
    // 14:00 in Xiamen is 01:00 in New York: a community keeping New York time is at night.
    let hood = Hood::new(DAY).await;
    let sun = &hood.get("Ms Sun").phone;
    sun.set_time_zone(hood.community, Some("America/New_York"))
        .expect("time zone");
    sun.sync().await;
    the_first_wave_lasts_thirty_seconds(&hood).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decline_passes_the_alert_to_the_next_nearest_at_once() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;

    hood.get("Chen").phone.client().decline(ride).await.expect("decline");
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
    let receipts = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!(receipts.declined, 1);

    let again = hood.get("He").phone.client().decline(ride).await;
    assert!(
        matches!(again, Err(jinlin_core::Error::Relay { status: 404, .. })),
        "only those alerted can decline: {again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_hours_hold_back_alerts_but_an_urgent_hospital_ride_comes_through_unless_turned_off() {
    let hood = Hood::new(NIGHT).await;
    hood.quiet("Li", true).await;
    hood.quiet("Wu", false).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Chen", "Zhou"]).await;
    assert!(hood.get("Wu").alerted(ride).is_none(), "Wu turned medical alerts off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_member_is_not_alerted() {
    let hood = Hood::new(DAY).await;
    hood.get("Li")
        .phone
        .client()
        .set_availability(false)
        .await
        .expect("off");
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Wu", "Chen", "Zhou"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_the_slots_are_filled_the_others_hear_no_longer_needed() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 2);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    for name in ["Wu", "Zhou"] {
        let phone = &hood.get(name).phone;
        phone.accept(ride).expect("accept");
        phone.sync().await;
    }
    let stood_down = ["Li", "Chen"].map(String::from).into_iter().collect();
    assert!(
        eventually(|| hood.stood_down(ride) == stood_down).await,
        "{:?}",
        hood.stood_down(ride)
    );
    hood.relay.advance(10 * MINUTE);
    hood.relay.relay().run_due_alerts().expect("timers");
    assert_eq!(hood.alerted(ride).len(), 4, "no more waves");
    let receipts = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((receipts.coming, receipts.finished), (2, true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escalation_resumes_after_a_relay_restart() {
    let mut hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;

    hood.relay.reboot().await;
    hood.wait_all_online().await;
    // The wave's minute ran out while the relay was down: it fires as soon as it is back.
    hood.relay.advance(2 * MINUTE);
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
    assert_eq!(hood.get("Ma").alerted(ride), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_alerted_from_outside_reads_that_request_only_while_the_alert_stands() {
    let hood = Hood::new(DAY).await;
    let grandma = &hood.get("Grandma Wang").phone;
    let other = grandma.raise_ride(hood.b3, 1);
    let mut routine = jinlin_core::NewRequest::new(hood.b3, jinlin_core::RequestKind::Errand, "Buy some rice");
    routine.urgent = false;
    let errand = grandma.raise(routine).expect("errand");
    grandma.sync().await;
    hood.expect_alerted(other, &["Li", "Wu", "Chen", "Zhou"]).await;

    let ma = &hood.get("Ma").phone;
    ma.sync().await;
    assert!(ma.request(other).is_err(), "Ma was not alerted and lives in building 5");
    let chen = &hood.get("Chen").phone;
    chen.sync().await;
    assert!(chen.request(other).is_ok());
    assert!(chen.request(errand).is_err(), "the alert opens that one request only");

    // Zhou takes it: the slot is filled and Chen's alert ends.
    let zhou = &hood.get("Zhou").phone;
    zhou.accept(other).expect("accept");
    zhou.sync().await;
    assert!(eventually(|| hood.get("Chen").stood_down(other)).await);
    chen.comment(other, "Can I help?").expect("comment offline");
    let report = chen.sync().await;
    assert_eq!(
        report.rejected.len(),
        1,
        "the relay refuses it once the alert ends: {report:?}"
    );
    grandma.comment(other, "Zhou is here, thank you").expect("comment");
    grandma.sync().await;
    chen.sync().await;
    let thanks = |v: jinlin_core::RequestView| v.comments.iter().any(|c| c.text.starts_with("Zhou is here"));
    assert!(
        !thanks(chen.request(other).expect("his copy stays")),
        "new changes no longer reach Chen"
    );
    zhou.sync().await;
    assert!(
        thanks(zhou.request(other).expect("Zhou is coming")),
        "the volunteer who is coming keeps reading it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_count_alerted_delivered_seen_and_coming_for_the_requester_staff_and_those_alerted_only() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 2);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    for name in ["Li", "Chen"] {
        hood.get(name).phone.client().alert_seen(ride).await.expect("seen");
    }
    let zhou = &hood.get("Zhou").phone;
    zhou.accept(ride).expect("accept");
    zhou.sync().await;
    let mut last = None;
    for _ in 0..200 {
        let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
        if r.delivered == 4 && r.coming == 1 {
            last = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let r = last.expect("delivery receipts arrive");
    assert_eq!((r.alerted, r.delivered, r.seen, r.coming, r.slots), (4, 4, 2, 1, 2));
    assert!(hood.receipts("Ms Sun", ride).await.is_ok(), "staff may read them");
    assert!(hood.receipts("Chen", ride).await.is_ok(), "those alerted may read them");
    let outsider = hood.receipts("He", ride).await;
    assert!(
        matches!(outsider, Err(jinlin_core::Error::Relay { status: 404, .. })),
        "{outsider:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pregnant_woman_alone_at_night_asks_for_a_ride_her_building_hears_at_once_it_widens_a_driver_declines_two_come_and_the_rest_are_stood_down()
 {
    let hood = Hood::new(NIGHT).await;
    let grandma = &hood.get("Grandma Wang").phone;
    // 23:30. She raises an urgent hospital ride for two people; it is saved on her phone first.
    let ride = grandma.raise_ride(hood.b3, 2);
    assert!(grandma.unsynced_docs().expect("pending").contains(&ride));
    grandma.sync().await;

    // Her building's neighbours and the nearest drivers hear within the same second of relay time.
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((r.wave, r.alerted, r.coming), (1, 4, 0));

    // Nobody answers in thirty seconds (night): it widens to the estate.
    hood.relay.advance(30_000);
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;

    // Chen cannot come; the alert passes on at once, to the community.
    hood.get("Chen").phone.client().decline(ride).await.expect("decline");
    assert!(eventually(|| hood.alerted(ride).len() == 6).await);

    // Li and Zhou confirm.
    for name in ["Li", "Zhou"] {
        let p = &hood.get(name).phone;
        p.client().alert_seen(ride).await.expect("seen");
        p.accept(ride).expect("accept");
        p.sync().await;
    }
    grandma.sync().await;
    let view = grandma.request(ride).expect("ride");
    assert_eq!(view.confirmed(), 2, "two are coming");

    // Everyone else still alerted hears "no longer needed"; those coming and Chen do not.
    let alerted = hood.alerted(ride);
    let expected: std::collections::BTreeSet<String> = alerted
        .iter()
        .filter(|n| !["Li", "Zhou", "Chen"].contains(&n.as_str()))
        .cloned()
        .collect();
    assert!(
        eventually(|| hood.stood_down(ride) == expected).await,
        "stood down {:?}, expected {expected:?}",
        hood.stood_down(ride)
    );
    let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((r.coming, r.declined, r.finished), (2, 1, true));
    assert!(r.seen >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_phone_gets_its_alert_through_the_signed_webhook() {
    let fake = push::FakePush::start().await;
    let hood = Hood::with_push(DAY, fake.settings()).await;
    // Zhou's phone is offline; it registered an SMS gateway address.
    let zhou = &hood.get("Zhou").phone;
    zhou.client()
        .register_push(&PushRegistration {
            kind: PushKind::Webhook,
            token: "+86 138 0000 0000".into(),
        })
        .await
        .expect("push");
    let mut hood = hood;
    let zhou_index = hood.people.iter().position(|n| n.phone.name == "Zhou").expect("zhou");
    hood.people[zhou_index].live = None;
    let member = hood.people[zhou_index]
        .phone
        .identity()
        .expect("id")
        .expect("me")
        .member_id;
    let relay = hood.relay.relay().clone();
    assert!(eventually(|| !relay.alerts().is_online(member)).await);

    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen"]).await;
    assert!(eventually(|| fake.count() == 1).await, "one webhook call");
    let call = fake.last().expect("call");
    assert_eq!(call["to"], "+86 138 0000 0000");
    assert_eq!(call["request"], ride.to_string());
    assert_eq!(call["type"], "alert");
    let mut delivered = 0;
    for _ in 0..200 {
        delivered = hood.receipts("Grandma Wang", ride).await.expect("receipts").delivered;
        if delivered == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(delivered, 4, "the webhook's 200 counts as delivered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_neighbour_offline_hears_of_a_missed_check_in_through_the_signed_webhook() {
    use jinlin_model::checkin::PairedNeighbour;
    use jinlin_model::checkin::pairing::NewPairing;
    const MORNING: jinlin_core::Millis = DAY - 5 * 3_600_000;
    let fake = push::FakePush::start().await;
    let mut hood = Hood::with_push(MORNING, fake.settings()).await;
    let member = |name: &str| hood.get(name).phone.identity().expect("id").expect("me").member_id;
    let (wang, li) = (member("Grandma Wang"), member("Li"));
    let pairing = hood
        .get("Gao")
        .phone
        .client()
        .create_pairing(&NewPairing {
            group_id: hood.b3,
            person: Some(wang),
            proxy: None,
            household: None,
            name: "Grandma Wang".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            neighbours: vec![PairedNeighbour {
                member: li,
                name: "Li".into(),
                phone: None,
                language: jinlin_model::sms::SmsLanguage::ZhHans,
            }],
            deadline: "10:00".into(),
            grace_minutes: Some(30),
            wait_minutes: Some(15),
        })
        .await
        .expect("pair")
        .pairing
        .id;
    for who in ["Grandma Wang", "Li"] {
        hood.get(who)
            .phone
            .client()
            .accept_pairing(pairing)
            .await
            .expect("accept");
    }
    // Li's phone is offline; it registered an SMS gateway address.
    hood.get("Li")
        .phone
        .client()
        .register_push(&PushRegistration {
            kind: PushKind::Webhook,
            token: "+86 138 0000 1111".into(),
        })
        .await
        .expect("push");
    hood.offline("Li").await;

    hood.relay.clock().set(MORNING + 90 * 60_000);
    hood.relay.relay().run_due_checkins().expect("judging");
    assert!(eventually(|| fake.count() == 1).await, "one webhook call");
    let call = fake.last().expect("call");
    assert_eq!(call["type"], "checkin_missed");
    assert_eq!(call["to"], "+86 138 0000 1111");
    assert_eq!(call["pairing"], pairing.to_string());
    assert_eq!(call["place"], "building 3, unit 1202");
    let client = hood.get("Grandma Wang").phone.client();
    let mut via = None;
    for _ in 0..200 {
        let v = client.pairing(pairing).await.expect("pairing");
        via = v.watch.and_then(|w| w.alerted[0].delivered.clone());
        if via.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(via.as_deref(), Some("push:webhook"), "she sees how it reached him");
}
