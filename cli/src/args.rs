//! The command line, as clap reads it. Names, flags and JSON keys follow the contract in the
//! relay-and-sync issue; additions (`whoami`, `signout`, `group revoke`, `group revoke-device`,
//! `request pick`, `--offline`) only extend it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jinlin_core::{GroupKind, RequestKind, Role, Status};

/// jinlin: a Jinlin device on the command line. Everything works offline; `sync` exchanges
/// with the relay.
#[derive(Debug, Parser)]
#[command(name = "jinlin", version, about, long_about = None)]
pub struct Cli {
    /// Where this device keeps its data [default: $JINLIN_HOME, then ~/.jinlin]
    #[arg(long, global = true, env = "JINLIN_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Print exactly one JSON value on stdout (errors go to stderr)
    #[arg(long, global = true)]
    pub json: bool,

    /// Never contact the relay: changes wait for `jinlin sync`, and commands that need the
    /// relay (register, me, invites, join, sync, watch…) are refused
    #[arg(long, global = true)]
    pub offline: bool,

    /// The language of what is printed for people: zh (Simplified Chinese) or en [default:
    /// $JINLIN_LANG, then the locale: Chinese for a zh_* locale or none, English for any other].
    /// `--json` output is the same in every language
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register this device with a relay under your name
    Register(Register),
    /// Show who this device is and where it syncs
    Whoami,
    /// Sign this device out of its relay for good (sends what is waiting first)
    #[command(alias = "sign-out")]
    Signout {
        /// Sign out even if some of this device's changes have not reached the relay (they are
        /// then never sent)
        #[arg(long)]
        force: bool,
    },
    /// Create, join and inspect neighbour groups
    #[command(subcommand)]
    Group(GroupCommand),
    /// Raise, find and help with requests
    #[command(subcommand)]
    Request(RequestCommand),
    /// Exchange changes with the relay now (exit code 4 when the relay refused something)
    Sync,
    /// List the changes the relay refused, with its reasons (they no longer wait to be sent)
    Refused,
    /// Print live events as JSON lines until interrupted (Ctrl-C)
    Watch,
    /// Run the hospital-ride story on a relay of its own and narrate it (`demo urgent`: the
    /// urgent alert waves; `demo checkin`: a missed daily check-in; `demo community`: an order
    /// from the service menu)
    Demo {
        /// Which story: the sign-up story (default), `urgent`, `checkin` or `community`
        story: Option<DemoStory>,
    },
    /// The household registry of a grid worker's patch
    #[command(subcommand)]
    Household(crate::grid_args::HouseholdCommand),
    /// Door-to-door visits: log, list, due, edit, history, coverage, follow-ups
    #[command(subcommand)]
    Visit(crate::grid_args::VisitCommand),
    /// Needs raised at the door: list, assign, resolve; the board (认领): board, post, claim,
    /// progress, resolve, confirm, figures
    #[command(subcommand)]
    Need(crate::grid_args::NeedCommand),
    /// Photo reports of problems, from raised to closed
    #[command(subcommand)]
    Report(crate::grid_args::ReportCommand),
    /// Photos attached to visits and reports
    #[command(subcommand)]
    Photo(crate::grid_args::PhotoCommand),
    /// Your alert settings on the relay: availability, quiet hours, push
    #[command(subcommand)]
    Me(MeCommand),
    /// Paired neighbours (结对): pair someone living alone, accept, list, show
    #[command(subcommand)]
    Pair(PairCommand),
    /// "I'm fine" (我很好) for today; `checkin deadline | pause | answer | lifeline`
    Checkin {
        #[command(subcommand)]
        cmd: Option<CheckinCommand>,
    },
    /// Teams: skill teams, property service teams, partner organisations
    #[command(subcommand)]
    Team(crate::service_args::TeamCommand),
    /// The service menu a group publishes, each item at its price
    #[command(subcommand)]
    Menu(crate::service_args::MenuCommand),
    /// Order from the menu; staff dispatch, a team member accepts, marks it done
    #[command(subcommand)]
    Order(crate::service_args::OrderCommand),
    /// Rate done help; the ratings of teams and volunteers; how many neighbours you have helped
    #[command(subcommand)]
    Rate(crate::service_args::RateCommand),
    /// Deliberation (议事): put a proposal to a vote, discuss it, see the result
    #[command(subcommand)]
    Proposal(crate::vote_args::ProposalCommand),
    /// Cast your ballot (or your household's) on a proposal; a later vote replaces it until the close
    Vote(crate::vote_args::VoteArgs),
    /// Notices to a group (让邻知事): post, list (pinned first), read, who has read
    #[command(subcommand)]
    Notice(crate::board_args::NoticeCommand),
    /// The relay's web dashboard for staff, grid workers and building leaders
    #[command(subcommand)]
    Dashboard(DashboardCommand),
    /// Sync with neighbours' phones on this network when the relay cannot be reached (a
    /// basement, a power cut): listen, discover, sync
    #[command(subcommand)]
    Peer(PeerCommand),
}

