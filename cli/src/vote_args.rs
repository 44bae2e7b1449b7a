//! The deliberation commands (clap): `proposal` and `vote` (议事). Proposals are named by their
//! id or its start.

use clap::{Args, Subcommand};
use jinlin_model::kinds::{BallotKind, Electorate, Threshold};

/// `proposal ...`.
#[derive(Debug, Subcommand)]
pub enum ProposalCommand {
    /// Staff, or a building's leader in their own building: put a proposal to a vote; prints its id
    Create(ProposalCreate),
    /// The proposals of a group (and the groups inside it), newest first
    List {
        /// Only this group
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
    },
    /// One proposal with its discussion, ballots and result (final once closed)
    Show {
        /// The proposal (its id, or the start of it)
        id: String,
    },
    /// Add to a proposal's discussion
    Comment {
        /// The proposal
        id: String,
        /// What you say
        text: String,
    },
    /// Staff: close the vote now, when the proposal allows an early close
    Close {
        /// The proposal
        id: String,
    },
}

/// `proposal create`.
#[derive(Debug, Args)]
pub struct ProposalCreate {
    /// The estate or building it is put to
    #[arg(long, value_name = "GROUP_ID")]
    pub group: String,
    /// Its title
    #[arg(long)]
    pub title: String,
    /// What is proposed, in full
    #[arg(long)]
    pub text: String,
    /// yes-no (the default), one-of or several-of
    #[arg(long, default_value = "yes-no")]
    pub ballot: BallotKind,
    /// An option of a one-of or several-of ballot (repeat, in order)
    #[arg(long = "option", value_name = "TEXT")]
    pub options: Vec<String>,
    /// How many options a several-of ballot may choose
    #[arg(long, default_value_t = 1)]
    pub most: u32,
    /// households (one household one vote) or members
    #[arg(long, default_value = "households")]
    pub electorate: Electorate,
    /// The turnout needed, in percent of the roll
    #[arg(long, value_name = "PCT", default_value_t = 50)]
    pub quorum: u32,
    /// majority (more than half) or two-thirds
    #[arg(long, default_value = "majority")]
    pub threshold: Threshold,
    /// How long the discussion runs before voting opens (30m, 24h, 7d; 0 opens it at once)
    #[arg(long, value_name = "DURATION", default_value = "0")]
    pub discuss: String,
    /// How long voting stays open after it opens
    #[arg(long = "vote-for", value_name = "DURATION", default_value = "7d")]
    pub vote_for: String,
    /// Let staff close the vote before its time
    #[arg(long)]
    pub early_close: bool,
    /// A secret ballot: ballots go to the relay alone, and the proposal holds only the sealed
    /// result (each voter's receipt, no names)
    #[arg(long)]
    pub secret: bool,
    /// An attachment (a quote, a plan; a JPEG or PNG on this device; repeat for more)
    #[arg(long = "photo", value_name = "PATH")]
    pub photos: Vec<std::path::PathBuf>,
}

/// `vote PROPOSAL CHOICE...`.
#[derive(Debug, Args)]
pub struct VoteArgs {
    /// The proposal (its id, or the start of it)
    pub id: String,
    /// Your choice: yes, no or abstain; an option's text or its number from 1 (several for a
    /// several-of ballot). A later vote replaces it until the close.
    #[arg(required = true, value_name = "CHOICE")]
    pub choices: Vec<String>,
}
