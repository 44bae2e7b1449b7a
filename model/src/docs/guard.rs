//! Schema guard: what a member may write into a shared document. The relay checks every batch
//! a device uploads with [`check_upload`] and refuses a batch that writes where its author may
//! not — a member writing into someone else's sign-up, numbering sign-ups as if it were the
//! relay, promoting itself to staff — so such changes never reach other devices.
//!
//! The batch is applied to a copy of the document and the difference is read back as patches;
//! each patch is checked against the rules of the document type, with the document as it was
//! before the batch deciding who is requester, staff or confirmed. A field written as an
//! Automerge Text object (what other Automerge writers make of a plain string) is read as the
//! string it holds, exactly like a scalar string.

use std::cell::OnceCell;

use automerge::{AutoCommit, Change, ObjId, ObjType, Patch, PatchAction, Prop, ROOT, ReadDoc, ScalarValue, Value};

use crate::docs::{group, request};
use crate::ids::MemberId;
use crate::kinds::{DocKind, Role, SignupState};
use crate::read;
use crate::{GroupView, RequestView};

/// Why a batch was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused: {0}")]
pub struct Violation(pub String);

fn deny<T>(why: &str) -> Result<T, Violation> {
    Err(Violation(why.to_string()))
}

/// Checks that `changes`, all authored by `author`, only write what `author` may write into
/// `doc` (a document of `kind`). `doc` itself is not changed.
pub fn check_upload(
    doc: &mut AutoCommit,
    kind: DocKind,
    author: MemberId,
    changes: &[Change],
) -> Result<(), Violation> {
    let before = doc.get_heads();
    let mut after = doc.fork();
    after
        .apply_changes(changes.iter().cloned())
        .map_err(|e| Violation(format!("changes do not apply: {e}")))?;
    let after_heads = after.get_heads();
    if after_heads == before {
        return Ok(());
    }
    let patches = after.diff(&before, &after_heads);
    // No field holds more than the phone lets anyone type (a 3 MB comment, a megabyte of junk
    // under a name of one's own).
    if patches.iter().any(|p| too_long(&after, p)) {
        return deny(&format!(
            "a text longer than {} characters is not stored",
            crate::validate::MAX_TEXT
        ));
    }
    if before.is_empty() {
        return check_creation(&after, kind, author);
    }
    let ctx = Context {
        before: doc,
        after: &after,
        author,
        request_before: OnceCell::new(),
        group_before: OnceCell::new(),
    };
    for p in &patches {
        let path = keys(p);
        match kind {
            DocKind::Request => ctx.request(p, &path)?,
            DocKind::Group => ctx.group(&path)?,
            DocKind::Household => {
                if let Some("id" | "type" | "group" | "created_at" | "created_by") = path.first().map(String::as_str) {
                    return deny("a household's identity never changes");
                }
                ctx.authored(p, &path, &[("visits", "worker"), ("needs", "raised_by")])?
            }
            DocKind::Report => ctx.report(p, &path)?,
        }
    }
    Ok(())
}

/// The keys from the root to what the patch writes.
fn keys(p: &Patch) -> Vec<String> {
    let mut out: Vec<String> = p
        .path
        .iter()
        .map(|(_, prop)| match prop {
            Prop::Map(k) => k.clone(),
            Prop::Seq(i) => i.to_string(),
        })
        .collect();
    match &p.action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => out.push(key.clone()),
        PatchAction::PutSeq { index, .. }
        | PatchAction::Insert { index, .. }
        | PatchAction::DeleteSeq { index, .. } => out.push(index.to_string()),
        _ => {}
    }
    out
}

