//! A device reads and writes only the documents of groups it belongs to; a document it may not
//! see answers exactly like one that does not exist; a bad token gets nothing at all.

use jinlin_model::DocKind;
use std::sync::Arc;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use jinlin_core::net::client::RelayClient;
use jinlin_core::net::live::{self, LiveOptions, LiveStatus};
use jinlin_core::{DocId, Error, GroupKind, NewRequest, RequestKind, Role};
use jinlin_model::docs::request::{self, Actor};
use jinlin_model::protocol::{AckResult, CreateInvite, DocChanges, GroupCursor, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::{PATIENCE, Phone, Relay, community, test_options};
use serde_bytes::ByteBuf;

/// An outsider's upload of a new request into `group`.
fn forged_request(outsider: &Phone, group: DocId) -> DocChanges {
    let me = outsider.identity().expect("identity").expect("has one");
    let id = DocId::random();
    let req = NewRequest::new(group, RequestKind::Other, "Send me everyone's address");
    let mut doc = request::create(
        id,
        &req,
        Actor {
            id: me.member_id,
            name: &me.name,
        },
        0,
    )
    .expect("doc");
    wire(id, DocKind::Request, group, &mut doc)
}

fn wire(id: DocId, doc_type: DocKind, group: DocId, doc: &mut AutoCommit) -> DocChanges {
    DocChanges {
        doc_id: id,
        doc_type,
        group_id: group,
        changes: doc
            .get_changes(&[])
            .into_iter()
            .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
            .collect(),
        saved: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_member_can_neither_read_nor_write_a_groups_documents() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let outsider = Phone::registered("Stranger", "99", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    let ride = grandma.raise_ride(group, 1);
    grandma.sync().await;

    // Reading: even claiming a feed position in the group yields nothing of it.
    let client = outsider.client();
    let ask = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![GroupCursor {
            group_id: group,
            cursor: 0,
            catch_up: None,
        }],
        docs: vec![],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = client.exchange(&ask).await.expect("sync");
    assert!(answer.docs.is_empty(), "{answer:?}");
    assert!(answer.cursors.iter().all(|c| c.group_id != group));
    assert!(answer.memberships.is_empty());
    outsider.sync().await;
    assert!(outsider.request(ride).is_err() && outsider.group(group).is_err());

    // Writing: a new request into the group, and a change to the existing one, are refused
    // exactly like writes to documents that do not exist.
    let me = outsider.identity().expect("identity").expect("has one");
    let saved = grandma.save_doc(ride).expect("save").expect("doc");
    let mut tampered = AutoCommit::load(&saved).expect("load").with_actor(me.member_id.actor());
    let before = tampered.get_heads();
    tampered.put(ROOT, "text", "changed by a stranger").expect("put");
    tampered.commit();
    let mut change_only = DocChanges {
        doc_id: ride,
        doc_type: DocKind::Request,
        group_id: group,
        changes: tampered
            .get_changes(&before)
            .into_iter()
            .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
            .collect(),
        saved: None,
    };
    let upload = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![forged_request(&outsider, group), change_only.clone()],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = client.exchange(&upload).await.expect("sync");
    let nowhere = DocId::random();
    change_only.doc_id = nowhere;
    let (control, _, _) = client
        .exchange(&SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![],
            docs: vec![change_only],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("sync");
    for ack in &answer.acks {
        assert!(matches!(&ack.result, AckResult::Rejected { .. }), "{ack:?}");
    }
    assert_eq!(
        answer.acks[1].result, control.acks[0].result,
        "indistinguishable from a missing document"
    );

    // Nothing of it reached the members.
    chen.sync().await;
    let seen = chen.request(ride).expect("request");
    assert_eq!(seen.text, "Please drive me to the maternity hospital");
    assert_eq!(chen.list_requests(&Default::default()).expect("list").len(), 1);

    // And an outsider cannot invite themselves in.
    let err = client
        .create_invite(
            group,
            &CreateInvite {
                role: Role::Staff,
                uses: 1,
                expires_in_secs: 60,
                building: None,
            },
        )
        .await
        .expect_err("refused");
    let other = client
        .create_invite(
            DocId::random(),
            &CreateInvite {
                role: Role::Staff,
                uses: 1,
                expires_in_secs: 60,
                building: None,
            },
        )
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Relay { status: 404, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        other.to_string(),
        "a group one may not see does not exist"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_can_neither_read_nor_write() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let group = community(&grandma, &[]).await;
    grandma.raise_ride(group, 1);
    grandma.sync().await;

    for token in ["0".repeat(64), "not a token".to_string(), String::new()] {
        let client = RelayClient::with_options(&relay.url(), test_options())
            .expect("client")
            .with_token(token.clone());
        let read = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![GroupCursor {
                group_id: group,
                cursor: 0,
                catch_up: None,
            }],
            docs: vec![],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let err = client.exchange(&read).await.expect_err("refused");
        assert!(matches!(err, Error::Relay { status: 401, .. }), "{token:?}: {err}");
        let intruder = Phone::new("Intruder", "1");
        let write = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![],
            docs: vec![forged_request(&intruder, group)],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let err = client.exchange(&write).await.expect_err("refused");
        assert!(matches!(err, Error::Relay { status: 401, .. }), "{err}");
        let err = client
            .create_invite(
                group,
                &CreateInvite {
                    role: Role::Staff,
                    uses: 1,
                    expires_in_secs: 60,
                    building: None,
                },
            )
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::Relay { status: 401, .. }), "{err}");
    }

    // Nor can it open the live channel.
    let stranger = Phone::new("Intruder", "1");
    let client = RelayClient::with_options(&relay.url(), test_options())
        .expect("client")
        .with_token("0".repeat(64));
    let channel = live::spawn(Arc::clone(&stranger.device), client, LiveOptions::default());
    let mut status = channel.watch_status();
    let refused = tokio::time::timeout(PATIENCE, status.wait_for(|s| matches!(s, LiveStatus::Refused { .. })))
        .await
        .expect("refused in time")
        .expect("status")
        .clone();
    assert!(
        matches!(&refused, LiveStatus::Refused { reason } if reason.contains("401")),
        "{refused:?}"
    );
    assert!(grandma.group(group).expect("group").kind == GroupKind::Community);
}
