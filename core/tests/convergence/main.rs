//! Convergence under any merge order: several replicas of one request take random actions and
//! merge pairwise at random, with a relay replica numbering sign-ups as it first sees them.
//! After every step the rules hold on every replica; after a full exchange all replicas are
//! identical and show the same view.
//!
//! The modules below take all four document kinds through a relay that guards every batch as
//! the real relay does ([`guarded`]), with hostile replicas among the honest ones.
//!
//! Runs 1,000 cases by default (256 per kind for the guarded ones); set `PROPTEST_CASES` for a
//! longer run.

mod ballots;
mod guarded;
mod guarded_group;
mod guarded_household;
mod guarded_report;
mod guarded_request;

use automerge::AutoCommit;
use jinlin_core::{DocId, MemberId, RequestKind, SignupState, Status};
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::ids;
use proptest::prelude::*;

const VOLUNTEERS: usize = 3;
const NAMES: [&str; 4] = ["requester", "v1", "v2", "v3"];

#[derive(Debug, Clone)]
enum Op {
    Accept(usize),
    Withdraw(usize),
    Start(usize),
    Complete(usize),
    Cancel(usize),
    Comment(usize),
    Pick(usize),
    /// Replicas `a` and `b` exchange everything (`a == replicas` means the relay).
    Merge(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..=VOLUNTEERS;
    prop_oneof![
        4 => who.clone().prop_map(Op::Accept),
        2 => who.clone().prop_map(Op::Withdraw),
        1 => who.clone().prop_map(Op::Start),
        1 => who.clone().prop_map(Op::Complete),
        1 => who.clone().prop_map(Op::Cancel),
        1 => who.clone().prop_map(Op::Comment),
        1 => (1..=VOLUNTEERS).prop_map(Op::Pick),
        6 => (0..=VOLUNTEERS + 1, 0..=VOLUNTEERS + 1).prop_map(|(a, b)| Op::Merge(a, b)),
    ]
}

fn member(i: usize) -> MemberId {
    MemberId::from_bytes([i as u8 + 1; 16])
}

fn actor(i: usize) -> Actor<'static> {
    Actor {
        id: member(i),
        name: NAMES[i],
    }
}

struct World {
    /// Replicas 0..=VOLUNTEERS belong to members; the last one is the relay.
    docs: Vec<AutoCommit>,
    /// The most final status each replica has shown so far.
    seen: Vec<Status>,
    slots: u32,
    clock: i64,
}

impl World {
    fn new(slots: i64) -> World {
        let mut req = NewRequest::new(DocId::from_bytes([9; 16]), RequestKind::Hospital, "ride to hospital");
        req.slots = slots;
        let mut origin = request::create(DocId::from_bytes([8; 16]), &req, actor(0), 0).expect("create");
        origin.commit();
        let mut docs: Vec<AutoCommit> = (0..=VOLUNTEERS)
            .map(|i| origin.fork().with_actor(member(i).actor()))
            .collect();
        docs.push(origin.fork().with_actor(ids::relay_actor()));
        let n = docs.len();
        World {
            docs,
            seen: vec![Status::Open; n],
            slots: slots as u32,
            clock: 0,
        }
    }

    fn relay(&self) -> usize {
        self.docs.len() - 1
    }

    fn apply(&mut self, op: &Op) {
        self.clock += 1000;
        let now = self.clock;
        // Refusals are part of the game: the API says no and writes nothing.
        let _ = match *op {
            Op::Accept(i) => request::accept(&mut self.docs[i], actor(i), now).map(|_| ()),
            Op::Withdraw(i) => request::withdraw(&mut self.docs[i], actor(i), now),
            Op::Start(i) => request::start(&mut self.docs[i], actor(i), now),
            Op::Complete(i) => request::complete(&mut self.docs[i], actor(i), now),
            Op::Cancel(i) => request::cancel(&mut self.docs[i], actor(i), now),
            Op::Comment(i) => request::comment(&mut self.docs[i], actor(i), "on my way", now),
            Op::Pick(v) => request::pick(&mut self.docs[0], actor(0), member(v), now),
            Op::Merge(a, b) => {
                self.exchange(a, b);
                Ok(())
            }
        };
        for d in &mut self.docs {
            d.commit();
        }
    }

    fn exchange(&mut self, a: usize, b: usize) {
        if a == b {
            return;
        }
        let (lo, hi) = (a.min(b), a.max(b));
        let (left, right) = self.docs.split_at_mut(hi);
        let (x, y) = (&mut left[lo], &mut right[0]);
        x.merge(y).expect("merge");
        y.merge(x).expect("merge");
        let relay = self.relay();
        if a == relay || b == relay {
            let r = &mut self.docs[relay];
            request::record_relay_order(r).expect("order");
            r.commit();
            let other = if a == relay { b } else { a };
            let (left, right) = self.docs.split_at_mut(relay);
            left[other].merge(&mut right[0]).expect("merge back");
        }
    }

    fn check_invariants(&mut self) -> Result<(), TestCaseError> {
        for (i, doc) in self.docs.iter().enumerate() {
            let view = request::read(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let confirmed: Vec<_> = view
                .signups
                .iter()
                .filter(|s| s.state == SignupState::Confirmed)
                .collect();
            prop_assert!(
                confirmed.len() <= self.slots as usize,
                "more confirmed than slots on replica {i}"
            );
            let withdrawn: Vec<_> = request::signup_records(doc)
                .into_iter()
                .filter(|r| r.withdrawn_at.is_some())
                .map(|r| r.id)
                .collect();
            prop_assert!(
                confirmed.iter().all(|s| !withdrawn.contains(&s.id)),
                "a withdrawn sign-up is confirmed on replica {i}"
            );
            let members: std::collections::HashSet<_> = view.signups.iter().map(|s| s.member_id).collect();
            prop_assert_eq!(
                members.len(),
                view.signups.len(),
                "a member counted twice on replica {}",
                i
            );
            match self.seen[i] {
                Status::Done => prop_assert_eq!(view.status, Status::Done, "done changed on replica {}", i),
                Status::Cancelled => prop_assert!(
                    matches!(view.status, Status::Cancelled | Status::Done),
                    "cancelled went back to {} on replica {i}",
                    view.status
                ),
                _ => {}
            }
            if view.status.is_final() || self.seen[i] == Status::Open {
                self.seen[i] = view.status;
            }
        }
        Ok(())
    }

    /// Everyone exchanges with the relay, then with everyone, until nothing moves.
    fn settle(&mut self) {
        let n = self.docs.len();
        for _ in 0..2 {
            for a in 0..n {
                self.exchange(a, self.relay());
            }
            for a in 0..n {
                for b in a + 1..n {
                    self.exchange(a, b);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn replicas_merging_in_any_order_agree_and_never_break_the_rules(
        slots in 1i64..=3,
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut world = World::new(slots);
        for op in &ops {
            world.apply(op);
            world.check_invariants()?;
        }
        world.settle();
        world.check_invariants()?;
        let heads: Vec<_> = world.docs.iter_mut().map(|d| d.get_heads()).collect();
        prop_assert!(heads.windows(2).all(|w| w[0] == w[1]), "replicas did not converge");
        let views: Vec<_> = world.docs.iter().map(|d| request::read(d).expect("read")).collect();
        for v in &views[1..] {
            prop_assert_eq!(v, &views[0]);
        }
        prop_assert!(
            views[0].signups.iter().all(|s| s.state != SignupState::Tentative) || views[0].status.is_final(),
            "after a full exchange with the relay no sign-up is left tentative on an open request"
        );
    }
}
