//! Push in mainland China, where phones have no FCM: Huawei Push Kit and Xiaomi MiPush against
//! local fakes that speak their real wire format, the OAuth token endpoints the relay refreshes
//! its access tokens from (Huawei's client credentials, Google's refresh token for FCM), settings
//! reloaded while the relay runs, and a token a service says is gone forgotten by the relay.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use jinlin_model::protocol::{PushKind, PushRegistration};
use jinlin_relay::alerts::push::{FcmSettings, Grant, HuaweiSettings, PushError, PushSettings, Pusher, XiaomiSettings};
use serde_json::{Value, json};

use jinlin_tests::eventually;

use crate::push::{ZH, ride};
use crate::support::{DAY, Hood};

const HW_APP: &str = "104523981";
const HW_SECRET: &str = "huawei-app-secret";
const MI_SECRET: &str = "xiaomi-app-secret";
const PACKAGE: &str = "org.jinlin.app";
const GOOGLE_CLIENT: &str = "jinlin-relay.apps.googleusercontent.com";
const GOOGLE_REFRESH: &str = "1//google-refresh-token";

/// The fakes' shared state: tokens issued, calls accepted.
#[derive(Default)]
struct Fake {
    /// Access tokens issued so far, by grant.
    issued: AtomicU64,
    /// The lifetime the token endpoint gives, in seconds.
    lifetime: AtomicU64,
    /// The access tokens the services accept.
    valid: Mutex<Vec<String>>,
    /// Make every issued access token expired (as an hour passing would).
    expire_all: AtomicBool,
    /// Accepted pushes, per service.
    calls: Mutex<HashMap<&'static str, Vec<Value>>>,
}

