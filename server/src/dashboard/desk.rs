//! The signed-in member of staff a dashboard request comes from: [`Desk`], the extractor every
//! page and action takes. It reads the session cookie, checks the session has not expired, that
//! the device which approved it is still active, and that its member still holds a role that
//! may use the dashboard; a browser without one is sent to sign in. The CSRF check every POST
//! passes first is `csrf.rs`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::protocol::Membership;
use jinlin_model::{MemberId, Role};

use super::i18n::Lang;
use super::session::{SESSION_COOKIE, Session, cookie};
use crate::AppState;
use crate::store::DeviceRecord;

/// The roles that sign in to the dashboard.
pub const DESK_ROLES: [Role; 3] = [Role::Staff, Role::GridWorker, Role::BuildingLeader];

/// The header a script sends the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a page sends the CSRF token in.
pub const CSRF_FIELD: &str = "csrf";

/// Whether a member with these memberships may use the dashboard: staff, grid worker or
/// building leader somewhere.
pub fn may_use_desk(memberships: &[Membership]) -> bool {
    memberships.iter().any(|m| DESK_ROLES.contains(&m.role))
}

/// A signed-in member of staff.
#[derive(Debug, Clone)]
pub struct Desk {
    /// Their session.
    pub session: Session,
    /// The device that approved it.
    pub device: DeviceRecord,
    /// The language the page is in.
    pub lang: Lang,
}

impl Desk {
    /// The member.
    pub fn member(&self) -> MemberId {
        self.session.member
    }
}

/// Why a request has no desk: it is sent to sign in.
#[derive(Debug)]
pub struct NotSignedIn {
    page: bool,
}

impl NotSignedIn {
    /// The answer to a script or a form post: 401.
    pub fn for_script() -> Self {
        NotSignedIn { page: false }
    }
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        if self.page {
            Redirect::to("/dashboard/signin").into_response()
        } else {
            (
                StatusCode::UNAUTHORIZED,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><p>signed out: sign in again with your phone</p>",
            )
                .into_response()
        }
    }
}

/// The desk of the browser sending `headers`, if it is signed in and may still be.
pub async fn desk_of(state: &AppState, headers: &HeaderMap, lang: Lang) -> Option<Desk> {
    let secret = cookie(headers, SESSION_COOKIE)?;
    let (session, device, allowed) = state
        .blocking(move |r| {
            let Some(session) = r.desks().session(&secret, r.now()) else {
                return Ok(None);
            };
            let device = r.store().device(session.member)?;
            let memberships = r.store().memberships(session.member)?;
            Ok(Some((session, device, may_use_desk(&memberships))))
        })
        .await
        .ok()??;
    // A revoked device's sessions are ended by the revocation itself; this is the second lock.
    let device = device.filter(DeviceRecord::is_active)?;
    if !allowed {
        return None;
    }
    Some(Desk { session, device, lang })
}

pub(super) fn lang_of(parts: &Parts) -> Lang {
    let query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .map(|(_, v)| v)
    });
    Lang::of(query, &parts.headers)
}

impl FromRequestParts<AppState> for Desk {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = lang_of(parts);
        let page = parts.method == Method::GET
            && !parts
                .headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/event-stream"));
        desk_of(state, &parts.headers, lang).await.ok_or(NotSignedIn { page })
    }
}

/// The language a request asks for (`?lang=`, the cookie, else Chinese), as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct AskedLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for AskedLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(AskedLang(lang_of(parts)))
    }
}
