//! The household document: one per home in a grid worker's patch, holding its residents, risk
//! tier and flags, every door-to-door visit, and the needs (诉求) raised at the door.
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1  type: "household"  id, group: uuid  building, unit, created_at, created_by
//! residents: {<id>: {name, phone?}}     tier: "red"|"yellow"|"blue"   flags: {<flag>: true}
//! visits: {<visit id>: {at, worker, worker_name, outcome, note?, follow_up?, lat?, lon?,
//!                       photos: [sha256], needs: [need id], edits: [{by, name, at, field, old?, new?}]}}
//! voters: {<member id>: true}          (adult members with Jinlin: who cast its ballot, `voters.rs`)
//! needs:  {<need id>: {text, raised_at, raised_by, visit?, due?, assignee?, team?, assigned_at?,
//!                      resolved_at?, resolved_by?, resolution?, on_the_spot}}
//! ```
//! Visits and needs are keyed by fresh ids, so two workers logging visits offline both keep
//! theirs. A visit is never silently overwritten: an edit appends who changed which field from
//! what to what, and when, before it writes the new value.

pub mod keepers;
pub mod voters;

pub mod rules;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::dates::Date;
use crate::docs::request::Actor;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::{DocKind, HouseholdFlag, NeedStatus, RiskTier, VisitOutcome};
use crate::read::{self, Fields};
use crate::refusal::Refusal;
use crate::validate;

/// The household schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// A person living in a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    /// Name.
    pub name: String,
    /// Phone number, if given.
    pub phone: Option<String>,
}

/// What a grid worker fills in to register a household.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHousehold {
    /// The group (usually a building or estate) the household belongs to.
    pub group_id: DocId,
    /// Building.
    pub building: String,
    /// Unit ("1202": floor 12).
    pub unit: String,
    /// Who lives there.
    pub residents: Vec<Resident>,
    /// Risk tier.
    pub tier: RiskTier,
    /// Flags.
    pub flags: Vec<HouseholdFlag>,
}

/// What a grid worker notes after knocking on a door.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewVisit {
    /// How it went.
    pub outcome: Option<VisitOutcome>,
    /// Notes.
    pub note: Option<String>,
    /// Needs raised at the door; each becomes a need to follow.
    pub needs: Vec<String>,
    /// Needs raised and resolved on the spot.
    pub resolved_on_the_spot: Vec<String>,
    /// When to come back.
    pub follow_up: Option<Date>,
    /// Where the worker stood (latitude, longitude).
    pub gps: Option<(f64, f64)>,
    /// Photos, by content hash (see the blob store).
    pub photos: Vec<String>,
}

/// One recorded change to a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditView {
    /// Who changed it.
    pub by: MemberId,
    /// Their name.
    pub by_name: String,
    /// When.
    pub at: Millis,
    /// Which field.
    pub field: String,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

/// A visit as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    /// The visit's id.
    pub id: String,
    /// The household visited.
    pub household_id: DocId,
    /// When.
    pub at: Millis,
    /// Who visited.
    pub worker_id: MemberId,
    /// Their name.
    pub worker_name: String,
    /// How it went.
    pub outcome: VisitOutcome,
    /// Notes.
    pub note: Option<String>,
    /// When to come back.
    pub follow_up: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Photo hashes.
    pub photos: Vec<String>,
    /// Needs raised on this visit.
    pub needs: Vec<String>,
    /// Every edit since it was logged, oldest first.
    pub edits: Vec<EditView>,
}

/// A need (诉求) as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedView {
    /// The need's id.
    pub id: String,
    /// The household it came from.
    pub household_id: DocId,
    /// What is needed.
    pub text: String,
    /// Recorded, assigned or resolved.
    pub status: NeedStatus,
    /// When it was recorded.
    pub raised_at: Millis,
    /// Who recorded it.
    pub raised_by: MemberId,
    /// The visit it was raised on.
    pub visit_id: Option<String>,
    /// The member it is assigned to.
    pub assignee: Option<MemberId>,
    /// The team it is assigned to.
    pub team: Option<String>,
    /// Due date.
    pub due: Option<String>,
    /// When it was resolved.
    pub resolved_at: Option<Millis>,
    /// What was done.
    pub resolution: Option<String>,
    /// Resolved at the door, in the same visit.
    pub on_the_spot: bool,
}

