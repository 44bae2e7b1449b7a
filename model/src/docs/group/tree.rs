//! "Nearest to me": ranks requests by how close they are to this device's member, using the
//! group tree (community → estate → building) and home building; and the member's own closest
//! group, where an urgent request goes when nobody says which.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::identity::Identity;
use crate::ids::DocId;
use crate::ids::MemberId;
use crate::kinds::GroupKind;
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

/// What the ranking needs to know about the member and the group tree.
#[derive(Debug, Default)]
pub struct Neighbourhood {
    groups: HashMap<DocId, (GroupKind, Option<DocId>)>,
    my_buildings: HashSet<DocId>,
    my_estates: HashSet<DocId>,
    my_building_name: Option<String>,
}

impl Neighbourhood {
    /// Builds the ranking for `me` from the groups the device holds.
    pub fn new(me: Option<&Identity>, groups: &[GroupView]) -> Self {
        let mut n = Neighbourhood {
            groups: groups.iter().map(|g| (g.id, (g.kind, g.parent))).collect(),
            my_building_name: me.and_then(|m| m.building.clone()),
            ..Default::default()
        };
        let Some(me) = me else { return n };
        for g in groups.iter().filter(|g| g.member(me.member_id).is_some()) {
            match g.kind {
                GroupKind::Building => {
                    n.my_buildings.insert(g.id);
                }
                GroupKind::Estate => {
                    n.my_estates.insert(g.id);
                }
                GroupKind::Community => {}
            }
            if let Some(e) = n.ancestor(g.id, GroupKind::Estate) {
                n.my_estates.insert(e);
            }
        }
        n
    }

    /// The nearest ancestor-or-self of `group` of the given kind.
    fn ancestor(&self, mut group: DocId, kind: GroupKind) -> Option<DocId> {
        for _ in 0..16 {
            let (k, parent) = self.groups.get(&group)?;
            if *k == kind {
                return Some(group);
            }
            group = (*parent)?;
        }
        None
    }

    /// Whether `group` is `root` or sits below it.
    pub fn within(&self, mut group: DocId, root: DocId) -> bool {
        for _ in 0..16 {
            if group == root {
                return true;
            }
            match self.groups.get(&group).and_then(|(_, p)| *p) {
                Some(p) => group = p,
                None => return false,
            }
        }
        false
    }

    /// How near `req` is to me.
    pub fn rank(&self, req: &RequestView) -> Nearness {
        let estate = self.ancestor(req.group_id, GroupKind::Estate);
        let same_estate = estate.is_some_and(|e| self.my_estates.contains(&e));
        let in_my_building_group = self
            .ancestor(req.group_id, GroupKind::Building)
            .is_some_and(|b| self.my_buildings.contains(&b));
        let same_building_name = match (&req.place.building, &self.my_building_name) {
            (Some(a), Some(b)) => a == b && (same_estate || estate.is_none() || self.my_estates.is_empty()),
            _ => false,
        };
        if in_my_building_group || same_building_name {
            Nearness::SameBuilding
        } else if same_estate {
            Nearness::SameEstate
        } else {
            Nearness::Community
        }
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
            visit_intervals: Default::default(),
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
