//! How a dashboard action changes or files a document: exactly as the signed-in member's own phone
//! would. The change is made by the model's own function for that action (which refuses what
//! its rules forbid before writing anything), written as an actor of the member who approved
//! the session (the member id followed by the session's installation bytes, so it never reuses
//! a sequence number of their phone), and then goes through the upload path every phone's sync
//! takes (`sync/`): the access policy, the document kind's write rules
//! (`jinlin_model::docs::guard`), one commit, urgent alerts, live frames. The audit trail shows
//! who did it, and live phones receive it.

use automerge::AutoCommit;
use jinlin_model::protocol::{AckResult, DocChanges};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, GroupView, Millis};
use serde_bytes::ByteBuf;
use std::sync::Arc;

use super::desk::Desk;
use crate::error::AppError;
use crate::relay::Relay;
use crate::sync::NO_SUCH_DOCUMENT;

/// What an action is told about the document it changes.
#[derive(Debug)]
pub struct Context {
    /// The document's group, as last committed.
    pub group: Arc<GroupView>,
    /// Whether the member is staff there (or above).
    pub staff: bool,
    /// Now, by the relay's clock.
    pub now: Millis,
}

/// A refusal of the model's rules as the dashboard says it.
pub fn refused(e: jinlin_model::Error) -> AppError {
    match e {
        jinlin_model::Error::NotAllowed(why) => AppError::Forbidden(why.into()),
        other => AppError::BadRequest(other.to_string()),
    }
}

impl Relay {
    /// Writes `change` to document `id` (of `kind`) as the member at `desk`, through the upload
    /// path.
    pub fn write_as_desk(
        &self,
        desk: &Desk,
        id: DocId,
        kind: DocKind,
        change: impl FnOnce(&mut AutoCommit, &Context) -> jinlin_model::Result<()>,
    ) -> Result<(), AppError> {
        let member = desk.member();
        let meta = self
            .store
            .doc(id)?
            .filter(|m| m.doc_type == kind)
            .ok_or(AppError::NotFound(NO_SUCH_DOCUMENT))?;
        let access = self.access(member)?;
        let staff = access.role_in(meta.group_id) == Some(jinlin_model::Role::Staff);
        let group = self
            .desk_group(meta.group_id)
            .ok_or(AppError::NotFound(NO_SUCH_DOCUMENT))?;
        let mut doc = {
            let mut cache = self.writer()?;
            self.load(&mut cache, id)?.doc().clone()
        }
        .with_actor(member.installation_actor(&desk.session.installation));
        let heads = doc.get_heads();
        let context = Context {
            group,
            staff,
            now: self.now(),
        };
        change(&mut doc, &context).map_err(refused)?;
        self.upload_as_desk(desk, id, kind, meta.group_id, &mut doc, &heads)
    }

    /// Files a new document of `kind` in `group` as the member at `desk`: `make` builds it (given its id) with
    /// the model's own create function (told the member's standing in the group), and it goes
    /// through the upload path exactly as a phone's new document does. A new document has no
    /// other writer yet, so the member's own actor, which the create functions write with,
    /// shares no sequence number with their phone.
    pub fn create_as_desk(
        &self,
        desk: &Desk,
        id: DocId,
        kind: DocKind,
        group: DocId,
        make: impl FnOnce(DocId, &Context) -> jinlin_model::Result<AutoCommit>,
    ) -> Result<(), AppError> {
        if self.store.doc(id)?.is_some() {
            return Err(AppError::Conflict(Refusal::DocumentExists.into()));
        }
        let access = self.access(desk.member())?;
        if !access.groups().contains(&group) {
            return Err(AppError::NotFound(Refusal::NoSuchGroup.en()));
        }
        let staff = access.role_in(group) == Some(jinlin_model::Role::Staff);
        let group_view = self
            .desk_group(group)
            .ok_or(AppError::NotFound(Refusal::NoSuchGroup.en()))?;
        let context = Context {
            group: group_view,
            staff,
            now: self.now(),
        };
        let mut doc = make(id, &context).map_err(refused)?;
        self.upload_as_desk(desk, id, kind, group, &mut doc, &[])
    }

    /// Uploads the changes of `doc` since `heads` as the member at `desk`, and says how the
    /// relay took them.
    fn upload_as_desk(
        &self,
        desk: &Desk,
        id: DocId,
        kind: DocKind,
        group: DocId,
        doc: &mut AutoCommit,
        heads: &[automerge::ChangeHash],
    ) -> Result<(), AppError> {
        let member = desk.member();
        let changes: Vec<ByteBuf> = doc
            .get_changes(heads)
            .into_iter()
            .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let uploaded = self.upload(
            &desk.device,
            &[DocChanges {
                doc_id: id,
                doc_type: kind,
                group_id: group,
                saved: None,
                changes,
            }],
            &[],
        )?;
        match uploaded.acks.into_iter().next().map(|a| a.result) {
            Some(AckResult::Stored) => {
                tracing::info!(%member, doc = %id, %kind, "dashboard change stored");
                Ok(())
            }
            Some(AckResult::Rejected { reason }) => Err(AppError::Forbidden(reason)),
            Some(AckResult::NeedHistory) | None => Err(AppError::Conflict(Refusal::ChangedMeanwhile.into())),
        }
    }
}
