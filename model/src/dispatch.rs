//! Who is alerted for an urgent request, and when the circle widens: a sans-IO state machine.
//!
//! The relay feeds it events (the request arrived, time passed, someone declined, the request
//! changed) and carries out the effects it returns (alert these members, tell those the help is
//! no longer needed, wake me at this time). It reads no clock and does no I/O, so tests drive it
//! with a hand-set clock, and the relay stores it as JSON so escalation timers survive a restart.
//!
//! The rules:
//! - Wave 1: available members of the request's building, plus the nearest `skilled_first`
//!   (default 5) available members of the estate with the skill the request needs (a driver for
//!   a hospital ride), nearest first: same building, then estate, then community, then by
//!   distance where both sides have coordinates.
//! - If fewer volunteers than slots are confirmed when the wave's time runs out (60 s, or 30 s
//!   between 23:00 and 07:00 in the group's time zone), wave 2 alerts the whole estate, then
//!   wave 3 the whole community plus its grid workers and staff.
//! - A decline passes the alert to the next nearest member not yet alerted, at once.
//! - Once the slots are filled (or the request is final), everyone still alerted who has not
//!   signed up is told the help is no longer needed.
//! - If a filled request falls short again (a confirmed volunteer withdrew and nobody was on
//!   standby to move up), the dispatch reopens and the next circle is alerted at once; with
//!   every circle reached, those stood down are alerted again.
//! - Members who are unavailable are skipped, and so are members in their quiet hours, except
//!   that an urgent hospital request still comes through unless they turned that off.

use std::collections::BTreeSet;

use indexmap::IndexSet;

use serde::{Deserialize, Serialize};

use crate::RequestView;
use crate::clock::Millis;
use crate::docs::group::nearness::Nearness;
use crate::ids::{DocId, MemberId};
use crate::kinds::{RequestKind, Role, SignupState, Skill};

/// Quiet hours in local time, as minutes after midnight; `start > end` spans midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// Start, minutes after local midnight.
    pub start: u32,
    /// End, minutes after local midnight.
    pub end: u32,
}

impl QuietHours {
    /// Whether `minute` (after local midnight) falls inside.
    pub fn contains(&self, minute: u32) -> bool {
        if self.start <= self.end {
            (self.start..self.end).contains(&minute)
        } else {
            minute >= self.start || minute < self.end
        }
    }

    /// Parses `HH:MM-HH:MM`.
    pub fn parse(s: &str) -> Option<QuietHours> {
        let (a, b) = s.trim().split_once('-')?;
        Some(QuietHours {
            start: minutes(a)?,
            end: minutes(b)?,
        })
    }
}

/// Parses `HH:MM` into minutes after midnight.
pub fn minutes(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A member the relay could alert, as seen from one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The member.
    pub member: MemberId,
    /// Their role in the community.
    pub role: Role,
    /// Their skills.
    pub skills: Vec<Skill>,
    /// How near they live to the request.
    pub nearness: Nearness,
    /// Metres away, where both sides have coordinates.
    pub distance_m: Option<f64>,
    /// Whether they said they are available.
    pub available: bool,
    /// Their quiet hours, if any.
    pub quiet: Option<QuietHours>,
    /// Whether urgent medical requests come through quiet hours (on unless turned off).
    pub medical_through_quiet: bool,
}

/// Settings of the dispatcher.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DispatchConfig {
    /// Skilled members of the estate in the first wave.
    pub skilled_first: usize,
    /// Time a wave has before the next, by day.
    pub wave_ms: Millis,
    /// Time a wave has at night.
    pub night_wave_ms: Millis,
    /// Night starts, minutes after local midnight.
    pub night_start: u32,
    /// Night ends.
    pub night_end: u32,
    /// The offset from UTC, in minutes, where no group names its time zone.
    pub utc_offset_minutes: i32,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        DispatchConfig {
            skilled_first: 5,
            wave_ms: 60_000,
            night_wave_ms: 30_000,
            night_start: 23 * 60,
            night_end: 7 * 60,
            utc_offset_minutes: crate::dates::DEFAULT_OFFSET_MINUTES,
        }
    }
}

impl DispatchConfig {
    /// These settings in the time zone named `zone` as it stands at `now` (daylight saving
    /// included); an unknown or absent zone keeps the configured offset.
    pub fn in_zone(mut self, zone: Option<&str>, now: Millis) -> DispatchConfig {
        if let Some(minutes) = zone.and_then(|z| crate::zone::offset_minutes(z, now)) {
            self.utc_offset_minutes = minutes;
        }
        self
    }

    /// Minutes after local midnight at `now`.
    pub fn local_minute(&self, now: Millis) -> u32 {
        ((now + i64::from(self.utc_offset_minutes) * 60_000).rem_euclid(86_400_000) / 60_000) as u32
    }

    /// The local midnight that starts the day `now` falls in.
    pub fn local_midnight(&self, now: Millis) -> Millis {
        now - (now + i64::from(self.utc_offset_minutes) * 60_000).rem_euclid(86_400_000)
    }

