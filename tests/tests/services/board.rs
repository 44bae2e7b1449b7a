//! The needs board through a real relay (认领, 邀邻评事): a resident's leaking-pipe report becomes
//! a need staff put on the board; neighbours claim it offline and the first to reach the relay
//! stands on every phone; the claimant notes progress and resolves it; staff confirm; the one
//! who asked rates it, once. The relay, not only the phone, refuses a resident who puts a need on
//! the board or confirms one, and a rating from anyone else, early or twice. A household's need
//! reaches the board only as the words staff write for it.

use automerge::AutoCommit;
use jinlin_core::{DocId, Error, Event, Place, SignupState};
use jinlin_model::DocKind;
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident};
use jinlin_model::docs::need::{self, NeedView, NewNeed};
use jinlin_model::kinds::{BoardStatus, NeedSource, RiskTier, VisitOutcome};
use jinlin_tests::Phone;

use crate::forged::forge;
use crate::support::{Menu, id};

/// Grandma Wang reports a leaking pipe in Building 3 and staff put it on the community's board,
/// taking `slots` claimants. Everyone holds it.
async fn leaking_pipe(m: &Menu, slots: i64) -> DocId {
    let report = m
        .wang
        .raise_report(
            m.tree.b3,
            "The pipe under the sink leaks",
            Place {
                building: Some("3".into()),
                ..Place::default()
            },
            &[],
        )
        .expect("report");
    m.wang.sync().await;
    m.sun.sync().await;
    let need = m
        .sun
        .post_need(
            m.tree.community,
            &NewNeed {
                source: Some(NeedSource::Report),
                source_ref: Some(report.to_string()),
                title: "Leaking pipe under a sink".into(),
                details: "Needs a wrench and a new seal".into(),
                slots,
                ..NewNeed::default()
            },
        )
        .expect("staff post the need");
    m.sun.sync().await;
    m.sync_all().await;
    need
}

fn seen(phone: &Phone, need: DocId) -> NeedView {
    phone.board_need(need).expect("the need is on this phone")
}

fn claimants(view: &NeedView) -> Vec<String> {
    view.claimants().map(|c| c.signup.member_name.clone()).collect()
}

#[tokio::test]
async fn a_leaking_pipe_report_becomes_a_need_that_is_claimed_resolved_confirmed_and_rated() {
    let m = Menu::new().await;
    let need = leaking_pipe(&m, 1).await;
    let on_board = m.li.board(Some(m.tree.community)).expect("board");
    assert_eq!(on_board.iter().map(|n| n.id).collect::<Vec<_>>(), vec![need]);
    assert_eq!(on_board[0].requester.member_id, Some(id(&m.wang)), "the reporter asked");

    m.zhou
        .claim_need(need, Some(m.crew.as_str()))
        .expect("Zhou claims it for the crew");
    m.zhou.sync().await;
    m.zhou.note_need_progress(need, "Bought a seal").expect("progress");
    m.zhou.resolve_claimed_need(need, "Replaced the seal").expect("resolve");
    m.zhou.sync().await;
    m.wang.sync().await;
    assert_eq!(seen(&m.wang, need).status, BoardStatus::Resolved);
    assert_eq!(seen(&m.wang, need).progress[0].note, "Bought a seal");

    m.sun.sync().await;
    m.sun.confirm_need(need).expect("staff confirm");
    m.sun.sync().await;
    m.wang.sync().await;
    m.wang.rate_need(need, 5, "Dry at last").expect("rate");
    m.wang.sync().await;
    m.sun.sync().await;
    assert_eq!(seen(&m.sun, need).status, BoardStatus::Rated);

    // Staff see the crew's and Zhou's ratings; Zhou sees the neighbour he helped.
    let ratings = m.sun.ratings(m.tree.community).expect("ratings");
    assert_eq!(
        ratings
            .teams
            .iter()
            .map(|t| (t.name.as_str(), t.rated))
            .collect::<Vec<_>>(),
        vec![("Property crew", 1)]
    );
    assert_eq!(ratings.members[0].name, "Zhou");
    m.zhou.sync().await;
    assert_eq!(m.zhou.helped().expect("helped"), 1);
    let figures = m.sun.need_figures(m.tree.community).expect("figures");
    assert_eq!((figures.total.claimed, figures.total.confirmed), (1, 1));
    assert_eq!(figures.teams[0].counts.resolved, 1);
}