type Shared = Arc<Fake>;

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// An OAuth 2 token endpoint: client credentials (Huawei) or refresh token (Google).
async fn token(State(fake): State<Shared>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    if !header(&headers, "content-type").starts_with("application/x-www-form-urlencoded") {
        return (StatusCode::BAD_REQUEST, r#"{"error":"invalid_request"}"#.into());
    }
    let f = form(&body);
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let known = match get("grant_type") {
        "client_credentials" => get("client_id") == HW_APP && get("client_secret") == HW_SECRET,
        "refresh_token" => get("client_id") == GOOGLE_CLIENT && get("refresh_token") == GOOGLE_REFRESH,
        _ => false,
    };
    if !known {
        return (StatusCode::UNAUTHORIZED, r#"{"error":"invalid_client"}"#.into());
    }
    let n = fake.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let access = format!("access-token-{n}");
    fake.valid.lock().expect("valid").push(access.clone());
    fake.expire_all.store(false, Ordering::SeqCst);
    let lifetime = fake.lifetime.load(Ordering::SeqCst);
    (
        StatusCode::OK,
        json!({"access_token": access, "expires_in": lifetime, "token_type": "Bearer"}).to_string(),
    )
}

fn bearer_ok(fake: &Fake, headers: &HeaderMap) -> bool {
    let presented = header(headers, "authorization").strip_prefix("Bearer ").unwrap_or("");
    !fake.expire_all.load(Ordering::SeqCst) && fake.valid.lock().expect("valid").iter().any(|t| t == presented)
}

/// Push Kit's `messages:send`, answering with its own result codes.
async fn huawei(
    State(fake): State<Shared>,
    Path(app): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let answer =
        |status, code: &str, msg: &str| (status, json!({"code": code, "msg": msg, "requestId": "1"}).to_string());
    if app != HW_APP {
        return answer(
            StatusCode::NOT_FOUND,
            "80300002",
            "The current app does not have the permission",
        );
    }
    if !bearer_ok(&fake, &headers) {
        return answer(StatusCode::UNAUTHORIZED, "80200003", "OAuth token expired");
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return answer(
            StatusCode::BAD_REQUEST,
            "80100001",
            "Some request parameters are incorrect",
        );
    };
    let m = &v["message"];
    let data_is_json_text = m["data"]
        .as_str()
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
        .is_some_and(|d| d.is_object());
    let tokens: Vec<&str> = m["token"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if v["validate_only"] != false || !data_is_json_text || m["android"]["urgency"] != "HIGH" || tokens.is_empty() {
        return answer(StatusCode::BAD_REQUEST, "80100003", "Illegal payload");
    }
    if tokens.iter().all(|t| t.starts_with("gone")) {
        return answer(StatusCode::OK, "80300007", "All the tokens are invalid");
    }
    fake.calls.lock().expect("calls").entry("huawei").or_default().push(v);
    answer(StatusCode::OK, "80000000", "Success")
}

/// MiPush's `/v3/message/regid`.
async fn xiaomi(State(fake): State<Shared>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    let error = |code: i64, reason: &str| {
        (
            StatusCode::OK,
            json!({"result": "error", "code": code, "reason": reason}).to_string(),
        )
    };
    if header(&headers, "authorization") != format!("key={MI_SECRET}") {
        return error(22006, "Invalid application secret");
    }
    if !header(&headers, "content-type").starts_with("application/x-www-form-urlencoded") {
        return error(10017, "Invalid content type");
    }
    let f = form(&body);
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let payload_is_json = serde_json::from_str::<Value>(get("payload")).is_ok_and(|p| p.is_object());
    if get("restricted_package_name") != PACKAGE
        || get("registration_id").is_empty()
        || get("title").is_empty()
        || get("description").is_empty()
        || !payload_is_json
        || get("pass_through") != "0"
    {
        return error(10017, "Invalid parameters");
    }
    if get("registration_id") == "gone-regid" {
        return error(20301, "No valid targets!");
    }
    let bad = if get("registration_id").starts_with("bad") {
        get("registration_id")
    } else {
        ""
    };
    let fields: serde_json::Map<String, Value> = f.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
    if bad.is_empty() {
        fake.calls
            .lock()
            .expect("calls")
            .entry("xiaomi")
            .or_default()
            .push(Value::Object(fields));
    }
    (
        StatusCode::OK,
        json!({"result": "ok", "code": 0, "trace_id": "Xcm1", "description": "成功",
               "data": {"id": "scm1", "bad_regids": bad}})
        .to_string(),
    )
}

/// FCM's `messages:send`, for the OAuth test: only the access token is checked here (the shape
/// is checked by the FCM fake in `push.rs`).
async fn fcm(State(fake): State<Shared>, headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    if !bearer_ok(&fake, &headers) {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"code":401,"status":"UNAUTHENTICATED"}}"#.into(),
        );
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    if v["message"]["token"] == "gone-fcm" {
        return (
            StatusCode::NOT_FOUND,
            r#"{"error":{"code":404,"status":"NOT_FOUND","details":[{"errorCode":"UNREGISTERED"}]}}"#.into(),
        );
    }
    fake.calls.lock().expect("calls").entry("fcm").or_default().push(v);
    (StatusCode::OK, r#"{"name":"projects/lianhua-app/messages/1"}"#.into())
}

/// The makers' push services on 127.0.0.1.
pub struct Makers {
    base: String,
    fake: Shared,
}

impl Makers {
    pub async fn start(token_lifetime: Duration) -> Makers {
        let fake: Shared = Arc::default();
        fake.lifetime.store(token_lifetime.as_secs(), Ordering::SeqCst);
        let app = Router::new()
            .route("/oauth2/v3/token", post(token))
            .route("/token", post(token))
            .route("/v1/{app}/messages:send", post(huawei))
            .route("/v3/message/regid", post(xiaomi))
            .route("/v1/projects/{project}/messages:send", post(fcm))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Makers {
            base: format!("http://{addr}"),
            fake,
        }
    }

    pub fn settings(&self) -> PushSettings {
        PushSettings {
            huawei: Some(HuaweiSettings {
                app_id: HW_APP.into(),
                app_secret: HW_SECRET.into(),
                base_url: self.base.clone(),
                token_url: format!("{}/oauth2/v3/token", self.base),
            }),
            xiaomi: Some(XiaomiSettings {
                app_secret: MI_SECRET.into(),
                package_name: PACKAGE.into(),
                channel_id: Some("urgent".into()),
                base_url: self.base.clone(),
            }),
            fcm: Some(FcmSettings {
                project: "lianhua-app".into(),
                access_token: String::new(),
                oauth: Some(Grant::RefreshToken {
                    token_url: format!("{}/token", self.base),
                    client_id: GOOGLE_CLIENT.into(),
                    client_secret: "google-client-secret".into(),
                    refresh_token: GOOGLE_REFRESH.into(),
                }),
                base_url: self.base.clone(),
            }),
            ..PushSettings::default()
        }
    }

    pub fn calls(&self, service: &'static str) -> Vec<Value> {
        self.fake
            .calls
            .lock()
            .expect("calls")
            .get(service)
            .cloned()
            .unwrap_or_default()
    }

    fn tokens_issued(&self) -> u64 {
        self.fake.issued.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn huawei_push_kit_gets_a_high_urgency_data_message_with_an_access_token_from_client_credentials() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    pusher
        .send(PushKind::Huawei, "hw-device-token", ZH, &ride(), 0)
        .await
        .expect("Push Kit accepts it");
    let call = makers.calls("huawei").pop().expect("a push");
    assert_eq!(call["message"]["token"], json!(["hw-device-token"]));
    let data: Value = serde_json::from_str(call["message"]["data"].as_str().expect("data text")).expect("JSON");
    assert_eq!(
        (data["type"].as_str(), data["kind"].as_str()),
        (Some("alert"), Some("hospital"))
    );
    assert_eq!(data["place"], "building 3, unit 1202", "the alert says where to go");
    assert_eq!(makers.tokens_issued(), 1);
}

#[tokio::test]
async fn access_tokens_are_refreshed_before_they_expire_and_reused_until_then() {
    // An hour's token serves many pushes.
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    for _ in 0..3 {
        pusher
            .send(PushKind::Huawei, "hw-device-token", ZH, &ride(), 0)
            .await
            .expect("sent");
    }
    assert_eq!(makers.tokens_issued(), 1, "one token for three pushes");
    // A token within five minutes of its end is not used: a new one is fetched first.
    let short = Makers::start(Duration::from_secs(120)).await;
    let pusher = Pusher::new(short.settings()).expect("pusher");
    for _ in 0..2 {
        pusher
            .send(PushKind::Huawei, "hw-device-token", ZH, &ride(), 0)
            .await
            .expect("sent");
    }
    assert_eq!(short.tokens_issued(), 2, "refreshed before it could expire in flight");
}

#[tokio::test]
async fn an_access_token_the_service_calls_expired_is_replaced_and_the_push_still_goes_out() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    pusher
        .send(PushKind::Huawei, "hw-device-token", ZH, &ride(), 0)
        .await
        .expect("sent");
    makers.fake.expire_all.store(true, Ordering::SeqCst);
    pusher
        .send(PushKind::Huawei, "hw-device-token", ZH, &ride(), 0)
        .await
        .expect("sent after a refresh");
    assert_eq!(makers.tokens_issued(), 2);
    assert_eq!(makers.calls("huawei").len(), 2, "no alert lost to the expired token");
}

#[tokio::test]
async fn fcm_fetches_its_access_token_with_a_google_refresh_token() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    pusher
        .send(PushKind::Fcm, "fcm-device-token", ZH, &ride(), 0)
        .await
        .expect("FCM accepts it");
    assert_eq!(makers.calls("fcm").len(), 1);
    makers.fake.expire_all.store(true, Ordering::SeqCst);
    pusher
        .send(PushKind::Fcm, "fcm-device-token", ZH, &ride(), 0)
        .await
        .expect("sent after a refresh");
    assert_eq!(makers.tokens_issued(), 2);
}

#[tokio::test]
async fn xiaomi_mipush_gets_a_notification_that_shows_with_the_app_closed() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    pusher
        .send(PushKind::Xiaomi, "mi-regid", ZH, &ride(), 0)
        .await
        .expect("MiPush accepts it");
    let call = makers.calls("xiaomi").pop().expect("a push");
    assert_eq!(call["registration_id"], "mi-regid");
    assert_eq!(call["title"], "急！Grandma Wang需要送医，在3号楼1202室");
    assert_eq!(
        call["description"], "Please drive me to the maternity hospital",
        "her own words"
    );
    assert_eq!(call["extra.channel_id"], "urgent");
    let payload: Value = serde_json::from_str(call["payload"].as_str().expect("payload")).expect("JSON");
    assert_eq!(payload["type"], "alert");
}

