//! `POST /v1/sync`: a device sends what it did and receives what it missed, in one round trip.
//!
//! Upload. For each uploaded document the relay checks access (a document of a group the device
//! does not read, or filed under another group, is refused exactly like one that does not
//! exist), decodes the changes, and keeps those it does not hold yet. Those must be written by
//! one of the uploading member's actors (the member id, or the member id followed by an
//! installation's bytes: [`MemberId::of_actor`]), and write only what that member may write
//! ([`guard::check_upload`]: no relay order of its own, no one else's sign-up, no promotion of
//! itself); a refusal caused by one change names it (`DocAck::change`), so the device sets
//! aside only that change and what was built on it. When staff change a member's role in a group document, the relay's membership
//! (which decides access) follows. It applies every change whose dependencies it has, in dependency order, and stores
//! them in the feed in that order; changes whose history it lacks
//! are left out and the document is acknowledged `need_history`. A new group document makes
//! its uploader the group's staff (inside a parent only if the uploader is staff there). After
//! changes to a request document the relay numbers new sign-ups in arrival order
//! ([`request::record_relay_order`]) as its own change. Everything is committed in one
//! transaction before the answer is written.
//!
//! Download. For every group the device reads, the feed after the device's cursor (0 for a
//! group it has never synced), minus the changes it just uploaded, up to the response budget
//! ([`RESPONSE_BUDGET_BYTES`] by default); documents the device holds none of go whole, in their
//! saved form (`feed.rs`).
//!
//! [`RESPONSE_BUDGET_BYTES`]: jinlin_model::protocol::RESPONSE_BUDGET_BYTES

use jinlin_model::DocKind;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use automerge::transaction::CommitOptions;
use automerge::{AutoCommit, Change, ChangeHash};
use jinlin_model::ids::relay_actor;
use jinlin_model::protocol::{
    AckResult, DocAck, DocChanges, GroupCursor, Membership, PROTOCOL_VERSION, SyncRequest, SyncResponse,
};
use jinlin_model::{
    DocId, MemberId, Millis, Role, docs::group, docs::guard, docs::household, docs::report, docs::request,
};
use serde_bytes::ByteBuf;

use crate::access::{Hierarchy, Readable, may_nest};
use crate::doc_cache::{CachedDoc, DocCache};
use crate::error::{AppError, Error};
use crate::live::{DocBatch, LiveChange, LiveEvent};
use crate::metrics::Metrics;
use crate::registry::{Keep, building_of};
use crate::relay::Relay;
use crate::store::{DeviceRecord, Digest, DocRecord, GroupRecord, NewChange, Write};

/// The answer for a document the device may not see, whether or not it exists.
pub const NO_SUCH_DOCUMENT: &str = "no such document";
const STAFF_OF_PARENT: &str = "only staff of the parent group create groups inside it";
/// Why a building leader's change to a household's building is refused.
pub const LEADER_MOVES_HOUSEHOLD: &str = "a building leader keeps the households of their own building and cannot move one to another building; ask a grid worker or staff";

impl Relay {
    /// Answers one sync call.
    pub fn sync(&self, device: &DeviceRecord, req: SyncRequest) -> Result<SyncResponse, AppError> {
        let uploaded = self.upload(device, &req.docs)?;
        self.answer(device, &req.cursors, req.accept_saved, uploaded)
    }

    /// The answer half of a sync: reads only, so it runs beside other syncs.
    pub fn answer(
        &self,
        device: &DeviceRecord,
        cursors: &[GroupCursor],
        accept_saved: bool,
        uploaded: Uploaded,
    ) -> Result<SyncResponse, AppError> {
        let (memberships, readable) = self.access(device.member_id)?;
        let registry = {
            let mut cache = self.writer();
            self.registry(&mut cache, device.member_id, &memberships, &self.hierarchy(), &readable)?
        };
        let (mut docs, mut positions, more) =
            self.collect(&readable, &registry, cursors, accept_saved, &uploaded.hashes)?;
        // Requests this member reads only because of an alert: it stands, or they signed up
        // (see `alerts.rs`).
        let (granted, granted_positions) = self.granted_docs(device.member_id, &readable, cursors, &uploaded.hashes)?;
        docs.extend(granted);
        positions.extend(granted_positions);
        Metrics::add(&self.metrics.syncs, 1);
        Ok(SyncResponse {
            version: PROTOCOL_VERSION,
            acks: uploaded.acks,
            docs,
            cursors: positions,
            more,
            memberships,
        })
    }