/// `peer ...`.
#[derive(Debug, Subcommand)]
pub enum PeerCommand {
    /// Serve neighbours' phones until interrupted (Ctrl-C), announced on this network by mDNS;
    /// prints `listening on HOST:PORT` first (on stderr with --json, which prints one JSON value
    /// when it stops)
    Listen {
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 8790)]
        port: u16,
        /// Address to listen on
        #[arg(long, default_value = "0.0.0.0")]
        host: String,
        /// Do not announce this phone on the network (mDNS)
        #[arg(long)]
        no_announce: bool,
    },
    /// Sync now with the neighbour's phone listening at HOST:PORT
    Sync {
        /// The phone's address, as `peer listen` or `peer discover` prints it
        #[arg(value_name = "HOST:PORT")]
        addr: String,
        /// The community to sync (id or name; the first one this phone belongs to by default)
        #[arg(long, value_name = "GROUP")]
        community: Option<String>,
    },
    /// Find neighbours' phones listening on this network (mDNS/DNS-SD)
    Discover {
        /// How long to look
        #[arg(long, default_value = "3s", value_parser = crate::duration::parse)]
        wait: std::time::Duration,
    },
}

/// `dashboard ...`.
#[derive(Debug, Subcommand)]
pub enum DashboardCommand {
    /// Sign in the browser showing CODE at RELAY/dashboard, as this device's member
    Approve {
        /// The code the browser shows, like K7QM-3XPA
        code: String,
    },
}

/// `pair ...`.
#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// Pair a person living alone with 1 to 3 neighbours, in order (staff, grid workers)
    Create {
        /// Her building's group
        #[arg(long, value_name = "GROUP_ID")]
        group: String,
        /// Her own phone's member (id, its start, or name)
        #[arg(long, value_name = "MEMBER")]
        person: Option<String>,
        /// The phone that checks in for her, if she has none (a family member's, a neighbour's)
        #[arg(long, value_name = "MEMBER")]
        proxy: Option<String>,
        /// How neighbours know her
        #[arg(long)]
        name: String,
        /// Her building
        #[arg(long, value_name = "B")]
        building: String,
        /// Her unit
        #[arg(long, value_name = "U")]
        unit: Option<String>,
        /// A paired neighbour, MEMBER or MEMBER=PHONE (the number her phone and card show),
        /// with @en if they read her text messages in English (Chinese otherwise); repeat,
        /// first to be alerted first
        #[arg(long = "neighbour", value_name = "MEMBER[=PHONE][@en]", required = true)]
        neighbours: Vec<String>,
        /// Her daily deadline, HH:MM
        #[arg(long, default_value = "10:00")]
        deadline: String,
        /// Minutes after the deadline before the day counts as missed
        #[arg(long, value_name = "MINUTES")]
        grace: Option<u32>,
        /// Minutes each neighbour has to answer before the next is alerted
        #[arg(long, value_name = "MINUTES")]
        wait: Option<u32>,
    },
    /// Accept your side of a pairing (the person, the proxy, or a paired neighbour)
    Accept {
        /// The pairing (id or its start)
        id: String,
    },
    /// The pairings you may see
    List,
    /// One pairing: who, the deadline, the last check-in, who was alerted about her
    Show {
        /// The pairing (id or its start)
        id: String,
    },
}

/// `checkin ...`.
#[derive(Debug, Subcommand)]
pub enum CheckinCommand {
    /// Her daily deadline, HH:MM (the person, the proxy, staff, grid workers)
    Deadline {
        /// The pairing (id or its start)
        id: String,
        /// HH:MM
        time: String,
        /// Minutes of grace after it
        #[arg(long, value_name = "MINUTES")]
        grace: Option<u32>,
    },
    /// Pause the check-in for a while (7d, 36h), or `off` to resume: travelling, in hospital
    Pause {
        /// The pairing (id or its start)
        id: String,
        /// How long (30m, 24h, 7d), or off
        period: String,
    },
    /// Answer an alarm: coming ("I'm on my way"), fine ("she's fine"), needs-help (raises the
    /// urgent hospital request for her at her place)
    Answer {
        /// The pairing (id or its start)
        id: String,
        /// coming, fine or needs-help
        #[arg(value_parser = ["coming", "fine", "needs-help"])]
        answer: String,
        /// What the urgent request says (with needs-help)
        #[arg(long, default_value = "She needs to go to hospital")]
        text: String,
    },
    /// The paired neighbours' numbers, and the text message for when the relay cannot be reached
    Lifeline {
        /// The pairing (id or its start; your own if you have one)
        id: Option<String>,
        /// Print the card for someone without a phone (Chinese first, large print); with
        /// --json, its text is under "card"
        #[arg(long)]
        card: bool,
    },
}

