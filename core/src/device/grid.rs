//! The grid worker's calls on [`Device`]: the household registry, door-to-door visits, needs,
//! and the walk (who is due, open follow-ups, coverage per building).
//!
//! The registry is sensitive: only grid workers and staff of the group (or of a group above it)
//! and the building leader for their own building may keep it. The device refuses others here,
//! and the relay refuses to send them household documents at all.

use automerge::AutoCommit;
use jinlin_model::DocKind;
use jinlin_model::docs::household::keepers::may_keep_registry;
use jinlin_model::refusal::Refusal;

use crate::device::Device;
use crate::device::assignees::Assigned;
use crate::device::events::{Event, Origin};
use crate::store::docs;
use crate::store::grid_index::{self, HouseholdSummary};
use jinlin_model::clock::Millis;
use jinlin_model::dates::{DEFAULT_OFFSET_MINUTES, Date};
use jinlin_model::docs::group::nearness::Neighbourhood;
use jinlin_model::docs::household::{
    self, Assignee, HouseholdView, NeedView, NewHousehold, NewVisit, Resident, VisitEdit, VisitView,
};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::kinds::{HouseholdFlag, NeedStatus, RiskTier, Role};
use jinlin_model::{GroupView, VisitIntervals};

/// Visits covering one building in the current cycle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    /// Building.
    pub building: String,
    /// Households visited within their tier's interval.
    pub visited: usize,
    /// Households registered.
    pub total: usize,
}

impl Device {
    fn grid_groups(&self) -> Result<(Vec<GroupView>, Neighbourhood)> {
        let groups = self.groups()?;
        let hood = Neighbourhood::new(self.identity()?.as_ref(), &groups);
        Ok((groups, hood))
    }

    /// `group` and every group inside it (all groups if `None`).
    pub(crate) fn scope(&self, group: Option<DocId>) -> Result<Vec<DocId>> {
        let Some(root) = group else { return Ok(Vec::new()) };
        let (groups, hood) = self.grid_groups()?;
        let inside: Vec<DocId> = groups.iter().map(|g| g.id).filter(|g| hood.within(*g, root)).collect();
        Ok(if inside.is_empty() { vec![root] } else { inside })
    }

