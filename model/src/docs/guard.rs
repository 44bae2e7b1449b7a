//! The guard: whether a batch of changes received from elsewhere writes only what its author
//! may write. The relay checks every batch a device uploads with [`check_upload`] and refuses a
//! batch that writes where its author may not (someone else's sign-up, comment or step, the
//! relay's numbering, a promotion of oneself, a field of someone else's request), so such
//! changes never reach other devices.
//!
//! The batch is applied to a copy of the document and the difference is read back as patches.
//! Each patch's path is looked up in the field table of the document's kind
//! (`docs/<kind>/rules.rs`) and checked against its rule, with the document as it was before the
//! batch deciding who is requester, staff or confirmed. No field holds more than the phone lets
//! anyone type. A field written as an Automerge Text object (what other Automerge writers make
//! of a plain string) is read as the string it holds, exactly like a scalar string.

use automerge::{AutoCommit, Change, Patch, PatchAction, ScalarValue, Value};

pub use crate::docs::fields::{Violation, Writer};
use crate::docs::fields::{path_of, written_str};
use crate::docs::{group, household, need, notice, order, proposal, report, request};
use crate::kinds::DocKind;
use crate::refusal::Refusal;

/// Whether an upload of `kind` is worth checking before the relay has read where its writer
/// stands in a group (staff, the buildings they keep, the group's teams and menu), beside other
/// uploads (the relay's `sync/precheck.rs`): the rules of requests and households ask only who
/// writes and the name they registered with, and a proposal's ask where the writer stands only
/// for closing a vote early, not for a ballot or a comment. A check whose rules do ask is made
/// again once the standing is known.
pub const fn checked_before_standing(kind: DocKind) -> bool {
    matches!(kind, DocKind::Request | DocKind::Household | DocKind::Proposal)
}

/// Checks that `changes`, all authored by `writer`, only write what they may write into `doc`
/// (a document of `kind`). `doc` itself is not changed.
pub fn check_upload(
    doc: &mut AutoCommit,
    kind: DocKind,
    writer: &Writer<'_>,
    changes: &[Change],
) -> Result<(), Violation> {
    checked_upload(doc, kind, writer, changes).map(drop)
}

/// [`check_upload`], keeping the copy it checked: on success, `doc` as the changes leave it,
/// with `doc`'s own actor, so it can stand in for `doc` with the changes applied. The relay
/// checks its own rules on it and keeps it, instead of copying and applying the batch again.
pub fn checked_upload(
    doc: &mut AutoCommit,
    kind: DocKind,
    writer: &Writer<'_>,
    changes: &[Change],
) -> Result<AutoCommit, Violation> {
    let before = doc.get_heads();
    let mut after = doc.fork();
    after.set_actor(doc.get_actor().clone());
    // The patches come from a log kept while the changes apply, not from a walk of every
    // operation in the document (which grew with the document: a long thread cost a scan of all
    // its comments for each new one). The log stops once read: the copy may be kept.
    after.update_diff_cursor();
    let applied = after.apply_changes(changes.iter().cloned());
    let after_heads = after.get_heads();
    let patches = (after_heads != before).then(|| after.diff(&before, &after_heads));
    after.reset_diff_cursor();
    applied.map_err(|e| Violation(Refusal::ChangesDoNotApply.with(&[&e])))?;
    let Some(patches) = patches else {
        return Ok(after);
    };
    // No field holds more than the phone lets anyone type (a 3 MB comment, a megabyte of junk
    // under a name of one's own).
    if patches.iter().any(|p| too_long(&after, p)) {
        return Err(Violation(Refusal::TextTooLong.with(&[&crate::validate::MAX_TEXT])));
    }
    judge(doc, &after, &before, patches, kind, writer, changes)?;
    Ok(after)
}

/// The field rules of `kind` on the patches from `before` (the heads of `doc`) to `after`.
fn judge(
    doc: &mut AutoCommit,
    after: &AutoCommit,
    before: &[automerge::ChangeHash],
    patches: Vec<Patch>,
    kind: DocKind,
    writer: &Writer<'_>,
    changes: &[Change],
) -> Result<(), Violation> {
    if before.is_empty() {
        return match kind {
            DocKind::Request => request::rules::check_new(after, writer),
            DocKind::Group => group::rules::check_new(after, writer),
            DocKind::Household => household::rules::check_new(after, writer),
            DocKind::Report => report::rules::check_new(after, writer),
            DocKind::Order => order::rules::check_new(after, writer),
            DocKind::Proposal => proposal::rules::check_new(after, writer),
            DocKind::Need => need::rules::check_new(after, writer),
            DocKind::Notice => notice::rules::check_new(after, writer),
        };
    }
    let patches: Vec<(Patch, Vec<String>)> = patches
        .into_iter()
        .map(|p| {
            let path = path_of(&p);
            (p, path)
        })
        .collect();
    match kind {
        DocKind::Request => request::rules::check(doc, after, &patches, writer),
        DocKind::Group => group::rules::check(doc, &patches, writer),
        DocKind::Household => household::rules::check(doc, after, &patches, writer),
        DocKind::Order => order::rules::check(doc, after, &patches, writer),
        DocKind::Proposal => proposal::rules::check(doc, after, &patches, writer),
        DocKind::Need => need::rules::check(doc, after, &patches, writer),
        DocKind::Notice => notice::rules::check(doc, after, &patches, writer),
        DocKind::Report => {
            let seen = as_seen(doc, changes);
            report::rules::check(doc, seen.as_ref().unwrap_or(&*doc), after, &patches, writer)
        }
    }
}

