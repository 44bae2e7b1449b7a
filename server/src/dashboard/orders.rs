//! The Needs and orders page: service orders by state (those waiting for dispatch first, red
//! when they have waited more than a day) with a form to dispatch each to one of its group's
//! teams, and household needs not yet resolved (red when past their due date) with a form to
//! assign each to a member or a team with a due date. Both actions are written as the signed-in
//! member through the upload path (`write.rs`): `order::dispatch` and `household::assign_need`
//! refuse what their rules forbid, the relay's guard and assignment checks the rest. Below them,
//! the needs board (`board.rs`).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::dates::{DEFAULT_OFFSET_MINUTES, Date};
use jinlin_model::docs::household::{self, Assignee, HouseholdView, NeedView};
use jinlin_model::docs::order::{self, OrderView};
use jinlin_model::kinds::{NeedStatus, OrderStatus};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, GroupView, MemberId, Millis, zone};
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use super::board;
use super::desk::Desk;
use super::i18n::Lang;
use super::layout::{Nav, ago, csrf_field, page, respond};
use super::now::failed;
use super::views::View;
use crate::AppState;
use crate::access::{Access, DocRef};
use crate::error::AppError;
use crate::relay::Relay;

/// An order waiting for dispatch longer than this shows red.
pub const DISPATCH_WAIT_MS: Millis = 24 * 3_600_000;

/// A group's offset from UTC in minutes at `now` (UTC+8 when it names no time zone).
pub fn offset(group: Option<&GroupView>, now: Millis) -> i32 {
    group
        .and_then(|g| g.time_zone.as_deref())
        .and_then(|z| zone::offset_minutes(z, now))
        .unwrap_or(DEFAULT_OFFSET_MINUTES)
}

/// Today in a group's time zone (UTC+8 when it names none).
pub fn today(group: Option<&GroupView>, now: Millis) -> Date {
    Date::at(now, offset(group, now))
}

/// An order with its group.
#[derive(Debug, Clone)]
pub struct OrderRow {
    /// The order.
    pub order: OrderView,
    /// Its group (teams to dispatch to).
    pub group: Option<Arc<GroupView>>,
}

/// A need with its household.
#[derive(Debug, Clone)]
pub struct NeedRow {
    /// The need.
    pub need: NeedView,
    /// Where.
    pub household: HouseholdView,
    /// Past its due date.
    pub overdue: bool,
    /// Who it may go to: the members of the household's group and the groups above it who may
    /// read the household, by the one access policy (the relay checks again on upload,
    /// `grid/assignments.rs`).
    pub members: Vec<(MemberId, String)>,
    /// The teams of those groups, by key and name.
    pub teams: Vec<(String, String)>,
}

/// What the page shows.
#[derive(Debug, Clone, Default)]
pub struct OrdersPage {
    /// Orders not yet finished, those waiting for dispatch first.
    pub orders: Vec<OrderRow>,
    /// Needs not yet resolved, overdue first.
    pub needs: Vec<NeedRow>,
}

impl Relay {
    /// The orders and needs `member` reads.
    pub fn orders_page(&self, member: MemberId) -> Result<OrdersPage, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        let mut page = OrdersPage::default();
        let mut readers = HashMap::new();
        for v in self.desk_docs(&access, DocKind::Order)? {
            let View::Order(o) = v.as_ref() else { continue };
            if matches!(o.status, OrderStatus::Rated | OrderStatus::Cancelled) {
                continue;
            }
            page.orders.push(OrderRow {
                group: self.desk_group(o.group_id),
                order: o.clone(),
            });
        }
        page.orders.sort_by_key(|r| (rank(r.order.status), r.order.created_at));
        for v in self.desk_docs(&access, DocKind::Household)? {
            let View::Household(h) = v.as_ref() else { continue };
            let group = self.desk_group(h.group_id);
            let today = today(group.as_deref(), now);
            let (members, teams) = self.assignees(h, &mut readers)?;
            for n in h.needs.iter().filter(|n| n.status != NeedStatus::Resolved) {
                page.needs.push(NeedRow {
                    overdue: n.overdue(today),
                    need: n.clone(),
                    household: h.clone(),
                    members: members.clone(),
                    teams: teams.clone(),
                });
            }
        }
        page.needs
            .sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.need.raised_at.cmp(&b.need.raised_at)));
        Ok(page)
    }
}

