//! Who may keep the household registry, as the relay enforces it. Household documents carry
//! phone numbers, health flags and needs, so reading the group is not enough: only grid workers
//! and staff of the household's group (or of a group above it) may read or write them, and a
//! building leader for the households of their own building (the `building` of their member
//! entry in the group document). The rule is the model's ([`jinlin_model::access`], which phones apply
//! between themselves too); this file reads what it needs from the relay's store.
//!
//! A device that may not keep a household is answered as if the document did not exist: it is
//! left out of sync answers and live frames, and an upload of it is refused with
//! [`crate::sync::NO_SUCH_DOCUMENT`].

use automerge::{AutoCommit, ROOT};
pub use jinlin_model::access::{Keep, Registry};
use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, MemberId, docs::group};

use crate::access::{GroupTree, Readable};
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::relay::Relay;

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
        Registry::of(hierarchy, memberships, readable, |group| {
            self.home_building(cache, group, member)
        })
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
        jinlin_model::access::keep_in(hierarchy, memberships, group, |g| self.home_building(cache, g, member))
    }

    /// The building of a household document the relay holds.
    pub(crate) fn household_building(&self, cache: &mut DocCache, id: DocId) -> Result<Option<String>, Error> {
        Ok(building_of(self.load(cache, id)?.doc()))
    }

    /// A member's home building as written in a group document.
    pub(crate) fn home_building(
        &self,
        cache: &mut DocCache,
        group: DocId,
        member: MemberId,
    ) -> Result<Option<String>, Error> {
        if self.store.doc(group)?.is_none() {
            return Ok(None);
        }
        let doc = self.load(cache, group)?.doc();
        Ok(group::read(doc)
            .ok()
            .and_then(|view| view.member(member).and_then(|m| m.building.clone())))
    }
}
