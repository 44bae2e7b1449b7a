//! The group tree, modelled once: communities hold estates, estates hold buildings. Phones build
//! it from the group documents they hold, the relay from its group table; both ask it the same
//! questions: what lies above or below a group, which groups a member reads, the role a member
//! acts with in a group, and (in [`super::nearness`]) how near a request is to a member.
//!
//! Reading follows the tree: a member reads the groups they belong to and every group above
//! them (a building's resident is also a member of the estate and the community); staff and
//! grid workers also read every group below theirs.

use std::collections::{BTreeSet, HashMap};

use crate::docs::group::view::GroupView;
use crate::ids::DocId;
use crate::kinds::{GroupKind, Role};

/// A set of groups (those a member reads, those below a group, ...).
pub type Groups = BTreeSet<DocId>;

/// A device's membership of one group, as the relay records it and sends it on the wire.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Membership {
    /// The group.
    pub group_id: DocId,
    /// The role in it.
    pub role: Role,
}

/// One group's place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// The group.
    pub id: DocId,
    /// Community, estate or building.
    pub kind: GroupKind,
    /// The group it sits in.
    pub parent: Option<DocId>,
}

/// The tree of groups.
#[derive(Debug, Clone, Default)]
pub struct GroupTree {
    nodes: HashMap<DocId, Node>,
    children: HashMap<DocId, Vec<DocId>>,
}

impl GroupTree {
    /// Builds the tree from its groups, in any order.
    pub fn new(nodes: impl IntoIterator<Item = Node>) -> Self {
        let mut tree = GroupTree::default();
        for n in nodes {
            tree.insert(n);
        }
        tree
    }

    /// The tree of the groups a phone holds.
    pub fn of_views(groups: &[GroupView]) -> Self {
        GroupTree::new(groups.iter().map(|g| Node {
            id: g.id,
            kind: g.kind,
            parent: g.parent,
        }))
    }

    /// Adds a group.
    pub fn insert(&mut self, node: Node) {
        if let Some(parent) = node.parent {
            self.children.entry(parent).or_default().push(node.id);
        }
        self.nodes.insert(node.id, node);
    }

    /// A group, if it is in the tree.
    pub fn get(&self, id: DocId) -> Option<&Node> {
        self.nodes.get(&id)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when there are no groups.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The groups above `id`, nearest first.
    pub fn ancestors(&self, id: DocId) -> Vec<DocId> {
        let mut out = Vec::new();
        let mut at = self.nodes.get(&id).and_then(|g| g.parent);
        while let Some(p) = at {
            // A parent cannot be created after its child, so the chain ends; the length check
            // guards against a damaged store or a forged document all the same.
            if out.contains(&p) || out.len() > self.nodes.len() {
                break;
            }
            out.push(p);
            at = self.nodes.get(&p).and_then(|g| g.parent);
        }
        out
    }

    /// The top of the tree `id` sits in (its community): its farthest ancestor, or itself.
    pub fn root(&self, id: DocId) -> DocId {
        self.ancestors(id).last().copied().unwrap_or(id)
    }

    /// `id` itself or its nearest ancestor of `kind`.
    pub fn enclosing(&self, id: DocId, kind: GroupKind) -> Option<DocId> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find(|g| self.nodes.get(g).is_some_and(|n| n.kind == kind))
    }

    /// Whether `group` is `root` or sits below it.
    pub fn within(&self, group: DocId, root: DocId) -> bool {
        group == root || self.ancestors(group).contains(&root)
    }

    fn add_descendants(&self, id: DocId, into: &mut Groups) {
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
    pub fn subtree(&self, id: DocId) -> Groups {
        let mut out = Groups::from([id]);
        self.add_descendants(id, &mut out);
        out
    }

    /// The groups a member with these direct memberships reads.
    pub fn readable(&self, memberships: &[Membership]) -> Groups {
        let mut out = Groups::new();
        for m in memberships {
            if !self.nodes.contains_key(&m.group_id) {
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

    /// The role a member acts with in `group`: their own role there, or the role of staff or
    /// grid worker they hold in a group above (whichever is higher). `None` for a plain reader.
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
pub fn oversees(role: Role) -> bool {
    matches!(role, Role::Staff | Role::GridWorker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: GroupKind, parent: Option<DocId>) -> Node {
        Node {
            id: DocId::random(),
            kind,
            parent,
        }
    }

    fn member(group: DocId, role: Role) -> Membership {
        Membership { group_id: group, role }
    }

    struct Tree {
        t: GroupTree,
        community: DocId,
        estate: DocId,
        b1: DocId,
        b2: DocId,
    }

    fn tree() -> Tree {
        let c = node(GroupKind::Community, None);
        let e = node(GroupKind::Estate, Some(c.id));
        let b1 = node(GroupKind::Building, Some(e.id));
        let b2 = node(GroupKind::Building, Some(e.id));
        Tree {
            community: c.id,
            estate: e.id,
            b1: b1.id,
            b2: b2.id,
            t: GroupTree::new([b2, b1, e, c]),
        }
    }

    #[test]
    fn a_building_member_reads_the_groups_above_but_not_a_sibling() {
        let t = tree();
        let r = t.t.readable(&[member(t.b1, Role::Resident)]);
        assert_eq!(r, Groups::from([t.b1, t.estate, t.community]));
        assert!(!r.contains(&t.b2));
    }

    #[test]
    fn staff_and_grid_workers_read_the_groups_below() {
        let t = tree();
        for role in [Role::Staff, Role::GridWorker] {
            let r = t.t.readable(&[member(t.community, role)]);
            assert_eq!(r, Groups::from([t.community, t.estate, t.b1, t.b2]), "{role}");
        }
        let leader = t.t.readable(&[member(t.estate, Role::BuildingLeader)]);
        assert_eq!(leader, Groups::from([t.estate, t.community]));
    }

    #[test]
    fn staff_above_act_as_staff_below() {
        let t = tree();
        let ms = [member(t.community, Role::Staff), member(t.b1, Role::Resident)];
        assert_eq!(t.t.role_in(&ms, t.b1), Some(Role::Staff));
        let resident = [member(t.b1, Role::Resident)];
        assert_eq!(t.t.role_in(&resident, t.estate), None);
        assert_eq!(t.t.role_in(&resident, t.b1), Some(Role::Resident));
    }

    #[test]
    fn a_building_lies_within_its_estate_and_community_and_finds_them() {
        let t = tree();
        assert!(t.t.within(t.b1, t.community) && t.t.within(t.b1, t.b1));
        assert!(!t.t.within(t.b1, t.b2) && !t.t.within(t.estate, t.b1));
        assert_eq!(t.t.enclosing(t.b1, GroupKind::Estate), Some(t.estate));
        assert_eq!(t.t.enclosing(t.estate, GroupKind::Building), None);
        assert_eq!(t.t.subtree(t.estate), Groups::from([t.estate, t.b1, t.b2]));
    }

    #[test]
    fn a_loop_in_a_damaged_tree_ends() {
        let (a, b) = (DocId::random(), DocId::random());
        let t = GroupTree::new([
            Node {
                id: a,
                kind: GroupKind::Estate,
                parent: Some(b),
            },
            Node {
                id: b,
                kind: GroupKind::Community,
                parent: Some(a),
            },
        ]);
        assert!(t.ancestors(a).len() <= 2);
        assert!(!t.within(a, DocId::random()));
    }
}
