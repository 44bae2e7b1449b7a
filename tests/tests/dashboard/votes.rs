//! Votes and notices: a proposal a phone put to building 3, with its turnout and, after the
//! close, the result every phone's tally computes; a notice posted from the browser that reaches
//! a resident's phone and whose read count follows her reading it; a notice's text shown as
//! text.

use jinlin_model::docs::proposal::NewProposal;
use jinlin_model::kinds::{BallotKind, Electorate, Threshold};
use jinlin_tests::browser::Browser;
use jinlin_tests::eventually;
use serde_json::json;

use crate::browser;
use crate::signin::eventually_text;
use crate::support::Hood;

/// Building 3's vote on a bench by the door: its members vote, for the next hour, and staff
/// may close it early.
fn bench(now: i64) -> NewProposal {
    NewProposal {
        title: "A bench by the door of Building 3".into(),
        text: "The maintenance fund pays.".into(),
        photos: Vec::new(),
        ballot: BallotKind::YesNo,
        options: Vec::new(),
        most: 1,
        electorate: Electorate::Members,
        quorum_pct: 50,
        threshold: Threshold::Majority,
        opens_at: now,
        closes_at: now + 3_600_000,
        early_close: true,
        secret: false,
    }
}

/// Fills the post-a-notice form in `browser` for group `group` (added to the choices if the
/// page does not offer it, as a forged form would) and sends it.
async fn post_notice(browser: &Browser, group: &str, title: &str, body: &str) {
    post_pinned(browser, group, title, body, "").await;
}

/// As [`post_notice`], pinned until `pin` (`YYYY-MM-DD`, or empty).
async fn post_pinned(browser: &Browser, group: &str, title: &str, body: &str, pin: &str) {
    browser.wait_for("form.post-notice").await;
    browser
        .script(
            "const f = document.querySelector('form.post-notice'); \
             if (![...f.group.options].some(o => o.value === arguments[0])) f.group.add(new Option('', arguments[0])); \
             f.group.value = arguments[0]; f.title.value = arguments[1]; f.body.value = arguments[2]; \
             f.pinned_until.value = arguments[3];",
            json!([group, title, body, pin]),
        )
        .await;
    let button = browser.wait_for("form.post-notice button").await;
    browser.submit(&button).await;
}

#[tokio::test]
async fn a_building_vote_shows_its_turnout_and_after_the_close_the_result_the_phones_tally_says() {
    let hood = Hood::new().await;
    let proposal = hood
        .li
        .propose(hood.tree.b3, &bench(hood.li.now()))
        .expect("Li puts it to building 3");
    hood.li.sync().await;
    hood.wang.sync().await;
    hood.wang
        .vote(proposal, &["yes".into()])
        .expect("Grandma Wang votes yes");
    hood.wang.sync().await;

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/votes")).await;
    let article = format!("article.proposal[data-id='{proposal}']");
    browser.wait_for(&article).await;
    let shown = browser.text_of(&article).await;
    assert!(shown.contains("A bench by the door"), "{shown}");
    assert!(shown.contains("Voting"), "still open: {shown}");
    assert!(shown.contains("Turnout: 1 of 2 voters"), "Wang of Wang and Li: {shown}");
    assert!(!shown.contains("passed"), "no result while open: {shown}");
    browser.screenshot("votes-open").await;

    hood.sun.sync().await;
    hood.sun.close_proposal(proposal).expect("staff close it early");
    hood.sun.sync().await;
    hood.li.sync().await;
    let tally = hood.li.tally(proposal).expect("Li's phone tallies");
    assert!(tally.closed, "closed on Li's phone");
    browser.goto(&hood.dashboard("/votes")).await;
    assert!(eventually_text(&browser, &article, "Closed").await);
    let shown = browser.text_of(&article).await;
    for c in &tally.counts {
        assert!(
            shown.contains(&format!("{}: {}", c.option, c.votes)),
            "{c:?} in {shown}"
        );
    }
    let turnout = format!(
        "Turnout: {} of {} voters ({}%)",
        tally.voted, tally.electorate, tally.turnout_pct
    );
    assert!(shown.contains(&turnout), "{turnout} in {shown}");
    let quorum = if tally.quorum_met {
        "quorum met"
    } else {
        "quorum not met"
    };
    assert!(shown.contains(quorum), "{quorum} in {shown}");
    let verdict = if tally.passed { "· passed" } else { "not passed" };
    assert!(shown.contains(verdict), "{verdict} in {shown}");
    assert!(tally.passed, "one yes of one, half the roll: it passes");
    browser.screenshot("votes-closed").await;

    // The building's leader reads it on her own desk too.
    let other = browser!();
    hood.sign_in(&other, &hood.li).await;
    other.goto(&hood.dashboard("/votes")).await;
    other.wait_for("#votes").await;
    assert!(
        other.text_of("#votes").await.contains("A bench by the door"),
        "the leader reads it"
    );
    other.close().await;
    browser.close().await;
}

