//! "Nearest to me": how near a request is to a member, over the group tree (community → estate
//! → building) and the member's home building. One rule for both sides: the phone orders its
//! list with it ([`Neighbourhood`]) and the relay widens an urgent request's alerts with it
//! ([`nearness`]). The member's own closest group ([`own_group`]) is where an urgent request goes
//! when nobody says which.

use std::cmp::Ordering;

use crate::docs::group::tree::{GroupTree, oversees};
use crate::identity::Identity;
use crate::ids::{DocId, MemberId};
use crate::kinds::{GroupKind, Role};
use crate::{GroupView, RequestView};

/// How near a request is: lower is nearer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nearness {
    /// In my building.
    SameBuilding,
    /// In my estate.
    SameEstate,
    /// Elsewhere in the community.
    Community,
}

/// Where a member lives in the tree: the groups they belong to, with their role in each, and the
/// building they named as home.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Whereabouts {
    /// Direct memberships.
    pub groups: Vec<(DocId, Role)>,
    /// The home building's name, as the member gave it.
    pub building: Option<String>,
}

/// How near a request filed under `group`, at a place in `building` (by name), is to `member`:
/// - the same building: a member of the request's building group or of a group below it (staff
///   and grid workers who look after it only live there if they say so), or one whose home
///   building has the request's building name in the same estate;
/// - the same estate: a member of any group within the request's estate;
/// - otherwise the community.
pub fn nearness(tree: &GroupTree, group: DocId, building: Option<&str>, member: &Whereabouts) -> Nearness {
    let building_group = tree.enclosing(group, GroupKind::Building);
    let estate = tree.enclosing(group, GroupKind::Estate);
    let in_building = building_group.is_some_and(|b| {
        member
            .groups
            .iter()
            .any(|(g, role)| tree.within(*g, b) && !oversees(*role))
    });
    let in_estate = estate.is_some_and(|e| member.groups.iter().any(|(g, _)| tree.within(*g, e)));
    let same_name = building.is_some() && member.building.as_deref() == building && (in_estate || estate.is_none());
    if in_building || same_name {
        Nearness::SameBuilding
    } else if in_estate {
        Nearness::SameEstate
    } else {
        Nearness::Community
    }
}

/// The phone's view: the tree of the groups it holds, and where its member lives in it.
#[derive(Debug, Default)]
pub struct Neighbourhood {
    tree: GroupTree,
    me: Whereabouts,
}

impl Neighbourhood {
    /// Builds the ranking for `me` from the groups the device holds.
    pub fn new(me: Option<&Identity>, groups: &[GroupView]) -> Self {
        let tree = GroupTree::of_views(groups);
        let Some(me) = me else {
            return Neighbourhood {
                tree,
                me: Whereabouts::default(),
            };
        };
        let memberships = groups
            .iter()
            .filter_map(|g| g.member(me.member_id).map(|m| (g.id, m.role)))
            .collect();
        Neighbourhood {
            tree,
            me: Whereabouts {
                groups: memberships,
                building: me.building.clone(),
            },
        }
    }

    /// Whether `group` is `root` or sits below it.
    pub fn within(&self, group: DocId, root: DocId) -> bool {
        self.tree.within(group, root)
    }

    /// How near `req` is to me.
    pub fn rank(&self, req: &RequestView) -> Nearness {
        nearness(&self.tree, req.group_id, req.place.building.as_deref(), &self.me)
    }

    /// The list order: open before finished (done or cancelled), then urgent first, then
    /// nearest, then newest.
    pub fn compare(&self, a: &RequestView, b: &RequestView) -> Ordering {
        a.status
            .is_final()
            .cmp(&b.status.is_final())
            .then_with(|| b.urgent.cmp(&a.urgent))
            .then_with(|| self.rank(a).cmp(&self.rank(b)))
            .then_with(|| b.created_at.cmp(&a.created_at))
            .then_with(|| a.id.cmp(&b.id))
    }
}

/// The group `member`'s own urgent request goes to when the device is in several and nobody said
/// which: the closest group the member belongs to, its building over its estate over its
/// community. `None` when the member belongs to none, or to two equally close (two buildings).
pub fn own_group(member: MemberId, groups: &[GroupView]) -> Option<DocId> {
    let closeness = |kind: GroupKind| match kind {
        GroupKind::Building => 0,
        GroupKind::Estate => 1,
        GroupKind::Community => 2,
    };
    let mine: Vec<&GroupView> = groups.iter().filter(|g| g.member(member).is_some()).collect();
    let closest = mine.iter().map(|g| closeness(g.kind)).min()?;
    match mine
        .iter()
        .filter(|g| closeness(g.kind) == closest)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [only] => Some(only.id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemberView;
    use crate::kinds::Role;

    fn group(kind: GroupKind, parent: Option<DocId>, members: &[MemberId]) -> GroupView {
        GroupView {
            id: DocId::random(),
            kind,
            name: kind.as_str().into(),
            parent,
            members: members
                .iter()
                .map(|m| MemberView {
                    member_id: *m,
                    name: "Neighbour".into(),
                    role: Role::Resident,
                    skills: Vec::new(),
                    building: None,
                    unit: None,
                    joined_at: 0,
                })
                .collect(),
            teams: Vec::new(),
            menu: Vec::new(),
            visit_intervals: Default::default(),
            time_zone: None,
            created_at: 0,
            schema: 1,
            newer_schema: false,
        }
    }

    #[test]
    fn a_residents_own_group_is_her_building_over_her_estate_over_her_community() {
        let (wang, sun) = (MemberId::random(), MemberId::random());
        let community = group(GroupKind::Community, None, &[sun, wang]);
        let estate = group(GroupKind::Estate, Some(community.id), &[sun, wang]);
        let b3 = group(GroupKind::Building, Some(estate.id), &[sun, wang]);
        let b5 = group(GroupKind::Building, Some(estate.id), &[sun]);
        let all = [community.clone(), estate.clone(), b3.clone(), b5.clone()];
        assert_eq!(own_group(wang, &all), Some(b3.id));
        let no_building = [community.clone(), estate.clone(), b5.clone()];
        assert_eq!(
            own_group(wang, &no_building),
            Some(estate.id),
            "no building: her estate"
        );
        assert_eq!(own_group(wang, &[community.clone(), b5.clone()]), Some(community.id));
    }

    #[test]
    fn two_equally_close_groups_or_none_leave_the_choice_to_the_member() {
        let (wang, sun) = (MemberId::random(), MemberId::random());
        let community = group(GroupKind::Community, None, &[sun]);
        let b3 = group(GroupKind::Building, Some(community.id), &[sun]);
        let b5 = group(GroupKind::Building, Some(community.id), &[sun]);
        let all = [community, b3, b5];
        assert_eq!(own_group(sun, &all), None, "staff of two buildings");
        assert_eq!(own_group(wang, &all), None, "in none of them");
    }
}
