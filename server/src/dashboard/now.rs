//! The Now page: every open request the signed-in member reads, urgent first, then the longest
//! waiting. For an urgent one, how its alert is going ("wave 2 · alerted 8 · seen 5 · 2 coming",
//! from the relay's alert receipts, which only staff and the requester read), and for staff a
//! button to widen it now (`alerts/widen.rs`) and to call the requester: the phone numbers of the
//! household registered at the request's building and unit in the same estate, shown to staff
//! only (the registry is theirs to read). The list is one
//! fragment (`/dashboard/now/list`) the page fetches again whenever the live stream
//! (`events.rs`) says a document it reads changed, so it updates without a reload.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::dispatch::LAST_WAVE;
use jinlin_model::protocol::AlertReceipts;
use jinlin_model::refusal::Refusal;
use std::sync::Arc;

use jinlin_model::docs::group::tree::GroupTree;
use jinlin_model::docs::household::Resident;
use jinlin_model::{DocId, DocKind, GroupKind, RequestView, Role, Status};
use maud::{Markup, html};

use super::desk::Desk;
use super::i18n::Lang;
use super::layout::{Nav, ago, csrf_field, error_page, page, respond};
use super::views::{GroupNames, View};
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// One open request as the Now page shows it.
#[derive(Debug, Clone)]
pub struct NowRow {
    /// The request.
    pub view: RequestView,
    /// Its group's name.
    pub group: String,
    /// How its alert is going, for an urgent one the member may see that of.
    pub receipts: Option<AlertReceipts>,
    /// The member is staff of its group (they may widen its alert).
    pub staff: bool,
    /// Staff only: who to call at the requester's home, from the household registry.
    pub phones: Vec<Resident>,
}

impl Relay {
    /// The open requests `member` reads, urgent first, then the longest waiting.
    pub fn now_rows(&self, member: jinlin_model::MemberId) -> Result<Vec<NowRow>, AppError> {
        let access = self.access(member)?;
        let mut rows: Vec<NowRow> = Vec::new();
        let mut names = GroupNames::default();
        let mut households: Option<Vec<Arc<View>>> = None;
        for v in self.desk_docs(&access, DocKind::Request)? {
            let View::Request(view) = v.as_ref() else { continue };
            if !matches!(view.status, Status::Open | Status::InProgress) {
                continue;
            }
            let receipts = if view.urgent {
                self.alert_receipts(member, view.id).ok()
            } else {
                None
            };
            let staff = access.role_in(view.group_id) == Some(Role::Staff);
            let phones = if staff {
                let households = match &households {
                    Some(h) => h,
                    None => households.insert(self.desk_docs(&access, DocKind::Household)?),
                };
                home_phones(access.tree(), view, households)
            } else {
                Vec::new()
            };
            rows.push(NowRow {
                group: names.name(self, view.group_id),
                staff,
                view: view.clone(),
                receipts,
                phones,
            });
        }
        rows.sort_by(|a, b| {
            b.view
                .urgent
                .cmp(&a.view.urgent)
                .then(a.view.created_at.cmp(&b.view.created_at))
                .then(a.view.id.to_string().cmp(&b.view.id.to_string()))
        });
        Ok(rows)
    }
}

/// The residents with a phone number of the household registered at `request`'s building and unit,
/// in the same estate (or the same group, outside any estate).
fn home_phones(tree: &GroupTree, request: &RequestView, households: &[Arc<View>]) -> Vec<Resident> {
    let (Some(building), Some(unit)) = (request.place.building.as_deref(), request.place.unit.as_deref()) else {
        return Vec::new();
    };
    let estate = |group| tree.enclosing(group, GroupKind::Estate).unwrap_or(group);
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    households
        .iter()
        .filter_map(|v| match v.as_ref() {
            View::Household(h) => Some(h),
            _ => None,
        })
        .filter(|h| {
            same(&h.building, building) && same(&h.unit, unit) && estate(h.group_id) == estate(request.group_id)
        })
        .flat_map(|h| {
            h.residents
                .iter()
                .filter(|r| r.phone.as_deref().is_some_and(|p| !p.trim().is_empty()))
        })
        .cloned()
        .collect()
}

fn receipts_line(lang: Lang, r: &AlertReceipts) -> Markup {
    html! {
        p.receipts {
            span { (lang.fill("wave", r.wave)) }
            " · "
            span.alerted { (lang.t("alerted")) " " (r.alerted) }
            " · "
            span.seen { (lang.t("seen")) " " (r.seen) }
            " · "
            span.coming { (r.coming) " " (lang.t("coming")) " / " (lang.t("of_slots")) " " (r.slots) }
        }
    }
}