    /// The upload half of a sync: checks, applies and commits under the writer lock.
    pub fn upload(&self, device: &DeviceRecord, docs: &[DocChanges]) -> Result<Uploaded, AppError> {
        let mut uploaded = Uploaded::default();
        if docs.is_empty() {
            return Ok(uploaded);
        }
        uploaded.acks = self.upload_docs(device, docs, &mut uploaded.hashes)?;
        Ok(uploaded)
    }

    fn upload_docs(
        &self,
        device: &DeviceRecord,
        docs: &[DocChanges],
        uploaded: &mut HashSet<Digest>,
    ) -> Result<Vec<DocAck>, AppError> {
        let mut cache = self.writer();
        let memberships = self.store.memberships(device.member_id)?;
        let hierarchy = Hierarchy::clone(&self.hierarchy());
        let mut up = Upload {
            device,
            readable: hierarchy.readable(&memberships),
            memberships,
            hierarchy,
            groups_created: 0,
            // Counted only when the upload may create a group.
            groups_today: if docs.iter().any(|d| d.doc_type == DocKind::Group) {
                let since = self.now().saturating_sub(crate::relay::DAY_MS);
                self.store.made_since(device.member_id, since)?.0
            } else {
                0
            },
            writes: Vec::new(),
            batches: Vec::new(),
            touched: Vec::new(),
            created: HashMap::new(),
            roles_changed: Vec::new(),
            now: self.now(),
        };

        // Group documents first, so a request can go into a group created in the same upload;
        // a document refused for want of a group is retried while new groups appear.
        let mut waiting: Vec<usize> = (0..docs.len()).collect();
        waiting.sort_by_key(|&i| docs[i].doc_type != DocKind::Group);
        let mut results: Vec<Option<(AckResult, Option<ChangeHash>)>> = vec![None; docs.len()];
        loop {
            let before = up.groups_created;
            let mut later = Vec::new();
            for i in waiting {
                let step = match self.upload_doc(&mut cache, &mut up, &docs[i], uploaded) {
                    Ok(step) => step,
                    Err(e) => {
                        for id in &up.touched {
                            cache.evict(*id);
                        }
                        return Err(e.into());
                    }
                };
                if let Step::Later(_) = step {
                    later.push(i);
                }
                results[i] = Some(step.into_result());
            }
            if later.is_empty() || up.groups_created == before {
                break;
            }
            waiting = later;
        }

        if !up.writes.is_empty() {
            // Urgent alerts: a new urgent request's dispatch (or a running one's next step) is
            // decided now and saved in the request's own transaction.
            let mut steps = Vec::new();
            for b in up.batches.iter().filter(|b| b.doc_type == DocKind::Request) {
                match self.plan_dispatch(&mut cache, b.doc_id) {
                    Ok(Some(step)) => {
                        up.writes.extend(step.write());
                        steps.push(step);
                    }
                    Ok(None) => {}
                    Err(e) => tracing::error!(request = %b.doc_id, error = %e, "urgent alert not dispatched"),
                }
            }
            let seqs = match self.store.write(&up.writes) {
                Ok(seqs) => seqs,
                Err(e) => {
                    for id in &up.touched {
                        cache.evict(*id);
                    }
                    return Err(e.into());
                }
            };
            // Those alerted now got the whole request in their alert: no second copy below.
            let mut alerted: HashMap<DocId, HashSet<MemberId>> = HashMap::new();
            for step in &steps {
                alerted
                    .entry(step.request())
                    .or_default()
                    .extend(step.alerted_members());
            }
            // The alerts go out first: someone in trouble is waiting for them.
            for step in steps {
                if step.started {
                    tracing::info!(
                        request = %step.request(),
                        alerted = step.alerted(),
                        accepted_unix_us = unix_micros(),
                        "urgent request accepted; first wave alerted"
                    );
                }
                self.carry_out(step);
            }
            let received: usize = up
                .batches
                .iter()
                .map(|b| b.changes.iter().filter(|c| c.1).count())
                .sum();
            Metrics::add(&self.metrics.changes_in, received as u64);
            if up.groups_created > 0 {
                self.set_hierarchy(up.hierarchy);
                self.publish(LiveEvent::AccessChanged(None));
            }
            for member in up.roles_changed {
                tracing::info!(%member, "role changed by staff");
                self.publish(LiveEvent::AccessChanged(Some(member)));
            }
            // Publish in feed order, still under the writer lock, so live frames keep it.
            let mut seqs = seqs.into_iter();
            for b in up.batches {
                let cursor = seqs.by_ref().take(b.changes.len()).last().unwrap_or(0);
                let changes = b
                    .changes
                    .into_iter()
                    .map(|(bytes, by_author)| LiveChange { bytes, by_author })
                    .collect();
                let batch = DocBatch::new(
                    b.doc_id,
                    b.doc_type,
                    b.group_id,
                    cursor,
                    Some(device.member_id),
                    changes,
                )
                .carried_in_alerts(alerted.remove(&b.doc_id).unwrap_or_default());
                self.publish(LiveEvent::Changes(Arc::new(batch)));
            }
        }
        drop(cache);
        Ok(docs
            .iter()
            .zip(results)
            .map(|(d, r)| {
                let (result, change) = r.unwrap_or((
                    AckResult::Rejected {
                        reason: NO_SUCH_DOCUMENT.into(),
                    },
                    None,
                ));
                DocAck {
                    doc_id: d.doc_id,
                    result,
                    change: change.map(|h| h.to_string()),
                }
            })
            .collect())
    }

