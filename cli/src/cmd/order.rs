//! `order place / list / show / dispatch / accept / decline / done / cancel` and `rate order /
//! teams / helped`: a resident's order of a menu item on its way from ordered to rated.

use anyhow::Result;
use jinlin_core::{Device, DocId};
use jinlin_model::docs::order::{NewOrder, OrderView};

use crate::cmd::team::{menu_item, price, team_id};
use crate::cmd::{changed_line, sent_note};
use crate::home::Home;
use crate::lang::{self, t};
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
            changed(home, id, t!("order-placed")).await
        }
        OrderCommand::List { group, status } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.orders(group, status)?;
            let text = if list.is_empty() {
                t!("orders-none")
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
                text.push_str(&format!("\n  {}", t!("order-wanted", time = t)));
            }
            if !view.note.is_empty() {
                text.push_str(&format!("\n  {}", t!("order-note", note = &view.note)));
            }
            for d in &view.dispatches {
                let declined = d.declined_at.map(|_| t!("order-team-declined")).unwrap_or_default();
                text.push_str(&format!(
                    "\n  {}",
                    t!(
                        "order-dispatch",
                        when = show::when(d.at, offset),
                        team = ids::short(&d.team),
                        declined = declined
                    )
                ));
            }
            for a in &view.acceptances {
                text.push_str(&format!(
                    "\n  {} {}",
                    a.member_name,
                    lang::word("signup", a.state.as_str())
                ));
            }
            if let Some(r) = &view.rating {
                text.push_str(&format!(
                    "\n  {}",
                    t!("order-rated", stars = r.stars, comment = &r.comment)
                ));
            }
            Output::new(&view, text)
        }
        OrderCommand::Dispatch { id, team } => {
            let id = order_id(device, &id)?;
            let team = team_id(device, device.order(id)?.group_id, &team)?;
            device.dispatch_order(id, &team)?;
            changed(home, id, t!("order-dispatched")).await
        }
        OrderCommand::Accept { id } => {
            let id = order_id(device, &id)?;
            device.accept_order(id)?;
            changed(home, id, t!("order-accepted")).await
        }
        OrderCommand::Decline { id } => {
            let id = order_id(device, &id)?;
            device.decline_order(id)?;
            changed(home, id, t!("order-declined")).await
        }
        OrderCommand::Done { id } => {
            let id = order_id(device, &id)?;
            device.finish_order(id)?;
            changed(home, id, t!("order-done")).await
        }
        OrderCommand::Cancel { id } => {
            let id = order_id(device, &id)?;
            device.cancel_order(id)?;
            changed(home, id, t!("done-cancelled")).await
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
            changed(home, id, t!("rated")).await
        }
        RateCommand::Request { id, stars, comment } => {
            let id = ids::request(device, &id)?;
            device.rate_request(id, stars, &comment)?;
            let synced = home.try_sync().await;
            let view = device.request(id)?;
            Output::new(
                &view,
                format!(
                    "{id}\n{}",
                    t!("changed-note", done = t!("rated"), note = sent_note(home, synced))
                ),
            )?
            .with("synced", synced)
        }
        RateCommand::Need { id, stars, comment } => crate::cmd::board::rate(home, &id, stars, &comment).await,
        RateCommand::Teams { group } => {
            let group = ids::group(device, &group)?;
            let ratings = device.ratings(group)?;
            let mut text = String::new();
            for (title, lines) in [
                (t!("ratings-teams"), &ratings.teams),
                (t!("ratings-members"), &ratings.members),
            ] {
                text.push_str(&format!("{title}:\n"));
                if lines.is_empty() {
                    text.push_str(&format!("  {}\n", t!("ratings-none")));
                }
                for l in lines {
                    let average = format!("{:.1}", l.average);
                    let line = t!("ratings-line", name = &l.name, average = average, count = l.rated);
                    text.push_str(&format!("  {line}\n"));
                }
            }
            Output::new(&ratings, text)
        }
        RateCommand::Helped => {
            let helped = device.helped()?;
            Output::new(serde_json::json!({ "helped": helped }), t!("helped", count = helped))
        }
    }
}

async fn changed(home: &Home, id: DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.order(id)?;
    Output::new(
        &view,
        format!(
            "{}\n{}",
            line(&view),
            changed_line(home, done, lang::word("order", view.status.as_str()), synced)
        ),
    )?
    .with("synced", synced)
}

fn line(o: &OrderView) -> String {
    let who = match o.accepted_by() {
        Some(a) => t!("order-accepted-by", name = &a.member_name),
        None => String::new(),
    };
    t!(
        "order-line",
        id = ids::short(o.id),
        status = lang::word("order", o.status.as_str()),
        title = &o.title,
        price = price(o.price_fen, o.unit.as_deref()),
        who = &o.requester.name,
        accepted = who
    )
}

fn order_id(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let text = text.trim();
    if text.len() < 4 {
        return Err(ids::not_an_id(text, "order"));
    }
    let all: Vec<DocId> = device
        .orders(None, None)?
        .iter()
        .map(|o| o.id)
        .filter(|id| id.to_string().starts_with(text))
        .collect();
    match all.as_slice() {
        [one] => Ok(*one),
        [] => Err(ids::no_such_id(text, "order")),
        _ => Err(ids::several_ids(text, "order", all.len())),
    }
}
