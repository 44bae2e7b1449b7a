//! Pairing someone and the pairing's settings: staff or a grid worker of the building (or a
//! group above it) pairs a person with one to three neighbours; each party accepts their own
//! side; the person or proxy (or those who look after the building) sets the deadline or a pause.
//! Who sees a pairing is the access policy's rule (`Access::may_see_pairing`): its parties, those
//! who look after its building, and whoever an open alarm alerted; to anyone else it does not
//! exist.

use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::wire::{DeadlineBody, PairingView, PauseBody};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, GroupKind, MemberId, Millis};

use crate::access::Access;
use crate::error::AppError;
use crate::relay::Relay;

const NONE: AppError = AppError::NotFound(Refusal::NoSuchPairing.en());
/// Longest pause.
pub const MAX_PAUSE_MS: Millis = 366 * 86_400_000;

fn refused(e: jinlin_model::Error) -> AppError {
    match e {
        jinlin_model::Error::NotAllowed(m) => AppError::Forbidden(m.to_string()),
        other => AppError::BadRequest(other.to_string()),
    }
}

impl Relay {
    /// `member` pairs someone (staff or a grid worker of the building or above).
    pub fn create_pairing(&self, member: MemberId, new: NewPairing) -> Result<PairingView, AppError> {
        let access = self.access(member)?;
        // To someone who does not read the group it does not exist; to a reader who does not look
        // after it, it is not theirs to pair in.
        let node = access
            .tree()
            .get(new.group_id)
            .filter(|_| access.groups().contains(&new.group_id))
            .ok_or(AppError::NotFound(Refusal::NoSuchGroup.en()))?;
        if !access.looks_after(new.group_id) {
            return Err(AppError::Forbidden(Refusal::PairsNeighbours.into()));
        }
        if node.kind != GroupKind::Building {
            return Err(AppError::BadRequest(Refusal::PairingInBuilding.into()));
        }
        let people = new
            .person
            .iter()
            .chain(new.proxy.iter())
            .chain(new.neighbours.iter().map(|n| &n.member));
        for m in people {
            if !self.store.device(*m)?.is_some_and(|d| d.is_active()) {
                return Err(AppError::NotFound(Refusal::NoSuchMember.en()));
            }
        }
        let now = self.now();
        let pairing = jinlin_model::checkin::Pairing::create(DocId::random(), &new, member, now).map_err(refused)?;
        let view = PairingView {
            next_judgement: pairing.next_judgement(now, &self.config_in(new.group_id, now)),
            pairing,
            watch: None,
            past: Vec::new(),
        };
        let _turn = self.shared_turn()?;
        let mut book = self.checkins.book();
        self.store.save_pairings(std::slice::from_ref(&view), &[])?;
        book.put(view.clone());
        tracing::info!(pairing = %view.pairing.id, neighbours = view.pairing.neighbours.len(), "pairing made");
        Ok(view)
    }

    /// The pairings `member` may see.
    pub fn pairings_for(&self, member: MemberId) -> Result<Vec<PairingView>, AppError> {
        let access = self.access(member)?;
        let book = self.checkins.book();
        let mut out: Vec<PairingView> = book
            .pairings
            .values()
            .filter(|v| access.may_see_pairing(v))
            .cloned()
            .collect();
        out.sort_by_key(|v| (v.pairing.created_at, v.pairing.id));
        Ok(out)
    }

    /// Pairing `id`, if `member` may see it.
    pub fn pairing_for(&self, member: MemberId, id: DocId) -> Result<PairingView, AppError> {
        let access = self.access(member)?;
        let book = self.checkins.book();
        book.pairings
            .get(&id)
            .filter(|v| access.may_see_pairing(v))
            .cloned()
            .ok_or(NONE)
    }

    /// Changes pairing `id` as `member` (who must see it) with `change`, then saves it and
    /// recomputes its next judgement.
    pub(crate) fn change_pairing(
        &self,
        member: MemberId,
        id: DocId,
        change: impl FnOnce(&Access<'_>, &mut PairingView, Millis) -> Result<(), AppError>,
    ) -> Result<PairingView, AppError> {
        let access = self.access(member)?;
        let now = self.now();
        // The deadline is read on the clock of the pairing's building (the writer lock first,
        // then the book).
        let group = self.checkins.book().pairings.get(&id).map(|v| v.pairing.group_id);
        let config = group.map_or(self.alerts.config, |g| self.config_in(g, now));
        // Another instance may have changed or judged it meanwhile: start from what it saved.
        let _turn = self.shared_turn()?;
        let mut book = self.checkins.book();
        let mut v = book
            .pairings
            .get(&id)
            .filter(|v| access.may_see_pairing(v))
            .cloned()
            .ok_or(NONE)?;
        change(&access, &mut v, now)?;
        v.next_judgement = v.pairing.next_judgement(now, &config);
        self.store.save_pairings(std::slice::from_ref(&v), &[])?;
        book.put(v.clone());
        Ok(v)
    }

    /// `member` accepts their side of pairing `id`.
    pub fn accept_pairing(&self, member: MemberId, id: DocId) -> Result<PairingView, AppError> {
        self.change_pairing(member, id, |_, v, now| v.pairing.accept(member, now).map_err(refused))
    }

    /// Sets the daily deadline (the person, the proxy, or those who look after the building).
    pub fn set_checkin_deadline(
        &self,
        member: MemberId,
        id: DocId,
        body: DeadlineBody,
    ) -> Result<PairingView, AppError> {
        self.change_pairing(member, id, |access, v, _| {
            may_set(access, v)?;
            v.pairing
                .set_deadline(&body.deadline, body.grace_minutes)
                .map_err(refused)
        })
    }

    /// Pauses the check-in until a time, or resumes it (`None`).
    pub fn pause_checkins(&self, member: MemberId, id: DocId, body: PauseBody) -> Result<PairingView, AppError> {
        self.change_pairing(member, id, |access, v, now| {
            may_set(access, v)?;
            if let Some(until) = body.until
                && (until <= now || until > now + MAX_PAUSE_MS)
            {
                return Err(AppError::BadRequest(Refusal::PauseEnds.into()));
            }
            v.pairing.paused_until = body.until;
            Ok(())
        })
    }
}

fn may_set(access: &Access<'_>, v: &PairingView) -> Result<(), AppError> {
    if v.pairing.checks_in(access.member()) || access.looks_after(v.pairing.group_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Refusal::ChangesCheckin.into()))
    }
}
