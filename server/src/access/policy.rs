//! The relay's access policy: [`Access::may_read`] is the one answer to "may this member read
//! this document", and [`Access::may_create`] to "may they file a new one here". Both follow
//! the document's kind:
//! - a group, a request or a photo report: the member reads the group it is filed under (their
//!   own groups and those above; staff and grid workers also those below);
//! - a request also when an urgent alert about it reached the member and they did not decline,
//!   or they signed up from it (kept on their alert row, see `alerts.rs`);
//! - an order of a menu item: like a request, the member reads the group it is filed under
//!   (the group whose menu it was ordered from), so the team it goes to and staff hold it;
//! - a proposal put to a vote (议事): every member who reads the group it is put to (its
//!   members, those of the groups above, staff and grid workers from above), so every voter and
//!   an observer hold the same document; only staff of the group or above and a building's
//!   leader in their own building put one ([`Access::may_propose`]);
//! - a household: only when the member keeps that part of the registry (grid workers and staff
//!   of its group or above, the leader of its own building; see [`super::registry`]).
//!
//! A member who may not read a document is answered as if it did not exist.

use std::sync::Arc;

use jinlin_model::docs::household::keepers::may_keep_registry;
use jinlin_model::protocol::Membership;
use jinlin_model::{DocId, DocKind, MemberId, Role};

use super::registry::Registry;
use super::{GroupTree, Readable};
use crate::alerts::Alerts;

/// A document as the policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef {
    /// The document.
    pub id: DocId,
    /// Its kind.
    pub kind: DocKind,
    /// The group it is filed under (a group document is filed under itself).
    pub group: DocId,
}

/// Where a member stands: their memberships, the groups they read over the tree, and the
/// registry they keep. Read from the store (the registry needs the writer lock), then combined
/// with the alert grants into an [`Access`].
#[derive(Debug, Clone)]
pub struct Standing {
    member: MemberId,
    memberships: Vec<Membership>,
    tree: Arc<GroupTree>,
    readable: Readable,
    registry: Registry,
}

impl Standing {
    /// The standing of `member` with these memberships, over `tree`, keeping `registry`.
    pub fn new(member: MemberId, memberships: Vec<Membership>, tree: Arc<GroupTree>, registry: Registry) -> Self {
        let readable = tree.readable(&memberships);
        Standing {
            member,
            memberships,
            tree,
            readable,
            registry,
        }
    }

    /// The groups they read.
    pub fn groups(&self) -> &Readable {
        &self.readable
    }

    /// The group tree it was read over.
    pub fn tree(&self) -> &GroupTree {
        &self.tree
    }

    /// They joined a group made within the current call (they created it, as its staff); `tree`
    /// holds it.
    pub fn joined(&mut self, membership: Membership, tree: Arc<GroupTree>) {
        if let Some(node) = tree.get(membership.group_id)
            && may_keep_registry(membership.role, node.kind, None, None)
        {
            self.registry.keep_all(membership.group_id);
        }
        self.memberships.push(membership);
        self.readable = tree.readable(&self.memberships);
        self.tree = tree;
    }
}

/// One member's access: their [`Standing`] and the requests urgent alerts let them read.
#[derive(Debug)]
pub struct Access<'r> {
    standing: Standing,
    alerts: &'r Alerts,
}

impl<'r> Access<'r> {
    /// The access of a member of this standing; `alerts` answers for alert grants as they are
    /// now (an alert that starts later grants at once).
    pub fn new(standing: Standing, alerts: &'r Alerts) -> Self {
        Access { standing, alerts }
    }

    /// The member.
    pub fn member(&self) -> MemberId {
        self.standing.member
    }

    /// Their standing.
    pub fn standing(&self) -> &Standing {
        &self.standing
    }

    /// Their standing, to change within the current call.
    pub fn standing_mut(&mut self) -> &mut Standing {
        &mut self.standing
    }

    /// Their direct memberships.
    pub fn memberships(&self) -> &[Membership] {
        &self.standing.memberships
    }

    /// The group tree this access was read over.
    pub fn tree(&self) -> &GroupTree {
        &self.standing.tree
    }

    /// The groups they read.
    pub fn groups(&self) -> &Readable {
        &self.standing.readable
    }

    /// The registry they keep.
    pub fn registry(&self) -> &Registry {
        &self.standing.registry
    }

    /// The role they act with in `group` (their own, or staff or grid worker from above).
    pub fn role_in(&self, group: DocId) -> Option<Role> {
        self.standing.tree.role_in(&self.standing.memberships, group)
    }

    /// Whether they look after `group`: staff or grid worker there or above.
    pub fn looks_after(&self, group: DocId) -> bool {
        matches!(self.role_in(group), Some(Role::Staff | Role::GridWorker))
    }

    /// Whether the member may see a pairing of the daily check-in (its times, who was alerted):
    /// the person, her proxy, a paired neighbour, staff or a grid worker of her building or
    /// above, and, while an alarm about her is open, whoever it alerted. To anyone else it does
    /// not exist.
    pub fn may_see_pairing(&self, v: &jinlin_model::checkin::wire::PairingView) -> bool {
        let me = self.member();
        v.pairing.is_party(me)
            || self.looks_after(v.pairing.group_id)
            || v.watch.as_ref().is_some_and(|w| w.was_alerted(me))
    }

    /// Whether the member may put a proposal to a vote in `group` (议事): staff of the group or
    /// a group above it, and a building's leader in their own building. Residents, volunteers
    /// and grid workers take part in the discussion and vote, but do not propose.
    pub fn may_propose(&self, group: DocId) -> bool {
        matches!(self.role_in(group), Some(Role::Staff | Role::BuildingLeader))
    }

    /// Whether the member may read `doc`. `building` tells a household's building; it is asked
    /// only when the answer depends on it (a building leader's household), so callers that must
    /// load the document to know pay for it only then. Its error is passed through.
    pub fn may_read<E>(&self, doc: &DocRef, building: impl FnOnce() -> Result<Option<String>, E>) -> Result<bool, E> {
        let s = &self.standing;
        // The model's rule, which phones apply between themselves too, and the relay's own grant.
        Ok(
            jinlin_model::access::may_read(doc.kind, doc.group, &s.readable, &s.registry, building)?
                || (doc.kind == DocKind::Request && self.alerts.grants(s.member, doc.id)),
        )
    }

    /// Whether the member may file a new document of `kind` under `group`. For a household,
    /// `building` is its building, or `None` before it is known (then: whether they keep any
    /// household of the group). A group is created under the rules of groups (staff of its
    /// parent, see `sync/stages.rs`).
    pub fn may_create(&self, kind: DocKind, group: DocId, building: Option<&str>) -> bool {
        let s = &self.standing;
        jinlin_model::access::may_create(kind, group, &s.readable, &s.registry, building)
    }
}
