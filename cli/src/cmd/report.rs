//! `report raise | list | show | assign | fix | check | close` (a resident's photo report and
//! the steps it goes through) and `photo get` (an attachment, fetched from the relay only when
//! this device does not hold it).

use anyhow::{Result, anyhow, bail};
use jinlin_core::net::client::ClientOptions;
use jinlin_core::{Device, DocId, Place};
use jinlin_model::docs::report::ReportView;
use jinlin_model::kinds::ReportStatus;

use crate::cmd::grid::read_photos;
use crate::cmd::{changed_line, position_at};
use crate::grid_args::{PhotoCommand, ReportCommand};
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::{ids, show};

/// Runs a `report` command.
pub async fn report(home: &Home, cmd: ReportCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        ReportCommand::Raise {
            group,
            text,
            photos,
            building,
            unit,
            at,
        } => {
            let group = ids::group(device, &group)?;
            let at = position_at(at.as_deref())?;
            let photos = read_photos(&photos)?;
            if text.trim().is_empty() {
                bail!(t!("report-needs-text"));
            }
            let mut hashes = Vec::with_capacity(photos.len());
            for bytes in &photos {
                hashes.push(device.add_blob(group, bytes)?);
            }
            let place = Place {
                building,
                unit,
                lat: at.map(|p| p.lat),
                lon: at.map(|p| p.lon),
            };
            let id = device.raise_report(group, &text, place, &hashes)?;
            changed(home, id, t!("report-sent")).await
        }
        ReportCommand::List => {
            let list = device.reports(None, None)?;
            let text = if list.is_empty() {
                t!("reports-none")
            } else {
                list.iter().map(line).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        ReportCommand::Show { id } => {
            let view = device.report(report_id(device, &id)?)?;
            let mut text = line(&view);
            let offset = device.utc_offset_minutes()?;
            for s in &view.steps {
                let step = t!(
                    "report-step",
                    when = show::when(s.at, offset),
                    step = lang::word("report", s.step.as_str()),
                    by = &s.by_name
                );
                text.push_str(&format!("\n  {step}"));
            }
            for p in &view.photos {
                text.push_str(&format!("\n  {}", t!("report-photo", hash = p.to_string())));
            }
            Output::new(&view, text)
        }
        ReportCommand::Assign { id, to } => {
            let id = report_id(device, &id)?;
            let member = ids::group_member(device, &to)?;
            device.report_step(id, ReportStatus::Assigned, Some(member), None)?;
            changed(home, id, t!("report-assigned")).await
        }
        ReportCommand::Fix { id } => step(home, &id, ReportStatus::Fixed, t!("report-fixed")).await,
        ReportCommand::Check { id } => step(home, &id, ReportStatus::Checked, t!("report-checked")).await,
        ReportCommand::Close { id } => step(home, &id, ReportStatus::Closed, t!("report-closed")).await,
    }
}

async fn step(home: &Home, id: &str, status: ReportStatus, done: String) -> Result<Output> {
    let id = report_id(&home.phone, id)?;
    home.phone.report_step(id, status, None, None)?;
    changed(home, id, done).await
}

async fn changed(home: &Home, id: DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.report(id)?;
    Output::new(
        &view,
        format!(
            "{id}\n{}",
            changed_line(home, done, lang::word("report", view.status.as_str()), synced)
        ),
    )?
    .with("synced", synced)
}

fn line(r: &ReportView) -> String {
    format!(
        "{}  [{}] {} ({}{})",
        ids::short(r.id),
        lang::word("report", r.status.as_str()),
        r.text,
        r.reporter.name,
        r.place
            .building
            .as_deref()
            .map(|b| t!("member-building", building = b))
            .unwrap_or_default()
    )
}

fn report_id(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let text = text.trim();
    if text.len() < 4 {
        return Err(ids::not_an_id(text, "report"));
    }
    let all: Vec<DocId> = device
        .reports(None, None)?
        .iter()
        .map(|r| r.id)
        .filter(|id| id.to_string().starts_with(text))
        .collect();
    match all.as_slice() {
        [one] => Ok(*one),
        [] => Err(ids::no_such_id(text, "report")),
        _ => Err(ids::several_ids(text, "report", all.len())),
    }
}

/// Runs a `photo` command.
pub async fn photo(home: &Home, cmd: PhotoCommand) -> Result<Output> {
    match cmd {
        PhotoCommand::Get { hash, out } => {
            let device = &home.phone;
            jinlin_model::photo::check_hash(&hash)?;
            let (bytes, fetched) = match device.blob(&hash)? {
                Some(b) => (b, false),
                None => {
                    let client = home.client(ClientOptions::default())?;
                    (
                        jinlin_core::net::photos::fetch_blob(device, &client, &hash, None).await?,
                        true,
                    )
                }
            };
            std::fs::write(&out, &bytes).map_err(|e| {
                anyhow!(t!(
                    "cannot-write",
                    path = out.display().to_string(),
                    why = e.to_string()
                ))
            })?;
            let json = serde_json::json!({
                "hash": hash,
                "bytes": bytes.len(),
                "path": out.display().to_string(),
                "fetched": fetched,
            });
            Output::new(
                json,
                t!("photo-written", bytes = bytes.len(), path = out.display().to_string()),
            )
        }
    }
}
