//! Urgent alerts on the relay: runs the core's sans-IO [`Dispatch`] for every urgent request and
//! carries out what it asks.
//!
//! - When an urgent request first reaches the relay (a sync upload), its candidates are built
//!   (`candidates.rs`), a dispatch starts and is saved in SQLite before anything goes out.
//! - Alerts go over the live channel at once to members connected now ([`LiveMessage::Alert`]
//!   carries the whole request, so a member alerted from outside its group can read it), and
//!   through the member's push adapter otherwise (`push.rs`); the same for "no longer needed".
//! - Every later change to the request (sign-ups, relay order, status) feeds
//!   [`Dispatch::on_request_changed`]; a decline feeds [`Dispatch::on_decline`].
//! - A timer task ([`run_timers`]) wakes at the earliest deadline by the relay's clock and calls
//!   [`Dispatch::on_tick`]; on start the open dispatches are loaded back, and deadlines already
//!   past fire at once.
//! - While an alert stands, the alerted member may read (and sign up to) that one request even
//!   if it sits in a group they do not read. An alerted member who signs up (online, or offline
//!   and arriving after the others were stood down) keeps reading it, its end included; that is
//!   saved on their alert row, so it survives a restart. A member who declined, or was stood
//!   down without signing up, keeps no access.
//! - A filled dispatch that falls short again (the only confirmed volunteer withdrew) reopens:
//!   the next circle is alerted at once.
//!
//! Lock order: the writer lock, then the open dispatches; the live channel takes only the
//! latter.

use jinlin_model::DocKind;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use automerge::AutoCommit;
use axum::body::Bytes;
use jinlin_model::dispatch::{Dispatch, DispatchConfig, Effect};
use jinlin_model::protocol::{
    self, AlertReceipts, AlertSummary, DocChanges, GroupCursor, LiveMessage, PROTOCOL_VERSION,
};
use jinlin_model::{DocId, MemberId, Millis, RequestView, Role, SignupState, docs::request};
use serde_bytes::ByteBuf;
use tokio::sync::{Notify, mpsc};

use crate::doc_cache::DocCache;
use crate::error::{AppError, Error};
use crate::live::Direct;
use crate::push::{PushMessage, Pusher};
use crate::relay::Relay;
use crate::store::{AlertRow, AlertStore, Digest, DispatchWrite, StoredDispatch, Write};

/// Longest the timer sleeps before it looks at the clock again (a hand-set clock moves without
/// telling anyone).
pub const TIMER_RECHECK: Duration = Duration::from_millis(250);

/// How long delivery receipts gather before they are written together.
pub const RECEIPTS_GATHER: Duration = Duration::from_millis(100);

/// A push to send to an offline member.
#[derive(Debug, Clone)]
pub struct PushJob {
    /// Who.
    pub member: MemberId,
    /// What.
    pub msg: PushMessage,
}

#[derive(Debug)]
struct Open {
    stored: StoredDispatch,
}

impl Open {
    fn grants(&self, member: MemberId) -> bool {
        !self.stored.closed && self.stored.dispatch.grants_read(member)
    }
}

/// Alerted members who signed up, by member: the requests they keep reading, with their groups.
type Readers = HashMap<MemberId, HashMap<DocId, DocId>>;

/// A live connection: its number and where its member's frames go.
type Connection = (u64, mpsc::UnboundedSender<Arc<Direct>>);

