//! The peer session driven in memory: two phones' replicas, frames passed between them by hand,
//! no I/O. Checks what the end-to-end tests cannot easily make: a peer that lies.

use std::collections::HashMap;

use automerge::{AutoCommit, ChangeHash};

use super::authorship;
use super::credential::{self, Credential, FORMAT, LIFETIME_MS, SignedCredential, SigningKey, Vouched};
use super::frame::Frame;
use super::session::{Held, Local, PeerError, Received, Replica, Report, Session};
use crate::GroupView;
use crate::docs::group::tree::{GroupTree, Node};
use crate::docs::request::{self, Actor, NewRequest};
use crate::error::Result;
use crate::ids::{DocId, MemberId};
use crate::kinds::{DocKind, GroupKind, RequestKind, Role, SignupState};

const NOW: i64 = 1_796_000_000_000;

/// A community with one building, and the relay that vouches for its members.
struct Hood {
    relay: SigningKey,
    community: DocId,
    building: DocId,
    tree: GroupTree,
}

impl Hood {
    fn new() -> Hood {
        let (community, building) = (DocId::random(), DocId::random());
        let tree = GroupTree::new([
            Node {
                id: community,
                kind: GroupKind::Community,
                parent: None,
            },
            Node {
                id: building,
                kind: GroupKind::Building,
                parent: Some(community),
            },
        ]);
        Hood {
            relay: SigningKey::from_seed(&[1; 32]),
            community,
            building,
            tree,
        }
    }

    /// A phone of a member of the building with `role`.
    fn phone(&self, name: &str, seed: u8, role: Role) -> Phone {
        let key = SigningKey::from_seed(&[seed; 32]);
        let member = MemberId::random();
        let credential = credential::issue(
            &self.relay,
            &Credential {
                format: FORMAT,
                community: self.community,
                member,
                name: name.into(),
                device_key: hex::encode(key.public()),
                groups: vec![Vouched {
                    group: self.building,
                    role,
                    building: None,
                }],
                issued_at: NOW,
                expires_at: NOW + LIFETIME_MS,
            },
        );
        Phone {
            key,
            member,
            name: name.into(),
            credential,
            relay_key: self.relay.public(),
            tree: self.tree.clone(),
            docs: HashMap::new(),
            signatures: HashMap::new(),
            authors: HashMap::new(),
            lies: false,
        }
    }
}

/// One phone's replica, in memory.
struct Phone {
    key: SigningKey,
    member: MemberId,
    name: String,
    credential: SignedCredential,
    relay_key: [u8; 32],
    tree: GroupTree,
    docs: HashMap<DocId, (Held, AutoCommit)>,
    signatures: HashMap<ChangeHash, Vec<u8>>,
    authors: HashMap<MemberId, SignedCredential>,
    /// Signs anyone's change with its own key and vouches for any author with its own credential.
    lies: bool,
}

impl Replica for Phone {
    fn held(&self) -> Result<Vec<Held>> {
        Ok(self.docs.values().map(|(h, _)| h.clone()).collect())
    }
    fn load(&self, id: DocId) -> Result<Option<AutoCommit>> {
        Ok(self.docs.get(&id).map(|(_, d)| d.clone()))
    }
    fn tree(&self) -> Result<GroupTree> {
        Ok(self.tree.clone())
    }
    fn group(&self, _: DocId) -> Result<Option<GroupView>> {
        Ok(None)
    }
    fn signature(&self, hash: &ChangeHash) -> Result<Option<Vec<u8>>> {
        if self.lies {
            return Ok(Some(authorship::sign(&self.key, hash).to_vec()));
        }
        Ok(self.signatures.get(hash).cloned())
    }
    fn author(&self, member: MemberId) -> Result<Option<SignedCredential>> {
        if self.lies {
            return Ok(Some(self.credential.clone()));
        }
        Ok(self.authors.get(&member).cloned())
    }
}

