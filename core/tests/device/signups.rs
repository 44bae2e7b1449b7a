//! Who is confirmed, who stands by, who is still tentative.

use jinlin_core::SignupState::{Confirmed, Standby, Tentative};
use jinlin_core::{Device, DocId, SignupState};

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

fn states(d: &Device, id: DocId) -> Vec<(String, SignupState)> {
    d.request(id)
        .expect("request")
        .signups
        .iter()
        .map(|s| (s.member_name.clone(), s.state))
        .collect()
}

#[test]
fn an_offline_sign_up_stays_tentative_until_the_relay_has_seen_it() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li]);

    li.accept(req).expect("accept");
    assert_eq!(states(&li, req), vec![("Li".into(), Tentative)]);

    relay.sync_all(&[&li, &mei]);
    assert_eq!(states(&li, req), vec![("Li".into(), Confirmed)]);
    assert_eq!(states(&mei, req), vec![("Li".into(), Confirmed)]);
}

#[test]
fn two_offline_accepts_on_one_slot_confirm_whoever_reached_the_relay_first() {
    let c = clock();
    let (mei, li, wang) = (device("Mei", "3", &c), device("Li", "3", &c), device("Wang", "5", &c));
    let group = community(&mei, &[&li, &wang]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li, &wang]);

    // Wang accepts first by the clock, but Li's phone reaches the relay first.
    wang.accept(req).expect("wang accepts");
    c.advance(5_000);
    li.accept(req).expect("li accepts");
    relay.push(&li);
    relay.push(&wang);
    relay.sync_all(&[&mei, &li, &wang]);

    let expected = vec![("Li".to_string(), Confirmed), ("Wang".to_string(), Standby)];
    for d in [&mei, &li, &wang] {
        assert_eq!(states(d, req), expected);
    }
}

#[test]
fn when_the_confirmed_volunteer_withdraws_the_first_on_standby_is_promoted_everywhere() {
    let c = clock();
    let (mei, li, wang, zhao) = (
        device("Mei", "3", &c),
        device("Li", "3", &c),
        device("Wang", "3", &c),
        device("Zhao", "3", &c),
    );
    let group = community(&mei, &[&li, &wang, &zhao]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li, &wang, &zhao]);
    for d in [&li, &wang, &zhao] {
        d.accept(req).expect("accept");
        relay.push(d);
    }
    relay.sync_all(&[&mei, &li, &wang, &zhao]);
    assert_eq!(states(&mei, req)[0], ("Li".into(), Confirmed));

    li.withdraw(req).expect("withdraw");
    relay.sync_all(&[&li, &mei, &wang, &zhao]);
    let expected = vec![("Wang".to_string(), Confirmed), ("Zhao".to_string(), Standby)];
    for d in [&mei, &li, &wang, &zhao] {
        assert_eq!(
            states(d, req),
            expected,
            "withdrawn sign-ups leave the list and the line moves up"
        );
    }
}

#[test]
fn the_requester_picking_a_volunteer_by_hand_overrides_relay_order() {
    let c = clock();
    let (mei, li, wang) = (device("Mei", "3", &c), device("Li", "3", &c), device("Wang", "3", &c));
    let group = community(&mei, &[&li, &wang]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li, &wang]);
    li.accept(req).expect("li");
    relay.push(&li);
    wang.accept(req).expect("wang");
    relay.push(&wang);
    relay.sync_all(&[&mei, &li, &wang]);

    let wang_id = wang.identity().expect("id").expect("some").member_id;
    mei.pick(req, wang_id).expect("pick");
    relay.sync_all(&[&mei, &li, &wang]);
    for d in [&mei, &li, &wang] {
        assert_eq!(states(d, req), vec![("Wang".into(), Confirmed), ("Li".into(), Standby)]);
    }
}

#[test]
fn a_volunteer_cannot_sign_up_twice() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 2)).expect("raise");
    relay.sync_all(&[&mei, &li]);
    li.accept(req).expect("first");
    let err = li.accept(req).expect_err("second");
    assert!(matches!(err, jinlin_core::Error::AlreadySignedUp), "{err}");
    assert_eq!(li.request(req).expect("req").signups.len(), 1);
}
