//! The HTTP calls of urgent alerts: decline, seen, receipts, and a member's alert settings
//! (availability, quiet hours, push registration, the language pushes are worded in). Handlers only move bytes; the rules are in
//! `alerts.rs` and the core's dispatcher.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use jinlin_model::dispatch::QuietHours;
use jinlin_model::protocol::{
    AlertReceipts, Availability, HomeLocation, LanguageSetting, PushRegistration, QuietHoursSetting,
};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, MemberId};

use super::json::JsonBody;
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::store::MemberSettings;

/// Longest push token accepted.
pub const MAX_PUSH_TOKEN: usize = 4096;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/requests/{id}/decline", post(decline))
        .route("/v1/requests/{id}/alerts", get(receipts))
        .route("/v1/alerts/{id}/seen", post(seen))
        .route("/v1/me/availability", put(availability))
        .route("/v1/me/quiet-hours", put(quiet_hours))
        .route("/v1/me/push", put(push))
        .route("/v1/me/home", put(home))
        .route("/v1/me/language", put(language))
}

fn request_id(s: &str) -> Result<DocId, AppError> {
    s.parse().map_err(|_| AppError::NotFound(Refusal::NoSuchRequest.en()))
}

#[tracing::instrument(skip_all)]
async fn decline(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = request_id(&id)?;
    state.blocking(move |r| r.decline(device.member_id, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn seen(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = request_id(&id)?;
    state.blocking(move |r| r.alert_seen(device.member_id, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn receipts(
    State(state): State<AppState>,
    Authed(device): Authed,
    Path(id): Path<String>,
) -> Result<Json<AlertReceipts>, AppError> {
    let id = request_id(&id)?;
    Ok(Json(
        state.blocking(move |r| r.alert_receipts(device.member_id, id)).await?,
    ))
}

/// Changes one member's alert settings: read, change, write back (answers 204). It takes its
/// turn at the writer, so two changes at the same moment cannot both read the old settings and
/// the second undo the first.
async fn update_settings(
    state: &AppState,
    member: MemberId,
    change: impl FnOnce(&mut MemberSettings) + Send + 'static,
) -> Result<StatusCode, AppError> {
    state
        .writing(move |r| {
            let mut s = r.store().member_settings(member)?;
            change(&mut s);
            Ok(r.store().put_member_settings(&s)?)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn availability(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<Availability>,
) -> Result<StatusCode, AppError> {
    update_settings(&state, device.member_id, move |s| {
        s.available = body.available;
    })
    .await
}

async fn quiet_hours(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<Option<QuietHoursSetting>>,
) -> Result<StatusCode, AppError> {
    let quiet = match &body {
        None => None,
        Some(q) => Some(
            QuietHours::parse(&format!("{}-{}", q.start, q.end))
                .ok_or_else(|| AppError::BadRequest(Refusal::QuietHoursForm.into()))?,
        ),
    };
    let medical = body.as_ref().is_none_or(|q| q.medical_through);
    update_settings(&state, device.member_id, move |s| {
        s.quiet = quiet;
        s.medical_through = medical;
    })
    .await
}

async fn home(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<Option<HomeLocation>>,
) -> Result<StatusCode, AppError> {
    let home = match body {
        None => None,
        Some(h) => {
            Some(HomeLocation::checked(h.lat, h.lon).ok_or_else(|| AppError::BadRequest(Refusal::HomeForm.into()))?)
        }
    };
    update_settings(&state, device.member_id, move |s| {
        s.home = home.map(|h| (h.lat, h.lon));
    })
    .await
}

async fn push(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<PushRegistration>,
) -> Result<StatusCode, AppError> {
    let token = body.token.trim().to_string();
    if token.is_empty() || token.len() > MAX_PUSH_TOKEN || token.chars().any(char::is_control) {
        return Err(AppError::BadRequest(Refusal::PushTokenForm.with(&[&MAX_PUSH_TOKEN])));
    }
    update_settings(&state, device.member_id, move |s| {
        s.push = Some((body.kind, token));
    })
    .await
}

/// The language the member's pushes and gateway texts are worded in; a tag the relay does not
/// speak is refused by the JSON reader with the tags it does.
async fn language(
    State(state): State<AppState>,
    Authed(device): Authed,
    JsonBody(body): JsonBody<LanguageSetting>,
) -> Result<StatusCode, AppError> {
    update_settings(&state, device.member_id, move |s| {
        s.language = body.language;
    })
    .await
}
