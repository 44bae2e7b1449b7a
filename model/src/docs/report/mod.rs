//! The photo report: a resident shows a problem (a leaking pipe, a dark stairwell) with text,
//! photos and a place; grid workers assign it, someone fixes it, a worker checks the fix and
//! closes it. The reporter sees every step.
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1  type: "report"  id, group: uuid  text, created_at
//! reporter: {member, name}   place: {building?, unit?, lat?, lon?}   photos: [sha256]
//! steps: [{step: "assigned"|"fixed"|"checked"|"closed"|"reopened", by, name, at, note?, assignee?}]
//! ```
//! Steps only ever append, so concurrent steps from two devices both survive; the status is the
//! step latest in time (ties broken by member id), the same on every device.

pub mod rules;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::docs::request::Actor;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::DocKind;
use crate::kinds::ReportStatus;
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{Person, Place};

/// The report schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// One step in a report's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportStep {
    /// "assigned", "fixed", "checked", "closed" or "reopened".
    pub step: String,
    /// Who took it.
    pub by: MemberId,
    /// Their name.
    pub by_name: String,
    /// When.
    pub at: Millis,
    /// A note.
    pub note: Option<String>,
    /// Who the report was assigned to (for "assigned").
    pub assignee: Option<MemberId>,
}

/// A report as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    /// The report.
    pub id: DocId,
    /// Its group.
    pub group_id: DocId,
    /// Who reported it.
    pub reporter: Person,
    /// What is wrong.
    pub text: String,
    /// Where.
    pub place: Place,
    /// Photos, by content hash.
    pub photos: Vec<String>,
    /// Where it stands.
    pub status: ReportStatus,
    /// Who is fixing it.
    pub assignee: Option<MemberId>,
    /// Every step, in time order.
    pub steps: Vec<ReportStep>,
    /// Reported at.
    pub created_at: Millis,
    /// Written by a newer version of Jinlin.
    pub newer_schema: bool,
}

/// Builds a new report.
pub fn create(
    id: DocId,
    group: DocId,
    text: &str,
    place: &Place,
    photos: &[String],
    me: Actor<'_>,
    now: Millis,
) -> Result<AutoCommit> {
    let text = validate::text("report text", text, validate::MAX_TEXT)?;
    validate::coordinates(place.lat, place.lon)?;
    for p in photos {
        if p.len() != 64 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::InvalidInput(Refusal::PhotoName.into()));
        }
    }
    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Report.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", group.to_string())?;
    doc.put(ROOT, "text", text)?;
    doc.put(ROOT, "created_at", now)?;
    let reporter = doc.put_object(ROOT, "reporter", ObjType::Map)?;
    doc.put(&reporter, "member", me.id.to_string())?;
    doc.put(&reporter, "name", me.name)?;
    let p = doc.put_object(ROOT, "place", ObjType::Map)?;
    for (key, value) in [("building", &place.building), ("unit", &place.unit)] {
        if let Some(v) = validate::optional(key, value.as_deref(), validate::MAX_NAME)? {
            doc.put(&p, key, v)?;
        }
    }
    if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
        doc.put(&p, "lat", lat)?;
        doc.put(&p, "lon", lon)?;
    }
    let list = doc.put_object(ROOT, "photos", ObjType::List)?;
    for (i, h) in photos.iter().enumerate() {
        doc.insert(&list, i, h.to_ascii_lowercase())?;
    }
    doc.put_object(ROOT, "steps", ObjType::List)?;
    Ok(doc)
}

