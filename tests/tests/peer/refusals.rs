//! What a phone refuses from a neighbour's phone: a credential the relay did not sign, one for
//! another community, one that expired, one of a revoked phone; documents the neighbour may not
//! read are never offered (a resident never receives households); and a change whose author's
//! signature does not verify is refused by the phone and by the relay.

use jinlin_core::net::credentials::RENEW_AFTER;
use jinlin_core::net::peer;
use jinlin_core::{DocId, GroupKind, Role, SignupState};
use jinlin_model::docs::household::{NewHousehold, Resident};
use jinlin_model::kinds::RiskTier;
use jinlin_model::peer::credential::{self, Credential, FORMAT, LIFETIME_MS, SigningKey, Vouched};

use crate::support::listening;
use jinlin_tests::wire::START;
use jinlin_tests::{Phone, Relay, admit, tree};

/// Grandma Wang and Chen in building 3, synced, on the relay's hand-set clock.
async fn building_3(relay: &Relay) -> (Phone, jinlin_tests::Tree, Phone, Phone) {
    let staff = Phone::registered_on_relay_clock("Ms Sun", "1", relay).await;
    let hood = tree(&staff).await;
    let wang = Phone::registered_on_relay_clock("Grandma Wang", "3", relay).await;
    admit(&staff, &wang, hood.b3, Role::Resident).await;
    let chen = Phone::registered_on_relay_clock("Chen", "3", relay).await;
    admit(&staff, &chen, hood.b3, Role::Volunteer).await;
    (staff, hood, wang, chen)
}

#[tokio::test]
async fn a_phone_showing_a_credential_it_made_itself_is_refused_as_forged() {
    let relay = Relay::clocked(START).await;
    let (_staff, hood, wang, _chen) = building_3(&relay).await;
    // A stranger registered with the relay, in no group, writes itself a staff credential.
    let stranger = Phone::registered_on_relay_clock("Zhao Lei", "3", &relay).await;
    let own = SigningKey::from_seed(&[7; 32]);
    let forged = credential::issue(
        &own,
        &Credential {
            format: FORMAT,
            community: hood.community,
            member: stranger.settings().member_id,
            name: "Zhao Lei".into(),
            device_key: hex::encode(stranger.peer_key().expect("key").public()),
            groups: vec![Vouched {
                group: hood.community,
                role: Role::Staff,
                building: None,
            }],
            issued_at: START,
            expires_at: START + LIFETIME_MS,
        },
    );
    stranger.keep_credentials(&[forged], &[]).expect("kept");
    let request = wang.raise_ride(hood.b3, 1);

    let mut wang_listens = listening(&wang).await;
    let refused = peer::connect(&stranger.device, &wang_listens.addr, None).await;
    assert!(refused.is_err(), "the stranger is turned away");
    let why = wang_listens.served().await.expect_err("refused");
    assert!(why.contains("not signed by this community's relay"), "{why}");
    assert!(stranger.request(request).is_err(), "nothing reached the stranger");
}

#[tokio::test]
async fn a_phone_of_another_community_or_with_an_expired_credential_is_refused() {
    let relay = Relay::clocked(START).await;
    let (_staff, hood, wang, chen) = building_3(&relay).await;
    // Another community on the same relay.
    let other_staff = Phone::registered_on_relay_clock("Ms Gao", "1", &relay).await;
    let other = other_staff
        .create_group("Haicang Community", GroupKind::Community, None)
        .expect("group");
    other_staff.sync().await;
    let outsider = Phone::registered_on_relay_clock("Zhou", "8", &relay).await;
    admit(&other_staff, &outsider, other, Role::Volunteer).await;
    let request = wang.raise_ride(hood.b3, 1);

    let mut wang_listens = listening(&wang).await;
    let refused = peer::connect(&outsider.device, &wang_listens.addr, None).await;
    assert!(refused.is_err());
    let why = wang_listens.served().await.expect_err("refused");
    assert!(why.contains("another community"), "{why}");
    assert!(outsider.request(request).is_err(), "nothing reached the outsider");

    // A week without the relay: their credentials expired.
    relay.advance(LIFETIME_MS);
    let refused = peer::connect(&chen.device, &wang_listens.addr, None).await;
    let why = refused.expect_err("expired").to_string();
    assert!(why.contains("expired"), "{why}");
    assert!(chen.request(request).is_err(), "nothing reached Chen");
}

#[tokio::test]
async fn a_revoked_phone_is_refused_once_its_neighbour_has_heard_of_the_revocation() {
    let relay = Relay::clocked(START).await;
    let (staff, hood, wang, chen) = building_3(&relay).await;
    staff
        .phone
        .revoke_device(hood.b3, chen.settings().member_id)
        .await
        .expect("revoke");
    relay.advance(RENEW_AFTER);
    wang.sync().await;
    let request = wang.raise_ride(hood.b3, 1);

    let mut wang_listens = listening(&wang).await;
    let refused = peer::connect(&chen.device, &wang_listens.addr, None).await;
    assert!(refused.is_err());
    let why = wang_listens.served().await.expect_err("refused");
    assert!(why.contains("revoked"), "{why}");
    assert!(chen.request(request).is_err(), "nothing reached the lost phone");
}

