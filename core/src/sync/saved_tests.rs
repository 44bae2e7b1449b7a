//! Documents received whole, in their saved form, driven by hand-made relay responses: no
//! network, a real store.

use jinlin_model::DocKind;
use std::sync::Arc;

use automerge::{AutoCommit, Change};
use serde_bytes::ByteBuf;
use tempfile::TempDir;

use crate::device::Device;
use crate::store::cursors;
use crate::sync::Session;
use jinlin_model::clock::ManualClock;
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::{GroupKind, HouseholdFlag, RiskTier, VisitOutcome};
use jinlin_model::protocol::{CatchUp, DocChanges, GroupCursor, PROTOCOL_VERSION, SyncResponse};

/// Bytes on which Automerge's loader panics (docs/RELIABILITY.md).
const LOADER_PANIC: &[u8] = include_bytes!("../../../reliability/tests/hostile/inputs/automerge-load-panic.bin");

fn device(name: &str) -> (Device, TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::new(1_760_000_000_000);
    let d = Device::open_with_clock(dir.path().join("jinlin.db"), Arc::new(clock)).expect("open");
    d.set_identity(name, Some("3"), Some("101")).expect("identity");
    (d, dir)
}

/// A grid worker's phone with a community and one household visited `visits` times.
fn worker_with_household(visits: usize) -> (Device, TempDir, DocId, DocId) {
    let (w, dir) = device("Worker Li");
    let group = w.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let household = w
        .add_household(NewHousehold {
            group_id: group,
            building: "3".into(),
            unit: "1201".into(),
            residents: vec![Resident {
                name: "Grandma Zhao".into(),
                phone: Some("13800000000".into()),
            }],
            tier: RiskTier::Red,
            flags: vec![HouseholdFlag::LivesAlone],
        })
        .expect("household");
    for i in 0..visits {
        visit(&w, household, i);
    }
    (w, dir, group, household)
}

fn visit(w: &Device, household: DocId, i: usize) {
    w.log_visit(
        household,
        &NewVisit {
            outcome: Some(VisitOutcome::Met),
            note: Some(format!("Visit {i}: all well")),
            needs: if i == 1 {
                vec!["Deliver medicine".into()]
            } else {
                Vec::new()
            },
            ..NewVisit::default()
        },
    )
    .expect("visit");
}

fn saved(d: &Device, id: DocId, doc_type: DocKind, group: DocId) -> DocChanges {
    let mut dc = DocChanges::new(id, doc_type, group, Vec::new());
    dc.saved = Some(ByteBuf::from(d.save_doc(id).expect("save").expect("doc")));
    dc
}