impl Phone {
    fn local(&self) -> Local {
        Local {
            key: SigningKey::from_seed(&self.key.seed()),
            member: self.member,
            relay_key: self.relay_key,
            credentials: vec![self.credential.clone()],
            revoked: Vec::new(),
            community: None,
        }
    }

    fn me(&self) -> Actor<'_> {
        Actor {
            id: self.member,
            name: &self.name,
        }
    }

    fn raise(&mut self, group: DocId) -> DocId {
        let id = DocId::random();
        let doc =
            request::create(id, &NewRequest::new(group, RequestKind::Errand, "Milk"), self.me(), NOW).expect("raise");
        let held = Held {
            id,
            kind: DocKind::Request,
            group,
            building: None,
        };
        self.docs.insert(id, (held, doc));
        id
    }

    /// The document as this phone writes it (its own actor).
    fn doc_mut(&mut self, id: DocId, actor: MemberId) -> &mut AutoCommit {
        let (_, doc) = self.docs.get_mut(&id).expect("held");
        doc.set_actor(actor.actor());
        doc
    }

    fn keep(&mut self, received: Vec<Received>) {
        for r in received {
            let entry = self.docs.entry(r.id).or_insert_with(|| {
                (
                    Held {
                        id: r.id,
                        kind: r.kind,
                        group: r.group,
                        building: None,
                    },
                    AutoCommit::new(),
                )
            });
            entry.1.apply_changes(r.changes).expect("apply");
            self.signatures.extend(r.signatures);
            self.authors.extend(r.authors);
        }
    }

    fn states(&self, id: DocId) -> Vec<(String, SignupState)> {
        let view = request::read(&self.docs[&id].1).expect("view");
        view.signups.iter().map(|s| (s.member_name.clone(), s.state)).collect()
    }
}

type Outcome = std::result::Result<Report, String>;

/// Runs a session from `a` to `b`, passing frames until both are over; `cut` frames into the
/// exchange, the link breaks.
fn run(a: &mut Phone, b: &mut Phone, cut: Option<usize>) -> (Outcome, Outcome) {
    run_tampered(a, b, cut, &mut |_| {})
}

/// As [`run`], with `tamper` changing every frame `a` sends before `b` reads it.
fn run_tampered(
    a: &mut Phone,
    b: &mut Phone,
    cut: Option<usize>,
    tamper: &mut dyn FnMut(&mut Frame),
) -> (Outcome, Outcome) {
    // What each phone wrote is committed first, as a phone's store commits every change (a
    // copy committing on its own would make another change of the same sequence number).
    for phone in [&mut *a, &mut *b] {
        for (_, doc) in phone.docs.values_mut() {
            doc.commit();
        }
    }
    let (mut sa, first) = Session::initiate(a.local(), NOW, [0xA; 32]).expect("start");
    let mut sb = Session::respond(b.local(), NOW, [0xB; 32]);
    let (mut to_b, mut to_a) = (first, Vec::new());
    let (mut err_a, mut err_b): (Option<PeerError>, Option<PeerError>) = (None, None);
    let mut passed = 0;
    for _ in 0..50 {
        for mut f in std::mem::take(&mut to_b) {
            if cut.is_some_and(|c| passed >= c) {
                break;
            }
            passed += 1;
            tamper(&mut f);
            match sb.receive(f, b) {
                Ok(out) => to_a.extend(out),
                Err(e) => err_b = Some(e),
            }
            let got = sb.take_received();
            b.keep(got);
        }
        for f in std::mem::take(&mut to_a) {
            if cut.is_some_and(|c| passed >= c) {
                break;
            }
            passed += 1;
            match sa.receive(f, a) {
                Ok(out) => to_b.extend(out),
                Err(e) => err_a = Some(e),
            }
            let got = sa.take_received();
            a.keep(got);
        }
        if to_a.is_empty() && to_b.is_empty() {
            break;
        }
    }
    let outcome = |s: &Session, e: Option<PeerError>| match e {
        Some(e) => Err(e.to_string()),
        None => Ok(s.report().clone()),
    };
    (outcome(&sa, err_a), outcome(&sb, err_b))
}

