//! The notice document's write rules: its field table, and what each rule lets a member write.
//! The relay applies them to every uploaded batch (`docs/guard.rs`), with the notice's group and
//! the writer's standing there.
//!
//! - Staff of the group (or above) and the group's building leaders post notices; the poster or
//!   staff edit, pin and withdraw them.
//! - A member records only their own read: the key that is their id, written once, never
//!   removed, so nobody marks another as having read a notice, or unreads anyone.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT, ReadDoc};

use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::docs::notice;
use crate::kinds::Role;
use crate::read;

/// Who may write a notice field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the notice is posted, never changed.
    Fixed,
    /// Who posted it, or staff.
    Author,
    /// The map of reads, made with the notice: never replaced or removed.
    Container,
    /// One read: the member whose id is the key, once.
    Read,
}

/// Every field of a notice and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Author,
    },
    Field {
        path: &["type"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["id"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["group"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["created_at"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["posted_by"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["title"],
        rule: Rule::Author,
    },
    Field {
        path: &["body"],
        rule: Rule::Author,
    },
    Field {
        path: &["photo"],
        rule: Rule::Author,
    },
    Field {
        path: &["pinned_until"],
        rule: Rule::Author,
    },
    Field {
        path: &["withdrawn_at"],
        rule: Rule::Author,
    },
    Field {
        path: &["withdrawn_by"],
        rule: Rule::Author,
    },
    Field {
        path: &["reads"],
        rule: Rule::Container,
    },
    Field {
        path: &["reads", "*"],
        rule: Rule::Read,
    },
];

/// Who may add a field the table does not name: who posted it, or staff.
pub const UNKNOWN: Rule = Rule::Author;

/// Whether the writer may post a notice to the document's group: staff there or above, or a
/// building leader of the group itself.
pub fn may_post(writer: &Writer<'_>) -> bool {
    (writer.staff)() || (writer.group)().is_some_and(|g| may_post_to(false, &g, writer.member))
}

/// The same rule from what a caller already knows: whether `member` is staff of `group` or
/// above (`staff`), else whether they are the building leader of `group` itself.
pub fn may_post_to(staff: bool, group: &crate::GroupView, member: crate::MemberId) -> bool {
    staff || group.member(member).is_some_and(|m| m.role == Role::BuildingLeader)
}

/// Checks a new notice: posted by someone who may post to its group, in their own name, read by
/// nobody yet.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let view = notice::read(after).map_err(|e| Violation(e.to_string()))?;
    if view.posted_by.member_id != Some(writer.member) {
        return deny(Refusal::NoticeOwnName);
    }
    if read::obj(after, &ROOT, "reads").is_none_or(|r| after.length(&r) != 0) {
        return deny(Refusal::NoticeNewUnread);
    }
    if !may_post(writer) {
        return deny(Refusal::NoticePosters);
    }
    Ok(())
}

/// Checks every patch of a batch on an existing notice.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    let view = notice::read(before).map_err(|e| Violation(e.to_string()))?;
    let author = view.posted_by.member_id == Some(writer.member);
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        match row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule) {
            Rule::Fixed => return deny(Refusal::NoticeFixed),
            Rule::Author if author || (writer.staff)() => {}
            Rule::Author => return deny(Refusal::NoticeEdits),
            Rule::Container => return deny(Refusal::NoticeReadsNotReplaced),
            Rule::Read => own_read(&w, writer)?,
        }
    }
    Ok(())
}

/// A read is the writer's own key, a time, written once and never removed.
fn own_read(w: &Written<'_>, writer: &Writer<'_>) -> Result<(), Violation> {
    let mine = w.path.len() == 2 && w.key(1) == Some(writer.member.to_string().as_str());
    if !mine {
        return deny(Refusal::OwnRead);
    }
    let before = read::obj(w.before, &ROOT, "reads").and_then(|r| read::int(w.before, &r, &writer.member.to_string()));
    let after = read::obj(w.after, &ROOT, "reads").and_then(|r| read::int(w.after, &r, &writer.member.to_string()));
    if before.is_some() || after.is_none() || w.deletes() {
        return deny(Refusal::ReadKept);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::fields::paths_written;
    use crate::docs::notice::NewNotice;
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};

    #[test]
    fn every_field_a_notices_changes_write_has_its_rule() {
        let (sun, wang) = (MemberId::random(), MemberId::random());
        let new = NewNotice {
            title: "Water off on Tuesday".into(),
            body: "From 9 to 12".into(),
            photo: Some("a".repeat(64)),
            pinned_until: Some(100),
        };
        let me = Actor { id: sun, name: "Sun" };
        let mut doc = notice::create(DocId::random(), DocId::random(), &new, me, true, 1).expect("notice");
        notice::mark_read(&mut doc, wang, 2).expect("read");
        notice::withdraw(&mut doc, sun, false, 3).expect("withdraw");
        for path in paths_written(&mut doc) {
            assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
        }
    }

    #[test]
    fn a_member_cannot_mark_another_as_read() {
        let (sun, wang, li) = (MemberId::random(), MemberId::random(), MemberId::random());
        let me = Actor { id: sun, name: "Sun" };
        let new = NewNotice {
            title: "Hello".into(),
            ..NewNotice::default()
        };
        let mut doc = notice::create(DocId::random(), DocId::random(), &new, me, true, 1).expect("notice");
        let mut forged = doc.fork().with_actor(wang.actor());
        notice::mark_read(&mut forged, li, 2).expect("written locally");
        let change = forged.get_last_local_change().expect("change").clone();
        let refused =
            crate::docs::guard::check_upload(&mut doc, crate::DocKind::Notice, &Writer::member(wang), &[change]);
        assert!(refused.is_err());
        let mut honest = doc.fork().with_actor(wang.actor());
        notice::mark_read(&mut honest, wang, 2).expect("written locally");
        let change = honest.get_last_local_change().expect("change").clone();
        crate::docs::guard::check_upload(&mut doc, crate::DocKind::Notice, &Writer::member(wang), &[change])
            .expect("one's own read is accepted");
    }
}
