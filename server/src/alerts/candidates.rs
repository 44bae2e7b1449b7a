//! Who could be alerted for an urgent request, as the core's dispatcher wants them
//! ([`Candidate`]): every member of the request's community (the top of its group tree and
//! everything below), with
//! - nearness by the rule phones rank their lists with
//!   (`jinlin_model::docs::group::nearness::nearness`), over the relay's group tree and the
//!   member's memberships and home building;
//! - role (the highest held anywhere in the tree), skills (their own, and those of the teams
//!   they are on) and home building from the group documents;
//! - availability, quiet hours and home (for the distance to a request with a place) from the
//!   member's settings on the relay.
//!
//! The dispatcher's rules (who goes in which wave) stay in `jinlin_model::dispatch`.

use std::collections::BTreeMap;

use jinlin_model::dispatch::{Candidate, distance_m};
use jinlin_model::docs::group::nearness::{Whereabouts, nearness};
use jinlin_model::{MemberId, RequestView, Role, Skill};

use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::relay::Relay;

struct Person {
    /// Where they live in the tree: their groups with the role held in each, their home building.
    whereabouts: Whereabouts,
    role: Role,
    skills: Vec<Skill>,
}

impl Relay {
    /// The candidates for `view` (under the writer lock: group documents come from the cache).
    pub(crate) fn candidates(&self, cache: &mut DocCache, view: &RequestView) -> Result<Vec<Candidate>, Error> {
        let h = self.tree();
        let g = view.group_id;
        let root = h.ancestors(g).last().copied().unwrap_or(g);

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
            let index = entries.as_ref().map(|v| v.index());
            for (member, role) in members {
                let p = people.entry(member).or_insert(Person {
                    whereabouts: Whereabouts::default(),
                    role,
                    skills: Vec::new(),
                });
                p.whereabouts.groups.push((group, role));
                p.role = p.role.max(role);
                if let Some(index) = index.as_ref() {
                    for s in index.skills_of(member) {
                        if !p.skills.contains(&s) {
                            p.skills.push(s);
                        }
                    }
                }
                if let Some(entry) = index.as_ref().and_then(|i| i.member(member))
                    && p.whereabouts.building.is_none()
                {
                    p.whereabouts.building = entry.building.clone();
                }
            }
        }

        let members: Vec<MemberId> = people.keys().copied().collect();
        let settings = self.store.members_settings(&members)?;
        let here = view.place.lat.zip(view.place.lon);
        let mut out = Vec::with_capacity(people.len());
        for (member, p) in people {
            // The same rule the phone ranks its list by (staff and grid workers look after
            // buildings they do not live in: they are its neighbours only if they live there).
            let nearness = nearness(&h, g, view.place.building.as_deref(), &p.whereabouts);
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
