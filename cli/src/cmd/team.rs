//! `team create / list / add / remove` and `menu add / list / withdraw`: the teams of a group
//! and the service menu it publishes.

use anyhow::{Result, anyhow, bail};
use jinlin_core::{Device, DocId};
use jinlin_model::TeamView;
use jinlin_model::docs::group::NewTeam;
use jinlin_model::docs::group::menu::{self, NewMenuItem};
use jinlin_model::docs::group::view::MenuItemView;

use crate::cmd::sent_note;
use crate::home::Home;
use crate::ids;
use crate::lang::{self, t};
use crate::output::Output;
use crate::service_args::{MenuCommand, TeamCommand};

/// Runs a `team` command.
pub async fn team(home: &Home, cmd: TeamCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        TeamCommand::Create {
            group,
            name,
            kind,
            skill,
            leader,
            serves,
        } => {
            let group = ids::group(device, &group)?;
            let leader = leader.map(|l| ids::group_member(device, &l)).transpose()?;
            let serves = serves
                .iter()
                .map(|g| ids::group(device, g))
                .collect::<Result<Vec<DocId>>>()?;
            let new = NewTeam {
                name,
                skill,
                kind,
                leader,
                serves,
            };
            let id = device.create_team(group, &new)?;
            team_changed(home, group, &id, t!("team-created")).await
        }
        TeamCommand::List { group } => {
            let group = ids::group(device, &group)?;
            let teams = device.group(group)?.teams;
            let text = if teams.is_empty() {
                t!("teams-none")
            } else {
                teams.iter().map(team_line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&teams, text)
        }
        TeamCommand::Add { team, group, member } => membership(home, &team, &group, &member, true).await,
        TeamCommand::Remove { team, group, member } => membership(home, &team, &group, &member, false).await,
    }
}

async fn membership(home: &Home, team: &str, group: &str, member: &str, on: bool) -> Result<Output> {
    let device = &home.phone;
    let group = ids::group(device, group)?;
    let team = team_id(device, group, team)?;
    let member = ids::group_member(device, member)?;
    device.set_team_member(group, &team, member, on)?;
    team_changed(
        home,
        group,
        &team,
        if on {
            t!("team-member-added")
        } else {
            t!("team-member-removed")
        },
    )
    .await
}

async fn team_changed(home: &Home, group: DocId, team: &str, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home
        .phone
        .group(group)?
        .team(team)
        .cloned()
        .ok_or_else(|| anyhow!(t!("team-unknown")))?;
    Output::new(
        &view,
        format!(
            "{}\n{}",
            team_line(&view),
            t!("changed-note", done = done, note = sent_note(home, synced))
        ),
    )?
    .with("synced", synced)
}

fn team_line(t: &TeamView) -> String {
    t!(
        "team-line",
        id = ids::short(&t.id),
        name = &t.name,
        kind = lang::word("team", t.kind.as_str()),
        skill = t
            .skill
            .map(|s| format!(", {}", lang::word("skill", s.as_str())))
            .unwrap_or_default(),
        members = t.members.len()
    )
}

/// A team of `group` by id, the start of its id, or its name.
pub fn team_id(device: &Device, group: DocId, text: &str) -> Result<String> {
    let teams = device.group(group)?.teams;
    named(text, "team", teams.iter().map(|t| (t.id.as_str(), t.name.as_str())))
}

/// An item of `group`'s menu by id, the start of its id, or its title.
fn item_id(device: &Device, group: DocId, text: &str) -> Result<String> {
    let items = device.menu(group)?;
    named(
        text,
        "menu item",
        items.iter().map(|i| (i.id.as_str(), i.title.as_str())),
    )
}

fn named<'a>(text: &str, what: &str, all: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Result<String> {
    let wanted = text.trim();
    let by_name: Vec<&str> = all
        .clone()
        .filter(|(_, name)| name.trim().eq_ignore_ascii_case(wanted))
        .map(|(id, _)| id)
        .collect();
    let by_id: Vec<&str> = all
        .filter(|(id, _)| wanted.len() >= 4 && id.starts_with(&wanted.to_ascii_lowercase()))
        .map(|(id, _)| id)
        .collect();
    match (by_name.as_slice(), by_id.as_slice()) {
        ([one], _) | ([], [one]) => Ok(one.to_string()),
        ([], []) => bail!(t!(
            "named-none",
            what = ids::what_word(what),
            name = format!("{wanted:?}")
        )),
        _ => bail!(t!(
            "named-several",
            what = ids::what_word(what),
            name = format!("{wanted:?}")
        )),
    }
}

/// Runs a `menu` command.
pub async fn menu(home: &Home, cmd: MenuCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        MenuCommand::Add {
            group,
            title,
            team,
            description,
            price,
            unit,
            hours,
            direct,
        } => {
            let group = ids::group(device, &group)?;
            let team = team_id(device, group, &team)?;
            let price_fen = price.as_deref().map(menu::parse_yuan).transpose()?;
            let item = NewMenuItem {
                title,
                description,
                team,
                price_fen,
                unit,
                hours,
                direct,
            };
            let id = device.add_menu_item(group, &item)?;
            item_changed(home, group, &id, t!("menu-published")).await
        }
        MenuCommand::List { group } => {
            let group = ids::group(device, &group)?;
            let items = device.menu(group)?;
            let text = if items.is_empty() {
                t!("menu-none")
            } else {
                items.iter().map(item_line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&items, text)
        }
        MenuCommand::Withdraw { item, group } => {
            let group = ids::group(device, &group)?;
            let item = item_id(device, group, &item)?;
            device.withdraw_menu_item(group, &item)?;
            item_changed(home, group, &item, t!("menu-withdrawn")).await
        }
    }
}

/// An item of `group`'s menu, as `order place` names it.
pub fn menu_item(device: &Device, group: DocId, text: &str) -> Result<String> {
    item_id(device, group, text)
}

async fn item_changed(home: &Home, group: DocId, item: &str, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home
        .phone
        .group(group)?
        .menu_item(item)
        .cloned()
        .ok_or_else(|| anyhow!(t!("menu-unknown")))?;
    Output::new(
        &view,
        format!(
            "{}\n{}",
            item_line(&view),
            t!("changed-note", done = done, note = sent_note(home, synced))
        ),
    )?
    .with("synced", synced)
}

/// A price as people read it: "¥25.00 per visit", "free".
pub fn price(price_fen: Option<i64>, unit: Option<&str>) -> String {
    let p = match price_fen {
        None | Some(0) => t!("price-free"),
        Some(f) => format!("¥{}.{:02}", f / 100, f % 100),
    };
    match unit {
        Some(u) => format!("{p} {u}"),
        None => p,
    }
}

fn item_line(i: &MenuItemView) -> String {
    format!(
        "{}  {} — {}{}{}",
        ids::short(&i.id),
        i.title,
        price(i.price_fen, i.unit.as_deref()),
        if i.direct { t!("menu-direct") } else { String::new() },
        if i.withdrawn_at.is_some() {
            t!("menu-off")
        } else {
            String::new()
        }
    )
}
