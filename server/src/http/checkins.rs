//! The HTTP calls of paired neighbours and the daily check-in (`docs/PROTOCOL.md`, "Paired
//! neighbours and the daily check-in"). Handlers only move bytes; the rules are in
//! `crate::checkin` and `jinlin_model::checkin`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use jinlin_model::DocId;
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::wire::{AnswerBody, CheckinBody, CheckinReply, DeadlineBody, PairingView, PauseBody};
use jinlin_model::refusal::Refusal;

use super::json::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/pairings", post(create).get(list))
        .route("/v1/pairings/{id}", get(show))
        .route("/v1/pairings/{id}/accept", post(accept))
        .route("/v1/pairings/{id}/deadline", put(deadline))
        .route("/v1/pairings/{id}/pause", put(pause))
        .route("/v1/pairings/{id}/answer", post(answer))
        .route("/v1/checkins", post(check_in))
}

fn pairing_id(s: &str) -> Result<DocId, AppError> {
    s.parse().map_err(|_| AppError::NotFound(Refusal::NoSuchPairing.en()))
}

async fn create(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<NewPairing>,
) -> Result<Json<PairingView>, AppError> {
    Ok(Json(
        state.writing(move |r| r.create_pairing(device.member_id, body)).await?,
    ))
}

async fn list(State(state): State<AppState>, Authed(device): Authed) -> Result<Json<Vec<PairingView>>, AppError> {
    Ok(Json(state.blocking(move |r| r.pairings_for(device.member_id)).await?))
}

async fn show(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<Json<PairingView>, AppError> {
    let id = pairing_id(&id)?;
    Ok(Json(
        state.blocking(move |r| r.pairing_for(device.member_id, id)).await?,
    ))
}

async fn accept(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<Json<PairingView>, AppError> {
    let id = pairing_id(&id)?;
    Ok(Json(
        state.writing(move |r| r.accept_pairing(device.member_id, id)).await?,
    ))
}

async fn deadline(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<DeadlineBody>,
) -> Result<Json<PairingView>, AppError> {
    let id = pairing_id(&id)?;
    Ok(Json(
        state
            .writing(move |r| r.set_checkin_deadline(device.member_id, id, body))
            .await?,
    ))
}

async fn pause(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PauseBody>,
) -> Result<Json<PairingView>, AppError> {
    let id = pairing_id(&id)?;
    Ok(Json(
        state
            .writing(move |r| r.pause_checkins(device.member_id, id, body))
            .await?,
    ))
}

async fn answer(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<AnswerBody>,
) -> Result<Json<PairingView>, AppError> {
    let id = pairing_id(&id)?;
    Ok(Json(
        state
            .writing(move |r| r.answer_checkin(device.member_id, id, body.answer))
            .await?,
    ))
}

async fn check_in(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<CheckinBody>,
) -> Result<Json<CheckinReply>, AppError> {
    Ok(Json(
        state
            .writing(move |r| r.check_in(device.member_id, body.signed_at))
            .await?,
    ))
}