#[test]
fn a_request_and_a_sign_up_cross_between_two_phones_within_three_round_trips_and_the_sign_up_stays_tentative() {
    let hood = Hood::new();
    let mut wang = hood.phone("Grandma Wang", 2, Role::Resident);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let ride = wang.raise(hood.building);

    let (at_wang, at_chen) = run(&mut wang, &mut chen, None);
    let (at_wang, at_chen) = (at_wang.expect("wang"), at_chen.expect("chen"));
    assert_eq!((at_wang.sent_docs, at_chen.received_docs), (1, 1));
    // A round trip is a turn each way; the last turn only says there is nothing more.
    assert!(at_wang.turns + at_chen.turns <= 6, "{at_wang:?} {at_chen:?}");
    assert_eq!(at_chen.peer_name.as_deref(), Some("Grandma Wang"));

    let me = chen.me().id;
    let name = chen.name.clone();
    request::accept(chen.doc_mut(ride, me), Actor { id: me, name: &name }, NOW).expect("accept");
    let (at_wang, _) = run(&mut wang, &mut chen, None);
    assert_eq!(at_wang.expect("wang").received_changes, 1, "his sign-up only");
    for phone in [&wang, &chen] {
        assert_eq!(phone.states(ride), vec![("Chen".to_string(), SignupState::Tentative)]);
    }

    // Nothing left to say: a third session sends nothing.
    let (at_wang, at_chen) = run(&mut wang, &mut chen, None);
    assert_eq!(
        at_wang.expect("wang").sent_changes + at_chen.expect("chen").sent_changes,
        0
    );
}

#[test]
fn a_sign_up_numbered_by_the_volunteer_himself_is_refused_whole() {
    let hood = Hood::new();
    let mut wang = hood.phone("Grandma Wang", 2, Role::Resident);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let ride = wang.raise(hood.building);
    run(&mut wang, &mut chen, None).0.expect("first");

    let me = chen.member;
    let name = chen.name.clone();
    let doc = chen.doc_mut(ride, me);
    request::accept(doc, Actor { id: me, name: &name }, NOW).expect("accept");
    // Chen writes the relay's arrival number into his own sign-up: first in line.
    request::record_relay_order(doc).expect("numbered");
    let (at_wang, at_chen) = run(&mut wang, &mut chen, None);
    let at_wang = at_wang.expect("the session goes on");
    assert_eq!(at_wang.refused.len(), 1, "{at_wang:?}");
    assert_eq!(
        at_wang.refused[0].reason, "only the relay numbers sign-ups",
        "the relay's own rule"
    );
    assert_eq!(at_chen.expect("chen").refused_by_peer.len(), 1);
    assert!(wang.states(ride).is_empty(), "nothing of it is kept");
}

#[test]
fn a_change_written_as_another_neighbour_is_refused_even_when_the_carrier_signs_it() {
    let hood = Hood::new();
    let mut wang = hood.phone("Grandma Wang", 2, Role::Resident);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let li = hood.phone("Li", 4, Role::Volunteer);
    let ride = wang.raise(hood.building);
    run(&mut wang, &mut chen, None).0.expect("first");

    // Chen writes a sign-up as Li, signs it with his own key and vouches for it with his own
    // credential.
    let doc = chen.doc_mut(ride, li.member);
    request::accept(
        doc,
        Actor {
            id: li.member,
            name: "Li",
        },
        NOW,
    )
    .expect("as Li");
    chen.lies = true;
    let (at_wang, _) = run(&mut wang, &mut chen, None);
    let at_wang = at_wang.expect("the session goes on");
    assert_eq!(at_wang.refused.len(), 1, "{at_wang:?}");
    assert!(at_wang.refused[0].reason.contains("credential"), "{at_wang:?}");
    assert!(wang.states(ride).is_empty());
}