    /// How long a wave started at `now` lasts.
    pub fn wave_length(&self, now: Millis) -> Millis {
        let night = QuietHours {
            start: self.night_start,
            end: self.night_end,
        };
        if night.contains(self.local_minute(now)) {
            self.night_wave_ms
        } else {
            self.wave_ms
        }
    }
}

/// Something the relay must do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Alert this member about the request.
    Alert {
        /// Who.
        member: MemberId,
        /// In which wave.
        wave: u8,
    },
    /// Tell this member the help is no longer needed.
    NoLongerNeeded {
        /// Who.
        member: MemberId,
    },
    /// Call [`Dispatch::on_tick`] at this time.
    WakeAt {
        /// When.
        at: Millis,
    },
}

/// The dispatch of one urgent request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dispatch {
    /// The request.
    pub request: DocId,
    /// The wave now running (1–3).
    pub wave: u8,
    /// Members alerted, in order (an ordered set: a wave of thousands is looked up in it for
    /// each member, and for each alerted member's read of the request).
    pub alerted: IndexSet<MemberId>,
    /// Members who declined.
    pub declined: BTreeSet<MemberId>,
    /// When the running wave ends, while the dispatch is open.
    pub deadline: Option<Millis>,
    /// The slots are filled or the request is final.
    pub finished: bool,
}

/// The last wave.
pub const LAST_WAVE: u8 = 3;

fn confirmed(view: &RequestView) -> usize {
    view.signups
        .iter()
        .filter(|s| s.state == SignupState::Confirmed)
        .count()
}

fn satisfied(view: &RequestView) -> bool {
    view.status.is_final() || confirmed(view) >= view.slots as usize
}

