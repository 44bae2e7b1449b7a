//! The order document: a resident orders an item of a group's service menu (居民点单), staff
//! dispatch it to a team (社区派单) unless the item lets its team take it directly, a team member
//! accepts it (团队接单), marks it done, and the resident rates it (邀邻评事).
//!
//! Layout (root map), schema version 1:
//! ```text
//! schema: 1   type: "order"   id, group: uuid strings   created_at
//! item, title, team, direct, price_fen?, unit?       (the menu item as it was ordered)
//! requester: {member?, name}   ordered_by: {member, name}   preferred_time?, note
//! dispatches: {<dispatch id>: {team, by, at, declined_at?, declined_by?}}
//! signups: {<signup id>: {member, name, at, dispatch, withdrawn_at?}}   (acceptances)
//! relay_order: {<signup id>: n}                                         (the relay's)
//! done_at?, done_by?, cancelled_at?, cancelled_by?
//! rating: {stars?, comment?, at?, by?}
//! ```
//! Acceptances are sign-ups with one slot, numbered by the relay exactly like a request's
//! (`request::signups`, `request::record_relay_order`): two team members accepting offline
//! resolve to the first to reach the relay on every phone. Only acceptances of the latest
//! dispatch count; a declined dispatch passes the order back to staff. Every container is made
//! when the order is placed, so concurrent writers never race to create one.

pub mod ratings;
pub mod rules;
pub mod view;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::docs::group::view::MenuItemView;
use crate::docs::request::signups::{self, SignupRecord};
use crate::docs::request::{self, Actor};
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId, SignupId};
use crate::kinds::{DocKind, OrderStatus};
use crate::read;
use crate::refusal::Refusal;
use crate::validate;
use crate::{GroupView, Person};
pub use view::{DispatchView, OrderView, RatingView};

/// The order schema this build writes and fully understands.
pub const SCHEMA_VERSION: i64 = 1;

/// What a resident fills in to order a menu item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewOrder {
    /// When they would like it done, in their words ("Saturday morning").
    pub preferred_time: Option<String>,
    /// A note for the team.
    pub note: String,
    /// The neighbour's name, when ordered for someone without a phone.
    pub on_behalf_of: Option<String>,
}

/// Places an order of `item` from `group`'s menu, written by `me`. An item off the menu takes no
/// new orders. An item its team takes directly is dispatched to that team at once.
pub fn create(
    id: DocId,
    group: DocId,
    item: &MenuItemView,
    new: &NewOrder,
    me: Actor<'_>,
    now: Millis,
) -> Result<AutoCommit> {
    if item.withdrawn_at.is_some() {
        return Err(Error::InvalidInput(Refusal::ItemOffMenu.into()));
    }
    let note = validate::optional("note", Some(&new.note), validate::MAX_TEXT)?;
    let preferred = validate::optional("preferred time", new.preferred_time.as_deref(), validate::MAX_NAME)?;
    let on_behalf = validate::optional("neighbour's name", new.on_behalf_of.as_deref(), validate::MAX_NAME)?;

    let mut doc = AutoCommit::new().with_actor(me.id.actor());
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    doc.put(ROOT, "type", DocKind::Order.as_str())?;
    doc.put(ROOT, "id", id.to_string())?;
    doc.put(ROOT, "group", group.to_string())?;
    doc.put(ROOT, "created_at", now)?;
    doc.put(ROOT, "item", item.id.as_str())?;
    doc.put(ROOT, "title", item.title.as_str())?;
    doc.put(ROOT, "team", item.team.as_str())?;
    doc.put(ROOT, "direct", item.direct)?;
    if let Some(p) = item.price_fen {
        doc.put(ROOT, "price_fen", p)?;
    }
    if let Some(u) = &item.unit {
        doc.put(ROOT, "unit", u.as_str())?;
    }
    let requester = doc.put_object(ROOT, "requester", ObjType::Map)?;
    match &on_behalf {
        Some(name) => doc.put(&requester, "name", name.as_str())?,
        None => {
            doc.put(&requester, "member", me.id.to_string())?;
            doc.put(&requester, "name", me.name)?;
        }
    }
    let by = doc.put_object(ROOT, "ordered_by", ObjType::Map)?;
    doc.put(&by, "member", me.id.to_string())?;
    doc.put(&by, "name", me.name)?;
    if let Some(p) = preferred {
        doc.put(ROOT, "preferred_time", p)?;
    }
    doc.put(ROOT, "note", note.unwrap_or_default())?;
    for key in ["dispatches", "signups", "relay_order", "rating"] {
        doc.put_object(ROOT, key, ObjType::Map)?;
    }
    if item.direct {
        put_dispatch(&mut doc, &item.team, me.id, now)?;
    }
    Ok(doc)
}

