//! Groups are created by uploading their document; they nest community → estate → building.

use jinlin_core::{DocId, GroupKind, MemberId, Role};
use jinlin_model::DocKind;
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::protocol::{AckResult, DocChanges, Membership, PROTOCOL_VERSION, SyncRequest};
use serde_bytes::ByteBuf;

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, hospital_ride};

#[tokio::test]
async fn uploading_a_new_group_document_makes_the_uploader_its_staff() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .await;
    assert_eq!(
        staff.client.memberships().await,
        vec![Membership {
            group_id: group,
            role: Role::Staff
        }]
    );
    let res = staff.sync().await;
    assert_eq!(res.memberships.len(), 1);
    assert!(res.cursors.iter().any(|c| c.group_id == group && c.cursor > 0));
}

/// A group document created inside `parent` by `member` as any Automerge writer could, and the
/// upload carrying it (a phone refuses to write what the relay would refuse).
fn forged_group(member: MemberId, kind: GroupKind, parent: DocId) -> (DocId, SyncRequest) {
    let id = DocId::random();
    let entry = MemberEntry {
        name: "Writer".into(),
        role: Role::Staff,
        skills: Vec::new(),
        building: None,
        unit: None,
    };
    let mut doc = group::create(id, kind, "Forged", Some(parent), member, &entry, 1_760_000_000_000).expect("document");
    let upload = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![DocChanges {
            doc_id: id,
            doc_type: DocKind::Group,
            group_id: id,
            changes: doc
                .get_changes(&[])
                .into_iter()
                .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
                .collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    (id, upload)
}

#[tokio::test]
async fn only_staff_of_the_parent_create_a_group_inside_it() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let resident = relay.device("Liu Yang").await;
    let community = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .await;
    staff.admit(&resident, community, Role::Resident).await;
    resident.sync().await;

    // A phone refuses to write it; the relay refuses it from any other writer too.
    let refused = resident
        .device
        .create_group("Rose Garden", GroupKind::Estate, Some(community))
        .expect_err("refused on the phone");
    assert!(refused.to_string().contains("staff of the parent"), "{refused}");
    let (estate, upload) = forged_group(resident.member_id, GroupKind::Estate, community);
    let res = resident.client.sync(&upload).await;
    let ack = res.acks.iter().find(|a| a.doc_id == estate).expect("ack");
    assert!(matches!(&ack.result, AckResult::Rejected { reason } if reason.contains("staff of the parent")));
    assert_eq!(resident.client.memberships().await.len(), 1, "no new membership");

    // The community's staff may, and a building may sit in the estate but not the other way round.
    let estate = staff
        .create_group("Rose Garden", GroupKind::Estate, Some(community))
        .await;
    let building = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .await;
    let refused = staff
        .device
        .create_group("Wrong way", GroupKind::Estate, Some(building))
        .expect_err("refused on the phone");
    assert!(refused.to_string().contains("cannot sit inside"), "{refused}");
    let (upside_down, upload) = forged_group(staff.member_id, GroupKind::Estate, building);
    let res = staff.client.sync(&upload).await;
    let ack = res.acks.iter().find(|a| a.doc_id == upside_down).expect("ack");
    assert!(matches!(&ack.result, AckResult::Rejected { reason } if reason.contains("cannot sit inside")));
}

#[tokio::test]
async fn groups_and_a_request_made_offline_are_accepted_in_one_sync() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff
        .device
        .create_group("Lianhua", GroupKind::Community, None)
        .expect("community");
    let estate = staff
        .device
        .create_group("Rose Garden", GroupKind::Estate, Some(community))
        .expect("estate");
    let request = staff.device.raise(hospital_ride(estate, 1)).expect("request");
    let res = staff.sync().await;
    assert_eq!(res.acks.len(), 3);
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored), "{:?}", res.acks);
    assert_eq!(res.memberships.len(), 2);
    assert!(staff.device.unsynced_docs().expect("unsynced").is_empty());
    assert_eq!(staff.device.request(request).expect("request").group_id, estate);
}
