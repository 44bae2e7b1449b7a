//! "Nearest to me": ranks requests by how close they are to this device's member, using the
//! group tree (community → estate → building) and home building.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::identity::Identity;
use crate::ids::DocId;
use crate::kinds::GroupKind;
use crate::views::{GroupView, RequestView};

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
