//! The order document's write rules: its field table, and what each rule lets a member write.
//! The relay applies them to every uploaded batch (`docs/guard.rs`), with the order's group (its
//! teams and menu) and the writer's standing there; the changes in `order/mod.rs` never write
//! anything these rules refuse.
//!
//! - The resident who ordered (or placed it for a neighbour) edits the note, cancels before
//!   anyone accepted, and rates once after it is done.
//! - Staff dispatch it to a team of the group; only a member of that team accepts it (a sign-up,
//!   under the request's sign-up rule) or declines it, passing it back to staff.
//! - The team member whose acceptance stands, or staff, marks it done.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT, ReadDoc};

use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::docs::order::{self, OrderView};
use crate::docs::request::rules::signup;
use crate::kinds::OrderStatus;
use crate::read;

/// Who may write an order field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the order is placed, never changed.
    Fixed,
    /// The resident who ordered (or whoever placed it for them).
    Requester,
    /// A container made with the order: never replaced or removed.
    Container,
    /// A new dispatch: staff, in their own name.
    Dispatch,
    /// Declining a dispatch: a member of its team, before someone else accepted.
    Decline,
    /// One acceptance: a member of the dispatched team, in their own name (the sign-up rule).
    Acceptance,
    /// Written only by the relay (the arrival order of acceptances).
    Relay,
    /// Cancelling: the requester, before anyone accepted.
    Cancel,
    /// Marking done: the team member whose acceptance stands, or staff.
    Finish,
    /// The rating: the requester, once, after it is done.
    Rating,
}

