//! The HTTP calls of secret ballots (`docs/PROTOCOL.md`, "Deliberation and voting"): casting one,
//! and asking for a closed vote's seal. Handlers only move bytes; the rules are in `crate::votes`
//! and `jinlin_model::docs::proposal`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use jinlin_model::DocId;
use jinlin_model::docs::proposal::secret::{Sealed, SecretBallotBody, SecretReceipt};
use jinlin_model::refusal::Refusal;

use super::json::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/proposals/{id}/ballots", post(cast))
        .route("/v1/proposals/{id}/seal", post(seal))
}

fn proposal_id(s: &str) -> Result<DocId, AppError> {
    s.parse().map_err(|_| AppError::NotFound(Refusal::NoSuchProposal.en()))
}

async fn cast(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<SecretBallotBody>,
) -> Result<Json<SecretReceipt>, AppError> {
    let id = proposal_id(&id)?;
    Ok(Json(
        state
            .writing(move |r| r.cast_secret(device.member_id, id, body))
            .await?,
    ))
}

async fn seal(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<Json<Sealed>, AppError> {
    let id = proposal_id(&id)?;
    Ok(Json(state.writing(move |r| r.seal_secret(device.member_id, id)).await?))
}
