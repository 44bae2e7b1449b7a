//! The visit log of grid workers and building leaders: the households they keep, who is due a
//! visit, logging a visit, correcting one (its history kept), and the visits and follow-ups
//! already logged. Records map one to one
//! from the core's grid views; dates cross as `YYYY-MM-DD` text.
//!
//! The registry holds residents' names and phone numbers; the core refuses it to members whose
//! role may not keep it, and these calls pass that refusal on as `NotAllowed`.

use std::time::SystemTime;

use jinlin_core::store::grid_index::HouseholdSummary as CoreSummary;
use jinlin_core::{Device, DocId};
use jinlin_model::dates::Date;
use jinlin_model::docs::household as core;
use jinlin_model::refusal::Refusal;

use crate::error::JinlinError;
use crate::kinds::{HouseholdFlag, RiskTier, VisitOutcome};
use crate::numbers::{from_app, to_i32};
use crate::time::{LocalDate, read_day, to_system_time};
use crate::views::{doc_id, position};

/// A person living in a household.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ResidentView {
    /// Name.
    pub name: String,
    /// Phone number, if given.
    #[uniffi(default = None)]
    pub phone: Option<String>,
}

/// A household as the walk lists it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HouseholdSummary {
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
    /// Residents' names.
    pub residents: Vec<String>,
    /// Risk tier.
    pub tier: RiskTier,
    /// Flags.
    pub flags: Vec<HouseholdFlag>,
    /// The last visit that reached the household.
    pub last_contact_at: Option<SystemTime>,
    /// Needs not yet resolved.
    pub open_needs: i32,
    /// Visits logged.
    pub visits: i32,
}

/// What a grid worker fills in to register a household.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewHousehold {
    /// The group the household belongs to.
    pub group_id: String,
    /// Building.
    pub building: String,
    /// Unit.
    pub unit: String,
    /// Who lives there.
    pub residents: Vec<ResidentView>,
    /// Risk tier.
    pub tier: RiskTier,
    /// Flags.
    #[uniffi(default = [])]
    pub flags: Vec<HouseholdFlag>,
}

/// What a grid worker notes after knocking on a door.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewVisit {
    /// How it went.
    pub outcome: VisitOutcome,
    /// Notes.
    #[uniffi(default = None)]
    pub note: Option<String>,
    /// Needs raised at the door; each becomes a need to follow.
    #[uniffi(default = [])]
    pub needs: Vec<String>,
    /// When to come back.
    #[uniffi(default = None)]
    pub follow_up: Option<LocalDate>,
    /// Needs raised and resolved on the spot (counted, never followed up).
    #[uniffi(default = [])]
    pub resolved_on_the_spot: Vec<String>,
    /// Photos taken at the door, by SHA-256 (from `add_photo`, filed under the household's group).
    #[uniffi(default = [])]
    pub photos: Vec<String>,
    /// Where the worker stood, latitude (with `lon`), when the phone may read its position.
    #[uniffi(default = None)]
    pub lat: Option<f64>,
    /// Where the worker stood, longitude (with `lat`).
    #[uniffi(default = None)]
    pub lon: Option<f64>,
}

/// A logged visit.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VisitView {
    /// The visit.
    pub id: String,
    /// The household visited.
    pub household_id: String,
    /// When.
    pub at: SystemTime,
    /// Who visited.
    pub worker_id: String,
    /// Their name.
    pub worker_name: String,
    /// How it went.
    pub outcome: VisitOutcome,
    /// Notes.
    pub note: Option<String>,
    /// When to come back.
    pub follow_up: Option<LocalDate>,
    /// Needs raised on this visit.
    pub needs: Vec<String>,
    /// Its photos, by SHA-256 (read each with `photo`).
    pub photos: Vec<String>,
    /// How many times it was edited since it was logged.
    pub edits: i32,
    /// Where the worker stood when logging it, latitude, if the phone gave a position.
    pub lat: Option<f64>,
    /// Where the worker stood, longitude (with `lat`).
    pub lon: Option<f64>,
}

impl From<CoreSummary> for HouseholdSummary {
    fn from(v: CoreSummary) -> Self {
        Self {
            id: v.id.to_string(),
            group_id: v.group_id.to_string(),
            building: v.building,
            unit: v.unit,
            floor: v.floor,
            residents: v.residents,
            tier: v.tier.into(),
            flags: v.flags.into_iter().map(Into::into).collect(),
            last_contact_at: v.last_contact_at.map(to_system_time),
            open_needs: to_i32(v.open_needs),
            visits: to_i32(v.visits),
        }
    }
}

