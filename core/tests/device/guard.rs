//! The schema guard: a batch that writes where its author may not is refused.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use jinlin_core::{DocId, MemberId, RequestKind, Role};
use jinlin_model::DocKind;
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::docs::guard::{Writer, check_upload};
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::read;

fn m(n: u8) -> MemberId {
    MemberId::from_bytes([n; 16])
}

fn request() -> AutoCommit {
    let r = NewRequest::new(DocId::random(), RequestKind::Hospital, "ride please");
    let mut doc = request::create(
        DocId::random(),
        &r,
        Actor {
            id: m(1),
            name: "requester",
        },
        0,
    )
    .expect("create");
    doc.commit();
    doc
}

/// What `author` would upload after doing `f` to their copy of `doc`.
fn batch(doc: &mut AutoCommit, author: MemberId, f: impl FnOnce(&mut AutoCommit)) -> Vec<automerge::Change> {
    let before = doc.get_heads();
    let mut copy = doc.fork().with_actor(author.actor());
    f(&mut copy);
    copy.commit();
    copy.get_changes(&before)
}

#[test]
fn a_member_may_sign_up_and_comment_in_their_own_name() {
    let mut doc = request();
    let changes = batch(&mut doc, m(2), |d| {
        request::accept(d, Actor { id: m(2), name: "v" }, 1).expect("accept");
        request::comment(d, Actor { id: m(2), name: "v" }, "coming", 1).expect("comment");
    });
    assert_eq!(
        check_upload(&mut doc, DocKind::Request, &Writer::member(m(2)), &changes),
        Ok(())
    );
}

#[test]
fn a_member_writing_into_someone_elses_sign_up_is_refused() {
    let mut doc = request();
    let theirs = batch(&mut doc, m(2), |d| {
        request::accept(d, Actor { id: m(2), name: "v2" }, 1).expect("accept");
    });
    doc.apply_changes(theirs).expect("apply");
    let sneaky = batch(&mut doc, m(3), |d| {
        let signups = read::obj(d, &ROOT, "signups").expect("signups");
        let key = read::keys(d, &signups)[0].clone();
        let entry = read::obj(d, &signups, &key).expect("entry");
        d.put(&entry, "withdrawn_at", 5).expect("put");
    });
    let err = check_upload(&mut doc, DocKind::Request, &Writer::member(m(3)), &sneaky).expect_err("refused");
    assert!(err.to_string().contains("own sign-up"), "{err}");
}

#[test]
fn a_device_numbering_sign_ups_like_the_relay_is_refused() {
    let mut doc = request();
    let changes = batch(&mut doc, m(2), |d| {
        request::accept(d, Actor { id: m(2), name: "v" }, 1).expect("accept");
        request::record_relay_order(d).expect("order");
    });
    let err = check_upload(&mut doc, DocKind::Request, &Writer::member(m(2)), &changes).expect_err("refused");
    assert!(err.to_string().contains("only the relay"), "{err}");
}

#[test]
fn only_the_requester_cancels_even_when_bypassing_the_api() {
    let mut doc = request();
    let changes = batch(&mut doc, m(2), |d| {
        d.put(ROOT, "cancelled_at", 9).expect("put");
    });
    assert!(check_upload(&mut doc, DocKind::Request, &Writer::member(m(2)), &changes).is_err());
    let changes = batch(&mut doc, m(1), |d| {
        request::cancel(
            d,
            Actor {
                id: m(1),
                name: "requester",
            },
            9,
        )
        .expect("cancel");
    });
    assert_eq!(
        check_upload(&mut doc, DocKind::Request, &Writer::member(m(1)), &changes),
        Ok(())
    );
}

#[test]
fn a_request_raised_in_someone_elses_name_is_refused() {
    let mut empty = AutoCommit::new();
    let mut forged = request();
    let changes = forged.get_changes(&[]);
    assert!(check_upload(&mut empty, DocKind::Request, &Writer::member(m(9)), &changes).is_err());
    assert_eq!(
        check_upload(&mut empty, DocKind::Request, &Writer::member(m(1)), &changes),
        Ok(())
    );
}

#[test]
fn a_member_cannot_make_themselves_staff_but_may_edit_their_own_entry() {
    let staff = MemberEntry {
        name: "staff".into(),
        role: Role::Staff,
        skills: vec![],
        building: None,
        unit: None,
    };
    let mut doc = group::create(
        DocId::random(),
        jinlin_core::GroupKind::Community,
        "C",
        None,
        m(1),
        &staff,
        0,
    )
    .expect("group");
    doc.commit();
    let resident = MemberEntry {
        name: "res".into(),
        role: Role::Resident,
        skills: vec![],
        building: None,
        unit: None,
    };
    let mut relay = doc.fork().with_actor(jinlin_model::ids::relay_actor());
    group::put_member(&mut relay, m(2), &resident, 1).expect("join");
    relay.commit();
    doc.merge(&mut relay).expect("merge");

    let promote = batch(&mut doc, m(2), |d| {
        group::put_member(
            d,
            m(2),
            &MemberEntry {
                role: Role::Staff,
                ..resident.clone()
            },
            2,
        )
        .expect("put")
    });
    assert!(check_upload(&mut doc, DocKind::Group, &Writer::member(m(2)), &promote).is_err());
    let profile = batch(&mut doc, m(2), |d| {
        group::put_member(
            d,
            m(2),
            &MemberEntry {
                building: Some("3".into()),
                ..resident.clone()
            },
            2,
        )
        .expect("put")
    });
    assert_eq!(
        check_upload(&mut doc, DocKind::Group, &Writer::member(m(2)), &profile),
        Ok(())
    );
    let rename = batch(&mut doc, m(2), |d| {
        d.put(ROOT, "name", "Mine now").expect("put");
    });
    assert!(check_upload(&mut doc, DocKind::Group, &Writer::member(m(2)), &rename).is_err());
}
