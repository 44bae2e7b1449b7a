//! Who is live on which instance, when several share one database: an urgent alert reaches a
//! member once, on their live socket or by push, whichever instance they are connected to.
//!
//! - Each instance publishes the members live on it (`Relay::publish_presence` in `cluster.rs`,
//!   from its loop: at least every second, and at once when a connection opens or the
//!   last one of a member closes), which also says the instance is alive.
//! - The instance that sends a wave pushes only to members live on no instance heard from
//!   within [`PRESENCE_FRESH`] (`Relay::push_unless_live_elsewhere`); the instances holding
//!   the others' sockets send the alert live when they read the journal.
//! - A member whose socket closed before this instance withdrew its presence was skipped by the
//!   sender, so this instance pushes to them itself ([`Presence::answered_for`]): a wave
//!   committed while the member was still published here is this instance's to deliver.
//!
//! A member who leaves one instance as a wave commits may be pushed to twice (the moment between
//! the commit and the sender reading presence). When an instance is killed, its members count
//! as live there for up to [`PRESENCE_FRESH`]: a wave sent in that time is neither pushed nor
//! sent live to them (their phones reconnect to another instance and sync the request, and the
//! next wave, if any, reaches them). One process on SQLite has no presence to share: every
//! member not live on it is pushed to.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use jinlin_model::{MemberId, Millis};

use crate::error::Error;
use crate::store::journal::ClusterStore;

/// How long an instance's presence counts after its last sign of life: it says so at least
/// every second (`POLL_EVERY` in `cluster.rs`), so a live instance is seldom mistaken for a
/// dead one, and a dead one's members are pushed to again within this.
pub const PRESENCE_FRESH: Duration = Duration::from_secs(2);

/// How long this instance remembers when it withdrew a member's presence: longer than any
/// journal entry takes to reach it, short of the journal's own keeping.
const WITHDRAWN_KEPT: Millis = 60_000;

/// What this instance told the others about the members live on it.
#[derive(Debug, Default)]
pub struct Presence {
    /// Members published as live here.
    published: HashSet<MemberId>,
    /// Members no longer published, with the database's clock when they were withdrawn.
    withdrawn: HashMap<MemberId, Millis>,
}

impl Presence {
    /// Publishes the difference between what was published and `online`, and that this
    /// instance is alive.
    pub fn publish(&mut self, cluster: &dyn ClusterStore, online: HashSet<MemberId>) -> Result<(), Error> {
        let joined: Vec<MemberId> = online.difference(&self.published).copied().collect();
        let left: Vec<MemberId> = self.published.difference(&online).copied().collect();
        let at = cluster.publish_presence(&joined, &left)?;
        for m in &joined {
            self.withdrawn.remove(m);
        }
        for m in left {
            self.withdrawn.insert(m, at);
        }
        self.withdrawn.retain(|_, when| *when + WITHDRAWN_KEPT > at);
        self.published = online;
        Ok(())
    }

    /// Publishes everything again next time (this instance was silent long enough for the
    /// others to forget it: it fell behind the journal and starts over).
    pub fn republish(&mut self) {
        self.published.clear();
    }

    /// Whether another instance that committed a wave at `at` (the database's clock) counted
    /// `member` as live here, and so left delivering it to this instance.
    pub fn answered_for(&self, member: MemberId, at: Millis) -> bool {
        self.published.contains(&member) || self.withdrawn.get(&member).is_some_and(|when| *when >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(n: u8) -> MemberId {
        MemberId::from_bytes([n; 16])
    }

    #[test]
    fn a_member_still_published_or_withdrawn_after_the_commit_is_this_instances_to_deliver() {
        let mut p = Presence::default();
        p.published.insert(m(1));
        p.withdrawn.insert(m(2), 1_000);
        assert!(p.answered_for(m(1), 500), "still published here");
        assert!(
            p.answered_for(m(2), 900),
            "withdrawn after the wave committed: the sender skipped them"
        );
        assert!(!p.answered_for(m(2), 1_100), "withdrawn before: the sender pushed");
        assert!(!p.answered_for(m(3), 0), "never here");
    }
}
