//! The notices of the Votes and notices page (让邻知事): the notices of the groups the signed-in
//! member reads, in the model's order (pinned first, withdrawn ones left out), each, for staff,
//! with how many households have read it ("read by 3 of 40 households"), counted by the model's
//! one function over the registry the member keeps, as a staff phone counts it. A form posts a
//! notice (title, text, pinned until a date) to a group where the member may post (staff, or a
//! building leader to their building), written as the member through the upload path, so the
//! notice rules decide and phones receive it live.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::dates::Date;
use jinlin_model::docs::notice::reads::{self, ReadCount};
use jinlin_model::docs::notice::{self, NewNotice, NoticeView, rules};
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::Role;
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, MemberId, MemberView, Millis};
use maud::{Markup, html};
use serde::Deserialize;

use super::desk::Desk;
use super::layout::{ago, csrf_field};
use super::now::failed;
use super::orders::offset;
use super::views::View;
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// A notice as the page shows it.
#[derive(Debug, Clone)]
pub struct NoticeRow {
    /// The notice.
    pub notice: NoticeView,
    /// The name of its group.
    pub group: String,
    /// How many households have read it, for staff of its group.
    pub reads: Option<ReadCount>,
}

/// The notices section.
#[derive(Debug, Clone, Default)]
pub struct NoticesPage {
    /// The notices, pinned first.
    pub notices: Vec<NoticeRow>,
    /// The groups the member may post to, by id and name.
    pub post_to: Vec<(DocId, String)>,
}

impl Relay {
    /// The notices `member` reads and where they may post one.
    pub fn notices_page(&self, member: MemberId) -> Result<NoticesPage, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        let list: Vec<NoticeView> = self
            .desk_docs(&access, DocKind::Notice)?
            .iter()
            .filter_map(|v| match v.as_ref() {
                View::Notice(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        let mut households = None;
        let mut page = NoticesPage::default();
        for n in notice::ordered(list, now) {
            let staff = access.role_in(n.group_id) == Some(Role::Staff);
            let reads = if staff {
                let households = match &mut households {
                    Some(h) => h,
                    None => households.insert(self.desk_docs(&access, DocKind::Household)?),
                };
                Some(self.notice_reads(&n, households))
            } else {
                None
            };
            page.notices.push(NoticeRow {
                group: self.desk_group(n.group_id).map(|g| g.name.clone()).unwrap_or_default(),
                reads,
                notice: n,
            });
        }
        for &g in access.groups() {
            let Some(view) = self.desk_group(g) else { continue };
            if rules::may_post_to(access.role_in(g) == Some(Role::Staff), &view, member) {
                page.post_to.push((g, view.name.clone()));
            }
        }
        // The widest group first: a community, its estates, then buildings.
        let tree = self.tree();
        page.post_to
            .sort_by_cached_key(|(g, name)| (tree.ancestors(*g).len(), name.clone()));
        Ok(page)
    }

    /// How many households of the notice's group and the groups inside it have read it: the
    /// households among `registry` (those the member keeps), each member's home from their
    /// memberships in those groups.
    fn notice_reads(&self, n: &NoticeView, registry: &[std::sync::Arc<View>]) -> ReadCount {
        let scope = self.tree().subtree(n.group_id);
        let households = registry.iter().filter_map(|v| match v.as_ref() {
            View::Household(h) if scope.contains(&h.group_id) => Some((h.building.as_str(), h.unit.as_str())),
            _ => None,
        });
        let members: Vec<MemberView> = scope
            .iter()
            .filter_map(|g| self.desk_group(*g))
            .flat_map(|g| g.members.clone())
            .collect();
        reads::count(n, households, &members)
    }
}

/// The notices section of the page.
pub fn section(desk: &Desk, page: &NoticesPage, now: Millis) -> Markup {
    let lang = desk.lang;
    html! {
        h2 { (lang.t("notices_title")) }
        @if !page.post_to.is_empty() {
            form.act.post-notice method="post" action="/dashboard/notices" {
                (csrf_field(desk))
                label { (lang.t("post_to")) " "
                    select name="group" {
                        @for (id, name) in &page.post_to { option value=(id.to_string()) { (name) } }
                    }
                }
                label { (lang.t("notice_heading")) " " input type="text" name="title" required; }
                label { (lang.t("notice_text")) " " textarea name="body" {} }
                label { (lang.t("pinned_until")) " " input type="date" name="pinned_until"; }
                button type="submit" { (lang.t("post_notice")) }
            }
        }
        @if page.notices.is_empty() { p.empty { (lang.t("none")) } }
        @for row in &page.notices {
            @let n = &row.notice;
            article.notice.pinned[n.pinned_at(now)] data-id=(n.id.to_string()) {
                header {
                    @if n.pinned_at(now) { span.badge.urgent { (lang.t("pinned")) } }
                    span { (row.group) }
                    span.ago { (ago(lang, now, n.created_at)) }
                }
                p.text { strong { (n.title) } }
                @if !n.body.is_empty() { p.body { (n.body) } }
                p.who {
                    (lang.t("posted_by")) ": " (n.posted_by.name)
                    @if let Some(r) = &row.reads {
                        " · " span.reads {
                            (lang.t("read_by")) " " (r.households_read) " " (lang.t("of")) " "
                            (r.households) " " (lang.t("households"))
                        }
                    }
                }
            }
        }
    }
}

/// The post-a-notice form.
#[derive(Debug, Deserialize)]
pub struct NoticeForm {
    /// The group's id.
    pub group: String,
    /// The title.
    pub title: String,
    /// The text.
    #[serde(default)]
    pub body: String,
    /// `YYYY-MM-DD`, or empty: pinned until the end of that day in the group's time zone.
    #[serde(default)]
    pub pinned_until: String,
}

/// `POST /dashboard/notices`.
pub async fn post(State(state): State<AppState>, desk: Desk, Form(form): Form<NoticeForm>) -> Response {
    let Ok(group) = form.group.parse::<DocId>() else {
        return failed(&desk, &AppError::NotFound(Refusal::NoSuchGroup.en()));
    };
    let pin = match form.pinned_until.trim() {
        "" => None,
        d => match Date::parse(d) {
            Ok(d) => Some(d),
            Err(e) => return failed(&desk, &AppError::BadRequest(e.to_string())),
        },
    };
    let d = desk.clone();
    let done = state
        .writing(move |r| {
            let name = d.device.name.clone();
            r.create_as_desk(&d, DocId::random(), DocKind::Notice, group, |id, cx| {
                let may_post = rules::may_post_to(cx.staff, &cx.group, d.member());
                let new = NewNotice {
                    title: form.title,
                    body: form.body,
                    photo: None,
                    pinned_until: pin.map(|day| end_of(day, offset(Some(&cx.group), cx.now))),
                };
                let me = Actor {
                    id: d.member(),
                    name: &name,
                };
                notice::create(id, group, &new, me, may_post, cx.now)
            })
        })
        .await;
    match done {
        Ok(()) => Redirect::to("/dashboard/votes").into_response(),
        Err(e) => failed(&desk, &e),
    }
}

/// The end of `day` at `offset_minutes` from UTC.
fn end_of(day: Date, offset_minutes: i32) -> Millis {
    (day.days() + 1) * 86_400_000 - i64::from(offset_minutes) * 60_000
}
