//! How many households have read a notice, as staff see it ("read by 212 of 340 households"):
//! the households are the registry's, and a member's read counts for the household at their
//! home (the building and unit their membership states), so two members of one household count
//! once. A pure function of the notice, the registry and the members a staff phone holds.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::MemberView;
use crate::docs::notice::NoticeView;

/// A notice's read count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadCount {
    /// Households with at least one member who read it.
    pub households_read: usize,
    /// Households on the registry.
    pub households: usize,
    /// Members who read it (whether or not their home is on the registry).
    pub members_read: usize,
}

/// Counts `notice`'s reads over the registry's `households` (each its building and unit), with
/// each member's home from `members` (their memberships in the notice's group and the groups
/// inside it).
pub fn count<'a>(
    notice: &NoticeView,
    households: impl IntoIterator<Item = (&'a str, &'a str)>,
    members: &[MemberView],
) -> ReadCount {
    let key = |b: &str, u: &str| (b.trim().to_lowercase(), u.trim().to_lowercase());
    let homes_read: HashSet<(String, String)> = members
        .iter()
        .filter(|m| notice.read_by(m.member_id))
        .filter_map(|m| Some(key(m.building.as_deref()?, m.unit.as_deref()?)))
        .collect();
    let registry: HashSet<(String, String)> = households.into_iter().map(|(b, u)| key(b, u)).collect();
    ReadCount {
        households_read: registry.intersection(&homes_read).count(),
        households: registry.len(),
        members_read: notice.read_by.len(),
    }
}
