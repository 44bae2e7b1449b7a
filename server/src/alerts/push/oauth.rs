//! OAuth 2 access tokens for the push services, fetched when needed and refreshed before they
//! expire (Google's and Huawei's last an hour). An adapter configured with a fixed token keeps
//! using it; one configured with a grant asks the service's token endpoint:
//!
//! - **client credentials** (Huawei Push Kit: `grant_type=client_credentials`, the app's id and
//!   secret);
//! - **refresh token** (Google's OAuth for FCM: `grant_type=refresh_token` with the client id,
//!   secret and a refresh token, as in an `authorized_user` credentials file).
//!
//! The answer's `access_token` is kept until [`REFRESH_MARGIN`] before its `expires_in`; a
//! service that says the token was refused makes the adapter drop it ([`TokenCache::forget`]) and
//! fetch a new one once. One fetch at a time per adapter, so a burst of alerts asks once.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::PushError;

/// A token is refreshed this long before it expires.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(300);
/// A token whose answer names no lifetime is kept this long.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// How an adapter gets its access token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "grant", rename_all = "snake_case")]
pub enum Grant {
    /// The client credentials grant (RFC 6749 §4.4).
    ClientCredentials {
        /// The token endpoint.
        token_url: String,
        /// The client (app) id.
        client_id: String,
        /// The client secret.
        client_secret: String,
    },
    /// The refresh token grant (RFC 6749 §6).
    RefreshToken {
        /// The token endpoint.
        token_url: String,
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: String,
        /// The long-lived refresh token.
        refresh_token: String,
    },
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Grant::ClientCredentials {
                token_url, client_id, ..
            }
            | Grant::RefreshToken {
                token_url, client_id, ..
            } => f
                .debug_struct("Grant")
                .field("token_url", token_url)
                .field("client_id", client_id)
                .finish_non_exhaustive(),
        }
    }
}

impl Grant {
    fn token_url(&self) -> &str {
        match self {
            Grant::ClientCredentials { token_url, .. } | Grant::RefreshToken { token_url, .. } => token_url,
        }
    }

    /// The form the token endpoint is sent.
    fn form(&self) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        match self {
            Grant::ClientCredentials {
                client_id,
                client_secret,
                ..
            } => form
                .append_pair("grant_type", "client_credentials")
                .append_pair("client_id", client_id)
                .append_pair("client_secret", client_secret),
            Grant::RefreshToken {
                client_id,
                client_secret,
                refresh_token,
                ..
            } => form
                .append_pair("grant_type", "refresh_token")
                .append_pair("client_id", client_id)
                .append_pair("client_secret", client_secret)
                .append_pair("refresh_token", refresh_token),
        };
        form.finish()
    }
}

/// A token endpoint's answer.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// One adapter's current access token.
#[derive(Debug, Default)]
pub struct TokenCache {
    held: tokio::sync::Mutex<Option<(String, Instant)>>,
}

impl TokenCache {
    /// A token that is good for at least [`REFRESH_MARGIN`] more, fetched through `grant` if
    /// the one held is older.
    pub async fn token(&self, http: &reqwest::Client, grant: &Grant) -> Result<String, PushError> {
        let mut held = self.held.lock().await;
        if let Some((token, expires)) = held.as_ref()
            && Instant::now() + REFRESH_MARGIN < *expires
        {
            return Ok(token.clone());
        }
        let resp = http
            .post(grant.token_url())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(grant.form())
            .send()
            .await
            .map_err(|e| PushError::Transport(format!("token endpoint: {e}")))?;
        let status = resp.status();
        if !status.is_success() {
            let body: String = resp.text().await.unwrap_or_default().chars().take(300).collect();
            return Err(PushError::Refused {
                status: status.as_u16(),
                body: format!("token endpoint: {body}"),
            });
        }
        let answer: TokenAnswer = resp
            .json()
            .await
            .map_err(|e| PushError::Transport(format!("token endpoint answered no token: {e}")))?;
        let lifetime = answer.expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
        tracing::info!(lifetime_s = lifetime.as_secs(), "push access token refreshed");
        *held = Some((answer.access_token.clone(), Instant::now() + lifetime));
        Ok(answer.access_token)
    }

    /// Drops the held token (the service refused it), so the next call fetches a new one.
    pub async fn forget(&self) {
        *self.held.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_request_is_a_form_with_the_grant_and_escaped_secrets() {
        let grant = Grant::ClientCredentials {
            token_url: "https://oauth.example/token".into(),
            client_id: "10086".into(),
            client_secret: "a&b=c".into(),
        };
        assert_eq!(
            grant.form(),
            "grant_type=client_credentials&client_id=10086&client_secret=a%26b%3Dc"
        );
        assert!(!format!("{grant:?}").contains("a&b=c"), "secrets stay out of logs");
    }
}