    fn upload_doc(
        &self,
        cache: &mut DocCache,
        up: &mut Upload<'_>,
        dc: &DocChanges,
        uploaded: &mut HashSet<Digest>,
    ) -> Result<Step, Error> {
        let is_group = dc.doc_type == DocKind::Group;
        let is_household = dc.doc_type == DocKind::Household;
        if dc.saved.is_some() {
            // Uploads are checked change by change (authorship, the schema guard).
            return Ok(Step::reject(
                "a saved document is not accepted in an upload; send its changes",
            ));
        }

        // Access, before anything else is looked at. A document created earlier in this upload
        // counts as existing.
        let existing = match up.created.get(&dc.doc_id) {
            Some(record) => Some(record.clone()),
            None => self.store.doc(dc.doc_id)?,
        };
        // A member alerted about a request outside their groups who did not decline may answer
        // it even after the alert ended (an accept made offline): only with a sign-up of theirs.
        let mut answering = false;
        let creating = match &existing {
            Some(meta) => {
                let member = up.device.member_id;
                let request = meta.doc_type == DocKind::Request;
                let reads = up.readable.contains(&meta.group_id) || (request && self.alerts.grants(member, dc.doc_id));
                answering = !reads && request && self.store.may_answer(dc.doc_id, member)?;
                if meta.group_id != dc.group_id || meta.doc_type != dc.doc_type || !(reads || answering) {
                    return Ok(Step::reject(NO_SUCH_DOCUMENT));
                }
                false
            }
            None if is_group => {
                if dc.doc_id != dc.group_id || up.hierarchy.get(dc.group_id).is_some() {
                    return Ok(Step::reject(NO_SUCH_DOCUMENT));
                }
                true
            }
            None => {
                if !up.readable.contains(&dc.group_id) {
                    return Ok(Step::Later(AckResult::Rejected {
                        reason: NO_SUCH_DOCUMENT.into(),
                    }));
                }
                true
            }
        };
        // The household registry asks more than reading the group (see `registry.rs`); a
        // household of one's own building is checked once its building is known.
        let keep = if is_household {
            match self.keep_in(cache, up.device.member_id, &up.memberships, &up.hierarchy, dc.group_id)? {
                None => return Ok(Step::reject(NO_SUCH_DOCUMENT)),
                Some(Keep::Buildings(homes)) if !creating => {
                    let building = self.household_building(cache, dc.doc_id)?;
                    if !building.is_some_and(|b| homes.contains(&b)) {
                        return Ok(Step::reject(NO_SUCH_DOCUMENT));
                    }
                    None
                }
                keep => keep,
            }
        } else {
            None
        };

        // Decode; a document with one bad change is refused whole.
        let mut changes = Vec::with_capacity(dc.changes.len());
        for (i, bytes) in dc.changes.iter().enumerate() {
            // Decoded so that even bytes on which Automerge's decoder panics are just refused.
            match jinlin_model::untrusted::change(bytes) {
                Some(c) => changes.push((c, bytes)),
                None => return Ok(Step::reject(&format!("change {i} is not a valid Automerge change"))),
            }
        }
        uploaded.extend(changes.iter().map(|(c, _)| c.hash().0));
        if changes.is_empty() {
            return Ok(if creating {
                Step::reject("a new document needs its changes")
            } else {
                Step::Done(AckResult::Stored)
            });
        }

        let mut fresh = creating.then(|| CachedDoc::new(AutoCommit::new()));
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };

