//! Invite codes: role, expiry, use limit, revocation, who may invite whom, and the member entry
//! the relay writes at redemption.

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use jinlin_core::{DocId, GroupKind, Role};
use jinlin_model::DocKind;
use jinlin_model::protocol::{Invite, Membership};
use reqwest::StatusCode;

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, WireDevice};

async fn community(relay: &Relay) -> (WireDevice, DocId) {
    let staff = relay.device("Chen Jie").await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .await;
    (staff, group)
}

async fn invite(by: &WireDevice, group: DocId, role: Role, uses: u32, secs: u64) -> Invite {
    by.client
        .invite(group, role, uses, secs)
        .await
        .expect_status(StatusCode::CREATED)
        .parse()
}

#[tokio::test]
async fn an_invite_grants_the_role_it_carries() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let volunteer = relay.device("Zhao Lei").await;
    let code = invite(&staff, group, Role::Volunteer, 1, 3600).await;
    assert_eq!(code.code.len(), 10);
    assert_eq!(code.role, Role::Volunteer);
    assert_eq!(code.uses_left, 1);
    assert_eq!(code.expires_at, START + 3_600_000);
    let joined: Membership = volunteer
        .client
        .redeem(&code.code)
        .await
        .expect_status(StatusCode::OK)
        .parse();
    assert_eq!(
        joined,
        Membership {
            group_id: group,
            role: Role::Volunteer
        }
    );
    assert_eq!(volunteer.client.memberships().await, vec![joined]);
}

#[tokio::test]
async fn a_code_is_accepted_however_it_is_typed() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let code = invite(&staff, group, Role::Resident, 1, 3600).await.code;
    let typed = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();
    relay
        .device("Sun Li")
        .await
        .client
        .redeem(&typed)
        .await
        .expect_status(StatusCode::OK);
}

#[tokio::test]
async fn an_expired_invite_admits_no_one() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let code = invite(&staff, group, Role::Resident, 5, 60).await;
    relay.clock().advance(61_000);
    let late = relay.device("Sun Li").await.client.redeem(&code.code).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert_eq!(late.error_code(), "invite_expired");
}

#[tokio::test]
async fn an_invite_admits_only_as_many_as_its_uses() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let code = invite(&staff, group, Role::Resident, 2, 3600).await;
    for name in ["A", "B"] {
        relay
            .device(name)
            .await
            .client
            .redeem(&code.code)
            .await
            .expect_status(StatusCode::OK);
    }
    let third = relay.device("C").await.client.redeem(&code.code).await;
    assert_eq!(third.status, StatusCode::GONE);
    assert_eq!(third.error_code(), "invite_used_up");
}

