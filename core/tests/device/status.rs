//! Open → in progress → done, or cancelled; final is final; done beats a concurrent cancel.

use jinlin_core::{Error, Status};

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn a_request_moves_from_open_to_in_progress_to_done() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    assert_eq!(mei.request(req).expect("r").status, Status::Open);
    relay.sync_all(&[&mei, &li]);
    li.accept(req).expect("accept");
    relay.sync_all(&[&li, &mei]);
    li.start(req).expect("start");
    assert_eq!(li.request(req).expect("r").status, Status::InProgress);
    li.complete(req).expect("done");
    relay.sync_all(&[&li, &mei]);
    assert_eq!(mei.request(req).expect("r").status, Status::Done);
}

#[test]
fn done_wins_when_one_device_marks_done_while_another_cancels() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li]);
    li.accept(req).expect("accept");
    relay.sync_all(&[&li, &mei]);

    // Both offline: Li has driven Mei and marks it done; Mei, unaware, cancels.
    li.complete(req).expect("done");
    c.advance(60_000);
    mei.cancel(req).expect("cancel");
    assert_eq!(mei.request(req).expect("r").status, Status::Cancelled);

    relay.sync_all(&[&mei, &li]);
    assert_eq!(mei.request(req).expect("r").status, Status::Done);
    assert_eq!(li.request(req).expect("r").status, Status::Done);
}

#[test]
fn a_final_request_refuses_new_sign_ups_and_further_changes() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    mei.cancel(req).expect("cancel");
    relay.sync_all(&[&mei, &li]);

    let before = li.save_doc(req).expect("save");
    assert!(matches!(li.accept(req), Err(Error::RequestFinal(Status::Cancelled))));
    assert!(matches!(mei.start(req), Err(Error::RequestFinal(Status::Cancelled))));
    assert!(matches!(mei.complete(req), Err(Error::RequestFinal(_))));
    assert!(matches!(mei.cancel(req), Err(Error::RequestFinal(_))));
    assert_eq!(li.save_doc(req).expect("save"), before, "a refused call writes nothing");
}

#[test]
fn a_sign_up_made_offline_on_a_request_cancelled_meanwhile_is_never_confirmed() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = community(&mei, &[&li]);
    let mut relay = MiniRelay::default();
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    relay.sync_all(&[&mei, &li]);
    li.accept(req).expect("accept offline");
    mei.cancel(req).expect("cancel");
    relay.push(&mei);
    relay.sync_all(&[&li, &mei]);
    let view = mei.request(req).expect("r");
    assert_eq!(view.status, Status::Cancelled);
    assert_eq!(view.confirmed(), 0);
}

#[test]
fn starting_twice_is_refused_with_the_current_status() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    mei.start(req).expect("start");
    let err = mei.start(req).expect_err("again");
    assert_eq!(err.to_string(), "cannot start a request that is in-progress");
}