/// Who a need may go to: members by id and name, teams by key and name.
type Assignees = (Vec<(MemberId, String)>, Vec<(String, String)>);

/// Each member's access, read once per page.
type Readers<'r> = HashMap<MemberId, Access<'r>>;

impl Relay {
    /// Who a need of household `h` may be handed to: the members of its group and the groups
    /// above who may read it (the one access policy), and those groups' teams.
    fn assignees<'r>(&'r self, h: &HouseholdView, readers: &mut Readers<'r>) -> Result<Assignees, AppError> {
        let doc = DocRef {
            id: h.id,
            kind: DocKind::Household,
            group: h.group_id,
        };
        let mut members: Vec<(MemberId, String)> = Vec::new();
        let mut teams = Vec::new();
        for g in std::iter::once(h.group_id).chain(self.tree().ancestors(h.group_id)) {
            let Some(view) = self.desk_group(g) else { continue };
            for m in &view.members {
                if members.iter().any(|(id, _)| *id == m.member_id) {
                    continue;
                }
                let access = match readers.entry(m.member_id) {
                    Entry::Occupied(a) => a.into_mut(),
                    Entry::Vacant(v) => v.insert(self.access(m.member_id)?),
                };
                if access.may_read(&doc, || Ok::<_, AppError>(Some(h.building.clone())))? {
                    members.push((m.member_id, m.name.clone()));
                }
            }
            teams.extend(view.teams.iter().map(|t| (t.id.clone(), t.name.clone())));
        }
        Ok((members, teams))
    }
}

fn rank(s: OrderStatus) -> u8 {
    match s {
        OrderStatus::Ordered => 0,
        OrderStatus::Dispatched => 1,
        OrderStatus::Accepted => 2,
        _ => 3,
    }
}

fn orders(desk: &Desk, now: Millis, rows: &[OrderRow]) -> Markup {
    let lang = desk.lang;
    html! {
        h2 { (lang.t("orders_title")) }
        @if rows.is_empty() { p.empty { (lang.t("none")) } }
        @for row in rows {
            @let o = &row.order;
            @let late = o.status == OrderStatus::Ordered && now - o.created_at > DISPATCH_WAIT_MS;
            article.order.overdue[late] data-id=(o.id.to_string()) {
                header {
                    span.badge.status { (lang.t(&format!("order_{}", o.status))) }
                    @if late { span.badge.urgent { (lang.t("overdue")) } }
                    span.ago { (ago(lang, now, o.created_at)) }
                }
                p.text { (o.title) @if !o.note.is_empty() { " — " (o.note) } }
                p.who {
                    (lang.t("requester")) ": " (o.requester.name)
                    @if let Some(t) = &o.preferred_time { " · " (t) }
                    @if let (Some(team), Some(g)) = (&o.team, &row.group) {
                        " · " (lang.t("team")) ": " (g.team(team).map_or(team.as_str(), |t| t.name.as_str()))
                    }
                }
                @if o.status == OrderStatus::Ordered {
                    @if let Some(g) = &row.group {
                        form.act method="post" action={ "/dashboard/orders/" (o.id.to_string()) "/dispatch" } {
                            (csrf_field(desk))
                            label { (lang.t("dispatch_to")) " "
                                select name="team" {
                                    @for t in &g.teams { option value=(t.id) selected[t.id == o.item_team] { (t.name) } }
                                }
                            }
                            button type="submit" { (lang.t("dispatch")) }
                        }
                    }
                }
            }
        }
    }
}

fn needs(desk: &Desk, rows: &[NeedRow]) -> Markup {
    let lang = desk.lang;
    html! {
        h2 { (lang.t("needs_title")) }
        @if rows.is_empty() { p.empty { (lang.t("none")) } }
        @for row in rows {
            @let n = &row.need;
            @let h = &row.household;
            article.need.overdue[row.overdue] data-id=(n.id) {
                header {
                    span.badge.status { (lang.t(&format!("need_{}", n.status))) }
                    @if row.overdue { span.badge.urgent { (lang.t("overdue")) } }
                    @if let Some(d) = &n.due { span { (lang.t("due")) " " (d) } }
                }
                p.text { (n.text) }
                p.who { (lang.t("household")) ": " (h.building) "-" (h.unit) }
                form.act method="post" action={ "/dashboard/needs/" (h.id.to_string()) "/" (n.id) "/assign" } {
                    (csrf_field(desk))
                    label { (lang.t("assign_to")) " "
                        select name="to" {
                            option value="" selected[n.assignee.is_none() && n.team.is_none()] { "—" }
                            @for (m, name) in &row.members { option value={ "member:" (m.to_string()) } selected[n.assignee == Some(*m)] { (name) } }
                            @for (t, name) in &row.teams { option value={ "team:" (t) } selected[n.team.as_deref() == Some(t.as_str())] { (lang.t("team")) ": " (name) } }
                        }
                    }
                    label { (lang.t("due")) " " input type="date" name="due" value=[n.due.as_deref()]; }
                    button type="submit" { (lang.t("assign")) }
                }
            }
        }
    }
}

