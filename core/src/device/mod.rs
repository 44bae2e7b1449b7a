//! The API a shell drives: one [`Device`] per phone (or command-line home), over its store.
//!
//! Every action is taken at once, offline: the document change, its chunk on disk and the query
//! tables are written in one transaction, and the call returns only after it has committed. The
//! sync client later sends what changed.

pub mod assignees;
pub mod blobs;
pub mod board;
pub mod events;
pub mod grid;
pub mod installation;
pub mod notices;
pub mod orders;
pub mod proposals;
pub mod reports;
pub mod sms;
pub mod voice;

use jinlin_model::DocKind;
use jinlin_model::refusal::Refusal;
use std::path::Path;
use std::sync::Arc;

use automerge::{AutoCommit, Change};

pub use crate::store::received::{RemoteChanges, SavedDoc};
use rusqlite::Transaction;
use tokio::sync::broadcast;

use crate::device::events::{EVENT_BUFFER, Event, Origin, Subscription};
use crate::store::refused::{self, RefusedChange};
use crate::store::{Store, docs, index, received, settings};
use jinlin_model::clock::{Clock, Millis, SystemClock};
use jinlin_model::docs::group::nearness::Neighbourhood;
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::docs::request::{self, Actor, NewRequest};
use jinlin_model::error::{Error, Result};
use jinlin_model::identity::Identity;
use jinlin_model::ids::{DocId, INSTALLATION_LEN, MemberId, SignupId};
use jinlin_model::kinds::{GroupKind, Role, Skill, Status};
use jinlin_model::validate;
use jinlin_model::{GroupView, RequestView, VisitIntervals};

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestFilter {
    /// Only this group and the groups inside it.
    pub group: Option<DocId>,
    /// Only this status.
    pub status: Option<Status>,
}

/// One device: its identity, its store and its change notifications.
#[derive(Debug)]
pub struct Device {
    store: Store,
    /// This installation's bytes: its changes are written as the member id followed by them.
    installation: [u8; INSTALLATION_LEN],
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<Event>,
}

impl Device {
    /// Opens the device whose store is the SQLite file at `path`, creating it if needed.
    pub fn open(path: impl AsRef<Path>) -> Result<Device> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    /// Like [`Device::open`], reading time from `clock`.
    pub fn open_with_clock(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Device> {
        let store = Store::open(path)?;
        let installation = installation::settle(&store)?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Ok(Device {
            store,
            installation,
            clock,
            events,
        })
    }

    /// The store underneath (the sync client reads and writes through it).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Now, by this device's clock.
    pub fn now(&self) -> Millis {
        self.clock.now_ms()
    }

    /// Listens for changes. Dropping the receiver unsubscribes.
    pub fn subscribe(&self) -> Subscription {
        self.events.subscribe()
    }

    /// Announces an event to subscribers.
    pub fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    // ---- identity and settings ----

    /// The device's identity, if it has one.
    pub fn identity(&self) -> Result<Option<Identity>> {
        self.store.read(|c| settings::get(c, "identity"))
    }

    pub(crate) fn me(&self) -> Result<Identity> {
        self.identity()?.ok_or(Error::NoIdentity)
    }

    /// Sets the name and home shown to neighbours, creating the member id on first use.
    pub fn set_identity(&self, name: &str, building: Option<&str>, unit: Option<&str>) -> Result<Identity> {
        let name = validate::text("name", name, validate::MAX_NAME)?;
        let building = validate::optional("building", building, validate::MAX_NAME)?;
        let unit = validate::optional("unit", unit, validate::MAX_NAME)?;
        self.store.write(|tx| {
            let member_id = settings::get::<Identity>(tx, "identity")?
                .map(|i| i.member_id)
                .unwrap_or_else(MemberId::random);
            let identity = Identity {
                member_id,
                name,
                building,
                unit,
            };
            settings::put(tx, "identity", &identity)?;
            Ok(identity)
        })
    }

    /// Forgets the identity of a device that never got further than making it (a first
    /// registration the relay did not answer), so that the next registration starts afresh.
    pub fn forget_identity(&self) -> Result<()> {
        self.remove_setting("identity")
    }

    /// Reads a setting stored as JSON.
    pub fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.store.read(|c| settings::get(c, key))
    }

