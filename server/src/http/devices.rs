//! The devices resource: registration, signing out, staff revoking a member's device, and the
//! membership credentials a device shows its neighbours' phones (`crate::peer`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jinlin_model::protocol::{Credentials, RegisterRequest};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, MemberId};

use super::json::JsonBody;
use crate::AppState;
use crate::auth::{Authed, presented_token};
use crate::devices::Registered;
use crate::error::AppError;

#[tracing::instrument(skip_all)]
pub(super) async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<RegisterRequest>,
) -> Result<Response, AppError> {
    let presented = presented_token(&headers);
    let (res, outcome) = state.writing(move |relay| relay.register(&req, presented)).await?;
    let status = match outcome {
        Registered::Created => StatusCode::CREATED,
        Registered::Again | Registered::Renewed => StatusCode::OK,
    };
    Ok((status, Json(res)).into_response())
}

#[tracing::instrument(skip_all)]
pub(super) async fn sign_out(State(state): State<AppState>, Authed(device): Authed) -> Result<StatusCode, AppError> {
    state.writing(move |relay| relay.sign_out(&device)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
pub(super) async fn revoke_device(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path((group_id, member_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    // Malformed ids are just a group or member that does not exist.
    let group: DocId = group_id
        .parse()
        .map_err(|_| AppError::NotFound(Refusal::NoSuchGroup.en()))?;
    let member: MemberId = member_id
        .parse()
        .map_err(|_| AppError::NotFound(Refusal::NoSuchMemberInGroup.en()))?;
    state
        .writing(move |relay| relay.revoke_device(&device, group, member))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
pub(super) async fn credentials(
    State(state): State<AppState>,
    Authed(device): Authed,
) -> Result<Json<Credentials>, AppError> {
    Ok(Json(state.blocking(move |relay| relay.credentials(&device)).await?))
}
