//! A group as a shell shows it: its members, teams and visit intervals, read out of the group
//! document. Serializes to the JSON the command line prints; the ffi maps it one to one.

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::ids::{DocId, MemberId};
use crate::kinds::{GroupKind, RiskTier, Role, Skill};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    /// The member.
    pub member_id: MemberId,
    /// Display name.
    pub name: String,
    /// Role in this group.
    pub role: Role,
    /// Skills offered.
    pub skills: Vec<Skill>,
    /// Home building.
    pub building: Option<String>,
    /// Home unit.
    pub unit: Option<String>,
    /// Joined at.
    pub joined_at: Millis,
}

/// A skill team (legal aid, mediation, repair, health).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    /// The team's key in the group document.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The skill it gathers, if any.
    pub skill: Option<Skill>,
    /// Its members.
    pub members: Vec<MemberId>,
}

/// A neighbour group: a community, an estate or a building.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    /// The group.
    pub id: DocId,
    /// Community, estate or building.
    pub kind: GroupKind,
    /// Its name.
    pub name: String,
    /// The group it sits in.
    pub parent: Option<DocId>,
    /// Members, by name.
    pub members: Vec<MemberView>,
    /// Skill teams, by name.
    pub teams: Vec<TeamView>,
    /// Days between grid-worker visits for each risk tier.
    #[serde(default)]
    pub visit_intervals: VisitIntervals,
    /// The group's time zone (an IANA name), if staff set one; groups inside it that set none
    /// share it.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Created at.
    pub created_at: Millis,
    /// Schema version the document was written with.
    pub schema: i64,
    /// True when a newer version of Jinlin wrote this document.
    pub newer_schema: bool,
}

/// Days between visits for red, yellow and blue households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitIntervals {
    /// Red tier.
    pub red: i64,
    /// Yellow tier.
    pub yellow: i64,
    /// Blue tier.
    pub blue: i64,
}

impl Default for VisitIntervals {
    fn default() -> Self {
        VisitIntervals {
            red: RiskTier::Red.default_interval_days(),
            yellow: RiskTier::Yellow.default_interval_days(),
            blue: RiskTier::Blue.default_interval_days(),
        }
    }
}

impl VisitIntervals {
    /// The intervals in milliseconds, red, yellow, blue.
    pub fn as_millis(&self) -> [i64; 3] {
        [self.red, self.yellow, self.blue].map(|d| d * 86_400_000)
    }
}

impl GroupView {
    /// The member entry for `member`, if they belong to this group.
    pub fn member(&self, member: MemberId) -> Option<&MemberView> {
        self.members.iter().find(|m| m.member_id == member)
    }
}
