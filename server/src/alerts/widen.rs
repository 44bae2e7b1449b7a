//! Staff widen an urgent request's alert now (the dashboard's "widen now"), without waiting for
//! the running wave's time: the model's [`Dispatch::widen_now`] alerts the next circle, and the
//! step is saved and carried out exactly as the timer's would be (`dispatch.rs`).
//!
//! [`Dispatch::widen_now`]: jinlin_model::dispatch::Dispatch::widen_now

use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, MemberId, Role, docs::request};

use super::dispatch::step;
use super::state::lock;
use crate::error::{AppError, Error};
use crate::relay::Relay;

const NO_SUCH_REQUEST: &str = Refusal::NoSuchRequest.en();

impl Relay {
    /// Staff member `by` widens the alert about urgent request `id` now. Returns the wave now
    /// running. Anyone who does not read the request gets the 404 of a request that does not
    /// exist; a member who is not staff there, 403; a request with no alert running, 409.
    pub fn widen_alert(&self, by: MemberId, id: DocId) -> Result<u8, AppError> {
        let meta = self
            .store
            .doc(id)?
            .filter(|m| m.doc_type == DocKind::Request)
            .ok_or(AppError::NotFound(NO_SUCH_REQUEST))?;
        let access = self.access(by)?;
        if !access.groups().contains(&meta.group_id) {
            return Err(AppError::NotFound(NO_SUCH_REQUEST));
        }
        if access.role_in(meta.group_id) != Some(Role::Staff) {
            return Err(AppError::Forbidden(Refusal::WidenStaff.into()));
        }
        let now = self.now();
        let mut cache = self.writer()?;
        let view = request::read(self.load(&mut cache, id)?.doc()).map_err(Error::from)?;
        let running = lock(&self.alerts.open)
            .get(&id)
            .map(|o| o.stored.clone())
            .filter(|s| !s.dispatch.finished);
        let Some(mut stored) = running else {
            return Err(AppError::Conflict(Refusal::NoAlertRunning.into()));
        };
        let candidates = self.candidates(&mut cache, &view)?;
        let config = self.dispatch_config(&mut cache, view.group_id, now);
        let effects = stored.dispatch.widen_now(&view, &candidates, &config, now);
        let wave = stored.dispatch.wave;
        tracing::info!(request = %id, wave, by = %by, "alert widened by staff");
        let doc = self.load(&mut cache, id)?.doc_mut();
        self.save_and_carry_out(step(doc, &view, stored, effects, now, false))?;
        Ok(wave)
    }
}