impl From<core::VisitView> for VisitView {
    fn from(v: core::VisitView) -> Self {
        Self {
            id: v.id,
            household_id: v.household_id.to_string(),
            at: to_system_time(v.at),
            worker_id: v.worker_id.to_string(),
            worker_name: v.worker_name,
            outcome: v.outcome.into(),
            note: v.note,
            follow_up: read_day(v.follow_up),
            needs: v.needs,
            photos: v.photos,
            edits: to_i32(v.edits.len()),
            lat: v.lat,
            lon: v.lon,
        }
    }
}

impl NewHousehold {
    fn into_core(self) -> Result<core::NewHousehold, JinlinError> {
        Ok(core::NewHousehold {
            group_id: doc_id(&self.group_id)?,
            building: self.building,
            unit: self.unit,
            residents: self
                .residents
                .into_iter()
                .map(|r| core::Resident {
                    name: r.name,
                    phone: r.phone,
                })
                .collect(),
            tier: self.tier.into(),
            flags: self.flags.into_iter().map(Into::into).collect(),
        })
    }
}

impl NewVisit {
    fn into_core(self) -> Result<core::NewVisit, JinlinError> {
        Ok(core::NewVisit {
            outcome: Some(self.outcome.into()),
            note: self.note,
            needs: self.needs,
            resolved_on_the_spot: self.resolved_on_the_spot,
            follow_up: self.follow_up.as_deref().map(Date::parse).transpose()?,
            gps: position(self.lat, self.lon)?,
            photos: self.photos,
        })
    }
}

fn group(group_id: Option<String>) -> Result<Option<DocId>, JinlinError> {
    group_id.as_deref().map(doc_id).transpose()
}

/// Registers a household; returns it as the walk lists it.
pub fn add_household(device: &Device, h: NewHousehold) -> Result<HouseholdSummary, JinlinError> {
    let id = device.add_household(h.into_core()?)?;
    Ok(CoreSummary::from(&device.household(id)?).into())
}

/// Households of a group (all groups when `None`), optionally one building, in walking order.
pub fn households(
    device: &Device,
    group_id: Option<String>,
    building: Option<String>,
) -> Result<Vec<HouseholdSummary>, JinlinError> {
    let list = device.households(group(group_id)?, building.as_deref())?;
    Ok(list.into_iter().map(Into::into).collect())
}

