//! The wire protocol between devices and the relay: message types and their encoding.
//! `docs/PROTOCOL.md` explains the exchange; this file is its source of truth.
//!
//! Control calls (register, invites, groups) are small JSON bodies. Sync bodies and live-channel
//! frames are CBOR with change bytes carried as raw byte strings, never base64. Every binary
//! message starts with the protocol version, so a relay can refuse a version it does not speak
//! with a clear 400 instead of misreading it.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::ids::{DocId, MemberId};
use crate::kinds::{DocKind, Role};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// Content type of binary bodies.
pub const CBOR: &str = "application/cbor";
/// Largest request body the relay accepts (a larger one gets 413).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The relay stops adding changes to a sync response past this many bytes and sets `more`.
pub const RESPONSE_BUDGET_BYTES: usize = 4 * 1024 * 1024;
/// The client packs at most this many change bytes into one sync request.
pub const UPLOAD_BUDGET_BYTES: usize = 6 * 1024 * 1024;

/// `POST /v1/devices`: a device introduces itself and the secret token it will use.
///
/// The device makes the token itself (32 random bytes as 64 hex digits) and keeps it before
/// sending, so sending the same registration again, when an answer was lost, succeeds instead
/// of finding the member id taken. Without a token (older builds) the relay makes one.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterRequest {
    /// The member id the device made for itself.
    pub member_id: MemberId,
    /// Display name.
    pub name: String,
    /// The bearer token the device chose; with `Authorization: Bearer <current token>` it
    /// replaces that token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The device's Ed25519 public key (64 hex digits), which the membership credentials the
    /// relay issues name (`GET /v1/credentials`). Devices of older builds send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
}

impl std::fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("member_id", &self.member_id)
            .field("name", &self.name)
            .field("token", &self.token.as_ref().map(|_| "<secret>"))
            .field("device_key", &self.device_key)
            .finish()
    }
}

/// The answer to [`RegisterRequest`]: the token the device authenticates with from now on (its
/// own, or one the relay made). The relay keeps only a hash of the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterResponse {
    /// The member id, as registered.
    pub member_id: MemberId,
    /// Bearer token for every later call.
    pub token: String,
    /// The relay's Ed25519 public key (64 hex digits), which the device pins to check the
    /// credentials of peers; sent to a device that sent its own key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_key: Option<String>,
}

impl std::fmt::Debug for RegisterResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisterResponse")
            .field("member_id", &self.member_id)
            .field("token", &"<secret>")
            .field("relay_key", &self.relay_key)
            .finish()
    }
}

/// `GET /v1/credentials`: what a device needs to sync with its neighbours' phones when the
/// relay cannot be reached (`jinlin_model::peer`): the relay's public key, a fresh membership
/// credential per community the member belongs to, and the members whose phones were revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The relay's Ed25519 public key (64 hex digits), as pinned at registration.
    pub relay_key: String,
    /// One credential per community, signed by that key.
    pub credentials: Vec<crate::peer::credential::SignedCredential>,
    /// Members whose devices were revoked or signed out: their credentials are refused.
    pub revoked: Vec<MemberId>,
}

/// `POST /v1/groups/{group_id}/invites`: staff (or a leader, for residents) make an invite code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateInvite {
    /// The role the invitee gets.
    pub role: Role,
    /// How many times the code may be redeemed.
    pub uses: u32,
    /// Seconds until the code expires.
    pub expires_in_secs: u64,
    /// The building a building-leader invite leads (required for one, refused for others): the
    /// redeemer cannot choose another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

/// An invite code and its terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    /// The code to share.
    pub code: String,
    /// The group it admits to.
    pub group_id: DocId,
    /// The role it grants.
    pub role: Role,
    /// Redemptions left.
    pub uses_left: u32,
    /// Expiry, in milliseconds since the epoch.
    pub expires_at: Millis,
}

/// `POST /v1/invites/redeem`: join a group with a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedeemInvite {
    /// The code.
    pub code: String,
    /// Home building, written into the member entry.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
}

/// A device's membership of one group, as the relay records it (kept with the group tree it
/// places the member in).
pub use crate::docs::group::tree::Membership;

