//! The relay seen from the wire, for tests of the protocol itself: a raw HTTP [`Client`] that
//! reads every status and body ([`Answer`]), and a [`WireDevice`], a real device (its own SQLite
//! store, the relay's clock) whose sync exchange is built by hand, so a test can send exactly
//! what a phone would, or what no honest phone would.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use automerge::Change;
use jinlin_core::{Device, DocId, GroupKind, MemberId, Millis, NewRequest, RequestKind, Role};
use jinlin_model::protocol::{
    self, AckResult, CBOR, CreateInvite, DocChanges, GroupCursor, Invite, Membership, PROTOCOL_VERSION, RedeemInvite,
    RegisterRequest, RegisterResponse, SyncRequest, SyncResponse,
};
use reqwest::StatusCode;
use serde_bytes::ByteBuf;
use tempfile::TempDir;

use crate::Relay;

/// The hand-set time relay tests start at.
pub const START: Millis = 1_760_000_000_000;

impl Relay {
    /// A raw HTTP client for this relay, without a token.
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::new(),
            url: self.url(),
            token: None,
        }
    }

    /// A registered [`WireDevice`] with its own store, on this relay's clock.
    pub async fn device(&self, name: &str) -> WireDevice {
        self.device_at(name, &self.url()).await
    }

    /// A [`WireDevice`] registered with the relay at `url`, on this relay's clock.
    pub async fn device_at(&self, name: &str, url: &str) -> WireDevice {
        let dir = tempfile::tempdir().expect("tempdir");
        let device =
            Device::open_with_clock(dir.path().join("device.db"), Arc::new(self.clock().clone())).expect("open");
        let me = device.set_identity(name, Some("3"), Some("1202")).expect("identity");
        let mut client = Client {
            http: reqwest::Client::new(),
            url: url.to_string(),
            token: None,
        };
        let res: RegisterResponse = client
            .json(
                reqwest::Method::POST,
                "/v1/devices",
                &RegisterRequest {
                    member_id: me.member_id,
                    name: name.into(),
                    token: None,
                    device_key: None,
                },
            )
            .await
            .expect_status(StatusCode::CREATED)
            .parse();
        client.token = Some(res.token);
        WireDevice {
            device,
            member_id: me.member_id,
            client,
            cursors: Mutex::new(HashMap::new()),
            _dir: dir,
        }
    }

    /// A staff device with a community holding one synced one-slot hospital-ride request.
    pub async fn community_with_request(&self) -> (WireDevice, DocId, DocId) {
        let staff = self.device("Chen Jie").await;
        let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
        let request = staff.device.raise(hospital_ride(community, 1)).expect("raise");
        staff.sync().await;
        (staff, community, request)
    }
}

/// An HTTP client, with a bearer token once registered.
#[derive(Debug, Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub url: String,
    pub token: Option<String>,
}

/// A status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Answer {
    #[track_caller]
    pub fn expect_status(self, status: StatusCode) -> Answer {
        assert_eq!(
            self.status,
            status,
            "unexpected answer: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }

    #[track_caller]
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The JSON error body's `error` code.
    #[track_caller]
    pub fn error_code(&self) -> String {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        let body: protocol::ErrorBody = self.parse();
        body.error
    }
}

impl Client {
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            token: Some(token.to_string()),
            ..self.clone()
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let req = self.http.request(method, format!("{}{path}", self.url));
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let res = req.send().await.expect("relay answers");
        let status = res.status();
        let content_type = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = res.bytes().await.expect("body").to_vec();
        Answer {
            status,
            content_type,
            body,
        }
    }

    pub async fn json(&self, method: reqwest::Method, path: &str, body: &impl serde::Serialize) -> Answer {
        self.send(self.request(method, path).json(body)).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.request(reqwest::Method::DELETE, path)).await
    }

    pub async fn post_bytes(&self, path: &str, body: Vec<u8>) -> Answer {
        self.send(
            self.request(reqwest::Method::POST, path)
                .header(reqwest::header::CONTENT_TYPE, CBOR)
                .body(body),
        )
        .await
    }

    /// Posts a sync request and decodes the answer.
    pub async fn sync(&self, req: &SyncRequest) -> SyncResponse {
        let answer = self
            .post_bytes("/v1/sync", protocol::encode(req))
            .await
            .expect_status(StatusCode::OK);
        assert_eq!(answer.content_type, CBOR);
        protocol::decode(&answer.body).expect("sync response decodes")
    }

    pub async fn invite(&self, group: DocId, role: Role, uses: u32, expires_in_secs: u64) -> Answer {
        self.json(
            reqwest::Method::POST,
            &format!("/v1/groups/{group}/invites"),
            &CreateInvite {
                role,
                uses,
                expires_in_secs,
                // A leader's invite names the building it leads (the one `redeem` gives).
                building: (role == Role::BuildingLeader).then(|| "3".into()),
            },
        )
        .await
    }

    pub async fn redeem(&self, code: &str) -> Answer {
        self.json(
            reqwest::Method::POST,
            "/v1/invites/redeem",
            &RedeemInvite {
                code: code.into(),
                building: Some("3".into()),
                unit: Some("1202".into()),
            },
        )
        .await
    }

    pub async fn memberships(&self) -> Vec<Membership> {
        self.get("/v1/groups").await.expect_status(StatusCode::OK).parse()
    }
}