fn container(doc: &AutoCommit, key: &str) -> Result<ObjId> {
    read::obj(doc, &ROOT, key).ok_or_else(|| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_default(),
        reason: format!("missing {key}"),
    })
}

fn put_dispatch(doc: &mut AutoCommit, team: &str, by: MemberId, at: Millis) -> Result<()> {
    let dispatches = container(doc, "dispatches")?;
    let d = doc.put_object(&dispatches, DocId::random().to_string(), ObjType::Map)?;
    doc.put(&d, "team", team)?;
    doc.put(&d, "by", by.to_string())?;
    doc.put(&d, "at", at)?;
    Ok(())
}

/// Reads the document into the view every device shows.
pub fn read(doc: &impl ReadDoc) -> Result<OrderView> {
    let corrupt = |reason: &str| Error::CorruptDocument {
        id: read::str(doc, &ROOT, "id").unwrap_or_else(|| "(no id)".into()),
        reason: reason.to_string(),
    };
    if read::str(doc, &ROOT, "type").as_deref() != Some(DocKind::Order.as_str()) {
        return Err(corrupt("not an order document"));
    }
    let id = parse(read::str(doc, &ROOT, "id")).ok_or_else(|| corrupt("missing id"))?;
    let group_id = parse(read::str(doc, &ROOT, "group")).ok_or_else(|| corrupt("missing group"))?;
    let schema = read::int(doc, &ROOT, "schema").unwrap_or(0);
    let dispatches = dispatches(doc);
    let current = dispatches.last().filter(|d| d.declined_at.is_none());
    let acceptances = current
        .map(|d| signups::view(&acceptance_records(doc, &d.id), 1))
        .unwrap_or_default();
    let rating = crate::docs::rating::read(doc);
    let done_at = read::int(doc, &ROOT, "done_at");
    let cancelled_at = read::int(doc, &ROOT, "cancelled_at");
    let accepted = acceptances
        .iter()
        .any(|s| s.state == crate::kinds::SignupState::Confirmed);
    let status = match (done_at, cancelled_at, current) {
        (Some(_), _, _) if rating.is_some() => OrderStatus::Rated,
        (Some(_), _, _) => OrderStatus::Done,
        (None, Some(_), _) => OrderStatus::Cancelled,
        (None, None, None) => OrderStatus::Ordered,
        _ if accepted => OrderStatus::Accepted,
        _ => OrderStatus::Dispatched,
    };
    Ok(OrderView {
        id,
        group_id,
        item: read::str(doc, &ROOT, "item").unwrap_or_default(),
        title: read::str(doc, &ROOT, "title").unwrap_or_default(),
        item_team: read::str(doc, &ROOT, "team").unwrap_or_default(),
        price_fen: read::int(doc, &ROOT, "price_fen"),
        unit: read::str(doc, &ROOT, "unit"),
        direct: read::bool(doc, &ROOT, "direct"),
        status,
        requester: person(doc, "requester"),
        ordered_by: person(doc, "ordered_by"),
        preferred_time: read::str(doc, &ROOT, "preferred_time"),
        note: read::str(doc, &ROOT, "note").unwrap_or_default(),
        team: current.map(|d| d.team.clone()),
        acceptances,
        dispatches,
        created_at: read::int(doc, &ROOT, "created_at").unwrap_or(0),
        done_at,
        cancelled_at,
        rating,
        schema,
        newer_schema: schema > SCHEMA_VERSION,
    })
}

