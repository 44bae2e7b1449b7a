//! Check-ins and answers. A check-in counts by the rule in `jinlin_model::checkin::checkins`
//! (the relay's clock; the phone's signed time only within the stated bound); any authenticated
//! use of Jinlin by the person's or proxy's phone counts as a live check-in. An answer comes from
//! someone alerted (or staff or a grid worker of the building): "on my way" holds the widening,
//! "she's fine" closes the watch, "she needs help" closes it pointing at the urgent request the
//! answering phone raised for her.

use jinlin_model::checkin::checkins::{Counted, count};
use jinlin_model::checkin::wire::{CheckinCounted, CheckinReply, PairingView};
use jinlin_model::checkin::{Answer, Watch};
use jinlin_model::dispatch::Effect;
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, MemberId, Millis};

use super::judge::{settle, wait_ms};
use crate::error::{AppError, Error};
use crate::relay::Relay;

/// When the day a check-in signed at `signed` belongs to was judged missed, if it was.
fn missed_at(v: &PairingView, signed: Millis) -> Option<Millis> {
    v.watch
        .iter()
        .chain(v.past.iter())
        .find(|w| signed >= w.day)
        .filter(|w| signed < w.missed_at)
        .map(|w| w.missed_at)
}

impl Relay {
    /// `member` checks in ("I'm fine"), signed at `signed` by their phone: counts for every
    /// pairing they check in for.
    pub fn check_in(&self, member: MemberId, signed: Millis) -> Result<CheckinReply, AppError> {
        // Another instance may have judged the day meanwhile: start from what it saved.
        let _turn = self.shared_turn()?;
        let now = self.now();
        let mut book = self.checkins.book();
        let ids = book.checkers.get(&member).cloned().unwrap_or_default();
        let mut reply = Vec::new();
        let mut moved: Vec<(PairingView, Vec<Effect>)> = Vec::new();
        for id in ids {
            let Some(mut v) = book.pairings.get(&id).cloned() else {
                continue;
            };
            let counted = match count(signed, now, missed_at(&v, signed), v.pairing.wait_minutes) {
                Counted::Ahead => {
                    return Err(AppError::BadRequest(Refusal::ClockAhead.into()));
                }
                Counted::TooLate => None,
                Counted::At(at) => Some(at),
            };
            let mut effects = Vec::new();
            if let Some(at) = counted {
                v.pairing.last_checkin = Some(v.pairing.last_checkin.map_or(at, |l| l.max(at)));
                if let Some(w) = v.watch.as_mut()
                    && at >= w.day
                {
                    effects = w.on_checkin(at);
                    tracing::info!(pairing = %id, "missed check-in: she checked in herself");
                }
            }
            let closed_alarm = v.watch.as_ref().is_some_and(Watch::is_closed);
            settle(&mut v);
            reply.push(CheckinCounted {
                pairing: id,
                counted_at: counted,
                closed_alarm,
            });
            moved.push((v, effects));
        }
        self.save_and_send(&mut book, moved)?;
        Ok(CheckinReply { pairings: reply })
    }

    /// `member`'s phone used Jinlin (an authenticated sync): a live check-in for every pairing
    /// they check in for. A member who checks in for nobody costs one look-up.
    pub fn used_jinlin(&self, member: MemberId) {
        if !self.checkins.checks_in(member) {
            return;
        }
        if let Err(e) = self.check_in(member, self.now()) {
            tracing::warn!(error = %e, "a use of Jinlin was not counted as a check-in");
        }
    }

    /// `member` answers the alarm about pairing `id`.
    pub fn answer_checkin(&self, member: MemberId, id: DocId, answer: Answer) -> Result<PairingView, AppError> {
        if let Answer::NeedsHelp { request } = answer {
            let meta = self.store.doc(request)?;
            if meta.is_none_or(|m| m.doc_type != DocKind::Request) {
                return Err(AppError::BadRequest(Refusal::RaiseFirst.into()));
            }
        }
        let access = self.access(member)?;
        let _turn = self.shared_turn()?;
        let now = self.now();
        let mut book = self.checkins.book();
        let mut v = book
            .pairings
            .get(&id)
            .filter(|v| access.may_see_pairing(v))
            .cloned()
            .ok_or(AppError::NotFound(Refusal::NoSuchPairing.en()))?;
        let wait = wait_ms(&v);
        let Some(w) = v.watch.as_mut() else {
            return Err(AppError::Conflict(Refusal::NoAlarmOpen.into()));
        };
        if !w.was_alerted(member) && !access.looks_after(v.pairing.group_id) {
            return Err(AppError::Forbidden(Refusal::AnswersAlarm.into()));
        }
        let effects = w.on_answer(member, answer, wait, now);
        tracing::info!(pairing = %id, closed = w.is_closed(), "missed check-in answered");
        settle(&mut v);
        self.save_and_send(&mut book, vec![(v.clone(), effects)])?;
        Ok(v)
    }

    /// Saves the moved states in one transaction, then sends their effects.
    fn save_and_send(&self, book: &mut super::Book, moved: Vec<(PairingView, Vec<Effect>)>) -> Result<(), Error> {
        if moved.is_empty() {
            return Ok(());
        }
        let states: Vec<PairingView> = moved.iter().map(|(v, _)| v.clone()).collect();
        self.store.save_pairings(&states, &super::judge::sent(&moved))?;
        for v in states {
            book.put(v);
        }
        let delivered = self.send_checkin_effects(&moved);
        self.record_live_deliveries(book, delivered)
    }
}
