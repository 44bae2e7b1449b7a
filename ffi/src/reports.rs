//! Residents' photo reports and the photos themselves, as the command line's `report` and
//! `photo get`: a photo is kept on the phone by its SHA-256 and leaves with the next sync
//! (resumably); a report is raised with its photos and moves on through assigned → fixed →
//! checked → closed, each step refused by the core to whoever may not take it (`NotAllowed`,
//! nothing written). A neighbour's photo is fetched from the relay only when looked at.

use std::time::SystemTime;

use jinlin_core::net::photos::fetch_blob;
use jinlin_core::{DocId, MemberId};
use jinlin_model::Place;
use jinlin_model::docs::report::{ReportStep, ReportView as CoreReport};
use jinlin_model::kinds::ReportStatus as CoreStatus;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::ReportStatus;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::time::to_system_time;
use crate::views::{PlaceView, doc_id, parse_id, position};

/// One step a report went through.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ReportStepView {
    /// "assigned", "fixed", "checked", "closed" or "reopened".
    pub step: String,
    /// Who took it.
    pub by_id: String,
    /// Their name.
    pub by_name: String,
    /// When.
    pub at: SystemTime,
    /// A note.
    pub note: Option<String>,
    /// Who it was assigned to, for "assigned".
    pub assignee_id: Option<String>,
}

/// A photo report.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ReportView {
    /// The report.
    pub id: String,
    /// Its group.
    pub group_id: String,
    /// Who reported it.
    pub reporter_name: String,
    /// What is wrong.
    pub text: String,
    /// Where.
    pub place: PlaceView,
    /// Its photos, by SHA-256 (read each with `photo`).
    pub photos: Vec<String>,
    /// Where it stands.
    pub status: ReportStatus,
    /// Who is fixing it.
    pub assignee_id: Option<String>,
    /// Every step, in time order.
    pub steps: Vec<ReportStepView>,
    /// Reported at.
    pub created_at: SystemTime,
}

impl From<ReportStep> for ReportStepView {
    fn from(s: ReportStep) -> Self {
        Self {
            step: s.step,
            by_id: s.by.to_string(),
            by_name: s.by_name,
            at: to_system_time(s.at),
            note: s.note,
            assignee_id: s.assignee.map(|m| m.to_string()),
        }
    }
}

impl From<CoreReport> for ReportView {
    fn from(r: CoreReport) -> Self {
        Self {
            id: r.id.to_string(),
            group_id: r.group_id.to_string(),
            reporter_name: r.reporter.name,
            text: r.text,
            place: r.place.into(),
            photos: r.photos,
            status: r.status.into(),
            assignee_id: r.assignee.map(|m| m.to_string()),
            steps: r.steps.into_iter().map(Into::into).collect(),
            created_at: to_system_time(r.created_at),
        }
    }
}

