//! Who could be alerted for an urgent request, as the core's dispatcher wants them
//! ([`Candidate`]): every member of the request's community (the top of its group tree and
//! everything below), with
//! - nearness from the group tree and memberships: a member of the request's building group
//!   (staff and grid workers only if they live there), or
//!   one whose member entry names the request's building within the same estate, lives in the
//!   same building; a member of any group in the request's estate lives in the estate; everyone
//!   else is elsewhere in the community;
//! - role (the highest held anywhere in the tree), skills and home building from the member
//!   entries of the group documents;
//! - availability, quiet hours and home (for the distance to a request with a place) from the
//!   member's settings on the relay.
//!
//! The dispatcher's rules (who goes in which wave) stay in `jinlin_model::dispatch`.

use std::collections::BTreeMap;

use jinlin_model::dispatch::{Candidate, distance_m};
use jinlin_model::docs::group::nearness::Nearness;
use jinlin_model::{DocId, GroupKind, MemberId, RequestView, Role, Skill};

use crate::access::GroupTree;
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::relay::Relay;

struct Person {
    /// Groups the member belongs to, with the role held in each.
    groups: Vec<(DocId, Role)>,
    role: Role,
    skills: Vec<Skill>,
    building: Option<String>,
}

/// `id` or its nearest ancestor of `kind`.
fn enclosing(h: &GroupTree, id: DocId, kind: GroupKind) -> Option<DocId> {
    std::iter::once(id)
        .chain(h.ancestors(id))
        .find(|g| h.get(*g).is_some_and(|r| r.kind == kind))
}

fn inside(h: &GroupTree, group: DocId, root: DocId) -> bool {
    group == root || h.ancestors(group).contains(&root)
}

impl Relay {
    /// The candidates for `view` (under the writer lock: group documents come from the cache).
    pub(crate) fn candidates(&self, cache: &mut DocCache, view: &RequestView) -> Result<Vec<Candidate>, Error> {
        let h = self.tree();
        let g = view.group_id;
        let root = h.ancestors(g).last().copied().unwrap_or(g);
        let building = enclosing(&h, g, GroupKind::Building);
        let estate = enclosing(&h, g, GroupKind::Estate);

        let mut people: BTreeMap<MemberId, Person> = BTreeMap::new();
        for group in h.subtree(root) {
            let members = self.store.group_members(group)?;
            if members.is_empty() {
                continue;
            }
            let entries = match self.load(cache, group) {
                Ok(cached) => cached.group_view().ok(),
                Err(e) => {
                    tracing::warn!(%group, error = %e, "group document not loaded for alerts");
                    None
                }
            };
            for (member, role) in members {
                let p = people.entry(member).or_insert(Person {
                    groups: Vec::new(),
                    role,
                    skills: Vec::new(),
                    building: None,
                });
                p.groups.push((group, role));
                p.role = p.role.max(role);
                if let Some(entry) = entries.as_ref().and_then(|v| v.member(member)) {
                    for s in &entry.skills {
                        if !p.skills.contains(s) {
                            p.skills.push(*s);
                        }
                    }
                    if p.building.is_none() {
                        p.building = entry.building.clone();
                    }
                }
            }
        }

        let settings = self.store.all_member_settings()?;
        let here = view.place.lat.zip(view.place.lon);
        let mut out = Vec::with_capacity(people.len());
        for (member, p) in people {
            // Staff and grid workers look after buildings they do not live in (the one who created
            // a building is its staff): they are its neighbours only if they live there, as a
            // resident of it or by naming it as their building.
            let in_building = building.is_some_and(|b| {
                p.groups
                    .iter()
                    .any(|(x, role)| inside(&h, *x, b) && !matches!(role, Role::Staff | Role::GridWorker))
            });
            let in_estate = estate.is_some_and(|e| p.groups.iter().any(|(x, _)| inside(&h, *x, e)));
            let same_name =
                view.place.building.is_some() && p.building == view.place.building && (in_estate || estate.is_none());
            let nearness = if in_building || same_name {
                Nearness::SameBuilding
            } else if in_estate {
                Nearness::SameEstate
            } else {
                Nearness::Community
            };
            let settings = settings
                .get(&member)
                .cloned()
                .unwrap_or_else(|| crate::store::MemberSettings::default_for(member));
            out.push(Candidate {
                member,
                role: p.role,
                skills: p.skills,
                nearness,
                // From the request's place to the member's home, when both are known.
                distance_m: here.zip(settings.home).map(|(a, b)| distance_m(a, b)),
                available: settings.available,
                quiet: settings.quiet,
                medical_through_quiet: settings.medical_through,
            });
        }
        Ok(out)
    }
}
