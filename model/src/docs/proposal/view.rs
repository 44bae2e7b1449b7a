//! A proposal as a shell shows it: what is proposed, the discussion, who is on the roll, the
//! ballots cast in the open (with the relay's receipt time of each), and when the vote closes.
//! Every device computes the same view from the same document; it serializes to the JSON the
//! command line prints. The result is [`super::tally`]'s, computed from this view.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::docs::request::view::{CommentView, Person};
use crate::ids::{DocId, MemberId};
use crate::kinds::{BallotKind, Electorate, ProposalStatus, Threshold};

/// One unit of the electorate: a household (one household one vote) or a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollUnit {
    /// The household's document id, or the member's id.
    pub key: String,
    /// What a shell shows for it ("Building 3, 1202", or the member's name).
    pub label: String,
    /// Who may cast its ballot: the household's adult members linked in the registry, or the
    /// member.
    pub voters: Vec<MemberId>,
}

/// One ballot cast in the open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotView {
    /// The ballot's key in the document.
    pub id: String,
    /// Who cast it.
    pub voter: MemberId,
    /// The unit of the roll it is cast for (the voter's household, or the voter).
    pub unit: String,
    /// The options chosen, by position.
    pub choices: Vec<u32>,
    /// When the voter cast it, by their phone's clock.
    pub at: Millis,
    /// When it reached the relay, by the relay's clock: what decides whether it counts. `None`
    /// until the relay has seen it.
    pub received_at: Option<Millis>,
}

/// A proposal, as every device computes it from the same document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalView {
    /// The proposal.
    pub id: DocId,
    /// The estate or building it is put to.
    pub group_id: DocId,
    /// Who proposed it.
    pub author: Person,
    /// Its title ("Replace the three lifts of Building 3").
    pub title: String,
    /// What is proposed, in full.
    pub text: String,
    /// Attachments (quotes, plans), by content hash; sent by the resumable photo path.
    pub photos: Vec<String>,
    /// How a ballot is filled in.
    pub ballot: BallotKind,
    /// The options, by position (yes, no, abstain for a yes-or-no ballot).
    pub options: Vec<String>,
    /// How many options one ballot may choose (1, except for several-of).
    pub most: u32,
    /// Who votes.
    pub electorate: Electorate,
    /// The roll, fixed when the proposal was made.
    pub roll: Vec<RollUnit>,
    /// The turnout (units that voted, of the roll) the result needs, in percent.
    pub quorum_pct: u32,
    /// The share it needs to pass.
    pub threshold: Threshold,
    /// When voting opens (the discussion runs until then).
    pub opens_at: Millis,
    /// When the vote closes, by the relay's clock.
    pub closes_at: Millis,
    /// Whether staff may close the vote early.
    pub early_close: bool,
    /// A secret ballot: ballots go to the relay alone; the document holds only `sealed`.
    pub secret: bool,
    /// A secret vote's result as the relay sealed it after the close.
    pub sealed: Option<super::secret::Sealed>,
    /// Who asked to close it early, if anyone.
    pub close_asked_by: Option<MemberId>,
    /// When the relay received the early close: the vote closed then.
    pub closed_early_at: Option<Millis>,
    /// The discussion, in time order.
    pub comments: Vec<CommentView>,
    /// Every ballot cast, in the order the relay received them (those it has not seen last).
    pub ballots: Vec<BallotView>,
    /// When it was proposed.
    pub created_at: Millis,
    /// The schema version the document was written with.
    pub schema: i64,
    /// Whether it was written by a newer version of Jinlin than this one.
    pub newer_schema: bool,
}

impl ProposalView {
    /// When the vote closes: the stated time, or the relay's receipt of an early close.
    pub fn close_time(&self) -> Millis {
        self.closed_early_at.map_or(self.closes_at, |c| c.min(self.closes_at))
    }

    /// Where it stands at `now`.
    pub fn status(&self, now: Millis) -> ProposalStatus {
        if now >= self.close_time() {
            ProposalStatus::Closed
        } else if now < self.opens_at {
            ProposalStatus::Discussion
        } else {
            ProposalStatus::Voting
        }
    }

    /// The unit of the roll `member` votes for, if they are on the roll.
    pub fn unit_of(&self, member: MemberId) -> Option<&RollUnit> {
        self.roll.iter().find(|u| u.voters.contains(&member))
    }

    /// The unit with this key.
    pub fn unit(&self, key: &str) -> Option<&RollUnit> {
        self.roll.iter().find(|u| u.key == key)
    }

    /// The ballot that stands for `unit` as this device knows it: the latest the relay received
    /// before the close, else (before the relay has seen any) the latest cast on this device.
    pub fn standing_ballot(&self, unit: &str) -> Option<&BallotView> {
        let close = self.close_time();
        let of_unit = self.ballots.iter().filter(|b| b.unit == unit);
        of_unit
            .clone()
            .filter(|b| b.received_at.is_some_and(|r| r <= close))
            .max_by(|a, b| super::tally::later(a, b))
            .or_else(|| {
                of_unit
                    .filter(|b| b.received_at.is_none())
                    .max_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)))
            })
    }
}
