//! Signing in by pairing with a phone, signing out, and the end of a session with its phone.

use jinlin_tests::eventually;

use crate::browser;
use crate::support::{Hood, id};

#[tokio::test]
async fn staff_sign_in_by_approving_the_browsers_code_on_their_phone_and_sign_out() {
    let hood = Hood::new().await;
    let browser = browser!();
    let code = hood.pairing_code(&browser).await;
    assert_eq!(code.len(), 9, "a short code like ABCD-EFGH: {code}");
    assert!(
        browser.find(".qr svg").await.is_some(),
        "the code is shown as a QR code too"
    );
    browser.screenshot("signin").await;
    // Not signed in yet: the pages send the browser back to sign in.
    let approval = hood.sun.client().approve_dashboard(&code).await.expect("approved");
    assert_eq!(approval.member_id, id(&hood.sun));
    browser.wait_for("#now-list").await;
    assert!(browser.url().await.ends_with("/dashboard/now"));
    assert!(
        browser.text_of("header.top").await.contains("Ms Sun"),
        "signed in as Ms Sun"
    );
    // The code was used once: approving it again finds nothing.
    assert!(hood.sun.client().approve_dashboard(&code).await.is_err());

    let sign_out = browser.wait_for("#sign-out").await;
    browser.click(&sign_out).await;
    browser.wait_for("#pairing-code").await;
    browser.goto(&hood.dashboard("/now")).await;
    browser.wait_for("#pairing-code").await;
    assert!(browser.url().await.ends_with("/dashboard/signin"), "signed out");
    browser.close().await;
}

#[tokio::test]
async fn a_residents_pairing_is_refused_and_the_browser_is_told() {
    let hood = Hood::new().await;
    let browser = browser!();
    let code = hood.pairing_code(&browser).await;
    let refused = hood.wang.client().approve_dashboard(&code).await;
    assert!(refused.is_err(), "a resident may not sign in: {refused:?}");
    let told = eventually_text(&browser, "#pairing-state", "only community staff").await;
    assert!(
        told,
        "the browser says why: {}",
        browser.text_of("#pairing-state").await
    );
    browser.screenshot("signin-refused").await;
    browser.goto(&hood.dashboard("/now")).await;
    browser.wait_for("#pairing-code").await;
    assert_eq!(
        hood.relay.relay().desks().open_sessions(0).expect("sessions"),
        0,
        "no session was made"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_session_stops_working_when_the_phone_that_approved_it_is_revoked() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.gao).await;
    browser.mark_page().await;
    // Staff revoke the grid worker's lost phone.
    hood.sun
        .client()
        .revoke_device(hood.tree.community, id(&hood.gao))
        .await
        .expect("revoked");
    // The open page is told at once and leaves; nothing opens for it any more.
    browser.wait_for("#pairing-code").await;
    browser.goto(&hood.dashboard("/orders")).await;
    browser.wait_for("#pairing-code").await;
    let relay = hood.relay.relay().clone();
    assert!(eventually(|| relay.desks().open_sessions(0).expect("sessions") == 0).await);
    browser.close().await;
}

/// Waits until the element's text contains `words`.
pub async fn eventually_text(browser: &jinlin_tests::browser::Browser, css: &str, words: &str) -> bool {
    let deadline = tokio::time::Instant::now() + jinlin_tests::PATIENCE;
    while tokio::time::Instant::now() < deadline {
        if browser.text_of(css).await.contains(words) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}