fn changes_after(d: &Device, id: DocId, heads: &[automerge::ChangeHash]) -> Vec<ByteBuf> {
    let bytes = d.save_doc(id).expect("save").expect("doc");
    let mut doc = AutoCommit::load(&bytes).expect("load");
    doc.get_changes(heads)
        .into_iter()
        .map(|c: Change| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect()
}

fn answer(docs: Vec<DocChanges>, cursor: GroupCursor) -> SyncResponse {
    SyncResponse {
        version: PROTOCOL_VERSION,
        acks: Vec::new(),
        docs,
        cursors: vec![cursor],
        more: false,
        memberships: Vec::new(),
    }
}

/// Runs one round of a session on `d` with `response` as the relay's answer.
fn receive(d: &Device, response: SyncResponse) -> crate::Result<crate::sync::SyncReport> {
    let mut session = Session::new();
    let out = session.next_request(d)?.expect("a first request");
    assert!(out.request.accept_saved, "this build reads saved forms");
    session.receive(d, &out, response)?;
    session.finish(d)
}

#[test]
fn a_document_received_whole_is_stored_as_its_saved_form_and_reads_like_the_original() {
    let (w, _dw, group, household) = worker_with_household(6);
    let (n, _dn) = device("Worker Sun");
    let docs = vec![
        saved(&w, group, DocKind::Group, group),
        saved(&w, household, DocKind::Household, group),
    ];
    let bytes = docs[1].saved.clone().expect("saved").into_vec();
    let report = receive(&n, answer(docs, GroupCursor::at(group, 9))).expect("applied");
    assert_eq!((report.received_saved, report.received_changes), (2, 0));
    assert_eq!(report.changed_docs, 2);

    assert_eq!(
        n.household(household).expect("household"),
        w.household(household).expect("original")
    );
    assert_eq!(
        n.households(None, None).expect("list"),
        w.households(None, None).expect("list")
    );
    assert_eq!(
        n.due_households(None).expect("due"),
        w.due_households(None).expect("due")
    );
    assert_eq!(n.heads(household).expect("heads"), w.heads(household).expect("heads"));
    let (snapshot, chunks): (Vec<u8>, i64) = n
        .store()
        .read(|c| {
            Ok(c.query_row(
                "SELECT snapshot, (SELECT count(*) FROM doc_chunks WHERE doc_id = ?1) FROM docs WHERE id = ?1",
                [household.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("row");
    assert_eq!((snapshot, chunks), (bytes, 0), "kept as received, not encoded again");
    assert!(n.unsynced_docs().expect("unsynced").is_empty(), "nothing to send back");
    assert_eq!(n.store().read(|c| cursors::get(c, group)).expect("cursor"), 9);

    // Later changes apply on top, as ever.
    let before = w.heads(household).expect("heads");
    visit(&w, household, 7);
    let later = DocChanges::new(
        household,
        DocKind::Household,
        group,
        changes_after(&w, household, &before),
    );
    receive(&n, answer(vec![later], GroupCursor::at(group, 10))).expect("applied");
    assert_eq!(
        n.household(household).expect("household"),
        w.household(household).expect("original")
    );
}

#[test]
fn a_saved_form_merges_into_a_document_the_device_already_holds() {
    let (w, _dw, group, household) = worker_with_household(2);
    let (n, _dn) = device("Worker Sun");
    let early = vec![
        saved(&w, group, DocKind::Group, group),
        DocChanges::new(household, DocKind::Household, group, changes_after(&w, household, &[])),
    ];
    receive(&n, answer(early, GroupCursor::at(group, 3))).expect("applied");
    for i in 2..5 {
        visit(&w, household, i);
    }
    // Its feed position read again from the start (a role change): the whole document comes
    // back, saved, and only what the device lacked is added.
    let again = vec![saved(&w, household, DocKind::Household, group)];
    let report = receive(&n, answer(again, GroupCursor::at(group, 8))).expect("applied");
    assert_eq!(report.changed_docs, 1);
    assert_eq!(
        n.household(household).expect("household"),
        w.household(household).expect("original")
    );
    assert_eq!(n.heads(household).expect("heads"), w.heads(household).expect("heads"));
    let unchanged = receive(
        &n,
        answer(
            vec![saved(&w, household, DocKind::Household, group)],
            GroupCursor::at(group, 8),
        ),
    )
    .expect("applied");
    assert_eq!(
        unchanged.changed_docs, 0,
        "a saved form the device holds changes nothing"
    );
}

#[test]
fn a_catch_up_stated_by_the_relay_is_kept_with_the_cursor_and_sent_back() {
    let (w, _dw, group, household) = worker_with_household(1);
    let (n, _dn) = device("Worker Sun");
    let paged = GroupCursor {
        group_id: group,
        cursor: 2,
        catch_up: Some(CatchUp { from: 0, upto: 40 }),
    };
    let mut first = answer(vec![saved(&w, group, DocKind::Group, group)], paged);
    first.more = true;
    let mut session = Session::new();
    let out = session.next_request(&n).expect("build").expect("request");
    session.receive(&n, &out, first).expect("applied");
    let out = session.next_request(&n).expect("build").expect("more to fetch");
    assert_eq!(out.request.cursors, vec![paged], "the catch-up goes back to the relay");
    let last = answer(
        vec![saved(&w, household, DocKind::Household, group)],
        GroupCursor::at(group, 40),
    );
    session.receive(&n, &out, last).expect("applied");
    assert!(session.next_request(&n).expect("build").is_none());
    assert_eq!(
        n.store().read(cursors::all).expect("cursors"),
        vec![GroupCursor::at(group, 40)]
    );
    assert_eq!(
        n.household(household).expect("household"),
        w.household(household).expect("original")
    );
}

#[test]
fn a_saved_form_that_does_not_load_is_refused_and_nothing_of_the_answer_is_written() {
    let (w, _dw, group, household) = worker_with_household(3);
    let good = saved(&w, household, DocKind::Household, group);
    let whole = good.saved.clone().expect("saved").into_vec();
    let bad_forms: Vec<Vec<u8>> = vec![
        b"not a document".to_vec(),
        LOADER_PANIC.to_vec(),
        whole[..whole.len() / 2].to_vec(),
        Vec::new(),
    ];
    for bad in bad_forms {
        let (n, _dn) = device("Worker Sun");
        let mut broken = DocChanges::new(household, DocKind::Household, group, Vec::new());
        broken.saved = Some(ByteBuf::from(bad));
        let docs = vec![saved(&w, group, DocKind::Group, group), broken];
        let err = receive(&n, answer(docs, GroupCursor::at(group, 5))).expect_err("refused");
        assert!(err.to_string().contains("does not load"), "{err}");
        assert!(n.group(group).is_err(), "no part of the answer was applied");
        assert!(n.household(household).is_err());
        assert_eq!(n.store().read(|c| cursors::get(c, group)).expect("cursor"), 0);
    }
}
