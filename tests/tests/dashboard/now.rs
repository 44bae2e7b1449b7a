//! The Now page: open requests, urgent first, updated live without a reload.

use std::time::{Duration, Instant};

use jinlin_core::{NewRequest, RequestKind};

use crate::browser;
use crate::support::Hood;

#[tokio::test]
async fn a_request_raised_on_a_phone_appears_on_the_now_page_within_two_seconds_without_reload() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.wait_for("#live-state.on").await;
    browser.mark_page().await;
    assert!(browser.text_of("#now-list").await.contains("Nobody is waiting"));

    let mut ride = NewRequest::new(
        hood.tree.b3,
        RequestKind::Hospital,
        "A ride to the eye clinic on Friday",
    );
    ride.slots = 1;
    hood.wang.raise(ride).expect("raised");
    let mut urgent = NewRequest::new(
        hood.tree.b3,
        RequestKind::Other,
        "I fell in the kitchen and cannot get up",
    );
    urgent.urgent = true;
    urgent.slots = 2;
    hood.wang.raise(urgent).expect("raised");
    let raised = Instant::now();
    hood.wang.sync().await;

    let deadline = raised + Duration::from_secs(2);
    loop {
        let list = browser.text_of("#now-list").await;
        if list.contains("eye clinic") && list.contains("cannot get up") {
            break;
        }
        assert!(Instant::now() < deadline, "both requests shown within 2 s: {list}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(browser.same_page().await, "the list changed without a reload");
    // Urgent first, with how its alert is going.
    let first = browser.text_of("#now-list article").await;
    assert!(first.contains("cannot get up") && first.contains("Urgent"), "{first}");
    assert!(
        browser.find("#now-list article.urgent .receipts").await.is_some(),
        "the wave is shown"
    );
    let receipts = browser.text_of("#now-list article.urgent .receipts").await;
    assert!(
        receipts.contains("alerted") && receipts.contains("coming"),
        "{receipts}"
    );
    browser.screenshot("now").await;
    // In Chinese by default.
    browser.goto(&hood.dashboard("/now?lang=zh")).await;
    browser.wait_for("#now-list").await;
    assert!(browser.text_of("#now-list").await.contains("紧急"));
    browser.screenshot("now-zh").await;
    browser.close().await;
}

#[tokio::test]
async fn staff_widen_an_urgent_alert_from_the_now_page_without_waiting_for_the_wave() {
    let hood = Hood::new().await;
    let mut smoke = NewRequest::new(hood.tree.b3, RequestKind::Other, "Smoke in the corridor on floor 5");
    smoke.urgent = true;
    smoke.slots = 3;
    let id = hood.wang.raise(smoke).expect("raised");
    hood.wang.sync().await;
    let before = hood.sun.client().alert_receipts(id).await.expect("receipts");
    assert_eq!(before.wave, 1, "the building first");

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    let widen = browser.wait_for("article.urgent form[action$='/widen'] button").await;
    browser.screenshot("now-widen").await;
    browser.submit(&widen).await;
    let after = hood.sun.client().alert_receipts(id).await.expect("receipts");
    assert!(after.wave > 1, "the next circle is alerted now: {after:?}");
    assert!(
        after.alerted > before.alerted,
        "more neighbours alerted: {before:?} → {after:?}"
    );
    let shown =
        crate::signin::eventually_text(&browser, "article.urgent .receipts", &format!("wave {}", after.wave)).await;
    assert!(shown, "{}", browser.text_of("#now-list").await);
    browser.close().await;
}

#[tokio::test]
async fn staff_can_call_the_requester_at_home_and_a_building_leader_is_not_shown_the_number() {
    let hood = Hood::new().await;
    let mut fall = NewRequest::new(hood.tree.b3, RequestKind::Other, "I fell and cannot get up");
    fall.urgent = true;
    fall.place = jinlin_core::Place {
        building: Some("3".into()),
        unit: Some("101".into()),
        ..jinlin_core::Place::default()
    };
    hood.wang.raise(fall).expect("raised");
    hood.wang.sync().await;

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    let call = browser.wait_for("#now-list a.call").await;
    let words = browser.text(&call).await;
    assert!(
        words.contains("Grandma Wang") && words.contains("13800000000"),
        "staff see who to call at the requester's home: {words}"
    );
    let href = browser
        .script(
            "return document.querySelector('#now-list a.call').getAttribute('href');",
            serde_json::json!([]),
        )
        .await;
    assert_eq!(href, "tel:13800000000", "one tap dials her");
    browser.screenshot("now-call").await;
    browser.close().await;

    let browser = browser!();
    hood.sign_in(&browser, &hood.li).await;
    assert!(
        crate::signin::eventually_text(&browser, "#now-list", "cannot get up").await,
        "the leader sees the request"
    );
    assert!(
        browser.find("#now-list a.call").await.is_none(),
        "the phone number is shown to staff only"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_one_tap_ride_with_no_words_of_its_own_reads_in_the_desks_language() {
    let hood = Hood::new().await;
    let mut ride = NewRequest::new(hood.tree.b3, RequestKind::Hospital, "");
    ride.urgent = true;
    hood.wang.raise(ride).expect("an urgent ride needs no words");
    hood.wang.sync().await;

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    assert!(
        crate::signin::eventually_text(&browser, "#now-list", "Please take me to hospital").await,
        "the English desk words it in English"
    );
    browser.goto(&hood.dashboard("/now?lang=zh")).await;
    assert!(
        crate::signin::eventually_text(&browser, "#now-list", "请送我去医院").await,
        "the Chinese desk in Chinese"
    );
    browser.close().await;
}
