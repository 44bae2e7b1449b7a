//! The result of a vote, one pure function every device runs on the same closed document, so
//! every phone, the relay and an observer re-adding it reach the same counts.
//!
//! - A ballot counts when the relay received it, by the close (the relay's clock decides, and it
//!   refuses any ballot reaching it at or after the close: a ballot stamped at the very
//!   millisecond of an early close was received before the close was). For each unit of the roll only its latest
//!   ballot counts, by the relay's receipt time (ties by when it was cast, then by its key): a
//!   voter who changed their mind, or a second member of the same household.
//! - Turnout is the units with a counted ballot, of the whole roll; the quorum is met when
//!   `voted × 100 ≥ quorum_pct × roll`. An abstention counts towards turnout.
//! - Yes-or-no passes when yes is more than half (or at least two thirds) of yes and no.
//!   One-of: the leading option (no tie) carries when its votes are more than half (or at least
//!   two thirds) of the ballots that chose an option. Several-of: each option chosen on more
//!   than half (or at least two thirds) of the ballots carries; it passes when one does.
//! - Integers only: no rounding can make two devices disagree.

use serde::{Deserialize, Serialize};

use crate::docs::proposal::{BallotView, ProposalView};
use crate::kinds::{BallotKind, Threshold};

/// The votes one option received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    /// The option.
    pub option: String,
    /// Its votes.
    pub votes: u32,
}

/// The result of a vote (or the standing so far, before it closes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Votes per option, in the proposal's order.
    pub counts: Vec<OptionCount>,
    /// Units of the roll with a counted ballot.
    pub voted: u32,
    /// Units on the roll.
    pub electorate: u32,
    /// Turnout in whole percent, rounded down (for showing; the quorum is judged exactly).
    pub turnout_pct: u32,
    /// Whether the turnout meets the quorum.
    pub quorum_met: bool,
    /// The options that carried (for yes-or-no: "yes" when it passed).
    pub carried: Vec<String>,
    /// Whether the proposal passed: quorum met and the threshold reached.
    pub passed: bool,
    /// Whether the vote is closed at the time the tally was made: the result is final.
    pub closed: bool,
}

/// Orders two ballots of one unit: the later one is greater.
pub fn later(a: &BallotView, b: &BallotView) -> std::cmp::Ordering {
    (a.received_at, a.at, &a.id).cmp(&(b.received_at, b.at, &b.id))
}

/// The ballots that count: for each unit on the roll, its latest ballot received before the
/// close.
pub fn counted(view: &ProposalView) -> Vec<&BallotView> {
    let close = view.close_time();
    let mut latest: std::collections::BTreeMap<&str, &BallotView> = std::collections::BTreeMap::new();
    for b in &view.ballots {
        if b.received_at.is_none_or(|r| r > close) || view.unit(&b.unit).is_none_or(|u| !u.voters.contains(&b.voter)) {
            continue;
        }
        match latest.get(b.unit.as_str()) {
            Some(cur) if later(cur, b).is_ge() => {}
            _ => {
                latest.insert(b.unit.as_str(), b);
            }
        }
    }
    latest.into_values().collect()
}

/// The tally of `view` at `now`: from the ballots cast in the open, or a secret vote's sealed
/// ballots (none until the relay has sealed it).
pub fn tally(view: &ProposalView, now: crate::clock::Millis) -> Tally {
    if view.secret {
        let sealed = view.sealed.as_ref();
        let choices = sealed
            .into_iter()
            .flat_map(|s| s.ballots.iter().map(|b| b.choices.as_slice()));
        return count(view, choices, sealed.map_or(0, |s| s.voted.len() as u32), now);
    }
    let counted = counted(view);
    let choices = counted.iter().map(|b| b.choices.as_slice());
    count(view, choices, counted.len() as u32, now)
}

