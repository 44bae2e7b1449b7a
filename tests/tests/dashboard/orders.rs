//! Needs and orders: dispatching an order from the browser, and a building leader's view.

use jinlin_model::kinds::OrderStatus;
use jinlin_tests::eventually;

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
