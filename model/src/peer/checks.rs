//! Whether the changes a peer sent of one document may be kept: every change is signed by its
//! author's device ([`super::authorship`]) and its author's credential came with it (the peer's
//! own from the handshake, a forwarded author's in the sync message, checked against the pinned
//! relay key); and what each author's changes write is theirs to write, by the same write rules
//! the relay applies to an upload ([`guard::check_upload`], with the author's standing read
//! from their credential), author by author in the order the changes depend on each other.

use std::collections::HashMap;

use automerge::{AutoCommit, Change, ChangeHash};

use super::authorship;
use super::entitled::Entitled;
use crate::GroupView;
use crate::docs::group::tree::GroupTree;
use crate::docs::guard::{self, Writer};
use crate::ids::{DocId, MemberId};
use crate::kinds::{DocKind, Role};

/// What the checks need besides the changes.
pub(super) struct Context<'a> {
    /// The document's kind.
    pub kind: DocKind,
    /// The group it is filed under.
    pub group: DocId,
    /// Signatures received, by change.
    pub signatures: &'a HashMap<ChangeHash, Vec<u8>>,
    /// Authors whose credentials hold, by member.
    pub authors: &'a HashMap<MemberId, Entitled>,
    /// The receiving phone's group tree.
    pub tree: &'a GroupTree,
    /// The document's group as the receiving phone holds it.
    pub group_view: Option<GroupView>,
}

/// Checks `new` (in dependency order) against `before`, the document as the phone holds it
/// (empty for a document new to it). The reason for a person, if refused.
pub(super) fn check(before: &AutoCommit, new: &[Change], cx: &Context<'_>) -> Result<(), String> {
    // Only what the document holds applied: changes received earlier whose dependencies had not
    // arrived wait in Automerge's queue, and would otherwise apply with the first run here and be
    // taken for its author's.
    let mut base = before.clone();
    let heads = base.get_heads();
    let mut working = base
        .fork_at(&heads)
        .map_err(|e| format!("the document does not read: {e}"))?;
    let mut at = 0;
    while at < new.len() {
        let author =
            MemberId::of_actor(new[at].actor_id()).ok_or_else(|| "a change is not written by a member".to_string())?;
        let run_len = new[at..]
            .iter()
            .take_while(|c| MemberId::of_actor(c.actor_id()) == Some(author))
            .count();
        let run = &new[at..at + run_len];
        let entitled = cx
            .authors
            .get(&author)
            .ok_or_else(|| "a change came without its author's credential".to_string())?;
        for change in run {
            let hash = change.hash();
            let signed = cx
                .signatures
                .get(&hash)
                .is_some_and(|s| authorship::verify(&entitled.key, &hash, s));
            if !signed {
                return Err("a change's signature does not verify".into());
            }
        }
        if working.is_empty() && !entitled.may_create(cx.kind, cx.group, None) {
            return Err("its author may not file a document there".into());
        }
        let keeps = |building: Option<&str>| entitled.keeps(cx.group, building);
        let name = || Some(entitled.credential.name.clone());
        let staff = || entitled.role_in(cx.tree, cx.group) == Some(Role::Staff);
        let group = || cx.group_view.clone();
        let writer = Writer {
            member: author,
            keeps: &keeps,
            name: &name,
            staff: &staff,
            group: &group,
        };
        guard::check_upload(&mut working, cx.kind, &writer, run).map_err(|v| v.0)?;
        working
            .apply_changes(run.iter().cloned())
            .map_err(|e| format!("changes do not apply: {e}"))?;
        at += run_len;
    }
    Ok(())
}
