//! `checkin` ("I'm fine", 我很好: kept on this phone, sent now or with the first link),
//! `checkin deadline / pause / answer / lifeline`.

use anyhow::{Result, bail};
use jinlin_core::net::checkin::CheckedIn;
use jinlin_core::net::client::ClientOptions;
use jinlin_model::checkin::Answer;
use jinlin_model::checkin::lifeline::Lifeline;
use jinlin_model::checkin::wire::DeadlineBody;
use serde_json::json;

use crate::args::CheckinCommand;
use crate::cmd::pair::{card, member_name, pairing_id};
use crate::duration;
use crate::home::Home;
use crate::lang::t;
use crate::output::Output;

/// Runs `checkin` or one of its commands.
pub async fn run(home: &Home, cmd: Option<CheckinCommand>) -> Result<Output> {
    let Some(cmd) = cmd else {
        return check_in(home).await;
    };
    let offset = home.phone.utc_offset_minutes()?;
    match cmd {
        CheckinCommand::Deadline { id, time, grace } => {
            let client = home.client(ClientOptions::default())?;
            let id = pairing_id(home, &id).await?;
            let v = client
                .set_checkin_deadline(
                    id,
                    &DeadlineBody {
                        deadline: time,
                        grace_minutes: grace,
                    },
                )
                .await?;
            Output::new(&v, card(&v, offset, |m| member_name(home, m)))
        }
        CheckinCommand::Pause { id, period } => {
            let client = home.client(ClientOptions::default())?;
            let id = pairing_id(home, &id).await?;
            let until = if period.trim().eq_ignore_ascii_case("off") {
                None
            } else {
                let d = duration::parse(&period).map_err(anyhow::Error::msg)?;
                Some(home.phone.device().now() + d.as_millis() as i64)
            };
            let v = client.pause_checkins(id, until).await?;
            let text = match until {
                Some(_) => format!(
                    "{}\n{}",
                    t!("checkin-paused"),
                    card(&v, offset, |m| member_name(home, m))
                ),
                None => format!(
                    "{}\n{}",
                    t!("checkin-resumed"),
                    card(&v, offset, |m| member_name(home, m))
                ),
            };
            Output::new(&v, text)
        }
        CheckinCommand::Answer { id, answer, text } => {
            let client = home.client(ClientOptions::default())?;
            let id = pairing_id(home, &id).await?;
            let (v, request) = match answer.as_str() {
                "coming" => (client.answer_checkin(id, Answer::Coming).await?, None),
                "fine" => (client.answer_checkin(id, Answer::Fine).await?, None),
                _ => {
                    let (request, v) = home.phone.needs_help(id, &text).await?;
                    (v, Some(request))
                }
            };
            let said = match (answer.as_str(), request) {
                ("coming", _) => t!("checkin-coming"),
                ("fine", _) => t!("checkin-fine"),
                (_, Some(r)) => t!("checkin-needs-help", request = r.to_string()),
                _ => String::new(),
            };
            Output::new(&v, format!("{said}\n{}", card(&v, offset, |m| member_name(home, m))))?.with("request", request)
        }
        CheckinCommand::Lifeline { id, card } => {
            let (list, fresh) = if home.offline {
                (known(home)?, false)
            } else {
                home.phone.pairings(ClientOptions::quick()).await?
            };
            let chosen = match id {
                Some(text) => {
                    let id = match text.parse() {
                        Ok(id) => id,
                        Err(_) => crate::ids::unique(&text, "pairing", list.iter().map(|v| v.pairing.id))?,
                    };
                    list.into_iter().filter(|v| v.pairing.id == id).collect::<Vec<_>>()
                }
                None => {
                    let me = home.phone.identity()?.map(|i| i.member_id);
                    list.into_iter()
                        .filter(|v| me.is_some_and(|m| v.pairing.checks_in(m)))
                        .collect()
                }
            };
            let Some(v) = chosen.first() else {
                bail!(t!("lifeline-nobody"));
            };
            let life = Lifeline::of(&v.pairing);
            let mut text = t!("lifeline-title") + "\n";
            for (i, n) in life.neighbours.iter().enumerate() {
                let phone = n.phone.clone().unwrap_or_else(|| t!("lifeline-no-number"));
                text.push_str(&format!("  {}. {} — {phone}\n", i + 1, n.name));
            }
            for sms in &life.sms {
                text.push_str(&t!("lifeline-text", to = sms.to.join(", "), fine = &sms.fine));
                text.push('\n');
            }
            text.truncate(text.trim_end().len());
            if !fresh {
                text.push('\n');
                text.push_str(&t!("lifeline-stale"));
            }
            if card {
                let printed = life.card(&v.pairing);
                return Output::new(&life, printed.clone())?.with("card", printed);
            }
            Output::new(&life, text)
        }
    }
}

async fn check_in(home: &Home) -> Result<Output> {
    let options = (!home.offline).then(ClientOptions::quick);
    match home.phone.check_in(options).await? {
        CheckedIn::Sent(reply) => {
            let text = if reply.pairings.is_empty() {
                t!("checkin-nobody")
            } else if reply.pairings.iter().all(|p| p.counted_at.is_some()) {
                t!("checkin-done")
            } else {
                t!("checkin-late")
            };
            Output::new(json!({ "sent": true, "pairings": reply.pairings }), text)
        }
        CheckedIn::Kept { signed_at } => {
            let mut text = t!("checkin-kept");
            let me = home.phone.identity()?.map(|i| i.member_id);
            if let Some(v) = known(home)?.iter().find(|v| me.is_some_and(|m| v.pairing.checks_in(m))) {
                let life = Lifeline::of(&v.pairing);
                for sms in &life.sms {
                    text.push('\n');
                    text.push_str(&t!("checkin-to-be-sure", to = sms.to.join(", "), fine = &sms.fine));
                }
            }
            Output::new(json!({ "sent": false, "signed_at": signed_at, "pairings": [] }), text)
        }
    }
}

/// The pairings this phone saw last (for the lifeline without a link).
fn known(home: &Home) -> Result<Vec<jinlin_model::checkin::wire::PairingView>> {
    Ok(home
        .phone
        .device()
        .setting(jinlin_core::phone::checkin::KNOWN_PAIRINGS)?
        .unwrap_or_default())
}
