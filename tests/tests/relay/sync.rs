//! The sync exchange: resent batches, late joiners, missing history, the response budget.

use automerge::ROOT;
use automerge::transaction::Transactable;
use jinlin_core::{GroupKind, Role};
use jinlin_model::DocKind;
use jinlin_model::protocol::{
    AckResult, DocChanges, GroupCursor, PROTOCOL_VERSION, RESPONSE_BUDGET_BYTES, SyncRequest,
};
use serde_bytes::ByteBuf;

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, hospital_ride};

fn metric(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
        .unwrap_or_else(|| panic!("no {name} in metrics"))
}

#[tokio::test]
async fn a_resent_batch_changes_nothing() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    staff.device.comment(request, "Leaving at 8").expect("comment");
    let (req, _) = staff.outgoing();
    let first = staff.client.sync(&req).await;
    assert!(first.acks.iter().all(|a| a.result == AckResult::Stored));
    let changes = metric(&relay.metrics().await, "jinlin_changes ");

    let again = staff.client.sync(&req).await;
    assert_eq!(again.acks, first.acks);
    assert!(again.docs.is_empty(), "nothing new comes back");
    assert_eq!(again.cursors, first.cursors);
    assert_eq!(metric(&relay.metrics().await, "jinlin_changes "), changes);
}

#[tokio::test]
async fn a_device_receives_only_what_it_missed_and_not_its_own_changes() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let volunteer = relay.device("Zhao Lei").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    staff.admit(&volunteer, community, Role::Volunteer).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    let own = staff.sync().await;
    assert!(
        own.docs.iter().all(|d| d.doc_id != request),
        "its own upload is not sent back"
    );

    volunteer.sync().await;
    assert!(volunteer.request(request).is_ok());
    let quiet = volunteer.sync().await;
    assert!(quiet.docs.is_empty(), "nothing new, nothing sent");

    staff.device.comment(request, "Leaving at 8").expect("comment");
    staff.sync().await;
    let next = volunteer.sync().await;
    assert_eq!(next.docs.len(), 1);
    assert_eq!(next.docs[0].changes.len(), 1, "only the comment");
    assert_eq!(volunteer.request(request).expect("request").comments.len(), 1);
}

#[tokio::test]
async fn a_member_who_joins_late_receives_the_history() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let early = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    staff.device.comment(early, "Still needed").expect("comment");
    staff.sync().await;

    let late = relay.device("Late").await;
    staff.admit(&late, community, Role::Resident).await;
    late.sync().await;
    let view = late.request(early).expect("history arrived");
    assert_eq!(view.comments.len(), 1);
    let group = late.group(community).expect("group");
    assert!(group.member(late.member_id).is_some());
    assert!(group.member(staff.member_id).is_some());
}

