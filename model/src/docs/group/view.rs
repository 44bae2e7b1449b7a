//! A group as a shell shows it: its members, teams and visit intervals, read out of the group
//! document. Serializes to the JSON the command line prints; the ffi maps it one to one.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::ids::{DocId, MemberId};
use crate::kinds::{GroupKind, RiskTier, Role, Skill, TeamKind};

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

/// A team: a skill team (legal aid, mediation, repair, health), a property service team or a
/// partner organisation. It takes orders from the group's service menu.
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
    /// Skill team, property service team or partner organisation (a team made before teams had
    /// kinds is a skill team).
    #[serde(default = "skill_team")]
    pub kind: TeamKind,
    /// Its leader, who adds members, if staff named one.
    #[serde(default)]
    pub leader: Option<MemberId>,
    /// The groups it serves (estates, buildings); empty: the whole group it belongs to.
    #[serde(default)]
    pub serves: Vec<DocId>,
}

fn skill_team() -> TeamKind {
    TeamKind::Skill
}

impl TeamView {
    /// Whether `member` is on the team.
    pub fn has(&self, member: MemberId) -> bool {
        self.members.contains(&member)
    }
}

/// One item of a group's service menu: what a team does at a posted price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuItemView {
    /// The item's key in the group document.
    pub id: String,
    /// What it is ("Fix a leaking tap").
    pub title: String,
    /// More about it.
    pub description: String,
    /// The team that does it (its key in the same group document).
    pub team: String,
    /// The price in fen (1/100 yuan); `None` is free.
    pub price_fen: Option<i64>,
    /// What the price is for ("per visit", "per hour").
    pub unit: Option<String>,
    /// When the team works ("Mon-Sat 8:00-18:00").
    pub hours: Option<String>,
    /// Whether the team takes an order directly; otherwise staff dispatch it.
    pub direct: bool,
    /// When staff took it off the menu, if they did; an item off the menu takes no new orders.
    pub withdrawn_at: Option<Millis>,
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
    /// Teams, by name.
    pub teams: Vec<TeamView>,
    /// The service menu, by title (items taken off it included, marked).
    #[serde(default)]
    pub menu: Vec<MenuItemView>,
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

    /// Whether a household of `tier` last reached at `last_contact` is due for a visit at `now`:
    /// never reached, or its tier's interval has passed since (the rule the phone's `visit due`
    /// query states in SQL, `core/src/store/grid_index.rs`).
    pub fn due(&self, tier: RiskTier, last_contact: Option<Millis>, now: Millis) -> bool {
        let [red, yellow, blue] = self.as_millis();
        let interval = match tier {
            RiskTier::Red => red,
            RiskTier::Yellow => yellow,
            RiskTier::Blue => blue,
        };
        last_contact.is_none_or(|at| at.saturating_add(interval) <= now)
    }
}

impl GroupView {
    /// The member entry for `member`, if they belong to this group.
    pub fn member(&self, member: MemberId) -> Option<&MemberView> {
        self.members.iter().find(|m| m.member_id == member)
    }

    /// The team with key `id`.
    pub fn team(&self, id: &str) -> Option<&TeamView> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The menu item with key `id`.
    pub fn menu_item(&self, id: &str) -> Option<&MenuItemView> {
        self.menu.iter().find(|i| i.id == id)
    }

    /// The skills `member` offers in this group: those of their own entry, and the skill of
    /// every team they are on (a member of the drivers' team is a driver for skill-matched
    /// alerts, whatever their entry says). Each once, their own first.
    pub fn skills_of(&self, member: MemberId) -> Vec<Skill> {
        skills(self.member(member), self.teams.iter().filter(|t| t.has(member)))
    }

    /// Every member's entry and teams, found by member id at once: what reads thousands of
    /// members (an urgent wave across a community) asks [`GroupIndex`] rather than search the
    /// lists for each.
    pub fn index(&self) -> GroupIndex<'_> {
        let mut teams: HashMap<MemberId, Vec<&TeamView>> = HashMap::new();
        for team in &self.teams {
            for member in &team.members {
                teams.entry(*member).or_default().push(team);
            }
        }
        GroupIndex {
            entries: self.members.iter().map(|m| (m.member_id, m)).collect(),
            teams,
        }
    }

    /// Whether `member` is staff of this group (by this document alone; the relay also counts
    /// staff of a group above).
    pub fn is_staff(&self, member: MemberId) -> bool {
        self.member(member).is_some_and(|m| m.role == Role::Staff)
    }
}

