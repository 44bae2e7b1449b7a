//! The stages one uploaded document passes, in order; each either hands the next what it
//! needs or stops with the document's answer ([`Stop`]):
//! 1. [`authorize`](Relay::authorize): may the uploader touch this document at all (the access
//!    policy; a document they may not read answers as one that does not exist);
//! 2. [`decode`]: every change decodes, or the document is refused whole;
//! 3. [`own_new_changes`](Relay::own_new_changes): keep what the relay lacks, all written by
//!    the uploader's member, in dependency order;
//! 4. [`check_rules`](Relay::check_rules): what the changes write is the uploader's to write
//!    (the write rules of the document's kind, checked on a copy), and the relay's own rules
//!    for answering an alert, moving a household, and assignments;
//! 5. [`apply`](Relay::apply): apply, admit a new document or group, follow role changes, and
//!    queue the writes and the live batch.

use std::collections::HashSet;
use std::sync::Arc;

use automerge::{AutoCommit, Change};
use jinlin_model::protocol::{AckResult, DocChanges, Membership};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocKind, Role, docs::group, docs::guard, docs::report, docs::request};

use super::changes::{Ready, decode, own_new_changes};
use super::checks::{
    check_new_doc, dates_a_step_ahead, first_refused, member_roles, moves_household, record_relay_order,
    votes_out_of_time,
};
use super::precheck::Prechecked;
use super::step::{Step, Stop};
use super::upload::{Batch, Upload};
use super::{LEADER_MOVES_HOUSEHOLD, NO_SUCH_DOCUMENT, STAFF_OF_PARENT};
use crate::access::DocRef;
use crate::access::registry::building_of;
use crate::doc_cache::{CachedDoc, DocCache};
use crate::error::Error;
use crate::relay::Relay;
use crate::store::{Digest, DocRecord, GroupRecord, NewChange, Write};

/// Changes an uploaded document takes between two snapshots (see [`Relay::apply`]).
pub const UPLOAD_SNAPSHOT_EVERY: usize = 32;

/// What [`Relay::authorize`] found.
struct Authorized {
    /// The document is new.
    creating: bool,
    /// The uploader reads it only as an alerted member answering with a sign-up.
    answering: bool,
}

