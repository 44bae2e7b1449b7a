//! A light device for the benchmark: its documents are bare Automerge documents in memory (no
//! SQLite), so a hundred of them fit in one process and the time goes to the relay. It speaks
//! the same protocol as a phone: CBOR sync bodies, feed cursors, changes since the relay's
//! known heads.

use jinlin_model::DocKind;
use std::collections::HashMap;

use anyhow::{Context, bail};
use automerge::{AutoCommit, Change, ChangeHash};
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::docs::request::{self, Actor};
use jinlin_model::protocol::{
    self, AckResult, CBOR, CreateInvite, DocChanges, GroupCursor, Invite, PROTOCOL_VERSION, RedeemInvite,
    RegisterRequest, RegisterResponse, SyncRequest, SyncResponse,
};
use jinlin_model::{DocId, GroupKind, MemberId, NewRequest, RequestKind, Role};
use serde_bytes::ByteBuf;

/// Milliseconds since the epoch, for document timestamps.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

struct Doc {
    doc_type: DocKind,
    group: DocId,
    am: AutoCommit,
    relay_heads: Vec<ChangeHash>,
}

/// What one exchange moved.
#[derive(Debug, Default, Clone, Copy)]
pub struct Moved {
    /// HTTP round trips.
    pub round_trips: u32,
    /// Raw change bytes uploaded.
    pub raw_up: usize,
    /// Raw change bytes received.
    pub raw_down: usize,
    /// Changes uploaded.
    pub changes_up: usize,
    /// Changes received.
    pub changes_down: usize,
}

/// A device.
pub struct BenchDevice {
    pub member: MemberId,
    name: String,
    token: String,
    http: reqwest::Client,
    url: String,
    docs: HashMap<DocId, Doc>,
    order: Vec<DocId>,
    cursors: HashMap<DocId, u64>,
}

