//! What a relay's refusal does to the phone, driven by hand-made relay answers: the refused
//! changes leave the outbox for the refused list with the reason, the document is rebuilt
//! without them, and nothing the relay holds or still waits to be sent is lost.

use automerge::ChangeHash;
use jinlin_model::DocKind;

use crate::sync::Session;
use crate::sync::outgoing::Outgoing;
use crate::sync::tests::{ack_all, as_wire, changes_of, device, raise, response};
use jinlin_model::kinds::GroupKind;
use jinlin_model::protocol::{AckResult, DocAck};

fn refuse(out: &Outgoing, reason: &str, change: Option<ChangeHash>) -> Vec<DocAck> {
    out.request
        .docs
        .iter()
        .map(|d| DocAck {
            doc_id: d.doc_id,
            result: AckResult::Rejected { reason: reason.into() },
            change: change.map(|h| h.to_string()),
        })
        .collect()
}

fn store_all(d: &crate::Device) {
    let mut session = Session::new();
    let out = session.next_request(d).expect("build").expect("request");
    session
        .receive(
            d,
            &out,
            response(ack_all(&out, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");
}

#[test]
fn a_refused_new_document_leaves_the_outbox_for_the_refused_list_with_the_relays_reason() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    session
        .receive(
            &d,
            &out,
            response(refuse(&out, "not a member", None), vec![], vec![], false),
        )
        .expect("receive");
    assert!(session.next_request(&d).expect("build").is_none(), "not sent again");
    let report = session.finish(&d).expect("finish");
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].reason, "not a member");
    assert_eq!(report.rejected[0].set_aside, 1);
    assert_eq!(report.pending, 0, "nothing waits on a refusal");
    assert!(
        d.group(group).is_err(),
        "a group the relay refused to create is not shown as if it existed"
    );
    let refused = d.refused().expect("refused");
    assert_eq!(refused.len(), 1);
    assert_eq!((refused[0].doc_id, refused[0].reason.as_str()), (group, "not a member"));
    assert_eq!(refused[0].doc_type, DocKind::Group);
}

#[test]
fn a_refused_comment_goes_with_what_was_built_on_it_and_what_the_relay_holds_stays() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    d.comment(req, "I am on the third floor").expect("comment");
    store_all(&d);
    d.comment(req, "refused one").expect("comment");
    let refused_hash = d.heads(req).expect("heads")[0];
    d.comment(req, "built on it").expect("comment");

    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    assert_eq!(out.request.docs[0].changes.len(), 2);
    let acks = refuse(&out, "only the requester edits a request", Some(refused_hash));
    session
        .receive(&d, &out, response(acks, vec![], vec![], false))
        .expect("receive");
    let report = session.finish(&d).expect("finish");
    assert_eq!((report.rejected[0].set_aside, report.pending), (2, 0));

    let texts: Vec<String> = d
        .request(req)
        .expect("request")
        .comments
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(
        texts,
        ["I am on the third floor"],
        "the stored comment stays; the refused two are gone"
    );
    assert_eq!(d.refused().expect("refused").len(), 2);

    // Later changes to the document are not blocked: only the new comment goes.
    d.comment(req, "a new comment").expect("comment");
    let mut next = Session::new();
    let out = next.next_request(&d).expect("build").expect("request");
    assert_eq!(out.request.docs.len(), 1);
    assert_eq!(out.request.docs[0].changes.len(), 1, "only the new comment goes");
}

#[test]
fn when_the_relay_names_a_later_change_the_earlier_ones_of_the_upload_still_go() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    store_all(&d);
    d.comment(req, "fine").expect("comment");
    d.comment(req, "refused").expect("comment");
    let refused_hash = d.heads(req).expect("heads")[0];

    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    session
        .receive(
            &d,
            &out,
            response(refuse(&out, "no", Some(refused_hash)), vec![], vec![], false),
        )
        .expect("receive");
    let again = session
        .next_request(&d)
        .expect("build")
        .expect("the rest goes in the same sync");
    assert_eq!(again.request.docs.len(), 1);
    assert_eq!(
        again.request.docs[0].changes.len(),
        1,
        "the comment before the refused one"
    );
    session
        .receive(
            &d,
            &again,
            response(ack_all(&again, AckResult::Stored), vec![], vec![], false),
        )
        .expect("receive");
    assert_eq!(session.finish(&d).expect("finish").pending, 0);
    let texts: Vec<String> = d
        .request(req)
        .expect("request")
        .comments
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(texts, ["fine"]);
}

#[test]
fn changes_from_neighbours_arriving_with_the_refusal_are_kept() {
    let (a, _da) = device("Wang");
    let (b, _db) = device("Chen");
    let group = a.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&a, group);
    store_all(&a);
    let req_changes = changes_of(&a, req);
    b.apply_remote(group, DocKind::Group, group, changes_of(&a, group))
        .expect("group");
    b.apply_remote(req, DocKind::Request, group, req_changes.clone())
        .expect("request");
    b.comment(req, "I can drive").expect("neighbour's comment");
    let mut theirs = changes_of(&b, req);
    theirs.retain(|c| !req_changes.iter().any(|m| m.hash() == c.hash()));

    a.comment(req, "refused").expect("comment");
    let mut session = Session::new();
    let out = session.next_request(&a).expect("build").expect("request");
    let docs = vec![as_wire(req, DocKind::Request, group, &mut theirs)];
    session
        .receive(&a, &out, response(refuse(&out, "no", None), docs, vec![], false))
        .expect("receive");
    let texts: Vec<String> = a
        .request(req)
        .expect("request")
        .comments
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(
        texts,
        ["I can drive"],
        "the neighbour's comment stays, the refused one goes"
    );
    assert_eq!(session.finish(&a).expect("finish").pending, 0);
}

#[test]
fn a_refusal_naming_no_change_never_sets_aside_what_the_relay_acknowledged_before() {
    let (d, _dir) = device("Wang");
    let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
    let req = raise(&d, group);
    store_all(&d);
    d.comment(req, "after the relay lost track").expect("comment");
    // The relay asks for the whole history, then refuses it without naming a change.
    let mut session = Session::new();
    let out = session.next_request(&d).expect("build").expect("request");
    session
        .receive(
            &d,
            &out,
            response(ack_all(&out, AckResult::NeedHistory), vec![], vec![], false),
        )
        .expect("receive");
    let whole = session.next_request(&d).expect("build").expect("the whole history");
    assert!(whole.sent[0].whole);
    session
        .receive(&d, &whole, response(refuse(&whole, "no", None), vec![], vec![], false))
        .expect("receive");
    let report = session.finish(&d).expect("finish");
    assert_eq!(report.rejected.last().map(|r| r.set_aside), Some(0), "{report:?}");
    assert!(d.refused().expect("refused").is_empty());
    let view = d.request(req).expect("the request stays whole");
    assert_eq!(view.comments.len(), 1);
}
