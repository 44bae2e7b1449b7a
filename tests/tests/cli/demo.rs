//! `jinlin demo` tells the whole story on its own relay and succeeds.

use jinlin_tests::jinlin;
use tempfile::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_tells_the_hospital_ride_story_and_every_phone_agrees() {
    let home = TempDir::new().expect("home");
    let run = jinlin(home.path(), &["demo"]).await;
    assert!(run.ok(), "{run:?}");
    for words in [
        "saved on her phone",
        "Chen ✓ confirmed, Zhou … standby",
        "Zhou ✓ confirmed",
        "done",
    ] {
        assert!(run.stdout.contains(words), "{words:?} missing from:\n{}", run.stdout);
    }
    let json = jinlin(home.path(), &["--json", "demo"]).await.json();
    assert_eq!(json["request"]["status"], "done");
    assert!(json["steps"].as_array().is_some_and(|s| s.len() > 8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_community_demo_tells_an_order_from_the_menu_to_its_rating() {
    let home = TempDir::new().expect("home");
    let run = jinlin(home.path(), &["--json", "demo", "community"]).await;
    assert!(run.ok(), "{run:?}");
    let json = run.json();
    assert_eq!(json["order"]["status"], "rated");
    assert_eq!(json["order"]["rating"]["stars"], 5);
    let steps = json["steps"].to_string();
    assert_eq!(json["need"]["status"], "rated");
    for words in [
        "¥15.00 per visit",
        "Zhou has the job and Chen stands by",
        "rated 5.0",
        "Chen has claimed it, and Zhou is told he stands by",
    ] {
        assert!(steps.contains(words), "{words:?} missing from {steps}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_community_demo_votes_on_the_lifts_and_refuses_the_ballot_that_arrived_after_the_close() {
    let home = TempDir::new().expect("home");
    let run = jinlin(home.path(), &["--json", "demo", "community"]).await;
    assert!(run.ok(), "{run:?}");
    let json = run.json();
    let tally = &json["vote"]["tally"];
    assert_eq!(tally["passed"], true, "{tally}");
    assert_eq!(
        (tally["voted"].as_u64(), tally["electorate"].as_u64()),
        (Some(2), Some(3))
    );
    assert!(
        json["vote"]["refused"]
            .as_str()
            .is_some_and(|r| r.contains("after the close")),
        "{}",
        json["vote"]
    );
    let steps = json["steps"].to_string();
    for words in ["one household one vote", "refuses his ballot", "passed"] {
        assert!(steps.contains(words), "{words:?} missing from {steps}");
    }
}
