//! Who an assignment may name. A need is handed to someone who must read its household; a report
//! to someone who must read its group. The device checks this before writing, over the groups it
//! holds, with the relay's own rules: a household is read by the staff and grid workers of its
//! group or a group above, and by the leader of its building (`server/src/registry.rs`); a group
//! is read by its members, by the members of the groups below it, and by the staff and grid
//! workers of the groups above it (`server/src/access.rs`). A member id found in none of these
//! groups, and a team that none of them has, are refused as unknown.

use crate::device::Device;
use jinlin_model::docs::group::nearness::Neighbourhood;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::kinds::Role;
use jinlin_model::refusal::Refusal;
use jinlin_model::{GroupView, MemberView};

/// What is being assigned, as far as reading it goes.
#[derive(Debug, Clone, Copy)]
pub enum Assigned<'a> {
    /// A need in a household of `group`, in `building`.
    Household {
        /// The household's group.
        group: DocId,
        /// The household's building.
        building: &'a str,
    },
    /// A report in `group`.
    Report {
        /// The report's group.
        group: DocId,
    },
}

/// Staff and grid workers look after the groups below theirs.
fn oversees(role: Role) -> bool {
    matches!(role, Role::Staff | Role::GridWorker)
}

/// Whether `member`, with entry `entry` in group `at`, reads `what`.
fn reads(hood: &Neighbourhood, at: DocId, entry: &MemberView, what: Assigned<'_>) -> bool {
    match what {
        Assigned::Household { group, building } => {
            hood.within(group, at)
                && (oversees(entry.role)
                    || (entry.role == Role::BuildingLeader && entry.building.as_deref() == Some(building)))
        }
        Assigned::Report { group } => hood.within(at, group) || (oversees(entry.role) && hood.within(group, at)),
    }
}

impl Device {
    /// Refuses an assignment to `member` unless they can read `what`: an unknown member is
    /// [`Error::InvalidInput`], one who may not read it [`Error::NotAllowed`].
    pub fn check_assignee(&self, member: MemberId, what: Assigned<'_>) -> Result<()> {
        let groups = self.groups()?;
        let hood = Neighbourhood::new(self.identity()?.as_ref(), &groups);
        let entries: Vec<(&GroupView, &MemberView)> =
            groups.iter().filter_map(|g| g.member(member).map(|m| (g, m))).collect();
        if entries.is_empty() {
            return Err(Error::InvalidInput(Refusal::NoMemberHere.with(&[&member])));
        }
        if entries.iter().any(|(g, m)| reads(&hood, g.id, m, what)) {
            return Ok(());
        }
        Err(Error::NotAllowed(match what {
            Assigned::Household { .. } => Refusal::NeedGoesTo.en(),
            Assigned::Report { .. } => Refusal::ReportGoesTo.en(),
        }))
    }

    /// The id of the team `team` (its id or its name) in `group` or a group above it; refuses
    /// a team none of them has, and a name two teams share.
    pub fn team_for(&self, group: DocId, team: &str) -> Result<String> {
        let groups = self.groups()?;
        let hood = Neighbourhood::new(self.identity()?.as_ref(), &groups);
        let wanted = team.trim();
        let teams: Vec<_> = groups
            .iter()
            .filter(|g| hood.within(group, g.id))
            .flat_map(|g| g.teams.iter())
            .collect();
        if let Some(t) = teams.iter().find(|t| t.id == wanted) {
            return Ok(t.id.clone());
        }
        let named: Vec<_> = teams.iter().filter(|t| t.name.eq_ignore_ascii_case(wanted)).collect();
        match named.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => {
                let known: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
                Err(Error::InvalidInput(if known.is_empty() {
                    Refusal::NoTeamsAbove.with(&[&format_args!("{wanted:?}")])
                } else {
                    Refusal::NoTeamNamed.with(&[&format_args!("{wanted:?}"), &known.join(", ")])
                }))
            }
            _ => Err(Error::InvalidInput(
                Refusal::TeamsShareName.with(&[&named.len(), &format_args!("{wanted:?}")]),
            )),
        }
    }
}
