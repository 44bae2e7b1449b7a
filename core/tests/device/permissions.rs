//! Who may do what: the core refuses anything else with a clear error and writes nothing.

use jinlin_core::{Error, Status};

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn only_the_requester_cancels() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li]);
    let err = li.cancel(req).expect_err("volunteer cancels");
    assert!(matches!(err, Error::NotAllowed(_)), "{err}");
    assert_eq!(err.to_string(), "not allowed: only the requester cancels a request");
    mei.cancel(req).expect("requester cancels");
}

#[test]
fn whoever_raised_a_request_for_a_neighbour_without_a_phone_may_cancel_it() {
    let c = clock();
    let leader = device("Leader Chen", "3", &c);
    let group = community(&leader, &[]);
    let mut r = hospital_ride(group, 1);
    r.on_behalf_of = Some("Grandma Lin".into());
    let req = leader.raise(r).expect("raise");
    let view = leader.request(req).expect("view");
    assert_eq!(view.requester.name, "Grandma Lin");
    assert_eq!(view.requester.member_id, None);
    assert_eq!(view.raised_by.name, "Leader Chen");
    leader.cancel(req).expect("cancel for her");
}

#[test]
fn only_a_confirmed_volunteer_or_the_requester_marks_done() {
    let c = clock();
    let (mei, li, wang) = (device("Mei", "3", &c), device("Li", "3", &c), device("Wang", "3", &c));
    let group = community(&mei, &[&li, &wang]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li, &wang]);
    li.accept(req).expect("li");
    relay.push(&li);
    wang.accept(req).expect("wang");
    relay.sync_all(&[&wang, &li, &mei]);

    assert!(
        matches!(wang.complete(req), Err(Error::NotAllowed(_))),
        "a standby volunteer may not"
    );
    assert!(matches!(wang.start(req), Err(Error::NotAllowed(_))));
    li.complete(req).expect("the confirmed volunteer may");
    assert_eq!(li.request(req).expect("r").status, Status::Done);
}

#[test]
fn a_member_withdraws_only_their_own_sign_up() {
    let c = clock();
    let (mei, li, wang) = (device("Mei", "3", &c), device("Li", "3", &c), device("Wang", "3", &c));
    let group = community(&mei, &[&li, &wang]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li, &wang]);
    li.accept(req).expect("li");
    relay.sync_all(&[&li, &wang]);
    assert!(
        matches!(wang.withdraw(req), Err(Error::NoSignup)),
        "Wang has no sign-up to withdraw"
    );
    assert_eq!(
        wang.request(req).expect("r").signups.len(),
        1,
        "Li's sign-up is untouched"
    );
}

#[test]
fn only_the_requester_picks_by_hand() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li]);
    li.accept(req).expect("li");
    let li_id = li.identity().expect("id").expect("some").member_id;
    assert!(matches!(li.pick(req, li_id), Err(Error::NotAllowed(_))));
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    // An urgent request may say nothing of its own (its kind says it); a routine one may not.
    let mut r = hospital_ride(group, 1);
    r.urgent = false;
    r.text = "   ".into();
    assert!(matches!(mei.raise(r), Err(Error::EmptyText(_))));
    assert!(matches!(
        mei.raise(hospital_ride(group, 0)),
        Err(Error::InvalidSlots { given: 0, .. })
    ));
    let unknown = jinlin_core::DocId::random();
    assert!(matches!(mei.accept(unknown), Err(Error::UnknownRequest(id)) if id == unknown));
    assert!(matches!(
        mei.raise(hospital_ride(unknown, 1)),
        Err(Error::UnknownGroup(_))
    ));
    assert!(mei.list_requests(&Default::default()).expect("list").is_empty());
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    assert!(matches!(mei.comment(req, ""), Err(Error::EmptyText(_))));
    assert!(mei.request(req).expect("r").comments.is_empty());
}

#[test]
fn only_staff_name_a_groups_time_zone_and_an_unknown_zone_writes_nothing() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let li = device("Li", "3", &c);
    let group = community(&mei, &[&li]);
    mei.set_time_zone(group, Some("asia/shanghai")).expect("zone");
    assert_eq!(
        mei.group(group).expect("group").time_zone.as_deref(),
        Some("Asia/Shanghai"),
        "the zone is spelled as the tz database spells it"
    );
    assert!(matches!(
        mei.set_time_zone(group, Some("Mars/Olympus_Mons")),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        li.set_time_zone(group, Some("America/New_York")),
        Err(Error::NotAllowed(_) | Error::UnknownGroup(_))
    ));
    assert_eq!(
        mei.group(group).expect("group").time_zone.as_deref(),
        Some("Asia/Shanghai")
    );
    mei.set_time_zone(group, None).expect("clear");
    assert_eq!(mei.group(group).expect("group").time_zone, None);
}