/// The stories `demo` tells. Each one's line in `--help` is in the run's language, from the
/// message `help-demo--story--<name>` (`clap::ValueEnum` is implemented in `lang/help.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStory {
    /// Offline sign-ups that every phone agrees on
    Signups,
    /// A pregnant woman alone at night: alert waves, a decline, two coming, the rest stood down
    Urgent,
    /// A missed "I'm fine": the first neighbour does not answer, the second knocks
    Checkin,
    /// The service menu: a resident orders a repair, staff dispatch it, a team member accepts it
    /// in a basement, it is done and rated
    Community,
}

/// `me ...`.
#[derive(Debug, Subcommand)]
pub enum MeCommand {
    /// Whether you may be alerted for urgent help: on or off
    Availability {
        /// on or off
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Quiet hours, e.g. 22:00-07:00, or `off`; urgent medical requests still come through
    /// unless --no-medical
    QuietHours {
        /// HH:MM-HH:MM, or off
        hours: String,
        /// Hold back urgent medical requests too
        #[arg(long)]
        no_medical: bool,
    },
    /// Where you live, LAT,LON (e.g. 24.4798,118.0894), or `off`: urgent requests with a place
    /// reach the nearest first. Only the relay keeps it; neighbours never see it
    Home {
        /// LAT,LON, or off
        #[arg(allow_hyphen_values = true)]
        location: String,
    },
    /// Where the relay pushes alerts when this phone is offline
    Push {
        /// fcm, apns, huawei, xiaomi or webhook
        #[arg(value_parser = ["fcm", "apns", "huawei", "xiaomi", "webhook"])]
        kind: String,
        /// The device's token with that service (for webhook: the address the gateway uses)
        token: String,
    },
    /// The language the relay's pushes and gateway texts reach you in: zh (the default) or en
    Language {
        /// zh or en (also zh-Hans, zh-CN, en-GB and the like)
        language: String,
    },
}

/// `register`.
#[derive(Debug, Args)]
pub struct Register {
    /// The relay's URL, e.g. http://127.0.0.1:8787
    #[arg(long, value_name = "URL")]
    pub relay: String,
    /// Your name, as neighbours will see it
    #[arg(long)]
    pub name: String,
    /// Your building
    #[arg(long, value_name = "B")]
    pub building: Option<String>,
    /// Your unit
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// The relay's own certificate authority (PEM file), for a community relay whose HTTPS
    /// certificate is not from a public authority: then only it is trusted for this relay
    #[arg(long, value_name = "FILE")]
    pub ca: Option<std::path::PathBuf>,
}

/// `group ...`.
#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group (you become its staff); prints its id
    Create {
        /// The group's name
        name: String,
        /// community, estate or building
        #[arg(long, default_value = "community")]
        kind: GroupKind,
        /// The group it sits in (an estate's community, a building's estate)
        #[arg(long, value_name = "GROUP_ID")]
        parent: Option<String>,
    },
    /// Make an invite code for a group; prints the code
    Invite {
        /// The group
        group_id: String,
        /// The role the invitee gets
        #[arg(long, default_value = "resident")]
        role: Role,
        /// How many times the code may be used
        #[arg(long, default_value_t = 1)]
        uses: u32,
        /// How long the code is valid: 30m, 24h, 7d...
        #[arg(long, default_value = "24h", value_name = "DURATION")]
        expires_in: String,
        /// The building a building-leader invite leads (required for one; staff only)
        #[arg(long)]
        building: Option<String>,
    },
    /// Revoke an invite code
    Revoke {
        /// The code
        code: String,
    },
    /// As staff, cut off a member's lost or handed-on phone: its token stops working at once
    RevokeDevice {
        /// The group (the member is in it or in a group below it)
        group_id: String,
        /// The member whose device is revoked: their name or the start of their id
        #[arg(value_name = "MEMBER")]
        member_id: String,
    },
    /// Join a group with an invite code
    Join {
        /// The code
        code: String,
        /// Your building (defaults to the one you registered with)
        #[arg(long, value_name = "B")]
        building: Option<String>,
        /// Your unit
        #[arg(long, value_name = "U")]
        unit: Option<String>,
    },
    /// List the groups on this device
    List,
    /// List a group's members
    Members {
        /// The group
        group_id: String,
    },
    /// Show a group's time zone, or (as staff) name it: urgent alerts widen faster at night by
    /// its clock
    TimeZone {
        /// The group
        group_id: String,
        /// An IANA time zone, e.g. Asia/Shanghai or America/New_York
        zone: Option<String>,
        /// Clear the group's time zone: it follows the group it sits in (or UTC+8)
        #[arg(long, conflicts_with = "zone")]
        clear: bool,
    },
    /// Show a group's visit intervals per risk tier, or (as staff) set them: days between visits
    Intervals {
        /// The group
        group_id: String,
        /// Days between visits to a red-tier household
        #[arg(long, value_name = "DAYS")]
        red: Option<i64>,
        /// Days between visits to a yellow-tier household
        #[arg(long, value_name = "DAYS")]
        yellow: Option<i64>,
        /// Days between visits to a blue-tier household
        #[arg(long, value_name = "DAYS")]
        blue: Option<i64>,
    },
}