impl NeedView {
    /// True when the need is not resolved and its due date is before `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.status != NeedStatus::Resolved && self.due.as_deref().is_some_and(|d| d < today.to_string().as_str())
    }
}

/// A household as read back: the registry entry, its visits (newest first) and needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdView {
    /// The household.
    pub id: DocId,
    /// Its group.
    pub group_id: DocId,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Floor, read from the unit number where it has one ("1202" → 12).
    pub floor: Option<i64>,
    /// Residents.
    pub residents: Vec<Resident>,
    /// Risk tier.
    pub tier: RiskTier,
    /// Flags.
    pub flags: Vec<HouseholdFlag>,
    /// The last visit where the worker reached the household (met or refused).
    pub last_contact_at: Option<Millis>,
    /// Visits, newest first.
    pub visits: Vec<VisitView>,
    /// Needs, oldest first.
    pub needs: Vec<NeedView>,
    /// Registered at.
    pub created_at: Millis,
    /// Schema version.
    pub schema: i64,
    /// Written by a newer version of Jinlin.
    pub newer_schema: bool,
}

/// The floor of a unit number: "1202" → 12, "302" → 3, "B-12" → none.
pub fn floor_of(unit: &str) -> Option<i64> {
    let digits: String = unit.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3 || digits.len() != unit.trim().len() {
        return None;
    }
    digits[..digits.len() - 2].parse().ok()
}

/// Builds a new household document.
pub fn create(id: DocId, h: &NewHousehold, me: Actor<'_>, now: Millis) -> Result<AutoCommit> {
    let building = validate::text("building", &h.building, validate::MAX_NAME)?;
    let unit = validate::text("unit", &h.unit, validate::MAX_NAME)?;
    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Household.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", h.group_id.to_string())?;
    doc.put(ROOT, "building", building)?;
    doc.put(ROOT, "unit", unit)?;
    doc.put(ROOT, "created_at", now)?;
    doc.put(ROOT, "created_by", me.id.to_string())?;
    for key in ["residents", "flags", "visits", "needs", "voters"] {
        doc.put_object(ROOT, key, ObjType::Map)?;
    }
    set_registry(&mut doc, Some(&h.residents), Some(h.tier), Some(&h.flags))?;
    Ok(doc)
}