    /// Stores a setting as JSON.
    pub fn set_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.store.write(|tx| settings::put(tx, key, value))
    }

    /// Forgets a setting (nothing happens if it is not there).
    pub fn remove_setting(&self, key: &str) -> Result<()> {
        self.store.write(|tx| settings::remove(tx, key))
    }

    // ---- groups ----

    /// Creates a group with this device's member as its staff. Returns its id.
    pub fn create_group(&self, name: &str, kind: GroupKind, parent: Option<DocId>) -> Result<DocId> {
        let me = self.me()?;
        // The relay refuses a group nested the wrong way, or inside a group where this member is
        // not staff; refuse it here first, so it is never saved and never waits to be sent.
        if let Some(parent) = parent {
            let outer = self.group(parent)?;
            if !outer.kind.may_contain(kind) {
                return Err(Error::InvalidInput(Refusal::GroupGoesIn.with(&[&kind, &outer.kind])));
            }
            if !self.staff_in(parent, me.member_id)? {
                return Err(Error::NotAllowed(Refusal::StaffOfParentOrAbove.en()));
            }
        }
        let id = DocId::random();
        let entry = MemberEntry {
            name: me.name.clone(),
            role: Role::Staff,
            skills: Vec::new(),
            building: me.building.clone(),
            unit: me.unit.clone(),
        };
        let now = self.now();
        let mut doc = group::create(id, kind, name, parent, me.member_id, &entry, now)?;
        let view = group::read(&doc)?;
        self.store.write(|tx| {
            docs::insert(tx, id, DocKind::Group, id, &mut doc, true, now)?;
            index::put_group(tx, &view)
        })?;
        self.emit(Event::GroupChanged {
            id,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// Whether `member` is staff of `group` or of a group above it, as this device's copies of
    /// the groups say (the relay decides the same from its memberships).
    pub(crate) fn staff_in(&self, group: DocId, member: MemberId) -> Result<bool> {
        let mut at = Some(group);
        let mut seen = Vec::new();
        while let Some(id) = at.filter(|id| !seen.contains(id)) {
            seen.push(id);
            let Some(view) = self.store.read(|c| index::group(c, id))? else {
                break;
            };
            if view.member(member).is_some_and(|m| m.role == Role::Staff) {
                return Ok(true);
            }
            at = view.parent;
        }
        Ok(false)
    }

    /// One group.
    pub fn group(&self, id: DocId) -> Result<GroupView> {
        self.store.read(|c| index::group(c, id))?.ok_or(Error::UnknownGroup(id))
    }

    /// Every group this device holds.
    pub fn groups(&self) -> Result<Vec<GroupView>> {
        self.store.read(index::groups)
    }

    /// Where the one button sends an urgent request when nobody says which group: the member's
    /// own closest group, her building over her estate over her community
    /// ([`nearness::own_group`]). `None` without an identity, or with two equally close.
    ///
    /// [`nearness::own_group`]: jinlin_model::docs::group::nearness::own_group
    pub fn own_group(&self) -> Result<Option<GroupView>> {
        let Some(me) = self.identity()? else { return Ok(None) };
        let groups = self.groups()?;
        let own = jinlin_model::docs::group::nearness::own_group(me.member_id, &groups);
        Ok(groups.into_iter().find(|g| Some(g.id) == own))
    }

    /// Updates this member's own entry in a group: skills, building, unit.
    pub fn set_profile(
        &self,
        group: DocId,
        skills: &[Skill],
        building: Option<&str>,
        unit: Option<&str>,
    ) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, now| {
            let view = group::read(doc)?;
            let current = view
                .member(me.member_id)
                .ok_or(Error::NotAllowed(Refusal::NotMemberOfGroup.en()))?;
            if current.role == Role::BuildingLeader && current.building.as_deref() != building {
                return Err(Error::NotAllowed(Refusal::LeaderBuildingAsk.en()));
            }
            let entry = MemberEntry {
                name: me.name.clone(),
                role: current.role,
                skills: skills.to_vec(),
                building: building.map(str::to_string),
                unit: unit.map(str::to_string),
            };
            group::put_member(doc, me.member_id, &entry, now)
        })
    }

    /// Staff: changes a member's role.
    pub fn set_role(&self, group: DocId, member: MemberId, role: Role) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, _| group::set_role(doc, me.member_id, member, role))
    }

    /// Staff: adds a skill team. Returns the team's id.
    pub fn add_team(&self, group: DocId, name: &str, skill: Option<Skill>) -> Result<String> {
        let me = self.me()?;
        self.change_group(group, |doc, _| group::add_team(doc, me.member_id, name, skill))
    }

    /// As staff, sets how many days pass between visits to a household of each risk tier in
    /// `group` (and the groups inside it that set none): the due list follows them.
    pub fn set_visit_intervals(&self, group: DocId, days: VisitIntervals) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, _| group::set_visit_intervals(doc, me.member_id, days))
    }

    /// As staff, names `group`'s time zone (an IANA name), or clears it with `None`. The relay
    /// judges night escalation and quiet hours in it, for the group and the groups inside it
    /// that name none.
    pub fn set_time_zone(&self, group: DocId, zone: Option<&str>) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, _| group::set_time_zone(doc, me.member_id, zone))
    }

    /// Joins (or leaves) a skill team; staff may do it for anyone.
    pub fn set_team_member(&self, group: DocId, team: &str, member: MemberId, on: bool) -> Result<()> {
        let me = self.me()?;
        self.change_group(group, |doc, now| {
            group::set_team_member(doc, me.member_id, team, member, on, now)
        })
    }

    pub(crate) fn change_group<T>(&self, id: DocId, f: impl FnOnce(&mut AutoCommit, Millis) -> Result<T>) -> Result<T> {
        let out = self.change(id, DocKind::Group, f)?;
        self.emit(Event::GroupChanged {
            id,
            origin: Origin::Local,
        });
        Ok(out)
    }

    // ---- requests ----

    /// Raises a request. It is saved at once and leaves with the next sync.
    pub fn raise(&self, req: NewRequest) -> Result<DocId> {
        let me = self.me()?;
        self.group(req.group_id)?;
        let mut req = req;
        if req.place.building.is_none() && req.on_behalf_of.is_none() {
            req.place.building = me.building.clone();
            req.place.unit = req.place.unit.or_else(|| me.unit.clone());
        }
        let id = DocId::random();
        let now = self.now();
        let mut doc = request::create(
            id,
            &req,
            Actor {
                id: me.member_id,
                name: &me.name,
            },
            now,
        )?;
        let view = request::read(&doc)?;
        self.store.write(|tx| {
            docs::insert(tx, id, DocKind::Request, req.group_id, &mut doc, true, now)?;
            index::put_request(tx, &view)
        })?;
        self.emit(Event::RequestChanged {
            id,
            group_id: req.group_id,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// Signs this member up to help. Tentative until the relay has seen it.
    pub fn accept(&self, id: DocId) -> Result<SignupId> {
        self.act(id, request::accept)
    }

    /// Withdraws this member's sign-up; the first on standby moves up.
    pub fn withdraw(&self, id: DocId) -> Result<()> {
        self.act(id, request::withdraw)
    }

    /// Marks the request in progress (a confirmed volunteer or the requester).
    pub fn start(&self, id: DocId) -> Result<()> {
        self.act(id, request::start)
    }

    /// Marks the request done (a confirmed volunteer or the requester).
    pub fn complete(&self, id: DocId) -> Result<()> {
        self.act(id, request::complete)
    }

    /// Cancels the request (the requester only).
    pub fn cancel(&self, id: DocId) -> Result<()> {
        self.act(id, request::cancel)
    }

    /// Comments on the request.
    pub fn comment(&self, id: DocId, text: &str) -> Result<()> {
        self.act(id, |doc, me, now| request::comment(doc, me, text, now))
    }

    /// The one who asked rates the done request once: 1 to 5 stars and a comment.
    pub fn rate_request(&self, id: DocId, stars: i64, comment: &str) -> Result<()> {
        self.act(id, |doc, me, now| request::rate(doc, me, stars, comment, now))
    }

    /// The requester picks a volunteer by hand, overriding the relay's order.
    pub fn pick(&self, id: DocId, volunteer: MemberId) -> Result<()> {
        self.act(id, |doc, me, now| request::pick(doc, me, volunteer, now))
    }

    fn act<T>(&self, id: DocId, f: impl FnOnce(&mut AutoCommit, Actor<'_>, Millis) -> Result<T>) -> Result<T> {
        let me = self.me()?;
        let (out, group_id) = self.change(id, DocKind::Request, |doc, now| {
            let out = f(
                doc,
                Actor {
                    id: me.member_id,
                    name: &me.name,
                },
                now,
            )?;
            Ok((out, request::read(doc)?.group_id))
        })?;
        self.emit(Event::RequestChanged {
            id,
            group_id,
            origin: Origin::Local,
        });
        Ok(out)
    }

    /// Loads, changes and stores one document in a single transaction, as this installation's
    /// actor.
    pub(crate) fn change<T>(
        &self,
        id: DocId,
        doc_type: DocKind,
        f: impl FnOnce(&mut AutoCommit, Millis) -> Result<T>,
    ) -> Result<T> {
        let me = self.me()?;
        let now = self.now();
        self.store.write(|tx| {
            let unknown = || {
                if doc_type == DocKind::Group {
                    Error::UnknownGroup(id)
                } else {
                    Error::UnknownRequest(id)
                }
            };
            let (mut doc, meta) = docs::load(tx, id)?.ok_or_else(unknown)?;
            if meta.doc_type != doc_type {
                return Err(unknown());
            }
            doc.set_actor(me.member_id.installation_actor(&self.installation));
            let before = doc.get_heads();
            let out = f(&mut doc, now)?;
            doc.commit_with(automerge::transaction::CommitOptions::default().with_time(now / 1000));
            docs::append(tx, &meta, &mut doc, &before, true, now)?;
            index::reindex(tx, meta.doc_type, &doc)?;
            Ok(out)
        })
    }

    /// One request with its sign-up view.
    pub fn request(&self, id: DocId) -> Result<RequestView> {
        self.store
            .read(|c| index::request(c, id))?
            .ok_or(Error::UnknownRequest(id))
    }

    /// Requests, open before finished, then urgent first, then nearest to me (same building,
    /// same estate, the community), then newest.
    pub fn list_requests(&self, filter: &RequestFilter) -> Result<Vec<RequestView>> {
        let me = self.identity()?;
        let groups = self.groups()?;
        let hood = Neighbourhood::new(me.as_ref(), &groups);
        let scope: Vec<DocId> = match filter.group {
            Some(root) => {
                let inside: Vec<DocId> = groups.iter().map(|g| g.id).filter(|g| hood.within(*g, root)).collect();
                if inside.is_empty() { vec![root] } else { inside }
            }
            None => Vec::new(),
        };
        let mut list = self.store.read(|c| index::requests(c, &scope, filter.status))?;
        list.sort_by(|a, b| hood.compare(a, b));
        Ok(list)
    }

    // ---- replication (used by the sync client) ----

    /// Documents with changes made here that the relay has not acknowledged.
    pub fn unsynced_docs(&self) -> Result<Vec<DocId>> {
        self.store.read(docs::unsynced)
    }

    /// What the relay lacks of a document: the changes after the heads it is known to hold,
    /// with the metadata as of this read.
    pub fn changes_for_relay(&self, id: DocId) -> Result<Option<(docs::DocMeta, Vec<Change>)>> {
        self.store.read(|c| {
            Ok(docs::load(c, id)?.map(|(mut doc, meta)| {
                let changes = doc.get_changes(&meta.relay_heads);
                (meta, changes)
            }))
        })
    }

    /// Merges changes received from the relay into a document, creating it if new to this
    /// device. Returns true if anything changed. Nothing is written if the changes do not
    /// decode. When `relay_has_all` is set and the document has no unsynced local changes, its
    /// relay heads move to the merged heads.
    pub fn apply_remote(&self, id: DocId, doc_type: DocKind, group_id: DocId, changes: Vec<Change>) -> Result<bool> {
        let batch = vec![RemoteChanges::changes(id, doc_type, group_id, changes)];
        let (changed, ()) = self.apply_remote_batch(batch, |_| Ok(()))?;
        Ok(!changed.is_empty())
    }

    /// Merges the changes of several documents received from the relay in one transaction, then
    /// runs `also` in that same transaction (the sync client records acknowledgements and feed
    /// positions there), so a sync response is applied whole or not at all. Events are announced
    /// after the commit. Returns the documents that changed, in the order given, and what `also`
    /// returned.
    pub fn apply_remote_batch<T>(
        &self,
        batch: Vec<RemoteChanges>,
        also: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<(Vec<DocId>, T)> {
        let now = self.now();
        let mut events = Vec::new();
        let (changed, out) = self.store.write(|tx| {
            let mut changed = Vec::new();
            for doc in batch {
                let (id, doc_type, group_id) = (doc.id, doc.doc_type, doc.group_id);
                if received::merge(tx, doc, now)? {
                    if !changed.contains(&id) {
                        changed.push(id);
                    }
                    events.push(Event::changed(doc_type, id, group_id, Origin::Remote));
                }
            }
            Ok((changed, also(tx)?))
        })?;
        for event in events {
            self.emit(event);
        }
        Ok((changed, out))
    }

    /// Records that the relay acknowledged local changes up to `local_seq` and holds `heads`.
    pub fn mark_synced(&self, id: DocId, local_seq: i64, heads: &[automerge::ChangeHash]) -> Result<()> {
        self.store.write(|tx| docs::mark_synced(tx, id, local_seq, heads))
    }

    /// Changes this device made that the relay refused, newest first, each with the relay's
    /// reason. They left the outbox (nothing waits on them) and the documents were rebuilt
    /// without them; their bytes stay in the store.
    pub fn refused(&self) -> Result<Vec<RefusedChange>> {
        self.store.read(refused::list)
    }

    /// The current heads of a document.
    pub fn heads(&self, id: DocId) -> Result<Vec<automerge::ChangeHash>> {
        self.store
            .read(|c| Ok(docs::load(c, id)?.map(|(mut d, _)| d.get_heads()).unwrap_or_default()))
    }

    /// A document's full saved form (for tests and export).
    pub fn save_doc(&self, id: DocId) -> Result<Option<Vec<u8>>> {
        self.store.read(|c| Ok(docs::load(c, id)?.map(|(mut d, _)| d.save())))
    }
}
