//! `request raise | list | show | accept | withdraw | start | done | cancel | comment | pick`.
//! Every change is written on this device at once; a quick sync follows when a relay is
//! configured, and its failure never fails the command.

use std::io::IsTerminal as _;

use anyhow::{Result, anyhow, bail};
use jinlin_core::{NewRequest, Place, RequestFilter, RequestView, SignupState};

use crate::args::{Raise, RequestCommand};
use crate::cmd::{position_at, sent_note};
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::{ids, show};

/// Runs a `request` command.
pub async fn run(home: &Home, cmd: RequestCommand, json: bool) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        RequestCommand::Raise(args) => {
            // Following streams many lines: only for a person at a terminal, never with --json
            // (which prints exactly one value; scripts follow with `request alerts ID --follow`).
            let follow = args.urgent && !args.no_wait && !json && std::io::stdout().is_terminal();
            let out = raise(home, args).await?;
            let synced = out.json.get("synced").and_then(serde_json::Value::as_bool) == Some(true);
            if follow && synced {
                let id = ids::request(device, out.json["id"].as_str().unwrap_or_default())?;
                crate::output::line(out.text.trim_end());
                return crate::cmd::alerts::follow(home, id, json).await;
            }
            Ok(out)
        }
        RequestCommand::Decline { id } => crate::cmd::alerts::decline(home, &id).await,
        RequestCommand::Alerts { id, follow: false } => crate::cmd::alerts::receipts(home, &id).await,
        RequestCommand::Alerts { id, follow: true } => {
            let id = ids::request(device, &id)?;
            crate::cmd::alerts::follow(home, id, json).await
        }
        RequestCommand::List { group, status } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.list_requests(&RequestFilter { group, status })?;
            let text = if list.is_empty() {
                t!("requests-none")
            } else {
                list.iter().map(show::request_line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        RequestCommand::Show { id } => {
            let view = device.request(ids::request(device, &id)?)?;
            Output::new(&view, show::request_card(&view, device.utc_offset_minutes()?))
        }
        RequestCommand::Accept { id } => {
            let id = ids::request(device, &id)?;
            device.accept(id)?;
            changed(home, id, t!("done-signed-up")).await
        }
        RequestCommand::Withdraw { id } => {
            let id = ids::request(device, &id)?;
            device.withdraw(id)?;
            changed(home, id, t!("done-withdrew")).await
        }
        RequestCommand::Start { id } => {
            let id = ids::request(device, &id)?;
            device.start(id)?;
            changed(home, id, t!("done-started")).await
        }
        RequestCommand::Done { id } => {
            let id = ids::request(device, &id)?;
            device.complete(id)?;
            changed(home, id, t!("done-done")).await
        }
        RequestCommand::Cancel { id } => {
            let id = ids::request(device, &id)?;
            device.cancel(id)?;
            changed(home, id, t!("done-cancelled")).await
        }
        RequestCommand::Comment { id, text } => {
            let id = ids::request(device, &id)?;
            device.comment(id, &text)?;
            changed(home, id, t!("done-commented")).await
        }
        RequestCommand::Pick { id, member_id } => {
            let id = ids::request(device, &id)?;
            let member = ids::member(device, id, &member_id)?;
            device.pick(id, member)?;
            changed(home, id, t!("done-picked")).await
        }
    }
}

async fn raise(home: &Home, args: Raise) -> Result<Output> {
    let device = &home.phone;
    let group = match args.group {
        Some(g) => ids::group(device, &g)?,
        None => match device.groups()?.as_slice() {
            [only] => only.id,
            [] => bail!(t!("raise-no-group")),
            // The one button needs no id: her own building (else estate, else community).
            _ if args.urgent => device
                .own_group()?
                .map(|g| g.id)
                .ok_or_else(|| anyhow!(t!("raise-no-closest")))?,
            _ => bail!(t!("raise-which-group")),
        },
    };
    if args.urgent && args.on_behalf_of.is_some() && args.building.is_none() {
        // Neighbours are alerted to a place: for someone else it cannot default to this home.
        bail!(t!("raise-where"));
    }
    let at = position_at(args.at.as_deref())?;
    let request = NewRequest {
        group_id: group,
        kind: args.kind,
        urgent: args.urgent,
        text: args.text.unwrap_or_default(),
        slots: args.slots,
        on_behalf_of: args.on_behalf_of,
        place: Place {
            building: args.building,
            unit: args.unit,
            lat: at.map(|p| p.lat),
            lon: at.map(|p| p.lon),
        },
    };
    let id = device.raise(request)?;
    let synced = home.try_sync().await;
    let view = device.request(id)?;
    Output::new(
        &view,
        t!(
            "request-raised",
            id = id.to_string(),
            kind = lang::word("kind", view.kind.as_str()),
            note = sent_note(home, synced)
        ),
    )?
    .with("synced", synced)
}

/// The output after a change: the request as it now stands, and where the change went.
async fn changed(home: &Home, id: jinlin_core::DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view: RequestView = home.phone.request(id)?;
    let me = home
        .phone
        .identity()?
        .ok_or_else(|| anyhow!(t!("no-identity")))?
        .member_id;
    let mine = match view.signup_of(me) {
        Some(s) if s.state != SignupState::Tentative || synced => {
            t!("request-you-are", state = show::state_words(s.state, s.picked))
        }
        _ => String::new(),
    };
    Output::new(
        &view,
        t!(
            "request-changed",
            done = done,
            status = lang::word("status", view.status.as_str()),
            note = sent_note(home, synced),
            mine = mine
        ),
    )?
    .with("synced", synced)
}
