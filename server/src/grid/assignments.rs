//! Assignments the relay accepts. A need in a household, or a report, handed to a member must
//! go to someone who may read it: for a household the staff and grid workers of its group or a
//! group above, or its building's leader (`access/registry.rs`); for a report anyone who reads
//! its group (`access/policy.rs`). A need handed to a team must name a team of the household's group or a
//! group above. Phones check the same before writing (`jinlin_core::device::assignees`); the relay
//! refuses an upload that goes around them, before anything of it is applied.

use jinlin_model::DocKind;
use std::collections::BTreeSet;

use automerge::AutoCommit;
use jinlin_model::{DocId, MemberId, docs::group, docs::household, docs::report};

use crate::access::GroupTree;
use jinlin_model::refusal::Refusal;

use crate::access::registry::Keep;
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::relay::Relay;

/// Why an upload's assignment is refused.
pub const ASSIGNEE_MAY_NOT_READ: &str = Refusal::AssigneeMayNotRead.en();
/// Why an assignment to a member the relay does not know is refused.
pub const UNKNOWN_ASSIGNEE: &str = Refusal::UnknownAssignee.en();
/// Why an assignment to a team that does not exist is refused.
pub const UNKNOWN_TEAM: &str = Refusal::UnknownTeam.en();

/// One assignment a batch writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// A need handed to a member, in a household of `building`.
    NeedToMember(MemberId, String),
    /// A need handed to a team, by id.
    NeedToTeam(String),
    /// A report handed to a member.
    ReportToMember(MemberId),
}

/// The assignments `after` (a document of `doc_type` as an upload leaves it) holds that
/// `before` did not.
pub fn written(before: &AutoCommit, after: &AutoCommit, doc_type: DocKind) -> Vec<Written> {
    if doc_type != DocKind::Household && doc_type != DocKind::Report {
        return Vec::new();
    }
    if doc_type == DocKind::Report {
        let assignees = |d: &AutoCommit| -> BTreeSet<MemberId> {
            report::read(d)
                .map(|v| v.steps.iter().filter_map(|s| s.assignee).collect())
                .unwrap_or_default()
        };
        let had = assignees(before);
        return assignees(after)
            .into_iter()
            .filter(|m| !had.contains(m))
            .map(Written::ReportToMember)
            .collect();
    }
    let Ok(view) = household::read(after) else {
        return Vec::new();
    };
    let needs_before = household::read(before).map(|v| v.needs).unwrap_or_default();
    let mut out = Vec::new();
    for need in &view.needs {
        let was = needs_before.iter().find(|n| n.id == need.id);
        if let Some(m) = need.assignee
            && was.is_none_or(|w| w.assignee != Some(m))
        {
            out.push(Written::NeedToMember(m, view.building.clone()));
        }
        if let Some(t) = &need.team
            && was.is_none_or(|w| w.team.as_ref() != Some(t))
        {
            out.push(Written::NeedToTeam(t.clone()));
        }
    }
    out
}

impl Relay {
    /// Why the first of `assignments` in `group` is refused, if one is.
    pub(crate) fn refused_assignment(
        &self,
        cache: &mut DocCache,
        hierarchy: &GroupTree,
        group: DocId,
        assignments: &[Written],
    ) -> Result<Option<&'static str>, Error> {
        for a in assignments {
            let refused = match a {
                Written::NeedToMember(member, building) => {
                    let memberships = self.store.memberships(*member)?;
                    if memberships.is_empty() {
                        Some(UNKNOWN_ASSIGNEE)
                    } else {
                        let keep = self.keep_in(cache, *member, &memberships, hierarchy, group)?;
                        let reads = match keep {
                            Some(Keep::All) => true,
                            Some(Keep::Buildings(homes)) => homes.contains(building),
                            None => false,
                        };
                        (!reads).then_some(ASSIGNEE_MAY_NOT_READ)
                    }
                }
                Written::ReportToMember(member) => {
                    let memberships = self.store.memberships(*member)?;
                    if memberships.is_empty() {
                        Some(UNKNOWN_ASSIGNEE)
                    } else {
                        (!hierarchy.readable(&memberships).contains(&group)).then_some(ASSIGNEE_MAY_NOT_READ)
                    }
                }
                Written::NeedToTeam(team) => (!self.has_team(cache, hierarchy, group, team)?).then_some(UNKNOWN_TEAM),
            };
            if refused.is_some() {
                return Ok(refused);
            }
        }
        Ok(None)
    }

    /// Whether `group` or a group above it has the team `team`.
    fn has_team(&self, cache: &mut DocCache, hierarchy: &GroupTree, group: DocId, team: &str) -> Result<bool, Error> {
        for g in std::iter::once(group).chain(hierarchy.ancestors(group)) {
            if self.store.doc(g)?.is_none() {
                continue;
            }
            let doc = self.load(cache, g)?.doc();
            if group::read(doc).is_ok_and(|v| v.teams.iter().any(|t| t.id == team)) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
