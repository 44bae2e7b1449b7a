//! The small vocabularies of the domain: kinds of group and request, roles, skills, statuses.
//! Each has one spelling, used in documents, on the wire, in the command line and in JSON.
//! Spellings a newer version of Jinlin may add parse to a catch-all instead of failing, so an
//! old device can still show such a document.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The error returned when a word is not one of a vocabulary's spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind}; expected one of: {expected}")]
pub struct UnknownWord {
    /// The vocabulary ("request kind", "role", ...).
    pub kind: &'static str,
    /// The word given.
    pub value: String,
    /// The accepted spellings, comma-separated.
    pub expected: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $label:literal, { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The one spelling of this value.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($word => Ok($name::$variant),)+ _ => Err(UnknownWord {
                    kind: $label,
                    value: s.chars().take(40).collect(),
                    expected: [$($word),+].join(", "),
                }) }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary!(
    /// Which kind of document a document is; what every rule switches on. Stored
    /// and sent as its word; see `docs/` for each kind's folder.
    DocKind, "document kind", {
        /// A community, estate or building: members, roles, teams, settings.
        Group => "group",
        /// A help request: who asked, the sign-ups, the comments.
        Request => "request",
        /// A household on the grid worker's registry: residents, visits, needs.
        Household => "household",
        /// A resident's photo report and its steps.
        Report => "report",
        /// A resident's order of an item on the community's service menu, and its way to done.
        Order => "order",
        /// A proposal residents deliberate on and vote on (议事): its discussion and ballots.
        Proposal => "proposal",
        /// A need on the community's board (认领): claimed, resolved, confirmed, rated.
        Need => "need",
        /// A notice to a group (让邻知事), and who has read it.
        Notice => "notice",
    }
);

vocabulary!(
    /// Where a group sits in the neighbourhood.
    GroupKind, "group kind", {
        /// A whole community (社区).
        Community => "community",
        /// An estate (小区) inside a community.
        Estate => "estate",
        /// One building of an estate.
        Building => "building",
    }
);

impl GroupKind {
    /// Whether a group of kind `child` may sit inside a group of this kind: a building in an
    /// estate or a community, an estate in a community. The relay refuses any other nesting,
    /// and a device refuses it before writing anything.
    pub fn may_contain(self, child: GroupKind) -> bool {
        self.rank() < child.rank()
    }

