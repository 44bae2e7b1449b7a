//! The one-tap urgent request stores its kind, urgency and place, not a sentence in the
//! requester's language: each reader's phone words it in its own.

use automerge::{AutoCommit, ROOT};
use jinlin_core::{Error, RequestKind};
use jinlin_model::read;

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn a_one_tap_urgent_request_stores_its_kind_and_place_and_no_sentence() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "5", &c));
    let group = community(&mei, &[&li]);
    let mut ride = hospital_ride(group, 1);
    ride.text = String::new();
    let req = mei.raise(ride).expect("an urgent request needs no words of its own");

    // The document itself: the structured kind and urgency, and no text in anyone's language.
    let (_, changes) = mei.changes_for_relay(req).expect("changes").expect("doc");
    let mut doc = AutoCommit::new();
    doc.apply_changes(changes).expect("apply");
    assert_eq!(read::str(&doc, &ROOT, "kind").as_deref(), Some("hospital"));
    assert!(read::bool(&doc, &ROOT, "urgent"));
    assert_eq!(read::str(&doc, &ROOT, "text").as_deref(), Some(""));

    // A neighbour's phone reads the same structure and words it itself.
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&mei, &li]);
    let seen = li.request(req).expect("received");
    assert!(seen.is_standard());
    assert_eq!(seen.kind, RequestKind::Hospital);
    assert!(seen.urgent);
    assert_eq!(
        seen.place.building.as_deref(),
        Some("3"),
        "her building, for the reader to word"
    );
    assert_eq!(seen.english_words(), "please take me to hospital");
}

#[test]
fn a_routine_request_without_words_is_refused_and_writes_nothing() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    let mut errand = hospital_ride(group, 1);
    errand.kind = RequestKind::Errand;
    errand.urgent = false;
    errand.text = " ".into();
    assert!(matches!(mei.raise(errand), Err(Error::EmptyText("request text"))));
    assert!(mei.list_requests(&Default::default()).expect("list").is_empty());
}

#[test]
fn a_request_an_older_app_stored_with_a_standard_sentence_still_shows_it_and_reads_as_standard() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    let mut ride = hospital_ride(group, 1);
    ride.text = "请送我去医院".into();
    let req = mei.raise(ride).expect("raise");
    let view = mei.request(req).expect("view");
    assert_eq!(view.text, "请送我去医院", "kept exactly as stored");
    assert!(
        view.is_standard(),
        "so a reader's phone may word it in its own language"
    );
    // Her own words are hers, in any language.
    let mut own = hospital_ride(group, 1);
    own.text = "请送我去医院，我腿疼".into();
    let own = mei.raise(own).expect("raise");
    assert!(!mei.request(own).expect("view").is_standard());
}
