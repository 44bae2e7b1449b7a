//! Who is signed in to the dashboard, and how a browser becomes so: pairings (a short code the
//! browser shows and a phone approves) and sessions (a cookie).
//!
//! A browser asking to sign in gets a pairing: a short code to show, and a secret of its own
//! kept in an HttpOnly cookie, so only the browser that shows a code can turn its approval into
//! a session. A phone approves the code (`POST /v1/dashboard/approve`, see `pairing.rs`); the
//! browser, polling, then receives the session cookie. Both are kept in the relay's store
//! (`store/desks.rs`), so every relay instance behind a load balancer knows them and a restart
//! signs nobody out; only the SHA-256 of a secret is kept (as device tokens in `auth.rs`).
//!
//! A session belongs to the device that approved it. It lasts [`SESSION_LIFETIME`], ends when
//! signed out, and ends with its device: the revocation path (`revocation.rs`) ends every
//! session of a revoked member, and every request checks the device again. Each session has
//! its own CSRF token, checked on every POST (`csrf.rs`), and its own installation bytes, so
//! the changes it writes never reuse a sequence number of the member's phone.

use std::sync::Arc;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use jinlin_model::ids::INSTALLATION_LEN;
use jinlin_model::{MemberId, Millis};

use crate::auth::{new_token, random, sha256};
use crate::error::Error;
use crate::store::RelayStore;
use crate::store::desks::PutPairing;

/// The session cookie.
pub const SESSION_COOKIE: &str = "jinlin_session";
/// The cookie holding a pairing browser's secret.
pub const PAIRING_COOKIE: &str = "jinlin_pairing";
/// How long a session lasts.
pub const SESSION_LIFETIME: Millis = 12 * 3_600_000;
/// How long a pairing code may be approved.
pub const PAIRING_LIFETIME: Millis = 5 * 60_000;
/// Pairings waiting at once; more are refused until some expire.
pub const MAX_PAIRINGS: usize = 10_000;
/// Letters of a pairing code: no 0/O, 1/I/L, so it reads aloud and types without mistakes.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Letters in a pairing code (about 40 bits).
pub const CODE_LEN: usize = 8;

pub use crate::store::desks::{PairingState, Session};

/// The dashboard's pairings and sessions, kept in the relay's store (so any instance behind a
/// load balancer knows them, and a restart signs nobody out).
#[derive(Clone)]
pub struct Desks {
    store: Arc<dyn RelayStore>,
}

impl std::fmt::Debug for Desks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desks").finish_non_exhaustive()
    }
}

/// A pairing just made: the code to show and the secret for the browser's cookie.
#[derive(Debug, Clone)]
pub struct NewPairing {
    /// The code, `ABCD-EFGH`.
    pub code: String,
    /// The browser's secret.
    pub secret: String,
}

/// Writes a code with a dash in the middle, as shown.
pub fn show_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len() / 2);
    format!("{a}-{b}")
}

/// A typed code as kept: letters and digits only, upper case (dashes and spaces dropped).
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Desks {
    /// The sign-ins kept in `store`.
    pub fn new(store: Arc<dyn RelayStore>) -> Desks {
        Desks { store }
    }

    /// A new pairing, waiting until `now + PAIRING_LIFETIME`. `None` when too many wait.
    pub fn pair(&self, now: Millis) -> Result<Option<NewPairing>, Error> {
        let (secret, hash) = new_token()?;
        loop {
            let mut bytes = [0u8; CODE_LEN];
            random(&mut bytes)?;
            let code: String = bytes
                .iter()
                .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
                .collect();
            match self
                .store
                .put_pairing(&hash, &code, now + PAIRING_LIFETIME, now, MAX_PAIRINGS)?
            {
                PutPairing::Kept => {
                    return Ok(Some(NewPairing {
                        code: show_code(&code),
                        secret,
                    }));
                }
                PutPairing::CodeTaken => continue,
                PutPairing::Full => return Ok(None),
            }
        }
    }

    /// Marks the waiting pairing with `code` approved by `member` (or refused, when `allowed`
    /// is false). `false` when no such code waits.
    pub fn answer(&self, code: &str, member: MemberId, allowed: bool, now: Millis) -> Result<bool, Error> {
        let answer = if allowed {
            PairingState::Approved(member)
        } else {
            PairingState::Refused
        };
        self.store.answer_pairing(&normalize_code(code), answer, now)
    }

    /// Where the pairing of the browser holding `secret` stands. An approved one is turned
    /// into a session once: the session and its secret come back with it.
    pub fn claim(&self, secret: &str, now: Millis) -> Result<(PairingState, Option<(String, Session)>), Error> {
        let hash = sha256(secret.as_bytes());
        let state = self.store.pairing(&hash, now)?;
        let PairingState::Approved(member) = state else {
            return Ok((state, None));
        };
        let (session_secret, session_hash) = new_token()?;
        let (csrf, _) = new_token()?;
        let mut installation = [0u8; INSTALLATION_LEN];
        random(&mut installation)?;
        let session = Session {
            member,
            csrf,
            expires_at: now + SESSION_LIFETIME,
            installation,
        };
        if !self.store.claim_pairing(&hash, &session_hash, &session)? {
            // Claimed meanwhile by another poll of the same browser.
            return Ok((PairingState::Expired, None));
        }
        Ok((state, Some((session_secret, session))))
    }

    /// The live session whose secret is `secret`; a store that cannot be read signs nobody in.
    pub fn session(&self, secret: &str, now: Millis) -> Option<Session> {
        self.store
            .session(&sha256(secret.as_bytes()), now)
            .inspect_err(|e| tracing::error!(error = %e, "dashboard session not readable"))
            .ok()
            .flatten()
    }

    /// Signs out the session whose secret is `secret`.
    pub fn sign_out(&self, secret: &str) -> Result<(), Error> {
        self.store.end_session(&sha256(secret.as_bytes()))
    }

    /// Ends every session of `member` (their device was revoked or signed out).
    pub fn end_member(&self, member: MemberId, now: Millis) -> Result<(), Error> {
        self.store.end_member_sessions(member, now)
    }

    /// Sessions open now (for tests and metrics).
    pub fn open_sessions(&self, now: Millis) -> Result<usize, Error> {
        self.store.open_sessions(now)
    }
}

