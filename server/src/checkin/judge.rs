//! Judging by the relay's clock: one pass over the pairings whose time has come. A day is missed
//! when the pairing is in force, not paused, and no check-in counted since that day's local
//! midnight by its deadline plus grace; a watch then starts. A running watch whose circle's time
//! is up widens. Every state that moved is saved in one transaction before anything is sent;
//! then each alert goes live at once, or through the member's push adapter.

use axum::body::Bytes;
use jinlin_model::checkin::Watch;
use jinlin_model::checkin::wire::{CheckinAlert, PAST_WATCHES, PairingView};
use jinlin_model::dispatch::Effect;
use jinlin_model::protocol::{self, LiveMessage, PROTOCOL_VERSION};
use jinlin_model::{DocId, MemberId, Millis};

use crate::alerts::push::PushMessage;
use crate::error::Error;
use crate::live::Direct;
use crate::relay::Relay;
use crate::store::journal::JournalCheckin;

/// A pairing's wait, in milliseconds.
pub(crate) fn wait_ms(v: &PairingView) -> Millis {
    i64::from(v.pairing.wait_minutes) * 60_000
}

/// Moves a closed watch to the pairing's past.
pub(crate) fn settle(v: &mut PairingView) {
    if v.watch.as_ref().is_some_and(Watch::is_closed)
        && let Some(w) = v.watch.take()
    {
        v.past.insert(0, w);
        v.past.truncate(PAST_WATCHES);
    }
}

impl Relay {
    /// Judges every pairing whose time has come and widens running watches; returns how many
    /// moved.
    pub fn run_due_checkins(&self) -> Result<usize, Error> {
        let now = self.now();
        // Each building's deadline is read on its own clock (the writer lock first, then the
        // book).
        let groups: std::collections::BTreeSet<DocId> = {
            let book = self.checkins.book();
            book.due_at(now)
                .iter()
                .filter_map(|id| book.pairings.get(id).map(|v| v.pairing.group_id))
                .collect()
        };
        // The writer's turn for the whole pass: several relay instances sharing a store each run
        // this timer, and the one that waited finds the pairings judged (the turn caught its
        // book up), so nobody is alerted twice.
        let mut cache = self.writer()?;
        let configs: std::collections::HashMap<DocId, _> = groups
            .into_iter()
            .map(|g| (g, self.dispatch_config(&mut cache, g, now)))
            .collect();
        let mut book = self.checkins.book();
        let due = book.due_at(now);
        if due.is_empty() {
            return Ok(0);
        }
        let mut moved: Vec<(PairingView, Vec<Effect>)> = Vec::with_capacity(due.len());
        let mut known = super::circles::BuildingCircles::default();
        for id in due {
            let Some(mut v) = book.pairings.get(&id).cloned() else {
                continue;
            };
            let mut effects = Vec::new();
            if let Some(w) = v.watch.as_mut()
                && w.deadline.is_some_and(|at| at <= now)
            {
                effects.extend(w.on_tick(i64::from(v.pairing.wait_minutes) * 60_000, now));
                tracing::info!(pairing = %id, step = w.step, "missed check-in: the alarm widens");
            }
            if v.next_judgement <= now {
                let judged = v.next_judgement;
                let missed = v.pairing.in_force()
                    && v.pairing.paused_until.is_none_or(|p| p <= judged)
                    && !v.pairing.checked_in_for(judged)
                    && v.watch.is_none();
                if missed {
                    let circles = self.circles(&v.pairing, &mut known)?;
                    let (w, e) = Watch::start(id, v.pairing.day_of(judged), circles, wait_ms(&v), now);
                    tracing::info!(pairing = %id, alerted = w.alerted.len(), "missed check-in: first circle alerted");
                    v.watch = Some(w);
                    effects.extend(e);
                }
                let config = configs.get(&v.pairing.group_id).copied().unwrap_or(self.alerts.config);
                v.next_judgement = v.pairing.next_judgement(now.max(judged), &config);
            }
            moved.push((v, effects));
        }
        let states: Vec<PairingView> = moved.iter().map(|(v, _)| v.clone()).collect();
        self.store.save_pairings(&states, &super::judge::sent(&moved))?;
        for v in states {
            book.put(v);
        }
        let count = moved.len();
        let delivered = self.send_checkin_effects(&moved);
        self.record_live_deliveries(&mut book, delivered)?;
        Ok(count)
    }

    /// Sends what the watches' effects say: alerts and "it is over", live or by push. Returns the
    /// alerts handed to a live connection.
    pub(crate) fn send_checkin_effects(&self, moved: &[(PairingView, Vec<Effect>)]) -> Vec<(DocId, MemberId)> {
        let mut live = Vec::new();
        for (v, effects) in moved {
            for e in effects {
                let Some((member, frame, push)) = frame_of(v, e) else {
                    continue;
                };
                let alert = matches!(e, Effect::Alert { .. });
                if self.alerts.send_direct(Direct {
                    member,
                    frame,
                    delivers: None,
                    wave: None,
                }) {
                    if alert {
                        live.push((v.pairing.id, member));
                    }
                } else {
                    self.push(member, push);
                }
            }
        }
        self.alerts.wake_timer();
        live
    }