/// `request ...`.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Ask neighbours for help; prints the request id (works offline)
    Raise(Raise),
    /// List requests: open before finished, then urgent and nearest first
    List {
        /// Only this group (and the groups inside it)
        #[arg(long, value_name = "GROUP_ID")]
        group: Option<String>,
        /// open, in-progress, done or cancelled
        #[arg(long)]
        status: Option<Status>,
    },
    /// Show one request with its volunteers and comments
    Show {
        /// The request (its id, or the start of it)
        id: String,
    },
    /// Sign up to help
    Accept {
        /// The request
        id: String,
    },
    /// Withdraw your sign-up (the first on standby moves up)
    Withdraw {
        /// The request
        id: String,
    },
    /// Mark the request in progress
    Start {
        /// The request
        id: String,
    },
    /// Mark the request done
    Done {
        /// The request
        id: String,
    },
    /// Cancel your request
    Cancel {
        /// The request
        id: String,
    },
    /// Comment on a request
    Comment {
        /// The request
        id: String,
        /// What to say
        text: String,
    },
    /// Decline an urgent alert: it passes to the next nearest neighbour at once
    Decline {
        /// The request
        id: String,
    },
    /// Show an urgent request's alert receipts: alerted, delivered, seen, coming
    Alerts {
        /// The request
        id: String,
        /// Follow the waves until enough people are coming (or Ctrl-C), one line per change
        /// (with --json: one JSON object per line, like `watch`)
        #[arg(long)]
        follow: bool,
    },
    /// As the requester, pick a volunteer by hand
    Pick {
        /// The request
        id: String,
        /// The volunteer: their name or the start of their id
        #[arg(value_name = "MEMBER")]
        member_id: String,
    },
}

/// `request raise`.
#[derive(Debug, Args)]
pub struct Raise {
    /// The group to ask in (may be left out when this device has one group; an urgent request
    /// then goes to your own building, else estate, else community)
    #[arg(long, value_name = "GROUP_ID")]
    pub group: Option<String>,
    /// hospital, errand, repair, companionship, legal or other
    #[arg(long)]
    pub kind: RequestKind,
    /// Alert the nearest neighbours at once
    #[arg(long)]
    pub urgent: bool,
    /// How many volunteers are needed
    #[arg(long, default_value_t = 1)]
    pub slots: i64,
    /// Raise it for a neighbour without a phone (where: --building and --unit, needed when urgent)
    #[arg(long = "for", value_name = "NAME")]
    pub on_behalf_of: Option<String>,
    /// Where (defaults to your building and unit; with --for, the neighbour's building)
    #[arg(long, value_name = "B")]
    pub building: Option<String>,
    /// Which unit
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// Where exactly, LAT,LON (a phone's GPS fix): the nearest neighbours by distance first
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    pub at: Option<String>,
    /// What is needed, in your own words (may be left out with --urgent: the kind, urgency and
    /// place say it, and each reader's phone words them in its own language)
    #[arg(long)]
    pub text: Option<String>,
    /// With --urgent on a terminal: return at once instead of following the alert waves and
    /// receipts (with --json, or when not on a terminal, it always returns at once; follow with
    /// `request alerts ID --follow`)
    #[arg(long)]
    pub no_wait: bool,
}
