//! The requester offline: a ready SMS after 20 seconds without the relay.

use jinlin_core::device::sms::Contact;
use jinlin_model::sms::SmsLanguage;
use jinlin_model::sms::length::fits;

use crate::support::{MiniRelay, clock, community, device, hospital_ride};

#[test]
fn an_urgent_request_stuck_offline_offers_an_sms_after_twenty_seconds() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = community(&mei, &[]);
    mei.set_emergency_contacts(&[Contact {
        name: "Sister".into(),
        phone: "+86 138 0000 0000".into(),
        language: SmsLanguage::ZhHans,
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
            phone: "+86 138 0000 0000".into(),
            language: SmsLanguage::ZhHans,
        }]
    );
    assert!(
        sms.text.contains("急") && sms.text.contains("Mei") && sms.text.contains("3号楼"),
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
            phone: "call me".into(),
            language: SmsLanguage::ZhHans,
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
        language: SmsLanguage::ZhHans,
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
    assert!(text(wu).contains("Grandma Wu需要送医，在5号楼301室"), "{}", text(wu));
    assert!(
        text(zhao).contains("，在1202室。"),
        "a unit alone still says where: {}",
        text(zhao)
    );
}

#[test]
fn each_contact_gets_the_text_in_their_language_and_each_text_is_one_sms() {
    let c = clock();
    let mei = device("Wang Xiuying", "3", &c);
    let group = community(&mei, &[]);
    let sister = Contact {
        name: "妹妹".into(),
        phone: "+86 138 0000 0000".into(),
        language: SmsLanguage::ZhHans,
    };
    let son = Contact {
        name: "Son".into(),
        phone: "+65 8123 4567".into(),
        language: SmsLanguage::En,
    };
    mei.set_emergency_contacts(&[son.clone(), sister.clone()])
        .expect("contacts");
    assert_eq!(
        mei.emergency_contacts().expect("read"),
        vec![son.clone(), sister.clone()]
    );
    let mut fall = hospital_ride(group, 1);
    fall.text = "我在厨房摔倒了，腿很疼，站不起来，门没有锁，钥匙在门口的鞋柜里，请快点来，谢谢大家".into();
    let req = mei.raise(fall).expect("raise");
    c.advance(20_000);
    let draft = mei.sms_fallback(req, &[]).expect("sms").expect("offered");
    assert_eq!(draft.messages.len(), 2, "{draft:?}");
    let (zh, en) = (&draft.messages[0], &draft.messages[1]);
    assert_eq!(
        (zh.language, zh.to.clone()),
        (SmsLanguage::ZhHans, vec![sister]),
        "Chinese first"
    );
    assert_eq!((en.language, en.to.clone()), (SmsLanguage::En, vec![son]));
    for m in &draft.messages {
        assert!(fits(&m.text), "one SMS: {}", m.text);
        assert!(m.text.contains("Wang Xiuying") && m.text.contains('3'), "{}", m.text);
    }
    assert!(
        zh.text.contains("我在厨房摔倒了") && zh.text.contains('…'),
        "her words, shortened: {}",
        zh.text
    );
    assert!(
        en.text.starts_with("Jinlin URGENT") && !en.text.contains("送医"),
        "{}",
        en.text
    );
    assert_eq!(draft.text, en.text, "the draft's text is its first recipient's");
}
