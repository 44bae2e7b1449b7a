//! Deliberation and voting from the phone's side (议事): the proposals of a group, putting one to
//! a vote, the discussion, casting (or changing) a ballot, staff's early close, and the result
//! every device computes alike. Records map one to one from the core's views; the core refuses
//! each step to whoever may not take it, and these calls pass that refusal on as `NotAllowed`.

use std::time::SystemTime;

use jinlin_core::{Device, DocId};
use jinlin_model::docs::proposal::{NewProposal, ProposalView as CoreProposal, Tally};

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::{BallotKind, Electorate, ProposalStatus, Threshold};
use crate::numbers::{from_app, to_i32};
use crate::time::{from_system_time, to_system_time};
use crate::views::{CommentView, doc_id};

/// A proposal, its discussion, and the result as this device computes it now.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProposalView {
    /// The proposal.
    pub id: String,
    /// The estate or building it is put to.
    pub group_id: String,
    /// Who proposed it.
    pub author_name: String,
    /// Its title.
    pub title: String,
    /// What is proposed.
    pub text: String,
    /// Attachments, by content hash.
    pub photos: Vec<String>,
    /// How a ballot is filled in.
    pub ballot: BallotKind,
    /// The options, by position.
    pub options: Vec<String>,
    /// How many options one ballot may choose.
    pub most: i32,
    /// Who votes.
    pub electorate: Electorate,
    /// Units on the roll (households, or members).
    pub roll_size: i32,
    /// Turnout needed, in percent.
    pub quorum_pct: i32,
    /// Share needed to pass.
    pub threshold: Threshold,
    /// When voting opens.
    pub opens_at: SystemTime,
    /// When the vote closes (or closed early).
    pub closes_at: SystemTime,
    /// Where it stands now.
    pub status: ProposalStatus,
    /// The discussion.
    pub comments: Vec<CommentView>,
    /// Ballots cast so far.
    pub ballots: i32,
    /// The result (final when `closed`).
    pub result: ResultView,
}

/// The result of a vote, or the standing so far.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ResultView {
    /// Votes per option, in the proposal's order.
    pub votes: Vec<i32>,
    /// Units that voted.
    pub voted: i32,
    /// Units on the roll.
    pub electorate: i32,
    /// Turnout, whole percent.
    pub turnout_pct: i32,
    /// Whether the quorum is met.
    pub quorum_met: bool,
    /// The options that carried.
    pub carried: Vec<String>,
    /// Whether it passed.
    pub passed: bool,
    /// Whether the vote is closed: the result is final.
    pub closed: bool,
}

impl From<Tally> for ResultView {
    fn from(t: Tally) -> Self {
        Self {
            votes: t.counts.iter().map(|c| to_i32(c.votes)).collect(),
            voted: to_i32(t.voted),
            electorate: to_i32(t.electorate),
            turnout_pct: to_i32(t.turnout_pct),
            quorum_met: t.quorum_met,
            carried: t.carried,
            passed: t.passed,
            closed: t.closed,
        }
    }
}

fn view(v: CoreProposal, now: i64) -> ProposalView {
    let result = jinlin_model::docs::proposal::tally(&v, now).into();
    ProposalView {
        id: v.id.to_string(),
        group_id: v.group_id.to_string(),
        author_name: v.author.name.clone(),
        status: v.status(now).into(),
        closes_at: to_system_time(v.close_time()),
        title: v.title,
        text: v.text,
        photos: v.photos,
        ballot: v.ballot.into(),
        options: v.options,
        most: to_i32(v.most),
        electorate: v.electorate.into(),
        roll_size: to_i32(v.roll.len()),
        quorum_pct: to_i32(v.quorum_pct),
        threshold: v.threshold.into(),
        opens_at: to_system_time(v.opens_at),
        comments: v.comments.into_iter().map(Into::into).collect(),
        ballots: to_i32(v.ballots.len()),
        result,
    }
}