#[tokio::test]
async fn a_notice_posted_from_the_browser_reaches_a_residents_phone_and_her_reading_it_is_counted() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/votes")).await;
    post_notice(
        &browser,
        &hood.tree.b3.to_string(),
        "Water off on Tuesday",
        "From 9 to 12, for the new pipes.",
    )
    .await;
    assert!(eventually_text(&browser, "#votes", "Water off on Tuesday").await);
    assert!(
        eventually_text(&browser, "article.notice", "read by 0 of 2 households").await,
        "building 3 has two households on the registry: {}",
        browser.text_of("#votes").await
    );

    // Grandma Wang's phone receives it, posted by Ms Sun, and she reads it there.
    hood.wang.sync().await;
    let notices = hood.wang.notices(Some(hood.tree.b3)).expect("notices");
    let notice = notices
        .iter()
        .find(|n| n.title == "Water off on Tuesday")
        .expect("the notice reached her phone");
    assert_eq!(notice.posted_by.name, "Ms Sun");
    assert_eq!(notice.body, "From 9 to 12, for the new pipes.");
    assert!(hood.wang.read_notice(notice.id).expect("read"));
    hood.wang.sync().await;

    browser.goto(&hood.dashboard("/votes")).await;
    assert!(
        eventually_text(&browser, "article.notice", "read by 1 of 2 households").await,
        "{}",
        browser.text_of("#votes").await
    );
    // The staff phone counts the same.
    hood.sun.sync().await;
    assert!(
        eventually(|| hood
            .sun
            .notice_reads(notice.id)
            .is_ok_and(|r| (r.households_read, r.households) == (1, 2)))
        .await
    );
    browser.screenshot("votes-notice-read").await;
    browser.goto(&hood.dashboard("/votes?lang=zh")).await;
    assert!(eventually_text(&browser, "article.notice", "已读 1 / 2 户").await);
    browser.screenshot("votes-notice-read-zh").await;
    browser.close().await;
}

#[tokio::test]
async fn a_building_leader_posts_to_their_building_only() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.li).await;
    browser.goto(&hood.dashboard("/votes")).await;
    browser.wait_for("form.post-notice").await;
    let options = browser
        .script(
            "return Array.from(document.querySelectorAll('form.post-notice option')).map(o => o.value);",
            json!([]),
        )
        .await;
    assert_eq!(options, json!([hood.tree.b3.to_string()]), "only building 3");
    // A forged post to building 5 is refused by the notice rules, and writes nothing.
    post_notice(&browser, &hood.tree.b5.to_string(), "Not mine to post", "").await;
    let told = eventually_text(&browser, "main", "Not done").await;
    assert!(told, "{}", browser.text_of("body").await);
    browser.screenshot("votes-notice-refused").await;
    hood.ma.sync().await;
    assert!(hood.ma.notices(Some(hood.tree.b5)).expect("notices").is_empty());
    browser.close().await;
}

