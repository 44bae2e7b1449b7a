//! The HTTP surface: the routes and the layers around them; one handler file per resource
//! ([`devices`] with the peer credentials, [`groups`], [`sync`], [`alerts`], [`checkins`], [`votes`], [`dashboard`], [`health`]; photos in `crate::grid::photos`, the live
//! channel in `crate::live`). Handlers only move bytes: they
//! authenticate, decode, run the operation on [`crate::relay::Relay`] off the async threads and
//! encode the answer. Every error answer is a JSON [`jinlin_model::protocol::ErrorBody`], also
//! those made by layers (413, 408) and by routing (404, 405).

use jinlin_model::refusal::Refusal;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, post};
use jinlin_model::protocol::MAX_BODY_BYTES;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub mod alerts;
pub mod checkins;
pub mod dashboard;
pub mod devices;
pub mod groups;
pub mod health;
pub mod json;
pub mod sync;
pub mod votes;

pub use json::JsonBody;

use crate::AppState;
use crate::error::{AppError, error_response};
use crate::live;

/// The relay's routes with their layers.
pub fn router(state: AppState) -> Router {
    let limits = state.limits();
    let routes = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .route("/v1/devices", post(devices::register))
        .route("/v1/devices/me", delete(devices::sign_out))
        .route("/v1/credentials", get(devices::credentials))
        .route("/v1/groups", get(groups::groups))
        .route(
            "/v1/groups/{group_id}/devices/{member_id}",
            delete(devices::revoke_device),
        )
        .route("/v1/groups/{group_id}/invites", post(groups::create_invite))
        .route("/v1/invites/redeem", post(groups::redeem))
        .route("/v1/invites/{code}", delete(groups::revoke))
        .route("/v1/sync", post(sync::sync))
        .route("/v1/live", get(live::handler))
        .merge(crate::grid::photos::routes())
        .merge(alerts::routes())
        .merge(checkins::routes())
        .merge(votes::routes())
        .route("/v1/dashboard/approve", post(dashboard::approve))
        .merge(crate::dashboard::routes(state.clone()))
        .fallback(not_found);
    // Registration and invite redemption: per address and per device (reliability).
    let routes = if limits.rate_limits {
        routes.layer(crate::rate_limit::layer())
    } else {
        routes
    };
    // Outside the rate limits: they bucket by the client the trusted proxies name.
    let routes = routes.layer(crate::client::layer(state.trusted_proxies()));
    routes
        // Innermost first: the body limit replaces axum's default one, so the limit is
        // protocol::MAX_BODY_BYTES everywhere.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::map_response(json_errors))
        .layer(GlobalConcurrencyLimitLayer::new(limits.max_concurrent_requests))
        .layer(middleware::from_fn_with_state(state.clone(), count_requests))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map(MatchedPath::as_str)
                .unwrap_or("unmatched");
            tracing::info_span!("request", method = %req.method(), route, member = tracing::field::Empty)
        }))
        .with_state(state)
}

/// Limits the router applies.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a request may take before it is answered 408.
    pub request_timeout: Duration,
    /// Requests handled at once; more wait their turn.
    pub max_concurrent_requests: usize,
    /// Rate-limit registration and invite redemption (see `rate_limit.rs`).
    pub rate_limits: bool,
    /// Automerge bytes one sync answer carries before it sets `more`.
    pub response_budget: usize,
    /// Open connections, per client address, and how long a client may stay silent
    /// (`serve.rs`).
    pub connections: crate::serve::ConnectionLimits,
    /// Live channels one device may hold open at once (`live.rs`).
    pub live_per_device: usize,
    /// Groups one device may create in a day (more are refused until the day has passed).
    pub groups_per_day: u32,
    /// Invite codes one device may make in a day (more are answered 429).
    pub invites_per_day: u32,
    /// Bytes of unfinished uploads one member may hold, and how long one may stay unfinished
    /// (`grid/uploads.rs`).
    pub uploads: crate::grid::uploads::UploadLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: Duration::from_secs(30),
            max_concurrent_requests: 256,
            rate_limits: true,
            response_budget: jinlin_model::protocol::RESPONSE_BUDGET_BYTES,
            connections: crate::serve::ConnectionLimits::default(),
            live_per_device: 4,
            groups_per_day: 50,
            invites_per_day: 500,
            uploads: crate::grid::uploads::UploadLimits::default(),
        }
    }
}

async fn not_found() -> AppError {
    AppError::NotFound(Refusal::NoSuchEndpoint.en())
}

async fn count_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let res = next.run(req).await;
    state.relay().metrics.request(&route, res.status().as_u16());
    res
}

/// Turns the plain-text error answers of layers and routing into JSON error bodies.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    // JSON already, or a dashboard page (which says what went wrong in its own words).
    let html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if json || html {
        return res;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", AppError::TooLarge.to_string()),
        StatusCode::REQUEST_TIMEOUT => ("timeout", Refusal::RelayTooSlow.en().to_string()),
        _ => {
            let text = axum::body::to_bytes(res.into_body(), 1024)
                .await
                .ok()
                .map(|b| String::from_utf8_lossy(&b).trim().to_string())
                .filter(|t| !t.is_empty());
            let code = match status {
                StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
                StatusCode::NOT_FOUND => "not_found",
                s if s.is_server_error() => "internal",
                _ => "bad_request",
            };
            let fallback = status.canonical_reason().unwrap_or("error").to_string();
            (code, text.unwrap_or(fallback))
        }
    };
    error_response(status, code, message)
}
