//! Urgent alerts from the phone's side: the member's alert settings on the relay (availability,
//! quiet hours, home, where to push), an alert's receipts ("alerted 8 · seen 5 · 2 coming") and
//! "seen", the community relay's own certificate authority, and the text message a requester's
//! phone offers when an urgent request has not gone out (emergency contacts and the draft).
//!
//! Settings and receipts need the relay: offline they fail with [`JinlinError::Offline`] and
//! change nothing. Emergency contacts, the draft and the certificate authority are local.

use jinlin_core::device::sms::{
    Contact as CoreContact, LeaderPhone as CoreLeaderPhone, SmsDraft as CoreSmsDraft, SmsMessage as CoreSmsMessage,
};
use jinlin_core::{MemberId, net::client};
use jinlin_model::dispatch::QuietHours as CoreQuietHours;
use jinlin_model::protocol::{self, AlertReceipts, HomeLocation, PushRegistration, QuietHoursSetting};
use jinlin_model::sms::SmsLanguage as CoreSmsLanguage;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::numbers::to_i32;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::views::{doc_id, parse_id};

/// When this member does not want to be alerted, local time; `end` before `start` spans
/// midnight ("22:00" to "07:00").
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuietHours {
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM`.
    pub end: String,
    /// An urgent ride to hospital still comes through (the default; turning it off is explicit).
    pub medical_through: bool,
}

/// A place on the map, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Location {
    /// Latitude, -90 to 90.
    pub lat: f64,
    /// Longitude, -180 to 180.
    pub lon: f64,
}

/// The service that wakes this phone when it is offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PushService {
    /// Firebase Cloud Messaging (Android).
    Fcm,
    /// Apple Push Notification service (iOS).
    Apns,
    /// The community's text-message gateway, through the relay's signed webhook.
    Webhook,
    /// Huawei and Honor phones' Push Kit.
    Huawei,
    /// Xiaomi phones' MiPush.
    Xiaomi,
}

/// How an urgent request's alert is going, for its requester, staff and those alerted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AlertReceiptsView {
    /// The request.
    pub request_id: String,
    /// The wave now running (1 the building, 2 the estate, 3 the community).
    pub wave: i32,
    /// Members alerted so far.
    pub alerted: i32,
    /// Alerts that reached a phone.
    pub delivered: i32,
    /// Alerts looked at.
    pub seen: i32,
    /// Members who cannot come.
    pub declined: i32,
    /// Volunteers confirmed.
    pub coming: i32,
    /// Volunteers wanted.
    pub slots: i32,
    /// Enough are coming, or the request closed: nobody more is alerted.
    pub finished: bool,
}

impl From<AlertReceipts> for AlertReceiptsView {
    fn from(r: AlertReceipts) -> Self {
        AlertReceiptsView {
            request_id: r.request.to_string(),
            wave: i32::from(r.wave),
            alerted: to_i32(r.alerted),
            delivered: to_i32(r.delivered),
            seen: to_i32(r.seen),
            declined: to_i32(r.declined),
            coming: to_i32(r.coming),
            slots: to_i32(r.slots),
            finished: r.finished,
        }
    }
}

/// The language someone reads text messages and pushes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SmsLanguage {
    /// Simplified Chinese, the default.
    ZhHans,
    /// English.
    En,
}

impl From<CoreSmsLanguage> for SmsLanguage {
    fn from(l: CoreSmsLanguage) -> Self {
        match l {
            CoreSmsLanguage::ZhHans => SmsLanguage::ZhHans,
            CoreSmsLanguage::En => SmsLanguage::En,
        }
    }
}

impl From<SmsLanguage> for CoreSmsLanguage {
    fn from(l: SmsLanguage) -> Self {
        match l {
            SmsLanguage::ZhHans => CoreSmsLanguage::ZhHans,
            SmsLanguage::En => CoreSmsLanguage::En,
        }
    }
}

/// Someone to text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// The language they read texts in: each gets the message in theirs.
    pub language: SmsLanguage,
}

impl From<CoreContact> for Contact {
    fn from(c: CoreContact) -> Self {
        Contact {
            name: c.name,
            phone: c.phone,
            language: c.language.into(),
        }
    }
}

impl From<Contact> for CoreContact {
    fn from(c: Contact) -> Self {
        CoreContact {
            name: c.name,
            phone: c.phone,
            language: c.language.into(),
        }
    }
}

/// A building leader's number, which the shell knows from the phone's contacts (numbers are not
/// in group documents).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LeaderPhone {
    /// The leader's member id.
    pub member_id: String,
    /// Their number.
    pub phone: String,
    /// The language they read texts in.
    pub language: SmsLanguage,
}

/// A text message ready to send; the shell asks the person before sending it. Each recipient
/// gets it in their own language: send each of `messages` to its `to`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsDraft {
    /// Building leaders first, then emergency contacts.
    pub to: Vec<Contact>,
    /// The message in the first recipient's language (all of it when everyone reads one).
    pub text: String,
    /// One message per language, Chinese first, each fitting one SMS where it can.
    pub messages: Vec<SmsMessage>,
}

/// One message of a draft, in one language, for those who read it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SmsMessage {
    /// Its language.
    pub language: SmsLanguage,
    /// Who it goes to.
    pub to: Vec<Contact>,
    /// The text.
    pub text: String,
}

impl From<CoreSmsMessage> for SmsMessage {
    fn from(m: CoreSmsMessage) -> Self {
        SmsMessage {
            language: m.language.into(),
            to: m.to.into_iter().map(Into::into).collect(),
            text: m.text,
        }
    }
}

impl From<CoreSmsDraft> for SmsDraft {
    fn from(d: CoreSmsDraft) -> Self {
        SmsDraft {
            to: d.to.into_iter().map(Into::into).collect(),
            text: d.text,
            messages: d.messages.into_iter().map(Into::into).collect(),
        }
    }
}

fn invalid(reason: &str) -> JinlinError {
    JinlinError::InvalidInput {
        reason: reason.to_string(),
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Whether this member may be alerted for urgent help nearby (staff and grid workers are
    /// still alerted in the last wave).
    pub async fn set_availability(&self, available: bool) -> Result<(), JinlinError> {
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.set_availability(available).await?) }).await
    }

    /// Sets quiet hours, or clears them with `None`.
    pub async fn set_quiet_hours(&self, quiet: Option<QuietHours>) -> Result<(), JinlinError> {
        let setting = match quiet {
            None => None,
            Some(q) => {
                let (start, end) = (q.start.trim().to_string(), q.end.trim().to_string());
                if CoreQuietHours::parse(&format!("{start}-{end}")).is_none() {
                    return Err(invalid("quiet hours start and end as HH:MM, like 22:00 and 07:00"));
                }
                Some(QuietHoursSetting {
                    start,
                    end,
                    medical_through: q.medical_through,
                })
            }
        };
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.set_quiet_hours(setting.as_ref()).await?) }).await
    }

    /// Tells the relay where this member lives, so urgent requests with a place reach the
    /// nearest first; `None` forgets it. Only the relay keeps it.
    pub async fn set_home(&self, home: Option<Location>) -> Result<(), JinlinError> {
        let home = match home {
            None => None,
            Some(l) => Some(
                HomeLocation::checked(l.lat, l.lon)
                    .ok_or_else(|| invalid("a home is a latitude (-90 to 90) and a longitude (-180 to 180)"))?,
            ),
        };
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.set_home(home.as_ref()).await?) }).await
    }

    /// Tells the relay which language this member reads, so the pushes and text messages it
    /// words for them are in it (Chinese until told). The app tells it the language it shows,
    /// once joined and whenever the phone's language changes. The phone shows the relay's
    /// refusals in it from now on, even if the relay cannot be told
    /// ([`JinlinClient::set_shown_language`]).
    pub async fn set_language(&self, language: SmsLanguage) -> Result<(), JinlinError> {
        crate::refusal::set_shown(language.into());
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.set_language(language.into()).await?) }).await
    }

    /// Registers where to wake this phone when it is offline (the token from FCM, APNs, Huawei
    /// Push Kit or Xiaomi MiPush, or
    /// the number the text-message gateway understands).
    pub async fn register_push(&self, service: PushService, token: String) -> Result<(), JinlinError> {
        if token.trim().is_empty() {
            return Err(invalid("a push token is needed"));
        }
        let kind = match service {
            PushService::Fcm => protocol::PushKind::Fcm,
            PushService::Apns => protocol::PushKind::Apns,
            PushService::Webhook => protocol::PushKind::Webhook,
            PushService::Huawei => protocol::PushKind::Huawei,
            PushService::Xiaomi => protocol::PushKind::Xiaomi,
        };
        let device = self.device().clone();
        spawn(async move {
            let push = PushRegistration { kind, token };
            Ok(registered(&device)?.register_push(&push).await?)
        })
        .await
    }

    /// How the alert about an urgent request is going: alerted, delivered, seen, coming.
    pub async fn alert_receipts(&self, request_id: String) -> Result<AlertReceiptsView, JinlinError> {
        let id = doc_id(&request_id)?;
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.alert_receipts(id).await?.into()) }).await
    }

    /// Tells the relay this member looked at the alert (the requester sees "seen").
    pub async fn alert_seen(&self, request_id: String) -> Result<(), JinlinError> {
        let id = doc_id(&request_id)?;
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.alert_seen(id).await?) }).await
    }

    /// Trusts only this certificate authority (PEM) for the relay's `https://` and `wss://`,
    /// for a community relay with its own; `None` goes back to the phone's trust store. Saved on
    /// the device; used from the next call on.
    pub async fn set_relay_ca(&self, ca_pem: Option<String>) -> Result<(), JinlinError> {
        self.with_device(move |d| Ok(client::set_relay_ca(d, ca_pem.as_deref())?))
            .await
    }

    /// Sets the people to text when an urgent request cannot go out.
    pub async fn set_emergency_contacts(&self, contacts: Vec<Contact>) -> Result<(), JinlinError> {
        let contacts: Vec<CoreContact> = contacts.into_iter().map(Into::into).collect();
        self.with_device(move |d| Ok(d.set_emergency_contacts(&contacts)?))
            .await
    }

    /// The emergency contacts.
    pub async fn emergency_contacts(&self) -> Result<Vec<Contact>, JinlinError> {
        self.with_device(|d| Ok(d.emergency_contacts()?.into_iter().map(Into::into).collect()))
            .await
    }

    /// The text message to offer for an urgent request this phone raised that has not reached
    /// the relay 20 s on; `None` while there is nothing to offer (it went out, or it is early).
    pub async fn sms_fallback(
        &self,
        request_id: String,
        leader_phones: Vec<LeaderPhone>,
    ) -> Result<Option<SmsDraft>, JinlinError> {
        let id = doc_id(&request_id)?;
        let phones = leader_phones
            .into_iter()
            .map(|l| {
                Ok(CoreLeaderPhone {
                    member: parse_id::<MemberId>(&l.member_id)?,
                    phone: l.phone,
                    language: l.language.into(),
                })
            })
            .collect::<Result<Vec<_>, JinlinError>>()?;
        self.with_device(move |d| Ok(d.sms_fallback(id, &phones)?.map(Into::into)))
            .await
    }
}

