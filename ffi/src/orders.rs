//! The service menu and orders from the phone's side (居民点单、社区派单、团队接单, 邀邻评事): the
//! menu a group publishes, placing an order, the team's steps (accept, decline, done), staff's
//! dispatch, cancelling and rating, and the count of neighbours helped. Records map one to one
//! from the core's order view; the core refuses each step to whoever may not take it, and these
//! calls pass that refusal on as `NotAllowed`.

use std::time::SystemTime;

use jinlin_core::{Device, DocId};
use jinlin_model::docs::group::view::MenuItemView as CoreItem;
use jinlin_model::docs::order::{NewOrder, OrderView as CoreOrder};

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::OrderStatus;
use crate::numbers::to_i32;
use crate::time::to_system_time;
use crate::views::{SignupView, doc_id};

/// One item of a group's service menu.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MenuItemView {
    /// The item's key.
    pub id: String,
    /// What it is.
    pub title: String,
    /// More about it.
    pub description: String,
    /// The team that does it.
    pub team: String,
    /// The price in fen (1/100 yuan); none is free.
    pub price_fen: Option<i64>,
    /// What the price is for.
    pub unit: Option<String>,
    /// When the team works.
    pub hours: Option<String>,
    /// Whether the team takes an order directly.
    pub direct: bool,
    /// Taken off the menu: takes no new orders.
    pub withdrawn: bool,
}

impl From<CoreItem> for MenuItemView {
    fn from(v: CoreItem) -> Self {
        Self {
            id: v.id,
            title: v.title,
            description: v.description,
            team: v.team,
            price_fen: v.price_fen,
            unit: v.unit,
            hours: v.hours,
            direct: v.direct,
            withdrawn: v.withdrawn_at.is_some(),
        }
    }
}

/// An order, where it stands, and who has it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct OrderView {
    /// The order.
    pub id: String,
    /// The group whose menu it was ordered from.
    pub group_id: String,
    /// The item's title.
    pub title: String,
    /// The price in fen when ordered; none is free.
    pub price_fen: Option<i64>,
    /// Where it stands.
    pub status: OrderStatus,
    /// Who it is for.
    pub requester_name: String,
    /// When they would like it done.
    pub preferred_time: Option<String>,
    /// Their note.
    pub note: String,
    /// The team that has it now.
    pub team: Option<String>,
    /// Acceptances of the current dispatch: confirmed, standby, tentative.
    pub acceptances: Vec<SignupView>,
    /// The rating's stars, once rated.
    pub stars: Option<i64>,
    /// Ordered at.
    pub created_at: SystemTime,
}

impl From<CoreOrder> for OrderView {
    fn from(v: CoreOrder) -> Self {
        Self {
            id: v.id.to_string(),
            group_id: v.group_id.to_string(),
            title: v.title,
            price_fen: v.price_fen,
            status: v.status.into(),
            requester_name: v.requester.name,
            preferred_time: v.preferred_time,
            note: v.note,
            team: v.team,
            acceptances: v.acceptances.into_iter().map(Into::into).collect(),
            stars: v.rating.map(|r| r.stars),
            created_at: to_system_time(v.created_at),
        }
    }
}

impl JinlinClient {
    async fn on_order<F>(&self, order_id: String, f: F) -> Result<OrderView, JinlinError>
    where
        F: FnOnce(&Device, DocId) -> jinlin_core::Result<()> + Send + 'static,
    {
        self.with_device(move |d| {
            let id = doc_id(&order_id)?;
            f(d, id)?;
            Ok(d.order(id)?.into())
        })
        .await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// The service menu of a group.
    pub async fn menu(&self, group_id: String) -> Result<Vec<MenuItemView>, JinlinError> {
        self.with_device(move |d| Ok(d.menu(doc_id(&group_id)?)?.into_iter().map(Into::into).collect()))
            .await
    }

    /// Orders an item of a group's menu, for oneself or (`on_behalf_of`) a neighbour without a
    /// phone. Saved at once; it leaves with the next sync.
    pub async fn place_order(
        &self,
        group_id: String,
        item_id: String,
        preferred_time: Option<String>,
        note: String,
        on_behalf_of: Option<String>,
    ) -> Result<OrderView, JinlinError> {
        self.with_device(move |d| {
            let new = NewOrder {
                preferred_time,
                note,
                on_behalf_of,
            };
            let id = d.place_order(doc_id(&group_id)?, &item_id, &new)?;
            Ok(d.order(id)?.into())
        })
        .await
    }

    /// Orders on this device (of one group, or all), newest first.
    pub async fn orders(&self, group_id: Option<String>) -> Result<Vec<OrderView>, JinlinError> {
        self.with_device(move |d| {
            let group = group_id.as_deref().map(doc_id).transpose()?;
            Ok(d.orders(group, None)?.into_iter().map(Into::into).collect())
        })
        .await
    }

    /// Staff: dispatches an order to a team of its group.
    pub async fn dispatch_order(&self, order_id: String, team_id: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, move |d, id| d.dispatch_order(id, &team_id))
            .await
    }

