//! A household vote under any merge order: four voters in three households (two share one)
//! cast and change ballots on their own replicas, which merge pairwise at random, with a relay
//! replica stamping each ballot's receipt time as it first sees it, and the clock moving on.
//! After every step no replica counts more than one ballot per household; after a full
//! exchange every replica holds the same document and computes the same tally, and each
//! household's counted ballot is the last one the relay received for it.

use automerge::AutoCommit;
use jinlin_core::{DocId, MemberId};
use jinlin_model::docs::proposal::{self, NewProposal, RollUnit, tally};
use jinlin_model::docs::request::Actor;
use jinlin_model::ids;
use jinlin_model::kinds::{BallotKind, Electorate, Threshold};
use proptest::prelude::*;

/// Voters 0 and 1 share household A; 2 is B; 3 is C.
const VOTERS: usize = 4;
const CLOSE: i64 = 1_000_000_000;

#[derive(Debug, Clone)]
enum Op {
    /// Voter `who` chooses option `choice` (0 yes, 1 no, 2 abstain).
    Vote(usize, u32),
    /// Replicas `a` and `b` exchange everything (`VOTERS` is the relay).
    Merge(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..VOTERS, 0u32..3).prop_map(|(w, c)| Op::Vote(w, c)),
        4 => (0..=VOTERS, 0..=VOTERS).prop_map(|(a, b)| Op::Merge(a, b)),
    ]
}

fn member(i: usize) -> MemberId {
    MemberId::from_bytes([i as u8 + 1; 16])
}

fn unit(key: &str, voters: &[usize]) -> RollUnit {
    RollUnit {
        key: key.into(),
        label: key.into(),
        voters: voters.iter().map(|&i| member(i)).collect(),
    }
}

struct World {
    docs: Vec<AutoCommit>,
    clock: i64,
}

impl World {
    fn new() -> World {
        let new = NewProposal {
            title: "Replace the lifts".into(),
            text: "Three quotes".into(),
            photos: Vec::new(),
            ballot: BallotKind::YesNo,
            options: Vec::new(),
            most: 1,
            electorate: Electorate::Households,
            quorum_pct: 50,
            threshold: Threshold::Majority,
            opens_at: 0,
            closes_at: CLOSE,
            early_close: false,
            secret: false,
        };
        let roll = [unit("a", &[0, 1]), unit("b", &[2]), unit("c", &[3])];
        let staff = Actor {
            id: MemberId::from_bytes([9; 16]),
            name: "staff",
        };
        let mut origin = proposal::create(
            DocId::from_bytes([7; 16]),
            DocId::from_bytes([8; 16]),
            &new,
            &roll,
            staff,
            0,
        )
        .expect("proposal");
        origin.commit();
        let mut docs: Vec<AutoCommit> = (0..VOTERS)
            .map(|i| origin.fork().with_actor(member(i).actor()))
            .collect();
        docs.push(origin.fork().with_actor(ids::relay_actor()));
        World { docs, clock: 0 }
    }

    fn apply(&mut self, op: &Op) {
        self.clock += 1000;
        match *op {
            Op::Vote(i, c) => {
                proposal::cast(&mut self.docs[i], member(i), &[c], self.clock).expect("a voter on the roll votes");
            }
            Op::Merge(a, b) => self.exchange(a, b),
        }
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
        left[lo].merge(&mut right[0]).expect("merge");
        right[0].merge(&mut left[lo]).expect("merge");
        if hi == VOTERS {
            let now = self.clock;
            let r = &mut self.docs[VOTERS];
            proposal::record_receipts(r, now).expect("receipts");
            r.commit();
            let (left, right) = self.docs.split_at_mut(VOTERS);
            left[lo].merge(&mut right[0]).expect("merge back");
        }
    }

    fn settle(&mut self) {
        for _ in 0..2 {
            for a in 0..VOTERS {
                self.exchange(a, VOTERS);
            }
            for a in 0..=VOTERS {
                for b in a + 1..=VOTERS {
                    self.exchange(a, b);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_replica_computes_the_same_tally_after_any_merge_order(ops in prop::collection::vec(op(), 1..40)) {
        let mut world = World::new();
        for op in &ops {
            world.apply(op);
            for doc in &world.docs {
                let view = proposal::read(doc).expect("read");
                let t = tally(&view, CLOSE);
                prop_assert!(t.voted <= 3, "more ballots counted than households: {:?}", t);
                prop_assert_eq!(t.counts.iter().map(|c| c.votes).sum::<u32>(), t.voted);
            }
        }
        world.settle();
        let heads: Vec<_> = world.docs.iter_mut().map(|d| d.get_heads()).collect();
        prop_assert!(heads.windows(2).all(|w| w[0] == w[1]), "replicas did not converge");
        let views: Vec<_> = world.docs.iter().map(|d| proposal::read(d).expect("read")).collect();
        let tallies: Vec<_> = views.iter().map(|v| tally(v, CLOSE)).collect();
        for t in &tallies[1..] {
            prop_assert_eq!(t, &tallies[0]);
        }
        // Each household's counted ballot is the last the relay received for it.
        for key in ["a", "b", "c"] {
            let last = views[0].ballots.iter().filter(|b| b.unit == key).max_by(|x, y| proposal::tally::later(x, y));
            let counted = proposal::tally::counted(&views[0]).into_iter().find(|b| b.unit == key);
            prop_assert_eq!(last.map(|b| &b.id), counted.map(|b| &b.id));
        }
        prop_assert!(views[0].ballots.iter().all(|b| b.received_at.is_some()), "the relay stamped every ballot");
    }
}