/// A relay's refusal `reason` (as it sent it, in English) in `language`; text this build does
/// not know comes back as it is (`refusal.rs`).
#[uniffi::export]
pub fn refusal_text(reason: String, language: SmsLanguage) -> String {
    jinlin_model::refusal::render(&reason, language.into())
}

#[uniffi::export]
impl JinlinClient {
    /// The language the app shows (Chinese until told): the relay's refusals, in errors and in
    /// [`JinlinClient::refused`], are said in it. It stays on the phone; `set_language` also
    /// tells the relay, for pushes and text messages.
    pub fn set_shown_language(&self, language: SmsLanguage) {
        crate::refusal::set_shown(language.into());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jinlin_core::{Device, GroupKind, ManualClock, NewRequest, RequestKind};

    use super::*;
    use crate::testing::block_on;

    fn phone(dir: &tempfile::TempDir, clock: &ManualClock) -> Arc<JinlinClient> {
        let device =
            Device::open_with_clock(dir.path().join("phone.db"), Arc::new(clock.clone())).expect("open the store");
        device.set_identity("Wang Fang", Some("3"), None).expect("identity");
        // Nothing listens here: a call that needs the relay is offline.
        JinlinClient::over(device, "http://127.0.0.1:9")
    }

    #[test]
    fn an_urgent_ride_that_cannot_go_out_offers_a_text_to_her_contacts_after_twenty_seconds() {
        let dir = tempfile::tempdir().expect("dir");
        let clock = ManualClock::new(1_000_000);
        let client = phone(&dir, &clock);
        let contacts = vec![
            Contact {
                name: "Her sister".into(),
                phone: "+86 138 0013 8000".into(),
                language: SmsLanguage::ZhHans,
            },
            Contact {
                name: "Her son in Singapore".into(),
                phone: "+65 8123 4567".into(),
                language: SmsLanguage::En,
            },
        ];
        block_on(client.set_emergency_contacts(contacts.clone())).expect("contacts");
        assert_eq!(block_on(client.emergency_contacts()).expect("read"), contacts);

        let group = client
            .device()
            .create_group("Lianhua", GroupKind::Estate, None)
            .expect("group");
        let mut ride = NewRequest::new(group, RequestKind::Hospital, "I cannot breathe, please drive me");
        ride.urgent = true;
        let id = client.device().raise(ride).expect("saved at once").to_string();
        let offer = || block_on(client.sms_fallback(id.clone(), Vec::new())).expect("draft");
        assert_eq!(offer(), None, "nothing is offered in the first 20 s");
        clock.advance(20_000);
        let draft = offer().expect("offered once 20 s have passed");
        assert_eq!(draft.to, contacts);
        let [chinese, english] = &draft.messages[..] else {
            panic!("one message per language: {draft:?}")
        };
        assert_eq!(chinese.to, contacts[..1]);
        assert!(
            chinese.text.contains("送医") && !chinese.text.contains("hospital"),
            "{}",
            chinese.text
        );
        assert_eq!(english.to, contacts[1..]);
        assert!(
            english.text.contains("hospital") && !english.text.contains("送医"),
            "{}",
            english.text
        );
        assert_eq!(draft.text, chinese.text, "the first recipient's");
    }

    #[test]
    fn settings_that_make_no_sense_are_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().expect("dir");
        let client = phone(&dir, &ManualClock::new(0));
        let refused = |r: Result<(), JinlinError>| matches!(r, Err(JinlinError::InvalidInput { .. }));
        assert!(refused(block_on(
            client.set_home(Some(Location { lat: 91.0, lon: 0.0 }))
        )));
        assert!(refused(block_on(client.set_quiet_hours(Some(QuietHours {
            start: "25:00".into(),
            end: "07:00".into(),
            medical_through: true,
        })))));
        assert!(refused(block_on(client.register_push(PushService::Fcm, " ".into()))));
        assert!(refused(block_on(client.set_emergency_contacts(vec![Contact {
            name: "Her sister".into(),
            phone: "call me".into(),
            language: SmsLanguage::ZhHans,
        }]))));
        assert!(refused(block_on(client.set_relay_ca(Some("not a certificate".into())))));
        assert!(matches!(
            block_on(client.sms_fallback("not an id".into(), Vec::new())),
            Err(JinlinError::InvalidInput { .. })
        ));
    }

    #[test]
    fn a_refusal_is_said_in_the_language_asked_for_and_unknown_text_as_the_relay_wrote_it() {
        use jinlin_model::refusal::Refusal;
        let reason = Refusal::RequestCancels.en().to_string();
        assert_eq!(
            refusal_text(reason.clone(), SmsLanguage::ZhHans),
            "只有求助人本人才能取消求助"
        );
        assert_eq!(refusal_text(reason.clone(), SmsLanguage::En), reason);
        assert_eq!(crate::refusal::refusal_code(reason).as_deref(), Some("request.cancels"));
        let newer = "a refusal from a newer relay".to_string();
        assert_eq!(refusal_text(newer.clone(), SmsLanguage::ZhHans), newer);
        assert_eq!(crate::refusal::refusal_code(newer), None);
    }
}