impl Dispatch {
    /// Starts dispatching `view`: the first wave's alerts and its wake-up.
    pub fn start(
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> (Dispatch, Vec<Effect>) {
        let mut d = Dispatch {
            request: view.id,
            wave: 1,
            alerted: IndexSet::new(),
            declined: BTreeSet::new(),
            deadline: None,
            finished: false,
        };
        if satisfied(view) {
            d.finished = true;
            return (d, Vec::new());
        }
        let mut effects = d.alert(d.wave_members(1, view, candidates, cfg, now));
        let at = now + cfg.wave_length(now);
        d.deadline = Some(at);
        effects.push(Effect::WakeAt { at });
        (d, effects)
    }

    /// Who wave `wave` adds, nearest first, leaving out those already alerted or declined.
    fn wave_members(
        &self,
        wave: u8,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<MemberId> {
        let minute = cfg.local_minute(now);
        let medical = view.urgent && view.kind == RequestKind::Hospital;
        let reachable = |c: &&Candidate| {
            let duty = wave == LAST_WAVE && matches!(c.role, Role::GridWorker | Role::Staff);
            let quiet = c.quiet.is_some_and(|q| q.contains(minute)) && !(medical && c.medical_through_quiet);
            (c.available || duty)
                && !quiet
                && !view.is_requester(c.member)
                && view.signup_of(c.member).is_none()
                && !view.withdrawn.contains(&c.member)
                && !self.alerted.contains(&c.member)
                && !self.declined.contains(&c.member)
        };
        let mut pool: Vec<&Candidate> = candidates.iter().filter(reachable).collect();
        pool.sort_by(|a, b| nearest_first(a, b));
        let chosen: Vec<&Candidate> = match wave {
            1 => {
                let skill = view.kind.skill();
                let building = pool.iter().copied().filter(|c| c.nearness == Nearness::SameBuilding);
                let skilled = pool
                    .iter()
                    .copied()
                    .filter(|c| c.nearness <= Nearness::SameEstate && c.nearness != Nearness::SameBuilding)
                    .filter(|c| skill.is_none_or(|s| c.skills.contains(&s)))
                    .take(cfg.skilled_first);
                building.chain(skilled).collect()
            }
            2 => pool
                .into_iter()
                .filter(|c| c.nearness <= Nearness::SameEstate)
                .collect(),
            _ => pool,
        };
        chosen.into_iter().map(|c| c.member).collect()
    }

    fn alert(&mut self, members: Vec<MemberId>) -> Vec<Effect> {
        let mut effects = Vec::new();
        for member in members {
            if self.alerted.insert(member) {
                effects.push(Effect::Alert {
                    member,
                    wave: self.wave,
                });
            }
        }
        effects
    }

    /// Time passed: if the running wave has ended without enough volunteers, start the next.
    pub fn on_tick(
        &mut self,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        if self.finished {
            return Vec::new();
        }
        if satisfied(view) {
            return self.finish(view);
        }
        match self.deadline {
            Some(at) if now < at => return vec![Effect::WakeAt { at }],
            _ => {}
        }
        self.widen(view, candidates, cfg, now)
    }

    /// Staff widen the alert now, without waiting for the running wave's time: the next circle
    /// that adds anyone is alerted and its wave starts. Nothing when the dispatch is over, enough
    /// volunteers are coming, or every circle has been alerted.
    pub fn widen_now(
        &mut self,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        if self.finished {
            return Vec::new();
        }
        if satisfied(view) {
            return self.finish(view);
        }
        if self.wave >= LAST_WAVE {
            return Vec::new();
        }
        self.widen(view, candidates, cfg, now)
    }

    /// Alerts the next circle that adds anyone and sets the wave's deadline; past the last
    /// wave, waits for sign-ups or a decline.
    fn widen(
        &mut self,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        while self.wave < LAST_WAVE {
            self.wave += 1;
            let added = self.alert(self.wave_members(self.wave, view, candidates, cfg, now));
            if !added.is_empty() {
                effects.extend(added);
                break;
            }
        }
        if self.wave < LAST_WAVE || !effects.is_empty() {
            let at = now + cfg.wave_length(now);
            self.deadline = Some(at);
            effects.push(Effect::WakeAt { at });
        } else {
            // Everyone who can be reached has been; wait for sign-ups or a decline.
            self.deadline = None;
        }
        effects
    }

    /// `member` declined: the alert passes to the next nearest member not yet alerted.
    pub fn on_decline(
        &mut self,
        member: MemberId,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        if self.finished || !self.alerted.contains(&member) || !self.declined.insert(member) {
            return Vec::new();
        }
        // The nearest in the estate first (wave 2's circle), else anyone in the community.
        let next = (self.wave.max(2)..=LAST_WAVE)
            .find_map(|w| self.wave_members(w, view, candidates, cfg, now).into_iter().next());
        self.alert(next.into_iter().collect())
    }

    /// The request changed (a sign-up, a withdrawal, a final status). Once enough are coming
    /// the others are stood down. When a dispatch that was filled falls short again (a confirmed
    /// volunteer withdrew with nobody on standby), it reopens: the next circle is alerted at
    /// once, or, with every circle reached, those stood down earlier are alerted again.
    /// `candidates` is needed only when it reopens ([`Dispatch::reopens`]).
    pub fn on_request_changed(
        &mut self,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        if self.reopens(view) {
            return self.reopen(view, candidates, cfg, now);
        }
        if !self.finished && satisfied(view) {
            self.finish(view)
        } else {
            Vec::new()
        }
    }

    /// Whether `view` reopens this dispatch: it was filled, the request is not final, and fewer
    /// than the slots are confirmed now.
    pub fn reopens(&self, view: &RequestView) -> bool {
        self.finished && !satisfied(view)
    }

    fn reopen(
        &mut self,
        view: &RequestView,
        candidates: &[Candidate],
        cfg: &DispatchConfig,
        now: Millis,
    ) -> Vec<Effect> {
        self.finished = false;
        let mut effects = self.widen(view, candidates, cfg, now);
        if !effects.iter().any(|e| matches!(e, Effect::Alert { .. })) {
            // Every circle was reached: those told "no longer needed" are needed again (not the
            // requester, those who declined or withdrew, nor anyone still signed up).
            let again: Vec<MemberId> = self
                .alerted
                .iter()
                .copied()
                .filter(|m| {
                    !self.declined.contains(m)
                        && !view.is_requester(*m)
                        && view.signup_of(*m).is_none()
                        && !view.withdrawn.contains(m)
                })
                .collect();
            effects.extend(again.into_iter().map(|member| Effect::Alert {
                member,
                wave: self.wave,
            }));
            let at = now + cfg.wave_length(now);
            self.deadline = Some(at);
            effects.push(Effect::WakeAt { at });
        }
        effects
    }

    fn finish(&mut self, view: &RequestView) -> Vec<Effect> {
        self.finished = true;
        self.deadline = None;
        self.alerted
            .iter()
            .filter(|m| {
                view.signup_of(**m).is_none_or(|s| s.state != SignupState::Confirmed) && !self.declined.contains(m)
            })
            .map(|m| Effect::NoLongerNeeded { member: *m })
            .collect()
    }

    /// Whether `member` may read the request because of an alert that still stands.
    pub fn grants_read(&self, member: MemberId) -> bool {
        !self.finished && self.alerted.contains(&member) && !self.declined.contains(&member)
    }
}

fn nearest_first(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    a.nearness
        .cmp(&b.nearness)
        .then_with(|| match (a.distance_m, b.distance_m) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a.member.cmp(&b.member))
}

/// Great-circle distance in metres between two points given in degrees.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1, lat2, lon2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dispatch_saved_by_an_earlier_relay_reads_back_with_its_alerted_in_order_and_saves_the_same() {
        let (a, b, c) = (MemberId::random(), MemberId::random(), MemberId::random());
        // As a relay that kept the alerted members in a list saved it.
        let saved = serde_json::json!({
            "request": DocId::random(),
            "wave": 2,
            "alerted": [b, a, c],
            "declined": [a],
            "deadline": 70_000,
            "finished": false,
        });
        let d: Dispatch = serde_json::from_value(saved.clone()).expect("reads");
        assert_eq!(
            d.alerted.iter().copied().collect::<Vec<_>>(),
            [b, a, c],
            "in the order alerted"
        );
        assert!(d.grants_read(c) && !d.grants_read(a), "a declined, c still alerted");
        assert!(!d.grants_read(MemberId::random()));
        assert_eq!(serde_json::to_value(&d).expect("saves"), saved);
    }
}
