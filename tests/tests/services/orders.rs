//! An order's way from ordered to rated, as every phone sees it: the resident at every step,
//! two team members accepting offline, a decline passing it back to staff, cancel only before
//! acceptance, a rating once, only by the one who asked, only after done.

use jinlin_core::{Error, SignupState};
use jinlin_model::kinds::OrderStatus;

use crate::support::{Menu, id};

#[tokio::test]
async fn a_resident_orders_a_repair_staff_dispatch_it_a_team_member_accepts_it_and_it_is_done_and_rated() {
    let m = Menu::new().await;
    let order = m.order(&m.tap).await;
    let at = |m: &Menu| m.seen_by(&m.wang, order).status;
    assert_eq!(at(&m), OrderStatus::Ordered, "waiting for staff");

    // Staff see it in their queue and dispatch it to the crew.
    m.sun.sync().await;
    let queue = m
        .sun
        .orders(Some(m.tree.community), Some(OrderStatus::Ordered))
        .expect("queue");
    assert_eq!(queue.iter().map(|o| o.id).collect::<Vec<_>>(), vec![order]);
    assert_eq!(queue[0].price_fen, Some(1500));
    assert_eq!(queue[0].note, "The kitchen tap drips all night");
    m.sun.dispatch_order(order, &m.crew).expect("dispatch");
    m.sun.sync().await;
    m.wang.sync().await;
    assert_eq!(at(&m), OrderStatus::Dispatched);
    assert_eq!(m.seen_by(&m.wang, order).team.as_deref(), Some(m.crew.as_str()));

    // Zhou, on the crew, accepts it (in a basement: offline, then back up).
    m.zhou.sync().await;
    m.zhou.accept_order(order).expect("accept");
    assert_eq!(
        m.seen_by(&m.zhou, order).acceptances[0].state,
        SignupState::Tentative,
        "not confirmed until the relay has seen it"
    );
    m.zhou.sync().await;
    m.wang.sync().await;
    let seen = m.seen_by(&m.wang, order);
    assert_eq!(seen.status, OrderStatus::Accepted);
    assert_eq!(seen.accepted_by().map(|a| a.member_id), Some(id(&m.zhou)));

    m.zhou.finish_order(order).expect("done");
    m.zhou.sync().await;
    m.wang.sync().await;
    assert_eq!(at(&m), OrderStatus::Done);

    m.wang.rate_order(order, 5, "Quick and tidy").expect("rate");
    m.wang.sync().await;
    m.sun.sync().await;
    let rated = m.seen_by(&m.sun, order);
    assert_eq!(rated.status, OrderStatus::Rated);
    assert_eq!(rated.rating.as_ref().map(|r| r.stars), Some(5));

    // Staff see the crew's and Zhou's ratings; Zhou sees how many neighbours he has helped.
    let ratings = m.sun.ratings(m.tree.community).expect("ratings");
    assert_eq!(ratings.teams.len(), 1);
    assert_eq!(
        (ratings.teams[0].name.as_str(), ratings.teams[0].rated),
        ("Property crew", 1)
    );
    assert_eq!(ratings.members[0].name, "Zhou");
    assert!((ratings.members[0].average - 5.0).abs() < f64::EPSILON);
    m.zhou.sync().await;
    assert_eq!(m.zhou.helped().expect("helped"), 1);
    assert!(
        matches!(m.wang.ratings(m.tree.community), Err(Error::NotAllowed(_))),
        "ratings are for staff"
    );
}

