//! The sync logic driven by hand-made relay responses: no network, a real store.

use jinlin_model::DocKind;
use std::sync::Arc;

use automerge::{AutoCommit, Change};
use serde_bytes::ByteBuf;
use tempfile::TempDir;

use crate::device::Device;
use crate::store::cursors;
use crate::sync::Session;
use crate::sync::outgoing::Outgoing;
use jinlin_model::clock::ManualClock;
use jinlin_model::docs::request::NewRequest;
use jinlin_model::ids::DocId;
use jinlin_model::kinds::{GroupKind, RequestKind};
use jinlin_model::protocol::{AckResult, DocAck, DocChanges, GroupCursor, PROTOCOL_VERSION, SyncResponse};

pub(super) fn device(name: &str) -> (Device, TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::new(1_760_000_000_000);
    let d = Device::open_with_clock(dir.path().join("jinlin.db"), Arc::new(clock)).expect("open");
    d.set_identity(name, Some("3"), Some("101")).expect("identity");
    (d, dir)
}

pub(super) fn response(
    acks: Vec<DocAck>,
    docs: Vec<DocChanges>,
    cursors: Vec<GroupCursor>,
    more: bool,
) -> SyncResponse {
    SyncResponse {
        version: PROTOCOL_VERSION,
        acks,
        docs,
        cursors,
        more,
        memberships: Vec::new(),
    }
}

pub(super) fn ack_all(out: &Outgoing, result: AckResult) -> Vec<DocAck> {
    out.request
        .docs
        .iter()
        .map(|d| DocAck {
            doc_id: d.doc_id,
            result: result.clone(),
            change: None,
        })
        .collect()
}

pub(super) fn changes_of(d: &Device, id: DocId) -> Vec<Change> {
    let saved = d.save_doc(id).expect("save").expect("doc");
    AutoCommit::load(&saved).expect("load").get_changes(&[])
}

pub(super) fn as_wire(id: DocId, doc_type: DocKind, group: DocId, changes: &mut [Change]) -> DocChanges {
    DocChanges {
        doc_id: id,
        doc_type,
        group_id: group,
        changes: changes
            .iter_mut()
            .map(|c| ByteBuf::from(c.bytes().into_owned()))
            .collect(),
        saved: None,
    }
}

pub(super) fn raise(d: &Device, group: DocId) -> DocId {
    d.raise(NewRequest::new(
        group,
        RequestKind::Errand,
        "Medicine from the pharmacy",
    ))
    .expect("raise")
}

#[test]
fn a_first_sync_sends_every_local_document_and_a_stored_ack_clears_it() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    raise(&d, group);
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("a first request");
    assert_eq!(out.request.docs.len(), 2);
    assert!(out.request.cursors.is_empty(), "a new device starts every feed from 0");
    let acks = ack_all(&out, AckResult::Stored);
    let cursor = GroupCursor {
        group_id: group,
        cursor: 2,
        catch_up: None,
    };
    session
        .receive(&d, &out, response(acks, vec![], vec![cursor], false))
        .expect("receive");
    assert!(d.unsynced_docs().expect("unsynced").is_empty());
    assert_eq!(d.store().read(|c| cursors::get(c, group)).expect("cursor"), 2);
    assert!(
        session.next_request(&d).expect("build").is_none(),
        "one round trip is enough"
    );
    let report = session.finish(&d).expect("finish");
    assert_eq!((report.round_trips, report.sent_docs, report.pending), (1, 2, 0));
}

#[test]
fn the_next_sync_sends_only_what_changed_since_the_relay_stored_it() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    let mut first = Session::new();
    let out = first.next_request(&d).expect("build").expect("request");
    first
        .receive(
            &d,
            &out,
            response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");

    d.comment(req, "I can pay when you arrive").expect("comment");
    let mut second = Session::new();
    let out = second.next_request(&d).expect("build").expect("request");
    assert_eq!(out.request.docs.len(), 1);
    assert_eq!(out.request.docs[0].changes.len(), 1, "only the comment goes");
}

#[test]
fn received_changes_create_documents_new_to_this_device_and_move_its_feed_position() {
    let (a, _da) = device("Wang");
    let (b, _db) = device("Chen");
    let group = a.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&a, group);
    let docs = vec![
        as_wire(group, DocKind::Group, group, &mut changes_of(&a, group)),
        as_wire(req, DocKind::Request, group, &mut changes_of(&a, req)),
    ];
    let mut events = b.subscribe();
    let mut session = Session::new();
    let out = session.next_request(&b).expect("build").expect("request");
    let cursor = GroupCursor {
        group_id: group,
        cursor: 7,
        catch_up: None,
    };
    session
        .receive(&b, &out, response(vec![], docs, vec![cursor], false))
        .expect("receive");
    assert_eq!(b.group(group).expect("group").name, "Lianhua");
    assert_eq!(b.request(req).expect("request").text, "Medicine from the pharmacy");
    assert!(
        b.unsynced_docs().expect("unsynced").is_empty(),
        "received documents are not sent back"
    );
    assert_eq!(b.store().read(|c| cursors::get(c, group)).expect("cursor"), 7);
    assert!(events.try_recv().is_ok(), "listeners hear of received changes");
    let report = session.finish(&b).expect("finish");
    assert_eq!((report.received_changes > 0, report.changed_docs), (true, 2));
}

