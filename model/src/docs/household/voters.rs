//! Which members of Jinlin live in a household and vote for it (一户一票): a keeper of the
//! registry links an adult member to the household they live in, and a proposal put to
//! households takes its roll from these links. A member is linked to one household at a time;
//! the device unlinks them from any other it holds before linking. Kept apart from the
//! residents list (names and phones, rewritten whole when edited) so an edit of the residents
//! never drops a link.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};

use crate::error::Result;
use crate::ids::MemberId;
use crate::read;

/// Links (or, with `linked` false, unlinks) `member` as an adult voter of the household.
pub fn link(doc: &mut AutoCommit, member: MemberId, linked: bool) -> Result<()> {
    let map = match read::obj(doc, &ROOT, "voters") {
        Some(m) => m,
        // Households registered before voters were kept.
        None => doc.put_object(ROOT, "voters", ObjType::Map)?,
    };
    if linked {
        doc.put(&map, member.to_string(), true)?;
    } else if read::bool(doc, &map, &member.to_string()) {
        doc.delete(&map, member.to_string())?;
    }
    Ok(())
}

/// The members linked to the household as its voters.
pub fn voters(doc: &impl ReadDoc) -> Vec<MemberId> {
    let Some(map) = read::obj(doc, &ROOT, "voters") else {
        return Vec::new();
    };
    let mut out: Vec<MemberId> = read::keys(doc, &map)
        .into_iter()
        .filter(|k| read::bool(doc, &map, k))
        .filter_map(|k| k.parse().ok())
        .collect();
    out.sort();
    out
}