#[tokio::test]
async fn two_team_members_accepting_offline_end_with_exactly_one_accepted_on_every_phone() {
    let m = Menu::new().await;
    // The bulb goes to the crew directly: no staff step.
    let order = m.order(&m.bulb).await;
    m.chen.sync().await;
    m.zhou.sync().await;
    assert_eq!(m.seen_by(&m.chen, order).status, OrderStatus::Dispatched);

    // Both accept while offline; Zhou's acceptance reaches the relay first.
    m.chen.accept_order(order).expect("Chen accepts offline");
    m.zhou.accept_order(order).expect("Zhou accepts offline");
    m.zhou.sync().await;
    m.chen.sync().await;
    m.sync_all().await;
    for phone in m.everyone() {
        let seen = m.seen_by(phone, order);
        assert_eq!(seen.status, OrderStatus::Accepted, "on {}", phone.name);
        let confirmed: Vec<_> = seen
            .acceptances
            .iter()
            .filter(|a| a.state == SignupState::Confirmed)
            .map(|a| a.member_name.as_str())
            .collect();
        assert_eq!(confirmed, vec!["Zhou"], "exactly one accepted, on {}", phone.name);
    }
    // Chen is told: his acceptance stands by, and he can no longer mark it done.
    let chens = m.seen_by(&m.chen, order);
    assert_eq!(
        chens.acceptance_of(id(&m.chen)).map(|a| a.state),
        Some(SignupState::Standby)
    );
    assert!(matches!(m.chen.finish_order(order), Err(Error::NotAllowed(_))));
}

#[tokio::test]
async fn a_decline_passes_the_order_back_to_staff_who_dispatch_it_again() {
    let m = Menu::new().await;
    let order = m.order(&m.tap).await;
    m.sun.sync().await;
    m.sun.dispatch_order(order, &m.crew).expect("dispatch");
    m.sun.sync().await;
    m.chen.sync().await;
    m.chen.decline_order(order).expect("decline");
    m.chen.sync().await;
    m.sun.sync().await;
    m.wang.sync().await;
    for phone in [&m.sun, &m.wang] {
        let seen = m.seen_by(phone, order);
        assert_eq!(seen.status, OrderStatus::Ordered, "back with staff, on {}", phone.name);
        assert_eq!(seen.team, None);
        assert_eq!(seen.dispatches[0].declined_by, Some(id(&m.chen)));
    }
    // A declined order takes no acceptance; staff dispatch it again and the crew takes it.
    m.zhou.sync().await;
    assert!(m.zhou.accept_order(order).is_err());
    m.sun.dispatch_order(order, &m.crew).expect("dispatch again");
    m.sun.sync().await;
    m.zhou.sync().await;
    m.zhou.accept_order(order).expect("accept");
    m.zhou.sync().await;
    m.wang.sync().await;
    assert_eq!(m.seen_by(&m.wang, order).status, OrderStatus::Accepted);
}

#[tokio::test]
async fn a_resident_cancels_only_before_a_team_member_accepts() {
    let m = Menu::new().await;
    let early = m.order(&m.bulb).await;
    m.wang.cancel_order(early).expect("cancel before acceptance");
    m.wang.sync().await;
    m.chen.sync().await;
    assert_eq!(m.seen_by(&m.chen, early).status, OrderStatus::Cancelled);
    assert!(
        m.chen.accept_order(early).is_err(),
        "a cancelled order takes no acceptance"
    );

    let late = m.order(&m.bulb).await;
    m.chen.sync().await;
    m.chen.accept_order(late).expect("accept");
    m.chen.sync().await;
    m.wang.sync().await;
    assert!(m.wang.cancel_order(late).is_err(), "accepted: too late to cancel");
    assert_eq!(m.seen_by(&m.wang, late).status, OrderStatus::Accepted);
}

#[tokio::test]
async fn an_offline_cancel_that_crosses_an_acceptance_is_refused_by_the_relay_and_the_resident_told() {
    let m = Menu::new().await;
    let order = m.order(&m.bulb).await;
    m.chen.sync().await;
    // Wang cancels offline while Chen's acceptance reaches the relay first.
    m.wang.cancel_order(order).expect("saved on the phone");
    m.chen.accept_order(order).expect("accept");
    m.chen.sync().await;
    let report = m.wang.sync().await;
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert!(
        report.rejected[0].reason.contains("before a team member accepts"),
        "{report:?}"
    );
    m.wang.sync().await;
    assert_eq!(m.seen_by(&m.wang, order).status, OrderStatus::Accepted);
}

