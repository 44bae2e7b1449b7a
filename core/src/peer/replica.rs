//! The phone as a peer session sees it (`jinlin_model::peer::session::Replica`): the documents it
//! holds, its group tree, and the signatures and credentials of changes it received from other
//! phones; and keeping what a session accepted: the changes, stored as changes the relay does
//! not hold yet (so the next sync with the relay carries them on, store and forward), with their
//! authors' signatures and credentials, all of one batch in one transaction.

use automerge::{AutoCommit, ChangeHash};
use jinlin_model::GroupView;
use jinlin_model::docs::group::tree::GroupTree;
use jinlin_model::error::Result;
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::peer::credential::SignedCredential;
use jinlin_model::peer::session::{Held, Received, Replica};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::store::{docs, peer, received};

impl Replica for Device {
    fn held(&self) -> Result<Vec<Held>> {
        self.store().read(docs::held)
    }

    fn load(&self, id: DocId) -> Result<Option<AutoCommit>> {
        Ok(self.store().read(|c| docs::load(c, id))?.map(|(doc, _)| doc))
    }

    fn tree(&self) -> Result<GroupTree> {
        Ok(GroupTree::of_views(&self.groups()?))
    }

    fn group(&self, id: DocId) -> Result<Option<GroupView>> {
        Ok(self.group(id).ok())
    }

    fn signature(&self, hash: &ChangeHash) -> Result<Option<Vec<u8>>> {
        Ok(self
            .store()
            .read(|c| peer::signatures(c, std::slice::from_ref(hash)))?
            .into_iter()
            .next()
            .map(|s| s.signature.into_vec()))
    }

    fn author(&self, member: MemberId) -> Result<Option<SignedCredential>> {
        self.store().read(|c| peer::author(c, member))
    }
}

impl Device {
    /// Keeps what a peer session accepted, in one transaction; announces each document that
    /// changed. Returns the documents new to this phone.
    pub fn keep_from_peer(&self, batch: Vec<Received>) -> Result<Vec<DocId>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.now();
        let mut events = Vec::new();
        let mut new = Vec::new();
        self.store().write(|tx| {
            for r in batch {
                if docs::meta(tx, r.id)?.is_none() {
                    new.push(r.id);
                }
                for (hash, signature) in &r.signatures {
                    peer::put_signature(tx, hash, signature)?;
                }
                for (member, signed) in &r.authors {
                    peer::put_author(tx, *member, signed)?;
                }
                if received::merge_from_peer(tx, r.id, r.kind, r.group, r.changes, now)? {
                    events.push(Event::changed(r.kind, r.id, r.group, Origin::Remote));
                }
            }
            Ok(())
        })?;
        for event in events {
            self.emit(event);
        }
        Ok(new)
    }
}
