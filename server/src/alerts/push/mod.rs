//! Push for phones that are offline: the adapters the relay's settings turn on, one file each.
//!
//! - **Webhook** (`webhook.rs`, to plug in SMS or messaging gateways): a JSON body signed with
//!   HMAC-SHA256.
//! - **FCM HTTP v1** (`fcm.rs`): a high-priority data message.
//! - **APNs** (`apns.rs`): an alert, critical for an urgent hospital ride, over HTTP/2.
//! - **Huawei Push Kit** (`huawei.rs`) and **Xiaomi MiPush** (`xiaomi.rs`): in mainland China
//!   phones have no FCM, and a closed app is woken through its maker's channel.
//!
//! Access tokens that expire (FCM's and Huawei's OAuth tokens) are fetched and refreshed before
//! they expire (`oauth.rs`). The settings can be replaced while the relay runs
//! ([`Pusher::reload`], on SIGHUP). A push service that says a phone's token is gone
//! ([`PushError::Gone`]) makes the relay forget that registration, so it stops pushing to a
//! phone that uninstalled the app.
//!
//! Every push is worded in the recipient's language (the member's setting, `PUT /v1/me/language`;
//! Chinese unless they said), by the model's `jinlin_model::push`, the same rules as a phone's
//! own text messages.
//!
//! Base URLs are settings, so tests point each adapter at a fake on 127.0.0.1 that checks the
//! real wire format.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use jinlin_model::checkin::wire::CheckinAlert;
use jinlin_model::protocol::{AlertSummary, PushKind};
use jinlin_model::push::{self as words, Notification};
use jinlin_model::{DocId, Language, Millis, RequestKind};
use serde::{Deserialize, Serialize};

mod apns;
mod fcm;
mod huawei;
pub mod oauth;
mod webhook;
mod xiaomi;

pub use huawei::HuaweiSettings;
pub use oauth::Grant;
pub use webhook::{hmac_sha256, sign_webhook, verify_webhook};
pub use xiaomi::XiaomiSettings;

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
    /// Huawei (and Honor) Push Kit.
    #[serde(default)]
    pub huawei: Option<HuaweiSettings>,
    /// Xiaomi MiPush.
    #[serde(default)]
    pub xiaomi: Option<XiaomiSettings>,
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
    /// A fixed OAuth 2 access token (it expires within an hour: for tests and trials; give
    /// `oauth` instead to have the relay refresh it).
    #[serde(default)]
    pub access_token: String,
    /// How the relay gets and refreshes its access token.
    #[serde(default)]
    pub oauth: Option<Grant>,
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
secret_debug!(FcmSettings, project, oauth, base_url);
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

    /// The notification's title and text, in the recipient's language (`jinlin_model::push`).
    fn notification(&self, language: Language) -> Notification {
        match self {
            PushMessage::Alert(a) => words::urgent(language, a),
            PushMessage::NoLongerNeeded(_) => words::no_longer_needed(language),
            PushMessage::CheckinMissed(a) => words::checkin_missed(language, a),
            PushMessage::CheckinOver(_) => words::checkin_over(language),
        }
    }

    /// The one text message an SMS gateway sends, in the recipient's language.
    fn sms(&self, language: Language) -> String {
        match self {
            PushMessage::Alert(a) => words::urgent_text(language, a),
            other => words::text(language, &other.notification(language)),
        }
    }

    /// The data with the notification's words in the recipient's language, for services whose
    /// app shows the notification itself (FCM's and Push Kit's data messages): `language`,
    /// `title` and `body` beside the message's own fields.
    fn worded_data(&self, language: Language) -> serde_json::Map<String, serde_json::Value> {
        let mut m = self.data();
        let n = self.notification(language);
        m.insert("language".into(), language.tag().into());
        m.insert("title".into(), n.title.into());
        m.insert("body".into(), n.body.into());
        m
    }

    fn critical(&self) -> bool {
        matches!(self, PushMessage::Alert(a) if a.kind == RequestKind::Hospital)
    }
}

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The service says the phone's token is no longer valid (the app was uninstalled, or the
    /// phone registered anew): the relay forgets it.
    #[error("the push service says the token is gone: {0}")]
    Gone(String),
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