/// The string a patch leaves where it writes, read from the document after the batch: a scalar
/// string, or the whole content of a Text object (how other Automerge writers store a plain
/// string; its patches put the object, then splice its characters).
fn written_str(after: &AutoCommit, p: &Patch) -> Option<String> {
    match &p.action {
        PatchAction::PutMap { key, .. } => read::str(after, &p.obj, key),
        PatchAction::SpliceText { .. } | PatchAction::DeleteSeq { .. }
            if after.object_type(&p.obj).is_ok_and(|t| t == ObjType::Text) =>
        {
            after.text(&p.obj).ok()
        }
        _ => None,
    }
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

fn check_creation(after: &AutoCommit, kind: DocKind, author: MemberId) -> Result<(), Violation> {
    let me = author.to_string();
    match kind {
        DocKind::Request => {
            let raised = read::obj(after, &ROOT, "raised_by").and_then(|r| read::str(after, &r, "member"));
            if raised.as_deref() != Some(me.as_str()) {
                return deny("a request is raised in the name of its author only");
            }
            let empty = |k| read::obj(after, &ROOT, k).is_some_and(|o| after.length(&o) == 0);
            if !empty("relay_order") || !empty("picks") {
                return deny("a new request carries no relay order and no picks");
            }
        }
        DocKind::Group => {
            let view = group::read(after).map_err(|e| Violation(e.to_string()))?;
            if view.members.len() != 1 || view.member(author).is_none_or(|m| m.role != Role::Staff) {
                return deny("a new group has its creator as its only member, as staff");
            }
        }
        DocKind::Household | DocKind::Report => {
            let who = read::str(after, &ROOT, "created_by")
                .or_else(|| read::obj(after, &ROOT, "reporter").and_then(|r| read::str(after, &r, "member")));
            if who.as_deref() != Some(me.as_str()) {
                return deny("a document is created in the name of its author only");
            }
        }
    }
    Ok(())
}

struct Context<'a> {
    before: &'a AutoCommit,
    after: &'a AutoCommit,
    author: MemberId,
    /// The document before the batch, read once for all its patches (reading is O(document)).
    request_before: OnceCell<Result<RequestView, Violation>>,
    group_before: OnceCell<Result<GroupView, Violation>>,
}

