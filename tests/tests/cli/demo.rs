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