/// A device that syncs by hand: its own store, its relay client and its feed cursors.
#[derive(Debug)]
pub struct WireDevice {
    pub device: Device,
    pub member_id: MemberId,
    pub client: Client,
    pub cursors: Mutex<HashMap<DocId, u64>>,
    _dir: TempDir,
}

impl std::ops::Deref for WireDevice {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

impl WireDevice {
    /// What the device would send: every unsynced document's changes the relay lacks.
    pub fn outgoing(&self) -> (SyncRequest, Vec<(DocId, i64)>) {
        let mut docs = Vec::new();
        let mut seqs = Vec::new();
        for id in self.device.unsynced_docs().expect("unsynced") {
            let (meta, changes) = self.device.changes_for_relay(id).expect("changes").expect("doc");
            seqs.push((id, meta.local_seq));
            docs.push(DocChanges {
                doc_id: id,
                doc_type: meta.doc_type,
                group_id: meta.group_id,
                changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
                saved: None,
            });
        }
        let cursors = self
            .cursors
            .lock()
            .expect("cursors")
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
            seqs,
        )
    }

    /// Takes in an answer: merges the changes, records acknowledgements and cursors.
    pub fn take_in(&self, res: &SyncResponse, sent: &[(DocId, i64)]) {
        for d in &res.docs {
            let changes: Vec<Change> = d
                .changes
                .iter()
                .map(|b| Change::from_bytes(b.to_vec()).expect("relay sends valid changes"))
                .collect();
            self.device
                .apply_remote(d.doc_id, d.doc_type, d.group_id, changes)
                .expect("apply remote");
        }
        for ack in &res.acks {
            if ack.result == AckResult::Stored
                && let Some((_, seq)) = sent.iter().find(|(id, _)| *id == ack.doc_id)
            {
                let heads = self.device.heads(ack.doc_id).expect("heads");
                self.device.mark_synced(ack.doc_id, *seq, &heads).expect("mark synced");
            }
        }
        let mut cursors = self.cursors.lock().expect("cursors");
        for c in &res.cursors {
            cursors.insert(c.group_id, c.cursor);
        }
    }

    /// One full sync: send, receive, apply; repeats while the relay says `more`.
    pub async fn sync(&self) -> SyncResponse {
        let (req, sent) = self.outgoing();
        let res = self.client.sync(&req).await;
        self.take_in(&res, &sent);
        let mut last = res.clone();
        while last.more {
            let (req, sent) = self.outgoing();
            last = self.client.sync(&req).await;
            self.take_in(&last, &sent);
        }
        res
    }

    /// A copy of one of the device's documents that writes as `actor`.
    pub fn doc_as(&self, id: DocId, actor: automerge::ActorId) -> automerge::AutoCommit {
        let saved = self.device.save_doc(id).expect("save").expect("doc");
        automerge::AutoCommit::load(&saved).expect("load").with_actor(actor)
    }

    /// Creates a group locally and uploads it; the device becomes its staff.
    pub async fn create_group(&self, name: &str, kind: GroupKind, parent: Option<DocId>) -> DocId {
        let id = self.device.create_group(name, kind, parent).expect("group");
        let res = self.sync().await;
        let ack = res.acks.iter().find(|a| a.doc_id == id).expect("ack");
        assert_eq!(ack.result, AckResult::Stored, "group {name} stored");
        id
    }

    /// Makes an invite (as this device) and redeems it with `other`.
    pub async fn admit(&self, other: &WireDevice, group: DocId, role: Role) -> Membership {
        let invite: Invite = self
            .client
            .invite(group, role, 1, 3600)
            .await
            .expect_status(StatusCode::CREATED)
            .parse();
        other
            .client
            .redeem(&invite.code)
            .await
            .expect_status(StatusCode::OK)
            .parse()
    }
}

/// A one-request urgent hospital ride in `group` for `slots` volunteers.
pub fn hospital_ride(group: DocId, slots: i64) -> NewRequest {
    let mut r = NewRequest::new(
        group,
        RequestKind::Hospital,
        "Please drive me to the maternity hospital",
    );
    r.slots = slots;
    r.urgent = true;
    r
}