#[test]
fn signatures_out_of_step_with_the_changes_they_came_with_are_refused() {
    let hood = Hood::new();
    let mut wang = hood.phone("Grandma Wang", 2, Role::Resident);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let first = wang.raise(hood.building);
    let me = wang.member;
    let name = wang.name.clone();
    let doc = wang.doc_mut(first, me);
    doc.commit();
    request::comment(doc, Actor { id: me, name: &name }, "the lift is out", NOW).expect("comment");

    // One signature short: the receiver cannot tell which change it belongs to.
    let (_, at_chen) = run_tampered(&mut wang, &mut chen, None, &mut |f| {
        if let Frame::Sync(s) = f
            && !s.signatures.is_empty()
        {
            let short = s.signatures.len() - 64;
            s.signatures.truncate(short);
        }
    });
    let at_chen = at_chen.expect("the session goes on");
    assert_eq!(at_chen.refused.len(), 1, "{at_chen:?}");
    assert_eq!(
        at_chen.refused[0].reason,
        "the signatures do not match the changes sent"
    );
    assert!(chen.docs.is_empty(), "nothing of it is kept");

    // Both there, in the wrong order: each is a real signature of hers, but not of its change.
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let (_, at_chen) = run_tampered(&mut wang, &mut chen, None, &mut |f| {
        if let Frame::Sync(s) = f
            && s.signatures.len() == 128
        {
            let swapped = [&s.signatures[64..], &s.signatures[..64]].concat();
            s.signatures = swapped.into();
        }
    });
    let at_chen = at_chen.expect("the session goes on");
    assert_eq!(at_chen.refused.len(), 1, "{at_chen:?}");
    assert_eq!(at_chen.refused[0].reason, "a change's signature does not verify");
    assert!(chen.docs.is_empty(), "nothing of it is kept");
}

#[test]
fn a_link_broken_halfway_keeps_what_arrived_and_the_next_session_sends_only_the_rest() {
    let hood = Hood::new();
    let mut wang = hood.phone("Grandma Wang", 2, Role::Resident);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    for _ in 0..4 {
        wang.raise(hood.building);
    }
    // Count the frames of a whole session on copies, then cut a fresh one two frames short.
    let whole = {
        let (mut w, mut c) = (
            hood.phone("Grandma Wang", 2, Role::Resident),
            hood.phone("Chen", 3, Role::Volunteer),
        );
        w.member = wang.member;
        w.credential = wang.credential.clone();
        w.docs = wang.docs.clone();
        c.member = chen.member;
        c.credential = chen.credential.clone();
        run(&mut w, &mut c, None).0.expect("whole").sent_docs
    };
    assert_eq!(whole, 4);
    // Hello, hello and proof, proof, Wang's offers (4 and end), Chen's answers (4 and end),
    // then Wang's changes, one document a frame: the link breaks after the second.
    let _cut = run(&mut wang, &mut chen, Some(16));
    let kept = chen.docs.len();
    assert!(kept > 0 && kept < 4, "some arrived whole before the cut: {kept}");
    let (again, _) = run(&mut wang, &mut chen, None);
    assert_eq!(again.expect("again").sent_docs, 4 - kept, "only the rest");
    assert_eq!(chen.docs.len(), 4);
}

#[test]
fn changes_made_apart_on_a_document_both_phones_had_from_the_relay_cross() {
    let hood = Hood::new();
    let mut office = hood.phone("Ms Sun", 5, Role::Staff);
    let mut wang = hood.phone("Grandma Wang", 2, Role::Volunteer);
    let mut chen = hood.phone("Chen", 3, Role::Volunteer);
    let ride = office.raise(hood.building);
    // Both received it from the relay: no signatures held for it.
    let from_relay = office.docs[&ride].clone();
    wang.docs.insert(ride, from_relay.clone());
    chen.docs.insert(ride, from_relay);
    for phone in [&mut wang, &mut chen] {
        let (me, name) = (phone.member, phone.name.clone());
        request::accept(phone.doc_mut(ride, me), Actor { id: me, name: &name }, NOW).expect("accept");
    }
    let (at_wang, at_chen) = run(&mut wang, &mut chen, None);
    let (at_wang, at_chen) = (at_wang.expect("wang"), at_chen.expect("chen"));
    assert_eq!(
        (at_wang.sent_changes, at_chen.sent_changes),
        (1, 1),
        "{at_wang:?} {at_chen:?}"
    );
    assert_eq!(wang.states(ride).len(), 2);
    assert_eq!(chen.states(ride).len(), 2);
}