/// Replaces residents, tier or flags (whichever is given).
pub fn set_registry(
    doc: &mut AutoCommit,
    residents: Option<&[Resident]>,
    tier: Option<RiskTier>,
    flags: Option<&[HouseholdFlag]>,
) -> Result<()> {
    if let Some(residents) = residents {
        let map = container(doc, "residents")?;
        for key in read::keys(doc, &map) {
            doc.delete(&map, key.as_str())?;
        }
        for r in residents {
            let name = validate::text("resident's name", &r.name, validate::MAX_NAME)?;
            let phone = validate::optional("phone", r.phone.as_deref(), 40)?;
            let entry = doc.put_object(&map, DocId::random().to_string(), ObjType::Map)?;
            doc.put(&entry, "name", name)?;
            if let Some(p) = phone {
                doc.put(&entry, "phone", p)?;
            }
        }
    }
    if let Some(tier) = tier {
        doc.put(ROOT, "tier", tier.as_str())?;
    }
    if let Some(flags) = flags {
        let map = container(doc, "flags")?;
        for key in read::keys(doc, &map) {
            if !flags.iter().any(|f| f.as_str() == key) {
                doc.delete(&map, key.as_str())?;
            }
        }
        for f in flags {
            doc.put(&map, f.as_str(), true)?;
        }
    }
    Ok(())
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

/// Logs a visit; needs raised become needs of the household. Returns the visit's id.
pub fn log_visit(doc: &mut AutoCommit, me: Actor<'_>, v: &NewVisit, now: Millis) -> Result<String> {
    let outcome = v
        .outcome
        .ok_or_else(|| Error::InvalidInput(Refusal::VisitOutcome.into()))?;
    let note = validate::optional("note", v.note.as_deref(), validate::MAX_TEXT)?;
    if let Some((lat, lon)) = v.gps {
        validate::coordinates(Some(lat), Some(lon))?;
    }
    for p in &v.photos {
        if p.len() != 64 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::InvalidInput(Refusal::PhotoName.into()));
        }
    }
    let mut need_texts = Vec::new();
    for (text, spot) in v
        .needs
        .iter()
        .map(|t| (t, false))
        .chain(v.resolved_on_the_spot.iter().map(|t| (t, true)))
    {
        need_texts.push((validate::text("need", text, validate::MAX_TEXT)?, spot));
    }
    let visits = container(doc, "visits")?;
    let needs = container(doc, "needs")?;
    let id = DocId::random().to_string();
    let visit = doc.put_object(&visits, id.as_str(), ObjType::Map)?;
    doc.put(&visit, "at", now)?;
    doc.put(&visit, "worker", me.id.to_string())?;
    doc.put(&visit, "worker_name", me.name)?;
    doc.put(&visit, "outcome", outcome.as_str())?;
    if let Some(note) = note {
        doc.put(&visit, "note", note)?;
    }
    if let Some(d) = v.follow_up {
        doc.put(&visit, "follow_up", d.to_string())?;
    }
    if let Some((lat, lon)) = v.gps {
        doc.put(&visit, "lat", lat)?;
        doc.put(&visit, "lon", lon)?;
    }
    let photos = doc.put_object(&visit, "photos", ObjType::List)?;
    for (i, p) in v.photos.iter().enumerate() {
        doc.insert(&photos, i, p.to_ascii_lowercase())?;
    }
    let need_list = doc.put_object(&visit, "needs", ObjType::List)?;
    doc.put_object(&visit, "edits", ObjType::List)?;
    for (i, (text, spot)) in need_texts.into_iter().enumerate() {
        let need_id = DocId::random().to_string();
        let n = doc.put_object(&needs, need_id.as_str(), ObjType::Map)?;
        doc.put(&n, "text", text)?;
        doc.put(&n, "raised_at", now)?;
        doc.put(&n, "raised_by", me.id.to_string())?;
        doc.put(&n, "visit", id.as_str())?;
        doc.put(&n, "on_the_spot", spot)?;
        if spot {
            doc.put(&n, "resolved_at", now)?;
            doc.put(&n, "resolved_by", me.id.to_string())?;
        }
        doc.insert(&need_list, i, need_id)?;
    }
    Ok(id)
}

/// A field of a visit that may be edited.
#[derive(Debug, Clone, PartialEq)]
pub enum VisitEdit {
    /// New notes.
    Note(Option<String>),
    /// A corrected outcome.
    Outcome(VisitOutcome),
    /// A new follow-up date (or none).
    FollowUp(Option<Date>),
}

/// Edits a visit, recording the old and new value first. Only the worker who logged it, or
/// staff (checked by the caller), edit a visit.
pub fn edit_visit(doc: &mut AutoCommit, me: Actor<'_>, visit_id: &str, edit: &VisitEdit, now: Millis) -> Result<()> {
    let visits = container(doc, "visits")?;
    let visit = read::obj(doc, &visits, visit_id).ok_or_else(|| Error::InvalidInput(Refusal::NoSuchVisit.into()))?;
    let (field, new) = match edit {
        VisitEdit::Note(n) => ("note", validate::optional("note", n.as_deref(), validate::MAX_TEXT)?),
        VisitEdit::Outcome(o) => ("outcome", Some(o.as_str().to_string())),
        VisitEdit::FollowUp(d) => ("follow_up", d.map(|d| d.to_string())),
    };
    let old = read::str(doc, &visit, field);
    if old == new {
        return Ok(());
    }
    let edits = match read::obj(doc, &visit, "edits") {
        Some(e) => e,
        None => doc.put_object(&visit, "edits", ObjType::List)?,
    };
    let at = doc.length(&edits);
    let e = doc.insert_object(&edits, at, ObjType::Map)?;
    doc.put(&e, "by", me.id.to_string())?;
    doc.put(&e, "name", me.name)?;
    doc.put(&e, "at", now)?;
    doc.put(&e, "field", field)?;
    if let Some(o) = &old {
        doc.put(&e, "old", o.as_str())?;
    }
    match new {
        Some(n) => {
            doc.put(&e, "new", n.as_str())?;
            doc.put(&visit, field, n)?;
        }
        None => doc.delete(&visit, field)?,
    }
    Ok(())
}

