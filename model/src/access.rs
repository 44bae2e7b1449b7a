//! Who may read which document: the one rule the relay's access policy applies at every door
//! (`server/src/access/policy.rs`) and a phone applies before it sends a neighbour's phone
//! anything (`crate::peer`). A group, a request, a photo report, an order, a proposal, a need
//! and a notice are read by whoever reads the group they are filed under (their own groups and
//! those above; staff and grid workers also those below: [`GroupTree::readable`]); a household
//! only by those who keep that part of the registry: grid workers and staff of its group or a
//! group above it, and a building leader for their own building ([`may_keep_registry`]).
//! The relay adds one grant of its own: a request an urgent alert let a member read.

use std::collections::{BTreeSet, HashMap};

use crate::docs::group::tree::{GroupTree, Groups};
use crate::docs::household::keepers::may_keep_registry;
use crate::ids::DocId;
use crate::kinds::{DocKind, Role};
use crate::protocol::Membership;

/// How much of one group's registry a member may keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    /// Every household of the group.
    All,
    /// The households of these buildings only (a building leader's own building).
    Buildings(BTreeSet<String>),
}

/// The registry a member may keep, per group. A group it is absent from keeps nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    groups: HashMap<DocId, Keep>,
}

impl Registry {
    /// The registry `memberships` keep in the `readable` groups of `tree`. `home` tells the
    /// building a building-leader membership (by its group) leads; its error is passed through.
    pub fn of<E>(
        tree: &GroupTree,
        memberships: &[Membership],
        readable: &Groups,
        mut home: impl FnMut(DocId) -> Result<Option<String>, E>,
    ) -> Result<Registry, E> {
        let mut out = Registry::default();
        for &group in readable {
            if let Some(k) = keep_in(tree, memberships, group, &mut home)? {
                out.groups.insert(group, k);
            }
        }
        Ok(out)
    }

    /// What the member may keep of `group`'s registry.
    pub fn keep(&self, group: DocId) -> Option<&Keep> {
        self.groups.get(&group)
    }

    /// It keeps every household of `group` (a group its member just created).
    pub fn keep_all(&mut self, group: DocId) {
        self.groups.insert(group, Keep::All);
    }

    /// Whether it may keep a household of `group` in `building`.
    pub fn allows(&self, group: DocId, building: Option<&str>) -> bool {
        match self.groups.get(&group) {
            Some(Keep::All) => true,
            Some(Keep::Buildings(homes)) => building.is_some_and(|b| homes.contains(b)),
            None => false,
        }
    }
}

/// What `memberships` keep of one group's registry (`None`: nothing); `home` as for
/// [`Registry::of`].
pub fn keep_in<E>(
    tree: &GroupTree,
    memberships: &[Membership],
    group: DocId,
    mut home: impl FnMut(DocId) -> Result<Option<String>, E>,
) -> Result<Option<Keep>, E> {
    let Some(record) = tree.get(group) else {
        return Ok(None);
    };
    let above = tree.ancestors(group);
    let mut keep: Option<Keep> = None;
    for m in memberships
        .iter()
        .filter(|m| m.group_id == group || above.contains(&m.group_id))
    {
        if may_keep_registry(m.role, record.kind, None, None) {
            return Ok(Some(Keep::All));
        }
        if m.role != Role::BuildingLeader {
            continue;
        }
        let Some(home) = home(m.group_id)? else {
            continue;
        };
        if may_keep_registry(m.role, record.kind, Some(&home), Some(&home))
            && let Keep::Buildings(set) = keep.get_or_insert_with(|| Keep::Buildings(BTreeSet::new()))
        {
            set.insert(home);
        }
    }
    Ok(keep)
}

/// Whether a member who reads the `readable` groups and keeps `registry` may read a document of
/// `kind` filed under `group`. `building` tells a household's building; it is asked only when
/// the answer depends on it (a building leader's household). Its error is passed through.
pub fn may_read<E>(
    kind: DocKind,
    group: DocId,
    readable: &Groups,
    registry: &Registry,
    building: impl FnOnce() -> Result<Option<String>, E>,
) -> Result<bool, E> {
    Ok(match kind {
        DocKind::Group
        | DocKind::Report
        | DocKind::Request
        | DocKind::Order
        | DocKind::Proposal
        | DocKind::Need
        | DocKind::Notice => readable.contains(&group),
        DocKind::Household => match registry.keep(group) {
            None => false,
            Some(Keep::All) => true,
            Some(Keep::Buildings(_)) => registry.allows(group, building()?.as_deref()),
        },
    })
}

/// Whether such a member may file a new document of `kind` under `group`. For a household,
/// `building` is its building, or `None` before it is known (then: whether they keep any
/// household of the group). Who may post onto the board or a notice is the kind's write rules'
/// to say; a group is created under the rules of groups (staff of its parent).
pub fn may_create(kind: DocKind, group: DocId, readable: &Groups, registry: &Registry, building: Option<&str>) -> bool {
    match (kind, building) {
        (DocKind::Household, None) => registry.keep(group).is_some(),
        (DocKind::Household, Some(b)) => registry.allows(group, Some(b)),
        (
            DocKind::Group
            | DocKind::Request
            | DocKind::Report
            | DocKind::Order
            | DocKind::Proposal
            | DocKind::Need
            | DocKind::Notice,
            _,
        ) => readable.contains(&group),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leader_keeps_only_the_households_of_their_own_building() {
        let g = DocId::random();
        let mut r = Registry::default();
        r.groups.insert(g, Keep::Buildings(BTreeSet::from(["3".to_string()])));
        assert!(r.allows(g, Some("3")));
        assert!(!r.allows(g, Some("4")));
        assert!(!r.allows(g, None));
        assert!(!r.allows(DocId::random(), Some("3")));
    }
}