#[tokio::test]
async fn two_offline_claims_end_with_exactly_one_claimant_on_every_phone_and_the_other_told() {
    let m = Menu::new().await;
    let need = leaking_pipe(&m, 1).await;
    // Both claim in a basement; Zhou's claim reaches the relay first.
    m.chen.claim_need(need, None).expect("Chen claims offline");
    m.zhou.claim_need(need, None).expect("Zhou claims offline");
    let mut chens_events = m.chen.subscribe();
    m.zhou.sync().await;
    m.chen.sync().await;
    let mut told = false;
    while let Ok(event) = chens_events.try_recv() {
        told |= event == Event::NoLongerNeeded { id: need };
    }
    assert!(told, "Chen's phone tells him he is not needed");
    m.sync_all().await;
    for phone in m.everyone() {
        let view = seen(phone, need);
        assert_eq!(view.status, BoardStatus::Claimed, "on {}", phone.name);
        assert_eq!(
            claimants(&view),
            vec!["Zhou"],
            "exactly one claimant, on {}",
            phone.name
        );
    }
    // Chen is told: his claim stands by, and he cannot resolve it.
    assert_eq!(
        seen(&m.chen, need).claim_of(id(&m.chen)).map(|c| c.signup.state),
        Some(SignupState::Standby)
    );
    assert!(matches!(
        m.chen.resolve_claimed_need(need, "Done"),
        Err(Error::NotAllowed(_))
    ));
    // Zhou withdraws; Chen moves up.
    m.zhou.withdraw_claim(need).expect("withdraw");
    m.zhou.sync().await;
    m.chen.sync().await;
    assert_eq!(claimants(&seen(&m.chen, need)), vec!["Chen"]);
}

#[tokio::test]
async fn a_need_taking_two_claimants_keeps_two_and_the_third_stands_by() {
    let m = Menu::new().await;
    let need = leaking_pipe(&m, 2).await;
    for p in [&m.chen, &m.zhou, &m.li] {
        p.claim_need(need, None).expect("claim");
        p.sync().await;
    }
    m.sync_all().await;
    let view = seen(&m.wang, need);
    assert_eq!(claimants(&view), vec!["Chen", "Zhou"]);
    assert_eq!(
        view.claim_of(id(&m.li)).map(|c| c.signup.state),
        Some(SignupState::Standby)
    );
    m.zhou
        .resolve_claimed_need(need, "The two of us fixed it")
        .expect("either claimant resolves");
}

#[tokio::test]
async fn a_resident_cannot_put_a_need_on_the_board_or_confirm_it_even_past_the_phone() {
    let m = Menu::new().await;
    let community = m.tree.community;
    let on_board = NewNeed {
        source: Some(NeedSource::Visit),
        source_ref: Some(DocId::random().to_string()),
        title: "Grab rail".into(),
        ..NewNeed::default()
    };
    assert!(m.wang.post_need(community, &on_board).is_err(), "her phone refuses");

    // Her small wish waits for staff.
    let wish = m
        .wang
        .post_need(
            community,
            &NewNeed {
                title: "Someone to read the paper to me".into(),
                ..NewNeed::default()
            },
        )
        .expect("a wish");
    m.wang.sync().await;
    assert_eq!(seen(&m.wang, wish).status, BoardStatus::Wish);
    let wang = id(&m.wang);
    let listed = forge(&m.wang, wish, DocKind::Need, community, |d| {
        need::list(d, wang, true, 5).expect("written past the phone");
    })
    .await;
    assert_eq!(listed.as_deref(), Some("only staff put a need on the board"));
    m.sun.sync().await;
    m.sun.list_need(wish).expect("staff put it on the board");
    m.sun.sync().await;

    m.li.sync().await;
    m.li.claim_need(wish, None).expect("claim");
    m.li.sync().await;
    m.li.resolve_claimed_need(wish, "Read it on Sunday").expect("resolve");
    m.li.sync().await;
    m.wang.sync().await;
    assert!(matches!(m.wang.confirm_need(wish), Err(Error::NotAllowed(_))));
    let confirmed = forge(&m.wang, wish, DocKind::Need, community, |d| {
        need::confirm(d, wang, true, 9).expect("written past the phone");
    })
    .await;
    assert_eq!(confirmed.as_deref(), Some("only staff confirm a need is resolved"));
    m.sun.sync().await;
    assert_eq!(seen(&m.sun, wish).status, BoardStatus::Resolved, "nobody saw it");
}