        // Keep what the relay lacks; it must be the uploader's own work.
        let mut seen = HashSet::new();
        let mut new = Vec::new();
        for (c, bytes) in changes {
            let hash = c.hash();
            if !seen.insert(hash) || holds(&mut cached.doc, hash) {
                continue;
            }
            // Any installation of the uploader's member (its actor begins with the member id);
            // never the relay's actor, never another member's.
            if MemberId::of_actor(c.actor_id()) != Some(up.device.member_id) {
                return Ok(Step::refuse(
                    "changes must be written by the uploading device's own member id",
                    hash,
                ));
            }
            new.push((c, bytes));
        }
        if new.is_empty() {
            return Ok(Step::Done(AckResult::Stored));
        }
        let (ready, missing) = in_dependency_order(&mut cached.doc, new);
        if ready.is_empty() || (creating && missing > 0) {
            return Ok(Step::Done(AckResult::NeedHistory));
        }
        // What the changes write must be theirs to write (no self-made relay order, no one
        // else's sign-up, no self-promotion): checked on a copy, before anything is applied.
        let batch: Vec<Change> = ready.iter().map(|(c, _)| c.clone()).collect();
        if let Err(violation) = guard::check_upload(&mut cached.doc, dc.doc_type, up.device.member_id, &batch) {
            tracing::debug!(doc = %dc.doc_id, %violation, "upload refused by the schema guard");
            let member = up.device.member_id;
            let culprit = first_refused(&batch, |part| {
                guard::check_upload(&mut cached.doc, dc.doc_type, member, part).is_err()
            });
            return Ok(match culprit {
                Some(change) => Step::refuse(&violation.0, change),
                None => Step::reject(&violation.0),
            });
        }
        // The checks below read the document as the batch leaves it: one copy for all of them.
        let mut after = cached.doc.fork();
        if after.apply_changes(batch.iter().cloned()).is_err() {
            return Ok(Step::reject("the changes conflict with the document's history"));
        }
        if answering
            && !request::signup_records(&after)
                .iter()
                .any(|r| r.member == up.device.member_id)
        {
            return Ok(Step::reject(NO_SUCH_DOCUMENT));
        }
        // A building leader keeps the households of their own building: moving one to another
        // building is for grid workers and staff.
        if is_household
            && !creating
            && up.hierarchy.role_in(&up.memberships, dc.group_id) == Some(Role::BuildingLeader)
            && building_of(&after) != building_of(&cached.doc)
        {
            tracing::debug!(doc = %dc.doc_id, "a building leader tried to move a household");
            let culprit = first_refused(&batch, |part| moves_household(&mut cached.doc, part));
            return Ok(match culprit {
                Some(change) => Step::refuse(LEADER_MOVES_HOUSEHOLD, change),
                None => Step::reject(LEADER_MOVES_HOUSEHOLD),
            });
        }
        // A need or report goes only to someone who may read it, a need to a team that exists.
        let assigned = crate::assignments::written(&cached.doc, &after, dc.doc_type);
        if !assigned.is_empty()
            && let Some(reason) = self.refused_assignment(cache, &up.hierarchy, dc.group_id, &assigned)?
        {
            tracing::debug!(doc = %dc.doc_id, reason, "upload refused: assignment");
            return Ok(Step::reject(reason));
        }
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };
        if !creating {
            up.touched.push(dc.doc_id);
        }
        // Staff change roles in the group document; the relay's memberships follow.
        let staff = up.hierarchy.role_in(&up.memberships, dc.group_id) == Some(Role::Staff);
        let roles_before = (is_group && !creating && staff).then(|| member_roles(&cached.doc));
        if let Err(e) = cached.doc.apply_changes(batch) {
            tracing::debug!(doc = %dc.doc_id, error = %e, "uploaded changes do not apply");
            if !creating {
                cache.evict(dc.doc_id);
            }
            return Ok(Step::reject("the changes conflict with the document's history"));
        }

        let mut writes = Vec::new();
        if creating {
            if is_group {
                match self.admit_group(up, dc, &cached.doc) {
                    Ok(mut group_writes) => writes.append(&mut group_writes),
                    Err(step) => return Ok(step),
                }
            } else if let Err(step) = check_new_doc(&cached.doc, dc, keep.as_ref()) {
                return Ok(step);
            }
            let record = DocRecord {
                id: dc.doc_id,
                doc_type: dc.doc_type,
                group_id: dc.group_id,
                created_at: up.now,
            };
            up.created.insert(dc.doc_id, record.clone());
            writes.push(Write::PutDoc(record));
        }

        // Attachments the document names are read only by those who may read it (`blob_access.rs`).
        writes.extend(crate::blob_access::refs(dc.doc_id, dc.doc_type, &cached.doc));

        if let Some(before) = roles_before {
            for (member, role) in member_roles(&cached.doc) {
                let changed = before.get(&member).is_some_and(|r| *r != role);
                if changed
                    && self
                        .store
                        .memberships(member)?
                        .iter()
                        .any(|m| m.group_id == dc.group_id)
                {
                    writes.push(Write::PutMembership {
                        member,
                        membership: Membership {
                            group_id: dc.group_id,
                            role,
                        },
                        at: up.now,
                    });
                    up.roles_changed.push(member);
                }
            }
        }

        let mut batch = Batch {
            doc_id: dc.doc_id,
            doc_type: dc.doc_type,
            group_id: dc.group_id,
            changes: Vec::with_capacity(ready.len() + 1),
        };
        for (c, bytes) in &ready {
            batch.changes.push((bytes.to_vec(), true));
            writes.push(Write::AppendChange(NewChange {
                doc_id: dc.doc_id,
                group_id: dc.group_id,
                hash: c.hash().0,
                bytes: bytes.to_vec(),
            }));
        }
        if !is_group && let Some(mut order) = record_relay_order(&mut cached.doc, up.now) {
            let bytes = order.bytes().into_owned();
            writes.push(Write::AppendChange(NewChange {
                doc_id: dc.doc_id,
                group_id: dc.group_id,
                hash: order.hash().0,
                bytes: bytes.clone(),
            }));
            batch.changes.push((bytes, false));
        }
        // Saved whole again with every upload (the schema guard already walked a copy of it):
        // a device that holds none of the document receives these bytes as they are
        // (`feed.rs`), and a rebuild is one load.
        writes.push(Write::Snapshot {
            doc_id: dc.doc_id,
            bytes: cached.doc.save(),
        });
        cached.since_snapshot = 0;

        up.writes.append(&mut writes);
        up.batches.push(batch);
        if let Some(f) = fresh {
            up.touched.push(dc.doc_id);
            cache.insert(dc.doc_id, f);
        }
        Ok(Step::Done(if missing == 0 {
            AckResult::Stored
        } else {
            AckResult::NeedHistory
        }))
    }

    /// Checks a new group document and records the group with its uploader as staff.
    fn admit_group(&self, up: &mut Upload<'_>, dc: &DocChanges, doc: &AutoCommit) -> Result<Vec<Write>, Step> {
        let view = match group::read(doc) {
            Ok(v) if v.id == dc.doc_id => v,
            _ => return Err(Step::reject("not a valid group document")),
        };
        if up.groups_today.saturating_add(up.groups_created as u32) >= self.quotas.groups_per_day {
            return Err(Step::reject(&format!(
                "this device has created as many groups today as it may ({}); try again tomorrow",
                self.quotas.groups_per_day
            )));
        }
        if let Some(parent) = view.parent {
            // A parent that does not exist (yet) and one where the uploader is not staff answer
            // the same; the first may still appear later in this upload.
            let Some(parent_group) = up.hierarchy.get(parent).copied() else {
                return Err(Step::Later(AckResult::Rejected {
                    reason: STAFF_OF_PARENT.into(),
                }));
            };
            if up.hierarchy.role_in(&up.memberships, parent) != Some(Role::Staff) {
                return Err(Step::reject(STAFF_OF_PARENT));
            }
            if !may_nest(parent_group.kind, view.kind) {
                return Err(Step::reject(&format!(
                    "a {} cannot sit inside a {}",
                    view.kind, parent_group.kind
                )));
            }
        }
        let record = GroupRecord {
            id: view.id,
            kind: view.kind,
            parent: view.parent,
            created_by: up.device.member_id,
            created_at: up.now,
        };
        let membership = Membership {
            group_id: view.id,
            role: Role::Staff,
        };
        up.hierarchy.insert(record);
        up.memberships.push(membership.clone());
        up.readable = up.hierarchy.readable(&up.memberships);
        up.groups_created += 1;
        tracing::info!(group = %view.id, kind = %view.kind, "group created");
        Ok(vec![
            Write::PutGroup(record),
            Write::PutMembership {
                member: up.device.member_id,
                membership,
                at: up.now,
            },
        ])
    }
}

