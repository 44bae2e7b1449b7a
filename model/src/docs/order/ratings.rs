//! What the ratings say (邀邻评事): per team and per team member or volunteer, how many rated
//! orders, help requests and claimed needs of the board and their average, as staff see them;
//! and how many neighbours a member has helped, as they see it themselves. Pure functions of the orders and requests a device holds, so every device that
//! holds the same documents shows the same numbers.

use serde::{Deserialize, Serialize};

use crate::docs::need::NeedView;
use crate::docs::order::OrderView;
use crate::ids::MemberId;
use crate::kinds::{BoardStatus, OrderStatus, SignupState, Status};
use crate::{GroupView, RequestView};

/// The ratings of one team or one team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingLine {
    /// The team's key, or the member's id.
    pub id: String,
    /// The team's or the member's name.
    pub name: String,
    /// How many rated orders.
    pub rated: usize,
    /// Their average, in stars (0 when none).
    pub average: f64,
}

/// Ratings per team and per team member, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ratings {
    /// Per team (the team whose member accepted the order, or a need was claimed for).
    pub teams: Vec<RatingLine>,
    /// Per team member who accepted an order, per volunteer confirmed on a rated request, and
    /// per claimant whose claim of a rated need stood.
    pub members: Vec<RatingLine>,
}

/// The ratings of the rated orders among `orders` of `group`, of the volunteers confirmed on
/// the rated help requests among `requests`, and of the claimants (and their teams) of the rated
/// needs among `needs` of `group`.
pub fn summary(orders: &[OrderView], requests: &[RequestView], needs: &[NeedView], group: &GroupView) -> Ratings {
    let mut teams: Vec<(String, String, Vec<i64>)> = Vec::new();
    let mut members: Vec<(String, String, Vec<i64>)> = Vec::new();
    let add = |lines: &mut Vec<(String, String, Vec<i64>)>, id: String, name: String, stars: i64| match lines
        .iter_mut()
        .find(|l| l.0 == id)
    {
        Some(l) => l.2.push(stars),
        None => lines.push((id, name, vec![stars])),
    };
    for o in orders
        .iter()
        .filter(|o| o.group_id == group.id && o.status == OrderStatus::Rated)
    {
        let (Some(rating), Some(team)) = (&o.rating, &o.team) else {
            continue;
        };
        let name = group.team(team).map_or_else(|| team.clone(), |t| t.name.clone());
        add(&mut teams, team.clone(), name, rating.stars);
        if let Some(by) = o.accepted_by() {
            add(
                &mut members,
                by.member_id.to_string(),
                by.member_name.clone(),
                rating.stars,
            );
        }
    }
    for r in requests.iter().filter(|r| r.status == Status::Done) {
        let Some(rating) = &r.rating else { continue };
        for s in r.signups.iter().filter(|s| s.state == SignupState::Confirmed) {
            add(
                &mut members,
                s.member_id.to_string(),
                s.member_name.clone(),
                rating.stars,
            );
        }
    }
    for n in needs
        .iter()
        .filter(|n| n.group_id == group.id && n.status == BoardStatus::Rated)
    {
        let Some(rating) = &n.rating else { continue };
        let mut teams_of: Vec<&str> = n.claimants().filter_map(|c| c.team.as_deref()).collect();
        teams_of.sort_unstable();
        teams_of.dedup();
        for team in teams_of {
            let name = group.team(team).map_or_else(|| team.to_string(), |t| t.name.clone());
            add(&mut teams, team.to_string(), name, rating.stars);
        }
        for c in n.claimants() {
            add(
                &mut members,
                c.signup.member_id.to_string(),
                c.signup.member_name.clone(),
                rating.stars,
            );
        }
    }
    let lines = |v: Vec<(String, String, Vec<i64>)>| {
        let mut out: Vec<RatingLine> = v
            .into_iter()
            .map(|(id, name, stars)| RatingLine {
                id,
                name,
                rated: stars.len(),
                average: stars.iter().sum::<i64>() as f64 / stars.len() as f64,
            })
            .collect();
        out.sort_by(|a, b| b.average.total_cmp(&a.average).then(a.name.cmp(&b.name)));
        out
    };
    Ratings {
        teams: lines(teams),
        members: lines(members),
    }
}

/// How many neighbours `member` has helped: done help requests where they were a confirmed
/// volunteer, done orders whose acceptance was theirs, and resolved needs whose claim of theirs
/// stood.
pub fn helped(member: MemberId, requests: &[RequestView], orders: &[OrderView], needs: &[NeedView]) -> usize {
    let by_request = requests
        .iter()
        .filter(|r| r.status == Status::Done)
        .filter(|r| r.signup_of(member).is_some_and(|s| s.state == SignupState::Confirmed))
        .count();
    let by_order = orders
        .iter()
        .filter(|o| matches!(o.status, OrderStatus::Done | OrderStatus::Rated))
        .filter(|o| o.accepted_by().is_some_and(|s| s.member_id == member))
        .count();
    let by_need = needs
        .iter()
        .filter(|n| {
            !n.on_the_spot
                && matches!(
                    n.status,
                    BoardStatus::Resolved | BoardStatus::Confirmed | BoardStatus::Rated
                )
        })
        .filter(|n| n.standing_claim_of(member).is_some())
        .count();
    by_request + by_order + by_need
}
