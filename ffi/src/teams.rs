//! Staff's teams and service menu, as the command line's `team create / add / remove` and `menu
//! add / withdraw`: a skill team, property service team or partner organisation with its leader
//! and the groups it serves; putting a member on a team or taking them off (a team's leader, or
//! staff); publishing an item on the menu and taking it off. The core refuses each to whoever
//! may not (`NotAllowed`, nothing written).

use jinlin_core::MemberId;
use jinlin_model::docs::group::NewTeam as CoreTeam;
use jinlin_model::docs::group::menu::NewMenuItem as CoreItem;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::kinds::{Skill, TeamKind};
use crate::orders::MenuItemView;
use crate::views::{TeamView, doc_id, parse_id};

/// What staff fill in to create a team.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewTeam {
    /// Its name.
    pub name: String,
    /// Skill team (the default), property service team or partner organisation.
    #[uniffi(default = None)]
    pub kind: Option<TeamKind>,
    /// The skill it gathers, if any.
    #[uniffi(default = None)]
    pub skill: Option<Skill>,
    /// Its leader.
    #[uniffi(default = None)]
    pub leader_id: Option<String>,
    /// The groups it serves besides its own.
    #[uniffi(default = [])]
    pub serves: Vec<String>,
}

/// What staff fill in to put an item on the menu.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewMenuItem {
    /// What it is.
    pub title: String,
    /// More about it.
    #[uniffi(default = "")]
    pub description: String,
    /// The team that does it, by id.
    pub team: String,
    /// The price in fen (1/100 yuan); none is free.
    #[uniffi(default = None)]
    pub price_fen: Option<i64>,
    /// What the price is for.
    #[uniffi(default = None)]
    pub unit: Option<String>,
    /// When the team works.
    #[uniffi(default = None)]
    pub hours: Option<String>,
    /// The team takes an order directly, without staff dispatching it.
    #[uniffi(default = false)]
    pub direct: bool,
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Staff: creates a team in `group_id`; returns it.
    pub async fn create_team(&self, group_id: String, team: NewTeam) -> Result<TeamView, JinlinError> {
        self.with_device(move |d| {
            let group = doc_id(&group_id)?;
            let new = CoreTeam {
                name: team.name,
                skill: team.skill.map(Into::into),
                kind: team.kind.map(Into::into),
                leader: team.leader_id.as_deref().map(parse_id::<MemberId>).transpose()?,
                serves: team.serves.iter().map(|g| doc_id(g)).collect::<Result<_, _>>()?,
            };
            let id = d.create_team(group, &new)?;
            let view = d.group(group)?;
            let made = view.teams.into_iter().find(|t| t.id == id);
            Ok(made.ok_or_else(JinlinError::not_held)?.into())
        })
        .await
    }

    /// Puts a member on a team (`on`), or takes them off: the team's leader, or staff.
    pub async fn set_team_member(
        &self,
        group_id: String,
        team: String,
        member_id: String,
        on: bool,
    ) -> Result<(), JinlinError> {
        self.with_device(move |d| {
            Ok(d.set_team_member(doc_id(&group_id)?, &team, parse_id::<MemberId>(&member_id)?, on)?)
        })
        .await
    }

    /// Staff: publishes an item on `group_id`'s service menu; returns it.
    pub async fn add_menu_item(&self, group_id: String, item: NewMenuItem) -> Result<MenuItemView, JinlinError> {
        self.with_device(move |d| {
            let group = doc_id(&group_id)?;
            let new = CoreItem {
                title: item.title,
                description: item.description,
                team: item.team,
                price_fen: item.price_fen,
                unit: item.unit,
                hours: item.hours,
                direct: item.direct,
            };
            let id = d.add_menu_item(group, &new)?;
            let made = d.menu(group)?.into_iter().find(|i| i.id == id);
            Ok(made.ok_or_else(JinlinError::not_held)?.into())
        })
        .await
    }

    /// Staff: takes an item off the menu; orders already placed go on.
    pub async fn withdraw_menu_item(&self, group_id: String, item_id: String) -> Result<(), JinlinError> {
        self.with_device(move |d| Ok(d.withdraw_menu_item(doc_id(&group_id)?, &item_id)?))
            .await
    }
}