/// Checks a new request, household or report document: it must read as one and belong to the
/// group it is filed under; a household must be one the uploader may keep.
fn check_new_doc(doc: &AutoCommit, dc: &DocChanges, keep: Option<&Keep>) -> Result<(), Step> {
    // (content id, group) as the document states them: phones list documents by the content id,
    // so a new document claiming another's id would pose as it.
    let stated = match dc.doc_type {
        DocKind::Household => match household::read(doc) {
            Ok(view) => {
                if let Some(Keep::Buildings(homes)) = keep
                    && !homes.contains(&view.building)
                {
                    return Err(Step::reject(NO_SUCH_DOCUMENT));
                }
                Some((view.id, view.group_id))
            }
            Err(_) => None,
        },
        DocKind::Report => report::read(doc).ok().map(|v| (v.id, v.group_id)),
        DocKind::Request => request::read(doc).ok().map(|v| (v.id, v.group_id)),
        // A group states its id as its own group; its checks are the group rules'.
        DocKind::Group => group::read(doc).ok().map(|v| (v.id, v.id)),
    };
    match stated {
        Some((id, group)) if id == dc.doc_id && group == dc.group_id => Ok(()),
        Some((id, _)) if id != dc.doc_id => Err(Step::reject(&format!(
            "a new {} document states the id {id}, not its own {}",
            dc.doc_type, dc.doc_id
        ))),
        _ => Err(Step::reject(&format!("not a {} document of this group", dc.doc_type))),
    }
}

