//! The service menu and orders on [`Device`] (居民点单、社区派单、团队接单): staff create teams
//! and publish menu items; a resident orders an item (or orders it for a neighbour without a
//! phone); staff dispatch it to a team unless the team takes it directly; a team member accepts
//! it (the first acceptance to reach the relay stands), declines it back to staff, or marks it
//! done; the resident cancels before acceptance and rates it once it is done. Each call refuses
//! what the relay would refuse before anything is written.

use jinlin_model::DocKind;
use jinlin_model::docs::group::menu::{self, NewMenuItem};
use jinlin_model::docs::group::view::MenuItemView;
use jinlin_model::docs::group::{self, NewTeam};
use jinlin_model::docs::order::ratings::{self, Ratings};
use jinlin_model::docs::order::{self, NewOrder, OrderView};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId, SignupId};
use jinlin_model::kinds::OrderStatus;
use jinlin_model::refusal::Refusal;
use jinlin_model::{GroupView, Millis};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::store::{docs, orders};

impl Device {
    /// Staff: creates a team (skill team, property service team or partner organisation) with
    /// its leader and the groups it serves. Returns the team's id.
    pub fn create_team(&self, group: DocId, team: &NewTeam) -> Result<String> {
        let me = self.me()?;
        self.change_group(group, |doc, _| group::create_team(doc, me.member_id, team))
    }

    /// Staff: publishes an item on `group`'s service menu. Returns the item's id.
    pub fn add_menu_item(&self, group: DocId, item: &NewMenuItem) -> Result<String> {
        let me = self.me()?;
        self.change_group(group, |doc, now| menu::add_item(doc, me.member_id, item, now))
    }

    /// Staff: takes an item off the menu; orders already placed go on.
    pub fn withdraw_menu_item(&self, group: DocId, item: &str) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, now| menu::withdraw_item(doc, me.member_id, item, now))
    }

    /// The service menu of `group`, items taken off it included (marked).
    pub fn menu(&self, group: DocId) -> Result<Vec<MenuItemView>> {
        Ok(self.group(group)?.menu)
    }

    /// Orders `item` from `group`'s menu. Saved at once; it leaves with the next sync.
    pub fn place_order(&self, group: DocId, item: &str, new: &NewOrder) -> Result<DocId> {
        let me = self.me()?;
        let view = self.group(group)?;
        let item = view
            .menu_item(item)
            .ok_or_else(|| Error::InvalidInput(Refusal::NoSuchMenuItem.into()))?;
        let id = DocId::random();
        let now = self.now();
        let actor = Actor {
            id: me.member_id,
            name: &me.name,
        };
        let mut doc = order::create(id, group, item, new, actor, now)?;
        let view = order::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Order, group, &mut doc, true, now)?;
            orders::put(tx, &view)
        })?;
        self.emit(Event::OrderChanged {
            id,
            group_id: group,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// One order, as it stands on this device.
    pub fn order(&self, id: DocId) -> Result<OrderView> {
        let unknown = || Error::InvalidInput(Refusal::NoOrderHere.with(&[&id]));
        let (doc, meta) = self.store().read(|c| docs::load(c, id))?.ok_or_else(unknown)?;
        if meta.doc_type != DocKind::Order {
            return Err(unknown());
        }
        order::read(&doc)
    }

    /// Orders in a group (all groups if `None`), by status, newest first.
    pub fn orders(&self, group: Option<DocId>, status: Option<OrderStatus>) -> Result<Vec<OrderView>> {
        self.store().read(|c| orders::list(c, group, status))
    }

    /// Staff: dispatches the order to `team` of its group.
    pub fn dispatch_order(&self, id: DocId, team: &str) -> Result<()> {
        self.on_order(id, |doc, me, group, staff, now| {
            order::dispatch(doc, me.id, staff, group, team, now)
        })
    }

    /// A member of the team it is dispatched to accepts the order. Tentative until the relay has
    /// seen it; the first acceptance to reach the relay stands.
    pub fn accept_order(&self, id: DocId) -> Result<SignupId> {
        self.on_order(id, |doc, me, group, _, now| order::accept(doc, me, group, now))
    }

    /// A member of the team declines the order, passing it back to staff.
    pub fn decline_order(&self, id: DocId) -> Result<()> {
        self.on_order(id, |doc, me, group, _, now| order::decline(doc, me.id, group, now))
    }

    /// The team member who accepted it (or staff) marks the order done.
    pub fn finish_order(&self, id: DocId) -> Result<()> {
        self.on_order(id, |doc, me, _, staff, now| order::complete(doc, me.id, staff, now))
    }

    /// The resident who ordered cancels it, before anyone accepted.
    pub fn cancel_order(&self, id: DocId) -> Result<()> {
        self.on_order(id, |doc, me, _, _, now| order::cancel(doc, me.id, now))
    }

    /// The resident who ordered rates the done order once: 1 to 5 stars and a comment.
    pub fn rate_order(&self, id: DocId, stars: i64, comment: &str) -> Result<()> {
        self.on_order(id, |doc, me, _, _, now| order::rate(doc, me.id, stars, comment, now))
    }

    /// Staff: the ratings of `group`'s teams, team members and volunteers, from the orders, the
    /// help requests (in the group and the groups inside it) and the needs of its board on this
    /// device.
    pub fn ratings(&self, group: DocId) -> Result<Ratings> {
        let me = self.me()?;
        if !self.staff_in(group, me.member_id)? {
            return Err(Error::NotAllowed(Refusal::RatingsStaff.en()));
        }
        let view = self.group(group)?;
        let requests = self.list_requests(&crate::device::RequestFilter {
            group: Some(group),
            status: Some(jinlin_model::kinds::Status::Done),
        })?;
        let needs = self.board_needs(Some(group), Some(jinlin_model::kinds::BoardStatus::Rated))?;
        Ok(ratings::summary(
            &self.orders(Some(group), None)?,
            &requests,
            &needs,
            &view,
        ))
    }

    /// How many neighbours this member has helped: done requests they were confirmed for, done
    /// orders they accepted and resolved needs they claimed.
    pub fn helped(&self) -> Result<usize> {
        let me = self.me()?;
        let requests = self.list_requests(&crate::device::RequestFilter::default())?;
        Ok(ratings::helped(
            me.member_id,
            &requests,
            &self.orders(None, None)?,
            &self.board_needs(None, None)?,
        ))
    }

    fn on_order<T>(
        &self,
        id: DocId,
        f: impl FnOnce(&mut automerge::AutoCommit, Actor<'_>, &GroupView, bool, Millis) -> Result<T>,
    ) -> Result<T> {
        let me = self.me()?;
        let group_id = self.order(id)?.group_id;
        let group = self.group(group_id)?;
        let staff = self.staff_in(group_id, me.member_id)?;
        let out = self.change(id, DocKind::Order, |doc, now| {
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
        self.emit(Event::OrderChanged {
            id,
            group_id,
            origin: Origin::Local,
        });
        Ok(out)
    }

    /// Whether `member` is on a team of `group` (a team member's orders).
    pub fn on_team(&self, group: DocId, member: MemberId) -> Result<bool> {
        Ok(self.group(group)?.teams.iter().any(|t| t.has(member)))
    }
}