/// The tally of `view` at `now` from the choices of the counted ballots and how many units
/// voted: the one counting rule, whatever way the ballots were gathered.
pub fn count<'c>(
    view: &ProposalView,
    choices: impl Iterator<Item = &'c [u32]>,
    voted: u32,
    now: crate::clock::Millis,
) -> Tally {
    let mut votes = vec![0u32; view.options.len()];
    let mut choosing = 0u32;
    for c in choices {
        let mut any = false;
        for &i in c {
            if let Some(v) = votes.get_mut(i as usize) {
                *v += 1;
                any = true;
            }
        }
        if any {
            choosing += 1;
        }
    }
    let electorate = view.roll.len() as u32;
    let quorum_met = u64::from(voted) * 100 >= u64::from(view.quorum_pct) * u64::from(electorate) && voted > 0;
    let reaches = |part: u32, whole: u32| match view.threshold {
        Threshold::Majority => whole > 0 && u64::from(part) * 2 > u64::from(whole),
        Threshold::TwoThirds => whole > 0 && u64::from(part) * 3 >= u64::from(whole) * 2,
    };
    let carried: Vec<usize> = match view.ballot {
        BallotKind::YesNo => {
            let (yes, no) = (votes.first().copied().unwrap_or(0), votes.get(1).copied().unwrap_or(0));
            if reaches(yes, yes + no) { vec![0] } else { Vec::new() }
        }
        BallotKind::OneOf => {
            let top = votes.iter().copied().max().unwrap_or(0);
            let leaders: Vec<usize> = (0..votes.len()).filter(|&i| votes[i] == top && top > 0).collect();
            match leaders.as_slice() {
                [only] if reaches(top, choosing) => vec![*only],
                _ => Vec::new(),
            }
        }
        BallotKind::SeveralOf => (0..votes.len()).filter(|&i| reaches(votes[i], choosing)).collect(),
    };
    Tally {
        counts: view
            .options
            .iter()
            .zip(&votes)
            .map(|(o, v)| OptionCount {
                option: o.clone(),
                votes: *v,
            })
            .collect(),
        voted,
        electorate,
        turnout_pct: if electorate == 0 {
            0
        } else {
            ((u64::from(voted) * 100) / u64::from(electorate)) as u32
        },
        quorum_met,
        passed: quorum_met && !carried.is_empty(),
        carried: carried.iter().map(|&i| view.options[i].clone()).collect(),
        closed: now >= view.close_time(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::proposal::{self, NewProposal, RollUnit};
    use crate::docs::request::Actor;
    use crate::ids::{DocId, MemberId};
    use crate::kinds::Electorate;

    fn one_of(voters: &[MemberId]) -> automerge::AutoCommit {
        let roll: Vec<RollUnit> = voters
            .iter()
            .map(|m| RollUnit {
                key: m.to_string(),
                label: m.to_string(),
                voters: vec![*m],
            })
            .collect();
        let new = NewProposal {
            title: "Who runs the estate".into(),
            text: "Three property companies bid".into(),
            photos: Vec::new(),
            ballot: BallotKind::OneOf,
            options: vec!["Company A".into(), "Company B".into(), "Company C".into()],
            most: 1,
            electorate: Electorate::Members,
            quorum_pct: 0,
            threshold: Threshold::Majority,
            opens_at: 0,
            closes_at: 100,
            early_close: false,
            secret: false,
        };
        let staff = Actor {
            id: MemberId::random(),
            name: "staff",
        };
        proposal::create(DocId::random(), DocId::random(), &new, &roll, staff, 0).expect("proposal")
    }

    #[test]
    fn a_tie_for_the_lead_carries_no_option_and_a_ballot_not_yet_received_is_not_counted() {
        let voters: Vec<MemberId> = (0..4).map(|_| MemberId::random()).collect();
        let mut doc = one_of(&voters);
        for (i, m) in voters.iter().enumerate() {
            proposal::cast(&mut doc, *m, &[(i % 2) as u32], 10).expect("ballot");
        }
        proposal::record_receipts(&mut doc, 20).expect("received");
        let view = proposal::read(&doc).expect("view");
        let t = tally(&view, 100);
        assert_eq!((t.counts[0].votes, t.counts[1].votes), (2, 2));
        assert!(t.carried.is_empty() && !t.passed && t.closed, "{t:?}");

        // One more ballot for A, still on the voter's phone: the count is the relay's.
        proposal::cast(&mut doc, voters[1], &[0], 30).expect("changed mind");
        let t = tally(&proposal::read(&doc).expect("view"), 100);
        assert!(t.carried.is_empty(), "{t:?}");
        proposal::record_receipts(&mut doc, 40).expect("received");
        let t = tally(&proposal::read(&doc).expect("view"), 100);
        assert_eq!(t.carried, vec!["Company A".to_string()], "3 of 4 ballots: {t:?}");
    }
}
