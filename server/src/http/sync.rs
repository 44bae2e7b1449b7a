//! `POST /v1/sync`: the body is decoded here; the upload takes its turn at the writer and the
//! answer is read beside other syncs.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use jinlin_model::protocol::{self, CBOR, SyncRequest};
use jinlin_model::refusal::Refusal;

use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::sync::Uploaded;

#[tracing::instrument(skip_all)]
pub(super) async fn sync(
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
        .map_err(|e| AppError::BadRequest(crate::redact::redact(&Refusal::SyncBodyRefused.with(&[&e]))))?;
    // Uploads take their turn at the writer; the answer is read beside other syncs.
    let SyncRequest {
        cursors,
        docs,
        accept_saved,
        signatures,
        ..
    } = req;
    // Any use of Jinlin by a person living alone (or their proxy) counts as today's check-in: a
    // sync that carries something they did. A bare sync (a live channel reconnecting, a phone in
    // a pocket finding signal) proves only that the phone has a link.
    let member = device.member_id;
    let used = !docs.is_empty();
    let res = if docs.is_empty() {
        state
            .blocking(move |relay| relay.answer(&device, &cursors, accept_saved, Uploaded::default()))
            .await?
    } else {
        // Committed in turn; the answer is read after the turn has passed on, and is durable
        // before it returns (`Relay::upload_unsynced`).
        let uploader = device.clone();
        state
            .writing_then(
                move |relay| relay.upload_unsynced(&uploader, &docs, &signatures),
                move |relay, uploaded| relay.answer(&device, &cursors, accept_saved, uploaded),
            )
            .await?
    };
    if used && state.relay().checkins.checks_in(member) {
        state
            .writing(move |relay| {
                relay.used_jinlin(member);
                Ok(())
            })
            .await?;
    }
    let bytes = protocol::encode(&res);
    Metrics::add(&metrics.sync_bytes_out, bytes.len() as u64);
    Ok(([(CONTENT_TYPE, CBOR)], bytes).into_response())
}
