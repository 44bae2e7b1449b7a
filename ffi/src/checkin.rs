//! Paired neighbours and the daily "I'm fine" (我很好) from the phone's side: the tap (kept on the
//! phone first, sent at once or on the first link), the pairings this member may see with who
//! was alerted about her, consent, the deadline, a pause, the answers to an alarm ("she needs
//! help" raises the urgent hospital request for her at her place), the lifeline (the paired
//! neighbours' numbers and the text messages offered without a link), and a listener for alarms.
//!
//! Everything but the tap and the lifeline needs the relay: offline those calls fail with
//! [`JinlinError::Offline`] and change nothing.

use std::time::{Duration, SystemTime};

use std::sync::Arc;

use jinlin_core::net::checkin::CheckedIn;
use jinlin_core::net::client::ClientOptions;
use jinlin_core::{Event, Phone};
use jinlin_model::checkin::lifeline::Lifeline;
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::pairing::deadline_words;
use jinlin_model::checkin::watch::Outcome;
use jinlin_model::checkin::wire::{CheckinAlert, DeadlineBody, PairingView};
use jinlin_model::checkin::{Answer, PairedNeighbour};

use crate::alerts::SmsLanguage;
use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::listeners::listen;
use crate::numbers::to_i32;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::task_handle::TaskHandle;
use crate::time::{from_optional, minutes, to_system_time, whole_minutes};
use crate::views::{doc_id, parse_id};

/// A paired neighbour, as her phone and printed card show them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PairedNeighbourView {
    /// The neighbour.
    pub member_id: String,
    /// Their name.
    pub name: String,
    /// Their number for a one-tap call, if they gave one.
    pub phone: Option<String>,
    /// They accepted the pairing.
    pub accepted: bool,
    /// The language they read her text messages in.
    pub language: SmsLanguage,
}

/// Someone alerted about her missed check-in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AlertedNeighbourView {
    /// Who.
    pub member_id: String,
    /// The circle (1-based: the paired neighbours first, then her building, then duty).
    pub step: i32,
    /// When.
    pub at: SystemTime,
    /// How it reached their phone ("live", "push:fcm"), if it did.
    pub delivered: Option<String>,
    /// They said they were on their way.
    pub coming: bool,
}

/// A pairing as this member may see it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PairingRecord {
    /// The pairing.
    pub id: String,
    /// How neighbours know her.
    pub name: String,
    /// Where to knock ("building 3, unit 1202").
    pub place: String,
    /// Her daily deadline, `HH:MM`.
    pub deadline: String,
    /// The grace after it (whole minutes).
    pub grace: Duration,
    /// Her side accepted: alarms are raised.
    pub in_force: bool,
    /// The paired neighbours, in order.
    pub neighbours: Vec<PairedNeighbourView>,
    /// The last check-in that counted.
    pub last_checkin: Option<SystemTime>,
    /// No check-in expected before this time.
    pub paused_until: Option<SystemTime>,
    /// When the relay next judges.
    pub next_judgement: SystemTime,
    /// An alarm about her is open now.
    pub alarm_open: bool,
    /// Who was alerted in the open alarm, or else the last one.
    pub alerted: Vec<AlertedNeighbourView>,
    /// How the last alarm ended: "fine", "needs_help" or "checked_in"; none while open or never.
    pub last_outcome: Option<String>,
}