impl Context<'_> {
    fn is_new(&self, obj: &ObjId) -> bool {
        *obj != ROOT && self.before.object_type(obj).is_err()
    }

    fn request(&self, p: &Patch, path: &[String]) -> Result<(), Violation> {
        let before = self
            .request_before
            .get_or_init(|| request::read(self.before).map_err(|e| Violation(e.to_string())))
            .as_ref()
            .map_err(Clone::clone)?;
        let requester = before.is_requester(self.author);
        let confirmed = |doc: &AutoCommit| {
            request::read(doc).is_ok_and(|v| {
                v.signup_of(self.author)
                    .is_some_and(|s| s.state == SignupState::Confirmed)
            })
        };
        match path.first().map(String::as_str) {
            Some("relay_order") => deny("only the relay numbers sign-ups"),
            Some("signups") => {
                let Some(id) = path.get(1) else {
                    return deny("the sign-up list is not replaced");
                };
                let me = self.author.to_string();
                let owner = |doc: &AutoCommit| {
                    read::obj(doc, &ROOT, "signups")
                        .and_then(|s| read::obj(doc, &s, id))
                        .and_then(|e| read::str(doc, &e, "member"))
                };
                let was = owner(self.before);
                if before.requester.member_id == Some(self.author) && was.is_none() && owner(self.after).is_some() {
                    return deny("a requester does not sign up for their own request");
                }
                if was.is_some_and(|w| w != me)
                    || owner(self.after).is_some_and(|w| w != me)
                    || matches!(p.action, PatchAction::DeleteMap { .. }) && path.len() == 2
                {
                    deny("a member writes only their own sign-up")
                } else {
                    Ok(())
                }
            }
            Some("picks") if requester => Ok(()),
            Some("picks") => deny("only the requester picks volunteers"),
            Some("comments") => {
                // The thread itself is never replaced or removed, an entry is only ever inserted
                // (never put over another or deleted), and a new entry's fields are written once,
                // in its author's name.
                let author_ok = path.get(2).map(String::as_str) != Some("author")
                    || written_str(self.after, p) == Some(self.author.to_string());
                let shape_ok = match path.len() {
                    1 => false,
                    2 => matches!(p.action, PatchAction::Insert { .. }),
                    _ => self.is_new(&p.obj),
                };
                if author_ok && shape_ok {
                    Ok(())
                } else {
                    deny("a comment is written in its author's name and never changed by others")
                }
            }
            Some("cancelled_at" | "cancelled_by") if requester => Ok(()),
            Some("cancelled_at" | "cancelled_by") => deny("only the requester cancels"),
            Some("started_at" | "started_by" | "done_at" | "done_by") => {
                let confirmed_before = before
                    .signup_of(self.author)
                    .is_some_and(|s| s.state == SignupState::Confirmed);
                if requester || confirmed_before || confirmed(self.after) {
                    Ok(())
                } else {
                    deny("only a confirmed volunteer or the requester moves a request on")
                }
            }
            Some("id" | "type" | "group" | "requester" | "raised_by" | "created_at") => {
                deny("who asked, and where, never change")
            }
            Some("kind" | "text" | "urgent" | "slots" | "place" | "schema") if requester => Ok(()),
            Some("kind" | "text" | "urgent" | "slots" | "place" | "schema") => {
                deny("only the requester edits a request")
            }
            // A field the schema does not name (`status = "garbage"`, megabytes of junk) is the
            // requester's to add to her own request, nobody else's.
            _ if requester => Ok(()),
            _ => deny("only the requester adds to a request"),
        }
    }

    fn group(&self, path: &[String]) -> Result<(), Violation> {
        let view = self
            .group_before
            .get_or_init(|| group::read(self.before).map_err(|e| Violation(e.to_string())))
            .as_ref()
            .map_err(Clone::clone)?;
        let staff = view.member(self.author).is_some_and(|m| m.role == Role::Staff);
        let me = self.author.to_string();
        match (
            path.first().map(String::as_str),
            path.get(1),
            path.get(2).map(String::as_str),
        ) {
            (_, _, _) if staff => match path.first().map(String::as_str) {
                Some("id" | "type" | "created_at") => deny("a group's identity never changes"),
                _ => Ok(()),
            },
            // A building leader's building decides which households they read: staff set it
            // (or the relay, from the invite), never the leader.
            (Some("members"), Some(m), Some("building"))
                if *m == me && view.member(self.author).is_some_and(|e| e.role == Role::BuildingLeader) =>
            {
                deny("a building leader's building is set by staff")
            }
            (Some("members"), Some(m), Some(field)) if *m == me && field != "role" && field != "joined_at" => Ok(()),
            (Some("members"), _, _) => deny("a member edits only their own entry, and never their role"),
            (Some("teams"), Some(_), Some("members")) if path.get(3) == Some(&me) && path.len() == 4 => Ok(()),
            _ => deny("only staff change a group"),
        }
    }

    fn authored(&self, p: &Patch, path: &[String], fields: &[(&str, &str)]) -> Result<(), Violation> {
        for (container, field) in fields {
            if path.first().map(String::as_str) == Some(container)
                && path.get(2).map(String::as_str) == Some(field)
                && written_str(self.after, p) != Some(self.author.to_string())
            {
                return deny("an entry is written in its author's name only");
            }
        }
        if path.first().map(String::as_str) == Some("visits")
            && path.get(2).map(String::as_str) == Some("edits")
            && path.get(4).map(String::as_str) == Some("by")
            && written_str(self.after, p) != Some(self.author.to_string())
        {
            return deny("an edit is recorded in its author's name only");
        }
        Ok(())
    }

    fn report(&self, p: &Patch, path: &[String]) -> Result<(), Violation> {
        match path.first().map(String::as_str) {
            Some("steps")
                if path.get(2).map(String::as_str) == Some("by")
                    && written_str(self.after, p) != Some(self.author.to_string()) =>
            {
                deny("a report step is taken in its author's name only")
            }
            Some("steps") => Ok(()),
            Some("id" | "type" | "group" | "reporter" | "created_at") => deny("who reported, and where, never change"),
            _ => {
                let reporter =
                    read::obj(self.before, &ROOT, "reporter").and_then(|r| read::str(self.before, &r, "member"));
                if reporter == Some(self.author.to_string()) {
                    Ok(())
                } else {
                    deny("only the reporter edits a report")
                }
            }
        }
    }
}
