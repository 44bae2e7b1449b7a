//! APNs: `POST {base}/3/device/{token}` with `authorization: bearer <provider JWT>`,
//! `apns-topic`, `apns-push-type: alert`, `apns-priority: 10` and
//! `{"aps":{"alert":{"title":…,"body":…},"sound":"default","interruption-level":…}}`, critical
//! for an urgent hospital ride, time-sensitive otherwise. Apple's servers speak only HTTP/2, so
//! the adapter has its own client that speaks nothing else (negotiated over TLS with Apple,
//! HTTP/2 with prior knowledge to a plain-text endpoint such as the local fake), and keeps its
//! connection open between pushes as Apple asks. `410 Unregistered` and `400 BadDeviceToken` mean
//! the token is gone.

use jinlin_model::Language;
use serde_json::json;

use super::{ApnsSettings, PushError, PushMessage, refused, transport};

/// Sends `msg` to the APNs device `token`.
pub(super) async fn send(
    http2: &reqwest::Client,
    s: &ApnsSettings,
    token: &str,
    language: Language,
    msg: &PushMessage,
) -> Result<(), PushError> {
    let url = format!("{}/3/device/{token}", s.base_url.trim_end_matches('/'));
    let n = msg.notification(language);
    let level = if msg.critical() { "critical" } else { "time-sensitive" };
    let payload = json!({
        "aps": {
            "alert": { "title": n.title, "body": n.body },
            "sound": "default",
            "interruption-level": level,
        },
        "data": msg.worded_data(language),
    });
    let resp = http2
        .post(url)
        .header("authorization", format!("bearer {}", s.bearer_token))
        .header("apns-topic", &s.topic)
        .header("apns-push-type", "alert")
        .header("apns-priority", "10")
        .json(&payload)
        .send()
        .await
        .map_err(transport)?;
    if resp.status().is_success() {
        return Ok(());
    }
    Err(match refused(resp).await {
        PushError::Refused { status: 410, body } => PushError::Gone(body),
        PushError::Refused { status: 400, body } if body.contains("BadDeviceToken") => PushError::Gone(body),
        other => other,
    })
}
