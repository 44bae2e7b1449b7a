//! One household as the command line's `household show` and `household voter` give it: who lives
//! there (names and phone numbers: the registry's keepers only, the core refuses anyone else),
//! its care level, visits and needs, and the adult members linked to it who cast its ballot
//! (一户一票), and handing one of its needs to a member or a team (`need assign`). Records map
//! one to one from the core's household view.

use std::time::SystemTime;

use jinlin_core::{Device, MemberId};
use jinlin_model::dates::Date;
use jinlin_model::docs::household as core;
use jinlin_model::refusal::Refusal;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::grid::{ResidentView, VisitView};
use crate::household_needs::{self, HouseholdNeedView};
use crate::kinds::{HouseholdFlag, RiskTier};
use crate::time::{LocalDate, to_system_time};
use crate::views::{doc_id, parse_id};

/// A household with everything the registry holds about it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HouseholdDetails {
    /// The household.
    pub id: String,
    /// Its group.
    pub group_id: String,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Floor, where the unit number tells it.
    pub floor: Option<i64>,
    /// Who lives there, with their phones.
    pub residents: Vec<ResidentView>,
    /// Care level.
    pub tier: RiskTier,
    /// Flags.
    pub flags: Vec<HouseholdFlag>,
    /// The last visit that reached the household.
    pub last_contact_at: Option<SystemTime>,
    /// Visits, newest first.
    pub visits: Vec<VisitView>,
    /// Needs found on visits, oldest first.
    pub needs: Vec<HouseholdNeedView>,
    /// The members who cast its ballot.
    pub voter_ids: Vec<String>,
    /// Registered at.
    pub created_at: SystemTime,
}

fn details(device: &Device, id: jinlin_core::DocId) -> Result<HouseholdDetails, JinlinError> {
    let h: core::HouseholdView = device.household(id)?;
    let voters = device.household_voters(id)?;
    Ok(HouseholdDetails {
        id: h.id.to_string(),
        group_id: h.group_id.to_string(),
        building: h.building,
        unit: h.unit,
        floor: h.floor,
        residents: h
            .residents
            .into_iter()
            .map(|r| ResidentView {
                name: r.name,
                phone: r.phone,
            })
            .collect(),
        tier: h.tier.into(),
        flags: h.flags.into_iter().map(Into::into).collect(),
        last_contact_at: h.last_contact_at.map(to_system_time),
        visits: h.visits.into_iter().map(Into::into).collect(),
        needs: h.needs.into_iter().map(Into::into).collect(),
        voter_ids: voters.into_iter().map(|m| m.to_string()).collect(),
        created_at: to_system_time(h.created_at),
    })
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// One household with its residents, visits, needs and voters (its keepers only).
    pub async fn household(&self, household_id: String) -> Result<HouseholdDetails, JinlinError> {
        self.with_device(move |d| details(d, doc_id(&household_id)?)).await
    }

    /// Links an adult member who lives in the household as one who casts its ballot, or unlinks
    /// them with `linked` false (the registry's keepers); returns the household as it now stands.
    pub async fn link_voter(
        &self,
        household_id: String,
        member_id: String,
        linked: bool,
    ) -> Result<HouseholdDetails, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&household_id)?;
            d.link_voter(id, parse_id::<MemberId>(&member_id)?, linked)?;
            details(d, id)
        })
        .await
    }

    /// Hands a need found on a visit to a member who may read the household, or to a skill team
    /// of its group or a group above (by id or name), with a day it is due. Give
    /// exactly one of `member_id` and `team`. Grid workers, staff and the building's leader.
    pub async fn assign_household_need(
        &self,
        need_id: String,
        member_id: Option<String>,
        team: Option<String>,
        due: Option<LocalDate>,
    ) -> Result<HouseholdNeedView, JinlinError> {
        self.with_device(move |d| {
            let to = match (member_id, team) {
                (Some(m), None) => core::Assignee::Member(parse_id::<MemberId>(&m)?),
                (None, Some(t)) => core::Assignee::Team(t),
                _ => {
                    return Err(JinlinError::InvalidInput {
                        reason: Refusal::MemberOrTeam.into(),
                    });
                }
            };
            let due = due.as_deref().map(Date::parse).transpose()?;
            d.assign_need(&need_id, &to, due)?;
            household_needs::find(d, &need_id)
        })
        .await
    }
}
