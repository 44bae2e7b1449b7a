//! `demo urgent`: a woman six months pregnant, alone at night, asks for a ride to hospital. Her
//! building hears at once, nobody answers in time so the alert widens, a driver declines and it
//! passes on, two neighbours confirm and the rest are told they are no longer needed.
//!
//! A relay of its own on loopback and eight phones in temporary homes, every live channel open.
//! The relay's clock is stepped by hand where the story waits ("thirty seconds pass"), so the
//! demo takes seconds, not minutes; everything else is real. Each step is checked.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use jinlin_core::net::client::{ClientOptions, RelayClient};
use jinlin_core::net::live::{LiveHandle, LiveOptions};
use jinlin_core::phone::RelayHeard;
use jinlin_core::{DocId, Event, GroupKind, ManualClock, NewRequest, RequestKind, Role, Skill};
use jinlin_model::protocol::CreateInvite;
use serde_json::json;

use crate::cmd::alerts::receipts_line;
use crate::cmd::stage::{Narrator, Stage, wait_for};
use crate::lang::t;
use crate::output::Output;

/// 2026-11-23 23:30 in UTC+8.
const NIGHT: i64 = 1_795_447_800_000;

struct Phone {
    name: &'static str,
    phone: jinlin_core::Phone,
    heard: Arc<Mutex<Vec<(Event, Instant)>>>,
    _live: Option<LiveHandle>,
}

impl Phone {
    fn client(&self) -> Result<RelayClient> {
        Ok(self.phone.client()?)
    }

    fn alerted(&self, ride: DocId) -> Option<(u8, Instant)> {
        self.heard.lock().ok()?.iter().find_map(|(e, at)| match e {
            Event::Alerted { id, wave, .. } if *id == ride => Some((*wave, *at)),
            _ => None,
        })
    }

    fn stood_down(&self, ride: DocId) -> bool {
        self.heard
            .lock()
            .map(|h| h.iter().any(|(e, _)| *e == Event::NoLongerNeeded { id: ride }))
            .unwrap_or(false)
    }
}

/// Runs the story.
pub async fn run(json: bool) -> Result<Output> {
    let mut story = Narrator::new(json);
    let clock = ManualClock::new(NIGHT);
    let stage = Stage::open(Some(&clock)).await?;
    let outcome = tell(&mut story, stage.dir.path(), &stage.relay, &clock).await;
    stage.relay.stop().await?;
    let receipts = outcome?;
    Output::new(json!({ "steps": story.steps, "receipts": receipts }), String::new())
}

async fn phone(dir: &Path, url: &str, name: &'static str, building: &str) -> Result<Phone> {
    let phone = jinlin_core::Phone::open(dir.join(name.replace(' ', "-").to_lowercase()).join("jinlin.db"))?;
    phone.register(url, name, Some(building), Some("101")).await?;
    Ok(Phone {
        name,
        phone,
        heard: Arc::default(),
        _live: None,
    })
}

