//! The notice document (让邻知事): staff or a building leader tell a group something, with an
//! optional photo (sent through the resumable photo path) and pinned until a date; members see
//! pinned notices first when they open the list; each member's phone records that they read it.
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1   type: "notice"   id, group: uuid strings   created_at
//! posted_by: {member, name}   title, body, photo? (sha256)   pinned_until?
//! withdrawn_at?, withdrawn_by?
//! reads: {<member id>: at}       (each member's own key, written once by that member)
//! ```
//! Read receipts live in the notice, one key per member, in a map made when the notice is
//! posted: every reader writes a different key of a container that already exists, so hundreds
//! of households reading at once merge without conflict, and the write rules let a member write
//! only the key that is their own id. Counting them per household ([`reads`]) needs the
//! registry, which only its keepers hold.

pub mod reads;
pub mod rules;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::docs::request::Actor;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::DocKind;
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{Person, photo};

/// The notice schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// What is filled in to post a notice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewNotice {
    /// A short title.
    pub title: String,
    /// The text.
    pub body: String,
    /// A photo already kept on the phone (its sha256), sent with the next sync.
    pub photo: Option<String>,
    /// Shown first until then.
    pub pinned_until: Option<Millis>,
}

/// A notice as a shell shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    /// The notice.
    pub id: DocId,
    /// The group it was posted to.
    pub group_id: DocId,
    /// Who posted it.
    pub posted_by: Person,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Its photo (sha256), if any.
    pub photo: Option<String>,
    /// Shown first until then.
    pub pinned_until: Option<Millis>,
    /// Posted at.
    pub created_at: Millis,
    /// Withdrawn at, if it was.
    pub withdrawn_at: Option<Millis>,
    /// The members who have read it, in id order.
    pub read_by: Vec<MemberId>,
    /// Schema version the document was written with.
    pub schema: i64,
    /// True when a newer version of Jinlin wrote this document.
    pub newer_schema: bool,
}

impl NoticeView {
    /// Whether it is pinned at `now`.
    pub fn pinned_at(&self, now: Millis) -> bool {
        self.pinned_until.is_some_and(|until| until > now)
    }

    /// Whether `member` has read it.
    pub fn read_by(&self, member: MemberId) -> bool {
        self.read_by.binary_search(&member).is_ok()
    }
}

/// Posts a notice to `group`, written by `me`, who the caller has found may post there (staff,
/// or the group's building leader).
pub fn create(
    id: DocId,
    group: DocId,
    new: &NewNotice,
    me: Actor<'_>,
    may_post: bool,
    now: Millis,
) -> Result<AutoCommit> {
    if !may_post {
        return Err(Error::NotAllowed("only staff and building leaders post notices"));
    }
    let title = validate::text("title", &new.title, validate::MAX_NAME)?;
    let body = validate::optional("text", Some(&new.body), validate::MAX_TEXT)?.unwrap_or_default();
    if let Some(p) = &new.photo {
        photo::check_hash(p)?;
    }
    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Notice.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", group.to_string())?;
    doc.put(ROOT, "created_at", now)?;
    let by = doc.put_object(ROOT, "posted_by", ObjType::Map)?;
    doc.put(&by, "member", me.id.to_string())?;
    doc.put(&by, "name", me.name)?;
    doc.put(ROOT, "title", title)?;
    doc.put(ROOT, "body", body)?;
    if let Some(p) = &new.photo {
        doc.put(ROOT, "photo", p.as_str())?;
    }
    if let Some(until) = new.pinned_until {
        doc.put(ROOT, "pinned_until", until)?;
    }
    doc.put_object(ROOT, "reads", ObjType::Map)?;
    Ok(doc)
}

