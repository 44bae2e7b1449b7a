//! `need board / post / show / publish / claim / unclaim / progress / resolve / confirm /
//! withdraw / figures` (the board, 认领) and `rate need`: a need on its way from posted to
//! rated. `need list / assign / resolve` of needs raised at the door stay in `grid.rs`; `need
//! resolve` comes here when it names a need of the board.

use anyhow::{Result, bail};
use jinlin_core::{Device, DocId};
use jinlin_model::docs::need::{NeedView, NewNeed};
use jinlin_model::kinds::{BoardStatus, NeedSource};

use crate::cmd::changed_line;
use crate::grid_args::{NeedCommand, NeedPost};
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::{ids, show};

/// Runs a board command of `need`.
pub async fn need(home: &Home, cmd: NeedCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        NeedCommand::Board { group, status, all } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let status = if all {
                None
            } else {
                Some(status.unwrap_or(BoardStatus::Open))
            };
            let list = device.board_needs(group, status)?;
            let text = if list.is_empty() {
                t!("board-none")
            } else {
                list.iter().map(line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        NeedCommand::Post(args) => post(home, args).await,
        NeedCommand::Show { id } => {
            let view = device.board_need(need_id(device, &id)?)?;
            let offset = device.utc_offset_minutes()?;
            let mut text = line(&view);
            if !view.details.is_empty() {
                text.push_str(&format!("\n  {}", view.details));
            }
            for c in &view.claims {
                let team = c
                    .team
                    .as_deref()
                    .map(|team| t!("board-for-team", team = team))
                    .unwrap_or_default();
                let claimed = t!(
                    "board-claimed-by",
                    name = &c.signup.member_name,
                    team = team,
                    state = lang::word("signup", c.signup.state.as_str())
                );
                text.push_str(&format!("\n  {claimed}"));
            }
            for p in &view.progress {
                text.push_str(&format!("\n  {} {}: {}", show::when(p.at, offset), p.name, p.note));
            }
            if let Some(r) = &view.resolution {
                text.push_str(&format!("\n  {}", t!("board-resolved", how = r)));
            }
            if let Some(r) = &view.rating {
                text.push_str(&format!(
                    "\n  {}",
                    t!("order-rated", stars = r.stars, comment = &r.comment)
                ));
            }
            Output::new(&view, text)
        }
        NeedCommand::Publish { id } => {
            let id = need_id(device, &id)?;
            device.list_need(id)?;
            changed(home, id, t!("board-published")).await
        }
        NeedCommand::Claim { id, team } => {
            let id = need_id(device, &id)?;
            let group = device.board_need(id)?.group_id;
            let team = team.map(|t| crate::cmd::team::team_id(device, group, &t)).transpose()?;
            device.claim_need(id, team.as_deref())?;
            changed(home, id, t!("board-claimed")).await
        }
        NeedCommand::Unclaim { id } => {
            let id = need_id(device, &id)?;
            device.withdraw_claim(id)?;
            changed(home, id, t!("board-unclaimed")).await
        }
        NeedCommand::Progress { id, note } => {
            let id = need_id(device, &id)?;
            device.note_need_progress(id, &note)?;
            changed(home, id, t!("board-progress")).await
        }
        NeedCommand::Resolve { need, note } => {
            let id = need_id(device, &need)?;
            device.resolve_claimed_need(id, note.as_deref().unwrap_or_default())?;
            changed(home, id, t!("board-resolved-done")).await
        }
        NeedCommand::Confirm { id } => {
            let id = need_id(device, &id)?;
            device.confirm_need(id)?;
            changed(home, id, t!("board-confirmed")).await
        }
        NeedCommand::Withdraw { id } => {
            let id = need_id(device, &id)?;
            device.cancel_board_need(id)?;
            changed(home, id, t!("board-withdrawn")).await
        }
        NeedCommand::Figures { group } => {
            let group = ids::group(device, &group)?;
            let f = device.need_figures(group)?;
            let mut text = t!(
                "figures-total",
                collected = f.total.collected,
                spot = f.total.on_the_spot,
                claimed = f.total.claimed,
                resolved = f.total.resolved,
                confirmed = f.total.confirmed
            );
            for m in &f.months {
                let month = t!(
                    "figures-month",
                    month = m.month.to_string(),
                    collected = m.counts.collected,
                    spot = m.counts.on_the_spot,
                    claimed = m.counts.claimed,
                    resolved = m.counts.resolved
                );
                text.push_str(&format!("\n  {month}"));
            }
            for team in &f.teams {
                let line = t!(
                    "figures-team",
                    team = &team.name,
                    claimed = team.counts.claimed,
                    resolved = team.counts.resolved
                );
                text.push_str(&format!("\n  {line}"));
            }
            Output::new(&f, text)
        }
        NeedCommand::List { .. } | NeedCommand::Assign { .. } => bail!("not a command of the board"),
    }
}

/// Whether `text` names a need of the board on this device (for `need resolve`, shared with the
/// needs raised at the door).
pub fn names_board_need(device: &Device, text: &str) -> bool {
    need_id(device, text).is_ok()
}

async fn post(home: &Home, args: NeedPost) -> Result<Output> {
    let device = &home.phone;
    let group = ids::group(device, &args.group)?;
    let (source, source_ref) = match (&args.from_report, &args.from_household) {
        (Some(r), _) => (NeedSource::Report, Some(report_id(device, r)?.to_string())),
        (None, Some(h)) => (NeedSource::Visit, Some(household_id(device, h)?.to_string())),
        (None, None) if args.on_the_spot => (NeedSource::Visit, None),
        (None, None) => (NeedSource::Wish, None),
    };
    let requester = args
        .for_member
        .as_deref()
        .map(|m| ids::group_member(device, m))
        .transpose()?;
    let new = NewNeed {
        source: Some(source),
        source_ref,
        title: args.title,
        details: args.details,
        building: args.building,
        requester,
        requester_name: None,
        slots: args.slots,
        on_the_spot: args.on_the_spot,
    };
    let id = device.post_need(group, &new)?;
    let done = if device.board_need(id)?.status == BoardStatus::Wish {
        t!("board-wish-posted")
    } else {
        t!("board-posted")
    };
    changed(home, id, done).await
}

/// Runs `rate need`.
pub async fn rate(home: &Home, id: &str, stars: i64, comment: &str) -> Result<Output> {
    let id = need_id(&home.phone, id)?;
    home.phone.rate_need(id, stars, comment)?;
    changed(home, id, t!("rated")).await
}

async fn changed(home: &Home, id: DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.board_need(id)?;
    Output::new(
        &view,
        format!(
            "{}\n{}",
            line(&view),
            changed_line(home, done, lang::word("board", view.status.as_str()), synced)
        ),
    )?
    .with("synced", synced)
}

fn line(n: &NeedView) -> String {
    let who: Vec<&str> = n.claimants().map(|c| c.signup.member_name.as_str()).collect();
    let who = if who.is_empty() {
        String::new()
    } else {
        t!("board-claimants", names = who.join(", "))
    };
    t!(
        "board-line",
        id = ids::short(n.id),
        status = lang::word("board", n.status.as_str()),
        title = &n.title,
        building = n
            .building
            .as_deref()
            .map(|b| t!("board-building", building = b))
            .unwrap_or_default(),
        claimed = who
    )
}

fn need_id(device: &Device, text: &str) -> Result<DocId> {
    let all = device.board_needs(None, None)?;
    ids::unique(text, "need of the board", all.iter().map(|n| n.id))
}

fn report_id(device: &Device, text: &str) -> Result<DocId> {
    let all = device.reports(None, None)?;
    ids::unique(text, "report", all.iter().map(|r| r.id))
}

fn household_id(device: &Device, text: &str) -> Result<DocId> {
    let all = device.households(None, None)?;
    ids::unique(text, "household", all.iter().map(|h| h.id))
}
