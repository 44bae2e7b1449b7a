//! The resident's rating of help they received (邀邻评事), shared by help requests and orders:
//! 1 to 5 stars and a comment, given once, by the one who asked, after the help is done.
//!
//! Layout, in the rated document: `rating: {stars, comment, by, at}`. An order makes the map
//! when it is placed; a request gets it with its rating (only its requester writes it).

use crate::refusal::Refusal;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::docs::fields::{Violation, Writer, Written, deny};
use crate::error::{Error, Result};
use crate::ids::MemberId;
use crate::read;
use crate::validate;

/// A rating as a shell shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    /// 1 to 5.
    pub stars: i64,
    /// What they said.
    pub comment: String,
    /// Who rated.
    pub by: Option<MemberId>,
    /// When.
    pub at: Millis,
}

/// The document's rating, once given.
pub fn read(doc: &impl ReadDoc) -> Option<RatingView> {
    let r = read::obj(doc, &ROOT, "rating")?;
    Some(RatingView {
        stars: read::int(doc, &r, "stars")?,
        comment: read::str(doc, &r, "comment").unwrap_or_default(),
        by: read::str(doc, &r, "by").and_then(|m| m.parse().ok()),
        at: read::int(doc, &r, "at").unwrap_or(0),
    })
}

/// Writes `me`'s rating. The caller has checked that `me` asked and that the help is done;
/// this refuses a second rating and stars outside 1 to 5.
pub fn write(doc: &mut AutoCommit, me: MemberId, stars: i64, comment: &str, now: Millis) -> Result<()> {
    if read(doc).is_some() {
        return Err(Error::InvalidInput(Refusal::RatedAlready.into()));
    }
    if !(1..=5).contains(&stars) {
        return Err(Error::InvalidInput(Refusal::StarsRange.with(&[&stars])));
    }
    let comment = validate::optional("comment", Some(comment), validate::MAX_TEXT)?;
    let rating = match read::obj(doc, &ROOT, "rating") {
        Some(r) => r,
        None => doc.put_object(ROOT, "rating", ObjType::Map)?,
    };
    doc.put(&rating, "stars", stars)?;
    doc.put(&rating, "comment", comment.unwrap_or_default())?;
    doc.put(&rating, "by", me.to_string())?;
    doc.put(&rating, "at", now)?;
    Ok(())
}

/// The write rule of the rating's fields, for a writer the caller has found to be the one who
/// asked, on help that is done: written once (never over an earlier rating, never deleted),
/// 1 to 5 stars, naming the rater.
pub fn check(w: &Written<'_>, writer: &Writer<'_>) -> Result<(), Violation> {
    if read::obj(w.before, &ROOT, "rating").is_some_and(|r| w.before.length(&r) > 0) {
        return deny(Refusal::RatedOnce);
    }
    let by_ok = w.key(1) != Some("by") || w.writes_id_of(writer.member);
    let stars_ok = w.key(1) != Some("stars")
        || read::obj(w.after, &ROOT, "rating")
            .and_then(|r| read::int(w.after, &r, "stars"))
            .is_some_and(|s| (1..=5).contains(&s));
    if by_ok && stars_ok && !w.deletes() {
        Ok(())
    } else {
        deny(Refusal::RatingStars)
    }
}