    /// Sends the check-in alerts another relay instance's judgement sent to the members
    /// connected to this one (that instance pushed to those it did not hold; `cluster.rs`).
    pub(crate) fn deliver_checkins_here(&self, sent: &[JournalCheckin]) {
        let book = self.checkins.book();
        for s in sent.iter().filter(|s| self.alerts.is_online(s.member)) {
            let Some(v) = book.pairings.get(&s.pairing) else {
                continue;
            };
            let effect = match s.step {
                Some(wave) => Effect::Alert { member: s.member, wave },
                None => Effect::NoLongerNeeded { member: s.member },
            };
            if let Some((member, frame, _)) = frame_of(v, &effect) {
                self.alerts.send_direct(Direct {
                    member,
                    frame,
                    delivers: None,
                    wave: None,
                });
            }
        }
    }

    /// Records alerts handed to live connections on their watches, in one transaction.
    pub(crate) fn record_live_deliveries(
        &self,
        book: &mut super::Book,
        delivered: Vec<(DocId, MemberId)>,
    ) -> Result<(), Error> {
        if delivered.is_empty() {
            return Ok(());
        }
        let mut changed: Vec<PairingView> = Vec::new();
        for (id, member) in delivered {
            let at = match changed.iter().position(|v| v.pairing.id == id) {
                Some(i) => i,
                None => match book.pairings.get(&id) {
                    Some(v) => {
                        changed.push(v.clone());
                        changed.len() - 1
                    }
                    None => continue,
                },
            };
            mark(&mut changed[at], member, "live");
        }
        self.store.save_pairings(&changed, &[])?;
        for v in changed {
            book.put(v);
        }
        Ok(())
    }

    /// An alert about pairing `id` reached `member`'s phone by `via` (a push adapter).
    pub fn checkin_delivered(&self, member: MemberId, id: DocId, via: &str) {
        let mut book = self.checkins.book();
        let Some(mut v) = book.pairings.get(&id).cloned() else {
            return;
        };
        if mark(&mut v, member, via) && self.store.save_pairings(std::slice::from_ref(&v), &[]).is_ok() {
            book.put(v);
        }
    }
}

/// Marks the member's newest alert about `v` as delivered by `via`; false if there was none to mark.
fn mark(v: &mut PairingView, member: MemberId, via: &str) -> bool {
    let watch = match v.watch.as_mut() {
        Some(w) => Some(w),
        None => v.past.first_mut(),
    };
    watch
        .and_then(|w| {
            w.alerted
                .iter_mut()
                .find(|a| a.member == member && a.delivered.is_none())
        })
        .map(|a| a.delivered = Some(via.to_string()))
        .is_some()
}

/// What a judgement's effects send, for the journal.
pub(crate) fn sent(moved: &[(PairingView, Vec<Effect>)]) -> Vec<JournalCheckin> {
    moved
        .iter()
        .flat_map(|(v, effects)| {
            effects.iter().filter_map(|e| match *e {
                Effect::Alert { member, wave } => Some(JournalCheckin {
                    pairing: v.pairing.id,
                    member,
                    step: Some(wave),
                }),
                Effect::NoLongerNeeded { member } => Some(JournalCheckin {
                    pairing: v.pairing.id,
                    member,
                    step: None,
                }),
                Effect::WakeAt { .. } => None,
            })
        })
        .collect()
}

/// The frame (and the push, for a member not connected) of one effect of pairing `v`'s watch.
fn frame_of(v: &PairingView, effect: &Effect) -> Option<(MemberId, Bytes, PushMessage)> {
    let w = v.watch.as_ref().or(v.past.first())?;
    match *effect {
        Effect::Alert { member, wave } => {
            let alert = CheckinAlert {
                pairing: v.pairing.id,
                step: wave,
                name: v.pairing.name.clone(),
                building: v.pairing.building.clone(),
                unit: v.pairing.unit.clone(),
                missed_at: w.missed_at,
            };
            let frame = Bytes::from(protocol::encode(&LiveMessage::CheckinMissed {
                version: PROTOCOL_VERSION,
                alert: alert.clone(),
            }));
            Some((member, frame, PushMessage::CheckinMissed(alert)))
        }
        Effect::NoLongerNeeded { member } => {
            let frame = Bytes::from(protocol::encode(&LiveMessage::CheckinOver {
                version: PROTOCOL_VERSION,
                pairing: v.pairing.id,
            }));
            Some((member, frame, PushMessage::CheckinOver(v.pairing.id)))
        }
        Effect::WakeAt { .. } => None,
    }
}
