//! An upload's write rules, checked before its turn at the writer. The rules are the dearest
//! part of an upload (copying the document, applying the changes to the copy, reading back what
//! they wrote); under the writer lock they made every upload wait for every other's. So before
//! an upload takes the lock, each of its documents whose rules mostly ask only who writes
//! ([`guard::checked_before_standing`]: requests, households and proposals, most of what phones
//! send) is checked on a copy of the document as the writer last left it, beside other uploads'
//! checks and beside the writer. The writer's standing is read only under the lock, so a check
//! whose rules asked for it (a proposal closed early: is the writer staff?) is not kept. Under the lock the writer keeps that check only if it still holds the very document
//! the copy was made from ([`Arc::ptr_eq`]); a commit to it since replaced it (`doc_cache.rs`),
//! and then the writer checks again, as it would have anyway. Access is decided under the lock
//! as before, whatever was checked here.
//!
//! The copies are made from the documents on the writer's shelf (`shelf.rs`).

use std::cell::Cell;
use std::sync::Arc;

use automerge::{AutoCommit, Change};
use jinlin_model::docs::guard;
use jinlin_model::protocol::DocChanges;

use super::changes::{Ready, decode, own_new_changes};
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest};

/// One document checked before the writer's turn.
pub(super) struct Prechecked<'b> {
    /// The document the check copied: still the writer's, or the check is out of date.
    pub base: Arc<AutoCommit>,
    /// Every uploaded change's hash, those the relay held included (decoded here once).
    pub hashes: Vec<Digest>,
    /// The changes the relay lacked, in dependency order.
    pub ready: Ready<'b>,
    /// The copy as the changes leave it, the write rules satisfied.
    pub after: AutoCommit,
}

