//! Replicas that exchange only through a relay that guards them, as the real relay does: each
//! replica's batch (every change the relay lacks) goes through `guard::check_upload` for its
//! author before the relay merges it; a refused batch is stored nowhere, and the replica keeps
//! its own copy, now apart from everyone. Then the replica takes everything the relay holds.
//! A replica is *hostile* once it has written what the app never writes. An honest replica's
//! batch is never refused for what it writes: the only refusal an honest batch may meet is one
//! where the same batch passes against the document as its author last had it from the relay,
//! and a change it had not seen yet took its right away (staff made them a building leader while
//! they moved building; the requester picked others while they started). Those are counted
//! (`raced`).

use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ReadDoc, Value};
use jinlin_core::MemberId;
use jinlin_model::docs::guard::{Writer, check_upload};
use jinlin_model::ids;
use jinlin_model::kinds::DocKind;
use proptest::prelude::*;

/// The `i`th member (replica `i` writes as them).
pub fn member(i: usize) -> MemberId {
    MemberId::from_bytes([i as u8 + 1; 16])
}

/// Who keeps the registry for a building, for replica `i`.
pub type Keeps = fn(usize, Option<&str>) -> bool;

pub struct Guarded {
    pub kind: DocKind,
    pub relay: AutoCommit,
    pub replicas: Vec<AutoCommit>,
    /// Replicas that wrote something the app never writes.
    pub hostile: Vec<bool>,
    /// Replicas whose batch the relay refused.
    pub refused: Vec<bool>,
    /// The relay's heads when each replica last took its document.
    seen: Vec<Vec<ChangeHash>>,
    keeps: Keeps,
    /// What the relay does after taking a batch (the request's arrival numbers).
    after_take: fn(&mut AutoCommit),
    /// Batches refused, and batches taken from hostile replicas.
    pub refusals: usize,
    pub hostile_taken: usize,
    /// Honest batches refused because a change they had not seen took their author's right away.
    pub raced: usize,
}

impl Guarded {
    /// `replicas` members, each with a copy of `origin` (already on the relay).
    pub fn new(
        kind: DocKind,
        mut origin: AutoCommit,
        replicas: usize,
        keeps: Keeps,
        after_take: fn(&mut AutoCommit),
    ) -> Guarded {
        origin.commit();
        Guarded {
            kind,
            relay: origin.fork().with_actor(ids::relay_actor()),
            replicas: (0..replicas)
                .map(|i| origin.fork().with_actor(member(i).actor()))
                .collect(),
            hostile: vec![false; replicas],
            refused: vec![false; replicas],
            seen: vec![origin.get_heads(); replicas],
            keeps,
            after_take,
            refusals: 0,
            hostile_taken: 0,
            raced: 0,
        }
    }

    /// Replica `i` uploads what the relay lacks, then takes what the relay has.
    pub fn sync(&mut self, i: usize) -> Result<(), TestCaseError> {
        let doc = &mut self.replicas[i];
        doc.commit();
        let batch = self.relay.get_changes_added(doc);
        if !batch.is_empty() && !self.refused[i] {
            let keeps = self.keeps;
            let building = move |b: Option<&str>| keeps(i, b);
            let writer = Writer {
                member: member(i),
                keeps: &building,
                name: &|| None,
                staff: &|| false,
                group: &|| None,
            };
            match check_upload(&mut self.relay, self.kind, &writer, &batch) {
                Ok(()) => {
                    self.relay.apply_changes(batch).map_err(fail)?;
                    (self.after_take)(&mut self.relay);
                    self.relay.commit();
                    if self.hostile[i] {
                        self.hostile_taken += 1;
                    }
                }
                Err(refusal) => {
                    if !self.hostile[i] {
                        let mut as_seen = self.relay.fork_at(&self.seen[i]).map_err(fail)?;
                        let own_view = check_upload(&mut as_seen, self.kind, &writer, &batch);
                        prop_assert!(
                            own_view.is_ok(),
                            "an honest batch of replica {i} was refused: {refusal}"
                        );
                        self.raced += 1;
                    }
                    self.refused[i] = true;
                    self.refusals += 1;
                }
            }
        }
        self.replicas[i].merge(&mut self.relay).map_err(fail)?;
        self.seen[i] = self.relay.get_heads();
        Ok(())
    }

    /// Everyone syncs, twice, so every replica has what every other one sent; `holds` checks the
    /// relay's copy after every sync, as after every batch the relay takes.
    pub fn settle(
        &mut self,
        mut holds: impl FnMut(&AutoCommit) -> Result<(), TestCaseError>,
    ) -> Result<(), TestCaseError> {
        for _ in 0..2 {
            for i in 0..self.replicas.len() {
                self.sync(i)?;
                holds(&self.relay)?;
            }
        }
        Ok(())
    }

    /// Every replica the relay never refused holds exactly the relay's document; a refused one
    /// holds all of it, plus its own refused changes.
    pub fn converged(&mut self) -> Result<(), TestCaseError> {
        let relay = self.relay.get_heads();
        for (i, doc) in self.replicas.iter_mut().enumerate() {
            if self.refused[i] {
                prop_assert!(
                    doc.get_changes_added(&mut self.relay).is_empty(),
                    "refused replica {i} lacks relay changes"
                );
            } else {
                prop_assert_eq!(
                    doc.get_heads(),
                    relay.clone(),
                    "replica {} did not converge with the relay",
                    i
                );
            }
        }
        Ok(())
    }
}

/// A failed Automerge call as a test failure.
pub fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The actor that wrote a value or made an object (from its id).
pub fn actor_of(id: &ObjId) -> Option<&ActorId> {
    match id {
        ObjId::Id(_, actor, _) => Some(actor),
        ObjId::Root => None,
    }
}

/// The member who wrote a value or made an object; `None` for the relay or the root.
pub fn writer_of(id: &ObjId) -> Option<MemberId> {
    actor_of(id).and_then(MemberId::of_actor)
}

/// The value at `key` of `obj` and the member who wrote it.
pub fn written(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<(String, Option<MemberId>)> {
    match doc.get(obj, key) {
        Ok(Some((Value::Scalar(s), id))) => {
            Some((s.as_str().map_or_else(|| s.to_string(), str::to_string), writer_of(&id)))
        }
        Ok(Some((Value::Object(_), id))) => Some((String::new(), writer_of(&id))),
        _ => None,
    }
}

/// Whether `before` is `after` with things only added (in order).
pub fn only_grew<T: PartialEq>(before: &[T], after: &[T]) -> bool {
    let mut kept = 0;
    for item in after {
        if kept < before.len() && *item == before[kept] {
            kept += 1;
        }
    }
    kept == before.len()
}

/// Replica `i` writes what the app never writes; it is hostile from then on if that wrote
/// anything.
pub fn hostile_write(
    net: &mut Guarded,
    i: usize,
    write: impl FnOnce(&mut AutoCommit) -> Result<(), automerge::AutomergeError>,
) {
    let doc = &mut net.replicas[i];
    let before = doc.get_heads();
    let _ = write(doc);
    if doc.get_heads() != before {
        net.hostile[i] = true;
    }
}