impl From<PairingView> for PairingRecord {
    fn from(v: PairingView) -> Self {
        let p = &v.pairing;
        let latest = v.watch.as_ref().or(v.past.first());
        PairingRecord {
            id: p.id.to_string(),
            name: p.name.clone(),
            place: jinlin_model::place_words(Some(&p.building), p.unit.as_deref()).unwrap_or_default(),
            deadline: deadline_words(p.deadline),
            grace: minutes(p.grace_minutes),
            in_force: p.in_force(),
            neighbours: p
                .neighbours
                .iter()
                .map(|n| PairedNeighbourView {
                    member_id: n.member.to_string(),
                    name: n.name.clone(),
                    phone: n.phone.clone(),
                    accepted: p.accepted.contains_key(&n.member),
                    language: n.language.into(),
                })
                .collect(),
            last_checkin: p.last_checkin.map(to_system_time),
            paused_until: p.paused_until.map(to_system_time),
            next_judgement: to_system_time(v.next_judgement),
            alarm_open: v.watch.is_some(),
            alerted: latest
                .map(|w| {
                    w.alerted
                        .iter()
                        .map(|a| AlertedNeighbourView {
                            member_id: a.member.to_string(),
                            step: i32::from(a.step),
                            at: to_system_time(a.at),
                            delivered: a.delivered.clone(),
                            coming: a.coming_at.is_some(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            last_outcome: v.past.first().and_then(|w| w.outcome).map(|o| {
                match o {
                    Outcome::Fine { .. } => "fine",
                    Outcome::NeedsHelp { .. } => "needs_help",
                    Outcome::CheckedIn { .. } => "checked_in",
                }
                .to_string()
            }),
        }
    }
}

/// What staff or a grid worker fill in to pair someone living alone.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewPairingRecord {
    /// Her building's group.
    pub group_id: String,
    /// Her own phone's member, if she has one.
    pub person_id: Option<String>,
    /// The phone that checks in for her, if she has none.
    pub proxy_id: Option<String>,
    /// How neighbours know her.
    pub name: String,
    /// Her building.
    pub building: String,
    /// Her unit.
    pub unit: Option<String>,
    /// The paired neighbours, in order (`accepted` is ignored).
    pub neighbours: Vec<PairedNeighbourView>,
    /// Her daily deadline, `HH:MM`.
    pub deadline: String,
    /// The grace after it (30 minutes if none), in whole minutes.
    pub grace: Option<Duration>,
    /// How long each neighbour has to answer (15 minutes if none), in whole minutes.
    pub wait: Option<Duration>,
}

/// What a tap on "I'm fine" did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckinResult {
    /// The relay has it; false: kept on the phone until the first link.
    pub sent: bool,
    /// Pairings it counted for.
    pub counted: i32,
    /// Pairings it came too late for (a neighbour was already alerted: tap again).
    pub too_late: i32,
    /// It closed an alarm that was open.
    pub closed_alarm: bool,
}

/// An answer to an alarm about a missed check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CheckinAnswer {
    /// "I'm on my way."
    Coming,
    /// "She's fine."
    Fine,
    /// "She needs help": raises the urgent hospital request for her at her place.
    NeedsHelp,
}

/// The lifeline: the paired neighbours' numbers and the texts to send without a link.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LifelineView {
    /// The pairing.
    pub pairing_id: String,
    /// The paired neighbours, in order.
    pub neighbours: Vec<PairedNeighbourView>,
    /// The numbers a text goes to.
    pub sms_to: Vec<String>,
    /// The text "I'm fine" sends when the relay cannot be reached.
    pub sms_fine: String,
    /// The text "I need help" sends when the relay cannot be reached.
    pub sms_help: String,
    /// The texts per language, Chinese first, each to the numbers of those who read it: send
    /// these, so each neighbour reads her in their own language.
    pub sms: Vec<LifelineTextsView>,
}

/// The lifeline's texts in one language, and the numbers they go to.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LifelineTextsView {
    /// The language.
    pub language: SmsLanguage,
    /// The numbers.
    pub to: Vec<String>,
    /// "I'm fine", one SMS where it can be.
    pub fine: String,
    /// "I need help", one SMS where it can be.
    pub help: String,
}

/// An alarm: someone paired with this member has not checked in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CheckinAlertView {
    /// The pairing (answer with it).
    pub pairing_id: String,
    /// This member's circle (1: the first paired neighbour).
    pub step: i32,
    /// Her name.
    pub name: String,
    /// Where to knock.
    pub place: String,
    /// The sentence to show: "Grandma Wang hasn't checked in today: knock at building 3, unit 1202".
    pub words: String,
}

impl From<CheckinAlert> for CheckinAlertView {
    fn from(a: CheckinAlert) -> Self {
        CheckinAlertView {
            pairing_id: a.pairing.to_string(),
            step: i32::from(a.step),
            name: a.name.clone(),
            place: a.place(),
            words: a.words(),
        }
    }
}

/// Hears alarms about missed check-ins and their end.
#[uniffi::export(with_foreign)]
pub trait CheckinAlertListener: Send + Sync {
    /// Someone paired with this member has not checked in: knock on her door.
    fn on_missed(&self, alert: CheckinAlertView);
    /// The alarm about this pairing is over.
    fn on_over(&self, pairing_id: String);
}