/// The list of open requests, as the page shows it and the live updates replace it.
pub fn list(desk: &Desk, now: jinlin_model::Millis, rows: &[NowRow]) -> Markup {
    let lang = desk.lang;
    html! {
        @if rows.is_empty() {
            p.empty { (lang.t("now_empty")) }
        }
        @for row in rows {
            @let v = &row.view;
            article.request.urgent[v.urgent] data-id=(v.id.to_string()) {
                header {
                    @if v.urgent { span.badge.urgent { (lang.t("urgent")) } }
                    span.badge { (lang.t(&format!("kind_{}", v.kind))) }
                    span.badge.status { (lang.t(&format!("status_{}", v.status))) }
                    span.group { (row.group) }
                    span.ago { (lang.t("raised_ago")) " " (ago(lang, now, v.created_at)) }
                }
                // A request with no words of its own (the one-tap ride): its kind's standard words
                // in the desk's language; her own words exactly as written.
                @if v.is_standard() {
                    p.text { (lang.t(&format!("standard_{}", v.kind))) }
                } @else {
                    p.text { (v.text) }
                }
                p.who {
                    (lang.t("requester")) ": " (v.requester.name)
                    @if let Some(place) = v.place.words() { " · " (lang.t("place")) ": " (place) }
                }
                @if !row.phones.is_empty() {
                    p.call {
                        @for r in &row.phones {
                            @let number = r.phone.as_deref().unwrap_or_default();
                            a.call href={ "tel:" (number.replace(' ', "")) } { (lang.t("call")) " " (r.name) " · " (number) }
                            " "
                        }
                    }
                }
                @if let Some(r) = &row.receipts {
                    (receipts_line(lang, r))
                    @if row.staff && !r.finished && r.wave < LAST_WAVE {
                        form.act method="post" action={ "/dashboard/requests/" (v.id.to_string()) "/widen" } {
                            (csrf_field(desk))
                            button type="submit" { (lang.t("widen")) }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /dashboard/now`.
pub async fn page_now(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    let lang = desk.lang;
    let rows = state.blocking(move |r| r.now_rows(member)).await;
    let name = desk.device.name.clone();
    match rows {
        Ok(rows) => {
            let now = state.relay().now();
            let body = html! {
                h1 { (lang.t("now_title")) " " span.live id="live-state" data-live=(lang.t("now_live")) data-offline=(lang.t("now_offline")) { } }
                section id="now-list" data-src="/dashboard/now/list" data-events="/dashboard/events" {
                    (list(&desk, now, &rows))
                }
            };
            respond(StatusCode::OK, page(lang, Some((&desk, &name)), Some(Nav::Now), body))
        }
        Err(e) => failed(&desk, &e),
    }
}

/// `GET /dashboard/now/list`: the list alone.
pub async fn fragment(State(state): State<AppState>, desk: Desk) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.now_rows(member)).await {
        Ok(rows) => respond(StatusCode::OK, list(&desk, state.relay().now(), &rows)),
        Err(e) => failed(&desk, &e),
    }
}

/// `POST /dashboard/requests/{id}/widen`: staff widen an urgent request's alert now.
pub async fn widen(State(state): State<AppState>, desk: Desk, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<DocId>() else {
        return failed(&desk, &AppError::NotFound(Refusal::NoSuchRequest.en()));
    };
    let member = desk.member();
    match state.blocking(move |r| r.widen_alert(member, id)).await {
        Ok(_) => Redirect::to("/dashboard/now").into_response(),
        Err(e) => failed(&desk, &e),
    }
}

/// A page that could not be read: an internal failure is logged and told in general words, a
/// refusal says why.
pub fn failed(desk: &Desk, e: &AppError) -> Response {
    let (status, _) = e.status_and_code();
    error_page(desk.lang, Some((desk, &desk.device.name)), status, &said(desk.lang, e))
}

/// What the desk reads when `e` stops a page: an internal failure in general words (and logged),
/// a refusal of the write rules or the relay's in the desk's language.
fn said(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::Internal(inner) => {
            tracing::error!(error = %inner, "dashboard page failed");
            lang.t("error_title").to_string()
        }
        other => format!(
            "{}{}",
            lang.t("refused"),
            jinlin_model::refusal::render(&other.to_string(), lang.language())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_stopping_a_page_is_said_in_the_desks_language() {
        let cases = [
            (
                AppError::BadRequest(Refusal::ChooseAssignee.into()),
                "未能完成：请选择指派给谁",
            ),
            (
                AppError::NotFound(Refusal::NoSuchOrder.en()),
                "未能完成：没有这张服务单",
            ),
            (
                AppError::Forbidden(Refusal::WidenStaff.into()),
                "未能完成：只有社区工作人员才能扩大通知范围",
            ),
            (
                AppError::Conflict(Refusal::ChangedMeanwhile.into()),
                "未能完成：这项内容刚被改过；请刷新页面后再试",
            ),
        ];
        for (e, zh) in cases {
            assert_eq!(said(Lang::Zh, &e), zh);
            assert_eq!(said(Lang::En, &e), format!("Not done: {e}"));
        }
    }
}
