//! The groups resource: a device's memberships, and invites (made, revoked, redeemed).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinlin_model::DocId;
use jinlin_model::protocol::{CreateInvite, Membership, RedeemInvite};
use jinlin_model::refusal::Refusal;

use super::json::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

pub(super) async fn groups(
    State(state): State<AppState>,
    Authed(device): Authed,
) -> Result<Json<Vec<Membership>>, AppError> {
    let member = device.member_id;
    let memberships = state
        .blocking(move |relay| Ok(relay.store().memberships(member)?))
        .await?;
    Ok(Json(memberships))
}

#[tracing::instrument(skip_all)]
pub(super) async fn create_invite(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(group_id): Path<String>,
    JsonBody(req): JsonBody<CreateInvite>,
) -> Result<Response, AppError> {
    // A malformed id is just another group that does not exist.
    let group: DocId = group_id
        .parse()
        .map_err(|_| AppError::NotFound(Refusal::NoSuchGroup.en()))?;
    let invite = state
        .writing(move |relay| relay.create_invite(&device, group, &req))
        .await?;
    Ok((StatusCode::CREATED, Json(invite)).into_response())
}

#[tracing::instrument(skip_all)]
pub(super) async fn revoke(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(code): Path<String>,
) -> Result<StatusCode, AppError> {
    state.writing(move |relay| relay.revoke_invite(&device, &code)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
pub(super) async fn redeem(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(req): JsonBody<RedeemInvite>,
) -> Result<Json<Membership>, AppError> {
    let membership = state.writing(move |relay| relay.redeem(&device, &req)).await?;
    Ok(Json(membership))
}