/// Who a need is handed to.
#[derive(Debug, Clone, PartialEq)]
pub enum Assignee {
    /// A member.
    Member(MemberId),
    /// A skill team, by id.
    Team(String),
}

fn need_obj(doc: &AutoCommit, need_id: &str) -> Result<ObjId> {
    let needs = container(doc, "needs")?;
    read::obj(doc, &needs, need_id).ok_or_else(|| Error::InvalidInput(Refusal::NoSuchNeedInHousehold.into()))
}

/// Assigns a need to a member or team, with a due date.
pub fn assign_need(doc: &mut AutoCommit, need_id: &str, to: &Assignee, due: Option<Date>, now: Millis) -> Result<()> {
    let n = need_obj(doc, need_id)?;
    if read::int(doc, &n, "resolved_at").is_some() {
        return Err(Error::InvalidInput(Refusal::NeedAlreadyResolved.into()));
    }
    match to {
        Assignee::Member(m) => doc.put(&n, "assignee", m.to_string())?,
        Assignee::Team(t) => doc.put(&n, "team", validate::text("team", t, validate::MAX_NAME)?)?,
    }
    if let Some(d) = due {
        doc.put(&n, "due", d.to_string())?;
    }
    doc.put(&n, "assigned_at", now)?;
    Ok(())
}

/// Resolves a need.
pub fn resolve_need(
    doc: &mut AutoCommit,
    me: Actor<'_>,
    need_id: &str,
    resolution: Option<&str>,
    now: Millis,
) -> Result<()> {
    let resolution = validate::optional("resolution", resolution, validate::MAX_TEXT)?;
    let n = need_obj(doc, need_id)?;
    if read::int(doc, &n, "resolved_at").is_some() {
        return Ok(());
    }
    doc.put(&n, "resolved_at", now)?;
    doc.put(&n, "resolved_by", me.id.to_string())?;
    if let Some(r) = resolution {
        doc.put(&n, "resolution", r)?;
    }
    Ok(())
}

/// Every photo its visits name, as stored (lenient: a document that is not a household names
/// none). The relay files attachments under the documents that name them.
pub fn photos(doc: &impl ReadDoc) -> Vec<String> {
    let Some(visits) = read::obj(doc, &ROOT, "visits") else {
        return Vec::new();
    };
    read::keys(doc, &visits)
        .iter()
        .filter_map(|k| read::obj(doc, &visits, k))
        .filter_map(|v| read::obj(doc, &v, "photos"))
        .flat_map(|l| read::str_list(doc, &l))
        .collect()
}

