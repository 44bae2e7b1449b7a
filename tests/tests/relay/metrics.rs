//! `GET /metrics` is for the relay's operator: with an operator token set only that token reads
//! it, without one only this machine does, and nothing in it names a group, a member or a person.

use jinlin_core::{GroupKind, NewRequest, RequestKind, Role};
use jinlin_model::protocol::Invite;
use jinlin_relay::operator::MetricsAccess;
use reqwest::StatusCode;

use jinlin_tests::Relay;
use jinlin_tests::wire::START;

const OPERATOR: &str = "operator-scrape-token-42";

#[tokio::test]
async fn metrics_need_the_operator_token_once_one_is_set_and_never_name_a_group_member_or_person() {
    let relay = Relay::clocked_with(START, move |s| {
        s.metrics = MetricsAccess::new(Some(OPERATOR)).expect("token")
    })
    .await;
    let staff = relay.device("Chen Jie").await;
    let volunteer = relay.device("Zhao Lei").await;
    let community = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .await;
    let invite: Invite = staff
        .client
        .invite(community, Role::Volunteer, 2, 3600)
        .await
        .expect_status(StatusCode::CREATED)
        .parse();
    volunteer
        .client
        .redeem(&invite.code)
        .await
        .expect_status(StatusCode::OK);
    staff
        .device
        .raise(NewRequest::new(
            community,
            RequestKind::Errand,
            "Carry rice to unit 1202",
        ))
        .expect("raise");
    staff.sync().await;
    staff
        .client
        .delete(&format!("/v1/groups/{community}/devices/{}", volunteer.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    // Paths full of ids, matched and not.
    staff
        .client
        .get(&format!("/v1/groups/{community}/blobs/{}", "ab".repeat(32)))
        .await;
    staff.client.get(&format!("/v1/nowhere/{}", staff.member_id)).await;

    let scrape = |token: Option<String>| {
        let url = format!("{}/metrics", relay.url());
        async move {
            let mut req = reqwest::Client::new().get(url);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let res = req.send().await.expect("answer");
            (res.status(), res.text().await.expect("text"))
        }
    };
    let staff_token = staff.client.token.clone().expect("token");
    for token in [
        None,
        Some("operator-scrape-token-43".to_string()),
        Some(staff_token.clone()),
    ] {
        let (status, _) = scrape(token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a scrape without the operator token");
    }
    let (status, text) = scrape(Some(OPERATOR.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("\njinlin_devices 2\n"), "{text}");
    assert!(text.contains("\njinlin_devices_revoked 1\n"), "{text}");
    assert!(text.contains("route=\"/v1/groups/{group_id}/devices/{member_id}\",status=\"204\""));
    let secrets = [
        community.to_string(),
        staff.member_id.to_string(),
        volunteer.member_id.to_string(),
        invite.code.clone(),
        "Lianhua".into(),
        "Chen Jie".into(),
        "Zhao Lei".into(),
        "rice".into(),
        staff_token,
        OPERATOR.into(),
    ];
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "the metrics show {s:?}");
    }
}

#[tokio::test]
async fn without_an_operator_token_this_machine_reads_the_metrics() {
    let relay = Relay::clocked(START).await;
    let res = reqwest::get(format!("{}/metrics", relay.url())).await.expect("answer");
    assert_eq!(res.status(), StatusCode::OK, "a scrape from 127.0.0.1");
    assert!(res.text().await.expect("text").contains("# TYPE jinlin_devices gauge"));
}
