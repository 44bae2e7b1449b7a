//! The proposal document's write rules: its field table, and what each rule lets a member
//! write. The relay applies them to every uploaded batch (`docs/guard.rs`); the changes in
//! `proposal/mod.rs` never write anything these rules refuse. Who may put a proposal to a group
//! at all is the relay's access policy (staff of the group or above, a building's leader in
//! their own building).
//!
//! - What is proposed, the roll, the ballot, quorum, threshold and times never change once
//!   proposed: a vote's terms are fixed before anyone votes.
//! - Anyone who reads the proposal joins the discussion, in their own name.
//! - A ballot is a new entry, written whole once by a voter on the roll, in their own name,
//!   for the unit (household or member) they are on the roll for, choosing as the ballot kind
//!   allows. Nobody changes or removes a ballot, theirs or another's: changing one's mind is a
//!   new ballot.
//! - The receipt times and the early close's time are the relay's alone.
//! - Staff ask for an early close, only when the proposal allows it.
//!
//! Time is the relay's: [`ballots_in_time`] refuses a ballot that reaches the relay outside the
//! voting period, judged by the relay's clock when it arrives.

use crate::refusal::Refusal;
use automerge::{AutoCommit, Patch, ROOT, ReadDoc};

use crate::clock::Millis;
use crate::docs::fields::{Field, Violation, Writer, Written, deny, row_for};
use crate::docs::proposal::{self, ProposalView};
use crate::kinds::BallotKind;
use crate::read;

/// Who may write a proposal field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Written when the proposal is made, never changed.
    Fixed,
    /// Its author.
    Author,
    /// A container made with the proposal: never replaced or removed.
    Container,
    /// One comment, in its author's name.
    Comment,
    /// One ballot: a voter on the roll, in their own name, for their unit, once.
    Ballot,
    /// Written only by the relay (receipt times, the early close's time).
    Relay,
    /// Asking for an early close: staff, when the proposal allows it.
    Close,
}

const fn f(path: &'static [&'static str], rule: Rule) -> Field<Rule> {
    Field { path, rule }
}

/// Every field of a proposal and its rule.
pub const FIELDS: &[Field<Rule>] = &[
    f(&["schema"], Rule::Author),
    f(&["type"], Rule::Fixed),
    f(&["id"], Rule::Fixed),
    f(&["group"], Rule::Fixed),
    f(&["created_at"], Rule::Fixed),
    f(&["author"], Rule::Fixed),
    f(&["title"], Rule::Fixed),
    f(&["text"], Rule::Fixed),
    f(&["photos"], Rule::Fixed),
    f(&["ballot"], Rule::Fixed),
    f(&["options"], Rule::Fixed),
    f(&["most"], Rule::Fixed),
    f(&["electorate"], Rule::Fixed),
    f(&["roll"], Rule::Fixed),
    f(&["quorum_pct"], Rule::Fixed),
    f(&["threshold"], Rule::Fixed),
    f(&["opens_at"], Rule::Fixed),
    f(&["closes_at"], Rule::Fixed),
    f(&["early_close"], Rule::Fixed),
    f(&["secret"], Rule::Fixed),
    f(&["sealed"], Rule::Relay),
    f(&["comments"], Rule::Container),
    f(&["comments", "*"], Rule::Comment),
    f(&["ballots"], Rule::Container),
    f(&["ballots", "*"], Rule::Ballot),
    f(&["received"], Rule::Relay),
    f(&["closed_early_at"], Rule::Relay),
    f(&["close_asked_by"], Rule::Close),
    f(&["close_asked_at"], Rule::Close),
];

/// Who may add a field the table does not name: the author, to their own proposal.
pub const UNKNOWN: Rule = Rule::Author;

/// Checks a new proposal: made in its author's name, on a roll of someone, with well-formed
/// options, quorum and times, and nothing yet voted, received, discussed or closed.
pub fn check_new(after: &AutoCommit, writer: &Writer<'_>) -> Result<(), Violation> {
    let view = proposal::read(after).map_err(|e| Violation(e.to_string()))?;
    if view.author.member_id != Some(writer.member) {
        return deny(Refusal::ProposalOwnName);
    }
    let empty = |k| read::obj(after, &ROOT, k).is_some_and(|o| after.length(&o) == 0);
    if !empty("ballots") || !empty("received") || !empty("comments") {
        return deny(Refusal::ProposalNewBare);
    }
    if view.close_asked_by.is_some() || view.closed_early_at.is_some() || view.sealed.is_some() {
        return deny(Refusal::ProposalNewOpen);
    }
    let options_ok = match view.ballot {
        BallotKind::YesNo => view.options == proposal::YES_NO,
        _ => (2..=proposal::MAX_OPTIONS).contains(&view.options.len()),
    };
    let most_ok = view.most >= 1 && view.most as usize <= view.options.len();
    if !options_ok || !most_ok {
        return deny(Refusal::ProposalOptions);
    }
    if view.quorum_pct > 100 || view.closes_at <= view.opens_at || view.roll.is_empty() {
        return deny(Refusal::ProposalTerms);
    }
    Ok(())
}