/// What an upload did: one acknowledgement per document, and the hashes of every change it
/// carried (the answer leaves those out: the device has them).
#[derive(Debug, Default)]
pub struct Uploaded {
    /// One per uploaded document, in upload order.
    pub acks: Vec<DocAck>,
    /// Every uploaded change's hash.
    pub hashes: HashSet<Digest>,
}

/// One upload in progress: what it may touch and what it will write.
struct Upload<'a> {
    device: &'a DeviceRecord,
    memberships: Vec<Membership>,
    hierarchy: Hierarchy,
    readable: Readable,
    groups_created: usize,
    /// Groups the uploader created in the last day, before this upload.
    groups_today: u32,
    writes: Vec<Write>,
    batches: Vec<Batch>,
    /// Documents changed in memory, dropped from the cache if the commit fails.
    touched: Vec<DocId>,
    /// Documents this upload creates.
    created: HashMap<DocId, DocRecord>,
    /// Members whose role staff changed in a group document.
    roles_changed: Vec<MemberId>,
    now: Millis,
}

/// Changes stored for one document, for the live channel: bytes, and whether the uploader wrote
/// them (the relay's own are not).
struct Batch {
    doc_id: DocId,
    doc_type: DocKind,
    group_id: DocId,
    changes: Vec<(Vec<u8>, bool)>,
}