#[test]
fn a_response_with_a_change_that_does_not_decode_changes_nothing() {
    let (a, _da) = device("Wang");
    let (b, _db) = device("Chen");
    let group = a.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let mine = b
        .create_group("Chen's building", GroupKind::Building, None)
        .expect("group");
    let mut good = as_wire(group, DocKind::Group, group, &mut changes_of(&a, group));
    good.changes.push(ByteBuf::from(b"not a change".to_vec()));
    let mut session = Session::new();
    let out = session.next_request(&b).expect("build").expect("request");
    let cursor = GroupCursor {
        group_id: group,
        cursor: 3,
        catch_up: None,
    };
    let err = session
        .receive(
            &b,
            &out,
            response(ack_all(&out, AckResult::Stored), vec![good], vec![cursor], false),
        )
        .expect_err("refused");
    assert!(err.to_string().contains("does not decode"), "{err}");
    assert!(b.group(group).is_err(), "no part of the response was applied");
    assert_eq!(
        b.unsynced_docs().expect("unsynced"),
        vec![mine],
        "the upload is not marked as stored"
    );
    assert_eq!(b.store().read(|c| cursors::get(c, group)).expect("cursor"), 0);
}

#[test]
fn need_history_sends_the_whole_document_next_round() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    session
        .receive(
            &d,
            &out,
            response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");
    d.add_team(group, "Drivers", None).expect("team");

    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    assert_eq!(out.request.docs[0].changes.len(), 1);
    session
        .receive(
            &d,
            &out,
            response(ack_all(&out, AckResult::NeedHistory), vec![], vec![], false),
        )
        .expect("receive");
    let again = session.next_request(&d).expect("build").expect("a second round");
    assert_eq!(again.request.docs[0].changes.len(), 2, "the whole history goes");
    session
        .receive(
            &d,
            &again,
            response(ack_all(&again, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");
    assert!(session.next_request(&d).expect("build").is_none());
    assert_eq!(session.finish(&d).expect("finish").pending, 0);
}

#[test]
fn uploads_larger_than_the_budget_go_in_dependency_ordered_pieces() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    for i in 0..20 {
        d.comment(req, &format!("update {i}: {}", "x".repeat(200)))
            .expect("comment");
    }
    let total = changes_of(&d, req).len() + changes_of(&d, group).len();
    let mut session = Session::with_budget(1024);
    let mut relay = AutoCommit::new();
    let mut rounds = 0;
    let mut sent = 0;
    while let Some(out) = session.next_request(&d).expect("build") {
        rounds += 1;
        assert!(out.change_bytes <= 1024 || out.request.docs.iter().map(|d| d.changes.len()).sum::<usize>() == 1);
        for doc in &out.request.docs {
            sent += doc.changes.len();
            if doc.doc_id == req {
                let changes = doc
                    .changes
                    .iter()
                    .map(|b| Change::from_bytes(b.to_vec()).expect("change"))
                    .collect::<Vec<_>>();
                relay.apply_changes(changes).expect("apply");
                assert!(
                    relay.get_missing_deps(&[]).is_empty(),
                    "each piece follows what went before"
                );
            }
        }
        session
            .receive(
                &d,
                &out,
                response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
            )
            .expect("receive");
    }
    assert!(rounds > 2, "{rounds}");
    assert_eq!(sent, total, "every change went exactly once");
    assert_eq!(session.finish(&d).expect("finish").pending, 0);
}

#[test]
fn a_change_made_while_a_sync_is_in_flight_goes_with_the_next_one() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    d.add_team(group, "Drivers", None).expect("made meanwhile");
    session
        .receive(
            &d,
            &out,
            response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");
    let next = session.next_request(&d).expect("build").expect("another round");
    assert_eq!(next.request.docs[0].changes.len(), 1, "only the new change");
}

#[test]
fn the_relay_saying_more_asks_for_another_round() {
    let (d, _dir) = device("Wang");
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    session
        .receive(&d, &out, response(vec![], vec![], vec![], true))
        .expect("receive");
    let out = session.next_request(&d).expect("build").expect("a second round");
    session
        .receive(&d, &out, response(vec![], vec![], vec![], false))
        .expect("receive");
    assert!(session.next_request(&d).expect("build").is_none());
}

#[test]
fn a_change_too_large_for_the_relay_stays_on_the_phone_is_reported_and_blocks_nothing_else() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    let noise: String = (0..1900).map(|_| fastrand::alphanumeric()).collect();
    d.comment(req, &noise).expect("a long comment");
    let other = raise(&d, group);

    let limits = crate::sync::outgoing::Limits {
        budget: 1 << 20,
        max_change: 1000,
    };
    let mut session = Session::with_limits(limits);
    let mut sent = Vec::new();
    while let Some(out) = session.next_request(&d).expect("build") {
        sent.extend(out.request.docs.iter().map(|doc| (doc.doc_id, doc.changes.len())));
        session
            .receive(
                &d,
                &out,
                response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
            )
            .expect("receive");
    }
    assert!(
        sent.contains(&(req, 1)),
        "what precedes the large change still goes: {sent:?}"
    );
    assert!(
        sent.iter().any(|(id, _)| *id == other),
        "other documents are not held up"
    );
    let report = session.finish(&d).expect("finish");
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].doc_id, req);
    assert!(
        report.rejected[0].reason.contains("larger than the relay accepts"),
        "{report:?}"
    );
    assert_eq!(report.pending, 1, "kept on the phone");
    assert_eq!(d.request(req).expect("request").comments.len(), 1);
}
