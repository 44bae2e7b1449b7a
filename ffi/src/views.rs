//! What a shell shows, as uniffi records: each maps one to one from the core's view of the same
//! name. Ids cross as their text form and moments as `SystemTime` (`crate::time`).

use std::time::SystemTime;

use jinlin_core::{self as core, DocId};

use crate::error::JinlinError;
use crate::kinds::{GroupKind, RequestKind, Role, SignupState, Skill, Status, TeamKind};
use crate::numbers::{to_i32, to_i64};
use crate::time::to_system_time;

/// This device's member: the id it writes as, and the name and home neighbours see.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct IdentityView {
    /// The member id.
    pub member_id: String,
    /// Display name.
    pub name: String,
    /// Home building.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
}

/// A person named on a request: a member with a device, or a neighbour without one.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PersonView {
    /// The member, when the person has a device in Jinlin.
    pub member_id: Option<String>,
    /// Display name.
    pub name: String,
}

/// Where help is needed.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlaceView {
    /// Building, as the estate names it.
    pub building: Option<String>,
    /// Unit in the building.
    pub unit: Option<String>,
    /// Latitude, when known.
    pub lat: Option<f64>,
    /// Longitude, when known.
    pub lon: Option<f64>,
}

/// One active sign-up.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SignupView {
    /// The sign-up.
    pub id: String,
    /// Who signed up.
    pub member_id: String,
    /// Their display name.
    pub member_name: String,
    /// Confirmed, standby or tentative.
    pub state: SignupState,
    /// Picked by the requester by hand.
    pub picked: bool,
    /// The relay's arrival number, once known.
    pub relay_order: Option<i64>,
    /// When they signed up.
    pub at: SystemTime,
}

/// One comment on a request.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CommentView {
    /// Who wrote it.
    pub author_id: String,
    /// Their display name.
    pub author_name: String,
    /// The comment.
    pub text: String,
    /// When it was written.
    pub at: SystemTime,
}

/// A help request with its sign-ups, as every device computes it from the same document.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RequestView {
    /// The request.
    pub id: String,
    /// The group it was raised in.
    pub group_id: String,
    /// What kind of help.
    pub kind: RequestKind,
    /// Urgent requests come first and alert neighbours at once.
    pub urgent: bool,
    /// What is needed, in the requester's words; not hers to show when `standard`.
    pub text: String,
    /// The request says only what its kind, urgency and place say (the one-tap "take me to
    /// hospital" stores no text; an older app stored a standard sentence in the requester's
    /// language): the reader's phone words it from its own strings, in the reader's language.
    pub standard: bool,
    /// Open, in progress, done or cancelled.
    pub status: Status,
    /// How many volunteers are needed.
    pub slots: i32,
    /// Who needs help.
    pub requester: PersonView,
    /// Who pressed the button.
    pub raised_by: PersonView,
    /// Where.
    pub place: PlaceView,
    /// Active sign-ups: confirmed first, then standby, then tentative.
    pub signups: Vec<SignupView>,
    /// Comments, oldest first.
    pub comments: Vec<CommentView>,
    /// Raised at.
    pub created_at: SystemTime,
    /// Work started at.
    pub started_at: Option<SystemTime>,
    /// Marked done at.
    pub done_at: Option<SystemTime>,
    /// Cancelled at.
    pub cancelled_at: Option<SystemTime>,
    /// The requester's voice note, if she recorded one (play it with `voice_note`).
    pub voice: Option<crate::voice_note::VoiceNoteView>,
    /// True when a newer version of Jinlin wrote this request: some of it may not be shown.
    pub newer_schema: bool,
}

/// A member of a group.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MemberView {
    /// The member.
    pub member_id: String,
    /// Display name.
    pub name: String,
    /// Role in this group.
    pub role: Role,
    /// Skills offered.
    pub skills: Vec<Skill>,
    /// Home building.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
    /// Joined at.
    pub joined_at: SystemTime,
}

