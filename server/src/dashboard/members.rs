//! The Members and invites page: for each group the signed-in member may invite to, a form to
//! make an invite for a role they may give (the relay's own invite rules, `invites.rs`), shown
//! as a code and a QR code to print; and, for staff, the members of their groups with a button
//! to revoke a lost phone (the revocation path every phone's revoke takes, `revocation.rs`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::protocol::{CreateInvite, Invite};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, GroupView, MemberId, Role};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use std::sync::Arc;

use super::desk::Desk;
use super::layout::{Nav, csrf_field, page, respond};
use super::now::failed;
use super::qr::qr_svg;
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;

/// How long an invite made here lasts.
pub const INVITE_SECS: u64 = 7 * 86_400;
/// How many may join with one.
pub const INVITE_USES: u32 = 20;

/// A group as the page shows it.
#[derive(Debug, Clone)]
pub struct GroupRow {
    /// The group.
    pub view: Arc<GroupView>,
    /// The member's role there (own, or from above).
    pub role: Role,
}

impl Relay {
    /// The groups `member` reads and acts in, in tree order (a group before those inside it).
    pub fn members_page(&self, member: MemberId) -> Result<Vec<GroupRow>, AppError> {
        let access = self.access(member)?;
        let tree = access.tree();
        let mut rows: Vec<(usize, GroupRow)> = Vec::new();
        for g in access.groups() {
            let Some(role) = access.role_in(*g) else { continue };
            if let Some(view) = self.desk_group(*g) {
                rows.push((tree.ancestors(*g).len(), GroupRow { view, role }));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.view.name.cmp(&b.1.view.name)));
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }
}

fn body(desk: &Desk, groups: &[GroupRow], made: Option<&Invite>) -> Markup {
    let lang = desk.lang;
    let me = desk.member();
    html! {
        h1 { (lang.t("members_title")) }
        @if let Some(inv) = made {
            section.invite-made id="invite-made" {
                p { (lang.t("invite_print")) }
                div.qr { (PreEscaped(qr_svg(&inv.code))) }
                p.code id="invite-code" { (inv.code) }
                p.muted { (lang.t(&format!("role_{}", inv.role))) }
            }
        }
        @for g in groups {
            @let roles: Vec<Role> = Role::ALL.iter().copied().filter(|r| g.role.may_invite(*r)).collect();
            section.group data-id=(g.view.id.to_string()) {
                h2 { (g.view.name) " · " (lang.t(&format!("role_{}", g.role))) }
                @if !roles.is_empty() {
                    form.act method="post" action={ "/dashboard/members/" (g.view.id.to_string()) "/invite" } {
                        (csrf_field(desk))
                        label { (lang.t("invite_role")) " "
                            select name="role" { @for r in &roles { option value=(r.as_str()) { (lang.t(&format!("role_{r}"))) } } }
                        }
                        label { (lang.t("building")) " " input type="text" name="building" size="6"; }
                        button type="submit" { (lang.t("invite_make")) }
                    }
                }
                @if g.role == Role::Staff {
                    table {
                        tbody {
                            @for m in &g.view.members {
                                tr {
                                    td { (m.name) }
                                    td { (lang.t(&format!("role_{}", m.role))) }
                                    td { (m.building.as_deref().unwrap_or("")) }
                                    td {
                                        @if m.member_id != me {
                                            form.inline method="post" data-confirm=(lang.t("revoke_confirm"))
                                                action={ "/dashboard/members/" (g.view.id.to_string()) "/" (m.member_id.to_string()) "/revoke" } {
                                                (csrf_field(desk))
                                                button type="submit" { (lang.t("revoke")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn render(state: &AppState, desk: &Desk, made: Option<Invite>) -> Response {
    let member = desk.member();
    match state.blocking(move |r| r.members_page(member)).await {
        Ok(groups) => respond(
            StatusCode::OK,
            page(
                desk.lang,
                Some((desk, &desk.device.name)),
                Some(Nav::Members),
                body(desk, &groups, made.as_ref()),
            ),
        ),
        Err(e) => failed(desk, &e),
    }
}

/// `GET /dashboard/members`.
pub async fn page_members(State(state): State<AppState>, desk: Desk) -> Response {
    render(&state, &desk, None).await
}

/// The invite form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    /// The role.
    pub role: String,
    /// For a building leader, the building they lead.
    #[serde(default)]
    pub building: String,
}

/// `POST /dashboard/members/{group}/invite`: makes an invite and shows it to print.
pub async fn invite(
    State(state): State<AppState>,
    desk: Desk,
    Path(group): Path<String>,
    Form(form): Form<InviteForm>,
) -> Response {
    let Ok(group) = group.parse::<DocId>() else {
        return failed(&desk, &AppError::NotFound(Refusal::NoSuchGroup.en()));
    };
    let Ok(role) = form.role.parse::<Role>() else {
        return failed(&desk, &AppError::BadRequest(Refusal::ChooseRole.into()));
    };
    let building = Some(form.building.trim().to_string()).filter(|b| !b.is_empty());
    let device = desk.device.clone();
    let made = state
        .writing(move |r| {
            r.create_invite(
                &device,
                group,
                &CreateInvite {
                    role,
                    uses: INVITE_USES,
                    expires_in_secs: INVITE_SECS,
                    building,
                },
            )
        })
        .await;
    match made {
        Ok(inv) => render(&state, &desk, Some(inv)).await,
        Err(e) => failed(&desk, &e),
    }
}

/// `POST /dashboard/members/{group}/{member}/revoke`: revokes a member's lost phone.
pub async fn revoke(
    State(state): State<AppState>,
    desk: Desk,
    Path((group, member)): Path<(String, String)>,
) -> Response {
    let (Ok(group), Ok(member)) = (group.parse::<DocId>(), member.parse::<MemberId>()) else {
        return failed(&desk, &AppError::NotFound(Refusal::NoSuchMemberInGroup.en()));
    };
    let device = desk.device.clone();
    match state.writing(move |r| r.revoke_device(&device, group, member)).await {
        Ok(()) => Redirect::to("/dashboard/members").into_response(),
        Err(e) => failed(&desk, &e),
    }
}
