//! Who reads and writes what: nesting, and non-members who must learn nothing.

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ROOT, ReadDoc};
use jinlin_core::{DocId, GroupKind, Role};
use jinlin_model::DocKind;
use jinlin_model::docs::request;
use jinlin_model::protocol::{AckResult, DocChanges, GroupCursor, PROTOCOL_VERSION, SyncRequest};
use serde_bytes::ByteBuf;

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, WireDevice, hospital_ride};

/// A comment on `doc` (as `device` holds it) written by `actor` in `device`'s name.
fn change_as(device: &WireDevice, doc: DocId, actor: ActorId) -> ByteBuf {
    edit_as(device, doc, actor, |d| {
        let me = request::Actor {
            id: device.member_id,
            name: "Member",
        };
        request::comment(d, me, "I can help", 0).expect("comment");
    })
}

/// Any edit of `doc` (as `device` holds it) written by `actor`.
fn edit_as(device: &WireDevice, doc: DocId, actor: ActorId, edit: impl FnOnce(&mut AutoCommit)) -> ByteBuf {
    let mut d = device.doc_as(doc, actor);
    edit(&mut d);
    d.commit();
    ByteBuf::from(d.get_last_local_change().expect("change").raw_bytes().to_vec())
}

fn upload(doc_id: DocId, doc_type: DocKind, group_id: DocId, change: ByteBuf) -> SyncRequest {
    SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![DocChanges {
            doc_id,
            doc_type,
            group_id,
            changes: vec![change],
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    }
}

#[tokio::test]
async fn a_building_member_reads_the_estate_and_community_but_not_a_sibling_building() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let estate = staff
        .create_group("Rose Garden", GroupKind::Estate, Some(community))
        .await;
    let b3 = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .await;
    let b4 = staff
        .create_group("Building 4", GroupKind::Building, Some(estate))
        .await;
    let mut requests = Vec::new();
    for g in [community, estate, b3, b4] {
        requests.push(staff.device.raise(hospital_ride(g, 1)).expect("raise"));
    }
    staff.sync().await;

    let resident = relay.device("Liu Yang").await;
    staff.admit(&resident, b3, Role::Resident).await;
    let res = resident.sync().await;
    let readable: Vec<DocId> = res.cursors.iter().map(|c| c.group_id).collect();
    assert_eq!(readable.len(), 3);
    for g in [community, estate, b3] {
        assert!(readable.contains(&g));
        assert!(resident.group(g).is_ok(), "group document arrived");
    }
    assert!(!readable.contains(&b4));
    assert!(resident.group(b4).is_err());
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(resident.request(*r).is_ok(), i < 3, "request {i}");
    }

    // Reading above does not mean acting above: the resident cannot invite to the estate.
    let refused = resident.client.invite(estate, Role::Resident, 1, 60).await;
    assert_eq!(refused.status, reqwest::StatusCode::FORBIDDEN);
    // But raising a request in the estate is writing a document of a readable group.
    let estate_request = resident.device.raise(hospital_ride(estate, 1)).expect("raise");
    let res = resident.sync().await;
    assert!(
        res.acks
            .iter()
            .any(|a| a.doc_id == estate_request && a.result == AckResult::Stored)
    );
}

