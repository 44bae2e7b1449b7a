//! Needs and orders: dispatching an order from the browser, a building leader's view, and the
//! needs board with its claimants and figures.

use jinlin_model::docs::need::NewNeed;
use jinlin_model::kinds::OrderStatus;
use jinlin_tests::eventually;
use serde_json::json;

use crate::browser;
use crate::support::{Hood, id};

#[tokio::test]
async fn dispatching_an_order_from_the_browser_reaches_the_team_members_phone() {
    let hood = Hood::new().await;
    let order = hood.order_tap().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/orders")).await;
    let form = format!("article.order[data-id='{order}'] form");
    browser.wait_for(&form).await;
    assert!(browser.text_of("#orders").await.contains("kitchen tap drips"));
    browser.screenshot("orders").await;
    browser
        .select(&format!("{form} select[name=team]"), "Property crew")
        .await;
    let button = browser.wait_for(&format!("{form} button")).await;
    browser.click(&button).await;
    let dispatched = format!("article.order[data-id='{order}'] .status");
    let shown = crate::signin::eventually_text(&browser, &dispatched, "Dispatched").await;
    assert!(
        shown,
        "the page shows it dispatched: {}",
        browser.text_of("#orders").await
    );

    // The crew's phone receives it, dispatched by Ms Sun herself.
    hood.zhou.sync().await;
    let seen = hood.zhou.order(order).expect("the crew holds the order");
    assert_eq!(seen.status, OrderStatus::Dispatched);
    let last = seen.dispatches.last().expect("a dispatch");
    assert_eq!(last.team, hood.crew);
    assert_eq!(
        last.by,
        Some(id(&hood.sun)),
        "written as the member who approved the browser"
    );
    // And it can be taken as usual.
    hood.zhou.accept_order(order).expect("accepted");
    hood.zhou.sync().await;
    hood.wang.sync().await;
    assert!(eventually(|| hood.wang.order(order).is_ok_and(|o| o.status == OrderStatus::Accepted)).await);
    browser.close().await;
}

#[tokio::test]
async fn a_building_leader_sees_only_their_own_buildings_households() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.li).await;
    browser.goto(&hood.dashboard("/orders")).await;
    browser.wait_for("#orders").await;
    let page = browser.text_of("#orders").await;
    assert!(page.contains("Grab bar in the bathroom"), "building 3's need: {page}");
    assert!(!page.contains("Stair light"), "not building 5's: {page}");
    browser.screenshot("orders-building-leader").await;
    browser.close().await;

    // Staff see both.
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/orders")).await;
    browser.wait_for("#orders").await;
    let page = browser.text_of("#orders").await;
    assert!(page.contains("Grab bar") && page.contains("Stair light"), "{page}");
    browser.close().await;
}

#[tokio::test]
async fn assigning_a_need_with_a_due_date_from_the_browser_reaches_the_grid_workers_phone() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/orders")).await;
    let form = format!("form[action^='/dashboard/needs/{}/']", hood.home3);
    browser.wait_for(&form).await;
    browser.select(&format!("{form} select[name=to]"), "Gao").await;
    browser
        .script(
            "document.querySelector(arguments[0]).value = '2020-01-10';",
            serde_json::json!([format!("{form} input[name=due]")]),
        )
        .await;
    let button = browser.wait_for(&format!("{form} button")).await;
    browser.click(&button).await;
    // Past its due date, it shows red.
    let overdue = crate::signin::eventually_text(&browser, "article.need.overdue", "Overdue").await;
    assert!(overdue, "{}", browser.text_of("#orders").await);
    browser.screenshot("orders-assigned").await;

    hood.gao.sync().await;
    let needs = hood.gao.household(hood.home3).expect("household").needs;
    assert_eq!(needs[0].assignee, Some(id(&hood.gao)), "assigned to Gao");
    assert_eq!(needs[0].due.as_deref(), Some("2020-01-10"));
    browser.close().await;
}

#[tokio::test]
async fn the_needs_board_shows_each_need_with_its_claimants_and_the_figures() {
    let hood = Hood::new().await;
    let post = |title: &str| {
        hood.sun
            .post_need(
                hood.tree.community,
                &NewNeed {
                    title: title.into(),
                    details: "Needs a ladder".into(),
                    building: Some("5".into()),
                    slots: 1,
                    ..NewNeed::default()
                },
            )
            .expect("staff post the need")
    };
    let claimed = post("Change the stair bulb");
    post("Clear the bike shed");
    hood.sun.sync().await;
    hood.chen.sync().await;
    hood.chen
        .claim_need(claimed, Some(hood.crew.as_str()))
        .expect("Chen claims it for the crew");
    hood.chen.sync().await;

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/orders")).await;
    let article = format!("article.board-need[data-id='{claimed}']");
    browser.wait_for(&article).await;
    let shown = browser.text_of(&article).await;
    assert!(shown.contains("Change the stair bulb"), "{shown}");
    assert!(shown.contains("Claimed by: Chen (Property crew)"), "{shown}");
    let first = browser.text_of("article.board-need").await;
    assert!(
        first.contains("Clear the bike shed") && first.contains("Open"),
        "open needs first: {first}"
    );
    let figures = browser.text_of("p.figures").await;
    assert!(figures.contains("Lianhua Community: collected 2"), "{figures}");
    assert!(figures.contains("Claimed 1"), "{figures}");
    browser
        .script("document.querySelector('p.figures').scrollIntoView();", json!([]))
        .await;
    browser.screenshot("orders-board").await;
    browser.close().await;
}