async fn tell(
    s: &mut Narrator,
    dir: &Path,
    relay: &jinlin_relay::Running,
    clock: &ManualClock,
) -> Result<jinlin_model::protocol::AlertReceipts> {
    let url = relay.url();
    let sun = phone(dir, &url, "Ms Sun", "1").await?;
    let community = sun
        .phone
        .create_group("Lianhua Community", GroupKind::Community, None)?;
    let estate = sun
        .phone
        .create_group("East Estate", GroupKind::Estate, Some(community))?;
    let b3 = sun
        .phone
        .create_group("Building 3", GroupKind::Building, Some(estate))?;
    let b5 = sun
        .phone
        .create_group("Building 5", GroupKind::Building, Some(estate))?;
    sun.phone.sync().await?;
    sun.client()?.set_availability(false).await?;
    let mut people = vec![sun];
    for (name, building, group, skills) in [
        ("Lin", "3", b3, vec![]),
        ("Li", "3", b3, vec![]),
        ("Wu", "3", b3, vec![]),
        ("Chen", "5", b5, vec![Skill::Driver]),
        ("Zhou", "5", b5, vec![Skill::Driver]),
        ("Ma", "5", b5, vec![]),
        ("He", "9", community, vec![Skill::Driver]),
    ] {
        let p = phone(dir, &url, name, building).await?;
        let invite = CreateInvite {
            role: if name == "Lin" { Role::Resident } else { Role::Volunteer },
            uses: 1,
            expires_in_secs: 86_400,
            building: None,
        };
        let code = people[0].client()?.create_invite(group, &invite).await?;
        p.phone.join(&code.code, None, None).await?.1?;
        if !skills.is_empty() {
            p.phone.set_profile(group, &skills, Some(building), Some("101"))?;
            p.phone.sync().await?;
        }
        people.push(p);
    }
    s.say(t!("urgent-cast"));

    let options = LiveOptions {
        send_after: Duration::from_millis(20),
        ..LiveOptions::default()
    };
    for p in &mut people {
        let mut events = p.phone.subscribe();
        let heard = p.heard.clone();
        tokio::spawn(async move {
            while let Ok(e) = events.recv().await {
                if matches!(e, Event::Alerted { .. } | Event::NoLongerNeeded { .. })
                    && let Ok(mut h) = heard.lock()
                {
                    h.push((e, Instant::now()));
                }
            }
        });
        let handle = p
            .phone
            .clone()
            .with_options(ClientOptions::default(), options)
            .go_live()?;
        if !handle.wait_online(Duration::from_secs(10)).await {
            bail!("{}'s live channel did not open", p.name);
        }
        p._live = Some(handle);
    }
    s.say(t!("urgent-live"));

    let by_name: BTreeMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (p.name, i)).collect();
    let get = |name: &str| &people[by_name[name]];
    let grandma = get("Lin");
    let mut ask = NewRequest::new(
        b3,
        RequestKind::Hospital,
        "Six months pregnant, I cannot breathe. Please drive me to hospital",
    );
    ask.urgent = true;
    ask.slots = 2;
    let ride = grandma.phone.raise(ask)?;
    s.say(t!("urgent-raise"));
    let sent = Instant::now();
    grandma.phone.sync().await?;
    let wave1 = ["Li", "Wu", "Chen", "Zhou"];
    wait_for(
        || wave1.iter().all(|n| get(n).alerted(ride).is_some()),
        "the first wave",
    )
    .await?;
    let slowest = wave1
        .iter()
        .filter_map(|n| get(n).alerted(ride).map(|(_, at)| at.duration_since(sent)))
        .max()
        .unwrap_or_default();
    s.say(t!("urgent-wave1", ms = slowest.as_millis() as u64));
    let gc = grandma.client()?;
    s.say(format!(
        "  {}",
        t!(
            "urgent-her-phone",
            receipts = receipts_line(&gc.alert_receipts(ride).await?)
        )
    ));

    clock.advance(30_000);
    relay.state().relay().alerts().wake_timer();
    wait_for(|| get("Ma").alerted(ride).is_some(), "the second wave").await?;
    s.say(t!("urgent-wave2"));

    let before: Vec<&str> = people
        .iter()
        .filter(|p| p.alerted(ride).is_some())
        .map(|p| p.name)
        .collect();
    match get("Chen").phone.decline(ride).await?.relay {
        RelayHeard::Heard => {}
        RelayHeard::NotRegistered => bail!("Chen's phone is not registered"),
        RelayHeard::NotHeard(e) => return Err(e.into()),
    }
    wait_for(
        || people.iter().filter(|p| p.alerted(ride).is_some()).count() > before.len(),
        "the hand-off",
    )
    .await?;
    let next: Vec<&str> = people
        .iter()
        .filter(|p| p.alerted(ride).is_some() && !before.contains(&p.name))
        .map(|p| p.name)
        .collect();
    s.say(t!(
        "urgent-decline",
        next = next.join(t!("demo-list-separator").as_str())
    ));

    for name in ["Li", "Zhou"] {
        let p = get(name);
        p.client()?.alert_seen(ride).await?;
        p.phone.accept(ride)?;
        p.phone.sync().await?;
    }
    s.say(t!("urgent-confirm"));
    let told: Vec<&str> = people
        .iter()
        .filter(|p| p.alerted(ride).is_some() && !["Li", "Zhou", "Chen"].contains(&p.name))
        .map(|p| p.name)
        .collect();
    wait_for(|| told.iter().all(|n| get(n).stood_down(ride)), "the stand-down").await?;
    s.say(t!(
        "urgent-stood-down",
        told = told.join(t!("demo-list-separator").as_str())
    ));
    grandma.phone.sync().await?;
    let view = grandma.phone.request(ride)?;
    if view.confirmed() != 2 {
        bail!("two volunteers should be confirmed, not {}", view.confirmed());
    }
    let receipts = gc.alert_receipts(ride).await?;
    s.say(format!(
        "  {}",
        t!("urgent-her-phone", receipts = receipts_line(&receipts))
    ));
    s.say(t!("urgent-end"));
    Ok(receipts)
}
