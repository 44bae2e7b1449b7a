//! The group document: a community, estate or building, with its members, its teams and its
//! service menu.
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1   type: "group"   id, parent?: uuid strings   kind, name, created_at
//! members: {<member id>: {name, role, skills: [..], building?, unit?, joined_at}}
//! teams: {<team id>: {name, skill?, kind?, leader?, serves?: [group id..],
//!                     members: {<member id>: joined_at}}}
//! menu: {<item id>: {title, description, team, price_fen?, unit?, hours?, direct,
//!                    created_at, withdrawn_at?}}                       (see `menu.rs`)
//! ```
//! The relay adds members when they redeem an invite; a member edits their own entry; staff
//! change roles and teams and publish the menu; a team's leader adds and removes its members.
//! Teams live here, beside the members they gather, because the relay already reads this
//! document for every rule that asks who someone is in a group.

pub mod menu;
pub mod nearness;
pub mod tree;
pub mod view;

pub mod rules;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ValueRef};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::{DocKind, GroupKind, Role, Skill, TeamKind};
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{GroupView, MemberView, TeamView, VisitIntervals};

/// The group schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// A member's entry as written into a group.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberEntry {
    /// Display name.
    pub name: String,
    /// Role in the group.
    pub role: Role,
    /// Skills offered.
    pub skills: Vec<Skill>,
    /// Home building.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
}

/// Builds a new group document with `creator` as its first member.
pub fn create(
    id: DocId,
    kind: GroupKind,
    name: &str,
    parent: Option<DocId>,
    creator: MemberId,
    entry: &MemberEntry,
    now: Millis,
) -> Result<AutoCommit> {
    let name = validate::text("group name", name, validate::MAX_NAME)?;
    let mut doc = AutoCommit::new().with_actor(creator.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Group.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "kind", kind.as_str())?;
    doc.put(ROOT, "name", name)?;
    if let Some(parent) = parent {
        doc.put(ROOT, "parent", parent.to_string())?;
    }
    doc.put(ROOT, "created_at", now)?;
    doc.put_object(ROOT, "members", ObjType::Map)?;
    doc.put_object(ROOT, "teams", ObjType::Map)?;
    doc.put_object(ROOT, "menu", ObjType::Map)?;
    put_member(&mut doc, creator, entry, now)?;
    Ok(doc)
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

/// Writes (or overwrites) a member's entry.
pub fn put_member(doc: &mut AutoCommit, member: MemberId, entry: &MemberEntry, now: Millis) -> Result<()> {
    let name = validate::text("name", &entry.name, validate::MAX_NAME)?;
    let building = validate::optional("building", entry.building.as_deref(), validate::MAX_NAME)?;
    let unit = validate::optional("unit", entry.unit.as_deref(), validate::MAX_NAME)?;
    let members = container(doc, "members")?;
    let m = match read::obj(doc, &members, &member.to_string()) {
        Some(m) => m,
        None => {
            let m = doc.put_object(&members, member.to_string(), ObjType::Map)?;
            doc.put(&m, "joined_at", now)?;
            doc.put_object(&m, "skills", ObjType::List)?;
            m
        }
    };
    doc.put(&m, "name", name)?;
    doc.put(&m, "role", entry.role.as_str())?;
    put_optional(doc, &m, "building", building)?;
    put_optional(doc, &m, "unit", unit)?;
    set_skills(doc, &m, &entry.skills)?;
    Ok(())
}

fn put_optional(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: Option<String>) -> Result<()> {
    match value {
        // Unchanged values are not written again: a write is a change the write rules judge
        // (a building leader may not write their building at all).
        Some(v) if read::str(doc, obj, key).as_deref() == Some(v.as_str()) => {}
        Some(v) => doc.put(obj, key, v)?,
        None if read::str(doc, obj, key).is_some() => doc.delete(obj, key)?,
        None => {}
    }
    Ok(())
}

fn set_skills(doc: &mut AutoCommit, member: &ObjId, skills: &[Skill]) -> Result<()> {
    let list = match read::obj(doc, member, "skills") {
        Some(l) => l,
        None => doc.put_object(member, "skills", ObjType::List)?,
    };
    let current = read::str_list(doc, &list);
    let wanted: Vec<&str> = skills.iter().map(Skill::as_str).collect();
    if current.iter().map(String::as_str).eq(wanted.iter().copied()) {
        return Ok(());
    }
    for i in (0..current.len()).rev() {
        doc.delete(&list, i)?;
    }
    for (i, s) in wanted.iter().enumerate() {
        doc.insert(&list, i, *s)?;
    }
    Ok(())
}

/// Changes `member`'s role; only staff may do it.
pub fn set_role(doc: &mut AutoCommit, by: MemberId, member: MemberId, role: Role) -> Result<()> {
    require_staff(doc, by, "only staff change roles")?;
    let members = container(doc, "members")?;
    let m = read::obj(doc, &members, &member.to_string()).ok_or(Error::InvalidInput(Refusal::NotAMember.into()))?;
    doc.put(&m, "role", role.as_str())?;
    Ok(())
}

/// Adds a skill team; only staff may do it. Returns the team's id.
pub fn add_team(doc: &mut AutoCommit, by: MemberId, name: &str, skill: Option<Skill>) -> Result<String> {
    let team = NewTeam {
        name: name.to_string(),
        skill,
        ..NewTeam::default()
    };
    create_team(doc, by, &team)
}

/// What staff fill in to create a team.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewTeam {
    /// Its name.
    pub name: String,
    /// The skill it gathers, if any.
    pub skill: Option<Skill>,
    /// Skill team (the default), property service team or partner organisation.
    pub kind: Option<TeamKind>,
    /// Its leader, a member of the group; they are put on the team.
    pub leader: Option<MemberId>,
    /// The groups it serves; empty: the whole group.
    pub serves: Vec<DocId>,
}