/// A skill team.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TeamView {
    /// The team's key.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The skill it gathers, if any.
    pub skill: Option<Skill>,
    /// Its members' ids.
    pub members: Vec<String>,
    /// Skill team, property service team or partner organisation.
    pub kind: TeamKind,
    /// Its leader's id, if staff named one.
    pub leader: Option<String>,
}

/// A neighbour group: a community, an estate or a building.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct GroupView {
    /// The group.
    pub id: String,
    /// Community, estate or building.
    pub kind: GroupKind,
    /// Its name.
    pub name: String,
    /// The group it sits in.
    pub parent: Option<String>,
    /// Members, by name.
    pub members: Vec<MemberView>,
    /// Skill teams, by name.
    pub teams: Vec<TeamView>,
    /// The group's time zone (an IANA name), if staff set one.
    pub time_zone: Option<String>,
    /// Created at.
    pub created_at: SystemTime,
    /// True when a newer version of Jinlin wrote this group.
    pub newer_schema: bool,
}

/// What a person fills in to ask for help.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewRequest {
    /// The group to ask in.
    pub group_id: String,
    /// What kind of help.
    pub kind: RequestKind,
    /// Urgent: alert the nearest neighbours at once.
    #[uniffi(default = false)]
    pub urgent: bool,
    /// What is needed, in the requester's own words; empty for an urgent request whose kind
    /// says it all (the one-tap "take me to hospital"), which every reader's phone words itself.
    #[uniffi(default = "")]
    pub text: String,
    /// How many volunteers (1 to 50).
    #[uniffi(default = 1)]
    pub slots: i64,
    /// The neighbour's name, when raised on behalf of someone without a phone.
    #[uniffi(default = None)]
    pub on_behalf_of: Option<String>,
    /// Building; defaults to the requester's home.
    #[uniffi(default = None)]
    pub building: Option<String>,
    /// Unit; defaults to the requester's home.
    #[uniffi(default = None)]
    pub unit: Option<String>,
    /// Where she is, latitude (with `lon`), when the phone may read its position: the nearest
    /// volunteers by distance are alerted first.
    #[uniffi(default = None)]
    pub lat: Option<f64>,
    /// Where she is, longitude (with `lat`).
    #[uniffi(default = None)]
    pub lon: Option<f64>,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct RequestFilter {
    /// Only this group and the groups inside it.
    #[uniffi(default = None)]
    pub group_id: Option<String>,
    /// Only this status.
    #[uniffi(default = None)]
    pub status: Option<Status>,
}

/// What changed, as a request listener hears it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RequestChange {
    /// The request.
    pub request_id: String,
    /// Its group.
    pub group_id: String,
    /// True when the change arrived from the relay, false when made on this device.
    pub remote: bool,
}

/// The connection to the relay, as a sync-state listener hears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SyncState {
    /// True while the relay can be reached.
    pub online: bool,
    /// Documents with changes the relay has not yet acknowledged.
    pub pending: i64,
}

impl From<core::Identity> for IdentityView {
    fn from(v: core::Identity) -> Self {
        Self {
            member_id: v.member_id.to_string(),
            name: v.name,
            building: v.building,
            unit: v.unit,
        }
    }
}

impl From<core::Person> for PersonView {
    fn from(v: core::Person) -> Self {
        Self {
            member_id: v.member_id.map(|m| m.to_string()),
            name: v.name,
        }
    }
}

impl From<core::Place> for PlaceView {
    fn from(v: core::Place) -> Self {
        Self {
            building: v.building,
            unit: v.unit,
            lat: v.lat,
            lon: v.lon,
        }
    }
}

impl From<jinlin_model::docs::request::signups::SignupView> for SignupView {
    fn from(v: jinlin_model::docs::request::signups::SignupView) -> Self {
        Self {
            id: v.id.to_string(),
            member_id: v.member_id.to_string(),
            member_name: v.member_name,
            state: v.state.into(),
            picked: v.picked,
            relay_order: v.relay_order,
            at: to_system_time(v.at),
        }
    }
}

