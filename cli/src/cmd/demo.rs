//! `demo`: the hospital-ride story, end to end, on a relay of its own on loopback and four
//! phones in temporary homes, told in plain words. It checks every step, so a demo that
//! finishes is also a demo that worked.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, bail, ensure};
use jinlin_core::net::client::{ClientOptions, RelayClient};
use jinlin_core::net::live::LiveOptions;
use jinlin_core::{DocId, GroupKind, NewRequest, RequestKind, Role, SignupState, Skill, Status};
use jinlin_model::protocol::CreateInvite;
use serde_json::json;

use crate::cmd::stage::{Narrator, Stage, wait_for};
use crate::lang::t;
use crate::output::Output;

pub(crate) struct Phone {
    pub(crate) name: &'static str,
    pub(crate) phone: jinlin_core::Phone,
}

impl Phone {
    pub(crate) async fn register(
        dir: &Path,
        url: &str,
        name: &'static str,
        building: &str,
        unit: &str,
    ) -> Result<Phone> {
        let phone = jinlin_core::Phone::open(dir.join(name.replace(' ', "-").to_lowercase()).join("jinlin.db"))?;
        phone.register(url, name, Some(building), Some(unit)).await?;
        Ok(Phone { name, phone })
    }

    /// A phone whose own clock is `clock` (the stage's hand-set one), so a story that steps time
    /// steps it on the phones too.
    pub(crate) async fn register_on(
        clock: &jinlin_core::ManualClock,
        dir: &Path,
        url: &str,
        name: &'static str,
        building: &str,
        unit: &str,
    ) -> Result<Phone> {
        let path = dir.join(name.replace(' ', "-").to_lowercase()).join("jinlin.db");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let device = jinlin_core::Device::open_with_clock(path, std::sync::Arc::new(clock.clone()))?;
        let phone = jinlin_core::Phone::over(std::sync::Arc::new(device));
        phone.register(url, name, Some(building), Some(unit)).await?;
        Ok(Phone { name, phone })
    }

    pub(crate) fn client(&self) -> Result<RelayClient> {
        Ok(self.phone.client()?)
    }

    pub(crate) async fn sync(&self) -> Result<()> {
        self.phone.sync().await?;
        Ok(())
    }

    /// Who is signed up and how, as this phone sees the request.
    fn signups(&self, ride: DocId) -> Result<Vec<(String, SignupState)>> {
        let view = self.phone.request(ride)?;
        Ok(view.signups.iter().map(|s| (s.member_name.clone(), s.state)).collect())
    }

    /// "Chen ✓ confirmed, Zhou … standby", as this phone sees the request.
    fn sees(&self, ride: DocId) -> Result<String> {
        let who: Vec<String> = self
            .signups(ride)?
            .into_iter()
            .map(|(name, state)| match state {
                SignupState::Confirmed => t!("demo-confirmed", name = name),
                SignupState::Standby => t!("demo-standby", name = name),
                SignupState::Tentative => t!("demo-tentative", name = name),
            })
            .collect();
        Ok(if who.is_empty() {
            t!("demo-nobody-yet")
        } else {
            who.join(t!("demo-list-separator").as_str())
        })
    }

    /// "  Chen's phone:          Chen ✓ confirmed", a line of who sees what.
    fn sees_line(&self, ride: DocId) -> Result<String> {
        let label = t!("demo-phone-of", name = self.name);
        Ok(format!("  {label:<21} {}", self.sees(ride)?))
    }
}

/// Runs the story.
pub async fn run(json: bool) -> Result<Output> {
    let mut n = Narrator::new(json);
    let stage = Stage::open(None).await?;
    let url = stage.relay.url();
    let outcome = story(&mut n, stage.dir.path(), &url).await;
    stage.relay.stop().await?;
    let ride = outcome?;
    Output::new(
        json!({ "relay": url, "steps": n.steps, "request": ride }),
        String::new(),
    )
}

