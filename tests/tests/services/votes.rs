//! Deliberation and e-voting through a real relay (议事): an estate's households vote on
//! replacing the lifts. The relay's receipt time decides whether a ballot counts; one household
//! casts one vote (the later ballot of two members counts); a voter changes their mind until
//! the close; quorum and threshold decide; every phone computes the same result.

use jinlin_model::kinds::{BallotKind, Electorate, ProposalStatus, Threshold};
use jinlin_tests::neighbourhood::DAY;

use crate::estate_vote::{Estate, HOUR, lifts, votes};

#[tokio::test]
async fn a_ballot_cast_offline_that_reaches_the_relay_after_the_close_is_refused_with_the_reason() {
    let e = Estate::new().await;
    let lifts = e.propose(&lifts(50, Threshold::Majority)).await;
    e.at(DAY + 2 * HOUR);
    // Chen and Zhou both vote with no signal. Chen's phone finds signal before the close...
    e.chen.vote(lifts, &["yes".into()]).expect("Chen votes offline");
    e.zhou.vote(lifts, &["no".into()]).expect("Zhou votes offline");
    e.at(DAY + 23 * HOUR);
    e.chen.sync().await;
    // ...Zhou's only after it.
    e.at(DAY + 25 * HOUR);
    e.zhou.sync().await;

    let refused = e.zhou.refused().expect("refused");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].doc_id, lifts);
    assert!(
        refused[0].reason.contains("after the close") && refused[0].reason.contains("not counted"),
        "the reason says why: {}",
        refused[0].reason
    );
    e.sync_all().await;
    for p in e.everyone() {
        let t = e.tally(p, lifts);
        assert_eq!((votes(&t, "yes"), votes(&t, "no")), (1, 0), "{}: {t:?}", p.name);
        assert!(t.closed);
        assert_eq!(e.seen_by(p, lifts).ballots.len(), 1, "Zhou's late ballot is nowhere");
    }
    assert!(e.chen.refused().expect("refused").is_empty());
}

#[tokio::test]
async fn one_household_one_vote_the_later_ballot_of_two_members_counts() {
    let e = Estate::new().await;
    let lifts = e.propose(&lifts(0, Threshold::Majority)).await;
    e.at(DAY + 2 * HOUR);
    e.vote(&e.wang, lifts, &["no"]).await;
    e.at(DAY + 3 * HOUR);
    // Her son votes for the same household later: his ballot is the household's.
    e.vote(&e.li, lifts, &["yes"]).await;
    e.vote(&e.chen, lifts, &["no"]).await;
    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    for p in e.everyone() {
        let t = e.tally(p, lifts);
        assert_eq!((votes(&t, "yes"), votes(&t, "no")), (1, 1), "{}: {t:?}", p.name);
        assert_eq!((t.voted, t.electorate), (2, 4), "two households of four voted");
        assert!(!t.passed, "a tie is not a majority");
    }
}

#[tokio::test]
async fn a_voter_changes_their_ballot_before_the_close_and_only_the_last_counts() {
    let e = Estate::new().await;
    let lifts = e.propose(&lifts(50, Threshold::Majority)).await;
    e.at(DAY + 2 * HOUR);
    e.vote(&e.chen, lifts, &["no"]).await;
    e.vote(&e.zhou, lifts, &["yes"]).await;
    e.at(DAY + 10 * HOUR);
    e.vote(&e.chen, lifts, &["yes"]).await;
    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.he, lifts);
    assert_eq!((votes(&t, "yes"), votes(&t, "no")), (2, 0), "{t:?}");
    assert!(t.quorum_met && t.passed, "{t:?}");
    assert_eq!(e.seen_by(&e.he, lifts).status(DAY + 24 * HOUR), ProposalStatus::Closed);
}

#[tokio::test]
async fn a_vote_without_quorum_does_not_pass_however_many_say_yes() {
    let e = Estate::new().await;
    // Three of the four households must vote.
    let lifts = e.propose(&lifts(75, Threshold::Majority)).await;
    e.at(DAY + 2 * HOUR);
    e.vote(&e.wang, lifts, &["yes"]).await;
    e.vote(&e.chen, lifts, &["yes"]).await;
    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.zhou, lifts);
    assert_eq!((votes(&t, "yes"), t.voted, t.turnout_pct), (2, 2, 50), "{t:?}");
    assert!(!t.quorum_met && !t.passed, "{t:?}");
}

