//! Test helpers: devices on temporary stores, and a minimal in-memory relay.

use jinlin_model::DocKind;
use std::collections::HashMap;
use std::sync::Arc;

use automerge::{AutoCommit, Change};
use jinlin_core::{Device, DocId, GroupKind, ManualClock, NewRequest, RequestKind};
use jinlin_model::docs::request;
use tempfile::TempDir;

pub struct TestDevice {
    pub device: Device,
    pub dir: TempDir,
}

impl std::ops::Deref for TestDevice {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

pub fn clock() -> ManualClock {
    ManualClock::new(1_760_000_000_000)
}

pub fn device(name: &str, building: &str, clock: &ManualClock) -> TestDevice {
    let dir = tempfile::tempdir().expect("tempdir");
    let device = Device::open_with_clock(dir.path().join("jinlin.db"), Arc::new(clock.clone())).expect("open");
    device
        .set_identity(name, Some(building), Some("101"))
        .expect("identity");
    TestDevice { device, dir }
}

/// Holds every document the way the relay does and numbers sign-ups on first receipt.
#[derive(Default)]
pub struct MiniRelay {
    docs: HashMap<DocId, (DocKind, DocId, AutoCommit)>,
}

impl MiniRelay {
    /// Device → relay: everything the device holds that the relay lacks.
    pub fn push(&mut self, from: &Device) {
        let ids: Vec<DocId> = from.unsynced_docs().expect("unsynced");
        for id in ids {
            let (meta, changes) = from.changes_for_relay(id).expect("changes").expect("doc");
            let entry = self
                .docs
                .entry(id)
                .or_insert_with(|| (meta.doc_type, meta.group_id, AutoCommit::new()));
            entry.2.apply_changes(changes).expect("apply");
            if entry.0 == DocKind::Request {
                entry.2.set_actor(jinlin_model::ids::relay_actor());
                request::record_relay_order(&mut entry.2).expect("order");
                entry.2.commit();
            }
            from.mark_synced(id, meta.local_seq, &[]).expect("mark");
        }
    }

    /// Relay → device: every change of every document.
    pub fn pull(&mut self, to: &Device) {
        for (id, (doc_type, group, doc)) in self.docs.iter_mut() {
            let changes: Vec<Change> = doc.get_changes(&[]);
            to.apply_remote(*id, *doc_type, *group, changes).expect("apply remote");
        }
    }

    /// Push then pull, for each device in turn, twice (so everyone sees everything).
    pub fn sync_all(&mut self, devices: &[&Device]) {
        for _ in 0..2 {
            for d in devices {
                self.push(d);
                self.pull(d);
            }
        }
    }
}

/// Shares a group document from `owner` with `others` and makes them members.
pub fn community(owner: &TestDevice, others: &[&TestDevice]) -> DocId {
    let group = owner
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    let mut relay = MiniRelay::default();
    relay.push(owner);
    for d in others {
        relay.pull(d);
    }
    group
}

pub fn hospital_ride(group: DocId, slots: i64) -> NewRequest {
    let mut r = NewRequest::new(
        group,
        RequestKind::Hospital,
        "Please drive me to the maternity hospital",
    );
    r.urgent = true;
    r.slots = slots;
    r
}