/// `GET /dashboard/orders`.
pub async fn page_orders(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state
        .blocking(move |r| Ok((r.orders_page(member)?, r.board_page(member)?)))
        .await
    {
        Ok((p, board)) => {
            let lang: Lang = desk.lang;
            let now = state.relay().now();
            let body = html! {
                section id="orders" data-events="/dashboard/events" data-reload="order household need" {
                    (orders(&desk, now, &p.orders))
                    (needs(&desk, &p.needs))
                    (board::section(&desk, &board))
                }
            };
            respond(
                StatusCode::OK,
                page(lang, Some((&desk, &desk.device.name)), Some(Nav::Orders), body),
            )
        }
        Err(e) => failed(&desk, &e),
    }
}

/// The dispatch form.
#[derive(Debug, Deserialize)]
pub struct DispatchForm {
    /// The team's id.
    pub team: String,
}

/// `POST /dashboard/orders/{id}/dispatch`.
pub async fn dispatch(
    State(state): State<AppState>,
    desk: Desk,
    axum::extract::Path(id): axum::extract::Path<String>,
    Form(form): Form<DispatchForm>,
) -> Response {
    let Ok(id) = id.parse::<DocId>() else {
        return failed(&desk, &AppError::NotFound(Refusal::NoSuchOrder.en()));
    };
    let d = desk.clone();
    let done = state
        .writing(move |r| {
            r.write_as_desk(&d, id, DocKind::Order, |doc, cx| {
                order::dispatch(doc, d.member(), cx.staff, &cx.group, &form.team, cx.now)
            })
        })
        .await;
    match done {
        Ok(()) => Redirect::to("/dashboard/orders").into_response(),
        Err(e) => failed(&desk, &e),
    }
}

/// The assign form.
#[derive(Debug, Deserialize)]
pub struct AssignForm {
    /// `member:<id>` or `team:<id>`.
    pub to: String,
    /// `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub due: String,
}

/// `POST /dashboard/needs/{household}/{need}/assign`.
pub async fn assign(
    State(state): State<AppState>,
    desk: Desk,
    axum::extract::Path((household_id, need)): axum::extract::Path<(String, String)>,
    Form(form): Form<AssignForm>,
) -> Response {
    let (id, to, due) = match parse_assign(&household_id, &form) {
        Ok(x) => x,
        Err(e) => return failed(&desk, &e),
    };
    let d = desk.clone();
    let done = state
        .writing(move |r| {
            r.write_as_desk(&d, id, DocKind::Household, |doc, cx| {
                household::assign_need(doc, &need, &to, due, cx.now)
            })
        })
        .await;
    match done {
        Ok(()) => Redirect::to("/dashboard/orders").into_response(),
        Err(e) => failed(&desk, &e),
    }
}

/// The household, the assignee and the due date of an assign form.
fn parse_assign(household_id: &str, form: &AssignForm) -> Result<(DocId, Assignee, Option<Date>), AppError> {
    let id = household_id
        .parse::<DocId>()
        .map_err(|_| AppError::NotFound(Refusal::NoSuchHousehold.en()))?;
    let to = match form.to.split_once(':') {
        Some(("member", m)) => Assignee::Member(
            m.parse()
                .map_err(|_| AppError::BadRequest(Refusal::ChooseAssignee.into()))?,
        ),
        Some(("team", t)) if !t.is_empty() => Assignee::Team(t.to_string()),
        _ => return Err(AppError::BadRequest(Refusal::ChooseAssignee.into())),
    };
    let due = match form.due.trim() {
        "" => None,
        d => Some(Date::parse(d).map_err(|e| AppError::BadRequest(e.to_string()))?),
    };
    Ok((id, to, due))
}
