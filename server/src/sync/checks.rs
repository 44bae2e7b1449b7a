//! The document checks of an upload, each a pure function over Automerge documents: a new
//! document states its own id and group, which change of a batch a refusal names, whether a
//! batch moves a household, the roles a group document states, dependency order, and the
//! relay's numbering of sign-ups.

use std::collections::{HashMap, HashSet};

use automerge::transaction::CommitOptions;
use automerge::{AutoCommit, Change, ChangeHash};
use jinlin_model::ids::relay_actor;
use jinlin_model::protocol::DocChanges;
use jinlin_model::refusal::Refusal;
use jinlin_model::{
    DocKind, MemberId, Millis, Role, docs::group, docs::household, docs::need, docs::notice, docs::order,
    docs::proposal, docs::report, docs::request,
};
use serde_bytes::ByteBuf;

use super::NO_SUCH_DOCUMENT;
use super::step::Step;
use crate::access::Access;
use crate::access::registry::building_of;

/// Checks a new request, household, report or order document: it must read as one and belong to the
/// group it is filed under; a household must be one the uploader may keep.
pub(super) fn check_new_doc(doc: &AutoCommit, dc: &DocChanges, access: &Access<'_>) -> Result<(), Step> {
    // (content id, group) as the document states them: phones list documents by the content id,
    // so a new document claiming another's id would pose as it.
    let stated = match dc.doc_type {
        DocKind::Household => match household::read(doc) {
            Ok(view) => {
                if !access.may_create(DocKind::Household, dc.group_id, Some(&view.building)) {
                    return Err(Step::reject(NO_SUCH_DOCUMENT));
                }
                Some((view.id, view.group_id))
            }
            Err(_) => None,
        },
        DocKind::Report => report::read(doc).ok().map(|v| (v.id, v.group_id)),
        DocKind::Request => request::read(doc).ok().map(|v| (v.id, v.group_id)),
        DocKind::Order => order::read(doc).ok().map(|v| (v.id, v.group_id)),
        DocKind::Proposal => {
            if !access.may_propose(dc.group_id) {
                return Err(Step::reject(PROPOSE));
            }
            proposal::read(doc).ok().map(|v| (v.id, v.group_id))
        }
        DocKind::Need => need::read(doc).ok().map(|v| (v.id, v.group_id)),
        DocKind::Notice => notice::read(doc).ok().map(|v| (v.id, v.group_id)),
        // A group states its id as its own group; its checks are the group rules'.
        DocKind::Group => group::read(doc).ok().map(|v| (v.id, v.id)),
    };
    match stated {
        Some((id, group)) if id == dc.doc_id && group == dc.group_id => Ok(()),
        Some((id, _)) if id != dc.doc_id => Err(Step::reject(&Refusal::StatesOtherId.with(&[
            &dc.doc_type,
            &id,
            &dc.doc_id,
        ]))),
        _ => Err(Step::reject(&Refusal::NotOfGroup.with(&[&dc.doc_type]))),
    }
}

/// The first change of `batch` that makes `refused` true of the changes up to it: the one to
/// name in a refusal. Checked on copies; only on the refusal path.
pub(super) fn first_refused(batch: &[Change], mut refused: impl FnMut(&[Change]) -> bool) -> Option<ChangeHash> {
    (1..=batch.len())
        .find(|&n| refused(&batch[..n]))
        .map(|n| batch[n - 1].hash())
}

/// Whether `batch` changes the household's `building` (checked on a copy; finds the culprit on
/// the refusal path).
pub(super) fn moves_household(doc: &mut AutoCommit, batch: &[Change]) -> bool {
    let mut after = doc.fork();
    after.apply_changes(batch.iter().cloned()).is_err() || building_of(&after) != building_of(doc)
}

/// Whether `batch` adds a report step dated too far ahead of `now` (checked on a copy; finds the
/// culprit on the refusal path).
pub(super) fn dates_a_step_ahead(doc: &mut AutoCommit, batch: &[Change], now: Millis) -> bool {
    let mut after = doc.fork();
    after.apply_changes(batch.iter().cloned()).is_err() || report::rules::steps_in_time(doc, &after, now).is_err()
}

/// Each member's role as a group document states it.
pub(super) fn member_roles(doc: &AutoCommit) -> HashMap<MemberId, Role> {
    group::read(doc)
        .map(|view| view.members.into_iter().map(|m| (m.member_id, m.role)).collect())
        .unwrap_or_default()
}

/// Whether the document holds a change. The relay never leaves changes queued inside a document,
/// so "not missing" means applied.
pub(super) fn holds(doc: &mut AutoCommit, hash: ChangeHash) -> bool {
    doc.get_missing_deps(&[hash]).is_empty()
}

/// Splits `changes` into those that can be applied now, in an order where each follows its
/// dependencies, and the number of those whose history is missing.
pub(super) fn in_dependency_order<'b>(
    doc: &mut AutoCommit,
    changes: Vec<(Change, &'b ByteBuf)>,
) -> (Vec<(Change, &'b ByteBuf)>, usize) {
    let mut known: HashSet<ChangeHash> = HashSet::new();
    let mut pending = changes;
    let mut ready = Vec::with_capacity(pending.len());
    loop {
        let before = ready.len();
        let mut rest = Vec::new();
        for (c, b) in pending {
            if c.deps().iter().all(|d| known.contains(d) || holds(doc, *d)) {
                known.insert(c.hash());
                ready.push((c, b));
            } else {
                rest.push((c, b));
            }
        }
        pending = rest;
        if pending.is_empty() || ready.len() == before {
            return (ready, pending.len());
        }
    }
}

/// Why a new proposal is refused to someone who may not propose.
pub(super) const PROPOSE: &str = Refusal::Propose.en();

/// Whether `batch` adds a ballot outside the voting period by the relay's clock `now` (checked
/// on a copy; finds the culprit on the refusal path).
pub(super) fn votes_out_of_time(doc: &mut AutoCommit, batch: &[Change], now: Millis) -> bool {
    let mut after = doc.fork();
    after.apply_changes(batch.iter().cloned()).is_err() || proposal::rules::ballots_in_time(doc, &after, now).is_err()
}

/// Writes the relay's own part of a document it just applied an upload to: numbers new
/// sign-ups (requests, orders), or stamps the receipt time of new ballots and an early close
/// (proposals). Returns the relay's change if there was anything to write.
pub(super) fn record_relay_order(doc: &mut AutoCommit, kind: DocKind, now: Millis) -> Option<Change> {
    doc.set_actor(relay_actor());
    let written = match kind {
        DocKind::Proposal => proposal::record_receipts(doc, now),
        _ => request::record_relay_order(doc),
    };
    match written {
        Ok(0) => None,
        Ok(_) => {
            doc.commit_with(CommitOptions::default().with_time(now / 1000));
            doc.get_last_local_change()
        }
        Err(e) => {
            doc.rollback();
            tracing::warn!(error = %e, "sign-ups could not be numbered");
            None
        }
    }
}
