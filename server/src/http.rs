//! The HTTP surface: routes, handlers and the layers around them. Handlers only move bytes: they
//! authenticate, decode, run the operation on [`crate::relay::Relay`] off the async threads and
//! encode the answer. Every error answer is a JSON [`jinlin_model::protocol::ErrorBody`], also
//! those made by layers (413, 408) and by routing (404, 405).

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, MatchedPath, Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use jinlin_model::protocol::{
    self, CBOR, CreateInvite, MAX_BODY_BYTES, Membership, RedeemInvite, RegisterRequest, SyncRequest,
};
use jinlin_model::{DocId, MemberId};
use serde::de::DeserializeOwned;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::auth::{Authed, presented_token};
use crate::devices::Registered;
use crate::error::{AppError, error_response};
use crate::live;
use crate::metrics::Metrics;
use crate::sync::Uploaded;

/// The relay's routes with their layers.
pub fn router(state: AppState) -> Router {
    let limits = state.limits();
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/devices", post(register))
        .route("/v1/devices/me", delete(sign_out))
        .route("/v1/groups", get(groups))
        .route("/v1/groups/{group_id}/devices/{member_id}", delete(revoke_device))
        .route("/v1/groups/{group_id}/invites", post(create_invite))
        .route("/v1/invites/redeem", post(redeem))
        .route("/v1/invites/{code}", delete(revoke))
        .route("/v1/sync", post(sync))
        .route("/v1/live", get(live::handler))
        .merge(crate::blobs::routes())
        .merge(crate::alerts_http::routes())
        .fallback(not_found);
    // Registration and invite redemption: per address and per device (reliability).
    let routes = if limits.rate_limits {
        routes.layer(crate::rate_limit::layer())
    } else {
        routes
    };
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
    /// (`unfinished_uploads.rs`).
    pub uploads: crate::unfinished_uploads::UploadLimits,
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
            uploads: crate::unfinished_uploads::UploadLimits::default(),
        }
    }
}

/// A JSON body whose rejection is an [`AppError`].
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::TooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest(
                "the body must be sent as content-type application/json".into(),
            )),
            // serde quotes the offending value, which may be personal: keep only the shape.
            Err(rejection) => Err(AppError::BadRequest(crate::redact::redact(&rejection.body_text()))),
        }
    }
}

async fn not_found() -> AppError {
    AppError::NotFound("no such endpoint")
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn metrics(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    state.metrics_access().check(peer.map(|p| p.0.0), &headers)?;
    let stats = state.blocking(|relay| Ok(relay.store().stats()?)).await?;
    let text = state.relay().metrics.render(&stats);
    Ok(([(CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text).into_response())
}

#[tracing::instrument(skip_all)]
async fn register(
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
async fn sign_out(State(state): State<AppState>, Authed(device): Authed) -> Result<StatusCode, AppError> {
    state.writing(move |relay| relay.sign_out(&device)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn revoke_device(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path((group_id, member_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    // Malformed ids are just a group or member that does not exist.
    let group: DocId = group_id.parse().map_err(|_| AppError::NotFound("no such group"))?;
    let member: MemberId = member_id
        .parse()
        .map_err(|_| AppError::NotFound("no such member in this group"))?;
    state
        .writing(move |relay| relay.revoke_device(&device, group, member))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn groups(State(state): State<AppState>, Authed(device): Authed) -> Result<Json<Vec<Membership>>, AppError> {
    let member = device.member_id;
    let memberships = state
        .blocking(move |relay| Ok(relay.store().memberships(member)?))
        .await?;
    Ok(Json(memberships))
}

#[tracing::instrument(skip_all)]
async fn create_invite(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(group_id): Path<String>,
    JsonBody(req): JsonBody<CreateInvite>,
) -> Result<Response, AppError> {
    // A malformed id is just another group that does not exist.
    let group: DocId = group_id.parse().map_err(|_| AppError::NotFound("no such group"))?;
    let invite = state
        .writing(move |relay| relay.create_invite(&device, group, &req))
        .await?;
    Ok((StatusCode::CREATED, Json(invite)).into_response())
}

#[tracing::instrument(skip_all)]
async fn revoke(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(code): Path<String>,
) -> Result<StatusCode, AppError> {
    state.writing(move |relay| relay.revoke_invite(&device, &code)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn redeem(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(req): JsonBody<RedeemInvite>,
) -> Result<Json<Membership>, AppError> {
    let membership = state.writing(move |relay| relay.redeem(&device, &req)).await?;
    Ok(Json(membership))
}

#[tracing::instrument(skip_all)]
async fn sync(
    State(state): State<AppState>,
    Authed(device): Authed,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let body = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(r.body_text())
        }
    })?;
    let metrics = &state.relay().metrics;
    Metrics::add(&metrics.sync_bytes_in, body.len() as u64);
    let req: SyncRequest = protocol::decode(&body)
        .map_err(|e| AppError::BadRequest(crate::redact::redact(&format!("the sync body was refused: {e}"))))?;
    // Uploads take their turn at the writer; the answer is read beside other syncs.
    let SyncRequest {
        cursors,
        docs,
        accept_saved,
        ..
    } = req;
    let uploaded = if docs.is_empty() {
        Uploaded::default()
    } else {
        let device = device.clone();
        state.writing(move |relay| relay.upload(&device, &docs)).await?
    };
    let res = state
        .blocking(move |relay| relay.answer(&device, &cursors, accept_saved, uploaded))
        .await?;
    let bytes = protocol::encode(&res);
    Metrics::add(&metrics.sync_bytes_out, bytes.len() as u64);
    Ok(([(CONTENT_TYPE, CBOR)], bytes).into_response())
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
    if json {
        return res;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", AppError::TooLarge.to_string()),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the relay took too long to answer; try again".to_string()),
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
