//! A pairing: one person living alone (or the household of someone without a phone, answered
//! for by a proxy) and the neighbours who look in on them, in order; who consented; the daily
//! deadline, its grace and how long each neighbour has to answer; a pause. Also when the relay
//! next judges it, by the relay's own clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::dispatch::{DispatchConfig, minutes};
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::refusal::Refusal;

/// At most this many neighbours are paired with one person.
pub const MAX_NEIGHBOURS: usize = 3;
/// Longest grace after the deadline, in minutes.
pub const MAX_GRACE_MINUTES: u32 = 6 * 60;
/// Longest a neighbour is given to answer before the alarm widens, in minutes.
pub const MAX_WAIT_MINUTES: u32 = 120;
/// Longest name, building or unit text.
pub const MAX_TEXT: usize = 100;
const DAY_MS: Millis = 86_400_000;

/// A neighbour paired with the person: who, and the number the person's phone (and printed card)
/// shows with a one-tap call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedNeighbour {
    /// The neighbour.
    pub member: MemberId,
    /// Their name, as the person knows them.
    pub name: String,
    /// Their telephone number, if they gave one (the lifeline).
    #[serde(default)]
    pub phone: Option<String>,
    /// The language they read the lifeline's text messages in (Chinese unless set; left out
    /// of the stored form when Chinese, so pairings written before read the same).
    #[serde(default, skip_serializing_if = "crate::sms::SmsLanguage::is_default")]
    pub language: crate::sms::SmsLanguage,
}

/// A pairing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// The pairing.
    pub id: DocId,
    /// The building group it is filed in (its volunteers are the fourth circle; grid workers and
    /// staff of the groups above it the last).
    pub group_id: DocId,
    /// The person, if they have a phone of their own.
    pub person: Option<MemberId>,
    /// The phone that answers for them (a family member or a paired neighbour), if any.
    pub proxy: Option<MemberId>,
    /// The household in the grid worker's registry, if any.
    #[serde(default)]
    pub household: Option<DocId>,
    /// How neighbours know the person ("王奶奶"). Shown in alerts; never logged.
    pub name: String,
    /// Where to knock: the building.
    pub building: String,
    /// And the unit.
    pub unit: Option<String>,
    /// The paired neighbours, first to be alerted first.
    pub neighbours: Vec<PairedNeighbour>,
    /// Who accepted the pairing, and when: the person (or proxy) and each neighbour for themself.
    pub accepted: BTreeMap<MemberId, Millis>,
    /// The daily deadline, minutes after local midnight.
    pub deadline: u32,
    /// Minutes after the deadline before a missing check-in counts as missed.
    pub grace_minutes: u32,
    /// Minutes each circle has to answer before the next is alerted.
    pub wait_minutes: u32,
    /// No check-in is expected before this time (travelling, in hospital).
    pub paused_until: Option<Millis>,
    /// The last check-in that counted, by the relay's reckoning.
    pub last_checkin: Option<Millis>,
    /// Who paired them.
    pub created_by: MemberId,
    /// When.
    pub created_at: Millis,
}

/// What staff or a grid worker fill in to pair someone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPairing {
    /// The building group.
    pub group_id: DocId,
    /// The person, if they have a phone.
    #[serde(default)]
    pub person: Option<MemberId>,
    /// The proxy phone, if any.
    #[serde(default)]
    pub proxy: Option<MemberId>,
    /// The household in the registry, if any.
    #[serde(default)]
    pub household: Option<DocId>,
    /// How neighbours know them.
    pub name: String,
    /// Their building.
    pub building: String,
    /// Their unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// The neighbours, in order.
    pub neighbours: Vec<PairedNeighbour>,
    /// `HH:MM`.
    pub deadline: String,
    /// Minutes of grace (default 30).
    #[serde(default)]
    pub grace_minutes: Option<u32>,
    /// Minutes each circle has to answer (default 15).
    #[serde(default)]
    pub wait_minutes: Option<u32>,
}

/// Default grace after the deadline.
pub const DEFAULT_GRACE_MINUTES: u32 = 30;
/// Default time each circle has to answer.
pub const DEFAULT_WAIT_MINUTES: u32 = 15;

fn text(what: &'static str, s: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::EmptyText(what));
    }
    let len = s.chars().count();
    if len > MAX_TEXT {
        return Err(Error::TooLong {
            what,
            len,
            max: MAX_TEXT,
        });
    }
    Ok(s.to_string())
}

/// Parses a daily deadline, `HH:MM`.
pub fn deadline_minutes(s: &str) -> Result<u32> {
    minutes(s).ok_or_else(|| Error::InvalidInput(Refusal::DeadlineForm.into()))
}