/// An error body from the relay (JSON for control calls).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A short machine-readable code ("not_found", "too_large", ...).
    pub error: String,
    /// A sentence for a person.
    pub message: String,
}

/// The changes of one document, in an order where every change follows its dependencies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocChanges {
    /// The document.
    pub doc_id: DocId,
    /// Its kind, sent as its word ("group", "request", "household" or "report").
    pub doc_type: DocKind,
    /// The group it belongs to (a group document belongs to itself).
    pub group_id: DocId,
    /// The whole document in Automerge's compacted `save()` form, holding its history up to
    /// some feed position; `changes` come after it. Only in sync answers, only to a device that
    /// set [`SyncRequest::accept_saved`], and only for a document the device holds none of. An
    /// older device never sees it; an upload carrying it is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<ByteBuf>,
    /// Raw Automerge change bytes.
    pub changes: Vec<ByteBuf>,
}

impl DocChanges {
    /// A document's changes, without a saved form.
    pub fn new(doc_id: DocId, doc_type: DocKind, group_id: DocId, changes: Vec<ByteBuf>) -> Self {
        DocChanges {
            doc_id,
            doc_type,
            group_id,
            saved: None,
            changes,
        }
    }

    /// Bytes of Automerge data it carries (saved form and changes).
    pub fn data_bytes(&self) -> usize {
        self.saved.as_ref().map_or(0, |s| s.len()) + self.changes.iter().map(|c| c.len()).sum::<usize>()
    }
}

/// Where a device stands in one group's feed on the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCursor {
    /// The group.
    pub group_id: DocId,
    /// The feed position: everything up to and including it has been received.
    pub cursor: u64,
    /// A download of whole documents still under way (set by the relay, sent back unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catch_up: Option<CatchUp>,
}

impl GroupCursor {
    /// A plain feed position.
    pub fn at(group_id: DocId, cursor: u64) -> Self {
        GroupCursor {
            group_id,
            cursor,
            catch_up: None,
        }
    }
}

/// A download that sends documents whole, spread over several answers. Every document whose
/// first feed entry lies in `(from, upto]` is sent whole, as of feed position `upto`, in the
/// answer that reaches its first entry; its later entries up to `upto` are never sent again.
/// The relay states it with the cursor while `cursor < upto` and drops it once past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatchUp {
    /// The device's position when the download began.
    pub from: u64,
    /// The feed position the whole documents are taken at.
    pub upto: u64,
}

/// `POST /v1/sync` body: what the device did, and where it stands in each feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// [`PROTOCOL_VERSION`].
    pub version: u32,
    /// Feed positions; a group not listed starts from 0 (its whole history).
    pub cursors: Vec<GroupCursor>,
    /// Local changes the relay may lack.
    pub docs: Vec<DocChanges>,
    /// The device reads documents in their saved form ([`DocChanges::saved`]). Absent (false)
    /// from older devices, which then receive change lists only.
    #[serde(default, skip_serializing_if = "is_false")]
    pub accept_saved: bool,
    /// Signatures of changes in `docs` written by other members, carried for them (received
    /// from a neighbour's phone with no relay in reach): the relay stores such a change as its
    /// author's when the signature verifies with the key the author's device registered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<ChangeSignature>,
}

/// A change's author's signature ([`crate::peer::authorship`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSignature {
    /// The change's hash.
    pub hash: ByteBuf,
    /// The Ed25519 signature of its author's device over it.
    pub signature: ByteBuf,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What the relay did with one uploaded document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum AckResult {
    /// Stored (or already held): the relay now has every uploaded change.
    Stored,
    /// Some changes depend on history the relay lacks: send the whole document next time.
    NeedHistory,
    /// Refused; the reason says why. The device keeps its data.
    Rejected {
        /// Why.
        reason: String,
    },
}

/// The relay's verdict on one uploaded document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocAck {
    /// The document.
    pub doc_id: DocId,
    /// What happened.
    #[serde(flatten)]
    pub result: AckResult,
    /// With a refusal: the hash (hex) of the first uploaded change the relay refuses, when one
    /// change is to blame. The device then sets aside that change and the changes made after it
    /// on top of it, and sends the rest; without it, the device sets aside the whole upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
}

