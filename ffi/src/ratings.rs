//! The rest of the command line's service and group calls on the phone: one order as `order
//! show` gives it, the ratings per team and per volunteer (`rate teams`, 邀邻评事), and taking
//! back an invite code (`group revoke`, staff; the relay refuses anyone else).

use jinlin_model::docs::order::ratings::RatingLine as CoreLine;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::orders::OrderView;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::views::doc_id;

/// How one team or volunteer was rated.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RatingLineView {
    /// The team's or the member's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// How many ratings.
    pub rated: i64,
    /// The average stars, 1 to 5.
    pub average: f64,
}

/// The ratings of a group's help, best first.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RatingsView {
    /// Per team.
    pub teams: Vec<RatingLineView>,
    /// Per volunteer.
    pub members: Vec<RatingLineView>,
}

fn line(l: CoreLine) -> RatingLineView {
    RatingLineView {
        id: l.id,
        name: l.name,
        rated: i64::try_from(l.rated).unwrap_or(i64::MAX),
        average: l.average,
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// One order with its acceptances and rating.
    pub async fn order(&self, order_id: String) -> Result<OrderView, JinlinError> {
        self.with_device(move |d| Ok(d.order(doc_id(&order_id)?)?.into())).await
    }

    /// How a group's teams and volunteers were rated, from the orders, requests and needs on
    /// this phone.
    pub async fn ratings(&self, group_id: String) -> Result<RatingsView, JinlinError> {
        self.with_device(move |d| {
            let r = d.ratings(doc_id(&group_id)?)?;
            Ok(RatingsView {
                teams: r.teams.into_iter().map(line).collect(),
                members: r.members.into_iter().map(line).collect(),
            })
        })
        .await
    }

    /// Staff: takes back an invite code; nobody can join with it any more.
    pub async fn revoke_invite(&self, code: String) -> Result<(), JinlinError> {
        let device = self.device().clone();
        spawn(async move { Ok(registered(&device)?.revoke_invite(code.trim()).await?) }).await
    }
}
