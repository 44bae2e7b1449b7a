//! `pair create / accept / list / show`: paired neighbours (结对), kept on the relay (every
//! command needs a link). Members are named as `group members` prints them.

use anyhow::{Result, bail};
use jinlin_core::net::client::ClientOptions;
use jinlin_model::checkin::pairing::{NewPairing, deadline_words};
use jinlin_model::checkin::wire::PairingView;
use jinlin_model::checkin::{Outcome, PairedNeighbour};
use jinlin_model::sms::SmsLanguage;
use jinlin_model::{DocId, MemberId};
use std::fmt::Write as _;

use crate::args::PairCommand;
use crate::home::Home;
use crate::ids;
use crate::lang::t;
use crate::output::Output;
use crate::show;

/// A pairing by id or the start of it, among those this member may see.
pub async fn pairing_id(home: &Home, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let (list, _) = home.phone.pairings(ClientOptions::default()).await?;
    ids::unique(text, "pairing", list.iter().map(|v| v.pairing.id))
}

fn member(home: &Home, text: &str) -> Result<MemberId> {
    ids::group_member(&home.phone, text)
}

/// A member's name as the groups on this phone know it, else the start of their id.
pub fn member_name(home: &Home, id: MemberId) -> String {
    home.phone
        .groups()
        .ok()
        .into_iter()
        .flatten()
        .flat_map(|g| g.members)
        .find(|m| m.member_id == id)
        .map(|m| m.name)
        .unwrap_or_else(|| ids::short(id))
}

/// A pairing as a card; `names` names a member who is not a paired neighbour.
pub fn card(v: &PairingView, offset: i32, names: impl Fn(MemberId) -> String) -> String {
    let p = &v.pairing;
    let mut s = String::new();
    let place = show::place(Some(&p.building), p.unit.as_deref()).unwrap_or_default();
    let _ = writeln!(
        s,
        "{}",
        t!("pairing-title", id = p.id.to_string(), name = &p.name, place = place)
    );
    let in_force = if p.in_force() {
        t!("pairing-in-force")
    } else {
        t!("pairing-waiting")
    };
    let _ = writeln!(
        s,
        "  {}",
        t!(
            "pairing-deadline",
            deadline = deadline_words(p.deadline),
            grace = p.grace_minutes,
            state = in_force
        )
    );
    for (i, n) in p.neighbours.iter().enumerate() {
        let ok = if p.accepted.contains_key(&n.member) {
            t!("pairing-accepted")
        } else {
            t!("pairing-not-accepted")
        };
        let phone = n.phone.as_deref().map(|x| format!(", {x}")).unwrap_or_default();
        let _ = writeln!(s, "  {}. {}{phone} ({ok})", i + 1, n.name);
    }
    if let Some(at) = p.last_checkin {
        let _ = writeln!(s, "  {}", t!("pairing-last", when = show::when(at, offset)));
    }
    if let Some(until) = p.paused_until {
        let _ = writeln!(s, "  {}", t!("pairing-paused", when = show::when(until, offset)));
    }
    let _ = writeln!(
        s,
        "  {}",
        t!("pairing-next", when = show::when(v.next_judgement, offset))
    );
    for w in v.watch.iter().chain(v.past.iter()) {
        let state = match w.outcome {
            None => t!("watch-open"),
            Some(Outcome::Fine { at, .. }) => t!("watch-fine", when = show::when(at, offset)),
            Some(Outcome::NeedsHelp { request, .. }) => t!("watch-needs-help", request = ids::short(request)),
            Some(Outcome::CheckedIn { at }) => t!("watch-checked-in", when = show::when(at, offset)),
        };
        let _ = writeln!(
            s,
            "  {}",
            t!("watch-missed", when = show::when(w.missed_at, offset), state = state)
        );
        for a in &w.alerted {
            let who = p
                .neighbours
                .iter()
                .find(|n| n.member == a.member)
                .map_or_else(|| names(a.member), |n| n.name.clone());
            let how = a.delivered.clone().unwrap_or_else(|| t!("watch-not-delivered"));
            let coming = if a.coming_at.is_some() {
                t!("watch-on-the-way")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "    {}",
                t!("watch-alerted", who = who, circle = a.step, how = how, coming = coming)
            );
        }
    }
    s.trim_end().to_string()
}

/// Runs a `pair` command.
pub async fn run(home: &Home, cmd: PairCommand) -> Result<Output> {
    let client = home.client(ClientOptions::default())?;
    let offset = home.phone.utc_offset_minutes()?;
    match cmd {
        PairCommand::Create {
            group,
            person,
            proxy,
            name,
            building,
            unit,
            neighbours,
            deadline,
            grace,
            wait,
        } => {
            if person.is_none() && proxy.is_none() {
                bail!(t!("pair-needs-person"));
            }
            let mut paired = Vec::new();
            for n in &neighbours {
                let (n, language) = match n.rsplit_once('@') {
                    Some((n, "en")) => (n, SmsLanguage::En),
                    Some((n, "zh-Hans" | "zh")) => (n, SmsLanguage::ZhHans),
                    Some((_, other)) => bail!(t!("pair-bad-language", other = other)),
                    None => (n.as_str(), SmsLanguage::ZhHans),
                };
                let (who, phone) = match n.split_once('=') {
                    Some((w, p)) => (w, Some(p.trim().to_string())),
                    None => (n, None),
                };
                let id = member(home, who)?;
                paired.push(PairedNeighbour {
                    member: id,
                    name: member_name(home, id),
                    phone,
                    language,
                });
            }
            let new = NewPairing {
                group_id: ids::group(&home.phone, &group)?,
                person: person.as_deref().map(|p| member(home, p)).transpose()?,
                proxy: proxy.as_deref().map(|p| member(home, p)).transpose()?,
                household: None,
                name,
                building,
                unit,
                neighbours: paired,
                deadline,
                grace_minutes: grace,
                wait_minutes: wait,
            };
            let v = client.create_pairing(&new).await?;
            let text = t!("paired", id = v.pairing.id.to_string());
            Output::new(&v, text)
        }
        PairCommand::Accept { id } => {
            let id = pairing_id(home, &id).await?;
            let v = client.accept_pairing(id).await?;
            Output::new(
                &v,
                format!(
                    "{}\n{}",
                    t!("pair-accepted"),
                    card(&v, offset, |m| member_name(home, m))
                ),
            )
        }
        PairCommand::List => {
            let (list, fresh) = home.phone.pairings(ClientOptions::default()).await?;
            let mut text: Vec<String> = list.iter().map(|v| card(v, offset, |m| member_name(home, m))).collect();
            if text.is_empty() {
                text.push(t!("pairings-none"));
            }
            if !fresh {
                text.push(t!("lifeline-stale"));
            }
            Output::new(&list, text.join("\n"))
        }
        PairCommand::Show { id } => {
            let id = pairing_id(home, &id).await?;
            let v = client.pairing(id).await?;
            Output::new(&v, card(&v, offset, |m| member_name(home, m)))
        }
    }
}
