//! The service commands (clap): `team`, `menu`, `order` and `rate` (居民点单、社区派单、团队接单,
//! 邀邻评事). Teams and menu items are named by their id, its start, or their name/title; orders by
//! their id or its start.

use clap::Subcommand;
use jinlin_core::Skill;
use jinlin_model::kinds::{OrderStatus, TeamKind};

/// `team ...`.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Staff: create a team (skill team, property service team, partner organisation)
    Create {
        /// The group the team belongs to
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// Its name
        #[arg(long)]
        name: String,
        /// skill (the default), property or partner
        #[arg(long, value_name = "KIND")]
        kind: Option<TeamKind>,
        /// The skill it gathers
        #[arg(long, value_name = "SKILL")]
        skill: Option<Skill>,
        /// Its leader, a member of the group (name or id); they may add members
        #[arg(long, value_name = "MEMBER")]
        leader: Option<String>,
        /// A group it serves (repeat for more); none: the whole group
        #[arg(long = "serves", value_name = "GROUP_ID")]
        serves: Vec<String>,
    },
    /// The teams of a group
    List {
        /// The group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
    },
    /// Staff or the team's leader: put a member on the team (a member may join a skill team
    /// themselves)
    Add {
        /// The team: its name, id or the start of its id
        team: String,
        /// The group the team belongs to
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// The member (name or id)
        #[arg(long, value_name = "MEMBER")]
        member: String,
    },
    /// Staff or the team's leader: take a member off the team (anyone may leave themselves)
    Remove {
        /// The team: its name, id or the start of its id
        team: String,
        /// The group the team belongs to
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// The member (name or id)
        #[arg(long, value_name = "MEMBER")]
        member: String,
    },
}

/// `menu ...`.
#[derive(Debug, Subcommand)]
pub enum MenuCommand {
    /// Staff: publish an item on the group's service menu
    Add {
        /// The group whose menu it is
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// What it is
        #[arg(long)]
        title: String,
        /// The team that does it (name or id)
        #[arg(long, value_name = "TEAM")]
        team: String,
        /// More about it
        #[arg(long, default_value = "")]
        description: String,
        /// The price in yuan (e.g. 25 or 12.50); free when not given
        #[arg(long, value_name = "YUAN")]
        price: Option<String>,
        /// What the price is for ("per visit")
        #[arg(long)]
        unit: Option<String>,
        /// When the team works ("Mon-Sat 8:00-18:00")
        #[arg(long)]
        hours: Option<String>,
        /// The team takes orders directly (otherwise staff dispatch each order)
        #[arg(long)]
        direct: bool,
    },
    /// The service menu of a group
    List {
        /// The group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
    },
    /// Staff: take an item off the menu (orders already placed go on)
    Withdraw {
        /// The item: its title, id or the start of its id
        item: String,
        /// The group whose menu it is
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
    },
}

/// `order ...`.
#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Order an item from a group's menu; prints the order
    Place {
        /// The item: its title, id or the start of its id
        item: String,
        /// The group whose menu it is
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// When you would like it done ("Saturday morning")
        #[arg(long, value_name = "TIME")]
        when: Option<String>,
        /// A note for the team
        #[arg(long, default_value = "")]
        note: String,
        /// Order for a neighbour without a phone (their name)
        #[arg(long = "for", value_name = "NAME")]
        for_neighbour: Option<String>,
    },
    /// Orders on this device, newest first
    List {
        /// Only this group
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
        /// Only this status
        #[arg(long)]
        status: Option<OrderStatus>,
    },
    /// One order: where it stands, its dispatches and acceptances
    Show {
        /// The order
        id: String,
    },
    /// Staff: dispatch an order to a team
    Dispatch {
        /// The order
        id: String,
        /// The team (name or id)
        #[arg(long, value_name = "TEAM")]
        team: String,
    },
    /// A member of the team: accept the order (the first acceptance to reach the relay stands)
    Accept {
        /// The order
        id: String,
    },
    /// A member of the team: decline the order, passing it back to staff
    Decline {
        /// The order
        id: String,
    },
    /// The team member who accepted it (or staff): mark the order done
    Done {
        /// The order
        id: String,
    },
    /// The resident who ordered: cancel, before anyone accepted
    Cancel {
        /// The order
        id: String,
    },
}

/// `rate ...`.
#[derive(Debug, Subcommand)]
pub enum RateCommand {
    /// The resident who ordered: rate a done order once, 1 to 5 stars
    Order {
        /// The order
        id: String,
        /// 1 to 5
        #[arg(long)]
        stars: i64,
        /// What you would like to say
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// The one who asked: rate a done help request once, 1 to 5 stars
    Request {
        /// The request
        id: String,
        /// 1 to 5
        #[arg(long)]
        stars: i64,
        /// What you would like to say
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// The one who asked: rate a need of the board once staff confirmed it, 1 to 5 stars
    Need {
        /// The need
        id: String,
        /// 1 to 5
        #[arg(long)]
        stars: i64,
        /// What you would like to say
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Staff: the ratings of a group's teams, team members and volunteers
    Teams {
        /// The group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
    },
    /// How many neighbours you have helped
    Helped,
}
