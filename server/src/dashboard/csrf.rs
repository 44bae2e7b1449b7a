//! The CSRF check every state-changing dashboard request passes before any handler runs: the
//! session's own token, in the `x-csrf-token` header (scripts) or the `csrf` form field (pages).
//! The session cookie is SameSite=Strict as well; this is the second lock.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jinlin_model::refusal::Refusal;

use super::desk::{CSRF_FIELD, CSRF_HEADER, NotSignedIn, lang_of};
use super::layout::error_page;
use super::session::{SESSION_COOKIE, cookie};
use crate::AppState;

/// Largest form a dashboard POST may carry.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// Every state-changing dashboard request must carry its session's CSRF token, in the
/// `x-csrf-token` header or the `csrf` form field; one without it (or with another session's)
/// is refused 403 before any handler runs. GET and HEAD change nothing and pass.
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let secret = cookie(&parts.headers, SESSION_COOKIE);
    let session = match secret {
        Some(s) => state
            .blocking(move |r| Ok(r.desks().session(&s, r.now())))
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let Some(session) = session else {
        return NotSignedIn::for_script().into_response();
    };
    let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            // A page in the desk's language: a bare 413 would be told as the relay's body limit.
            let lang = lang_of(&parts);
            let message = Refusal::FormTooLarge.sentence(lang.language());
            return error_page(lang, None, StatusCode::PAYLOAD_TOO_LARGE, message);
        }
    };
    let from_header = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let from_form = || {
        form_urlencoded_pairs(&bytes)
            .into_iter()
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v)
    };
    let presented = from_header.or_else(from_form);
    if !presented.is_some_and(|t| same(t.as_bytes(), session.csrf.as_bytes())) {
        let lang = lang_of(&parts);
        return error_page(lang, None, StatusCode::FORBIDDEN, lang.t("csrf_refused"));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The pairs of an `application/x-www-form-urlencoded` body (none when it is not one).
pub fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(bytes).unwrap_or_default()
}

/// Compares two secrets in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_decoded() {
        let pairs = form_urlencoded_pairs(b"csrf=ab%2Fc&team=Drivers+A&x");
        assert_eq!(
            pairs,
            vec![
                ("csrf".into(), "ab/c".into()),
                ("team".into(), "Drivers A".into()),
                ("x".into(), String::new())
            ]
        );
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
