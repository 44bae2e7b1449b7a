//! Huawei (and Honor) Push Kit, v1: `POST {base}/v1/{app id}/messages:send` with
//! `Authorization: Bearer <access token>` (the client credentials grant at Huawei's OAuth
//! endpoint, with the app's id and secret; the token lasts an hour and is refreshed before it
//! expires) and `{"validate_only":false,"message":{"data":"<JSON text>","android":{"urgency":
//! "HIGH","ttl":"…"},"token":["…"]}}` (the app shows the `title` and `body` in the data, worded
//! in the recipient's language). Push Kit answers `{"code":"80000000","msg":"Success",
//! "requestId":…}`; `80300007` means every token was invalid, and `80100000` (partly sent) lists
//! the invalid ones in `msg`; `80200003` (or HTTP 401) means the access token expired, and the
//! push is tried once more with a fresh one.

use std::time::Duration;

use jinlin_model::Language;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::oauth::{Grant, TokenCache};
use super::{PushError, PushMessage, transport};

/// Success.
const OK: &str = "80000000";
/// Sent to some tokens; `msg` names the invalid ones.
const PARTLY: &str = "80100000";
/// The access token expired.
const TOKEN_EXPIRED: &str = "80200003";
/// The access token is not valid.
const TOKEN_INVALID: &str = "80200001";
/// Every token is invalid.
const ALL_TOKENS_INVALID: &str = "80300007";
/// How long Push Kit keeps trying to deliver an urgent alert to a phone that is off.
const TTL: Duration = Duration::from_secs(3600);

/// The Push Kit adapter.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HuaweiSettings {
    /// The app's id in AppGallery Connect (also its OAuth client id).
    pub app_id: String,
    /// The app's secret (its OAuth client secret).
    pub app_secret: String,
    /// Base URL (default `https://push-api.cloud.huawei.com`).
    #[serde(default = "base")]
    pub base_url: String,
    /// The OAuth token endpoint (default `https://oauth-login.cloud.huawei.com/oauth2/v3/token`).
    #[serde(default = "token_url")]
    pub token_url: String,
}

fn base() -> String {
    "https://push-api.cloud.huawei.com".into()
}

fn token_url() -> String {
    "https://oauth-login.cloud.huawei.com/oauth2/v3/token".into()
}

impl std::fmt::Debug for HuaweiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HuaweiSettings")
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Push Kit's answer.
#[derive(Deserialize)]
struct Answer {
    code: String,
    #[serde(default)]
    msg: String,
}

/// Sends `msg` to the Push Kit `token`.
pub(super) async fn send(
    http: &reqwest::Client,
    tokens: &TokenCache,
    s: &HuaweiSettings,
    token: &str,
    language: Language,
    msg: &PushMessage,
) -> Result<(), PushError> {
    let grant = Grant::ClientCredentials {
        token_url: s.token_url.clone(),
        client_id: s.app_id.clone(),
        client_secret: s.app_secret.clone(),
    };
    let url = format!("{}/v1/{}/messages:send", s.base_url.trim_end_matches('/'), s.app_id);
    let data = serde_json::Value::Object(msg.worded_data(language)).to_string();
    let body = json!({
        "validate_only": false,
        "message": {
            "data": data,
            "android": { "urgency": "HIGH", "ttl": format!("{}s", TTL.as_secs()) },
            "token": [token],
        }
    });
    for attempt in 0..2 {
        let access = tokens.token(http, &grant).await?;
        let resp = http
            .post(&url)
            .bearer_auth(access)
            .json(&body)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status();
        let text = resp.text().await.map_err(transport)?;
        let answer: Option<Answer> = serde_json::from_str(&text).ok();
        let code = answer.as_ref().map_or("", |a| a.code.as_str());
        if status.is_success() && code == OK {
            return Ok(());
        }
        let expired = status == reqwest::StatusCode::UNAUTHORIZED || code == TOKEN_EXPIRED || code == TOKEN_INVALID;
        if expired && attempt == 0 {
            tokens.forget().await;
            continue;
        }
        let said: String = text.chars().take(300).collect();
        if code == ALL_TOKENS_INVALID || (code == PARTLY && answer.is_some_and(|a| a.msg.contains(token))) {
            return Err(PushError::Gone(said));
        }
        return Err(PushError::Refused {
            status: status.as_u16(),
            body: said,
        });
    }
    Err(PushError::Transport("Push Kit refused two fresh access tokens".into()))
}
