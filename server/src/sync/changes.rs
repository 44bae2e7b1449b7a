//! Stages 2 and 3 of an upload, shared with the check made before the writer's turn
//! (`precheck.rs`): decoding a document's changes, and keeping those the relay lacks, written by
//! the uploader, in dependency order.

use std::collections::HashSet;

use automerge::{AutoCommit, Change};
use jinlin_model::MemberId;
use jinlin_model::protocol::{AckResult, DocChanges};
use jinlin_model::refusal::Refusal;
use serde_bytes::ByteBuf;

use super::checks::{holds, in_dependency_order};
use super::step::Step;

/// Changes ready to apply, in dependency order, with their bytes; and how many wait for history.
pub(super) struct Ready<'b> {
    pub changes: Vec<(Change, &'b ByteBuf)>,
    pub missing: usize,
}

/// Stage 2: decodes every change; a document with one bad change is refused whole. Decoded so
/// that even bytes on which Automerge's decoder panics are just refused.
pub(super) fn decode(dc: &DocChanges) -> Result<Vec<(Change, &ByteBuf)>, Step> {
    let mut changes = Vec::with_capacity(dc.changes.len());
    for (i, bytes) in dc.changes.iter().enumerate() {
        match jinlin_model::untrusted::change(bytes) {
            Some(c) => changes.push((c, bytes)),
            None => return Err(Step::reject(&Refusal::InvalidChange.with(&[&i]))),
        }
    }
    Ok(changes)
}

/// Stage 3: keeps the changes the relay lacks, each written by one of the uploader's actors
/// (any installation of their member, never the relay's, never another member's), in an order
/// where each follows its dependencies.
pub(super) fn own_new_changes<'b>(
    doc: &mut AutoCommit,
    changes: Vec<(Change, &'b ByteBuf)>,
    member: MemberId,
    creating: bool,
) -> Result<Ready<'b>, Step> {
    let mut seen = HashSet::new();
    let mut new = Vec::new();
    for (c, bytes) in changes {
        let hash = c.hash();
        if !seen.insert(hash) || holds(doc, hash) {
            continue;
        }
        if MemberId::of_actor(c.actor_id()) != Some(member) {
            return Err(Step::refuse(Refusal::OwnChanges.en(), hash));
        }
        new.push((c, bytes));
    }
    if new.is_empty() {
        return Err(Step::Done(AckResult::Stored));
    }
    let (changes, missing) = in_dependency_order(doc, new);
    if changes.is_empty() || (creating && missing > 0) {
        return Err(Step::Done(AckResult::NeedHistory));
    }
    Ok(Ready { changes, missing })
}
