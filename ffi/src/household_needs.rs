//! The needs grid workers find on their visits (诉求: "a grab bar in the bathroom"), as the
//! command line's `need list` and `need resolve` (handing one on, `need assign`, is in
//! [`crate::households`]): listed by status, and resolved with what was done. Records map one to one
//! from the core's; dates cross as `YYYY-MM-DD` text.

use std::time::SystemTime;

use jinlin_core::Device;
use jinlin_model::docs::household as core;

use crate::error::JinlinError;
use crate::kinds::NeedStatus;
use crate::time::{LocalDate, read_day, to_system_time};
use crate::views::doc_id;

/// A need found on a visit.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HouseholdNeedView {
    /// The need.
    pub id: String,
    /// The household it came from.
    pub household_id: String,
    /// What is needed, as the worker wrote it.
    pub text: String,
    /// Recorded, assigned or resolved.
    pub status: NeedStatus,
    /// When it was recorded.
    pub raised_at: SystemTime,
    /// The visit it was found on.
    pub visit_id: Option<String>,
    /// The member it was handed to.
    pub assignee_id: Option<String>,
    /// The team it was handed to, by id.
    pub team: Option<String>,
    /// The day it is due once assigned (Kotlin `LocalDate`, Swift `YYYY-MM-DD`); none when the
    /// document's day is no date.
    pub due: Option<LocalDate>,
    /// What was done, once resolved.
    pub resolution: Option<String>,
}

impl From<core::NeedView> for HouseholdNeedView {
    fn from(n: core::NeedView) -> Self {
        Self {
            id: n.id,
            household_id: n.household_id.to_string(),
            text: n.text,
            status: n.status.into(),
            raised_at: to_system_time(n.raised_at),
            visit_id: n.visit_id,
            assignee_id: n.assignee.map(|m| m.to_string()),
            team: n.team,
            due: read_day(n.due),
            resolution: n.resolution,
        }
    }
}

/// The needs of a group (every group this member keeps when `None`), with one status or any.
pub fn needs(
    device: &Device,
    group_id: Option<String>,
    status: Option<NeedStatus>,
) -> Result<Vec<HouseholdNeedView>, JinlinError> {
    let group = group_id.as_deref().map(doc_id).transpose()?;
    Ok(device
        .needs(group, status.map(Into::into), false)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Marks a need resolved, with what was done; returns it as it now stands.
pub fn resolve(device: &Device, need_id: String, resolution: Option<String>) -> Result<HouseholdNeedView, JinlinError> {
    device.resolve_need(&need_id, resolution.as_deref())?;
    find(device, &need_id)
}

pub(crate) fn find(device: &Device, need_id: &str) -> Result<HouseholdNeedView, JinlinError> {
    let need = device
        .needs(None, None, false)?
        .into_iter()
        .find(|n| n.id == need_id)
        .ok_or_else(JinlinError::not_held)?;
    Ok(need.into())
}
