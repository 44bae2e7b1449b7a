//! A request among hostile replicas: the requester and three volunteers act through the app,
//! and the replicas chosen hostile also write what the app never writes (someone else's
//! sign-up, the relay's numbering, a pick of their own, a rewritten or removed comment, the
//! requester, a deleted container). Every batch goes through a guarded relay.
//!
//! On the relay's copy, after every batch it takes: the request's identity never changes; every
//! sign-up, and everything in it, is written by the member it names; only the relay numbers
//! sign-ups and only the requester picks; comments only ever grow, each in its author's name;
//! whoever moved the request on wrote their own name; never more confirmed than slots.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};
use jinlin_core::{DocId, RequestKind, SignupState};
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::ids;
use jinlin_model::kinds::DocKind;
use jinlin_model::read;
use proptest::prelude::*;

use crate::guarded::{Guarded, fail, member, only_grew, writer_of, written};

const PEOPLE: usize = 4;
const NAMES: [&str; PEOPLE] = ["requester", "v1", "v2", "v3"];

#[derive(Debug, Clone)]
enum Op {
    Accept(usize),
    Withdraw(usize),
    Start(usize),
    Complete(usize),
    Cancel(usize),
    Comment(usize),
    Pick(usize),
    Sync(usize),
    /// A raw write by a hostile replica: `(who, what, whose)`.
    Raw(usize, Raw, usize),
}

#[derive(Debug, Clone, Copy)]
enum Raw {
    WithdrawSomeoneElse,
    StealSignup,
    SignUpAsSomeoneElse,
    NumberOwnSignup,
    PickSelf,
    RewriteComment,
    DeleteComment,
    CommentAsSomeoneElse,
    ChangeRequester,
    DeleteContainer,
    MoreSlots,
    MarkDone,
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..PEOPLE;
    let raw = prop_oneof![
        Just(Raw::WithdrawSomeoneElse),
        Just(Raw::StealSignup),
        Just(Raw::SignUpAsSomeoneElse),
        Just(Raw::NumberOwnSignup),
        Just(Raw::PickSelf),
        Just(Raw::RewriteComment),
        Just(Raw::DeleteComment),
        Just(Raw::CommentAsSomeoneElse),
        Just(Raw::ChangeRequester),
        Just(Raw::DeleteContainer),
        Just(Raw::MoreSlots),
        Just(Raw::MarkDone),
    ];
    prop_oneof![
        4 => who.clone().prop_map(Op::Accept),
        2 => who.clone().prop_map(Op::Withdraw),
        1 => who.clone().prop_map(Op::Start),
        1 => who.clone().prop_map(Op::Complete),
        1 => who.clone().prop_map(Op::Cancel),
        2 => who.clone().prop_map(Op::Comment),
        1 => (1..PEOPLE).prop_map(Op::Pick),
        6 => who.clone().prop_map(Op::Sync),
        3 => (who.clone(), raw, who).prop_map(|(a, r, b)| Op::Raw(a, r, b)),
    ]
}

fn actor(i: usize) -> Actor<'static> {
    Actor {
        id: member(i),
        name: NAMES[i],
    }
}

fn origin(slots: i64) -> AutoCommit {
    let mut new = NewRequest::new(DocId::from_bytes([9; 16]), RequestKind::Hospital, "ride to hospital");
    new.slots = slots;
    request::create(DocId::from_bytes([8; 16]), &new, actor(0), 0).expect("raise")
}

fn number(relay: &mut AutoCommit) {
    request::record_relay_order(relay).expect("order");
}

fn entry_of(doc: &AutoCommit, who: usize) -> Option<(String, ObjId)> {
    let signups = read::obj(doc, &ROOT, "signups")?;
    read::keys(doc, &signups).into_iter().find_map(|k| {
        let e = read::obj(doc, &signups, &k)?;
        (read::str(doc, &e, "member") == Some(member(who).to_string())).then_some((k, e))
    })
}