#[tokio::test]
async fn a_resident_peer_never_receives_households_and_a_leader_only_their_buildings() {
    let relay = Relay::clocked(START).await;
    let (staff, hood, wang, _chen) = building_3(&relay).await;
    let worker = Phone::registered_on_relay_clock("Gao", "1", &relay).await;
    admit(&staff, &worker, hood.estate, Role::GridWorker).await;
    let leader = Phone::registered_on_relay_clock("Li", "3", &relay).await;
    let code = staff.invite_leader(hood.b3, "3").await;
    leader.join(&code).await;
    // The grid worker registers two households in the basement, one in each building.
    let household = |group: DocId, building: &str| NewHousehold {
        group_id: group,
        building: building.into(),
        unit: "1202".into(),
        residents: vec![Resident {
            name: "Resident".into(),
            phone: Some("13800001111".into()),
        }],
        tier: RiskTier::Red,
        flags: Vec::new(),
    };
    let in_3 = worker.add_household(household(hood.b3, "3")).expect("household");
    let in_5 = worker.add_household(household(hood.b5, "5")).expect("household");

    let mut worker_listens = listening(&worker).await;
    let resident = peer::connect(&wang.device, &worker_listens.addr, None)
        .await
        .expect("sync");
    worker_listens.served().await.expect("served");
    assert_eq!(resident.received_docs, 0, "a resident receives no household");
    assert!(wang.households(None, None).expect("households").is_empty());

    let by_leader = peer::connect(&leader.device, &worker_listens.addr, None)
        .await
        .expect("sync");
    assert_eq!(
        by_leader.received_docs, 1,
        "only the household of the leader's own building"
    );
    let held: Vec<DocId> = leader
        .households(None, None)
        .expect("households")
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(held, vec![in_3]);
    assert!(!held.contains(&in_5));
}

#[tokio::test]
async fn a_carried_change_whose_signature_does_not_verify_is_refused_by_a_phone_and_by_the_relay() {
    let mut relay = Relay::clocked(START).await;
    let (staff, hood, wang, chen) = building_3(&relay).await;
    let li = Phone::registered_on_relay_clock("Li", "3", &relay).await;
    admit(&staff, &li, hood.b3, Role::Volunteer).await;
    let addr = relay.go_down().await;
    let ride = wang.raise_ride(hood.b3, 1);
    let chen_listens = listening(&chen).await;
    peer::connect(&wang.device, &chen_listens.addr, None)
        .await
        .expect("sync");
    assert!(chen.request(ride).is_ok());

    // Chen's phone garbles the signature it keeps for her request (a tampering carrier).
    let db = rusqlite::Connection::open(chen.home().join("jinlin.db")).expect("open");
    let garbled = db
        .execute("UPDATE peer_signatures SET signature = zeroblob(64)", [])
        .expect("garble");
    assert!(garbled > 0);
    drop(db);

    // Li's phone refuses it from Chen's.
    let li_listens = listening(&li).await;
    let report = peer::connect(&chen.device, &li_listens.addr, None).await.expect("sync");
    assert_eq!(report.refused_by_peer.len(), 1, "{report:?}");
    assert!(
        report.refused_by_peer[0].reason.contains("signature does not verify"),
        "{report:?}"
    );
    assert!(li.request(ride).is_err(), "Li keeps nothing of it");

    // The relay refuses it from Chen's too, and stores nothing of it.
    relay.back_up(addr).await;
    chen.accept(ride).expect("accept");
    let carried = chen.sync().await;
    assert_eq!(carried.rejected.len(), 1, "{carried:?}");
    assert!(relay.store().doc(ride).expect("store").is_none());

    // Her own phone brings it; Chen's sign-up then goes with his next sync.
    wang.sync().await;
    chen.sync().await;
    li.sync().await;
    assert_eq!(li.states(ride), vec![("Chen".to_string(), SignupState::Confirmed)]);
}

#[tokio::test]
async fn the_relay_stores_nothing_a_phone_carries_for_a_neighbour_whose_phone_was_revoked() {
    let mut relay = Relay::clocked(START).await;
    let (staff, hood, wang, chen) = building_3(&relay).await;
    let addr = relay.go_down().await;
    let ride = wang.raise_ride(hood.b3, 1);
    let chen_listens = listening(&chen).await;
    peer::connect(&wang.device, &chen_listens.addr, None)
        .await
        .expect("sync");
    assert!(chen.request(ride).is_ok());

    // Her phone is reported lost before anyone reaches the relay.
    relay.back_up(addr).await;
    staff
        .phone
        .revoke_device(hood.b3, wang.settings().member_id)
        .await
        .expect("revoke");
    let carried = chen.sync().await;
    assert_eq!(carried.rejected.len(), 1, "{carried:?}");
    assert!(
        relay.store().doc(ride).expect("store").is_none(),
        "nothing of it is stored"
    );
}
