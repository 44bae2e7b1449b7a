//! The board need's write rules: its field table, and what each rule lets a member write. The
//! relay applies them to every uploaded batch (`docs/guard.rs`), with the need's group (its
//! teams) and the writer's standing there; the changes in `need/mod.rs` never write anything
//! these rules refuse.
//!
//! - Staff post a need onto the board (a household's or a report's need, or one fixed on the
//!   spot), put a resident's wish on it, edit it, take it off and confirm it is resolved. A
//!   resident posts only their own small wish, off the board, and may edit or withdraw it until
//!   staff list it.
//! - Any member but the one who asked claims it (a sign-up, under the request's sign-up rule),
//!   for a team only when they are on it.
//! - A claimant whose claim stands notes progress and marks it resolved.
//! - The one who asked rates it once, after staff confirmed it.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT, ReadDoc};

use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::docs::need::{self, NeedView};
use crate::docs::request::rules::signup;
use crate::kinds::{BoardStatus, NeedSource};
use crate::read;

/// Who may write a need field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the need is posted, never changed.
    Fixed,
    /// Staff, or the resident whose wish it is until staff put it on the board.
    Editor,
    /// A container made with the need: never replaced or removed.
    Container,
    /// Putting it on the board: staff, once.
    Listing,
    /// One claim: any member but the one who asked, in their own name (the sign-up rule).
    Claim,
    /// Written only by the relay (the arrival order of claims).
    Relay,
    /// A progress note: a claimant whose claim stands, in their own name, while claimed.
    Progress,
    /// Marking resolved: a claimant whose claim stands.
    Resolve,
    /// Confirming it resolved: staff.
    Confirm,
    /// Taking it off the board: staff, or the resident withdrawing their own wish.
    Cancel,
    /// The rating: the one who asked, once, after staff confirmed it.
    Rating,
}