    /// A team member accepts the order; the first acceptance to reach the relay stands.
    pub async fn accept_order(&self, order_id: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, |d, id| d.accept_order(id).map(drop)).await
    }

    /// A team member declines the order, passing it back to staff.
    pub async fn decline_order(&self, order_id: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, |d, id| d.decline_order(id)).await
    }

    /// The team member who accepted it (or staff) marks the order done.
    pub async fn finish_order(&self, order_id: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, |d, id| d.finish_order(id)).await
    }

    /// The resident who ordered cancels, before anyone accepted.
    pub async fn cancel_order(&self, order_id: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, |d, id| d.cancel_order(id)).await
    }

    /// The resident who ordered rates the done order once, 1 to 5 stars.
    pub async fn rate_order(&self, order_id: String, stars: i64, comment: String) -> Result<OrderView, JinlinError> {
        self.on_order(order_id, move |d, id| d.rate_order(id, stars, &comment))
            .await
    }

    /// The one who asked rates the done help request once, 1 to 5 stars.
    pub async fn rate_request(&self, request_id: String, stars: i64, comment: String) -> Result<(), JinlinError> {
        self.with_device(move |d| Ok(d.rate_request(doc_id(&request_id)?, stars, &comment)?))
            .await
    }

    /// How many neighbours this member has helped.
    pub async fn helped(&self) -> Result<i32, JinlinError> {
        self.with_device(|d| Ok(to_i32(d.helped()?))).await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jinlin_core::{Device, GroupKind, ManualClock};
    use jinlin_model::docs::group::NewTeam;
    use jinlin_model::docs::group::menu::NewMenuItem;

    use super::*;
    use crate::testing::block_on;

    #[test]
    fn staff_order_from_their_own_menu_and_follow_it_to_rated_through_the_bindings() {
        let dir = tempfile::tempdir().expect("dir");
        let device = Device::open_with_clock(dir.path().join("phone.db"), Arc::new(ManualClock::new(1_000)))
            .expect("open the store");
        let me = device
            .set_identity("Ms Sun", Some("1"), None)
            .expect("identity")
            .member_id;
        let client = JinlinClient::over(device, "http://127.0.0.1:9");
        let d = client.device();
        let group = d.create_group("Lianhua", GroupKind::Community, None).expect("group");
        let crew = NewTeam {
            name: "Property crew".into(),
            leader: Some(me),
            ..NewTeam::default()
        };
        let team = d.create_team(group, &crew).expect("team");
        let item = NewMenuItem {
            title: "Fix a leaking tap".into(),
            team: team.clone(),
            price_fen: Some(1500),
            ..NewMenuItem::default()
        };
        let item = d.add_menu_item(group, &item).expect("item");
        let group = group.to_string();

        let menu = block_on(client.menu(group.clone())).expect("menu");
        assert_eq!(
            (menu[0].title.as_str(), menu[0].price_fen),
            ("Fix a leaking tap", Some(1500))
        );
        let order =
            block_on(client.place_order(group.clone(), item, None, "Kitchen".into(), Some("Grandpa Zhao".into())))
                .expect("order");
        assert_eq!(order.status, OrderStatus::Ordered);
        let id = order.id.clone();
        let step = |r: Result<OrderView, JinlinError>| r.expect("step").status;
        assert_eq!(
            step(block_on(client.dispatch_order(id.clone(), team))),
            OrderStatus::Dispatched
        );
        block_on(client.accept_order(id.clone())).expect("accept");
        assert!(
            matches!(
                block_on(client.rate_order(id.clone(), 5, String::new())),
                Err(JinlinError::InvalidInput { .. })
            ),
            "not done yet"
        );
        assert_eq!(block_on(client.orders(Some(group))).expect("orders").len(), 1);
    }
}
