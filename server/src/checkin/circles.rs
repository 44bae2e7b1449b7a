//! Who each circle of a watch is, found when the day is judged missed: the paired neighbours who
//! accepted (in order, whose phones are still active), the available volunteers and building
//! leader of the person's building, then the grid workers and staff of the building and the
//! groups above it (on duty, available or not). The person and proxy are never alerted about
//! themselves.

use jinlin_model::checkin::{Circles, Pairing};
use jinlin_model::{MemberId, Role};

use crate::error::Error;
use crate::relay::Relay;

impl Relay {
    pub(crate) fn circles(&self, p: &Pairing) -> Result<Circles, Error> {
        let themselves = |m: &MemberId| p.checks_in(*m);
        let mut neighbours = Vec::new();
        for m in p.willing_neighbours() {
            if self.store.device(m)?.is_some_and(|d| d.is_active()) && !themselves(&m) {
                neighbours.push(m);
            }
        }
        let mut building = Vec::new();
        for (m, role) in self.store.group_members(p.group_id)? {
            if matches!(role, Role::Volunteer | Role::BuildingLeader)
                && !themselves(&m)
                && self.store.member_settings(m)?.available
            {
                building.push(m);
            }
        }
        let mut duty = Vec::new();
        let tree = self.tree();
        for g in std::iter::once(p.group_id).chain(tree.ancestors(p.group_id)) {
            for (m, role) in self.store.group_members(g)? {
                if matches!(role, Role::GridWorker | Role::Staff) && !themselves(&m) && !duty.contains(&m) {
                    duty.push(m);
                }
            }
        }
        Ok(Circles {
            neighbours,
            building,
            duty,
        })
    }
}