/// The raw write; `Err` from Automerge (nothing to write into) writes nothing.
fn raw(doc: &mut AutoCommit, who: usize, what: Raw, whose: usize, now: i64) -> Result<(), automerge::AutomergeError> {
    let Some(signups) = read::obj(doc, &ROOT, "signups") else {
        return Ok(());
    };
    let comments = read::obj(doc, &ROOT, "comments");
    match what {
        Raw::WithdrawSomeoneElse => {
            if let Some((_, e)) = entry_of(doc, whose) {
                doc.put(&e, "withdrawn_at", now)?;
            }
        }
        Raw::StealSignup => {
            if let Some((_, e)) = entry_of(doc, whose) {
                doc.put(&e, "member", member(who).to_string())?;
            }
        }
        Raw::SignUpAsSomeoneElse => {
            let e = doc.put_object(
                &signups,
                format!("00000000-0000-4000-8000-0000000000{who}{whose}"),
                ObjType::Map,
            )?;
            doc.put(&e, "member", member(whose).to_string())?;
            doc.put(&e, "name", NAMES[whose])?;
            doc.put(&e, "at", now)?;
        }
        Raw::NumberOwnSignup => {
            if let (Some((k, _)), Some(order)) = (entry_of(doc, who), read::obj(doc, &ROOT, "relay_order")) {
                doc.put(&order, k, 0)?;
            }
        }
        Raw::PickSelf => {
            if let (Some((k, _)), Some(picks)) = (entry_of(doc, who), read::obj(doc, &ROOT, "picks")) {
                doc.put(&picks, k, now)?;
            }
        }
        Raw::RewriteComment => {
            if let Some(c) = comments.and_then(|l| doc.get(&l, 0).ok().flatten()).map(|(_, id)| id) {
                doc.put(&c, "text", "never mind")?;
            }
        }
        Raw::DeleteComment => {
            if let Some(l) = comments.filter(|l| doc.length(l) > 0) {
                doc.delete(&l, 0)?;
            }
        }
        Raw::CommentAsSomeoneElse => {
            if let Some(l) = comments {
                let c = doc.insert_object(&l, doc.length(&l), ObjType::Map)?;
                doc.put(&c, "author", member(whose).to_string())?;
                doc.put(&c, "name", NAMES[whose])?;
                doc.put(&c, "text", "cancel it")?;
                doc.put(&c, "at", now)?;
            }
        }
        Raw::ChangeRequester => {
            let r = doc.put_object(ROOT, "requester", ObjType::Map)?;
            doc.put(&r, "member", member(who).to_string())?;
        }
        Raw::DeleteContainer => {
            doc.delete(ROOT, ["signups", "comments", "relay_order", "picks"][whose])?;
        }
        Raw::MoreSlots => doc.put(ROOT, "slots", 9)?,
        Raw::MarkDone => {
            doc.put(ROOT, "done_at", now)?;
            doc.put(ROOT, "done_by", member(who).to_string())?;
        }
    }
    Ok(())
}

/// What the relay's copy looked like after the last batch it took.
#[derive(Default)]
struct Seen {
    comments: Vec<(ObjId, Option<String>, Option<String>)>,
}

fn comments(doc: &AutoCommit) -> Vec<(ObjId, Option<String>, Option<String>)> {
    let Some(list) = read::obj(doc, &ROOT, "comments") else {
        return Vec::new();
    };
    read::obj_list(doc, &list)
        .into_iter()
        .map(|c| {
            let (author, text) = (read::str(doc, &c, "author"), read::str(doc, &c, "text"));
            (c, author, text)
        })
        .collect()
}