impl JinlinClient {
    async fn report_step(
        &self,
        report_id: String,
        step: CoreStatus,
        assignee: Option<String>,
    ) -> Result<ReportView, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&report_id)?;
            let assignee = assignee.as_deref().map(parse_id::<MemberId>).transpose()?;
            d.report_step(id, step, assignee, None)?;
            Ok(d.report(id)?.into())
        })
        .await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Keeps a photo (or another attachment) of `group_id` on this phone; it leaves with the next
    /// sync, resuming where a lost connection cut it off. Returns its SHA-256, the name a report
    /// or a request gives it.
    pub async fn add_photo(&self, group_id: String, bytes: Vec<u8>) -> Result<String, JinlinError> {
        self.with_device(move |d| Ok(d.add_blob(doc_id(&group_id)?, &bytes)?))
            .await
    }

    /// A photo's bytes: from this phone if it holds them, otherwise fetched from the relay (from
    /// `group_id`, or whichever of this member's groups holds it) and kept, only if they hash to
    /// its name.
    pub async fn photo(&self, hash: String, group_id: Option<String>) -> Result<Vec<u8>, JinlinError> {
        let group = group_id.as_deref().map(doc_id).transpose()?;
        let device = self.device().clone();
        if let Some(bytes) = device.blob(&hash)? {
            return Ok(bytes);
        }
        spawn(async move { Ok(fetch_blob(&device, &registered(&device)?, &hash, group).await?) }).await
    }

    /// Reports a problem to `group_id` with its photos (hashes from `add_photo`), in the
    /// reporter's building unless one is given; `lat` and `lon` (both or neither, in degrees)
    /// say where it is, when the phone may read its position. A position out of range, or half
    /// of one, is invalid input and nothing is written.
    // Each argument is named on the foreign side, where the wrappers give the optional ones
    // defaults; a record would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub async fn raise_report(
        &self,
        group_id: String,
        text: String,
        photos: Vec<String>,
        building: Option<String>,
        unit: Option<String>,
        lat: Option<f64>,
        lon: Option<f64>,
    ) -> Result<ReportView, JinlinError> {
        self.with_device(move |d| {
            let at = position(lat, lon)?;
            let place = Place {
                building,
                unit,
                lat: at.map(|(lat, _)| lat),
                lon: at.map(|(_, lon)| lon),
            };
            let id = d.raise_report(doc_id(&group_id)?, &text, place, &photos)?;
            Ok(d.report(id)?.into())
        })
        .await
    }

    /// The reports on this phone, of a group (all when `None`), with one status or any, newest first.
    pub async fn reports(
        &self,
        group_id: Option<String>,
        status: Option<ReportStatus>,
    ) -> Result<Vec<ReportView>, JinlinError> {
        self.with_device(move |d| {
            let group: Option<DocId> = group_id.as_deref().map(doc_id).transpose()?;
            Ok(d.reports(group, status.map(Into::into))?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
    }

    /// One report with each step.
    pub async fn report(&self, report_id: String) -> Result<ReportView, JinlinError> {
        self.with_device(move |d| Ok(d.report(doc_id(&report_id)?)?.into()))
            .await
    }

    /// Gives a report to a member to fix (grid workers, staff, the building's leader).
    pub async fn assign_report(&self, report_id: String, member_id: String) -> Result<ReportView, JinlinError> {
        self.report_step(report_id, CoreStatus::Assigned, Some(member_id)).await
    }

    /// Reports it fixed (its assignee, or those who assign).
    pub async fn report_fixed(&self, report_id: String) -> Result<ReportView, JinlinError> {
        self.report_step(report_id, CoreStatus::Fixed, None).await
    }

    /// Confirms the fix after checking it.
    pub async fn check_report(&self, report_id: String) -> Result<ReportView, JinlinError> {
        self.report_step(report_id, CoreStatus::Checked, None).await
    }

    /// Closes the report.
    pub async fn close_report(&self, report_id: String) -> Result<ReportView, JinlinError> {
        self.report_step(report_id, CoreStatus::Closed, None).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jinlin_core::Device;

    use super::*;
    use crate::testing::block_on;

    /// A resident's phone in a community → estate → building tree; returns the building's id.
    fn resident(dir: &tempfile::TempDir) -> (Arc<JinlinClient>, String) {
        let device = Device::open(dir.path().join("phone.db")).expect("open the store");
        device
            .set_identity("Wang Fang", Some("3"), Some("1202"))
            .expect("identity");
        let building = crate::testing::building_3(&device);
        // Nothing listens here: the report waits on the phone for the next sync.
        (JinlinClient::over(device, "http://127.0.0.1:9"), building.to_string())
    }

    #[test]
    fn a_report_raised_with_a_gps_fix_carries_the_place_back() {
        let dir = tempfile::tempdir().expect("dir");
        let (client, building) = resident(&dir);
        let raised = block_on(client.raise_report(
            building.clone(),
            "The stairwell light is out".into(),
            vec![],
            None,
            None,
            Some(24.4798),
            Some(118.0894),
        ))
        .expect("raise");
        assert_eq!(
            raised.place,
            PlaceView {
                building: Some("3".into()),
                unit: None,
                lat: Some(24.4798),
                lon: Some(118.0894),
            }
        );
        assert_eq!(block_on(client.report(raised.id.clone())).expect("read"), raised);
        assert_eq!(
            block_on(client.reports(Some(building), None)).expect("list"),
            vec![raised]
        );
    }

    #[test]
    fn a_report_whose_position_is_out_of_range_or_half_given_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("dir");
        let (client, building) = resident(&dir);
        for (lat, lon) in [
            (Some(-90.5), Some(118.0)),
            (Some(24.48), Some(-180.5)),
            (Some(24.48), None),
            (None, Some(f64::INFINITY)),
        ] {
            let refused = block_on(client.raise_report(
                building.clone(),
                "The stairwell light is out".into(),
                vec![],
                None,
                None,
                lat,
                lon,
            ));
            assert!(
                matches!(refused, Err(JinlinError::InvalidInput { .. })),
                "{lat:?},{lon:?}: {refused:?}"
            );
        }
        assert!(block_on(client.reports(None, None)).expect("list").is_empty());
    }
}
