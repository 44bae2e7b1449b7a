//! `POST /v1/dashboard/approve`: a phone approves the sign-in code a browser shows on the
//! relay's dashboard (the rules are `dashboard/pairing.rs`).

use axum::Json;
use axum::extract::State;
use jinlin_model::protocol::{DashboardApproval, DashboardApprove};

use super::json::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// `POST /v1/dashboard/approve`: a phone approves a browser's sign-in code.
#[tracing::instrument(skip_all)]
pub async fn approve(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<DashboardApprove>,
) -> Result<Json<DashboardApproval>, AppError> {
    Ok(Json(
        state
            .blocking(move |r| r.approve_dashboard(&device, &body.code))
            .await?,
    ))
}