fn parse<T: std::str::FromStr>(s: Option<String>) -> Option<T> {
    s?.parse().ok()
}

fn person(doc: &impl ReadDoc, key: &str) -> Person {
    let p = read::obj(doc, &ROOT, key);
    Person {
        member_id: p.as_ref().and_then(|p| parse(read::str(doc, p, "member"))),
        name: p.and_then(|p| read::str(doc, &p, "name")).unwrap_or_default(),
    }
}

/// Every dispatch, oldest first (by time, then key, so every device agrees on the latest).
pub fn dispatches(doc: &impl ReadDoc) -> Vec<DispatchView> {
    let Some(map) = read::obj(doc, &ROOT, "dispatches") else {
        return Vec::new();
    };
    let mut out: Vec<DispatchView> = read::keys(doc, &map)
        .into_iter()
        .filter_map(|key| {
            let d = read::obj(doc, &map, &key)?;
            Some(DispatchView {
                team: read::str(doc, &d, "team")?,
                by: parse(read::str(doc, &d, "by")),
                at: read::int(doc, &d, "at").unwrap_or(0),
                declined_at: read::int(doc, &d, "declined_at"),
                declined_by: parse(read::str(doc, &d, "declined_by")),
                id: key,
            })
        })
        .collect();
    out.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    out
}

/// The acceptances (sign-ups) answering dispatch `dispatch`, with the relay's numbering.
pub fn acceptance_records(doc: &impl ReadDoc, dispatch: &str) -> Vec<SignupRecord> {
    let Some(map) = read::obj(doc, &ROOT, "signups") else {
        return Vec::new();
    };
    request::signup_records(doc)
        .into_iter()
        .filter(|r| {
            read::obj(doc, &map, &r.id.to_string())
                .and_then(|e| read::str(doc, &e, "dispatch"))
                .is_some_and(|d| d == dispatch)
        })
        .collect()
}

fn wrong(action: &'static str, view: &OrderView) -> Error {
    Error::InvalidInput(Refusal::OrderWrongStatus.with(&[&action, &view.status]))
}

/// Staff dispatch the order to `team` of `group` (the group it was ordered from): a new order,
/// or one a team passed back.
pub fn dispatch(
    doc: &mut AutoCommit,
    me: MemberId,
    staff: bool,
    group: &GroupView,
    team: &str,
    now: Millis,
) -> Result<()> {
    if !staff {
        return Err(Error::NotAllowed("only staff dispatch orders"));
    }
    let view = read(doc)?;
    if view.status != OrderStatus::Ordered {
        return Err(wrong("dispatch", &view));
    }
    if group.team(team).is_none() {
        return Err(Error::InvalidInput(Refusal::NoSuchTeam.into()));
    }
    let after = view.dispatches.last().map_or(now, |d| d.at.saturating_add(1));
    put_dispatch(doc, team, me, now.max(after))
}