/// Feeds `listener` the phone's check-in events.
pub fn subscribe(phone: &Phone, listener: Arc<dyn CheckinAlertListener>) -> Result<TaskHandle, JinlinError> {
    listen(phone.subscribe(), move |event| match event {
        Event::CheckinMissed { alert } => listener.on_missed(alert.into()),
        Event::CheckinOver { pairing } => listener.on_over(pairing.to_string()),
        _ => {}
    })
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// "I'm fine" (我很好): kept on the phone with the time of the tap and sent at once, or on
    /// the first link.
    pub async fn check_in(&self) -> Result<CheckinResult, JinlinError> {
        let phone = self.phone().clone();
        spawn(async move {
            Ok(match phone.check_in(Some(ClientOptions::quick())).await? {
                CheckedIn::Kept { .. } => CheckinResult {
                    sent: false,
                    counted: 0,
                    too_late: 0,
                    closed_alarm: false,
                },
                CheckedIn::Sent(reply) => CheckinResult {
                    sent: true,
                    counted: to_i32(reply.pairings.iter().filter(|p| p.counted_at.is_some()).count()),
                    too_late: to_i32(reply.pairings.iter().filter(|p| p.counted_at.is_none()).count()),
                    closed_alarm: reply.pairings.iter().any(|p| p.closed_alarm),
                },
            })
        })
        .await
    }

    /// The pairings this member may see (as last seen when the relay cannot be reached).
    pub async fn pairings(&self) -> Result<Vec<PairingRecord>, JinlinError> {
        let phone = self.phone().clone();
        spawn(async move {
            let (list, _) = phone.pairings(ClientOptions::quick()).await?;
            Ok(list.into_iter().map(Into::into).collect())
        })
        .await
    }

    /// Pairs someone living alone with 1 to 3 neighbours (staff or a grid worker of her building).
    /// A grace or answer time that is not whole minutes is refused with `InvalidInput` before
    /// anything is sent.
    pub async fn create_pairing(&self, new: NewPairingRecord) -> Result<PairingRecord, JinlinError> {
        let grace_minutes = new.grace.map(|g| whole_minutes("the grace", g)).transpose()?;
        let wait_minutes = new.wait.map(|w| whole_minutes("the time to answer", w)).transpose()?;
        let mut neighbours = Vec::new();
        for n in new.neighbours {
            neighbours.push(PairedNeighbour {
                member: parse_id(&n.member_id)?,
                name: n.name,
                phone: n.phone,
                language: n.language.into(),
            });
        }
        let new = NewPairing {
            group_id: doc_id(&new.group_id)?,
            person: new.person_id.as_deref().map(parse_id).transpose()?,
            proxy: new.proxy_id.as_deref().map(parse_id).transpose()?,
            household: None,
            name: new.name,
            building: new.building,
            unit: new.unit,
            neighbours,
            deadline: new.deadline,
            grace_minutes,
            wait_minutes,
        };
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.create_pairing(&new).await?.into()) }).await
    }

    /// Accepts this member's side of a pairing.
    pub async fn accept_pairing(&self, pairing_id: String) -> Result<PairingRecord, JinlinError> {
        let id = doc_id(&pairing_id)?;
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.accept_pairing(id).await?.into()) }).await
    }

    /// Sets her daily deadline (`HH:MM`) and, if given, the grace after it (not whole minutes:
    /// refused with `InvalidInput` and nothing is sent).
    pub async fn set_checkin_deadline(
        &self,
        pairing_id: String,
        deadline: String,
        grace: Option<Duration>,
    ) -> Result<PairingRecord, JinlinError> {
        let id = doc_id(&pairing_id)?;
        let grace_minutes = grace.map(|g| whole_minutes("the grace", g)).transpose()?;
        let device = self.device().clone();
        spawn(async move {
            let body = DeadlineBody {
                deadline,
                grace_minutes,
            };
            Ok(registered(&device)?.set_checkin_deadline(id, &body).await?.into())
        })
        .await
    }

    /// Pauses the check-in until `until` (travelling, in hospital), or resumes it with `None`.
    pub async fn pause_checkins(
        &self,
        pairing_id: String,
        until: Option<SystemTime>,
    ) -> Result<PairingRecord, JinlinError> {
        let id = doc_id(&pairing_id)?;
        let until = from_optional(until)?;
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.pause_checkins(id, until).await?.into()) }).await
    }

    /// Answers an alarm. `NeedsHelp` raises the urgent hospital request for her with `text`,
    /// at her place, sends it, and answers pointing at it.
    pub async fn answer_checkin(
        &self,
        pairing_id: String,
        answer: CheckinAnswer,
        text: String,
    ) -> Result<PairingRecord, JinlinError> {
        let id = doc_id(&pairing_id)?;
        let phone = self.phone().clone();
        spawn(async move {
            let client = phone.client()?;
            Ok(match answer {
                CheckinAnswer::Coming => client.answer_checkin(id, Answer::Coming).await?.into(),
                CheckinAnswer::Fine => client.answer_checkin(id, Answer::Fine).await?.into(),
                CheckinAnswer::NeedsHelp => phone.needs_help(id, &text).await?.1.into(),
            })
        })
        .await
    }

    /// The lifeline of her pairing (this member's own when `pairing_id` is `None`), as last seen
    /// when the relay cannot be reached.
    pub async fn lifeline(&self, pairing_id: Option<String>) -> Result<Option<LifelineView>, JinlinError> {
        let wanted = pairing_id.as_deref().map(doc_id).transpose()?;
        let phone = self.phone().clone();
        spawn(async move {
            let me = phone.identity()?.map(|i| i.member_id);
            let (list, _) = phone.pairings(ClientOptions::quick()).await?;
            let chosen = list.into_iter().find(|v| match wanted {
                Some(id) => v.pairing.id == id,
                None => me.is_some_and(|m| v.pairing.checks_in(m)),
            });
            Ok(chosen.map(|v| {
                let record = PairingRecord::from(v.clone());
                let life = Lifeline::of(&v.pairing);
                LifelineView {
                    pairing_id: life.pairing.to_string(),
                    neighbours: record.neighbours,
                    sms_to: life.sms_to,
                    sms_fine: life.sms_fine,
                    sms_help: life.sms_help,
                    sms: life
                        .sms
                        .into_iter()
                        .map(|t| LifelineTextsView {
                            language: t.language.into(),
                            to: t.to,
                            fine: t.fine,
                            help: t.help,
                        })
                        .collect(),
                }
            }))
        })
        .await
    }

    /// Calls `listener` for each alarm about a missed check-in and its end.
    pub fn subscribe_checkins(&self, listener: Arc<dyn CheckinAlertListener>) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(subscribe(self.phone(), listener)?))
    }
}

