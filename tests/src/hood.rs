//! The neighbourhood a test starts from, made the one way every test makes it: phones register,
//! staff create a community (or the whole community → estate → buildings [`Tree`]), invite, and
//! each neighbour joins with the code and syncs ([`admit`]).

use jinlin_core::{DocId, GroupKind, Role};

use crate::Phone;

/// `staff` invites `phone` to `group` as `role`; `phone` joins with the code and syncs, so it
/// holds the group and what is in it.
pub async fn admit(staff: &Phone, phone: &Phone, group: DocId, role: Role) {
    let code = staff.invite(group, role).await;
    phone.join(&code).await;
}

/// A community with `staff` as its staff and `others` as volunteers, everyone synced.
pub async fn community(staff: &Phone, others: &[&Phone]) -> DocId {
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    staff.sync().await;
    for phone in others {
        admit(staff, phone, group, Role::Volunteer).await;
    }
    group
}

/// A neighbourhood's groups: a community, an estate inside it, and two buildings of the estate.
#[derive(Debug, Clone, Copy)]
pub struct Tree {
    /// Lianhua Community.
    pub community: DocId,
    /// East Estate, inside the community.
    pub estate: DocId,
    /// Building 3 of the estate.
    pub b3: DocId,
    /// Building 5 of the estate.
    pub b5: DocId,
}

/// Creates the [`Tree`] with `staff` as its staff, synced.
pub async fn tree(staff: &Phone) -> Tree {
    let community = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("community");
    let estate = staff
        .create_group("East Estate", GroupKind::Estate, Some(community))
        .expect("estate");
    let b3 = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .expect("building 3");
    let b5 = staff
        .create_group("Building 5", GroupKind::Building, Some(estate))
        .expect("building 5");
    staff.sync().await;
    Tree {
        community,
        estate,
        b3,
        b5,
    }
}