/// Checks every patch of a batch on an existing proposal.
pub fn check(
    before: &AutoCommit,
    after: &AutoCommit,
    patches: &[(Patch, Vec<String>)],
    writer: &Writer<'_>,
) -> Result<(), Violation> {
    let view = proposal::read(before).map_err(|e| Violation(e.to_string()))?;
    let author = view.author.member_id == Some(writer.member);
    for (patch, path) in patches {
        let w = Written {
            before,
            after,
            patch,
            path,
        };
        match row_for(FIELDS, path).map_or(UNKNOWN, |f| f.rule) {
            Rule::Fixed => return deny(Refusal::ProposalFixed),
            Rule::Author if author => {}
            Rule::Author => return deny(Refusal::ProposalEdits),
            Rule::Container => return deny(Refusal::ProposalNotReplaced),
            Rule::Relay => return deny(Refusal::ProposalRelayStamps),
            Rule::Comment => crate::docs::request::rules::comment(&w, writer)?,
            Rule::Ballot => ballot(&w, &view, writer)?,
            Rule::Close => {
                if !(writer.staff)() || !view.early_close {
                    return deny(Refusal::CloseEarly);
                }
                if view.close_asked_by.is_some() {
                    return deny(Refusal::VoteClosed);
                }
                if w.key(0) == Some("close_asked_by") && !w.writes_id_of(writer.member) {
                    return deny(Refusal::CloseNamed);
                }
            }
        }
    }
    Ok(())
}

/// A ballot is a new entry written whole, once, by a voter on the roll for their own unit, in
/// their own name, choosing as the ballot allows, before an early close.
fn ballot(w: &Written<'_>, view: &ProposalView, writer: &Writer<'_>) -> Result<(), Violation> {
    if w.path.len() > 2 {
        return if w.in_new_object() {
            Ok(())
        } else {
            deny(Refusal::BallotFixed)
        };
    }
    if view.secret {
        return deny(Refusal::SecretBallot);
    }
    let Some(key) = w.key(1) else {
        return deny(Refusal::BallotFixed);
    };
    if w.deletes() || view.ballots.iter().any(|b| b.id == key) {
        return deny(Refusal::BallotFixed);
    }
    let Ok(after) = proposal::read(w.after) else {
        return deny(Refusal::BallotReadable);
    };
    let Some(cast) = after.ballots.iter().find(|b| b.id == key) else {
        return deny(Refusal::BallotNames);
    };
    if cast.voter != writer.member {
        return deny(Refusal::BallotOwnName);
    }
    if !view.unit(&cast.unit).is_some_and(|u| u.voters.contains(&writer.member)) {
        return deny(Refusal::BallotOwnHousehold);
    }
    if let Some(problem) = proposal::ballot_problem(view, &cast.choices) {
        return Err(Violation(problem));
    }
    if view.close_asked_by.is_some() {
        return deny(Refusal::ClosedEarly);
    }
    Ok(())
}

/// The relay's check of time: a ballot new in `after` reached it at `now`, which must be in the
/// voting period as `before` states it. The refusal says when the vote closed, so the voter's
/// phone can show why.
pub fn ballots_in_time(before: &AutoCommit, after: &AutoCommit, now: Millis) -> Result<(), Violation> {
    let (Ok(was), Ok(is)) = (proposal::read(before), proposal::read(after)) else {
        return Ok(());
    };
    let new = is.ballots.iter().any(|b| !was.ballots.iter().any(|o| o.id == b.id));
    if !new {
        return Ok(());
    }
    if now >= was.close_time() {
        return Err(Violation(proposal::closed_reason(was.close_time(), now)));
    }
    if now < was.opens_at {
        return Err(Violation(
            Refusal::OpensAt.with(&[&crate::dates::rfc3339(was.opens_at)]),
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::docs::fields::paths_written;
    use crate::docs::proposal::{NewProposal, RollUnit};
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};
    use crate::kinds::{Electorate, Threshold};

    pub(crate) fn lifts(opens_at: Millis, closes_at: Millis) -> NewProposal {
        NewProposal {
            title: "Replace the three lifts".into(),
            text: "Quotes attached; paid from the maintenance fund".into(),
            photos: Vec::new(),
            ballot: BallotKind::YesNo,
            options: Vec::new(),
            most: 1,
            electorate: Electorate::Households,
            quorum_pct: 50,
            threshold: Threshold::TwoThirds,
            opens_at,
            closes_at,
            early_close: true,
            secret: false,
        }
    }

    #[test]
    fn every_field_a_proposals_changes_write_has_its_rule() {
        let (sun, wang, li) = (MemberId::random(), MemberId::random(), MemberId::random());
        let roll = vec![RollUnit {
            key: DocId::random().to_string(),
            label: "3-1202".into(),
            voters: vec![wang, li],
        }];
        let mut doc = proposal::create(
            DocId::random(),
            DocId::random(),
            &lifts(10, 100),
            &roll,
            Actor {
                id: sun,
                name: "Ms Sun",
            },
            1,
        )
        .expect("proposal");
        proposal::comment(&mut doc, Actor { id: li, name: "Li" }, "The quote is fair", 5).expect("comment");
        proposal::cast(&mut doc, wang, &[0], 20).expect("ballot");
        proposal::record_receipts(&mut doc, 21).expect("received");
        proposal::close_early(&mut doc, sun, true, 30).expect("close");
        proposal::record_receipts(&mut doc, 31).expect("closed");
        let mut secret = proposal::create(
            DocId::random(),
            DocId::random(),
            &NewProposal {
                secret: true,
                ..lifts(10, 100)
            },
            &roll,
            Actor {
                id: sun,
                name: "Ms Sun",
            },
            1,
        )
        .expect("secret proposal");
        let ballot = proposal::secret::SecretBallot {
            unit: roll[0].key.clone(),
            choices: vec![1],
            receipt: proposal::secret::receipt("nonce", &[1]),
        };
        proposal::secret::seal(&mut secret, &[ballot], 200).expect("sealed");
        for doc in [&mut doc, &mut secret] {
            for path in paths_written(doc) {
                assert!(row_for(FIELDS, &path).is_some(), "no rule for {path:?}");
            }
        }
    }
}