    fn rank(self) -> u8 {
        match self {
            GroupKind::Community => 0,
            GroupKind::Estate => 1,
            GroupKind::Building => 2,
        }
    }
}

vocabulary!(
    /// A member's role in a group.
    Role, "role", {
        /// Lives here.
        Resident => "resident",
        /// Offers help.
        Volunteer => "volunteer",
        /// Speaks for a building (楼栋长).
        BuildingLeader => "building-leader",
        /// A grid worker (网格员).
        GridWorker => "grid-worker",
        /// Community staff: runs the group.
        Staff => "staff",
    }
);

impl Role {
    /// Whether this role may invite members with role `other`.
    pub fn may_invite(&self, other: Role) -> bool {
        match other {
            // Roles that decide access (a leader reads their building's households) come from
            // staff only.
            Role::Staff | Role::GridWorker | Role::BuildingLeader => *self == Role::Staff,
            _ => matches!(self, Role::Staff | Role::GridWorker | Role::BuildingLeader),
        }
    }
}

vocabulary!(
    /// What kind of help a request asks for.
    RequestKind, "request kind", {
        /// A ride to hospital.
        Hospital => "hospital",
        /// Shopping, medicine, a delivery.
        Errand => "errand",
        /// Something broken at home.
        Repair => "repair",
        /// Someone to be with.
        Companionship => "companionship",
        /// Legal advice.
        Legal => "legal",
        /// Anything else.
        Other => "other",
    }
);

impl RequestKind {
    /// The skill that fits this kind of request best, if any.
    pub fn skill(&self) -> Option<Skill> {
        match self {
            RequestKind::Hospital => Some(Skill::Driver),
            RequestKind::Repair => Some(Skill::Electrician),
            RequestKind::Legal => Some(Skill::Legal),
            _ => None,
        }
    }
    /// Reads a kind written by any version: unknown words become [`RequestKind::Other`].
    pub fn lenient(s: &str) -> Self {
        s.parse().unwrap_or(RequestKind::Other)
    }
}

vocabulary!(
    /// A skill a member offers; skill teams are built from them.
    Skill, "skill", {
        /// Can drive a car.
        Driver => "driver",
        /// Nursing or first aid.
        Nurse => "nurse",
        /// Electrical and general repairs.
        Electrician => "electrician",
        /// Legal aid.
        Legal => "legal",
        /// Mediation of disputes.
        Mediation => "mediation",
        /// Tutoring children.
        Tutoring => "tutoring",
        /// Plumbing.
        Plumber => "plumber",
    }
);

vocabulary!(
    /// Where a request stands. `Done` and `Cancelled` are final.
    Status, "status", {
        /// Waiting for volunteers.
        Open => "open",
        /// Help is on the way.
        InProgress => "in-progress",
        /// Helped. Final; wins over a concurrent cancel.
        Done => "done",
        /// Called off. Final.
        Cancelled => "cancelled",
    }
);

impl Status {
    /// Done and cancelled requests never change again.
    pub fn is_final(&self) -> bool {
        matches!(self, Status::Done | Status::Cancelled)
    }
}

vocabulary!(
    /// Where one sign-up stands in a request's view.
    SignupState, "sign-up state", {
        /// Counted among the volunteers who are coming.
        Confirmed => "confirmed",
        /// Waiting in line; moves up when a confirmed volunteer withdraws.
        Standby => "standby",
        /// Made offline; its place in line is set when it reaches the relay.
        Tentative => "tentative",
    }
);

vocabulary!(
    /// How closely a household is watched; sets how often it is visited.
    RiskTier, "risk tier", {
        /// Visit weekly (by default).
        Red => "red",
        /// Visit every two weeks.
        Yellow => "yellow",
        /// Visit monthly.
        Blue => "blue",
    }
);

impl RiskTier {
    /// Days between visits unless the group sets otherwise.
    pub fn default_interval_days(&self) -> i64 {
        match self {
            RiskTier::Red => 7,
            RiskTier::Yellow => 14,
            RiskTier::Blue => 30,
        }
    }
}

vocabulary!(
    /// Circumstances a grid worker notes about a household.
    HouseholdFlag, "household flag", {
        /// Someone lives alone.
        LivesAlone => "lives-alone",
        /// Elderly residents.
        Elderly => "elderly",
        /// A resident with a disability.
        Disability => "disability",
        /// On a low income.
        LowIncome => "low-income",
    }
);

vocabulary!(
    /// How a door-to-door visit went.
    VisitOutcome, "visit outcome", {
        /// Met the residents.
        Met => "met",
        /// Nobody answered.
        NotHome => "not-home",
        /// The residents declined.
        Refused => "refused",
    }
);

vocabulary!(
    /// Where a need (诉求) stands.
    NeedStatus, "need status", {
        /// Written down.
        Recorded => "recorded",
        /// Handed to a team or a member, with a due date.
        Assigned => "assigned",
        /// Done.
        Resolved => "resolved",
    }
);

vocabulary!(
    /// Where a resident's photo report of a problem stands.
    ReportStatus, "report status", {
        /// Sent by the resident.
        Raised => "raised",
        /// Given to someone to fix.
        Assigned => "assigned",
        /// Reported fixed.
        Fixed => "fixed",
        /// A grid worker checked the fix.
        Checked => "checked",
        /// Closed.
        Closed => "closed",
    }
);

vocabulary!(
    /// What sort of team takes orders and answers calls.
    TeamKind, "team kind", {
        /// Neighbours gathered by a skill (厝边帮帮团, 能人服务队, mediators, legal aid).
        Skill => "skill",
        /// A property service team for estates with no property company.
        Property => "property",
        /// A partner organisation of the community (a clinic, a repair shop).
        Partner => "partner",
    }
);

vocabulary!(
    /// Where a resident's order of a menu item stands.
    OrderStatus, "order status", {
        /// Ordered; waiting for staff to dispatch it (or for the team to take it directly).
        Ordered => "ordered",
        /// Dispatched to a team; waiting for one of its members to accept.
        Dispatched => "dispatched",
        /// A team member accepted it.
        Accepted => "accepted",
        /// Done.
        Done => "done",
        /// Done, and rated by the resident who ordered it.
        Rated => "rated",
        /// Cancelled by the resident before anyone accepted it.
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// How a proposal's ballot is filled in.
    BallotKind, "ballot kind", {
        /// Yes, no or abstain.
        YesNo => "yes-no",
        /// One of the proposal's options.
        OneOf => "one-of",
        /// Several of the proposal's options (at most the number it states).
        SeveralOf => "several-of",
    }
);

vocabulary!(
    /// Where a need on the board stands (认领).
    BoardStatus, "board status", {
        /// A resident's small wish (微心愿), not yet put on the board by staff.
        Wish => "wish",
        /// On the board; nobody's claim stands yet.
        Open => "open",
        /// Claimed: a claim stands (or as many as the need takes).
        Claimed => "claimed",
        /// The claimant says it is resolved; staff have not confirmed it yet.
        Resolved => "resolved",
        /// Staff confirmed it is resolved.
        Confirmed => "confirmed",
        /// Confirmed, and rated by the one who asked.
        Rated => "rated",
        /// Taken off the board before it was resolved.
        Withdrawn => "withdrawn",
    }
);

vocabulary!(
    /// Who votes on a proposal.
    Electorate, "electorate", {
        /// Every member of the group (and of the groups inside it) on the roll: one vote each.
        Members => "members",
        /// One household one vote (一户一票): any adult member linked to a household casts its
        /// ballot; the latest before the close counts.
        Households => "households",
    }
);

vocabulary!(
    /// The share of the yes-or-no votes (or of the ballots, for options) a proposal needs.
    Threshold, "threshold", {
        /// More than half.
        Majority => "majority",
        /// At least two thirds.
        TwoThirds => "two-thirds",
    }
);

vocabulary!(
    /// Where a proposal stands, by the time it is read at.
    ProposalStatus, "proposal status", {
        /// Being discussed; voting has not opened.
        Discussion => "discussion",
        /// Ballots are being cast.
        Voting => "voting",
        /// The vote is closed; the result is final.
        Closed => "closed",
    }
);

vocabulary!(
    /// Where a need on the board came from.
    NeedSource, "need source", {
        /// A grid worker's visit (what the household agreed to share).
        Visit => "visit",
        /// A resident's photo report.
        Report => "report",
        /// A resident's small wish (微心愿).
        Wish => "wish",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses_back() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
        }
        for status in Status::ALL {
            assert_eq!(status.to_string().parse::<Status>(), Ok(*status));
        }
    }

    #[test]
    fn an_unknown_word_lists_the_choices() {
        let err = "taxi".parse::<RequestKind>().expect_err("not a kind");
        assert!(err.to_string().contains("hospital, errand"), "{err}");
        assert_eq!(RequestKind::lenient("taxi"), RequestKind::Other);
    }

    #[test]
    fn only_staff_invite_staff_and_grid_workers() {
        assert!(Role::Staff.may_invite(Role::GridWorker));
        assert!(!Role::GridWorker.may_invite(Role::Staff));
        assert!(!Role::BuildingLeader.may_invite(Role::GridWorker));
        assert!(Role::BuildingLeader.may_invite(Role::Resident));
        assert!(!Role::Resident.may_invite(Role::Resident));
    }
}

vocabulary!(
    /// How a voice note is encoded: what the phones record and play.
    AudioType, "audio type", {
        /// AAC in an MPEG-4 container (`.m4a`): Android's MediaRecorder and iOS's AVAudioRecorder.
        Aac => "audio/mp4",
        /// Opus in an Ogg container.
        Opus => "audio/ogg",
    }
);