#[tokio::test]
async fn two_thirds_are_needed_of_the_yes_and_no_votes_abstentions_count_only_for_turnout() {
    let e = Estate::new().await;
    let lifts = e.propose(&lifts(75, Threshold::TwoThirds)).await;
    e.at(DAY + 2 * HOUR);
    e.vote(&e.wang, lifts, &["yes"]).await;
    e.vote(&e.chen, lifts, &["no"]).await;
    e.vote(&e.zhou, lifts, &["abstain"]).await;
    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.sun, lifts);
    assert!(t.quorum_met, "three of four households voted: {t:?}");
    assert!(!t.passed, "one yes of two is not two thirds: {t:?}");

    let again = e
        .propose(&{
            let mut p = crate::estate_vote::lifts(75, Threshold::TwoThirds);
            p.opens_at = DAY + 25 * HOUR;
            p.closes_at = DAY + 48 * HOUR;
            p
        })
        .await;
    e.at(DAY + 26 * HOUR);
    e.vote(&e.wang, again, &["yes"]).await;
    e.vote(&e.chen, again, &["yes"]).await;
    e.vote(&e.zhou, again, &["no"]).await;
    e.at(DAY + 48 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.sun, again);
    assert!(t.passed, "two yes of three is two thirds: {t:?}");
    assert_eq!(t.carried, vec!["yes".to_string()]);
}

#[tokio::test]
async fn several_of_n_carries_each_option_a_majority_of_members_chose() {
    let e = Estate::new().await;
    let mut garden = lifts(50, Threshold::Majority);
    garden.title = "What the garden is for".into();
    garden.ballot = BallotKind::SeveralOf;
    garden.options = vec!["Vegetables".into(), "Children's play".into(), "Parking".into()];
    garden.most = 2;
    garden.electorate = Electorate::Members;
    let garden = e.propose(&garden).await;
    let view = e.seen_by(&e.he, garden);
    assert_eq!(
        view.roll.len(),
        5,
        "every member of the estate and its buildings: {:?}",
        view.roll
    );
    e.at(DAY + 2 * HOUR);
    e.vote(&e.wang, garden, &["Vegetables", "Children's play"]).await;
    e.vote(&e.li, garden, &["Children's play"]).await;
    e.vote(&e.chen, garden, &["2", "3"]).await;
    e.vote(&e.he, garden, &["Vegetables"]).await;
    assert!(
        e.zhou.vote(garden, &["1".into(), "2".into(), "3".into()]).is_err(),
        "at most two options"
    );
    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.zhou, garden);
    assert_eq!(
        (
            votes(&t, "Vegetables"),
            votes(&t, "Children's play"),
            votes(&t, "Parking")
        ),
        (2, 3, 1),
        "{t:?}"
    );
    assert_eq!(
        t.carried,
        vec!["Children's play".to_string()],
        "3 of 4 ballots; vegetables 2 of 4 is not more than half"
    );
    assert!(t.passed);
}

#[tokio::test]
async fn staff_close_early_only_when_the_proposal_allows_and_later_ballots_are_refused() {
    let e = Estate::new().await;
    let fixed = e.propose(&lifts(0, Threshold::Majority)).await;
    let mut early = lifts(0, Threshold::Majority);
    early.early_close = true;
    let early = e.propose(&early).await;
    e.at(DAY + 2 * HOUR);
    assert!(e.sun.close_proposal(fixed).is_err(), "this one closes only at its time");
    e.vote(&e.chen, early, &["yes"]).await;
    // Zhou votes without signal; the close reaches the relay before her ballot does.
    e.zhou.vote(early, &["no".into()]).expect("Zhou votes offline");
    assert!(e.chen.close_proposal(early).is_err(), "a resident closes no vote");
    e.sun.close_proposal(early).expect("staff close it");
    e.sun.sync().await;
    e.at(DAY + 3 * HOUR);
    e.sync_all().await;
    let refused = e.zhou.refused().expect("refused");
    assert!(
        refused.len() == 1 && refused[0].reason.contains("after the close"),
        "{refused:?}"
    );
    assert!(
        e.wang.vote(early, &["no".into()]).is_err(),
        "the phone knows it is closed"
    );
    for p in e.everyone() {
        let t = e.tally(p, early);
        assert!(t.closed && t.passed, "{}: {t:?}", p.name);
        assert_eq!((votes(&t, "yes"), votes(&t, "no")), (1, 0));
    }
}

#[tokio::test]
async fn the_quotes_attached_to_a_proposal_reach_every_voter_it_is_put_to() {
    let e = Estate::new().await;
    let quote = b"Quote 1: three lifts, 1.2 million yuan".to_vec();
    let hash = e.sun.add_blob(e.tree.estate, &quote).expect("attach");
    let mut with_quote = lifts(50, Threshold::Majority);
    with_quote.photos = vec![hash.clone()];
    let p = e.propose(&with_quote).await;
    assert_eq!(e.seen_by(&e.chen, p).photos, vec![hash.clone()]);
    let fetched = jinlin_core::net::photos::fetch_blob(&e.chen, &e.chen.client(), &hash, Some(e.tree.estate))
        .await
        .expect("Chen reads the quote");
    assert_eq!(fetched, quote);
}
