//! Who may read `GET /metrics`: the relay's operator, not its users. The counts there (devices,
//! groups, documents, requests by route) say how big the relay is and how it is used; they never
//! hold ids, names or anything personal, but they are not for everyone either.
//!
//! - With an operator token configured (`--metrics-token` or `JINLIN_METRICS_TOKEN`), a scrape
//!   must carry `Authorization: Bearer <that token>`, from anywhere; anything else is 401. A
//!   device's token is not the operator's.
//! - Without one, only this machine may scrape (a client on a loopback address); anyone else
//!   gets 403 saying how to allow them. Behind a reverse proxy on the same machine every client
//!   looks local, so such a relay needs the token.
//!
//! The token is compared by its SHA-256, so the comparison takes the same time whatever it is.

use std::net::IpAddr;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

use crate::auth::sha256;
use crate::error::AppError;
use crate::store::Digest;

/// Shortest operator token accepted.
pub const MIN_TOKEN_CHARS: usize = 16;

/// How `/metrics` is guarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Only clients on a loopback address.
    LocalOnly,
    /// Anyone presenting the operator token with this SHA-256.
    Token(Digest),
}

impl MetricsAccess {
    /// The guard for an optional operator token; refuses a token too short to be a secret.
    pub fn new(token: Option<&str>) -> Result<MetricsAccess, String> {
        match token.map(str::trim) {
            None | Some("") => Ok(MetricsAccess::LocalOnly),
            Some(t) if t.chars().count() < MIN_TOKEN_CHARS || t.contains(char::is_whitespace) => Err(format!(
                "the metrics token must be at least {MIN_TOKEN_CHARS} characters, without spaces"
            )),
            Some(t) => Ok(MetricsAccess::Token(sha256(t.as_bytes()))),
        }
    }

    /// Whether a scrape from the client at `client` (unknown: not local; see `crate::client`
    /// for how a call through a trusted proxy is judged) with `headers` may read the metrics.
    pub fn check(&self, client: Option<IpAddr>, headers: &HeaderMap) -> Result<(), AppError> {
        match self {
            MetricsAccess::Token(expected) => {
                let presented = headers
                    .get(AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().split_once(' '))
                    .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                    .map(|(_, token)| sha256(token.trim().as_bytes()));
                if presented.as_ref() == Some(expected) {
                    Ok(())
                } else {
                    Err(AppError::Unauthorized)
                }
            }
            MetricsAccess::LocalOnly => {
                if client.is_some_and(|ip| ip.to_canonical().is_loopback()) {
                    Ok(())
                } else {
                    Err(AppError::Forbidden(
                        "metrics are served to this machine only; start the relay with --metrics-token to scrape \
                         them from elsewhere"
                            .into(),
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn bearer(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
        );
        h
    }

    #[test]
    fn without_a_token_only_this_machine_reads_the_metrics() {
        let access = MetricsAccess::new(None).expect("access");
        let none = HeaderMap::new();
        assert!(access.check(Some("127.0.0.1".parse().expect("addr")), &none).is_ok());
        assert!(access.check(Some("::1".parse().expect("addr")), &none).is_ok());
        assert!(
            access
                .check(Some("::ffff:127.0.0.1".parse().expect("addr")), &none)
                .is_ok()
        );
        for outside in ["192.168.1.20", "10.0.0.1", "2001:db8::1"] {
            let refused = access.check(Some(outside.parse().expect("addr")), &none);
            assert!(matches!(refused, Err(AppError::Forbidden(_))), "{outside}");
        }
        assert!(matches!(access.check(None, &none), Err(AppError::Forbidden(_))));
    }

    #[test]
    fn with_a_token_only_that_token_reads_the_metrics_from_anywhere() {
        let access = MetricsAccess::new(Some("operator-secret-0123")).expect("access");
        let outside = Some("192.168.1.20".parse().expect("addr"));
        assert!(access.check(outside, &bearer("operator-secret-0123")).is_ok());
        for wrong in [
            HeaderMap::new(),
            bearer("operator-secret-0124"),
            bearer(&"0".repeat(64)),
        ] {
            assert!(matches!(access.check(outside, &wrong), Err(AppError::Unauthorized)));
        }
        let local = Some("127.0.0.1".parse().expect("addr"));
        assert!(
            matches!(access.check(local, &HeaderMap::new()), Err(AppError::Unauthorized)),
            "once a token is set, this machine needs it too"
        );
    }

    #[test]
    fn a_short_or_spaced_operator_token_is_refused() {
        assert!(MetricsAccess::new(Some("short")).is_err());
        assert!(MetricsAccess::new(Some("has a space in it!")).is_err());
        assert_eq!(MetricsAccess::new(Some("  ")), Ok(MetricsAccess::LocalOnly));
    }
}
