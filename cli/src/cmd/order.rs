//! `order place / list / show / dispatch / accept / decline / done / cancel` and `rate order /
//! teams / helped`: a resident's order of a menu item on its way from ordered to rated.

use anyhow::{Result, anyhow, bail};
use jinlin_core::{Device, DocId};
use jinlin_model::docs::order::{NewOrder, OrderView};

use crate::cmd::sent_note;
use crate::cmd::team::{menu_item, price, team_id};
use crate::home::Home;
use crate::output::Output;
use crate::service_args::{OrderCommand, RateCommand};
use crate::{ids, show};

/// Runs an `order` command.
pub async fn order(home: &Home, cmd: OrderCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        OrderCommand::Place {
            item,
            group,
            when,
            note,
            for_neighbour,
        } => {
            let group = ids::group(device, &group)?;
            let item = menu_item(device, group, &item)?;
            let new = NewOrder {
                preferred_time: when,
                note,
                on_behalf_of: for_neighbour,
            };
            let id = device.place_order(group, &item, &new)?;
            changed(home, id, "Ordered").await
        }
        OrderCommand::List { group, status } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.orders(group, status)?;
            let text = if list.is_empty() {
                "No orders.".to_string()
            } else {
                list.iter().map(line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        OrderCommand::Show { id } => {
            let view = device.order(order_id(device, &id)?)?;
            let offset = device.utc_offset_minutes()?;
            let mut text = line(&view);
            if let Some(t) = &view.preferred_time {
                text.push_str(&format!("\n  wanted: {t}"));
            }
            if !view.note.is_empty() {
                text.push_str(&format!("\n  note: {}", view.note));
            }
            for d in &view.dispatches {
                text.push_str(&format!(
                    "\n  {} to team {}{}",
                    show::when(d.at, offset),
                    ids::short(&d.team),
                    d.declined_at.map(|_| " (declined)").unwrap_or_default()
                ));
            }
            for a in &view.acceptances {
                text.push_str(&format!("\n  {} {}", a.member_name, a.state));
            }
            if let Some(r) = &view.rating {
                text.push_str(&format!("\n  rated {}/5 {}", r.stars, r.comment));
            }
            Output::new(&view, text)
        }
        OrderCommand::Dispatch { id, team } => {
            let id = order_id(device, &id)?;
            let team = team_id(device, device.order(id)?.group_id, &team)?;
            device.dispatch_order(id, &team)?;
            changed(home, id, "Dispatched").await
        }
        OrderCommand::Accept { id } => {
            let id = order_id(device, &id)?;
            device.accept_order(id)?;
            changed(home, id, "Accepted").await
        }
        OrderCommand::Decline { id } => {
            let id = order_id(device, &id)?;
            device.decline_order(id)?;
            changed(home, id, "Declined; it goes back to staff").await
        }
        OrderCommand::Done { id } => {
            let id = order_id(device, &id)?;
            device.finish_order(id)?;
            changed(home, id, "Marked done").await
        }
        OrderCommand::Cancel { id } => {
            let id = order_id(device, &id)?;
            device.cancel_order(id)?;
            changed(home, id, "Cancelled").await
        }
    }
}

/// Runs a `rate` command.
pub async fn rate(home: &Home, cmd: RateCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        RateCommand::Order { id, stars, comment } => {
            let id = order_id(device, &id)?;
            device.rate_order(id, stars, &comment)?;
            changed(home, id, "Rated").await
        }
        RateCommand::Request { id, stars, comment } => {
            let id = ids::request(device, &id)?;
            device.rate_request(id, stars, &comment)?;
            let synced = home.try_sync().await;
            let view = device.request(id)?;
            Output::new(&view, format!("{id}\nRated ({}).", sent_note(home, synced)))?.with("synced", synced)
        }
        RateCommand::Need { id, stars, comment } => crate::cmd::board::rate(home, &id, stars, &comment).await,
        RateCommand::Teams { group } => {
            let group = ids::group(device, &group)?;
            let ratings = device.ratings(group)?;
            let mut text = String::new();
            for (title, lines) in [
                ("Teams", &ratings.teams),
                ("Team members and volunteers", &ratings.members),
            ] {
                text.push_str(&format!("{title}:\n"));
                if lines.is_empty() {
                    text.push_str("  no ratings yet\n");
                }
                for l in lines {
                    text.push_str(&format!("  {} {:.1}/5 from {} rating(s)\n", l.name, l.average, l.rated));
                }
            }
            Output::new(&ratings, text)
        }
        RateCommand::Helped => {
            let helped = device.helped()?;
            Output::new(
                serde_json::json!({ "helped": helped }),
                format!("You have helped neighbours {helped} time(s)."),
            )
        }
    }
}

async fn changed(home: &Home, id: DocId, done: &str) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.order(id)?;
    Output::new(
        &view,
        format!(
            "{}\n{done} ({}; {}).",
            line(&view),
            view.status,
            sent_note(home, synced)
        ),
    )?
    .with("synced", synced)
}

fn line(o: &OrderView) -> String {
    let who = match o.accepted_by() {
        Some(a) => format!(", accepted by {}", a.member_name),
        None => String::new(),
    };
    format!(
        "{}  [{}] {} — {} for {}{who}",
        ids::short(o.id),
        o.status,
        o.title,
        price(o.price_fen, o.unit.as_deref()),
        o.requester.name,
    )
}

fn order_id(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let text = text.trim();
    if text.len() < 4 {
        bail!("{text:?} is not an order id (give the id, or at least its first 4 characters)");
    }
    let all: Vec<DocId> = device
        .orders(None, None)?
        .iter()
        .map(|o| o.id)
        .filter(|id| id.to_string().starts_with(text))
        .collect();
    match all.as_slice() {
        [one] => Ok(*one),
        [] => Err(anyhow!("no order on this device starts with {text:?}")),
        _ => Err(anyhow!("several orders start with {text:?}; give more of the id")),
    }
}
