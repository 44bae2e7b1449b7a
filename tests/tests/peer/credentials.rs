//! What a phone receives from its relay to be trusted by its neighbours' phones: the relay's key,
//! pinned at registration, and a credential per community naming the member, the phone's own
//! key and their groups with their roles, good for a week; with it, who was revoked.

use jinlin_core::Role;
use jinlin_model::peer::credential::{self, LIFETIME_MS, SigningKey, Vouched};
use jinlin_model::protocol::{Credentials, RegisterRequest, RegisterResponse};
use reqwest::{Method, StatusCode};

use jinlin_tests::wire::START;
use jinlin_tests::{Phone, Relay, admit, tree};

#[tokio::test]
async fn a_phone_pins_the_relays_key_and_holds_a_credential_naming_its_key_and_its_groups() {
    let relay = Relay::start().await;
    let staff = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let resident = Phone::registered("Grandma Wang", "3", &relay).await;
    admit(&staff, &resident, hood.b3, Role::Resident).await;
    let leader = Phone::registered("Li", "5", &relay).await;
    let code = staff.invite_leader(hood.b5, "5").await;
    leader.join(&code).await;

    let relay_key = relay.relay().signing_key().expect("relay key").public();
    assert_eq!(resident.pinned_relay_key().expect("pinned"), Some(relay_key));
    let held = resident.credentials().expect("credentials");
    assert_eq!(held.len(), 1, "one community, one credential");
    let (community, signed) = &held[0];
    assert_eq!(*community, hood.community);
    let vouched = credential::check(signed, &relay_key, hood.community, &[], resident.now()).expect("it checks");
    assert_eq!(vouched.member, resident.settings().member_id);
    assert_eq!(vouched.name, "Grandma Wang");
    assert_eq!(vouched.device_key(), Some(resident.peer_key().expect("key").public()));
    assert_eq!(
        vouched.groups,
        vec![Vouched {
            group: hood.b3,
            role: Role::Resident,
            building: None
        }]
    );
    assert_eq!(vouched.expires_at - vouched.issued_at, LIFETIME_MS, "good for a week");

    // A building leader's credential names the building they lead.
    let (_, signed) = &leader.credentials().expect("credentials")[0];
    let vouched = credential::check(signed, &relay_key, hood.community, &[], leader.now()).expect("it checks");
    assert_eq!(vouched.role_in(hood.b5), Some(Role::BuildingLeader));
    assert_eq!(vouched.groups[0].building.as_deref(), Some("5"));

    // The relay keeps its key: phones that pinned it keep trusting what it signs.
    let relay = relay.restart().await;
    assert_eq!(relay.relay().signing_key().expect("relay key").public(), relay_key);
}

#[tokio::test]
async fn a_revoked_phone_gets_no_credential_and_its_neighbours_learn_it_was_revoked() {
    let relay = Relay::clocked(START).await;
    let staff = Phone::registered_on_relay_clock("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let lost = Phone::registered_on_relay_clock("Chen", "3", &relay).await;
    admit(&staff, &lost, hood.b3, Role::Volunteer).await;
    let neighbour = Phone::registered_on_relay_clock("Grandma Wang", "3", &relay).await;
    admit(&staff, &neighbour, hood.b3, Role::Resident).await;
    assert!(neighbour.revoked_peers().expect("revoked").is_empty());

    let lost_member = lost.settings().member_id;
    staff.phone.revoke_device(hood.b3, lost_member).await.expect("revoke");
    let refused = relay
        .client()
        .with_token(&lost.settings().token)
        .get("/v1/credentials")
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "a revoked phone gets no credential"
    );

    // Within the hour the neighbour's next sync renews its credential and the revocations.
    relay.advance(credential_renewal());
    neighbour.sync().await;
    assert_eq!(neighbour.revoked_peers().expect("revoked"), vec![lost_member]);
    let (_, signed) = &neighbour.credentials().expect("held")[0];
    assert_eq!(
        credential::peek(signed).expect("reads").issued_at,
        START + credential_renewal(),
        "renewed"
    );
}

fn credential_renewal() -> i64 {
    jinlin_core::net::credentials::RENEW_AFTER
}

#[tokio::test]
async fn a_device_of_an_older_build_registers_its_key_again_before_it_is_vouched_for() {
    let relay = Relay::clocked(START).await;
    let old = relay.device("Zhao Lei").await;
    let refused = old.client.get("/v1/credentials").await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "no key, no credential");

    let key = SigningKey::from_seed(&[4; 32]);
    let again = RegisterRequest {
        member_id: old.member_id,
        name: "Zhao Lei".into(),
        token: old.client.token.clone(),
        device_key: Some(hex::encode(key.public())),
    };
    let answer: RegisterResponse = old
        .client
        .json(Method::POST, "/v1/devices", &again)
        .await
        .expect_status(StatusCode::OK)
        .parse();
    let relay_key = relay.relay().signing_key().expect("key").public();
    assert_eq!(answer.relay_key, Some(hex::encode(relay_key)));
    let issued: Credentials = old
        .client
        .get("/v1/credentials")
        .await
        .expect_status(StatusCode::OK)
        .parse();
    assert_eq!(issued.relay_key, hex::encode(relay_key));
    assert!(issued.credentials.is_empty(), "no group yet, nothing to vouch for");

    // The key is set once: another one would be another device.
    let other = RegisterRequest {
        device_key: Some(hex::encode(SigningKey::from_seed(&[5; 32]).public())),
        ..again.clone()
    };
    let answer = old.client.json(Method::POST, "/v1/devices", &other).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    // Not a key at all.
    let garbled = RegisterRequest {
        device_key: Some("not a key".into()),
        ..again
    };
    let answer = old.client.json(Method::POST, "/v1/devices", &garbled).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_relay_of_an_older_build_is_not_asked_for_its_key_at_every_sync() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Json;
    use axum::routing::post;
    use jinlin_core::DocId;
    use jinlin_model::protocol::{self, Membership, PROTOCOL_VERSION, SyncResponse};

    // A relay from before peer-to-peer sync: it registers devices and answers syncs, and names
    // no key of its own.
    let registrations = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&registrations);
    let group = DocId::random();
    let app = axum::Router::new()
        .route(
            "/v1/devices",
            post(move |Json(req): Json<RegisterRequest>| {
                counted.fetch_add(1, Ordering::SeqCst);
                async move { Json(serde_json::json!({"member_id": req.member_id, "token": req.token})) }
            }),
        )
        .route(
            "/v1/sync",
            post(move || async move {
                let answer = SyncResponse {
                    version: PROTOCOL_VERSION,
                    acks: Vec::new(),
                    docs: Vec::new(),
                    cursors: Vec::new(),
                    more: false,
                    memberships: vec![Membership {
                        group_id: group,
                        role: Role::Volunteer,
                    }],
                };
                (
                    [(reqwest::header::CONTENT_TYPE, protocol::CBOR)],
                    protocol::encode(&answer),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let chen = Phone::registered_at("Chen", "3", &url).await;
    assert_eq!(
        chen.pinned_relay_key().expect("pinned"),
        None,
        "an older relay names no key"
    );
    for _ in 0..3 {
        chen.sync().await;
    }
    assert_eq!(
        registrations.load(Ordering::SeqCst),
        2,
        "registered, then asked once more for the relay's key, not at every sync"
    );
}
