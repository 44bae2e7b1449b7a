//! One missed day, watched until someone has looked in: a sans-IO state machine, like the urgent
//! [`crate::dispatch::Dispatch`] and speaking its [`Effect`]s, so the relay carries both out the
//! same way (live frames, push adapters, timers saved as JSON that survive a restart).
//!
//! The circles, one after another, each given the pairing's wait to answer:
//! 1. to 3. each paired neighbour who accepted, in order;
//! 4. the available volunteers of the person's building;
//! 5. the grid workers and staff of the groups above it (on duty, available or not).
//!
//! Answers: "on my way" holds the widening for one more wait (if neither "she's fine" nor "she
//! needs help" follows, the next circle is alerted); "she's fine" closes it; "she needs help"
//! closes it pointing at the urgent request raised for her; a check-in of her own closes it.
//! Whoever was alerted and did not close it hears that it is over.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::dispatch::Effect;
use crate::ids::{DocId, MemberId};

/// Who each circle is, as the relay finds them when the day is judged missed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circles {
    /// The paired neighbours who accepted, in order (one circle each).
    pub neighbours: Vec<MemberId>,
    /// The building's available volunteers.
    pub building: Vec<MemberId>,
    /// Grid workers and staff above.
    pub duty: Vec<MemberId>,
}

impl Circles {
    fn circle(&self, step: u8) -> Vec<MemberId> {
        let n = self.neighbours.len();
        let s = usize::from(step);
        if s >= 1 && s <= n {
            vec![self.neighbours[s - 1]]
        } else if s == n + 1 {
            self.building.clone()
        } else if s == n + 2 {
            self.duty.clone()
        } else {
            Vec::new()
        }
    }

    fn last_step(&self) -> u8 {
        (self.neighbours.len() + 2) as u8
    }
}

/// A member's answer to a check-in alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// "I'm on my way."
    Coming,
    /// "She's fine."
    Fine,
    /// "She needs help": the urgent request raised for her.
    NeedsHelp {
        /// The urgent request.
        request: DocId,
    },
}

/// How a watch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// A neighbour looked in: she is fine.
    Fine {
        /// Who.
        by: MemberId,
        /// When, by the relay's clock.
        at: Millis,
    },
    /// She needs help: an urgent request was raised for her.
    NeedsHelp {
        /// Who raised it.
        by: MemberId,
        /// The request.
        request: DocId,
        /// When.
        at: Millis,
    },
    /// She checked in herself.
    CheckedIn {
        /// When it counted.
        at: Millis,
    },
}

/// Someone alerted, with what they said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alerted {
    /// Who.
    pub member: MemberId,
    /// In which circle (1-based).
    pub step: u8,
    /// When.
    pub at: Millis,
    /// How the alert reached their phone ("live", "push:fcm"), once it did.
    #[serde(default)]
    pub delivered: Option<String>,
    /// "I'm on my way", when they said it.
    #[serde(default)]
    pub coming_at: Option<Millis>,
}

/// The watch over one missed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watch {
    /// The pairing.
    pub pairing: DocId,
    /// The local midnight that started the day that was missed.
    pub day: Millis,
    /// When the day was judged missed, by the relay's clock.
    pub missed_at: Millis,
    /// Who each circle is.
    pub circles: Circles,
    /// The circle now alerted (1-based).
    pub step: u8,
    /// Everyone alerted, in order.
    pub alerted: Vec<Alerted>,
    /// When the running circle's time is up, while the watch is open and widening.
    pub deadline: Option<Millis>,
    /// How it ended.
    pub outcome: Option<Outcome>,
}

impl Watch {
    /// The day that began at local midnight `day` was judged missed at `now`: alerts the first
    /// circle that has anyone in it.
    pub fn start(pairing: DocId, day: Millis, circles: Circles, wait_ms: Millis, now: Millis) -> (Watch, Vec<Effect>) {
        let mut w = Watch {
            pairing,
            day,
            missed_at: now,
            circles,
            step: 0,
            alerted: Vec::new(),
            deadline: None,
            outcome: None,
        };
        let effects = w.widen(wait_ms, now);
        (w, effects)
    }

    /// Whether it is over.
    pub fn is_closed(&self) -> bool {
        self.outcome.is_some()
    }

    /// Whether `member` was alerted.
    pub fn was_alerted(&self, member: MemberId) -> bool {
        self.alerted.iter().any(|a| a.member == member)
    }