impl From<jinlin_model::CommentView> for CommentView {
    fn from(v: jinlin_model::CommentView) -> Self {
        Self {
            author_id: v.author_id.to_string(),
            author_name: v.author_name,
            text: v.text,
            at: to_system_time(v.at),
        }
    }
}

impl From<core::RequestView> for RequestView {
    fn from(v: core::RequestView) -> Self {
        Self {
            id: v.id.to_string(),
            group_id: v.group_id.to_string(),
            kind: v.kind.into(),
            urgent: v.urgent,
            standard: v.is_standard(),
            text: v.text,
            status: v.status.into(),
            slots: to_i32(v.slots),
            requester: v.requester.into(),
            raised_by: v.raised_by.into(),
            place: v.place.into(),
            signups: v.signups.into_iter().map(Into::into).collect(),
            comments: v.comments.into_iter().map(Into::into).collect(),
            created_at: to_system_time(v.created_at),
            started_at: v.started_at.map(to_system_time),
            done_at: v.done_at.map(to_system_time),
            cancelled_at: v.cancelled_at.map(to_system_time),
            voice: v.voice.as_ref().map(Into::into),
            newer_schema: v.newer_schema,
        }
    }
}

impl From<core::MemberView> for MemberView {
    fn from(v: core::MemberView) -> Self {
        Self {
            member_id: v.member_id.to_string(),
            name: v.name,
            role: v.role.into(),
            skills: v.skills.into_iter().map(Into::into).collect(),
            building: v.building,
            unit: v.unit,
            joined_at: to_system_time(v.joined_at),
        }
    }
}

impl From<jinlin_model::TeamView> for TeamView {
    fn from(v: jinlin_model::TeamView) -> Self {
        Self {
            id: v.id,
            name: v.name,
            skill: v.skill.map(Into::into),
            members: v.members.into_iter().map(|m| m.to_string()).collect(),
            kind: v.kind.into(),
            leader: v.leader.map(|m| m.to_string()),
        }
    }
}

impl From<core::GroupView> for GroupView {
    fn from(v: core::GroupView) -> Self {
        Self {
            id: v.id.to_string(),
            kind: v.kind.into(),
            name: v.name,
            parent: v.parent.map(|p| p.to_string()),
            members: v.members.into_iter().map(Into::into).collect(),
            teams: v.teams.into_iter().map(Into::into).collect(),
            time_zone: v.time_zone,
            created_at: to_system_time(v.created_at),
            newer_schema: v.newer_schema,
        }
    }
}

impl NewRequest {
    /// The core's form of this request, with its group id parsed and its position checked.
    pub fn into_core(self) -> Result<core::NewRequest, JinlinError> {
        position(self.lat, self.lon)?;
        Ok(core::NewRequest {
            group_id: parse_id(&self.group_id)?,
            kind: self.kind.into(),
            urgent: self.urgent,
            text: self.text,
            slots: self.slots,
            on_behalf_of: self.on_behalf_of,
            place: core::Place {
                building: self.building,
                unit: self.unit,
                lat: self.lat,
                lon: self.lon,
            },
        })
    }
}

impl RequestFilter {
    /// The core's form of this filter, with its group id parsed.
    pub fn into_core(self) -> Result<core::RequestFilter, JinlinError> {
        Ok(core::RequestFilter {
            group: self.group_id.as_deref().map(parse_id).transpose()?,
            status: self.status.map(Into::into),
        })
    }
}

/// Parses an id given by the foreign side; a malformed one is invalid input.
pub fn parse_id<T>(s: &str) -> Result<T, JinlinError>
where
    T: std::str::FromStr<Err = jinlin_model::ids::IdParseError>,
{
    s.parse::<T>().map_err(|e| JinlinError::from(core::Error::from(e)))
}

/// Parses a document id.
pub fn doc_id(s: &str) -> Result<DocId, JinlinError> {
    parse_id(s)
}

