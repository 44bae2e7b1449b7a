//! `demo community`: the service-menu story (居民点单、社区派单、团队接单, 邀邻评事) on a relay of its
//! own: staff publish a repair on the community's menu, Grandma Wang orders it, staff dispatch it
//! to the property crew, two of the crew accept it in the basement without signal and every phone
//! agrees on who has it, the job is done and Grandma rates it. Then the board (认领): her photo
//! report of a leaking pipe becomes a need on the community's board, Chen and Zhou claim it in
//! the basement and the first to reach the relay has it on every phone, it is resolved,
//! confirmed by staff and rated. Then the estate votes on replacing its lifts (议事,
//! `demo_vote.rs`). Every step is checked, so a demo that finishes is a demo that worked. The
//! relay and the phones share a hand-set clock, so the vote's close passes in an instant.

use std::path::Path;

use anyhow::{Context as _, Result, ensure};
use jinlin_core::{Clock, GroupKind, ManualClock, Place, Role, SystemClock};
use jinlin_model::docs::group::NewTeam;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::docs::need::{NeedView, NewNeed};
use jinlin_model::docs::order::{NewOrder, OrderView};
use jinlin_model::kinds::{BoardStatus, NeedSource, OrderStatus, SignupState, Skill, TeamKind};
use jinlin_model::protocol::CreateInvite;
use serde_json::json;

use crate::cmd::demo::Phone;
use crate::cmd::stage::{Narrator, Stage};
use crate::lang::t;
use crate::output::Output;

/// Runs the story.
pub async fn run(json: bool) -> Result<Output> {
    let mut n = Narrator::new(json);
    let clock = ManualClock::new(SystemClock.now_ms());
    let stage = Stage::open(Some(&clock)).await?;
    let url = stage.relay.url();
    let outcome = story(&mut n, &clock, stage.dir.path(), &url).await;
    stage.relay.stop().await?;
    let (order, need, vote) = outcome?;
    Output::new(
        json!({ "relay": url, "steps": n.steps, "order": order, "need": need, "vote": vote }),
        String::new(),
    )
}

async fn story(
    n: &mut Narrator,
    clock: &ManualClock,
    dir: &Path,
    url: &str,
) -> Result<(OrderView, NeedView, serde_json::Value)> {
    n.say(t!("demo-relay", url = url));
    let office = Phone::register_on(clock, dir, url, "Ms Sun", "1", "office").await?;
    let grandma = Phone::register_on(clock, dir, url, "Grandma Wang", "3", "1202").await?;
    let chen = Phone::register_on(clock, dir, url, "Chen", "5", "101").await?;
    let zhou = Phone::register_on(clock, dir, url, "Zhou", "5", "301").await?;
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
    let code = office
        .client()?
        .create_invite(building3, &invite(Role::Resident))
        .await?;
    grandma.phone.join(&code.code, None, None).await?.1?;
    for p in [&chen, &zhou] {
        let code = office
            .client()?
            .create_invite(community, &invite(Role::Volunteer))
            .await?;
        p.phone.join(&code.code, None, None).await?.1?;
    }
    office.sync().await?;
    n.say(t!("community-demo-team"));
    let chen_id = chen.phone.identity()?.context("Chen has an identity")?.member_id;
    let zhou_id = zhou.phone.identity()?.context("Zhou has an identity")?.member_id;
    let crew = office.phone.create_team(
        community,
        &NewTeam {
            name: "Property crew".into(),
            skill: Some(Skill::Plumber),
            kind: Some(TeamKind::Property),
            leader: Some(chen_id),
            serves: vec![estate],
        },
    )?;
    let tap = office.phone.add_menu_item(
        community,
        &NewMenuItem {
            title: "Fix a leaking tap".into(),
            description: "Labour and washers; about half the market price".into(),
            team: crew.clone(),
            price_fen: Some(1500),
            unit: Some("per visit".into()),
            hours: Some("Mon-Sat 8:00-18:00".into()),
            direct: false,
        },
    )?;
    office.sync().await?;
    chen.sync().await?;
    chen.phone.set_team_member(community, &crew, zhou_id, true)?;
    chen.sync().await?;
    n.say(t!("community-demo-menu"));

    grandma.sync().await?;
    let order = grandma.phone.place_order(
        community,
        &tap,
        &NewOrder {
            preferred_time: Some("Saturday morning".into()),
            note: "The kitchen tap drips all night".into(),
            on_behalf_of: None,
        },
    )?;
    grandma.sync().await?;
    let status = |p: &Phone| -> Result<OrderStatus> { Ok(p.phone.order(order)?.status) };
    ensure!(
        status(&grandma)? == OrderStatus::Ordered,
        "the order should wait for staff"
    );
    n.say(t!("community-demo-order"));

    office.sync().await?;
    office.phone.dispatch_order(order, &crew)?;
    office.sync().await?;
    grandma.sync().await?;
    ensure!(
        status(&grandma)? == OrderStatus::Dispatched,
        "the order should be dispatched"
    );
    n.say(t!("community-demo-dispatch"));

    chen.sync().await?;
    zhou.sync().await?;
    zhou.phone.accept_order(order)?;
    chen.phone.accept_order(order)?;
    n.say(t!("community-demo-basement"));
    zhou.sync().await?;
    chen.sync().await?;
    for p in [&office, &grandma, &chen, &zhou] {
        p.sync().await?;
    }
    for p in [&office, &grandma, &chen, &zhou] {
        let seen = p.phone.order(order)?;
        let confirmed: Vec<&str> = seen
            .acceptances
            .iter()
            .filter(|a| a.state == SignupState::Confirmed)
            .map(|a| a.member_name.as_str())
            .collect();
        ensure!(
            seen.status == OrderStatus::Accepted && confirmed == ["Zhou"],
            "{} should see Zhou has it",
            p.name
        );
    }
    ensure!(
        chen.phone.order(order)?.acceptance_of(chen_id).map(|a| a.state) == Some(SignupState::Standby),
        "Chen should stand by"
    );
    n.say(t!("community-demo-first"));

    zhou.phone.finish_order(order)?;
    zhou.sync().await?;
    grandma.sync().await?;
    ensure!(status(&grandma)? == OrderStatus::Done, "the order should be done");
    grandma.phone.rate_order(order, 5, "Quick and tidy, thank you Zhou")?;
    grandma.sync().await?;
    office.sync().await?;
    zhou.sync().await?;
    let ratings = office.phone.ratings(community)?;
    ensure!(
        ratings
            .teams
            .first()
            .is_some_and(|t| t.name == "Property crew" && t.rated == 1),
        "staff should see the crew's rating"
    );
    ensure!(zhou.phone.helped()? == 1, "Zhou should count one neighbour helped");
    n.say(t!("community-demo-rated"));
    n.say(t!("community-demo-menu-end"));
    let order = office.phone.order(order)?;
    let need = board(n, &office, &grandma, &chen, &zhou, community, building3).await?;
    let people = crate::cmd::demo_vote::People {
        office: &office,
        grandma: &grandma,
        chen: &chen,
        zhou: &zhou,
    };
    let vote = crate::cmd::demo_vote::lifts(n, clock, &people, estate, building3, building5).await?;
    Ok((order, need, vote))
}

