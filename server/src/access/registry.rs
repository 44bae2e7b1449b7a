//! Who may keep the household registry, as the relay enforces it. Household documents carry
//! phone numbers, health flags and needs, so reading the group is not enough: only grid workers
//! and staff of the household's group (or of a group above it) may read or write them, and a
//! building leader for the households of their own building (the `building` of their member
//! entry in the group document). This mirrors [`jinlin_model::docs::household::keepers::may_keep_registry`], which the
//! device applies before writing.
//!
//! A device that may not keep a household is answered as if the document did not exist: it is
//! left out of sync answers and live frames, and an upload of it is refused with
//! [`crate::sync::NO_SUCH_DOCUMENT`].

use std::collections::{BTreeSet, HashMap};

use automerge::{AutoCommit, ROOT};
use jinlin_model::docs::household::keepers::may_keep_registry;
use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, MemberId, Role, docs::group};

use crate::access::{GroupTree, Readable};
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::relay::Relay;

/// How much of one group's registry a device may keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    /// Every household of the group.
    All,
    /// The households of these buildings only (a building leader's own building).
    Buildings(BTreeSet<String>),
}

/// The registry a device may keep, per group. A group it is absent from keeps nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    groups: HashMap<DocId, Keep>,
}

impl Registry {
    /// What the device may keep of `group`'s registry.
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

/// The `building` field of a household document (a string or, from a foreign writer, Text).
pub fn building_of(doc: &AutoCommit) -> Option<String> {
    jinlin_model::read::str(doc, &ROOT, "building")
}

impl Relay {
    /// The registry `member` may keep, given its memberships and the groups it reads. Reads the
    /// group documents of its building-leader memberships (for their home building).
    pub(crate) fn registry(
        &self,
        cache: &mut DocCache,
        member: MemberId,
        memberships: &[Membership],
        hierarchy: &GroupTree,
        readable: &Readable,
    ) -> Result<Registry, Error> {
        let mut out = Registry::default();
        for &group in readable {
            if let Some(k) = self.keep_in(cache, member, memberships, hierarchy, group)? {
                out.groups.insert(group, k);
            }
        }
        Ok(out)
    }

    /// What `member` may keep of one group's registry (`None`: nothing).
    pub(crate) fn keep_in(
        &self,
        cache: &mut DocCache,
        member: MemberId,
        memberships: &[Membership],
        hierarchy: &GroupTree,
        group: DocId,
    ) -> Result<Option<Keep>, Error> {
        let Some(record) = hierarchy.get(group) else {
            return Ok(None);
        };
        let above = hierarchy.ancestors(group);
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
            let Some(home) = self.home_building(cache, m.group_id, member)? else {
                continue;
            };
            if may_keep_registry(m.role, record.kind, Some(&home), Some(&home)) {
                match keep.get_or_insert_with(|| Keep::Buildings(BTreeSet::new())) {
                    Keep::Buildings(set) => {
                        set.insert(home);
                    }
                    Keep::All => {}
                }
            }
        }
        Ok(keep)
    }

    /// The building of a household document the relay holds.
    pub(crate) fn household_building(&self, cache: &mut DocCache, id: DocId) -> Result<Option<String>, Error> {
        Ok(building_of(&self.load(cache, id)?.doc))
    }

    /// A member's home building as written in a group document.
    pub(crate) fn home_building(&self, cache: &mut DocCache, group: DocId, member: MemberId) -> Result<Option<String>, Error> {
        if self.store.doc(group)?.is_none() {
            return Ok(None);
        }
        let doc = &self.load(cache, group)?.doc;
        Ok(group::read(doc)
            .ok()
            .and_then(|view| view.member(member).and_then(|m| m.building.clone())))
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
