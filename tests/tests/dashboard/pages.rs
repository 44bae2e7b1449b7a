//! The other pages, each with what a member of staff does there: grid coverage, photo reports,
//! members and invites (an invite that admits a neighbour, a lost phone revoked), statistics
//! and their CSV.

use jinlin_core::{NewRequest, RequestKind, Role};
use jinlin_tests::Phone;
use serde_json::json;

use crate::browser;
use crate::support::{Hood, id};

#[tokio::test]
async fn grid_coverage_shows_the_doors_not_knocked_on_in_time_per_building() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.li).await;
    browser.goto(&hood.dashboard("/coverage")).await;
    browser.wait_for("#coverage-buildings").await;
    // Building 3: Grandma Wang visited today, Wu never.
    let buildings = browser.text_of("#coverage-buildings tbody").await;
    assert!(buildings.contains("3 1 / 2"), "{buildings}");
    assert!(
        !buildings.contains("5 "),
        "the leader of building 3 sees no other building: {buildings}"
    );
    let due = browser.text_of("#coverage-due").await;
    assert!(due.contains("Wu") && due.contains("never"), "{due}");
    assert!(!due.contains("Grandma Wang"), "visited in time: {due}");
    assert!(
        browser.text_of("#coverage-week").await.contains("Gao 1"),
        "Gao's visits this week"
    );
    browser.screenshot("coverage").await;
    browser.close().await;
}

#[tokio::test]
async fn photo_reports_show_with_their_photos() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.gao).await;
    browser.goto(&hood.dashboard("/reports")).await;
    let report = format!("article.report[data-id='{}']", hood.report);
    browser.wait_for(&report).await;
    assert!(browser.text_of(&report).await.contains("stair light on floor 2"));
    let img = format!("{report} .photos img");
    browser.wait_for(&img).await;
    let loaded = browser
        .script_async(
            "const [css, done] = arguments; const img = document.querySelector(css); \
             const check = () => img.complete ? done(img.naturalWidth) : setTimeout(check, 50); check();",
            json!([img]),
        )
        .await;
    assert_eq!(loaded, json!(16), "the photo is served to the signed-in grid worker");
    browser.screenshot("reports").await;
    browser.close().await;
}

#[tokio::test]
async fn an_invite_made_in_the_browser_admits_a_neighbour_and_a_lost_phone_is_revoked() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/members")).await;
    let b5 = format!("section.group[data-id='{}']", hood.tree.b5);
    browser.wait_for(&b5).await;
    browser.select(&format!("{b5} select[name=role]"), "Volunteer").await;
    let make = browser.wait_for(&format!("{b5} form.act button")).await;
    browser.click(&make).await;
    let code = browser.wait_for("#invite-code").await;
    let code = browser.text(&code).await;
    assert!(
        browser.find("#invite-made .qr svg").await.is_some(),
        "a QR code to print"
    );
    browser.screenshot("members-invite").await;
    let newcomer = Phone::registered("He", "5", &hood.relay).await;
    newcomer.join(&code).await;
    let groups = newcomer.client().memberships().await.expect("memberships");
    assert!(
        groups
            .iter()
            .any(|m| m.group_id == hood.tree.b5 && m.role == Role::Volunteer),
        "{groups:?}"
    );

    // Ma's phone is lost: staff revoke it from the page.
    browser.goto(&hood.dashboard("/members")).await;
    let revoke = format!("{b5} form[action$='/{}/revoke'] button", id(&hood.ma));
    let button = browser.wait_for(&revoke).await;
    browser.mark_page().await;
    browser.click(&button).await;
    browser.accept_dialog().await;
    browser.wait_for_new_page().await;
    let refused = hood.ma.try_sync().await;
    assert!(refused.is_err(), "the revoked phone opens nothing: {refused:?}");
    browser.close().await;
}

#[tokio::test]
async fn statistics_are_drawn_as_charts_and_export_as_csv() {
    let hood = Hood::new().await;
    // Two errands this week; Chen takes one.
    let mut errands = Vec::new();
    for text in ["Groceries from the market", "Post a parcel"] {
        errands.push(
            hood.wang
                .raise(NewRequest::new(hood.tree.community, RequestKind::Errand, text))
                .expect("raised"),
        );
    }
    hood.wang.sync().await;
    hood.chen.sync().await;
    hood.chen.accept(errands[0]).expect("Chen comes");
    hood.chen.sync().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/stats")).await;
    browser.wait_for("#stats-csv").await;
    assert_eq!(browser.find_all("figure.chart svg").await.len(), 3, "three charts");
    browser.screenshot("stats").await;
    let csv = browser
        .script_async(
            "const done = arguments[0]; fetch('/dashboard/stats.csv', {credentials: 'same-origin'}) \
             .then(r => r.text()).then(done).catch(e => done(String(e)));",
            json!([]),
        )
        .await;
    let csv = csv.as_str().unwrap_or_default().to_string();
    assert!(csv.starts_with("figure,key,value\n"), "{csv}");
    assert!(csv.contains("needs,collected,2\n"), "Gao collected two needs: {csv}");
    assert!(csv.contains("coverage_red,households,2\n"), "{csv}");
    assert!(csv.contains("first_volunteer_minutes,median,"), "{csv}");
    let this_week = csv.lines().filter(|l| l.ends_with(",errand,2")).count();
    assert_eq!(this_week, 1, "two errands this week: {csv}");
    browser.close().await;
}