/// A position the phone gives in degrees, by the model's one rule: a latitude (-90 to 90) and a
/// longitude (-180 to 180), both or neither. Anything else is invalid input, refused before
/// anything is written.
pub fn position(lat: Option<f64>, lon: Option<f64>) -> Result<Option<(f64, f64)>, JinlinError> {
    jinlin_model::validate::coordinates(lat, lon)?;
    Ok(lat.zip(lon))
}

/// An invite code and its terms.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct InviteView {
    /// The code to share.
    pub code: String,
    /// The group it admits to.
    pub group_id: String,
    /// The role it grants.
    pub role: Role,
    /// Redemptions left.
    pub uses_left: i32,
    /// Expiry.
    pub expires_at: SystemTime,
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SyncReport {
    /// Changes the relay stored.
    pub sent_changes: i64,
    /// Changes received.
    pub received_changes: i64,
    /// Documents received whole, in their compacted saved form (a first login).
    pub received_saved: i64,
    /// Documents that changed on this device.
    pub changed_docs: i64,
    /// Documents whose upload did not go: refused by the relay (those changes left the outbox
    /// for `JinlinClient::refused`), too large, or unanswered (those stay waiting).
    pub rejected_docs: i64,
    /// Documents still holding changes the relay has not acknowledged.
    pub pending: i64,
}

/// A change this device made that the relay refused.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RefusedChangeView {
    /// The document it changed.
    pub doc_id: String,
    /// "group", "request", "household" or "report".
    pub doc_type: String,
    /// The document's group.
    pub group_id: String,
    /// The change's hash (hex).
    pub change: String,
    /// The relay's reason as it sent it (English), for whoever helps.
    pub reason: String,
    /// The reason in the language the phone shows (`set_shown_language`): what a person reads.
    /// The relay's own text when this build does not know the refusal.
    pub localized_reason: String,
    /// The refusal's stable code (`request.cancels`), the same in every language; `None` when
    /// this build does not know it.
    pub refusal: Option<String>,
    /// When the refusal arrived.
    pub refused_at: SystemTime,
}

impl From<core::RefusedChange> for RefusedChangeView {
    fn from(v: core::RefusedChange) -> Self {
        Self {
            doc_id: v.doc_id.to_string(),
            doc_type: v.doc_type.to_string(),
            group_id: v.group_id.to_string(),
            change: v.change,
            localized_reason: crate::refusal::in_shown_language(&v.reason),
            refusal: crate::refusal::code_of(&v.reason),
            reason: v.reason,
            refused_at: to_system_time(v.refused_at),
        }
    }
}

impl From<jinlin_model::protocol::Invite> for InviteView {
    fn from(v: jinlin_model::protocol::Invite) -> Self {
        Self {
            code: v.code,
            group_id: v.group_id.to_string(),
            role: v.role.into(),
            uses_left: to_i32(v.uses_left),
            expires_at: to_system_time(v.expires_at),
        }
    }
}

impl From<core::sync::SyncReport> for SyncReport {
    fn from(v: core::sync::SyncReport) -> Self {
        Self {
            sent_changes: to_i64(v.sent_changes),
            received_changes: to_i64(v.received_changes),
            received_saved: to_i64(v.received_saved),
            changed_docs: to_i64(v.changed_docs),
            rejected_docs: to_i64(v.rejected.len()),
            pending: to_i64(v.pending),
        }
    }
}

#[cfg(test)]
mod tests {
    use jinlin_core::{GroupKind, RequestKind as CoreKind};

    use super::*;

    #[test]
    fn a_request_view_keeps_every_field_with_ids_as_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let device = core::Device::open(dir.path().join("d.db")).expect("open");
        let me = device
            .set_identity("Resident", Some("3"), Some("1202"))
            .expect("identity");
        let group = device.create_group("Estate", GroupKind::Estate, None).expect("group");
        let mut new = core::NewRequest::new(group, CoreKind::Hospital, "ride");
        new.urgent = true;
        new.slots = 2;
        // For a neighbour without a phone, so that the one who raised it may sign up too.
        new.on_behalf_of = Some("Grandma Wang".into());
        new.place.unit = Some("1202".into());
        let id = device.raise(new).expect("raise");
        device.accept(id).expect("accept");
        device.comment(id, "on my way").expect("comment");
        let core_view = device.request(id).expect("read");
        let view = RequestView::from(core_view.clone());