/// A group's members by id ([`GroupView::index`]).
#[derive(Debug)]
pub struct GroupIndex<'a> {
    entries: HashMap<MemberId, &'a MemberView>,
    teams: HashMap<MemberId, Vec<&'a TeamView>>,
}

impl GroupIndex<'_> {
    /// The entry of `member`, as [`GroupView::member`].
    pub fn member(&self, member: MemberId) -> Option<&MemberView> {
        self.entries.get(&member).copied()
    }

    /// The skills `member` offers in this group, as [`GroupView::skills_of`].
    pub fn skills_of(&self, member: MemberId) -> Vec<Skill> {
        let teams = self.teams.get(&member).into_iter().flatten().copied();
        skills(self.member(member), teams)
    }
}

/// A member's skills: those of their own entry, then the skill of every team they are on, each
/// once.
fn skills<'a>(own: Option<&MemberView>, teams: impl Iterator<Item = &'a TeamView>) -> Vec<Skill> {
    let own = own.map(|m| m.skills.iter().copied()).into_iter().flatten();
    let mut out: Vec<Skill> = Vec::new();
    for s in own.chain(teams.filter_map(|t| t.skill)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_household_is_due_when_never_reached_or_past_its_tiers_interval() {
        const DAY: Millis = 86_400_000;
        let iv = VisitIntervals::default();
        let now = 100 * DAY;
        assert!(iv.due(RiskTier::Blue, None, now), "never reached");
        assert!(!iv.due(RiskTier::Red, Some(now - 6 * DAY), now));
        assert!(
            iv.due(RiskTier::Red, Some(now - 7 * DAY), now),
            "a red household's week is up"
        );
        assert!(!iv.due(RiskTier::Blue, Some(now - 29 * DAY), now));
    }

    #[test]
    fn a_groups_index_gives_each_member_the_entry_and_skills_a_search_of_its_lists_gives() {
        let entry = |name: &str, skills: Vec<Skill>| MemberView {
            member_id: MemberId::random(),
            name: name.into(),
            role: Role::Volunteer,
            skills,
            building: Some("3".into()),
            unit: None,
            joined_at: 1,
        };
        let team = |id: &str, skill: Option<Skill>, members: Vec<MemberId>| TeamView {
            id: id.into(),
            name: id.into(),
            skill,
            members,
            kind: TeamKind::Skill,
            leader: None,
            serves: Vec::new(),
        };
        let nurse = entry("Lin", vec![Skill::Nurse]);
        let driver = entry("Zhao", vec![Skill::Driver, Skill::Nurse]);
        let bare = entry("He", Vec::new());
        let outsider = MemberId::random();
        let view = GroupView {
            id: DocId::random(),
            kind: GroupKind::Building,
            name: "Building 3".into(),
            parent: None,
            teams: vec![
                team(
                    "drivers",
                    Some(Skill::Driver),
                    vec![nurse.member_id, driver.member_id, outsider],
                ),
                team("carers", Some(Skill::Nurse), vec![driver.member_id]),
                team("friends", None, vec![bare.member_id]),
            ],
            members: vec![nurse, driver, bare],
            menu: Vec::new(),
            visit_intervals: VisitIntervals::default(),
            time_zone: None,
            created_at: 1,
            schema: 1,
            newer_schema: false,
        };
        let index = view.index();
        let everyone = view
            .members
            .iter()
            .map(|m| m.member_id)
            .chain([outsider, MemberId::random()]);
        for member in everyone {
            assert_eq!(index.member(member), view.member(member));
            assert_eq!(index.skills_of(member), view.skills_of(member));
        }
        let lin = view.members[0].member_id;
        assert_eq!(
            index.skills_of(lin),
            [Skill::Nurse, Skill::Driver],
            "her own first, then her team's"
        );
        assert_eq!(index.skills_of(outsider), [Skill::Driver], "on a team without an entry");
    }
}
