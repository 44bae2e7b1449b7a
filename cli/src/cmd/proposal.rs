//! `proposal create / list / show / comment / close` and `vote` (议事): a proposal put to an
//! estate or building, its discussion, ballots and the result every device computes alike.

use anyhow::Result;
use jinlin_core::{Device, DocId};
use jinlin_model::docs::proposal::{NewProposal, ProposalView, Tally};
use jinlin_model::kinds::ProposalStatus;

use crate::cmd::grid::read_photos;
use crate::cmd::sent_note;
use crate::duration;
use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;
use crate::vote_args::{ProposalCommand, ProposalCreate, VoteArgs};
use crate::{ids, show};

/// Runs a `proposal` command.
pub async fn proposal(home: &Home, cmd: ProposalCommand) -> Result<Output> {
    let device = &home.phone;
    match cmd {
        ProposalCommand::Create(args) => create(home, args).await,
        ProposalCommand::List { group } => {
            let group = group.map(|g| ids::group(device, &g)).transpose()?;
            let list = device.proposals(group)?;
            let now = device.now();
            let text = if list.is_empty() {
                t!("proposals-none")
            } else {
                list.iter().map(|p| line(p, now)).collect::<Vec<_>>().join("\n")
            };
            Output::new(&list, text)
        }
        ProposalCommand::Show { id } => {
            let id = proposal_id(device, &id)?;
            let mut view = device.proposal(id)?;
            // A closed secret vote is sealed by the relay when a reader first asks.
            let closed = view.status(device.now()) == ProposalStatus::Closed;
            if view.secret && view.sealed.is_none() && closed && !home.offline && home.phone.seal(id).await.is_ok() {
                view = device.proposal(id)?;
            }
            let tally = device.tally(id)?;
            let mine = device.my_secret_ballot(id)?;
            let offset = device.utc_offset_minutes()?;
            let mut text = line(&view, device.now());
            text.push_str(&format!("\n  {}", view.text));
            let rules = t!(
                "proposal-rules",
                ballot = lang::word("ballot", view.ballot.as_str()),
                electorate = lang::word("electorate", view.electorate.as_str()),
                quorum = view.quorum_pct,
                threshold = lang::word("threshold", view.threshold.as_str()),
                opens = show::when(view.opens_at, offset),
                closes = show::when(view.close_time(), offset)
            );
            text.push_str(&format!("\n  {rules}"));
            for p in &view.photos {
                text.push_str(&format!("\n  {}", t!("proposal-attachment", name = p.to_string())));
            }
            for c in &view.comments {
                text.push_str(&format!(
                    "\n  {} {}: {}",
                    show::when(c.at, offset),
                    c.author_name,
                    c.text
                ));
            }
            text.push_str(&format!("\n{}", tally_text(&tally)));
            if let Some(k) = &mine {
                let counted = view
                    .sealed
                    .as_ref()
                    .map(|s| s.ballots.iter().any(|b| b.receipt == k.receipt));
                let counted = match counted {
                    Some(true) => t!("receipt-counted"),
                    Some(false) => t!("receipt-not-counted"),
                    None => String::new(),
                };
                let receipt = t!("proposal-receipt", receipt = k.receipt.to_string(), counted = counted);
                text.push_str(&format!("\n  {receipt}"));
            }
            Output::new(&view, text)?
                .with("tally", &tally)?
                .with("my_receipt", mine.map(|k| k.receipt))
        }
        ProposalCommand::Comment { id, text } => {
            let id = proposal_id(device, &id)?;
            device.comment_proposal(id, &text)?;
            changed(home, id, t!("proposal-said")).await
        }
        ProposalCommand::Close { id } => {
            let id = proposal_id(device, &id)?;
            device.close_proposal(id)?;
            changed(home, id, t!("proposal-closed")).await
        }
    }
}

/// Runs `vote`.
pub async fn vote(home: &Home, args: VoteArgs) -> Result<Output> {
    let device = &home.phone;
    let id = proposal_id(device, &args.id)?;
    let ballot = home.phone.cast_ballot(id, &args.choices).await?;
    changed(home, id, t!("proposal-voted", choices = args.choices.join(", ")))
        .await?
        .with("ballot", ballot)
}

async fn create(home: &Home, a: ProposalCreate) -> Result<Output> {
    let device = &home.phone;
    let group = ids::group(device, &a.group)?;
    let discuss = match a.discuss.trim() {
        "0" => 0,
        d => duration::parse(d).map_err(anyhow::Error::msg)?.as_millis() as i64,
    };
    let vote_for = duration::parse(&a.vote_for).map_err(anyhow::Error::msg)?.as_millis() as i64;
    let mut photos = Vec::new();
    for bytes in read_photos(&a.photos)? {
        photos.push(device.add_blob(group, &bytes)?);
    }
    let now = device.now();
    let new = NewProposal {
        title: a.title,
        text: a.text,
        photos,
        ballot: a.ballot,
        options: a.options,
        most: a.most,
        electorate: a.electorate,
        quorum_pct: a.quorum,
        threshold: a.threshold,
        opens_at: now + discuss,
        closes_at: now + discuss + vote_for,
        early_close: a.early_close,
        secret: a.secret,
    };
    let id = device.propose(group, &new)?;
    changed(home, id, t!("proposal-proposed")).await
}

async fn changed(home: &Home, id: DocId, done: String) -> Result<Output> {
    let synced = home.try_sync().await;
    let view = home.phone.proposal(id)?;
    let tally = home.phone.tally(id)?;
    Output::new(
        &view,
        format!(
            "{}\n{}",
            line(&view, home.phone.now()),
            t!("changed-note", done = done, note = sent_note(home, synced))
        ),
    )?
    .with("tally", &tally)?
    .with("synced", synced)
}

fn line(p: &ProposalView, now: jinlin_core::Millis) -> String {
    t!(
        "proposal-line",
        id = ids::short(p.id),
        status = lang::word("proposal", p.status(now).as_str()),
        title = &p.title,
        roll = p.roll.len(),
        ballots = p.ballots.len()
    )
}

fn tally_text(t: &Tally) -> String {
    let counts: Vec<String> = t.counts.iter().map(|c| format!("{} {}", c.option, c.votes)).collect();
    let verdict = match (t.closed, t.passed) {
        (false, _) => t!("tally-open"),
        (true, true) => t!("tally-passed"),
        (true, false) if !t.quorum_met => t!("tally-no-quorum"),
        (true, false) => t!("tally-not-passed"),
    };
    let tally = t!(
        "tally",
        verdict = verdict,
        counts = counts.join(", "),
        voted = t.voted,
        electorate = t.electorate,
        pct = t.turnout_pct
    );
    format!("  {tally}")
}

fn proposal_id(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let all = device.proposals(None)?;
    ids::unique(text, "proposal", all.iter().map(|p| p.id))
}