fn relay_holds(doc: &AutoCommit, origin: &AutoCommit, seen: &mut Seen) -> Result<(), TestCaseError> {
    for key in ["type", "id", "group", "created_at"] {
        prop_assert_eq!(
            read::str(doc, &ROOT, key),
            read::str(origin, &ROOT, key),
            "the request's {} changed",
            key
        );
        prop_assert_eq!(
            read::int(doc, &ROOT, key),
            read::int(origin, &ROOT, key),
            "the request's {} changed",
            key
        );
    }
    let view = request::read(doc).map_err(fail)?;
    let first = request::read(origin).map_err(fail)?;
    prop_assert_eq!(&view.requester, &first.requester, "the requester changed");
    prop_assert_eq!(&view.raised_by, &first.raised_by, "who raised it changed");
    let (_, slots_by) = written(doc, &ROOT, "slots").unwrap_or_default();
    prop_assert_eq!(
        slots_by,
        Some(member(0)),
        "someone other than the requester changed the slots"
    );
    let (confirmed, slots) = (
        view.signups
            .iter()
            .filter(|s| s.state == SignupState::Confirmed)
            .count(),
        view.slots,
    );
    prop_assert!(confirmed <= slots as usize, "{confirmed} confirmed for {slots} slots");

    let signups = read::obj(doc, &ROOT, "signups").ok_or_else(|| fail("the sign-ups are gone"))?;
    prop_assert_eq!(writer_of(&signups), Some(member(0)), "the sign-up list was replaced");
    for key in read::keys(doc, &signups) {
        let Some(entry) = read::obj(doc, &signups, &key) else {
            continue;
        };
        let maker = writer_of(&entry);
        for field in read::keys(doc, &entry) {
            let (_, by) = written(doc, &entry, &field).unwrap_or_default();
            prop_assert_eq!(by, maker, "a sign-up's {} was written by someone else", field);
        }
        let named = read::str(doc, &entry, "member").and_then(|m| m.parse().ok());
        prop_assert_eq!(named, maker, "a sign-up names someone other than who made it");
        prop_assert!(maker != Some(member(0)), "the requester signed up for her own request");
    }
    let order = read::obj(doc, &ROOT, "relay_order").ok_or_else(|| fail("the relay order is gone"))?;
    for key in read::keys(doc, &order) {
        let id = doc.get(&order, key.as_str()).map_err(fail)?.map(|(_, id)| id);
        prop_assert_eq!(
            id.as_ref().and_then(crate::guarded::actor_of),
            Some(&ids::relay_actor()),
            "a sign-up was numbered by someone other than the relay"
        );
    }
    // The requester may clear her picks, container and all; nobody else picks.
    if let Some(picks) = read::obj(doc, &ROOT, "picks") {
        prop_assert_eq!(
            written(doc, &ROOT, "picks").and_then(|(_, by)| by),
            Some(member(0)),
            "the picks were replaced"
        );
        for key in read::keys(doc, &picks) {
            let (_, by) = written(doc, &picks, &key).unwrap_or_default();
            prop_assert_eq!(by, Some(member(0)), "someone other than the requester picked");
        }
    }
    for stamp in ["started", "done", "cancelled"] {
        if let Some((who, by)) = written(doc, &ROOT, &format!("{stamp}_by")) {
            prop_assert_eq!(who.parse().ok(), by, "{} in someone else's name", stamp);
        }
    }
    let now = comments(doc);
    prop_assert!(only_grew(&seen.comments, &now), "a comment was changed or removed");
    for (c, author, _) in &now {
        prop_assert_eq!(
            author.as_ref().and_then(|a| a.parse().ok()),
            writer_of(c),
            "a comment in someone else's name"
        );
    }
    seen.comments = now;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_replicas_never_get_a_forbidden_request_write_past_the_relay_and_honest_ones_converge(
        slots in 1i64..=3,
        hostile in prop::collection::vec(any::<bool>(), PEOPLE),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let origin = origin(slots);
        let mut net = Guarded::new(DocKind::Request, origin.clone(), PEOPLE, |_, _| false, number);
        let mut seen = Seen::default();
        let mut clock = 0;
        for op in &ops {
            clock += 1000;
            let now = clock;
            let docs = &mut net.replicas;
            // The app saying no is part of the game: it writes nothing.
            let _ = match *op {
                Op::Accept(i) => request::accept(&mut docs[i], actor(i), now).map(|_| ()),
                Op::Withdraw(i) => request::withdraw(&mut docs[i], actor(i), now),
                Op::Start(i) => request::start(&mut docs[i], actor(i), now),
                Op::Complete(i) => request::complete(&mut docs[i], actor(i), now),
                Op::Cancel(i) => request::cancel(&mut docs[i], actor(i), now),
                Op::Comment(i) => request::comment(&mut docs[i], actor(i), "on my way", now),
                Op::Pick(v) => request::pick(&mut docs[0], actor(0), member(v), now),
                Op::Sync(i) => {
                    net.sync(i)?;
                    relay_holds(&net.relay, &origin, &mut seen)?;
                    Ok(())
                }
                Op::Raw(i, what, whose) if hostile[i] => {
                    crate::guarded::hostile_write(&mut net, i, |doc| raw(doc, i, what, whose, now));
                    Ok(())
                }
                Op::Raw(..) => Ok(()),
            };
        }
        net.settle(|relay| relay_holds(relay, &origin, &mut seen))?;
        net.converged()?;
    }
}