#[tokio::test]
async fn a_revoked_invite_admits_no_one_and_only_staff_or_its_maker_revoke() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let leader = relay.device("Leader").await;
    staff.admit(&leader, group, Role::BuildingLeader).await;
    let code = invite(&leader, group, Role::Resident, 5, 3600).await;

    let stranger = relay.device("Stranger").await;
    let refused = stranger.client.delete(&format!("/v1/invites/{}", code.code)).await;
    assert_eq!(
        refused.status,
        StatusCode::NOT_FOUND,
        "a stranger learns nothing about the code"
    );
    let unknown = stranger.client.delete("/v1/invites/ABCDEFGHJK").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.body, unknown.body);

    staff
        .client
        .delete(&format!("/v1/invites/{}", code.code))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let after = relay.device("Late").await.client.redeem(&code.code).await;
    assert_eq!(after.status, StatusCode::GONE);
    assert_eq!(after.error_code(), "invite_revoked");

    let own = invite(&leader, group, Role::Volunteer, 1, 3600).await;
    leader
        .client
        .delete(&format!("/v1/invites/{}", own.code))
        .await
        .expect_status(StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn only_staff_invite_staff_grid_workers_and_building_leaders() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let leader = relay.device("Leader").await;
    let grid = relay.device("Grid").await;
    let resident = relay.device("Resident").await;
    staff.admit(&leader, group, Role::BuildingLeader).await;
    staff.admit(&grid, group, Role::GridWorker).await;
    staff.admit(&resident, group, Role::Resident).await;

    for who in [&leader, &grid] {
        invite(who, group, Role::Resident, 1, 60).await;
        invite(who, group, Role::Volunteer, 1, 60).await;
        for role in [Role::Staff, Role::GridWorker, Role::BuildingLeader] {
            let refused = who.client.invite(group, role, 1, 60).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
            assert_eq!(refused.error_code(), "forbidden");
        }
    }
    assert_eq!(
        resident.client.invite(group, Role::Resident, 1, 60).await.status,
        StatusCode::FORBIDDEN
    );
    invite(&staff, group, Role::Staff, 1, 60).await;
    invite(&staff, group, Role::GridWorker, 1, 60).await;

    let bad_terms = staff.client.invite(group, Role::Resident, 0, 60).await;
    assert_eq!(bad_terms.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_non_member_cannot_invite_and_learns_nothing_about_the_group() {
    let relay = Relay::clocked(START).await;
    let (_staff, group) = community(&relay).await;
    let outsider = relay.device("Outsider").await;
    let existing = outsider.client.invite(group, Role::Resident, 1, 60).await;
    let missing = outsider.client.invite(DocId::random(), Role::Resident, 1, 60).await;
    let malformed = outsider
        .client
        .json(
            reqwest::Method::POST,
            "/v1/groups/not-a-group/invites",
            &jinlin_model::protocol::CreateInvite {
                role: Role::Resident,
                uses: 1,
                expires_in_secs: 60,
                building: None,
            },
        )
        .await;
    assert_eq!(existing.status, StatusCode::NOT_FOUND);
    assert_eq!(existing.body, missing.body);
    assert_eq!(malformed.body, missing.body);
}

#[tokio::test]
async fn redeeming_writes_the_member_into_the_group_document_as_the_relay() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let volunteer = relay.device("Zhao Lei").await;
    staff.admit(&volunteer, group, Role::Volunteer).await;

    // Both the staff member's device and the newcomer's receive the entry through sync.
    for device in [&staff, &volunteer] {
        device.sync().await;
        let view = device.group(group).expect("group on device");
        let entry = view.member(volunteer.member_id).expect("member entry");
        assert_eq!(entry.role, Role::Volunteer);
        assert_eq!(entry.name, "Zhao Lei");
        assert_eq!(entry.building.as_deref(), Some("3"));
        assert_eq!(entry.unit.as_deref(), Some("1202"));
    }
    let saved = staff.save_doc(group).expect("save").expect("doc");
    let mut doc = automerge::AutoCommit::load(&saved).expect("load");
    let actors: Vec<_> = doc.get_changes(&[]).iter().map(|c| c.actor_id().clone()).collect();
    assert!(
        actors.contains(&jinlin_model::ids::relay_actor()),
        "the entry is the relay's change"
    );
}

#[tokio::test]
async fn redeeming_again_never_lowers_a_role_or_uses_up_the_code() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let own = invite(&staff, group, Role::Resident, 1, 3600).await;
    let kept: Membership = staff
        .client
        .redeem(&own.code)
        .await
        .expect_status(StatusCode::OK)
        .parse();
    assert_eq!(kept.role, Role::Staff);
    relay
        .device("Next")
        .await
        .client
        .redeem(&own.code)
        .await
        .expect_status(StatusCode::OK);
}

#[tokio::test]
async fn a_role_staff_change_in_the_group_document_takes_effect_at_the_relay() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let resident = relay.device("Resident").await;
    staff.admit(&resident, group, Role::Resident).await;
    assert_eq!(
        resident.client.invite(group, Role::Resident, 1, 60).await.status,
        StatusCode::FORBIDDEN
    );
    staff.sync().await;
    staff
        .device
        .set_role(group, resident.member_id, Role::BuildingLeader)
        .expect("set role");
    let res = staff.sync().await;
    assert!(
        res.acks
            .iter()
            .all(|a| a.result == jinlin_model::protocol::AckResult::Stored)
    );
    assert_eq!(
        resident.client.memberships().await,
        vec![Membership {
            group_id: group,
            role: Role::BuildingLeader
        }]
    );
    invite(&resident, group, Role::Resident, 1, 60).await;
}