/// Every field of a need and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    Field {
        path: &["schema"],
        rule: Rule::Editor,
    },
    Field {
        path: &["type"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["id"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["group"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["created_at"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["source"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["source_ref"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["requester"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["posted_by"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["on_the_spot"],
        rule: Rule::Fixed,
    },
    Field {
        path: &["title"],
        rule: Rule::Editor,
    },
    Field {
        path: &["details"],
        rule: Rule::Editor,
    },
    Field {
        path: &["building"],
        rule: Rule::Editor,
    },
    Field {
        path: &["slots"],
        rule: Rule::Editor,
    },
    Field {
        path: &["listed_at"],
        rule: Rule::Listing,
    },
    Field {
        path: &["listed_by"],
        rule: Rule::Listing,
    },
    Field {
        path: &["signups"],
        rule: Rule::Container,
    },
    Field {
        path: &["signups", "*"],
        rule: Rule::Claim,
    },
    Field {
        path: &["relay_order"],
        rule: Rule::Relay,
    },
    Field {
        path: &["progress"],
        rule: Rule::Container,
    },
    Field {
        path: &["progress", "*"],
        rule: Rule::Progress,
    },
    Field {
        path: &["done_at"],
        rule: Rule::Resolve,
    },
    Field {
        path: &["done_by"],
        rule: Rule::Resolve,
    },
    Field {
        path: &["resolution"],
        rule: Rule::Resolve,
    },
    Field {
        path: &["confirmed_at"],
        rule: Rule::Confirm,
    },
    Field {
        path: &["confirmed_by"],
        rule: Rule::Confirm,
    },
    Field {
        path: &["cancelled_at"],
        rule: Rule::Cancel,
    },
    Field {
        path: &["cancelled_by"],
        rule: Rule::Cancel,
    },
    Field {
        path: &["rating"],
        rule: Rule::Container,
    },
    Field {
        path: &["rating", "*"],
        rule: Rule::Rating,
    },
];

/// Who may add a field the table does not name: whoever may edit the need.
pub const UNKNOWN: Rule = Rule::Editor;

/// Checks a new need: posted in its author's name; onto the board (or from a household or a
/// report, or fixed on the spot) only by staff; a resident's only as their own wish; with no
/// claim, relay order, progress or rating.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let view = need::read(after).map_err(|e| Violation(e.to_string()))?;
    let me = Some(writer.member);
    if view.posted_by.member_id != me {
        return deny(Refusal::NeedOwnName);
    }
    let empty = |k| read::obj(after, &ROOT, k).is_some_and(|o| after.length(&o) == 0);
    if !empty("signups") || !empty("relay_order") || !empty("progress") || !empty("rating") {
        return deny(Refusal::NeedNewBare);
    }
    if view.cancelled_at.is_some() {
        return deny(Refusal::NeedNewNotWithdrawn);
    }
    let staff_only = view.source != NeedSource::Wish || view.listed_at.is_some() || view.on_the_spot;
    if staff_only && !(writer.staff)() {
        return deny(Refusal::NeedStaffOrWish);
    }
    if view.source == NeedSource::Wish && view.requester.member_id != me {
        return deny(Refusal::WishOwn);
    }
    let fixed_here = view.done_at.is_some() || view.confirmed_at.is_some();
    if fixed_here != view.on_the_spot || (view.on_the_spot && view.done_at != view.confirmed_at) {
        return deny(Refusal::NeedNewResolved);
    }
    Ok(())
}

/// Checks every patch of a batch on an existing need.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    let view = need::read(before).map_err(|e| Violation(e.to_string()))?;
    let staff = std::cell::OnceCell::new();
    let staff = || *staff.get_or_init(|| (writer.staff)());
    let asker = view.requester.member_id == Some(writer.member);
    let own_wish = asker && view.status == BoardStatus::Wish;
    let standing = view.standing_claim_of(writer.member).is_some();
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        let rule = row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule);
        match rule {
            Rule::Fixed => return deny(Refusal::NeedFixed),
            Rule::Editor if own_wish || staff() => {}
            Rule::Editor => return deny(Refusal::NeedEdits),
            Rule::Container => return deny(Refusal::NeedNotReplaced),
            Rule::Relay => return deny(Refusal::NeedRelayNumbers),
            Rule::Listing if !staff() => return deny(Refusal::NeedLists),
            Rule::Listing if view.status != BoardStatus::Wish => return deny(Refusal::NeedListedOnce),
            Rule::Listing => {}
            Rule::Claim => claim(&w, &view, writer)?,
            Rule::Progress if !(standing && view.status == BoardStatus::Claimed) => {
                return deny(Refusal::NeedProgress);
            }
            Rule::Progress => progress(&w)?,
            Rule::Resolve if !standing => return deny(Refusal::NeedResolves),
            Rule::Resolve if view.status != BoardStatus::Claimed => return deny(Refusal::NeedResolvedOnceClaimed),
            Rule::Resolve => by_writer(&w, writer, "done_by")?,
            Rule::Confirm if !staff() => return deny(Refusal::NeedConfirms),
            Rule::Confirm if view.status != BoardStatus::Resolved => {
                return deny(Refusal::NeedConfirmedOnceResolved);
            }
            Rule::Confirm => by_writer(&w, writer, "confirmed_by")?,
            Rule::Cancel if !(staff() || own_wish) => return deny(Refusal::NeedWithdraws),
            Rule::Cancel
                if !matches!(
                    view.status,
                    BoardStatus::Wish | BoardStatus::Open | BoardStatus::Claimed
                ) =>
            {
                return deny(Refusal::NeedWithdrawnBeforeResolved);
            }
            Rule::Cancel => by_writer(&w, writer, "cancelled_by")?,
            Rule::Rating if !asker => return deny(Refusal::NeedRates),
            Rule::Rating if view.status == BoardStatus::Rated => return deny(Refusal::RatedOnce),
            Rule::Rating if view.status != BoardStatus::Confirmed => {
                return deny(Refusal::NeedRatedWhenConfirmed);
            }
            Rule::Rating => crate::docs::rating::check(&w, writer)?,
        }
    }
    Ok(())
}

/// A field naming who did something names the writer.
fn by_writer(w: &Written<'_>, writer: &Writer<'_>, key: &str) -> Result<(), Violation> {
    if w.key(0) == Some(key) && !w.writes_id_of(writer.member) {
        return deny(Refusal::StepNamesMember);
    }
    if w.deletes() {
        return deny(Refusal::NeedStepsKept);
    }
    Ok(())
}

/// A claim is a sign-up (its writer's own, never deleted, never by the one who asked), made while
/// the need is on the board, for a team only by a member of it.
fn claim(w: &Written<'_>, view: &NeedView, writer: &Writer<'_>) -> Result<(), Violation> {
    signup(w, view.requester.member_id, writer)?;
    let existed = read::obj(w.before, &ROOT, "signups")
        .and_then(|s| read::obj(w.before, &s, w.key(1).unwrap_or_default()))
        .is_some();
    // A claim made offline while others reached the relay first is kept, on standby, exactly
    // like a sign-up; a need not on the board, or resolved, takes none.
    if !existed && !matches!(view.status, BoardStatus::Open | BoardStatus::Claimed) {
        return deny(Refusal::NeedClaimedOnBoard);
    }
    if w.key(2) == Some("team") {
        if existed {
            return deny(Refusal::ClaimTeam);
        }
        let on_team = w
            .string()
            .is_some_and(|t| (writer.group)().is_some_and(|g| g.team(&t).is_some_and(|t| t.has(writer.member))));
        if !on_team {
            return deny(Refusal::ClaimForTeam);
        }
    }
    Ok(())
}

/// A progress note is written whole, once, in its author's name.
fn progress(w: &Written<'_>) -> Result<(), Violation> {
    let fresh = match w.path.len() {
        2 => read::obj(w.before, &ROOT, "progress")
            .and_then(|p| read::obj(w.before, &p, w.key(1).unwrap_or_default()))
            .is_none(),
        _ => w.in_new_object(),
    };
    if fresh && !w.deletes() {
        Ok(())
    } else {
        deny(Refusal::ProgressNoteFixed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::fields::paths_written;
    use crate::docs::need::NewNeed;
    use crate::docs::order::rules::tests::group_with;
    use crate::docs::request::{self, Actor};
    use crate::ids::{DocId, MemberId};

    #[test]
    fn every_field_a_needs_changes_write_has_its_rule() {
        let (wang, sun, li, chen) = (
            MemberId::random(),
            MemberId::random(),
            MemberId::random(),
            MemberId::random(),
        );
        let group = group_with(&[li]);
        let wish = NewNeed {
            title: "Someone to read the paper to me".into(),
            details: "Mornings".into(),
            building: Some("3".into()),
            ..NewNeed::default()
        };
        let me = Actor { id: wang, name: "Wang" };
        let staff = Actor { id: sun, name: "Sun" };
        let mut done = need::create(DocId::random(), group.id, &wish, me, false, 1).expect("wish");
        let mut withdrawn = done.fork();
        need::list(&mut done, sun, true, 2).expect("listed");
        need::claim(&mut done, Actor { id: chen, name: "Chen" }, None, &group, 3).expect("claim");
        need::withdraw(&mut done, chen, 4).expect("withdraw");
        need::claim(&mut done, Actor { id: li, name: "Li" }, Some("crew"), &group, 5).expect("claim");
        request::record_relay_order(&mut done).expect("order");
        need::note_progress(&mut done, Actor { id: li, name: "Li" }, "Bought the part", 6).expect("progress");
        need::resolve(&mut done, li, "Fixed", 7).expect("resolve");
        need::confirm(&mut done, sun, true, 8).expect("confirm");
        need::rate(&mut done, wang, 5, "Thank you", 9).expect("rate");
        need::cancel(&mut withdrawn, wang, false, 2).expect("withdraw the wish");
        let spot = NewNeed {
            source: Some(crate::kinds::NeedSource::Visit),
            source_ref: Some(DocId::random().to_string()),
            title: "Light bulb".into(),
            requester_name: Some("Household 3-1202".into()),
            on_the_spot: true,
            ..NewNeed::default()
        };
        let mut spot = need::create(DocId::random(), group.id, &spot, staff, true, 1).expect("spot");
        for doc in [&mut done, &mut withdrawn, &mut spot] {
            for path in paths_written(doc) {
                assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
            }
        }
        assert_eq!(need::read(&done).expect("view").status, BoardStatus::Rated);
        assert_eq!(need::read(&spot).expect("view").status, BoardStatus::Confirmed);
    }
}
