//! The figures communities report about their board (听邻说事、帮邻办事): needs collected, fixed
//! on the spot, claimed and resolved, per month (in the group's time zone) and per team. A pure
//! function of the needs a device holds, so every device holding the same needs reports the same
//! numbers.

use serde::{Deserialize, Serialize};

use crate::GroupView;
use crate::dates::{DEFAULT_OFFSET_MINUTES, Date};
use crate::docs::need::NeedView;
use crate::kinds::BoardStatus;

/// The counts of one month, one team, or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Needs collected (posted, wishes included; withdrawn ones too).
    pub collected: usize,
    /// Fixed at the door, never needing the board.
    pub on_the_spot: usize,
    /// Claimed by someone whose claim stands (now or when it was resolved).
    pub claimed: usize,
    /// Resolved by a claimant (confirmed by staff or not yet).
    pub resolved: usize,
    /// Of those, confirmed by staff.
    pub confirmed: usize,
}

/// One month's counts, `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// The month, `YYYY-MM`, in the group's time zone.
    pub month: String,
    /// Its counts (of needs posted that month).
    #[serde(flatten)]
    pub counts: Counts,
}

/// One team's counts: the needs claimed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCounts {
    /// The team's key.
    pub team: String,
    /// Its name.
    pub name: String,
    /// Its counts (collected and on the spot are 0: a team claims, it does not collect).
    #[serde(flatten)]
    pub counts: Counts,
}

/// The board's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// All needs of the group.
    pub total: Counts,
    /// Per month the needs were posted in, oldest first.
    pub months: Vec<MonthCounts>,
    /// Per team the needs were claimed for, most resolved first.
    pub teams: Vec<TeamCounts>,
}

fn count(c: &mut Counts, n: &NeedView) {
    c.collected += 1;
    if n.on_the_spot {
        c.on_the_spot += 1;
        return;
    }
    let resolved = matches!(
        n.status,
        BoardStatus::Resolved | BoardStatus::Confirmed | BoardStatus::Rated
    );
    if resolved || n.status == BoardStatus::Claimed {
        c.claimed += 1;
    }
    if resolved {
        c.resolved += 1;
    }
    if matches!(n.status, BoardStatus::Confirmed | BoardStatus::Rated) {
        c.confirmed += 1;
    }
}

/// The figures of `needs` posted to `group`.
pub fn figures(needs: &[NeedView], group: &GroupView) -> Figures {
    let mut total = Counts::default();
    let mut months: std::collections::BTreeMap<String, Counts> = Default::default();
    let mut teams: Vec<TeamCounts> = Vec::new();
    for n in needs.iter().filter(|n| n.group_id == group.id) {
        count(&mut total, n);
        let offset = group
            .time_zone
            .as_deref()
            .and_then(|z| crate::zone::offset_minutes(z, n.created_at))
            .unwrap_or(DEFAULT_OFFSET_MINUTES);
        let d = Date::at(n.created_at, offset);
        count(months.entry(format!("{:04}-{:02}", d.year, d.month)).or_default(), n);
        let mut claimed_for: Vec<&str> = n.claimants().filter_map(|c| c.team.as_deref()).collect();
        claimed_for.dedup();
        for team in claimed_for {
            let line = match teams.iter().position(|t| t.team == team) {
                Some(i) => &mut teams[i],
                None => {
                    teams.push(TeamCounts {
                        team: team.to_string(),
                        name: group.team(team).map_or_else(|| team.to_string(), |t| t.name.clone()),
                        counts: Counts::default(),
                    });
                    teams.last_mut().expect("just pushed")
                }
            };
            count(&mut line.counts, n);
            line.counts.collected = 0;
        }
    }
    teams.sort_by(|a, b| b.counts.resolved.cmp(&a.counts.resolved).then(a.name.cmp(&b.name)));
    Figures {
        total,
        months: months
            .into_iter()
            .map(|(month, counts)| MonthCounts { month, counts })
            .collect(),
        teams,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::need::{self, NewNeed};
    use crate::docs::order::rules::tests::group_with;
    use crate::docs::request::{self, Actor};
    use crate::ids::{DocId, MemberId};
    use crate::kinds::NeedSource;

    #[test]
    fn figures_count_collected_on_the_spot_claimed_and_resolved_per_month_and_team() {
        let (sun, li) = (MemberId::random(), MemberId::random());
        let mut group = group_with(&[li]);
        group.time_zone = Some("Asia/Shanghai".into());
        let staff = Actor { id: sun, name: "Sun" };
        let post = |spot: bool, at| {
            let new = NewNeed {
                source: Some(NeedSource::Visit),
                title: "Need".into(),
                on_the_spot: spot,
                ..NewNeed::default()
            };
            need::create(DocId::random(), group.id, &new, staff, true, at).expect("need")
        };
        // 2026-03-31T20:00Z is already April in Shanghai.
        let march = 1_774_900_000_000;
        let april = 1_774_987_200_000;
        let mut fixed = post(false, april);
        need::claim(&mut fixed, Actor { id: li, name: "Li" }, Some("crew"), &group, april).expect("claim");
        request::record_relay_order(&mut fixed).expect("order");
        need::resolve(&mut fixed, li, "Done", april + 1).expect("resolve");
        let views: Vec<NeedView> = [post(true, march), post(false, march), fixed]
            .iter()
            .map(|d| need::read(d).expect("view"))
            .collect();
        let f = figures(&views, &group);
        assert_eq!(
            (
                f.total.collected,
                f.total.on_the_spot,
                f.total.claimed,
                f.total.resolved
            ),
            (3, 1, 1, 1)
        );
        assert_eq!(
            f.months
                .iter()
                .map(|m| (m.month.as_str(), m.counts.collected))
                .collect::<Vec<_>>(),
            vec![("2026-03", 2), ("2026-04", 1)]
        );
        assert_eq!(f.teams.len(), 1);
        assert_eq!(
            (f.teams[0].name.as_str(), f.teams[0].counts.resolved),
            ("Property crew", 1)
        );
    }
}
