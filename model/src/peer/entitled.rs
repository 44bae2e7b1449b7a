//! What a credential entitles its holder to on a phone: the documents they may read and file,
//! the registry they keep, their role in a group, read over the phone's own group tree with the
//! one rule the relay applies ([`crate::access`]). A phone sends a peer only what the peer's
//! credential entitles it to read, and keeps a received change only if its author's credential
//! entitles them to write it.

use crate::access::{self, Registry};
use crate::docs::group::tree::{GroupTree, Groups};
use crate::ids::DocId;
use crate::kinds::{DocKind, Role};
use crate::protocol::Membership;

use super::credential::{Credential, PublicKey};

/// A checked credential read over a phone's group tree.
#[derive(Debug, Clone)]
pub struct Entitled {
    /// What the relay vouched for.
    pub credential: Credential,
    /// The device key it names.
    pub key: PublicKey,
    memberships: Vec<Membership>,
    readable: Groups,
    registry: Registry,
}

impl Entitled {
    /// The entitlement of a checked `credential` (naming `key`) over `tree`.
    pub fn new(credential: Credential, key: PublicKey, tree: &GroupTree) -> Entitled {
        let memberships: Vec<Membership> = credential
            .groups
            .iter()
            .map(|v| Membership {
                group_id: v.group,
                role: v.role,
            })
            .collect();
        let readable = tree.readable(&memberships);
        // A building leader's building is the one the relay vouched for.
        let home = |group: DocId| -> Result<Option<String>, ()> {
            Ok(credential
                .groups
                .iter()
                .find(|v| v.group == group)
                .and_then(|v| v.building.clone()))
        };
        let registry = Registry::of(tree, &memberships, &readable, home).unwrap_or_default();
        Entitled {
            credential,
            key,
            memberships,
            readable,
            registry,
        }
    }

    /// Whether they may read a document of `kind` filed under `group` (a household in
    /// `building`).
    pub fn may_read(&self, kind: DocKind, group: DocId, building: Option<&str>) -> bool {
        access::may_read::<()>(kind, group, &self.readable, &self.registry, || {
            Ok(building.map(str::to_string))
        })
        .unwrap_or(false)
    }

    /// Whether they may file a new document of `kind` under `group`.
    pub fn may_create(&self, kind: DocKind, group: DocId, building: Option<&str>) -> bool {
        access::may_create(kind, group, &self.readable, &self.registry, building)
    }

    /// Whether they keep the registry of `group` for `building`.
    pub fn keeps(&self, group: DocId, building: Option<&str>) -> bool {
        self.registry.allows(group, building)
    }

    /// The role they act with in `group` over `tree`.
    pub fn role_in(&self, tree: &GroupTree, group: DocId) -> Option<Role> {
        tree.role_in(&self.memberships, group)
    }
}