/// A deadline as `HH:MM`.
pub fn deadline_words(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn grace(g: u32) -> Result<u32> {
    if g > MAX_GRACE_MINUTES {
        return Err(Error::InvalidInput(Refusal::GraceMax.with(&[&MAX_GRACE_MINUTES])));
    }
    Ok(g)
}

fn wait(w: u32) -> Result<u32> {
    if !(1..=MAX_WAIT_MINUTES).contains(&w) {
        return Err(Error::InvalidInput(Refusal::WaitRange.with(&[&MAX_WAIT_MINUTES])));
    }
    Ok(w)
}

impl Pairing {
    /// A new pairing from `new`, checked: someone checks in (the person or a proxy), one to three
    /// distinct neighbours who are neither the person nor the proxy, a deadline, bounded grace and
    /// wait. Nobody has accepted yet.
    pub fn create(id: DocId, new: &NewPairing, by: MemberId, now: Millis) -> Result<Pairing> {
        if new.person.is_none() && new.proxy.is_none() {
            return Err(Error::InvalidInput(Refusal::PairingWhoChecksIn.into()));
        }
        if new.person.is_some() && new.person == new.proxy {
            return Err(Error::InvalidInput(Refusal::ProxyOtherPhone.into()));
        }
        if new.neighbours.is_empty() || new.neighbours.len() > MAX_NEIGHBOURS {
            return Err(Error::InvalidInput(
                Refusal::NeighbourCount.with(&[&MAX_NEIGHBOURS, &new.neighbours.len()]),
            ));
        }
        let mut neighbours = Vec::with_capacity(new.neighbours.len());
        for n in &new.neighbours {
            if Some(n.member) == new.person {
                return Err(Error::InvalidInput(Refusal::NotOwnNeighbour.into()));
            }
            if neighbours.iter().any(|m: &PairedNeighbour| m.member == n.member) {
                return Err(Error::InvalidInput(Refusal::NeighbourOnce.into()));
            }
            let phone = match n.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(p) if p.len() <= 32 && p.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c)) => {
                    Some(p.to_string())
                }
                Some(_) => {
                    return Err(Error::InvalidInput(Refusal::TelephoneForm.into()));
                }
            };
            neighbours.push(PairedNeighbour {
                member: n.member,
                name: text("a neighbour's name", &n.name)?,
                phone,
                language: n.language,
            });
        }
        Ok(Pairing {
            id,
            group_id: new.group_id,
            person: new.person,
            proxy: new.proxy,
            household: new.household,
            name: text("the person's name", &new.name)?,
            building: text("the building", &new.building)?,
            unit: new.unit.as_deref().map(|u| text("the unit", u)).transpose()?,
            neighbours,
            accepted: BTreeMap::new(),
            deadline: deadline_minutes(&new.deadline)?,
            grace_minutes: grace(new.grace_minutes.unwrap_or(DEFAULT_GRACE_MINUTES))?,
            wait_minutes: wait(new.wait_minutes.unwrap_or(DEFAULT_WAIT_MINUTES))?,
            paused_until: None,
            last_checkin: None,
            created_by: by,
            created_at: now,
        })
    }

    /// Whether `member` checks in for the person: their own phone or the proxy.
    pub fn checks_in(&self, member: MemberId) -> bool {
        self.person == Some(member) || self.proxy == Some(member)
    }

    /// Whether `member` is one of the paired neighbours.
    pub fn is_neighbour(&self, member: MemberId) -> bool {
        self.neighbours.iter().any(|n| n.member == member)
    }

    /// Whether `member` is a party to the pairing (the person, the proxy or a paired neighbour).
    pub fn is_party(&self, member: MemberId) -> bool {
        self.checks_in(member) || self.is_neighbour(member)
    }

    /// `member` accepts their side. Only a party may; accepting again changes nothing.
    pub fn accept(&mut self, member: MemberId, now: Millis) -> Result<()> {
        if !self.is_party(member) {
            return Err(Error::NotAllowed(
                "only the person, their proxy or a paired neighbour accepts a pairing",
            ));
        }
        self.accepted.entry(member).or_insert(now);
        Ok(())
    }

    /// The person's side accepted (the person or their proxy): the pairing is in force.
    pub fn in_force(&self) -> bool {
        self.person.is_some_and(|p| self.accepted.contains_key(&p))
            || self.proxy.is_some_and(|p| self.accepted.contains_key(&p))
    }

    /// The paired neighbours who accepted, in order: the first circles of an alarm.
    pub fn willing_neighbours(&self) -> Vec<MemberId> {
        self.neighbours
            .iter()
            .map(|n| n.member)
            .filter(|m| self.accepted.contains_key(m))
            .collect()
    }

    /// Sets the daily deadline and, if given, the grace.
    pub fn set_deadline(&mut self, deadline: &str, grace_minutes: Option<u32>) -> Result<()> {
        let d = deadline_minutes(deadline)?;
        let g = grace_minutes.map(grace).transpose()?;
        self.deadline = d;
        if let Some(g) = g {
            self.grace_minutes = g;
        }
        Ok(())
    }

    /// When the day that starts at local midnight `day` is judged: deadline plus grace.
    pub fn judged_at(&self, day: Millis) -> Millis {
        day + i64::from(self.deadline + self.grace_minutes) * 60_000
    }

    /// The next time after `after` at which a day is judged, by the relay's clock, skipping days
    /// that end a pause.
    pub fn next_judgement(&self, after: Millis, cfg: &DispatchConfig) -> Millis {
        let mut day = cfg.local_midnight(after);
        loop {
            let at = self.judged_at(day);
            if at > after && self.paused_until.is_none_or(|p| p <= at) {
                return at;
            }
            day += DAY_MS;
            // A pause far ahead: judge again when it ends.
            if let Some(p) = self.paused_until
                && p > day + DAY_MS
            {
                day = cfg.local_midnight(p);
            }
        }
    }

    /// The local midnight of the day judged at `judged`.
    pub fn day_of(&self, judged: Millis) -> Millis {
        judged - i64::from(self.deadline + self.grace_minutes) * 60_000
    }

    /// Whether a check-in counted for the day judged at `judged` (one since its local midnight).
    pub fn checked_in_for(&self, judged: Millis) -> bool {
        self.last_checkin.is_some_and(|at| at >= self.day_of(judged))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(neighbours: usize) -> NewPairing {
        NewPairing {
            group_id: DocId::random(),
            person: Some(MemberId::random()),
            proxy: None,
            household: None,
            name: "Grandma Wang".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            neighbours: (0..neighbours)
                .map(|i| PairedNeighbour {
                    member: MemberId::random(),
                    name: format!("N{i}"),
                    phone: Some("138 0000 0000".into()),
                    language: crate::sms::SmsLanguage::ZhHans,
                })
                .collect(),
            deadline: "10:00".into(),
            grace_minutes: None,
            wait_minutes: None,
        }
    }

    #[test]
    fn a_pairing_has_one_to_three_neighbours_and_someone_who_checks_in() {
        let by = MemberId::random();
        assert!(Pairing::create(DocId::random(), &new(0), by, 0).is_err());
        assert!(Pairing::create(DocId::random(), &new(4), by, 0).is_err());
        let mut nobody = new(1);
        nobody.person = None;
        assert!(Pairing::create(DocId::random(), &nobody, by, 0).is_err());
        let mut bad = new(1);
        bad.deadline = "25:00".into();
        assert!(Pairing::create(DocId::random(), &bad, by, 0).is_err());
        let mut twice = new(2);
        twice.neighbours[1].member = twice.neighbours[0].member;
        assert!(Pairing::create(DocId::random(), &twice, by, 0).is_err());
        let p = Pairing::create(DocId::random(), &new(3), by, 0).expect("valid");
        assert_eq!(p.deadline, 600);
        assert!(!p.in_force(), "nobody accepted yet");
    }

    #[test]
    fn only_parties_accept_and_the_person_side_puts_it_in_force() {
        let mut p = Pairing::create(DocId::random(), &new(2), MemberId::random(), 0).expect("valid");
        assert!(p.accept(MemberId::random(), 1).is_err());
        let first = p.neighbours[0].member;
        p.accept(first, 1).expect("neighbour");
        assert!(!p.in_force());
        assert_eq!(p.willing_neighbours(), vec![first]);
        p.accept(p.person.expect("person"), 2).expect("person");
        assert!(p.in_force());
    }

    #[test]
    fn the_next_judgement_is_deadline_plus_grace_and_skips_a_pause() {
        let cfg = DispatchConfig::default();
        let mut p = Pairing::create(DocId::random(), &new(1), MemberId::random(), 0).expect("valid");
        let midnight = cfg.local_midnight(1_795_413_600_000);
        let at = p.next_judgement(midnight, &cfg);
        assert_eq!(at, midnight + (600 + 30) * 60_000);
        assert_eq!(p.next_judgement(at, &cfg), at + DAY_MS);
        p.paused_until = Some(midnight + 3 * DAY_MS + 3_600_000);
        assert_eq!(p.next_judgement(midnight, &cfg), at + 3 * DAY_MS);
    }
}
