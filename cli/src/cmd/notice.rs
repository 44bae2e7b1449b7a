//! `notice post / list / read / reads / withdraw` (让邻知事): staff and building leaders tell a
//! group something; a member's list puts pinned notices first; reading one records this
//! member's own read; staff see how many households have read it.

use anyhow::{Context, Result};
use jinlin_core::{Device, DocId};
use jinlin_model::docs::notice::{NewNotice, NoticeView};

use crate::board_args::NoticeCommand;
use crate::cmd::sent_note;
use crate::home::Home;
use crate::lang::t;
use crate::output::Output;
use crate::{ids, show};

/// Runs a `notice` command.
pub async fn run(home: &Home, cmd: NoticeCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        NoticeCommand::Post {
            group,
            title,
            text,
            photo,
            pin,
        } => {
            let group = ids::group(device, &group)?;
            let photo = match photo {
                Some(path) => {
                    let bytes =
                        std::fs::read(&path).with_context(|| t!("cannot-read", path = path.display().to_string()))?;
                    Some(device.add_blob(group, &bytes)?)
                }
                None => None,
            };
            let pinned_until = pin.map(|d| device.now().saturating_add(d.as_millis() as i64));
            let new = NewNotice {
                title,
                body: text,
                photo,
                pinned_until,
            };
            let id = device.post_notice(group, &new)?;
            changed(home, id, t!("board-posted")).await
        }
        NoticeCommand::List { group } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.notices(group)?;
            let now = device.now();
            let text = if list.is_empty() {
                t!("notices-none")
            } else {
                list.iter().map(|n| line(n, now)).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        NoticeCommand::Read { id } => {
            let id = notice_id(device, &id)?;
            let first = device.read_notice(id)?;
            let synced = if first { home.try_sync().await } else { false };
            let view = device.notice(id)?;
            let offset = device.utc_offset_minutes()?;
            let text = format!(
                "{}\n{}\n— {}, {}",
                view.title,
                view.body,
                view.posted_by.name,
                show::when(view.created_at, offset)
            );
            Output::new(&view, text)?.with("synced", synced)
        }
        NoticeCommand::Reads { id } => {
            let id = notice_id(device, &id)?;
            let count = device.notice_reads(id)?;
            Output::new(
                count,
                t!(
                    "notice-reads",
                    read = count.households_read,
                    households = count.households,
                    members = count.members_read
                ),
            )
        }
        NoticeCommand::Withdraw { id } => {
            let id = notice_id(device, &id)?;
            device.withdraw_notice(id)?;
            changed(home, id, t!("notice-withdrawn")).await
        }
    }
}

async fn changed(home: &Home, id: DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.notice(id)?;
    let now = home.phone.now();
    Output::new(
        &view,
        format!(
            "{}\n{}",
            line(&view, now),
            t!("changed-note", done = done, note = sent_note(home, synced))
        ),
    )?
    .with("synced", synced)
}

fn line(n: &NoticeView, now: jinlin_model::Millis) -> String {
    format!(
        "{}  {}{}",
        ids::short(n.id),
        if n.pinned_at(now) {
            t!("notice-pinned") + " "
        } else {
            String::new()
        },
        n.title
    )
}

fn notice_id(device: &Device, text: &str) -> Result<DocId> {
    let all = device.notices(None)?;
    ids::unique(text, "notice", all.iter().map(|n| n.id))
}
