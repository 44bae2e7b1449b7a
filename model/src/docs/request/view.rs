//! A help request as a shell shows it: the plain record read out of the request document. It
//! serializes to the JSON the command line prints, and the ffi layer maps it one to one.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::docs::request::signups::SignupView;
use crate::ids::{DocId, MemberId};
use crate::kinds::{RequestKind, SignupState, Status};

/// A person named on a request: a member with a device, or a neighbour without one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The member, when the person has a device in Jinlin.
    pub member_id: Option<MemberId>,
    /// Display name.
    pub name: String,
}

/// Where help is needed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Building, as the estate names it ("3", "B2").
    pub building: Option<String>,
    /// Unit in the building ("1202").
    pub unit: Option<String>,
    /// Latitude, when known.
    pub lat: Option<f64>,
    /// Longitude, when known.
    pub lon: Option<f64>,
}

impl Place {
    /// Where, in words: "building 3, unit 1202"; `None` without building or unit.
    pub fn words(&self) -> Option<String> {
        place_words(self.building.as_deref(), self.unit.as_deref())
    }
}

/// A building and unit in words, as alerts, pushes and text messages say them: "building 3,
/// unit 1202", "building 3", "unit 1202"; `None` when neither is known.
pub fn place_words(building: Option<&str>, unit: Option<&str>) -> Option<String> {
    match (building, unit) {
        (Some(b), Some(u)) => Some(format!("building {b}, unit {u}")),
        (Some(b), None) => Some(format!("building {b}")),
        (None, Some(u)) => Some(format!("unit {u}")),
        (None, None) => None,
    }
}

/// One comment on a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    /// Who wrote it.
    pub author_id: MemberId,
    /// Their display name.
    pub author_name: String,
    /// The comment.
    pub text: String,
    /// When it was written.
    pub at: Millis,
}

/// A help request with its sign-up view, as every device computes it from the same document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    /// The request.
    pub id: DocId,
    /// The group it was raised in.
    pub group_id: DocId,
    /// What kind of help.
    pub kind: RequestKind,
    /// Urgent requests come first and alert neighbours at once.
    pub urgent: bool,
    /// What is needed, in the requester's words: empty, or an older app's standard sentence,
    /// when the kind, urgency and place say it all ([`RequestView::is_standard`]).
    pub text: String,
    /// Open, in progress, done or cancelled.
    pub status: Status,
    /// How many volunteers are needed.
    pub slots: u32,
    /// Who needs help.
    pub requester: Person,
    /// Who pressed the button (differs from `requester` when raised on a neighbour's behalf).
    pub raised_by: Person,
    /// Where.
    pub place: Place,
    /// Active sign-ups: confirmed first, then standby, then tentative.
    pub signups: Vec<SignupView>,
    /// Members who signed up and withdrew, with no active sign-up now (an urgent request that
    /// reopens alerts others first).
    #[serde(default)]
    pub withdrawn: Vec<MemberId>,
    /// Comments, oldest first.
    pub comments: Vec<CommentView>,
    /// Raised at.
    pub created_at: Millis,
    /// Work started at.
    pub started_at: Option<Millis>,
    /// Marked done at.
    pub done_at: Option<Millis>,
    /// Cancelled at.
    pub cancelled_at: Option<Millis>,
    /// The requester's rating of the help, once done and rated.
    #[serde(default)]
    pub rating: Option<crate::docs::rating::RatingView>,
    /// The requester's voice note, if she recorded one.
    #[serde(default)]
    pub voice: Option<crate::docs::request::voice::VoiceNote>,
    /// Schema version the document was written with.
    pub schema: i64,
    /// True when a newer version of Jinlin wrote this document: some of it may not be shown.
    pub newer_schema: bool,
}

impl RequestView {
    /// How many volunteers are confirmed.
    pub fn confirmed(&self) -> usize {
        self.signups
            .iter()
            .filter(|s| s.state == SignupState::Confirmed)
            .count()
    }
    /// The state of `member`'s sign-up, if they have an active one.
    pub fn signup_of(&self, member: MemberId) -> Option<&SignupView> {
        self.signups.iter().find(|s| s.member_id == member)
    }
    /// Whether the request says only what its kind, urgency and place say (no words of the
    /// requester's own, or an older app's standard sentence): each reader's phone then words it
    /// in its own language, and `text` is not to be shown as hers.
    pub fn is_standard(&self) -> bool {
        crate::docs::request::standard::is_standard(self.kind, &self.text)
    }
    /// What the request asks, in English (the command line, the relay's pushes): its text, or
    /// its kind's standard words.
    pub fn english_words(&self) -> String {
        if self.is_standard() {
            crate::docs::request::standard::english(self.kind).to_string()
        } else {
            self.text.clone()
        }
    }
    /// Whether `member` asked for this help or raised it on someone's behalf.
    pub fn is_requester(&self, member: MemberId) -> bool {
        asked_or_raised(&self.requester, &self.raised_by, member)
    }
}

/// Whether `member` is the person who asked or the one who raised the request for them: who
/// may edit, pick, cancel and rate.
pub(crate) fn asked_or_raised(requester: &Person, raised_by: &Person, member: MemberId) -> bool {
    requester.member_id == Some(member) || raised_by.member_id == Some(member)
}
