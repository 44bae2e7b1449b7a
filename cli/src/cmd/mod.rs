//! One file per command family; each returns an [`Output`] and leaves printing to `main`.

pub mod alerts;
pub mod board;
pub mod checkin;
pub mod dashboard;
pub mod demo;
pub mod demo_checkin;
pub mod demo_community;
pub mod demo_urgent;
pub mod demo_vote;
pub mod grid;
pub mod group;
pub mod me;
pub mod notice;
pub mod order;
pub mod pair;
pub mod peer;
pub mod proposal;
pub mod refused;
pub mod register;
pub mod report;
pub mod request;
pub mod stage;
pub mod sync;
pub mod team;
pub mod watch;

use std::path::Path;

use anyhow::{Context as _, Result};
use jinlin_model::protocol::HomeLocation;

use crate::args::{Command, DemoStory};
use crate::home::Home;
use crate::lang::t;
use crate::output::Output;

/// Runs one command against the home in `dir`.
pub async fn run(command: Command, dir: &Path, offline: bool, json: bool) -> Result<Output> {
    if let Command::Demo { story } = command {
        return match story {
            Some(DemoStory::Urgent) => demo_urgent::run(json).await,
            Some(DemoStory::Checkin) => demo_checkin::run(json).await,
            Some(DemoStory::Community) => demo_community::run(json).await,
            _ => demo::run(json).await,
        };
    }
    let home = Home::open(dir, offline)?;
    match command {
        Command::Register(args) => register::register(&home, args).await,
        Command::Whoami => register::whoami(&home),
        Command::Signout { force } => register::signout(&home, force).await,
        Command::Group(cmd) => group::run(&home, cmd).await,
        Command::Request(cmd) => request::run(&home, cmd, json).await,
        Command::Sync => sync::sync(&home).await,
        Command::Refused => refused::list(&home),
        Command::Watch => watch::watch(home).await,
        Command::Me(cmd) => me::run(&home, cmd).await,
        Command::Pair(cmd) => pair::run(&home, cmd).await,
        Command::Checkin { cmd } => checkin::run(&home, cmd).await,
        Command::Demo { .. } => demo::run(json).await,
        Command::Household(cmd) => grid::household(&home, cmd).await,
        Command::Visit(cmd) => grid::visit(&home, cmd).await,
        Command::Need(cmd) => grid::need(&home, cmd).await,
        Command::Report(cmd) => report::report(&home, cmd).await,
        Command::Photo(cmd) => report::photo(&home, cmd).await,
        Command::Team(cmd) => team::team(&home, cmd).await,
        Command::Menu(cmd) => team::menu(&home, cmd).await,
        Command::Order(cmd) => order::order(&home, cmd).await,
        Command::Rate(cmd) => order::rate(&home, cmd).await,
        Command::Proposal(cmd) => proposal::proposal(&home, cmd).await,
        Command::Vote(args) => proposal::vote(&home, args).await,
        Command::Dashboard(cmd) => dashboard::run(&home, cmd).await,
        Command::Notice(cmd) => notice::run(&home, cmd).await,
        Command::Peer(cmd) => peer::run(&home, cmd, json).await,
    }
}

/// Where exactly, from `--at LAT,LON` (a phone's GPS fix), as a request and a report take it:
/// read by the model's one rule ([`HomeLocation::parse`]); anything else is refused before
/// anything is written.
pub fn position_at(at: Option<&str>) -> Result<Option<HomeLocation>> {
    at.map(|text| HomeLocation::parse(text).context(t!("raise-at-bad")))
        .transpose()
}

/// The line human output ends a change with (to anything but a request, whose line also says
/// where the reader stands): what was done, where it stands now, and whether it reached the relay.
pub fn changed_line(home: &Home, done: String, status: String, synced: bool) -> String {
    t!(
        "request-changed",
        done = done,
        status = status,
        note = sent_note(home, synced),
        mine = ""
    )
}

/// The note human output adds after a change, depending on whether it reached the relay. A
/// refusal is said as one, never as the relay being out of reach.
pub fn sent_note(home: &Home, synced: bool) -> String {
    if synced {
        t!("note-sent")
    } else if let Some(reason) = home.refused_reasons().first() {
        t!("note-refused", reason = crate::lang::refusal(reason))
    } else if home.offline || home.relay().ok().flatten().is_none() {
        t!("note-saved")
    } else {
        t!("note-saved-unreached")
    }
}
