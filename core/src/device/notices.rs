//! Notices on [`Device`] (让邻知事): staff and building leaders post a notice to a group (text,
//! an optional photo kept on the phone and sent through the resumable photo path, pinned until a
//! date); a member's list puts pinned notices first; opening a notice records this member's own
//! read; staff see how many households have read it, counted over the registry.

use jinlin_model::DocKind;
use jinlin_model::docs::notice::reads::{self, ReadCount};
use jinlin_model::docs::notice::{self, NewNotice, NoticeView, rules};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::refusal::Refusal;
use jinlin_model::{MemberId, MemberView};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::store::{board, docs, grid_index};

impl Device {
    /// Whether `member` may post a notice to `group`: staff there or above, or its building
    /// leader (the relay decides the same).
    fn may_post_notice(&self, group: DocId, member: MemberId) -> Result<bool> {
        Ok(rules::may_post_to(
            self.staff_in(group, member)?,
            &self.group(group)?,
            member,
        ))
    }

    /// Posts a notice to `group`. A photo is a hash from [`Device::add_blob`].
    pub fn post_notice(&self, group: DocId, new: &NewNotice) -> Result<DocId> {
        let me = self.me()?;
        let may = self.may_post_notice(group, me.member_id)?;
        if let Some(p) = &new.photo
            && may
            && self.blob(p)?.is_none()
        {
            return Err(Error::InvalidInput(Refusal::PhotoAddedFirst.into()));
        }
        let id = DocId::random();
        let now = self.now();
        let actor = Actor {
            id: me.member_id,
            name: &me.name,
        };
        let mut doc = notice::create(id, group, new, actor, may, now)?;
        let view = notice::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Notice, group, &mut doc, true, now)?;
            board::put_notice(tx, &view)
        })?;
        self.emit(Event::NoticeChanged {
            id,
            group_id: group,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// One notice, as it stands on this device.
    pub fn notice(&self, id: DocId) -> Result<NoticeView> {
        let unknown = || Error::InvalidInput(Refusal::NoNoticeHere.with(&[&id]));
        let (doc, meta) = self.store().read(|c| docs::load(c, id))?.ok_or_else(unknown)?;
        if meta.doc_type != DocKind::Notice {
            return Err(unknown());
        }
        notice::read(&doc)
    }

    /// The notices a member sees on opening: those posted to `group` and the groups above it
    /// (every notice on this device if `None`), withdrawn ones left out, the pinned ones first.
    pub fn notices(&self, group: Option<DocId>) -> Result<Vec<NoticeView>> {
        let mut groups = Vec::new();
        let mut at = group.map(|g| self.group(g)).transpose()?.map(|g| g.id);
        while let Some(id) = at.filter(|id| !groups.contains(id)) {
            groups.push(id);
            // A group above that this device does not hold ends the walk.
            at = self.group(id).ok().and_then(|g| g.parent);
        }
        let list = self.store().read(|c| board::notices(c, &groups))?;
        Ok(notice::ordered(list, self.now()))
    }

    /// Records that this member read the notice (once; reading it again writes nothing).
    /// Returns whether this was the first read.
    pub fn read_notice(&self, id: DocId) -> Result<bool> {
        let me = self.me()?;
        let view = self.notice(id)?;
        if view.read_by(me.member_id) {
            return Ok(false);
        }
        let first = self.change(id, DocKind::Notice, |doc, now| {
            notice::mark_read(doc, me.member_id, now)
        })?;
        self.emit(Event::NoticeChanged {
            id,
            group_id: view.group_id,
            origin: Origin::Local,
        });
        Ok(first)
    }

    /// Who posted it, or staff, withdraws a notice.
    pub fn withdraw_notice(&self, id: DocId) -> Result<()> {
        let me = self.me()?;
        let group_id = self.notice(id)?.group_id;
        let staff = self.staff_in(group_id, me.member_id)?;
        self.change(id, DocKind::Notice, |doc, now| {
            notice::withdraw(doc, me.member_id, staff, now)
        })?;
        self.emit(Event::NoticeChanged {
            id,
            group_id,
            origin: Origin::Local,
        });
        Ok(())
    }

    /// Staff: how many households of the notice's group (and the groups inside it) have read it,
    /// over the registry on this device; a member's read counts for the household at their home.
    pub fn notice_reads(&self, id: DocId) -> Result<ReadCount> {
        let me = self.me()?;
        let view = self.notice(id)?;
        if !self.staff_in(view.group_id, me.member_id)? {
            return Err(Error::NotAllowed(Refusal::NoticeReadsStaff.en()));
        }
        let scope = self.scope(Some(view.group_id))?;
        let households = self.store().read(|c| grid_index::households(c, &scope, None))?;
        let members: Vec<MemberView> = self
            .groups()?
            .into_iter()
            .filter(|g| scope.contains(&g.id))
            .flat_map(|g| g.members)
            .collect();
        Ok(reads::count(
            &view,
            households.iter().map(|h| (h.building.as_str(), h.unit.as_str())),
            &members,
        ))
    }
}
