//! Push adapters against local fakes on 127.0.0.1 that check the real wire format: the signed
//! webhook (HMAC verified the way a receiver would), FCM HTTP v1 and APNs.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Version};
use axum::routing::post;
use jinlin_core::{DocId, RequestKind};
use jinlin_model::Language;
use jinlin_model::protocol::{AlertSummary, PushKind};
use jinlin_relay::alerts::push::{
    ApnsSettings, FcmSettings, PushError, PushMessage, PushSettings, Pusher, WebhookSettings, verify_webhook,
};
use serde_json::Value;

/// Chinese, as every member reads pushes until they say otherwise.
pub const ZH: Language = Language::ZhHans;
const SECRET: &str = "webhook-shared-secret";
const FCM_TOKEN: &str = "ya29.fcm-access-token";
const APNS_JWT: &str = "eyJhbGciOiJFUzI1NiJ9.apns.jwt";

/// The fake services; each records what it accepted.
#[derive(Clone)]
pub struct FakePush {
    base: String,
    calls: Arc<Mutex<Vec<Value>>>,
}

type Calls = Arc<Mutex<Vec<Value>>>;

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

async fn webhook(State(calls): State<Calls>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // The relay signs with its own (hand-set) clock; accept any timestamp the test clock made.
    let ts = header(&headers, "x-jinlin-timestamp");
    let fresh_now = ts.parse::<i64>().unwrap_or(now);
    if header(&headers, "content-type") != "application/json"
        || !verify_webhook(SECRET, ts, header(&headers, "x-jinlin-signature"), &body, fresh_now)
    {
        return StatusCode::UNAUTHORIZED;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => {
            calls.lock().expect("calls").push(v);
            StatusCode::OK
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

async fn fcm(
    State(calls): State<Calls>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let bad = |why: &str| (StatusCode::BAD_REQUEST, why.to_string());
    if project != "lianhua-app" {
        return (StatusCode::NOT_FOUND, "no such project".into());
    }
    if header(&headers, "authorization") != format!("Bearer {FCM_TOKEN}") {
        return (StatusCode::UNAUTHORIZED, "bad token".into());
    }
    if !header(&headers, "content-type").starts_with("application/json") {
        return bad("not json");
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad("body");
    };
    let m = &v["message"];
    let data_ok = m["data"].as_object().is_some_and(|d| d.values().all(Value::is_string));
    if !m["token"].is_string() || !data_ok || m["android"]["priority"] != "high" {
        return bad("message shape");
    }
    calls.lock().expect("calls").push(v);
    (StatusCode::OK, r#"{"name":"projects/lianhua-app/messages/1"}"#.into())
}

/// APNs answers errors with a JSON `reason`, as Apple's servers do.
fn apns_error(status: StatusCode, reason: &str) -> (StatusCode, String) {
    (status, format!(r#"{{"reason":"{reason}"}}"#))
}

async fn apns(
    State(calls): State<Calls>,
    version: Version,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    // Apple's servers speak HTTP/2 and nothing else.
    if version != Version::HTTP_2 {
        return apns_error(StatusCode::HTTP_VERSION_NOT_SUPPORTED, "HTTP/2 only");
    }
    if header(&headers, "authorization") != format!("bearer {APNS_JWT}") {
        return apns_error(StatusCode::FORBIDDEN, "InvalidProviderToken");
    }
    if header(&headers, "apns-topic") != "org.jinlin.app" {
        return apns_error(StatusCode::BAD_REQUEST, "BadTopic");
    }
    if header(&headers, "apns-push-type") != "alert" || header(&headers, "apns-priority") != "10" {
        return apns_error(StatusCode::BAD_REQUEST, "BadPriority");
    }
    let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
        return apns_error(StatusCode::BAD_REQUEST, "PayloadEmpty");
    };
    let aps = &v["aps"];
    let level = aps["interruption-level"].as_str().unwrap_or("");
    if !aps["alert"]["title"].is_string()
        || !aps["alert"]["body"].is_string()
        || aps["sound"] != "default"
        || !["critical", "time-sensitive"].contains(&level)
    {
        return apns_error(StatusCode::BAD_REQUEST, "BadPayload");
    }
    v["device_token"] = token.into();
    calls.lock().expect("calls").push(v);
    (StatusCode::OK, String::new())
}

impl FakePush {
    pub async fn start() -> FakePush {
        let calls: Calls = Arc::default();
        let app = Router::new()
            .route("/hook", post(webhook))
            .route("/v1/projects/{project}/messages:send", post(fcm))
            .route("/3/device/{token}", post(apns))
            .with_state(calls.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakePush {
            base: format!("http://{addr}"),
            calls,
        }
    }

    pub fn settings(&self) -> PushSettings {
        PushSettings {
            webhook: Some(WebhookSettings {
                url: format!("{}/hook", self.base),
                secret: SECRET.into(),
            }),
            fcm: Some(FcmSettings {
                project: "lianhua-app".into(),
                access_token: FCM_TOKEN.into(),
                oauth: None,
                base_url: self.base.clone(),
            }),
            apns: Some(ApnsSettings {
                topic: "org.jinlin.app".into(),
                bearer_token: APNS_JWT.into(),
                base_url: self.base.clone(),
            }),
            huawei: None,
            xiaomi: None,
        }
    }

    pub fn count(&self) -> usize {
        self.calls.lock().expect("calls").len()
    }

    /// Every call accepted so far, webhook, FCM and APNs alike.
    pub fn calls(&self) -> Vec<Value> {
        self.calls.lock().expect("calls").clone()
    }

    pub fn last(&self) -> Option<Value> {
        self.calls.lock().expect("calls").last().cloned()
    }

    /// The first call that carries `key: value` in its data, as APNs and FCM send it.
    pub fn with_data(&self, key: &str, value: &str) -> Option<Value> {
        self.calls
            .lock()
            .expect("calls")
            .iter()
            .find(|c| c["data"][key] == value || c["message"]["data"][key] == value)
            .cloned()
    }
}

/// An urgent hospital ride for Grandma Wang, as every adapter test pushes it.
pub fn ride() -> PushMessage {
    PushMessage::Alert(AlertSummary {
        request: DocId::random(),
        group_id: DocId::random(),
        wave: 1,
        kind: RequestKind::Hospital,
        requester: "Grandma Wang".into(),
        building: Some("3".into()),
        unit: Some("1202".into()),
        text: "Please drive me to the maternity hospital".into(),
        slots: 2,
    })
}

#[tokio::test]
async fn fcm_http_v1_gets_a_high_priority_data_message_with_a_bearer_token() {
    let fake = FakePush::start().await;
    let pusher = Pusher::new(fake.settings()).expect("pusher");
    pusher
        .send(PushKind::Fcm, "fcm-device-token", ZH, &ride(), 0)
        .await
        .expect("FCM accepts it");
    let call = fake.last().expect("call");
    let m = &call["message"];
    assert_eq!(m["token"], "fcm-device-token");
    assert_eq!(m["data"]["type"], "alert");
    assert_eq!(m["data"]["wave"], "1");
    assert_eq!(m["data"]["kind"], "hospital");
}

#[tokio::test]
async fn apns_gets_a_critical_alert_saying_building_and_unit_for_a_hospital_ride_and_time_sensitive_otherwise() {
    let fake = FakePush::start().await;
    let pusher = Pusher::new(fake.settings()).expect("pusher");
    pusher
        .send(PushKind::Apns, "abc123", Language::En, &ride(), 0)
        .await
        .expect("APNs accepts it");
    let call = fake.last().expect("call");
    assert_eq!(call["device_token"], "abc123");
    assert_eq!(call["aps"]["interruption-level"], "critical");
    assert_eq!(
        call["aps"]["alert"]["title"], "URGENT: Grandma Wang needs a ride to hospital, building 3, unit 1202",
        "the notification says where to go"
    );
    assert_eq!(
        (&call["data"]["building"], &call["data"]["unit"], &call["data"]["place"]),
        (
            &Value::from("3"),
            &Value::from("1202"),
            &Value::from("building 3, unit 1202")
        )
    );
    pusher
        .send(
            PushKind::Apns,
            "abc123",
            ZH,
            &PushMessage::NoLongerNeeded(DocId::random()),
            0,
        )
        .await
        .expect("APNs accepts it");
    assert_eq!(
        fake.last().expect("call")["aps"]["interruption-level"],
        "time-sensitive"
    );
}

#[tokio::test]
async fn apns_is_spoken_over_http2_and_apples_refusal_reason_is_kept() {
    let fake = FakePush::start().await;
    let mut settings = fake.settings();
    if let Some(a) = settings.apns.as_mut() {
        a.topic = "org.example.other".into();
    }
    let pusher = Pusher::new(settings).expect("pusher");
    // The fake answers HTTP/1.1 with 505, so reaching its topic check means HTTP/2 was spoken.
    let sent = pusher.send(PushKind::Apns, "abc123", ZH, &ride(), 0).await;
    let Err(PushError::Refused { status: 400, body }) = sent else {
        panic!("expected Apple's refusal, got {sent:?}");
    };
    assert!(body.contains("BadTopic"), "{body}");
    assert_eq!(fake.count(), 0);
}

#[tokio::test]
async fn a_webhook_signed_with_the_wrong_secret_is_refused_by_the_receiver() {
    let fake = FakePush::start().await;
    let mut settings = fake.settings();
    if let Some(w) = settings.webhook.as_mut() {
        w.secret = "not-the-shared-secret".into();
    }
    let pusher = Pusher::new(settings).expect("pusher");
    let sent = pusher
        .send(PushKind::Webhook, "+86 138", ZH, &ride(), 1_795_413_600_000)
        .await;
    assert!(matches!(sent, Err(PushError::Refused { status: 401, .. })), "{sent:?}");
    assert_eq!(fake.count(), 0);
    let good = Pusher::new(fake.settings()).expect("pusher");
    good.send(PushKind::Webhook, "+86 138", ZH, &ride(), 1_795_413_600_000)
        .await
        .expect("signed right");
    assert_eq!(fake.last().expect("call")["to"], "+86 138");
}

#[tokio::test]
async fn an_adapter_that_is_not_configured_says_so() {
    let pusher = Pusher::new(PushSettings::default()).expect("pusher");
    let sent = pusher.send(PushKind::Fcm, "t", ZH, &ride(), 0).await;
    assert!(matches!(sent, Err(PushError::NotConfigured("fcm"))), "{sent:?}");
}
