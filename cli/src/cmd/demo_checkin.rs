//! `demo checkin`: Grandma Wang lives alone in building 3 and is paired with Li, her neighbour
//! downstairs, and Chen from building 5. One morning she has not said "I'm fine" by 10:00: at
//! 10:30 (her grace) Li's phone rings, Li is at work and does not answer; fifteen minutes later
//! Chen's does, Chen says he is on his way, knocks, and says she is fine. Li hears it is over and
//! Grandma's phone shows who was alerted about her.
//!
//! A relay of its own on loopback and phones in temporary homes, every live channel open. The
//! relay's clock is stepped by hand where the story waits, so the demo takes seconds; everything
//! else is real. Each step is checked.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use jinlin_core::net::client::ClientOptions;
use jinlin_core::net::live::{LiveHandle, LiveOptions};
use jinlin_core::{DocId, Event, GroupKind, ManualClock, Role};
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::{Answer, PairedNeighbour};
use jinlin_model::protocol::CreateInvite;
use serde_json::json;

use crate::cmd::stage::{Narrator, Stage, wait_for};
use crate::lang::t;
use crate::output::Output;

/// 2026-11-23 09:00 in UTC+8.
const MORNING: i64 = 1_795_395_600_000;
const MINUTE: i64 = 60_000;

struct Phone {
    name: &'static str,
    phone: jinlin_core::Phone,
    heard: Arc<Mutex<Vec<Event>>>,
    _live: Option<LiveHandle>,
}

impl Phone {
    fn alerted(&self, pairing: DocId) -> Option<u8> {
        self.heard.lock().ok()?.iter().find_map(|e| match e {
            Event::CheckinMissed { alert } if alert.pairing == pairing => Some(alert.step),
            _ => None,
        })
    }

    fn told_over(&self, pairing: DocId) -> bool {
        self.heard
            .lock()
            .map(|h| h.contains(&Event::CheckinOver { pairing }))
            .unwrap_or(false)
    }

    fn member(&self) -> Result<jinlin_core::MemberId> {
        Ok(self.phone.identity()?.context("no identity")?.member_id)
    }
}

/// Runs the story.
pub async fn run(json: bool) -> Result<Output> {
    let mut story = Narrator::new(json);
    let clock = ManualClock::new(MORNING);
    let stage = Stage::open(Some(&clock)).await?;
    let outcome = tell(&mut story, stage.dir.path(), &stage.relay, &clock).await;
    stage.relay.stop().await?;
    let alerted = outcome?;
    Output::new(json!({ "steps": story.steps, "alerted": alerted }), String::new())
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
) -> Result<Vec<serde_json::Value>> {
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
    let mut people = vec![sun];
    for (name, building, group, role) in [
        ("Gao", "1", community, Role::GridWorker),
        ("Grandma Wang", "3", b3, Role::Resident),
        ("Li", "3", b3, Role::Volunteer),
        ("Chen", "5", b5, Role::Volunteer),
    ] {
        let p = phone(dir, &url, name, building).await?;
        let invite = CreateInvite {
            role,
            uses: 1,
            expires_in_secs: 86_400,
            building: None,
        };
        let code = people[0].phone.client()?.create_invite(group, &invite).await?;
        p.phone.join(&code.code, None, None).await?.1?;
        people.push(p);
    }
    for p in &people {
        p.phone.sync().await?;
    }
    s.say(t!("checkin-demo-cast"));

    let live = LiveOptions {
        send_after: Duration::from_millis(20),
        ..LiveOptions::default()
    };
    for p in &mut people {
        let mut events = p.phone.subscribe();
        let heard = p.heard.clone();
        tokio::spawn(async move {
            while let Ok(e) = events.recv().await {
                if matches!(e, Event::CheckinMissed { .. } | Event::CheckinOver { .. })
                    && let Ok(mut h) = heard.lock()
                {
                    h.push(e);
                }
            }
        });
        let handle = p.phone.clone().with_options(ClientOptions::default(), live).go_live()?;
        if !handle.wait_online(Duration::from_secs(10)).await {
            bail!("{}'s live channel did not open", p.name);
        }
        p._live = Some(handle);
    }
    let get = |name: &str| people.iter().find(|p| p.name == name).expect("in the story");
    let (gao, wang, li, chen) = (get("Gao"), get("Grandma Wang"), get("Li"), get("Chen"));

    let new = NewPairing {
        group_id: b3,
        person: Some(wang.member()?),
        proxy: None,
        household: None,
        name: "Grandma Wang".into(),
        building: "3".into(),
        unit: Some("1202".into()),
        neighbours: vec![
            PairedNeighbour {
                member: li.member()?,
                name: "Li".into(),
                phone: Some("138 0000 1111".into()),
                language: jinlin_model::sms::SmsLanguage::ZhHans,
            },
            PairedNeighbour {
                member: chen.member()?,
                name: "Chen".into(),
                phone: Some("139 0000 2222".into()),
                language: jinlin_model::sms::SmsLanguage::ZhHans,
            },
        ],
        deadline: "10:00".into(),
        grace_minutes: Some(30),
        wait_minutes: Some(15),
    };
    let pairing = gao.phone.client()?.create_pairing(&new).await?.pairing.id;
    for p in [wang, li, chen] {
        p.phone.client()?.accept_pairing(pairing).await?;
    }
    s.say(t!("checkin-demo-paired"));

    clock.advance(90 * MINUTE);
    relay.state().relay().alerts().wake_timer();
    wait_for(|| li.alerted(pairing).is_some(), "the first neighbour's alert").await?;
    if chen.alerted(pairing).is_some() {
        bail!("the second neighbour was alerted with the first");
    }
    s.say(t!("checkin-demo-missed"));

    clock.advance(15 * MINUTE);
    relay.state().relay().alerts().wake_timer();
    wait_for(|| chen.alerted(pairing).is_some(), "the second neighbour's alert").await?;
    s.say(t!("checkin-demo-widens"));

    let chen_client = chen.phone.client()?;
    chen_client.answer_checkin(pairing, Answer::Coming).await?;
    s.say(t!("checkin-demo-coming"));
    clock.advance(5 * MINUTE);
    let after = chen_client.answer_checkin(pairing, Answer::Fine).await?;
    wait_for(|| li.told_over(pairing), "Li hearing it is over").await?;
    s.say(t!("checkin-demo-fine"));

    let seen = wang.phone.client()?.pairing(pairing).await?;
    let watch = seen.past.first().context("the watch is recorded")?;
    let mut names = Vec::new();
    let mut alerted = Vec::new();
    for a in &watch.alerted {
        let name = people
            .iter()
            .find(|p| p.member().ok() == Some(a.member))
            .map_or("?", |p| p.name);
        let how = a.delivered.clone().unwrap_or_else(|| t!("checkin-demo-not-delivered"));
        names.push(format!("{name} ({how})"));
        alerted.push(json!({ "name": name, "step": a.step, "delivered": a.delivered }));
    }
    s.say(t!(
        "checkin-demo-who",
        names = names.join(t!("demo-list-separator").as_str())
    ));
    if after.watch.is_some() || gao.alerted(pairing).is_some() {
        bail!("the alarm did not close before the grid worker");
    }
    Ok(alerted)
}
