//! `GET /healthz` and `GET /metrics` (for the operator: its token, or this machine only).

use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::client::Client;
use crate::error::AppError;

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

pub(super) async fn metrics(
    State(state): State<AppState>,
    client: Option<Extension<Client>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.metrics_access().check(client.map(|c| c.0.addr), &headers)?;
    let stats = state.blocking(|relay| Ok(relay.store().stats()?)).await?;
    let text = state.relay().metrics.render(&stats);
    Ok(([(CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response())
}
