//! Request bodies in JSON whose rejections are the relay's own error answers, never axum's
//! plain text, and never quoting the values they refused.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use jinlin_model::refusal::Refusal;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body whose rejection is an [`AppError`].
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::TooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest(Refusal::NotJson.into())),
            // serde quotes the offending value, which may be personal: keep only the shape.
            Err(rejection) => Err(AppError::BadRequest(crate::redact::redact(&rejection.body_text()))),
        }
    }
}