/// The document as the batch's author last saw it: at the changes the batch builds on that it
/// does not carry itself. `None` when that is the document as it stands (or cannot be made).
/// A step is judged against what its author saw, so an honest step that crossed another
/// member's step on the way is not refused for it.
fn as_seen(doc: &mut AutoCommit, changes: &[Change]) -> Option<AutoCommit> {
    let own: std::collections::HashSet<_> = changes.iter().map(Change::hash).collect();
    let mut base: Vec<_> = changes
        .iter()
        .flat_map(|c| c.deps().iter().copied())
        .filter(|d| !own.contains(d))
        .collect();
    base.sort();
    base.dedup();
    let mut heads = doc.get_heads();
    heads.sort();
    if base == heads {
        return None;
    }
    doc.fork_at(&base).ok()
}

/// Whether `p` leaves a string longer than [`MAX_TEXT`](crate::validate::MAX_TEXT) characters,
/// as a scalar or as Automerge Text.
fn too_long(after: &AutoCommit, p: &Patch) -> bool {
    let long = |s: &str| s.chars().count() > crate::validate::MAX_TEXT;
    match &p.action {
        PatchAction::PutMap {
            value: (Value::Scalar(v), _),
            ..
        }
        | PatchAction::PutSeq {
            value: (Value::Scalar(v), _),
            ..
        } => matches!(v.as_ref(), ScalarValue::Str(s) if long(s)),
        PatchAction::Insert { values, .. } => values
            .iter()
            .any(|(v, _, _)| matches!(v, Value::Scalar(s) if matches!(s.as_ref(), ScalarValue::Str(s) if long(s)))),
        _ => written_str(after, p).is_some_and(|s| long(&s)),
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ActorId, AutoCommit, ObjType, ROOT};

    use super::{Writer, check_upload, checked_before_standing};
    use crate::docs::household::{self, NewHousehold, NewVisit};
    use crate::docs::proposal::{self, RollUnit};
    use crate::docs::request::{self, Actor, NewRequest};
    use crate::{DocId, DocKind, MemberId, RequestKind};

    /// A writer whose standing may not be asked: any question about it fails the test.
    fn who_alone(
        member: MemberId,
        name: &'static str,
    ) -> impl Fn(&mut AutoCommit, DocKind, &[automerge::Change]) -> bool {
        move |doc, kind, changes| {
            let named = || Some(name.to_string());
            let writer = Writer {
                member,
                keeps: &|_| panic!("the rules of {kind} asked which buildings the writer keeps"),
                name: &named,
                staff: &|| panic!("the rules of {kind} asked whether the writer is staff"),
                group: &|| panic!("the rules of {kind} asked for the writer's group"),
            };
            check_upload(doc, kind, &writer, changes).is_ok()
        }
    }

    /// What `act` writes into a copy of `doc`, as the changes a phone uploads.
    fn upload(doc: &mut AutoCommit, act: impl FnOnce(&mut AutoCommit)) -> Vec<automerge::Change> {
        let before = doc.get_heads();
        let mut phone = doc.fork();
        act(&mut phone);
        phone.get_changes(&before)
    }

    #[test]
    fn requests_households_and_ballots_are_judged_by_who_writes_alone_so_they_are_checked_before_the_writers_standing_is_read()
     {
        let (wang, li) = (MemberId::random(), MemberId::random());
        let grandma = Actor { id: wang, name: "Wang" };
        let neighbour = Actor { id: li, name: "Li" };
        let (as_wang, as_li) = (who_alone(wang, "Wang"), who_alone(li, "Li"));

        let new = NewRequest::new(DocId::random(), RequestKind::Hospital, "to the hospital");
        let raised = request::create(DocId::random(), &new, grandma, 1).expect("raise");
        let mut held = AutoCommit::new();
        let raise = raised.clone().get_changes(&[]);
        assert!(as_wang(&mut held, DocKind::Request, &raise), "raising a request");
        held.apply_changes(raise).expect("apply");

        let answer = upload(&mut held, |d| {
            request::comment(d, neighbour, "on my way", 2).expect("comment");
            request::accept(d, neighbour, 3).expect("accept");
        });
        assert!(as_li(&mut held, DocKind::Request, &answer), "a comment and a sign-up");
        held.apply_changes(answer).expect("apply");
        let withdrawn = upload(&mut held, |d| request::withdraw(d, neighbour, 4).expect("withdraw"));
        assert!(as_li(&mut held, DocKind::Request, &withdrawn), "a withdrawal");
        let not_hers = upload(&mut held, |d| {
            d.set_actor(li.actor());
            d.put(ROOT, "text", "never mind").expect("put");
        });
        assert!(
            !as_li(&mut held, DocKind::Request, &not_hers),
            "a neighbour rewrites her request"
        );
        let done = upload(&mut held, |d| {
            request::complete(d, grandma, 6).expect("done");
            request::rate(d, grandma, 5, "thank you", 7).expect("rate");
        });
        assert!(as_wang(&mut held, DocKind::Request, &done), "done and rated");

        let home = NewHousehold {
            group_id: DocId::random(),
            building: "3".into(),
            unit: "1202".into(),
            residents: Vec::new(),
            tier: crate::kinds::RiskTier::Yellow,
            flags: Vec::new(),
        };
        let registered = household::create(DocId::random(), &home, neighbour, 1).expect("register");
        let mut held = AutoCommit::new();
        let register = registered.clone().get_changes(&[]);
        assert!(
            as_li(&mut held, DocKind::Household, &register),
            "registering a household"
        );
        held.apply_changes(register).expect("apply");
        let visit = NewVisit {
            outcome: Some(crate::kinds::VisitOutcome::Met),
            note: Some("all well".into()),
            ..NewVisit::default()
        };
        let visited = upload(&mut held, |d| {
            household::log_visit(d, neighbour, &visit, 2).expect("visit");
        });
        assert!(as_li(&mut held, DocKind::Household, &visited), "a visit logged");

        // A ballot and a comment on a proposal ask nothing of the writer's standing either; an
        // early close asks whether they are staff.
        let sun = MemberId::random();
        let roll = vec![RollUnit {
            key: DocId::random().to_string(),
            label: "3-1202".into(),
            voters: vec![wang, li],
        }];
        let lifts = crate::docs::proposal::rules::tests::lifts(10, 100);
        let staff = Actor {
            id: sun,
            name: "Ms Sun",
        };
        let mut held = proposal::create(DocId::random(), DocId::random(), &lifts, &roll, staff, 1).expect("propose");
        let ballot = upload(&mut held, |d| {
            d.set_actor(wang.actor());
            proposal::cast(d, wang, &[0], 20).expect("ballot");
            proposal::comment(d, grandma, "yes, at last", 21).expect("comment");
        });
        assert!(as_wang(&mut held, DocKind::Proposal, &ballot), "a ballot and a comment");
        let close = upload(&mut held, |d| {
            d.set_actor(sun.actor());
            proposal::close_early(d, sun, true, 30).expect("close");
        });
        let asked = std::cell::Cell::new(false);
        let staff_asked = || {
            asked.set(true);
            true
        };
        let writer = Writer {
            staff: &staff_asked,
            ..Writer::member(sun)
        };
        assert!(check_upload(&mut held, DocKind::Proposal, &writer, &close).is_ok());
        assert!(asked.get(), "closing early asks whether the writer is staff");

        for &kind in DocKind::ALL {
            let before = matches!(kind, DocKind::Request | DocKind::Household | DocKind::Proposal);
            assert_eq!(checked_before_standing(kind), before, "{kind}");
        }
    }

    /// What the relay holds: a thread of comments and a status, with a neighbour's concurrent
    /// edits merged in; and an upload made from the state before those edits.
    fn held_and_upload() -> (AutoCommit, Vec<automerge::Change>) {
        let mut base = AutoCommit::new().with_actor(ActorId::from(b"requester".as_slice()));
        let list = base.put_object(ROOT, "comments", ObjType::List).expect("list");
        for i in 0..20 {
            let c = base.insert_object(&list, i, ObjType::Map).expect("comment");
            base.put(&c, "text", format!("comment {i}")).expect("text");
        }
        base.put(ROOT, "status", "open").expect("status");
        let start = base.get_heads();
        let mut upload = base.fork().with_actor(ActorId::from(b"volunteer".as_slice()));
        let mut other = base.fork().with_actor(ActorId::from(b"neighbour".as_slice()));
        upload.put(ROOT, "status", "taken").expect("put");
        let mine = upload.insert_object(&list, 20, ObjType::Map).expect("insert");
        upload.put(&mine, "text", "on my way").expect("text");
        upload.delete(&list, 3).expect("delete");
        other.put(ROOT, "status", "done").expect("put");
        let theirs = other.insert_object(&list, 5, ObjType::Map).expect("insert");
        other.put(&theirs, "text", "me too").expect("text");
        base.merge(&mut other).expect("merge");
        let changes = upload.get_changes(&start);
        (base, changes)
    }

    #[test]
    fn the_write_rules_see_the_same_patches_from_the_apply_log_as_from_a_walk_of_the_whole_document() {
        let (mut held, changes) = held_and_upload();
        let before = held.get_heads();

        let mut walked = held.fork();
        walked.apply_changes(changes.iter().cloned()).expect("apply");
        let after = walked.get_heads();
        let by_walk = walked.diff(&before, &after);

        let mut logged = held.fork();
        logged.update_diff_cursor();
        logged.apply_changes(changes.iter().cloned()).expect("apply");
        let after = logged.get_heads();
        let by_log = logged.diff(&before, &after);

        assert!(!by_walk.is_empty());
        assert_eq!(by_log, by_walk);
    }
}