/// What happened to one uploaded document.
enum Step {
    Done(AckResult),
    /// Refused for want of a group that a later document of the same upload may create.
    Later(AckResult),
    /// Refused because of one change (named, so the device sets aside only it and what was
    /// built on it).
    Refused {
        reason: String,
        change: ChangeHash,
    },
}

impl Step {
    fn reject(reason: &str) -> Step {
        Step::Done(AckResult::Rejected { reason: reason.into() })
    }

    fn refuse(reason: &str, change: ChangeHash) -> Step {
        Step::Refused {
            reason: reason.into(),
            change,
        }
    }

    fn into_result(self) -> (AckResult, Option<ChangeHash>) {
        match self {
            Step::Done(r) | Step::Later(r) => (r, None),
            Step::Refused { reason, change } => (AckResult::Rejected { reason }, Some(change)),
        }
    }
}

/// The first change of `batch` that makes `refused` true of the changes up to it: the one to
/// name in a refusal. Checked on copies; only on the refusal path.
fn first_refused(batch: &[Change], mut refused: impl FnMut(&[Change]) -> bool) -> Option<ChangeHash> {
    (1..=batch.len())
        .find(|&n| refused(&batch[..n]))
        .map(|n| batch[n - 1].hash())
}

/// Whether `batch` changes the household's `building` (checked on a copy; finds the culprit on
/// the refusal path).
fn moves_household(doc: &mut AutoCommit, batch: &[Change]) -> bool {
    let mut after = doc.fork();
    after.apply_changes(batch.iter().cloned()).is_err() || building_of(&after) != building_of(doc)
}

/// Each member's role as a group document states it.
fn member_roles(doc: &AutoCommit) -> HashMap<MemberId, Role> {
    group::read(doc)
        .map(|view| view.members.into_iter().map(|m| (m.member_id, m.role)).collect())
        .unwrap_or_default()
}

/// Whether the document holds a change. The relay never leaves changes queued inside a document,
/// so "not missing" means applied.
fn holds(doc: &mut AutoCommit, hash: ChangeHash) -> bool {
    doc.get_missing_deps(&[hash]).is_empty()
}

/// Splits `changes` into those that can be applied now, in an order where each follows its
/// dependencies, and the number of those whose history is missing.
fn in_dependency_order<'b>(
    doc: &mut AutoCommit,
    changes: Vec<(Change, &'b ByteBuf)>,
) -> (Vec<(Change, &'b ByteBuf)>, usize) {
    let mut known: HashSet<ChangeHash> = HashSet::new();
    let mut pending = changes;
    let mut ready = Vec::with_capacity(pending.len());
    loop {
        let before = ready.len();
        let mut rest = Vec::new();
        for (c, b) in pending {
            if c.deps().iter().all(|d| known.contains(d) || holds(doc, *d)) {
                known.insert(c.hash());
                ready.push((c, b));
            } else {
                rest.push((c, b));
            }
        }
        pending = rest;
        if pending.is_empty() || ready.len() == before {
            return (ready, pending.len());
        }
    }
}

/// Numbers new sign-ups as the relay; returns the relay's change if there was anything to
/// number.
fn record_relay_order(doc: &mut AutoCommit, now: Millis) -> Option<Change> {
    doc.set_actor(relay_actor());
    match request::record_relay_order(doc) {
        Ok(0) => None,
        Ok(_) => {
            doc.commit_with(CommitOptions::default().with_time(now / 1000));
            doc.get_last_local_change()
        }
        Err(e) => {
            doc.rollback();
            tracing::warn!(error = %e, "sign-ups could not be numbered");
            None
        }
    }
}

/// Microseconds since the Unix epoch by the wall clock (for the log, whatever the relay's clock).
fn unix_micros() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros())
}
