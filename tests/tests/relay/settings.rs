//! A member's alert settings: each call changes its own part and keeps the rest, even when the
//! member's calls arrive at the same moment (two phones, or a shell retrying).

use reqwest::{Method, StatusCode};

use jinlin_tests::Relay;
use jinlin_tests::wire::START;

#[tokio::test]
async fn settings_changed_by_calls_at_the_same_moment_keep_every_change() {
    let relay = Relay::clocked(START).await;
    let member = relay.device("Zhao Lei").await;
    for round in 0..30u32 {
        let available = round % 2 == 0;
        let hour = format!("{:02}:00", 20 + round % 4);
        let lat = f64::from(24_400 + round) / 1000.0;
        let c = &member.client;
        let (availability, quiet, home) = (
            serde_json::json!({ "available": available }),
            serde_json::json!({ "start": hour, "end": "07:00" }),
            serde_json::json!({ "lat": lat, "lon": 118.1 }),
        );
        let (a, q, h) = tokio::join!(
            c.json(Method::PUT, "/v1/me/availability", &availability),
            c.json(Method::PUT, "/v1/me/quiet-hours", &quiet),
            c.json(Method::PUT, "/v1/me/home", &home),
        );
        for answer in [a, q, h] {
            answer.expect_status(StatusCode::NO_CONTENT);
        }
        let settings = relay.store().member_settings(member.member_id).expect("settings");
        assert_eq!(settings.available, available, "round {round}: availability kept");
        assert!(settings.quiet.is_some(), "round {round}: quiet hours kept");
        assert_eq!(settings.home, Some((lat, 118.1)), "round {round}: home kept");
    }
}

#[tokio::test]
async fn a_member_reads_pushes_in_chinese_until_they_choose_english_and_an_unknown_language_is_refused() {
    use jinlin_model::Language;
    let relay = Relay::clocked(START).await;
    let member = relay.device("Zhao Lei").await;
    let language = || {
        relay
            .store()
            .member_settings(member.member_id)
            .expect("settings")
            .language
    };
    assert_eq!(language(), Language::ZhHans, "Chinese until said");
    let c = &member.client;
    c.json(Method::PUT, "/v1/me/language", &serde_json::json!({ "language": "en" }))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(language(), Language::En);
    for bad in [
        serde_json::json!({ "language": "fr" }),
        serde_json::json!({ "language": 7 }),
        serde_json::json!({}),
    ] {
        let answer = c.json(Method::PUT, "/v1/me/language", &bad).await;
        let answer = answer.expect_status(StatusCode::BAD_REQUEST);
        assert_eq!(answer.error_code(), "bad_request", "{bad}");
    }
    assert_eq!(language(), Language::En, "a refused call changes nothing");
    c.json(
        Method::PUT,
        "/v1/me/language",
        &serde_json::json!({ "language": "zh-Hans" }),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(language(), Language::ZhHans);
}