/// The value of cookie `name` in `headers`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim().to_string())
}

/// Whether the browser reached the relay over HTTPS (directly or through a proxy that says so),
/// so cookies are marked `Secure`.
pub fn over_https(headers: &HeaderMap) -> bool {
    let proto = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.to_ascii_lowercase())
    };
    proto("x-forwarded-proto").is_some_and(|p| p.split(',').next().is_some_and(|p| p.trim() == "https"))
        || proto("forwarded").is_some_and(|p| p.contains("proto=https"))
}

/// A `Set-Cookie` value for the dashboard: HttpOnly, SameSite=Strict, on `/dashboard`, Secure
/// over HTTPS; `max_age` seconds (0 removes it).
pub fn set_cookie(name: &str, value: &str, max_age: u64, secure: bool, http_only: bool) -> String {
    let mut c = format!("{name}={value}; Path=/dashboard; Max-Age={max_age}; SameSite=Strict");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Millis = 1_000_000;

    fn desks() -> (tempfile::TempDir, Desks) {
        let dir = tempfile::tempdir().expect("dir");
        let store = crate::store::SqliteStore::open(dir.path().join("relay.db")).expect("open");
        (dir, Desks::new(Arc::new(store)))
    }

    #[test]
    fn an_approved_pairing_becomes_one_session_only_for_the_browser_that_shows_it() {
        let (_dir, desks) = desks();
        let member = MemberId::random();
        let p = desks.pair(NOW).expect("random").expect("room");
        assert_eq!(p.code.len(), CODE_LEN + 1);
        assert_eq!(desks.claim(&p.secret, NOW).expect("claim").0, PairingState::Waiting);
        assert!(!desks.answer("WRONG-CODE", member, true, NOW).expect("answer"));
        assert!(desks.answer(&p.code.to_lowercase(), member, true, NOW).expect("answer"));
        assert!(
            !desks.answer(&p.code, member, true, NOW).expect("answer"),
            "a code is answered once"
        );
        let (other, _) = new_token().expect("random");
        assert_eq!(desks.claim(&other, NOW).expect("claim").0, PairingState::Expired);
        let (state, session) = desks.claim(&p.secret, NOW).expect("claim");
        assert_eq!(state, PairingState::Approved(member));
        let (secret, session) = session.expect("a session");
        assert_eq!(session.member, member);
        assert_eq!(desks.session(&secret, NOW), Some(session));
        assert_eq!(desks.claim(&p.secret, NOW).expect("claim").0, PairingState::Expired);
    }

    #[test]
    fn sessions_expire_sign_out_and_end_with_their_member() {
        let (_dir, desks) = desks();
        let member = MemberId::random();
        let open = |desks: &Desks| {
            let p = desks.pair(NOW).expect("random").expect("room");
            desks.answer(&p.code, member, true, NOW).expect("answer");
            desks.claim(&p.secret, NOW).expect("claim").1.expect("session").0
        };
        let a = open(&desks);
        assert!(desks.session(&a, NOW + SESSION_LIFETIME).is_none(), "expired");
        let b = open(&desks);
        desks.sign_out(&b).expect("sign out");
        assert!(desks.session(&b, NOW).is_none(), "signed out");
        let c = open(&desks);
        desks.end_member(member, NOW).expect("end");
        assert!(desks.session(&c, NOW).is_none(), "ended with the device");
    }

    #[test]
    fn a_refused_or_late_pairing_gives_no_session() {
        let (_dir, desks) = desks();
        let p = desks.pair(NOW).expect("random").expect("room");
        assert!(desks.answer(&p.code, MemberId::random(), false, NOW).expect("answer"));
        assert_eq!(
            desks.claim(&p.secret, NOW).expect("claim"),
            (PairingState::Refused, None)
        );
        let late = desks.pair(NOW).expect("random").expect("room");
        assert!(
            !desks
                .answer(&late.code, MemberId::random(), true, NOW + PAIRING_LIFETIME)
                .expect("answer")
        );
        assert_eq!(
            desks.claim(&late.secret, NOW + PAIRING_LIFETIME).expect("claim").0,
            PairingState::Expired
        );
    }

    #[test]
    fn cookies_are_read_by_name_and_set_strict() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; jinlin_session=abc ; b=2".parse().expect("header"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
        let c = set_cookie(SESSION_COOKIE, "abc", 60, true, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        headers.insert("x-forwarded-proto", "https".parse().expect("header"));
        assert!(over_https(&headers));
    }
}
