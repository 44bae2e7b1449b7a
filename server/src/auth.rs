//! Authentication: bearer tokens and the [`Authed`] extractor every call but registration uses.
//! A token is 32 random bytes written as 64 hex digits (made by the device, or by the relay for
//! older devices); the relay stores only its SHA-256, so a leaked database does not let anyone
//! act as a device. The token of a revoked device is answered like an unknown one: 401.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest as _, Sha256};

use crate::AppState;
use crate::error::{AppError, Error};
use crate::store::{DeviceRecord, Digest};

/// Random bytes in a token.
pub const TOKEN_BYTES: usize = 32;

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> Digest {
    Sha256::digest(data).into()
}

/// Fills `buf` from the operating system's random source.
pub fn random(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|e| Error::Random(e.to_string()))
}

/// A fresh token and its hash.
pub fn new_token() -> Result<(String, Digest), Error> {
    let mut bytes = [0u8; TOKEN_BYTES];
    random(&mut bytes)?;
    let token = hex::encode(bytes);
    let hash = sha256(token.as_bytes());
    Ok((token, hash))
}

/// The hash of the bearer token in `headers`, if there is a well-formed one.
pub fn presented_token(headers: &HeaderMap) -> Option<Digest> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    let well_formed = scheme.eq_ignore_ascii_case("bearer")
        && token.len() == TOKEN_BYTES * 2
        && token.bytes().all(|b| b.is_ascii_hexdigit());
    well_formed.then(|| sha256(token.to_ascii_lowercase().as_bytes()))
}

/// The device a call was authenticated as.
#[derive(Debug, Clone)]
pub struct Authed(pub DeviceRecord);

impl FromRequestParts<AppState> for Authed {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let hash = presented_token(&parts.headers).ok_or(AppError::Unauthorized)?;
        // A device the store holds in memory needs no trip to a blocking thread.
        let device = match state.relay().store().known_device(&hash) {
            Some(device) => Some(device),
            None => {
                state
                    .blocking(move |relay| Ok(relay.store().device_by_token(&hash)?))
                    .await?
            }
        };
        // A revoked device's token opens nothing, exactly like an unknown one.
        let device = device.filter(DeviceRecord::is_active).ok_or(AppError::Unauthorized)?;
        tracing::Span::current().record("member", tracing::field::display(device.member_id));
        Ok(Authed(device))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn only_a_well_formed_bearer_token_is_presented() {
        let (token, hash) = new_token().expect("token");
        let mut headers = HeaderMap::new();
        assert_eq!(presented_token(&headers), None);
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
        );
        assert_eq!(presented_token(&headers), Some(hash));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer not-a-token"));
        assert_eq!(presented_token(&headers), None);
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {token}")).expect("header"),
        );
        assert_eq!(presented_token(&headers), None);
    }

    #[test]
    fn tokens_differ_and_only_their_hash_is_kept() {
        let (a, ha) = new_token().expect("token");
        let (b, _) = new_token().expect("token");
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(hex::encode(ha), a);
    }
}
