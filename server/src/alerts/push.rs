//! Push for phones that are offline: the adapters the relay's settings turn on.
//!
//! - **Webhook** (to plug in SMS or messaging gateways): `POST {url}` with a JSON body, signed
//!   with HMAC-SHA256. Headers: `X-Jinlin-Timestamp: <unix seconds>` and
//!   `X-Jinlin-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`. A receiver
//!   recomputes the signature over the raw body and refuses a timestamp more than five minutes
//!   old ([`verify_webhook`] does both).
//! - **FCM HTTP v1**: `POST {base}/v1/projects/{project}/messages:send`,
//!   `Authorization: Bearer <OAuth access token>`, body
//!   `{"message":{"token":…,"data":{…},"android":{"priority":"high"}}}` (data values are strings).
//! - **APNs**: `POST {base}/3/device/{token}` with `authorization: bearer <provider JWT>`,
//!   `apns-topic`, `apns-push-type: alert`, `apns-priority: 10` and
//!   `{"aps":{"alert":{"title":…,"body":…},"sound":"default","interruption-level":…}}`, critical
//!   for an urgent hospital ride, time-sensitive otherwise. Apple's servers speak only HTTP/2, so
//!   the adapter has its own client that speaks nothing else (negotiated over TLS with Apple,
//!   HTTP/2 with prior knowledge to a plain-text endpoint such as the local fake), and keeps its
//!   connection open between pushes as Apple asks.
//!
//! Base URLs are settings, so tests point each adapter at a fake on 127.0.0.1 that checks the
//! real wire format.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac as _};
use jinlin_model::checkin::wire::CheckinAlert;
use jinlin_model::protocol::{AlertSummary, PushKind};
use jinlin_model::{DocId, Millis, RequestKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

/// The relay's push settings. Every adapter is off unless configured.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSettings {
    /// The signed webhook.
    #[serde(default)]
    pub webhook: Option<WebhookSettings>,
    /// Firebase Cloud Messaging.
    #[serde(default)]
    pub fcm: Option<FcmSettings>,
    /// Apple Push Notification service.
    #[serde(default)]
    pub apns: Option<ApnsSettings>,
}

/// The webhook adapter.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSettings {
    /// Where to post.
    pub url: String,
    /// The shared secret for the signature.
    pub secret: String,
}

/// The FCM HTTP v1 adapter.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FcmSettings {
    /// Firebase project id.
    pub project: String,
    /// An OAuth 2 access token for the project's service account.
    pub access_token: String,
    /// Base URL (default `https://fcm.googleapis.com`).
    #[serde(default = "fcm_base")]
    pub base_url: String,
}

/// The APNs adapter.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApnsSettings {
    /// The app's bundle id (`apns-topic`).
    pub topic: String,
    /// The provider authentication token (a signed JWT).
    pub bearer_token: String,
    /// Base URL (default `https://api.push.apple.com`).
    #[serde(default = "apns_base")]
    pub base_url: String,
}

fn fcm_base() -> String {
    "https://fcm.googleapis.com".into()
}

fn apns_base() -> String {
    "https://api.push.apple.com".into()
}

macro_rules! secret_debug {
    ($t:ty, $($field:ident),*) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t))$(.field(stringify!($field), &self.$field))*.finish_non_exhaustive()
            }
        }
    };
}
secret_debug!(WebhookSettings, url);
secret_debug!(FcmSettings, project, base_url);
secret_debug!(ApnsSettings, topic, base_url);

/// What a push says.
#[derive(Debug, Clone, PartialEq)]
pub enum PushMessage {
    /// Urgent help is needed.
    Alert(AlertSummary),
    /// The alert about this request is over.
    NoLongerNeeded(DocId),
    /// A paired person has not checked in today.
    CheckinMissed(CheckinAlert),
    /// The alarm about this pairing's missed check-in is over.
    CheckinOver(DocId),
}

impl PushMessage {
    /// Flat string data, as FCM wants it and the webhook sends it.
    fn data(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        match self {
            PushMessage::CheckinMissed(a) => {
                m.insert("type".into(), "checkin_missed".into());
                m.insert("pairing".into(), a.pairing.to_string().into());
                m.insert("step".into(), a.step.to_string().into());
                m.insert("name".into(), a.name.clone().into());
                m.insert("building".into(), a.building.clone().into());
                m.insert("unit".into(), a.unit.clone().unwrap_or_default().into());
                m.insert("place".into(), a.place().into());
            }
            PushMessage::CheckinOver(p) => {
                m.insert("type".into(), "checkin_over".into());
                m.insert("pairing".into(), p.to_string().into());
            }
            PushMessage::Alert(a) => {
                m.insert("request".into(), a.request.to_string().into());
                m.insert("type".into(), "alert".into());
                m.insert("group".into(), a.group_id.to_string().into());
                m.insert("wave".into(), a.wave.to_string().into());
                m.insert("kind".into(), a.kind.as_str().into());
                m.insert("requester".into(), a.requester.clone().into());
                m.insert("building".into(), a.building.clone().unwrap_or_default().into());
                m.insert("unit".into(), a.unit.clone().unwrap_or_default().into());
                m.insert("place".into(), a.place().unwrap_or_default().into());
                m.insert("text".into(), a.text.clone().into());
                m.insert("slots".into(), a.slots.to_string().into());
            }
            PushMessage::NoLongerNeeded(r) => {
                m.insert("request".into(), r.to_string().into());
                m.insert("type".into(), "no_longer_needed".into());
            }
        }
        m
    }