/// Creates a team; only staff may do it. Returns the team's id.
pub fn create_team(doc: &mut AutoCommit, by: MemberId, team: &NewTeam) -> Result<String> {
    require_staff(doc, by, "only staff create teams")?;
    let name = validate::text("team name", &team.name, validate::MAX_NAME)?;
    if let Some(leader) = team.leader
        && read(doc)?.member(leader).is_none()
    {
        return Err(Error::InvalidInput(Refusal::TeamLeaderMember.into()));
    }
    let teams = container(doc, "teams")?;
    let id = DocId::random().to_string();
    let t = doc.put_object(&teams, id.as_str(), ObjType::Map)?;
    doc.put(&t, "name", name)?;
    if let Some(skill) = team.skill {
        doc.put(&t, "skill", skill.as_str())?;
    }
    if let Some(kind) = team.kind {
        doc.put(&t, "kind", kind.as_str())?;
    }
    let members = doc.put_object(&t, "members", ObjType::Map)?;
    if let Some(leader) = team.leader {
        doc.put(&t, "leader", leader.to_string())?;
        doc.put(&members, leader.to_string(), 0)?;
    }
    if !team.serves.is_empty() {
        let serves = doc.put_object(&t, "serves", ObjType::List)?;
        for (i, g) in team.serves.iter().enumerate() {
            doc.insert(&serves, i, g.to_string())?;
        }
    }
    Ok(id)
}

/// Puts `member` on a team (or takes them off). Members manage themselves on skill teams; a
/// team's leader and staff manage anyone.
pub fn set_team_member(
    doc: &mut AutoCommit,
    by: MemberId,
    team: &str,
    member: MemberId,
    on: bool,
    now: Millis,
) -> Result<()> {
    let view = read(doc)?;
    let t = view.team(team).ok_or(Error::InvalidInput(Refusal::NoSuchTeam.into()))?;
    if !rules::may_manage_team(&view, t, by, member) {
        return Err(Error::NotAllowed(
            "only staff and the team's leader put members on a team (anyone joins or leaves a skill team themselves)",
        ));
    }
    if view.member(member).is_none() {
        return Err(Error::InvalidInput(Refusal::NotAMember.into()));
    }
    let teams = container(doc, "teams")?;
    let t = read::obj(doc, &teams, team).ok_or(Error::InvalidInput(Refusal::NoSuchTeam.into()))?;
    let members = read::obj(doc, &t, "members").ok_or(Error::InvalidInput(Refusal::NoSuchTeam.into()))?;
    if on {
        doc.put(&members, member.to_string(), now)?;
    } else if read::int(doc, &members, &member.to_string()).is_some() {
        doc.delete(&members, member.to_string())?;
    }
    Ok(())
}

/// Sets how many days pass between visits for each risk tier; only staff may do it.
pub fn set_visit_intervals(doc: &mut AutoCommit, by: MemberId, days: VisitIntervals) -> Result<()> {
    require_staff(doc, by, "only staff set visit intervals")?;
    for d in [days.red, days.yellow, days.blue] {
        if !(1..=366).contains(&d) {
            return Err(Error::InvalidInput(Refusal::VisitInterval.with(&[&d])));
        }
    }
    // Made lazily by staff only; concurrent creation by two staff devices is harmless (one map
    // wins, holding a complete set of values).
    let v = match read::obj(doc, &ROOT, "visit_intervals") {
        Some(v) => v,
        None => doc.put_object(ROOT, "visit_intervals", ObjType::Map)?,
    };
    doc.put(&v, "red", days.red)?;
    doc.put(&v, "yellow", days.yellow)?;
    doc.put(&v, "blue", days.blue)?;
    Ok(())
}

/// Sets the group's time zone (an IANA name, checked), or clears it with `None`; only staff
/// may do it. Night escalation and quiet hours are judged in it.
pub fn set_time_zone(doc: &mut AutoCommit, by: MemberId, zone: Option<&str>) -> Result<()> {
    require_staff(doc, by, "only staff set the time zone")?;
    match zone {
        Some(zone) => doc.put(ROOT, "time_zone", crate::zone::check(zone)?)?,
        None if read::str(doc, &ROOT, "time_zone").is_some() => doc.delete(ROOT, "time_zone")?,
        None => {}
    }
    Ok(())
}