/// Every field of an order and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Requester,
    },
    Field {
        path: &["type"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["id"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["group"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["created_at"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["item"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["title"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["team"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["direct"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["price_fen"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["unit"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["requester"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["ordered_by"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["preferred_time"],
        rule: Rule::Requester,
    },
    Field {
        path: &["note"],
        rule: Rule::Requester,
    },
    Field {
        path: &["dispatches"],
        rule: Rule::Container,
    },
    Field {
        path: &["dispatches", "*"],
        rule: Rule::Dispatch,
    },
    Field {
        path: &["dispatches", "*", "declined_at"],
        rule: Rule::Decline,
    },
    Field {
        path: &["dispatches", "*", "declined_by"],
        rule: Rule::Decline,
    },
    Field {
        path: &["signups"],
        rule: Rule::Container,
    },
    Field {
        path: &["signups", "*"],
        rule: Rule::Acceptance,
    },
    Field {
        path: &["relay_order"],
        rule: Rule::Relay,
    },
    Field {
        path: &["cancelled_at"],
        rule: Rule::Cancel,
    },
    Field {
        path: &["cancelled_by"],
        rule: Rule::Cancel,
    },
    Field {
        path: &["done_at"],
        rule: Rule::Finish,
    },
    Field {
        path: &["done_by"],
        rule: Rule::Finish,
    },
    Field {
        path: &["rating"],
        rule: Rule::Container,
    },
    Field {
        path: &["rating", "*"],
        rule: Rule::Rating,
    },
];

/// Who may add a field the table does not name: the requester, to her own order; nobody else.
pub const UNKNOWN: Rule = Rule::Requester;

/// Checks a new order: placed in its author's name, for an item on its group's menu as the menu
/// states it, with no acceptance, relay order or rating, and dispatched at once only when the
/// item lets its team take orders directly.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let view = order::read(after).map_err(|e| Violation(e.to_string()))?;
    let me = Some(writer.member);
    if view.ordered_by.member_id != me || view.requester.member_id.is_some_and(|m| Some(m) != me) {
        return deny(Refusal::OrderOwnName);
    }
    let empty = |k| read::obj(after, &ROOT, k).is_some_and(|o| after.length(&o) == 0);
    if !empty("signups") || !empty("relay_order") || !empty("rating") {
        return deny(Refusal::OrderNewBare);
    }
    if view.done_at.is_some() || view.cancelled_at.is_some() {
        return deny(Refusal::OrderNewOpen);
    }
    let direct_ok = match view.dispatches.as_slice() {
        [] => true,
        [d] => view.direct && d.team == view.item_team && d.by == me && d.declined_at.is_none(),
        _ => false,
    };
    if !direct_ok {
        return deny(Refusal::OrderNewDirect);
    }
    if let Some(group) = (writer.group)() {
        let listed = group.menu_item(&view.item).is_some_and(|i| {
            i.withdrawn_at.is_none()
                && i.team == view.item_team
                && i.direct == view.direct
                && i.price_fen == view.price_fen
        });
        if !listed {
            return deny(Refusal::OrderOnMenu);
        }
    }
    Ok(())
}

/// Checks every patch of a batch on an existing order.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    let view = order::read(before).map_err(|e| Violation(e.to_string()))?;
    let requester = view.is_requester(writer.member);
    let group = std::cell::OnceCell::new();
    let on_team = |team: &str| {
        group
            .get_or_init(|| (writer.group)())
            .as_ref()
            .and_then(|g| g.team(team))
            .is_some_and(|t| t.has(writer.member))
    };
    let undecided = matches!(view.status, OrderStatus::Ordered | OrderStatus::Dispatched);
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        let rule = row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule);
        match rule {
            Rule::Fixed => return deny(Refusal::OrderFixed),
            Rule::Requester if requester => {}
            Rule::Requester => return deny(Refusal::OrderEdits),
            Rule::Container => return deny(Refusal::OrderNotReplaced),
            Rule::Relay => return deny(Refusal::OrderRelayNumbers),
            Rule::Dispatch => dispatch(&w, &view, writer)?,
            Rule::Decline => decline(&w, &view, writer, &on_team)?,
            Rule::Acceptance => acceptance(&w, &view, writer, &on_team)?,
            Rule::Cancel if requester && undecided => {}
            Rule::Cancel if requester => return deny(Refusal::OrderCancelBeforeAccepted),
            Rule::Cancel => return deny(Refusal::OrderCancels),
            Rule::Finish => {
                let accepter = view.accepted_by().is_some_and(|s| s.member_id == writer.member);
                if !(accepter || (writer.staff)()) || view.status != OrderStatus::Accepted {
                    return deny(Refusal::OrderMarksDone);
                }
            }
            Rule::Rating if !requester => return deny(Refusal::OrderRates),
            Rule::Rating if view.status == OrderStatus::Rated => return deny(Refusal::RatedOnce),
            Rule::Rating if view.status != OrderStatus::Done => return deny(Refusal::OrderRatedWhenDone),
            Rule::Rating => crate::docs::rating::check(&w, writer)?,
        }
    }
    Ok(())
}

/// A new dispatch is staff's, written whole in a new entry naming them, to a team of the group.
fn dispatch(w: &Written<'_>, view: &OrderView, writer: &Writer<'_>) -> Result<(), Violation> {
    if !(writer.staff)() {
        return deny(Refusal::OrderDispatchers);
    }
    let fresh = match w.path.len() {
        2 => !view.dispatches.iter().any(|d| Some(d.id.as_str()) == w.key(1)) && !w.deletes(),
        _ => w.in_new_object(),
    };
    let by_ok = w.key(2) != Some("by") || w.writes_id_of(writer.member);
    let team_ok =
        w.key(2) != Some("team") || (writer.group)().is_none_or(|g| w.string().is_some_and(|t| g.team(&t).is_some()));
    if fresh && by_ok && team_ok {
        Ok(())
    } else {
        deny(Refusal::DispatchOnce)
    }
}

/// A dispatch is declined by a member of its team, in their own name, unless someone else's
/// acceptance of it stands.
fn decline(
    w: &Written<'_>,
    view: &OrderView,
    writer: &Writer<'_>,
    on_team: &dyn Fn(&str) -> bool,
) -> Result<(), Violation> {
    let Some(d) = w.key(1).and_then(|id| view.dispatches.iter().find(|d| d.id == id)) else {
        return deny(Refusal::DispatchDeclinedByTeam);
    };
    if !on_team(&d.team) {
        return deny(Refusal::OrderDeclines);
    }
    let current = view.current_dispatch().is_some_and(|c| c.id == d.id);
    if current && view.accepted_by().is_some_and(|s| s.member_id != writer.member) {
        return deny(Refusal::OrderTaken);
    }
    if w.key(2) == Some("declined_by") && !w.writes_id_of(writer.member) {
        return deny(Refusal::DeclineNamed);
    }
    Ok(())
}

/// An acceptance is a sign-up (its writer's own, never deleted) answering a dispatch that stands,
/// by a member of that dispatch's team.
fn acceptance(
    w: &Written<'_>,
    view: &OrderView,
    writer: &Writer<'_>,
    on_team: &dyn Fn(&str) -> bool,
) -> Result<(), Violation> {
    signup(w, view.requester.member_id, writer)?;
    let answers = |doc: &AutoCommit| {
        w.key(1).and_then(|id| {
            read::obj(doc, &ROOT, "signups")
                .and_then(|s| read::obj(doc, &s, id))
                .and_then(|e| read::str(doc, &e, "dispatch"))
        })
    };
    let (was, now) = (answers(w.before), answers(w.after));
    if was.is_some() && was != now {
        return deny(Refusal::AcceptanceAnswersItsDispatch);
    }
    let Some(d) = now.and_then(|id| view.dispatches.iter().find(|d| d.id == id)) else {
        return deny(Refusal::AcceptanceAnswersDispatch);
    };
    // A second acceptance made offline while another reached the relay first is kept, on
    // standby, exactly like a sign-up; a declined dispatch or a finished order takes none.
    let open = matches!(view.status, OrderStatus::Dispatched | OrderStatus::Accepted);
    if was.is_none() && (d.declined_at.is_some() || !open) {
        return deny(Refusal::OrderAcceptedWithTeam);
    }
    if !on_team(&d.team) {
        return deny(Refusal::OrderAccepts);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::docs::fields::paths_written;
    use crate::docs::group::view::MenuItemView;
    use crate::docs::order::NewOrder;
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};
    use crate::{GroupView, TeamView};

    pub(crate) fn item(direct: bool) -> MenuItemView {
        MenuItemView {
            id: "tap".into(),
            title: "Fix a tap".into(),
            description: String::new(),
            team: "crew".into(),
            price_fen: Some(1500),
            unit: Some("per visit".into()),
            hours: None,
            direct,
            withdrawn_at: None,
        }
    }

    pub(crate) fn group_with(crew: &[MemberId]) -> GroupView {
        GroupView {
            id: DocId::random(),
            kind: crate::GroupKind::Community,
            name: "Lianhua".into(),
            parent: None,
            members: Vec::new(),
            teams: vec![TeamView {
                id: "crew".into(),
                name: "Property crew".into(),
                skill: None,
                members: crew.to_vec(),
                kind: crate::kinds::TeamKind::Property,
                leader: None,
                serves: Vec::new(),
            }],
            menu: vec![item(false), {
                let mut i = item(true);
                i.id = "bulb".into();
                i
            }],
            visit_intervals: Default::default(),
            time_zone: None,
            created_at: 0,
            schema: 1,
            newer_schema: false,
        }
    }

    #[test]
    fn every_field_an_orders_changes_write_has_its_rule() {
        let (wang, sun, li, chen) = (
            MemberId::random(),
            MemberId::random(),
            MemberId::random(),
            MemberId::random(),
        );
        let group = group_with(&[li, chen]);
        let new = NewOrder {
            preferred_time: Some("Saturday morning".into()),
            note: "The kitchen tap".into(),
            on_behalf_of: Some("Grandma Wang".into()),
        };
        let me = Actor { id: wang, name: "Wang" };
        let mut done = order::create(DocId::random(), group.id, &item(false), &new, me, 1).expect("order");
        let mut cancelled = done.fork();
        order::dispatch(&mut done, sun, true, &group, "crew", 2).expect("dispatch");
        order::accept(&mut done, Actor { id: chen, name: "Chen" }, &group, 3).expect("accept");
        order::decline(&mut done, chen, &group, 4).expect("decline");
        order::dispatch(&mut done, sun, true, &group, "crew", 5).expect("dispatch again");
        order::accept(&mut done, Actor { id: li, name: "Li" }, &group, 6).expect("accept");
        crate::docs::request::record_relay_order(&mut done).expect("order");
        order::complete(&mut done, li, false, 7).expect("done");
        order::rate(&mut done, wang, 5, "Quick and tidy", 8).expect("rate");
        order::cancel(&mut cancelled, wang, 9).expect("cancel");
        let mut direct = order::create(DocId::random(), group.id, &item(true), &new, me, 1).expect("order");
        for doc in [&mut done, &mut cancelled, &mut direct] {
            for path in paths_written(doc) {
                assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
            }
        }
        assert_eq!(order::read(&done).expect("view").status, OrderStatus::Rated);
    }
}
