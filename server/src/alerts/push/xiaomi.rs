//! Xiaomi MiPush: `POST {base}/v3/message/regid` with `Authorization: key=<app secret>` and a
//! form (`application/x-www-form-urlencoded`): `registration_id`, `restricted_package_name`,
//! `pass_through=0` (a notification, which MIUI shows even when the app is closed), `title`,
//! `description` (in the recipient's language), `payload` (the message's data as JSON), `notify_type=-1` (sound, vibration and
//! light), `time_to_live` (ms), `extra.notify_effect=1` (a tap opens the app) and, when set,
//! `extra.channel_id` (the app's high-importance channel). MiPush answers
//! `{"result":"ok","code":0,…}`; an invalid registration id is listed in `data.bad_regids`, or the
//! call fails with code `20301` (no valid target).

use std::time::Duration;

use jinlin_model::Language;
use jinlin_model::push::Notification;
use serde::{Deserialize, Serialize};

use super::{PushError, PushMessage, transport};

/// No valid target among the registration ids.
const NO_VALID_TARGET: i64 = 20301;
/// How long MiPush keeps an urgent alert for a phone that is off.
const TTL: Duration = Duration::from_secs(3600);

/// The MiPush adapter.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XiaomiSettings {
    /// The app's secret (`AppSecret` in Xiaomi's developer console).
    pub app_secret: String,
    /// The app's package name (`restricted_package_name`).
    pub package_name: String,
    /// The notification channel for urgent alerts, if the app made one.
    #[serde(default)]
    pub channel_id: Option<String>,
    /// Base URL (default `https://api.xmpush.xiaomi.com`).
    #[serde(default = "base")]
    pub base_url: String,
}

fn base() -> String {
    "https://api.xmpush.xiaomi.com".into()
}

impl std::fmt::Debug for XiaomiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XiaomiSettings")
            .field("package_name", &self.package_name)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// MiPush's answer.
#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    result: String,
    #[serde(default)]
    code: i64,
    #[serde(default)]
    data: Option<AnswerData>,
}

#[derive(Deserialize)]
struct AnswerData {
    #[serde(default)]
    bad_regids: Option<String>,
}

/// Sends `msg` to the MiPush registration id `token`.
pub(super) async fn send(
    http: &reqwest::Client,
    s: &XiaomiSettings,
    token: &str,
    language: Language,
    msg: &PushMessage,
) -> Result<(), PushError> {
    let Notification {
        title,
        body: description,
    } = msg.notification(language);
    let payload = serde_json::Value::Object(msg.worded_data(language)).to_string();
    // The serializer is not Send: the form is finished before the first await.
    let form = {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("registration_id", token)
            .append_pair("restricted_package_name", &s.package_name)
            .append_pair("pass_through", "0")
            .append_pair("title", &title)
            .append_pair("description", &description)
            .append_pair("payload", &payload)
            .append_pair("notify_type", "-1")
            .append_pair("time_to_live", &TTL.as_millis().to_string())
            .append_pair("extra.notify_effect", "1");
        if let Some(channel) = &s.channel_id {
            form.append_pair("extra.channel_id", channel);
        }
        form.finish()
    };
    let resp = http
        .post(format!("{}/v3/message/regid", s.base_url.trim_end_matches('/')))
        .header("authorization", format!("key={}", s.app_secret))
        .header("content-type", "application/x-www-form-urlencoded;charset=UTF-8")
        .body(form)
        .send()
        .await
        .map_err(transport)?;
    let status = resp.status();
    let text = resp.text().await.map_err(transport)?;
    let said: String = text.chars().take(300).collect();
    let Ok(answer) = serde_json::from_str::<Answer>(&text) else {
        return Err(PushError::Refused {
            status: status.as_u16(),
            body: said,
        });
    };
    let bad = answer
        .data
        .and_then(|d| d.bad_regids)
        .is_some_and(|bad| bad.split(',').any(|t| t.trim() == token));
    if bad || answer.code == NO_VALID_TARGET {
        return Err(PushError::Gone(said));
    }
    if status.is_success() && answer.result == "ok" && answer.code == 0 {
        return Ok(());
    }
    Err(PushError::Refused {
        status: status.as_u16(),
        body: said,
    })
}
