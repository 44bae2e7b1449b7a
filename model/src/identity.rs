//! Who this device is: the member id it writes as, and the name and home it shows to neighbours.

use serde::{Deserialize, Serialize};

use crate::ids::MemberId;

/// The device's member identity. The id is made on the device, so it works before the device
/// has ever reached a relay; every Automerge actor the device writes as begins with it
/// (`crate::installation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The member.
    pub member_id: MemberId,
    /// Display name.
    pub name: String,
    /// Home building.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
}