#[cfg(test)]
mod tests {
    use jinlin_core::{Device, GroupKind};

    use super::*;
    use crate::testing::block_on;

    fn new_pairing(group_id: String, grace: Option<Duration>, wait: Option<Duration>) -> NewPairingRecord {
        NewPairingRecord {
            group_id,
            person_id: None,
            proxy_id: None,
            name: "Grandma Wang".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            neighbours: vec![],
            deadline: "09:00".into(),
            grace,
            wait,
        }
    }

    #[test]
    fn a_grace_period_or_answer_time_of_part_of_a_minute_is_refused_as_invalid_input_before_anything_is_sent() {
        let dir = tempfile::tempdir().expect("dir");
        let device = Device::open(dir.path().join("phone.db")).expect("open");
        device.set_identity("Grid worker", None, None).expect("identity");
        let group = device
            .create_group("Building 3", GroupKind::Building, None)
            .expect("group")
            .to_string();
        let client = JinlinClient::over(device, "http://127.0.0.1:9");
        let invalid = |r: Result<PairingRecord, JinlinError>| match r {
            Err(JinlinError::InvalidInput { reason }) => reason,
            other => panic!("expected InvalidInput, got {other:?}"),
        };

        let half = Some(Duration::from_secs(90));
        let reason = invalid(block_on(client.create_pairing(new_pairing(group.clone(), half, None))));
        assert_eq!(reason, "this length of time is kept in whole minutes (it is 90 s)");
        let reason = invalid(block_on(client.create_pairing(new_pairing(group.clone(), None, half))));
        assert!(reason.contains("whole minutes"), "{reason}");
        let reason = invalid(block_on(client.set_checkin_deadline(
            group.clone(),
            "09:00".into(),
            half,
        )));
        assert!(reason.contains("whole minutes"), "{reason}");

        // With whole minutes the same calls go on to the relay, which this phone has not
        // registered with: the minutes alone were what stopped them.
        assert_eq!(
            block_on(client.create_pairing(new_pairing(group.clone(), Some(minutes(30)), Some(minutes(15))))),
            Err(JinlinError::NotRegistered)
        );
        assert_eq!(
            block_on(client.set_checkin_deadline(group, "09:00".into(), Some(minutes(30)))),
            Err(JinlinError::NotRegistered)
        );
    }
}
