//! Ids as people type them: the full id, or enough of its start to name one request or group
//! on this device (`jinlin request show 3f2a`).

use anyhow::{Result, anyhow, bail};
use jinlin_core::{Device, DocId, MemberId, RequestFilter};

/// Shortest prefix accepted.
const MIN_PREFIX: usize = 4;

/// How many characters of an id human output shows.
pub const SHORT: usize = 8;

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

/// A member by id, or by unique prefix among the members of the request's group.
pub fn member(device: &Device, request: DocId, text: &str) -> Result<MemberId> {
    if let Ok(id) = text.parse::<MemberId>() {
        return Ok(id);
    }
    let view = device.request(request)?;
    unique(text, "member", view.signups.iter().map(|s| s.member_id))
}

/// A member by id, or by unique prefix among the members of the groups on this device.
pub fn group_member(device: &Device, text: &str) -> Result<MemberId> {
    if let Ok(id) = text.parse::<MemberId>() {
        return Ok(id);
    }
    let mut all: Vec<MemberId> = device
        .groups()?
        .into_iter()
        .flat_map(|g| g.members.into_iter().map(|m| m.member_id))
        .collect();
    all.sort();
    all.dedup();
    unique(text, "member", all.into_iter())
}

fn unique<T: std::fmt::Display + Copy>(text: &str, what: &str, ids: impl Iterator<Item = T>) -> Result<T> {
    let prefix = text.trim().to_ascii_lowercase();
    if prefix.len() < MIN_PREFIX || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        bail!("{text:?} is not a {what} id (give the id, or at least its first {MIN_PREFIX} characters)");
    }
    let matches: Vec<T> = ids.filter(|id| id.to_string().starts_with(&prefix)).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(anyhow!("no {what} on this device starts with {prefix:?}")),
        _ => Err(anyhow!(
            "{} {what}s start with {prefix:?}; give more of the id",
            matches.len()
        )),
    }
}
