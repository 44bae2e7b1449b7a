//! The relay, not only the phone, enforces who proposes, who votes for which household, and
//! who closes a vote: changes written past the phone's own checks are refused with the reason,
//! and nobody else ever sees them.

use automerge::AutoCommit;
use automerge::transaction::Transactable;
use jinlin_core::DocId;
use jinlin_model::DocKind;
use jinlin_model::docs::proposal::{self, RollUnit};
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::Threshold;
use jinlin_model::read;
use jinlin_tests::neighbourhood::DAY;

use crate::estate_vote::{Estate, HOUR, id, lifts};
use crate::forged::{forge, upload};

#[tokio::test]
async fn a_resident_cannot_put_a_proposal_to_a_vote_even_past_the_phone() {
    let e = Estate::new().await;
    assert!(e.chen.propose(e.tree.estate, &lifts(50, Threshold::Majority)).is_err());
    let me = id(&e.chen);
    let roll = [RollUnit {
        key: me.to_string(),
        label: "Chen".into(),
        voters: vec![me],
    }];
    let doc_id = DocId::random();
    let mut doc = proposal::create(
        doc_id,
        e.tree.estate,
        &lifts(50, Threshold::Majority),
        &roll,
        Actor { id: me, name: "Chen" },
        DAY,
    )
    .expect("a proposal on paper");
    let changes = doc.get_changes(&[]).iter().map(|c| c.raw_bytes().to_vec()).collect();
    let reason = upload(&e.chen, doc_id, DocKind::Proposal, e.tree.estate, changes)
        .await
        .expect("refused");
    assert!(reason.contains("only staff"), "{reason}");
    e.sync_all().await;
    assert!(e.he.proposal(doc_id).is_err(), "nobody else ever sees it");
}

#[tokio::test]
async fn a_member_cannot_cast_another_households_ballot_or_change_anyones_even_past_the_phone() {
    let e = Estate::new().await;
    let p = e.propose(&lifts(50, Threshold::Majority)).await;
    e.at(DAY + 2 * HOUR);
    e.vote(&e.wang, p, &["yes"]).await;
    e.chen.sync().await;
    let wangs = e.seen_by(&e.chen, p).ballots[0].id.clone();
    let household = e.h1202.to_string();
    let chen = id(&e.chen);

    // Chen casts a ballot for Grandma Wang's household.
    let reason = forge(&e.chen, p, DocKind::Proposal, e.tree.estate, |d: &mut AutoCommit| {
        let ballots = read::obj(&*d, &automerge::ROOT, "ballots").expect("ballots");
        let b = d
            .put_object(&ballots, "forged", automerge::ObjType::Map)
            .expect("entry");
        d.put(&b, "voter", chen.to_string()).expect("voter");
        d.put(&b, "unit", household.as_str()).expect("unit");
        let c = d.put_object(&b, "choices", automerge::ObjType::List).expect("choices");
        d.insert(&c, 0, 1_i64).expect("no");
        d.put(&b, "at", DAY + 2 * HOUR).expect("at");
    })
    .await
    .expect("refused");
    assert!(reason.contains("own household"), "{reason}");

    // Chen turns Grandma Wang's yes into a no.
    let reason = forge(&e.chen, p, DocKind::Proposal, e.tree.estate, |d: &mut AutoCommit| {
        let ballots = read::obj(&*d, &automerge::ROOT, "ballots").expect("ballots");
        let b = read::obj(&*d, &ballots, &wangs).expect("her ballot");
        let c = read::obj(&*d, &b, "choices").expect("choices");
        d.put(&c, 0, 1_i64).expect("no");
    })
    .await
    .expect("refused");
    assert!(reason.contains("never changed"), "{reason}");

    // Chen stamps his own receipt time, or closes the vote.
    let reason = forge(&e.chen, p, DocKind::Proposal, e.tree.estate, |d: &mut AutoCommit| {
        d.put(automerge::ROOT, "closed_early_at", DAY).expect("close");
    })
    .await
    .expect("refused");
    assert!(reason.contains("only the relay"), "{reason}");
    let reason = forge(&e.chen, p, DocKind::Proposal, e.tree.estate, |d: &mut AutoCommit| {
        d.put(automerge::ROOT, "close_asked_by", chen.to_string())
            .expect("close");
    })
    .await
    .expect("refused");
    assert!(reason.contains("only staff"), "{reason}");

    e.at(DAY + 24 * HOUR);
    e.sync_all().await;
    let t = e.tally(&e.zhou, p);
    assert_eq!(t.voted, 1, "only Grandma Wang's household voted: {t:?}");
    assert_eq!((t.counts[0].votes, t.counts[1].votes), (1, 0), "her yes stands: {t:?}");
}
