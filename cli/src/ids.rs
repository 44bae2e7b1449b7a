//! Ids as people type them: the full id, or enough of its start to name one request or group
//! on this device (`jinlin request show 3f2a`); members also by name, as `group members` prints
//! them (`jinlin report assign 3f2a --to Li`).

use anyhow::{Result, anyhow, bail};
use jinlin_core::{Device, DocId, MemberId, RequestFilter};

use crate::lang::t;

/// Shortest prefix accepted.
const MIN_PREFIX: usize = 4;

/// How many characters of an id human output shows.
pub const SHORT: usize = 8;

/// What kind of thing an id names, in this run's language ("request", "求助").
pub fn what_word(what: &str) -> String {
    match what {
        "request" => t!("what-request"),
        "group" => t!("what-group"),
        "member" => t!("what-member"),
        "pairing" => t!("what-pairing"),
        "team" => t!("what-team"),
        "menu item" => t!("what-menu-item"),
        "need of the board" => t!("what-board-need"),
        "need" => t!("what-need"),
        "report" => t!("what-report"),
        "household" => t!("what-household"),
        "notice" => t!("what-notice"),
        "proposal" => t!("what-proposal"),
        "visit" => t!("what-visit"),
        "order" => t!("what-order"),
        other => other.to_string(),
    }
}

/// "… is not a request id", "no request on this device starts with …", "2 requests start with …".
pub fn not_an_id(text: &str, what: &str) -> anyhow::Error {
    anyhow!(t!(
        "id-not-an-id",
        text = format!("{text:?}"),
        what = what_word(what),
        least = MIN_PREFIX
    ))
}

/// No `what` on this device starts with `prefix`.
pub fn no_such_id(prefix: &str, what: &str) -> anyhow::Error {
    anyhow!(t!("id-none", prefix = format!("{prefix:?}"), what = what_word(what)))
}

/// `count` of `what` start with `prefix`.
pub fn several_ids(prefix: &str, what: &str, count: usize) -> anyhow::Error {
    anyhow!(t!(
        "id-several",
        prefix = format!("{prefix:?}"),
        what = what_word(what),
        count = count
    ))
}

/// The first characters of an id, as lists show it.
pub fn short(id: impl std::fmt::Display) -> String {
    id.to_string().chars().take(SHORT).collect()
}

/// A request on this device by id or unique prefix.
pub fn request(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let all = device.list_requests(&RequestFilter::default())?;
    unique(text, "request", all.iter().map(|r| r.id))
}

/// A group on this device by id or unique prefix.
pub fn group(device: &Device, text: &str) -> Result<DocId> {
    if let Ok(id) = text.parse::<DocId>() {
        return Ok(id);
    }
    let all = device.groups()?;
    unique(text, "group", all.iter().map(|g| g.id))
}

/// A volunteer on a request: their id, its start, or their name as the request shows it.
pub fn member(device: &Device, request: DocId, text: &str) -> Result<MemberId> {
    let view = device.request(request)?;
    let mut seen = Vec::new();
    let candidates: Vec<Candidate> = view
        .signups
        .iter()
        .filter(|s| {
            let first = !seen.contains(&s.member_id);
            seen.push(s.member_id);
            first
        })
        .map(|s| Candidate {
            id: s.member_id,
            name: s.member_name.clone(),
            about: t!("member-signed-up"),
        })
        .collect();
    named_member(text, &candidates)
}

/// A member of the groups on this device: their id, its start, or their name, as `group
/// members` prints them.
pub fn group_member(device: &Device, text: &str) -> Result<MemberId> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for g in device.groups()? {
        for m in g.members {
            if candidates.iter().any(|c| c.id == m.member_id) {
                continue;
            }
            let building = m
                .building
                .as_deref()
                .map(|b| t!("member-building", building = b))
                .unwrap_or_default();
            candidates.push(Candidate {
                id: m.member_id,
                name: m.name,
                about: t!(
                    "member-about",
                    role = crate::lang::word("role", m.role.as_str()),
                    group = &g.name,
                    building = building
                ),
            });
        }
    }
    named_member(text, &candidates)
}

/// A member someone may mean.
struct Candidate {
    id: MemberId,
    name: String,
    /// Where they are, to tell two of the same name apart.
    about: String,
}

/// The member `text` names: a full id, the unique start of one (at least 4 characters), or a
/// name (any case); two people of that name are a clear error that lists them.
fn named_member(text: &str, candidates: &[Candidate]) -> Result<MemberId> {
    if let Ok(id) = text.trim().parse::<MemberId>() {
        return Ok(id);
    }
    let wanted = text.trim();
    let named: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.name.trim().to_lowercase() == wanted.to_lowercase())
        .collect();
    match named.as_slice() {
        [one] => return Ok(one.id),
        [] => {}
        several => {
            let list: Vec<String> = several
                .iter()
                .map(|c| format!("{} ({}, {})", c.name, short(c.id), c.about))
                .collect();
            bail!(t!(
                "member-several",
                count = several.len(),
                name = format!("{wanted:?}"),
                list = list.join("; ")
            ));
        }
    }
    let prefix = wanted.to_ascii_lowercase();
    if prefix.len() >= MIN_PREFIX && prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return unique(wanted, "member", candidates.iter().map(|c| c.id));
    }
    bail!(t!("member-unknown", name = format!("{wanted:?}")))
}

pub fn unique<T: std::fmt::Display + Copy>(text: &str, what: &str, ids: impl Iterator<Item = T>) -> Result<T> {
    let prefix = text.trim().to_ascii_lowercase();
    if prefix.len() < MIN_PREFIX || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(not_an_id(text, what));
    }
    let matches: Vec<T> = ids.filter(|id| id.to_string().starts_with(&prefix)).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(no_such_id(&prefix, what)),
        _ => Err(several_ids(&prefix, what, matches.len())),
    }
}