/// `POST /v1/sync` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// [`PROTOCOL_VERSION`].
    pub version: u32,
    /// One per uploaded document.
    pub acks: Vec<DocAck>,
    /// Changes the device lacks, in feed order (minus the ones it just sent).
    pub docs: Vec<DocChanges>,
    /// New feed positions for every group the device can read.
    pub cursors: Vec<GroupCursor>,
    /// More changes are waiting: sync again.
    pub more: bool,
    /// The device's memberships.
    pub memberships: Vec<Membership>,
}

/// A frame the relay sends on the live channel (`GET /v1/live`, WebSocket, binary frames).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum LiveMessage {
    /// Changes to a document in one of the device's groups; `cursor` is their feed position.
    Changes {
        /// [`PROTOCOL_VERSION`].
        version: u32,
        /// Feed position of the last change in `doc`.
        cursor: u64,
        /// The changes.
        doc: DocChanges,
    },
    /// The device fell behind (or its memberships changed): run a sync.
    Resync {
        /// [`PROTOCOL_VERSION`].
        version: u32,
    },
    /// Urgent help is needed nearby: this member is alerted. `doc` carries the whole request
    /// document, so a member alerted from outside the request's group can read it.
    Alert {
        /// [`PROTOCOL_VERSION`].
        version: u32,
        /// What is needed, for the notification.
        alert: AlertSummary,
        /// The request document.
        doc: DocChanges,
    },
    /// Enough people are coming: the alert about `request` is over.
    NoLongerNeeded {
        /// [`PROTOCOL_VERSION`].
        version: u32,
        /// The request.
        request: DocId,
    },
    /// A person paired with this member has not checked in today: knock on her door.
    CheckinMissed {
        /// [`PROTOCOL_VERSION`].
        version: u32,
        /// Who and where.
        alert: crate::checkin::wire::CheckinAlert,
    },
    /// The alarm about a missed check-in is over (someone looked in, or she checked in).
    CheckinOver {
        /// [`PROTOCOL_VERSION`].
        version: u32,
        /// The pairing.
        pairing: DocId,
    },
}

/// What an urgent alert says, enough for a notification without opening the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSummary {
    /// The request.
    pub request: DocId,
    /// Its group.
    pub group_id: DocId,
    /// The wave this member was alerted in (1: building and nearest, 2: estate, 3: community).
    pub wave: u8,
    /// What kind of help.
    pub kind: crate::kinds::RequestKind,
    /// Who needs help.
    pub requester: String,
    /// Where to go: the building, if known (the requester's home, or the neighbour's the
    /// request was raised for).
    pub building: Option<String>,
    /// And the unit in it, if known. Absent in alerts from older relays.
    #[serde(default)]
    pub unit: Option<String>,
    /// What is needed, in the requester's words (shortened).
    pub text: String,
    /// Volunteers needed.
    pub slots: u32,
}

impl AlertSummary {
    /// Where to go, in words ("building 3, unit 1202"), if the request says.
    pub fn place(&self) -> Option<String> {
        crate::docs::request::view::place_words(self.building.as_deref(), self.unit.as_deref())
    }
}

/// `PUT /v1/me/availability`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    /// Whether this member may be alerted.
    pub available: bool,
}

/// `PUT /v1/me/quiet-hours` (a JSON `null` body clears them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHoursSetting {
    /// Start, local time `HH:MM`.
    pub start: String,
    /// End, local time `HH:MM` (before `start`: spans midnight).
    pub end: String,
    /// Urgent medical requests still come through (default true).
    #[serde(default = "yes")]
    pub medical_through: bool,
}

fn yes() -> bool {
    true
}

/// `PUT /v1/me/home` (a JSON `null` body forgets it): where the member lives, so urgent
/// requests with a place reach the nearest first. The relay keeps it to itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HomeLocation {
    /// Latitude, degrees (-90 to 90).
    pub lat: f64,
    /// Longitude, degrees (-180 to 180).
    pub lon: f64,
}

