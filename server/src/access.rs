//! Who may read what. Groups nest community → estate → building; the relay keeps the tree in
//! memory ([`Hierarchy`]) and derives every access decision from it and a device's direct
//! memberships:
//! - a device reads the groups it belongs to and all their ancestors (a building's resident is
//!   also a member of the estate and the community above it);
//! - staff and grid workers also read every group below the ones they belong to;
//! - a device reads and writes only the documents of groups it reads.
//!
//! Pure functions, no I/O: the relay loads the tree once and updates it when a group is created.

use std::collections::{BTreeSet, HashMap};

use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, GroupKind, Role};

use crate::store::GroupRecord;

/// The groups a device may read.
pub type Readable = BTreeSet<DocId>;

/// The tree of groups.
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    groups: HashMap<DocId, GroupRecord>,
    children: HashMap<DocId, Vec<DocId>>,
}

impl Hierarchy {
    /// Builds the tree from every group.
    pub fn new(groups: impl IntoIterator<Item = GroupRecord>) -> Self {
        let mut h = Hierarchy::default();
        for g in groups {
            h.insert(g);
        }
        h
    }

    /// Adds a group.
    pub fn insert(&mut self, group: GroupRecord) {
        if let Some(parent) = group.parent {
            self.children.entry(parent).or_default().push(group.id);
        }
        self.groups.insert(group.id, group);
    }

    /// A group, if it exists.
    pub fn get(&self, id: DocId) -> Option<&GroupRecord> {
        self.groups.get(&id)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups above `id`, nearest first.
    pub fn ancestors(&self, id: DocId) -> Vec<DocId> {
        let mut out = Vec::new();
        let mut at = self.groups.get(&id).and_then(|g| g.parent);
        while let Some(p) = at {
            // A parent cannot be created after its child, so the chain ends; the length check
            // guards against a damaged store all the same.
            if out.contains(&p) || out.len() > self.groups.len() {
                break;
            }
            out.push(p);
            at = self.groups.get(&p).and_then(|g| g.parent);
        }
        out
    }

    fn add_descendants(&self, id: DocId, into: &mut Readable) {
        let mut stack = vec![id];
        while let Some(g) = stack.pop() {
            for child in self.children.get(&g).into_iter().flatten() {
                if into.insert(*child) {
                    stack.push(*child);
                }
            }
        }
    }

    /// `id` and every group below it.
    pub fn subtree(&self, id: DocId) -> Readable {
        let mut out = Readable::from([id]);
        self.add_descendants(id, &mut out);
        out
    }

    /// The groups a device with these direct memberships may read.
    pub fn readable(&self, memberships: &[Membership]) -> Readable {
        let mut out = Readable::new();
        for m in memberships {
            if !self.groups.contains_key(&m.group_id) {
                continue;
            }
            out.insert(m.group_id);
            out.extend(self.ancestors(m.group_id));
            if oversees(m.role) {
                self.add_descendants(m.group_id, &mut out);
            }
        }
        out
    }

    /// The role a device acts with in `group`: its own role there, or the role of staff or grid
    /// worker it holds in a group above (whichever is higher). `None` for a plain reader.
    pub fn role_in(&self, memberships: &[Membership], group: DocId) -> Option<Role> {
        let above = self.ancestors(group);
        memberships
            .iter()
            .filter(|m| m.group_id == group || (oversees(m.role) && above.contains(&m.group_id)))
            .map(|m| m.role)
            .max()
    }
}

/// Staff and grid workers look after the groups below theirs.
fn oversees(role: Role) -> bool {
    matches!(role, Role::Staff | Role::GridWorker)
}

/// Whether a group of kind `child` may sit inside one of kind `parent` (the rule is the core's,
/// [`GroupKind::may_contain`], so a device refuses the same nesting before writing it).
pub fn may_nest(parent: GroupKind, child: GroupKind) -> bool {
    parent.may_contain(child)
}

#[cfg(test)]
mod tests {
    use jinlin_model::MemberId;

    use super::*;

    fn group(kind: GroupKind, parent: Option<DocId>) -> GroupRecord {
        GroupRecord {
            id: DocId::random(),
            kind,
            parent,
            created_by: MemberId::random(),
            created_at: 0,
        }
    }

    fn member(group: DocId, role: Role) -> Membership {
        Membership { group_id: group, role }
    }

    struct Tree {
        h: Hierarchy,
        community: DocId,
        estate: DocId,
        b1: DocId,
        b2: DocId,
    }

    fn tree() -> Tree {
        let c = group(GroupKind::Community, None);
        let e = group(GroupKind::Estate, Some(c.id));
        let b1 = group(GroupKind::Building, Some(e.id));
        let b2 = group(GroupKind::Building, Some(e.id));
        Tree {
            community: c.id,
            estate: e.id,
            b1: b1.id,
            b2: b2.id,
            h: Hierarchy::new([c, e, b1, b2]),
        }
    }

    #[test]
    fn a_building_member_reads_the_groups_above_but_not_a_sibling() {
        let t = tree();
        let r = t.h.readable(&[member(t.b1, Role::Resident)]);
        assert_eq!(r, Readable::from([t.b1, t.estate, t.community]));
        assert!(!r.contains(&t.b2));
    }

    #[test]
    fn staff_and_grid_workers_read_the_groups_below() {
        let t = tree();
        for role in [Role::Staff, Role::GridWorker] {
            let r = t.h.readable(&[member(t.community, role)]);
            assert_eq!(r, Readable::from([t.community, t.estate, t.b1, t.b2]), "{role}");
        }
        let leader = t.h.readable(&[member(t.estate, Role::BuildingLeader)]);
        assert_eq!(leader, Readable::from([t.estate, t.community]));
    }

    #[test]
    fn staff_above_act_as_staff_below() {
        let t = tree();
        let ms = [member(t.community, Role::Staff), member(t.b1, Role::Resident)];
        assert_eq!(t.h.role_in(&ms, t.b1), Some(Role::Staff));
        let resident = [member(t.b1, Role::Resident)];
        assert_eq!(t.h.role_in(&resident, t.estate), None);
        assert_eq!(t.h.role_in(&resident, t.b1), Some(Role::Resident));
    }

    #[test]
    fn groups_nest_community_estate_building() {
        assert!(may_nest(GroupKind::Community, GroupKind::Estate));
        assert!(may_nest(GroupKind::Estate, GroupKind::Building));
        assert!(may_nest(GroupKind::Community, GroupKind::Building));
        assert!(!may_nest(GroupKind::Building, GroupKind::Estate));
        assert!(!may_nest(GroupKind::Estate, GroupKind::Estate));
    }
}
