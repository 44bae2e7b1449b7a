//! Changes a bloom filter's false positive would hold back, sent anyway. Automerge decides what
//! the other phone lacks from its bloom filter of what it holds; a filter says "held" of about
//! one change in 120 it does not hold. When the first change of a run this phone made (a
//! sign-up, then comments on it) is such a false positive, Automerge sends the rest of the run
//! without it; the other phone cannot apply them and asks for the missing one a turn later,
//! which costs a fourth round trip in about half the sessions of fifty documents.
//!
//! So before a message goes, every change a change in it depends on is either in it, already
//! sent on this link, or known to be held by the other phone (an ancestor of the heads it
//! sent that this phone holds); anything else that can be signed is added, before its
//! dependents. The other phone may already hold such a change (received from a third phone):
//! it then costs a few bytes, never a refusal, as holding a change twice changes nothing. A
//! change that cannot be signed (one from the relay) is left out: the other phone received it
//! from the relay too, or the document waits for the relay as before.

use std::collections::HashSet;

use automerge::sync::{Message, State};
use automerge::{AutoCommit, Change, ChangeHash};

use crate::error::Result;

/// Adds to `message` (whose changes are `changes`, in order) the changes they depend on that
/// the other phone may lack and `signable` accepts, and records them in `state` as sent. The
/// changes now in the message, in order.
pub(super) fn fill(
    doc: &mut AutoCommit,
    state: &mut State,
    message: &mut Message,
    changes: Vec<Change>,
    mut signable: impl FnMut(&Change) -> Result<bool>,
) -> Result<Vec<Change>> {
    if changes.is_empty() {
        return Ok(changes);
    }
    let mut present: HashSet<ChangeHash> = changes.iter().map(Change::hash).collect();
    let mut wanted: Vec<ChangeHash> = changes
        .iter()
        .flat_map(|c| c.deps().iter().copied())
        .filter(|d| !present.contains(d) && !state.sent_hashes.contains(d))
        .collect();
    if wanted.is_empty() {
        return Ok(changes);
    }
    // What the other phone is known to hold: everything up to the heads it sent that this
    // phone holds. `beyond` is everything else this phone holds.
    let known: Vec<ChangeHash> = state
        .their_heads
        .iter()
        .flatten()
        .copied()
        .filter(|h| doc.get_change_by_hash(h).is_some())
        .collect();
    let beyond: HashSet<ChangeHash> = doc.get_changes(&known).iter().map(Change::hash).collect();
    let mut added = Vec::new();
    while let Some(hash) = wanted.pop() {
        if present.contains(&hash) || state.sent_hashes.contains(&hash) || !beyond.contains(&hash) {
            continue;
        }
        let Some(change) = doc.get_change_by_hash(&hash) else {
            continue;
        };
        if !signable(&change)? {
            continue;
        }
        present.insert(hash);
        wanted.extend(change.deps().iter().copied());
        added.push(change);
    }
    if added.is_empty() {
        return Ok(changes);
    }
    // Found walking back from the message's changes: reversed, they come before what they were
    // found from, and all of them before the message's own (Automerge applies a message's
    // changes in any order; the receiver's checks take them in dependency order).
    added.reverse();
    let mut all = added;
    all.extend(changes);
    let chunks: Vec<Vec<u8>> = all.iter().map(|c| c.raw_bytes().to_vec()).collect();
    message.changes = chunks.into();
    state.sent_hashes.extend(present);
    Ok(all)
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable as _;
    use automerge::{ActorId, ROOT};

    use super::*;

    /// A document with `n` changes one after the other, by one actor.
    fn chain(n: usize) -> (AutoCommit, Vec<Change>) {
        let mut doc = AutoCommit::new().with_actor(ActorId::from(&[1u8; 16][..]));
        for i in 0..n {
            doc.put(ROOT, "n", i as i64).expect("put");
            doc.commit();
        }
        let changes = doc.get_changes(&[]);
        (doc, changes)
    }

    /// A message carrying `changes` only, as Automerge makes one when a filter held back the
    /// others; the other phone sent `their_heads`.
    fn sent(changes: &[Change], their_heads: Vec<ChangeHash>) -> (Message, State) {
        let mut state = State::new();
        state.their_heads = Some(their_heads);
        state.sent_hashes.extend(changes.iter().map(Change::hash));
        let message = Message {
            heads: Vec::new(),
            need: Vec::new(),
            have: Vec::new(),
            changes: changes
                .iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect::<Vec<_>>()
                .into(),
            flags: None,
            version: automerge::sync::MessageVersion::V1,
        };
        (message, state)
    }

    fn hashes(changes: &[Change]) -> Vec<ChangeHash> {
        changes.iter().map(Change::hash).collect()
    }

    #[test]
    fn the_first_change_of_a_run_held_back_by_a_false_positive_goes_first() {
        let (mut doc, all) = chain(4);
        // The other phone holds the first change and something of its own this phone lacks;
        // the filter wrongly said it holds the second as well.
        let (mut message, mut state) = sent(&all[2..], vec![all[0].hash(), ChangeHash([7; 32])]);
        let out = fill(&mut doc, &mut state, &mut message, all[2..].to_vec(), |_| Ok(true)).expect("filled");
        assert_eq!(
            hashes(&out),
            hashes(&all[1..]),
            "the second goes, before the rest; the first is held"
        );
        let carried: Vec<ChangeHash> = message
            .changes
            .iter()
            .map(|b| Change::from_bytes(b.to_vec()).expect("change").hash())
            .collect();
        assert_eq!(carried, hashes(&all[1..]));
        assert!(state.sent_hashes.contains(&all[1].hash()), "recorded as sent");
    }

    #[test]
    fn a_change_that_cannot_be_signed_or_was_already_sent_is_not_added() {
        let (mut doc, all) = chain(3);
        let (mut message, mut state) = sent(&all[2..], vec![ChangeHash([7; 32])]);
        let unsigned = all[1].hash();
        let out = fill(&mut doc, &mut state, &mut message, all[2..].to_vec(), |c| {
            Ok(c.hash() != unsigned)
        })
        .expect("filled");
        assert_eq!(hashes(&out), hashes(&all[2..]), "from the relay: left out");

        let (mut message, mut state) = sent(&all[2..], vec![ChangeHash([7; 32])]);
        state.sent_hashes.insert(all[1].hash());
        let out = fill(&mut doc, &mut state, &mut message, all[2..].to_vec(), |_| Ok(true)).expect("filled");
        assert_eq!(hashes(&out), hashes(&all[2..]), "sent earlier on this link");
    }
}
