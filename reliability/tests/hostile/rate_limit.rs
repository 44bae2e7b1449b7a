//! Registration and invite redemption are rate-limited per client address and per device: past
//! the burst the relay answers 429 with `Retry-After`, and other devices are not held back.

use jinlin_core::MemberId;
use jinlin_model::protocol::ErrorBody;
use jinlin_relay::rate_limit::{PER_ADDRESS, PER_DEVICE};

use jinlin_tests::Relay;

use crate::common::HostileRelay;

async fn register(http: &reqwest::Client, url: &str) -> reqwest::Response {
    http.post(format!("{url}/v1/devices"))
        .json(&serde_json::json!({"member_id": MemberId::random().to_string(), "name": "Flood"}))
        .send()
        .await
        .expect("answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_devices_in_a_flood_from_one_address_is_answered_429_with_retry_after() {
    let relay = Relay::start().await;
    let http = reqwest::Client::new();
    for i in 0..PER_ADDRESS.burst {
        assert_eq!(register(&http, &relay.url()).await.status(), 201, "registration {i}");
    }
    let res = register(&http, &relay.url()).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let body: ErrorBody = res.json().await.expect("JSON error");
    assert_eq!(body.error, "rate_limited");
    assert_eq!(
        relay.stats().devices,
        u64::from(PER_ADDRESS.burst),
        "the refused one was not stored"
    );
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_invite_codes_from_one_device_is_answered_429_and_other_devices_are_not_held_back() {
    let relay = Relay::start().await;
    let guesser = relay.phone("Guess", "9", "901").await.settings().token;
    let honest = relay.phone("Lan", "3", "102").await.settings().token;
    let http = reqwest::Client::new();
    let redeem = |token: String, code: String| {
        let http = http.clone();
        let url = relay.url();
        async move {
            http.post(format!("{url}/v1/invites/redeem"))
                .bearer_auth(token)
                .json(&serde_json::json!({ "code": code }))
                .send()
                .await
                .expect("answer")
        }
    };
    for i in 0..PER_DEVICE.burst {
        let res = redeem(guesser.clone(), format!("GUESS-{i:04}")).await;
        assert_eq!(res.status(), 404, "guess {i} is just a wrong code");
    }
    let res = redeem(guesser.clone(), "GUESS-9999".into()).await;
    assert_eq!(res.status(), 429, "the next guess is refused");
    assert!(res.headers().contains_key("retry-after"));
    let res = redeem(honest, "ABCD-EFGH".into()).await;
    assert_eq!(
        res.status(),
        404,
        "another device on the same address still gets an answer"
    );
    relay.assert_healthy().await;
}