/// The relay's alert state.
#[derive(Debug)]
pub struct Alerts {
    config: DispatchConfig,
    open: Mutex<HashMap<DocId, Open>>,
    /// Alerted members who signed up (saved on their alert rows).
    readers: Mutex<Readers>,
    /// Open live connections, each with the channel its frames for one member go to.
    online: Mutex<HashMap<MemberId, Vec<Connection>>>,
    next_connection: std::sync::atomic::AtomicU64,
    wake: Notify,
    push_tx: mpsc::UnboundedSender<PushJob>,
    push_rx: Mutex<Option<mpsc::UnboundedReceiver<PushJob>>>,
    pusher: Option<Pusher>,
    /// Delivery receipts, written in batches (a thousand alerts are one transaction, not a
    /// thousand).
    receipts_tx: mpsc::UnboundedSender<(DocId, MemberId, String)>,
    receipts_rx: Mutex<Option<mpsc::UnboundedReceiver<(DocId, MemberId, String)>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Alerts {
    /// Loads the open dispatches from `store`.
    pub fn load(store: &dyn AlertStore, config: DispatchConfig) -> Result<Alerts, Error> {
        let open = store
            .open_dispatches()?
            .into_iter()
            .map(|stored| (stored.dispatch.request, Open { stored }))
            .collect();
        let mut readers = Readers::new();
        for (member, request, group) in store.alert_readers()? {
            readers.entry(member).or_default().insert(request, group);
        }
        let (push_tx, push_rx) = mpsc::unbounded_channel();
        let (receipts_tx, receipts_rx) = mpsc::unbounded_channel();
        Ok(Alerts {
            config,
            open: Mutex::new(open),
            readers: Mutex::new(readers),
            online: Mutex::new(HashMap::new()),
            next_connection: std::sync::atomic::AtomicU64::new(0),
            wake: Notify::new(),
            push_tx,
            push_rx: Mutex::new(Some(push_rx)),
            pusher: None,
            receipts_tx,
            receipts_rx: Mutex::new(Some(receipts_rx)),
        })
    }

    /// Sets the dispatcher's settings and the push adapters (before the relay is shared).
    pub fn configure(&mut self, config: DispatchConfig, pusher: Option<Pusher>) {
        self.config = config;
        self.pusher = pusher;
    }

    /// Whether `member` may read request `doc` because of an alert: it stands, or they signed up.
    pub fn grants(&self, member: MemberId, doc: DocId) -> bool {
        lock(&self.readers).get(&member).is_some_and(|r| r.contains_key(&doc))
            || lock(&self.open).get(&doc).is_some_and(|o| o.grants(member))
    }

    /// The requests `member` reads by alert, with their groups.
    pub fn granted(&self, member: MemberId) -> Vec<(DocId, DocId)> {
        let mut out: Vec<(DocId, DocId)> = lock(&self.open)
            .iter()
            .filter(|(_, o)| o.grants(member))
            .map(|(id, o)| (*id, o.stored.group_id))
            .collect();
        if let Some(mine) = lock(&self.readers).get(&member) {
            out.extend(mine.iter().map(|(id, group)| (*id, *group)));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Those of `members` who do not read request `doc` as alerted sign-ups yet.
    fn new_readers(&self, doc: DocId, members: impl Iterator<Item = MemberId>) -> Vec<MemberId> {
        let readers = lock(&self.readers);
        members
            .filter(|m| !readers.get(m).is_some_and(|r| r.contains_key(&doc)))
            .collect()
    }

    /// A live connection of `member` opened: frames for the member arrive on the receiver.
    pub fn connected(&self, member: MemberId) -> (u64, mpsc::UnboundedReceiver<Arc<Direct>>) {
        let id = self.next_connection.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (tx, rx) = mpsc::unbounded_channel();
        lock(&self.online).entry(member).or_default().push((id, tx));
        (id, rx)
    }

    /// Live connection `id` of `member` closed.
    pub fn disconnected(&self, member: MemberId, id: u64) {
        let mut online = lock(&self.online);
        if let Some(conns) = online.get_mut(&member) {
            conns.retain(|(c, _)| *c != id);
            if conns.is_empty() {
                online.remove(&member);
            }
        }
    }

    /// How many live connections `member` has open now.
    pub fn live_count(&self, member: MemberId) -> usize {
        lock(&self.online).get(&member).map_or(0, Vec::len)
    }

    /// Whether `member` has a live connection open now.
    pub fn is_online(&self, member: MemberId) -> bool {
        lock(&self.online).contains_key(&member)
    }

    /// Hands a frame to every live connection of its member; false if none took it.
    fn send_direct(&self, direct: Direct) -> bool {
        let direct = Arc::new(direct);
        let online = lock(&self.online);
        let Some(conns) = online.get(&direct.member) else {
            return false;
        };
        let mut sent = false;
        for (_, tx) in conns {
            sent |= tx.send(direct.clone()).is_ok();
        }
        sent
    }

    /// The earliest deadline of an open dispatch.
    pub fn next_wake(&self) -> Option<Millis> {
        lock(&self.open)
            .values()
            .filter(|o| !o.stored.dispatch.finished)
            .filter_map(|o| o.stored.dispatch.deadline)
            .min()
    }

    /// Tells the timer to look at the clock now (after stepping a hand-set clock, say).
    pub fn wake_timer(&self) {
        self.wake.notify_one();
    }
}

fn summary(view: &RequestView, wave: u8) -> AlertSummary {
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
fn signed_up<'a>(view: &'a RequestView, d: &'a Dispatch) -> impl Iterator<Item = MemberId> + 'a {
    view.signups
        .iter()
        .map(|s| s.member_id)
        .filter(|m| d.alerted.contains(m))
}

/// Alerted members who signed up to a request already filled and stand in line: they are told
/// the help is no longer needed (they stay on standby and keep reading it).
fn standing_by(view: &RequestView, members: &[MemberId]) -> Vec<Effect> {
    members
        .iter()
        .filter(|m| view.signup_of(**m).is_some_and(|s| s.state == SignupState::Standby))
        .map(|m| Effect::NoLongerNeeded { member: *m })
        .collect()
}

/// The step that `effects` make of `stored` (now the state after them): rows to save and one
/// alert frame per wave, shared by everyone alerted in it. The frame carries the whole request,
/// so a member alerted from outside its group can read it.
fn step(
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
        let changes: Vec<ByteBuf> = doc
            .get_changes(&[])
            .into_iter()
            .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
            .collect();
        let doc = DocChanges {
            doc_id: view.id,
            doc_type: DocKind::Request,
            group_id: view.group_id,
            changes,
            saved: None,
        };
        let mut frames: HashMap<u8, (Bytes, Arc<AlertSummary>)> = HashMap::new();
        for a in &alerted {
            let (frame, summary) = frames
                .entry(a.wave)
                .or_insert_with(|| {
                    let alert = summary(view, a.wave);
                    let frame = Bytes::from(protocol::encode(&LiveMessage::Alert {
                        version: PROTOCOL_VERSION,
                        alert: alert.clone(),
                        doc: doc.clone(),
                    }));
                    (frame, Arc::new(alert))
                })
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

/// One step of a dispatch, decided under the writer lock but not yet saved or sent: the state
/// after it, the rows to save and the frames to send. The caller saves it (in the request's own
/// transaction when the step comes from an upload), then [`Relay::carry_out`] sends it.
#[derive(Debug)]
pub(crate) struct DispatchStep {
    request: DocId,
    group: DocId,
    /// What to save.
    save: Option<DispatchWrite>,
    /// True for the first step of a new dispatch.
    pub(crate) started: bool,
    alerts: Vec<(MemberId, Bytes, Arc<AlertSummary>)>,
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
        let view = request::read(&self.load(cache, id)?.doc)?;
        let now = self.now();
        let running = lock(&self.alerts.open).get(&id).map(|o| o.stored.clone());
        if let Some(mut stored) = running {
            let (was_finished, was_closed) = (stored.dispatch.finished, stored.closed);
            // Candidates are gathered only when the dispatch reopens (they cost a walk of the
            // community).
            let candidates = if stored.dispatch.reopens(&view) && !view.status.is_final() {
                self.candidates(cache, &view)?
            } else {
                Vec::new()
            };
            let mut effects = stored
                .dispatch
                .on_request_changed(&view, &candidates, &self.alerts.config, now);
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
            let doc = &mut self.load(cache, id)?.doc;
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
        let (dispatch, effects) = Dispatch::start(&view, &candidates, &self.alerts.config, now);
        tracing::info!(request = %id, candidates = candidates.len(), "urgent request: dispatch started");
        let stored = StoredDispatch {
            group_id: view.group_id,
            dispatch,
            closed: false,
            started_at: now,
        };
        let doc = &mut self.load(cache, id)?.doc;
        Ok(Some(step(doc, &view, stored, effects, now, true)))
    }

    /// Sends a saved step's alerts and notices and makes it the dispatch's state in memory
    /// (under the writer lock, after the commit that saved it).
    pub(crate) fn carry_out(&self, step: DispatchStep) {
        for (member, frame, summary) in step.alerts {
            let live = self.alerts.send_direct(Direct {
                member,
                frame,
                delivers: Some(step.request),
            });
            if !live {
                self.push(member, PushMessage::Alert(AlertSummary::clone(&summary)));
            }
        }
        let ended = step.save.as_ref().map_or(&[][..], |s| &s.ended[..]);
        if !ended.is_empty() {
            let stood_down = Bytes::from(protocol::encode(&LiveMessage::NoLongerNeeded {
                version: PROTOCOL_VERSION,
                request: step.request,
            }));
            for &member in ended {
                let live = self.alerts.send_direct(Direct {
                    member,
                    frame: stood_down.clone(),
                    delivers: None,
                });
                if !live {
                    self.push(member, PushMessage::NoLongerNeeded(step.request));
                }
            }
        }
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
    fn save_and_carry_out(&self, step: DispatchStep) -> Result<(), Error> {
        if let Some(s) = &step.save {
            self.store.save_dispatch(s)?;
        }
        self.carry_out(step);
        Ok(())
    }

    fn push(&self, member: MemberId, msg: PushMessage) {
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
        let mut cache = self.writer();
        let mut moved = 0;
        for id in due {
            let view = match self.load(&mut cache, id).and_then(|c| Ok(request::read(&c.doc)?)) {
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
            let effects = stored.dispatch.on_tick(&view, &candidates, &self.alerts.config, now);
            tracing::info!(request = %id, wave = stored.dispatch.wave, "alert widens");
            let doc = &mut self.load(&mut cache, id)?.doc;
            self.save_and_carry_out(step(doc, &view, stored, effects, now, false))?;
            moved += 1;
        }
        Ok(moved)
    }

    /// `member` declines request `id`: the alert passes on at once.
    pub fn decline(&self, member: MemberId, id: DocId) -> Result<(), AppError> {
        let mut cache = self.writer();
        let alerted = lock(&self.alerts.open)
            .get(&id)
            .is_some_and(|o| o.stored.dispatch.alerted.contains(&member));
        if !alerted {
            return Err(AppError::NotFound("no alert for you about this request"));
        }
        let view = request::read(&self.load(&mut cache, id)?.doc).map_err(Error::from)?;
        let candidates = self.candidates(&mut cache, &view)?;
        let now = self.now();
        let Some(mut stored) = lock(&self.alerts.open).get(&id).map(|o| o.stored.clone()) else {
            return Err(AppError::NotFound("no alert for you about this request"));
        };
        let effects = stored
            .dispatch
            .on_decline(member, &view, &candidates, &self.alerts.config, now);
        let doc = &mut self.load(&mut cache, id)?.doc;
        let mut step = step(doc, &view, stored, effects, now, false);
        if let Some(save) = step.save.as_mut() {
            save.declined = Some(member);
        }
        self.save_and_carry_out(step)?;
        tracing::info!(request = %id, "alert declined");
        Ok(())
    }

    /// `member` saw the alert about `id`.
    pub fn alert_seen(&self, member: MemberId, id: DocId) -> Result<(), AppError> {
        if self.store.mark_seen(id, member, self.now())? {
            Ok(())
        } else {
            Err(AppError::NotFound("no alert for you about this request"))
        }
    }

    /// Records (soon, in a batch) that an alert reached `member`'s phone.
    pub(crate) fn alert_delivered(&self, member: MemberId, id: DocId, via: &str) {
        let _ = self.alerts.receipts_tx.send((id, member, via.to_string()));
    }

    /// The receipts of request `id`: for the requester, staff and those alerted.
    pub fn alert_receipts(&self, member: MemberId, id: DocId) -> Result<AlertReceipts, AppError> {
        const NONE: AppError = AppError::NotFound("no such request");
        let meta = self.store.doc(id)?.ok_or(NONE)?;
        if meta.doc_type != DocKind::Request {
            return Err(NONE);
        }
        let view = {
            let mut cache = self.writer();
            request::read(&self.load(&mut cache, id)?.doc).map_err(Error::from)?
        };
        let memberships = self.store.memberships(member)?;
        let staff = self.tree().role_in(&memberships, meta.group_id) == Some(Role::Staff);
        if !(view.is_requester(member) || staff || self.store.was_alerted(id, member)?) {
            return Err(NONE);
        }
        let counts = self.store.receipts(id)?;
        let (wave, finished) = match lock(&self.alerts.open).get(&id) {
            Some(o) => (o.stored.dispatch.wave, o.stored.dispatch.finished || o.stored.closed),
            None => (0, true),
        };
        let wave = if wave == 0 && counts.alerted > 0 { 1 } else { wave };
        Ok(AlertReceipts {
            request: id,
            wave,
            alerted: counts.alerted,
            delivered: counts.delivered,
            seen: counts.seen,
            declined: counts.declined,
            coming: view.confirmed() as u32,
            slots: view.slots,
            finished,
        })
    }

    /// The requests `member` reads by alert, minus those in groups it reads anyway: each
    /// request's feed entries after the device's position in it. The position is kept under the
    /// request's own id (not its group's), so a device that later joins the group still reads
    /// that group's feed from the start.
    pub(crate) fn granted_docs(
        &self,
        access: &crate::access::Access<'_>,
        cursors: &[GroupCursor],
        uploaded: &HashSet<Digest>,
    ) -> Result<(Vec<DocChanges>, Vec<GroupCursor>), Error> {
        let mut docs = Vec::new();
        let mut positions = Vec::new();
        for (id, group) in self.alerts.granted(access.member()) {
            if access.groups().contains(&group) {
                continue;
            }
            let start = cursors.iter().find(|c| c.group_id == id).map_or(0, |c| c.cursor);
            let entries = self.store.doc_entries(id, start, u64::MAX)?;
            let at = entries.last().map_or(start, |e| e.seq);
            let changes: Vec<ByteBuf> = entries
                .into_iter()
                .filter(|e| !uploaded.contains(&e.hash))
                .map(|e| ByteBuf::from(e.bytes))
                .collect();
            if !changes.is_empty() {
                docs.push(DocChanges {
                    doc_id: id,
                    doc_type: DocKind::Request,
                    group_id: group,
                    changes,
                    saved: None,
                });
            }
            positions.push(GroupCursor::at(id, at));
        }
        Ok((docs, positions))
    }
}

/// The timer: wakes at the earliest deadline by the relay's clock (and at least every
/// [`TIMER_RECHECK`]), runs the due waves, until shutdown.
pub async fn run_timers(relay: Arc<Relay>) {
    let mut shutdown = relay.shutdown_signal();
    loop {
        if *shutdown.borrow() {
            return;
        }
        let now = relay.now();
        let wait = match relay.alerts.next_wake() {
            Some(at) if at <= now => {
                let r = relay.clone();
                match tokio::task::spawn_blocking(move || r.run_due_alerts()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        tracing::error!(error = %e, "alert timers failed; retrying");
                        tokio::time::sleep(TIMER_RECHECK).await;
                    }
                    Err(e) => tracing::error!(error = %e, "alert timer task failed"),
                }
                continue;
            }
            Some(at) => Duration::from_millis((at - now) as u64).min(TIMER_RECHECK),
            None => TIMER_RECHECK,
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = relay.alerts.wake.notified() => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Writes delivery receipts: whatever has gathered, in one transaction.
pub async fn run_receipts(relay: Arc<Relay>) {
    let Some(mut rx) = lock(&relay.alerts.receipts_rx).take() else {
        return;
    };
    let mut batch = Vec::new();
    while rx.recv_many(&mut batch, 4096).await > 0 {
        // A wave's receipts arrive over a few milliseconds; gather them into one write rather
        // than competing with the wave's own delivery (the counts can wait that long).
        tokio::time::sleep(RECEIPTS_GATHER).await;
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        let receipts = std::mem::take(&mut batch);
        let r = relay.clone();
        let written = tokio::task::spawn_blocking(move || r.store.mark_delivered_many(&receipts, r.now())).await;
        if !matches!(written, Ok(Ok(()))) {
            tracing::warn!("delivery receipts not recorded");
        }
    }
}

/// The push worker: sends each push through the member's adapter and records delivery.
pub async fn run_pushes(relay: Arc<Relay>) {
    let Some(mut jobs) = lock(&relay.alerts.push_rx).take() else {
        return;
    };
    let mut shutdown = relay.shutdown_signal();
    loop {
        let job = tokio::select! {
            job = jobs.recv() => match job { Some(j) => j, None => return },
            _ = shutdown.changed() => return,
        };
        let relay = relay.clone();
        tokio::spawn(async move {
            let member = job.member;
            let r = relay.clone();
            let settings = match tokio::task::spawn_blocking(move || r.store.member_settings(member)).await {
                Ok(Ok(s)) => s,
                _ => return,
            };
            let (Some((kind, token)), Some(pusher)) = (settings.push, relay.alerts.pusher.as_ref()) else {
                tracing::debug!(%member, "offline and no push registered: alert waits for the next sync");
                return;
            };
            match pusher.send(kind, &token, &job.msg, relay.now()).await {
                Ok(()) => {
                    if let PushMessage::Alert(a) = &job.msg {
                        let via = format!("push:{}", kind.as_str());
                        let request = a.request;
                        relay.alert_delivered(member, request, &via);
                    }
                }
                Err(e) => tracing::warn!(%member, kind = kind.as_str(), error = %e, "push failed"),
            }
        });
    }
}