/// Reads the document into the view every device shows.
pub fn read(doc: &impl ReadDoc) -> Result<NoticeView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Notice.as_str()) {
        return Err(corrupt("not a notice document"));
    }
    let parse = |k: &str| read::str(doc, &ROOT, k).and_then(|s| s.parse::<DocId>().ok());
    let id = parse("id").ok_or_else(|| corrupt("missing id"))?;
    let group_id = parse("group").ok_or_else(|| corrupt("missing group"))?;
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    let by = read::obj(doc, &ROOT, "posted_by");
    let mut read_by: Vec<MemberId> = read::obj(doc, &ROOT, "reads")
        .map(|r| {
            read::keys(doc, &r)
                .into_iter()
                .filter(|k| read::int(doc, &r, k).is_some())
                .filter_map(|k| k.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    read_by.sort();
    read_by.dedup();
    Ok(NoticeView {
        id,
        group_id,
        posted_by: Person {
            member_id: by
                .as_ref()
                .and_then(|b| read::str(doc, b, "member"))
                .and_then(|m| m.parse().ok()),
            name: by.and_then(|b| read::str(doc, &b, "name")).unwrap_or_default(),
        },
        title: read::str(doc, &ROOT, "title").unwrap_or_default(),
        body: read::str(doc, &ROOT, "body").unwrap_or_default(),
        photo: read::str(doc, &ROOT, "photo"),
        pinned_until: read::int(doc, &ROOT, "pinned_until"),
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        withdrawn_at: read::int(doc, &ROOT, "withdrawn_at"),
        read_by,
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

/// `me` records that they read the notice: their own key, once. Reading it again changes nothing
/// (returns `false`).
pub fn mark_read(doc: &mut AutoCommit, me: MemberId, now: Millis) -> Result<bool> {
    let reads = read::obj(doc, &ROOT, "reads").ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: "missing reads".into(),
    })?;
    if read::int(doc, &reads, &me.to_string()).is_some() {
        return Ok(false);
    }
    doc.put(&reads, me.to_string(), now)?;
    Ok(true)
}

/// The photo the notice names, if any: what the relay records it as the owner of.
pub fn photos(doc: &impl ReadDoc) -> Vec<String> {
    read::str(doc, &ROOT, "photo").into_iter().collect()
}

/// The poster, or staff, withdraws the notice.
pub fn withdraw(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !(staff || view.posted_by.member_id == Some(me)) {
        return Err(Error::NotAllowed("only who posted a notice, or staff, withdraws it"));
    }
    if view.withdrawn_at.is_some() {
        return Err(Error::InvalidInput(Refusal::NoticeWithdrawn.into()));
    }
    doc.put(ROOT, "withdrawn_at", now)?;
    doc.put(ROOT, "withdrawn_by", me.to_string())?;
    Ok(())
}

/// The notices a member sees on opening: withdrawn ones left out, those pinned at `now` first,
/// then the rest; newest first within each.
pub fn ordered(mut notices: Vec<NoticeView>, now: Millis) -> Vec<NoticeView> {
    notices.retain(|n| n.withdrawn_at.is_none());
    notices.sort_by(|a, b| {
        b.pinned_at(now)
            .cmp(&a.pinned_at(now))
            .then(b.created_at.cmp(&a.created_at))
            .then(a.id.cmp(&b.id))
    });
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(title: &str, at: Millis, pinned_until: Option<Millis>) -> NoticeView {
        let me = Actor {
            id: MemberId::random(),
            name: "Sun",
        };
        let new = NewNotice {
            title: title.into(),
            pinned_until,
            ..NewNotice::default()
        };
        read(&create(DocId::random(), DocId::random(), &new, me, true, at).expect("notice")).expect("view")
    }

    #[test]
    fn pinned_notices_come_first_until_their_pin_expires() {
        let list = vec![
            notice("Water off on Tuesday", 1, Some(100)),
            notice("Lift inspection", 5, None),
            notice("Old pin", 2, Some(10)),
        ];
        let titles = |now| -> Vec<String> { ordered(list.clone(), now).into_iter().map(|n| n.title).collect() };
        assert_eq!(titles(50), ["Water off on Tuesday", "Lift inspection", "Old pin"]);
        assert_eq!(titles(200), ["Lift inspection", "Old pin", "Water off on Tuesday"]);
    }

    #[test]
    fn a_second_read_writes_nothing() {
        let me = MemberId::random();
        let author = Actor {
            id: MemberId::random(),
            name: "Sun",
        };
        let new = NewNotice {
            title: "Hello".into(),
            ..NewNotice::default()
        };
        let mut doc = create(DocId::random(), DocId::random(), &new, author, true, 1).expect("notice");
        assert!(mark_read(&mut doc, me, 2).expect("read"));
        assert!(!mark_read(&mut doc, me, 3).expect("read again"));
        assert!(read(&doc).expect("view").read_by(me));
    }
}