impl BenchDevice {
    /// Registers a new device.
    pub async fn register(http: &reqwest::Client, url: &str, name: &str) -> anyhow::Result<Self> {
        let member = MemberId::random();
        let res = http
            .post(format!("{url}/v1/devices"))
            .json(&RegisterRequest {
                member_id: member,
                name: name.into(),
                token: None,
                device_key: None,
            })
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("register: {}", res.status());
        }
        let res: RegisterResponse = res.json().await?;
        Ok(BenchDevice {
            member,
            name: name.into(),
            token: res.token,
            http: http.clone(),
            url: url.into(),
            docs: HashMap::new(),
            order: Vec::new(),
            cursors: HashMap::new(),
        })
    }

    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    fn hold(&mut self, id: DocId, doc_type: DocKind, group: DocId, am: AutoCommit) {
        self.order.push(id);
        self.docs.insert(
            id,
            Doc {
                doc_type,
                group,
                am,
                relay_heads: Vec::new(),
            },
        );
    }

    /// Creates a community (uploaded at the next sync).
    pub fn create_group(&mut self, name: &str) -> anyhow::Result<DocId> {
        self.create_in(GroupKind::Community, name, None)
    }

    /// Creates a group of `kind`, inside `parent` if given (uploaded at the next sync).
    pub fn create_in(&mut self, kind: GroupKind, name: &str, parent: Option<DocId>) -> anyhow::Result<DocId> {
        let id = DocId::random();
        let entry = MemberEntry {
            name: self.name.clone(),
            role: Role::Staff,
            skills: vec![],
            building: Some("3".into()),
            unit: Some("101".into()),
        };
        let doc = group::create(id, kind, name, parent, self.member, &entry, now())?;
        self.hold(id, DocKind::Group, id, doc);
        Ok(id)
    }

    /// Raises a request (uploaded at the next sync).
    pub fn raise(&mut self, group: DocId, text: &str) -> anyhow::Result<DocId> {
        let id = DocId::random();
        let req = NewRequest::new(group, RequestKind::Errand, text);
        let me = Actor {
            id: self.member,
            name: &self.name,
        };
        let doc = request::create(id, &req, me, now())?;
        self.hold(id, DocKind::Request, group, doc);
        Ok(id)
    }

    /// Raises an urgent hospital ride in `building` (uploaded at the next sync); used by the
    /// urgent-alert benchmark.
    #[allow(dead_code)]
    pub fn raise_urgent(&mut self, group: DocId, text: &str, building: &str) -> anyhow::Result<DocId> {
        let id = DocId::random();
        let mut req = NewRequest::new(group, RequestKind::Hospital, text);
        req.urgent = true;
        req.place.building = Some(building.into());
        let me = Actor {
            id: self.member,
            name: &self.name,
        };
        let doc = request::create(id, &req, me, now())?;
        self.hold(id, DocKind::Request, group, doc);
        Ok(id)
    }

    /// Comments on a request.
    pub fn comment(&mut self, id: DocId, text: &str) -> anyhow::Result<()> {
        let me = Actor {
            id: self.member,
            name: &self.name,
        };
        let doc = self.docs.get_mut(&id).context("no such document on this device")?;
        request::comment(&mut doc.am, me, text, now())?;
        doc.am.commit();
        Ok(())
    }

    /// JSON call with the device's token.
    async fn call<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> anyhow::Result<T> {
        let res = self
            .http
            .post(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("{path}: {} {}", res.status(), res.text().await.unwrap_or_default());
        }
        Ok(res.json().await?)
    }

    /// Makes an invite code.
    pub async fn invite(&self, group: DocId, role: Role, uses: u32) -> anyhow::Result<String> {
        let invite: Invite = self
            .call(
                &format!("/v1/groups/{group}/invites"),
                &CreateInvite {
                    role,
                    uses,
                    expires_in_secs: 3600,
                    building: None,
                },
            )
            .await?;
        Ok(invite.code)
    }

    /// Redeems an invite code.
    pub async fn redeem(&self, code: &str) -> anyhow::Result<()> {
        self.redeem_at(code, None).await
    }

    /// Redeems an invite code, giving a home building.
    pub async fn redeem_at(&self, code: &str, building: Option<&str>) -> anyhow::Result<()> {
        let _: protocol::Membership = self
            .call(
                "/v1/invites/redeem",
                &RedeemInvite {
                    code: code.into(),
                    building: building.map(str::to_string),
                    unit: None,
                },
            )
            .await?;
        Ok(())
    }

    fn outgoing(&mut self) -> (SyncRequest, Vec<DocId>, usize, usize) {
        let mut docs = Vec::new();
        let mut sent = Vec::new();
        let (mut raw, mut count) = (0, 0);
        for id in &self.order {
            let Some(doc) = self.docs.get_mut(id) else {
                continue;
            };
            let heads = doc.am.get_heads();
            if heads == doc.relay_heads {
                continue;
            }
            let changes = doc.am.get_changes(&doc.relay_heads);
            raw += changes.iter().map(|c| c.raw_bytes().len()).sum::<usize>();
            count += changes.len();
            docs.push(DocChanges {
                doc_id: *id,
                doc_type: doc.doc_type,
                group_id: doc.group,
                changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
                saved: None,
            });
            sent.push(*id);
        }
        let cursors = self
            .cursors
            .iter()
            .map(|(g, c)| GroupCursor {
                group_id: *g,
                cursor: *c,
                catch_up: None,
            })
            .collect();
        (
            SyncRequest {
                version: PROTOCOL_VERSION,
                cursors,
                docs,
                accept_saved: false,
                signatures: Vec::new(),
            },
            sent,
            raw,
            count,
        )
    }

    /// One POST /v1/sync. With `apply`, received changes are merged into the device's
    /// documents; without, they are only counted (the throughput run keeps the client cheap).
    pub async fn exchange(&mut self, apply: bool) -> anyhow::Result<(SyncResponse, Moved)> {
        let (req, sent, raw_up, changes_up) = self.outgoing();
        let res = self
            .http
            .post(format!("{}/v1/sync", self.url))
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, CBOR)
            .body(protocol::encode(&req))
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("sync: {} {}", res.status(), res.text().await.unwrap_or_default());
        }
        let res: SyncResponse = protocol::decode(&res.bytes().await?)?;
        let mut moved = Moved {
            round_trips: 1,
            raw_up,
            changes_up,
            ..Moved::default()
        };
        for d in &res.docs {
            moved.changes_down += d.changes.len();
            moved.raw_down += d.changes.iter().map(|c| c.len()).sum::<usize>();
            if !apply {
                continue;
            }
            if !self.docs.contains_key(&d.doc_id) {
                self.hold(
                    d.doc_id,
                    d.doc_type,
                    d.group_id,
                    AutoCommit::new().with_actor(self.member.actor()),
                );
            }
            let changes = d
                .changes
                .iter()
                .map(|b| Change::from_bytes(b.to_vec()))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(doc) = self.docs.get_mut(&d.doc_id) {
                doc.am.apply_changes(changes)?;
            }
        }
        for ack in &res.acks {
            if ack.result != AckResult::Stored {
                bail!("the relay did not store {}: {:?}", ack.doc_id, ack.result);
            }
        }
        // Every local change went up in this exchange (the benchmark makes changes only between
        // syncs), so the relay now holds whatever the device holds of these documents.
        let touched = sent.iter().copied().chain(res.docs.iter().map(|d| d.doc_id));
        for id in touched.collect::<Vec<_>>() {
            if let Some(doc) = self.docs.get_mut(&id) {
                doc.relay_heads = doc.am.get_heads();
            }
        }
        for c in &res.cursors {
            self.cursors.insert(c.group_id, c.cursor);
        }
        Ok((res, moved))
    }

    /// Syncs until the relay has nothing more.
    pub async fn sync(&mut self, apply: bool) -> anyhow::Result<Moved> {
        let mut total = Moved::default();
        loop {
            let (res, m) = self.exchange(apply).await?;
            total.round_trips += m.round_trips;
            total.raw_up += m.raw_up;
            total.raw_down += m.raw_down;
            total.changes_up += m.changes_up;
            total.changes_down += m.changes_down;
            if !res.more {
                return Ok(total);
            }
        }
    }
}