#[tokio::test]
async fn a_non_member_gets_the_same_answer_for_another_groups_document_as_for_a_missing_one() {
    let relay = Relay::clocked(START).await;
    let (staff, community, request) = relay.community_with_request().await;

    let outsider = relay.device("Outsider").await;
    let own = outsider.create_group("Elsewhere", GroupKind::Community, None).await;
    let before = relay.metrics().await;
    let mine = change_as(&staff, request, outsider.member_id.actor());

    let attempts = [
        upload(request, DocKind::Request, community, mine.clone()),
        upload(DocId::random(), DocKind::Request, community, mine.clone()),
        upload(request, DocKind::Request, own, mine.clone()),
        upload(request, DocKind::Request, DocId::random(), mine.clone()),
        upload(community, DocKind::Group, community, mine.clone()),
    ];
    for req in &attempts {
        let res = outsider.client.sync(req).await;
        assert_eq!(
            res.acks[0].result,
            AckResult::Rejected {
                reason: "no such document".into()
            }
        );
        assert!(
            res.docs.iter().all(|d| d.group_id == own),
            "only its own group comes back"
        );
    }

    // Reading: a cursor for the other group is ignored, and nothing of it comes back.
    let res = outsider
        .client
        .sync(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![GroupCursor {
                group_id: community,
                cursor: 0,
                catch_up: None,
            }],
            docs: vec![],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await;
    assert!(res.cursors.iter().all(|c| c.group_id == own));
    assert!(res.docs.iter().all(|d| d.group_id == own));
    let after = relay.metrics().await;
    let changes = |m: &str| m.lines().find(|l| l.starts_with("jinlin_changes ")).map(str::to_owned);
    assert_eq!(changes(&before), changes(&after), "nothing was stored");
    assert_eq!(
        staff.request(request).expect("request").text,
        "Please drive me to the maternity hospital"
    );
}

#[tokio::test]
async fn a_member_uploads_only_changes_written_as_itself_by_any_of_its_installations() {
    let relay = Relay::clocked(START).await;
    let (staff, community, request) = relay.community_with_request().await;
    let member = relay.device("Member").await;
    staff.admit(&member, community, Role::Volunteer).await;
    member.sync().await;

    let mut relay_lengthened = jinlin_model::ids::relay_actor().to_bytes().to_vec();
    relay_lengthened.extend_from_slice(&[1; jinlin_model::ids::INSTALLATION_LEN]);
    for actor in [
        staff.member_id.actor(),
        // Another member's prefix with an installation of its own: still not the uploader.
        staff
            .member_id
            .installation_actor(&[1; jinlin_model::ids::INSTALLATION_LEN]),
        jinlin_model::ids::relay_actor(),
        ActorId::from(relay_lengthened),
        ActorId::random(),
    ] {
        let forged = change_as(&member, request, actor);
        let res = member
            .client
            .sync(&upload(request, DocKind::Request, community, forged))
            .await;
        assert!(
            matches!(&res.acks[0].result, AckResult::Rejected { reason } if reason.contains("own member id")),
            "{:?}",
            res.acks
        );
    }
    // Its own bare member id (as older stores wrote) and any installation of its own are its.
    let own = change_as(&member, request, member.member_id.actor());
    let res = member
        .client
        .sync(&upload(request, DocKind::Request, community, own))
        .await;
    assert_eq!(res.acks[0].result, AckResult::Stored);
    let installation = member
        .member_id
        .installation_actor(&[2; jinlin_model::ids::INSTALLATION_LEN]);
    let own = change_as(&member, request, installation);
    let res = member
        .client
        .sync(&upload(request, DocKind::Request, community, own))
        .await;
    assert_eq!(res.acks[0].result, AckResult::Stored);
}

#[tokio::test]
async fn a_member_cannot_number_sign_ups_promote_itself_or_edit_anothers_request() {
    let relay = Relay::clocked(START).await;
    let (staff, community, request) = relay.community_with_request().await;
    let member = relay.device("Member").await;
    staff.admit(&member, community, Role::Volunteer).await;
    member.sync().await;
    member.device.accept(request).expect("accept");
    member.sync().await;
    let actor = member.member_id.actor();
    let me = member.member_id.to_string();

    let jump_the_queue = edit_as(&member, request, actor.clone(), |d| {
        let order = d.get(ROOT, "relay_order").expect("get").expect("order").1;
        let signup = request::signup_records(d)[0].id.to_string();
        d.put(&order, signup, 0).expect("put");
    });
    let rewrite = edit_as(&member, request, actor.clone(), |d| {
        d.put(ROOT, "text", "changed by someone else").expect("put");
    });
    let promote = edit_as(&member, community, actor, |d| {
        let members = d.get(ROOT, "members").expect("get").expect("members").1;
        let mine = d.get(&members, me.as_str()).expect("get").expect("entry").1;
        d.put(&mine, "role", "staff").expect("put");
    });
    let before = relay.metrics().await;
    for (doc, doc_type, change, why) in [
        (
            request,
            DocKind::Request,
            jump_the_queue,
            "only the relay numbers sign-ups",
        ),
        (request, DocKind::Request, rewrite, "only the requester edits a request"),
        (community, DocKind::Group, promote, "never their role"),
    ] {
        let res = member.client.sync(&upload(doc, doc_type, community, change)).await;
        assert!(
            matches!(&res.acks[0].result, AckResult::Rejected { reason } if reason.contains(why)),
            "{:?}",
            res.acks
        );
    }
    let changes = |m: &str| m.lines().find(|l| l.starts_with("jinlin_changes ")).map(str::to_owned);
    assert_eq!(changes(&before), changes(&relay.metrics().await), "nothing was stored");
    staff.sync().await;
    let view = staff.request(request).expect("request");
    assert_eq!(view.signups[0].relay_order, Some(1));
    let role = staff
        .group(community)
        .expect("group")
        .member(member.member_id)
        .map(|m| m.role);
    assert_eq!(role, Some(Role::Volunteer));
}
