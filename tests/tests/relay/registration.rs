//! Registration and authentication.

use jinlin_core::MemberId;
use jinlin_model::protocol::{RegisterRequest, RegisterResponse};
use reqwest::{Method, StatusCode};

use jinlin_tests::Relay;
use jinlin_tests::wire::START;

#[tokio::test]
async fn a_device_registers_and_receives_a_secret_token() {
    let relay = Relay::clocked(START).await;
    let member_id = MemberId::random();
    let res: RegisterResponse = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &RegisterRequest {
                member_id,
                name: "Wang Fang".into(),
                token: None,
                device_key: None,
            },
        )
        .await
        .expect_status(StatusCode::CREATED)
        .parse();
    assert_eq!(res.member_id, member_id);
    assert_eq!(res.token.len(), 64);
    assert!(res.token.bytes().all(|b| b.is_ascii_hexdigit()));
    let memberships = relay.client().with_token(&res.token).memberships().await;
    assert!(memberships.is_empty());
}

#[tokio::test]
async fn calls_without_a_token_or_with_a_bad_token_are_refused_with_401() {
    let relay = Relay::clocked(START).await;
    let device = relay.device("Li Na").await;
    let group = device
        .create_group("Lianhua", jinlin_core::GroupKind::Community, None)
        .await;
    let bad = "0".repeat(64);
    for client in [
        relay.client(),
        relay.client().with_token(&bad),
        relay.client().with_token("junk"),
    ] {
        let answers = [
            client.get("/v1/groups").await,
            client.post_bytes("/v1/sync", vec![]).await,
            client.invite(group, jinlin_core::Role::Resident, 1, 60).await,
            client.redeem("ABCDEFGHJK").await,
            client.delete("/v1/invites/ABCDEFGHJK").await,
            client.get("/v1/live").await,
        ];
        for a in answers {
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
            assert_eq!(a.error_code(), "unauthorized");
        }
    }
}

#[tokio::test]
async fn a_registered_member_id_cannot_be_taken_by_another_device() {
    let relay = Relay::clocked(START).await;
    let owner = relay.device("Zhang Wei").await;
    let claim = RegisterRequest {
        member_id: owner.member_id,
        name: "Impostor".into(),
        token: None,
        device_key: None,
    };
    let stolen = relay.client().json(Method::POST, "/v1/devices", &claim).await;
    assert_eq!(stolen.status, StatusCode::CONFLICT);
    assert_eq!(stolen.error_code(), "conflict");
    let other = relay.device("Other").await;
    let with_other_token = other.client.json(Method::POST, "/v1/devices", &claim).await;
    assert_eq!(with_other_token.status, StatusCode::CONFLICT);

    // The device itself may register again: it gets a new token and the old one stops working.
    let renewed: RegisterResponse = owner
        .client
        .json(Method::POST, "/v1/devices", &claim)
        .await
        .expect_status(StatusCode::OK)
        .parse();
    assert_eq!(owner.client.get("/v1/groups").await.status, StatusCode::UNAUTHORIZED);
    let fresh = relay.client().with_token(&renewed.token);
    assert_eq!(fresh.get("/v1/groups").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_registration_without_a_name_or_with_the_relays_own_id_is_refused() {
    let relay = Relay::clocked(START).await;
    let blank = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &RegisterRequest {
                member_id: MemberId::random(),
                name: "  ".into(),
                token: None,
                device_key: None,
            },
        )
        .await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    let relay_id = MemberId::from_bytes(
        jinlin_model::ids::relay_actor()
            .to_bytes()
            .try_into()
            .expect("16 bytes"),
    );
    let reserved = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &RegisterRequest {
                member_id: relay_id,
                name: "Relay".into(),
                token: None,
                device_key: None,
            },
        )
        .await;
    assert_eq!(reserved.status, StatusCode::BAD_REQUEST);
    let not_json = relay
        .client()
        .send(
            relay
                .client()
                .http
                .post(format!("{}/v1/devices", relay.url()))
                .body("{"),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_json.error_code(), "bad_request");
}

fn own_token(byte: u8) -> String {
    hex::encode([byte; 32])
}

fn registration(member_id: MemberId, name: &str, token: Option<String>) -> RegisterRequest {
    RegisterRequest {
        member_id,
        name: name.into(),
        token,
        device_key: None,
    }
}

#[tokio::test]
async fn a_registration_sent_again_after_its_answer_was_lost_succeeds_with_the_same_token() {
    let relay = Relay::clocked(START).await;
    let member_id = MemberId::random();
    let token = own_token(7);
    let first: RegisterResponse = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(member_id, "Wang Fang", Some(token.clone())),
        )
        .await
        .expect_status(StatusCode::CREATED)
        .parse();
    assert_eq!(first.token, token, "the device's own token is the one registered");
    // The answer never arrived: the device sends the very same request again, and again.
    for _ in 0..2 {
        let again: RegisterResponse = relay
            .client()
            .json(
                Method::POST,
                "/v1/devices",
                &registration(member_id, "Wang Fang", Some(token.clone())),
            )
            .await
            .expect_status(StatusCode::OK)
            .parse();
        assert_eq!(again.token, token);
    }
    // A new name goes the same way.
    relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(member_id, "Grandma Wang", Some(token.clone())),
        )
        .await
        .expect_status(StatusCode::OK);
    let device = relay.client().with_token(&token);
    assert_eq!(device.get("/v1/groups").await.status, StatusCode::OK);
    let stats = relay.store().stats().expect("stats");
    assert_eq!(stats.devices, 1, "one device, however often it registered");
}

#[tokio::test]
async fn a_token_renewal_sent_again_after_the_relay_switched_still_succeeds() {
    let relay = Relay::clocked(START).await;
    let member_id = MemberId::random();
    let (old, new) = (own_token(1), own_token(2));
    relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(member_id, "Li Na", Some(old.clone())),
        )
        .await
        .expect_status(StatusCode::CREATED);
    let renewal = registration(member_id, "Li Na", Some(new.clone()));
    let with_old = relay.client().with_token(&old);
    // Sent twice: the first switched the token, its answer was lost, the second must not fail.
    for _ in 0..2 {
        let renewed: RegisterResponse = with_old
            .json(Method::POST, "/v1/devices", &renewal)
            .await
            .expect_status(StatusCode::OK)
            .parse();
        assert_eq!(renewed.token, new);
    }
    assert_eq!(with_old.get("/v1/groups").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        relay.client().with_token(&new).get("/v1/groups").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_chosen_token_that_is_malformed_or_taken_or_someone_elses_member_id_is_refused() {
    let relay = Relay::clocked(START).await;
    let owner = MemberId::random();
    let token = own_token(3);
    relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(owner, "Zhang Wei", Some(token.clone())),
        )
        .await
        .expect_status(StatusCode::CREATED);
    let malformed = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(MemberId::random(), "A", Some("abc".into())),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let taken = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(MemberId::random(), "B", Some(token.clone())),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "one token, one device");
    let claim = relay
        .client()
        .json(
            Method::POST,
            "/v1/devices",
            &registration(owner, "Impostor", Some(own_token(4))),
        )
        .await;
    assert_eq!(
        claim.status,
        StatusCode::CONFLICT,
        "another token cannot take the member id"
    );
    assert_eq!(
        relay.client().with_token(&token).get("/v1/groups").await.status,
        StatusCode::OK
    );
}