    fn title_body(&self) -> (String, String) {
        match self {
            PushMessage::Alert(a) => {
                let place = a.place().map(|p| format!(", {p}")).unwrap_or_default();
                (
                    format!("URGENT: {} needs {}{place}", a.requester, a.kind),
                    a.text.clone(),
                )
            }
            PushMessage::NoLongerNeeded(_) => (
                "No longer needed".into(),
                "Enough neighbours are on their way. Thank you.".into(),
            ),
            PushMessage::CheckinMissed(a) => ("Please look in on a neighbour".into(), a.words()),
            PushMessage::CheckinOver(_) => (
                "No longer needed".into(),
                "Someone has looked in on her. Thank you.".into(),
            ),
        }
    }

    fn critical(&self) -> bool {
        matches!(self, PushMessage::Alert(a) if a.kind == RequestKind::Hospital)
    }
}

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The relay has no adapter for this kind.
    #[error("no {0} push adapter is configured")]
    NotConfigured(&'static str),
    /// The service could not be reached.
    #[error("the push service could not be reached: {0}")]
    Transport(String),
    /// The service refused.
    #[error("the push service answered {status}: {body}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Its answer, shortened.
        body: String,
    },
}

/// The adapters, with one HTTP client.
#[derive(Debug, Clone)]
pub struct Pusher {
    http: reqwest::Client,
    /// HTTP/2 only, for APNs.
    apns: reqwest::Client,
    settings: PushSettings,
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = webhook_mac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 under `key`; any key length is valid for HMAC.
fn webhook_mac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

/// The `X-Jinlin-Signature` value for a body sent at `timestamp` (unix seconds).
pub fn sign_webhook(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = webhook_mac(secret.as_bytes());
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks a webhook's signature (in constant time) and that it is at most five minutes old.
pub fn verify_webhook(secret: &str, timestamp: &str, signature: &str, body: &[u8], now_secs: i64) -> bool {
    let Ok(ts) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    if (now_secs - ts).abs() > 300 {
        return false;
    }
    let Some(Ok(presented)) = signature.strip_prefix("sha256=").map(hex::decode) else {
        return false;
    };
    let mut mac = webhook_mac(secret.as_bytes());
    mac.update(format!("{ts}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&presented).is_ok()
}

impl Pusher {
    /// Adapters from settings.
    pub fn new(settings: PushSettings) -> Result<Pusher, PushError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("jinlin-relay/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PushError::Transport(e.to_string()))?;
        let apns = reqwest::Client::builder()
            .http2_prior_knowledge()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("jinlin-relay/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PushError::Transport(e.to_string()))?;
        Ok(Pusher { http, apns, settings })
    }

    /// Sends `msg` to a device registered with `kind` and `token`; `now` signs the webhook.
    pub async fn send(&self, kind: PushKind, token: &str, msg: &PushMessage, now: Millis) -> Result<(), PushError> {
        let request = match kind {
            PushKind::Webhook => {
                let s = self
                    .settings
                    .webhook
                    .as_ref()
                    .ok_or(PushError::NotConfigured("webhook"))?;
                let mut body = msg.data();
                body.insert("to".into(), token.into());
                let body = serde_json::to_vec(&body).map_err(|e| PushError::Transport(e.to_string()))?;
                let ts = now.div_euclid(1000);
                self.http
                    .post(&s.url)
                    .header("content-type", "application/json")
                    .header("x-jinlin-timestamp", ts.to_string())
                    .header("x-jinlin-signature", sign_webhook(&s.secret, ts, &body))
                    .body(body)
            }
            PushKind::Fcm => {
                let s = self.settings.fcm.as_ref().ok_or(PushError::NotConfigured("fcm"))?;
                let url = format!(
                    "{}/v1/projects/{}/messages:send",
                    s.base_url.trim_end_matches('/'),
                    s.project
                );
                let body = json!({
                    "message": {
                        "token": token,
                        "data": msg.data(),
                        "android": { "priority": "high" },
                    }
                });
                self.http.post(url).bearer_auth(&s.access_token).json(&body)
            }
            PushKind::Apns => {
                let s = self.settings.apns.as_ref().ok_or(PushError::NotConfigured("apns"))?;
                let url = format!("{}/3/device/{token}", s.base_url.trim_end_matches('/'));
                let (title, body) = msg.title_body();
                let level = if msg.critical() { "critical" } else { "time-sensitive" };
                let payload = json!({
                    "aps": {
                        "alert": { "title": title, "body": body },
                        "sound": "default",
                        "interruption-level": level,
                    },
                    "data": msg.data(),
                });
                self.apns
                    .post(url)
                    .header("authorization", format!("bearer {}", s.bearer_token))
                    .header("apns-topic", &s.topic)
                    .header("apns-push-type", "alert")
                    .header("apns-priority", "10")
                    .json(&payload)
            }
        };
        let resp = request.send().await.map_err(|e| PushError::Transport(e.to_string()))?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        let body: String = resp.text().await.unwrap_or_default().chars().take(300).collect();
        Err(PushError::Refused {
            status: status.as_u16(),
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_webhook_signature_verifies_only_with_the_secret_body_and_a_fresh_timestamp() {
        let sig = sign_webhook("s3cret", 1_000, b"{\"a\":1}");
        assert!(verify_webhook("s3cret", "1000", &sig, b"{\"a\":1}", 1_100));
        assert!(!verify_webhook("other", "1000", &sig, b"{\"a\":1}", 1_100));
        assert!(!verify_webhook("s3cret", "1000", &sig, b"{\"a\":2}", 1_100));
        assert!(!verify_webhook("s3cret", "1000", &sig, b"{\"a\":1}", 2_000), "too old");
    }
}
