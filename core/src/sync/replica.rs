//! What the sync protocol needs of the phone's side: its store (where feed positions and the
//! memberships seen are kept), who it is, its clock, its outbox, and a way to merge what arrives
//! and announce it. [`crate::Device`] is one; the sync code depends only on this, not on the
//! whole device API.

use automerge::Change;
use jinlin_model::error::Result;
use jinlin_model::kinds::BoardStatus;
use jinlin_model::{DocId, MemberId, Millis, RequestView, SignupState};
use rusqlite::Transaction;

use crate::device::Device;
use crate::device::events::Event;
use crate::store::Store;
use crate::store::docs::DocMeta;
use crate::store::received::RemoteChanges;

/// A replica of the documents that syncs with the relay.
pub trait Replica {
    /// The store: feed positions, settings, documents.
    fn store(&self) -> &Store;
    /// The member this replica writes as, once registered.
    fn member(&self) -> Result<Option<MemberId>>;
    /// The replica's clock.
    fn now(&self) -> Millis;
    /// A request as the replica holds it.
    fn request(&self, id: DocId) -> Result<RequestView>;
    /// `member`'s claim of a need on the board, as the replica holds it: the claim's state, and
    /// whether the need still takes claims. `None` when they hold no claim (or the replica keeps
    /// no board).
    fn need_claim(&self, id: DocId, member: MemberId) -> Option<(SignupState, bool)> {
        let _ = (id, member);
        None
    }
    /// Documents with changes the relay has not acknowledged.
    fn unsynced_docs(&self) -> Result<Vec<DocId>>;
    /// A document's metadata and the changes the relay lacks.
    fn changes_for_relay(&self, id: DocId) -> Result<Option<(DocMeta, Vec<Change>)>>;
    /// Merges documents from the relay and runs `also` in the same transaction; returns the
    /// documents that changed.
    fn apply_remote_batch<T>(
        &self,
        batch: Vec<RemoteChanges>,
        also: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<(Vec<DocId>, T)>;
    /// Announces an event to the replica's listeners.
    fn emit(&self, event: Event);
}

impl Replica for Device {
    fn store(&self) -> &Store {
        Device::store(self)
    }

    fn member(&self) -> Result<Option<MemberId>> {
        Ok(self.identity()?.map(|i| i.member_id))
    }

    fn now(&self) -> Millis {
        Device::now(self)
    }

    fn request(&self, id: DocId) -> Result<RequestView> {
        Device::request(self, id)
    }

    fn need_claim(&self, id: DocId, member: MemberId) -> Option<(SignupState, bool)> {
        let need = self.board_need(id).ok()?;
        let state = need.claim_of(member)?.signup.state;
        Some((state, matches!(need.status, BoardStatus::Open | BoardStatus::Claimed)))
    }

    fn unsynced_docs(&self) -> Result<Vec<DocId>> {
        Device::unsynced_docs(self)
    }

    fn changes_for_relay(&self, id: DocId) -> Result<Option<(DocMeta, Vec<Change>)>> {
        Device::changes_for_relay(self, id)
    }

    fn apply_remote_batch<T>(
        &self,
        batch: Vec<RemoteChanges>,
        also: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<(Vec<DocId>, T)> {
        Device::apply_remote_batch(self, batch, also)
    }

    fn emit(&self, event: Event) {
        Device::emit(self, event)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use jinlin_model::docs::group::{self, MemberEntry};
    use jinlin_model::docs::request;
    use jinlin_model::protocol::{AckResult, DocAck, PROTOCOL_VERSION, SyncResponse};
    use jinlin_model::{DocKind, GroupKind, Role};

    use super::*;
    use crate::store::{docs, received};
    use crate::sync::Session;

    /// A replica that is only a store, a member and a list of events: no `Device`.
    struct Bare {
        store: Store,
        me: MemberId,
        events: RefCell<Vec<Event>>,
    }

    impl Replica for Bare {
        fn store(&self) -> &Store {
            &self.store
        }
        fn member(&self) -> Result<Option<MemberId>> {
            Ok(Some(self.me))
        }
        fn now(&self) -> Millis {
            1_760_000_000_000
        }
        fn request(&self, id: DocId) -> Result<RequestView> {
            let (doc, _) = self
                .store
                .read(|c| docs::load(c, id))?
                .ok_or(jinlin_model::Error::UnknownRequest(id))?;
            request::read(&doc)
        }
        fn unsynced_docs(&self) -> Result<Vec<DocId>> {
            self.store.read(docs::unsynced)
        }
        fn changes_for_relay(&self, id: DocId) -> Result<Option<(DocMeta, Vec<Change>)>> {
            self.store.read(|c| {
                Ok(docs::load(c, id)?.map(|(mut doc, meta)| {
                    let changes = doc.get_changes(&meta.relay_heads);
                    (meta, changes)
                }))
            })
        }
        fn apply_remote_batch<T>(
            &self,
            batch: Vec<RemoteChanges>,
            also: impl FnOnce(&Transaction<'_>) -> Result<T>,
        ) -> Result<(Vec<DocId>, T)> {
            let now = self.now();
            self.store.write(|tx| {
                let mut changed = Vec::new();
                for doc in batch {
                    let id = doc.id;
                    if received::merge(tx, doc, now)? {
                        changed.push(id);
                    }
                }
                Ok((changed, also(tx)?))
            })
        }
        fn emit(&self, event: Event) {
            self.events.borrow_mut().push(event);
        }
    }

    #[test]
    fn the_sync_session_runs_over_any_replica_not_only_a_device() {
        let dir = tempfile::tempdir().expect("dir");
        let me = MemberId::random();
        let bare = Bare {
            store: Store::open(dir.path().join("bare.db")).expect("store"),
            me,
            events: RefCell::new(Vec::new()),
        };
        let id = DocId::random();
        let entry = MemberEntry {
            name: "Sun".into(),
            role: Role::Staff,
            skills: Vec::new(),
            building: None,
            unit: None,
        };
        let mut doc = group::create(id, GroupKind::Community, "Lianhua", None, me, &entry, 1).expect("group");
        bare.store
            .write(|tx| docs::insert(tx, id, DocKind::Group, id, &mut doc, true, 1))
            .expect("insert");

        let mut session = Session::new();
        let out = session.next_request(&bare).expect("build").expect("something to send");
        assert_eq!(out.request.docs.len(), 1, "the new group goes up");
        let acks = vec![DocAck {
            doc_id: id,
            result: AckResult::Stored,
            change: None,
        }];
        let answer = SyncResponse {
            version: PROTOCOL_VERSION,
            acks,
            docs: Vec::new(),
            cursors: Vec::new(),
            more: false,
            memberships: Vec::new(),
        };
        session.receive(&bare, &out, answer).expect("receive");
        assert!(
            session.next_request(&bare).expect("build").is_none(),
            "nothing left to send"
        );
        let report = session.finish(&bare).expect("finish");
        assert_eq!((report.sent_docs, report.pending), (1, 0));
        assert!(bare.unsynced_docs().expect("outbox").is_empty());
    }
}