/// The board: a leaking-pipe report becomes a need, claimed offline by two neighbours (the first
/// to reach the relay has it), resolved, confirmed by staff and rated.
async fn board(
    n: &mut Narrator,
    office: &Phone,
    grandma: &Phone,
    chen: &Phone,
    zhou: &Phone,
    community: jinlin_core::DocId,
    building3: jinlin_core::DocId,
) -> Result<NeedView> {
    let report = grandma.phone.raise_report(
        building3,
        "Water is leaking from the pipe in the stairwell",
        Place {
            building: Some("3".into()),
            ..Place::default()
        },
        &[],
    )?;
    grandma.sync().await?;
    office.sync().await?;
    let need = office.phone.post_need(
        community,
        &NewNeed {
            source: Some(NeedSource::Report),
            source_ref: Some(report.to_string()),
            title: "Leaking pipe in the stairwell of Building 3".into(),
            details: "Bring a wrench and a seal".into(),
            ..NewNeed::default()
        },
    )?;
    office.sync().await?;
    n.say(t!("community-demo-board"));

    chen.sync().await?;
    zhou.sync().await?;
    chen.phone.claim_need(need, None)?;
    zhou.phone.claim_need(need, None)?;
    n.say(t!("community-demo-claim"));
    chen.sync().await?;
    zhou.sync().await?;
    for p in [office, grandma, chen, zhou] {
        p.sync().await?;
    }
    for p in [office, grandma, chen, zhou] {
        let seen = p.phone.board_need(need)?;
        let claimants: Vec<&str> = seen.claimants().map(|c| c.signup.member_name.as_str()).collect();
        ensure!(
            seen.status == BoardStatus::Claimed && claimants == ["Chen"],
            "{} should see Chen has it",
            p.name
        );
    }
    let zhou_id = zhou.phone.identity()?.context("Zhou has an identity")?.member_id;
    ensure!(
        zhou.phone.board_need(need)?.claim_of(zhou_id).map(|c| c.signup.state) == Some(SignupState::Standby),
        "Zhou should stand by"
    );
    n.say(t!("community-demo-claimed"));

    chen.phone.note_need_progress(need, "Water shut off; seal ordered")?;
    chen.phone.resolve_claimed_need(need, "New seal fitted; dry")?;
    chen.sync().await?;
    office.sync().await?;
    office.phone.confirm_need(need)?;
    office.sync().await?;
    grandma.sync().await?;
    grandma.phone.rate_need(need, 5, "Dry stairs again, thank you Chen")?;
    grandma.sync().await?;
    office.sync().await?;
    chen.sync().await?;
    let seen = office.phone.board_need(need)?;
    ensure!(seen.status == BoardStatus::Rated, "the need should be rated");
    ensure!(chen.phone.helped()? == 1, "Chen should count one neighbour helped");
    let figures = office.phone.need_figures(community)?;
    ensure!(
        figures.total.claimed == 1 && figures.total.confirmed == 1,
        "the board's figures should count it"
    );
    n.say(t!("community-demo-resolved"));
    Ok(seen)
}
