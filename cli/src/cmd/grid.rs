//! `household add | list | show`, `visit log | list | due | edit | history | coverage |
//! follow-ups` and `need list | assign | resolve`: the grid worker's day. Every change is written
//! on this device first and works offline; a quick sync follows when a relay is configured.
//! Input is checked whole before anything is written.

use anyhow::{Context as _, Result, anyhow, bail};
use jinlin_core::{Device, DocId};
use jinlin_model::dates::Date;
use jinlin_model::docs::household::{Assignee, NewHousehold, NewVisit, Resident, VisitEdit, VisitView};
use jinlin_model::protocol::HomeLocation;

use crate::cmd::sent_note;
use crate::grid_args::{HouseholdAdd, HouseholdCommand, NeedCommand, VisitCommand, VisitLog};
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::{ids, show};

/// Runs a `household` command.
pub async fn household(home: &Home, cmd: HouseholdCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        HouseholdCommand::Add(args) => add(home, args).await,
        HouseholdCommand::List { group, building } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.households(group, building.as_deref())?;
            let text = lines(&list, t!("households-none"), |h| {
                t!(
                    "household-line",
                    id = ids::short(h.id),
                    building = &h.building,
                    unit = &h.unit,
                    tier = lang::word("tier", h.tier.as_str()),
                    residents = h.residents.join(", "),
                    needs = h.open_needs
                )
            });
            Output::new(&list, text)
        }
        HouseholdCommand::Show { id } => {
            let view = device.household(household_id(device, &id)?)?;
            let mut text = t!(
                "household-title",
                id = view.id.to_string(),
                building = &view.building,
                unit = &view.unit,
                tier = lang::word("tier", view.tier.as_str())
            ) + "\n";
            for r in &view.residents {
                text.push_str(&format!("  {} {}\n", r.name, r.phone.as_deref().unwrap_or("")));
            }
            let offset = device.utc_offset_minutes()?;
            for v in &view.visits {
                let visit = t!(
                    "household-visit",
                    id = &v.id,
                    when = show::when(v.at, offset),
                    outcome = lang::word("outcome", v.outcome.as_str()),
                    by = &v.worker_name
                );
                text.push_str(&format!("{visit}\n"));
            }
            for n in &view.needs {
                let need = t!(
                    "household-need",
                    id = &n.id,
                    status = lang::word("need", n.status.as_str()),
                    text = &n.text
                );
                text.push_str(&format!("{need}\n"));
            }
            Output::new(&view, text)
        }
        HouseholdCommand::Voter { id, member, remove } => {
            let id = household_id(device, &id)?;
            let member = ids::group_member(device, &member)?;
            device.link_voter(id, member, !remove)?;
            let synced = home.try_sync().await;
            let voters = device.household_voters(id)?;
            let done = if remove {
                t!("voter-unlinked")
            } else {
                t!("voter-linked")
            };
            Output::new(
                serde_json::json!({ "household": id, "member": member, "linked": !remove, "voters": voters }),
                format!(
                    "{id}\n{}",
                    t!("changed-note", done = done, note = sent_note(home, synced))
                ),
            )?
            .with("synced", synced)
        }
    }
}

async fn add(home: &Home, args: HouseholdAdd) -> Result<Output> {
    let device = &home.phone;
    let group = ids::group(device, &args.group)?;
    let id = device.add_household(NewHousehold {
        group_id: group,
        building: args.building,
        unit: args.unit,
        residents: vec![Resident {
            name: args.name,
            phone: args.phone,
        }],
        tier: args.tier,
        flags: args.flags,
    })?;
    let synced = home.try_sync().await;
    let view = device.household(id)?;
    Output::new(
        &view,
        format!("{id}\n{}", t!("household-added", note = sent_note(home, synced))),
    )?
    .with("synced", synced)
}