impl JinlinClient {
    async fn on_proposal<F>(&self, proposal_id: String, f: F) -> Result<ProposalView, JinlinError>
    where
        F: FnOnce(&Device, DocId) -> jinlin_core::Result<()> + Send + 'static,
    {
        self.with_device(move |d| {
            let id = doc_id(&proposal_id)?;
            f(d, id)?;
            Ok(view(d.proposal(id)?, d.now()))
        })
        .await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Staff, or a building's leader in their own building: puts a proposal to a group, with
    /// the roll gathered on this device. `options` are ignored for yes-or-no. Saved at once; it
    /// leaves with the next sync. A negative `most` or `quorum_pct` is refused with
    /// `InvalidInput` and nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub async fn propose(
        &self,
        group_id: String,
        title: String,
        text: String,
        photos: Vec<String>,
        ballot: BallotKind,
        options: Vec<String>,
        most: i32,
        electorate: Electorate,
        quorum_pct: i32,
        threshold: Threshold,
        opens_at: SystemTime,
        closes_at: SystemTime,
        early_close: bool,
        secret: bool,
    ) -> Result<ProposalView, JinlinError> {
        let most = from_app("the most options a ballot may choose", most)?;
        let quorum_pct = from_app("the quorum", quorum_pct)?;
        let opens_at = from_system_time(opens_at)?;
        let closes_at = from_system_time(closes_at)?;
        self.with_device(move |d| {
            let new = NewProposal {
                title,
                text,
                photos,
                ballot: ballot.into(),
                options,
                most,
                electorate: electorate.into(),
                quorum_pct,
                threshold: threshold.into(),
                opens_at,
                closes_at,
                early_close,
                secret,
            };
            let id = d.propose(doc_id(&group_id)?, &new)?;
            Ok(view(d.proposal(id)?, d.now()))
        })
        .await
    }

    /// The proposals of a group and the groups inside it (all, without one), newest first.
    pub async fn proposals(&self, group_id: Option<String>) -> Result<Vec<ProposalView>, JinlinError> {
        self.with_device(move |d| {
            let group = group_id.as_deref().map(doc_id).transpose()?;
            let now = d.now();
            Ok(d.proposals(group)?.into_iter().map(|p| view(p, now)).collect())
        })
        .await
    }

    /// One proposal with its result as this device computes it now.
    pub async fn proposal(&self, proposal_id: String) -> Result<ProposalView, JinlinError> {
        self.on_proposal(proposal_id, |_, _| Ok(())).await
    }

    /// Adds to a proposal's discussion.
    pub async fn comment_proposal(&self, proposal_id: String, text: String) -> Result<ProposalView, JinlinError> {
        self.on_proposal(proposal_id, move |d, id| d.comment_proposal(id, &text))
            .await
    }

    /// Casts (or changes) this member's ballot, choosing options by their words or number from 1.
    pub async fn vote(&self, proposal_id: String, choices: Vec<String>) -> Result<ProposalView, JinlinError> {
        self.on_proposal(proposal_id, move |d, id| d.vote(id, &choices).map(|_| ()))
            .await
    }

    /// Staff: closes the vote early, when the proposal allows it.
    pub async fn close_proposal(&self, proposal_id: String) -> Result<ProposalView, JinlinError> {
        self.on_proposal(proposal_id, |d, id| d.close_proposal(id)).await
    }
}

#[cfg(test)]
mod tests {
    use jinlin_core::Device;

    use super::*;
    use crate::testing::block_on;

    #[test]
    fn a_proposal_with_a_negative_quorum_or_choice_count_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("dir");
        let device = Device::open(dir.path().join("phone.db")).expect("open");
        device.set_identity("Ms Sun", None, None).expect("identity");
        let building = crate::testing::building_3(&device).to_string();
        let client = JinlinClient::over(device, "http://127.0.0.1:9");
        let propose = |most: i32, quorum_pct: i32| {
            block_on(client.propose(
                building.clone(),
                "Repaint the stairwell".into(),
                "Green or white?".into(),
                vec![],
                BallotKind::OneOf,
                vec!["green".into(), "white".into()],
                most,
                Electorate::Members,
                quorum_pct,
                Threshold::Majority,
                to_system_time(0),
                to_system_time(4_000_000_000_000),
                false,
                false,
            ))
        };

        let reason = |r: Result<ProposalView, JinlinError>| match r {
            Err(JinlinError::InvalidInput { reason }) => reason,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        assert!(reason(propose(1, -50)).contains("the quorum must not be negative"));
        assert!(reason(propose(-1, 50)).contains("must not be negative"));
        assert!(block_on(client.proposals(None)).expect("proposals").is_empty());

        // In range, the numbers pass on to the core, whose own rules judge the rest (here: a
        // building with nobody living in it has no roll).
        assert!(reason(propose(1, 50)).contains("nobody is on the roll"));
    }
}