impl HomeLocation {
    /// The location if both numbers are real coordinates.
    pub fn checked(lat: f64, lon: f64) -> Option<HomeLocation> {
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(HomeLocation { lat, lon })
    }

    /// Parses `LAT,LON` ("24.4798,118.0894").
    pub fn parse(text: &str) -> Option<HomeLocation> {
        let (lat, lon) = text.split_once(',')?;
        Self::checked(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
    }
}

/// Kinds of push a device can register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    /// Firebase Cloud Messaging (Android).
    Fcm,
    /// Apple Push Notification service (iOS).
    Apns,
    /// The relay's signed webhook (an SMS or messaging gateway); the token is the address the
    /// gateway understands.
    Webhook,
    /// Huawei and Honor phones' Push Kit (mainland China has no FCM).
    Huawei,
    /// Xiaomi phones' MiPush.
    Xiaomi,
}

impl PushKind {
    /// Its name on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            PushKind::Fcm => "fcm",
            PushKind::Apns => "apns",
            PushKind::Webhook => "webhook",
            PushKind::Huawei => "huawei",
            PushKind::Xiaomi => "xiaomi",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<PushKind> {
        match s {
            "fcm" => Some(PushKind::Fcm),
            "apns" => Some(PushKind::Apns),
            "webhook" => Some(PushKind::Webhook),
            "huawei" => Some(PushKind::Huawei),
            "xiaomi" => Some(PushKind::Xiaomi),
            _ => None,
        }
    }
}

/// `PUT /v1/me/push`: where to reach this device when it is offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRegistration {
    /// The service.
    pub kind: PushKind,
    /// The device's token with that service.
    pub token: String,
}

/// `PUT /v1/me/language`: the language this member reads the relay's pushes and gateway texts
/// in. A member who never set one (every phone before this call) reads Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSetting {
    /// `"zh-Hans"` or `"en"`.
    pub language: crate::language::Language,
}

/// `POST /v1/dashboard/approve`: a phone approves the sign-in code a browser shows on the
/// relay's dashboard (`/dashboard`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardApprove {
    /// The code as shown (`ABCD-EFGH`; case, spaces and dashes do not matter).
    pub code: String,
}

/// The answer to [`DashboardApprove`]: the browser is signed in as this member until then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardApproval {
    /// The member the browser acts as.
    pub member_id: MemberId,
    /// When its session ends, at the latest.
    pub expires_at: Millis,
}

/// `GET /v1/requests/{id}/alerts`: "alerted 8 · seen 5 · 2 coming".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertReceipts {
    /// The request.
    pub request: DocId,
    /// The wave now running.
    pub wave: u8,
    /// Members alerted so far.
    pub alerted: u32,
    /// Alerts that reached a phone (live channel or accepted by a push service).
    pub delivered: u32,
    /// Alerts the member has looked at.
    pub seen: u32,
    /// Members who declined.
    pub declined: u32,
    /// Volunteers confirmed.
    pub coming: u32,
    /// Slots to fill.
    pub slots: u32,
    /// The dispatch is over (slots filled or request closed).
    pub finished: bool,
}

/// Encodes a binary message.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail for these types.
    if let Err(e) = ciborium::into_writer(msg, &mut out) {
        tracing::error!(error = %e, "encoding a protocol message failed");
    }
    out
}

/// Decodes a binary message, refusing malformed input and other protocol versions.
pub fn decode<T: for<'de> Deserialize<'de> + Versioned>(bytes: &[u8]) -> Result<T> {
    let msg: T = ciborium::from_reader(bytes).map_err(|e| Error::Protocol(e.to_string()))?;
    if msg.version() != PROTOCOL_VERSION {
        return Err(Error::Protocol(format!(
            "protocol version {} is not supported (this build speaks {PROTOCOL_VERSION})",
            msg.version()
        )));
    }
    Ok(msg)
}

/// A message that carries the protocol version.
pub trait Versioned {
    /// The version the sender spoke.
    fn version(&self) -> u32;
}

impl Versioned for SyncRequest {
    fn version(&self) -> u32 {
        self.version
    }
}

impl Versioned for SyncResponse {
    fn version(&self) -> u32 {
        self.version
    }
}

