//! A check-in made without a link and delivered later counts at the phone's signed time only if
//! it reaches the relay by the end of the first neighbour's wait after the miss (10:45 here); a
//! bare sync is not a check-in; a phone clock ahead of the relay's is refused.

use jinlin_model::checkin::Outcome;
use jinlin_tests::{eventually, test_options};

use super::support::Hood;
use super::{DEADLINE, JUDGED, MIN, MORNING, WAIT, at, expect_alerted, paired, view};

#[tokio::test]
async fn an_offline_check_in_made_before_the_deadline_counts_if_it_arrives_within_the_first_wait() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li", "Chen"]).await;
    at(&hood, DEADLINE - 10 * MIN);
    let wang = &hood.get("Grandma Wang").phone;
    let kept = wang.phone.check_in(None).await.expect("kept on the phone");
    assert_eq!(
        kept,
        jinlin_core::net::checkin::CheckedIn::Kept {
            signed_at: DEADLINE - 10 * MIN
        }
    );
    at(&hood, JUDGED);
    expect_alerted(&hood, pairing, &["Li"]).await;
    at(&hood, JUDGED + WAIT - MIN);
    wang.sync().await;
    let v = view(&hood, "Grandma Wang", pairing).await;
    assert!(v.watch.is_none(), "the alarm closed");
    assert_eq!(
        v.past[0].outcome,
        Some(Outcome::CheckedIn {
            at: DEADLINE - 10 * MIN
        })
    );
    assert_eq!(v.pairing.last_checkin, Some(DEADLINE - 10 * MIN));
    assert!(
        eventually(|| hood.get("Li").checkin_over(pairing)).await,
        "Li hears it is over"
    );
    at(&hood, JUDGED + 3 * WAIT);
    expect_alerted(&hood, pairing, &["Li"]).await;
}

#[tokio::test]
async fn an_offline_check_in_arriving_after_the_first_wait_is_recorded_but_the_alarm_stays_until_a_fresh_tap() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li", "Chen"]).await;
    at(&hood, DEADLINE - 10 * MIN);
    let wang = &hood.get("Grandma Wang").phone;
    wang.phone.check_in(None).await.expect("kept on the phone");
    at(&hood, JUDGED);
    at(&hood, JUDGED + WAIT);
    expect_alerted(&hood, pairing, &["Li", "Chen"]).await;
    at(&hood, JUDGED + WAIT + MIN);
    // The phone finds signal in her pocket: the old tap goes, but proves nothing about now.
    wang.sync().await;
    let v = view(&hood, "Grandma Wang", pairing).await;
    assert!(v.watch.is_some(), "the alarm stays open");
    assert_eq!(v.pairing.last_checkin, None);
    // She taps again herself: that counts now and closes it.
    let sent = wang.phone.check_in(Some(test_options())).await.expect("fresh tap");
    let jinlin_core::net::checkin::CheckedIn::Sent(reply) = sent else {
        panic!("the relay is reachable: {sent:?}");
    };
    assert!(reply.pairings[0].closed_alarm);
    let v = view(&hood, "Grandma Wang", pairing).await;
    assert_eq!(
        v.past[0].outcome,
        Some(Outcome::CheckedIn {
            at: JUDGED + WAIT + MIN
        })
    );
}

#[tokio::test]
async fn a_bare_sync_is_not_a_check_in() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li"]).await;
    at(&hood, DEADLINE - 10 * MIN);
    hood.get("Grandma Wang").phone.sync().await;
    at(&hood, JUDGED);
    expect_alerted(&hood, pairing, &["Li"]).await;
}

#[tokio::test]
async fn a_check_in_signed_ahead_of_the_relays_clock_is_refused_and_counts_for_nothing() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li"]).await;
    let refused = hood
        .get("Grandma Wang")
        .phone
        .client()
        .check_in(MORNING + 60 * MIN)
        .await;
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(view(&hood, "Grandma Wang", pairing).await.pairing.last_checkin, None);
}