        assert_eq!(view.id, id.to_string());
        assert_eq!(view.group_id, group.to_string());
        assert_eq!(
            (view.kind, view.urgent, view.slots, view.status),
            (RequestKind::Hospital, true, 2, Status::Open)
        );
        assert_eq!(view.requester.member_id, None);
        assert_eq!(view.requester.name, "Grandma Wang");
        assert_eq!(view.raised_by.member_id, Some(me.member_id.to_string()));
        assert_eq!(view.place.unit.as_deref(), Some("1202"));
        assert_eq!(view.signups.len(), 1);
        assert_eq!(view.signups[0].state, SignupState::Tentative);
        assert_eq!(view.signups[0].member_id, me.member_id.to_string());
        assert_eq!(view.comments[0].text, "on my way");
        assert_eq!(view.created_at, to_system_time(core_view.created_at));
    }

    #[test]
    fn a_new_request_with_a_bad_group_id_is_invalid_input() {
        let new = NewRequest {
            group_id: "estate-7".into(),
            kind: RequestKind::Errand,
            urgent: false,
            text: "bread".into(),
            slots: 1,
            on_behalf_of: None,
            building: None,
            unit: None,
            lat: None,
            lon: None,
        };
        assert!(matches!(new.into_core(), Err(JinlinError::InvalidInput { .. })));
    }

    #[test]
    fn a_position_is_a_latitude_and_a_longitude_in_range_or_none_at_all() {
        assert_eq!(position(None, None).ok(), Some(None));
        assert_eq!(position(Some(-33.86), Some(151.21)).ok(), Some(Some((-33.86, 151.21))));
        assert_eq!(position(Some(90.0), Some(-180.0)).ok(), Some(Some((90.0, -180.0))));
        for (lat, lon) in [
            (Some(90.1), Some(0.0)),
            (Some(0.0), Some(180.1)),
            (Some(f64::NAN), Some(0.0)),
            (Some(24.48), None),
            (None, Some(118.09)),
        ] {
            assert!(
                matches!(position(lat, lon), Err(JinlinError::InvalidInput { .. })),
                "{lat:?},{lon:?}"
            );
        }
    }

    #[test]
    fn a_change_the_relay_refused_is_listed_with_its_reason_in_the_phones_language_its_code_and_ids_as_text() {
        use jinlin_core::sync::Session;
        use jinlin_model::protocol::{AckResult, DocAck, PROTOCOL_VERSION, SyncResponse};

        let dir = tempfile::tempdir().expect("tempdir");
        let device = core::Device::open(dir.path().join("d.db")).expect("open");
        device.set_identity("Resident", Some("3"), None).expect("identity");
        let group = device.create_group("Estate", GroupKind::Estate, None).expect("group");
        let mut session = Session::new();
        let out = session.next_request(&device).expect("build").expect("request");
        let answer = SyncResponse {
            version: PROTOCOL_VERSION,
            acks: vec![DocAck {
                doc_id: group,
                result: AckResult::Rejected {
                    reason: "no such document".into(),
                },
                change: None,
            }],
            docs: Vec::new(),
            cursors: Vec::new(),
            more: false,
            memberships: Vec::new(),
        };
        session.receive(&device, &out, answer).expect("receive");
        let listed: Vec<RefusedChangeView> = device
            .refused()
            .expect("refused")
            .into_iter()
            .map(RefusedChangeView::from)
            .collect();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (
                listed[0].doc_id.as_str(),
                listed[0].doc_type.as_str(),
                listed[0].reason.as_str()
            ),
            (group.to_string().as_str(), "group", "no such document")
        );
        assert_eq!(listed[0].localized_reason, "找不到这项内容，或者您没有权限查看");
        assert_eq!(listed[0].refusal.as_deref(), Some("relay.no_such_document"));
        assert_eq!(listed[0].change.len(), 64, "the change's hash in hex");
    }
}
