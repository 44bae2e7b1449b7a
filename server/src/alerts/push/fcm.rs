//! FCM HTTP v1: `POST {base}/v1/projects/{project}/messages:send`,
//! `Authorization: Bearer <OAuth access token>`, body
//! `{"message":{"token":…,"data":{…},"android":{"priority":"high"}}}` (data values are strings;
//! the app shows the `title` and `body` in them, worded in the recipient's language).
//! A `404` whose error is `UNREGISTERED` means the app is gone from that phone. With an OAuth
//! grant, a `401` drops the access token and the push is tried once more with a fresh one.

use jinlin_model::Language;
use serde_json::json;

use super::oauth::TokenCache;
use super::{FcmSettings, PushError, PushMessage, refused, transport};

/// Sends `msg` to the FCM registration `token`.
pub(super) async fn send(
    http: &reqwest::Client,
    tokens: &TokenCache,
    s: &FcmSettings,
    token: &str,
    language: Language,
    msg: &PushMessage,
) -> Result<(), PushError> {
    let url = format!(
        "{}/v1/projects/{}/messages:send",
        s.base_url.trim_end_matches('/'),
        s.project
    );
    let body = json!({
        "message": {
            "token": token,
            "data": msg.worded_data(language),
            "android": { "priority": "high" },
        }
    });
    for attempt in 0..2 {
        let access = match &s.oauth {
            Some(grant) => tokens.token(http, grant).await?,
            None => s.access_token.clone(),
        };
        let resp = http
            .post(&url)
            .bearer_auth(access)
            .json(&body)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        if status == reqwest::StatusCode::UNAUTHORIZED && s.oauth.is_some() && attempt == 0 {
            tokens.forget().await;
            continue;
        }
        let err = refused(resp).await;
        return Err(match err {
            PushError::Refused { status: 404, body } if body.contains("UNREGISTERED") => PushError::Gone(body),
            other => other,
        });
    }
    Err(PushError::Transport("FCM refused two fresh access tokens".into()))
}
