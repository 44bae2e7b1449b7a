//! `GET /healthz` and `GET /metrics` (for the operator: its token, or this machine only).

use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::AppError;

pub(super) async fn healthz() -> &'static str {
    "ok\n"
}

pub(super) async fn metrics(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.metrics_access().check(peer.map(|p| p.0.0), &headers)?;
    let stats = state.blocking(|relay| Ok(relay.store().stats()?)).await?;
    let text = state.relay().metrics.render(&stats);
    Ok(([(CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response())
}
