//! Residents' photo reports on [`Device`]: raise, then assigned → fixed → checked → closed.
//! Any member raises a report in their group; grid workers, staff and the building's leader
//! assign, check and close; the assignee (or those same keepers) marks it fixed.

use jinlin_model::DocKind;
use jinlin_model::refusal::Refusal;

use crate::device::Device;
use crate::device::assignees::Assigned;
use crate::device::events::{Event, Origin};
use crate::store::docs;
use crate::store::reports;
use jinlin_model::Place;
use jinlin_model::docs::report::{self, ReportView};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::kinds::ReportStatus;

impl Device {
    /// Raises a photo report in `group`. Photos are blob hashes from [`Device::add_blob`].
    pub fn raise_report(&self, group: DocId, text: &str, place: Place, photos: &[String]) -> Result<DocId> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        self.group(group)?;
        for p in photos {
            if self.blob(p)?.is_none() {
                return Err(Error::InvalidInput(Refusal::PhotoAddedFirst.into()));
            }
        }
        let id = DocId::random();
        let now = self.now();
        let mut place = place;
        if place.building.is_none() {
            place.building = me.building.clone();
        }
        let mut doc = report::create(
            id,
            group,
            text,
            &place,
            photos,
            Actor {
                id: me.member_id,
                name: &me.name,
            },
            now,
        )?;
        let view = report::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Report, group, &mut doc, true, now)?;
            reports::put(tx, &view)
        })?;
        self.emit(Event::ReportChanged {
            id,
            group_id: group,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// One report with its steps.
    pub fn report(&self, id: DocId) -> Result<ReportView> {
        let unknown = || Error::InvalidInput(Refusal::NoReportHere.with(&[&id]));
        let (doc, meta) = self.store().read(|c| docs::load(c, id))?.ok_or_else(unknown)?;
        if meta.doc_type != DocKind::Report {
            return Err(unknown());
        }
        report::read(&doc)
    }

    /// Reports in a group (all groups if `None`), by status, newest first.
    pub fn reports(&self, group: Option<DocId>, status: Option<ReportStatus>) -> Result<Vec<ReportView>> {
        self.store().read(|c| reports::list(c, group, status))
    }

    /// Takes the next step on a report.
    pub fn report_step(
        &self,
        id: DocId,
        step: ReportStatus,
        assignee: Option<MemberId>,
        note: Option<&str>,
    ) -> Result<()> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let view = self.report(id)?;
        let keeper = self.may_keep(view.group_id, view.place.building.as_deref())?;
        if step == ReportStatus::Assigned && assignee.is_none() {
            return Err(Error::InvalidInput(Refusal::SayAssignee.into()));
        }
        if !report::rules::may_take(step, keeper, view.assignee == Some(me.member_id)) {
            return Err(Error::NotAllowed(Refusal::ReportMovers.en()));
        }
        if let Some(member) = assignee {
            self.check_assignee(member, Assigned::Report { group: view.group_id })?;
        }
        self.change(id, DocKind::Report, |doc, now| {
            report::add_step(
                doc,
                Actor {
                    id: me.member_id,
                    name: &me.name,
                },
                step,
                assignee,
                note,
                now,
            )
        })?;
        self.emit(Event::ReportChanged {
            id,
            group_id: view.group_id,
            origin: Origin::Local,
        });
        Ok(())
    }
}