#[tokio::test]
async fn a_notice_holding_a_script_shows_as_text() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/votes")).await;
    let hostile = "<script>document.title='owned'</script><b>bold</b>";
    post_notice(&browser, &hood.tree.community.to_string(), "Read me", hostile).await;
    assert!(eventually_text(&browser, "article.notice .body", "<script>").await);
    assert_eq!(browser.text_of("article.notice .body").await, hostile);
    assert!(browser.find("article.notice .body b").await.is_none(), "no markup made");
    let title = browser.script("return document.title;", json!([])).await;
    assert_ne!(title, json!("owned"));
    browser.screenshot("votes-notice-script").await;
    browser.close().await;
}

#[tokio::test]
async fn a_pinned_notice_comes_first_and_reaches_phones_pinned() {
    let hood = Hood::new().await;
    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/votes")).await;
    let community = hood.tree.community.to_string();
    post_pinned(&browser, &community, "Lift inspection all week", "", "2099-01-01").await;
    assert!(eventually_text(&browser, "#votes", "Lift inspection").await);
    post_notice(&browser, &community, "Bins moved to the gate", "").await;
    assert!(eventually_text(&browser, "#votes", "Bins moved").await);
    let first = browser.text_of("article.notice").await;
    assert!(
        first.contains("Lift inspection") && first.contains("Pinned"),
        "the pinned notice first, though older: {first}"
    );
    hood.chen.sync().await;
    let on_phone = hood.chen.notices(Some(hood.tree.b5)).expect("notices");
    let titles: Vec<&str> = on_phone.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["Lift inspection all week", "Bins moved to the gate"]);
    assert!(on_phone[0].pinned_until.is_some());
    browser.close().await;
}

#[tokio::test]
async fn a_secret_vote_shows_no_count_while_open_and_after_the_close_only_the_sealed_result() {
    let hood = Hood::new().await;
    let mut new = bench(hood.li.now());
    new.secret = true;
    let proposal = hood.li.propose(hood.tree.b3, &new).expect("a secret vote");
    hood.li.sync().await;
    hood.wang.sync().await;
    for (phone, choice) in [(&hood.wang, "no"), (&hood.li, "yes")] {
        phone
            .phone
            .cast_ballot(proposal, &[choice.to_string()])
            .await
            .expect("a secret ballot");
    }

    let browser = browser!();
    hood.sign_in(&browser, &hood.sun).await;
    browser.goto(&hood.dashboard("/votes")).await;
    let article = format!("article.proposal[data-id='{proposal}']");
    browser.wait_for(&article).await;
    let shown = browser.text_of(&article).await;
    assert!(
        shown.contains("Secret ballot") && shown.contains("at the close"),
        "{shown}"
    );
    assert!(
        !shown.contains("yes:") && !shown.contains("Turnout:"),
        "nothing counted while open: {shown}"
    );

    hood.sun.sync().await;
    hood.sun.close_proposal(proposal).expect("staff close it early");
    hood.sun.sync().await;
    browser.goto(&hood.dashboard("/votes")).await;
    assert!(eventually_text(&browser, &article, "Closed").await);
    let shown = browser.text_of(&article).await;
    // The page sealed it; a phone reads the same sealed result.
    hood.li.sync().await;
    let tally = hood.li.tally(proposal).expect("tally");
    assert_eq!((tally.voted, tally.electorate), (2, 2), "{tally:?}");
    for c in &tally.counts {
        assert!(
            shown.contains(&format!("{}: {}", c.option, c.votes)),
            "{c:?} in {shown}"
        );
    }
    assert!(shown.contains("Turnout: 2 of 2 voters"), "{shown}");
    assert!(shown.contains("not passed"), "one yes, one no: {shown}");
    assert!(!shown.contains("Grandma Wang"), "no voter named: {shown}");
    browser.screenshot("votes-secret-closed").await;
    browser.close().await;
}
