//! What a page never does: run text a person typed, or act on a request without its session's
//! CSRF token.

use jinlin_core::{NewRequest, RequestKind};
use jinlin_model::kinds::OrderStatus;
use serde_json::json;

use crate::browser;
use crate::support::Hood;

const HOSTILE: &str = "Help <script>window.__owned = 1</script><img src=x onerror=\"window.__owned = 2\"> please";

#[tokio::test]
async fn request_text_holding_script_and_img_onerror_is_shown_as_text() {
    let hood = Hood::new().await;
    hood.wang
        .raise(NewRequest::new(hood.tree.b3, RequestKind::Errand, HOSTILE))
        .expect("raised");
    hood.wang.sync().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    let text = browser.text_of("#now-list .text").await;
    assert_eq!(text, HOSTILE, "shown exactly as typed");
    assert!(
        browser.find("#now-list img").await.is_none(),
        "no image element was made"
    );
    assert!(
        browser.find("#now-list script").await.is_none(),
        "no script element was made"
    );
    assert_eq!(
        browser.script("return window.__owned === undefined;", json!([])).await,
        json!(true)
    );
    // The live update renders it the same way.
    hood.wang
        .raise(NewRequest::new(hood.tree.b3, RequestKind::Errand, "A second one"))
        .expect("raised");
    hood.wang.sync().await;
    assert!(crate::signin::eventually_text(&browser, "#now-list", "A second one").await);
    assert!(browser.find("#now-list img").await.is_none());
    assert_eq!(
        browser.script("return window.__owned === undefined;", json!([])).await,
        json!(true)
    );
    browser.screenshot("now-hostile-text").await;
    browser.close().await;
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing() {
    let hood = Hood::new().await;
    let order = hood.order_tap().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    let post = "const [url, body, token, done] = arguments; \
                const headers = {'content-type': 'application/x-www-form-urlencoded'}; \
                if (token) { headers['x-csrf-token'] = token; } \
                fetch(url, {method: 'POST', headers, body, credentials: 'same-origin', redirect: 'manual'}) \
                  .then(r => done(r.status)).catch(e => done(String(e)));";
    let url = format!("/dashboard/orders/{order}/dispatch");
    let body = format!("team={}", hood.crew);
    let without = browser.script_async(post, json!([url, body, null])).await;
    assert_eq!(without, json!(403), "no token: refused");
    let wrong = browser.script_async(post, json!([url, body, "0".repeat(64)])).await;
    assert_eq!(wrong, json!(403), "another token: refused");
    hood.sun.sync().await;
    assert_eq!(
        hood.sun.order(order).expect("order").status,
        OrderStatus::Ordered,
        "nothing written"
    );
    // The page's own token works.
    let token = browser.script("return document.body.dataset.csrf;", json!([])).await;
    let with = browser.script_async(post, json!([url, body, token])).await;
    assert!(
        with == json!(0) || with == json!(303) || with == json!(200),
        "with the token: {with}"
    );
    hood.sun.sync().await;
    assert_eq!(hood.sun.order(order).expect("order").status, OrderStatus::Dispatched);
    browser.close().await;
}
