//! Declining an urgent alert is one rule on every shell: `jinlin request decline` and a phone's
//! decline (the core's `Phone`, which the Android and iOS apps call) both hide the request from
//! the decliner's nearby list at once and tell the relay, which passes the alert on; both refuse,
//! writing nothing, to decline one's own request.

use jinlin_core::DocId;
use jinlin_tests::{eventually, jinlin, jinlin_json};

use crate::support::{DAY, Hood};

/// Whether `name`'s phone lists `ride` as nearby.
fn nearby(hood: &Hood, name: &str, ride: DocId) -> bool {
    let phone = &hood.get(name).phone.phone;
    phone.nearby().expect("nearby").iter().any(|r| r.id == ride)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_from_the_command_line_and_from_a_phone_hides_the_request_there_and_tells_the_relay() {
    let hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    for name in ["Li", "Wu", "Chen"] {
        assert!(
            eventually(|| hood.get(name).phone.request(ride).is_ok()).await,
            "{name} holds the ride"
        );
        assert!(
            nearby(&hood, name, ride),
            "{name} sees the ride nearby before declining"
        );
    }

    // Li (building 3) declines on the command line, Wu (building 3) on the phone.
    let li = hood.get("Li").phone.home().to_path_buf();
    let out = jinlin_json(&li, &["request", "decline", &ride.to_string()]).await;
    assert_eq!(
        (out["id"].as_str(), out["declined"].as_bool()),
        (Some(ride.to_string().as_str()), Some(true))
    );
    let declined = hood.get("Wu").phone.phone.decline(ride).await.expect("decline");
    assert!(
        matches!(declined.relay, jinlin_core::phone::RelayHeard::Heard),
        "{:?}",
        declined.relay
    );

    // The relay heard both, so the alert passes on.
    let receipts = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!(receipts.declined, 2, "{receipts:?}");
    // Each decliner's own nearby list drops it, and nobody else's.
    for name in ["Li", "Wu"] {
        assert!(!nearby(&hood, name, ride), "{name} no longer sees the ride nearby");
        assert!(
            hood.get(name).phone.phone.alert_worthy(ride).is_none(),
            "{name}'s phone no longer alerts for it"
        );
    }
    assert!(
        nearby(&hood, "Chen", ride),
        "Chen, who did not decline, still sees the ride"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declining_ones_own_request_is_refused_alike_on_the_command_line_and_on_a_phone() {
    let hood = Hood::new(DAY).await;
    let grandma = &hood.get("Grandma Wang").phone;
    let ride = grandma.raise_ride(hood.b3, 1);
    grandma.sync().await;

    let run = jinlin(grandma.home(), &["--json", "request", "decline", &ride.to_string()]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    let err: serde_json::Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert_eq!(err["error"], "not_allowed", "{run:?}");
    let on_the_phone = grandma.phone.decline(ride).await;
    assert!(
        matches!(on_the_phone, Err(jinlin_core::Error::NotAllowed(_))),
        "{on_the_phone:?}"
    );
    assert!(
        jinlin_core::phone::lists::declined(&grandma.device)
            .expect("read")
            .is_empty(),
        "nothing was written"
    );
    let receipts = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!(receipts.declined, 0, "the relay heard no decline");
}