/// Reads the document into a view. Each map is read in one pass ([`read::Fields`]): a first
/// login reads thousands of households.
pub fn read(doc: &impl ReadDoc) -> Result<HouseholdView> {
    let root = Fields::of(doc, &ROOT);
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: root.str("id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if root.str("type").as_deref() != Some(DocKind::Household.as_str()) {
        return Err(corrupt("not a household document"));
    }
    let id: DocId = root
        .str("id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("missing id"))?;
    let group_id: DocId = root
        .str("group")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("missing group"))?;
    let schema = root.int("schema").unwrap_or(0);
    let unit = root.str("unit").unwrap_or_default();
    let residents = root
        .obj("residents")
        .map(|m| {
            let all = Fields::of(doc, &m);
            let mut keys: Vec<&str> = all.keys().collect();
            keys.sort();
            keys.iter()
                .filter_map(|k| {
                    let r = Fields::of(doc, &all.obj(k)?);
                    Some(Resident {
                        name: r.str("name")?,
                        phone: r.str("phone"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let flags = root
        .obj("flags")
        .map(|m| {
            let mut f: Vec<HouseholdFlag> = read::keys(doc, &m).iter().filter_map(|k| k.parse().ok()).collect();
            f.sort();
            f
        })
        .unwrap_or_default();
    let mut visits: Vec<VisitView> = root
        .obj("visits")
        .map(|vs| {
            let all = Fields::of(doc, &vs);
            all.keys()
                .filter_map(|k| read_visit(doc, &all.obj(k)?, k.to_string(), id))
                .collect()
        })
        .unwrap_or_default();
    visits.sort_by(|a, b| b.at.cmp(&a.at).then(a.id.cmp(&b.id)));
    let mut needs: Vec<NeedView> = root
        .obj("needs")
        .map(|ns| {
            let all = Fields::of(doc, &ns);
            all.keys()
                .filter_map(|k| read_need(doc, &all.obj(k)?, k.to_string(), id))
                .collect()
        })
        .unwrap_or_default();
    needs.sort_by(|a, b| a.raised_at.cmp(&b.raised_at).then(a.id.cmp(&b.id)));
    let last_contact_at = visits
        .iter()
        .filter(|v| matches!(v.outcome, VisitOutcome::Met | VisitOutcome::Refused))
        .map(|v| v.at)
        .max();
    Ok(HouseholdView {
        id,
        group_id,
        building: root.str("building").unwrap_or_default(),
        floor: floor_of(&unit),
        unit,
        residents,
        tier: root.str("tier").and_then(|t| t.parse().ok()).unwrap_or(RiskTier::Blue),
        flags,
        last_contact_at,
        visits,
        needs,
        created_at: root.int("created_at").unwrap_or(0),
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

fn read_visit(doc: &impl ReadDoc, v: &ObjId, key: String, household_id: DocId) -> Option<VisitView> {
    let f = Fields::of(doc, v);
    let edits = f
        .obj("edits")
        .map(|l| {
            read::obj_list(doc, &l)
                .iter()
                .filter_map(|e| {
                    let e = Fields::of(doc, e);
                    Some(EditView {
                        by: e.str("by")?.parse().ok()?,
                        by_name: e.str("name").unwrap_or_default(),
                        at: e.int("at").unwrap_or(0),
                        field: e.str("field")?,
                        old: e.str("old"),
                        new: e.str("new"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(VisitView {
        household_id,
        at: f.int("at").unwrap_or(0),
        worker_id: f.str("worker")?.parse().ok()?,
        worker_name: f.str("worker_name").unwrap_or_default(),
        outcome: f
            .str("outcome")
            .and_then(|o| o.parse().ok())
            .unwrap_or(VisitOutcome::Met),
        note: f.str("note"),
        follow_up: f.str("follow_up"),
        lat: f.float("lat"),
        lon: f.float("lon"),
        photos: f.obj("photos").map(|l| read::str_list(doc, &l)).unwrap_or_default(),
        needs: f.obj("needs").map(|l| read::str_list(doc, &l)).unwrap_or_default(),
        edits,
        id: key,
    })
}

fn read_need(doc: &impl ReadDoc, n: &ObjId, key: String, household_id: DocId) -> Option<NeedView> {
    let f = Fields::of(doc, n);
    let resolved_at = f.int("resolved_at");
    let assignee: Option<MemberId> = f.str("assignee").and_then(|s| s.parse().ok());
    let team = f.str("team");
    let status = if resolved_at.is_some() {
        NeedStatus::Resolved
    } else if assignee.is_some() || team.is_some() {
        NeedStatus::Assigned
    } else {
        NeedStatus::Recorded
    };
    Some(NeedView {
        household_id,
        text: f.str("text")?,
        status,
        raised_at: f.int("raised_at").unwrap_or(0),
        raised_by: f.str("raised_by")?.parse().ok()?,
        visit_id: f.str("visit"),
        assignee,
        team,
        due: f.str("due"),
        resolved_at,
        resolution: f.str("resolution"),
        on_the_spot: f.bool("on_the_spot"),
        id: key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_come_from_unit_numbers() {
        assert_eq!(floor_of("1202"), Some(12));
        assert_eq!(floor_of("302"), Some(3));
        assert_eq!(floor_of("B-12"), None);
        assert_eq!(floor_of("12"), None);
    }
}
