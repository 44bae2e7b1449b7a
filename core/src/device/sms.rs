//! The requester offline: when an urgent request has not reached the relay within
//! [`SMS_AFTER_MS`], the core offers the shell a ready text message for the building leader and
//! the emergency contacts. The shell decides whether to send it; the core never sends anything.
//! Each recipient reads one language (Chinese unless set to English), so the draft holds one
//! message per language, each fitting one SMS where it can (`jinlin_model::sms`).

use jinlin_model::refusal::Refusal;
use serde::{Deserialize, Serialize};

use crate::device::Device;
use crate::store::docs;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::Role;
use jinlin_model::sms::{self, SmsLanguage, Where};
use jinlin_model::validate;

/// How long an urgent request may wait for the relay before the SMS is offered.
pub const SMS_AFTER_MS: i64 = 20_000;

/// Someone to text in an emergency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// The language they read text messages in (Chinese unless set).
    #[serde(default, skip_serializing_if = "SmsLanguage::is_default")]
    pub language: SmsLanguage,
}

/// A text message ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsDraft {
    /// Who to send it to: building leaders first, then emergency contacts.
    pub to: Vec<Contact>,
    /// The message in the language of the first of them (the whole draft when all read one).
    pub text: String,
    /// One message per language, Chinese first, each to those who read it.
    pub messages: Vec<SmsMessage>,
}

/// One message of a draft: its language, who reads it, and the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsMessage {
    /// The language it is in.
    pub language: SmsLanguage,
    /// Who it goes to, in the draft's order.
    pub to: Vec<Contact>,
    /// The text, one SMS where it can be.
    pub text: String,
}

/// A building leader's number as the shell knows it, with the language they read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderPhone {
    /// The leader.
    pub member: jinlin_model::ids::MemberId,
    /// Their number.
    pub phone: String,
    /// The language they read text messages in.
    pub language: SmsLanguage,
}

const CONTACTS_KEY: &str = "emergency_contacts";

impl Device {
    /// Sets the people to text when an urgent request cannot go out.
    pub fn set_emergency_contacts(&self, contacts: &[Contact]) -> Result<()> {
        let mut clean = Vec::new();
        for c in contacts {
            let name = validate::text("contact's name", &c.name, validate::MAX_NAME)?;
            let phone = validate::text("phone number", &c.phone, 40)?;
            if !phone.chars().all(|ch| ch.is_ascii_digit() || "+- ()".contains(ch)) {
                return Err(Error::InvalidInput(Refusal::PhoneNumberForm.into()));
            }
            clean.push(Contact {
                name,
                phone,
                language: c.language,
            });
        }
        self.set_setting(CONTACTS_KEY, &clean)
    }

    /// The emergency contacts.
    pub fn emergency_contacts(&self) -> Result<Vec<Contact>> {
        Ok(self.setting(CONTACTS_KEY)?.unwrap_or_default())
    }

    /// The SMS to offer for request `id`, if it is urgent, this device raised it, it has not
    /// reached the relay, and [`SMS_AFTER_MS`] have passed. `leader_phones` are the building
    /// leaders' numbers the shell knows (phone numbers are not in group documents).
    pub fn sms_fallback(&self, id: DocId, leader_phones: &[LeaderPhone]) -> Result<Option<SmsDraft>> {
        let me = self.identity()?.ok_or(Error::NoIdentity)?;
        let view = self.request(id)?;
        let meta = self
            .store()
            .read(|c| docs::meta(c, id))?
            .ok_or(Error::UnknownRequest(id))?;
        let reached_relay = !meta.relay_heads.is_empty() || meta.synced_seq > 0;
        if !view.urgent
            || view.status.is_final()
            || reached_relay
            || !view.is_requester(me.member_id)
            || self.now() - view.created_at < SMS_AFTER_MS
        {
            return Ok(None);
        }
        let mut to: Vec<Contact> = Vec::new();
        for g in self.groups()? {
            for m in g
                .members
                .iter()
                .filter(|m| m.role == Role::BuildingLeader && m.building.is_some() && m.building == view.place.building)
            {
                if let Some(l) = leader_phones.iter().find(|l| l.member == m.member_id)
                    && !to.iter().any(|c| c.phone == l.phone)
                {
                    to.push(Contact {
                        name: m.name.clone(),
                        phone: l.phone.clone(),
                        language: l.language,
                    });
                }
            }
        }
        for c in self.emergency_contacts()? {
            if !to.iter().any(|t| t.phone == c.phone) {
                to.push(c);
            }
        }
        if to.is_empty() {
            return Ok(None);
        }
        let at = Where {
            building: view.place.building.as_deref(),
            unit: view.place.unit.as_deref(),
        };
        // A standard request's kind says it all; her own words go in when there is room.
        let words = if view.is_standard() { "" } else { view.text.as_str() };
        let mut messages: Vec<SmsMessage> = Vec::new();
        for language in [SmsLanguage::ZhHans, SmsLanguage::En] {
            let readers: Vec<Contact> = to.iter().filter(|c| c.language == language).cloned().collect();
            if !readers.is_empty() {
                messages.push(SmsMessage {
                    language,
                    to: readers,
                    text: sms::urgent_request(language, &view.requester.name, view.kind, at, words),
                });
            }
        }
        let text = messages
            .iter()
            .find(|m| m.language == to[0].language)
            .map(|m| m.text.clone())
            .unwrap_or_default();
        Ok(Some(SmsDraft { to, text, messages }))
    }
}