    fn widen(&mut self, wait_ms: Millis, now: Millis) -> Vec<Effect> {
        let mut effects = Vec::new();
        while self.step < self.circles.last_step() {
            self.step += 1;
            for member in self.circles.circle(self.step) {
                if !self.was_alerted(member) {
                    self.alerted.push(Alerted {
                        member,
                        step: self.step,
                        at: now,
                        delivered: None,
                        coming_at: None,
                    });
                    effects.push(Effect::Alert {
                        member,
                        wave: self.step,
                    });
                }
            }
            if !effects.is_empty() {
                break;
            }
        }
        if effects.is_empty() {
            // Everyone who could be reached has been: wait for an answer.
            self.deadline = None;
        } else {
            let at = now + wait_ms;
            self.deadline = Some(at);
            effects.push(Effect::WakeAt { at });
        }
        effects
    }

    /// Time passed: if the running circle's time is up, alerts the next.
    pub fn on_tick(&mut self, wait_ms: Millis, now: Millis) -> Vec<Effect> {
        match self.deadline {
            _ if self.is_closed() => Vec::new(),
            Some(at) if now < at => vec![Effect::WakeAt { at }],
            Some(_) => self.widen(wait_ms, now),
            None => Vec::new(),
        }
    }

    /// `member` answered at `now`. Only someone alerted answers (the relay checks who may).
    pub fn on_answer(&mut self, member: MemberId, answer: Answer, wait_ms: Millis, now: Millis) -> Vec<Effect> {
        if self.is_closed() {
            return Vec::new();
        }
        match answer {
            Answer::Coming => {
                if let Some(a) = self.alerted.iter_mut().find(|a| a.member == member) {
                    a.coming_at.get_or_insert(now);
                }
                // Hold the widening for one more wait.
                let at = now + wait_ms;
                self.deadline = Some(at);
                vec![Effect::WakeAt { at }]
            }
            Answer::Fine => self.close(Outcome::Fine { by: member, at: now }, Some(member)),
            Answer::NeedsHelp { request } => self.close(
                Outcome::NeedsHelp {
                    by: member,
                    request,
                    at: now,
                },
                Some(member),
            ),
        }
    }

    /// She checked in herself (a check-in that counts for the day).
    pub fn on_checkin(&mut self, at: Millis) -> Vec<Effect> {
        if self.is_closed() {
            return Vec::new();
        }
        self.close(Outcome::CheckedIn { at }, None)
    }

    fn close(&mut self, outcome: Outcome, by: Option<MemberId>) -> Vec<Effect> {
        self.outcome = Some(outcome);
        self.deadline = None;
        self.alerted
            .iter()
            .filter(|a| Some(a.member) != by)
            .map(|a| Effect::NoLongerNeeded { member: a.member })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Millis = 15 * 60_000;

    fn circles() -> (Circles, [MemberId; 5]) {
        let m = [(); 5].map(|_| MemberId::random());
        (
            Circles {
                neighbours: vec![m[0], m[1]],
                building: vec![m[0], m[2], m[3]],
                duty: vec![m[4]],
            },
            m,
        )
    }

    fn alerted(effects: &[Effect]) -> Vec<MemberId> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Alert { member, .. } => Some(*member),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_alarm_widens_neighbour_by_neighbour_then_building_then_duty() {
        let (c, m) = circles();
        let (mut w, e) = Watch::start(DocId::random(), 0, c, WAIT, 0);
        assert_eq!(alerted(&e), vec![m[0]]);
        assert!(
            w.on_tick(WAIT, WAIT - 1)
                .iter()
                .all(|e| matches!(e, Effect::WakeAt { .. }))
        );
        assert_eq!(alerted(&w.on_tick(WAIT, WAIT)), vec![m[1]]);
        assert_eq!(
            alerted(&w.on_tick(WAIT, 2 * WAIT)),
            vec![m[2], m[3]],
            "the first is not alerted twice"
        );
        assert_eq!(alerted(&w.on_tick(WAIT, 3 * WAIT)), vec![m[4]]);
        assert!(w.on_tick(WAIT, 4 * WAIT).is_empty());
        assert_eq!(w.deadline, None);
    }

    #[test]
    fn on_my_way_holds_the_widening_for_one_wait_and_fine_closes() {
        let (c, m) = circles();
        let (mut w, _) = Watch::start(DocId::random(), 0, c, WAIT, 0);
        w.on_answer(m[0], Answer::Coming, WAIT, 10 * 60_000);
        assert!(alerted(&w.on_tick(WAIT, WAIT)).is_empty());
        assert_eq!(alerted(&w.on_tick(WAIT, 25 * 60_000)), vec![m[1]]);
        let e = w.on_answer(m[1], Answer::Fine, WAIT, 26 * 60_000);
        assert_eq!(e, vec![Effect::NoLongerNeeded { member: m[0] }]);
        assert!(w.is_closed());
        assert!(w.on_tick(WAIT, 100 * WAIT).is_empty());
    }

    #[test]
    fn a_watch_with_nobody_to_alert_waits_without_a_timer() {
        let (w, e) = Watch::start(DocId::random(), 0, Circles::default(), WAIT, 0);
        assert!(e.is_empty());
        assert_eq!(w.deadline, None);
    }
}