    /// Whether this member may keep the registry (and handle reports) of `group` for `building`.
    pub(crate) fn may_keep(&self, group: DocId, building: Option<&str>) -> Result<bool> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let (groups, hood) = self.grid_groups()?;
        let target = groups
            .iter()
            .find(|g| g.id == group)
            .ok_or(Error::UnknownGroup(group))?;
        Ok(groups.iter().filter(|g| hood.within(group, g.id)).any(|g| {
            g.member(me.member_id).is_some_and(|m| {
                let home = m.building.as_deref().or(me.building.as_deref());
                may_keep_registry(m.role, target.kind, building, home)
            })
        }))
    }

    /// Refuses unless this member may keep the registry of `group` for `building`.
    fn require_registry(&self, group: DocId, building: Option<&str>) -> Result<()> {
        if self.may_keep(group, building)? {
            Ok(())
        } else {
            Err(Error::NotAllowed(Refusal::RegistryKeepers.en()))
        }
    }

    pub(crate) fn change_household<T>(
        &self,
        id: DocId,
        f: impl FnOnce(&mut AutoCommit, Actor<'_>, Millis) -> Result<T>,
    ) -> Result<T> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let h = self.household(id)?;
        self.require_registry(h.group_id, Some(&h.building))?;
        let out = self.change(id, DocKind::Household, |doc, now| {
            f(
                doc,
                Actor {
                    id: me.member_id,
                    name: &me.name,
                },
                now,
            )
        })?;
        self.emit(Event::HouseholdChanged {
            id,
            group_id: h.group_id,
            origin: Origin::Local,
        });
        Ok(out)
    }

    /// Registers a household. Returns its id.
    pub fn add_household(&self, h: NewHousehold) -> Result<DocId> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        self.require_registry(h.group_id, Some(&h.building))?;
        let id = DocId::random();
        let now = self.now();
        let mut doc = household::create(
            id,
            &h,
            Actor {
                id: me.member_id,
                name: &me.name,
            },
            now,
        )?;
        let view = household::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Household, h.group_id, &mut doc, true, now)?;
            grid_index::put_household(tx, &view)
        })?;
        self.emit(Event::HouseholdChanged {
            id,
            group_id: h.group_id,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// Changes a household's residents, tier or flags (whichever is given).
    pub fn update_household(
        &self,
        id: DocId,
        residents: Option<Vec<Resident>>,
        tier: Option<RiskTier>,
        flags: Option<Vec<HouseholdFlag>>,
    ) -> Result<()> {
        self.change_household(id, |doc, _, _| {
            household::set_registry(doc, residents.as_deref(), tier, flags.as_deref())
        })
    }

    /// One household with its visits and needs.
    pub fn household(&self, id: DocId) -> Result<HouseholdView> {
        let unknown = || Error::InvalidInput(Refusal::NoHouseholdHere.with(&[&id]));
        let (doc, meta) = self.store().read(|c| docs::load(c, id))?.ok_or_else(unknown)?;
        if meta.doc_type != DocKind::Household {
            return Err(unknown());
        }
        household::read(&doc)
    }

    /// Households in a group (and the groups inside it), optionally one building, in walking order.
    pub fn households(&self, group: Option<DocId>, building: Option<&str>) -> Result<Vec<HouseholdSummary>> {
        let scope = self.scope(group)?;
        self.store().read(|c| grid_index::households(c, &scope, building))
    }

    /// Logs a visit. Returns the visit's id.
    pub fn log_visit(&self, household: DocId, visit: &NewVisit) -> Result<String> {
        self.change_household(household, |doc, me, now| household::log_visit(doc, me, visit, now))
    }

    /// Edits a visit; the old value is kept in the visit's edit history. Only the worker who
    /// logged it and staff may.
    pub fn edit_visit(&self, household: DocId, visit_id: &str, edit: &VisitEdit) -> Result<()> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let h = self.household(household)?;
        let visit = h
            .visits
            .iter()
            .find(|v| v.id == visit_id)
            .ok_or_else(|| Error::InvalidInput(Refusal::NoSuchVisit.into()))?;
        if visit.worker_id != me.member_id && !self.is_staff_over(h.group_id, me.member_id)? {
            return Err(Error::NotAllowed(Refusal::VisitEditors.en()));
        }
        self.change_household(household, |doc, me, now| {
            household::edit_visit(doc, me, visit_id, edit, now)
        })
    }

    fn is_staff_over(&self, group: DocId, member: MemberId) -> Result<bool> {
        let (groups, hood) = self.grid_groups()?;
        Ok(groups
            .iter()
            .filter(|g| hood.within(group, g.id))
            .any(|g| g.member(member).is_some_and(|m| m.role == Role::Staff)))
    }

    /// Visits, newest first: of one household, or all in a group.
    pub fn visits(&self, group: Option<DocId>, household: Option<DocId>, limit: usize) -> Result<Vec<VisitView>> {
        let scope = self.scope(group)?;
        self.store()
            .read(|c| grid_index::visits(c, &scope, household, None, limit as i64))
    }

    fn intervals_for(&self, group: DocId, groups: &[GroupView], hood: &Neighbourhood) -> VisitIntervals {
        // The nearest group up the tree that has its own setting decides.
        let mut best: Option<(usize, VisitIntervals)> = None;
        for g in groups.iter().filter(|g| hood.within(group, g.id)) {
            let depth = groups.iter().filter(|a| hood.within(g.id, a.id)).count();
            if g.visit_intervals != VisitIntervals::default() && best.is_none_or(|(d, _)| depth > d) {
                best = Some((depth, g.visit_intervals));
            }
        }
        best.map(|(_, v)| v).unwrap_or_default()
    }

    /// Households due for a visit — not reached within their tier's interval — in walking order:
    /// building, floor, unit.
    pub fn due_households(&self, group: Option<DocId>) -> Result<Vec<HouseholdSummary>> {
        let now = self.now();
        let scope = self.scope(group)?;
        let (groups, hood) = self.grid_groups()?;
        let targets: Vec<DocId> = if scope.is_empty() {
            groups.iter().map(|g| g.id).collect()
        } else {
            scope
        };
        let mut out = Vec::new();
        self.store().read(|c| {
            for g in &targets {
                let iv = self.intervals_for(*g, &groups, &hood).as_millis();
                out.extend(grid_index::due(c, &[*g], now, iv)?);
            }
            Ok(())
        })?;
        out.sort_by(|a, b| (&a.building, a.floor, &a.unit, a.id).cmp(&(&b.building, b.floor, &b.unit, b.id)));
        Ok(out)
    }

    /// Visits with a follow-up date and no later visit, soonest first.
    pub fn open_follow_ups(&self, group: Option<DocId>) -> Result<Vec<VisitView>> {
        let scope = self.scope(group)?;
        self.store().read(|c| grid_index::open_follow_ups(c, &scope))
    }

    /// Coverage per building: households visited within their interval against all registered.
    pub fn coverage(&self, group: Option<DocId>) -> Result<Vec<Coverage>> {
        let all = self.households(group, None)?;
        let due: std::collections::HashSet<DocId> = self.due_households(group)?.iter().map(|h| h.id).collect();
        let mut out: Vec<Coverage> = Vec::new();
        for h in &all {
            match out.last_mut() {
                Some(c) if c.building == h.building => c.total += 1,
                _ => out.push(Coverage {
                    building: h.building.clone(),
                    visited: 0,
                    total: 1,
                }),
            }
            if let Some(c) = out.last_mut().filter(|_| !due.contains(&h.id)) {
                c.visited += 1;
            }
        }
        Ok(out)
    }

    /// Needs in a group by status; `overdue_only` keeps unresolved needs past their due date.
    pub fn needs(&self, group: Option<DocId>, status: Option<NeedStatus>, overdue_only: bool) -> Result<Vec<NeedView>> {
        let scope = self.scope(group)?;
        let mut list = self.store().read(|c| grid_index::needs(c, &scope, status))?;
        if overdue_only {
            let today = self.today()?;
            list.retain(|n| n.overdue(today));
        }
        Ok(list)
    }

    /// The device's time zone, in minutes from UTC (UTC+8 unless the `utc_offset_minutes`
    /// setting says otherwise).
    pub fn utc_offset_minutes(&self) -> Result<i32> {
        Ok(self
            .setting::<i32>("utc_offset_minutes")?
            .unwrap_or(DEFAULT_OFFSET_MINUTES))
    }

    /// Today, in the device's time zone.
    pub fn today(&self) -> Result<Date> {
        Ok(Date::at(self.now(), self.utc_offset_minutes()?))
    }

    fn household_of_need(&self, need: &str) -> Result<DocId> {
        self.store()
            .read(|c| grid_index::household_of_need(c, need))?
            .ok_or_else(|| Error::InvalidInput(Refusal::NoNeedHere.with(&[&need])))
    }

    /// Assigns a need to a member or a team, with a due date. The member must be one who may
    /// read the household, the team one of its group or a group above (given by id or name).
    pub fn assign_need(&self, need: &str, to: &Assignee, due: Option<Date>) -> Result<()> {
        let household = self.household_of_need(need)?;
        let h = self.household(household)?;
        let to = match to {
            Assignee::Member(m) => {
                self.check_assignee(
                    *m,
                    Assigned::Household {
                        group: h.group_id,
                        building: &h.building,
                    },
                )?;
                Assignee::Member(*m)
            }
            Assignee::Team(t) => Assignee::Team(self.team_for(h.group_id, t)?),
        };
        self.change_household(household, |doc, _, now| {
            household::assign_need(doc, need, &to, due, now)
        })
    }

    /// Resolves a need.
    pub fn resolve_need(&self, need: &str, resolution: Option<&str>) -> Result<()> {
        let household = self.household_of_need(need)?;
        self.change_household(household, |doc, me, now| {
            household::resolve_need(doc, me, need, resolution, now)
        })
    }
}