#[tokio::test]
async fn changes_whose_history_the_relay_lacks_are_not_stored_and_ask_for_it() {
    let relay = Relay::clocked(START).await;
    let (staff, community, request) = relay.community_with_request().await;

    // Two changes made on top of each other; only the second is sent.
    let mut doc = staff.doc_as(request, staff.member_id.actor());
    doc.put(ROOT, "text", "one").expect("put");
    doc.commit();
    doc.put(ROOT, "text", "two").expect("put");
    doc.commit();
    let changes = doc.get_changes(&staff.heads(request).expect("heads"));
    assert_eq!(changes.len(), 2);
    let only_second = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![DocChanges {
            doc_id: request,
            doc_type: DocKind::Request,
            group_id: community,
            changes: vec![ByteBuf::from(changes[1].raw_bytes().to_vec())],
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let before = metric(&relay.metrics().await, "jinlin_changes ");
    let res = staff.client.sync(&only_second).await;
    assert_eq!(res.acks[0].result, AckResult::NeedHistory);
    assert_eq!(metric(&relay.metrics().await, "jinlin_changes "), before);

    let both = SyncRequest {
        docs: vec![DocChanges {
            changes: changes
                .iter()
                .rev()
                .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
                .collect(),
            ..only_second.docs[0].clone()
        }],
        ..only_second
    };
    let res = staff.client.sync(&both).await;
    assert_eq!(
        res.acks[0].result,
        AckResult::Stored,
        "any order, once the history is there"
    );
    assert_eq!(metric(&relay.metrics().await, "jinlin_changes "), before + 2);
}

#[tokio::test]
async fn a_backlog_larger_than_the_response_budget_arrives_over_a_few_round_trips() {
    let relay = Relay::clocked(START).await;
    let (staff, community, request) = relay.community_with_request().await;

    // Five changes of about 1 MB each, in one upload (under the 8 MB body limit), each field
    // within the 2,000 characters a field may hold.
    let mut doc = staff.doc_as(request, staff.member_id.actor());
    let heads = doc.get_heads();
    for i in 0..5u8 {
        for k in 0..500usize {
            let filler: String = (0..2_000)
                .map(|j| char::from(b'a' + ((j + k + i as usize) % 26) as u8))
                .collect();
            doc.put(ROOT, format!("attachment_{i}_{k}"), filler).expect("put");
        }
        doc.commit();
    }
    let big: Vec<ByteBuf> = doc
        .get_changes(&heads)
        .iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let res = staff
        .client
        .sync(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![],
            docs: vec![DocChanges {
                doc_id: request,
                doc_type: DocKind::Request,
                group_id: community,
                changes: big,
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await;
    assert_eq!(res.acks[0].result, AckResult::Stored);

    let late = relay.device("Late").await;
    staff.admit(&late, community, Role::Resident).await;
    let mut cursors: Vec<GroupCursor> = vec![];
    let mut round_trips = 0;
    let mut received = 0;
    loop {
        round_trips += 1;
        let res = late
            .client
            .sync(&SyncRequest {
                version: PROTOCOL_VERSION,
                cursors: cursors.clone(),
                docs: vec![],
                accept_saved: false,
                signatures: Vec::new(),
            })
            .await;
        let bytes: usize = res.docs.iter().flat_map(|d| &d.changes).map(|c| c.len()).sum();
        assert!(bytes <= RESPONSE_BUDGET_BYTES + 1_100_000, "{bytes}");
        received += res.docs.iter().map(|d| d.changes.len()).sum::<usize>();
        cursors = res.cursors.clone();
        if !res.more {
            break;
        }
        assert!(round_trips < 5);
    }
    assert!(round_trips >= 2, "the budget split the backlog");
    assert_eq!(received, metric(&relay.metrics().await, "jinlin_changes ") as usize);
}

#[tokio::test]
async fn a_garbage_change_is_refused_and_nothing_of_its_document_is_stored() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    let (mut req, _) = staff.outgoing();
    req.docs[0].changes.push(ByteBuf::from(b"not a change".to_vec()));
    let res = staff.client.sync(&req).await;
    assert!(matches!(&res.acks[0].result, AckResult::Rejected { reason } if reason.contains("not a valid")));
    assert_eq!(metric(&relay.metrics().await, "jinlin_documents "), 1, "only the group");
    let _ = request;
}

#[tokio::test]
async fn a_new_document_split_over_two_entries_of_one_upload_is_stored() {
    let relay = Relay::clocked(START).await;
    let staff = relay.device("Chen Jie").await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
    staff.device.comment(request, "Leaving at 8").expect("comment");
    let (mut req, _) = staff.outgoing();
    let mut first = req.docs[0].clone();
    let rest = first.changes.split_off(1);
    assert!(!rest.is_empty());
    req.docs = vec![
        first,
        DocChanges {
            changes: rest,
            ..req.docs[0].clone()
        },
    ];
    let res = staff.client.sync(&req).await;
    assert!(res.acks.iter().all(|a| a.result == AckResult::Stored), "{:?}", res.acks);
    let late = relay.device("Late").await;
    staff.admit(&late, community, Role::Resident).await;
    late.sync().await;
    assert_eq!(late.request(request).expect("request").comments.len(), 1);
}

#[tokio::test]
async fn a_new_document_cannot_pose_as_another_by_stating_its_id() {
    let relay = Relay::clocked(START).await;
    let (staff, community, victim) = relay.community_with_request().await;
    let forger = relay.device("Forger").await;
    staff.admit(&forger, community, Role::Resident).await;
    forger.sync().await;

    // A request whose content says it is the victim's, uploaded under a new document id.
    let posing = jinlin_core::DocId::random();
    let mut ask = hospital_ride(community, 1);
    ask.text = "Ignore my last request".into();
    let mut doc = jinlin_model::docs::request::create(
        victim,
        &ask,
        jinlin_model::docs::request::Actor {
            id: forger.member_id,
            name: "Forger",
        },
        0,
    )
    .expect("forged request");
    let changes = doc
        .get_changes(&[])
        .into_iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let res = forger
        .client
        .sync(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![],
            docs: vec![DocChanges {
                doc_id: posing,
                doc_type: DocKind::Request,
                group_id: community,
                changes,
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await;
    assert!(
        matches!(&res.acks[0].result, AckResult::Rejected { reason } if reason.contains("states the id")),
        "{:?}",
        res.acks
    );
    assert!(relay.store().doc(posing).expect("read").is_none(), "nothing stored");
    staff.sync().await;
    assert_eq!(
        staff.request(victim).expect("hers").text,
        hospital_ride(community, 1).text
    );
}