/// Runs a `visit` command.
pub async fn visit(home: &Home, cmd: VisitCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        VisitCommand::Log(args) => log(home, args).await,
        VisitCommand::List { household } => {
            let household = household.map(|h| household_id(device, &h)).transpose()?;
            let list = device.visits(None, household, 1000)?;
            let offset = device.utc_offset_minutes()?;
            let text = lines(&list, t!("visits-none"), |v| visit_line(v, offset));
            Output::new(&list, text)
        }
        VisitCommand::Due { group } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.due_households(group)?;
            let text = lines(&list, t!("due-none"), |h| {
                t!(
                    "due-line",
                    building = &h.building,
                    unit = &h.unit,
                    tier = lang::word("tier", h.tier.as_str()),
                    id = ids::short(h.id)
                )
            });
            Output::new(&list, text)
        }
        VisitCommand::Edit {
            household,
            visit,
            note,
            outcome,
            follow_up,
        } => {
            let household = household_id(device, &household)?;
            let visit = visit_id(device, household, &visit)?;
            let mut edits = Vec::new();
            if let Some(n) = note {
                edits.push(VisitEdit::Note(Some(n)));
            }
            if let Some(o) = outcome {
                edits.push(VisitEdit::Outcome(o));
            }
            if let Some(d) = follow_up {
                edits.push(VisitEdit::FollowUp(Some(Date::parse(&d)?)));
            }
            if edits.is_empty() {
                bail!(t!("visit-edit-nothing"));
            }
            for e in &edits {
                device.edit_visit(household, &visit, e)?;
            }
            let synced = home.try_sync().await;
            let view = find_visit(device, household, &visit)?;
            Output::new(&view, t!("visit-edited", note = sent_note(home, synced)))?.with("synced", synced)
        }
        VisitCommand::History { household, visit } => {
            let household = household_id(device, &household)?;
            let visit = visit_id(device, household, &visit)?;
            let view = find_visit(device, household, &visit)?;
            let offset = device.utc_offset_minutes()?;
            let text = lines(&view.edits, t!("visit-never-edited"), |e| {
                // An outcome's values are words too; notes and dates are as written.
                let value = |v: Option<&str>| match (e.field.as_str(), v.unwrap_or("")) {
                    ("outcome", v) => format!("{:?}", lang::word("outcome", v)),
                    (_, v) => format!("{v:?}"),
                };
                t!(
                    "visit-edit",
                    by = &e.by_name,
                    field = lang::word("field", &e.field.replace('_', "-")),
                    old = value(e.old.as_deref()),
                    new = value(e.new.as_deref()),
                    when = show::when(e.at, offset)
                )
            });
            Output::new(&view.edits, text)
        }
        VisitCommand::Coverage { group } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.coverage(group)?;
            let text = lines(&list, t!("households-none"), |c| {
                t!(
                    "coverage-line",
                    building = &c.building,
                    visited = c.visited,
                    total = c.total
                )
            });
            Output::new(&list, text)
        }
        VisitCommand::FollowUps => {
            let list = device.open_follow_ups(None)?;
            let offset = device.utc_offset_minutes()?;
            let text = lines(&list, t!("follow-ups-none"), |v| visit_line(v, offset));
            Output::new(&list, text)
        }
    }
}

async fn log(home: &Home, args: VisitLog) -> Result<Output> {
    let device = &home.phone;
    let household = household_id(device, &args.household)?;
    let group = device.household(household)?.group_id;
    let follow_up = args.follow_up.as_deref().map(Date::parse).transpose()?;
    let gps = args.gps.as_deref().map(parse_gps).transpose()?;
    let photos = read_photos(&args.photos)?;
    let visit = NewVisit {
        outcome: Some(args.outcome),
        note: args.note,
        needs: args.needs,
        resolved_on_the_spot: args.resolved,
        follow_up,
        gps,
        photos: photos.iter().map(|b| jinlin_model::photo::hash_of(b)).collect(),
    };
    let id = device.log_visit(household, &visit)?;
    for bytes in &photos {
        device.add_blob(group, bytes)?;
    }
    let synced = home.try_sync().await;
    let view = find_visit(device, household, &id)?;
    Output::new(
        &view,
        format!("{id}\n{}", t!("visit-logged", note = sent_note(home, synced))),
    )?
    .with("synced", synced)
}

/// Reads photo files, refusing any that is empty or too large before anything is written.
pub fn read_photos(paths: &[std::path::PathBuf]) -> Result<Vec<Vec<u8>>> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).with_context(|| t!("photo-unreadable", path = p.display().to_string()))?;
            if bytes.is_empty() {
                bail!(t!("photo-empty", path = p.display().to_string()));
            }
            if bytes.len() > jinlin_model::photo::MAX_BLOB_BYTES {
                bail!(t!(
                    "photo-too-big",
                    path = p.display().to_string(),
                    bytes = bytes.len(),
                    most = jinlin_model::photo::MAX_BLOB_BYTES
                ));
            }
            Ok(bytes)
        })
        .collect()
}

