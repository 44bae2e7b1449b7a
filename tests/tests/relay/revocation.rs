//! Revoking devices: a device signs itself out, or staff cut off a member's lost phone. From
//! then on its token opens nothing, its live socket is closed at once, it is no longer alerted,
//! and what it wrote stays.

use std::time::Duration;

use jinlin_core::{DocId, GroupKind, MemberId, Role};
use jinlin_model::protocol::RegisterRequest;
use reqwest::{Method, StatusCode};

use jinlin_tests::Relay;
use jinlin_tests::wire::{Client, START, WireDevice, hospital_ride};

/// The calls a device makes every day, as the revoked token tries them.
async fn every_call_is_refused(relay: &Relay, device: &WireDevice, group: DocId) {
    let c = &device.client;
    let answers = [
        ("groups", c.get("/v1/groups").await),
        ("sync", c.post_bytes("/v1/sync", vec![]).await),
        ("invite", c.invite(group, Role::Resident, 1, 60).await),
        ("redeem", c.redeem("ABCDEFGHJK").await),
        ("sign out", c.delete("/v1/devices/me").await),
        (
            "availability",
            c.json(
                Method::PUT,
                "/v1/me/availability",
                &serde_json::json!({"available": true}),
            )
            .await,
        ),
    ];
    for (call, a) in answers {
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{call}");
        assert_eq!(a.error_code(), "unauthorized", "{call}");
    }
    let live = crate::live::connect(relay, c.token.as_deref()).await;
    match live {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 401),
        other => panic!("the live channel must refuse a revoked token: {:?}", other.map(|_| ())),
    }
}

#[tokio::test]
async fn a_device_that_signs_out_is_refused_everywhere_and_what_it_wrote_stays() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let neighbour = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&neighbour, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;

    requester
        .client
        .delete("/v1/devices/me")
        .await
        .expect_status(StatusCode::NO_CONTENT);
    every_call_is_refused(&relay, &requester, community).await;

    neighbour.sync().await;
    let view = neighbour
        .device
        .request(request)
        .expect("the request stays with the neighbours");
    assert_eq!(view.requester.member_id, Some(requester.member_id));

    // The member id is gone for good: neither its own token nor a fresh start takes it back.
    for token in [requester.client.token.clone(), None] {
        let again = relay
            .client()
            .json(
                Method::POST,
                "/v1/devices",
                &RegisterRequest {
                    member_id: requester.member_id,
                    name: "Wang Fang".into(),
                    token,
                    device_key: None,
                },
            )
            .await;
        assert_eq!(again.status, StatusCode::GONE);
        assert_eq!(again.error_code(), "device_revoked");
    }
}

#[tokio::test]
async fn staff_cut_off_a_lost_phone_and_its_open_live_socket_closes_at_once() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let lost = relay.device("Sun Li").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    staff.admit(&lost, community, Role::Volunteer).await;
    lost.sync().await;
    let mut ws = crate::live::connect(&relay, lost.client.token.as_deref())
        .await
        .expect("live connects");
    tokio::time::sleep(Duration::from_millis(100)).await;

    staff
        .client
        .delete(&format!("/v1/groups/{community}/devices/{}", lost.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let closed = crate::live::close_code(&mut ws).await;
    assert_eq!(closed, Some(jinlin_relay::live::CLOSE_REVOKED), "closed as revoked");
    every_call_is_refused(&relay, &lost, community).await;
    // Revoking again changes nothing and says so plainly.
    staff
        .client
        .delete(&format!("/v1/groups/{community}/devices/{}", lost.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn only_staff_of_the_members_group_revoke_a_device_and_strangers_learn_nothing() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let volunteer = relay.device("Zhao Lei").await;
    let resident = relay.device("Wang Fang").await;
    let stranger = relay.device("Hua").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let estate = staff
        .create_group("Garden Estate", GroupKind::Estate, Some(community))
        .await;
    staff.admit(&volunteer, community, Role::Volunteer).await;
    staff.admit(&resident, estate, Role::Resident).await;
    let path = |group: DocId, member: MemberId| format!("/v1/groups/{group}/devices/{member}");

    // Not a member: the group might as well not exist.
    let hidden = stranger.client.delete(&path(community, resident.member_id)).await;
    let missing = stranger.client.delete(&path(DocId::random(), resident.member_id)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!((hidden.status, hidden.body), (missing.status, missing.body));
    // A member without the role.
    let refused = volunteer.client.delete(&path(community, resident.member_id)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Staff learn nothing about someone outside their groups: like a member id nobody has.
    let outsider = staff.client.delete(&path(community, stranger.member_id)).await;
    let nobody = staff.client.delete(&path(community, MemberId::random())).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
    assert_eq!((outsider.status, outsider.body), (nobody.status, nobody.body));
    assert_eq!(
        stranger.client.get("/v1/groups").await.status,
        StatusCode::OK,
        "the stranger was not touched"
    );
    // Staff of the community reach the estate's resident below it.
    staff
        .client
        .delete(&path(community, resident.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert_eq!(resident.client.get("/v1/groups").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(volunteer.client.get("/v1/groups").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_phone_is_no_longer_alerted_or_pushed_to_and_stays_revoked_after_a_restart() {
    let mut relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let lost = relay.device("Sun Li").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    staff.admit(&lost, community, Role::Volunteer).await;
    lost.client
        .json(
            Method::PUT,
            "/v1/me/push",
            &serde_json::json!({"kind": "webhook", "token": "+8613800138000"}),
        )
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let store = || relay.store();
    let members = |group| store().group_members(group).expect("members");
    assert!(members(community).iter().any(|(m, _)| *m == lost.member_id));

    staff
        .client
        .delete(&format!("/v1/groups/{community}/devices/{}", lost.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    assert!(
        !members(community).iter().any(|(m, _)| *m == lost.member_id),
        "a revoked phone is nobody to alert"
    );
    let settings = store().member_settings(lost.member_id).expect("settings");
    assert_eq!(settings.push, None, "the lost phone's push registration is forgotten");

    relay.reboot().await;
    let after = Client {
        url: relay.url().clone(),
        ..lost.client.clone()
    };
    assert_eq!(after.get("/v1/groups").await.status, StatusCode::UNAUTHORIZED);
    assert!(relay.metrics().await.contains("\njinlin_devices_revoked 1\n"));
}
