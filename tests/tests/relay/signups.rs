//! The relay's order of sign-ups: the early accept to reach the relay is confirmed everywhere.

use jinlin_core::{GroupKind, Role, SignupState};
use jinlin_model::ids::relay_actor;

use jinlin_tests::Relay;
use jinlin_tests::wire::{START, hospital_ride};

#[tokio::test]
async fn offline_accepts_on_a_one_slot_request_confirm_the_first_to_reach_the_relay_on_every_device() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let early = relay.device("Zhao Lei").await;
    let quick = relay.device("Sun Li").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&early, community, Role::Volunteer).await;
    requester.admit(&quick, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 1)).expect("raise");
    requester.sync().await;
    early.sync().await;
    quick.sync().await;

    // Both accept while offline; the one who accepted later reaches the relay first and wins.
    early.device.accept(request).expect("accept");
    relay.clock().advance(60_000);
    quick.device.accept(request).expect("accept");
    for d in [&early, &quick] {
        let view = d.request(request).expect("view");
        assert!(view.signups.iter().all(|s| s.state == SignupState::Tentative));
    }

    let res = quick.sync().await;
    assert_eq!(res.docs.len(), 1, "the relay's numbering comes back in the same answer");
    assert_eq!(res.docs[0].changes.len(), 1);
    early.sync().await;
    for d in [&requester, &early, &quick] {
        d.sync().await;
        let view = d.request(request).expect("view");
        let state_of = |m| view.signup_of(m).map(|s| s.state);
        assert_eq!(
            state_of(quick.member_id),
            Some(SignupState::Confirmed),
            "on {}",
            d.member_id
        );
        assert_eq!(
            state_of(early.member_id),
            Some(SignupState::Standby),
            "on {}",
            d.member_id
        );
    }

    // When the confirmed one withdraws, the one on standby moves up everywhere.
    quick.device.withdraw(request).expect("withdraw");
    quick.sync().await;
    for d in [&requester, &early, &quick] {
        d.sync().await;
        let view = d.request(request).expect("view");
        assert_eq!(
            view.signup_of(early.member_id).map(|s| s.state),
            Some(SignupState::Confirmed)
        );
    }
}

#[tokio::test]
async fn sign_up_numbers_are_written_by_the_relay_once() {
    let relay = Relay::clocked(START).await;
    let requester = relay.device("Wang Fang").await;
    let volunteer = relay.device("Zhao Lei").await;
    let community = requester.create_group("Lianhua", GroupKind::Community, None).await;
    requester.admit(&volunteer, community, Role::Volunteer).await;
    let request = requester.device.raise(hospital_ride(community, 2)).expect("raise");
    requester.sync().await;
    volunteer.sync().await;
    volunteer.device.accept(request).expect("accept");
    volunteer.sync().await;
    // A resend, and an unrelated change, number nothing again.
    volunteer.device.comment(request, "On my way").expect("comment");
    volunteer.sync().await;
    requester.sync().await;
    let saved = requester.save_doc(request).expect("save").expect("doc");
    let mut doc = automerge::AutoCommit::load(&saved).expect("load");
    let by_relay = doc
        .get_changes(&[])
        .iter()
        .filter(|c| c.actor_id() == &relay_actor())
        .count();
    assert_eq!(by_relay, 1);
    let view = requester.request(request).expect("view");
    assert_eq!(view.signups[0].relay_order, Some(1));
}
