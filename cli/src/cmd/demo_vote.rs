//! The vote part of `demo community` (议事): East Estate votes on replacing its lifts, one
//! household one vote. Ms Sun registers the households and links who lives in each, puts the
//! proposal to the estate, and three households vote: Grandma Wang at home, Chen and Zhou
//! without signal. Chen's ballot reaches the relay before the close and counts; Zhou's phone
//! finds signal only after the close, and the relay refuses his ballot with the reason his
//! phone shows. Every phone computes the same result.

use anyhow::{Context as _, Result, ensure};
use jinlin_core::{DocId, ManualClock, MemberId, Role};
use jinlin_model::docs::household::{NewHousehold, Resident};
use jinlin_model::docs::proposal::NewProposal;
use jinlin_model::kinds::{BallotKind, Electorate, RiskTier, Threshold};
use jinlin_model::protocol::CreateInvite;
use serde_json::json;

use crate::cmd::demo::Phone;
use crate::cmd::stage::Narrator;
use crate::lang::t;

const HOUR: i64 = 3_600_000;

/// The phones of the story.
pub(crate) struct People<'p> {
    pub(crate) office: &'p Phone,
    pub(crate) grandma: &'p Phone,
    pub(crate) chen: &'p Phone,
    pub(crate) zhou: &'p Phone,
}

fn member(p: &Phone) -> Result<MemberId> {
    Ok(p.phone.identity()?.context("registered")?.member_id)
}

fn home(office: &Phone, group: DocId, building: &str, unit: &str, name: &str) -> Result<DocId> {
    Ok(office.phone.add_household(NewHousehold {
        group_id: group,
        building: building.into(),
        unit: unit.into(),
        residents: vec![Resident {
            name: name.into(),
            phone: None,
        }],
        tier: RiskTier::Blue,
        flags: Vec::new(),
    })?)
}

/// Tells the vote; returns the result as every phone computes it.
pub(crate) async fn lifts(
    n: &mut Narrator,
    clock: &ManualClock,
    p: &People<'_>,
    estate: DocId,
    building3: DocId,
    building5: DocId,
) -> Result<serde_json::Value> {
    let People {
        office,
        grandma,
        chen,
        zhou,
    } = *p;
    for who in [chen, zhou] {
        let code = office
            .client()?
            .create_invite(
                building5,
                &CreateInvite {
                    role: Role::Resident,
                    uses: 1,
                    expires_in_secs: 86_400,
                    building: None,
                },
            )
            .await?;
        who.phone.join(&code.code, None, None).await?.1?;
    }
    office.sync().await?;
    for (group, building, unit, who) in [
        (building3, "3", "1202", grandma),
        (building5, "5", "101", chen),
        (building5, "5", "301", zhou),
    ] {
        let h = home(office, group, building, unit, who.name)?;
        office.phone.link_voter(h, member(who)?, true)?;
    }
    office.sync().await?;
    n.say(t!("vote-demo-households"));

    let now = office.phone.now();
    let lifts = office.phone.propose(
        estate,
        &NewProposal {
            title: "Replace the three lifts".into(),
            text: "Three quotes were received; the maintenance fund pays. Work starts in spring.".into(),
            photos: Vec::new(),
            ballot: BallotKind::YesNo,
            options: Vec::new(),
            most: 1,
            electorate: Electorate::Households,
            quorum_pct: 50,
            threshold: Threshold::TwoThirds,
            opens_at: now + 24 * HOUR,
            closes_at: now + 72 * HOUR,
            early_close: false,
            secret: false,
        },
    )?;
    office.sync().await?;
    for who in [grandma, chen, zhou] {
        who.sync().await?;
    }
    grandma
        .phone
        .comment_proposal(lifts, "My knees thank you. Will the lift stop at every floor?")?;
    grandma.sync().await?;
    n.say(t!("vote-demo-proposal"));

    clock.advance(25 * HOUR);
    grandma.phone.vote(lifts, &["yes".to_string()])?;
    grandma.sync().await?;
    chen.phone.vote(lifts, &["yes".to_string()])?;
    zhou.phone.vote(lifts, &["no".to_string()])?;
    n.say(t!("vote-demo-voting"));

    clock.advance(20 * HOUR);
    chen.sync().await?;
    n.say(t!("vote-demo-chen"));

    clock.advance(30 * HOUR);
    zhou.sync().await?;
    let refused = zhou.phone.refused()?;
    let reason = refused
        .iter()
        .find(|r| r.doc_id == lifts)
        .map(|r| r.reason.clone())
        .context("Zhou's late ballot should be refused")?;
    ensure!(
        reason.contains("after the close"),
        "the reason should say why: {reason}"
    );
    n.say(t!("vote-demo-late", reason = crate::lang::refusal(&reason)));

    for who in [office, grandma, chen, zhou] {
        who.sync().await?;
    }
    let result = office.phone.tally(lifts)?;
    for who in [grandma, chen, zhou] {
        ensure!(
            who.phone.tally(lifts)? == result,
            "{} should compute the same result",
            who.name
        );
    }
    ensure!(
        result.closed && result.passed && result.voted == 2 && result.electorate == 3,
        "the lifts should pass with two of three households: {result:?}"
    );
    n.say(t!(
        "vote-demo-result",
        yes = result.counts[0].votes,
        no = result.counts[1].votes,
        voted = result.voted,
        electorate = result.electorate,
        pct = result.turnout_pct
    ));
    Ok(json!({ "proposal": office.phone.proposal(lifts)?, "tally": result, "refused": reason }))
}
