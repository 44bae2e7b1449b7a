//! Who keeps a group's household registry: staff and grid workers keep every household of
//! their groups; a building leader keeps those of their own building. Phones check it before
//! writing, and the relay's access policy reads it before sending a household to anyone.

use crate::kinds::{GroupKind, Role};

/// Whether `role` may keep the household registry of a group, for a household in `building`
/// when the member's own home building is `home`.
pub fn may_keep_registry(role: Role, group_kind: GroupKind, building: Option<&str>, home: Option<&str>) -> bool {
    match role {
        Role::Staff | Role::GridWorker => true,
        Role::BuildingLeader => group_kind == GroupKind::Building || (building.is_some() && building == home),
        _ => false,
    }
}
