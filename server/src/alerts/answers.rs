//! What members answer to an alert and what they may ask about it: decline, seen, delivered,
//! the receipts, and the requests they read because an alert reached them.

use jinlin_model::DocKind;
use jinlin_model::refusal::Refusal;
use std::collections::HashSet;

use jinlin_model::protocol::{AlertReceipts, DocChanges, GroupCursor};
use jinlin_model::{DocId, MemberId, Role, docs::request};
use serde_bytes::ByteBuf;

use crate::alerts::dispatch::step;
use crate::alerts::state::lock;
use crate::error::{AppError, Error};
use crate::relay::Relay;
use crate::store::Digest;

impl Relay {
    /// `member` declines request `id`: the alert passes on at once.
    pub fn decline(&self, member: MemberId, id: DocId) -> Result<(), AppError> {
        let mut cache = self.writer()?;
        let alerted = lock(&self.alerts.open)
            .get(&id)
            .is_some_and(|o| o.stored.dispatch.alerted.contains(&member));
        if !alerted {
            return Err(AppError::NotFound(Refusal::NoAlertForYou.en()));
        }
        let view = request::read(self.load(&mut cache, id)?.doc()).map_err(Error::from)?;
        let candidates = self.candidates(&mut cache, &view)?;
        let now = self.now();
        let Some(mut stored) = lock(&self.alerts.open).get(&id).map(|o| o.stored.clone()) else {
            return Err(AppError::NotFound(Refusal::NoAlertForYou.en()));
        };
        let config = self.dispatch_config(&mut cache, view.group_id, now);
        let effects = stored.dispatch.on_decline(member, &view, &candidates, &config, now);
        let doc = self.load(&mut cache, id)?.doc_mut();
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
            Err(AppError::NotFound(Refusal::NoAlertForYou.en()))
        }
    }

    /// Records (soon, in a batch) that an alert reached `member`'s phone.
    pub(crate) fn alert_delivered(&self, member: MemberId, id: DocId, via: &str) {
        let _ = self.alerts.receipts_tx.send((id, member, via.to_string()));
    }

    /// The receipts of request `id`: for the requester, staff and those alerted.
    pub fn alert_receipts(&self, member: MemberId, id: DocId) -> Result<AlertReceipts, AppError> {
        const NONE: AppError = AppError::NotFound(Refusal::NoSuchRequest.en());
        let meta = self.store.doc(id)?.ok_or(NONE)?;
        if meta.doc_type != DocKind::Request {
            return Err(NONE);
        }
        let view = {
            let mut cache = self.writer()?;
            request::read(self.load(&mut cache, id)?.doc()).map_err(Error::from)?
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
