//! The needs board on [`Device`] (认领): staff post a need onto the board (from a household's
//! visit, with only what the household agreed to share; from a resident's photo report; or
//! fixed on the spot), or put a resident's small wish (微心愿) on it; members, or team members
//! for their team, claim it (the first claims to reach the relay take its places); a claimant
//! whose claim stands notes progress and marks it resolved; staff confirm; the one who asked
//! rates it. Each call refuses what the relay would refuse before anything is written.

use jinlin_model::DocKind;
use jinlin_model::docs::need::figures::{self, Figures};
use jinlin_model::docs::need::{self, NeedView, NewNeed};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, SignupId};
use jinlin_model::kinds::{BoardStatus, NeedSource};
use jinlin_model::refusal::Refusal;
use jinlin_model::{GroupView, Millis};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::store::{board, docs};

impl Device {
    /// Posts a need to `group`'s board. Staff post any need, onto the board at once; anyone
    /// else posts only a small wish of their own, which waits for staff to put it on the board.
    /// A need from a household names the household by id alone: its text is what staff write
    /// for the board, never the household's own record.
    pub fn post_need(&self, group: DocId, new: &NewNeed) -> Result<DocId> {
        let me = self.me()?;
        self.group(group)?;
        let staff = self.staff_in(group, me.member_id)?;
        let mut new = new.clone();
        match new.source {
            Some(NeedSource::Report) => {
                let report = self.report(need_ref(&new)?)?;
                if new.requester.is_none() {
                    new.requester = report.reporter.member_id;
                    new.requester_name = Some(report.reporter.name.clone());
                }
                if new.building.is_none() {
                    new.building = report.place.building.clone();
                }
            }
            // A need fixed on the spot may name no household; one that names it, names one on
            // this device.
            Some(NeedSource::Visit) if new.source_ref.is_some() => {
                self.household(need_ref(&new)?)?;
            }
            _ => {}
        }
        if let Some(m) = new.requester
            && new.requester_name.is_none()
        {
            new.requester_name = self.member_name(m)?;
        }
        let id = DocId::random();
        let now = self.now();
        let actor = Actor {
            id: me.member_id,
            name: &me.name,
        };
        let mut doc = need::create(id, group, &new, actor, staff, now)?;
        let view = need::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Need, group, &mut doc, true, now)?;
            board::put_need(tx, &view)
        })?;
        self.emit(Event::NeedChanged {
            id,
            group_id: group,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// One need, as it stands on this device.
    pub fn board_need(&self, id: DocId) -> Result<NeedView> {
        let unknown = || Error::InvalidInput(Refusal::NoNeedHere.with(&[&id]));
        let (doc, meta) = self.store().read(|c| docs::load(c, id))?.ok_or_else(unknown)?;
        if meta.doc_type != DocKind::Need {
            return Err(unknown());
        }
        need::read(&doc)
    }

    /// The board: open needs of `group` and the groups inside it (all groups if `None`),
    /// newest first.
    pub fn board(&self, group: Option<DocId>) -> Result<Vec<NeedView>> {
        self.board_needs(group, Some(BoardStatus::Open))
    }

    /// Needs of `group` and the groups inside it (all groups if `None`), of one status or all,
    /// newest first.
    pub fn board_needs(&self, group: Option<DocId>, status: Option<BoardStatus>) -> Result<Vec<NeedView>> {
        let scope = self.scope(group)?;
        self.store().read(|c| board::needs(c, &scope, status))
    }

    /// Staff put a resident's small wish on the board.
    pub fn list_need(&self, id: DocId) -> Result<()> {
        self.on_need(id, |doc, me, _, staff, now| need::list(doc, me.id, staff, now))
    }

    /// Claims the need, for oneself or for `team` (a team of its group one is on). Tentative
    /// until the relay has seen it; the first claims to reach the relay stand.
    pub fn claim_need(&self, id: DocId, team: Option<&str>) -> Result<SignupId> {
        self.on_need(id, |doc, me, group, _, now| need::claim(doc, me, team, group, now))
    }

    /// Withdraws one's claim; the first on standby moves up.
    pub fn withdraw_claim(&self, id: DocId) -> Result<()> {
        self.on_need(id, |doc, me, _, _, now| need::withdraw(doc, me.id, now))
    }

    /// A claimant whose claim stands notes progress.
    pub fn note_need_progress(&self, id: DocId, note: &str) -> Result<()> {
        self.on_need(id, |doc, me, _, _, now| need::note_progress(doc, me, note, now))
    }

    /// A claimant whose claim stands marks the need resolved.
    pub fn resolve_claimed_need(&self, id: DocId, resolution: &str) -> Result<()> {
        self.on_need(id, |doc, me, _, _, now| need::resolve(doc, me.id, resolution, now))
    }

    /// Staff confirm a resolved need.
    pub fn confirm_need(&self, id: DocId) -> Result<()> {
        self.on_need(id, |doc, me, _, staff, now| need::confirm(doc, me.id, staff, now))
    }

    /// Staff take a need off the board (or the resident withdraws their own wish).
    pub fn cancel_board_need(&self, id: DocId) -> Result<()> {
        self.on_need(id, |doc, me, _, staff, now| need::cancel(doc, me.id, staff, now))
    }

    /// The one who asked rates the confirmed need once: 1 to 5 stars and a comment.
    pub fn rate_need(&self, id: DocId, stars: i64, comment: &str) -> Result<()> {
        self.on_need(id, |doc, me, _, _, now| need::rate(doc, me.id, stars, comment, now))
    }

    /// The board's figures for `group`: needs collected, fixed on the spot, claimed and
    /// resolved, per month and per team, from the needs on this device.
    pub fn need_figures(&self, group: DocId) -> Result<Figures> {
        let view = self.group(group)?;
        let needs = self.store().read(|c| board::needs(c, &[group], None))?;
        Ok(figures::figures(&needs, &view))
    }

    /// The name `member` goes by in the groups this device holds.
    fn member_name(&self, member: jinlin_model::MemberId) -> Result<Option<String>> {
        Ok(self
            .groups()?
            .iter()
            .find_map(|g| g.member(member).map(|m| m.name.clone())))
    }

    fn on_need<T>(
        &self,
        id: DocId,
        f: impl FnOnce(&mut automerge::AutoCommit, Actor<'_>, &GroupView, bool, Millis) -> Result<T>,
    ) -> Result<T> {
        let me = self.me()?;
        let group_id = self.board_need(id)?.group_id;
        let group = self.group(group_id)?;
        let staff = self.staff_in(group_id, me.member_id)?;
        let out = self.change(id, DocKind::Need, |doc, now| {
            f(
                doc,
                Actor {
                    id: me.member_id,
                    name: &me.name,
                },
                &group,
                staff,
                now,
            )
        })?;
        self.emit(Event::NeedChanged {
            id,
            group_id,
            origin: Origin::Local,
        });
        Ok(out)
    }
}

/// The report or household a need comes from, as an id.
fn need_ref(new: &NewNeed) -> Result<DocId> {
    new.source_ref
        .as_deref()
        .and_then(|r| r.parse().ok())
        .ok_or_else(|| Error::InvalidInput(Refusal::NameNeedSource.into()))
}
