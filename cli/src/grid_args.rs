//! The grid worker's commands as clap reads them: `household`, `visit`, `need`, `report` and
//! `photo`. Ids may be given in full or by their first characters, as elsewhere.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use jinlin_model::kinds::{BoardStatus, HouseholdFlag, NeedStatus, RiskTier, VisitOutcome};

/// `household ...`.
#[derive(Debug, Subcommand)]
pub enum HouseholdCommand {
    /// Register a household (grid workers, staff, the building's leader); prints its id
    Add(HouseholdAdd),
    /// List households in walking order (building, floor, unit)
    List {
        /// Only this group (and the groups inside it)
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
        /// Only this building
        #[arg(long, value_name = "B")]
        building: Option<String>,
    },
    /// Show one household with its visits and needs
    Show {
        /// The household (its id, or the start of it)
        id: String,
    },
    /// Link an adult member who lives here, who casts the household's ballot (一户一票)
    Voter {
        /// The household (its id, or the start of it)
        id: String,
        /// The member (name or id)
        #[arg(long, value_name = "MEMBER")]
        member: String,
        /// Unlink them instead
        #[arg(long)]
        remove: bool,
    },
}

/// `household add`.
#[derive(Debug, Args)]
pub struct HouseholdAdd {
    /// The group the household belongs to
    #[arg(long, value_name = "GROUP_ID")]
    pub group: String,
    /// Building
    #[arg(long, value_name = "B")]
    pub building: String,
    /// Unit ("1202": floor 12)
    #[arg(long, value_name = "U")]
    pub unit: String,
    /// A resident's name
    #[arg(long)]
    pub name: String,
    /// The resident's phone
    #[arg(long, value_name = "P")]
    pub phone: Option<String>,
    /// red (weekly), yellow (fortnightly) or blue (monthly)
    #[arg(long, default_value = "blue")]
    pub tier: RiskTier,
    /// lives-alone, elderly, disability or low-income (repeat for more)
    #[arg(long = "flag")]
    pub flags: Vec<HouseholdFlag>,
}

/// `visit ...`.
#[derive(Debug, Subcommand)]
pub enum VisitCommand {
    /// Log a door-to-door visit (works offline); prints the visit id
    Log(VisitLog),
    /// List visits, newest first
    List {
        /// Only this household
        #[arg(long, value_name = "ID")]
        household: Option<String>,
    },
    /// Households due for a visit, in walking order
    Due {
        /// Only this group (and the groups inside it)
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
    },
    /// Correct a visit; the old value is kept in its history
    Edit {
        /// The household
        household: String,
        /// The visit
        visit: String,
        /// New notes
        #[arg(long)]
        note: Option<String>,
        /// Corrected outcome
        #[arg(long)]
        outcome: Option<VisitOutcome>,
        /// New follow-up date (YYYY-MM-DD)
        #[arg(long, value_name = "YYYY-MM-DD")]
        follow_up: Option<String>,
    },
    /// Who changed what on a visit, and when
    History {
        /// The household
        household: String,
        /// The visit
        visit: String,
    },
    /// Households visited this cycle against the total, per building
    Coverage {
        /// Only this group (and the groups inside it)
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
    },
    /// Visits with a follow-up date not yet followed up, soonest first
    FollowUps,
}

/// `visit log`.
#[derive(Debug, Args)]
pub struct VisitLog {
    /// The household
    pub household: String,
    /// met, not-home or refused
    #[arg(long)]
    pub outcome: VisitOutcome,
    /// Notes
    #[arg(long)]
    pub note: Option<String>,
    /// A need raised at the door (repeat for more)
    #[arg(long = "need", value_name = "TEXT")]
    pub needs: Vec<String>,
    /// A need raised and resolved on the spot (repeat for more)
    #[arg(long = "resolved", value_name = "TEXT")]
    pub resolved: Vec<String>,
    /// When to come back (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub follow_up: Option<String>,
    /// Where you stood: LAT,LON
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    pub gps: Option<String>,
    /// A photo file (repeat for more)
    #[arg(long = "photo", value_name = "PATH")]
    pub photos: Vec<PathBuf>,
}

