//! Running the model's [`Dispatch`] for an urgent request: planning a step from the request and
//! its candidates (under the writer lock), saving it, and carrying it out (alert frames, push,
//! "no longer needed"); the timer's widening of the circle.

use jinlin_model::DocKind;
use std::collections::HashMap;
use std::sync::Arc;

use automerge::AutoCommit;
use axum::body::Bytes;
use jinlin_model::dispatch::{Dispatch, Effect};
use jinlin_model::protocol::{self, AlertSummary, DocChanges, LiveMessage, PROTOCOL_VERSION};
use jinlin_model::{DocId, MemberId, Millis, RequestView, SignupState, docs::request};
use serde_bytes::ByteBuf;

use crate::alerts::push::PushMessage;
use crate::alerts::state::{Alerts, Open, PushJob, lock};
use crate::doc_cache::DocCache;
use crate::error::Error;
use crate::live::Direct;
use crate::relay::Relay;
use crate::store::{AlertRow, DispatchWrite, StoredDispatch, Write};

pub(super) fn summary(view: &RequestView, wave: u8) -> AlertSummary {
    AlertSummary {
        request: view.id,
        group_id: view.group_id,
        wave,
        kind: view.kind,
        requester: view.requester.name.clone(),
        building: view.place.building.clone(),
        unit: view.place.unit.clone(),
        text: view.text.chars().take(200).collect(),
        slots: view.slots,
    }
}

/// Alerted members with an active sign-up (tentative ones included: the relay has it now).
pub(super) fn signed_up<'a>(view: &'a RequestView, d: &'a Dispatch) -> impl Iterator<Item = MemberId> + 'a {
    view.signups
        .iter()
        .map(|s| s.member_id)
        .filter(|m| d.alerted.contains(m))
}

/// Alerted members who signed up to a request already filled and stand in line: they are told
/// the help is no longer needed (they stay on standby and keep reading it).
pub(super) fn standing_by(view: &RequestView, members: &[MemberId]) -> Vec<Effect> {
    members
        .iter()
        .filter(|m| view.signup_of(**m).is_some_and(|s| s.state == SignupState::Standby))
        .map(|m| Effect::NoLongerNeeded { member: *m })
        .collect()
}

/// The step that `effects` make of `stored` (now the state after them): rows to save and one
/// alert frame per wave, shared by everyone alerted in it. The frame carries the whole request,
/// so a member alerted from outside its group can read it.
pub(super) fn step(
    doc: &mut AutoCommit,
    view: &RequestView,
    stored: StoredDispatch,
    effects: Vec<Effect>,
    now: Millis,
    started: bool,
) -> DispatchStep {
    let mut alerted = Vec::new();
    let mut ended = Vec::new();
    for e in &effects {
        match *e {
            Effect::Alert { member, wave } => alerted.push(AlertRow { member, wave }),
            Effect::NoLongerNeeded { member } => ended.push(member),
            Effect::WakeAt { .. } => {}
        }
    }
    let mut alerts = Vec::with_capacity(alerted.len());
    if !alerted.is_empty() {
        let doc = whole(doc, view);
        let mut frames: HashMap<u8, (Bytes, Arc<AlertSummary>)> = HashMap::new();
        for a in &alerted {
            let (frame, summary) = frames
                .entry(a.wave)
                .or_insert_with(|| alert_frame(&doc, view, a.wave))
                .clone();
            alerts.push((a.member, frame, summary));
        }
    }
    DispatchStep {
        request: view.id,
        group: view.group_id,
        started,
        alerts,
        save: Some(DispatchWrite {
            dispatch: stored,
            alerted,
            ended,
            declined: None,
            readers: Vec::new(),
            at: now,
        }),
    }
}

/// The whole request, as an alert carries it.
pub(crate) fn whole(doc: &mut AutoCommit, view: &RequestView) -> DocChanges {
    let changes: Vec<ByteBuf> = doc
        .get_changes(&[])
        .into_iter()
        .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
        .collect();
    DocChanges {
        doc_id: view.id,
        doc_type: DocKind::Request,
        group_id: view.group_id,
        changes,
        saved: None,
    }
}

/// The alert frame of wave `wave`, carrying `doc` (the whole request), and its summary.
pub(crate) fn alert_frame(doc: &DocChanges, view: &RequestView, wave: u8) -> (Bytes, Arc<AlertSummary>) {
    let alert = summary(view, wave);
    let frame = Bytes::from(protocol::encode(&LiveMessage::Alert {
        version: PROTOCOL_VERSION,
        alert: alert.clone(),
        doc: doc.clone(),
    }));
    (frame, Arc::new(alert))
}

