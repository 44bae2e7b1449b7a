//! The core's error type. Every case says what went wrong in words a person can act on, and
//! none of them carries personal data (names, addresses, request texts): ids and kinds only.

use crate::ids::{DocId, IdParseError};
use crate::kinds::{Status, UnknownWord};

/// What a core call can refuse or fail with. A call that returns an error has written nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required piece of text was empty.
    #[error("{0} must not be empty")]
    EmptyText(&'static str),
    /// A text was longer than allowed.
    #[error("{what} is too long ({len} characters; at most {max})")]
    TooLong {
        /// Which text.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A request must ask for at least one volunteer.
    #[error("a request needs at least 1 volunteer slot and at most {max}, not {given}")]
    InvalidSlots {
        /// What was asked for.
        given: i64,
        /// The largest number allowed.
        max: i64,
    },
    /// Other malformed input.
    #[error("{0}")]
    InvalidInput(String),
    /// A word that is not in a vocabulary.
    #[error(transparent)]
    UnknownWord(#[from] UnknownWord),
    /// A malformed id.
    #[error(transparent)]
    BadId(#[from] IdParseError),
    /// No request with this id on this device.
    #[error("no request {0} on this device")]
    UnknownRequest(DocId),
    /// No group with this id on this device.
    #[error("no group {0} on this device")]
    UnknownGroup(DocId),
    /// The request is done or cancelled.
    #[error("this request is {0} and can no longer change")]
    RequestFinal(Status),
    /// The action does not fit the request's current status.
    #[error("cannot {action} a request that is {status}")]
    WrongStatus {
        /// What was attempted.
        action: &'static str,
        /// The request's status.
        status: Status,
    },
    /// The member may not do this.
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    /// The member already has an active sign-up on this request.
    #[error("you have already signed up for this request")]
    AlreadySignedUp,
    /// The member has no active sign-up to withdraw.
    #[error("you have no active sign-up on this request")]
    NoSignup,
    /// The device has no identity yet.
    #[error("this device has no identity yet; register it first")]
    NoIdentity,
    /// The store on disk cannot be read as a Jinlin store.
    #[error("the local database at {path} is damaged or is not a Jinlin store ({reason})")]
    CorruptStore {
        /// The file.
        path: String,
        /// What SQLite or the schema check said.
        reason: String,
    },
    /// The store was written by a newer version of Jinlin.
    #[error(
        "the local database has schema version {found}; this version of Jinlin reads up to {supported}: update the app"
    )]
    NewerStore {
        /// Version on disk.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A stored or received document could not be decoded.
    #[error("document {id} could not be loaded: {reason}")]
    CorruptDocument {
        /// The document.
        id: String,
        /// What the decoder said.
        reason: String,
    },
    /// SQLite failed.
    #[error("local database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Automerge failed.
    #[error("document error: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    /// The relay could not be reached.
    #[error("the relay could not be reached ({0}); your changes are kept on this device and will be sent later")]
    Offline(String),
    /// The relay answered with an error.
    #[error("the relay refused: {message} (HTTP {status})")]
    Relay {
        /// HTTP status code.
        status: u16,
        /// The relay's explanation.
        message: String,
    },
    /// A message on the wire could not be decoded.
    #[error("malformed message: {0}")]
    Protocol(String),
    /// A neighbour's phone was not trusted, refused this one, or the link to it failed
    /// (peer-to-peer sync); what arrived whole before is kept.
    #[error("peer sync: {0}")]
    Peer(String),
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
