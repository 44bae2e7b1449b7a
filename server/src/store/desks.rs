//! What the relay keeps of the dashboard's sign-ins (`dashboard/session.rs`): pairings (a code a
//! browser shows, waiting for a phone's approval) and sessions, each by the SHA-256 of the
//! browser's secret. Kept in the store, not in one process's memory, so a browser signs in and
//! carries on through any relay instance behind a load balancer, and a restart signs nobody
//! out. [`DeskStore`] is part of every relay store.

use jinlin_model::ids::INSTALLATION_LEN;
use jinlin_model::{MemberId, Millis};

use crate::error::Error;
use crate::store::Digest;

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The member whose device approved it; everything it does is theirs.
    pub member: MemberId,
    /// The token every POST carries.
    pub csrf: String,
    /// When it ends, by the relay's clock.
    pub expires_at: Millis,
    /// The bytes after the member id of the actor its changes are written as.
    pub installation: [u8; INSTALLATION_LEN],
}

/// Where a pairing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairingState {
    /// Shown, not approved yet.
    Waiting,
    /// Approved by this member's device; the browser's next poll becomes a session.
    Approved(MemberId),
    /// A device whose member may not use the dashboard tried to approve it.
    Refused,
    /// Unknown or past its time.
    Expired,
}

impl PairingState {
    /// As stored: the state's name and the approving member.
    pub(crate) fn to_row(self) -> (&'static str, Option<String>) {
        match self {
            PairingState::Waiting => ("waiting", None),
            PairingState::Approved(m) => ("approved", Some(m.to_string())),
            PairingState::Refused => ("refused", None),
            PairingState::Expired => ("expired", None),
        }
    }

    /// From a stored row.
    pub(crate) fn from_row(state: &str, member: Option<String>) -> Result<PairingState, Error> {
        Ok(match (state, member) {
            ("waiting", _) => PairingState::Waiting,
            ("approved", Some(m)) => PairingState::Approved(super::postgres::parse(m)?),
            ("refused", _) => PairingState::Refused,
            _ => PairingState::Expired,
        })
    }
}

/// A session from a stored row: member, CSRF token, expiry and installation bytes (both
/// engines store the same columns).
pub(crate) fn session_of(
    (member, csrf, expires_at, installation): (String, String, Millis, Vec<u8>),
) -> Result<Session, Error> {
    Ok(Session {
        member: super::postgres::parse(member)?,
        csrf,
        expires_at,
        installation: installation.try_into().map_err(|_| Error::CorruptDocument {
            id: "desk session".into(),
            reason: "installation bytes of the wrong length".into(),
        })?,
    })
}

/// What [`DeskStore::put_pairing`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutPairing {
    /// Kept.
    Kept,
    /// Another waiting pairing shows the same code: draw another.
    CodeTaken,
    /// As many pairings wait as may.
    Full,
}

/// Storage for the dashboard's pairings and sessions.
pub trait DeskStore {
    /// Keeps a waiting pairing showing `code` until `expires_at` for the browser whose secret
    /// hashes to `secret`, unless `max` unexpired pairings wait or one of them shows `code`;
    /// forgets expired pairings first.
    fn put_pairing(
        &self,
        secret: &Digest,
        code: &str,
        expires_at: Millis,
        now: Millis,
        max: usize,
    ) -> Result<PutPairing, Error>;
    /// Answers the unexpired waiting pairing showing `code` with `answer` (approved or
    /// refused); whether one waited.
    fn answer_pairing(&self, code: &str, answer: PairingState, now: Millis) -> Result<bool, Error>;
    /// The unexpired pairing of `secret` ([`PairingState::Expired`] for none).
    fn pairing(&self, secret: &Digest, now: Millis) -> Result<PairingState, Error>;
    /// Turns the approved pairing of `secret` into `session`, kept by `session_secret`, in one
    /// transaction; false if it was claimed meanwhile (through another instance, say).
    fn claim_pairing(&self, secret: &Digest, session_secret: &Digest, session: &Session) -> Result<bool, Error>;
    /// The unexpired session of `secret`.
    fn session(&self, secret: &Digest, now: Millis) -> Result<Option<Session>, Error>;
    /// Ends the session of `secret`.
    fn end_session(&self, secret: &Digest) -> Result<(), Error>;
    /// Ends every session of `member`, and forgets expired ones.
    fn end_member_sessions(&self, member: MemberId, now: Millis) -> Result<(), Error>;
    /// Unexpired sessions.
    fn open_sessions(&self, now: Millis) -> Result<usize, Error>;
}