/// The frame that tells an alerted member request `request` no longer needs them.
pub(crate) fn stood_down_frame(request: DocId) -> Bytes {
    Bytes::from(protocol::encode(&LiveMessage::NoLongerNeeded {
        version: PROTOCOL_VERSION,
        request,
    }))
}

/// One step of a dispatch, decided under the writer lock but not yet saved or sent: the state
/// after it, the rows to save and the frames to send. The caller saves it (in the request's own
/// transaction when the step comes from an upload), then [`Relay::carry_out`] sends it.
#[derive(Debug)]
pub(crate) struct DispatchStep {
    pub(super) request: DocId,
    pub(super) group: DocId,
    /// What to save.
    pub(super) save: Option<DispatchWrite>,
    /// True for the first step of a new dispatch.
    pub(crate) started: bool,
    pub(super) alerts: Vec<(MemberId, Bytes, Arc<AlertSummary>)>,
}

impl DispatchStep {
    /// The write that saves this step, if any.
    pub(crate) fn write(&self) -> Option<Write> {
        self.save.clone().map(|d| Write::SaveDispatch(Box::new(d)))
    }

    /// The request it belongs to.
    pub(crate) fn request(&self) -> DocId {
        self.request
    }

    /// How many members it alerts.
    pub(crate) fn alerted(&self) -> usize {
        self.alerts.len()
    }

    /// The members it alerts (each alert carries the whole request).
    pub(crate) fn alerted_members(&self) -> impl Iterator<Item = MemberId> + '_ {
        self.alerts.iter().map(|(member, _, _)| *member)
    }
}

impl Relay {
    /// The relay's alert state.
    pub fn alerts(&self) -> &Alerts {
        &self.alerts
    }

    /// For request `id`, just changed by an upload that is about to commit (under the writer
    /// lock): the dispatch step to save with it, if it is urgent and new, or its running dispatch
    /// moves. Nothing changes in memory until [`Relay::carry_out`].
    pub(crate) fn plan_dispatch(&self, cache: &mut DocCache, id: DocId) -> Result<Option<DispatchStep>, Error> {
        let running = lock(&self.alerts.open).get(&id).map(|o| o.stored.clone());
        // Most uploads to requests are comments and sign-ups on ones that are not urgent: no
        // need to read them whole.
        if running.is_none() && !request::is_urgent(self.load(cache, id)?.doc()) {
            return Ok(None);
        }
        let view = request::read(self.load(cache, id)?.doc())?;
        let now = self.now();
        if let Some(mut stored) = running {
            let (was_finished, was_closed) = (stored.dispatch.finished, stored.closed);
            // Candidates are gathered only when the dispatch reopens (they cost a walk of the
            // community).
            let candidates = if stored.dispatch.reopens(&view) && !view.status.is_final() {
                self.candidates(cache, &view)?
            } else {
                Vec::new()
            };
            let config = self.dispatch_config(cache, view.group_id, now);
            let mut effects = stored.dispatch.on_request_changed(&view, &candidates, &config, now);
            stored.closed = view.status.is_final();
            let readers = self.alerts.new_readers(id, signed_up(&view, &stored.dispatch));
            if stored.dispatch.finished && !stored.closed {
                effects.extend(standing_by(&view, &readers));
            }
            if effects.is_empty()
                && readers.is_empty()
                && was_closed == stored.closed
                && was_finished == stored.dispatch.finished
            {
                return Ok(None);
            }
            let doc = self.load(cache, id)?.doc_mut();
            let mut step = step(doc, &view, stored, effects, now, false);
            if let Some(save) = step.save.as_mut() {
                save.readers = readers;
            }
            return Ok(Some(step));
        }
        if !view.urgent || view.status.is_final() || self.store.has_dispatch(id)? {
            return Ok(None);
        }
        let candidates = self.candidates(cache, &view)?;
        let config = self.dispatch_config(cache, view.group_id, now);
        let (dispatch, effects) = Dispatch::start(&view, &candidates, &config, now);
        tracing::info!(request = %id, candidates = candidates.len(), "urgent request: dispatch started");
        let stored = StoredDispatch {
            group_id: view.group_id,
            dispatch,
            closed: false,
            started_at: now,
        };
        let doc = self.load(cache, id)?.doc_mut();
        Ok(Some(step(doc, &view, stored, effects, now, true)))
    }

