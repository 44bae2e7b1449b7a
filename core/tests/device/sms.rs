//! The requester offline: a ready SMS after 20 seconds without the relay.

use jinlin_core::device::sms::Contact;

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn an_urgent_request_stuck_offline_offers_an_sms_after_twenty_seconds() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    mei.set_emergency_contacts(&[Contact {
        name: "Sister".into(),
        phone: "+86 138 0000 0000".into(),
    }])
    .expect("contacts");
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    assert_eq!(mei.sms_fallback(req, &[]).expect("sms"), None, "not before 20 s");
    c.advance(20_000);
    let sms = mei.sms_fallback(req, &[]).expect("sms").expect("offered");
    assert_eq!(
        sms.to,
        vec![Contact {
            name: "Sister".into(),
            phone: "+86 138 0000 0000".into()
        }]
    );
    assert!(
        sms.text.contains("URGENT") && sms.text.contains("Mei") && sms.text.contains("building 3"),
        "{}",
        sms.text
    );

    let mut relay = MiniRelay::default();
    relay.push(&mei);
    assert_eq!(
        mei.sms_fallback(req, &[]).expect("sms"),
        None,
        "once the request reached the relay, no SMS is needed"
    );
}

#[test]
fn no_sms_for_requests_that_are_not_urgent_or_without_anyone_to_text() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    let mut r = hospital_ride(group, 1);
    r.urgent = false;
    let calm = mei.raise(r).expect("raise");
    let urgent = mei.raise(hospital_ride(group, 1)).expect("raise");
    c.advance(60_000);
    assert_eq!(mei.sms_fallback(calm, &[]).expect("sms"), None);
    assert_eq!(mei.sms_fallback(urgent, &[]).expect("sms"), None, "nobody to text");
    assert!(
        mei.set_emergency_contacts(&[Contact {
            name: "X".into(),
            phone: "call me".into()
        }])
        .is_err()
    );
}

#[test]
fn the_sms_for_a_neighbour_without_a_phone_says_where_she_is() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    mei.set_emergency_contacts(&[Contact {
        name: "Sister".into(),
        phone: "+86 138 0000 0000".into(),
    }])
    .expect("contacts");
    let mut for_wu = hospital_ride(group, 1);
    for_wu.on_behalf_of = Some("Grandma Wu".into());
    for_wu.place.building = Some("5".into());
    for_wu.place.unit = Some("301".into());
    let wu = mei.raise(for_wu).expect("raise");
    let mut unit_only = hospital_ride(group, 1);
    unit_only.on_behalf_of = Some("Old Mr Zhao".into());
    unit_only.place.unit = Some("1202".into());
    let zhao = mei.raise(unit_only).expect("raise");
    c.advance(20_000);
    let text = |req| mei.sms_fallback(req, &[]).expect("sms").expect("offered").text;
    assert!(
        text(wu).contains("Grandma Wu needs a ride to hospital / 送医 at building 5, unit 301"),
        "{}",
        text(wu)
    );
    assert!(
        text(zhao).contains(" at unit 1202."),
        "a unit alone still says where: {}",
        text(zhao)
    );
}