#[tokio::test]
async fn every_makers_way_of_saying_a_token_is_gone_is_understood() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let pusher = Pusher::new(makers.settings()).expect("pusher");
    for (kind, token) in [
        (PushKind::Huawei, "gone-hw"),
        (PushKind::Xiaomi, "gone-regid"),
        (PushKind::Xiaomi, "bad-regid"),
        (PushKind::Fcm, "gone-fcm"),
    ] {
        let sent = pusher.send(kind, token, ZH, &ride(), 0).await;
        assert!(matches!(sent, Err(PushError::Gone(_))), "{kind:?} {token}: {sent:?}");
    }
}

#[tokio::test]
async fn reloaded_push_settings_take_effect_without_a_restart() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let mut wrong = makers.settings();
    if let Some(x) = wrong.xiaomi.as_mut() {
        x.app_secret = "last-years-secret".into();
    }
    let pusher = Pusher::new(wrong).expect("pusher");
    let refused = pusher.send(PushKind::Xiaomi, "mi-regid", ZH, &ride(), 0).await;
    assert!(matches!(refused, Err(PushError::Refused { .. })), "{refused:?}");
    pusher.reload(makers.settings()).await;
    pusher
        .send(PushKind::Xiaomi, "mi-regid", ZH, &ride(), 0)
        .await
        .expect("the new secret works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_whose_push_token_is_gone_is_forgotten_by_the_relay() {
    let makers = Makers::start(Duration::from_secs(3600)).await;
    let mut hood = Hood::with_push(DAY, makers.settings()).await;
    // Zhou uninstalled the app from her Huawei phone: Push Kit no longer knows its token.
    let zhou = hood.people.iter().position(|n| n.phone.name == "Zhou").expect("zhou");
    hood.people[zhou]
        .phone
        .client()
        .register_push(&PushRegistration {
            kind: PushKind::Huawei,
            token: "gone-hw".into(),
        })
        .await
        .expect("push");
    hood.people[zhou].live = None;
    let member = hood.people[zhou].phone.identity().expect("id").expect("me").member_id;
    let relay = hood.relay.relay().clone();
    assert!(eventually(|| !relay.alerts().is_online(member)).await);

    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen"]).await;
    assert!(
        eventually(|| relay.store().member_settings(member).expect("settings").push.is_none()).await,
        "the relay stops pushing to a token the service says is gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_binary_reads_its_push_settings_again_on_sighup() {
    use jinlin_core::{GroupKind, Role};
    use jinlin_tests::Relay;
    use jinlin_tests::process::RelayProcess;
    use jinlin_tests::wire::{START, hospital_ride};

    let makers = Makers::start(Duration::from_secs(3600)).await;
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("push.json");
    let write =
        |settings: &PushSettings| std::fs::write(&config, serde_json::to_vec(settings).expect("json")).expect("write");
    let mut stale = makers.settings();
    if let Some(x) = stale.xiaomi.as_mut() {
        x.app_secret = "last-years-secret".into();
    }
    write(&stale);
    let mut command = RelayProcess::command(&dir.path().join("data"));
    command.arg("--push-config").arg(&config);
    let process = RelayProcess::spawn(command);

    let helper = Relay::clocked(START).await;
    let staff = helper.device_at("Ms Sun", &process.url).await;
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let estate = staff
        .create_group("Lianhua No. 2", GroupKind::Estate, Some(community))
        .await;
    let building = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .await;
    let zhou = helper.device_at("Zhou", &process.url).await;
    staff.admit(&zhou, building, Role::Resident).await;
    let registered = zhou
        .client
        .json(
            reqwest::Method::PUT,
            "/v1/me/push",
            &PushRegistration {
                kind: PushKind::Xiaomi,
                token: "mi-regid".into(),
            },
        )
        .await;
    assert!(registered.status.is_success(), "{registered:?}");

    staff.device.raise(hospital_ride(building, 1)).expect("raise");
    staff.sync().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(makers.calls("xiaomi").is_empty(), "MiPush refuses last year's secret");

    // The operator puts the new secret in the file and sends SIGHUP.
    write(&makers.settings());
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &process.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(hup.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    staff.device.raise(hospital_ride(building, 1)).expect("raise");
    staff.sync().await;
    assert!(
        eventually(|| !makers.calls("xiaomi").is_empty()).await,
        "the next alert goes out with the new secret, with no restart"
    );
}
