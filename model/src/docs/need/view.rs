//! A need on the board as a shell shows it: where it stands (a wish, open, claimed, resolved,
//! confirmed, rated, withdrawn), who claimed it (and for which team), the claimant's progress and
//! the rating. Every device computes the same view from the same document; it serializes to the
//! JSON the command line prints. It holds only what the board entry holds, never a household's
//! details.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
pub use crate::docs::rating::RatingView;
use crate::docs::request::signups::SignupView;
use crate::docs::request::view::Person;
use crate::ids::{DocId, MemberId};
use crate::kinds::{BoardStatus, NeedSource, SignupState};

/// One claim: a sign-up, and the team it was made for, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    /// The sign-up: who, confirmed, standby or tentative, the relay's number.
    #[serde(flatten)]
    pub signup: SignupView,
    /// The team the claimant claimed it for.
    pub team: Option<String>,
}

/// A claimant's note of progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressView {
    /// The note's key in the document.
    pub id: String,
    /// Who wrote it.
    pub by: MemberId,
    /// Their name.
    pub name: String,
    /// When.
    pub at: Millis,
    /// What they said.
    pub note: String,
}

/// A need on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedView {
    /// The need.
    pub id: DocId,
    /// The group whose board it is on.
    pub group_id: DocId,
    /// Where it came from.
    pub source: NeedSource,
    /// The report's or household's id it came from.
    pub source_ref: Option<String>,
    /// A short title.
    pub title: String,
    /// What the household agreed to share, or the resident's words.
    pub details: String,
    /// The building, when it may be shown.
    pub building: Option<String>,
    /// Where it stands.
    pub status: BoardStatus,
    /// Who asked: the one who rates it.
    pub requester: Person,
    /// Who posted it.
    pub posted_by: Person,
    /// How many claimants it takes.
    pub slots: u32,
    /// The claims: those that stand first, then standby, then tentative ones the relay has not
    /// numbered yet.
    pub claims: Vec<ClaimView>,
    /// The claimants' progress notes, oldest first.
    pub progress: Vec<ProgressView>,
    /// Posted at.
    pub created_at: Millis,
    /// Put on the board at.
    pub listed_at: Option<Millis>,
    /// Resolved at (by a claimant, or on the spot).
    pub done_at: Option<Millis>,
    /// Who resolved it.
    pub done_by: Option<MemberId>,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// Confirmed by staff at.
    pub confirmed_at: Option<Millis>,
    /// Fixed at the door, never on the board to claim.
    pub on_the_spot: bool,
    /// Taken off the board at.
    pub cancelled_at: Option<Millis>,
    /// The rating, once given.
    pub rating: Option<RatingView>,
    /// Schema version the document was written with.
    pub schema: i64,
    /// True when a newer version of Jinlin wrote this document.
    pub newer_schema: bool,
}

impl NeedView {
    /// `member`'s active claim, if any (standing, standby or tentative).
    pub fn claim_of(&self, member: MemberId) -> Option<&ClaimView> {
        self.claims.iter().find(|c| c.signup.member_id == member)
    }

    /// `member`'s claim if it stands.
    pub fn standing_claim_of(&self, member: MemberId) -> Option<&ClaimView> {
        self.claim_of(member)
            .filter(|c| c.signup.state == SignupState::Confirmed)
    }

    /// The claims that stand.
    pub fn claimants(&self) -> impl Iterator<Item = &ClaimView> {
        self.claims.iter().filter(|c| c.signup.state == SignupState::Confirmed)
    }

    /// Whether it is on the board to be claimed.
    pub fn is_open(&self) -> bool {
        self.status == BoardStatus::Open
    }
}