/// A member of the team the order is dispatched to accepts it. The first acceptance to reach
/// the relay stands; the others wait on standby.
pub fn accept(doc: &mut AutoCommit, me: Actor<'_>, group: &GroupView, now: Millis) -> Result<SignupId> {
    let view = read(doc)?;
    let Some(dispatch) = view
        .current_dispatch()
        .filter(|_| view.status == OrderStatus::Dispatched)
    else {
        return Err(wrong("accept", &view));
    };
    if !group.team(&dispatch.team).is_some_and(|t| t.has(me.id)) {
        return Err(Error::NotAllowed(
            "only a member of the team it is dispatched to accepts an order",
        ));
    }
    if view.acceptance_of(me.id).is_some() {
        return Err(Error::AlreadySignedUp);
    }
    let signups = container(doc, "signups")?;
    let id = SignupId::random();
    let entry = doc.put_object(&signups, id.to_string(), ObjType::Map)?;
    doc.put(&entry, "member", me.id.to_string())?;
    doc.put(&entry, "name", me.name)?;
    doc.put(&entry, "at", now)?;
    doc.put(&entry, "dispatch", dispatch.id.as_str())?;
    Ok(id)
}

/// A member of the team declines the order, passing it back to staff: before anyone accepted
/// it, or the one who accepted it. Their acceptance, if any, is withdrawn.
pub fn decline(doc: &mut AutoCommit, me: MemberId, group: &GroupView, now: Millis) -> Result<()> {
    let view = read(doc)?;
    let dispatch = match (view.status, view.current_dispatch()) {
        (OrderStatus::Dispatched | OrderStatus::Accepted, Some(d)) => d.clone(),
        _ => return Err(wrong("decline", &view)),
    };
    if !group.team(&dispatch.team).is_some_and(|t| t.has(me)) {
        return Err(Error::NotAllowed(
            "only a member of the team it is dispatched to declines an order",
        ));
    }
    if view.accepted_by().is_some_and(|s| s.member_id != me) {
        return Err(Error::NotAllowed("another team member has accepted this order"));
    }
    let signups = container(doc, "signups")?;
    for r in acceptance_records(doc, &dispatch.id) {
        if r.member == me
            && r.withdrawn_at.is_none()
            && let Some(e) = read::obj(doc, &signups, &r.id.to_string())
        {
            doc.put(&e, "withdrawn_at", now)?;
        }
    }
    let dispatches = container(doc, "dispatches")?;
    let d = read::obj(doc, &dispatches, &dispatch.id).ok_or(Error::InvalidInput(Refusal::NoSuchDispatch.into()))?;
    doc.put(&d, "declined_at", now)?;
    doc.put(&d, "declined_by", me.to_string())?;
    Ok(())
}

/// The team member who accepted the order (or staff) marks it done.
pub fn complete(doc: &mut AutoCommit, me: MemberId, staff: bool, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if view.status != OrderStatus::Accepted {
        return Err(wrong("finish", &view));
    }
    if !(staff || view.accepted_by().is_some_and(|s| s.member_id == me)) {
        return Err(Error::NotAllowed(
            "only the team member who accepted an order, or staff, marks it done",
        ));
    }
    doc.put(ROOT, "done_at", now)?;
    doc.put(ROOT, "done_by", me.to_string())?;
    Ok(())
}

/// The resident who ordered cancels, before any team member has accepted.
pub fn cancel(doc: &mut AutoCommit, me: MemberId, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !view.is_requester(me) {
        return Err(Error::NotAllowed("only the resident who ordered cancels an order"));
    }
    if !matches!(view.status, OrderStatus::Ordered | OrderStatus::Dispatched) {
        return Err(wrong("cancel", &view));
    }
    doc.put(ROOT, "cancelled_at", now)?;
    doc.put(ROOT, "cancelled_by", me.to_string())?;
    Ok(())
}

/// The resident who ordered rates the done order, once: 1 to 5 stars and a comment.
pub fn rate(doc: &mut AutoCommit, me: MemberId, stars: i64, comment: &str, now: Millis) -> Result<()> {
    let view = read(doc)?;
    if !view.is_requester(me) {
        return Err(Error::NotAllowed("only the resident who ordered rates an order"));
    }
    if !matches!(view.status, OrderStatus::Done | OrderStatus::Rated) {
        return Err(wrong("rate", &view));
    }
    crate::docs::rating::write(doc, me, stars, comment, now)
}
