//! Who each circle of a watch is, found when the day is judged missed: the paired neighbours who
//! accepted (in order, whose phones are still active), the available volunteers and building
//! leader of the person's building, then the grid workers and staff of the building and the
//! groups above it (on duty, available or not). The person and proxy are never alerted about
//! themselves. One judging pass asks each building once ([`Circles`] by building are kept for
//! the pass), so 10,000 deadlines at 10:00 cost one look-up of each building, not 10,000.

use std::collections::HashMap;

use jinlin_model::checkin::{Circles, Pairing};
use jinlin_model::{DocId, MemberId, Role};

use crate::error::Error;
use crate::relay::Relay;

/// A building's own circles (volunteers, then duty), found once per judging pass.
#[derive(Debug, Default)]
pub(crate) struct BuildingCircles {
    by_building: HashMap<DocId, (Vec<MemberId>, Vec<MemberId>)>,
}

impl Relay {
    /// The circles of pairing `p`, with `known` holding what this pass already found.
    pub(crate) fn circles(&self, p: &Pairing, known: &mut BuildingCircles) -> Result<Circles, Error> {
        let themselves = |m: &MemberId| p.checks_in(*m);
        let mut neighbours = Vec::new();
        for m in p.willing_neighbours() {
            if self.store.device(m)?.is_some_and(|d| d.is_active()) && !themselves(&m) {
                neighbours.push(m);
            }
        }
        let (building, duty) = match known.by_building.entry(p.group_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(self.building_circles(p.group_id)?),
        };
        Ok(Circles {
            neighbours,
            building: building.iter().copied().filter(|m| !themselves(m)).collect(),
            duty: duty.iter().copied().filter(|m| !themselves(m)).collect(),
        })
    }

    fn building_circles(&self, group: DocId) -> Result<(Vec<MemberId>, Vec<MemberId>), Error> {
        let mut building = Vec::new();
        for (m, role) in self.store.group_members(group)? {
            if matches!(role, Role::Volunteer | Role::BuildingLeader) && self.store.member_settings(m)?.available {
                building.push(m);
            }
        }
        let mut duty = Vec::new();
        let tree = self.tree();
        for g in std::iter::once(group).chain(tree.ancestors(group)) {
            for (m, role) in self.store.group_members(g)? {
                if matches!(role, Role::GridWorker | Role::Staff) && !duty.contains(&m) {
                    duty.push(m);
                }
            }
        }
        Ok((building, duty))
    }
}
