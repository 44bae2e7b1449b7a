//! A grid worker's patch: a community with its staff, a grid worker, a second grid worker and a
//! resident, everyone registered and synced.

use jinlin_core::{DocId, GroupKind, MemberId, Role};
use jinlin_model::docs::household::{NewHousehold, Resident};
use jinlin_model::kinds::{HouseholdFlag, RiskTier};
use jinlin_tests::{Phone, Relay};

/// Everyone on one patch.
pub struct Patch {
    pub relay: Relay,
    pub group: DocId,
    pub staff: Phone,
    pub worker: Phone,
    pub second_worker: Phone,
    pub resident: Phone,
}

/// The member id of a phone's owner.
pub fn member(phone: &Phone) -> MemberId {
    phone.identity().expect("identity").expect("has one").member_id
}

/// Starts a relay and sets up the patch.
pub async fn patch() -> Patch {
    let relay = Relay::start().await;
    let staff = Phone::registered("Staff He", "1", &relay).await;
    let worker = Phone::registered("Worker Li", "1", &relay).await;
    let second_worker = Phone::registered("Worker Sun", "2", &relay).await;
    let resident = Phone::registered("Resident Zhao", "3", &relay).await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    staff.sync().await;
    let workers = staff.invite(group, Role::GridWorker).await;
    worker.join(&workers).await;
    second_worker.join(&workers).await;
    let residents = staff.invite(group, Role::Resident).await;
    resident.join(&residents).await;
    staff.sync().await;
    Patch {
        relay,
        group,
        staff,
        worker,
        second_worker,
        resident,
    }
}

/// A household in `building`, `unit`, registered by `phone`.
pub fn household(phone: &Phone, group: DocId, building: &str, unit: &str, tier: RiskTier) -> DocId {
    phone
        .add_household(NewHousehold {
            group_id: group,
            building: building.into(),
            unit: unit.into(),
            residents: vec![Resident {
                name: format!("Household {building}-{unit}"),
                phone: Some("13800000000".into()),
            }],
            tier,
            flags: vec![HouseholdFlag::Elderly, HouseholdFlag::LivesAlone],
        })
        .expect("household registered")
}