async fn story(n: &mut Narrator, dir: &Path, url: &str) -> Result<jinlin_core::RequestView> {
    n.say(t!("demo-relay", url = url));
    let office = Phone::register(dir, url, "Ms Sun", "1", "office").await?;
    let grandma = Phone::register(dir, url, "Grandma Wang", "3", "1202").await?;
    let chen = Phone::register(dir, url, "Chen", "3", "502").await?;
    let zhou = Phone::register(dir, url, "Zhou", "5", "301").await?;
    n.say(t!("demo-register"));

    let community = office
        .phone
        .create_group("Lianhua Community", GroupKind::Community, None)?;
    let estate = office
        .phone
        .create_group("East Estate", GroupKind::Estate, Some(community))?;
    let building3 = office
        .phone
        .create_group("Building 3", GroupKind::Building, Some(estate))?;
    let building5 = office
        .phone
        .create_group("Building 5", GroupKind::Building, Some(estate))?;
    office.sync().await?;
    let invite = |role| CreateInvite {
        role,
        uses: 1,
        expires_in_secs: 86_400,
        building: None,
    };
    let resident = office
        .client()?
        .create_invite(building3, &invite(Role::Resident))
        .await?;
    grandma.phone.join(&resident.code, None, None).await?.1?;
    for (phone, building, name) in [(&chen, building3, "3"), (&zhou, building5, "5")] {
        let code = office
            .client()?
            .create_invite(building, &invite(Role::Volunteer))
            .await?;
        phone.phone.join(&code.code, None, None).await?.1?;
        phone.phone.set_profile(building, &[Skill::Driver], Some(name), None)?;
        phone.sync().await?;
    }
    n.say(t!("demo-groups", code = &resident.code));

    // Chen and Zhou keep the app open: their phones hear of new requests at once.
    let options = LiveOptions {
        send_after: Duration::from_millis(50),
        ..LiveOptions::default()
    };
    let live = |p: &Phone| {
        p.phone
            .clone()
            .with_options(ClientOptions::default(), options)
            .go_live()
    };
    let chen_live = live(&chen)?;
    let zhou_live = live(&zhou)?;
    for channel in [&chen_live, &zhou_live] {
        ensure!(
            channel.wait_online(Duration::from_secs(10)).await,
            "a live channel did not open"
        );
    }

    let mut ask = NewRequest::new(
        building3,
        RequestKind::Hospital,
        "My waters broke. Please drive me to the maternity hospital",
    );
    ask.urgent = true;
    let ride = grandma.phone.raise(ask)?;
    n.say(t!("demo-raise"));
    ensure!(
        grandma.phone.unsynced_docs()?.contains(&ride),
        "the request should wait on her phone"
    );

    grandma.sync().await?;
    n.say(t!("demo-sent"));
    for phone in [&chen, &zhou] {
        wait_for(
            || phone.phone.request(ride).is_ok(),
            "the request over the live channel",
        )
        .await?;
    }
    n.say(t!("demo-alerted"));

    // Both go down to the car park, where there is no signal.
    chen_live.cancel();
    zhou_live.cancel();
    zhou.phone.accept(ride)?;
    tokio::time::sleep(Duration::from_millis(5)).await;
    chen.phone.accept(ride)?;
    n.say(t!("demo-car-park"));
    n.say(t!(
        "demo-tentative-both",
        chen = chen.sees(ride)?,
        zhou = zhou.sees(ride)?
    ));

    chen.sync().await?;
    zhou.sync().await?;
    n.say(t!("demo-ramp"));
    for phone in [&grandma, &chen, &zhou, &office] {
        phone.sync().await?;
    }
    let first_come = [
        ("Chen".to_string(), SignupState::Confirmed),
        ("Zhou".to_string(), SignupState::Standby),
    ];
    for phone in [&grandma, &chen, &zhou, &office] {
        let sees = phone.signups(ride)?;
        ensure!(sees == first_come, "{} sees {sees:?}", phone.name);
        n.say(phone.sees_line(ride)?);
    }
    n.say(t!("demo-agree"));

    chen.phone.withdraw(ride)?;
    chen.sync().await?;
    n.say(t!("demo-withdraw"));
    for phone in [&grandma, &zhou, &office] {
        phone.sync().await?;
    }
    for phone in [&grandma, &chen, &zhou, &office] {
        let sees = phone.signups(ride)?;
        ensure!(
            sees == [("Zhou".to_string(), SignupState::Confirmed)],
            "{} sees {sees:?}",
            phone.name
        );
        n.say(phone.sees_line(ride)?);
    }
    n.say(t!("demo-moves-up"));

    zhou.phone.start(ride)?;
    zhou.sync().await?;
    zhou.phone.complete(ride)?;
    zhou.sync().await?;
    grandma.sync().await?;
    grandma.phone.comment(ride, "A healthy girl. Thank you, Zhou!")?;
    grandma.sync().await?;
    for phone in [&chen, &zhou, &office] {
        phone.sync().await?;
    }
    let done = office.phone.request(ride)?;
    if done.status != Status::Done {
        bail!("the ride should be done, not {}", done.status);
    }
    let zhou_sees = zhou.phone.request(ride)?;
    ensure!(
        zhou_sees.status == Status::Done && zhou_sees.comments.iter().any(|c| c.text.contains("Thank you, Zhou")),
        "Zhou's phone should show the ride done and her thanks"
    );
    n.say(t!("demo-done"));
    n.say(t!("demo-end"));
    Ok(done)
}