    /// Sends a saved step's alerts and notices and makes it the dispatch's state in memory
    /// (under the writer lock, after the commit that saved it).
    pub(crate) fn carry_out(&self, step: DispatchStep) {
        // Members with no live connection here are pushed to, unless they are live on another
        // instance sharing the store, which sends them the frame itself (`presence.rs`).
        let mut unreached = Vec::new();
        let wave = (!step.alerts.is_empty()).then(|| crate::live::Wave::new(step.request));
        for (member, frame, summary) in step.alerts {
            let live = self.alerts.send_direct(Direct {
                member,
                frame,
                delivers: Some(step.request),
                wave: wave.clone(),
            });
            if !live {
                unreached.push((member, PushMessage::Alert(AlertSummary::clone(&summary))));
            }
        }
        let ended = step.save.as_ref().map_or(&[][..], |s| &s.ended[..]);
        if !ended.is_empty() {
            let stood_down = stood_down_frame(step.request);
            for &member in ended {
                let live = self.alerts.send_direct(Direct {
                    member,
                    frame: stood_down.clone(),
                    delivers: None,
                    wave: None,
                });
                if !live {
                    unreached.push((member, PushMessage::NoLongerNeeded(step.request)));
                }
            }
        }
        if let Some(wave) = wave {
            wave.one_done();
        }
        self.push_unless_live_elsewhere(unreached);
        if let Some(save) = &step.save
            && !save.readers.is_empty()
        {
            let mut readers = lock(&self.alerts.readers);
            for m in &save.readers {
                readers.entry(*m).or_default().insert(step.request, step.group);
            }
        }
        let mut open = lock(&self.alerts.open);
        match step.save {
            Some(save) if save.dispatch.closed => {
                open.remove(&step.request);
            }
            Some(save) => {
                if let Some(at) = save.dispatch.dispatch.deadline {
                    tracing::debug!(request = %step.request, at, wave = save.dispatch.dispatch.wave, "next wave due");
                }
                open.insert(step.request, Open { stored: save.dispatch });
            }
            None => {}
        }
        drop(open);
        self.alerts.wake_timer();
    }

    /// Saves a step on its own (a timer or a decline moved the dispatch), then carries it out.
    pub(super) fn save_and_carry_out(&self, step: DispatchStep) -> Result<(), Error> {
        if let Some(s) = &step.save {
            self.store.save_dispatch(s)?;
        }
        self.carry_out(step);
        Ok(())
    }

    pub(crate) fn push(&self, member: MemberId, msg: PushMessage) {
        // The worker may be gone during shutdown; the alert row records it was not delivered.
        let _ = self.alerts.push_tx.send(PushJob { member, msg });
    }

    /// Runs the waves whose time has come; returns how many dispatches moved.
    pub fn run_due_alerts(&self) -> Result<usize, Error> {
        let now = self.now();
        let due: Vec<DocId> = lock(&self.alerts.open)
            .iter()
            .filter(|(_, o)| !o.stored.dispatch.finished && o.stored.dispatch.deadline.is_some_and(|at| at <= now))
            .map(|(id, _)| *id)
            .collect();
        if due.is_empty() {
            return Ok(0);
        }
        let mut cache = self.writer()?;
        let mut moved = 0;
        for id in due {
            let view = match self.load(&mut cache, id).and_then(|c| Ok(request::read(c.doc())?)) {
                Ok(v) => v,
                Err(e) => {
                    tracing::error!(request = %id, error = %e, "urgent request not readable; its dispatch stops");
                    lock(&self.alerts.open).remove(&id);
                    continue;
                }
            };
            let candidates = self.candidates(&mut cache, &view)?;
            let Some(mut stored) = lock(&self.alerts.open).get(&id).map(|o| o.stored.clone()) else {
                continue;
            };
            // Another instance sharing the store may have run this wave while this one waited
            // for its turn: the dispatch was caught up above.
            if stored.dispatch.finished || stored.dispatch.deadline.is_none_or(|at| at > now) {
                continue;
            }
            let config = self.dispatch_config(&mut cache, view.group_id, now);
            let effects = stored.dispatch.on_tick(&view, &candidates, &config, now);
            tracing::info!(request = %id, wave = stored.dispatch.wave, "alert widens");
            let doc = self.load(&mut cache, id)?.doc_mut();
            self.save_and_carry_out(step(doc, &view, stored, effects, now, false))?;
            moved += 1;
        }
        Ok(moved)
    }
}