/// `need ...`.
#[derive(Debug, Subcommand)]
pub enum NeedCommand {
    /// List needs
    List {
        /// recorded, assigned or resolved
        #[arg(long)]
        status: Option<NeedStatus>,
        /// Only unresolved needs past their due date
        #[arg(long)]
        overdue: bool,
    },
    /// Hand a need to a member or a team, with a due date
    Assign {
        /// The need
        need: String,
        /// The member: their name or the start of their id, as `group members` prints them
        #[arg(
            long,
            value_name = "MEMBER",
            conflicts_with = "team",
            required_unless_present = "team"
        )]
        member: Option<String>,
        /// A skill team of the household's group (or a group above): its name or id
        #[arg(long)]
        team: Option<String>,
        /// Due date (YYYY-MM-DD)
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// Mark a need resolved: a need raised at the door, or a claimed need of the board (its
    /// claimant)
    Resolve {
        /// The need
        need: String,
        /// What was done
        #[arg(long)]
        note: Option<String>,
    },
    /// The board (认领): the open needs anyone may claim
    Board {
        /// Only this group (and the groups inside it)
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
        /// Another status than open: wish, claimed, resolved, confirmed, rated, withdrawn
        #[arg(long)]
        status: Option<BoardStatus>,
        /// Every need of the board, whatever its status
        #[arg(long, conflicts_with = "status")]
        all: bool,
    },
    /// Post a need: staff put it on the board; anyone else posts a small wish (微心愿) for staff
    /// to put there. Prints its id
    Post(NeedPost),
    /// Show one need of the board with its claims and progress
    Show {
        /// The need (its id, or the start of it)
        id: String,
    },
    /// Staff: put a resident's small wish on the board
    Publish {
        /// The need
        id: String,
    },
    /// Claim a need of the board, for yourself or your team
    Claim {
        /// The need
        id: String,
        /// A team of the need's group you are on: claim it for the team
        #[arg(long)]
        team: Option<String>,
    },
    /// Withdraw your claim; the first on standby moves up
    Unclaim {
        /// The need
        id: String,
    },
    /// The claimant: note progress on a claimed need
    Progress {
        /// The need
        id: String,
        /// What has been done so far
        note: String,
    },
    /// Staff: confirm a resolved need
    Confirm {
        /// The need
        id: String,
    },
    /// Staff: take a need off the board (or withdraw your own wish)
    Withdraw {
        /// The need
        id: String,
    },
    /// The board's figures: needs collected, fixed on the spot, claimed, resolved, per month
    /// and per team
    Figures {
        /// The group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
    },
}

/// `need post`.
#[derive(Debug, Args)]
pub struct NeedPost {
    /// The group whose board it goes on
    #[arg(long, value_name = "GROUP_ID")]
    pub group: String,
    /// A short title
    #[arg(long)]
    pub title: String,
    /// What the household agreed to share, or your words
    #[arg(long, default_value = "")]
    pub details: String,
    /// The building, when it may be shown
    #[arg(long, value_name = "B")]
    pub building: Option<String>,
    /// Staff: the photo report it comes from (its reporter is the one who asked)
    #[arg(long, value_name = "REPORT_ID", conflicts_with = "from_household")]
    pub from_report: Option<String>,
    /// Staff: the household it comes from (named by id only; nothing else of it is copied)
    #[arg(long, value_name = "HOUSEHOLD_ID")]
    pub from_household: Option<String>,
    /// Staff: the member who asked (who rates it), as `group members` prints them
    #[arg(long = "for", value_name = "MEMBER")]
    pub for_member: Option<String>,
    /// How many claimants it takes
    #[arg(long, default_value_t = 1)]
    pub slots: i64,
    /// Staff: it was fixed on the spot (counted, never claimed)
    #[arg(long)]
    pub on_the_spot: bool,
}

/// `report ...`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Report a problem with text and photos; prints the report id
    Raise {
        /// The group to report to
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// What is wrong
        #[arg(long)]
        text: String,
        /// A photo file (repeat for more)
        #[arg(long = "photo", value_name = "PATH")]
        photos: Vec<PathBuf>,
        /// Building (defaults to yours)
        #[arg(long, value_name = "B")]
        building: Option<String>,
        /// Unit
        #[arg(long, value_name = "U")]
        unit: Option<String>,
        /// Where exactly, LAT,LON (a phone's GPS fix)
        #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// List reports on this device
    List,
    /// Show one report with each step
    Show {
        /// The report
        id: String,
    },
    /// Give a report to a member to fix
    Assign {
        /// The report
        id: String,
        /// The member who fixes it: their name or the start of their id, as `group members`
        /// prints them
        #[arg(long, value_name = "MEMBER")]
        to: String,
    },
    /// Report it fixed
    Fix {
        /// The report
        id: String,
    },
    /// Confirm the fix after checking it
    Check {
        /// The report
        id: String,
    },
    /// Close the report
    Close {
        /// The report
        id: String,
    },
}

/// `photo ...`.
#[derive(Debug, Subcommand)]
pub enum PhotoCommand {
    /// Write a photo to a file, fetching it from the relay if this device does not hold it
    Get {
        /// The photo's SHA-256
        hash: String,
        /// Where to write it
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
}