impl Versioned for LiveMessage {
    fn version(&self) -> u32 {
        match self {
            LiveMessage::Changes { version, .. }
            | LiveMessage::Resync { version }
            | LiveMessage::Alert { version, .. }
            | LiveMessage::NoLongerNeeded { version, .. }
            | LiveMessage::CheckinMissed { version, .. }
            | LiveMessage::CheckinOver { version, .. } => *version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_messages_round_trip_with_raw_bytes() {
        let req = SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![GroupCursor::at(DocId::random(), 7)],
            docs: vec![DocChanges::new(
                DocId::random(),
                DocKind::Request,
                DocId::random(),
                vec![ByteBuf::from(vec![0u8; 1000])],
            )],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let bytes = encode(&req);
        assert!(
            bytes.len() < 1200,
            "change bytes are carried raw, not base64: {}",
            bytes.len()
        );
        assert_eq!(decode::<SyncRequest>(&bytes).ok(), Some(req));
    }

    #[test]
    fn garbage_and_other_versions_are_refused() {
        assert!(decode::<SyncRequest>(b"\xff\x00garbage").is_err());
        let future = SyncRequest {
            version: 99,
            cursors: vec![],
            docs: vec![],
            accept_saved: false,
            signatures: Vec::new(),
        };
        let err = decode::<SyncRequest>(&encode(&future)).expect_err("future version");
        assert!(err.to_string().contains("version 99"), "{err}");
    }

    /// The messages as a build before saved forms encoded them.
    mod before_saved_forms {
        use super::*;

        #[derive(Serialize, Deserialize)]
        pub struct DocChanges {
            pub doc_id: DocId,
            pub doc_type: String,
            pub group_id: DocId,
            pub changes: Vec<ByteBuf>,
        }

        #[derive(Serialize, Deserialize)]
        pub struct GroupCursor {
            pub group_id: DocId,
            pub cursor: u64,
        }

        #[derive(Serialize, Deserialize)]
        pub struct SyncRequest {
            pub version: u32,
            pub cursors: Vec<GroupCursor>,
            pub docs: Vec<DocChanges>,
        }
    }

    #[test]
    fn an_older_device_and_a_newer_one_read_each_others_requests() {
        let (doc, group) = (DocId::random(), DocId::random());
        let old = before_saved_forms::SyncRequest {
            version: PROTOCOL_VERSION,
            cursors: vec![before_saved_forms::GroupCursor {
                group_id: group,
                cursor: 3,
            }],
            docs: vec![before_saved_forms::DocChanges {
                doc_id: doc,
                doc_type: "request".into(),
                group_id: group,
                changes: vec![ByteBuf::from(vec![1, 2, 3])],
            }],
        };
        let new = decode::<SyncRequest>(&encode(&old)).expect("an older request decodes");
        assert!(!new.accept_saved, "an older device never asked for saved forms");
        assert_eq!(new.cursors, vec![GroupCursor::at(group, 3)]);
        assert_eq!(new.docs[0].saved, None);
        // Without saved forms and catch-ups a new message is byte for byte what an older build wrote.
        assert_eq!(encode(&new), encode(&old));
    }

    #[test]
    fn a_saved_form_and_a_catch_up_survive_the_round_trip() {
        let (doc, group) = (DocId::random(), DocId::random());
        let mut dc = DocChanges::new(doc, DocKind::Household, group, vec![ByteBuf::from(vec![9u8; 10])]);
        dc.saved = Some(ByteBuf::from(vec![7u8; 500]));
        let res = SyncResponse {
            version: PROTOCOL_VERSION,
            acks: vec![],
            docs: vec![dc.clone()],
            cursors: vec![GroupCursor {
                group_id: group,
                cursor: 10,
                catch_up: Some(CatchUp { from: 0, upto: 40 }),
            }],
            more: true,
            memberships: vec![],
        };
        let bytes = encode(&res);
        assert!(bytes.len() < 800, "saved forms travel as raw bytes: {}", bytes.len());
        assert_eq!(decode::<SyncResponse>(&bytes).ok(), Some(res));
        assert_eq!(dc.data_bytes(), 510);
    }
}