#[tokio::test]
async fn a_residents_board_entry_shows_none_of_the_households_private_details() {
    let m = Menu::new().await;
    let household = m
        .sun
        .add_household(NewHousehold {
            group_id: m.tree.b3,
            building: "3".into(),
            unit: "1202".into(),
            residents: vec![Resident {
                name: "Old Mr Zhao".into(),
                phone: Some("13800001111".into()),
            }],
            tier: RiskTier::Red,
            flags: Vec::new(),
        })
        .expect("household");
    m.sun
        .log_visit(
            household,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                note: Some("Lives alone since his stroke".into()),
                needs: vec!["A grab rail by the bath; he fell twice".into()],
                ..NewVisit::default()
            },
        )
        .expect("visit");
    let need = m
        .sun
        .post_need(
            m.tree.community,
            &NewNeed {
                source: Some(NeedSource::Visit),
                source_ref: Some(household.to_string()),
                title: "Fit a grab rail".into(),
                details: "Drill and rail provided".into(),
                building: Some("3".into()),
                ..NewNeed::default()
            },
        )
        .expect("need");
    m.sun.sync().await;
    m.li.sync().await;
    let entry = serde_json::to_string(&seen(&m.li, need)).expect("json");
    for private in ["Zhao", "13800001111", "stroke", "fell", "\"unit\"", "\"tier\""] {
        assert!(!entry.contains(private), "{private:?} reached the board: {entry}");
    }
    assert!(
        m.li.household(household).is_err(),
        "the household stays with its keepers"
    );
}

#[tokio::test]
async fn a_need_is_rated_once_only_by_the_one_who_asked_only_after_staff_confirmed() {
    let m = Menu::new().await;
    let need = leaking_pipe(&m, 1).await;
    let community = m.tree.community;
    let rate = |d: &mut AutoCommit, who: jinlin_core::MemberId, stars: i64| {
        use automerge::transaction::Transactable;
        let r = jinlin_model::read::obj(d, &automerge::ROOT, "rating").expect("rating");
        d.put(&r, "stars", stars).expect("stars");
        d.put(&r, "by", who.to_string()).expect("by");
    };
    let (wang, li) = (id(&m.wang), id(&m.li));
    m.li.claim_need(need, None).expect("claim");
    m.li.sync().await;
    m.li.resolve_claimed_need(need, "Fixed").expect("resolve");
    m.li.sync().await;
    m.wang.sync().await;
    assert!(m.wang.rate_need(need, 5, "").is_err(), "not yet confirmed");
    let early = forge(&m.wang, need, DocKind::Need, community, |d| rate(d, wang, 5)).await;
    assert_eq!(
        early.as_deref(),
        Some("a need is rated after staff confirmed it is done")
    );

    m.sun.sync().await;
    m.sun.confirm_need(need).expect("confirm");
    m.sun.sync().await;
    m.li.sync().await;
    assert!(matches!(m.li.rate_need(need, 5, ""), Err(Error::NotAllowed(_))));
    let by_li = forge(&m.li, need, DocKind::Need, community, |d| rate(d, li, 5)).await;
    assert_eq!(by_li.as_deref(), Some("only the one who asked rates a need"));

    m.wang.sync().await;
    m.wang.rate_need(need, 4, "Thank you").expect("rate");
    assert!(m.wang.rate_need(need, 5, "again").is_err(), "once");
    m.wang.sync().await;
    let again = forge(&m.wang, need, DocKind::Need, community, |d| rate(d, wang, 1)).await;
    assert_eq!(again.as_deref(), Some("help is rated once"));
    m.sun.sync().await;
    assert_eq!(seen(&m.sun, need).rating.map(|r| r.stars), Some(4));
}