/// Runs a `need` command.
pub async fn need(home: &Home, cmd: NeedCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        NeedCommand::List { status, overdue } => {
            let list = device.needs(None, status, overdue)?;
            let text = lines(&list, t!("needs-none"), |n| {
                t!(
                    "need-line",
                    id = &n.id,
                    status = lang::word("need", n.status.as_str()),
                    text = &n.text,
                    due = n.due.as_deref().map(|d| t!("need-due", date = d)).unwrap_or_default()
                )
            });
            Output::new(&list, text)
        }
        NeedCommand::Assign {
            need,
            member,
            team,
            due,
        } => {
            let need = need_id(device, &need)?;
            let due = due.as_deref().map(Date::parse).transpose()?;
            let to = match (member, team) {
                (Some(m), _) => Assignee::Member(ids::group_member(device, &m)?),
                (None, Some(t)) => Assignee::Team(t),
                (None, None) => bail!(t!("need-assign-who")),
            };
            device.assign_need(&need, &to, due)?;
            need_changed(home, &need, t!("need-assigned")).await
        }
        NeedCommand::Resolve { need, note } if crate::cmd::board::names_board_need(device, &need) => {
            crate::cmd::board::need(home, NeedCommand::Resolve { need, note }).await
        }
        NeedCommand::Resolve { need, note } => {
            let need = need_id(device, &need)?;
            device.resolve_need(&need, note.as_deref())?;
            need_changed(home, &need, t!("need-resolved")).await
        }
        board => crate::cmd::board::need(home, board).await,
    }
}

async fn need_changed(home: &Home, need: &str, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home
        .phone
        .needs(None, None, false)?
        .into_iter()
        .find(|n| n.id == need)
        .ok_or_else(|| ids::no_such_id(need, "need"))?;
    Output::new(&view, t!("done-note", done = done, note = sent_note(home, synced)))?.with("synced", synced)
}

fn visit_line(v: &VisitView, offset_minutes: i32) -> String {
    t!(
        "visit-line",
        id = &v.id,
        when = show::when(v.at, offset_minutes),
        household = ids::short(v.household_id),
        outcome = lang::word("outcome", v.outcome.as_str()),
        by = &v.worker_name,
        back = v
            .follow_up
            .as_deref()
            .map(|d| t!("visit-back-on", date = d))
            .unwrap_or_default(),
        note = v.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
    )
}

fn lines<T>(items: &[T], empty: String, line: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        empty
    } else {
        items.iter().map(line).collect::<Vec<_>>().join("\n")
    }
}

fn parse_gps(text: &str) -> Result<(f64, f64)> {
    HomeLocation::parse(text)
        .map(|p| (p.lat, p.lon))
        .ok_or_else(|| anyhow!(t!("gps-bad")))
}

/// A household on this device by id or unique prefix.
pub fn household_id(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let all = device.households(None, None)?;
    unique(text, "household", all.iter().map(|h| h.id.to_string()))?
        .parse()
        .map_err(|_| ids::not_an_id(text, "household"))
}

fn visit_id(device: &Device, household: DocId, text: &str) -> Result<String> {
    let view = device.household(household)?;
    unique(text, "visit", view.visits.iter().map(|v| v.id.clone()))
}

fn need_id(device: &Device, text: &str) -> Result<String> {
    let all = device.needs(None, None, false)?;
    unique(text, "need", all.into_iter().map(|n| n.id))
}

fn find_visit(device: &Device, household: DocId, visit: &str) -> Result<VisitView> {
    device
        .household(household)?
        .visits
        .into_iter()
        .find(|v| v.id == visit)
        .ok_or_else(|| ids::no_such_id(visit, "visit"))
}

/// The one id that is `text` or starts with it.
fn unique(text: &str, what: &str, ids: impl Iterator<Item = String>) -> Result<String> {
    let text = text.trim();
    if text.len() < 4 {
        return Err(ids::not_an_id(text, what));
    }
    let matches: Vec<String> = ids.filter(|id| id.starts_with(text)).collect();
    if let Some(exact) = matches.iter().find(|id| id.as_str() == text) {
        return Ok(exact.clone());
    }
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(ids::no_such_id(text, what)),
        _ => Err(ids::several_ids(text, what, matches.len())),
    }
}