/// The adapters, with their HTTP clients and access tokens. Clones share everything.
#[derive(Debug, Clone)]
pub struct Pusher {
    http: reqwest::Client,
    /// HTTP/2 only, for APNs.
    apns: reqwest::Client,
    settings: Arc<RwLock<Arc<PushSettings>>>,
    fcm_token: Arc<oauth::TokenCache>,
    huawei_token: Arc<oauth::TokenCache>,
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
        Ok(Pusher {
            http,
            apns,
            settings: Arc::new(RwLock::new(Arc::new(settings))),
            fcm_token: Arc::default(),
            huawei_token: Arc::default(),
        })
    }

    /// Replaces the settings (the operator edited the push configuration); access tokens are
    /// fetched again under the new credentials. Pushes under way finish with the old ones.
    pub async fn reload(&self, settings: PushSettings) {
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(settings);
        self.fcm_token.forget().await;
        self.huawei_token.forget().await;
    }

    /// The settings in force.
    pub fn settings(&self) -> Arc<PushSettings> {
        self.settings.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sends `msg`, worded in `language`, to a device registered with `kind` and `token`; `now`
    /// signs the webhook.
    pub async fn send(
        &self,
        kind: PushKind,
        token: &str,
        language: Language,
        msg: &PushMessage,
        now: Millis,
    ) -> Result<(), PushError> {
        let settings = self.settings();
        match kind {
            PushKind::Webhook => {
                let s = settings.webhook.as_ref().ok_or(PushError::NotConfigured("webhook"))?;
                webhook::send(&self.http, s, token, language, msg, now).await
            }
            PushKind::Fcm => {
                let s = settings.fcm.as_ref().ok_or(PushError::NotConfigured("fcm"))?;
                fcm::send(&self.http, &self.fcm_token, s, token, language, msg).await
            }
            PushKind::Apns => {
                let s = settings.apns.as_ref().ok_or(PushError::NotConfigured("apns"))?;
                apns::send(&self.apns, s, token, language, msg).await
            }
            PushKind::Huawei => {
                let s = settings.huawei.as_ref().ok_or(PushError::NotConfigured("huawei"))?;
                huawei::send(&self.http, &self.huawei_token, s, token, language, msg).await
            }
            PushKind::Xiaomi => {
                let s = settings.xiaomi.as_ref().ok_or(PushError::NotConfigured("xiaomi"))?;
                xiaomi::send(&self.http, s, token, language, msg).await
            }
        }
    }
}

/// A refusal, with the service's answer shortened.
async fn refused(resp: reqwest::Response) -> PushError {
    let status = resp.status().as_u16();
    let body: String = resp.text().await.unwrap_or_default().chars().take(300).collect();
    PushError::Refused { status, body }
}

/// A request's transport failure.
fn transport(e: reqwest::Error) -> PushError {
    PushError::Transport(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(kind: RequestKind, text: &str) -> PushMessage {
        PushMessage::Alert(AlertSummary {
            request: DocId::random(),
            group_id: DocId::random(),
            wave: 1,
            kind,
            requester: "Grandma Wang".into(),
            building: Some("3".into()),
            unit: Some("1202".into()),
            text: text.into(),
            slots: 1,
        })
    }

    #[test]
    fn a_request_with_no_words_of_its_own_is_pushed_with_its_kinds_words_in_the_readers_language() {
        let n = alert(RequestKind::Hospital, "").notification(Language::En);
        assert_eq!(
            n.title,
            "URGENT: Grandma Wang needs a ride to hospital, building 3, unit 1202"
        );
        assert_eq!(n.body, "Please take me to hospital");
        let n = alert(RequestKind::Hospital, "Please take me to hospital").notification(Language::ZhHans);
        assert_eq!(n.title, "急！Grandma Wang需要送医，在3号楼1202室");
        assert_eq!(n.body, "请送我去医院", "an older app's standard sentence too");
    }

    #[test]
    fn her_own_words_are_pushed_as_written() {
        let n = alert(RequestKind::Hospital, "摔倒了，腿疼").notification(Language::En);
        assert_eq!(n.body, "摔倒了，腿疼");
    }

    #[test]
    fn the_data_carries_the_words_in_the_recipients_language_beside_its_own_fields() {
        let data = alert(RequestKind::Hospital, "").worded_data(Language::ZhHans);
        assert_eq!(data["language"], "zh-Hans");
        assert_eq!(data["body"], "请送我去医院");
        assert_eq!(data["kind"], "hospital", "the fields apps read are unchanged");
        let sms = alert(RequestKind::Hospital, "").sms(Language::En);
        assert!(
            sms.starts_with("Jinlin URGENT: Grandma Wang needs a ride to hospital"),
            "{sms}"
        );
    }
}