#[tokio::test]
async fn a_building_leader_invite_fixes_the_building_it_leads_whatever_the_redeemer_asks() {
    use jinlin_model::protocol::{CreateInvite, RedeemInvite};

    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let terms = |building: Option<&str>| CreateInvite {
        role: Role::BuildingLeader,
        uses: 1,
        expires_in_secs: 600,
        building: building.map(String::from),
    };
    let path = format!("/v1/groups/{group}/invites");
    let missing = staff.client.json(reqwest::Method::POST, &path, &terms(None)).await;
    assert_eq!(
        missing.status,
        StatusCode::BAD_REQUEST,
        "a leader's invite names a building"
    );
    let resident_with_building = staff
        .client
        .json(
            reqwest::Method::POST,
            &path,
            &CreateInvite {
                role: Role::Resident,
                ..terms(Some("5"))
            },
        )
        .await;
    assert_eq!(resident_with_building.status, StatusCode::BAD_REQUEST);

    let code: Invite = staff
        .client
        .json(reqwest::Method::POST, &path, &terms(Some("5")))
        .await
        .expect_status(StatusCode::CREATED)
        .parse();
    // The redeemer asks for building 3 (whose households they are after): they lead 5.
    let leader = relay.device("Leader").await;
    leader
        .client
        .json(
            reqwest::Method::POST,
            "/v1/invites/redeem",
            &RedeemInvite {
                code: code.code,
                building: Some("3".into()),
                unit: Some("101".into()),
            },
        )
        .await
        .expect_status(StatusCode::OK);
    staff.sync().await;
    let view = staff.group(group).expect("group");
    let entry = view.member(leader.member_id).expect("the leader's entry");
    assert_eq!(entry.role, Role::BuildingLeader);
    assert_eq!(entry.building.as_deref(), Some("5"), "the building the invite named");
}

#[tokio::test]
async fn a_building_leader_cannot_move_to_another_building_by_editing_their_own_entry() {
    let relay = Relay::clocked(START).await;
    let (staff, group) = community(&relay).await;
    let leader = relay.device("Leader").await;
    staff.admit(&leader, group, Role::BuildingLeader).await;
    leader.sync().await;
    // The phone refuses before writing anything.
    assert!(leader.set_profile(group, &[], Some("5"), Some("101")).is_err());
    assert!(
        leader.set_profile(group, &[], Some("3"), Some("102")).is_ok(),
        "the unit is theirs"
    );
    leader.sync().await;
    // A phone that writes it anyway (a forged change) is refused by the relay.
    let mut doc = leader.doc_as(group, leader.member_id.actor());
    let members = am_obj(&doc, "members");
    let mine = doc
        .get(&members, leader.member_id.to_string())
        .expect("read")
        .map(|(_, id)| id)
        .expect("entry");
    doc.put(&mine, "building", "5").expect("put");
    doc.commit();
    let change = doc.get_last_local_change().expect("change").raw_bytes().to_vec();
    let res = leader
        .client
        .sync(&jinlin_model::protocol::SyncRequest {
            version: jinlin_model::protocol::PROTOCOL_VERSION,
            cursors: vec![],
            docs: vec![jinlin_model::protocol::DocChanges {
                doc_id: group,
                doc_type: DocKind::Group,
                group_id: group,
                changes: vec![serde_bytes::ByteBuf::from(change)],
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await;
    assert!(
        matches!(&res.acks[0].result, jinlin_model::protocol::AckResult::Rejected { reason } if reason.contains("building leader")),
        "{:?}",
        res.acks
    );
    staff.sync().await;
    let entry = staff
        .group(group)
        .expect("group")
        .member(leader.member_id)
        .cloned()
        .expect("entry");
    assert_eq!(entry.building.as_deref(), Some("3"), "still the building staff gave");

    // Volunteers may still say where they live.
    let volunteer = relay.device("Volunteer").await;
    staff.admit(&volunteer, group, Role::Volunteer).await;
    volunteer.sync().await;
    volunteer
        .set_profile(group, &[], Some("5"), Some("202"))
        .expect("profile");
    let res = volunteer.sync().await;
    assert!(
        res.acks
            .iter()
            .all(|a| a.result == jinlin_model::protocol::AckResult::Stored),
        "{:?}",
        res.acks
    );
}

fn am_obj(doc: &automerge::AutoCommit, key: &str) -> automerge::ObjId {
    use automerge::ReadDoc;
    doc.get(automerge::ROOT, key)
        .expect("read")
        .map(|(_, id)| id)
        .expect("object")
}