/// Appends a step. The caller checks who may take it ([`rules::may_take`]).
pub fn add_step(
    doc: &mut AutoCommit,
    me: Actor<'_>,
    step: ReportStatus,
    assignee: Option<MemberId>,
    note: Option<&str>,
    now: Millis,
) -> Result<()> {
    let note = validate::optional("note", note, validate::MAX_TEXT)?;
    let view = read(doc)?;
    if !rules::follows(view.status, step) {
        return Err(Error::InvalidInput(
            Refusal::ReportWrongStep.with(&[&view.status, &step]),
        ));
    }
    let steps = read::obj(doc, &ROOT, "steps").ok_or_else(|| Error::CorruptDocument {
        id: view.id.to_string(),
        reason: "missing steps".into(),
    })?;
    let at = doc.length(&steps);
    let s = doc.insert_object(&steps, at, ObjType::Map)?;
    doc.put(&s, "step", step.as_str())?;
    doc.put(&s, "by", me.id.to_string())?;
    doc.put(&s, "name", me.name)?;
    doc.put(&s, "at", now)?;
    if let Some(n) = note {
        doc.put(&s, "note", n)?;
    }
    if let Some(a) = assignee {
        doc.put(&s, "assignee", a.to_string())?;
    }
    Ok(())
}

/// The photos a report names, as stored (lenient: none for another kind of document).
pub fn photos(doc: &impl ReadDoc) -> Vec<String> {
    read::obj(doc, &ROOT, "photos")
        .map(|l| read::str_list(doc, &l))
        .unwrap_or_default()
}

/// Who raised the report, if the document says.
pub fn reporter(doc: &impl ReadDoc) -> Option<MemberId> {
    read::obj(doc, &ROOT, "reporter")
        .and_then(|r| read::str(doc, &r, "member"))
        .and_then(|m| m.parse().ok())
}

/// Reads the document into a view.
pub fn read(doc: &impl ReadDoc) -> Result<ReportView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Report.as_str()) {
        return Err(corrupt("not a report document"));
    }
    let id: DocId = read::str(doc, &ROOT, "id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("missing id"))?;
    let group_id: DocId = read::str(doc, &ROOT, "group")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("missing group"))?;
    let mut steps: Vec<ReportStep> = read::obj(doc, &ROOT, "steps")
        .map(|l| {
            read::obj_list(doc, &l)
                .iter()
                .filter_map(|s| {
                    Some(ReportStep {
                        step: read::str(doc, s, "step")?,
                        by: read::str(doc, s, "by")?.parse().ok()?,
                        by_name: read::str(doc, s, "name").unwrap_or_default(),
                        at: read::int(doc, s, "at").unwrap_or(0),
                        note: read::str(doc, s, "note"),
                        assignee: read::str(doc, s, "assignee").and_then(|a| a.parse().ok()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    steps.sort_by_key(|s| (s.at, s.by));
    let status = steps
        .iter()
        .rev()
        .find_map(|s| match s.step.as_str() {
            "reopened" => Some(ReportStatus::Assigned),
            other => other.parse().ok(),
        })
        .unwrap_or(ReportStatus::Raised);
    let assignee = steps.iter().rev().find_map(|s| s.assignee);
    let reporter = read::obj(doc, &ROOT, "reporter")
        .map(|r| Person {
            member_id: read::str(doc, &r, "member").and_then(|m| m.parse().ok()),
            name: read::str(doc, &r, "name").unwrap_or_default(),
        })
        .unwrap_or(Person {
            member_id: None,
            name: String::new(),
        });
    let place = read::obj(doc, &ROOT, "place")
        .map(|p| Place {
            building: read::str(doc, &p, "building"),
            unit: read::str(doc, &p, "unit"),
            lat: read::float(doc, &p, "lat"),
            lon: read::float(doc, &p, "lon"),
        })
        .unwrap_or_default();
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    Ok(ReportView {
        id,
        group_id,
        reporter,
        text: read::str(doc, &ROOT, "text").unwrap_or_default(),
        place,
        photos: read::obj(doc, &ROOT, "photos")
            .map(|l| read::str_list(doc, &l))
            .unwrap_or_default(),
        status,
        assignee,
        steps,
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        newer_schema: schema > SCHEMA_VERSION,
    })
}
