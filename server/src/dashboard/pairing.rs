//! Signing in by pairing with a phone. The browser opens `/dashboard/signin` and is shown a
//! short code (and the same code as a QR code); a member of staff approves it from their phone
//! (`POST /v1/dashboard/approve`, `http/dashboard.rs`; the core's `RelayClient::approve_dashboard`, or
//! `jinlin dashboard approve CODE`). The browser polls `/dashboard/signin/status` and, once
//! approved, receives its session cookie and goes to the Now page. A phone whose member is not
//! staff, a grid worker or a building leader is refused (403), and the browser is told so.
//! Signing out (`POST /dashboard/signout`) ends the session.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jinlin_model::protocol::DashboardApproval;
use jinlin_model::refusal::Refusal;
use maud::{PreEscaped, html};

use super::desk::{AskedLang, desk_of, may_use_desk};
use super::layout::{error_page, page, respond, secure_headers};
use super::qr::qr_svg;
use super::session::{
    PAIRING_COOKIE, PAIRING_LIFETIME, PairingState, SESSION_COOKIE, SESSION_LIFETIME, cookie, over_https, set_cookie,
};
use crate::AppState;
use crate::error::AppError;
use crate::relay::Relay;
use crate::store::DeviceRecord;

/// Why a phone may not approve.
pub const NOT_FOR_DESK: &str = Refusal::NotForDesk.en();
/// A code that is not waiting.
pub const NO_SUCH_CODE: &str = Refusal::NoSuchSigninCode.en();

impl Relay {
    /// The device `by` approves the dashboard sign-in showing `code`. A member who may not use
    /// the dashboard is refused, and the browser is told so.
    pub fn approve_dashboard(&self, by: &DeviceRecord, code: &str) -> Result<DashboardApproval, AppError> {
        let memberships = self.store.memberships(by.member_id)?;
        let allowed = may_use_desk(&memberships);
        let now = self.now();
        if !self.desks().answer(code, by.member_id, allowed, now)? {
            return Err(AppError::NotFound(NO_SUCH_CODE));
        }
        if !allowed {
            tracing::info!(member = %by.member_id, "dashboard sign-in refused: no desk role");
            return Err(AppError::Forbidden(NOT_FOR_DESK.into()));
        }
        tracing::info!(member = %by.member_id, "dashboard sign-in approved");
        Ok(DashboardApproval {
            member_id: by.member_id,
            expires_at: now + SESSION_LIFETIME,
        })
    }
}

fn with_cookies(mut res: Response, cookies: &[String]) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// `GET /dashboard`: the Now page when signed in, else sign in.
pub async fn root(State(state): State<AppState>, AskedLang(lang): AskedLang, headers: HeaderMap) -> Response {
    match desk_of(&state, &headers, lang).await {
        Some(_) => Redirect::to("/dashboard/now").into_response(),
        None => Redirect::to("/dashboard/signin").into_response(),
    }
}

/// `GET /dashboard/signin`: a fresh code to approve, as text and as a QR code.
pub async fn signin(State(state): State<AppState>, AskedLang(lang): AskedLang, headers: HeaderMap) -> Response {
    if desk_of(&state, &headers, lang).await.is_some() {
        return Redirect::to("/dashboard/now").into_response();
    }
    let pairing = match state.blocking(|r| Ok(r.desks().pair(r.now())?)).await {
        Ok(Some(p)) => p,
        Ok(None) => return error_page(lang, None, StatusCode::TOO_MANY_REQUESTS, lang.t("signin_expired")),
        Err(e) => {
            tracing::error!(error = %e, "no pairing code");
            return error_page(lang, None, StatusCode::INTERNAL_SERVER_ERROR, lang.t("error_title"));
        }
    };
    let qr = qr_svg(&format!("jinlin:dashboard:{}", pairing.code));
    let body = html! {
        section.signin {
            h1 { (lang.t("signin_title")) }
            p { (lang.t("signin_steps")) }
            div.qr { (PreEscaped(qr)) }
            p.code id="pairing-code" { (pairing.code) }
            p.muted { (lang.t("signin_cli")) }
            p id="pairing-state" data-waiting=(lang.t("signin_waiting")) data-refused=(lang.t("signin_refused"))
                data-expired=(lang.t("signin_expired")) { (lang.t("signin_waiting")) }
            p.muted { (lang.t("signin_expires")) }
            p { a href="/dashboard/signin" id="pairing-again" hidden { (lang.t("signin_again")) } }
        }
    };
    let secure = over_https(&headers);
    let max_age = u64::try_from(PAIRING_LIFETIME / 1000).unwrap_or(300);
    with_cookies(
        respond(StatusCode::OK, page(lang, None, None, body)),
        &[set_cookie(PAIRING_COOKIE, &pairing.secret, max_age, secure, true)],
    )
}

/// `GET /dashboard/signin/status`: where this browser's pairing stands (`waiting`, `approved`,
/// `refused` or `expired`). The first answer `approved` carries the session cookie.
pub async fn status(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(secret) = cookie(&headers, PAIRING_COOKIE) else {
        return status_json("expired", &[]);
    };
    let (state_now, session) = match state.blocking(move |r| Ok(r.desks().claim(&secret, r.now())?)).await {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "no session made");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let secure = over_https(&headers);
    match (state_now, session) {
        (PairingState::Approved(_), Some((secret, _))) => {
            let max_age = u64::try_from(SESSION_LIFETIME / 1000).unwrap_or(3600);
            status_json(
                "approved",
                &[
                    set_cookie(SESSION_COOKIE, &secret, max_age, secure, true),
                    set_cookie(PAIRING_COOKIE, "", 0, secure, true),
                ],
            )
        }
        (PairingState::Waiting, _) => status_json("waiting", &[]),
        (PairingState::Refused, _) => status_json("refused", &[set_cookie(PAIRING_COOKIE, "", 0, secure, true)]),
        _ => status_json("expired", &[]),
    }
}

fn status_json(state: &str, cookies: &[String]) -> Response {
    let mut res = Json(serde_json::json!({ "state": state })).into_response();
    secure_headers(res.headers_mut());
    with_cookies(res, cookies)
}

/// `POST /dashboard/signout`: ends this session.
pub async fn signout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        let ended = state.blocking(move |r| Ok(r.desks().sign_out(&secret)?)).await;
        if let Err(e) = ended {
            tracing::error!(error = %e, "dashboard session not ended");
        }
    }
    let secure = over_https(&headers);
    with_cookies(
        Redirect::to("/dashboard/signin").into_response(),
        &[set_cookie(SESSION_COOKIE, "", 0, secure, true)],
    )
}
