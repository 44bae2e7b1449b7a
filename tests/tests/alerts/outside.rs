//! The estate's drivers who answer an urgent request live in other buildings: they read it
//! because they were alerted. Their accept, standby, withdrawal, start, done and comments work
//! online and offline, and through relay restarts, until the request is final.
//!
//! The neighbourhood is `support.rs`'s: Grandma Wang lives in building 3; Chen and Zhou, the
//! drivers, in building 5, in the same estate.

use jinlin_core::{SignupState, Status};
use jinlin_tests::eventually;

use crate::support::{DAY, Hood};

fn state_of(hood: &Hood, viewer: &str, request: jinlin_core::DocId, name: &str) -> Option<SignupState> {
    hood.get(viewer)
        .phone
        .request(request)
        .ok()?
        .signups
        .iter()
        .find(|s| s.member_name == name)
        .map(|s| s.state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outside_drivers_offline_accept_after_the_slot_was_filled_puts_him_on_standby_and_tells_him() {
    let mut hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;

    // Chen is in the car park with no signal; he accepts there.
    hood.offline("Chen").await;
    hood.get("Chen").phone.accept(ride).expect("accept offline");
    // Meanwhile Zhou accepts online and fills the only slot.
    hood.get("Zhou").phone.accept(ride).expect("accept");
    hood.get("Zhou").phone.sync().await;
    hood.relay.reboot().await;
    hood.wait_all_online().await;

    // Back in signal: his accept is taken, he is on standby, and he hears he is not needed.
    let report = hood.get("Chen").phone.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(report.pending, 0, "nothing waits to be sent");
    assert_eq!(state_of(&hood, "Chen", ride, "Chen"), Some(SignupState::Standby));
    assert_eq!(state_of(&hood, "Chen", ride, "Zhou"), Some(SignupState::Confirmed));
    assert!(
        eventually(|| hood.get("Chen").stood_down(ride)).await,
        "Chen is told he is no longer needed"
    );
    let grandma = &hood.get("Grandma Wang").phone;
    grandma.sync().await;
    assert_eq!(
        state_of(&hood, "Grandma Wang", ride, "Chen"),
        Some(SignupState::Standby)
    );
    assert_eq!(grandma.request(ride).expect("ride").confirmed(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_confirmed_outside_driver_keeps_reading_the_ride_through_restarts_until_it_is_done() {
    let mut hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    hood.get("Chen").phone.accept(ride).expect("accept");
    hood.get("Chen").phone.sync().await;
    assert_eq!(state_of(&hood, "Chen", ride, "Chen"), Some(SignupState::Confirmed));

    // The relay restarts: Chen can still comment and start, online.
    hood.relay.reboot().await;
    hood.wait_all_online().await;
    let chen = &hood.get("Chen").phone;
    chen.comment(ride, "On my way, five minutes").expect("comment");
    let report = chen.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");

    // He drives off with no signal and marks the ride started there; meanwhile, at the hospital,
    // Grandma Wang marks it done and thanks him, and the relay restarts again.
    hood.offline("Chen").await;
    hood.get("Chen").phone.start(ride).expect("start offline");
    let grandma = &hood.get("Grandma Wang").phone;
    grandma.sync().await;
    grandma.complete(ride).expect("done");
    grandma.comment(ride, "Thank you, Chen").expect("comment");
    grandma.sync().await;
    hood.relay.reboot().await;
    hood.wait_all_online().await;

    let chen = &hood.get("Chen").phone;
    let report = chen.sync().await;
    assert!(report.rejected.is_empty(), "his offline start is taken: {report:?}");
    assert_eq!(report.pending, 0);
    let his = chen.request(ride).expect("his copy");
    assert_eq!(his.status, Status::Done, "done wins over his concurrent start");
    assert!(his.comments.iter().any(|c| c.text == "Thank you, Chen"));
    let grandma = &hood.get("Grandma Wang").phone;
    grandma.sync().await;
    let hers = grandma.request(ride).expect("her copy");
    assert_eq!(hers.status, Status::Done);
    assert_eq!(
        chen.heads(ride).expect("heads"),
        grandma.heads(ride).expect("heads"),
        "both phones hold the same document"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_confirmed_outside_driver_hears_of_changes_live_after_a_restart() {
    let mut hood = Hood::new(DAY).await;
    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    hood.get("Zhou").phone.accept(ride).expect("accept");
    hood.get("Zhou").phone.sync().await;
    hood.relay.reboot().await;
    hood.offline("Zhou").await;
    hood.online("Zhou").await;

    let grandma = &hood.get("Grandma Wang").phone;
    grandma
        .comment(ride, "I am at the gate of building 3")
        .expect("comment");
    grandma.sync().await;
    let zhou = &hood.get("Zhou").phone;
    assert!(
        eventually(|| zhou
            .request(ride)
            .is_ok_and(|v| v.comments.iter().any(|c| c.text.contains("gate"))))
        .await,
        "the comment reaches him over the live channel"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_only_confirmed_driver_withdraws_the_next_wave_goes_out_at_once_and_the_requester_sees_it() {
    let hood = Hood::new(DAY).await;
    let grandma = &hood.get("Grandma Wang").phone;
    let ride = grandma.raise_ride(hood.b3, 1);
    grandma.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    let chen = &hood.get("Chen").phone;
    chen.accept(ride).expect("accept");
    chen.sync().await;
    let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((r.coming, r.finished), (1, true), "enough are coming");
    assert!(eventually(|| hood.stood_down(ride).len() == 3).await);

    // Chen's car will not start. He withdraws: nobody is on standby, so the estate is alerted
    // now, without waiting for a timer (the relay's clock does not move).
    chen.withdraw(ride).expect("withdraw");
    let report = chen.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
    assert_eq!(hood.get("Ma").alerted(ride), Some(2));
    let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!(
        (r.wave, r.coming, r.finished),
        (2, 0, false),
        "her phone says more are being asked"
    );

    // Zhou, stood down before, may still answer: he accepts and is confirmed.
    let zhou = &hood.get("Zhou").phone;
    zhou.sync().await;
    zhou.accept(ride).expect("accept");
    let report = zhou.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(state_of(&hood, "Zhou", ride, "Zhou"), Some(SignupState::Confirmed));
    // Chen fixed his car and accepts again: he is taken, on standby now.
    chen.accept(ride).expect("accept again");
    let report = chen.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    assert_eq!(state_of(&hood, "Chen", ride, "Chen"), Some(SignupState::Standby));
    let r = hood.receipts("Grandma Wang", ride).await.expect("receipts");
    assert_eq!((r.coming, r.finished), (1, true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_driver_who_declined_or_was_stood_down_without_answering_keeps_no_access() {
    let hood = Hood::new(DAY).await;
    let grandma = &hood.get("Grandma Wang").phone;
    let ride = grandma.raise_ride(hood.b3, 1);
    grandma.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    let chen = &hood.get("Chen").phone;
    chen.sync().await;
    chen.client().decline(ride).await.expect("decline");
    // Declined, he accepts after all, offline: refused, and nothing of it stays stuck as "waiting".
    chen.accept(ride).expect("accept on his phone");
    let report = chen.sync().await;
    assert_eq!(report.rejected.len(), 1, "{report:?}");

    // Li fills the slot; Zhou, stood down without answering, may not write to it any more.
    let li = &hood.get("Li").phone;
    li.accept(ride).expect("accept");
    li.sync().await;
    assert!(eventually(|| hood.get("Zhou").stood_down(ride)).await);
    let zhou = &hood.get("Zhou").phone;
    zhou.comment(ride, "Anyone need a lift home later?")
        .expect("comment on his phone");
    let report = zhou.sync().await;
    assert_eq!(report.rejected.len(), 1, "a comment is no sign-up: {report:?}");
    grandma.comment(ride, "Li is here").expect("comment");
    grandma.sync().await;
    zhou.sync().await;
    assert!(
        !zhou
            .request(ride)
            .expect("his old copy")
            .comments
            .iter()
            .any(|c| c.text == "Li is here"),
        "nothing new reaches him"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_who_created_the_buildings_are_not_woken_in_the_first_wave() {
    let hood = Hood::new(DAY).await;
    hood.get("Ms Sun")
        .phone
        .client()
        .set_availability(true)
        .await
        .expect("available");
    let grandma = &hood.get("Grandma Wang").phone;
    let ride = grandma.raise_ride(hood.b3, 1);
    grandma.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou"]).await;
    assert_eq!(
        hood.get("Ms Sun").alerted(ride),
        None,
        "she looks after building 3, she does not live there"
    );
}