#[tokio::test]
async fn a_rating_is_given_once_only_by_the_one_who_asked_and_only_after_done() {
    let m = Menu::new().await;
    let order = m.order(&m.bulb).await;
    assert!(m.wang.rate_order(order, 4, "Too early").is_err(), "not done yet");
    m.chen.sync().await;
    m.chen.accept_order(order).expect("accept");
    m.chen.sync().await;
    m.chen.finish_order(order).expect("done");
    m.chen.sync().await;
    m.li.sync().await;
    assert!(
        matches!(m.li.rate_order(order, 1, "Not mine"), Err(Error::NotAllowed(_))),
        "a neighbour who did not ask does not rate"
    );
    m.wang.sync().await;
    assert!(m.wang.rate_order(order, 0, "").is_err(), "1 to 5 stars");
    m.wang.rate_order(order, 4, "Thank you").expect("rate");
    assert!(m.wang.rate_order(order, 5, "Again").is_err(), "once");
    m.wang.sync().await;
    m.sun.sync().await;
    assert_eq!(m.seen_by(&m.sun, order).rating.map(|r| r.stars), Some(4));
}

#[tokio::test]
async fn a_neighbour_orders_for_someone_without_a_phone_and_follows_it() {
    let m = Menu::new().await;
    let order =
        m.li.place_order(
            m.tree.community,
            &m.tap,
            &jinlin_model::docs::order::NewOrder {
                preferred_time: None,
                note: "For Grandpa Zhao on the ground floor".into(),
                on_behalf_of: Some("Grandpa Zhao".into()),
            },
        )
        .expect("order for a neighbour");
    m.li.sync().await;
    m.sun.sync().await;
    let seen = m.seen_by(&m.sun, order);
    assert_eq!(seen.requester.name, "Grandpa Zhao");
    assert_eq!(seen.requester.member_id, None);
    assert_eq!(seen.ordered_by.member_id, Some(id(&m.li)));
    m.li.cancel_order(order).expect("the neighbour who ordered may cancel");
}

#[tokio::test]
async fn a_resident_rates_the_help_she_asked_for_once_and_staff_see_the_volunteer_rated() {
    let m = Menu::new().await;
    let errand = m
        .wang
        .raise(jinlin_core::NewRequest::new(
            m.tree.b3,
            jinlin_core::RequestKind::Errand,
            "Bring rice up to the sixth floor",
        ))
        .expect("raise");
    m.wang.sync().await;
    m.li.sync().await;
    m.li.accept(errand).expect("accept");
    m.li.sync().await;
    assert!(m.wang.rate_request(errand, 5, "Early").is_err(), "not done yet");
    m.li.complete(errand).expect("done");
    m.li.sync().await;
    assert!(m.li.rate_request(errand, 5, "Me").is_err(), "only the one who asked");
    m.wang.sync().await;
    m.wang
        .rate_request(errand, 5, "Li carried it all the way")
        .expect("rate");
    assert!(m.wang.rate_request(errand, 1, "Again").is_err(), "once");
    m.wang.sync().await;
    m.sun.sync().await;
    let ratings = m.sun.ratings(m.tree.community).expect("ratings");
    assert_eq!(ratings.members.len(), 1, "{ratings:?}");
    assert_eq!((ratings.members[0].name.as_str(), ratings.members[0].rated), ("Li", 1));
    m.li.sync().await;
    assert_eq!(m.li.helped().expect("helped"), 1, "Li sees she has helped a neighbour");
}

#[tokio::test]
async fn the_team_member_who_accepted_may_still_hand_it_back_but_not_someone_elses_acceptance() {
    let m = Menu::new().await;
    let order = m.order(&m.bulb).await;
    m.zhou.sync().await;
    m.zhou.accept_order(order).expect("accept");
    m.zhou.sync().await;
    m.chen.sync().await;
    assert!(
        matches!(m.chen.decline_order(order), Err(Error::NotAllowed(_))),
        "Zhou has it: Chen cannot hand it back for him"
    );
    m.zhou.decline_order(order).expect("Zhou hands it back");
    m.zhou.sync().await;
    m.sun.sync().await;
    let seen = m.seen_by(&m.sun, order);
    assert_eq!(seen.status, OrderStatus::Ordered, "back with staff");
    assert!(seen.accepted_by().is_none());
}