mod converging {
    //! Honest phones syncing with each other in any order: no session refuses anything, and
    //! once every pair has synced every phone holds the same document.

    use proptest::prelude::*;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Accept(usize),
        Withdraw(usize),
        Comment(usize),
        /// Phones `a` and `b` sync with each other, `a` reaching out.
        Sync(usize, usize),
    }

    const PHONES: usize = 3;

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0..PHONES).prop_map(Op::Accept),
            1 => (0..PHONES).prop_map(Op::Withdraw),
            2 => (0..PHONES).prop_map(Op::Comment),
            4 => (0..PHONES, 0..PHONES).prop_map(|(a, b)| Op::Sync(a, b)),
        ]
    }

    /// Two distinct phones of `phones`, mutably.
    fn pair(phones: &mut [Phone], a: usize, b: usize) -> (&mut Phone, &mut Phone) {
        if a < b {
            let (left, right) = phones.split_at_mut(b);
            (&mut left[a], &mut right[0])
        } else {
            let (left, right) = phones.split_at_mut(a);
            (&mut right[0], &mut left[b])
        }
    }

    fn honest_sync(phones: &mut [Phone], a: usize, b: usize) -> std::result::Result<(), TestCaseError> {
        if a == b {
            return Ok(());
        }
        let (pa, pb) = pair(phones, a, b);
        let (ra, rb) = run(pa, pb, None);
        let (ra, rb) = (ra.map_err(TestCaseError::fail)?, rb.map_err(TestCaseError::fail)?);
        prop_assert!(ra.refused.is_empty() && rb.refused.is_empty(), "{ra:?} {rb:?}");
        prop_assert_eq!(ra.withheld + rb.withheld, 0);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn honest_phones_syncing_pairwise_in_any_order_refuse_nothing_and_converge(ops in proptest::collection::vec(op(), 1..24)) {
            let hood = Hood::new();
            let mut phones = vec![
                hood.phone("Grandma Wang", 2, Role::Resident),
                hood.phone("Chen", 3, Role::Volunteer),
                hood.phone("Li", 4, Role::Volunteer),
            ];
            let ride = phones[0].raise(hood.building);
            for op in ops {
                match op {
                    Op::Sync(a, b) => honest_sync(&mut phones, a, b)?,
                    Op::Accept(i) | Op::Withdraw(i) | Op::Comment(i) => {
                        let phone = &mut phones[i];
                        if !phone.docs.contains_key(&ride) {
                            continue;
                        }
                        let (me, name) = (phone.member, phone.name.clone());
                        let doc = phone.doc_mut(ride, me);
                        let actor = Actor { id: me, name: &name };
                        // Refused actions (her own request, no sign-up to withdraw) change nothing.
                        let _ = match op {
                            Op::Accept(_) => request::accept(doc, actor, NOW).map(|_| ()),
                            Op::Withdraw(_) => request::withdraw(doc, actor, NOW),
                            _ => request::comment(doc, actor, "on my way", NOW),
                        };
                    }
                }
            }
            for _ in 0..2 {
                for a in 0..PHONES {
                    for b in 0..PHONES {
                        honest_sync(&mut phones, a, b)?;
                    }
                }
            }
            let mut heads: Vec<_> = phones
                .iter_mut()
                .map(|p| p.docs.get_mut(&ride).map(|(_, d)| d.get_heads()))
                .collect();
            heads.dedup();
            prop_assert_eq!(heads.len(), 1, "every phone holds the same document");
            let views: Vec<_> = phones.iter().map(|p| p.states(ride)).collect();
            prop_assert!(views.windows(2).all(|w| w[0] == w[1]), "{views:?}");
        }
    }
}
