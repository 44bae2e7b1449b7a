//! `group create | invite | revoke | revoke-device | join | list | members`.

use anyhow::{Context as _, Result, bail};
use jinlin_core::GroupView;
use jinlin_core::net::client::ClientOptions;
use jinlin_model::VisitIntervals;
use jinlin_model::protocol::CreateInvite;
use serde_json::{Value, json};

use crate::args::GroupCommand;
use crate::cmd::sent_note;
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::{duration, ids, show};

/// Runs a `group` command.
pub async fn run(home: &Home, cmd: GroupCommand) -> Result<Output> {
    match cmd {
        GroupCommand::Create { name, kind, parent } => {
            let parent = parent.map(|p| ids::group(&home.phone, &p)).transpose()?;
            let id = home.phone.create_group(&name, kind, parent)?;
            let synced = home.try_sync().await;
            let view = home.phone.group(id)?;
            Output::new(
                &view,
                t!(
                    "group-created",
                    id = id.to_string(),
                    name = &view.name,
                    kind = lang::word("group", kind.as_str()),
                    note = sent_note(home, synced)
                ),
            )?
            .with("synced", synced)
        }
        GroupCommand::Invite {
            group_id,
            role,
            uses,
            expires_in,
            building,
        } => {
            let group = ids::group(&home.phone, &group_id)?;
            if role == jinlin_core::Role::BuildingLeader && building.is_none() {
                bail!(t!("invite-needs-building"));
            }
            let view = home.phone.group(group)?;
            let lifetime = duration::parse(&expires_in).map_err(anyhow::Error::msg)?;
            if uses == 0 {
                bail!(t!("invite-needs-uses"));
            }
            home.client(ClientOptions::default())?;
            // The phone sends a group not yet sent before inviting; done here first only to say
            // why, should that fail.
            if home.phone.unsynced_docs()?.contains(&group) {
                home.phone.sync().await.context(t!("invite-group-unsent"))?;
            }
            let invite = home
                .phone
                .create_invite(
                    group,
                    &CreateInvite {
                        role,
                        uses,
                        expires_in_secs: lifetime.as_secs(),
                        building,
                    },
                )
                .await?;
            Output::new(
                &invite,
                t!(
                    "invite-made",
                    code = &invite.code,
                    role = lang::word("role", invite.role.as_str()),
                    group = &view.name,
                    uses = invite.uses_left,
                    valid = expires_in
                ),
            )
        }
        GroupCommand::Revoke { code } => {
            let client = home.client(ClientOptions::default())?;
            client.revoke_invite(&code).await?;
            Output::new(
                json!({ "code": code, "revoked": true }),
                t!("invite-revoked", code = &code),
            )
        }
        GroupCommand::RevokeDevice { group_id, member_id } => {
            let group = ids::group(&home.phone, &group_id)?;
            let member = ids::group_member(&home.phone, &member_id)?;
            home.client(ClientOptions::default())?;
            home.phone.revoke_device(group, member).await?;
            let name = home
                .phone
                .groups()?
                .into_iter()
                .flat_map(|g| g.members)
                .find(|m| m.member_id == member)
                .map(|m| m.name)
                .unwrap_or_else(|| t!("member-short", id = ids::short(member)));
            Output::new(
                json!({ "group_id": group, "member_id": member, "revoked": true }),
                t!("device-revoked", name = name),
            )
        }
        GroupCommand::Join { code, building, unit } => join(home, &code, building, unit).await,
        GroupCommand::List => {
            let me = home.phone.identity()?.map(|m| m.member_id);
            let groups = home.phone.groups()?;
            let mut json = Vec::new();
            let mut lines = Vec::new();
            for g in &groups {
                let role = me.and_then(|m| g.member(m)).map(|m| m.role);
                let mut value = serde_json::to_value(g)?;
                if let Value::Object(map) = &mut value {
                    map.insert("role".into(), serde_json::to_value(role)?);
                }
                json.push(value);
                lines.push(show::group_line(g, role.map(|r| r.as_str())));
            }
            let text = if lines.is_empty() {
                t!("groups-none")
            } else {
                lines.join("\n")
            };
            Output::new(json, text)
        }
        GroupCommand::TimeZone { group_id, zone, clear } => {
            let group = ids::group(&home.phone, &group_id)?;
            let mut synced = None;
            if zone.is_some() || clear {
                home.phone.set_time_zone(group, zone.as_deref())?;
                synced = Some(home.try_sync().await);
            }
            let view = home.phone.group(group)?;
            let mut text = match &view.time_zone {
                Some(z) => t!("zone-named", group = &view.name, zone = z),
                None => t!("zone-none", group = &view.name),
            };
            if let Some(s) = synced {
                text.push_str(&t!("saved-note", note = sent_note(home, s)));
            }
            let out = Output::new(json!({ "group_id": view.id, "time_zone": view.time_zone }), text)?;
            match synced {
                Some(s) => out.with("synced", s),
                None => Ok(out),
            }
        }
        GroupCommand::Intervals {
            group_id,
            red,
            yellow,
            blue,
        } => {
            let group = ids::group(&home.phone, &group_id)?;
            let now = home.phone.group(group)?.visit_intervals;
            let mut synced = None;
            if red.is_some() || yellow.is_some() || blue.is_some() {
                let days = VisitIntervals {
                    red: red.unwrap_or(now.red),
                    yellow: yellow.unwrap_or(now.yellow),
                    blue: blue.unwrap_or(now.blue),
                };
                home.phone.set_visit_intervals(group, days)?;
                synced = Some(home.try_sync().await);
            }
            let days = home.phone.group(group)?.visit_intervals;
            let mut text = t!("intervals", red = days.red, yellow = days.yellow, blue = days.blue);
            if let Some(s) = synced {
                text.push_str(&t!("saved-note", note = sent_note(home, s)));
            }
            let out = Output::new(days, text)?;
            match synced {
                Some(s) => out.with("synced", s),
                None => Ok(out),
            }
        }
        GroupCommand::Members { group_id } => {
            let group = ids::group(&home.phone, &group_id)?;
            let view: GroupView = home.phone.group(group)?;
            let text = view
                .members
                .iter()
                .map(show::member_line)
                .collect::<Vec<_>>()
                .join("\n");
            Output::new(&view.members, text)
        }
    }
}

/// Redeems a code, then syncs to receive the group. The join stands even if that sync fails.
async fn join(home: &Home, code: &str, building: Option<String>, unit: Option<String>) -> Result<Output> {
    let device = &home.phone;
    home.client(ClientOptions::default())?;
    if code.trim().is_empty() {
        bail!(t!("join-needs-code"));
    }
    let (membership, synced) = device.join(code, building.as_deref(), unit.as_deref()).await?;
    if let Err(e) = &synced {
        tracing::warn!(error = %e, "sync after joining failed");
    }
    let name = device.group(membership.group_id).ok().map(|g| g.name);
    let text = match &name {
        Some(n) => t!(
            "join-welcome",
            group = n,
            role = lang::word("role", membership.role.as_str())
        ),
        None => t!(
            "join-unsynced",
            group = membership.group_id.to_string(),
            role = lang::word("role", membership.role.as_str())
        ),
    };
    Output::new(
        json!({
            "group_id": membership.group_id,
            "role": membership.role,
            "name": name,
            "synced": synced.is_ok(),
        }),
        text,
    )
}
