//! Deliberation and voting from the phone's side (议事): the proposals of a group, putting one to
//! a vote, the discussion, casting (or changing) a ballot, staff's early close, and the result
//! every device computes alike. Records map one to one from the core's views; the core refuses
//! each step to whoever may not take it, and these calls pass that refusal on as `NotAllowed`.

use jinlin_core::{Device, DocId};
use jinlin_model::docs::proposal::{NewProposal, ProposalView as CoreProposal, Tally};

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::{BallotKind, Electorate, ProposalStatus, Threshold};
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
    pub most: u32,
    /// Who votes.
    pub electorate: Electorate,
    /// Units on the roll (households, or members).
    pub roll_size: u32,
    /// Turnout needed, in percent.
    pub quorum_pct: u32,
    /// Share needed to pass.
    pub threshold: Threshold,
    /// When voting opens, ms since 1970.
    pub opens_at: i64,
    /// When the vote closes (or closed early), ms since 1970.
    pub closes_at: i64,
    /// Where it stands now.
    pub status: ProposalStatus,
    /// The discussion.
    pub comments: Vec<CommentView>,
    /// Ballots cast so far.
    pub ballots: u32,
    /// The result (final when `closed`).
    pub result: ResultView,
}

/// The result of a vote, or the standing so far.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ResultView {
    /// Votes per option, in the proposal's order.
    pub votes: Vec<u32>,
    /// Units that voted.
    pub voted: u32,
    /// Units on the roll.
    pub electorate: u32,
    /// Turnout, whole percent.
    pub turnout_pct: u32,
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
            votes: t.counts.iter().map(|c| c.votes).collect(),
            voted: t.voted,
            electorate: t.electorate,
            turnout_pct: t.turnout_pct,
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
        closes_at: v.close_time(),
        title: v.title,
        text: v.text,
        photos: v.photos,
        ballot: v.ballot.into(),
        options: v.options,
        most: v.most,
        electorate: v.electorate.into(),
        roll_size: v.roll.len() as u32,
        quorum_pct: v.quorum_pct,
        threshold: v.threshold.into(),
        opens_at: v.opens_at,
        comments: v.comments.into_iter().map(Into::into).collect(),
        ballots: v.ballots.len() as u32,
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
    /// leaves with the next sync.
    #[allow(clippy::too_many_arguments)]
    pub async fn propose(
        &self,
        group_id: String,
        title: String,
        text: String,
        photos: Vec<String>,
        ballot: BallotKind,
        options: Vec<String>,
        most: u32,
        electorate: Electorate,
        quorum_pct: u32,
        threshold: Threshold,
        opens_at: i64,
        closes_at: i64,
        early_close: bool,
        secret: bool,
    ) -> Result<ProposalView, JinlinError> {
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