fn require_staff(doc: &AutoCommit, by: MemberId, why: &'static str) -> Result<()> {
    match read(doc)?.member(by) {
        Some(m) if m.role == Role::Staff => Ok(()),
        _ => Err(Error::NotAllowed(why)),
    }
}

/// One member's entry, read without the others': the relay looks one up on every join, in a
/// group that may list thousands ([`GroupView::member`] on the whole view, read the same way).
pub fn member(doc: &impl ReadDoc, member: MemberId) -> Option<MemberView> {
    let members = read::obj(doc, &ROOT, "members")?;
    match doc.get(&members, member.to_string()) {
        Ok(Some((automerge::Value::Object(ObjType::Map), entry))) => Some(member_view(doc, member, &entry)),
        _ => None,
    }
}

/// The member entry at `entry`.
fn member_view(doc: &impl ReadDoc, member_id: MemberId, entry: &ObjId) -> MemberView {
    let m = read::Fields::of(doc, entry);
    MemberView {
        member_id,
        name: m.str("name").unwrap_or_default(),
        role: m.str("role").and_then(|r| r.parse().ok()).unwrap_or(Role::Resident),
        skills: m
            .obj("skills")
            .map(|l| read::str_list(doc, &l).iter().filter_map(|s| s.parse().ok()).collect())
            .unwrap_or_default(),
        building: m.str("building"),
        unit: m.str("unit"),
        joined_at: m.int("joined_at").unwrap_or(0),
    }
}

/// Reads the document into a view.
pub fn read(doc: &impl ReadDoc) -> Result<GroupView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Group.as_str()) {
        return Err(corrupt("not a group document"));
    }
    let id: DocId = read::str(doc, &ROOT, "id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("missing id"))?;
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    let mut members: Vec<MemberView> = read::obj(doc, &ROOT, "members")
        .map(|ms| {
            doc.map_range(&ms, ..)
                .filter(|item| matches!(item.value, ValueRef::Object(ObjType::Map)))
                .filter_map(|item| Some(member_view(doc, item.key.parse().ok()?, &item.id())))
                .collect()
        })
        .unwrap_or_default();
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.member_id.cmp(&b.member_id)));
    let mut teams: Vec<TeamView> = read::obj(doc, &ROOT, "teams")
        .map(|ts| {
            read::keys(doc, &ts)
                .into_iter()
                .filter_map(|key| {
                    let t = read::obj(doc, &ts, &key)?;
                    let members = read::obj(doc, &t, "members")
                        .map(|m| read::keys(doc, &m).iter().filter_map(|k| k.parse().ok()).collect())
                        .unwrap_or_default();
                    Some(TeamView {
                        name: read::str(doc, &t, "name").unwrap_or_default(),
                        skill: read::str(doc, &t, "skill").and_then(|s| s.parse().ok()),
                        members,
                        kind: read::str(doc, &t, "kind")
                            .and_then(|k| k.parse().ok())
                            .unwrap_or(TeamKind::Skill),
                        leader: read::str(doc, &t, "leader").and_then(|m| m.parse().ok()),
                        serves: read::obj(doc, &t, "serves")
                            .map(|l| read::str_list(doc, &l).iter().filter_map(|g| g.parse().ok()).collect())
                            .unwrap_or_default(),
                        id: key,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    teams.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(GroupView {
        id,
        kind: read::str(doc, &ROOT, "kind")
            .and_then(|k| k.parse().ok())
            .unwrap_or(GroupKind::Community),
        name: read::str(doc, &ROOT, "name").unwrap_or_default(),
        parent: read::str(doc, &ROOT, "parent").and_then(|p| p.parse().ok()),
        members,
        teams,
        menu: menu::read(doc),
        visit_intervals: read::obj(doc, &ROOT, "visit_intervals")
            .map(|v| {
                let d = VisitIntervals::default();
                VisitIntervals {
                    red: read::int(doc, &v, "red").unwrap_or(d.red),
                    yellow: read::int(doc, &v, "yellow").unwrap_or(d.yellow),
                    blue: read::int(doc, &v, "blue").unwrap_or(d.blue),
                }
            })
            .unwrap_or_default(),
        time_zone: read::str(doc, &ROOT, "time_zone").and_then(|z| crate::zone::check(&z).ok()),
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_members_entry_reads_as_it_does_in_the_whole_view() {
        let (sun, li, stranger) = (MemberId::random(), MemberId::random(), MemberId::random());
        let entry = |name: &str, role| MemberEntry {
            name: name.into(),
            role,
            skills: vec![Skill::Driver],
            building: Some("3".into()),
            unit: Some("1202".into()),
        };
        let mut doc = create(
            DocId::random(),
            GroupKind::Building,
            "Building 3",
            Some(DocId::random()),
            sun,
            &entry("Ms Sun", Role::Staff),
            1,
        )
        .expect("group");
        put_member(&mut doc, li, &entry("Li", Role::Volunteer), 2).expect("member");
        let view = read(&doc).expect("view");
        for m in [sun, li] {
            assert_eq!(member(&doc, m).as_ref(), view.member(m));
        }
        assert_eq!(member(&doc, stranger), None);
    }
}