/// Households due a visit, in walking order.
pub fn due(device: &Device, group_id: Option<String>) -> Result<Vec<HouseholdSummary>, JinlinError> {
    Ok(device
        .due_households(group(group_id)?)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Logs a visit and returns it. A position that is not a latitude and a longitude in range (or
/// only one of them) is invalid input, and nothing is written.
pub fn log_visit(device: &Device, household_id: String, visit: NewVisit) -> Result<VisitView, JinlinError> {
    let household = doc_id(&household_id)?;
    let id = device.log_visit(household, &visit.into_core()?)?;
    let view = device.household(household)?;
    let visit = view
        .visits
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(JinlinError::not_held)?;
    Ok(visit.into())
}

/// Visits, newest first: of one household, or of a group.
pub fn visits(
    device: &Device,
    group_id: Option<String>,
    household_id: Option<String>,
    limit: i32,
) -> Result<Vec<VisitView>, JinlinError> {
    let limit = from_app("the number of visits", limit)?;
    let household = household_id.as_deref().map(doc_id).transpose()?;
    let list = device.visits(group(group_id)?, household, limit)?;
    Ok(list.into_iter().map(Into::into).collect())
}

/// A correction to a logged visit: each field given is changed, the others are left as they are.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VisitCorrection {
    /// New notes.
    #[uniffi(default = None)]
    pub note: Option<String>,
    /// The corrected outcome.
    #[uniffi(default = None)]
    pub outcome: Option<VisitOutcome>,
    /// A new day to come back.
    #[uniffi(default = None)]
    pub follow_up: Option<LocalDate>,
}

/// One change to a visit: who changed which field from what to what, and when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VisitEditView {
    /// Who changed it.
    pub by_id: String,
    /// Their name.
    pub by_name: String,
    /// When.
    pub at: SystemTime,
    /// Which field: "note", "outcome" or "follow_up".
    pub field: String,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

impl From<core::EditView> for VisitEditView {
    fn from(e: core::EditView) -> Self {
        Self {
            by_id: e.by.to_string(),
            by_name: e.by_name,
            at: to_system_time(e.at),
            field: e.field,
            old: e.old,
            new: e.new,
        }
    }
}

/// Corrects a visit (the worker who logged it, or staff); the old values are kept in its history.
/// Everything is checked before anything is written: a bad date or nothing to change writes nothing.
pub fn edit_visit(
    device: &Device,
    household_id: String,
    visit_id: String,
    correction: VisitCorrection,
) -> Result<VisitView, JinlinError> {
    let household = doc_id(&household_id)?;
    let mut edits = Vec::new();
    if let Some(note) = correction.note {
        edits.push(core::VisitEdit::Note(Some(note)));
    }
    if let Some(outcome) = correction.outcome {
        edits.push(core::VisitEdit::Outcome(outcome.into()));
    }
    if let Some(day) = correction.follow_up.as_deref() {
        edits.push(core::VisitEdit::FollowUp(Some(Date::parse(day)?)));
    }
    if edits.is_empty() {
        return Err(JinlinError::InvalidInput {
            reason: Refusal::SayWhatToChange.into(),
        });
    }
    for edit in &edits {
        device.edit_visit(household, &visit_id, edit)?;
    }
    find_visit(device, household, &visit_id).map(Into::into)
}

/// Who changed what on a visit, and when, oldest first.
pub fn visit_history(
    device: &Device,
    household_id: String,
    visit_id: String,
) -> Result<Vec<VisitEditView>, JinlinError> {
    let visit = find_visit(device, doc_id(&household_id)?, &visit_id)?;
    Ok(visit.edits.into_iter().map(Into::into).collect())
}

fn find_visit(device: &Device, household: DocId, visit_id: &str) -> Result<core::VisitView, JinlinError> {
    device
        .household(household)?
        .visits
        .into_iter()
        .find(|v| v.id == visit_id)
        .ok_or_else(JinlinError::not_held)
}

/// How far the visit log has come in one building.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CoverageView {
    /// The building.
    pub building: String,
    /// Households visited within their care level's interval.
    pub visited: i32,
    /// Households registered.
    pub total: i32,
}

/// Households visited this cycle against the total, per building, in walking order.
pub fn coverage(device: &Device, group_id: Option<String>) -> Result<Vec<CoverageView>, JinlinError> {
    Ok(device
        .coverage(group(group_id)?)?
        .into_iter()
        .map(|c| CoverageView {
            building: c.building,
            visited: to_i32(c.visited),
            total: to_i32(c.total),
        })
        .collect())
}

/// Visits with a follow-up date and no later visit, soonest first.
pub fn open_follow_ups(device: &Device, group_id: Option<String>) -> Result<Vec<VisitView>, JinlinError> {
    Ok(device
        .open_follow_ups(group(group_id)?)?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_visit_with_a_follow_up_shows_in_the_log_and_the_follow_ups() {
        let (_dir, device, home) = worker_with_a_household();
        assert_eq!(home.floor, Some(12));
        assert_eq!(due(&device, None).expect("due").len(), 1, "never visited: due");

        let visit = log_visit(
            &device,
            home.id.clone(),
            NewVisit {
                follow_up: Some("2099-01-31".into()),
                ..met(None, None)
            },
        )
        .expect("log");
        assert_eq!(visit.outcome, VisitOutcome::Met);
        assert_eq!(visit.follow_up.as_deref(), Some("2099-01-31"));
        assert!(due(&device, None).expect("due").is_empty(), "just visited");
        assert_eq!(
            visits(&device, None, Some(home.id), 10).expect("visits"),
            vec![visit.clone()]
        );
        assert_eq!(open_follow_ups(&device, None).expect("follow-ups"), vec![visit]);
    }

    #[test]
    fn asking_for_a_negative_number_of_visits_is_invalid_input() {
        let (_dir, device, home) = worker_with_a_household();
        log_visit(&device, home.id.clone(), met(None, None)).expect("log");
        assert!(matches!(
            visits(&device, None, Some(home.id.clone()), -1),
            Err(JinlinError::InvalidInput { reason }) if reason.contains("negative")
        ));
        assert_eq!(visits(&device, None, Some(home.id), 10).expect("visits").len(), 1);
    }

    #[test]
    fn a_malformed_follow_up_date_is_invalid_input() {
        let visit = NewVisit {
            outcome: VisitOutcome::NotHome,
            note: None,
            needs: vec![],
            follow_up: Some("next week".into()),
            resolved_on_the_spot: vec![],
            photos: vec![],
            lat: None,
            lon: None,
        };
        assert!(matches!(visit.into_core(), Err(JinlinError::InvalidInput { .. })));
    }

    #[test]
    fn a_mistyped_follow_up_date_is_shown_in_the_phones_language_with_its_code() {
        use crate::alerts::SmsLanguage;
        use crate::testing::block_on;

        let (_dir, device, home) = worker_with_a_household();
        let client = crate::JinlinClient::over(device, "http://127.0.0.1:9");
        client.set_shown_language(SmsLanguage::ZhHans);
        let visit = NewVisit {
            follow_up: Some("2026-13-40".into()),
            ..met(None, None)
        };
        let refused = block_on(client.log_visit(home.id.clone(), visit)).expect_err("there is no 13th month");
        assert_eq!(refused.code(), "invalid_input");
        assert_eq!(refused.refusal().as_deref(), Some("date.format"));
        assert_eq!(
            refused.message_args(),
            vec!["\"2026-13-40\" 不是有效的日期；请写成 年-月-日 的格式，例如 2026-05-01".to_string()]
        );
        assert_eq!(
            refused.to_string(),
            "\"2026-13-40\" is not a date; write it as YYYY-MM-DD",
            "the English sentence is the one the table has"
        );
        assert!(
            visits(client.device(), None, Some(home.id), 10)
                .expect("visits")
                .is_empty(),
            "nothing was logged"
        );
    }

    /// A red-tier household in unit 1202 of building 3, one resident living alone, in `group`.
    fn lives_alone_in_1202(group: jinlin_core::DocId) -> NewHousehold {
        NewHousehold {
            group_id: group.to_string(),
            building: "3".into(),
            unit: "1202".into(),
            residents: vec![ResidentView {
                name: "Resident".into(),
                phone: None,
            }],
            tier: RiskTier::Red,
            flags: vec![HouseholdFlag::LivesAlone],
        }
    }

    /// A grid worker's phone in a community → estate → building tree, with one household of
    /// building 3 to visit.
    fn worker_with_a_household() -> (tempfile::TempDir, Device, HouseholdSummary) {
        let dir = tempfile::tempdir().expect("tempdir");
        let device = Device::open(dir.path().join("d.db")).expect("open");
        device.set_identity("Grid worker", None, None).expect("identity");
        let building = crate::testing::building_3(&device);
        let home = add_household(&device, lives_alone_in_1202(building)).expect("add");
        (dir, device, home)
    }

    fn met(lat: Option<f64>, lon: Option<f64>) -> NewVisit {
        NewVisit {
            outcome: VisitOutcome::Met,
            note: Some("well".into()),
            needs: vec!["grab bar in the bathroom".into()],
            follow_up: None,
            resolved_on_the_spot: vec![],
            photos: vec![],
            lat,
            lon,
        }
    }

    #[test]
    fn a_visit_logged_with_the_workers_position_shows_where_it_was_logged_after_a_correction_too() {
        let (_dir, device, home) = worker_with_a_household();
        let visit = log_visit(&device, home.id.clone(), met(Some(24.4798), Some(118.0894))).expect("log");
        assert_eq!((visit.lat, visit.lon), (Some(24.4798), Some(118.0894)));

        let corrected = edit_visit(
            &device,
            home.id.clone(),
            visit.id.clone(),
            VisitCorrection {
                note: Some("well, daughter visits".into()),
                outcome: None,
                follow_up: None,
            },
        )
        .expect("edit");
        assert_eq!((corrected.lat, corrected.lon), (Some(24.4798), Some(118.0894)));
        let logged = visits(&device, None, Some(home.id), 10).expect("visits");
        assert_eq!(logged, vec![corrected]);
    }

    #[test]
    fn a_visit_logged_without_a_position_has_none() {
        let (_dir, device, home) = worker_with_a_household();
        let visit = log_visit(&device, home.id, met(None, None)).expect("log");
        assert_eq!((visit.lat, visit.lon), (None, None));
    }

    #[test]
    fn a_visit_whose_position_is_out_of_range_or_half_given_is_refused_and_nothing_is_written() {
        let (_dir, device, home) = worker_with_a_household();
        for (lat, lon) in [
            (Some(91.0), Some(118.0)),
            (Some(24.48), Some(181.0)),
            (Some(f64::NAN), Some(118.0)),
            (Some(24.48), None),
            (None, Some(118.09)),
        ] {
            let refused = log_visit(&device, home.id.clone(), met(lat, lon));
            assert!(
                matches!(refused, Err(JinlinError::InvalidInput { .. })),
                "{lat:?},{lon:?}: {refused:?}"
            );
        }
        assert!(
            visits(&device, None, Some(home.id.clone()), 10)
                .expect("visits")
                .is_empty()
        );
        assert_eq!(due(&device, None).expect("due").len(), 1, "still never visited");
        let household = device.household(doc_id(&home.id).expect("id")).expect("household");
        assert!(household.needs.is_empty(), "no need was written either");
    }
}