impl Relay {
    /// Takes one uploaded document through every stage; `pre`, its write rules checked before
    /// the writer's turn (`precheck.rs`), stands in for stages 2 to 4 when the
    /// writer still holds the document that check read.
    pub(super) fn upload_doc<'b>(
        &self,
        cache: &mut DocCache,
        up: &mut Upload<'_>,
        dc: &'b DocChanges,
        pre: Option<Prechecked<'b>>,
        uploaded: &mut HashSet<Digest>,
    ) -> Result<Step, Error> {
        match self.stages(cache, up, dc, pre, uploaded) {
            Ok(step) | Err(Stop::Answer(step)) => Ok(step),
            Err(Stop::Failed(e)) => Err(e),
        }
    }

    fn stages<'b>(
        &self,
        cache: &mut DocCache,
        up: &mut Upload<'_>,
        dc: &'b DocChanges,
        pre: Option<Prechecked<'b>>,
        uploaded: &mut HashSet<Digest>,
    ) -> Result<Step, Stop> {
        if dc.saved.is_some() {
            // Uploads are checked change by change (authorship, the write rules).
            return Err(Step::reject(Refusal::SavedNotAccepted.en()).into());
        }
        let auth = self.authorize(cache, up, dc)?;
        // A check made before the writer's turn stands for stages 2 to 4's own, with the
        // changes it decoded, while the writer holds the document it read.
        if let Some(pre) = pre.filter(|_| !auth.creating) {
            if Arc::ptr_eq(self.load(cache, dc.doc_id)?.shared(), &pre.base) {
                crate::metrics::Metrics::add(&self.metrics.prechecks_kept, 1);
                let Prechecked {
                    base,
                    hashes,
                    ready,
                    after,
                } = pre;
                // Not shared any more, so the writer changes its document without a copy.
                drop(base);
                uploaded.extend(hashes);
                let batch: Vec<Change> = ready.changes.iter().map(|(c, _)| c.clone()).collect();
                let after = self.relay_rules(cache, &mut None, up, dc, &auth, &batch, after)?;
                return self.apply(cache, None, up, dc, &auth, after, ready);
            }
            crate::metrics::Metrics::add(&self.metrics.prechecks_stale, 1);
        }
        let changes = decode(dc)?;
        uploaded.extend(changes.iter().map(|(c, _)| c.hash().0));
        if changes.is_empty() {
            return Ok(if auth.creating {
                Step::reject(Refusal::NewNeedsChanges.en())
            } else {
                Step::Done(AckResult::Stored)
            });
        }
        let mut fresh = auth.creating.then(|| CachedDoc::new(AutoCommit::new()));
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };
        let ready = own_new_changes(cached.doc_mut(), changes, up.device.member_id, auth.creating)?;
        let batch: Vec<Change> = ready.changes.iter().map(|(c, _)| c.clone()).collect();
        let after = self.check_rules(cache, &mut fresh, up, dc, &auth, &batch)?;
        self.apply(cache, fresh, up, dc, &auth, after, ready)
    }

    /// Stage 1: whether the uploader may touch this document, by the access policy. A document
    /// created earlier in this upload counts as existing.
    fn authorize(&self, cache: &mut DocCache, up: &Upload<'_>, dc: &DocChanges) -> Result<Authorized, Stop> {
        let existing = match up.created.get(&dc.doc_id) {
            Some(record) => Some(record.clone()),
            None => self.store.doc(dc.doc_id)?,
        };
        match existing {
            Some(meta) => {
                let member = up.device.member_id;
                let doc = DocRef {
                    id: dc.doc_id,
                    kind: meta.doc_type,
                    group: meta.group_id,
                };
                let reads = up.access.may_read(&doc, || self.household_building(cache, dc.doc_id))?;
                // A member alerted about a request outside their groups who did not decline may
                // answer it even after the alert ended (an accept made offline): only with a
                // sign-up of theirs (checked in stage 4).
                let answering =
                    !reads && meta.doc_type == DocKind::Request && self.store.may_answer(dc.doc_id, member)?;
                if meta.group_id != dc.group_id || meta.doc_type != dc.doc_type || !(reads || answering) {
                    return Err(Step::reject(NO_SUCH_DOCUMENT).into());
                }
                Ok(Authorized {
                    creating: false,
                    answering,
                })
            }
            None if dc.doc_type == DocKind::Group => {
                if dc.doc_id != dc.group_id || up.tree.get(dc.group_id).is_some() {
                    return Err(Step::reject(NO_SUCH_DOCUMENT).into());
                }
                Ok(Authorized {
                    creating: true,
                    answering: false,
                })
            }
            None => {
                // A group created later in this upload may still let it in.
                if !up.access.may_create(dc.doc_type, dc.group_id, None) {
                    return Err(Step::Later(AckResult::Rejected {
                        reason: NO_SUCH_DOCUMENT.into(),
                    })
                    .into());
                }
                Ok(Authorized {
                    creating: true,
                    answering: false,
                })
            }
        }
    }

    /// Stage 4: what the batch writes must be the uploader's to write. Checked on a copy,
    /// before anything is applied; that copy, the document as the batch leaves it, is what the
    /// next stage keeps (one copy and one application of the batch per upload). The write
    /// rules first, then the relay's own ([`Relay::relay_rules`]).
    fn check_rules(
        &self,
        cache: &mut DocCache,
        fresh: &mut Option<CachedDoc>,
        up: &Upload<'_>,
        dc: &DocChanges,
        auth: &Authorized,
        batch: &[Change],
    ) -> Result<AutoCommit, Stop> {
        let member = up.device.member_id;
        // An order's rules ask who is on its group's teams and what its menu lists, a need's who
        // is on a team, a notice's who leads the building: the group as the relay holds it, read
        // before the document is.
        let order_group = match dc.doc_type {
            DocKind::Order | DocKind::Need | DocKind::Notice => self
                .load(cache, dc.group_id)
                .ok()
                .and_then(|g| group::read(g.doc()).ok()),
            _ => None,
        };
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };
        // The write rules of the document's kind: no self-made relay order, no one else's
        // sign-up, no self-promotion, nobody else's comment, no report step for someone who may
        // not take it.
        let keeps = |building: Option<&str>| up.access.registry().allows(dc.group_id, building);
        // A comment carries the name its author registered with, as their phone writes it.
        let name = || Some(up.device.name.clone());
        let staff = || up.access.role_in(dc.group_id) == Some(Role::Staff);
        let in_group = || order_group.clone();
        let writer = guard::Writer {
            member,
            keeps: &keeps,
            name: &name,
            staff: &staff,
            group: &in_group,
        };
        // The checks below read the document as the batch leaves it: the copy the guard made.
        let doc = cached.doc_mut();
        let after = match guard::checked_upload(doc, dc.doc_type, &writer, batch) {
            Ok(after) => after,
            Err(violation) => {
                tracing::debug!(doc = %dc.doc_id, %violation, "upload refused by the write rules");
                let culprit = first_refused(batch, |part| {
                    guard::check_upload(doc, dc.doc_type, &writer, part).is_err()
                });
                return Err(match culprit {
                    Some(change) => Step::refuse(&violation.0, change),
                    None => Step::reject(&violation.0),
                }
                .into());
            }
        };
        self.relay_rules(cache, fresh, up, dc, auth, batch, after)
    }

    /// Stage 4, the relay's own rules, on the document as the batch leaves it (`after`): an
    /// alerted member answers only with a sign-up, a building leader keeps households in their
    /// building, report steps and ballots are dated by the relay's clock, and needs and reports
    /// go only to someone who may read them.
    #[allow(clippy::too_many_arguments)]
    fn relay_rules(
        &self,
        cache: &mut DocCache,
        fresh: &mut Option<CachedDoc>,
        up: &Upload<'_>,
        dc: &DocChanges,
        auth: &Authorized,
        batch: &[Change],
        after: AutoCommit,
    ) -> Result<AutoCommit, Stop> {
        let member = up.device.member_id;
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };
        if auth.answering && !request::signup_records(&after).iter().any(|r| r.member == member) {
            return Err(Step::reject(NO_SUCH_DOCUMENT).into());
        }
        // A building leader keeps the households of their own building: moving one to another
        // building is for grid workers and staff.
        if dc.doc_type == DocKind::Household
            && !auth.creating
            && up.access.role_in(dc.group_id) == Some(Role::BuildingLeader)
            && building_of(&after) != building_of(cached.doc())
        {
            tracing::debug!(doc = %dc.doc_id, "a building leader tried to move a household");
            let culprit = first_refused(batch, |part| moves_household(cached.doc_mut(), part));
            return Err(match culprit {
                Some(change) => Step::refuse(LEADER_MOVES_HOUSEHOLD, change),
                None => Step::reject(LEADER_MOVES_HOUSEHOLD),
            }
            .into());
        }
        // A report step is dated by its author's clock, but never far ahead of the relay's: the
        // latest step decides the status.
        if dc.doc_type == DocKind::Report
            && let Err(violation) = report::rules::steps_in_time(cached.doc(), &after, self.now())
        {
            tracing::debug!(doc = %dc.doc_id, %violation, "upload refused: a step from the future");
            let now = self.now();
            let culprit = first_refused(batch, |part| dates_a_step_ahead(cached.doc_mut(), part, now));
            return Err(match culprit {
                Some(change) => Step::refuse(&violation.0, change),
                None => Step::reject(&violation.0),
            }
            .into());
        }
        // A ballot counts when it reaches the relay in the voting period, by the relay's clock:
        // one cast offline that arrives after the close is refused, and the voter's phone keeps
        // the reason.
        if dc.doc_type == DocKind::Proposal
            && let Err(violation) = jinlin_model::docs::proposal::rules::ballots_in_time(cached.doc(), &after, up.now)
        {
            tracing::debug!(doc = %dc.doc_id, "upload refused: a ballot out of the voting period");
            let now = up.now;
            let culprit = first_refused(batch, |part| votes_out_of_time(cached.doc_mut(), part, now));
            return Err(match culprit {
                Some(change) => Step::refuse(&violation.0, change),
                None => Step::reject(&violation.0),
            }
            .into());
        }
        // A need or report goes only to someone who may read it, a need to a team that exists.
        let assigned = crate::grid::assignments::written(cached.doc(), &after, dc.doc_type);
        if !assigned.is_empty()
            && let Some(reason) = self.refused_assignment(cache, up.access.tree(), dc.group_id, &assigned)?
        {
            tracing::debug!(doc = %dc.doc_id, reason, "upload refused: assignment");
            return Err(Step::reject(reason).into());
        }
        Ok(after)
    }

    /// Stage 5: keeps the document as the batch leaves it (`after`, checked in stage 4), admits
    /// a new document, follows role changes, and queues the writes and the live batch.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &self,
        cache: &mut DocCache,
        mut fresh: Option<CachedDoc>,
        up: &mut Upload<'_>,
        dc: &DocChanges,
        auth: &Authorized,
        after: AutoCommit,
        ready: Ready<'_>,
    ) -> Result<Step, Stop> {
        let is_group = dc.doc_type == DocKind::Group;
        let creating = fresh.is_some();
        let cached = match fresh.as_mut() {
            Some(f) => f,
            None => self.load(cache, dc.doc_id)?,
        };
        if !auth.creating {
            up.touched.push(dc.doc_id);
        }
        // Staff change roles in the group document; the relay's memberships follow.
        let staff = up.access.role_in(dc.group_id) == Some(Role::Staff);
        let roles_before = (is_group && !auth.creating && staff).then(|| member_roles(cached.doc()));
        cached.replace(after);

        let mut writes = Vec::new();
        if auth.creating {
            if is_group {
                writes.append(&mut self.admit_group(up, dc, cached.doc())?);
            } else {
                check_new_doc(cached.doc(), dc, &up.access)?;
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

        // Attachments the document names are read only by those who may read it (`access/photos.rs`).
        writes.extend(crate::access::photos::refs(dc.doc_id, dc.doc_type, cached.doc()));

        if let Some(before) = roles_before {
            for (member, role) in member_roles(cached.doc()) {
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

        let mut live = Batch {
            doc_id: dc.doc_id,
            doc_type: dc.doc_type,
            group_id: dc.group_id,
            changes: Vec::with_capacity(ready.changes.len() + 1),
        };
        for (c, bytes) in &ready.changes {
            live.changes.push((bytes.to_vec(), true));
            writes.push(Write::AppendChange(NewChange {
                doc_id: dc.doc_id,
                group_id: dc.group_id,
                hash: c.hash().0,
                bytes: bytes.to_vec(),
            }));
        }
        if !is_group && let Some(mut order) = record_relay_order(cached.doc_mut(), dc.doc_type, up.now) {
            let bytes = order.bytes().into_owned();
            writes.push(Write::AppendChange(NewChange {
                doc_id: dc.doc_id,
                group_id: dc.group_id,
                hash: order.hash().0,
                bytes: bytes.clone(),
            }));
            live.changes.push((bytes, false));
        }
        // Saved whole again every few changes, not with every upload: saving a long document
        // and writing it out is the dearest part of an upload, and it happens under the writer
        // lock. A device that holds none of the document receives the snapshot and the few
        // changes after it, built once and kept (`compact.rs`); a rebuild is one load and those
        // few changes.
        cached.since_snapshot += writes.iter().filter(|w| matches!(w, Write::AppendChange(_))).count();
        if creating || cached.since_snapshot >= UPLOAD_SNAPSHOT_EVERY {
            writes.push(Write::Snapshot {
                doc_id: dc.doc_id,
                bytes: cached.doc_mut().save(),
            });
            cached.since_snapshot = 0;
        }
        // Where the next upload's check outside the writer lock finds it (`precheck.rs`).
        if guard::checked_before_standing(dc.doc_type) {
            self.shelf.put(dc.doc_id, cached.shared());
        }

        up.writes.append(&mut writes);
        up.batches.push(live);
        if let Some(f) = fresh {
            up.touched.push(dc.doc_id);
            cache.insert(dc.doc_id, f);
        }
        Ok(Step::Done(if ready.missing == 0 {
            AckResult::Stored
        } else {
            AckResult::NeedHistory
        }))
    }

    /// Checks a new group document and records the group with its uploader as staff.
    fn admit_group(&self, up: &mut Upload<'_>, dc: &DocChanges, doc: &AutoCommit) -> Result<Vec<Write>, Step> {
        let view = match group::read(doc) {
            Ok(v) if v.id == dc.doc_id => v,
            _ => return Err(Step::reject(Refusal::GroupInvalid.en())),
        };
        if up.groups_today.saturating_add(up.groups_created as u32) >= self.quotas.groups_per_day {
            return Err(Step::reject(
                &Refusal::GroupsPerDay.with(&[&self.quotas.groups_per_day]),
            ));
        }
        if let Some(parent) = view.parent {
            // A parent that does not exist (yet) and one where the uploader is not staff answer
            // the same; the first may still appear later in this upload.
            let Some(parent_group) = up.tree.get(parent).copied() else {
                return Err(Step::Later(AckResult::Rejected {
                    reason: STAFF_OF_PARENT.into(),
                }));
            };
            if up.access.role_in(parent) != Some(Role::Staff) {
                return Err(Step::reject(STAFF_OF_PARENT));
            }
            if !parent_group.kind.may_contain(view.kind) {
                return Err(Step::reject(
                    &Refusal::GroupInside.with(&[&view.kind, &parent_group.kind]),
                ));
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
        up.tree.insert(record.node());
        up.access
            .standing_mut()
            .joined(membership.clone(), Arc::new(up.tree.clone()));
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
