//! The requester offline: when an urgent request has not reached the relay within
//! [`SMS_AFTER_MS`], the core offers the shell a ready text message for the building leader and
//! the emergency contacts. The shell decides whether to send it; the core never sends anything.

use serde::{Deserialize, Serialize};

use crate::device::Device;
use crate::store::docs;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::kinds::{RequestKind, Role};
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
}

/// A text message ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsDraft {
    /// Who to send it to: building leaders first, then emergency contacts.
    pub to: Vec<Contact>,
    /// The message.
    pub text: String,
}

const CONTACTS_KEY: &str = "emergency_contacts";

fn label(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Hospital => "a ride to hospital / 送医",
        RequestKind::Errand => "an errand / 跑腿",
        RequestKind::Repair => "a repair / 维修",
        RequestKind::Companionship => "company / 陪伴",
        RequestKind::Legal => "legal aid / 法律援助",
        RequestKind::Other => "help / 求助",
    }
}

impl Device {
    /// Sets the people to text when an urgent request cannot go out.
    pub fn set_emergency_contacts(&self, contacts: &[Contact]) -> Result<()> {
        let mut clean = Vec::new();
        for c in contacts {
            let name = validate::text("contact's name", &c.name, validate::MAX_NAME)?;
            let phone = validate::text("phone number", &c.phone, 40)?;
            if !phone.chars().all(|ch| ch.is_ascii_digit() || "+- ()".contains(ch)) {
                return Err(Error::InvalidInput(
                    "a phone number has digits, spaces, +, - and brackets only".into(),
                ));
            }
            clean.push(Contact { name, phone });
        }
        self.set_setting(CONTACTS_KEY, &clean)
    }

    /// The emergency contacts.
    pub fn emergency_contacts(&self) -> Result<Vec<Contact>> {
        Ok(self.setting(CONTACTS_KEY)?.unwrap_or_default())
    }

    /// The SMS to offer for request `id`, if it is urgent, this device raised it, it has not
    /// reached the relay, and [`SMS_AFTER_MS`] have passed. `leader_phones` maps building
    /// leaders' member ids to numbers the shell knows (phone numbers are not in group documents).
    pub fn sms_fallback(
        &self,
        id: DocId,
        leader_phones: &[(jinlin_model::ids::MemberId, String)],
    ) -> Result<Option<SmsDraft>> {
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
                if let Some((_, phone)) = leader_phones.iter().find(|(id, _)| *id == m.member_id)
                    && !to.iter().any(|c| &c.phone == phone)
                {
                    to.push(Contact {
                        name: m.name.clone(),
                        phone: phone.clone(),
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
        let place = view.place.words().map(|p| format!(" at {p}")).unwrap_or_default();
        let text = format!(
            "[近邻 Jinlin] URGENT 紧急: {} needs {}{}. \"{}\" Please call or come. (No signal: sent by SMS.)",
            view.requester.name,
            label(view.kind),
            place,
            view.text.chars().take(120).collect::<String>()
        );
        Ok(Some(SmsDraft { to, text }))
    }
}
