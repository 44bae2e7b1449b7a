//! The group document's write rules: its field table, and what each rule lets a member write.
//! Staff change the group (never its identity); a member edits their own entry (never their
//! role, nor, as a building leader, their building, which decides the households they read);
//! anyone may join or leave a skill team themselves, and leave any team; a team's leader puts
//! members on it and takes them off; staff publish the service menu. The relay writes member
//! entries on redemption as itself.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch};

use crate::docs::fields::{Field, Violation, Writer, deny, row_for};
use crate::docs::group;
use crate::ids::MemberId;
use crate::kinds::{Role, TeamKind};
use crate::{GroupView, TeamView};

/// Who may write a group field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the group is created, never changed.
    Fixed,
    /// Staff of the group.
    Staff,
    /// The member the entry is for (staff too).
    OwnEntry,
    /// Staff only, also in a member's own entry (role, when they joined).
    StaffInEntry,
    /// The member the entry is for unless they are a building leader; staff always.
    OwnBuilding,
    /// A member joins a skill team or leaves any team themselves; the team's leader and staff
    /// manage its members.
    TeamMember,
}

/// Every field of a group and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Staff,
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
        path: &["created_at"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["parent"],
        rule: Rule::Staff,
    },
    Field {
        path: &["kind"],
        rule: Rule::Staff,
    },
    Field {
        path: &["name"],
        rule: Rule::Staff,
    },
    Field {
        path: &["visit_intervals"],
        rule: Rule::Staff,
    },
    Field {
        path: &["time_zone"],
        rule: Rule::Staff,
    },
    Field {
        path: &["members"],
        rule: Rule::Staff,
    },
    Field {
        path: &["members", "*"],
        rule: Rule::Staff,
    },
    Field {
        path: &["members", "*", "name"],
        rule: Rule::OwnEntry,
    },
    Field {
        path: &["members", "*", "skills"],
        rule: Rule::OwnEntry,
    },
    Field {
        path: &["members", "*", "unit"],
        rule: Rule::OwnEntry,
    },
    Field {
        path: &["members", "*", "building"],
        rule: Rule::OwnBuilding,
    },
    Field {
        path: &["members", "*", "role"],
        rule: Rule::StaffInEntry,
    },
    Field {
        path: &["members", "*", "joined_at"],
        rule: Rule::StaffInEntry,
    },
    Field {
        path: &["teams"],
        rule: Rule::Staff,
    },
    Field {
        path: &["teams", "*"],
        rule: Rule::Staff,
    },
    Field {
        path: &["teams", "*", "members", "*"],
        rule: Rule::TeamMember,
    },
    Field {
        path: &["menu"],
        rule: Rule::Staff,
    },
    Field {
        path: &["menu", "*"],
        rule: Rule::Staff,
    },
];

/// Whether `by` may put `member` on `team` or take them off: staff and the team's leader
/// anyone; a member themselves off any team, and onto a skill team.
pub fn may_manage_team(view: &GroupView, team: &TeamView, by: MemberId, member: MemberId) -> bool {
    view.is_staff(by) || team.leader == Some(by) || (by == member && (team.kind == TeamKind::Skill || team.has(member)))
}

/// Who may add a field the table does not name: staff; in a member's own entry, that member.
pub const UNKNOWN: Rule = Rule::Staff;

/// Checks a new group: its creator is its only member, as staff.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let view = group::read(after).map_err(|e| Violation(e.to_string()))?;
    if view.members.len() != 1 || view.member(writer.member).is_none_or(|m| m.role != Role::Staff) {
        return deny(Refusal::GroupNew);
    }
    Ok(())
}

/// Checks every patch of a batch on an existing group.
pub fn check(before: &AutoCommit, patches: &[(Patch, Vec<String>)], writer: &Writer<'_>) -> Result<(), Violation> {
    let view = group::read(before).map_err(|e| Violation(e.to_string()))?;
    let mine = view.member(writer.member);
    let staff = mine.is_some_and(|m| m.role == Role::Staff);
    let leader = mine.is_some_and(|m| m.role == Role::BuildingLeader);
    let me = writer.member.to_string();
    for (_, path) in patches {
        let own_entry = path.len() >= 3 && path[0] == "members" && path[1] == me;
        let rule = match row_for(FIELDS, path) {
            Some(f) => f.rule,
            // A field this build does not know, inside one's own entry, is one's own.
            None if own_entry => Rule::OwnEntry,
            None => UNKNOWN,
        };
        let allowed = match rule {
            Rule::Fixed => return deny(Refusal::GroupFixed),
            Rule::Staff | Rule::StaffInEntry => staff,
            Rule::OwnEntry => staff || own_entry,
            // A building leader's building decides which households they read: staff set it (or
            // the relay, from the invite), never the leader.
            Rule::OwnBuilding if own_entry && leader && !staff => {
                return deny(Refusal::LeaderBuilding);
            }
            Rule::OwnBuilding => staff || own_entry,
            Rule::TeamMember => {
                let on = |m: &str| m.parse().ok();
                match (view.team(&path[1]), path.get(3).and_then(|m| on(m))) {
                    (Some(team), Some(member)) if path.len() == 4 => {
                        may_manage_team(&view, team, writer.member, member)
                    }
                    _ => staff,
                }
            }
        };
        if !allowed {
            return deny(match path.first().map(String::as_str) {
                Some("members") => Refusal::OwnEntry,
                _ => Refusal::StaffChangeGroup,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::VisitIntervals;
    use crate::docs::fields::paths_written;
    use crate::docs::group::MemberEntry;
    use crate::ids::{DocId, MemberId};
    use crate::kinds::{GroupKind, Skill};

    #[test]
    fn every_field_a_groups_changes_write_has_its_rule() {
        let (staff, li) = (MemberId::random(), MemberId::random());
        let entry = |name: &str, role| MemberEntry {
            name: name.into(),
            role,
            skills: vec![Skill::Driver],
            building: Some("3".into()),
            unit: Some("1202".into()),
        };
        let mut doc = group::create(
            DocId::random(),
            GroupKind::Building,
            "Building 3",
            Some(DocId::random()),
            staff,
            &entry("Sun", Role::Staff),
            1,
        )
        .expect("group");
        group::put_member(&mut doc, li, &entry("Li", Role::Resident), 2).expect("member");
        group::set_role(&mut doc, staff, li, Role::Volunteer).expect("role");
        let team = group::add_team(&mut doc, staff, "Drivers", Some(Skill::Driver)).expect("team");
        group::set_team_member(&mut doc, li, &team, li, true, 3).expect("join");
        group::set_visit_intervals(&mut doc, staff, VisitIntervals::default()).expect("intervals");
        let crew = group::create_team(
            &mut doc,
            staff,
            &group::NewTeam {
                name: "Property crew".into(),
                skill: Some(Skill::Electrician),
                kind: Some(TeamKind::Property),
                leader: Some(li),
                serves: vec![DocId::random()],
            },
        )
        .expect("crew");
        let item = group::menu::NewMenuItem {
            title: "Fix a tap".into(),
            description: "Washers included".into(),
            team: crew,
            price_fen: Some(1500),
            unit: Some("per visit".into()),
            hours: Some("8-18".into()),
            direct: true,
        };
        let item = group::menu::add_item(&mut doc, staff, &item, 4).expect("item");
        group::menu::withdraw_item(&mut doc, staff, &item, 5).expect("withdraw");
        for path in paths_written(&mut doc) {
            assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
        }
    }
}