impl Relay {
    /// Checks what it can of an upload before the writer's turn: one entry per uploaded
    /// document, `None` where the writer checks on its own (a new document, a kind whose rules
    /// ask where the writer stands, a document not on the shelf, or changes it refuses, which
    /// the writer then refuses naming the change).
    pub(super) fn precheck<'b>(&self, device: &DeviceRecord, docs: &'b [DocChanges]) -> Vec<Option<Prechecked<'b>>> {
        docs.iter().map(|dc| self.precheck_doc(device, dc)).collect()
    }

    fn precheck_doc<'b>(&self, device: &DeviceRecord, dc: &'b DocChanges) -> Option<Prechecked<'b>> {
        if dc.saved.is_some() || !guard::checked_before_standing(dc.doc_type) {
            return None;
        }
        let base = self.shelf.get(dc.doc_id)?;
        let changes = decode(dc).ok()?;
        let hashes = changes.iter().map(|(c, _)| c.hash().0).collect();
        let mut copy = AutoCommit::clone(&base);
        let ready = own_new_changes(&mut copy, changes, device.member_id, false).ok()?;
        let batch: Vec<Change> = ready.changes.iter().map(|(c, _)| c.clone()).collect();
        let name = || Some(device.name.clone());
        // Where the writer stands is known only under the writer lock: a check whose rules ask
        // is made there.
        let asked = Cell::new(false);
        let keeps = |_: Option<&str>| {
            asked.set(true);
            false
        };
        let staff = || {
            asked.set(true);
            false
        };
        let group = || {
            asked.set(true);
            None
        };
        let writer = guard::Writer {
            member: device.member_id,
            keeps: &keeps,
            name: &name,
            staff: &staff,
            group: &group,
        };
        let after = guard::checked_upload(&mut copy, dc.doc_type, &writer, &batch).ok()?;
        (!asked.get()).then_some(Prechecked {
            base,
            hashes,
            ready,
            after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    use jinlin_model::docs::request::{self, Actor, NewRequest};
    use jinlin_model::protocol::AckResult;
    use jinlin_model::{DocId, DocKind, GroupKind, MemberId, RequestKind, Role, SignupState, SystemClock};
    use serde_bytes::ByteBuf;

    use crate::store::{GroupRecord, RelayStore, SqliteStore, Write};

    /// A community with an estate of two buildings on a relay with its own SQLite file: Wang in
    /// building 1 asks for a ride, Li from building 2 and Zhao from building 1 answer. Chen
    /// belongs to another community.
    struct Hood {
        relay: Relay,
        estate: DocId,
        wang: DeviceRecord,
        li: DeviceRecord,
        zhao: DeviceRecord,
        chen: DeviceRecord,
        _dir: tempfile::TempDir,
    }

    fn hood() -> Hood {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = SqliteStore::open(dir.path().join("relay.db")).expect("store");
        let staff = MemberId::random();
        let group = |kind, parent: Option<DocId>| GroupRecord {
            id: DocId::random(),
            kind,
            parent,
            created_by: staff,
            created_at: 1,
        };
        let community = group(GroupKind::Community, None);
        let elsewhere = group(GroupKind::Community, None);
        let estate = group(GroupKind::Estate, Some(community.id));
        let one = group(GroupKind::Building, Some(estate.id));
        let two = group(GroupKind::Building, Some(estate.id));
        let device = |name: &str, token: u8| DeviceRecord {
            member_id: MemberId::random(),
            name: name.into(),
            token_hash: [token; 32],
            created_at: 1,
            revoked_at: None,
            revoked_by: None,
        };
        let (wang, li, zhao, chen) = (device("Wang", 1), device("Li", 2), device("Zhao", 3), device("Chen", 4));
        let mut writes: Vec<Write> = [community, elsewhere, estate, one, two]
            .into_iter()
            .map(Write::PutGroup)
            .collect();
        for (who, home) in [(&wang, one.id), (&li, two.id), (&zhao, one.id), (&chen, elsewhere.id)] {
            writes.push(Write::PutDevice(who.clone()));
            writes.push(Write::PutMembership {
                member: who.member_id,
                membership: jinlin_model::protocol::Membership {
                    group_id: home,
                    role: Role::Volunteer,
                },
                at: 1,
            });
        }
        store.write(&writes).expect("set-up");
        let relay = Relay::new(Arc::new(store), Arc::new(SystemClock), 64).expect("relay");
        Hood {
            relay,
            estate: estate.id,
            wang,
            li,
            zhao,
            chen,
            _dir: dir,
        }
    }

    fn upload_of(id: DocId, group: DocId, changes: Vec<Change>) -> Vec<DocChanges> {
        vec![DocChanges {
            doc_id: id,
            doc_type: DocKind::Request,
            group_id: group,
            changes: changes
                .into_iter()
                .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
                .collect(),
            saved: None,
        }]
    }

    /// What `who` uploads after accepting on a phone holding `phone`.
    fn accept(phone: &AutoCommit, who: &DeviceRecord) -> Vec<Change> {
        let mut doc = phone.clone().with_actor(who.member_id.actor());
        let before = doc.get_heads();
        let me = Actor {
            id: who.member_id,
            name: &who.name,
        };
        request::accept(&mut doc, me, 2_000).expect("accept");
        doc.get_changes(&before)
    }

    fn stored(acks: &[jinlin_model::protocol::DocAck]) -> bool {
        acks.iter().all(|a| a.result == AckResult::Stored)
    }

    #[test]
    fn a_check_made_before_the_writers_turn_is_kept_only_while_nothing_was_committed_to_the_document_since() {
        let h = hood();
        let relay = &h.relay;
        let (kept, stale) = (&relay.metrics.prechecks_kept, &relay.metrics.prechecks_stale);
        let id = DocId::random();
        let mut ride = NewRequest::new(h.estate, RequestKind::Hospital, "to the hospital tonight");
        ride.slots = 1;
        let wang = Actor {
            id: h.wang.member_id,
            name: "Wang",
        };
        let mut phone = request::create(id, &ride, wang, 1_000).expect("raise");
        let raised = relay
            .upload(&h.wang, &upload_of(id, h.estate, phone.get_changes(&[])), &[])
            .expect("raise");
        assert!(stored(&raised.acks));

        // Li's sign-up is checked before her turn; Zhao's whole upload commits meanwhile.
        let li = upload_of(id, h.estate, accept(&phone, &h.li));
        let checked = relay.precheck(&h.li, &li);
        assert!(
            checked[0].is_some(),
            "a request on the shelf is checked before the turn"
        );
        let zhao = relay
            .upload(&h.zhao, &upload_of(id, h.estate, accept(&phone, &h.zhao)), &[])
            .expect("Zhao");
        assert!(stored(&zhao.acks));
        assert_eq!((kept.get(), stale.get()), (1, 0), "Zhao's own check was kept");
        let (acks, _) = relay
            .upload_prechecked(&h.li, &li, checked, &mut HashSet::new())
            .expect("Li");
        assert!(stored(&acks));

        // One order for both, on the relay and in what it stored: Zhao first, Li on standby.
        let in_memory = {
            let mut cache = relay.docs();
            request::read(relay.load(&mut cache, id).expect("held").doc()).expect("view")
        };
        let from_disk = request::read(
            crate::doc_cache::CachedDoc::rebuild(id, relay.store.load_doc(id).expect("read").expect("stored"))
                .expect("rebuild")
                .doc(),
        )
        .expect("view");
        for view in [in_memory, from_disk] {
            let signups: Vec<_> = view
                .signups
                .iter()
                .map(|s| (s.member_name.as_str(), s.relay_order, s.state))
                .collect();
            assert_eq!(
                signups,
                [
                    ("Zhao", Some(1), SignupState::Confirmed),
                    ("Li", Some(2), SignupState::Standby)
                ]
            );
        }
        assert_eq!(
            (kept.get(), stale.get()),
            (1, 1),
            "Li's check read the request before Zhao's sign-up"
        );

        // A check before the turn lets nobody in: Chen, of another community, is refused as
        // if the request did not exist, and nothing of his is stored.
        let chen = upload_of(id, h.estate, accept(&phone, &h.chen));
        let checked = relay.precheck(&h.chen, &chen);
        let (acks, _) = relay
            .upload_prechecked(&h.chen, &chen, checked, &mut HashSet::new())
            .expect("Chen");
        assert_eq!(
            acks[0].result,
            AckResult::Rejected {
                reason: super::super::NO_SUCH_DOCUMENT.into()
            }
        );
        let mut cache = relay.docs();
        let view = request::read(relay.load(&mut cache, id).expect("held").doc()).expect("view");
        assert_eq!(view.signups.len(), 2);
    }
}
