//! Errors. [`Error`] is what goes wrong inside the relay (storage, decoding, tasks); [`AppError`]
//! is what a device is told. They meet in one place, [`AppError::into_response`], which also
//! decides what is logged: internal failures in full at `error`, refusals briefly at `debug`.
//! No error body carries personal data (names, buildings, request texts), only ids and kinds.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinlin_model::protocol::{ErrorBody, MAX_BODY_BYTES};
use jinlin_model::refusal::Refusal;

/// Something failed inside the relay.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("storage error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("storage error: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// A stored value does not read back (written by a newer or damaged relay).
    #[error("a stored {what} does not read: {reason}")]
    Unreadable {
        /// What was read.
        what: &'static str,
        /// Why it does not read.
        reason: String,
    },
    /// The store could not be opened.
    #[error("the relay store at {path} could not be opened: {reason}")]
    Open {
        /// The file, or the database (never with its password).
        path: String,
        /// What the engine said.
        reason: String,
    },
    /// The store was written by a newer relay.
    #[error("the relay store has schema version {found}; this relay reads up to {supported}: update the relay")]
    NewerStore {
        /// Version on disk.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A stored document could not be rebuilt.
    #[error("stored document {id} could not be loaded: {reason}")]
    CorruptDocument {
        /// The document.
        id: String,
        /// What Automerge said.
        reason: String,
    },
    /// The core refused or failed.
    #[error(transparent)]
    Core(#[from] jinlin_model::Error),
    /// Moving the relay's data from SQLite to PostgreSQL was refused.
    #[error("cannot move the relay's data: {0}")]
    Move(String),
    /// A file or socket failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The operating system's random source failed.
    #[error("no randomness available: {0}")]
    Random(String),
    /// A blocking task panicked or was cancelled.
    #[error("a background task failed: {0}")]
    Task(String),
}

/// What a device is told when a call fails. Each case maps to one status and one `error` code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No bearer token, or one the relay does not know.
    #[error("{}", Refusal::TokenRequired.en())]
    Unauthorized,
    /// Nothing there, or nothing this device may see (the two answer the same).
    #[error("{0}")]
    NotFound(&'static str),
    /// The device may see it but not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Already taken.
    #[error("{0}")]
    Conflict(String),
    /// Malformed input.
    #[error("{0}")]
    BadRequest(String),
    /// An invite that no longer admits anyone.
    #[error("{message}")]
    Gone {
        /// Machine-readable code.
        code: &'static str,
        /// A sentence for a person.
        message: &'static str,
    },
    /// More at once than the relay allows one device or address.
    #[error("{0}")]
    TooManyRequests(&'static str),
    /// The body is larger than [`MAX_BODY_BYTES`].
    #[error("{}", Refusal::BodyTooLarge.with(&[&MAX_BODY_BYTES]))]
    TooLarge,
    /// The relay failed.
    #[error(transparent)]
    Internal(#[from] Error),
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(Error::Sql(e))
    }
}

impl AppError {
    /// The HTTP status and machine-readable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Gone { code, .. } => (StatusCode::GONE, code),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many"),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            AppError::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                Refusal::RelayFailed.en().to_string()
            }
            other => {
                tracing::debug!(code, error = %other, "request refused");
                other.to_string()
            }
        };
        error_response(status, code, message)
    }
}

/// A JSON [`ErrorBody`] response.
pub fn error_response(status: StatusCode, code: &str, message: String) -> Response {
    let mut res = Json(ErrorBody {
        error: code.to_string(),
        message,
    })
    .into_response();
    *res.status_mut() = status;
    res
}
